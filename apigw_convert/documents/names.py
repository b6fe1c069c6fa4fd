"""THE name table of whole documents: every method-, API- and component-level field, both spellings.

Like :mod:`apigw_convert.fields` for integrations: one row per field, the neutral attribute
(:mod:`.model`) and its name in each dialect (the CloudFormation property, the OpenAPI key), spelled out
so that ``grep OperationName`` lands on its row. A dialect missing from a row's names has no home for the
field. Rows whose shapes differ (parameters, responses, security) are read and written by small named
functions in the dialect modules; flat sub-objects (authorizers, validators, gateway responses, endpoint
configuration) go through the shared table machinery of :mod:`apigw_convert.table_engine`.
"""

from __future__ import annotations

from ..fields import Dialect, FieldSpec, Kind
from ..resource_types import APIS as APIS  # the resource types, for the document modules
from ..resource_types import DEPLOYMENT as DEPLOYMENT
from ..resource_types import RESTAPI as RESTAPI
from ..resource_types import SERVERLESS_API as SERVERLESS_API
from ..resource_types import SERVERLESS_FUNCTION as SERVERLESS_FUNCTION
from ..resource_types import TYPES as TYPES
from .model import AuthorizerType, EndpointConfiguration, GatewayResponse, RequestValidator

S = Kind.SHAPED  # a shaped row: read and written by a named function of the dialect module, not by the table


class Spelling:
    """The names of one table in one dialect, as attributes: ``CFN_METHOD.operation_name == "OperationName"``."""

    def __init__(self, rows: tuple[FieldSpec, ...], dialect: Dialect) -> None:
        self._names = {row.neutral: row.name(dialect) for row in rows}
        # plain attributes: the readers look names up in their inner loops, __getattr__ costs a call each time
        self.__dict__.update({neutral: name for neutral, name in self._names.items() if name is not None})

    def __getattr__(self, neutral: str) -> str:  # only reached for a name the dialect lacks
        raise AttributeError(f"{neutral!r} has no name in this dialect")

    def all(self) -> frozenset[str]:
        """Every external name of the table."""
        return frozenset(name for name in self._names.values() if name)


METHOD: tuple[FieldSpec, ...] = (
    FieldSpec("verb", {"cfn": "HttpMethod"}, S),  # OpenAPI: the operation's key in its path item (see VERBS)
    FieldSpec("operation_name", {"cfn": "OperationName", "openapi": "operationId"}, Kind.TEXT),
    FieldSpec("parameters", {"cfn": "RequestParameters", "openapi": "parameters"}, S),
    FieldSpec("request_models", {"cfn": "RequestModels",
                                 "openapi": "requestBody"}, S),  # OpenAPI 2: an `in: body` parameter
    FieldSpec("responses", {"cfn": "MethodResponses", "openapi": "responses"}, S),
    FieldSpec("authorization_type", {"cfn": "AuthorizationType", "openapi": "security"}, Kind.TEXT),
    FieldSpec("authorizer", {"cfn": "AuthorizerId", "openapi": "security"}, S),
    FieldSpec("authorization_scopes", {"cfn": "AuthorizationScopes", "openapi": "security"}, Kind.TEXT_LIST),
    FieldSpec("api_key_required", {"cfn": "ApiKeyRequired", "openapi": "security"}, Kind.BOOLEAN),
    FieldSpec("request_validator", {"cfn": "RequestValidatorId",
                                    "openapi": "x-amazon-apigateway-request-validator"}, S),
    FieldSpec("integration", {"cfn": "Integration", "openapi": "x-amazon-apigateway-integration"}, S),
    FieldSpec("legacy_auth", {"openapi": "x-amazon-apigateway-auth"}, S),  # {type: NONE | AWS_IAM}
    FieldSpec("consumes", {"openapi": "consumes"}, S),  # OpenAPI 2: content types of request_models
    FieldSpec("produces", {"openapi": "produces"}, S),  # OpenAPI 2: content types of response models
    FieldSpec("resource", {"cfn": "ResourceId"}, S),
    FieldSpec("rest_api", {"cfn": "RestApiId"}, S),
)

RESPONSE: tuple[FieldSpec, ...] = (
    FieldSpec("status_code", {"cfn": "StatusCode"}, Kind.TEXT, numbers_as_text=True),  # OpenAPI: the key
    FieldSpec("headers", {"cfn": "ResponseParameters", "openapi": "headers"}, S),
    FieldSpec("models", {"cfn": "ResponseModels", "openapi": "content"}, S),  # OpenAPI 2: schema + produces
)

