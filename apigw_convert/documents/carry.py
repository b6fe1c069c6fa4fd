"""OpenAPI-only content carried through a template in resource ``Metadata``.

A template has no place for descriptions, examples, tags or vendor extensions API Gateway ignores, but every
resource has ``Metadata``. Under ``Metadata.OpenApi`` each resource keeps the part of the OpenAPI document
that its properties cannot say, in OpenAPI's own shape:

* the RestApi: the document's other top-level keys, ``info`` minus title/description, the default request
  validator, and ``paths`` holding the path-level keys of each path item;
* a Method: the operation's other keys, ``parameters`` (each with ``in`` and ``name`` to match it up),
  ``responses`` (by status code, with ``headers`` by name) and ``requestBody`` minus its schemas;
* an Authorizer: the security scheme's other keys; a Model: ``{"inline": true}`` for a schema the document
  wrote inline at its one place of use.

This module turns the neutral ``annotations`` into those overlays and back, so the template reader and writer
share one definition of them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..intrinsics import plain
from ..pointer import Path
from .conditional_items import never
from .model import Api, Method, source_location
from .names import CARRY_KEY, OAS_API, VERSION_KEY

INLINE = "inline"


def annotations_at(obj: Any, *keys: str | int) -> Path:
    """Where ``keys`` of ``obj``'s annotations stand in its source: in the object itself when it was read from
    OpenAPI, in its resource's carried ``Metadata`` when it was read from a template's resource."""
    source = source_location(obj)
    if source is None:
        return keys
    dialect, path = source
    if dialect == "cfn" and path[-1:] == ("Properties",):
        return (*path[:-1], "Metadata", CARRY_KEY, *keys)
    if dialect == "cfn" and len(path) == 2 and path[0] == "Resources":  # the RestApi resource itself
        return (*path, "Metadata", CARRY_KEY, *keys)
    return (*path, *keys)


def method_overlay(method: Method) -> dict[str, Any]:
    """The sparse OpenAPI operation holding everything ``method`` carries."""
    out: dict[str, Any] = plain(method.annotations)
    params = list(out.pop("parameters", []))
    if isinstance(method.parameters, list):
        params += [{"in": p.location.value, "name": p.name, **plain(p.annotations)}
                   for p in method.parameters if p.annotations and not never(p.required)]
    if params:
        out["parameters"] = params
    responses = dict(out.pop("responses", {}))
    if isinstance(method.responses, list):
        for response in method.responses:
            if never(response.exists):  # a conditional entry that exists in no branch
                continue
            entry = plain(response.annotations)
            headers = {h.name: plain(h.annotations) for h in response.headers
                       if h.annotations and not never(h.required)}
            if headers:
                entry["headers"] = {**entry.get("headers", {}), **headers}
            if entry:
                responses[response.status_code] = entry
    if responses:
        out["responses"] = responses
    return out


def apply_method_overlay(overlay: Mapping[str, Any], method: Method) -> None:
    """Spread a Method's carried overlay back onto ``method`` and its parameters, responses and headers."""
    rest = {key: plain(value) for key, value in overlay.items()
            if key not in ("parameters", "responses") or not isinstance(value, list | Mapping)}
    params = {(p.location.value, p.name): p for p in method.parameters} if isinstance(method.parameters, list) else {}
    unmatched_params = []
    entries = overlay.get("parameters")
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        key = (entry.get("in"), entry.get("name")) if isinstance(entry, Mapping) else None
        target = params.get(key) if key and all(isinstance(k, str) for k in key) else None  # type: ignore[arg-type]
        if target is None or not isinstance(entry, Mapping):
            unmatched_params.append(plain(entry))
            continue
        target.annotations = {k: plain(v) for k, v in entry.items() if k not in ("in", "name")}
        target._fields_at = {"annotations": annotations_at(method, "parameters", index)}  # for the writer's pointers
    if unmatched_params:
        rest["parameters"] = unmatched_params
    responses = {r.status_code: r for r in method.responses} if isinstance(method.responses, list) else {}
    unmatched: dict[str, Any] = {}
    entries = overlay.get("responses")
    for code, entry in (entries.items() if isinstance(entries, Mapping) else ()):
        response = responses.get(str(code))
        if response is None or not isinstance(entry, Mapping):
            unmatched[str(code)] = plain(entry)
            continue
        headers = {h.name: h for h in response.headers}
        extra_headers = {}
        carried_headers = entry.get("headers")
        for name, extras in (carried_headers.items() if isinstance(carried_headers, Mapping) else ()):
            if name in headers and isinstance(extras, Mapping):
                headers[name].annotations = plain(extras)
                headers[name]._fields_at = {"annotations": annotations_at(method, "responses", code, "headers", name)}
            else:
                extra_headers[name] = plain(extras)
        response.annotations = {k: plain(v) for k, v in entry.items() if k != "headers"}
        if extra_headers:
            response.annotations["headers"] = extra_headers
    if unmatched:
        rest["responses"] = unmatched
    method.annotations = rest


def api_overlay(api: Api) -> dict[str, Any]:
    """The sparse OpenAPI document holding everything the RestApi resource carries."""
    out: dict[str, Any] = plain(api.annotations)
    paths = {route.path: plain(route.annotations) for route in api.routes if route.annotations}
    if paths:
        out["paths"] = paths
    if api.default_request_validator is not None:
        out[OAS_API.default_request_validator] = api.default_request_validator
    return out


def apply_api_overlay(overlay: Mapping[str, Any], api: Api) -> None:
    """Spread the RestApi's carried overlay back onto ``api`` and its routes (paths no route has are ignored)."""
    rest = {key: plain(value) for key, value in overlay.items()
            if (key != "paths" or not isinstance(value, Mapping)) and key != VERSION_KEY}
    validator = rest.get(OAS_API.default_request_validator)
    if isinstance(validator, str):
        api.default_request_validator = rest.pop(OAS_API.default_request_validator)
    routes = {route.path: route for route in api.routes}
    paths = overlay.get("paths")
    for path, extras in (paths.items() if isinstance(paths, Mapping) else ()):
        route = routes.get(path)
        if route is not None and isinstance(extras, Mapping):
            route.annotations = plain(extras)
    api.annotations = rest


# Carried OpenAPI text may hold ${AWS::Region} on purpose (API Gateway's import resolves it); cfn-lint would
# take it for a forgotten Fn::Sub (E1029), so such resources tell cfn-lint so, and the reader drops the note.
LINT_KEY = "cfn-lint"
LINT_NOTE = {"config": {"ignore_checks": ["E1029"]}}


def carried(metadata: Any) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """Split a resource's ``Metadata`` into the carried overlay and the rest."""
    if not isinstance(metadata, Mapping):
        return None, {}
    overlay = metadata.get(CARRY_KEY)
    rest = {k: v for k, v in metadata.items() if k != CARRY_KEY and not (k == LINT_KEY and v == LINT_NOTE)}
    return (plain(overlay) if isinstance(overlay, Mapping) else None), rest


def with_metadata(resource: dict[str, Any], overlay: Mapping[str, Any] | None) -> dict[str, Any]:
    """``resource`` with ``Metadata.OpenApi`` set to ``overlay`` when there is something to carry."""
    if overlay:
        resource["Metadata"] = {CARRY_KEY: plain(overlay)}
        if "${" in json.dumps(overlay, default=str):
            resource["Metadata"][LINT_KEY] = plain(LINT_NOTE)
    return resource
