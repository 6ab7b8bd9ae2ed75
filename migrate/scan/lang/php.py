"""PHP: stripe-php's ``\\Stripe\\Checkout\\Session::create([...])`` (or ``Session::create`` once
``use Stripe\\Checkout\\Session;`` imports it) and ``StripeClient``'s
``$stripe->checkout->sessions->create([...])``.

The first argument holds the params; a second one (``['stripe_account' => ...]``) is request
options. Arrays with only positional elements are lists, any ``'key' => value`` makes a dict.
Variables are followed inside their function (PHP functions see no outer variables; closures
see those they ``use``, arrow functions all of them); class and global constants
(``const PRICE = '...'``, ``self::PRICE``) are followed too.
"""

from __future__ import annotations

import re
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

_FUNCTIONS: Final = frozenset(
    {
        "function_definition",
        "method_declaration",
        "anonymous_function",
        "anonymous_function_creation_expression",
        "arrow_function",
    }
)
_CLOSURES: Final = frozenset({"anonymous_function", "anonymous_function_creation_expression"})
_CLASSES: Final = frozenset(
    {"class_declaration", "interface_declaration", "trait_declaration", "enum_declaration"}
)
_STRING_PARTS: Final = frozenset({"string_content", "string_value", "escape_sequence"})
_PROPERTIES: Final = frozenset({"member_access_expression", "nullsafe_member_access_expression"})
_CHECKOUT_SESSION: Final = "Stripe\\Checkout\\Session"
_SIMPLE_ESCAPES: Final = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "v": "\v",
    "e": "\x1b",
    "f": "\f",
    "\\": "\\",
    "$": "$",
    '"': '"',
    "'": "'",
}
_OPEN_TAG: Final = re.compile(r"<\?(?:php\b|=)", re.I)
_PHP_LEXEME: Final = re.compile(r"""'|"|/\*|//|#(?!\[)|<<<[ \t]*(["']?)([A-Za-z_]\w*)\1|\?>""")
_LINE_OR_CLOSE: Final = re.compile(r"\r|\n|\?>")
_NUMERIC_ESCAPE: Final = re.compile(r"^\\(?:x([0-9A-Fa-f]{1,2})|([0-7]{1,3})|u\{([0-9A-Fa-f]+)\})$")


