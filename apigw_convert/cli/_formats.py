"""Findings in the formats pipelines read: the JSON report, SARIF 2.1.0, GitHub workflow annotations.

SARIF: one run whose rules are the codes found (the summary as short description, the fix hint as help, the
severity as default level); each result names its file (a URI relative to the working directory when the file
lies below it), line and column, and its JSON pointer as a logical location.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote

from .. import __version__
from ..diagnostics import CODES, CodeName, Diagnostic

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
_STDIN = "<stdin>"


def report_document(command: str, inputs: Sequence[str], diagnostics: Sequence[Diagnostic]) -> dict[str, Any]:
    """The ``--report`` shape (``apigw-convert schema report``)."""
    return {
        "input": ", ".join(inputs) if inputs else None,
        "command": command,
        "diagnostics": [d.to_dict() for d in diagnostics],
    }


def _uri(file: str) -> str:
    """A relative URI for a file below the working directory, else a ``file:`` URI."""
    path = Path(file).resolve()
    try:
        return quote(path.relative_to(Path(os.getcwd()).resolve()).as_posix())
    except ValueError:
        return path.as_uri()


def _sarif_result(diagnostic: Diagnostic, index: int) -> dict[str, Any]:
    location: dict[str, Any] = {"logicalLocations": [{"fullyQualifiedName": diagnostic.pointer or "/",
                                                      "kind": "object"}]}
    if diagnostic.file is not None and diagnostic.file != _STDIN:
        physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(diagnostic.file)}}
        if diagnostic.line is not None:
            physical["region"] = {"startLine": diagnostic.line, "startColumn": diagnostic.column or 1}
        location["physicalLocation"] = physical
    return {
        "ruleId": diagnostic.code,
        "ruleIndex": index,
        "level": _SARIF_LEVEL[diagnostic.severity],
        "message": {"text": f"{diagnostic.message} (at {diagnostic.pointer or '/'})"},
        "locations": [location],
    }


def sarif(diagnostics: Sequence[Diagnostic], version: str) -> dict[str, Any]:
    """A SARIF 2.1.0 log of one run."""
    codes = list(dict.fromkeys(d.code for d in diagnostics))
    rules = []
    for code in codes:
        info = CODES[cast(CodeName, code)]
        rule: dict[str, Any] = {"id": code, "shortDescription": {"text": info.summary},
                                "defaultConfiguration": {"level": _SARIF_LEVEL[info.severity]}}
        if info.hint:
            rule["help"] = {"text": info.hint}
        rules.append(rule)
    index = {code: i for i, code in enumerate(codes)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "apigw-convert", "version": version, "rules": rules}},
            "results": [_sarif_result(d, index[d.code]) for d in diagnostics],
        }],
    }


def _escape(text: str, *, property_value: bool = False) -> str:
    """Escape a workflow command's data (``%``, CR, LF) or property value (also ``:`` and ``,``)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def github(diagnostics: Sequence[Diagnostic]) -> str:
    """One ``::error file=...,line=...,col=...::message`` workflow command per diagnostic."""
    lines = []
    for d in diagnostics:
        properties = []
        if d.file is not None and d.file != _STDIN:
            properties.append(f"file={_escape(d.file, property_value=True)}")
            if d.line is not None:
                properties.append(f"line={d.line},col={d.column or 1}")
        properties.append(f"title={_escape(d.code, property_value=True)}")
        message = _escape(f"{d.code} at {d.pointer or '/'}: {d.message}")
        lines.append(f"::{_GITHUB_LEVEL[d.severity]} {','.join(properties)}::{message}\n")
    return "".join(lines)


def render(name: str, command: str, inputs: Sequence[str], diagnostics: Sequence[Diagnostic]) -> str:
    """The findings as format ``name`` (``json``, ``sarif`` or ``github``) writes them on stdout."""
    if name == "github":
        return github(diagnostics)
    if name == "sarif":
        document = sarif(diagnostics, __version__)
    else:
        document = report_document(command, inputs, diagnostics)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
