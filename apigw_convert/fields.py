"""THE field table: every field of an integration, with its external name in each dialect spelled out.

One row per field: the neutral attribute (``apigw_convert.model``), its key in each dialect it exists in (a
mapping: ``cfn``, the CloudFormation property; ``openapi``, the ``x-amazon-apigateway-integration`` key), and
the kind of value. A dialect missing from the mapping has no such field; writing a set value there produces
the row's ``loss_code`` diagnostic by itself. A new dialect is a new key in these mappings and a codec.
Rows whose ``kind`` is ``RESPONSES`` or ``PATTERN`` differ in shape between the dialects: their rules are in
:mod:`apigw_convert.codecs.shape`. ``grep IntegrationHttpMethod`` lands on its row: never derive names.
:func:`written_order` is the order keys are written in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Literal

from .diagnostics import CodeName
from .enums import ConnectionType, ContentHandling, IntegrationType, PassthroughBehavior, ResponseTransferMode

Dialect = Literal["cfn", "openapi"]
DIALECTS: tuple[Dialect, ...] = ("cfn", "openapi")
DIALECT_NAMES: dict[Dialect, str] = {"cfn": "CloudFormation", "openapi": "OpenAPI"}  # for messages


class Kind(Enum):
    """The shape of a field's value. Every kind also accepts an intrinsic function. What each kind means (how it
    is read, written, named, described in JSON Schema) is defined once, in :mod:`apigw_convert.kinds`."""

    TEXT = "string"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    ENUM = "enum"
    TEXT_LIST = "list of strings"
    TEXT_MAP = "map of strings"
    OBJECT = "object"  # a nested object read and written through its own rows (``fields``)
    SHAPED = "shaped"  # read and written by a named function of the dialect module, not by the table
    RESPONSES = "integration responses"  # CFN list <-> OpenAPI map keyed by selection pattern
    PATTERN = "selection pattern"  # CFN field <-> OpenAPI responses key

    __hash__ = object.__hash__  # members are compared by identity: a C-level hash keeps dispatch by kind cheap


@dataclass(frozen=True)
class FieldSpec:
    """One row of the table."""

    neutral: str
    names: Mapping[Dialect, str] = field(hash=False)  # the key in each dialect the field exists in
    kind: Kind
    enum: type[Enum] | None = None
    lower_in: tuple[Dialect, ...] = ()  # dialects that write this enum in lower case (OpenAPI, as AWS exports do)
    required: bool = False
    loss_code: CodeName = "unknown-field"
    numbers_as_text: bool = False  # a YAML number here (status code 200) is read as the string "200"
    fields: tuple[FieldSpec, ...] = ()  # the rows of a nested OBJECT
    model: str | None = None  # the class in apigw_convert.nodes of a nested OBJECT (by name: no import here)

    def name(self, dialect: Dialect) -> str | None:
        """This field's key in ``dialect``."""
        return self.names.get(dialect)


TLS_CONFIG_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("insecure_skip_verification", {"openapi": "insecureSkipVerification"}, Kind.BOOLEAN),
)

RESPONSE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("status_code", {"cfn": "StatusCode",
                              "openapi": "statusCode"}, Kind.TEXT, required=True, numbers_as_text=True),
    FieldSpec("selection_pattern", {"cfn": "SelectionPattern"}, Kind.PATTERN, numbers_as_text=True),
    FieldSpec("response_parameters", {"cfn": "ResponseParameters", "openapi": "responseParameters"}, Kind.TEXT_MAP),
    FieldSpec("response_templates", {"cfn": "ResponseTemplates", "openapi": "responseTemplates"}, Kind.TEXT_MAP),
    FieldSpec("content_handling", {"cfn": "ContentHandling", "openapi": "contentHandling"}, Kind.ENUM, ContentHandling),
)

