"""Go's syntax for the values of a suggested Dodo call (see suggest_values.py): maps as
``map[string]any``, choices and lists as function literals called at once, a run-time value
that becomes text read through its pointers by the id module (``dodoids.Text``)."""

from __future__ import annotations

import json
import re
from typing import Any, Final

from migrate.mapping.expr import Expr
from migrate.scan.loop_filters import GO_SKIPPED
from migrate.scan.metadata_wholes import GO_CHOSEN_TEXT
from migrate.scan.suggest_values import IS_SET, LINE_BREAK, Code, Part, made_text

_GO_CHOSEN: Final = re.compile(GO_CHOSEN_TEXT)

_GO_TEXT: Final = re.compile(
    r"(?:strconv\.(?:Itoa|FormatInt|FormatFloat|Quote)|fmt\.Sprint[fl]?|strings\.\w+|string"
    r"|os\.(?:Getenv|ExpandEnv)|[\w.]+\.(?:GetString|FormValue|PostFormValue)|[\w.]+\.Query\(\)\.Get)\("
)
"""A Go call whose value is a string already (no ``dodoids.Text`` around it): conversions,
``fmt`` and ``strings``, the environment, a form or query value, viper's ``GetString``."""


def _go_text(code: str) -> bool:
    """Whether Go ``code`` is a string already: a string literal, or one call of ``_GO_TEXT``
    that spans the whole of it."""
    if len(code) >= 2 and code[0] == code[-1] and code[0] in '"`' and code.count(code[0]) == 2:
        return True
    opened = _GO_TEXT.match(code)
    if opened is None or not code.endswith(")"):
        return False
    depth = 0
    for i, char in enumerate(code[opened.end() - 1 :], opened.end() - 1):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:
            return i == len(code) - 1
    return False


