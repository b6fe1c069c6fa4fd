"""Diagnostics about what a template's RestApi carries for OpenAPI point into its ``Metadata.OpenApi``."""

from __future__ import annotations

from test_document_cases import resolves

from apigw_convert.documents import pipeline

DOCUMENT = {
    "openapi": "3.0.1",
    "info": {"title": "s", "version": "1"},
    "servers": [{"url": "https://a.example.com/v1"}, {"url": "https://b.example.com/v2"}],
    "paths": {"/x": {"get": {
        "responses": {"200": {"description": "ok"}},
        "x-amazon-apigateway-integration": {"type": "mock", "responses": {"default": {"statusCode": "200"}}},
    }}},
}


def test_servers_loss_points_at_the_carried_servers() -> None:
    template, _ = pipeline.openapi_to_template(DOCUMENT)
    _, report = pipeline.template_to_openapi(template, "2.0", None)
    found = [(d.code, d.pointer) for d in report]
    assert found == [("openapi-version-loss", "/Resources/Api/Metadata/OpenApi/servers")]
    assert resolves(template, found[0][1])
