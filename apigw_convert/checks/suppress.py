"""Suppressions written in the checked files themselves.

A template resource says ``Metadata: {apigw-convert: {ignore: [CODE, ...]}}``; on a RestApi (or Serverless
Api) it covers the API's inline body and every resource whose ``RestApiId`` refers to it. An OpenAPI
document says ``x-apigw-convert-ignore: [CODE, ...]`` on an operation or at its root. A finding inside the
scope whose code is listed is replaced by an info ``suppressed`` at the same place, which names it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..diagnostics import Diagnostic, make
from ..pointer import Path, to_pointer
from ..resource_types import APIS

METADATA_KEY = "apigw-convert"
OPENAPI_KEY = "x-apigw-convert-ignore"

Scope = tuple[Path, frozenset[str], Path]  # (covered place, codes, where the list is written)


def _codes(value: Any) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, list):
        return frozenset(item for item in value if isinstance(item, str))
    return frozenset()


def _api_of(properties: Any) -> str | None:
    """The logical ID a resource's ``RestApiId`` refers to (``Ref`` or ``Fn::GetAtt``)."""
    value = properties.get("RestApiId") if isinstance(properties, Mapping) else None
    if not isinstance(value, Mapping) or len(value) != 1:
        return None
    (name, args), = value.items()
    if name == "Ref" and isinstance(args, str):
        return args
    if name == "Fn::GetAtt":
        target = args.split(".", 1)[0] if isinstance(args, str) else args[0] if isinstance(args, list) and args \
            else None
        return target if isinstance(target, str) else None
    return None


def _template_scopes(template: Mapping[str, Any]) -> Iterator[Scope]:
    from ..documents.walk import TemplateWalk, embedded_documents  # start-up: as in openapi_scopes

    resources = list(TemplateWalk(template).each(untyped=True))
    for resource in resources:
        metadata = resource.raw.get("Metadata")
        settings = metadata.get(METADATA_KEY) if isinstance(metadata, Mapping) else None
        codes = _codes(settings.get("ignore")) if isinstance(settings, Mapping) else frozenset()
        if not codes:
            continue
        written: Path = (*resource.path, "Metadata", METADATA_KEY, "ignore")
        yield resource.path, codes, written
        if resource.type in APIS:
            for child in resources:
                if _api_of(child.properties) == resource.lid:
                    yield child.path, codes, written
    for path, document in embedded_documents(template):
        yield from openapi_scopes(document, path)


def openapi_scopes(document: Mapping[str, Any], base: Path) -> Iterator[Scope]:
    """The ``x-apigw-convert-ignore`` lists of a document's root and operations."""
    from ..documents.walk import operations  # start-up: validate of an integration walks no document

    codes = _codes(document.get(OPENAPI_KEY))
    if codes:
        yield base, codes, (*base, OPENAPI_KEY)
    for path, _, _, operation, _ in operations(document, base):
        codes = _codes(operation.get(OPENAPI_KEY))
        if codes:
            yield path, codes, (*path, OPENAPI_KEY)


def scopes(obj: Mapping[str, Any], kind: str) -> list[Scope]:
    """Every suppression written in a template or an OpenAPI document."""
    if kind == "template":
        return list(_template_scopes(obj))
    if kind == "openapi":
        return list(openapi_scopes(obj, ()))
    return []


def _within(path: Path, scope: Path) -> bool:
    return len(path) >= len(scope) and all(str(a) == str(b) for a, b in zip(path, scope, strict=False))


def apply(diagnostics: list[Diagnostic], found: list[Scope]) -> list[Diagnostic]:
    """``diagnostics`` with each one a scope covers replaced by an info ``suppressed`` that names it."""
    if not found:
        return diagnostics
    out = []
    for diagnostic in diagnostics:
        path = diagnostic.path
        written = next((where for scope, codes, where in found if diagnostic.code in codes and _within(path, scope)),
                       None)
        if written is None:
            out.append(diagnostic)
            continue
        out.append(make("suppressed", path, f"{diagnostic.severity} {diagnostic.code} suppressed by "
                        f"{to_pointer(written)}: {diagnostic.message}"))
    return out
