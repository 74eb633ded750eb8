"""`briefing serve`: build, serve on loopback, watch for edits, rebuild and reload the browser.

The site is served from memory: a rebuild swaps in a complete new set of files or, when it
fails, keeps the last good one and shows the errors over the page. The reload script and the
error overlay are added to pages only here, never to `briefing build` output.

The pages open in a browser (each page's reload script names it) are made first: once the
content is loaded and linked, those that changed are swapped in with the theme's assets and
the browser reloads, while the rest of the site is made. Until it is, a request for any
other file waits for it: no page is served from before the edit.
"""

from __future__ import annotations

import json
import mimetypes
import sys
import threading
import time
from collections import Counter
from http import HTTPStatus
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, urlsplit

from watchdog.observers import Observer

from generator.authoring.httpd import (StrictHandler, find_netlify_toml, listen, read_headers,
                                      resolve_request_path)
from generator.build import BuildResult, Builder, Early, collect_less
from generator.diagnostics import Diagnostic
from generator.authoring.overlay import OVERLAY_CSS, RELOAD_JS, SERVER_PREFIX, inject
from generator.authoring.sitestate import SiteState
from generator.authoring.watch import EVENTS, QUIET_SECONDS, Changes, Debouncer, _Watch
from generator.output.search import Indexer, SearchIndexError, index_files, is_indexed
from generator.rendering.render import file_digest

# how often the interpreter passes between threads while the server runs (Python's default is
# every 5 ms): a request answered during a rebuild waits for its turn at every read and write
SWITCH_SECONDS = 0.001


