"""Checks of an API beyond its integrations: methods, authorizers, references, paths, models, gateway responses,
deployments. What makes a conversion drop a method or refuse an API is reported here too, at the same pointer
(``tests/test_validate_agreement.py`` holds the two to that).

Names and references are judged only when they are literal; a ``Ref`` to a template parameter is an id given at
deploy time and is not judged.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..documents.spelling import plain_reference
from ..intrinsics import is_intrinsic, is_mapping
from ..pointer import Path
from ..resource_paths import bad_segment
from ..resource_types import (
    APIS,
    AUTHORIZER,
    DEPLOYMENT,
    GATEWAY_RESPONSE,
    METHOD,
    MODEL,
    RESOURCE,
    SERVERLESS_API,
    VALIDATOR,
)
from .context import Finding, When, if_leaves, sure_text
from .responses import STATUS_CODE

if TYPE_CHECKING:  # validate of an integration walks no document
    from ..documents.walk import Operation, TemplateWalk

HTTP_METHODS = frozenset({"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "ANY"})
AUTHORIZATION_TYPES = frozenset({"NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"})
GATEWAY_RESPONSE_TYPES = frozenset({
    "ACCESS_DENIED", "API_CONFIGURATION_ERROR", "AUTHORIZER_FAILURE", "AUTHORIZER_CONFIGURATION_ERROR",
    "BAD_REQUEST_PARAMETERS", "BAD_REQUEST_BODY", "DEFAULT_4XX", "DEFAULT_5XX", "EXPIRED_TOKEN", "INVALID_SIGNATURE",
    "INTEGRATION_FAILURE", "INTEGRATION_TIMEOUT", "INVALID_API_KEY", "MISSING_AUTHENTICATION_TOKEN",
    "QUOTA_EXCEEDED", "REQUEST_TOO_LARGE", "RESOURCE_NOT_FOUND", "THROTTLED", "UNAUTHORIZED",
    "UNSUPPORTED_MEDIA_TYPE", "WAF_FILTERED",
})
BUILTIN_MODELS = frozenset({"Empty", "Error"})
AUTHORIZER_TYPES_FOR = {"CUSTOM": frozenset({"TOKEN", "REQUEST"}),
                        "COGNITO_USER_POOLS": frozenset({"COGNITO_USER_POOLS"})}
DEFAULT_TTL = 300

ROOT = "/"


def ref(value: Any) -> str | None:
    """The logical ID of ``{"Ref": X}``, else ``None``."""
    if isinstance(value, Mapping) and len(value) == 1 and isinstance(value.get("Ref"), str):
        return str(value["Ref"])
    return None


def _id_of(value: Any, attribute: str) -> str | None:
    """The logical ID of ``{"Ref": X}`` or of ``!GetAtt X.<attribute>`` (the same ID), else ``None``."""
    return _getatt_of(value, attribute) or ref(value)


def _root_of(value: Any) -> str | None:
    """The API of ``!GetAtt Api.RootResourceId``, else ``None``."""
    return _getatt_of(value, "RootResourceId")


def _getatt_of(value: Any, attribute: str) -> str | None:
    """``X`` of ``!GetAtt X.<attribute>`` (either form), else ``None``."""
    args = value.get("Fn::GetAtt") if isinstance(value, Mapping) and len(value) == 1 else None
    if isinstance(args, str):
        args = args.split(".", 1)
    if isinstance(args, list) and len(args) == 2 and args[1] == attribute and isinstance(args[0], str):
        return args[0]
    return None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if is_mapping(value) and not is_intrinsic(value) else {}


def _upper(value: Any) -> str | None:
    return value.upper() if isinstance(value, str) else None


class TemplateApis:
    """The API Gateway resources of one template, and what the checks ask of them."""

    def __init__(self, template: Mapping[str, Any], walk: TemplateWalk) -> None:
        self.template, self.base = template, walk.base
        self.parameters = frozenset(map(str, _mapping(template.get("Parameters"))))
        self.resources: dict[str, tuple[str, Mapping[str, Any]]] = {}
        self.raw: dict[str, Mapping[str, Any]] = {}  # the whole resource (attributes such as DependsOn)
        for resource in walk.each():
            self.resources[str(resource.lid)] = (resource.type, _mapping(resource.properties))
            self.raw[str(resource.lid)] = resource.raw

    @cached_property
    def resolved(self) -> list[tuple[Path, str, str | None]]:
        """Where each resource lies, its full path and its API, as conversion resolves the tree however
        ``ParentId`` is spelled (:func:`~apigw_convert.documents.cfn.methods.resource_paths`)."""
        from ..documents.cfn.methods import resource_paths  # start-up: validate of an integration needs no reader

        return list(resource_paths(self.template))

    def of_type(self, kind: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
        """(logical ID, properties) of every resource of type ``kind``."""
        for name, (rtype, properties) in self.resources.items():
            if rtype == kind:
                yield name, properties

    def at(self, name: str, *tokens: str | int) -> Path:
        """The path of a resource's property."""
        return (*self.base, name, "Properties", *tokens)

    def endpoint(self, api: str | None) -> str | None:
        """The endpoint type of an API of this template: EDGE when not configured; ``None`` if unknown."""
        if api not in self.resources:
            return None
        rtype, properties = self.resources[api]
        if rtype not in APIS:
            return None
        value = properties.get("EndpointConfiguration")
        if value is None:
            return "EDGE"
        if rtype == SERVERLESS_API and isinstance(value, str):
            return value.upper()
        if not isinstance(value, Mapping) or is_intrinsic(value):
            return None
        kinds = value.get("Types", [value.get("Type")] if rtype == SERVERLESS_API else None)
        if kinds is None:
            return "EDGE"
        first = kinds[0] if isinstance(kinds, list) and kinds else None
        return first.upper() if isinstance(first, str) else None

    def compressed(self, api: str | None) -> bool:
        """Whether an API of this template compresses responses (MinimumCompressionSize is set)."""
        return api in self.resources and self.resources[api][1].get("MinimumCompressionSize") is not None

    def defines(self, target: str, kind: str) -> bool | None:
        """Whether ``target`` is a resource of type ``kind``; ``None`` when it is a parameter (decided later)."""
        if target in self.parameters or target.startswith("AWS::"):
            return None
        return target in self.resources and self.resources[target][0] == kind


