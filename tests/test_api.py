"""The public single-integration API: its contract for good input, bad input and the loss policy."""

from __future__ import annotations

import importlib.util
import warnings
from collections import OrderedDict
from typing import Any

import pytest
from cfn_flip import load_yaml

import apigw_convert
from apigw_convert import (
    ConvertError,
    InputError,
    Integration,
    IntegrationResponse,
    LossError,
    LossWarning,
    TlsConfig,
    cfn_to_swagger,
    swagger_to_cfn,
)
from apigw_convert.diagnostics import CODES


def test_public_names() -> None:
    for name in ("cfn_to_swagger", "swagger_to_cfn", "Integration", "ConvertError", "InputError", "LossError"):
        assert name in apigw_convert.__all__
    assert issubclass(ConvertError, ValueError)
    assert issubclass(InputError, ConvertError) and issubclass(LossError, ConvertError)


def test_ordered_dict_and_cfn_flip_input() -> None:
    flipped = load_yaml("""
Type: AWS_PROXY
IntegrationHttpMethod: POST
Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations
IntegrationResponses:
  - StatusCode: 200
""")
    out = cfn_to_swagger(flipped)
    assert out == {"type": "aws_proxy", "httpMethod": "POST",
                   "uri": {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
                                      "${Fn.Arn}/invocations"},
                   "responses": {"default": {"statusCode": "200"}}}
    assert type(out["uri"]) is dict  # plain data out, whatever mapping type came in
    ordered = OrderedDict([("type", "MOCK"), ("responses", OrderedDict([("default", {"statusCode": 200})]))])
    assert swagger_to_cfn(ordered) == {"Type": "MOCK", "IntegrationResponses": [{"StatusCode": "200"}]}


def test_model_methods_round_trip() -> None:
    integration = Integration.from_cfn({"Type": "http", "IntegrationHttpMethod": "GET", "Uri": "https://x.example"})
    assert integration.type.value == "HTTP"
    assert integration.to_swagger() == {"type": "http", "httpMethod": "GET", "uri": "https://x.example"}
    assert Integration.from_swagger(integration.to_swagger()).to_cfn() == {
        "Type": "HTTP", "IntegrationHttpMethod": "GET", "Uri": "https://x.example"}


def test_models_built_by_hand_are_validated_and_written() -> None:
    built = Integration(type="mock", tls_config=TlsConfig(insecure_skip_verification=True),
                        integration_responses=[IntegrationResponse(status_code=200, selection_pattern=404)])
    assert built.to_swagger() == {"type": "mock", "tlsConfig": {"insecureSkipVerification": True},
                                  "responses": {"404": {"statusCode": "200"}}}
    with pytest.raises(LossError) as lost:
        built.to_cfn(on_loss="error")
    assert [(d.code, d.pointer) for d in lost.value.diagnostics] == [("tls-config-unsupported", "/tls_config")]


BAD_CFN: list[tuple[Any, str, str]] = [
    ({"Type": "MOCK", "RequestTemplates": {1: "a", "1": "b"}}, "duplicate-key", "/RequestTemplates/1"),
    ([], "invalid-type", ""),
    ("MOCK", "invalid-type", ""),
    (None, "invalid-type", ""),
    ({}, "missing-field", ""),
    ({"Uri": "https://x"}, "missing-field", ""),
    ({"Type": "LAMBDA"}, "invalid-enum", "/Type"),
    ({"Type": 5}, "invalid-type", "/Type"),
    ({"Type": None}, "invalid-type", "/Type"),
    ({"Type": "HTTP", "Uri": ["a"]}, "invalid-type", "/Uri"),
    ({"Type": "HTTP", "TimeoutInMillis": True}, "invalid-type", "/TimeoutInMillis"),
    ({"Type": "HTTP", "TimeoutInMillis": 1.5}, "invalid-type", "/TimeoutInMillis"),
    ({"Type": "HTTP", "TimeoutInMillis": "soon"}, "invalid-type", "/TimeoutInMillis"),
    ({"Type": "HTTP", "ConnectionType": "PRIVATE"}, "invalid-enum", "/ConnectionType"),
    ({"Type": "HTTP", "RequestParameters": ["a"]}, "invalid-type", "/RequestParameters"),
    ({"Type": "HTTP", "RequestParameters": {"integration.request.header.x": True}}, "invalid-type",
     "/RequestParameters/integration.request.header.x"),
    ({"Type": "HTTP", "CacheKeyParameters": "method.request.path.id"}, "invalid-type", "/CacheKeyParameters"),
    ({"Type": "HTTP", "CacheKeyParameters": [1]}, "invalid-type", "/CacheKeyParameters/0"),
    ({"Type": "HTTP", "IntegrationResponses": {"default": {"StatusCode": "200"}}}, "invalid-type",
     "/IntegrationResponses"),
    ({"Type": "HTTP", "IntegrationResponses": ["200"]}, "invalid-type", "/IntegrationResponses/0"),
    ({"Type": "HTTP", "IntegrationResponses": [{"SelectionPattern": "4.*"}]}, "missing-field",
     "/IntegrationResponses/0"),
    ({"Type": "HTTP", "IntegrationResponses": [{"StatusCode": 200, "ContentHandling": "BASE64"}]}, "invalid-enum",
     "/IntegrationResponses/0/ContentHandling"),
    ({"Type": "HTTP", "IntegrationResponses": [{"StatusCode": 200, "ResponseTemplates": {"a/b": 7}}]},
     "invalid-type", "/IntegrationResponses/0/ResponseTemplates/a~1b"),
    ({"Fn::If": ["C", {"Type": "BAD"}, {"Ref": "AWS::NoValue"}]}, "invalid-enum", "/Fn::If/1/Type"),
]


