"""What reading a SAM template costs: the same API as SAM function events and as a plain template, timed.

Usage::

    python bench/sam.py [--repeat 5] [--sizes 50,500] [--no-write]

For each size N, a SAM template with N ``Type: Api`` events (ten functions, one explicit ``AWS::Serverless::Api``
with ``Cors``, paths three levels deep) is written as text, and its plain counterpart is what
``apigw-convert swagger2cfn --unembed`` makes of it: the RestApi, Resources and Methods SAM would deploy, with the
functions, roles and permissions. Each command then runs as a whole process on both (``bench/run.py``'s
``Command``: interleaved rounds, medians, peak RSS), and the start-up of ``cfn2swagger`` on a one-route API is
timed as a plain and as a SAM template; a child process checks that a plain template does not import the
translator. The table goes to ``bench/SAM.md``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import ENV, Command, machine, run_rounds, tool  # noqa: E402

HEADER = """\
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: Orders API with {events} routes from function events, generated for the apigw-convert benchmark.

Globals:
  Function:
    Runtime: python3.13
    Handler: app.handler
    CodeUri: src/
    Timeout: 10

Resources:
  OrdersApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      TracingEnabled: true
      Cors:
        AllowOrigin: "'https://shop.example.com'"
        AllowHeaders: "'Content-Type,Authorization'"
"""
FUNCTION = """
  Service{f}Function:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables:
          TABLE: orders-{f}
      Events:
"""
EVENT = """\
        {name}:
          Type: Api
          Properties:
            RestApiId: !Ref OrdersApi
            Path: {path}
            Method: {verb}
"""
VERBS = ("get", "post", "put", "delete", "patch")
#: The SAM translator's share: read the template and translate it, nothing more.
TRANSLATE_ONLY = "import sys; from apigw_convert import load; from apigw_convert.sam import translate; " \
                 "translate(load(sys.argv[1]))"
FUNCTIONS = 10


def sam_template(events: int) -> str:
    """A SAM template of ``events`` Api events spread over :data:`FUNCTIONS` functions."""
    per = -(-events // FUNCTIONS)
    parts = [HEADER.format(events=events)]
    made = 0
    for f in range(FUNCTIONS):
        parts.append(FUNCTION.format(f=f))
        for i in range(per):
            if made == events:
                break
            n = made // len(VERBS)
            path = ["/svc{f}/r{n}", "/svc{f}/r{n}/{{id}}", "/svc{f}/r{n}/{{id}}/items"][n % 3].format(f=f, n=n)
            parts.append(EVENT.format(name=f"Route{i}", path=path, verb=VERBS[made % len(VERBS)]))
            made += 1
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="rounds of every command (default 5)")
    parser.add_argument("--sizes", default="50,500", help="events per template (default 50,500)")
    parser.add_argument("--no-write", action="store_true", help="print the table only, leave bench/SAM.md")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    convert = tool("apigw-convert")
    with tempfile.TemporaryDirectory(prefix="apigw-bench-sam-") as tmp:
        work = Path(tmp)
        commands: dict[str, Command] = {}
        for n in sizes:
            sam = work / f"sam-{n}.yaml"
            sam.write_text(sam_template(n), encoding="utf-8")
            plain = work / f"plain-{n}.yaml"
            subprocess.run([*convert, "swagger2cfn", "--unembed", str(sam), "-o", str(plain), "--on-loss", "ignore"],
                           check=True, env=ENV)
            for kind, source in (("sam", sam), ("plain", plain)):
                commands[f"cfn2swagger-{kind}-{n}"] = Command(
                    f"cfn2swagger-{kind}-{n}", [*convert, "cfn2swagger", str(source), "-o", f"oas-{kind}-{n}.yaml",
                                                "--on-loss", "ignore"])
                commands[f"validate-{kind}-{n}"] = Command(f"validate-{kind}-{n}", [*convert, "validate", str(source)])
            commands[f"translate-{n}"] = Command(f"translate-{n}", [sys.executable, "-c", TRANSLATE_ONLY, str(sam)])
            commands[f"unembed-sam-{n}"] = Command(
                f"unembed-sam-{n}", [*convert, "swagger2cfn", "--unembed", str(sam), "-o", f"un-{n}.yaml",
                                     "--on-loss", "ignore"])
        small = work / "small.yaml"
        (work / "sam-1.yaml").write_text(sam_template(1), encoding="utf-8")
        subprocess.run([*convert, "swagger2cfn", "--unembed", str(work / "sam-1.yaml"), "-o", str(small),
                        "--on-loss", "ignore"], check=True, env=ENV)
        commands["startup-plain"] = Command("startup-plain", [*convert, "cfn2swagger", str(small), "-o", "s.yaml",
                                                              "--on-loss", "ignore"])
        commands["startup-sam"] = Command("startup-sam", [*convert, "cfn2swagger", str(work / "sam-1.yaml"), "-o",
                                                          "s1.yaml", "--on-loss", "ignore"])
        run_rounds(commands, work, args.repeat)
        imported = _imports_translator(str(small))
        text = report(commands, sizes, args.repeat, imported)
    print(text)
    if not args.no_write:
        (HERE / "SAM.md").write_text(text, encoding="utf-8")
    return 0


def _imports_translator(plain: str) -> bool:
    """Whether converting a plain template imports samtranslator (it should not)."""
    code = ("import sys; from apigw_convert.cli import run; run(['cfn2swagger', sys.argv[1], '-o', '/dev/null']); "
            "print('samtranslator' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, plain], capture_output=True, text=True, check=True, env=ENV)
    return out.stdout.strip().endswith("True")


def report(commands: dict[str, Command], sizes: list[int], repeat: int, imported: bool) -> str:
    """The Markdown table of one run."""
    import datetime

    c = commands
    lines = [
        "# SAM templates: what the translation costs",
        "",
        f"`python bench/sam.py` — {repeat} interleaved rounds, medians of wall time of whole processes; "
        f"{datetime.date.today().isoformat()}.",
        f"Machine: {machine()}.",
        "",
        "| events | command | SAM template s | plain template s | ratio | peak RSS MiB (SAM / plain) |",
        "|---:|---|---:|---:|---:|---|",
    ]
    for n in sizes:
        for name in ("cfn2swagger", "validate"):
            sam, plain = c[f"{name}-sam-{n}"], c[f"{name}-plain-{n}"]
            lines.append(f"| {n} | `apigw-convert {name}` | {sam.median:.3f} | {plain.median:.3f} | "
                         f"{sam.median / plain.median:.2f} x | {sam.peak_mb:.0f} / {plain.peak_mb:.0f} |")
        un, tr = c[f"unembed-sam-{n}"], c[f"translate-{n}"]
        lines.append(f"| {n} | `apigw-convert swagger2cfn --unembed` | {un.median:.3f} | — | — | {un.peak_mb:.0f} |")
        lines.append(f"| {n} | of which: load + aws-sam-translator alone | {tr.median:.3f} | — | — | "
                     f"{tr.peak_mb:.0f} |")
    s, p = c["startup-sam"], c["startup-plain"]
    lines += [
        "",
        "Start-up (`cfn2swagger` of a one-route API):",
        "",
        "| input | median s | peak RSS MiB |",
        "|---|---:|---:|",
        f"| plain template | {p.median:.3f} | {p.peak_mb:.0f} |",
        f"| SAM template (imports the translator) | {s.median:.3f} | {s.peak_mb:.0f} |",
        "",
        f"Converting a plain template imports `samtranslator`: {'yes' if imported else 'no'}.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
