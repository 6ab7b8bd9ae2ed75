"""A Stripe call made on a client picked at run time among several (X038).

Read in a photo-storage service (Go): ``stripeClient = c.StripeClients[country]`` (one client
per Stripe account, by the subscriber's country), then ``stripeClient.CheckoutSessions.New(
params)``. X038 said so of a per-call API key chosen among the platform's accounts; a client
looked up in a collection by a value known only at run time is the same choice, and the Dodo
call, with its one ``DODO_PAYMENTS_API_KEY``, would charge everyone in one business. The call's
receiver is read: a look-up by a run-time key in its text (``clients[currency].checkout``), or
a local or field bound to such a look-up in the function (``client := c.StripeClients[c]``).
A client chosen by a condition alone (a test key or a live one) is not: one account's modes.
"""

from __future__ import annotations

import re
from typing import Final

from ast_grep_py import SgNode

from migrate.findings import Finding
from migrate.scan.site import related_finding
from migrate.scan.tenant_keys import bound_values

CHOSEN: Final = "X038"
_LOOKUP: Final = re.compile(r"[\w$\])]\s*\[\s*(?!['\"`\d\]])[^\]]+\]")
"""A look-up by a key known only at run time (``clients[country]``; ``clients["US"]`` names
one)."""
_ROOT: Final = re.compile(r"^(?:(?:this|self|\$this)\s*(?:\.|->)\s*|@)?[$]?[A-Za-z_]\w*")


def client_chosen(callee: str, function: SgNode | None) -> Finding | None:
    """X038 when the client the Stripe call ``callee`` (its text before the arguments) is made
    on is looked up among several at run time, in the call or by the local it names (bound in
    ``function``)."""
    receiver = callee.rsplit(".", 2)[0] if callee.count(".") >= 2 else ""
    if not receiver:
        return None
    found = _LOOKUP.search(receiver)
    if found is not None:
        return _finding(receiver[: found.end()], receiver[: found.end()])
    root = _ROOT.match(receiver)
    if root is None or function is None:
        return None
    name = re.sub(r"^(?:this|self|\$this)\s*(?:\.|->)\s*|^@", "", root.group())
    picked = [v for v in bound_values(function.text(), name) if _LOOKUP.search(v)]
    return _finding(root.group(), picked[0]) if picked else None


def _finding(client: str, source: str) -> Finding:
    """X038 for the client written ``client``, picked by ``source``."""
    shown = " ".join(source.split())
    return related_finding(CHOSEN, option=client, source=shown)._replace(path="")
