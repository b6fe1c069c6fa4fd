"""Release metadata: one version, the licence, an sdist that carries what its tests read."""

from __future__ import annotations

import re
from importlib.metadata import metadata, version

import pytest
from conftest import REPO

import apigw_convert

tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from Python 3.11 on")
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def test_one_version() -> None:
    assert PYPROJECT["project"]["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "apigw_convert.__version__"}
    assert version("apigw_convert") == apigw_convert.__version__


def test_licence_is_declared_and_shipped() -> None:
    assert PYPROJECT["project"]["license"] == "Apache-2.0"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]
    assert "Apache License" in (REPO / "LICENSE").read_text(encoding="utf-8")
    assert metadata("apigw_convert")["License-Expression"] == "Apache-2.0"


def test_classifiers_name_the_pythons_of_the_requirement() -> None:
    classifiers = PYPROJECT["project"]["classifiers"]
    floor = re.fullmatch(r">=3\.(\d+)", PYPROJECT["project"]["requires-python"])
    assert floor
    pattern = re.compile(r"Programming Language :: Python :: 3\.(\d+)")
    minors = sorted(int(m.group(1)) for c in classifiers if (m := pattern.fullmatch(c)))
    assert minors[0] == int(floor.group(1))
    assert "Typing :: Typed" in classifiers and (REPO / "apigw_convert" / "py.typed").is_file()


def test_sdist_carries_what_the_tests_read() -> None:
    grafted = set(re.findall(r"^graft (\S+)$", (REPO / "MANIFEST.in").read_text(encoding="utf-8"), re.M))
    read_by_tests = {"tests", "fixtures", "examples", "schemas", "scripts", "bench"}
    assert read_by_tests <= grafted


def test_every_runtime_dependency_has_a_tested_floor() -> None:
    for requirement in PYPROJECT["project"]["dependencies"]:
        assert re.search(r">=\d+(\.\d+){2}", requirement), f"{requirement}: the exact floor check_floors.sh installs"
