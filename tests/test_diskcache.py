"""The on-disk cache: a fresh process after an edit writes exactly what a clean build writes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.output import diskcache
from tests.conftest import run_cli, snapshot
from tests.test_incremental import apply


def _build(cwd: Path, *args: str) -> str:
    result = run_cli("build", "--content", "content", "--out", "site", *args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _clean_copy(cwd: Path, tmp_path: Path) -> dict[str, bytes]:
    clean = tmp_path / "clean"
    clean.mkdir(parents=True)
    shutil.copytree(cwd / "content", clean / "content")
    _build(clean, "--no-cache")
    assert not (clean / ".briefing-cache").exists()
    return snapshot(clean / "site")


@pytest.mark.parametrize("edits", [["article paragraph"], ["profile name", "glossary"],
                                   ["relation", "article title", "site"]])
def test_edits_across_processes_equal_a_clean_build(edits: list[str], tmp_path: Path,
                                                    mini: Path) -> None:
    cwd = mini.parent
    _build(cwd)
    for edit in edits:
        apply(mini, edit)
        _build(cwd)
        assert snapshot(cwd / "site") == _clean_copy(cwd, tmp_path / edit.replace(" ", "-"))


def test_nothing_changed_rewrites_nothing(mini: Path) -> None:
    cwd = mini.parent
    _build(cwd)
    before = {p: p.stat().st_ino for p in (cwd / "site").rglob("*") if p.is_file()}
    _build(cwd)
    after = {p: p.stat().st_ino for p in (cwd / "site").rglob("*") if p.is_file()}
    assert after == before


def test_an_unchanged_page_is_taken_from_the_previous_output(mini: Path) -> None:
    cwd = mini.parent
    _build(cwd)
    page = cwd / "site/systems/alpha-1/index.html"
    inode = page.stat().st_ino
    apply(mini, "article paragraph")
    _build(cwd)
    assert page.stat().st_ino == inode  # linked, not written again


def test_a_tampered_output_file_is_rendered_again(mini: Path, tmp_path: Path) -> None:
    cwd = mini.parent
    _build(cwd)
    page = cwd / "site/systems/alpha-1/index.html"
    page.write_text("tampered")
    _build(cwd)
    assert snapshot(cwd / "site") == _clean_copy(cwd, tmp_path)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "other key"])
def test_a_damaged_or_foreign_cache_is_ignored(damage: str, mini: Path, tmp_path: Path) -> None:
    cwd = mini.parent
    _build(cwd)
    cache = cwd / ".briefing-cache"
    for name in (diskcache.MANIFEST_FILE, diskcache.ITEMS_FILE):
        path = cache / name
        if damage == "truncate":
            path.write_bytes(path.read_bytes()[:100])
        elif damage == "garbage":
            path.write_bytes(b"not a pickle")
    if damage == "other key":
        _build(cwd, "--base-url", "https://example.org/")
    apply(mini, "article paragraph")
    _build(cwd)
    assert snapshot(cwd / "site") == _clean_copy(cwd, tmp_path)


def test_a_pipe_or_a_huge_file_in_content_is_never_read_for_the_fingerprint(mini: Path) -> None:
    os.mkfifo(mini / "articles/pipe")  # reading it would wait forever
    (mini / "huge.bin").write_bytes(b"\0" * 2_000_000)
    first = diskcache.fingerprint(mini)
    assert first == diskcache.fingerprint(mini)
    (mini / "huge.bin").write_bytes(b"\1" * 2_000_001)
    assert diskcache.fingerprint(mini) != first


def test_a_folder_that_is_not_content_is_not_walked(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    assert diskcache.fingerprint(tmp_path) == diskcache.fingerprint(tmp_path / "missing")
