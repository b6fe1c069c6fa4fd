"""The last step of a resolved document: what openapi-spec-validator needs that API Gateway's export does not do.

A greedy path segment ``{proxy+}`` is declared by API Gateway's export as the path parameter ``proxy``; OpenAPI
matches a path parameter's name to the template expression, ``proxy+``, and openapi-spec-validator refuses the
document otherwise. A plain document names the parameter ``proxy+``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .intrinsics import is_mapping

_GREEDY = re.compile(r"\{([^{}/]+)\+\}")


def plain_paths(document: Any) -> Any:
    """``document`` (changed in place) with each greedy path parameter named as its path spells it."""
    paths = document.get("paths") if is_mapping(document) else None
    if not is_mapping(paths):
        return document
    for path, item in paths.items():
        greedy = set(_GREEDY.findall(str(path)))
        if not greedy or not is_mapping(item):
            continue
        for parameter in _parameters(item):
            if parameter.get("in") == "path" and parameter.get("name") in greedy:
                parameter["name"] = f"{parameter['name']}+"
    return document


def _parameters(path_item: Any) -> Iterator[dict[str, Any]]:
    """The parameter objects of a path item and of its operations."""
    for owner in (path_item, *path_item.values()):
        params = owner.get("parameters") if is_mapping(owner) else None
        if isinstance(params, list):
            yield from (p for p in params if isinstance(p, dict))
