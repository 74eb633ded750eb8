"""Stage 1: read content/ into typed records, with a file:line for everything."""

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
from typing import Any, Callable, Iterable, TypeVar

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.characters import refused_characters
from generator.content import schema
from generator.diagnostics import Diagnostic, Loc, error, warning
from generator.markdown import PROBLEMS, MarkdownProblem, plain_text
from generator.content.model import (Account, Article, Block, Citation, Comparison, Content, Profile,
                             Site, Statement, Term)
from generator.content.schema import ID_RE, Coercer, Record
from generator.content.yamlio import YMap, YNode, YScalar, YSeq, parse_yaml, split_front_matter

MAX_FILE_BYTES = 1_000_000
EDITOR_TEMP_FILES = (".*", "*~", "4913", "#*#", "*.tmp", "*.swp")  # never content
T = TypeVar("T")
ParseCache = dict[tuple[str, str], tuple[Any, tuple[Diagnostic, ...]]]
# path -> ((inode, size, modification and change times in ns), digest of the text last read)
StatCache = dict[str, tuple[tuple[int, int, int, int], str]]
RACY_NS = 2_000_000_000  # files changed less than this long ago are always read again
SYMLINK_MESSAGE = ("symbolic links are not allowed in content/; replace the link with what it "
                   "points to")


