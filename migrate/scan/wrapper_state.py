"""A wrapper method's own state (its object's fields) as a call of the wrapper writes it.

A method reads its object's state by a name for the object (``self.pro_price``,
``this.cancelUrl``, ``$this->proPrice``, Go's receiver: ``s.cfg.PriceID``), by a sigil (Ruby's
``@price_id``) or bare (a Java, C# or Kotlin field: ``priceId``, ``_options.PriceId``). At a
call of the wrapper none of these means the same thing: the state is the object's the call is
made on. :class:`State` (read from the wrapper's class where the wrapper is found, no syntax
tree kept) says how another object's field is read; :func:`own_reads` rewrites a value's text
for one call:

* a call on the same object (no receiver, or ``self``/``this``): the text as written;
* a call on a receiver the caller names by a plain path (``billing.open_checkout(...)``): the
  receiver's field where the caller can read it (a public field, a getter, Ruby's
  ``attr_reader`` or ``instance_variable_get``, a Go field that is exported or of the caller's
  own package), else ``TODO_<field>``;
* any other call (a class, a call's result: ``Checkout.new(u).call``): ``TODO_<field>``.

A ``TODO_<field>`` is a name defined nowhere, reported by ``X021`` as a wrapper's local is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.classes import bases, enclosing_class
from migrate.scan.extract import file_cache
from migrate.scan.kotlin_extensions import extension_fields
from migrate.scan.made_fields import Field, ctor_fields

HIDDEN: Final = ""
"""A field's accessor when another object cannot read it."""


@dataclass(frozen=True, slots=True)
class State:
    """How a wrapper method names its object and how another object's fields are read."""

    family: str
    instance: str
    """The method's name for its object (``self``, ``this``, ``$this``, a Go receiver); ""
    when it has none (Ruby reads ``@field``)."""
    fields: tuple[tuple[str, str], ...] = ()
    """Fields its class declares -> how a caller reads another object's (``{}`` the receiver:
    ``{}.priceId``, ``{}.getCancelUrl()``; ``Owner.X`` for a static one; :data:`HIDDEN`)."""
    bare: bool = False
    """Whether the method reads its fields without a name for its object (Java, C#, Kotlin)."""
    methods: tuple[tuple[str, str], ...] = ()
    """Methods its class declares -> how a caller calls another object's (as ``fields``): a
    bare call (``toMinorUnits(amount)``) or ``this.toMinorUnits(amount)`` in Java, C# and
    Kotlin is the receiver's where the caller can call it, else ``TODO_<method>``."""
    implicit: bool = False
    """Whether any other bare name the method reads is its object's (a Rails model's columns and
    associations, which its class does not declare: ``amount_cents``, ``user``)."""
    made: tuple[Field, ...] = ()
    """The fields its constructor sets from its parameters (``migrate/scan/made_fields.py``):
    at a call on an instance made there, the arguments given."""


_INSTANCE: Final = {
    "python": "self",
    "node": "this",
    "php": "$this",
    "java": "this",
    "csharp": "this",
    "kotlin": "this",
}


def state_of(function: SgNode, owner: str, family: str, static: bool) -> State | None:
    """The state a wrapper method (``function``, of the class ``owner``) reads; None for a
    free or static function."""
    if not owner:
        return None
    if static:  # a static method reads its class's static fields bare (Java, C#; a Kotlin
        # object's or companion's members; a Ruby module's constants)
        kinds = ("java", "csharp", "kotlin", "ruby")
        cls = enclosing_class(function, family) if family in kinds else None
        return State(family, "", _fields(cls, owner, family), bare=True) if cls else None
    if family == "go":
        receiver = function.field("receiver")
        names = [
            n.text()
            for p in (receiver.named_children() if receiver is not None else [])
            for n in [p.field("name")]
            if n is not None
        ]
        return State(family, names[0]) if names else None
    cls = enclosing_class(function, family)
    fields = _fields(cls, owner, family) if cls is not None else ()
    if cls is None and family == "kotlin":  # an extension function: its receiver's members
        fields = extension_fields(function, owner) or ()
    made = ctor_fields(cls, family) if cls is not None else ()
    if family == "ruby":  # its @ivars, its class's constants read bare, its methods called bare
        methods = _ruby_methods(cls) if cls is not None else ()
        model = cls is not None and bool(set(bases(cls, family)) & _RAILS_MODELS)
        return State(family, "", fields, bare=True, methods=methods, implicit=model, made=made)
    instance = _INSTANCE.get(family)
    if instance is None:
        return None
    bare = family in ("java", "csharp", "kotlin")
    methods = _methods(cls, owner, family) if bare and cls is not None else ()
    return State(family, instance, fields, bare=bare, methods=methods, made=made)


