"""apigw_convert.yaml_io: CloudFormation YAML/JSON in and out."""

from __future__ import annotations

import datetime
import io
import json
import math
import random
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import cfn_flip
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apigw_convert import yaml_io
from apigw_convert.diagnostics import make
from apigw_convert.errors import InputError
from apigw_convert.yaml_io import (
    Loaded,
    _document,
    _dumper,
    _loader,
    dump,
    load,
    load_document,
    loads,
    loads_document,
)


def error_of(source: Any, **kwargs: Any) -> Any:
    """The single diagnostic of the InputError that loading ``source`` (text: ``loads``; else ``load``) raises."""
    return _error(loads if isinstance(source, (str, bytes)) else load, source, **kwargs)


def file_error_of(source: Any, **kwargs: Any) -> Any:
    """The single diagnostic of the InputError that ``load(source)`` (a path, a ``str`` too) raises."""
    return _error(load, source, **kwargs)


def _error(read: Any, source: Any, **kwargs: Any) -> Any:
    with pytest.raises(InputError) as caught:
        read(source, **kwargs)
    assert len(caught.value.diagnostics) == 1
    return caught.value.diagnostics[0]


def roundtrip(data: Any, **kwargs: Any) -> Any:
    return loads(dump(data, **kwargs))


# --- short forms -----------------------------------------------------------------------------------------

SHORT_FORM_CASES = [
    ("!Ref Bucket", {"Ref": "Bucket"}),
    ("!Ref AWS::Region", {"Ref": "AWS::Region"}),
    ("!GetAtt Role.Arn", {"Fn::GetAtt": ["Role", "Arn"]}),
    ("!GetAtt Db.Endpoint.Address", {"Fn::GetAtt": ["Db", "Endpoint.Address"]}),
    ("!GetAtt [Role, Arn]", {"Fn::GetAtt": ["Role", "Arn"]}),
    ("!GetAtt [Role, !Ref Attr]", {"Fn::GetAtt": ["Role", {"Ref": "Attr"}]}),
    ("!Sub 'arn:${AWS::Partition}:s3:::${B}'", {"Fn::Sub": "arn:${AWS::Partition}:s3:::${B}"}),
    ("!Sub ['${A}-x', {A: !Ref P}]", {"Fn::Sub": ["${A}-x", {"A": {"Ref": "P"}}]}),
    ("!If [IsProd, 1, !Ref AWS::NoValue]", {"Fn::If": ["IsProd", 1, {"Ref": "AWS::NoValue"}]}),
    ("!Join ['', [a, !Ref B]]", {"Fn::Join": ["", ["a", {"Ref": "B"}]]}),
    ("!Select [0, !GetAZs '']", {"Fn::Select": [0, {"Fn::GetAZs": ""}]}),
    ("!Split [',', 'a,b']", {"Fn::Split": [",", "a,b"]}),
    ("!FindInMap [M, !Ref AWS::Region, Ami]", {"Fn::FindInMap": ["M", {"Ref": "AWS::Region"}, "Ami"]}),
    ("!ImportValue Shared-Vpc", {"Fn::ImportValue": "Shared-Vpc"}),
    ("!ImportValue {'Fn::Sub': '${S}-Vpc'}", {"Fn::ImportValue": {"Fn::Sub": "${S}-Vpc"}}),
    ("!GetAZs us-east-1", {"Fn::GetAZs": "us-east-1"}),
    ("!Base64 hello", {"Fn::Base64": "hello"}),
    ("!Cidr [10.0.0.0/16, 6, 5]", {"Fn::Cidr": ["10.0.0.0/16", 6, 5]}),
    ("!Condition IsProd", {"Condition": "IsProd"}),
    ("!Equals [!Ref Env, prod]", {"Fn::Equals": [{"Ref": "Env"}, "prod"]}),
    ("!And [!Condition A, !Condition B]", {"Fn::And": [{"Condition": "A"}, {"Condition": "B"}]}),
    ("!Or [!Condition A, !Equals [a, b]]", {"Fn::Or": [{"Condition": "A"}, {"Fn::Equals": ["a", "b"]}]}),
    ("!Not [!Condition A]", {"Fn::Not": [{"Condition": "A"}]}),
    ("!Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}",
     {"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://b/k"}}}),
    ("!Length [a, b]", {"Fn::Length": ["a", "b"]}),
    ("!ToJsonString {a: 1}", {"Fn::ToJsonString": {"a": 1}}),
    ("!Contains [[a, b], !Ref P]", {"Fn::Contains": [["a", "b"], {"Ref": "P"}]}),
    ("!EachMemberEquals [!ValueOfAll [T, Tags.D], IT]",
     {"Fn::EachMemberEquals": [{"Fn::ValueOfAll": ["T", "Tags.D"]}, "IT"]}),
    ("!EachMemberIn [!RefAll AWS::EC2::VPC::Id, [a]]",
     {"Fn::EachMemberIn": [{"Fn::RefAll": "AWS::EC2::VPC::Id"}, ["a"]]}),
    ("!ValueOf [P, Tag]", {"Fn::ValueOf": ["P", "Tag"]}),
    ("!Ref", {"Ref": ""}),
    ("!Sub |\n    line1\n    ${X}\n", {"Fn::Sub": "line1\n${X}\n"}),
]


@pytest.mark.parametrize(("text", "expected"), SHORT_FORM_CASES, ids=[c[0][:40] for c in SHORT_FORM_CASES])
def test_short_form_loads_as_long_form(text: str, expected: Any) -> None:
    assert loads(f"v: {text}") == {"v": expected}


def test_every_short_form_is_covered() -> None:
    tested = {text.split()[0].split("[")[0] for text, _ in SHORT_FORM_CASES}
    for text, _ in SHORT_FORM_CASES:  # nested ones count too
        tested.update(word.lstrip("[{") for word in text.split() if word.lstrip("[{").startswith("!"))
    assert set(yaml_io.SHORT_FORMS) <= tested


def test_short_forms_in_block_style() -> None:
    text = textwrap.dedent("""\
        Uri: !Join
          - ''
          - - 'arn:'
            - !Ref AWS::Partition
        Cond: !If
          - IsProd
          - !GetAtt
            - Fn
            - Arn
          - !Ref AWS::NoValue
        Vars: !Sub
          - '${A}'
          - A: x
    """)
    assert loads(text) == {
        "Uri": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}]]},
        "Cond": {"Fn::If": ["IsProd", {"Fn::GetAtt": ["Fn", "Arn"]}, {"Ref": "AWS::NoValue"}]},
        "Vars": {"Fn::Sub": ["${A}", {"A": "x"}]},
    }


def test_tagged_scalars_stay_strings() -> None:
    assert loads("a: !Ref 0777\nb: !Sub yes\nc: !Base64 2010-09-09") == {
        "a": {"Ref": "0777"}, "b": {"Fn::Sub": "yes"}, "c": {"Fn::Base64": "2010-09-09"}}