@dataclass
class Loader:
    root: Path
    md: MarkdownIt
    label: str  # the content folder as the user named it; prefixes every reported path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unloaded: set[str] = field(default_factory=set)  # ids of items that failed to load
    cache: ParseCache | None = None  # parsed files by (path, content digest), across builds
    used: set[tuple[str, str]] = field(default_factory=set)  # cache keys this run needed
    texts: dict[Path, str] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)  # path -> digest of its text
    folders: dict[Path, bool] = field(default_factory=dict)  # folder -> linked(folder)
    stats: StatCache | None = None  # what files were last read as, by their status
    seen: set[str] = field(default_factory=set)  # the stat cache entries this run needed

    def rel(self, path: Path) -> str:
        return f"{self.label}/{self.inner(path)}" if self.label else self.inner(path)

    def inner(self, path: Path) -> str:
        """The path relative to the content folder, with forward slashes."""
        text, root = str(path), str(self.root)
        if text.startswith(root) and text[len(root):len(root) + 1] == os.sep:
            return text[len(root) + 1:].replace(os.sep, "/")  # as relative_to, far quicker
        return path.relative_to(self.root).as_posix()

    def fail(self, loc: Loc, code: str, message: str) -> None:
        self.diagnostics.append(error(loc, code, message))

    def linked(self, path: Path) -> bool:
        """True if the path, or a folder between it and the content root, is a symbolic link."""
        if path == self.root or self.root not in path.parents:
            return False
        return path.is_symlink() or self.linked_folder(path.parent)

    def linked_folder(self, folder: Path) -> bool:
        """linked() for a folder, asked once per load (every file in it asks again)."""
        if folder not in self.folders:
            self.folders[folder] = self.linked(folder)
        return self.folders[folder]

    def listing(self, folder: Path, pattern: str) -> list[Path]:
        """The content files of a folder, without editors' temporary files; a linked folder is
        never read (stray_files names it)."""
        if not folder.is_dir():
            return []
        if self.linked(folder) or not self.readable(folder):
            self.unloaded.add("*")  # its ids are unknown: no cascade of unknown-id errors
            return []
        return sorted(p for p in folder.glob(pattern) if not is_editor_temp(p.name))

    def readable(self, folder: Path) -> bool:
        """True if the folder can be listed; if not, the reason is reported."""
        try:
            with os.scandir(folder):
                return True
        except OSError as exc:
            self.fail(Loc(self.rel(folder) if folder != self.root else self.label or "."),
                      "unreadable", f"this folder cannot be read "
                      f"({(exc.strerror or str(exc)).lower()}): make it readable (chmod -R u+rX "
                      f"{self.rel(folder) if folder != self.root else self.label or '.'})")
            return False

    def read(self, path: Path) -> str | None:
        """The file's text, or None (the reason reported) if it cannot be read."""
        if path not in self.texts:
            if self.identify(path) is None:
                return None
            if path not in self.texts:  # known by its status alone until now
                text = self._read(path)
                if text is None:
                    return None
                self.texts[path] = text
        return self.texts[path]

    def digest(self, path: Path) -> str:
        return self.digests.get(self.rel(path), "")

    def identify(self, path: Path) -> str | None:
        """The digest of a file's text (None if it cannot be read): without reading the file
        when the stat cache knows it unchanged since it was last read."""
        rel = self.rel(path)
        if rel in self.digests:
            return self.digests[rel]
        info = self.check_file(path)
        if info is None:
            return None
        signature = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        known = self.stats.get(rel) if self.stats is not None else None
        if known is not None and known[0] == signature:
            self.seen.add(rel)
            self.digests[rel] = known[1]
            return known[1]
        started = time.time_ns()
        text = self._read(path)
        if text is None:
            return None
        self.texts[path] = text
        digest = self.digests[rel] = hashlib.sha1(text.encode("utf-8")).hexdigest()
        # a file changed within the resolution of its time stamps could change again
        # unseen: only what has been left alone a while is trusted by its stat
        if self.stats is not None and info.st_mtime_ns < started - RACY_NS:
            self.seen.add(rel)
            self.stats[rel] = (signature, digest)
        return digest

    def cached(self, path: Path, make: Callable[[], T | None]) -> T | None:
        """Parse a file once per distinct content, replaying its diagnostics on a cache hit."""
        digest = self.identify(path)
        if digest is None:
            return None
        key = (self.rel(path), digest)
        self.used.add(key)
        if self.cache is not None and key in self.cache:
            item, problems = self.cache[key]
            self.diagnostics.extend(problems)
            return item  # type: ignore[no-any-return]
        start = len(self.diagnostics)
        item = make()
        if self.cache is not None:
            self.cache[key] = (item, tuple(self.diagnostics[start:]))
        return item

    def check_file(self, path: Path) -> os.stat_result | None:
        """The file's status if it is a regular file the build may read, else None (and the
        reason reported)."""
        rel = self.rel(path)
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode) or self.linked_folder(path.parent):
            self.fail(Loc(rel), "symlink", SYMLINK_MESSAGE)
            return None
        if not stat.S_ISREG(info.st_mode):
            self.fail(Loc(rel), "not-a-file", "this is not a regular file (a pipe, socket or "
                      "device); replace it with a text file or remove it")
            return None
        size = info.st_size
        if size > MAX_FILE_BYTES:
            self.fail(Loc(rel), "too-large", f"file is {size:,} bytes; the limit is "
                      f"{MAX_FILE_BYTES:,}: split it into several files")
            return None
        return info

    def _read(self, path: Path) -> str | None:
        """The text of a file check_file() accepted."""
        rel = self.rel(path)
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            self.fail(Loc(rel), "encoding", f"file is not UTF-8 text (byte {exc.start})")
            return None
        except OSError as exc:
            self.fail(Loc(rel), "unreadable", f"this file cannot be read "
                      f"({(exc.strerror or str(exc)).lower()}): make it readable (chmod u+r "
                      f"{rel})")
            return None
        text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
        refused = refused_characters(text)
        for found in refused:
            self.fail(Loc(rel, found.line + 1, found.col + 1), found.code, found.message)
        return None if refused else text

    def yaml(self, path: Path) -> YNode | None:
        text = self.read(path)
        if text is None:
            return None
        node, problems = parse_yaml(text, self.rel(path))
        self.diagnostics.extend(problems)
        if node is None and not problems:
            self.fail(Loc(self.rel(path)), "empty", "file is empty")
        return node

    def coerce(self) -> Coercer:
        return Coercer(self.diagnostics)

    def check_id(self, file_id: str, loc: Loc) -> bool:
        if ID_RE.fullmatch(file_id):
            return True
        self.fail(loc, "bad-id", f"'{file_id}' is not a valid id: use lower-case letters, "
                  "digits and single hyphens (e.g. kim-jong-un)")
        return False

    # ---------------------------------------------------------------- records to model

    def citation(self, rec: Record) -> Citation:
        return Citation(rec["source"], rec["quote"], rec.loc_of("quote"))

    def statement(self, rec: Record) -> Statement:
        return Statement(
            text=rec["text"], sources=tuple(self.citation(c) for c in rec["sources"]),
            loc=rec.loc, kind=rec.get("kind", "fact"), by=rec.get("by"), as_of=rec.get("as_of"))

    def aliases(self, rec: Record, node: YNode | None) -> tuple[tuple[str, ...], tuple[Loc, ...]]:
        names = tuple(rec.get("aliases", ()))
        if isinstance(node, YSeq):
            return names, tuple(item.loc for item in node.items)[:len(names)]
        return names, tuple(rec.loc for _ in names)

    # ---------------------------------------------------------------- file kinds

    def site(self) -> Site | None:
        path = self.root / "site.yaml"
        if not path.is_file():
            self.fail(Loc(self.rel(path)), "missing-file", "content/site.yaml is missing: it holds "
                      "the title, bottom line and key judgments")
            return None
        node = self.yaml(path)
        if node is None:
            return None
        rec = self.coerce().record(node, schema.SITE, "site.yaml")
        if rec is None:
            return None
        owners_node = node.get("alias_owners") if hasattr(node, "get") else None
        owners = tuple(
            (alias, owner, owners_node.key_locs[alias] if owners_node is not None and
             hasattr(owners_node, "key_locs") else rec.loc)
            for alias, owner in rec.get("alias_owners", {}).items())
        return Site(
            title=rec["title"], subtitle=rec.get("subtitle"), language=rec.get("language", "en"),
            base_url=rec.get("base_url"), bottom_line=self.statement(rec["bottom_line"]),
            key_judgments=tuple(self.statement(s) for s in rec["key_judgments"]),
            loc=rec.loc, alias_owners=owners)

    def article(self, path: Path) -> Article | None:
        rel = self.rel(path)
        text = self.read(path)
        if text is None:
            return None
        front, front_line, body, body_line = split_front_matter(text)
        if front is None:
            self.fail(Loc(rel), "front-matter", "an article starts with front matter between "
                      "two '---' lines (title, publisher, published ...)")
            return None
        node, problems = parse_yaml(front, rel, line_offset=front_line - 1)
        self.diagnostics.extend(problems)
        if problems:
            return None
        if node is None:
            self.fail(Loc(rel, front_line), "front-matter", "the front matter is empty: an "
                      "article needs at least title, publisher and published")
            return None
        rec = self.coerce().record(node, schema.ARTICLE, "front matter")
        if rec is None:
            return None
        env: dict[str, list[MarkdownProblem]] = {}
        tokens = self.md.parse(body, env)
        for problem in env.get(PROBLEMS, []):
            self.fail(Loc(rel, body_line + problem.line), problem.code, problem.message)
        for line, col, written in source_wikilinks(tokens, body):
            self.diagnostics.append(warning(
                Loc(rel, body_line + line, col), "wikilink-in-article",
                f"{written} is shown as written: an article is source text, kept as it was "
                "published, so it holds no [[id]] links (the names in it are linked by "
                "themselves)"))
        blocks = list(split_blocks(tokens, body_line))
        if not any(b.kind == "para" for b in blocks):
            self.fail(Loc(rel, body_line), "empty", "the article has no text after its "
                      "front matter")
        return Article(
            id=path.stem, path=rel, digest=self.digest(path), title=rec["title"], publisher=rec["publisher"],
            published=rec["published"], blocks=tuple(blocks), tokens=tuple(tokens), loc=rec.loc,
            body=body,
            short_name=rec.get("short_name"), dateline=rec.get("dateline"),
            byline=rec.get("byline"), url=rec.get("url"), accessed=rec.get("accessed"))

    def profile(self, kind: str, path: Path) -> Profile | None:
        node = self.yaml(path)
        if node is None:
            return None
        rec = self.coerce().record(node, schema.PROFILES[kind], f"{kind} profile")
        if rec is None:
            return None
        common = {"name", "aliases", "summary", "facts", "relations"}
        fields = tuple((f.name, rec[f.name]) for f in schema.PROFILES[kind].fields
                       if f.name not in common and f.name in rec)
        relations_node = node.get("relations") if hasattr(node, "get") else None
        relations = []
        for rel_type, targets in rec.get("relations", {}).items():
            items_node = relations_node.get(rel_type) if relations_node is not None else None
            locs = [item.loc for item in items_node.items] if isinstance(items_node, YSeq) else []
            for index, target in enumerate(targets):
                loc = locs[index] if index < len(locs) else rec.loc_of("relations")
                relations.append((rel_type, target, loc))
        aliases, alias_locs = self.aliases(rec, node.get("aliases") if hasattr(node, "get") else None)
        return Profile(
            id=path.stem, kind=kind, path=self.rel(path), digest=self.digest(path),
            name=rec["name"],
            summary=rec["summary"], loc=rec.loc, aliases=aliases, fields=fields,
            facts=tuple(self.statement(s) for s in rec.get("facts", ())),
            relations=tuple(relations), alias_locs=alias_locs)

    def entries(self, path: Path, spec: schema.Obj) -> Iterable[tuple[Record, YNode]]:
        node = self.yaml(path)
        if node is None:
            self.unloaded.add("*")  # every id of the file is unknown
            return
        if not isinstance(node, YSeq):
            self.fail(node.loc, "type", f"{self.rel(path)} must be a list of {spec.name} entries "
                      "(each starting with '- id: ...')")
            self.unloaded.add("*")
            return
        for item in node.items:
            rec = self.coerce().record(item, spec, spec.name)
            if rec is not None:
                yield rec, item
            elif isinstance(item, YMap) and isinstance(item.get("id"), YScalar):
                self.unloaded.add(item.get("id").text)  # type: ignore[union-attr]

    def terms(self) -> list[Term]:
        paths = [self.root / "glossary.yaml"] if (self.root / "glossary.yaml").is_file() else []
        paths += self.listing(self.root / "glossary", "*.yaml")
        return [term for path in paths for term in self.list_file(path, self.file_terms)]

    def file_terms(self, path: Path) -> list[Term]:
        terms = []
        for rec, item in self.entries(path, schema.TERM):
            aliases, alias_locs = self.aliases(rec, item.get("aliases") if hasattr(item, "get") else None)
            terms.append(Term(
                id=rec["id"], term=rec["term"], short=rec["short"],
                definition=rec["definition"], loc=rec.loc, aliases=aliases,
                sources=tuple(self.citation(c) for c in rec.get("sources", ())),
                alias_locs=alias_locs))
        return terms

    def comparisons(self) -> list[Comparison]:
        path = self.root / "comparisons.yaml"
        return self.list_file(path, self.file_comparisons) if path.is_file() else []

    def file_comparisons(self, path: Path) -> list[Comparison]:
        found = []
        for rec, _ in self.entries(path, schema.COMPARISON):
            accounts = tuple(Account(a["source"], self.citation(a),
                                     a.get("says")) for a in rec["accounts"])
            found.append(Comparison(rec["id"], rec["topic"], rec["aspect"], accounts, rec["note"],
                                    rec.loc))
        return found

    def list_file(self, path: Path, parse: Callable[[Path], list[T]]) -> list[T]:
        """The entries of a YAML list file, parsed once per distinct content.

        The ids a broken entry would have had are remembered with the entries (see `unloaded`),
        so a rebuild from the cache reports exactly what a clean build does.
        """
        def make() -> tuple[list[T], frozenset[str]]:
            before = set(self.unloaded)
            return parse(path), frozenset(self.unloaded - before)

        found = self.cached(path, make)
        if found is None:
            self.unloaded.add("*")  # unreadable: every id of the file is unknown
            return []
        entries, unloaded = found
        self.unloaded |= unloaded
        return entries

    def all(self) -> Content | None:
        if not self.root.is_dir():
            self.fail(Loc(str(self.root)), "missing-dir", "content folder not found")
            return None
        if not self.readable(self.root):
            return None
        if not any((self.root / name).exists() for name in ("site.yaml", "articles", "profiles")):
            shown = self.label or str(self.root)
            self.fail(Loc(shown), "missing-dir", _not_content(self.root, shown))
            return None  # not a content folder: listing its files as stray would only bury this
        site = self.site()
        articles = []
        for path in self.listing(self.root / "articles", "*.md"):
            if self.check_id(path.stem, Loc(self.rel(path))):
                article = self.cached(path, lambda: self.article(path))
                if article is not None:
                    articles.append(article)
                else:
                    self.unloaded.add(path.stem)
        profiles = []
        profiles_dir = self.root / "profiles"
        if profiles_dir.is_dir() and self.linked(profiles_dir):
            self.unloaded.add("*")  # never read (stray_files names the link): its ids are unknown
        elif profiles_dir.is_dir() and not self.readable(profiles_dir):
            self.unloaded.add("*")
        elif profiles_dir.is_dir():
            for kind_dir in sorted(p for p in profiles_dir.iterdir() if p.is_dir()):
                if kind_dir.name not in schema.PROFILE_KINDS:
                    self.fail(Loc(self.rel(kind_dir)), "unknown-kind",
                              f"unknown profile kind '{kind_dir.name}'; use one of "
                              f"{', '.join(schema.PROFILE_KINDS)}")
                    self.unloaded.add("*")  # its profiles are not read: their ids are unknown
                    continue
                for path in self.listing(kind_dir, "*.yaml"):
                    if self.check_id(path.stem, Loc(self.rel(path))):
                        profile = self.cached(
                            path, lambda: self.profile(kind_dir.name, path))
                        if profile is not None:
                            profiles.append(profile)
                        else:
                            self.unloaded.add(path.stem)
        self.stray_files()
        terms = self.terms()
        comparisons = self.comparisons()
        if site is None:
            return None
        fingerprint = hashlib.sha1(repr(sorted(self.digests.items())).encode()).hexdigest()
        return Content(site, tuple(articles), tuple(profiles), tuple(terms), tuple(comparisons),
                       frozenset(self.unloaded), fingerprint)

    def stray_files(self) -> None:
        """Files the build would silently ignore are reported, so nothing is lost unseen."""
        expected = {"site.yaml", "glossary.yaml", "comparisons.yaml"}
        seen: dict[str, Path] = {}  # by name folded as case-insensitive file systems do
        for path in _tree(self.root, self.readable):
            rel = self.inner(path)
            folded = unicodedata.normalize("NFC", rel).casefold()
            if folded in seen:
                other = seen[folded]
                self.fail(Loc(self.rel(path)), "name-collision",
                          f"{self.rel(path)} and {self.rel(other)} "
                          f"{_how_alike(rel, self.inner(other))}; rename or remove one")
            seen.setdefault(folded, path)
            if path.is_symlink() and not path.is_file():
                self.fail(Loc(self.rel(path)), "symlink", SYMLINK_MESSAGE)
                continue
            if path.is_dir() or is_editor_temp(path.name):
                continue
            parts = rel.split("/")
            ok = (rel in expected
                  or (parts[0] == "articles" and len(parts) == 2 and path.suffix == ".md")
                  or (parts[0] == "glossary" and len(parts) == 2 and path.suffix == ".yaml")
                  or (parts[0] == "profiles" and len(parts) == 3 and path.suffix == ".yaml"))
            if not ok:
                self.fail(Loc(self.rel(path)), "stray-file", "this file is not part of the content model "
                          "(articles/*.md, profiles/<kind>/*.yaml, glossary.yaml, "
                          "comparisons.yaml, site.yaml); move or remove it")


