"""What a check sees: one integration read into the model, and what its method declares.

Values that are intrinsic functions are decided only where it is sure: :func:`literal_text` reads the fixed
text of a plain string, an ``Fn::Sub`` template or an ``Fn::Join`` of literals, with :data:`HOLE` standing for
every part CloudFormation fills in later.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ..diagnostics import CodeName
from ..enums import IntegrationType
from ..fields import MODELS, Dialect
from ..intrinsics import if_parts, is_no_value
from ..model import Integration, IntegrationResponse
from ..pointer import Path
from ..table_engine import branches, node_path, source_path

HOLE = "\x00"  # stands for a part of a string that an intrinsic function fills in
_SUB_VARIABLE = re.compile(r"\$\{(!?)([^}]*)\}")
PROXY_TYPES = frozenset({IntegrationType.AWS_PROXY, IntegrationType.HTTP_PROXY})

Finding = tuple[CodeName, Path, str]  # (code, where in the source, message)
When = frozenset[tuple[str, bool]]  # condition values, as (condition name, value) pairs, that lead to a place
_MOST_CONDITIONS = 12  # uncovered() tries every combination of at most this many conditions


def if_leaves(value: Any, path: Path, when: When = frozenset()) -> Iterator[tuple[Any, Path, When]]:
    """``value`` or, for an ``Fn::If``, the leaves of its branches, each with its path and the condition values
    that lead to it (starting from ``when``); ``AWS::NoValue`` leaves, and branches those values rule out (an
    ``Fn::If`` inside the other branch of one on the same condition), are skipped."""
    parts = if_parts(value)
    if parts is not None:
        for i, branch in ((1, True), (2, False)):
            if (parts[0], not branch) not in when:
                yield from if_leaves(parts[i], (*path, "Fn::If", i), when | {(parts[0], branch)})
    elif not is_no_value(value):
        yield value, path, when


def agrees(first: When, second: When) -> bool:
    """Whether some assignment of the conditions gives both ``first`` and ``second``."""
    fixed = dict(first)
    return all(fixed.get(name, value) == value for name, value in second)


def uncovered(present: Iterable[When], guards: When) -> When | None:
    """Values of conditions (beyond ``guards``) under which ``guards`` hold but none of ``present`` does, or
    ``None`` when one of ``present`` always holds there (or too many conditions to try). Conditions are taken as
    independent of each other."""
    paths = [path for path in present if agrees(guards, path)]
    free = sorted({name for path in paths for name, _ in path} - dict(guards).keys())
    if len(free) > _MOST_CONDITIONS:
        return None
    for values in itertools.product((True, False), repeat=len(free)):
        chosen = frozenset(zip(free, values, strict=True))
        if not any(path <= guards | chosen for path in paths):
            return chosen
    return None


def describe(when: When) -> str:
    """``Beta is true, Gamma is false``."""
    return ", ".join(f"{name} is {str(value).lower()}" for name, value in sorted(when))


@dataclass(frozen=True)
class MethodContext:
    """What the method around an integration declares, and its API's endpoint type; ``None``: not decided.

    ``request_parameters`` holds declared ``method.request.*`` keys, header names in lower case;
    ``responses`` maps each method response status code to its declared header names (lower case).
    ``conditional`` maps a declared key that is not declared under some condition values (an ``AWS::NoValue`` branch
    of an ``Fn::If``, or an ``Fn::If`` between two declarations) to the condition values under which it is
    declared, and ``conditional_headers`` does the same for a (status code, header) of a method response;
    ``condition`` is the Method's own ``Condition``.
    """

    dialect: Dialect
    request_parameters: frozenset[str] | None
    responses: Mapping[str, frozenset[str] | None] | None
    endpoint: str | None = None  # EDGE, REGIONAL or PRIVATE; None when the API's endpoint type is unknown
    compressed: bool = False  # the API compresses responses (MinimumCompressionSize)
    conditional: Mapping[str, tuple[When, ...]] | None = None
    condition: str | None = None
    conditional_headers: Mapping[tuple[str, str], tuple[When, ...]] | None = None


_SPECS = {(model, spec.neutral): spec for model, specs in MODELS.items() for spec in specs}


@dataclass(frozen=True)
class Site:
    """One integration (a branch of an ``Fn::If`` counts as one) and its method, if it has one; ``guards``: the
    condition values under which it deploys (the branch of the ``Fn::If`` it is in, the Method's ``Condition``)."""

    integration: Integration
    method: MethodContext | None
    guards: When = frozenset()

    @property
    def type(self) -> IntegrationType | None:
        """The integration type, or ``None`` when it is an intrinsic function."""
        value = self.integration.type
        return value if isinstance(value, IntegrationType) else None

    @property
    def is_proxy(self) -> bool:
        """AWS_PROXY or HTTP_PROXY."""
        return self.type in PROXY_TYPES

    def where(self, neutral: str, obj: BaseModel | None = None) -> Path:
        """The source path of field ``neutral`` of ``obj`` (default: the integration)."""
        owner = obj if obj is not None else self.integration
        return source_path(owner, _SPECS[type(owner).__name__, neutral])

    @property
    def path(self) -> Path:
        """Where the integration itself stands in the source."""
        return node_path(self.integration)

    @functools.cached_property
    def leaves(self) -> list[IntegrationResponse]:
        """Every integration response that may be deployed (both branches of each ``Fn::If``); worked out once."""
        value = self.integration.integration_responses
        items = value if isinstance(value, list) else branches(value)
        leaves: list[Any] = []
        for item in items:
            for leaf in branches(item):
                leaves.extend(leaf if isinstance(leaf, list) else [leaf])
        return [leaf for leaf in leaves if isinstance(leaf, IntegrationResponse)]

    def responses(self) -> list[IntegrationResponse] | None:
        """The integration responses when they are one literal list, ``None`` when an ``Fn::If`` decides."""
        value = self.integration.integration_responses
        if value is None:
            return []
        if not isinstance(value, list):
            return None
        plain = [item for item in value if isinstance(item, IntegrationResponse)]
        return plain if len(plain) == len(value) else None


def literal_text(value: Any) -> str | None:
    """The fixed text of ``value`` with :data:`HOLE` for every computed part, or ``None`` if unknown.

    Plain strings, ``Fn::Sub`` (string or ``[template, variables]``; ``${!x}`` is the literal ``${x}``) and
    ``Fn::Join`` with a literal delimiter are read; everything else is unknown.
    """
    if isinstance(value, str):
        return value
    if not isinstance(value, Mapping) or len(value) != 1:
        return None
    (name, args), = value.items()
    if name == "Fn::Sub":
        template = args[0] if isinstance(args, list) and args else args
        if not isinstance(template, str):
            return None
        return _SUB_VARIABLE.sub(lambda m: "${" + m.group(2) + "}" if m.group(1) else HOLE, template)
    if name == "Fn::Join" and isinstance(args, list) and len(args) == 2:
        delimiter, parts = args
        if isinstance(delimiter, str) and isinstance(parts, list):
            texts = [literal_text(part) for part in parts]
            return delimiter.join(HOLE if text is None else text for text in texts)
    return None


def sure_text(value: Any) -> str | None:
    """The complete text of ``value`` when no part of it is computed, else ``None``."""
    text = literal_text(value)
    return text if text is not None and HOLE not in text else None


_AWS_URI = re.compile(r"arn:[^:]*:apigateway:[^:]*:([^:/]+):(path|action)/(.*)", re.DOTALL)
_LAMBDA_PATH = re.compile(r"\d{4}-\d{2}-\d{2}/functions/")


_PLACEHOLDER = re.compile(r"\$\{[^}]*\}")


def uri_text(uri: Any) -> str | None:
    """:func:`literal_text` of a Uri, with the ``${...}`` of a plain string read as a hole too (a Serverless
    Framework variable, a Terraform template, a document that ``AWS::Include`` substitutes)."""
    text = literal_text(uri)
    return _PLACEHOLDER.sub(HOLE, text) if text is not None and isinstance(uri, str) else text


def lambda_path(uri: Any) -> str | bool | None:
    """The Lambda path of an integration ``Uri`` (``2015-03-31/functions/…/invocations``), ``False`` when it does
    not call Lambda, ``None`` when that is unknown."""
    text = uri_text(uri)
    if text is None:
        return None
    if text.lower().startswith(("http://", "https://")):
        return False
    match = _AWS_URI.search(text)
    if match is None or HOLE in match.group(1):
        return None
    is_lambda = match.group(1) == "lambda" and match.group(2) == "path" and bool(_LAMBDA_PATH.match(match.group(3)))
    return match.group(3) if is_lambda else False


def lambda_uri(uri: Any) -> bool | None:
    """Whether an integration ``Uri`` calls Lambda (``…:lambda:path/…/functions/…``); ``None`` if unknown."""
    path = lambda_path(uri)
    return path if path is None else path is not False


def uri_shape(uri: Any) -> str | None:
    """``"http"`` (an http(s) URL), ``"arn"`` (an API Gateway service ARN), ``"other"``, or ``None`` if unknown."""
    text = uri_text(uri)
    if not text or text.startswith(HOLE):
        return None
    if text.lower().startswith(("http://", "https://")):
        return "http"
    if _AWS_URI.match(text):
        return "arn"
    prefix = text.split(HOLE, 1)[0]
    if HOLE in text and any(known.startswith(prefix) for known in ("http://", "https://", "arn:")):
        return None  # a computed scheme or partition
    return "other"


Check = Callable[[Site], Iterator[Finding]]
