"""The fast path of single-integration conversion (apigw_convert.codecs._fast) returns exactly what the general
path returns, key order, value types and written bytes included, and steps aside whenever the general path would
say something (a diagnostic) or refuse (an InputError)."""

from __future__ import annotations

import itertools
import json
import os
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES
from helpers import shared_containers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import cfn_integration

from apigw_convert import ConvertError, cfn_to_swagger, swagger_to_cfn
from apigw_convert.codecs._fast import convert_plain
from apigw_convert.codecs.shape import PATTERN_AFTER, PATTERN_ROW
from apigw_convert.diagnostics import Report
from apigw_convert.fields import RESPONSE_FIELDS, written_order
from apigw_convert.integration import read_integration_value, write_integration_value
from apigw_convert.yaml_io import dump, load

PAIRS = [("cfn", "openapi"), ("openapi", "cfn"), ("cfn", "cfn"), ("openapi", "openapi")]
EXAMPLES = int(os.environ.get("APIGW_FUZZ_EXAMPLES", "200"))


def general(obj: Any, source: str, target: str) -> tuple[Any, Report] | None:
    """The general path's result and diagnostics, or None when it raises."""
    report = Report()
    try:
        value = read_integration_value(obj, source, (), report)  # type: ignore[arg-type]
        return write_integration_value(value, target, report), report  # type: ignore[arg-type]
    except ConvertError:
        return None


