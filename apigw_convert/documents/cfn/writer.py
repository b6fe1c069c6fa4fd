"""CloudFormation writer: the neutral :class:`Api` as a RestApi and the resources below it.

Every path prefix becomes an ``AWS::ApiGateway::Resource`` (``ParentId`` ``!GetAtt Api.RootResourceId`` or
``!Ref`` of the parent), every method an ``AWS::ApiGateway::Method``; models, authorizers, request validators
and gateway responses become their resources, referred to with ``!Ref`` (which also orders their creation).
Logical IDs come from :mod:`.logical_ids`. Plain strings with ``${AWS::Region}`` are wrapped in ``Fn::Sub``
(:func:`.refs.wrap_pseudo`), and an ``Fn::Sub`` that only spells such a string literally is written as that
plain string; OpenAPI-only content goes to ``Metadata`` (:mod:`.carry`).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from ...diagnostics import Report
from ...integration import write_integration_value
from ...intrinsics import if_parts, is_no_value, plain
from ...pointer import escape
from ...table_engine import write_object
from ..builtin_models import ORIGINAL_NAME, differs_from_builtin, renamed_builtins
from ..carry import INLINE, api_overlay, method_overlay, with_metadata
from ..conditional_items import absent_somewhere, existing, lift, never, tree_map
from ..logical_ids import allocate, pascal
from ..model import Api, Method, source_of
from ..names import (
    AUTHORIZATION,
    AUTHORIZER_FIELDS,
    BUILTIN_MODELS,
    CFN_API,
    CFN_COMMON,
    CFN_LOCATIONS,
    CFN_METHOD,
    CFN_MODEL,
    CFN_RESOURCE,
    CFN_RESPONSE,
    CFN_SCHEME,
    ENDPOINT_FIELDS,
    GATEWAY_RESPONSE_FIELDS,
    HEADER_PREFIX,
    MODEL_REF_PREFIX,
    MODEL_URL,
    PARAMETER_PREFIX,
    RESTAPI,
    ROOT_RESOURCE_ATTRIBUTE,
    TYPES,
    VALIDATOR_FIELDS,
)
from ..openapi.shapes import DEFAULT_MEDIA
from ..refs import map_strings, wrap_pseudo
from ..tree import prefixes


class Ids:
    """The logical IDs of one API's resources, keyed by what they stand for."""

    def __init__(self, api: Api, api_id: str, taken: set[str]) -> None:
        self.api_id = api_id
        paths = sorted({prefix for route in api.routes for prefix in prefixes(route.path)})
        requests: list[tuple[str, str]] = [(f"resource {p}", f"{api_id}{pascal(p)}Resource") for p in paths]
        for route in api.routes:
            for method in route.methods:
                requests.append((f"method {method.verb} {route.path}",
                                 f"{api_id}{pascal(route.path) or 'Root'}{method.verb.capitalize()}"))
        models = [m.name for m in api.models if m.name not in BUILTIN_MODELS or differs_from_builtin(m)]
        for kind, suffix, names in (("model", "Model", models),
                                    ("authorizer", "Authorizer", [a.name for a in api.authorizers]),
                                    ("validator", "Validator", [v.name for v in api.request_validators]),
                                    ("gateway", "GatewayResponse", [g.response_type for g in api.gateway_responses])):
            requests += [(f"{kind} {name}", f"{api_id}{pascal(str(name), lower=kind == 'gateway')}{suffix}")
                         for name in names if isinstance(name, str)]
        self.ids = allocate(requests, taken | {api_id})
        self.paths = paths

    def __getitem__(self, key: str) -> str:
        return self.ids[key]

    def get(self, key: str) -> str | None:
        """The ID of ``key``, if it has one."""
        return self.ids.get(key)

    def node(self, path: str) -> Any:
        """The ``ParentId`` / ``ResourceId`` value for a path."""
        if path == "/":
            return {"Fn::GetAtt": [self.api_id, ROOT_RESOURCE_ATTRIBUTE]}
        return {"Ref": self.ids[f"resource {path}"]}


