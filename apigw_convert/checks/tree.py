"""Checks of the API as a whole: the resource tree, and ``Fn::Sub`` strings anywhere in the input."""

from __future__ import annotations

import io
import json
import pickle
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..intrinsics import SCALARS, is_mapping
from ..pointer import Path
from ..resource_paths import repeated_variable
from ..resource_types import RESOURCE
from .context import Finding

if TYPE_CHECKING:  # validate of an integration walks no document
    from ..documents.walk import TemplateWalk

_VARIABLE_SEGMENT = re.compile(r"\{[^{}/]+\}")
_STAGE_VARIABLE = re.compile(r"\$\{\s*stageVariables\.[^}]*\}")


def path_variables(path: str) -> list[str]:
    """The variable names of an OpenAPI path template: ``/pets/{id}/{proxy+}`` -> ``id``, ``proxy+``."""
    return [segment[1:-1] for segment in path.split("/") if _is_variable(segment)]


def _is_variable(segment: Any) -> bool:
    return isinstance(segment, str) and bool(_VARIABLE_SEGMENT.fullmatch(segment))


def _siblings(children: list[tuple[Any, Any, Path]]) -> Iterator[Finding]:
    """``children`` are (parent key, segment, path); report the second distinct variable of one parent."""
    first: dict[Any, str] = {}
    for parent, segment, where in children:
        if not _is_variable(segment):
            continue
        seen = first.setdefault(parent, segment)
        if seen != segment:
            yield "variable-siblings", where, f"{segment} and {seen} are variable siblings under one parent"


def template_tree(walk: TemplateWalk, resolved: list[tuple[Path, str, str | None]]) -> Iterator[Finding]:
    """The ``AWS::ApiGateway::Resource`` tree as conversion builds it, however each ``ParentId`` is spelled
    (``resolved``: :attr:`~apigw_convert.checks.api.TemplateApis.resolved`): variable siblings and repeated
    variables."""
    yield from template_siblings(walk, resolved)
    yield from template_repeated_variables(resolved)


def template_siblings(walk: TemplateWalk, resolved: Iterable[tuple[Path, str, str | None]]) -> Iterator[Finding]:
    """``AWS::ApiGateway::Resource`` path parts: one variable child per parent. The parent is the one conversion
    resolves (its API and full path, from ``resolved``); a resource whose chain leads nowhere is grouped by its
    ``RestApiId`` and ``ParentId`` as written."""
    paths: dict[Path, tuple[str | None, str]] = {}
    for where, path, api in resolved:
        paths.setdefault(where, (api, path))
    children = []
    for resource in walk.of_type(RESOURCE):
        properties = resource.properties
        if properties is None:
            continue
        part, found = properties.get("PathPart"), paths.get(resource.path)
        parent: Any
        if found is not None and isinstance(part, str):
            api, path = found
            parent = (api, path[: len(path) - len(part) - 1] or "/")
        else:
            parent = json.dumps([properties.get("RestApiId"), properties.get("ParentId")], sort_keys=True, default=str)
        children.append((parent, part, resource.at("PathPart")))
    yield from _siblings(children)


def openapi_siblings(paths: Mapping[str, Any], base: Path) -> Iterator[Finding]:
    """OpenAPI path templates: one variable segment per parent path."""
    children = []
    for path in paths:
        if not isinstance(path, str):
            continue
        segments = [segment for segment in path.split("/") if segment]
        for depth, segment in enumerate(segments):
            children.append(("/".join(segments[:depth]), segment, (*base, path)))
    reported: set[Path] = set()
    for finding in _siblings(children):
        if finding[1] not in reported:  # one report per path
            reported.add(finding[1])
            yield finding


def openapi_repeated_variables(paths: Mapping[str, Any], base: Path) -> Iterator[Finding]:
    """No OpenAPI path names one variable twice."""
    for path in paths:
        repeated = repeated_variable(path) if isinstance(path, str) else None
        if repeated is not None:
            yield "duplicate-path-variable", (*base, path), f"{path} names the variable {repeated} twice"


def template_repeated_variables(resolved: Iterable[tuple[Path, str, str | None]]) -> Iterator[Finding]:
    """No ``AWS::ApiGateway::Resource`` names one variable twice in the full path conversion gives it."""
    for where, path, _ in resolved:
        repeated = repeated_variable(path)
        if repeated is not None:
            yield "duplicate-path-variable", (*where, "Properties", "PathPart"), f"{path} names the variable " \
                f"{repeated} twice"




class _PlainPickler(pickle.Pickler):
    """Pickles plain data only: pickle calls ``reducer_override`` for any object that is not an exact ``str``,
    ``dict``, ``list``, number, ``None``... (a subclass, a custom mapping), and this one refuses it."""

    def reducer_override(self, obj: Any) -> Any:
        raise pickle.PicklingError(type(obj).__name__)


def _may_mention_stage_variables(value: Any) -> bool:
    """False when no string in ``value`` contains ``stageVariables``: one pass of the C pickler (which writes
    every string's UTF-8 whole, 3x faster than the JSON encoder) for plain data, else of the C JSON encoder."""
    out = io.BytesIO()
    try:
        _PlainPickler(out, 3).dump(value)  # 3: no framing, each string written in one piece
    except (pickle.PicklingError, TypeError, ValueError, RecursionError):
        pass
    else:
        return b"stageVariables" in out.getvalue()
    try:
        return "stageVariables" in json.dumps(value, default=repr, check_circular=False)
    except (TypeError, ValueError, RecursionError):  # keys json cannot write, or nesting too deep: walk it
        return True


def stage_variables_in_sub(value: Any, path: Path) -> Iterator[Finding]:
    """Every ``Fn::Sub`` template below ``value`` escapes stage variables as ``${!stageVariables.x}``."""
    if not _may_mention_stage_variables(value):
        return
    # Paths are kept as parent links and built only for a finding: deep input stays linear.
    Link = tuple[Any, str | int] | None
    stack: list[tuple[Any, Link]] = [(value, None)]
    while stack:  # scalars hold no Fn::Sub: they are not pushed
        node, link = stack.pop()
        if is_mapping(node):
            if "Fn::Sub" in node:
                yield from _sub(node["Fn::Sub"], path, (link, "Fn::Sub"))
            stack.extend(reversed([(item, (link, key)) for key, item in node.items()
                                   if item.__class__ not in SCALARS]))
        elif isinstance(node, list):
            stack.extend(reversed([(item, (link, i)) for i, item in enumerate(node) if item.__class__ not in SCALARS]))


def _unlink(link: Any) -> Path:
    tokens: list[str | int] = []
    while link is not None:
        link, token = link
        tokens.append(token)
    return tuple(reversed(tokens))


def _sub(args: Any, base: Path, link: Any) -> Iterator[Finding]:
    template, variables = (args[0], args[1] if len(args) > 1 else {}) if isinstance(args, list) and args else (args, {})
    if not isinstance(template, str):
        return
    for match in _STAGE_VARIABLE.finditer(template):
        name = match.group()[2:-1].strip()
        if not (isinstance(variables, Mapping) and name in variables):
            where = (*base, *_unlink(link), *((0,) if isinstance(args, list) else ()))
            yield ("stage-variable-in-sub", where,
                   f"{match.group()} inside Fn::Sub; write ${{!{name}}} so CloudFormation leaves it to API Gateway")
