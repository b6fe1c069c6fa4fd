"""OpenAPI reader, operation level: one operation object into a neutral :class:`Method`.

Parameters, request bodies, responses and security requirements map to method settings; everything API
Gateway does not use (descriptions, schemas of parameters, examples, tags ...) stays in ``annotations``, in
the neutral OpenAPI 3.0 shape of :mod:`.shapes`, minus what the writer would synthesize anyway.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from ...diagnostics import Report, input_error
from ...integration import read_integration_value
from ...intrinsics import if_parts, is_intrinsic, is_no_value, key_text, plain
from ...pointer import Path, from_pointer
from ...table_engine import describe, read_value
from ..conditional_items import (
    grouped,
    leaves,
    merged_fields,
    merged_flag_item,
    merged_map,
    merged_response,
    no_value,
    overlaid,
    read_tree,
    tree_map,
    versions,
)
from ..logical_ids import pascal
from ..model import Method, MethodResponse, Parameter, ParameterLocation, ResponseHeader, new, source_of
from ..names import (
    AUTHORIZATION,
    LAMBDA_AUTHORIZERS,
    METHOD,
    OAS_METHOD,
    OAS_RESPONSE,
    SAM_NO_AUTHORIZER,
    TEXT_LIST_VALUE,
    TEXT_VALUE,
    authorization_for,
)
from . import conditional_security
from .shapes import (
    DEFAULT_MEDIA,
    NO_RESPONSES,
    SCHEMA_KEYS,
    STRING_SCHEMA,
    V2,
    body_name,
    default_description,
    from_neutral,
    known,
    ref_name,
    schema_in,
    valid_status,
    without_default,
)

_OPERATION_ID = next(spec for spec in METHOD if spec.neutral == "operation_name")
INLINE = "\0inline:"  # placeholder prefix of a model name until anonymous models are named


@dataclass
class Context:
    """What an operation needs from its document."""

    doc: Mapping[str, Any]  # with neutral $refs
    version: str
    report: Report
    authorizers: dict[str, Any] = field(default_factory=dict)  # scheme name -> AuthorizerType
    api_key_schemes: set[str] = field(default_factory=set)
    sigv4_schemes: set[str] = field(default_factory=set)
    other_schemes: set[str] = field(default_factory=set)
    consumes: list[Any] | None = None  # document-level (2.0)
    produces: list[Any] | None = None
    inline: dict[str, tuple[str, Any, Path]] = field(default_factory=dict)  # key -> (wanted name, schema, where)

    def resolve(self, ref: Any, where: Path) -> Any:
        """The object a local ``$ref`` (neutral spelling) points at; InputError if there is none."""
        if not isinstance(ref, str):
            raise input_error("invalid-type", (*where, "$ref"), f"$ref must be a string, got {describe(ref)}")
        real = from_neutral({"$ref": ref}, self.version)["$ref"]
        node: Any = self.doc
        if real.startswith("#/"):
            for token in from_pointer(real[1:]):
                node = node.get(token) if isinstance(node, Mapping) else None
        else:
            node = None
        if node is None:
            raise input_error("invalid-type", where, f"$ref {real!r} does not resolve inside the document")
        return node

    def deref(self, value: Any, where: Path, what: str) -> tuple[Any, str | None]:
        """The object ``value`` stands for (a local ``$ref`` resolved) and the ``$ref``. An intrinsic function is
        reported and returned as it is (the caller carries it); anything else but a mapping is an InputError."""
        ref = value.get("$ref") if isinstance(value, Mapping) else None
        obj = self.resolve(ref, where) if isinstance(ref, str) else value
        if is_intrinsic(obj):
            self.report.add("structural-intrinsic", where, f"{what} given as an intrinsic function; carried, not "
                            "converted")
        elif not isinstance(obj, Mapping):
            raise input_error("invalid-type", where, f"{what} must be a mapping, got {describe(obj)}")
        return obj, ref

    def tidy(self, kind: str, obj: Mapping[str, Any], where: Path) -> dict[str, Any]:
        """``obj`` without the keys OpenAPI does not know for a ``kind`` object (each reported); 2.0-style schema
        keys (``type`` ...) on a 3.0 parameter or header are moved into its ``schema``."""
        out: dict[str, Any] = {}
        moved: dict[str, Any] = {}
        for key, value in obj.items():
            if known(kind, self.version, key):
                out[key] = value
            elif self.version != V2 and kind in ("parameter", "header") and key in SCHEMA_KEYS:
                moved[key] = value
            else:
                self.report.add("unknown-field", (*where, key_text(key)), f"{key!r} is not a field of an OpenAPI "
                                f"{self.version} {kind}; dropped")
        if moved:
            self.report.add("other-version-key", where, f"{', '.join(moved)} moved into the {kind}'s schema")
            out = schema_in({**out, **moved})
        return out

    @staticmethod
    def check_schema(schema: Any, where: Path) -> None:
        """An InputError unless ``schema`` is a mapping (a Schema Object) or an intrinsic function."""
        if not isinstance(schema, Mapping):
            raise input_error("invalid-type", where, f"a schema is a mapping, got {describe(schema)}")

    def model_of(self, schema: Any, wanted: str, key: str, where: Path) -> Any:
        """The model name a body schema stands for: a ``$ref``'s name, or a new anonymous model's placeholder;
        for an ``Fn::If`` between schemas, the ``Fn::If`` tree of those names."""
        if if_parts(schema) is not None:
            return read_tree(schema, where, lambda v, w: no_value() if is_no_value(v) else
                             self.model_of(v, wanted, key + _branch(w), w))
        if isinstance(schema, Mapping) and set(schema) == {"$ref"}:
            name = ref_name(schema["$ref"], "models")
            if name is not None:
                return name
        if is_intrinsic(schema):
            self.report.add("structural-intrinsic", where, "a schema given as an intrinsic function; kept as the model")
            return plain(schema)
        self.check_schema(schema, where)
        self.inline[key] = (wanted, plain(schema), where)
        return INLINE + key


def _media(value: Any) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []


class OperationReader:
    """Reads the operations of one path item."""

    def __init__(self, ctx: Context, path: str) -> None:
        self.ctx, self.path = ctx, path
        self.base_name = pascal(path) or "Root"

    def read(self, op: Any, verb: str, where: Path, shared: list[Any]) -> Method:
        """One operation; ``shared`` are the path item's parameters."""
        if not isinstance(op, Mapping):
            raise input_error("invalid-type", where, f"an operation is a mapping, got {describe(op)}")
        op = self.ctx.tidy("operation", op, where)
        method: Method = new(Method, ("openapi", where), verb=verb)
        self._verb = "Any" if verb == "ANY" else verb
        annotations: dict[str, Any] = {}
        handled = {OAS_METHOD.parameters, OAS_METHOD.request_models, OAS_METHOD.responses, "security",
                   OAS_METHOD.consumes, OAS_METHOD.produces}
        for key, value in op.items():
            at = (*where, key)
            if key == OAS_METHOD.operation_name:
                method.operation_name = read_value(_OPERATION_ID, value, at, "openapi", self.ctx.report)
            elif key == OAS_METHOD.integration:
                method.integration = read_integration_value(value, "openapi", at, self.ctx.report)
            elif key == OAS_METHOD.request_validator:
                method.request_validator = read_value(TEXT_VALUE, value, at, "openapi", self.ctx.report)
            elif key == OAS_METHOD.legacy_auth:
                kind = value.get("type") if isinstance(value, Mapping) else None
                if isinstance(kind, str):
                    method.authorization_type = kind.upper()
                annotations[key] = plain(value)
            elif key not in handled:
                annotations[key] = plain(value)
        consumes = _media(op.get(OAS_METHOD.consumes)) or _media(self.ctx.consumes) or [DEFAULT_MEDIA]
        produces = _media(op.get(OAS_METHOD.produces)) or _media(self.ctx.produces) or [DEFAULT_MEDIA]
        for key in (OAS_METHOD.consumes, OAS_METHOD.produces):
            if key in op:
                annotations[key] = plain(op[key])
        params = list(shared)
        if OAS_METHOD.parameters in op:
            params = self._merge(shared, op[OAS_METHOD.parameters], (*where, OAS_METHOD.parameters))
        self._parameters(method, params, annotations, consumes, verb)
        if OAS_METHOD.request_models in op:
            self._request_body(method, op[OAS_METHOD.request_models], (*where, OAS_METHOD.request_models),
                               annotations, verb)
        if OAS_METHOD.responses in op:
            self._responses(method, op[OAS_METHOD.responses], (*where, OAS_METHOD.responses), annotations,
                            produces, verb)
        if "security" in op:
            self._security(method, op["security"], (*where, "security"), annotations)
        method.annotations = annotations
        return method

    # --- parameters ----------------------------------------------------------------------------------
    def _merge(self, shared: list[Any], value: Any, where: Path) -> list[Any]:
        if if_parts(value) is not None:  # Fn::If between lists: read as one conditional item (its leaves lists)
            return [*shared, (value, where)]
        if not isinstance(value, list):
            if is_intrinsic(value):
                self.ctx.report.add("structural-intrinsic", where, "parameters given as an intrinsic function")
                return list(shared)
            raise input_error("invalid-type", where, f"parameters must be a list, got {describe(value)}")
        own = [(item, (*where, i)) for i, item in enumerate(value)]
        keys = {self._key(item, at) for item, at in own}
        return [entry for entry in shared if self._key(*entry) not in keys] + own

    def _key(self, item: Any, where: Path) -> tuple[Any, Any]:
        if isinstance(item, Mapping) and "$ref" in item:
            item = self.ctx.resolve(item["$ref"], where)
        return (repr(item.get("in")), repr(item.get("name"))) if isinstance(item, Mapping) else ("", "")

    def _parameters(self, method: Method, params: list[Any], annotations: dict[str, Any], consumes: list[str],
                    verb: str) -> None:
        out: list[Parameter] = []
        carried: list[Any] = []
        for item, at in params:
            if is_no_value(item):  # CloudFormation removes the item
                continue
            if if_parts(item) is not None:  # exists, or differs, under a condition
                out += self._conditional_parameters(method, item, at, annotations, consumes, verb)
                continue
            obj, ref = self.ctx.deref(item, at, "a parameter")
            if is_intrinsic(obj):
                carried.append(plain(obj))
                continue
            if not ref:
                obj = self.ctx.tidy("parameter", obj, at)
            where_in = obj.get("in")
            schema_at = at if ref else (*at, "schema")
            if where_in == "body" and self.ctx.version == V2:
                if "schema" not in obj:
                    raise input_error("missing-field", at, "a body parameter needs a schema")
                body = {k: plain(v) for k, v in obj.items() if k not in ("in", "schema")}
                model = self.ctx.model_of(obj["schema"], self._wanted("Request"),
                                          f"{self.path} {verb} request" + _branch(at), schema_at)
                method.request_models = {ct: model for ct in consumes}
                if ref:
                    body = {"$ref": ref}
                elif body.get("name") == body_name(_first(method.request_models)):
                    body.pop("name")
                if body:
                    annotations["requestBody"] = body
                continue
            if "schema" in obj:
                self.ctx.check_schema(obj["schema"], schema_at)
            content = obj.get("content")
            for ct, media in content.items() if isinstance(content, Mapping) and not is_intrinsic(content) else ():
                if isinstance(media, Mapping) and "schema" in media:
                    self.ctx.check_schema(media["schema"], at if ref else (*at, "content", str(ct), "schema"))
            name = obj.get("name")
            if where_in not in ("path", "query", "header") or not isinstance(name, str):
                self.ctx.report.add("unsupported-parameter", at, f"in: {where_in!r} has no API Gateway method "
                                    "parameter; carried, not converted")
                carried.append(plain(item))
                continue
            if where_in == "path" and name.endswith("+") and "{" + name + "}" in self.path.split("/"):
                name = name[:-1]  # a greedy {proxy+} declared as OpenAPI spells it; API Gateway's name is proxy
            elif where_in == "path" and not any(part in ("{" + name + "}", "{" + name + "+}")
                                                for part in self.path.split("/")):
                self.ctx.report.add("orphan-path-parameter", at, f"{name!r} is not a segment of {self.path}; "
                                    "carried, not converted")
                carried.append(plain(item))
                continue
            required = True if where_in == "path" else obj.get("required", False)
            if not isinstance(required, bool) and not is_intrinsic(required):
                raise input_error("invalid-type", (*at, "required"), f"expected a boolean, got {describe(required)}")
            extras = obj if self.ctx.version != V2 else schema_in(obj)
            extras = {k: plain(v) for k, v in extras.items() if k not in ("in", "name", "required")}
            if where_in == "path" and "required" in obj and obj["required"] is not True:
                extras["required"] = plain(obj["required"])  # keep what the document said
            if not ref and (self.ctx.version != V2 or "schema" not in obj):  # 2.0: only a schema made of "type"
                extras = without_default(extras, "schema", STRING_SCHEMA)
            extras = {"$ref": ref} if ref else extras
            out.append(new(Parameter, ("openapi", at), location=ParameterLocation(where_in), name=name,
                           required=plain(required), annotations=extras))
        method.parameters = _overlaid(out, self.ctx.report)
        if carried:
            annotations["parameters"] = carried

    def _conditional_parameters(self, method: Method, item: Any, where: Path, annotations: dict[str, Any],
                                consumes: list[str], verb: str) -> list[Parameter]:
        """The parameters an ``Fn::If`` item (or list) of parameters stands for, one per name, each ``required``
        an ``Fn::If`` tree with ``NoValue`` where it does not exist; a 2.0 body parameter, conditional models."""
        def read(value: Any, at: Path) -> Method:
            scratch: Method = method.model_copy(update={"parameters": [], "request_models": None})
            extra: dict[str, Any] = {}
            pairs = [] if is_no_value(value) else [(x, (*at, i)) for i, x in enumerate(value)] \
                if isinstance(value, list) else [(value, at)]
            self._parameters(scratch, pairs, extra, consumes, verb)
            scratch.annotations = extra
            return scratch

        tree = read_tree(item, where, read)
        if any(m.annotations.get("parameters") for m in leaves(tree)):
            self.ctx.report.add("structural-intrinsic", where, "an Fn::If around a parameter API Gateway has no "
                                "method parameter for; carried, not converted")
            annotations.setdefault("parameters", []).append(plain(item))
            return []
        models = merged_map(tree_map(tree, lambda m: m.request_models))
        if models is not None:
            method.request_models = models
            body = merged_fields(tree_map(tree, lambda m: m.annotations.get("requestBody", no_value())))
            if body:
                annotations["requestBody"] = body
        found = grouped(tree_map(tree, lambda m: m.parameters), lambda p: (p.location, p.name))
        return [merged_flag_item(versions) for versions in found.values()]

    # --- request bodies (3.0) ------------------------------------------------------------------------
    def _request_body(self, method: Method, value: Any, where: Path, annotations: dict[str, Any], verb: str) -> None:
        if if_parts(value) is not None:  # exists, or differs, under a condition: its models entry by entry
            def read(body: Any, at: Path) -> Method:
                scratch: Method = method.model_copy(update={"request_models": None})
                extra: dict[str, Any] = {}
                if not is_no_value(body):
                    self._request_body(scratch, body, at, extra, verb)
                scratch.annotations = extra
                return scratch

            tree = read_tree(value, where, read)
            method.request_models = merged_map(tree_map(tree, lambda m: m.request_models))
            rest = merged_fields(tree_map(tree, lambda m: m.annotations.get(OAS_METHOD.request_models, no_value())))
            if rest:
                annotations[OAS_METHOD.request_models] = rest
            return
        body, ref = self.ctx.deref(value, where, "requestBody")
        if is_intrinsic(body):
            annotations[OAS_METHOD.request_models] = plain(body)
            return
        models, extras = self._content(body.get("content"), (*where, "content"), "Request",
                                       f"{self.path} {verb} request")
        method.request_models = models or None
        rest = {k: plain(v) for k, v in body.items() if k != "content"}
        if extras:
            rest["content"] = extras
        if ref:
            rest = {"$ref": ref}
        if rest:
            annotations[OAS_METHOD.request_models] = rest

    def _content(self, content: Any, where: Path, what: str, key: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """A 3.0 ``content`` map: content type -> model name, and what else each media type says."""
        if content is None:
            return {}, {}
        if if_parts(content) is not None:  # Fn::If between maps: each content type's model an Fn::If tree
            tree = read_tree(content, where, lambda c, w: ({}, {}) if is_no_value(c) else
                             self._content(c, w, what, key + _branch(w)))
            others = merged_map(tree_map(tree, lambda pair: pair[1])) or {}
            return merged_map(tree_map(tree, lambda pair: pair[0])) or {}, {
                ct: rest for ct, entry in others.items() if (rest := merged_fields(entry)) is not None}
        if not isinstance(content, Mapping) or is_intrinsic(content):
            raise input_error("invalid-type", where, f"content is a mapping, got {describe(content)}")
        models: dict[str, Any] = {}
        extras: dict[str, Any] = {}
        schemas: dict[str, Any] = {}
        for ct, media in content.items():
            at = (*where, str(ct))
            # a media type under a condition (Fn::If): its model an Fn::If tree of model names
            tree = read_tree(media, at, partial(self._media, str(ct), at, what, f"{key} {ct}", schemas))
            model, rest = tree_map(tree, lambda pair: pair[0]), merged_fields(tree_map(tree, lambda pair: pair[1]))
            if not is_no_value(model):
                models[str(ct)] = model
            if rest is not None:
                extras[str(ct)] = rest
        return models, extras

    def _media(self, ct: str, base: Path, what: str, key: str, schemas: dict[str, Any], media: Any,
               at: Path) -> tuple[Any, Any]:
        """A media type object's model name and other keys (``NoValue`` for none); ``at`` lies inside ``base``
        when it is a branch of an ``Fn::If``."""
        key += "" if at == base else f" {at[len(base):]}"
        if is_no_value(media):
            return no_value(), no_value()
        if not isinstance(media, Mapping) or is_intrinsic(media):
            raise input_error("invalid-type", at, f"a media type object is a mapping, got {describe(media)}")
        rest = {k: plain(v) for k, v in media.items() if k != "schema"}
        model: Any = no_value()
        if "schema" in media:
            text = json.dumps(plain(media["schema"]), sort_keys=True)
            if text not in schemas:
                suffix = "" if not schemas else pascal(ct)
                schemas[text] = self.ctx.model_of(media["schema"], self._wanted(what) + suffix, key, (*at, "schema"))
            model = schemas[text]
        return model, rest if rest or "schema" not in media else no_value()

    def _wanted(self, what: str) -> str:
        return f"{self.base_name}{self._verb.capitalize()}{what}"

    # --- responses -----------------------------------------------------------------------------------
    def _responses(self, method: Method, value: Any, where: Path, annotations: dict[str, Any],
                   produces: list[str], verb: str) -> None:
        if if_parts(value) is not None:  # Fn::If between maps: the responses of each branch, merged by code
            def read(branch: Any, at: Path) -> Method:
                scratch: Method = method.model_copy(update={"responses": []})
                extra: dict[str, Any] = {}
                if not is_no_value(branch):
                    self._responses(scratch, branch, at, extra, produces, verb)
                scratch.annotations = extra
                return scratch

            tree = read_tree(value, where, read)
            found = grouped(tree_map(tree, lambda m: m.responses if isinstance(m.responses, list) else []),
                            lambda r: r.status_code)
            method.responses = [merged_response(versions) for versions in found.values()]
            others = merged_map(tree_map(tree, lambda m: m.annotations.get(OAS_METHOD.responses)))
            if others:  # default and other responses API Gateway skips, carried as Fn::If entries
                annotations[OAS_METHOD.responses] = others
            return
        if not isinstance(value, Mapping) or is_intrinsic(value):
            if is_intrinsic(value):
                self.ctx.report.add("structural-intrinsic", where, "responses given as an intrinsic function")
                annotations[OAS_METHOD.responses] = plain(value)
                return
            raise input_error("invalid-type", where, f"responses must be a mapping, got {describe(value)}")
        if value == NO_RESPONSES:
            return
        out: list[MethodResponse] = []
        carried: dict[str, Any] = {}
        for code, response in value.items():
            code, at = str(code), (*where, str(code))
            if is_no_value(response):  # CloudFormation removes the entry
                continue
            if not valid_status(code):
                self.ctx.report.add("default-response-unsupported", at, f"response {code!r} is not a status code "
                                    "API Gateway accepts; carried in Metadata only")
                carried[code] = plain(response)
                continue
            if if_parts(response) is not None:  # exists, or differs, under a condition
                tree = read_tree(response, at, lambda r, w: self._version(code, r, w, produces, verb))  # noqa: B023
                if any(True for _ in leaves(tree)):
                    out.append(merged_response(tree))
                continue
            obj, ref = self.ctx.deref(response, at, "a response")
            if is_intrinsic(obj):
                carried[code] = plain(obj)
                continue
            out.append(self._response(code, obj, at, produces, verb, ref))
        method.responses = out
        if carried:
            annotations[OAS_METHOD.responses] = carried

    def _version(self, code: str, value: Any, where: Path, produces: list[str], verb: str) -> Any:
        """One branch of a conditional response: the response, or ``NoValue``."""
        if is_no_value(value):
            return no_value()
        obj, ref = self.ctx.deref(value, where, "a response")
        return no_value() if is_intrinsic(obj) else self._response(code, obj, where, produces, verb, ref)

    def _response(self, code: str, obj: Mapping[str, Any], where: Path, produces: list[str], verb: str,
                  ref: str | None) -> MethodResponse:
        response: MethodResponse = new(MethodResponse, ("openapi", where), status_code=code)
        if not ref:
            obj = self.ctx.tidy("response", obj, where)
        extras: dict[str, Any] = {}
        key = f"{self.path} {verb} {code}"
        what = f"Response{code}"
        for name, value in obj.items():
            at = (*where, name)
            if name == OAS_RESPONSE.headers and if_parts(value) is not None:  # Fn::If between header maps
                tree = read_tree(value, at, lambda v, w: [] if is_no_value(v) else [
                    h for name, header in self._header_map(v, w).items()
                    if (h := self._header(name, header, (*w, name))) is not None])
                response.headers = [merged_flag_item(t) for t in grouped(tree, lambda h: h.name).values()]
            elif name == OAS_RESPONSE.headers and not is_intrinsic(value):
                response.headers = [h for h in (self._header(n, header, (*at, n)) for n, header in
                                                self._header_map(value, at).items()) if h is not None]
            elif name == OAS_RESPONSE.models and self.ctx.version != V2:
                models, content = self._content(value, at, what, key)
                response.models = models or None
                if content:
                    extras[name] = content
            elif name == "schema" and self.ctx.version == V2:
                model = self.ctx.model_of(value, self._wanted(what), key, at)
                response.models = {ct: model for ct in produces}
            else:
                extras[name] = plain(value)
        extras = without_default(extras, "description", default_description(code))
        response.annotations = {"$ref": ref} if ref else extras
        return response

    def _header_map(self, value: Any, where: Path) -> dict[str, Any]:
        if not isinstance(value, Mapping) or is_intrinsic(value):
            raise input_error("invalid-type", where, f"headers must be a mapping, got {describe(value)}")
        return {str(name): header for name, header in value.items()}

    def _header(self, name: str, header: Any, where: Path) -> Any:
        if is_no_value(header):  # CloudFormation removes the entry
            return None
        if if_parts(header) is not None:  # exists, or differs, under a condition
            tree = read_tree(header, where, lambda h, w: no_value() if is_no_value(h) else self._header(name, h, w))
            return merged_flag_item(tree) if any(True for _ in leaves(tree)) else None
        if isinstance(header, Mapping) and "$ref" in header:
            resolved = self.ctx.resolve(header["$ref"], where)
            required = resolved.get("required", False) if isinstance(resolved, Mapping) else False
            required = required if isinstance(required, bool) else False
            ref_header: ResponseHeader = new(ResponseHeader, ("openapi", where), name=name, required=required,
                                             annotations={"$ref": header["$ref"]})
            return ref_header
        if not isinstance(header, Mapping) or is_intrinsic(header):
            raise input_error("invalid-type", where, f"a header is a mapping, got {describe(header)}")
        header = self.ctx.tidy("header", header, where)
        if "schema" in header:
            self.ctx.check_schema(header["schema"], (*where, "schema"))
        obj = schema_in(header) if self.ctx.version == V2 else header
        extras = {k: plain(v) for k, v in obj.items() if k != "required"}
        required = header.get("required", False)
        if not isinstance(required, bool) and not is_intrinsic(required):
            raise input_error("invalid-type", (*where, "required"), f"expected a boolean, got {describe(required)}")
        out: ResponseHeader = new(ResponseHeader, ("openapi", where), name=name, required=plain(required),
                                  annotations=without_default(extras, "schema", STRING_SCHEMA))
        return out

    # --- security ------------------------------------------------------------------------------------
    def _security(self, method: Method, value: Any, where: Path, annotations: dict[str, Any],
                  places: list[Path] | None = None) -> None:
        """Read the requirements ``value`` (at ``where``; each item at its ``places``, in a branch of an ``Fn::If``)
        into the authorization fields of ``method``."""
        if places is None:
            places = [(*where, i) for i in range(len(value))] if isinstance(value, list) else []
        branches = conditional_security.branch_lists(value, places) if isinstance(value, list) else None
        if branches is not None:  # Fn::If requirements on one condition: conditional authorization fields
            condition, first, second = branches
            methods = (method.model_copy(), method.model_copy())
            scratch: tuple[dict[str, Any], dict[str, Any]] = ({}, {})
            for copy, requirements, extra in zip(methods, (first, second), scratch, strict=True):
                self._security(copy, [item for item, _ in requirements], where, extra,
                               [at for _, at in requirements])
            conditional_security.combine(condition, method, *methods)
            if scratch[0].get("security") and scratch[0] == scratch[1]:  # requirements carried in both branches
                annotations["security"] = scratch[0]["security"]
            return
        if not isinstance(value, list):
            if is_intrinsic(value):
                self.ctx.report.add("structural-intrinsic", where, "security given as an intrinsic function")
                annotations["security"] = plain(value)
                return
            raise input_error("invalid-type", where, f"security must be a list, got {describe(value)}")
        carried = []
        for requirement, place in zip(value, places, strict=True):
            if not isinstance(requirement, Mapping):
                raise input_error("invalid-type", place, f"a security requirement is a mapping, got "
                                  f"{describe(requirement)}")
            rest = {}
            for scheme, scopes in requirement.items():
                at = (*place, str(scheme))
                if scheme in self.ctx.authorizers:
                    if method.authorizer is not None or method.authorization_type == AUTHORIZATION["iam"]:
                        self.ctx.report.add("unsupported-security", at, "a second authorizer, or an authorizer "
                                            "besides sigv4; a method has one authorization type")
                        rest[scheme] = plain(scopes)
                        continue
                    method.authorizer = scheme
                    kind = self.ctx.authorizers[scheme]
                    method.authorization_type = authorization_for(kind)
                    if kind in LAMBDA_AUTHORIZERS:  # AuthorizationType CUSTOM: API Gateway refuses scopes
                        self._no_scopes(scopes, at, f"the {kind.value} (Lambda) authorizer {scheme!r}")
                    elif scopes:
                        method.authorization_scopes = read_value(TEXT_LIST_VALUE, scopes, at, "openapi",
                                                                 self.ctx.report)
                elif scheme in self.ctx.api_key_schemes:
                    method.api_key_required = True
                    self._no_scopes(scopes, at, f"the API key scheme {scheme!r}")
                elif scheme in self.ctx.sigv4_schemes:
                    self._no_scopes(scopes, at, f"the sigv4 scheme {scheme!r}")
                    if method.authorizer is not None:
                        self.ctx.report.add("unsupported-security", at, "sigv4 besides an authorizer; a method "
                                            "has one authorization type")
                        rest[scheme] = plain(scopes)
                        continue
                    method.authorization_type = AUTHORIZATION["iam"]
                elif scheme in self.ctx.other_schemes:
                    self.ctx.report.add("unsupported-security", at, f"scheme {scheme!r} is not one API Gateway "
                                        "uses; carried")
                    rest[scheme] = plain(scopes)
                elif scheme != SAM_NO_AUTHORIZER:  # SAM's marker for "not the default authorizer": none
                    self.ctx.report.add("undefined-security-scheme", at, f"scheme {scheme!r} is not defined")
            if rest:
                carried.append(rest)
        if carried or not value:  # an explicit [] (no auth under a root security) is kept as written
            annotations["security"] = carried

    def _no_scopes(self, scopes: Any, where: Path, scheme: str) -> None:
        """Scopes of a requirement API Gateway takes none for (an API key, sigv4 or Lambda authorizer ``scheme``):
        only a COGNITO_USER_POOLS Method has AuthorizationScopes."""
        if scopes:
            self.ctx.report.add("scopes-not-used", where, f"scopes {plain(scopes)!r} on {scheme}; API Gateway takes "
                                "scopes only with a Cognito authorizer; left out")


def _overlaid(params: list[Parameter], report: Report) -> list[Parameter]:
    """``params`` with two conditional versions of one parameter that never exist together as one; a second
    parameter of one name and location that can exist with the first is reported and left out."""
    trees: dict[tuple[Any, str], Any] = {}
    out: list[Parameter] = []
    for param in params:
        key = (param.location, param.name)
        combined = overlaid(trees[key], versions(param, "required")) if key in trees else None
        if combined is not None:
            trees[key] = combined
            out = [merged_flag_item(combined) if (p.location, p.name) == key else p for p in out]
            continue
        if key in trees:
            report.add("duplicate-parameter", source_of(param), f"{param.location.value} parameter {param.name!r} "
                       "again; left out")
            continue
        trees.setdefault(key, versions(param, "required"))
        out.append(param)
    return out


def _branch(where: Path) -> str:
    """What tells a branch of an ``Fn::If`` apart in the key of an inline schema (nothing outside one)."""
    return f" {where}" if "Fn::If" in where else ""


def _first(models: Any) -> Any:
    first = next(iter(models.values()), None) if isinstance(models, Mapping) else None
    return None if isinstance(first, str) and first.startswith(INLINE) else first
