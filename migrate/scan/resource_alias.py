"""A name a file binds to a Stripe resource or service, called through that name.

Python code binds a resource class to a name (``Session = stripe.checkout.Session``, or
``api = cast(Any, stripe.Subscription)`` to quiet a type checker: a real application's whole
Stripe layer was written so) and JavaScript/TypeScript a client's service
(``const sessions = stripe.checkout.sessions``); ``api.create(...)`` is then the resource's
call. :func:`spelled` gives such a call's callee as the patterns spell it, when every binding
of the name in the file is to the same path (a name bound to two things is left as written).
The patterns still decide whether the call is one the scan reports, and the receiver checks
(a mock, another SDK's client) still apply.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.extract import file_cache
from migrate.scan.patterns import snake

_PYTHON: Final = re.compile(
    r"^[ \t]*(?P<name>[A-Za-z_]\w*)[ \t]*(?::[^=\n]+)?=[ \t]*"
    r"(?:(?:typing\.)?cast\([ \t]*[\w.\[\], ]+,[ \t]*)?(?P<path>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)"
    r"[ \t]*\)?[ \t]*(?:#.*)?$",
    re.MULTILINE,
)
_NODE: Final = re.compile(
    r"\b(?:const|let|var)[ \t]+(?P<name>[A-Za-z_$][\w$]*)[ \t]*(?::[^=\n]+)?=[ \t]*"
    r"(?P<path>[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+)[ \t]*(?:as[ \t]+\w+[ \t]*)?;?[ \t]*$",
    re.MULTILINE,
)
_NODE_PICKED: Final = re.compile(
    r"\b(?:const|let|var)[ \t]*\{(?P<names>[^{}=]*)\}[ \t]*(?::[^=\n]+)?=[ \t]*"
    r"(?P<path>[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)[ \t]*;?[ \t]*$",
    re.MULTILINE,
)
"""``const { sessions } = stripe.checkout`` (``{ checkout } = stripe``, ``{ sessions: s }``):
each name picked out of a client or service is bound to the path of that member."""
_BY_FAMILY: Final = {"python": _PYTHON, "node": _NODE}
_PY_IMPORT: Final = re.compile(
    r"^[ \t]*from[ \t]+(?P<module>\.*\w+(?:\.\w+)*)[ \t]+import[ \t]+"
    r"(?:\((?P<group>[^)]*)\)|(?P<names>[^#\n]+))",
    re.MULTILINE,
)
"""``from stripe.checkout import Session`` (and the older ``stripe.api_resources.checkout``
or a resource's own module, ``...checkout.session``): the class imported by its name."""
_NONE: Final[dict[str, str]] = {}
_ELSEWHERE: Final = "(imported from another module)"


def _aliases(root: SgNode, family: str) -> dict[str, str]:
    """The names the file binds to a dotted path, each to the one path all its bindings name."""
    cache = file_cache(root)
    found: dict[str, str] | None = cache.get("resource_aliases")
    if found is not None:
        return found
    pattern = _BY_FAMILY.get(family)
    text = root.text()
    if pattern is None or "." not in text:
        cache["resource_aliases"] = _NONE
        return _NONE
    paths: dict[str, set[str]] = {}
    count: dict[str, int] = {}
    for m in pattern.finditer(text):
        paths.setdefault(m["name"], set()).add(m["path"])
        count[m["name"]] = count.get(m["name"], 0) + 1
    if family == "python":
        for name, path in _imports(text):
            paths.setdefault(name, set()).add(path)
    else:  # a destructuring binds too (its names are no `name =` statement: not counted)
        for name, path in _picked(text):
            paths.setdefault(name, set()).add(path)
    found = {
        name: next(iter(p))
        for name, p in paths.items()
        if len(p) == 1
        and _bindings(text, name) == count.get(name, 0)  # bound to nothing else
        and p != {_ELSEWHERE}
    }
    cache["resource_aliases"] = found
    return found


_PHP_USE: Final = re.compile(
    r"^[ \t]*use[ \t]+\\?(?P<path>(?:\w+\\)*\w+)(?:[ \t]+as[ \t]+(?P<alias>\w+))?[ \t]*;",
    re.MULTILINE | re.IGNORECASE,
)


def _php_uses(root: SgNode) -> dict[str, str]:
    """The stripe-php classes a PHP file imports, by the name the file calls them (lower-cased:
    PHP's class names are not case-sensitive), as dotted paths (``Stripe.BillingPortal.Session``;
    a plugin's bundled copy keeps its prefix, which the patterns' tails ignore)."""
    cache = file_cache(root)
    found: dict[str, str] | None = cache.get("php_stripe_uses")
    if found is not None:
        return found
    found = {}
    text = root.text()
    if "stripe\\" in text.lower():
        for m in _PHP_USE.finditer(text):
            parts = m["path"].split("\\")
            if len(parts) > 1 and any(p.lower() == "stripe" for p in parts[:-1]):
                found[(m["alias"] or parts[-1]).lower()] = ".".join(parts)
    cache["php_stripe_uses"] = found
    return found


def _imports(text: str) -> Iterator[tuple[str, str]]:
    """Each name a ``from ... import`` binds, with its path: a Stripe resource class as the
    patterns spell it (``Session`` from ``stripe.api_resources.checkout.session`` ->
    ``stripe.checkout.Session``), another module's name as ``_ELSEWHERE`` (so a name imported
    both from Stripe and from elsewhere, SQLAlchemy's ``Session``, is left as written)."""
    for m in _PY_IMPORT.finditer(text):
        module = m["module"].split(".")
        parts = [p for p in module[1:] if p.lstrip("_") != "api_resources"]
        for item in (m["group"] or m["names"]).split(","):
            words = item.split("#", 1)[0].split()
            if not words or not words[0].isidentifier():
                continue
            symbol = words[0]
            alias = words[2] if len(words) == 3 and words[1] == "as" else symbol
            if module[0] != "stripe":  # the name imported from elsewhere too: not the class
                yield alias, _ELSEWHERE
            elif symbol[0].isupper() and alias.isidentifier():  # not a module (``checkout``)
                owner = parts[:-1] if parts and parts[-1].lstrip("_") == snake(symbol) else parts
                yield alias, ".".join(["stripe", *(p.lstrip("_") for p in owner), symbol])


def _picked(text: str) -> Iterator[tuple[str, str]]:
    """Each name a JavaScript destructuring binds from a dotted path, with the member's path
    (``const { sessions: s } = stripe.checkout`` -> ``s``, ``stripe.checkout.sessions``); a
    rest element or a default is not a member as it is."""
    for m in _NODE_PICKED.finditer(text):
        for entry in m["names"].split(","):
            key, colon, alias = (part.strip() for part in entry.partition(":"))
            name = alias if colon else key
            if key.isidentifier() and name.isidentifier():
                yield name, f"{m['path']}.{key}"


def _bindings(text: str, name: str) -> int:
    """How many statements of ``text`` bind ``name`` (``name = ...``, ``const name = ...``)."""
    binds = rf"^[ \t]*(?:(?:const|let|var)[ \t]+)?{re.escape(name)}[ \t]*(?::[^=\n]+)?=(?![=>])"
    return len(re.findall(binds, text, re.MULTILINE))


def spelled(call: SgNode, callee: str, family: str) -> str:
    """``callee`` with its first name replaced by the path the file binds it to
    (``api.modify`` -> ``stripe.Subscription.modify``; PHP's class imported from stripe-php,
    ``use Stripe\\Price as Stripe_Price``: ``Stripe_Price::create`` -> ``Stripe.Price.create``),
    else as written."""
    head, dot, rest = callee.partition(".")
    if not dot or (family not in _BY_FAMILY and family != "php"):
        return callee
    if family == "php":
        path = _php_uses(call.get_root().root()).get(head.lower())
    else:
        path = _aliases(call.get_root().root(), family).get(head)
    if path is None or path.split(".", 1)[0] == head:
        return callee
    return f"{path}.{rest}"
