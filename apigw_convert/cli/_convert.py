"""``cfn2swagger`` and ``swagger2cfn``: read, detect the kind of input, convert (the path
:func:`apigw_convert.convert` takes), apply --on-loss, write."""

from __future__ import annotations

import argparse
import os
from typing import Any

from ..conversions import KIND_NAMES, Target, detected_kind, run
from ..diagnostics import Diagnostic, is_loss
from ..policy import guarded
from ..yaml_io import Format, Loaded, dump
from ._comments import comment_lines
from ._parser import OK, REFUSED
from ._session import Session, UsageError, same_file

_OTHER = {"cfn2swagger": "swagger2cfn", "swagger2cfn": "cfn2swagger"}


def is_rewrite(args: argparse.Namespace) -> bool:
    """Whether ``--embed`` / ``--unembed`` was given: template in, template out."""
    return bool(getattr(args, "embed", False) or getattr(args, "unembed", False))


def convert_command(session: Session, args: argparse.Namespace) -> int:
    """Run ``cfn2swagger`` or ``swagger2cfn`` on one input; see the parser for the options."""
    rewrite = is_rewrite(args)
    _check_paths(args, rewrite)
    loaded = session.load(args.source)
    check_input(args, loaded, rewrite)
    data, diagnostics = convert(args, loaded, rewrite)
    return emit(session, args, loaded, data, diagnostics, args.source if args.in_place else args.output)


def check_input(args: argparse.Namespace, loaded: Loaded, rewrite: bool) -> None:
    """Refuse an input that does not fit the command and its options (:class:`UsageError`)."""
    if getattr(args, "in_place", False) and not getattr(args, "drop_comments", False) and loaded.format == "yaml":
        lost = comment_lines(loaded.text)
        if lost:
            raise UsageError(f"--in-place would drop the {lost} comment line{'s' if lost > 1 else ''} of "
                             f"{args.source} (the file is written again from its data); pass --drop-comments to "
                             "rewrite it anyway, or -o to write another file")
    _check_kind(args, detected_kind(loaded.data), rewrite)


def convert(args: argparse.Namespace, loaded: Loaded, rewrite: bool) -> tuple[Any, list[Diagnostic]]:
    """The converted data and every diagnostic of one input that :func:`check_input` accepted."""
    to: Target = "openapi" if args.command == "cfn2swagger" else "cfn"
    _, (data, diagnostics) = guarded(run)(loaded.data, detected_kind(loaded.data), to,
                                          version=getattr(args, "openapi", None), api=args.api, body=rewrite,
                                          **_export(args))
    return data, diagnostics


def emit(session: Session, args: argparse.Namespace, loaded: Loaded, data: Any, diagnostics: list[Diagnostic],
         target: str | None, *, one_of_many: bool = False) -> int:
    """Print the diagnostics, apply ``--on-loss`` and write ``data`` to ``target`` (``None`` or ``-``: stdout).

    ``one_of_many``: the input is one of several, and a refusal names it.
    """
    session.add(diagnostics, loaded, show=args.on_loss != "ignore")
    losses = sum(1 for d in diagnostics if is_loss(d))
    if args.on_loss == "error" and losses:
        session.say(f"conversion refused: {losses} loss{'es' if losses > 1 else ''} under --on-loss error; "
                    f"nothing was written{f' for {loaded.name}' if one_of_many else ''}")
        return REFUSED
    text = dump(data, format=_output_format(args.format, target, loaded.format), long_form=args.long_form)
    session.check_output_size(text, "the output" if target in (None, "-") else target)
    if target is None or target == "-":
        session.write_data(text)
    else:
        from ..files import write_atomic  # start-up: only with -o / --in-place

        write_atomic(target, text)
    return OK


def _output_format(asked: Format | None, target: str | None, source_format: Format) -> Format:
    """--format if given, else what the output file's name says (.json, .yaml, .yml), else the input's format."""
    if asked:
        return asked
    suffix = os.path.splitext(target or "")[1].lower()
    by_suffix: dict[str, Format] = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}
    return by_suffix.get(suffix, source_format)


