"""Go's imports: the name each imported package is used by in a file, and Go's string
literals' text."""

from __future__ import annotations

import re
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.extract import string_text
from migrate.scan.nodes import of_kind

STRIPE_ROOT: Final = re.compile(r"github\.com/stripe/stripe-go(?:/v\d+)?")
"""stripe-go's root package, any major version."""


def imports(root: SgNode) -> list[tuple[str, str]]:
    """``(name the package is used by, import path)`` of each import in the file."""
    out: list[tuple[str, str]] = []
    for spec in of_kind(root, "import_spec"):
        path_node = spec.field("path")
        if path_node is None:
            continue
        path = (
            go_string(path_node)
            if path_node.kind() == "interpreted_string_literal"
            else (path_node.text()[1:-1])
        )
        alias = spec.field("name")
        if alias is not None:
            name = alias.text()
        elif STRIPE_ROOT.fullmatch(path):
            name = "stripe"  # github.com/stripe/stripe-go/v82 is package stripe
        else:
            name = re.sub(r"/v\d+$", "", path).rsplit("/", 1)[-1]
        out.append((name, path))
    return out


def go_string(node: SgNode) -> str:
    return string_text(node, ("interpreted_string_literal_content",))
