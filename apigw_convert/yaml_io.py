"""CloudFormation YAML and JSON in and out.

:func:`load` reads a template or an OpenAPI document (YAML or JSON, detected) into plain long-form data:
``dict``/``list``/``str``/``int``/``float``/``bool``/``None`` and nothing else. The CloudFormation short forms
become long form (``!Ref X`` -> ``{"Ref": "X"}``, ``!GetAtt a.b`` -> ``{"Fn::GetAtt": ["a", "b"]}``).
:func:`load_document` also keeps the text and finds line/column marks on demand. :func:`dump` writes YAML
(short forms by default) or JSON.

How plain YAML 1.1 scalars are read
-----------------------------------
CloudFormation "supports the YAML Version 1.1 specification" except "the binary, omap, pairs, set, and
timestamp tags", "aliases" and "hash merges" (AWS CloudFormation User Guide, *Template format*). We follow
that, and where the documentation is silent, the behaviour reported for the service:

* ``yes``/``no``/``on``/``off``/``true``/``false`` (lower, Capitalised or UPPER case) are booleans, as in
  YAML 1.1: CloudFormation deploys an unquoted ``YES`` tag value as ``"true"`` (ASFHyP3/hyp3#2061), and the
  AWS CLI quotes these words when it writes templates for that reason (aws/aws-cli#5257). The single letters
  ``y``/``n``/``Y``/``N`` stay strings (``AttributeType: N``), as in PyYAML and SnakeYAML.
* Octal-looking ``0777`` is the integer 511 and ``012345670123`` is 1402433619: an unquoted account id with a
  leading zero is corrupted by CloudFormation itself (DataDog/cloudformation-template#109,
  aws/aws-cdk#1092, aws-cloudformation/cloudformation-coverage-roadmap#745). ``0x1F``, ``0b101``, ``1_000``
  and sexagesimal ``1:20`` (= 80) are YAML 1.1 integers too; the documentation lists no exception for them.
* Dates and times (``2010-09-09``, ``2001-12-14 21:59:43``) stay **strings**: the timestamp tag is not
  supported, and ``AWSTemplateFormatVersion: 2010-09-09`` is the usual spelling. (cfn-flip and cfn-lint
  return ``datetime.date`` here.)
* ``.inf``, ``-.inf`` and ``.nan`` stay **strings**: a CloudFormation template is JSON data (ECMA-404),
  which has no infinities or NaN. An explicit ``!!float .inf`` still gives ``float("inf")``.
* ``=`` is a string (PyYAML's ``!!value`` tag has no constructor; cfn-flip fails on it).
* The explicit tags ``!!binary``, ``!!timestamp``, ``!!set``, ``!!omap`` and ``!!pairs`` are refused
  (code ``unsafe-tag``), like ``!!python/...``; ``!!str``, ``!!int``, ``!!float``, ``!!bool``, ``!!null``,
  ``!!seq`` and ``!!map`` are honoured.
* Anchors, aliases and ``<<`` merge keys are resolved, as ``aws cloudformation package``, SAM and cfn-lint
  do before CloudFormation sees the template, but each alias becomes an independent copy and the copies
  may add at most :data:`MAX_ALIAS_NODES` nodes (cfn-lint refuses past 250 000 expanded nodes).
* A duplicate key in a mapping is an error (code ``duplicate-key``): CloudFormation's behaviour is
  undefined for them and JSON/YAML readers disagree on which copy wins.

Limits
------
:data:`MAX_INPUT_BYTES` (10 MiB, ten times CloudFormation's own 1 MB limit for a template in S3) bounds the
input; :data:`MAX_DEPTH` (128 nested nodes; real templates nest about 20) bounds nesting, checked while the
document is composed, so libyaml's recursive composer never sees a pathological input (it crashes the
interpreter somewhere below 100 000 levels); :data:`MAX_ALIAS_NODES` (100 000) bounds alias expansion.
The limits are module attributes and are read at call time.

Every failure is an :class:`~apigw_convert.errors.InputError` whose diagnostic carries the file, line,
column and, where one exists, a JSON pointer.
"""

from __future__ import annotations

import gc
import io
import json
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, NoReturn

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, make
from .errors import InputError
from .pointer import from_pointer

__all__ = [
    "MAX_ALIAS_NODES",
    "MAX_DEPTH",
    "MAX_INPUT_BYTES",
    "SHORT_FORMS",
    "Loaded",
    "dump",
    "load",
    "load_document",
]

MAX_INPUT_BYTES = 10 * 1024 * 1024
"""Largest accepted input, in bytes (in characters for ``str`` input)."""
MAX_DEPTH = 128
"""Deepest accepted nesting: the number of nodes on the path from the root to a leaf, root included."""
MAX_ALIAS_NODES = 100_000
"""How many nodes the expansion of aliases may add to a document, in total."""
_MAX_DUMP_DEPTH = 4 * MAX_DEPTH

Format = Literal["yaml", "json"]
Path = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_STD = "tag:yaml.org,2002:"
_AMBIGUOUS = "tag:apigw-convert,2024:ambiguous"  # dumper only: "some YAML reader would not read a str"

#: Short-form tag -> long-form key. ``!GetAtt a.b`` also splits its scalar at the first dot.
SHORT_FORMS: dict[str, str] = {
    "!Ref": "Ref",
    "!Condition": "Condition",
    **{f"!{name}": f"Fn::{name}" for name in (
        "Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join", "Select", "Split", "Sub",
        "Transform", "And", "Equals", "If", "Not", "Or", "Length", "ToJsonString",
        # rule functions (the Rules section); read in short form, always written in long form
        "Contains", "EachMemberEquals", "EachMemberIn", "RefAll", "ValueOf", "ValueOfAll",
    )},
}
_RULE_FUNCTIONS = frozenset(
    f"Fn::{n}" for n in ("Contains", "EachMemberEquals", "EachMemberIn", "RefAll", "ValueOf", "ValueOfAll"))
_LONG_TO_TAG: dict[str, str] = {
    long: tag for tag, long in SHORT_FORMS.items() if long not in _RULE_FUNCTIONS and long != "Condition"}
_CONDITION_LISTS = frozenset(("Fn::And", "Fn::Or", "Fn::Not"))
_UNSUPPORTED_STD = frozenset(("binary", "timestamp", "set", "omap", "pairs"))

