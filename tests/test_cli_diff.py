"""``apigw-convert diff``: semantic comparison across dialects, one line per difference, exit 0 or 1."""

from __future__ import annotations

import copy
import itertools
import json
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_cli import CFN, DATA, OPENAPI, cli, read_report
from test_conditional_maps import CONDITIONS, _canonical, operations, templates

from apigw_convert.cli._diff import differences
from apigw_convert.pointer import to_pointer

SAME = DATA / "integration.same.openapi.yaml"
CHANGED = DATA / "integration.changed.openapi.yaml"


def test_same_integration_in_two_dialects_is_equal() -> None:
    result = cli("diff", CFN, SAME)
    assert (result.code, result.out, result.err) == (0, "", "")


def test_a_file_equals_its_own_conversion(tmp_path: Path) -> None:
    converted = tmp_path / "converted.json"
    assert cli("cfn2swagger", CFN, "--format", "json", "-o", converted).code == 0
    assert cli("diff", CFN, converted).code == 0
    assert cli("diff", converted, CFN).code == 0


def test_each_difference_is_a_pointer_and_two_values() -> None:
    result = cli("diff", CFN, CHANGED)
    assert result.code == 1
    assert result.out.splitlines() == [
        '/credentials: {"Fn::GetAtt": ["ApiRole", "Arn"]} -> (absent)',
        '/passthroughBehavior: "never" -> "when_no_match"',
        '/responses/5\\d{2}/statusCode: "500" -> "502"',
        "/timeoutInMillis: (absent) -> 5000",
        '/uri: "arn:aws:apigateway:${AWS::Region}:sqs:path/${AWS::AccountId}/orders" -> '
        '"arn:aws:apigateway:${AWS::Region}:sqs:path/${AWS::AccountId}/orders-v2"',
    ]
    assert result.lines == [f"apigw-convert diff: 5 differences between {CFN} and {CHANGED}"]


def test_stdin_on_either_side() -> None:
    assert cli("diff", "-", SAME, stdin=CFN.read_bytes()).code == 0
    assert cli("diff", CFN, "-", stdin=CHANGED.read_bytes()).code == 1


def test_pointers_escape_slash_and_tilde() -> None:
    a = {"paths": {"/pets/{id}": {"get": {"x-amazon-apigateway-integration": {"uri": "a"}}}}, "a~b": 1}
    b = {"paths": {"/pets/{id}": {"get": {"x-amazon-apigateway-integration": {"uri": "b"}}}}, "a~b": 2}
    assert differences(a, b) == [
        '/a~0b: 1 -> 2',
        '/paths/~1pets~1{id}/get/x-amazon-apigateway-integration/uri: "a" -> "b"',
    ]


def test_long_values_are_shortened() -> None:
    [line] = differences({"k": "x" * 500}, {})
    assert line.endswith('xxx... -> (absent)') and len(line) < 200


def test_list_items() -> None:
    assert differences({"l": [1, 2]}, {"l": [1, 3, 4]}) == ["/l/1: 2 -> 3", "/l/2: (absent) -> 4"]


@pytest.mark.parametrize(("argv", "code", "message"), [
    (("diff", CFN, DATA / "missing.yaml"), 1, "file-not-found"),
    (("diff", DATA / "bad-syntax.yaml", CFN), 1, "yaml-syntax"),
    (("diff", CFN, DATA / "invalid-enum.yaml"), 1, "invalid-enum"),
    (("diff", CFN), 2, "the following arguments are required: B"),
])
def test_unusable_inputs(argv: tuple[object, ...], code: int, message: str) -> None:
    result = cli(*argv)  # type: ignore[arg-type]
    assert result.code == code
    assert result.out == ""
    assert message in result.err and "Traceback" not in result.err


def test_a_loss_while_canonicalizing_means_could_not_compare(tmp_path: Path) -> None:
    extra = tmp_path / "extra.json"
    extra.write_text(OPENAPI.read_text(encoding="utf-8").replace('"type"', '"payloadFormatVersion": "2.0",\n  "type"'),
                     encoding="utf-8")
    result = cli("diff", OPENAPI, extra)
    assert result.code == 1 and result.out == ""
    assert result.lines[0].startswith(f"{extra}:2:") and " warning http-api-only-field at /payloadFormatVersion" \
        in result.lines[0]
    assert result.lines[1:] == [f"apigw-convert diff: could not compare {OPENAPI} and {extra}: 1 loss on the way "
                                "to the OpenAPI form (listed above); --ignore-losses compares what remains"]


