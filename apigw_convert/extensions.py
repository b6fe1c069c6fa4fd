"""Which ``x-amazon-apigateway-*`` keys a written OpenAPI document keeps, as API Gateway's export names the choice.

``apigateway`` keeps every one (get-export ``extensions=apigateway``); ``integrations`` keeps the
``x-amazon-apigateway-integration`` of each operation (get-export ``extensions=integrations``); ``authorizers``
keeps the ``x-amazon-apigateway-authorizer`` / ``-authtype`` of each security scheme (get-export
``extensions=authorizers``); ``none`` keeps none: a neutral document for API consumers, whose security schemes
stay as the plain OpenAPI ``apiKey`` schemes they are, and whose ``x-amazon-apigateway-any-method`` operations are
written once per HTTP method. The filter works on the written document, at the places extensions stand (the
document, path items, operations, security schemes, servers, tags), so a schema property that happens to be
named ``x-amazon-apigateway-...`` is left alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .diagnostics import Report, input_error
from .documents.walk import leaves, path_entries
from .intrinsics import is_mapping, plain

PREFIX = "x-amazon-apigateway-"
ANY_METHOD = "x-amazon-apigateway-any-method"
ANY_VERBS = ("get", "put", "post", "delete", "options", "head", "patch")
KEPT: dict[str, frozenset[str]] = {
    "apigateway": frozenset(),  # unused: everything is kept
    "integrations": frozenset({"x-amazon-apigateway-integration", ANY_METHOD}),
    "authorizers": frozenset({"x-amazon-apigateway-authorizer", "x-amazon-apigateway-authtype", ANY_METHOD}),
    "none": frozenset(),
}
CHOICES = tuple(KEPT)
_OPERATION_KEYS = (*ANY_VERBS, "trace", ANY_METHOD)


def check_extensions(choice: Any) -> str:
    """``choice`` itself, or an InputError naming the choices."""
    if choice not in KEPT:
        raise input_error("invalid-argument", (), f"extensions must be one of {', '.join(CHOICES)}, not {choice!r}")
    return str(choice)


def filter_extensions(document: dict[str, Any], choice: str, report: Report) -> dict[str, Any]:
    """``document`` (changed in place and returned) without the extensions ``choice`` leaves out."""
    check_extensions(choice)
    if choice == "apigateway":
        return document
    keep = KEPT[choice]
    if choice == "none":
        _expand_any(document, report)
    removed = sum(_strip(obj, keep) for obj in _places(document))
    if removed:
        report.add("extensions-left-out", (), f"{removed} x-amazon-apigateway-* key{'s' if removed > 1 else ''} "
                   f"left out (extensions: {choice})")
    return document


def _branches(value: Any) -> Iterator[dict[str, Any]]:
    """A mapping, or the mappings an ``Fn::If`` (kept unresolved) chooses between: the walk's leaves (an
    intrinsic function or ``AWS::NoValue`` holds no extension to leave out), those this filter can change."""
    for _, branch in leaves(value, ()):
        if isinstance(branch, dict):
            yield branch


def _values(container: Any) -> Iterator[Any]:
    if is_mapping(container):
        yield from container.values()
    elif isinstance(container, list):
        yield from container


def _places(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every object of the document where API Gateway's extensions stand."""
    yield document
    for _, _, path_item in path_entries(document, ()):
        for item in _branches(path_item):
            yield item
            for key in _OPERATION_KEYS:
                yield from _branches(item.get(key))
    components = document.get("components")
    schemes = components.get("securitySchemes") if is_mapping(components) else None
    for section in (schemes, document.get("securityDefinitions"), document.get("servers"), document.get("tags")):
        for value in _values(section):
            yield from _branches(value)


def _strip(obj: dict[str, Any], keep: frozenset[str]) -> int:
    doomed = [key for key in obj if isinstance(key, str) and key.startswith(PREFIX) and key not in keep]
    for key in doomed:
        del obj[key]
    return len(doomed)


def _expand_any(document: dict[str, Any], report: Report) -> None:
    """Write each ANY operation as the HTTP methods its path item does not define itself."""
    for _, path, path_item in path_entries(document, ()):
        for item in _branches(path_item):
            operation = item.get(ANY_METHOD)
            if operation is None:
                continue
            added = [verb for verb in ANY_VERBS if verb not in item]
            for verb in added:
                item[verb] = _copy(operation, verb)
            report.add("any-method-expanded", ("paths", path, ANY_METHOD),
                       f"ANY {path} written as {', '.join(added) or 'nothing (every method is defined)'}")


def _copy(operation: Any, verb: str) -> Any:
    """A deep copy of an operation for one verb (an operationId gets the verb appended, to stay unique)."""
    copy = plain(operation)
    if isinstance(copy, dict) and isinstance(copy.get("operationId"), str):
        copy["operationId"] = f"{copy['operationId']}_{verb}"
    return copy
