"""SAM templates, against the oracle: AWS's own SAM translator.

For every SAM template in ``fixtures/sam/`` and in the corpus, each REST API the translator makes converts to a
document equal to the ``Body`` the translator generated (up to the README's canonicalizations and what the
conversion reported), with the same routes; unembedding writes plain CloudFormation (no Transform, no SAM
types, the API as Resource and Method resources) that cfn-lint accepts. Without the translator these tests
skip and say why, and the error that names the extra is checked by hiding the translator.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from canonical import canonical_openapi, differences, unexplained
from conftest import CORPUS_MISSING, REPO, SAM_MISSING, corpus_files, sam_translator_missing
from helpers import explained_by
from test_documents_lint import cfn_lint_errors

import apigw_convert
from apigw_convert import InputError, load, template_to_openapi, unembed, validate
from apigw_convert.cli import run
from apigw_convert.diagnostics import Diagnostic, LossWarning
from apigw_convert.intrinsics import if_parts
from apigw_convert.sam import IMPLICIT_API, is_sam, translate

FIXTURES = REPO / "fixtures" / "sam"
DATA = REPO / "tests" / "data" / "sam"
needs_translator = pytest.mark.skipif(sam_translator_missing(), reason=SAM_MISSING)
# Files whose API cannot convert, and why (the same as in test_documents_corpus.py).
EXPECTED_FAILURES = {"goformation__test--yaml--aws-serverless-api-swagger.yaml": "missing-field"}
VERBS = ("get", "put", "post", "delete", "options", "head", "patch", "x-amazon-apigateway-any-method")
REST_API = "AWS::ApiGateway::RestApi"


def _sam_corpus() -> list[Path]:
    found = []
    for path in corpus_files("cfn") + corpus_files("embedded"):
        try:
            template = load(path)
        except InputError:  # files the YAML layer refuses (duplicate keys) are covered by its own tests
            continue
        if is_sam(template):
            found.append(path)
    return found


SAM_CORPUS = _sam_corpus()
FIXTURE_FILES = sorted(FIXTURES.glob("*.yaml"))
ALL = [pytest.param(p, id=f"fixture-{p.name}") for p in FIXTURE_FILES] + \
      [pytest.param(p, id=p.name) for p in SAM_CORPUS]


def routes(paths: Any) -> set[tuple[str, str]]:
    """(path, verb) of every operation of a ``paths`` map, in either branch of an ``Fn::If``."""
    found: set[tuple[str, str]] = set()
    for path, item in (paths or {}).items():
        for branch in _branches(item):
            for verb, op in branch.items():
                if verb in VERBS and _branches(op):
                    found.add((path, verb))
    return found


def _branches(value: Any) -> list[dict[str, Any]]:
    parts = if_parts(value)
    if parts is not None:
        return _branches(parts[1]) + _branches(parts[2])
    return [value] if isinstance(value, dict) and not value.get("Ref") else []


def translator_routes(plain: dict[str, Any], api: str) -> set[tuple[str, str]] | None:
    """The routes the translated template deploys for ``api``: its inline Body's, else its Method resources'.

    None when the Body is not inline (an AWS::Include, S3): nobody can count those offline.
    """
    resources = plain["Resources"]
    body = resources[api]["Properties"].get("Body")
    if isinstance(body, dict) and "paths" in body:
        return routes(body["paths"])
    if body is not None:
        return None
    methods = {lid for lid, r in resources.items() if r["Type"] == "AWS::ApiGateway::Method"
               and r["Properties"].get("RestApiId") == {"Ref": api}}
    return {(lid, "method") for lid in methods}


def deployed(body: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any]:
    """The Body as API Gateway imports it: the RestApi's Name and Description replace the document's."""
    info = {**body.get("info", {})}
    for name, key in (("Name", "title"), ("Description", "description")):
        if name in properties:
            info[key] = properties[name]
    return {**body, "info": info}


def converted(template: Any, api: str, version: str = "3.0") -> tuple[dict[str, Any], list[Diagnostic]]:
    """The document of ``api`` and the losses reported on the way."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LossWarning)
        doc = template_to_openapi(template, api=api, version=version)
    return doc, [w.message.diagnostic for w in caught if isinstance(w.message, LossWarning)]


def apis(plain: dict[str, Any]) -> list[str]:
    return [lid for lid, r in plain["Resources"].items() if r["Type"] == REST_API]


