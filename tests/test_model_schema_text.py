"""A Model ``Schema`` written as JSON text, or as an ``Fn::Sub`` of JSON text, is read as the schema it is."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import FIXTURES
from helpers import read_yaml
from openapi_spec_validator import validate as validate_openapi

from apigw_convert import InputError, validate
from apigw_convert.documents import pipeline

CASE = FIXTURES / "documents" / "model-schema-text" / "input.yaml"


def test_sub_text_schema_is_an_openapi_schema_whose_model_url_is_a_reference() -> None:
    doc, _ = pipeline.template_to_openapi(read_yaml(CASE), "3.0", None)
    validate_openapi(doc)
    assert doc["components"]["schemas"]["PetList"]["items"] == {"$ref": "#/components/schemas/Pet"}


def test_the_way_back_names_the_model_it_refers_to_not_a_parameter() -> None:
    doc, _ = pipeline.template_to_openapi(read_yaml(CASE), "3.0", None)
    template, report = pipeline.openapi_to_template(doc)
    assert "Parameters" not in template
    assert [d.code for d in report] == []


def test_sub_text_with_a_variable_in_a_key_stays_as_written() -> None:
    template: dict[str, Any] = read_yaml(CASE)
    text = '{"type": "object", "properties": {"${Field}": {"type": "string"}}}'
    template["Resources"]["PetListModel"]["Properties"]["Schema"] = {"Fn::Sub": text}
    doc, _ = pipeline.template_to_openapi(template, "3.0", None)
    assert doc["components"]["schemas"]["PetList"] == {"Fn::Sub": text}


def test_schema_text_that_is_not_a_json_object_is_an_input_error() -> None:
    template: dict[str, Any] = read_yaml(CASE)
    template["Resources"]["PetModel"]["Properties"]["Schema"] = '{"type": "object", '
    with pytest.raises(InputError) as caught:
        pipeline.template_to_openapi(template, "3.0", None)
    assert [(d.code, d.pointer) for d in caught.value.diagnostics] == [
        ("invalid-type", "/Resources/PetModel/Properties/Schema")]
    assert [(d.code, d.pointer) for d in validate(template)] == [
        ("api-not-convertible", "/Resources/PetModel/Properties/Schema")]
