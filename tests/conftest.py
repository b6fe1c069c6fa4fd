"""Shared test helpers: where the corpus lies, and how to skip cleanly when it does not."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
CORPUS = Path(os.environ.get("APIGW_CORPUS", REPO.parent / "shared" / "corpus")).resolve()
CORPUS_MISSING = (
    f"the third-party corpus is not at {CORPUS} (it lies in ../shared/corpus beside a CI checkout; "
    "set APIGW_CORPUS to point elsewhere)"
)

SAM_MISSING = "aws-sam-translator is not installed (pip install 'apigw_convert[sam]', part of the test extra)"


def sam_translator_missing() -> bool:
    """Whether AWS's SAM translator, which SAM templates are read with, cannot be imported."""
    return importlib.util.find_spec("samtranslator") is None


def skip_sam_without_translator(template: object) -> None:
    """Skip the test (with the reason) for a SAM template when the translator is not installed."""
    from apigw_convert.sam import is_sam, undeclared_sam

    if (is_sam(template) or undeclared_sam(template) is not None) and sam_translator_missing():
        pytest.skip(SAM_MISSING)


def corpus_files(folder: str) -> list[Path]:
    """The files of one corpus folder, sorted; empty when the corpus is absent."""
    base = CORPUS / folder
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_file())


def corpus_params(folder: str) -> list[object]:
    """pytest parameters for each file of a corpus folder, or one skipped parameter naming the reason."""
    files = corpus_files(folder)
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=CORPUS_MISSING), id="corpus-missing")]
    return [pytest.param(p, id=p.name) for p in files]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite expected fixture outputs from the current code, for a human to review")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was asked to rewrite golden files."""
    return bool(request.config.getoption("--update-golden"))