def _tree(root: Path, unreadable: Callable[[Path], object]) -> list[Path]:
    """Everything under root, as sorted(root.rglob("*")) gives it (links to folders are not
    followed), with far fewer system calls; each folder that cannot be read is given to
    `unreadable`."""
    found = []
    for folder, dirs, files in os.walk(root, onerror=lambda exc: unreadable(Path(exc.filename))):
        base = Path(folder)
        found += [base / name for name in dirs + files]
    return sorted(found, key=lambda path: path.parts)


def _not_content(root: Path, shown: str) -> str:
    """Why a folder is not a content folder, and where the content folder may be."""
    found = sorted(p.parent.name for p in root.glob("*/site.yaml"))
    hint = (f"; did you mean --content {shown}/{found[0]}?" if found else
            "; point --content at the folder that holds site.yaml")
    return f"not a content folder: it has no site.yaml, articles/ or profiles/{hint}"


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


def source_wikilinks(tokens: list[Any], body: str) -> list[tuple[int, int, str]]:
    """Turn every `[[id]]` of an article body back into the text it was written as, and give
    (0-based line in the body, 1-based column, text) of each."""
    lines = body.split("\n")
    found = []
    for token in tokens:
        if token.type != "inline" or not token.map:
            continue
        line = token.map[0]
        for index, child in enumerate(token.children or []):
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "wikilink":
                col = lines[line].find(child.content) + 1 if line < len(lines) else 0
                found.append((line, max(col, 1), child.content))
                token.children[index] = Token("text", "", 0, content=child.content)
    return found


