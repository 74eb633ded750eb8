"""`briefing serve` for real, on a free loopback port."""

from __future__ import annotations

import http.client
import json
import re
import sys
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import pytest
from watchdog.events import FileSystemEvent

from generator.build import DEFAULT_TEMPLATES, build
from generator.authoring.httpd import resolve_request_path
from generator.authoring.overlay import inject
from generator.authoring.serve import DevServer
from generator.authoring.sitestate import SiteState
from generator.authoring.watch import Debouncer, _Watch, is_ignored


@pytest.fixture
def server(mini: Path) -> Iterator[DevServer]:
    dev = DevServer(mini, DEFAULT_TEMPLATES, port=0, quiet=0.2)
    dev.start()
    yield dev
    dev.stop()


def request(server: DevServer, path: str, host: str = "127.0.0.1") -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.putrequest("GET", path, skip_host=True)
    conn.putheader("Host", f"{host}:{server.port}")
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


def status(server: DevServer) -> dict[str, object]:
    return json.loads(request(server, "/__briefing/status")[1])  # type: ignore[no-any-return]


def wait_for_builds(server: DevServer, count: int, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while server.state.builds < count:
        assert time.monotonic() < deadline, f"no rebuild: {server.state.builds} builds"
        time.sleep(0.02)
    time.sleep(0.6)  # any further (unwanted) rebuild would start within this


def reload_event(server: DevServer, version: int) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
    conn.request("GET", f"/__briefing/events?version={version}")
    response = conn.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    lines = []
    while not lines or lines[-1] != "":
        lines.append(response.fp.readline().decode().rstrip("\n"))
        if lines[-1].startswith(":"):
            lines.pop()
    conn.close()
    return "\n".join(lines).strip()


def test_serves_the_site_with_the_reload_script(server: DevServer) -> None:
    code, body = request(server, "/")
    assert code == 200 and b'<script src="/__briefing/reload.js" data-version="1">' in body
    code, body = request(server, "/people/leader-a/")
    assert code == 200 and b">Leader A</h1>" in body
    assert request(server, "/people/leader-a")[0] == 301
    assert request(server, "/__briefing/reload.js")[0] == 200


def test_build_output_never_has_the_reload_script(mini: Path) -> None:
    files = build(mini, None).files
    assert not any(b"__briefing" in data for data in files.values())


def test_an_edit_gives_one_rebuild_and_a_reload_event(server: DevServer, mini: Path) -> None:
    assert server.state.builds == 1
    path = mini / "articles/wire.md"
    path.write_text(path.read_text().replace("on Wednesday", "on Wednesday evening"))
    assert reload_event(server, 1) == "event: reload\ndata: 2"
    wait_for_builds(server, 2)
    assert server.state.builds == 2
    assert b"on Wednesday evening" in request(server, "/sources/wire/")[1]


def test_a_burst_of_saves_gives_one_rebuild(server: DevServer, mini: Path) -> None:
    for name in ("leader-a", "leader-b"):
        path = mini / f"profiles/person/{name}.yaml"
        swap = path.parent / f".{name}.yaml.swp"
        swap.write_text("swap")  # editor swap files
        (path.parent / "4913").write_text("")
        tmp = path.parent / f"{name}.yaml~"
        tmp.write_text(path.read_text())
        path.write_text(path.read_text().replace("summary: ", "summary: Edited. "))
        swap.unlink()
        (path.parent / "4913").unlink()
        tmp.unlink()
    wait_for_builds(server, 2)
    assert server.state.builds == 2
    assert b"Edited." in request(server, "/people/leader-b/")[1]


def test_a_run_begun_in_a_burst_of_saves_shows_nothing_and_runs_again() -> None:
    """A rebuild starts once a save's events are in; a save after it began (the burst goes
    on) tells it, when it is about to show anything, to show nothing: it runs again."""
    shown: list[bool] = []
    began, go = threading.Event(), threading.Event()

    def action() -> None:
        began.set()
        assert go.wait(timeout=5)
        shown.append(debouncer.settle())

    debouncer = Debouncer(action, quiet=0.1)
    try:
        debouncer.trigger()
        assert began.wait(timeout=5)
        settled = time.monotonic()  # the quiet is counted from the last save, not before
        debouncer.trigger()  # another save of the burst, after the run began
        go.set()
        deadline = time.monotonic() + 5
        while len(shown) < 2:
            assert time.monotonic() < deadline, shown
            time.sleep(0.01)
        assert shown == [False, True] and time.monotonic() - settled >= 0.1
        time.sleep(0.2)
        assert len(shown) == 2  # nothing more came: no third run
    finally:
        debouncer.stop(wait=5)


def test_editor_temp_files_alone_cause_no_rebuild(server: DevServer, mini: Path) -> None:
    for name in (".wire.md.swp", "wire.md~", "4913", ".#wire.md"):
        (mini / "articles" / name).write_text("junk")
    time.sleep(1.0)
    assert server.state.builds == 1


def test_reading_the_content_wakes_the_watcher_for_nothing(
        mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every rebuild lists the content folders and reads what changed: the server asks the file
    system only for the events that can cause a rebuild, so those reads give it none to sort
    out while the rebuild runs; a save still does."""
    seen: list[str] = []
    handle = _Watch.on_any_event

    def on_any_event(self: _Watch, event: FileSystemEvent) -> None:
        seen.append(event.event_type)
        handle(self, event)

    monkeypatch.setattr(_Watch, "on_any_event", on_any_event)
    dev = DevServer(mini, DEFAULT_TEMPLATES, port=0, quiet=0.2)
    dev.start()
    try:
        for path in sorted(mini.rglob("*")):
            if path.is_dir():
                list(path.iterdir())
            else:
                path.read_bytes()
        time.sleep(1.0)
        assert seen == [] and dev.state.builds == 1
        article = mini / "articles/wire.md"
        article.write_text(article.read_text() + "\nOne more paragraph.\n")
        wait_for_builds(dev, 2)
        assert "modified" in seen and "opened" not in seen
    finally:
        dev.stop()


def test_a_broken_edit_keeps_the_last_good_site_and_shows_the_error(server: DevServer,
                                                                    mini: Path) -> None:
    path = mini / "profiles/person/leader-b.yaml"
    good = path.read_text()
    path.write_text(good.replace("Leader B hosted Leader A", "Leader B hosted nobody"))
    wait_for_builds(server, 2)
    errors = status(server)["errors"]
    assert errors == [f"{mini}/profiles/person/leader-b.yaml:8:26: error[quote-not-found]: "
                      f"quote not found in {mini}/articles/agency.md: \"Leader B hosted "
                      "nobody\"; the closest is ¶2, which has \"hosted Leader\" where the quote "
                      "has \"hosted nobody\"; copy the words exactly from one paragraph"]
    code, body = request(server, "/people/leader-b/")
    assert code == 200 and b">Leader B</h1>" in body  # the last good page
    assert b'<div id="briefing-errors" role="alert">' in body
    assert b"leader-b.yaml:8:26: error[quote-not-found]" in body
    path.write_text(good)
    wait_for_builds(server, 3)
    assert status(server)["errors"] == []
    assert b"briefing-errors" not in request(server, "/people/leader-b/")[1]


def test_the_open_page_is_served_first_and_no_other_page_before_the_edit(
        server: DevServer, mini: Path) -> None:
    """A page open in a browser is swapped in and reloaded as soon as the content is linked;
    while the rest is made, the assets are served and every other file waits for it: nothing
    is served from before the edit. In the end the site is a clean build's."""
    hold, held = threading.Event(), threading.Event()
    checks = server.builder.editorial_checks

    def held_checks(*args: Any) -> Any:  # the rest of the rebuild waits for the test
        held.set()
        assert hold.wait(timeout=20)
        return checks(*args)

    server.builder.editorial_checks = held_checks  # type: ignore[method-assign]
    page = request(server, "/sources/wire/")[1]
    style = re.search(rb'href="(\.\./\.\./assets/[^"]+\.css)"', page)
    assert style is not None
    listening = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
    listening.request("GET", "/__briefing/events?version=1&page=/sources/wire/")
    assert listening.getresponse().status == 200
    deadline = time.monotonic() + 5
    while "sources/wire/index.html" not in server.state.open_pages():
        assert time.monotonic() < deadline
        time.sleep(0.01)
    article = mini / "articles/wire.md"
    article.write_text(article.read_text().replace("on Wednesday", "on Wednesday evening"))
    assert reload_event(server, 1) == "event: reload\ndata: 2"
    assert held.wait(timeout=10)  # the rest of the rebuild has not begun
    assert b"on Wednesday evening" in request(server, "/sources/wire/")[1]
    assert request(server, "/" + style.group(1).decode().lstrip("./"))[0] == 200
    other: list[tuple[int, bytes]] = []
    waiting = threading.Thread(target=lambda: other.append(request(server, "/sources/agency/")))
    waiting.start()
    waiting.join(timeout=0.5)
    assert waiting.is_alive() and not other  # held until the whole site is made
    hold.set()
    waiting.join(timeout=10)
    wait_for_builds(server, 2)
    listening.close()
    clean = build(mini, None)
    assert other == [(200, inject(clean.files["sources/agency/index.html"], 2, [],
                                  server.state.warnings))]
    assert server.state.files == clean.files and server.state.version == 2


def test_the_rest_of_a_rebuild_waits_while_the_open_pages_are_fetched() -> None:
    """Once a rebuild's first pages are swapped in, the rest of it (which would make every
    request wait its turn) waits until the pages open in a browser are fetched and the
    requests that follow have stopped; not for a page nobody has open, nor past its limit."""
    state = SiteState()
    state.shown["a/index.html"] += 1
    state.publish_early({"a/index.html": b"new a", "b/index.html": b"new b"})
    waiter = threading.Thread(target=state.wait_for_readers, kwargs={"quiet": 0.05, "most": 60})
    waiter.start()
    with state.answering("b/index.html"):  # a page nobody had open
        pass
    waiter.join(timeout=0.5)
    assert waiter.is_alive()  # the open page is not fetched yet
    with state.answering("a/index.html"):
        waiter.join(timeout=0.5)
        assert waiter.is_alive()  # it is being answered
    waiter.join(timeout=10)
    assert not waiter.is_alive()

    nobody = SiteState()
    nobody.publish_early({"a/index.html": b"new a"})
    started = time.monotonic()
    nobody.wait_for_readers(quiet=0.05, most=60)
    assert time.monotonic() - started < 30

    never = SiteState()
    never.shown["a/index.html"] += 1
    never.publish_early({"a/index.html": b"new a"})
    limited = threading.Thread(target=never.wait_for_readers, kwargs={"quiet": 0, "most": 0.2})
    limited.start()
    limited.join(timeout=20)
    assert not limited.is_alive()


@pytest.mark.parametrize("path", ["/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                                  "/people/%2e%2e/%2e%2e/secret", "/people\\..\\..\\x",
                                  "/people/%5c..%5c..%5cx", "/./index.html", "/%00"])
def test_traversal_is_refused(server: DevServer, path: str) -> None:
    assert request(server, path)[0] == 404


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example", "localhost.evil"])
def test_other_hosts_are_forbidden(server: DevServer, host: str) -> None:
    assert request(server, "/", host=host)[0] == 403


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])  # not [::1]: not this address
def test_loopback_hosts_are_allowed(server: DevServer, host: str) -> None:
    assert request(server, "/", host=host)[0] == 200


