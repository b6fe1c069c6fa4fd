"""CloudFormation reader, API level: RestApi properties (an inline Body read as OpenAPI), models, authorizers,
request validators and gateway responses."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from ...diagnostics import input_error
from ...fields import FieldSpec, Kind
from ...intrinsics import is_intrinsic, plain
from ...pointer import Path, unescape
from ...table_engine import describe, read_object, read_value
from ..builtin_models import original_name
from ..carry import carried
from ..conditional import first_branch, pushed_down
from ..model import (
    Api,
    Authorizer,
    EndpointConfiguration,
    GatewayResponse,
    Model,
    RequestValidator,
    new,
)
from ..names import (
    API,
    AUTHORIZER_FIELDS,
    CFN_API,
    CFN_COMMON,
    CFN_MODEL,
    CFN_SCHEME,
    ENDPOINT_FIELDS,
    GATEWAY_RESPONSE_FIELDS,
    MODEL_REF_PREFIX,
    RESTAPI,
    SERVERLESS_API,
    TEXT_VALUE,
    VALIDATOR_FIELDS,
    default_auth_type,
)
from ..openapi.reader import read_openapi
from ..refs import CFN_NOT_TEXT, map_strings, protect_literals, ref_target
from .base import MODEL_URL_PATTERN, SPECS, ReadContext


class ApiReader:
    """Reads the RestApi and the named things of an API."""

    def __init__(self, ctx: ReadContext) -> None:
        self.ctx = ctx

    def read_api(self, api: Api, *, keep_api_properties: bool) -> None:
        """RestApi properties; an inline Body is read as OpenAPI into ``api``."""
        res = self.ctx.t.resources[self.ctx.api_id]
        props = self.ctx.t.props(self.ctx.api_id)
        kind = res.get("Type")
        known = {CFN_API.name, CFN_API.description, CFN_API.binary_media_types, CFN_API.minimum_compression_size,
                 CFN_API.api_key_source_type, CFN_API.policy, CFN_API.endpoint_configuration,
                 CFN_API.disable_execute_api_endpoint}
        body_key = CFN_API.body if kind == RESTAPI else "DefinitionBody"
        body = props.get(body_key)
        if body is not None:
            where = self.ctx.t.at(self.ctx.api_id, "Properties", body_key)
            if isinstance(body, Mapping) and not is_intrinsic(body):
                read_openapi(body, where, self.ctx.report, into=api)
            else:
                include = _include_location(body)
                self.ctx.report.add("body-not-inline", where, f"AWS::Include of {include!r}: reported, not fetched"
                                    if include else f"{body_key} is {describe(body)}, not an inline document")
        for key, value in props.items():
            where = self.ctx.t.at(self.ctx.api_id, "Properties", key)
            if key == body_key:
                continue
            if key in _ELSEWHERE:
                self.ctx.report.add("body-not-inline", where, f"{key} {plain(value)!r}: the document lies elsewhere; "
                                "reported, not fetched")
            elif key in known:
                self._api_property(api, key, value if key in CFN_NOT_TEXT else
                                   protect_literals(value, where, self.ctx.report), where,
                                   kind == SERVERLESS_API)
            elif not keep_api_properties:
                self.ctx.report.add("rest-api-property-not-in-openapi", where, f"{key} has no OpenAPI equivalent")
        self.ctx.overlay = self.ctx.attributes(self.ctx.api_id, keep=("Condition",) if keep_api_properties else ())
        api.condition = res.get("Condition") if isinstance(res.get("Condition"), str) else None

    def _api_property(self, api: Api, key: str, value: Any, where: Path, sam: bool) -> None:
        if key == CFN_API.policy:
            if api.policy is not None and api.policy != plain(value):
                self.ctx.report.add("body-value-overridden", where, "Policy replaces the Body's policy")
            api.policy = plain(value)
        elif key == CFN_API.endpoint_configuration:
            where, value = first_branch(value, where), pushed_down(value)
            written = value
            if sam:
                value = sam_endpoint(value)
            if is_intrinsic(value):
                self.ctx.report.add("structural-intrinsic", where, "EndpointConfiguration is an intrinsic function "
                                "OpenAPI has no place for; left out")
                return
            if not isinstance(value, Mapping):
                raise input_error("invalid-type", where, f"expected a mapping, got {describe(value)}")
            config = read_object(value, ENDPOINT_FIELDS, EndpointConfiguration, "cfn", where, self.ctx.report)
            if written is not value:
                config._fields_at = sam_endpoint_paths(written, where)
            if api.endpoint_configuration is not None:
                config.disable_execute_api_endpoint = api.endpoint_configuration.disable_execute_api_endpoint
            api.endpoint_configuration = config
        elif key == CFN_API.disable_execute_api_endpoint:
            if api.endpoint_configuration is None:
                api.endpoint_configuration = new(EndpointConfiguration, ("cfn", where[:-1]))
            api.endpoint_configuration.disable_execute_api_endpoint = read_value(
                SPECS["disable_execute_api_endpoint"], value, where, "cfn", self.ctx.report)
        else:
            spec = next(s for s in API if s.name("cfn") == key)
            read = read_value(spec, value, where, "cfn", self.ctx.report)
            if key == CFN_API.binary_media_types:
                read = map_strings(read, unescape)
            from_body = getattr(api, spec.neutral)
            if from_body is not None and from_body != read:
                self.ctx.report.add("body-value-overridden", where, f"{key} {read!r} replaces the Body's "
                                    f"{from_body!r}")
            setattr(api, spec.neutral, read)

    # --- named things --------------------------------------------------------------------------------
    def _name(self, lid: str, key: str) -> str:
        value = self.ctx.t.props(lid).get(key)
        if isinstance(value, str):
            return value
        if value is not None:
            self.ctx.report.add("opaque-name", self.ctx.t.at(lid, "Properties", key),
                                f"named after its logical ID {lid!r}")
        return lid

    def read_models(self, api: Api, lids: list[str]) -> None:
        """Models: names first (schemas refer to each other), then schemas."""
        for lid in lids:
            overlay, _ = carried(self.ctx.t.resources[lid].get("Metadata"))
            self.ctx.names["model"][lid] = original_name(overlay) or self._name(lid, CFN_MODEL.name)
        for lid in lids:
            props, where = self.ctx.t.props(lid), self.ctx.t.at(lid, "Properties")
            written = props.get(CFN_MODEL.json_schema)
            schema = _schema_text(written)
            if isinstance(written, str) and not isinstance(schema, dict):
                raise input_error("invalid-type", (*where, CFN_MODEL.json_schema), "a Model's Schema written as text "
                                  "is a JSON object; API Gateway refuses this one (\"Invalid model schema\")")
            if schema is not written and isinstance(schema, dict) and "$schema" in schema:
                # read from text: the writer's pointer (Schema/$schema) would lead nowhere, so it is dropped here
                self.ctx.report.add("schema-keyword-dropped", (*where, CFN_MODEL.json_schema))
                schema = {k: v for k, v in schema.items() if k != "$schema"}
            values = {spec.neutral: read_value(spec, props[key], (*where, key), "cfn", self.ctx.report)
                      for spec in (_MODELSPECS["content_type"], _MODELSPECS["description"])
                      if (key := str(spec.name("cfn"))) and props.get(key) is not None}
            overlay = self.ctx.attributes(lid)
            model = new(Model, ("cfn", where), name=self.ctx.names["model"][lid], logical_id=lid,
                        json_schema=self._schema_refs(schema), anonymous=bool(overlay and overlay.get("inline")),
                        **values)
            api.models.append(model)

    def _schema_refs(self, schema: Any) -> Any:
        if isinstance(schema, Mapping) and not is_intrinsic(schema):
            out = {}
            for key, value in schema.items():
                out[key] = self._model_url(value) if key == "$ref" else self._schema_refs(value)
            return out
        if isinstance(schema, list):
            return [self._schema_refs(item) for item in schema]
        return plain(schema)

    def _model_url(self, value: Any) -> Any:
        text = _render(value, self.ctx.api_id, self.ctx.names["model"])
        match = MODEL_URL_PATTERN.match(text) if text is not None else None
        if match:
            return MODEL_REF_PREFIX + match.group(1) + (match.group(2) or "")
        return plain(value)

    def read_authorizer(self, lid: str) -> Authorizer:
        """One AWS::ApiGateway::Authorizer."""
        props, where = self.ctx.t.props(lid), self.ctx.t.at(lid, "Properties")
        name = self._name(lid, CFN_SCHEME.name)
        self.ctx.names["authorizer"][lid] = name
        rest = protect_literals({k: v for k, v in props.items()
                                 if k not in (CFN_SCHEME.name, CFN_SCHEME.auth_type, CFN_SCHEME.rest_api)},
                                where, self.ctx.report)
        auth = read_object(rest, AUTHORIZER_FIELDS, Authorizer, "cfn", where, self.ctx.report, name=name,
                           logical_id=lid)
        auth_type = props.get(CFN_SCHEME.auth_type)
        if auth_type is not None and auth_type != default_auth_type(auth.type):
            auth.auth_type = read_value(TEXT_VALUE, auth_type, (*where, CFN_SCHEME.auth_type), "cfn", self.ctx.report)
        overlay = self.ctx.attributes(lid)
        if overlay:
            auth.annotations = overlay
        return auth

    def read_validator(self, lid: str) -> RequestValidator:
        """One AWS::ApiGateway::RequestValidator."""
        props, where = self.ctx.t.props(lid), self.ctx.t.at(lid, "Properties")
        name = self._name(lid, CFN_COMMON.name)
        self.ctx.names["validator"][lid] = name
        rest = {k: v for k, v in props.items() if k not in (CFN_COMMON.name, CFN_COMMON.rest_api)}
        self.ctx.attributes(lid)
        return read_object(rest, VALIDATOR_FIELDS, RequestValidator, "cfn", where, self.ctx.report, name=name,
                           logical_id=lid)

    def read_gateway_response(self, lid: str) -> GatewayResponse | None:
        """One AWS::ApiGateway::GatewayResponse (``None`` if its type is not a literal)."""
        props, where = self.ctx.t.props(lid), self.ctx.t.at(lid, "Properties")
        kind = props.get(CFN_COMMON.response_type)
        if not isinstance(kind, str):
            self.ctx.report.add("opaque-name", (*where, CFN_COMMON.response_type),
                                "the response type is not a literal; left out")
            return None
        rest = protect_literals({k: v for k, v in props.items()
                                 if k not in (CFN_COMMON.response_type, CFN_COMMON.rest_api)}, where, self.ctx.report)
        self.ctx.attributes(lid)
        return read_object(rest, GATEWAY_RESPONSE_FIELDS, GatewayResponse, "cfn", where, self.ctx.report,
                           response_type=kind, logical_id=lid)

    # --- the tree and the methods --------------------------------------------------------------------


_ELSEWHERE = ("BodyS3Location", "DefinitionUri")  # a RestApi's / a Serverless::Api's document held elsewhere
_MODELSPECS = {spec.neutral: spec for spec in (
    FieldSpec("content_type", {"cfn": CFN_MODEL.content_type}, Kind.TEXT),
    FieldSpec("description", {"cfn": CFN_MODEL.description}, Kind.TEXT))}

def _render(value: Any, api_id: str, models: Mapping[str, str]) -> str | None:
    """A model URL written with Fn::Sub / Fn::Join / Ref, as a string (``None`` if it is something else)."""
    if isinstance(value, str):
        return value
    target = ref_target(value)
    if target is not None:
        return models.get(target, "{" + target + "}")
    sub = value.get("Fn::Sub") if is_intrinsic(value) else None
    if isinstance(sub, list) and len(sub) == 2 and isinstance(sub[0], str) and isinstance(sub[1], Mapping):
        local = {name: _render(item, api_id, models) for name, item in sub[1].items()}
        return re.sub(r"\$\{([^}!.]+)\}", lambda m: local.get(m.group(1)) or models.get(m.group(1), "{" + m.group(1)
                                                                                          + "}"), sub[0])
    if isinstance(sub, str):
        return re.sub(r"\$\{([^}!.]+)\}", lambda m: models.get(m.group(1), "{" + m.group(1) + "}"), sub)
    if is_intrinsic(value) and isinstance(value.get("Fn::Join"), list) and len(value["Fn::Join"]) == 2:
        sep, items = value["Fn::Join"]
        parts = [_render(item, api_id, models) for item in items] if isinstance(items, list) else [None]
        if isinstance(sep, str) and all(p is not None for p in parts):
            return sep.join(parts)  # type: ignore[arg-type]
    return None


def _schema_text(schema: Any) -> Any:
    """A Model's ``Schema`` written as JSON text as the object it is. An ``Fn::Sub`` of JSON text (the usual way to
    name another model's URL in it) too: each string of it that holds a ``${...}`` becomes an ``Fn::Sub`` of that
    string, which CloudFormation resolves to the same text. Anything else (not JSON, a variable outside a string
    or in a key) stays as written."""
    sub = schema.get("Fn::Sub") if is_intrinsic(schema) else None
    text = sub if isinstance(sub, str) else schema
    if not isinstance(text, str):
        return schema
    try:
        parsed = json.loads(text)
    except ValueError:
        return schema
    if sub is None:
        return parsed

    def wrap(value: Any) -> Any:
        if isinstance(value, dict):
            if any("${" in str(key) for key in value):
                raise ValueError("a variable in a key")
            return {key: wrap(item) for key, item in value.items()}
        if isinstance(value, list):
            return [wrap(item) for item in value]
        return {"Fn::Sub": value} if isinstance(value, str) and "${" in value else value

    try:
        return wrap(parsed) if isinstance(parsed, dict) else schema
    except ValueError:
        return schema


def _include_location(value: Any) -> Any:
    if is_intrinsic(value) and isinstance(value.get("Fn::Transform"), Mapping):
        transform = value["Fn::Transform"]
        params = transform.get("Parameters")
        if transform.get("Name") == "AWS::Include" and isinstance(params, Mapping):
            return plain(params.get("Location"))
    return None


def sam_endpoint_paths(value: Any, where: Path) -> dict[str, Path]:
    """Where :func:`sam_endpoint` found each field it returns (neutral name -> path in the SAM source)."""
    if not isinstance(value, Mapping) or is_intrinsic(value):
        return {"types": where}
    return {"types": (*where, "Type"), "vpc_endpoint_ids": (*where, "VPCEndpointIds")}


def sam_endpoint(value: Any) -> Any:
    """SAM writes EndpointConfiguration as a string or {Type, VPCEndpointIds}."""
    if isinstance(value, str) or ref_target(value) is not None:
        return {"Types": [plain(value)]}
    if isinstance(value, Mapping) and not is_intrinsic(value):
        out: dict[str, Any] = {}
        if "Type" in value:
            out["Types"] = [plain(value["Type"])]
        if "VPCEndpointIds" in value:
            out["VpcEndpointIds"] = plain(value["VPCEndpointIds"])
        return out
    return value


