"""The argument parser of ``apigw-convert``: commands, options, and the exit codes each ``--help`` lists."""

from __future__ import annotations

import argparse
import os
import re
import sys
import textwrap

from ..resource_types import DEPLOYMENT, STAGE

OK = 0
FAILED = 1
USAGE = 2
REFUSED = 3
INTERNAL = 4
INTERRUPTED = 130
BROKEN_PIPE = 141
TERMINATED = 143

SCHEMA_NAMES = ("cfn", "swagger", "model", "report")
VALIDATE_FORMATS = ("text", "json", "sarif", "github")

_USAGE_ROW = (USAGE, "usage error (unknown option, option that does not fit the input)")
_INTERNAL_ROW = (INTERNAL, "internal error (a bug: please report it with the traceback printed)")
_INTERRUPTED_ROW = (INTERRUPTED, "interrupted (Ctrl-C); no partial file is left")
_BROKEN_PIPE_ROW = (BROKEN_PIPE, "standard output was closed early (| head); nothing more is printed")
_TERMINATED_ROW = (TERMINATED, "terminated (SIGTERM, as sent by timeout and CI runners); no partial file is left")


def exit_codes(*rows: tuple[int, str]) -> str:
    """The 'exit codes:' table of a --help, with the rows every command shares, in numeric order."""
    table = sorted([*rows, _USAGE_ROW, _INTERNAL_ROW, _INTERRUPTED_ROW, _BROKEN_PIPE_ROW, _TERMINATED_ROW])
    return "exit codes:\n" + "\n".join(f"  {code:<4} {text}" for code, text in table)


CONVERT_CODES = exit_codes(
    (OK, "success (losses, if any, are printed on stderr under --on-loss warn)"),
    (FAILED, "invalid input: a missing or unreadable file, bad YAML/JSON, an invalid integration"),
    (REFUSED, "conversion refused: a loss under --on-loss error; nothing was written"))
DIFF_CODES = exit_codes(
    (OK, "both files describe the same integrations"),
    (FAILED, "differences found (printed on stdout), a file that could not be compared (it lost something on "
             "the way to the OpenAPI form; each loss printed on stderr), or invalid input (printed on stderr)"))
VALIDATE_CODES = exit_codes(
    (OK, "no reported finding at or above --fail-on (default: error)"),
    (FAILED, "findings at or above --fail-on, or invalid input"))
SCHEMA_CODES = exit_codes((OK, "the schema was printed"))
MAIN_CODES = exit_codes(
    (OK, "success"),
    (FAILED, "invalid input, differences found (diff) or validation errors (validate)"),
    (REFUSED, "conversion refused: a loss under --on-loss error")) + (
    "\n\nRun 'apigw-convert COMMAND --help' for the options of one command.")

_CONVERT_HELP = {
    "cfn2swagger": (
        "CloudFormation to OpenAPI",
        "Convert CloudFormation to OpenAPI. IN is a bare Integration mapping (written as an "
        "x-amazon-apigateway-integration object) or a template (written as an OpenAPI document built from its "
        "RestApi, Resource and Method resources; with --embed, as the same template whose RestApi carries that "
        "document as its Body).",
    ),
    "swagger2cfn": (
        "OpenAPI to CloudFormation",
        "Convert OpenAPI to CloudFormation. IN is a bare x-amazon-apigateway-integration object (written as an "
        "Integration mapping), an OpenAPI document (written as a template of RestApi, Resource and Method "
        "resources), or, with --unembed, a template whose RestApi carries an OpenAPI Body (written as the same "
        "template with Method resources instead).",
    ),
}


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Wraps the description to the terminal, keeps the exit-code table as written, aligns command names."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32, width=_columns() - 2)  # as argparse does, without shutil


def _raw(description: str, epilog: str) -> dict[str, object]:
    width = min(_columns(), 100) - 2
    return {"description": textwrap.fill(description, width), "epilog": epilog, "formatter_class": _Formatter}


