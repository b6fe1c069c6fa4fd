"""Property tests: generated integrations (intrinsics, unicode, large templates) survive both round trips."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apigw_convert import Integration, cfn_to_swagger, swagger_to_cfn
from apigw_convert.diagnostics import Report
from apigw_convert.integration import convert_integration

# Spelled out here independently of apigw_convert.fields, so a slip in the table shows up as a failure.
NAMES = {
    "Type": "type", "IntegrationHttpMethod": "httpMethod", "Uri": "uri", "ConnectionType": "connectionType",
    "ConnectionId": "connectionId", "IntegrationTarget": "integrationTarget", "Credentials": "credentials",
    "RequestParameters": "requestParameters", "RequestTemplates": "requestTemplates",
    "PassthroughBehavior": "passthroughBehavior", "ContentHandling": "contentHandling",
    "TimeoutInMillis": "timeoutInMillis", "CacheNamespace": "cacheNamespace",
    "CacheKeyParameters": "cacheKeyParameters", "ResponseTransferMode": "responseTransferMode",
}
RESPONSE_NAMES = {"StatusCode": "statusCode", "ResponseParameters": "responseParameters",
                  "ResponseTemplates": "responseTemplates", "ContentHandling": "contentHandling"}
LOWER_IN_OPENAPI = {"Type", "PassthroughBehavior"}
ENUMS = {
    "Type": ["AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK"],
    "ConnectionType": ["INTERNET", "VPC_LINK"],
    "ContentHandling": ["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"],
    "PassthroughBehavior": ["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"],
    "ResponseTransferMode": ["BUFFERED", "STREAM"],
}

names = st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,20}", fullmatch=True)
text = st.text(min_size=0, max_size=40)
intrinsic = st.one_of(
    names.map(lambda n: {"Ref": n}),
    text.map(lambda t: {"Fn::Sub": t}),
    st.tuples(names, names).map(lambda p: {"Fn::GetAtt": list(p)}),
    st.lists(st.one_of(text, names.map(lambda n: {"Ref": n})), max_size=4).map(lambda xs: {"Fn::Join": ["", xs]}),
    st.tuples(names, text, text).map(lambda p: {"Fn::If": list(p)}),
)
value_text = st.one_of(text, intrinsic)
large_vtl = st.text(min_size=500, max_size=5000)
text_map = st.one_of(st.dictionaries(st.text(min_size=1, max_size=30), st.one_of(value_text, st.none(), large_vtl),
                                     max_size=4), intrinsic)
status = st.one_of(st.integers(100, 599).map(str), intrinsic)
patterns = st.text(min_size=1, max_size=20).filter(lambda p: p != "default")


def _enum(field: str) -> st.SearchStrategy[Any]:
    return st.one_of(st.sampled_from(ENUMS[field]), intrinsic)


@st.composite
def cfn_response(draw: st.DrawFn, pattern: str | None) -> dict[str, Any]:
    response: dict[str, Any] = {"StatusCode": draw(status)}
    if pattern is not None:
        response["SelectionPattern"] = pattern
    if draw(st.booleans()):
        response["ResponseParameters"] = draw(text_map)
    if draw(st.booleans()):
        response["ResponseTemplates"] = draw(text_map)
    if draw(st.booleans()):
        response["ContentHandling"] = draw(_enum("ContentHandling"))
    keys = draw(st.permutations(list(response)))
    return {k: response[k] for k in keys}


@st.composite
def cfn_responses(draw: st.DrawFn) -> list[Any]:
    chosen = draw(st.lists(patterns, unique=True, max_size=4))
    slots: list[str | None] = [*chosen, None] if draw(st.booleans()) else list(chosen)
    slots = draw(st.permutations(slots))
    items: list[Any] = []
    for pattern in slots:
        if draw(st.integers(0, 4)) == 0:
            other = draw(st.one_of(cfn_response(pattern), st.just({"Ref": "AWS::NoValue"})))
            items.append({"Fn::If": [draw(names), draw(cfn_response(pattern)), other]})
        else:
            items.append(draw(cfn_response(pattern)))
    return items


@st.composite
def cfn_integration(draw: st.DrawFn) -> dict[str, Any]:
    out: dict[str, Any] = {"Type": draw(_enum("Type"))}
    for field in ("IntegrationHttpMethod", "Uri", "ConnectionId", "IntegrationTarget", "Credentials",
                  "CacheNamespace"):
        if draw(st.booleans()):
            out[field] = draw(value_text)
    for field in ("ConnectionType", "ContentHandling", "PassthroughBehavior", "ResponseTransferMode"):
        if draw(st.booleans()):
            out[field] = draw(_enum(field))
    for field in ("RequestParameters", "RequestTemplates"):
        if draw(st.booleans()):
            out[field] = draw(text_map)
    if draw(st.booleans()):
        out["TimeoutInMillis"] = draw(st.one_of(st.integers(50, 900000), intrinsic))
    if draw(st.booleans()):
        out["CacheKeyParameters"] = draw(st.one_of(st.lists(value_text, max_size=3), intrinsic))
    if draw(st.booleans()):
        out["IntegrationResponses"] = draw(cfn_responses())
    keys = draw(st.permutations(list(out)))
    return {k: out[k] for k in keys}


def _to_openapi_by_hand(cfn: dict[str, Any]) -> dict[str, Any]:
    """An independent rendering of the OpenAPI side, from the names spelled in this file."""
    def enum(field: str, value: Any) -> Any:
        return value.lower() if isinstance(value, str) and field in LOWER_IN_OPENAPI else value

    def response(item: dict[str, Any]) -> dict[str, Any]:
        return {RESPONSE_NAMES[k]: v for k, v in item.items() if k != "SelectionPattern"}

    out: dict[str, Any] = {}
    for key, value in cfn.items():
        if key == "IntegrationResponses":
            responses: dict[str, Any] = {}
            for item in value:
                if "Fn::If" in item:
                    cond, a, b = item["Fn::If"]
                    key_pattern = a.get("SelectionPattern", "default")
                    responses[key_pattern] = {"Fn::If": [cond, response(a), b if "Ref" in b else response(b)]}
                else:
                    responses[item.get("SelectionPattern", "default")] = response(item)
            out["responses"] = responses
        else:
            out[NAMES[key]] = enum(key, value)
    return out


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(cfn_integration())
def test_cfn_to_openapi_matches_the_independent_rendering(cfn: dict[str, Any]) -> None:
    report = Report()
    assert convert_integration(cfn, "cfn", "openapi", (), report) == _to_openapi_by_hand(cfn)
    assert [d for d in report if d.severity != "info"] == []


@SETTINGS
@given(cfn_integration())
def test_cfn_round_trip_is_exact(cfn: dict[str, Any]) -> None:
    back = swagger_to_cfn(cfn_to_swagger(cfn, on_loss="error"), on_loss="error")
    assert back == cfn
    assert list(back) == list(cfn)  # key order too


@SETTINGS
@given(cfn_integration())
def test_openapi_round_trip_is_exact(cfn: dict[str, Any]) -> None:
    openapi = _to_openapi_by_hand(cfn)
    back = cfn_to_swagger(swagger_to_cfn(openapi, on_loss="error"), on_loss="error")
    assert back == openapi
    assert list(back) == list(openapi)


@SETTINGS
@given(cfn_integration(), st.sampled_from([str.lower, str.upper, str.title]))
def test_any_enum_case_is_accepted_and_canonicalized(cfn: dict[str, Any], case: Any) -> None:
    shouted = {k: case(v) if k in ENUMS and isinstance(v, str) else v for k, v in cfn.items()}
    assert cfn_to_swagger(shouted, on_loss="error") == cfn_to_swagger(cfn, on_loss="error")


@SETTINGS
@given(cfn_integration())
def test_the_table_checks_and_the_pydantic_model_agree(cfn: dict[str, Any]) -> None:
    model = Integration.from_cfn(cfn, on_loss="error")
    validated = Integration.model_validate(model.model_dump())
    assert validated.model_dump() == model.model_dump()