@pytest.mark.parametrize(("obj", "code", "pointer"), BAD_CFN, ids=lambda v: repr(v)[:40])
def test_bad_cfn_input_raises_input_error(obj: Any, code: str, pointer: str) -> None:
    with pytest.raises(InputError) as raised:
        cfn_to_swagger(obj)
    (diagnostic,) = raised.value.diagnostics
    assert (diagnostic.code, diagnostic.pointer) == (code, pointer)
    assert diagnostic.code in CODES and diagnostic.severity == "error"
    assert pointer in str(raised.value)


BAD_OPENAPI: list[tuple[Any, str, str]] = [
    ({"uri": "x"}, "missing-field", ""),
    ({"type": "grpc"}, "invalid-enum", "/type"),
    ({"type": "http", "passthroughBehavior": "sometimes"}, "invalid-enum", "/passthroughBehavior"),
    ({"type": "http", "responses": [{"statusCode": "200"}]}, "invalid-type", "/responses"),
    ({"type": "http", "responses": {"default": "200"}}, "invalid-type", "/responses/default"),
    ({"type": "http", "responses": {"4\\d{2}": {"statusCode": ["400"]}}}, "invalid-type",
     "/responses/4\\d{2}/statusCode"),
    ({"type": "http", "tlsConfig": {"insecureSkipVerification": "yes"}}, "invalid-type",
     "/tlsConfig/insecureSkipVerification"),
    ({"type": "http", "tlsConfig": True}, "invalid-type", "/tlsConfig"),
    ({"$ref": "#/components/x-amazon-apigateway-integrations/NewPet"}, "http-api-integration-ref", "/$ref"),
    ({"type": "mock", "responses": {404: {"statusCode": "404"}, "404": {"statusCode": "405"}}}, "duplicate-key",
     "/responses/404"),
    ({"Fn::If": ["C", {"type": "mock"}]}, "invalid-type", "/Fn::If"),
    ({"type": "mock", "responses": {"Fn::If": [5, {}, {}]}}, "invalid-type", "/responses/Fn::If"),
]


@pytest.mark.parametrize(("obj", "code", "pointer"), BAD_OPENAPI, ids=lambda v: repr(v)[:40])
def test_bad_openapi_input_raises_input_error(obj: Any, code: str, pointer: str) -> None:
    with pytest.raises(InputError) as raised:
        swagger_to_cfn(obj)
    assert [(d.code, d.pointer) for d in raised.value.diagnostics] == [(code, pointer)]


def test_wrong_dialect_is_named() -> None:
    with pytest.raises(InputError, match="OpenAPI spelling"):
        cfn_to_swagger({"type": "aws_proxy", "uri": "x"})
    with pytest.raises(InputError, match="CloudFormation spelling"):
        swagger_to_cfn({"Type": "AWS_PROXY"})


def test_on_loss_values() -> None:
    lossy = {"type": "http", "tlsConfig": {"insecureSkipVerification": True}}
    assert swagger_to_cfn(lossy, on_loss="ignore") == {"Type": "HTTP"}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert swagger_to_cfn(lossy) == {"Type": "HTTP"}  # "warn" is the default
    (warning,) = caught
    assert isinstance(warning.message, LossWarning)
    assert warning.message.diagnostic.pointer == "/tlsConfig"
    with pytest.raises(LossError):
        swagger_to_cfn(lossy, on_loss="error")
    with pytest.raises(InputError) as bad:
        swagger_to_cfn(lossy, on_loss="raise")
    assert bad.value.diagnostics[0].code == "invalid-argument"