_METHOD_KINDS: Final = {
    "java": "method_declaration",
    "csharp": "method_declaration",
    "kotlin": "function_declaration",
}


def _methods(cls: SgNode, owner: str, family: str) -> tuple[tuple[str, str], ...]:
    """Each method the class declares itself, with how a caller calls another object's (read
    once per class)."""
    cache = file_cache(cls)
    key = ("wrapper-state-methods", cls, owner, family)
    found: tuple[tuple[str, str], ...] | None = cache.get(key)
    if found is None:
        out: dict[str, str] = {}
        for node in cls.find_all(kind=_METHOD_KINDS[family]):
            name = node.field("name") or next(
                (c for c in node.children() if c.kind() == "simple_identifier"), None
            )
            if name is None or enclosing_class(node, family) != cls:
                continue
            modifiers = " ".join(
                c.text()
                for c in node.children()
                if "modifier" in c.kind() or c.kind() == "modifiers"
            )
            words = set(re.findall(r"\w+", modifiers))
            public = "public" in words or (
                family == "kotlin" and not words & {"private", "protected"}
            )
            if "static" in words:
                read = f"{owner}.{name.text()}" if public else HIDDEN
            else:
                read = "{}." + name.text() if public else HIDDEN
            out.setdefault(name.text(), read)  # overloads: the first one's visibility
        found = cache[key] = tuple(out.items())
    return found


_RUBY_VISIBILITY: Final = frozenset({"private", "protected", "public"})
_RAILS_MODELS: Final = frozenset(
    {"ApplicationRecord", "ActiveRecord::Base", "ActiveRecord.Base", "ApplicationModel"}
)
"""The superclasses of a Rails model, whose columns and associations are methods it reads
bare without declaring them."""
_RUBY_WORDS: Final = frozenset(
    {
        *("nil", "true", "false", "self", "super", "if", "unless", "then", "else", "elsif"),
        *("end", "and", "or", "not", "do", "while", "until", "case", "when", "in", "return"),
        *("yield", "begin", "rescue", "ensure", "raise", "puts", "format", "sprintf", "lambda"),
        *("proc", "loop", "rand", "require", "defined?", "block_given?", "binding", "p"),
        *("__method__", "caller", "sleep", "freeze"),
    }
)
"""Ruby's keywords and Kernel's methods: bare names that are no model's attribute."""
_BLOCK_PARAMS: Final = re.compile(r"\|([^|]*)\|")


def _ruby_methods(cls: SgNode) -> tuple[tuple[str, str], ...]:
    """A Ruby class's instance methods, each called on another object as ``{}.name`` (a model
    method a wrapper calls bare, ``amount_cents``, is the receiver's at a controller's call:
    ``@payment.amount_cents``), those ``attr_reader`` and ``attr_accessor`` define too
    (``service.price_config``); one under ``private`` or ``protected`` cannot be
    (:data:`HIDDEN`)."""
    cache = file_cache(cls)
    key = ("wrapper-state-ruby-methods", cls)
    found: tuple[tuple[str, str], ...] | None = cache.get(key)
    if found is None:
        body = cls.field("body") or next((c for c in cls.children() if "body" in c.kind()), None)
        out: dict[str, str] = {}
        hidden = False
        for child in body.named_children() if body is not None else ():
            word = child.text().split(maxsplit=1)[0] if child.text() else ""
            if child.kind() == "identifier" and word in _RUBY_VISIBILITY:
                hidden = word != "public"  # `private` alone: the methods after it
                continue
            readers = _attr_methods(child)
            if readers:  # attr_reader :entry (private attr_reader :x too): a method each
                private = hidden or (word in _RUBY_VISIBILITY and word != "public")
                for name_text in readers:
                    out.setdefault(name_text, HIDDEN if private else "{}." + name_text)
                continue
            method = child
            if child.kind() == "call" and word in _RUBY_VISIBILITY:  # private def x ... end
                method = next((c for c in child.find_all(kind="method")), child)
            if method.kind() != "method":
                continue
            name = method.field("name")
            if name is not None:
                private = hidden or (child is not method and word != "public")
                out.setdefault(name.text(), HIDDEN if private else "{}." + name.text())
        found = cache[key] = tuple(out.items())
    return found


