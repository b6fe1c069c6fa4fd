"""The installed ``apigw-convert`` script and ``python -m apigw_convert`` in real processes: exit codes, stdin,
a closed pipe, Ctrl-C."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_cli import CFN, DATA, OPENAPI

SCRIPT = shutil.which("apigw-convert", path=str(Path(sys.executable).parent)) or shutil.which("apigw-convert")
COMMANDS = [
    pytest.param([SCRIPT], id="script", marks=pytest.mark.skipif(SCRIPT is None, reason="apigw-convert is not "
                                                                 "installed (pip install -e .)")),
    pytest.param([sys.executable, "-m", "apigw_convert"], id="python-m"),
]


def _run(command: list[str], *argv: str | Path, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*command, *map(str, argv)], input=stdin, capture_output=True, timeout=60, check=False)


@pytest.mark.parametrize("command", COMMANDS)
def test_exit_codes(command: list[str], tmp_path: Path) -> None:
    converted = _run(command, "cfn2swagger", CFN)
    assert (converted.returncode, converted.stderr) == (0, b"")
    assert converted.stdout.startswith(b"type: aws\n")

    bad = _run(command, "cfn2swagger", DATA / "bad-syntax.yaml")
    assert bad.returncode == 1
    assert bad.stderr.decode().startswith(f"{DATA / 'bad-syntax.yaml'}:4:20: error yaml-syntax")

    usage = _run(command, "cfn2swagger", CFN, "--on-loss", "never")
    assert usage.returncode == 2
    assert b"invalid choice: 'never'" in usage.stderr

    out = tmp_path / "out.yaml"
    refused = _run(command, "swagger2cfn", OPENAPI, "--on-loss", "error", "-o", out)
    assert refused.returncode == 3
    assert b"tls-config-unsupported" in refused.stderr
    assert not out.exists()

    assert _run(command, "--help").returncode == 0


@pytest.mark.parametrize("command", COMMANDS)
def test_stdin(command: list[str]) -> None:
    result = _run(command, "swagger2cfn", "-", "--on-loss", "ignore", stdin=OPENAPI.read_bytes())
    assert result.returncode == 0
    assert result.stdout.startswith(b"{\n") and b'"Type": "HTTP_PROXY"' in result.stdout


def _big_input(folder: Path) -> Path:
    """An integration whose output is much larger than a pipe's buffer."""
    lines = ["Type: MOCK", "RequestTemplates:"]
    lines += [f"  application/x-{i}: '{'x' * 200}'" for i in range(2000)]
    path = folder / "big.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("command", COMMANDS)
