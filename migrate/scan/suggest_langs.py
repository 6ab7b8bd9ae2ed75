"""Each language's syntax for the values of a suggested Dodo call (see suggest_values.py): one
:class:`~migrate.scan.suggest_values.Code` per family (Java, Kotlin, shell: suggest_json.py)."""

from __future__ import annotations

import ast
import dataclasses
import json
import re
from typing import Any, Final

from migrate.mapping.expr import Expr, leaves, map_leaves, optional
from migrate.scan.request_texts import JS_REQUEST_TEXT, PY_REQUEST_TEXT
from migrate.scan.suggest_go import Go
from migrate.scan.suggest_json import (
    Java,
    Kotlin,
    Shell,
    java_json,
    kotlin_json,
    kotlin_string,
    shell_json,
)
from migrate.scan.suggest_php import Php
from migrate.scan.suggest_values import (
    Code,
    Part,
    atomic,
    camel,
    made_text,
    top_level_parts,
)
from migrate.scan.suggest_values import (
    called_with as _called,
)
from migrate.scan.trial_ends import js_trial_days, python_trial_days

_JS_NAME: Final = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
_ITERATOR: Final = re.compile(r"\.(?:entries|keys|values)\(\s*\)$")
"""An iterator (``m.values()``) has no ``map`` before ES2025: the cart maps ``Array.from(it)``."""

_SHELL_VARIABLE: Final = re.compile(r"^\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})$")


def _operand(source: str) -> str:
    """``source`` as the operand of a Python ``**`` in a dict display, which takes no ``or``,
    conditional or comparison (``{**metadata or {}}`` does not parse): in parentheses unless
    it is a name, a literal or a chain of member accesses, calls and indexes."""
    return source if atomic(source) or _wrapped(source) else f"({source})"


def _ruby_text(code: str) -> bool:
    """Whether the Ruby ``code`` is already text: ``.to_s`` called on a name or chain
    (``qty.to_s``) or on a parenthesized expression (``(a + b).to_s``), maybe in parentheses."""
    code = code.strip()
    while _wrapped(code):
        code = code[1:-1].strip()
    head = code.removesuffix(".to_s").strip()
    return head != code and (atomic(head) or _wrapped(head))


def _wrapped(code: str) -> bool:
    """Whether ``code`` is one parenthesized expression: its first ``(`` closes at its end."""
    if not (code.startswith("(") and code.endswith(")")):
        return False
    return atomic(f"x{code}")  # a call of a name on it: its parentheses balance


