"""Real-world sweep: every conversion, round trip and validation over a corpus, one table per folder.

Usage::

    python bench/sweep.py [CORPUS_DIR] [--no-write]

``CORPUS_DIR`` defaults to ``../shared/corpus`` beside the repository (``$APIGW_CORPUS`` when set). Each file is
read with the library's own loader and goes through:

* every integration in it (a Method's ``Integration``, an ``x-amazon-apigateway-integration`` anywhere, inline
  bodies included): converted to the other dialect and back. *Exact* means the way back equals the source in its
  own dialect's canonical spelling (the documented canonicalizations: enum case, numbers as strings, ...); the
  key order is counted apart (a ``SelectionPattern`` comes back right after ``StatusCode``: README rewrite 7);
* the whole document: a template's APIs to OpenAPI 3.0 and back to OpenAPI through a template (*exact*: the
  second OpenAPI equals the first), ``embed``; an OpenAPI document to a template and back (*exact*: the OpenAPI
  written equals the source up to the documented canonicalizations, compared with ``canonical_openapi``); a
  template's inline bodies ``unembed``-ed;
* ``validate``.

Every CloudFormation template written is checked with one ``cfn-lint`` run per folder (error level; errors
about names that the conversion reported as references into an outer template are counted apart), every OpenAPI
document written with openapi-spec-validator once intrinsic values are replaced by placeholder strings and
greedy ``{x+}`` segments by ``{x}``. The table goes to ``bench/SWEEP.md``.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from apigw_convert import ConvertError, LossWarning, validate
from apigw_convert.diagnostics import Diagnostic, Report
from apigw_convert.documents import embed, openapi_to_template, template_to_openapi, unembed
from apigw_convert.integration import convert_integration
from apigw_convert.intrinsics import is_intrinsic
from apigw_convert.yaml_io import load

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from helpers import explained_by, placeholders

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
FOLDERS = ("cfn", "openapi", "openapi-http", "embedded")
APIS = ("AWS::ApiGateway::RestApi", "AWS::Serverless::Api")
OUTER_CODES = ("outer-reference", "undefined-condition", "dangling-reference", "external-rest-api")


@dataclass
class Folder:
    """What one folder of the corpus gave."""

    name: str
    files: int = 0
    unreadable: list[str] = field(default_factory=list)
    integrations: int = 0
    integrations_converted: int = 0
    integrations_exact: int = 0
    integrations_same_order: int = 0
    documents: int = 0
    documents_converted: int = 0
    documents_exact: int = 0
    refused: list[str] = field(default_factory=list)
    codes: collections.Counter[str] = field(default_factory=collections.Counter)
    validate_codes: collections.Counter[str] = field(default_factory=collections.Counter)
    # (label, template written, its diagnostics, the template it was written from, if any)
    templates: list[tuple[str, Any, list[Diagnostic], Any]] = field(default_factory=list)
    openapis: list[tuple[str, Any]] = field(default_factory=list)
    lint_errors: list[str] = field(default_factory=list)
    lint_outer: int = 0
    lint_inherited: int = 0
    spec_errors: list[str] = field(default_factory=list)
    spec_inherited: int = 0
    sources: dict[str, Any] = field(default_factory=dict)  # label of an OpenAPI written -> the OpenAPI it came from


def collecting(func: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, list[Diagnostic]]:
    """Call a library function under on_loss='warn'; return its result and the diagnostics it warned about."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LossWarning)
        out = func(*args, on_loss="warn", **kwargs)
    return out, [w.message.diagnostic for w in caught if isinstance(w.message, LossWarning)]