def identical(a: Any, b: Any) -> bool:
    """Equal, with the same types everywhere and the same key order in every mapping."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(identical(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(identical(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def check(obj: Any, source: str, target: str) -> bool:
    """Assert the two paths agree on ``obj``; True when the fast path took it."""
    fast = convert_plain(obj, source, target)  # type: ignore[arg-type]
    if fast is None:
        return False
    slow = general(obj, source, target)
    assert slow is not None, f"the fast path converted what the general path refuses: {obj!r}"
    out, report = slow
    assert not list(report), f"the fast path hid {[d.code for d in report]} for {obj!r}"
    assert identical(fast, out), (obj, fast, out)
    assert shared_containers(obj, fast) == [], "the fast path returned the caller's own objects"
    assert dump(fast) == dump(out)
    assert json.dumps(fast) == json.dumps(out)
    return True


# --- mutations: small changes that push an integration off (or keep it on) the fast path ------------------

JUNK = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False), st.text(max_size=5),
                 st.just("default"), st.just(""), st.just("200"), st.just("aws"), st.just([]), st.just({}),
                 st.just({"Ref": "X"}), st.just({"Fn::If": ["C", "a", "b"]}), st.just({"Ref": "AWS::NoValue"}),
                 st.just(["a", {"Ref": "B"}]), st.just({"a": 1}), st.just({1: "a"}), st.just(("a",)))


@st.composite
def mutated(draw: st.DrawFn, value: Any, depth: int = 0) -> Any:
    """``value`` with up to a few nodes replaced, deleted, retyped, or their keys renamed."""
    if depth > 4 or draw(st.integers(0, 3)) == 0:
        return draw(JUNK) if draw(st.integers(0, 5)) == 0 else value
    if isinstance(value, dict) and value:
        keys = list(value)
        key = draw(st.sampled_from(keys))
        out = dict(value)
        action = draw(st.integers(0, 5))
        if action == 0:
            del out[key]
        elif action == 1:
            out[draw(st.sampled_from([key.lower(), key.upper(), "selectionPattern", "tlsConfig", "$ref",
                                      "payloadFormatVersion", "Extra"]))] = out.pop(key)
        elif action == 2:
            return OrderedDict(out)
        else:
            out[key] = draw(mutated(value[key], depth + 1))
        return out
    if isinstance(value, list) and value:
        index = draw(st.integers(0, len(value) - 1))
        out = list(value)
        if draw(st.booleans()):
            out.append(out[index])  # a duplicate response
        else:
            out[index] = draw(mutated(value[index], depth + 1))
        return out
    if isinstance(value, str):
        return draw(st.sampled_from([value, value.lower(), value.upper(), "", "default", " " + value]))
    return draw(JUNK)


@st.composite
def integrations(draw: st.DrawFn) -> tuple[Any, str]:
    """(an integration of either dialect, possibly mutated, its dialect)."""
    cfn = draw(cfn_integration())
    dialect = draw(st.sampled_from(["cfn", "openapi"]))
    obj: Any = cfn
    if dialect == "openapi":
        converted = general(cfn, "cfn", "openapi")
        if converted is None:
            dialect, obj = "cfn", cfn
        else:
            obj = converted[0]
    if draw(st.booleans()):
        obj = draw(mutated(obj))
    return obj, dialect


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=integrations())
def test_fast_and_general_paths_agree(case: tuple[Any, str]) -> None:
    obj, _ = case
    for source, target in PAIRS:  # read as the other dialect too: the fast path must step aside or agree
        check(obj, source, target)


def _fixture_integrations() -> list[Any]:
    out = []
    for folder in sorted((FIXTURES / "integrations").iterdir()):
        for name, dialect in (("cfn.yaml", "cfn"), ("openapi.yaml", "openapi")):
            path: Path = folder / name
            if path.exists():
                out.append(pytest.param(load(path), dialect, id=f"{folder.name}-{dialect}"))
    return out


@pytest.mark.parametrize(("obj", "dialect"), _fixture_integrations())
def test_fixtures_agree(obj: Any, dialect: str) -> None:
    for target in ("cfn", "openapi"):
        check(obj, dialect, target)


def test_plain_integrations_take_the_fast_path() -> None:
    cfn = {"Type": "aws", "IntegrationHttpMethod": "POST", "Uri": {"Fn::Sub": "arn:${AWS::Region}:sqs"},
           "RequestTemplates": {"application/json": "{}"}, "TimeoutInMillis": "5000",
           "IntegrationResponses": [{"ResponseTemplates": {"a/b": None}, "StatusCode": 200},
                                    {"StatusCode": "500", "SelectionPattern": 5}]}
    assert check(cfn, "cfn", "openapi")
    openapi = cfn_to_swagger(cfn)
    assert openapi == {"type": "aws", "httpMethod": "POST", "uri": {"Fn::Sub": "arn:${AWS::Region}:sqs"},
                       "requestTemplates": {"application/json": "{}"}, "timeoutInMillis": 5000,
                       "responses": {"default": {"responseTemplates": {"a/b": None}, "statusCode": "200"},
                                     "5": {"statusCode": "500"}}}
    assert check(openapi, "openapi", "cfn")
    assert list(swagger_to_cfn(openapi)["IntegrationResponses"][1]) == ["StatusCode", "SelectionPattern"]


@pytest.mark.parametrize("obj", [
    {"Type": "AWS", "IntegrationResponses": [{"StatusCode": "200"}, {"StatusCode": "201"}]},  # two defaults
    {"Type": "AWS", "IntegrationResponses": [{"StatusCode": "200", "SelectionPattern": "default"}]},
    {"Type": "AWS", "IntegrationResponses": [{"StatusCode": "200", "SelectionPattern": {"Ref": "P"}}]},
    {"Type": "AWS", "IntegrationResponses": {"Ref": "R"}},
    {"Type": "AWS", "IntegrationResponses": [{"Fn::If": ["C", {"StatusCode": "200"}, {"Ref": "AWS::NoValue"}]}]},
    {"Type": "AWS", "Uri": None},
    {"Type": "AWS", "Unknown": 1},
    {"Type": "SOMETIMES"},
    {"Type": "AWS", "TimeoutInMillis": True},
    {"Fn::If": ["C", {"Type": "AWS"}, {"Type": "MOCK"}]},
    OrderedDict(Type="AWS"),
])
def test_what_the_general_path_reports_is_left_to_it(obj: Any) -> None:
    assert convert_plain(obj, "cfn", "openapi") is None


MAP_RESPONSE = {"responseTemplates": {"application/json": "{}"}, "statusCode": "400"}


@pytest.mark.parametrize("responses", [
    {"Ref": {"statusCode": "200"}},  # a pattern spelled like an intrinsic function, its value a response
    {"": {"statusCode": "200"}, "4\\d{2}": MAP_RESPONSE},  # '' means no pattern; the pattern after StatusCode
    {"(default)": MAP_RESPONSE, "default": {"statusCode": "200"}},
])
def test_maps_the_shape_rules_allow_take_the_fast_path(responses: dict[str, Any]) -> None:
    obj = {"type": "mock", "responses": responses}
    assert check(obj, "openapi", "cfn")
    assert check(obj, "openapi", "openapi")


@pytest.mark.parametrize(("obj", "source", "target"), [
    ({"type": "mock", "responses": {"default": {"statusCode": "200"}, "": {"statusCode": "201"}}}, "openapi", "cfn"),
    ({"type": "mock", "responses": {"default": {"statusCode": "200"}, "": {"statusCode": "201"}}}, "openapi",
     "openapi"),
    ({"type": "mock", "responses": {"Fn::Transform": {"statusCode": "200"}}}, "openapi", "cfn"),
    ({"type": "mock", "responses": {"Ref": "Responses"}}, "openapi", "cfn"),
    ({"type": "mock", "responses": {"Ref": {"Ref": "Response"}}}, "openapi", "cfn"),
    ({"Type": "MOCK", "IntegrationResponses": [{"StatusCode": "200", "SelectionPattern": "Fn::Transform"}]}, "cfn",
     "openapi"),
    ({"Type": "MOCK", "IntegrationResponses": [{"StatusCode": "200", "SelectionPattern": "(default)"},
                                               {"StatusCode": "400", "SelectionPattern": "default"}]}, "cfn",
     "openapi"),
])
def test_what_a_shape_rule_flags_is_left_to_the_general_path(obj: Any, source: str, target: str) -> None:
    assert convert_plain(obj, source, target) is None  # type: ignore[arg-type]
    slow = general(obj, source, target)
    assert slow is not None and list(slow[1]), "the general path says something"


def test_a_pattern_from_a_key_follows_the_same_row_in_every_key_order() -> None:
    """The fast path writes a pattern taken from an OpenAPI key right after shape.PATTERN_AFTER; the table's key
    order puts it there whatever the order of the other keys, and whichever of them are there."""
    others = [spec.neutral for spec in RESPONSE_FIELDS if spec is not PATTERN_ROW]
    orders = [order for size in range(len(others) + 1) for order in itertools.permutations(others, size)
              if PATTERN_AFTER.neutral in order]
    assert len(orders) > 24
    for order in orders:
        written = [spec.neutral for spec in written_order(RESPONSE_FIELDS, order)
                   if spec.neutral in order or spec is PATTERN_ROW]
        assert written[written.index(PATTERN_ROW.neutral) - 1] == PATTERN_AFTER.neutral, order


def test_tls_config_is_a_loss_left_to_the_general_path() -> None:
    obj = {"type": "http", "tlsConfig": {"insecureSkipVerification": True}}
    assert convert_plain(obj, "openapi", "cfn") is None
    assert convert_plain(obj, "openapi", "openapi") is None


# --- Loaded.locate walks one path; it must find what a walk over every node finds -------------------------

def every_mark(text: str) -> dict[tuple[str, ...], tuple[int, int]]:
    """The marks of every path of a YAML text, by visiting every node (the way locate used to work)."""
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    from apigw_convert.yaml_io._loader import Loader, flatten, key_token
    from apigw_convert.yaml_io._tags import MERGE, SHORT_FORMS

    loader = Loader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    marks: dict[tuple[str, ...], tuple[int, int]] = {}
    stack = [(root, ())]
    while stack:
        node, path = stack.pop()
        mark = (node.start_mark.line + 1, node.start_mark.column + 1)
        marks.setdefault(path, mark)
        long = SHORT_FORMS.get(node.tag)
        if long is not None:
            path = (*path, long)
            marks.setdefault(path, mark)
            if node.__class__ is ScalarNode and long == "Fn::GetAtt":
                marks.setdefault((*path, "0"), mark)
                marks.setdefault((*path, "1"), mark)
        if node.__class__ is MappingNode:
            pairs = node.value
            if any(k.__class__ is ScalarNode and k.tag == MERGE for k, _ in pairs):
                pairs = flatten(node)
            own = {str(key_token(k)): v for k, v in pairs}
            stack.extend((v, (*path, token)) for token, v in own.items())
        elif node.__class__ is SequenceNode:
            stack.extend((child, (*path, str(i))) for i, child in enumerate(node.value))
    return marks


def _yaml_texts() -> list[Any]:
    from conftest import corpus_files

    paths = [p for folder in ("cfn", "embedded", "openapi") for p in corpus_files(folder)
             if p.suffix in (".yaml", ".yml")]
    paths += sorted((FIXTURES / "integrations").glob("*/*.yaml"))[:10]
    return [pytest.param(p, id=p.name) for p in paths]


@pytest.mark.parametrize("path", _yaml_texts())
def test_locate_finds_every_mark(path: Path) -> None:
    from apigw_convert.yaml_io import load_document

    try:
        doc = load_document(path)
    except ConvertError as error:
        pytest.skip(f"the file does not load: {error}")
    expected = every_mark(doc.text)
    for where, mark in expected.items():
        assert doc.locate(where) == mark, where
    for where in list(expected)[:50]:
        assert doc.locate((*where, "no such key")) is None
        assert doc.locate((*where, "7")) == expected.get((*where, "7"))


def test_locate_merges_aliases_and_odd_indexes() -> None:
    from apigw_convert.yaml_io import loads_document

    text = "d: &d {a: 1}\nm:\n  <<: *d\n  b: [x, !GetAtt r.Arn, !Sub s]\nc: *d\n1: one\n"
    doc = loads_document(text)
    expected = every_mark(text)
    for where, mark in expected.items():
        assert doc.locate(where) == mark, where
    assert doc.locate(("m", "b", "01")) is None
    assert doc.locate(("m", "b", "-1")) is None
    assert doc.locate(("m", "b", "1", "Fn::GetAtt", "2")) is None
    assert doc.locate(("m", "b", "2", "Fn::Sub", "0")) is None
    assert doc.locate(("m", "b", "2", "Fn::Join")) is None
