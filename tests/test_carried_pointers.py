"""Diagnostics about what a template carries for OpenAPI point at it, in the resource's ``Metadata.OpenApi``: the
RestApi's document keys (servers), and the keys of a RequestParameters entry or a response header (not below the
entry's boolean)."""

from __future__ import annotations

from test_document_cases import resolves

from apigw_convert.documents import pipeline

DOCUMENT = {
    "swagger": "2.0",
    "info": {"title": "p", "version": "1"},
    "paths": {"/pets": {"get": {
        "parameters": [{"name": "limit", "in": "query", "type": "integer"},
                       {"name": "tags", "in": "query", "type": "array", "items": {"type": "string"},
                        "collectionFormat": "csv"}],
        "responses": {"200": {"description": "ok"}},
        "x-amazon-apigateway-integration": {"type": "mock", "responses": {"default": {"statusCode": "200"}}},
    }}},
}


def test_collection_format_loss_points_into_the_metadata() -> None:
    template, _ = pipeline.openapi_to_template(DOCUMENT)
    _, report = pipeline.template_to_openapi(template, "3.0", None)
    found = [(d.code, d.pointer) for d in report]
    assert found == [("openapi-version-loss", "/Resources/ApiPetsGet/Metadata/OpenApi/parameters/1/collectionFormat")]
    assert resolves(template, found[0][1])


def test_header_losses_point_into_the_metadata() -> None:
    document = {"openapi": "3.0.1", "info": {"title": "h", "version": "1"}, "paths": {"/x": {"get": {
        "responses": {"200": {"description": "ok", "headers": {
            "X-A": {"example": "1", "schema": {"type": "integer"}},
            "X-B": {"content": {"text/plain": {"schema": {"type": "string"}}}}}}},
        "x-amazon-apigateway-integration": {"type": "mock", "responses": {"default": {"statusCode": "200"}}},
    }}}}
    template, _ = pipeline.openapi_to_template(document)
    _, report = pipeline.template_to_openapi(template, "2.0", None)
    found = [(d.code, d.pointer) for d in report]
    at = "/Resources/ApiXGet/Metadata/OpenApi/responses/200/headers"
    assert found == [("openapi-version-loss", f"{at}/X-A/example"), ("openapi-version-loss", f"{at}/X-B/content")]
    assert all(resolves(template, pointer) for _, pointer in found)


SERVERS_DOCUMENT = {
    "openapi": "3.0.1",
    "info": {"title": "s", "version": "1"},
    "servers": [{"url": "https://a.example.com/v1"}, {"url": "https://b.example.com/v2"}],
    "paths": {"/x": {"get": {
        "responses": {"200": {"description": "ok"}},
        "x-amazon-apigateway-integration": {"type": "mock", "responses": {"default": {"statusCode": "200"}}},
    }}},
}


def test_servers_loss_points_at_the_carried_servers() -> None:
    template, _ = pipeline.openapi_to_template(SERVERS_DOCUMENT)
    _, report = pipeline.template_to_openapi(template, "2.0", None)
    found = [(d.code, d.pointer) for d in report]
    assert found == [("openapi-version-loss", "/Resources/Api/Metadata/OpenApi/servers")]
    assert resolves(template, found[0][1])
