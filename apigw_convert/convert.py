"""Converting one integration: the public single-object functions and the policy around them."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from .codecs import codec
from .codecs._fast import convert_plain
from .diagnostics import Report, apply_policy, check_on_loss, input_error
from .errors import ConvertError
from .fields import Dialect
from .pointer import Path

if TYPE_CHECKING:
    from .model import Integration

# The general path (the codecs and the pydantic models) is imported on first use: a command that converts
# plain integrations, which the fast path serves, never imports a model.

F = TypeVar("F", bound=Callable[..., Any])


def guarded(func: F) -> F:
    """Turn what absurd input makes Python itself raise into an InputError: a RecursionError (nesting too deep)
    and the ValueError of an int with more digits than Python converts to or from text (an int, not a digit
    string: those the readers report with their pointer). Nothing else is caught."""
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except RecursionError:
            raise input_error("nesting-too-deep", (), "the input is nested too deeply to convert") from None
        except ValueError as exc:
            if isinstance(exc, ConvertError) or "integer string conversion" not in str(exc):
                raise
            raise input_error("invalid-type", (), "a number has more digits than can be converted "
                              "(sys.get_int_max_str_digits())") from None
    return wrapper  # type: ignore[return-value]


def read_integration_value(obj: Any, dialect: Dialect, path: Path, report: Report) -> Any:
    """Read an integration value: a mapping, an ``Fn::If`` between two, or another intrinsic (kept)."""
    from .codecs._table import read_conditional
    from .model import ConditionalIntegration

    return read_conditional(obj, path, report, codec(dialect).read_integration, ConditionalIntegration)


def write_integration_value(value: Any, dialect: Dialect, report: Report) -> Any:
    """Write what :func:`read_integration_value` returned, in ``dialect``."""
    from .codecs._table import write_conditional

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


@guarded
def cfn_to_swagger(obj: Any, *, on_loss: str = "warn") -> dict[str, Any]:
    """Convert a CloudFormation ``Integration`` value to an ``x-amazon-apigateway-integration`` object.

    Args:
        obj: the ``Integration`` mapping (dict, OrderedDict, cfn-flip's ODict); an ``Fn::If`` between two
            integrations has both branches converted.
        on_loss: ``"ignore"``, ``"warn"`` (a :class:`~apigw_convert.diagnostics.LossWarning` per loss) or
            ``"error"`` (raise :class:`~apigw_convert.errors.LossError`, return nothing).

    Raises:
        InputError: the input is not a valid integration (the diagnostics name the pointer).
        LossError: under ``on_loss="error"``, when something cannot be expressed in OpenAPI.
    """
    return _convert(obj, "cfn", "openapi", on_loss)


@guarded
def swagger_to_cfn(obj: Any, *, on_loss: str = "warn") -> dict[str, Any]:
    """Convert an ``x-amazon-apigateway-integration`` object to a CloudFormation ``Integration`` value.

    Same arguments and errors as :func:`cfn_to_swagger`, in the other direction.
    """
    return _convert(obj, "openapi", "cfn", on_loss)


def _convert(obj: Any, source: Dialect, target: Dialect, on_loss: str) -> dict[str, Any]:
    check_on_loss(on_loss)
    fast = convert_plain(obj, source, target)
    if fast is not None:  # no diagnostic: no report to keep and no policy to apply
        return fast
    report = Report()
    out = _convert_general(obj, source, target, (), report)  # the fast path declined: not tried twice
    apply_policy(report, on_loss)
    return out  # type: ignore[no-any-return]


@guarded
def read_one(obj: Any, dialect: Dialect, on_loss: str) -> Integration:
    """Read exactly one integration mapping (behind ``Integration.from_cfn`` / ``from_swagger``)."""
    from .model import Integration

    check_on_loss(on_loss)
    report = Report()
    value = read_integration_value(obj, dialect, (), report)
    if not isinstance(value, Integration):
        raise input_error("invalid-type", (), "an intrinsic function is not one integration; "
                          f"use {'cfn_to_swagger' if dialect == 'cfn' else 'swagger_to_cfn'} to convert it")
    apply_policy(report, on_loss)
    return value


@guarded
def write_one(integration: Integration, dialect: Dialect, on_loss: str) -> dict[str, Any]:
    """Write one model (behind ``Integration.to_cfn`` / ``to_swagger``)."""
    check_on_loss(on_loss)
    report = Report()
    out = codec(dialect).write_integration(integration, report)
    apply_policy(report, on_loss)
    return out
