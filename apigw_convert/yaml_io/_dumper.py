"""YAML and JSON out: plain data to a node tree (short forms unless asked otherwise, strings quoted where any
reader could misread them, never an anchor), emitted by libyaml, or where PyYAML has no libyaml by its pure-Python
emitter taught to decide as libyaml does (:class:`_AsLibyaml`): the same bytes either way."""

from __future__ import annotations

import gc
import io
import json
import operator
from typing import Any

import yaml
from yaml.emitter import ScalarAnalysis
from yaml.events import ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..diagnostics import CodeName
from ..intrinsics import int_text
from . import _limits as limits
from ._source import Format, error
from ._tags import BOOL, CONDITION_LISTS, DUMP_IMPLICIT, FLOAT, INT, LONG_TO_TAG, MAP, NULL, SEQ, STR, Resolver

_MAX_DUMP_DEPTH = 4 * limits.MAX_DEPTH
_BREAKS = "\r\n\x85\u2028\u2029"  # libyaml's line breaks (PyYAML's emitter leaves out \r)
_BLANKZ = frozenset("\0 \t" + _BREAKS)
_FIRST_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")
_INNER_INDICATORS = frozenset(",?[]{}")


def _printable(ch: str) -> bool:
    """libyaml's ``IS_PRINTABLE``: no C0 or C1 control but LF, no BOM, nothing above the BMP."""
    return ("\x20" <= ch <= "\x7e" or ch == "\n" or "\xa0" <= ch <= "\ud7ff"
            or ("\ue000" <= ch <= "\ufffd" and ch != "\ufeff"))


class _AsLibyaml:
    """PyYAML's pure-Python emitter deciding as libyaml's does (``emitter.c``: ``analyze_scalar``,
    ``select_scalar_style``, ``check_simple_key``, the double-quoted writer), so that :func:`dump` writes the
    same bytes with either: a tagged scalar may be plain (``!Ref X``, not ``!Ref 'X'``), a carriage return, NEL
    and characters above the BMP are special (double-quoted, escaped), and a key is simple up to 128 UTF-8
    bytes, an empty one included."""

    analysis: Any
    event: Any

    def analyze_scalar(self, scalar: str) -> ScalarAnalysis:
        if not scalar:
            return ScalarAnalysis(scalar=scalar, empty=True, multiline=False, allow_flow_plain=False,
                                  allow_block_plain=True, allow_single_quoted=True, allow_double_quoted=True,
                                  allow_block=False)
        block = flow = line_breaks = special = False
        leading_space = leading_break = trailing_space = trailing_break = break_space = space_break = False
        if scalar.startswith(("---", "...")):
            block = flow = True
        last = len(scalar) - 1
        preceded = True
        followed = last == 0 or scalar[1] in _BLANKZ
        previous_space = previous_break = False
        unicode = getattr(self, "allow_unicode", False)
        for index, ch in enumerate(scalar):
            if index == 0:
                if ch in _FIRST_INDICATORS:
                    flow = block = True
                if ch in "?:":
                    flow = True
                    block = block or followed
                if ch == "-" and followed:
                    flow = block = True
            else:
                if ch in _INNER_INDICATORS:
                    flow = True
                if ch == ":":
                    flow = True
                    block = block or followed
                if ch == "#" and preceded:
                    flow = block = True
            if not _printable(ch) or (ch > "\x7f" and not unicode):
                special = True
            if ch == " ":
                leading_space = leading_space or index == 0
                trailing_space = trailing_space or index == last
                break_space = break_space or previous_break
                previous_space, previous_break = True, False
            elif ch in _BREAKS:
                line_breaks = True
                leading_break = leading_break or index == 0
                trailing_break = trailing_break or index == last
                space_break = space_break or previous_space
                previous_space, previous_break = False, True
            else:
                previous_space = previous_break = False
            preceded = ch in _BLANKZ
            followed = index + 1 >= last or scalar[index + 2] in _BLANKZ
        flow_plain = block_plain = single = block_style = True
        if leading_space or leading_break or trailing_space or trailing_break:
            flow_plain = block_plain = False
        if trailing_space:
            block_style = False
        if break_space:
            flow_plain = block_plain = single = False
        if space_break or special:
            flow_plain = block_plain = single = block_style = False
        if line_breaks:
            flow_plain = block_plain = False
        if flow:
            flow_plain = False
        if block:
            block_plain = False
        return ScalarAnalysis(scalar=scalar, empty=False, multiline=line_breaks, allow_flow_plain=flow_plain,
                              allow_block_plain=block_plain, allow_single_quoted=single, allow_double_quoted=True,
                              allow_block=block_style)

    def _tag_written(self) -> bool:
        event = self.event
        return event.tag is not None and (getattr(self, "canonical", False) or not any(event.implicit))

    def choose_scalar_style(self) -> str:
        if self.analysis is None:
            self.analysis = self.analyze_scalar(self.event.value)
        analysis, event = self.analysis, self.event
        flow_level, simple_key = getattr(self, "flow_level", 0), getattr(self, "simple_key_context", False)
        style = event.style or ""
        if getattr(self, "canonical", False) or (simple_key and analysis.multiline):
            style = '"'
        if style == "":
            if not (analysis.allow_flow_plain if flow_level else analysis.allow_block_plain):
                style = "'"
            if analysis.empty and (flow_level or simple_key):
                style = "'"
            if not self._tag_written() and not event.implicit[0]:
                style = "'"
        if style == "'" and not analysis.allow_single_quoted:
            style = '"'
        if style in ("|", ">") and (not analysis.allow_block or flow_level or simple_key):
            style = '"'
        return style

    def check_simple_key(self) -> bool:
        event = self.event
        if isinstance(event, ScalarEvent):
            if self.analysis is None:
                self.analysis = self.analyze_scalar(event.value)
            if self.analysis.multiline:
                return False
            tag = len(self.prepare_tag(event.tag)) if self._tag_written() else 0  # type: ignore[attr-defined]
            return tag + len(event.value.encode("utf-8", "surrogatepass")) <= 128
        return False  # keys are scalars here: dump writes no anchor, alias or collection key

    best_width: int
    column: int
    stream: Any
    ESCAPE_REPLACEMENTS: dict[str, str]

    def write_double_quoted(self, text: str, split: bool = True) -> None:
        """libyaml's double-quoted writer: the same escapes, and a long line broken at the same space."""
        self.write_indicator('"', True)
        unicode, last, out = getattr(self, "allow_unicode", False), len(text) - 1, []
        spaces = False
        for index, ch in enumerate(text):
            if (not _printable(ch) or (ch > "\x7f" and not unicode) or ch in _BREAKS or ch in '"\\'
                    or ch == "\ufeff"):
                escape = self.ESCAPE_REPLACEMENTS.get(ch)
                code = ord(ch)
                out.append("\\" + (escape if escape is not None else f"x{code:02X}" if code <= 0xFF
                                     else f"u{code:04X}" if code <= 0xFFFF else f"U{code:08X}"))
                self.column += len(out[-1])
                spaces = False
            elif ch == " ":
                if split and not spaces and self.column > self.best_width and 0 < index < last:
                    self.stream.write("".join(out))
                    out.clear()
                    self.write_indent()  # type: ignore[attr-defined]
                    self.whitespace = self.indention = True
                    if text[index + 1] == " ":
                        out.append("\\")
                        self.column += 1
                else:
                    out.append(ch)
                    self.column += 1
                spaces = True
            else:
                out.append(ch)
                self.column += 1
                spaces = False
        self.stream.write("".join(out))
        self.write_indicator('"', False)
        self.whitespace = self.indention = False

    whitespace: bool
    indention: bool

    # "..." closes the stream when the last block scalar kept its final line breaks ("|+"), as in libyaml; PyYAML
    # also writes it after a plain root scalar, and forgets it at the next indicator.
    open_ended: bool

    def write_indicator(self, *args: Any, **kwargs: Any) -> None:
        ended = self.open_ended
        super().write_indicator(*args, **kwargs)  # type: ignore[misc]
        self.open_ended = ended

    def write_plain(self, text: str, split: bool = True) -> None:
        ended = self.open_ended
        super().write_plain(text, split)  # type: ignore[misc]
        self.open_ended = ended

    def write_literal(self, text: str) -> None:
        self.open_ended = False
        super().write_literal(text)  # type: ignore[misc]


