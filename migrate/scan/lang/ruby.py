"""Ruby: stripe-ruby's ``Stripe::Checkout::Session.create({...})`` (or bare ``mode: ...`` keyword
pairs) and ``StripeClient``'s ``client.v1.checkout.sessions.create(params)``.

A trailing second hash (``{stripe_account: ...}``, ``{idempotency_key: ...}``) holds request
options and is left out. Local variables are followed inside their ``def`` and out of the blocks
and lambdas around them (a ``def`` sees no outer locals); constants (``PRICE_ID = '...'``) are
followed anywhere outside methods, the innermost class or module around the use first.
"""

from __future__ import annotations

import codecs
from typing import Any, ClassVar, Final

from ast_grep_py import SgNode

from migrate.scan.extract import (
    MAX_DEPTH,
    Dynamic,
    Extractor,
    arguments,
    dynamic_marker,
    file_cache,
    start,
)
from migrate.scan.patterns import CallPattern, Family

_FUNCTIONS: Final = frozenset({"method", "singleton_method", "block", "do_block", "lambda"})
_CLOSURES: Final = frozenset({"block", "do_block", "lambda"})
"""Scopes that see the local variables around them (a ``def`` does not)."""
_METHODS: Final = frozenset({"method", "singleton_method"})
_CONTAINERS: Final = frozenset({"class", "module", "singleton_class"})
_HASH_ARGS: Final = frozenset({"pair", "hash_splat_argument"})
_SKIPPED_ARGS: Final = frozenset({"comment", "block_argument"})
_SIMPLE_ESCAPES: Final = {"s": " ", "e": "\x1b", "a": "\a", "b": "\b", "0": "\0"}


