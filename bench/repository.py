"""A repository at once: ``validate`` over a directory of many small templates, in one invocation.

Usage::

    python bench/repository.py [--files 1000] [--methods 5] [--repeat 5] [--separate 1000] [--no-write]

Writes ``--files`` templates of ``--methods`` methods each (``bench/generate.py``) into a temporary directory,
then times, as whole processes, interleaved over ``--repeat`` rounds (medians): ``apigw-convert validate DIR``
with ``-j 1`` and with the default worker count, and the *floor*: one Python process that loads every file with
libyaml's ``CSafeLoader`` (tags kept, as in ``bench/run.py``). Beside them, once: ``--separate`` invocations of
``apigw-convert validate FILE``, one per file, one after the other (the pre-directory way; with fewer than
``--files`` the total is scaled to ``--files`` and the table says so). The table goes to
``bench/REPOSITORY.md`` (``--no-write``: printed only).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from generate import template_text
from run import FLOOR_LOADER, HERE, Command, machine, run_rounds, tool, verdict

FLOOR = FLOOR_LOADER + """\
for root, _, names in os.walk(sys.argv[1]):
    for name in sorted(names):
        with open(os.path.join(root, name), encoding="utf-8") as f:
            yaml.load(f, Loader=yaml.CSafeLoader)
"""
TARGET = 1.5


def write_repository(folder: Path, files: int, methods: int) -> list[Path]:
    """``files`` templates of ``methods`` methods, each a little different (its description names it)."""
    folder.mkdir(parents=True)
    text = template_text(methods)
    paths = []
    for i in range(files):
        path = folder / f"stack-{i:04d}.yaml"
        path.write_text(text.replace("generated for", f"stack {i}, generated for", 1), encoding="utf-8")
        paths.append(path)
    return paths


def separate(convert: list[str], paths: list[Path], work: Path) -> float:
    """Wall time of one ``validate FILE`` process per path, one after the other."""
    start = time.perf_counter()
    for path in paths:
        Command("one", [*convert, "validate", str(path)]).run(work, record=False)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000, help="templates in the directory (default 1000)")
    parser.add_argument("--methods", type=int, default=5, help="methods per template (default 5)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds (default 5)")
    parser.add_argument("--separate", type=int, default=None,
                        help="separate invocations to time (default: --files; fewer are scaled up)")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    args = parser.parse_args(argv)
    convert = tool("apigw-convert")
    with tempfile.TemporaryDirectory(prefix="apigw-repository-") as tmp:
        work = Path(tmp)
        paths = write_repository(work / "repo", args.files, args.methods)
        (work / "floor.py").write_text(FLOOR, encoding="utf-8")
        commands = {
            "validate-j1": Command("validate-j1", [*convert, "validate", "repo", "-j", "1"]),
            "validate": Command("validate", [*convert, "validate", "repo"]),
            "floor": Command("floor", [sys.executable, "floor.py", "repo"]),
        }
        loads = [os.getloadavg()[0]]
        run_rounds(commands, work, args.repeat)
        loads.append(os.getloadavg()[0])
        count = min(args.separate or args.files, args.files)
        each = separate(convert, paths[:count], work)
    scaled = each * args.files / count
    text = report(commands, args, scaled, count, loads)
    print(text)
    if not args.no_write:
        (HERE / "REPOSITORY.md").write_text(text, encoding="utf-8")
    return 0


def report(commands: dict[str, Command], args: argparse.Namespace, scaled: float, count: int,
           loads: list[float]) -> str:
    """The Markdown table of one run; ``loads``: the 1-minute load average before and after the timed rounds."""
    floor = commands["floor"]
    measured = "measured" if count == args.files else f"{count} measured, scaled to {args.files}"
    lines = [
        "# validate over a repository",
        "",
        f"`python bench/repository.py --files {args.files} --methods {args.methods}` — {args.repeat} interleaved "
        f"rounds, medians of wall time of whole processes; {time.strftime('%Y-%m-%d')}.",
        f"Machine: {machine()}. Load average (1 minute) before and after the timed rounds: "
        f"{loads[0]:.1f} and {loads[-1]:.1f} (the machine is shared: above 0, other work ran alongside).",
        "",
        f"A directory of {args.files} templates of {args.methods} methods each (`bench/generate.py`). *floor*: one "
        "Python process that loads every file with libyaml's `CSafeLoader` (a multi-constructor keeps `!Ref`-style "
        "tags) and does nothing else.",
        "",
        "| command | median s | min s | peak RSS MiB | ratio to floor | target |",
        "|---|---:|---:|---:|---|---|",
    ]
    for key, label in (("validate-j1", "`apigw-convert validate DIR -j 1`"),
                       ("validate", "`apigw-convert validate DIR` (default -j: the CPU count)")):
        command = commands[key]
        ratio = command.median / floor.median
        lines.append(f"| {label} | {command.median:.3f} | {min(command.times):.3f} | {command.peak_mb:.0f} | "
                     f"{ratio:.2f} x | {verdict(ratio, TARGET)} |")
    lines.append(f"| floor (one process, libyaml load of every file) | {floor.median:.3f} | {min(floor.times):.3f} | "
                 f"{floor.peak_mb:.0f} | | |")
    lines.append(f"| {args.files} separate `apigw-convert validate FILE` processes ({measured}, once) | "
                 f"{scaled:.1f} | | | {scaled / floor.median:.1f} x | |")
    lines.append("")
    spread = statistics.pstdev(commands["validate-j1"].times) if len(commands["validate-j1"].times) > 1 else 0.0
    lines.append(f"Spread of `validate DIR -j 1` over the rounds: {spread:.3f} s (population standard deviation).")
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
