"""Converting one integration value, inside the package: every function returns or appends diagnostics and
never applies ``on_loss`` (that happens once, at the public edge: :mod:`apigw_convert.policy`)."""

from __future__ import annotations

from typing import Any

from .codecs import codec
from .codecs._fast import convert_plain
from .diagnostics import Report
from .fields import Dialect
from .pointer import Path
from .policy import Converted

# The general path (the codecs and the pydantic models) is imported on first use: a command that converts
# plain integrations, which the fast path serves, never imports a model.


def read_integration_value(obj: Any, dialect: Dialect, path: Path, report: Report) -> Any:
    """Read an integration value: a mapping, an ``Fn::If`` between two, or another intrinsic (kept)."""
    from .model import read_value  # start-up: as above

    return read_value(obj, dialect, path, report)


def write_integration_value(value: Any, dialect: Dialect, report: Report) -> Any:
    """Write what :func:`read_integration_value` returned, in ``dialect``."""
    from .table_engine import write_conditional  # start-up: the general path imports pydantic

    return write_conditional(value, report, codec(dialect).write_integration)


def convert_integration(obj: Any, source: Dialect, target: Dialect, path: Path, report: Report) -> Any:
    """Convert one integration value from ``source`` to ``target``; losses are appended to ``report``.

    A plain integration that converts without a diagnostic takes the fast path (same result, see
    :mod:`apigw_convert.codecs._fast`).
    """
    fast = convert_plain(obj, source, target)
    if fast is not None:
        return fast
    return _convert_general(obj, source, target, path, report)


def _convert_general(obj: Any, source: Dialect, target: Dialect, path: Path, report: Report) -> Any:
    """Read into the model and write back out: every input, with its diagnostics."""
    return write_integration_value(read_integration_value(obj, source, path, report), target, report)


def integration(obj: Any, source: Dialect, target: Dialect) -> Converted[Any]:
    """One integration value (a mapping, an ``Fn::If`` between two, another intrinsic) in ``target``."""
    report = Report()
    return convert_integration(obj, source, target, (), report), report.diagnostics
