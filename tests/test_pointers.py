"""Every diagnostic points into the document it is about: over the fixtures and the corpus, the path of each
diagnostic of every conversion and of ``validate`` leads to a value of the source (or, for a missing key, to
the mapping that lacks it). A path spelled in the other dialect, or built by hand, fails here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, corpus_files
from test_documents_corpus import load

from apigw_convert import ConvertError, convert, validate
from apigw_convert.detect import detect_kind
from apigw_convert.diagnostics import Diagnostic
from apigw_convert.documents import embedding
from apigw_convert.documents.walk import embedded_documents

FILES = [
    *sorted(FIXTURES.glob("integrations/*/*.yaml")),
    *sorted(FIXTURES.glob("documents/*/*.yaml")),
    *sorted(FIXTURES.glob("validate/*/*.yaml")),
    *(path for folder in ("cfn", "openapi", "embedded", "openapi-http") for path in corpus_files(folder)
      if path.suffix in (".yaml", ".yml", ".json", ".template")),
]


def resolves(data: Any, path: tuple[str | int, ...]) -> bool:
    """Whether ``path`` leads to a value of ``data``, or only its last key is missing from a mapping."""
    node = data
    for i, token in enumerate(path):
        if isinstance(node, Mapping):
            if token not in node:
                return i == len(path) - 1
            node = node[token]
        elif isinstance(node, list) and isinstance(token, int) and 0 <= token < len(node):
            node = node[token]
        else:
            return False
    return True


def _diagnostics(run: Any) -> list[Diagnostic]:
    try:
        return list(run())
    except ConvertError as error:
        return list(error.diagnostics)


def diagnostics_of(data: Any) -> Iterator[tuple[str, Diagnostic]]:
    """(what ran, diagnostic) for every conversion that applies to ``data``, and for ``validate``."""
    kind = detect_kind(data)
    runs: list[tuple[str, Any]] = [("validate", lambda: validate(data))]
    if kind in ("cfn-integration", "openapi-integration"):
        to = "openapi" if kind == "cfn-integration" else "cfn"
        runs.append((f"to {to}", lambda: convert(data, to=to).diagnostics))
    elif kind == "openapi":
        runs.append(("to cfn", lambda: convert(data, to="cfn").diagnostics))
    elif kind == "template":
        runs += [("to openapi 3.0", lambda: convert(data, to="openapi").diagnostics),
                 ("to openapi 2.0", lambda: convert(data, to="openapi", version="2.0").diagnostics),
                 ("embed", lambda: embedding.embed(data, None, "3.0")[1])]
        if embedded_documents(data):
            runs.append(("unembed", lambda: convert(data, to="cfn").diagnostics))
    for what, run in runs:
        for diagnostic in _diagnostics(run):
            yield what, diagnostic


def _readable(path: Path) -> Any:
    try:
        return load(path)
    except Exception:  # what the test YAML reader refuses is not this test's subject
        return None


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_pointer_resolves_in_its_source(path: Path) -> None:
    data = _readable(path)
    if data is None:
        pytest.skip("the file does not load as plain data")
    wrong = [f"{what}: {d.code} at {d.pointer}" for what, d in diagnostics_of(data) if not resolves(data, d.path)]
    assert not wrong, "\n".join(wrong)


def test_the_resolver_fails_a_path_that_leaves_the_document() -> None:
    data = {"paths": {"/a": {"get": {"parameters": [{"name": "x"}]}}}}
    assert resolves(data, ("paths", "/a", "get", "parameters", 0, "name"))
    assert resolves(data, ("paths", "/a", "get", "responses"))  # a missing key: its parent is there
    assert not resolves(data, ("paths", "/a", "get", "parameters", "0"))  # an index spelled as a string
    assert not resolves(data, ("Resources", "Api", "Properties"))
    assert not resolves(data, ("paths", "/a", "get", "parameters", 1))
