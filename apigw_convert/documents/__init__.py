"""Whole documents: a template's REST API (RestApi, Resource, Method, Model, Authorizer, RequestValidator,
GatewayResponse resources) to and from one OpenAPI 2.0 / 3.0 document, and embedding one in the other.

Both directions go through the neutral route table of :mod:`.model`; the readers (:mod:`.template`,
:mod:`.openapi`) and writers (:mod:`.template_writer`, :mod:`.openapi_writer`) never talk to each other.

Canonicalizations: OpenAPI -> template -> OpenAPI returns an equal document up to these rewrites (one line
each, with the reason). :func:`.canonical.canonical_openapi` applies them to both sides before comparing.

* ``swagger: 2.0`` as a number is written as the string ``"2.0"``: the specification says string.
* Dates and numbers where OpenAPI wants a string (``info.version: 2019-10-13`` read from YAML) become strings.
* ``info.version`` ``1.0``, response descriptions ``"<code> response"`` and ``{type: string}`` parameter and
  header schemas are synthesized where the template says nothing: OpenAPI requires them.
* An operation without method responses gets ``responses: {default: {description: No method responses}}``:
  OpenAPI requires one response and API Gateway skips ``default``; ``responses: {}`` reads the same.
* Numeric response keys (``200:``) and gateway response status codes become strings; an empty ``content``
  map or ``components`` section is dropped: they say nothing.
* A path parameter is written for every ``{x}`` / ``{x+}`` segment, always ``required: true``: API Gateway
  adds it anyway and OpenAPI requires it; ``required: false`` is omitted elsewhere: it is the default.
* Path-level ``parameters`` are written into each operation: CloudFormation has no resource-level parameters.
* A 2.0 non-body parameter's ``schema`` is written as its flat keys (``type``, ``format`` ...), as 2.0 wants.
* An empty path item whose path is a prefix of another path is dropped: the resource exists anyway.
* Security requirements are written one scheme per requirement object, the authorizer (or sigv4) first, then
  the API key: API Gateway reads them as a set; ``security: []`` is omitted (no authorization is the default).
* ``identitySource`` of a TOKEN / Cognito authorizer that reads one header is omitted: the security scheme's
  header ``name`` says it; the authorizer ``type`` is written lower case, as AWS exports do; an
  ``x-amazon-apigateway-authtype`` equal to the type's default (``custom``, ``cognito_user_pools``) is
  omitted on the template side (``AuthType`` has no effect).
* An operation's ``x-amazon-apigateway-request-validator`` equal to the document's default is omitted: the
  default applies; templates have no default, so every Method names its validator.
* ``Fn::Sub`` with only ``${AWS::AccountId}``, ``${AWS::Partition}``, ``${AWS::Region}`` is written as a plain
  string in OpenAPI (and wrapped again in a template): API Gateway's import resolves those three itself
  (:mod:`.refs`).
* ``Fn::If [Cond, <path item>, AWS::NoValue]`` is written around each of the path item's operations: a Method
  (not a Resource) carries the Condition.
* ``Fn::If`` between two versions of one operation becomes one operation whose differing fields are
  ``Fn::If`` values (an integration: ``Fn::If`` between integrations): a Method is one resource.
* ``$schema`` is dropped from model schemas written into OpenAPI: OpenAPI schema objects do not allow it and
  API Gateway assumes JSON Schema draft 4.
* The built-in ``Empty`` and ``Error`` models are defined in the document where it refers to them, and an
  unreferenced definition equal to the built-in one is dropped: every REST API has both, and a template cannot
  create them.
* Within one response (or request body), media types that share one inline schema share one model; an inline
  schema becomes a model marked ``inline`` in the template and is written inline again.
* ``BinaryMediaTypes`` are written with ``/`` escaped as ``~1`` in templates (as the RestApi documentation asks)
  and unescaped in OpenAPI.
* An OpenAPI 3.0 endpoint configuration is written into the first server (a ``{"url": "/"}`` server if there is
  none, which is also how an empty server reads): that is where 3.0 keeps it.
* ``securityDefinitions`` / ``definitions`` in a 3.0 document are written as ``components.securitySchemes`` /
  ``components.schemas`` (reported): that is where 3.0 keeps them.

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
def embed(template: Any, *, api: str | None = None, version: str = "3.0", on_loss: str = "warn") -> dict[str, Any]:
    """A template whose RestApi carries its OpenAPI document in ``Body``, the resources below it removed and
    every reference to them rewritten or reported."""
    check_on_loss(on_loss)
    out, report = _embed.embed(template, api, version)
    apply_policy(report, on_loss)
    return out