@needs_translator
@pytest.mark.parametrize("path", ALL)
def test_document_is_the_body_sam_generates(path: Path) -> None:
    """Each REST API's document equals the translator's Body up to the canonicalizations and reported losses,
    and has exactly its routes."""
    template = load(path)
    plain = translate(template).template
    assert apis(plain), "the translator made no REST API"
    if path.name in EXPECTED_FAILURES:
        with pytest.raises(InputError, match=EXPECTED_FAILURES[path.name]):
            template_to_openapi(template, api=apis(plain)[0])
        return
    for api in apis(plain):
        body = plain["Resources"][api]["Properties"].get("Body")
        expected = translator_routes(plain, api)
        version = "2.0" if isinstance(body, dict) and "swagger" in body else "3.0"
        doc, losses = converted(template, api, version)
        if expected is None:  # not inline: reported, never guessed
            assert any(d.code == "body-not-inline" for d in losses), losses
            continue
        if body is None:
            assert len(routes(doc["paths"])) == len(expected), api
            continue
        assert routes(doc["paths"]) == expected, api
        same, losses = converted(plain, api, version)  # the plain template: pointers into the generated Body
        assert same == doc
        found = differences(canonical_openapi(deployed(body, plain["Resources"][api]["Properties"])),
                            canonical_openapi(doc))
        left = unexplained(found, losses, ("Resources", api, "Properties", "Body"))
        assert not left, left


@needs_translator
def test_corpus_has_sam_templates() -> None:
    if not SAM_CORPUS:
        pytest.skip(CORPUS_MISSING)
    assert len(SAM_CORPUS) >= 25


def _unembedded_sources() -> list[Path]:
    return [path for path in [*FIXTURE_FILES, *SAM_CORPUS] if path.name not in EXPECTED_FAILURES]


def _unembedded() -> Iterator[tuple[str, dict[str, Any], list[Diagnostic], bool, str]]:
    for path in _unembedded_sources():
        template = load(path)
        for api in apis(translate(template).template):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", LossWarning)
                out = unembed(template, api=api)
            source = template["Resources"].get(api, {"Type": "AWS::Serverless::Api"})  # absent: the implicit API
            losses = [w.message.diagnostic for w in caught if isinstance(w.message, LossWarning)]
            yield f"{path.name} {api}", out, losses, source["Type"] != REST_API, str(path)


@needs_translator
def test_unembed_writes_the_plain_cloudformation_sam_deploys(tmp_path: Path) -> None:
    """No Transform, no SAM resource, the API's Deployment and Stage kept, its Body turned into Methods (where it
    was inline); and cfn-lint finds no error in the output that it does not find in the SAM source (one run)."""
    jobs = list(_unembedded())
    files = []
    for i, (name, out, _, from_sam, _) in enumerate(jobs):
        assert "Transform" not in out, name
        types = {r["Type"] for r in out["Resources"].values()}
        assert not any(t.startswith("AWS::Serverless::") for t in types), name
        assert "AWS::ApiGateway::Deployment" in types, name
        if from_sam:  # SAM's own API: SAM makes the stage (a plain RestApi's deployment may name one itself)
            assert "AWS::ApiGateway::Stage" in types, name
        path = tmp_path / f"{i}.json"
        path.write_text(json.dumps(out), encoding="utf-8")
        files.append(str(path))
    sources = [str(path) for path in _unembedded_sources()]
    found = cfn_lint_errors(files + sources)
    before = {(e["Filename"], e["Rule"]["Id"], e["Message"]) for e in found if e["Filename"] in sources}
    errors = [f"{jobs[files.index(e['Filename'])][0]}: {e['Rule']['Id']} {e['Message'][:200]}"
              for e in found if e["Filename"] in files
              and (jobs[files.index(e["Filename"])][4], e["Rule"]["Id"], e["Message"]) not in before
              and not explained_by(e, jobs[files.index(e["Filename"])][2])]
    assert errors == [], "\n".join(errors)


