"""``validate`` in a pipeline: output formats (SARIF checked against its schema), code selection, pyproject.toml,
suppressions written in the files, and whole directories and patterns at once (in worker processes too)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from conftest import FIXTURES, REPO
from test_cli import DATA, cli

from apigw_convert.cli import _pool

LAMBDA_GET = DATA / "lambda-get.cfn.yaml"
SARIF_SCHEMA = json.loads((REPO / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
BAD = sorted((FIXTURES / "validate").glob("*/bad.yaml"))


def test_sarif_output_is_valid_sarif_2_1_0_with_rules_and_locations() -> None:
    result = cli("validate", "--format", "sarif", *BAD)
    assert result.code == 1 and result.err == ""
    log = json.loads(result.out)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    run = log["runs"][0]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert len(run["results"]) == len(BAD) and sorted(rules) == sorted({path.parent.name for path in BAD})
    first = run["results"][0]
    assert rules[first["ruleIndex"]] == first["ruleId"]
    region = first["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] >= 1 and region["startColumn"] >= 1
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("fixtures/validate/")


def test_sarif_of_a_clean_run_is_an_empty_valid_log() -> None:
    log = json.loads(cli("validate", "--format", "sarif", REPO / "examples" / "petstore.template.yaml").out)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert log["runs"][0]["results"] == []


def test_github_format_writes_workflow_annotations() -> None:
    result = cli("validate", "--format", "github", LAMBDA_GET)
    assert result.code == 1 and result.err == ""
    assert result.out.splitlines() == [
        f"::error file={LAMBDA_GET},line=2,col=24,title=lambda-not-post::lambda-not-post at /IntegrationHttpMethod: "
        "the Uri invokes a Lambda function, which takes POST, not GET",
        f"::warning file={LAMBDA_GET},line=4,col=18,title=timeout-above-default::timeout-above-default at "
        "/TimeoutInMillis: 40000 ms is above 29000",
    ]


def test_json_format_is_the_report(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    result = cli("validate", "--format", "json", LAMBDA_GET, "--report", report)
    assert json.loads(result.out) == json.loads(report.read_text(encoding="utf-8"))
    assert [d["code"] for d in json.loads(result.out)["diagnostics"]] == ["lambda-not-post", "timeout-above-default"]


def test_select_ignore_and_fail_on() -> None:
    assert cli("validate", LAMBDA_GET, "--ignore", "lambda-not-post").code == 0
    only = cli("validate", LAMBDA_GET, "--select", "timeout-above-default,stage-variable-in-sub")
    assert only.code == 0 and [line.split()[2] for line in only.found] == ["timeout-above-default"]
    assert cli("validate", LAMBDA_GET, "--ignore", "lambda-not-post", "--fail-on", "warning").code == 1
    assert cli("validate", LAMBDA_GET, "--select", "timeout-above-default", "--fail-on", "info").code == 1
    wrong = cli("validate", LAMBDA_GET, "--ignore", "lambda-not-put")
    assert wrong.code == 2 and "unknown code 'lambda-not-put'" in wrong.err


def test_pyproject_table_is_found_from_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = '[tool.apigw-convert]\nignore = ["lambda-not-post"]\nfail-on = "warning"\n'
    (tmp_path / "pyproject.toml").write_text(table, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    result = cli("validate", LAMBDA_GET)
    assert result.code == 1 and [line.split()[2] for line in result.found] == ["timeout-above-default"]
    assert cli("validate", LAMBDA_GET, "--fail-on", "error").code == 0  # the command line wins
    assert cli("validate", LAMBDA_GET, "--ignore", "timeout-above-default").code == 1  # ignore replaced


@pytest.mark.parametrize(("text", "message"), [
    ('[tool.apigw-convert]\nignor = ["x"]\n', "unknown keys ignor"),
    ('[tool.apigw-convert]\nignore = ["no-such-code"]\n', "unknown code 'no-such-code'"),
    ('[tool.apigw-convert]\nfail-on = "never"\n', "fail-on must be one of"),
    ('[tool.apigw-convert\n', "not valid TOML"),
])
def test_a_wrong_pyproject_table_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str,
                                                  message: str) -> None:
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("validate", LAMBDA_GET)
    assert result.code == 2 and message in result.err and "pyproject.toml" in result.err


OPENAPI_GET = """openapi: 3.0.1
info: {title: t, version: '1'}
%(root)spaths:
  /a:
    get:
