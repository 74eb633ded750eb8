"""Stage 5: write the site atomically: build it aside, then swap it in."""

from __future__ import annotations

import os
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable


class UnsafePath(ValueError):
    pass


@dataclass(frozen=True)
class Previous:
    """A file whose bytes are already on disk, in the output of an earlier build."""

    path: Path


FileData = bytes | Previous


def _safe_relative(path: str) -> PurePosixPath:
    rel = PurePosixPath(path)
    if rel.is_absolute() or ".." in rel.parts or "\\" in path or not rel.parts \
            or any(ord(ch) < 0x20 or ch == "\x7f" for ch in path):
        raise UnsafePath(f"refusing to write outside the output folder: {path!r}")
    return rel


def _check_distinct(paths: list[str]) -> None:
    """Two paths that are one file on a case-insensitive or normalising file system are refused."""
    seen: dict[str, str] = {}
    for path in paths:
        folded = unicodedata.normalize("NFC", path).casefold()
        if folded in seen:
            raise UnsafePath(f"two files would be one on some file systems: {seen[folded]!r} "
                             f"and {path!r}")
        seen[folded] = path


def write_site(files: dict[str, FileData], out_dir: Path,
               before_swap: Callable[[Path], None] | None = None) -> None:
    """Replace out_dir with exactly these files; on any failure out_dir is left untouched.

    A file given as `Previous` is hard-linked from where it is (copied where links are not
    possible), not written again. before_swap, if given, is called with the finished staging
    folder just before it is swapped in (to add files made from the written site, such as a
    search index); if it raises, the staging folder is removed and out_dir is left as it was.
    """
    out_dir = out_dir.absolute()
    paths = sorted(files)
    targets = [_safe_relative(path) for path in paths]
    _check_distinct(paths)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        root = staging.resolve()
        made: set[Path] = set()
        for path, rel in zip(paths, targets):
            target = staging / rel
            if target.parent not in made:
                if root not in target.resolve().parents:
                    raise UnsafePath(f"refusing to write outside the output folder: {path!r}")
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            data = files[path]
            if isinstance(data, Previous):
                _reuse(data.path, target)
            else:
                target.write_bytes(data)
        if before_swap is not None:
            before_swap(staging)
        os.chmod(staging, 0o755)
        _swap(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


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
