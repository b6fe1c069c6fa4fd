"""Offline export over the corpus: every API of every template converts with resolution under
``unresolved="keep"``; those whose only unresolved values are pseudo parameters and parameter defaults (nothing is
left to keep) convert with resolution alone into documents that openapi-spec-validator accepts as written, and that
hold no intrinsic function. The counts are the ones the README states."""

from __future__ import annotations

import itertools
import json
import re
import warnings
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, SAM_MISSING, corpus_files, corpus_params, sam_translator_missing, skip_sam_without_translator
from openapi_spec_validator import validate as validate_openapi
from test_documents_corpus import EXPECTED_FAILURES, load

from apigw_convert import InputError, Resolution, template_to_openapi
from apigw_convert.diagnostics import Diagnostic, LossWarning
from apigw_convert.documents.cfn.reader import open_template
from apigw_convert.extensions import CHOICES
from apigw_convert.intrinsics import is_intrinsic

APIS = ("AWS::ApiGateway::RestApi", "AWS::Serverless::Api")
FOLDERS = ("cfn", "embedded")
# Templates whose API exists only for some parameter values, with the values that create it.
PARAMETERS = {
    "serverless-test-samples__typescript-test-samples--apigw-lambda-external--template.yaml": {"IsVolatile": "true"},
}


def _apis(template: Any) -> list[str | None]:
    return list(open_template(template).of_type(*APIS)) or [None]


def _convert(template: Any, api: str | None, resolution: Resolution) -> tuple[dict[str, Any], list[Diagnostic]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LossWarning)
        doc = template_to_openapi(template, api=api, resolve=resolution, on_loss="warn")
    return doc, [w.message.diagnostic for w in caught if isinstance(w.message, LossWarning)]


def _intrinsics(value: Any) -> int:
    if is_intrinsic(value):
        return 1
    if isinstance(value, dict):
        return sum(_intrinsics(v) for v in value.values())
    if isinstance(value, list):
        return sum(_intrinsics(v) for v in value)
    return 0


def export(path: Path) -> list[tuple[str | None, int, bool]]:
    """Each REST API of a corpus template: (API, places kept under "keep", resolved alone into a valid document)."""
    template = load(path)
    skip_sam_without_translator(template)
    out = []
    for api in _apis(template):
        parameters = PARAMETERS.get(path.name, {})
        try:
            kept, diagnostics = _convert(template, api, Resolution(parameters, unresolved="keep"))
        except InputError:
            if path.name in EXPECTED_FAILURES:
                continue
            raise
        notes = {d.pointer for d in diagnostics if d.code == "unresolved-kept"}
        if notes:
            with pytest.raises(InputError) as caught:
                _convert(template, api, Resolution(parameters))
            assert {d.pointer for d in caught.value.diagnostics} == notes, path.name
            assert _intrinsics(kept) > 0
            _supplied(template, api, parameters, caught.value.diagnostics)
            out.append((api, len(notes), False))
            continue
        doc, _ = _convert(template, api, Resolution(parameters))
        assert doc == kept and _intrinsics(doc) == 0
        validate_openapi(json.loads(json.dumps(doc)))
        for version, extensions in itertools.product(("3.0", "2.0"), CHOICES):  # every other form is valid too
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                other = template_to_openapi(template, api=api, version=version, extensions=extensions,
                                            resolve=Resolution(parameters))
            validate_openapi(json.loads(json.dumps(other)))
        out.append((api, 0, True))
    return out


def _supplied(template: Any, api: str | None, parameters: dict[str, str], missing: Any) -> None:
    """Given a value for every option the error names (rounds: a decided condition may need more), the document
    is plain and valid."""
    values: dict[str, str] = {}
    parameters = dict(parameters)
    for _ in range(5):
        for diagnostic in missing:
            supply = re.search(r"give --(value|parameter) (\S+)=VALUE\b", diagnostic.message)
            assert supply, diagnostic  # every missing value in the corpus has an option that supplies it
            (values if supply.group(1) == "value" else parameters)[supply.group(2)] = f"{supply.group(2)}-1"
        try:
            doc, _ = _convert(template, api, Resolution(parameters, values))
        except InputError as error:
            missing = error.diagnostics
            continue
        assert _intrinsics(doc) == 0
        validate_openapi(json.loads(json.dumps(doc)))
        return
    pytest.fail(f"still missing values: {missing}")


@pytest.mark.parametrize("path", [p for folder in FOLDERS for p in corpus_params(folder)])
def test_template_exports(path: Path) -> None:
    export(path)


def _counts() -> tuple[int, int, int, int]:
    files = [p for folder in FOLDERS for p in corpus_files(folder)]
    results = [(p, r) for p in files for r in export(p)]
    return len(files), len(results), sum(1 for _, r in results if r[2]), len({p for p, r in results})


def test_readme_states_the_corpus_counts() -> None:
    if not corpus_files("cfn"):
        pytest.skip("the corpus is absent")
    if sam_translator_missing():
        pytest.skip(f"the counts read SAM templates as SAM deploys them: {SAM_MISSING}")
    files, apis, plain, converted_files = _counts()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"Over the corpus's (\d+) templates, (\d+) APIs in (\d+) of them convert with `--resolve "
                       r"--unresolved keep`; (\d+) of those APIs", readme)
    assert stated, "the README's offline export section states no corpus counts"
    assert tuple(int(n) for n in stated.groups()) == (files, apis, converted_files, plain)
