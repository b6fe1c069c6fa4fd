"""``diff``: bring both files to OpenAPI through the library, then list every difference with deepdiff."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..conversions import detected_kind
from ..diagnostics import is_loss
from ..integration import integration
from ..pointer import to_pointer
from ..policy import Converted, guarded
from ..yaml_io import Loaded
from ._parser import FAILED, OK
from ._session import Session, UsageError

_INTEGRATIONS = ("cfn-integration", "openapi-integration")
_WIDTH = 160


def diff_command(session: Session, args: argparse.Namespace) -> int:
    """Print each difference as ``POINTER: A -> B`` on stdout; exit 0 when there is none, else 1."""
    first, second = session.load(args.a), session.load(args.b)
    kinds = [detected_kind(first.data), detected_kind(second.data)]
    if (kinds[0] in _INTEGRATIONS) != (kinds[1] in _INTEGRATIONS):
        raise UsageError(f"cannot compare {_what(kinds[0])} ({args.a}) with {_what(kinds[1])} ({args.b}); "
                         "compare two integrations or two documents")
    a = _canonical(session, first, kinds[0], args.api)
    b = _canonical(session, second, kinds[1], args.api)
    lines = differences(a, b)
    session.write_data("".join(line + "\n" for line in lines))
    if lines:
        session.say(f"{len(lines)} difference{'s' if len(lines) > 1 else ''} between {args.a} and {args.b}")
    return FAILED if lines else OK


def _what(kind: str) -> str:
    return "an integration" if kind in _INTEGRATIONS else "a document"


def _canonical(session: Session, loaded: Loaded, kind: str, api: str | None) -> Any:
    """``loaded`` as OpenAPI, written by the library (one spelling for both sides).

    What the canonical form cannot express is left out of the comparison: the diagnostics go to the report,
    and one line on stderr says how many there were.
    """
    session.current = loaded
    if kind in _INTEGRATIONS:
        from ..documents.refs import unwrap_pseudo  # start-up: integrations need no document code

        data, diagnostics = guarded(integration)(loaded.data, "cfn" if kind == "cfn-integration" else "openapi",
                                                 "openapi")
        data = unwrap_pseudo(data)  # Fn::Sub of only what the OpenAPI import resolves itself, as in documents
    else:
        data, diagnostics = guarded(canonical)(loaded.data, kind, api)
    session.add(diagnostics, loaded, show=False)
    losses = sum(1 for d in diagnostics if is_loss(d))
    if losses:
        session.say(f"note: {loaded.name}: {losses} loss{'es' if losses > 1 else ''} on the way to the canonical "
                    "form, not compared (--report lists them)")
    return data


def canonical(data: Any, kind: str, api: str | None) -> Converted[Any]:
    """A template (its RestApi, an inline Body included) or an OpenAPI document of either version as the
    OpenAPI 3.0 document the library writes for it: the one spelling both sides of a ``diff`` are compared in.

    An OpenAPI document goes through a template and back, which applies exactly the canonicalizations listed
    in :mod:`apigw_convert.documents`; the diagnostics returned are those of the first step, the ones with
    paths into ``data`` (the way back reads a template the library wrote).
    """
    from ..documents import pipeline, to_openapi  # start-up: whole documents are imported for documents only

    if kind == "template":
        return to_openapi(data, "3.0", api)
    template, diagnostics = pipeline.openapi_to_template(data)
    out, _ = pipeline.template_to_openapi(template, "3.0", None)
    return out, diagnostics


def differences(a: Any, b: Any) -> list[str]:
    """Every difference between two canonical forms, one line each, sorted by pointer.

    Mappings are walked here, in time linear in the size of the two forms; only lists that differ go to
    deepdiff, which pairs their items (its cost grows faster than linearly, so it never sees a whole form).
    """
    found: list[tuple[tuple[str, ...], str]] = []
    _walk(a, b, [], found)
    return [line for _, line in sorted(found)]


_ABSENT = object()


def _walk(a: Any, b: Any, path: list[Any], found: list[tuple[tuple[str, ...], str]]) -> None:
    if a.__class__ is dict and b.__class__ is dict:
        for key, value in a.items():
            _walk(value, b.get(key, _ABSENT), [*path, key], found)
        for key, value in b.items():
            if key not in a:
                _walk(_ABSENT, value, [*path, key], found)
    elif a.__class__ is list and b.__class__ is list:
        if not _same(a, b):
            _list_differences(a, b, path, found)
    elif not _same(a, b):
        left = "(absent)" if a is _ABSENT else _short(a)
        right = "(absent)" if b is _ABSENT else _short(b)
        found.append((tuple(str(token) for token in path), f"{to_pointer(path) or '/'}: {left} -> {right}"))


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (``1``, ``1.0`` and ``True`` differ)."""
    if a.__class__ is not b.__class__:
        return False
    if a.__class__ is dict:
        return a.keys() == b.keys() and all(_same(value, b[key]) for key, value in a.items())
    if a.__class__ is list:
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _list_differences(a: list[Any], b: list[Any], path: list[Any],
                      found: list[tuple[tuple[str, ...], str]]) -> None:
    from deepdiff import DeepDiff  # start-up: deepdiff is imported only for lists that differ
    from deepdiff.helper import notpresent

    for changes in DeepDiff(a, b, view="tree", verbose_level=2).values():
        for change in changes:
            where = [*path, *change.path(output_format="list")]
            left = "(absent)" if change.t1 is notpresent else _short(change.t1)
            right = "(absent)" if change.t2 is notpresent else _short(change.t2)
            found.append((tuple(str(token) for token in where), f"{to_pointer(where) or '/'}: {left} -> {right}"))


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=False, default=str)
    return text if len(text) <= _WIDTH else text[:_WIDTH - 3] + "..."
