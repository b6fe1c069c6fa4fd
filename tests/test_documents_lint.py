"""cfn-lint, an independent oracle, on the templates the fixtures make us write (one cfn-lint call).

Errors about names the conversion itself reported as references into an outer template (``outer-reference``,
``undefined-condition``: the document was written for AWS::Include or a DefinitionBody) are expected; every
other error is a failure.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES
from helpers import explained_by, read_yaml

from apigw_convert.diagnostics import Report
from apigw_convert.documents import embedding, pipeline
from apigw_convert.documents.refs import protect_literals

CASES = sorted(p for p in (FIXTURES / "documents").iterdir() if p.is_dir()) if (FIXTURES / "documents").is_dir() \
    else []


def cfn_lint_errors(files: list[str]) -> list[dict[str, Any]]:
    """The error-level findings of one cfn-lint run over ``files``."""
    found = shutil.which("cfn-lint") or str(Path(sys.executable).with_name("cfn-lint"))
    if not Path(found).exists():
        pytest.fail("the cfn-lint executable is part of the test extra but was not found")
    run = subprocess.run([found, "--format", "json", *files], capture_output=True, text=True, timeout=900,
                         check=False)
    return [f for f in json.loads(run.stdout or "[]") if f["Level"] == "Error"]



def test_templates_written_from_fixtures_pass_cfn_lint(tmp_path: Path) -> None:
    """Every template written from a fixture: no cfn-lint error other than the reported outer references."""
    jobs: list[tuple[str, Any, Report]] = []
    for case in CASES:
        spec = json.loads((case / "case.json").read_text()) if (case / "case.json").is_file() else {}
        if spec.get("command") == "openapi_to_template" and "error" not in spec:  # a case whose output is a template
            jobs.append((f"{case.name}/input.yaml", *pipeline.openapi_to_template(read_yaml(case / "input.yaml"))))
        if (case / "openapi.yaml").is_file():
            jobs.append((f"{case.name}/openapi.yaml", *pipeline.openapi_to_template(read_yaml(case / "openapi.yaml"))))
        if (case / "embedded.yaml").is_file():
            jobs.append((f"{case.name}/embedded.yaml", *embedding.unembed(read_yaml(case / "embedded.yaml"), None)))
            if (case / "template.yaml").is_file():
                jobs.append((f"{case.name}/template.yaml", *embedding.embed(read_yaml(case / "template.yaml"), None,
                                                                            "3.0")))
    sources = {name: json.dumps(read_yaml(FIXTURES / "documents" / name)) for name, _, _ in jobs}
    files = []
    for i, (_, template, _) in enumerate(jobs):
        path = tmp_path / f"{i}.json"
        path.write_text(json.dumps(template, default=str), encoding="utf-8")
        files.append(str(path))
    errors = [f"{jobs[files.index(e['Filename'])][0]}: {e['Rule']['Id']} {e['Message'][:200]}"
              for e in cfn_lint_errors(files) if not explained_by(e, jobs[files.index(e["Filename"])][2])
              and not _literal_text(e, *jobs[files.index(e["Filename"])][:2], sources)]
    assert jobs and errors == [], "\n".join(errors)


def _literal_text(error: dict[str, Any], name: str, template: Any, sources: dict[str, str]) -> bool:
    """E1029 on a plain string holding ${AWS::Region} that the source document spelled as the Fn::Sub escaping
    it (canonicalization 34; the conversion the other way reports ``literal-pseudo-parameter``): the template
    says literally what the document says, as the template the document was written from did."""
    value = template
    for token in error["Location"]["Path"]:
        value = value[token]
    protected = protect_literals(value) if isinstance(value, str) else None
    return (error["Rule"]["Id"] == "E1029" and isinstance(protected, dict)
            and json.dumps(protected)[1:-1] in sources[name])


def test_cfn_lint_catches_a_broken_method(tmp_path: Path) -> None:
    """The oracle is awake: a Method with a wrong integration type is an error to cfn-lint."""
    template, _ = pipeline.openapi_to_template({"openapi": "3.0.1", "info": {"title": "t", "version": "1"},
                                                "paths": {"/": {"get": {"x-amazon-apigateway-integration": {
                                                    "type": "mock"}}}}})
    template["Resources"]["ApiRootGet"]["Properties"]["Integration"]["Type"] = "SOAP"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(template))
    assert cfn_lint_errors([str(path)])
