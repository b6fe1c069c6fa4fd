"""``cfn2swagger`` / ``swagger2cfn`` over a directory, a pattern or every API of a template, into ``-o DIR``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_cli import DATA, cli, read_report, snapshot

from apigw_convert.cli import _pool
from apigw_convert.yaml_io import load

TEMPLATE = DATA / "api.template.yaml"


def _two_apis(path: Path) -> Path:
    """The orders template with a second API, a copy of the first under other logical IDs."""
    text = TEMPLATE.read_text(encoding="utf-8")
    resources = text.split("Resources:\n", 1)[1]
    second = resources.replace("OrdersApi", "StockApi").replace("OrdersResource", "StockResource") \
        .replace("CreateOrder", "CreateStock").replace("ListOrders", "ListStock").replace("Name: orders", "Name: stock")
    path.write_text(text + second, encoding="utf-8")
    return path


def _repository(root: Path) -> Path:
    (root / "infra" / "nested").mkdir(parents=True)
    shutil.copy(TEMPLATE, root / "infra" / "orders.yaml")
    shutil.copy(DATA / "integration.cfn.yaml", root / "infra" / "nested" / "integration.yaml")
    shutil.copy(DATA / "api.swagger.json", root / "infra" / "api.json")  # OpenAPI: not for cfn2swagger
    (root / "infra" / "compose.yml").write_text("services: {web: {image: nginx}}\n", encoding="utf-8")
    (root / "infra" / "chart.yaml").write_text("name: {{ .Values.name }}\n", encoding="utf-8")
    return root


def test_a_directory_is_converted_into_a_mirrored_tree_and_others_are_skipped(tmp_path: Path) -> None:
    root = _repository(tmp_path / "repo")
    result = cli("cfn2swagger", root, "-o", tmp_path / "out")
    assert (result.code, result.err) == (0, "")
    assert sorted(snapshot(tmp_path / "out")) == ["infra/nested/integration.yaml", "infra/orders.yaml"]
    assert sorted(load(tmp_path / "out" / "infra" / "orders.yaml")["paths"]) == ["/orders"]
    assert load(tmp_path / "out" / "infra" / "nested" / "integration.yaml")["type"] == "aws"


def test_a_pattern_is_expanded_from_its_fixed_part(tmp_path: Path) -> None:
    root = _repository(tmp_path / "repo")
    result = cli("swagger2cfn", f"{root}/infra/*.json", "-o", tmp_path / "out", "--format", "json")
    assert result.code == 0
    assert sorted(snapshot(tmp_path / "out")) == ["api.json"]
    assert "Resources" in load(tmp_path / "out" / "api.json")


def test_api_all_writes_one_document_per_api(tmp_path: Path) -> None:
    template = _two_apis(tmp_path / "two.yaml")
    assert cli("cfn2swagger", template).code == 1  # several APIs and none chosen
    result = cli("cfn2swagger", template, "--api", "all", "-o", tmp_path / "out")
    assert (result.code, result.err) == (0, "")
    written = snapshot(tmp_path / "out")
    assert sorted(written) == ["two.OrdersApi.yaml", "two.StockApi.yaml"]
    assert load(tmp_path / "out" / "two.StockApi.yaml")["info"]["title"] == "stock"


def test_several_outputs_need_a_directory(tmp_path: Path) -> None:
    root = _repository(tmp_path / "repo")
    for argv in ([root], [root, "-o", "-"], [TEMPLATE, "--api", "all"], [root, "-o", TEMPLATE]):
        result = cli("cfn2swagger", *argv)
        assert result.code == 2 and "directory" in result.err, argv


def test_a_bad_file_fails_the_run_but_the_others_are_written(tmp_path: Path) -> None:
    root = _repository(tmp_path / "repo")
    (root / "infra" / "broken.yaml").write_text("Resources:\n  Api: [\n", encoding="utf-8")
    result = cli("cfn2swagger", root, "-o", tmp_path / "out")
    assert result.code == 1 and "yaml-syntax" in result.err
    assert sorted(snapshot(tmp_path / "out")) == ["infra/nested/integration.yaml", "infra/orders.yaml"]


def test_on_loss_error_refuses_one_file_and_names_it(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    shutil.copy(DATA / "integration.openapi.json", tmp_path / "in" / "tls.json")
    shutil.copy(DATA / "api.swagger.json", tmp_path / "in" / "api.json")
    result = cli("swagger2cfn", tmp_path / "in", "-o", tmp_path / "out", "--on-loss", "error")
    assert result.code == 3 and f"nothing was written for {tmp_path / 'in' / 'tls.json'}" in result.err
    assert sorted(snapshot(tmp_path / "out")) == ["api.json"]


def test_embed_in_place_over_a_directory(tmp_path: Path) -> None:
    root = _repository(tmp_path / "repo")
    result = cli("cfn2swagger", root / "infra", "--embed", "--in-place")
    assert result.code == 0, result.err
    assert "Body" in load(root / "infra" / "orders.yaml")["Resources"]["OrdersApi"]["Properties"]


def test_o_naming_a_directory_writes_the_input_s_name_into_it(tmp_path: Path) -> None:
    result = cli("cfn2swagger", TEMPLATE, "-o", tmp_path)
    assert result.code == 0
    assert sorted(snapshot(tmp_path)) == [TEMPLATE.name]


def _mixed(root: Path) -> Path:
    """A repository with a broken file, a file whose conversion loses something, and two APIs in one template."""
    _repository(root)
    (root / "infra" / "broken.yaml").write_text("Resources:\n  Api: [\n", encoding="utf-8")
    shutil.copy(DATA / "lambda-get.cfn.yaml", root / "infra" / "lambda.yaml")
    _two_apis(root / "two.yaml")
    return root


def test_worker_processes_write_and_say_the_same_in_the_same_order(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root = _mixed(tmp_path / "repo")
    alone = cli("cfn2swagger", root, "--api", "all", "-o", tmp_path / "alone", "-j", "1",
                "--report", tmp_path / "alone.json")
    monkeypatch.setattr(_pool, "PARALLEL_BYTES", 0)
    shared = cli("cfn2swagger", root, "--api", "all", "-o", tmp_path / "shared", "-j", "2",
                 "--report", tmp_path / "shared.json")
    assert (shared.code, shared.err) == (alone.code, alone.err) and alone.code == 1
    assert "yaml-syntax" in alone.err and "lambda-not-post" not in alone.err  # conversion does not validate
    assert snapshot(tmp_path / "shared") == snapshot(tmp_path / "alone")
    assert sorted(snapshot(tmp_path / "alone")) == ["infra/lambda.yaml", "infra/nested/integration.yaml",
                                                    "infra/orders.OrdersApi.yaml", "two.OrdersApi.yaml",
                                                    "two.StockApi.yaml"]
    assert read_report(tmp_path / "shared.json") == read_report(tmp_path / "alone.json")


def test_an_output_that_is_its_input_stops_the_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repository(tmp_path / "repo")
    monkeypatch.setattr(_pool, "PARALLEL_BYTES", 0)
    before = snapshot(root)
    result = cli("cfn2swagger", root, "-o", root, "-j", "2")
    assert result.code == 2 and "is the input file; pass --in-place" in result.err
    assert snapshot(root) == before


NO_API = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n"


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("bad", ["a.yaml", "z.yaml"])
def test_a_usage_error_in_any_file_is_found_before_any_file_is_written(tmp_path: Path, jobs: str, bad: str,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Under ``--api all -o`` the source directory, a template without an API would be written over itself; the
    other template's output is not written either, whichever comes first and in worker processes too."""
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copy(TEMPLATE, root / "m.yaml")
    (root / bad).write_text(NO_API, encoding="utf-8")
    monkeypatch.setattr(_pool, "PARALLEL_BYTES", 0)
    before = snapshot(root)
    result = cli("cfn2swagger", root, "--api", "all", "-o", root, "-j", jobs)
    assert result.code == 2 and f"the output {root / bad} is the input file" in result.err
    assert snapshot(root) == before


