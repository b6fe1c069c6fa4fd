"""The one walk of whole documents: a template's resources, and an OpenAPI document's operations.

Every place that reads a document's outline goes through here: the converters (:mod:`.cfn.base` takes the
resources of a template, :mod:`.accounting` counts the operations of a document), ``validate``
(:mod:`apigw_convert.checks`), and so ``diff``, which compares what the converters write.

The walk is lenient: it never raises. What it cannot read is skipped by :meth:`TemplateWalk.each` and listed by
:meth:`TemplateWalk.unread`, so that the strict converter refuses it while ``validate`` reports what it can.
Paths are tuples of keys and indexes in the source's own spelling (``("Resources", "GetPets", "Properties")``,
``("paths", "/pets", "get", "Fn::If", 1)``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from ..detect import template_resources
from ..intrinsics import if_parts, is_intrinsic, is_mapping, key_text
from ..pointer import Path
from .names import CFN_ENTRY, CFN_TEMPLATE, VERBS

# --- templates -----------------------------------------------------------------------------------------------


class Resource(NamedTuple):
    """One resource of a template: a mapping with a string ``Type``."""

    lid: str
    type: str
    properties: Mapping[str, Any] | None  # None when absent or not a mapping
    raw: Mapping[str, Any]  # the whole resource (attributes such as DependsOn, Condition, Metadata)
    path: Path  # where the resource lies: (*base, lid)

    def at(self, *keys: str | int) -> Path:
        """The path of one of its properties."""
        return (*self.path, CFN_ENTRY.properties, *keys)

    @property
    def props(self) -> Mapping[str, Any]:
        """Its Properties, empty when absent or not a mapping."""
        return self.properties if self.properties is not None else {}


class TemplateWalk:
    """The ``Resources`` of a template (a Serverless Framework file keeps them under ``resources.Resources``);
    none when the template has no such mapping."""

    def __init__(self, template: Any) -> None:
        found = template_resources(template)
        self.base: Path
        self.resources: Mapping[str, Any]
        self.base, self.resources = found if found is not None else ((CFN_TEMPLATE.resources,), {})

    def at(self, lid: str, *keys: str | int) -> Path:
        """The path of ``Resources/<lid>/<keys...>``."""
        return (*self.base, lid, *keys)

    def each(self) -> Iterator[Resource]:
        """Every resource that is a mapping with a string ``Type``, in template order."""
        return self._resources(None)

    def of_type(self, *types: str) -> Iterator[Resource]:
        """The resources of these types, in template order."""
        return self._resources(types)

    def _resources(self, types: tuple[str, ...] | None) -> Iterator[Resource]:
        type_key, properties_key = CFN_ENTRY.type, CFN_ENTRY.properties
        for lid, raw in self.resources.items():
            if raw.__class__ is dict or is_mapping(raw):
                kind = raw.get(type_key)
                if (kind in types if types is not None else True) and isinstance(kind, str):
                    properties = raw.get(properties_key)
                    yield Resource(lid, kind, properties if is_mapping(properties) else None, raw, (*self.base, lid))

    def unread(self) -> Iterator[tuple[Path, str, Any]]:
        """(path, what it should be, what it is) of each resource, or resource's Properties, that is not a
        mapping: a converter refuses these."""
        for lid, raw in self.resources.items():
            if not is_mapping(raw):
                yield (*self.base, str(lid)), "a resource is a mapping", raw
                continue
            properties = raw.get(CFN_ENTRY.properties)
            if properties is not None and not is_mapping(properties):
                yield (*self.base, str(lid), CFN_ENTRY.properties), "Properties must be a mapping", properties


# --- OpenAPI -------------------------------------------------------------------------------------------------


class Operation(NamedTuple):
    """One operation of a document (one branch of an ``Fn::If`` around it or its path item)."""

    path: Path  # where the operation lies
    template: str  # its path template: "/pets/{id}"
    item: Mapping[str, Any]  # the path item (the branch) it is in
    operation: Mapping[str, Any]
    key: str  # its key in the path item: "get" ... "x-amazon-apigateway-any-method"

    @property
    def method(self) -> str:
        """Its HttpMethod: ``GET`` ... ``ANY``."""
        return VERBS[self.key]


def leaves(value: Any, path: Path) -> Iterator[tuple[Path, Mapping[str, Any]]]:
    """``value`` or, for an ``Fn::If``, the leaves of its branches; ``AWS::NoValue``, other intrinsics and what
    is not a mapping are skipped."""
    parts = if_parts(value)
    if parts is not None:
        for i in (1, 2):
            yield from leaves(parts[i], (*path, "Fn::If", i))
    elif isinstance(value, Mapping) and not is_intrinsic(value):
        yield path, value


def operations(document: Mapping[str, Any], base: Path) -> Iterator[Operation]:
    """Every operation of ``document`` (at ``base`` in its file), through ``Fn::If`` path items and operations,
    in document order of paths and :data:`~.names.VERBS` order within a path item. A ``paths`` that is not a
    mapping holds none here."""
    paths = document.get("paths")
    if not isinstance(paths, Mapping) or is_intrinsic(paths):
        return
    for template, value in paths.items():
        for item_path, item in leaves(value, (*base, "paths", key_text(template))):
            for key in VERBS:
                if key in item:
                    for where, operation in leaves(item[key], (*item_path, key)):
                        yield Operation(where, str(template), item, operation, key)
