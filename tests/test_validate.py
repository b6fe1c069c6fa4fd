"""validate(): every check proven by a fixture pair, the cfn-lint comparison table kept true, Java regex
verdicts cross-checked against java.util.regex, input detection, and the InputError contract.

``fixtures/validate/<code>/`` holds ``bad.yaml`` (yields exactly ``<code>`` at the pointer in ``expected.json``)
and ``good.yaml`` (yields nothing). Run ``python tests/test_validate.py`` to rewrite the table in
``the README's check table`` from a fresh cfn-lint run; a test fails while the table is stale.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, REPO
from helpers import read_yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from apigw_convert import CODES, InputError, validate
from apigw_convert import diagnostics as diagnostics_module
from apigw_convert.checks.patterns import analyse
from apigw_convert.detect import detect_kind
from apigw_convert.documents.walk import embedded_documents, unread_definitions

CASES_DIR = FIXTURES / "validate"
CASES = sorted(path for path in CASES_DIR.iterdir() if path.is_dir())
CHECKS_DOC = REPO / "README.md"
TABLE_START, TABLE_END = "<!-- table:start -->", "<!-- table:end -->"
NOT_A_CHECK = {"unrecognised-input"}  # raised as InputError, not reported


def findings(data: Any, **kwargs: Any) -> list[tuple[str, str]]:
    return [(d.code, d.pointer) for d in validate(data, **kwargs)]


def validation_codes() -> list[str]:
    """The codes of the ``validation`` section of CODES, in order."""
    return list(diagnostics_module.SECTIONS["validation"])


# --- the fixture pairs -------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_fixture_yields_exactly_its_code_at_the_expected_pointer(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    assert expected["code"] == case.name
    assert findings(read_yaml(case / "bad.yaml")) == [(expected["code"], expected["pointer"])]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_good_fixture_yields_nothing(case: Path) -> None:
    assert findings(read_yaml(case / "good.yaml")) == []


def test_every_validation_code_has_a_fixture_pair() -> None:
    codes = set(validation_codes()) - NOT_A_CHECK
    assert codes == {case.name for case in CASES}
    for code in codes:
        assert CODES[code].hint, f"{code} needs a one-line fix hint"


# --- the cfn-lint comparison table -------------------------------------------------------------------------


def cfn_lint_executable() -> str | None:
    beside = Path(sys.executable).with_name("cfn-lint")
    return str(beside) if beside.exists() else shutil.which("cfn-lint")


def measure_cfn_lint(executable: str) -> dict[str, list[str] | None]:
    """Per fixture: the cfn-lint rules that fire on bad.yaml but not on good.yaml (``None``: not a template)."""
    templates = [case for case in CASES if detect_kind(read_yaml(case / "bad.yaml")) == "template"]
    files = [str(case / name) for case in templates for name in ("bad.yaml", "good.yaml")]
    run = subprocess.run([executable, "--format", "json", "--", *files], capture_output=True, text=True,
                         cwd=REPO, timeout=300)
    matches = json.loads(run.stdout or "[]")
    rules: dict[str, set[str]] = {}
    for match in matches:
        rules.setdefault(str(Path(match["Filename"]).resolve()), set()).add(match["Rule"]["Id"])
    out: dict[str, list[str] | None] = {case.name: None for case in CASES}
    for case in templates:
        bad = rules.get(str((case / "bad.yaml").resolve()), set())
        good = rules.get(str((case / "good.yaml").resolve()), set())
        out[case.name] = sorted(bad - good)
    return out


def render_table(measured: dict[str, list[str] | None]) -> str:
    lines = ["| check | code | severity | cfn-lint catches it |", "|---|---|---|---|"]
    for code in validation_codes():
        if code in NOT_A_CHECK:
            continue
        rules = measured[code]
        verdict = "n/a (OpenAPI)" if rules is None else f"yes ({', '.join(rules)})" if rules else "no"
        lines.append(f"| {CODES[code].summary.replace('|', '/')} | `{code}` | {CODES[code].severity} | {verdict} |")
    return "\n".join(lines)


def rendered_doc(text: str, table: str) -> str:
    head, rest = text.split(TABLE_START, 1)
    return f"{head}{TABLE_START}\n{table}\n{TABLE_END}{rest.split(TABLE_END, 1)[1]}"


def test_checks_table_matches_a_fresh_cfn_lint_run() -> None:
    executable = cfn_lint_executable()
    if executable is None:
        pytest.skip("the cfn-lint executable is not installed (pip install -e .[test])")
    text = CHECKS_DOC.read_text(encoding="utf-8")
    assert rendered_doc(text, render_table(measure_cfn_lint(executable))) == text, \
        "the README's check table is stale: run python tests/test_validate.py"


# --- selection patterns: Java vs Python --------------------------------------------------------------------

JAVA_SOURCE = """
import java.util.regex.*;
import java.io.*;
public class Rx {
  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
    String line;
    while ((line = in.readLine()) != null) {
      String[] parts = line.split("\\t", -1);
      try {
        Pattern p = Pattern.compile(parts[0]);
        StringBuilder out = new StringBuilder("ok");
        for (int i = 1; i < parts.length; i++) out.append(p.matcher(parts[i]).matches() ? " 1" : " 0");
        System.out.println(out);
      } catch (PatternSyntaxException e) {
        System.out.println("error");
      }
    }
  }
}
"""
TOKENS = ["a", "b", "4", "5", "0", "\\d", "\\w", "\\s", ".", "*", "+", "?", "{2}", "{1,3}", "{,2}", "{2,}", "{",
          "}", "(", ")", "(?:", "(?=", "(?!", "(?<=", "(?<!", "(?>", "(?i)", "(?-i)", "(?i:", "(?P<n>", "(?P=n)",
          "(?<n>", "(?<n_1>", "\\k<n>", "[", "]", "[^", "-", "^", "$", "|", "\\", "\\b", "\\B", "\\0", "\\01",
          "\\1", "\\p{L}", "\\Q", "\\E", "\\Z", "\\z", "\\A", "&&", "[:alpha:]", "\\x41", "\\x{41}", "\\u0041",
          "\\U00000041", "\\n", "\\t", "\\v", "\\h", "\\e", "\\c", "\\N{DIGIT ONE}", "(?#c)", "(?(1)a|b)", "(?a)",
          "(?s)", "(?m)", "(?x)", "(?u)", "(?d)", " ", "#", ",", "\\.", "\\{", "\\[", "\\]", "\\-", "'", "\\y"]
SAMPLES = ["", "4", "404", "500", "a", "ab", "Invalid input", "a-b", " ", "A", "_", "0", "\u0660", "é", "[", "#"]
KNOWN = ["(?P<code>5\\d{2})", "(?<code>5\\d{2})", "\\p{L}+", "a{,3}", "${stageVariables.x}", "\\Z", "a\\z",
         "a(?i)b", "(?a)x", "[a-z&&[^b]]", "[\\b]", "[\\1]", "\\0", "(?#note)x", "(?(1)a|b)", "4\\d{2}",
         "Invalid*", "Invalid.*", "a*+", "(?>ab)", "\\B", "(?m)^", "$*", "{2}", "a{1,2}{3}", "(?<!\\(?x)"]


def test_pattern_verdicts_agree_with_java_regex(tmp_path: Path) -> None:
    """A Java-rejects verdict is a Java error; a Python-compiled pattern compiles and matches as in Java."""
    if not (shutil.which("javac") and shutil.which("java")):
        pytest.skip("no JDK (javac, java) to cross-check against")
    (tmp_path / "Rx.java").write_text(JAVA_SOURCE, encoding="utf-8")
    subprocess.run(["javac", "Rx.java"], cwd=tmp_path, check=True, capture_output=True, timeout=120)
    rng = random.Random(20240601)
    patterns = list(dict.fromkeys(KNOWN + ["".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 6)))
                                           for _ in range(4000)]))
    lines = "".join(f"{pattern}\t" + "\t".join(SAMPLES) + "\n" for pattern in patterns)
    run = subprocess.run(["java", "-cp", str(tmp_path), "Rx"], input=lines, capture_output=True, text=True,
                         check=True, timeout=120)
    wrong = []
    for pattern, java in zip(patterns, run.stdout.splitlines(), strict=True):
        verdict = analyse(pattern)
        if (verdict.java_error or (verdict.python_error and verdict.comparable)) and java != "error":
            wrong.append((pattern, "we say Java rejects it; Java accepts it"))
        elif verdict.compiled is not None:
            python = "ok" + "".join(" 1" if verdict.compiled.fullmatch(s) else " 0" for s in SAMPLES)
            if python != java:
                wrong.append((pattern, f"Java {java}, Python {python}"))
    assert not wrong, wrong[:20]


@pytest.mark.parametrize(("pattern", "code"), [
    ("(?P<code>5\\d{2})", "selection-pattern-not-java"),
    ("a{,3}", "selection-pattern-not-java"),
    ("${stageVariables.x}", "selection-pattern-not-java"),
    ("(?#a comment)5\\d{2}", "selection-pattern-not-java"),
    ("[\\b]", "selection-pattern-not-java"),
    ("(?a)5\\d{2}", "selection-pattern-not-java"),
    ("(?<my_name>5)\\d{2}", "selection-pattern-invalid"),
    ("5\\d{2", "selection-pattern-not-java"),
    ("(5\\d{2}", "selection-pattern-invalid"),
    ("*5", "selection-pattern-invalid"),
    ("\\p{Digit}{3}", None),  # Java-only: not judged, not a false alarm
    ("5\\d\\d\\z", None),
    ("a(?i)b|5\\d\\d", None),
    ("5\\d{2}+", None),
    ("(?<code>5\\d{2})", None),
    ("4\\d{2}", None),
    (".*404.*", None),
    ("40", "selection-pattern-unmatchable"),
    ("Not Found", "selection-pattern-unmatchable"),
    ("5*", "selection-pattern-glob"),
])
def test_selection_pattern_verdicts_on_an_http_integration(pattern: str, code: str | None) -> None:
    integration = {"Type": "HTTP", "IntegrationHttpMethod": "GET", "Uri": "https://example.com",
                   "IntegrationResponses": [{"StatusCode": "200"}, {"StatusCode": "500", "SelectionPattern": pattern}]}
    expected = [] if code is None else [(code, "/IntegrationResponses/1/SelectionPattern")]
    assert findings(integration, dialect="cfn") == expected


SLOW_PATTERN = {"Type": "MOCK", "IntegrationResponses": [
    {"StatusCode": "200"}, {"StatusCode": "200", "SelectionPattern": "(|\\d+|([\\w\\s:]+)+Q)"}]}


@pytest.mark.parametrize("where", ["main-thread", "other-thread"])
def test_a_backtracking_pattern_is_cut_off_with_a_warning(where: str) -> None:
    """In a child process (a hang must not stall the suite); outside the main thread no signal can stop re."""
    script = f"""
