"""stripe-java's params as both Java and Kotlin call them (``migrate/scan/lang/java.py``,
``kotlin.py``): the Stripe classes the scanner tells apart, and what each builder method does to
the params (``setX`` sets ``x``, ``addX`` appends to the plural list, ``putX`` adds to the ``x``
map, ``Map.put`` / ``List.add`` for the older ``Map`` params). Only the syntax differs between the
two languages; each language's extractor finds the method name and the arguments."""

from __future__ import annotations

import json
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.scan.entry_copies import copied_map
from migrate.scan.extract import OMIT, Dynamic, is_dynamic, join, spliced
from migrate.scan.flow import FlowExtractor, is_each
from migrate.scan.patterns import snake

CHECKOUT_SESSION: Final = "com.stripe.model.checkout.Session"
PORTAL_SESSION: Final = "com.stripe.model.billingportal.Session"
MODEL: Final = "com.stripe.model"

INSTANCE_GUARDS: Final = {
    "java_subscription": ("update", "Subscription"),
    "java_subscription_item": ("update", "SubscriptionItem"),
    "java_subscription_item_delete": ("delete", "SubscriptionItem"),
    "java_payment_intent": ("confirm", "PaymentIntent"),
    "java_payment_intent_update": ("update", "PaymentIntent"),
    "java_subscription_cancel": ("cancel", "Subscription"),
}
"""Guards of calls made on a retrieved object: the method, and the Stripe class it must be."""
MODEL_PACKAGES: Final = {"MeterEvent": "com.stripe.model.billing"}
"""The stripe-java model classes outside ``com.stripe.model`` itself, by their package."""


def model_imports(cls: str) -> frozenset[str]:
    """The imports that name the stripe-java model class ``cls``: the class, or its package's
    ``*``; the first is its fully qualified name."""
    package = MODEL_PACKAGES.get(cls, MODEL)
    return frozenset({f"{package}.{cls}", f"{package}.*"})


def model_name(cls: str) -> str:
    """The fully qualified name of the stripe-java model class ``cls``."""
    return f"{MODEL_PACKAGES.get(cls, MODEL)}.{cls}"


class BuilderExtractor(FlowExtractor):
    """An extractor of stripe-java builders: what a builder, ``Map`` or ``List`` method does."""

    def apply_method(
        self,
        value: dict[str, Any] | list[Any],
        method: str,
        args: list[SgNode],
        call: SgNode,
        path: str,
    ) -> None:
        """What the builder, ``Map`` or ``List`` method ``method`` called with ``args`` (by
        ``call``) does to ``value``: the same from Java and Kotlin."""
        if type(value) is list:
            if method == "add" and len(args) == 1:
                self._append(value, args[0], path)
            elif method == "addAll" and len(args) == 1:
                self._extend(value, args[0], path)
            return
        if type(value) is not dict or method in ("build", "builder"):
            return
        whole = copied_map(call, *args) if len(args) == 2 and _puts_one(method) else None
        if whole is not None:  # for (var e : extra.entrySet()) b.putMetadata(e.getKey(), ...)
            method, args = "putAll" + method[3:], [whole]  # puts all of extra
        own = whole.text() if whole is not None else _own_text(self.text_of(call), method)
        if method in ("put", "putExtraParam") and len(args) == 2:
            self._put(value, args[0], args[1], path, own)
        elif method in ("putAll", "putAllExtraParam") and len(args) == 1:
            self._put_all(value, args[0], path, own)
        elif method.startswith("set") and method[3:4].isupper() and len(args) == 1:
            key = snake(method[3:])
            self.put(value, key, args[0], path)
            if value.get(key, OMIT) is None:
                del value[key]  # setX(null) leaves the param unset
        elif method.startswith("addAll") and method[6:7].isupper() and len(args) == 1:
            key = plural(snake(method[6:]))
            items = value.setdefault(key, [])
            if is_each(items):
                items = value[key] = [items]  # added to an each: the each, then these
            if type(items) is list:
                self._extend(items, args[0], join(path, key))
        elif method.startswith("add") and method[3:4].isupper() and len(args) == 1:
            key = plural(snake(method[3:]))
            items = value.setdefault(key, [])
            if is_each(items):
                items = value[key] = [items]  # added to an each: the each, then these
            if type(items) is list:
                self._append(items, args[0], join(path, key))
        elif method.startswith("putAll") and method[6:7].isupper() and len(args) == 1:
            key = snake(method[6:])
            into = value.setdefault(key, {})
            got = self.value(args[0], join(path, key), record=False) if into == {} else None
            if into == {} and (type(got) is not dict or is_dynamic(got)):
                # a map known at run time put into an empty one is that map: carried whole
                self.put(value, key, args[0], path)
            elif type(into) is dict and not is_dynamic(into):
                self._put_all(into, args[0], join(path, key), own)
            else:
                self.dynamic.append(Dynamic(join(path, key), own))
        elif method.startswith("put") and method[3:4].isupper() and len(args) == 2:
            key = snake(method[3:])
            into = value.setdefault(key, {})
            if type(into) is dict and not is_dynamic(into):
                self._put(into, args[0], args[1], join(path, key), own)
            else:  # an entry put into a map known only at run time
                self.dynamic.append(Dynamic(join(path, key), own))
        else:
            self.dynamic.append(Dynamic(path, own))

    def _put_all(self, into: dict[str, Any], arg: SgNode, path: str, src: str) -> None:
        """``putAll(extra)`` into a map holding keys already: ``extra``'s keys win over them."""
        mark, before = len(self.dynamic), list(into)
        self.merge(into, arg, path, src)
        self.merged_after(mark, path, before)

    def _put(self, into: dict[str, Any], key: SgNode, value: SgNode, path: str, src: str) -> bool:
        """Put ``key``'s entry; False (listed at ``path``) when the key is known at run time."""
        got = self.value(key, path, record=False)
        if type(got) is str:
            self.put(into, got, value, path)
            return True
        self.dynamic.append(Dynamic(path, src))
        return False

    def keyed(self, pairs: list[tuple[SgNode, SgNode, str]], path: str) -> tuple[Any] | None:
        """A map written as its entries (``Map.of(k, v)``, ``mapOf(k to v)``): None below the
        params when a key is known only at run time (the map is then one run-time value)."""
        out: dict[str, Any] = {}
        mark, whole = len(self.dynamic), True
        for key, value, src in pairs:
            whole &= self._put(out, key, value, path, src)
        if path and not whole:
            del self.dynamic[mark:]
            return None
        return (out,)

    def _append(self, items: list[Any], node: SgNode, path: str) -> None:
        got = self.value(node, f"{path}[{len(items)}]")
        items.append(None if got is OMIT else got)

    def _extend(self, items: list[Any], node: SgNode, path: str) -> None:
        got = self.value(node, path, record=False)
        if type(got) is list:
            items.extend(got)
        elif is_each(got):
            self.dynamic.append(Dynamic(f"{path}[{len(items)}]", str(got["$dynamic"])))
            items.append(got)  # an each in a list stands for its elements
        else:
            self.dynamic.append(Dynamic(f"{path}[{len(items)}]", self.text_of(node)))
            items.append(spliced(self.text_of(node), self.text_of(node), path))

    def _list(self, nodes: list[SgNode], path: str) -> list[Any]:
        out: list[Any] = []
        for node in nodes:
            self._append(out, node, path)
        return out


