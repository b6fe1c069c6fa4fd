"""Whole documents, piece by piece: logical IDs, pseudo-parameter strings, the resource tree, intrinsics, and
the promise that nothing but a ConvertError leaves the public functions."""

from __future__ import annotations

import copy
import functools
import re
import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import apigw_convert
from apigw_convert.documents import pipeline
from apigw_convert.documents.logical_ids import MAX_LENGTH, allocate, pascal
from apigw_convert.documents.refs import protect_literals, unwrap_pseudo, wrap_pseudo
from apigw_convert.errors import ConvertError, InputError, LossError
from apigw_convert.resolve import Resolution, Resolver

ID = re.compile(r"^[A-Za-z0-9]{1,255}$")


def doc(paths: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A minimal OpenAPI 3.0 document."""
    return {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": paths, **extra}


MOCK = {"x-amazon-apigateway-integration": {"type": "mock"}}


# --- logical IDs ---------------------------------------------------------------------------------------
def test_pascal() -> None:
    assert pascal("/pets/{petId}") == "PetsPetId"
    assert pascal("DEFAULT_4XX", lower=True) == "Default4xx"
    assert pascal("/ümlaut-ok") == "MlautOk"


def test_colliding_paths_get_distinct_stable_ids() -> None:
    """/a-b and /ab both want ApiAbResource: each gets a hash of its own path, in any order, every run."""
    first = allocate([("/a-b", "ApiAbResource"), ("/ab", "ApiAbResource"), ("/c", "ApiCResource")])
    second = allocate([("/c", "ApiCResource"), ("/ab", "ApiAbResource"), ("/a-b", "ApiAbResource")])
    assert first == second
    assert first["/c"] == "ApiCResource"
    assert len(set(first.values())) == 3 and all(ID.match(v) for v in first.values())
    assert first["/a-b"].startswith("ApiAbResourceH") and first["/ab"].startswith("ApiAbResourceH")


def test_taken_ids_are_avoided_and_long_ones_cut() -> None:
    out = allocate([("k", "Api"), ("long", "A" * 400)], taken={"Api"})
    assert out["k"] != "Api" and ID.match(out["k"])
    assert len(out["long"]) <= MAX_LENGTH and ID.match(out["long"])


def test_generated_templates_have_valid_unique_ids() -> None:
    """Paths that differ only in punctuation still give alphanumeric, unique, repeatable logical IDs."""
    paths = {p: {"get": MOCK} for p in ("/a-b", "/ab", "/a.b", "/a_b/{id}", "/")}
    one, _ = pipeline.openapi_to_template(doc(paths))
    two, _ = pipeline.openapi_to_template(doc(dict(reversed(list(paths.items())))))
    assert set(one["Resources"]) == set(two["Resources"])
    assert all(ID.match(lid) for lid in one["Resources"])
    methods = [r for r in one["Resources"].values() if r["Type"] == "AWS::ApiGateway::Method"]
    assert len(methods) == 5


# --- pseudo-parameter strings --------------------------------------------------------------------------
def test_wrap_and_unwrap_pseudo_parameters() -> None:
    text = "arn:aws:apigateway:${AWS::Region}:lambda:path/functions/f:${stageVariables.alias}/invocations"
    wrapped = wrap_pseudo({"Uri": text})
    assert wrapped == {"Uri": {"Fn::Sub": text.replace("${stageVariables", "${!stageVariables")}}
    assert unwrap_pseudo(wrapped) == {"Uri": text}


@pytest.mark.parametrize("value", [
    {"Fn::Sub": "arn:${AWS::Region}:${Fn.Arn}"},        # another variable: stays
    {"Fn::Sub": "plain"},                                # no variable at all: stays
    {"Fn::Sub": ["${AWS::Region}", {}]},                # the list form: stays
    {"Fn::Sub": "${AWS::Region}${!AWS::Region}"},        # unwrapping would resolve the escaped one: stays
    "${stageVariables.x}",                               # nothing to wrap
])
def test_what_is_left_alone(value: Any) -> None:
    assert unwrap_pseudo(value) == value
    if isinstance(value, str):
        assert wrap_pseudo(value) == value


@pytest.mark.parametrize("text", [
    "arn:aws:apigateway:${AWS::Region}:lambda:path/x",
    "${AWS::AccountId}/${stageVariables.v}/${!AWS::Partition}/${x",  # escapes, an unclosed ${ and others
    "$${AWS::Region}}",
])
def test_literal_pseudo_strings_round_trip_through_fn_sub(text: str) -> None:
    """A plain template string holding ${AWS::Region} is literal text: read as the Fn::Sub whose value is that
    text (which unwrap_pseudo leaves alone, so OpenAPI keeps it apart from a substitution), written back plain."""
    protected = protect_literals({"Uri": text})
    assert protected != {"Uri": text}
    assert unwrap_pseudo(protected) == protected
    assert wrap_pseudo(protected, literal=True) == {"Uri": text}
    assert wrap_pseudo(protected) == protected  # a Body keeps what the document says
    assert Resolver({}, Resolution(region="eu-west-1")).value(protected["Uri"], ()) == text  # its value: the text


@pytest.mark.parametrize("value", [
    "${stageVariables.x} $context.x $input.json('$')",   # API Gateway's own syntax: not CloudFormation's
    "${!AWS::Region}",                                   # already escaped
    {"Fn::Sub": "${AWS::Region}"},                       # a substitution stays one
    {"TimeoutInMillis": "${AWS::Region}", "Type": "${AWS::Region}"},  # not text: the readers report it
])
def test_what_protect_leaves_alone(value: Any) -> None:
    assert protect_literals(value) is value


def test_protect_looks_inside_if_join_and_lists_and_copies_only_what_changes() -> None:
    value = {"a": {"Fn::If": ["C", "${AWS::Region}", "x"]}, "b": {"Fn::Join": ["", ["${AWS::Partition}", "y"]]},
             "c": ["z"], "d": ["${AWS::AccountId}"]}
    out = protect_literals(value)
    assert out == {"a": {"Fn::If": ["C", {"Fn::Sub": "${!AWS::Region}"}, "x"]},
                   "b": {"Fn::Join": ["", [{"Fn::Sub": "${!AWS::Partition}"}, "y"]]},
                   "c": ["z"], "d": [{"Fn::Sub": "${!AWS::AccountId}"}]}
    assert out["c"] is value["c"] and value["a"] == {"Fn::If": ["C", "${AWS::Region}", "x"]}
    assert wrap_pseudo(out, literal=True) == value


def test_plain_pseudo_strings_are_wrapped_in_methods_and_unwrapped_back() -> None:
    uri = "arn:aws:apigateway:${AWS::Region}:sqs:path/${AWS::AccountId}/q"
    paths = {"/": {"post": {"x-amazon-apigateway-integration": {"type": "aws", "httpMethod": "POST", "uri": uri}}}}
    template, _ = pipeline.openapi_to_template(doc(paths))
    assert template["Resources"]["ApiRootPost"]["Properties"]["Integration"]["Uri"] == {"Fn::Sub": uri}
    back, _ = pipeline.template_to_openapi(template, "3.0", None)
    assert back["paths"]["/"]["post"]["x-amazon-apigateway-integration"]["uri"] == uri


# --- intrinsics and conditions -------------------------------------------------------------------------
def test_fn_if_around_an_operation_becomes_a_method_condition() -> None:
    paths = {"/a": {"get": {"Fn::If": ["IsProd", MOCK, {"Ref": "AWS::NoValue"}]}}}
    template, report = pipeline.openapi_to_template(doc(paths))
    assert template["Resources"]["ApiAGet"]["Condition"] == "IsProd"
    assert "undefined-condition" in {d.code for d in report}
    back, _ = pipeline.template_to_openapi({**template, "Conditions": {"IsProd": {"Fn::Equals": ["a", "a"]}}},
                                           "3.0", None)
    assert back["paths"]["/a"]["get"]["Fn::If"][0] == "IsProd"


def test_fn_if_between_two_operations_pushes_down() -> None:
    other = {"x-amazon-apigateway-integration": {"type": "http_proxy", "httpMethod": "GET", "uri": "https://x"}}
    template, _ = pipeline.openapi_to_template(doc({"/a": {"Fn::If": ["C", {"get": MOCK}, {"get": other}]}}))
    integration = template["Resources"]["ApiAGet"]["Properties"]["Integration"]
    assert integration["Fn::If"][0] == "C" and integration["Fn::If"][1] == {"Type": "MOCK"}


def test_operation_only_when_false_gets_the_negated_condition() -> None:
    paths = {"/a": {"Fn::If": ["C", {"Ref": "AWS::NoValue"}, {"get": MOCK}]}}
    template, report = pipeline.openapi_to_template(doc(paths))
    assert "conditional-unsupported" not in {d.code for d in report}
    assert template["Conditions"] == {"NotC": {"Fn::Not": [{"Condition": "C"}]}}
    assert template["Resources"]["ApiAGet"]["Condition"] == "NotC"


@pytest.mark.parametrize("branch", [1, 2, 3])
def test_nested_fn_if_around_an_operation(branch: int) -> None:
    """An inner Fn::If on another condition with one branch is the two conditions together; one whose both
    branches are operations is one Method whose fields differ by Fn::If; an operation in the true branch and
    under a further condition in the false one exists under "C or (not C and D)"."""
    no = {"Ref": "AWS::NoValue"}
    other = {"x-amazon-apigateway-integration": {"type": "http_proxy", "httpMethod": "GET", "uri": "https://x"}}
    outer = {1: ["C", {"Fn::If": ["D", MOCK, no]}, no], 2: ["C", {"Fn::If": ["D", MOCK, other]}, no],
             3: ["C", MOCK, {"Fn::If": ["D", other, no]}]}[branch]
    template, report = pipeline.openapi_to_template(doc({"/a": {"get": {"Fn::If": outer}}, "/b": {"get": MOCK}}))
    assert "conditional-unsupported" not in {d.code for d in report}
    methods = [r for r in template["Resources"].values() if r["Type"] == "AWS::ApiGateway::Method"
               and r["Properties"]["ResourceId"] == {"Ref": "ApiAResource"}]
    integration = methods[0]["Properties"]["Integration"]
    if branch == 1:
        assert [m["Condition"] for m in methods] == ["CAndD"]
        assert template["Conditions"] == {"CAndD": {"Fn::And": [{"Condition": "C"}, {"Condition": "D"}]}}
    elif branch == 2:
        assert [m["Condition"] for m in methods] == ["C"] and "Conditions" not in template
        assert integration["Fn::If"][0] == "D" and integration["Fn::If"][2]["Uri"] == "https://x"
    else:
        assert [m["Condition"] for m in methods] == ["COrNotCAndD"]
        assert template["Conditions"]["COrNotCAndD"] == {"Fn::Or": [{"Condition": "C"}, {"Condition": "NotCAndD"}]}
        assert template["Conditions"]["NotCAndD"] == {"Fn::And": [{"Condition": "NotC"}, {"Condition": "D"}]}
        assert integration["Fn::If"][0] == "C" and integration["Fn::If"][2]["Uri"] == "https://x"


def test_outer_names_become_parameters() -> None:
    integration = {"type": "http_proxy", "httpMethod": "GET",
                   "uri": {"Fn::Sub": "https://${Host}/${Backend.DNSName}"},
                   "connectionId": {"Ref": "VpcLink"}, "connectionType": "VPC_LINK"}
    template, report = pipeline.openapi_to_template(doc({"/": {"get": {"x-amazon-apigateway-integration":
                                                                         integration}}}))
    assert template["Parameters"] == {"Host": {"Type": "String"}, "VpcLink": {"Type": "String"}}
    codes = [d.code for d in report]
    assert codes.count("parameter-added") == 2 and "outer-reference" in codes


def test_a_name_only_a_dropped_field_uses_is_no_parameter() -> None:
    """``payloadFormatVersion`` (HTTP APIs only) is dropped, so the ``Ref`` in it names nothing the template
    reads: no parameter for it (cfn-lint W2001: an unused parameter), as in a serverless-samples swagger.yaml."""
    integration = {"type": "aws_proxy", "httpMethod": "POST", "payloadFormatVersion": {"Fn::Sub": "${Version}"},
                   "uri": {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
                           "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${Name}/invocations"}}
    body = doc({"/": {"get": {"x-amazon-apigateway-integration": integration}}})
    template, report = pipeline.openapi_to_template(body)
    assert template["Parameters"] == {"Name": {"Type": "String"}}
    assert [d.code for d in report].count("parameter-added") == 1
    outer = {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "a", "Body": body}}}}
    assert apigw_convert.unembed(outer, on_loss="ignore")["Parameters"] == {"Name": {"Type": "String"}}


def test_diagnostics_point_into_the_source() -> None:
    """A loss found while writing points at the source document's own path."""
    bad = {"type": "http", "httpMethod": "GET", "uri": "https://x", "tlsConfig": {"insecureSkipVerification": True}}
    _, report = pipeline.openapi_to_template(doc({"/pets": {"get": {"x-amazon-apigateway-integration": bad}}}))
    pointers = {d.pointer for d in report if d.code == "tls-config-unsupported"}
    assert pointers == {"/paths/~1pets/get/x-amazon-apigateway-integration/tlsConfig"}


def test_resources_without_methods_are_kept() -> None:
    template, _ = pipeline.openapi_to_template(doc({"/a/b": {}, "/c": {"get": MOCK}}))
    back, _ = pipeline.template_to_openapi(template, "3.0", None)
    assert set(back["paths"]) == {"/a/b", "/c"}


def test_sam_cli_quirks_are_read_with_diagnostics() -> None:
    """Plain logical-ID strings and ResourceId-for-RestApiId, as aws-sam-cli's test template writes them."""
    template = {"Resources": {
        "TestApi": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "t"}},
        "Res": {"Type": "AWS::ApiGateway::Resource", "Properties": {
            "PathPart": "r", "ResourceId": "TestApi", "ParentId": {"Fn::GetAtt": ["TestApi", "RootResourceId"]}}},
        "Get": {"Type": "AWS::ApiGateway::Method", "Properties": {
            "HttpMethod": "get", "ResourceId": "Res", "RestApiId": "TestApi",
            "Integration": {"Type": "MOCK"}}}}}
    out, report = pipeline.template_to_openapi(template, "3.0", None)
    assert list(out["paths"]) == ["/r"] and "get" in out["paths"]["/r"]
    assert {d.code for d in report} == {"plain-logical-id"}


