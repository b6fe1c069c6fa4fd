"""The CloudFormation resource types of a REST API (no imports: the conversions and the checks both use it)."""

from __future__ import annotations

RESTAPI = "AWS::ApiGateway::RestApi"
SERVERLESS_API = "AWS::Serverless::Api"
SERVERLESS_FUNCTION = "AWS::Serverless::Function"
DEPLOYMENT = "AWS::ApiGateway::Deployment"
RESOURCE = "AWS::ApiGateway::Resource"
METHOD = "AWS::ApiGateway::Method"
MODEL = "AWS::ApiGateway::Model"
AUTHORIZER = "AWS::ApiGateway::Authorizer"
VALIDATOR = "AWS::ApiGateway::RequestValidator"
GATEWAY_RESPONSE = "AWS::ApiGateway::GatewayResponse"
# the types of an API's parts, by role
TYPES = {"resource": RESOURCE, "method": METHOD, "model": MODEL, "authorizer": AUTHORIZER, "validator": VALIDATOR,
         "gateway_response": GATEWAY_RESPONSE}
