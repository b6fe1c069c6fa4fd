"""Every Integration in the corpus' cfn/ folder and every x-amazon-apigateway-integration in openapi/ converts
and round-trips, or fails with the diagnostics named here. Skipped, with the reason, without ../shared."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cfn_flip import load_yaml
from conftest import corpus_params
from deepdiff import DeepDiff
from helpers import explain

from apigw_convert import InputError
from apigw_convert.diagnostics import Report
from apigw_convert.integration import convert_integration
from apigw_convert.intrinsics import plain
from apigw_convert.pointer import Path as PointerPath
from apigw_convert.pointer import to_pointer

SES = "/Resources/ApiGatewayRootMethod/Properties/Integration/IntegrationResponses/"
SAM_CLI = "/Resources/{}/Properties/Integration"
# file -> the (code, pointer) diagnostics its integrations must produce; anything else fails the test.
EXPECTED: dict[str, list[tuple[str, str]]] = {
    # six IntegrationResponses, none with a SelectionPattern: OpenAPI has one 'default' slot
    "serverless-patterns__apigw-ses-transformation--template.yaml": [
        ("duplicate-default-response", SES + str(i)) for i in range(1, 6)],
    # Integration blocks with no Type (invalid CloudFormation: Type is required)
    # (and two of them carry 'ContentType', which is not an Integration property)
    "aws-sam-cli__tests--integration--testdata--start_api--methods-resources-api-template.yaml": [
        ("missing-field", SAM_CLI.format("AnyAndAllMethod")),
        ("missing-field", SAM_CLI.format("Base64ResponseMethod")),
        ("unknown-field", SAM_CLI.format("Base64ResponseMethod") + "/ContentType"),
        ("missing-field", SAM_CLI.format("EchoBase64ResponseMethod")),
        ("unknown-field", SAM_CLI.format("EchoBase64ResponseMethod") + "/ContentType"),
        ("missing-field", SAM_CLI.format("ProxyMethod")),
        ("missing-field", SAM_CLI.format("NoFunctionFoundMethod")),
        ("missing-field", SAM_CLI.format("NoServerlessFunctionMethod")),
    ],
    # a response object carries a stray "application/json" key beside statusCode
    "amazon-api-gateway-url-shortener__api.yaml": [
        ("unknown-field",
         "/paths/~1app~1{linkId}/put/x-amazon-apigateway-integration/responses/400/application~1json")],
    # a 'security' key inside the integration object (it belongs on the operation)
    "aws-modern-application-workshop__module-4--aws-cli--api-swagger.json": [
        ("unknown-field", "/paths/~1mysfits~1{mysfitId}~1like/post/x-amazon-apigateway-integration/security")],
}


def _load(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    return plain(json.loads(text)) if path.suffix == ".json" else plain(load_yaml(text))


def _cfn_integrations(doc: Any) -> Iterator[tuple[PointerPath, Any]]:
    for base in (("Resources",), ("resources", "Resources")):  # Serverless Framework keeps CFN under resources
        node = doc
        for key in base:
            node = node.get(key) if isinstance(node, dict) else None
        for logical_id, resource in (node or {}).items():
            if isinstance(resource, dict) and resource.get("Type") == "AWS::ApiGateway::Method":
                properties = resource.get("Properties") or {}
                if "Integration" in properties:
                    yield (*base, logical_id, "Properties", "Integration"), properties["Integration"]


def _openapi_integrations(node: Any, path: PointerPath = ()) -> Iterator[tuple[PointerPath, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "x-amazon-apigateway-integration":
                yield (*path, key), value
            else:
                yield from _openapi_integrations(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _openapi_integrations(value, (*path, i))


def _canonicalization(change: Any) -> bool:
    """True when one deepdiff change is one of the canonicalizations the README lists."""
    old, new, last = change.t1, change.t2, change.path(output_format="list")[-1]
    if change.report_type in ("values_changed", "type_changes"):
        if isinstance(old, str) and isinstance(new, str) and old.upper() == new.upper():
            return True  # enum case follows the dialect's convention
        if isinstance(old, int) and not isinstance(old, bool) and new == str(old):
            return True  # YAML numbers in StatusCode / SelectionPattern become strings
        if isinstance(old, str) and old.isdigit() and new == int(old):
            return True  # TimeoutInMillis given as a digit string becomes an integer
    if change.report_type == "dictionary_item_removed":
        if old is None:
            return True  # null means absent
        if last == "SelectionPattern" and old == "":
            return True  # "" and no pattern are both the default response
    return False


def _check_round_trip(source: str, target: str, original: Any, path: PointerPath, report: Report) -> None:
    converted = convert_integration(original, source, target, path, report)  # type: ignore[arg-type]
    back = convert_integration(converted, target, source, path, Report())  # type: ignore[arg-type]
    again = convert_integration(back, source, target, path, Report())  # type: ignore[arg-type]
    assert again == converted, f"{to_pointer(path)}: converting twice changed the result"
    if any(d.severity != "info" for d in report):
        return  # a declared loss: the way back cannot equal the source
    diff = DeepDiff(original, back, view="tree", verbose_level=2)
    unexplained = [c for changes in diff.values() for c in changes if not _canonicalization(c)]
    assert not unexplained, f"{to_pointer(path)}: round trip differs:\n{explain(original, back)}"


def _run(path: Path, source: str, walk: Any) -> tuple[int, list[tuple[str, str]]]:
    doc = _load(path)
    target = "openapi" if source == "cfn" else "cfn"
    seen: list[tuple[str, str]] = []
    count = 0
    for where, integration in walk(doc):
        count += 1
        report = Report()
        try:
            _check_round_trip(source, target, integration, where, report)
        except InputError as error:
            seen.extend((d.code, d.pointer) for d in error.diagnostics)
        seen.extend((d.code, d.pointer) for d in report if d.severity != "info")
    return count, seen


@pytest.mark.parametrize("path", corpus_params("cfn"))
def test_cfn_corpus_integrations(path: Path) -> None:
    count, seen = _run(path, "cfn", _cfn_integrations)
    assert count > 0, "every cfn/ corpus file has at least one Method with an Integration"
    assert seen == EXPECTED.get(path.name, [])


@pytest.mark.parametrize("path", corpus_params("openapi"))
def test_openapi_corpus_integrations(path: Path) -> None:
    count, seen = _run(path, "openapi", _openapi_integrations)
    assert count > 0
    assert seen == EXPECTED.get(path.name, [])


def test_corpus_totals() -> None:
    """The corpus README counts 77 CloudFormation and 96 OpenAPI integration objects; we must see them all."""
    cfn = [p for p in corpus_params("cfn") if p.values[0] is not None]  # type: ignore[attr-defined]
    if not cfn:
        pytest.skip("corpus absent")
    total_cfn = sum(len(list(_cfn_integrations(_load(p.values[0])))) for p in cfn)  # type: ignore[attr-defined]
    total_openapi = sum(len(list(_openapi_integrations(_load(p.values[0]))))  # type: ignore[attr-defined]
                        for p in corpus_params("openapi"))
    assert (total_cfn, total_openapi) == (77, 96)