def test_serverless_framework_resources_are_read() -> None:
    """CloudFormation under resources.Resources, the RestApi generated elsewhere."""
    template = {"service": "x", "resources": {"Resources": {
        "Res": {"Type": "AWS::ApiGateway::Resource", "Properties": {
            "RestApiId": {"Ref": "ApiGatewayRestApi"}, "PathPart": "notify",
            "ParentId": {"Fn::GetAtt": ["ApiGatewayRestApi", "RootResourceId"]}}},
        "Post": {"Type": "AWS::ApiGateway::Method", "Properties": {
            "HttpMethod": "POST", "RestApiId": {"Ref": "ApiGatewayRestApi"},
            "ResourceId": {"Fn::GetAtt": ["Res", "ResourceId"]}, "Integration": {"Type": "MOCK"}}}}}}
    out, report = pipeline.template_to_openapi(template, "3.0", None)
    assert "post" in out["paths"]["/notify"] and "external-rest-api" in {d.code for d in report}


def test_on_loss_error_raises_loss_error() -> None:
    bad = {"type": "http", "httpMethod": "GET", "uri": "https://x", "tlsConfig": {"insecureSkipVerification": True}}
    with pytest.raises(LossError):
        apigw_convert.openapi_to_template(doc({"/": {"get": {"x-amazon-apigateway-integration": bad}}}),
                                          on_loss="error")