import json, sys, threading, time
from apigw_convert import validate
found = []
started = time.monotonic()
if {where!r} == "main-thread":
    found = validate({SLOW_PATTERN!r})
else:
    worker = threading.Thread(target=lambda: found.extend(validate({SLOW_PATTERN!r})))
    worker.start()
    worker.join()
json.dump([time.monotonic() - started, [(d.code, d.pointer, d.severity) for d in found]], sys.stdout)
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    seconds, found = json.loads(run.stdout)
    assert seconds < 20
    assert sorted(map(tuple, found)) == sorted([
            ("selection-pattern-too-slow", "/IntegrationResponses/1/SelectionPattern", "warning"),
            ("duplicate-integration-status-code", "/IntegrationResponses/1/StatusCode", "warning")])


def test_selection_pattern_pointer_is_the_openapi_responses_key() -> None:
    doc = {"swagger": "2.0", "paths": {"/pets": {"get": {"responses": {"200": {}, "500": {}},
           "x-amazon-apigateway-integration": {
               "type": "http", "httpMethod": "GET", "uri": "https://example.com",
               "responses": {"default": {"statusCode": "200"}, "(?P<e>5\\d\\d)": {"statusCode": "500"}}}}}}}
    assert findings(doc) == [("selection-pattern-not-java",
                              "/paths/~1pets/get/x-amazon-apigateway-integration/responses/(?P<e>5\\d\\d)")]


