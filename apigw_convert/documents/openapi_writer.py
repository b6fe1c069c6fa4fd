"""OpenAPI writer: the neutral :class:`Api` as a Swagger 2.0 or OpenAPI 3.0 document.

What OpenAPI requires and the neutral model does not say is synthesized the way AWS exports do it:
``info.version`` ``1.0``, response descriptions ``"<code> response"``, ``{type: string}`` schemas for
parameters and headers, a required path parameter for every ``{x}`` segment, and the ``api_key`` /
``sigv4`` security schemes. ``annotations`` are merged back over the result.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from ..codecs._table import write_object
from ..convert import write_integration_value
from ..diagnostics import Report
from ..intrinsics import NO_VALUE, is_intrinsic, plain
from ..pointer import Path
from .model import Api, Authorizer, Method, MethodResponse, Parameter, ResponseHeader, Route, source_of
from .names import (
    AUTHORIZATION,
    AUTHORIZER_FIELDS,
    BUILTIN_MODELS,
    ENDPOINT_FIELDS,
    GATEWAY_RESPONSE_FIELDS,
    MODEL_REF_PREFIX,
    OAS_API,
    OAS_METHOD,
    OAS_SCHEME,
    OPERATION_KEYS,
    VALIDATOR_FIELDS,
    default_auth_type,
)
from .oas_shapes import (
    API_KEY_SCHEME,
    API_KEY_SCHEME_NAME,
    DEFAULT_INFO_VERSION,
    DEFAULT_MEDIA,
    DEFAULT_V3,
    NO_RESPONSES,
    ONLY,
    SIGV4_SCHEME,
    SIGV4_SCHEME_NAME,
    STRING_SCHEMA,
    V2,
    V3,
    body_name,
    default_description,
    from_neutral,
    schema_out,
)
from .openapi import synthesized_scheme
from .operation import classify_scheme
from .refs import unwrap_pseudo
from .tree import is_variable, segments, variable_name


class Writer:
    """Writes one API as one document of one version."""

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
    def write(self) -> dict[str, Any]:
        """The whole document."""
        api = self.api
        doc: dict[str, Any] = {}
        annotations = dict(api.annotations)
        if self.version == V3:
            version = annotations.pop("openapi", DEFAULT_V3)
            doc["openapi"] = version if isinstance(version, str) and version.startswith("3.0") else DEFAULT_V3
        else:
            annotations.pop("openapi", None)
            doc["swagger"] = "2.0"
        doc["info"] = self._info(self.carried(annotations, "info", Mapping, source_of(api)))
        doc.update(self._servers(annotations))
        doc["paths"] = self._paths()
        components = dict(self.carried(annotations, "components", Mapping, source_of(api)))
        components.pop("securitySchemes", None)
        models = {name: self._schema(model) for name, model in self.models.items() if not model.anonymous}
        for auth in api.authorizers:
            if isinstance(auth.name, str):
                self.schemes[auth.name] = self._scheme(auth)
        if self.version == V3:
            section = {**({"schemas": models} if models else {}), **components,
                       **({"securitySchemes": self.schemes} if self.schemes else {})}
            if section:
                doc["components"] = section
        else:
            if models:
                doc["definitions"] = models
            for key in ("parameters", "responses"):
                if key in components:
                    doc[key] = components.pop(key)
            for name, param in (doc.get("parameters") or {}).items():
                if isinstance(param, Mapping) and param.get("in") != "body":
                    doc["parameters"][name] = self._shape({}, param, "parameter", (*source_of(api), "parameters"))
            for key in components:
                self.report.add("openapi-version-loss", (*source_of(api), "components", key),
                                f"components.{key} has no OpenAPI 2.0 equivalent; left out")
            if self.schemes:
                doc["securityDefinitions"] = self.schemes
        doc.update(self._extensions())
        for key, value in self.loss("document", annotations, source_of(api)).items():
            doc.setdefault(key, value)
        self._builtins(doc)
        return from_neutral(doc, self.version)  # type: ignore[no-any-return]

    def _builtins(self, doc: dict[str, Any]) -> None:
        """Define the built-in Empty / Error models where the document refers to them without defining them."""
        used = {name for name in BUILTIN_MODELS if name not in self.models
                and f'"$ref": "{MODEL_REF_PREFIX}{name}"' in json.dumps(doc, default=str)}
        if not used:
            return
        if self.version == V3:
            schemas = doc.setdefault("components", {}).setdefault("schemas", {})
        else:
            schemas = doc.setdefault("definitions", {})
        if not isinstance(schemas, dict):
            return
        for name in sorted(used):
            schemas[name] = plain(BUILTIN_MODELS[name])

    def _info(self, carried: Mapping[str, Any]) -> dict[str, Any]:
        api = self.api
        title = api.name if api.name is not None else api.logical_id or "API"
        info: dict[str, Any] = {"title": plain(title)}
        if api.description is not None:
            info["description"] = plain(api.description)
        info["version"] = DEFAULT_INFO_VERSION
        info.update(plain(carried))
        return info

    def _servers(self, annotations: dict[str, Any]) -> dict[str, Any]:
        """3.0 ``servers`` from 2.0 ``host`` / ``basePath`` / ``schemes``, and the reverse."""
        out: dict[str, Any] = {}
        where = (*source_of(self.api), "servers")
        if self.version == V3 and any(k in annotations for k in ("host", "basePath", "schemes")):
            host, base = annotations.pop("host", None), annotations.pop("basePath", "") or ""
            schemes = annotations.pop("schemes", None)
            if not isinstance(schemes, list) or not all(isinstance(x, str) for x in schemes) or not schemes:
                schemes = ["https"]
            if isinstance(host, str) and isinstance(base, str):
                out["servers"] = [{"url": f"{scheme}://{host}{base}"} for scheme in schemes]
            elif isinstance(base, str) and base:
                out["servers"] = [{"url": base}]
        elif self.version == V2 and "servers" in annotations:
            servers = annotations.pop("servers")
            first = servers[0] if isinstance(servers, list) and servers else None
            url = first.get("url") if isinstance(first, Mapping) else None
            if isinstance(url, str) and "{" not in url:
                parts = urlsplit(url)
                if parts.netloc:
                    out["host"] = parts.netloc
                if parts.path and parts.path != "/":
                    out["basePath"] = parts.path
                if parts.scheme:
                    out["schemes"] = sorted({urlsplit(s.get("url", "")).scheme for s in servers
                                             if isinstance(s, Mapping) and urlsplit(s.get("url", "")).scheme})
            if len(servers if isinstance(servers, list) else [None]) != 1 or not out or "{" in str(url):
                self.report.add("openapi-version-loss", where, "servers do not fit host/basePath/schemes exactly")
        elif self.version == V3 and "servers" in annotations:
            out["servers"] = annotations.pop("servers")
        config = self._endpoint()
        if config and self.version == V3:
            servers = out.setdefault("servers", [{"url": "/"}])
            servers[0] = {**servers[0], OAS_API.endpoint_configuration: config}
        return out

    def _endpoint(self) -> dict[str, Any]:
        if not hasattr(self, "_endpoint_written"):
            config = self.api.endpoint_configuration
            if config is not None and self.api_properties_kept:
                config = config.model_copy(update={"types": None, "ip_address_type": None})
            self._endpoint_written = write_object(config, ENDPOINT_FIELDS, "openapi", self.report) if config else {}
        return self._endpoint_written

    def _extensions(self) -> dict[str, Any]:
        api, out = self.api, {}
        for neutral in ("binary_media_types", "minimum_compression_size", "api_key_source_type", "policy"):
            value = getattr(api, neutral)
            if value is not None:
                out[getattr(OAS_API, neutral)] = plain(value)
        config = self._endpoint()
        if config and self.version == V2:
            out[OAS_API.endpoint_configuration] = config
        if api.gateway_responses:
            out[OAS_API.gateway_responses] = {
                r.response_type: unwrap_pseudo(write_object(r, GATEWAY_RESPONSE_FIELDS, "openapi", self.report))
                for r in api.gateway_responses}
        if api.request_validators:
            out[OAS_API.request_validators] = {
                v.name: write_object(v, VALIDATOR_FIELDS, "openapi", self.report) for v in api.request_validators}
        if api.default_request_validator is not None:
            out[OAS_API.default_request_validator] = api.default_request_validator
        return out

    def _schema(self, model: Any) -> Any:
        schema = plain(model.json_schema)
        if isinstance(schema, dict) and "$schema" in schema:
            self.report.add("schema-keyword-dropped", (*source_of(model), "$schema"))
            schema = {k: v for k, v in schema.items() if k != "$schema"}
        if model.content_type not in (None, DEFAULT_MEDIA) or model.description is not None:
            self.report.add("model-property-not-in-openapi", source_of(model),
                            f"model {model.name!r}: ContentType / Description left out")
        return schema

    def _scheme(self, auth: Authorizer) -> dict[str, Any]:
        ext = write_object(auth, AUTHORIZER_FIELDS, "openapi", self.report)
        if auth.type in ("TOKEN", "COGNITO_USER_POOLS") and synthesized_scheme(auth)["name"] != "Unused":
            ext.pop("identitySource", None)  # said by the scheme's header name
        auth_type = auth.auth_type if auth.auth_type is not None else default_auth_type(auth.type)
        scheme = {**synthesized_scheme(auth), **plain(auth.annotations)}
        if auth_type is not None:
            scheme[OAS_SCHEME.auth_type] = plain(auth_type)
        scheme[OAS_SCHEME.authorizer] = unwrap_pseudo(ext)
        return scheme

    # --- paths ---------------------------------------------------------------------------------------
    def _paths(self) -> dict[str, Any]:
        paths: dict[str, Any] = {}
        all_paths = [route.path for route in self.api.routes]
        for route in self.api.routes:
            item = self._item(route)
            inner = any(other.startswith(route.path.rstrip("/") + "/") for other in all_paths if other != route.path)
            if item or (not inner and route.path != "/"):
                paths[route.path] = item
        return paths

    def _item(self, route: Route) -> dict[str, Any]:
        item: dict[str, Any] = {}
        for method in route.methods:
            op = self._operation(method, route)
            key = OPERATION_KEYS[method.verb]
            item[key] = {"Fn::If": [method.condition, op, {"Ref": NO_VALUE}]} if method.condition else op
        item.update(plain(route.annotations))
        return item

    def _operation(self, method: Method, route: Route) -> dict[str, Any]:
        where = source_of(method)
        op: dict[str, Any] = {}
        annotations = self.loss("operation", method.annotations, where)
        if method.operation_name is not None:
            name = plain(method.operation_name)
            if isinstance(name, str) and name in self.operation_ids:
                self.report.add("duplicate-operation-id", (*where, "OperationName"), f"{name!r} again; left out")
            else:
                op[OAS_METHOD.operation_name] = name
                self.operation_ids.add(name if isinstance(name, str) else repr(name))
        request_models = method.request_models
        body = None
        if self.version == V2:
            consumes = list(request_models) if isinstance(request_models, dict) and request_models else None
            produces = sorted({ct for r in method.responses if isinstance(r, MethodResponse)
                               and isinstance(r.models, dict) for ct in r.models}) if isinstance(
                method.responses, list) else []
            for key, media, default in ((OAS_METHOD.consumes, consumes, self.doc_consumes),
                                        (OAS_METHOD.produces, produces, self.doc_produces)):
                if key in annotations:
                    op[key] = annotations.pop(key)
                elif media and media != default:
                    op[key] = media
            body = self._body_parameter(method, self.carried(annotations, OAS_METHOD.request_models, Mapping, where))
        params = self._parameters(method, route, annotations, body)
        if params:
            op[OAS_METHOD.parameters] = params
        if self.version == V3:
            body = self._request_body(method, annotations.pop(OAS_METHOD.request_models, None))
            if body:
                op[OAS_METHOD.request_models] = body
        op[OAS_METHOD.responses] = self._responses(method, self.carried(annotations, OAS_METHOD.responses, Mapping,
                                                                        where))
        security = self._security(method, annotations)
        if security:
            op["security"] = security
        validator = method.request_validator
        if validator is not None and validator != self.api.default_request_validator:
            if isinstance(validator, str) and validator not in self.validator_names:
                self.report.add("unresolved-reference", (*where, "RequestValidatorId"),
                                f"validator {validator!r} is not defined")
            op[OAS_METHOD.request_validator] = plain(validator)
        if method.integration is not None:
            op[OAS_METHOD.integration] = unwrap_pseudo(write_integration_value(method.integration, "openapi",
                                                                               self.report))
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
                if param.location.value == "path" and param.name not in variables:
                    self.report.add("orphan-path-parameter", source_of(param), f"{param.name!r} is not a segment of "
                                    f"{route.path}")
                    continue
                declared.add((param.location.value, param.name))
                out.append(self._parameter(param))
        elif method.parameters:
            self.report.add("structural-intrinsic", (*source_of(method), "RequestParameters"),
                            "RequestParameters given as an intrinsic function; left out of OpenAPI")
        for part in segments(route.path):
            if is_variable(part) and ("path", variable_name(part)) not in declared:
                out.append(self._shape({"name": variable_name(part), "in": "path", "required": True}, {}))
        if body:
            out.append(body)
        out += self.carried(annotations, OAS_METHOD.parameters, list, source_of(method))
        return out

    def _parameter(self, param: Parameter) -> dict[str, Any]:
        if "$ref" in param.annotations:
            return {"$ref": param.annotations["$ref"]}
        required = True if param.location.value == "path" else plain(param.required)
        base: dict[str, Any] = {"name": param.name, "in": param.location.value}
        if required is not False:
            base["required"] = required
        return self._shape(base, self.loss("parameter", param.annotations, source_of(param)))

    def _shape(self, base: dict[str, Any], extras: Mapping[str, Any], kind: str = "parameter",
               where: Path = ()) -> dict[str, Any]:
        """A parameter or header: ``base`` + carried ``extras`` + the default string schema, per version."""
        if self.version == V3:
            typed = any(key in extras for key in ("schema", "content", "type"))  # "type": as the document had it
            schema = {} if typed else {"schema": dict(STRING_SCHEMA)}
            return {**base, **schema, **plain(extras)}
        flat, fits = schema_out(extras)
        if not fits:
            self.report.add("openapi-version-loss", where, f"a {kind} schema that OpenAPI 2.0 cannot flatten")
        default = {} if "type" in flat else dict(STRING_SCHEMA)
        return {**base, **default, **flat}

    def _body_parameter(self, method: Method, carried: Mapping[str, Any]) -> dict[str, Any] | None:
        models = method.request_models
        if "content" in carried:
            self.report.add("openapi-version-loss", (*source_of(method), "requestBody", "content"),
                            "media type details of a request body have no OpenAPI 2.0 equivalent; left out")
            carried = {k: v for k, v in carried.items() if k != "content"}
        if not isinstance(models, dict) or not models:
            return dict(carried) or None
        if "$ref" in carried:
            return dict(carried)
        names = list(dict.fromkeys(str(m) for m in models.values()))
        if len(names) > 1:
            self.report.add("openapi-version-loss", (*source_of(method), "RequestModels"),
                            "OpenAPI 2.0 has one body schema; only the first content type's model was kept")
        first = next(iter(models.values()))
        model = self.models.get(first) if isinstance(first, str) else None
        name = first if model is not None and not model.anonymous else None
        return {"in": "body", "name": body_name(name), **plain(carried), "schema": self._model_ref(first, method)}

    def _request_body(self, method: Method, carried: Any) -> Any:
        models = method.request_models
        if isinstance(carried, Mapping) and "$ref" in carried:
            return dict(carried)
        if is_intrinsic(carried):
            return carried
        if carried is not None and not isinstance(carried, Mapping):
            self.report.add("unknown-field", (*source_of(method), "requestBody"), "carried requestBody is not a "
                            "mapping; left out")
            carried = None
        body = self.loss("requestBody", carried or {}, (*source_of(method), "requestBody"))
        if isinstance(models, dict) and models:
            content = dict(self.carried(body, "content", Mapping, (*source_of(method), "requestBody")))
            for ct, model in models.items():
                content[ct] = {"schema": self._model_ref(model, method), **content.get(ct, {})}
            body["content"] = content
        elif is_intrinsic(models):
            self.report.add("structural-intrinsic", (*source_of(method), "RequestModels"),
                            "RequestModels given as an intrinsic function; left out of OpenAPI")
        return body or None

    def _model_ref(self, name: Any, owner: Any) -> Any:
        if not isinstance(name, str):
            self.report.add("unresolved-reference", source_of(owner), "a model given as an intrinsic function")
            return {"$ref": plain(name)}
        model = self.models.get(name)
        if model is None and name not in BUILTIN_MODELS:
            self.report.add("unresolved-reference", source_of(owner), f"model {name!r} is not defined")
        elif model is not None and model.anonymous:
            return self._schema(model)
        return {"$ref": f"#/models/{name}"}

    def _responses(self, method: Method, carried: Mapping[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if isinstance(method.responses, list):
            for response in method.responses:
                out[response.status_code] = self._response(response, method)
        elif method.responses:
            self.report.add("structural-intrinsic", (*source_of(method), "MethodResponses"),
                            "MethodResponses given as an intrinsic function; left out of OpenAPI")
        for code, value in carried.items():
            out.setdefault(code, self.loss("response", value, (*source_of(method), "responses", code))
                           if isinstance(value, Mapping) else value)
        return out or plain(NO_RESPONSES)

    def _response(self, response: MethodResponse, method: Method) -> dict[str, Any]:
        if "$ref" in response.annotations:
            return {"$ref": response.annotations["$ref"]}
        where = source_of(response)
        extras = self.loss("response", response.annotations, where)
        out: dict[str, Any] = {"description": extras.pop("description", default_description(response.status_code))}
        headers = {h.name: self._header(h) for h in response.headers}
        headers.update(self.carried(extras, "headers", Mapping, where))
        if headers:
            out["headers"] = headers
        models = response.models
        if isinstance(models, dict) and models:
            if self.version == V3:
                content = dict(self.carried(extras, "content", Mapping, where))
                for ct, model in models.items():
                    content[ct] = {"schema": self._model_ref(model, response), **content.get(ct, {})}
                out["content"] = content
            else:
                if len(set(map(str, models.values()))) > 1:
                    self.report.add("openapi-version-loss", where, "OpenAPI 2.0 has one response schema; only the "
                                    "first content type's model was kept")
                out["schema"] = self._model_ref(next(iter(models.values())), response)
        elif is_intrinsic(models):
            self.report.add("structural-intrinsic", where, "ResponseModels given as an intrinsic function")
        for key, value in extras.items():
            out.setdefault(key, value)
        return out

    def _header(self, header: ResponseHeader) -> dict[str, Any]:
        if "$ref" in header.annotations:
            return {"$ref": header.annotations["$ref"]}
        where = source_of(header)
        base: dict[str, Any] = {}
        if header.required is not False:
            if self.version == V3:
                base["required"] = plain(header.required)
            else:
                self.report.add("response-header-required-lost", where, f"header {header.name!r}")
        return self._shape(base, self.loss("header", header.annotations, where), "header", where)

    def _security(self, method: Method, annotations: dict[str, Any]) -> list[Any]:
        where = source_of(method)
        out: list[Any] = []
        kind = method.authorization_type
        if method.authorizer is not None:
            if isinstance(method.authorizer, str) and method.authorizer in self.authorizer_names:
                out.append({method.authorizer: plain(method.authorization_scopes or [])})
            else:
                self.report.add("unresolved-reference", (*where, "AuthorizerId"),
                                f"authorizer {plain(method.authorizer)!r} is not an authorizer of this API")
        elif kind == AUTHORIZATION["iam"] and OAS_METHOD.legacy_auth not in annotations:
            out.append({self.sigv4: []})
            self.schemes.setdefault(self.sigv4, dict(SIGV4_SCHEME))
        elif kind in (AUTHORIZATION["custom"], AUTHORIZATION["cognito"]):
            self.report.add("unresolved-reference", (*where, "AuthorizationType"), f"{kind} without an authorizer")
        elif is_intrinsic(kind):
            self.report.add("structural-intrinsic", (*where, "AuthorizationType"),
                            "AuthorizationType given as an intrinsic function; left out of OpenAPI")
        if method.api_key_required is True:
            out.append({self.api_key: []})
            self.schemes.setdefault(self.api_key, dict(API_KEY_SCHEME))
        elif is_intrinsic(method.api_key_required):
            self.report.add("structural-intrinsic", (*where, "ApiKeyRequired"),
                            "ApiKeyRequired given as an intrinsic function; left out of OpenAPI")
        out += self.carried(annotations, "security", list, where)
        return out


def write_openapi(api: Api, version: str, report: Report, *, api_properties_kept: bool = False) -> dict[str, Any]:
    """The neutral API as an OpenAPI ``version`` (``"2.0"`` or ``"3.0"``) document; ``api_properties_kept`` when
    the RestApi keeps its own properties beside the document (embed), so that they are no loss."""
    return Writer(api, version, report, api_properties_kept=api_properties_kept).write()