class PhpExtractor(Extractor):
    family: ClassVar[Family] = "php"
    functions: ClassVar[frozenset[str]] = _FUNCTIONS
    bindings_spec: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("assignment_expression", "left", "right"),
    )
    name_kinds: ClassVar[frozenset[str]] = frozenset({"variable_name"})

    # -- which calls count ---------------------------------------------------------------

    def accept(self, call: SgNode, pattern: CallPattern) -> bool:
        if pattern.guard is None:
            return True
        if pattern.guard == "php_checkout_import":
            if call.kind() != "scoped_call_expression":
                return False
            scope = call.field("scope")
            name = self._class_name(scope) if scope is not None else None
            return name is not None and name.lower() == _CHECKOUT_SESSION.lower()
        if pattern.guard == "php_stripe":  # \Stripe\PaymentIntent::create, imported or in full
            scope = call.field("scope") if call.kind() == "scoped_call_expression" else None
            name = self._class_name(scope) if scope is not None else None
            wanted = "stripe\\" + pattern.callees[0].split(".", 1)[0].lower()
            return name is not None and name.lower() == wanted
        if pattern.guard == "php_client":  # $stripe->paymentIntents->create: a service property
            receiver = call.field("object") if call.kind() == "member_call_expression" else None
            return receiver is not None and receiver.kind() in _PROPERTIES
        return False

    def _class_name(self, name: SgNode) -> str | None:
        """The fully qualified name (no leading ``\\``) a class name in code refers to, from
        the file's ``use`` imports; None when it is not imported (or not a plain name)."""
        written = "".join(name.text().split())
        if written.startswith("\\"):
            return written[1:]
        if name.kind() not in ("name", "qualified_name"):
            return None
        first, _, rest = written.partition("\\")
        root = name.get_root().root()
        imported = _file_imports(name).get(first.lower())
        if imported is None:
            # outside any namespace, Stripe\PaymentIntent is the global class of that name
            if rest and root.find(kind="namespace_definition") is None:
                return written
            return None
        return f"{imported}\\{rest}" if rest else imported

    # -- values --------------------------------------------------------------------------

    def literal(self, node: SgNode, path: str) -> tuple[Any] | None:
        kind = node.kind()
        if kind == "boolean":
            return (node.text().lower() == "true",)
        if kind == "null":
            return (None,)
        if kind == "variable_name":
            return self.resolve(node, path)
        if kind == "array_creation_expression":
            return (self._array(node, path),)
        if kind in ("string", "encapsed_string"):
            if any(c.is_named() and c.kind() not in _STRING_PARTS for c in node.children()):
                return None  # "{$x}", "$x"
            return (php_string(node),)
        if kind == "integer":
            return php_integer(node.text())
        if kind == "float":
            return php_float(node.text())
        if kind == "unary_op_expression" and _is_number(node):
            got = self.literal(node.named_children()[0], path)
            if got is not None and node.text().lstrip().startswith("-"):
                return (-got[0],)
            return got
        if kind == "class_constant_access_expression":
            return self._follow(self._class_constant(node), path)
        if kind == "name":
            return self._follow(self._global_constant(node), path)
        return None

    def key_of(self, target: SgNode, name: str) -> str | None:
        if target.kind() != "subscript_expression":
            return None
        parts = [c for c in target.named_children() if c.kind() != "comment"]
        if len(parts) != 2:
            return None  # $params[] = ...
        obj, index = parts
        if obj.kind() != "variable_name" or obj.text() != name:
            return None
        return _key(index)

    def _array(self, node: SgNode, path: str) -> list[Any] | dict[str, Any]:
        """A list when every element is positional or the keys are 0, 1, 2... in order
        (``[]`` is an empty dict: params are built up with ``$params['key'] = ...``), else a
        dict."""
        elements = [c for c in node.named_children() if c.kind() == "array_element_initializer"]
        keyed = any(_is_pair(e) for e in elements)
        if not elements:
            return {}
        if not keyed:
            return self._list(elements, path)
        out: dict[str, Any] = {}
        index = 0
        for element in elements:
            parts = [c for c in element.named_children() if c.kind() != "comment"]
            if not parts:
                continue
            if _is_pair(element) and len(parts) == 2:
                key = _key(parts[0])
                if key is None:
                    self.dynamic.append(Dynamic(path, element.text()))
                    continue
                if key.lstrip("-").isdigit():
                    index = max(index, int(key) + 1)
                self.put(out, key, parts[1], path)
            elif parts[0].kind() == "variadic_unpacking":
                inner = [c for c in parts[0].named_children() if c.kind() != "comment"]
                if inner:
                    self.merge(out, inner[0], path, element.text())
                else:
                    self.dynamic.append(Dynamic(path, element.text()))
            elif len(parts) == 1:
                self.put(out, str(index), parts[0], path)
                index += 1
            else:  # by reference
                self.dynamic.append(Dynamic(path, element.text()))
        if list(out) == [str(i) for i in range(len(out))]:
            return list(out.values())  # [0 => ..., 1 => ...]
        return out

    def _list(self, elements: list[SgNode], path: str) -> list[Any]:
        out: list[Any] = []
        for element in elements:
            parts = [c for c in element.named_children() if c.kind() != "comment"]
            if not parts:
                continue
            at = f"{path}[{len(out)}]"
            if parts[0].kind() == "variadic_unpacking":
                inner = [c for c in parts[0].named_children() if c.kind() != "comment"]
                got = self.value(inner[0], path, record=False) if inner else None
                if type(got) is list:
                    out.extend(got)
                else:
                    self.dynamic.append(Dynamic(at, element.text()))
                    out.append(dynamic_marker(element.text()))
            elif len(parts) == 1:
                out.append(self.value(parts[0], at))
            else:  # by reference
                self.dynamic.append(Dynamic(at, element.text()))
                out.append(dynamic_marker(element.text()))
        return out

    # -- names ---------------------------------------------------------------------------

    def binding(self, name: SgNode) -> tuple[SgNode, SgNode, int] | None:
        """A variable's last assignment above it in its function; closures look outside for
        the variables they ``use`` (as they were when the closure was made), arrow functions
        for every variable that is not their parameter."""
        scope = self.scope(name)
        use = start(name)
        text = name.text()
        while True:
            before = [b for b in self.bindings(scope, text) if b[2] <= use]
            if before:
                _, value, end = max(before, key=lambda b: b[0])
                return value, scope, end
            kind = scope.kind()
            sees_outside = (kind == "arrow_function" and not self.is_parameter(scope, text)) or (
                kind in _CLOSURES and _captures(scope, text)
            )
            if not sees_outside:
                return None
            use = start(scope)
            scope = self.scope(scope)

    def _follow(self, node: SgNode | None, path: str) -> tuple[Any] | None:
        if node is None or self.depth >= MAX_DEPTH:
            return None
        self.depth += 1
        try:
            return self.literal(self.unwrap(node), path)
        finally:
            self.depth -= 1

    def _class_constant(self, node: SgNode) -> SgNode | None:
        """The value of ``self::NAME`` / ``static::NAME`` (the class around the use) or
        ``Klass::NAME`` (a class of that name in the file)."""
        parts = [c for c in node.named_children() if c.kind() != "comment"]
        if len(parts) != 2 or parts[1].kind() != "name":
            return None
        owner, name = parts
        if owner.kind() == "relative_scope" and owner.text().lower() in ("self", "static"):
            cls = next((a for a in node.ancestors() if a.kind() in _CLASSES), None)
        else:
            cls = _file_classes(node).get(owner.text().rsplit("\\", 1)[-1])
        if cls is None:
            return None
        body = cls.field("body")
        if body is None:
            return None
        for decl in body.children():
            if decl.kind() == "const_declaration":
                found = _const_value(decl, name.text())
                if found is not None:
                    return found
        return None

    def _global_constant(self, node: SgNode) -> SgNode | None:
        """The value of a global constant: ``const NAME = ...;`` outside classes, or
        ``define('NAME', ...)``."""
        wanted = node.text()
        root = node.get_root().root()
        for decl in root.find_all(kind="const_declaration"):
            if any(a.kind() in _CLASSES for a in decl.ancestors()):
                continue
            found = _const_value(decl, wanted)
            if found is not None:
                return found
        for call in root.find_all(kind="function_call_expression"):
            function = call.field("function")
            if function is None or function.text().lstrip("\\").lower() != "define":
                continue
            args = arguments(call)
            if (
                len(args) >= 2
                and args[0].kind() in ("string", "encapsed_string")
                and php_string(args[0]) == wanted
            ):
                return args[1]
        return None