class Go(Code):
    family = "go"
    pad = "\t"

    def scalar(self, value: Any) -> str:
        if value is None:
            return "nil"
        if type(value) is bool:
            return "true" if value else "false"
        if type(value) in (int, float):
            return repr(value)
        return json.dumps(str(value), ensure_ascii=False)

    map_brackets = ("map[string]any{", "}", "map[string]any{}")
    list_brackets = ("[]any{", "}", "[]any{}")

    def collection(self, source: str) -> str:
        return source.strip()

    def merge(self, parts: list[Any], depth: int) -> str:
        # a function literal, called at once: the parts in order, a later one's keys winning
        pad, inner = self.pad * depth, self.pad * (depth + 1)
        lines = [f"{inner}dodoMetadata := map[string]any{{}}"]
        for part in parts:
            lines += self._sets(part, depth + 1)
        body = "\n".join([*lines, f"{inner}return dodoMetadata"])
        return f"func() map[string]any {{\n{body}\n{pad}}}()"

    def _sets(self, part: Any, depth: int) -> list[str]:
        """The lines adding a merge's part: its keys, its entries set only under a condition
        (``if ref != "" { dodoMetadata["ref"] = ref }``), or a whole run-time map."""
        pad = self.pad * depth
        if type(part) is dict:
            return [
                f"{pad}dodoMetadata[{json.dumps(str(k), ensure_ascii=False)}] = "
                f"{self.value(v, depth)}"
                for k, v in part.items()
            ]
        chosen = self.keyed_choice(part)
        if chosen is not None:
            cond, then, else_ = chosen
            yes, no = (self._sets(branch, depth + 1) for branch in (then, else_))
            if not yes:
                return [f"{pad}if !({cond}) {{", *no, f"{pad}}}"]
            tail = [f"{pad}}} else {{", *no] if no else []
            return [f"{pad}if {cond} {{", *yes, *tail, f"{pad}}}"]
        chosen_map = _GO_CHOSEN.fullmatch(part.source) if type(part) is Expr else None
        if chosen_map is not None:  # a map merged under an `if`: merged under it
            whole = Expr(chosen_map["a"], part.path, type=part.type)
            return [f"{pad}if {chosen_map['c']} {{", *self._sets(whole, depth + 1), f"{pad}}}"]
        return [
            f"{pad}for dodoKey, dodoValue := range {self.whole(part, depth)} {{",
            f"{pad}\tdodoMetadata[dodoKey] = dodoValue",
            f"{pad}}}",
        ]

    def branch_depths(self, depth: int) -> tuple[int, int]:
        return depth + 2, depth + 1  # `return then` inside the `if`, `return else` after it

    def choice(self, cond: str, then: str, else_: str, depth: int) -> str:
        # Go has no conditional expression: a function literal, called at once
        pad, inner = self.pad * depth, self.pad * (depth + 1)
        return (
            f"func() any {{\n{inner}if {cond} {{\n{inner}\treturn {then}\n{inner}}}\n"
            f"{inner}return {else_}\n{pad}}}()"
        )

    def condition(self, cond: str) -> str:
        cond = LINE_BREAK.sub(" ", cond.strip())
        m = IS_SET.match(cond)
        return self.is_set(m["what"]) if m else cond

    def each(self, over: str, var: str, item: Any, outer: Expr, depth: int) -> str:
        pad, inner = self.pad * depth, self.pad * (depth + 1)
        body = self.each_item(item, outer, depth + 2)
        skip, m = "", GO_SKIPPED.fullmatch(over)
        if m is not None:  # elements the code's loop leaves out (migrate/scan/loop_filters.py)
            over, skip = (
                m["over"],
                f"{inner}\tif {m['cond']} {{\n{inner}\t\tcontinue\n{inner}\t}}\n",
            )
        index, _, var = var.rpartition(", ")  # the code's index, when read: "i, row"
        if not index or re.search(rf"\b{re.escape(index)}\b", body + skip) is None:
            index = "_"
        return (
            f"func() []any {{\n{inner}dodoList := []any{{}}\n"
            f"{inner}for {index}, {var} := range {over} {{\n{skip}"
            f"{inner}\tdodoList = append(dodoList, {body})\n{inner}}}\n"
            f"{inner}return dodoList\n{pad}}}()"
        )

    def concat(self, parts: list[tuple[Part, str]], outer: Expr, depth: int) -> str:
        # appended part by part; an optional element's choice gives a list (`[]any`)
        pad, inner = self.pad * depth, self.pad * (depth + 1)
        spread = {"one": "", "each": "...", "optional": ".([]any)..."}
        appends = "".join(
            f"{inner}dodoParts = append(dodoParts, {code}{spread[kind]})\n" for kind, code in parts
        )
        return (
            f"func() []any {{\n{inner}dodoParts := []any{{}}\n{appends}"
            f"{inner}return dodoParts\n{pad}}}()"
        )

    def field(self, var: str, key: str, default: Any) -> str:
        name = "".join(
            p.upper() if p in ("id", "url") else p.capitalize() for p in key.split("_") if p
        )
        if default is None:
            return f"*{var}.{name}"
        kind = {bool: "bool", int: "int64", float: "float64"}.get(type(default), "string")
        return (
            f"func() {kind} {{ if {var}.{name} != nil {{ return *{var}.{name} }}; "
            f"return {self.scalar(default)} }}()"
        )

    def upper(self, code: str) -> str:
        return f"strings.ToUpper({self.text(code)})"

    def trial_days(self, code: str) -> str:
        # a float64 of whole days: JSON writes it as the integer it is
        return f"math.Max(0, math.Ceil((float64({code})-float64(time.Now().Unix()))/86400))"

    def text(self, code: str) -> str:
        # a run-time value may be a Stripe params pointer (*string, *int64): fmt.Sprint would
        # print its address, strings.ToUpper would not compile; the id module reads it through
        if _go_text(code.strip()):
            return code.strip()
        return f"dodoids.Text({code})"

    def number(self, code: str) -> str:
        calls = ("strconv.Itoa", "strconv.FormatInt", "fmt.Sprint")
        inner = made_text(code, calls, ())
        if inner is None and code.strip().startswith('fmt.Sprintf("%d", '):
            inner = made_text(code.strip().replace('fmt.Sprintf("%d", ', "f(", 1), ("f",), ())
        return inner if inner is not None else code

    def is_set(self, what: str) -> str:
        # the value may be a params pointer (*string): compared as the text it points to
        return f'{self.text(what.strip())} != ""'
