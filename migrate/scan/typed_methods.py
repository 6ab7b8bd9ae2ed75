"""A method called on an object whose class another file of a Java, Kotlin or C# tree declares.

A Spring or ASP.NET service often gets its line items from an object of its own
(``checkoutRequest.getStripeLineItems()``, ``basket.toStripeLines()``), a DTO or an entity kept
in another module of the project (``api/.../dto/CreateCheckoutSessionData.java`` beside the
service's ``service/.../CheckoutProcessorImpl.java``), with no import the scanner follows and
not in the same folder. The receiver's class is what the code declares it as: a parameter, a
field or a local (``CreateCheckoutSessionData checkoutRequest = new ...``, ``basket: Basket``,
``var cart = new Cart(...)``). :func:`typed_method_match` finds the files of the tree that
declare that class, and the method's body there (with the methods of the same file it calls),
for a caller to search (the inline prices of RT015, ``migrate/scan/inline_lines.py``).

Text only (no parse): a method is its head (``name(...)`` then ``{``, or Kotlin's ``= ``) and
its body up to the matching brace; a class a file declares is ``class|record|interface|object|
struct NAME``. Read once per scan (the tree's files of the language, ``tree_constants``).
"""

from __future__ import annotations

import re
from typing import Final

from migrate.scan.tree_constants import record, texts, tree

_SUFFIXES: Final[dict[str, tuple[str, ...]]] = {
    "java": (".java",),
    "kotlin": (".kt",),
    "csharp": (".cs",),
}
_RECEIVER: Final = re.compile(
    r"^\s*(?:this\s*\.\s*)?(?P<name>[A-Za-z_]\w*)\s*(?:\?|!!)?\s*\.\s*"
    r"(?P<method>[A-Za-z_]\w*)\s*(?:<[^<>()]*>)?\s*\("
)
"""``receiver.method(`` at the start of a value's source (``checkoutRequest.getLines()``,
``this.cart.toLines()`` as ``cart``, Kotlin's ``basket?.lines()``)."""
_CLASSES: Final = re.compile(r"\b(?:class|record|interface|object|struct)\s+([A-Z]\w*)")
_KNOWN: Final = frozenset(
    {"String", "Object", "List", "ArrayList", "Map", "HashMap", "Set", "Long", "Integer", "Int"}
    | {"Optional", "Collection", "Iterable", "IEnumerable", "IList", "Dictionary", "Task"}
)
"""Types that are not the project's (their methods are the platform's)."""
_CACHE: dict[str, tuple[tuple[str, ...], dict[str, list[tuple[str, str]]]]] = {}
"""Per language: the tree the index was read from, and by class name, each declaring file's
path and text."""
_DEPTH: Final = 3
_KOTLIN_TAIL: Final = re.compile(r"\n\s*(?:(?:override|private|public|internal|fun|val)\b|\})")


def receiver_type(scope: str, receiver: str, family: str) -> str:
    """The class ``receiver`` is declared as or made from in ``scope`` (the text of the call's
    function, then of its file): ``Basket basket``, ``Basket? basket``, ``basket = new
    Basket(``, Kotlin's ``basket: Basket`` and ``basket = Basket(``; "" when none is."""
    name = re.escape(receiver)
    patterns = [
        rf"\b{name}\??\s*:\s*([A-Z]\w*)",
        rf"\b{name}\s*=\s*(?:new\s+)?([A-Z]\w*)\s*(?:<[^<>()]*>)?\s*\(",
    ]
    if family != "kotlin":
        patterns.insert(0, rf"\b([A-Z]\w*)(?:<[^<>\n]*>)?\??\s+{name}\s*(?:[=;,)]|$)")
    for pattern in patterns:
        for found in re.finditer(pattern, scope, re.MULTILINE):
            if found.group(1) not in _KNOWN:
                return found.group(1)
    return ""


def typed_method_match(
    scopes: list[str], source: str, family: str, own: str, pattern: str
) -> tuple[str, str]:
    """For a value ``source`` that is ``receiver.method(...)`` of a Java, Kotlin or C# file
    (``own``), the method's name and the name of the first file of the tree declaring the
    receiver's class (its type in the first of ``scopes`` that declares it) whose ``method``,
    or a method of that file it calls (and so on), matches ``pattern``; ``("", "")`` when none
    does."""
    found = _RECEIVER.match(source)
    suffixes = _SUFFIXES.get(family)
    if found is None or suffixes is None:
        return "", ""
    name, method = found.group("name"), found.group("method")
    cls = next((t for t in (receiver_type(s, name, family) for s in scopes) if t), "")
    if not cls:
        return "", ""
    file = class_method_match(family, cls, method, own, pattern)
    record(("typed", family, cls, method, own, pattern, file))  # for the scan's cache
    return (method, file) if file else ("", "")


def class_method_match(family: str, cls: str, method: str, own: str, pattern: str) -> str:
    """The name of the first file of the tree (not ``own``) declaring the class ``cls`` whose
    ``method``, or a method of that file it calls (and so on), matches ``pattern`` ("" when
    none does)."""
    wanted = re.compile(pattern)
    for path, text in _declaring(family).get(cls, []):
        if path == own:
            continue
        todo: list[str] = [method]
        seen: set[str] = set()
        while todo and len(seen) <= _DEPTH * 4:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            bodies = method_bodies(text, current, family)
            if any(wanted.search(b) for b in bodies):
                return path.rsplit("/", 1)[-1]
            if len(seen) <= _DEPTH:
                todo.extend(m for b in bodies for m in re.findall(r"\b([a-zA-Z_]\w*)\s*\(", b))
    return ""


def method_bodies(text: str, method: str, family: str) -> list[str]:
    """The bodies of the methods named ``method`` that ``text`` defines (their head, then the
    block to its matching brace; a Kotlin expression body to the next member)."""
    out: list[str] = []
    head = re.compile(
        rf"\b{re.escape(method)}\s*(?:<[^<>()]*>)?\s*\((?:[^()]|\([^()]*\))*\)[^{{;=()]*?(?P<open>\{{|=(?![=>]))"
    )
    for found in head.finditer(text):
        before = text[max(0, found.start() - 40) : found.start()]
        if re.search(r"(?:\.|new\s+|return\s+|=\s*)$", before):
            continue  # a call of it, not its definition
        start = found.end()
        if found.group("open") == "=":
            if family != "kotlin":
                continue
            tail = _KOTLIN_TAIL.search(text, start)
            out.append(text[start : tail.start() if tail else len(text)])
            continue
        depth, at = 1, start
        while at < len(text) and depth:
            char = text[at]
            depth += 1 if char == "{" else -1 if char == "}" else 0
            at += 1
        out.append(text[start:at])
    return out


def _declaring(family: str) -> dict[str, list[tuple[str, str]]]:
    """By class name, the files of the tree (of ``family``'s language) that declare it, with
    their text (read once per scan)."""
    current = tree()
    cached = _CACHE.get(family)
    if cached is not None and cached[0] is current:
        return cached[1]
    suffixes = _SUFFIXES[family]
    index: dict[str, list[tuple[str, str]]] = {}
    for file, text in texts(lambda path: path.endswith(suffixes)):
        for cls in dict.fromkeys(_CLASSES.findall(text)):
            index.setdefault(cls, []).append((file.as_posix(), text))
    _CACHE[family] = (current, index)
    return index


__all__ = ["class_method_match", "method_bodies", "receiver_type", "typed_method_match"]