# --- scalar resolution --------------------------------------------------------------------------------

_BOOL_VALUES: dict[str, bool] = {
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
}
_NULL_VALUES = frozenset(("~", "null", "Null", "NULL", ""))
_BOOL_RE = re.compile(r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")
_INT_RE = re.compile(r"""^(?:[-+]?0b[0-1_]+
    |[-+]?0[0-7_]+
    |[-+]?(?:0|[1-9][0-9_]*)
    |[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""", re.X)
_FLOAT_FINITE_RE = re.compile(r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*)$""", re.X)
_FLOAT_SPECIAL_RE = re.compile(r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")
_MERGE_RE = re.compile(r"^(?:<<)$")

Matcher = Callable[[str], object]


def _table(rules: Sequence[tuple[str, Matcher, str]]) -> dict[str, tuple[tuple[str, Matcher], ...]]:
    """First character -> the (tag, match) rules to try, in order."""
    table: dict[str, list[tuple[str, Matcher]]] = {}
    for tag, match, first in rules:
        for ch in first or [""]:
            table.setdefault(ch, []).append((tag, match))
    return {ch: tuple(rs) for ch, rs in table.items()}


_DIGITS = "0123456789"
_LOAD_RULES: list[tuple[str, Matcher, str]] = [
    (_BOOL, _BOOL_RE.match, "yYnNtTfFoO"),
    (_FLOAT, _FLOAT_FINITE_RE.match, "-+." + _DIGITS),
    (_INT, _INT_RE.match, "-+" + _DIGITS),
    (_MERGE, _MERGE_RE.match, "<"),
    (_NULL, _NULL_RE.match, "~nN"),
]
_LOAD_IMPLICIT = _table(_LOAD_RULES)
_LOAD_IMPLICIT[""] = ((_NULL, _NULL_RE.match),)

# Writing quotes every string that *any* common reader could take for something else: YAML 1.1 as above,
# plus the timestamp, special-float, '=' and y/n forms of YAML 1.1 and the number forms of YAML 1.2.
_AMBIGUOUS_RE = re.compile(r"""^(?:y|Y|n|N|=
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
    |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:(?:[Tt]|[ \t]+).*)?
    |[-+]?0o[0-7]+|[-+]?0x[0-9a-fA-F]+
    |[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?)$""", re.X)
_DUMP_IMPLICIT = _table([*_LOAD_RULES, (_AMBIGUOUS, _AMBIGUOUS_RE.match, "yYnN=-+." + _DIGITS)])
_DUMP_IMPLICIT[""] = _LOAD_IMPLICIT[""]

# An anchor ('&' + [0-9A-Za-z_-]) can only start where a YAML token can: at the start, after white space,
# after a flow indicator or after a ':' or '?' in flow context. Documents without one cannot hold aliases.
_AMPERSAND_RE = re.compile(r"&[0-9A-Za-z_-]")


def _may_have_anchors(text: str) -> bool:
    """False only when ``text`` certainly defines no anchor (so it holds no alias and no alias bomb)."""
    if "&" not in text:
        return False
    for match in _AMPERSAND_RE.finditer(text):
        start = match.start()
        if start == 0 or text[start - 1].isspace() or text[start - 1] in "[{,:?":
            return True
    return False


class _TooDeep(Exception):
    """Raised by the composer hook past MAX_DEPTH."""


class _NodeProblem(Exception):
    """A problem found while constructing, at ``node`` (its path is searched for afterwards)."""

    def __init__(self, code: str, message: str, node: Node, key_node: Node | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.node = node
        self.key_node = key_node


class _MergeFound(Exception):
    """A '<<' key: build this mapping the slow way."""


# --- the loader ---------------------------------------------------------------------------------------

class _Resolver:
    """Tags plain scalars by the first rule of ``IMPLICIT`` (keyed by first character) they match; shared by the
    loader (what CloudFormation reads) and the dumper (what any reader might misread)."""

    IMPLICIT: ClassVar[dict[str, tuple[tuple[str, Matcher], ...]]] = {}

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                rules = self.IMPLICIT.get(value[:1])
                if rules is not None:
                    for tag, match in rules:
                        if match(value):
                            return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


def _loader_class(base: type[Any]) -> type[Any]:
    class CfnLoader(_Resolver, base):  # type: ignore[misc]
        """A safe loader whose resolver follows CloudFormation and whose composer stops at MAX_DEPTH."""

        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self._depth = 0
            self._max_depth = MAX_DEPTH

        def descend_resolver(self, current_node: object, current_index: object) -> None:
            depth = self._depth + 1
            if depth > self._max_depth:
                raise _TooDeep
            self._depth = depth

        def ascend_resolver(self) -> None:
            self._depth -= 1

        IMPLICIT = _LOAD_IMPLICIT

    CfnLoader.__name__ = CfnLoader.__qualname__ = f"Cfn{base.__name__}"
    return CfnLoader


_PyLoader = _loader_class(yaml.SafeLoader)
_Loader: type[Any] = _loader_class(yaml.CSafeLoader) if yaml.__with_libyaml__ else _PyLoader


def _int(node: ScalarNode) -> Any:
    value = node.value
    if value.isdigit() and value.isascii() and (value[0] != "0" or value == "0"):
        try:
            return int(value)
        except ValueError:  # more digits than int() converts
            return value
    if not _INT_RE.match(value):
        raise _NodeProblem("invalid-type", f"{value!r} is not a YAML integer", node)
    text = value.replace("_", "")
    sign = -1 if text[0] == "-" else 1
    if text[0] in "+-":
        text = text[1:]
    try:
        if text == "0":
            return 0
        if text.startswith("0b"):
            return sign * int(text[2:], 2)
        if text.startswith("0x"):
            return sign * int(text[2:], 16)
        if text[0] == "0":
            return sign * int(text, 8)
        if ":" in text:
            total = 0
            for part in text.split(":"):
                total = total * 60 + int(part)
            return sign * total
        return sign * int(text)
    except ValueError:  # "0b_", or too many digits: keep the text
        return value


def _float(node: ScalarNode) -> Any:
    value = node.value
    if _FLOAT_SPECIAL_RE.match(value):  # only reachable through an explicit !!float
        low = value.lower()
        return float("nan") if "nan" in low else float("-inf") if low[0] == "-" else float("inf")
    if not _FLOAT_FINITE_RE.match(value):
        if _INT_RE.match(value) and node.tag == _FLOAT:
            return float(_int(ScalarNode(_INT, value)))
        raise _NodeProblem("invalid-type", f"{value!r} is not a YAML float", node)
    text = value.replace("_", "")
    if ":" in text:
        sign = -1.0 if text[0] == "-" else 1.0
        total = 0.0
        for part in text.lstrip("+-").split(":"):
            total = total * 60 + float(part)
        return sign * total
    return float(text)


def _bool(node: ScalarNode) -> Any:
    try:
        return _BOOL_VALUES[node.value]
    except KeyError:
        raise _NodeProblem("invalid-type", f"{node.value!r} is not a YAML boolean", node) from None


def _null(node: ScalarNode) -> Any:
    if node.value not in _NULL_VALUES:
        raise _NodeProblem("invalid-type", f"{node.value!r} is not a YAML null", node)
    return None


def _merge_scalar(node: ScalarNode) -> Any:
    return node.value


_SCALARS: dict[str, Callable[[Any], Any]] = {
    _INT: _int, _FLOAT: _float, _BOOL: _bool, _NULL: _null, _MERGE: _merge_scalar,
}


def _build(node: Node) -> Any:
    """Node tree -> plain data. Recursive: the composer already bounded the depth."""
    cls = node.__class__
    if cls is ScalarNode:
        tag = node.tag
        if tag == _STR:
            return node.value
        convert = _SCALARS.get(tag)
        if convert is not None:
            return convert(node)
        return _build_tagged(node)
    if cls is MappingNode:
        if node.tag != _MAP:
            return _build_tagged(node)
        return _build_mapping(node)
    if node.tag != _SEQ:
        return _build_tagged(node)
    return [_build(child) for child in node.value]


def _build_mapping(node: Node) -> dict[Any, Any]:
    pairs = node.value
    mapping: dict[Any, Any] = {}
    try:
        for key_node, value_node in pairs:
            if key_node.__class__ is ScalarNode and key_node.tag == _STR:
                mapping[key_node.value] = _build(value_node)
            else:
                mapping[_key(key_node)] = _build(value_node)
    except _MergeFound:
        return _build_merged(node)
    if len(mapping) != len(pairs):
        _raise_duplicate(node)
    return mapping


def _key(key_node: Node) -> Any:
    if key_node.__class__ is ScalarNode:
        if key_node.tag == _MERGE:
            raise _MergeFound
        key = _build(key_node)
        if key.__class__ is not dict:
            return key
    raise _NodeProblem("invalid-document", "a mapping key must be a string, a number, a boolean or null",
                       key_node)


def _split_merges(node: Node) -> tuple[list[tuple[Node, Node]], list[tuple[Node, Node]]]:
    """(pairs merged in through '<<' keys, in YAML's order of precedence; the mapping's own pairs)."""
    merged: list[tuple[Node, Node]] = []
    own: list[tuple[Node, Node]] = []
    for key_node, value_node in node.value:
        if key_node.__class__ is ScalarNode and key_node.tag == _MERGE:
            sources = value_node.value if value_node.__class__ is SequenceNode else [value_node]
            for source in reversed(sources):  # the first source wins, so it is applied last
                if source.__class__ is not MappingNode or source.tag != _MAP:
                    raise _NodeProblem("invalid-document", "a '<<' merge key needs a mapping or a list of "
                                       "mappings", source)
                merged.extend(_flatten(source))
        else:
            own.append((key_node, value_node))
    return merged, own


def _flatten(node: Node) -> list[tuple[Node, Node]]:
    """All pairs of a mapping, merges resolved, in insertion order (later pairs override earlier ones)."""
    merged, own = _split_merges(node)
    return merged + own


def _build_merged(node: Node) -> dict[Any, Any]:
    """A mapping with '<<' keys: merged pairs first (earlier sources win), then its own pairs win."""
    merged, own = _split_merges(node)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in merged:
        mapping[_key(key_node)] = _build(value_node)
    seen: set[Any] = set()
    for key_node, value_node in own:
        key = _key(key_node)
        if key in seen:
            _raise_duplicate(node, own)
        seen.add(key)
        mapping[key] = _build(value_node)
    return mapping


def _raise_duplicate(node: Node, pairs: Sequence[tuple[Node, Node]] | None = None) -> NoReturn:
    first: dict[Any, Node] = {}
    for key_node, _ in node.value if pairs is None else pairs:
        key = _key(key_node)
        if key in first:
            line1 = first[key].start_mark.line + 1
            line2 = key_node.start_mark.line + 1
            raise _NodeProblem("duplicate-key", f"key {key!r} appears at line {line1} and again at line {line2}",
                               node, key_node)
        first[key] = key_node
    raise AssertionError("no duplicate found")  # pragma: no cover


def _build_tagged(node: Node) -> Any:
    tag = node.tag
    long = SHORT_FORMS.get(tag)
    if long is not None:
        cls = node.__class__
        if cls is ScalarNode:
            if long == "Fn::GetAtt":
                return {long: node.value.split(".", 1)}
            return {long: node.value}
        if cls is SequenceNode:
            return {long: [_build(child) for child in node.value]}
        return {long: _build_mapping(node)}
    if tag.startswith(_STD):
        name = tag[len(_STD):]
        if name in _UNSUPPORTED_STD:
            message = f"CloudFormation does not support the !!{name} tag"
        else:
            message = f"the tag !!{name} is not allowed"
        raise _NodeProblem("unsafe-tag", message, node)
    if tag.startswith("!") and not tag.startswith("!!"):
        known = {t.lower(): t for t in SHORT_FORMS}
        hint = f" (did you mean {known[tag.lower()]}?)" if tag.lower() in known else ""
        raise _NodeProblem("unknown-tag", f"{tag} is not a CloudFormation intrinsic function{hint}", node)
    raise _NodeProblem("unsafe-tag", f"the tag {tag!r} is not allowed", node)


def _check_aliases(root: Node) -> None:
    """Refuse alias cycles, alias expansions past MAX_ALIAS_NODES and (expanded) nesting past MAX_DEPTH."""
    memo: dict[int, tuple[int, int]] = {}  # id(node) -> (expanded size, expanded height)
    active: set[int] = set()
    extra = 0
    limit = MAX_ALIAS_NODES
    max_depth = MAX_DEPTH

    def visit(node: Node, depth: int) -> tuple[int, int]:
        nonlocal extra
        if node.__class__ is ScalarNode:
            return 1, 1
        nid = id(node)
        known = memo.get(nid)
        if known is not None:
            extra += known[0]
            if extra > limit:
                raise _NodeProblem("alias-refused", f"aliases expand to more than {limit} nodes", node)
            if depth + known[1] - 1 > max_depth:
                raise _NodeProblem("nesting-too-deep", f"aliases nest the document deeper than {max_depth} "
                                   "levels", node)
            return known
        if nid in active:
            raise _NodeProblem("alias-refused", "an alias refers to a node that contains it", node)
        if depth > max_depth:
            raise _NodeProblem("nesting-too-deep", f"aliases nest the document deeper than {max_depth} levels",
                               node)
        active.add(nid)
        size, height = 1, 0
        if node.__class__ is MappingNode:
            children: Iterator[Node] = (n for pair in node.value for n in pair)
        else:
            children = iter(node.value)
        for child in children:
            child_size, child_height = visit(child, depth + 1)
            size += child_size
            height = max(height, child_height)
        active.discard(nid)
        memo[nid] = (size, height + 1)
        return size, height + 1

    visit(root, 1)


# --- reading the source -------------------------------------------------------------------------------

def _error(code: str, message: str, name: str | None, line: int | None = None, column: int | None = None,
           path: Sequence[str | int] = ()) -> InputError:
    diagnostic = make(code, path, message).at(name, line, column)
    return InputError.from_diagnostics([diagnostic])  # type: ignore[return-value]


_PATH_SUFFIXES = (".yaml", ".yml", ".json", ".template")


def _read_source(source: object, name: str | None) -> tuple[str, str]:
    """(text, name) from any accepted source; the size limit applies before decoding."""
    limit = MAX_INPUT_BYTES
    if isinstance(source, os.PathLike) or (isinstance(source, str) and _looks_like_path(source)):
        path = os.fspath(source)
        shown = name or str(path)
        return _decode(_read_file(path, shown, limit), shown), shown
    if isinstance(source, str):
        shown = name or "<string>"
        if len(source) > limit:
            raise _too_large(shown, limit)
        return source[1:] if source.startswith("\ufeff") else source, shown
    if isinstance(source, (bytes, bytearray, memoryview)):
        shown = name or "<string>"
        data = bytes(source)
        if len(data) > limit:
            raise _too_large(shown, limit)
        return _decode(data, shown), shown
    read = getattr(source, "read", None)
    if callable(read):
        stream_name = getattr(source, "name", None)
        shown = name or (stream_name if isinstance(stream_name, str) else "<stdin>")
        try:
            chunk = read(limit + 1)
        except OSError as exc:
            raise _error("file-unreadable", f"cannot read the input: {exc.strerror or exc}", shown) from None
        except UnicodeDecodeError as exc:
            raise _error("invalid-encoding", f"the input is not valid UTF-8 ({exc.reason})", shown) from None
        if len(chunk) > limit:
            raise _too_large(shown, limit)
        if isinstance(chunk, str):
            return (chunk[1:] if chunk.startswith("\ufeff") else chunk), shown
        if isinstance(chunk, (bytes, bytearray)):
            return _decode(bytes(chunk), shown), shown
        raise _error("invalid-type", f"the stream returned {type(chunk).__name__}, not text or bytes", shown)
    raise _error("invalid-type", f"cannot load from a {type(source).__name__}; give a path, text, bytes or a "
                 "stream", name)


def _looks_like_path(text: str) -> bool:
    """A str names a file when that file (or directory) exists, or when it reads like a template's path."""
    if "\n" in text or "\0" in text or len(text) > 4096 or not text.strip():
        return False
    try:
        if os.path.exists(text):
            return True
    except (OSError, ValueError):  # pragma: no cover - exotic names
        return False
    return text.lower().endswith(_PATH_SUFFIXES) and ": " not in text and not text.lstrip().startswith(("{", "["))


def _read_file(path: str, shown: str, limit: int) -> bytes:
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            if stat.st_size > limit:
                raise _too_large(shown, limit, stat.st_size)
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise _error("file-not-found", f"no such file: {shown}", shown) from None
    except IsADirectoryError:
        raise _error("not-a-file", f"{shown} is a directory, not a file", shown) from None
    except PermissionError:
        raise _error("file-unreadable", f"permission denied reading {shown}", shown) from None
    except OSError as exc:
        if os.path.isdir(path):
            raise _error("not-a-file", f"{shown} is a directory, not a file", shown) from None
        raise _error("file-unreadable", f"cannot read {shown}: {exc.strerror or exc}", shown) from None
    if len(data) > limit:
        raise _too_large(shown, limit)
    return data


def _too_large(shown: str, limit: int, size: int | None = None) -> InputError:
    got = f" ({size} bytes)" if size is not None else ""
    return _error("input-too-large", f"the input is larger than {limit} bytes{got}; the limit is "
                  "apigw_convert.yaml_io.MAX_INPUT_BYTES", shown)


def _decode(data: bytes, shown: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _error("invalid-encoding", "the input is UTF-16 or UTF-32 (it starts with a byte order mark)",
                     shown, 1, 1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(data[: exc.start].decode("utf-8", "replace"), None)
        raise _error("invalid-encoding", f"the input is not valid UTF-8: byte 0x{data[exc.start]:02x} at offset "
                     f"{exc.start} ({exc.reason})", shown, line, column) from None


def _position(text: str, offset: int | None = None) -> tuple[int, int]:
    """1-based (line, column) of ``offset`` (default: the end) in ``text``."""
    if offset is not None:
        text = text[:offset]
    line = text.count("\n") + 1
    return line, len(text) - (text.rfind("\n") + 1) + 1


# --- parsing ------------------------------------------------------------------------------------------

def _parse(text: str, shown: str, nodes: list[Node] | None = None) -> tuple[Any, Format]:
    """The data of ``text`` and its format; a YAML text's composed root node is appended to ``nodes``."""
    start = text.lstrip(" \t\r\n")
    if not start:
        raise _error("invalid-document", "the input is empty: no YAML or JSON document", shown, 1, 1)
    if start[0] in "{[" or shown.lower().endswith(".json"):
        try:
            return _parse_json(text, shown), "json"
        except _JsonSyntax as json_error:
            if shown.lower().endswith(".json"):  # a .json file is JSON: no second chance as YAML
                raise _error("json-syntax", json_error.msg, shown, json_error.lineno, json_error.colno) from None
            try:
                return _parse_yaml(text, shown, nodes), "yaml"
            except InputError as yaml_error:
                if yaml_error.diagnostics[0].code != "yaml-syntax" or shown.lower().endswith((".yaml", ".yml")):
                    raise yaml_error from None
                raise _error("json-syntax", f"{json_error.msg}", shown, json_error.lineno,
                             json_error.colno) from None
    return _parse_yaml(text, shown, nodes), "yaml"


def _parse_yaml(text: str, shown: str, nodes: list[Node] | None = None) -> Any:
    try:
        loader = _Loader(text)  # the pure-Python reader checks the characters here
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text, shown) from None
    node: Node | None = None
    enabled = gc.isenabled()
    gc.disable()  # composing and building allocate millions of objects and free none
    try:
        try:
            node = loader.get_single_node()
        except _TooDeep:
            path, mark = _find_deep(text)
            raise _error("nesting-too-deep", f"the document nests deeper than {MAX_DEPTH} levels "
                         "(apigw_convert.yaml_io.MAX_DEPTH)", shown, *mark, path=path) from None
        except yaml.YAMLError as exc:
            raise _yaml_error(exc, text, shown) from None
        if node is None or (node.tag == _NULL and node.value == "" and node.__class__ is ScalarNode
                            and not node.style):
            raise _error("invalid-document", "the input is empty: no YAML or JSON document", shown, 1, 1)
        if _may_have_anchors(text):
            try:
                _check_aliases(node)
            except _NodeProblem as problem:
                raise _node_error(problem, node, shown, search=False) from None
        try:
            data = _build(node)
        except _NodeProblem as problem:
            raise _node_error(problem, node, shown) from None
        if nodes is not None:
            nodes.append(node)
        return data
    finally:
        loader.dispose()
        if enabled:
            gc.enable()


def _yaml_error(exc: yaml.YAMLError, text: str, shown: str) -> InputError:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        if isinstance(exc, yaml.composer.ComposerError) and "another document" in problem:
            message = "the input holds more than one YAML document; give one document per file"
        else:
            context = f" {exc.context}" if exc.context else ""
            message = f"{problem}{context}".strip()
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        return _error("yaml-syntax", message, shown, line, column)
    if isinstance(exc, yaml.reader.ReaderError):
        position = exc.position
        if exc.encoding == "?":  # libyaml counts bytes of the UTF-8 text
            position = len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))
        line, column = _position(text, position)
        return _error("yaml-syntax", f"{exc.reason}: character {exc.character!r}" if isinstance(
            exc.character, str) else f"{exc.reason} (#x{exc.character:04x})", shown, line, column)
    return _error("yaml-syntax", str(exc) or "invalid YAML", shown)  # pragma: no cover


