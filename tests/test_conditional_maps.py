"""Property tests: a Method whose maps and lists are conditional (``Fn::If`` around the whole map or list, or
around entries, on one or two conditions, with ``AWS::NoValue`` branches) deploys the same after template ->
OpenAPI -> template and after embed -> unembed, under every assignment of its conditions.

"Deploys the same" is checked by resolving both templates the way CloudFormation does (each ``Fn::If`` to the
branch its condition chooses, ``AWS::NoValue`` map values and list items removed) and comparing the Method's
properties, with ``Ref``s to the API's models, authorizers and validators read as their names (the round trip
gives them new logical IDs) and an absent ``AuthorizationType`` read as ``NONE``.
"""

from __future__ import annotations

import itertools
from typing import Any

from canonical import canonical_openapi, differences
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apigw_convert.documents import embedding, pipeline

NO = {"Ref": "AWS::NoValue"}
CONDITIONS = ("C", "D")
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMED = ("AWS::ApiGateway::Model", "AWS::ApiGateway::Authorizer", "AWS::ApiGateway::RequestValidator")


def conditional(value: st.SearchStrategy[Any], absent: bool = True) -> st.SearchStrategy[Any]:
    """``value``, or an ``Fn::If`` on C or D between two of them (``AWS::NoValue`` too when ``absent``)."""
    branch = st.one_of(value, st.just(NO)) if absent else value
    return st.one_of(value, st.tuples(st.sampled_from(CONDITIONS), branch, branch).map(
        lambda p: {"Fn::If": list(p)}))


