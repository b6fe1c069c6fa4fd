"""``diff``: bring both files to OpenAPI through the library, then list every difference with deepdiff."""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from ..conversions import detected_kind
from ..diagnostics import Diagnostic, leaves_out
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
    (name_a, api_a), (name_b, api_b) = (side(args.a, args.api_a, args.api), side(args.b, args.api_b, args.api))
    first, second = session.load(name_a), session.load(name_b)
    kinds = [detected_kind(first.data), detected_kind(second.data)]
    if (kinds[0] in _INTEGRATIONS) != (kinds[1] in _INTEGRATIONS):
        raise UsageError(f"cannot compare {_what(kinds[0])} ({args.a}) with {_what(kinds[1])} ({args.b}); "
                         "compare two integrations or two documents")
    a, lost_a = _canonical(session, first, kinds[0], api_a, args.ignore_losses)
    b, lost_b = _canonical(session, second, kinds[1], api_b, args.ignore_losses)
    if (lost_a or lost_b) and not args.ignore_losses:
        session.say(f"could not compare {args.a} and {args.b}: {lost_a + lost_b} loss"
                    f"{'es' if lost_a + lost_b > 1 else ''} on the way to the OpenAPI form (listed above); "
                    "--ignore-losses compares what remains")
        return FAILED
    lines = differences(a, b)
    session.write_data("".join(line + "\n" for line in lines))
    if lines:
        session.say(f"{len(lines)} difference{'s' if len(lines) > 1 else ''} between {args.a} and {args.b}")
    return FAILED if lines else OK


def _what(kind: str) -> str:
    return "an integration" if kind in _INTEGRATIONS else "a document"


def side(argument: str, api: str | None, shared: str | None) -> tuple[str, str | None]:
    """The file and the API of one side: ``--api-a`` / ``--api-b`` first, then a ``FILE#LOGICAL_ID`` suffix
    (when ``FILE`` exists and the whole argument does not), then ``--api``."""
    name, _, suffix = argument.rpartition("#")
    if name and suffix and not os.path.exists(argument) and os.path.exists(name):
        if api is not None and api != suffix:
            raise UsageError(f"{argument} and --api-a/--api-b {api} name two APIs")
        return name, suffix
    return argument, api if api is not None else shared


def _canonical(session: Session, loaded: Loaded, kind: str, api: str | None, ignore: bool) -> tuple[Any, int]:
    """``loaded`` as OpenAPI, written by the library (one spelling for both sides), and how many losses there
    were on the way.

    What the canonical form cannot express cannot be compared: each loss that leaves something out is printed
    (and goes to the report); with ``ignore`` one line on stderr says how many there were and the rest is
    compared. A condition or outer reference kept as written (``undefined-condition``, ``outer-reference``: an
    OpenAPI document written for a template) is compared like any other value and only goes to the report, and
    so is a document's own ``Error`` model (``builtin-model``), whose name the way back restores.
    """
    session.current = loaded
    if kind in _INTEGRATIONS:
        from ..documents.refs import protect_literals, unwrap_pseudo  # start-up: integrations need no documents

        cfn = kind == "cfn-integration"  # a plain ${AWS::Region} is literal there: it stays apart from an Fn::Sub
        data, diagnostics = guarded(integration)(protect_literals(loaded.data) if cfn else loaded.data,
                                                 "cfn" if cfn else "openapi", "openapi")
        data = unwrap_pseudo(data)  # Fn::Sub of only what the OpenAPI import resolves itself, as in documents
    else:
        data, diagnostics = guarded(canonical)(loaded.data, kind, api)
    losses = sum(1 for d in diagnostics if _blocks(d))
    session.add([d for d in diagnostics if not _blocks(d)], loaded, show=False)
    session.add([d for d in diagnostics if _blocks(d)], loaded, show=not ignore)
    if losses and ignore:
        session.say(f"note: {loaded.name}: {losses} loss{'es' if losses > 1 else ''} on the way to the canonical "
                    "form, not compared (--report lists them)")
    return data, losses