REQUIRED = {METHOD: ("HttpMethod", "ResourceId", "RestApiId"), RESOURCE: ("ParentId", "PathPart", "RestApiId")}


def _required(apis: TemplateApis) -> Iterator[Finding]:
    """The properties CloudFormation requires of Methods and Resources (and the StatusCode of a method response)."""
    for kind, names in REQUIRED.items():
        for name, properties in apis.of_type(kind):
            for missing in (key for key in names if properties.get(key) is None):
                yield "missing-field", apis.at(name), f"required field {missing!r} is missing"
            for response, at, _ in _method_responses(apis, name, properties) if kind == METHOD else ():
                if response.get("StatusCode") is None:
                    yield "missing-field", at, "required field 'StatusCode' is missing"


def _method(apis: TemplateApis, name: str, properties: Mapping[str, Any], model_names: frozenset[str] | None
            ) -> Iterator[Finding]:
    if "Integration" not in properties:
        yield "method-without-integration", apis.at(name), "the Method has no Integration"
    verb = _upper(properties.get("HttpMethod"))
    if verb is not None and verb not in HTTP_METHODS:
        yield "http-method-invalid", apis.at(name, "HttpMethod"), f"{properties['HttpMethod']!r} is not an HTTP method"
    authorization = _upper(properties.get("AuthorizationType"))
    if authorization is not None and authorization not in AUTHORIZATION_TYPES:
        yield ("authorization-type-invalid", apis.at(name, "AuthorizationType"),
               f"{properties['AuthorizationType']!r} is not an authorization type")
    yield from _authorizer(apis, name, properties, authorization)
    scopes = properties.get("AuthorizationScopes")
    kind = authorization if "AuthorizationType" in properties else "NONE"
    if kind is not None and kind != "COGNITO_USER_POOLS" and scopes and not is_intrinsic(scopes):
        yield ("authorization-scopes-not-cognito", apis.at(name, "AuthorizationScopes"),
               f"AuthorizationType is {kind}; API Gateway refuses AuthorizationScopes on it")
    validator = _id_of(properties.get("RequestValidatorId"), "RequestValidatorId")
    if validator is not None and apis.defines(validator, VALIDATOR) is False:
        yield ("undefined-reference", apis.at(name, "RequestValidatorId"),
               f"{validator} is not a RequestValidator of this template")
    for content_type, model in _mapping(properties.get("RequestModels")).items():
        yield from _model_reference(apis, model, apis.at(name, "RequestModels", str(content_type)), model_names)
    for response, at, when in _method_responses(apis, name, properties):
        for status, at_status, _ in if_leaves(response.get("StatusCode"), (*at, "StatusCode"), when):
            text = str(status) if isinstance(status, int) and not isinstance(status, bool) else sure_text(status)
            if text is not None and not STATUS_CODE.fullmatch(text):
                yield "method-status-code-invalid", at_status, f"{text!r} is not [1-5]\\d\\d"
        for content_type, model in _mapping(response.get("ResponseModels")).items():
            yield from _model_reference(apis, model, (*at, "ResponseModels", str(content_type)), model_names)