def _node_error(problem: _NodeProblem, root: Node, shown: str, *, search: bool = True) -> InputError:
    target = problem.key_node or problem.node
    path = _node_path(root, problem.node, problem.key_node) if search else None
    mark = target.start_mark
    return _error(problem.code, problem.message, shown, mark.line + 1, mark.column + 1,
                  path=path if path is not None else ())


def _node_path(root: Node, target: Node, key_node: Node | None) -> Path | None:
    """Where ``target`` sits (its key appended when ``key_node`` is given): the first place in document order."""
    stack: list[tuple[Node, Path]] = [(root, ())]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if node is target:
            if key_node is not None:
                long = SHORT_FORMS.get(node.tag)
                return (*path, long, _key_token(key_node)) if long else (*path, _key_token(key_node))
            return path
        if id(node) in seen:
            continue
        seen.add(id(node))
        prefix = path
        long = SHORT_FORMS.get(node.tag)
        if long is not None:
            prefix = (*path, long)
        if node.__class__ is MappingNode:
            for key, value in reversed(node.value):
                stack.append((value, (*prefix, _key_token(key))))
                stack.append((key, prefix))
        elif node.__class__ is SequenceNode:
            for index in range(len(node.value) - 1, -1, -1):
                stack.append((node.value[index], (*prefix, index)))
    return None


