"""The one walk of whole documents: a template's resources and inline documents, and an OpenAPI document's
operations.

Every place that reads a document's outline goes through here: the converters (:mod:`.cfn.base` takes the
resources of a template, :mod:`.openapi.reader` reads the path items and, through :func:`fork`, the ``Fn::If``
choices around them and their operations, :mod:`.accounting` counts the operations of a document), ``validate``
(:mod:`apigw_convert.checks`), and so ``diff``, which compares what the converters write; also the SAM
translation's bookkeeping, ``--resolve``, ``--api all``, ``--extensions`` and the suppressions. Only finding the
``Resources`` mapping is :func:`apigw_convert.detect.template_resources`, which telling the inputs apart needs
cheaply.

The walk is lenient: it never raises. What it cannot read is skipped by :meth:`TemplateWalk.each` and listed by
:meth:`TemplateWalk.unread`, so that the strict converter refuses it while ``validate`` reports what it can.
Paths are tuples of keys and indexes in the source's own spelling (``("Resources", "GetPets", "Properties")``,
``("paths", "/pets", "get", "Fn::If", 1)``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple

from ..detect import template_resources
from ..intrinsics import if_parts, is_intrinsic, is_mapping, is_no_value, key_text
from ..pointer import Path
from ..resource_types import HTTP_APIS, RESTAPI, SERVERLESS_API
from .names import CFN_ENTRY, CFN_TEMPLATE, VERBS

# --- templates -----------------------------------------------------------------------------------------------


class Resource(NamedTuple):
    """One resource of a template: a mapping with a string ``Type``."""

    lid: str
    type: str  # "" for a resource without a string Type, which only ``each(untyped=True)`` yields
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
        self.template = template
        found = template_resources(template)
        self.base: Path
        self.resources: Mapping[str, Any]
        self.base, self.resources = found if found is not None else ((CFN_TEMPLATE.resources,), {})

    def at(self, lid: str, *keys: str | int) -> Path:
        """The path of ``Resources/<lid>/<keys...>``."""
        return (*self.base, lid, *keys)

    def each(self, *, untyped: bool = False) -> Iterator[Resource]:
        """Every resource that is a mapping with a string ``Type``, in template order; with ``untyped``, the
        mappings without one too (a ``Condition`` or ``Metadata`` belongs to any resource)."""
        return self._resources(None, untyped)

    def of_type(self, *types: str) -> Iterator[Resource]:
        """The resources of these types, in template order."""
        return self._resources(types)

    def _resources(self, types: tuple[str, ...] | None, untyped: bool = False) -> Iterator[Resource]:
        type_key, properties_key = CFN_ENTRY.type, CFN_ENTRY.properties
        for lid, raw in self.resources.items():
            if raw.__class__ is dict or is_mapping(raw):
                kind = raw.get(type_key)
                if not isinstance(kind, str):
                    if not untyped:
                        continue
                    kind = ""
                elif types is not None and kind not in types:
                    continue
                properties = raw.get(properties_key)
                yield Resource(lid, kind, properties if is_mapping(properties) else None, raw, (*self.base, lid))

    def unread(self) -> Iterator[tuple[Path, str, Any]]:
        """(path, what it should be, what it is) of what a converter refuses: first, in a template that is a
        mapping, a ``Resources`` that is not one where a converter looks for it (``resources.Resources`` only in a
        file without a ``Resources``); then each resource, or resource's Properties, that is not a mapping."""
        if isinstance(self.template, Mapping):
            stated = self.template.get(CFN_TEMPLATE.resources)
            framework = self.template.get("resources")
            where, value = ((("resources", CFN_TEMPLATE.resources), framework.get(CFN_TEMPLATE.resources))
                            if stated is None and isinstance(framework, Mapping) else
                            ((CFN_TEMPLATE.resources,), stated))
            if not isinstance(value, Mapping):
                yield where, "Resources must be a mapping", value
        for lid, raw in self.resources.items():
            if not is_mapping(raw):
                yield (*self.base, str(lid)), "a resource is a mapping", raw
                continue
            properties = raw.get(CFN_ENTRY.properties)
            if properties is not None and not is_mapping(properties):
                yield (*self.base, str(lid), CFN_ENTRY.properties), "Properties must be a mapping", properties


# --- the OpenAPI documents a template holds or points at ----------------------------------------------------

# Resource type -> the property holding an inline OpenAPI document of a REST API.
BODY_PROPERTIES: dict[str, str] = {RESTAPI: "Body", SERVERLESS_API: "DefinitionBody"}
# Properties that only point at a definition kept elsewhere.
_EXTERNAL_PROPERTIES: dict[str, tuple[str, ...]] = {RESTAPI: ("BodyS3Location",), SERVERLESS_API: ("DefinitionUri",)}


def _bodies(template: Any) -> Iterator[tuple[Resource, str]]:
    """Each REST API of ``template`` with a body property, and that property's name."""
    for resource in TemplateWalk(template).of_type(RESTAPI, SERVERLESS_API):
        prop = BODY_PROPERTIES[resource.type]
        if prop in resource.props:
            yield resource, prop


def embedded_documents(template: Any) -> list[tuple[Path, dict[str, Any]]]:
    """The inline OpenAPI documents of a template, each with its path.

    RestApi ``Body`` and Serverless Api ``DefinitionBody`` mappings, also the branches of an ``Fn::If``
    around them (a branch that is ``AWS::NoValue`` is left out). Definitions that are only referenced
    (``Fn::Transform``, S3, a string body) are not documents here: see :func:`unread_definitions`.
    """
    return [(where, doc) for resource, prop in _bodies(template)  # type: ignore[misc]
            for where, doc in leaves(resource.props[prop], resource.at(prop))]


