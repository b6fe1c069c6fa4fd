"""What one command run shares: the streams, the documents read, the diagnostics found, the report file."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from ..diagnostics import Diagnostic

if TYPE_CHECKING:
    from ..yaml_io import Loaded


_CHUNK = 1 << 16


class UsageError(Exception):
    """The command line asks for something that does not fit (exit code 2)."""


class Session:
    """The context of one command: it reads inputs, prints and records diagnostics, writes outputs.

    Every diagnostic goes through :meth:`add`, which fills in file, line and column from the document it
    points into, keeps it for the report and prints it on :attr:`shown` (unless told not to: ``--on-loss
    ignore``): stderr, or stdout where the findings are the command's output (``validate``).
    """

    def __init__(self, command: str, stdin: IO[Any], stdout: IO[str], stderr: IO[str], *,
                 report: str | None = None, max_input: int | None = None) -> None:
        self.command = command
        self.max_input = max_input
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.report_path = report
        self.inputs: list[str] = []
        self.diagnostics: list[Diagnostic] = []
        self.shown = stderr
        self._current: Loaded | None = None

    def refuse_report_over(self, inputs: Iterable[str], outputs: Iterable[str] = ()) -> None:
        """A usage error, and no report written, when ``--report`` names one of ``inputs`` (files found to read,
        beyond those the command line names) or ``outputs`` (files to write)."""
        report = self.report_path
        if report is None:
            return
        real = os.path.realpath(report)
        clash = next((f"the input file {name}" for name in inputs if same_file(report, name)), None) or next(
            (f"the output {name}" for name in outputs if same_file(report, name) or os.path.realpath(name) == real),
            None)
        if clash is not None:
            self.report_path = None
            raise UsageError(f"the report {report} is {clash}")

    @property
    def current(self) -> Loaded | None:
        """The document being worked on; local files it names (a SAM ``DefinitionUri``) are read beside it."""
        return self._current

    @current.setter
    def current(self, loaded: Loaded | None) -> None:
        from ..sam import BASE_DIRECTORY  # start-up: `schema` reads no file, and only documents name files

        self._current = loaded
        name = loaded.name if loaded is not None else None
        BASE_DIRECTORY.set(os.path.dirname(os.path.abspath(name)) if name and os.path.isfile(name) else None)

    def load(self, argument: str) -> Loaded:
        """Read the file named on the command line (``-``: standard input); sets :attr:`current`.

        Raises:
            InputError: the file is missing, unreadable, not UTF-8, not YAML or JSON ... (with file:line:col).
        """
        from ..yaml_io import load_document  # start-up: `schema` reads no file

        self.current = None
        if argument == "-":
            self.inputs.append("<stdin>")
            source: Any = getattr(self.stdin, "buffer", self.stdin)
            loaded = load_document(source, name="<stdin>", keep_nodes=True, max_bytes=self.max_input)
        else:
            shown = printable(argument)
            self.inputs.append(shown)
            loaded = load_document(argument, name=shown, keep_nodes=True, max_bytes=self.max_input)
        self.current = loaded
        return loaded

    def add(self, diagnostics: Iterable[Diagnostic], loaded: Loaded | None = None, *, show: bool = True) -> None:
        """Place (file:line:col), record and (if ``show``) print diagnostics about ``loaded``.

        ``loaded`` defaults to :attr:`current`, the document read last.
        """
        where = loaded if loaded is not None else self.current
        for diagnostic in diagnostics:
            if diagnostic.file is None and where is not None:
                diagnostic = where.place(diagnostic)
            self.diagnostics.append(diagnostic)
            if show:
                self.shown.write(f"{diagnostic}\n")

    def write_data(self, text: str) -> None:
        """Write ``text`` on stdout in pieces, then flush.

        A pipe closed by its reader (``| head -1``) can take part of one large write without an error; writing
        in pieces makes the next one fail with :class:`BrokenPipeError`, which :func:`run` turns into an exit code.
        """
        for start in range(0, len(text), _CHUNK):
            self.stdout.write(text[start:start + _CHUNK])
        self.stdout.flush()

    def check_output_size(self, text: str, target: str) -> None:
        """Say so when the output is larger than an input may be: reading it back needs a larger limit."""
        from .. import yaml_io  # start-up: as in load

        limit = self.max_input if self.max_input is not None else yaml_io.MAX_INPUT_BYTES
        size = len(text.encode("utf-8")) if len(text) > limit // 4 else 0  # UTF-8: at most 4 bytes a character
        if size > limit:
            self.say(f"note: {target} is {size} bytes, more than the input limit of {limit} bytes; read it back "
                     f"with --max-input-size {size}")

    def say(self, message: str) -> None:
        """One line on stderr, prefixed with the program name."""
        self.stderr.write(f"apigw-convert {self.command}: {message}\n")

    def write_report(self) -> None:
        """Write the report file, if one was asked for (atomically).

        Raises:
            OSError: it cannot be written.
        """
        if self.report_path is None:
            return
        from ..files import write_atomic  # start-up: only with --report
        from ._formats import report_document

        document = report_document(self.command, self.inputs, self.diagnostics)
        write_atomic(self.report_path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def printable(path: str) -> str:
    """A command-line path as text: bytes that are not UTF-8 (kept by Python as lone surrogates, which no
    stream or file can encode) are written as ``\\xNN``."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return path


def same_file(a: str, b: str) -> bool:
    """Whether two command-line paths name the same existing file."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
