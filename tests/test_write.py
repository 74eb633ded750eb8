"""Writing is atomic: a failure leaves the previous site byte-for-byte, with no leftovers."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.write import UnsafePath, write_site
from tests.conftest import snapshot


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
