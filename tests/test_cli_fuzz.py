"""run() keeps its contract for any command line and any input: an exit code from the documented table, never
an exception, never a traceback (exit code 4 would mean a bug somewhere below the CLI).

The command lines name copies of tests/data/cli/ in a scratch directory: -o, --report and --in-place may write."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_cli import DATA, cli

NAMES = [*sorted(p.name for p in DATA.iterdir()), "missing.yaml", ".", "out.yaml", "report.json", "-"]
WORDS = ["cfn2swagger", "swagger2cfn", "diff", "validate", "schema", "cfn", "swagger", "report", "model",
         "--format", "yaml", "json", "xml", "--openapi", "2.0", "3.0", "--api", "OrdersApi", "--on-loss", "ignore",
         "warn", "error", "--embed", "--unembed", "--long-form", "--in-place", "-i", "--dialect", "openapi",
         "--report", "-o", "--help", "--version", "--", ""]
ARGV = st.lists(st.sampled_from(WORDS + NAMES), max_size=8)
INPUTS = st.sampled_from([
    b"", b"\xff\xfe", b"Type: AWS\n", b"type: mock\n", b"- 1\n", b"a: [\n", b"Resources: {}\n", b"openapi: 3.0.1\n",
    b"paths: {/a: {get: {x-amazon-apigateway-integration: {type: mock}}}}\n", b"Type: !Ref\n", b"{}", b"null",
    b"Type: AWS\nType: HTTP\n", b"Resources:\n  A:\n    Type: AWS::ApiGateway::RestApi\n    Properties: {Body: 1}\n",
    b"swagger: '2.0'\npaths: {/a: {post: {x-amazon-apigateway-integration: {type: aws, responses: {default: {}}}}}}\n",
])


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A directory holding copies of the CLI test files, as the working directory."""
    folder = tmp_path_factory.mktemp("fuzz")
    for path in DATA.iterdir():
        shutil.copy(path, folder / path.name)
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield folder
    finally:
        os.chdir(before)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(argv=ARGV, stdin=st.one_of(INPUTS, st.binary(max_size=64)))
def test_any_command_line_keeps_the_contract(scratch: Path, argv: list[str], stdin: bytes) -> None:
    result = cli(*argv, stdin=stdin)
    assert result.code in (0, 1, 2, 3), (argv, stdin, result.err)
    assert "Traceback" not in result.err