def test_info_diagnostics_never_refuse() -> None:
    assert cfn_to_swagger({"Type": "MOCK", "Credentials": None}, on_loss="error") == {"type": "mock"}


def test_intrinsic_integration_is_carried() -> None:
    assert cfn_to_swagger({"Fn::FindInMap": ["Integrations", "Prod", "Get"]}) == {
        "Fn::FindInMap": ["Integrations", "Prod", "Get"]}
    assert cfn_to_swagger({"Ref": "AWS::NoValue"}) == {"Ref": "AWS::NoValue"}
    with pytest.raises(InputError):
        Integration.from_cfn({"Fn::If": ["C", {"Type": "MOCK"}, {"Type": "HTTP"}]})


def test_deep_nesting_is_an_input_error() -> None:
    deep: Any = {"Type": "MOCK"}
    for _ in range(5000):
        deep = {"Fn::If": ["C", deep, {"Ref": "AWS::NoValue"}]}
    with pytest.raises(InputError) as raised:
        cfn_to_swagger(deep)
    assert raised.value.diagnostics[0].code == "nesting-too-deep"


def test_every_code_has_a_summary_and_a_severity() -> None:
    for code, info in CODES.items():
        assert code == code.lower() and " " not in code
        assert info.severity in ("error", "warning", "info") and info.summary


def test_loss_warnings_point_at_the_callers_line() -> None:
    lossy = {"type": "http", "tlsConfig": {"insecureSkipVerification": True}}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        swagger_to_cfn(lossy)
        Integration.from_swagger(lossy).to_cfn()
    assert [w.filename for w in caught] == [__file__, __file__]


