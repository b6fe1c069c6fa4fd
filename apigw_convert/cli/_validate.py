"""``validate``: check each file with :func:`apigw_convert.validate` and print what it finds."""

from __future__ import annotations

import argparse
from itertools import islice

from ..checks import validate
from ..detect import detect_kind
from ..errors import ConvertError
from ..yaml_io import loads_document
from ._parser import FAILED, OK
from ._session import Session


def validate_command(session: Session, args: argparse.Namespace) -> int:
    """Validate every input in turn; exit 1 when any has an error-severity diagnostic or cannot be read.

    With ``--skip-unknown`` (hook use) a file that is neither a template, an OpenAPI document nor an
    integration is skipped with a one-line note instead of failing; one that is and is broken still fails.
    """
    skip = args.skip_unknown and args.dialect is None
    failed = False
    for source in args.sources:
        before = len(session.diagnostics)
        try:
            loaded = session.load(source)
        except ConvertError as error:  # this file cannot be checked; the others still are
            reason = _foreign_error(source, error) if skip else None
            if reason is None:
                session.add(error.diagnostics)
                failed = True
            else:
                session.say(f"{source}: skipped, {reason}")
            continue
        reason = foreign_reason(loaded.data) if skip else None
        if reason is not None:
            session.say(f"{source}: skipped, {reason}")
            continue
        try:
            session.add(validate(loaded.data, dialect=args.dialect), loaded)
        except ConvertError as error:
            session.add(error.diagnostics)
        failed = failed or any(d.severity == "error" for d in session.diagnostics[before:])
    return FAILED if failed else OK


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