def test_patterns_are_judged_only_where_the_target_is_known() -> None:
    """A Lambda error message can be anything; an AWS integration whose Uri is a Ref may be either."""
    lambda_uri = {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn}/invocations"}
    responses = [{"StatusCode": "200"}, {"StatusCode": "400", "SelectionPattern": "Bad request"}]
    for uri in (lambda_uri, {"Ref": "Uri"}):
        integration = {"Type": "AWS", "IntegrationHttpMethod": "POST", "Uri": uri, "IntegrationResponses": responses}
        assert findings(integration, dialect="cfn") == []


# --- integrations in their documents -----------------------------------------------------------------------


def _operation(integration: dict[str, Any], **operation: Any) -> dict[str, Any]:
    return {"openapi": "3.0.1", "info": {"title": "t", "version": "1"},
            "paths": {"/pets/{id}": {"get": {"responses": {"200": {"description": "ok"}}, **operation,
                                             "x-amazon-apigateway-integration": integration}}}}


def test_openapi_pointers_use_the_source_spelling() -> None:
    integration = {"type": "aws_proxy", "httpMethod": "GET",
                   "uri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:"
                          "function:f/invocations"}
    assert findings(_operation(integration)) == [
        ("lambda-not-post", "/paths/~1pets~1{id}/get/x-amazon-apigateway-integration/httpMethod")]
    del integration["uri"]
    assert findings(_operation(integration)) == [
        ("uri-missing", "/paths/~1pets~1{id}/get/x-amazon-apigateway-integration")]


