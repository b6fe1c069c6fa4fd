"""apigw_convert.yaml_io against the third-party corpus: every file reads as cfn-flip / json read it."""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cfn_flip
import pytest
import yaml
from conftest import corpus_params

from apigw_convert.errors import InputError
from apigw_convert.pointer import to_pointer
from apigw_convert.yaml_io import _dumper, _loader, dump, load, load_document, loads

FOLDERS = ("cfn", "openapi", "openapi-http", "embedded")
CORPUS_FILES = [param for folder in FOLDERS for param in corpus_params(folder)]


def corpus_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


# Files that must fail, with the reason. cfn-flip and json.loads read each of them, silently keeping the last
# of the two values; CloudFormation's behaviour with duplicate keys is undefined, so we refuse them.
DUPLICATE_KEYS: dict[str, tuple[str, int, int, str]] = {
    "cfn/serverless-patterns__apigw-ec2--template.yaml":
        ("eu-west-3", 64, 80, "a Mappings region entry written twice"),
    "cfn/serverless-patterns__public-nlb-or-alb-private-api-cfn--template.yaml":
        ("HealthCheckEnabled", 349, 358, "a target group property written twice"),
    "embedded/serverless-patterns__multi-account-private-apigw--centralAccount--template.yaml":
        ("Handler", 228, 234, "a function property written twice"),
    "openapi/amazon-api-gateway-step-functions-xml__modules--api_gateway--api.yaml":
        ("paths", 8, 9, "'paths:' twice, the first one empty (listed in the corpus README)"),
    "openapi/aws-modern-application-workshop__module-4--aws-cli--api-swagger.json":
        ("responses", 414, 437, "an integration object with 'responses' twice (listed in the corpus README)"),
}

# The corpus files that load (or the one skipped parameter saying the corpus is absent).
READABLE = [p for p in CORPUS_FILES if p.values[0] is None or corpus_id(p.values[0]) not in DUPLICATE_KEYS]
REFUSED = [p for p in CORPUS_FILES if p.values[0] is None or corpus_id(p.values[0]) in DUPLICATE_KEYS]

# Where we differ from cfn-flip on purpose: cfn-flip resolves YAML 1.1 timestamps to datetime.date/datetime,
# CloudFormation does not support the timestamp tag and keeps the text. Each difference must be one of these
# kinds of value, and each file must have exactly the number of them listed below.
TIMESTAMP_POINTERS = {
    r"/AWSTemplateFormatVersion": "AWSTemplateFormatVersion: 2010-09-09 unquoted",
    r"(/.*)?/(PolicyDocument|AssumeRolePolicyDocument|KeyPolicy|AccessPolicies)/Version":
        "IAM policy language version 2012-10-17 unquoted",
    r"(/.*)?/info/version": "an OpenAPI info.version written as a date or timestamp",
}
TIMESTAMPS_PER_FILE: dict[str, int] = {
    "cfn/aws-bookstore-demo-app__template--master-fullstack.yaml": 23,
    "cfn/localstack__tests--aws--templates--template35.yaml": 1,
    "cfn/serverless-patterns__apigw-kinesis--template.yaml": 2,
    "cfn/serverless-patterns__apigw-rest-api-batch-sam--template.yaml": 4,
    "cfn/serverless-patterns__apigw-rest-api-dynamodb--template.yml": 3,
    "cfn/serverless-patterns__apigw-rest-api-eventbridge-sam--template.yaml": 2,
    "cfn/serverless-patterns__apigw-rest-sagemaker--template.yaml": 3,
    "cfn/serverless-patterns__apigw-rest-stepfunction--template.yaml": 2,
    "cfn/serverless-patterns__apigw-s3-proxy--template.yaml": 1,
    "cfn/serverless-patterns__apigw-ses-transformation--template.yaml": 2,
    "cfn/serverless-patterns__apigw-sqs-rest--template.yaml": 2,
    "cfn/serverless-patterns__eventbridge-api-destinations--12-oauth-api-cmk-encryption--prerequisite.yaml": 1,
    "openapi/localstack__tests--aws--files--api_definition.yaml": 1,
    "openapi/realworld-serverless-application__backend--swagger--api.yaml": 1,
    "embedded/amazon-api-gateway-url-shortener__template.yaml": 3,
    "embedded/aws-api-gateway-developer-portal__cloudformation--template.yaml": 1,
    "embedded/aws-modern-application-workshop__module-5--cfn--real-time-streaming.yml": 4,
    "embedded/serverless-patterns__apigw-cache-invalidation-eventbridge--template.yaml": 2,
    "embedded/serverless-patterns__apigw-lambda-authorizer-custom-header--template.yaml": 1,
    "embedded/serverless-patterns__apigw-lambda-json-xml-vtl-transformation--template.yaml": 2,
    "embedded/serverless-patterns__apigw-rest-api-private-alb-integration--template.yaml": 1,
}


