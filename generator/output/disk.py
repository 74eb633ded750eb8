"""The changes a build makes on disk, one call each, and the locks it holds on its folders.

Staging makes every change through a Disk, so that a test can fail (or kill the process at)
any one step of writing and swapping. Folders are locked with flock(2) where the system has it;
a lock dies with the process that held it, so the folders of a killed build are free to remove.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any

from generator.output.folders import MARKER

try:
    import fcntl
except ImportError:  # Windows: no locks
    fcntl = None  # type: ignore[assignment]

AT_FDCWD = -100
RENAME_EXCHANGE = 2  # from <linux/fs.h>
# errors that mean "this file system cannot exchange two names": fall back to two renames
_NO_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}


class Disk:
    """Every change to the disk a Staging makes. `step` is called before each one: a test
    overrides it to fail at the step it chooses."""

    def step(self, what: str, path: Path) -> None:
        """Called before each change; does nothing here."""

    def make_staging(self, parent: Path, prefix: str) -> Path:
        self.step("make the new folder", parent)
        return Path(tempfile.mkdtemp(prefix=prefix, dir=parent))

    def make_dirs(self, path: Path) -> None:
        if not path.is_dir():
            self.step("make a folder", path)
            path.mkdir(parents=True, exist_ok=True)

    def write(self, path: Path, data: bytes) -> None:
        self.step("write a file", path)
        path.write_bytes(data)

    def unlink(self, path: Path) -> None:
        self.step("remove a file", path)
        os.unlink(path)

    def link(self, source: Path, target: Path) -> None:
        """A file of the previous output, hard-linked (copied where links are not possible)."""
        self.step("link a file", target)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)

    def chmod(self, path: Path, mode: int) -> None:
        self.step("set permissions", path)
        os.chmod(path, mode)

    def exchange(self, first: Path, second: Path) -> bool:
        """Swap two folders' names in one step; False where the system cannot."""
        self.step("exchange", second)
        return exchange(first, second)

    def rename(self, source: Path, target: Path) -> None:
        self.step("rename", target)
        os.rename(source, target)

    def remove(self, path: Path) -> None:
        """Remove a folder and everything in it, as far as possible; the marker that makes it
        a build's goes last, so a removal cut short leaves a folder the next build removes."""
        self.step("remove", path)
        try:
            entries = list(os.scandir(path))
        except OSError:
            return
        for entry in entries:
            if entry.name == MARKER:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                with suppress(OSError):
                    os.unlink(entry.path)
        with suppress(OSError):
            os.unlink(path / MARKER)
        with suppress(OSError):
            os.rmdir(path)


@cache
def _renameat2() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library older than glibc 2.28, or not glibc
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def can_exchange() -> bool:
    """True where folders can be exchanged in one step (Linux)."""
    return _renameat2() is not None


def exchange(first: Path, second: Path) -> bool:
    """Exchange the names of two paths atomically (Linux's renameat2 with RENAME_EXCHANGE).

    False if this system or file system cannot; an OSError for any other failure."""
    function = _renameat2()
    if function is None:
        return False
    if function(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second),
                RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(second))


def lock_folder(folder: Path, wait: bool = True) -> int | None:
    """Lock a folder for this process: a descriptor to give to unlock(). Without `wait`, None
    if another process holds it (or it cannot be opened: leave it be). Where the system or the
    file system has no locks, every folder counts as free."""
    if fcntl is None:
        return -1
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None if not wait else -1
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        os.close(fd)
        return None
    except OSError:  # a file system without locks
        pass
    return fd


def unlock(fd: int | None) -> None:
    if fd is not None and fd >= 0:
        os.close(fd)