def test_openapi_declarations_path_variables_refs_and_header_case() -> None:
    doc = _operation({"type": "http", "httpMethod": "GET", "uri": "https://example.com/{id}",
                      "requestParameters": {"integration.request.path.id": "method.request.path.id",
                                            "integration.request.header.X-Key": "method.request.header.x-key",
                                            "integration.request.querystring.q":
                                                "method.request.multivaluequerystring.q"},
                      "responses": {"default": {"statusCode": "200",
                                                "responseParameters": {"method.response.header.ETag": "'1'"}}}},
                     parameters=[{"$ref": "#/components/parameters/Key"}, {"name": "q", "in": "query"}],
                     responses={"200": {"$ref": "#/components/responses/Ok"}})
    doc["components"] = {"parameters": {"Key": {"name": "X-KEY", "in": "header"}},
                         "responses": {"Ok": {"description": "ok", "headers": {"etag": {"schema": {}}}}}}
    assert findings(doc) == []


CONDITIONAL_CASE = CASES_DIR / "method-request-parameter-conditional"


def _conditional_template(condition: str | None = None, integration: Any = None) -> dict[str, Any]:
    """The bad fixture of ``method-request-parameter-conditional``, with a Method Condition or another
    Integration."""
    template: dict[str, Any] = read_yaml(CONDITIONAL_CASE / "bad.yaml")
    template["Conditions"]["Other"] = {"Fn::Equals": ["a", "b"]}
    method = template["Resources"]["Method"]
    if condition is not None:
        method["Condition"] = condition
    if integration is not None:
        method["Properties"]["Integration"] = integration
    return template


def test_a_conditional_declaration_is_guarded_by_the_same_condition_only() -> None:
    pointer = "/Resources/Method/Properties/Integration/RequestParameters/integration.request.querystring.q"
    assert findings(_conditional_template("Beta")) == []
    assert findings(_conditional_template("Other")) == [("method-request-parameter-conditional", pointer)]
    plain = _conditional_template()["Resources"]["Method"]["Properties"]["Integration"]
    mock = {"Type": "MOCK", "IntegrationResponses": [{"StatusCode": "200"}]}
    assert findings(_conditional_template(integration={"Fn::If": ["Beta", plain, mock]})) == []
    assert findings(_conditional_template(integration={"Fn::If": ["Other", plain, mock]})) == [
        ("method-request-parameter-conditional", pointer.replace("Integration/", "Integration/Fn::If/1/"))]


def test_openapi_conditional_parameters_are_declared_under_their_condition() -> None:
    doc = _operation({"type": "http", "httpMethod": "GET", "uri": "https://example.com/{id}",
                      "requestParameters": {"integration.request.querystring.q": "method.request.querystring.q",
                                            "integration.request.querystring.p": "method.request.querystring.p",
                                            "integration.request.querystring.r": "method.request.querystring.r"},
                      "responses": {"default": {"statusCode": "200"}}},
                     parameters=[{"Fn::If": ["C", {"name": "q", "in": "query"}, {"Ref": "AWS::NoValue"}]},
                                 {"Fn::If": ["C", {"name": "p", "in": "query"}, {"name": "p", "in": "query",
                                                                               "required": True}]}])
    base = "/paths/~1pets~1{id}/get/x-amazon-apigateway-integration/requestParameters/integration.request.querystring"
    assert findings(doc) == [("method-request-parameter-conditional", f"{base}.q"),
                             ("method-request-parameter-undeclared", f"{base}.r")]


def test_openapi_conditional_response_headers() -> None:
    def doc(value: Any) -> dict[str, Any]:
        return _operation({"type": "http", "httpMethod": "GET", "uri": "https://example.com",
                           "responses": {"default": {"statusCode": "200", "responseParameters": {
                               "method.response.header.X-Beta": value}}}},
                          responses={"200": {"description": "ok", "headers": {"x-beta": {
                              "Fn::If": ["C", {"schema": {"type": "string"}}, {"Ref": "AWS::NoValue"}]}}}})
    assert findings(doc("'1'")) == [("method-response-header-conditional", "/paths/~1pets~1{id}/get/x-amazon-apigateway"
                                     "-integration/responses/default/responseParameters/method.response.header.X-Beta")]
    assert findings(doc({"Fn::If": ["C", "'1'", {"Ref": "AWS::NoValue"}]})) == []


