"""The enumerations of an integration, in their CloudFormation (upper-case) spelling.

Kept apart from :mod:`apigw_convert.model` so the field table and the fast path need no pydantic model.
"""

from __future__ import annotations

from enum import Enum

__all__ = ["ConnectionType", "ContentHandling", "IntegrationType", "PassthroughBehavior", "ResponseTransferMode"]


class IntegrationType(str, Enum):
    """How API Gateway reaches the backend."""

    AWS = "AWS"
    AWS_PROXY = "AWS_PROXY"
    HTTP = "HTTP"
    HTTP_PROXY = "HTTP_PROXY"
    MOCK = "MOCK"


class ConnectionType(str, Enum):
    """Public internet or a VPC link."""

    INTERNET = "INTERNET"
    VPC_LINK = "VPC_LINK"


class ContentHandling(str, Enum):
    """Payload encoding conversion."""

    CONVERT_TO_BINARY = "CONVERT_TO_BINARY"
    CONVERT_TO_TEXT = "CONVERT_TO_TEXT"


class PassthroughBehavior(str, Enum):
    """What happens to a request body no request template matches."""

    WHEN_NO_MATCH = "WHEN_NO_MATCH"
    WHEN_NO_TEMPLATES = "WHEN_NO_TEMPLATES"
    NEVER = "NEVER"


class ResponseTransferMode(str, Enum):
    """Buffered or streamed responses (streaming only for proxy types)."""

    BUFFERED = "BUFFERED"
    STREAM = "STREAM"
