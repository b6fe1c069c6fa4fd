"""JSON in: strict parsing (duplicate keys, lone surrogates and depth refused, with line and column), and
the marks of every value of a JSON text."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any, NoReturn

from ..errors import InputError
from . import _limits as limits
from ._source import Marks, Path, error, line_column, lone_surrogate


class JsonSyntax(ValueError):
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


def parse_json(text: str, shown: str) -> Any:
    try:
        data = _JSON_DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise JsonSyntax(exc.msg, exc.lineno, exc.colno) from None
    except ValueError as exc:  # NaN / Infinity
        raise JsonSyntax(str(exc), 1, 1) from None
    except _JsonDuplicate:
        raise _json_duplicate(text, shown) from None
    except RecursionError:
        path, (line, column) = _json_deep(text)
        raise error("nesting-too-deep", f"the document nests deeper than {limits.MAX_DEPTH} levels "
                     "(apigw_convert.yaml_io.MAX_DEPTH)", shown, line, column, path=path) from None
    if _json_depth_exceeded(data):
        path, (line, column) = _json_deep(text)
        raise error("nesting-too-deep", f"the document nests deeper than {limits.MAX_DEPTH} levels "
                     "(apigw_convert.yaml_io.MAX_DEPTH)", shown, line, column, path=path)
    if _SURROGATE_ESCAPE.search(text):
        lone = lone_surrogate(data)
        if lone is not None:
            line, column = JsonMarks(text).get(tuple(str(token) for token in lone)) or (None, None)
            raise error("invalid-encoding", "a \\u escape in a string is half of a UTF-16 surrogate pair, not a "
                         "character (YAML readers and CloudFormation refuse it)", shown, line, column, path=lone)
    return data


# A \\u escape of a UTF-16 surrogate (a pair of them is one character, a lone one is not text).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _json_depth_exceeded(data: Any) -> bool:
    limit = limits.MAX_DEPTH
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
            line1 = line_column(text, seen[path])[0]
            line2, column2 = line_column(text, key_pos)
            raise error("duplicate-key", f"key {key!r} appears at line {line1} and again at line {line2}",
                         shown, line2, column2, path=path)
        seen[path] = key_pos
    return error("duplicate-key", "a JSON object has the same key twice", shown)


def _json_deep(text: str) -> tuple[Path, tuple[int | None, int | None]]:
    for path, pos, _key, _key_pos in _json_walk(text):
        if len(path) + 1 > limits.MAX_DEPTH:
            return path, line_column(text, pos)
    return (), (None, None)


class JsonMarks(Marks):
    """Every value's mark, from one scan of the JSON text."""

    def __init__(self, text: str) -> None:
        self._marks = _json_marks(text)

    def get(self, path: tuple[str, ...]) -> tuple[int, int] | None:
        return self._marks.get(path)


def _json_marks(text: str) -> dict[tuple[str, ...], tuple[int, int]]:
    marks: dict[tuple[str, ...], tuple[int, int]] = {}
    line, scanned = 1, 0
    for path, pos, _key, _key_pos in _json_walk(text):
        line += text.count("\n", scanned, pos)
        scanned = pos
        marks[path] = (line, pos - text.rfind("\n", 0, pos))
    return marks
