"""The build cache on disk (`.briefing-cache/`): the memo, and what the output folders hold.

The memo is kept as lines of plain JSON (codec.py), never pickle: reading the cache cannot run
code. Each space is split into SHARDS files by the first character of each key, so that a
build that changes a few entries writes a few small files. Every line carries a checksum of
what it says, and every file a header with the cache's key and a last line with the number
of lines and a checksum of them all (of every byte between the two). The key covers the
cache format, the Python version, the generator's own code, the versions of the libraries
whose output the cache holds and the Pagefind program's file, so after any of those change
the cache is not used.

A cache that cannot be read whole (a flipped byte, a truncated or edited file, a folder where a
file belongs, an unreadable file) is ignored with a one-line notice and written anew: a build
never uses what it cannot verify. (A file's last line checks every byte of it when it is read;
an entry's own checksum is checked when the entry is first used, and one found wrong is worked
out again.)
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import shutil
import stat
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Collection, Iterable, Iterator

from generator.memo import Memo, Stored
from generator.output import codec
from generator.output.disk import lock_folder, unlock
from generator.output.folders import GENERATOR_DIR
from generator.output.outputs import status
from generator.output.search import SearchIndexError, pagefind_binary

FORMAT = 2
SHARDS = 16
# what a build's output depends on: the generator's requirements and theirs (watchdog, which
# only `serve` uses, aside)
LIBRARIES = ("jinja2", "markupsafe", "markdown-it-py", "mdurl", "mdit-py-plugins", "pyyaml",
             "pagefind", "pagefind-bin-extended")
MEMO_FOLDER = "memo"
OUTPUTS_FILE = "outputs.json"


class Damaged(Exception):
    """The cache is not what this code wrote."""


class Outdated(Exception):
    """The cache was written by another version of the generator or of its libraries."""


def environment_key() -> str:
    """What every stored value silently depends on besides its own key."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{FORMAT}\0{sys.version}\0".encode())
    for name in LIBRARIES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "none"
        digest.update(f"{name}={version}\0".encode())
    digest.update(f"{_pagefind_program()}\0".encode())
    for path in sorted(GENERATOR_DIR.rglob("*")):  # its code and its data (the world's outlines)
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(GENERATOR_DIR).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _pagefind_program() -> str:
    """The Pagefind program search indexes are made with, as the file it is: one named by
    PAGEFIND_BINARY_PATH may change while every package's version stays the same."""
    try:
        program = Path(pagefind_binary())
        info = program.stat()
    except (SearchIndexError, OSError):
        return "none"
    return f"{program}\0{info.st_size}\0{info.st_mtime_ns}"