# --- nothing but ConvertError ----------------------------------------------------------------------------
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                max_size=3), max_leaves=12)
KEYS = st.sampled_from(["Resources", "Type", "Properties", "RestApiId", "ParentId", "PathPart", "HttpMethod",
                        "ResourceId", "Integration", "Ref", "Fn::GetAtt", "Fn::If", "paths", "openapi", "swagger",
                        "get", "parameters", "responses", "requestBody", "security", "components", "info",
                        "AWS::ApiGateway::Method", "AWS::ApiGateway::Resource", "AWS::ApiGateway::RestApi", "Api",
                        "x-amazon-apigateway-integration", "3.0.1", "2.0", "/a", "/{b}", "MethodResponses"])
SHAPED = st.recursive(st.none() | st.booleans() | st.integers() | KEYS,
                      lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=4),
                      max_leaves=25)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(JSON, SHAPED))
def test_only_convert_errors_leave(value: Any) -> None:
    """Any input at all: a result or a ConvertError, never another exception."""
    for call in (lambda: apigw_convert.template_to_openapi(value, on_loss="ignore"),
                 lambda: apigw_convert.openapi_to_template(value, on_loss="ignore"),
                 lambda: apigw_convert.embed(value, on_loss="ignore"),
                 lambda: apigw_convert.unembed(value, on_loss="ignore")):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                call()
        except ConvertError:
            pass


