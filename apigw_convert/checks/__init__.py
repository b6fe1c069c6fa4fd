"""``validate``: find what would make an API Gateway REST integration fail to deploy, import or run.

Checks live in small modules: :mod:`.integration` (the integration's own fields), :mod:`.responses`
(integration responses as a set), :mod:`.patterns` (selection patterns as Java regexes), :mod:`.parameters`
(parameter mappings and what the method declares), :mod:`.tree` (the resource tree, ``Fn::Sub`` strings);
:mod:`.api` (the API around the integrations: methods, authorizers, references, paths, models), :mod:`.suppress`
(suppressions written in the files); :mod:`.documents` runs them over templates, OpenAPI documents and bare
integrations, walking documents with :mod:`apigw_convert.documents.walk`, as the converters do. Every finding
is a :class:`~apigw_convert.diagnostics.Diagnostic` whose code is in the ``validation`` section of ``CODES``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import sam
from ..detect import detect_kind
from ..diagnostics import Diagnostic, Report, input_error
from ..fields import DIALECTS, Dialect
from ..integration import shared_reads
from ..policy import guarded
from ..table_engine import describe
from . import suppress
from .conversion import check_conversion
from .documents import check_integration, check_openapi, check_template, is_http_api
from .tree import stage_variables_in_sub

__all__ = ["validate"]


@guarded
def validate(obj: Any, *, dialect: Dialect | None = None) -> list[Diagnostic]:
    """Check a template, an OpenAPI document, or a bare integration, and return every finding.

    Args:
        obj: a parsed CloudFormation template (also a Serverless Framework file), a Swagger 2.0 / OpenAPI 3.0
            document, a CloudFormation ``Integration`` mapping or an ``x-amazon-apigateway-integration`` object.
            Inline OpenAPI bodies of a template (RestApi ``Body``, Serverless Api ``DefinitionBody``) are
            checked too; referenced ones (``AWS::Include``, S3) are reported as not read. A SAM template is
            checked as the API SAM deploys (:mod:`apigw_convert.sam`), findings pointing into the SAM source.
        dialect: ``"cfn"`` or ``"openapi"`` reads ``obj`` as a bare integration of that dialect; ``None``
            detects what ``obj`` is (see :func:`apigw_convert.detect.detect_kind`).

    Returns:
        The diagnostics, integration by integration in document order, then the API-level findings. Severity
        ``error`` means the deploy, the import or every call would fail, ``warning`` something that can be
        legitimate, ``info`` what was not checked. A finding the input suppresses itself (``Metadata:
        {apigw-convert: {ignore: [CODE]}}`` on a resource or its RestApi, ``x-apigw-convert-ignore: [CODE]`` on
        an operation or the document) comes back as an info ``suppressed`` that names it.

    Raises:
        InputError: ``obj`` is not a mapping, is none of the kinds above, or (as a bare integration) has
            values of the wrong type; its diagnostics are those input errors, then what the checks find in
            the rest of the integration. Inside a document, an integration that cannot be read is reported as
            diagnostics (``invalid-type``, ``invalid-enum``, ``missing-field``), the checks still run on what
            did read (a wrong field left out, a wrong integration response taken as absent), and the rest of
            the document is checked.
    """
    if dialect is not None and dialect not in DIALECTS:
        raise input_error("invalid-argument", (), f"dialect must be one of {', '.join(DIALECTS)} or None, "
                          f"not {dialect!r}")
    if not isinstance(obj, Mapping):
        raise input_error("invalid-document", (), f"expected a mapping, got {describe(obj)}")
    kind = f"{dialect}-integration" if dialect else detect_kind(obj)
    with shared_reads():  # the conversion check reads each integration as the checks did: once is enough
        return _validate(obj, kind)


def _validate(obj: Mapping[str, Any], kind: str) -> list[Diagnostic]:
    report = Report()
    if kind == "template":
        report.extend(sam.through(obj, lambda plain: (None, _checked_template(plain)))[1])
    elif kind == "openapi":
        if is_http_api(obj):
            report.add("http-api-not-checked", ())
            return list(report)
        check_openapi(obj, (), report)
        check_conversion(obj, kind, report)
    elif kind in ("cfn-integration", "openapi-integration"):
        check_integration(obj, kind.split("-")[0], (), None, report, strict=True)  # type: ignore[arg-type]
    else:
        raise input_error("unrecognised-input", (), "no Resources, openapi/swagger/paths, or integration keys")
    for code, where, message in stage_variables_in_sub(obj, ()):
        report.add(code, where, message)
    return suppress.apply(list(report), suppress.scopes(obj, kind))


def _checked_template(template: Any) -> list[Diagnostic]:
    report = Report()
    check_template(template, report)
    check_conversion(template, "template", report)
    return report.diagnostics
