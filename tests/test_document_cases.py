"""Whole-document cases, one folder each under ``fixtures/documents/<case>/``: ``input.yaml`` converted by the
conversion ``case.json`` names gives exactly ``output.yaml`` and exactly the diagnostics (code and pointer) it
lists, or, when ``case.json`` has ``"error"``, raises InputError with exactly those diagnostics. Every pointer
resolves in ``input.yaml``.

``pytest tests/test_document_cases.py --update-golden`` rewrites output.yaml and the lists from the current code,
for a human to review.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES
from helpers import explain, read_yaml, write_yaml

from apigw_convert.documents import embedding, pipeline
from apigw_convert.errors import InputError
from apigw_convert.pointer import from_pointer

CASES = sorted(p for p in (FIXTURES / "documents").iterdir() if (p / "case.json").is_file())


def run(case: dict[str, Any], data: Any) -> tuple[Any, list[Any]]:
    """The conversion a case names, with its options."""
    command, api, version = case["command"], case.get("api"), case.get("version", "3.0")
    if command == "template_to_openapi":
        out, report = pipeline.template_to_openapi(data, version, api)
    elif command == "openapi_to_template":
        out, report = pipeline.openapi_to_template(data)
    elif command == "openapi_round_trip":  # OpenAPI -> template -> OpenAPI; the diagnostics of the first step
        template, report = pipeline.openapi_to_template(data)
        out, _ = pipeline.template_to_openapi(template, version, None)
    elif command == "template_round_trip":  # template -> OpenAPI -> template; the diagnostics of the first step
        doc, report = pipeline.template_to_openapi(data, version, api)
        out, _ = pipeline.openapi_to_template(doc)
    elif command == "embed":
        out, report = embedding.embed(data, api, case.get("version"))
    elif command == "unembed_embed":  # the version of the Body is kept; the diagnostics of the first step
        template, report = embedding.unembed(data, api)
        out, _ = embedding.embed(template, api, None)
    else:
        assert command == "unembed", command
        out, report = embedding.unembed(data, api)
    return out, [[d.code, d.pointer] for d in report]


def resolves(data: Any, pointer: str) -> bool:
    """Whether an RFC 6901 pointer leads to a value of ``data``."""
    for token in from_pointer(pointer):
        if isinstance(data, dict) and token in data:
            data = data[token]
        elif isinstance(data, list) and str(token).isdigit() and int(token) < len(data):
            data = data[int(token)]
        else:
            return False
    return True


@pytest.mark.parametrize("folder", CASES, ids=[p.name for p in CASES])
def test_case(folder: Path, update_golden: bool) -> None:
    case = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    data = read_yaml(folder / "input.yaml")
    try:
        out, found = run(case, data)
    except InputError as error:
        out, found = None, [[d.code, d.pointer] for d in error.diagnostics]
        key = "error"
    else:
        key = "diagnostics"
    if update_golden:
        case.pop("error", None)
        case.pop("diagnostics", None)
        case[key] = found
        (folder / "case.json").write_text(json.dumps(case, indent=2) + "\n", encoding="utf-8")
        if out is not None:
            write_yaml(folder / "output.yaml", out)
        return
    assert key in case, f"{folder.name}: the conversion {'failed' if key == 'error' else 'succeeded'}: {found}"
    assert found == case[key]
    if out is not None:
        expected = read_yaml(folder / "output.yaml")
        assert out == expected, explain(expected, out)
    assert all(resolves(data, pointer) for _, pointer in found), found


def test_there_are_cases() -> None:
    assert len(CASES) >= 6