def integrations(data: Any, in_template: bool) -> Iterator[tuple[Any, str]]:
    """(integration, dialect) for every integration below ``data``."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if in_template and node.get("Type") == "AWS::ApiGateway::Method" and isinstance(node.get("Properties"),
                                                                                             dict):
                if "Integration" in node["Properties"]:
                    yield node["Properties"]["Integration"], "cfn"
            if "x-amazon-apigateway-integration" in node:
                yield node["x-amazon-apigateway-integration"], "openapi"
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))


def sweep_integration(folder: Folder, value: Any, dialect: str) -> None:
    """One integration: to the other dialect and back, compared with its canonical spelling."""
    other = "openapi" if dialect == "cfn" else "cfn"
    folder.integrations += 1
    report = Report()
    try:
        converted = convert_integration(value, dialect, other, (), report)  # type: ignore[arg-type]
        back = convert_integration(converted, other, dialect, (), Report())  # type: ignore[arg-type]
        canonical = convert_integration(value, dialect, dialect, (), Report())  # type: ignore[arg-type]
    except ConvertError as error:
        folder.codes.update(f"integration {d.code}" for d in error.diagnostics)
        return
    folder.integrations_converted += 1
    folder.codes.update(f"integration {d.code}" for d in report)
    if back == canonical:
        folder.integrations_exact += 1
        if json.dumps(back, default=str) == json.dumps(canonical, default=str):
            folder.integrations_same_order += 1


def _api_ids(template: Any) -> list[str | None]:
    resources = template.get("Resources") if isinstance(template, dict) else None
    found = [k for k, v in resources.items() if isinstance(v, dict) and v.get("Type") in APIS] \
        if isinstance(resources, dict) else []
    return list(found) or [None]


def _convert(folder: Folder, label: str, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        out, diagnostics = collecting(func, *args, **kwargs)
    except ConvertError as error:
        folder.refused.append(f"{label}: {error.diagnostics[0].code if error.diagnostics else error}")
        folder.codes.update(f"{func.__name__} {d.code}" for d in error.diagnostics)
        return None
    folder.codes.update(f"{func.__name__} {d.code}" for d in diagnostics)
    return out, diagnostics


def sweep_template(folder: Folder, name: str, template: Any) -> None:
    """Every API of a template: to OpenAPI and back, embed, and unembed where a body is inline."""
    for api in _api_ids(template):
        label = f"{name}:{api}" if api else name
        folder.documents += 1
        first = _convert(folder, label, template_to_openapi, template, api=api)
        if first is None:
            continue
        folder.documents_converted += 1
        doc, _ = first
        folder.openapis.append((label, doc))
        again = _convert(folder, f"{label} (back)", openapi_to_template, doc)
        if again is not None:
            folder.templates.append((f"{label} (to OpenAPI and back)", *again, None))
            second = _convert(folder, f"{label} (second trip)", template_to_openapi, again[0])
            if second is not None and json.dumps(second[0], default=str) == json.dumps(doc, default=str):
                folder.documents_exact += 1
        resource = (template.get("Resources") or {}).get(api) if api else None
        props = resource.get("Properties") if isinstance(resource, dict) else None
        if isinstance(props, dict) and any(isinstance(props.get(k), dict) and not is_intrinsic(props.get(k))
                                           for k in ("Body", "DefinitionBody")):
            unembedded = _convert(folder, f"{label} (unembed)", unembed, template, api=api)
            if unembedded is not None:
                folder.templates.append((f"{label} (unembed)", *unembedded, template))
        elif isinstance(props, dict) and not any(k in props for k in ("Body", "DefinitionBody", "BodyS3Location",
                                                                      "DefinitionUri")):
            embedded = _convert(folder, f"{label} (embed)", embed, template, api=api)
            if embedded is not None:
                folder.templates.append((f"{label} (embed)", *embedded, template))


def sweep_openapi(folder: Folder, name: str, document: Any) -> None:
    """An OpenAPI document: to a template and back to OpenAPI of the same version."""
    from canonical import canonical_openapi

    folder.documents += 1
    first = _convert(folder, name, openapi_to_template, document)
    if first is None:
        return
    folder.documents_converted += 1
    template, diagnostics = first
    folder.templates.append((name, template, diagnostics, None))
    version = "2.0" if isinstance(document, dict) and "swagger" in document else "3.0"
    back = _convert(folder, f"{name} (back)", template_to_openapi, template, version=version)
    if back is None:
        return
    folder.openapis.append((f"{name} (back)", back[0]))
    folder.sources[f"{name} (back)"] = document
    try:
        same = canonical_openapi(document) == canonical_openapi(back[0])
    except Exception:  # the comparison's own limits: count as not exact
        same = False
    if same:
        folder.documents_exact += 1


def sweep_file(folder: Folder, path: Path) -> None:
    """Everything for one file."""
    folder.files += 1
    try:
        data = load(path)
    except ConvertError as error:
        folder.unreadable.append(f"{path.name}: {error.diagnostics[0].code}")
        folder.codes.update(f"load {d.code}" for d in error.diagnostics)
        return
    is_template = (isinstance(data, dict) and "Resources" in data) or (
        isinstance(data, dict) and isinstance(data.get("resources"), dict))
    for value, dialect in integrations(data, is_template):
        sweep_integration(folder, value, dialect)
    if is_template:
        sweep_template(folder, path.name, data)
    else:
        sweep_openapi(folder, path.name, data)
    try:
        folder.validate_codes.update(d.code for d in validate(data))
    except ConvertError as error:
        folder.validate_codes.update(f"refused {d.code}" for d in error.diagnostics)


# --- the oracles ----------------------------------------------------------------------------------------

def _spec_errors(doc: Any) -> list[str]:
    """The messages of every openapi-spec-validator error of ``doc`` (placeholders put in first)."""
    from openapi_spec_validator import OpenAPIV2SpecValidator, OpenAPIV30SpecValidator, validate

    spec = json.loads(json.dumps(placeholders(doc), default=str))
    cls = OpenAPIV2SpecValidator if isinstance(spec, dict) and "swagger" in spec else OpenAPIV30SpecValidator
    try:
        return sorted({str(error.message)[:200] for error in cls(spec).iter_errors()})
    except Exception as error:  # a reference the validator cannot resolve, ...
        try:
            validate(spec)
        except Exception as again:
            return [str(again).splitlines()[0][:200]]
        return [str(error).splitlines()[0][:200]]


def spec_check(folder: Folder) -> None:
    """openapi-spec-validator on every OpenAPI document written; an error the source document has too (the same
    message) is inherited, not the conversion's."""
    for label, doc in folder.openapis:
        errors = _spec_errors(doc)
        if not errors:
            continue
        source = folder.sources.get(label)
        inherited = set(_spec_errors(source)) if source is not None else set()
        for error in errors:
            if error in inherited:
                folder.spec_inherited += 1
            else:
                folder.spec_errors.append(f"{label}: {error}")


