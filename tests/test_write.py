"""Writing is atomic: a failure leaves the previous site byte-for-byte, with no leftovers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.output import search
from generator.build import build
from generator.rendering.theme import Templates
from generator.output.write import UnsafePath, write_site
from tests.conftest import MINI, snapshot


def test_replaces_the_site_exactly(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"one", "old/index.html": b"old"}, out)
    write_site({"index.html": b"two", "new/index.html": b"new"}, out)
    assert snapshot(out) == {"index.html": b"two", "new/index.html": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("bad", ["../escape.html", "/etc/passwd", "a/../../b", "a\\..\\b"])
def test_paths_outside_the_output_are_refused(tmp_path: Path, bad: str) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"keep"}, out)
    with pytest.raises(UnsafePath):
        write_site({"index.html": b"new", bad: b"x"}, out)
    assert snapshot(out) == {"index.html": b"keep"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("fail_at", [0, 3, 7])
def test_a_failure_mid_write_keeps_the_old_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                fail_at: int) -> None:
    out = tmp_path / "site"
    write_site({f"p{i}/index.html": b"old" for i in range(8)}, out)
    before = snapshot(out)
    calls = {"n": 0}
    real = Path.write_bytes

    def flaky(self: Path, data: bytes) -> int:
        if calls["n"] == fail_at:
            raise OSError("disk full")
        calls["n"] += 1
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", flaky)
    with pytest.raises(OSError):
        write_site({f"p{i}/index.html": b"new" for i in range(8)}, out)
    monkeypatch.undo()
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_failed_swap_restores_the_old_site(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"old"}, out)
    real_rename = Path.rename

    def rename(self: Path, target: Path) -> Path:  # type: ignore[override]
        if self.name.startswith(".site.new-"):
            raise OSError("rename failed")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OSError):
        write_site({"index.html": b"new"}, out)
    monkeypatch.undo()
    assert snapshot(out) == {"index.html": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_before_swap_sees_the_finished_site_and_may_add_files(tmp_path: Path) -> None:
    out = tmp_path / "site"
    seen: list[dict[str, bytes]] = []

    def add_index(staging: Path) -> None:
        seen.append(snapshot(staging))
        (staging / "search").mkdir()
        (staging / "search/index.json").write_bytes(b"{}")

    write_site({"index.html": b"new"}, out, before_swap=add_index)
    assert seen == [{"index.html": b"new"}]
    assert snapshot(out) == {"index.html": b"new", "search/index.json": b"{}"}


def test_a_failing_before_swap_keeps_the_old_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"old"}, out)

    def fail(staging: Path) -> None:
        (staging / "half-written").write_bytes(b"x")
        raise RuntimeError("indexer crashed")

    with pytest.raises(RuntimeError, match="indexer crashed"):
        write_site({"index.html": b"new"}, out, before_swap=fail)
    assert snapshot(out) == {"index.html": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("bad", ["a\x00b/index.html", "a\nb/index.html", "\x1b[2J.html"])
def test_control_characters_in_paths_are_refused(tmp_path: Path, bad: str) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"keep"}, out)
    with pytest.raises(UnsafePath):
        write_site({"index.html": b"new", bad: b"x"}, out)
    assert snapshot(out) == {"index.html": b"keep"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("pair", [("people/kim/index.html", "people/Kim/index.html"),
                                  ("caf\u00e9/index.html", "cafe\u0301/index.html")])
def test_paths_that_are_one_file_on_some_systems_are_refused(tmp_path: Path,
                                                             pair: tuple[str, str]) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"keep"}, out)
    with pytest.raises(UnsafePath, match="two files would be one on some file systems"):
        write_site({pair[0]: b"a", pair[1]: b"b"}, out)
    assert snapshot(out) == {"index.html": b"keep"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_an_interrupt_mid_write_keeps_the_old_site(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    write_site({"index.html": b"old"}, out)
    real = Path.write_bytes

    def interrupted(self: Path, data: bytes) -> int:
        if self.name == "b.html":
            raise KeyboardInterrupt
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_site({"a.html": b"new", "b.html": b"new", "index.html": b"new"}, out)
    monkeypatch.undo()
    assert snapshot(out) == {"index.html": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def _recorded(init: Any, started: list[search.Indexer]) -> Any:
    def wrapper(self: search.Indexer, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        started.append(self)
    return wrapper


@pytest.mark.parametrize("stage", ["render", "write"])
def test_a_failure_at_any_page_of_a_build_keeps_the_old_site(
        tmp_path: Path, mini: Path, monkeypatch: pytest.MonkeyPatch, stage: str) -> None:
    """Fail a build of changed content once at every page in turn, rendering or writing."""
    out = tmp_path / "site"
    assert build(MINI, out).ok
    before = snapshot(out)
    site_yaml = mini / "site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("Test Briefing", "Changed Briefing"))
    files = build(mini, None).files
    count = sum(p.endswith(".html") for p in files) if stage == "render" else len(files)
    assert count > 10
    indexed = 0  # failures that came while Pagefind was indexing
    for fail_at in range(count):
        calls = {"n": 0}

        def fail_once(real: Any) -> Any:
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                if calls["n"] == fail_at:
                    raise RuntimeError(f"injected failure at {stage} of page {fail_at}")
                calls["n"] += 1
                return real(*args, **kwargs)
            return wrapper

        if stage == "render":
            monkeypatch.setattr(Templates, "render", fail_once(Templates.render))
        else:
            monkeypatch.setattr(Path, "write_bytes", fail_once(Path.write_bytes))
        started: list[search.Indexer] = []
        monkeypatch.setattr(search.Indexer, "__init__", _recorded(search.Indexer.__init__, started))
        with pytest.raises(RuntimeError, match="injected failure"):
            build(mini, out)
        monkeypatch.undo()
        assert all(not i.running for i in started), "Pagefind left running"
        indexed += bool(started)
        assert snapshot(out) == before, fail_at
        assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"], fail_at
    assert indexed > 0
    assert build(mini, out).ok and snapshot(out) != before  # the changed build does differ
