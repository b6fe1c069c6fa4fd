"""The shape of integration responses in each dialect, defined once.

CloudFormation lists them (``IntegrationResponses``, each with an optional ``SelectionPattern``); OpenAPI maps
selection pattern -> response (``responses``, ``"default"`` for none). These rules say how one shape becomes
the other and which input the other cannot hold as it is. The general path (:mod:`.responses`) follows them and
reports where input breaks one; the fast path (:mod:`._fast`) follows them and leaves such input to the general
path. Nothing here imports pydantic.
"""

from __future__ import annotations

from ..diagnostics import CodeName
from ..fields import RESPONSE_FIELDS, FieldSpec, Kind, written_order
from ..intrinsics import is_function_among_names

NO_PATTERN_KEY = "default"  # the ``responses`` key of the response without a selection pattern
LITERAL_DEFAULT_REWRITE = "(default)"  # the key of the pattern 'default': matches exactly what 'default' matches


def pattern_of(key: str) -> str | None:
    """The selection pattern an OpenAPI ``responses`` key stands for (None: no pattern). Two keys of one map that
    stand for the same pattern are a duplicate: the second is dropped (:func:`duplicate`)."""
    return None if key == NO_PATTERN_KEY or key == "" else key


def map_key(pattern: str | None) -> tuple[str, CodeName | None]:
    """The ``responses`` key of a text selection pattern (None: no pattern), and the diagnostic writing it needs:
    the pattern ``default``, which cannot be its own key, is written as a pattern that matches the same. A key
    already in the map is a duplicate: the response is dropped (:func:`duplicate`)."""
    if pattern is None:
        return NO_PATTERN_KEY, None
    if pattern == NO_PATTERN_KEY:
        return LITERAL_DEFAULT_REWRITE, "literal-default-pattern"
    return pattern, None


def duplicate(key: str) -> CodeName:
    """The diagnostic of a response dropped because another one already has its ``responses`` key."""
    return "duplicate-default-response" if key == NO_PATTERN_KEY else "duplicate-selection-pattern"


def is_a_function(responses: object) -> bool:
    """Whether a ``responses`` mapping is an intrinsic function rather than the response of one selection pattern
    spelled like one (``Ref``: its value is a response). Written, a map that would read back as a function is an
    ``ambiguous-selection-pattern``: its response is left out."""
    return is_function_among_names(responses)


def _pattern_after() -> FieldSpec:
    """The row a selection pattern taken from an OpenAPI key is written right after in CloudFormation: where the
    table's key order (:func:`~apigw_convert.fields.written_order`) puts a row the source did not give. It is
    one every response has, so the place does not depend on the other keys (``tests/test_fast_path.py`` checks
    every order)."""
    required = tuple(spec.neutral for spec in RESPONSE_FIELDS if spec.required)
    rows = written_order(RESPONSE_FIELDS, required)
    at = rows.index(PATTERN_ROW)
    assert at > 0 and rows[at - 1].required, "a pattern from a map key must follow a field every response has"
    return rows[at - 1]


PATTERN_ROW = next(spec for spec in RESPONSE_FIELDS if spec.kind is Kind.PATTERN)
PATTERN_KEY = PATTERN_ROW.names["cfn"]  # the one dialect that has the pattern as a field
PATTERN_AFTER = _pattern_after()