_READERS: Final = frozenset({"attr_reader", "attr_accessor"})


def _attr_methods(statement: SgNode) -> list[str]:
    """The methods an ``attr_reader`` / ``attr_accessor`` statement of a class body defines
    (``attr_reader :entry, :price_config``, also after ``private``); [] for any other."""
    call = statement
    if call.kind() == "call" and call.text().split(maxsplit=1)[0] in _RUBY_VISIBILITY:
        inner = call.field("arguments")
        found = inner.named_children() if inner is not None else []
        call = found[0] if len(found) == 1 else call
    if call.kind() != "call" or call.text().split(maxsplit=1)[0] not in _READERS:
        return []
    args = call.field("arguments")
    symbols = args.named_children() if args is not None else []
    return [s.text().lstrip(":") for s in symbols if s.kind() == "simple_symbol"]


def _fields(cls: SgNode, owner: str, family: str) -> tuple[tuple[str, str], ...]:
    """Each field the class declares itself, with how another object's is read (read once per
    class: every wrapper method of the class asks)."""
    cache = file_cache(cls)
    key = ("wrapper-state-fields", cls, owner, family)
    found: tuple[tuple[str, str], ...] | None = cache.get(key)
    if found is None:
        found = cache[key] = _read_fields(cls, owner, family)
    return found


def _read_fields(cls: SgNode, owner: str, family: str) -> tuple[tuple[str, str], ...]:
    text = cls.text()
    out: dict[str, str] = {}
    if family == "ruby":
        readers = _ruby_readers(text)
        for name in dict.fromkeys(re.findall(r"(?<![@\w])@([A-Za-z_]\w*)", text)):
            read = "{}." + name if name in readers else "{}.instance_variable_get(:@" + name + ")"
            out["@" + name] = read
        return tuple(out.items()) + _ruby_constants(cls, text)
    if family == "node":
        return _node_members(cls)
    for node, names, modifiers in _declarations(cls, family):
        if enclosing_class(node, family) != cls:
            continue
        words = set(re.findall(r"\w+", modifiers))
        for name in names:
            out[name] = _accessor(name, words, owner, family, text)
    if family == "java" and cls.kind() == "record_declaration":
        # a record's components: private fields, each read by its accessor method
        heads = [c for c in cls.children() if c.kind() == "formal_parameters"][:1]
        for param in heads[0].named_children() if heads else []:
            name = param.field("name")
            if name is not None:
                out[name.text()] = "{}." + name.text() + "()"
    return tuple(out.items())


def _node_members(cls: SgNode) -> tuple[tuple[str, str], ...]:
    """A JavaScript/TypeScript class's own members another object cannot read by name: a
    ``private``/``protected`` field, method or constructor parameter property is read by
    element access (``{}["config"]``: TypeScript checks no accessibility there, and the member
    is there at run time); an ECMAScript ``#field`` cannot be read at all. Public members are
    read as written (the default)."""
    body = cls.field("body")
    out: dict[str, str] = {}
    for member in body.named_children() if body is not None else []:
        members = [member]
        if member.kind() == "method_definition" and _member_name(member) == "constructor":
            params = member.field("parameters")
            members = params.named_children() if params is not None else []
        elif member.kind() not in ("public_field_definition", "method_definition"):
            continue
        for found in members:
            name = _member_name(found)
            if name.startswith("#"):
                out[name] = HIDDEN
                continue
            access = next(
                (c.text() for c in found.children() if c.kind() == "accessibility_modifier"), ""
            )
            if name and access in ("private", "protected"):
                out[name] = '{}["' + name + '"]'
    return tuple(out.items())


