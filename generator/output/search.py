"""Full-text search without a server: a Pagefind index of the finished site, in bundles.

Pagefind reads the built HTML and writes a static index that the search page queries in the
browser. Which pages and which parts of them are indexed, and how heavily each part counts, is
marked up in the templates with `data-pagefind-*` attributes: profiles, the glossary, sources,
the comparisons and the home page's judgments carry `data-pagefind-body`, and names and
aliases carry a high `data-pagefind-weight` so that a name finds its profile first.

A large archive is indexed in bundles (urls.search_bundles): the main bundle (`pagefind/`)
holds the profiles, the glossary, the comparisons and the home page, and each of up to eight
source bundles (`pagefind/s0/` ...) a share of the sources; the search page merges them in the
browser (Pagefind's mergeIndex). A bundle is made again only when a page it indexes changed,
and each Pagefind run holds only its own bundle's pages in memory.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Callable, Iterable

from generator import urls
from generator.content.model import KIND_PLURALS
from generator.diagnostics import Diagnostic, Loc, error
from generator.memo import key

INDEX_FOLDER = urls.SEARCH_FOLDER
# Not indexed, wherever they appear: a glossary tooltip (its words would count as words of every
# paragraph that mentions the term), and labels that would fill excerpts with noise: a
# statement's kind badge and who says it, citation links, endnote numbers, table captions and
# the "Editor's note" and "Aspect" labels of a comparison.
EXCLUDE_SELECTORS = (".tip", ".badge", ".statement-meta", ".cite", ".note-ref", "caption",
                     ".note-label", ".aspect")
TIMEOUT_SECONDS = 300
# Pagefind also writes ready-made search interfaces; the search page uses its own script and
# only the core API (pagefind.js, its worker, the WebAssembly and the index), so these go.
UNUSED_BUNDLE_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js",
                       "pagefind-component-ui.css", "pagefind-modular-ui.js",
                       "pagefind-modular-ui.css", "pagefind-highlight.js")


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site."""

    def diagnostic(self) -> Diagnostic:
        return error(Loc(INDEX_FOLDER), "search-index", str(self))


def indexed_pages() -> str:
    """A glob of the pages that carry `data-pagefind-body`: no other page is indexed.

    The lists that grow with the archive (indexes, numbered pages, the timeline, every article
    that mentions an entry) hold nothing a search needs, and reading them would double the
    indexing time of a large site.
    """
    pages = [urls.home(), urls.compare(), urls.glossary(), urls.source("*")]
    pages += [urls.profile(kind, "*") for kind in KIND_PLURALS]
    return "{" + ",".join(pages) + "}"


def is_indexed(path: str) -> bool:
    """True for the pages indexed_pages() names."""
    return _INDEXED.fullmatch(path) is not None


_INDEXED = re.compile("|".join(re.escape(page).replace(r"\*", "[^/]*")
                               for page in indexed_pages()[1:-1].split(",")))


@dataclass(frozen=True)
class Bundle:
    """One Pagefind bundle: its folder, the pages it indexes, and the key of what it is made
    from (those pages' bytes, and how Pagefind is run)."""

    folder: str
    pages: tuple[str, ...]
    key: str


def bundle(folder: str, pages: dict[str, str]) -> Bundle:
    """The bundle in a folder that indexes these pages (path -> digest of its bytes)."""
    found = sorted(pages)
    return Bundle(folder, tuple(found), key(folder, [(p, pages[p]) for p in found],
                                            EXCLUDE_SELECTORS, UNUSED_BUNDLE_FILES))


def plan(pages: dict[str, str]) -> list[Bundle]:
    """The bundles of a site whose searched pages have these digests (path -> digest)."""
    searched = sorted(p for p in pages if is_indexed(p))
    count = urls.search_bundles(sum(p.startswith("sources/") for p in searched))
    folders: dict[str, dict[str, str]] = {INDEX_FOLDER: {}}
    folders.update({f"{INDEX_FOLDER}/s{n}": {} for n in range(count)})
    for page in searched:
        folders[urls.search_bundle(page, count)][page] = pages[page]
    return [bundle(folder, found) for folder, found in folders.items()]