DUMP_CASES = [
    ({"Ref": "Bucket"}, "v: !Ref Bucket\n"),
    ({"Fn::GetAtt": ["Role", "Arn"]}, "v: !GetAtt Role.Arn\n"),
    ({"Fn::GetAtt": ["Db", "Endpoint.Address"]}, "v: !GetAtt Db.Endpoint.Address\n"),
    ({"Fn::GetAtt": ["a.b", "c"]}, "v: !GetAtt\n- a.b\n- c\n"),
    ({"Fn::GetAtt": ["Role", {"Ref": "Attr"}]}, "v: !GetAtt\n- Role\n- !Ref Attr\n"),
    ({"Fn::GetAtt": "Role.Arn"}, "v:\n  Fn::GetAtt: Role.Arn\n"),
    ({"Fn::Sub": "arn:${AWS::Partition}:x"}, "v: !Sub arn:${AWS::Partition}:x\n"),
    ({"Fn::Sub": ["${A}", {"A": {"Ref": "B"}}]}, "v: !Sub\n- ${A}\n- A: !Ref B\n"),
    ({"Fn::Join": ["", ["a", {"Ref": "B"}]]}, "v: !Join\n- ''\n- - a\n  - !Ref B\n"),
    ({"Fn::If": ["C", 1, {"Ref": "AWS::NoValue"}]}, "v: !If\n- C\n- 1\n- !Ref AWS::NoValue\n"),
    ({"Fn::Select": [0, {"Fn::GetAZs": ""}]}, "v: !Select\n- 0\n- !GetAZs ''\n"),
    ({"Fn::Transform": {"Name": "AWS::Include"}}, "v: !Transform\n  Name: AWS::Include\n"),
    ({"Fn::And": [{"Condition": "A"}, {"Fn::Equals": ["x", "z"]}]},
     "v: !And\n- !Condition A\n- !Equals\n  - x\n  - z\n"),
    ({"Fn::Not": [{"Condition": "A"}]}, "v: !Not\n- !Condition A\n"),
    ({"Condition": "IsProd"}, "v:\n  Condition: IsProd\n"),  # not inside And/Or/Not: a plain key
    ({"Ref": 5}, "v:\n  Ref: 5\n"),  # !Ref 5 would read back as the string '5'
    ({"Fn::Base64": None}, "v:\n  Fn::Base64: null\n"),
    ({"Fn::Contains": [["a"], "a"]}, "v:\n  Fn::Contains:\n  - - a\n  - a\n"),  # rule functions stay long
    ({"Fn::NotAFunction": "x"}, "v:\n  Fn::NotAFunction: x\n"),
    ({"Ref": "A", "Other": 1}, "v:\n  Ref: A\n  Other: 1\n"),
]


