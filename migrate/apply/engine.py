"""Carry out operations against a sink, recording everything in the ledger: the one executor
of ``apply`` (a plan's catalog) and ``sessions create`` (checkout sessions).

One code path for real runs and dry runs: the ``Sink`` is either Dodo (``DodoSink``) or a
``RecordingSink`` that only records the requests it would send (``migrate.apply.sinks``).
For one operation (``Engine.carry_out``) the engine:

1. replaces the placeholders of its request with the real Dodo ids from the ledger
   (``resolve_placeholders``);
2. sends nothing for an operation the ledger records as done (or adopted);
3. records the intent (``sending``) before the request and the outcome after, so a crash at any
   point leaves a true record;
4. on an ambiguous failure (the request may have been carried out) looks the object up first,
   and sends again only if it is not there. A checkout session cannot be looked up: it is left
   ``ambiguous``, and the next run sends it again.

For a plan (``Engine.run``) it first records the plan's own decisions (skip, manual, adopt) and
adopts the objects that already exist in Dodo with the operation's key in their metadata (so a
rerun after a crash, or after someone created them by hand, creates nothing twice), then runs
the rest in dependency order (products before the discounts restricted to them), with bounded
concurrency.

Dodo has no idempotency header: the ledger and the metadata key are what prevent duplicates.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal

from migrate.apply.ledger import FINAL, Ledger
from migrate.apply.sinks import DodoSink, RecordingSink, Sink
from migrate.dodo.interface import DodoAPI
from migrate.errors import DodoAmbiguousError, DodoAPIError, DodoError
from migrate.plan.ops import CATALOG_KINDS, PLACEHOLDER, Operation, Request, resolve_placeholders

_ID_FIELDS = ("product_id", "discount_id", "customer_id", "session_id", "id")
_ANSWER_FIELDS = (*_ID_FIELDS, "code", "checkout_url")
"""What the ledger keeps of Dodo's answer to a create."""
AMBIGUOUS_ROUNDS = 3
RECONCILABLE: frozenset[str] = frozenset(CATALOG_KINDS)
"""Kinds the sink can look up after an ambiguous failure."""


@dataclass(frozen=True)
class Outcome:
    """What became of one operation in one run."""

    op: Operation
    state: str
    """``done``, ``adopted``, ``failed``, ``ambiguous``, or the state a ``before_send`` check
    gave (nothing was sent, nothing recorded)."""
    error: str | None = None
    """Why it failed or may not exist, on one line."""
    request: Request | None = None
    """The request as sent (placeholders replaced), when one was sent."""
    needs: tuple[str, ...] = ()
    """Placeholders no Dodo id is known for (kept in the request with ``unresolved="keep"``)."""
    dodo_id: str | None = None
    """The Dodo id of what was made or adopted (or made by an earlier run)."""
    answer: dict[str, Any] = field(default_factory=dict)
    """What the ledger keeps of Dodo's answer: ids, a discount's code, a checkout URL."""
    earlier: bool = False
    """Done by an earlier run: nothing was sent now."""
    sent: int = 0
    """Requests sent for it in this run."""


BeforeSend = Callable[[Operation, Request, tuple[str, ...]], "tuple[str, str] | None"]
"""A last check before an operation is sent: ``(state, reason)`` stops it (nothing is sent or
recorded), None lets it go. Called with the resolved request and the placeholders still
missing."""


@dataclass
class ApplyReport:
    """What a run did, by final state; failures keep their one-line reason."""

    states: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)
    """Failed or ambiguous operations: running again retries or reconciles them."""
    manual: list[tuple[str, str]] = field(default_factory=list)
    """Operations the plan leaves to a person, with the reason: running again changes nothing."""
    sent: int = 0

    def count(self, state: str) -> None:
        self.states[state] = self.states.get(state, 0) + 1

    @property
    def ok(self) -> bool:
        return not self.failures and not self.manual and not self.states.get("ambiguous")


@dataclass(frozen=True)
class ApplyRun:
    """What ``apply_plan`` did: the report, and for a dry run the requests ``--apply`` would send
    (in the order it would send them; None after a real run)."""

    report: ApplyReport
    requests: list[dict[str, Any]] | None


def apply_plan(
    ops: Iterable[Operation],
    *,
    ledger: Ledger,
    client: DodoAPI | None,
    workers: int = 4,
    on_done: Callable[[Operation, str], None] | None = None,
) -> ApplyRun:
    """Apply a plan's operations: to Dodo through ``client``, recording in ``ledger`` (which the
    caller opens for writing, ``Ledger(path, exclusive=True)``, and closes); or, with ``client``
    None, a dry run: a ``RecordingSink`` on a scratch copy of ``ledger``, which is not changed
    (what is already done is left out)."""
    if client is None:
        sink = RecordingSink()
        with Ledger.scratch(ledger) as scratch:
            report = Engine(ops, sink, scratch, workers=workers, on_done=on_done).run()
        return ApplyRun(report, sink.requests)
    report = Engine(ops, DodoSink(client), ledger, workers=workers, on_done=on_done).run()
    return ApplyRun(report, None)


