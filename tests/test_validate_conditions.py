"""validate's conditional-declaration checks against CloudFormation's own resolution: a Method whose declared
request parameter, method responses and response header, and whose integration and its mappings, stand in
``Fn::If`` branches (``AWS::NoValue`` too) on two conditions. A mapping is reported exactly when, under some
assignment of the conditions, it is deployed while what it reads or writes is not declared."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_conditional_maps import CONDITIONS, NO, conditional, resolved

from apigw_convert import validate

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
QUERY = "method.request.querystring.q"
HEADER = "method.response.header.X-Beta"
REQUEST_CODES = {"method-request-parameter-conditional", "method-request-parameter-undeclared"}
HEADER_CODES = {"method-response-header-conditional", "method-response-header-undeclared"}


def nested(value: Any) -> st.SearchStrategy[Any]:
    """``value`` under up to two levels of ``Fn::If`` with ``AWS::NoValue`` branches."""
    return conditional(conditional(st.just(value)))


def either(value: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``value``, or an ``Fn::If`` between two of them (no ``AWS::NoValue``)."""
    return conditional(value, absent=False)


def integration(request: Any, response: Any) -> dict[str, Any]:
    return {"Type": "HTTP", "IntegrationHttpMethod": "GET", "Uri": "https://example.com/items",
            "RequestParameters": {"integration.request.querystring.q": request},
            "IntegrationResponses": [{"StatusCode": "200", "ResponseParameters": {HEADER: response}}]}


def method_response(headers: Any) -> dict[str, Any]:
    return {"StatusCode": "200"} if headers is None else {"StatusCode": "200", "ResponseParameters": headers}


@st.composite
def templates(draw: st.DrawFn) -> dict[str, Any]:
    mapped = either(st.builds(integration, nested(QUERY), nested("'yes'")))
    header = st.one_of(st.none(), st.builds(lambda value: {HEADER: value}, nested(False)))
    responses = either(st.lists(either(st.builds(method_response, header)), min_size=1, max_size=1))
    props = {"RestApiId": {"Ref": "Api"}, "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
             "HttpMethod": "GET", "AuthorizationType": "NONE", "RequestParameters": {QUERY: draw(nested(True))},
             "Integration": draw(mapped), "MethodResponses": draw(responses)}
    method: dict[str, Any] = {"Type": "AWS::ApiGateway::Method", "Properties": props}
    condition = draw(st.sampled_from((None, *CONDITIONS)))
    if condition is not None:
        method["Condition"] = condition
    return {"AWSTemplateFormatVersion": "2010-09-09",
            "Conditions": {name: {"Fn::Equals": [{"Ref": "AWS::Region"}, name]} for name in CONDITIONS},
            "Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "api"}},
                          "Method": method}}


def failures(template: dict[str, Any]) -> tuple[bool, bool, dict[str, bool]]:
    """Whether, under some assignment, the deployed query string mapping reads an undeclared parameter, whether
    the deployed header mapping writes an undeclared header, and whether some assignment declares each."""
    method = template["Resources"]["Method"]
    request = header = False
    declared = {"request": False, "header": False}
    for values in itertools.product((True, False), repeat=len(CONDITIONS)):
        env = dict(zip(CONDITIONS, values, strict=True))
        props = resolved(method["Properties"], env, {})
        (response,) = props["MethodResponses"]
        declares = {"request": QUERY in props.get("RequestParameters", {}),
                    "header": HEADER in response.get("ResponseParameters", {})}
        declared = {key: declared[key] or declares[key] for key in declared}
        if not env.get(method.get("Condition", ""), True):
            continue
        mapped = props["Integration"]
        request |= "integration.request.querystring.q" in mapped.get("RequestParameters", {}) \
            and not declares["request"]
        header |= HEADER in mapped["IntegrationResponses"][0].get("ResponseParameters", {}) and not declares["header"]
    return request, header, declared


@SETTINGS
@given(templates())
def test_a_mapping_is_reported_exactly_when_some_assignment_deploys_it_undeclared(template: dict[str, Any]) -> None:
    codes = {d.code for d in validate(template)}
    request, header, declared = failures(template)
    kind = {True: "conditional", False: "undeclared"}
    expected = f"method-request-parameter-{kind[declared['request']]}"
    assert (codes & REQUEST_CODES) == ({expected} if request else set())
    expected = f"method-response-header-{kind[declared['header']]}"
    assert (codes & HEADER_CODES) == ({expected} if header else set())