def test_losses_while_canonicalizing_do_not_decide_under_ignore_losses(tmp_path: Path) -> None:
    extra = tmp_path / "extra.json"
    extra.write_text(OPENAPI.read_text(encoding="utf-8").replace('"type"', '"payloadFormatVersion": "2.0",\n  "type"'),
                     encoding="utf-8")
    report = tmp_path / "report.json"
    result = cli("diff", OPENAPI, extra, "--report", report, "--ignore-losses")
    assert result.code == 0
    assert result.lines == [f"apigw-convert diff: note: {extra}: 1 loss on the way to the canonical form, not "
                            "compared (--report lists them)"]
    assert [d["code"] for d in read_report(report)["diagnostics"]] == ["http-api-only-field"]


def test_bare_integrations_compare_pseudo_parameter_subs_as_the_import_does(tmp_path: Path) -> None:
    a = tmp_path / "a.yaml"
    a.write_text("Type: AWS_PROXY\nIntegrationHttpMethod: POST\n"
                 "Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/x\n", encoding="utf-8")
    b = tmp_path / "b.yaml"
    b.write_text("type: aws_proxy\nhttpMethod: POST\nuri: arn:aws:apigateway:${AWS::Region}:lambda:path/x\n",
                 encoding="utf-8")
    assert cli("diff", a, b).code == 0


def test_a_literal_pseudo_parameter_differs_from_a_substituted_one(tmp_path: Path) -> None:
    """CloudFormation substitutes ${AWS::Region} only inside Fn::Sub: the plain string deploys literally."""
    method = TWO_APIS.split("  Two:")[0] + TWO_APIS.split("Properties: {Name: two}\n")[1].split("  TwoGet:")[0]
    heads = {"integration": "Type: AWS_PROXY\nIntegrationHttpMethod: POST\n",
             "template": method.replace("Integration: {Type: MOCK}\n", "Integration:\n        Type: AWS_PROXY\n"
                                        "        IntegrationHttpMethod: POST\n        ")}
    for name, head in heads.items():
        a, b = tmp_path / f"{name}-sub.yaml", tmp_path / f"{name}-plain.yaml"
        a.write_text(head + "Uri: !Sub 'arn:aws:apigateway:${AWS::Region}:lambda:path/x'\n", encoding="utf-8")
        b.write_text(head + "Uri: 'arn:aws:apigateway:${AWS::Region}:lambda:path/x'\n", encoding="utf-8")
        result = cli("diff", a, b)
        assert result.code == 1, (name, result.err)
        (line,) = result.out.splitlines()
        assert line.endswith('uri: "arn:aws:apigateway:${AWS::Region}:lambda:path/x" -> '
                             '{"Fn::Sub": "arn:aws:apigateway:${!AWS::Region}:lambda:path/x"}'), line
        assert cli("diff", b, b).code == 0
        # a template's OpenAPI form keeps the literal apart; a bare integration's conversion carries strings as
        # they are, so its plain OpenAPI uri (which the import would resolve) is a difference diff reports
        converted = tmp_path / f"{name}.openapi.yaml"
        assert cli("cfn2swagger", b, "-o", converted).code == 0
        assert cli("diff", b, converted).code == (0 if name == "template" else 1)


# --- whole documents: several APIs, losses, lists that are sets ----------------------------------------------
TWO_APIS = """\
Resources:
  One:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: one}
  Two:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: two}
  OneGet:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref One
      ResourceId: !Sub '${One.RootResourceId}'
      HttpMethod: GET
      AuthorizationType: NONE
      RequestParameters: {method.request.querystring.a: true, method.request.header.b: false}
      Integration: {Type: MOCK}
  TwoGet:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Two
      ResourceId: !GetAtt Two.RootResourceId
      HttpMethod: POST
      AuthorizationType: NONE
      Integration: {Type: MOCK}
"""


