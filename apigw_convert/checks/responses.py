"""Integration responses as a set: status codes, duplicates, the default response, method responses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..diagnostics import CodeName
from ..model import IntegrationResponse
from ..table_engine import node_path
from .context import Finding, Site, sure_text
from .patterns import is_catch_all

STATUS_CODE = re.compile(r"[1-5]\d\d")


def _status(response: IntegrationResponse) -> str | None:
    return sure_text(response.status_code)


def status_codes(site: Site) -> Iterator[Finding]:
    """Every status code is three digits from 100 to 599; no two responses share one."""
    for response in site.response_leaves():
        status = _status(response)
        if status is not None and not STATUS_CODE.fullmatch(status):
            yield "invalid-status-code", site.where("status_code", response), f"{status!r} is not [1-5]\\d\\d"
    if site.is_proxy:
        return
    seen: set[str] = set()
    for response in site.responses() or []:
        status = _status(response)
        if status is None:
            continue
        if status in seen:
            yield ("duplicate-integration-status-code", site.where("status_code", response),
                   f"another integration response already has status code {status}; API Gateway keeps only one")
        seen.add(status)


def _is_default(response: IntegrationResponse) -> bool | None:
    pattern = response.selection_pattern
    if pattern is None:
        return True
    text = sure_text(pattern)
    return None if text is None else is_catch_all(text)


def defaults(site: Site) -> Iterator[Finding]:
    """A non-proxy integration has integration responses, exactly one of them the default."""
    if site.type is None or site.is_proxy:
        return
    responses = site.responses()
    if responses is None:
        return
    if not responses:
        where = site.where("integration_responses") if site.integration.integration_responses is not None \
            else site.path
        yield "no-integration-responses", where, f"{site.type.value} integrations need a default integration response"
        return
    plain = [response for response in responses if response.selection_pattern is None]
    for extra in plain[1:]:
        yield ("multiple-default-responses", node_path(extra),
               f"status {_status(extra)} and status {_status(plain[0])} both have no selection pattern")
    verdicts = [_is_default(response) for response in responses]
    if not any(verdicts) and None not in verdicts:
        yield ("no-default-response", site.where("integration_responses"),
               "every integration response has a selection pattern")


def method_responses(site: Site) -> Iterator[Finding]:
    """Every integration response status code has a method response (proxy integrations use neither)."""
    declared = site.method.responses if site.method else None
    if declared is None or site.is_proxy:
        return
    no_pattern = [response for response in site.response_leaves() if response.selection_pattern is None]
    for response in site.response_leaves():
        status = _status(response)
        if status is not None and STATUS_CODE.fullmatch(status) and status not in declared:
            code: CodeName = ("default-method-response-missing" if no_pattern == [response]
                              else "method-response-missing")
            yield code, site.where("status_code", response), f"the method has no method response {status}"