def request_sha(method: str, path: str, body: Any) -> str:
    canonical = json.dumps([method, path, body], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def dodo_id_of(response: Mapping[str, Any]) -> str | None:
    for name in _ID_FIELDS:
        value = response.get(name)
        if isinstance(value, str) and value:
            return value
    return None


class Engine:
    """Carries out operations against one sink and one ledger: a plan's (``run``) or one at a
    time as they stream in (``carry_out``).

    ``unresolved``: what happens to a request that names an object no Dodo id is known for:
    ``fail`` (recorded as failed; nothing is sent), or ``keep`` (sent with its placeholders: a
    dry run of checkout sessions shows what it would send once the plan is applied)."""

    def __init__(
        self,
        ops: Iterable[Operation],
        sink: Sink,
        ledger: Ledger,
        *,
        workers: int = 4,
        on_done: Callable[[Operation, str], None] | None = None,
        unresolved: Literal["fail", "keep"] = "fail",
    ) -> None:
        self.ops = list(ops)
        self.sink = sink
        self.ledger = ledger
        self.workers = max(1, workers)
        self.on_done = on_done or (lambda op, state: None)
        self.unresolved = unresolved
        self.report = ApplyReport()
        self.owner = {op.dodo_id: op.key for op in self.ops if op.dodo_id and op.action == "create"}

    def pending(self) -> list[Operation]:
        """Create operations the ledger does not record as done or adopted."""
        out = []
        for op in self.ops:
            if op.action != "create":
                continue
            entry = self.ledger.entry(op)
            if entry is None or entry.state not in FINAL:
                out.append(op)
        return out

    def run(self) -> ApplyReport:
        """Carry out the plan's operations (see the module docstring); the report."""
        for op in self.ops:
            if op.action in ("skip", "manual", "adopt"):
                state = {"adopt": "adopted", "skip": "skipped", "manual": "manual"}[op.action]
                entry = self.ledger.entry(op)
                if entry is None or entry.state != state or entry.reason != op.reason:
                    dodo_id = op.dodo_id if op.action == "adopt" else None
                    self.ledger.note(op, state, dodo_id=dodo_id)
                self.report.count(state)
                if op.action == "manual":
                    self.report.manual.append((op.key, op.reason or ""))
        todo = self.pending()
        self.report.states["already done"] = sum(
            1 for op in self.ops if op.action == "create"
        ) - len(todo)
        self._adopt_existing(todo)
        todo = self.pending()
        for level in self._levels(todo):
            with ThreadPoolExecutor(self.workers) as pool:
                for outcome in pool.map(self._run_one, level):
                    self.report.count(outcome.state)
                    self.report.sent += outcome.sent
                    if outcome.state in ("failed", "ambiguous"):
                        self.report.failures.append((outcome.op.key, outcome.error or ""))
        return self.report

    def _run_one(self, op: Operation) -> Outcome:
        outcome = self.carry_out(op)
        self.on_done(op, outcome.state)
        return outcome

    def carry_out(
        self,
        op: Operation,
        *,
        before_send: BeforeSend | None = None,
        issued_at: str | None = None,
    ) -> Outcome:
        """Send one create unless the ledger records it as done; record what happened.
        ``issued_at`` (a subscriber's link) is recorded with the session in the same write as
        its ``done``, so a run killed after it cannot leave a link without its issue time."""
        request = op.request
        if request is None:
            raise ValueError(f"{op.key}: only a create is carried out ({op.action} is recorded)")
        path, missing_path = resolve_placeholders(request["path"], self._real_id, own=op.own)
        body, missing_body = resolve_placeholders(request["body"], self._real_id, own=op.own)
        needs = tuple(sorted(set(missing_path + missing_body)))
        resolved = Request(method=request["method"], path=path, body=body)
        sha = request_sha(resolved["method"], path, body)
        entry = self.ledger.entry(op, sha)
        if entry is not None and entry.state in FINAL:
            answer = {"checkout_url": entry.checkout_url} if entry.checkout_url else {}
            return Outcome(op, entry.state, dodo_id=entry.dodo_id, answer=answer, earlier=True)
        if before_send is not None:
            stop = before_send(op, resolved, needs)
            if stop is not None:
                return Outcome(op, stop[0], error=stop[1], request=resolved, needs=needs)
        if needs and self.unresolved == "fail":
            names = ", ".join(self.owner.get(m, m) for m in needs)
            message = f"needs {names}, which is not in Dodo (it failed or was not applied)"
            self.ledger.note(op, "failed", request_sha=sha, error=message)
            return Outcome(op, "failed", error=message, request=resolved, needs=needs)
        return self._send(op, resolved, sha, needs, issued_at)

    def _send(
        self,
        op: Operation,
        request: Request,
        sha: str,
        needs: tuple[str, ...],
        issued_at: str | None = None,
    ) -> Outcome:
        method, path, body = request["method"], request["path"], request["body"]
        sent = 0
        for _ in range(AMBIGUOUS_ROUNDS):
            self.ledger.note(op, "sending", request_sha=sha, attempt=True)
            try:
                sent += 1
                response = self.sink.send(op, method, path, body)
            except DodoAmbiguousError as exc:
                if op.kind not in RECONCILABLE:
                    self.ledger.note(op, "ambiguous", request_sha=sha, error=exc.message)
                    return Outcome(op, "ambiguous", exc.one_line(), request, needs, sent=sent)
                found = self.sink.find(op, path)
                if found is not None:
                    adopted = self._adopt(op, found, how=f"reconciled after: {exc.message}")
                    return Outcome(op, "adopted", None, request, needs, adopted, sent=sent)
                self.ledger.note(op, "ambiguous", request_sha=sha, error=exc.message)
                continue
            except DodoAPIError as exc:
                self.ledger.note(
                    op,
                    "failed",
                    request_sha=sha,
                    error=exc.dodo_message,
                    error_status=exc.status,
                    error_code=exc.code,
                )
                return Outcome(op, "failed", exc.one_line(), request, needs, sent=sent)
            except DodoError as exc:
                self.ledger.note(op, "failed", request_sha=sha, error=exc.one_line())
                return Outcome(op, "failed", exc.one_line(), request, needs, sent=sent)
            answer = {k: response[k] for k in _ANSWER_FIELDS if k in response}
            dodo_id = dodo_id_of(response) or op.dodo_id
            self.ledger.note(
                op, "done", request_sha=sha, dodo_id=dodo_id, response=answer, issued_at=issued_at
            )
            return Outcome(op, "done", None, request, needs, dodo_id, answer, sent=sent)
        message = "may or may not exist in Dodo: run again to reconcile"
        return Outcome(op, "ambiguous", message, request, needs, sent=sent)

    def _real_id(self, placeholder: str) -> str | None:
        return self.ledger.resolve(placeholder)

    def _adopt_existing(self, todo: list[Operation]) -> None:
        if not todo:
            return
        existing = self.sink.existing({op.kind for op in todo})
        for op in todo:
            found = existing.get(op.key) or (
                existing.get(f"code:{op.code.upper()}") if op.code else None
            )
            if found is not None:
                self._adopt(op, found, how="found in Dodo by its metadata key")
                self.report.count("adopted")
        for op in todo:  # objects without metadata (localized prices) are looked up one by one
            if op.kind != "localized_price" or op.request is None or self.ledger.entry(op):
                continue
            path, missing = resolve_placeholders(op.request["path"], self._real_id, own=op.own)
            found = None if missing else self.sink.find(op, path)
            if found is not None:
                self._adopt(op, found, how="found in Dodo on its product")
                self.report.count("adopted")

    def _adopt(self, op: Operation, found: Mapping[str, Any], *, how: str) -> str | None:
        """Record ``found`` as the object ``op`` makes; its Dodo id."""
        dodo_id = dodo_id_of(found)
        self.ledger.note(op, "adopted", dodo_id=dodo_id, response={"adopted": how})
        return dodo_id

    def _levels(self, todo: list[Operation]) -> list[list[Operation]]:
        """Operations grouped so that each one's dependencies are in earlier groups."""
        keys = {op.key for op in todo}
        deps: dict[str, set[str]] = {}
        for op in todo:
            named = json.dumps([op.request["path"], op.body] if op.request else None)
            implicit = {self.owner[p] for p in PLACEHOLDER.findall(named) if p in self.owner}
            deps[op.key] = (set(op.depends_on) | implicit) - {op.key}
        levels: list[list[Operation]] = []
        placed: set[str] = set()
        remaining = list(todo)
        while remaining:
            ready = [op for op in remaining if not ((deps[op.key] & keys) - placed)]
            if not ready:  # a cycle cannot come from our planner; run the rest and let them fail
                ready = remaining
            levels.append(ready)
            placed |= {op.key for op in ready}
            remaining = [op for op in remaining if op.key not in placed]
        return levels
