"""Whole documents for the CLI: which :mod:`apigw_convert.documents` function a command runs, and the
canonical OpenAPI form ``diff`` compares. Imported only when the input is a document.

The public functions are called with ``on_loss="warn"`` and their :class:`~apigw_convert.LossWarning`
records are collected, so that the CLI applies ``--on-loss`` itself, after printing every loss in place.
"""

from __future__ import annotations

import argparse
import warnings
from collections.abc import Callable
from typing import Any

from ..diagnostics import Diagnostic, LossWarning
from ..yaml_io import Loaded

Converted = tuple[Any, list[Diagnostic]]
Conversion = Callable[[Loaded, argparse.Namespace], Converted]


def collecting(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Converted:
    """Call a library conversion under ``on_loss="warn"``; return its result and the losses it warned about."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LossWarning)
        out = func(*args, on_loss="warn", **kwargs)
    return out, [w.message.diagnostic for w in caught if isinstance(w.message, LossWarning)]


def _to_openapi(loaded: Loaded, args: argparse.Namespace) -> Converted:
    from ..documents import template_to_openapi

    return collecting(template_to_openapi, loaded.data, version=args.openapi or "3.0", api=args.api,
                      resolve=resolution(args), extensions=args.extensions or "apigateway", stage=args.stage)


def assignments(given: list[str], option: str) -> dict[str, str]:
    """``NAME=VALUE`` arguments as a mapping (a later one wins); a malformed one is a usage error."""
    from ._session import UsageError

    out: dict[str, str] = {}
    for item in given:
        name, equals, value = item.partition("=")
        if not equals or not name:
            raise UsageError(f"{option} takes NAME=VALUE, not {item!r}")
        out[name] = value
    return out


def resolution(args: argparse.Namespace) -> Any:
    """The :class:`~apigw_convert.Resolution` the options ask for, or None without --resolve."""
    if not args.resolve:
        return None
    from ..resolve import Resolution

    return Resolution(parameters=assignments(args.parameter, "--parameter"), values=assignments(args.value, "--value"),
                      region=args.region, account_id=args.account_id, partition=args.partition or "aws",
                      stack_name=args.stack_name, unresolved=args.unresolved or "error")


def _embedded(loaded: Loaded, args: argparse.Namespace) -> Converted:
    from ..documents import embed

    return collecting(embed, loaded.data, version=args.openapi, api=args.api)


def _to_template(loaded: Loaded, args: argparse.Namespace) -> Converted:
    from ..documents import openapi_to_template

    return collecting(openapi_to_template, loaded.data, stage=args.stage,
                      stage_variables=assignments(args.stage_variable, "--stage-variable"))


def _unembedded(loaded: Loaded, args: argparse.Namespace) -> Converted:
    from ..documents import unembed

    return collecting(unembed, loaded.data, api=args.api)


#: (command, detected kind, --embed/--unembed given) -> the conversion.
CONVERSIONS: dict[tuple[str, str, bool], Conversion] = {
    ("cfn2swagger", "template", False): _to_openapi,
    ("cfn2swagger", "template", True): _embedded,
    ("swagger2cfn", "openapi", False): _to_template,
    ("swagger2cfn", "template", True): _unembedded,
}


def canonical(data: Any, kind: str, api: str | None) -> Converted:
    """A template (its RestApi, an inline Body included) or an OpenAPI document of either version as the
    OpenAPI 3.0 document the library writes for it: the one spelling both sides of a ``diff`` are compared in.

    An OpenAPI document goes through a template and back, which applies exactly the canonicalizations listed
    in :mod:`apigw_convert.documents`; the losses returned are those of the first step, the ones with pointers
    into ``data`` (the way back reads a template the library wrote).
    """
    from ..documents import openapi_to_template, template_to_openapi

    if kind == "template":
        return collecting(template_to_openapi, data, version="3.0", api=api)
    template, losses = collecting(openapi_to_template, data)
    out, _ = collecting(template_to_openapi, template, version="3.0")
    return out, losses
