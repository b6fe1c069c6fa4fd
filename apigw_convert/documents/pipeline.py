"""The two whole-document conversions, each returning its result and its diagnostics (:mod:`.embedding` has
the other two).

Every one goes reader -> neutral :class:`~.model.Api` -> writer; :mod:`apigw_convert.documents` wraps them
with the ``on_loss`` policy.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from ..diagnostics import Report, input_error
from ..intrinsics import plain
from ..policy import Converted
from .cfn.reader import read_template
from .cfn.writer import TemplateWriter
from .names import CFN_TEMPLATE, STRING_PARAMETER
from .openapi.reader import read_openapi
from .openapi.writer import write_openapi
from .outer import outer_references

OpenApiVersion = Literal["2.0", "3.0"]
API_ID = "Api"
VERSIONS = {"2.0": "2.0", "2": "2.0", "3.0": "3.0", "3": "3.0"}


def check_version(version: Any) -> str:
    """``"2.0"`` or ``"3.0"`` (also accepted: 2, 2.0, 3, 3.0, "3.0.x"); anything else is an InputError."""
    text = str(version)
    if text.startswith("3.0."):
        text = "3.0"
    if isinstance(version, bool) or text not in VERSIONS:
        raise input_error("invalid-argument", (), f"version must be '2.0' or '3.0', not {version!r}")
    return VERSIONS[text]


def template_to_openapi(template: Any, version: str, api: str | None) -> Converted[dict[str, Any]]:
    """One REST API of ``template`` as an OpenAPI document."""
    version = check_version(version)
    report = Report()
    _, neutral = read_template(template, api, report)
    return write_openapi(neutral, version, report), report.diagnostics


def openapi_to_template(document: Any) -> Converted[dict[str, Any]]:
    """An OpenAPI document as a template with a RestApi and everything below it."""
    report = Report()
    neutral = read_openapi(document, (), report)
    writer = TemplateWriter(neutral, API_ID, report, set())
    resources = {API_ID: writer.rest_api_resource(), **writer.resources()}
    needed = outer_references(document, (), resources, (), (), report, written=resources)
    template: dict[str, Any] = {"AWSTemplateFormatVersion": "2010-09-09"}
    if needed:
        template[CFN_TEMPLATE.parameters] = {name: dict(STRING_PARAMETER) for name in sorted(needed)}
    if neutral.derived_conditions:  # "C and D", "not C": nested Fn::If and operations only when C is false
        template[CFN_TEMPLATE.conditions] = plain(neutral.derived_conditions)
    template[CFN_TEMPLATE.resources] = resources
    return template, report.diagnostics


def names_of(template: Mapping[str, Any], key: str) -> list[str]:
    """The names of a template section (Parameters, Conditions, Mappings, Resources)."""
    section = template.get(key)
    return [str(k) for k in section] if isinstance(section, Mapping) else []


def copy_template(template: Mapping[str, Any]) -> dict[str, Any]:
    """A plain deep copy."""
    return plain(template)  # type: ignore[no-any-return]
