"""OpenAPI reader, document level: a Swagger 2.0 or OpenAPI 3.0 document into the neutral :class:`Api`.

Paths become routes, operations methods (:mod:`.operations`), ``definitions`` / ``components.schemas``
models, security schemes carrying ``x-amazon-apigateway-authorizer`` authorizers, and the API-level
``x-amazon-apigateway-*`` extensions API settings. What has no template home is kept in ``annotations``.

``Fn::If`` around a path item or an operation (as SAM writes it) becomes the method's ``condition`` when the
other branch is ``AWS::NoValue``; when both branches hold the same operation, the fields that differ become
``Fn::If`` values (an integration: an ``Fn::If`` between two integrations; parameters, responses and models:
entries that are ``Fn::If``, see :mod:`..conditional_items`). Nested ``Fn::If`` on other conditions combine them
into generated conditions (``CAndD``, ``NotC``, ``COrNotCAndD``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...diagnostics import Report, input_error
from ...intrinsics import (
    NO_VALUE,
    is_function_among_names,
    is_intrinsic,
    is_no_value,
    key_text,
    plain,
    string_keys,
)
from ...model import ConditionalIntegration
from ...pointer import Path
from ...table_engine import describe, read_object, read_value
from ..accounting import account_operations, require_some
from ..conditional import derived, either, pushed_down
from ..conditional_items import dumped, grouped, leaves, merged_flag_item, merged_map, merged_response, tree_map
from ..logical_ids import allocate
from ..model import Api, Authorizer, EndpointConfiguration, GatewayResponse, Method, Model, RequestValidator, Route, new
from ..names import (
    API,
    AUTHORIZER_FIELDS,
    ENDPOINT_FIELDS,
    GATEWAY_RESPONSE_FIELDS,
    MODEL_REF_PREFIX,
    OAS_API,
    OAS_SCHEME,
    TEXT_VALUE,
    UNSUPPORTED_VERBS,
    VALIDATOR_FIELDS,
    VERBS,
    default_auth_type,
)
from ..tree import bad_segment, repeated_variable, variable_siblings, with_children
from ..walk import Fork, fork, include_location, path_entries
from .operations import INLINE, Context, OperationReader
from .shapes import (
    API_KEY_SCHEME,
    API_KEY_SCHEME_NAME,
    DEFAULT_INFO_VERSION,
    DEFAULT_MEDIA,
    DEFAULT_V3,
    SIGV4_SCHEME,
    SIGV4_SCHEME_NAME,
    V2,
    classify_scheme,
    known,
    response_in,
    schema_in,
    synthesized_scheme,
    to_neutral,
    version_of,
)

_SPECS = {name: spec for spec in API if (name := spec.name("openapi"))}
_SIMPLE_API = ("binary_media_types", "minimum_compression_size", "api_key_source_type")
HTTP_API_KEYS = frozenset({"x-amazon-apigateway-importexport-version", "x-amazon-apigateway-cors"})
_COMPONENTS_V2 = {"parameters": "parameters", "responses": "responses"}  # 2.0 top-level key -> components key


class DocumentReader:
    """Reads one document."""

    def __init__(self, doc: Mapping[str, Any], base: Path, report: Report, api: Api) -> None:
        self.version = version_of(doc, base)
        self.doc = to_neutral(doc, self.version)  # a plain copy
        self.base, self.report, self.api = base, report, api
        self.ctx = Context(self.doc, self.version, report)
        self.annotations: dict[str, Any] = {}

    def at(self, *keys: str | int) -> Path:
        """A path inside the document."""
        return (*self.base, *keys)

    def read(self) -> Api:
        """The whole document."""
        api, doc = self.api, self.doc
        self._bare_references()
        for key, value in doc.items():
            where = self.at(key)
            if key == "swagger":
                continue
            if key == "openapi":
                if value != DEFAULT_V3:
                    self.annotations[key] = value
            elif key == "info":
                self._info(value, where)
            elif key == "paths":
                continue
            elif key in ("definitions", "components", "securityDefinitions", *(_COMPONENTS_V2 if self.version == V2
                                                                              else ())):
                if (key == "components") == (self.version == V2):
                    self.report.add("other-version-key", where, f"{key!r} belongs to OpenAPI "
                                    f"{'3.0' if key == 'components' else '2.0'}; read as its counterpart")
                self._components(key, value, where)
            elif key in _SPECS:
                self._extension(_SPECS[key].neutral, value, where)
            elif key == "servers" and self.version != V2:
                self._servers(value, where)
            elif not known("document", self.version, key):
                self.report.add("unknown-field", where, f"{key!r} is not a field of an OpenAPI {self.version} "
                                "document; dropped")
            else:
                if key == "security":
                    self.report.add("root-security-ignored", where)
                elif key == "x-amazon-apigateway-documentation":
                    self.report.add("documentation-not-deployed", where)
                elif key in HTTP_API_KEYS:
                    self.report.add("http-api-document", where, f"{key} belongs to HTTP API documents")
                self.annotations[key] = plain(value)
        self.ctx.consumes, self.ctx.produces = doc.get("consumes"), doc.get("produces")
        if "paths" in doc:
            self._paths(doc["paths"], self.at("paths"))
        self._name_inline_models()
        self._drop_standard_schemes()
        api.annotations.update(self.annotations)
        return api

    def _drop_standard_schemes(self) -> None:
        """The api_key / sigv4 schemes in the shape the writer adds when used need not be carried."""
        carried = (self.annotations.get("components") or {}).get("securitySchemes")
        if not carried:
            return
        methods = [m for r in self.api.routes for m in r.methods]
        used = {"api_key": any(True in leaves(m.api_key_required) for m in methods),  # conditional ones too
                "sigv4": any("AWS_IAM" in leaves(m.authorization_type) for m in methods)}
        for name, shape, kind in ((API_KEY_SCHEME_NAME, API_KEY_SCHEME, "api_key"),
                                  (SIGV4_SCHEME_NAME, SIGV4_SCHEME, "sigv4")):
            if used[kind] and carried.get(name) == shape:
                del carried[name]
        if not carried:
            del self.annotations["components"]["securitySchemes"]
            if not self.annotations["components"]:
                del self.annotations["components"]

    # --- document level ------------------------------------------------------------------------------
    def _info(self, value: Any, where: Path) -> None:
        if not isinstance(value, Mapping) or is_intrinsic(value):
            raise input_error("invalid-type", where, f"info is a mapping, got {describe(value)}")
        rest = {}
        for key, item in self.ctx.tidy("info", value, where).items():
            if key == "version" and not isinstance(item, str) and not is_intrinsic(item):
                item = str(item)  # a YAML number (1.0); OpenAPI says string
            if key in ("title", "description"):
                spec = next(s for s in API if s.name("openapi") == key)
                setattr(self.api, spec.neutral, read_value(spec, item, (*where, key), "openapi", self.report))
            elif key != "version" or item != DEFAULT_INFO_VERSION:
                rest[key] = plain(item)
        if rest:
            self.annotations["info"] = rest

    def _components(self, key: str, value: Any, where: Path) -> None:
        if not isinstance(value, Mapping) or is_intrinsic(value):
            raise input_error("invalid-type", where, f"{key} is a mapping, got {describe(value)}")
        carried = self.annotations.setdefault("components", {})
        if key == "definitions":
            self._models(value, where)
        elif key == "securityDefinitions":
            self._schemes(value, where)
        elif key == "parameters":
            carried[key] = {name: schema_in(item) if isinstance(item, Mapping) and item.get("in") != "body"
                            else plain(item) for name, item in value.items()}
        elif key == "responses":
            produces = self.doc.get("produces")
            media = [str(ct) for ct in produces] if isinstance(produces, list) and produces else [DEFAULT_MEDIA]
            carried[key] = {name: response_in(item, media) if isinstance(item, Mapping) and not is_intrinsic(item)
                            else plain(item) for name, item in value.items()}
        else:
            for name, item in value.items():
                if name in ("schemas", "securitySchemes") and (
                        not isinstance(item, Mapping) or is_function_among_names(item)):
                    raise input_error("invalid-type", (*where, name), f"expected a mapping, got {describe(item)}")
                if name == "schemas":
                    self._models(item, (*where, name))
                elif name == "securitySchemes":
                    self._schemes(item, (*where, name))
                else:
                    carried[name] = plain(item)
        if not carried:
            del self.annotations["components"]

    def _models(self, value: Mapping[str, Any], where: Path) -> None:
        for name, schema in value.items():
            at = (*where, str(name))
            if not str(name).isalnum():
                self.report.add("invalid-model-name", at, f"{name!r}")
            if not isinstance(schema, Mapping):
                raise input_error("invalid-type", at, f"a schema is a mapping, got {describe(schema)}")
            self.api.models.append(new(Model, ("openapi", at), name=str(name), json_schema=plain(schema)))

    def _schemes(self, value: Mapping[str, Any], where: Path) -> None:
        carried: dict[str, Any] = {}
        for name, scheme in value.items():
            at = (*where, str(name))
            if not isinstance(scheme, Mapping) or is_intrinsic(scheme):
                raise input_error("invalid-type", at, f"a security scheme is a mapping, got {describe(scheme)}")
            kind = classify_scheme(scheme)
            if kind == "authorizer":
                self.api.authorizers.append(self._authorizer(str(name), scheme, at))
                self.ctx.authorizers[str(name)] = self.api.authorizers[-1].type
                continue
            {"api_key": self.ctx.api_key_schemes, "sigv4": self.ctx.sigv4_schemes,
             "other": self.ctx.other_schemes}[kind].add(str(name))
            carried[str(name)] = plain(scheme)
        if carried:
            self.annotations.setdefault("components", {})["securitySchemes"] = carried

    def _authorizer(self, name: str, scheme: Mapping[str, Any], where: Path) -> Authorizer:
        ext_key = OAS_SCHEME.authorizer
        ext = scheme[ext_key]
        if not isinstance(ext, Mapping) or is_intrinsic(ext):
            raise input_error("invalid-type", (*where, ext_key), f"expected a mapping, got {describe(ext)}")
        auth = read_object(ext, AUTHORIZER_FIELDS, Authorizer, "openapi", (*where, ext_key), self.report, name=name)
        auth._source = ("openapi", where)
        if auth.identity_source is None and scheme.get("in") == "header" and isinstance(scheme.get("name"), str):
            if auth.type in ("TOKEN", "COGNITO_USER_POOLS"):
                auth.identity_source = f"method.request.header.{scheme['name']}"
        auth_type = scheme.get(OAS_SCHEME.auth_type)
        if auth_type is not None and auth_type != default_auth_type(auth.type):
            auth.auth_type = read_value(TEXT_VALUE, auth_type, (*where, OAS_SCHEME.auth_type), "openapi", self.report)
        synthesized = synthesized_scheme(auth)
        extras = {key: plain(item) for key, item in scheme.items()
                  if key not in (ext_key, OAS_SCHEME.auth_type) and synthesized.get(key, object()) != item}
        auth.annotations = extras
        return auth

    def _extension(self, neutral: str, value: Any, where: Path) -> None:
        api, spec = self.api, next(s for s in API if s.neutral == neutral)
        if neutral in _SIMPLE_API:
            setattr(api, neutral, read_value(spec, value, where, "openapi", self.report))
        elif neutral == "policy":
            api.policy = plain(value)
        elif neutral == "endpoint_configuration":
            self._endpoint(value, where)
        elif neutral == "default_request_validator":
            if not isinstance(value, str):
                raise input_error("invalid-type", where, f"expected a validator name, got {describe(value)}")
            api.default_request_validator = value
        elif neutral in ("gateway_responses", "request_validators"):
            if not isinstance(value, Mapping) or is_function_among_names(value):
                raise input_error("invalid-type", where, f"expected a mapping, got {describe(value)}")
            for key, item in value.items():
                at = (*where, key_text(key))
                if not isinstance(item, Mapping):
                    raise input_error("invalid-type", at, f"expected a mapping, got {describe(item)}")
                if neutral == "gateway_responses":
                    api.gateway_responses.append(read_object(item, GATEWAY_RESPONSE_FIELDS, GatewayResponse,
                                                             "openapi", at, self.report, response_type=str(key)))
                else:
                    api.request_validators.append(read_object(item, VALIDATOR_FIELDS, RequestValidator, "openapi",
                                                              at, self.report, name=str(key)))
        else:
            self.annotations[str(spec.name("openapi"))] = plain(value)  # pragma: no cover - every API row is handled

    def _endpoint(self, value: Any, where: Path) -> None:
        if not isinstance(value, Mapping) or is_intrinsic(value):
            raise input_error("invalid-type", where, f"expected a mapping, got {describe(value)}")
        self.api.endpoint_configuration = read_object(value, ENDPOINT_FIELDS, EndpointConfiguration, "openapi",
                                                      where, self.report)

    def _servers(self, value: Any, where: Path) -> None:
        """3.0 keeps the endpoint configuration inside a server object."""
        key = OAS_API.endpoint_configuration
        if not isinstance(value, list):
            self.report.add("unknown-field", where, f"servers must be a list, got {describe(value)}; dropped")
            return
        servers = []
        for i, server in enumerate(value):
            if isinstance(server, Mapping) and key in server:
                self._endpoint(server[key], (*where, i, key))
                server = {k: v for k, v in server.items() if k != key}
                if server in ({"url": "/"}, {}):
                    continue
            servers.append(plain(server))
        if servers:
            self.annotations["servers"] = servers

    # --- paths ---------------------------------------------------------------------------------------
    def _paths(self, value: Any, where: Path) -> None:
        if not isinstance(value, Mapping) or is_intrinsic(value):
            raise input_error("invalid-type", where, f"paths is a mapping, got {describe(value)}")
        paths = [str(p) for p in value]
        parents = with_children(paths)
        clash = variable_siblings(paths)
        if clash is not None:
            parent, first, second = clash
            raise input_error("variable-siblings", where, f"{first} and {second} are both variable children of "
                              f"{parent}; API Gateway allows one")
        for at, path, item in path_entries(self.doc, self.base):
            if path == "Fn::Transform":  # CloudFormation merges what the transform returns into the map
                location = include_location(item)
                self.report.add("body-not-inline", at, f"paths included with AWS::Include from {location}: "
                                "reported, not fetched" if location else "paths produced by a macro: not read")
                continue
            if not path.startswith("/"):
                raise input_error("invalid-type", at, f"a path starts with '/', got {path!r}")
            repeated = repeated_variable(path)
            if repeated is not None:
                raise input_error("duplicate-path-variable", at, f"{path} names the variable {repeated} twice")
            bad = bad_segment(path, parents=parents)
            if bad is not None:
                self.report.add("invalid-path-part", at, f"{bad!r} (in {path})")
            route = new(Route, ("openapi", at), path=path)
            route.methods = self._item(item, at, route, None)
            self.api.routes.append(route)

    def _item(self, item: Any, where: Path, route: Route, condition: str | None) -> list[Method]:
        # the walk's forks, not its flat leaves (walk.operations): both branches of an Fn::If are read together, to
        # merge their methods; the keys in document order, the order of the methods written
        split = fork(item, where)
        if split is not None:
            return self._conditional(split, lambda v, w, c: self._item(v, w, route, c), condition)
        if is_intrinsic(item):
            self.report.add("structural-intrinsic", where, "a path item given as an intrinsic function; left out")
            return []
        if not isinstance(item, Mapping):
            raise input_error("invalid-type", where, f"a path item is a mapping, got {describe(item)}")
        kept = {}
        for key, value in item.items():
            if key in VERBS or known("path", self.version, key):
                kept[key] = value
            else:
                self.report.add("unknown-field", (*where, key_text(key)), f"{key!r} is not a field of an OpenAPI "
                                f"{self.version} path item; dropped")
        item = kept
        reader = OperationReader(self.ctx, route.path)
        shared = item.get("parameters")
        shared_list = [(p, (*where, "parameters", i)) for i, p in enumerate(shared)] if isinstance(shared, list) else []
        methods: list[Method] = []
        for key, value in item.items():
            at = (*where, key)
            if key in VERBS:
                def read(v: Any, w: Path, c: str | None, verb: str = VERBS[key]) -> list[Method]:
                    if is_no_value(v):
                        return []
                    inner = fork(v, w)
                    if inner is not None and c is not None and inner.condition == c:  # Fn::If [C, x, y], C holds: x
                        return read(inner.then, inner.then_path, c)
                    if inner is not None and c is not None and (is_no_value(inner.then) !=
                                                                is_no_value(inner.otherwise)):
                        index = 2 if is_no_value(inner.then) else 1  # one branch: the two conditions together
                        both = derived(self.api.derived_conditions, c, inner.condition, negate=index == 2)
                        arm, branch = inner.arms()[index - 1]
                        return read(branch, arm, both)
                    if inner is not None:  # a branch of an Fn::If (a top-level one goes to _conditional)
                        return self._conditional(inner, read, c)
                    method = reader.read(v, verb, w, shared_list)
                    method.condition = c
                    return [method]
                split = fork(value, at)
                methods += (self._conditional(split, read, condition) if split is not None
                            else read(value, at, condition))
            elif key == "parameters" and isinstance(value, list) and any(verb in item for verb in VERBS):
                continue  # written into each operation
            else:
                if key in UNSUPPORTED_VERBS:
                    self.report.add("unsupported-http-method", at, f"{key} is carried, not converted")
                route.annotations[key] = plain(value)
        return methods

    def _conditional(self, split: Fork, read: Any, outer: str | None) -> list[Method]:
        condition, if_true, if_false = split.condition, split.then, split.otherwise
        if outer is not None and outer == condition:  # inside the true branch of the same condition
            return [] if is_no_value(if_true) else read(if_true, split.then_path, condition)
        if outer is not None and is_no_value(if_true) != is_no_value(if_false):  # one branch: both conditions
            index = 2 if is_no_value(if_true) else 1
            both = derived(self.api.derived_conditions, outer, condition, negate=index == 2)
            arm, branch = split.arms()[index - 1]
            methods: list[Method] = read(branch, arm, both)
            return methods
        if outer is not None:  # two branches on another condition: read alone, then under both conditions
            methods = self._conditional(split, read, None)
            for method in methods:
                method.condition = outer if method.condition is None else derived(
                    self.api.derived_conditions, outer, method.condition)
            return methods
        true = [] if is_no_value(if_true) else read(if_true, split.then_path, condition)
        false = [] if is_no_value(if_false) else read(if_false, split.otherwise_path, None)
        by_verb = {m.verb: m for m in true}
        out = list(true)
        for method in false:
            other = by_verb.get(method.verb)
            if other is None:  # only when the condition is false: its negation (and the method's own condition)
                negation = derived(self.api.derived_conditions, None, condition, negate=True)
                method.condition = negation if method.condition is None else derived(
                    self.api.derived_conditions, negation, method.condition)
                out.append(method)
                continue
            merged = self._push_down(condition, other, method, split.path)
            if other.condition != condition or method.condition is not None:  # a further condition in a branch
                negation = derived(self.api.derived_conditions, None, condition, negate=True)
                merged.condition = either(self.api.derived_conditions, str(other.condition), negation if
                                          method.condition is None else derived(self.api.derived_conditions,
                                                                                negation, method.condition))
            out[out.index(other)] = merged
        return out

    def _push_down(self, condition: str, a: Method, b: Method, where: Path) -> Method:
        """One method whose differing fields are ``Fn::If`` values."""
        merged = a.model_copy()
        merged.condition = None
        for name in Method.model_fields:
            if name in ("verb", "condition", "logical_id"):
                continue
            va, vb = getattr(a, name), getattr(b, name)
            if dumped(va) == dumped(vb):
                continue
            tree = {"Fn::If": [condition, va, vb]}
            if name == "parameters" and isinstance(va, list) and isinstance(vb, list):
                merged.parameters = [merged_flag_item(t) for t in grouped(tree, lambda p: (p.location, p.name))
                                     .values()]
            elif name == "responses" and isinstance(va, list) and isinstance(vb, list):
                merged.responses = [merged_response(t) for t in grouped(tree, lambda r: r.status_code).values()]
            elif name == "request_models" and all(v is None or isinstance(v, dict) for v in (va, vb)):
                merged.request_models = merged_map(tree)
            elif name == "annotations":
                merged.annotations = pushed_down(tree)
            elif name == "integration":
                merged.integration = new(ConditionalIntegration, None, condition=condition,
                                         if_true=va if va is not None else {"Ref": NO_VALUE},
                                         if_false=vb if vb is not None else {"Ref": NO_VALUE})
            elif all(v is None or isinstance(v, str | bool | list) or is_intrinsic(v) for v in (va, vb)):
                setattr(merged, name, {"Fn::If": [condition, *(v if v is not None else {"Ref": NO_VALUE}
                                                               for v in (va, vb))]})
            else:
                self.report.add("conditional-unsupported", where, f"{a.verb}: {name} differs between the branches "
                                f"of Fn::If [{condition}]; the first branch's is kept")
        return merged

    def _bare_references(self) -> None:
        """``$ref: Pet`` where Pet is a model: read as a reference to it (reported)."""
        v2 = self.version == V2
        components = self.doc.get("components")
        section = self.doc.get("definitions") if v2 else (components.get("schemas") if isinstance(components, Mapping)
                                                          else None)
        names = set(section) if isinstance(section, Mapping) else set()

        keys: list[str | int] = []  # the path below self.base, made a tuple only for a report

        def walk(value: Any) -> Any:
            if isinstance(value, dict):
                ref = value.get("$ref")
                if isinstance(ref, str) and ref in names:
                    self.report.add("bare-reference", (*self.base, *keys, "$ref"), f"$ref {ref!r}")
                    value["$ref"] = f"{MODEL_REF_PREFIX}{ref}"
                for key, item in value.items():
                    if isinstance(item, dict | list):
                        keys.append(key_text(key))
                        walk(item)
                        keys.pop()
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, dict | list):
                        keys.append(i)
                        walk(item)
                        keys.pop()

        if names and _any_ref_in(self.doc, names):
            walk(self.doc)

    # --- anonymous models ----------------------------------------------------------------------------
    def _name_inline_models(self) -> None:
        if not self.ctx.inline:
            return
        names = allocate([(key, wanted) for key, (wanted, _, _) in self.ctx.inline.items()],
                         taken=[m.name for m in self.api.models if isinstance(m.name, str)])
        for key, (_, schema, where) in self.ctx.inline.items():
            self.api.models.append(new(Model, ("openapi", where), name=names[key], json_schema=schema,
                                       anonymous=True))

        def fix(models: Any) -> Any:
            if not isinstance(models, dict):
                return models
            return {ct: tree_map(name, lambda n: names[n[len(INLINE):]] if isinstance(n, str) and n.startswith(INLINE)
                                 else n) for ct, name in models.items()}

        for route in self.api.routes:
            for method in route.methods:
                method.request_models = fix(method.request_models)
                if isinstance(method.responses, list):
                    for response in method.responses:
                        response.models = fix(response.models)


def _any_ref_in(doc: Any, names: set[str]) -> bool:
    """Whether a mapping of ``doc`` (a plain copy) has a ``$ref`` that is one of ``names``: the common answer,
    no, without making a path for every node."""
    stack = [doc]
    pop, push = stack.pop, stack.extend
    while stack:
        value = pop()
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str) and ref in names:
                return True
            push([item for item in value.values() if isinstance(item, dict | list)])
        else:
            push([item for item in value if isinstance(item, dict | list)])
    return False


def read_openapi(doc: Any, base: Path, report: Report, *, into: Api | None = None) -> Api:
    """Read a Swagger 2.0 / OpenAPI 3.0 document (found at ``base``) into the neutral model."""
    if not isinstance(doc, Mapping):
        raise input_error("invalid-document", base, f"an OpenAPI document is a mapping, got {describe(doc)}")
    try:
        doc = string_keys(doc)
    except KeyError as clash:
        raise input_error("duplicate-key", clash.args[0], "two keys of this mapping read as the same string "
                          "(for example 200 and '200')") from None
    api = into if into is not None else new(Api, ("openapi", base))
    since = len(report)
    out = DocumentReader(doc, base, report, api).read()
    count = account_operations(doc, base, out, report, since)
    if into is None:
        require_some(count, out, base, report, since)
    return out
