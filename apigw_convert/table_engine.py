"""The table engine, used across the package: table-driven reading and writing of the field tables
(:mod:`apigw_convert.fields`, :mod:`apigw_convert.documents.names`): rows, unknown keys, losses, ``Fn::If``; each
value by the rules of its kind (:mod:`apigw_convert.kinds`).

A codec supplies only what differs: its dialect name and how integration responses are shaped. Whole documents
read and write their flat sub-objects (authorizers, validators, gateway responses) through it too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from pydantic import BaseModel

from . import nodes
from .diagnostics import Diagnostic, Report, input_error
from .errors import InputError
from .fields import DIALECT_NAMES, DIALECTS, HTTP_API_ONLY_KEYS, Dialect, FieldSpec, Kind, by_name, written_order
from .intrinsics import if_parts, is_intrinsic, is_mapping, key_text, plain
from .kinds import VALUES, WORDS
from .kinds import describe as describe  # used across the package
from .kinds import text_items as text_items  # used by the codecs
from .nodes import Conditional
from .pointer import Path

M = TypeVar("M", bound=nodes._Node)
Reader = Callable[[Any, Path, Report], Any]
Writer = Callable[[Any, Report], Any]
ResponsesWriter = Callable[[Any, Report, BaseModel], Any]

def read_value(spec: FieldSpec, value: Any, path: Path, dialect: Dialect, report: Report) -> Any:
    """Check one field value of a simple kind (or a nested ``OBJECT``) and return its neutral form; raise
    InputError if it is wrong."""
    rules = VALUES.get(spec.kind)
    if rules is not None:
        return rules.read(spec, value, path)
    assert spec.kind is Kind.OBJECT and spec.model is not None
    if is_intrinsic(value):
        return plain(value)
    if is_mapping(value):
        return read_object(value, spec.fields, getattr(nodes, spec.model), dialect, path, report)
    raise input_error("invalid-type", path, f"expected {WORDS[spec.kind]} or an intrinsic function, got "
                      f"{describe(value)}")


def _unknown(key: Any, fields: tuple[FieldSpec, ...], dialect: Dialect, path: Path, report: Report) -> None:
    where = (*path, key_text(key))
    if dialect == "openapi" and key in HTTP_API_ONLY_KEYS:
        report.add("http-api-only-field", where, f"{key!r} is used by HTTP APIs only; dropped from this REST "
                   "integration")
        return
    hint = ""
    lowered = str(key).lower()
    for other in DIALECTS:
        for spec in fields:
            name = spec.name(other)
            if name and name.lower() == lowered and name != key:
                hint = f" (did you mean {name!r}, the {DIALECT_NAMES[other]} spelling?)"
    report.add("unknown-field", where, f"{key!r} is not a field here; dropped{hint}")


_REQUIRED: dict[int, list[FieldSpec]] = {}


def _required(fields: tuple[FieldSpec, ...]) -> list[FieldSpec]:
    found = _REQUIRED.get(id(fields))
    if found is None:
        found = _REQUIRED[id(fields)] = [spec for spec in fields if spec.required]
    return found


class Errors:
    """Input errors collected so that one reading reports every problem, not the first: ``with errors:``
    around a step keeps its InputError; :meth:`raise_any` raises them all as one at the end."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []

    def add(self, error: InputError) -> None:
        self.diagnostics.extend(error.diagnostics)

    def __enter__(self) -> Errors:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: object) -> bool:
        if isinstance(error, InputError):
            self.add(error)
            return True
        return False

    def raise_any(self) -> None:
        if self.diagnostics:
            raise InputError.from_diagnostics(self.diagnostics)


