"""Selection patterns: Java regular expressions (API Gateway's dialect) read with Python's ``re``.

API Gateway compiles selection patterns with ``java.util.regex.Pattern`` and matches them against the whole
string: the backend's HTTP status code, or a Lambda function's ``errorMessage``. Python's ``re`` shares most
of the syntax, so :func:`analyse` scans a pattern the way Java parses it and sorts what it finds:

* **Python-only syntax, which Java rejects** (Java SE 17 ``Pattern`` javadoc; each one checked against
  ``Pattern.compile``): ``(?P<name>…)``, ``(?P=name)``, ``(?#…)``, ``(?(1)yes|no)``, the ``(?a)`` and ``(?L)``
  flags, ``{,n}`` and any other ``{`` that does not start ``{n}``, ``{n,}`` or ``{n,m}`` (Python reads it as a
  literal, Java fails with "Illegal repetition": e.g. ``${stageVariables.x}``), ``\\U0001F600``, ``\\0`` not
  followed by an octal digit, ``\\b`` or ``\\1`` inside a character class (Python: backspace, an octal
  escape), and named groups whose name is not ``[A-Za-z][A-Za-z0-9]*`` (``(?<my_name>…)``).
* **Java-only syntax, or syntax both accept with different meanings**: ``\\p{…}``/``\\P{…}``, ``\\Q…\\E``,
  ``\\h \\H \\R \\X \\e \\G \\z \\k<name> \\cX \\x{…}``, ``(?<name>…)``, the ``d c U u x m`` flags, ``(?-i)``,
  flags after the start (Java: from there on; Python 3.11+: an error, 3.10: the whole pattern), nested classes
  ``[a[b]]`` and intersections ``[a-z&&[^b]]`` (Python: literal characters), ``\\v`` (Java: any vertical
  whitespace; Python: VT), ``\\b``/``\\B`` (Java's word boundaries follow Unicode letters), bounded
  variable-width lookbehind, repeating an anchor (``$*``) or nothing (``{2}`` first), stacked repetitions
  ``a{1,2}{3}``, backreferences, and possessive quantifiers and atomic groups before Python 3.11 (What's New in
  Python 3.11). Such a pattern is not judged further: Python could not tell what Java matches.

``\\d \\w \\s`` are ASCII in Java, so patterns are compiled with :data:`re.ASCII`.
"""

from __future__ import annotations

import functools
import json
import re
import signal
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..diagnostics import CodeName
from ..enums import IntegrationType
from ..model import IntegrationResponse
from ..pointer import Path
from ..table_engine import node_path, source_dialect
from .context import Finding, Site, lambda_uri, sure_text

_PY311 = sys.version_info >= (3, 11)
_JAVA_ONLY_ESCAPES = {
    "p": "\\p{...} Unicode/POSIX classes", "P": "\\P{...} negated classes", "h": "\\h", "H": "\\H", "R": "\\R",
    "X": "\\X", "e": "\\e", "G": "\\G", "z": "\\z", "k": "\\k<name>", "c": "\\cX control characters",
    "V": "\\V", "v": "\\v (Java: any vertical whitespace; Python: the VT character)",
}
_QUANTIFIER = re.compile(r"\{(\d+)(,(\d*))?\}")
_GROUP_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*>")
_JAVA_FLAGS = set("idmsuxcU")
_PYTHON_ONLY_FLAGS = set("aL")
_SHARED_FLAGS = set("is")  # (?m): Java's line terminators and empty-input rules differ


@dataclass
class _Scan:
    java_rejects: list[str] = field(default_factory=list)  # Java fails to compile the pattern
    java_only: list[str] = field(default_factory=list)  # Python cannot stand in for Java here
    extended: bool = False  # (?x): whitespace and #-comments are ignored
    names: set[str] = field(default_factory=set)  # the named groups opened so far


