"""The fast path of single-integration conversion: plain dict in, plain dict out, no model in between.

Most integrations are plain mappings of known keys with values of the expected kind. For them,
:func:`convert_plain` writes the target dialect directly from the field table and returns exactly what the
general path (read into the model, write back out) returns, key order and value types included. It follows the
rules the general path follows: each value is converted by the rules of its kind (:mod:`apigw_convert.kinds`),
read then written; integration responses by the shape rules of :mod:`.shape` (a pattern's map key and a key's
pattern, what is a duplicate, what a map cannot hold, where a pattern from a key goes in CloudFormation).
Anything that would make the general path produce a diagnostic or raise (an unknown key, a ``null``, a wrong
type, an ``Fn::If`` between objects, input a shape rule flags, a field the target cannot hold, a mapping that is
not a ``dict``) makes it return ``None``, and the caller takes the general path, which says what is wrong.
``tests/test_fast_path.py`` checks the two paths agree.
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..fields import DIALECTS, INTEGRATION_FIELDS, RESPONSE_FIELDS, Dialect, FieldSpec, Kind
from ..intrinsics import is_intrinsic
from ..kinds import VALUES, Convert
from ..pointer import Path
from .shape import PATTERN_AFTER, PATTERN_KEY, is_a_function, map_key, pattern_of


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


(_REQUIRED,) = (spec for spec in RESPONSE_FIELDS if spec.required)  # a response without it is an error


def _pattern_of(key: Any) -> str | None:
    """The pattern of a map key that is a ``str`` (another, ``404``, may spell one of the others: a diagnostic)."""
    if type(key) is not str:
        raise _Fallback
    return pattern_of(key)


def _responses_of(source: Dialect, target: Dialect) -> Convert:
    """The converter of a whole ``IntegrationResponses`` list or ``responses`` map, by :mod:`.shape`'s rules."""
    rules = _rules(RESPONSE_FIELDS, source, target)
    required = _REQUIRED.names[target]
    to_cfn = target == "cfn"
    key_after = PATTERN_AFTER.names["cfn"] if to_cfn else None  # a pattern from a map key goes right after it

    def one(value: Any, pattern: Any = None, after: str | None = None) -> tuple[dict[str, Any], Any]:
        """(a response in ``target``, its selection pattern or None); ``pattern`` is its map key's, written
        right after the key ``after`` if one is given."""
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
                if pattern is not None:
                    if type(pattern) is not str:
                        raise _Fallback  # an intrinsic selection pattern
                    if to_cfn:
                        out[PATTERN_KEY] = pattern
                continue
            out[name] = item if str_itself and type(item) is str else convert(item, ())
            if name is after and pattern is not None:  # the table's own string, or None
                out[PATTERN_KEY] = pattern
        if required not in out:
            raise _Fallback
        return out, pattern

    def to_map(value: Any, keyed: bool) -> dict[str, Any]:
        """The responses of a list, or (``keyed``) of a map, as a map."""
        out: dict[str, Any] = {}
        for entry in value.items() if keyed else value:
            response, pattern = one(entry[1], _pattern_of(entry[0])) if keyed else one(entry)
            key, note = map_key(pattern)
            if note is not None or key in out:
                raise _Fallback  # a diagnostic: a rewritten pattern, a duplicate (of a key or of a pattern)
            out[key] = response
        if is_a_function(out):
            raise _Fallback  # it would read back as an intrinsic function: a diagnostic
        return out

    def from_list(value: Any, path: Path) -> Any:
        if type(value) is not list:
            raise _Fallback
        return [one(item)[0] for item in value] if to_cfn else to_map(value, False)

    def from_map(value: Any, path: Path) -> Any:
        if type(value) is not dict or is_a_function(value):
            raise _Fallback
        if not to_cfn:
            return to_map(value, True)
        out = []
        seen: set[str | None] = set()
        for key, item in value.items():
            pattern = _pattern_of(key)
            if pattern in seen:
                raise _Fallback  # two keys of one pattern: a diagnostic
            seen.add(pattern)
            out.append(one(item, pattern, key_after)[0])
        return out

    return from_list if source == "cfn" else from_map


_PAIRS: tuple[tuple[Dialect, Dialect], ...] = tuple((a, b) for a in DIALECTS for b in DIALECTS)
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
