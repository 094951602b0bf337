"""The layers hold in templates too, and no module imports itself back through another.

import-linter (`lint-imports`, in `make test`) checks the Python imports between apps; these
tests check what it cannot see: templates naming an upper app, and cycles between modules.
"""

import ast
import re
from pathlib import Path

import grimp
import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]
# Lowest first, as in pyproject.toml's contract.
LAYERS = ["core", "partners", "purchases", "conventions", "actions", "tasks", "demo"]
# Template folders owned by core rather than named after it.
CORE_TEMPLATES = ["base.html", "includes", "registration", "core"]
# Ways a template names an app: an include or extends, a URL, a permission, a tag library.
MENTIONS = (
    r"""{{%\s*(?:include|extends)\s+["']{app}/""",
    r"""{{%\s*url\s+["']{app}:""",
    r"""perms\.{app}\.""",
    r"""{{%\s*load\s+[^%]*\b{app}_tags\b""",
)


def _templates_of(app: str) -> list[Path]:
    folders = CORE_TEMPLATES if app == "core" else [app]
    found = []
    for name in folders:
        path = ROOT / "templates" / name
        found += [path] if path.is_file() else sorted(path.rglob("*.html"))
    return found


@pytest.mark.parametrize("app", LAYERS[:-1])
def test_no_template_names_an_app_above_its_own(app):
    upper = LAYERS[LAYERS.index(app) + 1 :]
    offences = []
    for template in _templates_of(app):
        text = template.read_text()
        for other in upper:
            for pattern in MENTIONS:
                if re.search(pattern.format(app=other), text):
                    offences.append(f"{template.relative_to(ROOT)} names {other}")
    assert offences == []


def _python_of(app: str) -> list[Path]:
    return [path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts]


def _reverse_accessors(app: str, upper: list[str]) -> set[str]:
    """Reverse relations from this app's models to an upper app's: reaching Action through
    `convention.actions` is an upward dependency import-linter cannot see."""
    return {
        relation.get_accessor_name()
        for model in apps.get_app_config(app).get_models()
        for relation in model._meta.related_objects
        if relation.related_model._meta.app_label in upper
    }


@pytest.mark.parametrize("app", LAYERS[:-1])
def test_no_code_names_an_app_above_its_own(app):
    """No permission, URL name or template of an upper app in a string, no reverse relation to
    its models: the upper app registers what it adds (core.registry) instead."""
    upper = LAYERS[LAYERS.index(app) + 1 :]
    named = re.compile(rf"^(?:{'|'.join(upper)})(?:\.[a-z]+_[a-z_]+$|:|/)")
    accessors = _reverse_accessors(app, upper)
    offences = []
    for path in _python_of(app):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if named.match(node.value):
                    offences.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value!r}")
            elif isinstance(node, ast.Attribute) and node.attr in accessors:
                offences.append(f"{path.relative_to(ROOT)}:{node.lineno} .{node.attr}")
    assert offences == []


def _graph() -> grimp.ImportGraph:
    """Every import between our modules, function-level ones included. Importing `a.b` also
    runs the `__init__` of each package above it, so it counts as importing those too."""
    graph = grimp.build_graph(*LAYERS, "config", include_external_packages=False)
    edges = [
        (importer, imported)
        for importer in graph.modules
        for imported in graph.find_modules_directly_imported_by(importer)
    ]
    for importer, imported in edges:
        parent = imported.rpartition(".")[0]
        while parent and parent in graph.modules:
            if parent != importer and not importer.startswith(f"{parent}."):
                graph.add_import(importer=importer, imported=parent)
            parent = parent.rpartition(".")[0]
    return graph


def test_no_module_imports_itself_back():
    graph = _graph()
    cycles = set()
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            chain = graph.find_shortest_chain(importer=imported, imported=importer)
            if chain:
                cycles.add(" -> ".join((importer, *chain)))
    assert sorted(cycles) == []