def test_closed_pipe_is_quiet(command: list[str], tmp_path: Path) -> None:
    big = _big_input(tmp_path)
    process = subprocess.Popen([*command, "cfn2swagger", str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline() == b"type: mock\n"
    process.stdout.close()  # what `| head -1` does
    stderr = process.stderr.read()
    process.wait(timeout=60)
    assert stderr == b""
    assert process.returncode == 141


def test_closed_pipe_in_a_shell(tmp_path: Path) -> None:
    if SCRIPT is None or shutil.which("head") is None:
        pytest.skip("needs the installed script and head")
    big = _big_input(tmp_path)
    result = subprocess.run(f"'{SCRIPT}' cfn2swagger '{big}' | head -1", shell=True, capture_output=True,
                            timeout=60, check=False)
    assert (result.stdout, result.stderr) == (b"type: mock\n", b"")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_while_waiting_for_stdin() -> None:
    process = subprocess.Popen([sys.executable, "-m", "apigw_convert", "cfn2swagger", "-"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_until_blocked_reading(process.pid)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130
    assert stdout == b""
    assert stderr == b"apigw-convert cfn2swagger: interrupted\n"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_while_waiting_for_stdin() -> None:
    process = subprocess.Popen([sys.executable, "-m", "apigw_convert", "cfn2swagger", "-"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_until_blocked_reading(process.pid)
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    assert (process.returncode, stdout, stderr) == (143, b"", b"apigw-convert cfn2swagger: terminated\n")


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_during_a_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    """The signal arrives while the output is being written (here: when it is flushed to disk)."""
    target = tmp_path / "out.yaml"
    target.write_text("old: content\n", encoding="utf-8")
    script = f"""
import os, signal, sys
real_fsync = os.fsync
def fsync(fd):
    os.kill(os.getpid(), signal.SIGTERM)
    real_fsync(fd)
os.fsync = fsync
sys.argv = ["apigw-convert", "cfn2swagger", {str(CFN)!r}, "-o", {str(target)!r}]
from apigw_convert.cli import main
main()
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60, check=False)
    assert run.returncode == 143, run.stderr
    assert run.stderr == b"apigw-convert cfn2swagger: terminated\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml"]
    assert target.read_text(encoding="utf-8") == "old: content\n"


def _wait_until_blocked_reading(pid: int) -> None:
    """Wait until the process sleeps in read(2) on its stdin (it has imported everything by then)."""
    syscall = Path(f"/proc/{pid}/syscall")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            fields = syscall.read_text().split()
        except OSError:
            time.sleep(1.0)  # no /proc: give the interpreter ample time to start
            return
        if fields and fields[0] == "0" and len(fields) > 1 and int(fields[1], 16) == 0:  # read(0, ...)
            return
        time.sleep(0.02)
    pytest.fail("the process never blocked reading stdin")


def test_no_traceback_for_a_directory_or_missing_file(tmp_path: Path) -> None:
    for command, target, code in (("diff", tmp_path, 1), ("cfn2swagger", tmp_path / "missing.yaml", 1),
                                  ("cfn2swagger", tmp_path, 2)):  # a directory needs -o DIR
        result = _run([sys.executable, "-m", "apigw_convert"], command, target, *(["-"] if command == "diff" else []))
        assert result.returncode == code
        assert b"Traceback" not in result.stderr
        assert len(result.stderr.splitlines()) == 1


def test_environment_is_not_needed() -> None:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "SYSTEMROOT")}
    result = subprocess.run([sys.executable, "-m", "apigw_convert", "schema", "report"], capture_output=True,
                            env=env, timeout=60, check=False)
    assert result.returncode == 0 and result.stdout.startswith(b"{")


_PROBE = """
import io, sys
from apigw_convert.cli import run
code = run(sys.argv[1:], io.StringIO(), io.StringIO(), io.StringIO())
print(code, " ".join(sorted(sys.modules)))
"""


@pytest.mark.parametrize(("argv", "absent"), [
    (["cfn2swagger", str(CFN)], ["deepdiff", "apigw_convert.cli._diff", "apigw_convert.documents",
                                 "apigw_convert.cli._validate", "apigw_convert.files",
                                 # a plain integration takes the fast path: no pydantic model is defined
                                 "pydantic", "apigw_convert.model", "apigw_convert.table_engine"]),
    (["schema", "report"], ["deepdiff", "apigw_convert.yaml_io", "apigw_convert.cli._convert"]),
], ids=["convert-an-integration", "schema"])
def test_commands_import_only_what_they_use(argv: list[str], absent: list[str]) -> None:
    """Start-up time: deepdiff only for diff, the document glue only for documents, file writing only for -o."""
    result = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True, timeout=60,
                            check=True)
    code, modules = result.stdout.split(" ", 1)
    assert code == "0"
    loaded = set(modules.split())
    assert not loaded & set(absent), loaded & set(absent)


_LIBRARY_PROBE = """
import sys, warnings
import apigw_convert
plain = {"Type": "AWS_PROXY", "IntegrationHttpMethod": "POST", "Uri": {"Fn::Sub": "arn:${AWS::Region}"},
         "IntegrationResponses": [{"StatusCode": 200}, {"StatusCode": "500", "SelectionPattern": ".*Error.*"}]}
back = apigw_convert.swagger_to_cfn(apigw_convert.cfn_to_swagger(plain))
fast = "pydantic" not in sys.modules
warnings.simplefilter("ignore")
apigw_convert.cfn_to_swagger({**plain, "Bogus": 1})  # a loss: the general path, with its models
print(back["IntegrationResponses"][0]["StatusCode"], fast, "pydantic" in sys.modules)
"""


def test_plain_integrations_need_no_model() -> None:
    """The library converts plain integrations without importing pydantic; anything else loads the models."""
    result = subprocess.run([sys.executable, "-c", _LIBRARY_PROBE], capture_output=True, text=True, timeout=60,
                            check=True)
    assert result.stdout.split() == ["200", "True", "True"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file descriptors")
def test_closed_standard_streams_are_reported_not_tracebacks(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "apigw_convert", "cfn2swagger"]
    closed_out = subprocess.run([*command, str(CFN)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                timeout=60, check=False, preexec_fn=lambda: os.close(1))
    assert (closed_out.returncode, closed_out.stderr) == (1, b"apigw-convert cfn2swagger: standard output is closed\n")
    closed_in = subprocess.run([*command, "-"], stdin=subprocess.DEVNULL, capture_output=True, timeout=60,
                               check=False, preexec_fn=lambda: os.close(0))
    assert closed_in.returncode == 1 and b"standard input is closed" in closed_in.stderr
    written = tmp_path / "out.yaml"
    both = subprocess.run([*command, str(CFN), "-o", str(written)], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, timeout=60, check=False,
                          preexec_fn=lambda: (os.close(1), os.close(2)))  # type: ignore[func-returns-value]
    assert both.returncode == 0 and written.read_text(encoding="utf-8").startswith("type: aws")


def test_an_ascii_locale_gets_utf8_data_and_escaped_messages(tmp_path: Path) -> None:
    source = tmp_path / "in.yaml"
    source.write_text('Type: MOCK\nRequestTemplates: {application/json: "caf\u00e9"}\n'
                      'PassthroughBehavior: N\u00c9VER\n', encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    bad = subprocess.run([sys.executable, "-m", "apigw_convert", "cfn2swagger", str(source)], capture_output=True,
                         env=env, timeout=60, check=False)
    assert bad.returncode == 1 and b"'N\\xc9VER' is not one of" in bad.stderr and b"Traceback" not in bad.stderr
    source.write_text('Type: MOCK\nRequestTemplates: {application/json: "caf\u00e9"}\n', encoding="utf-8")
    good = subprocess.run([sys.executable, "-m", "apigw_convert", "cfn2swagger", str(source)], capture_output=True,
                          env=env, timeout=60, check=False)
    assert (good.returncode, good.stderr) == (0, b"")
    assert "caf\u00e9" in good.stdout.decode("utf-8")


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="file names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/caf\xe9.yaml"
    with open(name, "wb") as handle:
        handle.write((DATA / "invalid-enum.yaml").read_bytes())
    report = tmp_path / "report.json"
    run = subprocess.run([sys.executable.encode(), b"-m", b"apigw_convert", b"validate", name, b"--report",
                          os.fsencode(report)], capture_output=True, timeout=60, check=False)
    assert run.returncode == 1 and b"Traceback" not in run.stderr
    assert run.stdout.startswith(os.fsencode(tmp_path) + b"/caf\\xe9.yaml:4:22: error invalid-enum")
    written = json.loads(report.read_text(encoding="utf-8"))
    assert written["input"].endswith("/caf\\xe9.yaml") and written["diagnostics"][0]["file"] == written["input"]
