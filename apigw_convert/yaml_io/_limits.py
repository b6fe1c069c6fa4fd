"""The limits of reading, in one place: the modules of this package read them here, at call time.

Users set them on the package (``apigw_convert.yaml_io.MAX_DEPTH = 64``), which forwards to this module.
"""

from __future__ import annotations

MAX_INPUT_BYTES = 10 * 1024 * 1024
"""Largest accepted input, in bytes (in characters for ``str`` input)."""
MAX_DEPTH = 128
"""Deepest accepted nesting: the number of nodes on the path from the root to a leaf, root included."""
MAX_ALIAS_NODES = 100_000
"""How many nodes the expansion of aliases may add to a document, in total."""
MAX_REREAD_CHARS = 1024 * 1024
"""Largest text that PyYAML's own parser reads again after libyaml refused it, so that the error is worded the
same with every PyYAML build; a larger broken text keeps libyaml's wording and position (the code agrees)."""