def make_handler(state: SiteState) -> type[StrictHandler]:
    class Handler(StrictHandler):
        server_version = "briefing"

        def send_headers(self, status: int, headers: dict[str, str]) -> None:
            """The status, these headers, and those netlify.toml sets for the path (which win
            over a default of the same name; an error is never cached)."""
            self.send_response(status)
            site = self.site_headers(urlsplit(self.path).path)
            if status != HTTPStatus.OK:
                site = {n: v for n, v in site.items() if n.lower() != "cache-control"}
            names = {name.lower() for name in site}
            for name, value in [*((n, v) for n, v in headers.items() if n.lower() not in names),
                                *site.items()]:
                self.send_header(name, value)
            self.end_headers()

        def send_body(self, status: int, body: bytes, content_type: str,
                      extra: dict[str, str] | None = None) -> None:
            self.send_headers(status, {"Content-Type": content_type,
                                       "Content-Length": str(len(body)),
                                       "Cache-Control": "no-store", **(extra or {})})
            if self.command != "HEAD":
                self.wfile.write(body)

        def not_found(self) -> None:
            body = b"<!DOCTYPE html><title>Not found</title><h1>Not found</h1>"
            self.send_body(HTTPStatus.NOT_FOUND, body, "text/html; charset=utf-8")

        def do_HEAD(self) -> None:  # noqa: N802
            self.do_GET()

        def do_GET(self) -> None:  # noqa: N802
            if not self.server.hosts.allows(self.headers.get("Host")):
                self.close_connection = True
                self.send_body(HTTPStatus.FORBIDDEN, b"Forbidden: the Host header is not this "
                               b"server's address; open it at its address, such as "
                               b"http://127.0.0.1:PORT/".replace(
                                   b"PORT", str(self.server.hosts.port).encode()),
                               "text/plain; charset=utf-8")
                return
            if self.path.startswith(SERVER_PREFIX):
                self.server_route(urlsplit(self.path).path[len(SERVER_PREFIX):])
                return
            rel = resolve_request_path(self.path)
            if rel is None:
                self.not_found()
                return
            served = state.served(rel)  # (held while a rebuild makes it)
            with state.answering(rel):
                self.send_file(rel, *served)

        def send_file(self, rel: str, files: dict[str, bytes], errors: list[Diagnostic],
                      version: int, warnings: list[Diagnostic]) -> None:
            if rel not in files and f"{rel}/index.html" in files:
                location = urlsplit(self.path).path + "/"
                self.send_body(HTTPStatus.MOVED_PERMANENTLY, b"", "text/plain",
                               {"Location": location})
                return
            body = files.get(rel)
            if body is None:
                if errors and rel.endswith(".html"):
                    page = b"<!DOCTYPE html><title>Build failed</title><body></body>"
                    self.send_body(HTTPStatus.OK, inject(page, version, errors),
                                   "text/html; charset=utf-8")
                    return
                self.not_found()
                return
            content_type = mimetypes.guess_type(rel)[0] or "application/octet-stream"
            if content_type == "text/html":
                body = inject(body, version, errors, warnings)
            if content_type.startswith("text/") or content_type in ("application/javascript",
                                                                    "application/json"):
                content_type += "; charset=utf-8"
            self.send_body(HTTPStatus.OK, body, content_type)

        def server_route(self, name: str) -> None:
            if name == "reload.js":
                self.send_body(HTTPStatus.OK, RELOAD_JS.encode(), "text/javascript; charset=utf-8")
            elif name == "overlay.css":
                self.send_body(HTTPStatus.OK, OVERLAY_CSS.encode(), "text/css; charset=utf-8")
            elif name == "status":
                with state.changed:
                    status = {"version": state.version, "builds": state.builds,
                              "errors": [d.format() for d in state.errors],
                              "warnings": [d.format() for d in state.warnings]}
                self.send_body(HTTPStatus.OK, json.dumps(status).encode(), "application/json")
            elif name == "events":
                self.events()
            else:
                self.not_found()

        def events(self) -> None:
            query = parse_qs(urlsplit(self.path).query)
            known = query.get("version", [""])[0]
            # the page open, as its reload script names it (requests of others name none)
            page = resolve_request_path(query["page"][0]) if "page" in query else None
            self.send_headers(HTTPStatus.OK, {"Content-Type": "text/event-stream",
                                              "Cache-Control": "no-store",
                                              "Connection": "close"})
            self.close_connection = True
            version = int(known) if known.isdigit() else state.version
            if page is not None:
                with state.changed:
                    state.shown[page] += 1
            try:
                while True:
                    current = state.wait_for_change(version, timeout=15)
                    if current != version:
                        self.wfile.write(f"event: reload\ndata: {current}\n\n".encode())
                        self.wfile.flush()
                        return
                    self.wfile.write(b": ping\n\n")
                    self.wfile.flush()
            except (ConnectionError, TimeoutError):
                return  # the page was closed, or stopped reading
            finally:
                if page is not None:
                    with state.changed:
                        state.shown -= Counter({page: 1})  # and gone once none is left

    return Handler


class Abandoned(Exception):
    """A rebuild begun in a burst of saves that did not end before it showed anything."""


