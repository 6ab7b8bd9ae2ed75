"""Go, Kotlin, Python and JavaScript: the variables of a wrapper's file (its package's top
level) that its params read by name.

A wrapper may sell a price it keeps in a top-level variable (Go's ``var proPrice =
os.Getenv("PRO_PRICE")`` at the top of ``billing.go``, Kotlin's ``private val proPrice =
System.getenv("PRO_PRICE")`` in ``Billing.kt``), read as ``Price: stripe.String(proPrice)``. A
call of the wrapper from elsewhere may not see that variable (an unexported Go name in another
package, a Kotlin ``private`` top-level in another file, or one needing an import), and the
caller may have a variable of that name itself: the plan being left, say. Such a call writes it
``TODO_<name>``, as a local of the wrapper it cannot see (X021); a call from the same Go package
(folder) or the same Kotlin file keeps the name. One bound once, never set again, to a literal
or an environment read (:func:`portable_values`) is written as that value there instead: the
caller reads the same environment variable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePath
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.wrapper_args import identifiers


def module_vars(
    node: SgNode, texts: Iterable[str], skip: Iterable[str], family: str
) -> tuple[str, ...]:
    """The variables declared at the top level of ``node``'s file (Go's ``var x = ...``, ``var
    ( ... )``; Kotlin's top-level ``val``/``var``) that ``texts`` read by a bare name, minus
    ``skip`` (the wrapper's parameters and locals, which shadow them)."""
    root = node.get_root().root()
    declared: set[str] = set()
    for top in root.children():
        decl = top
        if family == "node" and top.kind() == "export_statement":
            decl = next((c for c in top.named_children() if "declaration" in c.kind()), top)
        if family == "python" and decl.kind() == "expression_statement":
            for bound in decl.named_children():
                left = bound.field("left") if bound.kind() == "assignment" else None
                names = [left] if left is not None and left.kind() == "identifier" else []
                if left is not None and left.kind() in ("pattern_list", "tuple_pattern"):
                    names = [n for n in left.named_children() if n.kind() == "identifier"]
                declared.update(n.text() for n in names)
        elif family == "node" and decl.kind() in ("lexical_declaration", "variable_declaration"):
            for declarator in decl.named_children():
                name = (
                    declarator.field("name") if declarator.kind() == "variable_declarator" else None
                )
                if name is not None and name.kind() == "identifier":
                    declared.add(name.text())
        elif family == "go" and decl.kind() == "var_declaration":
            for spec in decl.find_all(kind="var_spec"):
                declared.update(c.text() for c in spec.children() if c.kind() == "identifier")
        elif family == "kotlin" and decl.kind() == "property_declaration":
            for child in decl.children():
                named = [child] if child.kind() == "variable_declaration" else []
                if child.kind() == "multi_variable_declaration":
                    named = [
                        n for n in child.named_children() if n.kind() == "variable_declaration"
                    ]
                declared.update(n.text().split(":")[0].strip() for n in named)
    if not declared:
        return ()
    read = {n for text in texts for n in identifiers(text, family)}
    return tuple(sorted((declared & read) - set(skip)))


_PORTABLE: Final[dict[str, re.Pattern[str]]] = {
    "python": re.compile(
        r"""(?:os\.environ\.get|os\.getenv)\(\s*(?P<q>["'])\w+(?P=q)\s*(?:,\s*(?:["'][^"'\\\n]*["']|-?\d+))?\s*\)"""
        r"""|os\.environ\[\s*(?P<r>["'])\w+(?P=r)\s*\]"""
    ),
    "node": re.compile(
        r"""(?:process\.env|import\.meta\.env)(?:\.\w+|\[\s*(?P<q>["'])\w+(?P=q)\s*\])"""
        r"""(?:\s*(?:\?\?|\|\|)\s*(?:["'][^"'\\\n]*["']|-?\d+))?"""
    ),
    "go": re.compile(r'os\.Getenv\(\s*"\w+"\s*\)'),
    "kotlin": re.compile(r'System\.getenv\(\s*"\w+"\s*\)(?:\s*\?:\s*"[^"\\\n]*")?'),
}
"""A top-level value a caller in another file can compute itself: an environment variable read
(with a literal default), each language's way."""
_LITERAL: Final = re.compile(r"""^(?:"[^"\\\n]*"|'[^'\\\n]*'|-?\d+(?:\.\d+)?)$""")
_COMPARED: Final = re.compile(r"(.+?)\s*(?:===|!==|==|!=)\s*(.+)")


def _compared(value: str, read: re.Pattern[str]) -> bool:
    """Whether ``value`` compares an environment read (``read``) with a literal, either way
    round (``process.env.NODE_ENV === "development"``, ``os.environ.get("ENV") != "prod"``):
    a flag a caller in another file computes the same way."""
    found = _COMPARED.fullmatch(value)
    if found is None:
        return False
    left, right = found.group(1).strip(), found.group(2).strip()
    return bool(
        (read.fullmatch(left) and _LITERAL.match(right))
        or (_LITERAL.match(left) and read.fullmatch(right))
    )


def portable_values(node: SgNode, names: Iterable[str], family: str) -> tuple[tuple[str, str], ...]:
    """Of ``names`` (top-level variables of ``node``'s file), those bound once, never changed
    after, to a literal or an environment read (``SITE_URL = os.environ.get("SITE_URL")``,
    ``const siteUrl = process.env.SITE_URL ?? "http://localhost"``) or a comparison of one with
    a literal (``isDev = process.env.NODE_ENV === "development"``, in parentheses), with that
    value: a call
    from another file can write the value itself where it cannot name the variable (a Python
    suggestion then imports ``os``: ``migrate/scan/suggest.py``)."""
    wanted = set(names)
    pattern = _PORTABLE.get(family)
    if not wanted or pattern is None:
        return ()
    text = node.get_root().root().text()
    out: list[tuple[str, str]] = []
    for name in sorted(wanted):
        word = re.escape(name)
        binds = re.findall(
            rf"^[ \t]*(?:export\s+)?(?:(?:const|let|var|val|private\s+val|internal\s+val)\s+)?"
            rf"{word}\s*(?::[^=\n]+)?(?::)?=\s*(.+?)\s*;?\s*$",
            text,
            re.M,
        )
        changed = re.search(rf"\bglobal\s+[^\n]*\b{word}\b|\b{word}\s*(?:[-+*/]=|\+\+|--)", text)
        loose = family != "go" and re.search(rf"\b(?:let|var)\s+{word}\b", text)  # may change
        if len(binds) != 1 or changed is not None or loose:
            continue
        value = binds[0]
        if _LITERAL.match(value) or pattern.fullmatch(value):
            out.append((name, value))
        elif _compared(value, pattern):  # isDev = process.env.NODE_ENV === "development"
            out.append((name, f"({value})"))
    return tuple(out)


def seen_alike(family: str, path: str, other: str) -> bool:
    """Whether a call in ``path`` sees the top-level variables of the file ``other`` by name:
    Go's in the same folder (package); Kotlin's, Python's and JavaScript's in the same file."""
    if family == "go":
        return PurePath(path).parent == PurePath(other).parent
    return path == other


def imported(name: str, text: str) -> bool:
    """Whether a Python or JavaScript file's text imports ``name`` (``from m import a, name``,
    ``import { name } from "./m"``): the caller reads the wrapper module's own variable."""
    return (
        re.search(rf"^[ \t]*(?:from\s+\S+\s+)?import\b[^;\n]*\b{re.escape(name)}\b", text, re.M)
        is not None
    )


__all__ = ["imported", "module_vars", "portable_values", "seen_alike"]
