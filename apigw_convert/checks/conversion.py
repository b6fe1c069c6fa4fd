"""Validate agrees with conversion: what makes converting a template's API (or an OpenAPI document) leave a
method out, or refuse the API, is a finding of ``validate`` too.

The conversion itself is run (template -> OpenAPI for each API of a template, OpenAPI -> template for a
document); each error diagnostic that names a Method or operation missing from the result becomes
``method-not-convertible`` at the same pointer, and a conversion that fails becomes ``api-not-convertible``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..diagnostics import CodeName, Diagnostic, Report
from ..errors import ConvertError
from ..pointer import Path, to_pointer
from ..resource_types import APIS, METHOD


def check_conversion(obj: Mapping[str, Any], kind: str, report: Report) -> None:
    """Run the conversion of every API of a template (``kind`` ``"template"``) or of an OpenAPI document
    (``"openapi"``) and report what it leaves out or refuses."""
    from ..documents.cfn.reader import open_template  # start-up: validate of an integration needs no reader

    if kind == "openapi":
        _document(obj, report)
        return
    try:
        t = open_template(obj)
    except ConvertError:  # not a template the converter reads; the other checks say why
        return
    apis: list[str | None] = list(t.of_type(*APIS))
    # A Serverless Framework file refers to resources the framework generates (ApiGatewayResource...), which
    # this file does not define: a reference conversion cannot follow is no defect there.
    framework = obj.get("Resources") is None
    for api in apis or [None]:  # None: the API lies outside the file (Serverless Framework)
        _template(obj, api, report, framework)


def _template(template: Mapping[str, Any], api: str | None, report: Report, framework: bool) -> None:
    from ..documents.accounting import operation_leaves  # start-up: only templates need the readers
    from ..documents.cfn.reader import read_template  # (as above)

    excused = ("unresolved-resource",) if framework else ()
    found = Report()
    try:
        t, neutral = read_template(template, api, found)
    except ConvertError as error:
        _refused(error.diagnostics, report, excused)
        return
    have = {m.logical_id for route in neutral.routes for m in route.methods}
    missing: list[Path] = [t.at(lid) for lid in t.of_type(METHOD) if lid not in have]
    routes = {(route.path, m.verb) for route in neutral.routes for m in route.methods}
    lid = str(neutral.logical_id)
    props = t.props(lid) if lid in t.resources else {}
    for key in ("Body", "DefinitionBody"):
        body = props.get(key)
        if isinstance(body, Mapping):
            base = t.at(lid, "Properties", key)
            missing += [where for where, path, verb in operation_leaves(body, base) if (path, verb) not in routes]
    _left_out(found, missing, report, excused)


def _document(doc: Mapping[str, Any], report: Report) -> None:
    from ..documents.accounting import converted, operation_leaves  # start-up: only documents need these
    from ..documents.openapi.reader import read_openapi  # (as above)

    found = Report()
    try:
        neutral = read_openapi(doc, (), found)
    except ConvertError as error:
        _refused(error.diagnostics, report)
        return
    routes = converted(neutral)
    _left_out(found, [where for where, path, verb in operation_leaves(doc, ()) if (path, verb) not in routes], report)


def _left_out(found: Report, missing: Iterable[Path], report: Report, excused: tuple[str, ...] = ()) -> None:
    pointers = [to_pointer(where) for where in missing]
    for d in found:
        named = any(d.pointer == p or d.pointer.startswith(p + "/") for p in pointers)
        if d.severity == "error" and d.code not in excused and named and not _covered(d.pointer, report):
            report.add("method-not-convertible", _path(d), f"{d.code}: {d.message}")


def _refused(diagnostics: tuple[Diagnostic, ...], report: Report, excused: tuple[str, ...] = ()) -> None:
    """A conversion that raised: when no method converted, each reason names its Method; otherwise the API
    as a whole is refused."""
    no_method = any(d.code == "no-method-converted" for d in diagnostics)
    # what validate's checks found already; a file without an API; a document elsewhere (definition-not-read)
    seen = {d.code for d in report} | {"no-api", "body-not-inline", *excused}
    if excused and all(d.code in (*excused, "no-method-converted") for d in diagnostics):
        return
    for d in diagnostics:
        if d.code in seen or _covered(d.pointer, report):
            continue
        code: CodeName = ("method-not-convertible" if no_method and d.code != "no-method-converted"
                          else "api-not-convertible")
        report.add(code, _path(d), f"{d.code}: {d.message}")


def _covered(pointer: str, report: Report) -> bool:
    """Whether another check already reported an error at ``pointer``, inside it or around it: the same
    defect is said once, by the check that names it best."""
    return any(d.severity == "error" and (d.pointer == pointer or d.pointer.startswith(pointer + "/")
                                          or pointer.startswith(d.pointer + "/")) for d in report)


def _path(d: Diagnostic) -> Path:
    return d.path
