"""Stages, both ways: where a stage of the API answers (what an export of that stage carries), and the
Deployment and Stage that make a written template deploy an API someone can call.

* :func:`export_stage` finds the template's stage of the API (an ``AWS::ApiGateway::Stage``, a Deployment's
  ``StageName``, or an ``AWS::Serverless::Api``'s ``StageName``) and writes its address: OpenAPI 3.0
  ``servers`` (``https://{restApiId}.execute-api.{region}.amazonaws.com/{basePath}``, the API id and region as
  server variables unless they are known), Swagger 2.0 ``basePath: /<stage>``, ``schemes`` and (when the API id
  and region are known) ``host``.
* :func:`add_stage` adds an ``AWS::ApiGateway::Deployment`` that depends on every Method of the template (a
  Method with a Condition through an ``Fn::If`` Ref in the Deployment's Metadata: ``DependsOn`` cannot name a
  resource that may not exist) and an ``AWS::ApiGateway::Stage`` deployed from it, with its stage variables.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .diagnostics import Report, input_error
from .documents.cfn.base import choose_api, open_template
from .documents.logical_ids import allocate, pascal
from .documents.refs import ref_target
from .documents.walk import TemplateWalk
from .intrinsics import is_mapping
from .pointer import Path, to_pointer
from .resolve import URL_SUFFIXES, Resolution, Resolver
from .resource_types import APIS, DEPLOYMENT, METHOD, SERVERLESS_API, STAGE

STAGE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,128}$")
VARIABLE_NAME = re.compile(r"^[A-Za-z0-9_]{1,64}$")
VARIABLE_VALUE = re.compile(r"^[A-Za-z0-9\-._~:/?#&=,]{1,512}$")


def check_stage_name(name: Any) -> str:
    """``name`` itself, or an InputError (``invalid-stage-name``) when API Gateway would refuse it."""
    if not isinstance(name, str) or not STAGE_NAME.match(name):
        raise input_error("invalid-stage-name", (), f"{name!r} is not a stage name: letters, digits, '-' and '_', "
                          "at most 128")
    return name


def check_stage_variables(variables: Any) -> dict[str, str]:
    """The stage variables as a plain dict, or an InputError naming the first API Gateway would refuse."""
    if not is_mapping(variables):
        raise input_error("invalid-argument", (), "stage_variables must be a mapping of names to values")
    for name, value in variables.items():
        if not isinstance(name, str) or not VARIABLE_NAME.match(name):
            raise input_error("invalid-argument", (), f"stage variable name {name!r}: letters, digits and '_' only, "
                              "at most 64")
        if not isinstance(value, str) or not VARIABLE_VALUE.match(value):
            raise input_error("invalid-argument", (), f"stage variable {name}={value!r}: the value must be 1 to 512 "
                              "of the characters A-Z a-z 0-9 - . _ ~ : / ? # & = ,")
    return dict(variables)


# --- export: the address of a stage --------------------------------------------------------------------------
def stages_of(template: Any, api: str | None) -> tuple[str, dict[str, Path]]:
    """The API's logical ID and its stages, by name, with the pointer of each name in the template (``""`` for
    the stages whose name has no value offline)."""
    t = open_template(template)
    api_id, _ = choose_api(t, api, APIS, Report())
    resolver = Resolver(template, Resolution(unresolved="keep"))
    found: dict[str, Path] = {}
    for resource in t.walk.of_type(STAGE, DEPLOYMENT, SERVERLESS_API):
        props = resource.props
        owner = resource.lid if resource.type == SERVERLESS_API else ref_target(props.get("RestApiId"))
        if owner != api_id:
            continue
        where = resource.at("StageName")
        name = resolver.value(props.get("StageName"), where)
        if isinstance(name, str):
            found.setdefault(name, where)
        elif name is not None:
            found.setdefault("", where)
    return api_id, found


def export_stage(document: dict[str, Any], template: Any, api: str | None, stage: str, version: str,
                 resolution: Resolution | None) -> dict[str, Any]:
    """``document`` (changed in place) with the address of the template's stage ``stage``."""
    check_stage_name(stage)
    api_id, found = stages_of(template, api)
    if stage not in found or not stage:
        named = sorted(name for name in found if name)
        unknown = f"; the name at {to_pointer(found[''])} has no value offline: resolve it (--resolve --parameter)" \
            if "" in found else ""
        raise input_error("stage-not-found", ("Resources",), f"{api_id} has no stage {stage!r} in this template "
                          f"(its stages: {', '.join(named) or 'none'}{unknown})")
    known = resolution or Resolution()
    rest_api_id = known.values.get(api_id)
    rest_api_id = rest_api_id if isinstance(rest_api_id, str) else None
    suffix = URL_SUFFIXES.get(known.partition, "amazonaws.com")
    if version == "2.0":
        address: dict[str, Any] = {}
        if rest_api_id and known.region:
            address["host"] = f"{rest_api_id}.execute-api.{known.region}.{suffix}"
        address.update({"basePath": f"/{stage}", "schemes": ["https"]})
        return _after_info(document, address)
    variables: dict[str, Any] = {}
    if rest_api_id is None:
        variables["restApiId"] = {"default": "api-id", "description": f"the id of the REST API {api_id} once "
                                  f"deployed (known offline with --value {api_id}=ID)"}
    if known.region is None:
        variables["region"] = {"default": "region", "description": "the AWS Region the API is deployed in"}
    variables["basePath"] = {"default": stage}
    host = f"{rest_api_id or '{restApiId}'}.execute-api.{known.region or '{region}'}.{suffix}"
    server: dict[str, Any] = {"url": f"https://{host}/{{basePath}}", "variables": variables}
    servers = document.get("servers")
    first = servers[0] if isinstance(servers, list) and servers and isinstance(servers[0], Mapping) else {}
    server.update({k: v for k, v in first.items() if k not in ("url", "variables", "description")})
    return _after_info(document, {"servers": [server]})