def plain(value: Any) -> Any:
    """cfn-flip's ODicts as dicts (order kept)."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def differences(ours: Any, theirs: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any, Any]]:
    """(path, ours, theirs) wherever the two differ, including key order and the type of scalars."""
    if type(ours) is not type(theirs):
        yield path, ours, theirs
    elif isinstance(ours, dict):
        if list(ours) != list(theirs):
            yield path, list(ours), list(theirs)
            return
        for key in ours:
            yield from differences(ours[key], theirs[key], (*path, key))
    elif isinstance(ours, list):
        if len(ours) != len(theirs):
            yield path, len(ours), len(theirs)
            return
        for index, (mine, other) in enumerate(zip(ours, theirs, strict=True)):
            yield from differences(mine, other, (*path, index))
    elif ours != theirs:
        yield path, ours, theirs


def is_json(path: Path) -> bool:
    return path.read_text(encoding="utf-8").lstrip().startswith("{")


def reference(path: Path, fmt: str) -> Any:
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if fmt == "json" else plain(cfn_flip.load_yaml(text))


def leaf_paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaf_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaf_paths(item, (*path, index))


@pytest.mark.parametrize("path", READABLE)
def test_corpus_file_reads_as_the_reference_reads_it(path: Path) -> None:
    key = corpus_id(path)
    doc = load_document(path)
    assert doc.format == ("json" if is_json(path) else "yaml")
    assert isinstance(doc.data, dict)
    theirs = reference(path, doc.format)
    kinds: Counter[str] = Counter()
    for where, ours, their in differences(doc.data, theirs):
        pointer = to_pointer(where)
        assert isinstance(their, (datetime.date, datetime.datetime)), (key, pointer, ours, their)
        # we keep the text of the timestamp: it reads back as the very value cfn-flip made of it
        assert isinstance(ours, str) and plain(cfn_flip.load_yaml(f"v: {ours}\n"))["v"] == their
        matching = [why for pattern, why in TIMESTAMP_POINTERS.items() if re.fullmatch(pattern, pointer)]
        assert matching, (key, pointer, "a timestamp in an unexpected place")
        kinds[pointer] += 1
    assert sum(kinds.values()) == TIMESTAMPS_PER_FILE.get(key, 0), key


@pytest.mark.parametrize("path", READABLE)
def test_corpus_round_trip(path: Path) -> None:
    data = load(path)
    text = dump(data)
    assert loads(text) == data
    assert not any(getattr(event, "anchor", None) for event in yaml.parse(text, Loader=yaml.SafeLoader))
    assert loads(dump(data, long_form=True)) == data
    assert loads(dump(data, format="json")) == json.loads(json.dumps(data))


@pytest.mark.parametrize("path", READABLE)
def test_corpus_pure_python_fallback_agrees(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = load(path)
    texts = dump(fast), dump(fast, long_form=True)
    monkeypatch.setattr(_loader, "Loader", _loader.PyLoader)
    monkeypatch.setattr(_dumper, "Dumper", _dumper.PyDumper)
    assert load(path) == fast
    assert (dump(fast), dump(fast, long_form=True)) == texts  # byte for byte, whichever emitter writes
    assert loads(texts[0]) == fast


@pytest.mark.parametrize("path", READABLE)
def test_corpus_every_value_has_a_mark(path: Path) -> None:
    doc = load_document(path)
    lines = doc.text.splitlines()
    for where in leaf_paths(doc.data):
        mark = doc.locate(where)
        assert mark is not None, to_pointer(where)
        line, column = mark
        assert 1 <= line <= len(lines) + 1 and column >= 1, (to_pointer(where), mark)


@pytest.mark.parametrize("path", REFUSED)
def test_corpus_duplicate_keys_are_refused(path: Path) -> None:
    key, first, second, why = DUPLICATE_KEYS[corpus_id(path)]
    with pytest.raises(InputError) as caught:
        load(path)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.code == "duplicate-key", why
    assert diagnostic.message == f"key {key!r} appears at line {first} and again at line {second}", why
    assert (diagnostic.file, diagnostic.line) == (str(path), second)
    assert diagnostic.pointer.endswith("/" + key)
    # the lenient readers keep the second value without a word
    assert isinstance(reference(path, "json" if is_json(path) else "yaml"), dict)


def test_duplicate_key_table_names_corpus_files() -> None:
    names = {corpus_id(p.values[0]) for p in CORPUS_FILES if p.values[0] is not None}
    if not names:
        pytest.skip("the corpus is absent")
    assert set(DUPLICATE_KEYS) <= names
    assert set(TIMESTAMPS_PER_FILE) <= names
