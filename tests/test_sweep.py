"""The real-world sweep (bench/sweep.py) over the whole corpus: nothing crashes, every integration that converts
round-trips, and what the conversions write passes cfn-lint and openapi-spec-validator (errors the source file has
too, and errors about references the conversion reported as pointing outside the template, excepted)."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from conftest import CORPUS, CORPUS_MISSING, REPO

sys.path.insert(0, str(REPO / "bench"))

import sweep

pytestmark = pytest.mark.skipif(not any((CORPUS / name).is_dir() for name in sweep.FOLDERS), reason=CORPUS_MISSING)


@pytest.fixture(scope="module")
def folders() -> dict[str, Any]:
    return {folder.name: folder for folder in sweep.sweep(CORPUS)}


def test_every_folder_is_swept(folders: dict[str, Any]) -> None:
    assert set(folders) == {name for name in sweep.FOLDERS if (CORPUS / name).is_dir()}
    assert all(folder.files and folder.integrations for folder in folders.values())


def test_integrations_round_trip(folders: dict[str, Any]) -> None:
    """Every integration that converts comes back equal to its canonical spelling, except where the conversion
    reported a loss (more than one default response in a list: OpenAPI has one slot)."""
    for folder in folders.values():
        lossy = folder.codes.get("integration duplicate-default-response", 0) > 0
        assert folder.integrations_exact >= folder.integrations_converted - (1 if lossy else 0), folder.name


def test_openapi_written_is_valid(folders: dict[str, Any]) -> None:
    errors = [error for folder in folders.values() for error in folder.spec_errors]
    assert errors == []


def test_templates_written_pass_cfn_lint(folders: dict[str, Any]) -> None:
    errors = [error for folder in folders.values() for error in folder.lint_errors]
    assert errors == []