def test_template_resources_of_the_wrong_type_are_input_errors() -> None:
    template = {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {}},
                              "M": {"Type": "AWS::ApiGateway::Method", "Properties": {
                                  "RestApiId": {"Ref": "Api"}, "HttpMethod": "GET",
                                  "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
                                  "RequestParameters": ["not", "a", "map"]}}}}
    with pytest.raises(InputError) as info:
        apigw_convert.template_to_openapi(template)
    assert info.value.diagnostics[0].pointer == "/Resources/M/Properties/RequestParameters"


SWAGGER = {"swagger": "2.0", "info": {"title": "t", "version": "1"}}
OK = {"200": {"description": "ok"}}


@pytest.mark.parametrize(("document", "pointer"), [
    ({**SWAGGER, "paths": {"/a": {"get": {**MOCK, "responses": {"200": {"description": "ok", "schema": 5}}}}}},
     "/paths/~1a/get/responses/200/schema"),
    ({**SWAGGER, "paths": {"/a": {"get": {**MOCK, "responses": {"200": {"description": "ok", "headers": [1]}}}}}},
     "/paths/~1a/get/responses/200/headers"),
    ({**SWAGGER, "paths": {"/a": {"post": {**MOCK, "responses": OK, "parameters": [
        {"in": "body", "name": "b", "schema": 5}]}}}}, "/paths/~1a/post/parameters/0/schema"),
    ({**SWAGGER, "paths": {"/a": {"post": {**MOCK, "responses": OK, "parameters": [{"$ref": "#/parameters/b"}]}}},
      "parameters": {"b": {"in": "body", "name": "b", "schema": "text"}}}, "/paths/~1a/post/parameters/0"),
    ({**SWAGGER, "paths": {"/a": {"post": {**MOCK, "responses": OK, "parameters": [
        {"in": "body", "name": "b"}]}}}}, "/paths/~1a/post/parameters/0"),
    (doc({"/a": {"get": {**MOCK, "responses": {"200": {"description": "ok", "content": {
        "application/json": {"schema": 5}}}}}}}), "/paths/~1a/get/responses/200/content/application~1json/schema"),
    (doc({"/a": {"get": {**MOCK, "responses": OK, "parameters": [{"in": "query", "name": "q", "schema": 5}]}}}),
     "/paths/~1a/get/parameters/0/schema"),
    (doc({"/a": {"get": {**MOCK, "responses": {"200": {"description": "ok", "headers": {"X": {"schema": [1]}}}}}}}),
     "/paths/~1a/get/responses/200/headers/X/schema"),
    (doc({"/a": {"get": {**MOCK, "responses": OK}}}, components={"schemas": {"S": 5}}), "/components/schemas/S"),
    (doc({"/a": {"get": {**MOCK, "responses": OK, "parameters": [
        {"in": "query", "name": "q", "content": {"application/json": {"schema": 5}}}]}}}),
     "/paths/~1a/get/parameters/0/content/application~1json/schema"),
    ({**SWAGGER, "paths": {"/a": {"get": {**MOCK, "responses": OK}}}, "definitions": {"S": "text"}},
     "/definitions/S"),
])
def test_a_schema_or_headers_that_is_no_mapping_is_an_input_error(document: dict[str, Any], pointer: str) -> None:
    """Converted, it would be a Model whose Schema is a number; validate reports the same place."""
    with pytest.raises(InputError) as info:
        apigw_convert.openapi_to_template(document)
    assert [(d.code, d.pointer) for d in info.value.diagnostics] in (
        [("invalid-type", pointer)], [("missing-field", pointer)])
    assert pointer in {d.pointer for d in apigw_convert.validate(document) if d.severity == "error"}


