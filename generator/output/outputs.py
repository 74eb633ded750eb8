"""What the output folder, and the copy of the site before it kept in the build cache, hold
from earlier builds: every file's digest, and the key of every search bundle.

A build brings the kept copy (the standby) up to date and swaps it in for the output folder,
whose site then becomes the standby: a file the standby already holds is left as it is, one the
output folder holds is linked from there, and only the rest is written. A file counts as held
only when it still holds those bytes: when its status (size, inode, modification and change
times) is as recorded, or else when it is read and its digest is the recorded one. (A change
time cannot be set back: an output edited since, however its other times were set, is read.)
The files of the search index are recorded by their status alone (they are not read back to
be digested): one whose status changed counts as not held, and its bundle is made again.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from generator.output.search import Bundle, bundle_of
from generator.rendering.render import FileData, Reused, digest_of, file_digest

Record = tuple[str, int, tuple[int, ...]]  # digest, size, status (inode, mtime, ctime in ns)
UNREAD = ""  # the digest recorded of a file the search indexer made: it is never read back,
# so such a file counts as held only while its status is as recorded


def status(info: os.stat_result) -> tuple[int, ...]:
    """What changes whenever a file's bytes do (its change time cannot be set back)."""
    return (info.st_ino, info.st_mtime_ns, info.st_ctime_ns)


@dataclass
class Held:
    """The files one folder holds, as an earlier build recorded them."""

    folder: Path
    files: dict[str, Record] = field(default_factory=dict)
    bundles: dict[str, str] = field(default_factory=dict)  # search bundle folder -> its key
    identity: tuple[int, int] | None = None  # the folder's device and inode
    _bundles: dict[str, dict[str, Record]] | None = field(default=None, init=False, repr=False,
                                                          compare=False)

    @classmethod
    def stored(cls, folder: Path, data: Any) -> Held:
        """The records of a folder, if they are of this folder as it is now; else none."""
        folder = folder.absolute()
        try:
            info = os.stat(folder)
            identity = (info.st_dev, info.st_ino)
            if data.get("folder") != str(folder) or tuple(data.get("identity")) != identity:
                return cls(folder)
            files = {str(path): (str(r[0]), int(r[1]), tuple(int(n) for n in r[2]))
                     for path, r in data["files"].items()}
            bundles = {str(name): str(k) for name, k in data["bundles"].items()}
        except (OSError, KeyError, TypeError, ValueError, IndexError, AttributeError):
            return cls(folder)
        return cls(folder, files, bundles, identity)

    def unchanged(self) -> bool:
        """True if the folder holds exactly the recorded files, each with the recorded status
        (so the recorded bytes), and nothing else."""
        if self.identity is None or not self.files:
            return False
        folders = {"/".join(parts[:n]) for parts in (p.split("/") for p in self.files)
                   for n in range(1, len(parts))}
        seen = 0
        try:
            for base, dirs, names in os.walk(self.folder):
                rel = os.path.relpath(base, self.folder)
                for name in dirs:
                    if (name if rel == "." else f"{rel}/{name}".replace(os.sep, "/")) \
                            not in folders or os.path.islink(os.path.join(base, name)):
                        return False
                for name in names:
                    path = name if rel == "." else f"{rel}/{name}".replace(os.sep, "/")
                    record = self.files.get(path)
                    if record is None or status(os.lstat(os.path.join(base, name))) != record[2]:
                        return False
                    seen += 1
        except OSError:
            return False
        return seen == len(self.files)

    def holds(self, path: str, digest: str) -> bool:
        """True if the folder holds these bytes at this path, in a file of its own (not
        behind a symbolic link, which a clean build never makes)."""
        record = self.files.get(path)
        if record is None or record[0] != digest:
            return False
        try:
            info = os.lstat(self.folder / path)
            if not stat.S_ISREG(info.st_mode):
                return False
            if status(info) == record[2]:
                return True
            if digest == UNREAD:
                return False
            with open(self.folder / path, "rb") as handle:
                return file_digest(handle.read(record[1] + 1)) == digest
        except OSError:
            return False

    def bundle_records(self) -> dict[str, dict[str, Record]]:
        """The records of the files of each search bundle, by the bundle's folder."""
        if self._bundles is None:
            self._bundles = {}
            for path, record in self.files.items():
                folder = bundle_of(path)
                if folder is not None:
                    self._bundles.setdefault(folder, {})[path] = record
        return self._bundles

    def data(self) -> dict[str, Any]:
        return {"folder": str(self.folder), "identity": list(self.identity or ()),
                "files": {path: [digest, size, list(stat)]
                          for path, (digest, size, stat) in self.files.items()},
                "bundles": self.bundles}


