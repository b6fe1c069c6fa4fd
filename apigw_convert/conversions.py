"""The public conversions: :func:`convert`, which detects what its input is and returns every diagnostic as
data, and the single-integration functions :func:`cfn_to_swagger` / :func:`swagger_to_cfn`.

:func:`run` is the one dispatch from (detected kind, target) to an internal conversion; ``convert`` and the
command line both go through it. Whole-document code is imported only when the input is a document.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, get_args

from .detect import Kind, detect_kind
from .diagnostics import Diagnostic, input_error, is_loss
from .fields import Dialect
from .integration import integration
from .pointer import Path
from .policy import Converted, OnLoss, check_on_loss, guarded, refuse_losses, settle

if TYPE_CHECKING:
    from .documents.pipeline import OpenApiVersion
    from .resolve import Resolution

Target = Literal["openapi", "cfn"]
SourceKind = Literal["integration", "template", "openapi", "embedded"]
TARGETS: tuple[str, ...] = get_args(Target)

#: How the detected kinds are named in messages.
KIND_NAMES: dict[str, str] = {
    "cfn-integration": "a CloudFormation Integration",
    "openapi-integration": "an OpenAPI x-amazon-apigateway-integration object",
    "template": "a CloudFormation template",
    "openapi": "an OpenAPI document",
}


@dataclass(frozen=True)
class ConversionResult:
    """What :func:`convert` returns: the converted data, every diagnostic (info included) in the order of the
    source, and what the input was detected as."""

    output: Any
    diagnostics: tuple[Diagnostic, ...]
    source_kind: SourceKind

    @property
    def losses(self) -> tuple[Diagnostic, ...]:
        """The diagnostics ``on_loss`` acts on (severity error or warning)."""
        return tuple(d for d in self.diagnostics if is_loss(d))


def detected_kind(data: Any) -> Kind:
    """What ``data`` is (see :func:`apigw_convert.detect.detect_kind`); ``unknown`` is an InputError."""
    kind = detect_kind(data)
    if kind == "unknown":
        raise input_error("unrecognised-input", (), "the input is neither a template, an OpenAPI document nor an "
                          "integration object in either dialect")
    return kind


def run(data: Any, kind: Kind, to: Target, *, version: str | None = None, api: str | None = None,
        body: bool = False, resolve: Resolution | None = None, extensions: str | None = None,
        stage: str | None = None, stage_variables: Mapping[str, str] | None = None,
        ) -> tuple[SourceKind, Converted[Any]]:
    """Convert ``data``, detected as ``kind``, to ``to``: ``(source kind, (output, diagnostics))``.

    ``body`` asks for a template's API as an OpenAPI ``Body`` of its RestApi (``to="openapi"``); a template
    converted to ``"cfn"`` always has its inline ``Body`` turned into resources. A SAM template is read as the
    CloudFormation SAM deploys. The offline export arguments are those of
    :func:`apigw_convert.template_to_openapi` (``resolve``, ``extensions``, ``stage``) and
    :func:`apigw_convert.openapi_to_template` (``stage``, ``stage_variables``).

    Raises:
        InputError: the input already is in ``to``, or an argument does not apply to it.
    """
    if kind in ("cfn-integration", "openapi-integration"):
        source: Dialect = "cfn" if kind == "cfn-integration" else "openapi"
        _refuse_same(kind, source == to)
        _applies(kind, api=api, version=version, resolve=resolve, extensions=extensions, stage=stage,
                 stage_variables=stage_variables)
        return "integration", integration(data, source, to)
    from .documents import embedded, to_openapi, to_template, unembedded  # start-up: documents only

    if kind == "openapi":
        _refuse_same(kind, to == "openapi")
        _applies(kind, api=api, version=version, resolve=resolve, extensions=extensions)
        return "openapi", to_template(data, stage=stage, stage_variables=stage_variables)
    if to == "cfn":
        _applies("a conversion to CloudFormation", version=version, resolve=resolve, extensions=extensions,
                 stage=stage, stage_variables=stage_variables)
        return "embedded", unembedded(data, api)
    source_kind: SourceKind = "embedded" if _has_body(data) else "template"
    if body:
        _applies("a template written with its OpenAPI Body", resolve=resolve, extensions=extensions, stage=stage,
                 stage_variables=stage_variables)
        return source_kind, embedded(data, api, version)  # None: the version unembed recorded
    _applies(kind, stage_variables=stage_variables)
    return source_kind, to_openapi(data, version or "3.0", api, resolve=resolve,
                                   extensions=extensions or "apigateway", stage=stage)


def _refuse_same(kind: Kind, same: bool) -> None:
    if same:
        raise input_error("invalid-argument", (), f"the input is {KIND_NAMES[kind]}, already in that dialect")


def _applies(what: str, **given: Any) -> None:
    """Refuse arguments (``api=``, ``version=`` ...) given for an input they do not apply to."""
    for name, value in given.items():
        if value is not None:
            raise input_error("invalid-argument", (), f"{name}= does not apply to {KIND_NAMES.get(what, what)}")


def _has_body(template: Any) -> bool:
    from .documents.walk import embedded_documents  # start-up: documents only

    return bool(embedded_documents(template))


def in_source_order(data: Any, diagnostics: Sequence[Diagnostic]) -> tuple[Diagnostic, ...]:
    """``diagnostics`` sorted by where their paths lead in ``data`` (document order; stable for ties, and a
    path that leaves ``data`` ranks where it leaves)."""
    return tuple(sorted(diagnostics, key=lambda d: _position(data, d.path)))


def _position(data: Any, path: Path) -> tuple[int, ...]:
    ranks: list[int] = []
    node = data
    for token in path:
        if isinstance(node, Mapping):
            keys = list(node)
            if token not in node:
                break
            ranks.append(keys.index(token))
            node = node[token]
        elif isinstance(node, list) and isinstance(token, int) and 0 <= token < len(node):
            ranks.append(token)
            node = node[token]
        else:
            break
    return tuple(ranks)


@guarded
def convert(data: Any, *, to: Target, version: OpenApiVersion | None = None, api: str | None = None,
            on_loss: OnLoss = "warn") -> ConversionResult:
    """Convert whatever ``data`` is to ``to`` (``"openapi"`` or ``"cfn"``); never warns.

    ``data`` is detected as the command line does: a CloudFormation ``Integration`` or an OpenAPI
    ``x-amazon-apigateway-integration`` object (converted to the other dialect), a template (``to="openapi"``:
    its REST API as an OpenAPI document, ``version`` 3.0 or 2.0; ``to="cfn"``: its inline OpenAPI ``Body``
    turned into resources), or an OpenAPI document (``to="cfn"``: a template).

    Args:
        api: the logical ID of the REST API, for a template that holds several.
        on_loss: ``"warn"`` (default) and ``"ignore"`` return the result, its losses among
            ``result.diagnostics``; ``"error"`` raises :class:`~apigw_convert.errors.LossError` on a loss.

    Raises:
        InputError: bad input, an unknown ``to``, or ``version`` / ``api`` given where they do not apply.
        LossError: under ``on_loss="error"``, when something cannot be expressed in ``to``.
    """
    check_on_loss(on_loss)
    if to not in TARGETS:
        raise input_error("invalid-argument", (), f"to must be one of {', '.join(TARGETS)}, not {to!r}")
    source_kind, (output, found) = run(data, detected_kind(data), to, version=version, api=api)
    diagnostics = in_source_order(data, found)
    refuse_losses(diagnostics, on_loss)
    return ConversionResult(output, diagnostics, source_kind)


def cfn_to_swagger(obj: Any, *, on_loss: OnLoss = "warn") -> dict[str, Any]:
    """Convert a CloudFormation ``Integration`` value to an ``x-amazon-apigateway-integration`` object.

    Args:
        obj: the ``Integration`` mapping (dict, OrderedDict, cfn-flip's ODict); an ``Fn::If`` between two
            integrations has both branches converted.
        on_loss: ``"ignore"``, ``"warn"`` (a :class:`~apigw_convert.diagnostics.LossWarning` per loss) or
            ``"error"`` (raise :class:`~apigw_convert.errors.LossError`, return nothing).

    Raises:
        InputError: the input is not a valid integration (the diagnostics name the pointer).
        LossError: under ``on_loss="error"``, when something cannot be expressed in OpenAPI.
    """
    return settle(on_loss, integration, obj, "cfn", "openapi")


def swagger_to_cfn(obj: Any, *, on_loss: OnLoss = "warn") -> dict[str, Any]:
    """Convert an ``x-amazon-apigateway-integration`` object to a CloudFormation ``Integration`` value.

    Same arguments and errors as :func:`cfn_to_swagger`, in the other direction.
    """
    return settle(on_loss, integration, obj, "openapi", "cfn")