%(operation)s      responses: {'200': {description: ok}}
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: GET
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:f/\
invocations
"""


@pytest.mark.parametrize(("root", "operation"), [
    ("x-apigw-convert-ignore: [lambda-not-post]\n", ""),
    ("", "      x-apigw-convert-ignore: [lambda-not-post, uri-missing]\n"),
])
def test_openapi_suppression_at_the_root_or_the_operation(tmp_path: Path, root: str, operation: str) -> None:
    document = tmp_path / "openapi.yaml"
    document.write_text(OPENAPI_GET % {"root": root, "operation": operation}, encoding="utf-8")
    result = cli("validate", document)
    assert result.code == 0
    assert [line.split()[1:3] for line in result.found] == [["info", "suppressed"]]
    assert "error lambda-not-post suppressed by /" in result.out
    assert cli("validate", document, "--ignore", "suppressed").found == []


def test_method_metadata_suppresses_only_its_own_findings(tmp_path: Path) -> None:
    text = (FIXTURES / "validate" / "lambda-not-post" / "bad.yaml").read_text(encoding="utf-8")
    other = text.split("  Method:\n", 1)[1].replace("HttpMethod: GET\n      Auth", "HttpMethod: PUT\n      Auth")
    text = text.replace("    Type: AWS::ApiGateway::Method\n", "    Type: AWS::ApiGateway::Method\n    Metadata:\n"
                        "      apigw-convert: {ignore: lambda-not-post}\n", 1) + "  Other:\n" + other
    template = tmp_path / "template.yaml"
    template.write_text(text, encoding="utf-8")
    codes = [(line.split()[2], line.split()[4].rstrip(":")) for line in cli("validate", template).found]
    assert codes == [("suppressed", "/Resources/Method/Properties/Integration/IntegrationHttpMethod"),
                     ("lambda-not-post", "/Resources/Other/Properties/Integration/IntegrationHttpMethod")]


def _tree(root: Path) -> Path:
    """A repository: templates, a broken template, a broken unrelated file, and files that are not API inputs."""
    (root / "infra" / "nested").mkdir(parents=True)
    (root / "node_modules" / "x").mkdir(parents=True)
    (root / ".aws-sam").mkdir()
    shutil.copy(LAMBDA_GET, root / "infra" / "lambda.yaml")
    shutil.copy(FIXTURES / "validate" / "uri-missing" / "bad.yaml", root / "infra" / "nested" / "api.template")
    shutil.copy(FIXTURES / "validate" / "uri-missing" / "good.yaml", root / "infra" / "good.yml")
    shutil.copy(LAMBDA_GET, root / "node_modules" / "x" / "lambda.yaml")
    shutil.copy(LAMBDA_GET, root / ".aws-sam" / "lambda.yaml")
    (root / "infra" / "broken.yaml").write_text("Resources:\n  Api: [\n", encoding="utf-8")
    (root / "chart.yaml").write_text("name: {{ .Values.name }}\n", encoding="utf-8")
    (root / "package.json").write_text('{"name": "x", "version": "1.0.0"}', encoding="utf-8")
    (root / "compose.yml").write_text("services:\n  web:\n    image: nginx\n", encoding="utf-8")
    (root / "notes.txt").write_text("Type: AWS\n", encoding="utf-8")
    return root


def _findings(lines: list[str]) -> list[tuple[str, str]]:
    return [(line.split(":")[0], line.split()[2]) for line in lines]


def test_a_directory_is_searched_and_other_files_are_skipped_silently(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    result = cli("validate", root)
    assert result.code == 1 and result.err == ""
    assert _findings(result.found) == [
        (str(root / "infra" / "broken.yaml"), "yaml-syntax"),
        (str(root / "infra" / "lambda.yaml"), "lambda-not-post"),
        (str(root / "infra" / "lambda.yaml"), "timeout-above-default"),
        (str(root / "infra" / "nested" / "api.template"), "uri-missing"),
    ]


def test_patterns_expand_and_an_empty_one_is_reported(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    result = cli("validate", f"{root}/**/*.template", f"{root}/infra/*.yml", f"{root}/none/*.yaml")
    assert _findings(result.found) == [
        (str(root / "infra" / "nested" / "api.template"), "uri-missing"),
        (f"{root}/none/*.yaml", "file-not-found"),
    ]
    assert result.code == 1


def test_a_file_named_as_it_is_is_not_skipped(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    result = cli("validate", root / "compose.yml")
    assert result.code == 1 and "unrecognised-input" in result.out


def test_worker_processes_give_the_same_output_in_the_same_order(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = _tree(tmp_path)
    for case in (FIXTURES / "validate").iterdir():
        shutil.copy(case / "bad.yaml", root / f"{case.name}.yaml")
    alone = cli("validate", root, "-j", "1", "--format", "json")
    monkeypatch.setattr(_pool, "PARALLEL_BYTES", 0)
    shared = cli("validate", root, "-j", "2", "--format", "json")
    assert json.loads(shared.out) == json.loads(alone.out) and shared.code == alone.code == 1
    assert len(json.loads(alone.out)["diagnostics"]) > len(BAD)