class TemplateWriter:
    """Writes the resources of one API."""

    def __init__(self, api: Api, api_id: str, report: Report, taken: set[str]) -> None:
        self.api, self.api_id, self.report = api, api_id, report
        self.ids = Ids(api, api_id, taken)
        self.cyclic = _cyclic_references({m.name: _model_refs(m.json_schema) for m in api.models
                                          if isinstance(m.name, str)})
        self.renamed = renamed_builtins(api.models)  # a user's own Error / Empty: the name it is written under

    @property
    def rest_api(self) -> dict[str, Any]:
        """A fresh ``!Ref <api>`` (output holds no shared objects)."""
        return {"Ref": self.api_id}

    def rest_api_properties(self) -> dict[str, Any]:
        """The RestApi's properties."""
        api, out = self.api, {}
        out[CFN_API.name] = plain(api.name) if api.name is not None else self.api_id
        for neutral in ("description", "binary_media_types", "minimum_compression_size", "api_key_source_type",
                        "policy"):
            value = getattr(api, neutral)
            if value is not None:
                out[getattr(CFN_API, neutral)] = plain(value)
        if CFN_API.binary_media_types in out:  # escaped inside Fn::If / Fn::Join too
            out[CFN_API.binary_media_types] = map_strings(out[CFN_API.binary_media_types], escape)
        config = api.endpoint_configuration
        if config is not None:
            written = write_object(config.model_copy(update={"disable_execute_api_endpoint": None}),
                                   ENDPOINT_FIELDS, "cfn", self.report)
            if written:
                out[CFN_API.endpoint_configuration] = written
            if config.disable_execute_api_endpoint is not None:
                out[CFN_API.disable_execute_api_endpoint] = plain(config.disable_execute_api_endpoint)
        return wrap_pseudo(out, literal=True)  # type: ignore[no-any-return]

    def rest_api_resource(self) -> dict[str, Any]:
        """The whole RestApi resource, carrying the document's OpenAPI-only content."""
        resource = {"Type": RESTAPI, "Properties": self.rest_api_properties()}
        if self.api.condition:
            resource["Condition"] = self.api.condition
        return with_metadata(resource, api_overlay(self.api))

    def resources(self) -> dict[str, Any]:
        """Resources, methods, models, authorizers, validators, gateway responses, by logical ID."""
        out: dict[str, Any] = {}
        for path in self.ids.paths:
            parent, part = path.rsplit("/", 1)
            out[self.ids[f"resource {path}"]] = {"Type": TYPES["resource"], "Properties": {
                CFN_RESOURCE.rest_api: self.rest_api, CFN_RESOURCE.parent: self.ids.node(parent or "/"),
                CFN_RESOURCE.path_part: part}}
        for route in self.api.routes:
            for method in route.methods:
                resource: dict[str, Any] = {"Type": TYPES["method"]}
                if method.condition:
                    resource["Condition"] = method.condition
                resource["Properties"] = self._method(method, route.path)
                out[self.ids[f"method {method.verb} {route.path}"]] = with_metadata(resource, method_overlay(method))
        for model in self.api.models:
            if not isinstance(model.name, str):
                continue
            if model.name in self.renamed:
                self.report.add("builtin-model", source_of(model), f"model {model.name!r} differs from the built-in "
                                f"one; written as {self.renamed[model.name]!r}")
            elif model.name in BUILTIN_MODELS:
                continue
            props = {CFN_MODEL.rest_api: self.rest_api, CFN_MODEL.name: self.renamed.get(model.name, model.name),
                     CFN_MODEL.content_type: plain(model.content_type) if model.content_type else DEFAULT_MEDIA}
            if model.description is not None:
                props[CFN_MODEL.description] = plain(model.description)
            if any(source == model.name for source, _ in self.cyclic):
                self.report.add("model-cycle", source_of(model), f"model {model.name!r} is part of a "
                                "cycle of model references; those references name the model instead of !Ref-ing it")
            props[CFN_MODEL.json_schema] = self._schema(model.json_schema, model)
            overlay = {**({INLINE: True} if model.anonymous else {}),
                       **({ORIGINAL_NAME: model.name} if model.name in self.renamed else {})}
            out[self.ids[f"model {model.name}"]] = with_metadata({"Type": TYPES["model"], "Properties": props},
                                                                overlay)
        for auth in self.api.authorizers:
            if not isinstance(auth.name, str):
                continue
            props = {CFN_SCHEME.rest_api: self.rest_api, CFN_SCHEME.name: auth.name,
                     **write_object(auth, AUTHORIZER_FIELDS, "cfn", self.report)}
            if auth.auth_type is not None:
                props[CFN_SCHEME.auth_type] = plain(auth.auth_type)
            out[self.ids[f"authorizer {auth.name}"]] = with_metadata(
                {"Type": TYPES["authorizer"], "Properties": wrap_pseudo(props, literal=True)}, auth.annotations)
        for validator in self.api.request_validators:
            props = {CFN_COMMON.rest_api: self.rest_api, CFN_COMMON.name: validator.name,
                     **write_object(validator, VALIDATOR_FIELDS, "cfn", self.report)}
            out[self.ids[f"validator {validator.name}"]] = {"Type": TYPES["validator"], "Properties": props}
        for response in self.api.gateway_responses:
            props = {CFN_COMMON.rest_api: self.rest_api, CFN_COMMON.response_type: response.response_type,
                     **write_object(response, GATEWAY_RESPONSE_FIELDS, "cfn", self.report)}
            out[self.ids[f"gateway {response.response_type}"]] = {"Type": TYPES["gateway_response"],
                                                                  "Properties": wrap_pseudo(props, literal=True)}
        return out

    def _schema(self, schema: Any, model: Any) -> Any:
        """A model schema with neutral model references as API Gateway model URLs."""
        if isinstance(schema, dict):
            out: dict[str, Any] = {}
            for key, value in schema.items():
                if key == "$ref" and isinstance(value, str) and value.startswith(MODEL_REF_PREFIX):
                    name, _, fragment = value[len(MODEL_REF_PREFIX):].partition("#")
                    lid = self.ids.get(f"model {name}")
                    if lid is None and name in BUILTIN_MODELS:  # the built-in model, by its URL
                        out[key] = {"Fn::Sub": MODEL_URL % (self.api_id, name) + (f"#{fragment}" if fragment else "")}
                        continue
                    if lid is None:
                        self.report.add("unresolved-reference", source_of(model), f"model {name!r} is not defined")
                        out[key] = value
                        continue
                    target = self.renamed.get(name, name) if (model.name, name) in self.cyclic else f"${{{lid}}}"
                    url = MODEL_URL % (self.api_id, target) + (f"#{fragment}" if fragment else "")
                    out[key] = {"Fn::Sub": url}
                else:
                    out[key] = self._schema(value, model)
            return out
        if isinstance(schema, list):
            return [self._schema(item, model) for item in schema]
        return plain(schema)

    def _named(self, kind: str, name: Any, method: Method, key: str) -> Any:
        parts = if_parts(name)
        if parts is not None:  # Fn::If between two names (an operation that differs between branches)
            condition, first, second = parts
            return {"Fn::If": [condition, self._named(kind, first, method, key),
                               self._named(kind, second, method, key)]}
        if isinstance(name, str):
            lid = self.ids.get(f"{kind} {name}")
            if lid is not None:
                return {"Ref": lid}
            if kind != "model":
                self.report.add("unresolved-reference", (*source_of(method), key), f"{kind} {name!r} is not defined")
        return plain(name)

    def _models(self, models: Any, method: Method, key: str) -> Any:
        if isinstance(models, dict):
            return {ct: self._named("model", name, method, key) for ct, name in models.items() if not never(name)}
        return plain(models)

    def _method(self, method: Method, path: str) -> dict[str, Any]:
        props: dict[str, Any] = {CFN_METHOD.rest_api: self.rest_api, CFN_METHOD.resource: self.ids.node(path),
                                 CFN_METHOD.verb: method.verb}
        if method.operation_name is not None:
            props[CFN_METHOD.operation_name] = plain(method.operation_name)
        props[CFN_METHOD.authorization_type] = plain(method.authorization_type or AUTHORIZATION["none"])
        if method.authorizer is not None:
            props[CFN_METHOD.authorizer] = self._named("authorizer", method.authorizer, method, "security")
        for neutral in ("authorization_scopes", "api_key_required"):
            value = getattr(method, neutral)
            if value is not None:
                props[getattr(CFN_METHOD, neutral)] = plain(value)
        default = self.api.default_request_validator
        validator = method.request_validator or default
        if default is not None and absent_somewhere(validator):  # no validator in a branch: the default one
            validator = tree_map(validator, lambda v: default if is_no_value(v) else v)
        if validator is not None:
            props[CFN_METHOD.request_validator] = self._named("validator", validator, method,
                                                              "x-amazon-apigateway-request-validator")
        if isinstance(method.parameters, list):
            if method.parameters:
                props[CFN_METHOD.parameters] = {
                    f"{PARAMETER_PREFIX}{CFN_LOCATIONS[p.location.value]}.{p.name}":
                        lift(p.required, lambda _: True) if p.location.value == "path" else plain(p.required)
                    for p in method.parameters if not never(p.required)}
        else:
            props[CFN_METHOD.parameters] = plain(method.parameters)
        if method.request_models:
            props[CFN_METHOD.request_models] = self._models(method.request_models, method, "requestBody")
        if method.integration is not None:
            props[CFN_METHOD.integration] = write_integration_value(method.integration, "cfn", self.report)
        if isinstance(method.responses, list):
            if method.responses:
                props[CFN_METHOD.responses] = [existing(r.exists, partial(self._response, r, method))
                                               for r in method.responses if not never(r.exists)]
        else:
            props[CFN_METHOD.responses] = plain(method.responses)
        return wrap_pseudo(props, literal=True)  # type: ignore[no-any-return]

    def _response(self, response: Any, method: Method) -> dict[str, Any]:
        out: dict[str, Any] = {CFN_RESPONSE.status_code: response.status_code}
        if response.headers:
            out[CFN_RESPONSE.headers] = {f"{HEADER_PREFIX}{h.name}": plain(h.required) for h in response.headers
                                         if not never(h.required)}
        if response.models:
            out[CFN_RESPONSE.models] = self._models(response.models, method, "responses")
        return out


def _model_refs(schema: Any) -> set[str]:
    """The names of the models a schema refers to."""
    found: set[str] = set()
    stack = [schema]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str) and ref.startswith(MODEL_REF_PREFIX):
                found.add(ref[len(MODEL_REF_PREFIX):].partition("#")[0])
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return found


def _cyclic_references(refs: dict[str, set[str]]) -> set[tuple[str, str]]:
    """The references (model, referenced model) that lie on a cycle: the referenced model leads back."""
    def reaches(start: str, goal: str) -> bool:
        seen, stack = set(), [start]
        while stack:
            name = stack.pop()
            if name == goal:
                return True
            if name not in seen:
                seen.add(name)
                stack.extend(refs.get(name, ()))
        return False
    return {(source, target) for source, targets in refs.items() for target in targets if reaches(target, source)}