API: tuple[FieldSpec, ...] = (
    FieldSpec("name", {"cfn": "Name", "openapi": "title"}, Kind.TEXT),  # OpenAPI: inside info
    FieldSpec("description", {"cfn": "Description", "openapi": "description"}, Kind.TEXT),  # OpenAPI: inside info
    FieldSpec("binary_media_types", {"cfn": "BinaryMediaTypes",
                                     "openapi": "x-amazon-apigateway-binary-media-types"}, Kind.TEXT_LIST),
    FieldSpec("minimum_compression_size", {"cfn": "MinimumCompressionSize",
                                           "openapi": "x-amazon-apigateway-minimum-compression-size"},
              Kind.INTEGER),
    FieldSpec("api_key_source_type", {"cfn": "ApiKeySourceType",
                                      "openapi": "x-amazon-apigateway-api-key-source"}, Kind.TEXT),
    FieldSpec("policy", {"cfn": "Policy", "openapi": "x-amazon-apigateway-policy"}, S),
    FieldSpec("endpoint_configuration", {"cfn": "EndpointConfiguration",
                                         "openapi": "x-amazon-apigateway-endpoint-configuration"}, S),
    FieldSpec("disable_execute_api_endpoint", {"cfn": "DisableExecuteApiEndpoint"}, Kind.BOOLEAN),
    FieldSpec("gateway_responses", {"openapi": "x-amazon-apigateway-gateway-responses"}, S),
    FieldSpec("request_validators", {"openapi": "x-amazon-apigateway-request-validators"}, S),
    FieldSpec("default_request_validator", {"openapi": "x-amazon-apigateway-request-validator"}, S),
    FieldSpec("body", {"cfn": "Body"}, S),
    FieldSpec("body_s3_location", {"cfn": "BodyS3Location"}, S),
    FieldSpec("version", {"openapi": "version"}, S),  # OpenAPI: info.version; carried in Metadata
)

RESOURCE: tuple[FieldSpec, ...] = (
    FieldSpec("parent", {"cfn": "ParentId"}, S),
    FieldSpec("path_part", {"cfn": "PathPart"}, S),
    FieldSpec("rest_api", {"cfn": "RestApiId"}, S),
)

MODEL: tuple[FieldSpec, ...] = (
    FieldSpec("name", {"cfn": "Name"}, S),  # OpenAPI: the key in definitions / components.schemas
    FieldSpec("json_schema", {"cfn": "Schema"}, S),  # OpenAPI: the value
    FieldSpec("content_type", {"cfn": "ContentType"}, Kind.TEXT),
    FieldSpec("description", {"cfn": "Description"}, Kind.TEXT),
    FieldSpec("rest_api", {"cfn": "RestApiId"}, S),
)

SCHEME: tuple[FieldSpec, ...] = (
    FieldSpec("name", {"cfn": "Name"}, S),  # OpenAPI: the security scheme's key
    FieldSpec("auth_type", {"cfn": "AuthType", "openapi": "x-amazon-apigateway-authtype"}, Kind.TEXT),
    FieldSpec("authorizer", {"openapi": "x-amazon-apigateway-authorizer"}, S),
    FieldSpec("rest_api", {"cfn": "RestApiId"}, S),
)

COMMON: tuple[FieldSpec, ...] = (  # keys several resource types share
    FieldSpec("name", {"cfn": "Name"}, S),  # OpenAPI: the key of the map the object is in
    FieldSpec("rest_api", {"cfn": "RestApiId"}, S),
    FieldSpec("response_type", {"cfn": "ResponseType"}, S),  # OpenAPI: the gateway-responses key
)

# --- the template around the API (checked against cfn-lint's template and resource schemas) -------------------
TEMPLATE: tuple[FieldSpec, ...] = (  # a template's sections
    FieldSpec("resources", {"cfn": "Resources"}, S),
    FieldSpec("parameters", {"cfn": "Parameters"}, S),
    FieldSpec("conditions", {"cfn": "Conditions"}, S),
    FieldSpec("mappings", {"cfn": "Mappings"}, S),
    FieldSpec("outputs", {"cfn": "Outputs"}, S),
)

RESOURCE_ENTRY: tuple[FieldSpec, ...] = (  # the keys of one resource: its type, properties and attributes
    FieldSpec("type", {"cfn": "Type"}, S),
    FieldSpec("properties", {"cfn": "Properties"}, S),
    FieldSpec("metadata", {"cfn": "Metadata"}, S),
    FieldSpec("condition", {"cfn": "Condition"}, S),
    FieldSpec("depends_on", {"cfn": "DependsOn"}, S),
    FieldSpec("deletion_policy", {"cfn": "DeletionPolicy"}, S),
    FieldSpec("update_replace_policy", {"cfn": "UpdateReplacePolicy"}, S),
)