def test_scopes_on_lambda_authorizer_requirements_in_each_branch() -> None:
    """Scopes on a token or request authorizer's requirement are found, in a branch of an ``Fn::If`` item or its
    scope list too; a Cognito authorizer's are not, nor an empty branch."""
    uri = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:a/"
           "invocations")

    def scheme(kind: str) -> dict[str, Any]:
        return {"type": "apiKey", "name": "Authorization", "in": "header",
                "x-amazon-apigateway-authorizer": {"type": kind, "authorizerUri": uri}}

    no = {"Ref": "AWS::NoValue"}
    doc = _operation({"type": "mock", "responses": {"default": {"statusCode": "200"}}},
                     security=[{"token": ["a"]}, {"Fn::If": ["C", no, {"request": ["b"]}]},
                               {"cognito": ["c"]}, {"token": {"Fn::If": ["C", [], ["d"]]}},
                               {"Fn::If": ["C", {"request": []}, no]}])
    doc["components"] = {"securitySchemes": {"token": scheme("token"), "request": scheme("REQUEST"),
                                             "cognito": scheme("cognito_user_pools")}}
    security = "/paths/~1pets~1{id}/get/security"
    assert findings(doc) == [("security-scopes-not-used", f"{security}/0/token"),
                             ("security-scopes-not-used", f"{security}/1/Fn::If/2/request"),
                             ("security-scopes-not-used", f"{security}/3/token")]


def test_openapi_sibling_variables() -> None:
    doc = {"swagger": "2.0", "paths": {"/users/{id}": {}, "/users/{name}/posts": {}, "/users/{id}/posts": {}}}
    assert findings(doc) == [("variable-siblings", "/paths/~1users~1{name}~1posts")]


def _tree(resources: dict[str, Any], apis: tuple[str, ...] = ("Api",)) -> dict[str, Any]:
    """A template: each API with a MOCK GET at its root, then ``resources``."""
    out: dict[str, Any] = {}
    for api in apis:
        out[api] = {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": api}}
        out[f"{api}Get"] = {"Type": "AWS::ApiGateway::Method", "Properties": {
            "RestApiId": {"Ref": api}, "ResourceId": {"Fn::GetAtt": [api, "RootResourceId"]}, "HttpMethod": "GET",
            "AuthorizationType": "NONE", "MethodResponses": [{"StatusCode": 200}],
            "Integration": {"Type": "MOCK", "IntegrationResponses": [{"StatusCode": 200}]}}}
    return {"Resources": {**out, **resources}}


def _resource(parent: Any, part: str, api: str = "Api") -> dict[str, Any]:
    return {"Type": "AWS::ApiGateway::Resource",
            "Properties": {"RestApiId": {"Ref": api}, "ParentId": parent, "PathPart": part}}


_ROOT = {"Fn::GetAtt": ["Api", "RootResourceId"]}


@pytest.mark.parametrize(("first", "second"), [
    (_ROOT, {"Fn::Sub": "${Api.RootResourceId}"}),
    (_ROOT, {"Fn::GetAtt": "Api.RootResourceId"}),
    (_ROOT, {"Fn::Join": ["", [_ROOT]]}),
    ({"Ref": "Users"}, {"Fn::Sub": "${Users}"}),
    ({"Ref": "Users"}, {"Fn::GetAtt": ["Users", "ResourceId"]}),
    ({"Fn::Join": ["", [{"Ref": "Users"}]]}, {"Ref": "Users"}),
])
def test_variable_siblings_are_found_however_their_parent_is_spelled(first: Any, second: Any) -> None:
    doc = _tree({"Users": _resource(_ROOT, "users"), "A": _resource(first, "{a}"), "B": _resource(second, "{b}")})
    assert findings(doc) == [("variable-siblings", "/Resources/B/Properties/PathPart")]


def test_variable_siblings_are_grouped_api_by_api_and_by_spelling_where_the_chain_leads_nowhere() -> None:
    other = {"Fn::Sub": "${Other.RootResourceId}"}
    assert findings(_tree({"A": _resource(_ROOT, "{a}"), "B": _resource(other, "{b}", "Other")},
                          ("Api", "Other"))) == []
    assert findings(_tree({"A": _resource({"Ref": "Gone"}, "{a}"), "B": _resource({"Ref": "Gone"}, "{b}")})) == [
        ("variable-siblings", "/Resources/B/Properties/PathPart")]


@pytest.mark.parametrize(("resources", "expected"), [
    ({"A": _resource({"Ref": "Users"}, "x"), "B": _resource({"Fn::Sub": "${Users}"}, "x")},
     [("path-defined-twice", "B")]),
    ({"G": _resource({"Ref": "Users"}, "{p+}"), "B": _resource({"Fn::Sub": "${G}"}, "x")},
     [("path-part-invalid", "G"), ("path-part-invalid", "B")]),
    ({"S": _resource({"Fn::Sub": "${Api.RootResourceId}"}, "a b")}, [("path-part-invalid", "S")]),
])
def test_path_checks_read_the_tree_however_parent_id_is_spelled(resources: dict[str, Any],
                                                                expected: list[tuple[str, str]]) -> None:
    assert findings(_tree({"Users": _resource(_ROOT, "users"), **resources})) == [
        (code, f"/Resources/{lid}/Properties/PathPart") for code, lid in expected]


def test_an_unreadable_integration_in_a_document_is_reported_and_the_rest_is_checked() -> None:
    method = {"HttpMethod": "GET", "ResourceId": "abc123", "RestApiId": "def456"}
    doc = {"Resources": {
        "A": {"Type": "AWS::ApiGateway::Method", "Properties": {**method, "Integration": {"Type": "SOAP"}}},
        "B": {"Type": "AWS::ApiGateway::Method", "Properties": {**method, "Integration": {"Type": "HTTP_PROXY"}}}}}
    assert findings(doc) == [("invalid-enum", "/Resources/A/Properties/Integration/Type"),
                             ("uri-missing", "/Resources/B/Properties/Integration"),
                             ("integration-http-method-missing", "/Resources/B/Properties/Integration")]


def test_undecidable_intrinsics_are_not_guessed() -> None:
    integration = {
        "Type": {"Ref": "Type"}, "TimeoutInMillis": {"Ref": "Timeout"}, "IntegrationHttpMethod": {"Ref": "Verb"},
        "Uri": {"Fn::GetAtt": ["Fn", "Arn"]}, "RequestParameters": {"integration.request.header.a": {"Ref": "P"}},
        "IntegrationResponses": {"Fn::If": ["C", [{"StatusCode": "200"}], [{"StatusCode": "201"}]]}}
    assert findings(integration, dialect="cfn") == []


def test_lambda_uris_inside_fn_join_and_fn_sub_lists() -> None:
    joined = {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":apigateway:", {"Ref": "AWS::Region"},
                                ":lambda:path/2015-03-31/functions/", {"Fn::GetAtt": ["F", "Arn"]}, "/invocations"]]}
    listed = {"Fn::Sub": ["arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${A}/invocations",
                          {"A": {"Fn::GetAtt": ["F", "Arn"]}}]}
    for uri in (joined, listed):
        assert findings({"Type": "AWS_PROXY", "IntegrationHttpMethod": "GET", "Uri": uri}, dialect="cfn") == [
            ("lambda-not-post", "/IntegrationHttpMethod")]