def _key_token(key_node: Node) -> str | int:
    if key_node.__class__ is ScalarNode:
        try:
            key = _build(key_node)
        except _NodeProblem:
            return str(key_node.value)
        return key if isinstance(key, (str, int)) and not isinstance(key, bool) else str(key)
    return "?"


def _find_deep(text: str) -> tuple[Path, tuple[int | None, int | None]]:
    """The path and mark of the first node deeper than MAX_DEPTH, from the event stream (error path only)."""
    parser = _Loader(text)
    limit = MAX_DEPTH
    stack: list[list[Any]] = []  # [kind, index or key, expecting_key]
    path: list[str | int] = []
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, NodeEvent):
                if stack:
                    top = stack[-1]
                    if top[0] == "map":
                        if top[2]:
                            top[1] = event.value if isinstance(event, ScalarEvent) else "?"
                            top[2] = False
                            is_key = True
                        else:
                            top[2] = True
                            is_key = False
                        token = top[1]
                    else:
                        top[1] += 1
                        token = top[1]
                        is_key = False
                else:
                    token, is_key = None, False
                node_path = [*path, token] if token is not None and not is_key else list(path)
                if len(stack) + 1 > limit:
                    mark = event.start_mark
                    if mark is None:  # pragma: no cover - both parsers set marks
                        return tuple(node_path), (None, None)
                    return tuple(node_path), (mark.line + 1, mark.column + 1)
                if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                    if token is not None and not is_key:
                        path.append(token)
                    elif is_key:
                        path.append("?")
                    stack.append(["map", None, True] if isinstance(event, MappingStartEvent) else ["seq", -1])
                elif isinstance(event, (ScalarEvent, AliasEvent)):
                    pass
            elif isinstance(event, CollectionEndEvent):
                stack.pop()
                if path:
                    path.pop()
    except yaml.YAMLError:  # pragma: no cover - the composer saw the same events
        pass
    finally:
        parser.dispose()
    return (), (None, None)


