"""The literal a PHP property or a Ruby instance variable holds for good: ``$this->config`` of a
class that sets it once (``private $config = [...]``, or ``$this->config = [...]`` in its
constructor) and never changes it; Ruby's ``@config`` set once in ``initialize``. The entry a
method reads of it (``$this->config['prices']['pro']``, ``@config[:prices][:pro]``) is then that
literal's, as a local's is (``migrate/scan/lang/hash_entries.py``); it was a run-time value (a
price id not inlined, its amount unchecked).

Read only when nothing can change it: every other mention of it in the class reads an entry
(``$this->config['x']``, never ``$this->config['x'] = v``, ``[] =``, ``.=``, ``<<``, a ``!``
method, nor the whole value handed to a call); a PHP property that is not public (other code
could set it) and a Ruby variable no ``attr_accessor`` or ``attr_writer`` opens; the literal
names no variable nor call (a constructor's parameter, ``ENV``'s read: known at run time)."""

from __future__ import annotations

import re
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.extract import file_cache, text
from migrate.scan.nodes import find_kind

PROPERTIES: Final = frozenset({"member_access_expression", "instance_variable"})
_CLASSES: Final = ("class_declaration", "class")
_WRITES: Final = re.compile(
    r"\s*(?:=(?![=>~])|\.=|\+=|-=|\?\?=|\|\|=|&&=|<<|\+\+|--|\[\s*\]|->|\.\s*\w+!|\.\s*"
    r"(?:store|delete|update|clear|replace|push|concat|insert|shift|pop|unshift|append|"
    r"prepend|compare_by_identity|default=)\b)"
)
"""What follows a mention (or an entry of it) that changes it: an assignment, an append, a
mutating Ruby method; PHP's ``->`` reads a member of an entry that is an object."""
_ENTRY: Final = r"(?:\s*\[[^\[\]]*\])+"
_DYNAMIC: Final = frozenset(
    {
        "variable_name",  # PHP: $x (a parameter, a local)
        "function_call_expression",
        "member_call_expression",
        "scoped_call_expression",
        "object_creation_expression",
        "identifier",  # Ruby: a local or a method called bare
        "instance_variable",
        "call",
        "string_content_interpolation",
        "interpolation",
    }
)


def class_literal(holder: SgNode) -> SgNode | None:
    """The literal ``holder`` (``$this->config``, ``@config``) holds for good in its class;
    None when the class may change it, sets it more than once, or to anything else."""
    name = _name(holder)
    owner = next((a for a in holder.ancestors() if a.kind() in _CLASSES), None)
    if name is None or owner is None:
        return None
    cache = file_cache(owner)
    key = ("class-literal", owner.range().start.index, name)
    if key not in cache:
        cache[key] = _literal(owner, name, holder.kind() == "instance_variable")
    found: SgNode | None = cache[key]
    return found


def _name(holder: SgNode) -> str | None:
    if holder.kind() == "instance_variable":
        return holder.text()
    obj, member = holder.field("object"), holder.field("name")
    if obj is None or member is None or obj.text() != "$this" or member.kind() != "name":
        return None
    return member.text()


def _literal(owner: SgNode, name: str, ruby: bool) -> SgNode | None:
    sets = _ruby_sets(owner, name) if ruby else _php_sets(owner, name)
    if sets is None or len(sets) != 1:
        return None
    value = sets[0]
    if value.kind() == "call" and text(value.field("method")) == "freeze":
        value = value.field("receiver") or value  # { ... }.freeze
    if value.kind() not in ("array_creation_expression", "hash", "array"):
        return None
    if any(find_kind(value, k) for k in _DYNAMIC):
        return None
    mention = re.escape(name) if ruby else rf"\$this\s*->\s*{re.escape(name)}\b"
    body = owner.text()
    assigned = value.range().start.index - owner.range().start.index
    for found in re.finditer(rf"(?<![\w$@]){mention}(?![\w$])", body):
        if body[: found.start()].rstrip().endswith("&"):
            return None  # a reference to it (=& $this->config): changed through another name
        rest = body[found.end() :]
        entry = re.match(_ENTRY, rest)
        if entry is None:  # the whole value: set (the one binding), or handed on
            if _is_the_binding(body, found.end(), assigned):
                continue
            return None
        if _WRITES.match(rest[entry.end() :]):
            return None
    return value


def _is_the_binding(body: str, end: int, assigned: int) -> bool:
    """Whether the mention ending at ``end`` is the one binding, whose value starts at
    ``assigned``: only ``=`` and spaces between them."""
    between = body[end:assigned]
    return between.strip() == "=" and assigned > end


def _php_sets(owner: SgNode, name: str) -> list[SgNode] | None:
    """The values the class sets ``$this->name`` to (its declaration's default too); None
    when it is public (other code may set it)."""
    out: list[SgNode] = []
    declared = False
    for decl in find_kind(owner, "property_declaration"):
        for element in find_kind(decl, "property_element"):
            var = next((c for c in element.named_children() if c.kind() == "variable_name"), None)
            if var is None or var.text() != f"${name}":
                continue
            declared = True
            modifiers = {c.text() for c in decl.named_children() if c.kind().endswith("modifier")}
            if not modifiers & {"private", "protected"} and "readonly" not in modifiers:
                return None
            parts = [c for c in element.named_children() if c.kind() != "comment"]
            if len(parts) == 2:  # $config = [...]: its default
                out.append(parts[1])
    if not declared:
        return None  # a property no declaration makes private is public
    for assign in find_kind(owner, "assignment_expression"):
        left, right = assign.field("left"), assign.field("right")
        if left is not None and right is not None and _name(left) == name:
            out.append(right)
    return out


def _ruby_sets(owner: SgNode, name: str) -> list[SgNode] | None:
    """The values the class sets ``@name`` to; None when an accessor lets other code set it."""
    bare = name.removeprefix("@")
    for call in find_kind(owner, "call") + find_kind(owner, "identifier"):
        if text(call.field("method")) in ("attr_accessor", "attr_writer") or (
            call.kind() == "identifier" and call.text() in ("attr_accessor", "attr_writer")
        ):
            args = call.parent() if call.kind() == "identifier" else call
            if args is not None and re.search(rf":{re.escape(bare)}\b", args.text()):
                return None
    out: list[SgNode] = []
    for assign in find_kind(owner, "assignment"):
        left, right = assign.field("left"), assign.field("right")
        if left is not None and right is not None and left.text() == name:
            out.append(right)
    return out
