"""An ``Fn::Transform`` key inside ``paths`` (CloudFormation merges the included paths into the map) is reported
where it stands, by conversion as a loss and by ``validate`` as a definition not read, never read as a path."""

from __future__ import annotations

from conftest import FIXTURES
from helpers import read_yaml

from apigw_convert import validate
from apigw_convert.documents import pipeline

CASE = FIXTURES / "documents" / "include-in-paths" / "input.yaml"
POINTER = "/Resources/Api/Properties/Body/paths/Fn::Transform"


def test_validate_names_the_included_paths() -> None:
    assert [(d.code, d.pointer) for d in validate(read_yaml(CASE))] == [("definition-not-read", POINTER)]


def test_an_openapi_document_with_included_paths_converts_what_it_has() -> None:
    document = read_yaml(CASE)["Resources"]["Api"]["Properties"]["Body"]
    template, report = pipeline.openapi_to_template(document)
    assert [(d.code, d.pointer) for d in report] == [("body-not-inline", "/paths/Fn::Transform")]
    assert "ApiAGet" in template["Resources"]
