"""Whole documents through the CLI: template <-> OpenAPI, --embed / --unembed / --in-place, diff of documents,
and smoke runs over the corpus."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from conftest import SAM_MISSING, corpus_params, sam_translator_missing
from test_cli import DATA, cli, copy, read_report

import apigw_convert
from apigw_convert.detect import detect_kind
from apigw_convert.documents.walk import embedded_documents
from apigw_convert.yaml_io import load, loads

TEMPLATE = DATA / "api.template.yaml"
SWAGGER = DATA / "api.swagger.json"
CHANGED = DATA / "api.changed.openapi.yaml"


def _library(func: object, *args: object, **kwargs: object) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return func(*args, **kwargs)  # type: ignore[operator]


def test_template_to_openapi_is_the_library_result() -> None:
    result = cli("cfn2swagger", TEMPLATE)
    assert (result.code, result.err) == (0, "")
    assert loads(result.out) == apigw_convert.template_to_openapi(load(TEMPLATE))
    assert result.out.startswith("openapi: 3.0")


def test_openapi_version_and_format() -> None:
    result = cli("cfn2swagger", TEMPLATE, "--openapi", "2.0", "--format", "json")
    assert result.code == 0
    assert json.loads(result.out) == apigw_convert.template_to_openapi(load(TEMPLATE), version="2.0")


def test_openapi_to_template_is_the_library_result() -> None:
    result = cli("swagger2cfn", SWAGGER, "--format", "yaml")
    assert result.code == 0, result.err
    assert loads(result.out) == _library(apigw_convert.openapi_to_template, load(SWAGGER))
    assert detect_kind(loads(result.out)) == "template"


def test_template_and_its_swagger_twin_are_equal() -> None:
    result = cli("diff", TEMPLATE, SWAGGER)
    assert (result.code, result.out, result.err) == (0, "", "")


def test_diff_of_documents_names_each_changed_integration_field() -> None:
    result = cli("diff", TEMPLATE, CHANGED)
    assert result.code == 1
    assert result.out.splitlines() == [
        '/paths/~1orders/get/x-amazon-apigateway-integration/uri: "https://orders.example.com/orders" -> '
        '"https://orders-v2.example.com/orders"',
        '/paths/~1orders/post/x-amazon-apigateway-integration/passthroughBehavior: "never" -> "when_no_templates"',
        '/paths/~1orders/post/x-amazon-apigateway-integration/responses/5\\d{2}/statusCode: "500" -> "503"',
    ]


def test_round_trips_compare_equal(tmp_path: Path) -> None:
    openapi, back = tmp_path / "openapi.yaml", tmp_path / "template.yaml"
    assert cli("cfn2swagger", TEMPLATE, "-o", openapi).code == 0
    assert cli("swagger2cfn", openapi, "-o", back).code == 0
    assert cli("diff", TEMPLATE, openapi).code == 0
    assert cli("diff", TEMPLATE, back).code == 0


def test_embed_and_unembed_in_place(tmp_path: Path) -> None:
    template = copy("api.template.yaml", tmp_path)
    result = cli("cfn2swagger", template, "--embed", "--in-place")
    assert (result.code, result.out) == (0, "")
    embedded = load(template)
    assert [path for path, _ in embedded_documents(embedded)] == [("Resources", "OrdersApi", "Properties", "Body")]
    assert not any(r["Type"] == "AWS::ApiGateway::Method" for r in embedded["Resources"].values())
    assert cli("diff", TEMPLATE, template).code == 0

    result = cli("swagger2cfn", template, "--unembed", "--in-place")
    assert result.code == 0, result.err
    unembedded = load(template)
    assert embedded_documents(unembedded) == []
    assert any(r["Type"] == "AWS::ApiGateway::Method" for r in unembedded["Resources"].values())
    assert cli("diff", TEMPLATE, template).code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["api.template.yaml"]


def test_embed_to_stdout_leaves_the_input(tmp_path: Path) -> None:
    template = copy("api.template.yaml", tmp_path)
    result = cli("cfn2swagger", template, "--embed")
    assert result.code == 0
    assert template.read_bytes() == TEMPLATE.read_bytes()
    assert loads(result.out) == _library(apigw_convert.embed, load(TEMPLATE))


def test_swagger2cfn_needs_unembed_for_a_template() -> None:
    result = cli("swagger2cfn", TEMPLATE)
    assert result.code == 2
    assert "pass --unembed" in result.err


def test_a_refused_in_place_rewrite_leaves_the_file(tmp_path: Path) -> None:
    template = tmp_path / "t.yaml"
    template.write_text(TEMPLATE.read_text(encoding="utf-8").replace("  ListOrders:\n", "  ListOrders:\n"
                        "    DependsOn: OrdersResource\n"), encoding="utf-8")
    before = template.read_bytes()
    report = tmp_path / "report.json"
    result = cli("cfn2swagger", template, "--embed", "--in-place", "--on-loss", "error", "--report", report)
    assert result.code == 3
    assert result.lines[0] == (f"{template}:37:16: warning template-attribute-dropped at "
                               "/Resources/ListOrders/DependsOn: DependsOn of ListOrders has no OpenAPI home")
    assert template.read_bytes() == before
    assert [d["code"] for d in read_report(report)["diagnostics"]] == ["template-attribute-dropped"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json", "t.yaml"]


def test_losses_of_a_document_are_placed_and_refusable(tmp_path: Path) -> None:
    swagger = tmp_path / "tls.json"
    data = json.loads(SWAGGER.read_text(encoding="utf-8"))
    data["paths"]["/orders"]["get"]["x-amazon-apigateway-integration"]["tlsConfig"] = {
        "insecureSkipVerification": True}
    swagger.write_text(json.dumps(data, indent=2), encoding="utf-8")
    warned = cli("swagger2cfn", swagger)
    assert warned.code == 0
    [line] = [line for line in warned.lines if "tls-config-unsupported" in line]
    row = swagger.read_text(encoding="utf-8").splitlines().index('          "tlsConfig": {') + 1
    assert line.startswith(f"{swagger}:{row}:24: error tls-config-unsupported at "
                           "/paths/~1orders/get/x-amazon-apigateway-integration/tlsConfig: ")
    refused = cli("swagger2cfn", swagger, "--on-loss", "error")
    assert (refused.code, refused.out) == (3, "")


def test_several_apis_need_api(tmp_path: Path) -> None:
    text = TEMPLATE.read_text(encoding="utf-8")
    two = tmp_path / "two.yaml"
    two.write_text(text.replace("Resources:\n", "Resources:\n  OtherApi:\n    Type: AWS::ApiGateway::RestApi\n"
                                "    Properties:\n      Name: other\n", 1), encoding="utf-8")
    result = cli("cfn2swagger", two)
    assert result.code == 1
    assert " several-apis " in result.lines[0]
    assert result.lines[-1] == "apigw-convert cfn2swagger: choose one with --api LOGICAL_ID"
    chosen = cli("cfn2swagger", two, "--api", "OrdersApi")
    assert chosen.code == 0
    assert loads(chosen.out) == loads(cli("cfn2swagger", TEMPLATE).out)


# --- the corpus --------------------------------------------------------------------------------------------

def _assert_clean_exit(result: object) -> None:
    code, err = result.code, result.err  # type: ignore[attr-defined]
    assert code in (0, 1), err
    assert "Traceback" not in err


def _corpus(command: str, output_format: str, *folders: str) -> list[object]:
    """The corpus files of ``folders`` as parameters (command, format, path), skipped when the corpus is absent."""
    return [pytest.param(command, output_format, *param.values, marks=param.marks, id=f"{command}-{param.id}")
            for folder in folders for param in corpus_params(folder)]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("command", "output_format", "path"),
                         _corpus("cfn2swagger", "json", "cfn", "embedded") + _corpus("swagger2cfn", "yaml", "openapi"))
def test_corpus_converts_and_compares_equal(command: str, output_format: str, path: Path, tmp_path: Path) -> None:
    out = tmp_path / f"out.{output_format}"
    result = cli(command, path, "-o", out, "--format", output_format)
    _assert_clean_exit(result)
    if result.code == 0:
        compared = cli("diff", path, out, "--ignore-losses")  # the losses of the conversion were reported
        assert compared.code == 0, compared.out


@pytest.mark.parametrize("path", corpus_params("embedded"))
def test_corpus_unembed(path: Path, tmp_path: Path) -> None:
    _assert_clean_exit(cli("swagger2cfn", path, "--unembed", "-o", tmp_path / "out.yaml"))


def test_a_definition_uri_in_s3_is_an_error_and_a_local_one_is_read(tmp_path: Path) -> None:
    if sam_translator_missing():
        pytest.skip(SAM_MISSING)
    (tmp_path / "api").mkdir()
    definition = tmp_path / "api" / "openapi.yaml"
    definition.write_text("openapi: 3.0.1\ninfo: {title: local, version: '1'}\npaths:\n  /a:\n"
                          "    get:\n      responses: {'200': {description: ok}}\n"
                          "      x-amazon-apigateway-integration: {type: mock}\n", encoding="utf-8")
    template = tmp_path / "template.yaml"
    template.write_text("Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n"
                        "    Properties:\n      StageName: prod\n      DefinitionUri: api/openapi.yaml\n",
                        encoding="utf-8")
    out = tmp_path / "out.json"
    result = cli("cfn2swagger", template, "-o", out)
    assert result.code == 0, result.err
    assert list(json.loads(out.read_text(encoding="utf-8"))["paths"]) == ["/a"]
    template.write_text(template.read_text(encoding="utf-8").replace("api/openapi.yaml", "s3://bucket/api.yaml"),
                        encoding="utf-8")
    result = cli("cfn2swagger", template)
    assert result.code == 1 and " error body-not-inline at /Resources/Api: " in result.err and result.out == ""
