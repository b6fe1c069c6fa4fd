"""OpenAPI writer, operation level: one neutral :class:`Method` as an operation object (parameters, request
body, responses, security, integration), with the shared writer state in :class:`WriteContext`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from ...diagnostics import Report
from ...integration import write_integration_value
from ...intrinsics import if_parts, is_intrinsic, plain
from ...pointer import Path
from ...table_engine import private_attributes
from ..carry import annotations_at
from ..conditional_items import absent_somewhere, existing, lift, never
from ..model import Api, Method, MethodResponse, Parameter, ResponseHeader, Route, source_location, source_of
from ..names import (
    AUTHORIZATION,
    BUILTIN_MODELS,
    CFN_MODEL,
    OAS_METHOD,
)
from ..refs import unwrap_pseudo
from ..tree import is_variable, segments, variable_name
from . import conditional_security
from .shapes import (
    API_KEY_SCHEME,
    API_KEY_SCHEME_NAME,
    DEFAULT_MEDIA,
    NO_RESPONSES,
    ONLY,
    SIGV4_SCHEME,
    SIGV4_SCHEME_NAME,
    STRING_SCHEMA,
    V2,
    V3,
    body_name,
    classify_scheme,
    default_description,
    ref_name,
    schema_in,
    schema_out,
)


class WriteContext:
    """What the document and operation writers share: the API, the version, the report, the names written so
    far, and the helpers that report what a version cannot hold."""

    def __init__(self, api: Api, version: str, report: Report, *, api_properties_kept: bool = False) -> None:
        self.api, self.version, self.report = api, version, report
        self.api_properties_kept = api_properties_kept  # embed: the RestApi keeps its own properties
        self.other = V3 if version == V2 else V2
        self.models = {m.name: m for m in api.models if isinstance(m.name, str)}
        components = api.annotations.get("components")
        carried = components.get("securitySchemes") if isinstance(components, Mapping) else None
        carried = {n: s for n, s in carried.items() if isinstance(s, Mapping)} if isinstance(carried, Mapping) else {}
        self.schemes: dict[str, Any] = dict(carried)
        self.api_key = next((n for n, s in carried.items() if classify_scheme(s) == "api_key"), API_KEY_SCHEME_NAME)
        self.sigv4 = next((n for n, s in carried.items() if classify_scheme(s) == "sigv4"), SIGV4_SCHEME_NAME)
        self.validator_names = {v.name for v in api.request_validators}
        self.operation_ids: set[str] = set()
        self.authorizer_names = {a.name for a in api.authorizers}
        self.doc_consumes = api.annotations.get("consumes") or [DEFAULT_MEDIA]
        self.doc_produces = api.annotations.get("produces") or [DEFAULT_MEDIA]

    def carried(self, annotations: dict[str, Any], key: str, shape: type, where: Path) -> Any:
        """``annotations[key]`` popped, if it has the ``shape`` (list or Mapping) OpenAPI gives it; else reported."""
        value = annotations.pop(key, None)
        if value is None:
            return [] if shape is list else {}
        if not isinstance(value, shape):
            self.report.add("unknown-field", (*where, key), f"carried {key!r} is not a {shape.__name__}; left out")
            return [] if shape is list else {}
        return value

    def loss(self, kind: str, keys: Mapping[str, Any], where: Path) -> dict[str, Any]:
        """``keys`` without those only the other version has (each reported)."""
        out = {}
        for key, value in keys.items():
            if key in ONLY[self.other][kind] and key not in ONLY[self.version][kind]:
                self.report.add("openapi-version-loss", (*where, key), f"{key!r} of an OpenAPI {self.other} "
                                f"{kind} has no OpenAPI {self.version} equivalent; left out")
                continue
            out[key] = value
        return out

    # --- the document --------------------------------------------------------------------------------
    def schema(self, model: Any) -> Any:
        """A model's schema as OpenAPI holds it (``$schema`` and model-only properties reported)."""
        schema = plain(model.json_schema)
        if isinstance(schema, dict) and "$schema" in schema:
            source = source_location(model)  # a template Model holds it in Schema; an OpenAPI schema is it
            where = (*source[1], CFN_MODEL.json_schema) if source and source[0] == "cfn" else source_of(model)
            self.report.add("schema-keyword-dropped", (*where, "$schema"))
            schema = {k: v for k, v in schema.items() if k != "$schema"}
        if model.content_type not in (None, DEFAULT_MEDIA) or model.description is not None:
            self.report.add("model-property-not-in-openapi", source_of(model),
                            f"model {model.name!r}: ContentType / Description left out")
        return schema



