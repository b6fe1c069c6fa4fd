"""Reading the source: a path, text, bytes or a stream, within the size limit, as text; and the errors."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Literal

from .. import yaml_io as limits
from ..diagnostics import CodeName, make
from ..errors import InputError

Format = Literal["yaml", "json"]
Path = tuple[str | int, ...]


def error(code: CodeName, message: str, name: str | None, line: int | None = None, column: int | None = None,
           path: Sequence[str | int] = ()) -> InputError:
    diagnostic = make(code, path, message).at(name, line, column)
    return InputError.from_diagnostics([diagnostic])  # type: ignore[return-value]


_PATH_SUFFIXES = (".yaml", ".yml", ".json", ".template")


def read_source(source: object, name: str | None) -> tuple[str, str]:
    """(text, name) from any accepted source; the size limit applies before decoding."""
    limit = limits.MAX_INPUT_BYTES
    if isinstance(source, os.PathLike) or (isinstance(source, str) and looks_like_path(source)):
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
            raise error("file-unreadable", f"cannot read the input: {exc.strerror or exc}", shown) from None
        except UnicodeDecodeError as exc:
            raise error("invalid-encoding", f"the input is not valid UTF-8 ({exc.reason})", shown) from None
        if len(chunk) > limit:
            raise _too_large(shown, limit)
        if isinstance(chunk, str):
            return (chunk[1:] if chunk.startswith("\ufeff") else chunk), shown
        if isinstance(chunk, (bytes, bytearray)):
            return _decode(bytes(chunk), shown), shown
        raise error("invalid-type", f"the stream returned {type(chunk).__name__}, not text or bytes", shown)
    raise error("invalid-type", f"cannot load from a {type(source).__name__}; give a path, text, bytes or a "
                 "stream", name)


def looks_like_path(text: str) -> bool:
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
        raise error("file-not-found", f"no such file: {shown}", shown) from None
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
    return error("input-too-large", f"the input is larger than {limit} bytes{got}; the limit is "
                  "apigw_convert.yaml_io.MAX_INPUT_BYTES", shown)


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


class Marks:
    """Where values start in a text: ``get(path)`` -> 1-based (line, column), or None."""

    def get(self, path: tuple[str, ...]) -> tuple[int, int] | None:
        raise NotImplementedError  # pragma: no cover
