"""File arguments that name many files: directories (searched) and glob patterns (expanded).

A file named as it is must be checked; a file found in a directory or by a pattern is only a candidate, and
one that is not a template, an OpenAPI document or an integration is skipped without a word.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

SUFFIXES = (".yaml", ".yml", ".json", ".template")
_SKIPPED_DIRECTORIES = frozenset({"node_modules", "__pycache__"})
_MAGIC = re.compile(r"[*?[]")
# Words one of which every template or OpenAPI document of API Gateway contains: a file found in a directory
# that cannot be read is reported only when it has one (a Helm chart's {{ }} is not a broken template).
_API_WORDS = (b"AWSTemplateFormatVersion", b"AWS::ApiGateway", b"AWS::Serverless", b"x-amazon-apigateway",
              b"swagger", b"openapi", b"Resources")


@dataclass(frozen=True)
class Input:
    """One file to read: its name as shown, whether it was found (not named), or a pattern that matched nothing."""

    name: str
    found: bool = False
    unmatched: bool = False


def is_pattern(argument: str) -> bool:
    """Whether ``argument`` is a glob pattern rather than a file name (an existing file is a file name)."""
    return bool(_MAGIC.search(argument)) and not os.path.lexists(argument)


def _walk(directory: str) -> Iterator[str]:
    for root, directories, files in os.walk(directory):
        directories[:] = sorted(d for d in directories if not d.startswith(".") and d not in _SKIPPED_DIRECTORIES)
        for name in sorted(files):
            if name.lower().endswith(SUFFIXES) and not name.startswith("."):
                yield os.path.join(root, name)


def expand(arguments: Sequence[str]) -> list[Input]:
    """The files the arguments name, in order and each once (a pattern that matched nothing is kept, marked)."""
    out: list[Input] = []
    seen: set[str] = set()

    def take(name: str, found: bool) -> None:
        key = os.path.normpath(name) if name != "-" else name
        if key not in seen or name == "-":
            seen.add(key)
            out.append(Input(name, found))

    for argument in arguments:
        if argument != "-" and os.path.isdir(argument):
            for name in _walk(argument):
                take(name, True)
        elif argument != "-" and is_pattern(argument):
            matches = sorted(glob.glob(argument, recursive=True))
            if not matches:
                out.append(Input(argument, unmatched=True))
            for match in matches:
                for name in (_walk(match) if os.path.isdir(match) else [match]):
                    take(name, True)
        else:
            take(argument, False)
    return out


def may_be_api(path: str) -> bool:
    """Whether a file that could not be read mentions what API Gateway definitions contain."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(1 << 20)
    except OSError:
        return False
    return any(word in head for word in _API_WORDS)
