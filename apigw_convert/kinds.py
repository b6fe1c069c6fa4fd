"""What each kind of value means, defined once: how it is read (checked, into its neutral form), written (into a
dialect), named in messages, and described in JSON Schema.

:data:`VALUES` holds one :class:`ValueKind` per simple :class:`~apigw_convert.fields.Kind`; the table engine
(general path), the fast path (:mod:`apigw_convert.codecs._fast`) and :mod:`apigw_convert.schemas` dispatch
through it. The structural kinds (``OBJECT``, ``RESPONSES``, ``SHAPED``) have their own rows or shape functions
(integration responses: :mod:`apigw_convert.codecs.shape`) and only a phrase here. Nothing here imports
pydantic: the fast path uses these rules without the models.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from enum import Enum
from functools import partial
from typing import Any

from .diagnostics import input_error
from .fields import Dialect, FieldSpec, Kind
from .intrinsics import (
    digits_to_int,
    int_text,
    intrinsic_copy,
    is_intrinsic,
    is_intrinsic_key,
    is_mapping,
    key_text,
    plain,
)
from .pointer import Path

Convert = Callable[[Any, Path], Any]  # a value found at a path -> its form in one dialect
_NEVER_INTRINSIC = frozenset({str, int, bool, float, list, type(None)})
INTRINSIC_REF = {"$ref": "#/definitions/Intrinsic"}


def describe(value: Any) -> str:
    """A short phrase naming the type of ``value`` for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        shown = int_text(value) if isinstance(value, int) else repr(value)
        return f"a number ({shown})" if shown is not None else "a number (more digits than can be read)"
    if isinstance(value, str):
        return "a string"
    if is_mapping(value):
        if is_intrinsic(value):  # where a plain mapping is expected, an intrinsic function is not one
            return f"the intrinsic function {next(iter(value))}"
        keys = ", ".join(repr(k) for k in list(value)[:3])
        return f"a mapping (keys {keys}{', ...' if len(value) > 3 else ''})" if value else "an empty mapping"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}" if isinstance(value, tuple) else type(value).__name__


def text_items(mapping: Mapping[Any, Any], path: Path) -> Iterator[tuple[str, Any]]:
    """``(key as JSON spells it, value)`` for each item; two keys that spell one (``404`` and ``'404'``: one key
    once the value is JSON) are a duplicate-key InputError."""
    written: dict[str, Any] = {}  # each key as JSON spells it -> the key as written
    for key, item in mapping.items():
        text = key_text(key)
        if text in written:
            raise input_error("duplicate-key", (*path, text), f"the keys {written[text]!r} and {key!r} read as "
                              "the same string")
        written[text] = key
        yield text, item


class ValueKind(ABC):
    """The rules of one kind of value. Every kind also accepts an intrinsic function, kept as a plain copy.

    :meth:`read` never shares a mutable object with its input, so :meth:`out` may return what it is given;
    :meth:`write` copies first (a model's values must not leak into the output).
    """

    words = "a value"  # what the kind is, in messages: "expected <words> or an intrinsic function"
    str_is_itself = False  # a plain ``str`` reads and writes as itself (the fast path copies it inline)

    def read(self, spec: FieldSpec, value: Any, path: Path) -> Any:
        """The neutral form of an external ``value`` found at ``path``; an InputError if it is not one."""
        if type(value) not in _NEVER_INTRINSIC:
            copy = intrinsic_copy(value)
            if copy is not None:
                return copy
        return self.read_plain(spec, value, path)

    def read_plain(self, spec: FieldSpec, value: Any, path: Path) -> Any:
        """:meth:`read` for a value that is not an intrinsic function."""
        raise self.wrong(value, path)

    def out(self, spec: FieldSpec, value: Any, dialect: Dialect) -> Any:
        """The external form, in ``dialect``, of a neutral value nothing else holds."""
        return value

    def write(self, spec: FieldSpec, value: Any, dialect: Dialect) -> Any:
        """The external form, in ``dialect``, of a neutral value (copied)."""
        return self.out(spec, value if type(value) is str else plain(value), dialect)

    def converter(self, spec: FieldSpec, dialect: Dialect) -> Convert:
        """What :meth:`read` then :meth:`out` give, as one call ``convert(value, path)``: the fast path's
        converter of ``spec``'s values into ``dialect`` (an InputError where :meth:`read` raises one)."""
        read: Convert = partial(self.read, spec)
        if type(self).out is ValueKind.out:  # the kind writes what it read
            return read
        out = self.out

        def convert(value: Any, path: Path) -> Any:
            return out(spec, read(value, path), dialect)

        return convert

    @abstractmethod
    def value_schema(self, spec: FieldSpec, dialect: Dialect) -> dict[str, Any]:
        """The JSON Schema of a plain (not intrinsic) value of this kind in ``dialect``."""

    def schema(self, spec: FieldSpec, dialect: Dialect) -> dict[str, Any]:
        """The JSON Schema of a value of this kind in ``dialect``, an intrinsic function included."""
        return {"anyOf": [self.value_schema(spec, dialect), INTRINSIC_REF]}

    def wrong(self, value: Any, path: Path) -> Exception:
        """The InputError for ``value``, which is not of this kind."""
        return input_error("invalid-type", path,
                           f"expected {self.words} or an intrinsic function, got {describe(value)}")


