"""conventions never names actions, the app above it: actions plugs itself in (actions/apps.py).

import-linter covers Python imports; these checks also cover what it cannot see: templates,
permission strings, and reverse relations used to reach Action or Indicator.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Reverse relations that exist only to reach the actions app's models.
ACTION_RELATIONS = {"actions", "indicators", "led_actions"}
TEMPLATE_MENTIONS = re.compile(r"""actions_tags|perms\.actions|["']actions[/:]""")


def python_sources() -> list[Path]:
    return [path for path in (ROOT / "conventions").rglob("*.py") if "migrations" not in path.parts]


def _names_actions(value: object) -> bool:
    """'actions.change_action', 'actions:action_list', 'actions/…html', or a relation name."""
    return isinstance(value, str) and bool(
        re.match(r"actions[.:/]", value) or value in ACTION_RELATIONS
    )


def upward_references(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.split(".")[0] == "actions"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "actions":
            found.append(node.module)
        elif isinstance(node, ast.Attribute) and node.attr in ACTION_RELATIONS:
            found.append(f".{node.attr} (line {node.lineno})")
        elif isinstance(node, ast.Constant) and _names_actions(node.value):
            found.append(f"{node.value!r} (line {node.lineno})")
    return found


def test_conventions_code_names_nothing_of_the_actions_app():
    offences = {
        str(path.relative_to(ROOT)): upward_references(path)
        for path in python_sources()
        if upward_references(path)
    }
    assert offences == {}


def test_conventions_templates_include_and_check_nothing_of_the_actions_app():
    offences = {
        str(path.relative_to(ROOT)): TEMPLATE_MENTIONS.findall(path.read_text())
        for path in (ROOT / "templates" / "conventions").rglob("*.html")
        if TEMPLATE_MENTIONS.search(path.read_text())
    }
    assert offences == {}
