"""RFC 6901 JSON Pointers. Paths stay tuples of keys and indexes until they are printed."""

from __future__ import annotations

from collections.abc import Sequence

from .intrinsics import key_text

Path = tuple[str | int, ...]


def escape(token: str | int) -> str:
    """Escape one reference token: ``~`` becomes ``~0`` and ``/`` becomes ``~1``. A key that is not a string
    (a YAML ``yes:`` or ``~:`` key) is spelled as JSON spells it: ``true``, ``null``."""
    if token.__class__ is not str and token.__class__ is not int:
        token = key_text(token)
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    """Undo :func:`escape`."""
    return token.replace("~1", "/").replace("~0", "~")


def to_pointer(path: Sequence[str | int]) -> str:
    """Render a path tuple as a pointer string: ``("paths", "/pets", "get")`` -> ``/paths/~1pets/get``."""
    return "".join("/" + escape(token) for token in path)


def from_pointer(pointer: str) -> tuple[str, ...]:
    """Parse a pointer string into its (unescaped, string) tokens."""
    if pointer == "":
        return ()
    if not pointer.startswith("/"):
        raise ValueError(f"a JSON pointer starts with '/': {pointer!r}")
    return tuple(unescape(token) for token in pointer[1:].split("/"))