class FunctionKind(ValueKind):
    """A kind whose reading does not depend on its row: one function ``(value, path)``, which is also the fast
    path's converter (these kinds write what they read)."""

    def __init__(self, read: Convert) -> None:
        self._read = read

    def read(self, spec: FieldSpec, value: Any, path: Path) -> Any:
        return self._read(value, path)

    def converter(self, spec: FieldSpec, dialect: Dialect) -> Convert:
        return self._read


class Text(ValueKind):
    """A string; with ``numbers_as_text``, a YAML integer is read as its digits."""

    words = "a string"
    str_is_itself = True

    def read(self, spec: FieldSpec, value: Any, path: Path) -> Any:
        return _text(value, path, spec.numbers_as_text)

    def converter(self, spec: FieldSpec, dialect: Dialect) -> Convert:
        return _number_text if spec.numbers_as_text else _text  # read is written as it is: one call

    def value_schema(self, spec: FieldSpec, dialect: Dialect) -> dict[str, Any]:
        return {"type": "string"}


def _text(value: Any, path: Path, numbers: bool = False) -> Any:
    cls = type(value)
    if cls is str:
        return value
    if cls is dict:  # only an intrinsic function: the common case after a string
        copy = intrinsic_copy(value)
        if copy is not None:
            return copy
        raise _TEXT.wrong(value, path)
    if numbers and isinstance(value, int) and not isinstance(value, bool):
        text = int_text(value)
        if text is not None:
            return text
    elif isinstance(value, str):
        return str(value)
    if is_intrinsic(value):
        return plain(value)
    raise _TEXT.wrong(value, path)


def _number_text(value: Any, path: Path) -> Any:
    return _text(value, path, numbers=True)


class Pattern(FunctionKind):
    """A selection pattern: text (numbers as digits) where the empty string is no pattern. In OpenAPI it is the
    key of its response (the shape rules: :mod:`apigw_convert.codecs.shape`)."""

    words = "a string"

    def value_schema(self, spec: FieldSpec, dialect: Dialect) -> dict[str, Any]:
        return {"type": "string"}


def _pattern(value: Any, path: Path) -> Any:
    if type(value) is str:
        return value or None
    text = _text(value, path, True)
    return None if text == "" else text


class Integer(FunctionKind):
    """An integer; a string of decimal digits is read as its number."""

    words = "an integer"

    def value_schema(self, spec: FieldSpec, dialect: Dialect) -> dict[str, Any]:
        return {"type": "integer"}


def _integer(value: Any, path: Path) -> Any:
    if type(value) is int:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        number = digits_to_int(value)
        if number is not None:
            return number
    copy = intrinsic_copy(value)
    if copy is not None:
        return copy
    raise _INTEGER.wrong(value, path)


class Boolean(ValueKind):
    """``true`` or ``false``."""

    words = "a boolean"

    def read_plain(self, spec: FieldSpec, value: Any, path: Path) -> Any:
        if isinstance(value, bool):
            return value
        raise self.wrong(value, path)

    def value_schema(self, spec: FieldSpec, dialect: Dialect) -> dict[str, Any]:
        return {"type": "boolean"}


_ENUM_LOOKUP: dict[type[Enum], dict[str, Enum]] = {}


