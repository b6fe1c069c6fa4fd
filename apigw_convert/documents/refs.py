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
* A plain string of a template resource that holds one of those three is literal text there (CloudFormation
  substitutes only inside ``Fn::Sub``), so it cannot become a plain OpenAPI string, which the import would
  resolve: it is read as the ``Fn::Sub`` whose value is that text, every ``${x}`` escaped as ``${!x}``
  (:func:`protect_literals`), and such an ``Fn::Sub`` (no variable, an escaped pseudo-parameter) is written
  into a template resource as the plain string again (``wrap_pseudo(..., literal=True)``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ..diagnostics import Report
from ..fields import INTEGRATION_FIELDS, RESPONSE_FIELDS, TLS_CONFIG_FIELDS, Kind
from ..intrinsics import IMPORT_RESOLVED, SCALARS, is_intrinsic, is_mapping, key_text, plain
from ..pointer import Path
from ..resource_types import MODEL
from .names import API, AUTHORIZER_FIELDS, METHOD
from .spelling import plain_reference

_VARIABLE = re.compile(r"\$\{([^}]*)\}")


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
        # a scalar item goes to leaf without a call of this function (what that call would do)
        return {key: leaf(item) if type(item) in SCALARS else walk_leaves(item, leaf) for key, item in value.items()}
    if cls is list or isinstance(value, list):
        return [leaf(item) if type(item) in SCALARS else walk_leaves(item, leaf) for item in value]
    return leaf(value)


def _literal_sub(item: Any) -> str | None:
    """The text of an ``Fn::Sub`` that :func:`protect_literals` makes (no variable, an escaped pseudo-parameter
    among its ``${!x}``), else ``None``."""
    if is_intrinsic(item) and isinstance(text := item.get("Fn::Sub"), str) and not sub_variables(text) \
            and not IMPORT_RESOLVED.isdisjoint(_escaped(text)):
        return _VARIABLE.sub(lambda match: "${" + match.group(1)[1:] + "}", text)
    return None


def wrap_pseudo(value: Any, *, literal: bool = False) -> Any:
    """Wrap plain strings holding an import-resolved pseudo-parameter in ``Fn::Sub`` (at any depth); with
    ``literal`` (a template resource's properties), write the ``Fn::Sub`` of :func:`protect_literals` as the
    plain string it stands for."""
    def leaf(item: Any) -> Any:
        if isinstance(item, str):  # no Fn::Sub either: kept unless it holds a pseudo-parameter
            if "${" in item and any(name in IMPORT_RESOLVED for name in sub_variables(item)):
                return {"Fn::Sub": _escape_all_but_resolved(item)}
            return item
        if literal and (text := _literal_sub(item)) is not None:
            return text
        return item
    return walk_leaves(value, leaf)


#: The CloudFormation keys whose value is a number, a boolean or an enum: :func:`protect_literals` leaves them
#: alone (a ``${...}`` there is an invalid value the readers report, not text).
CFN_NOT_TEXT = frozenset(name for spec in (*INTEGRATION_FIELDS, *RESPONSE_FIELDS, *AUTHORIZER_FIELDS, *METHOD, *API)
                         if spec.kind in (Kind.INTEGER, Kind.BOOLEAN, Kind.ENUM) and (name := spec.name("cfn")))


_VALUE_ARGUMENTS = {"Fn::If": 3, "Fn::Join": 2, "Fn::Select": 2}  # functions whose later arguments are values


def protect_literals(value: Any, where: Path = (), report: Report | None = None,
                     skip: frozenset[str] = CFN_NOT_TEXT) -> Any:
    """``value`` (a template resource's property, at ``where``) with each plain string that holds
    ``${AWS::AccountId}``, ``${AWS::Partition}`` or ``${AWS::Region}`` as the ``Fn::Sub`` whose value is that very
    text (every ``${x}`` escaped as ``${!x}``, ``literal-pseudo-parameter`` in ``report``), so that no writer
    takes it for a substitution; values under ``skip`` keys are left alone. Returns ``value`` itself when nothing
    changes (and then builds no path: this runs on every Method)."""
    cls = type(value)
    if cls is str:
        return _literal(value, lambda: where, report)
    if cls is dict or is_mapping(value):
        if is_intrinsic(value):  # inside the functions whose arguments are values of the same field
            (name, args), = value.items()
            if isinstance(args, list) and len(args) == _VALUE_ARGUMENTS.get(name):  # as walk_leaves reads them
                out = [args[0], *(protect_literals(item, (*where, name, i), report, skip)
                                  for i, item in enumerate(args[1:], 1))]
                return value if all(a is b for a, b in zip(out, args, strict=True)) else {name: out}
            return value
        changed = {}
        for key, item in value.items():
            kind = type(item)
            if key in skip or kind in _NOT_STRINGS or (kind is str and "${" not in item):
                continue
            new = protect_literals(item, (*where, key_text(key)), report, skip)
            if new is not item:
                changed[key] = new
        return {**value, **changed} if changed else value
    if cls is list or isinstance(value, list):
        items = [item if type(item) in _NOT_STRINGS or (type(item) is str and "${" not in item)
                 else protect_literals(item, (*where, i), report, skip) for i, item in enumerate(value)]
        return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
    return value


# The scalars that are not strings: a string here is looked into for "${".
_NOT_STRINGS = SCALARS - {str}


def _literal(text: str, where: Callable[[], Path], report: Report | None) -> Any:
    """The ``Fn::Sub`` that keeps ``text`` literal when it holds an import-resolved pseudo-parameter, else
    ``text``."""
    if "${" not in text:
        return text
    names = IMPORT_RESOLVED.intersection(_VARIABLE.findall(text))
    if not names:
        return text
    if report is not None:
        report.add("literal-pseudo-parameter", where(), f"a plain string: {', '.join(sorted(names))} kept as text")
    return {"Fn::Sub": _VARIABLE.sub(lambda match: "${!" + match.group(1) + "}", text)}


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
            return {key: value if key in _NOT_TEXT or type(value) in SCALARS else walk(value)
                    for key, value in item.items()}
        if isinstance(item, list):
            return [element if type(element) in SCALARS else walk(element) for element in item]
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
            push([(item, (*path, key_text(key))) for key, item in reversed(items) if type(item) not in SCALARS])
        elif cls is list or isinstance(value, list):
            push([(value[i], (*path, i)) for i in range(len(value) - 1, -1, -1) if type(value[i]) not in SCALARS])


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
    """``value`` pointing away from the ``removed`` resources (logical ID -> type): ``!Ref`` of a model becomes
    its name (what the Ref returns); any other reference to them is reported (``dangling-reference``). A plain
    ``dict`` or ``list`` in which nothing changes is returned as it is (copying it costs validate's conversion
    check a tenth of its time, and lets it share the integration read by the checks); the rest is a copy."""
    cls = type(value)
    if is_mapping(value):
        if is_intrinsic(value):
            target = ref_target(value)
            if target is not None and target in removed:
                if removed[target] == MODEL and target in model_names:
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
        mapping = None if cls is dict else dict(value)  # copied once something changes
        for k, v in value.items():
            if type(v) not in SCALARS:
                moved = point_away(v, (*where, str(k)), removed, model_names, report)
                if moved is not v:
                    mapping = dict(value) if mapping is None else mapping
                    mapping[k] = moved
        return value if mapping is None else mapping
    if isinstance(value, list):
        items = None if cls is list else list(value)
        for i, v in enumerate(value):
            if type(v) not in SCALARS:
                moved = point_away(v, (*where, i), removed, model_names, report)
                if moved is not v:
                    items = list(value) if items is None else items
                    items[i] = moved
        return value if items is None else items
    return value

