"""JSON Schemas generated from the code: each dialect's integration shape (from the field table), the
neutral model (from pydantic) and the diagnostics report. ``schemas/`` holds the committed copies; a test
fails when they drift. Regenerate with ``python -m apigw_convert.schemas``.
"""

from __future__ import annotations

import inspect
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from .diagnostics import Diagnostic
from .fields import INTEGRATION_FIELDS, RESPONSE_FIELDS, Dialect, FieldSpec, Kind
from .kinds import INTRINSIC_REF, VALUES
from .model import INTRINSIC_SCHEMA, Integration
from .resource_types import METHOD

NAMES: tuple[str, ...] = ("cfn", "swagger", "model", "report")


def _value_schema(spec: FieldSpec, dialect: Dialect) -> dict[str, Any]:
    kind = spec.kind
    rules = VALUES.get(kind)
    if rules is not None:
        return rules.schema(spec, dialect)
    if kind is Kind.OBJECT:
        return {"anyOf": [_object_schema(spec.fields, dialect), INTRINSIC_REF]}
    response = {"anyOf": [{"$ref": "#/definitions/IntegrationResponse"}, INTRINSIC_REF]}
    if dialect == "cfn":
        return {"anyOf": [{"type": "array", "items": response}, INTRINSIC_REF]}
    return {"anyOf": [{"type": "object", "additionalProperties": response,
                       "description": "Keyed by selection pattern; 'default' for the response without one."},
                      INTRINSIC_REF]}


def _object_schema(fields: tuple[FieldSpec, ...], dialect: Dialect) -> dict[str, Any]:
    properties = {name: _value_schema(spec, dialect) for spec in fields if (name := spec.name(dialect))}
    required = [spec.name(dialect) for spec in fields if spec.required and spec.name(dialect)]
    return {"type": "object", "additionalProperties": False, "required": required, "properties": properties}


def dialect_schema(dialect: Dialect) -> dict[str, Any]:
    """The JSON Schema of one dialect's integration object, derived from the field table."""
    title = (f"{METHOD} Integration" if dialect == "cfn" else "x-amazon-apigateway-integration")
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": title,
        **_object_schema(INTEGRATION_FIELDS, dialect),
        "definitions": {
            "IntegrationResponse": _object_schema(RESPONSE_FIELDS, dialect),
            "Intrinsic": INTRINSIC_SCHEMA,
        },
    }


def schema(name: str) -> dict[str, Any]:
    """One of the published schemas: ``cfn``, ``swagger``, ``model`` or ``report``."""
    if name == "cfn":
        return dialect_schema("cfn")
    if name == "swagger":
        return dialect_schema("openapi")
    if name == "model":
        return {"$schema": "https://json-schema.org/draft/2020-12/schema", **Integration.model_json_schema()}
    if name == "report":
        # The description is set here, not left to pydantic: before 2.12 it leaves a dataclass's docstring out.
        generated = TypeAdapter(Diagnostic).json_schema()
        generated["description"] = inspect.cleandoc(Diagnostic.__doc__ or "")
        # the report spells each path as its pointer (Diagnostic.to_dict), in the same place
        generated["properties"] = {
            ("pointer" if name == "path" else name): ({"title": "Pointer", "type": "string"} if name == "path"
                                                      else value)
            for name, value in generated["properties"].items()}
        generated["required"] = ["pointer" if name == "path" else name for name in generated["required"]]
        diagnostic = dict(sorted({"additionalProperties": False, **generated}.items()))
        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "apigw-convert report",
            "type": "object",
            "required": ["diagnostics"],
            "properties": {
                "input": {"type": ["string", "null"]},
                "command": {"type": "string"},
                "diagnostics": {"type": "array", "items": {"$ref": "#/$defs/Diagnostic"}},
            },
            "$defs": {"Diagnostic": diagnostic},
        }
    raise KeyError(name)


def render(name: str) -> str:
    """The schema as committed: indented JSON with a trailing newline."""
    return json.dumps(schema(name), indent=2, ensure_ascii=False) + "\n"


def write_all(directory: Path) -> None:
    """Write every schema into ``directory`` as ``<name>.json``."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        (directory / f"{name}.json").write_text(render(name), encoding="utf-8")


if __name__ == "__main__":
    write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "schemas"))