def test_an_output_that_is_another_input_is_refused(tmp_path: Path) -> None:
    """``--api all`` names the output of orders.yaml orders.OrdersApi.yaml: an input of the same run, not replaced."""
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copy(TEMPLATE, root / "orders.yaml")
    shutil.copy(TEMPLATE, root / "orders.OrdersApi.yaml")
    before = snapshot(root)
    result = cli("cfn2swagger", root, "--api", "all", "-o", root)
    assert result.code == 2
    assert f"the output {root / 'orders.OrdersApi.yaml'} of {root / 'orders.yaml'} is the input file" in result.err
    assert snapshot(root) == before


def test_the_jobs_option_is_checked() -> None:
    result = cli("swagger2cfn", DATA, "-o", "out", "-j", "0")
    assert result.code == 2 and "-j" in result.err


@pytest.mark.parametrize("report", ["repo/infra/orders.yaml", "out/infra/orders.yaml"])
def test_a_report_over_a_file_found_or_an_output_is_refused_before_anything_is_written(tmp_path: Path,
                                                                                        report: str) -> None:
    """``--report`` naming a file the directory search found, or one of the outputs: exit 2, nothing written."""
    root = _repository(tmp_path / "repo")
    (tmp_path / "out" / "infra").mkdir(parents=True)
    before = snapshot(tmp_path)
    result = cli("cfn2swagger", root, "-o", tmp_path / "out", "--report", tmp_path / report)
    assert result.code == 2 and f"the report {tmp_path / report} is the" in result.err
    assert snapshot(tmp_path) == before
