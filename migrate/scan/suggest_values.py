"""Values as code in a scanned file's language, for the suggested Dodo call (suggest.py).

A literal is written in the language's own syntax; a run-time value (an ``Expr``:
``migrate/mapping/expr.py``) as the expression that computes it, through what the Dodo field does
to it (``op``): upper-cased, made text, looked up in the id map (the functions of
:data:`LOOKUPS`, which ``stripe2dodo`` generates from the ledger), or a URL without Stripe's
``{CHECKOUT_SESSION_ID}``. A choice is the language's conditional expression, an each its map
over the collection (a Go loop building a slice), a field the element's field (``item["price"]``,
``item.price``, ``item.getPrice()``...), a concat the language's list built of parts (spreads
of the mapped lists and of ``[element]``-or-``[]`` choices beside literal elements). A required
value the Stripe call does not give is a name defined nowhere (``TODO_product_price``), so the
code cannot compile or run silently.

This module holds what every language shares; suggest_langs.py has one :class:`Code` per family.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from typing import Any, ClassVar, Final, Literal

from migrate.codegen.amounts import NAMES as AMOUNT_NAMES
from migrate.mapping.currency_lines import CURRENCY_OP
from migrate.mapping.expr import Expr, as_list, map_leaves, optional
from migrate.mapping.url_templates import without_session_template
from migrate.scan.retry_values import closes_at_end
from migrate.scan.text_loops import is_text, number_of_text, text_names

LOOKUPS: Final[dict[str, dict[str, str]]] = {
    "python": {
        "product_id": "dodo_product_id",
        "customer_id": "dodo_customer_id",
        "discount_code": "dodo_discount_code",
        "subscription_id": "dodo_subscription_id",
        "whole_amount": AMOUNT_NAMES["python"],
    },
    "node": {
        "product_id": "dodoProductId",
        "customer_id": "dodoCustomerId",
        "discount_code": "dodoDiscountCode",
        "subscription_id": "dodoSubscriptionId",
        "whole_amount": AMOUNT_NAMES["node"],
    },
    "ruby": {
        "product_id": "DodoIds.product_id",
        "customer_id": "DodoIds.customer_id",
        "discount_code": "DodoIds.discount_code",
        "subscription_id": "DodoIds.subscription_id",
        "whole_amount": AMOUNT_NAMES["ruby"],
    },
    "php": {
        "product_id": "\\DodoIds::productId",
        "customer_id": "\\DodoIds::customerId",
        "discount_code": "\\DodoIds::discountCode",
        "subscription_id": "\\DodoIds::subscriptionId",
        "whole_amount": AMOUNT_NAMES["php"],
    },
    "go": {
        "product_id": "dodoids.ProductID",
        "customer_id": "dodoids.CustomerID",
        "discount_code": "dodoids.DiscountCode",
        "subscription_id": "dodoids.SubscriptionID",
        "whole_amount": AMOUNT_NAMES["go"],
    },
    "java": {
        "product_id": "DodoIds.productId",
        "customer_id": "DodoIds.customerId",
        "discount_code": "DodoIds.discountCode",
        "subscription_id": "DodoIds.subscriptionId",
        "whole_amount": AMOUNT_NAMES["java"],
    },
    "kotlin": {
        "product_id": "DodoIds.productId",
        "customer_id": "DodoIds.customerId",
        "discount_code": "DodoIds.discountCode",
        "subscription_id": "DodoIds.subscriptionId",
        "whole_amount": AMOUNT_NAMES["kotlin"],
    },
    "csharp": {
        "product_id": "DodoIds.ProductId",
        "customer_id": "DodoIds.CustomerId",
        "discount_code": "DodoIds.DiscountCode",
        "subscription_id": "DodoIds.SubscriptionId",
        "whole_amount": AMOUNT_NAMES["csharp"],
    },
    "shell": {
        "product_id": "dodo_product_id",
        "customer_id": "dodo_customer_id",
        "discount_code": "dodo_discount_code",
        "subscription_id": "dodo_subscription_id",
        "whole_amount": AMOUNT_NAMES["shell"],
    },
}
"""The id-map look-ups a suggestion calls (a Stripe id -> its Dodo id; each fails loudly on an
unknown id), per family, and the whole-amount conversion beside them; the module that defines
them is generated from the ledger (migrate/codegen/)."""

LOOKUP_OPS: Final = (
    "product_id",
    "customer_id",
    "discount_code",
    "subscription_id",
    "whole_amount",
)
"""The ops that call a function of the generated id module (:data:`LOOKUPS`): the look-ups of a
Stripe id, and the conversion of a decimal amount to whole minor units."""
STRIPE_PRICE_IDS: Final = ("price_", "plan_", "sku_")
"""A literal branch of a choice is the Dodo value already (the translator inlines the product ids
the id map holds, or a placeholder); one that still is a Stripe price, plan or SKU id, which no
Dodo product id is, goes through the look-up too, so no Stripe id reaches Dodo as a product id."""

_PRIMARY: Final = re.compile(
    r"^\$?[A-Za-z_][A-Za-z0-9_$]*(?:(?:\.|->|::|\?\.|&\.)\$?[A-Za-z_][A-Za-z0-9_$]*[?!]?)*$"
)
"""A name, or a chain of member accesses, once the brackets and strings in it are left out."""
_OPEN: Final = {"(": ")", "[": "]", "{": "}"}
IS_SET: Final = re.compile(r"^(?P<what>.+?)\s+is set$", re.DOTALL)
NOT_NULL: Final = re.compile(r"^(?P<what>.+?)\s+is not null$", re.DOTALL)
"""``<operand> is not null``: JavaScript's ``a ?? b`` (0, "" and false are set there)."""
LINE_BREAK: Final = re.compile(r"[ \t]*(?:\r\n|\r|\n)\s*")


