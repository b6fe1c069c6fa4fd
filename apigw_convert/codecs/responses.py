"""The one shape difference between the dialects: integration responses, read and written by the general path.

CloudFormation lists them (``IntegrationResponses``, each with an optional ``SelectionPattern``); OpenAPI maps
selection pattern -> response (``responses``, ``"default"`` for none). Both codecs read into the same neutral
list, order preserved. The shape rules (a map key and its pattern, which keys are a duplicate, what a map
cannot hold) are :mod:`.shape`'s; here each broken rule becomes its diagnostic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from ..diagnostics import Report, input_error
from ..fields import INTEGRATION_FIELDS, RESPONSE_FIELDS, Dialect, Kind
from ..intrinsics import is_intrinsic, is_mapping, is_no_value
from ..nodes import ConditionalResponse, ConditionalResponses, IntegrationResponse
from ..pointer import Path
from ..table_engine import (
    Errors,
    branches,
    describe,
    node_path,
    read_conditional,
    read_object,
    source_dialect,
    text_items,
    write_conditional,
    write_object,
)
from .shape import PATTERN_KEY, duplicate, is_a_function, map_key, pattern_of


def read_response(value: Any, path: Path, report: Report, dialect: Dialect, **known: Any) -> IntegrationResponse:
    """One integration response object."""
    if not is_mapping(value):
        raise input_error("invalid-type", path, f"expected an integration response mapping, got {describe(value)}")
    if dialect == "openapi" and "selectionPattern" in value:
        report.add("ignored-selection-pattern-field", (*path, "selectionPattern"))
        value = {k: v for k, v in value.items() if k != "selectionPattern"}
    return read_object(value, RESPONSE_FIELDS, IntegrationResponse, dialect, path, report, **known)


def _item(value: Any, path: Path, report: Report, dialect: Dialect, **known: Any) -> Any:
    def read(v: Any, p: Path, r: Report) -> IntegrationResponse:
        return read_response(v, p, r, dialect, **known)

    item = read_conditional(value, path, report, read, ConditionalResponse)
    for leaf in branches(item):
        if not isinstance(leaf, BaseModel) and not is_no_value(leaf):
            report.add("opaque-response", path)
    return item


def read_list(value: Any, path: Path, report: Report) -> Any:
    """CloudFormation ``IntegrationResponses`` (a list, an ``Fn::If`` of lists, or another intrinsic)."""
    def read(v: Any, p: Path, r: Report) -> list[Any]:
        if not isinstance(v, list):
            raise input_error("invalid-type", p, f"expected a list of integration responses, got {describe(v)}")
        items = []
        errors = Errors()
        for i, item in enumerate(v):
            with errors:
                items.append(_item(item, (*p, i), r, "cfn"))
        errors.raise_any()
        return [item for item in items if not is_intrinsic(item) or is_no_value(item)]

    return read_conditional(value, path, report, read, ConditionalResponses)


def read_map(value: Any, path: Path, report: Report) -> Any:
    """OpenAPI ``responses`` (a map keyed by selection pattern, an ``Fn::If`` of maps, or an intrinsic)."""
    def read(v: Any, p: Path, r: Report) -> list[Any]:
        if not is_mapping(v):
            raise input_error("invalid-type", p, f"expected a mapping of selection pattern to integration "
                              f"response, got {describe(v)}")
        items = []
        errors = Errors()
        seen: dict[str | None, str] = {}  # each selection pattern -> the key that gave it
        for pattern, response in text_items(v, p):
            selection = pattern_of(pattern)
            if selection in seen:
                r.add(duplicate(map_key(selection)[0]), (*p, pattern), f"{seen[selection]!r} and {pattern!r} "
                      f"both mean {_meaning(selection)}; this one was dropped")
                continue
            seen[selection] = pattern
            with errors:
                item = _item(response, (*p, pattern), r, "openapi", selection_pattern=selection)
                if is_no_value(item):  # CloudFormation removes the key: there is no such response
                    r.add("no-value-response", (*p, pattern), f"the response for {pattern!r} is AWS::NoValue")
                    continue
                items.append(item)
        errors.raise_any()
        return [item for item in items if not is_intrinsic(item)]

    if is_a_function(value):
        return read_conditional(value, path, report, read, ConditionalResponses)
    return read(value, path, report)


def _meaning(pattern: str | None) -> str:
    """What a key says, in messages."""
    return "no selection pattern" if pattern is None else f"the pattern {pattern!r}"


_RESPONSES_FIELD = next(spec for spec in INTEGRATION_FIELDS if spec.kind is Kind.RESPONSES)


def _opaque_across(value: Any, report: Report, owner: BaseModel, target: Dialect) -> None:
    source = source_dialect(owner)
    if is_mapping(value) and source is not None and source != target:
        report.add("opaque-responses", (*node_path(owner), _RESPONSES_FIELD.names[source]))


def _response_writer(dialect: Dialect) -> Callable[[IntegrationResponse, Report], dict[str, Any]]:
    def write_one(response: IntegrationResponse, report: Report) -> dict[str, Any]:
        return write_object(response, RESPONSE_FIELDS, dialect, report)
    return write_one


_WRITE_ONE = {"cfn": _response_writer("cfn"), "openapi": _response_writer("openapi")}


def write_list(value: Any, report: Report, owner: BaseModel) -> Any:
    """The neutral responses as a CloudFormation list."""
    _opaque_across(value, report, owner, "cfn")

    def write(items: list[Any], r: Report) -> list[Any]:
        return [write_conditional(item, r, _WRITE_ONE["cfn"]) for item in items]

    return write_conditional(value, report, write)


def _key(item: Any, report: Report) -> str | None:
    """The OpenAPI responses key of one neutral item, or None when it cannot have one (reported)."""
    leaves = [leaf for leaf in branches(item) if isinstance(leaf, IntegrationResponse)]
    patterns = [leaf.selection_pattern for leaf in leaves]
    if len({repr(p) for p in patterns}) > 1:
        report.add("conditional-pattern-mismatch", node_path(item),
                   f"branch patterns {patterns!r} differ; the first is used as the key")
    pattern = patterns[0] if patterns else None
    if pattern is not None and not isinstance(pattern, str):
        report.add("intrinsic-selection-pattern", (*node_path(leaves[0]), PATTERN_KEY))
        return None
    key, note = map_key(pattern)
    if note is not None:
        report.add(note, (*node_path(leaves[0]), PATTERN_KEY))
    return key


def write_map(value: Any, report: Report, owner: BaseModel) -> Any:
    """The neutral responses as an OpenAPI map keyed by selection pattern."""
    _opaque_across(value, report, owner, "openapi")

    def write(items: list[Any], r: Report) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for item in items:
            if is_no_value(item):
                continue  # {Ref: AWS::NoValue}: CloudFormation removes the item; a map has no key for it
            key = _key(item, r)
            if key is None:
                continue
            if key in out:
                r.add(duplicate(key), node_path(item), f"another integration response already has "
                      f"{_meaning(pattern_of(key))}; this one was dropped")
                continue
            out[key] = write_conditional(item, r, _WRITE_ONE["openapi"])
        if is_a_function(out):
            r.add("ambiguous-selection-pattern", node_path(items[-1]), f"the only selection pattern is {key!r}, "
                  "and its response is an intrinsic function: the map would read as one; it was left out")
            return {}
        return out

    return write_conditional(value, report, write)
