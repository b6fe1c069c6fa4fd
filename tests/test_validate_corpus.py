"""validate() over the third-party corpus: its errors are exactly the real defects listed in
the README's corpus-defects table (file, pointer, code), so a false alarm, or a defect no longer found, fails here.
Skipped, with the reason, when the corpus is absent."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from cfn_flip import load_yaml
from conftest import REPO, SAM_MISSING, corpus_params, sam_translator_missing

from apigw_convert import validate
from apigw_convert.intrinsics import plain
from apigw_convert.sam import is_sam

FOLDERS = ("cfn", "openapi", "openapi-http", "embedded")
ROW = re.compile(r"^\| `(?P<file>[^`]+)` \| `(?P<pointer>[^`]*)` \| `(?P<code>[^`]+)` \| .+ \|$", re.M)


def documented_defects() -> dict[str, list[tuple[str, str]]]:
    """file (``folder/name``) -> the (code, pointer) errors the README's corpus-defects table explains, in order."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    out: dict[str, list[tuple[str, str]]] = {}
    for row in ROW.finditer(text):
        out.setdefault(row["file"], []).append((row["code"], row["pointer"]))
    return out


def load(path: Path) -> Any:
    """JSON with json; YAML (CloudFormation short tags included) with cfn-flip, as plain dicts."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json" or text.lstrip().startswith("{"):
        return json.loads(text)
    return plain(load_yaml(text))


PARAMS = [param for folder in FOLDERS for param in corpus_params(folder)]


@pytest.mark.parametrize("path", PARAMS)
def test_corpus_errors_are_the_documented_real_defects(path: Path) -> None:
    name = f"{path.parent.name}/{path.name}"
    template = load(path)
    if is_sam(template) and sam_translator_missing():
        pytest.skip(SAM_MISSING)
    errors = [(d.code, d.pointer) for d in validate(template) if d.severity == "error"]
    assert errors == documented_defects().get(name, []), \
        f"{name}: not the errors the README's corpus-defects table lists"


def test_every_documented_defect_names_a_corpus_file() -> None:
    files = {f"{p.values[0].parent.name}/{p.values[0].name}" for p in PARAMS if p.values[0] is not None}
    if not files:
        pytest.skip("the corpus is absent")
    assert set(documented_defects()) <= files