@pytest.fixture(params=["libyaml", "python"])
def emitter(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each dump test once with libyaml's emitter and once with PyYAML's pure-Python one."""
    if request.param == "libyaml":
        if not yaml.__with_libyaml__:
            pytest.skip("PyYAML was built without libyaml")
        monkeypatch.setattr(_dumper, "Dumper", _dumper._dumper_class(yaml.CSafeDumper))
    else:
        monkeypatch.setattr(_dumper, "Dumper", _dumper.PyDumper)
    return str(request.param)


@pytest.mark.usefixtures("emitter")
@pytest.mark.parametrize(("value", "expected"), DUMP_CASES, ids=[str(c[0])[:40] for c in DUMP_CASES])
def test_dump_short_forms(value: Any, expected: str) -> None:
    text = dump({"v": value})
    assert text == expected
    assert loads(text) == {"v": value}


@pytest.mark.usefixtures("emitter")
def test_dump_long_form_keeps_long_form() -> None:
    data = {"a": {"Ref": "X"}, "b": {"Fn::GetAtt": ["R", "Arn"]}, "c": {"Fn::And": [{"Condition": "A"}]}}
    text = dump(data, long_form=True)
    assert text == ("a:\n  Ref: X\nb:\n  Fn::GetAtt:\n  - R\n  - Arn\nc:\n  Fn::And:\n  - Condition: A\n")
    assert loads(text) == data


def test_dump_nested_short_forms() -> None:
    data = {"Uri": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, {"Fn::Sub": "x${Y}"}]]}}
    text = dump(data)
    assert "!Join" in text and "!Ref AWS::Partition" in text and "!Sub x${Y}" in text
    assert loads(text) == data


# Where PyYAML's pure-Python emitter used to decide otherwise than libyaml's: a tagged scalar, a key of 123 to
# 128 bytes or an empty one, a CR, NEL or a character above the BMP, a double-quoted line past the width, a
# block scalar that keeps its final line breaks ("..." ends the stream only when it is the last), a plain root.
EMITTER_CASES = [
    {"v": {"Ref": "X"}, "w": {"Fn::GetAtt": ["A", "B"]}, "s": {"Fn::Sub": "arn:${AWS::Region}"}},
    {"a" * 123: 1, "a" * 128: 2, "a" * 129: 3, "é" * 64: 4, "é" * 65: 5, "": 6},
    {"cr\rkey": 1, "nel\x85": "x\x85y", "astral": "🙂", "bom": "\ufeffa", "ls": "a\u2028b", "tab": "a\tb"},
    {"long": "\x00" + "a " * 600_000, "spaces": "\x00" + "a  " * 400_000},
    {"keep": "a\n\n", "then": "b\n"}, {"then": "b\n", "keep": "a\n\n"}, ["a\n\n"], "plain root", "",
    {"blank": " a\n", "trail": "a \nb", "quote": "'q' x" * 3},
]


@pytest.mark.parametrize("data", EMITTER_CASES, ids=[repr(c)[:30] for c in EMITTER_CASES])
def test_both_emitters_write_the_same_bytes(data: Any) -> None:
    assert _both_emitters(data) and loads(dump(data)) == data


def _both_emitters(data: Any) -> bool:
    """Whether libyaml's emitter and the pure-Python one write ``data`` alike, in short and in long form (the
    emitter of libyaml 0.2.5, which PyYAML's wheels ship; an older libyaml writes document ends otherwise)."""
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML was built without libyaml: one emitter only")
    if yaml._yaml.get_version() < (0, 2, 5):
        pytest.skip(f"libyaml {yaml._yaml.get_version_string()} predates 0.2.5")
    fast, pure = _dumper.Dumper, _dumper.PyDumper
    try:
        for long_form in (False, True):
            _dumper.Dumper = _dumper._dumper_class(yaml.CSafeDumper)
            first = dump(data, long_form=long_form)
            _dumper.Dumper = pure
            second = dump(data, long_form=long_form)
            assert first == second, (first[:500], second[:500])
    finally:
        _dumper.Dumper = fast
    return True


# --- layout ----------------------------------------------------------------------------------------------

def test_dump_keeps_key_order() -> None:
    data = {"Zeta": 1, "alpha": 2, "Mid": {"z": 1, "a": 2, "m": 3}, "Beta": [3, 1, 2]}
    text = dump(data)
    assert text.index("Zeta") < text.index("alpha") < text.index("Mid") < text.index("Beta")
    assert text.index("\n  z: 1") < text.index("\n  a: 2") < text.index("\n  m: 3")
    loaded = loads(text)
    assert list(loaded) == ["Zeta", "alpha", "Mid", "Beta"] and list(loaded["Mid"]) == ["z", "a", "m"]


def test_load_keeps_key_order() -> None:
    assert list(loads("b: 1\na: 2\nc: 3\n")) == ["b", "a", "c"]
    assert list(loads('{"b": 1, "a": 2, "c": 3}')) == ["b", "a", "c"]


def test_multiline_strings_are_block_literals() -> None:
    vtl = '#set($b = $input.path(\'$\'))\n{\n  "id": "$context.requestId"\n}\n'
    data = {"RequestTemplates": {"application/json": vtl, "text/plain": "a\nb"}}
    text = dump(data)
    assert "application/json: |\n" in text
    assert "text/plain: |-\n" in text
    assert '    "id": "$context.requestId"\n' in text
    assert loads(text) == data


def test_block_literal_under_a_short_form() -> None:
    data = {"T": {"Fn::Sub": "line ${A}\nline 2\n"}}
    text = dump(data)
    assert text.startswith("T: !Sub |\n")
    assert loads(text) == data


def test_dump_never_writes_anchors() -> None:
    shared = {"a": [1, 2], "b": "x"}
    data = {"one": shared, "two": shared, "three": [shared, shared]}
    text = dump(data)
    assert "&" not in text and "*" not in text
    assert loads(text) == data


AMBIGUOUS_STRINGS = [
    "on", "off", "yes", "no", "Yes", "NO", "true", "False", "y", "n", "Y", "N", "null", "Null", "~", "",
    "0777", "012345670123", "0x1F", "0b101", "0o17", "1_000", "1:20", "190:20:30", "1.0", "-1.5", ".5",
    "1e3", "1E-5", "6.02e+23", "123", "-7", "+7", ".inf", "-.inf", ".nan", ".NaN", "2020-01-01",
    "2010-09-09", "2001-12-14 21:59:43.10 -5", "2001-12-14t21:59:43.10-05:00", "=", "<<",
]


@pytest.mark.parametrize("text", AMBIGUOUS_STRINGS)
def test_strings_another_reader_would_misread_are_quoted(text: str) -> None:
    out = dump({"k": text, "l": [text]})
    assert loads(out) == {"k": text, "l": [text]}
    # ... and quoted, so that YAML 1.1 readers (PyYAML, cfn-flip) read them as strings too
    assert yaml.safe_load(out) == {"k": text, "l": [text]}
    assert cfn_flip.load_yaml(out)["k"] == text
    assert out.startswith(("k: '", 'k: "'))


def test_ordinary_strings_stay_plain() -> None:
    assert dump({"k": "AWS_PROXY", "u": "arn:aws:s3:::b/*", "s": "one two", "Type": "AWS"}) == (
        "k: AWS_PROXY\nu: arn:aws:s3:::b/*\ns: one two\nType: AWS\n")


def test_non_string_scalars_dump_plain() -> None:
    data = {"i": 200, "neg": -3, "f": 1.5, "big": 1e20, "small": 1e-7, "t": True, "no": False, "z": None}
    text = dump(data)
    assert text == "i: 200\nneg: -3\nf: 1.5\nbig: 1.0e+20\nsmall: 1.0e-07\nt: true\n'no': false\nz: null\n"
    assert loads(text) == data


def test_infinity_round_trips_with_an_explicit_tag() -> None:
    text = dump({"a": float("inf"), "b": float("-inf")})
    assert text == "a: !!float .inf\nb: !!float -.inf\n"
    assert loads(text) == {"a": float("inf"), "b": float("-inf")}
    assert math.isnan(loads(dump({"n": float("nan")}))["n"])


def test_dump_json() -> None:
    data = {"b": {"Ref": "X"}, "a": ["é", 1, None, True], "ü": "日本"}
    text = dump(data, format="json")
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert text == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    assert '"ü": "日本"' in text
    assert loads(text) == data


def test_dump_errors() -> None:
    with pytest.raises(InputError) as caught:
        dump({"when": datetime.date(2020, 1, 1)})
    assert caught.value.diagnostics[0].code == "invalid-type"
    with pytest.raises(InputError) as caught:
        dump({"s": {1, 2}}, format="json")
    assert caught.value.diagnostics[0].code == "invalid-type"
    with pytest.raises(InputError) as caught:
        dump({(1, 2): "tuple key"})
    assert caught.value.diagnostics[0].code == "invalid-type"
    with pytest.raises(InputError) as caught:
        dump({"a": 1}, format="toml")
    assert caught.value.diagnostics[0].code == "invalid-argument"
    with pytest.raises(InputError) as caught:
        dump({"a": float("nan")}, format="json")
    assert caught.value.diagnostics[0].code == "invalid-type"


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_dump_refuses_cycles(fmt: str) -> None:
    cyclic: dict[str, Any] = {}
    cyclic["self"] = cyclic
    with pytest.raises(InputError) as caught:
        dump(cyclic, format=fmt)
    assert caught.value.diagnostics[0].code in ("nesting-too-deep", "invalid-type")


def test_dump_accepts_subclasses() -> None:
    from collections import OrderedDict
    assert loads(dump(OrderedDict([("b", (1, 2)), ("a", "x")]))) == {"b": [1, 2], "a": "x"}


# --- YAML 1.1 scalars as CloudFormation reads them ----------------------------------------------------------

# (plain scalar, value we load, value cfn-flip (PyYAML's YAML 1.1 resolver) loads, why)
SCALAR_CASES = [
    ("yes", True, True, "YAML 1.1 bool; CloudFormation deploys an unquoted YES as 'true' (ASFHyP3/hyp3#2061)"),
    ("No", False, False, "YAML 1.1 bool"),
    ("on", True, True, "YAML 1.1 bool (aws/aws-cli#5257 quotes these for CloudFormation)"),
    ("OFF", False, False, "YAML 1.1 bool"),
    ("TRUE", True, True, "YAML 1.1 bool"),
    ("y", "y", "y", "single letters are not booleans (AttributeType: N)"),
    ("N", "N", "N", "single letters are not booleans"),
    ("0777", 511, 511, "octal: CloudFormation corrupts unquoted leading-zero account ids the same way"),
    ("012345670123", 1402433619, 1402433619, "coverage-roadmap#745"),
    ("0999", "0999", "0999", "not octal, not decimal: a string"),
    ("0x1F", 31, 31, "YAML 1.1 hex"),
    ("0b101", 5, 5, "YAML 1.1 binary"),
    ("1_000", 1000, 1000, "YAML 1.1 digit separators"),
    ("1:20", 80, 80, "YAML 1.1 sexagesimal"),
    ("-1:20", -80, -80, "YAML 1.1 sexagesimal"),
    ("1:20.5", 80.5, 80.5, "YAML 1.1 sexagesimal float"),
    ("0o17", "0o17", "0o17", "YAML 1.2 octal is a YAML 1.1 string"),
    ("1.0", 1.0, 1.0, "float"),
    ("1e3", "1e3", "1e3", "YAML 1.1 floats need a dot"),
    ("1.0e+3", 1000.0, 1000.0, "float with a signed exponent"),
    ("2.0", 2.0, 2.0, "swagger: 2.0 is a number"),
    ("200", 200, 200, "int"),
    ("-0", 0, 0, "int"),
    ("null", None, None, "null"),
    ("~", None, None, "null"),
    ("2010-09-09", "2010-09-09", datetime.date(2010, 9, 9),
     "CloudFormation does not support the timestamp tag: dates stay strings"),
    ("2001-12-14 21:59:43.10 -5", "2001-12-14 21:59:43.10 -5",
     datetime.datetime(2001, 12, 14, 21, 59, 43, 100000, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))),
     "timestamps stay strings"),
    (".inf", ".inf", float("inf"), "JSON has no infinity: kept as written"),
    ("-.Inf", "-.Inf", float("-inf"), "JSON has no infinity: kept as written"),
    ("=", "=", None, "PyYAML's !!value has no constructor (cfn-flip fails); a plain string here"),
    ("<<", "<<", None, "a merge key only as a key; as a value it is the string"),
]


@pytest.mark.parametrize(("text", "ours", "cfn_flip_value", "why"), SCALAR_CASES,
                         ids=[c[0] for c in SCALAR_CASES])
