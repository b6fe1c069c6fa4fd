"""YAML in: libyaml's composer with a depth limit, nodes built into plain long-form data, aliases bounded,
errors placed; and the marks of a YAML text, walked from its nodes."""

from __future__ import annotations

import gc
import math
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NoReturn

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

from ..diagnostics import CodeName
from ..errors import InputError
from ..intrinsics import key_text
from . import _limits as limits
from ._source import Marks, Path, error, line_column, lone_surrogate
from ._tags import (
    BOOL,
    BOOL_VALUES,
    FLOAT,
    FLOAT_FINITE_RE,
    FLOAT_SPECIAL_RE,
    INT,
    INT_RE,
    LOAD_IMPLICIT,
    MAP,
    MERGE,
    NULL,
    NULL_VALUES,
    SEQ,
    SHORT_FORMS,
    STD,
    STR,
    UNSUPPORTED_STD,
    Resolver,
)

# libyaml reads an anchor only as a token of its own: '&' and a name character ([0-9A-Za-z_-]), at the start of
# the text or after a space or line break, a byte-order mark, a flow indicator, an indicator (':' follows a
# JSON-like key without a space) or a quote. Anywhere else '&' is part of a plain scalar
# (``Action=Send&Body=...`` in a VTL template, the common case, costs no alias check). A document that libyaml
# composed without one holds no alias.
_ANCHOR_RE = re.compile(r"&[0-9A-Za-z_-]")
_BEFORE_ANCHOR = frozenset("[]{},:?-\"'\ufeff")


# An alias is read the same way: '*' and a name character, as a token of its own (not after a character that
# continues a plain scalar). Searched as a literal, then the character before it looked at: a lookbehind would
# make the search several times slower.
_ALIAS_RE = re.compile(r"\*[0-9A-Za-z_-]")
_SCALAR_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")


def may_have_anchors(text: str) -> bool:
    """False only when libyaml certainly reads no anchor in ``text`` (so no alias and no alias bomb)."""
    for match in _ANCHOR_RE.finditer(text):  # a literal first: a lookbehind would make the search 5x slower
        start = match.start()
        before = text[start - 1] if start else " "
        if before in _BEFORE_ANCHOR or before.isspace():
            return True
    return False


def may_have_aliases(text: str) -> bool:
    """False only when libyaml certainly reads no alias in ``text``: an anchor that nothing refers to expands
    nothing, so the aliases need no check (VTL and query strings are full of ``&name``)."""
    if "*" not in text or not may_have_anchors(text):
        return False
    return any(match.start() == 0 or text[match.start() - 1] not in _SCALAR_CHARS
               for match in _ALIAS_RE.finditer(text))


class _TooDeep(Exception):
    """Raised by the composer hook past MAX_DEPTH."""


