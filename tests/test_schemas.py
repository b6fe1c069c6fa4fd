"""schemas/ holds JSON Schemas generated from the code; they must not drift, and they must describe reality."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import FIXTURES, REPO
from helpers import read_yaml

from apigw_convert.schemas import NAMES, render

CASES = sorted(p for p in (FIXTURES / "integrations").iterdir() if p.is_dir())


@pytest.mark.parametrize("name", NAMES)
def test_committed_schema_matches_the_code(name: str) -> None:
    committed = (REPO / "schemas" / f"{name}.json").read_text(encoding="utf-8")
    assert committed == render(name), (
        f"schemas/{name}.json drifted from the code; regenerate with `python -m apigw_convert.schemas schemas`")


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_a_valid_json_schema(name: str) -> None:
    schema = json.loads(render(name))
    jsonschema.validators.validator_for(schema).check_schema(schema)


def _integrations(folder: Path, side: str) -> list[object]:
    data = read_yaml(folder / f"{side}.yaml")
    if isinstance(data, dict) and "Fn::If" in data:
        return [b for b in data["Fn::If"][1:] if "Ref" not in b]
    return [data]


@pytest.mark.parametrize("folder", CASES, ids=lambda p: p.name)
def test_fixture_outputs_follow_the_dialect_schemas(folder: Path) -> None:
    expected_path = folder / "expected.json"
    direction = json.loads(expected_path.read_text())["direction"] if expected_path.exists() else "both"
    sides = {"both": ["cfn", "openapi"], "cfn-to-openapi": ["openapi"], "openapi-to-cfn": ["cfn"]}[direction]
    for side in sides:
        schema = json.loads(render("cfn" if side == "cfn" else "swagger"))
        for integration in _integrations(folder, side):
            jsonschema.validate(integration, schema)