@cache
def pagefind_binary() -> str:
    """The Pagefind program the installed `pagefind` package runs (found once: starting it
    through `python -m pagefind` would start Python before each bundle). Where the package
    would look first (PAGEFIND_BINARY_PATH, then its `pagefind_bin_extended` package), it is
    looked for without importing the package, whose service imports asyncio (14 ms on the
    way to every search index); else the package is asked."""
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named is not None:
        return str(Path(named).resolve())
    spec = importlib.util.find_spec("pagefind_bin_extended")
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        program = Path(folder) / "pagefind_extended"
        if program.is_file() and os.access(program, os.X_OK):
            return str(program.resolve())
    try:
        from pagefind.service import get_executable  # imported only when a site is indexed
    except ImportError as exc:
        raise SearchIndexError(f"could not run Pagefind: {exc} (pip install "
                               "'pagefind[extended]')") from exc
    found = get_executable()
    if found is None:
        raise SearchIndexError("could not run Pagefind: its program is not installed (pip "
                               "install 'pagefind[extended]')")
    return str(found.resolve())


def pagefind_command(site_dir: Path, bundle: Bundle) -> list[str]:
    command = [pagefind_binary(), "--site", str(site_dir),
               "--output-subdir", bundle.folder, "--quiet",
               "--glob", "{" + ",".join(bundle.pages) + "}"]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


class Indexer:
    """Pagefind runs, one per bundle, in the background while the build writes the rest.

    Start it once every page the bundles read is in the folder; the pages written after are
    not read. finish() waits for every bundle; stop() abandons them (cancel() from another
    thread than finish()'s). A `background` index runs at low priority (`nice`, where there
    is one), so that it never slows the work it follows. `parallel` bundles are made at once.
    """

    def __init__(self, site_dir: Path, bundles: Iterable[Bundle] = (), background: bool = False,
                 parallel: int = 1, more: bool = False) -> None:
        """Index the bundles given; with `more`, also those add() gives until close()."""
        self.site_dir = site_dir
        self.pending = list(bundles)
        self.open = more
        self.nice = shutil.which("nice") if background else None
        self.running: list[subprocess.Popen[str]] = []
        self.failure: BaseException | None = None
        self.stopped = False
        self.lock = threading.Lock()
        self.ready = threading.Condition(self.lock)
        self.threads = [threading.Thread(target=self._work, daemon=True)
                        for _ in range(max(1, parallel if more else
                                           min(parallel, len(self.pending))))]
        for thread in self.threads:
            thread.start()

    def add(self, bundle: Bundle) -> None:
        """One more bundle to make, whose pages are all in the folder now."""
        with self.ready:
            self.pending.append(bundle)
            self.ready.notify()

    def close(self) -> None:
        """No more bundles will be added."""
        with self.ready:
            self.open = False
            self.ready.notify_all()

    def _next(self) -> Bundle | None:
        with self.ready:
            self.ready.wait_for(lambda: self.pending or not self.open or self.stopped
                                or self.failure is not None)
            if self.stopped or self.failure is not None or not self.pending:
                return None
            return self.pending.pop(0)

    def _work(self) -> None:
        while (bundle := self._next()) is not None:
            try:
                self._index(bundle)
            except BaseException as exc:  # raised again by finish(), in the build's thread
                with self.ready:
                    self.failure = self.failure or exc
                    self.ready.notify_all()

    def _index(self, bundle: Bundle) -> None:
        command = pagefind_command(self.site_dir, bundle)
        if self.nice is not None:
            command = [self.nice, "-n", "15", *command]
        with self.lock:
            if self.stopped:
                return
            try:
                process = subprocess.Popen(command, stdout=subprocess.PIPE,
                                           stderr=subprocess.PIPE, text=True)
            except OSError as exc:
                raise SearchIndexError(f"could not run Pagefind: {exc}") from exc
            self.running.append(process)
        try:
            stdout, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired as exc:
            process.kill()
            process.communicate()
            raise SearchIndexError(f"could not run Pagefind: {exc}") from exc
        finally:
            with self.lock:
                self.running.remove(process)
        output = "\n".join(part.strip() for part in (stdout, stderr) if part.strip())
        if process.returncode != 0:
            raise SearchIndexError(f"Pagefind failed (exit status {process.returncode}): "
                                   f"{output or 'no output'}")
        folder = self.site_dir / bundle.folder
        if not (folder / "pagefind-entry.json").is_file():
            raise SearchIndexError(f"Pagefind wrote no index: {output or 'no output'}")
        for name in UNUSED_BUNDLE_FILES:
            (folder / name).unlink(missing_ok=True)

    def finish(self) -> None:
        """Wait for every bundle; raise SearchIndexError on any failure."""
        self.close()
        for thread in self.threads:
            thread.join()
        if self.failure is not None:
            raise self.failure
        if self.stopped:
            raise SearchIndexError("the search index was stopped")

    def cancel(self) -> None:
        """From another thread than finish()'s: end every Pagefind run, so that finish()
        raises."""
        with self.ready:
            self.stopped = True
            self.ready.notify_all()
            for process in self.running:
                if process.poll() is None:
                    process.kill()

    def stop(self) -> None:
        """Abandon the index: end Pagefind runs under way, and wait for them."""
        self.cancel()
        for thread in self.threads:
            thread.join()


