"""THE field table: every field of an integration, with both external names spelled out.

One row per field: the neutral attribute (``apigw_convert.model``), the CloudFormation key, the OpenAPI
``x-amazon-apigateway-integration`` key, and the kind of value. A name of ``None`` means the field does not
exist in that dialect; writing a set value there produces the row's ``loss_code`` diagnostic by itself.
Rows whose ``kind`` is ``RESPONSES`` or ``PATTERN`` differ in shape between the dialects and are handled by a
small named function in each codec. ``grep IntegrationHttpMethod`` lands on its row: never derive names.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Literal

from .diagnostics import CodeName
from .enums import ConnectionType, ContentHandling, IntegrationType, PassthroughBehavior, ResponseTransferMode

Dialect = Literal["cfn", "openapi"]
DIALECTS: tuple[Dialect, ...] = ("cfn", "openapi")


class Kind(Enum):
    """The shape of a field's value. Every kind also accepts an intrinsic function."""

    TEXT = "string"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    ENUM = "enum"
    TEXT_LIST = "list of strings"
    TEXT_MAP = "map of strings"
    OBJECT = "object"
    RESPONSES = "integration responses"  # CFN list <-> OpenAPI map keyed by selection pattern
    PATTERN = "selection pattern"  # CFN field <-> OpenAPI responses key


@dataclass(frozen=True)
class FieldSpec:
    """One row of the table."""

    neutral: str
    cfn: str | None
    openapi: str | None
    kind: Kind
    enum: type[Enum] | None = None
    openapi_lower: bool = False  # OpenAPI writes this enum in lower case, as AWS exports do
    required: bool = False
    loss_code: CodeName = "unknown-field"
    numbers_as_text: bool = False  # a YAML number here (status code 200) is read as the string "200"
    fields: tuple[FieldSpec, ...] = ()  # the rows of a nested OBJECT
    model: str | None = None  # the class in apigw_convert.model of a nested OBJECT (by name: no import here)

    def name(self, dialect: Dialect) -> str | None:
        """This field's key in ``dialect``."""
        return self.cfn if dialect == "cfn" else self.openapi


TLS_CONFIG_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("insecure_skip_verification", None, "insecureSkipVerification", Kind.BOOLEAN),
)

RESPONSE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("status_code", "StatusCode", "statusCode", Kind.TEXT, required=True, numbers_as_text=True),
    FieldSpec("selection_pattern", "SelectionPattern", None, Kind.PATTERN, numbers_as_text=True),
    FieldSpec("response_parameters", "ResponseParameters", "responseParameters", Kind.TEXT_MAP),
    FieldSpec("response_templates", "ResponseTemplates", "responseTemplates", Kind.TEXT_MAP),
    FieldSpec("content_handling", "ContentHandling", "contentHandling", Kind.ENUM, ContentHandling),
)

INTEGRATION_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("type", "Type", "type", Kind.ENUM, IntegrationType, openapi_lower=True, required=True),
    FieldSpec("http_method", "IntegrationHttpMethod", "httpMethod", Kind.TEXT),
    FieldSpec("uri", "Uri", "uri", Kind.TEXT),
    FieldSpec("connection_type", "ConnectionType", "connectionType", Kind.ENUM, ConnectionType),
    FieldSpec("connection_id", "ConnectionId", "connectionId", Kind.TEXT),
    FieldSpec("integration_target", "IntegrationTarget", "integrationTarget", Kind.TEXT),
    FieldSpec("credentials", "Credentials", "credentials", Kind.TEXT),
    FieldSpec("request_parameters", "RequestParameters", "requestParameters", Kind.TEXT_MAP),
    FieldSpec("request_templates", "RequestTemplates", "requestTemplates", Kind.TEXT_MAP),
    FieldSpec("passthrough_behavior", "PassthroughBehavior", "passthroughBehavior", Kind.ENUM,
              PassthroughBehavior, openapi_lower=True),
    FieldSpec("content_handling", "ContentHandling", "contentHandling", Kind.ENUM, ContentHandling),
    FieldSpec("timeout_in_millis", "TimeoutInMillis", "timeoutInMillis", Kind.INTEGER),
    FieldSpec("cache_namespace", "CacheNamespace", "cacheNamespace", Kind.TEXT),
    FieldSpec("cache_key_parameters", "CacheKeyParameters", "cacheKeyParameters", Kind.TEXT_LIST),
    FieldSpec("response_transfer_mode", "ResponseTransferMode", "responseTransferMode", Kind.ENUM,
              ResponseTransferMode),
    FieldSpec("tls_config", None, "tlsConfig", Kind.OBJECT, loss_code="tls-config-unsupported",
              fields=TLS_CONFIG_FIELDS, model="TlsConfig"),
    FieldSpec("integration_responses", "IntegrationResponses", "responses", Kind.RESPONSES),
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