def _two_apis(tmp_path: Path) -> Path:
    template = tmp_path / "apis.yaml"
    template.write_text(TWO_APIS, encoding="utf-8")
    return template


def test_each_side_names_its_api(tmp_path: Path) -> None:
    template = _two_apis(tmp_path)
    one = tmp_path / "one.yaml"
    assert cli("cfn2swagger", template, "--api", "One", "-o", one).code == 0
    assert cli("diff", template, one, "--api-a", "One").code == 0
    assert cli("diff", f"{template}#One", one).code == 0
    assert cli("diff", f"{template}#One", f"{template}#One").code == 0
    result = cli("diff", f"{template}#One", f"{template}#Two")
    assert result.code == 1 and [line.split(":")[0] for line in result.out.splitlines()] == [
        "/info/title", "/paths/~1/get", "/paths/~1/post"]
    assert cli("diff", f"{template}#One", one, "--api-a", "Two").code == 2


def test_parameter_order_does_not_count_but_values_do(tmp_path: Path) -> None:
    template = _two_apis(tmp_path)
    one = tmp_path / "one.yaml"
    assert cli("cfn2swagger", template, "--api", "One", "-o", one, "--format", "json").code == 0
    text = one.read_text(encoding="utf-8")
    doc = json.loads(text)
    doc["paths"]["/"]["get"]["parameters"].reverse()
    one.write_text(json.dumps(doc), encoding="utf-8")
    assert cli("diff", f"{template}#One", one).code == 0
    doc["paths"]["/"]["get"]["parameters"][0]["required"] = True
    one.write_text(json.dumps(doc), encoding="utf-8")
    assert cli("diff", f"{template}#One", one).code == 1


def test_lists_that_are_sets_and_lists_that_are_not() -> None:
    a = {"paths": {"/": {"get": {"security": [{"k": []}, {"auth": ["x", "y"]}], "parameters": [1, 2]}}},
         "servers": [{"url": "a"}, {"url": "b"}]}
    b = {"paths": {"/": {"get": {"security": [{"auth": ["y", "x"]}, {"k": []}], "parameters": [2, 1]}}},
         "servers": [{"url": "b"}, {"url": "a"}]}
    assert [line.split(":")[0] for line in differences(a, b)] == ["/servers/0/url", "/servers/1/url"]


def test_the_branches_of_an_fn_if_in_a_set_like_list_compare_in_order() -> None:
    no = {"Ref": "AWS::NoValue"}
    a = {"security": [{"Fn::If": ["C", {"tok": []}, no]}], "parameters": [{"Fn::If": ["C", {"name": "q"}, no]}, 1]}
    b = {"security": [{"Fn::If": ["C", no, {"tok": []}]}], "parameters": [1, {"Fn::If": ["C", {"name": "q"}, no]}]}
    assert sorted(differences(a, b)) == [
        '/security/0: (absent) -> {"Fn::If": ["C", {"Ref": "AWS::NoValue"}, {"tok": []}]}',
        '/security/0: {"Fn::If": ["C", {"tok": []}, {"Ref": "AWS::NoValue"}]} -> (absent)']
    assert differences({"security": [{"k": ["a", "b"]}]}, {"security": [{"k": ["b", "a"]}]}) == []


def test_a_template_that_lost_its_methods_does_not_equal_an_empty_document(tmp_path: Path) -> None:
    template = tmp_path / "lost.yaml"
    template.write_text(TWO_APIS.replace("!Sub '${One.RootResourceId}'", "!ImportValue Root"), encoding="utf-8")
    empty = tmp_path / "empty.yaml"
    empty.write_text("openapi: 3.0.1\ninfo: {title: one, version: '1.0'}\npaths: {}\n", encoding="utf-8")
    result = cli("diff", f"{template}#One", empty)
    assert result.code == 1 and result.out == ""
    assert "error no-method-converted at /Resources/One" in result.err