REST_API_ONLY: tuple[FieldSpec, ...] = (  # RestApi properties that say how to deploy it, not what the API is
    FieldSpec("tags", {"cfn": "Tags"}, S),
    FieldSpec("fail_on_warnings", {"cfn": "FailOnWarnings"}, S),
    FieldSpec("mode", {"cfn": "Mode"}, S),
)

CFN_METHOD, OAS_METHOD = Spelling(METHOD, "cfn"), Spelling(METHOD, "openapi")
CFN_RESPONSE, OAS_RESPONSE = Spelling(RESPONSE, "cfn"), Spelling(RESPONSE, "openapi")
CFN_API, OAS_API = Spelling(API, "cfn"), Spelling(API, "openapi")
CFN_RESOURCE = Spelling(RESOURCE, "cfn")
CFN_MODEL = Spelling(MODEL, "cfn")
CFN_SCHEME, OAS_SCHEME = Spelling(SCHEME, "cfn"), Spelling(SCHEME, "openapi")
CFN_COMMON = Spelling(COMMON, "cfn")
CFN_TEMPLATE, CFN_ENTRY = Spelling(TEMPLATE, "cfn"), Spelling(RESOURCE_ENTRY, "cfn")
CFN_API_ONLY = Spelling(REST_API_ONLY, "cfn")

# --- flat sub-objects: rows for the shared table machinery (table_engine.read_object / write_object) ------
AUTHORIZER_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("type", {"cfn": "Type",
                       "openapi": "type"}, Kind.ENUM, AuthorizerType, lower_in=("openapi",), required=True),
    FieldSpec("authorizer_uri", {"cfn": "AuthorizerUri", "openapi": "authorizerUri"}, Kind.TEXT),
    FieldSpec("authorizer_credentials", {"cfn": "AuthorizerCredentials",
                                         "openapi": "authorizerCredentials"}, Kind.TEXT),
    FieldSpec("identity_source", {"cfn": "IdentitySource", "openapi": "identitySource"}, Kind.TEXT),
    FieldSpec("identity_validation_expression", {"cfn": "IdentityValidationExpression",
                                                 "openapi": "identityValidationExpression"},
              Kind.TEXT),
    FieldSpec("authorizer_result_ttl_in_seconds", {"cfn": "AuthorizerResultTtlInSeconds",
                                                   "openapi": "authorizerResultTtlInSeconds"},
              Kind.INTEGER),
    FieldSpec("provider_arns", {"cfn": "ProviderARNs", "openapi": "providerARNs"}, Kind.TEXT_LIST),
)

VALIDATOR_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("validate_request_body", {"cfn": "ValidateRequestBody", "openapi": "validateRequestBody"}, Kind.BOOLEAN),
    FieldSpec("validate_request_parameters", {"cfn": "ValidateRequestParameters",
                                              "openapi": "validateRequestParameters"}, Kind.BOOLEAN),
)

GATEWAY_RESPONSE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("status_code", {"cfn": "StatusCode", "openapi": "statusCode"}, Kind.TEXT, numbers_as_text=True),
    FieldSpec("response_parameters", {"cfn": "ResponseParameters", "openapi": "responseParameters"}, Kind.TEXT_MAP),
    FieldSpec("response_templates", {"cfn": "ResponseTemplates", "openapi": "responseTemplates"}, Kind.TEXT_MAP),
)

ENDPOINT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("types", {"cfn": "Types"}, Kind.TEXT_LIST, loss_code="endpoint-types-not-in-openapi"),
    FieldSpec("vpc_endpoint_ids", {"cfn": "VpcEndpointIds", "openapi": "vpcEndpointIds"}, Kind.TEXT_LIST),
    FieldSpec("ip_address_type", {"cfn": "IpAddressType"}, Kind.TEXT, loss_code="endpoint-types-not-in-openapi"),
    FieldSpec("disable_execute_api_endpoint", {"openapi": "disableExecuteApiEndpoint"}, Kind.BOOLEAN),
)

TABLES = {RequestValidator: VALIDATOR_FIELDS, GatewayResponse: GATEWAY_RESPONSE_FIELDS,
          EndpointConfiguration: ENDPOINT_FIELDS}

# rows for checking a lone value's type with table_engine.read_value
TEXT_VALUE = FieldSpec("value", {}, Kind.TEXT)
TEXT_LIST_VALUE = FieldSpec("value", {}, Kind.TEXT_LIST)

