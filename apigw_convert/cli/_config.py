"""Which findings ``validate`` reports and which fail it: the command line over ``[tool.apigw-convert]``.

The table is read from the nearest ``pyproject.toml`` that has one, from the working directory upwards. Keys:
``select`` and ``ignore`` (lists of codes), ``fail-on`` (``error``, ``warning`` or ``info``). An option given
on the command line replaces the table's value.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import CODES, Diagnostic
from ._session import UsageError

TABLE = "apigw-convert"
FAIL_ON = ("error", "warning", "info")
_RANK = {"info": 0, "warning": 1, "error": 2}
_KEYS = ("select", "ignore", "fail-on")


@dataclass(frozen=True)
class Selection:
    """The codes to report (``None``: all) and to leave out, and the lowest severity that fails the run."""

    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    fail_on: str = "error"

    def keeps(self, diagnostic: Diagnostic) -> bool:
        """Whether ``diagnostic`` is reported."""
        code = diagnostic.code
        return (self.select is None or code in self.select) and code not in self.ignore

    def fails(self, diagnostics: Iterable[Diagnostic]) -> bool:
        """Whether any of ``diagnostics`` is at least as severe as ``fail_on``."""
        floor = _RANK[self.fail_on]
        return any(_RANK[d.severity] >= floor for d in diagnostics)


def find_table(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest ``pyproject.toml`` in ``start`` or above it with a ``[tool.apigw-convert]`` table, and the table."""
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        try:
            text = candidate.read_text(encoding="utf-8")
        except (OSError, UnicodeError):
            continue
        if TABLE in text:  # only then is the TOML parsed
            table = _table(candidate, text)
            if isinstance(table, dict):
                return candidate, table
    return None


def _table(path: Path, text: str) -> Any:
    if sys.version_info >= (3, 11):
        import tomllib  # start-up: TOML is read only when a pyproject.toml has the table
    else:  # Python 3.10 has no TOML reader of its own
        try:
            import tomli as tomllib  # start-up: as above
        except ModuleNotFoundError:
            raise UsageError(f"{path}: reading [tool.{TABLE}] needs Python 3.11 or the tomli package") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: not valid TOML: {error}") from None
    tool = data.get("tool")
    return tool.get(TABLE) if isinstance(tool, dict) else None


def _codes(values: Iterable[Any], where: str) -> frozenset[str]:
    codes = set()
    for value in values:
        if not isinstance(value, str):
            raise UsageError(f"{where}: expected codes as strings, got {value!r}")
        for code in filter(None, (part.strip() for part in value.split(","))):
            if code not in CODES:
                raise UsageError(f"{where}: unknown code {code!r} (see the README's diagnostic codes)")
            codes.add(code)
    return frozenset(codes)


def _from_table(path: Path, table: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise UsageError(f"{path}: [tool.{TABLE}] has unknown keys {', '.join(unknown)} (known: {', '.join(_KEYS)})")
    out: dict[str, Any] = {}
    for key in ("select", "ignore"):
        if key in table:
            value = table[key]
            out[key] = _codes(value if isinstance(value, list) else [value], f"{path}: [tool.{TABLE}] {key}")
    if "fail-on" in table:
        if table["fail-on"] not in FAIL_ON:
            raise UsageError(f"{path}: [tool.{TABLE}] fail-on must be one of {', '.join(FAIL_ON)}")
        out["fail_on"] = table["fail-on"]
    return out


def selection(args: argparse.Namespace, cwd: Path | None = None) -> Selection:
    """The selection the command line and the nearest ``[tool.apigw-convert]`` table make together.

    Raises:
        UsageError: an unknown code or key, a value of the wrong type, a ``pyproject.toml`` that is not TOML.
    """
    found = find_table(cwd if cwd is not None else Path(os.getcwd()))
    settings = _from_table(*found) if found is not None else {}
    if args.select is not None:
        settings["select"] = _codes(args.select, "--select")
    if args.ignore is not None:
        settings["ignore"] = _codes(args.ignore, "--ignore")
    if args.fail_on is not None:
        settings["fail_on"] = args.fail_on
    return Selection(**settings)