def test_comparing_large_forms_takes_linear_time() -> None:
    """Equal subtrees are walked once, not handed to deepdiff (whose cost grew faster than the input)."""
    def document(version: str) -> dict[str, object]:
        operation = {"x-amazon-apigateway-integration": {"type": "mock", "responses": {"default": {
            "statusCode": "200"}}, "requestParameters": {f"integration.request.header.h{j}": "'x'" for j in range(5)}},
            "parameters": [{"name": "a", "in": "query"}]}
        return {"paths": {f"/p{i}": {"get": operation} for i in range(8000)}, "info": {"version": version}}

    started = time.perf_counter()
    assert differences(document("1"), document("2")) == ['/info/version: "1" -> "2"']
    assert time.perf_counter() - started < 5
    assert differences({"a": {"b": [1, {"c": 1}]}}, {"a": {"b": [1, {"c": True}]}}) == ["/a/b/1/c: 1 -> true"]


# --- conditions: kept as written, so compared -------------------------------------------------------------------
CONDITIONAL = sorted(FIXTURES.glob("documents/conditional-*"))
#: The pairs whose conversion leaves something out (an Fn::If where the other dialect cannot hold one).
LEAVE_OUT = {"conditional-losses", "conditional-losses-openapi"}
MAPS = FIXTURES / "documents" / "conditional-method-maps"


def _pair(case: Path) -> tuple[Path, Path]:
    if (case / "input.yaml").exists():
        return case / "input.yaml", case / "output.yaml"
    return case / "template.yaml", case / "openapi.yaml"


@pytest.mark.parametrize("case", CONDITIONAL, ids=lambda case: case.name)
def test_each_conditional_fixture_pair_compares_equal(case: Path) -> None:
    """A document that uses conditions it does not define (``undefined-condition``) still compares: the
    conditions are kept as written. What does leave something out still makes diff refuse."""
    a, b = _pair(case)
    result = cli("diff", a, b)
    if case.name in LEAVE_OUT:
        assert result.code == 1 and result.out == "" and "could not compare" in result.lines[-1]
        assert "undefined-condition" not in result.err
        assert cli("diff", a, b, "--ignore-losses").code == 0
    else:
        assert (result.code, result.out, result.err) == (0, "", "")


def test_a_conditional_template_equals_its_own_conversion(tmp_path: Path) -> None:
    converted = tmp_path / "converted.yaml"
    report = tmp_path / "report.json"
    assert cli("cfn2swagger", MAPS / "template.yaml", "-o", converted).code == 0
    assert cli("diff", MAPS / "template.yaml", converted, "--report", report).code == 0
    assert cli("diff", converted, MAPS / "template.yaml").code == 0
    codes = {d["code"] for d in read_report(report)["diagnostics"]}
    assert codes == {"undefined-condition"}  # in the report, not on the terminal


@pytest.mark.parametrize(("old", "new", "line"), [
    ("name: x-trace", "name: x-span", '/paths/~1items/post/parameters/0/Fn::If/1/name: "x-trace" -> "x-span"'),
    ("        - Beta\n        - api_key", "        - Gamma\n        - api_key",
     '/paths/~1items/post/security/1/Fn::If/0: "Beta" -> "Gamma"'),
    ("      - Fn::If:\n        - Secure\n        - tok: []\n        - Ref: AWS::NoValue\n", "",
     '/paths/~1items/post/security/0: {"Fn::If": ["Secure", {"tok": []}, {"Ref": "AWS::NoValue"}]} -> (absent)'),
], ids=["branch", "condition", "authorizer"])
def test_a_difference_under_a_condition_is_reported(tmp_path: Path, old: str, new: str, line: str) -> None:
    """A branch of an Fn::If, the condition's name, a conditional authorizer left out of the OpenAPI file."""
    changed = tmp_path / "changed.yaml"
    text = (MAPS / "openapi.yaml").read_text(encoding="utf-8")
    assert old in text
    changed.write_text(text.replace(old, new), encoding="utf-8")
    result = cli("diff", MAPS / "template.yaml", changed)
    assert (result.code, result.out.splitlines()) == (1, [line]), result.err


