"""Better Auth's Stripe plugin, the call that makes the Checkout Session: the client's
``authClient.subscription.upgrade({ plan, annual, referenceId, seats, successUrl, cancelUrl })``
(``stripeClient()`` from ``@better-auth/stripe/client``; a ``subscription`` destructured from the
client) or the server's ``auth.api.upgradeSubscription({ body, headers })``.

Such a call names no Stripe: it counts in a file that imports the package, or in a project whose
``package.json`` (or lock file, in a workspace) at or above the file depends on it. Dodo's
counterpart is ``authClient.dodopayments.checkoutSession({ slug, referenceId, cancel_url })``
(``dodopaymentsClient()`` from ``@dodopayments/better-auth/client``; ``checkout``, the other
one, is deprecated and needs the buyer's billing address), which buys the product the server's
``checkout({ products })`` lists for the slug (``better_auth.py``: the plan's name, the annual
price's ``<name>-annual``). What the call passes that the Dodo plugin has no place for is RT041:
``seats`` (a slug buys one unit), ``subscriptionId`` (a plan change, which would buy a second
subscription)."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any, Final

from ast_grep_py import SgNode

from migrate.findings import Finding, Level
from migrate.mapping.cart import Options, Translation
from migrate.readers.base import SourceRef
from migrate.scan.better_auth import (
    ANNUAL_SUFFIX,
    CLIENT_PACKAGE,
    NO_COUNTERPART,
    SERVER_PACKAGE,
    SPECIFIERS,
    UPGRADE_CODE,
    language_name,
    lowered,
    module_files,
    server_sites,
)
from migrate.scan.extract import Dynamic, Extractor, arguments, is_dynamic
from migrate.scan.site import CallSite, located, related_finding

DODO_CLIENT_PACKAGE: Final = "@dodopayments/better-auth/client"
DODO_CALL: Final = "dodopayments.checkoutSession"
SERVER_CALL: Final = "dodoCheckoutSession"
LOCKS: Final = ("package-lock.json", "pnpm-lock.yaml", "yarn.lock", "bun.lock", "bun.lockb")
_NEEDLE: Final = SERVER_PACKAGE.encode()
_UPGRADE: Final = re.compile(r"[sS]ubscription\s*\)?\s*\??\.\s*upgrade\s*\(|upgradeSubscription\(")
"""Bytes a file holding such a call contains."""
_HANDLED: Final = frozenset(
    {
        "plan",
        "annual",
        "referenceId",
        "seats",
        "successUrl",
        "cancelUrl",
        "returnUrl",
        "subscriptionId",
        "metadata",
        "disableRedirect",
        "fetchOptions",
        "customerType",
        "scheduleAtPeriodEnd",
    }
)


def may_upgrade(data: bytes) -> bool:
    """Whether a file's bytes may hold an upgrade call (a literal search first)."""
    return (b"upgrade" in data or b"Upgrade" in data) and _UPGRADE.search(
        data.decode("utf-8", "replace")
    ) is not None


def plugin_project(path: str, text: str) -> bool:
    """Whether the file belongs to an app that uses the plugin: it imports it, a module of
    the app it imports does (the auth client made with ``stripeClient()``, imported as
    ``@/lib/auth-client``), or a ``package.json`` or lock file at or above its folder names
    it."""
    if SERVER_PACKAGE in text:
        return True
    here = str(Path(path).absolute().parent)
    for spec in SPECIFIERS.findall(text):
        for found in module_files(spec, here):
            if _names_plugin(str(found)):
                return True
    return _named_above(here)


@functools.lru_cache(maxsize=1024)
def _names_plugin(path: str) -> bool:
    try:
        return _NEEDLE in Path(path).read_bytes()
    except OSError:
        return False


def forget_plugin_projects() -> None:
    """Read the package files afresh (a new scan)."""
    _named_above.cache_clear()
    _names_plugin.cache_clear()


@functools.lru_cache(maxsize=4096)
def _named_above(folder: str) -> bool:
    here = Path(folder)
    for base in (here, *here.parents):
        for name in ("package.json", *LOCKS):
            try:
                if _NEEDLE in (base / name).read_bytes():
                    return True
            except OSError:
                continue
        if (base / ".git").exists():
            return False
    return False


