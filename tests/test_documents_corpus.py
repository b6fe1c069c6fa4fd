"""Whole documents over the third-party corpus: every file converts, round trips show no unexplained difference,
the OpenAPI written validates, and the templates written pass cfn-lint.

Corpus YAML is read with cfn-flip (short-form tags become long-form intrinsics) and turned into plain dicts, so
these tests do not depend on the project's own YAML layer. A difference is *explained* when a diagnostic of the
first conversion points at it (or above or below it).
"""

from __future__ import annotations

import json
import re
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
from cfn_flip import load_yaml
from conftest import CORPUS, CORPUS_MISSING, corpus_files, corpus_params
from helpers import explained_by, placeholders
from test_documents_lint import cfn_lint_errors

from apigw_convert.documents import embedding, pipeline
from apigw_convert.documents.cfn.reader import open_template
from apigw_convert.errors import InputError
from apigw_convert.intrinsics import is_intrinsic, plain

# Files that must fail, and why. Anything else failing is a bug.
EXPECTED_FAILURES = {
    "aws-sam-cli__tests--integration--testdata--start_api--methods-resources-api-template.yaml":
        "missing-field: Resources without a ParentId and Integrations without a Type (aws-sam-cli test data that "
        "SAM CLI reads leniently; CloudFormation would reject it)",
    "cfn-lint__test--fixtures--templates--good--functions--sub_needed.yaml":
        "no-method-converted: the one Method's ResourceId is !Ref GreetingResource, which the template does not "
        "define (cfn-lint test data for Fn::Sub, not a deployable API)",
    "goformation__test--yaml--aws-serverless-api-swagger.yaml":
        "missing-field: integrations without a type, one of them a mis-indented x-amazon-apigateway-integration "
        "inside a responses map (goformation parser test data)",
}
# Documents whose OpenAPI output fails openapi-spec-validator because of what the input itself says (the input
# fails the same way); everything else written must validate.
EXPECTED_INVALID = {
    "amazon-api-gateway-url-shortener__api.yaml":
        "a model's pattern is a JavaScript /.../ regex literal the validator does not accept",
    "aws-serverless-ecommerce-platform__products--resources--openapi.yaml":
        "schemas are $refs to another file (../../shared/resources/schemas.yaml) the validator cannot resolve",
}
APIS = ("AWS::ApiGateway::RestApi", "AWS::Serverless::Api")


def load(path: Path) -> Any:
    """A corpus file as plain data (JSON, or YAML with short-form tags)."""
    text = path.read_text(encoding="utf-8")
    try:
        return json.loads(text)
    except ValueError:
        return plain(load_yaml(text))


def _apis(template: Any) -> list[str | None]:
    found = open_template(template).of_type(*APIS)
    return list(found) or [None]  # None: an API defined outside the file (Serverless Framework)


def _expect_failure(path: Path) -> Any:
    reason = EXPECTED_FAILURES.get(path.name)
    return pytest.raises(InputError, match=reason.split(":")[0]) if reason else None


@pytest.mark.parametrize("path", corpus_params("cfn"))
def test_cfn_template_round_trip(path: Path) -> None:
    """Every API of every template: template -> OpenAPI -> template keeps the API, up to explained differences."""
    template = load(path)
    expected = _expect_failure(path)
    if expected is not None:
        with expected:
            pipeline.template_to_openapi(template, "3.0", None)
        return
    t = open_template(template)
    for api in _apis(template):
        doc, first = pipeline.template_to_openapi(template, "3.0", api)
        back, _ = pipeline.openapi_to_template(doc)
        lid = api or _single_external(first)
        left = view_unexplained(template_api_view(template, lid), template_api_view(back, "Api"), first, lid, t.base)
        assert not left, left


def _single_external(report: Any) -> str:
    messages = [d.message for d in report if d.code == "external-rest-api"]
    match = re.match(r"'([^']+)'", messages[0]) if messages else None
    assert match, "an API without a RestApi resource must be reported as external"
    return match.group(1)


@pytest.mark.parametrize("path", corpus_params("openapi"))
def test_openapi_round_trip(path: Path) -> None:
    """OpenAPI -> template -> OpenAPI is equal up to the canonicalizations and explained differences."""
    doc = load(path)
    version = "2.0" if "swagger" in doc else "3.0"
    template, first = pipeline.openapi_to_template(doc)
    back, _ = pipeline.template_to_openapi(template, version, None)
    left = unexplained(differences(canonical_openapi(doc), canonical_openapi(back)), first)
    assert not left, left