def test_fn_if_integration_branches_are_both_checked() -> None:
    integration = {"Fn::If": ["C", {"Type": "HTTP_PROXY", "IntegrationHttpMethod": "GET"},
                              {"Type": "HTTP_PROXY", "Uri": "https://example.com"}]}
    assert findings(integration, dialect="cfn") == [
        ("uri-missing", "/Fn::If/1"), ("integration-http-method-missing", "/Fn::If/2")]


def test_serverless_framework_files_and_stage_variables_in_sub() -> None:
    doc = {"service": "s", "provider": {"name": "aws"}, "resources": {"Resources": {"M": {
        "Type": "AWS::ApiGateway::Method", "Properties": {
            "HttpMethod": "GET", "ResourceId": {"Ref": "R"}, "RestApiId": {"Ref": "ApiGatewayRestApi"}, "Integration": {
            "Type": "HTTP_PROXY", "IntegrationHttpMethod": "GET",
            "Uri": {"Fn::Sub": ["https://${stageVariables.host}/${P}", {"P": "x"}]}}}}}}}
    assert detect_kind(doc) == "template"
    assert findings(doc) == [("stage-variable-in-sub", "/resources/Resources/M/Properties/Integration/Uri/Fn::Sub/0")]


class _Map(dict[str, Any]):
    """A dict subclass (the stage-variable pre-check cannot pickle it as plain data)."""


class _Text(str):
    """A string subclass."""


