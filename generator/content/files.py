"""Finding and reading the content files: which files belong to the content model, what each
holds, and every file that cannot be read or does not belong, reported with its path.

A file is read only when it is a regular file inside the content folder, reached through no
symbolic link. With a memo, a file whose status (inode, size, times) is as when it was last
read, a while after it last changed, is known by the digest of that reading and not read again.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
import stat
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, NamedTuple

from generator.characters import refused_characters
from generator.content import schema
from generator.diagnostics import Diagnostic, Loc, error
from generator.lookalikes import lookalike_note
from generator.memo import Memo, key

MAX_FILE_BYTES = 1_000_000
EDITOR_TEMP_FILES = (".*", "*~", "4913", "#*#", "*.tmp", "*.swp")  # never content
RACY_NS = 2_000_000_000  # files changed less than this long ago are always read again
SYMLINK_MESSAGE = ("symbolic links are not allowed in content/; replace the link with what it "
                   "points to")
KINDS = ("site", "article", "profile", "glossary", "comparisons")


@dataclass(frozen=True)
class SourceFile:
    """One content file: what kind of file it is, where it is, and its text's digest."""

    kind: str  # one of KINDS
    rel: str  # the path as reported: the content folder as the user named it, then the file
    path: str  # the file's own path
    digest: str
    profile_kind: str = ""  # for profiles: person, place ...

    @property
    def stem(self) -> str:
        """The file's name without its suffix: an article's or profile's id."""
        return _stem(self.path)