def test_diagnostic_is_a_frozen_record_with_the_report_shape() -> None:
    import dataclasses
    import json

    import jsonschema
    from conftest import REPO

    with pytest.raises(LossError) as caught:
        apigw_convert.swagger_to_cfn({"type": "http", "uri": "https://x", "tlsConfig": {}}, on_loss="error")
    diagnostic = caught.value.diagnostics[0]
    assert isinstance(diagnostic, apigw_convert.Diagnostic)
    with pytest.raises(dataclasses.FrozenInstanceError):
        diagnostic.code = "other"  # type: ignore[misc]
    placed = diagnostic.at("api.yaml", 3, 5)
    assert (placed.file, placed.line, placed.column, placed.code) == ("api.yaml", 3, 5, diagnostic.code)
    assert diagnostic.file is None
    assert str(placed).startswith("api.yaml:3:5: error tls-config-unsupported at /tlsConfig")
    report = {"diagnostics": [diagnostic.to_dict(), placed.to_dict()]}
    schema = json.loads((REPO / "schemas" / "report.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, schema)
    assert list(placed.to_dict()) == list(schema["$defs"]["Diagnostic"]["properties"])
    assert hash(placed) == hash(diagnostic.at("api.yaml", 3, 5))


_HUGE = 10**5000  # more digits than Python converts to text by default
_HUGE_DIGITS = "9" * 5000


@pytest.mark.parametrize(("call", "pointer"), [
    (lambda: apigw_convert.cfn_to_swagger({"Type": "MOCK", "TimeoutInMillis": _HUGE_DIGITS}), "/TimeoutInMillis"),
    (lambda: apigw_convert.swagger_to_cfn({"type": "mock", "timeoutInMillis": _HUGE_DIGITS}), "/timeoutInMillis"),
    (lambda: apigw_convert.Integration.from_cfn({"Type": "MOCK", "TimeoutInMillis": _HUGE_DIGITS}),
     "/TimeoutInMillis"),
    (lambda: apigw_convert.cfn_to_swagger({"Type": "MOCK", "IntegrationResponses": [{"StatusCode": _HUGE}]}),
     "/IntegrationResponses/0/StatusCode"),
    (lambda: apigw_convert.validate({"Type": "MOCK", "TimeoutInMillis": _HUGE}), ""),
    (lambda: apigw_convert.template_to_openapi({"Resources": {_HUGE: {"Type": "AWS::ApiGateway::RestApi"}}}), ""),
    (lambda: apigw_convert.dump({"x": _HUGE}), ""),
], ids=["digits-cfn", "digits-openapi", "digits-model", "int-status", "int-validate", "int-key", "int-dump"])
def test_numbers_past_pythons_digit_limit_are_input_errors(call: Any, pointer: str) -> None:
    """Python refuses int <-> text conversions past 4300 digits with a ValueError; that must not escape."""
    with pytest.raises(InputError) as caught:
        call()
    assert caught.value.diagnostics[0].code == "invalid-type"
    assert caught.value.diagnostics[0].pointer == pointer


def test_non_string_map_keys_are_spelled_as_json() -> None:
    out = cfn_to_swagger({"Type": "MOCK", "RequestTemplates": {True: "x", None: "y", 5: "z"}})
    assert out["requestTemplates"] == {"true": "x", "null": "y", "5": "z"}
    back = swagger_to_cfn({"type": "mock", "responses": {True: {"statusCode": 200}}})
    assert back["IntegrationResponses"] == [{"StatusCode": "200", "SelectionPattern": "true"}]


def test_every_input_error_of_an_integration_is_reported_at_once() -> None:
    bad = {"Type": "HTTP", "PassthroughBehavior": "sometimes", "TimeoutInMillis": "soon",
           "IntegrationResponses": [{"StatusCode": 200.5}, {"StatusCode": "200"}, {"SelectionPattern": "x"}],
           "RequestTemplates": {"Fn::If": ["C", {"application/json": "{}"}, {"text/plain": []}]}}
    with pytest.raises(InputError) as caught:
        cfn_to_swagger(bad)
    assert [(d.code, d.pointer) for d in caught.value.diagnostics] == [
        ("invalid-enum", "/PassthroughBehavior"),
        ("invalid-type", "/TimeoutInMillis"),
        ("invalid-type", "/IntegrationResponses/0/StatusCode"),
        ("missing-field", "/IntegrationResponses/2"),
    ]


# --- only ConvertError leaves the public API, load and the model methods included ---------------------------

class _ReadWithoutSize:
    def read(self) -> str:
        return "a: 1\n"


def _closed_file(tmp_path: Any) -> Any:
    handle = open(tmp_path / "t.yaml", "w+", encoding="utf-8")
    handle.close()
    return handle


def test_load_reads_files_and_streams_and_loads_reads_text(tmp_path: Any) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert apigw_convert.load(str(path)) == apigw_convert.load(path) == {"a": 1}
    assert apigw_convert.load(_ReadWithoutSize()) == {"a": 1}
    assert apigw_convert.loads(str(path)) == str(path)  # a text is never a path: no file is read
    assert apigw_convert.loads(b"a: 1") == apigw_convert.loads("a: 1") == {"a": 1}
    with pytest.raises(InputError) as missing:
        apigw_convert.load("a: 1")  # a str given to load is a path, whatever it looks like
    assert missing.value.diagnostics[0].code == "file-not-found"


@pytest.mark.parametrize(("call", "code"), [
    (lambda tmp: apigw_convert.load(_closed_file(tmp)), "file-unreadable"),
    (lambda tmp: apigw_convert.load(tmp / "x.yaml", name=5), "invalid-type"),
    (lambda tmp: apigw_convert.loads("a: 1", name=5), "invalid-type"),
    (lambda tmp: apigw_convert.load(b"a: 1"), "invalid-type"),
    (lambda tmp: apigw_convert.load(5), "invalid-type"),
    (lambda tmp: apigw_convert.loads(tmp), "invalid-type"),
    (lambda tmp: apigw_convert.load(""), "file-not-found"),
    (lambda tmp: apigw_convert.load("a\0b"), "file-not-found"),
    (lambda tmp: Integration.from_cfn({"Type": "MOCK", "RequestTemplates": {"a": "\ud800"}}).model_dump_json(),
     "invalid-encoding"),
    (lambda tmp: Integration.model_validate({"type": "LAMBDA"}), "invalid-enum"),
    (lambda tmp: Integration.model_validate({"uri": "x"}), "missing-field"),
    (lambda tmp: Integration.model_validate_json("{"), "invalid-type"),
    (lambda tmp: IntegrationResponse.model_validate_strings({"status_code": ["x"]}), "invalid-type"),
])
def test_only_convert_errors_leave_load_and_the_model_methods(call: Any, code: str, tmp_path: Any) -> None:
    with pytest.raises(ConvertError) as caught:
        call(tmp_path)
    assert type(caught.value) is InputError and caught.value.diagnostics[0].code == code


def test_a_model_validation_error_points_at_the_field() -> None:
    with pytest.raises(InputError) as caught:
        Integration.model_validate({"type": "MOCK", "integration_responses": [{"status_code": 5.5}]})
    first = caught.value.diagnostics[0]
    assert (first.code, first.pointer) == (
        "invalid-type", "/integration_responses/0/status_code")
    assert Integration.model_validate({"type": "MOCK"}).type.value == "MOCK"


def test_messages_spell_keys_as_json_and_never_contradict_themselves() -> None:
    found = [(d.pointer, d.message) for d in apigw_convert.validate({"Type": "MOCK", True: 1, None: 2}, dialect="cfn")]
    assert found[:2] == [("/true", "'true' is not a property here"), ("/null", "'null' is not a property here")]
    with pytest.raises(InputError) as caught:
        cfn_to_swagger({"Type": "MOCK", "IntegrationResponses": ({"StatusCode": "200"},)})
    assert caught.value.diagnostics[0].message == "expected a list of integration responses, got a tuple"
    scheme = {"type": "apiKey", "name": "x", "in": "header",
              "x-amazon-apigateway-authorizer": {"Fn::If": ["C", {}, {}]}}
    with pytest.raises(InputError) as caught:
        apigw_convert.openapi_to_template({"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {},
                                           "components": {"securitySchemes": {"a": scheme}}})
    assert caught.value.diagnostics[0].message == "expected a mapping, got the intrinsic function Fn::If"


def test_a_path_that_names_one_variable_twice_is_refused_both_ways() -> None:
    operation = {"responses": {"200": {"description": "ok"}}, "x-amazon-apigateway-integration": {
        "type": "mock", "requestTemplates": {"application/json": "{}"},
        "responses": {"default": {"statusCode": "200"}}}}
    document = {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {"/{t}/{t+}": {"get": operation}}}
    with pytest.raises(InputError) as caught:
        apigw_convert.openapi_to_template(document)
    assert [(d.code, d.pointer) for d in caught.value.diagnostics] == [
        ("duplicate-path-variable", "/paths/~1{t}~1{t+}")]
    template = apigw_convert.openapi_to_template({**document, "paths": {"/{t}/{u}": {"get": operation}}})
    inner = next(name for name, resource in template["Resources"].items() if resource["Type"].endswith("Resource")
                 and resource["Properties"]["PathPart"] == "{u}")
    template["Resources"][inner]["Properties"]["PathPart"] = "{t}"
    with pytest.raises(InputError) as caught:
        apigw_convert.template_to_openapi(template)
    assert [(d.code, d.pointer) for d in caught.value.diagnostics] == [
        ("duplicate-path-variable", f"/Resources/{inner}/Properties/PathPart")]


def test_a_no_value_openapi_response_is_reported_and_round_trips_stably() -> None:
    openapi = {"type": "mock", "responses": {"default": {"statusCode": "200"}, "4\\d{2}": {"Ref": "AWS::NoValue"}}}
    with pytest.raises(LossError) as caught:
        swagger_to_cfn(openapi, on_loss="error")
    assert [(d.code, d.pointer) for d in caught.value.diagnostics] == [("no-value-response", "/responses/4\\d{2}")]
    cfn = swagger_to_cfn(openapi, on_loss="ignore")
    assert cfn == {"Type": "MOCK", "IntegrationResponses": [{"StatusCode": "200"}]}
    assert swagger_to_cfn(cfn_to_swagger(cfn)) == cfn
    assert swagger_to_cfn({"type": "mock", "responses": {"5\\d{2}": {"Ref": "AWS::NoValue"}}}, on_loss="ignore") == {
        "Type": "MOCK", "IntegrationResponses": []}


@pytest.mark.parametrize("pattern", ["Ref", "Condition", "Fn::If", "Fn::Sub", "Fn::GetAtt"])
def test_a_selection_pattern_spelled_like_an_intrinsic_round_trips(pattern: str) -> None:
    cfn = {"Type": "MOCK", "IntegrationResponses": [{"StatusCode": "200", "SelectionPattern": pattern}]}
    openapi = cfn_to_swagger(cfn)
    assert openapi == {"type": "mock", "responses": {pattern: {"statusCode": "200"}}}
    assert swagger_to_cfn(openapi) == cfn
    assert Integration.from_swagger(openapi).to_cfn() == cfn


def test_a_selection_pattern_that_cannot_be_told_from_an_intrinsic_is_reported() -> None:
    cfn = {"Type": "MOCK", "IntegrationResponses": [{"StatusCode": "200", "SelectionPattern": "Fn::Transform"}]}
    with pytest.raises(LossError) as caught:
        cfn_to_swagger(cfn, on_loss="error")
    assert [(d.code, d.pointer) for d in caught.value.diagnostics] == [
        ("ambiguous-selection-pattern", "/IntegrationResponses/0")]
    conditional = {"Type": "MOCK", "IntegrationResponses": [{"Fn::If": [
        "C", {"StatusCode": "200", "SelectionPattern": "Ref"}, {"StatusCode": "500", "SelectionPattern": "Ref"}]}]}
    with pytest.raises(LossError) as caught:
        cfn_to_swagger(conditional, on_loss="error")
    assert [d.code for d in caught.value.diagnostics] == ["ambiguous-selection-pattern"]
    assert swagger_to_cfn({"type": "mock", "responses": {"Fn::If": ["C", {"default": {"statusCode": "200"}}, {}]}},
                          on_loss="ignore") == {"Type": "MOCK", "IntegrationResponses": {
                              "Fn::If": ["C", [{"StatusCode": "200"}], []]}}


def test_fn_sub_of_pseudo_parameters_is_unwrapped_only_in_string_fields() -> None:
    integration = {"Type": "MOCK", "Uri": {"Fn::Sub": "arn:${AWS::Region}"},
                   "TimeoutInMillis": {"Fn::Sub": "${AWS::AccountId}"},
                   "RequestTemplates": {"application/json": "{}"}, "IntegrationResponses": [{"StatusCode": "200"}]}
    template = {"Resources": {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "a"}},
        "M": {"Type": "AWS::ApiGateway::Method", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "HttpMethod": "GET",
            "AuthorizationType": "NONE", "Integration": integration, "MethodResponses": [{"StatusCode": "200"}]}}}}
    written = apigw_convert.template_to_openapi(template, on_loss="ignore")["paths"]["/"]["get"]
    assert written["x-amazon-apigateway-integration"]["uri"] == "arn:${AWS::Region}"
    assert written["x-amazon-apigateway-integration"]["timeoutInMillis"] == {"Fn::Sub": "${AWS::AccountId}"}


