"""Every method accounted for: each ``AWS::ApiGateway::Method`` of the API read, and each operation of an
OpenAPI document read, either reaches the neutral model or is named by an error diagnostic whose pointer is that
Method or operation (or lies below it). Whatever a reader left out without saying so gets ``method-left-out``;
a read that yields no method at all while its input has some is an :class:`InputError` (``no-method-converted``),
not an empty success.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from ..diagnostics import Report, make
from ..errors import InputError
from ..pointer import Path, to_pointer
from .model import Api
from .names import VERBS
from .walk import operations


def operation_leaves(doc: Mapping[str, Any], base: Path) -> Iterator[tuple[Path, str, str]]:
    """``(pointer, path, HttpMethod)`` of every operation of ``doc``, through ``Fn::If`` path items and
    operations (each branch that is not ``AWS::NoValue`` counts)."""
    for operation in operations(doc, base):
        yield operation.path, operation.template, operation.method


def body_operations(t: Any, api_id: str) -> int:
    """How many operations the inline OpenAPI ``Body`` / ``DefinitionBody`` of the API holds."""
    props = t.props(api_id) if api_id in t.resources else {}
    body = props.get("Body", props.get("DefinitionBody"))
    return sum(1 for _ in operation_leaves(body, ())) if isinstance(body, Mapping) else 0


def converted(api: Api) -> set[tuple[str, str]]:
    """``(path, HttpMethod)`` of every method the neutral model holds."""
    return {(route.path, method.verb) for route in api.routes for method in route.methods}


def _named(report: Report, where: Path, since: int) -> bool:
    """Whether an error diagnostic (from position ``since`` of the report on) points at ``where`` or below, or at
    the operation key whose ``Fn::If`` branch ``where`` is."""
    while len(where) > 2 and where[-2] == "Fn::If" and where[-3] in VERBS:
        where = where[:-2]
    pointer = to_pointer(where)
    return any(d.severity == "error" and (d.pointer == pointer or d.pointer.startswith(pointer + "/"))
               for d in report.diagnostics[since:])


def account_operations(doc: Mapping[str, Any], base: Path, api: Api, report: Report, since: int = 0) -> int:
    """Report each operation of ``doc`` that is neither in ``api`` nor named by an error; return how many
    operations ``doc`` has."""
    have = converted(api)
    count = 0
    for where, path, method in operation_leaves(doc, base):
        count += 1
        if (path, method) not in have and not _named(report, where, since):
            report.add("method-left-out", where, f"{method} {path} is not in the output")
    return count


def account_methods(lids: Iterable[str], at: Any, api: Api, report: Report, since: int = 0) -> int:
    """Report each Method logical ID (``at(lid)`` is its path) that the neutral model does not hold and no error
    names; return how many there are."""
    have = {method.logical_id for route in api.routes for method in route.methods}
    count = 0
    for lid in lids:
        count += 1
        if lid not in have and not _named(report, at(lid), since):
            report.add("method-left-out", at(lid), f"Method {lid} is not in the output")
    return count


def require_some(count: int, api: Api, where: Sequence[str | int], report: Report, since: int = 0) -> None:
    """Raise ``no-method-converted`` (with every error that explains it) when the input has ``count`` > 0
    methods and none was read."""
    if count and not converted(api):
        errors = [d for d in report.diagnostics[since:] if d.severity == "error"]
        summary = make("no-method-converted", where, f"none of the {count} method{'s' if count > 1 else ''} of the "
                       "input could be converted")
        raise InputError.from_diagnostics([*errors, summary])


def require_definition(api: Api, report: Report, since: int = 0) -> None:
    """Raise ``body-not-inline`` as an input error when the API's document lies in a file or S3 object
    (``BodyS3Location``, ``DefinitionUri``) and the template gives no method either: the conversion has nothing
    to say but an empty document. (An ``AWS::Include`` or an intrinsic ``Body`` stays a reported loss.)"""
    elsewhere = [d for d in report.diagnostics[since:] if d.code == "body-not-inline"
                 and d.pointer.endswith(("/BodyS3Location", "/DefinitionUri"))]
    if elsewhere and not converted(api):
        raise InputError.from_diagnostics(elsewhere)