def test_yaml_11_scalars(text: str, ours: Any, cfn_flip_value: Any, why: str) -> None:
    value = loads(f"v: {text}\n")["v"]
    assert value == ours and type(value) is type(ours), why
    if text in ("=", "<<"):
        with pytest.raises(yaml.YAMLError):
            cfn_flip.load_yaml(f"v: {text}\n")
    else:
        assert cfn_flip.load_yaml(f"v: {text}\n")["v"] == cfn_flip_value
    # the value survives a round trip, and the written text reads the same in cfn-flip unless a date
    assert roundtrip({"v": value}) == {"v": value}


def test_quoted_and_explicitly_tagged_scalars() -> None:
    assert loads("a: '0777'\nb: \"yes\"\nc: !!str 027434742980\nd: !!int '12'\ne: !!float '1'\n"
                "f: !!bool 'on'\ng: !!null ''\nh: !!float .inf\ni: ! plain\n") == {
        "a": "0777", "b": "yes", "c": "027434742980", "d": 12, "e": 1.0, "f": True, "g": None,
        "h": float("inf"), "i": "plain"}


@pytest.mark.parametrize("text", ["!!int abc", "!!bool maybe", "!!float x1", "!!null nothing"])
def test_explicit_tags_with_wrong_values(text: str) -> None:
    diagnostic = error_of(f"a:\n  b: {text}\n")
    assert diagnostic.code == "invalid-type"
    assert (diagnostic.pointer, diagnostic.line, diagnostic.column) == ("/a/b", 2, 6)


def test_keys_follow_the_same_rules() -> None:
    assert loads("200: ok\nyes: b\n2020-01-01: d\n~: n\n") == {200: "ok", True: "b", "2020-01-01": "d", None: "n"}


def test_huge_integer_stays_text() -> None:
    digits = "9" * 5000
    assert loads(f"a: {digits}") == {"a": digits}


# --- merges and anchors --------------------------------------------------------------------------------

def test_small_anchor_use_loads_as_independent_copies() -> None:
    data = loads("base: &b {Type: AWS, Uri: x}\none: *b\ntwo: *b\n")
    assert data == {"base": {"Type": "AWS", "Uri": "x"}, "one": {"Type": "AWS", "Uri": "x"},
                    "two": {"Type": "AWS", "Uri": "x"}}
    assert data["one"] is not data["two"] and data["one"] is not data["base"]


def test_merge_keys() -> None:
    text = textwrap.dedent("""\
        defaults: &d {a: 1, b: 2}
        more: &m {b: 20, c: 30}
        one:
          <<: *d
          b: 3
        two:
          <<: [*m, *d]
          z: 0
        inline:
          <<: {x: 1}
          y: 2
    """)
    data = loads(text)
    assert data["one"] == {"a": 1, "b": 3}
    assert data["two"] == {"a": 1, "b": 20, "c": 30, "z": 0}  # earlier sources win, own keys win
    assert data["inline"] == {"x": 1, "y": 2}
    assert data == yaml.safe_load(text)


def test_merge_of_a_scalar_is_refused() -> None:
    diagnostic = error_of("a:\n  <<: 5\n")
    assert diagnostic.code == "invalid-document"


# --- duplicate keys ----------------------------------------------------------------------------------------

def test_duplicate_key_names_both_lines() -> None:
    text = textwrap.dedent("""\
        Resources:
          Method:
            Type: AWS::ApiGateway::Method
            Properties:
              HttpMethod: GET
            Type: AWS::ApiGateway::Resource
    """)
    diagnostic = error_of(text, name="template.yaml")
    assert diagnostic.code == "duplicate-key"
    assert diagnostic.message == "key 'Type' appears at line 3 and again at line 6"
    assert (diagnostic.file, diagnostic.line, diagnostic.column) == ("template.yaml", 6, 5)
    assert diagnostic.pointer == "/Resources/Method/Type"


def test_duplicate_keys_in_flow_short_form_and_list() -> None:
    assert error_of("a: [{x: 1, x: 2}]").pointer == "/a/0/x"
    assert error_of("a: !Sub ['${x}', {x: 1, x: 2}]").pointer == "/a/Fn::Sub/1/x"
    assert error_of("a: !Transform {Name: a, Name: b}").pointer == "/a/Fn::Transform/Name"
    assert error_of("200: a\n0x0C8: b\n").message == "key 200 appears at line 1 and again at line 2"


def test_duplicate_key_in_json() -> None:
    text = '{\n  "paths": {},\n  "info": {"x": 1},\n  "paths": {"/a": {}}\n}\n'
    diagnostic = error_of(text, name="api.json")
    assert diagnostic.code == "duplicate-key"
    assert diagnostic.message == "key 'paths' appears at line 2 and again at line 4"
    assert (diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.pointer) == ("api.json", 4, 3, "/paths")
    nested = error_of('[{"a": [1, {"k": 1, "k": 2}]}]')
    assert (nested.pointer, nested.line, nested.column) == ("/0/a/1/k", 1, 21)


def test_keys_equal_in_other_objects_are_fine() -> None:
    assert loads('{"a": {"k": 1}, "b": {"k": 2}, "c": [{"k": 1}, {"k": 2}]}')["c"] == [{"k": 1}, {"k": 2}]
    assert loads("a: {k: 1}\nb: {k: 2}\n") == {"a": {"k": 1}, "b": {"k": 2}}


# --- marks -------------------------------------------------------------------------------------------------

YAML_DOC = textwrap.dedent("""\
    Resources:
      Method:
        Type: AWS::ApiGateway::Method
        Properties:
          Integration:
            Uri: !Sub 'arn:${AWS::Partition}:x'
            Credentials: !GetAtt Role.Arn
            IntegrationResponses:
              - StatusCode: 200
              - StatusCode: 400
                SelectionPattern: 4\\d{2}
            RequestTemplates: !If [C, {a: b}, !Ref AWS::NoValue]
""")


def where(text: str, line: int, needle: str) -> tuple[int, int]:
    """1-based (line, column) of the first ``needle`` on ``line`` of ``text``."""
    return line, text.splitlines()[line - 1].index(needle) + 1


def test_locate_yaml() -> None:
    doc = loads_document(YAML_DOC, name="t.yaml")
    assert (doc.name, doc.format, doc.text) == ("t.yaml", "yaml", YAML_DOC)
    integration = ("Resources", "Method", "Properties", "Integration")
    assert doc.locate(()) == (1, 1)
    assert doc.locate(("Resources", "Method", "Type")) == where(YAML_DOC, 3, "AWS::") == (3, 11)
    assert doc.locate((*integration, "Uri")) == where(YAML_DOC, 6, "!Sub")
    assert doc.locate((*integration, "Uri", "Fn::Sub")) == where(YAML_DOC, 6, "!Sub")
    assert doc.locate((*integration, "Credentials", "Fn::GetAtt", 1)) == where(YAML_DOC, 7, "!GetAtt")
    assert doc.locate((*integration, "IntegrationResponses", 1, "SelectionPattern")) == where(YAML_DOC, 11, "4")
    assert doc.locate((*integration, "IntegrationResponses", "1", "StatusCode")) == where(YAML_DOC, 10, "400")
    assert doc.locate((*integration, "IntegrationResponses", 1)) == where(YAML_DOC, 10, "StatusCode")
    assert doc.locate((*integration, "RequestTemplates", "Fn::If", 1, "a")) == where(YAML_DOC, 12, "b}")
    assert doc.locate((*integration, "RequestTemplates", "Fn::If", 2, "Ref")) == where(YAML_DOC, 12, "!Ref")
    assert doc.locate((*integration, "Nope")) is None
    assert doc.locate((*integration, "IntegrationResponses", 7)) is None