@needs_translator
def test_unembed_keeps_what_sam_deploys() -> None:
    """Stage settings, authorizers, the usage plan, permissions: all there; every Method carries its auth."""
    out = unembed(load(FIXTURES / "auth-explicit.yaml"), api="Api", on_loss="ignore")
    resources = out["Resources"]
    by_type: dict[str, list[dict[str, Any]]] = {}
    for res in resources.values():
        by_type.setdefault(res["Type"], []).append(res)
    stage = by_type["AWS::ApiGateway::Stage"][0]["Properties"]
    assert stage["StageName"] == "prod" and stage["TracingEnabled"] is True
    assert stage["Variables"] == {"table": "orders"} and stage["MethodSettings"][0]["ThrottlingRateLimit"] == 50
    assert len(by_type["AWS::ApiGateway::Authorizer"]) == 3
    assert by_type["AWS::ApiGateway::UsagePlan"] and by_type["AWS::ApiGateway::ApiKey"]
    assert len(by_type["AWS::ApiGateway::GatewayResponse"]) == 1 and len(by_type["AWS::ApiGateway::Model"]) == 1
    assert len(by_type["AWS::Lambda::Permission"]) >= 5
    auth = {(r["Properties"]["HttpMethod"], r["Properties"]["AuthorizationType"], r["Properties"].get("ApiKeyRequired"))
            for r in by_type["AWS::ApiGateway::Method"]}
    assert ("PUT", "AWS_IAM", None) in auth and ("POST", "CUSTOM", True) in auth
    assert ("GET", "COGNITO_USER_POOLS", None) in auth and ("GET", "NONE", None) in auth  # /orders, /health
    deployment = by_type["AWS::ApiGateway::Deployment"][0]
    assert len(deployment["DependsOn"]) == len(by_type["AWS::ApiGateway::Method"])


@needs_translator
def test_implicit_api_is_chosen_by_its_logical_id() -> None:
    template = load(FIXTURES / "events-implicit.yaml")
    doc = template_to_openapi(template, api=IMPLICIT_API, on_loss="ignore")
    assert sorted(doc["paths"]) == ["/admin/purge", "/files/{proxy+}", "/orders", "/orders/{id}"]
    assert "x-amazon-apigateway-any-method" in doc["paths"]["/files/{proxy+}"]
    assert template_to_openapi(template, on_loss="ignore") == doc  # the only API


@needs_translator
def test_diagnostics_point_into_the_sam_source() -> None:
    """A route's place is its function event, a CORS method's the Cors setting, a property's the SAM property."""
    translation = translate(load(FIXTURES / "events-implicit.yaml"))
    body = ("Resources", IMPLICIT_API, "Properties", "Body", "paths")
    assert translation.locate((*body, "/orders", "get", "x-amazon-apigateway-integration")) == \
        ("Resources", "ListOrders", "Properties", "Events", "List")
    assert translation.locate((*body, "/files/{proxy+}", "x-amazon-apigateway-any-method")) == \
        ("Resources", "GetOrder", "Properties", "Events", "Proxy")
    assert translation.locate((*body, "/orders", "options")) == ("Globals", "Api", "Cors")
    assert translation.locate(("Resources", IMPLICIT_API, "Properties", "BinaryMediaTypes")) == \
        ("Globals", "Api", "BinaryMediaTypes")
    assert translation.locate(("Resources", "ListOrdersRole", "Properties")) == ("Resources", "ListOrders")
    assert translation.locate(("Resources", "ListOrdersCreatePermissionProd")) == \
        ("Resources", "ListOrders", "Properties", "Events", "Create")
    assert translation.locate(("Resources", "ServerlessRestApiProdStage", "Properties", "StageName")) == \
        ("Resources", "ListOrders", "Properties", "Events", "List")  # the first event makes the implicit API
    explicit = translate(load(FIXTURES / "auth-explicit.yaml"))
    assert explicit.locate(("Resources", "Api", "Properties", "Body", "securityDefinitions", "Token")) == \
        ("Resources", "Api", "Properties", "Auth", "Authorizers", "Token")
    assert explicit.locate(("Resources", "ApiprodStage", "Properties", "TracingEnabled")) == \
        ("Resources", "Api", "Properties", "TracingEnabled")


@needs_translator
def test_validate_points_at_the_setting_sam_copies() -> None:
    """An unquoted Cors origin: SAM copies it into every OPTIONS method; the finding points at Cors."""
    template = load(FIXTURES / "events-implicit.yaml")
    template["Globals"]["Api"]["Cors"] = "https://example.com"
    found = {(d.code, d.pointer) for d in validate(template)}
    assert found == {("parameter-static-unquoted", "/Globals/Api/Cors")}
    assert validate(load(FIXTURES / "events-implicit.yaml")) == []


@needs_translator
def test_translator_errors_are_input_errors_at_the_event() -> None:
    with pytest.raises(InputError) as caught:
        template_to_openapi(load(DATA / "invalid-event.yaml"))
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "sam-invalid" and diagnostic.pointer == "/Resources/Hello/Properties/Events/Get"
    assert "Property 'Method' is required" in diagnostic.message


