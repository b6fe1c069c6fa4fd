"""Diagnostics: typed records with a stable, typed code (each in one section), and the Report codecs append to.

Codecs only *detect*: they append :class:`Diagnostic` records to a :class:`Report`. Deciding what to do
about a loss happens once, at the public edge (:mod:`apigw_convert.policy`, ``on_loss`` = ignore / warn / error).
Severity belongs to the code (see :data:`CODES`), never to the call site.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from .errors import InputError
from .pointer import Path, to_pointer

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Code:
    """What a diagnostic code means: its severity, a one-line summary and a fix hint."""

    severity: Severity
    summary: str
    hint: str = ""


#: The name of every diagnostic code: mypy checks each code the package spells against it.
CodeName = Literal[
    "tls-config-unsupported",
    "duplicate-default-response",
    "duplicate-selection-pattern",
    "literal-default-pattern",
    "conditional-pattern-mismatch",
    "intrinsic-selection-pattern",
    "ambiguous-selection-pattern",
    "no-value-response",
    "opaque-response",
    "opaque-responses",
    "http-api-only-field",
    "unknown-field",
    "ignored-selection-pattern-field",
    "null-value-dropped",
    "several-apis",
    "no-api",
    "unsupported-openapi-version",
    "duplicate-resource",
    "resource-cycle",
    "unresolved-resource",
    "plain-logical-id",
    "external-rest-api",
    "not-in-api",
    "invalid-path-part",
    "duplicate-method",
    "duplicate-status-code",
    "duplicate-parameter",
    "opaque-name",
    "structural-intrinsic",
    "unsupported-http-method",
    "default-response-unsupported",
    "unsupported-parameter",
    "unsupported-response-parameter",
    "response-header-required-lost",
    "other-version-key",
    "bare-reference",
    "orphan-path-parameter",
    "duplicate-operation-id",
    "openapi-version-loss",
    "unsupported-security",
    "scopes-not-used",
    "undefined-security-scheme",
    "root-security-ignored",
    "unresolved-reference",
    "method-left-out",
    "conditional-unsupported",
    "undefined-condition",
    "outer-reference",
    "parameter-added",
    "template-attribute-dropped",
    "model-cycle",
    "body-value-overridden",
    "rest-api-property-not-in-openapi",
    "endpoint-types-not-in-openapi",
    "body-not-inline",
    "documentation-not-deployed",
    "model-property-not-in-openapi",
    "schema-keyword-dropped",
    "builtin-model",
    "invalid-model-name",
    "dangling-reference",
    "reference-rewritten",
    "literal-pseudo-parameter",
    "sam-property-dropped",
    "sam-translator-missing",
    "sam-invalid",
    "sam-transform-missing",
    "http-api-document",
    "unresolved-value",
    "unresolved-kept",
    "pseudo-parameter-kept",
    "pseudo-parameter-placeholder",
    "extensions-left-out",
    "any-method-expanded",
    "stage-not-found",
    "invalid-stage-name",
    "invalid-type",
    "invalid-enum",
    "missing-field",
    "invalid-argument",
    "nesting-too-deep",
    "no-method-converted",
    "http-api-integration-ref",
    "unrecognised-input",
    "definition-not-read",
    "http-api-not-checked",
    "suppressed",
    "unknown-integration-property",
    "uri-missing",
    "integration-http-method-missing",
    "lambda-not-post",
    "vpc-link-without-connection-id",
    "integration-target-without-vpc-link",
    "connection-id-without-vpc-link",
    "uri-wrong-shape",
    "aws-proxy-not-lambda",
    "tls-config-wrong-type",
    "stream-not-proxy",
    "stream-with-response-templates",
    "stream-with-cache-keys",
    "stream-with-compression",
    "stream-uri-mismatch",
    "timeout-too-short",
    "timeout-above-default",
    "timeout-above-edge-limit",
    "timeout-too-long",
    "invalid-status-code",
    "duplicate-integration-status-code",
    "multiple-default-responses",
    "no-default-response",
    "no-integration-responses",
    "selection-pattern-invalid",
    "selection-pattern-not-java",
    "selection-pattern-unmatchable",
    "selection-pattern-glob",
    "selection-pattern-catches-success",
    "selection-pattern-too-slow",
    "request-parameter-target-invalid",
    "request-parameter-source-invalid",
    "response-parameter-target-invalid",
    "response-parameter-source-invalid",
    "parameter-static-unquoted",
    "method-request-parameter-undeclared",
    "method-request-parameter-conditional",
    "method-response-header-undeclared",
    "method-response-header-conditional",
    "default-method-response-missing",
    "method-response-missing",
    "cache-key-parameter-undeclared",
    "variable-siblings",
    "duplicate-path-variable",
    "stage-variable-in-sub",
    "method-without-integration",
    "http-method-invalid",
    "authorization-type-invalid",
    "authorizer-missing",
    "authorizer-type-mismatch",
    "authorization-scopes-not-cognito",
    "security-scopes-not-used",
    "undefined-reference",
    "method-status-code-invalid",
    "path-part-invalid",
    "path-defined-twice",
    "method-defined-twice",
    "parameter-defined-twice",
    "model-name-invalid",
    "gateway-response-type-invalid",
    "authorizer-cache-without-identity-source",
    "deployment-without-depends-on",
    "method-not-convertible",
    "api-not-convertible",
    "file-not-found",
    "not-a-file",
    "file-unreadable",
    "invalid-encoding",
    "input-too-large",
    "yaml-syntax",
    "several-documents",
    "json-syntax",
    "duplicate-key",
    "alias-refused",
    "unsafe-tag",
    "unknown-tag",
    "invalid-document",
]

Section = Literal["integration", "documents", "input", "validation", "files"]
SECTION_TITLES: dict[Section, str] = {
    "integration": "Converting one integration: what the target dialect cannot express",
    "documents": "Converting whole documents",
    "input": "Input errors (raised as InputError)",
    "validation": "validate: what would make the deploy, the import or calls fail",
    "files": "Files, YAML and JSON",
}

_INTEGRATION: dict[CodeName, Code] = {
    "tls-config-unsupported": Code(
        "error", "tlsConfig has no CloudFormation property on AWS::ApiGateway::Method; it was dropped.",
        "Keep the API in an OpenAPI Body (RestApi Body / DefinitionBody) to carry tlsConfig."),
    "duplicate-default-response": Code(
        "error", "More than one integration response has no selection pattern; OpenAPI has one 'default' slot.",
        "Give all but one of them a SelectionPattern."),
    "duplicate-selection-pattern": Code(
        "error", "Two integration responses share a selection pattern; an OpenAPI map keeps one per pattern.",
        "Make the selection patterns distinct or merge the responses."),
    "literal-default-pattern": Code(
        "warning", "A selection pattern is the literal string 'default', which OpenAPI reads as 'no pattern'; "
        "it was written as the equivalent regex '(default)'.",
        "Use the pattern '(default)' in the source too."),
    "conditional-pattern-mismatch": Code(
        "error", "The branches of an Fn::If integration response have different selection patterns; an "
        "OpenAPI responses key cannot depend on a condition.",
        "Move the Fn::If inside the response, below SelectionPattern."),
    "intrinsic-selection-pattern": Code(
        "error", "A selection pattern is computed by an intrinsic function; an OpenAPI responses key must be a "
        "literal string, so the response was dropped.",
        "Write the pattern as a literal string, or wrap the whole response in Fn::If."),
    "ambiguous-selection-pattern": Code(
        "error", "The only selection pattern of an integration is spelled like an intrinsic function (Ref, "
        "Condition, Fn::*) and its response is an intrinsic function too: the OpenAPI map would read back as an "
        "intrinsic function, so the response was left out.",
        "Add a second response, or write the pattern differently (e.g. '(Ref)')."),
    "no-value-response": Code(
        "warning", "An OpenAPI integration response is {Ref: AWS::NoValue}: CloudFormation removes the key, so "
        "the response and its selection pattern do not exist; it was left out.",
        "Remove the response, or wrap it in Fn::If to make it conditional."),
    "opaque-response": Code(
        "error", "An intrinsic function stands where an integration response is expected; OpenAPI needs its "
        "selection pattern as a map key, so it was dropped.",
        "Write the response out, or wrap it in Fn::If with literal branches."),
    "opaque-responses": Code(
        "warning", "The integration responses are one intrinsic function; it was carried over unchanged, "
        "but it resolves to a list where OpenAPI expects a map (or the reverse).",
        "Write the responses out literally."),
    "http-api-only-field": Code(
        "warning", "A field that only HTTP APIs (API Gateway v2) use was dropped from a REST integration.",
        "Remove it, or convert the API with an HTTP API tool."),
    "unknown-field": Code(
        "warning", "A key that is not part of this object's schema was dropped.",
        "Check the spelling against the field table in the README."),
    "ignored-selection-pattern-field": Code(
        "warning", "A 'selectionPattern' key inside an OpenAPI integration response is ignored by API Gateway "
        "(the map key is the pattern); it was dropped.",
        "Move the pattern into the responses key."),
    "null-value-dropped": Code(
        "info", "A field whose value is null was treated as absent.", "Remove the key."),
}

_DOCUMENTS: dict[CodeName, Code] = {
    "several-apis": Code(
        "error", "The template holds several REST APIs and none was chosen.", "Pass api=<logical ID>."),
    "no-api": Code("error", "The template holds no REST API (or not the one named).",
                   "Name an AWS::ApiGateway::RestApi (or AWS::Serverless::Api) logical ID."),
    "unsupported-openapi-version": Code(
        "error", "The document is neither Swagger 2.0 nor OpenAPI 3.0.x.", "Convert it to OpenAPI 3.0 first."),
    "duplicate-resource": Code("error", "Two resources have the same path.", "Merge them."),
    "resource-cycle": Code("error", "Resource ParentIds form a cycle.", "Point one ParentId at the root."),
    "unresolved-resource": Code(
        "error", "A ParentId or ResourceId does not lead to a resource of this API; it was left out.",
        "Use !Ref <Resource> or !GetAtt <Api>.RootResourceId."),
    "plain-logical-id": Code(
        "warning", "A logical ID is written as a plain string where a Ref is needed; it was read as a Ref.",
        "Write !Ref <LogicalId>; CloudFormation would pass the plain string on."),
    "external-rest-api": Code(
        "warning", "The REST API is not defined in this template (it comes from elsewhere, e.g. the Serverless "
        "Framework); its resources were read all the same.", "Add the RestApi resource, or ignore this."),
    "not-in-api": Code(
        "info", "An API Gateway resource refers to a REST API outside this template; it was left out.", ""),
    "invalid-path-part": Code(
        "error", "A path segment API Gateway does not accept (allowed: alphanumerics, _ - . , : and a whole-"
        "segment {param} or {param+}; a greedy {param+} must be last).", "Fix the path."),
    "duplicate-method": Code(
        "error", "Two methods share one resource and HTTP method; the second was left out.", "Remove one."),
    "duplicate-status-code": Code(
        "error", "Two method responses share a status code; the second was left out.", "Remove one."),
    "duplicate-parameter": Code(
        "error", "Two parameters of one operation (or path item) share a name and location (in) and can exist "
        "together; the second was left out.", "Remove one."),
    "opaque-name": Code(
        "error", "An intrinsic function stands where a literal name is needed (HTTP method, path part, status "
        "code, authorizer/model name); the element was left out or named after its logical ID.",
        "Write the name literally."),
    "structural-intrinsic": Code(
        "error", "An intrinsic function stands where the converter must read a structure (parameters, "
        "responses, a path item); the target cannot hold it and it was left out.",
        "Move the intrinsic function down to the values."),
    "unsupported-http-method": Code(
        "warning", "An operation whose HTTP method API Gateway does not support (trace); carried, not "
        "converted.", "Remove it."),
    "default-response-unsupported": Code(
        "warning", "A 'default' response has no API Gateway method response; it is carried in Metadata only.",
        "Name a status code."),
    "unsupported-parameter": Code(
        "warning", "A parameter API Gateway does not map (in: formData / cookie, or a RequestParameters key "
        "that is not method.request.{path|querystring|header}.NAME); carried or left out as the message says.",
        "Use a path, query or header parameter."),
    "unsupported-response-parameter": Code(
        "warning", "A MethodResponse ResponseParameters key that is not method.response.header.NAME; left out.",
        "Use method.response.header.NAME."),
    "response-header-required-lost": Code(
        "warning", "OpenAPI 2.0 response headers cannot say 'required'; a required header became optional.",
        "Write OpenAPI 3.0 (version='3.0') to keep it."),
    "other-version-key": Code(
        "warning", "A key of the other OpenAPI version (securityDefinitions or definitions in a 3.0 document, "
        "components in 2.0, 'type' on a 3.0 parameter or header) was read as its counterpart and is written "
        "where this version keeps it.", "Move the key."),
    "bare-reference": Code(
        "warning", "A $ref that is a bare model name was read as a reference to that model.",
        "Write the full reference (#/definitions/Name or #/components/schemas/Name)."),
    "orphan-path-parameter": Code(
        "warning", "A path parameter the resource path does not contain: OpenAPI cannot declare it and a "
        "template's RequestParameters would name nothing, so it is not converted (an OpenAPI one is carried in "
        "Metadata, a template's left out of the document).",
        "Remove the parameter, or add the {param} segment to the path."),
    "duplicate-operation-id": Code(
        "warning", "Two methods share an OperationName; OpenAPI operationIds are unique, so the later ones were "
        "left out.", "Give every method its own OperationName."),
    "openapi-version-loss": Code(
        "warning", "Something has no equivalent in the target OpenAPI version; it was left out.",
        "Write the other OpenAPI version."),
    "unsupported-security": Code(
        "warning", "A security requirement or scheme API Gateway does not use (not an authorizer, API key or "
        "sigv4 scheme); carried in OpenAPI, absent from the method settings.", "Use a supported scheme."),
    "scopes-not-used": Code(
        "warning", "Scopes on an API key, sigv4 or Lambda (token, request) authorizer security requirement, or "
        "AuthorizationScopes on a Method without an authorizer or whose AuthorizationType is not COGNITO_USER_POOLS; "
        "API Gateway uses scopes only with a COGNITO_USER_POOLS authorizer (AuthorizationScopes) and refuses them on "
        "a CUSTOM Method; left out.", "Remove the scopes."),
    "undefined-security-scheme": Code(
        "error", "A security requirement names a scheme the document does not define; left out.",
        "Define the scheme in securityDefinitions / components.securitySchemes."),
    "root-security-ignored": Code(
        "warning", "Root-level 'security' is not used by API Gateway (operations need their own); it is "
        "carried unchanged.", "Repeat the requirement on every operation."),
    "unresolved-reference": Code(
        "error", "An AuthorizerId, RequestValidatorId or model reference does not name an authorizer, "
        "validator or model of this API; OpenAPI needs the name, so it was left out.",
        "Use !Ref to a resource of this API, or define the name in the document."),
    "method-left-out": Code(
        "error", "A Method or operation of the input is not in the output and nothing else says why.",
        "Report this file: every method should convert or be named by the diagnostic that left it out."),
    "conditional-unsupported": Code(
        "error", "An Fn::If between two versions of an operation that differ where an Fn::If value cannot stand "
        "(the first branch's is kept), or a generated condition (CAndD, NotC) that the template defines otherwise.",
        "Write the Fn::If inside the differing field, or rename the template's condition."),
    "undefined-condition": Code(
        "warning", "A condition is used but not defined in the output template (the document was written for "
        "an outer template); kept as it is.", "Add the condition to the template's Conditions."),
    "outer-reference": Code(
        "warning", "Fn::GetAtt, ${Name.Attr} or Fn::FindInMap points at something the output template does "
        "not define (the document was written for AWS::Include or a DefinitionBody); kept as it is.",
        "Add the resource (or mapping) to the template."),
    "parameter-added": Code(
        "info", "A name the document references but does not define became a template Parameter.",
        "Fill the parameter in at deploy time, or replace the Ref."),
    "template-attribute-dropped": Code(
        "warning", "A resource attribute or Metadata of an API resource has no OpenAPI home; left out.",
        "Keep the attribute in the template that embeds the document."),
    "model-cycle": Code(
        "warning", "Models refer to each other in a cycle. CloudFormation cannot create resources that !Ref each "
        "other, so those references name the model instead; API Gateway may still refuse a model whose "
        "referenced model does not exist yet.",
        "Break the cycle, or keep the API in an OpenAPI Body (RestApi Body), which creates the models at once."),
    "body-value-overridden": Code(
        "warning", "A RestApi property and its OpenAPI Body set the same thing differently; the property wins, "
        "as it does at deploy time, and the Body's value is dropped.",
        "Remove one of the two, or make them agree."),
    "rest-api-property-not-in-openapi": Code(
        "warning", "A RestApi property has no OpenAPI equivalent; left out of the document.",
        "Keep it on the RestApi resource that carries the document (embed keeps it)."),
    "endpoint-types-not-in-openapi": Code(
        "warning", "EndpointConfiguration Types / IpAddressType are import parameters, not part of OpenAPI; "
        "left out of the document.", "Keep them on the RestApi resource that carries the document."),
    "body-not-inline": Code(
        "error", "The API's definition is not an inline object (BodyS3Location, DefinitionUri, a string Body "
        "or Fn::Transform AWS::Include); it is reported, not fetched.", "Inline the document."),
    "documentation-not-deployed": Code(
        "warning", "x-amazon-apigateway-documentation is carried in Metadata, but no DocumentationPart "
        "resources are created for it.", "Add AWS::ApiGateway::DocumentationPart resources if you need them."),
    "model-property-not-in-openapi": Code(
        "warning", "A Model's ContentType (other than application/json) or Description has no OpenAPI home; "
        "left out.", "Keep the model in the template."),
    "schema-keyword-dropped": Code(
        "info", "A JSON Schema '$schema' keyword was left out of an OpenAPI schema (OpenAPI does not allow it; "
        "API Gateway assumes draft 4).", ""),
    "builtin-model": Code(
        "warning", "A model named Empty or Error with its own schema: every REST API already has these two and a "
        "template cannot create a model of that name, so it is written under a name of its own (ErrorModel) and "
        "every reference to it names that model.", "Rename the model in the document."),
    "invalid-model-name": Code(
        "error", "API Gateway model names are alphanumeric; this one is not and would fail to deploy.",
        "Rename the schema."),
    "dangling-reference": Code(
        "error", "A Ref, Fn::GetAtt, Fn::Sub variable or DependsOn elsewhere in the template points at a "
        "resource embed removed, and could not be rewritten.", "Point it at the RestApi or remove it."),
    "reference-rewritten": Code(
        "info", "A reference to a resource embed removed was rewritten to point at the RestApi.", ""),
    "literal-pseudo-parameter": Code(
        "info", "${AWS::Region}, ${AWS::AccountId} or ${AWS::Partition} in a plain template string is literal text "
        "(CloudFormation substitutes only inside Fn::Sub): written into OpenAPI as the Fn::Sub that keeps it "
        "literal, every ${x} escaped as ${!x} (cfn-lint's E1029 reports the plain string).",
        "If a substitution was meant, write !Sub."),
    "sam-property-dropped": Code(
        "error", "An AWS::Serverless::Api property that AWS::ApiGateway::RestApi does not have was left out "
        "(SAM would have created stages, authorizers or CORS from it).",
        "Add the stage, deployment and settings as resources."),
    "sam-translator-missing": Code(
        "error", "The template uses the SAM transform (AWS::Serverless-2016-10-31), and AWS's SAM translator, which "
        "turns it into the CloudFormation SAM deploys, is not installed.",
        "pip install 'apigw_convert[sam]'"),
    "sam-invalid": Code(
        "error", "AWS's SAM translator refuses the template (an invalid event, property or reference); SAM would "
        "not deploy it either.", "Fix the resource or event the message names."),
    "sam-transform-missing": Code(
        "error", "The template has AWS::Serverless resources but no 'Transform: AWS::Serverless-2016-10-31', so "
        "CloudFormation refuses it (unrecognized resource types); it is read as SAM would translate it.",
        "Add 'Transform: AWS::Serverless-2016-10-31' at the top of the template."),
    "http-api-document": Code(
        "warning", "The document looks like an HTTP API (API Gateway v2) export; it is read as a REST API, whose "
        "resources differ (routes, $default, payload formats).", "Convert HTTP APIs with a v2 tool."),
    # --- offline export: resolution, extensions, stages ---------------------------------------------------
    "unresolved-value": Code(
        "error", "An intrinsic function needs a value only a deployed stack knows (a parameter without default, "
        "a resource's Ref or attribute, an export, a pseudo parameter); resolution stopped.",
        "Give the value with the option the message names, or pass --unresolved keep."),
    "unresolved-kept": Code(
        "warning", "An intrinsic function could not be resolved and was left in place (--unresolved keep).",
        "Give the value with the option the message names."),
    "pseudo-parameter-kept": Code(
        "info", "${AWS::Region} or ${AWS::AccountId} without a value was written as that text, which API Gateway's "
        "import fills in.", "Give --region / --account-id to write the value."),
    "pseudo-parameter-placeholder": Code(
        "warning", "A pseudo parameter without a value (AWS::StackName, AWS::StackId ...) was written as the text "
        "${AWS::StackName}, a placeholder nothing fills in.",
        "Give --stack-name (or --value AWS::StackId=VALUE ...) to write the value."),
    "extensions-left-out": Code(
        "info", "x-amazon-apigateway-* keys were left out of the document, as the extensions choice asks.", ""),
    "any-method-expanded": Code(
        "info", "x-amazon-apigateway-any-method was written as one operation per HTTP method, for a document "
        "without API Gateway extensions.", ""),
    "stage-not-found": Code(
        "error", "The template has no AWS::ApiGateway::Stage (or stage of an AWS::Serverless::Api) with this name "
        "for the API.", "Name one of the stages the message lists."),
    "invalid-stage-name": Code(
        "error", "A stage name API Gateway does not accept (letters, digits, hyphens and underscores, at most 128).",
        "Rename the stage."),
}

_INPUT: dict[CodeName, Code] = {
    "invalid-type": Code("error", "A value has the wrong type.", "See the JSON Schemas in schemas/."),
    "invalid-enum": Code("error", "A value is not one of the allowed enum values.",
                         "Use one of the values listed in the message (any case)."),
    "missing-field": Code("error", "A required field is missing.", "Add the field."),
    "invalid-argument": Code("error", "A function argument is not one of its allowed values.", ""),
    "nesting-too-deep": Code("error", "The input is nested deeper than the converter accepts.",
                             "Real templates nest a few dozen levels; check the file."),
    "no-method-converted": Code(
        "error", "The input has methods (or operations) and none of them could be converted; the diagnostics "
        "before this one say why.", "Fix the first error listed."),
    "http-api-integration-ref": Code(
        "error", "The integration is a $ref to components/x-amazon-apigateway-integrations, which only HTTP "
        "APIs support.", "Inline the integration object."),
}

_VALIDATION: dict[CodeName, Code] = {
    # error: the deploy, the import or every call fails; warning: it can be legitimate, or only some calls fail.
    "unrecognised-input": Code(
        "error", "The input is neither a template, an OpenAPI document nor an integration.",
        "Pass dialect='cfn' or dialect='openapi' to read it as a bare integration."),
    "definition-not-read": Code(
        "info", "An API definition is referenced, not inline (AWS::Include, S3, a string, an HTTP API); it was "
        "not checked.", "Validate the referenced file on its own."),
    "http-api-not-checked": Code(
        "info", "The document describes an HTTP API (API Gateway v2); the REST checks do not apply.",
        "Check it with an HTTP API tool, or drop payloadFormatVersion / integrationSubtype if it is a REST API."),
    "suppressed": Code(
        "info", "A finding the file itself suppresses (Metadata apigw-convert ignore on a resource or its "
        "RestApi, x-apigw-convert-ignore on an operation or the document); the message names it.",
        "Fix the finding and remove the suppression, or leave it if the configuration is deliberate."),
    "unknown-integration-property": Code(
        "error", "A key that is not a property of AWS::ApiGateway::Method Integration; CloudFormation rejects "
        "the template.", "Remove it or fix its spelling (Stage settings such as CachingEnabled go on the Stage)."),
    "uri-missing": Code(
        "error", "The integration has no Uri; every type but MOCK needs one.", "Add the backend Uri."),
    "integration-http-method-missing": Code(
        "error", "The integration has no IntegrationHttpMethod (httpMethod); every type but MOCK needs one.",
        "Add the HTTP method API Gateway uses to call the backend (POST for Lambda)."),
    "lambda-not-post": Code(
        "error", "A Lambda integration calls Lambda with a method other than POST; every call fails.",
        "Set IntegrationHttpMethod (httpMethod) to POST."),
    "vpc-link-without-connection-id": Code(
        "error", "ConnectionType is VPC_LINK but there is no ConnectionId.", "Add the VPC link id as ConnectionId."),
    "integration-target-without-vpc-link": Code(
        "error", "IntegrationTarget is set but ConnectionType is not VPC_LINK; it is only for private "
        "integrations over VPC links.", "Set ConnectionType: VPC_LINK and a ConnectionId, or drop it."),
    "connection-id-without-vpc-link": Code(
        "warning", "ConnectionId is set but ConnectionType is not VPC_LINK; the VPC link is not used.",
        "Set ConnectionType: VPC_LINK, or drop ConnectionId."),
    "uri-wrong-shape": Code(
        "error", "The Uri does not fit the integration type: HTTP and HTTP_PROXY call an http(s):// URL, AWS and "
        "AWS_PROXY an arn:...:apigateway:... service ARN.", "Fix the Uri or the Type."),
    "aws-proxy-not-lambda": Code(
        "error", "An AWS_PROXY integration whose Uri is not a Lambda function invocation; REST APIs proxy only to "
        "Lambda.", "Use arn:...:apigateway:REGION:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations, or "
        "Type AWS for other services."),
    "tls-config-wrong-type": Code(
        "warning", "tlsConfig applies only to HTTP and HTTP_PROXY integrations.", "Remove tlsConfig."),
    "stream-not-proxy": Code(
        "error", "ResponseTransferMode STREAM works only with HTTP_PROXY and AWS_PROXY integrations.",
        "Use a proxy type or BUFFERED."),
    "stream-with-response-templates": Code(
        "warning", "A streamed response (ResponseTransferMode STREAM) cannot be transformed by response templates.",
        "Remove the response templates or use BUFFERED."),
    "stream-with-cache-keys": Code(
        "warning", "A streamed response (ResponseTransferMode STREAM) is not cached; its cache key parameters have "
        "no effect.", "Remove CacheKeyParameters or use BUFFERED."),
    "stream-with-compression": Code(
        "warning", "A streamed response (ResponseTransferMode STREAM) of an API that compresses responses "
        "(MinimumCompressionSize); streamed responses are not compressed.",
        "Expect uncompressed streams, or use BUFFERED where compression matters."),
    "stream-uri-mismatch": Code(
        "error", "ResponseTransferMode and the Lambda Uri disagree: streaming calls "
        "2021-11-15/functions/.../response-streaming-invocations, buffering 2015-03-31/functions/.../invocations; "
        "every call fails.", "Use the invocation path that fits ResponseTransferMode."),
    "timeout-too-short": Code(
        "error", "TimeoutInMillis is below the minimum of 50.", "Use a value of at least 50."),
    "timeout-above-default": Code(
        "warning", "TimeoutInMillis is above the default limit of 29000; it needs a raised quota (Regional and "
        "private APIs only) or response streaming.", "Check the account's integration timeout quota."),
    "timeout-above-edge-limit": Code(
        "error", "TimeoutInMillis is above 29000 on an edge-optimized API (EDGE, the default endpoint type), whose "
        "integration timeout quota cannot be raised.", "Use at most 29000, a REGIONAL endpoint, or response "
        "streaming."),
    "timeout-too-long": Code(
        "error", "TimeoutInMillis is above 900000 (15 minutes), the longest any integration may wait.",
        "Use at most 900000."),
    "invalid-status-code": Code(
        "error", "An integration response status code is not a three-digit code from 100 to 599.",
        "Write it as a string such as '200'."),
    "duplicate-integration-status-code": Code(
        "warning", "Two integration responses have the same status code; API Gateway keeps one per status code, "
        "so the later silently replaces the earlier.", "Merge them or give them distinct status codes."),
    "multiple-default-responses": Code(
        "warning", "More than one integration response has no selection pattern; only one can be the default.",
        "Give all but one a SelectionPattern."),
    "no-default-response": Code(
        "warning", "The integration has integration responses but none is the default (no selection pattern); "
        "a backend result no pattern matches fails with a configuration error.",
        "Drop the SelectionPattern of the success response."),
    "no-integration-responses": Code(
        "error", "A non-proxy integration has no integration responses; every call fails with 'No match for "
        "output mapping and no default output mapping specified'.",
        "Add a default integration response (status code, no selection pattern)."),
    "selection-pattern-invalid": Code(
        "error", "A selection pattern is not a valid regular expression.", "Fix the regular expression."),
    "selection-pattern-not-java": Code(
        "error", "A selection pattern uses syntax Python accepts but Java (which API Gateway uses) rejects.",
        "Rewrite it in Java regex syntax; the message names the construct."),
    "selection-pattern-unmatchable": Code(
        "warning", "A selection pattern matches no HTTP status code as a whole string; this response is never "
        "selected.", "Match the whole code, e.g. '4\\d{2}' or '.*404.*'."),
    "selection-pattern-glob": Code(
        "warning", "A selection pattern ends in a letter or digit followed by '*', which repeats that one "
        "character: it does not match longer text as the glob it looks like.", "Write '.*' for 'anything'."),
    "selection-pattern-catches-success": Code(
        "warning", "A selection pattern of a Lambda integration matches the empty string, which is what a "
        "successful invocation presents; it catches successes too.", "Make it require at least one character."),
    "selection-pattern-too-slow": Code(
        "warning", "Matching a selection pattern against status codes and sample messages did not finish in "
        "time (catastrophic backtracking); it was not checked further, and API Gateway's Java engine would "
        "backtrack the same way on long error messages.",
        "Remove nested or overlapping repetition such as (a+)+ or (\\w|\\s)*."),
    "request-parameter-target-invalid": Code(
        "error", "A request parameter mapping key is not integration.request.{path|querystring|header}.NAME.",
        "Fix the key."),
    "request-parameter-source-invalid": Code(
        "error", "A request parameter mapping value is not a method request parameter, body, context or stage "
        "variable expression.", "See the source table in the README."),
    "response-parameter-target-invalid": Code(
        "error", "A response parameter mapping key is not method.response.header.NAME.", "Fix the key."),
    "response-parameter-source-invalid": Code(
        "error", "A response parameter mapping value is not an integration response header or body, context or "
        "stage variable expression.", "See the source table in the README."),
    "parameter-static-unquoted": Code(
        "error", "A parameter mapping value that is not an expression must be a static value in single quotes.",
        "Enclose it in single quotes, e.g. \"'application/json'\"."),
    "method-request-parameter-undeclared": Code(
        "error", "A mapping reads a method request parameter the method does not declare.",
        "Declare it in the method's RequestParameters (OpenAPI: parameters)."),
    "method-request-parameter-conditional": Code(
        "warning", "A mapping reads a method request parameter that the method declares only under some condition "
        "values (an Fn::If with an AWS::NoValue branch, or one around the declaration), and the mapping can deploy "
        "under others (it is in no Fn::If or Condition on that condition, or in the other branch): where the "
        "parameter is not declared, API Gateway refuses the deployment.",
        "Put the mapping in the same branch of the same condition (Fn::If around its value or the integration), or "
        "declare the parameter unconditionally."),
    "method-response-header-undeclared": Code(
        "error", "An integration response sets a method response header the matching method response does not "
        "declare.", "Declare it in the method response's ResponseParameters (OpenAPI: headers)."),
    "method-response-header-conditional": Code(
        "warning", "An integration response sets a method response header that the matching method response "
        "declares only under some condition values (an Fn::If with an AWS::NoValue branch, or one around the method "
        "response or the list), and the mapping can deploy under others (it is in no Fn::If or Condition on that "
        "condition, or in the other branch): where the header is not declared, API Gateway refuses the deployment.",
        "Put the mapping in the same branch of the same condition (Fn::If around its value, the response or the "
        "integration), or declare the header unconditionally."),
    "default-method-response-missing": Code(
        "error", "The default integration response's status code has no method response; every call it answers "
        "fails with 'Output mapping refers to an invalid method response'.",
        "Add a method response with this status code."),
    "method-response-missing": Code(
        "warning", "An integration response's status code has no method response; calls it answers fail with "
        "'Output mapping refers to an invalid method response'.", "Add a method response with this status code."),
    "cache-key-parameter-undeclared": Code(
        "error", "A cache key parameter is not declared among the method's request parameters.",
        "Declare it in the method's RequestParameters (OpenAPI: parameters)."),
    "variable-siblings": Code(
        "error", "Two variable path segments under one parent ({a} and {b} siblings); API Gateway allows one. "
        "Conversion refuses such a tree; validate reports it.",
        "Use the same variable name in both paths."),
    "duplicate-path-variable": Code(
        "error", "A resource path names one path variable twice (/{id}/{id}); API Gateway rejects it. Conversion "
        "refuses such a path; validate reports it.", "Give each variable of the path its own name."),
    "stage-variable-in-sub": Code(
        "error", "${stageVariables.x} inside Fn::Sub: CloudFormation reads it as a resource attribute and fails.",
        "Escape it as ${!stageVariables.x}."),
    "method-without-integration": Code(
        "error", "A Method (or OpenAPI operation) has no integration; the deployment fails with 'No integration "
        "defined for method'.", "Add an Integration (x-amazon-apigateway-integration), MOCK if nothing else."),
    "http-method-invalid": Code(
        "error", "A Method's HttpMethod is not one API Gateway has (GET, PUT, POST, DELETE, OPTIONS, HEAD, PATCH, "
        "ANY).", "Use one of those methods."),
    "authorization-type-invalid": Code(
        "error", "A Method's AuthorizationType is not NONE, AWS_IAM, CUSTOM or COGNITO_USER_POOLS.",
        "Use one of those values (IAM is spelled AWS_IAM)."),
    "authorizer-missing": Code(
        "error", "AuthorizationType CUSTOM or COGNITO_USER_POOLS without an AuthorizerId; the deployment fails with "
        "'Invalid authorizer ID specified'.", "Add AuthorizerId: !Ref <Authorizer>."),
    "authorizer-type-mismatch": Code(
        "error", "The AuthorizerId names an authorizer whose type does not fit the AuthorizationType (CUSTOM takes a "
        "TOKEN or REQUEST authorizer, COGNITO_USER_POOLS a COGNITO_USER_POOLS one).",
        "Point AuthorizerId at an authorizer of the right type, or change AuthorizationType."),
    "authorization-scopes-not-cognito": Code(
        "error", "A Method has AuthorizationScopes and an AuthorizationType other than COGNITO_USER_POOLS; API "
        "Gateway refuses it ('Authorization Scopes are only valid for COGNITO_USER_POOLS authorization type'); "
        "conversion to OpenAPI leaves them out (scopes-not-used).",
        "Remove AuthorizationScopes, or use a COGNITO_USER_POOLS authorizer."),
    "security-scopes-not-used": Code(
        "warning", "An OpenAPI security requirement (in either branch of an Fn::If too) gives scopes to an API key, "
        "sigv4 or Lambda (token, request) authorizer scheme; API Gateway takes scopes only with a Cognito authorizer "
        "(a CUSTOM Method refuses them), and conversion leaves them out (scopes-not-used).",
        "Remove the scopes (list them only on a Cognito authorizer's requirement)."),
    "undefined-reference": Code(
        "error", "An authorizer, request validator, model or security scheme is referred to but not defined in the "
        "template or document (SAM's security NONE excepted).", "Define it, or fix the name."),
    "method-status-code-invalid": Code(
        "error", "A method response status code (in any branch of an Fn::If around the list, the response or the code) "
        "is not a three-digit code from 100 to 599.",
        "Write one status code per method response, such as '200'."),
    "path-part-invalid": Code(
        "error", "A path segment API Gateway refuses (allowed: alphanumerics, _ - . , : and a whole-segment "
        "{param} or {param+}; a greedy {param+} has no children).", "Fix the path."),
    "path-defined-twice": Code(
        "error", "Two Resources of one API have the same path; API Gateway refuses the second.",
        "Merge them, or give one a Condition."),
    "method-defined-twice": Code(
        "error", "Two Methods have the same HttpMethod on one resource; API Gateway refuses the second.",
        "Merge them, or give one a Condition."),
    "parameter-defined-twice": Code(
        "error", "An OpenAPI path item or operation lists two parameters of one name and location (in) that can "
        "exist together; the document is invalid and conversion keeps the first.", "Remove one."),
    "model-name-invalid": Code(
        "error", "A model name that is not alphanumeric; API Gateway refuses it.", "Rename the model (ItemList)."),
    "gateway-response-type-invalid": Code(
        "error", "A gateway response type that is not one of API Gateway's (DEFAULT_4XX, UNAUTHORIZED ...).",
        "Use one of the types the message lists."),
    "authorizer-cache-without-identity-source": Code(
        "warning", "A REQUEST authorizer caches its results (AuthorizerResultTtlInSeconds is not 0; 300 by "
        "default) but has no IdentitySource; API Gateway requires one to cache.",
        "Add an IdentitySource, or set AuthorizerResultTtlInSeconds: 0."),
    "deployment-without-depends-on": Code(
        "warning", "A Deployment does not depend on any Method of its REST API; CloudFormation may create it "
        "first, and it fails with 'The REST API doesn't contain any methods'.",
        "Add DependsOn with the API's Methods."),
    "method-not-convertible": Code(
        "error", "Converting the API to the other dialect would leave this Method or operation out (its place in "
        "the resource tree cannot be found, its HTTP method is not a literal, it repeats another ...); the message "
        "gives the conversion's reason.", "Fix what the message names; apigw-convert converts it then."),
    "api-not-convertible": Code(
        "error", "Converting the API to the other dialect fails; the message gives the conversion's reason.",
        "Fix what the message names."),
}

_FILES: dict[CodeName, Code] = {
    "file-not-found": Code("error", "The input file does not exist.", "Check the path."),
    "not-a-file": Code("error", "The input path is not a regular file (a directory?).", "Name a file."),
    "file-unreadable": Code("error", "The input file could not be read.", "Check its permissions."),
    "invalid-encoding": Code("error", "The input is not valid UTF-8 text.", "Save the file as UTF-8."),
    "input-too-large": Code("error", "The input is larger than the converter accepts.", ""),
    "yaml-syntax": Code("error", "The input is not well-formed YAML.", "Fix the YAML at the position shown."),
    "several-documents": Code(
        "error", "The YAML stream holds more than one document; a template or an OpenAPI document is one.",
        "Give one document per file."),
    "json-syntax": Code("error", "The input is not well-formed JSON.", "Fix the JSON at the position shown."),
    "duplicate-key": Code("error", "A mapping has the same key twice; CloudFormation rejects such templates.",
                          "Remove or rename one of the two keys."),
    "alias-refused": Code("error", "The YAML uses anchors and aliases in a way that expands too far "
                          "(an alias bomb).", "Write the values out instead of aliasing them."),
    "unsafe-tag": Code("error", "The YAML has a tag that is neither a CloudFormation short form nor a safe "
                       "standard type.", "Remove the tag."),
    "unknown-tag": Code("error", "The YAML has a '!' tag that is not a CloudFormation intrinsic function.",
                        "Use one of the short forms listed in the README."),
    "invalid-document": Code("error", "The document is not a mapping at the top level.",
                             "A template or OpenAPI document is a mapping."),
}

#: Every code by section (the README's code table has one part per section).
SECTIONS: dict[Section, dict[CodeName, Code]] = {
    "integration": _INTEGRATION,
    "documents": _DOCUMENTS,
    "input": _INPUT,
    "validation": _VALIDATION,
    "files": _FILES,
}
#: Every code, in the order of the sections.
CODES: dict[CodeName, Code] = {code: info for codes in SECTIONS.values() for code, info in codes.items()}


@dataclass(frozen=True, kw_only=True)
class Diagnostic:
    """One finding: a stable ``code``, its ``severity``, where in the source, a message.

    Where: the keys and list indexes that lead to the value, as the source spells them (``path``), and
    their RFC 6901 ``pointer``; ``file``, ``line`` and ``column`` (1-based) when the source came from a file.
    """

    code: str
    severity: Severity
    path: Path
    message: str
    hint: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None

    @property
    def pointer(self) -> str:
        """The JSON pointer of :attr:`path` (``""`` for the whole document)."""
        return to_pointer(self.path)

    def __str__(self) -> str:
        where = self.file or ""
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        prefix = f"{where}: " if where else ""
        return f"{prefix}{self.severity} {self.code} at {self.pointer or '/'}: {self.message}"

    def to_dict(self) -> dict[str, str | int | None]:
        """The diagnostic as JSON-ready data, in the order of ``schemas/report.json``."""
        return {"code": self.code, "severity": self.severity, "pointer": self.pointer, "message": self.message,
                "hint": self.hint, "file": self.file, "line": self.line, "column": self.column}

    def at(self, file: str | None, line: int | None, column: int | None) -> Diagnostic:
        """The same diagnostic placed in a file (1-based ``line`` and ``column``)."""
        return replace(self, file=file, line=line, column=column)


def make(code: CodeName, path: Sequence[str | int], message: str | None = None) -> Diagnostic:
    """Create the diagnostic for ``code`` at ``path``; severity and hint come from :data:`CODES`."""
    info = CODES[code]
    return Diagnostic(code=code, severity=info.severity, path=tuple(path), message=message or info.summary,
                      hint=info.hint)


def input_error(code: CodeName, path: Sequence[str | int], message: str | None = None) -> InputError:
    """The :class:`InputError` carrying one diagnostic."""
    return InputError.from_diagnostics([make(code, path, message)])  # type: ignore[return-value]


class Report:
    """An ordered collection of diagnostics that codecs append to."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []

    def add(self, code: CodeName, path: Sequence[str | int], message: str | None = None) -> None:
        """Append the diagnostic for ``code`` at ``path``."""
        self.diagnostics.append(make(code, path, message))

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Append several diagnostics."""
        self.diagnostics.extend(diagnostics)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.diagnostics)

    def __len__(self) -> int:
        return len(self.diagnostics)


class LossWarning(UserWarning):
    """Issued under on_loss="warn" for each loss; ``.diagnostic`` holds the record."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def is_loss(diagnostic: Diagnostic) -> bool:
    """Losses are the diagnostics of severity error or warning; info records never stop a conversion."""
    return diagnostic.severity != "info"


#: Losses that leave nothing out: the value is written as it is, and the finding says that the output needs
#: something from the template around it (a condition, a resource or a mapping the document was written for);
#: or it is written under a name of its own that the way back restores (a document's own ``Error`` model); or
#: the source is read as it would deploy once fixed (SAM resources without the transform). ``on_loss`` acts on
#: them (the output does not deploy as it is), but ``diff`` compares what they are about.
LEAVES_NOTHING_OUT: frozenset[CodeName] = frozenset({"undefined-condition", "outer-reference", "builtin-model",
                                                      "sam-transform-missing"})


def leaves_out(diagnostic: Diagnostic) -> bool:
    """Whether a diagnostic is a loss that leaves part of the input out of the output (see
    :data:`LEAVES_NOTHING_OUT`)."""
    return is_loss(diagnostic) and diagnostic.code not in LEAVES_NOTHING_OUT
