"""PHP's rendering of a Dodo body's run-time values (:class:`Php`), written for the oldest PHP
the file's project runs on (``migrate/scan/php_compat.py``)."""

from __future__ import annotations

import re
from typing import Any, Final

from migrate.mapping.expr import Expr
from migrate.scan.php_compat import as_list, closure, listed, merged_list, or_throw
from migrate.scan.retry_values import strip_parens
from migrate.scan.suggest_values import NOT_NULL, Code, Part, atomic, called_with, made_text

_PHP_ACCESS: Final = re.compile(r"\$\w+(?:\[[^\[\]()]*\]|->\w+)*")
"""A variable, or an array key or property read on one: what PHP's ``isset`` takes."""
_PHP_INTEGER: Final = re.compile(
    r"^-?\d+$|^\(int(?:eger)?\)|^\\?(?:intval|absint|count|strlen|mb_strlen|intdiv)\s*\("
)
"""PHP code that is an integer as written (a literal, a cast, a function that returns one)."""
_PHP_ITERABLE: Final = re.compile(r"\$\w+(?:(?:->|::)\$?\w+(?:\(.*\))?)*(?<!->toArray\(\))$")
_PHP_WHOLE: Final = "filter_var({}, FILTER_VALIDATE_INT, FILTER_NULL_ON_FAILURE)"
_PHP_NOT_WHOLE: Final = "'stripe2dodo: a whole number was expected'"
"""PHP's strict reading of text as an integer (``(int)`` truncates "12.5" to 12 and reads
"twelve" as 0); a value that is no whole number throws, as Stripe refused it."""


class Php(Code):
    family = "php"

    def scalar(self, value: Any) -> str:
        if value is None:
            return "null"
        if type(value) is bool:
            return "true" if value else "false"
        if type(value) in (int, float):
            return repr(value)
        return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"

    map_brackets = ("[", "]", "new \\stdClass()")  # an empty array would be sent as [], not {}

    def entry_key(self, key: str) -> str:
        return f"{self.scalar(key)} => "

    def variable(self, name: str) -> str:
        return "$" + name.strip().lstrip("$")

    def merge(self, parts: list[Any], depth: int) -> str:
        # an object, so that an empty one is sent as {} (an empty array is [])
        arrays = [
            self.mapping(part, depth + 1)
            if type(part) is dict
            else f"(array) {self.whole(part, depth + 1)}"
            for part in parts
        ]
        return "(object) " + self.block("array_merge(", ")", arrays, depth)

    def each(self, over: str, var: str, item: Any, outer: Expr, depth: int) -> str:
        # array_map keeps the keys of the array it maps (a cart keyed by product id, the rows
        # of an array_filter): renumbered, so that the lines are sent as a JSON list
        mapped = f"array_map({closure(var, self.each_item(item, outer, depth))}, {over.strip()})"
        return f"array_values({mapped})"

    def collection(self, source: str) -> str:  # foreach walks a Doctrine collection, array_map not
        return as_list(s) if _PHP_ITERABLE.match(s := source.strip()) else s

    def concat(self, parts: list[tuple[Part, str]], outer: Expr, depth: int) -> str:
        spreads = [(kind != "one", code) for kind, code in parts]
        entries = listed(spreads)
        return merged_list(spreads) if entries is None else self.block("[", "]", entries, depth)

    def field(self, var: str, key: str, default: Any) -> str:
        access = f"{var}[{self.scalar(key)}]"
        return access if default is None else f"({access} ?? {self.scalar(default)})"

    def upper(self, code: str) -> str:
        return f"strtoupper({code})"

    def trial_days(self, code: str) -> str:
        return f"max(0, (int) ceil(({code} - time()) / 86400))"

    def currency_key(self, key: str, code: str) -> str:
        return f"{self.scalar(key + '.')} . {self.upper(code)}"

    def text(self, code: str) -> str:
        return code if called_with("strval", code) is not None else f"strval({code})"

    def number(self, code: str) -> str:
        """A form value, a database column and ``$price * 100`` are text or a float in PHP, which
        Dodo's JSON refuses where it takes an integer: anything not visibly an integer is read
        as one strictly (``(int)`` would truncate "12.500", refused by Stripe, to 12)."""
        stripped = code.strip()
        inner = made_text(stripped, ("strval",), ())
        if inner is None and stripped.startswith("(string)"):
            rest = stripped[len("(string)") :].strip()
            inner = rest if atomic(rest) else None
        bare = strip_parens(inner if inner is not None else stripped)
        if _PHP_INTEGER.match(bare):
            return bare
        return or_throw(
            _PHP_WHOLE.format(bare), f"new \\UnexpectedValueException({_PHP_NOT_WHOLE})"
        )

    def is_set(self, what: str) -> str:
        return f"!empty({what.strip()})"

    def expr(self, expr: Expr, depth: int = 0) -> str:
        # `$a ?? 1` (a choice on `$a is not null` whose value is `$a`) stays one expression, so
        # a number read from it (:meth:`number`) takes the whole
        found = NOT_NULL.match(expr.cond) if expr.form == "choice" and not expr.op else None
        then, else_ = expr.then, expr.else_
        if (
            found is not None
            and type(then) is Expr
            and then.form == "code"
            and not then.op
            and then.source.strip() == found["what"].strip()
            and type(else_) in (str, int, float, bool)
        ):
            joined = f"{self.code(then.source.strip())} ?? {self.scalar(else_)}"
            return self.number(joined) if expr.type == "int" else f"({joined})"
        return super().expr(expr, depth)

    def not_null(self, what: str) -> str:
        what = what.strip()
        if _PHP_ACCESS.fullmatch(what):  # quiet where a key or property is not defined
            return f"isset({what})"
        return f"null !== {self.operand(what)}"

    def choice(self, cond: str, then: str, else_: str, depth: int) -> str:
        if cond == self.not_null(then):  # `$a ?? $b`: also quiet where `$a` is not defined
            return f"({then} ?? {else_})"
        return f"({cond} ? {then} : {else_})"