def _blocks(diagnostic: Diagnostic) -> bool:
    """Whether a diagnostic stops the comparison: a loss that leaves something out of the canonical form.

    ``openapi-version-loss`` does not: in the OpenAPI 3.0 form it is a 2.0-only key (``consumes``, ``produces``,
    ``schemes``, ``collectionFormat``, a response's ``examples``), whose meaning to API Gateway the form already
    holds (the media types of ``content``) or that API Gateway ignores, and a 2.0 document read on its own drops
    it on the way back too: a template's 2.0 ``Body`` compares as that document does.
    """
    return leaves_out(diagnostic) and diagnostic.code != "openapi-version-loss"


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

    def set_like(level: Any) -> bool:
        return unordered([*path, *level.path(output_format="list")])

    before = len(found)
    for changes in DeepDiff(a, b, view="tree", verbose_level=2, ignore_order_func=set_like).values():
        for change in changes:
            where = [*path, *change.path(output_format="list")]
            left = "(absent)" if change.t1 is notpresent else _short(change.t1)
            right = "(absent)" if change.t2 is notpresent else _short(change.t2)
            found.append((tuple(str(token) for token in where), f"{to_pointer(where) or '/'}: {left} -> {right}"))
    if len(found) == before and unordered(path):
        _unmatched(a, b, path, found)


def _unmatched(a: list[Any], b: list[Any], path: list[Any], found: list[tuple[tuple[str, ...], str]]) -> None:
    """The items of two set-like lists that have no equal on the other side, each as removed or added.

    deepdiff pairs the items of a set-like list by a hash that ignores the order of every list inside them, so
    two items that differ only in an ordered list (the branches of an ``Fn::If``) look equal to it.
    """
    left = [_settled(item, [*path, index]) for index, item in enumerate(a)]
    right = [_settled(item, [*path, index]) for index, item in enumerate(b)]
    for items, others, removed in ((left, set(right), True), (right, set(left), False)):
        for index, item in enumerate(items):
            if item not in others:
                where = [*path, index]
                value = _short((a if removed else b)[index])
                change = f"{value} -> (absent)" if removed else f"(absent) -> {value}"
                found.append((tuple(str(token) for token in where), f"{to_pointer(where)}: {change}"))


def _settled(value: Any, path: list[Any]) -> str:
    """``value`` as JSON text in which the lists that compare as sets are sorted (see :func:`unordered`)."""
    if value.__class__ is dict:
        return "{" + ",".join(json.dumps(key) + ":" + _settled(item, [*path, key])
                              for key, item in sorted(value.items())) + "}"
    if value.__class__ is list:
        items = [_settled(item, [*path, index]) for index, item in enumerate(value)]
        return "[" + ",".join(sorted(set(items)) if unordered(path) else items) + "]"
    return json.dumps(value, default=str)


#: Lists API Gateway reads as sets, by the key that holds them: an operation's parameters (one per name and
#: location), its security requirements (alternatives), the scopes of one requirement, binary media types, VPC
#: endpoint IDs, cache key parameters, and a schema's ``required`` and ``enum``. Every other list (``servers``,
#: whose first entry holds the endpoint configuration, ``allOf`` / ``oneOf`` / ``anyOf``, ``tags``, the
#: branches of an intrinsic function) compares in order.
UNORDERED = frozenset({"parameters", "security", "x-amazon-apigateway-binary-media-types", "vpcEndpointIds",
                       "cacheKeyParameters", "required", "enum"})


def unordered(path: list[Any]) -> bool:
    """Whether the list at ``path`` (keys and indexes from the root of the form) compares as a set (see
    :data:`UNORDERED`)."""
    path = _outside_branches(path)
    if not path or str(path[-1]) == "Fn::If":  # the arguments of an Fn::If
        return False
    if str(path[-1]) in UNORDERED:
        return True
    requirement = _outside_branches(path[:-1])  # the scopes of one security requirement
    return len(requirement) >= 2 and str(requirement[-2]) == "security"


def _outside_branches(path: list[Any]) -> list[Any]:
    """``path`` less the ``Fn::If`` branches it ends in: a branch stands for the value the Fn::If is."""
    while len(path) >= 2 and str(path[-2]) == "Fn::If" and str(path[-1]) in ("1", "2"):
        path = path[:-2]
    return path


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=False, default=str)
    return text if len(text) <= _WIDTH else text[:_WIDTH - 3] + "..."
