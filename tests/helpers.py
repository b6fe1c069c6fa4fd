"""Test helpers: reading fixtures, explaining differences by path with deepdiff."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from deepdiff import DeepDiff

from apigw_convert.diagnostics import Diagnostic
from apigw_convert.intrinsics import if_parts, is_intrinsic, is_no_value
from apigw_convert.pointer import from_pointer, to_pointer


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


OUTER_CODES = ("outer-reference", "undefined-condition", "dangling-reference")


def placeholders(value: Any) -> Any:
    """A document with intrinsics replaced (Fn::If by its first present branch, others by a string) and greedy
    ``{x+}`` path segments by ``{x}``, for openapi-spec-validator (which can judge neither)."""
    parts = if_parts(value)
    if parts is not None:
        return placeholders(parts[2] if is_no_value(parts[1]) else parts[1])
    if is_intrinsic(value):
        return "placeholder"
    if isinstance(value, dict):
        return {re.sub(r"\{(\w+)\+\}", r"{\1}", k) if isinstance(k, str) and k.startswith("/") else k:
                placeholders(v) for k, v in value.items()}
    if isinstance(value, list):
        return [placeholders(v) for v in value]
    return value


def explained_by(error: dict[str, Any], diagnostics: Iterable[Diagnostic],
                 codes: tuple[str, ...] = OUTER_CODES) -> bool:
    """Whether a cfn-lint error is about a name the conversion reported as pointing outside the template."""
    outer = [d for d in diagnostics if d.code in codes]
    names = {m.group(1) for d in outer for m in re.finditer(r"'([^']+)'", d.message)}
    quoted = re.match(r"'([^']+)'", error["Message"])
    if quoted and quoted.group(1).split(".")[0] in names:
        return True
    location = tuple(str(p) for p in error["Location"]["Path"])
    return any(location[: len(p)] == p for p in (from_pointer(d.pointer) for d in outer) if p)


def shared_containers(source: Any, result: Any) -> list[str]:
    """The pointers of the mappings and lists of ``result`` that are objects of ``source`` itself."""
    owned: set[int] = set()
    stack = [source]
    while stack:
        node = stack.pop()
        if isinstance(node, dict | list):
            owned.add(id(node))
            stack.extend(node.values() if isinstance(node, dict) else node)
    found: list[str] = []
    walk: list[tuple[Any, tuple[Any, ...]]] = [(result, ())]
    while walk:
        node, path = walk.pop()
        if isinstance(node, dict | list):
            if id(node) in owned:
                found.append(to_pointer(path) or "/")
                continue
            items = node.items() if isinstance(node, dict) else enumerate(node)
            walk.extend((item, (*path, key)) for key, item in items)
    return sorted(found)