def _paths_of(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths_of(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _paths_of(item, (*path, i))
    return out


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, *rest = path
    if isinstance(value, dict):
        return {k: _replaced(v, tuple(rest), new) if k == head else v for k, v in value.items()}
    return [_replaced(v, tuple(rest), new) if i == head else v for i, v in enumerate(value)]


@functools.cache
def _fixture_documents() -> tuple[tuple[Any, tuple[tuple[Any, ...], ...]], ...]:
    """Each document fixture with the paths of its values: read once for every example."""
    from conftest import FIXTURES
    from helpers import read_yaml

    base = FIXTURES / "documents"
    documents = [read_yaml(p) for p in sorted(base.glob("*/*.yaml"))] if base.is_dir() else []
    return tuple((document, tuple(_paths_of(document))) for document in documents)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_wrong_value_anywhere_in_a_real_document(data: st.DataObject) -> None:
    """Replace any one value of a fixture by something else: a result or a ConvertError, nothing else."""
    documents = _fixture_documents()
    if not documents:
        pytest.skip("no fixtures")
    source, paths = data.draw(st.sampled_from(documents))
    path = data.draw(st.sampled_from(paths))
    mutated = copy.deepcopy(_replaced(source, path, data.draw(JSON)))  # the cached fixture stays as read
    for call in (lambda: apigw_convert.template_to_openapi(mutated, on_loss="ignore"),
                 lambda: apigw_convert.openapi_to_template(mutated, on_loss="ignore"),
                 lambda: apigw_convert.unembed(mutated, on_loss="ignore"),
                 lambda: apigw_convert.embed(mutated, on_loss="ignore")):
        try:
            call()
        except ConvertError:
            pass


# --- embed / unembed -------------------------------------------------------------------------------------
def _api_template(**extra: Any) -> dict[str, Any]:
    root = {"Fn::GetAtt": ["Api", "RootResourceId"]}
    return {"Resources": {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "a"}},
        "Res": {"Type": "AWS::ApiGateway::Resource",
                "Properties": {"RestApiId": {"Ref": "Api"}, "ParentId": root, "PathPart": "x"}},
        "Get": {"Type": "AWS::ApiGateway::Method", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ResourceId": {"Ref": "Res"}, "HttpMethod": "GET",
            "Integration": {"Type": "MOCK"}}},
        **extra}}


