"""A return URL a helper of the same file returns with a Stripe template (C003).

``success_url=build_success_url()`` where ``def build_success_url(): return
f"{os.environ['DOMAIN']}/done?session_id={{CHECKOUT_SESSION_ID}}"``: the call shows a call, so
the translator sees no template, and the Dodo call carried the URL the helper returns with the
placeholder, which Dodo does not fill in, with no finding. A literal URL gets its template
removed (C003); a URL a helper returns gets C003 (a warning) naming the helper, as a local's
does (``migrate/scan/template_locals.py``): its return (or a local it returns, set in it) writes
the template. JavaScript's ``buildSuccessUrl()``, ``this.successUrl()``, PHP's
``$this->successUrl()``, Ruby's ``success_url`` (a method called without parentheses), Java's,
Kotlin's, C#'s and Go's functions and methods alike: a function or method of the file, found by
name (``migrate/scan/helper_reads.py``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.extract import file_cache, text
from migrate.scan.helper_reads import CALLED, DEFINITION_KINDS
from migrate.scan.nodes import find_kind
from migrate.scan.top_level import top_level_items

_RETURNS: Final = ("return_statement", "return_expression", "jump_expression")
_BARE: Final = re.compile(r"^(?:self\.)?(?P<name>[a-z_]\w*[?!]?)$")
"""A Ruby method called without parentheses (``success_url``, ``self.success_url``)."""


def helper_place(
    source: str,
    call: SgNode,
    family: str,
    templated: Callable[[str, str], bool],
    part: int | str | None = None,
) -> str | None:
    """The name of the helper of the file that a URL's ``source`` calls whose return writes
    the template (``templated(name, text)``: whether a binding of ``name`` in ``text`` does);
    None when there is none. ``part``: the URL is one element of what it returns (a tuple's
    by position, ``success, cancel = urls(ws)``; an object's by key, ``const { successUrl } =
    urls(ws)``), and only that element counts."""
    kinds = DEFINITION_KINDS.get(family)
    if kinds is None:
        return None
    names = [m.group("name") for m in CALLED.finditer(source)]
    bare = _BARE.match(source.strip()) if family == "ruby" else None
    if bare is not None:
        names.append(bare.group("name"))
    table = _functions(call.get_root().root(), family, kinds)
    for name in dict.fromkeys(names):
        for fn in table.get(name, ()):
            if _returns_template(fn, family, templated, part):
                return name
    return None


def _functions(root: SgNode, family: str, kinds: tuple[str, ...]) -> dict[str, list[SgNode]]:
    cache = file_cache(root)
    key = ("template-helpers", family)
    found: dict[str, list[SgNode]] | None = cache.get(key)
    if found is None:
        found = {}
        for kind in kinds:
            for node in find_kind(root, kind):
                value = node.field("value") if kind == "variable_declarator" else node
                if value is None or (
                    kind == "variable_declarator"
                    and value.kind() not in ("arrow_function", "function_expression")
                ):
                    continue
                name = text(node.field("name")) or next(
                    (c.text() for c in node.children() if c.kind() == "simple_identifier"), ""
                )
                if name:
                    found.setdefault(name, []).append(value)
        cache[key] = found
    return found


def _returns_template(
    fn: SgNode, family: str, templated: Callable[[str, str], bool], part: int | str | None = None
) -> bool:
    """Whether what ``fn`` returns writes the template: a returned expression holding it, or a
    name it returns that its body binds to one (Ruby's and an arrow's value too); of what it
    returns, only the element ``part`` (a position in a tuple, a key of an object) when given."""
    body = fn.field("body") or next(
        (c for c in fn.children() if c.kind() == "function_body"),
        None,  # Kotlin's
    )
    if body is None:
        return False
    values = [r.text() for kind in _RETURNS for r in find_kind(body, kind)]
    values = [v for v in values if not v.startswith(("break", "continue", "throw"))]
    named = [c for c in body.named_children() if c.kind() != "comment"]
    if named and (
        family == "ruby"  # its last expression
        or body.kind() in ("arrow_expression_clause", "expression_body")  # C#'s =>, PHP's fn
        or (body.kind() == "function_body" and text(body.child(0)) == "=")  # Kotlin's = expr
        or (fn.kind() == "arrow_function" and body.kind() != "statement_block")
    ):
        values.append(named[-1].text())
    if part is not None:  # the one element the URL takes of each return
        values = [_element(_RETURNED.sub("", v).strip().rstrip(";"), part) or "" for v in values]
    for value in values:
        if _TEMPLATE.search(value):
            return True
        returned = _RETURNED.sub("", value).strip().rstrip(";").strip()
        if _NAME.match(returned) and templated(returned, body.text()):
            return True
    return False


_TEMPLATE: Final = re.compile(r"\{CHECKOUT_SESSION_ID\}|%7BCHECKOUT_SESSION_ID%7D", re.I)
_RETURNED: Final = re.compile(r"^\s*return\b")
_NAME: Final = re.compile(r"^[$@]?[A-Za-z_]\w*$")


def _element(value: str, part: int | str) -> str | None:
    """The element ``part`` of a returned tuple or list (by position: ``(a, b)``, ``a, b``,
    ``[a, b]``) or object (by key: ``{ successUrl: a }``, ``{ successUrl }``, ``{"k": a}``)."""
    text = value.strip()
    if type(part) is int:
        if text[:1] in "([":
            text = text[1:-1] if text[-1:] in ")]" else text[1:]
        elements = top_level_items(text)
        return elements[part] if part < len(elements) else None
    if not text.startswith("{"):
        return None
    for element in top_level_items(text[1:-1] if text.endswith("}") else text[1:]):
        key, colon, rest = element.partition(":")
        if key.strip().strip("\"'") == part:
            return rest.strip() if colon else key.strip()
    return None
