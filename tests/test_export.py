"""Offline export: resolving a template's intrinsic functions, the extensions choices, stages both ways."""

from __future__ import annotations

import io
import json
import warnings
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, skip_sam_without_translator
from openapi_spec_validator import validate as validate_openapi
from test_documents_lint import cfn_lint_errors

from apigw_convert import InputError, Resolution, load, openapi_to_template, template_to_openapi
from apigw_convert.cli import run
from apigw_convert.intrinsics import is_intrinsic
from apigw_convert.pointer import from_pointer
from apigw_convert.resolve import Resolver

EVERYTHING = REPO / "tests" / "data" / "export" / "everything.template.yaml"
VALUES = {"AuthFunction.Arn": "arn:aws:lambda:eu-west-1:123456789012:function:auth",
          "ApiRole.Arn": "arn:aws:iam::123456789012:role/api", "Queue.QueueName": "orders",
          "shared-vpc-link": "vl0123"}
FULL = Resolution(parameters={"Env": "prod"}, values=VALUES, region="eu-west-1", account_id="123456789012",
                  stack_name="shop")


def _template() -> Any:
    return load(str(EVERYTHING))


def _quiet(func: Any, *args: Any, **kwargs: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return func(*args, **kwargs)


def _intrinsics(value: Any) -> list[Any]:
    if is_intrinsic(value):
        return [value]
    if isinstance(value, dict):
        return [found for item in value.values() for found in _intrinsics(item)]
    if isinstance(value, list):
        return [found for item in value for found in _intrinsics(item)]
    return []


def _at(data: Any, pointer: str) -> Any:
    for token in from_pointer(pointer):
        data = data[int(token)] if isinstance(data, list) else data[token]
    return data


# --- resolution -----------------------------------------------------------------------------------------------
def test_every_intrinsic_function_resolves_into_a_plain_document() -> None:
    doc = _quiet(template_to_openapi, _template(), resolve=FULL)
    assert _intrinsics(doc) == []
    assert doc["info"] == {"title": "orders-prod", "description": "Orders of shop", "version": "1.0"}
    get = doc["paths"]["/orders"]["get"]["x-amazon-apigateway-integration"]
    assert get["uri"] == "https://backend.example.com:8080/v1/orders/${stageVariables.version}"  # Sub list form
    assert get["timeoutInMillis"] == 5000  # Ref of a Number parameter's Default
    assert get["requestParameters"] == {"integration.request.header.x-region": "'eu-west-1'",
                                        "integration.request.header.x-first": "'a'"}  # Select of Split
    post = doc["paths"]["/orders"]["post"]["x-amazon-apigateway-integration"]
    assert post["credentials"] == VALUES["ApiRole.Arn"]  # GetAtt
    assert post["uri"] == "arn:aws:apigateway:eu-west-1:sqs:path/123456789012/orders"  # pseudo parameters
    assert post["requestTemplates"] == {"application/json": "Action=SendMessage&MessageBody=$util.urlEncode("
                                        "$input.body)", "text/plain": "aGVsbG8="}  # Join, Base64
    assert "delete" not in doc["paths"]["/orders"]  # Condition IsDev is false
    proxy = doc["paths"]["/orders/{proxy+}"]["x-amazon-apigateway-any-method"]
    assert proxy["x-amazon-apigateway-integration"]["connectionId"] == "vl0123"  # ImportValue, If (And, Or)
    assert proxy["x-amazon-apigateway-integration"]["uri"] == "https://${stageVariables.host}/{proxy}"
    scheme = doc["components"]["securitySchemes"]["token"]["x-amazon-apigateway-authorizer"]
    assert scheme["authorizerUri"].startswith("arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:")
    validate_openapi(doc)


def test_a_false_condition_chooses_the_other_branch() -> None:
    resolution = Resolution(parameters={"Env": "dev"}, values=VALUES)
    doc = _quiet(template_to_openapi, _template(), resolve=resolution)
    assert "delete" in doc["paths"]["/orders"]
    proxy = doc["paths"]["/orders/{proxy+}"]["x-amazon-apigateway-any-method"]
    assert proxy["x-amazon-apigateway-integration"] == {"type": "mock"}
    validate_openapi(doc)


def test_every_missing_value_is_reported_at_once_with_its_pointer_and_option() -> None:
    template = _template()
    with pytest.raises(InputError) as caught:
        _quiet(template_to_openapi, template, resolve=Resolution())
    found = {(d.pointer, d.message.rsplit("give ", 1)[-1]) for d in caught.value.diagnostics}
    assert {d.code for d in caught.value.diagnostics} == {"unresolved-value"}
    assert found == {
        ("/Resources/Api/Properties/Name/Fn::Sub", "--parameter Env=VALUE"),
        ("/Resources/Authorizer/Properties/AuthorizerUri/Fn::Sub", "--value AuthFunction.Arn=VALUE"),
        ("/Resources/GetOrders/Properties/Integration/Uri/Fn::Sub/1/Path/Fn::FindInMap/1/Ref",
         "--parameter Env=VALUE"),
        ("/Resources/PostOrder/Properties/Integration/Credentials/Fn::GetAtt", "--value ApiRole.Arn=VALUE"),
        ("/Resources/PostOrder/Properties/Integration/Uri/Fn::Sub", "--value Queue.QueueName=VALUE"),
        ("/Resources/DeleteOrders/Condition", "--parameter Env=VALUE"),
        ("/Resources/AnyProxy/Properties/Integration/Fn::If/0", "--parameter Env=VALUE"),
        ("/Resources/AnyProxy/Properties/Integration/Fn::If/1/ConnectionId/Fn::ImportValue",
         "--value shared-vpc-link=VALUE"),
        ("/Resources/Stage/Properties/StageName/Ref", "--parameter Env=VALUE"),
    }
    for diagnostic in caught.value.diagnostics:
        _at(template, diagnostic.pointer)  # every pointer resolves in the template


def test_keep_leaves_what_has_no_value_in_place_and_notes_it() -> None:
    with warnings.catch_warnings(record=True):
        doc = template_to_openapi(_template(), resolve=Resolution(parameters={"Env": "prod"}, unresolved="keep"),
                                  on_loss="ignore")
    post = doc["paths"]["/orders"]["post"]["x-amazon-apigateway-integration"]
    assert post["credentials"] == {"Fn::GetAtt": ["ApiRole", "Arn"]}
    assert post["uri"] == {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:sqs:path/${AWS::AccountId}/"
                                      "${Queue.QueueName}"}
    assert doc["info"]["title"] == "orders-prod"
    with warnings.catch_warnings(record=True):
        doc = template_to_openapi(_template(), resolve=Resolution(unresolved="keep"), on_loss="ignore")
    assert doc["paths"]["/orders"]["get"]["x-amazon-apigateway-integration"]["uri"] == {"Fn::Sub": [
        "https://backend.example.com:8080${Path}/orders/${!stageVariables.version}",
        {"Path": {"Fn::FindInMap": ["Backends", {"Ref": "Env"}, "Path"]}}]}  # resolved as far as it goes
    assert doc["paths"]["/orders"]["delete"]["Fn::If"][0] == "IsDev"  # the Condition stays, as without --resolve


def test_values_the_document_does_not_need_are_not_asked_for() -> None:
    resolution = Resolution(parameters={"Env": "prod"}, values={"shared-vpc-link": "vl0123"})
    doc = _quiet(template_to_openapi, _template(), resolve=resolution, extensions="none")
    assert _intrinsics(doc) == []
    validate_openapi(doc)


def test_pseudo_parameters_without_a_value_are_written_as_text() -> None:
    resolver = Resolver({}, Resolution(partition="aws-cn"))
    assert resolver.value({"Fn::Sub": "${AWS::Region}/${AWS::AccountId}/${AWS::StackName}/${AWS::URLSuffix}/"
                                      "${AWS::Partition}"}, ()) == \
        "${AWS::Region}/${AWS::AccountId}/${AWS::StackName}/amazonaws.com.cn/aws-cn"
    assert [name for _, name in resolver.kept] == ["AWS::Region", "AWS::AccountId", "AWS::StackName"]
    assert resolver.missing == []


@pytest.mark.parametrize(("node", "expected"), [
    ({"Fn::Sub": "${!Literal} ${stageVariables.x} ${!stageVariables.y}"}, "${Literal} ${stageVariables.x} "
                                                                          "${stageVariables.y}"),
    ({"Fn::Join": ["-", [1, True, "x"]]}, "1-true-x"),
    ({"Fn::Select": ["1", {"Fn::Split": [",", "a,b,c"]}]}, "b"),
    ({"Fn::FindInMap": ["M", "k", "absent", {"DefaultValue": "d"}]}, "d"),
    ({"Fn::If": ["Yes", {"Ref": "AWS::NoValue"}, "no"]}, {}),
    ({"a": {"Fn::If": ["No", "x", {"Ref": "AWS::NoValue"}]}, "b": [{"Ref": "AWS::NoValue"}, 1]}, {"b": [1]}),
    ({"Fn::Base64": {"Fn::Sub": "${P}"}}, "dg=="),
])
def test_resolver_cases(node: Any, expected: Any) -> None:
    template = {"Parameters": {"P": {"Type": "String", "Default": "v"}}, "Mappings": {"M": {"k": {"x": "y"}}},
                "Conditions": {"Yes": {"Fn::Equals": [{"Ref": "P"}, "v"]}, "No": {"Fn::Not": [{"Condition": "Yes"}]}}}
    resolver = Resolver(template, Resolution())
    assert resolver.document(node) == expected
    assert resolver.missing == []


def test_what_cannot_be_resolved_offline_is_named() -> None:
    resolver = Resolver({"Conditions": {"Loop": {"Condition": "Loop"}}}, Resolution())
    out = resolver.document({"a": {"Fn::GetAZs": ""}, "b": {"Fn::If": ["Loop", 1, 2]}, "c": {"Ref": "Nowhere"}})
    assert out == {"a": {"Fn::GetAZs": ""}, "b": {"Fn::If": ["Loop", 1, 2]}, "c": {"Ref": "Nowhere"}}
    assert [(m.what, m.supply) for m in resolver.missing] == [
        ("Fn::GetAZs", ""), ("condition Loop (condition Loop refers to itself)", ""),
        ("Ref Nowhere", "--value Nowhere=VALUE")]


def test_a_bad_resolution_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unresolved must be one of"):
        template_to_openapi(_template(), resolve=Resolution(unresolved="maybe"))
    with pytest.raises(InputError, match="resolve must be a Resolution"):
        template_to_openapi(_template(), resolve={"region": "x"})  # type: ignore[arg-type]


def test_resolved_output_loads_with_safe_load_and_json_load(tmp_path: Path) -> None:
    args = ["cfn2swagger", str(EVERYTHING), "--resolve", "--parameter", "Env=prod", "--region", "eu-west-1",
            "--account-id", "123456789012", "--stack-name", "shop",
            *[f"--value={k}={v}" for k, v in VALUES.items()]]
    for fmt, reader in (("yaml", yaml.safe_load), ("json", json.loads)):
        out, err = io.StringIO(), io.StringIO()
        assert run([*args, "--format", fmt], stdout=out, stderr=err) == 0, err.getvalue()
        doc = reader(out.getvalue())
        assert _intrinsics(doc) == []
        validate_openapi(doc)


def test_cli_lists_every_missing_value_and_fails() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run(["cfn2swagger", str(EVERYTHING), "--resolve"], stdout=out, stderr=err) == 1
    lines = err.getvalue().splitlines()
    assert sum("unresolved-value" in line for line in lines) == 9
    assert f"{EVERYTHING}:89:14: error unresolved-value at /Resources/PostOrder/Properties/Integration/Uri/Fn::Sub: " \
           "Fn::GetAtt Queue.QueueName has no value offline; give --value Queue.QueueName=VALUE" in lines
    assert lines[-1].startswith("apigw-convert cfn2swagger: resolution stopped: 9 places need a value")
    assert out.getvalue() == ""


@pytest.mark.parametrize(("args", "message"), [
    (["--region", "x"], "--region needs --resolve"),
    (["--parameter", "A=1"], "--parameter needs --resolve"),
    (["--resolve", "--value", "novalue"], "--value takes NAME=VALUE"),
    (["--resolve", "--embed"], "--resolve applies to a CloudFormation template without --embed"),
])
def test_cli_usage_errors(args: list[str], message: str) -> None:
    err = io.StringIO()
    assert run(["cfn2swagger", str(EVERYTHING), *args], stdout=io.StringIO(), stderr=err) == 2
    assert message in err.getvalue()


def test_swagger2cfn_stage_options_need_a_document_and_stage() -> None:
    err = io.StringIO()
    doc = REPO / "tests" / "data" / "cli" / "api.swagger.json"
    assert run(["swagger2cfn", str(doc), "--stage-variable", "a=b"], stdout=io.StringIO(), stderr=err) == 2
    assert "--stage-variable needs --stage" in err.getvalue()


# --- extensions -----------------------------------------------------------------------------------------------
def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return {k for k in value if k.startswith("x-amazon-apigateway-")} | \
            {k for item in value.values() for k in _keys(item)}
    if isinstance(value, list):
        return {k for item in value for k in _keys(item)}
    return set()


@pytest.mark.parametrize(("choice", "expected"), [
    ("apigateway", {"x-amazon-apigateway-integration", "x-amazon-apigateway-any-method",
                    "x-amazon-apigateway-authorizer", "x-amazon-apigateway-authtype"}),
    ("integrations", {"x-amazon-apigateway-integration", "x-amazon-apigateway-any-method"}),
    ("authorizers", {"x-amazon-apigateway-authorizer", "x-amazon-apigateway-authtype",
                     "x-amazon-apigateway-any-method"}),
    ("none", set()),
])
def test_extensions_choices(choice: str, expected: set[str]) -> None:
    doc = _quiet(template_to_openapi, _template(), resolve=FULL, extensions=choice)
    assert _keys(doc) == expected
    validate_openapi(doc)


def test_none_writes_any_as_every_method_and_keeps_plain_security_schemes() -> None:
    doc = _quiet(template_to_openapi, _template(), resolve=FULL, extensions="none", version="2.0")
    assert sorted(doc["paths"]["/orders/{proxy+}"]) == ["delete", "get", "head", "options", "patch", "post", "put"]
    assert doc["securityDefinitions"] == {"token": {"type": "apiKey", "name": "Authorization", "in": "header"}}
    validate_openapi(doc)


def test_a_schema_property_named_like_an_extension_is_kept() -> None:
    document = {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {},
                "x-amazon-apigateway-binary-media-types": ["image/png"],
                "components": {"schemas": {"M": {"type": "object", "properties": {
                    "x-amazon-apigateway-note": {"type": "string"}}}}}}
    template = _quiet(openapi_to_template, document)
    doc = _quiet(template_to_openapi, template, extensions="none")
    assert "x-amazon-apigateway-binary-media-types" not in doc
    assert "x-amazon-apigateway-note" in doc["components"]["schemas"]["M"]["properties"]


def test_an_unknown_extensions_choice_is_an_input_error() -> None:
    with pytest.raises(InputError, match="extensions must be one of"):
        template_to_openapi(_template(), extensions="postman")


# --- stages ---------------------------------------------------------------------------------------------------
def test_stage_export_writes_the_servers_url() -> None:
    doc = _quiet(template_to_openapi, _template(), resolve=FULL, stage="prod")
    assert list(doc)[:3] == ["openapi", "info", "servers"]
    assert doc["servers"] == [{"url": "https://{restApiId}.execute-api.eu-west-1.amazonaws.com/{basePath}",
                               "variables": {"restApiId": {"default": "api-id", "description": (
                                   "the id of the REST API Api once deployed (known offline with --value Api=ID)")},
                                   "basePath": {"default": "prod"}}}]
    known = Resolution(**{**FULL.__dict__, "values": {**VALUES, "Api": "a1b2c3"}})
    doc = _quiet(template_to_openapi, _template(), resolve=known, stage="prod")
    assert doc["servers"][0]["url"] == "https://a1b2c3.execute-api.eu-west-1.amazonaws.com/{basePath}"
    validate_openapi(doc)


def test_stage_export_in_swagger_2_writes_base_path_and_host() -> None:
    known = Resolution(**{**FULL.__dict__, "values": {**VALUES, "Api": "a1b2c3"}})
    doc = _quiet(template_to_openapi, _template(), resolve=known, stage="prod", version="2.0")
    assert list(doc)[:5] == ["swagger", "info", "host", "basePath", "schemes"]
    assert (doc["host"], doc["basePath"], doc["schemes"]) == (
        "a1b2c3.execute-api.eu-west-1.amazonaws.com", "/prod", ["https"])
    with pytest.raises(InputError, match=r"\(its stages: none; the name at /Resources/Stage/Properties/StageName "
                       "has no value offline"):
        _quiet(template_to_openapi, _template(), stage="prod", version="2.0")  # Env has no value


def test_an_unknown_stage_names_the_stages_there_are() -> None:
    with pytest.raises(InputError, match=r"Api has no stage 'beta' in this template \(its stages: prod\)"):
        template_to_openapi(_template(), resolve=FULL, stage="beta")
    with pytest.raises(InputError, match="is not a stage name"):
        template_to_openapi(_template(), resolve=FULL, stage="no stage")


def test_a_stage_of_a_parameter_default_or_a_sam_api_is_found() -> None:
    template = {"Transform": "AWS::Serverless-2016-10-31", "Parameters": {"S": {"Type": "String", "Default": "v1"}},
                "Resources": {"Api": {"Type": "AWS::Serverless::Api", "Properties": {
                    "StageName": {"Ref": "S"}, "DefinitionBody": {
                        "openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {}}}}}}
    skip_sam_without_translator(template)
    doc = _quiet(template_to_openapi, template, stage="v1")
    assert doc["servers"][0]["variables"]["basePath"] == {"default": "v1"}


def test_written_template_with_a_stage_deploys_every_method(tmp_path: Path) -> None:
    document = _quiet(template_to_openapi, _template(), resolve=FULL)
    template = _quiet(openapi_to_template, document, stage="prod", stage_variables={"host": "backend.example.com"})
    resources = template["Resources"]
    methods = sorted(lid for lid, res in resources.items() if res["Type"] == "AWS::ApiGateway::Method")
    assert len(methods) == 3
    assert resources["ApiDeployment"] == {"Type": "AWS::ApiGateway::Deployment", "DependsOn": methods,
                                          "Properties": {"RestApiId": {"Ref": "Api"}}}
    assert resources["ApiProdStage"] == {"Type": "AWS::ApiGateway::Stage", "Properties": {
        "RestApiId": {"Ref": "Api"}, "DeploymentId": {"Ref": "ApiDeployment"}, "StageName": "prod",
        "Variables": {"host": "backend.example.com"}}}
    path = tmp_path / "stage.json"
    path.write_text(json.dumps(template), encoding="utf-8")
    assert cfn_lint_errors([str(path)]) == []


def test_without_stage_the_template_creates_no_stage() -> None:
    template = _quiet(openapi_to_template, _quiet(template_to_openapi, _template(), resolve=FULL))
    kinds = {res["Type"] for res in template["Resources"].values()}
    assert not kinds & {"AWS::ApiGateway::Deployment", "AWS::ApiGateway::Stage"}


def test_stage_ids_do_not_collide_and_bad_variables_are_refused() -> None:
    document = {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {}}
    template = openapi_to_template(document)
    template["Resources"]["ApiDeployment"] = {"Type": "AWS::SNS::Topic"}
    from apigw_convert.stages import add_stage

    add_stage(template, "Api", "prod", {})
    assert [lid for lid in template["Resources"] if lid.startswith("ApiDeployment")][1].startswith("ApiDeploymentH")
    with pytest.raises(InputError, match="stage variable name 'a-b'"):
        openapi_to_template(document, stage="prod", stage_variables={"a-b": "x"})
    with pytest.raises(InputError, match="stage_variables needs stage"):
        openapi_to_template(document, stage_variables={"a": "x"})


def test_cli_stage_on_swagger2cfn(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    doc = REPO / "tests" / "data" / "cli" / "api.swagger.json"
    code = run(["swagger2cfn", str(doc), "--stage", "prod", "--stage-variable", "a=b", "--format", "json"],
               stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    template = json.loads(out.getvalue())
    stage = [res for res in template["Resources"].values() if res["Type"] == "AWS::ApiGateway::Stage"]
    assert stage[0]["Properties"]["Variables"] == {"a": "b"}


def test_a_conditional_method_is_depended_on_under_its_condition(tmp_path: Path) -> None:
    from helpers import explained_by

    from apigw_convert.diagnostics import LossWarning

    document = _quiet(template_to_openapi, _template())  # not resolved: DeleteOrders keeps Condition IsDev
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LossWarning)
        template = openapi_to_template(document, stage="prod")
    diagnostics = [w.message.diagnostic for w in caught if isinstance(w.message, LossWarning)]
    deployment = template["Resources"]["ApiDeployment"]
    assert deployment["DependsOn"] == ["ApiOrdersGet", "ApiOrdersPost", "ApiOrdersProxyAny"]
    assert deployment["Metadata"] == {"ConditionalMethods": [{"Fn::If": ["IsDev", {"Ref": "ApiOrdersDelete"}, ""]}]}
    path = tmp_path / "conditional.json"
    path.write_text(json.dumps(template), encoding="utf-8")
    added = [e for e in cfn_lint_errors([str(path)])
             if e["Location"]["Path"][:2] in (["Resources", "ApiDeployment"], ["Resources", "ApiProdStage"])]
    assert [e["Rule"]["Id"] for e in added if not explained_by(e, diagnostics)] == []  # E3005 without Metadata


def test_cli_stage_without_resolve_writes_placeholders(tmp_path: Path) -> None:
    source = tmp_path / "t.yaml"
    source.write_text(EVERYTHING.read_text(encoding="utf-8").replace("StageName: !Ref Env", "StageName: live"),
                      encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert run(["cfn2swagger", str(source), "--stage", "live", "--format", "json"], stdout=out, stderr=err) == 0
    server = json.loads(out.getvalue())["servers"][0]
    assert server["url"] == "https://{restApiId}.execute-api.{region}.amazonaws.com/{basePath}"
    assert sorted(server["variables"]) == ["basePath", "region", "restApiId"]


# --- hostile values -------------------------------------------------------------------------------------------
_NAMES = ["Ref", "Condition", "Fn::Sub", "Fn::Join", "Fn::Select", "Fn::Split", "Fn::FindInMap", "Fn::If",
          "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Fn::GetAtt", "Fn::Base64", "Fn::ImportValue", "Fn::GetAZs"]


def _values() -> Any:
    from hypothesis import strategies as st

    leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.sampled_from(
        ["P", "L", "C", "AWS::Region", "AWS::NoValue", "${P}", "${X.Y}", "${!P}", "a,b", ",", "0", "9", "M"]))
    return st.recursive(leaves, lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(["a", "b", "DefaultValue"]), inner, max_size=3),
        st.builds(lambda name, args: {name: args}, st.sampled_from(_NAMES), inner)), max_leaves=20)


def test_any_value_resolves_or_is_reported_never_a_crash() -> None:
    from hypothesis import given, settings

    template = {"Parameters": {"P": {"Type": "String", "Default": "v"}, "L": {"Type": "CommaDelimitedList"}},
                "Mappings": {"M": {"M": {"M": "m"}}}, "Conditions": {"C": {"Fn::Equals": [{"Ref": "P"}, "v"]}}}

    @settings(max_examples=400, deadline=None)
    @given(_values())
    def check(value: Any) -> None:
        resolver = Resolver(template, Resolution())
        resolver.document(value)
        for missing in resolver.missing:
            assert missing.message()

    check()


def test_pseudo_parameters_are_noted_where_the_document_shows_them() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        template_to_openapi(_template(), resolve=Resolution(parameters={"Env": "prod"}), extensions="none")
    found = [(w.message.diagnostic.code, w.message.diagnostic.pointer) for w in caught  # type: ignore[union-attr]
             if "pseudo" in str(w.message)]
    # Region, AccountId and Partition appear only in integrations, which extensions="none" leaves out
    assert found == [("pseudo-parameter-placeholder", "/Resources/Api/Properties/Description/Fn::Join/1/2/Ref")]


def test_a_greedy_parameter_named_as_its_path_reads_back_as_api_gateways_name() -> None:
    doc = _quiet(template_to_openapi, _template(), resolve=FULL)
    operation = doc["paths"]["/orders/{proxy+}"]["x-amazon-apigateway-any-method"]
    assert [p["name"] for p in operation["parameters"]] == ["proxy+"]  # what openapi-spec-validator wants
    template = _quiet(openapi_to_template, doc)
    assert template["Resources"]["ApiOrdersProxyAny"]["Properties"]["RequestParameters"] == {
        "method.request.path.proxy": True}
    again = _quiet(template_to_openapi, template)  # not resolved: API Gateway's own spelling
    assert [p["name"] for p in again["paths"]["/orders/{proxy+}"]["x-amazon-apigateway-any-method"]["parameters"]] \
        == ["proxy"]


def test_a_reference_to_the_api_inside_a_value_is_asked_for_and_resolved() -> None:
    template = {"Resources": {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "self"}},
        "Get": {"Type": "AWS::ApiGateway::Method", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
            "HttpMethod": "GET", "AuthorizationType": "NONE",
            "Integration": {"Type": "HTTP_PROXY", "IntegrationHttpMethod": "GET",
                            "Uri": {"Fn::Sub": "https://${Api}.execute-api.${AWS::Region}.amazonaws.com/v1/x"}}}}}}
    with pytest.raises(InputError) as caught:
        _quiet(template_to_openapi, template, resolve=Resolution(region="eu-west-1"))
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.pointer == "/Resources/Get/Properties/Integration/Uri/Fn::Sub"
    assert diagnostic.message == "Ref Api has no value offline; give --value Api=VALUE"
    doc = _quiet(template_to_openapi, template, resolve=Resolution(region="eu-west-1", values={"Api": "a1"}))
    assert doc["paths"]["/"]["get"]["x-amazon-apigateway-integration"]["uri"] == \
        "https://a1.execute-api.eu-west-1.amazonaws.com/v1/x"


def test_what_only_the_written_document_still_needs_is_asked_for_there() -> None:
    """A bare Ref to one of the API's own resources is the converter's to follow; where it ends up as a value of
    the document, it is asked for at its place in the document, said so."""
    template = {"Resources": {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "self"}},
        "Get": {"Type": "AWS::ApiGateway::Method", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
            "HttpMethod": "GET", "AuthorizationType": "NONE",
            "Integration": {"Type": "MOCK", "RequestParameters": {"integration.request.header.x-api": {"Ref": "Api"}}}
        }}}}
    with pytest.raises(InputError) as caught:
        _quiet(template_to_openapi, template, resolve=Resolution())
    assert [(d.pointer, d.message) for d in caught.value.diagnostics] == [(
        "/paths/~1/get/x-amazon-apigateway-integration/requestParameters/integration.request.header.x-api/Ref",
        "Ref Api has no value offline; give --value Api=VALUE (in the written document)")]


def test_a_sub_kept_open_keeps_pseudo_parameters_as_variables() -> None:
    resolver = Resolver({}, Resolution(unresolved="keep"))
    assert resolver.document({"Fn::Sub": "${AWS::StackName}-${Fn.Arn}-${AWS::Partition}"}) == \
        {"Fn::Sub": "${AWS::StackName}-${Fn.Arn}-aws"}
    assert resolver.document({"Fn::Sub": ["${A}", {"A": "${stageVariables.x}"}]}) == "${stageVariables.x}"