@dataclass
class Scan:
    """The content folder's files of each kind, in reading order, and what could not be read."""

    files: list[SourceFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unloaded: set[str] = field(default_factory=set)  # ids that may exist unread ("*": any)
    texts: dict[str, str] = field(default_factory=dict)  # rel -> text, of the files read
    found: bool = True  # False: no content folder; nothing else is reported


@dataclass
class _Scanner:
    root: Path
    label: str
    memo: Memo | None
    scan: Scan = field(default_factory=Scan)
    folders: dict[str, bool] = field(default_factory=dict)  # by path: reached through a link

    def __post_init__(self) -> None:
        self.prefix = str(self.root) + os.sep  # of every path inside the content folder

    def rel(self, path: Path | str) -> str:
        inner = self.inner(path)
        return f"{self.label}/{inner}" if self.label else inner

    def inner(self, path: Path | str) -> str:
        text = str(path)
        if text.startswith(self.prefix):
            return text[len(self.prefix):].replace(os.sep, "/")
        return Path(path).relative_to(self.root).as_posix()

    def fail(self, loc: Loc, code: str, message: str) -> None:
        self.scan.diagnostics.append(error(loc, code, message))

    def linked(self, path: Path | str) -> bool:
        """True if the path, or a folder between it and the content root, is a symbolic link."""
        text = str(path)
        if not text.startswith(self.prefix):  # the root itself, or outside it
            return False
        known = self.folders.get(text)
        if known is None:
            known = self.folders[text] = os.path.islink(text) or \
                self.linked(os.path.dirname(text))
        return known

    def listing(self, folder: Path, suffix: str) -> list[str]:
        """The content files of a folder (those whose names end in `suffix`), without editors'
        temporary files; a linked folder is never read (its link is reported by strays())."""
        if not folder.is_dir():
            return []
        if self.linked(folder) or not self.readable(folder):
            self.scan.unloaded.add("*")
            return []
        try:
            with os.scandir(folder) as entries:
                names = [entry.name for entry in entries]
        except OSError:  # gone since it was found readable: as if empty, as glob() has it
            return []
        inside = f"{folder}{os.sep}"
        return [inside + name for name in sorted(names)
                if _suffix(name) == suffix and not is_editor_temp(name)]

    def readable(self, folder: Path) -> bool:
        """True if the folder can be listed; if not, the reason is reported."""
        try:
            with os.scandir(folder):
                return True
        except OSError as exc:
            shown = self.rel(folder) if folder != self.root else self.label or "."
            self.fail(Loc(shown), "unreadable", f"this folder cannot be read "
                      f"({(exc.strerror or str(exc)).lower()}): make it readable (chmod -R u+rX "
                      f"{shown})")
            return False

    def add(self, kind: str, path: str, profile_kind: str = "", rel: str = "") -> None:
        """Add the file at `path` (reported as `rel`, if given) to the scan."""
        rel = rel or self.rel(path)
        digest = self.identify(path, rel)
        if digest is None:
            self.scan.unloaded.add(_stem(path) if kind in ("article", "profile") else "*")
            return
        self.scan.files.append(SourceFile(kind, rel, path, digest, profile_kind))

    def identify(self, path: str, rel: str) -> str | None:
        """The digest of a file's text, or None (the reason reported) if it cannot be read;
        without reading it when its status says it is as when last read."""
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode) or self.linked(os.path.dirname(path)):
            self.fail(Loc(rel), "symlink", SYMLINK_MESSAGE)
            return None
        if not stat.S_ISREG(info.st_mode):
            self.fail(Loc(rel), "not-a-file", "this is not a regular file (a pipe, socket or "
                      "device); replace it with a text file or remove it")
            return None
        if info.st_size > MAX_FILE_BYTES:
            self.fail(Loc(rel), "too-large", f"file is {info.st_size:,} bytes; the limit is "
                      f"{MAX_FILE_BYTES:,}: split it into several files")
            return None
        status = key(rel, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        known = self.memo.find("status", status) if self.memo is not None else None
        if known is not None:
            return str(known)
        started = time.time_ns()
        try:
            text = read_text(path)
        except OSError as exc:
            self.fail(Loc(rel), "unreadable", f"this file cannot be read "
                      f"({(exc.strerror or str(exc)).lower()}): make it readable (chmod u+r "
                      f"{rel})")
            return None
        if text is None:
            line, col, message = _not_utf8(path)
            self.fail(Loc(rel, line, col), "encoding", message)
            return None
        refused = refused_characters(text)
        for found in refused:
            self.fail(Loc(rel, found.line + 1, found.col + 1), found.code, found.message)
        if refused:
            return None
        self.scan.texts[rel] = text
        digest = text_digest(text)
        # a file changed within the resolution of its time stamps could change again unseen:
        # only what has been left alone a while is known by its status
        if self.memo is not None and info.st_mtime_ns < started - RACY_NS:
            self.memo.put("status", status, digest)
        return digest

    def run(self) -> Scan:
        root = self.root
        if not root.is_dir():
            self.fail(Loc(self.label or str(root)), "missing-dir", "content folder not found")
            self.scan.found = False
            return self.scan
        if not self.readable(root):
            self.scan.found = False
            return self.scan
        if not any((root / name).exists() for name in ("site.yaml", "articles", "profiles")):
            shown = self.label or str(root)
            self.fail(Loc(shown), "missing-dir", _not_content(root, shown))
            self.scan.found = False
            return self.scan
        if (root / "site.yaml").is_file():
            self.add("site", str(root / "site.yaml"))
        else:
            self.fail(Loc(self.rel(root / "site.yaml")), "missing-file",
                      "content/site.yaml is missing: it holds the title, bottom line and key "
                      "judgments")
        for path in self.listing(root / "articles", ".md"):
            rel = self.rel(path)
            if self.check_id(_stem(path), Loc(rel)):
                self.add("article", path, rel=rel)
        self.profiles(root / "profiles")
        self.strays()
        if (root / "glossary.yaml").is_file():
            self.add("glossary", str(root / "glossary.yaml"))
        for path in self.listing(root / "glossary", ".yaml"):
            self.add("glossary", path)
        if (root / "comparisons.yaml").is_file():
            self.add("comparisons", str(root / "comparisons.yaml"))
        return self.scan

    def profiles(self, folder: Path) -> None:
        if folder.is_dir() and self.linked(folder):
            self.scan.unloaded.add("*")  # never read (strays() names the link)
            return
        if not folder.is_dir():
            return
        if not self.readable(folder):
            self.scan.unloaded.add("*")
            return
        for kind_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
            if kind_dir.name not in schema.PROFILE_KINDS:
                self.fail(Loc(self.rel(kind_dir)), "unknown-kind",
                          f"unknown profile kind '{kind_dir.name}'; use one of "
                          f"{', '.join(schema.PROFILE_KINDS)}")
                self.scan.unloaded.add("*")  # its profiles are not read: their ids are unknown
                continue
            for path in self.listing(kind_dir, ".yaml"):
                rel = self.rel(path)
                if self.check_id(_stem(path), Loc(rel)):
                    self.add("profile", path, kind_dir.name, rel)

    def check_id(self, file_id: str, loc: Loc) -> bool:
        if schema.ID_RE.fullmatch(file_id):
            return True
        note = lookalike_note(file_id)
        self.fail(loc, "bad-id", f"'{file_id}' is not a valid id: "
                  + (f"{note}; use lower-case Latin letters" if note else
                     "use lower-case letters") + ", digits and single hyphens (e.g. kim-jong-un)")
        return False

    def strays(self) -> None:
        """Files the build would silently ignore are reported, so nothing is lost unseen."""
        seen: dict[str, str] = {}  # by name folded as case-insensitive file systems do
        for found in _tree(self.root, self.readable):
            path, parts, inner = found.path, found.parts, "/".join(found.parts)
            folded = (inner if inner.isascii() else unicodedata.normalize("NFC", inner)
                      ).casefold()
            if folded in seen:
                other = seen[folded]
                self.fail(Loc(self.rel(path)), "name-collision",
                          f"{self.rel(path)} and {self.rel(other)} "
                          f"{_how_alike(inner, self.inner(other))}; rename or remove one")
            seen.setdefault(folded, path)
            if found.link and not os.path.isfile(path):
                self.fail(Loc(self.rel(path)), "symlink", SYMLINK_MESSAGE)
                continue
            if found.folder or is_editor_temp(parts[-1]):  # a link left is to a file
                continue
            suffix, wanted = _suffix(parts[-1]), _wanted_suffix(parts)
            if wanted and suffix == wanted:
                continue
            if wanted and suffix.lower() in _SUFFIX_ALIASES[wanted]:
                self.fail(Loc(self.rel(path)), "stray-file", f"a file here is read only if "
                          f"its name ends in {wanted}: rename it "
                          f"{parts[-1][:len(parts[-1]) - len(suffix)]}{wanted}")
            else:
                self.fail(Loc(self.rel(path)), "stray-file", "this file is not part of the "
                          "content model (articles/*.md, profiles/<kind>/*.yaml, glossary.yaml, "
                          "comparisons.yaml, site.yaml); move or remove it")


def scan(content_dir: Path, memo: Memo | None = None) -> Scan:
    """Every content file, by kind, with its digest; and what could not be read or belongs
    nowhere."""
    return _Scanner(content_dir.resolve(), content_label(content_dir), memo).run()


def content_label(content_dir: Path) -> str:
    """How file paths name the content folder: as the user named it ('' for '.')."""
    label = Path(os.path.normpath(content_dir)).as_posix()
    return "" if label == "." else label


def read_text(path: Path | str) -> str | None:
    """A content file's text with line endings made '\\n' and no byte-order mark; None if
    it is not UTF-8."""
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def text_digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def _not_utf8(path: Path | str) -> tuple[int, int, str]:
    """(line, column, message) of the first byte of a file that is not UTF-8."""
    data = Path(path).read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return 1, 1, "the file is UTF-16 text, not UTF-8: save it as UTF-8"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start
    else:
        return 1, 1, "the file is not UTF-8 text: save it as UTF-8"
    # counted as the text would be read: any line ending, and no byte-order mark
    before = data[:start].removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n") \
        .replace(b"\r", b"\n")
    line_start = before.rfind(b"\n") + 1
    return (before.count(b"\n") + 1, len(before[line_start:].decode("utf-8")) + 1,
            f"byte 0x{data[start]:02X} (at byte {start} of the file) is not UTF-8 text: save the "
            "file as UTF-8")


class _Found(NamedTuple):
    """A file or folder under the content folder, with what its folder listing says of it."""

    parts: tuple[str, ...]  # its path from the content folder
    path: str
    folder: bool  # a folder (not a link to one)
    link: bool  # a symbolic link


def _tree(root: Path, unreadable: Callable[[Path], object]) -> list[_Found]:
    """Everything under root, in the order sorted(root.rglob("*")) gives it (links to folders
    are listed, not followed), known from the folders' listings; each folder that cannot be
    read is given to `unreadable`."""
    found = []
    todo: list[tuple[str, tuple[str, ...]]] = [(str(root), ())]
    while todo:
        folder, parts = todo.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            unreadable(Path(folder))
            continue
        for entry in entries:
            try:
                is_folder, is_link = entry.is_dir(follow_symlinks=False), entry.is_symlink()
            except OSError:  # gone since it was listed
                is_folder = is_link = False
            item = _Found((*parts, entry.name), entry.path, is_folder, is_link)
            found.append(item)
            if is_folder:
                todo.append((item.path, item.parts))
    return sorted(found, key=lambda item: item.parts)


def _not_content(root: Path, shown: str) -> str:
    """Why a folder is not a content folder, and where the content folder may be."""
    found = sorted(p.parent.name for p in root.glob("*/site.yaml"))
    hint = (f"; did you mean --content {shown}/{found[0]}?" if found else
            "; point --content at the folder that holds site.yaml")
    return f"not a content folder: it has no site.yaml, articles/ or profiles/{hint}"


# other endings of Markdown and YAML files, and the right ones in other capitals
_SUFFIX_ALIASES = {".md": {".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn", ".mdtxt"},
                   ".yaml": {".yaml", ".yml"}}


def _wanted_suffix(parts: tuple[str, ...]) -> str:
    """The ending a content file in this place must have to be read ('' where none is):
    site.yaml, glossary.yaml and comparisons.yaml, articles/*.md, glossary/*.yaml and
    profiles/<kind>/*.yaml."""
    stem = parts[-1][:len(parts[-1]) - len(_suffix(parts[-1]))]
    if len(parts) == 1:
        return ".yaml" if stem in ("site", "glossary", "comparisons") else ""
    if len(parts) == 2 and parts[0] == "articles":
        return ".md"
    if (len(parts) == 2 and parts[0] == "glossary") or \
            (len(parts) == 3 and parts[0] == "profiles"):
        return ".yaml"
    return ""


def _suffix(name: str) -> str:
    """A file name's suffix as Path.suffix has it ('.md'; '' for '.md' or 'a.'), without
    making a Path of it."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _stem(path: str) -> str:
    """A file's name without its suffix, as Path.stem has it."""
    name = os.path.basename(path)
    return name[:len(name) - len(_suffix(name))]


def is_editor_temp(name: str) -> bool:
    """Swap, backup and lock files that editors leave beside the files being edited."""
    return _EDITOR_TEMP.match(name) is not None


_EDITOR_TEMP = re.compile("|".join(fnmatch.translate(pattern) for pattern in EDITOR_TEMP_FILES))


def _how_alike(name: str, other: str) -> str:
    """Why two file names collide on some file systems."""
    if name.casefold() == other.casefold():
        return "differ only in letter case: on macOS and Windows they are the same file"
    if unicodedata.normalize("NFC", name) == unicodedata.normalize("NFC", other):
        return ("are the same name in two Unicode forms (NFC and NFD): on macOS they are the "
                "same file")
    return "differ only in letter case and Unicode form: on macOS they are the same file"
