"""The apply engine against an in-memory Dodo: dependencies, reruns, ambiguity, dry runs."""

from __future__ import annotations

import itertools
import json
import random
import threading
from pathlib import Path
from typing import Any, ClassVar

import pytest

from migrate.apply.engine import Engine, apply_plan
from migrate.apply.ledger import Ledger
from migrate.apply.sinks import RecordingSink
from migrate.commands import make_plan
from migrate.dodo.client import DodoClient, RateLimiter
from migrate.errors import DodoAmbiguousError, DodoAPIError
from migrate.mapping.catalog import KEY_FIELD, PlanOptions
from migrate.plan.ops import Operation, Request
from migrate.plan.planfile import read_plan
from migrate.sandbox.app import SandboxApp

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


class MemoryDodo:
    """A tiny Dodo: stores what is created; can fail like the network does."""

    ID_FIELD: ClassVar[dict[str, str]] = {
        "/products": "product_id",
        "/discounts": "discount_id",
        "/customers": "customer_id",
    }

    def __init__(
        self, *, ambiguous: float = 0.0, seed: int = 1, reject: set[str] | None = None
    ) -> None:
        self.objects: dict[str, dict[str, Any]] = {}
        self.localized: list[tuple[str, dict[str, Any]]] = []
        self.random = random.Random(seed)
        self.ambiguous = ambiguous
        self.reject = reject or set()
        self.ids = itertools.count(1)
        self.lock = threading.Lock()

    def send(
        self, op: Operation, method: str, path: str, body: dict[str, Any] | None
    ) -> dict[str, Any]:
        assert body is not None
        if op.key in self.reject:
            raise DodoAPIError(
                422, "INVALID_REQUEST_BODY", "amount must be positive", method=method, path=path
            )
        with self.lock:
            fail = self.random.random() < self.ambiguous
            commit = self.random.random() < 0.5
        if fail and not commit:
            raise DodoAmbiguousError("read timeout after sending", method=method, path=path)
        with self.lock:
            if path.endswith("/localized-prices"):
                product = path.split("/")[2]
                assert product in self.objects, f"localized price for unknown product {product}"
                self.localized.append((product, body))
                response = {"id": f"lp_{next(self.ids)}"}
            else:
                field = self.ID_FIELD[path]
                new_id = f"{field[:3]}_{next(self.ids):05d}"
                for restricted in body.get("restricted_to") or []:
                    assert restricted in self.objects, (
                        f"discount restricted to unknown {restricted}"
                    )
                self.objects[new_id] = {**body, field: new_id}
                response = {field: new_id, **({"code": body["code"]} if "code" in body else {})}
        if fail:
            raise DodoAmbiguousError("connection reset after sending", method=method, path=path)
        return response

    def find(self, op: Operation, path: str) -> dict[str, Any] | None:
        with self.lock:
            for obj in self.objects.values():
                if (obj.get("metadata") or {}).get(KEY_FIELD) == op.key:
                    return dict(obj)
            if op.kind == "localized_price" and op.body:
                for product, body in self.localized:
                    if product in path and body == op.body:
                        return {"id": "lp_found"}
        return None

    def existing(self, kinds: set[str]) -> dict[str, dict[str, Any]]:
        with self.lock:
            return {
                o["metadata"][KEY_FIELD]: dict(o)
                for o in self.objects.values()
                if KEY_FIELD in o.get("metadata", {})
            }

    def keys(self) -> list[str]:
        return [o["metadata"][KEY_FIELD] for o in self.objects.values()]


@pytest.fixture(scope="module")
def plan_ops(tmp_path_factory: pytest.TempPathFactory) -> list[Operation]:
    out = tmp_path_factory.mktemp("plan") / "plan.json"
    with out.open("w") as handle:
        make_plan(
            snapshot=str(SAMPLES / "snapshot.jsonl"),
            payloads=(),
            id_map_path=None,
            opts=PlanOptions(tax_default="saas"),
            out=handle,
        )
    return list(read_plan(str(out)).operations)


def creates(ops: list[Operation]) -> list[Operation]:
    return [op for op in ops if op.action == "create"]


def test_everything_is_created_once_with_real_ids(
    plan_ops: list[Operation], tmp_path: Path
) -> None:
    dodo = MemoryDodo()
    ledger = Ledger(str(tmp_path / "l.sqlite"))
    report = Engine(plan_ops, dodo, ledger, workers=4).run()
    keyed = [op.key for op in creates(plan_ops) if op.kind != "localized_price"]
    assert sorted(dodo.keys()) == sorted(keyed)
    assert len(dodo.localized) == sum(1 for op in creates(plan_ops) if op.kind == "localized_price")
    assert not report.failures and report.states["done"] == len(creates(plan_ops))
    sent = [
        {**o, "metadata": {k: v for k, v in o.get("metadata", {}).items() if k != KEY_FIELD}}
        for o in dodo.objects.values()
    ]
    assert "s2d_" not in json.dumps(sent)  # every placeholder was replaced by a real id
    # a rerun sends nothing
    again = Engine(plan_ops, dodo, ledger, workers=4).run()
    assert again.sent == 0 and sorted(dodo.keys()) == sorted(keyed)


