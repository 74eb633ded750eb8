"""The real briefing, built with its search index, served on 127.0.0.1 and opened in Chromium.

The server sends the Content-Security-Policy from netlify.toml, so the tests also prove that
the published pages (search included) work under it. Chromium is Debian's (/usr/bin/chromium,
or $CHROMIUM); axe-core comes from npm. `scripts/install-test-deps` installs both.
"""

from __future__ import annotations

import functools
import os
import threading
import tomllib
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

import pytest

from generator.build import build

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE_JS = Path(os.environ.get("AXE_JS", REPO / ".cache/npm/node_modules/axe-core/axe.min.js"))
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
INSTALL_HINT = "run scripts/install-test-deps (as `make test` does) to install it"


def published_headers() -> dict[str, str]:
    """The response headers netlify.toml sets for every path."""
    config = tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))
    headers: dict[str, str] = {}
    for rule in config.get("headers", []):
        if rule.get("for") == "/*":
            headers.update(rule.get("values", {}))
    return headers


class _Handler(SimpleHTTPRequestHandler):
    extra_headers: dict[str, str] = {}

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("e2e") / "site"
    result = build(REPO / "content", out)
    assert result.ok, [d.format() for d in result.diagnostics]
    return out


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    handler = type("Handler", (_Handler,), {"extra_headers": published_headers()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"no Chromium at {CHROMIUM}: {INSTALL_HINT}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.is_file():
        pytest.fail(f"no axe-core at {AXE_JS}: {INSTALL_HINT}")
    return AXE_JS.read_text(encoding="utf-8")


class Tab:
    """A browser page that records console errors, uncaught exceptions and CSP refusals."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, path: str) -> Any:
        self.page.goto(self.base_url + path, wait_until="load")
        return self.page


@pytest.fixture
def tab(browser: Any, base_url: str) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    opened = Tab(page, base_url)
    yield opened
    context.close()
    assert opened.errors == [], "the page logged errors (a CSP refusal shows up here too)"
