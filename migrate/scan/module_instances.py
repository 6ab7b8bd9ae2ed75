"""The module-level objects of a wrapper's class its own file makes, which other files import
and call the wrapper on.

A Python or JavaScript/TypeScript service class often ends its module with the one object the
application uses (``stripe_gateway = StripeGateway()``, ``export const billing = new
Billing()``); a view imports that object (``from .stripe_gateway import stripe_gateway``) and
calls the method on it, never naming the class. A call on such an imported name reaches the
wrapper (``symbols.reaches``), and a file naming it is searched for calls
(``WrapperIndex.mentioned``); read in a Django app whose views call the checkout method of a
gateway object made at the bottom of its module.
"""

from __future__ import annotations

import re

from ast_grep_py import SgNode

_PYTHON = r"^(?P<name>[A-Za-z_]\w*)\s*(?::[^=\n]+)?=\s*(?:[A-Za-z_][\w.]*\.)?{owner}\s*\("
_NODE = (
    r"^(?:export\s+)?(?:const|let|var)\s+(?P<name>[A-Za-z_$][\w$]*)\s*(?::[^=\n]+)?="
    r"\s*new\s+(?:[A-Za-z_$][\w$.]*\.)?{owner}\s*\("
)


def module_instances(node: SgNode, owner: str, family: str) -> tuple[str, ...]:
    """The names the file around ``node`` binds, at its top level, to a new object of the
    class ``owner`` (Python, JavaScript/TypeScript; () for another language or no class)."""
    if not owner or family not in ("python", "node"):
        return ()
    pattern = re.compile((_PYTHON if family == "python" else _NODE).format(owner=re.escape(owner)))
    names: list[str] = []
    for child in node.get_root().root().children():
        found = pattern.match(child.text())
        if found is not None and found.group("name") not in names:
            names.append(found.group("name"))
    return tuple(names)