def upgrade_calls(root: SgNode, text: str) -> list[tuple[SgNode, SgNode, str]]:
    """Each upgrade call: the call, its options object (the body for the server's), and
    the receiver's text (the auth client, or ``auth.api``)."""
    out: list[tuple[SgNode, SgNode, str]] = []
    for call in root.find_all(kind="call_expression"):
        callee = call.field("function")
        args = arguments(call)
        if callee is None or callee.kind() != "member_expression" or not args:
            continue
        name = callee.field("property")
        owner = callee.field("object")
        if name is None or owner is None:
            continue
        owner = _unwrapped(owner)
        if name.text() == "upgrade":
            receiver = _client_of(owner, root)
            if receiver is not None and args[0].kind() in ("object", "identifier"):
                out.append((call, args[0], receiver))
        elif name.text() == "upgradeSubscription" and owner.text().endswith("api"):
            body = _pair(args[0], "body")
            if body is not None:
                out.append((call, body, owner.text()))
    return out


def _unwrapped(node: SgNode) -> SgNode:
    while node.kind() in ("parenthesized_expression", "as_expression", "non_null_expression"):
        inner = node.named_children()
        if not inner:
            break
        node = inner[0]
    return node


def _client_of(owner: SgNode, root: SgNode) -> str | None:
    """The auth client of ``owner.upgrade(...)``: ``X`` of ``X.subscription``; ``authClient``
    for a ``subscription`` the module destructures from the client or imports (then the
    suggestion calls the client, and the call is not rewritten); None for anything else."""
    if owner.kind() == "member_expression":
        prop = owner.field("property")
        base = owner.field("object")
        if prop is not None and base is not None and prop.text() == "subscription":
            return _unwrapped(base).text()
        return None
    if owner.kind() != "identifier" or not owner.text().lower().endswith("subscription"):
        return None
    name = re.escape(owner.text())
    made = re.search(
        rf"\bsubscription\s*:\s*{name}\b|[{{,]\s*{name}\s*[,}}]", root.text()
    )  # destructured or imported by that name
    return "" if made is not None else None


def _pair(node: SgNode, key: str) -> SgNode | None:
    if node.kind() != "object":
        return None
    for child in node.named_children():
        k = child.field("key") if child.kind() == "pair" else None
        if k is not None and k.text().strip("\"'") == key:
            return child.field("value")
    return None


def client_sites(
    root: SgNode,
    ex: Extractor,
    *,
    text: str,
    path: str,
    lines: list[str],
    fixable: bool,
) -> list[tuple[int, CallSite]]:
    """The upgrade calls of a file of an app using the plugin, each a creation site."""
    if _UPGRADE.search(text) is None or not plugin_project(path, text):
        return []
    out: list[tuple[int, CallSite]] = []
    for call, body, receiver in upgrade_calls(root, text):
        site = _site(call, body, receiver, ex, path=path, lines=lines)
        if fixable and receiver:
            rng = call.range()
            site = _spanned(site, (rng.start.index, rng.end.index))
        out.append((call.range().start.index, site))
    return out


def _spanned(site: CallSite, span: tuple[int, int]) -> CallSite:
    from dataclasses import replace

    return replace(site, span=span)


def read_body(body: SgNode, ex: Extractor) -> tuple[dict[str, Any], list[Dynamic]]:
    """The upgrade's options as read (a run-time value as ``{"$dynamic": source}``)."""
    node = ex.unwrap(body)
    if node.kind() == "identifier":
        bound = ex.binding(node)
        node = ex.unwrap(bound[0]) if bound is not None else node
    dynamic: list[Dynamic] = []
    if node.kind() != "object":
        dynamic.append(Dynamic("", body.text()))
        return {}, dynamic
    out: dict[str, Any] = {}
    for child in node.named_children():
        if child.kind() == "shorthand_property_identifier":
            key, source = child.text(), child.text()
            got: Any = ex.value(child, key, record=False)
        elif child.kind() == "pair" and child.field("key") is not None:
            key = child.field("key").text().strip("\"'")  # type: ignore[union-attr]
            value = child.field("value")
            assert value is not None
            source = value.text()
            got = ex.value(value, key, record=False)
        elif child.kind() == "comment":
            continue
        else:
            dynamic.append(Dynamic("", child.text()))
            continue
        ex.dynamic.clear()
        if (
            got is None
            or type(got) not in (str, int, float, bool, dict)
            or _holds_run_time(got)  # an object carried as its code, never half of it
        ):
            got = {"$dynamic": source}
            dynamic.append(Dynamic(key, source))
        out[key] = got
    return out, dynamic


def _holds_run_time(value: Any) -> bool:
    """Whether ``value`` is, or holds, a value known only at run time."""
    if is_dynamic(value):
        return True
    if type(value) is dict:
        return any(_holds_run_time(v) for v in value.values())
    if type(value) is list:
        return any(_holds_run_time(v) for v in value)
    return False


def _code(value: Any) -> str:
    """The TypeScript of a value as read."""
    if is_dynamic(value):
        return str(value["$dynamic"])
    return json.dumps(value)


