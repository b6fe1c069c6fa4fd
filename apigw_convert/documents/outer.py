"""Names a document uses but the output template does not define.

Documents written for ``AWS::Include`` or a ``DefinitionBody`` refer to their outer template. When such a
document becomes a template of its own, plain ``Ref`` / ``${Name}`` references to undefined names become
template ``Parameters`` (``Type: String``); ``Fn::GetAtt``, ``${Name.Attr}`` and ``Fn::FindInMap`` to
undefined things, and undefined ``Fn::If`` conditions, are kept and reported, with pointers into the source.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..diagnostics import Report
from ..pointer import Path
from .refs import getatt_parts, sub_variables, walk_intrinsics


def outer_references(value: Any, base: Path, defined: Iterable[str], conditions: Iterable[str],
                     mappings: Iterable[str], report: Report, written: Any = None) -> dict[str, Path]:
    """Report what ``value`` (found at ``base``) points at outside ``defined``; return the parameters to add.

    With ``written`` (what the conversion wrote of ``value``), a name becomes a parameter only if ``written``
    uses it: a name only a dropped field used (an HTTP API's ``payloadFormatVersion``) would be a parameter
    nothing reads.
    """
    names, conds, maps = set(defined), set(conditions), set(mappings)
    needed: dict[str, Path] = {}

    def plain_name(name: str, where: Path) -> None:
        if name.startswith("AWS::") or name in names:
            return
        if name.isalnum():
            needed.setdefault(name, where)
        else:
            report.add("outer-reference", where, f"{name!r} is not defined here and cannot be a parameter")

    def attribute(name: str, where: Path) -> None:
        if name not in names:
            report.add("outer-reference", where, f"{name!r} is not defined in the output template")

    for where, function, args in walk_intrinsics(value, base):
        if function == "Ref" and isinstance(args, str):
            plain_name(args, where)
        elif function == "Fn::GetAtt":
            parts = getatt_parts({function: args})
            if parts:
                attribute(parts[0], where)
        elif function == "Fn::Sub":
            for variable in _outer_variables(args):
                if "." in variable:
                    attribute(variable.split(".", 1)[0], where)
                else:
                    plain_name(variable, where)
        elif function == "Fn::If" and isinstance(args, list) and args and isinstance(args[0], str):
            if args[0] not in conds:
                report.add("undefined-condition", where, f"condition {args[0]!r} is not defined")
        elif function == "Fn::FindInMap" and isinstance(args, list) and args and isinstance(args[0], str):
            if args[0] not in maps:
                report.add("outer-reference", where, f"mapping {args[0]!r} is not defined")
    if written is not None and needed:
        used = plain_names(written, set(needed))
        needed = {name: where for name, where in needed.items() if name in used}
    for name, where in needed.items():
        report.add("parameter-added", where, f"{name!r} became a template parameter")
    return needed


def plain_names(value: Any, wanted: set[str] | None = None) -> set[str]:
    """The names ``value`` refers to with ``Ref`` or a ``${Name}`` of ``Fn::Sub`` (not its own local ones); with
    ``wanted``, the walk stops once it has found all of those."""
    found: set[str] = set()
    for _, function, args in walk_intrinsics(value, ()):
        if function == "Ref" and isinstance(args, str):
            found.add(args)
        elif function == "Fn::Sub":
            found.update(v for v in _outer_variables(args) if "." not in v)
        if wanted is not None and wanted <= found:
            break
    return found


def _outer_variables(args: Any) -> list[str]:
    """The variables of an ``Fn::Sub`` (either form) that its own variable map does not define."""
    text, local = (args, {}) if isinstance(args, str) else (
        (args[0], args[1]) if isinstance(args, list) and len(args) == 2 else (None, {}))
    if not isinstance(text, str):
        return []
    return [v for v in sub_variables(text) if not (isinstance(local, dict) and v in local)]
