"""CloudFormation reader, the ground floor: a template's Resources, choosing the API, and what every part of
the reader needs (is a resource part of the API, where does a ParentId lead, which name does a Ref stand for).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...diagnostics import Report, input_error
from ...intrinsics import if_parts, is_intrinsic, is_mapping, is_no_value
from ...pointer import Path
from ...table_engine import describe, read_value
from ..carry import carried
from ..conditional_items import flattened
from ..names import (
    API,
    CFN_METHOD,
    METHOD,
    RESOURCE_ID_ATTRIBUTE,
    ROOT_RESOURCE_ATTRIBUTE,
    SERVERLESS_API,
    TEXT_VALUE,
    TYPES,
)
from ..refs import getatt_parts, ref_target
from ..walk import TemplateWalk

#: the attribute whose value is the ID a !Ref of the resource gives (a Model has none: its Ref is its name)
ID_ATTRIBUTES = {"authorizer": "AuthorizerId", "validator": "RequestValidatorId"}

ROOT = ""  # the key of the root resource in the tree
ATTRIBUTES = ("DependsOn", "DeletionPolicy", "UpdateReplacePolicy", "Metadata", "Condition")
MODEL_URL_PATTERN = re.compile(r"^https://apigateway\.amazonaws\.com/restapis/[^/]+/models/([^/#]+)(#.*)?$")
SPECS = {spec.neutral: spec for spec in (*METHOD, *API)}


@dataclass

class Template:
    """A template's ``Resources`` and where they lie."""

    doc: Mapping[str, Any]
    resources: Mapping[str, Any]
    base: Path
    conditions: frozenset[str]
    walk: TemplateWalk

    def at(self, logical_id: str, *keys: str | int) -> Path:
        """The path of ``Resources/<logical_id>/<keys...>``."""
        return (*self.base, logical_id, *keys)

    def props(self, logical_id: str) -> Mapping[str, Any]:
        """A resource's Properties (empty when absent)."""
        props = self.resources[logical_id].get("Properties")
        return props if is_mapping(props) else {}

    def of_type(self, *types: str) -> list[str]:
        """The logical IDs of the resources of these types, in template order."""
        return [resource.lid for resource in self.walk.of_type(*types)]


def open_template(template: Any) -> Template:
    """Check the template's outline (a mapping with a Resources mapping) and find its Resources."""
    if not isinstance(template, Mapping):
        raise input_error("invalid-document", (), f"a template is a mapping, got {describe(template)}")
    walk = TemplateWalk(template)
    for where, expected, value in walk.unread():  # a Resources that is not a mapping first
        raise input_error("invalid-type", where, f"{expected}, got {describe(value)}")
    for section in ("Parameters", "Conditions", "Mappings", "Outputs"):
        value = template.get(section)
        if value is not None and not isinstance(value, Mapping):
            raise input_error("invalid-type", (section,), f"{section} must be a mapping, got {describe(value)}")
    conditions = template.get("Conditions")
    names = frozenset(str(k) for k in conditions) if isinstance(conditions, Mapping) else frozenset()
    return Template(template, walk.resources, walk.base, names, walk)


def choose_api(t: Template, api: str | None, types: tuple[str, ...], report: Report) -> tuple[str, bool]:
    """The API's logical ID, and whether it lies outside the template (Serverless Framework)."""
    candidates = t.of_type(*types)
    if api is not None:
        if not isinstance(api, str):
            raise input_error("invalid-argument", (), f"api must be a logical ID string, got {describe(api)}")
        if api in candidates:
            return api, False
        if api not in t.resources and api in _external_targets(t):
            report.add("external-rest-api", t.base, f"{api!r} is not defined in this template")
            return api, True
        raise input_error("no-api", t.base, f"{api!r} is not one of this template's APIs "
                          f"({', '.join(candidates) or 'none'}; types {', '.join(types)})")
    if len(candidates) == 1:
        return candidates[0], False
    if candidates:
        raise input_error("several-apis", t.base, f"the template holds several APIs ({', '.join(candidates)}); "
                          "pass api=<logical ID> to choose one")
    external = sorted(_external_targets(t))
    if len(external) == 1:
        report.add("external-rest-api", t.base, f"{external[0]!r} is not defined in this template")
        return external[0], True
    serverless = [] if SERVERLESS_API in types else t.of_type(SERVERLESS_API)
    raise input_error("no-api", t.base, f"the template holds no {' or '.join(types)}"
                      + (f" (its methods refer to {', '.join(external)})" if external else "")
                      + (f"; {', '.join(serverless)} is an {SERVERLESS_API}, whose document SAM keeps in its "
                         "DefinitionBody or makes from function events" if serverless else ""))


def _external_targets(t: Template) -> set[str]:
    targets = set()
    for lid in t.of_type(TYPES["method"], TYPES["resource"]):
        target = ref_target(t.props(lid).get(CFN_METHOD.rest_api))
        if target is not None and target not in t.resources and not target.startswith("AWS::"):
            targets.add(target)
    return targets



