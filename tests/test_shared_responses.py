"""Reusable responses (Swagger 2.0 ``responses``, OpenAPI 3.0 ``components.responses``) change shape with the
version: 2.0 has ``schema`` and flat header schemas, 3.0 ``content`` and header ``schema``."""

from __future__ import annotations

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
