"""Work done by several processes gives the same results as one process."""

from __future__ import annotations

import os
import time
from typing import Callable
from pathlib import Path

import pytest

from generator import parallel
from generator.build import build
from generator.content import load
from generator.linking import link
from generator.rendering import render
from tests.conftest import MINI, snapshot


def test_files_parsed_articles_read_and_pages_rendered_by_workers_equal_a_serial_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert build(MINI, tmp_path / "serial").ok
    monkeypatch.setattr(render, "WORTH_FORKING", 0.0)
    monkeypatch.setattr(render, "MIN_KEYED", 1)
    monkeypatch.setattr(link, "MIN_ARTICLES", 1)
    monkeypatch.setattr(load, "MIN_FILES", 1)
    assert build(MINI, tmp_path / "parallel", workers=2).ok
    assert snapshot(tmp_path / "parallel") == snapshot(tmp_path / "serial")


def test_workers_run_in_other_processes_and_keep_the_order() -> None:
    jobs = [lambda n=n: f"{n} {os.getpid()}" for n in range(40)]
    results = [result.split() for result in parallel.run_all(jobs, workers=2, minimum=1)]
    assert [int(n) for n, _ in results] == list(range(40))
    assert str(os.getpid()) not in {pid for _, pid in results}


def test_paced_jobs_go_to_workers_only_when_they_would_keep_this_process_busy() -> None:
    def jobs(seconds: float) -> list[Callable[[], int]]:
        def job() -> int:
            time.sleep(seconds)
            return os.getpid()
        return [job] * 12

    quick = parallel.run_paced(jobs(0.0), workers=2, worth=0.5, probe=2)
    assert quick == [os.getpid()] * 12
    slow = parallel.run_paced(jobs(0.05), workers=2, worth=0.2, probe=2)
    assert slow[:2] == [os.getpid()] * 2 and os.getpid() not in slow[2:]
    assert parallel.run_paced([], workers=2, worth=0.0) == []


def test_a_few_jobs_run_in_process() -> None:
    jobs = [lambda: os.getpid()] * 3
    assert parallel.run_all(jobs, workers=2, minimum=4) == [os.getpid()] * 3
