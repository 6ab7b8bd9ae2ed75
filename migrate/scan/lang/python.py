"""Python: ``stripe.checkout.Session.create(**kwargs)`` and ``StripeClient``'s ``params=``.

``parser_text`` is what the parser is given: tree-sitter-python's indentation scanner reads ahead
over every following comment line at each comment in an indented block, so a long run of
comment-only lines costs the square of its length (20,000 lines: over a minute); such runs are
blanked first (the same length, so every offset stays).
"""

from __future__ import annotations

import ast
import re
from typing import Any, ClassVar, Final

from ast_grep_py import SgNode

from migrate.scan.extract import Dynamic, Extractor, arguments, text
from migrate.scan.patterns import CallPattern, Family

_LITERALS: Final = frozenset({"string", "concatenated_string", "integer", "float"})

TRIVIA_RUN: Final = 8
"""Runs of this many comment-only (or backslash-only) lines or more are blanked before parsing;
a shorter run costs at most this factor, so the parse stays linear in the file's length."""
_LEXEMES: Final = re.compile(r"#|\\|'''|\"\"\"|'|\"")
_STRING_END: Final = {
    q: re.compile(rf"\\.|{re.escape(q)}" + ("" if len(q) == 3 else r"|\n"), re.DOTALL)
    for q in ("'''", '"""', "'", '"')
}
_LINE_END: Final = re.compile(r"\r?\n|\r|$")
_SPACE: Final = " \t\f"


def parser_text(source: str) -> str:
    """``source`` with each run of ``TRIVIA_RUN`` or more comment-only or backslash-only lines
    (blank lines between them allowed) blanked: spaces, the same length, line breaks kept, so
    every offset stays. Unchanged when there is none. One pass over the text, telling comments
    from ``#`` inside strings."""
    trivia: list[tuple[int, int]] = []  # (start, end) of the comment or backslash of a line
    at = 0
    while (m := _LEXEMES.search(source, at)) is not None:
        lexeme, begin = m.group(), m.start()
        if lexeme in ("#", "\\"):
            end = _LINE_END.search(source, begin).start()  # type: ignore[union-attr]
            line_start = max(source.rfind("\n", 0, begin), source.rfind("\r", 0, begin)) + 1
            alone = not source[line_start:begin].strip(_SPACE)
            if alone and (lexeme == "#" or end == begin + 1):
                trivia.append((begin, end))
            at = end if lexeme == "#" else begin + 1
            continue
        closing = _STRING_END[lexeme]
        at = m.end()
        while (e := closing.search(source, at)) is not None and e.group().startswith("\\"):
            at = e.end()
        at = len(source) if e is None else e.end()
    blank: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    for span in trivia:
        if run and source[run[-1][1] : span[0]].strip(_SPACE + "\r\n"):
            if len(run) >= TRIVIA_RUN:
                blank.extend(run)
            run = []
        run.append(span)
    if len(run) >= TRIVIA_RUN:
        blank.extend(run)
    if not blank:
        return source
    out: list[str] = []
    last = 0
    for begin, end in blank:
        out.append(source[last:begin] + " " * (end - begin))
        last = end
    out.append(source[last:])
    return "".join(out)


