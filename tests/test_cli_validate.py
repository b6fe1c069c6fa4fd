"""``apigw-convert validate`` and the pre-commit hooks that run it."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml
from conftest import REPO, corpus_params
from test_cli import CFN, DATA, OPENAPI, cli, read_report

import apigw_convert
from apigw_convert.yaml_io import load

LAMBDA_GET = DATA / "lambda-get.cfn.yaml"


def test_clean_files_pass_quietly() -> None:
    result = cli("validate", CFN, OPENAPI, REPO / "examples" / "petstore.template.yaml")
    assert (result.code, result.out, result.err) == (0, "", "")


def test_errors_fail_with_one_placed_line_each() -> None:
    result = cli("validate", LAMBDA_GET)
    assert result.code == 1 and result.err == ""
    assert result.found == [
        f"{LAMBDA_GET}:2:24: error lambda-not-post at /IntegrationHttpMethod: the Uri invokes a Lambda function, "
        "which takes POST, not GET",
        f"{LAMBDA_GET}:4:18: warning timeout-above-default at /TimeoutInMillis: 40000 ms is above 29000",
    ]


def test_the_cli_says_what_the_library_finds() -> None:
    found = apigw_convert.validate(load(LAMBDA_GET))
    result = cli("validate", LAMBDA_GET)
    assert [line.split(" at ")[0].split(": ")[1] for line in result.found] == [f"{d.severity} {d.code}" for d in found]


def test_warnings_alone_pass(tmp_path: Path) -> None:
    slow = tmp_path / "slow.yaml"
    slow.write_text("Type: HTTP_PROXY\nIntegrationHttpMethod: GET\nUri: https://example.com\n"
                    "TimeoutInMillis: 40000\n", encoding="utf-8")
    result = cli("validate", slow)
    assert result.code == 0
    assert " warning timeout-above-default " in result.out and result.err == ""


def test_every_file_is_checked_even_after_a_bad_one(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    result = cli("validate", DATA / "bad-syntax.yaml", DATA / "missing.yaml", LAMBDA_GET, CFN, "--report", report)
    assert result.code == 1
    assert [line.split(" at ")[0].rsplit(" ", 1)[1] for line in result.found] == [
        "yaml-syntax", "file-not-found", "lambda-not-post", "timeout-above-default"]
    data = read_report(report)
    assert data["command"] == "validate"
    assert [d["file"] for d in data["diagnostics"]] == [str(DATA / "bad-syntax.yaml"), str(DATA / "missing.yaml"),
                                                         str(LAMBDA_GET), str(LAMBDA_GET)]


def test_stdin_and_dialect() -> None:
    result = cli("validate", "-", "--dialect", "cfn", stdin=LAMBDA_GET.read_bytes())
    assert result.code == 1
    assert result.found[0].startswith("<stdin>:2:24: error lambda-not-post")


def test_unrecognised_input_is_an_error(tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text("name: ci\non: push\n", encoding="utf-8")
    result = cli("validate", other)
    assert result.code == 1
    assert f"{other}:1:1: error unrecognised-input at /: " in result.out


def test_validate_help_documents_its_exit_codes() -> None:
    out = cli("validate", "--help").out
    assert "\n  1    findings at or above --fail-on, or invalid input" in out and "\n  2    usage error" in out


@pytest.mark.parametrize("path", corpus_params("cfn") + corpus_params("openapi") + corpus_params("embedded"))
def test_corpus_validates_without_crashing(path: Path) -> None:
    result = cli("validate", path)
    assert result.code in (0, 1), result.err
    assert "Traceback" not in result.err
    for line in result.found:
        assert re.match(r"^.+:\d+:\d+: (error|warning|info) [a-z0-9-]+ at /", line), line


# --- pre-commit ------------------------------------------------------------------------------------------

HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("hook", HOOKS, ids=[h["id"] for h in HOOKS])
def test_hook_runs_a_real_command(hook: dict[str, object]) -> None:
    assert {"id", "name", "entry", "language"} <= hook.keys()
    program, *argv = shlex.split(str(hook["entry"]))
    assert program == "apigw-convert"
    assert cli(*argv, "--help").code == 0


def test_validate_hook_picks_api_files_only() -> None:
    [hook] = [h for h in HOOKS if h["id"] == "apigw-convert-validate"]
    pattern = re.compile(hook["files"])
    for name in ("template.yaml", "infra/api.template.json", "openapi.yml", "docs/swagger.yaml", "stack.cfn.yml"):
        assert pattern.search(name), name
    for name in (".pre-commit-config.yaml", ".github/workflows/ci.yml", "docker-compose.yaml", "openapi/README.md"):
        assert not pattern.search(name), name


def test_pre_commit_passes_filenames_like_this() -> None:
    """pre-commit appends the matching files to the entry: several files in one call."""
    result = cli("validate", CFN, OPENAPI, LAMBDA_GET)
    assert result.code == 1
    assert result.found and all(line.startswith(str(LAMBDA_GET)) for line in result.found)


FOREIGN = {
    ".cfnlintrc.yaml": "templates:\n  - template.yaml\nignore_checks: [W2001]\n",
    "parameters.cfn.json": '[{"ParameterKey": "Stage", "ParameterValue": "prod"}]\n',
    "openapi-generator.yaml": "generatorName: python\noutputDir: out\n",
    "k8s.template.yaml": "apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: Service\n",
    "empty.template.yaml": "",
}


@pytest.mark.parametrize("name", sorted(FOREIGN))
def test_hook_skips_files_that_are_not_api_definitions(tmp_path: Path, name: str) -> None:
    [hook] = [h for h in HOOKS if h["id"] == "apigw-convert-validate"]
    path = tmp_path / name
    path.write_text(FOREIGN[name], encoding="utf-8")
    _, *argv = shlex.split(str(hook["entry"]))
    result = cli(*argv, path)
    assert result.code == 0, result.err
    assert result.out == ""
    [line] = result.lines
    assert line.startswith(f"apigw-convert validate: {path}: skipped, ")
    assert cli("validate", path).code == 1, "without --skip-unknown the same file fails"


@pytest.mark.parametrize("text", [
    "Resources:\n  M: {Type: AWS::ApiGateway::Method, Properties: {HttpMethod: GET}}\n---\nb: 1\n",
    "Resources: [\n",
    "openapi: 3.0.1\npaths: {/a: {get: {x-amazon-apigateway-integration: {type: FOO}}}}\n",
])
def test_hook_still_fails_broken_api_definitions(tmp_path: Path, text: str) -> None:
    path = tmp_path / "template.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("validate", "--skip-unknown", path, CFN)
    assert result.code == 1
    assert not any("skipped" in line for line in result.lines) and result.found


def test_a_report_over_a_file_the_search_found_is_refused(tmp_path: Path) -> None:
    """``--report`` naming a file found in a directory argument: a usage error, and the file is left as it was."""
    found = tmp_path / "api.yaml"
    found.write_bytes((DATA / "api.template.yaml").read_bytes())
    before = found.read_bytes()
    result = cli("validate", tmp_path, "--report", found)
    assert result.code == 2 and f"the report {found} is the input file" in result.err
    assert found.read_bytes() == before