def _method_responses(apis: TemplateApis, name: str, properties: Mapping[str, Any]
                      ) -> Iterator[tuple[Mapping[str, Any], Path, When]]:
    """Each method response of a Method, with its path and the condition values that lead to it: in every branch of
    an ``Fn::If`` around the list or an item (branches the conditions rule out, and ``AWS::NoValue``, skipped)."""
    for items, at_list, outer in if_leaves(properties.get("MethodResponses"), apis.at(name, "MethodResponses")):
        for i, item in enumerate(items if isinstance(items, list) else []):
            for response, at, when in if_leaves(item, (*at_list, i), outer):
                if is_mapping(response) and not is_intrinsic(response):
                    yield response, at, when


def _authorizer(apis: TemplateApis, name: str, properties: Mapping[str, Any], authorization: str | None
                ) -> Iterator[Finding]:
    literal = properties.get("AuthorizerId")
    if isinstance(literal, str):  # an authorizer's ID exists once deployed: text names none of this template's
        yield ("undefined-reference", apis.at(name, "AuthorizerId"),
               f"AuthorizerId {literal!r} is text, not a !Ref to an Authorizer of this template")
        return
    fits = AUTHORIZER_TYPES_FOR.get(authorization or "")
    if fits is None:
        return
    if properties.get("AuthorizerId") is None:
        yield ("authorizer-missing", apis.at(name, "AuthorizationType"),
               f"AuthorizationType {authorization} needs an AuthorizerId")
        return
    target = _id_of(properties["AuthorizerId"], "AuthorizerId")
    if target is None:
        return
    defined = apis.defines(target, AUTHORIZER)
    if defined is False:
        yield "undefined-reference", apis.at(name, "AuthorizerId"), f"{target} is not an Authorizer of this template"
    elif defined:
        kind = _upper(apis.resources[target][1].get("Type"))
        if kind is not None and kind not in fits:
            yield ("authorizer-type-mismatch", apis.at(name, "AuthorizerId"),
                   f"{target} is a {kind} authorizer, and AuthorizationType is {authorization}")


def _model_reference(apis: TemplateApis, model: Any, where: Path, names: frozenset[str] | None) -> Iterator[Finding]:
    target = ref(model)
    if target is not None:
        if apis.defines(target, MODEL) is False:
            yield "undefined-reference", where, f"{target} is not a Model of this template"
    elif isinstance(model, str) and names is not None and model not in names | BUILTIN_MODELS:
        yield "undefined-reference", where, f"no Model of this template is named {model!r}"


def _model_names(apis: TemplateApis) -> frozenset[str] | None:
    """The literal names of the template's models; ``None`` when one is computed or left to CloudFormation."""
    names = [properties.get("Name") for _, properties in apis.of_type(MODEL)]
    return frozenset(names) if all(isinstance(name, str) for name in names) else None  # type: ignore[arg-type]


def _paths(apis: TemplateApis) -> dict[str, tuple[str, str]]:
    """Resource logical ID -> (API key, path), for every resource whose path is known: the one conversion gives
    it, else (a tree conversion refuses) through ``!GetAtt Api.RootResourceId`` and ``!Ref`` parents."""
    parents: dict[str, tuple[str | None, str | None, Any]] = {}
    for name, properties in apis.of_type(RESOURCE):
        part = properties.get("PathPart")
        parent = properties.get("ParentId")
        root = _root_of(parent)
        parents[name] = (root, ref(parent) if root is None else None, part if isinstance(part, str) else None)
    out = {str(where[-1]): (str(owner), path) for where, path, owner in apis.resolved}

    def resolve(name: str, seen: frozenset[str]) -> tuple[str, str] | None:
        if name in out:
            return out[name]
        if name in seen or name not in parents:
            return None
        root, parent, part = parents[name]
        above = (root, "") if root is not None else resolve(parent, seen | {name}) if parent is not None else None
        if above is None or part is None:
            return None
        out[name] = (above[0], f"{above[1]}/{part}")
        return out[name]

    for name in parents:
        resolve(name, frozenset())
    return out


