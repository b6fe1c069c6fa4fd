"""Checking the inputs: templates (with their inline OpenAPI bodies), OpenAPI documents, bare integrations.

Templates and documents are walked with :mod:`apigw_convert.documents.walk`, the walk the converters use.

Each integration is read with the dialect's codec (so the checks see the neutral model and its source
paths), together with what its method declares: a CloudFormation Method's ``RequestParameters`` and
``MethodResponses``, or an OpenAPI operation's ``parameters`` and ``responses``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeVar

from ..diagnostics import Diagnostic, Report
from ..errors import InputError
from ..fields import INTEGRATION_FIELDS, Dialect, Kind
from ..integration import read_integration_value
from ..intrinsics import NO_VALUE, if_parts, is_intrinsic
from ..model import Conditional, Integration
from ..pointer import Path, from_pointer
from ..resource_types import METHOD
from . import api, integration, parameters, patterns, responses, tree
from .context import Check, Finding, MethodContext, Site, When, if_leaves, sure_text, uncovered

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
    own: When = frozenset() if method is None or method.condition is None else frozenset({(method.condition, True)})
    for leaf, guards in _guarded(read, own):
        if isinstance(leaf, Integration):
            site = Site(leaf, method, guards)
            for check in INTEGRATION_CHECKS:
                for code, where, message in check(site):
                    report.add(code, where, message)


def _guarded(read: Any, guards: When) -> Iterator[tuple[Any, When]]:
    """The leaves of ``read`` (both branches of each ``Fn::If`` that ``guards`` do not rule out), each with the
    condition values that lead to it."""
    if isinstance(read, Conditional):
        for branch, taken in ((read.if_true, True), (read.if_false, False)):
            if (read.condition, not taken) not in guards:
                yield from _guarded(branch, guards | {(read.condition, taken)})
    else:
        yield read, guards


_K = TypeVar("_K")


def _conditional(present: Mapping[_K, Iterable[When]]) -> dict[_K, tuple[When, ...]]:
    """The entries of ``present`` (each declaration's condition values) that some condition values leave out."""
    paths = {key: tuple(whens) for key, whens in present.items()}
    return {key: whens for key, whens in paths.items() if uncovered(whens, frozenset()) is not None}


def _add_headers(declared: dict[str, frozenset[str] | None], present: dict[tuple[str, str], list[When]],
                 status: str, headers: Any, prefix: str, when: When, *, known: bool = True) -> None:
    """Record the headers one method response of ``status`` declares (a map of header keys, ``prefix`` before the
    name; ``known``: the response could be read) under the condition values ``when``: their names in
    ``declared``, the condition values of each in ``present``."""
    names = _header_names(headers) if known else None
    before = declared.get(status, frozenset())
    if names is None or before is None:
        declared[status] = None
        return
    added = set()
    for key, value in (headers or {}).items():
        name = str(key).lower().removeprefix(prefix)
        whens = [inner for _, _, inner in if_leaves(value, (), when)]
        present.setdefault((status, name), []).extend(whens)
        if whens:
            added.add(name)
    declared[status] = before | added


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


def _request_keys(value: Any) -> tuple[frozenset[str] | None, dict[str, tuple[When, ...]]]:
    """The declared ``method.request.*`` keys, and those declared under conditions only (see :class:`MethodContext`)."""
    if value is None:
        return frozenset(), {}
    if not isinstance(value, Mapping) or is_intrinsic(value):
        return None, {}
    present: dict[str, list[When]] = {}
    for key, required in value.items():
        match = parameters.METHOD_REQUEST.fullmatch(str(key))
        declared = parameters.declared_key(*match.groups()) if match else str(key)
        present.setdefault(declared, []).extend(when for _, _, when in if_leaves(required, ()))
    return frozenset(key for key, whens in present.items() if whens), _conditional(present)


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


def cfn_method(properties: Mapping[str, Any], endpoint: str | None = None, compressed: bool = False,
               condition: Any = None) -> MethodContext:
    """What an ``AWS::ApiGateway::Method`` declares, and what its API says (endpoint type, compression);
    ``condition``: the Method's ``Condition``."""
    request, conditional = _request_keys(properties.get("RequestParameters"))
    headers: dict[tuple[str, str], list[When]] = {}
    responses = _cfn_responses(properties.get("MethodResponses", []), headers)
    return MethodContext("cfn", request, responses, endpoint, compressed, conditional,
                         condition if isinstance(condition, str) else None, _conditional(headers))


def _cfn_responses(value: Any, present: dict[tuple[str, str], list[When]]) -> dict[str, frozenset[str] | None] | None:
    """The method responses of any branch of the ``Fn::If`` around the list or its items: each status code with the
    headers it declares (see :class:`MethodContext`); ``None`` when one cannot be read."""
    declared: dict[str, frozenset[str] | None] = {}
    for items, _, outer in if_leaves(value, ()):
        if not isinstance(items, list):
            return None
        for listed in items:
            for item, _, when in if_leaves(listed, (), outer):
                status = _status(item.get("StatusCode")) if isinstance(item, Mapping) and not is_intrinsic(item) \
                    else None
                if status is None:
                    return None
                _add_headers(declared, present, status, item.get("ResponseParameters"), "method.response.header.",
                             when)
    return declared


def check_template(template: Mapping[str, Any], report: Report) -> None:
    """Every Method integration, the resource tree, and every inline OpenAPI body of a template."""
    # start-up: validate of an integration walks no document
    from ..documents.walk import TemplateWalk, embedded_documents, unread_definitions

    walk = TemplateWalk(template)
    apis = api.TemplateApis(template, walk)
    for name, properties in apis.of_type(METHOD):
        if "Integration" in properties:
            owner = api.ref(properties.get("RestApiId"))
            check_integration(properties["Integration"], "cfn", apis.at(name, "Integration"),
                              cfn_method(properties, apis.endpoint(owner), apis.compressed(owner),
                                         apis.raw[name].get("Condition")), report)
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
    present: dict[str, list[When]] | None = {parameters.declared_key("path", name.rstrip("+")): [frozenset()]
                                             for name in tree.path_variables(path)}
    for listed in (path_item.get("parameters"), operation.get("parameters")):
        if listed is not None and present is not None:
            present = _parameter_keys(document, listed, present)
    headers: dict[tuple[str, str], list[When]] = {}
    return MethodContext("openapi", None if present is None else frozenset(present),
                         _openapi_responses(document, operation.get("responses", {}), headers), endpoint, compressed,
                         {} if present is None else _conditional(present), None, _conditional(headers))


def _parameter_keys(document: Mapping[str, Any], listed: Any, present: dict[str, list[When]]
                    ) -> dict[str, list[When]] | None:
    """``present`` with the method request keys a ``parameters`` list declares (each branch of an ``Fn::If``
    around an item, with its condition values); ``None`` when one is not a parameter that can be read."""
    if not isinstance(listed, list):
        return None
    for item in listed:
        for leaf, _, when in if_leaves(item, ()):
            found = _declared_parameters(document, leaf)
            if found is None:
                return None
            for key in found:
                present.setdefault(key, []).append(when)
    return present


def _declared_parameters(document: Mapping[str, Any], item: Any) -> list[str] | None:
    """The method request key one ``parameters`` item declares; ``None`` when it is not a parameter that can be
    read."""
    parameter = _resolve(document, item)
    if not (isinstance(parameter, Mapping) and isinstance(parameter.get("name"), str)):
        return None
    location = {"query": "querystring"}.get(str(parameter.get("in")), str(parameter.get("in")))
    return [parameters.declared_key(location, parameter["name"])] if location in ("path", "querystring", "header") \
        else []


def duplicate_parameters(document: Mapping[str, Any], base: Path) -> Iterator[Finding]:
    """No path item or operation lists two parameters of one name and location that can exist together (two
    ``Fn::If`` versions of one parameter on opposite branches are one parameter)."""
    from ..documents.walk import item_operations, path_items  # start-up: validate of an integration walks none

    for item_path, template, item in path_items(document, base):
        owners = [(item_path, item), *((op.path, op.operation) for op in item_operations(item_path, template, item))]
        for where, owner in owners:
            yield from _twice(document, owner.get("parameters"), (*where, "parameters"))


def _twice(document: Mapping[str, Any], listed: Any, where: Path) -> Iterator[Finding]:
    seen: dict[tuple[str, str], list[frozenset[tuple[str, bool]]]] = {}
    for i, item in enumerate(listed if isinstance(listed, list) else ()):
        for key, when in _existing(document, item, frozenset()):
            if any(_compatible(when, other) for other in seen.get(key, [])):
                yield "parameter-defined-twice", (*where, i), f"{key[0]} parameter {key[1]!r} is listed twice"
                break
            seen.setdefault(key, []).append(when)


def _existing(document: Mapping[str, Any], item: Any, when: frozenset[tuple[str, bool]]
              ) -> Iterator[tuple[tuple[str, str], frozenset[tuple[str, bool]]]]:
    """Each (location, name) ``item`` lists, with the condition values under which it exists."""
    parts = if_parts(item)
    if parts is not None:
        condition = str(parts[0])
        yield from _existing(document, parts[1], when | {(condition, True)})
        yield from _existing(document, parts[2], when | {(condition, False)})
        return
    for entry in item if isinstance(item, list) else [item]:
        parameter = _resolve(document, entry)
        if isinstance(parameter, Mapping) and isinstance(parameter.get("name"), str) \
                and isinstance(parameter.get("in"), str):
            yield (parameter["in"], parameter["name"]), when


def _compatible(first: frozenset[tuple[str, bool]], second: frozenset[tuple[str, bool]]) -> bool:
    """Whether some condition values make both hold."""
    return not any((condition, not value) in second for condition, value in first)


def _openapi_responses(document: Mapping[str, Any], listed: Any, present: dict[tuple[str, str], list[When]]
                       ) -> dict[str, frozenset[str] | None] | None:
    """Each status code of an operation's ``responses`` with the headers it declares (each branch of an ``Fn::If``
    response, with its condition values, in ``present``)."""
    if not isinstance(listed, Mapping) or is_intrinsic(listed):
        return None
    declared: dict[str, frozenset[str] | None] = {}
    for status, value in listed.items():
        for leaf, _, when in if_leaves(value, ()):
            response = _resolve(document, leaf)
            readable = isinstance(response, Mapping) and not is_intrinsic(response)
            _add_headers(declared, present, str(status), response.get("headers") if readable else None, "", when,
                         known=readable)
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
                                     *tree.openapi_repeated_variables(paths, (*base, "paths")),
                                     *duplicate_parameters(document, base)):
            report.add(code, where, message)