def test_embed_reports_what_still_points_at_removed_resources() -> None:
    """A GetAtt of an embedded Resource and a Ref of an embedded Method cannot be rewritten: reported."""
    other = {"Type": "AWS::SSM::Parameter", "Properties": {
        "Type": "String", "Value": {"Fn::GetAtt": ["Res", "ResourceId"]}, "Description": {"Ref": "Get"}}}
    out, report = pipeline_embed(_api_template(Other=other))
    assert set(out["Resources"]) == {"Api", "Other"}
    assert "/x" in out["Resources"]["Api"]["Properties"]["Body"]["paths"]
    dangling = sorted(d.pointer for d in report if d.code == "dangling-reference")
    assert dangling == ["/Resources/Other/Properties/Description", "/Resources/Other/Properties/Value"]


def test_embed_moves_depends_on_to_the_api_unless_a_ref_already_orders_it() -> None:
    """DependsOn on embedded Methods becomes DependsOn on the RestApi that holds them, except where the resource
    already refers to the RestApi (a Deployment's RestApiId): cfn-lint calls that DependsOn redundant (W3005)."""
    deployment = {"Type": "AWS::ApiGateway::Deployment", "DependsOn": ["Get", "Other"],
                  "Properties": {"RestApiId": {"Ref": "Api"}}}
    other = {"Type": "AWS::SSM::Parameter", "DependsOn": "Get", "Properties": {"Type": "String", "Value": "v"}}
    out, report = pipeline_embed(_api_template(Deployment=deployment, Other=other))
    assert out["Resources"]["Deployment"]["DependsOn"] == ["Other"]
    assert out["Resources"]["Other"]["DependsOn"] == "Api"
    assert [d.pointer for d in report if d.code == "reference-rewritten"] == [
        "/Resources/Deployment/DependsOn", "/Resources/Other/DependsOn"]


def test_embed_of_a_serverless_api_says_where_its_document_is() -> None:
    """--embed wants a RestApi's resources; an AWS::Serverless::Api has none, and the error says why."""
    template = {"Resources": {"Sam": {"Type": "AWS::Serverless::Api", "Properties": {"StageName": "p"}}}}
    with pytest.raises(InputError) as caught:
        pipeline_embed(template)
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.code, diagnostic.pointer) == ("no-api", "/Resources")
    assert "Sam is an AWS::Serverless::Api" in diagnostic.message and "DefinitionBody" in diagnostic.message


def pipeline_embed(template: dict[str, Any]) -> Any:
    from apigw_convert.documents import embedding

    return embedding.embed(template, None, "3.0")


def test_includes_are_reported_not_fetched() -> None:
    include = {"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://bucket/api.yaml"}}}
    template = {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {
        "Name": "p", "Body": include}}}}
    out = apigw_convert.unembed(template, on_loss="ignore")
    assert out == template
    with pytest.raises(LossError, match=re.escape("s3://bucket/api.yaml")):
        apigw_convert.unembed(template, on_loss="error")
    with pytest.raises(LossError, match=re.escape("s3://bucket/api.yaml")):
        apigw_convert.template_to_openapi(template, on_loss="error")