def slug_code(plan: Any, annual: Any) -> str:
    """The slug the Dodo call passes: the plan's name, its annual slug when ``annual`` holds,
    a choice between the two when that is known at run time."""
    if type(plan) is str:
        name = plan.lower()  # the Stripe plugin matched names in any case, a slug exactly
        monthly, yearly = json.dumps(name), json.dumps(name + ANNUAL_SUFFIX)
    else:
        monthly = lowered(_code(plan))
        yearly = f"`${{{monthly}}}{ANNUAL_SUFFIX}`"
    if annual is None or annual is False:
        return monthly
    if annual is True:
        return yearly
    return f"{_code(annual)} ? {yearly} : {monthly}"


def translate_body(
    body: dict[str, Any], whole: list[Dynamic]
) -> tuple[dict[str, str], list[Finding], list[str]]:
    """The Dodo call's fields (name -> TypeScript), the RT041 findings, and what RT040 says
    changes."""
    fields: dict[str, str] = {}
    findings: list[Finding] = []
    changes: list[str] = []

    def lost(path: str, what: str, level: Level = Level.WARNING) -> None:
        found = related_finding(NO_COUNTERPART, what=what, level=level)
        findings.append(found._replace(path=path))

    plan, annual = body.get("plan"), body.get("annual")
    if plan is None:
        lost("plan", "the call names no plan: Dodo's checkoutSession needs a slug", Level.BLOCKER)
    else:
        fields["slug"] = slug_code(plan, annual)
        changes.append(
            f"the plan ({_code(plan)}) is the slug of its Dodo product, in lower case (the "
            "Stripe plugin matched plan names in any case, Dodo a slug exactly)"
        )
        if annual is not None and annual is not False:
            changes.append(
                f"annual ({_code(annual)}) picks the annual price's product, slug "
                f"<plan>{ANNUAL_SUFFIX}"
            )
    if "referenceId" in body:
        fields["referenceId"] = _code(body["referenceId"])
        changes.append(
            "referenceId is kept as the checkout's metadata.referenceId: the Dodo plugin bills "
            "the signed-in user's customer, so read it in the webhooks to credit the reference"
        )
    if "metadata" in body:
        fields["metadata"] = _code(body["metadata"])
    if "cancelUrl" in body:
        url = body["cancelUrl"]
        if is_dynamic(url) or (type(url) is str and re.match(r"https?://", url)):
            fields["cancel_url"] = _code(url)
        else:
            lost(
                "cancelUrl",
                f"cancelUrl {_code(url)} is a path: Dodo's cancel_url takes a whole URL "
                "(write your site's origin before it)",
            )
    if "successUrl" in body:
        changes.append(
            f"successUrl ({_code(body['successUrl'])}) is the server's checkout({{ successUrl }}), "
            "one for every checkout"
        )
    if "fetchOptions" in body:
        fields["fetchOptions"] = _code(body["fetchOptions"])
    seats = body.get("seats")
    if seats is not None and seats != 1:
        lost(
            "seats",
            f"seats ({_code(seats)}): a Dodo slug checkout buys one unit of its product, so the "
            "quantity would be lost; sell per-seat plans with product_cart [{ product_id, "
            "quantity }] in the checkoutSession call instead of the slug",
            Level.BLOCKER,
        )
    if plan is not None and "subscriptionId" not in body:
        lost(
            "plan",
            "an upgrade by a user (or reference) who already has an active subscription changes "
            "that subscription's plan on Stripe (through the billing portal's confirm page); "
            "Dodo's checkoutSession always starts a new subscription, so that user would pay "
            "for two: check for an active one first (authClient.dodopayments.customer."
            "subscriptions.list()) and change its plan on the server "
            "(client.subscriptions.changePlan)",
        )
    if "subscriptionId" in body:
        lost(
            "subscriptionId",
            f"subscriptionId ({_code(body['subscriptionId'])}) makes the upgrade a plan change "
            "of that subscription: a Dodo checkout would start a second subscription beside it; "
            "change the plan on the server with client.subscriptions.changePlan(id, {...})",
            Level.BLOCKER,
        )
    if body.get("disableRedirect") not in (None, False):
        lost(
            "disableRedirect",
            "disableRedirect: the Dodo plugin's answer always asks the auth client to redirect "
            "({ url, redirect: true }); code that reads data.url itself runs only if the "
            "redirect is stopped",
        )
    if body.get("customerType") not in (None, "user"):
        lost(
            "customerType",
            f"customerType ({_code(body['customerType'])}): the Dodo plugin bills the signed-in "
            "user's customer, never an organization's",
        )
    if "scheduleAtPeriodEnd" in body:
        lost("scheduleAtPeriodEnd", "scheduleAtPeriodEnd: Dodo's checkout starts at once")
    if "returnUrl" in body:
        changes.append("returnUrl (the billing portal's) is not the checkout's: the portal's own")
    for key in body:
        if key not in _HANDLED:
            lost(key, f"{key}: the Dodo plugin's checkoutSession has no such option")
    for item in whole:
        if not item.path:
            lost("", f"options spread in at run time ({item.source}): not read, not carried")
    return fields, findings, changes


