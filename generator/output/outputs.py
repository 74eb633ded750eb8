"""What the output folder holds from the last build: every file's digest.

The next build takes a file from there, by a hard link, when it would write the same bytes and
the file still holds them (it is read and its digest compared: an output edited since, however
its time stamps were set, is never reused); anything else is written afresh.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.output.search import Bundle, in_bundle
from generator.rendering.render import FileData, Reused, file_digest

Record = tuple[str, int]  # digest, size


@dataclass
class Outputs:
    out_dir: Path
    files: dict[str, Record] = field(default_factory=dict)
    bundles: dict[str, str] = field(default_factory=dict)  # search bundle folder -> its key

    @classmethod
    def stored(cls, out_dir: Path, data: dict[str, Any]) -> Outputs:
        """The records of the last build, if they are of this output folder as it is now."""
        out_dir = out_dir.absolute()
        try:
            info = os.stat(out_dir)
            if data.get("out") != str(out_dir) or \
                    data.get("folder") != [info.st_dev, info.st_ino]:
                return cls(out_dir)
            files = {str(path): (str(r[0]), int(r[1])) for path, r in data["files"].items()}
            bundles = {str(folder): str(k) for folder, k in data["bundles"].items()}
        except (OSError, KeyError, TypeError, ValueError, IndexError, AttributeError):
            return cls(out_dir)
        return cls(out_dir, files, bundles)

    def holds(self, path: str, digest: str) -> bool:
        """True if the output folder holds these bytes at this path, as they were written."""
        record = self.files.get(path)
        if record is None or record[0] != digest:
            return False
        try:
            with open(self.out_dir / path, "rb") as handle:
                return file_digest(handle.read(record[1] + 1)) == digest
        except OSError:
            return False

    def reuse(self, path: str, digest: str) -> Reused | None:
        return Reused(digest, self.out_dir / path) if self.holds(path, digest) else None

    def linked(self, files: dict[str, FileData]) -> dict[str, FileData]:
        """The files, each the output folder already holds given as Reused."""
        result: dict[str, FileData] = {}
        for path, data in files.items():
            if isinstance(data, bytes):
                digest = file_digest(data)
                result[path] = self.reuse(path, digest) or data
            else:
                result[path] = data
        return result

    def bundle(self, bundle: Bundle) -> dict[str, FileData] | None:
        """The files of a search bundle the output folder holds, if it was made from exactly
        the pages this build would make it from and every file of it is as written."""
        if self.bundles.get(bundle.folder) != bundle.key:
            return None
        held = {path: record for path, record in self.files.items()
                if in_bundle(path, bundle.folder)}
        reused = {path: self.reuse(path, record[0]) for path, record in held.items()}
        if not reused or any(found is None for found in reused.values()):
            return None
        return {path: found for path, found in reused.items() if found is not None}

    def record(self, folder: Path, files: dict[str, FileData], out_dir: Path,
               bundles: dict[str, str]) -> dict[str, Any]:
        """What a finished staging folder holds, to be stored for the next build once it is
        swapped in as out_dir."""
        records: dict[str, list[Any]] = {}
        for base, _, names in os.walk(folder):
            rel = os.path.relpath(base, folder)
            for name in names:
                path = name if rel == "." else f"{rel}/{name}".replace(os.sep, "/")
                data = files.get(path)
                if isinstance(data, Reused):
                    records[path] = [data.digest, os.path.getsize(os.path.join(base, name))]
                elif data is not None:
                    records[path] = [file_digest(data), len(data)]
                else:  # made after rendering: the search index
                    held = Path(base, name).read_bytes()
                    records[path] = [file_digest(held), len(held)]
        info = os.stat(folder)
        return {"out": str(out_dir.absolute()), "folder": [info.st_dev, info.st_ino],
                "files": records, "bundles": bundles}