class EnumKind(ValueKind):
    """One of the members of ``spec.enum``, in any case; written upper case, or lower case in ``spec.lower_in``."""

    words = "a string"

    def read(self, spec: FieldSpec, value: Any, path: Path) -> Any:
        enum = spec.enum
        assert enum is not None
        if isinstance(value, str):
            lookup = _ENUM_LOOKUP.get(enum)
            if lookup is None:
                lookup = _ENUM_LOOKUP[enum] = {member.value: member for member in enum}
            member = lookup.get(value.upper())
            if member is None:
                allowed = ", ".join(member.value for member in enum)
                raise input_error("invalid-enum", path, f"{value!r} is not one of {allowed} (any case)")
            return member
        return super().read(spec, value, path)

    def converter(self, spec: FieldSpec, dialect: Dialect) -> Convert:
        assert spec.enum is not None
        texts = {member.value: self.out(spec, member, dialect) for member in spec.enum}  # each member written
        general = super().converter(spec, dialect)

        def convert(value: Any, path: Path) -> Any:
            if type(value) is str:  # a member, looked up as read looks it up
                text = texts.get(value.upper())
                if text is not None:
                    return text
            return general(value, path)

        return convert

    def out(self, spec: FieldSpec, value: Any, dialect: Dialect) -> Any:
        if isinstance(value, Enum):
            text: str = value._value_
            return text.lower() if dialect in spec.lower_in else text
        return value

    def value_schema(self, spec: FieldSpec, dialect: Dialect) -> dict[str, Any]:
        assert spec.enum is not None
        return {"type": "string", "enum": [m.value.lower() if dialect in spec.lower_in else m.value for m in spec.enum]}

    def schema(self, spec: FieldSpec, dialect: Dialect) -> dict[str, Any]:
        return {**super().schema(spec, dialect), "description": "Any case is accepted on input; this is the case "
                "written."}


class TextList(FunctionKind):
    """A list of strings (each may be an intrinsic function)."""

    words = "a list of strings"

    def value_schema(self, spec: FieldSpec, dialect: Dialect) -> dict[str, Any]:
        return {"type": "array", "items": _TEXT.schema(spec, dialect)}


def _text_list(value: Any, path: Path) -> Any:
    if isinstance(value, list):
        return [item if type(item) is str else _text(item, (*path, i)) for i, item in enumerate(value)]
    copy = intrinsic_copy(value)
    if copy is not None:
        return copy
    raise _TEXT_LIST.wrong(value, path)


class TextMap(FunctionKind):
    """A mapping of strings to strings (each may be an intrinsic function, or null); keys as JSON spells them.
    A one-key mapping whose key names an intrinsic function is that function, not a map."""

    words = "a mapping of strings"

    def value_schema(self, spec: FieldSpec, dialect: Dialect) -> dict[str, Any]:
        return {"type": "object", "additionalProperties": {"anyOf": [*_TEXT.schema(spec, dialect)["anyOf"],
                                                                     {"type": "null"}]}}


def _text_map(value: Any, path: Path) -> Any:
    if type(value) is dict:  # the common case
        if len(value) == 1:
            for key in value:
                if is_intrinsic_key(key):
                    return plain(value)
        out: dict[str, Any] = value.copy()
        for key, item in out.items():  # values are replaced, keys stay: the dict keeps its size
            if type(key) is not str:  # a key JSON spells otherwise (404): check for two that spell one
                return _text_items_map(value, path)
            if type(item) is not str and item is not None:
                out[key] = _text(item, (*path, key))
        return out
    if is_intrinsic(value):
        return plain(value)
    if is_mapping(value):
        return _text_items_map(value, path)
    raise _TEXT_MAP.wrong(value, path)


def _text_items_map(value: Mapping[Any, Any], path: Path) -> dict[str, Any]:
    return {key: item if type(item) is str or item is None else _text(item, (*path, key))
            for key, item in text_items(value, path)}


_TEXT = Text()
_INTEGER = Integer(_integer)
_TEXT_LIST = TextList(_text_list)
_TEXT_MAP = TextMap(_text_map)
_PATTERN = Pattern(_pattern)
VALUES: dict[Kind, ValueKind] = {
    Kind.TEXT: _TEXT,
    Kind.PATTERN: _PATTERN,
    Kind.INTEGER: _INTEGER,
    Kind.BOOLEAN: Boolean(),
    Kind.ENUM: EnumKind(),
    Kind.TEXT_LIST: _TEXT_LIST,
    Kind.TEXT_MAP: _TEXT_MAP,
}

#: How each kind is named in messages (the structural kinds too).
WORDS: dict[Kind, str] = {
    **{kind: rules.words for kind, rules in VALUES.items()},
    Kind.OBJECT: "a mapping",
    Kind.SHAPED: "a value of its own shape",
    Kind.RESPONSES: "a list or mapping of integration responses",
}
