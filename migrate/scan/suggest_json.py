"""The languages whose suggested body is JSON text (the JDK has no JSON library; curl sends a
string): Java, Kotlin and shell. :func:`java_json`, :func:`kotlin_json` and :func:`shell_json`
give an expression (a ``String``, a shell word) whose value is the JSON text of a value, run-time
values spliced in; the classes give their values' syntax, like the other languages'
(``migrate/scan/suggest_langs.py``)."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from migrate.mapping.currency_lines import CURRENCY_OP
from migrate.mapping.expr import Expr, as_list
from migrate.scan.java_compat import json_of
from migrate.scan.suggest_values import (
    IS_SET,
    LINE_BREAK,
    LOOKUP_OPS,
    LOOKUPS,
    Code,
    Part,
    atomic,
    camel,
    decided,
    made_text,
    text_of,
    with_op,
)

_SHELL_VARIABLE: Final = re.compile(r"^\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})$")


class Java(Code):
    """Java values: code, fields and choices; bodies are JSON text (:func:`java_json`)."""

    family = "java"

    def scalar(self, value: Any) -> str:
        if value is None:
            return "null"
        if type(value) is bool:
            return "true" if value else "false"
        if type(value) is int:
            return f"{value}L"
        if type(value) is float:
            return repr(value)
        return json.dumps(str(value), ensure_ascii=False)

    def mapping(self, value: dict[str, Any], depth: int) -> str:
        return java_json(value)

    def sequence(self, value: list[Any], depth: int) -> str:
        return java_json(value)

    def choice(self, cond: str, then: str, else_: str, depth: int) -> str:
        return f"({cond} ? {then} : {else_})"

    def each(self, over: str, var: str, item: Any, outer: Expr, depth: int) -> str:
        return java_json(outer)

    def concat(self, parts: list[tuple[Part, str]], outer: Expr, depth: int) -> str:
        return java_json(outer)

    def merge(self, parts: list[Any], depth: int) -> str:
        # a map DodoJson.of writes: the parts in order, a later one's keys winning
        lines = [line for part in parts for line in self._puts(part, depth)]
        return f"new java.util.LinkedHashMap<String, Object>() {{{{ {' '.join(lines)} }}}}"

    def _puts(self, part: Any, depth: int) -> list[str]:
        """The statements adding a merge's part: its keys, its entries set only under a
        condition (``if (ref != null) { put("ref", ref); }``), or a whole run-time map."""
        if type(part) is dict:
            return [f"put({self.scalar(str(k))}, {self.value(v)});" for k, v in part.items()]
        chosen = self.keyed_choice(part)
        if chosen is not None:
            cond, then, else_ = chosen
            test = cond[1:-1] if cond.startswith("(") and atomic(f"x{cond}") else cond
            yes, no = (" ".join(self._puts(branch, depth)) for branch in (then, else_))
            return [f"if ({test}) {{ {yes} }}" + (f" else {{ {no} }}" if no else "")]
        whole = self.whole(part, depth)
        return [f"if ({whole} != null) putAll({whole});"]

    def field(self, var: str, key: str, default: Any) -> str:
        access = f"{var}.get{camel(key, True)}()"
        if default is None:
            return access
        return f"java.util.Objects.requireNonNullElse({access}, {self.scalar(default)})"

    def upper(self, code: str) -> str:
        return f"{self.operand(code)}.toUpperCase()"

    def trial_days(self, code: str) -> str:
        days = f"Math.ceil(({code} - System.currentTimeMillis() / 1000.0) / 86400)"
        return f"Math.max(0L, (long) {days})"

    def text(self, code: str) -> str:
        if made_text(code, _JAVA_TEXTS, (".toString()",)) is not None or _JVM_TEXT.fullmatch(code):
            return code  # already text: String.valueOf(String.valueOf(x)) says it twice
        if _JAVA_NAME.fullmatch(code.strip()):
            return f"String.valueOf({code})"  # a parameter or local: a String one is tested
        # a getter's null is sent by stripe-java as "" (no key on Stripe); never the text "null"
        return f'java.util.Objects.toString({code}, "")'

    def number(self, code: str) -> str:
        calls = ("String.valueOf", "Long.toString", "Integer.toString")
        inner = made_text(code, calls, (".toString()",))
        if inner is not None:
            return inner
        stripped = code.strip()
        return f"Long.parseLong({stripped})" if stripped[:1] == '"' else code

    def is_set(self, what: str) -> str:
        return f"{self.operand(what)} != null"


_JAVA_NAME: Final = re.compile(r"[A-Za-z_$][\w$]*")
_JAVA_TEXTS: Final = ("String.valueOf", "Long.toString", "Integer.toString", "String.format")
_JVM_TEXT: Final = re.compile(r'\s*"(?:[^"\\\n]|\\.)*"\s*')
"""A string literal (Java's, Kotlin's, a template too): already text."""


def kotlin_string(text: str) -> str:
    """A Kotlin string literal: JSON's escapes, and ``$`` escaped (it starts a template)."""
    return json.dumps(text, ensure_ascii=False).replace("$", "\\$")


