"""The round-trip oracle of whole documents: canonical forms for comparing APIs, and what still differs.

Used by the tests and ``bench/sweep.py``; ``diff`` needs none of it (it compares the OpenAPI the converters
write for both sides).

:func:`canonical_openapi` applies the canonicalization list of :mod:`apigw_convert.documents` to an OpenAPI
document (written independently of the readers and writers, so that it checks them rather than repeats
them); :func:`template_api_view` reduces a template to its API (paths, methods and their settings, named
things by name, logical IDs gone); :func:`unexplained` lists the differences no diagnostic accounts for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from deepdiff import DeepDiff

from apigw_convert.diagnostics import Diagnostic, Report
from apigw_convert.documents.names import (
    API_KEY_HEADER,
    AUTHORIZATION,
    AUTHORIZER_FIELDS,
    BUILTIN_MODELS,
    CFN_API,
    CFN_API_ONLY,
    CFN_COMMON,
    CFN_ENTRY,
    CFN_METHOD,
    CFN_MODEL,
    CFN_RESOURCE,
    CFN_RESPONSE,
    CFN_SCHEME,
    CFN_TEMPLATE,
    GATEWAY_RESPONSE_FIELDS,
    MODEL_REF_PREFIX,
    MODEL_URL,
    OAS_API,
    OAS_METHOD,
    OAS_SCHEME,
    PARAMETER_PREFIX,
    SAM_NO_AUTHORIZER,
    SIGV4_AUTHTYPE,
    TYPES,
    VERBS,
    Spelling,
)
from apigw_convert.documents.openapi.shapes import NO_RESPONSES, SCHEMA_KEYS, iso_scalars
from apigw_convert.documents.refs import getatt_parts, map_strings, ref_target, unwrap_pseudo
from apigw_convert.documents.tree import is_variable, segments, variable_name
from apigw_convert.documents.walk import TemplateWalk, leaves
from apigw_convert.errors import ConvertError
from apigw_convert.integration import convert_integration
from apigw_convert.intrinsics import if_parts, is_intrinsic, is_no_value, plain
from apigw_convert.pointer import unescape

OAS_GATEWAY_RESPONSE = Spelling(GATEWAY_RESPONSE_FIELDS, "openapi")
OAS_AUTHORIZER = Spelling(AUTHORIZER_FIELDS, "openapi")
PATH_PARAMETER = PARAMETER_PREFIX + "path."


def _integration(value: Any, dialect: str) -> Any:
    try:
        return convert_integration(value, dialect, dialect, (), Report())  # type: ignore[arg-type]
    except ConvertError:
        return value


# --- OpenAPI -------------------------------------------------------------------------------------------
def canonical_openapi(document: Any) -> Any:
    """``document`` with the listed canonicalizations applied (a copy; non-documents are returned as they are)."""
    if not isinstance(document, Mapping):
        return document
    doc = iso_scalars(plain(document))
    v2 = "swagger" in doc
    if v2:
        doc["swagger"] = "2.0"
    info = doc.setdefault("info", {})
    if isinstance(info, dict):
        info.setdefault("version", "1.0")
        if not isinstance(info["version"], str) and not is_intrinsic(info["version"]):
            info["version"] = str(info["version"])
    if not v2:
        for old, new in (("securityDefinitions", "securitySchemes"), ("definitions", "schemas")):
            if isinstance(doc.get(old), dict):
                doc.setdefault("components", {}).setdefault(new, {}).update(doc.pop(old))
    schemes = (doc.get("securityDefinitions") if v2 else (doc.get("components") or {}).get("securitySchemes")) or {}
    default_validator = doc.get(OAS_METHOD.request_validator)
    paths = doc.get("paths")
    if isinstance(paths, dict):
        names = list(paths)
        for path in names:
            item = paths[path] = _collapse(_pushed_down(paths[path]), frozenset())
            if not isinstance(item, dict) or is_intrinsic(item):
                continue
            shared = item.pop("parameters", []) if isinstance(item.get("parameters"), list) else []
            verbs = [key for key in item if key in VERBS]
            if not item and any(other.startswith(path.rstrip("/") + "/") for other in names if other != path):
                del paths[path]
                continue
            for verb in verbs:
                for _, op in leaves(item[verb], ()):
                    _operation(op, path, shared, v2, default_validator, schemes)
    for response in (doc.get(OAS_API.gateway_responses) or {}).values():
        if isinstance(response, dict) and isinstance(response.get(OAS_GATEWAY_RESPONSE.status_code), int):
            response[OAS_GATEWAY_RESPONSE.status_code] = str(response[OAS_GATEWAY_RESPONSE.status_code])
    _models(doc, v2)
    if doc.get("components") == {}:
        del doc["components"]
    _schemes(schemes)
    _servers(doc)
    return doc


def _pushed_down(item: Any) -> Any:
    """``Fn::If [C, <path item>, AWS::NoValue]`` as a path item whose operations are each ``Fn::If [C, op, NoValue]``
    (canonicalization 21)."""
    parts = if_parts(item)
    if parts is None or not isinstance(parts[1], dict) or is_intrinsic(parts[1]) or not is_no_value(parts[2]):
        return item
    return {key: {"Fn::If": [parts[0], value, parts[2]]} if key in VERBS else value for key, value in parts[1].items()}


def _collapse(value: Any, holding: frozenset[str]) -> Any:
    """``value`` with every ``Fn::If [C, a, b]`` inside the true branch of an ``Fn::If`` on the same C replaced by
    ``a``: within that branch C holds."""
    parts = if_parts(value)
    if parts is not None:
        condition, if_true, if_false = parts
        if condition in holding:
            return _collapse(if_true, holding)
        return {"Fn::If": [condition, _collapse(if_true, holding | {condition}), _collapse(if_false, holding)]}
    if isinstance(value, dict):
        return {key: _collapse(item, holding) for key, item in value.items()}
    if isinstance(value, list):
        return [_collapse(item, holding) for item in value]
    return value


def _operation(op: dict[str, Any], path: str, shared: list[Any], v2: bool, default_validator: Any,
               schemes: Mapping[str, Any]) -> None:
    own: list[Any] = op["parameters"] if isinstance(op.get("parameters"), list) else []
    keys = {(p.get("in"), p.get("name")) for p in own if isinstance(p, dict)}
    params = [p for p in shared if not (isinstance(p, dict) and (p.get("in"), p.get("name")) in keys)] + list(own)
    for part in segments(path):
        if is_variable(part) and not any(isinstance(p, dict) and p.get("in") == "path"
                                         and p.get("name") == variable_name(part) for p in params):
            params.append({"name": variable_name(part), "in": "path"})
    for param in params:
        if not isinstance(param, dict) or "$ref" in param or param.get("in") not in ("path", "query", "header"):
            continue
        if param.get("in") == "path":
            param["required"] = True
        elif param.get("required") is False:
            del param["required"]
        _typed(param, v2)
    if params:
        op["parameters"] = sorted(params, key=lambda p: (str(p.get("in")), str(p.get("name")))
                                  if isinstance(p, dict) else ("", ""))
    responses = op.get("responses")
    if not responses:
        op["responses"] = plain(NO_RESPONSES)
    elif isinstance(responses, dict):
        op["responses"] = responses = {str(code): response for code, response in responses.items()}
        for code, response in responses.items():
            if not isinstance(response, dict) or "$ref" in response:
                continue
            response.setdefault("description", f"{code} response")
            if response.get("content") == {}:
                del response["content"]
            for header in (response.get("headers") or {}).values():
                if isinstance(header, dict) and "$ref" not in header:
                    if header.get("required") is False:
                        del header["required"]
                    _typed(header, v2)
    security = op.get("security")
    if security == []:
        del op["security"]
    elif isinstance(security, list):
        flat = [{name: scopes} for requirement in security if isinstance(requirement, dict)
                for name, scopes in requirement.items() if name != SAM_NO_AUTHORIZER or name in schemes]
        if flat:
            op["security"] = sorted(flat, key=lambda r: _security_rank(next(iter(r)), schemes))
        else:
            del op["security"]
    if default_validator is not None and op.get(OAS_METHOD.request_validator) == default_validator:
        del op[OAS_METHOD.request_validator]
    if OAS_METHOD.integration in op:
        op[OAS_METHOD.integration] = unwrap_pseudo(_integration(op[OAS_METHOD.integration], "openapi"))


def _typed(obj: dict[str, Any], v2: bool) -> None:
    if v2:
        schema = obj.get("schema")
        if isinstance(schema, dict) and all(key in SCHEMA_KEYS for key in schema):
            obj.update(obj.pop("schema"))
        obj.setdefault("type", "string")
    elif not any(key in obj for key in ("schema", "content", "type")):
        obj["schema"] = {"type": "string"}


def _security_rank(name: str, schemes: Mapping[str, Any]) -> int:
    scheme = schemes.get(name)
    if not isinstance(scheme, Mapping):
        return 2
    if OAS_SCHEME.authorizer in scheme or scheme.get(OAS_SCHEME.auth_type) == SIGV4_AUTHTYPE:
        return 0
    if scheme.get("type") == "apiKey" and str(scheme.get("name", "")).lower() == API_KEY_HEADER:
        return 1
    return 2


def _models(doc: dict[str, Any], v2: bool) -> None:
    models = doc.get("definitions") if v2 else (doc.get("components") or {}).get("schemas")
    if models is None and "$ref" in str(doc):
        models = doc.setdefault("definitions", {}) if v2 else doc.setdefault("components", {}).setdefault(
            "schemas", {})
    if not isinstance(models, dict):
        return
    text = str(doc)
    prefix = "#/definitions/" if v2 else "#/components/schemas/"
    for name, schema in BUILTIN_MODELS.items():
        if name not in models and f"'{prefix}{name}'" in text:
            models[name] = plain(schema)
    for name, schema in list(models.items()):
        if isinstance(schema, dict):
            schema.pop("$schema", None)
        if name in BUILTIN_MODELS and schema == BUILTIN_MODELS[name] and f"'{prefix}{name}'" not in text:
            del models[name]


def _schemes(schemes: Mapping[str, Any]) -> None:
    for scheme in schemes.values():
        ext = scheme.get(OAS_SCHEME.authorizer) if isinstance(scheme, dict) else None
        if not isinstance(ext, dict):
            continue
        kind = str(ext.get("type", "")).lower()
        if "type" in ext:
            ext["type"] = kind
        if kind in ("token", "cognito_user_pools") and ext.get(OAS_AUTHORIZER.identity_source) == \
                PARAMETER_PREFIX + f"header.{scheme.get('name')}":
            del ext[OAS_AUTHORIZER.identity_source]
        scheme[OAS_SCHEME.authorizer] = unwrap_pseudo(ext)


def _servers(doc: dict[str, Any]) -> None:
    servers = doc.get("servers")
    key = OAS_API.endpoint_configuration
    if not isinstance(servers, list):
        return
    configs = [s.pop(key) for s in servers if isinstance(s, dict) and key in s]
    servers[:] = [s for s in servers if s not in ({"url": "/"}, {})]
    if configs:
        if not servers:
            servers.append({"url": "/"})
        servers[0][key] = configs[0]


# --- templates -----------------------------------------------------------------------------------------
def template_api_view(template: Mapping[str, Any], api: str) -> dict[str, Any]:
    """The API of ``template`` without logical IDs: ``{"api", "paths", "methods", "models", "authorizers",
    "validators", "gateway_responses"}``, each keyed by path, ``"<VERB> <path>"`` or name. ``view["sources"]``
    maps those keys to the logical IDs they came from."""
    walk = TemplateWalk(template)
    resources = walk.resources
    members = {r.lid: r.raw for r in walk.each() if ref_target(r.props.get(CFN_COMMON.rest_api)) == api}
    named: dict[str, str] = {}
    for lid, res in members.items():
        props = res.get(CFN_ENTRY.properties) or {}
        kind = {TYPES["authorizer"]: "authorizer", TYPES["validator"]: "validator", TYPES["model"]: "model"}.get(
            str(res.get(CFN_ENTRY.type)))
        if kind:
            name = props.get(CFN_COMMON.name, lid)
            named[lid] = f"{kind}:{name if isinstance(name, str) else lid}"
    paths = _paths(members, api)
    view: dict[str, Any] = {"api": {}, "paths": sorted(paths.values()), "methods": {}, "models": {},
                            "authorizers": {}, "validators": {}, "gateway_responses": {}, "sources": {}}
    for key, value in ((resources.get(api) or {}).get(CFN_ENTRY.properties) or {}).items():
        if key == CFN_API.binary_media_types:
            value = map_strings(value, unescape)
        if key not in (CFN_API.body, CFN_API_ONLY.tags, CFN_API_ONLY.fail_on_warnings, CFN_API_ONLY.mode):
            view["api"][key] = plain(value)
    view["api"].setdefault(CFN_COMMON.name, api)
    for lid, res in members.items():
        props = {k: v for k, v in (res.get(CFN_ENTRY.properties) or {}).items() if k != CFN_COMMON.rest_api}
        kind = res.get(CFN_ENTRY.type)
        if kind == TYPES["method"]:
            key = _method_key(props, paths, api)
            view["methods"][key] = _method(props, key.split(" ", 1)[1], named, api)
            view["sources"][key] = lid
        elif kind in (TYPES["authorizer"], TYPES["validator"], TYPES["model"]):
            section = {TYPES["authorizer"]: "authorizers", TYPES["validator"]: "validators",
                       TYPES["model"]: "models"}[kind]
            name = named[lid].split(":", 1)[1]
            value = _rename(props, named, api)
            if isinstance(value.get(CFN_COMMON.name), str):
                del value[CFN_COMMON.name]
            if kind == TYPES["model"]:
                value.setdefault(CFN_MODEL.content_type, "application/json")
                if isinstance(value.get(CFN_MODEL.json_schema), dict):
                    value[CFN_MODEL.json_schema].pop("$schema", None)
            if kind == TYPES["authorizer"] and value.get(CFN_SCHEME.auth_type) in ("custom", "cognito_user_pools"):
                del value[CFN_SCHEME.auth_type]
            view[section][name] = value
            view["sources"][f"{section} {name}"] = lid
        elif kind == TYPES["gateway_response"]:
            view["gateway_responses"][str(props.get(CFN_COMMON.response_type))] = plain(props)
            view["sources"][f"gateway_responses {props.get('ResponseType')}"] = lid
    return view


def _paths(members: Mapping[str, Any], api: str) -> dict[str, str]:
    parents = {lid: res.get(CFN_ENTRY.properties) or {} for lid, res in members.items()
               if res.get(CFN_ENTRY.type) == TYPES["resource"]}
    out: dict[str, str] = {}

    def path(lid: str, depth: int = 0) -> str:
        if lid in out or depth > 100:
            return out.get(lid, "?")
        props = parents[lid]
        parent = props.get(CFN_RESOURCE.parent)
        target = ref_target(parent) or (getatt_parts(parent) or ("", ""))[0]
        base = "" if target == api or target not in parents else path(target, depth + 1)
        out[lid] = f"{base}/{props.get(CFN_RESOURCE.path_part)}"
        return out[lid]

    for lid in parents:
        path(lid)
    return out


def _method_key(props: Mapping[str, Any], paths: Mapping[str, str], api: str) -> str:
    node = props.get(CFN_METHOD.resource)
    target = ref_target(node) or (getatt_parts(node) or ("", ""))[0]
    return f"{str(props.get('HttpMethod')).upper()} {paths.get(target, '/') if target != api else '/'}"


def _rename(value: Any, named: Mapping[str, str], api: str) -> Any:
    """Refs to named things become ``"<kind>:<name>"``; model URLs become ``#/models/<name>``."""
    target = ref_target(value)
    if target is not None and target in named:
        return named[target]
    if is_intrinsic(value) and isinstance(value.get("Fn::Sub"), str):
        for lid, name in named.items():
            model = name.split(":", 1)[1]
            if value["Fn::Sub"] in (MODEL_URL % (api, f"${{{lid}}}"), MODEL_URL % (api, model)):
                return MODEL_REF_PREFIX + model
    if isinstance(value, Mapping):
        return {k: _rename(v, named, api) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename(v, named, api) for v in value]
    return value