def test_openapi_branches_of_parameters_responses_and_mappings() -> None:
    """A parameter and a response header declared in the true branch of an ``Fn::If``: a mapping in the same
    branch is fine, one outside any ``Fn::If`` or in the false branch is reported at the branch it is in."""
    beta = "Beta"
    mapping = "method.request.querystring.q"
    document = {
        "swagger": "2.0", "info": {"title": "x", "version": "1"},
        "paths": {"/items": {"get": {
            "parameters": [{"Fn::If": [beta, {"name": "q", "in": "query", "type": "string"}, NO]}],
            "responses": {"200": {"Fn::If": [beta, {"description": "ok", "headers": {"X-Beta": {"type": "string"}}},
                                             {"description": "ok"}]}},
            "x-amazon-apigateway-integration": {
                "type": "http", "httpMethod": "GET", "uri": "https://example.com/items",
                "requestParameters": {"integration.request.querystring.q": {"Fn::If": [beta, mapping, NO]},
                                      "integration.request.header.h": {"Fn::If": [beta, NO, mapping]}},
                "responses": {"default": {"statusCode": "200", "responseParameters": {
                    HEADER: {"Fn::If": [beta, "'yes'", "'no'"]}}}}}}}}}
    base = "/paths/~1items/get/x-amazon-apigateway-integration"
    assert [(d.code, d.pointer) for d in validate(document)] == [
        ("method-request-parameter-conditional",
         f"{base}/requestParameters/integration.request.header.h/Fn::If/2"),
        ("method-response-header-conditional",
         f"{base}/responses/default/responseParameters/method.response.header.X-Beta/Fn::If/2")]


def method_with_responses(responses: Any) -> dict[str, Any]:
    """A template whose one Method has ``responses`` as its MethodResponses."""
    props = {"RestApiId": {"Ref": "Api"}, "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
             "HttpMethod": "GET", "AuthorizationType": "NONE",
             "Integration": {"Type": "MOCK", "IntegrationResponses": [{"StatusCode": "200"}]},
             "MethodResponses": responses}
    return {"AWSTemplateFormatVersion": "2010-09-09",
            "Conditions": {name: {"Fn::Equals": [{"Ref": "AWS::Region"}, name]} for name in CONDITIONS},
            "Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "api"}},
                          "Method": {"Type": "AWS::ApiGateway::Method", "Properties": props}}}


@SETTINGS
@given(conditional(st.lists(conditional(st.builds(lambda code: {"StatusCode": code},
                                                  conditional(st.sampled_from(["200", "404", "2xx", "40"]),
                                                              absent=False))),
                            min_size=1, max_size=2)))
def test_an_invalid_method_status_code_is_reported_exactly_when_some_assignment_deploys_it(responses: Any) -> None:
    """``Fn::If`` around the list, an item or a status code: each branch is checked, and a status code no
    assignment of the conditions deploys (a branch an outer ``Fn::If`` on the same condition rules out) is not."""
    template = method_with_responses(responses)
    deployed = set()
    for values in itertools.product((True, False), repeat=len(CONDITIONS)):
        props = resolved(template["Resources"]["Method"]["Properties"], dict(zip(CONDITIONS, values, strict=True)),
                         {})
        deployed |= {response["StatusCode"] for response in props.get("MethodResponses", [])}
    found = [d for d in validate(template) if d.code == "method-status-code-invalid"]
    assert {d.message.split("'")[1] for d in found} == deployed & {"2xx", "40"}


def test_method_status_codes_in_each_branch_are_checked_where_they_stand() -> None:
    """An ``Fn::If`` item, an ``Fn::If`` between lists and an ``Fn::If`` status code: each invalid code is reported
    at its branch; a branch without a StatusCode is a missing field there."""
    responses = [{"StatusCode": "200"}, {"Fn::If": ["C", {"StatusCode": "2xx"}, NO]},
                 {"StatusCode": {"Fn::If": ["D", "404", "40"]}}, {"Fn::If": ["D", NO, {"ResponseModels": {}}]}]
    found = [(d.code, d.pointer) for d in validate(method_with_responses({"Fn::If": ["C", responses, [
        {"StatusCode": "4xx"}]]}))]
    base = "/Resources/Method/Properties/MethodResponses/Fn::If"
    assert found == [("missing-field", f"{base}/1/3/Fn::If/2"),
                     ("method-status-code-invalid", f"{base}/1/1/Fn::If/1/StatusCode"),
                     ("method-status-code-invalid", f"{base}/1/2/StatusCode/Fn::If/2"),
                     ("method-status-code-invalid", f"{base}/2/0/StatusCode")]
