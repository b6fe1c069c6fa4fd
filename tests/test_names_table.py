"""The whole-document name table checked against cfn-lint's bundled CloudFormation schemas, as the field table
of integrations is (tests/test_field_table.py): a misspelled, renamed, missing or extra property fails here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import cfnlint
import pytest
from cfnlint.schema import PROVIDER_SCHEMA_MANAGER
from cfnlint.schema._exceptions import ResourceNotFoundError
from cfnlint.version import __version__ as cfnlint_version

from apigw_convert.documents import names
from apigw_convert.fields import FieldSpec


def _schema(resource_type: str) -> dict[str, Any]:
    return PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", resource_type).schema  # type: ignore[no-any-return]


def _sam_schema(resource_type: str) -> dict[str, Any]:
    """A SAM resource's schema; cfn-lint releases before the SAM schemas were bundled have none (the run at the
    runtime floors installs one), and the check then skips, saying so."""
    try:
        return _schema(resource_type)
    except ResourceNotFoundError:
        pytest.skip(f"cfn-lint {cfnlint_version} bundles no schema for {resource_type}")


def _writable(resource_type: str) -> set[str]:
    """The properties a template may set: every property but the read-only ones (returned IDs)."""
    schema = _schema(resource_type)
    read_only = {pointer.rsplit("/", 1)[1] for pointer in schema.get("readOnlyProperties", [])}
    return set(schema["properties"]) - read_only


def _cfn(*tables: tuple[FieldSpec, ...]) -> set[str]:
    return {spec.names["cfn"] for table in tables for spec in table if "cfn" in spec.names}


COMMON = {spec.neutral: spec.names["cfn"] for spec in names.COMMON}


@pytest.mark.parametrize(("resource_type", "table_names"), [
    ("AWS::ApiGateway::Method", _cfn(names.METHOD)),
    ("AWS::ApiGateway::Resource", _cfn(names.RESOURCE)),
    ("AWS::ApiGateway::Model", _cfn(names.MODEL)),
    ("AWS::ApiGateway::Authorizer", _cfn(names.AUTHORIZER_FIELDS, names.SCHEME)),
    ("AWS::ApiGateway::RequestValidator", _cfn(names.VALIDATOR_FIELDS) | {COMMON["name"], COMMON["rest_api"]}),
    ("AWS::ApiGateway::GatewayResponse",
     _cfn(names.GATEWAY_RESPONSE_FIELDS) | {COMMON["response_type"], COMMON["rest_api"]}),
], ids=lambda value: value if isinstance(value, str) else "")
def test_every_writable_property_has_its_row(resource_type: str, table_names: set[str]) -> None:
    assert table_names == _writable(resource_type)


def test_method_responses_and_endpoint_configuration_match() -> None:
    method = _schema("AWS::ApiGateway::Method")["definitions"]
    assert _cfn(names.RESPONSE) == set(method["MethodResponse"]["properties"])
    api = _schema("AWS::ApiGateway::RestApi")["definitions"]
    assert _cfn(names.ENDPOINT_FIELDS) == set(api["EndpointConfiguration"]["properties"])


def test_rest_api_rows_are_rest_api_properties() -> None:
    """The RestApi rows name real properties (the rest, such as Tags or Mode, is not part of the document)."""
    assert _cfn(names.API) <= _writable("AWS::ApiGateway::RestApi")


def test_resource_types_are_cloudformation_types() -> None:
    for resource_type in (*names.TYPES.values(), names.RESTAPI, names.DEPLOYMENT):
        assert _schema(resource_type)["typeName"] == resource_type


def test_sam_resource_types_are_sam_types() -> None:
    for resource_type in (names.SERVERLESS_API, names.SERVERLESS_FUNCTION):
        assert _sam_schema(resource_type)["typeName"] == resource_type


def _other_schema(name: str) -> dict[str, Any]:
    """One of cfn-lint's schemas of the template itself (``template``, ``resources``)."""
    path = Path(cfnlint.__file__).parent / "data" / "schemas" / "other" / name / "configuration.json"
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_template_keys_are_cloudformation_keys() -> None:
    """Template sections, and the keys of one resource (type, properties, attributes), as cfn-lint knows them."""
    assert _cfn(names.TEMPLATE) <= set(_other_schema("template")["properties"])
    entry = _other_schema("resources")["definitions"]["ResourceConfiguration"]["properties"]
    assert _cfn(names.RESOURCE_ENTRY) <= set(entry)
    assert _cfn(names.REST_API_ONLY) <= _writable("AWS::ApiGateway::RestApi") - _cfn(names.API)


def test_sam_names_are_sam_properties() -> None:
    """What unembed reads of SAM: the Serverless::Api properties a RestApi has too, its body, and Api events."""
    sam_api = set(_sam_schema(names.SERVERLESS_API)["properties"])
    assert set(names.SAM_TO_RESTAPI) <= sam_api
    assert set(names.SAM_TO_RESTAPI.values()) <= _writable(names.RESTAPI)
    assert names.SAM_BODY in sam_api
    function = _sam_schema(names.SERVERLESS_FUNCTION)
    assert names.SAM_EVENTS in function["properties"]
    event = function["definitions"]["ApiEvent"]
    assert {names.CFN_ENTRY.type, names.CFN_ENTRY.properties} <= set(event["properties"])
    assert event["properties"]["Type"]["enum"] == [names.SAM_API_EVENT]


def test_rest_api_attributes_are_its_read_only_properties() -> None:
    returned = {pointer.rsplit("/", 1)[1] for pointer in _schema(names.RESTAPI)["readOnlyProperties"]}
    assert {names.ROOT_RESOURCE_ATTRIBUTE, names.REST_API_ID_ATTRIBUTE} == returned
