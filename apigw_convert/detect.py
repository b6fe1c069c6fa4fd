"""What kind of input a mapping is, and where a template keeps its inline OpenAPI documents.

:func:`detect_kind` tells a CloudFormation template, an OpenAPI document and a bare integration in either
dialect apart by their keys. :func:`embedded_documents` finds the OpenAPI documents written inline in a
template (``AWS::ApiGateway::RestApi`` ``Body``, ``AWS::Serverless::Api`` ``DefinitionBody``, also as the
branches of an ``Fn::If``); :func:`unread_definitions` lists the API definitions a template only points at
(``Fn::Transform`` ``AWS::Include``, S3 locations, string bodies, HTTP APIs), which are not fetched.

A Serverless Framework file (``serverless.yml``) counts as a template: its CloudFormation lives under
``resources.Resources``, and :func:`template_resources` returns it with that path.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from .fields import INTEGRATION_FIELDS, by_name
from .intrinsics import if_parts, is_intrinsic, is_mapping, is_no_value
from .pointer import Path

Kind = Literal["cfn-integration", "openapi-integration", "template", "openapi", "unknown"]

_CFN_KEYS = frozenset(by_name(INTEGRATION_FIELDS, "cfn"))
_OPENAPI_KEYS = frozenset(by_name(INTEGRATION_FIELDS, "openapi"))

# Resource type -> the property holding an inline OpenAPI document of a REST API.
BODY_PROPERTIES: dict[str, str] = {
    "AWS::ApiGateway::RestApi": "Body",
    "AWS::Serverless::Api": "DefinitionBody",
}
# Properties that only point at a definition kept elsewhere.
_EXTERNAL_PROPERTIES: dict[str, tuple[str, ...]] = {
    "AWS::ApiGateway::RestApi": ("BodyS3Location",),
    "AWS::Serverless::Api": ("DefinitionUri",),
}
_HTTP_API_TYPES = ("AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Api")


def template_resources(data: Any) -> tuple[Path, Mapping[str, Any]] | None:
    """The ``Resources`` mapping of a template and its path, or ``None``.

    A Serverless Framework file carries its CloudFormation under ``resources.Resources``.
    """
    if not isinstance(data, Mapping):
        return None
    resources = data.get("Resources")
    if isinstance(resources, Mapping):
        return ("Resources",), resources
    framework = data.get("resources")
    if isinstance(framework, Mapping) and isinstance(framework.get("Resources"), Mapping):
        return ("resources", "Resources"), framework["Resources"]
    return None


def _integration_dialect(data: Mapping[str, Any]) -> Kind:
    parts = if_parts(data)
    if parts is not None:
        for branch in parts[1:]:
            if isinstance(branch, Mapping) and not is_no_value(branch):
                kind = _integration_dialect(branch)
                if kind != "unknown":
                    return kind
        return "unknown"
    keys = {key for key in data if isinstance(key, str)}
    cfn = len(keys & _CFN_KEYS)
    openapi = len(keys & _OPENAPI_KEYS)
    if cfn > openapi:
        return "cfn-integration"
    if openapi > cfn:
        return "openapi-integration"
    return "unknown"


def detect_kind(data: Any) -> Kind:
    """Classify ``data``: a template, an OpenAPI document, a bare integration (by its keys), or unknown.

    A template has ``Resources`` or ``AWSTemplateFormatVersion`` (or, as a Serverless Framework file,
    ``resources.Resources``); an OpenAPI document has ``openapi``, ``swagger`` or ``paths``. Otherwise the
    keys decide: more CloudFormation names (``Type``, ``IntegrationHttpMethod`` ...) than OpenAPI names
    (``type``, ``httpMethod`` ...) make a CloudFormation integration, and the reverse an OpenAPI one; an
    ``Fn::If`` between two integrations is classified by its first branch that is a mapping.
    """
    if not isinstance(data, Mapping):
        return "unknown"
    if "AWSTemplateFormatVersion" in data or template_resources(data) is not None:
        return "template"
    if "openapi" in data or "swagger" in data or isinstance(data.get("paths"), Mapping):
        return "openapi"
    return _integration_dialect(data)


def _resources(template: Any) -> list[tuple[Path, str, Mapping[str, Any]]]:
    found = template_resources(template)
    if found is None:
        return []
    base, resources = found
    out = []
    for name, resource in resources.items():
        if is_mapping(resource) and isinstance(resource.get("Type"), str):
            properties = resource.get("Properties")
            if is_mapping(properties):
                out.append(((*base, name, "Properties"), resource["Type"], properties))
    return out


def _documents(value: Any, path: Path) -> list[tuple[Path, Any]]:
    parts = if_parts(value)
    if parts is not None:
        return [doc for i in (1, 2) for doc in _documents(parts[i], (*path, "Fn::If", i))]
    return [(path, value)]


def embedded_documents(template: Any) -> list[tuple[Path, dict[str, Any]]]:
    """The inline OpenAPI documents of a template, each with its path.

    RestApi ``Body`` and Serverless Api ``DefinitionBody`` mappings, also the branches of an ``Fn::If``
    around them (a branch that is ``AWS::NoValue`` is left out). Definitions that are only referenced
    (``Fn::Transform``, S3, a string body) are not documents here: see :func:`unread_definitions`.
    """
    out: list[tuple[Path, dict[str, Any]]] = []
    for path, rtype, properties in _resources(template):
        prop = BODY_PROPERTIES.get(rtype)
        if prop is None or prop not in properties:
            continue
        for where, doc in _documents(properties[prop], (*path, prop)):
            if isinstance(doc, Mapping) and not is_intrinsic(doc):
                out.append((where, doc))  # type: ignore[arg-type]
    return out


def unread_definitions(template: Any) -> list[tuple[Path, str]]:
    """The API definitions a template points at but does not hold inline, each with a short reason."""
    out: list[tuple[Path, str]] = []
    for path, rtype, properties in _resources(template):
        if rtype in _HTTP_API_TYPES:
            for prop in ("DefinitionBody", "Body"):
                if prop in properties:
                    out.append(((*path, prop), "an HTTP API (API Gateway v2) definition; not checked"))
            continue
        for external in _EXTERNAL_PROPERTIES.get(rtype, ()):
            if external in properties:
                out.append(((*path, external), "the definition is kept elsewhere; not fetched"))
        body = BODY_PROPERTIES.get(rtype)
        if body is None or body not in properties:
            continue
        for where, doc in _documents(properties[body], (*path, body)):
            if isinstance(doc, str):
                out.append((where, "a definition written as a string; not parsed"))
            elif is_intrinsic(doc) and "Fn::Transform" in doc:
                location = _include_location(doc["Fn::Transform"])
                out.append(((*where, "Fn::Transform"),
                            f"included with AWS::Include from {location}; not fetched" if location
                            else "produced by a macro (Fn::Transform); not fetched"))
            elif is_intrinsic(doc) and not is_no_value(doc):
                out.append((where, "an intrinsic function; not resolved"))
    return out


def _include_location(transform: Any) -> str | None:
    if isinstance(transform, Mapping) and transform.get("Name") == "AWS::Include":
        parameters = transform.get("Parameters")
        if isinstance(parameters, Mapping):
            location = parameters.get("Location")
            return location if isinstance(location, str) else "a computed location"
        return "an unknown location"
    return None
