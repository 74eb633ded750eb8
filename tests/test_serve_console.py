"""The console side of `briefing serve`: each rebuild names the files it follows, and editorial
warnings are printed and shown over the page as `check --strict` would report them."""

from __future__ import annotations

import http.client
import json
import time
from pathlib import Path
from typing import Iterator

import pytest

from generator.authoring.serve import DevServer
from generator.build import DEFAULT_TEMPLATES, BuildResult

Report = tuple[BuildResult, float, list[str]]


@pytest.fixture
def served(mini: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[DevServer, list[Report]]]:
    monkeypatch.chdir(mini.parent)
    reports: list[Report] = []
    dev = DevServer(Path("content"), DEFAULT_TEMPLATES, port=0,
                    report=lambda *args: reports.append(args), quiet=0.2)
    dev.start()
    yield dev, reports
    dev.stop()


def wait_for(reports: list[Report], count: int) -> Report:
    deadline = time.monotonic() + 15
    while len(reports) < count:
        assert time.monotonic() < deadline, f"{len(reports)} builds"
        time.sleep(0.02)
    return reports[count - 1]


def get(dev: DevServer, path: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", dev.port, timeout=10)
    conn.request("GET", path)
    body = conn.getresponse().read()
    conn.close()
    return body


def test_each_rebuild_names_the_files_that_changed(
        served: tuple[DevServer, list[Report]], mini: Path) -> None:
    dev, reports = served
    assert wait_for(reports, 1)[2] == []  # the first build follows no edit
    for rel in ("articles/wire.md", "profiles/person/leader-a.yaml"):
        path = mini / rel
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed = wait_for(reports, 2)[2]
    assert changed == ["content/articles/wire.md", "content/profiles/person/leader-a.yaml"]


def test_editorial_warnings_are_reported_and_shown_over_the_page(
        served: tuple[DevServer, list[Report]], mini: Path) -> None:
    dev, reports = served
    wait_for(reports, 1)
    assert b"briefing-warnings" not in get(dev, "/")
    (mini / "profiles/place/nowhere.yaml").write_text("name: Nowhere\nsummary: A place.\n",
                                                      encoding="utf-8")
    result = wait_for(reports, 2)[0]
    expected = ("content/profiles/place/nowhere.yaml:1:1: warning[unused-profile]: nothing "
                "mentions or links to Nowhere: no article names it and no [[id]] link, "
                "relation or 'by' refers to it")
    assert result.ok and [d.format() for d in result.diagnostics] == [expected]
    page = get(dev, "/").decode()
    assert '<details id="briefing-warnings"><summary>1 editorial warning:' in page
    assert expected.replace("'", "&#x27;") in page
    status = json.loads(get(dev, "/__briefing/status"))
    assert status["warnings"] == [expected] and status["errors"] == []
