"""The neutral model of a whole REST API: routes, methods, authorizers, models, validators, gateway responses.

snake_case, free of either dialect: the readers (:mod:`.cfn.reader`, :mod:`.openapi.reader`) build these objects
and the writers (:mod:`.cfn.writer`, :mod:`.openapi.writer`) consume them; readers and writers never meet.
:mod:`.names` holds the external spelling of every field.

Any value may be a CloudFormation intrinsic function, carried through unchanged. Objects are built without
validation (:func:`~apigw_convert.table_engine.construct`) by the readers (the readers check the input
themselves, with pointers), and remember where they were read from (``_source``) so that a writer's
diagnostics point into the source document.

``annotations`` hold what OpenAPI can say and CloudFormation cannot (descriptions, examples, tags, vendor
extensions API Gateway ignores): verbatim OpenAPI keys, carried through a template in resource ``Metadata``
(see :mod:`.carry`).
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Union

from pydantic import ConfigDict, Field, StrictBool, StrictStr

from ..model import ConditionalIntegration, Integration, Intrinsic, Text, TextList, TextMap
from ..model import _Node as _IntegrationNode
from ..table_engine import construct, private_attributes

Boolean = Union[StrictBool, Intrinsic]
Flag = Union[StrictBool, StrictStr, Intrinsic]  # CloudFormation also accepts a string for "required"
Annotations = dict[str, Any]


class _Node(_IntegrationNode):
    """Base of the document models. Assignments are not validated: only the readers and writers of this
    package build and change these objects, from values they have checked (validating each assignment would
    build every model's validator on first use, a tenth of a second per command)."""

    model_config = ConfigDict(validate_assignment=False)


class ParameterLocation(str, Enum):
    """Where a method request parameter travels."""

    PATH = "path"
    QUERY = "query"
    HEADER = "header"


class AuthorizerType(str, Enum):
    """The kinds of REST API authorizer."""

    TOKEN = "TOKEN"
    REQUEST = "REQUEST"
    COGNITO_USER_POOLS = "COGNITO_USER_POOLS"


class Parameter(_Node):
    """One method request parameter: ``method.request.<location>.<name>`` and whether it is required."""

    location: ParameterLocation
    name: StrictStr
    required: Flag = False
    annotations: Annotations = Field(default_factory=dict)


class ResponseHeader(_Node):
    """A method response header: ``method.response.header.<name>``."""

    name: StrictStr
    required: Flag = False
    annotations: Annotations = Field(default_factory=dict)


class MethodResponse(_Node):
    """One declared method response: status code, headers, and the model of the body per content type."""

    status_code: StrictStr
    headers: list[ResponseHeader] = Field(default_factory=list)
    models: Union[dict[str, Text], Intrinsic, None] = None
    exists: Any = None  # None: always; else an Fn::If tree of true and AWS::NoValue (see conditional_items)
    annotations: Annotations = Field(default_factory=dict)


class Method(_Node):
    """One HTTP method on one resource path, with its settings and its integration.

    ``condition`` names a template condition the method exists under. ``authorizer`` and ``request_validator``
    are *names* (see :class:`Authorizer`, :class:`RequestValidator`), or an intrinsic that could not be resolved.
    ``request_models`` / response ``models`` map content types to model names.
    """

    verb: StrictStr
    operation_name: Text | None = None
    parameters: Union[list[Parameter], Intrinsic] = Field(default_factory=list)
    request_models: Union[dict[str, Text], Intrinsic, None] = None
    responses: Union[list[MethodResponse], Intrinsic] = Field(default_factory=list)
    authorization_type: Text | None = None
    authorizer: Text | None = None
    authorization_scopes: TextList | None = None
    api_key_required: Boolean | None = None
    request_validator: Text | None = None
    integration: Union[Integration, ConditionalIntegration, Intrinsic, None] = None
    condition: StrictStr | None = None
    annotations: Annotations = Field(default_factory=dict)
    logical_id: StrictStr | None = None


class Route(_Node):
    """A resource path (``/pets/{id}``) and the methods on it. A route without methods is a bare resource."""

    path: StrictStr
    methods: list[Method] = Field(default_factory=list)
    annotations: Annotations = Field(default_factory=dict)
    logical_id: StrictStr | None = None


class Authorizer(_Node):
    """A Lambda (TOKEN / REQUEST) or Cognito user pool authorizer, known by its name."""

    name: Text
    type: Union[AuthorizerType, Intrinsic]
    authorizer_uri: Text | None = None
    authorizer_credentials: Text | None = None
    identity_source: Text | None = None
    identity_validation_expression: Text | None = None
    authorizer_result_ttl_in_seconds: Any = None
    provider_arns: TextList | None = None
    auth_type: Text | None = None
    annotations: Annotations = Field(default_factory=dict)
    logical_id: StrictStr | None = None


class Model(_Node):
    """A named JSON schema (draft 4). References to other models are written ``{"$ref": "#/models/<name>"}``.

    ``anonymous`` marks a schema the OpenAPI document wrote inline at its one place of use.
    """

    name: Text
    json_schema: Any = None
    content_type: Text | None = None
    description: Text | None = None
    anonymous: StrictBool = False
    logical_id: StrictStr | None = None


class RequestValidator(_Node):
    """A named request validator: what it checks."""

    name: StrictStr
    validate_request_body: Boolean | None = None
    validate_request_parameters: Boolean | None = None
    logical_id: StrictStr | None = None


class GatewayResponse(_Node):
    """A customised gateway response (``DEFAULT_4XX``, ``UNAUTHORIZED``, ...)."""

    response_type: StrictStr
    status_code: Text | None = None
    response_parameters: TextMap | None = None
    response_templates: TextMap | None = None
    logical_id: StrictStr | None = None


class EndpointConfiguration(_Node):
    """Endpoint settings of the API. ``types`` and ``ip_address_type`` exist in CloudFormation only."""

    types: TextList | None = None
    vpc_endpoint_ids: TextList | None = None
    ip_address_type: Text | None = None
    disable_execute_api_endpoint: Boolean | None = None


class Api(_Node):
    """A whole REST API: its settings, its route table and the named things the routes refer to."""

    name: Text | None = None
    description: Text | None = None
    binary_media_types: TextList | None = None
    minimum_compression_size: Any = None
    api_key_source_type: Text | None = None
    policy: Any = None
    endpoint_configuration: EndpointConfiguration | None = None
    default_request_validator: StrictStr | None = None
    routes: list[Route] = Field(default_factory=list)
    authorizers: list[Authorizer] = Field(default_factory=list)
    models: list[Model] = Field(default_factory=list)
    request_validators: list[RequestValidator] = Field(default_factory=list)
    gateway_responses: list[GatewayResponse] = Field(default_factory=list)
    annotations: Annotations = Field(default_factory=dict)
    logical_id: StrictStr | None = None
    condition: StrictStr | None = None
    derived_conditions: dict[str, Any] = Field(default_factory=dict)  # name -> Fn::And / Fn::Not of others


def new(cls: type[Any], source: tuple[str | None, tuple[str | int, ...]] | None = None, **values: Any) -> Any:
    """Build a model without validation (the readers check their input) and remember where it came from."""
    return construct(cls, values, source, ())


def source_location(obj: Any) -> tuple[str, tuple[str | int, ...]] | None:
    """``(dialect, path)`` that ``obj`` was read from, or None (built by hand, or not a model).

    Read as :func:`~apigw_convert.table_engine.private_attributes` reads it: writers ask for every object.
    """
    source: tuple[str, tuple[str | int, ...]] | None = private_attributes(obj).get("_source")
    return source


def source_of(obj: Any) -> tuple[str | int, ...]:
    """The path ``obj`` was read from (empty when it was built by hand)."""
    source = source_location(obj)
    return source[1] if source else ()
