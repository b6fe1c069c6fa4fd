"""The two dialect codecs. Each reads its dialect into the neutral model and writes it back out; readers and
writers never talk to each other. The shared, table-driven machinery is in :mod:`._table`, the one shape
difference (integration responses, list vs map) in :mod:`.responses`."""

from __future__ import annotations

from ..fields import Dialect
from . import cfn, openapi
from ._codec import Codec

CODECS: dict[Dialect, Codec] = {"cfn": cfn.CODEC, "openapi": openapi.CODEC}

__all__ = ["CODECS", "Codec"]
