"""Every method accounted for: each Method of the chosen API and each operation of an input document appears
in the output or is named by an error diagnostic whose pointer is that Method / operation; a conversion that
yields no method from an input that has some is an InputError (``no-method-converted``). Checked on generated
templates and documents (property tests) and over the whole corpus, with :mod:`accounting`, which finds the
methods of the input and the output without the library's readers.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from accounting import Tally, account, corpus_tally, document_items, output_methods, output_operations, template_items
from conftest import corpus_files
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import apigw_convert
from apigw_convert.diagnostics import Diagnostic
from apigw_convert.errors import InputError

NO = {"Ref": "AWS::NoValue"}
MOCK = {"Type": "MOCK", "IntegrationResponses": [{"StatusCode": "200"}], "RequestTemplates":
        {"application/json": '{"statusCode": 200}'}}
OP = {"responses": {"200": {"description": "ok"}},
      "x-amazon-apigateway-integration": {"type": "mock", "responses": {"default": {"statusCode": "200"}}}}


def _converted(func: Any, *args: Any, **kwargs: Any) -> tuple[Any, list[Diagnostic]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = func(*args, on_loss="warn", **kwargs)
    return out, [w.message.diagnostic for w in caught if hasattr(w.message, "diagnostic")]


# --- spellings of a place in the resource tree ---------------------------------------------------------------
def spell(name: str, attribute: str | None, how: int) -> Any:
    """One of the spellings of ``!Ref name`` / ``!GetAtt name.attribute``; ``how`` 5 is not a reference."""
    whole = "${" + name + ("." + attribute if attribute else "") + "}"
    plain = {"Fn::GetAtt": [name, attribute]} if attribute else {"Ref": name}
    return [plain, {"Fn::GetAtt": f"{name}.{attribute}"} if attribute else plain, {"Fn::Sub": whole},
            {"Fn::Join": ["", [plain]]}, {"Fn::Sub": [whole, {}]},
            {"Fn::Select": [0, [plain]]}][how]


@st.composite
def templates(draw: st.DrawFn) -> dict[str, Any]:
    """A RestApi with a small resource tree and Methods placed on it in every spelling (sometimes one that
    cannot be placed), conditional properties, duplicates and verbs that are not literals."""
    conditions = {"C": {"Fn::Equals": ["a", "a"]}, "D": {"Fn::Equals": ["a", "b"]}}
    api_props: dict[str, Any] = {"Name": "generated"}
    if draw(st.booleans()):
        api_props["EndpointConfiguration"] = {"Fn::If": ["C", {"Types": ["PRIVATE"]}, {"Types": ["REGIONAL"]}]}
    resources: dict[str, Any] = {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": api_props}}
    names: list[str] = []
    for i in range(draw(st.integers(0, 4))):
        parent = draw(st.sampled_from(["", *names]))
        how = draw(st.integers(0, 5))
        parent_id = spell("Api", "RootResourceId", how) if parent == "" else \
            spell(parent, draw(st.sampled_from([None, "ResourceId"])), how)
        name = f"R{i}"
        resources[name] = {"Type": "AWS::ApiGateway::Resource", "Properties": {
            "RestApiId": spell("Api", None, draw(st.integers(0, 4))), "ParentId": parent_id, "PathPart": f"p{i}"}}
        names.append(name)
    for i in range(draw(st.integers(1, 6))):
        node = draw(st.sampled_from(["", *names]))
        how = draw(st.integers(0, 5))
        where = spell("Api", "RootResourceId", how) if node == "" else \
            spell(node, draw(st.sampled_from([None, "ResourceId"])), how)
        verb: Any = draw(st.sampled_from(["GET", "post", "ANY", "DELETE"]))
        if draw(st.integers(0, 9)) == 0:
            verb = {"Ref": "Verb"}
        props: dict[str, Any] = {"RestApiId": {"Ref": "Api"}, "ResourceId": where, "HttpMethod": verb,
                                 "AuthorizationType": "NONE", "Integration": MOCK}
        extra = draw(st.sampled_from(["", "auth", "models", "parameters", "responses", "key", "whole", "validator",
                                      "two-conditions"]))
        if extra == "auth":
            props["AuthorizationType"] = {"Fn::If": ["C", "AWS_IAM", "NONE"]}
        elif extra == "models":
            props["RequestModels"] = {"Fn::If": ["C", {"application/json": "Empty"}, NO]}
        elif extra == "parameters":
            props["RequestParameters"] = {"method.request.header.x": {"Fn::If": ["C", True, False]}}
        elif extra == "responses":
            props["MethodResponses"] = [{"Fn::If": ["C", {"StatusCode": "200"}, NO]}]
        elif extra == "key":
            props["ApiKeyRequired"] = {"Fn::If": ["D", True, NO]}
        elif extra == "whole":  # Fn::If around whole maps and lists
            props["RequestParameters"] = {"Fn::If": ["C", {"method.request.querystring.q": True}, NO]}
            props["MethodResponses"] = {"Fn::If": ["D", [{"StatusCode": "200"}, {"StatusCode": "400"}],
                                                   [{"StatusCode": "200"}]]}
        elif extra == "validator":
            props["RequestValidatorId"] = {"Fn::If": ["C", "v1", NO]}
        elif extra == "two-conditions":
            props["AuthorizationType"] = {"Fn::If": ["C", "AWS_IAM", "NONE"]}
            props["ApiKeyRequired"] = {"Fn::If": ["D", True, False]}
        method: dict[str, Any] = {"Type": "AWS::ApiGateway::Method", "Properties": props}
        if draw(st.booleans()):
            method["Condition"] = draw(st.sampled_from(["C", "D"]))
        resources[f"M{i}"] = method
    return {"Conditions": conditions, "Resources": resources}


def _account_template(template: dict[str, Any]) -> Tally:
    items = template_items(template, "Api")
    try:
        doc, found = _converted(apigw_convert.template_to_openapi, template)
    except InputError as error:  # only the accounting itself may refuse a generated template
        assert [d.code for d in error.diagnostics][-1] == "no-method-converted", str(error)
        return account(items, set(), error.diagnostics)
    tally = account(items, output_operations(doc), found)
    assert tally.outputs, "an output without a method must have been an error"
    return tally


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(templates())
def test_every_method_of_a_generated_template_is_accounted_for(template: dict[str, Any]) -> None:
    tally = _account_template(template)
    assert tally.silent == [], tally


# --- documents -------------------------------------------------------------------------------------------------
@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """An OpenAPI 3.0 document whose path items and operations are plain, in Fn::If (both conditions the same
    or different), nested (an inner Fn::If on another condition with an operation in one or both branches), or only
    in the false branch."""
    paths: dict[str, Any] = {}
    for i in range(draw(st.integers(1, 5))):
        verbs = draw(st.lists(st.sampled_from(["get", "post", "x-amazon-apigateway-any-method"]), min_size=1,
                              max_size=3, unique=True))
        item: dict[str, Any] = {}
        for verb in verbs:
            shape = draw(st.sampled_from(["plain", "if", "if-false", "if-both", "if-other-both", "if-or"]))
            item[verb] = {"plain": OP, "if": {"Fn::If": ["C", OP, NO]}, "if-false": {"Fn::If": ["C", NO, OP]},
                          "if-both": {"Fn::If": ["C", OP, OP]},
                          "if-other-both": {"Fn::If": ["D", OP, OP]},
                          "if-or": {"Fn::If": ["C", OP, {"Fn::If": ["D", OP, NO]}]}}[shape]
        around = draw(st.sampled_from(["none", "none", "same", "other", "false"]))
        condition = {"same": "C", "other": "D", "false": "C"}.get(around)
        paths[f"/p{i}"] = item if condition is None else \
            {"Fn::If": [condition, NO, item] if around == "false" else [condition, item, NO]}
    return {"openapi": "3.0.1", "info": {"title": "generated", "version": "1"}, "paths": paths}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_every_operation_of_a_generated_document_is_accounted_for(doc: dict[str, Any]) -> None:
    items = document_items(doc)
    try:
        template, found = _converted(apigw_convert.openapi_to_template, doc)
    except InputError as error:
        assert [d.code for d in error.diagnostics][-1] == "no-method-converted", str(error)
        tally = account(items, set(), error.diagnostics)
    else:
        tally = account(items, output_methods(template, "Api"), found)
        assert tally.outputs
    assert tally.silent == [], tally


def test_a_template_whose_methods_all_fail_is_an_error() -> None:
    template = {"Resources": {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "x"}},
        "Get": {"Type": "AWS::ApiGateway::Method", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ResourceId": {"Fn::ImportValue": "Elsewhere"}, "HttpMethod": "GET",
            "AuthorizationType": "NONE", "Integration": MOCK}}}}
    with pytest.raises(InputError) as caught:
        apigw_convert.template_to_openapi(template)
    assert [(d.code, d.pointer) for d in caught.value.diagnostics] == [
        ("unresolved-resource", "/Resources/Get/Properties/ResourceId"), ("no-method-converted", "/Resources/Api")]


def test_a_template_without_methods_is_not_an_error() -> None:
    doc = apigw_convert.template_to_openapi({"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi"}}})
    assert doc["paths"] == {}


# --- the corpus ------------------------------------------------------------------------------------------------
def test_every_method_of_the_corpus_is_accounted_for() -> None:
    """Over the corpus no Method or operation is lost silently (``python tests/accounting.py`` prints the
    numbers)."""
    if not corpus_files("cfn"):
        pytest.skip("the corpus is absent")
    tallies = corpus_tally()
    assert {name: tally.silent for name, tally in tallies.items()} == {name: [] for name in tallies}
    assert all(tally.inputs > 0 and tally.outputs > 0 for tally in tallies.values()), tallies