# --- other fixed spellings ----------------------------------------------------------------------------------
VERBS: dict[str, str] = {  # OpenAPI operation key -> HttpMethod
    "get": "GET", "put": "PUT", "post": "POST", "delete": "DELETE", "options": "OPTIONS", "head": "HEAD",
    "patch": "PATCH", "x-amazon-apigateway-any-method": "ANY",
}
OPERATION_KEYS: dict[str, str] = {verb: key for key, verb in VERBS.items()}  # HttpMethod -> OpenAPI key
UNSUPPORTED_VERBS = frozenset({"trace"})

PARAMETER_PREFIX = "method.request."
PARAMETER_LOCATIONS: dict[str, str] = {"path": "path", "querystring": "query", "header": "header"}  # CFN -> neutral
CFN_LOCATIONS: dict[str, str] = {neutral: cfn for cfn, neutral in PARAMETER_LOCATIONS.items()}
HEADER_PREFIX = "method.response.header."

API_KEY_HEADER = "x-api-key"
SIGV4_AUTHTYPE = "awsSigv4"
AUTHORIZATION = {  # AuthorizationType values
    "none": "NONE", "iam": "AWS_IAM", "custom": "CUSTOM", "cognito": "COGNITO_USER_POOLS",
}
LAMBDA_AUTHORIZERS = frozenset({AuthorizerType.TOKEN, AuthorizerType.REQUEST})  # a Method's CUSTOM authorizers
_AUTHTYPES = {AuthorizerType.TOKEN: "custom", AuthorizerType.REQUEST: "custom",
              AuthorizerType.COGNITO_USER_POOLS: "cognito_user_pools"}


def default_auth_type(kind: object) -> str | None:
    """The ``x-amazon-apigateway-authtype`` an authorizer of this type gets when none is given."""
    return _AUTHTYPES.get(kind) if isinstance(kind, AuthorizerType) else None


def authorization_for(kind: object) -> str:
    """The Method AuthorizationType an authorizer of this type asks for."""
    return AUTHORIZATION["cognito"] if kind == AuthorizerType.COGNITO_USER_POOLS else AUTHORIZATION["custom"]

SAM_BODY = "DefinitionBody"  # the Serverless::Api property holding its inline document (RestApi: CFN_API.body)
SAM_EVENTS = "Events"  # a Serverless::Function's events; an event of Type Api names its RestApiId
SAM_API_EVENT = "Api"
# AWS::Serverless::Api properties with an AWS::ApiGateway::RestApi equivalent: SAM name -> RestApi name
SAM_TO_RESTAPI: dict[str, str] = {
    "Name": CFN_API.name, "Description": CFN_API.description, "BinaryMediaTypes": CFN_API.binary_media_types,
    "MinimumCompressionSize": CFN_API.minimum_compression_size, "ApiKeySourceType": CFN_API.api_key_source_type,
    "DisableExecuteApiEndpoint": CFN_API.disable_execute_api_endpoint,
    "EndpointConfiguration": CFN_API.endpoint_configuration, "Mode": CFN_API_ONLY.mode,
    "FailOnWarnings": CFN_API_ONLY.fail_on_warnings,
}
ROOT_RESOURCE_ATTRIBUTE = "RootResourceId"
REST_API_ID_ATTRIBUTE = "RestApiId"  # Fn::GetAtt <RestApi>.RestApiId
STRING_PARAMETER = {CFN_ENTRY.type: "String"}  # the template Parameter a name the document needs becomes
RESOURCE_ID_ATTRIBUTE = "ResourceId"
BUILTIN_MODELS: dict[str, dict[str, object]] = {  # every REST API has these; a template cannot create them
    "Empty": {"type": "object", "title": "Empty Schema"},
    "Error": {"type": "object", "properties": {"message": {"type": "string"}}, "title": "Error Schema"},
}
CARRY_KEY = "OpenApi"  # resource Metadata key holding the OpenAPI-only content of that resource
SWAGGER_KEY = "swagger"  # the version key of a Swagger 2.0 document
VERSION_KEY = SWAGGER_KEY  # in the RestApi's carried content: the Body was Swagger 2.0 before it was unembedded
MODEL_REF_PREFIX = "#/models/"  # neutral spelling of a reference to another model
MODEL_URL = "https://apigateway.amazonaws.com/restapis/${%s}/models/%s"  # CloudFormation schema $ref (Fn::Sub)
# An undefined security scheme SAM writes where a method opts out of the default authorizer: no authorization.
SAM_NO_AUTHORIZER = "NONE"