def _checksum(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


CHECK_LENGTH = 32  # characters of a checksum


def revive(key: str, stored: Stored) -> Any:
    """The value of a memo entry read from the store, once its checksum is found right (a
    ValueError if not: the entry is then worked out again)."""
    if stored.check != _checksum(f"{key} {stored.text}"):
        raise ValueError(f"the entry {key} is damaged")
    return codec.decode(stored.text)


def _line(key: str, value: Any) -> str:
    """The line of a memo entry: a checksum of the rest, the key, the value as JSON (a
    value read from the store and not asked for since is written as it was read)."""
    if type(value) is Stored and value.check:
        return f"{value.check} {key} {value.text}"
    rest = f"{key} {value.text if type(value) is Stored else codec.encode(value)}"
    return f"{_checksum(rest)} {rest}"


def _shard(key: str) -> str:
    return key[:1] if key[:1] in "0123456789abcdef" and key[:1] else "_"


@dataclass
class Store:
    """The cache folder: read once at the start of a build, written at its end."""

    folder: Path
    env: str = field(default_factory=environment_key)
    notice: str = ""  # why the cache could not be used, if it could not
    loaded: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    first: frozenset[str] | None = None  # the spaces load() read, leaving load_rest() the rest

    # --------------------------------------------------------------------- reading
    def load(self, only: Collection[str] | None = None) -> tuple[Memo, dict[str, Any]]:
        """The stored memo (`only` these spaces, if given: load_rest() reads the others) and
        output records; empty ones (and a notice) if the cache cannot be used."""
        if not self.folder.exists():
            return Memo(revive=revive), {}
        try:
            spaces = self._read_memo(lambda space: only is None or space in only)
            outputs = self._read_json(self.folder / OUTPUTS_FILE)
        except (OSError, UnicodeDecodeError, Damaged, Outdated) as exc:
            self._unusable(exc)
            return Memo(revive=revive), {}
        self.first = frozenset(only) if only is not None else None
        return Memo(spaces, revive=revive), outputs

    def load_rest(self, memo: Memo) -> Memo:
        """The memo with the spaces load() left out; an empty one (and a notice) if the cache
        cannot be used after all."""
        first, self.first = self.first, None
        if first is None:
            return memo
        try:
            memo.spaces.update(self._read_memo(lambda space: space not in first))
        except (OSError, UnicodeDecodeError, Damaged, Outdated) as exc:
            self._unusable(exc)
            return Memo(revive=revive)
        return memo

    def _unusable(self, exc: Exception) -> None:
        if isinstance(exc, Outdated):
            self.notice = (f"the build cache in {self.folder} was made by another version of "
                           "Briefing or of its libraries; building from scratch")
        else:
            self.notice = (f"the build cache in {self.folder} could not be used "
                           f"({_reason(exc)}); building from scratch and writing it anew")
        self.clear()  # said once: the next build starts from an empty cache

    def _read_memo(self, wanted: Callable[[str], bool]) -> dict[str, dict[str, Any]]:
        root = self.folder / MEMO_FOLDER
        spaces: dict[str, dict[str, Any]] = {}
        if not root.exists():
            return spaces
        for space_dir in sorted(root.iterdir()):
            if not wanted(space_dir.name):
                continue
            if not space_dir.is_dir():
                raise Damaged(f"{space_dir.name} is not a folder")
            entries = spaces.setdefault(space_dir.name, {})
            for path in sorted(space_dir.iterdir()):
                if path.name.startswith("."):
                    continue  # a file a killed build was writing: never read
                keys = self._read_shard(path, space_dir.name, entries)
                self.loaded[(space_dir.name, path.name)] = keys
        return spaces

    def _read_shard(self, path: Path, space: str, entries: dict[str, Any]) -> frozenset[str]:
        data = _read_bytes(path)
        first = data.find(b"\n")
        last = data.rfind(b"\n", 0, len(data) - 1)
        if not data.endswith(b"\n") or last < first or first < 0:
            raise Damaged(f"{space}/{path.name} is cut short")
        self._check_header(data[:first].decode("utf-8"), space, path.name)
        body = data[first + 1:last]
        if data[last + 1:-1] != self._end(body, last > first).encode():
            raise Damaged(f"{space}/{path.name} is cut short or edited")
        keys = []
        for line in body.decode("utf-8").split("\n") if last > first else ():
            check, _, rest = line.partition(" ")
            key, _, text = rest.partition(" ")
            if len(check) != CHECK_LENGTH or not key or not text:
                raise Damaged(f"{space}/{path.name} has a damaged entry")
            entries[key] = Stored(text, check)  # its checksum is checked when it is read
            keys.append(key)
        return frozenset(keys)

    def _read_json(self, path: Path) -> dict[str, Any]:
        if not path.exists():
            return {}
        lines = _read_text(path).split("\n")
        self._check_header(lines[0], "outputs", path.name)
        if len(lines) != 3 or lines[2] != "" or \
                not lines[1].startswith(_checksum(lines[1][33:]) + " "):
            raise Damaged(f"{path.name} is damaged")
        try:
            data = json.loads(lines[1][33:])
        except ValueError as exc:
            raise Damaged(f"{path.name} is damaged") from exc
        if not isinstance(data, dict):
            raise Damaged(f"{path.name} is damaged")
        return data

    def _header(self, space: str, name: str) -> str:
        text = f"briefing-cache {FORMAT} {self.env} {space}/{name}"
        return f"{text} {_checksum(text)}"

    def _check_header(self, header: str, space: str, name: str) -> None:
        """A header of another version (its own checksum intact) is Outdated; anything else
        that is not this cache's header is Damaged."""
        if header == self._header(space, name):
            return
        text, _, check = header.rpartition(" ")
        words = text.split(" ")
        if check == _checksum(text) and len(words) == 4 and words[0] == "briefing-cache" \
                and words[3] == f"{space}/{name}":
            raise Outdated()
        raise Damaged(f"{space}/{name} is not a file of this cache")

    @staticmethod
    def _end(body: bytes, lines: bool = True) -> str:
        """The last line of a file whose lines between header and end are `body` (`lines`:
        False when there are none): their number and a checksum of them all."""
        count = body.count(b"\n") + 1 if lines else 0
        return f"end {count} {hashlib.blake2b(body, digest_size=16).hexdigest()}"

    def statuses(self) -> dict[str, list[int]]:
        """The size and status (outputs.status) of every file of the stored memo: whatever
        writes to a file changes them, and the change time cannot be set back. Recorded
        after a build, so that the next can tell the memo is as it was written without
        reading it."""
        found: dict[str, list[int]] = {}
        root = self.folder / MEMO_FOLDER
        try:
            for base, _, names in os.walk(root):
                for name in names:
                    info = os.lstat(os.path.join(base, name))
                    found[os.path.relpath(os.path.join(base, name), root)] = [
                        info.st_size, *status(info)]
        except OSError:
            return {}
        return found

    # --------------------------------------------------------------------- writing
    @contextmanager
    def _writing(self, folders: Iterable[Path], pattern: str = ".*") -> Iterator[None]:
        """Hold the cache's lock while writing it, after removing from the folders given the
        files a killed build was writing (hidden, `pattern`, never read): while the lock is
        held, no other build is writing one."""
        self.folder.mkdir(parents=True, exist_ok=True)
        held = lock_folder(self.folder)
        try:
            for folder in folders:
                for path in folder.glob(pattern) if folder.is_dir() else ():
                    if path.is_file() and not path.is_symlink():
                        path.unlink(missing_ok=True)
            yield
        finally:
            unlock(held)

    def save_memo(self, memo: Memo) -> None:
        """Write what the memo holds, rewriting only the files whose entries changed."""
        root = self.folder / MEMO_FOLDER
        spaces = {*memo.spaces, *(space for space, _ in self.loaded)}
        with self._writing(root / space for space in sorted(spaces)):
            self._save_memo(memo, root)

    def _save_memo(self, memo: Memo, root: Path) -> None:
        wanted: set[tuple[str, str]] = set()
        for space, entries in memo.spaces.items():
            shards: dict[str, list[str]] = {}
            for key in entries:
                shards.setdefault(_shard(key), []).append(key)
            for name, keys in shards.items():
                wanted.add((space, name))
                if self.loaded.get((space, name)) == frozenset(keys):
                    continue  # the same entries, and a value never changes under its key
                body = "\n".join(_line(key, entries[key]) for key in sorted(keys))
                data = body.encode("utf-8")
                _write(root / space / name, b"%s\n%s%s%s\n" % (
                    self._header(space, name).encode(), data, b"\n" if data else b"",
                    self._end(data, bool(keys)).encode()))
                self.loaded[(space, name)] = frozenset(keys)
        for space, name in set(self.loaded) - wanted:
            _remove(root / space / name)
            del self.loaded[(space, name)]

    def save_outputs(self, outputs: dict[str, Any]) -> None:
        """Write the records of what the output folder and the standby hold."""
        text = json.dumps(outputs, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        with self._writing([self.folder], f".{OUTPUTS_FILE}.*"):
            _write(self.folder / OUTPUTS_FILE, self._header("outputs", OUTPUTS_FILE) + "\n"
                   + f"{_checksum(text)} {text}\n")

    def clear(self) -> None:
        """Remove everything stored (after a cache was found damaged)."""
        for name in (MEMO_FOLDER, OUTPUTS_FILE):
            _remove(self.folder / name)
        self.loaded = {}


def _read_bytes(path: Path) -> bytes:
    """A cache file's bytes, opened without waiting: a named pipe in its place is damage, not
    something to wait on for ever."""
    with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise Damaged(f"{path.name} is not a file")
        return handle.read()


def _read_text(path: Path) -> str:
    return _read_bytes(path).decode("utf-8")


def _write(path: Path, data: str | bytes) -> None:
    """Replace a file as a whole: readers see the old file or the new one, never a part."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, Damaged):
        return str(exc)
    if isinstance(exc, UnicodeDecodeError):
        return "a file is not text"
    return exc.strerror or type(exc).__name__ if isinstance(exc, OSError) else str(exc)
