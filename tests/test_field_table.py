"""The field table checked against independent sources: cfn-lint's bundled CloudFormation schema for
AWS::ApiGateway::Method, and botocore's API Gateway service model (PutIntegration / PutIntegrationResponse).
A renamed, missing or extra field fails here."""

from __future__ import annotations

from typing import Any

import botocore.session
import pytest
from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

from apigw_convert.fields import (
    HTTP_API_ONLY_KEYS,
    INTEGRATION_FIELDS,
    RESPONSE_FIELDS,
    TLS_CONFIG_FIELDS,
    FieldSpec,
    Kind,
)
from apigw_convert.model import Integration, IntegrationResponse, TlsConfig


@pytest.fixture(scope="module")
def cfn_schema() -> dict[str, Any]:
    schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", "AWS::ApiGateway::Method").schema
    return schema["definitions"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def api_model() -> Any:
    return botocore.session.get_session().get_service_model("apigateway")


def _body_members(shape: Any) -> dict[str, Any]:
    """Members sent in the request body, by their wire name (``integrationHttpMethod`` goes as ``httpMethod``)."""
    return {m.serialization.get("name", name): m for name, m in shape.members.items()
            if m.serialization.get("location") is None}


def _cfn_names(fields: tuple[FieldSpec, ...]) -> set[str]:
    return {f.names["cfn"] for f in fields if "cfn" in f.names}


def _openapi_names(fields: tuple[FieldSpec, ...]) -> set[str]:
    return {f.names["openapi"] for f in fields if "openapi" in f.names}


def test_integration_properties_match_cloudformation(cfn_schema: dict[str, Any]) -> None:
    integration = cfn_schema["Integration"]
    assert _cfn_names(INTEGRATION_FIELDS) == set(integration["properties"])
    assert len(_cfn_names(INTEGRATION_FIELDS)) == 16
    assert {f.names["cfn"] for f in INTEGRATION_FIELDS if f.required} == set(integration["required"])


def test_response_properties_match_cloudformation(cfn_schema: dict[str, Any]) -> None:
    response = cfn_schema["IntegrationResponse"]
    assert _cfn_names(RESPONSE_FIELDS) == set(response["properties"])
    assert {f.names["cfn"] for f in RESPONSE_FIELDS if f.required} == set(response["required"])


@pytest.mark.parametrize("spec", [f for f in INTEGRATION_FIELDS + RESPONSE_FIELDS if "cfn" in f.names],
                         ids=lambda f: f.neutral)
def test_cloudformation_types_and_enums(spec: FieldSpec, cfn_schema: dict[str, Any]) -> None:
    owner = "Integration" if spec in INTEGRATION_FIELDS else "IntegrationResponse"
    prop = cfn_schema[owner]["properties"][spec.names["cfn"]]
    expected_type = {Kind.TEXT: "string", Kind.PATTERN: "string", Kind.ENUM: "string", Kind.INTEGER: "integer",
                     Kind.TEXT_LIST: "array", Kind.TEXT_MAP: "object", Kind.RESPONSES: "array"}[spec.kind]
    assert prop["type"] == expected_type
    if spec.kind is Kind.ENUM:
        assert spec.enum is not None
        assert [m.value for m in spec.enum] == prop["enum"] or {m.value for m in spec.enum} == set(prop["enum"])
    else:
        assert "enum" not in prop


def test_integration_names_match_put_integration(api_model: Any) -> None:
    body = _body_members(api_model.shape_for("PutIntegrationRequest"))
    # 'responses' is the one key the extension adds: PutIntegrationResponse calls, one per status code
    assert _openapi_names(INTEGRATION_FIELDS) - {"responses"} == set(body)


def test_response_names_match_put_integration_response(api_model: Any) -> None:
    shape = api_model.shape_for("PutIntegrationResponseRequest")
    body = _body_members(shape)
    # selectionPattern is the responses map key in OpenAPI; statusCode is a URI parameter of the call
    assert _openapi_names(RESPONSE_FIELDS) == (set(body) - {"selectionPattern"}) | {"statusCode"}
    assert "statusCode" in shape.members and "selectionPattern" in body


def test_tls_config_names_match_botocore(api_model: Any) -> None:
    assert _openapi_names(TLS_CONFIG_FIELDS) == set(api_model.shape_for("TlsConfig").members)


@pytest.mark.parametrize("spec", [f for f in INTEGRATION_FIELDS + RESPONSE_FIELDS if f.kind is Kind.ENUM],
                         ids=lambda f: f.neutral)
def test_enums_match_botocore(spec: FieldSpec, api_model: Any) -> None:
    shapes = {"type": "IntegrationType", "connection_type": "ConnectionType",
              "content_handling": "ContentHandlingStrategy", "response_transfer_mode": "ResponseTransferMode"}
    assert spec.enum is not None
    if spec.neutral == "passthrough_behavior":  # botocore types it as a plain string; the docs list three values
        assert {m.value for m in spec.enum} == {"WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"}
        return
    assert {m.value for m in spec.enum} == set(api_model.shape_for(shapes[spec.neutral]).enum)


def test_http_api_keys_are_not_rest_keys(api_model: Any) -> None:
    body = _body_members(api_model.shape_for("PutIntegrationRequest"))
    # (responseParameters is a REST key inside an integration response, an HTTP API key at the top level)
    assert not HTTP_API_ONLY_KEYS & (set(body) | _openapi_names(INTEGRATION_FIELDS))


@pytest.mark.parametrize(("model", "fields"), [(Integration, INTEGRATION_FIELDS),
                                               (IntegrationResponse, RESPONSE_FIELDS),
                                               (TlsConfig, TLS_CONFIG_FIELDS)])
def test_every_model_attribute_has_one_row(model: Any, fields: tuple[FieldSpec, ...]) -> None:
    assert [f.neutral for f in fields] == list(model.model_fields) or \
        sorted(f.neutral for f in fields) == sorted(model.model_fields)
    assert len({f.neutral for f in fields}) == len(fields)
