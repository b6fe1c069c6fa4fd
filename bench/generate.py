"""Realistic benchmark inputs: a CloudFormation template of N methods, written as a person writes one.

The template is produced as text (short-form tags, block literals for VTL, quoted strings, comments), not by
the library's own writer, so that the benchmark reads what users feed the tool. Every integration type
appears, in rotation: ``AWS_PROXY`` Lambda, ``AWS`` (DynamoDB and SQS, with VTL request and response templates
and integration responses with selection patterns), ``HTTP`` with parameter mappings, ``HTTP_PROXY`` over a VPC
link, and ``MOCK`` CORS ``OPTIONS`` methods. Resources form a tree three levels deep
(``/svcN``, ``/svcN/{id}``, ``/svcN/{id}/items``, ``/svcN/{id}/files/{proxy+}``).

The OpenAPI counterpart is produced by the library itself (:func:`apigw_convert.template_to_openapi`, then
:func:`apigw_convert.yaml_io.dump`), so ``swagger2cfn`` reads exactly what ``cfn2swagger`` writes.

Also: :func:`integration_batch`, a list of bare CloudFormation ``Integration`` values for the in-process
benchmark, and :func:`single_integration`, the one-integration file of the start-up measurement.
"""

# ruff: noqa: E501 - the templates are YAML text, with the long lines real templates have
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

HEADER = """\
AWSTemplateFormatVersion: '2010-09-09'
Description: Orders platform REST API ({methods} methods), generated for the apigw-convert benchmark.

Parameters:
  BackendHost:
    Type: String
    Default: backend.internal.example.com
  VpcLinkId:
    Type: String
    Description: Id of the VPC link in front of the private load balancer.
  StageName:
    Type: String
    Default: prod

Resources:
  ApiRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Service: apigateway.amazonaws.com
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Sub arn:${{AWS::Partition}}:iam::aws:policy/AmazonDynamoDBFullAccess
        - !Sub arn:${{AWS::Partition}}:iam::aws:policy/AmazonSQSFullAccess

  OrdersTable:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: pk
          AttributeType: S
      KeySchema:
        - AttributeName: pk
          KeyType: HASH

  OrdersQueue:
    Type: AWS::SQS::Queue

  HandlerRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole

  HandlerFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt HandlerRole.Arn
      Code:
        ZipFile: |
          def handler(event, context):
              return {{"statusCode": 200, "body": "ok"}}

  HandlerPermission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref HandlerFunction
      Principal: apigateway.amazonaws.com
      SourceArn: !Sub arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{Api}}/*

  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders-platform
      Description: Orders platform
      EndpointConfiguration:
        Types:
          - REGIONAL
"""

RESOURCE = """
  {name}:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref Api
      ParentId: {parent}
      PathPart: '{part}'
"""

METHOD_HEAD = """
  {name}:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref {resource}
      HttpMethod: {verb}
      AuthorizationType: {auth}
"""

LAMBDA = """\
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{HandlerFunction.Arn}}/invocations
        TimeoutInMillis: {timeout}
      MethodResponses:
        - StatusCode: '200'
"""

DYNAMODB = """\
      Integration:
        Type: AWS
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:${{AWS::Region}}:dynamodb:action/{action}
        Credentials: !GetAtt ApiRole.Arn
        PassthroughBehavior: NEVER
        RequestTemplates:
          application/json: !Sub |
            {{
              "TableName": "${{OrdersTable}}",
              "Key": {{
                "pk": {{"S": "$input.params('{param}')"}}
              }},
              "ReturnConsumedCapacity": "TOTAL"
            }}
        IntegrationResponses:
          - StatusCode: '200'
            ResponseTemplates:
              application/json: |
                #set($item = $input.path('$.Item'))
                {{
                  "id": "$item.pk.S",
                  "status": "$item.status.S",
                  "items": [
                    #foreach($line in $item.lines.L)
                    {{"sku": "$line.M.sku.S", "quantity": $line.M.quantity.N}}#if($foreach.hasNext),#end
                    #end
                  ]
                }}
          - StatusCode: '400'
            SelectionPattern: '4\\d{{2}}'
            ResponseTemplates:
              application/json: '{{"message": "bad request"}}'
          - StatusCode: '500'
            SelectionPattern: '5\\d{{2}}'
            ResponseParameters:
              method.response.header.Retry-After: "'5'"
      MethodResponses:
        - StatusCode: '200'
          ResponseModels:
            application/json: Empty
        - StatusCode: '400'
        - StatusCode: '500'
          ResponseParameters:
            method.response.header.Retry-After: true
"""