_NOT_NULL: Final = re.compile(r"(?P<what>[\w.]+)\s*!=\s*null")
"""A Kotlin choice's test that a value is set (``request.trialPeriodDays != null``)."""


class Kotlin(Code):
    """Kotlin values (stripe-java from Kotlin): code, fields and choices; bodies are JSON text
    (:func:`kotlin_json`), as in Java."""

    family = "kotlin"

    def scalar(self, value: Any) -> str:
        if value is None:
            return "null"
        if type(value) is bool:
            return "true" if value else "false"
        if type(value) is int:
            return f"{value}L"
        if type(value) is float:
            return repr(value)
        return kotlin_string(str(value))

    def mapping(self, value: dict[str, Any], depth: int) -> str:
        return kotlin_json(value)

    def sequence(self, value: list[Any], depth: int) -> str:
        return kotlin_json(value)

    def choice(self, cond: str, then: str, else_: str, depth: int) -> str:
        tested = _NOT_NULL.fullmatch(cond.strip())
        if tested is not None and not tested["what"].isidentifier():
            # a property is no smart cast (one of another module never is): asserted, as tested
            what = re.escape(tested["what"])
            then = re.sub(rf"(?<![\w.]){what}(?=\s*\.(?!\.))", lambda m: m.group(0) + "!!", then)
        return f"(if ({cond}) {then} else {else_})"

    def condition(self, cond: str) -> str:
        out = super().condition(cond)  # `if (...)` holds any condition: no extra parentheses
        return out[1:-1] if out.startswith("(") and out.endswith(")") else out

    def each(self, over: str, var: str, item: Any, outer: Expr, depth: int) -> str:
        return kotlin_json(outer)

    def concat(self, parts: list[tuple[Part, str]], outer: Expr, depth: int) -> str:
        return kotlin_json(outer)

    def merge(self, parts: list[Any], depth: int) -> str:
        maps = [self._map(part, depth) for part in parts]
        return " + ".join(["emptyMap<String, Any?>()", *maps])

    def _map(self, part: Any, depth: int) -> str:
        """A merge's part as a Kotlin map: its keys, a choice between such maps (an entry set
        only under a condition: ``if (ref != null) mapOf(...) else emptyMap()``), or a whole
        run-time map."""
        if type(part) is dict:
            if not part:
                return "emptyMap<String, Any?>()"
            pairs = ", ".join(f"{self.scalar(str(k))} to {self.value(v)}" for k, v in part.items())
            return f"mapOf<String, Any?>({pairs})"
        chosen = self.keyed_choice(part)
        if chosen is not None:
            cond, then, else_ = chosen
            return f"(if ({cond}) {self._map(then, depth)} else {self._map(else_, depth)})"
        return f"({self.whole(part, depth)} ?: emptyMap<String, Any?>())"

    def field(self, var: str, key: str, default: Any) -> str:
        access = f"{var}.{camel(key, False)}"  # a Java getter, read as a Kotlin property
        return access if default is None else f"({access} ?: {self.scalar(default)})"

    def upper(self, code: str) -> str:
        # a safe-call chain is nullable (`c?.lowercase()`): Kotlin calls on it only with `!!`
        # (under the `!= null` of its choice it is set; smart casts skip calls)
        return f"{self.operand(code)}{'!!' if '?.' in code else ''}.uppercase()"

    def trial_days(self, code: str) -> str:
        days = f"Math.ceil(({code} - System.currentTimeMillis() / 1000.0) / 86400)"
        return f"maxOf(0L, {days}.toLong())"

    def text(self, code: str) -> str:
        if made_text(code, ("String.valueOf",), (".toString()",)) is not None:
            return code
        if _JVM_TEXT.fullmatch(code):  # a string (a template too) is text
            return code
        if _JAVA_NAME.fullmatch(code.strip()):
            return f"{self.operand(code)}.toString()"  # a parameter or local, as Java's
        # a nullable property's toString() is the text "null"; stripe-java sends its null as ""
        return f'java.util.Objects.toString({code}, "")'

    def number(self, code: str) -> str:
        inner = made_text(code, ("String.valueOf",), (".toString()",))
        if inner is not None:
            return inner
        stripped = code.strip()
        return f"{stripped}.toLong()" if stripped[:1] == '"' else code

    def is_set(self, what: str) -> str:
        return f"{self.operand(what)} != null"


