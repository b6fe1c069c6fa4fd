"""The public reading API: :func:`load_document` (a :class:`Loaded`: data, text and marks on demand) and
:func:`load`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import Node

from ..diagnostics import Diagnostic
from ..errors import InputError
from . import _limits as limits
from ._json import JsonMarks, JsonSyntax, parse_json
from ._loader import YamlMarks, parse_yaml
from ._source import Format, Marks, error, read_source, read_text


def _parse(text: str, shown: str, nodes: list[Node] | None = None) -> tuple[Any, Format]:
    """The data of ``text`` and its format; a YAML text's composed root node is appended to ``nodes``."""
    start = text.lstrip(" \t\r\n")
    if not start:
        raise error("invalid-document", "the input is empty: no YAML or JSON document", shown, 1, 1)
    if start[0] in "{[" or shown.lower().endswith(".json"):
        try:
            return parse_json(text, shown), "json"
        except JsonSyntax as json_error:
            if shown.lower().endswith(".json"):  # a .json file is JSON: no second chance as YAML
                raise error("json-syntax", json_error.msg, shown, json_error.lineno, json_error.colno) from None
            try:
                return parse_yaml(text, shown, nodes), "yaml"
            except InputError as yaml_error:
                if yaml_error.diagnostics[0].code != "yaml-syntax" or shown.lower().endswith((".yaml", ".yml")):
                    raise yaml_error from None
                raise error("json-syntax", f"{json_error.msg}", shown, json_error.lineno,
                             json_error.colno) from None
    return parse_yaml(text, shown, nodes), "yaml"


@dataclass
class Loaded:
    """A loaded document: its data, where it came from, and (on demand) where each value sits in it."""

    data: Any
    name: str
    format: Format
    text: str
    _marks: Marks | None = field(default=None, init=False, repr=False, compare=False)

    def locate(self, path: Sequence[str | int]) -> tuple[int, int] | None:
        """1-based (line, column) where the value at ``path`` starts, or None when there is no such value.

        List indexes may be ints or digit strings. The first call reads the text once more (a YAML text is
        composed into nodes, which are kept and walked along each path asked for; a JSON text is scanned
        for the marks of every value), unless it was loaded with ``keep_nodes``.
        """
        if self._marks is None:
            self._marks = JsonMarks(self.text) if self.format == "json" else YamlMarks(self.text)
        return self._marks.get(tuple(str(token) for token in path))

    def place(self, diagnostic: Diagnostic) -> Diagnostic:
        """A copy of ``diagnostic`` with file, line and column filled from its path.

        When the path names no value (a missing key, say), the nearest enclosing value is used.
        """
        tokens = diagnostic.path
        where = None
        for end in range(len(tokens), -1, -1):
            where = self.locate(tokens[:end])
            if where is not None:
                break
        line, column = where if where is not None else (None, None)
        return diagnostic.at(self.name, line, column)


def load_document(source: Any, *, name: str | None = None, keep_nodes: bool = False,
                  max_bytes: int | None = None) -> Loaded:
    """Read one YAML or JSON document from a file: a path (``str`` or ``os.PathLike``) or a stream with
    ``read()`` (text or bytes). A ``str`` is always a path, never the text itself: see :func:`loads_document`.

    ``name`` overrides the name shown in diagnostics (default: the path, or the stream's ``name``, or
    ``"<stdin>"``). ``max_bytes`` bounds the input (default: :data:`~apigw_convert.yaml_io.MAX_INPUT_BYTES`).

    Text that starts with ``{`` or ``[`` is read as JSON first and, if that fails, as YAML (a flow
    mapping is YAML too); a source named ``*.json`` is JSON only, so a broken JSON file reports a JSON
    syntax error rather than loading as lenient YAML.
    ``keep_nodes`` keeps a YAML text's composed nodes for :meth:`Loaded.locate`, which then needs no second
    pass over the text: faster when diagnostics will be placed, at the cost of the nodes' memory.
    Raises :class:`~apigw_convert.errors.InputError` and nothing else on bad input.
    """
    return _load(read_source, source, name, keep_nodes, max_bytes)


def loads_document(text: str | bytes, *, name: str | None = None, keep_nodes: bool = False,
                   max_bytes: int | None = None) -> Loaded:
    """Read one YAML or JSON document from its text (``str``, or UTF-8 ``bytes``); see :func:`load_document`.
    ``name`` (default ``"<string>"``) is shown in diagnostics, and a name ending in ``.json`` reads JSON only."""
    return _load(read_text, text, name, keep_nodes, max_bytes)


def _load(read: Callable[[Any, object, int | None], tuple[str, str]], source: Any, name: object, keep_nodes: bool,
          max_bytes: int | None) -> Loaded:
    shown = name if isinstance(name, str) else None
    nodes: list[Node] | None = [] if keep_nodes else None
    try:
        text, shown = read(source, name, max_bytes)
        data, fmt = _parse(text, shown, nodes)
    except InputError:
        raise
    except RecursionError:
        raise error("nesting-too-deep", f"the document nests deeper than this interpreter's recursion limit "
                     f"allows (MAX_DEPTH is {limits.MAX_DEPTH})", shown) from None
    except MemoryError:
        raise error("input-too-large", "the input needs more memory than is available", shown) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every path above converts these
        raise error("yaml-syntax", str(exc), shown) from None
    except UnicodeError as exc:  # pragma: no cover
        raise error("invalid-encoding", str(exc), shown) from None
    except OSError as exc:  # pragma: no cover
        raise error("file-unreadable", str(exc), shown) from None
    loaded = Loaded(data=data, name=shown or "<string>", format=fmt, text=text)
    if nodes:
        loaded._marks = YamlMarks(text, nodes[0])
    return loaded


def load(source: Any, *, name: str | None = None) -> Any:
    """The plain long-form data of one YAML or JSON file: a path (a ``str`` is a path) or a stream; see
    :func:`load_document`. For text, use :func:`loads`."""
    return load_document(source, name=name).data


def loads(text: str | bytes, *, name: str | None = None) -> Any:
    """The plain long-form data of one YAML or JSON text (``str``, or UTF-8 ``bytes``); see
    :func:`loads_document`."""
    return loads_document(text, name=name).data
