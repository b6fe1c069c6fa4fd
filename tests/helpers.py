"""Test helpers: reading fixtures, explaining differences by path with deepdiff."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from deepdiff import DeepDiff

from apigw_convert.pointer import to_pointer


def read_yaml(path: Path) -> Any:
    """A long-form YAML fixture, read with PyYAML's safe loader (fixtures use no short-form tags)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write_yaml(path: Path, data: Any) -> None:
    """Write a fixture back (used by --update-golden), keeping key order and unicode."""
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120), encoding="utf-8")


def read_json(path: Path) -> Any:
    """A JSON fixture."""
    return json.loads(path.read_text(encoding="utf-8"))


def explain(expected: Any, actual: Any) -> str:
    """Every difference between two values, one per line, as ``pointer: expected -> actual``.

    Empty when they are equal. Used in assertion messages so a failed round trip says where it broke.
    """
    diff = DeepDiff(expected, actual, ignore_order=False, verbose_level=2, view="tree")
    lines = []
    for kind, changes in diff.items():
        for change in changes:
            path = to_pointer(change.path(output_format="list"))
            lines.append(f"{kind} at {path or '/'}: {_short(change.t1)} -> {_short(change.t2)}")
    return "\n".join(lines)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def assert_same(expected: Any, actual: Any, what: str = "") -> None:
    """Assert equality (including mapping key order), explaining any difference by path."""
    if expected == actual and json.dumps(expected, default=str) == json.dumps(actual, default=str):
        return
    detail = explain(expected, actual) or "same content, different key order:\n" + json.dumps(actual, indent=1)
    raise AssertionError(f"{what}\n{detail}")