def _puts_one(method: str) -> bool:
    """``put`` or ``putX`` (one entry of a map), not ``putAll``."""
    return method == "put" or (
        method.startswith("put") and method[3:4].isupper() and not method.startswith("putAll")
    )


def _own_text(source: str, method: str) -> str:
    """A builder call's own text (``.putMetadata(key, v)``), not the chain before it, when the
    chain spans lines: what a finding quotes."""
    at = source.rfind(f".{method}(")
    if "\n" not in source or at < 0:
        return source
    return source[at:]


def imports_checkout_session(imports: list[str]) -> bool:
    if PORTAL_SESSION in imports:
        return False
    return CHECKOUT_SESSION in imports or "com.stripe.model.checkout.*" in imports


def setter(method: str) -> bool:
    return any(
        method.startswith(p) and method[len(p) : len(p) + 1].isupper()
        for p in ("set", "add", "put")
    )


def plural(key: str) -> str:
    """The list param an ``addX`` builder method appends to: ``line_item`` -> ``line_items``,
    ``allowed_country`` -> ``allowed_countries``, ``expand`` stays."""
    if key == "expand":
        return key
    if key.endswith("y") and not key.endswith(("ay", "ey", "oy", "uy")):
        return key[:-1] + "ies"
    if key.endswith(("s", "x", "ch", "sh")):
        return key + "es"
    return key + "s"


def java_choice(cond: str, then: Any, else_: Any) -> str:
    """A choice a builder call under an ``if`` makes, as Java: ``trial ? 14 : null`` (not the
    whole ``if`` statement)."""
    flat = " ".join(cond.split())
    return f"{flat} ? {java_source(then)} : {java_source(else_)}"


def java_source(value: Any) -> str:
    """``value`` written as a Java expression: a run-time value is its source, an object a
    ``Map.of``, a list a ``List.of``, nothing ``null``."""
    if is_dynamic(value):
        return run_time_part(str(value["$dynamic"]))
    if type(value) is dict:
        pairs = ", ".join(f"{java_source(k)}, {java_source(v)}" for k, v in value.items())
        return f"Map.of({pairs})"
    if type(value) is list:
        return "List.of(" + ", ".join(java_source(v) for v in value) + ")"
    if value is None or value is OMIT:
        return "null"
    if type(value) is bool:
        return "true" if value else "false"
    if type(value) is str:
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def run_time_part(source: str) -> str:
    """A run-time value's source on one line, in parentheses unless it is one term (``a.b()``,
    ``"x"``): a part of a written choice or map reads as the code it came from."""
    flat = " ".join(source.split())
    return flat if " " not in flat else f"({flat})"
