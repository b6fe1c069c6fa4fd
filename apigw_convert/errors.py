"""The exceptions that leave apigw_convert.

::

    ValueError
     └── ConvertError      base of everything this package raises on purpose
          ├── InputError   the input is not what it claims to be (wrong type, bad enum, bad YAML, no file)
          └── LossError    on_loss="error" and the target cannot express part of the source

Every error carries the diagnostics that explain it (``.diagnostics``), each with a stable code and a
JSON pointer into the source.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .diagnostics import Diagnostic


class ConvertError(ValueError):
    """Base class: a conversion could not produce a trustworthy result."""

    def __init__(self, message: str, diagnostics: Iterable[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)

    @classmethod
    def from_diagnostics(cls, diagnostics: Iterable[Diagnostic]) -> ConvertError:
        """Build the error whose message lists every diagnostic, one per line."""
        diags = tuple(diagnostics)
        return cls("\n".join(str(d) for d in diags) or cls.__name__, diags)


class InputError(ConvertError):
    """The input is malformed: wrong types, unknown enum values, missing required fields, bad files."""


class LossError(ConvertError):
    """on_loss="error" was asked for and the conversion would drop or change something."""
