"""Checking the inputs: templates (with their inline OpenAPI bodies), OpenAPI documents, bare integrations.

Templates and documents are walked with :mod:`apigw_convert.documents.walk`, the walk the converters use.

Each integration is read with the dialect's codec (so the checks see the neutral model and its source
paths), together with what its method declares: a CloudFormation Method's ``RequestParameters`` and
``MethodResponses``, or an OpenAPI operation's ``parameters`` and ``responses``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..detect import embedded_documents, unread_definitions
from ..diagnostics import Diagnostic, Report
from ..errors import InputError
from ..fields import INTEGRATION_FIELDS, Dialect, Kind
from ..integration import read_integration_value
from ..intrinsics import NO_VALUE, if_parts, is_intrinsic
from ..model import Integration
from ..pointer import Path, from_pointer
from ..resource_types import METHOD
from ..table_engine import branches
from . import api, integration, parameters, patterns, responses, tree
from .context import Check, MethodContext, Site, sure_text

INTEGRATION_CHECKS: tuple[Check, ...] = (
    *integration.CHECKS,
    responses.status_codes,
    responses.defaults,
    responses.method_responses,
    patterns.selection_patterns,
    parameters.request_parameters,
    parameters.response_parameters,
    parameters.cache_keys,
)
_EXTENSION = "x-amazon-apigateway-integration"
_HTTP_API_KEYS = ("payloadFormatVersion", "integrationSubtype")
_REST_ONLY_KEYS = ("responses", "requestTemplates", "passthroughBehavior", "contentHandling", "cacheKeyParameters")
_REST_ONLY_ROOT_KEYS = ("x-amazon-apigateway-request-validators", "x-amazon-apigateway-gateway-responses",
                        "x-amazon-apigateway-binary-media-types", "x-amazon-apigateway-api-key-source",
                        "x-amazon-apigateway-policy", "x-amazon-apigateway-minimum-compression-size",
                        "swagger")


def check_integration(value: Any, dialect: Dialect, path: Path, method: MethodContext | None, report: Report,
                      *, strict: bool = False) -> None:
    """Read one integration value (an ``Fn::If`` counts each branch) and run every check on it.

    An integration that cannot be read is reported with the codec's diagnostics, or raised if ``strict`` (the
    error then also carries what the checks find in the rest of it). Either way the checks run on what did read.
    """
    scratch = Report()
    try:
        read = read_integration_value(value, dialect, path, scratch)
    except InputError as exc:
        errors: list[Diagnostic] = list(exc.diagnostics)
        read = _read_without(value, dialect, path, exc.diagnostics)
    else:
        errors = []
    found = Report()
    if dialect == "cfn":  # CloudFormation rejects keys its schema does not know; the codec only drops them
        for diagnostic in scratch:
            if diagnostic.code == "unknown-field":
                where = diagnostic.path
                found.add("unknown-integration-property", where, f"{where[-1]!r} is not a property here")
    _run_checks(read, method, found)
    if errors:  # a finding about a place that holds a value left out (no responses ...) may be an artifact
        removed = [d.path for d in errors]
        found.diagnostics = [d for d in found if not any(_holds(d.path, r) for r in removed)]
        if strict:
            raise InputError.from_diagnostics([*errors, *found])
    report.extend([*errors, *found])


def _run_checks(read: Any, method: MethodContext | None, report: Report) -> None:
    """Every integration check on each integration of ``read`` (both branches of an ``Fn::If``)."""
    for leaf in branches(read):
        if isinstance(leaf, Integration):
            site = Site(leaf, method)
            for check in INTEGRATION_CHECKS:
                for code, where, message in check(site):
                    report.add(code, where, message)


_RESPONSES_ROW = next(spec for spec in INTEGRATION_FIELDS if spec.kind is Kind.RESPONSES)
_TYPE_ROW = INTEGRATION_FIELDS[0]
assert _TYPE_ROW.required


def _holds(outer: Path, inner: Path) -> bool:
    """Whether the place ``outer`` is ``inner`` or contains it."""
    return tuple(inner[:len(outer)]) == tuple(outer)


def _read_without(value: Any, dialect: Dialect, path: Path, errors: tuple[Diagnostic, ...]) -> Any:
    """The integration read again without what failed to read, so that every other check still runs on it.

    A wrong field is left out; a wrong integration response becomes ``AWS::NoValue`` (list indexes, and so
    the pointers of the other findings, stay as they are). None when that cannot be done: the error is about
    the whole object, its ``Type``, or a place inside an ``Fn::If``.
    """
    if not isinstance(value, dict) or if_parts(value) is not None:
        return None
    pruned = dict(value)
    responses_key = _RESPONSES_ROW.name(dialect)
    for diagnostic in errors:
        tokens = diagnostic.path[len(path):]
        if not tokens or tokens[0] not in pruned or tokens[0] == _TYPE_ROW.name(dialect):
            return None
        if tokens[0] != responses_key or len(tokens) == 1:
            pruned.pop(tokens[0])
            continue
        items = pruned[responses_key]
        index = tokens[1]
        if isinstance(items, list) and isinstance(index, int) and index < len(items):
            items = pruned[responses_key] = list(items)
            items[index] = {"Ref": NO_VALUE}
        elif isinstance(items, dict) and tokens[1] in items:
            pruned[responses_key] = {k: v for k, v in items.items() if k != tokens[1]}
        else:
            return None
    try:
        return read_integration_value(pruned, dialect, path, Report())
    except InputError:
        return None


# --- CloudFormation --------------------------------------------------------------------------------------


def _request_keys(value: Any) -> frozenset[str] | None:
    if value is None:
        return frozenset()
    if not isinstance(value, Mapping) or is_intrinsic(value):
        return None
    keys = set()
    for key in value:
        match = parameters.METHOD_REQUEST.fullmatch(str(key))
        keys.add(parameters.declared_key(*match.groups()) if match else str(key))
    return frozenset(keys)


def _header_names(keys: Any) -> frozenset[str] | None:
    if keys is None:
        return frozenset()
    if not isinstance(keys, Mapping) or is_intrinsic(keys):
        return None
    return frozenset(key.lower() for key in map(str, keys))


def _status(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return sure_text(value)


def cfn_method(properties: Mapping[str, Any], endpoint: str | None = None, compressed: bool = False) -> MethodContext:
    """What an ``AWS::ApiGateway::Method`` declares, and what its API says (endpoint type, compression)."""
    return MethodContext("cfn", _request_keys(properties.get("RequestParameters")),
                         _cfn_responses(properties.get("MethodResponses", [])), endpoint, compressed)


def _cfn_responses(items: Any) -> dict[str, frozenset[str] | None] | None:
    if not isinstance(items, list):
        return None
    declared: dict[str, frozenset[str] | None] = {}
    for item in items:
        status = _status(item.get("StatusCode")) if isinstance(item, Mapping) and not is_intrinsic(item) else None
        if status is None:
            return None
        headers = _header_names(item.get("ResponseParameters"))
        declared[status] = None if headers is None else frozenset(
            name.removeprefix("method.response.header.") for name in headers)
    return declared


def check_template(template: Mapping[str, Any], report: Report) -> None:
    """Every Method integration, the resource tree, and every inline OpenAPI body of a template."""
    from ..documents.walk import TemplateWalk  # start-up: validate of an integration walks no document

    walk = TemplateWalk(template)
    apis = api.TemplateApis(template, walk)
    for name, properties in apis.of_type(METHOD):
        if "Integration" in properties:
            owner = api.ref(properties.get("RestApiId"))
            check_integration(properties["Integration"], "cfn", apis.at(name, "Integration"),
                              cfn_method(properties, apis.endpoint(owner), apis.compressed(owner)), report)
    for finding in (*tree.template_tree(walk, apis.resolved), *api.template_findings(apis)):
        report.add(*finding)
    for path, document in embedded_documents(template):
        owner = str(path[len(walk.base)])
        check_openapi(document, path, report, endpoint=apis.endpoint(owner), compressed=apis.compressed(owner))
    for path, reason in unread_definitions(template):
        report.add("definition-not-read", path, reason)


# --- OpenAPI ----------------------------------------------------------------------------------------------


def _resolve(document: Mapping[str, Any], value: Any) -> Any:
    """Follow local ``$ref`` pointers (a few hops); ``None`` when one leads nowhere."""
    for _ in range(8):
        if not (isinstance(value, Mapping) and isinstance(value.get("$ref"), str)):
            return value
        ref = value["$ref"]
        if not ref.startswith("#"):
            return None
        value = document
        for token in from_pointer(ref[1:]):
            value = value.get(token) if isinstance(value, Mapping) else None
    return None


def openapi_method(document: Mapping[str, Any], path: str, path_item: Mapping[str, Any],
                   operation: Mapping[str, Any], endpoint: str | None = None, compressed: bool = False
                   ) -> MethodContext:
    """What an OpenAPI operation declares; path template variables count as declared path parameters."""
    request: set[str] | None = {parameters.declared_key("path", name.rstrip("+"))
                                for name in tree.path_variables(path)}
    for listed in (path_item.get("parameters"), operation.get("parameters")):
        if listed is None or request is None:
            continue
        if not isinstance(listed, list):
            request = None
            continue
        for parameter in listed:
            parameter = _resolve(document, parameter)
            if not (isinstance(parameter, Mapping) and isinstance(parameter.get("name"), str)):
                request = None
                break
            location = {"query": "querystring"}.get(str(parameter.get("in")), str(parameter.get("in")))
            if location in ("path", "querystring", "header"):
                request.add(parameters.declared_key(location, parameter["name"]))
    return MethodContext("openapi", None if request is None else frozenset(request),
                         _openapi_responses(document, operation.get("responses", {})), endpoint, compressed)


def _openapi_responses(document: Mapping[str, Any], listed: Any) -> dict[str, frozenset[str] | None] | None:
    if not isinstance(listed, Mapping) or is_intrinsic(listed):
        return None
    declared: dict[str, frozenset[str] | None] = {}
    for status, response in listed.items():
        response = _resolve(document, response)
        headers = response.get("headers") if isinstance(response, Mapping) and not is_intrinsic(response) else None
        declared[str(status)] = _header_names(headers) if isinstance(response, Mapping) else None
    return declared


def is_http_api(document: Mapping[str, Any]) -> bool:
    """An OpenAPI 3 document whose integrations carry HTTP API (API Gateway v2) keys, and that has nothing only a
    REST API has (a REST document with one stray ``payloadFormatVersion`` is still checked as REST)."""
    from ..documents.walk import operations  # start-up: validate of an integration walks no document

    if "openapi" not in document or any(key in document for key in _REST_ONLY_ROOT_KEYS):
        return False
    http = False
    for *_, operation, _ in operations(document, ()):
        extension = operation.get(_EXTENSION)
        if not isinstance(extension, Mapping):
            continue
        if any(key in extension for key in _REST_ONLY_KEYS) or "x-amazon-apigateway-request-validator" in operation \
                or str(extension.get("type", "")).lower() in ("aws", "http", "mock"):
            return False
        http = http or any(key in extension for key in _HTTP_API_KEYS) or "$ref" in extension
    return http


def check_openapi(document: Mapping[str, Any], base: Path, report: Report, *, endpoint: str | None = None,
                  compressed: bool = False) -> None:
    """Every ``x-amazon-apigateway-integration`` of a REST API document, its path tree and its API-level settings.

    ``endpoint``: the API's endpoint type, when a template says it; ``compressed``: the API (or the document's
    ``x-amazon-apigateway-minimum-compression-size``) compresses responses.
    """
    from ..documents.walk import operations  # start-up: validate of an integration walks no document

    compressed = compressed or document.get("x-amazon-apigateway-minimum-compression-size") is not None
    for path, key, item, operation, _ in operations(document, base):
        if _EXTENSION in operation:
            check_integration(operation[_EXTENSION], "openapi", (*path, _EXTENSION),
                              openapi_method(document, key, item, operation, endpoint, compressed), report)
    for finding in api.openapi_findings(document, base, operations(document, base)):
        report.add(*finding)
    paths = document.get("paths")
    if isinstance(paths, Mapping):
        for code, where, message in (*tree.openapi_siblings(paths, (*base, "paths")),
                                     *tree.openapi_repeated_variables(paths, (*base, "paths"))):
            report.add(code, where, message)
