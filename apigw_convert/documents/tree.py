"""Resource paths, as :mod:`apigw_convert.resource_paths` defines them (shared with the checks)."""

from ..resource_paths import (
    bad_segment,
    is_variable,
    join,
    parent_of,
    prefixes,
    repeated_variable,
    segments,
    variable_name,
    variable_siblings,
    with_children,
)

__all__ = ["bad_segment", "is_variable", "join", "parent_of", "prefixes", "repeated_variable", "segments",
           "variable_name", "variable_siblings", "with_children"]
