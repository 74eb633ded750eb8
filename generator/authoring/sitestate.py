"""The site `briefing serve` serves: the files of the last good build, swapped whole under a
lock, the errors or editorial warnings to show over its pages, and which pages are open in a
browser.

A rebuild may swap in the pages open first (`publish_early`); until it publishes the whole
site, a request for any other file waits (`served`), and the rest of the rebuild waits while
the pages swapped in are fetched (`wait_for_readers`).
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator, cast

from generator.build import BuildResult
from generator.diagnostics import Diagnostic, Severity
from generator.output.search import INDEX_FOLDER

REBUILD_WAIT = 120.0  # seconds a request waits for a rebuild under way before it is answered
# Once a rebuild's first pages are swapped in, the rest of it waits while the readers of those
# pages fetch them (and what they load with them): until the pages open were fetched and no
# request came for READERS_QUIET seconds, READERS_WAIT seconds at most. A request answered
# while the rebuild runs in this process waits its turn at every read and write.
READERS_QUIET = 0.03
READERS_WAIT = 0.3


@dataclass
class SiteState:
    """The site being served, swapped whole under a lock."""

    files: dict[str, bytes] = field(default_factory=dict)
    search: dict[str, bytes] = field(default_factory=dict)  # the index of `files`, made after
    # the bundles of that index: folder -> (the key of the pages it was made from, its files)
    bundles: dict[str, tuple[str, dict[str, bytes]]] = field(default_factory=dict)
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)  # editorial, of the site served
    version: int = 0
    builds: int = 0
    indexed: int = 0  # search indexes made
    changed: threading.Condition = field(default_factory=threading.Condition)
    # while a rebuild is under way after its first pages were swapped in: the files that may
    # be served (those pages and the assets); None when the site served is whole
    settled: frozenset[str] | None = None
    shown: Counter[str] = field(default_factory=Counter)  # pages open, by reload connections
    awaited: set[str] = field(default_factory=set)  # pages swapped in early, open, not fetched
    requests: int = 0  # requests for files being answered
    last_request: float = 0.0  # when the last of them was answered (time.monotonic())

    def publish(self, result: BuildResult) -> None:
        with self.changed:
            self.builds += 1
            settled, self.settled = self.settled, None
            self.changed.notify_all()  # requests held for the whole site
            if result.ok:
                files = cast(dict[str, bytes], result.files)  # in memory: bytes only
                warnings = [d for d in result.diagnostics if d.severity is Severity.WARNING]
                # nothing a reader saw changed (since the build began, or since the first
                # pages were swapped in: only they were served since): no reload
                unseen = not self.errors and warnings == self.warnings and (
                    files == self.files if settled is None else
                    all(files.get(path) == self.files[path] for path in settled))
                self.files = files
                if unseen:
                    return
                self.errors = []
                self.warnings = warnings
            else:
                self.errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
            self.version += 1

    def publish_early(self, files: dict[str, bytes]) -> None:
        """Swap in the pages a rebuild made first (with the assets), if any changed, and
        reload the browser; until publish() is given the whole site, nothing else is served.
        Not while errors are shown: the page would show them as if they were still there."""
        with self.changed:
            if self.errors or all(self.files.get(path) == data for path, data in files.items()):
                return
            self.files = {**self.files, **files}
            self.settled = frozenset(files)
            self.awaited = {path for path in files if self.shown[path]}
            self.version += 1
            self.changed.notify_all()

    def wait_for_readers(self, quiet: float = READERS_QUIET, most: float = READERS_WAIT
                         ) -> None:
        """Wait until the pages swapped in early that were open have been fetched and no
        request for a file has been answered for `quiet` seconds; `most` seconds at most."""
        deadline = time.monotonic() + most
        with self.changed:
            while (now := time.monotonic()) < deadline:
                if not self.awaited and not self.requests and \
                        now >= self.last_request + quiet:
                    return
                busy = self.awaited or self.requests
                self.changed.wait(deadline - now if busy else self.last_request + quiet - now)

    @contextmanager
    def answering(self, rel: str) -> Iterator[None]:
        """While a request for a file is answered (one that waits for a rebuild is not)."""
        with self.changed:
            self.requests += 1
            self.awaited.discard(rel)
        try:
            yield
        finally:
            with self.changed:
                self.requests -= 1
                self.last_request = time.monotonic()
                self.changed.notify_all()

    def served(self, rel: str) -> tuple[dict[str, bytes], list[Diagnostic], int,
                                         list[Diagnostic]]:
        """(files, errors, version, warnings) to serve `rel` from, once it is settled (a
        search file is served from the index at once)."""
        with self.changed:
            if rel.startswith(f"{INDEX_FOLDER}/"):
                return self.search, self.errors, self.version, self.warnings
            self.changed.wait_for(lambda: self.settled is None or rel in self.settled,
                                  timeout=REBUILD_WAIT)
            return self.files, self.errors, self.version, self.warnings

    def open_pages(self) -> frozenset[str]:
        with self.changed:
            return frozenset(self.shown)

    def wait_for_change(self, version: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version != version, timeout=timeout)
            return self.version