def parser_text(source: str) -> str:
    """``source`` with its inline HTML (``?> ... <?php``) blanked for the parser: ``?>`` becomes
    ``;`` (it ends a statement), the HTML and the next open tag spaces (line breaks kept), so
    every offset stays. tree-sitter-php loses whole files to template code inside functions
    (``{ ?>style="..."<?php }``); the calls around it are what the scan reads. Unchanged when
    there is no ``?>``. Strings, heredocs and comments are skipped (``?>`` ends a ``//``
    comment, as in PHP)."""
    if "?>" not in source:
        return source
    opening = _OPEN_TAG.search(source)
    if opening is None:
        return source
    out = list(source)
    at = opening.end()
    while (m := _PHP_LEXEME.search(source, at)) is not None:
        lexeme, begin = m.group(), m.start()
        if lexeme in ("'", '"'):
            at = _string_end(source, m.end(), lexeme)
        elif lexeme == "/*":
            close = source.find("*/", m.end())
            at = len(source) if close < 0 else close + 2
        elif lexeme.startswith("<<<"):
            ending = re.compile(rf"^[ \t]*{re.escape(m.group(2))}\b", re.M)
            found = ending.search(source, m.end())
            at = len(source) if found is None else found.end()
        elif lexeme in ("//", "#"):
            line = _LINE_OR_CLOSE.search(source, m.end())
            at = len(source) if line is None else line.start()  # a ?> is read next
        else:  # ?>: inline HTML up to the next open tag
            reopen = _OPEN_TAG.search(source, m.end())
            finish = len(source) if reopen is None else reopen.end()
            out[begin] = ";"
            for i in range(begin + 1, finish):
                if out[i] not in "\r\n":
                    out[i] = " "
            at = finish
    return "".join(out)


def _string_end(source: str, at: int, quote: str) -> int:
    while True:
        close = source.find(quote, at)
        if close < 0:
            return len(source)
        slashes = 0
        while source[close - 1 - slashes] == "\\":
            slashes += 1
        if slashes % 2 == 0:
            return close + 1
        at = close + 1


def _file_imports(node: SgNode) -> dict[str, str]:
    """``_imports`` of the file ``node`` is in, read once per file."""
    cache = file_cache(node)
    found: dict[str, str] | None = cache.get("php-imports")
    if found is None:
        found = cache["php-imports"] = _imports(node.get_root().root())
    return found


