"""CloudFormation intrinsic functions as plain data: recognising them and copying them through."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, TypeGuard

# The pseudo parameters API Gateway's OpenAPI import fills in itself (AWS docs: "AWS variables for OpenAPI import").
IMPORT_RESOLVED = frozenset({"AWS::AccountId", "AWS::Partition", "AWS::Region"})
NO_VALUE = "AWS::NoValue"
#: The types of plain scalars: a value of one of them holds no intrinsic function and needs no copy.
SCALARS = frozenset({str, int, float, bool, type(None)})
_NOT_MAPPINGS = frozenset({str, int, float, bool, type(None), list, tuple})


def is_mapping(value: object) -> TypeGuard[Mapping[Any, Any]]:
    """``dict`` (and its subclasses, such as cfn-flip's ODict) quickly, any other Mapping too."""
    cls = type(value)
    return cls is dict or (cls not in _NOT_MAPPINGS and (isinstance(value, dict) or isinstance(value, Mapping)))


def digits_to_int(text: str) -> int | None:
    """The ``int`` an ASCII digit string spells, or None (not all digits, or more digits than Python converts)."""
    if text.isascii() and text.isdigit():
        try:
            return int(text)
        except ValueError:  # past sys.get_int_max_str_digits()
            return None
    return None


def int_text(value: int) -> str | None:
    """``str(value)``, or None when the number has more digits than Python converts to text."""
    try:
        return str(value)
    except ValueError:
        return None


def is_intrinsic_key(key: object) -> bool:
    """``Ref``, ``Condition`` and every ``Fn::*`` name."""
    return isinstance(key, str) and (key == "Ref" or key == "Condition" or key.startswith("Fn::"))


def names_like_an_intrinsic(value: object) -> bool:
    """A one-entry map of names to objects whose one name is spelled like an intrinsic function (a model or a
    selection pattern named ``Ref``): its value is a mapping, which at such a place no intrinsic function but
    ``Fn::Transform`` takes as its argument. Decided by position: call it only where such a map stands."""
    if not is_intrinsic(value):
        return False
    (key, item), = value.items()  # type: ignore[attr-defined]
    return key != "Fn::Transform" and is_mapping(item) and not is_intrinsic(item)


def is_function_among_names(value: object) -> bool:
    """Where a map of names stands, whether ``value`` is an intrinsic function rather than such a map with one
    name spelled like one (:func:`names_like_an_intrinsic`)."""
    return is_intrinsic(value) and not names_like_an_intrinsic(value)


def is_intrinsic(value: object) -> bool:
    """A one-key mapping whose key is an intrinsic function name: ``{"Fn::Sub": "..."}``."""
    cls = type(value)
    if cls is dict:
        if len(value) != 1:  # type: ignore[arg-type]
            return False
    elif cls in _NOT_MAPPINGS or not is_mapping(value) or len(value) != 1:
        return False
    for key in value:  # type: ignore[attr-defined]  # the one key (a loop is the cheapest way to it)
        return isinstance(key, str) and (key == "Ref" or key == "Condition" or key.startswith("Fn::"))
    return False  # pragma: no cover: a mapping of length 1 has a key


def intrinsic_copy(value: Any) -> Any:
    """A plain copy of ``value`` if it is an intrinsic function (:func:`is_intrinsic`), else None."""
    if type(value) is dict:
        if len(value) == 1:
            for key, argument in value.items():  # the one key, tested as is_intrinsic_key does (inline: a hot path)
                if isinstance(key, str) and (key == "Ref" or key == "Condition" or key.startswith("Fn::")):
                    return {key: argument if type(argument) is str else plain(argument)}
        return None
    return plain(value) if is_intrinsic(value) else None


def is_no_value(value: object) -> bool:
    """``{"Ref": "AWS::NoValue"}``: the branch that removes a property."""
    if type(value) in _NOT_MAPPINGS:  # the commonest, without a call
        return False
    return is_mapping(value) and len(value) == 1 and value.get("Ref") == NO_VALUE


def if_parts(value: object) -> tuple[str, Any, Any] | None:
    """The condition and two branches of a well-formed ``Fn::If``, else ``None``."""
    if not (is_intrinsic(value) and "Fn::If" in value):  # type: ignore[operator]
        return None
    args = value["Fn::If"]  # type: ignore[index]
    if isinstance(args, list) and len(args) == 3 and isinstance(args[0], str):
        return args[0], args[1], args[2]
    return None


def plain(value: Any) -> Any:
    """A deep copy made of plain ``dict`` and ``list`` (OrderedDict and cfn-flip's ODict become dict)."""
    cls = type(value)
    if cls in SCALARS:
        return value
    if cls is dict:  # the common case, with scalars copied without a call
        return {key: item if type(item) in SCALARS else plain(item) for key, item in value.items()}
    if cls is list:
        return [item if type(item) in SCALARS else plain(item) for item in value]
    if is_mapping(value):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def key_text(key: Any) -> str:
    """A mapping key as JSON spells it: ``200`` -> ``"200"``, ``True`` -> ``"true"``, ``None`` -> ``"null"``."""
    if type(key) is str:
        return key
    return json.dumps(key) if type(key) in SCALARS else str(key)


def string_keys(value: Any, path: tuple[str | int, ...] = ()) -> Any:
    """A plain deep copy whose mapping keys are all strings, spelled as JSON spells them (``200`` -> ``"200"``,
    ``true`` -> ``"true"``): an OpenAPI document is JSON data, whatever YAML made of its keys.

    Raises ``KeyError`` with the path when two keys become one (``200`` and ``"200"`` in one mapping).
    """
    try:
        return _string_keys(value)
    except KeyError as clash:
        raise KeyError((*path, *clash.args[0])) from None


def _string_keys(value: Any) -> Any:
    """:func:`string_keys` without the path, which a clash rebuilds on its way up (no tuple per node)."""
    cls = type(value)
    if cls in SCALARS:
        return value
    if cls is dict or is_mapping(value):
        out: dict[str, Any] = {}
        for key, item in value.items():
            text = key if type(key) is str else key_text(key)
            if text in out:
                raise KeyError((text,))
            if type(item) in SCALARS:
                out[text] = item
                continue
            try:
                out[text] = _string_keys(item)
            except KeyError as clash:
                raise KeyError((text, *clash.args[0])) from None
        return out
    if cls is list or isinstance(value, list | tuple):
        items = []
        for i, item in enumerate(value):
            try:
                items.append(item if type(item) in SCALARS else _string_keys(item))
            except KeyError as clash:
                raise KeyError((i, *clash.args[0])) from None
        return items
    return value