def _dumper_class(base: type[Any], *mixins: type[Any]) -> type[Any]:
    class CfnDumper(*mixins, Resolver, base):  # type: ignore[misc]
        """A safe dumper that never writes anchors and quotes every string another reader could misread."""

        IMPLICIT = DUMP_IMPLICIT
        # The serializer calls these two once per node for path resolvers, which this dumper has none of:
        # builtins that ignore their arguments spare two Python calls per node (their results are not used).
        descend_resolver = staticmethod(operator.is_)  # (parent, index)
        ascend_resolver = staticmethod(int)  # ()

        def ignore_aliases(self, data: Any) -> bool:
            return True

    CfnDumper.__name__ = CfnDumper.__qualname__ = f"Cfn{base.__name__}"
    return CfnDumper


PyDumper = _dumper_class(yaml.SafeDumper, _AsLibyaml)
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
        # a one-line string, the commonest key and value, is made here as _represent_key / _represent make it
        # (within the depth limit, which _represent checks for every value)
        inline = depth < _MAX_DUMP_DEPTH
        pairs = [(ScalarNode(STR, key) if key.__class__ is str and "\n" not in key else _represent_key(key),
                  ScalarNode(STR, value) if inline and value.__class__ is str and "\n" not in value
                  else _represent(value, long_form, depth + 1)) for key, value in data.items()]
        return MappingNode(MAP, pairs, flow_style=False)
    if cls is list or cls is tuple:
        inline = depth < _MAX_DUMP_DEPTH
        return SequenceNode(SEQ, [ScalarNode(STR, item) if inline and item.__class__ is str and "\n" not in item
                                  else _represent(item, long_form, depth + 1) for item in data], flow_style=False)
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
