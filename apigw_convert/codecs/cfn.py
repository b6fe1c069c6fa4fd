"""CloudFormation dialect: the ``Integration`` property of ``AWS::ApiGateway::Method`` (PascalCase keys,
``IntegrationResponses`` as a list)."""

from __future__ import annotations

from ._codec import Codec
from .responses import read_list, write_list

CODEC = Codec("cfn", "an AWS::ApiGateway::Method Integration mapping", read_list, write_list)