class _NodeProblem(Exception):
    """A problem found while constructing, at ``node`` (its path is searched for afterwards)."""

    def __init__(self, code: CodeName, message: str, node: Node, key_node: Node | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.node = node
        self.key_node = key_node


class _MergeFound(Exception):
    """A '<<' key: build this mapping the slow way."""


def _loader_class(base: type[Any]) -> type[Any]:
    class CfnLoader(Resolver, base):  # type: ignore[misc]
        """A safe loader whose resolver follows CloudFormation and whose composer stops at MAX_DEPTH."""

        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            # One entry per node being composed. The composer calls both hooks once per node: leaving a node
            # is the list's own C-level pop (no Python frame), entering one the check below.
            self._open: list[None] = []
            self._max_depth = limits.MAX_DEPTH
            self.ascend_resolver = self._open.pop

        def descend_resolver(self, current_node: object, current_index: object) -> None:
            opened = self._open
            opened.append(None)
            if len(opened) > self._max_depth:
                raise _TooDeep

        IMPLICIT = LOAD_IMPLICIT

    CfnLoader.__name__ = CfnLoader.__qualname__ = f"Cfn{base.__name__}"
    return CfnLoader


PyLoader = _loader_class(yaml.SafeLoader)
Loader: type[Any] = _loader_class(yaml.CSafeLoader) if yaml.__with_libyaml__ else PyLoader


# YAML 1.1 integers stay text past the decimal digits Python converts by default (sys.int_info): a longer
# number means nothing to CloudFormation, and reading one (sexagesimal most of all) costs more than linear time.
_MAX_INT_DIGITS = 4300
_MAX_INT_BITS = int(_MAX_INT_DIGITS * 3.33)  # ~ 4300 decimal digits


def _shown(value: str) -> str:
    """A scalar as a message quotes it: at most 60 characters."""
    return repr(value) if len(value) <= 60 else repr(value[:57]) + "..."


def _int(node: ScalarNode) -> Any:
    value = node.value
    if len(value) > 3 * _MAX_INT_DIGITS:  # no YAML 1.1 integer this long has fewer digits than the limit
        if not INT_RE.match(value):
            raise _NodeProblem("invalid-type", f"{_shown(value)} is not a YAML integer", node)
        return value
    if value.isdigit() and value.isascii() and (value[0] != "0" or value == "0"):
        return int(value) if len(value) <= _MAX_INT_DIGITS else value
    if not INT_RE.match(value):
        raise _NodeProblem("invalid-type", f"{_shown(value)} is not a YAML integer", node)
    text = value.replace("_", "")
    sign = -1 if text[0] == "-" else 1
    if text[0] in "+-":
        text = text[1:]
    try:
        if text == "0":
            return 0
        if text.startswith("0b"):
            number = int(text[2:], 2)
        elif text.startswith("0x"):
            number = int(text[2:], 16)
        elif text[0] == "0":
            number = int(text, 8)
        elif ":" in text:
            number = 0
            for part in text.split(":"):
                number = number * 60 + int(part)
        else:
            number = int(text)
    except ValueError:  # "0b_", or too many digits: keep the text
        return value
    return sign * number if number.bit_length() <= _MAX_INT_BITS else value


def _float(node: ScalarNode) -> Any:
    value = node.value
    if FLOAT_SPECIAL_RE.match(value):  # only reachable through an explicit !!float
        low = value.lower()
        return float("nan") if "nan" in low else float("-inf") if low[0] == "-" else float("inf")
    if not FLOAT_FINITE_RE.match(value):
        if INT_RE.match(value) and node.tag == FLOAT:
            number = _int(ScalarNode(INT, value))
            if number.__class__ is int and number.bit_length() <= 1024:
                return float(number)
            return -math.inf if value[0] == "-" else math.inf  # as float() reads a decimal this long
        raise _NodeProblem("invalid-type", f"{_shown(value)} is not a YAML float", node)
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
        return BOOL_VALUES[node.value]
    except KeyError:
        raise _NodeProblem("invalid-type", f"{_shown(node.value)} is not a YAML boolean", node) from None


def _null(node: ScalarNode) -> Any:
    if node.value not in NULL_VALUES:
        raise _NodeProblem("invalid-type", f"{_shown(node.value)} is not a YAML null", node)
    return None


def _merge_scalar(node: ScalarNode) -> Any:
    return node.value


_SCALARS: dict[str, Callable[[Any], Any]] = {
    INT: _int, FLOAT: _float, BOOL: _bool, NULL: _null, MERGE: _merge_scalar,
}


def _build(node: Node) -> Any:
    """Node tree -> plain data. Recursive: the composer already bounded the depth."""
    cls = node.__class__
    if cls is ScalarNode:
        tag = node.tag
        if tag == STR:
            return node.value
        convert = _SCALARS.get(tag)
        if convert is not None:
            return convert(node)
        return _build_tagged(node)
    if cls is MappingNode:
        if node.tag != MAP:
            return _build_tagged(node)
        return _build_mapping(node)
    if node.tag != SEQ:
        return _build_tagged(node)
    return [child.value if child.__class__ is ScalarNode and child.tag == STR else _build(child)
            for child in node.value]


def _build_mapping(node: Node) -> dict[Any, Any]:
    pairs = node.value
    mapping: dict[Any, Any] = {}
    try:
        for key_node, value_node in pairs:  # a plain string, the commonest value, is read in place (no call)
            value = value_node.value if value_node.__class__ is ScalarNode and value_node.tag == STR \
                else _build(value_node)
            if key_node.__class__ is ScalarNode and key_node.tag == STR:
                mapping[key_node.value] = value
            else:
                mapping[_key(key_node)] = value
    except _MergeFound:
        return _build_merged(node)
    if len(mapping) != len(pairs):
        _raise_duplicate(node)
    return mapping


def _key(key_node: Node) -> Any:
    if key_node.__class__ is ScalarNode:
        if key_node.tag == MERGE:
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
        if key_node.__class__ is ScalarNode and key_node.tag == MERGE:
            sources = value_node.value if value_node.__class__ is SequenceNode else [value_node]
            for source in reversed(sources):  # the first source wins, so it is applied last
                if source.__class__ is not MappingNode or source.tag != MAP:
                    raise _NodeProblem("invalid-document", "a '<<' merge key needs a mapping or a list of "
                                       "mappings", source)
                merged.extend(flatten(source))
        else:
            own.append((key_node, value_node))
    return merged, own


def flatten(node: Node) -> list[tuple[Node, Node]]:
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
    if tag.startswith(STD):
        name = tag[len(STD):]
        if name in UNSUPPORTED_STD:
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
    limit = limits.MAX_ALIAS_NODES
    max_depth = limits.MAX_DEPTH

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


class _Refused(Exception):
    """The parser refused the text (``exc``: a YAML error, or a string its reader cannot encode)."""

    def __init__(self, exc: Exception) -> None:
        super().__init__(str(exc))
        self.exc = exc


def _compose(loader_class: type[Any], text: str, shown: str) -> Node | None:
    """The root node of ``text``; nesting past MAX_DEPTH is an InputError, any other refusal ``_Refused``."""
    try:
        loader = loader_class(text)  # the pure-Python reader checks the characters here
    except (yaml.YAMLError, UnicodeEncodeError) as exc:
        raise _Refused(exc) from None
    try:
        return loader.get_single_node()
    except _TooDeep:
        path, mark = _find_deep(text, loader_class)
        raise error("nesting-too-deep", f"the document nests deeper than {limits.MAX_DEPTH} levels "
                     "(apigw_convert.yaml_io.MAX_DEPTH)", shown, *mark, path=path) from None
    except (yaml.YAMLError, UnicodeEncodeError) as exc:
        raise _Refused(exc) from None
    finally:
        loader.dispose()


def _compose_stable(text: str, shown: str) -> tuple[Node | None, _Refused | None]:
    """The root node, composed as PyYAML's own parser composes it whichever libyaml is installed.

    libyaml is used first (it is fast); when it refuses the text, the pure-Python parser reads it again, so
    the error, its wording and its mark are the same with every PyYAML build (libyaml's wording differs, and
    recent libyaml refuses nesting past 1000 levels by itself before MAX_DEPTH is reached). Returned with
    the node: libyaml's refusal when the pure parser accepted the text, which then still stands.
    """
    try:
        return _compose(Loader, text, shown), None
    except _Refused as refused:
        if Loader is PyLoader or len(text) > limits.MAX_REREAD_CHARS:
            # Past MAX_REREAD_CHARS the pure parser (about 1 MB/s) would make a broken file slow to refuse:
            # libyaml's refusal stands, its wording being the only difference.
            raise _yaml_error(refused.exc, text, shown) from None
        try:
            return _compose(PyLoader, text, shown), refused
        except _Refused as again:
            raise _yaml_error(again.exc, text, shown) from None


# A double-quoted YAML escape of a UTF-16 surrogate: libyaml refuses it, PyYAML's parser makes a lone
# surrogate (not text) of it.
_SURROGATE_ESCAPE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F][0-9a-fA-F]{2}")