def _method(props: Mapping[str, Any], path: str, named: Mapping[str, str], api: str) -> dict[str, Any]:
    placement = (CFN_METHOD.resource, CFN_METHOD.verb)
    out: dict[str, Any] = _rename({k: v for k, v in props.items() if k not in placement}, named, api)
    out.setdefault(CFN_METHOD.authorization_type, AUTHORIZATION["none"])
    if out.get(CFN_METHOD.api_key_required) is False:
        del out[CFN_METHOD.api_key_required]
    for key in (CFN_METHOD.parameters,):
        if isinstance(out.get(key), dict):
            out[key] = {k: v.lower() == "true" if isinstance(v, str) and v.lower() in ("true", "false") else v
                        for k, v in out[key].items()}
    declared = out.get(CFN_METHOD.parameters, {})
    params = dict(declared or {}) if isinstance(declared, dict) else None
    if params is not None:
        params.update({key: True for key in params if key.startswith(PATH_PARAMETER)})
        for part in segments(path):
            if is_variable(part):
                params[PATH_PARAMETER + variable_name(part)] = True
        if params:
            out[CFN_METHOD.parameters] = params
    for kind in (CFN_METHOD.request_models,):
        if isinstance(out.get(kind), dict):
            out[kind] = {ct: v if str(v).startswith("model:") else f"model:{v}" for ct, v in out[kind].items()}
    responses = out.get(CFN_METHOD.responses)
    if isinstance(responses, list):
        for response in responses:
            if isinstance(response, dict):
                response[CFN_RESPONSE.status_code] = str(response.get(CFN_RESPONSE.status_code))
                models = response.get(CFN_RESPONSE.models)
                if isinstance(models, dict):
                    response[CFN_RESPONSE.models] = {ct: v if str(v).startswith("model:") else f"model:{v}"
                                                  for ct, v in models.items()}
        out[CFN_METHOD.responses] = sorted(responses, key=lambda r: str(r.get(CFN_RESPONSE.status_code))
                                        if isinstance(r, dict) else "")
    if CFN_METHOD.integration in out:
        out[CFN_METHOD.integration] = _integration(out[CFN_METHOD.integration], "cfn")
    return out