def _file_classes(node: SgNode) -> dict[str, SgNode]:
    """The classes (interfaces, traits, enums) declared in the file of ``node``, by name: the
    first of each name (read once per file)."""
    cache = file_cache(node)
    found: dict[str, SgNode] | None = cache.get("php-classes")
    if found is None:
        found = {}
        root = node.get_root().root()
        for kind in _CLASSES:
            for cls in root.find_all(kind=kind):
                name = cls.field("name")
                if name is not None:
                    found.setdefault(name.text(), cls)
        cache["php-classes"] = found
    return found


def _imports(root: SgNode) -> dict[str, str]:
    """The file's class imports: lowercased alias (or last segment) -> full name."""
    out: dict[str, str] = {}
    for decl in root.find_all(kind="namespace_use_declaration"):
        words = {c.text().lower() for c in decl.children() if not c.is_named()}
        if words & {"function", "const"}:
            continue
        prefix = ""
        group = None
        for child in decl.named_children():
            if child.kind() == "namespace_name":
                prefix = "".join(child.text().split()).strip("\\") + "\\"
            elif child.kind() == "namespace_use_group":
                group = child
        clauses = (group or decl).named_children()
        for clause in clauses:
            if clause.kind() != "namespace_use_clause":
                continue
            names = [c for c in clause.named_children() if c.kind() in ("name", "qualified_name")]
            if not names:
                continue
            full = prefix + "".join(names[0].text().split()).lstrip("\\")
            alias = names[1].text() if len(names) > 1 else full.rsplit("\\", 1)[-1]
            out[alias.lower()] = full
    return out


def _captures(closure: SgNode, name: str) -> bool:
    clause = next(
        (c for c in closure.children() if c.kind() == "anonymous_function_use_clause"), None
    )
    return clause is not None and any(
        n.text() == name for n in clause.find_all(kind="variable_name")
    )


def _const_value(decl: SgNode, name: str) -> SgNode | None:
    for element in decl.named_children():
        if element.kind() != "const_element":
            continue
        parts = [c for c in element.named_children() if c.kind() != "comment"]
        if len(parts) == 2 and parts[0].text() == name:
            return parts[1]
    return None


def _is_pair(element: SgNode) -> bool:
    return any(c.kind() == "=>" for c in element.children())


def _is_number(node: SgNode) -> bool:
    inner = node.named_children()
    return len(inner) == 1 and inner[0].kind() in ("integer", "float")


def _key(node: SgNode) -> str | None:
    kind = node.kind()
    if kind in ("string", "encapsed_string"):
        if any(c.is_named() and c.kind() not in _STRING_PARTS for c in node.children()):
            return None
        return php_string(node)
    if kind == "integer":
        got = php_integer(node.text())
        return str(got[0]) if got is not None else None
    return None  # computed keys


def php_string(node: SgNode) -> str:
    """A string literal's content with its escapes read (single quotes only know ``\\\\``
    and ``\\'``)."""
    single = node.kind() == "string" and not node.text().lstrip("bB").startswith('"')
    parts: list[str] = []
    for child in node.children():
        kind = child.kind()
        if kind in ("string_content", "string_value"):
            parts.append(child.text())
        elif kind == "escape_sequence":
            raw = child.text()
            if single:
                parts.append(raw[1:] if raw in ("\\\\", "\\'") else raw)
            else:
                parts.append(_escape(raw))
    return "".join(parts)


def _escape(source: str) -> str:
    body = source[1:]
    if body in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[body]
    match = _NUMERIC_ESCAPE.match(source)
    if match is None:
        return source  # PHP keeps unknown escapes as written
    hex_byte, octal, code_point = match.groups()
    try:
        if hex_byte is not None:
            return chr(int(hex_byte, 16))
        if octal is not None:
            return chr(int(octal, 8) & 0xFF)
        return chr(int(code_point, 16))
    except (ValueError, OverflowError):
        return source


def php_integer(source: str) -> tuple[Any] | None:
    flat = source.replace("_", "").lower()
    try:
        if flat[:2] in ("0x", "0o", "0b"):
            return (int(flat, 0),)
        if len(flat) > 1 and flat.startswith("0"):
            return (int(flat, 8),)
        return (int(flat),)
    except ValueError:
        return None


def php_float(source: str) -> tuple[Any] | None:
    try:
        return (float(source.replace("_", "")),)
    except ValueError:
        return None
