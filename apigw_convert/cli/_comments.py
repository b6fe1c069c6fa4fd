"""The comment lines of a YAML text, which ``--in-place`` would drop (the file is written again from data)."""

from __future__ import annotations

from bisect import bisect_right


def comment_lines(text: str) -> int:
    """How many lines of ``text`` hold a YAML comment: a ``#`` at the start of a line or after a blank, outside
    every scalar (a ``#set`` line of a block-literal mapping template is text, not a comment)."""
    if "#" not in text:
        return 0
    import yaml  # start-up: only --in-place on a YAML file with a '#' needs the scanner

    starts: list[int] = []
    ends: list[int] = []
    try:
        for token in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(token, yaml.ScalarToken):
                starts.append(token.start_mark.index)
                ends.append(token.end_mark.index)
    except yaml.YAMLError:  # the text was loaded before; a scanner that disagrees counts every '#' line
        pass
    count, offset = 0, 0
    for line in text.splitlines(keepends=True):
        for column, char in enumerate(line):
            if char == "#" and (column == 0 or line[column - 1] in " \t"):
                index = offset + column
                i = bisect_right(starts, index) - 1
                if i < 0 or ends[i] <= index:
                    count += 1
                    break
        offset += len(line)
    return count