def _shell_word(source: str) -> str:
    """A shell expression as one word: a bare ``$NAME`` / ``${NAME}`` is double-quoted (no word
    splitting); anything else is used as written (already a word, such as ``"$NAME"``)."""
    source = LINE_BREAK.sub(" ", source.strip())
    return f'"{source}"' if _SHELL_VARIABLE.match(source) else source


def _shell_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


class Shell(Code):
    """Shell words: the value's text (``shell_json`` gives its JSON)."""

    family = "shell"

    def scalar(self, value: Any) -> str:
        return _shell_quote(text_of(value))

    def mapping(self, value: dict[str, Any], depth: int) -> str:
        return shell_json(value)

    def sequence(self, value: list[Any], depth: int) -> str:
        return shell_json(value)

    def code(self, source: str) -> str:
        return _shell_word(source)

    def collection(self, source: str) -> str:
        return LINE_BREAK.sub(" ", source.strip())

    def variable(self, name: str) -> str:
        return name.strip().lstrip("$")

    def operand(self, source: str) -> str:
        return _shell_word(source)

    def op(self, expr: Expr, code: str) -> str:
        if expr.op == CURRENCY_OP:
            return f'"$({LOOKUPS["shell"]["product_id"]} {self.currency_key(expr.key, code)})"'
        if expr.op in LOOKUP_OPS:
            return f'"$({LOOKUPS["shell"][expr.op]} {code})"'
        return super().op(expr, code)

    def currency_key(self, key: str, code: str) -> str:
        return self.scalar(key + ".") + self.upper(code)  # one word: adjacent quoted parts

    def choice(self, cond: str, then: str, else_: str, depth: int) -> str:
        return f"\"$(if {cond}; then printf '%s' {then}; else printf '%s' {else_}; fi)\""

    def condition(self, cond: str) -> str:
        cond = LINE_BREAK.sub(" ", cond.strip())
        m = IS_SET.match(cond)
        return self.is_set(m["what"]) if m else cond

    def each(self, over: str, var: str, item: Any, outer: Expr, depth: int) -> str:
        return shell_json(outer)

    def concat(self, parts: list[tuple[Part, str]], outer: Expr, depth: int) -> str:
        return shell_json(outer)

    def merge(self, parts: list[Any], depth: int) -> str:
        args, names = [], []
        for n, part in enumerate(parts):
            word = shell_json(part) if type(part) is dict else self.whole(part, depth)
            quoted = word if word.startswith(('"', "'")) else f'"{word}"'
            args.append(f"--argjson p{n} {quoted}")
            names.append(f"($p{n} // {{}})")
        return f"\"$(jq -cn {' '.join(args)} '{' + '.join(names)}')\""

    def field(self, var: str, key: str, default: Any) -> str:
        # a field of a run-time list's element: not readable in shell (the translator blocks)
        return f"TODO_{var}_{key}"

    def upper(self, code: str) -> str:
        return f"\"$(printf '%s' {code} | tr '[:lower:]' '[:upper:]')\""

    def trial_days(self, code: str) -> str:
        days = f"$(( ({code} - $(date +%s) + 86399) / 86400 ))"
        return f'"$(d={days}; echo $(( d > 0 ? d : 0 )))"'

    def text(self, code: str) -> str:
        return code

    def is_set(self, what: str) -> str:
        return f"[ -n {_shell_word(what)} ]"