def unread_definitions(template: Any) -> list[tuple[Path, str]]:
    """The API definitions a template points at but does not hold inline, each with a short reason."""
    out: list[tuple[Path, str]] = []
    walk = TemplateWalk(template)
    for resource in walk.of_type(*HTTP_APIS, RESTAPI, SERVERLESS_API):
        properties = resource.props
        if resource.type in HTTP_APIS:
            out += [(resource.at(prop), "an HTTP API (API Gateway v2) definition; not checked")
                    for prop in ("DefinitionBody", "Body") if prop in properties]
            continue
        out += [(resource.at(external), "the definition is kept elsewhere; not fetched")
                for external in _EXTERNAL_PROPERTIES[resource.type] if external in properties]
        body = BODY_PROPERTIES[resource.type]
        if body not in properties:
            continue
        for where, doc in branches(properties[body], resource.at(body)):
            if isinstance(doc, str):
                out.append((where, "a definition written as a string; not parsed"))
            elif is_intrinsic(doc) and "Fn::Transform" in doc:
                location = include_location(doc["Fn::Transform"])
                out.append(((*where, "Fn::Transform"),
                            f"included with AWS::Include from {location}; not fetched" if location
                            else "produced by a macro (Fn::Transform); not fetched"))
            elif is_intrinsic(doc) and not is_no_value(doc):
                out.append((where, "an intrinsic function; not resolved"))
            elif isinstance(doc, Mapping) and isinstance(doc.get("paths"), Mapping) and "Fn::Transform" in doc["paths"]:
                location = include_location(doc["paths"]["Fn::Transform"])
                out.append(((*where, "paths", "Fn::Transform"),
                            f"paths included with AWS::Include from {location}; not fetched" if location
                            else "paths produced by a macro (Fn::Transform); not read"))
    return out


def include_location(transform: Any) -> str | None:
    """Where an ``Fn::Transform`` (its argument) includes a file from: the ``AWS::Include`` Location, else None."""
    if isinstance(transform, Mapping) and transform.get("Name") == "AWS::Include":
        parameters = transform.get("Parameters")
        if isinstance(parameters, Mapping):
            location = parameters.get("Location")
            return location if isinstance(location, str) else "a computed location"
        return "an unknown location"
    return None


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


class Fork(NamedTuple):
    """An ``Fn::If`` as the choice it is: its condition, then each branch with its path, in the source's order."""

    path: Path  # where the Fn::If lies
    condition: str
    then: Any
    then_path: Path  # (*path, "Fn::If", 1)
    otherwise: Any
    otherwise_path: Path  # (*path, "Fn::If", 2)

    def arms(self) -> tuple[tuple[Path, Any], tuple[Path, Any]]:
        """(path, value) of the then-branch, then of the else-branch."""
        return (self.then_path, self.then), (self.otherwise_path, self.otherwise)


def fork(value: Any, path: Path) -> Fork | None:
    """``value`` (at ``path``) as a :class:`Fork` when it is a well-formed ``Fn::If``, else ``None``: one level of
    the tree of choices, whose branches may be forks themselves (a reader that resolves conditions descends it)."""
    parts = if_parts(value)
    if parts is None:
        return None
    return Fork(path, parts[0], parts[1], (*path, "Fn::If", 1), parts[2], (*path, "Fn::If", 2))


def branches(value: Any, path: Path) -> Iterator[tuple[Path, Any]]:
    """The flattening of :func:`fork`: ``value`` or, for an ``Fn::If``, every value of its branches, depth first
    (``AWS::NoValue`` included)."""
    split = fork(value, path)
    if split is None:
        yield path, value
    else:
        for where, branch in split.arms():
            yield from branches(branch, where)


def leaves(value: Any, path: Path) -> Iterator[tuple[Path, Mapping[str, Any]]]:
    """The mappings of :func:`branches`: ``AWS::NoValue``, other intrinsics and what is not a mapping are
    skipped."""
    for where, branch in branches(value, path):
        if isinstance(branch, Mapping) and not is_intrinsic(branch):
            yield where, branch


def path_entries(document: Mapping[str, Any], base: Path) -> Iterator[tuple[Path, str, Any]]:
    """(path, path template, value) of every entry of ``document``'s ``paths`` (at ``base`` in its file), in
    document order, before any ``Fn::If`` around a path item is split (see :func:`fork`). A ``paths`` that is not
    a mapping holds none here."""
    paths = document.get("paths")
    if not isinstance(paths, Mapping) or is_intrinsic(paths):
        return
    for template, value in paths.items():
        yield (*base, "paths", key_text(template)), str(template), value


def path_items(document: Mapping[str, Any], base: Path) -> Iterator[tuple[Path, str, Mapping[str, Any]]]:
    """(path, path template, path item) of every path item of ``document`` (at ``base`` in its file), each
    branch of an ``Fn::If`` around one (the :func:`leaves` of :func:`path_entries`), in document order."""
    for where, template, value in path_entries(document, base):
        for item_path, item in leaves(value, where):
            yield item_path, template, item


def item_operations(item_path: Path, template: str, item: Mapping[str, Any]) -> Iterator[Operation]:
    """The operations of one path item (through ``Fn::If`` operations), in :data:`~.names.VERBS` order."""
    for key in VERBS:
        if key in item:
            for where, operation in leaves(item[key], (*item_path, key)):
                yield Operation(where, template, item, operation, key)


def operations(document: Mapping[str, Any], base: Path) -> Iterator[Operation]:
    """Every operation of ``document`` (at ``base`` in its file): those of each of :func:`path_items`."""
    for item_path, template, item in path_items(document, base):
        yield from item_operations(item_path, template, item)
