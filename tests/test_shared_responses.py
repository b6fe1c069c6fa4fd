"""Reusable responses (Swagger 2.0 ``responses``, OpenAPI 3.0 ``components.responses``) change shape with the
version: 2.0 has ``schema`` and flat header schemas, 3.0 ``content`` and header ``schema``; 2.0 has no reusable
request bodies and headers, so those an operation refers to are written inline."""

from __future__ import annotations

import json
from typing import Any

from conftest import FIXTURES
from helpers import read_yaml
from openapi_spec_validator import validate as validate_openapi
from test_document_cases import resolves

from apigw_convert.documents import pipeline


def written(case: str, version: str) -> tuple[Any, Any, list[tuple[str, str]]]:
    """The template of a case's input and its conversion to ``version``, with that step's diagnostics (the
    documents of fixtures/documents/<case>/ written through a template)."""
    template, _ = pipeline.openapi_to_template(read_yaml(FIXTURES / "documents" / case / "input.yaml"))
    doc, report = pipeline.template_to_openapi(template, version, None)
    return template, doc, [(d.code, d.pointer) for d in report]


def test_swagger2_responses_become_valid_components() -> None:
    template, doc, found = written("swagger2-shared-responses", "3.0")
    validate_openapi(doc)
    response = doc["components"]["responses"]["NotFound"]
    assert "schema" not in response
    assert set(response["content"]) == {"application/json", "application/xml"}
    assert response["headers"]["X-Request-Id"] == {"schema": {"type": "string", "format": "uuid"}}
    # the document's produces is said by content now; reported where the template carries it
    assert found == [("openapi-version-loss", "/Resources/Api/Metadata/OpenApi/produces")]
    assert resolves(template, found[0][1])


def test_components_responses_become_valid_swagger2_and_report_what_does_not_fit() -> None:
    template, doc, found = written("shared-responses-to-swagger2", "2.0")
    validate_openapi(doc)
    assert doc["responses"]["NotFound"]["headers"]["X-Request-Id"] == {"type": "string", "format": "uuid"}
    assert "content" not in doc["responses"]["Gone"]
    assert [code for code, _ in found] == ["openapi-version-loss"]
    assert found[0][1].endswith("/components/responses/Gone")
    assert resolves(template, found[0][1])


def test_referenced_request_bodies_and_headers_are_inline_in_swagger2() -> None:
    template, doc, found = written("request-bodies-to-swagger2", "2.0")
    validate_openapi(doc)
    operation = doc["paths"]["/pets"]["post"]
    assert operation["parameters"] == [{"in": "body", "name": "body", "description": "the pet to add",
                                        "required": True, "schema": {"type": "object", "properties": {
                                            "name": {"type": "string"}}}}]
    assert operation["responses"]["201"]["headers"]["X-Rate"] == {"description": "requests left", "type": "integer"}
    assert "components" not in json.dumps(doc)
    base = "/Resources/Api/Metadata/OpenApi/components"
    assert doc["responses"]["NotFound"]["headers"]["X-Rate"] == {"description": "requests left", "type": "integer"}
    # what 2.0 cannot hold of a component is said once, however many operations and responses use it
    assert sorted(found) == [("openapi-version-loss", f"{base}/headers"),
                             ("openapi-version-loss", f"{base}/headers/Rate/example"),
                             ("openapi-version-loss", f"{base}/headers/Rate/required"),
                             ("openapi-version-loss", f"{base}/requestBodies"),
                             ("response-header-required-lost", "/Resources/ApiPetsPost/Properties/MethodResponses/0/"
                                                               "ResponseParameters/method.response.header.X-Rate")]
    assert all(resolves(template, pointer) for _, pointer in found)


def test_a_reference_swagger2_cannot_write_inline_is_left_out_and_reported() -> None:
    """A carried requestBody or header ``$ref`` whose component the template does not carry: no dangling ``$ref``."""
    template, _ = pipeline.openapi_to_template(read_yaml(FIXTURES / "documents" / "request-bodies-to-swagger2" /
                                                         "input.yaml"))
    components = template["Resources"]["Api"]["Metadata"]["OpenApi"]["components"]
    del components["requestBodies"], components["headers"]
    doc, report = pipeline.template_to_openapi(template, "2.0", None)
    validate_openapi(doc)
    assert "components" not in json.dumps(doc)
    assert "parameters" not in doc["paths"]["/pets"]["post"]
    assert doc["responses"]["NotFound"] == {"description": "no such pet"}
    at = "/Resources/ApiPetsPost/Metadata/OpenApi"
    assert sorted((d.code, d.pointer) for d in report if d.code == "openapi-version-loss") == [
        ("openapi-version-loss", "/Resources/Api/Metadata/OpenApi/components/responses/NotFound/headers/X-Rate/$ref"),
        ("openapi-version-loss", f"{at}/requestBody/$ref"),
        ("openapi-version-loss", f"{at}/responses/201/headers/X-Rate/$ref")]
    assert all(resolves(template, d.pointer) for d in report)