def _tree(apis: TemplateApis) -> Iterator[Finding]:
    paths = _paths(apis)
    known: dict[str, list[str]] = {}
    for api, path in paths.values():
        known.setdefault(api, []).append(path)
    first: dict[tuple[str, str], str] = {}
    for name, (api, path) in paths.items():
        part = apis.resources[name][1]["PathPart"]
        if "/" in part or bad_segment(path, known[api]) is not None:
            yield "path-part-invalid", apis.at(name, "PathPart"), f"{part!r} (in {path})"
        if "Condition" not in apis.raw[name]:
            other = first.setdefault((api, path), name)
            if other != name:
                yield "path-defined-twice", apis.at(name, "PathPart"), f"{name} and {other} both have the path {path}"
    seen: dict[tuple[str, str, str], str] = {}
    for name, properties in apis.of_type(METHOD):
        # a reference in any of its spellings (Ref, GetAtt, a whole-string Fn::Sub, a one-part Join) is one place
        verb, resource = _upper(properties.get("HttpMethod")), plain_reference(properties.get("ResourceId"))
        root = _root_of(resource)
        place = f"{root}:/" if root is not None else ref(resource)
        if verb is None or place is None or "Condition" in apis.raw[name]:
            continue
        other = seen.setdefault((str(ref(plain_reference(properties.get("RestApiId")))), place, verb), name)
        if other != name:
            yield "method-defined-twice", (*apis.base, name), f"{name} and {other} are both {verb} on one resource"


def _others(apis: TemplateApis) -> Iterator[Finding]:
    for name, properties in apis.of_type(MODEL):
        model = properties.get("Name")
        if isinstance(model, str) and not model.isalnum():
            yield "model-name-invalid", apis.at(name, "Name"), f"{model!r} is not alphanumeric"
    for name, properties in apis.of_type(GATEWAY_RESPONSE):
        kind = properties.get("ResponseType")
        if isinstance(kind, str) and kind not in GATEWAY_RESPONSE_TYPES:
            yield "gateway-response-type-invalid", apis.at(name, "ResponseType"), _response_type_message(kind)
    for name, properties in apis.of_type(AUTHORIZER):
        ttl = properties.get("AuthorizerResultTtlInSeconds", DEFAULT_TTL)
        caches = ttl != 0 and str(ttl) != "0"
        if _upper(properties.get("Type")) == "REQUEST" and caches and not properties.get("IdentitySource"):
            yield ("authorizer-cache-without-identity-source", apis.at(name),
                   f"results are cached for {ttl} s, and there is no IdentitySource")
    methods: dict[str, set[str]] = {}
    for name, properties in apis.of_type(METHOD):
        api = ref(properties.get("RestApiId"))
        if api is not None:
            methods.setdefault(api, set()).add(name)
    for name, properties in apis.of_type(DEPLOYMENT):
        api = ref(properties.get("RestApiId"))
        depends = apis.raw[name].get("DependsOn", [])
        depends = [depends] if isinstance(depends, str) else depends if isinstance(depends, list) else None
        depends = None if depends is None else {item for item in depends if isinstance(item, str)}
        if api in methods and depends is not None and not depends & methods[api]:
            yield ("deployment-without-depends-on", (*apis.base, name),
                   f"the Deployment of {api} depends on none of its {len(methods[api])} Methods")


def _response_type_message(kind: str) -> str:
    return f"{kind!r} is not a gateway response type"


def template_findings(apis: TemplateApis) -> Iterator[Finding]:
    """Every API-level finding of a template's API Gateway resources."""
    yield from _required(apis)
    model_names = _model_names(apis)
    for name, properties in apis.of_type(METHOD):
        yield from _method(apis, name, properties, model_names)
    yield from _tree(apis)
    yield from _others(apis)


# --- OpenAPI ----------------------------------------------------------------------------------------------

EXTENSION = "x-amazon-apigateway-integration"
VALIDATOR_KEY = "x-amazon-apigateway-request-validator"
GATEWAY_RESPONSES_KEY = "x-amazon-apigateway-gateway-responses"
SAM_NO_AUTH = "NONE"  # security: [{NONE: []}] opts an operation out of a SAM Api's default authorizer
AUTHORIZER_KEY = "x-amazon-apigateway-authorizer"
LAMBDA_AUTHORIZER_TYPES = frozenset({"TOKEN", "REQUEST"})
UNSCOPED_SCHEMES = frozenset({"api_key", "sigv4", "Lambda authorizer"})  # scheme kinds API Gateway takes no scopes for


