"""Rendering with several processes writes the same bytes as one process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.output import parallel
from generator.build import build
from tests.conftest import MINI, snapshot


def test_pages_rendered_by_workers_equal_a_serial_render(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    assert build(MINI, tmp_path / "serial").ok
    monkeypatch.setattr(parallel, "MIN_PAGES", 1)
    assert build(MINI, tmp_path / "parallel", workers=2).ok
    assert snapshot(tmp_path / "parallel") == snapshot(tmp_path / "serial")


def test_workers_render_in_other_processes_and_keep_the_order(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_PAGES", 1)
    jobs = [lambda n=n: ("page", f"{n} {os.getpid()}") for n in range(40)]
    pages = [page.decode().split() for page in parallel.render_pages(jobs, workers=2)]
    assert [int(n) for n, _ in pages] == list(range(40))
    assert str(os.getpid()) not in {pid for _, pid in pages}


def test_a_small_site_is_rendered_in_process() -> None:
    jobs = [lambda: ("a/index.html", "<p>é</p>")] * 3
    assert parallel.render_pages(jobs, workers=2) == ["<p>é</p>".encode()] * 3