SQS = """\
      Integration:
        Type: AWS
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:${{AWS::Region}}:sqs:path/${{AWS::AccountId}}/${{OrdersQueue.QueueName}}
        Credentials: !GetAtt ApiRole.Arn
        PassthroughBehavior: NEVER
        RequestParameters:
          integration.request.header.Content-Type: "'application/x-www-form-urlencoded'"
        RequestTemplates:
          application/json: Action=SendMessage&MessageBody=$util.urlEncode($input.body)&MessageAttribute.1.Name=route&MessageAttribute.1.Value.StringValue={route}&MessageAttribute.1.Value.DataType=String
        IntegrationResponses:
          - StatusCode: '202'
            ResponseTemplates:
              application/json: '{{"messageId": "$input.path(''$.SendMessageResponse.SendMessageResult.MessageId'')"}}'
          - StatusCode: '500'
            SelectionPattern: '5\\d{{2}}'
      MethodResponses:
        - StatusCode: '202'
        - StatusCode: '500'
"""

HTTP = """\
      RequestParameters:
        method.request.path.id: true
        method.request.querystring.expand: false
        method.request.header.X-Tenant: true
      Integration:
        Type: HTTP
        IntegrationHttpMethod: {verb}
        Uri: !Sub http://${{BackendHost}}/v2/{path}
        RequestParameters:
          integration.request.path.id: method.request.path.id
          integration.request.querystring.expand: method.request.querystring.expand
          integration.request.header.X-Tenant-Id: method.request.header.X-Tenant
        CacheKeyParameters:
          - method.request.path.id
        CacheNamespace: {namespace}
        PassthroughBehavior: WHEN_NO_MATCH
        IntegrationResponses:
          - StatusCode: '200'
            ResponseParameters:
              method.response.header.Cache-Control: integration.response.header.Cache-Control
          - StatusCode: '404'
            SelectionPattern: '404'
          - StatusCode: '502'
            SelectionPattern: '5\\d{{2}}'
            ResponseTemplates:
              application/json: '{{"message": "upstream failed"}}'
      MethodResponses:
        - StatusCode: '200'
          ResponseParameters:
            method.response.header.Cache-Control: false
        - StatusCode: '404'
        - StatusCode: '502'
"""

VPC_LINK = """\
      RequestParameters:
        method.request.path.proxy: true
      Integration:
        Type: HTTP_PROXY
        IntegrationHttpMethod: ANY
        ConnectionType: VPC_LINK
        ConnectionId: !Ref VpcLinkId
        Uri: !Sub http://${{BackendHost}}/files/{{proxy}}
        RequestParameters:
          integration.request.path.proxy: method.request.path.proxy
        TimeoutInMillis: 29000
"""

MOCK = """\
      Integration:
        Type: MOCK
        PassthroughBehavior: WHEN_NO_MATCH
        RequestTemplates:
          application/json: '{"statusCode": 200}'
        IntegrationResponses:
          - StatusCode: '204'
            ResponseParameters:
              method.response.header.Access-Control-Allow-Headers: "'Content-Type,Authorization,X-Amz-Date'"
              method.response.header.Access-Control-Allow-Methods: "'GET,POST,PUT,DELETE,OPTIONS'"
              method.response.header.Access-Control-Allow-Origin: "'*'"
            ResponseTemplates:
              application/json: ''
      MethodResponses:
        - StatusCode: '204'
          ResponseParameters:
            method.response.header.Access-Control-Allow-Headers: true
            method.response.header.Access-Control-Allow-Methods: true
            method.response.header.Access-Control-Allow-Origin: true
"""

FOOTER = """
  Deployment:
    Type: AWS::ApiGateway::Deployment
    DependsOn:
{depends}
    Properties:
      RestApiId: !Ref Api
      StageName: !Ref StageName

Outputs:
  ApiUrl:
    Value: !Sub https://${{Api}}.execute-api.${{AWS::Region}}.amazonaws.com/${{StageName}}
"""


def _methods_of_service(i: int) -> list[tuple[str, str, str, str]]:
    """(resource, verb, kind, path) for the ten methods of service ``i`` over its four resources."""
    base, item, items, files = f"Svc{i}", f"Svc{i}Item", f"Svc{i}ItemLines", f"Svc{i}Files"
    return [
        (base, "GET", "lambda", f"svc{i}"),
        (base, "POST", "sqs", f"svc{i}"),
        (base, "OPTIONS", "mock", f"svc{i}"),
        (item, "GET", "dynamodb", f"svc{i}/{{id}}"),
        (item, "PUT", "http", f"svc{i}/{{id}}"),
        (item, "DELETE", "lambda", f"svc{i}/{{id}}"),
        (item, "OPTIONS", "mock", f"svc{i}/{{id}}"),
        (items, "GET", "http", f"svc{i}/{{id}}/items"),
        (items, "POST", "dynamodb", f"svc{i}/{{id}}/items"),
        (files, "ANY", "vpclink", f"svc{i}/{{id}}/files/{{proxy+}}"),
    ]


