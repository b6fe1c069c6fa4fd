"""Embedding a REST API's OpenAPI document in its RestApi, and taking it out again.

``embed``: the API's Resource / Method / Model / Authorizer / RequestValidator / GatewayResponse resources
become the RestApi's ``Body``; they are removed, and everything else in the template that pointed at them is
rewritten or reported: ``DependsOn`` moves to the RestApi (or goes where a ``Ref`` of it already orders the
resource), ``Ref`` to a Model becomes the model's name, any
other ``Ref`` / ``Fn::GetAtt`` / ``${...}`` is reported (``dangling-reference``). Intrinsics inside the document
stay as they are; CloudFormation resolves them inside ``Body``.

``unembed``: the inline document of an ``AWS::ApiGateway::RestApi`` ``Body`` or an ``AWS::Serverless::Api``
``DefinitionBody`` becomes resources; a Serverless::Api becomes an ``AWS::ApiGateway::RestApi`` of the same
logical ID (so every ``Ref`` keeps working), its SAM-only properties reported. Deployments of the API get a
``DependsOn`` on the new methods (a deployment of an API without methods fails).

``Fn::Transform`` ``AWS::Include`` locations are reported, never fetched.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..diagnostics import Report, input_error
from ..intrinsics import is_intrinsic, plain
from ..pointer import Path
from ..policy import Converted
from .cfn.reader import Template, choose_api, open_template, read_template, sam_endpoint
from .cfn.writer import TemplateWriter
from .names import (
    APIS,
    CARRY_KEY,
    CFN_API,
    CFN_COMMON,
    CFN_ENTRY,
    CFN_METHOD,
    CFN_TEMPLATE,
    DEPLOYMENT,
    REST_API_ID_ATTRIBUTE,
    RESTAPI,
    ROOT_RESOURCE_ATTRIBUTE,
    SAM_API_EVENT,
    SAM_BODY,
    SAM_EVENTS,
    SAM_TO_RESTAPI,
    SERVERLESS_API,
    SERVERLESS_FUNCTION,
    STRING_PARAMETER,
    SWAGGER_KEY,
    TYPES,
    VERSION_KEY,
)
from .openapi.reader import read_openapi
from .openapi.writer import write_openapi
from .outer import outer_references
from .pipeline import check_version, copy_template, names_of
from .refs import getatt_parts, point_away, ref_target, sub_variables, walk_intrinsics, wrap_pseudo

ATTRIBUTES = (CFN_ENTRY.condition, CFN_ENTRY.depends_on, CFN_ENTRY.deletion_policy, CFN_ENTRY.update_replace_policy)
PROPERTIES, METADATA, DEPENDS_ON = CFN_ENTRY.properties, CFN_ENTRY.metadata, CFN_ENTRY.depends_on


def _body_key(resource: Mapping[str, Any]) -> str:
    return CFN_API.body if resource.get(CFN_ENTRY.type) == RESTAPI else SAM_BODY


def _includes(template: Any, report: Report, base: Path = ()) -> None:
    """Report every AWS::Include transform: what it inserts is not converted."""
    for where, name, args in walk_intrinsics(template, base):
        if name == "Fn::Transform" and isinstance(args, Mapping) and args.get("Name") == "AWS::Include":
            params = args.get("Parameters")
            location = params.get("Location") if isinstance(params, Mapping) else None
            report.add("body-not-inline", where, f"AWS::Include of {plain(location)!r}: reported, not fetched")


def unembed(template: Any, api: str | None) -> Converted[dict[str, Any]]:
    """The inline document of one API as resources."""
    report = Report()
    t = open_template(template)
    api_id, external = choose_api(t, api, APIS, report)
    if external:
        raise input_error("no-api", t.base, f"{api_id!r} is not defined in this template; nothing to unembed")
    resource = t.resources[api_id]
    key = _body_key(resource)
    props = t.props(api_id)
    body = props.get(key)
    out = copy_template(t.doc)
    if not isinstance(body, Mapping) or is_intrinsic(body):
        _includes(body, report, t.at(api_id, PROPERTIES, key))
        if body is None:
            report.add("body-not-inline", t.at(api_id, PROPERTIES), f"{api_id} has no {key}; nothing to unembed")
        elif not report.diagnostics:
            report.add("body-not-inline", t.at(api_id, PROPERTIES, key),
                       f"{key} is not an inline document; nothing to unembed")
        return out, report.diagnostics
    neutral = read_openapi(body, t.at(api_id, PROPERTIES, key), report)
    neutral.logical_id = api_id
    resources = _resources_of(out, t)
    taken = set(names_of(t.doc, CFN_TEMPLATE.parameters)) | set(t.resources)
    writer = TemplateWriter(neutral, api_id, report, taken - {api_id})
    new_api = _rest_api(resource, writer, t, api_id, report)
    if resource.get(CFN_ENTRY.type) == SERVERLESS_API:
        _sam_references(t, api_id, report)
    if SWAGGER_KEY in body:  # embed writes this version back unless told otherwise
        new_api.setdefault(METADATA, {}).setdefault(CARRY_KEY, {})[VERSION_KEY] = "2.0"
    resources[api_id] = new_api
    generated = writer.resources()
    resources.update(generated)
    methods = [lid for lid, res in generated.items() if res[CFN_ENTRY.type] == TYPES["method"]]
    _deployments(resources, api_id, methods, t, report)
    needed = outer_references(body, t.at(api_id, PROPERTIES, key),
                              [*t.resources, *names_of(t.doc, CFN_TEMPLATE.parameters), *generated],
                              names_of(t.doc, CFN_TEMPLATE.conditions), names_of(t.doc, CFN_TEMPLATE.mappings), report,
                              written={api_id: new_api, **generated})
    _derived_conditions(out, neutral.derived_conditions, t.at(api_id, PROPERTIES, key), report)
    if needed:
        if not isinstance(out.get(CFN_TEMPLATE.parameters), dict):
            out[CFN_TEMPLATE.parameters] = {}
        params = out[CFN_TEMPLATE.parameters]
        for name in sorted(needed):
            params.setdefault(name, dict(STRING_PARAMETER))
    return out, report.diagnostics


def _derived_conditions(out: dict[str, Any], derived: Mapping[str, Any], where: Path, report: Report) -> None:
    """Add the conditions the document's nested ``Fn::If`` made (``CAndD``, ``NotC``) to the template."""
    if not derived:
        return
    if not isinstance(out.get(CFN_TEMPLATE.conditions), dict):
        out[CFN_TEMPLATE.conditions] = {}
    for name, definition in derived.items():
        existing = out[CFN_TEMPLATE.conditions].setdefault(name, plain(definition))
        if existing != definition:
            report.add("conditional-unsupported", where, f"the template's condition {name!r} is not the "
                       f"{plain(definition)!r} the nested Fn::If needs; the operations under it use the template's")


