"""Worker processes for commands over many files (``validate``, and ``cfn2swagger`` / ``swagger2cfn`` over a
directory, a pattern or ``--api all``): the work of each file, in the order of the files, in ``-j N`` processes
when the files add up to enough work to gain from them, else in this one."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

PARALLEL_BYTES = 1 << 20
"""Below this many bytes of input, worker processes cost more than they save."""


def default_jobs() -> int:
    """The CPUs this process may run on (its affinity, else the CPU count).

    Not the idle ones: a benchmark's or a build's own processes raise the load average, so "idle" often meant one
    worker on a machine that had two CPUs free; on a busy machine more processes also get more of its time.
    """
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def in_order(work: Callable[[T], R], items: Sequence[T], paths: Sequence[str], jobs: int | None) -> Iterator[R]:
    """``work(item)`` for each item, in order. With ``jobs`` above 1 (``None``: :func:`default_jobs`) and the
    files at ``paths`` (those of the items) adding up to :data:`PARALLEL_BYTES`, worker processes share the
    items; ``work`` and the items must then pickle (a module-level function, or a ``functools.partial`` of one).
    """
    jobs = default_jobs() if jobs is None else jobs
    size = 0
    if jobs > 1 and len(items) > 1:
        for path in paths:
            try:
                size += os.path.getsize(path)
            except OSError:
                continue
    if size < PARALLEL_BYTES:
        for item in items:
            yield work(item)
        return
    import multiprocessing  # start-up: only when worker processes are used
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    chunk = max(1, len(items) // (jobs * 4))
    with ProcessPoolExecutor(max_workers=min(jobs, len(items)), mp_context=context) as pool:
        yield from pool.map(work, items, chunksize=chunk)