_JAVA: Final = Java()
_KOTLIN: Final = Kotlin()
_SHELL: Final = Shell()


# -- JSON text: Java and shell ----------------------------------------------------------------


def _has_expr(value: Any) -> bool:
    if type(value) is Expr:
        return True
    if type(value) is dict:
        return any(_has_expr(v) for v in value.values())
    if type(value) is list:
        return any(_has_expr(v) for v in value)
    return False


def _pieces(value: Any) -> list[str | Expr]:
    """The JSON text of ``value`` as literal text and the expressions in it, in order."""
    if type(value) is Expr:
        return [value]
    if not _has_expr(value):
        return [json.dumps(value, ensure_ascii=False, default=str)]
    out: list[str | Expr] = []
    if type(value) is dict:
        out.append("{")
        for n, (k, v) in enumerate(value.items()):
            out.append(("," if n else "") + json.dumps(str(k), ensure_ascii=False) + ":")
            out += _pieces(v)
        out.append("}")
    else:
        out.append("[")
        for n, v in enumerate(value):
            if n:
                out.append(",")
            out += _pieces(v)
        out.append("]")
    merged: list[str | Expr] = []
    for piece in out:
        if type(piece) is str and merged and type(merged[-1]) is str:
            merged[-1] = str(merged[-1]) + piece
        else:
            merged.append(piece)
    return merged


@dataclass(frozen=True)
class _JsonText:
    """How one language writes an expression whose value is the JSON text of a Dodo body: the
    one loop over its pieces is :func:`_json_text`; the pieces that differ are here."""

    code: Code
    literal: Callable[[str], str]
    """A literal run of JSON text."""
    choice: Callable[[str, str, str], str]
    """``cond``, then the JSON text of each branch."""
    each: Callable[[Expr], str]
    concat: Callable[[Expr], str]
    value: Callable[[Expr], str]
    """Any other run-time value (a ``field`` or ``code`` form)."""
    separator: str = " + "


def _json_text(value: Any, lang: _JsonText) -> str:
    parts: list[str] = []
    for piece in _pieces(value):
        if type(piece) is str:
            parts.append(lang.literal(piece))
            continue
        assert type(piece) is Expr
        expr = piece
        if expr.missing:
            parts.append(f"TODO_{expr.missing}")
        elif expr.form == "choice":
            cond = lang.code.condition(expr.cond)
            chosen = (decided(b, cond, h, lang.code.condition) for b, h in _branches(expr))
            then, else_ = (_json_text(with_op(b, expr, lang.code), lang) for b in chosen)
            parts.append(lang.choice(cond, then, else_))
        elif expr.form == "each":
            parts.append(lang.each(expr))
        elif expr.form == "concat":
            parts.append(lang.concat(expr))
        elif expr.form == "merge" and lang.code.family == "shell":
            parts.append(lang.code.expr(expr))  # jq writes the merged object's JSON itself
        elif expr.form == "merge" and lang.code.family == "java" and (joined := _java_object(expr)):
            parts.append(joined)
        else:
            parts.append(lang.value(expr))
    return lang.separator.join(parts)


def java_json(value: Any) -> str:
    """A Java ``String`` expression whose value is the JSON text of ``value``: literal parts as
    string literals, run-time values through ``DodoJson.of`` (suggest.py defines it)."""
    return _json_text(value, _JAVA_JSON)


