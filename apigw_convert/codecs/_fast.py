"""The fast path of single-integration conversion: plain dict in, plain dict out, no model in between.

Most integrations are plain mappings of known keys with values of the expected kind. For them,
:func:`convert_plain` writes the target dialect directly from the field table and returns exactly what the
general path (read into the model, write back out) returns, key order and value types included. Anything
that would make the general path produce a diagnostic or raise (an unknown key, a ``null``, a wrong type, an
``Fn::If`` between objects, a duplicate or literal ``default`` selection pattern, a field the target cannot
hold, a mapping that is not a ``dict``) makes it return ``None``, and the caller takes the general path, which
says what is wrong. ``tests/test_fast_path.py`` checks the two paths agree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..fields import DIALECTS, INTEGRATION_FIELDS, RESPONSE_FIELDS, Dialect, FieldSpec, Kind
from ..intrinsics import digits_to_int, int_text, is_intrinsic_key, plain

Convert = Callable[[Any], Any]
_NO = object()  # "not in the fast path's shape"
_DEFAULT_KEY = "default"


class _Fallback(Exception):
    """The input needs the general path."""


def _intrinsic(value: Any) -> Any:
    """A deep plain copy of a one-key intrinsic-function dict; anything else is not in the fast path."""
    if type(value) is dict and len(value) == 1:
        for key, argument in value.items():
            if type(key) is str:
                if key == "Ref" or key == "Condition" or key.startswith("Fn::"):
                    return {key: argument if type(argument) is str else plain(argument)}
            elif is_intrinsic_key(key):
                return plain(value)
    raise _Fallback


def _number_text(value: Any) -> Any:
    cls = type(value)
    if cls is str:
        return value
    if cls is int:
        text = int_text(value)
        if text is None:
            raise _Fallback
        return text
    return _intrinsic(value)


def _integer(value: Any) -> Any:
    cls = type(value)
    if cls is int:
        return value
    if cls is str:
        number = digits_to_int(value)
        if number is None:
            raise _Fallback
        return number
    return _intrinsic(value)


def _text_list(value: Any) -> Any:
    if type(value) is list:
        return [item if type(item) is str else _intrinsic(item) for item in value]
    return _intrinsic(value)


def _text_map(value: Any) -> Any:
    if type(value) is not dict:
        raise _Fallback
    if len(value) == 1:
        for key in value:
            if is_intrinsic_key(key):
                return plain(value)
    out = value.copy()
    for key, item in out.items():
        if type(key) is not str:
            raise _Fallback
        if type(item) is not str and item is not None:
            out[key] = _intrinsic(item)  # an existing key: the dict does not change size while iterated
    return out


def _enum(spec: FieldSpec, target: Dialect) -> Convert:
    assert spec.enum is not None
    lower = target in spec.lower_in
    table = {member.value: member.value.lower() if lower else member.value for member in spec.enum}

    def convert(value: Any) -> Any:
        if type(value) is str:
            out = table.get(value.upper())
            if out is None:
                raise _Fallback
            return out
        return _intrinsic(value)

    return convert


def _converter(spec: FieldSpec, target: Dialect) -> Convert | None:
    """The value converter of a simple kind (None for TEXT: a ``str`` is copied inline, see :func:`_field`)."""
    kind = spec.kind
    if kind is Kind.TEXT:
        return _number_text if spec.numbers_as_text else None
    if kind is Kind.ENUM:
        return _enum(spec, target)
    if kind is Kind.INTEGER:
        return _integer
    if kind is Kind.TEXT_LIST:
        return _text_list
    if kind is Kind.TEXT_MAP:
        return _text_map
    raise AssertionError(kind)  # pragma: no cover


Rule = tuple[str, Convert | None]
_PATTERN = "\0pattern"  # the target "key" of a selection pattern, which is a map key in OpenAPI


def _rules(fields: tuple[FieldSpec, ...], source: Dialect, target: Dialect) -> dict[str, Rule | None]:
    """Source key -> (target key, value converter); None where only the general path may go (a loss)."""
    rules: dict[str, Rule | None] = {}
    for spec in fields:
        name, out = spec.name(source), spec.name(target)
        if name is None:
            continue
        if spec.kind is Kind.PATTERN:
            rules[name] = (_PATTERN, None)
        elif spec.kind is Kind.RESPONSES:
            assert out is not None
            rules[name] = (out, _responses_of(source, target))
        elif out is None or spec.kind is Kind.OBJECT:
            rules[name] = None
        else:
            rules[name] = (out, _converter(spec, target))
    return rules


_PATTERN_INDEX = next(i for i, spec in enumerate(RESPONSE_FIELDS) if spec.kind is Kind.PATTERN)
_PATTERN_KEY: str = RESPONSE_FIELDS[_PATTERN_INDEX].names["cfn"]
# A pattern taken from an OpenAPI map key is written right after the field the table puts before it.
_PATTERN_AFTER = RESPONSE_FIELDS[_PATTERN_INDEX - 1]
assert _PATTERN_AFTER.required and _PATTERN_KEY
_REQUIRED_KEY = {dialect: _PATTERN_AFTER.names[dialect] for dialect in DIALECTS}


def _response(value: Any, rules: dict[str, Rule | None], target: Dialect, pattern: Any,
              from_key: bool) -> tuple[dict[str, Any], Any]:
    """(the response in ``target``, its selection pattern or None). ``pattern`` is the map key's, if any."""
    if type(value) is not dict:
        raise _Fallback
    if len(value) == 1:
        for key in value:
            if is_intrinsic_key(key):
                raise _Fallback  # an Fn::If between responses, or an opaque response
    out: dict[str, Any] = {}
    for key, item in value.items():
        rule = rules.get(key)
        if rule is None or item is None:
            raise _Fallback
        name, convert = rule
        if name is _PATTERN:
            text = _number_text(item)
            if type(text) is not str:
                raise _Fallback  # an intrinsic selection pattern
            pattern = None if text == "" else text
            if target == "cfn" and pattern is not None:
                out[_PATTERN_KEY] = pattern
            continue
        out[name] = (item if type(item) is str else _intrinsic(item)) if convert is None else convert(item)
        if from_key and target == "cfn" and pattern is not None and name == _REQUIRED_KEY["cfn"]:
            out[_PATTERN_KEY] = pattern
    if _REQUIRED_KEY[target] not in out:
        raise _Fallback
    return out, pattern


