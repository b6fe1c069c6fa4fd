"""``validate``: check files, directories and glob patterns with :func:`apigw_convert.validate`.

Everything runs in one process; when the files add up to enough work, ``-j N`` worker processes share them
(results keep the order of the files). Findings are filtered by ``--select`` / ``--ignore`` (or the
``[tool.apigw-convert]`` table of ``pyproject.toml``) and printed as ``--format`` says.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..diagnostics import Diagnostic, make
from ..errors import ConvertError
from ..yaml_io import Loaded
from ._inputs import Input, expand, may_be_api
from ._parser import FAILED, OK
from ._session import Session

PARALLEL_BYTES = 1 << 20
"""Below this many bytes of input, worker processes cost more than they save."""


def default_jobs() -> int:
    """The CPUs this process may run on."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def _findings(loaded: Loaded, dialect: str | None, found: bool) -> list[Diagnostic] | None:
    """What validate finds in a loaded document, placed in its file; ``None`` to skip a found non-API file."""
    from ..checks import validate
    from ..detect import detect_kind

    if found and dialect is None and detect_kind(loaded.data) == "unknown":
        return None
    try:
        diagnostics = validate(loaded.data, dialect=dialect)
    except ConvertError as error:
        diagnostics = list(error.diagnostics)
    return [loaded.place(d) if d.file is None else d for d in diagnostics]


def check_file(item: Input, dialect: str | None) -> list[Diagnostic] | None:
    """Load and check one file (run in a worker process too); ``None`` when a found file is skipped."""
    from ..yaml_io import load_document

    try:
        loaded = load_document(Path(item.name), name=item.name, keep_nodes=True)
    except ConvertError as error:
        return None if item.found and not may_be_api(item.name) else list(error.diagnostics)
    return _findings(loaded, dialect, item.found)


def _check_files(files: Sequence[Input], dialect: str | None, jobs: int) -> Iterator[list[Diagnostic] | None]:
    """The findings of each file, in order; in ``jobs`` processes when there is enough to share."""
    size = 0
    if jobs > 1 and len(files) > 1:
        for item in files:
            try:
                size += os.path.getsize(item.name)
            except OSError:
                continue
    if size < PARALLEL_BYTES:
        for item in files:
            yield check_file(item, dialect)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    chunk = max(1, len(files) // (jobs * 4))
    with ProcessPoolExecutor(max_workers=min(jobs, len(files)), mp_context=context) as pool:
        yield from pool.map(check_file, files, [dialect] * len(files), chunksize=chunk)


def validate_command(session: Session, args: argparse.Namespace) -> int:
    """Validate every input; exit 1 when a reported finding is at least as severe as ``--fail-on``."""
    from .. import checks  # noqa: F401  (imported once here, before any worker process is forked)
    from ._config import selection

    chosen = selection(args)
    text = args.format in (None, "text")
    inputs = expand(args.sources)
    files = [item for item in inputs if item.name != "-" and not item.unmatched]
    results = _check_files(files, args.dialect, args.jobs if args.jobs is not None else default_jobs())
    for item in inputs:
        found: list[Diagnostic] | None
        if item.unmatched:
            found = [make("file-not-found", (), f"no file matches {item.name}").at(item.name, None, None)]
        elif item.name == "-":
            try:
                found = _findings(session.load("-"), args.dialect, False)
            except ConvertError as error:  # this input cannot be checked; the others still are
                found = list(error.diagnostics)
        else:
            found = next(results)
        if found is None:  # a found file that is not an API input
            continue
        if item.name != "-":
            session.inputs.append(item.name)
        session.add([d for d in found if chosen.keeps(d)], show=text)
    if not text:
        from ._formats import render

        session.write_data(render(args.format, session.command, session.inputs, session.diagnostics))
    return FAILED if chosen.fails(session.diagnostics) else OK
