"""YAML and JSON out: plain data to a node tree (short forms unless asked otherwise, strings quoted where any
reader could misread them, never an anchor), emitted by libyaml."""

from __future__ import annotations

import gc
import io
import json
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..diagnostics import CodeName
from ..intrinsics import int_text
from . import _limits as limits
from ._source import Format, error
from ._tags import BOOL, CONDITION_LISTS, DUMP_IMPLICIT, FLOAT, INT, LONG_TO_TAG, MAP, NULL, SEQ, STR, Resolver

_MAX_DUMP_DEPTH = 4 * limits.MAX_DEPTH

def _dumper_class(base: type[Any]) -> type[Any]:
    class CfnDumper(Resolver, base):  # type: ignore[misc]
        """A safe dumper that never writes anchors and quotes every string another reader could misread."""

        IMPLICIT = DUMP_IMPLICIT

        def ignore_aliases(self, data: Any) -> bool:
            return True

    CfnDumper.__name__ = CfnDumper.__qualname__ = f"Cfn{base.__name__}"
    return CfnDumper


PyDumper = _dumper_class(yaml.SafeDumper)
Dumper: type[Any] = _dumper_class(yaml.CSafeDumper) if yaml.__with_libyaml__ else PyDumper


class _Unrepresentable(Exception):
    def __init__(self, message: str, code: CodeName = "invalid-type") -> None:
        super().__init__(message)
        self.code = code


def _float_text(value: float) -> tuple[str, str]:
    """(tag, text) of a float: YAML 1.1 needs a dot and a signed exponent; inf and nan get an explicit tag."""
    if value != value:
        return FLOAT, ".nan"
    if value in (float("inf"), float("-inf")):
        return FLOAT, ".inf" if value > 0 else "-.inf"
    text = repr(value).lower()
    if "." not in text and "e" in text:
        text = text.replace("e", ".0e", 1)
    return FLOAT, text


def _represent(data: Any, long_form: bool, depth: int = 1) -> Node:
    """Plain data -> a fresh node tree (never shared, so never an anchor)."""
    if depth > _MAX_DUMP_DEPTH:
        raise _Unrepresentable(f"the data nests deeper than {_MAX_DUMP_DEPTH} levels (or holds a reference "
                               "cycle)", "nesting-too-deep")
    cls = data.__class__
    if cls is str:
        return ScalarNode(STR, data, style="|" if "\n" in data else None)
    if cls is dict:
        if len(data) == 1 and not long_form:
            tagged = _represent_short(data, depth)
            if tagged is not None:
                return tagged
        pairs = [(_represent_key(key), _represent(value, long_form, depth + 1)) for key, value in data.items()]
        return MappingNode(MAP, pairs, flow_style=False)
    if cls is list or cls is tuple:
        return SequenceNode(SEQ, [_represent(item, long_form, depth + 1) for item in data], flow_style=False)
    if cls is bool:
        return ScalarNode(BOOL, "true" if data else "false")
    if cls is int:
        text = int_text(data)
        if text is None:
            raise _Unrepresentable("a number has more digits than can be written")
        return ScalarNode(INT, text)
    if cls is float:
        tag, text = _float_text(data)
        return ScalarNode(tag, text)
    if data is None:
        return ScalarNode(NULL, "null")
    # subclasses (OrderedDict, str enums, ...) as their base type
    bases: tuple[type[Any], ...] = (str, dict, list, tuple, bool, int, float)
    for base in bases:
        if isinstance(data, base):
            return _represent(base(data), long_form, depth)
    raise _Unrepresentable(f"cannot write a {cls.__name__} value; templates hold only strings, numbers, "
                           "booleans, null, lists and mappings")


def _represent_key(key: Any) -> Node:
    if key.__class__ is str:
        return ScalarNode(STR, key, style="|" if "\n" in key else None)
    if key is None or isinstance(key, (str, int, float)):  # bool is an int
        return _represent(key, False)
    raise _Unrepresentable(f"cannot write a {key.__class__.__name__} mapping key; keys are strings, numbers, "
                           "booleans or null")