def read_object(src: Mapping[str, Any], fields: tuple[FieldSpec, ...], model: type[M], dialect: Dialect,
                path: Path, report: Report, responses: Reader | None = None, **known: Any) -> M:
    """Read a mapping of ``dialect`` keys into ``model`` through the rows of ``fields``.

    ``known`` holds neutral values the caller already has (the selection pattern an OpenAPI key gives).
    """
    names = by_name(fields, dialect)
    values: dict[str, Any] = dict(known)
    errors = Errors()
    for key, value in src.items():
        spec = names.get(key)
        if spec is None:
            _unknown(key, fields, dialect, path, report)
            continue
        where = (*path, key)
        if value is None:
            if spec.required:
                errors.add(input_error("invalid-type", where, f"{key} is required and cannot be null"))
                values[spec.neutral] = None  # reported: not missing as well
                continue
            report.add("null-value-dropped", where, f"{key} is null; treated as absent")
            continue
        try:  # as ``with errors:`` does, without two calls per field
            if spec.kind is Kind.RESPONSES:
                assert responses is not None
                values[spec.neutral] = responses(value, where, report)
            else:
                values[spec.neutral] = read_value(spec, value, where, dialect, report)
        except InputError as error:
            errors.add(error)
            values.setdefault(spec.neutral, None)  # a value that did not read is reported, not also missing
    for spec in _required(fields):
        if spec.neutral not in values:
            name = spec.name(dialect)
            hint = ""
            for spelling, other in ((spec.names[d], d) for d in spec.names if d != dialect):
                if spelling in src:
                    hint = (f"; the object uses {spelling!r}, the {DIALECT_NAMES[other]} spelling: is it the other "
                            "dialect?")
            errors.add(input_error("missing-field", path, f"required field {name!r} is missing{hint}"))
    errors.raise_any()
    order = tuple(name for name in values if name not in known) if known else tuple(values)
    return construct(model, values, (dialect, path), order)


_PROTOTYPES: dict[type[nodes._Node], tuple[nodes._Node, tuple[tuple[str, Callable[[], Any]], ...]]] = {}


def construct(model: type[M], values: dict[str, Any], source: Any, order: tuple[str, ...]) -> M:
    """Build a model from values the table has already checked, through pydantic's public API only.

    A copy of one ``model_construct()`` instance per class (``model_copy(update=)``: ``values``, and a fresh
    value from each ``default_factory`` the values lack, so that no two objects share a list or mapping), then the
    private source location and key order assigned as attributes. It differs from ``model_construct(**values)``
    in one way: ``model_fields_set`` also names the ``default_factory`` fields it filled (only the document
    models have such fields, and nothing in the package reads it; ``tests/test_table_engine.py`` compares the
    rest for every model class). Per object (pydantic 2.13, one machine, best of 9 runs): an Integration
    2.7 µs, a Method 3.3 µs (writing pydantic's instance attributes directly took 1.3 and 1.5). In one run on
    a loaded machine, where this took 4.9 µs per Integration, ``model_validate`` took 16 µs and
    ``model_construct`` 45 µs (340 µs per Method: it inspects each ``default_factory`` on every call). A
    2000-method template builds about 17 000 models.
    """
    found = _PROTOTYPES.get(model)
    if found is None:
        found = _PROTOTYPES[model] = (model.model_construct(), tuple(
            (name, cast(Callable[[], Any], field.default_factory))  # no factory here takes the validated data
            for name, field in model.model_fields.items() if field.default_factory is not None))
    prototype, factories = found
    if factories:
        update = {name: factory() for name, factory in factories if name not in values}
        update.update(values)
        values = update
    obj = cast(M, prototype.model_copy(update=values))
    if source is not None:  # the prototype holds the defaults, None and ()
        obj._source = source
    if order:
        obj._order = order
    return obj


_ORDERS: dict[tuple[int, tuple[str, ...]], list[FieldSpec]] = {}


def private_attributes(obj: Any) -> dict[str, Any]:
    """A model's private attributes (``_source``, ``_order``, ``_fields_at``), read (never written) from
    ``__pydantic_private__``, the attribute pydantic's ``BaseModel`` documents as holding them: 0.07 µs, where
    ``obj._source`` misses the instance and the class before ``BaseModel.__getattr__`` finds it (2 µs), and
    writers read them for every object."""
    return getattr(obj, "__pydantic_private__", None) or {}


def _ordered(obj: BaseModel, fields: tuple[FieldSpec, ...]) -> list[FieldSpec]:
    """The rows in the order their keys are written (:func:`~apigw_convert.fields.written_order`); cached."""
    order: tuple[str, ...] = private_attributes(obj).get("_order", ())
    key = (id(fields), order)
    found = _ORDERS.get(key)
    if found is None:
        found = _ORDERS[key] = written_order(fields, order)
    return found


