"""The layout holds: the flow is one way (docs/architecture.md), modules stay small.

Read from the source's own import statements (every import, including those inside
functions), so a cycle hidden in a function body is still a cycle.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "scrutineer"
MAX_LINES = 600
# Pure modules that everything may use, the parser included.
PURE = {"periods", "rag", "lines"}
# The web app is two layers: the kit every app's pages use (forms, template tags,
# middleware, the one start of an edit page), and the site's own pages, which show every
# app's records.
WEB_KIT = {"forms", "templatetags", "middleware", "converters", "councils", "editing", "downloads"}


def _modules():
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        package = path.name == "__init__.py"
        if package:
            parts = parts[:-1]
        yield ".".join(parts), path, package


MODULES = {name: (path, package) for name, path, package in _modules()}


def _imports(module: str, path: Path, package: bool) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[: len(base) - node.level + (1 if package else 0)]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            # "from scrutineer import bulk" imports the module scrutineer.bulk, not the package
            for alias in node.names:
                submodule = f"{name}.{alias.name}"
                found.add(submodule if submodule in MODULES else name)
    return {name for name in found if name.split(".")[0] == "scrutineer"}


def layer(module: str) -> str:
    """The part of the tree a module belongs to: an app or a top-level module, with the web
    kit apart from the web pages."""
    parts = module.split(".")
    if len(parts) == 1:
        return "scrutineer"
    if "management" in parts:  # commands are entry points, like the command line
        return "commands"
    if parts[1] == "web":
        return "web-kit" if len(parts) > 2 and parts[2] in WEB_KIT else "web-pages"
    return parts[1]


IMPORTS = {name: _imports(name, path, package) for name, (path, package) in MODULES.items()}


def _known(name: str) -> str | None:
    """The module an imported name refers to (a name imported from a module is not one)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _layer_graph() -> dict[str, dict[str, set[str]]]:
    graph: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for module, names in IMPORTS.items():
        for name in names:
            target = _known(name)
            if target and layer(target) != layer(module) and layer(target) != "scrutineer":
                graph[layer(module)][layer(target)].add(f"{module} imports {target}")
    return graph


def _cycle(graph) -> list[str] | None:
    """One cycle of the graph, as the list of its nodes, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, {}):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in list(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycle_between_apps():
    graph = _layer_graph()
    cycle = _cycle(graph)
    if cycle:
        edges = [sorted(graph[a][b])[0] for a, b in zip(cycle, cycle[1:], strict=False)]
        pytest.fail("import cycle " + " -> ".join(cycle) + ": " + "; ".join(edges))


def test_the_parser_imports_no_django_and_no_app():
    wrong = [
        f"{module} imports {name}"
        for module, names in IMPORTS.items()
        if layer(module) == "packs"
        for name in names
        if layer(_known(name) or name) not in {"packs", *PURE}
    ]
    wrong += [
        f"{module} imports django"
        for module, (path, _) in MODULES.items()
        if layer(module) == "packs" and "django" in path.read_text(encoding="utf-8").split()
    ]
    assert not wrong


def test_pure_modules_stay_pure():
    for name in PURE:
        text = (SRC / f"{name}.py").read_text(encoding="utf-8")
        assert "django" not in text and "scrutineer." not in text, name


def test_models_never_import_the_parser():
    wrong = [
        f"{module} imports {name}"
        for module, names in IMPORTS.items()
        if module.split(".")[-1] == "models" or ".models." in module
        for name in names
        if layer(name) == "packs"
    ]
    assert not wrong


def test_no_app_imports_another_apps_views_or_forms():
    wrong = [
        f"{module} imports {name}"
        for module, names in IMPORTS.items()
        for name in names
        if layer(_known(name) or name) not in {layer(module), "web-kit"}
        and any(part in {"views", "forms"} for part in (_known(name) or name).split(".")[2:])
        and layer(module) not in {"scrutineer"}  # urls.py and the command line wire pages
    ]
    assert not wrong


def test_no_module_is_too_long_to_hold_in_ones_head():
    long = {
        module: lines
        for module, (path, _) in MODULES.items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long
