"""``validate``: check each file with :func:`apigw_convert.validate` and print what it finds."""

from __future__ import annotations

import argparse

from ..errors import ConvertError
from ._parser import FAILED, OK
from ._session import Session


def validate_command(session: Session, args: argparse.Namespace) -> int:
    """Validate every input in turn; exit 1 when any has an error-severity diagnostic or cannot be read."""
    from ..checks import validate

    failed = False
    for source in args.sources:
        before = len(session.diagnostics)
        try:
            loaded = session.load(source)
            session.add(validate(loaded.data, dialect=args.dialect), loaded)
        except ConvertError as error:  # this file cannot be checked; the others still are
            session.add(error.diagnostics)
        failed = failed or any(d.severity == "error" for d in session.diagnostics[before:])
    return FAILED if failed else OK