def _member_name(member: SgNode) -> str:
    for child in member.children():
        if child.kind() in ("property_identifier", "private_property_identifier", "identifier"):
            return child.text()
    return ""


_KINDS: Final[dict[str, tuple[str, ...]]] = {
    "java": ("field_declaration",),
    "csharp": ("field_declaration", "property_declaration"),
    "kotlin": ("class_parameter", "property_declaration"),
    "php": ("property_declaration", "property_promotion_parameter"),
}


def _declarations(cls: SgNode, family: str) -> list[tuple[SgNode, list[str], str]]:
    """Each field declaration of a class (nested classes' too: the caller drops them), with
    its names and the text of its modifiers."""
    out: list[tuple[SgNode, list[str], str]] = []
    for kind in _KINDS.get(family, ()):
        for node in cls.find_all(kind=kind):
            children = node.children()
            modifiers = " ".join(
                c.text() for c in children if "modifier" in c.kind() or c.kind() == "modifiers"
            )
            names: list[str] = []
            for child in children:
                sort = child.kind()
                if sort in ("variable_declarator", "property_element"):
                    first = child.named_children()
                    names += [first[0].text()] if first else []
                elif sort == "variable_declaration":  # C#: the declarators; Kotlin: the name
                    found = [d for d in child.named_children() if d.kind() == "variable_declarator"]
                    heads = [d.named_children()[0] for d in found if d.named_children()]
                    named = heads or child.named_children()[:1]
                    names += [n.text().split(":")[0].strip() for n in named]
                elif sort in ("identifier", "simple_identifier", "variable_name"):
                    names.append(child.text())
            if kind == "class_parameter" and not any(
                c.kind() == "binding_pattern_kind" for c in children
            ):
                continue  # a constructor parameter, not a property
            out.append((node, names, modifiers))
    if family == "csharp":
        out += _primary_parameters(cls)
    return out


def _primary_parameters(cls: SgNode) -> list[tuple[SgNode, list[str], str]]:
    """A C# class's primary-constructor parameters (``class Checkout(IUsers users)``): its
    methods read them bare as fields, which no other object can (a record's are public
    properties)."""
    params = next((c for c in cls.children() if c.kind() == "parameter_list"), None)
    if params is None:
        return []
    modifiers = "public" if cls.kind() == "record_declaration" else "private"
    out: list[tuple[SgNode, list[str], str]] = []
    for param in params.named_children():
        name = param.field("name")
        if param.kind() == "parameter" and name is not None:
            out.append((param, [name.text()], modifiers))
    return out


def _accessor(name: str, words: set[str], owner: str, family: str, text: str) -> str:
    """How a caller reads another object's field ``name`` (see :attr:`State.fields`)."""
    bare = name.lstrip("$")
    separator = "->" if family == "php" else "."
    open_ = family == "kotlin" or (family == "php" and "var" in words)
    if family == "php" and not words & {"private", "protected", "var", "public"}:
        open_ = True  # PHP: a property without a visibility keyword is public
    public = "public" in words or (open_ and not words & {"private", "protected"})
    if "static" in words or (family == "kotlin" and "const" in words):
        return f"{owner}{'::' if family == 'php' else '.'}{name}" if public else HIDDEN
    if public:
        return "{}" + separator + bare
    getter = _getter(bare, text, family)
    return "{}" + separator + getter + "()" if getter else HIDDEN


