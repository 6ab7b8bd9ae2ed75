"""What a class says about the calls made in it, per language family: the class around a node,
the classes, modules and traits it takes methods from (its bases, Ruby's ``include``, PHP's
``use``), the interfaces it implements, whether it defines a method itself, and what a receiver
name is declared as in it (``migrate/scan/symbols.py`` resolves calls with these).

Everything is read from one file's syntax tree or text; which class a written name stands for
is ``symbols.py``'s business (imports, namespaces).
"""

from __future__ import annotations

import re
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.kotlin_symbols import KOTLIN_CLASSES, declared_name, supertypes

CLASSES: Final[dict[str, frozenset[str]]] = {
    "python": frozenset({"class_definition"}),
    "node": frozenset({"class_declaration", "class", "abstract_class_declaration"}),
    "ruby": frozenset({"class", "module"}),
    "php": frozenset({"class_declaration", "trait_declaration", "enum_declaration"}),
    "go": frozenset(),
    "java": frozenset({"class_declaration", "enum_declaration", "record_declaration"}),
    "csharp": frozenset({"class_declaration", "struct_declaration", "record_declaration"}),
    "kotlin": KOTLIN_CLASSES,
}
_METHODS: Final[dict[str, str]] = {
    "python": r"^\s*(?:async\s+)?def\s+{name}\s*\(",
    "ruby": r"^\s*def\s+(?:self\.)?{name}\b",
    "php": r"\bfunction\s+&?{name}\s*\(",
    "node": r"^\s*(?:(?:public|private|protected|static|async|override|readonly)\s+)*"
    r"{name}\s*(?:\(|=\s*(?:async\s*)?(?:\(|function\b))",
    "java": r"\b[\w<>\[\],.? ]+\s+{name}\s*\([^;{{]*\)\s*(?:throws\s[^{{;]+)?\{{",
    "csharp": r"\b[\w<>\[\],.? ]+\s+{name}\s*\([^;{{]*\)\s*(?:\{{|=>)",
}
_MIXINS: Final = re.compile(r"^\s*(?:include|extend|prepend)\s+((?:::)?[A-Z][\w:]*)", re.MULTILINE)
_GENERIC: Final = re.compile(r"<.*$|\(.*$|\s+")


def class_name(cls: SgNode | None) -> str:
    """A class's own name (``Checkout`` for ``class Billing::Checkout``)."""
    if cls is None:
        return ""
    name = cls.field("name") or declared_name(cls)
    return re.split(r"::|\.", name.text())[-1] if name is not None else ""


def ruby_full_name(cls: SgNode) -> str:
    """A Ruby class's or module's name as written, dotted (``Billing.Concerns.StripeHelper``
    for the compact ``module Billing::Concerns::StripeHelper``; ``Checkout`` for ``Checkout``)."""
    name = cls.field("name")
    return name.text().replace("::", ".").strip(".") if name is not None else class_name(cls)


def enclosing_class(node: SgNode, family: str) -> SgNode | None:
    """The innermost class (or Ruby module) around a node, through the method it is in."""
    kinds = CLASSES.get(family, frozenset())
    return next((a for a in node.ancestors() if a.kind() in kinds), None)


def bases(cls: SgNode, family: str) -> list[str]:
    """The classes, modules and traits a class takes methods from, as written (``.``
    between the parts of a qualified name): Python's bases, Ruby's superclass and the modules
    it includes, extends or prepends, JavaScript's ``extends``, PHP's ``extends`` and traits,
    Java's superclass, C#'s base list, Kotlin's supertype constructed (``: Base()``)."""
    written: list[str] = []
    if family == "python":
        listed = cls.field("superclasses")
        if listed is not None:
            written = [c.text() for c in listed.named_children() if c.kind() != "keyword_argument"]
    elif family == "ruby":
        parent = cls.field("superclass")
        written = [parent.text().lstrip("< ")] if parent is not None else []
        written += [m.group(1) for m in _MIXINS.finditer(cls.text())]
    elif family == "node":  # TypeScript: extends_clause; JavaScript: the expression itself
        heritage = _child(cls, "class_heritage")
        for part in heritage.named_children() if heritage is not None else []:
            if part.kind() == "extends_clause":
                written += [c.text() for c in part.named_children() if "type_arg" not in c.kind()]
            elif part.kind() != "implements_clause":
                written.append(part.text())
    elif family == "php":
        clause = _child(cls, "base_clause")
        written = [n.text() for n in clause.named_children()] if clause is not None else []
        members = _child(cls, "declaration_list")
        for use in members.named_children() if members is not None else []:
            if use.kind() == "use_declaration":
                written += [n.text() for n in use.named_children() if "name" in n.kind()]
    elif family == "java":
        parent = cls.field("superclass")
        written = [parent.text().removeprefix("extends").strip()] if parent is not None else []
    elif family == "csharp":
        written = interfaces(cls, family)
    elif family == "kotlin":  # : Base(args), Iface: the supertype constructed is the class
        written = [t.text() for t, called in supertypes(cls) if called]
    return [_dotted(w) for w in written if w]


