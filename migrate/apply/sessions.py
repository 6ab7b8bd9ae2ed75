"""Batch-create Dodo checkout sessions from translated Stripe sessions and payloads.

Each translation that can be replayed becomes one ``Operation`` (kind ``checkout_session``, key:
its source) carried out by the apply ``Engine``, with the same sinks and ledger as a plan: its
placeholder ids are replaced through the ledger (or it already holds real ids from an id map), it
is recorded before and after it is sent (resumable: a rerun skips created sessions), and a dry
run (without ``apply``) goes to a ``RecordingSink`` and a scratch copy of the ledger.

A body that still needs an object Dodo does not have, or whose translation carries a blocker
(for instance a money mismatch), is not sent, and says why. Optionally ``POST
/checkouts/preview`` checks Dodo's own totals against Stripe's before creating. Every outcome
goes to a JSON Lines mapping file: source -> ``session_id`` and ``checkout_url``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from migrate.apply.engine import Engine, Outcome
from migrate.apply.ledger import Ledger
from migrate.apply.sinks import DodoSink, RecordingSink
from migrate.display import format_amount
from migrate.dodo.interface import CheckoutPreviewer, DodoAPI
from migrate.errors import DodoError
from migrate.findings import Level
from migrate.mapping.lifecycle import kind_text
from migrate.mapping.translate import Translation
from migrate.plan.ops import Operation, Request

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
    client: DodoAPI | CheckoutPreviewer | None,
    ledger: Ledger | None,
    out: IO[str],
    apply: bool,
    preview: bool,
    on_item: Callable[[], None] | None = None,
) -> SessionReport:
    """Send (or, without ``apply``, only write) one checkout session per translation;
    ``on_item`` is called after each (progress).

    With ``apply``, ``client`` must be a ``DodoAPI`` and ``ledger`` the applied plan's ledger,
    opened for writing (``Ledger(path, exclusive=True)``: one writing run at a time); otherwise
    (or without a client or ledger) it is a dry run: the requests are written, the ledger (if
    any) is read through an in-memory copy, and ``client`` is used for previews only."""
    dry = not apply or client is None or ledger is None
    sink: RecordingSink | DodoSink
    if dry:
        book, sink = Ledger.scratch(ledger), RecordingSink()
    else:
        assert client is not None and ledger is not None
        if not isinstance(client, DodoAPI):
            raise TypeError("sessions create --apply needs a Dodo client that sends requests")
        book, sink = ledger, DodoSink(client)
    engine = Engine((), sink, book, unresolved="keep" if dry else "fail")
    previewer = client if preview else None
    report = SessionReport()
    planned = _Planned(ledger)
    try:
        for result in results:
            source = result.source.label()
            state, extra = _one(result, engine, previewer=previewer, planned=planned, dry=dry)
            if isinstance(sink, RecordingSink):
                sink.requests.clear()  # written out below: memory stays flat
            report.count(state)
            if state in ("failed", "blocked", "ambiguous"):
                report.fail(source, str(extra.get("error")))
            elif state == "unreadable":
                report.unread(source, str(extra.get("error")))
            out.write(json.dumps({"source": source, "status": state, **extra}, default=str) + "\n")
            if on_item is not None:
                on_item()
    finally:
        if book is not ledger:
            book.close()
    return report


def session_op(result: Translation) -> Operation:
    """The create of a translation's checkout session (its source is its key)."""
    assert result.dodo is not None
    source = result.source.label()
    request = Request(method="POST", path="/checkouts", body=result.dodo)
    return Operation(
        key=source,
        action="create",
        kind="checkout_session",
        stripe_id=source,
        dodo_id=None,
        request=request,
        depends_on=(),
        findings=tuple(result.findings),
        title=kind_text(result.kind),
    )


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
    engine: Engine,
    *,
    previewer: CheckoutPreviewer | None,
    planned: _Planned,
    dry: bool,
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

    def check(op: Operation, request: Request, needs: tuple[str, ...]) -> tuple[str, str] | None:
        if needs and not dry:
            return "blocked", _missing(result, list(needs), planned)
        if previewer is not None and not needs:
            return _preview_problem(result, request["body"], previewer)
        return None

    return _row(engine.carry_out(session_op(result), before_send=check), dry=dry)


def _preview_problem(
    result: Translation, body: dict[str, Any], previewer: CheckoutPreviewer
) -> tuple[str, str] | None:
    """Why Dodo's preview of ``body`` says it must not be created (it charges otherwise than
    Stripe did, or the preview failed); None when it agrees."""
    try:
        answer = previewer.preview_checkout(body)
    except DodoError as exc:
        return "failed", f"preview: {exc.one_line()}"
    dodo_total = _dodo_charge(body, answer)
    stripe_total = sum(Decimal(str(x["amount"])) for x in (result.money or {}).get("stripe", []))
    if dodo_total is not None and stripe_total and dodo_total != stripe_total:
        currency = str(answer.get("currency") or _stripe_currency(result))
        return "blocked", (
            f"Dodo's preview totals {format_amount(dodo_total, currency)}, "
            f"Stripe charged {format_amount(stripe_total, currency)}"
        )
    return None


def _row(outcome: Outcome, *, dry: bool) -> tuple[str, dict[str, Any]]:
    """A line of the mapping file: the session's status and what goes with it."""
    if outcome.earlier:
        return "done", {
            "session_id": outcome.dodo_id,
            "checkout_url": outcome.answer.get("checkout_url"),
            "note": "created earlier",
        }
    if outcome.state == "done" and dry:
        planned: dict[str, Any] = {"request": outcome.request}
        if outcome.needs:
            planned["needs"] = list(outcome.needs)
        return "planned", planned
    if outcome.state == "done":
        return "done", {
            "session_id": outcome.dodo_id,
            "checkout_url": outcome.answer.get("checkout_url"),
        }
    return outcome.state, {"error": outcome.error}
