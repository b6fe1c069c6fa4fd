"""Models that share a name with API Gateway's built-in ``Empty`` and ``Error``.

Every REST API is created with these two models, so a template's ``AWS::ApiGateway::Model`` named ``Empty`` or
``Error`` fails to deploy (the name exists already); an OpenAPI import, by contrast, may define them. A document's
own ``Error`` (or ``Empty``) that differs from the built-in one is therefore written into a template under a
name of its own (``ErrorModel``, reported as ``builtin-model``), and every reference to it (a Method's
``RequestModels`` / ``ResponseModels``, another model's ``$ref``) names that model. One equal to the built-in
schema is not written: the built-in one is the same model. The renamed model's ``Metadata`` (``OpenApi.name``)
keeps the document's name, so that the template reads back as the document it came from.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .model import Model
from .names import BUILTIN_MODELS

ORIGINAL_NAME = "name"  # the key of a renamed model's carried Metadata that holds the document's name


def differs_from_builtin(model: Model) -> bool:
    """Whether ``model`` has a built-in name but a schema of its own."""
    if not isinstance(model.name, str) or model.name not in BUILTIN_MODELS:
        return False
    schema: Any = model.json_schema
    if isinstance(schema, dict):
        schema = {k: v for k, v in schema.items() if k != "$schema"}
    return bool(schema != BUILTIN_MODELS[model.name])


def renamed_builtins(models: Iterable[Model]) -> dict[str, str]:
    """Built-in name -> the name a template writes a differing user model under (unique among the models)."""
    models = list(models)
    taken = {m.name for m in models if isinstance(m.name, str)}
    out = {}
    for model in models:
        if differs_from_builtin(model):
            name, n = f"{model.name}Model", 2
            while name in taken:
                name, n = f"{model.name}Model{n}", n + 1
            taken.add(name)
            out[str(model.name)] = name
    return out


def original_name(overlay: Any) -> str | None:
    """The document's name of a model a template wrote under another name (see :data:`ORIGINAL_NAME`)."""
    name = overlay.get(ORIGINAL_NAME) if isinstance(overlay, dict) else None
    return name if isinstance(name, str) and name in BUILTIN_MODELS else None
