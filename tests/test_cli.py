"""apigw-convert in-process: integrations both ways, options, exit codes, messages, the report file.

The helpers at the top (``cli``, ``read_report``, ``snapshot`` ...) are shared by the other test_cli_* modules.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import REPO

import apigw_convert
from apigw_convert.cli import run
from apigw_convert.yaml_io import load, loads

DATA = REPO / "tests" / "data" / "cli"
REPORT_SCHEMA = json.loads((REPO / "schemas" / "report.json").read_text(encoding="utf-8"))


@dataclass
class Result:
    """Exit code and what went to stdout and stderr."""

    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        """The stderr lines."""
        return self.err.splitlines()

    @property
    def found(self) -> list[str]:
        """The stdout lines: ``validate``'s findings."""
        return self.out.splitlines()


def cli(*argv: str | Path, stdin: bytes | str = b"") -> Result:
    """Run the command line in-process with ``stdin`` as standard input (bytes behind a text wrapper)."""
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    stdin_stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = run([str(a) for a in argv], stdin_stream, out, err)
    return Result(code, out.getvalue(), err.getvalue())


def read_report(path: Path) -> dict[str, Any]:
    """A --report file, checked against schemas/report.json."""
    report: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(report, REPORT_SCHEMA)
    return report


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its content, to prove nothing else was written or changed."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def copy(name: str, folder: Path) -> Path:
    """A copy of one tests/data/cli file in ``folder``."""
    target = folder / name
    target.write_bytes((DATA / name).read_bytes())
    return target


CFN = DATA / "integration.cfn.yaml"
OPENAPI = DATA / "integration.openapi.json"


# --- converting -----------------------------------------------------------------------------------------

def test_cfn2swagger_writes_what_the_library_returns() -> None:
    result = cli("cfn2swagger", CFN)
    assert result.code == 0, result.err
    assert result.err == ""
    assert loads(result.out) == apigw_convert.cfn_to_swagger(load(CFN))
    assert "uri: !Sub arn:aws:apigateway:" in result.out  # short forms kept, format of the input


def test_swagger2cfn_keeps_json_and_warns_about_the_loss() -> None:
    result = cli("swagger2cfn", OPENAPI)
    assert result.code == 0
    assert json.loads(result.out) == {"Type": "HTTP_PROXY", "IntegrationHttpMethod": "GET",
                                      "Uri": "https://self-signed.example.com/{proxy}"}
    [line] = result.lines
    assert line.startswith(f"{OPENAPI}:5:16: error tls-config-unsupported at /tlsConfig: tlsConfig has no ")


def test_stdin_and_format_option() -> None:
    result = cli("cfn2swagger", "-", "--format", "json", stdin=CFN.read_bytes())
    assert result.code == 0
    assert json.loads(result.out) == apigw_convert.cfn_to_swagger(load(CFN))
    back = cli("swagger2cfn", "-", "--format", "yaml", stdin=result.out)
    assert back.code == 0
    assert loads(back.out) == apigw_convert.swagger_to_cfn(json.loads(result.out))


def test_stdin_diagnostics_name_stdin() -> None:
    result = cli("swagger2cfn", "-", stdin=OPENAPI.read_bytes())
    assert result.lines[0].startswith("<stdin>:5:16: error tls-config-unsupported")


def test_long_form() -> None:
    result = cli("cfn2swagger", CFN, "--long-form")
    assert "Fn::Sub:" in result.out and "!Sub" not in result.out
    assert loads(result.out) == loads(cli("cfn2swagger", CFN).out)


