"""``apigw-convert diff``: semantic comparison across dialects, one line per difference, exit 0 or 1."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from test_cli import CFN, DATA, OPENAPI, cli, read_report

from apigw_convert.cli._diff import differences

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
    import json

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
