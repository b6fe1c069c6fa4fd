"""``validate``: check files, directories and glob patterns with :func:`apigw_convert.validate`.

Everything runs in one process; when the files add up to enough work, ``-j N`` worker processes share them
(results keep the order of the files; see :mod:`._pool`). Findings are filtered by ``--select`` / ``--ignore`` (or the
``[tool.apigw-convert]`` table of ``pyproject.toml``) and printed as ``--format`` says.

A file found in a directory or by a pattern that is not an API input is skipped without a word; a file named
as it is, with ``--skip-unknown`` (hook use), is skipped with a one-line note; otherwise it is an error.
"""

from __future__ import annotations

import argparse
from functools import partial
from itertools import islice

from ..checks import validate
from ..detect import detect_kind
from ..diagnostics import Diagnostic, make
from ..errors import ConvertError
from ..fields import Dialect
from ..yaml_io import Loaded, load_document, loads_document
from ._config import selection
from ._inputs import Input, expand, may_be_api
from ._parser import FAILED, OK
from ._pool import in_order
from ._session import Session, printable

Checked = tuple[list[Diagnostic] | None, str | None]
"""What checking one input gives: its findings, or ``None`` and the reason to note (``None``: skip silently)."""


def _findings(loaded: Loaded, dialect: Dialect | None, item: Input, skip: bool) -> Checked:
    """What validate finds in a loaded document, placed in its file; or why it is skipped."""
    reason = foreign_reason(loaded.data) if dialect is None and (skip or item.found) else None
    if reason is not None:
        return None, None if item.found else reason
    try:
        diagnostics = validate(loaded.data, dialect=dialect)
    except ConvertError as error:
        diagnostics = list(error.diagnostics)
    return [loaded.place(d) if d.file is None else d for d in diagnostics], None


def check_file(item: Input, dialect: Dialect | None, skip: bool, max_bytes: int | None = None) -> Checked:
    """Load and check one file (run in a worker process too); see :data:`Checked`."""
    try:
        loaded = load_document(item.name, name=printable(item.name), keep_nodes=True, max_bytes=max_bytes)
    except ConvertError as error:
        reason = _foreign_error(item.name, error) if (skip or item.found) and dialect is None else None
        if item.found and (reason is not None or not may_be_api(item.name)):
            return None, None
        return (None, reason) if reason is not None else (list(error.diagnostics), None)
    return _findings(loaded, dialect, item, skip)


def foreign_reason(data: object) -> str | None:
    """Why ``data`` is none of the inputs validate understands, or ``None`` when it is one of them."""
    if detect_kind(data) != "unknown":
        return None
    if isinstance(data, dict):
        return "not a CloudFormation template, an OpenAPI document or an integration"
    return f"not a mapping at the top level ({type(data).__name__}), so not a template or an OpenAPI document"


def _foreign_error(source: str, error: ConvertError) -> str | None:
    """A reason to skip a file that failed to load: it is empty, or it is a stream of several YAML documents
    (a Kubernetes manifest) whose first is not a template, an OpenAPI document or an integration."""
    first = error.diagnostics[0] if error.diagnostics else None
    if first is not None and first.code == "invalid-document" and first.pointer == "":
        return "empty"
    if first is None or first.code != "several-documents" or first.line is None or source == "-":
        return None
    try:
        with open(source, "rb") as handle:
            head = b"".join(islice(handle, first.line - 1))
        data = loads_document(head, name=source).data
    except (OSError, UnicodeDecodeError, ConvertError):
        return None
    if foreign_reason(data) is None:
        return None
    return "a stream of several YAML documents whose first is not a template or an OpenAPI document"


def validate_command(session: Session, args: argparse.Namespace) -> int:
    """Validate every input; exit 1 when a reported finding is at least as severe as ``--fail-on``."""
    chosen = selection(args)
    text = args.format in (None, "text")
    session.shown = session.stdout  # the findings are the output, in every format; notes stay on stderr
    skip = args.skip_unknown and args.dialect is None
    inputs = expand(args.sources)
    files = [item for item in inputs if item.name != "-" and not item.unmatched]
    session.refuse_report_over(item.name for item in files)
    check = partial(check_file, dialect=args.dialect, skip=skip, max_bytes=session.max_input)
    results = in_order(check, files, [item.name for item in files], args.jobs)
    for item in inputs:
        found: list[Diagnostic] | None
        reason: str | None = None
        if item.unmatched:
            shown = printable(item.name)
            found = [make("file-not-found", (), f"no file matches {shown}").at(shown, None, None)]
        elif item.name == "-":
            try:
                found, reason = _findings(session.load("-"), args.dialect, item, skip)
            except ConvertError as error:  # this input cannot be checked; the others still are
                reason = _foreign_error("-", error) if skip else None
                found = None if reason is not None else list(error.diagnostics)
        else:
            found, reason = next(results)
        if reason is not None:
            session.say(f"{printable(item.name)}: skipped, {reason}")
        if found is None:  # not an API input
            continue
        if item.name != "-":
            session.inputs.append(printable(item.name))
        session.add([d for d in found if chosen.keeps(d)], show=text)
    if not text:
        from ._formats import render  # start-up: only for json, sarif and github

        session.write_data(render(args.format, session.command, session.inputs, session.diagnostics))
    return FAILED if chosen.fails(session.diagnostics) else OK