def test_an_outer_reference_is_compared(tmp_path: Path) -> None:
    """``outer-reference`` keeps the Fn::GetAtt as written: the document compares, and so does what it names."""
    text = ("openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths:\n  /:\n    post:\n"
            "      x-amazon-apigateway-integration:\n        type: aws_proxy\n        httpMethod: POST\n"
            "        uri: {'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
            "${Fn.Arn}/invocations'}\n")
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(text, encoding="utf-8")
    b.write_text(text.replace("Fn.Arn", "Other.Arn"), encoding="utf-8")
    assert (cli("diff", a, a).code, cli("diff", a, a).err) == (0, "")
    result = cli("diff", a, b)
    assert result.code == 1 and [line.split(": ")[0] for line in result.out.splitlines()] == [
        "/paths/~1/post/x-amazon-apigateway-integration/uri/Fn::Sub"]


def _conditionals(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], list[Any]]]:
    """Where each ``Fn::If`` of ``value`` is, and its arguments."""
    if isinstance(value, dict):
        if set(value) == {"Fn::If"}:
            yield path, value["Fn::If"]
        for key, item in value.items():
            yield from _conditionals(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _conditionals(item, (*path, index))


def _deployed(document: dict[str, Any], env: dict[str, bool]) -> Any:
    """What ``document`` deploys under ``env`` (its canonical form), or ``None`` when two of its parameters have
    one name and location there (invalid OpenAPI, which no diff has to explain)."""
    out = _canonical(document, env)
    for operation in out["paths"]["/items"].values():
        places = [(p.get("name"), p.get("in")) for p in operation.get("parameters", [])]
        if len(places) != len(set(places)):
            return None
    return out


def _assignments() -> Iterator[dict[str, bool]]:
    names = (*CONDITIONS, "Renamed")
    for values in itertools.product([True, False], repeat=len(names)):
        yield dict(zip(names, values, strict=True))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(operations(), st.data())
def test_a_changed_branch_of_a_generated_conditional_document_is_reported(operation: dict[str, Any],
                                                                         data: st.DataObject) -> None:
    """Swap the branches of one Fn::If of a generated document, or rename its condition: when that changes what
    deploys under some assignment of the conditions, diff reports it, within that operation."""
    document = {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {"/items": {"post": operation}},
                "components": {"schemas": {"Pet": {"type": "object"}}}}
    found = list(_conditionals(document))
    assume(found)
    path, arguments = data.draw(st.sampled_from(found))
    original = copy.deepcopy(document)
    if data.draw(st.booleans()):
        arguments[0] = "Renamed"
    else:
        arguments[1:] = arguments[2], arguments[1]
    # only a change that deploys differently under some assignment of the conditions must be reported
    before, after = ([_deployed(doc, env) for env in _assignments()] for doc in (original, document))
    assume(None not in after and before != after)
    with tempfile.TemporaryDirectory() as folder:
        written = Path(folder) / "openapi.json"
        written.write_text(json.dumps(original), encoding="utf-8")
        result = cli("diff", written, "-", stdin=json.dumps(document))
    assert result.code == 1 and result.out, (to_pointer(path), result.err)
    assert all(line.startswith("/paths/~1items/post/") for line in result.out.splitlines()), result.out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(templates())
def test_a_generated_conditional_template_equals_its_own_conversion(template: dict[str, Any]) -> None:
    """A template whose maps and lists are conditional (an ``Fn::If`` inside a branch of one on the same condition
    included) compares equal to its own OpenAPI form, both ways round."""
    with tempfile.TemporaryDirectory() as folder:
        written, converted = Path(folder) / "template.json", Path(folder) / "openapi.json"
        written.write_text(json.dumps(template), encoding="utf-8")
        assert cli("cfn2swagger", written, "-o", converted).code == 0
        forward, backward = cli("diff", written, converted), cli("diff", converted, written)
    assert (forward.code, forward.out) == (0, ""), forward.err
    assert (backward.code, backward.out) == (0, ""), backward.err


LAMBDA_URI = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:a/"
              "invocations")


@pytest.mark.parametrize("scheme", [{"type": "apiKey", "name": "x-api-key", "in": "header"},
                                    {"type": "apiKey", "name": "Authorization", "in": "header",
                                     "x-amazon-apigateway-authtype": "awsSigv4"},
                                    *({"type": "apiKey", "name": "Authorization", "in": "header",
                                       "x-amazon-apigateway-authtype": "custom",
                                       "x-amazon-apigateway-authorizer": {"type": kind, "authorizerUri": LAMBDA_URI}}
                                      for kind in ("token", "request"))],
                         ids=["api-key", "sigv4", "token", "request"])
