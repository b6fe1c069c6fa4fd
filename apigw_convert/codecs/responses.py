"""The one shape difference between the dialects: integration responses.

CloudFormation lists them (``IntegrationResponses``, each with an optional ``SelectionPattern``); OpenAPI maps
selection pattern -> response (``responses``, ``"default"`` for none). Both codecs read into the same neutral
list, order preserved; the rules for what a map cannot hold live here, next to each other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from ..diagnostics import CodeName, Report, input_error
from ..fields import RESPONSE_FIELDS, Dialect
from ..intrinsics import is_intrinsic, is_mapping, is_no_value, names_like_an_intrinsic
from ..kinds import DEFAULT_RESPONSE_KEY, PATTERN
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

LITERAL_DEFAULT_REWRITE = "(default)"  # matches exactly what the pattern 'default' matches


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
        default: str | None = None  # the key that said "no selection pattern"
        for pattern, response in text_items(v, p):
            selection = PATTERN.from_key(pattern)
            if selection is None:
                if default is not None:
                    r.add("duplicate-default-response", (*p, pattern), f"{default!r} and {pattern!r} both mean "
                          "'no selection pattern'; this one was dropped")
                    continue
                default = pattern
            with errors:
                item = _item(response, (*p, pattern), r, "openapi", selection_pattern=selection)
                if is_no_value(item):  # CloudFormation removes the key: there is no such response
                    r.add("no-value-response", (*p, pattern), f"the response for {pattern!r} is AWS::NoValue")
                    continue
                items.append(item)
        errors.raise_any()
        return [item for item in items if not is_intrinsic(item)]

    if names_like_an_intrinsic(value):
        return read(value, path, report)
    return read_conditional(value, path, report, read, ConditionalResponses)


def _opaque_across(value: Any, report: Report, owner: BaseModel, target: Dialect) -> None:
    if is_mapping(value) and source_dialect(owner) not in (None, target):
        source_key = "IntegrationResponses" if target == "openapi" else "responses"
        report.add("opaque-responses", (*node_path(owner), source_key))


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
    if pattern is None:
        return PATTERN.to_key(pattern)
    if not isinstance(pattern, str):
        report.add("intrinsic-selection-pattern", (*node_path(leaves[0]), "SelectionPattern"))
        return None
    if pattern == DEFAULT_RESPONSE_KEY:
        report.add("literal-default-pattern", (*node_path(leaves[0]), "SelectionPattern"))
        return LITERAL_DEFAULT_REWRITE
    return pattern


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
                none = key == DEFAULT_RESPONSE_KEY
                code: CodeName = "duplicate-default-response" if none else "duplicate-selection-pattern"
                r.add(code, node_path(item), f"another integration response already has "
                      f"{'no selection pattern' if none else f'the pattern {key!r}'}; "
                      "this one was dropped")
                continue
            out[key] = write_conditional(item, r, _WRITE_ONE["openapi"])
        if len(out) == 1 and is_intrinsic(out) and not names_like_an_intrinsic(out):
            r.add("ambiguous-selection-pattern", node_path(items[-1]), f"the only selection pattern is {key!r}, "
                  "and its response is an intrinsic function: the map would read as one; it was left out")
            return {}
        return out

    return write_conditional(value, report, write)