def _positive(text: str) -> int:
    """An argparse type: an integer of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _add_input(parser: argparse.ArgumentParser, dest: str = "source", name: str = "IN") -> None:
    parser.add_argument(dest, metavar=name, help="a YAML or JSON file, or - for standard input")


def _add_report(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--report", metavar="FILE",
                        help="also write every diagnostic as JSON (schema: 'apigw-convert schema report'); "
                        "written even when the command fails")


_SIZE = re.compile(r"([0-9]+) *([KMG]?)(?:I?B)?", re.IGNORECASE)


def input_size(text: str) -> int:
    """``--max-input-size``: bytes, or a number with K, M or G (powers of 1024)."""
    match = _SIZE.fullmatch(text.strip())
    if match is None or int(match[1]) == 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size such as 10485760, 20M or 1G")
    return int(match[1]) << {"": 0, "K": 10, "M": 20, "G": 30}[match[2].upper()]


def _add_max_input_size(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--max-input-size", metavar="SIZE", type=input_size,
                        help="refuse inputs larger than SIZE bytes (K, M, G suffixes: powers of 1024; default "
                        "10M, apigw_convert.yaml_io.MAX_INPUT_BYTES)")


def _add_jobs(parser: argparse.ArgumentParser, when: str = "") -> None:
    parser.add_argument("-j", "--jobs", metavar="N", type=_positive,
                        help=f"worker processes when the inputs{when} are large enough to gain from them "
                        "(default: the CPU count; 1: none)")


def _add_api(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--api", metavar="LOGICAL_ID",
                        help="the RestApi resource to use when a template defines more than one")


def _add_convert(commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str) -> None:
    summary, description = _CONVERT_HELP[name]
    parser = commands.add_parser(name, help=summary, **_raw(description, CONVERT_CODES))  # type: ignore[arg-type]
    _add_input(parser)
    parser.add_argument("-o", "--output", metavar="OUT", help="write here instead of standard output "
                        "(atomically: a failure leaves an existing OUT untouched)")
    parser.add_argument("--format", choices=("yaml", "json"),
                        help="output format (default: by the name of OUT, .json or .yaml/.yml, else the input's)")
    if name == "cfn2swagger":
        parser.add_argument("--openapi", choices=("3.0", "2.0"),
                            help="OpenAPI version of the document written for a template (default: 3.0)")
    _add_api(parser)
    parser.add_argument("--on-loss", choices=("ignore", "warn", "error"), default="warn",
                        help="what a loss does: ignore it, print it on stderr and write the output (warn, the "
                        "default), or refuse the conversion with exit code 3 (error)")
    _add_report(parser)
    _add_max_input_size(parser)
    if name == "cfn2swagger":
        parser.add_argument("--embed", action="store_true",
                            help="template in, template out: replace the Method resources of a RestApi by an "
                            "OpenAPI Body")
    else:
        parser.add_argument("--unembed", action="store_true",
                            help="template in, template out: replace the OpenAPI Body of a RestApi by "
                            "Resource and Method resources")
    if name == "cfn2swagger":
        _add_export(parser)
    else:
        parser.add_argument("--stage", metavar="NAME",
                            help=f"add an {DEPLOYMENT} depending on every Method and an {STAGE} NAME "
                            "(without it, the template creates no stage)")
        parser.add_argument("--stage-variable", metavar="NAME=VALUE", action="append", default=[],
                            help="a variable of the --stage stage (repeatable)")
    parser.add_argument("--long-form", action="store_true",
                        help="write intrinsic functions in long form (Fn::Sub:) instead of short (!Sub) in YAML")
    _add_jobs(parser, " (with a directory, a pattern or --api all)")
    parser.add_argument("-i", "--in-place", action="store_true",
                        help="rewrite IN itself (only with --embed / --unembed, where input and output are both "
                        "templates); refused when IN has YAML comments, unless --drop-comments")
    parser.add_argument("--drop-comments", action="store_true",
                        help="with --in-place: rewrite IN although its YAML comments are lost")


def _columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size()`` says it (``COLUMNS`` first, else the terminal, else
    80), without importing shutil, and the compression modules it imports, at every start."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _add_export(parser: argparse.ArgumentParser) -> None:
    """The options of an offline export: resolution, extensions, stage."""
    width = min(_columns(), 100) - 2
    group = parser.add_argument_group("offline export (a template to plain OpenAPI)", textwrap.fill(
        "--resolve replaces intrinsic functions by their values; what has no value is an error naming the "
        "option that supplies it (or, with --unresolved keep, stays as it is). A pseudo parameter without a value "
        "is written as text, ${AWS::Region}.", width))
    group.add_argument("--resolve", action="store_true", help="resolve intrinsic functions (Ref, Fn::Sub, Fn::If ...)")
    group.add_argument("--parameter", metavar="NAME=VALUE", action="append", default=[],
                       help="a template parameter's value (repeatable; its Default applies when not given)")
    group.add_argument("--value", metavar="LOGICAL_ID[.ATTRIBUTE]=VALUE", action="append", default=[],
                       help="what only a deployed stack knows: a resource's Ref or attribute, an export's value "
                       "(repeatable)")
    group.add_argument("--region", metavar="REGION", help="AWS::Region")
    group.add_argument("--account-id", metavar="ID", help="AWS::AccountId")
    group.add_argument("--partition", metavar="PARTITION", help="AWS::Partition (default: aws)")
    group.add_argument("--stack-name", metavar="NAME", help="AWS::StackName")
    group.add_argument("--unresolved", choices=("error", "keep"),
                       help="what an intrinsic function without a value does: stop the conversion with every "
                       "one listed (error, the default) or stay in the document (keep)")
    group.add_argument("--extensions", choices=("apigateway", "integrations", "authorizers", "none"),
                       help="the x-amazon-apigateway-* keys written, as API Gateway's export names the choice: all "
                       "(apigateway, the default), integrations, authorizers, or none")
    group.add_argument("--stage", metavar="NAME",
                       help="write the address of the template's stage NAME (3.0 servers, 2.0 basePath)")


def build_parser(version: str) -> argparse.ArgumentParser:
    """The ``apigw-convert`` parser with its commands."""
    parser = argparse.ArgumentParser(
        prog="apigw-convert",
        **_raw("Convert Amazon API Gateway REST integrations between CloudFormation and OpenAPI, compare them, "  # type: ignore[arg-type]
               "and check them.", MAIN_CODES))
    parser.add_argument("--version", action="version", version=f"%(prog)s {version}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    _add_convert(commands, "cfn2swagger")
    _add_convert(commands, "swagger2cfn")

    diff = commands.add_parser(
        "diff", help="compare two files semantically",
        **_raw("Compare two files, each in either dialect (a bare integration, a template, an OpenAPI document, a "  # type: ignore[arg-type]
               "template with an OpenAPI Body), after converting both to OpenAPI. Each difference is printed on "
               "stdout as 'POINTER: VALUE_IN_A -> VALUE_IN_B', the pointer into the OpenAPI form.", DIFF_CODES))
    _add_input(diff, "a", "A")
    _add_input(diff, "b", "B")
    _add_api(diff)
    diff.add_argument("--api-a", metavar="LOGICAL_ID", help="the RestApi of A (also written A#LOGICAL_ID)")
    diff.add_argument("--api-b", metavar="LOGICAL_ID", help="the RestApi of B (also written B#LOGICAL_ID)")
    diff.add_argument("--ignore-losses", action="store_true",
                      help="compare what remains when a file loses something on the way to the OpenAPI form "
                           "(without it, such a loss makes the comparison fail: exit 1, 'could not compare')")
    _add_report(diff)
    _add_max_input_size(diff)

    validate = commands.add_parser(
        "validate", help="check files for what would fail to deploy, import or run",
        **_raw("Check templates, OpenAPI documents or bare integrations (inline OpenAPI bodies of a template "  # type: ignore[arg-type]
               "included) for what would make API Gateway reject them or fail at run time. Every finding is "
               "printed on stdout as 'file:line:col: severity code at /pointer: message' (notes, such as a file "
               "skipped, on stderr).", VALIDATE_CODES))
    validate.add_argument("sources", metavar="IN", nargs="+",
                          help="YAML or JSON files, directories (searched for .yaml, .yml, .json and .template "
                          "files), glob patterns ('**' included), or - for standard input; files found in a "
                          "directory or by a pattern that are not templates, OpenAPI documents or integrations "
                          "are skipped")
    validate.add_argument("--dialect", choices=("cfn", "openapi"),
                          help="read each input as a bare integration of this dialect (default: detect)")
    validate.add_argument("--format", choices=VALIDATE_FORMATS, default="text",
                          help="text: one line per finding (the default); json (the --report shape), sarif "
                          "(SARIF 2.1.0) or github (workflow annotations); all on stdout")
    validate.add_argument("--select", metavar="CODE[,CODE]", action="append",
                          help="report only these codes (repeatable; default: [tool.apigw-convert] select in "
                          "pyproject.toml, else every code)")
    validate.add_argument("--ignore", metavar="CODE[,CODE]", action="append",
                          help="leave these codes out (repeatable; default: [tool.apigw-convert] ignore)")
    validate.add_argument("--fail-on", choices=("error", "warning", "info"),
                          help="the lowest severity that makes the exit code 1 (default: [tool.apigw-convert] "
                          "fail-on, else error)")
    _add_jobs(validate)
    validate.add_argument("--skip-unknown", action="store_true",
                          help="skip, with a note, files that are neither templates, OpenAPI documents nor "
                               "integrations (for hooks that match files by name)")
    _add_report(validate)
    _add_max_input_size(validate)

    schema = commands.add_parser(
        "schema", help="print a JSON Schema",
        **_raw("Print one of the JSON Schemas: cfn (the CloudFormation Integration), swagger (the "  # type: ignore[arg-type]
               "x-amazon-apigateway-integration object), model (the neutral model), report (the --report file).",
               SCHEMA_CODES))
    schema.add_argument("name", metavar="NAME", choices=SCHEMA_NAMES, help=" | ".join(SCHEMA_NAMES))
    return parser
