"""A Python file's imports, as ``migrate/scan/symbols.py``'s context of a file keeps them."""

from __future__ import annotations

import posixpath
from pathlib import PurePath

from ast_grep_py import SgNode

from migrate.scan.extract import text
from migrate.scan.module_paths import python_module
from migrate.scan.nodes import of_kind


def python_imports(root: SgNode, path: str, imports: dict[str, str]) -> None:
    """``name -> module#symbol`` (``from m import f``) or ``name -> module`` (``import m``,
    ``from p import m``), modules as ``/``-paths, relative ones resolved from ``path``."""
    here = posixpath.dirname(PurePath(path).as_posix())
    for node in of_kind(root, "import_from_statement"):
        module = node.field("module_name")
        if module is None:
            continue
        base = python_module(module.text(), here)
        for child in node.named_children():
            if child.kind() == "wildcard_import":  # from m import *: under a key no name has
                imports[f"*{base}"] = base
            if child == module or child.kind() not in ("dotted_name", "aliased_import"):
                continue
            name = child.field("name") if child.kind() == "aliased_import" else child
            alias = child.field("alias") if child.kind() == "aliased_import" else None
            symbol = text(name)
            imports[text(alias) or symbol] = f"{base}#{symbol}"
    for node in of_kind(root, "import_statement"):
        for child in node.named_children():
            name = child.field("name") if child.kind() == "aliased_import" else child
            alias = child.field("alias") if child.kind() == "aliased_import" else None
            dotted = text(name)
            imports[text(alias) or dotted] = dotted.replace(".", "/")


__all__ = ["python_imports"]
