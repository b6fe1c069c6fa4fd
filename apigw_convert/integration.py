"""Converting one integration value, inside the package: every function returns or appends diagnostics and
never applies ``on_loss`` (that happens once, at the public edge: :mod:`apigw_convert.policy`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from .codecs import codec
from .codecs._fast import convert_plain
from .diagnostics import Diagnostic, Report
from .errors import ConvertError
from .fields import Dialect
from .pointer import Path
from .policy import Converted

# The general path (the codecs and the pydantic models) is imported on first use: a command that converts
# plain integrations, which the fast path serves, never imports a model.


# (id of the value, dialect, path) -> (the value, what reading it gave or raised, the diagnostics it added)
_Read = tuple[Any, Any, ConvertError | None, tuple[Diagnostic, ...]]
_SHARED: ContextVar[dict[tuple[int, Dialect, Path], _Read] | None] = ContextVar("shared_reads", default=None)


@contextmanager
def shared_reads() -> Iterator[None]:
    """Inside it, reading one integration value (the same object) at the same place again gives the model of the
    first reading, and its diagnostics again, instead of a second reading: ``validate`` reads each integration
    once for its checks and once more in the conversion it runs. The model is shared, so nothing inside may
    change it."""
    token = _SHARED.set({})
    try:
        yield
    finally:
        _SHARED.reset(token)


def read_integration_value(obj: Any, dialect: Dialect, path: Path, report: Report) -> Any:
    """Read an integration value: a mapping, an ``Fn::If`` between two, or another intrinsic (kept)."""
    from .model import read_value  # start-up: as above

    shared = _SHARED.get()
    if shared is None:
        return read_value(obj, dialect, path, report)
    key = (id(obj), dialect, tuple(path))
    known = shared.get(key)
    if known is None or known[0] is not obj:
        scratch = Report()
        try:
            read = read_value(obj, dialect, path, scratch)
        except ConvertError as error:
            known = (obj, None, error, tuple(scratch))
        else:
            known = (obj, read, None, tuple(scratch))
        shared[key] = known  # the value is kept with its id, so the id cannot be reused meanwhile
    report.extend(known[3])
    if known[2] is not None:
        raise known[2]
    return known[1]


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
