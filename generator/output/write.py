"""Stage 5: write the site aside, then swap it in, so that readers never see a gap.

    staging = Staging(out_dir)   # leftovers of killed builds removed; a new folder beside out_dir
    staging.write(files)         # in as many batches as wanted
    staging.swap()               # the new site in place of the old, which is then removed

Used as a context manager, anything that fails before swap() removes the new folder and leaves
out_dir exactly as it was. On Linux the swap exchanges the two folders in one step
(renameat2 with RENAME_EXCHANGE): at every moment out_dir is the old site or the new one. Where
that is not possible it takes two renames, with a moment between them when out_dir is absent.
A build that is killed leaves its folders beside out_dir (`.<name>.new-*`, `.<name>.old-*`); the
next build removes them. Each build holds a lock on its own folders, so a build never removes
another's work in progress. Failures of the disk (full, read-only ...) are EnvironmentProblems
that say what to do.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import unicodedata
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Callable, Iterator

from generator.diagnostics import EnvironmentProblem
from generator.output.disk import Disk, lock_folder, unlock
from generator.output.folders import (MARKER, MARKER_TEXT, check_replaceable, disk_fix, reason,
                                      shown)
from generator.rendering.render import FileData, Reused


class UnsafePath(ValueError):
    pass


def _check_relative(path: str) -> None:
    """Refuse a path that is not a plain relative one inside the folder: absolute, with an
    empty, `.` or `..` part, a backslash, a control character, or the marker."""
    if not path or path[0] == "/" or "\\" in path or path == MARKER or \
            not _PLAIN.isdisjoint(path.split("/")) or _CONTROL.search(path):
        raise UnsafePath(f"refusing to write outside the output folder: {path!r}")


_PLAIN = frozenset(("", ".", ".."))  # no part of a path written may be one of these
_CONTROL = re.compile("[\x00-\x1f\x7f]")


class Staging:
    """A new site built aside, next to out_dir, and swapped in only when it is complete.

    A symbolic link at out_dir is followed: the folder it leads to is replaced, and the link
    keeps leading to the new site. Files may be written in several batches (so that other
    work, such as the search index, can start on the first).
    """

    def __init__(self, out_dir: Path, disk: Disk | None = None,
                 standby: Path | None = None) -> None:
        """`standby`: a folder in the build cache that holds an earlier site, brought up to
        date in place of a new folder (only the files that differ are written), and where
        swap() keeps the site it replaces, for the next build to do the same. It is used only
        on the same file system as out_dir (the swap exchanges the two folders)."""
        self.disk = disk or Disk()
        self.shown = shown(out_dir)
        self.out_dir = out_dir.resolve()
        check_replaceable(self.out_dir, f"output folder {self.shown}")
        self.folded: dict[str, str] = {}  # every path written, folded as some file systems do
        self.inside: set[str] = set()  # folders of the new site known to be inside it
        self.held: set[str] | None = None  # what a reused folder held: listing()
        self.swapped = False
        self._lock: int | None = None
        self.written: set[str] = set()
        self.reusing = False
        parent = self.out_dir.parent
        try:
            self.disk.make_dirs(parent)
            self.standby = standby if standby is not None and _same_device(standby, parent) \
                else None
            with _locked(parent):  # no other build may take a folder half made for a leftover
                remove_leftovers(self.out_dir, self.disk)
                if self.standby is not None and (self.standby / MARKER).is_file():
                    self.path, self.reusing = self.standby, True
                else:
                    if self.standby is not None:
                        self._clear_standby()
                    self.path = self.disk.make_staging(parent, _prefixes(self.out_dir)[0])
                self._lock = lock_folder(self.path)
            self.root = self.path.resolve()
            if self.reusing:  # written anew: a standby's may be linked from the site, or edited
                self.disk.unlink(self.path / MARKER)
            self.disk.write(self.path / MARKER, MARKER_TEXT)
        except OSError as exc:
            raise self.problem(exc, "make the new site") from exc
        except BaseException:
            if hasattr(self, "path"):
                self.discard()
            raise

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        if kind is not None:
            self.discard()

    def write(self, files: dict[str, FileData]) -> None:
        paths = sorted(files)
        for path in paths:  # all checked before any is written
            _check_relative(path)
            folded = unicodedata.normalize("NFC", path).casefold()
            if folded in self.folded:
                raise UnsafePath(f"two files would be one on some file systems: "
                                 f"{self.folded[folded]!r} and {path!r}")
            self.folded[folded] = path
        try:
            for path in paths:
                folder, _, _ = path.rpartition("/")
                if folder not in self.inside:
                    if not self._inside(folder):
                        raise UnsafePath(f"refusing to write outside the output folder: {path!r}")
                    self.disk.make_dirs(self.path / folder)
                target = self.path / path
                data = files[path]
                self.written.add(path)
                if isinstance(data, Reused) and data.path == target:
                    continue  # the standby holds it already
                if self.reusing and os.path.lexists(target):
                    # never written into: the file may be linked from the site being read
                    if target.is_dir() and not target.is_symlink():
                        self.disk.remove(target)
                        if self.held is not None:  # what it held is gone with it
                            self.held = {p for p in self.held if not p.startswith(path + "/")}
                    else:
                        self.disk.unlink(target)
                if isinstance(data, Reused):
                    self.disk.link(data.path, target)
                else:
                    self.disk.write(target, data)
                if self.held is not None:
                    self.held.add(path)
        except OSError as exc:
            raise self.problem(exc, "write the new site") from exc

    def _inside(self, folder: str) -> bool:
        """True if a folder of the new site (relative to it) is inside it: each of its parts
        is a folder of its own, or missing (it is made as one), or a symbolic link that leads
        inside. Each folder is looked at once."""
        if folder in self.inside:
            return True
        parent = folder.rpartition("/")[0]
        if folder and not self._inside(parent):
            return False
        try:
            plain = stat.S_ISDIR(os.lstat(self.path / folder).st_mode)
        except FileNotFoundError:
            plain = True
        if not plain:
            found = (self.path / folder).resolve()
            if found != self.root and self.root not in found.parents:
                return False
        self.inside.add(folder)
        return True

    def listing(self) -> set[str]:
        """The files a reused folder holds (as files() finds them), listed once and then kept
        up to date as files are written and removed (the files of a search bundle being made
        in it, which `made` selects wherever it matters, may or may not be among them)."""
        if self.held is None:
            self.held = set(self.files()) if self.reusing else set()
        return self.held

    def drop(self, folder: str, belongs: Callable[[str], bool]) -> None:
        """Remove the files in a folder of a reused folder that `belongs` selects (a search
        bundle about to be made afresh), so that nothing of the earlier one is left."""
        if not self.reusing:
            return
        listed = self.held
        found = listed if listed is not None else set(self.files(folder))
        for path in sorted(path for path in found if belongs(path)):
            self.disk.unlink(self.path / path)
            if listed is not None:
                listed.discard(path)

    def files(self, under: str = "") -> list[str]:
        """Every file in the folder (or in its folder `under`) but the marker, relative to
        it (symbolic links to folders among them: a clean build makes none)."""
        return [path for path in files_in(self.path, under) if path != MARKER]

    def remove_unwritten(self, made: Callable[[str], bool] = lambda path: False) -> set[str]:
        """Remove what a reused folder holds besides what this build wrote or `made` selects
        (what is made in it directly: the search bundles, which may be under way); the files
        it holds then (the marker among them), but those `made` selects."""
        if not self.reusing:
            return self.written | {MARKER}
        listed = self.listing()
        try:
            for path in sorted(listed - self.written):
                if made(path):
                    continue
                self.disk.unlink(self.path / path)
                listed.discard(path)
        except OSError as exc:
            raise self.problem(exc, "write the new site") from exc
        return {path for path in listed if not made(path)} | self.written | {MARKER}

    def finish(self) -> None:
        """Remove the folders a reused folder holds empty, once remove_unwritten() has
        removed what this build did not write and the search bundles are made."""
        if not self.reusing:
            return
        try:
            for base, _, names in os.walk(self.path, topdown=False):  # inner folders first
                if base != str(self.path) and not names and not os.listdir(base):
                    os.rmdir(base)
        except OSError as exc:
            raise self.problem(exc, "write the new site") from exc

    def swap(self) -> None:
        """Put the new site in place of the old one, then keep the old one as the standby
        (or remove it)."""
        try:
            self.disk.chmod(self.path, 0o755)
            if not os.path.lexists(self.out_dir):
                self.disk.rename(self.path, self.out_dir)
                old: Path | None = None
            elif self.disk.exchange(self.path, self.out_dir):
                old = self.path  # now holds the old site
            else:
                old = self._two_renames()
        except OSError as exc:
            raise self.problem(exc, "swap in the new site") from exc
        self.swapped = True
        unlock(self._lock)
        if old is None:
            return
        if old == self.standby:
            return
        if self.standby is None or not self._clear_standby():
            self.disk.remove(old)
        else:
            self.disk.rename(old, self.standby)

    def _clear_standby(self) -> bool:
        """Make way for a new standby (what is there may be anything: it is in the cache);
        True if nothing is left in the way. A link there is removed, never followed."""
        assert self.standby is not None
        if os.path.isdir(self.standby) and not os.path.islink(self.standby):
            self.disk.remove(self.standby)
            # what remove() leaves: a folder where the marker belongs, for one
            shutil.rmtree(self.standby, ignore_errors=True)
        elif os.path.lexists(self.standby):
            with suppress(OSError):
                os.unlink(self.standby)
        return not os.path.lexists(self.standby)

    def _two_renames(self) -> Path:
        """The swap where folders cannot be exchanged: out_dir aside, the new site in its place."""
        new_prefix, old_prefix = _prefixes(self.out_dir)
        old = self.path.with_name(old_prefix + self.path.name[len(new_prefix):])
        with _locked(self.out_dir):  # no other build takes it for a leftover while it is aside
            self.disk.rename(self.out_dir, old)
            try:
                self.disk.rename(self.path, self.out_dir)
            except BaseException:
                self.disk.rename(old, self.out_dir)
                raise
        return old

    def discard(self) -> None:
        """Remove the new site (before swap(): out_dir is left as it was)."""
        if self.swapped:
            return
        unlock(self._lock)
        self._lock = None
        self.disk.remove(self.path)

    def problem(self, exc: OSError, doing: str) -> EnvironmentProblem:
        """The new site removed, and an EnvironmentProblem for the failure of the disk that
        says what to do."""
        if hasattr(self, "path"):
            self.discard()
        where = f" ({shown(exc.filename)})" if exc.filename else ""
        fix = disk_fix(exc, self.out_dir.parent, "or choose another --out")
        return EnvironmentProblem(f"cannot {doing} beside the output folder {self.shown}: "
                                  f"{reason(exc)}{where}; {fix}; {self.shown} is as it was")


def write_site(files: dict[str, FileData], out_dir: Path,
               before_swap: Callable[[Path], None] | None = None,
               disk: Disk | None = None) -> None:
    """Replace out_dir with exactly these files; on any failure out_dir is left untouched.

    A file given as `Reused` is hard-linked from where it is (copied where links are not
    possible), not written again. before_swap, if given, is called with the finished staging
    folder just before it is swapped in (to add files made from the written site, such as a
    search index); if it raises, the staging folder is removed and out_dir is left as it was.
    """
    with Staging(out_dir, disk) as staging:
        staging.write(files)
        if before_swap is not None:
            before_swap(staging.path)
        staging.swap()


def _same_device(folder: Path, other: Path) -> bool:
    """True if a folder (made if need be) is on the same file system as another."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        return os.stat(folder.parent).st_dev == os.stat(other).st_dev
    except OSError:
        return False


