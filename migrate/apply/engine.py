"""Apply a plan: carry out its operations against a sink, recording everything in the ledger.

One code path for real runs and dry runs: the ``Sink`` is either Dodo (``DodoSink``) or a
``RecordingSink`` that only records the requests it would send. The engine:

1. records the plan's own decisions (skip, manual, adopt);
2. adopts objects that already exist in Dodo with the operation's key in their metadata (so a
   rerun after a crash, or after someone created them by hand, creates nothing twice);
3. runs the rest in dependency order (products before the discounts restricted to them), with
   bounded concurrency, replacing plan placeholders with the real Dodo ids from the ledger;
4. on an ambiguous failure (the request may have been carried out) looks the object up first,
   and sends again only if it is not there.

Dodo has no idempotency header: the ledger and the metadata key are what prevent duplicates.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

from migrate.apply.ledger import FINAL, Ledger
from migrate.errors import DodoAmbiguousError, DodoAPIError, DodoError
from migrate.mapping.catalog import KEY_FIELD
from migrate.plan.planfile import PLACEHOLDER

_ID_FIELDS = ("product_id", "discount_id", "customer_id", "session_id", "id")
AMBIGUOUS_ROUNDS = 3


@dataclass(frozen=True)
class PlannedOp:
    """An operation as the plan file states it."""

    key: str
    action: str
    kind: str
    stripe_id: str
    dodo_id: str | None
    method: str | None
    path: str | None
    body: dict[str, Any] | None
    depends_on: tuple[str, ...]
    reason: str | None = None
    """For a manual operation: what a person must do, from the plan's blocker findings."""

    @classmethod
    def of(cls, op: Mapping[str, Any]) -> PlannedOp:
        request = op.get("request") or {}
        return cls(
            key=str(op["key"]),
            action=str(op["action"]),
            kind=str(op["kind"]),
            stripe_id=str(op.get("stripe_id", "")),
            dodo_id=op.get("dodo_id"),
            method=request.get("method"),
            path=request.get("path"),
            body=request.get("body"),
            depends_on=tuple(op.get("depends_on") or ()),
            reason=manual_reason(op) if op.get("action") == "manual" else None,
        )

    @property
    def code(self) -> str | None:
        return (
            str(self.body["code"])
            if self.kind == "discount" and self.body and "code" in self.body
            else None
        )


def manual_reason(op: Mapping[str, Any]) -> str:
    """Why the plan left an operation to a person: its blocker findings (code and message), on
    one line."""
    findings = op.get("findings")
    blockers = [
        f"{f['code']}: {f['message']}"
        for f in (findings if isinstance(findings, list) else [])
        if isinstance(f, dict)
        and f.get("level") == "blocker"
        and isinstance(f.get("code"), str)
        and isinstance(f.get("message"), str)
    ]
    text = "; ".join(blockers) or "the plan leaves it to a person (no blocker is recorded)"
    return " ".join(text.split())


class Sink(Protocol):
    """Where requests go."""

    def send(
        self, op: PlannedOp, method: str, path: str, body: dict[str, Any] | None
    ) -> dict[str, Any]: ...

    def find(self, op: PlannedOp, path: str) -> dict[str, Any] | None: ...

    def existing(self, kinds: set[str]) -> dict[str, dict[str, Any]]: ...