def test_path_level_parameters_of_a_path_item_without_operations_are_carried() -> None:
    parameters = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                  {"name": "q", "in": "query", "schema": {"type": "string"}}]
    operation = {"responses": {"200": {"description": "ok"}}, "x-amazon-apigateway-integration": {
        "type": "mock", "requestTemplates": {"application/json": "{}"},
        "responses": {"default": {"statusCode": "200"}}}}
    document = {"openapi": "3.0.1", "info": {"title": "t", "version": "1"},
                "paths": {"/a/{id}": {"parameters": parameters}, "/b": {"get": operation}}}
    again = apigw_convert.template_to_openapi(apigw_convert.openapi_to_template(document))
    assert again["paths"]["/a/{id}"] == {"parameters": parameters}


def test_an_orphan_path_parameter_is_reported_in_both_directions() -> None:
    orphan = {"name": "x", "in": "path", "required": True, "schema": {"type": "string"}}
    operation = {"parameters": [orphan], "responses": {"200": {"description": "ok"}},
                 "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": "{}"},
                                                     "responses": {"default": {"statusCode": "200"}}}}
    document = {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": operation}}}
    with pytest.raises(LossError) as caught:
        apigw_convert.openapi_to_template(document, on_loss="error")
    assert [(d.code, d.pointer) for d in caught.value.diagnostics] == [
        ("orphan-path-parameter", "/paths/~1a/get/parameters/0")]
    template = apigw_convert.openapi_to_template(document, on_loss="ignore")
    assert apigw_convert.template_to_openapi(template, on_loss="ignore")["paths"]["/a"]["get"]["parameters"] == [orphan]


_NO_VALUE = {"Ref": "AWS::NoValue"}
_BODY = "/Resources/Api/Properties/Body"


def _in_template(parameters: list[Any], path_level: list[Any] | None = None) -> dict[str, Any]:
    """A template whose inline body has one operation with ``parameters`` (and its path item ``path_level``)."""
    operation = {"parameters": parameters, "responses": {"200": {"description": "ok"}},
                 "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": "{}"},
                                                     "responses": {"default": {"statusCode": "200"}}}}
    item = {"get": operation, **({"parameters": path_level} if path_level else {})}
    document = {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": item}}
    return {"Conditions": {"C": {"Fn::Equals": ["a", "b"]}},
            "Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Body": document}}}}


