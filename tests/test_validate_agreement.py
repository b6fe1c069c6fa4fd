"""validate agrees with conversion: what makes a conversion drop a method, drop a reference or refuse an API is a
validate error at the same place (or inside it), over the fixtures, the examples and the corpus. And the new
API-level checks on OpenAPI documents, with SAM's conventions (function events, Auth, security NONE)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, REPO, SAM_MISSING, corpus_params, sam_translator_missing, skip_sam_without_translator
from test_validate_corpus import load

import apigw_convert
from apigw_convert import InputError, validate
from apigw_convert.checks import api as api_checks
from apigw_convert.checks.documents import is_http_api
from apigw_convert.detect import detect_kind
from apigw_convert.diagnostics import Diagnostic
from apigw_convert.documents import names, pipeline
from apigw_convert.resource_types import RESTAPI, SERVERLESS_API

# Conversion codes that drop a method, a reference or a path, or refuse the API, for a reason API Gateway shares.
DROPS = frozenset({"invalid-path-part", "invalid-model-name", "undefined-security-scheme", "unresolved-reference",
                   "invalid-enum", "variable-siblings", "duplicate-resource", "resource-cycle", "duplicate-method",
                   "missing-field"})
SCOPES = frozenset({"authorization-scopes-not-cognito", "security-scopes-not-used"})

INPUTS = [
    *sorted(FIXTURES.glob("validate/*/*.yaml")),
    *sorted(FIXTURES.glob("documents/*/*.yaml")),
    *sorted((REPO / "examples").glob("*.yaml")),
    *sorted((REPO / "tests" / "data" / "cli").glob("api.*")),
]


def conversion_diagnostics(data: Any) -> list[Diagnostic]:
    """The diagnostics of converting every API of a template, or a REST OpenAPI document."""
    runs = []
    if detect_kind(data) == "template":
        runs = [lambda api=api: pipeline.template_to_openapi(data, "3.0", api)
                for api in api_checks_ids(data)]
    elif detect_kind(data) == "openapi" and not is_http_api(data):
        runs = [lambda: pipeline.openapi_to_template(data)]
    found: list[Diagnostic] = []
    for convert in runs:
        try:
            found += convert()[1]
        except InputError as error:
            found += error.diagnostics
    return found


def conversion_drops(data: Any) -> list[Diagnostic]:
    """The DROPS diagnostics of converting every API of a template, or a REST OpenAPI document."""
    return [d for d in conversion_diagnostics(data) if d.code in DROPS and d.severity == "error"
            and not (d.code == "undefined-security-scheme" and d.pointer.endswith(f"/{api_checks.SAM_NO_AUTH}"))]


def api_checks_ids(data: Any) -> list[str]:
    resources = data.get("Resources") or {}
    return [str(name) for name, resource in resources.items() if isinstance(resource, dict)
            and resource.get("Type") in (RESTAPI, SERVERLESS_API)]


def assert_agrees(data: Any, name: str) -> None:
    try:
        errors = [d.pointer for d in validate(data) if d.severity == "error"]
    except InputError as error:
        errors = [d.pointer for d in error.diagnostics]
    for dropped in conversion_drops(data):
        assert any(p == dropped.pointer or p.startswith(dropped.pointer + "/") for p in errors), \
            f"{name}: conversion says {dropped}, validate says nothing there"


@pytest.mark.parametrize("path", INPUTS, ids=[str(p.relative_to(REPO)) for p in INPUTS])
def test_validate_reports_what_conversion_drops_in_the_fixtures(path: Path) -> None:
    assert_agrees(apigw_convert.load(path), path.name)


@pytest.mark.parametrize("path", INPUTS, ids=[str(p.relative_to(REPO)) for p in INPUTS])
def test_validate_reports_the_scopes_conversion_leaves_out(path: Path) -> None:
    """Each ``scopes-not-used`` of a conversion (scopes on an API key or sigv4 requirement, AuthorizationScopes on a
    Method without an authorizer) is a validate finding at the same place."""
    data = apigw_convert.load(path)
    left_out = {d.pointer for d in conversion_diagnostics(data) if d.code == "scopes-not-used"}
    try:
        found = {d.pointer for d in validate(data) if d.code in SCOPES}
    except InputError:
        found = set()
    assert left_out <= found


@pytest.mark.parametrize("path", corpus_params("cfn") + corpus_params("openapi") + corpus_params("embedded"))
def test_validate_reports_what_conversion_drops_in_the_corpus(path: Path) -> None:
    template = load(path)
    skip_sam_without_translator(template)
    assert_agrees(template, path.name)


def test_the_value_sets_are_the_conversions_and_botocores() -> None:
    assert set(names.VERBS.values()) == api_checks.HTTP_METHODS
    assert set(names.AUTHORIZATION.values()) == api_checks.AUTHORIZATION_TYPES
    botocore = pytest.importorskip("botocore.session")
    model = botocore.get_session().get_service_model("apigateway")
    assert set(model.shape_for("GatewayResponseType").enum) == api_checks.GATEWAY_RESPONSE_TYPES


# --- OpenAPI documents -------------------------------------------------------------------------------------

LAMBDA = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:f/"
          "invocations")


def _document(**operation: Any) -> dict[str, Any]:
    get = {"responses": {"200": {"description": "ok"}},
           "x-amazon-apigateway-integration": {"type": "aws_proxy", "httpMethod": "POST", "uri": LAMBDA}, **operation}
    return {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {"/items": {"get": get}}}


def codes(data: Any) -> list[tuple[str, str]]:
    return [(d.code, d.pointer) for d in validate(data)]


def test_openapi_operation_without_integration_and_undefined_references() -> None:
    document = _document(security=[{"pool": []}, {"NONE": []}], **{"x-amazon-apigateway-request-validator": "all"})
    del document["paths"]["/items"]["get"]["x-amazon-apigateway-integration"]
    document["paths"]["/bad{x}"] = {}
    document["components"] = {"schemas": {"Item_List": {"type": "object"}}}
    document["x-amazon-apigateway-gateway-responses"] = {"NOT_FOUND": {"statusCode": 404}}
    assert codes(document) == [
        ("method-without-integration", "/paths/~1items/get"),
        ("undefined-reference", "/paths/~1items/get/security/0/pool"),
        ("undefined-reference", "/paths/~1items/get/x-amazon-apigateway-request-validator"),
        ("path-part-invalid", "/paths/~1bad{x}"),
        ("model-name-invalid", "/components/schemas/Item_List"),
        ("gateway-response-type-invalid", "/x-amazon-apigateway-gateway-responses/NOT_FOUND"),
    ]


def _sam(body: dict[str, Any], api: dict[str, Any] | None = None, events: dict[str, Any] | None = None
         ) -> dict[str, Any]:
    resources: dict[str, Any] = {"Api": {"Type": "AWS::Serverless::Api",
                                         "Properties": {"StageName": "prod", "DefinitionBody": body, **(api or {})}}}
    if events:
        resources["Fn"] = {"Type": "AWS::Serverless::Function", "Properties": {
            "Runtime": "python3.12", "Handler": "app.handler", "InlineCode": "def handler(e, c): pass",
            "Events": events}}
    return {"Transform": "AWS::Serverless-2016-10-31", "Resources": resources}


def test_a_sam_template_is_checked_as_sam_deploys_it() -> None:
    """SAM adds security schemes from the Api's Auth, and SAM's own ``NONE`` is no scheme to define; a function
    event does not give an operation of a DefinitionBody an integration (the body is deployed as written)."""
    pytest.importorskip("samtranslator")
    body = _document(security=[{"MyAuth": []}, {"NONE": []}])
    assert codes(_sam(body)) == [
        ("undefined-reference", "/Resources/Api/Properties/DefinitionBody/paths/~1items/get/security/0/MyAuth")]
    auth = {"Auth": {"Authorizers": {"MyAuth": {"FunctionArn": "arn:aws:lambda:us-east-1:1:function:auth"}}}}
    assert codes(_sam(body, auth)) == []
    del body["paths"]["/items"]["get"]["x-amazon-apigateway-integration"]
    event = {"Get": {"Type": "Api", "Properties": {"RestApiId": {"Ref": "Api"}, "Path": "/items", "Method": "get"}}}
    assert codes(_sam(body, auth, event)) == [("method-without-integration", "/Resources/Fn/Properties/Events/Get")]


def test_endpoint_type_decides_the_timeout_severity() -> None:
    if sam_translator_missing():
        pytest.skip(SAM_MISSING)
    body = _document()
    body["paths"]["/items"]["get"]["x-amazon-apigateway-integration"]["timeoutInMillis"] = 60000
    where = "/Resources/Api/Properties/DefinitionBody/paths/~1items/get/x-amazon-apigateway-integration/timeoutInMillis"
    assert codes(_sam(body)) == [("timeout-above-edge-limit", where)]
    assert codes(_sam(body, {"EndpointConfiguration": "REGIONAL"})) == [("timeout-above-default", where)]
    assert codes(_sam(body, {"EndpointConfiguration": {"Type": "PRIVATE"}})) == [("timeout-above-default", where)]
    assert [code for code, _ in codes(body)] == ["timeout-above-default"]  # a bare document: the type is unknown


def test_one_http_api_key_does_not_hide_a_rest_document() -> None:
    document = _document()
    document["paths"]["/items"]["post"] = {"responses": {"200": {"description": "ok"}},
                                           "x-amazon-apigateway-integration": {
                                               "type": "aws", "httpMethod": "GET", "uri": LAMBDA,
                                               "payloadFormatVersion": "1.0",
                                               "responses": {"default": {"statusCode": "200"}}}}
    assert ("lambda-not-post", "/paths/~1items/post/x-amazon-apigateway-integration/httpMethod") in codes(document)
    http = _document()
    http["paths"]["/items"]["get"]["x-amazon-apigateway-integration"]["payloadFormatVersion"] = "2.0"
    assert codes(http) == [("http-api-not-checked", "")]


@pytest.mark.parametrize(("uri", "stream", "expected"), [
    (LAMBDA, True, ["stream-uri-mismatch"]),
    (LAMBDA.replace("2015-03-31", "2021-11-15").replace("/invocations", "/response-streaming-invocations"), False,
     ["stream-uri-mismatch"]),
    ("arn:aws:apigateway:${self:provider.region}:sqs:path/1/q", False, ["aws-proxy-not-lambda"]),
    ("${lambda_invocation_arn}", False, []),
    ("arn:aws:lambda:us-east-1:1:function:f", False, ["uri-wrong-shape"]),
])
def test_lambda_uris(uri: str, stream: bool, expected: list[str]) -> None:
    integration = {"type": "aws_proxy", "httpMethod": "POST", "uri": uri}
    if stream:
        integration["responseTransferMode"] = "STREAM"
    assert [d.code for d in validate(integration, dialect="openapi")] == expected


def test_a_backreference_to_no_group_is_invalid_in_both_dialects() -> None:
    integration = {"Type": "MOCK", "IntegrationResponses": [{"StatusCode": "200"},
                                                            {"StatusCode": "500", "SelectionPattern": "5\\d\\d\\k<x>"}]}
    [found] = validate(integration, dialect="cfn")
    assert found.code == "selection-pattern-invalid" and "names no group" in found.message


def test_odd_values_in_api_resources_are_not_judged_and_do_not_crash() -> None:
    template = {"Resources": {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"EndpointConfiguration": {"Types": {"Ref": "T"}}}},
        "Deployment": {"Type": "AWS::ApiGateway::Deployment", "DependsOn": [{"Ref": "X"}, ["M"]],
                       "Properties": {"RestApiId": {"Ref": "Api"}}},
        "M": {"Type": "AWS::ApiGateway::Method", "Properties": {
            "HttpMethod": {"Ref": "Verb"}, "AuthorizationType": 7, "ResourceId": {"Fn::GetAtt": "Api.RootResourceId"},
            "RestApiId": {"Ref": "Api"}, "RequestModels": {"Fn::If": ["C", {}, {}]}, "MethodResponses": [3, None],
            "Integration": {"Type": "MOCK", "IntegrationResponses": [{"StatusCode": "200"}]}}},
        "R": {"Type": "AWS::ApiGateway::Resource", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ParentId": {"Ref": "R"}, "PathPart": "loop"}}}}
    loop = ("api-not-convertible", "/Resources/R/Properties/ParentId")  # R is its own parent: a real cycle
    assert codes(template) == [("deployment-without-depends-on", "/Resources/Deployment"), loop]
    template["Resources"][7] = template["Resources"].pop("Deployment")  # a YAML key that is a number
    assert codes(template) == [("deployment-without-depends-on", "/Resources/7"), loop]