def _site(
    call: SgNode,
    body_node: SgNode,
    receiver: str,
    ex: Extractor,
    *,
    path: str,
    lines: list[str],
) -> CallSite:
    where = located(call, lines)
    body, dynamic = read_body(body_node, ex)
    fields, lost, changes = translate_body(body, dynamic)
    server = receiver.endswith("api")
    if server and not _request_given(call):
        lost = [
            *lost,
            related_finding(
                NO_COUNTERPART,
                what="the Dodo plugin's endpoint needs the incoming request (request: ...) "
                "besides its headers: pass the Request the handler was given (a server action "
                "has none: new Request(yourSiteUrl, { headers: await headers() }))",
                level=Level.WARNING,
            )._replace(path="request"),
        ]
    if not receiver:
        changes.append(
            "the call is made on a subscription taken from the auth client: call "
            "dodopayments.checkoutSession on the client made with dodopaymentsClient()"
        )
    findings = (related_finding(UPGRADE_CODE, changes="; ".join(changes)), *lost)
    source = SourceRef(path, "code", line=where["line"])
    dodo: dict[str, Any] = {
        k: (json.loads(v) if _literal(v) else {"$dynamic": v}) for k, v in fields.items()
    }
    translation = Translation(
        source,
        "translated",
        stripe=body,
        dodo=dodo,
        findings=findings,
        fields={},
        review=bool(dynamic),
    )
    callee = call.field("function")
    return CallSite(
        file=path,
        **where,
        language=language_name(path),
        kind="create",
        callee=f"{callee.text() if callee is not None else 'upgrade'} ({SERVER_PACKAGE})",
        params=body,
        dynamic=tuple(dynamic),
        translation=translation,
        findings=findings,
        suggestion=client_suggestion(fields, receiver, server=server, call=call),
    )


def _request_given(call: SgNode) -> bool:
    """Whether a server call passes ``headers: <request>.headers`` (the request is known)."""
    args = arguments(call)
    found = _pair(args[0], "headers") if args else None
    return found is not None and re.fullmatch(r"[\w$.]+\.headers", found.text()) is not None


def _literal(code: str) -> bool:
    try:
        json.loads(code)
    except ValueError:
        return False
    return True


def dodo_call(fields: dict[str, str], receiver: str, *, server: bool, headers: str = "") -> str:
    """The Dodo plugin's call with ``fields`` on ``receiver``."""
    inner = "".join(f"  {k}: {v},\n" for k, v in fields.items())
    if server:
        body = "".join(f"    {k}: {v},\n" for k, v in fields.items())
        said = f"  headers: {headers},\n" if headers else ""
        made = re.fullmatch(r"([\w$.]+)\.headers", headers)
        if made is not None:  # the Dodo endpoint reads the request itself (requireRequest)
            said += f"  request: {made.group(1)},\n"
        return f"{receiver}.{SERVER_CALL}({{\n{said}  body: {{\n{body}  }},\n}})"
    return f"{receiver or 'authClient'}.{DODO_CALL}({{\n{inner}}})"


def client_suggestion(fields: dict[str, str], receiver: str, *, server: bool, call: SgNode) -> str:
    """The Dodo call that replaces the upgrade, with the client plugin it needs."""
    headers = ""
    if server:
        args = arguments(call)
        found = _pair(args[0], "headers") if args else None
        headers = found.text() if found is not None else ""
        note = "// the server's auth (dodopayments() plugin, see its config) answers this call"
    else:
        note = (
            f"// auth client: plugins: [dodopaymentsClient()] (import {{ dodopaymentsClient }} "
            f'from "{DODO_CLIENT_PACKAGE}") in place of stripeClient() from "{CLIENT_PACKAGE}"'
        )
    return note + "\n" + dodo_call(fields, receiver, server=server, headers=headers)


def better_auth_sites(  # noqa: PLR0917
    root: SgNode,
    ex: Extractor,
    text: str,
    path: str,
    lines: list[str],
    options: Options | None,
    fixable: bool,
) -> list[tuple[int, CallSite]]:
    """The plugin's server configs and upgrade calls in one JavaScript/TypeScript file."""
    found = server_sites(
        root, ex, text=text, path=path, lines=lines, options=options, fixable=fixable
    )
    return found + client_sites(root, ex, text=text, path=path, lines=lines, fixable=fixable)
