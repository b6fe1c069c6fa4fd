"""Parameters, method responses, response headers and models that exist, or differ, under a condition.

Both dialects say "this entry exists only when C" with ``Fn::If`` and ``AWS::NoValue`` (CloudFormation removes a
map entry or list item whose value resolves to ``NoValue``), around the entry or around the whole map or list.
The neutral form is per entry: a :class:`.Parameter` or :class:`.ResponseHeader` whose ``required`` is an
``Fn::If`` tree with ``AWS::NoValue`` leaves where it does not exist, a :class:`.MethodResponse` whose ``exists``
is such a tree (of ``true``), a model map whose values are such trees of model names. Two versions of one entry
become one entry whose differing fields are ``Fn::If`` values.

A *tree* here is a value or ``{"Fn::If": [C, tree, tree]}``; the readers build trees of read objects (or lists of
them) and :func:`merged_flag_item` / :func:`merged_response` / :func:`merged_map` fold them into one neutral
object; the writers :func:`lift` a tree back around the object they write.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Mapping
from typing import Any

from ..intrinsics import NO_VALUE, if_parts, is_intrinsic, is_no_value, key_text, plain
from ..pointer import Path
from .conditional import pushed_down


def no_value() -> dict[str, str]:
    """A fresh ``{"Ref": "AWS::NoValue"}``."""
    return {"Ref": NO_VALUE}


def dumped(value: Any) -> Any:
    """``value`` as plain data, models included, for comparing two branches."""
    if isinstance(value, list):
        return [dumped(item) for item in value]
    if hasattr(value, "model_dump"):
        return value.model_dump()
    return value


def tree_map(tree: Any, leaf: Callable[[Any], Any]) -> Any:
    """``tree`` with every leaf (``NoValue`` included) replaced by ``leaf(it)``, then :func:`flattened`."""
    def mapped(node: Any) -> Any:
        parts = if_parts(node)
        if parts is None:
            return leaf(node)
        return {"Fn::If": [parts[0], mapped(parts[1]), mapped(parts[2])]}
    return flattened(mapped(tree))


def flattened(tree: Any, known: tuple[tuple[str, int], ...] = ()) -> Any:
    """``tree`` where an ``Fn::If`` inside a branch of one on the same condition is that branch, and one whose two
    branches are the same is that branch."""
    parts = if_parts(tree)
    if parts is None:
        return tree
    condition, first, second = parts
    chosen = dict(known).get(condition)
    if chosen is not None:
        return flattened(parts[chosen], known)
    a, b = flattened(first, (*known, (condition, 1))), flattened(second, (*known, (condition, 2)))
    return a if dumped(a) == dumped(b) else {"Fn::If": [condition, a, b]}


def leaves(tree: Any) -> Iterator[Any]:
    """The leaves of ``tree`` that are not ``NoValue``, first branch first."""
    parts = if_parts(tree)
    if parts is None:
        if not is_no_value(tree):
            yield tree
        return
    yield from leaves(parts[1])
    yield from leaves(parts[2])


def never(tree: Any) -> bool:
    """Whether every branch of ``tree`` is ``NoValue``: the entry does not exist at all."""
    parts = if_parts(tree)
    if parts is None:
        return is_no_value(tree)
    return never(parts[1]) and never(parts[2])


def absent_somewhere(tree: Any) -> bool:
    """Whether some branch of ``tree`` is ``NoValue`` (the entry does not always exist)."""
    parts = if_parts(tree)
    if parts is None:
        return is_no_value(tree)
    return absent_somewhere(parts[1]) or absent_somewhere(parts[2])


def pruned(tree: Any) -> Any:
    """``tree`` without the branches that hold nothing: what the entry is wherever it exists."""
    parts = if_parts(tree)
    if parts is None:
        return tree
    condition, first, second = parts
    a, b = pruned(first), pruned(second)
    if is_no_value(a):
        return b
    if is_no_value(b):
        return a
    return {"Fn::If": [condition, a, b]}


def lift(tree: Any, build: Callable[[Any], Any], known: tuple[tuple[str, int], ...] = ()) -> Any:
    """``tree`` with each leaf ``v`` written as ``build(v)`` and ``NoValue`` kept: the written entry inside the
    ``Fn::If`` that says when it exists (an ``Fn::If`` inside a branch of one on the same condition is that
    branch)."""
    parts = if_parts(tree)
    if parts is None:
        return no_value() if is_no_value(tree) else build(tree)
    condition, first, second = parts
    chosen = dict(known).get(condition)
    if chosen is not None:
        return lift(parts[chosen], build, known)
    return {"Fn::If": [condition, lift(first, build, (*known, (condition, 1))),
                       lift(second, build, (*known, (condition, 2)))]}


def existing(exists: Any, build: Callable[[], Any]) -> Any:
    """``build()``, inside the ``Fn::If`` that says when it exists (``exists`` ``None``: always)."""
    return build() if exists is None else lift(exists, lambda _: build())


def overlaid(first: Any, second: Any) -> Any:
    """One tree from two trees of one entry that never exist together (each ``NoValue`` where the other exists:
    ``!If [C, a, NoValue]`` and ``!If [C, NoValue, b]``); ``None`` when some branch holds both."""
    if is_no_value(first):
        return second
    if is_no_value(second):
        return first
    parts, other = if_parts(first), second
    if parts is None:
        parts, other = if_parts(second), first
        if parts is None:
            return None
    condition, a, b = parts
    inner = if_parts(other)
    a_other, b_other = (inner[1], inner[2]) if inner is not None and inner[0] == condition else (other, other)
    x, y = overlaid(a, a_other), overlaid(b, b_other)
    return None if x is None or y is None else flattened({"Fn::If": [condition, x, y]})


def versions(item: Any, field: str) -> Any:
    """A merged entry as the tree of its versions (``field``, ``required`` or ``exists``, says where it exists)."""
    return tree_map(getattr(item, field) if getattr(item, field) is not None else True,
                    lambda leaf: leaf if is_no_value(leaf) else item.model_copy(update={
                        field: None if field == "exists" else leaf}))


def grouped(tree: Any, key: Callable[[Any], Hashable]) -> dict[Hashable, Any]:
    """A tree whose leaves are lists of objects, as one tree per key (in order of first appearance) whose leaves
    are that key's object or ``NoValue``."""
    order: list[Hashable] = []
    for leaf in leaves(tree):
        for obj in leaf:
            if key(obj) not in order:
                order.append(key(obj))

    def pick(k: Hashable) -> Any:
        return tree_map(tree, lambda leaf: next((o for o in ([] if is_no_value(leaf) else leaf) if key(o) == k),
                                                no_value()))
    return {k: pick(k) for k in order}


