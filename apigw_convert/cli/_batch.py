"""``cfn2swagger`` / ``swagger2cfn`` over many inputs at once: a directory, a glob pattern, or ``--api all``.

The outputs go below ``-o DIR`` with the inputs' paths relative to where the search started (the directory, or
the pattern's fixed part), so the tree is mirrored; ``--api all`` writes one file per API of a template, named
``STEM.API.SUFFIX``. Files found that are not the command's kind of input are skipped without a word; every
other file is converted on its own, and the exit code is the worst of them. When the files add up to enough
work, ``-j N`` worker processes share them (see :mod:`._pool`); what each file prints comes in the order of
the files either way. An output that would be an input file (its own, or another one's) is a usage error found
before any file is written: every output path is worked out first (under ``--api all`` that reads each file once
more, for its APIs).
"""

from __future__ import annotations

import argparse
import io
import os
from dataclasses import dataclass
from functools import partial
from typing import Any

from ..diagnostics import Diagnostic, make
from ..errors import ConvertError, LossError
from ..resource_types import APIS
from ._convert import check_input, convert, emit, is_rewrite
from ._inputs import Input, expand, is_pattern, may_be_api
from ._parser import FAILED, OK, REFUSED
from ._pool import in_order
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
    from ..documents.walk import TemplateWalk  # start-up: only --api all walks a template

    return [str(resource.lid) for resource in TemplateWalk(data).of_type(*APIS)] or [None]


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
    root = _root(args.source)
    items = expand([args.source])
    files = [item for item in items if not item.unmatched]
    _refuse_overwrites(session, args, root, files)
    convert_one = partial(_recorded, args=args, root=root, max_input=session.max_input)
    results = in_order(convert_one, files, [item.name for item in files], args.jobs)
    code = OK
    for item in items:
        if item.unmatched:
            session.add([make("file-not-found", (), f"no file matches {item.name}").at(item.name, None, None)])
            code = max(code, FAILED)
            continue
        done = next(results)
        session.stderr.write(done.messages)
        session.inputs += done.inputs
        session.diagnostics += done.diagnostics
        if done.error is not None:  # a usage error, or what run() reports (the worker did not print it)
            raise done.error
        code = max(code, done.code)
    return code


def _refuse_overwrites(session: Session, args: argparse.Namespace, root: str, files: list[Input]) -> None:
    """A usage error, before anything is written, when an output would be an input file (its own or another's), or
    the report an input or an output."""
    names = [item.name for item in files]
    if args.in_place:
        session.refuse_report_over(names)
        return
    inputs: dict[tuple[int, int], str] = {}
    for item in files:
        key = _identity(item.name)
        if key is not None:
            inputs.setdefault(key, item.name)
    plan = partial(_targets, args=args, root=root, max_input=session.max_input)
    planned = list(in_order(plan, files, names, args.jobs) if args.api == ALL else map(plan, files))
    session.refuse_report_over(names, [target for targets in planned for target in targets])
    for item, targets in zip(files, planned, strict=True):
        for target in targets:
            key = _identity(target)
            hit = inputs.get(key) if key is not None else None
            if hit is not None and same_file(hit, item.name):
                raise UsageError(f"the output {target} is the input file; pass --in-place to rewrite it")
            if hit is not None:
                raise UsageError(f"the output {target} of {item.name} is the input file {hit}")


def _identity(path: str) -> tuple[int, int] | None:
    """The device and inode of an existing file, ``None`` for a path that names none."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _targets(item: Input, args: argparse.Namespace, root: str, max_input: int | None) -> list[str]:
    """The output paths of one input (in a worker process too); under ``--api all`` it is read for its APIs (none
    when it cannot be, or is not the command's kind of input: converting it says so)."""
    if args.api != ALL:
        return [_target(args, item, root, args.api)]
    session = Session(args.command, io.StringIO(), io.StringIO(), io.StringIO(), max_input=max_input)
    try:
        loaded = session.load(item.name)
        check_input(args_for(args, None), loaded, is_rewrite(args))
    except (UsageError, ConvertError):
        return []
    return [_target(args, item, root, api) for api in api_ids(loaded.data)]


@dataclass
class Outcome:
    """What converting one input did, for the main process to pass on in the order of the inputs: the lines it
    printed on stderr, the inputs read, every diagnostic, its exit code, and an error that stops the command."""

    messages: str
    inputs: list[str]
    diagnostics: list[Diagnostic]
    code: int
    error: Exception | None = None


def _recorded(item: Input, args: argparse.Namespace, root: str, max_input: int | None) -> Outcome:
    """Convert one input (in a worker process too) with a session that records what it prints."""
    messages = io.StringIO()
    session = Session(args.command, io.StringIO(), io.StringIO(), messages, max_input=max_input)
    error: Exception | None = None
    try:
        code = _convert_one(session, args, item, root)
    except UsageError as stop:
        code, error = FAILED, stop
    except ConvertError as stop:  # placed here, where the document it points into is known
        where = session.current
        stop.diagnostics = tuple(where.place(d) if where is not None and d.file is None else d
                                 for d in stop.diagnostics)
        code, error = FAILED, stop
    return Outcome(messages.getvalue(), session.inputs, session.diagnostics, code, error)


def _convert_one(session: Session, args: argparse.Namespace, item: Input, root: str) -> int:
    """Convert one input file (each of its APIs under ``--api all``) and write the outputs; the exit code."""
    rewrite = is_rewrite(args)
    try:
        loaded = session.load(item.name)
    except ConvertError as error:
        if not item.found or may_be_api(item.name):
            session.add(error.diagnostics)
            return FAILED
        return OK
    try:
        check_input(args_for(args, None), loaded, rewrite)
    except (UsageError, ConvertError):
        if item.found:
            return OK  # not this command's kind of input
        raise
    code = OK
    for api in api_ids(loaded.data) if args.api == ALL else [args.api]:
        target = _target(args, item, root, api)
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
