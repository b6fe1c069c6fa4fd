"""The public edge: every conversion runs inside as ``(value, diagnostics)``; here, once, ``on_loss`` acts on
the diagnostics and what absurd input makes Python raise becomes an :class:`~apigw_convert.errors.InputError`.
"""

from __future__ import annotations

import functools
import sys
import warnings
from collections.abc import Callable, Iterable
from typing import Any, Literal, NoReturn, ParamSpec, TypeAlias, TypeVar, get_args

from .diagnostics import Diagnostic, LossWarning, input_error, is_loss
from .errors import ConvertError, LossError

OnLoss = Literal["ignore", "warn", "error"]
ON_LOSS_VALUES: tuple[str, ...] = get_args(OnLoss)

T = TypeVar("T")
P = ParamSpec("P")
F = TypeVar("F", bound=Callable[..., Any])

#: What every internal conversion returns: its result and every diagnostic it found (info included).
Converted: TypeAlias = tuple[T, list[Diagnostic]]


def guarded(func: F) -> F:
    """Turn what absurd input makes Python itself raise into an InputError: a RecursionError (nesting too deep)
    and the ValueError of an int with more digits than Python converts to or from text (an int, not a digit
    string: those the readers report with their pointer). Nothing else is caught."""
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (RecursionError, ValueError) as exc:
            _reraise(exc)
    return wrapper  # type: ignore[return-value]


def _reraise(exc: RecursionError | ValueError) -> NoReturn:
    """Raise what :func:`guarded` makes of ``exc``: an InputError, or ``exc`` itself when it is no such case."""
    if isinstance(exc, RecursionError):
        raise input_error("nesting-too-deep", (), "the input is nested too deeply to convert") from None
    if isinstance(exc, ConvertError) or "integer string conversion" not in str(exc):
        raise exc
    raise input_error("invalid-type", (), "a number has more digits than can be converted "
                      "(sys.get_int_max_str_digits())") from None


def check_on_loss(on_loss: str) -> None:
    """Raise :class:`InputError` unless ``on_loss`` is ignore, warn or error."""
    if on_loss not in ON_LOSS_VALUES:
        raise input_error("invalid-argument", (), f"on_loss must be one of {', '.join(ON_LOSS_VALUES)}, "
                          f"not {on_loss!r}")


def _outside_the_package() -> int:
    """The ``stacklevel`` that makes a warning point at the first caller outside apigw_convert."""
    frame = sys._getframe(2)  # the caller of apply_policy
    level = 2
    while frame is not None and str(frame.f_globals.get("__name__", "")).startswith("apigw_convert"):
        frame = frame.f_back  # type: ignore[assignment]
        level += 1
    return level


def apply_policy(diagnostics: Iterable[Diagnostic], on_loss: OnLoss) -> None:
    """Act on the losses among ``diagnostics``: ignore them, warn about each, or raise :class:`LossError`."""
    losses = [d for d in diagnostics if is_loss(d)]
    if not losses or on_loss == "ignore":
        return
    if on_loss == "error":
        raise LossError.from_diagnostics(losses)
    for diagnostic in losses:
        warnings.warn(LossWarning(diagnostic), stacklevel=_outside_the_package())


def refuse_losses(diagnostics: Iterable[Diagnostic], on_loss: OnLoss) -> None:
    """Raise :class:`LossError` under ``on_loss="error"`` when there is a loss; never warn."""
    if on_loss == "error":
        apply_policy(diagnostics, on_loss)


def settle(on_loss: OnLoss, conversion: Callable[P, Converted[T]], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run one internal conversion for a public function: check ``on_loss``, run it :func:`guarded`, apply
    the policy to its diagnostics, return its value."""
    check_on_loss(on_loss)
    try:  # what guarded() does, without wrapping the conversion anew on every call
        value, diagnostics = conversion(*args, **kwargs)
    except (RecursionError, ValueError) as exc:
        _reraise(exc)
    if diagnostics:
        apply_policy(diagnostics, on_loss)
    return value