def parse_yaml(text: str, shown: str, nodes: list[Node] | None = None) -> Any:
    enabled = gc.isenabled()
    gc.disable()  # composing and building allocate millions of objects and free none
    try:
        node, refused = _compose_stable(text, shown)
        if node is None or (node.tag == NULL and node.value == "" and node.__class__ is ScalarNode
                            and not node.style):
            raise error("invalid-document", "the input is empty: no YAML or JSON document", shown, 1, 1)
        if refused is not None or Loader is PyLoader or may_have_aliases(text):  # PyYAML's names are wider
            try:
                _check_aliases(node)
            except _NodeProblem as problem:
                raise _node_error(problem, node, shown, search=False) from None
        try:
            data = _build(node)
        except _NodeProblem as problem:
            raise _node_error(problem, node, shown) from None
        if _SURROGATE_ESCAPE.search(text):
            _refuse_surrogates(data, node, text, shown)
        if refused is not None:
            raise _yaml_error(refused.exc, text, shown)
        if nodes is not None:
            nodes.append(node)
        return data
    finally:
        if enabled:
            gc.enable()


def _refuse_surrogates(data: Any, node: Node, text: str, shown: str) -> None:
    lone = lone_surrogate(data)
    if lone is not None:
        line, column = YamlMarks(text, node).get(tuple(str(token) for token in lone)) or (None, None)
        raise error("yaml-syntax", "a \\u escape in a double-quoted string is half of a UTF-16 surrogate pair, "
                     "not a character (libyaml and CloudFormation refuse it)", shown, line, column, path=lone)