def _flags(template: dict[str, Any]) -> Any:
    methods = [r for r in template["Resources"].values() if r["Type"] == "AWS::ApiGateway::Method"]
    return [m["Properties"].get("RequestParameters") for m in methods]


_Q, _Q_REQUIRED = {"name": "q", "in": "query"}, {"name": "q", "in": "query", "required": True}


@pytest.mark.parametrize(("template", "dropped", "kept"), [
    (_in_template([_Q, _Q_REQUIRED]), "/paths/~1a/get/parameters/1", False),
    (_in_template([], [_Q, _Q_REQUIRED]), "/paths/~1a/parameters/1", False),
    (_in_template([{"Fn::If": ["C", _Q, _NO_VALUE]}, {"Fn::If": ["C", _Q_REQUIRED, _NO_VALUE]}]),
     "/paths/~1a/get/parameters/1/Fn::If/1", {"Fn::If": ["C", False, _NO_VALUE]}),
    (_in_template([_Q, {"Fn::If": ["C", _NO_VALUE, _Q_REQUIRED]}]), "/paths/~1a/get/parameters/1/Fn::If/2", False),
])
def test_a_parameter_listed_twice_is_reported_and_the_first_kept(template: dict[str, Any], dropped: str,
                                                                  kept: Any) -> None:
    with pytest.raises(LossError) as caught:
        apigw_convert.unembed(template, on_loss="error")
    assert [(d.code, d.pointer) for d in caught.value.diagnostics] == [("duplicate-parameter", _BODY + dropped)]
    assert _flags(apigw_convert.unembed(template, on_loss="ignore")) == [{"method.request.querystring.q": kept}]
    document = template["Resources"]["Api"]["Properties"]["Body"]
    if "Fn::If" not in dropped:  # a document on its own
        with pytest.raises(LossError) as caught:
            apigw_convert.openapi_to_template(document, on_loss="error")
        assert [(d.code, d.pointer) for d in caught.value.diagnostics] == [("duplicate-parameter", dropped)]
    assert [(d.code, d.pointer) for d in apigw_convert.validate(template) if d.code == "parameter-defined-twice"] == [
        ("parameter-defined-twice", _BODY + dropped.split("/Fn::If")[0])]


