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
from typing import Final

from ast_grep_py import SgNode

from migrate.scan.extract import file_cache

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
_BY_FAMILY: Final = {"python": _PYTHON, "node": _NODE}
_NONE: Final[dict[str, str]] = {}


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
    found = {
        name: next(iter(p))
        for name, p in paths.items()
        if len(p) == 1 and _bindings(text, name) == count[name]  # bound to nothing else
    }
    cache["resource_aliases"] = found
    return found


def _bindings(text: str, name: str) -> int:
    """How many statements of ``text`` bind ``name`` (``name = ...``, ``const name = ...``)."""
    binds = rf"^[ \t]*(?:(?:const|let|var)[ \t]+)?{re.escape(name)}[ \t]*(?::[^=\n]+)?=(?![=>])"
    return len(re.findall(binds, text, re.MULTILINE))


def spelled(call: SgNode, callee: str, family: str) -> str:
    """``callee`` with its first name replaced by the path the file binds it to
    (``api.modify`` -> ``stripe.Subscription.modify``), else as written."""
    head, dot, rest = callee.partition(".")
    if not dot or family not in _BY_FAMILY:
        return callee
    path = _aliases(call.get_root().root(), family).get(head)
    if path is None or path.split(".", 1)[0] == head:
        return callee
    return f"{path}.{rest}"
