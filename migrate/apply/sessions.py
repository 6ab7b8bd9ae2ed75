"""Batch-create Dodo checkout sessions from translated Stripe sessions and payloads.

Each translation's body has its placeholder ids replaced through the ledger (or it already holds
real ids from an id map). A body that still needs an object Dodo does not have, or whose
translation carries a blocker (for instance a money mismatch), is not sent: it is recorded with
the reason. Optionally ``POST /checkouts/preview`` checks Dodo's own totals against Stripe's
before creating. Every outcome goes to the ledger (resumable: a rerun skips created sessions)
and to a JSON Lines mapping file: source -> ``session_id`` and ``checkout_url``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from migrate.apply.engine import request_sha
from migrate.apply.ledger import Ledger
from migrate.errors import DodoAmbiguousError, DodoError
from migrate.findings import Level
from migrate.mapping.lifecycle import kind_text
from migrate.mapping.money import format_amount
from migrate.mapping.translate import Translation

_PLACEHOLDER_PREFIX = "s2d_"

REPLAYABLE = ("checkout_session", "on_demand_mandate")
"""Kinds of translation replayed as Dodo checkout sessions; the other calls need a live
customer, subscription or saved payment method."""


EXAMPLES = 20


@dataclass
class SessionReport:
    """Counts per state; the first few failures and unreadable inputs as examples (the mapping
    file has them all, so memory stays flat however many sessions stream through)."""

    states: dict[str, int] = field(default_factory=dict)
    failed: int = 0
    examples: list[tuple[str, str]] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)

    def count(self, state: str) -> None:
        self.states[state] = self.states.get(state, 0) + 1

    def fail(self, source: str, reason: str) -> None:
        self.failed += 1
        if len(self.examples) < EXAMPLES:
            self.examples.append((source, reason))

    def unread(self, source: str, reason: str) -> None:
        if len(self.unreadable) < EXAMPLES:
            self.unreadable.append((source, reason))


def _resolve(value: Any, ledger: Ledger | None, missing: list[str]) -> Any:
    if isinstance(value, str) and value.startswith(_PLACEHOLDER_PREFIX):
        real = ledger.resolve(value) if ledger is not None else None
        if real is None:
            missing.append(value)
            return value
        return real
    if isinstance(value, list):
        return [_resolve(v, ledger, missing) for v in value]
    if isinstance(value, dict):
        return {k: _resolve(v, ledger, missing) for k, v in value.items()}
    return value


def _dodo_charge(body: dict[str, Any], preview: Any) -> Decimal | None:
    """What Dodo charges at checkout for ``body``: the preview's list total, except for an
    on-demand subscription, whose first charge is ``on_demand.product_price`` (nothing for a
    mandate only), not the price of the mandate product the preview lists."""
    on_demand = (body.get("subscription_data") or {}).get("on_demand")
    if isinstance(on_demand, dict):
        if on_demand.get("mandate_only"):
            return Decimal(0)
        price = on_demand.get("product_price")
        if isinstance(price, int) and not isinstance(price, bool):
            return Decimal(price)
    return _preview_total(preview) if isinstance(preview, dict) else None


def _preview_total(preview: dict[str, Any]) -> Decimal | None:
    """Dodo's list total from a preview (each item's ``og_price`` x quantity): before discounts,
    tax and trials, like the Stripe totals of the money check."""
    lines = preview.get("product_cart")
    if not isinstance(lines, list) or not lines:
        return None
    total = Decimal(0)
    for line in lines:
        price, quantity = line.get("og_price"), line.get("quantity", 1)
        if not isinstance(price, int) or not isinstance(quantity, int):
            return None
        total += Decimal(price) * quantity
    return total


def _stripe_currency(result: Translation) -> str:
    lines = (result.money or {}).get("stripe") or []
    return str(lines[0].get("currency") or "") if lines else ""


def create_sessions(
    results: Iterable[Translation],
    *,
    client: Any | None,
    ledger: Ledger | None,
    out: IO[str],
    apply: bool,
    preview: bool,
    on_item: Callable[[], None] | None = None,
) -> SessionReport:
    """Send (or, without ``apply``, only write) one checkout session per translation;
    ``on_item`` is called after each (progress)."""
    report = SessionReport()
    ops = _Planned(ledger)
    for result in results:
        source = result.source.label()
        state, extra = _one(
            result, client=client, ledger=ledger, apply=apply, preview=preview, ops=ops
        )
        report.count(state)
        if state in ("failed", "blocked", "ambiguous"):
            report.fail(source, str(extra.get("error")))
        elif state == "unreadable":
            report.unread(source, str(extra.get("error")))
        out.write(json.dumps({"source": source, "status": state, **extra}, default=str) + "\n")
        if on_item is not None:
            on_item()
    return report


class _Planned:
    """What the applied plan says about each placeholder (read from the ledger once)."""

    def __init__(self, ledger: Ledger | None) -> None:
        self._ledger = ledger
        self._index: dict[str, tuple[str, str]] | None = None

    def get(self, placeholder: str) -> tuple[str, str] | None:
        """``(state, plan key)`` of the plan operation that makes ``placeholder``, if any."""
        if self._ledger is None:
            return None
        if self._index is None:
            self._index = {
                e.placeholder: (e.state, e.key) for e in self._ledger.entries() if e.placeholder
            }
        return self._index.get(placeholder)


def _missing(result: Translation, needs: list[str], planned: _Planned) -> str:
    """Why the placeholders are not in Dodo yet, grouped, with exactly what to run about each."""
    wanted = {str(r.get("id")): r for r in result.requires}
    groups: dict[str, list[str]] = {}
    for pid in needs:
        stripe = wanted.get(pid, {}).get("stripe") or {}
        stripe_id = wanted.get(pid, {}).get("stripe_id") or next(
            (v for v in stripe.values() if isinstance(v, str)), None
        )
        known = planned.get(pid)
        if known is not None:
            state, key = known
            todo = {
                "manual": "the plan marks it manual: `stripe2dodo plan show PLAN` says why",
                "skipped": "the plan skips it (inactive or archived in Stripe)",
            }.get(state, "run `stripe2dodo apply PLAN --apply` again (`ledger show` says why)")
            groups.setdefault(f"{state} in the ledger: {todo}", []).append(f"{pid} ({key})")
        elif "product" in wanted.get(pid, {}):
            where = result.source.file
            how = (
                "make the plan again from the account (it holds the sessions' inline prices)"
                if where.startswith("stripe:") or where == "-"
                else f"make the plan with `--payloads {where}` (or its folder)"
            )
            groups.setdefault(f"not in the plan: {how}, apply it, then run this again", []).append(
                pid
            )
        elif pid.startswith("s2d_cus_"):
            groups.setdefault(
                "in neither the plan nor the id map: map the customer in an id map "
                "(--id-map), or plan from a snapshot that has it",
                [],
            ).append(f"{stripe_id or pid}")
        else:
            groups.setdefault(
                "in neither the plan nor the id map (the plan's snapshot has no such price): "
                'map each to a Dodo product in an id map ({"<stripe id>": {"id": "pdt_...", '
                '"price": <minor units>, "currency": "USD"}}) and pass --id-map',
                [],
            ).append(stripe_id or pid)
    return "needs " + "; ".join(f"{', '.join(ids)}: {why}" for why, ids in groups.items())


def _one(
    result: Translation,
    *,
    client: Any | None,
    ledger: Ledger | None,
    apply: bool,
    preview: bool,
    ops: _Planned,
) -> tuple[str, dict[str, Any]]:
    if result.status == "error":
        return "unreadable", {"error": result.error or "could not be read"}
    if result.status != "translated" or result.dodo is None:
        return "skipped", {"error": result.error or "not a checkout session"}
    if result.kind not in REPLAYABLE:
        method, path = result.request or ("POST", "/checkouts")
        return "skipped", {
            "error": f"{kind_text(result.kind)} ({method} {path}) is made at run time "
            "for a customer, not replayed: move the code that makes it"
        }
    blockers = sorted({f.code for f in result.findings if f.level is Level.BLOCKER})
    if blockers:
        return "blocked", {
            "error": f"the translation has blockers ({', '.join(blockers)}): fix them first"
        }
    missing: list[str] = []
    body = _resolve(result.dodo, ledger, missing)
    needs = sorted(set(missing))
    if needs and apply:
        return "blocked", {"error": _missing(result, needs, ops)}
    source = result.source.label()
    sha = request_sha("POST", "/checkouts", body)
    known = ledger.session(source, sha) if ledger is not None else None
    if known is not None and known.state == "done":
        return "done", {
            "session_id": known.session_id,
            "checkout_url": known.checkout_url,
            "note": "created earlier",
        }
    if preview and client is not None and not needs:
        try:
            answer = client.preview_checkout(body)
        except DodoError as exc:
            return "failed", {"error": f"preview: {exc.one_line()}"}
        dodo_total = _dodo_charge(body, answer)
        stripe_total = sum(
            Decimal(str(x["amount"])) for x in (result.money or {}).get("stripe", [])
        )
        if dodo_total is not None and stripe_total and dodo_total != stripe_total:
            currency = str(answer.get("currency") or _stripe_currency(result))
            return "blocked", {
                "error": f"Dodo's preview totals {format_amount(dodo_total, currency)}, "
                f"Stripe charged {format_amount(stripe_total, currency)}"
            }
    if not apply or client is None or ledger is None:
        planned: dict[str, Any] = {
            "request": {"method": "POST", "path": "/checkouts", "body": body}
        }
        if needs:
            planned["needs"] = needs
        return "planned", planned
    ledger.record_session(source, sha, state="sending", attempt=True)
    try:
        created = client.create_checkout(body)
    except DodoAmbiguousError as exc:
        ledger.record_session(source, sha, state="ambiguous", error=exc.message)
        return "ambiguous", {"error": exc.one_line()}
    except DodoError as exc:
        ledger.record_session(source, sha, state="failed", error=exc.one_line())
        return "failed", {"error": exc.one_line()}
    session_id, url = created.get("session_id"), created.get("checkout_url")
    ledger.record_session(source, sha, state="done", session_id=session_id, checkout_url=url)
    return "done", {"session_id": session_id, "checkout_url": url}