def _getter(name: str, text: str, family: str) -> str | None:
    """The public getter a class has for a field (``getPriceId``, ``isActive``; Lombok's
    ``@Getter``/``@Data`` on the class make ``getX``), if any."""
    cap = name.lstrip("_")[:1].upper() + name.lstrip("_")[1:]
    for getter in (f"get{cap}", f"is{cap}"):
        if re.search(rf"\bpublic\s+(?:[\w<>\[\]?,. ]+\s+)?{getter}\s*\(\s*\)", text) or (
            family == "php" and re.search(rf"\bfunction\s+{getter}\s*\(\s*\)", text)
        ):
            return getter
    if family == "java" and re.search(r"@(?:lombok\.)?(?:Getter|Data|Value)\b(?!\s*\()", text):
        return f"get{cap}"
    return None


def _ruby_constants(cls: SgNode, text: str) -> tuple[tuple[str, str], ...]:
    """A Ruby class's (or module's) constants, each read from anywhere by its full path
    (``Shop::Billing::PRO_PRICE``); one made private (``private_constant``) cannot be."""
    path = "::".join(
        name.text()
        for holder in [*reversed(list(cls.ancestors())), cls]
        if holder.kind() in ("class", "module")
        for name in [holder.field("name")]
        if name is not None
    )
    hidden = {
        n
        for m in re.finditer(r"private_constant\b(.*)", text)
        for n in re.findall(r":(\w+)", m.group(1))
    }
    names = dict.fromkeys(re.findall(r"^[ \t]*([A-Z]\w*)[ \t]*=(?![=~>])", text, re.MULTILINE))
    return tuple((n, HIDDEN if n in hidden else f"{path}::{n}") for n in names if path)


def _ruby_readers(text: str) -> set[str]:
    """The attributes a Ruby class makes readable from outside (``attr_reader``,
    ``attr_accessor`` before a ``private``/``protected`` line)."""
    public = re.split(r"^\s*(?:private|protected)\s*$", text, maxsplit=1, flags=re.MULTILINE)[0]
    out: set[str] = set()
    for found in re.finditer(r"^\s*attr_(?:reader|accessor)\s+(.+)$", public, re.MULTILINE):
        out.update(re.findall(r":(\w+)", found.group(1)))
    return out


# -- at a call --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Receiver:
    """What a call of the wrapper is made on: the same object (``same``), another one the
    caller names by a plain path (``text``), or one it cannot name (neither)."""

    same: bool
    text: str = ""
    package: bool = True
    """Go: whether the call is in the wrapper's own package (its unexported fields visible)."""
    record: dict[str, Any] | None = None
    """A Kotlin extension's receiver constructed as a record of the tree (``Order("price_pro",
    2)``, a local bound to one): its components' values (``migrate/scan/jvm_records.py``)."""
    made: tuple[tuple[str, str], ...] = ()
    """An instance made at the call (``CheckoutService(user).create(...)``): each field its
    constructor sets from a parameter, and the argument given (``made_fields.py``)."""


_GO_FIELD: Final = re.compile(r"\s*\.\s*([A-Za-z_]\w*)")