INTEGRATION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("type", {"cfn": "Type",
                       "openapi": "type"}, Kind.ENUM, IntegrationType, lower_in=("openapi",), required=True),
    FieldSpec("http_method", {"cfn": "IntegrationHttpMethod", "openapi": "httpMethod"}, Kind.TEXT),
    FieldSpec("uri", {"cfn": "Uri", "openapi": "uri"}, Kind.TEXT),
    FieldSpec("connection_type", {"cfn": "ConnectionType", "openapi": "connectionType"}, Kind.ENUM, ConnectionType),
    FieldSpec("connection_id", {"cfn": "ConnectionId", "openapi": "connectionId"}, Kind.TEXT),
    FieldSpec("integration_target", {"cfn": "IntegrationTarget", "openapi": "integrationTarget"}, Kind.TEXT),
    FieldSpec("credentials", {"cfn": "Credentials", "openapi": "credentials"}, Kind.TEXT),
    FieldSpec("request_parameters", {"cfn": "RequestParameters", "openapi": "requestParameters"}, Kind.TEXT_MAP),
    FieldSpec("request_templates", {"cfn": "RequestTemplates", "openapi": "requestTemplates"}, Kind.TEXT_MAP),
    FieldSpec("passthrough_behavior", {"cfn": "PassthroughBehavior", "openapi": "passthroughBehavior"}, Kind.ENUM,
              PassthroughBehavior, lower_in=("openapi",)),
    FieldSpec("content_handling", {"cfn": "ContentHandling", "openapi": "contentHandling"}, Kind.ENUM, ContentHandling),
    FieldSpec("timeout_in_millis", {"cfn": "TimeoutInMillis", "openapi": "timeoutInMillis"}, Kind.INTEGER),
    FieldSpec("cache_namespace", {"cfn": "CacheNamespace", "openapi": "cacheNamespace"}, Kind.TEXT),
    FieldSpec("cache_key_parameters", {"cfn": "CacheKeyParameters", "openapi": "cacheKeyParameters"}, Kind.TEXT_LIST),
    FieldSpec("response_transfer_mode", {"cfn": "ResponseTransferMode", "openapi": "responseTransferMode"}, Kind.ENUM,
              ResponseTransferMode),
    FieldSpec("tls_config", {"openapi": "tlsConfig"}, Kind.OBJECT, loss_code="tls-config-unsupported",
              fields=TLS_CONFIG_FIELDS, model="TlsConfig"),
    FieldSpec("integration_responses", {"cfn": "IntegrationResponses", "openapi": "responses"}, Kind.RESPONSES),
)

# Keys of the OpenAPI extension that only HTTP APIs (API Gateway v2) use: dropped from REST integrations
# with an ``http-api-only-field`` diagnostic. ``serverNameToVerify`` lives inside ``tlsConfig``.
HTTP_API_ONLY_KEYS: frozenset[str] = frozenset(
    {"payloadFormatVersion", "integrationSubtype", "responseParameters", "serverNameToVerify"}
)

MODELS: dict[str, tuple[FieldSpec, ...]] = {  # the rows of each class of apigw_convert.model, by class name
    "Integration": INTEGRATION_FIELDS,
    "IntegrationResponse": RESPONSE_FIELDS,
    "TlsConfig": TLS_CONFIG_FIELDS,
}


_BY_NAME: dict[tuple[int, Dialect], dict[str, FieldSpec]] = {}


def by_name(fields: tuple[FieldSpec, ...], dialect: Dialect) -> dict[str, FieldSpec]:
    """The rows of ``fields`` keyed by their name in ``dialect`` (rows absent there are left out); cached."""
    key = (id(fields), dialect)
    found = _BY_NAME.get(key)
    if found is None:
        found = _BY_NAME[key] = {name: spec for spec in fields if (name := spec.name(dialect)) is not None}
    return found


def written_order(fields: tuple[FieldSpec, ...], order: tuple[str, ...]) -> list[FieldSpec]:
    """The rows in the order their keys are written: the source's (``order``, neutral names), and each row the
    source did not give right after its table neighbour (a selection pattern taken from an OpenAPI key lands
    right after ``StatusCode``)."""
    rank: dict[str, float] = {name: float(i) for i, name in enumerate(order)}
    previous = -1.0
    for spec in fields:
        previous = rank.setdefault(spec.neutral, previous + 0.001)
    return sorted(fields, key=lambda spec: rank[spec.neutral])