def _scan(pattern: str) -> _Scan:
    scan = _Scan()
    i, n = 0, len(pattern)
    depth = 0  # character-class nesting (Java allows [a[b]])
    prev = "none"  # what a quantifier here would repeat: none, anchor, atom or quantifier
    while i < n:
        c = pattern[i]
        if depth:
            if c == "\\" and i + 1 < n:
                i = _escape(pattern, i, True, scan)
                continue
            if c == "[":
                scan.java_only.append(f"a nested character class at position {i}")
                depth += 1
                i = _class_start(pattern, i + 1)
                continue
            if c == "]":
                depth -= 1
            elif pattern.startswith("&&", i):
                scan.java_only.append(f"a class intersection '&&' at position {i}")
                i += 1
            i += 1
            continue
        if scan.extended and (c.isspace() or c == "#"):
            i = pattern.find("\n", i) if c == "#" else i + 1
            i = n if i < 0 else i
            continue
        if c == "\\" and i + 1 < n:
            prev = "anchor" if pattern[i + 1] in "bBAZzG" else "atom"
            i = _escape(pattern, i, False, scan)
        elif c == "[":
            depth, prev = 1, "atom"
            i = _class_start(pattern, i + 1)
        elif c == "(":
            i, prev = _group(pattern, i, scan), "none"
        elif c == "{" or c in "*+?":
            match = _QUANTIFIER.match(pattern, i) if c == "{" else None
            if c == "{" and match is None:
                scan.java_rejects.append(f"'{{' at position {i} does not start a repetition {{n}}, {{n,}} or {{n,m}} "
                                         "(Java: 'Illegal repetition'; escape it as \\{)")
                i, prev = i + 1, "atom"
                continue
            if prev == "anchor" or (c == "{" and prev in ("none", "quantifier")):
                what = "nothing" if prev == "none" else "an " + prev
                scan.java_only.append(f"a repetition of {what} at position {i}")
            i = _quantifier_suffix(pattern, match.end() if match else i + 1, scan)
            prev = "quantifier"
        else:
            prev = "none" if c == "|" else "anchor" if c in "^$" else "atom"
            i += 1
    return scan


def _class_start(pattern: str, i: int) -> int:
    """Skip ``^`` and a leading ``]``, which both dialects read as a literal."""
    if pattern.startswith("^", i):
        i += 1
    if pattern.startswith("]", i):
        i += 1
    return i


def _quantifier_suffix(pattern: str, i: int, scan: _Scan) -> int:
    if pattern.startswith("?", i):
        return i + 1
    if pattern.startswith("+", i):
        if not _PY311:
            scan.java_only.append(f"a possessive quantifier at position {i}")
        return i + 1
    return i


def _escape(pattern: str, i: int, in_class: bool, scan: _Scan) -> int:
    c = pattern[i + 1]
    if c == "Q":
        scan.java_only.append(f"\\Q...\\E quoting at position {i}")
        end = pattern.find("\\E", i + 2)
        return len(pattern) if end < 0 else end + 2
    if c in _JAVA_ONLY_ESCAPES:
        scan.java_only.append(f"{_JAVA_ONLY_ESCAPES[c]} at position {i}")
        if c in "pPk" and i + 2 < len(pattern) and pattern[i + 2] in "{<":
            end = pattern.find("}" if pattern[i + 2] == "{" else ">", i + 2)
            if c == "k" and end > 0 and pattern[i + 3:end] not in scan.names:
                scan.java_rejects.append(f"\\k<{pattern[i + 3:end]}> at position {i} names no group opened before it "
                                         "(Java: 'named capturing group does not exist')")
            return len(pattern) if end < 0 else end + 1
        # \cX takes one more character, but Java removes \Q...\E quoting before it parses \c
        return i + 3 if c == "c" and not pattern.startswith("\\Q", i + 2) else i + 2
    if c == "N" and pattern.startswith("{", i + 2):  # \N{NAME}: both (Python 3.8+, Java 9+)
        end = pattern.find("}", i + 2)
        return len(pattern) if end < 0 else end + 1
    if c == "x" and pattern.startswith("{", i + 2):
        scan.java_only.append(f"\\x{{...}} at position {i}")
        end = pattern.find("}", i + 2)
        return len(pattern) if end < 0 else end + 1
    if c == "U":
        scan.java_rejects.append(f"\\U at position {i} (Java has no \\U escape; write \\uhhhh or \\x{{h...h}})")
    elif c == "0" and not (i + 2 < len(pattern) and pattern[i + 2] in "01234567"):
        scan.java_rejects.append(f"\\0 at position {i} without an octal digit (Java: 'Illegal octal escape')")
    elif c in "123456789":
        if in_class:
            scan.java_rejects.append(f"\\{c} inside a character class at position {i} (Python: an octal escape; "
                                     "Java rejects it)")
        else:
            scan.java_only.append(f"a backreference at position {i}")
    elif c == "b" and in_class:
        scan.java_rejects.append(f"\\b inside a character class at position {i} (Python: backspace; Java rejects it)")
    elif c in "bB":
        scan.java_only.append(f"\\{c} at position {i} (Java's word boundaries follow Unicode letters)")
    return i + 2