class _JsonSyntax(ValueError):
    def __init__(self, msg: str, lineno: int, colno: int) -> None:
        super().__init__(msg)
        self.msg, self.lineno, self.colno = msg, lineno, colno


class _JsonDuplicate(Exception):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise _JsonDuplicate
    return mapping


def _no_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON (ECMA-404)")


_JSON_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_constant=_no_constant)


def _parse_json(text: str, shown: str) -> Any:
    try:
        data = _JSON_DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise _JsonSyntax(exc.msg, exc.lineno, exc.colno) from None
    except ValueError as exc:  # NaN / Infinity
        raise _JsonSyntax(str(exc), 1, 1) from None
    except _JsonDuplicate:
        raise _json_duplicate(text, shown) from None
    except RecursionError:
        path, (line, column) = _json_deep(text)
        raise _error("nesting-too-deep", f"the document nests deeper than {MAX_DEPTH} levels "
                     "(apigw_convert.yaml_io.MAX_DEPTH)", shown, line, column, path=path) from None
    if _json_depth_exceeded(data):
        path, (line, column) = _json_deep(text)
        raise _error("nesting-too-deep", f"the document nests deeper than {MAX_DEPTH} levels "
                     "(apigw_convert.yaml_io.MAX_DEPTH)", shown, line, column, path=path)
    if _SURROGATE_ESCAPE.search(text):
        lone = _lone_surrogate(data)
        if lone is not None:
            line, column = _JsonMarks(text).get(tuple(str(token) for token in lone)) or (None, None)
            raise _error("invalid-encoding", "a \\u escape in a string is half of a UTF-16 surrogate pair, not a "
                         "character (YAML readers and CloudFormation refuse it)", shown, line, column, path=lone)
    return data