def _explained(error: dict[str, Any], diagnostics: list[Diagnostic]) -> bool:
    """A cfn-lint error about a name the conversion reported as a reference into an outer template."""
    return explained_by(error, diagnostics, OUTER_CODES)


def lint_check(folder: Folder, workdir: Path) -> None:
    """One cfn-lint run over every template written for this folder and the templates they were written from.

    An error the source template has too (same rule, place and message) is inherited, not the conversion's.
    """
    if not folder.templates:
        return
    lint = shutil.which("cfn-lint") or str(Path(sys.executable).with_name("cfn-lint"))
    files: list[str] = []
    sources: list[str | None] = []
    for i, (_, template, _, source) in enumerate(folder.templates):
        path = workdir / f"{folder.name}-{i}.json"
        path.write_text(json.dumps(template, default=str), encoding="utf-8")
        files.append(str(path))
        if source is None:
            sources.append(None)
            continue
        source_path = workdir / f"{folder.name}-{i}.source.json"
        source_path.write_text(json.dumps(source, default=str), encoding="utf-8")
        sources.append(str(source_path))
    run = subprocess.run([lint, "--format", "json", *files, *(s for s in sources if s)], capture_output=True,
                         text=True, check=False)
    found = [e for e in json.loads(run.stdout or "[]") if e["Level"] == "Error"]

    def key(error: dict[str, Any]) -> tuple[str, str, str]:
        return error["Rule"]["Id"], json.dumps(error["Location"]["Path"]), error["Message"]

    in_sources: dict[str, set[tuple[str, str, str]]] = collections.defaultdict(set)
    for error in found:
        in_sources[error["Filename"]].add(key(error))
    for error in found:
        if error["Filename"] not in files:
            continue
        index = files.index(error["Filename"])
        label, _, diagnostics, _ = folder.templates[index]
        source = sources[index]
        if source is not None and key(error) in in_sources[source]:
            folder.lint_inherited += 1
        elif _explained(error, diagnostics):
            folder.lint_outer += 1
        else:
            folder.lint_errors.append(f"{label}: {error['Rule']['Id']} {error['Message'][:200]}")