def test_ambiguous_failures_never_duplicate(plan_ops: list[Operation], tmp_path: Path) -> None:
    dodo = MemoryDodo(ambiguous=0.3, seed=7)
    ledger = Ledger(str(tmp_path / "l.sqlite"))
    for _ in range(4):  # until nothing is left ambiguous
        Engine(plan_ops, dodo, ledger, workers=3).run()
    keys = dodo.keys()
    assert len(keys) == len(set(keys))
    assert sorted(keys) == sorted(
        op.key for op in creates(plan_ops) if op.kind != "localized_price"
    )
    states = {e.state for e in ledger.entries() if e.kind != "localized_price"} - {
        "skipped",
        "manual",
    }
    assert states <= {"done", "adopted"}


def test_a_refused_object_is_recorded_and_the_rest_go_on(
    plan_ops: list[Operation], tmp_path: Path
) -> None:
    target = next(op.key for op in creates(plan_ops) if op.key == "product:price_1QGoldUsdMonthly")
    dodo = MemoryDodo(reject={target})
    ledger = Ledger(str(tmp_path / "l.sqlite"))
    report = Engine(plan_ops, dodo, ledger).run()
    assert [key for key, _ in report.failures].count(target) == 1
    entry = ledger.get(target)
    assert entry is not None and entry.state == "failed"
    assert entry.error_status == 422 and entry.error_code == "INVALID_REQUEST_BODY"
    assert entry.error == "amount must be positive"
    # discounts restricted to that product cannot be created: recorded, not crashed
    dependents = [op.key for op in creates(plan_ops) if target in op.depends_on]
    for key in dependents:
        dep = ledger.get(key)
        assert (
            dep is not None
            and dep.state == "failed"
            and "product:price_1QGoldUsdMonthly" in (dep.error or "")
        )
    created = [op for op in creates(plan_ops) if op.kind != "localized_price"]
    assert len(dodo.keys()) == len(created) - 1 - len(dependents)


def test_dry_run_records_requests_and_changes_nothing(
    plan_ops: list[Operation], tmp_path: Path
) -> None:
    ledger = Ledger(str(tmp_path / "l.sqlite"))
    sink = RecordingSink()
    Engine(plan_ops, sink, Ledger.copy_of(ledger), workers=1).run()
    assert [r["key"] for r in sink.requests] == [
        op.key for op in _in_level_order(creates(plan_ops))
    ]
    assert list(ledger.entries()) == []
    localized = [r for r in sink.requests if r["path"].endswith("/localized-prices")]
    assert localized and all("/products/s2d_pdt_" in r["path"] for r in localized)


def _in_level_order(ops: list[Operation]) -> list[Operation]:
    """Plan order, except that an operation comes after those it depends on."""
    first = [
        op for op in ops if not op.depends_on and "/localized-prices" not in op.request["path"]
    ]
    return first + [op for op in ops if op not in first]


def test_existing_objects_are_adopted_not_created(
    plan_ops: list[Operation], tmp_path: Path
) -> None:
    dodo = MemoryDodo()
    Engine(plan_ops, dodo, Ledger(str(tmp_path / "first.sqlite"))).run()
    before = len(dodo.objects)
    fresh = Ledger(str(tmp_path / "lost.sqlite"))  # the ledger was lost: Dodo still has everything
    report = Engine(plan_ops, dodo, fresh).run()
    assert len(dodo.objects) == before and report.sent == 0
    assert report.states.get("adopted", 0) == len(creates(plan_ops))


# -- checkout sessions run through the same engine, sinks and ledger (issue 13) ----------------

PLACEHOLDER_ID = "s2d_pdt_0123456789abcdef0123"


def session(source: str = "payloads/a.json") -> Operation:
    body = {"product_cart": [{"product_id": PLACEHOLDER_ID, "quantity": 1}]}
    return Operation(
        key=source,
        action="create",
        kind="checkout_session",
        stripe_id=source,
        dodo_id=None,
        request=Request(method="POST", path="/checkouts", body=body),
        depends_on=(),
        findings=(),
        title="checkout session",
    )


