"""Work on every core: forked workers that inherit what the parent holds, copy-on-write.

A job is a function of data the parent process already holds (content, graph, compiled
templates), so a forked worker needs nothing sent to it but the numbers of the jobs it is to
run, and sends back only their results. Results come back in the order the jobs were given,
so the output is the same as a serial run's.
"""

from __future__ import annotations

import multiprocessing
import time
from typing import Any, Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")
CHUNKS_PER_WORKER = 8  # small enough to even out jobs of different sizes

# The jobs of the run under way, read by the forked workers (which inherit them); set only while
# stream_all runs in the parent.
_jobs: Sequence[Callable[[], Any]] = ()


def run_all(jobs: Sequence[Callable[[], T]], workers: int, minimum: int) -> list[T]:
    """Every job's result, in order: run by `workers` forked processes when there are at least
    `minimum` jobs (below that, starting workers costs more than it saves), else here."""
    return list(stream_all(jobs, workers, minimum))


def stream_all(jobs: Sequence[Callable[[], T]], workers: int, minimum: int) -> Iterator[T]:
    """run_all()'s results one by one, each as soon as it and those before it are done, so
    that the caller can use them while the workers go on (run here: each when asked for)."""
    if workers < 2 or len(jobs) < minimum or \
            "fork" not in multiprocessing.get_all_start_methods():
        yield from (job() for job in jobs)
        return
    global _jobs
    held, _jobs = _jobs, jobs
    try:
        size = max(1, len(jobs) // (workers * CHUNKS_PER_WORKER))
        chunks = [range(start, min(start + size, len(jobs)))
                  for start in range(0, len(jobs), size)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for done in pool.imap(_run_chunk, chunks):
                yield from done
    finally:
        _jobs = held


def run_paced(jobs: Sequence[Callable[[], T]], workers: int, worth: float,
              probe: int = 4, costs: Sequence[float] | None = None) -> list[T]:
    """Every job's result, in order: `probe` jobs run here, timed, and the rest by `workers`
    forked processes if at that pace they would keep this one busy for `worth` seconds or
    more (below that, starting workers costs more than it saves), else here. With `costs`
    (a guess at each job's cost, in any unit), the probe takes the cheapest jobs and the
    workers take the others costliest first, so that no long job is left to start last.
    Which way they run changes nothing but the time they take."""
    done = dict(stream_paced(jobs, workers, worth, probe, costs))
    return [done[n] for n in range(len(jobs))]


def stream_paced(jobs: Sequence[Callable[[], T]], workers: int, worth: float,
                 probe: int = 4, costs: Sequence[float] | None = None
                 ) -> Iterator[tuple[int, T]]:
    """run_paced()'s results one by one, as (number of the job, result), in the order they
    are run (the probe's first), each as soon as it is done (see stream_all)."""
    order = list(range(len(jobs)))
    if costs is not None:
        order.sort(key=lambda n: -costs[n])
        split = max(0, len(order) - probe)
        order = order[split:] + order[:split]
    started = time.perf_counter()
    first = [jobs[n]() for n in order[:probe]]
    pace = (time.perf_counter() - started) / len(first) if first else 0.0
    yield from zip(order, first)
    rest = order[len(first):]
    yield from zip(rest, stream_all([jobs[n] for n in rest],
                                    workers if pace * len(rest) >= worth else 1, 1))


def _run_chunk(numbers: range) -> list[Any]:
    return [_jobs[n]() for n in numbers]
