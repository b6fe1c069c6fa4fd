"""Diagnostics: typed records with a stable code, and the one policy that acts on them.

Codecs only *detect*: they append :class:`Diagnostic` records to a :class:`Report`. Deciding what to do
about a loss happens once, at the end, in :func:`apply_policy` (``on_loss`` = ignore / warn / error).
Severity belongs to the code (see :data:`CODES`), never to the call site.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .errors import InputError, LossError
from .pointer import to_pointer

Severity = Literal["error", "warning", "info"]
OnLoss = Literal["ignore", "warn", "error"]
ON_LOSS_VALUES: tuple[str, ...] = ("ignore", "warn", "error")


@dataclass(frozen=True)
class Code:
    """What a diagnostic code means: its severity, a one-line summary and a fix hint."""

    severity: Severity
    summary: str
    hint: str = ""


CODES: dict[str, Code] = {
    # --- integration conversion: what the target dialect cannot express -------------------------------
    "tls-config-unsupported": Code(
        "error", "tlsConfig has no CloudFormation property on AWS::ApiGateway::Method; it was dropped.",
        "Keep the API in an OpenAPI Body (RestApi Body / DefinitionBody) to carry tlsConfig."),
    "duplicate-default-response": Code(
        "error", "More than one integration response has no selection pattern; OpenAPI has one 'default' slot.",
        "Give all but one of them a SelectionPattern."),
    "duplicate-selection-pattern": Code(
        "error", "Two integration responses share a selection pattern; an OpenAPI map keeps one per pattern.",
        "Make the selection patterns distinct or merge the responses."),
    "literal-default-pattern": Code(
        "warning", "A selection pattern is the literal string 'default', which OpenAPI reads as 'no pattern'; "
        "it was written as the equivalent regex '(default)'.",
        "Use the pattern '(default)' in the source too."),
    "conditional-pattern-mismatch": Code(
        "error", "The branches of an Fn::If integration response have different selection patterns; an "
        "OpenAPI responses key cannot depend on a condition.",
        "Move the Fn::If inside the response, below SelectionPattern."),
    "intrinsic-selection-pattern": Code(
        "error", "A selection pattern is computed by an intrinsic function; an OpenAPI responses key must be a "
        "literal string, so the response was dropped.",
        "Write the pattern as a literal string, or wrap the whole response in Fn::If."),
    "opaque-response": Code(
        "error", "An intrinsic function stands where an integration response is expected; OpenAPI needs its "
        "selection pattern as a map key, so it was dropped.",
        "Write the response out, or wrap it in Fn::If with literal branches."),
    "opaque-responses": Code(
        "warning", "The integration responses are one intrinsic function; it was carried over unchanged, "
        "but it resolves to a list where OpenAPI expects a map (or the reverse).",
        "Write the responses out literally."),
    "http-api-only-field": Code(
        "warning", "A field that only HTTP APIs (API Gateway v2) use was dropped from a REST integration.",
        "Remove it, or convert the API with an HTTP API tool."),
    "unknown-field": Code(
        "warning", "A key that is not part of this object's schema was dropped.",
        "Check the spelling against the field table in the README."),
    "ignored-selection-pattern-field": Code(
        "warning", "A 'selectionPattern' key inside an OpenAPI integration response is ignored by API Gateway "
        "(the map key is the pattern); it was dropped.",
        "Move the pattern into the responses key."),
    "null-value-dropped": Code(
        "info", "A field whose value is null was treated as absent.", "Remove the key."),
    # --- input errors: raised as InputError ----------------------------------------------------------
    "invalid-type": Code("error", "A value has the wrong type.", "See the JSON Schemas in schemas/."),
    "invalid-enum": Code("error", "A value is not one of the allowed enum values.",
                         "Use one of the values listed in the message (any case)."),
    "missing-field": Code("error", "A required field is missing.", "Add the field."),
    "invalid-argument": Code("error", "A function argument is not one of its allowed values.", ""),
    "nesting-too-deep": Code("error", "The input is nested deeper than the converter accepts.",
                             "Real templates nest a few dozen levels; check the file."),
    "http-api-integration-ref": Code(
        "error", "The integration is a $ref to components/x-amazon-apigateway-integrations, which only HTTP "
        "APIs support.", "Inline the integration object."),
    # --- files and YAML ------------------------------------------------------------------------------
    "file-not-found": Code("error", "The input file does not exist.", "Check the path."),
    "not-a-file": Code("error", "The input path is not a regular file (a directory?).", "Name a file."),
    "file-unreadable": Code("error", "The input file could not be read.", "Check its permissions."),
    "invalid-encoding": Code("error", "The input is not valid UTF-8 text.", "Save the file as UTF-8."),
    "input-too-large": Code("error", "The input is larger than the converter accepts.", ""),
    "yaml-syntax": Code("error", "The input is not well-formed YAML.", "Fix the YAML at the position shown."),
    "json-syntax": Code("error", "The input is not well-formed JSON.", "Fix the JSON at the position shown."),
    "duplicate-key": Code("error", "A mapping has the same key twice; CloudFormation rejects such templates.",
                          "Remove or rename one of the two keys."),
    "alias-refused": Code("error", "The YAML uses anchors and aliases in a way that expands too far "
                          "(an alias bomb).", "Write the values out instead of aliasing them."),
    "unsafe-tag": Code("error", "The YAML has a tag that is neither a CloudFormation short form nor a safe "
                       "standard type.", "Remove the tag."),
    "unknown-tag": Code("error", "The YAML has a '!' tag that is not a CloudFormation intrinsic function.",
                        "Use one of the short forms listed in the README."),
    "invalid-document": Code("error", "The document is not a mapping at the top level.",
                             "A template or OpenAPI document is a mapping."),
}


class Diagnostic(BaseModel):
    """One finding: a stable ``code``, its ``severity``, an RFC 6901 ``pointer`` into the source, a message.

    ``file``, ``line`` and ``column`` (1-based) are filled in when the source came from a file.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    severity: Severity
    pointer: str
    message: str
    hint: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.file or ""
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        prefix = f"{where}: " if where else ""
        return f"{prefix}{self.severity} {self.code} at {self.pointer or '/'}: {self.message}"