def test_locate_costs_nothing_until_asked() -> None:
    doc = loads_document(YAML_DOC)
    assert doc._marks is None
    doc.locate(("Resources",))
    assert doc._marks is not None


def test_locate_json() -> None:
    text = '{\n  "swagger": "2.0",\n  "paths": {\n    "/p": {"get": {"responses": [1, {"x": null}]}}\n  }\n}'
    doc = loads_document(text)
    assert doc.format == "json"
    assert doc.locate(()) == (1, 1)
    assert doc.locate(("swagger",)) == where(text, 2, '"2.0"') == (2, 14)
    assert doc.locate(("paths", "/p", "get", "responses", 1, "x")) == where(text, 4, "null")
    assert doc.locate(("paths", "/p", "get", "responses", "0")) == where(text, 4, "1,")
    assert doc.locate(("paths", "/p")) == where(text, 4, '{"get"')
    assert doc.locate(("paths", "/q")) is None


def test_locate_through_merges_and_aliases() -> None:
    doc = loads_document("d: &d {a: 1}\nm:\n  <<: *d\n  b: 2\nc: *d\n")
    assert doc.locate(("m", "b")) == (4, 6)
    assert doc.locate(("m", "a")) == (1, 11)  # where the merged value is written
    assert doc.locate(("c", "a")) == (1, 11)


def test_place_fills_file_line_column() -> None:
    doc = loads_document(YAML_DOC, name="t.yaml")
    diagnostic = make("unknown-field", ("Resources", "Method", "Properties", "Integration", "Credentials"))
    placed = doc.place(diagnostic)
    assert (placed.file, placed.line, placed.column) == ("t.yaml", 7, 22)
    assert placed.code == diagnostic.code and placed.pointer == diagnostic.pointer
    assert diagnostic.line is None  # a copy
    # a missing value is placed at its nearest enclosing value
    missing = doc.place(make("missing-field", ("Resources", "Method", "Properties", "Integration", "Type")))
    assert (missing.line, missing.column) == (6, 9)
    escaped = loads_document('{"paths": {"/a~b": {"get": 1}}}').place(make("invalid-type", ("paths", "/a~b", "get")))
    assert escaped.pointer == "/paths/~1a~0b/get"
    assert (escaped.line, escaped.column) == (1, 28)