def test_embed_keeps_the_rest_of_the_template() -> None:
    out = apigw_convert.embed(_api_template(), on_loss="error")
    assert out["Resources"]["Api"]["Properties"]["Name"] == "a"
    assert out["Resources"]["Api"]["Properties"]["Body"]["info"]["title"] == "a"
    back = apigw_convert.unembed(out, on_loss="error")
    assert {r["Type"] for r in back["Resources"].values()} == {
        "AWS::ApiGateway::RestApi", "AWS::ApiGateway::Resource", "AWS::ApiGateway::Method"}


def test_embed_reports_a_body_that_refers_to_its_own_api() -> None:
    template = _api_template()
    template["Resources"]["Get"]["Properties"]["Integration"] = {
        "Type": "AWS", "IntegrationHttpMethod": "POST",
        "Uri": {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:execute-api:path/${Api}/x"}}
    _, report = pipeline_embed(template)
    assert [d.code for d in report] == ["dangling-reference"]
    assert report[0].pointer.startswith("/Resources/Api/Properties/Body/paths/~1x/get")


def test_a_property_that_overrides_its_body_is_reported() -> None:
    body = {"openapi": "3.0.1", "info": {"title": "from-body", "version": "1"}, "paths": {},
            "x-amazon-apigateway-binary-media-types": ["image/png"]}
    template = {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {
        "Name": "from-property", "BinaryMediaTypes": ["image~1png"], "Body": body}}}}
    document, report = pipeline.template_to_openapi(template, "3.0", None)
    assert document["info"]["title"] == "from-property"  # as at deploy time
    assert [(d.code, d.pointer) for d in report] == [("body-value-overridden", "/Resources/Api/Properties/Name")]


def _api_with(method: dict[str, Any] | None = None, **resource: Any) -> dict[str, Any]:
    """A RestApi with one Resource (/res) and one GET Method, their properties overridden."""
    method_props = {"RestApiId": {"Ref": "Api"}, "ResourceId": {"Ref": "Res"}, "HttpMethod": "GET",
                    "AuthorizationType": "NONE", "Integration": {"Type": "MOCK"}, **(method or {})}
    return {"Resources": {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "x"}},
        "Res": {"Type": "AWS::ApiGateway::Resource", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "PathPart": "res",
            **resource}},
        "Get": {"Type": "AWS::ApiGateway::Method", "Properties": method_props}}}


@pytest.mark.parametrize(("template", "code", "pointer"), [
    (_api_with({"RequestValidatorId": {"Ref": "Nope"}}), "unresolved-reference",
     "/Resources/Get/Properties/RequestValidatorId"),
    (_api_with(PathPart="a/b"), "invalid-path-part", "/Resources/Res/Properties/PathPart"),
    ({"Resources": {**_api_with()["Resources"], "Get": {"Type": "AWS::ApiGateway::Method", "Properties": {
        "Fn::If": ["C", _api_with()["Resources"]["Get"]["Properties"], {"Ref": "AWS::NoValue"}]}}}},
     "structural-intrinsic", "/Resources/Get/Properties"),
], ids=["validator-ref-to-nothing", "path-part-with-slash", "method-properties-fn-if"])
def test_template_oddities_are_reported(template: dict[str, Any], code: str, pointer: str) -> None:
    _, report = pipeline.template_to_openapi(template, "3.0", None)
    assert (code, pointer) in {(d.code, d.pointer) for d in report}


def test_an_authorization_type_that_is_not_one_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        pipeline.template_to_openapi(_api_with({"AuthorizationType": "MAGIC"}), "3.0", None)
    assert [(d.code, d.pointer) for d in caught.value.diagnostics] == [
        ("invalid-enum", "/Resources/Get/Properties/AuthorizationType")]


def test_binary_media_types_are_escaped_inside_intrinsics_too() -> None:
    template = {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {
        "Name": "x", "BinaryMediaTypes": {"Fn::If": ["C", ["image~1png"], {"Ref": "AWS::NoValue"}]}}}}}
    document, _ = pipeline.template_to_openapi(template, "3.0", None)
    assert document["x-amazon-apigateway-binary-media-types"] == {
        "Fn::If": ["C", ["image/png"], {"Ref": "AWS::NoValue"}]}
    back, _ = pipeline.openapi_to_template(document)
    assert back["Resources"]["Api"]["Properties"]["BinaryMediaTypes"] == template["Resources"]["Api"][
        "Properties"]["BinaryMediaTypes"]


