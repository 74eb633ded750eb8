"""Full-text search without a server: a Pagefind index of the finished site.

Pagefind reads the built HTML and writes a static index (`pagefind/`) that the search page
queries in the browser. Which pages and which parts of them are indexed, and how heavily each
part counts, is marked up in the templates with `data-pagefind-*` attributes: profiles, the
glossary, sources, the comparisons and the home page's judgments carry `data-pagefind-body`,
and names and aliases carry a high `data-pagefind-weight` so that a name finds its profile first.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable

from generator import urls
from generator.diagnostics import Diagnostic, Loc, error
from generator.content.model import KIND_PLURALS

INDEX_FOLDER = "pagefind"
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
    """A glob of the pages that carry `data-pagefind-body`, so Pagefind reads no other page.

    The lists that grow with the archive (indexes, numbered pages, the timeline, every article
    that mentions an entry) hold nothing a search needs, and reading them would double the
    indexing time of a large site.
    """
    pages = [urls.home(), urls.compare(), urls.glossary(), urls.source("*")]
    pages += [urls.profile(kind, "*") for kind in KIND_PLURALS]
    return "{" + ",".join(pages) + "}"


def pagefind_command(site_dir: Path) -> list[str]:
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir),
               "--output-subdir", INDEX_FOLDER, "--quiet", "--glob", indexed_pages()]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


def is_indexed(path: str) -> bool:
    """True for the pages indexed_pages() names."""
    return _INDEXED.fullmatch(path) is not None


_INDEXED = re.compile("|".join(re.escape(page).replace(r"\*", "[^/]*")
                               for page in indexed_pages()[1:-1].split(",")))


class Indexer:
    """Pagefind, indexing a folder in the background while the build writes the rest of it.

    Start it once every page it reads (is_indexed) is in the folder; the pages written after
    are not read. finish() waits for the index; stop() abandons it. A `background` index runs
    at low priority (`nice`, where there is one), so that it never slows the work it follows.
    """

    def __init__(self, site_dir: Path, background: bool = False) -> None:
        self.site_dir = site_dir
        command = pagefind_command(site_dir)
        nice = shutil.which("nice") if background else None
        if nice is not None:
            command = [nice, "-n", "15", *command]
        try:
            self.process = subprocess.Popen(command, stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE, text=True)
        except OSError as exc:
            raise SearchIndexError(f"could not run Pagefind: {exc}") from exc

    def finish(self) -> None:
        """Wait for the index in site_dir/pagefind; raise SearchIndexError on any failure."""
        try:
            stdout, stderr = self.process.communicate(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired as exc:
            self.stop()
            raise SearchIndexError(f"could not run Pagefind: {exc}") from exc
        output = "\n".join(part.strip() for part in (stdout, stderr) if part.strip())
        if self.process.returncode != 0:
            raise SearchIndexError(f"Pagefind failed (exit status {self.process.returncode}): "
                                   f"{output or 'no output'}")
        bundle = self.site_dir / INDEX_FOLDER
        if not (bundle / "pagefind.js").is_file():
            raise SearchIndexError(f"Pagefind wrote no index: {output or 'no output'}")
        for name in UNUSED_BUNDLE_FILES:
            (bundle / name).unlink(missing_ok=True)

    def cancel(self) -> None:
        """From another thread than finish()'s: end Pagefind, so that finish() raises."""
        if self.process.poll() is None:
            self.process.kill()

    def stop(self) -> None:
        """Abandon the index: end Pagefind if it is still running."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


def index_files(pages: dict[str, bytes],
                started: Callable[[Indexer], None] | None = None) -> dict[str, bytes]:
    """The search index of a site held in memory (as `briefing serve` holds it), as files.

    The pages Pagefind reads are written to a scratch folder, indexed there in the background
    (see Indexer), and the index is read back: {"pagefind/...": bytes}. `started` is given the
    running Indexer, so another thread can stop() it. Raises SearchIndexError on any failure.
    """
    with tempfile.TemporaryDirectory(prefix="briefing-search-", ignore_cleanup_errors=True) as scratch:
        root = Path(scratch)
        for path, data in pages.items():
            if is_indexed(path):
                (root / path).parent.mkdir(parents=True, exist_ok=True)
                (root / path).write_bytes(data)
        indexer = Indexer(root, background=True)
        if started is not None:
            started(indexer)
        indexer.finish()
        bundle = root / INDEX_FOLDER
        return {f"{INDEX_FOLDER}/{p.relative_to(bundle).as_posix()}": p.read_bytes()
                for p in sorted(bundle.rglob("*")) if p.is_file()}