def test_output_file(tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    result = cli("cfn2swagger", CFN, "-o", out)
    assert (result.code, result.out, result.err) == (0, "", "")
    assert load(out) == apigw_convert.cfn_to_swagger(load(CFN))


@pytest.mark.parametrize(("name", "extra", "json_out"), [
    ("out.json", (), True), ("out.yml", (), False), ("out.txt", (), False), ("out.json", ("--format", "yaml"), False),
])
def test_output_format_follows_the_output_name(tmp_path: Path, name: str, extra: tuple[str, ...],
                                               json_out: bool) -> None:
    out = tmp_path / name
    assert cli("cfn2swagger", CFN, "-o", out, *extra).code == 0
    assert out.read_text(encoding="utf-8").startswith("{") is json_out


def test_output_dash_is_stdout() -> None:
    assert cli("cfn2swagger", CFN, "-o", "-").out == cli("cfn2swagger", CFN).out


# --- --on-loss -------------------------------------------------------------------------------------------

def test_on_loss_ignore_is_quiet() -> None:
    result = cli("swagger2cfn", OPENAPI, "--on-loss", "ignore")
    assert (result.code, result.err) == (0, "")
    assert "tlsConfig" not in result.out


def test_on_loss_error_refuses_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("old\n", encoding="utf-8")
    result = cli("swagger2cfn", OPENAPI, "--on-loss", "error", "-o", out)
    assert result.code == 3
    assert result.out == ""
    assert "tls-config-unsupported" in result.lines[0]
    assert result.lines[-1] == ("apigw-convert swagger2cfn: conversion refused: 1 loss under --on-loss error; "
                                "nothing was written")
    assert out.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_on_loss_error_without_a_loss_converts() -> None:
    assert cli("cfn2swagger", CFN, "--on-loss", "error").code == 0


# --- --report --------------------------------------------------------------------------------------------

def test_report_lists_the_losses(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    assert cli("swagger2cfn", OPENAPI, "--report", report).code == 0
    data = read_report(report)
    assert data["command"] == "swagger2cfn"
    assert data["input"] == str(OPENAPI)
    [diagnostic] = data["diagnostics"]
    assert diagnostic["code"] == "tls-config-unsupported"
    assert (diagnostic["file"], diagnostic["line"], diagnostic["column"]) == (str(OPENAPI), 5, 16)
    assert diagnostic["hint"]


@pytest.mark.parametrize(("argv", "code", "expected"), [
    (("swagger2cfn", OPENAPI, "--on-loss", "error"), 3, "tls-config-unsupported"),
    (("cfn2swagger", DATA / "bad-syntax.yaml"), 1, "yaml-syntax"),
    (("cfn2swagger", DATA / "missing.yaml"), 1, "file-not-found"),
    (("cfn2swagger", CFN, "--on-loss", "ignore"), 0, None),
], ids=["refused", "bad-yaml", "missing", "clean"])
def test_report_is_written_whatever_the_outcome(tmp_path: Path, argv: tuple[object, ...], code: int,
                                                expected: str | None) -> None:
    report = tmp_path / "report.json"
    assert cli(*argv, "--report", report).code == code  # type: ignore[arg-type]
    codes = [d["code"] for d in read_report(report)["diagnostics"]]
    assert codes == ([expected] if expected else [])


def test_report_for_stdin(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    cli("swagger2cfn", "-", "--report", report, stdin=OPENAPI.read_bytes())
    data = read_report(report)
    assert data["input"] == "<stdin>"
    assert data["diagnostics"][0]["file"] == "<stdin>"


def test_report_into_a_missing_directory_fails_before_anything_is_written(tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    result = cli("cfn2swagger", CFN, "-o", out, "--report", tmp_path / "no" / "such" / "dir" / "r.json")
    assert result.code == 1
    assert result.lines == [result.lines[0]] and "cannot write the report" in result.lines[0]
    assert not result.out and not out.exists()


def test_unwritable_report_fails_the_run(tmp_path: Path) -> None:
    blocker = tmp_path / "r.json"
    blocker.mkdir()  # the report path is a directory: found only when the report is written
    result = cli("cfn2swagger", CFN, "--report", blocker)
    assert result.code == 1
    assert result.lines == [result.lines[0]] and "cannot write the report" in result.lines[0]
    assert result.out  # the conversion itself went through


# --- errors people can act on ----------------------------------------------------------------------------

def _one_line(result: object) -> str:
    lines = result.lines  # type: ignore[attr-defined]
    assert len(lines) == 1, lines
    assert "Traceback" not in lines[0]
    return lines[0]  # type: ignore[no-any-return]


def test_bad_yaml_names_file_line_and_column() -> None:
    result = cli("cfn2swagger", DATA / "bad-syntax.yaml")
    assert result.code == 1 and result.out == ""
    assert _one_line(result).startswith(f"{DATA / 'bad-syntax.yaml'}:4:20: error yaml-syntax at /: ")


def test_duplicate_key_names_both_lines() -> None:
    result = cli("cfn2swagger", DATA / "duplicate-key.yaml")
    assert result.code == 1
    assert _one_line(result) == (f"{DATA / 'duplicate-key.yaml'}:4:1: error duplicate-key at /IntegrationHttpMethod: "
                                 "key 'IntegrationHttpMethod' appears at line 2 and again at line 4")


def test_invalid_value_is_placed() -> None:
    result = cli("cfn2swagger", DATA / "invalid-enum.yaml")
    assert result.code == 1
    assert _one_line(result).startswith(f"{DATA / 'invalid-enum.yaml'}:4:22: error invalid-enum at "
                                        "/PassthroughBehavior: 'SOMETIMES' is not one of")


@pytest.mark.parametrize(("make", "code"), [
    (lambda d: d / "missing.yaml", "file-not-found"),
    (lambda d: _write(d / "latin1.yaml", "Uri: caf\xe9\n".encode("latin-1")), "invalid-encoding"),
    (lambda d: _write(d / "list.yaml", b"- 1\n- 2\n"), "unrecognised-input"),
    (lambda d: _write(d / "empty.yaml", b""), "invalid-document"),
], ids=["missing", "not-utf8", "a-list", "empty"])
def test_unusable_input_is_one_line_and_exit_1(tmp_path: Path, make: object, code: str) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    result = cli("cfn2swagger", path)
    assert result.code == 1 and result.out == ""
    assert f" {code} at " in _one_line(result)


def test_a_directory_where_diff_needs_a_file_is_one_line_and_exit_1(tmp_path: Path) -> None:
    result = cli("diff", tmp_path, CFN)  # cfn2swagger, swagger2cfn and validate search a directory
    assert result.code == 1 and " not-a-file at " in _one_line(result)


def test_not_utf8_on_stdin() -> None:
    result = cli("cfn2swagger", "-", stdin=b"Type: \xff\n")
    assert result.code == 1
    assert _one_line(result).startswith("<stdin>:1:7: error invalid-encoding")


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("where", ["missing-dir", "under-a-file"])
def test_unwritable_output_is_one_line(tmp_path: Path, where: str) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    out = tmp_path / ("no" if where == "missing-dir" else "file") / "out.yaml"  # -o DIR: see test_cli_batch.py
    result = cli("cfn2swagger", CFN, "-o", out)
    assert result.code == 1
    assert "cfn2swagger: " in _one_line(result)
    assert str(out) in result.err


# --- usage -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("argv", "message"), [
    ((), "the following arguments are required: COMMAND"),
    (("frobnicate",), "invalid choice: 'frobnicate'"),
    (("cfn2swagger",), "the following arguments are required: IN"),
    (("cfn2swagger", CFN, "--format", "xml"), "invalid choice: 'xml'"),
    (("cfn2swagger", CFN, "--on-loss", "maybe"), "invalid choice: 'maybe'"),
    (("cfn2swagger", CFN, "--bogus"), "unrecognized arguments: --bogus"),
    (("swagger2cfn", CFN, "--embed"), "unrecognized arguments: --embed"),
    (("cfn2swagger", CFN, "--in-place"), "--in-place needs --embed"),
    (("swagger2cfn", OPENAPI, "--in-place"), "--in-place needs --unembed"),
    (("cfn2swagger", "-", "--embed", "--in-place"), "--in-place needs a file"),
    (("cfn2swagger", CFN, "--embed", "--in-place", "-o", "x"), "exclude each other"),
    (("cfn2swagger", CFN, "-o", CFN), "is the input file; pass --in-place"),
    (("cfn2swagger", CFN, "--report", CFN), "the report"),
    (("diff", CFN, OPENAPI, "--report", OPENAPI), "is an input file"),
    (("cfn2swagger", CFN, "-o", "same.yaml", "--report", "same.yaml"), "the report and the output are both"),
    (("cfn2swagger", CFN, "-o", ""), "-o/--output needs a file name"),
    (("diff", "-", "-"), "only one of A and B can be standard input"),
    (("validate", "-", "-"), "standard input can be read once"),
    (("diff", "--", CFN, "--"), "the file argument B is missing"),
    (("cfn2swagger", CFN, "--openapi", "2.0"), "--openapi applies to a template"),
    (("cfn2swagger", CFN, "--api", "Api"), "--api applies to a template"),
    (("swagger2cfn", OPENAPI, "--openapi", "2.0"), "unrecognized arguments: --openapi"),
    (("cfn2swagger", OPENAPI), "did you mean 'swagger2cfn'?"),
    (("swagger2cfn", CFN), "did you mean 'cfn2swagger'?"),
    (("cfn2swagger", CFN, "--embed"), "--embed needs a template"),
    (("schema", "nope"), "invalid choice: 'nope'"),
], ids=lambda v: "-".join(str(a) for a in v)[:60] if isinstance(v, tuple) else None)
def test_usage_errors_exit_2(argv: tuple[object, ...], message: str) -> None:
    before = snapshot(DATA)
    result = cli(*argv)  # type: ignore[arg-type]
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err
    assert result.out == ""
    assert snapshot(DATA) == before


@pytest.mark.parametrize("command", [None, "cfn2swagger", "swagger2cfn", "diff", "schema"])
def test_help_documents_the_exit_codes(command: str | None) -> None:
    result = cli(*([command] if command else []), "--help")
    assert (result.code, result.err) == (0, "")
    assert "exit codes:" in result.out
    for code in ("0 ", "2 ", "130 ") if command == "schema" else ("0 ", "1 ", "2 ", "130 "):
        assert f"\n  {code}" in result.out, code


def test_convert_help_documents_exit_code_3() -> None:
    assert "\n  3    conversion refused" in cli("cfn2swagger", "--help").out


def test_version() -> None:
    result = cli("--version")
    assert (result.code, result.out) == (0, f"apigw-convert {apigw_convert.__version__}\n")


# --- schema ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["cfn", "swagger", "model", "report"])
def test_schema_prints_the_committed_schema(name: str) -> None:
    result = cli("schema", name)
    assert result.code == 0
    assert result.out == (REPO / "schemas" / f"{name}.json").read_text(encoding="utf-8")


# --- exits that are not about the input ------------------------------------------------------------------

def test_ctrl_c_is_exit_130_and_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("apigw_convert.conversions.detect_kind", interrupt)
    result = cli("cfn2swagger", CFN)
    assert result.code == 130
    assert _one_line(result) == "apigw-convert cfn2swagger: interrupted"


def test_broken_pipe_is_quiet() -> None:
    class Closed:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

    err = io.StringIO()
    assert run(["cfn2swagger", str(CFN)], io.StringIO(), Closed(), err) == 141  # type: ignore[arg-type]
    assert run(["schema", "cfn"], io.StringIO(), Closed(), err) == 141  # type: ignore[arg-type]
    assert err.getvalue() == ""


def test_a_bug_is_exit_4_with_its_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise TypeError("a bug")

    monkeypatch.setattr("apigw_convert.conversions.detect_kind", broken)
    result = cli("cfn2swagger", CFN)
    assert result.code == 4
    assert result.lines[0] == "apigw-convert cfn2swagger: internal error, please report it with this traceback:"
    assert result.lines[-1] == "TypeError: a bug"


# --- the input is never touched --------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [
    ("cfn2swagger", "integration.cfn.yaml"),
    ("cfn2swagger", "integration.cfn.yaml", "-o", "out.yaml"),
    ("swagger2cfn", "integration.openapi.json", "-o", "out.json", "--on-loss", "error"),
    ("swagger2cfn", "integration.openapi.json", "-o", "out.json", "--report", "r.json"),
])
def test_input_is_never_modified(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...]) -> None:
    source = copy(argv[1], tmp_path)
    before = source.read_bytes(), source.stat().st_mtime_ns
    monkeypatch.chdir(tmp_path)
    cli(*argv)
    assert (source.read_bytes(), source.stat().st_mtime_ns) == before


def test_an_empty_file_name_is_not_the_current_directory() -> None:
    result = cli("cfn2swagger", "")
    assert result.code == 1
    assert result.lines == ["error file-not-found at /: no file name given (an empty path)"]
