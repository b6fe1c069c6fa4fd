"""Whole documents: fixture pairs (template.yaml <-> openapi.yaml) convert exactly both ways, round trips keep
the API, and the public functions refuse bad input with InputError only.

Fixtures are written with long-form intrinsics ({"Ref": ...}, {"Fn::Sub": ...}) so that plain
``yaml.safe_load`` reads them. ``diagnostics.json`` lists the expected ``[code, pointer]`` pairs per direction.
``pytest --update-golden`` rewrites the outputs that differ and every ``diagnostics.json``, for a human to review.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from canonical import (
    canonical_openapi,
    differences,
    template_api_view,
    unexplained,
    view_unexplained,
)
from conftest import FIXTURES
from helpers import explain, read_yaml, write_yaml

import apigw_convert
from apigw_convert.diagnostics import Diagnostic
from apigw_convert.documents import embedding, pipeline
from apigw_convert.errors import InputError

FOLDERS = sorted(p for p in (FIXTURES / "documents").iterdir() if p.is_dir()) if (FIXTURES / "documents").is_dir() \
    else []
CASES = [p for p in FOLDERS if (p / "template.yaml").is_file() and (p / "openapi.yaml").is_file()]
EMBED_CASES = [p for p in FOLDERS if (p / "embedded.yaml").is_file()]


load = read_yaml


def expected_diagnostics(case: Path, direction: str) -> list[list[str]]:
    """The ``[code, pointer]`` pairs ``diagnostics.json`` expects for a direction (sorted, with repeats)."""
    path = case / "diagnostics.json"
    return sorted(json.loads(path.read_text()).get(direction, [])) if path.is_file() else []


def check_diagnostics(case: Path, direction: str, diagnostics: list[Diagnostic], update: bool) -> None:
    """The diagnostics of one direction are the expected codes at the expected pointers (``--update-golden``
    writes them instead)."""
    found = sorted([d.code, d.pointer] for d in diagnostics)
    if not update:
        assert found == expected_diagnostics(case, direction), [str(d) for d in diagnostics]
        return
    path = case / "diagnostics.json"
    recorded = json.loads(path.read_text()) if path.is_file() else {}
    if found or direction in recorded:
        recorded[direction] = found
        path.write_text(_pairs_json(recorded), encoding="utf-8")


def _pairs_json(recorded: dict[str, list[list[str]]]) -> str:
    """diagnostics.json as written: one ``[code, pointer]`` pair per line."""
    parts = []
    for direction, pairs in recorded.items():
        lines = ",\n".join(f"    {json.dumps(pair, ensure_ascii=False)}" for pair in pairs)
        parts.append(f"  {json.dumps(direction)}: [\n{lines}\n  ]" if pairs else f"  {json.dumps(direction)}: []")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def check_output(path: Path, out: Any, update: bool) -> None:
    """``out`` is exactly the fixture at ``path`` (``--update-golden`` rewrites the fixture when it is not)."""
    expected = load(path)
    if update and out != expected:
        write_yaml(path, out)
        return
    assert out == expected, explain(expected, out)


def version_of(doc: Any) -> str:
    """The OpenAPI version of a fixture."""
    return "2.0" if "swagger" in doc else "3.0"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_template_to_openapi(case: Path, update_golden: bool) -> None:
    """The template fixture converts to exactly the OpenAPI fixture."""
    out, report = pipeline.template_to_openapi(load(case / "template.yaml"), version_of(load(case / "openapi.yaml")),
                                               None)
    check_output(case / "openapi.yaml", out, update_golden)
    check_diagnostics(case, "template_to_openapi", report, update_golden)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_openapi_to_template(case: Path, update_golden: bool) -> None:
    """The OpenAPI fixture converts to exactly the template fixture."""
    out, report = pipeline.openapi_to_template(load(case / "openapi.yaml"))
    check_output(case / "template.yaml", out, update_golden)
    check_diagnostics(case, "openapi_to_template", report, update_golden)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_round_trip_openapi(case: Path) -> None:
    """OpenAPI -> template -> OpenAPI is equal up to the documented canonicalizations."""
    doc = load(case / "openapi.yaml")
    template, first = pipeline.openapi_to_template(doc)
    back, _ = pipeline.template_to_openapi(template, version_of(doc), None)
    left = unexplained(differences(canonical_openapi(doc), canonical_openapi(back)), first)
    assert not left, left


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_round_trip_template(case: Path) -> None:
    """Template -> OpenAPI -> template keeps the API (logical IDs aside)."""
    template = load(case / "template.yaml")
    doc, first = pipeline.template_to_openapi(template, "3.0", None)
    back, _ = pipeline.openapi_to_template(doc)
    left = view_unexplained(template_api_view(template, "Api"), template_api_view(back, "Api"), first, "Api")
    assert not left, left


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_stable(case: Path) -> None:
    """Converting twice gives the same output, IDs included."""
    doc = load(case / "openapi.yaml")
    assert pipeline.openapi_to_template(doc)[0] == pipeline.openapi_to_template(load(case / "openapi.yaml"))[0]


def _body_version(template: Any) -> str:
    bodies = [r["Properties"]["Body"] for r in template["Resources"].values()
              if r.get("Type") == "AWS::ApiGateway::RestApi" and "Body" in (r.get("Properties") or {})]
    return "2.0" if bodies and "swagger" in bodies[0] else "3.0"


@pytest.mark.parametrize("case", [c for c in EMBED_CASES if (c / "template.yaml").is_file()],
                         ids=[c.name for c in EMBED_CASES if (c / "template.yaml").is_file()])
def test_embed(case: Path, update_golden: bool) -> None:
    """template.yaml embedded is exactly embedded.yaml."""
    out, report = embedding.embed(load(case / "template.yaml"), None, _body_version(load(case / "embedded.yaml")))
    check_output(case / "embedded.yaml", out, update_golden)
    check_diagnostics(case, "embed", report, update_golden)


@pytest.mark.parametrize("case", EMBED_CASES, ids=[c.name for c in EMBED_CASES])
def test_unembed(case: Path, update_golden: bool) -> None:
    """embedded.yaml unembedded is exactly unembedded.yaml, and embedding that again and unembedding it changes
    nothing more."""
    embedded = load(case / "embedded.yaml")
    out, report = embedding.unembed(embedded, None)
    check_output(case / "unembedded.yaml", out, update_golden)
    check_diagnostics(case, "unembed", report, update_golden)
    again, _ = embedding.embed(out, None, None)  # the version unembed recorded
    assert embedding.unembed(again, None)[0] == out


def test_cases_exist() -> None:
    """The fixture folder is the test list; an empty one means the tests test nothing."""
    assert len(CASES) >= 3 and len(EMBED_CASES) >= 2


# --- the public functions ----------------------------------------------------------------------------------
MINIMAL = {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "x"}}}}


def test_public_functions_are_exported() -> None:
    """The four functions are part of the public API."""
    for name in ("template_to_openapi", "openapi_to_template", "embed", "unembed"):
        assert name in apigw_convert.__all__


def test_several_apis_need_a_choice() -> None:
    """Two RestApis and no ``api``: a clear InputError naming both."""
    template = {"Resources": {"A": MINIMAL["Resources"]["Api"], "B": MINIMAL["Resources"]["Api"]}}
    with pytest.raises(InputError) as info:
        apigw_convert.template_to_openapi(template)
    assert "A, B" in str(info.value) and info.value.diagnostics[0].code == "several-apis"
    assert apigw_convert.template_to_openapi(template, api="B")["info"]["title"] == "x"


def test_unknown_api_is_an_input_error() -> None:
    """``api`` naming something else."""
    with pytest.raises(InputError, match="'Nope' is not one of"):
        apigw_convert.template_to_openapi(MINIMAL, api="Nope")


def _resource(parent: Any, part: str) -> dict[str, Any]:
    return {"Type": "AWS::ApiGateway::Resource",
            "Properties": {"RestApiId": {"Ref": "Api"}, "ParentId": parent, "PathPart": part}}


def test_variable_siblings_are_rejected() -> None:
    """{a} and {b} under one parent: rejected as API Gateway does, in both directions."""
    root = {"Fn::GetAtt": ["Api", "RootResourceId"]}
    template = {"Resources": {**MINIMAL["Resources"], "A": _resource(root, "{a}"), "B": _resource(root, "{b}")}}
    with pytest.raises(InputError) as info:
        apigw_convert.template_to_openapi(template)
    assert info.value.diagnostics[0].code == "variable-siblings"
    doc = {"openapi": "3.0.1", "info": {"title": "t", "version": "1"},
           "paths": {"/x/{a}": {}, "/x/{b}/c": {}}}
    with pytest.raises(InputError, match=r"\{a\} and \{b\}"):
        apigw_convert.openapi_to_template(doc)


@pytest.mark.parametrize("bad", [None, 3, "text", [], {"Resources": []}, {"Resources": {"Api": 1}},
                                 {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": 1}}}])
def test_bad_templates_are_input_errors(bad: Any) -> None:
    """Wrong types anywhere: InputError with a pointer, never anything else."""
    with pytest.raises(InputError):
        apigw_convert.template_to_openapi(bad)


@pytest.mark.parametrize("bad", [None, {"openapi": "3.1.0"}, {"swagger": "1.2"}, {"openapi": "3.0.1", "paths": 1},
                                 {"openapi": "3.0.1", "paths": {"/a": {"get": 5}}},
                                 {"openapi": "3.0.1", "paths": {"/a": {"get": {"parameters": 5}}}},
                                 {"openapi": "3.0.1", "paths": {"/a": {"get": {"responses": []}}}},
                                 {"openapi": "3.0.1", "paths": {"a": {}}}])
def test_bad_documents_are_input_errors(bad: Any) -> None:
    """Wrong types anywhere: InputError with a pointer, never anything else."""
    with pytest.raises(InputError):
        apigw_convert.openapi_to_template(bad)


def test_swagger_number_version_is_accepted() -> None:
    """``swagger: 2.0`` written as a YAML number."""
    out = apigw_convert.openapi_to_template({"swagger": 2.0, "info": {"title": "t", "version": "1"}, "paths": {}})
    assert out["Resources"]["Api"]["Properties"]["Name"] == "t"


def test_bad_arguments() -> None:
    """Unknown on_loss / version values are InputErrors."""
    with pytest.raises(InputError):
        apigw_convert.template_to_openapi(MINIMAL, version="3.1")
    with pytest.raises(InputError):
        apigw_convert.openapi_to_template({"openapi": "3.0.1", "paths": {}}, on_loss="maybe")


@pytest.mark.parametrize("paths", [
    ["/a/{p+}", "/a/{p+}/b", "/a", "/"], ["/a/{p+}", "/a/{p+}x/b"], ["/{p+}", "/{p+}/"], ["/a/{p+}/", "/a/{p+}"],
    ["/a/b/{p+}", "/a/b/{p+}/c/d", "/x/{q+}"], ["/"], [],
])
def test_bad_segment_with_parents_agrees_with_the_search(paths: list[str]) -> None:
    """A greedy segment with children is found the same way from the set of parents as by searching the paths."""
    from apigw_convert.resource_paths import bad_segment, with_children

    parents = with_children(paths)
    for path in [*paths, "/a/{p+}", "/{p+}", "/x/{q+}", "/a/b/{p+}/c"]:
        assert bad_segment(path, parents=parents) == bad_segment(path, paths)


def test_bare_model_references_are_found_at_any_depth() -> None:
    """``$ref: Pet`` naming a model is read as a reference to it, reported where it stands; other $refs are not."""
    from apigw_convert.diagnostics import Report
    from apigw_convert.documents.openapi.reader import read_openapi

    doc = {"swagger": "2.0", "info": {"title": "t", "version": "1"},
           "definitions": {"Pet": {"type": "object"}, "Pets": {"type": "array", "items": {"$ref": "Pet"}}},
           "paths": {"/p": {"get": {"responses": {"200": {"description": "ok", "schema": {"$ref": "Pets"}}},
                                    "x-amazon-apigateway-integration": {"type": "mock"}}}}}
    report = Report()
    read_openapi(doc, (), report)
    found = sorted(d.path for d in report.diagnostics if d.code == "bare-reference")
    assert found == [("definitions", "Pets", "items", "$ref"),
                     ("paths", "/p", "get", "responses", "200", "schema", "$ref")]
    report = Report()
    read_openapi({**doc, "definitions": {"Pet": {"type": "object"}}, "paths": {}}, (), report)
    assert not [d for d in report.diagnostics if d.code == "bare-reference"]


@pytest.mark.parametrize(("responses", "extra", "pointer", "message"), [
    ([{"Ref": "Spec"}], {}, "MethodResponses/0",
     "expected a method response mapping; the intrinsic function has no place in OpenAPI and was left out"),
    ([{"StatusCode": "200", "ResponseParameters": {"Ref": "Spec"}}], {}, "MethodResponses/0/ResponseParameters",
     "expected a mapping of method.response.header.* keys; the intrinsic function has no place in OpenAPI and was "
     "left out"),
    ([{"StatusCode": "200", "ResponseModels": {"Ref": "Spec"}}], {}, "MethodResponses/0/ResponseModels",
     "expected a mapping of content type to model; the intrinsic function has no place in OpenAPI and was left out"),
    ({"Fn::If": ["C", {"Ref": "Spec"}, []]}, {}, "MethodResponses/Fn::If/1",
     "expected a list of method responses; the intrinsic function has no place in OpenAPI and was left out"),
    ({"Ref": "Spec"}, {}, "MethodResponses", "MethodResponses given as an intrinsic function; left out of OpenAPI"),
    ([], {"RequestParameters": {"Ref": "Spec"}}, "RequestParameters",
     "RequestParameters given as an intrinsic function; left out of OpenAPI"),
    ([], {"RequestModels": {"Ref": "Spec"}}, "RequestModels",
     "expected a mapping of content type to model; the intrinsic function has no place in OpenAPI and was left out"),
], ids=["response-item", "response-parameters", "response-models", "responses-branch", "responses",
        "request-parameters", "request-models"])
def test_an_intrinsic_where_a_structure_stands_is_reported_as_left_out(responses: Any, extra: dict[str, Any],
                                                                       pointer: str, message: str) -> None:
    """Each intrinsic function the Method reader meets where a map or list stands: one ``structural-intrinsic``
    whose message says it was left out, and the OpenAPI document (embedded or not) holds nothing of it."""
    method = {"Type": "AWS::ApiGateway::Method", "Properties": {
        "RestApiId": {"Ref": "Api"}, "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "HttpMethod": "GET",
        "AuthorizationType": "NONE", "Integration": {"Type": "MOCK"}, "MethodResponses": responses, **extra}}
    template = {"Parameters": {"Spec": {"Type": "String"}}, "Conditions": {"C": {"Fn::Equals": ["a", "b"]}},
                "Resources": {**MINIMAL["Resources"], "Method": method}}
    doc, report = pipeline.template_to_openapi(template, "3.0", None)
    assert [(d.code, d.pointer, d.message) for d in report] == [
        ("structural-intrinsic", f"/Resources/Method/Properties/{pointer}", message)]
    assert "Spec" not in json.dumps(doc["paths"])
    embedded, again = embedding.embed(template, None, None)  # the Method gives way to the Body: gone from both
    assert "Spec" not in json.dumps(embedded["Resources"]) and [d.message for d in again] == [message]