def _schemes(document: Mapping[str, Any]) -> frozenset[str] | None:
    containers = [document.get("securityDefinitions"), _mapping(document.get("components")).get("securitySchemes")]
    if any(c is not None and (not isinstance(c, Mapping) or is_intrinsic(c)) for c in containers):
        return None
    return frozenset(str(name) for c in containers if c is not None for name in c)


def _scheme_kinds(document: Mapping[str, Any]) -> dict[str, str]:
    """Each security scheme's kind (``api_key``, ``sigv4``, ``authorizer`` or ``other``), as conversion reads it;
    an authorizer of type token or request is a ``Lambda authorizer``."""
    from ..documents.openapi.shapes import classify_scheme  # start-up: validate of an integration reads no scheme

    def kind(scheme: Mapping[str, Any]) -> str:
        found = classify_scheme(scheme)
        authorizer = _mapping(scheme.get(AUTHORIZER_KEY)) if found == "authorizer" else {}
        return "Lambda authorizer" if str(authorizer.get("type")).upper() in LAMBDA_AUTHORIZER_TYPES else found

    containers = [document.get("securityDefinitions"), _mapping(document.get("components")).get("securitySchemes")]
    return {str(name): kind(scheme) for c in containers for name, scheme in _mapping(c).items()
            if is_mapping(scheme) and not is_intrinsic(scheme)}


def _listed(scopes: Any, when: When) -> bool:
    """Whether some branch of ``scopes`` (an ``Fn::If`` or a list) that ``when`` allows lists a scope."""
    return any(leaf and not is_intrinsic(leaf) for leaf, _, _ in if_leaves(scopes, (), when))


def _model_containers(document: Mapping[str, Any], base: Path) -> Iterator[tuple[Path, Mapping[str, Any]]]:
    yield (*base, "definitions"), _mapping(document.get("definitions"))
    yield (*base, "components", "schemas"), _mapping(_mapping(document.get("components")).get("schemas"))


def openapi_findings(document: Mapping[str, Any], base: Path, operations: Iterator[Operation]) -> Iterator[Finding]:
    """Every API-level finding of a REST OpenAPI document; ``operations`` are its operations.

    (A SAM template is checked as SAM translates it: the integrations its functions' events add and the security
    schemes its ``Auth`` adds are in the document by then.)
    """
    schemes = _schemes(document)
    kinds = _scheme_kinds(document)
    validators = document.get("x-amazon-apigateway-request-validators")
    known = frozenset(map(str, validators)) if isinstance(validators, Mapping) else frozenset()
    judged = validators is None or (isinstance(validators, Mapping) and not is_intrinsic(validators))

    def validator(owner: Mapping[str, Any], where: Path) -> Iterator[Finding]:
        name = owner.get(VALIDATOR_KEY)
        if judged and isinstance(name, str) and name not in known:
            yield "undefined-reference", (*where, VALIDATOR_KEY), f"no request validator is named {name!r}"

    yield from validator(document, base)
    for found in operations:
        where, operation = found.path, found.operation
        if EXTENSION not in operation:
            yield "method-without-integration", where, f"{found.method} {found.template} has no {EXTENSION}"
        requirements = operation.get("security")
        for i, item in enumerate(requirements if isinstance(requirements, list) else []):
            for requirement, at_item, when in if_leaves(item, (*where, "security", i)):
                for name, scopes in _mapping(requirement).items():
                    at = (*at_item, str(name))
                    if schemes is not None and name not in schemes and name != SAM_NO_AUTH:
                        yield "undefined-reference", at, f"no security scheme is named {name!r}"
                    elif kinds.get(str(name)) in UNSCOPED_SCHEMES and _listed(scopes, when):
                        yield ("security-scopes-not-used", at, f"scopes on the {kinds[str(name)]} scheme {name!r}: "
                               "API Gateway takes scopes only with a Cognito authorizer")
        yield from validator(operation, where)
    paths = [str(path) for path in _mapping(document.get("paths"))]
    for path in paths:
        if bad_segment(path, paths) is not None:
            yield "path-part-invalid", (*base, "paths", path), f"{bad_segment(path, paths)!r} (in {path})"
    for where, models in _model_containers(document, base):
        for name in models:
            if not str(name).isalnum():
                yield "model-name-invalid", (*where, str(name)), f"{name!r} is not alphanumeric"
    for kind in _mapping(document.get(GATEWAY_RESPONSES_KEY)):
        if str(kind) not in GATEWAY_RESPONSE_TYPES:
            yield "gateway-response-type-invalid", (*base, GATEWAY_RESPONSES_KEY, str(kind)), \
                _response_type_message(str(kind))
