"""Each kind's fast converter gives what its rules give: read, then written (or the same InputError)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from apigw_convert.documents.names import AUTHORIZER_FIELDS, ENDPOINT_FIELDS, GATEWAY_RESPONSE_FIELDS, VALIDATOR_FIELDS
from apigw_convert.errors import InputError
from apigw_convert.fields import DIALECTS, INTEGRATION_FIELDS, RESPONSE_FIELDS, Dialect, FieldSpec, Kind
from apigw_convert.kinds import VALUES

SAMPLES: list[Any] = [
    "text", "", "aws_proxy", "Never", "when_no_match", "CONVERT_TO_TEXT", "29000", "12a", 0, 200, 10**5000, True,
    1.5, None, [], ["a", {"Ref": "X"}], ["a", 1], [None], {}, {"a": "b"}, {"a": None, "b": {"Fn::Sub": "x"}},
    {404: "x"}, {404: "x", "404": "y"}, {"a": 1}, {"Ref": "X"}, {"Fn::If": ["C", "a", "b"]}, {"Fn::GetAtt": ["A", "B"]},
    {"Ref": "X", "b": "c"}, {"Fn::Transform": {"a": "b"}}, (1, 2),
]
ROWS = [spec for table in (INTEGRATION_FIELDS, RESPONSE_FIELDS, AUTHORIZER_FIELDS, VALIDATOR_FIELDS,
                           GATEWAY_RESPONSE_FIELDS, ENDPOINT_FIELDS) for spec in table if spec.kind in VALUES]


def _outcome(call: Callable[..., Any], *args: Any) -> Any:
    try:
        return "value", call(*args)
    except InputError as error:
        return "error", [(d.code, d.path) for d in error.diagnostics]


def _read_then_write(spec: FieldSpec, value: Any, dialect: Dialect) -> Any:
    rules = VALUES[spec.kind]
    return rules.write(spec, rules.read(spec, value, ("at",)), dialect)


@pytest.mark.parametrize("spec", ROWS, ids=lambda spec: f"{spec.neutral}-{spec.kind.name}")
def test_converter_is_read_then_write(spec: FieldSpec) -> None:
    rules = VALUES[spec.kind]
    for dialect in DIALECTS:
        convert = rules.converter(spec, dialect)
        for value in SAMPLES:
            expected = _outcome(_read_then_write, spec, value, dialect)
            assert _outcome(convert, value, ("at",)) == expected, (value, dialect)


def test_every_simple_kind_has_rules() -> None:
    assert set(VALUES) == set(Kind) - {Kind.OBJECT, Kind.SHAPED, Kind.RESPONSES}
    assert {spec.kind for spec in ROWS} == set(VALUES)