class RubyExtractor(Extractor):
    family: ClassVar[Family] = "ruby"
    functions: ClassVar[frozenset[str]] = _FUNCTIONS
    wrappers: ClassVar[frozenset[str]] = frozenset(
        {"parenthesized_expression", "parenthesized_statements"}
    )
    bindings_spec: ClassVar[tuple[tuple[str, str, str], ...]] = (("assignment", "left", "right"),)
    name_kinds: ClassVar[frozenset[str]] = frozenset({"identifier", "constant"})

    # -- params --------------------------------------------------------------------------

    def params(self, call: SgNode, pattern: CallPattern) -> dict[str, Any]:
        """The first argument (a hash, a name, or bare ``key: value`` pairs, which Ruby reads as
        one hash); later arguments are request options. For related calls that take an id
        first (``update('sub_123', {...})``) the first hash argument."""
        groups = _argument_groups(arguments(call))
        if pattern.id_arg:  # update('sub_1', {...}) / update(id, items: [...])
            groups = groups[1:]
        if not groups:
            return {}
        chosen = groups[0]
        if pattern.kind == "related":
            hashes = [g for g in groups if isinstance(g, list) or g.kind() == "hash"]
            if not hashes:
                return {}
            chosen = hashes[0]
        params: dict[str, Any] = {}
        if isinstance(chosen, list):
            ignored = pattern.ignored_keywords
            self._members(params, [m for m in chosen if _key_text(m) not in ignored], "")
        else:
            self.merge(params, chosen, "", chosen.text())
        return params

    def id_node(self, call: SgNode, pattern: CallPattern) -> SgNode | None:
        groups = _argument_groups(arguments(call))
        first = groups[0] if groups else None
        return first if first is not None and not isinstance(first, list) else None

    # -- values --------------------------------------------------------------------------

    def literal(self, node: SgNode, path: str) -> tuple[Any] | None:
        kind = node.kind()
        if kind in ("true", "false"):
            return (kind == "true",)
        if kind == "nil":
            return (None,)
        if kind in ("identifier", "constant"):
            return self.resolve(node, path)
        if kind == "scope_resolution":
            return self._qualified_constant(node, path)
        if kind == "hash":
            out: dict[str, Any] = {}
            self._members(out, node.named_children(), path)
            return (out,)
        if kind == "array":
            return (self._array(node, path),)
        if kind in ("string_array", "symbol_array"):
            words = [c for c in node.named_children() if c.kind() in ("bare_string", "bare_symbol")]
            if any(_interpolated(w) for w in words):
                return None
            return ([ruby_string(w) for w in words],)
        if kind in ("string", "delimited_symbol"):
            return None if _interpolated(node) else (ruby_string(node),)
        if kind == "chained_string":
            parts = node.named_children()
            if any(p.kind() != "string" or _interpolated(p) for p in parts):
                return None
            return ("".join(ruby_string(p) for p in parts),)
        if kind == "simple_symbol":
            return (node.text().removeprefix(":"),)
        if kind == "integer":
            return ruby_integer(node.text())
        if kind == "float":
            return ruby_float(node.text())
        if kind == "unary" and _is_number(node):
            got = self.literal(node.named_children()[0], path)
            if got is not None and node.text().lstrip().startswith("-"):
                return (-got[0],)
            return got
        return None

    def key_of(self, target: SgNode, name: str) -> str | None:
        if target.kind() != "element_reference":
            return None
        obj = target.field("object")
        if obj is None or obj.kind() not in self.name_kinds or obj.text() != name:
            return None
        index = [c for c in target.named_children() if c != obj and c.kind() != "comment"]
        return _key(index[0]) if len(index) == 1 else None

    def _members(self, out: dict[str, Any], members: list[SgNode], path: str) -> None:
        """Put a hash's pairs and ``**splats`` into ``out``."""
        for child in members:
            kind = child.kind()
            if kind == "comment":
                continue
            if kind == "pair":
                key_node, value = child.field("key"), child.field("value")
                key = _key(key_node) if key_node is not None else None
                if key is None or value is None:
                    self.dynamic.append(Dynamic(path, child.text()))
                    continue
                self.put(out, key, value, path)
            elif kind == "hash_splat_argument":
                inner = [c for c in child.named_children() if c.kind() != "comment"]
                if inner:
                    self.merge(out, inner[0], path, child.text())
                else:
                    self.dynamic.append(Dynamic(path, child.text()))
            else:
                self.dynamic.append(Dynamic(path, child.text()))

    def _array(self, node: SgNode, path: str) -> list[Any]:
        out: list[Any] = []
        for child in node.named_children():
            kind = child.kind()
            if kind == "comment":
                continue
            if kind == "splat_argument":
                inner = [c for c in child.named_children() if c.kind() != "comment"]
                got = self.value(inner[0], path, record=False) if inner else None
                if type(got) is list:
                    out.extend(got)
                else:
                    self.dynamic.append(Dynamic(f"{path}[{len(out)}]", child.text()))
                    out.append(dynamic_marker(child.text()))
                continue
            if kind == "pair":  # [a: 1] is [{a: 1}]
                item: dict[str, Any] = {}
                self._members(item, [child], f"{path}[{len(out)}]")
                out.append(item)
                continue
            out.append(self.value(child, f"{path}[{len(out)}]"))
        return out

    # -- names ---------------------------------------------------------------------------

    def binding(self, name: SgNode) -> tuple[SgNode, SgNode, int] | None:
        """A local variable's last assignment above it, in its ``def`` or the blocks around
        it; a constant's assignment outside methods."""
        if name.kind() == "constant":
            return self._constant(name, None)
        scope = self.scope(name)
        use = start(name)
        text = name.text()
        while True:
            before = [b for b in self.bindings(scope, text) if b[2] <= use]
            if before:
                _, value, end = max(before, key=lambda b: b[0])
                return value, scope, end
            if scope.kind() not in _CLOSURES or self.is_parameter(scope, text):
                return None
            scope = self.scope(scope)

    def _constant(self, name: SgNode, owner: str | None) -> tuple[SgNode, SgNode, int] | None:
        """The assignment of the constant ``name`` (in the class or module ``owner`` when
        given): the innermost class or module around the use first; the last assignment above
        the use, else the first (a method reads a constant defined below it)."""
        text = name.text()
        here = [a for a in name.ancestors() if a.kind() in _CONTAINERS]
        ranked: list[tuple[int, int, SgNode, SgNode]] = []
        for node, value, container in _constants(name).get(text, []):
            if owner is not None:
                if container is None or _container_name(container) != owner:
                    continue
                depth = 0
            elif container is None:
                depth = len(here)
            elif container in here:
                depth = here.index(container)
            else:
                continue
            ranked.append((depth, start(node), node, value))
        if not ranked:
            return None
        best = min(r[0] for r in ranked)
        same = [r for r in ranked if r[0] == best]
        use = start(name)
        above = [r for r in same if r[2].range().end.index <= use]
        _, _, node, value = max(above, key=lambda r: r[1]) if above else same[0]
        return value, self.scope(node), node.range().end.index

    def _qualified_constant(self, node: SgNode, path: str) -> tuple[Any] | None:
        """``Pricing::TSHIRT``: the constant assigned in a class or module of that name."""
        scope, name = node.field("scope"), node.field("name")
        if scope is None or name is None or name.kind() != "constant":
            return None
        owner = scope.text().rsplit("::", 1)[-1]
        found = self._constant(name, owner)
        if found is None or self.depth >= MAX_DEPTH:
            return None
        self.depth += 1
        try:
            return self.literal(self.unwrap(found[0]), path)
        finally:
            self.depth -= 1


