"""Intrinsic functions seen from a whole document: what a value points at, and ``${AWS::Region}`` strings.

Pseudo-parameter strings (the rule that goes in the README's canonicalization list):

* API Gateway's OpenAPI import itself resolves ``${AWS::AccountId}``, ``${AWS::Partition}`` and
  ``${AWS::Region}`` in plain strings; an ``AWS::ApiGateway::Method`` resource does not. So a plain string
  holding one of these three is wrapped in ``Fn::Sub`` when it is written into a CloudFormation resource,
  every other ``${...}`` in it (stage variables, ``${request.x}``, other pseudo-parameters) escaped as ``${!...}``
  (:func:`wrap_pseudo`).
* The way back unwraps: an ``Fn::Sub`` (string form) whose variables are only those three, at least one of
  them, and whose escaped ``${!...}`` parts do not spell one of them, is written into OpenAPI as the plain string
  with ``${!x}`` turned back into ``${x}`` (:func:`unwrap_pseudo`). Any other ``Fn::Sub`` stays as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ..diagnostics import Report
from ..fields import INTEGRATION_FIELDS, TLS_CONFIG_FIELDS, Kind
from ..intrinsics import is_intrinsic, is_mapping, key_text, plain
from ..pointer import Path
from .names import AUTHORIZER_FIELDS
from .spelling import plain_reference

MODEL_TYPE = "AWS::ApiGateway::Model"
IMPORT_RESOLVED = frozenset({"AWS::AccountId", "AWS::Partition", "AWS::Region"})
_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_SCALARS = frozenset({str, int, float, bool, type(None)})


def ref_target(value: Any) -> str | None:
    """``X`` of ``{"Ref": "X"}`` (or another spelling of it, see :mod:`.spelling`), else ``None``."""
    value = plain_reference(value)
    if is_intrinsic(value) and "Ref" in value and isinstance(value["Ref"], str):
        return value["Ref"]
    return None


def getatt_parts(value: Any) -> tuple[str, str] | None:
    """``(X, Attr)`` of ``{"Fn::GetAtt": [X, Attr]}`` or ``{"Fn::GetAtt": "X.Attr"}`` (or another spelling of it,
    see :mod:`.spelling`), else ``None``."""
    value = plain_reference(value)
    if not (is_intrinsic(value) and "Fn::GetAtt" in value):
        return None
    args = value["Fn::GetAtt"]
    if isinstance(args, str) and "." in args:
        name, attr = args.split(".", 1)
        return name, attr
    if isinstance(args, list) and len(args) == 2 and all(isinstance(a, str) for a in args):
        return args[0], args[1]
    return None


def sub_variables(text: str) -> list[str]:
    """The variables of an ``Fn::Sub`` template string; escaped ``${!...}`` are not variables."""
    return [name for name in _VARIABLE.findall(text) if not name.startswith("!")]


def _escaped(text: str) -> list[str]:
    return [name[1:] for name in _VARIABLE.findall(text) if name.startswith("!")]


def _escape_all_but_resolved(text: str) -> str:
    def escape(match: re.Match[str]) -> str:
        name = match.group(1)
        return match.group(0) if name in IMPORT_RESOLVED else "${!" + name + "}"
    return _VARIABLE.sub(escape, text)


def walk_leaves(value: Any, leaf: Callable[[Any], Any]) -> Any:
    """Apply ``leaf`` to every value that is not a container, looking inside Fn::If / Fn::Join / Fn::Select."""
    cls = type(value)
    if cls is str:
        return leaf(value)
    if cls is dict or is_mapping(value):
        if is_intrinsic(value):
            (name, args), = value.items()
            if name == "Fn::If" and isinstance(args, list) and len(args) == 3:
                return {name: [args[0], walk_leaves(args[1], leaf), walk_leaves(args[2], leaf)]}
            if name in ("Fn::Join", "Fn::Select") and isinstance(args, list) and len(args) == 2:
                return {name: [args[0], walk_leaves(args[1], leaf)]}
            return leaf(value)
        return {key: walk_leaves(item, leaf) for key, item in value.items()}
    if cls is list or isinstance(value, list):
        return [walk_leaves(item, leaf) for item in value]
    return leaf(value)


def wrap_pseudo(value: Any) -> Any:
    """Wrap plain strings holding an import-resolved pseudo-parameter in ``Fn::Sub`` (at any depth)."""
    def leaf(item: Any) -> Any:
        if isinstance(item, str) and "${" in item and any(name in IMPORT_RESOLVED for name in sub_variables(item)):
            return {"Fn::Sub": _escape_all_but_resolved(item)}
        return item
    return walk_leaves(value, leaf)


def map_strings(value: Any, func: Callable[[str], str]) -> Any:
    """``value`` with ``func`` applied to every string in it, inside Fn::If / Fn::Join / Fn::Select too."""
    return walk_leaves(value, lambda item: func(item) if isinstance(item, str) else item)


# The OpenAPI keys whose value is a number or a boolean: an Fn::Sub there stays one (a string would be wrong).
_NOT_TEXT = frozenset(name for spec in (*TLS_CONFIG_FIELDS, *INTEGRATION_FIELDS, *AUTHORIZER_FIELDS)
                      if spec.kind in (Kind.INTEGER, Kind.BOOLEAN) and (name := spec.name("openapi")))


def unwrap_pseudo(value: Any) -> Any:
    """Undo :func:`wrap_pseudo` wherever an ``Fn::Sub`` needs nothing but import-resolved variables, in string
    fields only (``timeoutInMillis: !Sub '${AWS::AccountId}'`` keeps its Fn::Sub)."""
    def leaf(item: Any) -> Any:
        if is_intrinsic(item) and isinstance(item.get("Fn::Sub"), str):
            text = item["Fn::Sub"]
            names = sub_variables(text)
            if names and set(names) <= IMPORT_RESOLVED and not set(_escaped(text)) & IMPORT_RESOLVED:
                return re.sub(r"\$\{!", "${", text)
        return item

    def walk(item: Any) -> Any:  # a scalar is returned as it is, without a call: leaf changes none
        if (type(item) is dict or is_mapping(item)) and not is_intrinsic(item):
            return {key: value if key in _NOT_TEXT or type(value) in _SCALARS else walk(value)
                    for key, value in item.items()}
        if isinstance(item, list):
            return [element if type(element) in _SCALARS else walk(element) for element in item]
        return walk_leaves(item, leaf)
    return walk(value)


def walk_intrinsics(value: Any, path: Path = ()) -> Iterator[tuple[Path, str, Any]]:
    """Every intrinsic function inside ``value``, depth first: ``(path, function name, arguments)``.

    Iterative (an explicit stack), so deep values cost no recursion and each step no chain of generators.
    """
    stack: list[tuple[Any, Path]] = [(value, path)]
    pop, push = stack.pop, stack.extend
    while stack:
        value, path = pop()
        cls = type(value)
        if cls is str:
            continue
        if cls is dict or is_mapping(value):
            if len(value) == 1 and is_intrinsic(value):
                (name, args), = value.items()
                yield path, name, args
            items = value.items() if cls is dict else list(value.items())
            # leaves hold no function: no path is made for them
            push([(item, (*path, key_text(key))) for key, item in reversed(items) if type(item) not in _SCALARS])
        elif cls is list or isinstance(value, list):
            push([(value[i], (*path, i)) for i in range(len(value) - 1, -1, -1) if type(value[i]) not in _SCALARS])


def rewrite(value: Any, func: Callable[[Any], Any | None]) -> Any:
    """A copy of ``value`` in which every mapping ``func`` returns something for is replaced by that."""
    if isinstance(value, Mapping):
        replaced = func(value)
        if replaced is not None:
            return replaced
        return {key: rewrite(item, func) for key, item in value.items()}
    if isinstance(value, list):
        return [rewrite(item, func) for item in value]
    return value


def point_away(value: Any, where: Path, removed: Mapping[str, str], model_names: Mapping[str, Any],
               report: Report) -> Any:
    """A copy of ``value`` pointing away from the ``removed`` resources (logical ID -> type): ``!Ref`` of a model
    becomes its name (what the Ref returns); any other reference to them is reported (``dangling-reference``)."""
    if isinstance(value, Mapping):
        if is_intrinsic(value):
            target = ref_target(value)
            if target is not None and target in removed:
                if removed[target] == MODEL_TYPE and target in model_names:
                    report.add("reference-rewritten", where, f"!Ref {target} became the model name")
                    return model_names[target]
                report.add("dangling-reference", where, f"!Ref {target}: {target} is not in the output")
                return plain(value)
            parts = getatt_parts(value)
            if parts and parts[0] in removed:
                report.add("dangling-reference", where, f"!GetAtt {'.'.join(parts)}: {parts[0]} is not in the output")
                return plain(value)
            if "Fn::Sub" in value:
                args = value["Fn::Sub"]
                text = args if isinstance(args, str) else args[0] if isinstance(args, list) and args else None
                if isinstance(text, str) and any(v.split(".")[0] in removed for v in sub_variables(text)):
                    report.add("dangling-reference", where, "a ${...} variable names a resource not in the output")
        return {k: point_away(v, (*where, str(k)), removed, model_names, report) for k, v in value.items()}
    if isinstance(value, list):
        return [point_away(v, (*where, i), removed, model_names, report) for i, v in enumerate(value)]
    return value