def _java_object(expr: Expr) -> str | None:
    """A merge of keys, some set only under a condition (no whole run-time map), as the JSON
    text of its object: each entry's text, or null where it is not set, joined. No map and no
    inner class: a map's initializer reads only effectively final locals, and a parameter the
    method assigns would not compile there. None for a merge with a whole run-time map."""
    entries: list[str] = []
    for part in expr.parts:
        found = _java_entries(part)
        if found is None:
            return None
        entries += found
    return (
        f"java.util.stream.Stream.of({', '.join(entries)})"
        ".filter(java.util.Objects::nonNull)"
        '.collect(java.util.stream.Collectors.joining(",", "{", "}"))'
    )


def _java_entries(part: Any) -> list[str] | None:
    """The JSON texts of a merge's part's entries (``"ref":"r1"``), a choice's one text or
    null; None for a part that is no dict nor a choice between them."""
    if type(part) is dict:
        return [_java_entry(str(key), value) for key, value in part.items()]
    chosen = _JAVA.keyed_choice(part)
    if chosen is None:
        return None
    cond, then, else_ = chosen
    yes, no = _java_entries(then), _java_entries(else_)
    if yes is None or no is None or len(yes) > 1 or len(no) > 1:
        return None  # several entries in a branch: the map's form
    return [f"({cond} ? {yes[0] if yes else 'null'} : {no[0] if no else 'null'})"]


def _java_entry(key: str, value: Any) -> str:
    named = json.dumps(key, ensure_ascii=False) + ":"
    if not _has_expr(value):
        return json.dumps(named + json.dumps(value, ensure_ascii=False, default=str))
    return f"{json.dumps(named, ensure_ascii=False)} + {java_json(value)}"


def _java_each(expr: Expr) -> str:
    item = java_json(with_op(expr.item, expr, _JAVA))
    return (
        f"{_JAVA.operand(expr.over)}.stream().map({expr.var.strip()} -> {item})"
        '.collect(java.util.stream.Collectors.joining(",", "[", "]"))'
    )


def _java_concat(expr: Expr) -> str:
    streams = ", ".join(_java_stream(as_list(part)) for part in expr.parts)
    return (
        f"java.util.stream.Stream.<java.util.stream.Stream<String>>of({streams})"
        '.flatMap(s -> s).collect(java.util.stream.Collectors.joining(",", "[", "]"))'
    )


def kotlin_json(value: Any) -> str:
    """A Kotlin ``String`` expression whose value is the JSON text of ``value``: literal parts as
    string literals, run-time values through ``dodoJson`` (suggest.py defines it), a choice as
    ``if``, an each through ``joinToString``."""
    return _json_text(value, _KOTLIN_JSON)


def _kotlin_each(expr: Expr) -> str:
    item = kotlin_json(with_op(expr.item, expr, _KOTLIN))
    return (
        f'{_KOTLIN.operand(expr.over)}.joinToString(",", "[", "]") '
        f"{{ {expr.var.strip()} -> {item} }}"
    )


def _kotlin_concat(expr: Expr) -> str:
    lists = ", ".join(_kotlin_list(as_list(part)) for part in expr.parts)
    return f'listOf<List<String>>({lists}).flatten().joinToString(",", "[", "]")'


def shell_json(value: Any) -> str:
    """A shell word whose value is the JSON text of ``value``: literal parts single-quoted, run-time
    text through ``jq`` (JSON-quoted), numbers as they are, a choice through ``if``, an each
    through a ``for`` loop collected by ``jq -s``."""
    return _json_text(value, _SHELL_JSON)


def _shell_concat(expr: Expr) -> str:
    lines = "; ".join(_shell_lines(as_list(part)) for part in expr.parts)
    return f'"$({{ {lines}; }} | jq -cs .)"'


def _shell_value(expr: Expr) -> str:
    word = _SHELL.expr(expr)
    if expr.form == "field" or expr.type in ("int", "bool"):  # a number or true/false: as is
        return word
    flag = "--argjson" if expr.type == "metadata" else "--arg"
    quoted = word if word.startswith('"') else f'"{word}"'
    return f"\"$(jq -cn {flag} v {quoted} '$v')\""


