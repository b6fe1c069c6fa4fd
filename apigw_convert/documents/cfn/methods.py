"""CloudFormation reader, method level: the resource tree and the methods on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ...diagnostics import Report, input_error
from ...errors import ConvertError
from ...fields import FieldSpec, Kind
from ...integration import read_integration_value
from ...intrinsics import if_parts, is_intrinsic, is_no_value, key_text, plain
from ...pointer import Path
from ...table_engine import describe, read_value
from ..carry import apply_method_overlay
from ..conditional import pushed_down
from ..conditional_items import entry_paths, flattened, grouped, merged_response, never, overlaid, read_tree
from ..model import (
    Method,
    MethodResponse,
    Parameter,
    ParameterLocation,
    ResponseHeader,
    new,
)
from ..names import (
    APIS,
    AUTHORIZATION,
    CFN_METHOD,
    CFN_RESOURCE,
    CFN_RESPONSE,
    HEADER_PREFIX,
    METHOD,
    PARAMETER_LOCATIONS,
    PARAMETER_PREFIX,
    TYPES,
    VERBS,
)
from ..refs import point_away, protect_literals
from ..tree import bad_segment, join, repeated_variable, variable_siblings, with_children
from .base import ROOT, ReadContext, choose_api, open_template


class MethodReader:
    """Reads the resource tree and the methods."""

    def __init__(self, ctx: ReadContext) -> None:
        self.ctx = ctx

    def read_tree(self, lids: list[str]) -> dict[str, str]:
        """Resource logical ID -> full path, for every resource that leads to the root (the tree checked)."""
        parents, paths = self.resolve_tree(lids)
        self._check_tree(parents, paths)
        return {lid: path for lid, path in paths.items() if path is not None}

    def resolve_tree(self, lids: list[str]) -> tuple[dict[str, tuple[str | None, str | None]],
                                                      dict[str, str | None]]:
        """Each resource's (parent, path part), and its full path (``None`` where it does not lead to the root):
        the resolution alone, every spelling of ``ParentId`` that :meth:`ReadContext.node` accepts."""
        parents: dict[str, tuple[str | None, str | None]] = {}
        for lid in lids:
            props = self.ctx.t.props(lid)
            part = props.get(CFN_RESOURCE.path_part)
            if not isinstance(part, str):
                self.ctx.report.add("opaque-name", self.ctx.t.at(lid, "Properties", CFN_RESOURCE.path_part),
                                    f"PathPart is {describe(part)}; the resource was left out")
                part = None
            parents[lid] = (None, part)
        for lid in lids:
            where = self.ctx.t.at(lid, "Properties", CFN_RESOURCE.parent)
            value = self.ctx.t.props(lid).get(CFN_RESOURCE.parent)
            if value is None:
                raise input_error("missing-field", self.ctx.t.at(lid, "Properties"),
                                  "required field 'ParentId' is missing")
            parents[lid] = (self.ctx.node(value, where, parents), parents[lid][1])
        paths: dict[str, str | None] = {}

        def path_of(lid: str, seen: tuple[str, ...]) -> str | None:
            if lid in paths:
                return paths[lid]
            if lid in seen:
                raise input_error("resource-cycle", self.ctx.t.at(lid, "Properties", CFN_RESOURCE.parent),
                                  " -> ".join((*seen, lid)))
            parent, part = parents[lid]
            base = "" if parent == ROOT else (path_of(parent, (*seen, lid)) if parent is not None else None)
            paths[lid] = None if base is None or part is None else f"{base}/{part}"
            return paths[lid]

        for lid in lids:
            path_of(lid, ())
        return parents, paths

    def _check_tree(self, parents: Mapping[str, tuple[str | None, str | None]],
                    paths: Mapping[str, str | None]) -> None:
        seen: dict[str, str] = {}
        known = with_children(p for p in paths.values() if p)
        for lid, (_, part) in parents.items():
            path = paths.get(lid)
            if path is None or part is None:
                continue
            where = self.ctx.t.at(lid, "Properties", CFN_RESOURCE.path_part)
            if path in seen:
                raise input_error("duplicate-resource", where, f"{lid} and {seen[path]} both have the path {path}")
            repeated = repeated_variable(path)
            if repeated is not None:
                raise input_error("duplicate-path-variable", where, f"{path} names the variable {repeated} twice")
            seen[path] = lid
            if bad_segment(path, parents=known) is not None or "/" in part:
                self.ctx.report.add("invalid-path-part", where, f"{part!r} (in {path})" if "/" not in part else
                                    f"{part!r}: a PathPart is one segment; read as {part.count('/') + 1}")
        clash = variable_siblings(seen)
        if clash is not None:
            parent, first, second = clash
            raise input_error("variable-siblings", self.ctx.t.at(seen[join(parent, second)], "Properties",
                              CFN_RESOURCE.path_part), f"{first} and {second} are both variable children of "
                              f"{parent}; API Gateway allows one")

    def read_method(self, lid: str) -> Method | None:
        """One AWS::ApiGateway::Method (without its place in the tree)."""
        props, where = self.ctx.t.props(lid), self.ctx.t.at(lid, "Properties")
        verb = props.get(CFN_METHOD.verb)
        if not isinstance(verb, str):
            self.ctx.report.add("opaque-name", (*where, CFN_METHOD.verb), f"HttpMethod is {describe(verb)}; left out")
            return None
        if verb.upper() not in VERBS.values():
            raise input_error("invalid-enum", (*where, CFN_METHOD.verb),
                              f"{verb!r} is not one of {', '.join(VERBS.values())} (any case)")
        method: Method = new(Method, ("cfn", where), verb=verb.upper(), logical_id=lid,
                             condition=self.ctx.condition(lid))
        handled = {CFN_METHOD.verb, CFN_METHOD.resource, CFN_METHOD.rest_api}
        for key, value in props.items():
            at = (*where, key)
            if key in handled:
                continue
            if key in _LITERAL_TEXT:
                value = protect_literals(value, at, self.ctx.report)
            if value is None:
                self.ctx.report.add("null-value-dropped", at)
            elif key == CFN_METHOD.parameters:
                method.parameters = self._parameters(value, at)
            elif key == CFN_METHOD.request_models:
                method.request_models = self._models(value, at)
            elif key == CFN_METHOD.responses:
                method.responses = self._responses(value, at)
            elif key == CFN_METHOD.authorizer:
                method.authorizer = self.ctx.named("authorizer", value, at)
            elif key == CFN_METHOD.request_validator:
                method.request_validator = self.ctx.named("validator", value, at)
            elif key == CFN_METHOD.integration:
                value = point_away(value, at, self.ctx.internal, self.ctx.names["model"], self.ctx.report)
                method.integration = read_integration_value(value, "cfn", at, self.ctx.report)
            elif key in _SIMPLE:
                spec = _SIMPLE[key]
                read = read_value(spec, value, at, "cfn", self.ctx.report)
                if spec.neutral == "authorization_type" and isinstance(read, str):
                    if read.upper() not in AUTHORIZATION.values():
                        raise input_error("invalid-enum", at, f"{read!r} is not one of "
                                          f"{', '.join(AUTHORIZATION.values())} (any case)")
                    read = read.upper()
                setattr(method, spec.neutral, read)
            else:
                self.ctx.report.add("unknown-field", at,
                                    f"{key!r} is not a property of AWS::ApiGateway::Method; dropped")
        overlay = self.ctx.attributes(lid, keep=("Condition",))
        if overlay:
            apply_method_overlay(overlay, method)
        return method

    def _parameters(self, value: Any, where: Path) -> Any:
        value, at_key = _entries(value, where)
        if is_intrinsic(value) or not isinstance(value, Mapping):
            return self._opaque(value, where, "a mapping of method.request.* keys", kept=True)
        out = []
        for key, required in value.items():
            at = at_key(key)
            parts = str(key).split(".", 3) if str(key).startswith(PARAMETER_PREFIX) else []
            if len(parts) != 4 or parts[2] not in PARAMETER_LOCATIONS or not parts[3]:
                self.ctx.report.add("unsupported-parameter", at, f"{key!r} is not method.request.{{path|querystring|"
                                "header}.NAME; left out")
                continue
            if never(required):  # NoValue under every condition: CloudFormation removes it
                continue
            out.append(new(Parameter, ("cfn", at), location=ParameterLocation(PARAMETER_LOCATIONS[parts[2]]),
                           name=parts[3], required=_flag(required, at)))
        return out

    def _models(self, value: Any, where: Path) -> Any:
        value, at_key = _entries(value, where)
        if is_intrinsic(value) or not isinstance(value, Mapping):  # an intrinsic other than Fn::If between maps
            self._opaque(value, where, "a mapping of content type to model")
            return None
        named = {str(ct): self.ctx.named("model", model, at_key(ct)) for ct, model in value.items()}
        return {ct: model for ct, model in named.items() if not never(model)}  # NoValue: CloudFormation removes it

    def _responses(self, value: Any, where: Path) -> Any:
        if if_parts(value) is not None:  # Fn::If between lists: the responses of each branch, merged by code
            tree = read_tree(value, where, self._response_list)
            return [merged_response(t) for t in grouped(tree, lambda r: r.status_code).values()]
        if is_intrinsic(value) or not isinstance(value, list):
            return self._opaque(value, where, "a list of method responses", kept=True)
        return self._response_list(value, where)

    def _response_list(self, value: Any, where: Path) -> list[MethodResponse]:
        if is_no_value(value):
            return []
        if not isinstance(value, list):
            self._opaque(value, where, "a list of method responses")
            return []
        trees: dict[str, Any] = {}  # status code -> the tree of its versions
        for i, item in enumerate(value):
            at = (*where, i)
            if is_no_value(item):  # CloudFormation removes the item
                continue
            # an Fn::If around one response: its versions; two conditional items of one code that never exist
            # together are one response
            tree = read_tree(item, at, lambda v, w: [] if is_no_value(v) else [r for r in [self._response(v, w)]
                                                                               if r is not None])
            for code, found in grouped(tree, lambda r: r.status_code).items():
                combined = found if code not in trees else overlaid(trees[str(code)], found)
                if combined is None:
                    self.ctx.report.add("duplicate-status-code", at, f"status code {code} again; left out")
                else:
                    trees[str(code)] = combined
        return [merged_response(t) for t in trees.values()]

    def _response(self, item: Any, at: Path) -> MethodResponse | None:
        if not isinstance(item, Mapping) or is_intrinsic(item):
            self._opaque(item, at, "a method response mapping")
            return None
        code = item.get(CFN_RESPONSE.status_code)
        if code is None:
            raise input_error("missing-field", at, "required field 'StatusCode' is missing")
        code = read_value(_RESPONSE_CODE, code, (*at, CFN_RESPONSE.status_code), "cfn", self.ctx.report)
        if not isinstance(code, str):
            self.ctx.report.add("opaque-name", (*at, CFN_RESPONSE.status_code), "the status code is not a literal")
            return None
        response: MethodResponse = new(MethodResponse, ("cfn", at), status_code=code)
        for key, field in item.items():
            fat = (*at, key)
            if key == CFN_RESPONSE.headers and field is not None:
                response.headers = self._headers(field, fat)
            elif key == CFN_RESPONSE.models and field is not None:
                response.models = self._models(field, fat)
            elif key != CFN_RESPONSE.status_code:
                self.ctx.report.add("unknown-field", fat, f"{key!r} is not a MethodResponse field; dropped")
        return response

    def _headers(self, value: Any, where: Path) -> list[ResponseHeader]:
        value, at_key = _entries(value, where)
        if is_intrinsic(value) or not isinstance(value, Mapping):
            self._opaque(value, where, "a mapping of method.response.header.* keys")
            return []
        out = []
        for key, required in value.items():
            at = at_key(key)
            if not str(key).startswith(HEADER_PREFIX) or len(str(key)) == len(HEADER_PREFIX):
                self.ctx.report.add("unsupported-response-parameter", at, f"{key!r}; left out")
                continue
            if never(required):  # NoValue under every condition: CloudFormation removes it
                continue
            out.append(new(ResponseHeader, ("cfn", at), name=str(key)[len(HEADER_PREFIX):],
                           required=_flag(required, at)))
        return out

    def _opaque(self, value: Any, where: Path, expected: str, *, kept: bool = False) -> Any:
        """An intrinsic function where ``expected`` stands, copied; unless ``kept`` (the model keeps it, and a
        writer says what becomes of it) the caller drops it, and it is reported here as left out. Anything else is
        refused."""
        if is_intrinsic(value):
            if not kept:
                self.ctx.report.add("structural-intrinsic", where, f"expected {expected}; the intrinsic function has "
                                    "no place in OpenAPI and was left out")
            return plain(value)
        raise input_error("invalid-type", where, f"expected {expected}, got {describe(value)}")



def resource_paths(template: Any) -> Iterator[tuple[Path, str, str | None]]:
    """Where each ``AWS::ApiGateway::Resource`` of ``template`` lies, the full path conversion gives it and its
    API (``None``: outside the file), through the reader's own tree resolution (for ``validate``). Resources that
    lead nowhere, and APIs whose tree the reader refuses (a cycle, no ``ParentId``), are left out: conversion
    reports those."""
    try:
        t = open_template(template)
    except ConvertError:
        return
    apis: list[str | None] = list(t.of_type(*APIS))
    for api in apis or [None]:  # None: the API lies outside the file
        scratch = Report()
        try:
            ctx = ReadContext(t, choose_api(t, api, APIS, scratch)[0], scratch)
            _, paths = MethodReader(ctx).resolve_tree([lid for lid in t.of_type(TYPES["resource"]) if ctx.belongs(lid)])
        except ConvertError:
            continue
        yield from ((t.at(lid), path, api) for lid, path in paths.items() if path is not None)


# where a plain ${AWS::Region} is literal text the OpenAPI side must not resolve (names and enums stay as read)
_LITERAL_TEXT = frozenset({CFN_METHOD.integration, CFN_METHOD.operation_name, CFN_METHOD.authorization_scopes})
_SIMPLE = {name: spec for spec in METHOD if spec.kind is not Kind.SHAPED and (name := spec.name("cfn"))}
_RESPONSE_CODE = FieldSpec("status_code", {"cfn": CFN_RESPONSE.status_code}, Kind.TEXT, numbers_as_text=True)


def _entries(value: Any, where: Path) -> tuple[Any, Callable[[Any], Path]]:
    """A map given as ``Fn::If`` between maps, pushed down to its entries, and where each entry lies."""
    pushed = found = pushed_down(value)
    if isinstance(found, Mapping) and not is_intrinsic(found):  # an Fn::If inside one on its condition: a branch
        entries = {key: flattened(entry) for key, entry in found.items()}
        pushed = found if all(entries[key] is entry for key, entry in found.items()) else entries
    if found is value:
        return pushed, lambda key: (*where, key_text(key))
    paths = entry_paths(value, where)
    return pushed, lambda key: paths[key_text(key)]


def _flag(value: Any, where: Path) -> Any:
    if isinstance(value, bool) or is_intrinsic(value):
        return plain(value)
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise input_error("invalid-type", where, f"expected a boolean, got {describe(value)}")


