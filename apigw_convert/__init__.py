"""apigw_convert: Amazon API Gateway REST integrations between CloudFormation and OpenAPI, field for field.

The public API is listed in ``__all__``. Names are imported on first use, so a command that converts one
integration does not pay for the whole-document or validation code.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import ConvertError, InputError, LossError

if TYPE_CHECKING:
    from .checks import validate
    from .conversions import ConversionResult, cfn_to_swagger, convert, swagger_to_cfn
    from .diagnostics import CODES, Diagnostic, LossWarning
    from .documents import embed, openapi_to_template, template_to_openapi, unembed
    from .model import Integration, IntegrationResponse, TlsConfig
    from .resolve import Resolution
    from .yaml_io import dump, load, loads

__version__ = "0.1.0"

_LAZY: dict[str, str] = {
    "cfn_to_swagger": "conversions",
    "swagger_to_cfn": "conversions",
    "convert": "conversions",
    "ConversionResult": "conversions",
    "CODES": "diagnostics",
    "Diagnostic": "diagnostics",
    "LossWarning": "diagnostics",
    "embed": "documents",
    "openapi_to_template": "documents",
    "template_to_openapi": "documents",
    "unembed": "documents",
    "Integration": "model",
    "IntegrationResponse": "model",
    "TlsConfig": "model",
    "Resolution": "resolve",
    "load": "yaml_io",
    "loads": "yaml_io",
    "dump": "yaml_io",
    "validate": "checks",
}

__all__ = [
    "CODES",
    "ConversionResult",
    "ConvertError",
    "Diagnostic",
    "InputError",
    "Integration",
    "IntegrationResponse",
    "LossError",
    "LossWarning",
    "Resolution",
    "TlsConfig",
    "__version__",
    "cfn_to_swagger",
    "convert",
    "dump",
    "embed",
    "load",
    "loads",
    "openapi_to_template",
    "swagger_to_cfn",
    "template_to_openapi",
    "unembed",
    "validate",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'apigw_convert' has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