def made_text(code: str, calls: tuple[str, ...], methods: tuple[str, ...]) -> str | None:
    """The number ``code`` made text from, when it is exactly one of ``calls`` on it (its first
    argument: ``Convert.ToString(n, culture)``, ``strconv.FormatInt(n, 10)``) or one of
    ``methods`` called on a name or chain (``order.Total.ToString()``, ``qty.to_s``); None
    otherwise. A form value is text in the code: the Dodo field takes the number."""
    code = code.strip()
    for method in methods:
        if code.endswith(method) and atomic(code[: -len(method)]):
            return code[: -len(method)]
    for name in calls:
        if not (code.startswith(name + "(") and code.endswith(")")):
            continue
        args = top_level_parts(code[len(name) + 1 : -1], ",")
        if args is None:
            return None  # `f(a) + g(b)`: not one call
        return args[0].strip() or None
    return None


def top_level_parts(text: str, separator: str) -> list[str] | None:
    """``text`` cut at each ``separator`` outside brackets and string literals (as written in
    any of the scanned languages); None when a bracket closes one ``text`` did not open."""
    parts, depth, quote, start = [], 0, "", 0
    for at, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'`":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth < 0:
                return None
        elif ch == separator and depth == 0:
            parts.append(text[start:at])
            start = at + 1
    parts.append(text[start:])
    return parts


