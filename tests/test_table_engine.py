"""The table engine's :func:`~apigw_convert.table_engine.construct` builds what pydantic's ``model_construct``
builds, for every model class, through pydantic's public API: same fields, private attributes and extra; the
fields set differ only by the ``default_factory`` fields it fills; no two objects share a mutable value."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from apigw_convert import model, nodes
from apigw_convert.documents import model as documents_model
from apigw_convert.table_engine import construct, private_attributes

SOURCE = ("cfn", ("Resources", "M", "Properties"))


def _classes() -> list[type[nodes._Node]]:
    found = {cls for module in (nodes, model, documents_model) for cls in vars(module).values()
             if isinstance(cls, type) and issubclass(cls, nodes._Node)}
    return sorted(found, key=lambda cls: (cls.__module__, cls.__name__))


def _some_values(cls: type[BaseModel]) -> dict[str, Any]:
    """The required fields and every other one, with a value of the kind (not checked: neither call validates)."""
    return {name: f"{name}-value" for i, (name, field) in enumerate(cls.model_fields.items())
            if field.is_required() or i % 2}


def _required(cls: type[BaseModel]) -> dict[str, Any]:
    return {name: f"{name}-value" for name, field in cls.model_fields.items() if field.is_required()}


def _factories(cls: type[BaseModel]) -> set[str]:
    return {name for name, field in cls.model_fields.items() if field.default_factory is not None}


def _mutable(value: Any) -> bool:
    return isinstance(value, list | dict | set)


@pytest.mark.parametrize("cls", _classes(), ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("pick", [_some_values, _required], ids=["some", "required"])
def test_construct_is_model_construct(cls: type[nodes._Node], pick: Any) -> None:
    values = pick(cls)
    built = construct(cls, values, SOURCE, tuple(values))
    expected = cls.model_construct(**values)
    expected._source = SOURCE
    expected._order = tuple(values)
    assert type(built) is cls
    assert built.__dict__ == expected.__dict__
    # the values are not of their fields' types (neither call validates): no serializer warnings for that
    assert built.model_dump(warnings=False) == expected.model_dump(warnings=False)
    assert private_attributes(built) == private_attributes(expected) == {
        "_source": SOURCE, "_order": tuple(values), "_fields_at": None}
    assert built.model_extra == expected.model_extra
    # the fields set: those passed, and the default_factory fields given a fresh value
    assert expected.model_fields_set == set(values)
    assert built.model_fields_set == set(values) | _factories(cls)
    state, expected_state = built.__getstate__(), expected.__getstate__()
    del state["__pydantic_fields_set__"], expected_state["__pydantic_fields_set__"]
    assert state == expected_state
    assert built == expected


@pytest.mark.parametrize("cls", _classes(), ids=lambda cls: cls.__name__)
def test_no_shared_mutable_values(cls: type[nodes._Node]) -> None:
    """Two objects built from the same values share no list, mapping or private attributes; changing one
    changes neither the next one built nor its defaults."""
    values = _required(cls)
    one = construct(cls, values, SOURCE, ())
    two = construct(cls, values, None, ("x",))
    for name in cls.model_fields:
        if name not in values and _mutable(getattr(one, name)):
            assert getattr(one, name) is not getattr(two, name), name
            getattr(one, name).clear()  # a caller may fill it in place
    assert private_attributes(one) is not private_attributes(two)
    assert private_attributes(two) == {"_source": None, "_order": ("x",), "_fields_at": None}
    assert construct(cls, values, SOURCE, ()).__dict__ == cls.model_construct(**values).__dict__


def test_default_factories_give_fresh_objects() -> None:
    one, two = (construct(documents_model.Api, {}, None, ()) for _ in range(2))
    assert one.routes == [] and one.routes is not two.routes
    one.routes.append(construct(documents_model.Route, {"path": "/a"}, None, ()))
    assert construct(documents_model.Api, {}, None, ()).routes == []


def test_every_model_class_is_compared() -> None:
    names = {cls.__name__ for cls in _classes()}
    assert {"Integration", "IntegrationResponse", "TlsConfig", "ConditionalIntegration", "Method", "Api"} <= names
    assert {"Api", "Method", "MethodResponse", "Route", "Parameter"} <= {cls.__name__ for cls in _classes()
                                                                        if _factories(cls)}
