"""The fast path of single-integration conversion: plain dict in, plain dict out, no model in between.

Most integrations are plain mappings of known keys with values of the expected kind. For them,
:func:`convert_plain` writes the target dialect directly from the field table and returns exactly what the
general path (read into the model, write back out) returns, key order and value types included. Each value is
converted by the rules of its kind (:mod:`apigw_convert.kinds`), the same ones the general path uses: read,
then written. Anything that would make the general path produce a diagnostic or raise (an unknown key, a
``null``, a wrong type, an ``Fn::If`` between objects, a duplicate or literal ``default`` selection pattern, a
field the target cannot hold, a mapping that is not a ``dict``) makes it return ``None``, and the caller takes
the general path, which says what is wrong. ``tests/test_fast_path.py`` checks the two paths agree.
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..fields import DIALECTS, INTEGRATION_FIELDS, RESPONSE_FIELDS, Dialect, FieldSpec, Kind
from ..intrinsics import is_intrinsic, is_intrinsic_key
from ..kinds import PATTERN, VALUES, Convert
from ..pointer import Path


class _Fallback(Exception):
    """The input needs the general path."""


# Source key -> (target key, converter, whether a plain ``str`` is copied as it is); None where only the general
# path may go (a loss, a nested object). A converter is its kind's (:meth:`~apigw_convert.kinds.ValueKind.
# converter`): it raises InputError (or _Fallback) where only the general path may convert. The selection
# pattern's target key is _PATTERN.
Rule = tuple[str, Convert, bool]
_PATTERN = "\0pattern"  # the target "key" of a selection pattern, which is a map key in OpenAPI


def _rule(spec: FieldSpec, name: str, target: Dialect) -> Rule:
    rules = VALUES[spec.kind]
    return name, rules.converter(spec, target), rules.str_is_itself


def _rules(fields: tuple[FieldSpec, ...], source: Dialect, target: Dialect) -> dict[str, Rule | None]:
    rules: dict[str, Rule | None] = {}
    for spec in fields:
        name, out = spec.name(source), spec.name(target)
        if name is None:
            continue
        if spec.kind is Kind.PATTERN:
            rules[name] = _rule(spec, _PATTERN, target)
        elif spec.kind is Kind.RESPONSES:
            assert out is not None
            rules[name] = (out, _responses_of(source, target), False)
        elif out is None or spec.kind not in VALUES:
            rules[name] = None
        else:
            rules[name] = _rule(spec, out, target)
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
    if type(value) is not dict or (len(value) == 1 and is_intrinsic(value)):
        raise _Fallback  # an Fn::If between responses, or an opaque response
    out: dict[str, Any] = {}
    for key, item in value.items():
        rule = rules.get(key)
        if rule is None or item is None:
            raise _Fallback
        name, convert, str_itself = rule
        if name is _PATTERN:
            pattern = convert(item, ())
            if pattern is not None and type(pattern) is not str:
                raise _Fallback  # an intrinsic selection pattern
            if target == "cfn" and pattern is not None:
                out[_PATTERN_KEY] = pattern
            continue
        out[name] = item if str_itself and type(item) is str else convert(item, ())
        if from_key and target == "cfn" and pattern is not None and name == _REQUIRED_KEY["cfn"]:
            out[_PATTERN_KEY] = pattern
    if _REQUIRED_KEY[target] not in out:
        raise _Fallback
    return out, pattern


def _responses_of(source: Dialect, target: Dialect) -> Convert:
    """The converter of a whole ``IntegrationResponses`` list or ``responses`` map."""

    def convert(value: Any, path: Path) -> Any:
        rules = _RESPONSE_RULES[(source, target)]
        if source == "cfn":
            if type(value) is not list:
                raise _Fallback
            items = [_response(item, rules, target, None, False) for item in value]
        else:
            if type(value) is not dict or (len(value) == 1 and is_intrinsic_key(next(iter(value)))):
                raise _Fallback
            items = []
            no_pattern = 0  # keys meaning 'no pattern' ('default', ''): two are a diagnostic
            for key, item in value.items():
                if type(key) is not str:
                    raise _Fallback
                pattern = _from_key(key)
                no_pattern += pattern is None
                items.append(_response(item, rules, target, pattern, True))
            if no_pattern > 1:
                raise _Fallback
        if target == "cfn":
            return [response for response, _ in items]
        out: dict[str, Any] = {}
        for response, pattern in items:
            key = _NO_PATTERN_KEY if pattern is None else pattern
            if pattern == _NO_PATTERN_KEY or key in out:
                raise _Fallback  # a literal 'default' pattern, a duplicate pattern or default: diagnostics
            out[key] = response
        if len(out) == 1 and "Fn::Transform" in out:
            raise _Fallback  # the one pattern would read back as an intrinsic function: a diagnostic
        return out

    return convert


_from_key = PATTERN.from_key
_NO_PATTERN_KEY = PATTERN.to_key(None)  # the key of the response without a pattern (a pattern can't be it)
assert _from_key(_NO_PATTERN_KEY) is None
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
            name, convert, str_itself = rule
            out[name] = value if str_itself and type(value) is str else convert(value, ())
    except (_Fallback, InputError):
        return None
    return out
