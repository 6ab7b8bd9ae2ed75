"""Python: ``stripe.checkout.Session.create(**kwargs)`` and ``StripeClient``'s ``params=``.

Values are followed as a reader does (``migrate/scan/follow.py``): dicts built over statements
(``params["k"] = v``, ``params.update(...)``, ``{**base, ...}``, ``dict(...)``, ``a | b``),
``x if c else y`` and ``x or "literal"`` as choices, comprehensions and lists appended to in a
``for`` or counting ``while`` loop as ``$each``, functions and ``self.`` methods followed.

``parser_text`` is what the parser is given: tree-sitter-python's indentation scanner reads ahead
over every following comment line at each comment in an indented block, so a long run of
comment-only lines costs the square of its length (20,000 lines: over a minute); such runs are
blanked first (the same length, so every offset stays).
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any, ClassVar, Final

from ast_grep_py import SgNode

from migrate.scan import reach
from migrate.scan.arith import computed
from migrate.scan.destructure import destructured, picked
from migrate.scan.extract import (
    EACH,
    OMIT,
    RUN_TIME_OPTIONS,
    Binding,
    Dynamic,
    arguments,
    dynamic_marker,
    each_marker,
    file_cache,
    is_dynamic,
    joined_lists,
    spliced,
    start,
    text,
)
from migrate.scan.follow import (
    Arg,
    Event,
    Follower,
    Frame,
    Keys,
    Unfollowable,
    inside,
    plain_dict,
)
from migrate.scan.imported_helpers import imported_function
from migrate.scan.index_loops import python_indices, python_while_index_loop
from migrate.scan.lang.constant_templates import fstring_literal, known_value
from migrate.scan.lang.entry_filters import same_entries
from migrate.scan.lang.firebase_sessions import checkout_document, firestore_params
from migrate.scan.lang.python_mutations import mutation
from migrate.scan.metadata_wholes import spreads_only
from migrate.scan.model_methods import model_method
from migrate.scan.nodes import is_comment, of_kind
from migrate.scan.patterns import CallPattern, Family
from migrate.scan.py_dataclasses import ASDICT, dataclass_fields
from migrate.scan.reach import Paths
from migrate.scan.request_texts import PY_REQUEST_TEXT
from migrate.scan.table_lookups import entry, table_choice

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


_COMPUTED: Final = "\x00computed"


_PATCHED: Final = re.compile(
    r"\bpatch\(\s*['\"](?P<path>[\w.]+)['\"]"
    r"|\bpatch\.object\(\s*(?P<owner>[\w.]+)\s*,\s*['\"](?P<method>\w+)['\"]"
    r"|(?P<owner2>\w+(?:\.\w+)*)\.(?P<member>\w+)\s*=\s*(?:Magic|Async)?Mock\("
)
"""A method replaced by a mock: ``patch("a.b.m")``, ``patch.object(b, "m")``, ``b.m = Mock()``."""
_ENV_READ: Final = re.compile(r"(os\.)?(environ\[|environ\.get\(|getenv\()")
"""An environment read: ``os.environ["X"]``, ``os.environ.get("X")``, ``os.getenv("X")``."""


_LISTS: Final = frozenset({"list", "list_comprehension"})
"""A list written in place, beside which ``+`` joins lists."""


class PythonExtractor(Follower):
    family: ClassVar[Family] = "python"
    functions: ClassVar[frozenset[str]] = frozenset({"function_definition", "lambda"})
    wrappers: ClassVar[frozenset[str]] = frozenset({"parenthesized_expression", "await"})
    in_place_kinds: ClassVar[tuple[str, ...]] = ("augmented_assignment",)
    bindings_spec: ClassVar[tuple[tuple[str, str, str], ...]] = (("assignment", "left", "right"),)
    if_kinds: ClassVar[frozenset[str]] = frozenset({"if_statement"})
    ternary_kinds: ClassVar[frozenset[str]] = frozenset({"conditional_expression"})
    paths: ClassVar[Paths | None] = reach.PYTHON
    loop_kinds: ClassVar[frozenset[str]] = frozenset({"for_statement", "while_statement"})
    blocking_kinds: ClassVar[frozenset[str]] = frozenset(
        {"except_clause", "except_group_clause", "match_statement"}
    )
    mutation_kinds: ClassVar[tuple[str, ...]] = (
        "assignment",
        "augmented_assignment",
        "call",
        "delete_statement",
    )
    mutation_roots: ClassVar[tuple[str, ...]] = ("del",)
    rebinding_kinds: ClassVar[tuple[tuple[str, str], ...]] = (
        ("assignment", "left"),
        ("augmented_assignment", "left"),
    )
    effect_kinds: ClassVar[tuple[str, ...]] = ("call", "await", "named_expression")
    pure_calls: ClassVar[frozenset[str]] = frozenset(
        {"str", "int", "float", "bool", "round", "abs", "lower", "upper", "strip", "title"}
    )
    mock_values: ClassVar[re.Pattern[str]] = re.compile(
        r"\b((Magic|Async|NonCallable)?Mock|create_autospec)\(|\bmocker\.(patch|Mock|MagicMock)\b"
    )
    declaration_kinds: ClassVar[dict[str, tuple[str, ...]]] = {
        "assignment": ("left",),
        "for_statement": ("left",),
        "for_in_clause": ("left",),
        "as_pattern": ("alias",),
        "named_expression": ("name",),
    }

    def accept(self, call: SgNode, pattern: CallPattern) -> bool:
        if pattern.guard == "firestore_checkout":  # the Firebase extension's collection
            found = checkout_document(call, self, "python") is not None
            self.dynamic.clear()
            return found and not self.mocked(call)
        return not self.mocked(call) and super().accept(call, pattern)

    def patched_targets(self, source: str) -> set[str]:
        found: set[str] = set()
        if "patch" not in source and "Mock(" not in source:  # each alternative holds one
            return found
        for m in _PATCHED.finditer(source):
            if m.group("path"):
                found.add(m.group("path"))
            else:
                owner = m.group("owner") or m.group("owner2")
                found.add(_flat(owner) + "." + (m.group("method") or m.group("member")))
        return found

    def receiver(self, callee: SgNode) -> SgNode | None:
        node = self.unwrap(callee)
        while node.kind() in ("attribute", "call", "subscript"):
            inner = node.field("object") or node.field("function") or node.field("value")
            if inner is None:
                return None
            node = self.unwrap(inner)
        return node if node.kind() == "identifier" else None

    def params(self, call: SgNode, pattern: CallPattern) -> dict[str, Any]:
        """The keywords (``Session.create(mode=...)``), or StripeClient's ``params=``. A
        resource call's SDK reads the request options out of its keywords, spread ones
        included (``**opts`` holding ``stripe_account``): those are options (findings,
        ``options.py``), not params, and a spread that cannot be read may hold them (X022)."""
        if pattern.guard == "firestore_checkout":
            doc = checkout_document(call, self, "python")
            self.dynamic.clear()
            return firestore_params(doc, self) if doc is not None else {}
        params: dict[str, Any] = {}
        positional = 0
        kwargs = pattern.args == "kwargs"
        for arg in arguments(call):
            kind = arg.kind()
            if kind == "keyword_argument":
                name, value = text(arg.field("name")), arg.field("value")
                if name in pattern.ignored_keywords or value is None:
                    continue
                if kwargs:
                    self.put(params, name, value, "")
                elif name == pattern.params_keyword:
                    self.merge(params, value, "", arg.text())
            elif kind == "dictionary_splat":
                inner = arg.named_children()
                if inner:
                    mark = len(self.dynamic)
                    self.merge(params, inner[0], "", arg.text())
                    if kwargs:  # a part of the spread not read (itself, a spread in it)
                        self.options.extend(
                            (RUN_TIME_OPTIONS, d.source.removeprefix("**"))
                            for d in self.dynamic[mark:]
                            if not d.path
                        )
            else:
                first = 1 if pattern.id_arg else 0  # Subscription.modify(id, ...)
                if pattern.args == "params_arg" and positional == first:
                    self.merge(params, arg, "", arg.text())
                elif pattern.args == "kwargs" and positional >= first:
                    self.dynamic.append(Dynamic("", arg.text()))
                positional += 1
        if kwargs:
            self.take_options(params, pattern.ignored_keywords)
        return params

    def bindings(self, scope: SgNode, name: str) -> list[Binding]:
        """Assignments, and walruses (``price := row["price"]``, in a comprehension or a
        condition too: it binds the function's name), whose value node is the walrus itself."""
        found = [*super().bindings(scope, name), *destructured(self, scope, name)]
        walrus = [
            (start(node), node, node.range().end.index)
            for node in self.direct(scope, "named_expression")
            if text(node.field("name")) == name
        ]
        return sorted([*found, *walrus], key=lambda b: b[0])

    def literal(self, node: SgNode, path: str) -> tuple[Any] | None:
        kind = node.kind()
        if kind == "named_expression" and node.range().end.index <= self.site:
            # bound before the call, maybe never or many times (a comprehension, a condition
            # short-circuited): the name holds its run-time value there (a helper's is unseen)
            if self._frame_of(node) is not None:
                raise Unfollowable(text(node.field("name")))
            return (dynamic_marker(text(node.field("name"))),)
        if kind in ("true", "false"):
            return (kind == "true",)
        if kind == "none":
            return (None,)
        if kind == "identifier":  # params, options = build(): its element (destructure.py)
            return picked(self, node, path) or self.resolve(node, path)
        if kind == "dictionary":
            known = self._dict(node, path)
            return (known,) if known is not None else None
        if kind in ("list", "tuple", "expression_list"):  # return a, b: a tuple
            return (self._list(node, path),)
        if kind in _LITERALS or (kind == "unary_operator" and _is_number(node)):
            return python_literal(node.text()) or fstring_literal(self, node, path)
        if kind in ("call", "dictionary_comprehension") and (of := same_entries(node)) is not None:
            same = self.value(of, path, record=False)  # d.copy(), {k: v for k, v in d.items()...}
            return None if is_dynamic(same) and len(same) == 1 else (same,)
        if kind in ("binary_operator", "call") and (got := computed(self, node, path)):
            return got  # 29 * 100, round(9.99 * 100)
        if kind == "call" and text(node.field("function")) == "dict":
            return self._dict_call(node, path)
        if kind == "call" and text(node.field("function")) == "list" and not arguments(node):
            return ([],)  # items = list(): the empty list, as items = [] is read
        if kind == "call":
            return self._dataclass(node, path)
        return None

    def key_of(self, target: SgNode, name: str) -> str | None:
        if target.kind() != "subscript":
            return None
        obj, index = target.field("value"), target.field("subscript")
        if obj is None or index is None or obj.kind() != "identifier" or obj.text() != name:
            return None
        got = python_literal(index.text()) if index.kind() == "string" else None
        return got[0] if got is not None and type(got[0]) is str else None

    def _dict(self, node: SgNode, path: str) -> dict[str, Any] | None:
        """The dict a literal builds; None when a nested one is only partly known (a computed
        key, a spread of a run-time value): it is a run-time value as a whole then. The
        params themselves (``path`` empty) keep what is known, the rest listed as dynamic."""
        out: dict[str, Any] = {}
        mark = len(self.dynamic)
        for child in node.named_children():
            kind = child.kind()
            if kind == "comment":
                continue
            if kind == "pair":
                key_node, value = child.field("key"), child.field("value")
                key = self._key(key_node, path) if key_node is not None else None
                if key is None or value is None:
                    self.dynamic.append(Dynamic(path, child.text()))
                    continue
                self.put(out, key, value, path)
            elif kind == "dictionary_splat":
                inner = child.named_children()
                if inner:
                    at, before = len(self.dynamic), list(out)
                    self.merge(out, inner[0], path, child.text())
                    self.merged_after(at, path, before)
            else:
                self.dynamic.append(Dynamic(path, child.text()))
        if path and len(self.dynamic) > mark and not spreads_only(self.dynamic[mark:], path):
            del self.dynamic[mark:]
            return None
        return out

    def _key(self, node: SgNode, path: str) -> str | None:
        if node.kind() == "string":
            got = python_literal(node.text())
            return got[0] if got is not None and type(got[0]) is str else None
        if node.kind() == "integer":
            return node.text()
        if node.kind() in ("identifier", "attribute"):  # a constant: {USER_ID: user.id}
            value = known_value(self, node, path)  # never listed: a key is no value of the params
            return str(value) if type(value) in (str, int) else None
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
                elif type(got) is dict and EACH in got:
                    out.append(got)  # a mapped list spliced in: its elements, in place
                elif inner:
                    out.append(spliced(self.source_of(child), self.source_of(inner[0]), path))
                continue
            out.append(self.value(child, f"{path}[{len(out)}]"))
        return out

    def _dataclass(self, node: SgNode, path: str) -> tuple[Any] | None:
        """``asdict(x)`` as ``x`` when that is a dict; a same-file dataclass's constructor call
        as the dict ``asdict`` makes of it (``migrate/scan/py_dataclasses.py``)."""
        args = [a for a in arguments(node) if a.kind() != "comment"]
        if text(node.field("function")) in ASDICT:
            got = self.literal(self.unwrap(args[0]), path) if len(args) == 1 else None
            return got if got is not None and plain_dict(got[0]) else None
        fields = dataclass_fields(node)
        if fields is None or any(a.kind() in ("list_splat", "dictionary_splat") for a in args):
            return None
        given = [a for a in args if a.kind() != "keyword_argument"]
        named = {text(a.field("name")): a.field("value") for a in args if a not in given}
        inits = [f.name for f in fields if f.init]
        if len(given) > len(inits) or set(named) - set(inits[len(given) :]):
            return None
        values = {**dict(zip(inits, given, strict=False)), **named}
        if any(f.required and values.get(f.name) is None for f in fields):
            return None  # a value made at run time (a default_factory): the call stays opaque
        out: dict[str, Any] = {}
        for f in fields:
            node_of = values.get(f.name) or f.default
            if node_of is not None and node_of.kind() != "none":
                self.put(out, f.name, node_of, path)
        return (out,)

    def _dict_call(self, node: SgNode, path: str) -> tuple[Any] | None:
        out: dict[str, Any] = {}
        for arg in arguments(node):
            if arg.kind() == "keyword_argument":
                name, value = text(arg.field("name")), arg.field("value")
                if value is not None:
                    self.put(out, name, value, path)
            elif arg.kind() == "dictionary_splat" and arg.named_children():
                self.merge(out, arg.named_children()[0], path, arg.text())
            elif not out and arg.kind() not in ("list_splat", "comment"):
                self.merge(out, arg, path, arg.text())  # dict(base, k=v)
            else:
                return None
        return (out,)

    # -- following the data (follow.py's hooks) ----------------------------------------

    def structured(self, node: SgNode, path: str) -> Any:
        kind = node.kind()
        if kind == "conditional_expression":
            parts = [c for c in node.named_children() if not is_comment(c)]
            if len(parts) == 3:
                return self.either(node, parts[1], parts[0], parts[2], path)
        elif kind == "boolean_operator":
            left, right, op = node.field("left"), node.field("right"), text(node.field("operator"))
            if op == "or" and left is not None and right is not None:
                return self.fallback(node, left, right, path, falsy=True)
            if op == "and" and left is not None and right is not None:
                return self.guarded(node, left, right, path)
        elif kind in ("list_comprehension", "generator_expression"):  # extend(x for x in xs)
            return self._comprehension(node, path)
        elif kind == "call":
            return self.follow_call(node, path)
        elif kind == "subscript":
            obj, index = node.field("value"), node.field("subscript")
            if obj is not None and index is not None:
                table, key = self.evaluate(obj, path), self.literal(index, path)
                got = entry(table, key)  # a key known only at run time: a choice of entries
                return got if key is not None else table_choice(table, text(index), self.choice)
        elif kind == "binary_operator" and text(node.field("operator")) == "+":
            return self._joined(node, path)
        elif kind == "binary_operator" and text(node.field("operator")) == "|":
            left, right = node.field("left"), node.field("right")
            if left is not None and right is not None:
                a, b = self.evaluate(left, path), self.evaluate(right, path)
                if plain_dict(a) and plain_dict(b):
                    return {**a, **b}
        return None

    def _joined(self, node: SgNode, path: str) -> list[Any] | None:
        """``lines + [fee_line]`` (a list written beside another): the two lists one after the
        other, as ``[*lines, fee_line]`` is read (a mapped list kept whole, its elements in
        place); None when neither side is written as a list."""
        left, right = node.field("left"), node.field("right")
        if left is None or right is None:
            return None
        if not {self.unwrap(left).kind(), self.unwrap(right).kind()} & _LISTS:
            return None
        return joined_lists(self.evaluate(side, path) for side in (left, right))

    def _comprehension(self, node: SgNode, path: str) -> Any:
        clauses = [c for c in node.named_children() if c.kind() == "for_in_clause"]
        body = node.field("body")
        if len(clauses) != 1 or body is None:
            return None
        left, right = clauses[0].field("left"), clauses[0].field("right")
        if left is None or right is None:
            return None
        self.frames.append(Frame(node, self.pattern_names(left)))
        try:
            item = self.evaluate(body, f"{path}[]")
            over = self.source_of(right)
            conds = [
                self.source_of(c.named_children()[0])
                for c in node.named_children()
                if c.kind() == "if_clause" and c.named_children()
            ]
            source = self.source_of(node)
        except Unfollowable:
            return None
        finally:
            self.frames.pop()
        var = left.text()
        if conds:  # a tuple target is an element in parentheses: [(p, q) for p, q in ...]
            elem = f"({var})" if "," in var else var
            over = f"[{elem} for {var} in {over} {' '.join(f'if {c}' for c in conds)}]"
        return each_marker(source, over, var, item)

    def condition(self, node: SgNode) -> tuple[str, list[SgNode]] | None:
        kind = node.kind()
        if kind == "not_operator":
            arg = node.field("argument")
            return ("not", [arg]) if arg is not None else None
        if kind == "boolean_operator":
            left, right, op = node.field("left"), node.field("right"), text(node.field("operator"))
            return (op, [left, right]) if left is not None and right is not None else None
        if kind != "comparison_operator":
            return None
        parts = [c for c in node.named_children() if not is_comment(c)]
        ops = [c.text() for c in node.children() if not c.is_named()]
        if len(parts) != 2 or len(ops) != 1 or ops[0] not in ("==", "!=", "is", "is not"):
            return None
        return ("differ" if ops[0] in ("!=", "is not") else "same", parts)

    def branches(self, stmt: SgNode) -> list[tuple[SgNode | None, SgNode]]:
        out: list[tuple[SgNode | None, SgNode]] = []
        if stmt.kind() == "conditional_expression":  # ``then if cond else other``
            parts = [c for c in stmt.named_children() if not is_comment(c)]
            return [(parts[1], parts[0]), (None, parts[2])] if len(parts) == 3 else []
        cond, body = stmt.field("condition"), stmt.field("consequence")
        if cond is not None and body is not None:
            out.append((cond, body))
        for child in stmt.named_children():
            if child.kind() == "elif_clause":
                cond, body = child.field("condition"), child.field("consequence")
                if cond is not None and body is not None:
                    out.append((cond, body))
            elif child.kind() == "else_clause":
                out.append((None, child))
        return out

    def local_to(self, fn: SgNode, name: str, node: SgNode) -> bool:
        """A name a function assigns is its own local unless it says ``nonlocal`` / ``global``
        (a lambda assigns nothing); one it only reads or changes is the enclosing one."""
        if self.is_parameter(fn, name):
            return True
        shared = any(
            c.kind() == "identifier" and c.text() == name
            for kind in ("nonlocal_statement", "global_statement")
            for stmt in self.direct(fn, kind)
            for c in stmt.named_children()
        )
        return not shared and bool(self.bindings(fn, name))

    def loop_parts(self, loop: SgNode) -> tuple[SgNode, SgNode] | None:
        if loop.kind() == "while_statement":  # i = 0 / while i < len(items): ...; i += 1
            return python_while_index_loop(loop)
        left, right = loop.field("left"), loop.field("right")
        return (left, right) if left is not None and right is not None else None

    def loop_over(self, loop: SgNode, over: str) -> str:
        return python_indices(over) if loop.kind() == "while_statement" else over

    def mutation(self, node: SgNode, name: str) -> Event | None:
        return mutation(node, name, self._keys)

    def _keys(self, target: SgNode, name: str) -> tuple[Keys, bool] | None:
        """The key path of ``name["a"]["b"]`` (``()`` for ``name`` itself), and whether every
        key is known (else the path up to the first computed one); None when it is not rooted
        at ``name``."""
        keys: list[Any] = []
        node = self.unwrap(target)
        while node.kind() == "subscript":
            index, inner = node.field("subscript"), node.field("value")
            if index is None or inner is None:
                return None
            got = python_literal(index.text()) if index.kind() in ("string", "integer") else None
            if got is None and index.kind() in ("identifier", "attribute"):
                constant = self._key(index, "")  # params["metadata"][USER_ID]
                got = (constant,) if constant is not None else None
            keys.append(got[0] if got is not None and type(got[0]) in (str, int) else _COMPUTED)
            node = self.unwrap(inner)
        if node.kind() != "identifier" or node.text() != name:
            return None
        path = list(reversed(keys))
        if _COMPUTED in path:
            return tuple(path[: path.index(_COMPUTED)]), False
        return tuple(path), True

    def env_read(self, source: str) -> bool:
        flat = _flat(source)  # an environment's value, or a request's form or query text
        return _ENV_READ.match(flat) is not None or PY_REQUEST_TEXT.fullmatch(flat) is not None

    def references(self, node: SgNode) -> list[SgNode]:
        out = []
        for ident in node.find_all(kind="identifier"):
            parent = ident.parent()
            if parent is not None:
                pk = parent.kind()
                if pk == "attribute" and parent.field("attribute") == ident:
                    continue
                if pk == "keyword_argument" and parent.field("name") == ident:
                    continue
            out.append(ident)
        return out

    def helper(self, call: SgNode) -> tuple[SgNode, SgNode | None] | None:
        callee = call.field("function")
        if callee is None:
            return None
        if callee.kind() == "identifier":
            found = [
                d
                for d in self._defs(callee)
                if _class_of(d) is None and inside(self.scope(d), call)
            ]
            if found:
                return max(found, key=lambda d: d.range().start.index), None
            imported = imported_function(call, callee.text(), self.file, "python", self.borrowed)
            return (imported, None) if imported is not None else None
        if callee.kind() != "attribute":
            return None
        obj, method = callee.field("object"), text(callee.field("attribute"))
        if obj is None or obj.kind() != "identifier":
            return None
        if obj.text() not in ("self", "cls"):  # order.to_line_items(): its model's method
            found_method = model_method(self, call, obj, method)
            return (found_method, obj) if found_method is not None else None
        owner = next((a for a in call.ancestors() if a.kind() == "class_definition"), None)
        if owner is None:
            return None
        for d in self._defs(callee.field("attribute") or callee):
            if _class_of(d) == owner and text(d.field("name")) == method:
                static = _decorated(d, "staticmethod")
                return d, None if static else obj
        return None

    def _defs(self, name: SgNode) -> list[SgNode]:
        root = name.get_root()
        key = (type(self), "defs")
        cache = file_cache(root.root())
        defs: dict[str, list[SgNode]] | None = cache.get(key)
        if defs is None:
            defs = {}
            for d in of_kind(root.root(), "function_definition"):
                defs.setdefault(text(d.field("name")), []).append(d)
            cache[key] = defs
        return defs.get(name.text(), [])

    def params_of(self, fn: SgNode, call: SgNode, receiver: SgNode | None) -> dict[str, Arg] | None:
        positional: list[SgNode] = [] if receiver is None else [receiver]
        keywords: dict[str, SgNode] = {}
        for arg in arguments(call):
            if arg.kind() == "keyword_argument":
                keyword, value = arg.field("name"), arg.field("value")
                if keyword is None or value is None:
                    return None
                keywords[keyword.text()] = value
            elif arg.kind() in ("list_splat", "dictionary_splat"):
                return None
            else:
                positional.append(arg)
        out: dict[str, Arg] = {}
        params = fn.field("parameters")
        keyword_only = False
        for param in params.named_children() if params is not None else []:
            kind = param.kind()
            if kind in ("keyword_separator", "list_splat_pattern"):
                keyword_only = True
                continue
            if kind == "dictionary_splat_pattern":
                inner = param.named_children()
                if inner:
                    out[inner[0].text()] = Arg(kwargs=tuple(keywords.items()))
                keywords = {}
                continue
            default: SgNode | None = None
            if kind in ("identifier", "typed_parameter"):
                ident = param if kind == "identifier" else param.find(kind="identifier")
                name = ident.text() if ident else ""
            elif kind in ("default_parameter", "typed_default_parameter"):
                name, default = text(param.field("name")), param.field("value")
            else:
                continue
            if name in keywords:
                out[name] = Arg(keywords.pop(name))
            elif positional and not keyword_only:
                out[name] = Arg(positional.pop(0))
            else:
                out[name] = Arg(default)
        return out

    def parameter_nodes(self, fn: SgNode) -> list[SgNode]:
        params = fn.field("parameters")
        return [p for p in params.named_children()] if params is not None else []

    def expression_body(self, fn: SgNode) -> SgNode | None:
        return fn.field("body") if fn.kind() == "lambda" else None

    def pattern_names(self, pattern: SgNode) -> frozenset[str]:
        return frozenset(n.text() for n in pattern.find_all(kind="identifier"))

    def render(self, value: Any) -> str:
        return python_source(value)

    def ternary(self, cond: str, then: str, else_: str) -> str:
        return f"({then} if {cond} else {else_})"

    def mapped(self, over: str, var: str, item: str) -> str:
        return f"[{item} for {var} in {over}]"

    def member(self, base: str, keys: Keys) -> str:
        return base + "".join(f"[{json.dumps(k)}]" for k in keys)


def python_source(value: Any) -> str:
    """``value`` written as a Python expression (a marker is its source text)."""
    if type(value) is dict:
        if "$dynamic" in value and next(iter(value)) == "$dynamic":
            return str(value["$dynamic"])
        pairs = (f"{json.dumps(k)}: {python_source(v)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    if type(value) is list:
        return "[" + ", ".join(python_source(v) for v in value) + "]"
    if value is None or value is OMIT:
        return "None"
    if type(value) is bool:
        return "True" if value else "False"
    if type(value) is str:
        return json.dumps(value)
    return repr(value)


def _flat(source: str) -> str:
    return "".join(source.split())


def _class_of(fn: SgNode) -> SgNode | None:
    """The class a function is defined directly in (a method), if any."""
    node = fn.parent()
    if node is not None and node.kind() == "decorated_definition":
        node = node.parent()
    if node is not None and node.kind() == "block":
        node = node.parent()
    return node if node is not None and node.kind() == "class_definition" else None


def _decorated(fn: SgNode, name: str) -> bool:
    parent = fn.parent()
    if parent is None or parent.kind() != "decorated_definition":
        return False
    return any(d.text().lstrip("@").strip() == name for d in parent.find_all(kind="decorator"))


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
