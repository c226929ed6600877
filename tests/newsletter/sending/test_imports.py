"""The sending engine's modules depend on each other one way, so none needs an import hidden in a function."""

import ast
import graphlib
from pathlib import Path

import newsletter

NEWSLETTER = Path(newsletter.__file__).parent
# The engine's modules, and the tasks that run it: the cycles there once were ran through them.
MODULES = {
    f"newsletter.sending.{path.stem}": path
    for path in (NEWSLETTER / "sending").glob("*.py")
    if path.stem != "__init__"
} | {"newsletter.tasks": NEWSLETTER / "tasks.py"}


def imported(tree):
    """The names of the modules an import statement of `tree` names, as written."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def dependencies():
    """Map each module to the engine's modules it imports."""
    return {
        name: {module for module in imported(ast.parse(path.read_text())) if module in MODULES} - {name}
        for name, path in MODULES.items()
    }


def test_the_engines_modules_import_each_other_without_a_cycle():
    graph = dependencies()

    try:
        order = list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as error:
        raise AssertionError(f"an import cycle: {' -> '.join(error.args[1])}") from error

    assert set(order) == set(MODULES)
    assert "newsletter.tasks" not in set().union(*graph.values()), (
        "the engine names its tasks, never imports them"
    )


def test_no_module_of_the_engine_imports_inside_a_function():
    hidden = [
        f"{name}:{inner.lineno}"
        for name, path in MODULES.items()
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for inner in ast.walk(node)
        if isinstance(inner, ast.Import | ast.ImportFrom)
    ]

    assert hidden == []
