"""Whole documents: a template's REST API (RestApi, Resource, Method, Model, Authorizer, RequestValidator,
GatewayResponse resources) to and from one OpenAPI 2.0 / 3.0 document, and embedding one in the other.

Both directions go through the neutral route table of :mod:`.model`; the readers (:mod:`.template`,
:mod:`.openapi`) and writers (:mod:`.template_writer`, :mod:`.openapi_writer`) never talk to each other.

Canonicalizations: OpenAPI -> template -> OpenAPI returns an equal document up to the rewrites listed
one by one, with their reasons, in the README (section "Canonicalizations");
:func:`.canonical.canonical_openapi` applies them to both sides before comparing.

Keys that are valid in no OpenAPI object where they stand are dropped with an ``unknown-field`` diagnostic;
what OpenAPI can say but a template cannot is carried in resource ``Metadata`` (:mod:`.carry`), not dropped.

Template -> OpenAPI -> template gives the same API (paths, methods, method settings, integrations); logical IDs
are the ones :mod:`.logical_ids` makes, ``AuthorizationType: NONE`` is explicit, path parameters are listed,
and template-only attributes (``DependsOn``, other ``Metadata``) are reported, not kept.
"""

from __future__ import annotations

from typing import Any

from ..convert import guarded
from ..diagnostics import apply_policy, check_on_loss
from . import embedding as _embed
from . import pipeline

__all__ = ["embed", "openapi_to_template", "template_to_openapi", "unembed"]


@guarded
def template_to_openapi(template: Any, *, version: str = "3.0", api: str | None = None,
                        on_loss: str = "warn") -> dict[str, Any]:
    """One REST API of a CloudFormation template as an OpenAPI 3.0 (or, with ``version="2.0"``, Swagger 2.0)
    document.

    Args:
        template: the template as plain data (long-form intrinsics: ``{"Ref": ...}``, ``{"Fn::Sub": ...}``).
        version: ``"3.0"`` or ``"2.0"``.
        api: the logical ID of the ``AWS::ApiGateway::RestApi`` (or ``AWS::Serverless::Api``) when the
            template holds several.
        on_loss: ``"ignore"``, ``"warn"`` or ``"error"`` (see :func:`apigw_convert.cfn_to_swagger`).

    Raises:
        InputError: the template is malformed, holds no API, or several and ``api`` is not given.
        LossError: under ``on_loss="error"``, when something cannot be expressed in OpenAPI.
    """
    check_on_loss(on_loss)
    doc, report = pipeline.template_to_openapi(template, version, api)
    apply_policy(report, on_loss)
    return doc


@guarded
def openapi_to_template(document: Any, *, on_loss: str = "warn") -> dict[str, Any]:
    """A Swagger 2.0 / OpenAPI 3.0 document as a CloudFormation template: a RestApi and everything below it.

    Names the document references but does not define become template ``Parameters``; references into an
    outer template (``Fn::GetAtt``, undefined conditions) are kept and reported.
    """
    check_on_loss(on_loss)
    template, report = pipeline.openapi_to_template(document)
    apply_policy(report, on_loss)
    return template


@guarded
def unembed(template: Any, *, api: str | None = None, on_loss: str = "warn") -> dict[str, Any]:
    """A template whose API is an inline RestApi ``Body`` or Serverless::Api ``DefinitionBody``, with that
    document turned into Resource / Method / Model / Authorizer / RequestValidator / GatewayResponse resources.
    """
    check_on_loss(on_loss)
    out, report = _embed.unembed(template, api)
    apply_policy(report, on_loss)
    return out


@guarded
def embed(template: Any, *, api: str | None = None, version: str | None = None,
          on_loss: str = "warn") -> dict[str, Any]:
    """A template whose RestApi carries its OpenAPI document in ``Body``, the resources below it removed and
    every reference to them rewritten or reported. ``version`` ``None``: the version the Body had when
    :func:`unembed` took it apart (recorded in the RestApi's ``Metadata``), else ``"3.0"``."""
    check_on_loss(on_loss)
    out, report = _embed.embed(template, api, version)
    apply_policy(report, on_loss)
    return out
