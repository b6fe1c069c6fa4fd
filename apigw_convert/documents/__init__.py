"""Whole documents: a template's REST API (RestApi, Resource, Method, Model, Authorizer, RequestValidator,
GatewayResponse resources) to and from one OpenAPI 2.0 / 3.0 document, and embedding one in the other.

Both directions go through the neutral route table of :mod:`.model`, between two wings named by role:
:mod:`.cfn` (templates: ``reader``, ``writer``) and :mod:`.openapi` (documents: ``reader``, ``operations``,
``writer``, ``shapes``); no writer imports a reader.

Canonicalizations: OpenAPI -> template -> OpenAPI returns an equal document up to the rewrites listed
one by one, with their reasons, in the README (section "Canonicalizations");
the tests' oracle (``tests/canonical.py``) applies them to both sides before comparing. The outline of a
template or document (its resources, its operations) is walked once, by :mod:`.walk`.

Keys that are valid in no OpenAPI object where they stand are dropped with an ``unknown-field`` diagnostic;
what OpenAPI can say but a template cannot is carried in resource ``Metadata`` (:mod:`.carry`), not dropped.

Template -> OpenAPI -> template gives the same API (paths, methods, method settings, integrations); logical IDs
are the ones :mod:`.logical_ids` makes, ``AuthorizationType: NONE`` is explicit, path parameters are listed,
and template-only attributes (``DependsOn``, other ``Metadata``) are reported, not kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .. import sam
from ..diagnostics import Report, input_error
from ..policy import Converted, OnLoss, settle

if TYPE_CHECKING:
    from ..resolve import Resolution
    from .pipeline import OpenApiVersion

# The conversions import their modules when they run: `validate` reads templates through .cfn.reader, and
# importing this package first must not cost it the writers, the embedding and the resolver.

__all__ = ["embed", "openapi_to_template", "template_to_openapi", "unembed"]


def template_to_openapi(template: Any, *, version: OpenApiVersion = "3.0", api: str | None = None,
                        on_loss: OnLoss = "warn", resolve: Resolution | None = None, extensions: str = "apigateway",
                        stage: str | None = None) -> dict[str, Any]:
    """One REST API of a CloudFormation template as an OpenAPI 3.0 (or, with ``version="2.0"``, Swagger 2.0)
    document.

    Args:
        template: the template as plain data (long-form intrinsics: ``{"Ref": ...}``, ``{"Fn::Sub": ...}``). A SAM
            template (``Transform: AWS::Serverless-2016-10-31``) is read as the CloudFormation SAM deploys
            (:mod:`apigw_convert.sam`; needs the ``sam`` extra).
        version: ``"3.0"`` or ``"2.0"``.
        api: the logical ID of the ``AWS::ApiGateway::RestApi`` (or ``AWS::Serverless::Api``, or the implicit
            ``ServerlessRestApi`` of a SAM template) when the template holds several.
        on_loss: ``"ignore"``, ``"warn"`` or ``"error"`` (see :func:`apigw_convert.cfn_to_swagger`).
        resolve: resolve intrinsic functions with these values (:class:`apigw_convert.Resolution`); the result
            is plain OpenAPI. ``None`` (the default) carries them through.
        extensions: which ``x-amazon-apigateway-*`` keys to write, as API Gateway's export names the choice:
            ``"apigateway"`` (all), ``"integrations"``, ``"authorizers"`` or ``"none"``.
        stage: write the address of this stage of the template (3.0 ``servers``, 2.0 ``basePath``).

    Raises:
        InputError: the template is malformed, holds no API, or several and ``api`` is not given; a value
            ``resolve`` needs is missing (every one of them listed, ``unresolved-value``); no such stage.
        LossError: under ``on_loss="error"``, when something cannot be expressed in OpenAPI.
    """
    return settle(on_loss, to_openapi, template, version, api, resolve=resolve, extensions=extensions, stage=stage)


def to_openapi(template: Any, version: str, api: str | None, *, resolve: Resolution | None = None,
               extensions: str = "apigateway", stage: str | None = None) -> Converted[dict[str, Any]]:
    """What :func:`template_to_openapi` returns, with every diagnostic: a SAM template is translated first, then
    the API is converted, its extensions filtered, its intrinsic functions resolved and its stage written."""
    from .. import resolve as _resolve  # start-up: see the note on the imports
    from ..extensions import check_extensions, filter_extensions  # (as above)
    from ..plain import plain_paths  # (as above)
    from . import pipeline  # (as above)

    check_extensions(extensions)

    def convert(plain: Any) -> Converted[dict[str, Any]]:
        prepared = _resolve.prepare(plain, resolve, api) if resolve is not None else None
        source = prepared.template if prepared is not None else plain
        doc, diagnostics = pipeline.template_to_openapi(source, version, api)
        report = Report()
        report.extend(diagnostics)
        doc = filter_extensions(doc, extensions, report)  # first: what is left out needs no value
        if prepared is not None:
            doc = plain_paths(_resolve.finish(doc, prepared, report))
        if stage is not None:
            from ..stages import export_stage  # start-up: stages are read only when one is asked for

            doc = export_stage(doc, source, api, stage, pipeline.check_version(version), resolve)
        return doc, report.diagnostics

    return sam.through(template, convert)


def openapi_to_template(document: Any, *, on_loss: OnLoss = "warn", stage: str | None = None,
                        stage_variables: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A Swagger 2.0 / OpenAPI 3.0 document as a CloudFormation template: a RestApi and everything below it.

    Names the document references but does not define become template ``Parameters``; references into an
    outer template (``Fn::GetAtt``, undefined conditions) are kept and reported. Without ``stage`` the template
    creates no stage (nothing can call the API); with it, an ``AWS::ApiGateway::Deployment`` depending on every
    Method and an ``AWS::ApiGateway::Stage`` of that name (with ``stage_variables``) are added.
    """
    return settle(on_loss, to_template, document, stage=stage, stage_variables=stage_variables)