@needs_translator
@pytest.mark.parametrize("broken", [
    {"Transform": "AWS::Serverless-2016-10-31", "Resources": {"F": {"Type": "AWS::Serverless::Function",
                                                                    "Properties": {"Events": [1, 2]}}}},
    {"Transform": "AWS::Serverless-2016-10-31", "Resources": {"A": {"Type": "AWS::Serverless::Api",
                                                                    "Properties": "x"}}},
    {"Transform": "AWS::Serverless-2016-10-31", "Resources": []},
    {"Transform": ["AWS::Serverless-2016-10-31"], "Globals": 3, "Resources": {}},
])
def test_malformed_sam_templates_are_input_errors(broken: Any) -> None:
    for func in (template_to_openapi, unembed, validate):
        with pytest.raises(InputError):
            func(broken)


@needs_translator
def test_an_invalid_globals_section_is_pointed_at() -> None:
    template = load(FIXTURES / "events-implicit.yaml")
    template["Globals"]["Function"]["Nope"] = 1
    with pytest.raises(InputError) as caught:
        validate(template)
    assert [(d.code, d.pointer) for d in caught.value.diagnostics] == [("sam-invalid", "/Globals")]


@needs_translator
def test_nothing_goes_over_the_network(capsys: pytest.CaptureFixture[str]) -> None:
    """An application from the Serverless Application Repository would need a call: refused before the
    translator could make it, and nothing of the translator's own logging reaches the terminal."""
    template = load(FIXTURES / "events-implicit.yaml")
    template["Resources"]["App"] = {"Type": "AWS::Serverless::Application", "Properties": {"Location": {
        "ApplicationId": "arn:aws:serverlessrepo:us-east-1:123456789012:applications/x", "SemanticVersion": "1.0.0"}}}
    with pytest.raises(InputError) as caught:
        template_to_openapi(template)
    assert caught.value.diagnostics[0].pointer == "/Resources/App/Properties/Location"
    with pytest.raises(InputError):
        template_to_openapi(load(DATA / "invalid-event.yaml"))
    assert capsys.readouterr().err == ""


@needs_translator
def test_definition_uri_is_read_beside_the_template() -> None:
    code, out, err = _cli("cfn2swagger", DATA / "definition-uri.yaml", "--format", "json")
    assert code == 0, err
    assert list(json.loads(out)["paths"]) == ["/status"]  # SAM deploys the file unchanged: no event routes added
    code, out, err = _cli("cfn2swagger", DATA / "definition-uri-missing.yaml")
    assert code == 1 and out == ""
    assert "error file-not-found at /Resources/Api/Properties/DefinitionUri" in err and "8:22" in err


@needs_translator
def test_cli_commands_on_sam_templates(tmp_path: Path) -> None:
    """cfn2swagger, swagger2cfn --unembed, validate and diff all read the API SAM would deploy."""
    source = FIXTURES / "auth-explicit.yaml"
    openapi, plain = tmp_path / "api.json", tmp_path / "plain.yaml"
    assert _cli("cfn2swagger", source, "-o", openapi, "--on-loss", "ignore")[0] == 0
    assert _cli("swagger2cfn", "--unembed", source, "-o", plain, "--on-loss", "ignore")[0] == 0
    assert "Transform" not in load(plain) and "AWS::ApiGateway::Method" in plain.read_text()
    assert _cli("validate", source)[0] == 0
    assert _cli("diff", source, openapi, "--ignore-losses")[0] == 0  # converted under --on-loss ignore
    assert _cli("diff", source, plain, "--ignore-losses")[0] == 0
    code, out, _ = _cli("diff", FIXTURES / "events-implicit.yaml", openapi, "--ignore-losses")
    assert code == 1 and "/x-amazon-apigateway-binary-media-types: [\"image/png\"] -> (absent)" in out


