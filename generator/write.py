"""Stage 5: write the site atomically: build it aside, then swap it in."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


class UnsafePath(ValueError):
    pass


@dataclass(frozen=True)
class Previous:
    """A file whose bytes are already on disk, in the output of an earlier build."""

    path: Path


FileData = bytes | Previous


def _safe_relative(path: str) -> PurePosixPath:
    rel = PurePosixPath(path)
    if rel.is_absolute() or ".." in rel.parts or "\\" in path or not rel.parts:
        raise UnsafePath(f"refusing to write outside the output folder: {path!r}")
    return rel


def write_site(files: dict[str, FileData], out_dir: Path) -> None:
    """Replace out_dir with exactly these files; on any failure out_dir is left untouched.

    A file given as `Previous` is hard-linked from where it is (copied where links are not
    possible), not written again.
    """
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        made: set[Path] = set()
        for path in sorted(files):
            target = staging / _safe_relative(path)
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            data = files[path]
            if isinstance(data, Previous):
                _reuse(data.path, target)
            else:
                target.write_bytes(data)
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