def recorded_version(resource: Any) -> str:
    """The OpenAPI version unembed recorded in a RestApi's ``Metadata`` (``"3.0"`` when none)."""
    metadata = resource.get(METADATA) if isinstance(resource, Mapping) else None
    carried = metadata.get(CARRY_KEY) if isinstance(metadata, Mapping) else None
    return "2.0" if isinstance(carried, Mapping) and carried.get(VERSION_KEY) == "2.0" else "3.0"


def _resources_of(out: dict[str, Any], t: Template) -> dict[str, Any]:
    node: Any = out
    for token in t.base:
        node = node[token]
    return node  # type: ignore[no-any-return]


def _rest_api(resource: Mapping[str, Any], writer: TemplateWriter, t: Template, api_id: str,
              report: Report) -> dict[str, Any]:
    """The API resource without its document: a RestApi whose properties say what the document said."""
    props = t.props(api_id)
    key = _body_key(resource)
    if resource.get(CFN_ENTRY.type) == SERVERLESS_API:
        kept = {}
        for name, value in props.items():
            if name == key:
                continue
            if name in SAM_TO_RESTAPI:
                kept[SAM_TO_RESTAPI[name]] = plain(value)
            else:
                report.add("sam-property-dropped", t.at(api_id, PROPERTIES, name),
                           f"{name} of AWS::Serverless::Api has no AWS::ApiGateway::RestApi equivalent; left out")
        if CFN_API.endpoint_configuration in kept:
            kept[CFN_API.endpoint_configuration] = sam_endpoint(kept[CFN_API.endpoint_configuration])
    else:
        kept = {name: plain(value) for name, value in props.items() if name != key}
    generated = writer.rest_api_properties()
    properties = {**generated, **kept}  # the resource's own properties win over the document's, key by key
    for name, value in kept.items():
        if isinstance(value, dict) and isinstance(generated.get(name), dict) and not is_intrinsic(value):
            properties[name] = {**generated[name], **value}
        elif name in generated and _setting(name, generated[name]) != _setting(name, value):
            report.add("body-value-overridden", t.at(api_id, PROPERTIES, name), f"{name} {value!r} replaces "
                       f"the {key}'s {generated[name]!r}")
    new = {}
    for name, value in resource.items():
        if name in ATTRIBUTES:
            new[name] = plain(value)
        elif name not in (CFN_ENTRY.type, PROPERTIES, METADATA):
            report.add("sam-property-dropped", t.at(api_id, name), f"{name} is not a resource attribute; left out")
    new[CFN_ENTRY.type] = RESTAPI
    new[PROPERTIES] = properties
    metadata = dict(resource.get(METADATA) or {}) if isinstance(resource.get(METADATA), Mapping) else {}
    metadata.update(writer.rest_api_resource().get(METADATA, {}))
    if metadata:
        new[METADATA] = plain(metadata)
    return new