def _cli(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run([str(a) for a in argv], io.StringIO(), out, err)
    return code, out.getvalue(), err.getvalue()


def test_without_the_translator_a_sam_template_is_an_error_naming_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hide aws-sam-translator: a SAM template is an InputError (exit 1) that says what to install; other
    templates do not need it."""
    for name in [m for m in sys.modules if m == "samtranslator" or m.startswith("samtranslator.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "samtranslator", None)  # makes every import of it fail
    template = load(FIXTURES / "events-implicit.yaml")
    for func in (template_to_openapi, unembed, validate):
        with pytest.raises(InputError) as caught:
            func(template)
        (diagnostic,) = caught.value.diagnostics
        assert diagnostic.code == "sam-translator-missing" and diagnostic.pointer == "/Transform"
        assert "pip install 'apigw_convert[sam]'" in diagnostic.message
    code, out, err = _cli("cfn2swagger", FIXTURES / "events-implicit.yaml")
    assert code == 1 and out == "" and "apigw_convert[sam]" in err and "Traceback" not in err
    plain = {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "x"}}}}
    assert apigw_convert.template_to_openapi(plain)["info"]["title"] == "x"


def test_only_the_sam_transform_counts() -> None:
    assert is_sam({"Transform": "AWS::Serverless-2016-10-31"})
    assert is_sam({"Transform": ["AWS::LanguageExtensions", "AWS::Serverless-2016-10-31"]})
    assert not is_sam({"Transform": "AWS::LanguageExtensions"}) and not is_sam({"Resources": {}}) and not is_sam([])


@needs_translator
def test_serverless_resources_without_the_transform_are_read_as_sam_and_reported() -> None:
    """CloudFormation refuses AWS::Serverless resources without the transform; the routes of their function events
    are not dropped for it (they were: an empty document, exit 0): the template is read as SAM translates it, and
    ``sam-transform-missing`` says it does not deploy as written, in every command."""
    declared = load(FIXTURES / "events-implicit.yaml")
    undeclared = {key: value for key, value in declared.items() if key != "Transform"}
    doc, losses = converted(undeclared, IMPLICIT_API)
    assert doc == converted(declared, IMPLICIT_API)[0] and routes(doc["paths"])
    missing = ("sam-transform-missing", "/Resources/ListOrders/Type")
    assert (losses[0].code, losses[0].pointer) == missing
    assert [(d.code, d.pointer) for d in validate(undeclared)] == [missing]
    assert [(d.code, d.pointer) for d in validate(declared)] == []
    assert not is_sam(undeclared)


@needs_translator
def test_diff_compares_serverless_resources_without_the_transform(tmp_path: Path) -> None:
    """``sam-transform-missing`` leaves nothing out of the API: diff compares it with what it converts to."""
    undeclared = tmp_path / "undeclared.yaml"
    undeclared.write_text((FIXTURES / "events-implicit.yaml").read_text().replace(
        "Transform: AWS::Serverless-2016-10-31\n", ""))
    openapi = tmp_path / "openapi.yaml"
    assert _cli("cfn2swagger", undeclared, "-o", openapi, "--on-loss", "ignore")[0] == 0
    _, _, declared = _cli("diff", FIXTURES / "events-implicit.yaml", openapi)  # endpoint types: left out
    _, _, err = _cli("diff", undeclared, openapi)
    assert "sam-transform-missing" not in err and err.count("\n") == declared.count("\n") and "2 losses" in err
    assert _cli("diff", undeclared, openapi, "--ignore-losses")[:2] == (0, "")


@needs_translator
def test_a_function_without_code_uri_packages_the_template_folder_as_sam_build_does() -> None:
    """The translator refuses a function with neither CodeUri nor InlineCode ("Only one of ... can be set"),
    which sam build and sam deploy take as CodeUri '.': read the same way, not refused."""
    template = load(FIXTURES / "events-implicit.yaml")
    del template["Globals"]["Function"]["CodeUri"]
    template["Resources"]["GetOrder"]["Properties"]["InlineCode"] = "def handler(event, context): pass"
    plain = unembed(template, api=IMPLICIT_API, on_loss="ignore")["Resources"]
    assert plain["ListOrders"]["Properties"]["Code"] == "."
    assert plain["GetOrder"]["Properties"]["Code"] == {"ZipFile": "def handler(event, context): pass"}
    assert validate(template) == []
    template["Resources"]["ListOrders"]["Properties"]["PackageType"] = "Image"  # an image needs its ImageUri
    with pytest.raises(InputError, match="ImageUri"):
        validate(template)


def test_other_templates_do_not_import_the_translator() -> None:
    """Start-up of every other command is unchanged: the translator is imported for SAM templates only."""
    code = ("import sys, io; from apigw_convert.cli import run; "
            "run(['cfn2swagger', sys.argv[1]], io.StringIO(), io.StringIO(), io.StringIO()); "
            "run(['validate', sys.argv[1]], io.StringIO(), io.StringIO(), io.StringIO()); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('samtranslator', 'boto3')))")
    out = subprocess.run([sys.executable, "-c", code, str(REPO / "examples" / "petstore.template.yaml")],
                         capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "[]"