@dataclass
class Outputs:
    site: Held  # the output folder
    standby: Held | None  # the site before it, in the build cache; None where it cannot be

    @classmethod
    def stored(cls, out_dir: Path, standby: Path | None, data: dict[str, Any]) -> Outputs:
        return cls(Held.stored(out_dir, data.get("site", {})),
                   Held.stored(standby, data.get("standby", {})) if standby is not None
                   else None)

    def reuse(self, path: str, digest: str) -> Reused | None:
        """Where these bytes are already held: the standby first (then nothing need be
        written), else the output folder (then they are linked from there)."""
        for held in (self.standby, self.site):
            if held is not None and held.holds(path, digest):
                return Reused(digest, held.folder / path)
        return None

    def linked(self, files: dict[str, FileData], digests: dict[str, str]
               ) -> dict[str, FileData]:
        """The files, each already held given as Reused (`digests`: of the files' bytes,
        where known; the others are added)."""
        found: dict[str, FileData] = {}
        for path, data in files.items():
            if isinstance(data, bytes):
                digest = digests.get(path) or digests.setdefault(path, file_digest(data))
                found[path] = self.reuse(path, digest) or data
            else:
                found[path] = data
        return found

    def bundle(self, bundle: Bundle) -> dict[str, FileData] | None:
        """The files of a search bundle made from exactly the pages this build would make it
        from, if the standby or the output folder holds every one of them."""
        for held in (self.standby, self.site):
            if held is None or held.bundles.get(bundle.folder) != bundle.key:
                continue
            files = held.bundle_records().get(bundle.folder, {})
            if files and all(held.holds(path, record[0]) for path, record in files.items()):
                return {path: Reused(record[0], held.folder / path)
                        for path, record in files.items()}
        return None

    def record(self, folder: Path, files: dict[str, FileData], digests: dict[str, str],
               bundles: dict[str, str], out_dir: Path, statuses: dict[str, os.stat_result]
               ) -> dict[str, Any]:
        """What to store for the next build, once the finished folder is swapped in as
        out_dir: its files (`statuses`: the status of every file it holds, see survey()),
        and (as the standby, where there is one) the site it replaces."""
        records: dict[str, Record] = {}
        for path, info in statuses.items():
            data = files.get(path)
            if isinstance(data, bytes) and path in digests:
                digest = digests[path]
            elif data is not None:
                digest = digest_of(data)
            else:  # made after rendering (the search index): known by its status only
                digest = UNREAD
            records[path] = (digest, info.st_size, status(info))
        info = os.stat(folder)
        site = Held(out_dir.absolute(), records, bundles, (info.st_dev, info.st_ino))
        stored = {"site": site.data()}
        if self.standby is not None and self.site.identity is not None:
            old = self.site  # now at the standby's place: the same folder, by another name
            stored["standby"] = Held(self.standby.folder, old.files, old.bundles,
                                     old.identity).data()
        return stored


def survey(folder: Path, paths: Iterable[str]) -> dict[str, os.stat_result]:
    """The status of each of these files of a folder."""
    root = str(folder)
    return {path: os.stat(os.path.join(root, path)) for path in paths}