def to_template(document: Any, *, stage: str | None = None,
                stage_variables: Mapping[str, str] | None = None) -> Converted[dict[str, Any]]:
    """What :func:`openapi_to_template` returns, with every diagnostic."""
    from . import pipeline  # start-up: see the note on the imports

    if stage_variables and stage is None:
        raise input_error("invalid-argument", (), "stage_variables needs stage")
    template, diagnostics = pipeline.openapi_to_template(document)
    if stage is not None:
        from ..stages import add_stage  # start-up: stages are read only when one is asked for

        template = add_stage(template, pipeline.API_ID, stage, stage_variables or {})
    return template, diagnostics


def unembed(template: Any, *, api: str | None = None, on_loss: OnLoss = "warn") -> dict[str, Any]:
    """A template whose API is an inline RestApi ``Body`` or Serverless::Api ``DefinitionBody``, with that
    document turned into Resource / Method / Model / Authorizer / RequestValidator / GatewayResponse resources.

    A SAM template is first turned into the CloudFormation SAM deploys (no ``Transform`` is left); the chosen
    API's Body is then unembedded like any other.
    """
    return settle(on_loss, unembedded, template, api)


def unembedded(template: Any, api: str | None) -> Converted[dict[str, Any]]:
    """What :func:`unembed` returns, with every diagnostic."""
    from . import embedding  # start-up: see the note on the imports

    return sam.through(template, lambda plain: embedding.unembed(plain, api))


def embed(template: Any, *, api: str | None = None, version: OpenApiVersion | None = None,
          on_loss: OnLoss = "warn") -> dict[str, Any]:
    """A template whose RestApi carries its OpenAPI document in ``Body``, the resources below it removed and
    every reference to them rewritten or reported. ``version`` ``None``: the version the Body had when
    :func:`unembed` took it apart (recorded in the RestApi's ``Metadata``), else ``"3.0"``."""
    return settle(on_loss, embedded, template, api, version)


def embedded(template: Any, api: str | None, version: str | None) -> Converted[dict[str, Any]]:
    """What :func:`embed` returns, with every diagnostic: ``sam-transform-missing`` too, as conversion reports it
    (the ``AWS::Serverless::*`` resources are kept as they are)."""
    from . import embedding  # start-up: see the note on the imports

    return sam.reporting_transform(template, lambda plain: embedding.embed(plain, api, version),
                                   "kept as written, which CloudFormation refuses")