@pytest.mark.parametrize("wrap", [
    lambda sub: {"Fn::Sub": sub},  # plain data
    lambda sub: _Map({"Fn::Sub": sub}),  # a dict subclass
    lambda sub: {"Fn::Sub": _Text(sub)},  # a string subclass
])
def test_stage_variables_in_sub_found_in_any_input(wrap: Any) -> None:
    text = "https://${stageVariables.host}/x"
    shared = {"Type": "HTTP_PROXY", "IntegrationHttpMethod": "GET", "Uri": wrap(text)}
    # the same objects twice: the second reference is a back-reference in a pickle, still reported
    doc = {"Resources": {name: {"Type": "AWS::ApiGateway::Method", "Properties": {
        "HttpMethod": "GET", "ResourceId": "r", "RestApiId": "a", "Integration": shared}} for name in ("A", "B")}}
    where = [(code, pointer) for code, pointer in findings(doc) if code == "stage-variable-in-sub"]
    assert where == [("stage-variable-in-sub", f"/Resources/{name}/Properties/Integration/Uri/Fn::Sub")
                     for name in ("A", "B")]


# --- detection ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "kind"), [
    ({"AWSTemplateFormatVersion": "2010-09-09"}, "template"),
    ({"Resources": {}}, "template"),
    ({"resources": {"Resources": {}}, "service": "x"}, "template"),
    ({"openapi": "3.0.1"}, "openapi"),
    ({"swagger": 2.0}, "openapi"),
    ({"paths": {}}, "openapi"),
    ({"Type": "MOCK"}, "cfn-integration"),
    ({"type": "mock", "responses": {}}, "openapi-integration"),
    ({"Fn::If": ["C", {"Ref": "AWS::NoValue"}, {"uri": "x", "type": "http"}]}, "openapi-integration"),
    ({"Type": "MOCK", "uri": "x", "httpMethod": "GET"}, "openapi-integration"),
    ({"Type": "MOCK", "type": "mock"}, "unknown"),
    ({}, "unknown"),
    ([], "unknown"),
])
def test_detect_kind(data: Any, kind: str) -> None:
    assert detect_kind(data) == kind


def test_embedded_documents_and_unread_definitions() -> None:
    body = {"swagger": "2.0", "paths": {}}
    template = {"Resources": {
        "Rest": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Body": body}},
        "Sam": {"Type": "AWS::Serverless::Api", "Properties": {
            "DefinitionBody": {"Fn::If": ["C", body, {"Ref": "AWS::NoValue"}]}}},
        "Inc": {"Type": "AWS::Serverless::Api", "Properties": {"DefinitionBody": {"Fn::Transform": {
            "Name": "AWS::Include", "Parameters": {"Location": "s3://b/api.yaml"}}}}},
        "S3": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"BodyS3Location": {"Bucket": "b"}}},
        "Http": {"Type": "AWS::Serverless::HttpApi", "Properties": {"DefinitionBody": body}}}}
    assert embedded_documents(template) == [
        (("Resources", "Rest", "Properties", "Body"), body),
        (("Resources", "Sam", "Properties", "DefinitionBody", "Fn::If", 1), body)]
    assert [path for path, _ in unread_definitions(template)] == [
        ("Resources", "Inc", "Properties", "DefinitionBody", "Fn::Transform"),
        ("Resources", "S3", "Properties", "BodyS3Location"),
        ("Resources", "Http", "Properties", "DefinitionBody")]
    assert "s3://b/api.yaml" in unread_definitions(template)[0][1]


# --- the InputError contract -------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "kwargs", "code", "pointer"), [
    ([], {}, "invalid-document", ""),
    ({"x": 1}, {}, "unrecognised-input", ""),
    ({"Type": "MOCK"}, {"dialect": "swagger"}, "invalid-argument", ""),
    ({"Type": "HTTP", "TimeoutInMillis": "soon"}, {}, "invalid-type", "/TimeoutInMillis"),
    ({"type": "http", "responses": []}, {"dialect": "openapi"}, "invalid-type", "/responses"),
    ({"uri": "x"}, {"dialect": "openapi"}, "missing-field", ""),
])
def test_bad_input_raises_input_error_with_a_pointer(data: Any, kwargs: dict[str, Any], code: str,
                                                     pointer: str) -> None:
    with pytest.raises(InputError) as caught:
        validate(data, **kwargs)
    assert [(d.code, d.pointer) for d in caught.value.diagnostics] == [(code, pointer)]


