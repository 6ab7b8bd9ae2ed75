"""Go: the package-level variables of a wrapper's file that its params read by name.

A Go wrapper may sell a price it keeps in a variable of its package (``var proPrice =
os.Getenv("PRO_PRICE")`` at the top of ``billing.go``, read as ``Price:
stripe.String(proPrice)``). A call of the wrapper from its own package sees that variable; one
from another package does not (an unexported name is no name there, and the caller may have a
variable of that name itself: the plan being left, say). Such a call writes it
``TODO_<name>``, as a local of the wrapper it cannot see (X021); a call from the same folder
keeps the name.
"""

from __future__ import annotations

from collections.abc import Iterable

from ast_grep_py import SgNode

from migrate.scan.wrapper_args import identifiers


def package_vars(node: SgNode, texts: Iterable[str], skip: Iterable[str] = ()) -> tuple[str, ...]:
    """The variables declared at the top level of ``node``'s file (``var x = ...``, ``var (
    ... )``) that ``texts`` read by a bare name (see ``identifiers``), minus ``skip`` (the
    wrapper's parameters and locals, which shadow them)."""
    root = node.get_root().root()
    declared: set[str] = set()
    for decl in root.children():
        if decl.kind() != "var_declaration":
            continue
        for spec in decl.find_all(kind="var_spec"):
            declared.update(c.text() for c in spec.children() if c.kind() == "identifier")
    if not declared:
        return ()
    read = {n for text in texts for n in identifiers(text, "go")}
    return tuple(sorted((declared & read) - set(skip)))


__all__ = ["package_vars"]