def source_dialect(obj: BaseModel) -> Dialect | None:
    """The dialect ``obj`` was read from, if it was read at all."""
    source = private_attributes(obj).get("_source")
    return source[0] if source else None


def node_path(obj: BaseModel) -> Path:
    """Where ``obj`` itself stood in its source (empty when it was built by hand)."""
    source = private_attributes(obj).get("_source")
    return source[1] if source else ()


def source_path(obj: BaseModel, spec: FieldSpec) -> Path:
    """Where ``spec``'s field of ``obj`` stood in the document it was read from (neutral names otherwise)."""
    source = private_attributes(obj).get("_source")
    if source is None:
        return (spec.neutral,)
    moved: dict[str, Path] | None = private_attributes(obj).get("_fields_at")
    if moved and spec.neutral in moved:
        return moved[spec.neutral]
    dialect, base = source
    return (*base, spec.name(dialect) or spec.neutral)


def write_value(spec: FieldSpec, value: Any, dialect: Dialect, report: Report) -> Any:
    """The external form of one neutral value of a simple kind (or a nested ``OBJECT``)."""
    if type(value) is str:
        return value  # every kind writes a neutral string as it is
    rules = VALUES.get(spec.kind)
    if rules is not None:
        return rules.write(spec, value, dialect)
    if isinstance(value, BaseModel):
        return write_object(value, spec.fields, dialect, report)
    return plain(value)


def write_object(obj: BaseModel, fields: tuple[FieldSpec, ...], dialect: Dialect, report: Report,
                 responses: ResponsesWriter | None = None) -> dict[str, Any]:
    """Write ``obj`` as a mapping of ``dialect`` keys in table order; report the fields it cannot hold."""
    out: dict[str, Any] = {}
    for spec in _ordered(obj, fields):
        value = getattr(obj, spec.neutral)
        if value is None:
            continue
        name = spec.names.get(dialect)  # spec.name(dialect), without a call per field
        if name is None:
            if spec.kind is not Kind.PATTERN:  # the codec places patterns itself
                report.add(spec.loss_code, source_path(obj, spec),
                           f"{next(iter(spec.names.values()))} has no {DIALECT_NAMES[dialect]} equivalent; dropped")
            continue
        if spec.kind is Kind.RESPONSES:
            assert responses is not None
            out[name] = responses(value, report, obj)
        else:  # a string is written as it is (write_value's first step, without the call)
            out[name] = value if type(value) is str else write_value(spec, value, dialect, report)
    return out


def read_conditional(value: Any, path: Path, report: Report, read: Reader,
                     cls: type[Conditional]) -> Any:
    """Read ``value`` with ``read``, or, if it is an ``Fn::If``, read both branches into ``cls``.

    Other intrinsics (and ``AWS::NoValue``) are kept as they are: CloudFormation resolves them later.
    """
    parts = if_parts(value)
    if parts is not None:
        condition, if_true, if_false = parts
        branches: list[Any] = []
        errors = Errors()
        for i, branch in ((1, if_true), (2, if_false)):
            with errors:
                branches.append(read_conditional(branch, (*path, "Fn::If", i), report, read, cls))
        errors.raise_any()
        return construct(cls, {"condition": condition, "if_true": branches[0], "if_false": branches[1]},
                         (None, path), ())
    if is_intrinsic(value):
        if "Fn::If" in value:  # here the branches would be read and converted: a malformed one cannot be
            raise input_error("invalid-type", (*path, "Fn::If"), "Fn::If takes a list of three: a condition "
                              f"name and the two values, got {describe(value['Fn::If'])}")
        return plain(value)
    return read(value, path, report)


def write_conditional(value: Any, report: Report, write: Writer) -> Any:
    """Write a neutral value with ``write``, recursing through :class:`Conditional` branches."""
    if isinstance(value, Conditional):
        return {"Fn::If": [value.condition, write_conditional(value.if_true, report, write),
                           write_conditional(value.if_false, report, write)]}
    if isinstance(value, BaseModel | list):
        return write(value, report)
    return plain(value)


def branches(value: Any) -> list[Any]:
    """The leaves of a :class:`Conditional` tree (or ``[value]``)."""
    if isinstance(value, Conditional):
        return branches(value.if_true) + branches(value.if_false)
    return [value]