def atomic(source: str) -> bool:
    """``source`` needs no parentheses as an operand: a name, a string, or a chain of member
    accesses, calls and indexes (``os.environ.get("PRICE")``, ``$cart['items']``). Brackets and
    string literals are skipped, as written in any of the scanned languages."""
    rest: list[str] = []
    closing: list[str] = []
    quote = ""
    i = 0
    while i < len(source):
        c = source[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = ""
        elif c in "\"'`":
            quote = c
            if not closing:
                rest.append("s")  # a string stands as a name
        elif c in _OPEN:
            closing.append(_OPEN[c])
        elif closing:
            if c == closing[-1]:
                closing.pop()
            elif c in ")]}":
                return False
        elif c in ")]}":
            return False
        else:
            rest.append(c)
        i += 1
    text = "".join(rest)
    return not quote and not closing and bool(_PRIMARY.match(text))


def lookups_used(value: Any) -> list[str]:
    """The look-up ops (``product_id``, ``customer_id``, ``discount_code``) that rendering
    ``value`` calls, in a fixed order."""
    found: set[str] = set()

    def walk(node: Any, op: str) -> None:
        if type(node) is Expr:
            if node.missing:
                return
            own = node.op or op
            if node.form == "choice":
                walk(node.then, own)
                walk(node.else_, own)
            elif node.form == "each":
                walk(node.item, own)
            elif node.form in ("concat", "merge"):
                for part in node.parts:
                    walk(part, "")
            elif own in LOOKUP_OPS:
                found.add(own)
            elif own == CURRENCY_OP:
                found.add("product_id")
        elif type(node) is dict:
            for item in node.values():
                walk(item, "")
        elif type(node) is list:
            for item in node:
                walk(item, "")
        elif type(node) is str and op == "product_id" and node.startswith(STRIPE_PRICE_IDS):
            found.add(op)

    walk(value, "")
    return [op for op in LOOKUP_OPS if op in found]


def ops_used(value: Any) -> set[str]:
    """Every op applied to code (not to a literal) in ``value``: what the code needs imported
    (``strings`` in Go for ``upper``)."""
    found: set[str] = set()

    def walk(node: Any, op: str) -> None:
        if type(node) is Expr:
            own = node.op or op
            if node.form == "choice":
                walk(node.then, own)
                walk(node.else_, own)
            elif node.form == "each":
                walk(node.item, own)
            elif node.form in ("concat", "merge"):
                for part in node.parts:
                    walk(part, "")
            elif not node.missing and own:
                found.add(own)
        elif type(node) is dict:
            for item in node.values():
                walk(item, "")
        elif type(node) is list:
            for item in node:
                walk(item, "")

    walk(value, "")
    return found


_PURE_CONDITION: Final = re.compile(r"""[\w.\s!?=<>&|'"$@\[\]:()-]+""")
_CALL: Final = re.compile(r"[\w\])]\s*\(")
"""A call in a condition (a parenthesis after a name): not without effects."""
"""A condition with no call or other effect: names (PHP's ``$name``, Ruby's ``@name``), fields,
keys, literals, comparisons, optional chaining and ``??`` (``body?.email``) and boolean
operators (evaluating it again gives the same answer),
unless it assigns (:data:`_ASSIGNMENT`)."""
_ASSIGNMENT: Final = re.compile(r"(?<![=!<>])=(?!=)")


def decided(branch: Any, cond: str, holds: bool, written: Callable[[str], str]) -> Any:
    """A branch of a choice on ``cond`` (as written in code), with the choices inside it whose
    condition is written the same decided: within the branch the condition is known to hold
    (or not). Two fields chosen on one condition (``customer`` and ``customer_email`` on
    ``customerId``) nest one choice in the other; without this the code would test the
    condition again where its answer is known (``c ? a : c ? null : b``). Only for a condition
    without effects."""
    key = " ".join(cond.split())
    if not pure_condition(key):
        return branch
    return _decided(branch, key, holds, written, 0)


def pure_condition(key: str) -> bool:
    """Whether a condition (as written, spaces collapsed) reads without effects."""
    return (
        bool(_PURE_CONDITION.fullmatch(key))
        and not _ASSIGNMENT.search(key)
        and not _CALL.search(key)
    )


_NESTING: Final = 8


def _decided(branch: Any, key: str, holds: bool, written: Callable[[str], str], depth: int) -> Any:
    """``branch`` with every choice on ``key`` inside it decided, however deep (the metadata
    of two objects chosen on one condition nests it under another: ``r ? a : d ? b : r ? c :
    ""`` is ``r ? a : d ? b : ""``)."""
    while (
        type(branch) is Expr
        and branch.form == "choice"
        and " ".join(written(branch.cond).split()) == key
    ):
        branch = branch.then if holds else branch.else_
    if type(branch) is not Expr or branch.form != "choice" or depth >= _NESTING:
        return branch
    then = _decided(branch.then, key, holds, written, depth + 1)
    else_ = _decided(branch.else_, key, holds, written, depth + 1)
    if then is branch.then and else_ is branch.else_:
        return branch
    return dataclasses.replace(branch, then=then, else_=else_)


def text_of(value: Any) -> str:
    """A literal as the text Dodo's metadata holds (JSON's spelling of true, false, null)."""
    if type(value) is str:
        return value
    return json.dumps(value, ensure_ascii=False)


def with_op(branch: Any, outer: Expr, code: Code) -> Any:
    """A branch (or each element) with the op and type of the expression holding it: an
    ``Expr`` takes them unless it has its own (an each's ``list`` type is its own). A literal is
    the Dodo value already (the translator's word); the transforms here leave such a value as it
    is (upper-case stays upper-case, a URL without the template stays so) and only catch one that
    is not: a Stripe price id becomes a look-up of itself."""
    if type(branch) is Expr:
        if branch.missing:
            return branch
        changed = branch
        if outer.op and not changed.op:
            changed = changed.with_op(outer.op)
        if outer.type and outer.type != "list" and not changed.type:
            changed = changed.typed(outer.type)
        return changed
    if type(branch) in (dict, list) or not outer.op:
        return branch
    if outer.op == "upper" and type(branch) is str:
        return branch.upper()
    if outer.op == "str" and branch is not None:
        return text_of(branch)
    if outer.op == "return_url" and type(branch) is str:
        return without_session_template(branch) or branch
    if outer.op == "product_id" and type(branch) is str and branch.startswith(STRIPE_PRICE_IDS):
        return Expr(code.scalar(branch), outer.path, outer.op, outer.type or "str")
    return branch


_CASED: Final = re.compile(
    r"(?P<inner>.+?)\s*\.\s*(?:lower|toLowerCase|downcase|lowercase|ToLower|ToLowerInvariant"
    r"|upper|toUpperCase|upcase|uppercase|ToUpper|ToUpperInvariant)\s*(?:\(\s*\))?",
    re.S,
)
_CASED_CALL: Final = re.compile(
    r"(?:strtolower|strtoupper|strings\.To(?:Lower|Upper))\((?P<inner>[^()]*)\)"
)


def uncased(code: str) -> str:
    """``code`` without the change of case it ends with (``currency.toLowerCase()``, Ruby's
    ``currency.downcase``, PHP's ``strtolower($c)``, C#'s ``c.ToUpperInvariant()``): it is
    upper-cased for Dodo, and ``.toLowerCase().toUpperCase()`` or an upper-casing twice reads
    as a slip."""
    stripped = code.strip()
    found = _CASED.fullmatch(stripped) or _CASED_CALL.fullmatch(stripped)
    if found is None or found["inner"].rstrip().endswith("?"):  # Kotlin's x?.lowercase(): kept
        return code
    return found["inner"]


class Code:
    """Values as code in one language (subclasses per family)."""

    family: ClassVar[str]
    text_vars: frozenset[str] = frozenset()
    """The loop variables in scope that hold a request's text (migrate/scan/text_loops.py)."""
    pad: ClassVar[str] = "    "

    def block(self, opening: str, closing: str, entries: list[str], depth: int) -> str:
        """``entries`` one a line between ``opening`` and ``closing``, each indented one level
        below ``depth`` and ending in a comma (a literal map or list, a list of parts)."""
        pad, inner = self.pad * depth, self.pad * (depth + 1)
        return opening + "\n" + "\n".join(f"{inner}{e}," for e in entries) + f"\n{pad}{closing}"

    def branch_depths(self, depth: int) -> tuple[int, int]:
        """The depths a choice's two values are written at: where :meth:`choice` puts them (an
        expression's own depth, where the language has a conditional expression)."""
        return depth, depth

    def value(self, value: Any, depth: int = 0) -> str:
        """``value`` (a literal, a dict or list holding expressions, or an ``Expr``) as code."""
        if type(value) is Expr:
            return self.expr(value, depth)
        if type(value) is dict:
            return self.mapping(value, depth)
        if type(value) is list:
            return self.sequence(value, depth)
        return self.scalar(value)

    def expr(self, expr: Expr, depth: int = 0) -> str:
        if expr.missing:
            return f"TODO_{expr.missing}"
        if expr.form == "choice":
            cond = self.condition(expr.cond)
            then = decided(expr.then, cond, True, self.condition)
            else_ = decided(expr.else_, cond, False, self.condition)
            then, else_ = with_op(then, expr, self), with_op(else_, expr, self)
            yes, no = self.value(then, depth), self.value(else_, depth)
            if yes == no and pure_condition(" ".join(cond.split())):
                return yes  # either way the same value: no test to write
            at_yes, at_no = self.branch_depths(depth)
            if at_yes != depth:  # a language whose choice is a block: each at its own depth
                yes, no = self.value(then, at_yes), self.value(else_, at_no)
            return self.choice(cond, yes, no, depth)
        if expr.form == "each":
            outside = self.text_vars  # names a loop over a request's form binds to text
            self.text_vars = outside | text_names(self.family, expr.over, expr.var)
            try:
                return self.each(
                    self.collection(expr.over), self.variable(expr.var), expr.item, expr, depth
                )
            finally:
                self.text_vars = outside
        if expr.form == "field":
            return self.op(expr, self.field(self.variable(expr.var), expr.key, expr.default))
        if expr.form == "concat":
            kinds = [part_kind(part) for part in expr.parts]
            return self.concat(
                [
                    (kind, self.value(part if kind == "one" else as_list(part), depth + 1))
                    for kind, part in zip(kinds, expr.parts, strict=True)
                ],
                expr,
                depth,
            )
        if expr.form == "merge":
            return self.merge(list(expr.parts), depth)
        source = expr.source
        if expr.op == "return_url":
            source = without_session_template(source) or source
        return self.op(expr, self.code(source))

    def code(self, source: str) -> str:
        return source

    def merge(self, parts: list[Any], depth: int) -> str:
        """A metadata object made of ``parts`` (``Expr.merge``: objects known only at run time,
        and dicts of keys), a later part's keys winning."""
        raise NotImplementedError(self.family)

    def optional_entries(self, part: Any, depth: int) -> str | None:
        """A part of a merge that is a choice between objects written in the code (a metadata
        key present only when its value is set: migrate/scan/suggest_unset.py), as the
        language's conditional expression, each object of one short entry on one line; None
        for any other part."""
        if type(part) is not Expr or part.form != "choice":
            return None
        if not all(type(leaf) is dict for leaf in part.leaves()):
            return None

        def inline(leaf: dict[str, Any]) -> Any:
            if len(leaf) != 1:
                return leaf
            ((key, value),) = leaf.items()
            code = self.value(value, depth + 1)
            if "\n" in code:
                return leaf
            return Expr(self.inline_map(key, code), part.path)

        return self.value(map_leaves(part, inline), depth)

    def keyed_choice(self, part: Any) -> tuple[str, Any, Any] | None:
        """A part of a merge that is a choice between objects written in the code (a metadata
        key present only when its value is set: migrate/scan/suggest_unset.py): its condition
        as code and its two branches, each with the choices inside it on the same condition
        decided; None for any other part (the HTTP families write it as a conditional put)."""
        if type(part) is not Expr or part.form != "choice":
            return None
        if not all(type(leaf) is dict for leaf in part.leaves()):
            return None
        cond = self.condition(part.cond)
        then = decided(part.then, cond, True, self.condition)
        return cond, then, decided(part.else_, cond, False, self.condition)

    def inline_map(self, key: str, code: str) -> str:
        """A literal map of one entry on one line."""
        opening, closing, _ = self.map_brackets
        return f"{opening}{self.entry_key(key)}{code}{closing}"

    def whole(self, part: Any, depth: int) -> str:
        """An object part of a merge as code (a plain expression as written)."""
        if type(part) is Expr and part.form == "code" and not part.missing:
            return self.operand(self.code(part.source))
        return self.operand(self.value(part, depth))

    def collection(self, source: str) -> str:
        return self.operand(source)

    def variable(self, name: str) -> str:
        return name

    def operand(self, source: str) -> str:
        """``source`` ready for a method call or an operator: parenthesised unless a name (or
        in parentheses already: ``(a + b)``, whose first one closes at its end)."""
        source = source.strip()
        wrapped = source.startswith("(") and source.endswith(")") and atomic(f"x{source}")
        return source if atomic(source) or wrapped else f"({source})"

    def op(self, expr: Expr, code: str) -> str:
        if expr.op == CURRENCY_OP:
            key = self.currency_key(expr.key, uncased(code))
            return f"{LOOKUPS[self.family]['product_id']}({key})"
        if expr.op in LOOKUP_OPS:
            return f"{LOOKUPS[self.family][expr.op]}({code})"
        if expr.op == "upper":
            return self.upper(uncased(code))
        if expr.op == "str":
            return self.text(code)
        if expr.op == "trial_days":
            return self.trial_days(self.number(code))
        if expr.type == "int" and expr.form == "code":
            if is_text(code, self.text_vars):
                return number_of_text(self.family, code)  # a form's "2": Dodo takes 2
            return self.number(code)
        return code

    def number(self, code: str) -> str:
        """``code`` for a Dodo field that takes a number: an expression that is visibly text
        (a form value written ``String(n)``, a template) is made a number again where the
        language's types would refuse it; other code is kept as written."""
        return code

    def condition(self, cond: str) -> str:
        """A choice's condition; ``<operand> is set`` (from ``a || b``, ``a or b``) is the
        language's test that the operand is set, ``<operand> is not null`` (``a ?? b``) its test
        that it is not null."""
        cond = LINE_BREAK.sub(" ", cond.strip())
        m = NOT_NULL.match(cond)
        if m:
            return self.not_null(m["what"])
        m = IS_SET.match(cond)
        if m:
            return self.is_set(m["what"])
        return self.operand(cond)

    def not_null(self, what: str) -> str:
        return self.is_set(what)

    def each_item(self, item: Any, outer: Expr, depth: int) -> str:
        return self.value(with_op(item, outer, self), depth)

    # -- per language -----------------------------------------------------------------------

    def scalar(self, value: Any) -> str:
        raise NotImplementedError

    map_brackets: ClassVar[tuple[str, str, str]] = ("{", "}", "{}")
    """A literal map's opening, closing, and whole empty literal."""
    list_brackets: ClassVar[tuple[str, str, str]] = ("[", "]", "[]")
    """A literal list's opening, closing, and whole empty literal."""

    def entry_key(self, key: str) -> str:
        """A map entry's key and separator (``"k": ``)."""
        return f"{json.dumps(key, ensure_ascii=False)}: "

    def mapping(self, value: dict[str, Any], depth: int) -> str:
        opening, closing, empty = self.map_brackets
        if not value:
            return empty
        entries = [f"{self.entry_key(str(k))}{self.value(v, depth + 1)}" for k, v in value.items()]
        return self.block(opening, closing, entries, depth)

    def sequence(self, value: list[Any], depth: int) -> str:
        opening, closing, empty = self.list_brackets
        if not value:
            return empty
        return self.block(opening, closing, [self.value(v, depth + 1) for v in value], depth)

    def choice(self, cond: str, then: str, else_: str, depth: int) -> str:
        raise NotImplementedError

    def each(self, over: str, var: str, item: Any, outer: Expr, depth: int) -> str:
        raise NotImplementedError

    def field(self, var: str, key: str, default: Any) -> str:
        raise NotImplementedError

    def concat(self, parts: list[tuple[Part, str]], outer: Expr, depth: int) -> str:
        """A list built of ``parts``, each its :func:`part_kind` and its code: ``one`` the
        element, ``each`` the mapped list, ``optional`` a choice between ``[element]`` and
        ``[]`` (:func:`~migrate.mapping.expr.as_list`)."""
        raise NotImplementedError

    def upper(self, code: str) -> str:
        raise NotImplementedError

    def currency_key(self, key: str, code: str) -> str:
        """The id map's key of the product of currency key ``key`` in the currency ``code``
        computes, ``<key>.<CURRENCY>`` (migrate/mapping/currency_lines.py)."""
        return f"{self.scalar(key + '.')} + {self.upper_text(code)}"

    def upper_text(self, code: str) -> str:
        """``code`` (text) upper-cased, as plain text (:meth:`upper` is a Dodo currency)."""
        return self.upper(code)

    def text(self, code: str) -> str:
        raise NotImplementedError

    def trial_days(self, code: str) -> str:
        """The whole days from now until the Unix time ``code`` computes, rounded up and never
        below 0: a trial's end (Stripe's ``trial_end``) as Dodo's ``trial_period_days``."""
        raise NotImplementedError(self.family)

    def is_set(self, what: str) -> str:
        return self.operand(what)


Part = Literal["one", "each", "optional"]


def part_kind(part: Any) -> Part:
    """What a part of a concat adds: one element, a mapped list, or an optional element."""
    if type(part) is Expr and part.form == "each":
        return "each"
    return "optional" if optional(part) else "one"


def camel(key: str, first_upper: bool) -> str:
    parts = [p for p in key.split("_") if p]
    out = "".join(p[:1].upper() + p[1:] for p in parts)
    return out if first_upper else out[:1].lower() + out[1:]


def called_with(name: str, code: str) -> str | None:
    """The argument of ``name(argument)`` when ``code`` is exactly that one call."""
    code = code.strip()
    if not (code.startswith(name + "(") and code.endswith(")")):
        return None
    if not closes_at_end(code[len(name) :]):
        return None  # the parentheses close before the end: `String(a) + f(b)`
    return code[len(name) + 1 : -1].strip() or None
