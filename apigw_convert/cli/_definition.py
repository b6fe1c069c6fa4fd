"""A Serverless::Api's ``DefinitionUri`` that names a local file (as SAM allows: a path relative to the
template) is read on the command line, where the template's own path is known, and converted as if it were the
``DefinitionBody``; diagnostics inside it point into that file. An S3 location is left to the library, which
reports it (``body-not-inline``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..diagnostics import Diagnostic
from ..pointer import to_pointer
from ..yaml_io import Loaded

_SERVERLESS_API = "AWS::Serverless::Api"


@dataclass
class Inlined:
    """A definition file read into a template: where it went (a pointer prefix) and the file it came from."""

    prefix: str
    loaded: Loaded


def inline_definitions(loaded: Loaded) -> tuple[Any, list[Inlined]]:
    """``loaded``'s data with each local ``DefinitionUri`` file read in as ``DefinitionBody`` (a copy; the
    data itself is unchanged when there is none)."""
    from ..yaml_io import load_document

    resources = loaded.data.get("Resources") if isinstance(loaded.data, Mapping) else None
    if not isinstance(resources, Mapping) or loaded.name in ("-", "<stdin>"):
        return loaded.data, []
    here = os.path.dirname(os.path.abspath(loaded.name))
    data, found = None, []
    for lid, resource in resources.items():
        props = resource.get("Properties") if isinstance(resource, Mapping) else None
        if not isinstance(props, Mapping) or resource.get("Type") != _SERVERLESS_API or "DefinitionBody" in props:
            continue
        uri = props.get("DefinitionUri")
        if not isinstance(uri, str) or uri.startswith("s3://") or not os.path.isfile(os.path.join(here, uri)):
            continue
        definition = load_document(os.path.join(here, uri), name=os.path.join(os.path.dirname(loaded.name), uri))
        if data is None:
            data = {**loaded.data, "Resources": dict(resources)}
        data["Resources"][lid] = {**resource, "Properties": {
            **{k: v for k, v in props.items() if k != "DefinitionUri"}, "DefinitionBody": definition.data}}
        found.append(Inlined(to_pointer(("Resources", str(lid), "Properties", "DefinitionBody")), definition))
    return (data if data is not None else loaded.data), found


def relocate(diagnostics: Iterable[Diagnostic], inlined: list[Inlined]) -> list[Diagnostic]:
    """Diagnostics inside a definition read from a file, pointed into that file (placed at its line)."""
    from dataclasses import replace

    out = []
    for diagnostic in diagnostics:
        for item in inlined:
            if diagnostic.pointer == item.prefix or diagnostic.pointer.startswith(item.prefix + "/"):
                moved = replace(diagnostic, pointer=diagnostic.pointer[len(item.prefix):])
                diagnostic = item.loaded.place(moved)
                break
        out.append(diagnostic)
    return out
