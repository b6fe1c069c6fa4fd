"""Tags: the standard ones, the CloudFormation short forms, and how a plain scalar is tagged.

Reading follows CloudFormation's YAML 1.1 (see the package docstring); writing quotes every string any common
reader could take for something else. :class:`Resolver` applies either rule table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from yaml.nodes import ScalarNode, SequenceNode

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"
MERGE = "tag:yaml.org,2002:merge"
STD = "tag:yaml.org,2002:"
AMBIGUOUS = "tag:apigw-convert,2024:ambiguous"  # dumper only: "some YAML reader would not read a str"

#: Short-form tag -> long-form key. ``!GetAtt a.b`` also splits its scalar at the first dot.
SHORT_FORMS: dict[str, str] = {
    "!Ref": "Ref",
    "!Condition": "Condition",
    **{f"!{name}": f"Fn::{name}" for name in (
        "Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join", "Select", "Split", "Sub",
        "Transform", "And", "Equals", "If", "Not", "Or", "Length", "ToJsonString",
        # rule functions (the Rules section); read in short form, always written in long form
        "Contains", "EachMemberEquals", "EachMemberIn", "RefAll", "ValueOf", "ValueOfAll",
    )},
}
RULE_FUNCTIONS = frozenset(
    f"Fn::{n}" for n in ("Contains", "EachMemberEquals", "EachMemberIn", "RefAll", "ValueOf", "ValueOfAll"))
LONG_TO_TAG: dict[str, str] = {
    long: tag for tag, long in SHORT_FORMS.items() if long not in RULE_FUNCTIONS and long != "Condition"}
CONDITION_LISTS = frozenset(("Fn::And", "Fn::Or", "Fn::Not"))
UNSUPPORTED_STD = frozenset(("binary", "timestamp", "set", "omap", "pairs"))

# --- scalar resolution --------------------------------------------------------------------------------

BOOL_VALUES: dict[str, bool] = {
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
}
NULL_VALUES = frozenset(("~", "null", "Null", "NULL", ""))
_BOOL_RE = re.compile(r"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$")
INT_RE = re.compile(r"""^(?:[-+]?0b[0-1_]+
    |[-+]?0[0-7_]+
    |[-+]?(?:0|[1-9][0-9_]*)
    |[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""", re.X)
FLOAT_FINITE_RE = re.compile(r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*)$""", re.X)
FLOAT_SPECIAL_RE = re.compile(r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
_NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")
_MERGE_RE = re.compile(r"^(?:<<)$")

Matcher = Callable[[str], object]


def _table(rules: Sequence[tuple[str, Matcher, str]]) -> dict[str, tuple[tuple[str, Matcher], ...]]:
    """First character -> the (tag, match) rules to try, in order."""
    table: dict[str, list[tuple[str, Matcher]]] = {}
    for tag, match, first in rules:
        for ch in first or [""]:
            table.setdefault(ch, []).append((tag, match))
    return {ch: tuple(rs) for ch, rs in table.items()}


_DIGITS = "0123456789"
_LOAD_RULES: list[tuple[str, Matcher, str]] = [
    (BOOL, _BOOL_RE.match, "yYnNtTfFoO"),
    (FLOAT, FLOAT_FINITE_RE.match, "-+." + _DIGITS),
    (INT, INT_RE.match, "-+" + _DIGITS),
    (MERGE, _MERGE_RE.match, "<"),
    (NULL, _NULL_RE.match, "~nN"),
]
LOAD_IMPLICIT = _table(_LOAD_RULES)
LOAD_IMPLICIT[""] = ((NULL, _NULL_RE.match),)

# Writing quotes every string that *any* common reader could take for something else: YAML 1.1 as above,
# plus the timestamp, special-float, '=' and y/n forms of YAML 1.1 and the number forms of YAML 1.2.
_AMBIGUOUS_RE = re.compile(r"""^(?:y|Y|n|N|=
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
    |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:(?:[Tt]|[ \t]+).*)?
    |[-+]?0o[0-7]+|[-+]?0x[0-9a-fA-F]+
    |[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?)$""", re.X)
DUMP_IMPLICIT = _table([*_LOAD_RULES, (AMBIGUOUS, _AMBIGUOUS_RE.match, "yYnN=-+." + _DIGITS)])
DUMP_IMPLICIT[""] = LOAD_IMPLICIT[""]


class Resolver:
    """Tags plain scalars by the first rule of ``IMPLICIT`` (keyed by first character) they match; shared by the
    loader (what CloudFormation reads) and the dumper (what any reader might misread)."""

    IMPLICIT: ClassVar[dict[str, tuple[tuple[str, Matcher], ...]]] = {}

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode:
            if implicit[0]:
                rules = self.IMPLICIT.get(value[:1])
                if rules is not None:
                    for tag, match in rules:
                        if match(value):
                            return tag
            return STR
        return SEQ if kind is SequenceNode else MAP
