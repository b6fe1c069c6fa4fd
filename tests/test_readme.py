"""The README stays true: its commands are the ones CI runs, and its code table is CODES."""

from __future__ import annotations

import importlib.util
import re

from conftest import REPO


def _readme() -> str:
    return (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands_and_ci_runs_the_second() -> None:
    blocks = re.findall(r"```bash\n(.*?)\n```", _readme(), flags=re.S)
    install_and_run, install_and_test = blocks[0].strip(), blocks[1].strip()
    assert "apigw-convert" in install_and_run and "examples/" in install_and_run
    assert "pytest" in install_and_test and "[test]" in install_and_test
    assert install_and_test in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_every_diagnostic_code_is_in_the_readme_table(update_golden: bool) -> None:
    spec = importlib.util.spec_from_file_location("readme_codes", REPO / "scripts" / "readme_codes.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rendered = module.render(_readme())
    if update_golden and rendered != _readme():
        (REPO / "README.md").write_text(rendered, encoding="utf-8")
        return
    assert rendered == _readme(), "README code table is stale: run python scripts/readme_codes.py"


def test_readme_python_examples_run_and_say_what_they_print(capsys: object, monkeypatch: object) -> None:
    monkeypatch.chdir(REPO)  # type: ignore[attr-defined]
    blocks = re.findall(r"```python\n(.*?)\n```", _readme(), flags=re.S)
    assert blocks
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
    assert namespace["openapi"] == {
        "type": "aws", "httpMethod": "POST",
        "uri": {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:sqs:path/${AWS::AccountId}/orders"},
        "passthroughBehavior": "never",
        "responses": {"default": {"statusCode": "200"}, "5\\d{2}": {"statusCode": "500"}}}
    assert sorted(namespace["document"]["paths"]) == ["/pets", "/pets/{petId}"]  # type: ignore[index]
    assert [d.code for d in namespace["validate"](namespace["template"])] == []  # type: ignore[operator]
    assert namespace["template_to_openapi"](namespace["again"]) == namespace["document"]  # type: ignore[operator]
    printed = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "tls-config-unsupported /tlsConfig" in printed
    assert namespace["result"].source_kind == "template"  # type: ignore[attr-defined]
    assert "[('outer-reference', '/paths/~1pets/get/x-amazon-apigateway-integration/uri')]" in printed


def test_readme_walks_a_template_to_a_resolved_extension_free_document_and_validates_it() -> None:
    """The offline export section: its console block converts a template with --resolve and --extensions none and
    runs openapi-spec-validator on the result (tests/test_cli_docs.py checks what it prints); the same conversion
    here gives a document with no intrinsic function and no API Gateway extension that the validator accepts."""
    import json

    import yaml
    from openapi_spec_validator import validate as validate_openapi

    from apigw_convert import Resolution, load, template_to_openapi

    section = _readme().split("## Offline export", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```console\n(.*?)```", section, flags=re.S)
    assert block, "the offline export section has no console example"
    commands = [line for line in block.group(1).splitlines() if line.startswith("$ ")]
    convert = next(c for c in commands if "--resolve" in c and " -o " in c)
    assert "--extensions none" in convert and "examples/shop.template.yaml" in convert
    output = convert.split(" -o ", 1)[1].split()[0]
    assert f"$ openapi-spec-validator {output}" in commands and f"{output}: OK" in block.group(1)
    doc = template_to_openapi(load(str(REPO / "examples" / "shop.template.yaml")), extensions="none", stage="prod",
                              resolve=Resolution(parameters={"Env": "prod"}, region="eu-west-1"))
    text = json.dumps(doc)
    assert "Fn::" not in text and '"Ref"' not in text and "x-amazon-apigateway-" not in text
    assert yaml.safe_load(yaml.safe_dump(doc)) == doc
    validate_openapi(doc)
