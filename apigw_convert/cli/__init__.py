"""The ``apigw-convert`` command line: ``main()`` exits with what ``run()`` returns.

:func:`run` takes its arguments and streams as parameters, so that tests call it in-process exactly as the
console script does, and it never raises: every outcome is an exit code (see ``apigw-convert --help``).
Data goes to stdout (or ``-o``), diagnostics to stderr (and ``--report``). Commands import what they need
when they run, so that starting up stays cheap.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import gc
import io
import os
import signal
import sys
from collections.abc import Sequence
from typing import IO, Any, NoReturn, cast

from .. import __version__
from ..errors import ConvertError, LossError
from ._parser import BROKEN_PIPE, FAILED, INTERNAL, INTERRUPTED, OK, REFUSED, TERMINATED, USAGE, build_parser
from ._session import Session, UsageError, same_file

__all__ = ["main", "run"]


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived: unwound like Ctrl-C (a file being written is removed), but exit code 143."""


def _on_sigterm(signum: int, frame: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once is enough: the cleanup runs undisturbed
    raise Terminated


def _interrupted(interrupt: KeyboardInterrupt) -> int:
    return TERMINATED if isinstance(interrupt, Terminated) else INTERRUPTED


class _Closed(io.TextIOBase):
    """Stands for a standard stream the process was started without (``>&-``): using it is an OSError."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = name

    def _fail(self) -> NoReturn:
        raise OSError(errno.EBADF, f"{self._name} is closed")

    def write(self, text: str) -> int:
        self._fail()

    def read(self, size: int | None = -1) -> str:
        self._fail()


def _stream(given: IO[Any] | None, default: IO[Any] | None, name: str | None) -> IO[Any]:
    """``given``, else the process's stream, else (started without it) one that says it is closed; for stderr
    (``name`` None) one that keeps what is written where nobody reads it."""
    if given is not None:
        return given
    if default is not None:
        return default
    return cast(IO[Any], _Closed(name) if name is not None else io.StringIO())


def _prepare_streams() -> None:
    """Data on stdout is UTF-8 whatever the locale or PYTHONIOENCODING says (files are UTF-8 too); messages on
    stderr escape what its encoding cannot show instead of failing."""
    for stream, settings in ((sys.stdout, {"encoding": "utf-8"}), (sys.stderr, {"errors": "backslashreplace"})):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(**settings)  # type: ignore[union-attr]


def main() -> NoReturn:
    """The console script: run with the process's arguments and streams, then exit with the code.

    The process is one-shot and its input is bounded (see ``yaml_io.MAX_INPUT_BYTES``), so the cyclic garbage
    collector is switched off: it would only walk the growing document again and again (a third of a large
    conversion's time; peak memory measured unchanged). ``run()``, which tests call in process, leaves it alone.
    """
    gc.disable()
    with contextlib.suppress(ValueError, OSError, AttributeError):  # no SIGTERM here (Windows) or not settable
        signal.signal(signal.SIGTERM, _on_sigterm)
    _prepare_streams()
    try:
        code = run()
        if code != BROKEN_PIPE and sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        code = BROKEN_PIPE
    except KeyboardInterrupt as interrupt:
        code = _interrupted(interrupt)
    if code == BROKEN_PIPE:
        _silence_stdout()
    sys.exit(code)


def run(argv: Sequence[str] | None = None, stdin: IO[Any] | None = None, stdout: IO[str] | None = None,
        stderr: IO[str] | None = None) -> int:
    """Run one ``apigw-convert`` command and return its exit code; never raises.

    Args:
        argv: the arguments after the program name (default: ``sys.argv[1:]``).
        stdin: where ``-`` reads from; a binary ``.buffer`` is used when present (default: ``sys.stdin``).
        stdout: where data goes (default: ``sys.stdout``).
        stderr: where diagnostics and messages go (default: ``sys.stderr``).
    """
    stdin = _stream(stdin, sys.stdin, "standard input")
    stdout = _stream(stdout, sys.stdout, "standard output")
    stderr = _stream(stderr, sys.stderr, None)
    args = _parse(list(sys.argv[1:] if argv is None else argv), stdout, stderr)
    if isinstance(args, int):
        return args
    report = getattr(args, "report", None)
    problem = _usage_problem(args)
    if problem is not None:
        stderr.write(f"apigw-convert {args.command}: error: {problem}\n")
        return USAGE
    if report is not None and not os.path.isdir(os.path.dirname(os.path.abspath(report))):
        stderr.write(f"apigw-convert {args.command}: cannot write the report {report}: its directory does not "
                     "exist; nothing was done\n")
        return FAILED
    session = Session(args.command, stdin, stdout, stderr, report=report,
                      max_input=getattr(args, "max_input_size", None))
    try:
        code = _dispatch(session, args)
    except KeyboardInterrupt as interrupt:
        code = _interrupted(interrupt)
        session.say("terminated" if code == TERMINATED else "interrupted")
    except BrokenPipeError:
        return BROKEN_PIPE
    except UsageError as error:
        stderr.write(f"apigw-convert {args.command}: error: {error}\n")
        code = USAGE
    except ConvertError as error:
        session.add(error.diagnostics)
        if any(d.code == "several-apis" for d in error.diagnostics):
            session.say("choose one with --api LOGICAL_ID")
        missing = sum(1 for d in error.diagnostics if d.code == "unresolved-value")
        if missing:
            places = f"{missing} places need" if missing > 1 else "1 place needs"
            session.say(f"resolution stopped: {places} a value only a deployed stack knows; give the options named "
                        "above, or pass --unresolved keep")
        if isinstance(error, LossError):
            session.say("conversion refused: the target cannot express the losses above; nothing was written")
        code = REFUSED if isinstance(error, LossError) else FAILED
    except OSError as error:
        session.say(_os_message(error))
        code = FAILED
    except Exception:  # a bug: say so with the traceback, but keep the exit-code contract
        import traceback  # start-up: needed only when there is a bug to report

        session.say("internal error, please report it with this traceback:")
        stderr.write(traceback.format_exc())
        code = INTERNAL
    return _finish(session, code)


def _parse(argv: list[str], stdout: IO[str], stderr: IO[str]) -> argparse.Namespace | int:
    """Parsed arguments, or the exit code when argparse printed help (0) or a usage error (2)."""
    parser = build_parser(__version__)
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            return parser.parse_args(argv)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else USAGE
    except BrokenPipeError:
        return BROKEN_PIPE


def _usage_problem(args: argparse.Namespace) -> str | None:
    """What makes the file arguments unusable together, before anything is read or written."""
    for name in ("source", "a", "b"):  # argparse leaves [] for a positional given as a second '--'
        if isinstance(getattr(args, name, None), list):
            return f"the file argument {name.upper() if name != 'source' else 'IN'} is missing"
    report, output = getattr(args, "report", None), getattr(args, "output", None)
    for flag, value in (("-o/--output", output), ("--report", report)):
        if value == "":
            return f"{flag} needs a file name"
    if report is not None:
        if any(same_file(report, path) for path in _input_paths(args)):
            return f"the report {report} is an input file"
        if output not in (None, "-") and _same_target(report, output):
            return f"the report and the output are both {output}"
    if getattr(args, "a", None) == "-" and getattr(args, "b", None) == "-":
        return "only one of A and B can be standard input"
    if list(getattr(args, "sources", [])).count("-") > 1:
        return "standard input can be read once"
    return None


def _same_target(a: str, b: str) -> bool:
    """Whether two paths to write name one file (which may not exist yet); a device or pipe takes both."""
    if not (same_file(a, b) or os.path.realpath(a) == os.path.realpath(b)):
        return False
    return not os.path.exists(a) or os.path.isfile(a)


def _input_paths(args: argparse.Namespace) -> list[str]:
    """The files named as inputs on the command line."""
    names = [getattr(args, name, None) for name in ("source", "a", "b")] + list(getattr(args, "sources", []))
    return [name for name in names if name not in (None, "-")]


def _dispatch(session: Session, args: argparse.Namespace) -> int:
    if args.command in ("cfn2swagger", "swagger2cfn"):
        from ._convert import convert_command  # start-up: each command imports what it uses when it runs

        return convert_command(session, args)
    if args.command == "diff":
        from ._diff import diff_command  # start-up: as above

        return diff_command(session, args)
    if args.command == "validate":
        from ._validate import validate_command  # start-up: as above

        return validate_command(session, args)
    from ..schemas import render  # start-up: as above

    session.write_data(render(args.name))
    return OK


def _finish(session: Session, code: int) -> int:
    """Write the report (whatever the outcome); a report that cannot be written turns success into 1."""
    try:
        session.write_report()
    except OSError as error:
        session.say(f"cannot write the report: {_os_message(error)}")
        return code or FAILED
    except KeyboardInterrupt as interrupt:
        return _interrupted(interrupt)
    return code


def _os_message(error: OSError) -> str:
    reason = error.strerror or str(error)
    return f"{error.filename}: {reason}" if error.filename else reason


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at devnull so that the interpreter's last flush stays quiet."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