def maps(keys: list[str], values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A map of some of ``keys`` with conditional entries, or an ``Fn::If`` between two such maps."""
    one = st.lists(st.sampled_from(keys), min_size=1, max_size=len(keys), unique=True).flatmap(
        lambda ks: st.tuples(*(conditional(values) for _ in ks)).map(lambda vs: dict(zip(ks, vs, strict=True))))
    return st.one_of(one, st.tuples(st.sampled_from(CONDITIONS), one, st.one_of(one, st.just(NO))).map(
        lambda p: {"Fn::If": list(p)}))


MODELS = st.sampled_from([{"Ref": "Pet"}, "Empty", "Error"])
PARAMETERS = maps(["method.request.querystring.page", "method.request.header.x-key"], st.booleans())
MODEL_MAPS = maps(["application/json", "application/xml"], MODELS)
HEADERS = maps(["method.response.header.X-A", "method.response.header.X-B"], st.booleans())


@st.composite
def responses(draw: st.DrawFn) -> Any:
    """A MethodResponses list with conditional items, or an ``Fn::If`` between two lists."""
    def one(code: str) -> dict[str, Any]:
        out: dict[str, Any] = {"StatusCode": code}
        if draw(st.booleans()):
            out["ResponseModels"] = draw(MODEL_MAPS)
        if draw(st.booleans()):
            out["ResponseParameters"] = draw(HEADERS)
        return out

    def listed() -> list[Any]:
        codes = draw(st.lists(st.sampled_from(["200", "400", "500"]), min_size=1, max_size=3, unique=True))
        out: list[Any] = []
        for code in codes:
            if draw(st.booleans()):  # two versions under opposite branches of one condition
                condition = draw(st.sampled_from(CONDITIONS))
                out += [{"Fn::If": [condition, one(code), NO]}, {"Fn::If": [condition, NO, one(code)]}]
            else:
                out.append(draw(conditional(st.just(one(code)))))
        return out

    first = listed()
    return first if draw(st.booleans()) else {"Fn::If": [draw(st.sampled_from(CONDITIONS)), first, listed()]}


@st.composite
def templates(draw: st.DrawFn) -> dict[str, Any]:
    """A RestApi with one Method whose maps, lists and authorization are conditional."""
    props: dict[str, Any] = {"RestApiId": {"Ref": "Api"}, "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
                             "HttpMethod": "POST", "Integration": {"Type": "MOCK"}}
    auth = draw(st.sampled_from(["none", "iam", "custom"]))
    condition = draw(st.sampled_from(CONDITIONS))
    if auth == "iam":
        props["AuthorizationType"] = {"Fn::If": [condition, "AWS_IAM", "NONE"]}
    elif auth == "custom":
        props["AuthorizationType"] = {"Fn::If": [condition, "CUSTOM", "NONE"]}
        props["AuthorizerId"] = {"Fn::If": [condition, {"Ref": "Auth"}, NO]}
    else:
        props["AuthorizationType"] = "NONE"
    if draw(st.booleans()):
        props["ApiKeyRequired"] = draw(conditional(st.booleans()))
    if draw(st.booleans()):
        props["RequestValidatorId"] = draw(conditional(st.just({"Ref": "Strict"})))
    if draw(st.booleans()):
        props["RequestParameters"] = draw(PARAMETERS)
    if draw(st.booleans()):
        props["RequestModels"] = draw(MODEL_MAPS)
    if draw(st.booleans()):
        props["MethodResponses"] = draw(responses())
    api = {"Ref": "Api"}
    return {"Conditions": {"C": {"Fn::Equals": [{"Ref": "P"}, "c"]}, "D": {"Fn::Equals": [{"Ref": "P"}, "d"]}},
            "Parameters": {"P": {"Type": "String"}},
            "Resources": {
                "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "generated"}},
                "Pet": {"Type": "AWS::ApiGateway::Model", "Properties": {
                    "RestApiId": api, "Name": "Pet", "ContentType": "application/json", "Schema": {"type": "object"}}},
                "Strict": {"Type": "AWS::ApiGateway::RequestValidator", "Properties": {
                    "RestApiId": api, "Name": "strict", "ValidateRequestBody": True}},
                "Auth": {"Type": "AWS::ApiGateway::Authorizer", "Properties": {
                    "RestApiId": api, "Name": "tok", "Type": "TOKEN",
                    "IdentitySource": "method.request.header.Authorization",
                    "AuthorizerUri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
                                     "arn:aws:lambda:us-east-1:123456789012:function:a/invocations"}},
                "Post": {"Type": "AWS::ApiGateway::Method", "Properties": props}}}


def resolved(value: Any, env: dict[str, bool], names: dict[str, str]) -> Any:
    """``value`` as CloudFormation deploys it under ``env``; ``Ref``s to named resources as ``name:<Name>``."""
    if isinstance(value, dict):
        if set(value) == {"Fn::If"}:
            condition, first, second = value["Fn::If"]
            return resolved(first if env[condition] else second, env, names)
        if set(value) == {"Ref"} and value["Ref"] in names:
            return f"name:{names[value['Ref']]}"
        out = {key: resolved(item, env, names) for key, item in value.items()}
        return {key: item for key, item in out.items() if item != NO}
    if isinstance(value, list):
        return [item for item in (resolved(item, env, names) for item in value) if item != NO]
    return value


def deployed(template: dict[str, Any], env: dict[str, bool]) -> dict[str, Any]:
    """The one Method's properties as deployed, without its place in the tree."""
    resources = template["Resources"]
    names = {lid: r["Properties"]["Name"] for lid, r in resources.items() if r["Type"] in NAMED}
    (props,) = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::ApiGateway::Method"]
    out = resolved({k: v for k, v in props.items() if k not in ("RestApiId", "ResourceId")}, env, names)
    out.setdefault("AuthorizationType", "NONE")
    for key in ("RequestParameters", "RequestModels", "MethodResponses"):
        if out.get(key) in ({}, []):
            del out[key]
    if "MethodResponses" in out:  # keyed by status code: API Gateway holds them as a map
        out["MethodResponses"].sort(key=lambda response: response["StatusCode"])
    for response in out.get("MethodResponses", []):
        for key in ("ResponseParameters", "ResponseModels"):
            if response.get(key) == {}:
                del response[key]
    if out.get("ApiKeyRequired") is False:
        del out["ApiKeyRequired"]
    return out


def same_deployment(before: dict[str, Any], after: dict[str, Any]) -> None:
    for values in itertools.product([True, False], repeat=len(CONDITIONS)):
        env = dict(zip(CONDITIONS, values, strict=True))
        assert deployed(before, env) == deployed(after, env), env


@SETTINGS
@given(templates())
def test_template_round_trip_deploys_the_same(template: dict[str, Any]) -> None:
    doc, report = pipeline.template_to_openapi(template, "3.0", None)
    assert [d for d in report if d.severity == "error"] == []
    back, _ = pipeline.openapi_to_template(doc)
    same_deployment(template, back)


@SETTINGS
@given(templates())
def test_embed_and_unembed_deploy_the_same(template: dict[str, Any]) -> None:
    embedded, report = embedding.embed(template, None, "3.0")
    assert [d for d in report if d.severity == "error"] == []
    back, _ = embedding.unembed(embedded, None)
    same_deployment(template, back)


def test_the_check_sees_a_lost_condition() -> None:
    """The comparison is awake: dropping an Fn::If around a response changes what deploys."""
    template = {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {}},
                              "Post": {"Type": "AWS::ApiGateway::Method", "Properties": {
                                  "HttpMethod": "POST", "MethodResponses": [{"Fn::If": ["C", {"StatusCode": "200"},
                                                                                       NO]}]}}}}
    lost = {"Resources": {**template["Resources"], "Post": {"Type": "AWS::ApiGateway::Method", "Properties": {
        "HttpMethod": "POST", "MethodResponses": [{"StatusCode": "200"}]}}}}
    env = {"C": False, "D": False}
    assert deployed(template, env) != deployed(lost, env)


