"""Stage 5: write the site atomically: build it aside, then swap it in."""

from __future__ import annotations

import os
import shutil
import tempfile
import unicodedata
from pathlib import Path, PurePosixPath
from typing import Callable

from generator.rendering.render import FileData, Reused


class UnsafePath(ValueError):
    pass




def _safe_relative(path: str) -> PurePosixPath:
    rel = PurePosixPath(path)
    if rel.is_absolute() or ".." in rel.parts or "\\" in path or not rel.parts \
            or any(ord(ch) < 0x20 or ch == "\x7f" for ch in path):
        raise UnsafePath(f"refusing to write outside the output folder: {path!r}")
    return rel


class Staging:
    """A new site built aside, next to out_dir, and swapped in only when it is complete.

    Files may be written in several batches (so that other work, such as the search index,
    can start on the first). Used as a context manager, the folder is removed if anything
    fails before swap(): out_dir is then exactly as it was.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir.absolute()
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.new-",
                                          dir=self.out_dir.parent))
        self.root = self.path.resolve()
        self.folded: dict[str, str] = {}  # every path written, folded as some file systems do
        self.made: set[Path] = set()

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        if kind is not None:
            self.discard()

    def write(self, files: dict[str, FileData]) -> None:
        paths = sorted(files)
        targets = [_safe_relative(path) for path in paths]  # all checked before any is written
        for path in paths:
            folded = unicodedata.normalize("NFC", path).casefold()
            if folded in self.folded:
                raise UnsafePath(f"two files would be one on some file systems: "
                                 f"{self.folded[folded]!r} and {path!r}")
            self.folded[folded] = path
        for path, rel in zip(paths, targets):
            target = self.path / rel
            if target.parent not in self.made:
                if self.root not in target.resolve().parents:
                    raise UnsafePath(f"refusing to write outside the output folder: {path!r}")
                target.parent.mkdir(parents=True, exist_ok=True)
                self.made.add(target.parent)
            data = files[path]
            if isinstance(data, Reused):
                _reuse(data.path, target)
            else:
                target.write_bytes(data)

    def swap(self) -> None:
        os.chmod(self.path, 0o755)
        _swap(self.path, self.out_dir)

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def write_site(files: dict[str, FileData], out_dir: Path,
               before_swap: Callable[[Path], None] | None = None) -> None:
    """Replace out_dir with exactly these files; on any failure out_dir is left untouched.

    A file given as `Reused` is hard-linked from where it is (copied where links are not
    possible), not written again. before_swap, if given, is called with the finished staging
    folder just before it is swapped in (to add files made from the written site, such as a
    search index); if it raises, the staging folder is removed and out_dir is left as it was.
    """
    with Staging(out_dir) as staging:
        staging.write(files)
        if before_swap is not None:
            before_swap(staging.path)
        staging.swap()


def _reuse(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _swap(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    old.rmdir()
    out_dir.rename(old)
    try:
        staging.rename(out_dir)
    except BaseException:
        old.rename(out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)
