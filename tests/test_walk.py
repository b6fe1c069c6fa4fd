"""The one walk of documents (apigw_convert/documents/walk.py): what it yields, where, and what it cannot read."""

from __future__ import annotations

import pytest

from apigw_convert.documents.cfn.reader import open_template
from apigw_convert.documents.walk import (
    Fork,
    TemplateWalk,
    branches,
    fork,
    leaves,
    operations,
    path_entries,
    path_items,
    unread_definitions,
)
from apigw_convert.errors import InputError

TEMPLATE = {
    "Resources": {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "api"}},
        "Pets": {"Type": "AWS::ApiGateway::Resource", "Properties": {"PathPart": "pets"}},
        "Get": {"Type": "AWS::ApiGateway::Method"},
        "Broken": "not a resource",
        "Untyped": {"Properties": {}},
        "Odd": {"Type": "AWS::ApiGateway::Method", "Properties": ["not", "a", "mapping"]},
    },
}


def test_resources_in_template_order_with_their_paths() -> None:
    walk = TemplateWalk(TEMPLATE)
    assert [(r.lid, r.type) for r in walk.each()] == [
        ("Api", "AWS::ApiGateway::RestApi"), ("Pets", "AWS::ApiGateway::Resource"),
        ("Get", "AWS::ApiGateway::Method"), ("Odd", "AWS::ApiGateway::Method")]
    pets = next(walk.of_type("AWS::ApiGateway::Resource"))
    assert pets.at("PathPart") == ("Resources", "Pets", "Properties", "PathPart")
    assert [(r.lid, r.properties, r.props) for r in walk.of_type("AWS::ApiGateway::Method")] == [
        ("Get", None, {}), ("Odd", None, {})]


def test_untyped_resources_only_when_asked() -> None:
    """A Condition or Metadata belongs to any resource: ``untyped`` adds the mappings without a Type."""
    walk = TemplateWalk(TEMPLATE)
    assert [(r.lid, r.type) for r in walk.each(untyped=True)] == [
        ("Api", "AWS::ApiGateway::RestApi"), ("Pets", "AWS::ApiGateway::Resource"),
        ("Get", "AWS::ApiGateway::Method"), ("Untyped", ""), ("Odd", "AWS::ApiGateway::Method")]
    assert next(r for r in walk.each(untyped=True) if r.lid == "Untyped").props == {}


def test_what_it_cannot_read_is_listed_and_the_converter_refuses_the_first() -> None:
    walk = TemplateWalk(TEMPLATE)
    assert [(where, expected) for where, expected, _ in walk.unread()] == [
        (("Resources", "Broken"), "a resource is a mapping"),
        (("Resources", "Odd", "Properties"), "Properties must be a mapping")]
    with pytest.raises(InputError) as raised:
        open_template(TEMPLATE)
    assert [(d.code, d.pointer) for d in raised.value.diagnostics] == [("invalid-type", "/Resources/Broken")]


@pytest.mark.parametrize(("template", "pointer", "got"), [
    ({"AWSTemplateFormatVersion": "2010-09-09"}, "/Resources", "got null"),
    ({"Resources": ["Api"]}, "/Resources", "got a list"),
    ({"Resources": ["Api"], "resources": {"Resources": {}}}, "/Resources", "got a list"),  # a Resources comes first
    ({"resources": {"Outputs": {}}}, "/resources/Resources", "got null"),
    ({"resources": "text"}, "/Resources", "got null"),
])
def test_a_template_without_a_resources_mapping_is_refused_where_a_converter_looks(
        template: dict[str, object], pointer: str, got: str) -> None:
    """The walk finds a Serverless Framework file's resources even beside a stray ``Resources``; a converter looks
    at ``resources.Resources`` only in a file without one."""
    assert [expected for _, expected, _ in TemplateWalk(template).unread()] == ["Resources must be a mapping"]
    with pytest.raises(InputError) as raised:
        open_template(template)
    assert [(d.code, d.pointer) for d in raised.value.diagnostics] == [("invalid-type", pointer)]
    assert got in raised.value.diagnostics[0].message


