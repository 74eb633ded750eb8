"""Stage 5: write the site atomically: build it aside, then swap it in."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath
from typing import Callable


class UnsafePath(ValueError):
    pass


def _safe_relative(path: str) -> PurePosixPath:
    rel = PurePosixPath(path)
    if rel.is_absolute() or ".." in rel.parts or "\\" in path or not rel.parts:
        raise UnsafePath(f"refusing to write outside the output folder: {path!r}")
    return rel


def write_site(files: dict[str, bytes], out_dir: Path,
               before_swap: Callable[[Path], None] | None = None) -> None:
    """Replace out_dir with exactly these files; on any failure out_dir is left untouched.

    before_swap, if given, is called with the finished staging folder just before it is swapped
    in (to add files made from the written site, such as a search index); if it raises, the
    staging folder is removed and out_dir is left as it was.
    """
    out_dir = out_dir.absolute()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        for path in sorted(files):
            target = staging / _safe_relative(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[path])
        if before_swap is not None:
            before_swap(staging)
        os.chmod(staging, 0o755)
        _swap(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


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
