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

from ...diagnostics import Report
from ...intrinsics import NO_VALUE, is_intrinsic, plain
from ...pointer import Path
from ...table_engine import write_object
from ..carry import annotations_at
from ..model import Api, Authorizer, Route
from ..names import (
    AUTHORIZER_FIELDS,
    BUILTIN_MODELS,
    ENDPOINT_FIELDS,
    GATEWAY_RESPONSE_FIELDS,
    MODEL_REF_PREFIX,
    OAS_API,
    OAS_SCHEME,
    OPERATION_KEYS,
    VALIDATOR_FIELDS,
    default_auth_type,
)
from ..refs import unwrap_pseudo
from .operation_writer import OperationWriter, WriteContext
from .shapes import (
    DEFAULT_INFO_VERSION,
    DEFAULT_V3,
    V2,
    V3,
    from_neutral,
    response_out,
    synthesized_scheme,
)

INLINED = ("requestBodies", "headers")  # the components OpenAPI 2.0 has no section for but writes where used


class Writer:
    """Writes one API as one document of one version; operations are written by its :class:`OperationWriter`."""

    def __init__(self, api: Api, version: str, report: Report, *, api_properties_kept: bool = False) -> None:
        self.ctx = WriteContext(api, version, report, api_properties_kept=api_properties_kept)
        self.operations = OperationWriter(self.ctx)

    def write(self) -> dict[str, Any]:
        """The whole document."""
        api = self.ctx.api
        doc: dict[str, Any] = {}
        annotations = dict(api.annotations)
        if self.ctx.version == V3:
            version = annotations.pop("openapi", DEFAULT_V3)
            doc["openapi"] = version if isinstance(version, str) and version.startswith("3.0") else DEFAULT_V3
        else:
            annotations.pop("openapi", None)
            doc["swagger"] = "2.0"
        doc["info"] = self._info(self.ctx.carried(annotations, "info", Mapping, annotations_at(api)))
        doc.update(self._servers(annotations))
        doc["paths"] = self._paths()
        components = dict(self.ctx.carried(annotations, "components", Mapping, annotations_at(api)))
        components.pop("securitySchemes", None)
        models = {name: self.ctx.schema(model) for name, model in self.ctx.models.items() if not model.anonymous}
        for auth in api.authorizers:
            if isinstance(auth.name, str):
                self.ctx.schemes[auth.name] = self._scheme(auth)
        if self.ctx.version == V3:
            section = {**({"schemas": models} if models else {}), **components,
                       **({"securitySchemes": self.ctx.schemes} if self.ctx.schemes else {})}
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
                    where = annotations_at(api, "components", "parameters", name)
                    doc["parameters"][name] = self.operations.shape({}, param, "parameter", where)
            for name, response in (doc.get("responses") or {}).items():
                if isinstance(response, Mapping) and not is_intrinsic(response):
                    response = self._inline_headers(response, annotations_at(api, "components", "responses", name))
                    doc["responses"][name], fits = response_out(response)
                    if not fits:
                        at = annotations_at(api, "components", "responses", name)
                        self.ctx.report.add("openapi-version-loss", at, f"response {name!r} has media types or "
                                            "header schemas OpenAPI 2.0 cannot hold; the first schema is kept")
            for key in components:
                self.ctx.report.add("openapi-version-loss", annotations_at(api, "components", key),
                                    f"components.{key} has no OpenAPI 2.0 equivalent; left out" + (
                                        " (written inline where referred to)" if key in INLINED else ""))
            if self.ctx.schemes:
                doc["securityDefinitions"] = self.ctx.schemes
        doc.update(self._extensions())
        for key, value in self.ctx.loss("document", annotations, annotations_at(api)).items():
            doc.setdefault(key, value)
        self._builtins(doc)
        return from_neutral(doc, self.ctx.version)  # type: ignore[no-any-return]

    def _inline_headers(self, response: Mapping[str, Any], where: Path) -> dict[str, Any]:
        """A reusable response whose headers name ``components.headers`` entries (which OpenAPI 2.0 has no place
        for) with those entries inline, or left out (reported) where the API carries no such entry."""
        headers = response.get("headers")
        if not isinstance(headers, Mapping) or is_intrinsic(headers):
            return dict(response)
        out: dict[str, Any] = {}
        for name, header in headers.items():
            ref = header.get("$ref") if isinstance(header, Mapping) else None
            found = self.operations.component(ref, "headers")
            if found is None:
                out[name] = header
            elif isinstance(found[0], Mapping) and not is_intrinsic(found[0]):
                out[name] = found[0]
            else:
                self.operations.dangling((*where, "headers", name, "$ref"), ref, f"header {name!r}")
        return {key: out if key == "headers" else value for key, value in response.items() if key != "headers" or out}

    def _builtins(self, doc: dict[str, Any]) -> None:
        """Define the built-in Empty / Error models where the document refers to them without defining them."""
        missing = [name for name in BUILTIN_MODELS if name not in self.ctx.models]
        if not missing:
            return
        text = json.dumps(doc, default=str)  # once for all of them: the whole document
        used = {name for name in missing if f'"$ref": "{MODEL_REF_PREFIX}{name}"' in text}
        if not used:
            return
        if self.ctx.version == V3:
            schemas = doc.setdefault("components", {}).setdefault("schemas", {})
        else:
            schemas = doc.setdefault("definitions", {})
        if not isinstance(schemas, dict):
            return
        for name in sorted(used):
            schemas[name] = plain(BUILTIN_MODELS[name])

    def _info(self, carried: Mapping[str, Any]) -> dict[str, Any]:
        api = self.ctx.api
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
        where = annotations_at(self.ctx.api, "servers")
        if self.ctx.version == V3 and any(k in annotations for k in ("host", "basePath", "schemes")):
            host, base = annotations.pop("host", None), annotations.pop("basePath", "") or ""
            schemes = annotations.pop("schemes", None)
            if not isinstance(schemes, list) or not all(isinstance(x, str) for x in schemes) or not schemes:
                schemes = ["https"]
            if isinstance(host, str) and host and isinstance(base, str):  # host '' says no host: a relative URL
                out["servers"] = [{"url": f"{scheme}://{host}{base}"} for scheme in schemes]
            elif isinstance(base, str) and base:
                out["servers"] = [{"url": base}]
        elif self.ctx.version == V2 and "servers" in annotations:
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
                self.ctx.report.add("openapi-version-loss", where, "servers do not fit host/basePath/schemes exactly")
        elif self.ctx.version == V3 and "servers" in annotations:
            out["servers"] = annotations.pop("servers")
        config = self._endpoint()
        if config and self.ctx.version == V3:
            servers = out.setdefault("servers", [{"url": "/"}])
            servers[0] = {**servers[0], OAS_API.endpoint_configuration: config}
        return out

    def _endpoint(self) -> dict[str, Any]:
        if not hasattr(self, "_endpoint_written"):
            config = self.ctx.api.endpoint_configuration
            if config is not None and self.ctx.api_properties_kept:
                config = config.model_copy(update={"types": None, "ip_address_type": None})
            self._endpoint_written = write_object(config, ENDPOINT_FIELDS, "openapi", self.ctx.report) if config else {}
        return self._endpoint_written

    def _extensions(self) -> dict[str, Any]:
        api, out = self.ctx.api, {}
        for neutral in ("binary_media_types", "minimum_compression_size", "api_key_source_type", "policy"):
            value = getattr(api, neutral)
            if value is not None:
                out[getattr(OAS_API, neutral)] = plain(value)
        config = self._endpoint()
        if config and self.ctx.version == V2:
            out[OAS_API.endpoint_configuration] = config
        if api.gateway_responses:
            out[OAS_API.gateway_responses] = {
                r.response_type: unwrap_pseudo(write_object(r, GATEWAY_RESPONSE_FIELDS, "openapi", self.ctx.report))
                for r in api.gateway_responses}
        if api.request_validators:
            out[OAS_API.request_validators] = {
                v.name: write_object(v, VALIDATOR_FIELDS, "openapi", self.ctx.report) for v in api.request_validators}
        if api.default_request_validator is not None:
            out[OAS_API.default_request_validator] = api.default_request_validator
        return out

    def _scheme(self, auth: Authorizer) -> dict[str, Any]:
        ext = write_object(auth, AUTHORIZER_FIELDS, "openapi", self.ctx.report)
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
        parents: set[str] = set()  # every proper ancestor of a path ("" stands for the root)
        for route in self.ctx.api.routes:
            segments = route.path.rstrip("/").split("/")
            parents.update("/".join(segments[:i]) for i in range(1, len(segments)))
        for route in self.ctx.api.routes:
            item = self._item(route)
            inner = route.path.rstrip("/") in parents
            if item or (not inner and route.path != "/"):
                paths[route.path] = item
        return paths

    def _item(self, route: Route) -> dict[str, Any]:
        item: dict[str, Any] = {}
        for method in route.methods:
            op = self.operations.operation(method, route)
            key = OPERATION_KEYS[method.verb]
            item[key] = {"Fn::If": [method.condition, op, {"Ref": NO_VALUE}]} if method.condition else op
        item.update(plain(route.annotations))
        return item


def write_openapi(api: Api, version: str, report: Report, *, api_properties_kept: bool = False) -> dict[str, Any]:
    """The neutral API as an OpenAPI ``version`` (``"2.0"`` or ``"3.0"``) document; ``api_properties_kept`` when
    the RestApi keeps its own properties beside the document (embed), so that they are no loss."""
    return Writer(api, version, report, api_properties_kept=api_properties_kept).write()