def _represent_short(data: dict[Any, Any], depth: int) -> Node | None:
    """The short form of a one-key intrinsic-function mapping, or None to keep the long form."""
    ((key, value),) = data.items()
    if key.__class__ is not str:
        return None
    tag = LONG_TO_TAG.get(key)
    if tag is None:
        return None
    cls = value.__class__
    if key == "Ref":
        return _tagged_scalar(tag, value) if cls is str else None
    if key == "Fn::GetAtt":
        if cls is not list:
            return None
        if (len(value) == 2 and value[0].__class__ is str and value[1].__class__ is str
                and "." not in value[0]):
            return _tagged_scalar(tag, f"{value[0]}.{value[1]}")
    if cls is str:
        return _tagged_scalar(tag, value)
    if cls is list:
        if key in CONDITION_LISTS:
            items = [_condition(item, depth + 1) for item in value]
        else:
            items = [_represent(item, False, depth + 1) for item in value]
        return SequenceNode(tag, items, flow_style=False)
    if cls is dict:
        pairs = [(_represent_key(k), _represent(v, False, depth + 1)) for k, v in value.items()]
        return MappingNode(tag, pairs, flow_style=False)
    return None


def _tagged_scalar(tag: str, value: str) -> ScalarNode:
    return ScalarNode(tag, value, style="|" if "\n" in value else "'" if not value else None)


def _condition(item: Any, depth: int) -> Node:
    """An argument of Fn::And/Or/Not: ``{"Condition": name}`` is the condition function there."""
    if item.__class__ is dict and len(item) == 1:
        ((key, value),) = item.items()
        if key == "Condition" and value.__class__ is str:
            return _tagged_scalar("!Condition", value)
    return _represent(item, False, depth)


def dump(data: Any, *, format: Format = "yaml", long_form: bool = False) -> str:
    """Write plain data as YAML (default) or JSON text.

    YAML keeps key order, writes multi-line strings as block literals (``|``), never writes anchors or
    aliases, and quotes every string that a YAML 1.1 or 1.2 reader would take for something else (``on``,
    ``0777``, ``2020-01-01``, ``1.0``, ``1e3``, ``null``, ``y`` ...). One-key intrinsic-function mappings are
    written in short form (``!Ref X``, ``!GetAtt a.b``, ``!Sub ...``) unless ``long_form`` is true, and only
    when the short form reads back the same: ``Ref`` needs a string, ``Fn::GetAtt`` a list, and a scalar
    argument must be a string. The rule functions (``Fn::Contains``, ``Fn::ValueOf`` ...) stay in long form.

    ``{"Condition": name}`` is written ``!Condition name`` only as an argument of ``Fn::And``, ``Fn::Or`` or
    ``Fn::Not``, the one place where CloudFormation's condition function appears. Anywhere else a one-key
    ``Condition:`` mapping may be an ordinary key (a resource's ``Condition`` attribute, an IAM policy's
    ``Condition`` block, an OpenAPI property named ``Condition``), so it stays a plain mapping, unlike
    cfn-flip, which writes every such mapping as ``!Condition``. Both spellings read back equal.

    ``format="json"`` writes 2-space indented JSON with non-ASCII characters kept and a trailing newline.
    Raises :class:`~apigw_convert.errors.InputError` (``invalid-type``, ``nesting-too-deep``) for data that
    cannot be written.
    """
    if format == "json":
        try:
            text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
            text.encode("utf-8")  # a lone surrogate is not text: refuse it here, as the YAML writer does
            return text
        except UnicodeEncodeError as exc:
            raise error("invalid-type", f"cannot write the data as JSON: a string holds {exc.object[exc.start]!r}, "
                         "half of a UTF-16 surrogate pair, which is not a character", None) from None
        except RecursionError:
            raise error("nesting-too-deep", "the data nests too deep to write (or holds a reference cycle)",
                         None) from None
        except (TypeError, ValueError) as exc:
            raise error("invalid-type", f"cannot write the data as JSON: {exc}", None) from None
    if format != "yaml":
        raise error("invalid-argument", f"format must be 'yaml' or 'json', not {format!r}", None)
    enabled = gc.isenabled()
    gc.disable()
    try:
        try:
            node = _represent(data, long_form)
        except _Unrepresentable as exc:
            raise error(exc.code, str(exc), None) from None
        except RecursionError:
            raise error("nesting-too-deep", "the data nests too deep to write", None) from None
        buffer = io.StringIO()
        dumper = Dumper(buffer, default_flow_style=False, allow_unicode=True, width=1_000_000,
                         sort_keys=False)
        try:
            dumper.open()
            dumper.serialize(node)
            dumper.close()
        except (yaml.YAMLError, UnicodeError) as exc:
            raise error("invalid-type", f"cannot write the data as YAML: {exc}", None) from None
        finally:
            dumper.dispose()
        return buffer.getvalue()
    finally:
        if enabled:
            gc.enable()
