"""Rendering pages on every core: forked workers that inherit the renderer, copy-on-write.

A page is a function of data the parent process already holds (content, graph, compiled
templates), so a forked worker needs nothing sent to it but the numbers of the pages it is to
render, and sends back only their bytes. Pages come back in the order they were asked for,
so the output is the same bytes as a serial render.
"""

from __future__ import annotations

import multiprocessing
from typing import Callable, Sequence

PageJob = Callable[[], tuple[str, str]]  # renders one page: (path, html)

MIN_PAGES = 400  # below this, starting workers costs more than it saves
CHUNKS_PER_WORKER = 8  # small enough to even out pages of different sizes

# The jobs of the render under way, read by the forked workers (which inherit them); set only
# for the duration of render_pages in the parent.
_jobs: Sequence[PageJob] = ()


def render_pages(jobs: Sequence[PageJob], workers: int) -> list[bytes]:
    """The UTF-8 bytes of every page, rendered by `workers` processes when that pays."""
    if workers < 2 or len(jobs) < MIN_PAGES or \
            "fork" not in multiprocessing.get_all_start_methods():
        return [_encode(job) for job in jobs]
    global _jobs
    _jobs = jobs
    try:
        size = max(1, len(jobs) // (workers * CHUNKS_PER_WORKER))
        chunks = [range(start, min(start + size, len(jobs)))
                  for start in range(0, len(jobs), size)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            done = pool.map(_render_chunk, chunks, chunksize=1)
    finally:
        _jobs = ()
    return [page for chunk in done for page in chunk]


def _render_chunk(numbers: range) -> list[bytes]:
    return [_encode(_jobs[n]) for n in numbers]


def _encode(job: PageJob) -> bytes:
    return job()[1].encode("utf-8")
