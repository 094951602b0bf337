"""Fail when a module of ours imports a module that imports it back.

For every direct import a → b among the project's modules (function-level imports
included), there must be no chain from b back to a. Importing b also runs the
`__init__` of each package above it, so a → b counts as a → each of those too.
Usage: `python .ci/import_cycles.py [package …]` checks the imports made by those
packages (all of ours by default).
"""

from __future__ import annotations

import sys

import grimp

PACKAGES = ("tasks", "conventions", "actions", "partners", "core", "config")


def _with_packages_run_on_import(graph: grimp.ImportGraph) -> grimp.ImportGraph:
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


def cycles(packages: tuple[str, ...]) -> list[list[str]]:
    graph = grimp.build_graph(*PACKAGES, include_external_packages=False)
    graph = _with_packages_run_on_import(graph)
    found = []
    for importer in sorted(graph.modules):
        if importer.split(".")[0] not in packages:
            continue
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back is not None:
                found.append([importer, *back])
    return found


def main() -> int:
    packages = tuple(sys.argv[1:]) or PACKAGES
    found = cycles(packages)
    for chain in found:
        print("Import circulaire : " + " → ".join(chain))
    if not found:
        print(f"Aucun import circulaire ({', '.join(packages)}).")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