def merged_fields(tree: Any) -> dict[str, Any] | None:
    """One mapping from a tree of mappings (``NoValue``: none), its differing keys ``Fn::If`` values; ``None``
    when there is no mapping in any branch."""
    merged = pushed_down(tree)
    return merged if isinstance(merged, dict) and not is_intrinsic(merged) else None


def _annotations(tree: Any) -> dict[str, Any]:
    return merged_fields(tree_map(pruned(tree), lambda obj: plain(obj.annotations))) or {}


def merged_flag_item(tree: Any) -> Any:
    """One parameter or response header from a tree of versions of it (``NoValue`` where it does not exist):
    ``required`` says both when it exists and whether it is required."""
    first = next(leaves(tree))
    if if_parts(tree) is None:
        return first
    required = tree_map(tree, lambda obj: no_value() if is_no_value(obj) else plain(obj.required))
    return first.model_copy(update={"required": required, "annotations": _annotations(tree)})


def merged_map(tree: Any) -> dict[str, Any] | None:
    """One content type -> model map from a tree of maps (``None`` or ``NoValue``: no entry)."""
    keys: list[str] = []
    for leaf in leaves(tree):
        keys += [k for k in (leaf or {}) if k not in keys]
    if not keys:
        return None
    def entry(key: str) -> Callable[[Any], Any]:
        return lambda m: m.get(key, no_value()) if isinstance(m, dict) else no_value()
    return {k: tree_map(tree, entry(k)) for k in keys}


def merged_response(tree: Any) -> Any:
    """One method response from a tree of versions of it: ``exists`` says when, its headers and models are
    merged entry by entry, and other differences become ``Fn::If`` values of its annotations."""
    first = next(leaves(tree))
    if if_parts(tree) is None:
        return first
    exists = tree_map(tree, lambda obj: no_value() if is_no_value(obj) else True if obj.exists is None else obj.exists)
    present = pruned(tree)
    headers = grouped(tree_map(present, lambda obj: obj.headers), lambda h: h.name)
    return first.model_copy(update={
        "exists": None if exists is True else exists,
        "headers": [merged_flag_item(item) for item in headers.values()],
        "models": merged_map(tree_map(present, lambda obj: plain(obj.models))),
        "annotations": _annotations(tree)})


def branch_paths(value: Any, where: Path) -> Iterator[tuple[Any, Path]]:
    """The leaves of an ``Fn::If`` tree that are not ``NoValue``, with where each lies."""
    parts = if_parts(value)
    if parts is None:
        if not is_no_value(value):
            yield value, where
        return
    for index in (1, 2):
        yield from branch_paths(parts[index], (*where, "Fn::If", index))


def entry_paths(value: Any, where: Path) -> dict[str, Path]:
    """Where each key of the mappings in the branches of an ``Fn::If`` tree lies (the first branch holding it)."""
    out: dict[str, Path] = {}
    for leaf, at in branch_paths(value, where):
        for key in leaf if isinstance(leaf, Mapping) else ():
            out.setdefault(key_text(key), (*at, key_text(key)))
    return out


def read_tree(value: Any, where: Path, read: Callable[[Any, Path], Any], known: tuple[tuple[str, int], ...] = ()
              ) -> Any:
    """The ``Fn::If`` tree ``value`` with each leaf (``NoValue`` included) read by ``read(leaf, where)``; inside a
    branch, an ``Fn::If`` on the same condition anywhere in the leaf is that branch."""
    parts = if_parts(value)
    if parts is None:
        return read(decided(value, dict(known)), where)
    condition, first, second = parts
    chosen = dict(known).get(condition)
    if chosen is not None:
        return read_tree(parts[chosen], (*where, "Fn::If", chosen), read, known)
    return {"Fn::If": [condition, read_tree(first, (*where, "Fn::If", 1), read, (*known, (condition, 1))),
                       read_tree(second, (*where, "Fn::If", 2), read, (*known, (condition, 2)))]}


def decided(value: Any, known: dict[str, int]) -> Any:
    """``value`` with each ``Fn::If`` on a condition of ``known`` (condition -> branch) replaced by that branch (a
    mapping entry that becomes ``NoValue`` removed, as CloudFormation does); ``value`` itself when none is."""
    if not known:
        return value
    parts = if_parts(value)
    if parts is not None and parts[0] in known:
        return decided(parts[known[parts[0]]], known)
    if isinstance(value, Mapping):
        items = {key: decided(item, known) for key, item in value.items()}
        if all(items[key] is item for key, item in value.items()):
            return value
        return {key: item for key, item in items.items() if item is value[key] or not is_no_value(item)}
    if isinstance(value, list):
        listed = [decided(item, known) for item in value]
        return value if all(a is b for a, b in zip(listed, value, strict=True)) else listed
    return value
