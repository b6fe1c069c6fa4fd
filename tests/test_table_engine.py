"""The table engine's :func:`~apigw_convert.table_engine.construct` builds exactly what pydantic's
``model_construct`` builds, for every model class: it is the one place that writes pydantic's attributes itself."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from apigw_convert import model, nodes
from apigw_convert.documents import model as documents_model
from apigw_convert.table_engine import construct


def _classes() -> list[type[BaseModel]]:
    found = {cls for module in (nodes, model, documents_model) for cls in vars(module).values()
             if isinstance(cls, type) and issubclass(cls, nodes._Node)}
    return sorted(found, key=lambda cls: (cls.__module__, cls.__name__))


def _some_values(cls: type[BaseModel]) -> dict[str, Any]:
    """The required fields and every other one, with a value of the kind (not checked: neither call validates)."""
    return {name: f"{name}-value" for i, (name, field) in enumerate(cls.model_fields.items())
            if field.is_required() or i % 2}


@pytest.mark.parametrize("cls", _classes(), ids=lambda cls: cls.__name__)
def test_construct_is_model_construct(cls: type[BaseModel]) -> None:
    values = _some_values(cls)
    source = ("cfn", ("Resources", "M", "Properties"))
    built = construct(cls, values, source, tuple(values))
    expected = cls.model_construct(**values)
    expected._source = source  # type: ignore[attr-defined]
    expected._order = tuple(values)  # type: ignore[attr-defined]
    assert built.__getstate__() == expected.__getstate__()
    assert built == expected and built.model_fields_set == set(values)


def test_default_factories_give_fresh_objects() -> None:
    one, two = (construct(documents_model.Api, {}, None, ()) for _ in range(2))
    assert one.routes == [] and one.routes is not two.routes


def test_every_model_class_is_compared() -> None:
    names = {cls.__name__ for cls in _classes()}
    assert {"Integration", "IntegrationResponse", "TlsConfig", "ConditionalIntegration", "Method", "Api"} <= names