# --- explaining differences ----------------------------------------------------------------------------
def differences(before: Any, after: Any) -> list[tuple[tuple[Any, ...], str]]:
    """Every difference between two values: ``(path, description)``, the path as a tuple of keys."""
    diff = DeepDiff(before, after, verbose_level=2)
    out = []
    for kind, items in diff.tree.items():
        for item in items:
            out.append((tuple(item.path(output_format="list")), f"{kind}: {item.t1!r} -> {item.t2!r}"[:300]))
    return out


def unexplained(found: Iterable[tuple[tuple[Any, ...], str]], diagnostics: Iterable[Diagnostic],
                base: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], str]]:
    """The differences no diagnostic's pointer lies on (above or below), relative to ``base``."""
    pointers = [tuple(str(token) for token in d.path) for d in diagnostics]
    out = []
    for path, text in found:
        full = tuple(str(p) for p in (*base, *path))
        if not any(full[: len(p)] == p or p[: len(full)] == full for p in pointers):
            out.append((path, text))
    return out


def view_unexplained(before: Mapping[str, Any], after: Mapping[str, Any], diagnostics: Iterable[Diagnostic],
                     api: str, base: tuple[str, ...] = (CFN_TEMPLATE.resources,)) -> list[tuple[tuple[Any, ...], str]]:
    """The differences between two :func:`template_api_view` results that no diagnostic about the source
    resource (found through ``before["sources"]``) accounts for."""
    found = differences({k: v for k, v in before.items() if k != "sources"},
                        {k: v for k, v in after.items() if k != "sources"})
    pointers = [d.path for d in diagnostics]
    out = []
    for path, text in found:
        section = path[0] if path else ""
        key = f"{section} {path[1]}" if section != "methods" and len(path) > 1 else (path[1] if len(path) > 1 else "")
        lid = api if section in ("api", "paths") else before.get("sources", {}).get(key)
        where = (*base, lid) if lid else base
        if not any(p[: len(where)] == where for p in pointers):
            out.append((path, text))
    return out
