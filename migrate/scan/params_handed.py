"""The params handed to a function that may change them before the call (RT059).

Read in a Laravel shop: ``$promotionService->applyPromotionCodeToSession($sessionParams,
$code)`` (its parameter taken by reference, ``array &$sessionParams``) adds ``discounts``
between the array's literal and ``Session::create($sessionParams)``. The translation read the
literal only: the Dodo call had no discount code and nothing said so, so a buyer who entered a
promotion code in the shop paid full price. The same holds for a Python or JavaScript helper
that sets a key on the dict or object it is given (``apply_discount(params, code)``).

A call before the creation, in the function around it, that takes the params' variable whole
as an argument and whose result is not used (a call made for what it does to its arguments) is
reported: a blocker when what it may set decides what the buyer pays (a helper of the file
whose body names a discount, a coupon, the cart, a trial, shipping, the currency or an amount;
for another file's, its name), a warning otherwise. Calls that only read (a logger, a print, a
validation) are not.
"""

from __future__ import annotations

import re
from typing import Final

from ast_grep_py import SgNode

from migrate.findings import Finding, Level
from migrate.mapping.trace import short
from migrate.scan.nodes import find_kind
from migrate.scan.site import related_finding

HANDED: Final = "RT059"
_READERS: Final = re.compile(
    r"(?i)^(?:log\w*|debug|info|warn\w*|error|trace|print\w*|puts|pp|p|dd|dump|var_dump|"
    r"var_export|assert\w*|expect|validate\w*|check\w*|verify\w*|inspect|json_encode|"
    r"serialize|count|len|isset|empty|is_array|sizeof|str|repr|format)$"
)
"""The last name of a call that reads what it is given (a logger, a check, an encoding)."""
_FOLLOWED: Final = frozenset({"Object.assign"})
"""Calls that change the params the flow reader follows (``migrate/scan/follow.py``)."""
_MONEY: Final = re.compile(
    r"(?i)discount|promo|coupon|line_?items|allow_promotion|trial|shipping|currency|amount|"
    r"price|tax|fee|cart"
)
"""What a helper that sets it changes what the buyer pays."""
_STATEMENTS: Final = frozenset(
    {"expression_statement", "body_statement", "then", "else", "do", "block_body", "begin"}
)
"""The nodes a call made for what it does sits in directly (a statement of its own)."""
_THROUGH: Final = frozenset({"await_expression", "await", "parenthesized_expression"})


def handed_findings(
    call: SgNode, functions: frozenset[str], calls: tuple[str, ...]
) -> tuple[Finding, ...]:
    """RT059 for each call before ``call`` (a creation) in its function that takes its params'
    variable whole and whose result is not used (``calls``: the language's kinds of call)."""
    names = _params_names(call)
    fn = next((a for a in call.ancestors() if a.kind() in functions), None)
    if not names or fn is None:
        return ()
    start = call.range().start.index
    text = fn.text()[: start - fn.range().start.index]
    names = [n for n in names if _built(n, text)]  # a params object made here, not an id
    if not any(re.search(rf"(?<![\w$]){re.escape(n)}\s*[,)]", text) for n in names):
        return ()  # the variable is never an argument: nothing to look at
    out: list[Finding] = []
    for kind in calls:
        for other in find_kind(fn, kind):
            if other.range().start.index >= start or not _alone(other):
                continue
            args = other.field("arguments")
            if args is None:
                continue
            given = [_bare(a.text()) for a in args.named_children()]
            name = next((n for n in names if n in given), None)
            callee = other.text()[: args.range().start.index - other.range().start.index]
            last = re.split(r"\.|->|::|\?\.", callee.strip())[-1].strip()
            if name is None or not last or _READERS.match(last) or callee.strip() in _FOLLOWED:
                continue
            body = _declared(fn.get_root().root(), last, functions)
            money = _MONEY.search(body if body is not None else last) is not None
            finding = related_finding(
                HANDED,
                name=name,
                callee=short(callee.strip()),
                sets="what decides what the buyer pays" if money else "what the params hold",
            )
            level = Level.BLOCKER if money else Level.WARNING
            out.append(finding._replace(level=level))
    return tuple(out)


def _params_names(call: SgNode) -> list[str]:
    """The variables a creation takes its params from whole (``$sessionParams``, ``params``,
    Python's ``**params`` or ``params=params``)."""
    args = call.field("arguments")
    if args is None:
        return []
    names = []
    for arg in args.named_children():
        value: SgNode | None = arg
        if arg.kind() == "keyword_argument":  # StripeClient's params=params; no other keyword
            key = arg.field("name")
            value = arg.field("value") if key is not None and key.text() == "params" else None
        if value is None:
            continue
        bare = _bare(value.text())
        if re.fullmatch(r"\$?[A-Za-z_]\w*", bare):
            names.append(bare)
    return names


_MADE: Final = (
    r"[ \t]*(?::[^=\n]*)?(?::=|=)[ \t]*&?[ \t]*(?:\{|\[|new\b|array[ \t]*\(|dict[ \t]*\("
    r"|[\w.:\\]+[ \t]*\{|[\w.]*[Bb]uilder[ \t]*\()"
)
"""A binding that makes a params object (a dict, an array, a struct, a builder)."""


def _built(name: str, text: str) -> bool:
    """Whether ``text`` (the function up to the call) binds ``name`` to a params object it
    makes (``$sessionParams = [``, ``params := &stripe.CheckoutSessionParams{``, ``const
    params: X = {``), not to an id or a value given to it."""
    return re.search(rf"(?<![\w$.>]){re.escape(name)}{_MADE}", text) is not None


def _bare(text: str) -> str:
    """An argument's name without a spread or a reference (``**params``, ``&params``, C#'s
    ``ref options``)."""
    return text.strip().lstrip("*.&").removeprefix("ref ").strip()


def _alone(call: SgNode) -> bool:
    """Whether ``call`` is a statement of its own (its result not used)."""
    parent = call.parent()
    while parent is not None and parent.kind() in _THROUGH:
        parent = parent.parent()
    return parent is not None and parent.kind() in _STATEMENTS


def _declared(root: SgNode, name: str, functions: frozenset[str]) -> str | None:
    """The text of the file's function or method named ``name``, if it has one."""
    for kind in functions:
        for fn in find_kind(root, kind):
            found = fn.field("name")
            if found is not None and found.text() == name:
                return fn.text()
    return None
