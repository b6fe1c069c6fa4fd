"""Parameter mappings (SPEC section 5): their grammar, and that what they read and write is declared.

Request mappings are ``integration.request.{path|querystring|header}.NAME`` <- a method request parameter,
the body, a stage or context variable, or a static value in single quotes. Response mappings are
``method.response.header.NAME`` <- an integration response header or body, a stage or context variable, or a
static value. Every ``method.request.*`` read must be declared by the method, every ``method.response.header.*``
written must be declared by the method response of the same status code, and so must cache key parameters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..diagnostics import CodeName
from ..intrinsics import is_intrinsic
from ..model import Conditional, IntegrationResponse
from ..pointer import Path
from .context import HOLE, Finding, Site, When, describe, if_leaves, literal_text, sure_text, uncovered

_NAME = r"[A-Za-z0-9._$-]+"
REQUEST_TARGET = re.compile(rf"integration\.request\.(path|querystring|header)\.{_NAME}")
# Documented only as sources; as targets they are neither confirmed nor refuted: not reported.
_UNDECIDED_TARGET = re.compile(rf"integration\.request\.(multivaluequerystring|multivalueheader)\.{_NAME}")
RESPONSE_TARGET = re.compile(rf"method\.response\.header\.({_NAME})")
METHOD_REQUEST = re.compile(rf"method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)"
                            rf"\.({_NAME})")
_BODY = re.compile(r"(method\.request|integration\.response)\.body(\..+)?", re.DOTALL)
_VARIABLE = re.compile(r"\$?(context|stageVariables)\.\S+")  # e.g. context.authorizer.claims['cognito:groups']
_INTEGRATION_RESPONSE = re.compile(rf"integration\.response\.(header|multivalueheader)\.{_NAME}")
_EXPRESSION_PREFIXES = ("method.", "integration.", "context.", "stageVariables.", "$")
_DECLARED_AS = {"multivaluequerystring": "querystring", "multivalueheader": "header"}


def declared_key(location: str, name: str) -> str:
    """How a method request parameter is declared: ``method.request.<location>.<name>``; headers in lower case."""
    location = _DECLARED_AS.get(location, location)
    return f"method.request.{location}.{name.lower() if location == 'header' else name}"


def _mapping(value: Any) -> Mapping[str, Any] | None:
    return value if isinstance(value, Mapping) and not is_intrinsic(value) else None


def _source(value: Any, response: bool) -> tuple[CodeName, str] | None:
    """The grammar verdict on one mapping value: ``(code, why)`` when it is wrong, ``None`` when fine or unknown."""
    text = literal_text(value)
    if text is None:
        return None
    if len(text) >= 2 and text[0] == "'" and text[-1] == "'":
        return None  # a static value (an Fn::Sub inside the quotes is fine)
    if HOLE in text:
        return None
    if _VARIABLE.fullmatch(text) or (_BODY.fullmatch(text) and text.startswith(
            "integration." if response else "method.")):
        return None
    if response and (_INTEGRATION_RESPONSE.fullmatch(text) or text.startswith("method.request.")):
        return None  # method.request.* as a response source is undocumented, not known to fail
    if not response and METHOD_REQUEST.fullmatch(text):
        return None
    code: CodeName = "response-parameter-source-invalid" if response else "request-parameter-source-invalid"
    if not text.startswith(_EXPRESSION_PREFIXES):
        return "parameter-static-unquoted", f"{text!r} is not an expression; a static value is written \"'{text}'\""
    return code, f"{text!r} is not a valid {'integration response' if response else 'method request'} source"


def request_parameters(site: Site) -> Iterator[Finding]:
    """Integration request mappings: key and value grammar, and the method declares what they read (each branch
    of an ``Fn::If`` value on its own)."""
    mapping = _mapping(site.integration.request_parameters)
    if mapping is None:
        return
    base = site.where("request_parameters")
    for key, value in mapping.items():
        where = (*base, key)
        if not REQUEST_TARGET.fullmatch(key) and not _UNDECIDED_TARGET.fullmatch(key):
            yield ("request-parameter-target-invalid", where,
                   f"{key!r} is not integration.request.{{path|querystring|header}}.NAME")
        for leaf, at, when in if_leaves(value, where, site.guards):
            verdict = _source(leaf, response=False)
            if verdict is not None:
                yield verdict[0], at, verdict[1]
            else:
                yield from _undeclared_request(site, sure_text(leaf), at, when)


def _undeclared_request(site: Site, text: str | None, where: Path, guards: When) -> Iterator[Finding]:
    declared = site.method.request_parameters if site.method else None
    match = METHOD_REQUEST.fullmatch(text) if text is not None else None
    if declared is None or match is None:
        return
    key = declared_key(*match.groups())
    if key not in declared:
        yield ("method-request-parameter-undeclared", where,
               f"{text} is not declared by the method (declare {key})")
        return
    present = (site.method.conditional or {}).get(key) if site.method else None
    missing = uncovered(present, guards) if present is not None else None
    if missing is not None:
        yield ("method-request-parameter-conditional", where,
               f"{_absent('the method', key, missing, guards)}; there API Gateway refuses this mapping")


def _absent(owner: str, key: str, missing: When, guards: When) -> str:
    """Where a conditional declaration is missing, for a message."""
    if missing:
        return f"{owner} does not declare {key} where {describe(missing)}"
    return f"{owner} never declares {key}" + (f" where {describe(guards)}" if guards else "")


def response_parameters(site: Site) -> Iterator[Finding]:
    """Integration response mappings: grammar, and the method response of the same status declares the header
    (each branch of an ``Fn::If`` value on its own)."""
    for response, guards in _guarded_responses(site.integration.integration_responses, site.guards):
        mapping = _mapping(response.response_parameters)
        if mapping is None:
            continue
        base = site.where("response_parameters", response)
        headers = _declared_headers(site, response)
        for key, value in mapping.items():
            where = (*base, key)
            target = RESPONSE_TARGET.fullmatch(key)
            if target is None:
                yield "response-parameter-target-invalid", where, f"{key!r} is not method.response.header.NAME"
            for leaf, at, when in if_leaves(value, where, guards):
                if target is not None and headers is not None and target.group(1).lower() not in headers:
                    yield ("method-response-header-undeclared", at,
                           f"the method response {sure_text(response.status_code)} does not declare {key}")
                elif target is not None and headers is not None:
                    yield from _conditional_header(site, response, key, when, at)
                verdict = _source(leaf, response=True)
                if verdict is not None:
                    yield verdict[0], at, verdict[1]


def _guarded_responses(value: Any, guards: When) -> Iterator[tuple[IntegrationResponse, When]]:
    """Every integration response that may be deployed, with the condition values of the ``Fn::If`` branches it
    stands in (a branch those values rule out is not deployed)."""
    if isinstance(value, Conditional):
        for branch, taken in ((value.if_true, True), (value.if_false, False)):
            if (value.condition, not taken) not in guards:
                yield from _guarded_responses(branch, guards | {(value.condition, taken)})
    elif isinstance(value, list):
        for item in value:
            yield from _guarded_responses(item, guards)
    elif isinstance(value, IntegrationResponse):
        yield value, guards


def _conditional_header(site: Site, response: IntegrationResponse, key: str, guards: When,
                        where: Path) -> Iterator[Finding]:
    """A header the method response does not declare under some condition values that ``guards`` allow."""
    conditional = site.method.conditional_headers if site.method else None
    status = sure_text(response.status_code)
    header = key.removeprefix("method.response.header.").lower()
    present = (conditional or {}).get((status, header)) if status is not None else None
    missing = uncovered(present, guards) if present is not None else None
    if missing is not None:
        yield ("method-response-header-conditional", where,
               f"{_absent(f'the method response {status}', key, missing, guards)}; there API Gateway refuses this "
               "mapping")


def _declared_headers(site: Site, response: IntegrationResponse) -> frozenset[str] | None:
    """The headers the matching method response declares; ``None`` when unknown or for proxy integrations."""
    responses = site.method.responses if site.method and not site.is_proxy else None
    status = sure_text(response.status_code)
    if responses is None or status is None:
        return None
    return responses.get(status)  # a missing method response is reported on its own


def cache_keys(site: Site) -> Iterator[Finding]:
    """Cache key parameters that name method request parameters are declared by the method."""
    keys = site.integration.cache_key_parameters
    if not isinstance(keys, list):
        return
    base = site.where("cache_key_parameters")
    declared = site.method.request_parameters if site.method else None
    for i, key in enumerate(keys):
        text = sure_text(key)
        match = METHOD_REQUEST.fullmatch(text) if text is not None else None
        if declared is not None and match is not None and declared_key(*match.groups()) not in declared:
            yield "cache-key-parameter-undeclared", (*base, i), f"{text} is not declared by the method"