def test_stream_and_path_names(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    assert load_document(path).name == str(path)
    assert load_document(str(path)).name == str(path)
    assert load_document(path, name="shown").name == "shown"
    assert loads_document("a: 1").name == "<string>"
    assert loads_document(b"a: 1").name == "<string>"
    assert load_document(io.StringIO("a: 1")).name == "<stdin>"
    with open(path, "rb") as handle:
        assert load_document(handle).name == str(path)
    assert load(io.BytesIO(b"a: 1")) == {"a": 1}


# --- errors -------------------------------------------------------------------------------------------------

def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    for source in (missing, str(missing), "nope.yaml", "templates/api.json", "a: 1", "{}"):
        diagnostic = file_error_of(source)
        assert diagnostic.code == "file-not-found", source
    assert error_of(missing).file == str(missing)
    assert file_error_of("").message == "no file name given (an empty path)"
    assert "use loads()" in file_error_of(b"a: 1").message


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    assert error_of(tmp_path).code == "not-a-file"
    assert file_error_of(str(tmp_path)).code == "not-a-file"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("a: 1\n")

    def denied(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", denied)
    assert error_of(path).code == "file-unreadable"


def test_unreadable_stream() -> None:
    class Broken(io.RawIOBase):
        def read(self, size: int = -1) -> bytes:
            raise OSError(5, "Input/output error")

    assert error_of(Broken()).code == "file-unreadable"


def test_invalid_utf8(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    diagnostic = error_of(path)
    assert diagnostic.code == "invalid-encoding"
    assert (diagnostic.line, diagnostic.column, diagnostic.file) == (2, 7, str(path))
    assert error_of(b"\xff\xfea\x00:\x00").code == "invalid-encoding"  # UTF-16


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load(path) == {"a": 1}
    assert loads(b'\xef\xbb\xbf{"a": 1}') == {"a": 1}
    assert loads("\ufeffa: 1") == {"a": 1}
    doc = loads_document(b"\xef\xbb\xbfa:\n  b: 1\n")
    assert doc.locate(("a", "b")) == (2, 6)


def test_input_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:  # a sparse 50 MB file: refused from its size, never read
        handle.truncate(50 * 1024 * 1024)
    started = time.perf_counter()
    assert error_of(big).code == "input-too-large"
    assert time.perf_counter() - started < 1
    monkeypatch.setattr(yaml_io, "MAX_INPUT_BYTES", 100)
    assert error_of("a: " + "x" * 100).code == "input-too-large"
    assert error_of(b"a: " + b"x" * 100).code == "input-too-large"
    assert error_of(io.BytesIO(b"a: " + b"x" * 100)).code == "input-too-large"
    assert loads("a: " + "x" * 90) == {"a": "x" * 90}


def test_yaml_syntax_error() -> None:
    diagnostic = error_of("a: 1\nb: [1, 2\nc: 3\n", name="t.yaml")
    assert diagnostic.code == "yaml-syntax"
    assert diagnostic.file == "t.yaml" and diagnostic.line == 3 and diagnostic.column is not None
    tab = error_of("a:\n\tb: 1\n")
    assert (tab.code, tab.line, tab.column) == ("yaml-syntax", 2, 1)


def test_json_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "api.json"
    path.write_text('{"a": [1, 2}\n')
    diagnostic = error_of(path)
    assert (diagnostic.code, diagnostic.file, diagnostic.line, diagnostic.column) == ("json-syntax", str(path), 1, 12)

    text = '{\n  "a": 1,\n  "b": \n}\n'
    diagnostic = error_of(text, name="t.json")
    assert diagnostic.code == "json-syntax"
    assert (diagnostic.file, diagnostic.line, diagnostic.column) == ("t.json", 4, 1)
    assert loads(text) == {"a": 1, "b": None}  # the same text without a .json name is a YAML flow mapping
    # NaN is not JSON, but {"a": NaN} is a YAML flow mapping whose value is the string 'NaN'
    assert loads_document('{"a": NaN}').format == "yaml"
    assert error_of('{"a": [1, 2}', name="t.json").code == "json-syntax"


def test_flow_yaml_that_is_not_json_still_loads() -> None:
    doc = loads_document("{a: !Ref B, 'c': [1, 2,]}")
    assert doc.format == "yaml"
    assert doc.data == {"a": {"Ref": "B"}, "c": [1, 2]}
    assert error_of("{a: !Foo b}").code == "unknown-tag"


def test_control_characters() -> None:
    diagnostic = error_of("a: b\nc: d\x01e\n")
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("yaml-syntax", 2, 5)


def test_multiple_documents_are_refused() -> None:
    diagnostic = error_of("a: 1\n---\nb: 2\n")
    assert diagnostic.code == "several-documents"
    assert "more than one YAML document" in diagnostic.message
    assert diagnostic.line == 2
    assert loads("---\na: 1\n...\n") == {"a": 1}


@pytest.mark.parametrize("text", ["", "   \n\n", "# just a comment\n", "---\n", "---\n...\n"])
def test_empty_input_is_an_error(text: str) -> None:
    diagnostic = error_of(text)
    assert diagnostic.code == "invalid-document"
    assert "empty" in diagnostic.message


def test_lists_and_scalars_are_returned() -> None:
    assert loads("- a\n- b\n") == ["a", "b"]
    assert loads("[1, 2]") == [1, 2]
    assert loads("just text") == "just text"
    assert loads("42") == 42
    assert loads("null") is None
    assert loads('"quoted"') == "quoted"


@pytest.mark.parametrize("text", [
    "a: !!python/object/apply:os.system ['true']",
    "a: !!python/name:os.system",
    "a: !!python/object:collections.OrderedDict {}",
    "a: !<tag:yaml.org,2002:python/tuple> [1]",
    "a: !!binary aGVsbG8=",
    "a: !!timestamp 2020-01-01",
    "a: !!set {x, y}",
    "a: !!omap [x: 1]",
    "a: !!pairs [x: 1]",
    "a: !<tag:example.com,2000:thing> x",
])
def test_unsafe_tags(text: str) -> None:
    diagnostic = error_of(text)
    assert diagnostic.code == "unsafe-tag"
    assert (diagnostic.pointer, diagnostic.line, diagnostic.column) == ("/a", 1, 4)


def test_unknown_tags() -> None:
    diagnostic = error_of("Resources:\n  X:\n    Type: !Foo bar\n")
    assert diagnostic.code == "unknown-tag"
    assert (diagnostic.pointer, diagnostic.line, diagnostic.column) == ("/Resources/X/Type", 3, 11)
    assert "did you mean !GetAtt" in error_of("a: !getatt x.y").message
    assert error_of("a: !ForEach [x]").code == "unknown-tag"


def test_non_scalar_keys_are_refused() -> None:
    assert error_of("? [a, b]\n: c\n").code == "invalid-document"
    assert error_of("!Ref x: y\n").code == "invalid-document"


def test_alias_bomb_is_refused_quickly() -> None:
    """A billion laughs, in a child process with a memory cap: a regression fails instead of swapping."""
    script = textwrap.dedent("""
        import resource, time
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
        from apigw_convert.yaml_io import loads
        from apigw_convert.errors import InputError
        lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
        started = time.perf_counter()
        try:
            loads("\\n".join(lines) + "\\n")
        except InputError as exc:
            d = exc.diagnostics[0]
            print(d.code, d.line, round(time.perf_counter() - started, 3))
        else:
            print("loaded")
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    code, line, seconds = result.stdout.split()
    assert code == "alias-refused" and line.isdigit()
    assert float(seconds) < 2


def test_alias_expansion_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "a: &a [1, 2, 3, 4]\nb: [*a, *a, *a]\n"
    assert loads(text)["b"] == [[1, 2, 3, 4]] * 3
    monkeypatch.setattr(yaml_io, "MAX_ALIAS_NODES", 10)
    assert error_of(text).code == "alias-refused"


def test_recursive_alias_is_refused() -> None:
    assert error_of("a: &a [1, *a]\n").code == "alias-refused"
    assert error_of("a: &a {b: *a}\n").code == "alias-refused"


def test_aliases_cannot_nest_past_the_depth_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_io, "MAX_DEPTH", 6)
    assert loads("a: &a [[1]]\nb: [*a]\n") == {"a": [[1]], "b": [[[1]]]}
    assert error_of("a: &a [[[1]]]\nb: [[*a]]\n").code == "nesting-too-deep"


def test_undefined_alias() -> None:
    assert error_of("a: *nowhere\n").code == "yaml-syntax"


def test_depth_limit_boundary() -> None:
    depth = yaml_io.MAX_DEPTH
    assert loads("[" * depth + "]" * depth) is not None
    assert loads("[" * (depth - 1) + "1" + "]" * (depth - 1)) is not None
    assert error_of("[" * depth + "1" + "]" * depth).code == "nesting-too-deep"
    assert error_of("[" * (depth + 1) + "]" * (depth + 1)).code == "nesting-too-deep"
    json_ok = '{"a": ' * (depth - 1) + "1" + "}" * (depth - 1)
    assert loads_document(json_ok).format == "json"
    diagnostic = error_of('{"a": ' * depth + "1" + "}" * depth)
    assert diagnostic.code == "nesting-too-deep"
    assert diagnostic.pointer == "/a" * depth and diagnostic.line == 1


DEEP_CASES = {
    "flow-sequence": "'[' * 100_000 + ']' * 100_000",
    "flow-mapping": "'{a: ' * 100_000 + '1' + '}' * 100_000",
    "block-sequence": "'- ' * 100_000 + 'x'",
    "block-mapping": "''.join(' ' * i + 'k:\\n' for i in range(3_000)) + ' ' * 3_000 + 'v'",
    "json-array": "'[' * 100_000 + ']' * 100_000",
    "json-object": "'{\"a\": ' * 100_000 + '1' + '}' * 100_000",
    "mixed": "'a:\\n  - ' + '[' * 100_000 + ']' * 100_000",
}


@pytest.mark.parametrize("loader", ["libyaml", "python"])
@pytest.mark.parametrize("case", sorted(DEEP_CASES))
def test_deep_nesting_is_refused_without_crashing(case: str, loader: str) -> None:
    """Run in a child process: a crash of libyaml's recursive composer would kill the interpreter."""
    if loader == "libyaml" and not yaml.__with_libyaml__:
        pytest.skip("PyYAML was built without libyaml")
    script = textwrap.dedent(f"""
        import sys, time
        from apigw_convert import yaml_io
        from apigw_convert.errors import InputError
        from apigw_convert.yaml_io import _loader
        if {loader!r} == "python":
            _loader.Loader = _loader.PyLoader
        text = {DEEP_CASES[case]}
        started = time.perf_counter()
        try:
            yaml_io.loads(text)
        except InputError as exc:
            d = exc.diagnostics[0]
            print(d.code, d.line, d.column, round(time.perf_counter() - started, 3))
        else:
            print("loaded")
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    code, line, column, seconds = result.stdout.split()
    assert code == "nesting-too-deep"
    assert line != "None" and column != "None"
    assert float(seconds) < 5


def test_binary_garbage() -> None:
    rng = random.Random(1234)
    for _ in range(50):
        blob = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
        try:
            loads(blob)
        except InputError as exc:
            assert exc.diagnostics[0].code in {"invalid-encoding", "yaml-syntax", "json-syntax", "unknown-tag",
                                               "unsafe-tag", "invalid-document", "duplicate-key",
                                               "invalid-type", "alias-refused"}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300),
                 st.text(alphabet="[]{}:,-&*!|>'\"#?\n \t0aA.~<=%@`", max_size=200)))
def test_only_input_errors_escape(source: bytes | str) -> None:
    try:
        loads(source)
    except InputError as exc:
        assert exc.diagnostics and exc.diagnostics[0].severity == "error"


def test_unsupported_source_type() -> None:
    assert error_of(12345).code == "invalid-type"


def test_recursion_errors_become_input_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: Any) -> Any:
        raise RecursionError

    monkeypatch.setattr(_loader, "_build", explode)
    assert error_of("a: 1").code == "nesting-too-deep"

    def oom(*args: Any) -> Any:
        raise MemoryError

    monkeypatch.setattr(_document, "parse_yaml", oom)
    assert error_of("a: 1").code == "input-too-large"


# --- the pure-Python fallback ------------------------------------------------------------------------------

@pytest.fixture
def python_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_loader, "Loader", _loader.PyLoader)
    monkeypatch.setattr(_dumper, "Dumper", _dumper.PyDumper)


def test_fallback_classes_are_the_expected_ones() -> None:
    assert issubclass(_loader.PyLoader, yaml.SafeLoader)
    assert issubclass(_dumper.PyDumper, yaml.SafeDumper)
    if yaml.__with_libyaml__:
        assert issubclass(_loader.Loader, yaml.CSafeLoader)
        assert issubclass(_dumper.Dumper, yaml.CSafeDumper)


@pytest.mark.usefixtures("python_yaml")
def test_fallback_reads_and_writes_the_same() -> None:
    for text, expected in SHORT_FORM_CASES:
        assert loads(f"v: {text}") == {"v": expected}
    for text, ours, _, _ in SCALAR_CASES:
        assert loads(f"v: {text}\n") == {"v": ours}
    for value, expected in DUMP_CASES:
        assert dump({"v": value}) == expected
    assert error_of("a: 1\na: 2\n").message == "key 'a' appears at line 1 and again at line 2"
    assert error_of("a: b\x01").code == "yaml-syntax"
    assert loads_document(YAML_DOC).locate(("Resources", "Method", "Type")) == (3, 11)


# --- round trips -------------------------------------------------------------------------------------------

names = st.text(alphabet=st.characters(categories=["Lu", "Ll", "Nd"], max_codepoint=0x7F), min_size=1,
                max_size=12)
texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from([*AMBIGUOUS_STRINGS, "a\nb", "a\n", " lead", "trail ", "tab\there", "x: y", "- z", "#c",
                                         "!Ref x", "&a", "*a", "'q'", '"q"', "|", ">", "%", "@", "`", "\ufeffbom",
                                         "line\r\nbreak", "nel\x85x", "ls\u2028x", "\x00nul", "é日本🙂"]),
)
scalars = st.one_of(texts, st.integers(), st.floats(allow_nan=False), st.booleans(), st.none())


def intrinsics(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.builds(lambda n: {"Ref": n}, names),
        st.builds(lambda a, b: {"Fn::GetAtt": [a, b]}, names, texts),
        st.builds(lambda s: {"Fn::Sub": s}, texts),
        st.builds(lambda s, v: {"Fn::Sub": [s, v]}, texts, st.dictionaries(names, children, max_size=3)),
        st.builds(lambda c: {"Fn::If": [c[0], c[1], c[2]]}, st.tuples(names, children, children)),
        st.builds(lambda items: {"Fn::Join": ["", items]}, st.lists(children, max_size=3)),
        st.builds(lambda cs: {"Fn::And": [{"Condition": c} for c in cs]}, st.lists(names, min_size=2, max_size=3)),
        st.builds(lambda c: {"Condition": c}, names),
        st.builds(lambda v: {"Fn::Transform": {"Name": "AWS::Include", "Parameters": v}}, children),
        st.builds(lambda k, v: {k: v}, st.sampled_from(sorted(set(yaml_io.SHORT_FORMS.values()))), children),
    )


documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(texts, st.integers(), st.booleans()), children, max_size=4),
        intrinsics(children),
    ),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_dump_load_round_trip(data: Any) -> None:
    text = dump(data)
    assert loads(text) == data, text
    assert loads(dump(data, long_form=True)) == data


wide_texts = st.one_of(
    texts, st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=60),
    st.text(alphabet=st.sampled_from(list(" \n\r\t\x85\u2028\u2029\ufeff'\"#:-?!|>aé🙂")), max_size=20),
    st.builds(lambda n, c: c * n, st.integers(60, 140), st.sampled_from(["a", "é", "日", "🙂", " a"])),
)
wide_documents = st.recursive(
    st.one_of(wide_texts, st.integers(), st.floats(), st.booleans(), st.none()),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(wide_texts, st.integers(), st.booleans()), children, max_size=4),
        intrinsics(children),
        st.builds(lambda k, v: {k: v}, st.sampled_from(["Ref", "Fn::Sub", "Fn::GetAtt", "Condition"]), wide_texts),
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wide_documents)
def test_both_emitters_write_the_same_bytes_on_any_data(data: Any) -> None:
    assert _both_emitters(data)


json_documents = st.recursive(
    st.one_of(st.text(max_size=30), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
              st.booleans(), st.none()),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=20), children,
                                                                                 max_size=4)),
    max_leaves=25,
)


@settings(max_examples=200, deadline=None)
@given(json_documents)
def test_json_round_trip(data: Any) -> None:
    text = dump(data, format="json")
    assert json.loads(text) == data
    if isinstance(data, (dict, list)):
        assert loads(text) == data
    assert loads(dump(data)) == data


def test_load_is_load_document_data() -> None:
    assert loads(YAML_DOC) == loads_document(YAML_DOC).data
    assert isinstance(loads_document("a: 1"), Loaded)


def test_strings_with_path_suffix_and_colon_are_text() -> None:
    assert loads("file: template.yaml") == {"file": "template.yaml"}
    assert loads('["a.json"]') == ["a.json"]
    assert loads("{a: b.json}") == {"a": "b.json"}


@pytest.mark.parametrize(("text", "expected"), [
    ("a: &x 1\nb: *x\n", True), ("&x [1]", True), ("a: [&x 1, *x]", True), ('{"a":&x 1, "b": *x}', True),
    ("a:\t&x 1", True), ("? &x a\n: *x\n", True), ("- &x\n  a: 1\n- *x\n", True),
    ("[\n\ufeff&x 1, *x]", True), ("a: [\u3000&x 1, *x]", True), ("[1,&x 2]", True),
    ("a: b&c", False), ("a: 'x && y'", False), ("a: x & y", False), ("a: Action=Send&Body=$x", False),
    ("a: Body=$util.urlEncode($input.body)&Name=x", False), ("a: x,&y", True),
])
def test_anchor_gate(text: str, expected: bool) -> None:
    """Only documents that may define an anchor take the alias-checking path."""
    assert _loader.may_have_anchors(text) is expected


ANCHOR_CONTEXTS = st.builds(
    lambda before, value, between, after: f"{before}&x{value}{between}*x{after}",
    st.sampled_from(["", "a: ", "- ", "[", "{a: ", "? ", "a:\n  - ", '{"k":', "a:\t", "[x,", "{a: 1,b:"]),
    st.sampled_from(["1", " [1]", " {b: 1}", "", "\n  c: 1"]),
    st.sampled_from(["\nb: ", ", ", "\n- ", "]\nb: ", "}\nb: ", ",b: ", "\n: ", ', "c":', "]\n- ", ",", "\n"]),
    st.sampled_from(["", "]", "}", "\n"]),
)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="&*ab:-[]{},? \n\t'\"", max_size=60) | ANCHOR_CONTEXTS)
def test_anchor_gate_never_misses_an_alias(text: str) -> None:
    try:
        list(yaml.compose_all(text, Loader=yaml.SafeLoader))  # undefined aliases fail here
        events = list(yaml.parse(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return
    if any(isinstance(event, yaml.AliasEvent) for event in events):
        assert _loader.may_have_anchors(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("a: &x 1\nb: *x\n", True), ("a: [&x 1, *x]", True), ('{"a":&x 1, "b":*x}', True), ("[&x 1,\t*x]", True),
    ("- &x a\n- [\ufeff*x]", True), ("a: &x 1\nb: 2*x", False), ("a: &x 1", False), ("a: b*c\nd: *x", False),
    ("a: Action=Send&Body=$x\nb: &x 1\nc: 2 *3", True), ("a: Action=Send&Body=$x*y", False),
])
def test_alias_gate(text: str, expected: bool) -> None:
    """Only documents that may hold an alias (and so an anchor) have their aliases checked."""
    assert _loader.may_have_aliases(text) is expected


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="&*ab:-[]{},? \n\t'\"", max_size=60) | ANCHOR_CONTEXTS)
def test_alias_gate_never_misses_an_alias(text: str) -> None:
    loader = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
    try:
        list(yaml.compose_all(text, Loader=loader))  # an alias of no anchor fails here
        events = list(yaml.parse(text, Loader=loader))
    except yaml.YAMLError:
        return
    if any(isinstance(event, yaml.AliasEvent) for event in events):
        assert _loader.may_have_aliases(text)


def test_unreferenced_anchors_load_as_before() -> None:
    """A document whose anchors nothing refers to is read without the alias check, to the same data."""
    text = "a: &x 1\nb: Action=Send&Body=$x\nc: [&y 2, 3]\n"
    assert not _loader.may_have_aliases(text)
    assert loads(text) == {"a": 1, "b": "Action=Send&Body=$x", "c": [2, 3]}


# --- the same errors with every PyYAML build ---------------------------------------------------------------

BROKEN_YAML = [
    "a: b: c", "a: [1, 2", "a: {b: 1", "- a\nb: 1", "a:\n  - b\n c: 1", "a: *x", "a: b\n\tc: d", "[a]]",
    "%YAML 1.1\n%YAML 1.1\n---\na", "a: |\n x\n  y\nb", "a: @b", "a: \x07", "- [\n", "a: b\n- c", "'a' 'b'",
    "!<tag:yaml.org,2002:str x> a", 'a: "\\xq"', 'a: "\\uD800"', 'a: "\\U0000dfff"', 'a: "\\ud83d\\ude00"',
    "a: \ud800", "k: " + "[" * 1200 + "]" * 1200, "k:\n" + "".join(" " * i + "- \n" for i in range(1100)),
]


def _diagnostic_or_data(text: str) -> Any:
    try:
        return loads(text)
    except InputError as exc:
        return exc.diagnostics[0].to_dict()


@pytest.mark.parametrize("text", BROKEN_YAML, ids=range(len(BROKEN_YAML)))
def test_errors_do_not_depend_on_libyaml(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Code, wording, line and column are PyYAML's own parser's, whether libyaml is installed or not."""
    with_libyaml = _diagnostic_or_data(text)
    monkeypatch.setattr(_loader, "Loader", _loader.PyLoader)
    assert with_libyaml == _diagnostic_or_data(text)
    assert with_libyaml["code"] in ("yaml-syntax", "json-syntax", "nesting-too-deep")
    assert with_libyaml["line"] is not None and with_libyaml["column"] is not None


@pytest.mark.parametrize("text", BROKEN_YAML, ids=range(len(BROKEN_YAML)))
def test_a_large_broken_text_is_not_read_twice(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past MAX_REREAD_CHARS libyaml's refusal stands (the pure parser, at about 1 MB/s, would make a broken 10 MB
    file slow to refuse): the same code, with libyaml's wording and position (where libyaml noticed)."""
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML was built without libyaml")
    reread = _diagnostic_or_data(text)

    def refuse(*_: Any) -> None:
        raise AssertionError("the pure parser read a text above MAX_REREAD_CHARS")

    monkeypatch.setattr(yaml_io, "MAX_REREAD_CHARS", 0)
    monkeypatch.setattr(_loader, "PyLoader", refuse)
    direct = _diagnostic_or_data(text)
    assert direct["code"] == reread["code"]
    assert direct["line"] is not None and direct["column"] is not None


def test_surrogate_escapes_are_refused_at_their_value() -> None:
    diagnostic = error_of('a:\n  b: x\n  c: "\\ud800"\n')
    assert (diagnostic.code, diagnostic.pointer, diagnostic.line, diagnostic.column) == ("yaml-syntax", "/a/c", 3, 6)
    assert loads('a: "\\u00e9 \\U0001F600"') == {"a": "\u00e9 \U0001f600"}


def test_a_byte_order_mark_before_each_anchor_does_not_hide_an_alias_bomb() -> None:
    """Nine levels of ten aliases each (10**9 nodes): refused at once, in little memory (in a child process)."""
    script = textwrap.dedent("""
        import json, sys, time
        from apigw_convert import yaml_io
        from apigw_convert.errors import InputError
        lines = ["a: [", "\\ufeff&l0 [a, b, c, d, e, f, g, h, i, j],"]
        lines += [f"\\ufeff&l{i} [" + ",".join([f"*l{i - 1}"] * 10) + "]," for i in range(1, 10)]
        started = time.perf_counter()
        try:
            yaml_io.loads("\\n".join(lines) + "\\n1]")
        except InputError as exc:
            code = exc.diagnostics[0].code
        else:
            code = "loaded"
        # VmHWM is this process's own peak: ru_maxrss would include the parent's at fork time.
        with open("/proc/self/status") as status:
            peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
        json.dump([code, time.perf_counter() - started, peak], sys.stdout)
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    code, seconds, peak_kib = json.loads(run.stdout)
    assert code == "alias-refused"
    assert seconds < 10 and peak_kib < 300 * 1024


LONG_NUMBERS = {  # expressions, evaluated in the child
    "sexagesimal": "'1' + ':2' * 600_000",  # 1.2 MB
    "hexadecimal": "'0x' + 'f' * 1_000_000",
    "octal": "'0' + '7' * 1_000_000",
    "binary": "'0b' + '1' * 1_000_000",
    "decimal": "'1' * 1_000_000",
}


def test_long_yaml_integers_stay_text_in_linear_time() -> None:
    """No YAML 1.1 integer needs more than Python's 4300 digits; longer ones are text, read in linear time."""
    script = textwrap.dedent(f"""
        import json, sys, time
        from apigw_convert import dump, loads
        seconds = {{}}
        for name, expression in {LONG_NUMBERS!r}.items():
            text = eval(expression)
            started = time.perf_counter()
            value = loads("a: " + text)["a"]
            assert value == text and loads(dump({{"a": value}}))["a"] == text, name
            seconds[name] = time.perf_counter() - started
        json.dump(seconds, sys.stdout)
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert max(json.loads(run.stdout).values()) < 10
    assert loads("a: 1:20\nb: 0x" + "f" * 1000) == {"a": 80, "b": 16 ** 1000 - 1}


def test_an_explicit_float_of_a_huge_integer_is_infinite_like_a_long_decimal() -> None:
    assert loads("a: !!float 0x" + "f" * 300 + "\nb: !!float -" + "9" * 400) == {"a": math.inf, "b": -math.inf}
    assert loads("a: !!float " + "9" * 400 + ".0") == {"a": math.inf}
    assert len(error_of("a: !!int " + "x" * 10_000).message) < 120


@pytest.mark.parametrize("wrap", [lambda inner: [inner], lambda inner: {"a": inner}], ids=["list", "mapping"])
def test_dump_depth_limit_counts_a_string_leaf(wrap: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A string is a level of its own: the last container within the limit holds it, one more level does not."""
    from apigw_convert.yaml_io import _dumper

    monkeypatch.setattr(_dumper, "_MAX_DUMP_DEPTH", 6)

    def nested(levels: int) -> Any:
        value: Any = "x"
        for _ in range(levels):
            value = wrap(value)
        return value

    assert yaml_io.loads(yaml_io.dump(nested(5))) == nested(5)
    with pytest.raises(InputError) as caught:
        yaml_io.dump(nested(6))
    assert caught.value.diagnostics[0].code == "nesting-too-deep"