def own_reads(
    state: State,
    receiver: Receiver,
    source: str,
    *,
    code: Callable[[int], bool],
    skip: set[str],
    hidden: list[str],
    held: list[str],
) -> str:
    """``source`` with each read of the wrapper's own state written for the call (see the module
    docstring), and how many were; ``code(at)`` says whether an offset is code (not a string
    literal's text), ``skip`` the names that are the wrapper's parameters or locals (they
    shadow a field), ``hidden`` gets the fields written ``TODO_<field>``. Each read is written
    as a stand-in, ``\\x00<n>\\x00``, its text the ``n``-th of ``held`` (put back by
    :func:`put_back` once the wrapper's parameters are replaced: the caller's names in it are
    not the wrapper's)."""
    if receiver.same:
        return source
    fields = dict(state.fields)
    methods = dict(state.methods)
    count = 0

    made = dict(receiver.made)

    def write(field: str, read: str, hide: str = "") -> str:
        nonlocal count
        count += 1
        if field in made:  # an instance made at the call: the argument its constructor took
            held.append(made[field])
        elif read and "{}" not in read:  # a static field, read on its class wherever it is
            held.append(read)
        elif not receiver.text or not read:
            hidden.append(hide or field)
            held.append("TODO_" + field.lstrip("$@#"))
        else:
            held.append(read.replace("{}", receiver.text))
        return f"\x00{len(held) - 1}\x00"

    parts: list[str] = []
    at = 0
    for found in _reads(state).finditer(source):
        if not code(found.start()):
            continue
        groups = found.groupdict()
        whole = found.group()
        if groups.get("self") is not None:
            word = found.group("field")
            separator = "->" if state.family == "php" else "."
            default = "{}" + separator + word
            key = ("$" + word) if state.family == "php" else word
            if state.family == "go" and not (receiver.package or word[:1].isupper()):
                default = ""
            if key not in fields and word in methods and source[found.end() :].lstrip()[:1] == "(":
                text = write(word, methods[word], word + "()")
            else:
                text = write(word, fields.get(key, default))
        elif groups.get("ivar") is not None:
            text = write(whole, fields.get(whole, "{}.instance_variable_get(:" + whole + ")"))
        elif groups.get("call") is not None:
            word = found.group("call")
            if word in skip:
                continue
            text = write(word, methods[word], word + "()")
        elif groups.get("implicit") is not None:
            word = found.group("implicit")
            if word in skip or word in _RUBY_WORDS or word in _block_params(source):
                continue
            text = write(word, methods.get(word, "{}." + word), word)
        else:
            word = found.group("bare")
            if word in skip or word not in fields:
                continue
            text = write(word, fields[word])
        parts.append(source[at : found.start()] + text)
        at = found.end()
    return "".join(parts) + source[at:] if count else source


_HELD: Final = re.compile(r"\x00(\d+)\x00")


def put_back(text: str, held: list[str]) -> str:
    """A text's stand-ins (:func:`own_reads`) as what they stand for."""
    return _HELD.sub(lambda m: held[int(m.group(1))], text)


def _reads(state: State) -> re.Pattern[str]:
    """The reads of a wrapper's own state in a text: ``self.x`` (its name for its object and a
    field), ``@x`` (Ruby), a bare field name (``bare``)."""
    ways: list[str] = []
    if state.instance:
        name = re.escape(state.instance)
        arrow = r"\s*->\s*\$?" if state.family == "php" else r"\s*(?:\?\.|\.)\s*"
        member = r"#?[A-Za-z_]\w*" if state.family == "node" else r"[A-Za-z_]\w*"
        ways.append(rf"(?<![\w$.>])(?P<self>{name}){arrow}(?P<field>{member})(?!\w)")
    if state.family == "ruby":
        ways.append(r"(?<![@\w])@(?P<ivar>[A-Za-z_]\w*)(?![\w(])")
    if state.bare:
        names = sorted((n for n, _ in state.fields if re.fullmatch(r"\w+", n)), key=len)[::-1]
        if names:
            alternatives = "|".join(re.escape(n) for n in names)
            ways.append(rf"(?<![\w$.>:@'\"])(?P<bare>{alternatives})(?![\w'\"(])")
        if state.implicit:  # any other bare name (a model's column): the object's method
            ways.append(r"(?<![\w$.>:@'\"])(?P<implicit>[a-z_]\w*[?!]?)(?![\w'\"(]|:(?!:))")
        calls = sorted((n for n, _ in state.methods if n not in dict(state.fields)), key=len)[::-1]
        if calls:
            alternatives = "|".join(re.escape(n) for n in calls)
            # Ruby calls a method without parentheses too (not a hash key `name:`, a symbol)
            after = r"(?![\w'\"?!]|:(?!:))" if state.family == "ruby" else r"(?=\s*\()"
            ways.append(rf"(?<![\w$.>:@'\"])(?P<call>{alternatives}){after}")
    if not ways:
        return re.compile(r"(?!x)x")
    return re.compile("|".join(f"(?:{w})" for w in ways))


def _block_params(source: str) -> set[str]:
    """The names a Ruby block in ``source`` binds (``{ |item, i| ... }``): its own, no field."""
    return {n.strip(" *&") for m in _BLOCK_PARAMS.finditer(source) for n in m.group(1).split(",")}