def make(code: str, path: Sequence[str | int], message: str | None = None) -> Diagnostic:
    """Create the diagnostic for ``code`` at ``path``; severity and hint come from :data:`CODES`."""
    info = CODES[code]
    return Diagnostic(code=code, severity=info.severity, pointer=to_pointer(path),
                      message=message or info.summary, hint=info.hint)


def input_error(code: str, path: Sequence[str | int], message: str | None = None) -> InputError:
    """The :class:`InputError` carrying one diagnostic."""
    return InputError.from_diagnostics([make(code, path, message)])  # type: ignore[return-value]


class Report:
    """An ordered collection of diagnostics that codecs append to."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []

    def add(self, code: str, path: Sequence[str | int], message: str | None = None) -> None:
        """Append the diagnostic for ``code`` at ``path``."""
        self.diagnostics.append(make(code, path, message))

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Append several diagnostics."""
        self.diagnostics.extend(diagnostics)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.diagnostics)

    def __len__(self) -> int:
        return len(self.diagnostics)


class LossWarning(UserWarning):
    """Issued under on_loss="warn" for each loss; ``.diagnostic`` holds the record."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def is_loss(diagnostic: Diagnostic) -> bool:
    """Losses are the diagnostics of severity error or warning; info records never stop a conversion."""
    return diagnostic.severity != "info"


def check_on_loss(on_loss: str) -> None:
    """Raise :class:`InputError` unless ``on_loss`` is ignore, warn or error."""
    if on_loss not in ON_LOSS_VALUES:
        raise input_error("invalid-argument", (), f"on_loss must be one of {', '.join(ON_LOSS_VALUES)}, "
                          f"not {on_loss!r}")


def apply_policy(diagnostics: Iterable[Diagnostic], on_loss: str) -> None:
    """Act on the losses among ``diagnostics``: ignore them, warn about each, or raise :class:`LossError`."""
    check_on_loss(on_loss)
    losses = [d for d in diagnostics if is_loss(d)]
    if not losses or on_loss == "ignore":
        return
    if on_loss == "error":
        raise LossError.from_diagnostics(losses)
    for diagnostic in losses:
        warnings.warn(LossWarning(diagnostic), stacklevel=3)
