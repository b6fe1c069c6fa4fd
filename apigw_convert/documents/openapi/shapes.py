"""OpenAPI 2.0 / 3.0 shapes shared by the OpenAPI reader and writer: versions, ``$ref`` prefixes, and the
values the writer synthesizes where OpenAPI requires something a template does not say.

The neutral form of an OpenAPI fragment (in ``annotations``) is OpenAPI 3.0's: a parameter or header has a
``schema``, reusable things live under ``components``, and references to models are ``#/models/<name>``.
The reader normalises OpenAPI 2.0 into it; the 2.0 writer turns it back.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from ...diagnostics import input_error
from ...intrinsics import SCALARS, is_intrinsic, is_mapping, plain
from ...pointer import Path
from ..model import Authorizer
from ..names import API_KEY_HEADER, MODEL_REF_PREFIX, SIGV4_AUTHTYPE

V2, V3 = "2.0", "3.0"
DEFAULT_V3 = "3.0.1"
DEFAULT_INFO_VERSION = "1.0"
DEFAULT_MEDIA = "application/json"
STRING_SCHEMA: dict[str, Any] = {"type": "string"}
EXTENSION = "x-"

# $ref prefixes, per version, of the things a document can refer to
_PREFIXES = {
    V2: {"models": "#/definitions/", "parameters": "#/parameters/", "responses": "#/responses/"},
    V3: {"models": "#/components/schemas/", "parameters": "#/components/parameters/",
         "responses": "#/components/responses/", "requestBodies": "#/components/requestBodies/",
         "headers": "#/components/headers/"},
}
NEUTRAL_PREFIXES = {"models": MODEL_REF_PREFIX, "parameters": "#/components/parameters/",
                    "responses": "#/components/responses/", "requestBodies": "#/components/requestBodies/",
                    "headers": "#/components/headers/"}

# the security schemes the writer adds when a method needs them (names and shapes as AWS exports them)
API_KEY_SCHEME_NAME, SIGV4_SCHEME_NAME = "api_key", "sigv4"
API_KEY_SCHEME: dict[str, Any] = {"type": "apiKey", "name": "x-api-key", "in": "header"}
SIGV4_SCHEME: dict[str, Any] = {"type": "apiKey", "name": "Authorization", "in": "header",
                                "x-amazon-apigateway-authtype": "awsSigv4"}

# the keys of OpenAPI 2.0 parameter / header objects that OpenAPI 3.0 keeps inside "schema"
SCHEMA_KEYS = ("type", "format", "items", "default", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
               "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "enum", "multipleOf")

# keys valid in one version only, per object kind: written into the other version they are a loss
ONLY = {
    V2: {  # the schema keys of 2.0 parameters and headers are moved into "schema" when a 2.0 document is read
        "operation": {"consumes", "produces", "schemes"},
        "parameter": {"collectionFormat"},
        "response": {"schema", "examples"},
        "header": {"collectionFormat"},
        "requestBody": {"name"},
        "document": {"host", "basePath", "schemes", "consumes", "produces"},
    },
    V3: {  # "schema" of parameters / headers and "requestBody" are the neutral form: each writer shapes them
        "operation": {"callbacks", "servers"},
        "parameter": {"style", "explode", "allowReserved", "example", "examples", "content", "deprecated"},
        "response": {"content", "links"},
        "header": {"style", "explode", "allowReserved", "example", "examples", "content", "deprecated",
                   "required"},
        "requestBody": {"content"},
        "document": {"servers"},
    },
}


# the keys each OpenAPI object may have (besides x- extensions), per version
_V2_PARAM = {"name", "in", "description", "required", "allowEmptyValue", "collectionFormat", "schema", *SCHEMA_KEYS}
_V3_PARAM = {"name", "in", "description", "required", "deprecated", "allowEmptyValue", "style", "explode",
             "allowReserved", "schema", "example", "examples", "content"}
FIELDS: dict[str, dict[str, frozenset[str]]] = {
    V2: {
        "document": frozenset({"swagger", "info", "host", "basePath", "schemes", "consumes", "produces", "paths",
                               "definitions", "parameters", "responses", "securityDefinitions", "security", "tags",
                               "externalDocs"}),
        "info": frozenset({"title", "description", "termsOfService", "contact", "license", "version"}),
        "path": frozenset({"$ref", "get", "put", "post", "delete", "options", "head", "patch", "parameters"}),
        "operation": frozenset({"tags", "summary", "description", "externalDocs", "operationId", "consumes",
                                "produces", "parameters", "responses", "schemes", "deprecated", "security"}),
        "parameter": frozenset(_V2_PARAM),
        "response": frozenset({"description", "schema", "headers", "examples"}),
        "header": frozenset({"description", "collectionFormat", *SCHEMA_KEYS}),
    },
    V3: {
        "document": frozenset({"openapi", "info", "servers", "paths", "components", "security", "tags",
                               "externalDocs"}),
        "info": frozenset({"title", "description", "termsOfService", "contact", "license", "version"}),
        "path": frozenset({"$ref", "summary", "description", "get", "put", "post", "delete", "options", "head",
                           "patch", "trace", "servers", "parameters"}),
        "operation": frozenset({"tags", "summary", "description", "externalDocs", "operationId", "parameters",
                                "requestBody", "responses", "callbacks", "deprecated", "security", "servers"}),
        "parameter": frozenset(_V3_PARAM),
        "response": frozenset({"description", "headers", "content", "links"}),
        "header": frozenset(_V3_PARAM - {"name", "in"}),
    },
}


def known(kind: str, version: str, key: Any) -> bool:
    """Whether ``key`` may stand in an OpenAPI ``version`` object of ``kind`` (extensions always may)."""
    return isinstance(key, str) and (key.startswith(EXTENSION) or key in FIELDS[version][kind])


def version_of(doc: Mapping[str, Any], path: Path) -> str:
    """``"2.0"`` or ``"3.0"``; anything else is an InputError."""
    swagger, openapi = doc.get("swagger"), doc.get("openapi")
    if swagger is not None and str(swagger) in ("2.0", "2"):
        return V2
    if isinstance(openapi, str) and (openapi == "3.0" or openapi.startswith("3.0.")):
        return V3
    found = f"swagger: {swagger!r}" if swagger is not None else f"openapi: {openapi!r}"
    raise input_error("unsupported-openapi-version", path, f"{found}; expected swagger: '2.0' or openapi: 3.0.x")


def retarget(value: Any, source: Mapping[str, str], target: Mapping[str, str]) -> Any:
    """A plain copy of ``value`` whose ``$ref`` strings use ``target``'s prefixes instead of ``source``'s, and
    whose dates and times are ISO strings (see :func:`iso_scalars`)."""
    cls = type(value)
    if cls in SCALARS:
        return value
    if cls is dict or is_mapping(value):
        out = {}
        for key, item in value.items():
            if key == "$ref" and type(item) is str:
                for kind, prefix in source.items():
                    if item.startswith(prefix) and kind in target:
                        item = target[kind] + item[len(prefix):]
                        break
                out[key] = item
            else:
                out[key] = item if type(item) in SCALARS else retarget(item, source, target)
        return out
    if cls is list or isinstance(value, list):
        return [item if type(item) in SCALARS else retarget(item, source, target) for item in value]
    return iso_scalars(value)


def to_neutral(value: Any, version: str) -> Any:
    """A plain copy of a ``version`` document with ``$ref`` strings in neutral spelling and ISO dates."""
    return retarget(value, _PREFIXES[version], NEUTRAL_PREFIXES)


def from_neutral(value: Any, version: str) -> Any:
    """Neutral ``$ref`` strings in the spelling of ``version``."""
    return retarget(value, NEUTRAL_PREFIXES, _PREFIXES[version])


def ref_name(ref: Any, kind: str) -> str | None:
    """The name in a neutral ``$ref`` to a ``kind`` (``models``, ``parameters`` ...), else ``None``."""
    prefix = NEUTRAL_PREFIXES[kind]
    if isinstance(ref, str) and ref.startswith(prefix) and "/" not in ref[len(prefix):]:
        return ref[len(prefix):]
    return None


def schema_in(obj: Mapping[str, Any]) -> dict[str, Any]:
    """An OpenAPI 2.0 parameter / header with its schema keys moved into ``schema`` (the neutral form)."""
    out = {key: plain(value) for key, value in obj.items() if key not in SCHEMA_KEYS}
    schema = {key: plain(obj[key]) for key in SCHEMA_KEYS if key in obj}
    if schema:
        existing = out.get("schema")
        out["schema"] = {**existing, **schema} if isinstance(existing, Mapping) else schema
    return out


def iso_scalars(value: Any) -> Any:
    """Dates and times (a YAML reading of ``version: 2019-10-13``) as ISO strings: OpenAPI has no such type."""
    cls = type(value)
    if cls in SCALARS:
        return value
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat().replace("+00:00", "Z")
    if cls is dict or is_mapping(value):
        return {key: iso_scalars(item) for key, item in value.items()}
    if cls is list or isinstance(value, list):
        return [iso_scalars(item) for item in value]
    return value


def schema_out(obj: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
    """The neutral form back in OpenAPI 2.0 shape, and whether the schema fitted (no ``$ref`` / composition)."""
    out = {key: plain(value) for key, value in obj.items() if key != "schema"}
    schema = obj.get("schema")
    if schema is None:
        return out, True
    fits = isinstance(schema, Mapping) and all(key in SCHEMA_KEYS for key in schema)
    if fits:
        out.update(plain(schema))
    return out, fits



def response_in(obj: Mapping[str, Any], media: list[str]) -> dict[str, Any]:
    """A reusable OpenAPI 2.0 response in the neutral (3.0) shape: its ``schema`` as ``content`` for each of the
    document's ``media`` types, its headers' schema keys in ``schema``."""
    out: dict[str, Any] = {}
    for key, value in obj.items():
        if key == "schema":
            out["content"] = {ct: {"schema": plain(value)} for ct in media}
        elif key == "headers" and isinstance(value, Mapping) and not is_intrinsic(value):
            out[key] = {name: schema_in(h) if isinstance(h, Mapping) and "$ref" not in h else plain(h)
                        for name, h in value.items()}
        else:
            out[key] = plain(value)
    return out


def response_out(obj: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
    """A neutral reusable response back in OpenAPI 2.0 shape, and whether all of it fitted (one schema for every
    media type, headers with flat schemas)."""
    out: dict[str, Any] = {}
    fits = True
    for key, value in obj.items():
        if key == "content" and isinstance(value, Mapping):
            schemas = [item.get("schema") for item in value.values() if isinstance(item, Mapping)]
            fits = fits and len(schemas) == len(value) and all(s == schemas[0] for s in schemas)
            if schemas and schemas[0] is not None:
                out["schema"] = plain(schemas[0])
        elif key == "headers" and isinstance(value, Mapping) and not is_intrinsic(value):
            headers: dict[str, Any] = {}
            for name, header in value.items():
                if isinstance(header, Mapping) and "$ref" not in header:
                    headers[name], fitted = schema_out(header)
                    fits = fits and fitted
                else:
                    headers[name] = plain(header)
            out[key] = headers
        else:
            out[key] = plain(value)
    return out, fits

# OpenAPI requires at least one response; API Gateway skips "default", so a method without method responses
# gets this one (and the reader, seeing exactly this, reads no responses).
NO_RESPONSES: dict[str, Any] = {"default": {"description": "No method responses"}}


def default_description(status_code: str) -> str:
    """The description written for a response the template says nothing about (as AWS exports do)."""
    return f"{status_code} response"


def without_default(annotations: dict[str, Any], key: str, default: Any) -> dict[str, Any]:
    """``annotations`` without ``key`` when it holds the synthesized ``default``."""
    if annotations.get(key) == default:
        annotations = {k: v for k, v in annotations.items() if k != key}
    return annotations


def valid_status(code: str) -> bool:
    """A method response status code API Gateway accepts (``[1-5]\\d\\d``)."""
    return len(code) == 3 and code[0] in "12345" and code[1:].isdigit()


def body_name(model: Any) -> str:
    """The name the 2.0 writer gives a body parameter: its model's name, as AWS exports do, else ``body``."""
    return model if isinstance(model, str) and model else "body"


# --- security schemes: what the reader classifies and the writer synthesizes --------------------------------
def classify_scheme(scheme: Mapping[str, Any]) -> str:
    """``"authorizer"``, ``"api_key"``, ``"sigv4"`` or ``"other"``."""
    if "x-amazon-apigateway-authorizer" in scheme:
        return "authorizer"
    if str(scheme.get("x-amazon-apigateway-authtype", "")).lower() == SIGV4_AUTHTYPE.lower():
        return "sigv4"
    if (scheme.get("type") == "apiKey" and scheme.get("in") == "header"
            and str(scheme.get("name", "")).lower() == API_KEY_HEADER):
        return "api_key"
    return "other"


def scheme_header(auth: Authorizer) -> str | None:
    """The header a TOKEN / Cognito authorizer reads its identity from, when its identity source is one header."""
    source = auth.identity_source
    if isinstance(source, str) and source.startswith("method.request.header.") and "," not in source:
        return source[len("method.request.header."):]
    return None


def synthesized_scheme(auth: Authorizer) -> dict[str, Any]:
    """The security scheme fields the writer produces for ``auth`` (beyond the authorizer extension)."""
    return {"type": "apiKey", "name": scheme_header(auth) or "Unused", "in": "header"}
