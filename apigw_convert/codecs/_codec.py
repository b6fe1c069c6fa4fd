"""A codec is a dialect plus its two response-shape functions; everything else is the shared table."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..diagnostics import Report, input_error
from ..fields import INTEGRATION_FIELDS, Dialect
from ..intrinsics import is_mapping
from ..nodes import _Node
from ..pointer import Path
from ..table_engine import M, Reader, ResponsesWriter, describe, read_object, write_object


@dataclass(frozen=True)
class Codec:
    """Reads one dialect's integration object into the neutral model and writes it back."""

    dialect: Dialect
    label: str
    read_responses: Reader
    write_responses: ResponsesWriter
    check: Callable[[Mapping[str, Any], Path], None] = lambda obj, path: None

    def read_integration(self, obj: Any, path: Path, report: Report, model: type[M]) -> M:
        """Read one integration mapping found at ``path`` into ``model``; losses go to ``report``."""
        if not is_mapping(obj):
            raise input_error("invalid-type", path, f"expected {self.label}, got {describe(obj)}")
        self.check(obj, path)
        return read_object(obj, INTEGRATION_FIELDS, model, self.dialect, path, report,
                           responses=self.read_responses)

    def write_integration(self, integration: _Node, report: Report) -> dict[str, Any]:
        """Write the neutral model; what this dialect cannot hold goes to ``report``."""
        return write_object(integration, INTEGRATION_FIELDS, self.dialect, report,
                            responses=self.write_responses)
