"""``Fn::If`` around a whole property mapping, pushed down to its values.

``{"Fn::If": [C, {a: 1}, {b: 2}]}`` deploys exactly as ``{a: {"Fn::If": [C, 1, NoValue]}, b: {"Fn::If": [C,
NoValue, 2]}}``: CloudFormation removes a key whose value is ``AWS::NoValue``. The pushed-down form has a key for
every field, which is what the field-by-field readers (and the other dialect) can hold.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..intrinsics import NO_VALUE, if_parts, is_intrinsic, is_no_value, plain

_DEPTH = 16


def pushed_down(value: Any, depth: int = _DEPTH) -> Any:
    """The mapping an ``Fn::If`` between mappings (or ``AWS::NoValue``) stands for, field by field; any other
    value (a mapping, or an ``Fn::If`` whose branches are not both mappings) is returned as it is."""
    parts = if_parts(value)
    if parts is None or depth <= 0:
        return value
    condition, first, second = parts
    first, second = pushed_down(first, depth - 1), pushed_down(second, depth - 1)
    branches = [{} if is_no_value(b) else b for b in (first, second)]
    if not all(isinstance(b, Mapping) and not is_intrinsic(b) for b in branches):
        return value
    out: dict[str, Any] = {}
    for key in [*branches[0], *(k for k in branches[1] if k not in branches[0])]:
        a, b = (plain(branch.get(key, {"Ref": NO_VALUE})) for branch in branches)
        out[str(key)] = a if a == b else {"Fn::If": [condition, a, b]}
    return out


def first_branch(value: Any, where: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """Where the fields of a pushed-down ``Fn::If`` are reported: inside its first branch that is not
    ``AWS::NoValue`` (``where`` itself for any other value)."""
    parts = if_parts(value)
    if parts is None:
        return where
    index = 2 if is_no_value(parts[1]) else 1
    return first_branch(parts[index], (*where, "Fn::If", index))


def derived(conditions: dict[str, Any], outer: str | None, inner: str, negate: bool = False) -> str:
    """The name of the condition "``outer`` and (not) ``inner``" (``outer`` ``None``: just "not ``inner``"),
    defined in ``conditions`` as an ``Fn::And`` / ``Fn::Not`` of the named ones."""
    term: Any = {"Condition": inner}
    name = inner
    if negate:
        term, name = {"Fn::Not": [term]}, f"Not{inner}"
    if outer is not None:
        term, name = {"Fn::And": [{"Condition": outer}, term]}, f"{outer}And{name}"
    conditions[name] = term
    return name


def either(conditions: dict[str, Any], first: str, second: str) -> str:
    """The name of the condition "``first`` or ``second``", defined in ``conditions`` as an ``Fn::Or``."""
    name = f"{first}Or{second}"
    conditions[name] = {"Fn::Or": [{"Condition": first}, {"Condition": second}]}
    return name