def _group(pattern: str, i: int, scan: _Scan) -> int:
    """Look at the group opening at ``i``; return where its body starts."""
    if not pattern.startswith("(?", i):
        return i + 1
    rest = pattern[i + 2:]
    if rest.startswith(("P<", "P=", "P>")):
        scan.java_rejects.append(f"the Python-only group (?{rest[:2]}...) at position {i} "
                                 "(Java: (?<name>...), \\k<name>)")
        return i + 4
    if rest.startswith("#"):
        scan.java_rejects.append(f"the comment group (?#...) at position {i}")
        end = pattern.find(")", i)
        return len(pattern) if end < 0 else end + 1
    if rest.startswith("("):
        scan.java_rejects.append(f"the conditional group (?(...)...) at position {i}")
        return i + 3
    if rest.startswith(("<=", "<!")):
        scan.java_only.append(f"a lookbehind at position {i} (Java allows bounded variable width; Python fixed only)")
        return i + 4
    if rest.startswith((":", "=", "!")):
        return i + 3
    if rest.startswith(">"):
        if not _PY311:
            scan.java_only.append(f"an atomic group at position {i}")
        return i + 3
    if rest.startswith("<"):
        match = _GROUP_NAME.match(rest, 1)
        if match is None:
            scan.java_rejects.append(f"the group name at position {i}: Java names are a letter followed by "
                                     "letters and digits")
            return i + 3
        scan.java_only.append(f"the named group (?<...>) at position {i}")
        scan.names.add(match.group()[:-1])
        return i + 2 + match.end()
    flags = re.match(r"[A-Za-z-]*", rest)
    assert flags is not None
    letters = flags.group()
    end = i + 2 + len(letters)
    closing = pattern[end:end + 1]
    if closing not in (")", ":"):
        return end  # not a flag group; both dialects reject it
    scan.extended = scan.extended or "x" in letters.split("-")[0]
    for letter in letters.replace("-", ""):
        if letter in _PYTHON_ONLY_FLAGS:
            scan.java_rejects.append(f"the inline flag '{letter}' at position {i} (Python only)")
        elif letter in _JAVA_FLAGS and letter not in _SHARED_FLAGS:
            scan.java_only.append(f"the inline flag '{letter}' at position {i}")
    if closing == ")" and ("-" in letters or i > 0):
        scan.java_only.append(f"inline flags {pattern[i:end + 1]} at position {i}, which Java applies from there on")
    return end + 1


@dataclass(frozen=True)
class Verdict:
    """What API Gateway makes of a selection pattern, as far as Python can tell."""

    java_error: str | None = None  # Java rejects it: the reason
    python_error: str | None = None  # Python's compile error, if any
    comparable: bool = True  # Python reads the pattern as Java does (no Java-only syntax)
    compiled: re.Pattern[str] | None = None  # matches what Java's matches, when comparable and valid


@functools.lru_cache(maxsize=4096)
def analyse(pattern: str) -> Verdict:
    """Scan ``pattern`` as Java would and compile it with Python where the two agree (cached: a template
    repeats its patterns on every method)."""
    scan = _scan(pattern)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # FutureWarning on '[[' / '&&': handled by the scan
            compiled = re.compile(pattern, re.ASCII)
        python_error = None
    except (re.error, ValueError, OverflowError, RecursionError) as exc:
        compiled, python_error = None, str(exc) or type(exc).__name__
    comparable = not scan.java_only
    return Verdict(java_error=scan.java_rejects[0] if scan.java_rejects else None, python_error=python_error,
                   comparable=comparable, compiled=compiled if comparable and not scan.java_rejects else None)


# --- what a pattern matches, bounded in time -----------------------------------------------------------

_SAMPLE_MESSAGES = ("", "200", "500", "Internal server error: something failed")
_STATUS_CODES = tuple(str(code) for code in range(100, 600))
#: Seconds that matching one pattern against the status codes and sample messages may take.
MATCH_SECONDS = 1.0

_FACTS_SCRIPT = """
import json, re, sys
pattern, codes, samples = json.load(sys.stdin)
compiled = re.compile(pattern, re.ASCII)
json.dump([any(compiled.fullmatch(c) for c in codes), all(compiled.fullmatch(t) for t in samples),
           compiled.fullmatch("") is not None], sys.stdout)
"""


@dataclass(frozen=True)
class Facts:
    """What a valid, comparable pattern matches (``None`` from :func:`facts` when finding out took too long)."""

    matches_a_status: bool  # some status code from 100 to 599
    catch_all: bool  # every sample, like '.*'
    matches_empty: bool  # the empty string


class _Cutoff(Exception):
    """The time for matching ran out."""


def _facts_here(compiled: re.Pattern[str]) -> Facts:
    return Facts(any(compiled.fullmatch(code) for code in _STATUS_CODES),
                 all(compiled.fullmatch(text) for text in _SAMPLE_MESSAGES), compiled.fullmatch("") is not None)


