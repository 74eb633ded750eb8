"""`briefing serve` in Chromium: the page open names itself to the server, and an edit saved
reloads it with the edit."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from generator.authoring.serve import DevServer
from generator.build import DEFAULT_TEMPLATES
from tests.conftest import MINI


def test_the_open_page_is_made_first_and_reloads_with_the_edit(browser: Any,
                                                                 tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    server = DevServer(content, DEFAULT_TEMPLATES, port=0)
    server.start()
    context = browser.new_context()
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"http://127.0.0.1:{server.port}/sources/wire/", wait_until="load")
        deadline = time.monotonic() + 15
        while server.state.open_pages() != {"sources/wire/index.html"}:
            assert time.monotonic() < deadline, server.state.open_pages()
            time.sleep(0.05)
        shown: list[dict[str, bytes]] = []
        send = server.state.publish_early

        def recorded(files: dict[str, bytes]) -> None:
            shown.append(files)
            send(files)

        server.state.publish_early = recorded  # type: ignore[method-assign]
        article = content / "articles/wire.md"
        article.write_text(article.read_text().replace("on Wednesday", "on Wednesday evening"))
        deadline = time.monotonic() + 15
        while "on Wednesday evening" not in _text(page):  # reloaded by the server
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert [sorted(p for p in files if p.endswith(".html")) for files in shown] == [
            ["sources/wire/index.html"]]  # made first, before the rest of the site
        assert errors == []
    finally:
        context.close()
        server.stop()


def _text(page: Any) -> str:
    """The page's text, or "" while it is being reloaded."""
    from playwright.sync_api import Error

    try:
        return str(page.inner_text("body"))
    except Error:
        return ""
