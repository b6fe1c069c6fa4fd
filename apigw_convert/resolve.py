"""Resolving a template's intrinsic functions offline, for a document with no CloudFormation left in it.

:class:`Resolution` holds what a deployed stack would know (parameter values, pseudo parameters, resource
attributes, exports). :func:`prepare` resolves the template's API resources before conversion (a false
``Condition`` removes its resource), :func:`finish` resolves what the converter wrote and decides what is still
missing: every missing value at once, each with its pointer in the template and the option that supplies it.

Resolved here: ``Ref``, ``Fn::Sub`` (both forms), ``Fn::Join``, ``Fn::Select``, ``Fn::Split``,
``Fn::FindInMap``, ``Fn::If`` (``Fn::Equals``, ``Fn::And``, ``Fn::Or``, ``Fn::Not``, ``Condition``),
``Fn::GetAtt`` and ``Fn::ImportValue`` (from ``values``), ``Fn::Base64``. ``${stageVariables.x}`` belongs to
API Gateway and is left as it is. A pseudo parameter without a value is written as text, ``${AWS::Region}``
(``pseudo-parameter-kept``): API Gateway's import fills in ``${AWS::Region}`` and ``${AWS::AccountId}``.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from .diagnostics import CodeName, Diagnostic, Report, input_error, make
from .errors import InputError
from .intrinsics import IMPORT_RESOLVED, NO_VALUE, is_intrinsic, is_mapping, plain
from .pointer import Path
from .resource_types import APIGATEWAY_PREFIX, APIS, TYPES

UNRESOLVED_CHOICES = ("error", "keep")
URL_SUFFIXES = {"aws": "amazonaws.com", "aws-cn": "amazonaws.com.cn", "aws-us-gov": "amazonaws.com"}
# the resources whose Ref / Fn::GetAtt the converter follows itself
STRUCTURAL_TYPES = frozenset({*APIS, *TYPES.values()})
PSEUDO_FLAGS = {"AWS::Region": "--region REGION", "AWS::AccountId": "--account-id ID",
                "AWS::StackName": "--stack-name NAME", "AWS::Partition": "--partition PARTITION"}
_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_REMOVED = object()  # what AWS::NoValue resolves to: the key or item disappears
_OPEN = object()  # a function whose arguments do not resolve far enough to compute it


@dataclass(frozen=True)
class Resolution:
    """What a deployed stack would know. ``values`` maps ``LOGICAL_ID``, ``LOGICAL_ID.ATTRIBUTE`` or an export
    name to its value; ``unresolved`` is ``"error"`` (missing values raise) or ``"keep"`` (left in place)."""

    parameters: Mapping[str, Any] = field(default_factory=dict)
    values: Mapping[str, Any] = field(default_factory=dict)
    region: str | None = None
    account_id: str | None = None
    partition: str = "aws"
    stack_name: str | None = None
    unresolved: str = "error"


@dataclass(frozen=True)
class Missing:
    """One value that could not be resolved: where, what, and the option that would supply it ("" if none)."""

    path: Path
    what: str
    supply: str

    @property
    def key(self) -> str:
        """What identifies the missing value across the template and the document written from it."""
        return self.supply or self.what

    def message(self) -> str:
        """The one-line explanation."""
        if self.supply:
            return f"{self.what} has no value offline; give {self.supply}"
        return f"{self.what} cannot be resolved offline"


def check_resolution(resolution: Any) -> Resolution:
    """``resolution`` itself, or an InputError when it is not a usable :class:`Resolution`."""
    if not isinstance(resolution, Resolution):
        raise input_error("invalid-argument", (), f"resolve must be a Resolution, not {type(resolution).__name__}")
    if resolution.unresolved not in UNRESOLVED_CHOICES:
        raise input_error("invalid-argument", (), f"unresolved must be one of {', '.join(UNRESOLVED_CHOICES)}, "
                          f"not {resolution.unresolved!r}")
    return resolution


class Resolver:
    """Resolves values against one template's Parameters, Mappings and Conditions and a :class:`Resolution`.

    ``structural`` names resources whose ``Ref`` / ``Fn::GetAtt`` the converter reads itself (the API's own
    resources): a bare reference to one (``RestApiId: !Ref Api``, also in an ``Fn::If`` branch) is left alone;
    inside another function (``!Sub https://${Api}.execute-api...``) it is a value like any other. Missing values
    and kept pseudo parameters are collected, not raised.
    """

    def __init__(self, template: Mapping[str, Any], resolution: Resolution,
                 structural: frozenset[str] = frozenset()) -> None:
        self.resolution = resolution
        self.parameters = _section(template, "Parameters")
        self.mappings = _section(template, "Mappings")
        self.conditions = _section(template, "Conditions")
        self.structural = structural
        self.missing: list[Missing] = []
        self.kept: list[tuple[Path, str]] = []
        self._decided: dict[str, tuple[bool | None, list[tuple[str, str]]]] = {}
        self._deciding: set[str] = set()
        self._inside = 0  # how many functions (other than Fn::If) the value being resolved lies in

    # --- values -------------------------------------------------------------------------------------------
    def value(self, node: Any, path: Path) -> Any:
        """``node`` with every resolvable intrinsic function replaced by its value (``_REMOVED`` for NoValue)."""
        if is_mapping(node):
            if is_intrinsic(node):
                (name, args), = node.items()
                return self._function(str(name), args, path)
            out = {}
            for key, item in node.items():
                resolved = self.value(item, (*path, str(key)))
                if resolved is not _REMOVED:
                    out[key] = resolved
            return out
        if isinstance(node, list):
            items = [self.value(item, (*path, i)) for i, item in enumerate(node)]
            return [item for item in items if item is not _REMOVED]
        return node

    def document(self, node: Any, path: Path = ()) -> Any:
        """:meth:`value` for a whole document (``AWS::NoValue`` at the top is an empty document)."""
        out = self.value(node, path)
        return {} if out is _REMOVED else out

    def _miss(self, path: Path, what: str, supply: str) -> None:
        self.missing.append(Missing(path, what, supply))

    def _function(self, name: str, args: Any, path: Path) -> Any:
        where = (*path, name)
        handler = _HANDLERS.get(name)
        if handler is None:
            self._miss(path, name, "")
            return {name: plain(args)}
        nested = name not in ("Ref", "Fn::GetAtt", "Fn::If")  # what a Ref inside it stands for is a value
        self._inside += nested
        try:
            return handler(self, args, where)
        finally:
            self._inside -= nested

    def _ref(self, args: Any, where: Path) -> Any:
        if not isinstance(args, str):
            self._miss(where, "Ref", "")
            return {"Ref": plain(args)}
        found, value = self.reference(args, where)
        return value if found else {"Ref": args}

    def reference(self, name: str, where: Path) -> tuple[bool, Any]:
        """``(True, value)`` of ``Ref name``, or ``(False, None)`` with the missing value recorded (a structural
        reference and a pseudo parameter kept as text are not missing)."""
        res = self.resolution
        if name == NO_VALUE:
            return True, _REMOVED
        if name in self.structural and not self._inside:
            return False, None
        if name in res.values:
            return True, res.values[name]
        if name in self.parameters:
            return self._parameter(name, where)
        if name.startswith("AWS::"):
            return self._pseudo(name, where)
        self._miss(where, f"Ref {name}", f"--value {name}=VALUE")
        return False, None

    def _parameter(self, name: str, where: Path) -> tuple[bool, Any]:
        declared = self.parameters[name]
        declared = declared if is_mapping(declared) else {}
        if name in self.resolution.parameters:
            value = self.resolution.parameters[name]
        elif "Default" in declared:
            value = declared["Default"]
        else:
            self._miss(where, f"parameter {name}", f"--parameter {name}=VALUE")
            return False, None
        kind = str(declared.get("Type", ""))
        if isinstance(value, str) and (kind.startswith("List<") or kind == "CommaDelimitedList"):
            return True, [part.strip() for part in value.split(",")]
        return True, plain(value)

    def _pseudo(self, name: str, where: Path) -> tuple[bool, Any]:
        res = self.resolution
        known = {"AWS::Partition": res.partition, "AWS::Region": res.region, "AWS::AccountId": res.account_id,
                 "AWS::StackName": res.stack_name, "AWS::URLSuffix": URL_SUFFIXES.get(res.partition)}
        if known.get(name) is not None:
            return True, known[name]
        self.kept.append((where, name))
        return True, "${" + name + "}"

    def _getatt(self, args: Any, where: Path) -> Any:
        parts = args.split(".", 1) if isinstance(args, str) else self.value(args, where)
        if not (isinstance(parts, list) and len(parts) == 2 and all(isinstance(p, str) for p in parts)):
            self._miss(where, "Fn::GetAtt", "")
            return {"Fn::GetAtt": plain(args)}
        found, value = self.attribute(parts[0], parts[1], where)
        return value if found else {"Fn::GetAtt": parts}

    def attribute(self, name: str, attribute: str, where: Path) -> tuple[bool, Any]:
        """``(True, value)`` of ``Fn::GetAtt name.attribute``, or ``(False, None)`` (recorded unless structural)."""
        if name in self.structural and not self._inside:
            return False, None
        key = f"{name}.{attribute}"
        if key in self.resolution.values:
            return True, self.resolution.values[key]
        self._miss(where, f"Fn::GetAtt {key}", f"--value {key}=VALUE")
        return False, None

    def _sub(self, args: Any, where: Path) -> Any:
        if isinstance(args, str):
            text, local = args, {}
        elif isinstance(args, list) and len(args) == 2 and isinstance(args[0], str) and is_mapping(args[1]):
            text = args[0]
            local = {str(k): self.value(v, (*where, 1, str(k))) for k, v in args[1].items()}
        else:
            self._miss(where, "Fn::Sub", "")
            return {"Fn::Sub": plain(args)}
        open_ = False

        def substitute(match: re.Match[str]) -> str:
            nonlocal open_
            name = match.group(1)
            if name.startswith("!"):
                return match.group(0)
            if name.startswith("stageVariables."):
                return "${!" + name + "}"
            if name in local:
                value = local[name]
                found = not is_intrinsic(value)
            elif "." in name and not name.startswith("AWS::"):
                resource, attribute = name.split(".", 1)
                found, value = self.attribute(resource, attribute, where)
            else:
                found, value = self.reference(name, where)
            text_value = _text(value) if found else None
            if text_value is None:
                open_ = True
                return match.group(0)
            if text_value == match.group(0):  # a pseudo parameter kept as text: still a variable if Sub stays
                return text_value
            return text_value.replace("${", "${!")  # a value is literal text, whatever it holds

        out = _VARIABLE.sub(substitute, text)
        if open_:
            pending = {k: v for k, v in local.items() if is_intrinsic(v)}
            return {"Fn::Sub": [out, pending] if pending else out}
        return _VARIABLE.sub(lambda m: "${" + m.group(1)[1:] + "}" if m.group(1).startswith("!") else m.group(0),
                             out)

    def _binary(self, args: Any, where: Path) -> Any:
        """``Fn::Join``, ``Fn::Select`` and ``Fn::Split``: two arguments, resolved, then combined when they can
        be (else the function stays, its arguments resolved as far as they go)."""
        name = str(where[-1])
        if not (isinstance(args, list) and len(args) == 2):
            self._miss(where, name, "")
            return {name: plain(args)}
        first, second = self.value(args[0], (*where, 0)), self.value(args[1], (*where, 1))
        done = _COMBINE[name](self, first, second, where)
        return {name: [first, second]} if done is _OPEN else done

    def _join(self, delimiter: Any, items: Any, where: Path) -> Any:
        texts = [_text(item) for item in items] if isinstance(items, list) else None
        if isinstance(delimiter, str) and texts is not None and all(t is not None for t in texts):
            return delimiter.join(t for t in texts if t is not None)
        return _OPEN

    def _select(self, index: Any, items: Any, where: Path) -> Any:
        number = _text(index)
        if isinstance(items, list) and number is not None and number.isdigit():
            if int(number) < len(items):
                return items[int(number)]
            self._miss(where, f"Fn::Select index {number} of a list of {len(items)}", "")
        return _OPEN

    def _split(self, delimiter: Any, text: Any, where: Path) -> Any:
        if isinstance(delimiter, str) and delimiter and isinstance(text, str):
            return text.split(delimiter)
        return _OPEN

    def _find_in_map(self, args: Any, where: Path) -> Any:
        if not (isinstance(args, list) and len(args) in (3, 4)):
            self._miss(where, "Fn::FindInMap", "")
            return {"Fn::FindInMap": plain(args)}
        keys = [self.value(arg, (*where, i)) for i, arg in enumerate(args)]
        names = [_text(key) for key in keys[:3]]
        if any(name is None for name in names):
            return {"Fn::FindInMap": keys}
        found: Any = self.mappings
        for name in names:
            found = found.get(name) if is_mapping(found) else None
        if found is not None:
            return plain(found)
        if len(keys) == 4 and is_mapping(keys[3]) and "DefaultValue" in keys[3]:
            return keys[3]["DefaultValue"]
        self._miss(where, f"Fn::FindInMap {'/'.join(str(n) for n in names)}", "")
        return {"Fn::FindInMap": keys}

    def _if(self, args: Any, where: Path) -> Any:
        if not (isinstance(args, list) and len(args) == 3 and isinstance(args[0], str)):
            self._miss(where, "Fn::If", "")
            return {"Fn::If": plain(args)}
        decided = self.condition(args[0], (*where, 0))
        if decided is not None:
            return self.value(args[2 if not decided else 1], (*where, 2 if not decided else 1))
        branches = [self.value(args[i], (*where, i)) for i in (1, 2)]
        return {"Fn::If": [args[0], *({"Ref": NO_VALUE} if b is _REMOVED else b for b in branches)]}

    def _base64(self, args: Any, where: Path) -> Any:
        value = self.value(args, where)
        text = _text(value)
        if text is None:
            return {"Fn::Base64": value}
        return base64.b64encode(text.encode("utf-8")).decode("ascii")

    def _import_value(self, args: Any, where: Path) -> Any:
        name = _text(self.value(args, where))
        if name is None:
            return {"Fn::ImportValue": self.value(args, where)}
        if name in self.resolution.values:
            return self.resolution.values[name]
        self._miss(where, f"Fn::ImportValue {name}", f"--value {name}=VALUE")
        return {"Fn::ImportValue": name}

    # --- conditions ---------------------------------------------------------------------------------------
    def condition(self, name: str, where: Path) -> bool | None:
        """The truth of the named condition, or None when it depends on a missing value (recorded at ``where``,
        with the option that decides it)."""
        decided, needs = self._decide(name)
        if decided is None:
            for what, supply in needs or [(f"condition {name}", "")]:
                self._miss(where, f"condition {name} ({what})", supply)
        return decided

    def _decide(self, name: str) -> tuple[bool | None, list[tuple[str, str]]]:
        if name in self._decided:
            return self._decided[name]
        if name not in self.conditions or name in self._deciding:
            return None, [(f"condition {name} is not defined" if name not in self.conditions else
                           f"condition {name} refers to itself", "")]
        self._deciding.add(name)
        before = len(self.missing)
        decided = self._truth(self.conditions[name], ("Conditions", name))
        needs = [(m.what, m.supply) for m in self.missing[before:]]
        del self.missing[before:]
        self._deciding.discard(name)
        self._decided[name] = (decided, needs)
        return decided, needs

    def _truth(self, node: Any, path: Path) -> bool | None:
        if not is_intrinsic(node):
            self._miss(path, "a condition that is not a condition function", "")
            return None
        (name, args), = node.items()
        where = (*path, name)
        if name == "Condition" and isinstance(args, str):
            decided, needs = self._decide(args)
            self.missing.extend(Missing(where, what, supply) for what, supply in needs)
            return decided
        if name == "Fn::Equals" and isinstance(args, list) and len(args) == 2:
            sides = [_text(self.value(arg, (*where, i))) for i, arg in enumerate(args)]
            return None if None in sides else sides[0] == sides[1]
        if name == "Fn::Not" and isinstance(args, list) and len(args) == 1:
            inner = self._truth(args[0], (*where, 0))
            return None if inner is None else not inner
        if name in ("Fn::And", "Fn::Or") and isinstance(args, list):
            truths = [self._truth(arg, (*where, i)) for i, arg in enumerate(args)]
            wanted: bool = name == "Fn::Or"  # the value that decides alone
            if wanted in truths:
                return wanted
            return None if None in truths else not wanted
        self._miss(where, name, "")
        return None

    # --- diagnostics --------------------------------------------------------------------------------------
    def report_kept(self, report: Report) -> None:
        """One diagnostic per place a pseudo parameter was written as text: ``pseudo-parameter-kept`` (a note) where
        API Gateway's import fills it in, ``pseudo-parameter-placeholder`` (a warning) where nothing does."""
        for path, name in dict.fromkeys(self.kept):
            flag = PSEUDO_FLAGS.get(name, f"--value {name}=VALUE")
            if name in IMPORT_RESOLVED:
                report.add("pseudo-parameter-kept", path, f"${{{name}}} was written as text, which API Gateway's "
                           f"import fills in; give {flag} to write the value")
            else:
                report.add("pseudo-parameter-placeholder", path, f"${{{name}}} was written as text, which nothing "
                           f"fills in; give {flag} to write the value")


_HANDLERS = {
    "Ref": Resolver._ref, "Fn::GetAtt": Resolver._getatt, "Fn::Sub": Resolver._sub, "Fn::Join": Resolver._binary,
    "Fn::Select": Resolver._binary, "Fn::Split": Resolver._binary, "Fn::FindInMap": Resolver._find_in_map,
    "Fn::If": Resolver._if, "Fn::Base64": Resolver._base64, "Fn::ImportValue": Resolver._import_value,
}

_COMBINE = {"Fn::Join": Resolver._join, "Fn::Select": Resolver._select, "Fn::Split": Resolver._split}


def _section(template: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    section = template.get(name) if is_mapping(template) else None
    return section if is_mapping(section) else {}


def _text(value: Any) -> str | None:
    """A resolved scalar as CloudFormation turns it into text, or None (a list, a mapping, an intrinsic)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return None


# --- the two steps around a conversion ----------------------------------------------------------------------
@dataclass
class Prepared:
    """A template resolved for conversion, and the resolver that remembers what it could not resolve."""

    template: dict[str, Any]
    resolver: Resolver


def prepare(template: Any, resolution: Resolution, api: str | None = None) -> Prepared:
    """Resolve the API resources of ``template`` (every ``AWS::ApiGateway::*`` and ``AWS::Serverless::Api``):
    a resource whose Condition is false is removed, a true one loses its Condition; everything else is given
    back unchanged. References to those resources stay, for the converter to follow. An InputError (``no-api``)
    says so when the API (``api``, or every API) is removed."""
    check_resolution(resolution)
    if not is_mapping(template):
        return Prepared(template, Resolver({}, resolution))
    from .documents.walk import TemplateWalk  # start-up: only --resolve resolves a template

    out: dict[str, Any] = plain(template)
    walk = TemplateWalk(out)
    resources = cast(dict[str, Any], walk.resources)  # plain: a dict, changed in place
    api_parts = {r.lid: r.type for r in walk.each() if r.type.startswith(APIGATEWAY_PREFIX) or r.type in APIS}
    resolver = Resolver(out, resolution, frozenset(lid for lid, kind in api_parts.items() if kind in STRUCTURAL_TYPES))
    absent: dict[str, str] = {}  # APIs removed by a false Condition -> the condition
    for resource in list(walk.each(untyped=True)):
        lid, res = resource.lid, cast(dict[str, Any], resource.raw)
        condition = res.get("Condition")
        if isinstance(condition, str):
            decided = resolver.condition(condition, (*resource.path, "Condition"))
            if decided is False:
                if resource.type in APIS:
                    absent[lid] = condition
                del resources[lid]
                continue
            if decided:
                del res["Condition"]
        if lid in api_parts and resource.properties is not None:
            res["Properties"] = resolver.document(resource.properties, resource.at())
    remaining = any(True for _ in walk.of_type(*APIS))
    if api in absent or (api is None and absent and not remaining):
        gone = [f"{lid} (Condition {condition})" for lid, condition in absent.items() if api in (None, lid)]
        raise input_error("no-api", walk.base, f"with these values the template creates no API: the condition of "
                          f"{', '.join(gone)} is false")
    return Prepared(out, resolver)


def finish(document: Any, prepared: Prepared, report: Report) -> Any:
    """Resolve what the converter wrote into ``document`` and settle what is missing.

    A value is missing when the document still needs it: it is reported where the template needs it (or, for
    what only the document holds, at its place in the document, said so). Under ``unresolved="error"`` every
    one of them is in the one InputError raised (``unresolved-value``); under ``"keep"`` each is a note
    (``unresolved-kept``) and the intrinsic functions stay.
    """
    before = prepared.resolver
    after = Resolver(prepared.template, before.resolution)
    out = after.document(document)
    needed = {m.key for m in after.missing}
    in_template = [m for m in before.missing if m.key in needed]
    known = {m.key for m in in_template}
    in_document = [m for m in after.missing if m.key not in known]
    written = json.dumps(out, default=str)
    for resolver in (before, after):  # only the pseudo parameters the document still shows
        resolver.kept = [(path, name) for path, name in resolver.kept if "${" + name + "}" in written]
        resolver.report_kept(report)
    missing = list(dict.fromkeys([*in_template, *in_document]))
    keep = before.resolution.unresolved == "keep"
    diagnostics = [_diagnostic(m, keep, m in in_document) for m in missing]
    if diagnostics and not keep:
        raise InputError.from_diagnostics(diagnostics)
    report.extend(diagnostics)
    return out


def _diagnostic(missing: Missing, keep: bool, in_document: bool) -> Diagnostic:
    code: CodeName = "unresolved-kept" if keep else "unresolved-value"
    where = " (in the written document)" if in_document else ""
    return make(code, missing.path, missing.message() + where)