# A \\u escape of a UTF-16 surrogate (a pair of them is one character, a lone one is not text).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _lone_surrogate(data: Any) -> Path | None:
    """Where the first string holding a lone surrogate is: a value's path, or for a key its mapping's path (a
    pointer naming the key could not be printed)."""
    stack: list[tuple[Any, Path]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        if node.__class__ is str:
            if not _encodes(node):
                return path
        elif node.__class__ is dict:
            for key, value in reversed(node.items()):
                if key.__class__ is str and not _encodes(key):
                    return path
                stack.append((value, (*path, key)))
        elif node.__class__ is list:
            stack.extend((item, (*path, i)) for i, item in reversed(list(enumerate(node))))
    return None


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _json_depth_exceeded(data: Any) -> bool:
    limit = MAX_DEPTH
    stack: list[tuple[Any, int]] = [(data, 1)]
    pop, push = stack.pop, stack.append
    while stack:
        node, depth = pop()
        values = node.values() if node.__class__ is dict else node if node.__class__ is list else ()
        for value in values:
            cls = value.__class__
            if cls is dict or cls is list:
                if depth + 1 > limit:
                    return True
                push((value, depth + 1))
            elif depth + 1 > limit:
                return True
    return False


_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


def _json_events(text: str) -> Iterator[tuple[str, Any, int]]:
    """("start" | "end" | "key" | "value", payload, offset) for well-formed JSON; stops at a malformed spot."""
    pos = _WS.match(text, 0).end()  # type: ignore[union-attr]
    containers: list[str] = []
    expect_key = False
    while pos < len(text):
        ch = text[pos]
        if expect_key:
            if ch == "}":
                containers.pop()
                yield "end", None, pos
                pos += 1
            elif ch == '"':
                key, end = _scanstring(text, pos + 1)
                yield "key", key, pos
                pos = _WS.match(text, end).end()  # type: ignore[union-attr]
                if text[pos : pos + 1] != ":":
                    return
                pos += 1
                expect_key = False
            elif ch == ",":
                pos += 1
            else:
                return
        elif ch in ",]}" and containers:
            if ch == ",":
                pos += 1
                expect_key = containers[-1] == "{"
            else:
                containers.pop()
                yield "end", None, pos
                pos += 1
        elif ch in "{[":
            yield "start", ch, pos
            containers.append(ch)
            pos += 1
            expect_key = ch == "{"
        elif ch == '"':
            yield "value", None, pos
            _, pos = _scanstring(text, pos + 1)
        else:
            match = _NUMBER.match(text, pos)
            if match and match.end() > pos:
                yield "value", None, pos
                pos = match.end()
            elif text.startswith(("true", "null"), pos):
                yield "value", None, pos
                pos += 4
            elif text.startswith("false", pos):
                yield "value", None, pos
                pos += 5
            else:
                return
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]


def _json_walk(text: str) -> Iterator[tuple[tuple[str, ...], int, str | None, int | None]]:
    """(path, offset of the value, key, offset of its key) for every value of a JSON text, in order."""
    path: list[str] = []
    kinds: list[list[Any]] = []  # [kind, next index]
    key: str | None = None
    key_pos: int | None = None
    for kind, payload, pos in _json_events(text):
        if kind == "key":
            key, key_pos = payload, pos
            continue
        if kind == "end":
            kinds.pop()
            if path:
                path.pop()
            continue
        if kinds:
            top = kinds[-1]
            if top[0] == "[":
                token: str = str(top[1])
                top[1] += 1
            else:
                token = key or ""
            here = (*path, token)
        else:
            here = ()
        yield here, pos, key if kinds and kinds[-1][0] == "{" else None, key_pos
        if kind == "start":
            if kinds:
                path.append(here[-1])
            kinds.append([payload, 0])


def _json_duplicate(text: str, shown: str) -> InputError:
    seen: dict[tuple[str, ...], int] = {}
    for path, _pos, key, key_pos in _json_walk(text):
        if key is None or key_pos is None:
            continue
        if path in seen:
            line1 = _position(text, seen[path])[0]
            line2, column2 = _position(text, key_pos)
            raise _error("duplicate-key", f"key {key!r} appears at line {line1} and again at line {line2}",
                         shown, line2, column2, path=path)
        seen[path] = key_pos
    return _error("duplicate-key", "a JSON object has the same key twice", shown)