class OperationWriter:
    """Writes operations."""

    def __init__(self, ctx: WriteContext) -> None:
        self.ctx = ctx
        self._inline: dict[tuple[str, str], Any] = {}  # (kind, name) -> a component as written inline

    def operation(self, method: Method, route: Route) -> dict[str, Any]:
        where = source_of(method)
        op: dict[str, Any] = {}
        annotations = self.ctx.loss("operation", method.annotations, annotations_at(method))
        if method.operation_name is not None:
            name = plain(method.operation_name)
            if isinstance(name, str) and name in self.ctx.operation_ids:
                self.ctx.report.add("duplicate-operation-id", (*where, "OperationName"), f"{name!r} again; left out")
            else:
                op[OAS_METHOD.operation_name] = name
                self.ctx.operation_ids.add(name if isinstance(name, str) else repr(name))
        request_models = method.request_models
        body = None
        if self.ctx.version == V2:
            consumes = list(request_models) if isinstance(request_models, dict) and request_models else None
            produces = sorted({ct for r in method.responses if isinstance(r, MethodResponse)
                               and isinstance(r.models, dict) for ct in r.models}) if isinstance(
                method.responses, list) else []
            for key, media, default in ((OAS_METHOD.consumes, consumes, self.ctx.doc_consumes),
                                        (OAS_METHOD.produces, produces, self.ctx.doc_produces)):
                if key in annotations:
                    op[key] = annotations.pop(key)
                elif media and media != default:
                    op[key] = media
            carried = self.ctx.carried(annotations, OAS_METHOD.request_models, Mapping, where)
            body = self._body_parameter(method, carried)
        params = self._parameters(method, route, annotations, body)
        if params:
            op[OAS_METHOD.parameters] = params
        if self.ctx.version == V3:
            body = self._request_body(method, annotations.pop(OAS_METHOD.request_models, None))
            if body:
                op[OAS_METHOD.request_models] = body
        op[OAS_METHOD.responses] = self._responses(method, self.ctx.carried(annotations, OAS_METHOD.responses, Mapping,
                                                                            where))
        explicit = annotations.get("security") == []  # written as [] (no auth under a root security)
        security = self._security(method, annotations)
        if security or explicit:
            op["security"] = security
        validator = method.request_validator
        if validator is not None and validator != self.ctx.api.default_request_validator:
            if if_parts(validator) is not None and (self.ctx.api.default_request_validator is None
                                                    or not absent_somewhere(validator)):
                op[OAS_METHOD.request_validator] = plain(validator)  # the names differ between branches
            elif if_parts(validator) is not None:
                self.ctx.report.add("structural-intrinsic", (*where, "RequestValidatorId"), "no validator in a branch "
                                    "of an Fn::If, where the document's default validator would apply; left out")
            elif not isinstance(validator, str):
                self.ctx.report.add("unresolved-reference", (*where, "RequestValidatorId"),
                                    f"validator {plain(validator)!r} is not a validator of this API")
            else:
                if validator not in self.ctx.validator_names:
                    self.ctx.report.add("unresolved-reference", (*where, "RequestValidatorId"),
                                        f"validator {validator!r} is not defined")
                op[OAS_METHOD.request_validator] = validator
        if method.integration is not None:
            op[OAS_METHOD.integration] = unwrap_pseudo(write_integration_value(method.integration, "openapi",
                                                                               self.ctx.report))
        for key, value in annotations.items():
            op.setdefault(key, value)
        return op

    def _parameters(self, method: Method, route: Route, annotations: dict[str, Any],
                    body: dict[str, Any] | None) -> list[Any]:
        out: list[Any] = []
        declared = set()
        variables = {variable_name(part) for part in segments(route.path) if is_variable(part)}
        if isinstance(method.parameters, list):
            for param in method.parameters:
                if never(param.required):
                    continue
                if param.location.value == "path" and param.name not in variables:
                    self.ctx.report.add("orphan-path-parameter", source_of(param),
                                        f"{param.name!r} is not a segment of {route.path}")
                    continue
                declared.add((param.location.value, param.name))
                out.append(self._parameter(param))
        elif method.parameters:
            self.ctx.report.add("structural-intrinsic", (*source_of(method), "RequestParameters"),
                                "RequestParameters given as an intrinsic function; left out of OpenAPI")
        for part in segments(route.path):
            if is_variable(part) and ("path", variable_name(part)) not in declared:
                out.append(self.shape({"name": variable_name(part), "in": "path", "required": True}, {}))
        if body:
            out.append(body)
        for item in self.ctx.carried(annotations, OAS_METHOD.parameters, list, source_of(method)):
            kept = self._carried_parameter(item, method)
            if kept is not None:
                out.append(kept)
        return out

    def _carried_parameter(self, item: Any, method: Method) -> Any:
        """A parameter API Gateway has no method parameter for (``formData``, ``cookie`` ...), carried as its source
        wrote it: in the shape of the version written, or left out (reported) where that version has no such
        location."""
        if not isinstance(item, Mapping) or is_intrinsic(item) or "$ref" in item:
            return item
        where_in = item.get("in")
        if where_in in (("formData", "body") if self.ctx.version == V3 else ("cookie",)):
            self.ctx.report.add("openapi-version-loss", annotations_at(method, OAS_METHOD.parameters),
                                f"parameter {item.get('name')!r} in: {where_in} has no OpenAPI {self.ctx.version} "
                                "equivalent; left out")
            return None
        if self.ctx.version == V3:
            return item if "schema" in item or "content" in item else schema_in(item)
        return self.shape({}, item, "parameter", annotations_at(method, OAS_METHOD.parameters))

    def _parameter(self, param: Parameter) -> Any:
        special = _conditional_or_ref(param, self._parameter)  # an Fn::If list item, or a $ref
        if special is not None:
            return special
        moved = private_attributes(param).get("_fields_at") or {}  # OpenAPI keys carried in a Method's Metadata
        where = moved.get("annotations") or source_of(param)
        required = True if param.location.value == "path" else plain(param.required)
        base: dict[str, Any] = {"name": param.name, "in": param.location.value}
        if required is not False:
            base["required"] = required
        return self.shape(base, self.ctx.loss("parameter", param.annotations, where))

    def shape(self, base: dict[str, Any], extras: Mapping[str, Any], kind: str = "parameter",
              where: Path = ()) -> dict[str, Any]:
        """A parameter or header: ``base`` + carried ``extras`` + the default string schema, per version."""
        if self.ctx.version == V3:
            typed = any(key in extras for key in ("schema", "content", "type"))  # "type": as the document had it
            schema = {} if typed else {"schema": dict(STRING_SCHEMA)}
            return {**base, **schema, **plain(extras)}
        flat, fits = schema_out(extras)
        if not fits:
            self.ctx.report.add("openapi-version-loss", where, f"a {kind} schema that OpenAPI 2.0 cannot flatten")
        default = {} if "type" in flat else dict(STRING_SCHEMA)
        return {**base, **default, **flat}

    def component(self, ref: Any, kind: str) -> tuple[Any, Path] | None:
        """Writing OpenAPI 2.0, which has no ``components.<kind>`` (``requestBodies``, ``headers``): the carried entry
        the ``$ref`` names, without what 2.0 cannot hold (reported once), or ``None`` when the API carries no such
        entry; and where it stands. ``None`` when ``ref`` names no such entry or the version has them."""
        name = ref_name(ref, kind)
        if self.ctx.version != V2 or name is None:
            return None
        where = annotations_at(self.ctx.api, "components", kind, name)
        if (kind, name) not in self._inline:
            components = self.ctx.api.annotations.get("components")
            section = components.get(kind) if isinstance(components, Mapping) else None
            entry = section.get(name) if isinstance(section, Mapping) else None
            if isinstance(entry, Mapping) and not is_intrinsic(entry):
                if kind == "requestBodies":  # its content is the Method's RequestModels
                    entry = self.ctx.loss("requestBody", {k: v for k, v in entry.items() if k != "content"}, where)
                else:
                    entry = self.ctx.loss("header", entry, where)
            self._inline[kind, name] = entry
        return self._inline[kind, name], where

    def dangling(self, where: Path, ref: Any, what: str) -> None:
        self.ctx.report.add("openapi-version-loss", where, f"{what} refers to {ref!r}, which OpenAPI 2.0 has no place "
                            "for and which could not be written inline; left out")

    def _body_parameter(self, method: Method, carried: Mapping[str, Any]) -> dict[str, Any] | None:
        models = method.request_models
        found = self.component(carried.get("$ref"), "requestBodies")
        if found is not None:  # 2.0 has no reusable request bodies: the one named, as the body parameter
            entry = found[0]
            if not isinstance(entry, Mapping) or is_intrinsic(entry) or not isinstance(models, dict) or not models:
                self.dangling(annotations_at(method, OAS_METHOD.request_models, "$ref"), carried["$ref"],
                               "the request body")
                return None
            carried = entry
        if "content" in carried:
            self.ctx.report.add("openapi-version-loss", annotations_at(method, OAS_METHOD.request_models, "content"),
                                "media type details of a request body have no OpenAPI 2.0 equivalent; left out")
            carried = {k: v for k, v in carried.items() if k != "content"}
        if not isinstance(models, dict) or not models:
            return dict(carried) or None
        if "$ref" in carried:
            return dict(carried)
        names = list(dict.fromkeys(str(m) for m in models.values()))
        if len(names) > 1:
            self.ctx.report.add("openapi-version-loss", (*source_of(method), "RequestModels"),
                                "OpenAPI 2.0 has one body schema; only the first content type's model was kept")
        def body(first: Any) -> dict[str, Any]:
            model = self.ctx.models.get(first) if isinstance(first, str) else None
            name = first if model is not None and not model.anonymous else None
            return {"in": "body", "name": body_name(name), **plain(carried), "schema": self._model_ref(first, method)}
        return lift(next(iter(models.values())), body)  # type: ignore[no-any-return]

    def _request_body(self, method: Method, carried: Any) -> Any:
        models = method.request_models
        if isinstance(carried, Mapping) and "$ref" in carried:
            return dict(carried)
        if is_intrinsic(carried):
            return carried
        if carried is not None and not isinstance(carried, Mapping):
            self.ctx.report.add("unknown-field", annotations_at(method, OAS_METHOD.request_models),
                                "carried requestBody is not a mapping; left out")
            carried = None
        body = self.ctx.loss("requestBody", carried or {}, annotations_at(method, OAS_METHOD.request_models))
        if isinstance(models, dict) and models:
            where = annotations_at(method, OAS_METHOD.request_models)
            content = dict(self.ctx.carried(body, "content", Mapping, where))
            for ct, model in models.items():
                if not never(model):
                    content[ct] = self._media(model, method, content.get(ct, {}))
            body["content"] = content
        elif is_intrinsic(models):
            self.ctx.report.add("structural-intrinsic", (*source_of(method), "RequestModels"),
                                "RequestModels given as an intrinsic function; left out of OpenAPI")
        return body or None

    def _media(self, model: Any, owner: Any, extras: Mapping[str, Any]) -> Any:
        """A media type object for a model name, or the Fn::If of them for a conditional one."""
        return lift(model, lambda name: {"schema": self._model_ref(name, owner), **extras})

    def _model_ref(self, name: Any, owner: Any) -> Any:
        if not isinstance(name, str):
            self.ctx.report.add("unresolved-reference", source_of(owner), "a model given as an intrinsic function")
            return {"$ref": plain(name)}
        model = self.ctx.models.get(name)
        if model is None and name not in BUILTIN_MODELS:
            self.ctx.report.add("unresolved-reference", source_of(owner), f"model {name!r} is not defined")
        elif model is not None and model.anonymous:
            return self.ctx.schema(model)
        return {"$ref": f"#/models/{name}"}

    def _responses(self, method: Method, carried: Mapping[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if isinstance(method.responses, list):
            for response in method.responses:
                if never(response.exists):
                    continue
                out[response.status_code] = existing(response.exists, partial(self._response, response, method))
        elif method.responses:
            self.ctx.report.add("structural-intrinsic", (*source_of(method), "MethodResponses"),
                                "MethodResponses given as an intrinsic function; left out of OpenAPI")
        for code, value in carried.items():
            out.setdefault(code, self.ctx.loss("response", value, annotations_at(method, "responses", code))
                           if isinstance(value, Mapping) else value)
        return out or plain(NO_RESPONSES)

    def _response(self, response: MethodResponse, method: Method) -> dict[str, Any]:
        if "$ref" in response.annotations:
            return {"$ref": response.annotations["$ref"]}
        where = source_of(response)
        extras = self.ctx.loss("response", response.annotations,
                               annotations_at(method, "responses", response.status_code))
        out: dict[str, Any] = {"description": extras.pop("description", default_description(response.status_code))}
        headers = {h.name: written for h in response.headers
                   if not never(h.required) and (written := self._header(h)) is not None}
        headers.update(self.ctx.carried(extras, "headers", Mapping, where))
        if headers:
            out["headers"] = headers
        models = response.models
        if isinstance(models, dict) and models:
            if self.ctx.version == V3:
                content = dict(self.ctx.carried(extras, "content", Mapping, where))
                for ct, model in models.items():
                    if not never(model):
                        content[ct] = self._media(model, response, content.get(ct, {}))
                out["content"] = content
            else:
                if len(set(map(str, models.values()))) > 1:
                    self.ctx.report.add("openapi-version-loss", where, "OpenAPI 2.0 has one response schema; only the "
                                        "first content type's model was kept")
                out["schema"] = lift(next(iter(models.values())), lambda name: self._model_ref(name, response))
        elif is_intrinsic(models):
            self.ctx.report.add("structural-intrinsic", where, "ResponseModels given as an intrinsic function")
        for key, value in extras.items():
            out.setdefault(key, value)
        return out

    def _header(self, header: ResponseHeader, carried_at: Path | None = None) -> Any:
        """A response header; ``carried_at``: where its OpenAPI keys stand when not in its own source."""
        moved = private_attributes(header).get("_fields_at") or {}  # OpenAPI keys carried in a Method's Metadata
        found = self.component(header.annotations.get("$ref"), "headers")
        if found is not None:  # 2.0 has no reusable headers: the one named, inline
            entry, carried_at = found
            if not isinstance(entry, Mapping) or is_intrinsic(entry):
                self.dangling((*(moved.get("annotations") or source_of(header)), "$ref"), header.annotations["$ref"],
                               f"header {header.name!r}")
                return None
            header = header.model_copy(update={"annotations": dict(entry)})
        special = _conditional_or_ref(header, lambda h: self._header(h, carried_at))  # an Fn::If entry, or a $ref
        if special is not None:
            return special
        where = source_of(header)
        base: dict[str, Any] = {}
        if header.required is not False:
            if self.ctx.version == V3:
                base["required"] = plain(header.required)
            else:
                self.ctx.report.add("response-header-required-lost", where, f"header {header.name!r}")
        carried_at = carried_at or moved.get("annotations") or where
        return self.shape(base, self.ctx.loss("header", header.annotations, carried_at), "header", carried_at)

    def _security(self, method: Method, annotations: dict[str, Any], branch: bool = False) -> list[Any]:
        """The operation's security; ``branch``: of one branch of a condition (its unused authorizer not reported)."""
        where = source_of(method)
        branches = conditional_security.split(method)
        if branches is not None:  # authorization that depends on one condition: Fn::If requirements
            condition, first, second = branches
            ignored = [b for b in (first, second) if _unused_authorizer(b)]
            if ignored and all(b.authorizer is None or b in ignored for b in (first, second)):  # no branch uses it
                self._authorizer_not_used(ignored[0], " or ".join(sorted({_stated(b) for b in ignored})))
            return [*conditional_security.merged(condition, self._security(first, {}, True),
                                                 self._security(second, {}, True)),
                    *self.ctx.carried(annotations, "security", list, where)]
        out: list[Any] = []
        kind = method.authorization_type
        if _unused_authorizer(method):  # API Gateway ignores it: the operation has the security kind says
            if not branch:
                self._authorizer_not_used(method, _stated(method))
            method = method.model_copy(update={"authorizer": None})
        scopes, stated = method.authorization_scopes, kind if kind is not None else AUTHORIZATION["none"]
        if scopes and method.authorizer is None:  # no requirement to put them in
            unused: str | None = "a Method without an authorizer"
        elif scopes and not is_intrinsic(stated) and str(stated).upper() != AUTHORIZATION["cognito"]:
            unused = f"a Method whose AuthorizationType is {stated} (API Gateway takes them only with a Cognito one)"
        else:
            unused = None
        if unused is not None:
            self.ctx.report.add("scopes-not-used", (*where, "AuthorizationScopes"),
                                f"scopes {plain(scopes)!r} on {unused}; left out")
            scopes = None
        if method.authorizer is not None:
            if isinstance(method.authorizer, str) and method.authorizer in self.ctx.authorizer_names:
                out.append({method.authorizer: plain(scopes or [])})
            elif if_parts(method.authorizer) is not None:
                self.ctx.report.add("structural-intrinsic", (*where, "AuthorizerId"), "the authorizer differs between "
                                    "the branches of an Fn::If; one OpenAPI operation names one; left out")
            else:
                self.ctx.report.add("unresolved-reference", (*where, "AuthorizerId"),
                                    f"authorizer {plain(method.authorizer)!r} is not an authorizer of this API")
        elif kind == AUTHORIZATION["iam"] and OAS_METHOD.legacy_auth not in annotations:
            out.append({self.ctx.sigv4: []})
            self.ctx.schemes.setdefault(self.ctx.sigv4, dict(SIGV4_SCHEME))
        elif kind in (AUTHORIZATION["custom"], AUTHORIZATION["cognito"]):
            self.ctx.report.add("unresolved-reference", (*where, "AuthorizationType"), f"{kind} without an authorizer")
        elif is_intrinsic(kind):
            self.ctx.report.add("structural-intrinsic", (*where, "AuthorizationType"),
                                "AuthorizationType given as an intrinsic function; left out of OpenAPI")
        if method.api_key_required is True:
            out.append({self.ctx.api_key: []})
            self.ctx.schemes.setdefault(self.ctx.api_key, dict(API_KEY_SCHEME))
        elif is_intrinsic(method.api_key_required):
            self.ctx.report.add("structural-intrinsic", (*where, "ApiKeyRequired"),
                                "ApiKeyRequired given as an intrinsic function; left out of OpenAPI")
        out += self.ctx.carried(annotations, "security", list, where)
        return out

    def _authorizer_not_used(self, method: Method, kind: str) -> None:
        self.ctx.report.add("authorizer-not-used", (*source_of(method), "AuthorizerId"),
                            f"AuthorizationType is {kind}; API Gateway uses the authorizer "
                            f"{plain(method.authorizer)!r} only with CUSTOM or COGNITO_USER_POOLS; left out")


def _stated(method: Method) -> str:
    """The AuthorizationType a Method states (NONE when it has none)."""
    return str(method.authorization_type or AUTHORIZATION["none"])


def _unused_authorizer(method: Method) -> bool:
    """Whether ``method`` names an authorizer its AuthorizationType (NONE, AWS_IAM or none) makes API Gateway ignore."""
    return method.authorizer is not None and not is_intrinsic(method.authorization_type) \
        and _stated(method).upper() in (AUTHORIZATION["none"], AUTHORIZATION["iam"])


def _conditional_or_ref(item: Parameter | ResponseHeader, write: Callable[[Any], Any]) -> Any:
    """A parameter or header that exists only under a condition, as ``Fn::If`` around each branch's version written
    by ``write``; one given as a ``$ref``, as it is; ``None`` for every other (``write`` writes it in full)."""
    if absent_somewhere(item.required):
        return lift(item.required, lambda required: write(item.model_copy(update={"required": required})))
    if "$ref" in item.annotations:
        return {"$ref": item.annotations["$ref"]}
    return None