class PythonExtractor(Extractor):
    family: ClassVar[Family] = "python"
    functions: ClassVar[frozenset[str]] = frozenset({"function_definition", "lambda"})
    wrappers: ClassVar[frozenset[str]] = frozenset({"parenthesized_expression", "await"})
    bindings_spec: ClassVar[tuple[tuple[str, str, str], ...]] = (("assignment", "left", "right"),)

    def params(self, call: SgNode, pattern: CallPattern) -> dict[str, Any]:
        params: dict[str, Any] = {}
        positional = 0
        for arg in arguments(call):
            kind = arg.kind()
            if kind == "keyword_argument":
                name, value = text(arg.field("name")), arg.field("value")
                if name in pattern.ignored_keywords or value is None:
                    continue
                if pattern.args == "kwargs":
                    self.put(params, name, value, "")
                elif name == pattern.params_keyword:
                    self.merge(params, value, "", arg.text())
            elif kind == "dictionary_splat":
                inner = arg.named_children()
                if inner:
                    self.merge(params, inner[0], "", arg.text())
            else:
                first = 1 if pattern.id_arg else 0  # Subscription.modify(id, ...)
                if pattern.args == "params_arg" and positional == first:
                    self.merge(params, arg, "", arg.text())
                elif pattern.args == "kwargs" and positional >= first:
                    self.dynamic.append(Dynamic("", arg.text()))
                positional += 1
        return params

    def literal(self, node: SgNode, path: str) -> tuple[Any] | None:
        kind = node.kind()
        if kind in ("true", "false"):
            return (kind == "true",)
        if kind == "none":
            return (None,)
        if kind == "identifier":
            return self.resolve(node, path)
        if kind == "dictionary":
            return (self._dict(node, path),)
        if kind in ("list", "tuple"):
            return (self._list(node, path),)
        if kind in _LITERALS or (kind == "unary_operator" and _is_number(node)):
            return python_literal(node.text())
        if kind == "call" and text(node.field("function")) == "dict":
            return self._dict_call(node, path)
        return None

    def key_of(self, target: SgNode, name: str) -> str | None:
        if target.kind() != "subscript":
            return None
        obj, index = target.field("value"), target.field("subscript")
        if obj is None or index is None or obj.kind() != "identifier" or obj.text() != name:
            return None
        got = python_literal(index.text()) if index.kind() == "string" else None
        return got[0] if got is not None and type(got[0]) is str else None

    def _dict(self, node: SgNode, path: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for child in node.named_children():
            kind = child.kind()
            if kind == "comment":
                continue
            if kind == "pair":
                key_node, value = child.field("key"), child.field("value")
                key = self._key(key_node) if key_node is not None else None
                if key is None or value is None:
                    self.dynamic.append(Dynamic(path, child.text()))
                    continue
                self.put(out, key, value, path)
            elif kind == "dictionary_splat":
                inner = child.named_children()
                if inner:
                    self.merge(out, inner[0], path, child.text())
            else:
                self.dynamic.append(Dynamic(path, child.text()))
        return out

    def _key(self, node: SgNode) -> str | None:
        if node.kind() == "string":
            got = python_literal(node.text())
            return got[0] if got is not None and type(got[0]) is str else None
        if node.kind() == "integer":
            return node.text()
        return None  # computed keys

    def _list(self, node: SgNode, path: str) -> list[Any]:
        out: list[Any] = []
        for child in node.named_children():
            kind = child.kind()
            if kind == "comment":
                continue
            if kind == "list_splat":
                inner = child.named_children()
                got = self.value(inner[0], path, record=False) if inner else None
                if type(got) is list:
                    out.extend(got)
                else:
                    self.dynamic.append(Dynamic(f"{path}[{len(out)}]", child.text()))
                    out.append({"$dynamic": child.text()})
                continue
            out.append(self.value(child, f"{path}[{len(out)}]"))
        return out

    def _dict_call(self, node: SgNode, path: str) -> tuple[Any] | None:
        out: dict[str, Any] = {}
        for arg in arguments(node):
            if arg.kind() == "keyword_argument":
                name, value = text(arg.field("name")), arg.field("value")
                if value is not None:
                    self.put(out, name, value, path)
            elif arg.kind() == "dictionary_splat" and arg.named_children():
                self.merge(out, arg.named_children()[0], path, arg.text())
            else:
                return None
        return (out,)


def _is_number(node: SgNode) -> bool:
    inner = node.named_children()
    return len(inner) == 1 and inner[0].kind() in ("integer", "float")


def python_literal(source: str) -> tuple[Any] | None:
    """A Python string or number literal's value; None for f-strings and anything else."""
    try:
        value = ast.literal_eval(source)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    if type(value) in (str, int, float):
        return (value,)
    return None  # bytes, complex
