"""Checks of the integration's own fields: required fields, Lambda, VPC links, TLS, streaming, timeouts."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..enums import ConnectionType, IntegrationType, ResponseTransferMode
from .context import Check, Finding, Site, lambda_path, lambda_uri, sure_text, uri_shape

MIN_TIMEOUT = 50
DEFAULT_TIMEOUT = 29_000
MAX_TIMEOUT = 900_000  # 15 minutes: the response-streaming limit, the longest any integration may wait


def required_fields(site: Site) -> Iterator[Finding]:
    """``Uri`` and ``IntegrationHttpMethod`` are required for every type but MOCK."""
    if site.type is None or site.type is IntegrationType.MOCK:
        return
    label = site.type.value
    if site.integration.uri in (None, ""):
        yield "uri-missing", site.path, f"{label} integrations need a Uri (an empty one is none)"
    if site.integration.http_method in (None, ""):
        yield "integration-http-method-missing", site.path, f"{label} integrations need an IntegrationHttpMethod"


def lambda_post(site: Site) -> Iterator[Finding]:
    """Lambda is invoked with POST, whatever the method's own verb."""
    if site.type not in (IntegrationType.AWS, IntegrationType.AWS_PROXY):
        return
    method = sure_text(site.integration.http_method)
    if method is None or method.upper() == "POST" or not lambda_uri(site.integration.uri):
        return
    yield ("lambda-not-post", site.where("http_method"),
           f"the Uri invokes a Lambda function, which takes POST, not {method}")


def vpc_link(site: Site) -> Iterator[Finding]:
    """``ConnectionId`` with ``VPC_LINK``; ``IntegrationTarget`` only with ``VPC_LINK``."""
    integration = site.integration
    if integration.connection_type is ConnectionType.VPC_LINK and integration.connection_id is None:
        yield "vpc-link-without-connection-id", site.where("connection_type"), "ConnectionType is VPC_LINK"
    target = integration.integration_target
    if target is not None and integration.connection_type in (None, ConnectionType.INTERNET):
        yield ("integration-target-without-vpc-link", site.where("integration_target"),
               f"ConnectionType is {(integration.connection_type or ConnectionType.INTERNET).value}")
    elif integration.connection_id is not None and integration.connection_type in (None, ConnectionType.INTERNET):
        yield ("connection-id-without-vpc-link", site.where("connection_id"),
               f"ConnectionType is {(integration.connection_type or ConnectionType.INTERNET).value}")


_SHAPES = {IntegrationType.HTTP: "http", IntegrationType.HTTP_PROXY: "http", IntegrationType.AWS: "arn",
           IntegrationType.AWS_PROXY: "arn"}
_SHAPE_NAMES = {"http": "an http:// or https:// URL", "arn": "an arn:...:apigateway:... service ARN"}


def uri_fits_type(site: Site) -> Iterator[Finding]:
    """HTTP types call a URL, AWS types an API Gateway service ARN; AWS_PROXY calls only Lambda."""
    wanted = _SHAPES.get(site.type) if site.type is not None else None
    shape = uri_shape(site.integration.uri)
    if wanted is None or shape is None:
        return
    if shape != wanted:
        yield ("uri-wrong-shape", site.where("uri"),
               f"the type is {site.type.value}, which calls {_SHAPE_NAMES[wanted]}")  # type: ignore[union-attr]
    elif site.type is IntegrationType.AWS_PROXY and lambda_uri(site.integration.uri) is False:
        yield "aws-proxy-not-lambda", site.where("uri"), "the Uri is not a Lambda function invocation"


def tls_config(site: Site) -> Iterator[Finding]:
    """``tlsConfig`` only on HTTP and HTTP_PROXY."""
    if site.integration.tls_config is None or site.type in (None, IntegrationType.HTTP, IntegrationType.HTTP_PROXY):
        return
    assert site.type is not None
    yield "tls-config-wrong-type", site.where("tls_config"), f"tlsConfig on a {site.type.value} integration"


def streaming(site: Site) -> Iterator[Finding]:
    """``ResponseTransferMode: STREAM`` only on proxy types, and never with response templates."""
    if site.integration.response_transfer_mode is not ResponseTransferMode.STREAM:
        return
    if site.type is not None and not site.is_proxy:
        yield "stream-not-proxy", site.where("response_transfer_mode"), f"the type is {site.type.value}"
    for response in site.leaves:
        if response.response_templates:
            yield ("stream-with-response-templates", site.where("response_templates", response),
                   "the response is streamed, so this template is never applied")
    if site.integration.cache_key_parameters:
        yield ("stream-with-cache-keys", site.where("cache_key_parameters"),
               "a streamed response is not cached, so these cache keys have no effect")
    if site.method is not None and site.method.compressed:
        yield ("stream-with-compression", site.where("response_transfer_mode"),
               "the API compresses responses (MinimumCompressionSize), and a streamed response is not compressed")


_BUFFERED_LAMBDA = re.compile(r"2015-03-31/functions/.*/invocations", re.DOTALL)
_STREAMING_LAMBDA = re.compile(r"2021-11-15/functions/.*/response-streaming-invocations", re.DOTALL)


def stream_uri(site: Site) -> Iterator[Finding]:
    """A streamed Lambda response calls the response-streaming action, a buffered one the plain invocation."""
    path = lambda_path(site.integration.uri)
    if not isinstance(path, str):
        return
    streamed = site.integration.response_transfer_mode is ResponseTransferMode.STREAM
    if streamed and _BUFFERED_LAMBDA.fullmatch(path):
        yield ("stream-uri-mismatch", site.where("uri"), "ResponseTransferMode is STREAM, and the Uri is the "
               "buffered invocation (2015-03-31/.../invocations; streaming needs "
               "2021-11-15/.../response-streaming-invocations)")
    elif not streamed and _STREAMING_LAMBDA.fullmatch(path):
        yield ("stream-uri-mismatch", site.where("uri"), "the Uri is the response-streaming invocation, and "
               "ResponseTransferMode is not STREAM")


def timeout(site: Site) -> Iterator[Finding]:
    """``TimeoutInMillis``: at least 50; above 29000 needs a quota unless streamed; never above 900000."""
    value = site.integration.timeout_in_millis
    if not isinstance(value, int):
        return
    where = site.where("timeout_in_millis")
    if value < MIN_TIMEOUT:
        yield "timeout-too-short", where, f"{value} ms is below {MIN_TIMEOUT}"
    elif value > MAX_TIMEOUT:
        yield "timeout-too-long", where, f"{value} ms is above {MAX_TIMEOUT}"
    elif value > DEFAULT_TIMEOUT and site.integration.response_transfer_mode is not ResponseTransferMode.STREAM:
        endpoint = site.method.endpoint if site.method is not None else None
        if endpoint == "EDGE":
            yield ("timeout-above-edge-limit", where, f"{value} ms is above {DEFAULT_TIMEOUT}, and the API is "
                   "edge-optimized (EDGE, also the default endpoint type), whose quota cannot be raised")
        else:
            yield "timeout-above-default", where, f"{value} ms is above {DEFAULT_TIMEOUT}" + (
                f"; the {endpoint} API needs a raised integration timeout quota" if endpoint else "")


CHECKS: tuple[Check, ...] = (required_fields, lambda_post, vpc_link, uri_fits_type, tls_config, streaming, stream_uri,
                             timeout)