def test_request_paths() -> None:
    assert resolve_request_path("/") == "index.html"
    assert resolve_request_path("/people/kim/") == "people/kim/index.html"
    assert resolve_request_path("/assets/style.css?v=1") == "assets/style.css"
    assert resolve_request_path("/a/../b") is None


def test_ignored_paths() -> None:
    assert is_ignored("/c/.x.yaml.swp") and is_ignored("/c/x.yaml~") and is_ignored("/c/4913")
    assert is_ignored("/c/.#x.yaml") and is_ignored("/c/.git/index")
    assert not is_ignored("/c/profiles/person/x.yaml")


def test_editor_temp_files_in_content_are_not_content(mini: Path) -> None:
    for name in (".#wire.md", ".wire.md.swp", "wire.md~", "4913"):
        (mini / "articles" / name).write_text("junk")
    assert build(mini, None).ok


def wait_for_index(server: DevServer, count: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while server.state.indexed < count:
        assert time.monotonic() < deadline, f"no search index: {server.state.indexed} made"
        time.sleep(0.05)


def test_search_works_in_serve_and_follows_edits(server: DevServer, mini: Path) -> None:
    wait_for_index(server, 1)
    code, body = request(server, "/pagefind/pagefind.js")
    assert code == 200 and body
    entry = request(server, "/pagefind/pagefind-entry.json")[1]
    assert json.loads(entry)["languages"]
    article = mini / "articles/wire.md"
    article.write_text(article.read_text() + "\nZebras were not mentioned by anyone.\n")
    wait_for_index(server, 2)
    assert request(server, "/pagefind/pagefind-entry.json")[1] != entry
    assert request(server, "/pagefind/missing.js")[0] == 404


def test_a_rebuild_stops_the_index_of_the_site_it_replaces(
        mini: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """An edit saved while the search index is being made stops that index quietly (it
    indexes a site no longer served) and a new one is made; stopping the server stops it too."""
    from generator.output import search

    slow = [sys.executable, "-c", "import time; time.sleep(60)"]
    monkeypatch.setattr(search, "pagefind_command", lambda site, bundle: slow)
    dev = DevServer(mini, DEFAULT_TEMPLATES, port=0, quiet=0.2)
    dev.start()
    try:
        first, first_run = wait_for_search_run(dev, None)
        dev.rebuild()  # as after a save
        assert first_run.wait(timeout=5) != 0
        _, second_run = wait_for_search_run(dev, first)
        assert second_run.poll() is None
    finally:
        started = time.monotonic()
        dev.stop()
    assert time.monotonic() - started < 10
    assert second_run.poll() is not None
    assert "search-index" not in capsys.readouterr().err


def wait_for_search_run(dev: DevServer, after: object) -> tuple[Any, Any]:
    """The index under way (another than `after`) and its Pagefind process, once started."""
    deadline = time.monotonic() + 30
    while dev._search is None or dev._search is after or not dev._search.running:
        assert time.monotonic() < deadline, "no search index was started"
        time.sleep(0.02)
    return dev._search, dev._search.running[0]