def test_absurd_nesting_is_an_input_error_inside_an_integration_and_harmless_elsewhere() -> None:
    deep: Any = "x"
    for _ in range(50_000):
        deep = {"Fn::Sub": [deep]}
    assert validate({"Resources": {"A": {"Type": "AWS::S3::Bucket", "Properties": {"X": deep}}}}) == []
    method = {"Type": "AWS::ApiGateway::Method", "Properties": {"Integration": {"Type": "HTTP_PROXY", "Uri": deep}}}
    with pytest.raises(InputError) as caught:
        validate({"Resources": {"M": method}})
    assert caught.value.diagnostics[0].code == "nesting-too-deep"


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8)
                    | st.sampled_from(["MOCK", "http", "VPC_LINK", "STREAM", "200", "method.request.path.id",
                                       "{id}", ".*", "(?P<x>a)"]),
                    lambda children: st.lists(children, max_size=4) | st.dictionaries(
                        st.sampled_from(["Resources", "Type", "Properties", "Integration", "paths", "/a/{b}", "get",
                                         "x-amazon-apigateway-integration", "type", "uri", "responses", "Uri",
                                         "IntegrationResponses", "StatusCode", "SelectionPattern", "Fn::If",
                                         "Fn::Sub", "RequestParameters", "MethodResponses", "parameters", "$ref",
                                         "AWS::ApiGateway::Method", "default", "statusCode", "swagger"]),
                        children, max_size=5), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(JSON, st.sampled_from([None, "cfn", "openapi"]))
def test_only_input_errors_leave_validate(data: Any, dialect: str | None) -> None:
    try:
        result = validate(data, dialect=dialect)
    except InputError as exc:
        assert exc.diagnostics
    else:
        assert all(d.code in CODES for d in result)


if __name__ == "__main__":
    executable = cfn_lint_executable()
    if executable is None:
        sys.exit("cfn-lint is not installed")
    CHECKS_DOC.write_text(rendered_doc(CHECKS_DOC.read_text(encoding="utf-8"),
                                       render_table(measure_cfn_lint(executable))), encoding="utf-8")
    print(f"rewrote {CHECKS_DOC}")


def test_an_empty_uri_or_method_counts_as_missing() -> None:
    found = {d.code for d in validate({"Type": "HTTP", "IntegrationHttpMethod": "", "Uri": "",
                                        "IntegrationResponses": [{"StatusCode": "200"}]})}
    assert {"uri-missing", "integration-http-method-missing"} <= found


def test_one_run_reports_input_errors_and_what_the_checks_find_in_the_rest() -> None:
    bad = {"Type": "HTTP", "IntegrationHttpMethod": "GET", "Uri": "https://x", "TimeoutInMillis": 10,
           "PassthroughBehavior": "sometimes",
           "IntegrationResponses": [{"StatusCode": 200.5}, {"StatusCode": "099", "SelectionPattern": "(?P<x>a)"}]}
    expected = [
        ("invalid-enum", "/PassthroughBehavior"),
        ("invalid-type", "/IntegrationResponses/0/StatusCode"),
        ("timeout-too-short", "/TimeoutInMillis"),
        ("invalid-status-code", "/IntegrationResponses/1/StatusCode"),
        ("selection-pattern-not-java", "/IntegrationResponses/1/SelectionPattern"),
    ]
    with pytest.raises(InputError) as caught:
        validate(bad)
    assert [(d.code, d.pointer) for d in caught.value.diagnostics] == expected
    template = {"Resources": {"M": {"Type": "AWS::ApiGateway::Method", "Properties": {
        "HttpMethod": "GET", "ResourceId": "r", "RestApiId": "a", "Integration": bad}}}}
    prefix = "/Resources/M/Properties/Integration"
    found = [(d.code, d.pointer.removeprefix(prefix)) for d in validate(template) if d.pointer.startswith(prefix)]
    assert found[:len(expected)] == expected


def _get(resource: Any, api: Any = None) -> dict[str, Any]:
    return {"Type": "AWS::ApiGateway::Method", "Properties": {
        "RestApiId": api or {"Ref": "Api"}, "ResourceId": resource, "HttpMethod": "GET", "AuthorizationType": "NONE",
        "MethodResponses": [{"StatusCode": 200}],
        "Integration": {"Type": "MOCK", "IntegrationResponses": [{"StatusCode": 200}]}}}


@pytest.mark.parametrize(("resource", "api"), [
    ({"Fn::Sub": "${Users}"}, None),
    ({"Fn::Join": ["", [{"Ref": "Users"}]]}, {"Fn::Sub": "${Api}"}),
    ({"Fn::Sub": ["${U}", {"U": {"Ref": "Users"}}]}, None),
])
def test_a_method_defined_twice_is_found_however_its_resource_is_spelled(resource: Any, api: Any) -> None:
    doc = _tree({"Users": _resource(_ROOT, "users"), "A": _get({"Ref": "Users"}), "B": _get(resource, api)})
    assert findings(doc) == [("method-defined-twice", "/Resources/B")]


def test_a_method_defined_twice_at_the_root_is_found_however_the_root_is_spelled() -> None:
    doc = _tree({"B": _get({"Fn::Sub": "${Api.RootResourceId}"})})
    assert findings(doc) == [("method-defined-twice", "/Resources/B")]