def _json_deep(text: str) -> tuple[Path, tuple[int | None, int | None]]:
    for path, pos, _key, _key_pos in _json_walk(text):
        if len(path) + 1 > MAX_DEPTH:
            return path, _position(text, pos)
    return (), (None, None)


# --- the public reading API ---------------------------------------------------------------------------

@dataclass
class Loaded:
    """A loaded document: its data, where it came from, and (on demand) where each value sits in it."""

    data: Any
    name: str
    format: Format
    text: str
    _marks: _Marks | None = field(default=None, init=False, repr=False, compare=False)

    def locate(self, path: Sequence[str | int]) -> tuple[int, int] | None:
        """1-based (line, column) where the value at ``path`` starts, or None when there is no such value.

        List indexes may be ints or digit strings. The first call reads the text once more (a YAML text is
        composed into nodes, which are kept and walked along each path asked for; a JSON text is scanned
        for the marks of every value), unless it was loaded with ``keep_nodes``.
        """
        if self._marks is None:
            self._marks = _JsonMarks(self.text) if self.format == "json" else _YamlMarks(self.text)
        return self._marks.get(tuple(str(token) for token in path))

    def place(self, diagnostic: Diagnostic) -> Diagnostic:
        """A copy of ``diagnostic`` with file, line and column filled from its pointer.

        When the pointer names no value (a missing key, say), the nearest enclosing value is used.
        """
        try:
            tokens: tuple[str, ...] = from_pointer(diagnostic.pointer)
        except ValueError:
            tokens = ()
        where = None
        for end in range(len(tokens), -1, -1):
            where = self.locate(tokens[:end])
            if where is not None:
                break
        line, column = where if where is not None else (None, None)
        return diagnostic.at(self.name, line, column)


class _Marks:
    """Where values start in a text: ``get(path)`` -> 1-based (line, column), or None."""

    def get(self, path: tuple[str, ...]) -> tuple[int, int] | None:
        raise NotImplementedError  # pragma: no cover


class _JsonMarks(_Marks):
    """Every value's mark, from one scan of the JSON text."""

    def __init__(self, text: str) -> None:
        self._marks = _json_marks(text)

    def get(self, path: tuple[str, ...]) -> tuple[int, int] | None:
        return self._marks.get(path)


class _YamlMarks(_Marks):
    """The composed node tree of a YAML text, walked from the root along each path asked for.

    Composing is libyaml's work; walking one path costs its length (each mapping on the way is indexed once),
    so placing a few diagnostics in a large template no longer visits every node. A tagged node (``!Sub``)
    stands at its own path and at the path of its long form (``Fn::Sub``); a scalar ``!GetAtt a.b`` also
    at its long form's indexes ``0`` and ``1``.
    """

    def __init__(self, text: str, root: Node | None = None) -> None:
        if root is None:
            loader = _Loader(text)
            enabled = gc.isenabled()
            gc.disable()
            try:
                root = loader.get_single_node()
            except (yaml.YAMLError, _TooDeep):  # pragma: no cover - the text loaded before
                root = None
            finally:
                loader.dispose()
                if enabled:
                    gc.enable()
        self._root = root
        self._mappings: dict[int, dict[str, Node]] = {}

    def get(self, path: tuple[str, ...]) -> tuple[int, int] | None:
        node = self._root
        if node is None:
            return None
        end = len(path)
        i = 0
        while i < end:
            long = SHORT_FORMS.get(node.tag)
            if long is not None:
                if path[i] != long:
                    return None
                i += 1
                if i == end:
                    break
                if node.__class__ is ScalarNode:
                    ok = long == "Fn::GetAtt" and i + 1 == end and path[i] in ("0", "1")
                    return _mark(node) if ok else None
            token = path[i]
            cls = node.__class__
            if cls is MappingNode:
                child = self._children(node).get(token)
            elif cls is SequenceNode:
                index = int(token) if token.isdigit() and token.isascii() and str(int(token)) == token else -1
                child = node.value[index] if 0 <= index < len(node.value) else None
            else:
                return None
            if child is None:
                return None
            node = child
            i += 1
        return _mark(node)

    def _children(self, node: Node) -> dict[str, Node]:
        """A mapping's values by key token (merges resolved; the last of equal tokens wins, as in the data)."""
        found = self._mappings.get(id(node))
        if found is None:
            pairs = node.value
            if any(k.__class__ is ScalarNode and k.tag == _MERGE for k, _ in pairs):
                try:
                    pairs = _flatten(node)
                except _NodeProblem:  # pragma: no cover - the text loaded before
                    pass
            found = self._mappings[id(node)] = {str(_key_token(key)): value for key, value in pairs}
        return found


def _mark(node: Node) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def _json_marks(text: str) -> dict[tuple[str, ...], tuple[int, int]]:
    marks: dict[tuple[str, ...], tuple[int, int]] = {}
    line, scanned = 1, 0
    for path, pos, _key, _key_pos in _json_walk(text):
        line += text.count("\n", scanned, pos)
        scanned = pos
        marks[path] = (line, pos - text.rfind("\n", 0, pos))
    return marks


def load_document(source: Any, *, name: str | None = None, keep_nodes: bool = False) -> Loaded:
    """Read one YAML or JSON document from a path, text, bytes or a stream.

    ``source`` is an ``os.PathLike``; a ``str`` that names an existing file (or that reads like the path of
    a ``.yaml``/``.yml``/``.json``/``.template`` file: then a missing file is an error, not a string
    document); any other ``str``, which is the text itself; ``bytes``; or a stream with ``read()``.
    ``name`` overrides the name shown in diagnostics (default: the path, ``"<string>"`` or ``"<stdin>"``).

    Text that starts with ``{`` or ``[`` is read as JSON first and, if that fails, as YAML (a flow
    mapping is YAML too); a source named ``*.json`` is JSON only, so a broken JSON file reports a JSON
    syntax error rather than loading as lenient YAML.
    ``keep_nodes`` keeps a YAML text's composed nodes for :meth:`Loaded.locate`, which then needs no second
    pass over the text: faster when diagnostics will be placed, at the cost of the nodes' memory.
    Raises :class:`~apigw_convert.errors.InputError` and nothing else on bad input.
    """
    shown = name
    nodes: list[Node] | None = [] if keep_nodes else None
    try:
        text, shown = _read_source(source, name)
        data, fmt = _parse(text, shown, nodes)
    except InputError:
        raise
    except RecursionError:
        raise _error("nesting-too-deep", f"the document nests deeper than this interpreter's recursion limit "
                     f"allows (MAX_DEPTH is {MAX_DEPTH})", shown) from None
    except MemoryError:
        raise _error("input-too-large", "the input needs more memory than is available", shown) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every path above converts these
        raise _error("yaml-syntax", str(exc), shown) from None
    except UnicodeError as exc:  # pragma: no cover
        raise _error("invalid-encoding", str(exc), shown) from None
    except OSError as exc:  # pragma: no cover
        raise _error("file-unreadable", str(exc), shown) from None
    loaded = Loaded(data=data, name=shown or "<string>", format=fmt, text=text)
    if nodes:
        loaded._marks = _YamlMarks(text, nodes[0])
    return loaded


