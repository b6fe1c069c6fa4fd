"""apigw_convert: Amazon API Gateway REST integrations between CloudFormation and OpenAPI, field for field.

The public API is listed in ``__all__``; everything else is internal.
"""

from __future__ import annotations

from .convert import cfn_to_swagger, swagger_to_cfn
from .diagnostics import CODES, Diagnostic, LossWarning
from .documents import embed, openapi_to_template, template_to_openapi, unembed
from .errors import ConvertError, InputError, LossError
from .model import Integration, IntegrationResponse, TlsConfig
from .validate import validate

__version__ = "0.1.0"

__all__ = [
    "CODES",
    "ConvertError",
    "Diagnostic",
    "InputError",
    "Integration",
    "IntegrationResponse",
    "LossError",
    "LossWarning",
    "TlsConfig",
    "__version__",
    "cfn_to_swagger",
    "embed",
    "openapi_to_template",
    "swagger_to_cfn",
    "template_to_openapi",
    "unembed",
    "validate",
]