class CheckoutDodo:
    """Creates checkout sessions, or fails ambiguously while ``lost`` is set; cannot find one."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any] | None] = []
        self.lost = False

    def send(
        self, op: Operation, method: str, path: str, body: dict[str, Any] | None
    ) -> dict[str, Any]:
        self.sent.append(body)
        if self.lost:
            raise DodoAmbiguousError("read timeout after sending", method=method, path=path)
        n = len(self.sent)
        return {"session_id": f"cks_{n}", "checkout_url": f"https://pay.example/{n}"}

    def find(self, op: Operation, path: str) -> dict[str, Any] | None:
        raise AssertionError("a checkout session cannot be looked up")

    def existing(self, kinds: set[str]) -> dict[str, dict[str, Any]]:
        return {}


def applied_ledger(tmp_path: Path) -> Ledger:
    ledger = Ledger(str(tmp_path / "l.sqlite"))
    ledger.record(
        "product:price_1",
        kind="product",
        stripe_id="price_1",
        placeholder=PLACEHOLDER_ID,
        state="done",
        dodo_id="pdt_real",
    )
    return ledger


def test_a_checkout_session_is_sent_once_with_real_ids_and_recorded(tmp_path: Path) -> None:
    ledger, dodo = applied_ledger(tmp_path), CheckoutDodo()
    first = Engine((), dodo, ledger).carry_out(session())
    assert first.state == "done" and first.dodo_id == "cks_1"
    assert dodo.sent == [{"product_cart": [{"product_id": "pdt_real", "quantity": 1}]}]
    assert ledger.session_counts() == {"done": 1}
    again = Engine((), dodo, ledger).carry_out(session())  # a rerun sends nothing
    assert again.earlier and again.dodo_id == "cks_1"
    assert again.answer["checkout_url"] == "https://pay.example/1"
    assert len(dodo.sent) == 1


def test_an_ambiguous_checkout_session_is_not_sent_twice_in_one_run(tmp_path: Path) -> None:
    """Dodo cannot list checkout sessions, so one that may exist is left ambiguous (never
    looked up, never repeated in the run); the next run sends it again."""
    ledger, dodo = applied_ledger(tmp_path), CheckoutDodo()
    dodo.lost = True
    outcome = Engine((), dodo, ledger).carry_out(session())
    assert outcome.state == "ambiguous" and "read timeout" in (outcome.error or "")
    assert len(dodo.sent) == 1 and ledger.session_counts() == {"ambiguous": 1}
    dodo.lost = False
    assert Engine((), dodo, ledger).carry_out(session()).state == "done"
    assert len(dodo.sent) == 2 and ledger.session_counts() == {"done": 1}


def test_a_checkout_session_that_needs_a_missing_object_is_not_sent(tmp_path: Path) -> None:
    ledger, dodo = Ledger(str(tmp_path / "empty.sqlite")), CheckoutDodo()
    outcome = Engine((), dodo, ledger).carry_out(session())
    assert outcome.state == "failed" and outcome.needs == (PLACEHOLDER_ID,)
    assert dodo.sent == []
    sink = RecordingSink()  # a dry run shows the request with what it still needs
    dry = Engine((), sink, Ledger.scratch(ledger), unresolved="keep").carry_out(session())
    assert dry.state == "done" and dry.needs == (PLACEHOLDER_ID,)
    assert sink.requests[0]["body"] == session().body
    assert ledger.session_counts() == {"failed": 1}


# -- apply_plan: what `apply` calls (a dry run without a client) ------------------------------


def test_apply_plan_dry_run_then_for_real(plan_ops: list[Operation], tmp_path: Path) -> None:
    ledger = Ledger(str(tmp_path / "l.sqlite"))
    dry = apply_plan(plan_ops, ledger=ledger, client=None, workers=2)
    assert dry.requests is not None and len(dry.requests) == len(creates(plan_ops))
    assert list(ledger.entries()) == []  # a dry run changes nothing
    app = SandboxApp(seed=3)
    client = DodoClient(
        "sk_test_x",
        base_url="http://sandbox.invalid",
        transport=app.transport(),
        limiter=RateLimiter(0, 0),
    )
    real = apply_plan(plan_ops, ledger=ledger, client=client, workers=2)
    assert real.requests is None and not real.report.failures
    assert real.report.sent == len(creates(plan_ops))
    assert app.count("product") + app.count("discount") + app.count("customer") == len(
        [op for op in creates(plan_ops) if op.kind != "localized_price"]
    )
    again = apply_plan(plan_ops, ledger=ledger, client=client, workers=2)
    assert again.report.sent == 0
    assert apply_plan(plan_ops, ledger=ledger, client=None).requests == []


def test_an_object_a_first_plan_skipped_resolves_once_a_later_plan_creates_it(
    tmp_path: Path,
) -> None:
    """The catalog plan skips an inactive price; the subscribers plan creates the same key
    (a legacy price): the ledger must then resolve its placeholder, or every checkout naming
    it fails as "not in Dodo"."""
    placeholder = "s2d_pdt_" + "a" * 20
    skipped = Operation("product:price_old", "skip", "product", "price_old", None, None, (), (), "")
    body = {"name": "Old", "metadata": {KEY_FIELD: "product:price_old"}}
    made = Operation(
        "product:price_old",
        "create",
        "product",
        "price_old",
        placeholder,
        Request(method="POST", path="/products", body=body),
        (),
        (),
        "Old (legacy price)",
    )
    with Ledger(str(tmp_path / "ledger.sqlite")) as ledger:
        Engine([skipped], RecordingSink(), ledger).run()
        Engine([made], RecordingSink(), ledger).run()
        assert ledger.get("product:price_old").state == "done"  # type: ignore[union-attr]
        assert ledger.resolve(placeholder) == placeholder  # the recording sink's id
