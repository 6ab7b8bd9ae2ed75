"""JavaScript and TypeScript: stripe-node's ``checkout.sessions.create({...})``, Stripe.js's
client-only ``redirectToCheckout({lineItems, ...})`` and pre-2019 checkout.js's
``StripeCheckout.configure({...}).open({amount, ...})``."""

from __future__ import annotations

from typing import Any, ClassVar, Final

from ast_grep_py import SgNode

from migrate.scan.extract import (
    OMIT,
    Dynamic,
    Extractor,
    arguments,
    c_escape,
    dynamic_marker,
    string_text,
    text,
)
from migrate.scan.patterns import CallPattern, Family, snake

_FUNCTIONS: Final = frozenset(
    {
        "function_declaration",
        "function_expression",
        "function",
        "arrow_function",
        "method_definition",
        "generator_function_declaration",
        "generator_function",
    }
)


class NodeExtractor(Extractor):
    family: ClassVar[Family] = "node"
    functions: ClassVar[frozenset[str]] = _FUNCTIONS
    wrappers: ClassVar[frozenset[str]] = frozenset(
        {
            "parenthesized_expression",
            "as_expression",
            "satisfies_expression",
            "non_null_expression",
            "type_assertion",
            "await_expression",
        }
    )
    bindings_spec: ClassVar[tuple[tuple[str, str, str], ...]] = (
        ("variable_declarator", "name", "value"),
        ("assignment_expression", "left", "right"),
    )

    # -- which calls count ---------------------------------------------------------------

    def accept(self, call: SgNode, pattern: CallPattern) -> bool:
        if pattern.guard is None:
            return True
        first = next(iter(arguments(call)), None)
        if pattern.guard in ("client_only", "session_redirect"):
            # redirectToCheckout({sessionId}) only redirects; with items it *is* the checkout
            value = self.value(first, "", record=False) if first is not None else None
            keys = set(value) if type(value) is dict else set()
            self.dynamic.clear()
            client_only = bool(keys & {"lineItems", "items"})
            return client_only if pattern.guard == "client_only" else not client_only
        if pattern.guard == "checkout_js":
            return self._configure_call(call) is not None
        return False

    def _configure_call(self, call: SgNode) -> SgNode | None:
        """The ``StripeCheckout.configure(...)`` call the receiver of ``call`` is bound to."""
        callee = call.field("function")
        receiver = callee.field("object") if callee is not None else None
        if receiver is None:
            return None
        receiver = self.unwrap(receiver)
        if receiver.kind() == "identifier":
            found = self.binding(receiver)
            if found is None:
                return None
            receiver = self.unwrap(found[0])
        if receiver.kind() != "call_expression":
            return None
        if "".join(text(receiver.field("function")).split()) != "StripeCheckout.configure":
            return None
        return receiver

    # -- params --------------------------------------------------------------------------

    def params(self, call: SgNode, pattern: CallPattern) -> dict[str, Any]:
        if pattern.guard == "checkout_js":
            return self._checkout_js(call)
        params = super().params(call, pattern)
        if pattern.guard == "client_only":
            renamed = _snake_keys(params)
            self.dynamic[:] = [Dynamic(_snake_path(d.path), d.source) for d in self.dynamic]
            return dict(renamed)
        return params

    def _checkout_js(self, call: SgNode) -> dict[str, Any]:
        options: dict[str, Any] = {}
        configure = self._configure_call(call)
        for source in (configure, call):
            first = next(iter(arguments(source)), None) if source is not None else None
            if first is not None:
                self.merge(options, first, "", first.text())
        self.dynamic[:] = []
        return checkout_js_params(options)

    # -- values --------------------------------------------------------------------------

    def literal(self, node: SgNode, path: str) -> tuple[Any] | None:
        kind = node.kind()
        if kind in ("true", "false"):
            return (kind == "true",)
        if kind == "null":
            return (None,)
        if kind in ("undefined", "identifier") and node.text() == "undefined":
            return (OMIT,)
        if kind == "identifier":
            return self.resolve(node, path)
        if kind == "object":
            return (self._object(node, path),)
        if kind == "array":
            return (self._array(node, path),)
        if kind == "string":
            return (js_string(node),)
        if kind == "template_string":
            if any(c.kind() == "template_substitution" for c in node.children()):
                return None
            return (js_string(node),)
        if kind == "number":
            return js_number(node.text())
        if kind == "unary_expression" and _is_number(node):
            got = js_number(node.text().lstrip("-+ \t"))
            if got is not None and node.text().lstrip().startswith("-"):
                return (-got[0],)
            return got
        return None

    def key_of(self, target: SgNode, name: str) -> str | None:
        kind = target.kind()
        if kind == "member_expression":
            obj, prop = target.field("object"), target.field("property")
            if obj is not None and obj.text() == name and prop is not None:
                return prop.text()
            return None
        if kind != "subscript_expression":
            return None
        obj, index = target.field("object"), target.field("index")
        if obj is None or index is None or obj.kind() != "identifier" or obj.text() != name:
            return None
        return js_string(index) if index.kind() == "string" else None

    def _object(self, node: SgNode, path: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for child in node.named_children():
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
            elif kind == "shorthand_property_identifier":
                name = child.text()
                got = self.resolve(child, f"{path}.{name}" if path else name)
                if got is None:
                    self.dynamic.append(Dynamic(f"{path}.{name}" if path else name, name))
                    out[name] = dynamic_marker(name)
                elif got[0] is not OMIT:
                    out[name] = got[0]
            elif kind == "spread_element":
                inner = child.named_children()
                if inner:
                    self.merge(out, inner[0], path, child.text())
            else:
                self.dynamic.append(Dynamic(path, child.text()))
        return out

    def _array(self, node: SgNode, path: str) -> list[Any]:
        out: list[Any] = []
        for child in node.named_children():
            kind = child.kind()
            if kind == "comment":
                continue
            if kind == "spread_element":
                inner = child.named_children()
                got = self.value(inner[0], path, record=False) if inner else None
                if type(got) is list:
                    out.extend(got)
                else:
                    self.dynamic.append(Dynamic(f"{path}[{len(out)}]", child.text()))
                    out.append(dynamic_marker(child.text()))
                continue
            value = self.value(child, f"{path}[{len(out)}]")
            out.append(None if value is OMIT else value)
        return out


def checkout_js_params(options: dict[str, Any]) -> dict[str, Any]:
    """The Checkout Session a checkout.js purchase (``amount``, ``currency``, ``name``,
    ``description``) amounts to: one inline one-time line item."""
    name = options.get("description") or options.get("name")
    amount = options.get("amount")
    currency = options.get("currency", "usd")
    price: dict[str, Any] = {
        "currency": currency.lower() if type(currency) is str else currency,
        "unit_amount": amount if amount is not None else dynamic_marker("amount (set at run time)"),
        "product_data": {"name": name if name is not None else "Purchase"},
    }
    return {"mode": "payment", "line_items": [{"price_data": price, "quantity": 1}]}


def _snake_keys(value: Any) -> Any:
    if type(value) is dict and "$dynamic" not in value:
        return {snake(k): _snake_keys(v) for k, v in value.items()}
    if type(value) is list:
        return [_snake_keys(v) for v in value]
    return value


def _snake_path(path: str) -> str:
    return (
        ".".join(
            snake(part.split("[", 1)[0]) + ("[" + part.split("[", 1)[1] if "[" in part else "")
            for part in path.split(".")
        )
        if path
        else path
    )


def _is_number(node: SgNode) -> bool:
    inner = node.named_children()
    return len(inner) == 1 and inner[0].kind() == "number"


def js_number(source: str) -> tuple[Any] | None:
    flat = source.replace("_", "").rstrip("n")
    try:
        if flat[:2].lower() in ("0x", "0o", "0b"):
            return (int(flat, 0),)
        number = float(flat)
    except ValueError:
        return None
    if number.is_integer() and not any(c in flat for c in ".eE"):
        return (int(number),)
    return (number,)


def js_string(node: SgNode) -> str:
    return string_text(node, ("string_fragment",), _escape)


def _escape(source: str) -> str:
    if source.startswith("\\u{") and source.endswith("}"):
        try:
            return chr(int(source[3:-1], 16))
        except ValueError:
            return source
    if source[1:2] in ("\n", "\r"):  # line continuation
        return ""
    return c_escape(source)


def _key(node: SgNode) -> str | None:
    kind = node.kind()
    if kind in ("property_identifier", "identifier"):
        return node.text()
    if kind == "string":
        return js_string(node)
    if kind == "number":
        return node.text()
    return None  # computed keys: [k]