def test_an_authorizer_besides_sigv4_is_reported_and_carried() -> None:
    uri = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
           "arn:aws:lambda:us-east-1:1:function:f/invocations")
    schemes = {
        "A": {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "custom",
              "x-amazon-apigateway-authorizer": {"type": "token", "authorizerUri": uri}},
        "sigv4": {"type": "apiKey", "name": "Authorization", "in": "header",
                  "x-amazon-apigateway-authtype": "awsSigv4"}}
    operation = {"security": [{"A": []}, {"sigv4": []}], "responses": {"200": {"description": "ok"}},
                 "x-amazon-apigateway-integration": {"type": "mock"}}
    document = {"openapi": "3.0.1", "info": {"title": "t", "version": "1"},
                "components": {"securitySchemes": schemes}, "paths": {"/x": {"get": operation}}}
    template, report = pipeline.openapi_to_template(document)
    assert ("unsupported-security", "/paths/~1x/get/security/1/sigv4") in {(d.code, d.pointer) for d in report}
    back, _ = pipeline.template_to_openapi(template, "3.0", None)
    assert back["paths"]["/x"]["get"]["security"] == [{"A": []}, {"sigv4": []}]


def test_models_that_refer_to_each_other_make_no_circular_dependency() -> None:
    def ref(name: str) -> dict[str, str]:
        return {"$ref": f"#/components/schemas/{name}"}
    schemas = {"A": {"type": "object", "properties": {"b": ref("B")}},
               "B": {"type": "object", "properties": {"a": ref("A"), "c": ref("C")}},
               "C": {"type": "object", "properties": {"c": ref("C")}},
               "D": {"type": "object", "properties": {"c": ref("C")}}}
    document = {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {},
                "components": {"schemas": schemas}}
    template, report = pipeline.openapi_to_template(document)
    assert sorted(d.pointer for d in report if d.code == "model-cycle") == [
        "/components/schemas/A", "/components/schemas/B", "/components/schemas/C"]
    refs = {lid: res["Properties"]["Schema"]["properties"] for lid, res in template["Resources"].items()
            if res["Type"] == "AWS::ApiGateway::Model"}
    url = "https://apigateway.amazonaws.com/restapis/${Api}/models/"
    assert refs["ApiAModel"]["b"]["$ref"] == {"Fn::Sub": url + "B"}  # on the cycle: by name
    assert refs["ApiBModel"]["c"]["$ref"] == {"Fn::Sub": url + "${ApiCModel}"}  # C does not lead back to B
    assert refs["ApiDModel"]["c"]["$ref"] == {"Fn::Sub": url + "${ApiCModel}"}
    back, _ = pipeline.template_to_openapi(template, "3.0", None)
    assert back["components"]["schemas"] == schemas


def test_names_inside_an_fn_if_between_operations_become_refs() -> None:
    uri = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
           "arn:aws:lambda:us-east-1:1:function:f/invocations")
    scheme = {"type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "custom",
              "x-amazon-apigateway-authorizer": {"type": "token", "authorizerUri": uri}}
    plain_op = {"responses": {"200": {"description": "ok"}}, "x-amazon-apigateway-integration": {"type": "mock"}}
    guarded = {**plain_op, "security": [{"auth": []}], "x-amazon-apigateway-request-validator": "v"}
    document = {"openapi": "3.0.1", "info": {"title": "t", "version": "1"},
                "x-amazon-apigateway-request-validators": {"v": {"validateRequestBody": True}},
                "components": {"securitySchemes": {"auth": scheme}},
                "paths": {"/x": {"get": {"Fn::If": ["IsProd", guarded, plain_op]}}}}
    template, _ = pipeline.openapi_to_template(document)
    props = template["Resources"]["ApiXGet"]["Properties"]
    no = {"Ref": "AWS::NoValue"}
    assert props["AuthorizerId"] == {"Fn::If": ["IsProd", {"Ref": "ApiAuthAuthorizer"}, no]}
    assert props["RequestValidatorId"] == {"Fn::If": ["IsProd", {"Ref": "ApiVValidator"}, no]}
    back, report = pipeline.template_to_openapi({**template, "Conditions": {"IsProd": {"Fn::Equals": ["a", "a"]}}},
                                                "3.0", None)
    assert "structural-intrinsic" not in {d.code for d in report}  # both carried:
    assert back["paths"]["/x"]["get"]["security"] == [{"Fn::If": ["IsProd", {"auth": []}, no]}]
    assert back["paths"]["/x"]["get"]["x-amazon-apigateway-request-validator"] == {"Fn::If": ["IsProd", "v", no]}
