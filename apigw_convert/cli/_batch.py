"""``cfn2swagger`` / ``swagger2cfn`` over many inputs at once: a directory, a glob pattern, or ``--api all``.

The outputs go below ``-o DIR`` with the inputs' paths relative to where the search started (the directory, or
the pattern's fixed part), so the tree is mirrored; ``--api all`` writes one file per API of a template, named
``STEM.API.SUFFIX``. Files found that are not the command's kind of input are skipped without a word; every
other file is converted on its own, and the exit code is the worst of them.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from typing import Any

from ..detect import BODY_PROPERTIES, template_resources
from ..diagnostics import make
from ..errors import ConvertError, LossError
from ._convert import check_input, convert, emit, is_rewrite
from ._inputs import Input, expand, is_pattern, may_be_api
from ._parser import FAILED, OK, REFUSED
from ._session import Session, UsageError, same_file

ALL = "all"


def is_batch(args: argparse.Namespace) -> bool:
    """Whether the command converts many inputs: a directory, a pattern, ``--api all`` or ``-o`` naming a directory."""
    source, output = args.source, args.output
    if source == "-":
        return False
    return (os.path.isdir(source) or is_pattern(source) or args.api == ALL
            or (output not in (None, "-") and os.path.isdir(output)))


def _root(source: str) -> str:
    """Where output paths are made relative to: the directory, the pattern's fixed leading part, or the file's."""
    if os.path.isdir(source):
        return source
    parts = source.split(os.sep)
    fixed = next((i for i, part in enumerate(parts) if is_pattern(part)), len(parts) - 1)
    return os.sep.join(parts[:fixed]) or "."


def api_ids(data: Any) -> list[str | None]:
    """Every REST API of a template (``[None]`` when it has none, so the library says why)."""
    found = template_resources(data)
    resources: Mapping[str, Any] = found[1] if found is not None else {}
    ids = [str(name) for name, resource in resources.items()
           if isinstance(resource, Mapping) and resource.get("Type") in BODY_PROPERTIES]
    return list(ids) or [None]


def _target(args: argparse.Namespace, item: Input, root: str, api: str | None) -> str:
    if args.in_place:
        return item.name
    relative = os.path.relpath(item.name, root)
    if args.api == ALL and api is not None:
        stem, suffix = os.path.splitext(relative)
        relative = f"{stem}.{api}{suffix}"
    return os.path.join(args.output, relative)


def _check(args: argparse.Namespace) -> None:
    if args.in_place:
        if not is_rewrite(args):
            flag = "--embed" if args.command == "cfn2swagger" else "--unembed"
            raise UsageError(f"--in-place needs {flag}: only then is the output the same kind of file as the input")
        if args.output is not None or args.api == ALL:
            raise UsageError("--in-place rewrites each input: it excludes -o/--output and --api all")
        return
    if args.output in (None, "-"):
        raise UsageError("a directory, a pattern or --api all makes several outputs: name a directory with -o DIR")
    if os.path.exists(args.output) and not os.path.isdir(args.output):
        raise UsageError(f"-o {args.output} must be a directory when there are several outputs")


def batch_command(session: Session, args: argparse.Namespace) -> int:
    """Convert every input the source names; see the module docstring."""
    _check(args)
    rewrite = is_rewrite(args)
    root = _root(args.source)
    code = OK
    for item in expand([args.source]):
        if item.unmatched:
            session.add([make("file-not-found", (), f"no file matches {item.name}").at(item.name, None, None)])
            code = max(code, FAILED)
            continue
        try:
            loaded = session.load(item.name)
        except ConvertError as error:
            if not item.found or may_be_api(item.name):
                session.add(error.diagnostics)
                code = max(code, FAILED)
            continue
        try:
            check_input(args_for(args, None), loaded, rewrite)
        except (UsageError, ConvertError):
            if item.found:
                continue  # not this command's kind of input
            raise
        for api in api_ids(loaded.data) if args.api == ALL else [args.api]:
            target = _target(args, item, root, api)
            if not args.in_place and same_file(target, item.name):
                raise UsageError(f"the output {target} is the input file; pass --in-place to rewrite it")
            try:
                data, diagnostics = convert(args_for(args, api), loaded, rewrite)
            except ConvertError as error:
                session.add(error.diagnostics, loaded)
                code = max(code, REFUSED if isinstance(error, LossError) else FAILED)
                continue
            os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
            code = max(code, emit(session, args, loaded, data, diagnostics, target, one_of_many=True))
    return code


def args_for(args: argparse.Namespace, api: str | None) -> argparse.Namespace:
    """The options of one conversion: ``--api all`` becomes one API (``None``: let the library choose)."""
    return argparse.Namespace(**{**vars(args), "api": None if api == ALL else api})