def _after_info(document: dict[str, Any], address: dict[str, Any]) -> dict[str, Any]:
    """The document with the keys of ``address`` (replacing any it had) right after ``info``, where the writer
    puts them."""
    out: dict[str, Any] = {}
    for name, value in document.items():
        if name not in address:
            out[name] = value
        if name == "info":
            out.update(address)
    return out


# --- templates: a Deployment and a Stage ---------------------------------------------------------------------
def add_stage(template: dict[str, Any], api_id: str, stage: str, variables: Mapping[str, str]) -> dict[str, Any]:
    """``template`` (changed in place) with a Deployment depending on every Method and a Stage named ``stage``."""
    check_stage_name(stage)
    variables = check_stage_variables(variables)
    resources: dict[str, Any] = template["Resources"]
    methods = sorted(method.lid for method in TemplateWalk(template).of_type(METHOD))
    conditional = {lid: resources[lid]["Condition"] for lid in methods if "Condition" in resources[lid]}
    taken = [*resources, *(template.get("Parameters") or {})]
    ids = allocate([("deployment", f"{api_id}Deployment"), ("stage", f"{api_id}{pascal(stage)}Stage")], taken)
    deployment: dict[str, Any] = {"Type": DEPLOYMENT,
                                  "DependsOn": [lid for lid in methods if lid not in conditional]}
    if conditional:  # DependsOn cannot name a resource that may not exist; a Ref under its condition can
        deployment["Metadata"] = {"ConditionalMethods": [{"Fn::If": [condition, {"Ref": lid}, ""]}
                                                         for lid, condition in conditional.items()]}
    deployment["Properties"] = {"RestApiId": {"Ref": api_id}}
    resources[ids["deployment"]] = deployment
    properties: dict[str, Any] = {"RestApiId": {"Ref": api_id}, "DeploymentId": {"Ref": ids["deployment"]},
                                  "StageName": stage}
    if variables:
        properties["Variables"] = variables
    resources[ids["stage"]] = {"Type": STAGE, "Properties": properties}
    return template