class DevServer:
    """Builds, serves and rebuilds on change; `start()` returns once the first build is served."""

    def __init__(self, content_dir: Path, templates_dir: Path, host: str = "127.0.0.1",
                 port: int = 8000,
                 report: Callable[[BuildResult, float, list[str]], None] | None = None,
                 quiet: float = QUIET_SECONDS, port_given: bool = True,
                 netlify_toml: Path | None = None) -> None:
        """Listens at once (an EnvironmentProblem if it cannot; a port not given moves to the
        next free one). The headers come from netlify_toml, or the project's netlify.toml."""
        self.builder = Builder(content_dir, templates_dir, editorial=True)
        self.changes = Changes()  # the files saved since the last rebuild
        self.content_dir = content_dir
        self.templates_dir = templates_dir
        self.state = SiteState()
        self.report = report
        netlify_toml = netlify_toml or find_netlify_toml(content_dir)
        self.httpd = listen(host, port, make_handler(self.state),
                            read_headers(netlify_toml) if netlify_toml else [], port_given)
        self.debouncer = Debouncer(self.rebuild, quiet)
        self.indexer = Debouncer(self.refresh_search, 0)  # the latest site only, in the background
        self.observer = Observer()
        self._lock = threading.Lock()
        self._search_lock = threading.Lock()
        self._search: Indexer | None = None  # the index under way, if any
        self._search_cancelled = False
        self._closing = False  # stop() was called: no index is wanted any more
        self._reindex = False  # an index was stopped for a rebuild that has not been shown
        self._switch = sys.getswitchinterval()  # the interpreter's, while not serving

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    def rebuild(self) -> None:
        """Build and show the site; begun at the first save of a burst, it shows nothing if
        another save comes before the burst is over (it runs again then)."""
        # an index of the site about to be replaced is wasted
        self._reindex = self.cancel_search() or self._reindex
        with self._lock:
            changed = self.changes.take()
            started = time.perf_counter()
            before = self.state.version  # the first pages may be swapped in during the build
            try:
                result = self.builder.build(None, Early(self.state.open_pages(),
                                                        self.send_first))
            except Abandoned:
                self.changes.add(changed)
                return
            except Exception as exc:  # a template error must not kill the server
                from generator.diagnostics import Loc, error

                result = BuildResult([error(Loc(str(self.templates_dir)), "internal",
                                            f"{type(exc).__name__}: {exc}")])
            if not self.debouncer.settle() and self.state.settled is None:
                self.changes.add(changed)  # read before a later save: the next run shows it
                return
            self.state.publish(result)
            if self._reindex or (result.ok and self.state.version != before):
                self._reindex = False
                self.indexer.trigger()
            if self.report is not None:
                self.report(result, time.perf_counter() - started, changed)
            collect_less()  # once the page has reloaded: what the builder keeps lives on

    def send_first(self, files: dict[str, bytes]) -> None:
        """The pages open, made before the rest of a rebuild: shown once the burst of saves
        is over, or the rebuild is abandoned if another save came since it began."""
        if not self.debouncer.settle():
            raise Abandoned
        self.state.publish_early(files)
        self.state.wait_for_readers()  # their pages first, the rest of the rebuild after

    def refresh_search(self) -> None:
        """Index the site being served, so that search works in `serve` as on the host.

        Runs after each successful rebuild, off the rebuild's path: the page reloads at once
        and search finds the edit a moment later. A failed index keeps the previous one.
        """
        with self.state.changed:
            files, previous = self.state.files, self.state.bundles
        with self._search_lock:
            self._search_cancelled = False
        pages = {p: d for p, d in files.items() if isinstance(d, bytes) and is_indexed(p)}
        try:
            bundles = index_files(pages, {p: file_digest(d) for p, d in pages.items()},
                                  previous, started=self._search_started)
        except SearchIndexError as exc:
            with self._search_lock:
                cancelled = self._search_cancelled
            if not cancelled:
                print(exc.diagnostic().format(), file=sys.stderr)
            return
        finally:
            with self._search_lock:
                self._search = None
        with self.state.changed:
            if self.state.files is files:
                self.state.bundles = bundles
                self.state.search = {path: data for _, found in bundles.values()
                                     for path, data in found.items()}
                self.state.indexed += 1

    def _search_started(self, indexer: Indexer) -> None:
        with self._search_lock:
            self._search = indexer
        if self._closing:
            self.cancel_search()

    def cancel_search(self, closing: bool = False) -> bool:
        """Stop an index under way, if any (a rebuild asks for a new one); `closing`: and any
        later one. True if one was stopped."""
        with self._search_lock:
            self._closing = self._closing or closing
            if self._search is None:
                return False
            self._search_cancelled = True
            self._search.cancel()
            return True

    def start(self) -> None:
        self._switch = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_SECONDS)
        self.rebuild()
        handler = _Watch(self.debouncer, None, self.changes)
        for folder in (self.content_dir, self.templates_dir):
            self.observer.schedule(handler, str(folder), recursive=True, event_filter=EVENTS)
        self.observer.start()
        threading.Thread(target=self.httpd.serve_forever, name="briefing-http",
                         daemon=True).start()

    def stop(self) -> None:
        self.debouncer.stop()
        self.cancel_search(closing=True)
        self.indexer.stop(wait=60)  # its scratch folder is removed when it ends
        self.observer.stop()
        self.observer.join(timeout=5)
        self.httpd.shutdown()
        self.httpd.server_close()
        sys.setswitchinterval(self._switch)