def test_a_serverless_framework_file_and_a_file_without_resources() -> None:
    framework = TemplateWalk({"resources": {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi"}}}})
    assert [r.path for r in framework.each()] == [("resources", "Resources", "Api")]
    assert list(TemplateWalk({"openapi": "3.0.1"}).each()) == []
    assert list(TemplateWalk(["not", "a", "template"]).unread()) == []


def test_operations_through_conditions_in_verb_order() -> None:
    document = {"paths": {
        "/pets": {"post": {"operationId": "add"}, "get": {"operationId": "list"}, "parameters": []},
        "/pets/{id}": {"Fn::If": ["C", {"x-amazon-apigateway-any-method": {
            "Fn::If": ["D", {"operationId": "any"}, {"Ref": "AWS::NoValue"}]}}, {"Ref": "AWS::NoValue"}]},
        "/odd": {"get": "not an operation", "put": {"Ref": "Elsewhere"}},
    }}
    found = [(op.path, op.template, op.key, op.method, op.operation["operationId"])
             for op in operations(document, ("Resources", "Api", "Properties", "Body"))]
    body = ("Resources", "Api", "Properties", "Body", "paths")
    assert found == [
        ((*body, "/pets", "get"), "/pets", "get", "GET", "list"),
        ((*body, "/pets", "post"), "/pets", "post", "POST", "add"),
        ((*body, "/pets/{id}", "Fn::If", 1, "x-amazon-apigateway-any-method", "Fn::If", 1), "/pets/{id}",
         "x-amazon-apigateway-any-method", "ANY", "any"),
    ]
    assert [(where, template) for where, template, _ in path_items(document, ("Resources", "Api", "Properties",
                                                                             "Body"))] == [
        ((*body, "/pets"), "/pets"), ((*body, "/pets/{id}", "Fn::If", 1), "/pets/{id}"), ((*body, "/odd"), "/odd")]


def test_paths_that_are_not_a_mapping_hold_no_operation() -> None:
    assert list(operations({"paths": ["/pets"]}, ())) == []
    assert list(operations({"paths": {"Fn::If": ["C", {}, {}]}}, ())) == []
    assert list(operations({}, ())) == []


def test_branches_keep_what_leaves_skip() -> None:
    body = {"Fn::If": ["C", "a string", {"Fn::If": ["D", {"Ref": "AWS::NoValue"}, {"swagger": "2.0"}]}]}
    assert list(branches(body, ("Body",))) == [
        (("Body", "Fn::If", 1), "a string"),
        (("Body", "Fn::If", 2, "Fn::If", 1), {"Ref": "AWS::NoValue"}),
        (("Body", "Fn::If", 2, "Fn::If", 2), {"swagger": "2.0"})]
    assert list(leaves(body, ("Body",))) == [(("Body", "Fn::If", 2, "Fn::If", 2), {"swagger": "2.0"})]


def test_a_fork_is_one_level_of_the_choices_with_paths() -> None:
    """The reader resolves conditions through forks; :func:`branches` is their flattening."""
    inner = {"Fn::If": ["D", {"get": {}}, {"Ref": "AWS::NoValue"}]}
    item = {"Fn::If": ["C", inner, {"post": {}}]}
    split = fork(item, ("paths", "/pets"))
    assert split == Fork(("paths", "/pets"), "C", inner, ("paths", "/pets", "Fn::If", 1), {"post": {}},
                         ("paths", "/pets", "Fn::If", 2))
    assert split.arms() == ((split.then_path, inner), (split.otherwise_path, {"post": {}}))
    nested = fork(split.then, split.then_path)
    assert nested is not None and nested.condition == "D" and nested.otherwise_path == (
        "paths", "/pets", "Fn::If", 1, "Fn::If", 2)
    assert [where for where, _ in branches(item, ("paths", "/pets"))] == [
        nested.then_path, nested.otherwise_path, split.otherwise_path]
    for not_a_fork in ({"get": {}}, {"Fn::If": ["C", {}]}, {"Fn::If": [{"Ref": "C"}, {}, {}]}, "text"):
        assert fork(not_a_fork, ()) is None


def test_path_entries_are_every_entry_before_any_split() -> None:
    """A path item that is an intrinsic or no mapping is an entry (a reader refuses or reports it), not a leaf."""
    document = {"paths": {"/a": {"get": {}}, "/b": {"Ref": "Item"}, "/c": "text",
                          "/d": {"Fn::If": ["C", {"get": {}}, {"Ref": "AWS::NoValue"}]}}}
    assert [(where, template) for where, template, _ in path_entries(document, ("Body",))] == [
        (("Body", "paths", "/a"), "/a"), (("Body", "paths", "/b"), "/b"), (("Body", "paths", "/c"), "/c"),
        (("Body", "paths", "/d"), "/d")]
    assert [where for where, _, _ in path_items(document, ("Body",))] == [
        ("Body", "paths", "/a"), ("Body", "paths", "/d", "Fn::If", 1)]
    assert list(path_entries({"paths": ["/a"]}, ())) == []


def test_unread_definitions_of_a_serverless_framework_file() -> None:
    """The inline documents are found through the walk, so a Serverless Framework file's too."""
    template = {"resources": {"Resources": {
        "Http": {"Type": "AWS::Serverless::HttpApi", "Properties": {"DefinitionBody": {}}},
        "Api": {"Type": "AWS::Serverless::Api", "Properties": {"DefinitionUri": "s3://b/api.yaml"}}}}}
    assert [path for path, _ in unread_definitions(template)] == [
        ("resources", "Resources", "Http", "Properties", "DefinitionBody"),
        ("resources", "Resources", "Api", "Properties", "DefinitionUri")]