def test_two_versions_of_a_parameter_on_opposite_branches_are_one_parameter() -> None:
    template = _in_template([{"Fn::If": ["C", _Q, _NO_VALUE]}, {"Fn::If": ["C", _NO_VALUE, _Q_REQUIRED]}])
    assert _flags(apigw_convert.unembed(template, on_loss="error")) == [
        {"method.request.querystring.q": {"Fn::If": ["C", False, True]}}]
    assert [d.code for d in apigw_convert.validate(template) if d.code == "parameter-defined-twice"] == []


@pytest.mark.parametrize("name", ["Ref", "Condition"])
def test_a_model_scheme_or_validator_named_like_an_intrinsic_round_trips(name: str) -> None:
    operation = {"responses": {"200": {"description": "ok", "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{name}"}}}}}, "security": [{name: []}],
        "x-amazon-apigateway-request-validator": name,
        "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": "{}"},
                                            "responses": {"default": {"statusCode": "200"}}}}
    document = {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": operation}},
                "components": {"schemas": {name: {"type": "object"}},
                               "securitySchemes": {name: {"type": "apiKey", "name": "x-api-key", "in": "header"}}},
                "x-amazon-apigateway-request-validators": {name: {"validateRequestBody": True}}}
    template = apigw_convert.openapi_to_template(document, on_loss="ignore")
    again = apigw_convert.template_to_openapi(template, on_loss="ignore")
    assert list(again["components"]["schemas"]) == list(again["components"]["securitySchemes"]) == [name]
    assert again["x-amazon-apigateway-request-validators"] == {name: {"validateRequestBody": True}}
    assert apigw_convert.openapi_to_template(again, on_loss="ignore") == template


