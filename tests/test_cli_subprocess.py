"""The installed ``apigw-convert`` script and ``python -m apigw_convert`` in real processes: exit codes, stdin,
a closed pipe, Ctrl-C."""

from __future__ import annotations

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
    (["cfn2swagger", str(CFN)], ["deepdiff", "apigw_convert.cli._diff", "apigw_convert.cli._documents",
                                 "apigw_convert.cli._validate", "apigw_convert.files",
                                 # a plain integration takes the fast path: no pydantic model is defined
                                 "pydantic", "apigw_convert.model", "apigw_convert.codecs._table"]),
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