# --- the table ------------------------------------------------------------------------------------------

def table(folders: list[Folder], corpus: Path) -> str:
    """The Markdown report."""
    lines = ["# Real-world sweep", "",
             f"`python bench/sweep.py` over `{corpus.name}/` ({', '.join(f.name for f in folders)}); what each "
             "column means is in the docstring of `bench/sweep.py`.", "",
             "| folder | files | integrations | converted | round-tripped exactly (same key order) | documents | "
             "converted | round-tripped exactly | cfn-lint errors (target 0) | cfn-lint errors the source has too | "
             "cfn-lint errors on reported outer references | openapi-spec-validator errors (target 0) | "
             "openapi-spec-validator errors the source has too |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for f in folders:
        lines.append(f"| {f.name} | {f.files} | {f.integrations} | {f.integrations_converted} | "
                     f"{f.integrations_exact} ({f.integrations_same_order}) | {f.documents} | "
                     f"{f.documents_converted} | {f.documents_exact} | {len(f.lint_errors)} | {f.lint_inherited} | "
                     f"{f.lint_outer} | {len(f.spec_errors)} | {f.spec_inherited} |")
    for f in folders:
        lines += ["", f"## {f.name}", ""]
        lines.append("Diagnostics of the conversions, by code: " + (", ".join(
            f"`{code}` {count}" for code, count in sorted(f.codes.items())) or "none") + ".")
        lines.append("")
        lines.append("`validate` findings, by code: " + (", ".join(
            f"`{code}` {count}" for code, count in sorted(f.validate_codes.items())) or "none") + ".")
        for title, items in (("Files that do not load", f.unreadable), ("Conversions refused", f.refused),
                             ("cfn-lint errors", f.lint_errors), ("openapi-spec-validator errors", f.spec_errors)):
            if items:
                lines += ["", f"{title}:", ""] + [f"- {item}" for item in items]
    return "\n".join(lines) + "\n"


def sweep(corpus: Path) -> list[Folder]:
    """Sweep every folder of ``corpus`` that exists."""
    folders = []
    with tempfile.TemporaryDirectory(prefix="apigw-sweep-") as tmp:
        for name in FOLDERS:
            base = corpus / name
            if not base.is_dir():
                continue
            folder = Folder(name)
            for path in sorted(p for p in base.iterdir() if p.is_file()):
                sweep_file(folder, path)
            lint_check(folder, Path(tmp))
            spec_check(folder)
            folders.append(folder)
    return folders


def default_corpus() -> Path:
    """``$APIGW_CORPUS``, else ``../shared/corpus`` beside the repository."""
    return Path(os.environ.get("APIGW_CORPUS", REPO.parent / "shared" / "corpus"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=default_corpus())
    parser.add_argument("--no-write", action="store_true", help="print the table only, leave bench/SWEEP.md")
    args = parser.parse_args(argv)
    if not any((args.corpus / name).is_dir() for name in FOLDERS):
        print(f"sweep: no corpus folder ({', '.join(FOLDERS)}) in {args.corpus}", file=sys.stderr)
        return 2
    text = table(sweep(args.corpus), args.corpus)
    print(text)
    if not args.no_write:
        (HERE / "SWEEP.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