def test_a_loss_of_carried_openapi_content_points_where_the_template_carries_it() -> None:
    from apigw_convert.pointer import from_pointer

    operation = {"responses": {"200": {"description": "ok", "links": {"x": {"operationId": "y"}}}},
                 "callbacks": {"c": {}}, "x-amazon-apigateway-integration": {
                     "type": "mock", "requestTemplates": {"application/json": "{}"},
                     "responses": {"default": {"statusCode": "200"}}}}
    document = {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": operation}}}
    template = apigw_convert.openapi_to_template(document, on_loss="ignore")
    with pytest.raises(LossError) as caught:
        apigw_convert.template_to_openapi(template, version="2.0", on_loss="error")
    losses = [d for d in caught.value.diagnostics if d.code == "openapi-version-loss"]
    assert len(losses) == 2
    for loss in losses:
        value: Any = template
        for token in from_pointer(loss.pointer):
            value = value[int(token)] if isinstance(value, list) else value[token]
        assert value in ({"c": {}}, {"x": {"operationId": "y"}})


def test_convert_returns_every_diagnostic_as_data_and_never_warns() -> None:
    source = {"tlsConfig": {"insecureSkipVerification": True}, "type": "mock", "timeoutInMillis": None,
              "bogus": 1}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        results = [apigw_convert.convert(source, to="cfn") for _ in range(3)]
    for result in results:  # a loop gets every diagnostic every time, not one warning per call site
        assert isinstance(result, apigw_convert.ConversionResult)
        assert result.source_kind == "integration"
        assert result.output == swagger_to_cfn(source, on_loss="ignore")
        # in the order of the source, info included: the writer's loss (/tlsConfig) before the reader's findings
        assert [(d.code, d.pointer) for d in result.diagnostics] == [
            ("tls-config-unsupported", "/tlsConfig"), ("null-value-dropped", "/timeoutInMillis"),
            ("unknown-field", "/bogus")]
        assert [d.code for d in result.losses] == ["tls-config-unsupported", "unknown-field"]
        assert result.diagnostics[0].path == ("tlsConfig",)
    with pytest.raises(LossError) as refused:
        apigw_convert.convert(source, to="cfn", on_loss="error")
    assert [d.code for d in refused.value.diagnostics] == ["tls-config-unsupported", "unknown-field"]


def test_convert_detects_documents_as_the_command_line_does() -> None:
    from apigw_convert import load, openapi_to_template, template_to_openapi, unembed

    template = load("examples/petstore.template.yaml")
    to_openapi = apigw_convert.convert(template, to="openapi", version="2.0")
    assert to_openapi.source_kind == "template"
    assert to_openapi.output == template_to_openapi(template, version="2.0", on_loss="ignore")
    back = apigw_convert.convert(to_openapi.output, to="cfn")
    assert back.source_kind == "openapi"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert back.output == openapi_to_template(to_openapi.output)
    assert "outer-reference" in [d.code for d in back.diagnostics]
    if importlib.util.find_spec("samtranslator") is None:
        pytest.skip("the SAM part needs AWS's SAM translator: pip install -e '.[sam]'")
    embedded = load("fixtures/documents/unembed-sam/embedded.yaml")
    resources = apigw_convert.convert(embedded, to="cfn")
    assert resources.source_kind == "embedded"
    assert resources.output == unembed(embedded, on_loss="ignore")


@pytest.mark.parametrize(("data", "kwargs", "message"), [
    ({"Type": "MOCK"}, {"to": "cfn"}, "already in that dialect"),
    ({"Type": "MOCK"}, {"to": "terraform"}, "to must be one of openapi, cfn"),
    ({"Type": "MOCK"}, {"to": "openapi", "api": "Api"}, "api= does not apply"),
    ({"Type": "MOCK"}, {"to": "openapi", "version": "2.0"}, "version= does not apply"),
    ({"openapi": "3.0.1", "paths": {}}, {"to": "cfn", "version": "2.0"}, "version= does not apply"),
    ({"Type": "MOCK"}, {"to": "openapi", "on_loss": "loud"}, "on_loss must be one of"),
    ({"neither": 1}, {"to": "openapi"}, "neither a template"),
])
def test_convert_refuses_what_does_not_apply(data: Any, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=message):
        apigw_convert.convert(data, **kwargs)


def test_every_code_is_named_in_the_type_and_in_one_section() -> None:
    from typing import get_args

    from apigw_convert.diagnostics import SECTION_TITLES, SECTIONS, CodeName

    named = list(get_args(CodeName))
    in_sections = [code for codes in SECTIONS.values() for code in codes]
    assert len(in_sections) == len(set(in_sections)), "a code is in two sections"
    assert named == in_sections == list(CODES), "CodeName, SECTIONS and CODES must list the same codes in order"
    assert set(SECTION_TITLES) == set(SECTIONS)
