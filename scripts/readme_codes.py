"""Rewrite the diagnostic-code table of README.md from apigw_convert.diagnostics.CODES (one source of truth).

Run: python scripts/readme_codes.py   (tests/test_readme.py fails when the table is stale)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- codes:start -->", "<!-- codes:end -->"


def table() -> str:
    """The markdown tables of every code, one per section."""
    from apigw_convert.diagnostics import SECTION_TITLES, SECTIONS

    parts = []
    for section, codes in SECTIONS.items():
        rows = [f"**{SECTION_TITLES[section]}** (`{section}`)", "", "| code | severity | meaning | fix |",
                "|---|---|---|---|"]
        for code, info in codes.items():
            cells = [f"`{code}`", info.severity, info.summary, info.hint]
            rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        parts.append("\n".join(rows))
    return "\n\n".join(parts)


def render(text: str) -> str:
    """README text with the table between the markers replaced."""
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    return pattern.sub(lambda _: f"{START}\n{table()}\n{END}", text)


if __name__ == "__main__":
    README.write_text(render(README.read_text(encoding="utf-8")), encoding="utf-8")
    sys.exit(0)