_NOT_INTERFACES: Final = frozenset({"object", "ABC", "Protocol", "Generic", "Exception"})
"""Python bases that say nothing about which interface a class implements."""


def interfaces(cls: SgNode, family: str) -> list[str]:
    """What a Java or C# class implements (C#'s whole base list: a base class among them is
    told apart by the caller), a Kotlin class's supertypes not constructed (``: Gateway``),
    what a TypeScript class ``implements``, and a Python class's
    bases (a Protocol or ABC it fills in, as warehouse's services do), as written."""
    if family == "python":
        return [b for b in bases(cls, family) if b.rsplit(".", 1)[-1] not in _NOT_INTERFACES]
    if family == "node":
        heritage = _child(cls, "class_heritage")
        clause = _child(heritage, "implements_clause") if heritage is not None else None
        return [_dotted(t.text()) for t in clause.named_children()] if clause is not None else []
    if family == "csharp":
        listed = _child(cls, "base_list")
        types = listed.named_children() if listed is not None else []
        return [_dotted(t.text()) for t in types if t.kind() != "argument_list"]
    if family == "java":
        listed = cls.field("interfaces")
        found = listed.find(kind="type_list") if listed is not None else None
        return [_dotted(t.text()) for t in found.named_children()] if found is not None else []
    if family == "kotlin":  # : Base(args), Iface, Other by impl: those not constructed
        return [_dotted(t.text()) for t, called in supertypes(cls) if not called]
    return []


def _dotted(written: str) -> str:
    """A written type name without its type arguments or call, ``::``/``\\`` as ``.``."""
    bare = _GENERIC.sub("", written.split("(", 1)[0])
    return re.sub(r"::|\\", ".", bare).strip(".")


def _child(node: SgNode, kind: str) -> SgNode | None:
    return next((c for c in node.named_children() if c.kind() == kind), None)


def defines(cls: SgNode, name: str, family: str) -> bool:
    """Whether a class's own text defines a method ``name`` (a call of it from the class
    reaches that one, not an inherited one)."""
    pattern = _METHODS.get(family)
    if pattern is None:
        return False
    found = re.search(pattern.format(name=re.escape(name)), cls.text(), re.MULTILINE)
    return found is not None


# -- what a receiver name stands for ----------------------------------------------------------


_DECLARED: Final = (
    r"[$@]?\b{name}\s*(?::\s*[\w<>\[\]?. ]+)?\s*:?=(?![=>~])",
    r"(?<![.\w])(?!(?:return|await|new|throw|yield|else|case|in|is|as|out|ref|of|not|and|or)\b)"
    r"[A-Za-z_][\w.\\]*\s*(?:<[^>\n]*>)?\??\s+[$@]?{name}\s*[;,)=]",
    r"\b{name}\??\s*:\s*[A-Za-z_]",
)
"""Where a class declares or binds a name (``svc = ...``, ``private final Billing svc;``, a
primary-constructor parameter ``(IBilling svc)``, ``svc: Billing``)."""


def receiver_scope(call: SgNode, receiver: str, family: str, source: str) -> str:
    """The text in which to look for what a receiver name is bound to or declared as: the
    class around the call when it declares that name (another class of the file may declare
    the same name otherwise), else the whole file (a module variable, an inherited field)."""
    cls = enclosing_class(call, family)
    if cls is None:
        return source
    text = cls.text()
    name = re.escape(receiver.lstrip("$@"))
    if any(re.search(p.format(name=name), text) for p in _DECLARED):
        return text
    return source