def _check_paths(args: argparse.Namespace, rewrite: bool) -> None:
    """Refuse option combinations that could overwrite the input or make no sense."""
    if args.drop_comments and not args.in_place:
        raise UsageError("--drop-comments goes with --in-place")
    if args.in_place:
        flag = "--embed" if args.command == "cfn2swagger" else "--unembed"
        if not rewrite:
            raise UsageError(f"--in-place needs {flag}: only then is the output the same kind of file as the input")
        if args.source == "-":
            raise UsageError("--in-place needs a file, not standard input")
        if args.output is not None:
            raise UsageError("--in-place and -o/--output exclude each other")
        return
    if args.output not in (None, "-") and args.source != "-" and same_file(args.output, args.source):
        raise UsageError(f"the output {args.output} is the input file; pass --in-place to rewrite it")


def _check_kind(args: argparse.Namespace, kind: str, rewrite: bool) -> None:
    """Refuse an input that does not fit the command and its options."""
    command = args.command
    if command == "cfn2swagger":
        wanted: tuple[str, ...] = ("cfn-integration", "template")
    else:
        wanted = ("openapi-integration", "openapi", "template")
    if kind not in wanted:
        raise UsageError(f"the input is {KIND_NAMES[kind]}; did you mean '{_OTHER[command]}'?")
    flag = "--embed" if command == "cfn2swagger" else "--unembed"
    if rewrite and kind != "template":
        raise UsageError(f"{flag} needs a template, and the input is {KIND_NAMES[kind]}")
    for option, given in (("--api", args.api), ("--openapi", getattr(args, "openapi", None))):
        if given is not None and kind != "template":
            raise UsageError(f"{option} applies to a template, and the input is {KIND_NAMES[kind]}")
    _check_export(args, kind, rewrite)
    if command == "swagger2cfn" and kind == "template" and not rewrite:
        raise UsageError("the input is a CloudFormation template; pass --unembed to turn the OpenAPI Body of its "
                         "RestApi into Method resources")


_RESOLUTION_OPTIONS = ("parameter", "value", "region", "account_id", "partition", "stack_name", "unresolved")
_EXPORT_OPTIONS = ("resolve", "extensions", "stage", "stage_variable", *_RESOLUTION_OPTIONS)


def _flag(dest: str) -> str:
    return "--" + dest.replace("_", "-")


def _check_export(args: argparse.Namespace, kind: str, rewrite: bool) -> None:
    """The offline-export options fit a template to OpenAPI (cfn2swagger) or a document to a template
    (swagger2cfn), never --embed / --unembed; the resolution options need --resolve."""
    given = [dest for dest in _EXPORT_OPTIONS if getattr(args, dest, None) not in (None, False, [])]
    wanted = "template" if args.command == "cfn2swagger" else "openapi"
    for dest in given:
        if kind != wanted or rewrite:
            what = "--embed" if rewrite and args.command == "cfn2swagger" else "--unembed" if rewrite else \
                KIND_NAMES[kind]
            raise UsageError(f"{_flag(dest)} applies to {KIND_NAMES[wanted]} without --embed / --unembed, and "
                             f"the input is {what if not rewrite else 'converted with ' + what}")
        if dest in _RESOLUTION_OPTIONS and not args.resolve:
            raise UsageError(f"{_flag(dest)} needs --resolve")
    if args.command == "swagger2cfn" and args.stage_variable and args.stage is None:
        raise UsageError("--stage-variable needs --stage")


def _export(args: argparse.Namespace) -> dict[str, Any]:
    """The offline-export arguments of :func:`apigw_convert.conversions.run` the options ask for."""
    if args.command == "cfn2swagger":
        return {"resolve": _resolution(args), "extensions": args.extensions, "stage": args.stage}
    return {"stage": args.stage, "stage_variables": _assignments(args.stage_variable, "--stage-variable") or None}


def _assignments(given: list[str], option: str) -> dict[str, str]:
    """``NAME=VALUE`` arguments as a mapping (a later one wins); a malformed one is a usage error."""
    out: dict[str, str] = {}
    for item in given:
        name, equals, value = item.partition("=")
        if not equals or not name:
            raise UsageError(f"{option} takes NAME=VALUE, not {item!r}")
        out[name] = value
    return out


def _resolution(args: argparse.Namespace) -> Any:
    """The :class:`~apigw_convert.Resolution` the options ask for, or None without --resolve."""
    if not args.resolve:
        return None
    from ..resolve import Resolution  # start-up: only with --resolve

    return Resolution(parameters=_assignments(args.parameter, "--parameter"),
                      values=_assignments(args.value, "--value"), region=args.region, account_id=args.account_id,
                      partition=args.partition or "aws", stack_name=args.stack_name,
                      unresolved=args.unresolved or "error")
