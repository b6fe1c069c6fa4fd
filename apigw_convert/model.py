"""The neutral model: what an API Gateway REST integration *is*, in snake_case, free of either dialect.

The codecs (``apigw_convert.codecs``) own the external names; see ``apigw_convert.fields`` for the table
that links every attribute here to its CloudFormation and OpenAPI spelling. The parts of an integration
(responses, TLS settings, ``Fn::If`` between objects, the value types) are defined in
:mod:`apigw_convert.nodes`, which the codecs build, and re-exported here; :class:`Integration` converts itself
through the codecs.

Any value may also be a CloudFormation intrinsic function (a one-key mapping ``Ref``, ``Condition`` or
``Fn::*``), carried through unchanged. Where an ``Fn::If`` chooses between whole objects (an integration,
an integration response, the list of responses), it is a :class:`Conditional` whose branches are models.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from pydantic import Field

from .codecs import codec
from .diagnostics import Report, input_error
from .enums import ConnectionType as ConnectionType  # the enums are re-exported: they were defined here first
from .enums import ContentHandling as ContentHandling
from .enums import IntegrationType as IntegrationType
from .enums import PassthroughBehavior as PassthroughBehavior
from .enums import ResponseTransferMode as ResponseTransferMode
from .fields import Dialect
from .nodes import INTRINSIC_SCHEMA as INTRINSIC_SCHEMA
from .nodes import Boolean as Boolean
from .nodes import Conditional as Conditional
from .nodes import ConditionalResponse as ConditionalResponse
from .nodes import ConditionalResponses as ConditionalResponses
from .nodes import ConnectionTypeValue as ConnectionTypeValue
from .nodes import ContentHandlingValue as ContentHandlingValue
from .nodes import Integer as Integer
from .nodes import IntegrationResponse as IntegrationResponse
from .nodes import Intrinsic as Intrinsic
from .nodes import PassthroughBehaviorValue as PassthroughBehaviorValue
from .nodes import ResponseItem as ResponseItem
from .nodes import ResponseList as ResponseList
from .nodes import ResponseTransferModeValue as ResponseTransferModeValue
from .nodes import Text as Text
from .nodes import TextList as TextList
from .nodes import TextMap as TextMap
from .nodes import TlsConfig as TlsConfig
from .nodes import TypeValue as TypeValue
from .nodes import _Node as _Node
from .pointer import Path
from .policy import Converted, OnLoss, settle
from .table_engine import read_conditional


class Integration(_Node):
    """An API Gateway REST integration: the backend a method calls and how requests and responses map."""

    type: TypeValue
    http_method: Text | None = None
    uri: Text | None = None
    connection_type: ConnectionTypeValue | None = None
    connection_id: Text | None = None
    integration_target: Text | None = None
    credentials: Text | None = None
    request_parameters: TextMap | None = None
    request_templates: TextMap | None = None
    passthrough_behavior: PassthroughBehaviorValue | None = None
    content_handling: ContentHandlingValue | None = None
    timeout_in_millis: Integer | None = None
    cache_namespace: Text | None = None
    cache_key_parameters: TextList | None = None
    response_transfer_mode: ResponseTransferModeValue | None = None
    tls_config: TlsConfig | Intrinsic | None = None
    integration_responses: ResponseList | None = Field(default=None)

    @classmethod
    def from_cfn(cls, obj: Any, *, on_loss: OnLoss = "warn") -> Integration:
        """Read a CloudFormation ``Integration`` property value."""
        return settle(on_loss, _read_one, obj, "cfn")

    @classmethod
    def from_swagger(cls, obj: Any, *, on_loss: OnLoss = "warn") -> Integration:
        """Read an OpenAPI ``x-amazon-apigateway-integration`` object."""
        return settle(on_loss, _read_one, obj, "openapi")

    def to_cfn(self, *, on_loss: OnLoss = "warn") -> dict[str, Any]:
        """Write the CloudFormation ``Integration`` property value."""
        return settle(on_loss, _write_one, self, "cfn")

    def to_swagger(self, *, on_loss: OnLoss = "warn") -> dict[str, Any]:
        """Write the OpenAPI ``x-amazon-apigateway-integration`` object."""
        return settle(on_loss, _write_one, self, "openapi")


class ConditionalIntegration(Conditional):
    """``Fn::If`` choosing between two whole integrations."""

    if_true: Integration | ConditionalIntegration | Intrinsic
    if_false: Integration | ConditionalIntegration | Intrinsic



def read_value(obj: Any, dialect: Dialect, path: Path, report: Report) -> Any:
    """Read an integration value: a mapping, an ``Fn::If`` between two, or another intrinsic (kept)."""
    read = partial(codec(dialect).read_integration, model=Integration)
    return read_conditional(obj, path, report, read, ConditionalIntegration)


def _read_one(obj: Any, dialect: Dialect) -> Converted[Integration]:
    """Exactly one integration mapping as the model (behind ``Integration.from_cfn`` / ``from_swagger``)."""
    report = Report()
    value = read_value(obj, dialect, (), report)
    if not isinstance(value, Integration):
        raise input_error("invalid-type", (), "an intrinsic function is not one integration; "
                          f"use {'cfn_to_swagger' if dialect == 'cfn' else 'swagger_to_cfn'} to convert it")
    return value, report.diagnostics


def _write_one(value: Integration, dialect: Dialect) -> Converted[dict[str, Any]]:
    """One model written in ``dialect`` (behind ``Integration.to_cfn`` / ``to_swagger``)."""
    report = Report()
    return codec(dialect).write_integration(value, report), report.diagnostics
