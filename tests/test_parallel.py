"""Work done by several processes gives the same results as one process."""

from __future__ import annotations

import os
import time
from typing import Callable
from pathlib import Path

import pytest

from generator import parallel
from generator.build import Builder, build
from generator.content import load
from generator.linking import link
from generator.rendering import render
from generator.rendering.pages import page_views
from tests.conftest import MINI, REPO, snapshot


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


def test_streamed_results_come_as_they_are_done_while_the_later_jobs_wait(
        tmp_path: Path) -> None:
    """Each result is given before the jobs after it are done: here the later jobs wait for
    a file that is made only once the first result has come back."""
    ready = tmp_path / "first result received"

    def job(n: int) -> str:
        deadline = time.monotonic() + 10
        while n and not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        return f"{n} {'after' if n == 0 or ready.exists() else 'timed out'} {os.getpid()}"

    jobs = [lambda n=n: job(n) for n in range(16)]
    results = []
    for result in parallel.stream_all(jobs, workers=2, minimum=1):
        results.append(result.split())
        ready.touch()
    assert [int(n) for n, _, _ in results] == list(range(16))  # in the order given
    assert {state for _, state, _ in results} == {"after"}
    assert str(os.getpid()) not in {pid for _, _, pid in results}
    numbered = list(parallel.stream_paced(jobs[:1] * 3, workers=2, worth=10.0, probe=1))
    assert [n for n, _ in numbered] == [0, 1, 2]


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


def test_with_costs_the_probe_takes_the_cheapest_jobs_and_workers_the_costliest_first() -> None:
    def job(n: int) -> tuple[int, int, float]:
        started = time.monotonic()
        time.sleep(0.03)
        return n, os.getpid(), started

    costs = [3, 0, 7, 1, 5, 9, 2, 8, 4, 6, 10, 11]  # jobs 1 and 3 are the cheapest
    jobs = [lambda n=n: job(n) for n in range(len(costs))]
    results = parallel.run_paced(jobs, workers=2, worth=0.05, probe=2, costs=costs)
    assert [n for n, _, _ in results] == list(range(len(costs)))  # in the order given
    here = {n for n, pid, _ in results if pid == os.getpid()}
    assert here == {1, 3}
    started = sorted((at, n) for n, pid, at in results if n not in here)
    # the costliest first, the cheapest of the rest last (each of two workers starts one)
    assert costs.index(max(costs)) in {n for _, n in started[:2]}
    assert 6 in {n for _, n in started[-2:]}


def test_a_few_jobs_run_in_process() -> None:
    jobs = [lambda: os.getpid()] * 3
    assert parallel.run_all(jobs, workers=2, minimum=4) == [os.getpid()] * 3


def test_the_pages_with_maps_are_guessed_costliest_and_the_home_page_first() -> None:
    checked = Builder(REPO / "content").check()
    assert checked.content is not None and checked.graph is not None
    views = page_views(checked.content, checked.graph, None)
    costs = {view.page.path: render.drawing_cost(view) for view in views}
    # every view with a map, whatever its type
    mapped = {view.page.path: len(drawn.places) for view in views
              if (drawn := getattr(view, "map", None)) is not None}
    assert len(mapped) > 1 and {path: cost for path, cost in costs.items() if cost} == mapped
    assert max(costs, key=lambda path: costs[path]) == "index.html"


def test_an_aside_runs_in_another_process_while_this_one_goes_on(tmp_path: Path) -> None:
    """The job waits for a file this process makes only after starting it, and says that it
    has started: run here when asked for, it would find the file there already."""
    started, go_on = tmp_path / "started", tmp_path / "go on"

    def job() -> tuple[int, bool]:
        started.touch()
        deadline = time.monotonic() + 10
        while not go_on.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        return os.getpid(), go_on.exists()

    aside = parallel.Aside(job)
    deadline = time.monotonic() + 10
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert started.exists()
    go_on.touch()
    pid, went_on = aside.result()
    assert went_on and pid != os.getpid()
    with pytest.raises(RuntimeError, match="stopped"):
        aside.result()  # given once


def test_an_aside_not_forked_runs_here_only_when_its_result_is_asked_for() -> None:
    ran: list[int] = []
    aside = parallel.Aside(lambda: ran.append(os.getpid()) or len(ran), fork=False)
    assert ran == []
    assert aside.result() == 1 and ran == [os.getpid()]


def test_an_aside_can_start_workers_of_its_own_and_its_errors_come_back_with_their_place(
        ) -> None:
    def workers() -> list[int]:
        return parallel.run_all([lambda n=n: n * n for n in range(20)], workers=2, minimum=1)

    assert parallel.Aside(workers).result() == [n * n for n in range(20)]

    def failing_worker() -> list[int]:
        return parallel.run_all([lambda n=n: 1 // (n - 7) for n in range(20)], workers=2,
                                minimum=1)

    def failing_here() -> None:
        raise KeyError("missing here")

    for job, error, place in ((failing_worker, ZeroDivisionError, "<lambda>"),
                              (failing_here, KeyError, "failing_here")):
        with pytest.raises(error) as raised:
            parallel.Aside(job).result()
        cause = raised.value.__cause__
        assert isinstance(cause, parallel.WorkerTraceback)
        assert f"in {place}\n" in cause.tb and __file__ in cause.tb


def test_an_aside_stopped_before_its_result_ends_and_leaves_no_process() -> None:
    aside = parallel.Aside(lambda: b"x" * 10_000_000)  # more than a pipe holds at once
    process = aside.process
    aside.stop()
    assert process is not None and not process.is_alive() and process.exitcode == 0
    with pytest.raises(RuntimeError, match="stopped"):
        aside.result()


def test_pages_settled_aside_are_the_pages_rendered_here(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """With workers, the pages of every batch but the first are made, keyed and rendered by
    a forked process: the site and the build cache are those of a serial build."""
    calls: list[int] = []
    started = parallel.Aside.__init__

    def counted(self: parallel.Aside[object], job: Callable[[], object], fork: bool = True
                ) -> None:
        calls.append(fork)
        started(self, job, fork)

    monkeypatch.setattr(parallel.Aside, "__init__", counted)
    for workers, cache in ((1, tmp_path / "serial cache"), (2, tmp_path / "forked cache")):
        assert Builder(REPO / "content", cache_dir=cache, workers=workers).build(
            tmp_path / f"site {workers}").ok
    assert calls == [False, True]
    assert snapshot(tmp_path / "site 2") == snapshot(tmp_path / "site 1")
    assert snapshot(tmp_path / "forked cache" / "memo") == \
        snapshot(tmp_path / "serial cache" / "memo")


def test_an_aside_whose_parent_stops_listening_ends_even_with_a_large_result() -> None:
    aside = parallel.Aside(lambda: b"x" * 10_000_000)  # more than a pipe holds at once
    aside.receiver.close()  # as when this process is interrupted while it waits
    aside.process.join(10)
    assert not aside.process.is_alive()
