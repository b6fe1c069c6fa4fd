"""OpenAPI dialect: the ``x-amazon-apigateway-integration`` extension object (camelCase keys, ``responses``
as a map keyed by selection pattern)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..diagnostics import input_error
from ..pointer import Path
from ._codec import Codec
from .responses import read_map, write_map


def _refuse_ref(obj: Mapping[str, Any], path: Path) -> None:
    if "$ref" in obj:
        raise input_error("http-api-integration-ref", (*path, "$ref"))


CODEC = Codec("openapi", "an x-amazon-apigateway-integration object", read_map, write_map, _refuse_ref)