def _dict_display(source: str) -> list[tuple[str, str]] | None:
    """The ``(key, value)`` source texts of a Python dict display (``{k: v, ...}`` without
    ``**`` spreads); None for any other expression."""
    try:
        tree = ast.parse(source.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    if type(tree) is not ast.Dict or any(k is None for k in tree.keys):
        return None
    text = source.strip()
    out = []
    for key, value in zip(tree.keys, tree.values, strict=True):
        k, v = ast.get_source_segment(text, key), ast.get_source_segment(text, value)  # type: ignore[arg-type]
        if k is None or v is None:
            return None
        out.append((k, v))
    return out


def _is_str(source: str) -> bool:
    """Whether a Python expression is a string literal (already text)."""
    try:
        return type(ast.literal_eval(source)) is str
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False


class Python(Code):
    family = "python"

    def scalar(self, value: Any) -> str:
        if value is None or type(value) in (bool, int, float):
            return repr(value)
        return json.dumps(str(value), ensure_ascii=False)

    def expr(self, expr: Expr, depth: int = 0) -> str:
        if expr.form == "concat" and expr.path in PY_ELEMENTS:
            expr = self._typed_parts(expr, PY_ELEMENTS[expr.path], depth + 2)
        if expr.type == "metadata" and expr.form == "code" and not expr.missing:
            entries = _dict_display(expr.source)
            if entries is not None:  # {ref_key: account.id}: each value as text, as a key's
                pairs = [f"{k}: {v if _is_str(v) else self.text(v)}" for k, v in entries]
                return self.block("{", "}", pairs, depth) if pairs else "{}"
            # a new dict: the SDK's metadata values are wider than str
            return "{**" + _operand(super().expr(expr, depth)) + "}"
        return super().expr(expr, depth)

    def merge(self, parts: list[Any], depth: int) -> str:
        entries: list[str] = []
        for part in parts:
            if type(part) is dict:
                entries += [
                    f"{json.dumps(str(k), ensure_ascii=False)}: {self.value(v, depth + 1)}"
                    for k, v in part.items()
                ]
            else:
                code = self.optional_entries(part, depth + 1)
                code = self.whole(part, depth + 1) if code is None else code
                entries.append(f"**{_operand(code)}")
        return self.block("{", "}", entries, depth)

    def _typed_parts(self, expr: Expr, name: str, depth: int) -> Expr:
        """A concat whose spliced elements are written as the SDK's TypedDict (``name(...)``):
        mypy gives a list spliced into a list display no type context, so a plain dict there
        would be ``dict[str, object]``; the TypedDict call is checked key by key."""

        def typed(element: Any) -> Any:
            if type(element) is Expr and element.form == "each":  # a mapped list, under an if
                return dataclasses.replace(element, item=typed(element.item))
            if type(element) is not dict:
                return element
            return Expr(f"{name}({self.mapping(element, depth)})", expr.path)

        parts = []
        for part in expr.parts:
            if type(part) is Expr and part.form == "each":
                parts.append(dataclasses.replace(part, item=typed(part.item)))
            else:
                parts.append(map_leaves(part, typed) if optional(part) else part)
        return dataclasses.replace(expr, parts=tuple(parts))

    def choice(self, cond: str, then: str, else_: str, depth: int) -> str:
        # `X if b else Y if a else Z` is `X if b else (Y if a else Z)`: a conditional in the
        # first place must be in parentheses (extra ones around anything else are harmless)
        if " if " in then or then.lstrip().startswith("lambda"):
            then = f"({then})"
        return f"{then} if {cond} else {else_}"

    def each(self, over: str, var: str, item: Any, outer: Expr, depth: int) -> str:
        pad, inner = self.pad * depth, self.pad * (depth + 1)
        body = self.each_item(item, outer, depth + 1)
        return f"[\n{inner}{body}\n{inner}for {var} in {over}\n{pad}]"

    def concat(self, parts: list[tuple[Part, str]], outer: Expr, depth: int) -> str:
        star = {"one": "", "each": "*", "optional": "*"}
        entries = [
            f"{star[kind]}{f'({code})' if kind == 'optional' else code}" for kind, code in parts
        ]
        return self.block("[", "]", entries, depth)

    def field(self, var: str, key: str, default: Any) -> str:
        if default is None:
            return f"{var}[{json.dumps(key)}]"
        return f"{var}.get({json.dumps(key)}, {self.scalar(default)})"

    def upper(self, code: str) -> str:
        return f'cast("Currency", {self.operand(code)}.upper())'

    def upper_text(self, code: str) -> str:
        return f"{self.operand(code)}.upper()"

    def trial_days(self, code: str) -> str:
        return python_trial_days(code)

    def text(self, code: str) -> str:
        if _called("str", code) is not None or _PY_TEXT.fullmatch(code.strip()):
            return code
        return f"str({code})"

    def number(self, code: str) -> str:
        inner = _called("str", code)
        if inner is not None:
            return inner  # the number it was made text from (a form value)
        stripped = code.strip()
        if stripped[:1] in ('"', "'") or stripped[:2].lower() in ('f"', "f'"):
            return f"int({stripped})"
        if _text_sum(stripped, "str", ('"', "'", 'f"', "f'")):  # str(x) + "00": text too
            return f"int({stripped})"
        if PY_REQUEST_TEXT.fullmatch(stripped):  # request.form["qty"]: Stripe read "2"
            return f"int({stripped})"
        return code

    def not_null(self, what: str) -> str:
        # `x is not None` (a value that may be None: `d.get(k)`, an optional parameter)
        return f"{self.operand(what)} is not None"

    def condition(self, cond: str) -> str:
        # a conditional expression's test takes any expression but a lambda or another one
        out = super().condition(cond)
        inner = out[1:-1]
        if out.startswith("(") and " if " not in inner and "lambda" not in inner:
            return inner
        return out


PY_ELEMENTS: Final = {"line_items": "ProductItemReqParam"}
"""The SDK TypedDict of an element of the Dodo list a concat at a Stripe path becomes (Python:
:meth:`Python._typed_parts`)."""


NODE_SDK_LAGS: Final = {
    ("proration_billing_mode", "prorated_immediately_keep_cycle"): (
        "the Node SDK's types lack this mode; the API takes it (Python SDK 1.123.0)"
    ),
}
"""Values the API takes (the Python SDK lists them) that the npm ``dodopayments`` types do not
list yet: the Node call says so with ``@ts-expect-error``, which TypeScript reports as unused once
the types catch up."""


TS_ELEMENTS: Final = {
    "product_cart": "DodoPayments.ProductItemReq",
    "discount_codes": "string",
}
"""The SDK type of an element of the Dodo lists a run-time list is mapped into: a TypeScript
each declares it as the callback's return type, so tsc checks every element's fields."""


class Node(Code):
    family = "node"
    pad = "  "

    def not_null(self, what: str) -> str:
        return f"{self.operand(what)} != null"  # `a ?? b`: null and undefined only

    def __init__(self, typescript: bool = True) -> None:
        self.typescript = typescript
        self.element_type = ""
        """The SDK type the next mapped list's callback returns (:data:`TS_ELEMENTS`)."""

    def scalar(self, value: Any) -> str:
        if value is None or type(value) in (str, int, float, bool):
            return json.dumps(value, ensure_ascii=False)
        return json.dumps(str(value), ensure_ascii=False)

    def key(self, key: str) -> str:
        return key if _JS_NAME.match(key) else json.dumps(key, ensure_ascii=False)

    def mapping(self, value: dict[str, Any], depth: int) -> str:
        if not value:
            return "{}"
        pad, inner = self.pad * depth, self.pad * (depth + 1)
        items = []
        for k, v in value.items():
            lag = next(
                (
                    NODE_SDK_LAGS[(str(k), leaf)]
                    for leaf in leaves(v)
                    if type(leaf) is str and (str(k), leaf) in NODE_SDK_LAGS
                ),
                None,
            )
            if lag:
                items.append(f"{inner}// @ts-expect-error {lag}")
            typed = type(v) is Expr and v.form in ("each", "concat") and self.typescript
            self.element_type = TS_ELEMENTS.get(str(k), "") if typed else ""
            try:  # the list's own callbacks declare it, not a map in the collection's code
                code = self.value(v, depth + 1)
            finally:
                self.element_type = ""
            items.append(f"{inner}{self.key(str(k))}: {code},")
        return "{\n" + "\n".join(items) + f"\n{pad}}}"

    def merge(self, parts: list[Any], depth: int) -> str:
        entries: list[str] = []
        for part in parts:
            if type(part) is dict:
                entries += [
                    f"{self.key(str(k))}: {self.value(v, depth + 1)}" for k, v in part.items()
                ]
            else:
                code = self.optional_entries(part, depth + 1)
                code = self.whole(part, depth + 1) if code is None else f"({code})"
                entries.append(f"...{code}")
        return self.block("{", "}", entries, depth)

    def inline_map(self, key: str, code: str) -> str:
        return f"{{ {self.key(key)}: {code} }}"

    def choice(self, cond: str, then: str, else_: str, depth: int) -> str:
        return f"{cond} ? {then} : {else_}"

    def each(self, over: str, var: str, item: Any, outer: Expr, depth: int) -> str:
        # TypeScript: the element is the site's own data, typed `any` so that the call compiles
        # whatever the collection's type is (an untyped `req.body.items` included)
        param = f"{var}: any" if self.typescript else var
        typed, self.element_type = self.element_type, ""  # not an element's own lists
        try:
            body = self.each_item(item, outer, depth)
        finally:
            self.element_type = typed
        returns = f": {typed}" if typed else ""
        if _ITERATOR.search(over):  # for (const [i, x] of xs.entries()): an iterator, no map
            over = f"Array.from({over})"
        return f"{over}.map(({param}){returns} => ({body}))"

    def concat(self, parts: list[tuple[Part, str]], outer: Expr, depth: int) -> str:
        entries = [
            f"{'' if kind == 'one' else '...'}{f'({code})' if kind == 'optional' else code}"
            for kind, code in parts
        ]
        return self.block("[", "]", entries, depth)

    def field(self, var: str, key: str, default: Any) -> str:
        access = f"{var}.{key}" if _JS_NAME.match(key) else f"{var}[{json.dumps(key)}]"
        return access if default is None else f"({access} ?? {self.scalar(default)})"

    def upper_text(self, code: str) -> str:
        return f"{self.operand(code)}.toUpperCase()"

    def trial_days(self, code: str) -> str:
        return js_trial_days(code)

    def upper(self, code: str) -> str:
        if self.typescript:
            return f"({self.operand(code)}.toUpperCase() as DodoPayments.Currency)"
        return (
            '/** @type {import("dodopayments").DodoPayments.Currency} */ '
            f"({self.operand(code)}.toUpperCase())"
        )

    def text(self, code: str) -> str:
        plain = _called("String", code) is not None or _JS_TEXT.fullmatch(code.strip())
        return code if plain else f"String({code})"

    def number(self, code: str) -> str:
        inner = _called("String", code)
        if inner is not None:
            return inner  # the number it was made text from (a form value)
        stripped = code.strip()
        if stripped.endswith(".toString()") and atomic(stripped[: -len(".toString()")]):
            return stripped[: -len(".toString()")]
        if stripped[:1] in ("`", '"', "'") or _TO_FIXED.search(stripped):
            return f"Number({stripped})"  # `(price * 100).toFixed(0)` is text too
        if _text_sum(stripped, "String", ("`", '"', "'")):  # String(x) + "00": text too
            return f"Number({stripped})"
        if JS_REQUEST_TEXT.fullmatch(stripped):  # req.query.qty, form.get("qty"): text
            return f"Number({stripped})"
        return code


_CS_TEXT: Final = re.compile(r'\s*\$?@?"(?:[^"\\\n]|\\.)*"\s*')  # C#'s strings, $"r-{id}" too
_JS_TEXT: Final = re.compile(r"`[^`]*`|\"[^\"\\\n]*\"|'[^'\\\n]*'|[\w$.]+\.toString\(\)")
"""A JavaScript template or string literal, or ``name.toString()``: text already, as it is."""
_PY_TEXT: Final = re.compile(r"""[fF]?(?:"[^"\\\n]*"|'[^'\\\n]*')""")
"""A Python string literal or f-string on one line: text already."""

_TO_FIXED: Final = re.compile(r"\.toFixed\(\s*\d*\s*\)$")
"""JavaScript's number rounded to text (a form value: Stripe read the text; Dodo's JSON body
takes a number)."""


_RUBY_PARAMS: Final = re.compile(r"(?<![\w.@:])(?:request\.)?params\s*(?:\[|\.(?:dig|fetch)\b)")
"""A Rails or Sinatra request parameter: text, whatever it names."""
_RUBY_INTEGER: Final = re.compile(
    r"\.(?:to_i|to_int|round|floor|ceil|count|size|length)\b|\bInteger\s*\(|\.to_r\b"
)
"""Ruby code that makes a number of what it reads (an integer, or a rounding of one)."""


class Ruby(Code):
    family = "ruby"
    pad = "  "

    def scalar(self, value: Any) -> str:
        if value is None:
            return "nil"
        if type(value) is bool:
            return "true" if value else "false"
        if type(value) in (int, float):
            return repr(value)
        # a double-quoted string with JSON's escapes; `#` escaped so nothing interpolates
        return json.dumps(str(value), ensure_ascii=False).replace("#", "\\#")

    def entry_key(self, key: str) -> str:
        return f"{self.scalar(key)} => "

    def choice(self, cond: str, then: str, else_: str, depth: int) -> str:
        return f"({cond} ? {then} : {else_})"

    def merge(self, parts: list[Any], depth: int) -> str:
        entries: list[str] = []
        for part in parts:
            if type(part) is dict:
                entries += [
                    f"{self.scalar(str(k))} => {self.value(v, depth + 1)}" for k, v in part.items()
                ]
            else:  # nil.to_h is {}
                entries.append(f"**{self.whole(part, depth + 1)}.to_h")
        return self.block("{", "}", entries, depth)

    def each(self, over: str, var: str, item: Any, outer: Expr, depth: int) -> str:
        return f"{over}.map {{ |{var}| {self.each_item(item, outer, depth)} }}"

    def concat(self, parts: list[tuple[Part, str]], outer: Expr, depth: int) -> str:
        entries = [code if kind == "one" else f"*({code})" for kind, code in parts]
        return self.block("[", "]", entries, depth)

    def field(self, var: str, key: str, default: Any) -> str:
        # Stripe takes either key; a hash from JSON.parse, Jbuilder or YAML has text keys, and
        # reading only :quantity there would sell 1 of each
        if not re.match(r"^[a-z_][A-Za-z0-9_]*$", key):
            access = f"{var}[{key!r}]"
            return access if default is None else f"({access} || {self.scalar(default)})"
        keys = f"{var}[:{key}] || {var}[{self.scalar(key)}]"
        return f"({keys})" if default is None else f"({keys} || {self.scalar(default)})"

    def upper(self, code: str) -> str:
        return f"{self.operand(code)}.upcase"

    def trial_days(self, code: str) -> str:
        return f"[0, (({code} - Time.now.to_i) / 86400.0).ceil].max"

    def text(self, code: str) -> str:
        if _ruby_text(code):
            return code  # already text
        return f"{self.operand(code)}.to_s"

    def number(self, code: str) -> str:
        inner = made_text(code, ("String",), (".to_s",))
        if inner is not None:
            return inner
        stripped = code.strip()
        if stripped[:1] in ('"', "'"):
            return f"Integer({stripped})"
        if _RUBY_PARAMS.search(stripped) and not _RUBY_INTEGER.search(stripped):
            # a request parameter is text (Stripe read "2"; Dodo's JSON takes 2)
            return f"Integer({self.operand(stripped)}.to_s, 10)"
        return code


class CSharp(Code):
    family = "csharp"

    def scalar(self, value: Any) -> str:
        if value is None:
            return "null"
        if type(value) is bool:
            return "true" if value else "false"
        if type(value) is int:
            return f"{value}L" if abs(value) > 2**31 - 1 else str(value)
        if type(value) is float:
            return repr(value)
        return json.dumps(str(value), ensure_ascii=False)

    def mapping(self, value: dict[str, Any], depth: int) -> str:
        pad, inner = self.pad * depth, self.pad * (depth + 1)
        if not value:
            return "new Dictionary<string, object?>()"
        items = [
            f"{inner}[{json.dumps(str(k), ensure_ascii=False)}] = {self.value(v, depth + 1)},"
            for k, v in value.items()
        ]
        return f"new Dictionary<string, object?>\n{pad}{{\n" + "\n".join(items) + f"\n{pad}}}"

    def sequence(self, value: list[Any], depth: int) -> str:
        if not value:
            return "new object?[] { }"
        pad, inner = self.pad * depth, self.pad * (depth + 1)
        items = [f"{inner}{self.value(v, depth + 1)}," for v in value]
        return "new object?[]\n" + f"{pad}{{\n" + "\n".join(items) + f"\n{pad}}}"

    def choice(self, cond: str, then: str, else_: str, depth: int) -> str:
        # a value or nothing: C#'s conditional needs a type both branches convert to, which a
        # bare null and a number (or code of a value type) do not have where nothing gives
        # one (JsonSerializer.SerializeToNode's generic argument): the null is typed
        if else_ == "null" and then != "null":
            else_ = _typed_null(then)
        elif then == "null" and else_ != "null":
            then = _typed_null(else_)
        return f"({cond} ? {then} : {else_})"

    def merge(self, parts: list[Any], depth: int) -> str:
        # the entries of each part in order, the last of a key winning (System.Linq)
        pad = self.pad * (depth + 1)
        pair = "KeyValuePair<string, object?>"
        lists = []
        for part in parts:
            if type(part) is dict:
                lists.append(self.mapping(part, depth + 1))
            elif self.keyed_choice(part) is not None:  # entries set only under a condition
                lists.append(self._entries_choice(part, depth + 1))
            else:
                lists.append(
                    f"({self.whole(part, depth + 1)}?.Select(kv => new {pair}(kv.Key, kv.Value))"
                    f" ?? Enumerable.Empty<{pair}>())"
                )
        chained = "".join(f"\n{pad}.Concat({code})" for code in lists)
        return (
            f"Enumerable.Empty<{pair}>(){chained}\n{pad}.GroupBy(kv => kv.Key)"
            f"\n{pad}.ToDictionary(g => g.Key, g => g.Last().Value)"
        )

    def _entries_choice(self, part: Any, depth: int) -> str:
        """A choice between dictionaries (``cond ? new Dictionary... : new Dictionary...()``),
        its condition written once in parentheses."""
        chosen = self.keyed_choice(part)
        if chosen is None:
            return self.mapping(part, depth)
        cond, then, else_ = chosen
        test = cond[1:-1] if cond.startswith("(") and atomic(f"x{cond}") else cond
        yes, no = (self._entries_choice(branch, depth) for branch in (then, else_))
        return f"({test} ? {yes} : {no})"

    def each(self, over: str, var: str, item: Any, outer: Expr, depth: int) -> str:
        return f"{over}.Select({var} => {self.each_item(item, outer, depth)}).ToList()"

    def concat(self, parts: list[tuple[Part, str]], outer: Expr, depth: int) -> str:
        pad = self.pad * (depth + 1)
        lists = "".join(
            f"\n{pad}.Concat({f'new object?[] {{ {code} }}' if kind == 'one' else code})"
            for kind, code in parts
        )
        return f"Enumerable.Empty<object?>(){lists}\n{pad}.ToList()"

    def field(self, var: str, key: str, default: Any) -> str:
        access = f"{var}.{camel(key, True)}"
        return access if default is None else f"({access} ?? {self.scalar(default)})"

    def upper(self, code: str) -> str:
        return f"{self.operand(code)}.ToUpperInvariant()"

    def trial_days(self, code: str) -> str:
        # Stripe.net's TrialEnd is a DateTime? (sent as UTC, whatever its Kind)
        return f"Math.Max(0, (int)Math.Ceiling(((DateTime)({code}) - DateTime.UtcNow).TotalDays))"

    def text(self, code: str) -> str:
        if made_text(code, ("Convert.ToString",), (".ToString()",)) or _CS_TEXT.fullmatch(code):
            return code  # already text: converted once
        return f"Convert.ToString({code}, System.Globalization.CultureInfo.InvariantCulture)"

    def number(self, code: str) -> str:
        inner = made_text(code, ("Convert.ToString",), (".ToString()",))
        if inner is not None:
            return inner
        stripped = code.strip()
        return (
            f"long.Parse({stripped})"
            if stripped[:2] in ('$"', '@"') or stripped[:1] == '"'
            else code
        )

    def is_set(self, what: str) -> str:
        return f"{self.operand(what)} is not null"


_CS_WHOLE: Final = re.compile(r"-?\d+L?")
_CS_FRACTION: Final = re.compile(r"-?\d+\.\d*(?:[eE][-+]?\d+)?")


def _typed_null(other: str) -> str:
    """The C# null that the other branch of a conditional, ``other``, converts to with it:
    a nullable number or bool beside a literal one, nothing beside a string or a collection
    (they take a null), ``object?`` beside code of a type not known here."""
    if _CS_WHOLE.fullmatch(other):
        return "(long?)null"
    if _CS_FRACTION.fullmatch(other):
        return "(double?)null"
    if other in ("true", "false"):
        return "(bool?)null"
    if other.startswith(('"', '$"', '@"', "new ")):
        return "null"
    return "(object?)null"


CODE: Final[dict[str, Code]] = {
    "python": Python(),
    "node": Node(),
    "ruby": Ruby(),
    "php": Php(),
    "go": Go(),
    "java": Java(),
    "kotlin": Kotlin(),
    "csharp": CSharp(),
    "shell": Shell(),
}


def code_for(family: str, *, typescript: bool = False) -> Code:
    """The renderer for ``family`` (JavaScript or TypeScript for ``node``)."""
    if family == "node":
        return Node(typescript=typescript)
    return CODE.get(family, CODE["shell"])


def expression(family: str, expr: Expr, *, typescript: bool = False) -> str:
    """A run-time value as code in ``family``'s language: the source expression, with what the
    Dodo field does to it (upper-casing, the id-map look-up...); a missing required value as a
    name defined nowhere (``TODO_product_price``)."""
    return code_for(family, typescript=typescript).expr(expr)


def _text_sum(code: str, text_call: str, quotes: tuple[str, ...]) -> bool:
    """Whether ``code`` is a sum (``+`` outside brackets and strings) one of whose operands is
    visibly text: a string literal (one of ``quotes`` opens it), a ``text_call(...)`` or a
    ``.toString()``. Such a sum concatenates text (``str(total) + "00"``), which Dodo's
    number fields refuse."""
    parts = top_level_parts(code, "+")
    if parts is None or len(parts) < 2:
        return False
    operands = [part.strip() for part in parts]
    return any(
        part.startswith(quotes)
        or _called(text_call, part) is not None
        or part.endswith(".toString()")
        for part in operands
    )


PATCHED: Final = re.compile(r"^/(?:subscriptions|products)/[^/]+$")
"""The Dodo paths a suggestion PATCHes (``PATCH /subscriptions/{id}``, ``PATCH /products/{id}``);
the others are POSTs."""
_PATCH: Final = {
    "ruby": ("Net::HTTP::Post.new", "Net::HTTP::Patch.new"),
    "php": ("CURLOPT_POST => true,", "CURLOPT_CUSTOMREQUEST => 'PATCH',"),
    "go": ("http.MethodPost", "http.MethodPatch"),
    "java": (".POST(HttpRequest.BodyPublishers", '.method("PATCH", HttpRequest.BodyPublishers'),
    "kotlin": (".POST(HttpRequest.BodyPublishers", '.method("PATCH", HttpRequest.BodyPublishers'),
    "csharp": ("HttpMethod.Post", "HttpMethod.Patch"),
    "shell": ("curl -X POST", "curl -X PATCH"),
}


def with_method(family: str, path: str, request: str) -> str:
    """An HTTP suggestion (written as a POST) with the method its Dodo ``path`` takes."""
    if not PATCHED.match(path):
        return request
    post, patch = _PATCH.get(family, _PATCH["shell"])
    return request.replace(post, patch, 1)


__all__ = [
    "CODE",
    "PATCHED",
    "code_for",
    "expression",
    "java_json",
    "kotlin_json",
    "kotlin_string",
    "shell_json",
    "with_method",
]