def _prefixes(out_dir: Path) -> tuple[str, str]:
    """How the new site, and the old one set aside, are named beside out_dir."""
    return f".{out_dir.name}.new-", f".{out_dir.name}.old-"


def leftovers(out_dir: Path) -> list[Path]:
    """The folders killed builds may have left beside out_dir."""
    prefixes = _prefixes(out_dir)
    try:
        entries = list(os.scandir(out_dir.parent))
    except OSError:
        return []
    return sorted(out_dir.parent / entry.name for entry in entries
                  if entry.name.startswith(prefixes) and entry.is_dir(follow_symlinks=False))


def tidy(out_dir: Path) -> None:
    """Remove what killed builds left beside out_dir (as every Staging does first), for a
    build that finds nothing to write."""
    if out_dir.parent.is_dir():
        with _locked(out_dir.parent):
            remove_leftovers(out_dir, Disk())


def remove_leftovers(out_dir: Path, disk: Disk) -> None:
    """Remove what killed builds left beside out_dir: folders of ours (holding the marker, or
    empty) that no running build holds."""
    for folder in leftovers(out_dir):
        try:
            ours = (folder / MARKER).is_file() or not any(folder.iterdir())
        except OSError:
            continue
        if not ours:
            continue
        held = lock_folder(folder, wait=False)
        if held is None:
            continue  # a build at work
        try:
            disk.remove(folder)
        finally:
            unlock(held)


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    held = lock_folder(folder)
    try:
        yield
    finally:
        unlock(held)


def files_in(root: Path, under: str = "") -> list[str]:
    """Everything in a folder (or in its folder `under`) that is not a folder, relative to
    it with forward slashes: files, and symbolic links (to folders too, which are not
    followed). What cannot be listed is left out. From the listings alone: no `stat` each."""
    found: list[str] = []
    folders = [under]
    while folders:
        rel = folders.pop()
        try:
            with os.scandir(root / rel if rel else root) as entries:
                for entry in entries:
                    path = f"{rel}/{entry.name}" if rel else entry.name
                    (folders if entry.is_dir(follow_symlinks=False) else found).append(path)
        except OSError:
            continue
    return found