_CONTAINER: Final = r"(?:\$?\w+(?:\(\))?(?:->|::))*(?:app|resolve|make|get)"
"""A PHP service container's lookup (``app``, ``resolve``, ``$this->app->make``,
``$container->get``), given a class (``Billing::class``): an instance of it."""
_PROPERTY: Final = r"(?:(?:public|protected|private|static|readonly|var)\s+)*(?:\??[\w\\|]+\s+)?"
"""A PHP property's modifiers and type before its name."""


_MADE: Final[dict[str, re.Pattern[str]]] = {
    "ruby": re.compile(r"^(?P<cls>[\w.]+)\.new(?:\(.*\))?$"),  # Checkout.new(user).run(x)
    "php": re.compile(  # (new Billing())->run(), app(Billing::class)->run(), give(X::class)
        r"^\(new\.?(?P<cls>(?:\w+\.)*[A-Z]\w*)(?:\(.*\))?\)$"
        r"|^(?:[$\w]+(?:\(\))?\.)*\w+\(\.?(?P<held>(?:\w+\.)*[A-Z]\w*)\.class\)$"
    ),
    "python": re.compile(r"^(?P<cls>(?:[a-z_]\w*\.)*[A-Z]\w*)\(.*\)$"),  # Checkout(user).run()
    "node": re.compile(r"^(?:\(new)?(?P<cls>(?:\w+\.)*[A-Z]\w*)\(.*\)\)?$"),  # new Billing(c).run()
}
"""A call's receiver (its normalised callee's) that makes an instance of a class, there and
then: Ruby's ``X.new``, PHP's ``(new X(...))`` and a service container's ``app(X::class)``
(``resolve``, ``$this->app->make``, a plugin's ``give(X::class)``), Python's ``X(...)`` and
JavaScript's ``new X(...)`` (normalised ``X(...)``: a capitalised name, a class)."""


def made_instance(receiver: str, family: str) -> str | None:
    """The class (``.``-separated) ``receiver`` makes an instance of (:data:`_MADE`), or None."""
    pattern = _MADE.get(family)
    found = pattern.match(receiver) if pattern is not None else None
    if found is None:
        return None
    cls = found.group("cls") if found.groupdict().get("cls") else found.group("held")
    return re.sub(r"\\", ".", cls).strip(".") or None


def typed_as(receiver: str, owner: str, source: str) -> str | None:
    """The class (as written, ``.``-separated) a receiver name is bound to an instance of in
    ``source`` (``svc = Billing(...)``, ``$svc = new Billing(...)``, ``svc := &Billing{}``,
    ``svc = Billing::Checkout.new``, a static call on the class: ``Billing.instance()``, PHP's
    ``Billing::get_instance()``, a singleton's accessor) or declared with (``private final
    Billing svc``, ``svc: Billing``, ``Billing $svc``, Go's ``svc *Billing``; PHP's ``new
    Billing;``, ``app(Billing::class)``, ``/** @var Billing */ private $svc``), when it is
    ``owner``; None otherwise."""
    name = re.escape(receiver.lstrip("$@"))
    cls = rf"(?P<cls>(?:[\w\\]+(?:\.|::|\\))*{re.escape(owner)})"
    bound = r"\s*(?::\s*[\w<>\[\]?. ]+)?\s*:?=\s*(?:new\s+|await\s+|&)?"
    patterns = (
        rf"[$@]?\b{name}{bound}{cls}\s*(?:[({{.]|::\s*\w+\s*\()",  # PHP: Billing::instance()
        rf"\b{cls}\s*(?:<[^>\n]*>)?\??\s+[$@]?{name}\b",
        rf"\b{name}\??\s*:\s*{cls}\b",
        # Go: svc *Service (a parameter, a field: on its own line or one line's struct { },
        # with a tag or a comment after it, a var)
        rf"(?<![.\w]){name}\s+\*?{cls}\s*(?:[,)\n;=}}`]|/[/*])",
        rf"\${name}\s*=\s*new\s+{cls}\s*[;)]",  # PHP: new Billing;
        rf"\${name}\s*=\s*{_CONTAINER}\(\s*{cls}::class\s*[,)]",  # PHP: app(Billing::class)
        rf"@var\s+\??{cls}(?:\|null)?\b[^;{{}}$]*?\*/\s*{_PROPERTY}\${name}\b",  # @var Billing */
    )
    for pattern in patterns:
        found = re.search(pattern, source)
        if found is not None:
            return re.sub(r"::|\\", ".", found.group("cls")).strip(".")
    return None


# -- the classes of a tree that implement an interface ---------------------------------------