def _yaml_error(exc: Exception, text: str, shown: str) -> InputError:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        code: CodeName = "yaml-syntax"
        if "maximum nesting depth" in problem:  # libyaml's own limit, reached before MAX_DEPTH is checked
            code = "nesting-too-deep"
            message = f"the document nests deeper than libyaml allows ({problem})"
        elif isinstance(exc, yaml.composer.ComposerError) and "another document" in problem:
            code = "several-documents"
            message = "the input holds more than one YAML document; give one document per file"
        else:
            context = f" {exc.context}" if exc.context else ""
            message = f"{problem}{context}".strip()
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        return error(code, message, shown, line, column)
    if isinstance(exc, yaml.reader.ReaderError):
        position = exc.position
        if exc.encoding == "?":  # libyaml counts bytes of the UTF-8 text
            position = len(text.encode("utf-8")[:position].decode("utf-8", "ignore"))
        line, column = line_column(text, position)
        return error("yaml-syntax", f"{exc.reason}: character {exc.character!r}" if isinstance(
            exc.character, str) else f"{exc.reason} (#x{exc.character:04x})", shown, line, column)
    if isinstance(exc, UnicodeEncodeError):  # libyaml takes UTF-8, which a lone surrogate has no encoding in
        line, column = line_column(text, exc.start)
        return error("yaml-syntax", f"a lone surrogate ({exc.object[exc.start]!r}) is not text", shown, line, column)
    return error("yaml-syntax", str(exc) or "invalid YAML", shown)  # pragma: no cover


def _node_error(problem: _NodeProblem, root: Node, shown: str, *, search: bool = True) -> InputError:
    target = problem.key_node or problem.node
    path = _node_path(root, problem.node, problem.key_node) if search else None
    mark = target.start_mark
    return error(problem.code, problem.message, shown, mark.line + 1, mark.column + 1,
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
                return (*path, long, key_token(key_node)) if long else (*path, key_token(key_node))
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
                stack.append((value, (*prefix, key_token(key))))
                stack.append((key, prefix))
        elif node.__class__ is SequenceNode:
            for index in range(len(node.value) - 1, -1, -1):
                stack.append((node.value[index], (*prefix, index)))
    return None


def key_token(key_node: Node) -> str | int:
    if key_node.__class__ is ScalarNode:
        try:
            key = _build(key_node)
        except _NodeProblem:
            return str(key_node.value)
        return key if isinstance(key, (str, int)) and not isinstance(key, bool) else key_text(key)
    return "?"


def _find_deep(text: str, loader_class: type[Any]) -> tuple[Path, tuple[int | None, int | None]]:
    """The path and mark of the first node deeper than MAX_DEPTH, from the event stream (error path only)."""
    parser = loader_class(text)
    limit = limits.MAX_DEPTH
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


class YamlMarks(Marks):
    """The composed node tree of a YAML text, walked from the root along each path asked for.

    Composing is libyaml's work; walking one path costs its length (each mapping on the way is indexed once),
    so placing a few diagnostics in a large template no longer visits every node. A tagged node (``!Sub``)
    stands at its own path and at the path of its long form (``Fn::Sub``); a scalar ``!GetAtt a.b`` also
    at its long form's indexes ``0`` and ``1``.
    """

    def __init__(self, text: str, root: Node | None = None) -> None:
        if root is None:
            loader = Loader(text)
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
            if any(k.__class__ is ScalarNode and k.tag == MERGE for k, _ in pairs):
                try:
                    pairs = flatten(node)
                except _NodeProblem:  # pragma: no cover - the text loaded before
                    pass
            found = self._mappings[id(node)] = {str(key_token(key)): value for key, value in pairs}
        return found


def _mark(node: Node) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 1, mark.column + 1