def _facts_with_alarm(compiled: re.Pattern[str], seconds: float) -> Facts | None:
    """In the main thread: ``re`` checks for signals while it backtracks, so a timer signal stops it."""
    def on_alarm(signum: int, frame: object) -> None:
        raise _Cutoff

    previous = signal.signal(signal.SIGALRM, on_alarm)
    pending, interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        return _facts_here(compiled)
    except _Cutoff:
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
        if pending:  # give back the caller's timer, less the time spent here
            signal.setitimer(signal.ITIMER_REAL, max(pending - (time.monotonic() - started), 1e-3), interval)


def _facts_in_child(pattern: str, seconds: float) -> Facts | None:
    """Elsewhere (a thread cannot stop ``re``): in a child interpreter that is killed when time runs out."""
    import subprocess  # start-up: only off the main thread, which validate's command line never is

    request = json.dumps([pattern, _STATUS_CODES, _SAMPLE_MESSAGES])
    try:
        done = subprocess.run([sys.executable, "-I", "-S", "-c", _FACTS_SCRIPT], input=request, text=True,
                              capture_output=True, timeout=seconds + 2.0, check=True)
        return Facts(*json.loads(done.stdout))
    except (subprocess.SubprocessError, OSError, ValueError, TypeError):
        return None


@functools.lru_cache(maxsize=4096)
def facts(pattern: str) -> Facts | None:
    """What ``pattern`` (valid and comparable, see :func:`analyse`) matches, or None when matching it took
    longer than :data:`MATCH_SECONDS`: a pattern can backtrack exponentially (cached per pattern)."""
    compiled = analyse(pattern).compiled
    if compiled is None:
        return None
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        return _facts_with_alarm(compiled, MATCH_SECONDS)
    return _facts_in_child(pattern, MATCH_SECONDS)


# --- the check ---------------------------------------------------------------------------------------

_GLOB = re.compile(r"\^?(?:[^\\\[\](){}.*+?|^$]|\\[^A-Za-z0-9])*[A-Za-z0-9]\*\$?")


def is_catch_all(pattern: str) -> bool:
    """A pattern that matches every status code and message, like ``.*``: in effect a default response."""
    known = facts(pattern)
    return known is not None and known.catch_all


def _target(site: Site) -> str | None:
    """What the patterns are matched against: ``status`` codes, a Lambda ``message``, or unknown."""
    if site.type in (IntegrationType.HTTP, IntegrationType.MOCK):
        return "status"
    if site.type is IntegrationType.AWS:
        is_lambda = lambda_uri(site.integration.uri)
        return None if is_lambda is None else "message" if is_lambda else "status"
    return None


def pattern_path(site: Site, response: IntegrationResponse) -> Path:
    """Where a response's selection pattern is written: a CFN field, or the OpenAPI ``responses`` key."""
    if source_dialect(response) == "openapi":
        return node_path(response)
    return site.where("selection_pattern", response)


def selection_patterns(site: Site) -> Iterator[Finding]:
    """Each selection pattern compiles as a Java regex and can match what it is matched against."""
    if site.is_proxy:
        return
    target = _target(site)
    for response in site.leaves:
        pattern = sure_text(response.selection_pattern)
        if pattern is None:
            continue
        where = pattern_path(site, response)
        verdict = analyse(pattern)
        if verdict.java_error is not None:
            code: CodeName = "selection-pattern-invalid" if verdict.python_error else "selection-pattern-not-java"
            yield code, where, f"{pattern!r}: {verdict.java_error}"
            continue
        if verdict.python_error is not None and verdict.comparable:
            yield "selection-pattern-invalid", where, f"{pattern!r}: {verdict.python_error}"
            continue
        if verdict.compiled is None:
            continue
        known = facts(pattern)
        if known is None:
            yield "selection-pattern-too-slow", where, f"{pattern!r}: matching it against status codes and a " \
                f"sample message took more than {MATCH_SECONDS:g} s (catastrophic backtracking)"
            continue
        if _GLOB.fullmatch(pattern):
            yield "selection-pattern-glob", where, f"{pattern!r} matches {pattern[:-1]!r} and repetitions of " \
                f"its last character only; did you mean {pattern[:-1] + '.*'!r}?"
        elif target == "status" and not known.matches_a_status:
            yield "selection-pattern-unmatchable", where, f"{pattern!r} matches no status code from 100 to 599"
        elif target == "message" and known.matches_empty:
            yield "selection-pattern-catches-success", where, f"{pattern!r} matches the empty string"
