"""The layers of ``migrate/``, read from every module's imports (``ast``; an import inside a
function or under ``TYPE_CHECKING`` counts too):

* the pipeline's lower layers (``readers``, ``mapping``) never import what is built on them
  (``apply``, ``dodo``, ``sandbox``, ``formats``, ``cli``, ``commands``): readers import no other
  layer, mapping only readers;
* ``codegen`` (the id map as a module in the application's language) renders an id map: it
  imports the id map's reader and nothing built on it;
* ``formats`` renders models only: the report model, findings, the rule table and the result
  types of translate and scan; never readers, apply, dodo or the CLI;
* nothing imports the CLI but ``migrate/__main__.py``;
* no two modules import each other, directly or through others;
* worker processes are started in one place (``migrate/support/workers.py``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "migrate"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(name: str) -> str | None:
    """The module of ours that importing ``name`` reads (``a.b.c`` or its nearest package)."""
    modules = _modules()
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def _imported(module: str, path: Path) -> Iterator[str]:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from a.b import c`: the module a.b.c when there is one, else a name of a.b
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in _modules() else base
                for alias in node.names
            ]
        else:
            continue
        for name in names:
            found = _resolve(name)
            if found is not None and found != module:
                yield found


@cache
def _graph() -> dict[str, frozenset[str]]:
    """Each module of ``migrate`` and the modules of ``migrate`` it imports."""
    return {m: frozenset(_imported(m, p)) for m, p in _modules().items()}


def _under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _breaches(importers: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{m} imports {i}"
        for m, targets in _graph().items()
        if _under(m, importers)
        for i in targets
        if any(_under(i, f) for f in forbidden)
    )


def _circles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


ABOVE_THE_MAPPING = (
    "migrate.apply",
    "migrate.dodo",
    "migrate.sandbox",
    "migrate.formats",
    "migrate.cli",
    "migrate.commands",
)
MODELS = (
    "migrate",  # the version, for the documents' headers
    "migrate.display",  # amounts, intervals and file names as people read them
    "migrate.findings",
    "migrate.report.model",
    "migrate.mapping.table",
    "migrate.mapping.cart",  # Translation, Options, KINDS: translate's result types
    "migrate.scan.site",  # CallSite, ScanStats: scan's result types
    "migrate.scan.result",  # ScanResult: what one scan found
    "migrate.mapping.expr",  # run-time values inside a translated body, and their JSON view
    "migrate.report.spool",  # where the report's items (and the page's grouped ones) wait on disk
)


def test_the_graph_reads_the_package() -> None:
    graph = _graph()
    assert "migrate.mapping.translate" in graph["migrate.commands.translate"]
    assert "migrate.scan.site" in graph["migrate.scan.embedded"]  # `from x import (...)`
    assert "migrate.mapping.table" in graph["migrate.mapping.walk"]


@pytest.mark.parametrize("layer", ["migrate.readers", "migrate.mapping", "migrate.codegen"])
def test_readers_and_mapping_never_import_the_layers_above(layer: str) -> None:
    assert _breaches(layer, ABOVE_THE_MAPPING) == []


BELOW: dict[str, tuple[str, ...]] = {
    "migrate.readers": ("migrate.errors", "migrate.findings", "migrate.display"),
    "migrate.mapping": ("migrate.errors", "migrate.findings", "migrate.display", "migrate.readers"),
    "migrate.codegen": ("migrate.errors", "migrate.readers.idmap"),
}
"""What the two first layers of the pipeline (and codegen, beside them) may import, besides
themselves."""


@pytest.mark.parametrize("layer", sorted(BELOW))
def test_readers_and_mapping_import_only_the_layers_below(layer: str) -> None:
    allowed = (layer, *BELOW[layer])
    breaches = sorted(
        f"{m} imports {i}"
        for m, targets in _graph().items()
        if _under(m, layer)
        for i in targets
        if i != "migrate" and not any(_under(i, a) for a in allowed)
    )
    assert breaches == []


def test_nothing_imports_the_cli_but_main() -> None:
    breaches = sorted(
        f"{m} imports {i}"
        for m, targets in _graph().items()
        if not _under(m, "migrate.cli") and m != "migrate.__main__"
        for i in targets
        if _under(i, "migrate.cli")
    )
    assert breaches == []


def test_no_import_circles() -> None:
    assert _circles() == []


def test_formats_import_only_models() -> None:
    breaches = [
        f"{m} imports {i}"
        for m, targets in _graph().items()
        if _under(m, "migrate.formats")
        for i in sorted(targets)
        if not _under(i, "migrate.formats") and i not in MODELS
    ]
    assert breaches == []


def test_formats_never_import_readers_apply_dodo_or_the_cli() -> None:
    forbidden = ("migrate.readers", "migrate.apply", "migrate.dodo", "migrate.cli")
    assert _breaches("migrate.formats", forbidden) == []


def test_worker_processes_are_started_in_one_place() -> None:
    starters = sorted(
        module
        for module, path in _modules().items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if (isinstance(node, ast.Import) and any(a.name == "multiprocessing" for a in node.names))
        or (
            isinstance(node, ast.ImportFrom)
            and (
                (node.module or "").startswith("multiprocessing")
                or any(a.name == "ProcessPoolExecutor" for a in node.names)
            )
        )
    )
    assert set(starters) == {"migrate.support.workers"}


@pytest.mark.parametrize(
    "layer", ["migrate.report", "migrate.plan", "migrate.apply", "migrate.scan", "migrate.formats"]
)
def test_the_libraries_never_import_the_commands_or_the_cli(layer: str) -> None:
    """The commands and the CLI sit on top: what they run never imports them back (the report
    reads payloads through ``migrate/mapping/stream.py``, not through the translate command)."""
    assert _breaches(layer, ("migrate.commands", "migrate.cli")) == []


LINE_LIMIT = 800
CLI_LINE_LIMIT = 500


def test_no_module_is_over_the_line_limits() -> None:
    """No module over 800 lines, no CLI module over 500 (the re-layout's limits)."""
    over = []
    for path in sorted((ROOT / "migrate").rglob("*.py")):
        limit = CLI_LINE_LIMIT if path.parent.name == "cli" else LINE_LIMIT
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > limit:
            over.append(f"{path.relative_to(ROOT)}: {lines} lines (limit {limit})")
    assert over == []
