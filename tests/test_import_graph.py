"""The import graph stays visible: function-local imports say why they are local, and no import cycle exists.

The graph is read from the source (every ``import`` / ``from ... import`` outside ``if TYPE_CHECKING:``,
function-local ones included), so a cycle hidden inside a function counts as one.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "apigw_convert"

def _modules() -> dict[str, tuple[Path, bool]]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        out[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return out


def _imports(tree: ast.Module) -> list[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import outside ``if TYPE_CHECKING:``, and whether it is inside a function."""
    hidden = {id(node) for branch in ast.walk(tree) if isinstance(branch, ast.If)
              and "TYPE_CHECKING" in ast.unparse(branch.test) for node in ast.walk(branch)}
    found = []

    def visit(node: ast.AST, local: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if id(child) in hidden:
                continue
            if isinstance(child, ast.Import | ast.ImportFrom):
                found.append((child, local))
            visit(child, local or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef))

    visit(tree, False)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, (path, is_package) in modules.items():
        base = name.split(".") if is_package else name.split(".")[:-1]
        for node, _ in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                stem = ".".join([*base[:len(base) - node.level + 1], *([node.module] if node.module else [])]) \
                    if node.level else (node.module or "")
                subs = [f"{stem}.{alias.name}" for alias in node.names if f"{stem}.{alias.name}" in modules]
                targets = subs if len(subs) == len(node.names) else [stem, *subs]
            graph[name].update(t for t in targets if t in modules and t != name)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def test_no_import_cycle() -> None:
    assert [sorted(cycle) for cycle in _cycles(_graph())] == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [frozenset({"a", "b", "c"})]


def test_function_local_imports_say_why() -> None:
    silent = []
    for name, (path, _) in _modules().items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for node, local in _imports(ast.parse("\n".join(lines))):
            if not local:
                continue
            said = any("#" in lines[i] for i in range(node.lineno - 1, node.end_lineno or node.lineno))
            above = lines[node.lineno - 2].strip() if node.lineno >= 2 else ""
            grouped = above.startswith(("#", "from ", "import ")) and "#" in above  # one comment for a group
            if not (said or grouped):
                silent.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
    assert silent == [], "a function-local import needs a comment saying what it buys (start-up time)"


def test_no_writer_imports_a_reader() -> None:
    """Readers and writers of whole documents meet only in the neutral model and the shared shapes."""
    graph = _graph()
    readers = {f"apigw_convert.documents.{name}" for name in
               ("openapi.reader", "openapi.operations", "cfn.reader", "cfn.api", "cfn.methods")}
    writers = {name for name in graph if name.startswith("apigw_convert.documents.") and name.endswith("writer")}
    assert readers <= set(graph)
    assert len(writers) >= 3
    assert {writer: sorted(graph[writer] & readers) for writer in writers if graph[writer] & readers} == {}
