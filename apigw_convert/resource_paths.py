"""Resource paths: segments, what API Gateway accepts in them, and the one-variable-child rule (no heavy imports:
the conversions and the checks both use it)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

_SEGMENT = re.compile(r"^([A-Za-z0-9_.,:-]+|\{[A-Za-z0-9_.-]+\+?\})$")


def segments(path: str) -> list[str]:
    """``"/pets/{id}"`` -> ``["pets", "{id}"]``; the root ``"/"`` has none."""
    return path.split("/")[1:] if path != "/" else []


def join(parent: str, part: str) -> str:
    """The path of ``part`` below ``parent``."""
    return f"{'' if parent == '/' else parent}/{part}"


def parent_of(path: str) -> str:
    """``"/pets/{id}"`` -> ``"/pets"``; ``"/pets"`` -> ``"/"``."""
    head = path.rsplit("/", 1)[0]
    return head or "/"


def prefixes(path: str) -> list[str]:
    """Every resource path from the first segment down to ``path`` itself."""
    parts = segments(path)
    return ["/" + "/".join(parts[: i + 1]) for i in range(len(parts))]


def is_variable(part: str) -> bool:
    """``{id}`` or ``{proxy+}``."""
    return part.startswith("{") and part.endswith("}")


def variable_name(part: str) -> str:
    """``{proxy+}`` -> ``proxy``."""
    return part[1:-1].rstrip("+")


def bad_segment(path: str, all_paths: Iterable[str] = (), *, parents: AbstractSet[str] | None = None) -> str | None:
    """The first segment of ``path`` API Gateway would refuse (or a greedy one with children), else ``None``.

    ``parents``: :func:`with_children` of ``all_paths``, which then is not searched (once for every path of an
    API, that search grows with the square of its size).
    """
    parts = segments(path)
    for i, part in enumerate(parts):
        if not _SEGMENT.match(part):
            return part
        if part.endswith("+}") and i < len(parts) - 1:
            return part
    if parts and parts[-1].endswith("+}"):
        if path in parents if parents is not None else any(other.startswith(path + "/") for other in all_paths):
            return parts[-1]
    return None


def with_children(paths: Iterable[str]) -> frozenset[str]:
    """Every ``p`` such that one of ``paths`` starts with ``p + "/"``."""
    found: set[str] = set()
    for path in paths:
        end = path.find("/")
        while end != -1:
            found.add(path[:end])
            end = path.find("/", end + 1)
    return frozenset(found)


def repeated_variable(path: str) -> str | None:
    """The first variable name that ``path`` holds twice (``/{t}/{t}``, ``/{t}/{t+}``), else ``None``."""
    names: set[str] = set()
    for part in segments(path):
        if is_variable(part):
            name = variable_name(part)
            if name in names:
                return name
            names.add(name)
    return None


def variable_siblings(paths: Iterable[str]) -> tuple[str, str, str] | None:
    """``(parent, a, b)`` for the first parent with two different variable children, else ``None``."""
    seen: dict[str, str] = {}
    for path in paths:
        parts = segments(path)
        for i, part in enumerate(parts):
            if is_variable(part):
                parent = "/" + "/".join(parts[:i])
                other = seen.setdefault(parent, part)
                if other != part:
                    return parent, other, part
    return None