def split_blocks(tokens: list[Any], first_line: int) -> Iterable[Block]:
    """Top-level blocks of an article: headings start sections, everything else is numbered."""
    number = 0
    section = 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        end = index + 1
        if token.nesting == 1:
            depth = 1
            while depth and end < len(tokens):
                depth += tokens[end].nesting
                end += 1
        line = first_line + (token.map[0] if token.map else 0)
        if token.type == "heading_open":
            section += 1
            yield Block("heading", 0, plain_text(tokens[index:end]), line, section, index, end)
        elif token.type != "hr":
            number += 1
            yield Block("para", number, plain_text(tokens[index:end]), line, section, index, end)
        index = end


def load(content_dir: Path, md: MarkdownIt, cache: ParseCache | None = None,
         stats: StatCache | None = None) -> tuple[Content | None, list[Diagnostic]]:
    """Read every content file; return the content (None if unusable) and all problems found.

    With a cache, files whose text is unchanged since an earlier load are not parsed again;
    entries for files that no longer exist (or changed) are dropped from it. With a stat cache
    as well, a file whose status (inode, size, times) is as when it was last read, a while after
    it last changed, is not even read again.
    """
    label = Path(os.path.normpath(content_dir)).as_posix()
    loader = Loader(content_dir.resolve(), md, "" if label == "." else label, cache=cache,
                    stats=stats)
    content = loader.all()
    if cache is not None:
        for key in set(cache) - loader.used:
            del cache[key]
    if stats is not None:
        for path in set(stats) - loader.seen:
            del stats[path]
    return content, loader.diagnostics
