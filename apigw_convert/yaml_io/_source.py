"""Reading the source: a path, text, bytes or a stream, within the size limit, as text; and the errors."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, Literal

from ..diagnostics import CodeName, make
from ..errors import InputError
from . import _limits as limits

Format = Literal["yaml", "json"]
Path = tuple[str | int, ...]


def error(code: CodeName, message: str, name: str | None, line: int | None = None, column: int | None = None,
           path: Sequence[str | int] = ()) -> InputError:
    diagnostic = make(code, path, message).at(name, line, column)
    return InputError.from_diagnostics([diagnostic])  # type: ignore[return-value]


def read_source(source: object, name: object, max_bytes: int | None = None) -> tuple[str, str]:
    """(text, name) of a path (``str`` or ``os.PathLike``) or a stream with ``read()``; the size limit (default:
    MAX_INPUT_BYTES) applies before decoding."""
    limit = limits.MAX_INPUT_BYTES if max_bytes is None else max_bytes
    given = _name(name)
    if isinstance(source, (str, os.PathLike)):
        try:
            path = os.fspath(source)
        except TypeError:  # a PathLike whose __fspath__ returns neither str nor bytes
            raise error("invalid-type", "the path is neither text nor bytes", given) from None
        shown = given or (path if isinstance(path, str) else os.fsdecode(path))
        if not path or "\0" in os.fsdecode(path):
            raise error("file-not-found", f"no such file: {shown!r}" if path else "no file name given (an empty "
                         "path)", shown)
        return _decode(_read_file(path, shown, limit), shown), shown
    read = getattr(source, "read", None)
    if callable(read):
        stream_name = getattr(source, "name", None)
        shown = given or (stream_name if isinstance(stream_name, str) else "<stdin>")
        return _read_stream(read, shown, limit), shown
    what = "text" if isinstance(source, (bytes, bytearray, memoryview)) else f"a {type(source).__name__}"
    hint = "; to read text, use loads()" if what == "text" else ""
    raise error("invalid-type", f"cannot load {what}: give a path or a stream{hint}", given)


def read_text(text: object, name: object, max_bytes: int | None = None) -> tuple[str, str]:
    """(text, name) of a ``str`` or ``bytes`` text, within the size limit."""
    limit = limits.MAX_INPUT_BYTES if max_bytes is None else max_bytes
    shown = _name(name) or "<string>"
    if isinstance(text, str):
        if len(text) > limit:
            raise _too_large(shown, limit)
        return (text[1:] if text.startswith("\ufeff") else text), shown
    if isinstance(text, (bytes, bytearray, memoryview)):
        data = bytes(text)
        if len(data) > limit:
            raise _too_large(shown, limit)
        return _decode(data, shown), shown
    hint = "; to read a file or a stream, use load()" if isinstance(text, os.PathLike) or hasattr(text, "read") else ""
    raise error("invalid-type", f"cannot read a {type(text).__name__} as text: give str or bytes{hint}", shown)


def _name(name: object) -> str | None:
    if name is None or isinstance(name, str):
        return name
    raise error("invalid-type", f"name must be a string, not {type(name).__name__}", None)


def _read_stream(read: Any, shown: str, limit: int) -> str:
    try:
        try:
            chunk = read(limit + 1)
        except TypeError:  # a read() that takes no size: it returns what it holds
            chunk = read()
    except OSError as exc:
        raise error("file-unreadable", f"cannot read the input: {exc.strerror or exc}", shown) from None
    except UnicodeDecodeError as exc:
        raise error("invalid-encoding", f"the input is not valid UTF-8 ({exc.reason})", shown) from None
    except (ValueError, TypeError) as exc:  # a closed file, a read() that takes other arguments
        raise error("file-unreadable", f"cannot read the input: {exc}", shown) from None
    if not isinstance(chunk, (str, bytes, bytearray)):
        raise error("invalid-type", f"the stream returned {type(chunk).__name__}, not text or bytes", shown)
    if len(chunk) > limit:
        raise _too_large(shown, limit)
    if isinstance(chunk, str):
        return chunk[1:] if chunk.startswith("\ufeff") else chunk
    return _decode(bytes(chunk), shown)


def _read_file(path: str | bytes, shown: str, limit: int) -> bytes:
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            if stat.st_size > limit:
                raise _too_large(shown, limit, stat.st_size)
            data = handle.read(limit + 1)
    except FileNotFoundError:
        text = isinstance(path, str) and any(mark in path for mark in ("\n", ": ", "{", "["))
        hint = " (to read a text rather than a file, use loads())" if text else ""
        named = shown if shown.isprintable() else repr(shown)
        named = named if len(named) <= 80 else f"{named[:77]}..."
        raise error("file-not-found", f"no such file: {named}{hint}", shown) from None
    except IsADirectoryError:
        raise error("not-a-file", f"{shown} is a directory, not a file", shown) from None
    except PermissionError:
        raise error("file-unreadable", f"permission denied reading {shown}", shown) from None
    except OSError as exc:
        if os.path.isdir(path):
            raise error("not-a-file", f"{shown} is a directory, not a file", shown) from None
        raise error("file-unreadable", f"cannot read {shown}: {exc.strerror or exc}", shown) from None
    if len(data) > limit:
        raise _too_large(shown, limit)
    return data


def _too_large(shown: str, limit: int, size: int | None = None) -> InputError:
    got = f" ({size} bytes)" if size is not None else ""
    return error("input-too-large", f"the input is larger than {limit} bytes{got}, the limit (apigw-convert "
                  "--max-input-size; in Python, apigw_convert.yaml_io.MAX_INPUT_BYTES)", shown)


def _decode(data: bytes, shown: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise error("invalid-encoding", "the input is UTF-16 or UTF-32 (it starts with a byte order mark)",
                     shown, 1, 1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = line_column(data[: exc.start].decode("utf-8", "replace"), None)
        raise error("invalid-encoding", f"the input is not valid UTF-8: byte 0x{data[exc.start]:02x} at offset "
                     f"{exc.start} ({exc.reason})", shown, line, column) from None


def line_column(text: str, offset: int | None = None) -> tuple[int, int]:
    """1-based (line, column) of ``offset`` (default: the end) in ``text``."""
    if offset is not None:
        text = text[:offset]
    line = text.count("\n") + 1
    return line, len(text) - (text.rfind("\n") + 1) + 1


def lone_surrogate(data: Any) -> Path | None:
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


class Marks:
    """Where values start in a text: ``get(path)`` -> 1-based (line, column), or None."""

    def get(self, path: tuple[str, ...]) -> tuple[int, int] | None:
        raise NotImplementedError  # pragma: no cover
