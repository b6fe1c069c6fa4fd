"""The two dialect codecs. Each reads its dialect into the neutral model and writes it back out; readers and
writers never talk to each other. The shared, table-driven machinery is :mod:`apigw_convert.table_engine`; the
one shape difference (integration responses, list vs map) has its rules in :mod:`.shape`, followed by the
general path (:mod:`.responses`) and by the model-free fast path (:mod:`._fast`).

Nothing is imported here: the fast path must not pay for the pydantic models the codecs build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..fields import Dialect
    from ._codec import Codec

__all__ = ["codec"]


def codec(dialect: Dialect) -> Codec:
    """The codec of ``dialect``."""
    from . import cfn, openapi  # start-up: the codecs import the pydantic models

    return cfn.CODEC if dialect == "cfn" else openapi.CODEC
