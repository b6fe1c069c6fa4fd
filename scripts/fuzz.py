"""The long fuzz run of the public API and the command line, once, outside the test suite.

Each property draws random inputs with hypothesis (the strategies of ``tests/test_hostile.py``, which runs a
small profile of the same properties in the suite) and checks, for every example:

* no exception but ``ConvertError`` leaves the library, and the command line ends with a documented exit code
  and no traceback;
* no call takes more than ``--hang-seconds`` (5 s): a timer signal stops it and the example is recorded;
* on every ``--memory-every``-th example, the peak memory the call allocates (tracemalloc) stays below
  ``20 x`` the input's size plus ``--allowance`` bytes (what the interpreter's caches may add).

Run (about half an hour on two cores)::

    python scripts/fuzz.py --examples 20000

It prints one line per property (examples, failures by kind, slowest call, largest peak ratio) and exits 1 when
any example failed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from test_hostile import (  # noqa: E402
    COMMANDS,
    FOLDERS,
    JSONISH,
    cli,
    every_function,
    integrations_in,
    mutations,
    skeletons,
)

import apigw_convert  # noqa: E402
from apigw_convert import ConvertError, Integration  # noqa: E402
from apigw_convert.yaml_io import dump, load, loads  # noqa: E402


class Hang(BaseException):
    """The timer ran out (a BaseException, so that no ``except Exception`` in the code under test swallows it)."""


@dataclass
class Tally:
    """What one property saw."""

    name: str
    examples: int = 0
    failures: dict[str, list[str]] = field(default_factory=dict)
    slowest: float = 0.0
    measured: int = 0
    worst_ratio: float = 0.0
    largest_peak: int = 0

    def fail(self, kind: str, detail: str) -> None:
        self.failures.setdefault(kind, []).append(detail[:400])

    def line(self) -> str:
        failed = ", ".join(f"{kind}: {len(items)}" for kind, items in self.failures.items()) or "none"
        return (f"{self.name}: {self.examples} examples, failures: {failed}; slowest {self.slowest:.2f} s; "
                f"memory measured on {self.measured}: largest peak {self.largest_peak} bytes, worst "
                f"{self.worst_ratio:.1f} x the input beyond the allowance")


def _size(value: Any) -> int:
    if isinstance(value, (bytes, str)):
        return len(value)
    try:
        return len(json.dumps(value, default=str))
    except (ValueError, TypeError, RecursionError):
        return len(repr(value))


_RANG: list[bool] = []  # the timer fired during the current example (the Hang may be swallowed elsewhere)


def _on_alarm(signum: int, frame: object) -> None:
    _RANG.append(True)
    raise Hang


def check(tally: Tally, options: argparse.Namespace, size: int, call: Callable[[], object]) -> None:
    """Run ``call`` under the time bound (and, on some examples, the memory bound); record what went wrong."""
    tally.examples += 1
    measure = tally.examples % options.memory_every == 0
    if measure:
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
    started = time.perf_counter()
    _RANG.clear()
    signal.setitimer(signal.ITIMER_REAL, options.hang_seconds)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            call()
    except Hang:
        pass  # recorded below
    except AssertionError as error:
        tally.fail("contract", str(error))
    except Exception as error:  # what the run is looking for
        tally.fail(type(error).__name__, repr(error))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        elapsed = time.perf_counter() - started
        tally.slowest = max(tally.slowest, elapsed)
        if _RANG or elapsed > options.hang_seconds:
            tally.fail("hang", f"{elapsed:.1f} s (more than {options.hang_seconds} s)")
        if measure:
            peak = tracemalloc.get_traced_memory()[1] - base
            tracemalloc.stop()
            tally.measured += 1
            tally.largest_peak = max(tally.largest_peak, peak)
            ratio = max(0, peak - options.allowance) / max(size, 1)
            tally.worst_ratio = max(tally.worst_ratio, ratio)
            if ratio > 20:
                tally.fail("memory", f"peak {peak} bytes for an input of {size} bytes")


def _cli_contract(argv: list[str], stdin: bytes) -> None:
    code, _, err = cli(argv, stdin)
    assert "Traceback" not in err, (argv, stdin[:200], err[-600:])
    assert code in (0, 1, 2, 3), (argv, code, err[-600:])


def _corpus_integrations() -> list[Any]:
    from conftest import corpus_files

    found: list[Any] = []
    for folder in FOLDERS:
        for path in corpus_files(folder):
            with contextlib.suppress(ConvertError):
                found += integrations_in(load(path))
    return found


def _single(integration: Any) -> None:
    for func in (apigw_convert.cfn_to_swagger, apigw_convert.swagger_to_cfn):
        with contextlib.suppress(ConvertError):
            func(integration)
    for reader in (Integration.from_cfn, Integration.from_swagger):
        with contextlib.suppress(ConvertError):
            model = reader(integration)
            model.model_dump_json()
            Integration.model_validate(model.model_dump())
    for dialect in ("cfn", "openapi"):
        with contextlib.suppress(ConvertError):
            apigw_convert.validate(integration, dialect=dialect)


YAMLISH = st.one_of(st.binary(max_size=400), st.text(max_size=400),
                    st.text(alphabet="[]{}:,-&*!|>'\"#?\n \t0aA.~<=%@`\ufeff\\u", max_size=300))


def properties(options: argparse.Namespace) -> list[tuple[str, Any, Callable[[Any], tuple[int, Callable[[], None]]]]]:
    """(name, strategy, example -> (input size, the call)) for each property."""
    def library(data: Any) -> tuple[int, Callable[[], None]]:
        return _size(data), lambda: every_function(data)

    def text_in(text: str | bytes) -> tuple[int, Callable[[], None]]:
        def call() -> None:
            with contextlib.suppress(ConvertError):
                data = loads(text)
                dump(data)
                dump(data, format="json")
        return _size(text), call

    def cli_document(drawn: tuple[Any, list[str], str]) -> tuple[int, Callable[[], None]]:
        data, command, fmt = drawn
        try:
            text = dump(data, format="json" if fmt == "json" else "yaml", long_form=fmt == "long").encode("utf-8")
        except ConvertError:
            text = b""
        return len(text), lambda: _cli_contract([*command, "-"], text)

    def cli_bytes(drawn: tuple[bytes, list[str]]) -> tuple[int, Callable[[], None]]:
        text, command = drawn
        return len(text), lambda: _cli_contract([*command, "-"], text)

    def single(integration: Any) -> tuple[int, Callable[[], None]]:
        return _size(integration), lambda: _single(integration)

    found = _corpus_integrations()
    corpus = st.sampled_from(found).flatmap(mutations) if found else JSONISH
    commands = st.sampled_from(COMMANDS)
    return [
        ("library: random structures", JSONISH, library),
        ("library: random templates and documents", skeletons(), library),
        ("library: mutated corpus integrations", corpus, single),
        ("loads and dump: random text and bytes", YAMLISH, text_in),
        ("cli: random documents", st.tuples(st.one_of(JSONISH, skeletons()), commands,
                                            st.sampled_from(["yaml", "json", "long"])), cli_document),
        ("cli: random bytes", st.tuples(st.binary(max_size=400), commands), cli_bytes),
    ]


def _explore(strategy: Any, prepare: Callable[[Any], tuple[int, Callable[[], None]]], tally: Tally,
             options: argparse.Namespace) -> None:
    @settings(max_examples=options.examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def run(example: Any) -> None:
        size, call = prepare(example)
        check(tally, options, size, call)

    run()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=20_000, help="examples per property (default 20000)")
    parser.add_argument("--hang-seconds", type=float, default=5.0)
    parser.add_argument("--memory-every", type=int, default=10, help="measure the peak memory of every N-th example")
    parser.add_argument("--allowance", type=int, default=4 << 20,
                        help="bytes of the interpreter's own caches allowed beyond 20 x the input (default 4 MiB)")
    parser.add_argument("--only", help="run the properties whose name contains this")
    options = parser.parse_args()
    signal.signal(signal.SIGALRM, _on_alarm)
    every_function({"Type": "MOCK"})  # import and warm up before anything is measured
    _cli_contract(["validate", "-"], b"Type: MOCK\n")
    failed = False
    started = time.perf_counter()
    for name, strategy, prepare in properties(options):
        if options.only and options.only not in name:
            continue
        tally = Tally(name)
        _explore(strategy, prepare, tally, options)
        print(tally.line(), flush=True)
        for kind, items in tally.failures.items():
            for item in items[:3]:
                print(f"    {kind}: {item}", flush=True)
        failed = failed or bool(tally.failures)
    print(f"total {time.perf_counter() - started:.0f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