_JAVA_JSON: Final = _JsonText(
    _JAVA,
    lambda text: json.dumps(text, ensure_ascii=False),
    lambda cond, then, else_: f"({cond} ? {then} : {else_})",
    _java_each,
    _java_concat,
    lambda expr: f"{json_of()}({_JAVA.expr(expr)})",
)
_KOTLIN_JSON: Final = _JsonText(
    _KOTLIN,
    kotlin_string,
    lambda cond, then, else_: _KOTLIN.choice(cond, then, else_, 0),
    _kotlin_each,
    _kotlin_concat,
    lambda expr: f"dodoJson({_KOTLIN.expr(expr)})",
)
_SHELL_JSON: Final = _JsonText(
    _SHELL,
    _shell_quote,
    lambda cond, then, else_: (
        f"\"$(if {cond}; then printf '%s' {then}; else printf '%s' {else_}; fi)\""
    ),
    lambda expr: f'"$({_shell_lines(expr)} | jq -cs .)"',
    _shell_concat,
    _shell_value,
    separator="",
)


def _branches(expr: Expr) -> tuple[tuple[Any, bool], tuple[Any, bool]]:
    return ((expr.then, True), (expr.else_, False))


def _decided_branches(expr: Expr, cond: str, written: Callable[[str], str]) -> Expr:
    """A choice whose branches' own choices on the same condition are decided (``c ? m : c ?
    m : null`` is ``c ? m : null``; see :func:`decided`)."""
    return dataclasses.replace(
        expr,
        then=decided(expr.then, cond, True, written),
        else_=decided(expr.else_, cond, False, written),
    )


def _java_stream(value: Any) -> str:
    """A Java ``Stream<String>`` of the JSON texts of a list's elements (a literal list, a
    mapped one, or a choice between lists)."""
    java = _JAVA
    if type(value) is Expr and value.form == "choice":
        cond = java.condition(value.cond)
        value = _decided_branches(value, cond, java.condition)
        return f"({cond} ? {_java_stream(value.then)} : {_java_stream(value.else_)})"
    if type(value) is Expr and value.form == "each":
        item = java_json(with_op(value.item, value, java))
        return f"{java.operand(value.over)}.stream().map({value.var.strip()} -> {item})"
    elements = ", ".join(java_json(element) for element in value or [])
    return f"java.util.stream.Stream.<String>of({elements})"


def _kotlin_list(value: Any) -> str:
    """A Kotlin ``List<String>`` of the JSON texts of a list's elements (see
    :func:`_java_stream`)."""
    kotlin = _KOTLIN
    if type(value) is Expr and value.form == "choice":
        cond = kotlin.condition(value.cond)
        value = _decided_branches(value, cond, kotlin.condition)
        return f"(if ({cond}) {_kotlin_list(value.then)} else {_kotlin_list(value.else_)})"
    if type(value) is Expr and value.form == "each":
        item = kotlin_json(with_op(value.item, value, kotlin))
        return f"{kotlin.operand(value.over)}.map {{ {value.var.strip()} -> {item} }}"
    elements = ", ".join(kotlin_json(element) for element in value or [])
    return f"listOf<String>({elements})"


def _shell_lines(value: Any) -> str:
    """Shell commands that print the JSON text of each of a list's elements, one a line (as
    :func:`_java_stream`; ``jq -cs .`` collects them)."""
    shell = _SHELL
    if type(value) is Expr and value.form == "choice":
        cond = shell.condition(value.cond)
        value = _decided_branches(value, cond, shell.condition)
        return f"if {cond}; then {_shell_lines(value.then)}; else {_shell_lines(value.else_)}; fi"
    if type(value) is Expr and value.form == "each":
        item = shell_json(with_op(value.item, value, shell))
        var, over = shell.variable(value.var), shell.collection(value.over)
        return f"for {var} in {over}; do printf '%s\\n' {item}; done"
    words = " ".join(shell_json(element) for element in value or [])
    return f"printf '%s\\n' {words}" if words else ":"
