"""What one command run shares: the streams, the documents read, the diagnostics found, the report file."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
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
    points into, keeps it for the report and prints it on stderr (unless told not to: ``--on-loss ignore``).
    """

    def __init__(self, command: str, stdin: IO[Any], stdout: IO[str], stderr: IO[str], *,
                 report: str | None = None) -> None:
        self.command = command
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.report_path = report
        self.inputs: list[str] = []
        self.diagnostics: list[Diagnostic] = []
        self.current: Loaded | None = None

    def load(self, argument: str) -> Loaded:
        """Read the file named on the command line (``-``: standard input); sets :attr:`current`.

        Raises:
            InputError: the file is missing, unreadable, not UTF-8, not YAML or JSON ... (with file:line:col).
        """
        from ..yaml_io import load_document

        self.current = None
        if argument == "-":
            self.inputs.append("<stdin>")
            source: Any = getattr(self.stdin, "buffer", self.stdin)
            loaded = load_document(source, name="<stdin>", keep_nodes=True)
        else:
            self.inputs.append(argument)
            loaded = load_document(Path(argument), name=argument, keep_nodes=True)
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
                self.stderr.write(f"{diagnostic}\n")

    def write_data(self, text: str) -> None:
        """Write ``text`` on stdout in pieces, then flush.

        A pipe closed by its reader (``| head -1``) can take part of one large write without an error; writing
        in pieces makes the next one fail with :class:`BrokenPipeError`, which :func:`run` turns into an exit code.
        """
        for start in range(0, len(text), _CHUNK):
            self.stdout.write(text[start:start + _CHUNK])
        self.stdout.flush()

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
        from ..files import write_atomic
        from ._formats import report_document

        document = report_document(self.command, self.inputs, self.diagnostics)
        write_atomic(self.report_path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def same_file(a: str, b: str) -> bool:
    """Whether two command-line paths name the same existing file."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
