"""A Method whose authorization depends on conditions (``AuthorizationType``, ``AuthorizerId``,
``ApiKeyRequired``, ``AuthorizationScopes`` as ``Fn::If``), written as OpenAPI security requirements that are
``Fn::If`` list items.

The Method is split into the two Methods the first condition chooses between (the fields on other conditions
stay ``Fn::If`` in both, and are split in turn); each branch's requirements are written as usual; a requirement
both branches have is written plainly, one only a branch has becomes ``Fn::If [C, requirement, AWS::NoValue]``
(CloudFormation removes a list item that resolves to ``NoValue``), so that the Body deploys to exactly what the
Method deployed to. Reading does the reverse, one condition at a time.
"""

from __future__ import annotations

import json
from typing import Any

from ...intrinsics import NO_VALUE, if_parts, is_no_value
from ...pointer import Path
from ..model import Method
from ..names import AUTHORIZATION

FIELDS = ("authorization_type", "authorizer", "api_key_required", "authorization_scopes")


def split(method: Method) -> tuple[str, Method, Method] | None:
    """``(condition, method if true, method if false)`` for the condition of the first authorization field that
    is an ``Fn::If``; ``None`` when none is."""
    conditions = [parts[0] for name in FIELDS if (parts := if_parts(getattr(method, name))) is not None]
    if not conditions:
        return None
    condition = str(conditions[0])
    branches = []
    for index in (1, 2):
        update = {}
        for name in FIELDS:
            parts = if_parts(getattr(method, name))
            if parts is not None and parts[0] == condition:
                value = parts[index]
                update[name] = None if is_no_value(value) else value
        branches.append(method.model_copy(update=update))
    return condition, branches[0], branches[1]


def merged(condition: str, first: list[Any], second: list[Any]) -> list[Any]:
    """One requirement list for both branches: shared items plainly, the others as ``Fn::If`` items."""
    def key(item: Any) -> str:
        return json.dumps(item, sort_keys=True, default=str)

    keys_second = {key(item) for item in second}
    keys_first = {key(item) for item in first}
    no = {"Ref": NO_VALUE}
    out = [item if key(item) in keys_second else {"Fn::If": [condition, item, no]} for item in first]
    return out + [{"Fn::If": [condition, no, item]} for item in second if key(item) not in keys_first]


def branch_lists(value: list[Any], places: list[Path]) -> tuple[str, list[tuple[Any, Path]],
                                                                list[tuple[Any, Path]]] | None:
    """``(condition, requirements if true, requirements if false)`` for the condition of the first ``Fn::If``
    item (items on other conditions are in both lists), each requirement with its place in the source (``places``
    holds those of ``value``'s items); ``None`` when it has none."""
    parts = [if_parts(item) for item in value]
    conditions = [p[0] for p in parts if p is not None]
    if not conditions:
        return None
    lists: tuple[list[tuple[Any, Path]], list[tuple[Any, Path]]] = ([], [])
    for item, place, p in zip(value, places, parts, strict=True):
        for index, out in ((1, lists[0]), (2, lists[1])):
            chosen = (item, place) if p is None or p[0] != conditions[0] else (p[index], (*place, "Fn::If", index))
            if not is_no_value(chosen[0]):
                out.append(chosen)
    return str(conditions[0]), lists[0], lists[1]


def combine(condition: str, method: Method, first: Method, second: Method) -> None:
    """Set the authorization fields of ``method`` from its two branches, ``Fn::If`` where they differ."""
    for name in FIELDS:
        a, b = getattr(first, name), getattr(second, name)
        # no authorization type is NONE, which a Method states; the other fields are left out
        no = AUTHORIZATION["none"] if name == "authorization_type" else {"Ref": NO_VALUE}
        setattr(method, name, a if a == b else {"Fn::If": [condition, no if a is None else a, no if b is None else b]})