_HEADS: Final[dict[str, re.Pattern[str]]] = {
    "python": re.compile(r"^[ \t]*class\s+(?P<cls>\w+)\s*(?P<head>\([^)]*\))\s*:", re.MULTILINE),
    "node": re.compile(
        r"\b(?:class|interface)\s+(?P<cls>\w+)(?P<head>[^{;]*?\b(?:implements|extends)\b[^{;]*)\{"
    ),
    "csharp": re.compile(  # class H(IPayments payments) : IHandler {  (constructor skipped)
        r"\b(?:class|struct|record|interface)\s+(?P<cls>\w+)\s*(?:<[^>{;]*>)?\s*"
        r"(?:\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\))?(?P<head>[^{;]*?:[^{;]*)[{;]"
    ),
    "java": re.compile(
        r"\b(?:class|enum|record|interface)\s+(?P<cls>\w+)(?P<head>[^{;]*?"
        r"\b(?:implements|extends)\b[^{;]*)\{"
    ),
    "kotlin": re.compile(  # class X(val a: A = f(b)) : Base(a), Gateway {  (constructor skipped)
        r"\b(?:class|interface|object)\s+(?P<cls>\w+)\s*(?:<[^>{]*>)?[\w\s@]*?"
        r"(?:\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\))?\s*:(?P<head>[^{=;]*?)(?:\{|$)",
        re.MULTILINE,
    ),
}


def implementers(text: str, family: str, names: set[str]) -> dict[str, set[str]]:
    """The classes (and interfaces) of a file's text whose header names each of ``names``
    among what it implements or extends, by interface name (a generic constraint naming it
    counts too: it only makes a second implementer, never a wrong one); a Python class of
    that name that is no Protocol or ABC counts itself (it may be what the receiver holds)."""
    pattern = _HEADS.get(family)
    out: dict[str, set[str]] = {}
    if pattern is None or not any(n in text for n in names):
        return out
    for found in pattern.finditer(text):
        head = found.group("head")
        for name in names:
            if re.search(rf"(?<!\w){re.escape(name)}\b", head):
                out.setdefault(name, set()).add(found.group("cls"))
    if family == "python":  # a base that is no Protocol or ABC: an instance may be its own
        for name in names:
            own = re.search(rf"^[ \t]*class\s+{re.escape(name)}\b([^:]*):", text, re.MULTILINE)
            if own is not None and _ABSTRACT.search(own.group(1)) is None:
                out.setdefault(name, set()).add(name)
    return out


_ABSTRACT: Final = re.compile(r"\b(?:Protocol|ABC|ABCMeta|Interface)\b")
"""What a Python class's header says to make it one no instance is made of."""


# -- Go: interfaces by structure --------------------------------------------------------------

_GO_INTERFACE: Final = re.compile(
    r"^(?:type[ \t]+|[ \t]+)(?P<name>[A-Za-z_]\w*)(?:\[[^\]\n]*\])?[ \t]+interface[ \t]*\{",
    re.MULTILINE,
)
"""A Go interface type's declaration (``type Billing interface {``, or a line of a ``type (``
group), up to its opening brace."""


def go_interfaces(text: str, method: str) -> list[str]:
    """The interface types a Go file declares whose own method set names ``method`` (a type
    with a method of that name may implement them: Go says so by structure, not by name)."""
    if method not in text:
        return []
    named = re.compile(rf"(?:^|;)\s*{re.escape(method)}\s*\(", re.MULTILINE)  # a line, or after ;
    return [
        found.group("name")
        for found in _GO_INTERFACE.finditer(text)
        if named.search(_braced(text, found.end())) is not None
    ]


def _braced(text: str, start: int) -> str:
    """The text from ``start`` (just after an opening brace) to its closing brace."""
    depth = 1
    for at in range(start, len(text)):
        char = text[at]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return text[start:at]
    return text[start:]


def go_method_types(text: str, method: str) -> set[str]:
    """The types a Go file defines a method ``method`` on (``func (s *Billing) method(``)."""
    if method not in text:
        return set()
    pattern = (
        r"^func\s*\(\s*(?:\w+\s+)?\*?\s*(?P<type>[A-Za-z_]\w*)\s*(?:\[[^\]\n]*\])?\s*\)\s*"
        rf"{re.escape(method)}\s*[\[(]"
    )
    return {m.group("type") for m in re.finditer(pattern, text, re.MULTILINE)}