@pytest.mark.parametrize("path", corpus_params("embedded"))
def test_embedded_unembed_embed(path: Path) -> None:
    """unembed then embed gives the inline document back (the RestApi's Name / Description become its title /
    description), up to explained differences; template_to_openapi reads the same document."""
    template = load(path)
    expected = _expect_failure(path)
    for api in _apis(template):
        if expected is not None:
            with _expect_failure(path):
                embedding.unembed(template, api)
            continue
        resource = template["Resources"][api]
        key = "Body" if resource["Type"] == APIS[0] else "DefinitionBody"
        props = resource.get("Properties") or {}
        body = props.get(key)
        pipeline.template_to_openapi(template, "3.0", api)
        unembedded, first = embedding.unembed(template, api)
        if not isinstance(body, dict) or is_intrinsic(body):
            assert {d.code for d in first} & {"body-not-inline"}, "a body that is not inline must be reported"
            continue
        version = "2.0" if "swagger" in body else "3.0"
        embedded, _ = embedding.embed(unembedded, api, version)
        back = embedded["Resources"][api]["Properties"]["Body"]
        before = canonical_openapi(body)
        for prop, field in (("Name", "title"), ("Description", "description")):
            if prop in props:
                before["info"][field] = props[prop]
        left = unexplained(differences(before, canonical_openapi(back)), first,
                           ("Resources", api, "Properties", key))
        assert not left, left


# --- the written documents are valid -------------------------------------------------------------------


def written_documents() -> list[tuple[str, Any]]:
    """Every OpenAPI document the corpus makes us write, both versions."""
    out = []
    for folder in ("cfn", "embedded"):
        for path in corpus_files(folder):
            if path.name in EXPECTED_FAILURES:
                continue
            template = load(path)
            for api in _apis(template):
                for version in ("3.0", "2.0"):
                    out.append((f"{path.name}#{api}@{version}", pipeline.template_to_openapi(template, version,
                                                                                            api)[0]))
    for path in corpus_files("openapi"):
        template, _ = pipeline.openapi_to_template(load(path))
        for version in ("3.0", "2.0"):
            out.append((f"{path.name}@{version}", pipeline.template_to_openapi(template, version, None)[0]))
    return out


def test_written_openapi_validates() -> None:
    """openapi-spec-validator accepts every document written from the corpus (intrinsics as placeholders)."""
    if not corpus_files("cfn"):
        pytest.skip(CORPUS_MISSING)
    from openapi_spec_validator import validate

    failures = []
    documents = written_documents()
    for name, doc in documents:
        if name.split("@")[0] in EXPECTED_INVALID:
            continue
        try:
            validate(placeholders(doc))
        except Exception as error:  # the validator raises several exception types; all are failures here
            failures.append(f"{name}: {str(error).splitlines()[0][:200]}")
    for name in EXPECTED_INVALID:
        with pytest.raises(Exception):  # noqa: B017 - the input fails just as the output does
            validate(placeholders(load(CORPUS / "openapi" / name)))
    assert len(documents) > 100
    assert failures == [], "\n".join(failures)


# --- the written templates pass cfn-lint -----------------------------------------------------------------
def test_written_templates_pass_cfn_lint(tmp_path: Path) -> None:
    """cfn-lint finds no error in the templates written from the corpus (one cfn-lint call), other than the
    references to an outer template that the conversion reported. For unembedded templates only the resources
    the conversion wrote are judged (the rest is the input's own business)."""
    if not CORPUS.is_dir() or not corpus_files("openapi"):
        pytest.skip(CORPUS_MISSING)
    jobs = []
    for path in corpus_files("openapi"):
        jobs.append((path.name, *pipeline.openapi_to_template(load(path)), None))
    for path in corpus_files("cfn"):
        if path.name in EXPECTED_FAILURES:
            continue
        template = load(path)
        for api in _apis(template):
            doc, _ = pipeline.template_to_openapi(template, "3.0", api)
            jobs.append((f"{path.name}#{api}", *pipeline.openapi_to_template(doc), None))
    for path in corpus_files("embedded"):
        if path.name in EXPECTED_FAILURES:
            continue
        template = load(path)
        for api in _apis(template):
            out, report = embedding.unembed(template, api)
            written = {lid for lid, res in out["Resources"].items() if res != template["Resources"].get(lid)}
            kept = {key for key, value in (template["Resources"][api].get("Properties") or {}).items()
                    if (out["Resources"][api].get("Properties") or {}).get(key) == value}
            jobs.append((f"{path.name}#{api}", out, report, (written, api, kept)))
    files = {}
    for i, (_, template, _, _) in enumerate(jobs):
        file = tmp_path / f"{i}.json"
        file.write_text(json.dumps(template, default=str), encoding="utf-8")
        files[str(file)] = i
    errors = []
    for error in cfn_lint_errors(list(files)):
        name, _, report, scope = jobs[files[error["Filename"]]]
        location = error["Location"]["Path"]
        if scope is not None:
            written, api, kept = scope
            if not (len(location) > 1 and location[0] == "Resources" and location[1] in written):
                continue
            if location[1] == api and len(location) > 3 and location[2] == "Properties" and location[3] in kept:
                continue
        if not explained_by(error, report):
            errors.append(f"{name}: {error['Rule']['Id']} {location} {error['Message'][:160]}")
    assert errors == [], "\n".join(errors)


def test_expected_failures_are_in_the_corpus() -> None:
    """The named failures exist (a renamed corpus file must not silently turn the expectation off)."""
    if not CORPUS.is_dir():
        pytest.skip(CORPUS_MISSING)
    names = {p.name for folder in ("cfn", "openapi", "embedded") for p in corpus_files(folder)}
    assert set(EXPECTED_FAILURES) <= names