class RecordingSink:
    """A dry run: records each request and answers as if Dodo had created the object."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []

    def send(
        self, op: PlannedOp, method: str, path: str, body: dict[str, Any] | None
    ) -> dict[str, Any]:
        self.requests.append({"key": op.key, "method": method, "path": path, "body": body})
        return {"id": op.dodo_id or op.key}

    def find(self, op: PlannedOp, path: str) -> dict[str, Any] | None:
        return None

    def existing(self, kinds: set[str]) -> dict[str, dict[str, Any]]:
        return {}


class DodoSink:
    """The real thing, through ``migrate.dodo.client.DodoClient``."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def send(
        self, op: PlannedOp, method: str, path: str, body: dict[str, Any] | None
    ) -> dict[str, Any]:
        result = self.client.send(method, path, body)
        return result if isinstance(result, dict) else {}

    def find(self, op: PlannedOp, path: str) -> dict[str, Any] | None:
        if op.kind == "discount" and op.code:
            found = self.client.get_discount_by_code(op.code)
            return found if isinstance(found, dict) else None
        if op.kind in ("product", "customer"):
            found = self.client.find_by_metadata(op.kind, KEY_FIELD, op.key)
            return found if isinstance(found, dict) else None
        if op.kind == "localized_price" and op.body:
            listing = self.client.send("GET", path, None, idempotent=True)
            items = listing.get("items", listing) if isinstance(listing, dict) else listing
            for item in items if isinstance(items, list) else []:
                if item.get("currency") == op.body.get("currency") and item.get(
                    "amount"
                ) == op.body.get("amount"):
                    return dict(item)
        return None

    def existing(self, kinds: set[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        listers: dict[str, Callable[[], Iterable[dict[str, Any]]]] = {
            "product": self.client.iter_products,
            "discount": self.client.iter_discounts,
            "customer": self.client.iter_customers,
        }
        for kind in sorted(kinds & set(listers)):
            for obj in listers[kind]():
                key = (obj.get("metadata") or {}).get(KEY_FIELD)
                if isinstance(key, str):
                    found[key] = obj
                if kind == "discount" and isinstance(obj.get("code"), str):
                    found[f"code:{str(obj['code']).upper()}"] = obj
        return found


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
    """Runs one plan against one sink and one ledger."""

    def __init__(
        self,
        ops: Iterable[Mapping[str, Any]],
        sink: Sink,
        ledger: Ledger,
        *,
        workers: int = 4,
        on_done: Callable[[PlannedOp, str], None] | None = None,
    ) -> None:
        self.ops = [PlannedOp.of(op) for op in ops]
        self.sink = sink
        self.ledger = ledger
        self.workers = max(1, workers)
        self.on_done = on_done or (lambda op, state: None)
        self.report = ApplyReport()
        self.owner = {op.dodo_id: op.key for op in self.ops if op.dodo_id and op.action == "create"}

    def pending(self) -> list[PlannedOp]:
        """Create operations the ledger does not record as done or adopted."""
        out = []
        for op in self.ops:
            if op.action != "create":
                continue
            entry = self.ledger.get(op.key)
            if entry is None or entry.state not in FINAL:
                out.append(op)
        return out

    def run(self) -> ApplyReport:
        for op in self.ops:
            if op.action in ("skip", "manual", "adopt"):
                state = {"adopt": "adopted", "skip": "skipped", "manual": "manual"}[op.action]
                entry = self.ledger.get(op.key)
                if entry is None or entry.state != state or entry.reason != op.reason:
                    self.ledger.record(
                        op.key,
                        kind=op.kind,
                        stripe_id=op.stripe_id,
                        placeholder=op.dodo_id,
                        state=state,
                        dodo_id=op.dodo_id if op.action == "adopt" else None,
                        code=op.code,
                        reason=op.reason,
                    )
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
                for state in pool.map(self._carry_out, level):
                    self.report.count(state)
        return self.report

    def _adopt_existing(self, todo: list[PlannedOp]) -> None:
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
            if op.kind != "localized_price" or self.ledger.get(op.key) is not None:
                continue
            missing: list[str] = []
            path = str(self._resolve(op.path or "", missing, op.dodo_id))
            found = None if missing else self.sink.find(op, path)
            if found is not None:
                self._adopt(op, found, how="found in Dodo on its product")
                self.report.count("adopted")

    def _adopt(self, op: PlannedOp, found: Mapping[str, Any], *, how: str) -> None:
        self.ledger.record(
            op.key,
            kind=op.kind,
            stripe_id=op.stripe_id,
            placeholder=op.dodo_id,
            state="adopted",
            dodo_id=dodo_id_of(found),
            code=op.code,
            response={"adopted": how},
        )

    def _levels(self, todo: list[PlannedOp]) -> list[list[PlannedOp]]:
        """Operations grouped so that each one's dependencies are in earlier groups."""
        keys = {op.key for op in todo}
        deps: dict[str, set[str]] = {}
        for op in todo:
            implicit = {
                self.owner[p]
                for p in PLACEHOLDER.findall(json.dumps([op.path, op.body]))
                if p in self.owner
            }
            deps[op.key] = (set(op.depends_on) | implicit) - {op.key}
        levels: list[list[PlannedOp]] = []
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

    def _resolve(self, value: Any, missing: list[str], own: str | None = None) -> Any:
        """Replace placeholders of other operations by their real ids (an operation's own
        placeholder, e.g. inside its metadata key, stays as it is)."""
        if isinstance(value, str):

            def swap(match: re.Match[str]) -> str:
                if match.group() == own:
                    return own
                real = self.ledger.resolve(match.group())
                if real is None:
                    missing.append(match.group())
                    return match.group()
                return real

            return PLACEHOLDER.sub(swap, value)
        if isinstance(value, list):
            return [self._resolve(v, missing, own) for v in value]
        if isinstance(value, dict):
            return {k: self._resolve(v, missing, own) for k, v in value.items()}
        return value

    def _record(self, op: PlannedOp, state: str, **extra: Any) -> None:
        self.ledger.record(
            op.key,
            kind=op.kind,
            stripe_id=op.stripe_id,
            placeholder=op.dodo_id,
            code=op.code,
            state=state,
            **extra,
        )

    def _carry_out(self, op: PlannedOp) -> str:
        state = self._attempt(op)
        self.on_done(op, state)
        return state

    def _attempt(self, op: PlannedOp) -> str:
        missing: list[str] = []
        path = str(self._resolve(op.path or "", missing, op.dodo_id))
        body = self._resolve(op.body, missing, op.dodo_id)
        if missing:
            needs = ", ".join(self.owner.get(m, m) for m in sorted(set(missing)))
            message = f"needs {needs}, which is not in Dodo (it failed or was not applied)"
            self._record(op, "failed", error=message)
            self.report.failures.append((op.key, message))
            return "failed"
        sha = request_sha(op.method or "POST", path, body)
        for _ in range(AMBIGUOUS_ROUNDS):
            self._record(op, "sending", request_sha=sha, attempt=True)
            try:
                self.report.sent += 1
                response = self.sink.send(op, op.method or "POST", path, body)
            except DodoAmbiguousError as exc:
                found = self.sink.find(op, path)
                if found is not None:
                    self._adopt(op, found, how=f"reconciled after: {exc.message}")
                    return "adopted"
                self._record(op, "ambiguous", error=exc.message)
                continue
            except DodoAPIError as exc:
                self._record(
                    op,
                    "failed",
                    error=exc.dodo_message,
                    error_status=exc.status,
                    error_code=exc.code,
                )
                self.report.failures.append((op.key, exc.one_line()))
                return "failed"
            except DodoError as exc:
                self._record(op, "failed", error=exc.one_line())
                self.report.failures.append((op.key, exc.one_line()))
                return "failed"
            summary = {k: response[k] for k in (*_ID_FIELDS, "code") if k in response}
            self._record(
                op,
                "done",
                dodo_id=dodo_id_of(response) or op.dodo_id,
                response=summary,
            )
            return "done"
        self.report.failures.append(
            (op.key, "may or may not exist in Dodo: run again to reconcile")
        )
        return "ambiguous"
