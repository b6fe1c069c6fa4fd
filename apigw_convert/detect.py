"""What kind of input a mapping is, and where a template keeps its resources, told cheaply from its keys.

:func:`detect_kind` tells a CloudFormation template, an OpenAPI document and a bare integration in either
dialect apart by their keys, without walking them (an input of any size, and a bare integration imports no
document code). The template's resources themselves, and the OpenAPI documents they hold, are walked by
:mod:`.documents.walk`.

A Serverless Framework file (``serverless.yml``) counts as a template: its CloudFormation lives under
``resources.Resources``, and :func:`template_resources` returns it with that path.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from .fields import INTEGRATION_FIELDS, by_name
from .intrinsics import if_parts, is_no_value
from .pointer import Path

Kind = Literal["cfn-integration", "openapi-integration", "template", "openapi", "unknown"]

_CFN_KEYS = frozenset(by_name(INTEGRATION_FIELDS, "cfn"))
_OPENAPI_KEYS = frozenset(by_name(INTEGRATION_FIELDS, "openapi"))


def template_resources(data: Any) -> tuple[Path, Mapping[str, Any]] | None:
    """The ``Resources`` mapping of a template and its path, or ``None``.

    A Serverless Framework file carries its CloudFormation under ``resources.Resources``.
    """
    if not isinstance(data, Mapping):
        return None
    resources = data.get("Resources")
    if isinstance(resources, Mapping):
        return ("Resources",), resources
    framework = data.get("resources")
    if isinstance(framework, Mapping) and isinstance(framework.get("Resources"), Mapping):
        return ("resources", "Resources"), framework["Resources"]
    return None


def _integration_dialect(data: Mapping[str, Any]) -> Kind:
    parts = if_parts(data)
    if parts is not None:
        for branch in parts[1:]:
            if isinstance(branch, Mapping) and not is_no_value(branch):
                kind = _integration_dialect(branch)
                if kind != "unknown":
                    return kind
        return "unknown"
    keys = {key for key in data if isinstance(key, str)}
    cfn = len(keys & _CFN_KEYS)
    openapi = len(keys & _OPENAPI_KEYS)
    if cfn > openapi:
        return "cfn-integration"
    if openapi > cfn:
        return "openapi-integration"
    return "unknown"


def detect_kind(data: Any) -> Kind:
    """Classify ``data``: a template, an OpenAPI document, a bare integration (by its keys), or unknown.

    A template has ``Resources`` or ``AWSTemplateFormatVersion`` (or, as a Serverless Framework file,
    ``resources.Resources``); an OpenAPI document has ``openapi``, ``swagger`` or ``paths``. Otherwise the
    keys decide: more CloudFormation names (``Type``, ``IntegrationHttpMethod`` ...) than OpenAPI names
    (``type``, ``httpMethod`` ...) make a CloudFormation integration, and the reverse an OpenAPI one; an
    ``Fn::If`` between two integrations is classified by its first branch that is a mapping.
    """
    if not isinstance(data, Mapping):
        return "unknown"
    if "AWSTemplateFormatVersion" in data or template_resources(data) is not None:
        return "template"
    if "openapi" in data or "swagger" in data or isinstance(data.get("paths"), Mapping):
        return "openapi"
    return _integration_dialect(data)
