"""Golden fixture pairs: one folder per case under fixtures/integrations/ (cfn.yaml, openapi.yaml, and an
optional expected.json). Adding a case is adding a folder.

expected.json keys: ``direction`` ("both" by default; "cfn-to-openapi" or "openapi-to-cfn" when only that
direction is exact, because of a loss or a canonicalization), ``losses`` ([code, pointer] pairs the
conversion in that direction must report, in order) and ``info`` (informational diagnostics).
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES
from helpers import assert_same, read_json, read_yaml, shared_containers, write_yaml

from apigw_convert import LossError, LossWarning, cfn_to_swagger, swagger_to_cfn
from apigw_convert.diagnostics import Report
from apigw_convert.integration import convert_integration

CASES = sorted(p for p in (FIXTURES / "integrations").iterdir() if p.is_dir())
CONVERT = {"cfn": cfn_to_swagger, "openapi": swagger_to_cfn}
OTHER = {"cfn": "openapi", "openapi": "cfn"}


def _case(folder: Path) -> dict[str, Any]:
    expected = read_json(folder / "expected.json") if (folder / "expected.json").exists() else {}
    return {
        "cfn": read_yaml(folder / "cfn.yaml"),
        "openapi": read_yaml(folder / "openapi.yaml"),
        "direction": expected.get("direction", "both"),
        "losses": [tuple(x) for x in expected.get("losses", [])],
        "info": [tuple(x) for x in expected.get("info", [])],
    }


def _directions(case: dict[str, Any]) -> list[str]:
    return {"both": ["cfn", "openapi"], "cfn-to-openapi": ["cfn"], "openapi-to-cfn": ["openapi"]}[case["direction"]]


def _run(source: str, data: Any) -> tuple[Any, list[tuple[str, str]], list[tuple[str, str]]]:
    report = Report()
    out = convert_integration(data, source, OTHER[source], (), report)  # type: ignore[arg-type]
    losses = [(d.code, d.pointer) for d in report if d.severity != "info"]
    info = [(d.code, d.pointer) for d in report if d.severity == "info"]
    return out, losses, info


def _write_expected(folder: Path, losses: list[tuple[str, str]], info: list[tuple[str, str]]) -> None:
    """Record the diagnostics of a conversion in expected.json (``--update-golden``), keeping its direction."""
    path = folder / "expected.json"
    expected = read_json(path) if path.exists() else {}
    changed = dict(expected)
    for key, found in (("losses", losses), ("info", info)):
        if found or key in expected:
            changed[key] = [list(pair) for pair in found]
    if changed != expected:
        path.write_text(json.dumps(changed, ensure_ascii=False) + "\n", encoding="utf-8")


def test_there_are_cases_of_every_kind() -> None:
    names = {p.name for p in CASES}
    assert len(names) >= 20
    assert any(n.startswith("loss-") for n in names) and any(n.startswith("canonical-") for n in names)


@pytest.mark.parametrize("folder", CASES, ids=lambda p: p.name)
def test_pair_converts_exactly(folder: Path, update_golden: bool) -> None:
    case = _case(folder)
    for source in _directions(case):
        target = OTHER[source]
        out, losses, info = _run(source, case[source])
        if update_golden:
            if out != case[target]:
                write_yaml(folder / f"{target}.yaml", out)
            _write_expected(folder, losses, info)
            continue
        assert_same(case[target], out, f"{folder.name}: {source} -> {target}")
        assert losses == case["losses"], f"{folder.name}: {source} -> {target} losses"
        assert info == case["info"], f"{folder.name}: {source} -> {target} info"


@pytest.mark.parametrize("folder", CASES, ids=lambda p: p.name)
def test_round_trip_and_stability(folder: Path) -> None:
    case = _case(folder)
    for source in _directions(case):
        target = OTHER[source]
        once = CONVERT[source](case[source], on_loss="ignore")
        back = CONVERT[target](once, on_loss="ignore")
        again = CONVERT[source](back, on_loss="ignore")
        # converting twice changes nothing
        assert_same(once, again, f"{folder.name}: {source} -> {target} is not stable")
        if case["direction"] == "both":
            # A -> B -> A equals A when the pair is lossless and canonical
            assert_same(case[source], back, f"{folder.name}: round trip from {source}")
        # the way back from the target side never loses anything
        _, losses, _ = _run(target, once)
        assert losses == [], f"{folder.name}: {target} -> {source} reported {losses}"


@pytest.mark.parametrize("folder", [p for p in CASES if (p / "expected.json").exists()
                                    and read_json(p / "expected.json").get("losses")], ids=lambda p: p.name)
def test_lossy_cases_are_refused_and_warned(folder: Path) -> None:
    case = _case(folder)
    (source,) = _directions(case)
    with pytest.raises(LossError) as refused:
        CONVERT[source](case[source], on_loss="error")
    assert [(d.code, d.pointer) for d in refused.value.diagnostics] == case["losses"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = CONVERT[source](case[source], on_loss="warn")
    assert [(w.message.diagnostic.code, w.message.diagnostic.pointer) for w in caught
            if isinstance(w.message, LossWarning)] == case["losses"]
    assert_same(case[OTHER[source]], out)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        CONVERT[source](case[source], on_loss="ignore")


@pytest.mark.parametrize("folder", CASES, ids=lambda p: p.name)
def test_inputs_are_not_modified(folder: Path) -> None:
    case = _case(folder)
    for source in ("cfn", "openapi"):
        data = case[source]
        snapshot = json.dumps(data)
        out = CONVERT[source](data, on_loss="ignore")
        assert json.dumps(data) == snapshot
        # the output shares no mutable object with the input
        assert shared_containers(data, out) == [], f"{folder.name}: {source} output shares these with the input"


def test_sharing_is_detected() -> None:
    """The check above fails when an output holds one of the input's own mappings or lists."""
    data = {"Type": "MOCK", "RequestTemplates": {"application/json": "{}"}, "CacheKeyParameters": ["a"]}
    copied = {"type": "mock", "requestTemplates": dict(data["RequestTemplates"]), "cacheKeyParameters": ["a"]}
    assert shared_containers(data, copied) == []
    assert shared_containers(data, {**copied, "requestTemplates": data["RequestTemplates"]}) == ["/requestTemplates"]
    assert shared_containers(data, [data]) == ["/0"]
