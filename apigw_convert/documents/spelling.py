"""The spellings of one reference: ``Ref X``, ``Fn::GetAtt`` (``X.Attr`` or ``[X, Attr]``), an ``Fn::Sub`` whose
whole string is one ``${X}`` or ``${X.Attr}``, and an ``Fn::Join`` with an empty separator around one such part
all resolve to the same value. :func:`plain_reference` brings the last two to one of the first two, so that a
resource tree written either way is read the same (AWS's own sample templates write
``ParentId: !Sub '${Api.RootResourceId}'``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..intrinsics import is_intrinsic

_WHOLE_VARIABLE = re.compile(r"^\$\{([A-Za-z0-9:_]+)(?:\.([A-Za-z0-9_.]+))?\}$")
_DEPTH = 8  # an Fn::Join of an Fn::Sub of ... : deeper than anyone writes


def plain_reference(value: Any, depth: int = _DEPTH) -> Any:
    """``{"Ref": X}`` or ``{"Fn::GetAtt": [X, Attr]}`` when ``value`` spells one of them another way, else
    ``value`` itself."""
    if depth <= 0 or not is_intrinsic(value):
        return value
    (name, args), = value.items()
    if name == "Fn::Sub":
        return _sub_reference(value, args, depth)
    if name == "Fn::Join" and isinstance(args, list) and len(args) == 2 and args[0] == "" \
            and isinstance(args[1], list) and len(args[1]) == 1:
        inner = plain_reference(args[1][0], depth - 1)
        return inner if is_intrinsic(inner) and next(iter(inner)) in ("Ref", "Fn::GetAtt") else value
    return value


def _sub_reference(value: Any, args: Any, depth: int) -> Any:
    variables: Mapping[str, Any] = {}
    if isinstance(args, list) and len(args) == 2 and isinstance(args[1], Mapping):
        args, variables = args[0], args[1]
    match = _WHOLE_VARIABLE.match(args) if isinstance(args, str) else None
    if match is None:
        return value
    target, attribute = match.group(1), match.group(2)
    if target in variables:
        return plain_reference(variables[target], depth - 1) if attribute is None else value
    return {"Ref": target} if attribute is None else {"Fn::GetAtt": [target, attribute]}
