"""Work on every core: forked workers that inherit what the parent holds, copy-on-write.

A job is a function of data the parent process already holds (content, graph, compiled
templates), so a forked worker needs nothing sent to it but the numbers of the jobs it is to
run, and sends back only their results. Results come back in the order the jobs were given,
so the output is the same as a serial run's.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import time
import traceback
from typing import Any, Callable, Generic, Iterator, Sequence, TypeVar

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


class WorkerTraceback(Exception):
    """Where an error raised in another process was raised: its traceback as text (the
    `__cause__` of the error raised again here, as for an error in a pool's worker)."""

    def __init__(self, tb: str) -> None:
        super().__init__(tb)
        self.tb = tb

    def __str__(self) -> str:
        return self.tb


class Aside(Generic[T]):
    """A job run by a forked process while this one goes on; `result()` waits for it. Where
    processes cannot be forked, or with `fork` False, the job runs here when its result is
    first asked for. The job may itself start workers (run_all and the like).

    Call stop() when the result is no longer wanted: it waits for the job to end, and drops
    its result."""

    def __init__(self, job: Callable[[], T], fork: bool = True) -> None:
        self.job = job
        self.process: Any = None
        if fork and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self.receiver, sender = context.Pipe(duplex=False)
            # not a daemon, so that the job can start workers of its own
            self.process = context.Process(target=_run_aside,
                                           args=(job, sender, self.receiver),
                                           name="briefing-aside")
            self.process.start()
            sender.close()  # else the receiver would never learn that the process ended

    def result(self) -> T:
        """The job's result, or the error it raised (with the other process's traceback as
        its cause)."""
        if self.process is None:
            return self.job()
        data = self._receive()
        if data is None:
            raise RuntimeError("a worker process ended without giving its result")
        done, value, tb = pickle.loads(data)
        if not done:
            raise value from WorkerTraceback(tb)
        return value  # type: ignore[no-any-return]

    def stop(self) -> None:
        """Wait for the process to end, its result (if not asked for) dropped."""
        if self.process is not None:
            self._receive()

    def _receive(self) -> bytes | None:
        """What the process sent (None if it ended without sending), once it has ended."""
        try:
            return self.receiver.recv_bytes()
        except (EOFError, OSError):
            return None
        finally:
            self.receiver.close()
            self.process.join()
            self.process = None
            self.job = _gone


def _gone() -> Any:
    raise RuntimeError("the result of a stopped job was asked for")


def _run_aside(job: Callable[[], Any], sender: Any, receiver: Any) -> None:
    """In the forked process: run the job, send its result or its error, and end."""
    # the copy of the other end this process holds: else a result larger than the pipe
    # holds would wait for ever for a parent that stopped listening
    receiver.close()
    try:
        try:
            message = (True, job(), "")
        except BaseException as exc:
            # an error a worker of the job's own raised: where it came from in that worker
            tb = getattr(exc.__cause__, "tb", None)
            if not isinstance(tb, str):
                tb = "".join(traceback.format_exception(exc))
            message = (False, exc, tb)
        try:
            data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # what cannot be sent is said in words
            said = f"{type(message[1]).__name__}: {message[1]}" if not message[0] else \
                f"the result could not be sent back ({exc})"
            data = pickle.dumps((False, RuntimeError(said), message[2]))
        sender.send_bytes(data)
        sender.close()
    except BaseException:
        pass  # the parent stopped listening
    finally:
        # ended here: exiting as a process normally does would flush the standard streams,
        # whose locks another thread of the parent may have held when it forked
        os._exit(0)
