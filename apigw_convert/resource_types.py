"""The CloudFormation resource types of a REST API (no imports: the conversions and the checks both use it)."""

from __future__ import annotations

RESTAPI = "AWS::ApiGateway::RestApi"
SERVERLESS_API = "AWS::Serverless::Api"
SERVERLESS_FUNCTION = "AWS::Serverless::Function"
SERVERLESS_APPLICATION = "AWS::Serverless::Application"
DEPLOYMENT = "AWS::ApiGateway::Deployment"
STAGE = "AWS::ApiGateway::Stage"
RESOURCE = "AWS::ApiGateway::Resource"
METHOD = "AWS::ApiGateway::Method"
MODEL = "AWS::ApiGateway::Model"
AUTHORIZER = "AWS::ApiGateway::Authorizer"
VALIDATOR = "AWS::ApiGateway::RequestValidator"
GATEWAY_RESPONSE = "AWS::ApiGateway::GatewayResponse"
HTTP_APIS = ("AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Api")  # API Gateway v2: not converted
# a REST API itself, as CloudFormation and as SAM write it
APIS = (RESTAPI, SERVERLESS_API)
# the types of an API's parts, by role
TYPES = {"resource": RESOURCE, "method": METHOD, "model": MODEL, "authorizer": AUTHORIZER, "validator": VALIDATOR,
         "gateway_response": GATEWAY_RESPONSE}
APIGATEWAY_PREFIX = "AWS::ApiGateway::"  # every API Gateway (v1) type
SERVERLESS_PREFIX = "AWS::Serverless::"  # every SAM type
