"""The on-disk build cache (`.briefing-cache/`): what one `briefing build` leaves for the next.

It holds the parsed files and linked articles (each keyed by the content they came from), the
key of every page written and the size and modification time of its file in the output, the
diagnostics of the build, and a fingerprint of the whole content folder. A later build in a
fresh process then parses, links and renders only what changed, and takes every other page
from the previous output as it is.

The cache is two pickles: a small manifest (the key, the fingerprint, the outputs and the
diagnostics), which is all a build with nothing changed reads, and the parsed and linked items.
Both carry a key made of the cache format, the Python version, the generator's own source code,
the templates and the build options: any change to those, and any cache that cannot be read,
means the cache is ignored and the build starts from scratch.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterator, TypeVar

from generator.diagnostics import Diagnostic
from generator.linking.link import LinkCache, MarkdownCache, QuoteCache
from generator.content.load import MAX_FILE_BYTES, ParseCache
from generator.content.model import Article
from generator.rendering.render import ArticleCache

FORMAT = 1
MANIFEST_FILE = "manifest.pickle"
ITEMS_FILE = "items.pickle"
GENERATOR_DIR = Path(__file__).resolve().parent.parent
T = TypeVar("T")

Outputs = dict[str, tuple[str, int, int]]  # output path -> (page key or "", size, mtime in ns)


@dataclass
class Manifest:
    key: str  # format, Python, generator code, templates, options
    fingerprint: str  # of the content folder: every name and every file's bytes; "" unknown
    outputs: Outputs = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class Items:
    key: str
    parse_cache: ParseCache = field(default_factory=dict)
    link_cache: LinkCache = field(default_factory=dict)
    quote_cache: QuoteCache = field(default_factory=dict)
    markdown_cache: MarkdownCache = field(default_factory=dict)
    article_cache: ArticleCache = field(default_factory=ArticleCache)


def _hash_tree(digest: Any, root: Path) -> None:
    """Feed every entry under root into the digest: its relative name, kind and bytes.

    Only regular files the loader would read are read (a FIFO would block, a socket cannot be
    read, and a file over the size limit is refused anyway): the others count by kind and size.
    """
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        base = Path(folder)
        rel = base.relative_to(root).as_posix()
        for name in sorted(files):
            path = base / name
            digest.update(f"\0{rel}/{name}\0".encode())
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                digest.update(b"symlink")
            elif not stat.S_ISREG(info.st_mode):
                digest.update(f"special {stat.S_IFMT(info.st_mode)}".encode())
            elif info.st_size > MAX_FILE_BYTES:
                digest.update(f"too large {info.st_size} {info.st_mtime_ns}".encode())
            else:
                try:
                    digest.update(path.read_bytes())
                except OSError as exc:  # unreadable: the loader reports it
                    digest.update(f"unreadable {exc.errno} {info.st_mtime_ns}".encode())
        for name in dirs:
            if (base / name).is_symlink():
                digest.update(f"\0{rel}/{name}\0symlink-dir".encode())


def fingerprint(content_dir: Path) -> str:
    """Changes whenever anything in the content folder does: a name, a file, a byte.

    A folder that is not a content folder (no site.yaml, articles/ or profiles/) is not walked:
    the build stops at once with an error, and the folder may be anything, such as /.
    """
    digest = hashlib.sha1()
    if any((content_dir / name).exists() for name in ("site.yaml", "articles", "profiles")):
        _hash_tree(digest, content_dir)
    return digest.hexdigest()


def cache_key(templates_dir: Path, options: tuple[object, ...]) -> str:
    """What every cached item silently depends on besides the content."""
    digest = hashlib.sha1(f"{FORMAT}\0{sys.version}\0{options!r}".encode())
    for path in sorted(GENERATOR_DIR.rglob("*.py")):
        digest.update(path.relative_to(GENERATOR_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    if templates_dir.is_dir():
        _hash_tree(digest, templates_dir)
    return digest.hexdigest()


def _read(path: Path, kind: type[T], key: str) -> T | None:
    gc.disable()  # unpickling makes many objects and no cycles: collecting only costs time
    try:
        # opened without waiting, so that a named pipe in its place cannot hang the build
        with os.fdopen(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            stored = pickle.load(handle)
    except Exception:  # missing, truncated, corrupt or from other code: start afresh
        return None
    finally:
        gc.enable()
    if not isinstance(stored, kind) or stored.key != key:
        return None
    return stored


def _write(path: Path, stored: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.stem}-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(stored, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def load_manifest(cache_dir: Path, key: str) -> Manifest | None:
    """The manifest of the last build if intact and made under the same key; else None."""
    return _read(cache_dir / MANIFEST_FILE, Manifest, key)


def load_items(cache_dir: Path, key: str) -> Items | None:
    """The parsed and linked items of the last build if intact and under the same key."""
    return _read(cache_dir / ITEMS_FILE, Items, key)


def save(cache_dir: Path, manifest: Manifest, items: Items) -> None:
    """Write the cache atomically, the manifest last. Articles are stored without their
    tokens: the body is parsed again on the rare rebuild that needs them."""
    light: ParseCache = {}
    for file_key, (item, problems) in items.parse_cache.items():
        if isinstance(item, Article):
            item = replace(item, tokens=())
        light[file_key] = (item, problems)
    (cache_dir / MANIFEST_FILE).unlink(missing_ok=True)
    _write(cache_dir / ITEMS_FILE, replace(items, parse_cache=light))
    _write(cache_dir / MANIFEST_FILE, manifest)


def record_outputs(out_dir: Path, keys: dict[str, str]) -> Outputs:
    """The size and modification time of every file just written, with its page key."""
    outputs: Outputs = {}
    for path, key in keys.items():
        info = os.stat(out_dir / path)
        outputs[path] = (key, info.st_size, info.st_mtime_ns)
    return outputs


def intact(out_dir: Path, outputs: Outputs) -> dict[str, str]:
    """The outputs still on disk as they were written: path -> page key."""
    found = {}
    for path, (key, size, mtime) in outputs.items():
        try:
            info = os.stat(out_dir / path)
        except OSError:
            continue
        if info.st_size == size and info.st_mtime_ns == mtime:
            found[path] = key
    return found


def walk(out_dir: Path) -> Iterator[str]:
    """Every file in the output folder, as a path relative to it."""
    for folder, _, files in os.walk(out_dir):
        rel = os.path.relpath(folder, out_dir)
        for name in files:
            yield name if rel == "." else f"{rel}/{name}"


def exactly(out_dir: Path, outputs: Outputs) -> bool:
    """True if the output folder holds these files, unchanged, and nothing else."""
    if len(intact(out_dir, outputs)) != len(outputs):
        return False
    return sum(1 for _ in walk(out_dir)) == len(outputs)
