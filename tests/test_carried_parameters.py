"""Parameters API Gateway has no method parameter for are carried as their source wrote them, and written in the
shape of the OpenAPI version written, or left out (reported) where that version has no such location."""

from __future__ import annotations

from openapi_spec_validator import validate as validate_openapi
from test_document_cases import resolves
from test_shared_responses import written


def test_form_data_is_left_out_of_openapi3_and_reported() -> None:
    template, doc, found = written("form-data-to-openapi3", "3.0")
    validate_openapi(doc)
    assert [p["in"] for p in doc["paths"]["/login"]["post"]["parameters"]] == ["header"]
    assert ("openapi-version-loss", "/Resources/ApiLoginPost/Metadata/OpenApi/parameters") in found
    assert all(resolves(template, pointer) for _, pointer in found)


def test_cookie_is_left_out_of_swagger2_and_the_rest_is_flat() -> None:
    template, doc, found = written("cookie-to-swagger2", "2.0")
    assert doc["paths"]["/me"]["get"]["parameters"] == [{"name": "other", "in": "path", "type": "integer"}]
    assert found == [("openapi-version-loss", "/Resources/ApiMeGet/Metadata/OpenApi/parameters")]
    assert resolves(template, found[0][1])
