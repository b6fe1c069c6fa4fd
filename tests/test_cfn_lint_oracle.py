"""cfn-lint, an independent oracle, on every CloudFormation integration this project writes for the fixtures.

Each integration is placed in a minimal template (RestApi + Method). Intrinsics other than Fn::If are replaced
by a Ref to a declared String parameter and Fn::If conditions are declared, so cfn-lint judges what we wrote
(names, types, enums) rather than the fixtures' references to resources that do not exist.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES
from helpers import read_yaml

from apigw_convert import swagger_to_cfn
from apigw_convert.intrinsics import is_intrinsic

LIST_FUNCTIONS = {"Fn::Split", "Fn::GetAZs", "Fn::Cidr"}
CASES = sorted(p for p in (FIXTURES / "integrations").iterdir() if p.is_dir())


def _cfn_lint() -> str:
    found = shutil.which("cfn-lint") or str(Path(sys.executable).with_name("cfn-lint"))
    if not Path(found).exists():
        pytest.fail("the cfn-lint executable is part of the test extra but was not found")
    return found


def _stub(value: Any, parameters: set[str], conditions: set[str]) -> Any:
    if is_intrinsic(value):
        (name, args), = value.items()
        if name == "Fn::If":
            conditions.add(args[0])
            return {"Fn::If": [args[0], *(_stub(a, parameters, conditions) for a in args[1:])]}
        if value == {"Ref": "AWS::NoValue"}:
            return value
        kind = "L" if name in LIST_FUNCTIONS else "P"  # list-valued functions stand in for lists
        parameters.add(f"{kind}{len(parameters)}")
        return {"Ref": f"{kind}{len(parameters) - 1}"}
    if isinstance(value, dict):
        return {k: _stub(v, parameters, conditions) for k, v in value.items()}
    if isinstance(value, list):
        return [_stub(v, parameters, conditions) for v in value]
    return value


def _template(integration: Any) -> dict[str, Any]:
    parameters: set[str] = set()
    conditions: set[str] = set()
    stubbed = _stub(integration, parameters, conditions)
    template: dict[str, Any] = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Parameters": {p: {"Type": "CommaDelimitedList" if p[0] == "L" else "String"} for p in sorted(parameters)}
        | {"Flag": {"Type": "String"}},
        "Resources": {
            "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "fixture"}},
            "Method": {"Type": "AWS::ApiGateway::Method", "Properties": {
                "RestApiId": {"Ref": "Api"}, "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
                "HttpMethod": "POST", "AuthorizationType": "NONE", "Integration": stubbed}},
        },
    }
    if conditions:
        template["Conditions"] = {c: {"Fn::Equals": [{"Ref": "Flag"}, c]} for c in sorted(conditions)}
    return template


def test_cfn_lint_finds_no_error_in_what_we_write(tmp_path: Path) -> None:
    files = []
    for folder in CASES:
        for source in ("openapi.yaml",):
            written = swagger_to_cfn(read_yaml(folder / source), on_loss="ignore")
            path = tmp_path / f"{folder.name}.json"
            path.write_text(json.dumps(_template(written), indent=1, ensure_ascii=False), encoding="utf-8")
            files.append(path)
    run = subprocess.run([_cfn_lint(), "--format", "json", *map(str, files)], capture_output=True, text=True,
                         timeout=600, check=False)
    findings = json.loads(run.stdout or "[]")
    errors = [f"{Path(f['Filename']).name}: {f['Rule']['Id']} {f['Message']}" for f in findings
              if f["Level"] == "Error"]
    assert errors == [], "\n".join(errors)
    assert len(files) == len(CASES)


def test_cfn_lint_does_catch_a_bad_integration(tmp_path: Path) -> None:
    """The oracle is awake: an integration with a wrong enum and an unknown key is an error to cfn-lint."""
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(_template({"Type": "aws_proxy", "Bogus": 1})))
    run = subprocess.run([_cfn_lint(), "--format", "json", str(path)], capture_output=True, text=True,
                         timeout=300, check=False)
    rules = {f["Rule"]["Id"] for f in json.loads(run.stdout) if f["Level"] == "Error"}
    assert rules, run.stdout