def in_bundle(path: str, folder: str) -> bool:
    """True if a file of the site belongs to the bundle in this folder (the main bundle's
    folder holds the source bundles' folders, whose files are theirs)."""
    return bundle_of(path) == folder


def bundle_of(path: str) -> str | None:
    """The folder of the bundle a file of the site belongs to, if any."""
    if not path.startswith(f"{INDEX_FOLDER}/"):
        return None
    found = _SOURCE_BUNDLE.match(path, len(INDEX_FOLDER) + 1)
    return INDEX_FOLDER if found is None else f"{INDEX_FOLDER}/{found.group(1)}"


_SOURCE_BUNDLE = re.compile(r"(s[0-9]+)/")


def bundle_files(site_dir: Path, folder: str) -> dict[str, bytes]:
    """The files of one bundle made in a folder."""
    found = {}
    for path in sorted((site_dir / folder).rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        if path.is_file() and in_bundle(rel, folder):
            found[rel] = path.read_bytes()
    return found


def index_files(pages: dict[str, bytes], digests: dict[str, str],
                previous: dict[str, tuple[str, dict[str, bytes]]],
                started: Callable[[Indexer], None] | None = None
                ) -> dict[str, tuple[str, dict[str, bytes]]]:
    """The search index of a site held in memory (as `briefing serve` holds it): by bundle
    folder, its key and its files. A bundle whose key is that of a `previous` one is taken
    from it; the others are made in a scratch folder, in the background (see Indexer), and
    read back. `started` is given the running Indexer, so another thread can stop() it.
    Raises SearchIndexError like a build."""
    bundles = plan(digests)
    result = {b.folder: previous[b.folder] for b in bundles
              if b.folder in previous and previous[b.folder][0] == b.key}
    todo = [b for b in bundles if b.folder not in result]
    if not todo:
        return result
    with tempfile.TemporaryDirectory(prefix="briefing-search-",
                                     ignore_cleanup_errors=True) as scratch:
        root = Path(scratch)
        for bundle in todo:
            for path in bundle.pages:
                (root / path).parent.mkdir(parents=True, exist_ok=True)
                (root / path).write_bytes(pages[path])
        indexer = Indexer(root, todo, background=True)
        if started is not None:
            started(indexer)
        indexer.finish()
        for bundle in todo:
            result[bundle.folder] = (bundle.key, bundle_files(root, bundle.folder))
    return result