def _constants(node: SgNode) -> dict[str, list[tuple[SgNode, SgNode, SgNode | None]]]:
    """Every constant assignment outside methods in the file of ``node``, by name: the
    assignment, its value and the class or module around it (read once per file)."""
    cache = file_cache(node)
    found: dict[str, list[tuple[SgNode, SgNode, SgNode | None]]] | None = cache.get(
        "ruby-constants"
    )
    if found is None:
        found = {}
        for assignment in node.get_root().root().find_all(kind="assignment"):
            target, value = assignment.field("left"), assignment.field("right")
            if target is None or value is None or target.kind() != "constant":
                continue
            around = list(assignment.ancestors())
            if any(a.kind() in _METHODS for a in around):
                continue
            container = next((a for a in around if a.kind() in _CONTAINERS), None)
            found.setdefault(target.text(), []).append((assignment, value, container))
        cache["ruby-constants"] = found
    return found


def _argument_groups(args: list[SgNode]) -> list[SgNode | list[SgNode]]:
    """The arguments of a call, each bare run of ``key: value`` pairs and ``**splats`` as one
    hash (a list of its members); block arguments left out."""
    out: list[SgNode | list[SgNode]] = []
    run: list[SgNode] | None = None
    for arg in args:
        kind = arg.kind()
        if kind in _SKIPPED_ARGS:
            continue
        if kind in _HASH_ARGS:
            if run is None:
                run = []
                out.append(run)
            run.append(arg)
            continue
        run = None
        out.append(arg)
    return out


def _key_text(member: SgNode) -> str | None:
    key = member.field("key") if member.kind() == "pair" else None
    return _key(key) if key is not None else None


def _container_name(node: SgNode) -> str:
    name = node.field("name")
    return name.text().rsplit("::", 1)[-1] if name is not None else ""


def _interpolated(node: SgNode) -> bool:
    return any(c.kind() == "interpolation" for c in node.children())


def _is_number(node: SgNode) -> bool:
    inner = node.named_children()
    return len(inner) == 1 and inner[0].kind() in ("integer", "float")


def _key(node: SgNode) -> str | None:
    kind = node.kind()
    if kind == "hash_key_symbol":
        return node.text()
    if kind == "simple_symbol":
        return node.text().removeprefix(":")
    if kind in ("string", "delimited_symbol") and not _interpolated(node):
        return ruby_string(node)
    if kind == "integer":
        got = ruby_integer(node.text())
        return str(got[0]) if got is not None else None
    return None  # computed keys


def ruby_string(node: SgNode) -> str:
    """A string, symbol or ``%w`` word's content with its escapes read (a single-quoted
    string only knows ``\\\\`` and ``\\'``)."""
    raw = node.text()
    single = raw.startswith(("'", "%q", ":'"))
    parts: list[str] = []
    for child in node.children():
        kind = child.kind()
        if kind == "string_content":
            content = child.text()
            if single:
                content = content.replace("\\\\", "\x00").replace("\\'", "'").replace("\x00", "\\")
            parts.append(content)
        elif kind == "escape_sequence":
            parts.append(_escape(child.text()))
    return "".join(parts)


def _escape(source: str) -> str:
    body = source[1:]
    if body in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[body]
    if body[:1] in ("\n", "\r"):  # line continuation
        return ""
    if body.startswith("u{") and body.endswith("}"):
        try:
            return "".join(chr(int(cp, 16)) for cp in body[2:-1].split())
        except ValueError:
            return source
    try:
        return codecs.decode(source, "unicode_escape")
    except UnicodeDecodeError:
        return body


def ruby_integer(source: str) -> tuple[Any] | None:
    flat = source.replace("_", "").lower()
    sign = -1 if flat.startswith("-") else 1
    flat = flat.lstrip("+-")
    try:
        if flat.startswith("0d"):
            return (sign * int(flat[2:]),)
        if flat[:2] in ("0x", "0o", "0b"):
            return (sign * int(flat, 0),)
        if len(flat) > 1 and flat.startswith("0"):
            return (sign * int(flat, 8),)
        return (sign * int(flat),)
    except ValueError:
        return None  # 3r, 2i


def ruby_float(source: str) -> tuple[Any] | None:
    try:
        return (float(source.replace("_", "")),)
    except ValueError:
        return None
