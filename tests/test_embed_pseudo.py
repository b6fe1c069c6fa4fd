"""Pseudo-parameter strings inside an embedded Body stay wrapped in Fn::Sub: CloudFormation resolves them there
and cfn-lint (E1029) rejects them plain; a standalone OpenAPI document carries them plain (import resolves them)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from apigw_convert import embed, template_to_openapi

URI = "arn:aws:apigateway:${AWS::Region}:kinesis:action/PutRecord"
TEMPLATE = {
    "Resources": {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "streams"}},
        "Put": {"Type": "AWS::ApiGateway::Method", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
            "HttpMethod": "PUT", "AuthorizationType": "NONE",
            "Integration": {"Type": "AWS", "IntegrationHttpMethod": "POST",
                            "Uri": {"Fn::Sub": URI},
                            "RequestTemplates": {"application/json": "{\"s\": \"${stageVariables.stream}\"}"},
                            "IntegrationResponses": [{"StatusCode": "200"}]},
            "MethodResponses": [{"StatusCode": "200"}]}},
    },
}


def test_standalone_openapi_carries_the_plain_string() -> None:
    doc = template_to_openapi(TEMPLATE, on_loss="error")
    assert doc["paths"]["/"]["put"]["x-amazon-apigateway-integration"]["uri"] == URI


def test_embedded_body_keeps_fn_sub_and_lints_clean(tmp_path: Path) -> None:
    out = embed(TEMPLATE, on_loss="ignore")
    integration = out["Resources"]["Api"]["Properties"]["Body"]["paths"]["/"]["put"][
        "x-amazon-apigateway-integration"]
    assert integration["uri"] == {"Fn::Sub": URI}
    # a string without pseudo-parameters is not touched (its ${...} means something to API Gateway)
    assert integration["requestTemplates"]["application/json"] == "{\"s\": \"${stageVariables.stream}\"}"
    path = tmp_path / "embedded.json"
    path.write_text(json.dumps(out))
    lint = subprocess.run([str(Path(sys.executable).with_name("cfn-lint")), "--format", "json", str(path)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert [f["Rule"]["Id"] for f in json.loads(lint.stdout or "[]") if f["Level"] == "Error"] == []