def _setting(name: str, value: Any) -> Any:
    """A RestApi property value as API Gateway reads it: BinaryMediaTypes may escape '/' as '~1' or not."""
    if name == CFN_API.binary_media_types and isinstance(value, list):
        return [item.replace("~1", "/") if isinstance(item, str) else item for item in value]
    return value


def _sam_references(t: Template, api_id: str, report: Report) -> None:
    """What only an AWS::Serverless::Api offers: ``<Api>.Stage`` / ``<Api>.Deployment`` and function events."""
    outputs = t.doc.get(CFN_TEMPLATE.outputs) if isinstance(t.doc.get(CFN_TEMPLATE.outputs), Mapping) else {}
    sections = [(t.at(lid), res) for lid, res in t.resources.items()] + [((CFN_TEMPLATE.outputs,), outputs)]
    for base, node in sections:
        for where, name, args in walk_intrinsics(node, base):
            targets = [args] if name == "Ref" and isinstance(args, str) else []
            if name == "Fn::Sub":
                text = args if isinstance(args, str) else args[0] if isinstance(args, list) and args else ""
                targets = sub_variables(text) if isinstance(text, str) else []
            parts = getatt_parts({name: args}) if name == "Fn::GetAtt" else None
            if parts:
                targets = [".".join(parts)]
            for target in targets:
                head, _, attr = target.partition(".")
                if head == api_id and attr and attr not in (ROOT_RESOURCE_ATTRIBUTE, REST_API_ID_ATTRIBUTE):
                    report.add("dangling-reference", where, f"{target} exists only for an AWS::Serverless::Api")
    for lid in t.of_type(SERVERLESS_FUNCTION):
        events = t.props(lid).get(SAM_EVENTS)
        for event, spec in (events.items() if isinstance(events, Mapping) else ()):
            props = spec.get(PROPERTIES) if isinstance(spec, Mapping) else None
            if (isinstance(props, Mapping) and spec.get(CFN_ENTRY.type) == SAM_API_EVENT
                    and ref_target(props.get(CFN_COMMON.rest_api)) == api_id):
                report.add("dangling-reference", t.at(lid, PROPERTIES, SAM_EVENTS, event, PROPERTIES,
                                                      CFN_COMMON.rest_api),
                           "SAM Api events need an AWS::Serverless::Api; add the route as a Method instead")


def _deployments(resources: dict[str, Any], api_id: str, methods: list[str], t: Template, report: Report) -> None:
    """Deployments of the API depend on its (unconditional, or equally conditional) methods."""
    for lid, res in resources.items():
        if not isinstance(res, dict) or res.get(CFN_ENTRY.type) != DEPLOYMENT or not methods:
            continue
        props = res.get(PROPERTIES)
        if not isinstance(props, Mapping) or ref_target(props.get(CFN_COMMON.rest_api)) != api_id:
            continue
        depends = res.get(DEPENDS_ON, [])
        depends = [depends] if isinstance(depends, str) else list(depends) if isinstance(depends, list) else []
        if not all(isinstance(d, str) for d in depends):
            continue
        condition = res.get(CFN_ENTRY.condition)
        added = [m for m in methods if m not in depends and resources[m].get(CFN_ENTRY.condition) in (None, condition)]
        res[DEPENDS_ON] = [*depends, *added]
        report.add("reference-rewritten", t.at(lid, DEPENDS_ON), f"{lid} now depends on the API's methods")