def template_text(methods: int) -> str:
    """A CloudFormation template (short-form YAML) with exactly ``methods`` methods."""
    parts = [HEADER.format(methods=methods)]
    names: list[str] = []
    service = 0
    while len(names) < methods:
        i = service
        parts.append(RESOURCE.format(name=f"Svc{i}", parent="!GetAtt Api.RootResourceId", part=f"svc{i}"))
        parts.append(RESOURCE.format(name=f"Svc{i}Item", parent=f"!Ref Svc{i}", part="{id}"))
        parts.append(RESOURCE.format(name=f"Svc{i}ItemLines", parent=f"!Ref Svc{i}Item", part="items"))
        parts.append(RESOURCE.format(name=f"Svc{i}ItemFiles", parent=f"!Ref Svc{i}Item", part="files"))
        parts.append(RESOURCE.format(name=f"Svc{i}Files", parent=f"!Ref Svc{i}ItemFiles", part="{proxy+}"))
        for resource, verb, kind, path in _methods_of_service(i):
            if len(names) == methods:
                break
            name = f"{resource}{verb.capitalize()}"
            names.append(name)
            auth = "AWS_IAM" if kind in ("dynamodb", "sqs") else "NONE"
            parts.append(METHOD_HEAD.format(name=name, resource=resource, verb=verb, auth=auth))
            if kind == "lambda":
                parts.append(LAMBDA.format(timeout=10000 + 1000 * (len(names) % 19)))
            elif kind == "dynamodb":
                action = "GetItem" if verb == "GET" else "PutItem"
                parts.append(DYNAMODB.format(action=action, param="id"))
            elif kind == "sqs":
                parts.append(SQS.format(route=f"svc{i}"))
            elif kind == "http":
                parts.append(HTTP.format(verb=verb, path=path, namespace=f"svc{i}"))
            elif kind == "vpclink":
                parts.append(VPC_LINK.format())
            else:
                parts.append(MOCK)
        service += 1
    parts.append(FOOTER.format(depends="\n".join(f"      - {name}" for name in names[:3])))
    return "".join(parts)


def integration_batch(count: int) -> list[dict[str, Any]]:
    """``count`` bare CloudFormation ``Integration`` values, in long form, rotating through every type."""
    from apigw_convert.yaml_io import loads

    template = loads(template_text(min(count, 60)))
    integrations = [resource["Properties"]["Integration"] for resource in template["Resources"].values()
                    if resource["Type"] == "AWS::ApiGateway::Method"]
    return [integrations[i % len(integrations)] for i in range(count)]


def single_integration() -> str:
    """One small CloudFormation Integration, as a YAML file."""
    return ("Type: AWS_PROXY\n"
            "IntegrationHttpMethod: POST\n"
            "Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${HandlerFunction.Arn}"
            "/invocations\n"
            "TimeoutInMillis: 5000\n")


def write_inputs(folder: Path, sizes: list[int]) -> dict[str, Path]:
    """Write every input of the benchmark into ``folder``; return them by name."""
    from apigw_convert import template_to_openapi
    from apigw_convert.yaml_io import dump, loads

    folder.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for size in sizes:
        text = template_text(size)
        cfn = folder / f"template-{size}.yaml"
        cfn.write_text(text, encoding="utf-8")
        openapi = template_to_openapi(loads(text), on_loss="ignore")
        oas = folder / f"openapi-{size}.yaml"
        oas.write_text(dump(openapi), encoding="utf-8")
        paths[f"cfn-{size}"] = cfn
        paths[f"openapi-{size}"] = oas
    single = folder / "integration.cfn.yaml"
    single.write_text(single_integration(), encoding="utf-8")
    paths["single"] = single
    batch = folder / "integrations.json"
    batch.write_text(json.dumps(integration_batch(2000)), encoding="utf-8")
    paths["batch"] = batch
    return paths


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Write the benchmark inputs (templates, OpenAPI counterparts, "
                                     "integrations) into a folder.")
    parser.add_argument("target", nargs="?", type=Path, default=Path("bench/inputs"),
                        help="folder to write into (default bench/inputs)")
    parser.add_argument("sizes", nargs="?", default="50,500,2000", help="methods per template (default 50,500,2000)")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    for key, path in write_inputs(args.target, sizes).items():
        print(f"{key}: {path} ({path.stat().st_size} bytes)")
