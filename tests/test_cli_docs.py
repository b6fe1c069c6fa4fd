"""The README's command-line section stays true: every ```console block is run (one bash session per block,
in a scratch directory holding copies of examples/ and tests/data/cli/) and must print what the page shows.
``pytest --update-golden`` rewrites the page's outputs from the current code, for a human to review."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SAM_MISSING, sam_translator_missing

DOC = REPO / "README.md"
BLOCK = re.compile(r"(```console\n)(.*?)(```)", re.S)
MARK = "@@apigw-convert-docs@@"


def _blocks() -> list[str]:
    return [m.group(2) for m in BLOCK.finditer(DOC.read_text(encoding="utf-8"))]


def _scratch(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "examples", tmp_path / "examples")
    shutil.copytree(REPO / "tests" / "data" / "cli", tmp_path / "tests" / "data" / "cli")
    return tmp_path


def _rendered(block: str, workdir: Path) -> str:
    """The block as the commands print it now: each '$ command' followed by its stdout and stderr."""
    commands = [line[2:] for line in block.splitlines() if line.startswith("$ ")]
    # the marker must not change $?, which an 'echo $?' in the page shows
    script = "".join(f"status=$?; echo {MARK}; (exit $status)\n{command}\n" for command in commands)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "COLUMNS": "80"}
    result = subprocess.run(["bash", "-c", script], cwd=workdir, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, timeout=120, check=False)
    outputs = result.stdout.decode("utf-8").split(MARK + "\n")[1:]
    assert len(outputs) == len(commands), result.stdout
    return "".join(f"$ {command}\n{output}" for command, output in zip(commands, outputs, strict=True))


@pytest.mark.skipif(shutil.which("bash") is None, reason="the examples are bash sessions")
@pytest.mark.parametrize("index", range(len(_blocks())))
def test_console_block_prints_what_the_page_shows(index: int, tmp_path: Path, update_golden: bool) -> None:
    block = _blocks()[index]
    if ".sam." in block and sam_translator_missing():
        pytest.skip(SAM_MISSING)
    actual = _rendered(block, _scratch(tmp_path))
    if update_golden and actual != block:
        text = DOC.read_text(encoding="utf-8")
        match = list(BLOCK.finditer(text))[index]
        DOC.write_text(text[:match.start(2)] + actual + text[match.end(2):], encoding="utf-8")
        return
    assert actual == block


def test_every_command_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for command in ("cfn2swagger", "swagger2cfn", "diff", "validate", "schema"):
        assert f"### `{command}`" in text, command
    for code in (0, 1, 2, 3, 4, 130):
        assert f"\n| {code} |" in text, code