def load(source: Any, *, name: str | None = None) -> Any:
    """The plain long-form data of one YAML or JSON document; see :func:`load_document`."""
    return load_document(source, name=name).data


# --- writing ------------------------------------------------------------------------------------------

def _dumper_class(base: type[Any]) -> type[Any]:
    class CfnDumper(_Resolver, base):  # type: ignore[misc]
        """A safe dumper that never writes anchors and quotes every string another reader could misread."""

        IMPLICIT = _DUMP_IMPLICIT

        def ignore_aliases(self, data: Any) -> bool:
            return True

    CfnDumper.__name__ = CfnDumper.__qualname__ = f"Cfn{base.__name__}"
    return CfnDumper


_PyDumper = _dumper_class(yaml.SafeDumper)
_Dumper: type[Any] = _dumper_class(yaml.CSafeDumper) if yaml.__with_libyaml__ else _PyDumper


class _Unrepresentable(Exception):
    def __init__(self, message: str, code: str = "invalid-type") -> None:
        super().__init__(message)
        self.code = code


def _float_text(value: float) -> tuple[str, str]:
    """(tag, text) of a float: YAML 1.1 needs a dot and a signed exponent; inf and nan get an explicit tag."""
    if value != value:
        return _FLOAT, ".nan"
    if value in (float("inf"), float("-inf")):
        return _FLOAT, ".inf" if value > 0 else "-.inf"
    text = repr(value).lower()
    if "." not in text and "e" in text:
        text = text.replace("e", ".0e", 1)
    return _FLOAT, text


def _represent(data: Any, long_form: bool, depth: int = 1) -> Node:
    """Plain data -> a fresh node tree (never shared, so never an anchor)."""
    if depth > _MAX_DUMP_DEPTH:
        raise _Unrepresentable(f"the data nests deeper than {_MAX_DUMP_DEPTH} levels (or holds a reference "
                               "cycle)", "nesting-too-deep")
    cls = data.__class__
    if cls is str:
        return ScalarNode(_STR, data, style="|" if "\n" in data else None)
    if cls is dict:
        if len(data) == 1 and not long_form:
            tagged = _represent_short(data, depth)
            if tagged is not None:
                return tagged
        pairs = [(_represent_key(key), _represent(value, long_form, depth + 1)) for key, value in data.items()]
        return MappingNode(_MAP, pairs, flow_style=False)
    if cls is list or cls is tuple:
        return SequenceNode(_SEQ, [_represent(item, long_form, depth + 1) for item in data], flow_style=False)
    if cls is bool:
        return ScalarNode(_BOOL, "true" if data else "false")
    if cls is int:
        return ScalarNode(_INT, str(data))
    if cls is float:
        tag, text = _float_text(data)
        return ScalarNode(tag, text)
    if data is None:
        return ScalarNode(_NULL, "null")
    # subclasses (OrderedDict, str enums, ...) as their base type
    bases: tuple[type[Any], ...] = (str, dict, list, tuple, bool, int, float)
    for base in bases:
        if isinstance(data, base):
            return _represent(base(data), long_form, depth)
    raise _Unrepresentable(f"cannot write a {cls.__name__} value; templates hold only strings, numbers, "
                           "booleans, null, lists and mappings")


def _represent_key(key: Any) -> Node:
    if key.__class__ is str:
        return ScalarNode(_STR, key, style="|" if "\n" in key else None)
    if key is None or isinstance(key, (str, int, float)):  # bool is an int
        return _represent(key, False)
    raise _Unrepresentable(f"cannot write a {key.__class__.__name__} mapping key; keys are strings, numbers, "
                           "booleans or null")


def _represent_short(data: dict[Any, Any], depth: int) -> Node | None:
    """The short form of a one-key intrinsic-function mapping, or None to keep the long form."""
    ((key, value),) = data.items()
    if key.__class__ is not str:
        return None
    tag = _LONG_TO_TAG.get(key)
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
        if key in _CONDITION_LISTS:
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


def dump(data: Any, *, format: str = "yaml", long_form: bool = False) -> str:
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
            raise _error("invalid-type", f"cannot write the data as JSON: a string holds {exc.object[exc.start]!r}, "
                         "half of a UTF-16 surrogate pair, which is not a character", None) from None
        except RecursionError:
            raise _error("nesting-too-deep", "the data nests too deep to write (or holds a reference cycle)",
                         None) from None
        except (TypeError, ValueError) as exc:
            raise _error("invalid-type", f"cannot write the data as JSON: {exc}", None) from None
    if format != "yaml":
        raise _error("invalid-argument", f"format must be 'yaml' or 'json', not {format!r}", None)
    enabled = gc.isenabled()
    gc.disable()
    try:
        try:
            node = _represent(data, long_form)
        except _Unrepresentable as exc:
            raise _error(exc.code, str(exc), None) from None
        except RecursionError:
            raise _error("nesting-too-deep", "the data nests too deep to write", None) from None
        buffer = io.StringIO()
        dumper = _Dumper(buffer, default_flow_style=False, allow_unicode=True, width=1_000_000,
                         sort_keys=False)
        try:
            dumper.open()
            dumper.serialize(node)
            dumper.close()
        except (yaml.YAMLError, UnicodeError) as exc:
            raise _error("invalid-type", f"cannot write the data as YAML: {exc}", None) from None
        finally:
            dumper.dispose()
        return buffer.getvalue()
    finally:
        if enabled:
            gc.enable()