class ReadContext:
    """What the readers of one template's API share: the template, the API, the report, what has been read so
    far (names, the carried overlay, the resources that belong to the API), and the small helpers on them."""

    def __init__(self, t: Template, api_id: str, report: Report) -> None:
        self.t, self.api_id, self.report = t, api_id, report
        self.api_condition = t.resources.get(api_id, {}).get("Condition")
        self.names: dict[str, dict[str, str]] = {"model": {}, "authorizer": {}, "validator": {}}
        self.overlay: dict[str, Any] | None = None
        self.internal: dict[str, str] = {}  # logical ID -> type of the resources that become the document

    # --- membership and references -------------------------------------------------------------------
    def belongs(self, lid: str) -> bool:
        """Whether resource ``lid`` refers to this API in its RestApiId."""
        raw = self.t.resources[lid].get("Properties")
        if is_intrinsic(raw):  # Fn::If around all the properties: which API, path or verb cannot be known
            self.report.add("structural-intrinsic", self.t.at(lid, "Properties"), "the Properties of "
                            f"{lid} are given as an intrinsic function; the resource was left out")
            return False
        props = self.t.props(lid)
        value = props.get(CFN_METHOD.rest_api)
        if ref_target(value) == self.api_id:
            return True
        if value is None and props.get(RESOURCE_ID_ATTRIBUTE) == self.api_id:
            value, key = self.api_id, RESOURCE_ID_ATTRIBUTE
        else:
            key = CFN_METHOD.rest_api
        if value == self.api_id:
            self.report.add("plain-logical-id", self.t.at(lid, "Properties", key),
                            f"{self.api_id!r} is a plain string; read as !Ref {self.api_id}")
            return True
        if value is not None and ref_target(value) not in self.t.resources:
            self.report.add("not-in-api", self.t.at(lid, "Properties", CFN_METHOD.rest_api))
        return False

    def node(self, value: Any, where: Path, nodes: Mapping[str, Any]) -> str | None:
        """The resource (or ROOT) a ParentId / ResourceId value leads to; ``None`` (reported) if none."""
        parts = getatt_parts(value)
        if parts == (self.api_id, ROOT_RESOURCE_ATTRIBUTE):
            return ROOT
        if parts and parts[1] == RESOURCE_ID_ATTRIBUTE and parts[0] in nodes:
            return parts[0]
        target = ref_target(value)
        if target in nodes:
            return target
        if isinstance(value, str) and value in nodes:
            self.report.add("plain-logical-id", where, f"{value!r} is a plain string; read as !Ref {value}")
            return value
        self.report.add("unresolved-resource", where, f"{describe(value) if not is_intrinsic(value) else value!r}"
                        " does not lead to a resource of this API; left out")
        return None

    def named(self, kind: str, value: Any, where: Path) -> Any:
        """The name behind ``!Ref <Authorizer|RequestValidator|Model>``; literals pass, others are kept. An
        ``Fn::If`` whose branches name the same thing is that name (one of ``AWS::NoValue`` only stays)."""
        parts = if_parts(value)
        if parts is not None:
            condition, first, second = parts
            branches = {"Fn::If": [condition, self.named(kind, first, (*where, "Fn::If", 1)),
                                   self.named(kind, second, (*where, "Fn::If", 2))]}
            single = flattened(branches)
            return branches if is_no_value(single) else single
        target = ref_target(value)
        if target is None:  # !GetAtt Auth.AuthorizerId, !GetAtt Validator.RequestValidatorId: the same ID
            getatt = getatt_parts(value)
            target = getatt[0] if getatt is not None and getatt[1] == ID_ATTRIBUTES.get(kind) else None
        if target is not None and target in self.names[kind]:
            return self.names[kind][target]
        return read_value(TEXT_VALUE, value, where, "cfn", self.report)

    def attributes(self, lid: str, *, keep: tuple[str, ...] = ()) -> dict[str, Any] | None:
        """Report the resource attributes OpenAPI cannot hold; return the carried Metadata overlay."""
        res = self.t.resources[lid]
        overlay, _ = carried(res.get("Metadata"))
        for key in ATTRIBUTES:
            if key in keep or key not in res:
                continue
            if key == "Metadata":
                _, rest = carried(res[key])
                if not rest:
                    continue
            if key == "Condition" and res[key] == self.api_condition:
                continue
            self.report.add("template-attribute-dropped", self.t.at(lid, key), f"{key} of {lid} has no OpenAPI home")
        return overlay

    def condition(self, lid: str) -> str | None:
        """A resource's own Condition, unless the whole API has the same one."""
        cond = self.t.resources[lid].get("Condition")
        if not isinstance(cond, str) or cond == self.api_condition:
            return None
        if cond not in self.t.conditions:
            self.report.add("undefined-condition", self.t.at(lid, "Condition"), f"condition {cond!r} is not defined")
        return cond

    # --- the API itself ------------------------------------------------------------------------------