# --- OpenAPI -> template -> OpenAPI ------------------------------------------------------------------------
def _parameter(name: str, where: str) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({"name": st.just(name), "in": st.just(where)},
                                 optional={"required": st.booleans(), "description": st.sampled_from(["a", "b"])})


def _media() -> st.SearchStrategy[Any]:
    return conditional(st.sampled_from([{"schema": {"$ref": "#/components/schemas/Pet"}},
                                        {"schema": {"type": "object"}}]))


@st.composite
def operations(draw: st.DrawFn) -> dict[str, Any]:
    """An operation whose parameters, request body, responses and headers are conditional, per entry or whole."""
    def listed() -> list[Any]:
        out: list[Any] = []
        for name, where in draw(st.lists(st.sampled_from([("page", "query"), ("x-key", "header")]), min_size=1,
                                         unique=True)):
            if draw(st.booleans()):  # two versions under opposite branches of one condition
                condition = draw(st.sampled_from(CONDITIONS))
                out += [{"Fn::If": [condition, draw(_parameter(name, where)), NO]},
                        {"Fn::If": [condition, NO, draw(_parameter(name, where))]}]
            else:
                out.append(draw(conditional(_parameter(name, where))))
        return out

    def response() -> Any:
        out: dict[str, Any] = {"description": "ok"}
        if draw(st.booleans()):
            out["headers"] = {"X-A": draw(conditional(st.just({"schema": {"type": "string"}})))}
        if draw(st.booleans()):
            out["content"] = {"application/json": draw(_media())}
        return out

    op: dict[str, Any] = {"x-amazon-apigateway-integration": {"type": "mock"}}
    parameters = listed()
    op["parameters"] = parameters if draw(st.booleans()) else {
        "Fn::If": [draw(st.sampled_from(CONDITIONS)), parameters, listed()]}
    if draw(st.booleans()):
        op["requestBody"] = draw(conditional(st.just({"content": {"application/json": draw(_media())}})))
    codes = draw(st.lists(st.sampled_from(["200", "400"]), min_size=1, unique=True))
    op["responses"] = {code: draw(conditional(st.just(response()))) for code in codes}
    return op


def _canonical(doc: dict[str, Any], env: dict[str, bool]) -> Any:
    out = canonical_openapi(resolved(doc, env, {}))
    for op in out["paths"]["/items"].values():  # an empty request body, parameter list, header or content map
        if op.get("requestBody") in ({}, {"content": {}}):  # says nothing
            del op["requestBody"]
        if op.get("parameters") == []:
            del op["parameters"]
        for response in op.get("responses", {}).values():
            for key in ("headers", "content"):
                if response.get(key) == {}:
                    del response[key]
    return out


@SETTINGS
@given(operations())
def test_openapi_round_trip_deploys_the_same(op: dict[str, Any]) -> None:
    doc = {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {"/items": {"post": op}},
           "components": {"schemas": {"Pet": {"type": "object"}}}}
    template, report = pipeline.openapi_to_template(doc)
    assert [d for d in report if d.severity == "error"] == []
    back, _ = pipeline.template_to_openapi(template, "3.0", None)
    for values in itertools.product([True, False], repeat=len(CONDITIONS)):
        env = dict(zip(CONDITIONS, values, strict=True))
        assert differences(_canonical(doc, env), _canonical(back, env)) == [], env