def _responses_of(source: Dialect, target: Dialect) -> Convert:
    """The converter of a whole ``IntegrationResponses`` list or ``responses`` map."""

    def convert(value: Any) -> Any:
        rules = _RESPONSE_RULES[(source, target)]
        if source == "cfn":
            if type(value) is not list:
                raise _Fallback
            items = [_response(item, rules, target, None, False) for item in value]
        else:
            if type(value) is not dict:
                raise _Fallback
            if len(value) == 1:
                for key in value:
                    if is_intrinsic_key(key):
                        raise _Fallback
            items = []
            for key, item in value.items():
                if type(key) is not str:
                    raise _Fallback
                items.append(_response(item, rules, target, None if key in (_DEFAULT_KEY, "") else key, True))
            if _DEFAULT_KEY in value and "" in value:
                raise _Fallback  # two keys meaning 'no pattern': a diagnostic
        if target == "cfn":
            return [response for response, _ in items]
        out: dict[str, Any] = {}
        for response, pattern in items:
            key = _DEFAULT_KEY if pattern is None else pattern
            if pattern == _DEFAULT_KEY or key in out:
                raise _Fallback  # a literal 'default' pattern, a duplicate pattern or default: diagnostics
            out[key] = response
        return out

    return convert


_PAIRS: tuple[tuple[Dialect, Dialect], ...] = tuple((a, b) for a in DIALECTS for b in DIALECTS)
_RESPONSE_RULES = {pair: _rules(RESPONSE_FIELDS, *pair) for pair in _PAIRS}
_INTEGRATION_RULES = {pair: _rules(INTEGRATION_FIELDS, *pair) for pair in _PAIRS}
_TYPE_KEY = INTEGRATION_FIELDS[0].names
assert INTEGRATION_FIELDS[0].required


def convert_plain(obj: Any, source: Dialect, target: Dialect) -> dict[str, Any] | None:
    """``obj`` converted from ``source`` to ``target``, or ``None`` when only the general path may convert it."""
    if type(obj) is not dict or _TYPE_KEY[source] not in obj:
        return None  # not a plain mapping, or no type: an intrinsic, an Fn::If or an error
    rules = _INTEGRATION_RULES[(source, target)]
    out: dict[str, Any] = {}
    try:
        for key, value in obj.items():
            rule = rules.get(key)
            if rule is None or value is None:
                return None  # an unknown key, a null, or a field the target cannot hold
            name, convert = rule
            if convert is None:
                out[name] = value if type(value) is str else _intrinsic(value)
            else:
                out[name] = convert(value)
    except _Fallback:
        return None
    return out