def test_scopes_on_an_api_key_sigv4_or_lambda_requirement_are_a_loss_not_a_silent_equality(
        tmp_path: Path, scheme: dict[str, Any]) -> None:
    def document(scopes: list[str]) -> Path:
        operation = {"security": [{"key": scopes}], "responses": {"200": {"description": "ok"}},
                     "x-amazon-apigateway-integration": {"type": "mock"}}
        written = tmp_path / f"scopes{len(scopes)}.json"
        written.write_text(json.dumps({"openapi": "3.0.1", "info": {"title": "t", "version": "1"},
                                       "paths": {"/a": {"get": operation}},
                                       "components": {"securitySchemes": {"key": scheme}}}), encoding="utf-8")
        return written

    scoped, plain = document(["x"]), document([])
    assert cli("diff", plain, plain).code == 0
    result = cli("diff", scoped, plain)
    assert result.code == 1 and result.out == ""
    assert " warning scopes-not-used at /paths/~1a/get/security/0/key" in result.lines[0]
    assert "could not compare" in result.lines[-1]
    converted = tmp_path / "template.json"
    assert cli("swagger2cfn", scoped, "-o", converted).code == 0
    assert "Scopes" not in converted.read_text(encoding="utf-8")  # API Gateway refuses them: left out
    against = cli("diff", scoped, converted)  # the document against its own conversion: the loss, not equal
    assert against.code == 1 and against.out == "" and "could not compare" in against.lines[-1]


# --- a document's own Error / Empty model: renamed in the template, restored on the way back ---------------------
OWN_ERROR = FIXTURES / "documents" / "builtin-model-name" / "input.yaml"


def test_a_document_with_its_own_error_model_equals_itself_and_differs_in_it(tmp_path: Path) -> None:
    """``builtin-model`` renames the model in the template (ErrorModel) and the way back restores its name and
    schema, so it leaves nothing out: diff compares such a document instead of refusing it."""
    result = cli("diff", OWN_ERROR, OWN_ERROR)
    assert (result.code, result.out, result.err) == (0, "", "")
    changed = tmp_path / "changed.yaml"
    changed.write_text(OWN_ERROR.read_text().replace("detail: {type: string}", "detail: {type: integer}"))
    result = cli("diff", OWN_ERROR, changed)
    assert result.code == 1
    assert result.out == '/components/schemas/Error/properties/detail/type: "string" -> "integer"\n'


# --- a template's Swagger 2.0 Body compares as the document does --------------------------------------------------
SWAGGER_BODY = {"swagger": "2.0", "info": {"title": "t", "version": "1"}, "produces": ["application/json"],
                "paths": {"/a": {"get": {
                    "consumes": ["application/json"], "produces": ["application/json"], "schemes": ["https"],
                    "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Thing"}}},
                    "x-amazon-apigateway-integration": {"type": "mock", "responses": {
                        "default": {"statusCode": "200"}}}}}},
                "definitions": {"Thing": {"type": "object"}}}


def test_a_swagger2_body_equals_itself_and_its_document(tmp_path: Path) -> None:
    """The 2.0-only keys of an operation (consumes, produces, schemes) have no place in the 3.0 form: what they
    say to API Gateway is the media types of content, compared there. A template whose Body holds them no longer
    fails to equal itself (SAM writes them into every CORS OPTIONS method), and equals the document on its own."""
    template = tmp_path / "template.json"
    template.write_text(json.dumps({"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {
        "Name": "t", "Body": SWAGGER_BODY}}}}))
    document = tmp_path / "document.json"
    document.write_text(json.dumps(SWAGGER_BODY))
    assert cli("diff", template, template).code == 0
    assert cli("diff", template, document).code == 0
    other = copy.deepcopy(SWAGGER_BODY)
    other["paths"]["/a"]["get"]["produces"] = ["application/xml"]  # the response model's media type changes
    document.write_text(json.dumps(other))
    result = cli("diff", template, document)
    assert result.code == 1 and "/paths/~1a/get/responses/200/content/application~1xml" in result.out