def embed(template: Any, api: str | None, version: str | None) -> Converted[dict[str, Any]]:
    """The API's resources as the RestApi's Body: OpenAPI ``version``, or (``None``) the version the Body had
    when it was unembedded, else 3.0."""
    report = Report()
    t = open_template(template)
    api_id, external = choose_api(t, api, (RESTAPI,), report)
    version = check_version(version if version is not None else recorded_version(t.resources.get(api_id)))
    if external:
        raise input_error("no-api", t.base, f"{api_id!r} is not defined in this template; nothing to embed into")
    body = t.props(api_id).get(CFN_API.body)
    if body is not None and (not isinstance(body, Mapping) or is_intrinsic(body)):
        _includes(body, report, t.at(api_id, PROPERTIES, CFN_API.body))
        if not report.diagnostics:
            report.add("body-not-inline", t.at(api_id, PROPERTIES, CFN_API.body), "the Body is not inline; "
                       "embedding would replace it")
        return copy_template(t.doc), report.diagnostics
    _, neutral = read_template(template, api_id, report, keep_api_properties=True, types=(RESTAPI,))
    doc = write_openapi(neutral, version, report, api_properties_kept=True)
    removed = {lid: t.resources[lid][CFN_ENTRY.type] for lid in t.of_type(*TYPES.values()) if _member(t, lid, api_id)}
    model_names = {m.logical_id: m.name for m in neutral.models if m.logical_id}
    out = copy_template(t.doc)
    resources = _resources_of(out, t)
    for lid in removed:
        del resources[lid]
    api_res = resources[api_id]
    if not isinstance(api_res.get(PROPERTIES), dict):
        api_res[PROPERTIES] = {}
    props = api_res[PROPERTIES]
    # Inside a template CloudFormation resolves Fn::Sub itself, and cfn-lint (E1029) rejects a plain
    # ${AWS::Region} there: the Body keeps pseudo-parameter strings wrapped, as Method resources do.
    props[CFN_API.body] = wrap_pseudo(doc)
    metadata = api_res.get(METADATA)
    if isinstance(metadata, dict):
        metadata.pop(CARRY_KEY, None)
        if not metadata:
            del api_res[METADATA]
    _rewrite(out, t, removed, api_id, model_names, report)
    _self_references(doc, t.at(api_id, PROPERTIES, CFN_API.body), api_id, report)
    return out, report.diagnostics


def _self_references(doc: Any, base: Path, api_id: str, report: Report) -> None:
    """A Body cannot refer to its own RestApi: CloudFormation would find a circular dependency."""
    for where, name, args in walk_intrinsics(doc, base):
        targets = [args] if name == "Ref" and isinstance(args, str) else []
        if name == "Fn::GetAtt":
            targets = [parts[0]] if (parts := getatt_parts({name: args})) else []
        elif name == "Fn::Sub":
            text = args if isinstance(args, str) else args[0] if isinstance(args, list) and args else ""
            local = args[1] if isinstance(args, list) and len(args) == 2 and isinstance(args[1], Mapping) else {}
            targets = [v.split(".")[0] for v in sub_variables(text) if v not in local] if isinstance(text, str) else []
        if api_id in targets:
            report.add("dangling-reference", where, f"the Body of {api_id} refers to {api_id} itself (a circular "
                       "dependency); write the value without it")


def _member(t: Template, lid: str, api_id: str) -> bool:
    props = t.props(lid)
    value = props.get(CFN_COMMON.rest_api)
    if value is None:
        value = props.get(CFN_METHOD.resource)
    return ref_target(value) == api_id or value == api_id


def _refers_to(resource: Mapping[str, Any], target: str) -> bool:
    """Whether a property of ``resource`` is a ``Ref`` or ``Fn::GetAtt`` of ``target``: a dependency CloudFormation
    enforces without ``DependsOn`` (cfn-lint W3005 calls the ``DependsOn`` redundant)."""
    props = resource.get("Properties")
    return isinstance(props, Mapping) and any(
        ref_target(value) == target or (getatt_parts(value) or ("",))[0] == target for value in props.values())


def _rewrite(out: dict[str, Any], t: Template, removed: Mapping[str, str], api_id: str,
             model_names: Mapping[str, Any], report: Report) -> None:
    """Point the rest of the template away from the removed resources."""
    resources = _resources_of(out, t)
    for lid, res in resources.items():
        if not isinstance(res, dict):
            continue
        depends = res.get(DEPENDS_ON)
        if isinstance(depends, str) or (isinstance(depends, list) and all(isinstance(d, str) for d in depends)):
            items = [depends] if isinstance(depends, str) else list(depends)
            if any(d in removed for d in items):
                kept = list(dict.fromkeys(api_id if d in removed else d for d in items if lid != api_id or
                                          d not in removed))
                implied = api_id in kept and _refers_to(res, api_id)
                kept = [d for d in kept if d != lid and not (d == api_id and implied)]
                report.add("reference-rewritten", t.at(lid, DEPENDS_ON), "DependsOn on embedded resources "
                           + (f"left out: {lid} refers to {api_id}, which holds them" if implied
                              else f"now points at {api_id}"))
                if kept:
                    res[DEPENDS_ON] = kept if len(kept) > 1 or not isinstance(depends, str) else kept[0]
                else:
                    del res[DEPENDS_ON]
    for section in (CFN_TEMPLATE.resources, CFN_TEMPLATE.outputs, CFN_TEMPLATE.conditions):
        node = resources if section == CFN_TEMPLATE.resources else out.get(section)
        base = t.base if section == CFN_TEMPLATE.resources else (section,)
        if isinstance(node, dict):
            for key in list(node):
                node[key] = point_away(node[key], (*base, key), removed, model_names, report)
