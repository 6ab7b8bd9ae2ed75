"""Plan files: the reviewed list of operations that ``apply`` carries out exactly.

Format ``stripe2dodo.plan/v1`` is one JSON document, written as it is planned with one
operation per line, so it stays readable by any JSON tool and streamable by ours::

    {"format": "stripe2dodo.plan/v1", "created_at": "...", "tool": "stripe2dodo 0.1.0",
     "inputs": {"snapshot": {"path", "sha256", ...}, "payloads": [...], "id_map": {...},
                "options": {...}, "hash": "<sha256 of all of them>"},
     "operations": [
    {"key": "product:price_1", "action": "create", "kind": "product", ...},
    ...
    ],
     "summary": {"operations": 42, "by_kind": {...}, "by_level": {...}, ...}}

``inputs.hash`` covers the input files' contents and the options (not their paths), so applying
can refuse a plan whose inputs changed. A subscribers plan (``subscribers plan``) says
``"scope": "subscribers"`` in its head and also holds one checkout session per subscriber; each
command reads only plans of its own scope. ``read_plan`` gives the operations back as
``migrate.plan.ops.Operation`` values, the type the planner wrote them from, after
``check_operations`` has refused any operation the planner never writes (a hand edit): before
anything is sent, whatever ``--force`` says.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Literal

from migrate import __version__
from migrate.display import format_amount, per_interval
from migrate.errors import InputError
from migrate.findings import Level
from migrate.mapping.catalog import KEY_FIELD
from migrate.plan.ops import ACTIONS, CATALOG_KINDS, KINDS, PLACEHOLDER, Operation
from migrate.readers import limits
from migrate.readers.idmap import MappedId

FORMAT = "stripe2dodo.plan/v1"
CREATE_REQUESTS: dict[str, tuple[str, re.Pattern[str]]] = {
    "product": ("/products", re.compile(r"/products")),
    "discount": ("/discounts", re.compile(r"/discounts")),
    "customer": ("/customers", re.compile(r"/customers")),
    "localized_price": (
        "/products/{product_id}/localized-prices",
        re.compile(r"/products/[A-Za-z0-9_]{1,64}/localized-prices"),
    ),
    "checkout_session": ("/checkouts", re.compile(r"/checkouts")),
}
Scope = Literal["catalog", "subscribers"]
SCOPES: dict[Scope, tuple[str, ...]] = {"catalog": CATALOG_KINDS, "subscribers": KINDS}
"""The kinds each scope of plan holds."""
_MADE_BY: dict[Scope, str] = {
    "catalog": "`stripe2dodo plan`, applied with `stripe2dodo apply`",
    "subscribers": "`stripe2dodo subscribers plan`, carried out with `stripe2dodo subscribers "
    "create`",
}
"""The only request each kind of create may send: POST to this path (no other host, method,
query or dot segment)."""
_REFUSED = "nothing was sent: make the plan again with `stripe2dodo plan`, or undo the edit"


def file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    try:
        with Path(path).open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise InputError(
            f"cannot read ({exc.strerror or exc})", file=path, hint="check the path"
        ) from None
    return digest.hexdigest()


@dataclass
class PlanInputs:
    """What a plan was made from. ``digest()`` ignores paths: only contents and options count."""

    options: dict[str, Any]
    snapshot: dict[str, Any] | None = None
    payloads: list[dict[str, str]] = field(default_factory=list)
    id_map: dict[str, str] | None = None

    def digest(self) -> str:
        content = {
            "snapshot": self.snapshot.get("sha256") if self.snapshot else None,
            "payloads": sorted(p["sha256"] for p in self.payloads),
            "id_map": self.id_map.get("sha256") if self.id_map else None,
            "options": self.options,
        }
        canonical = json.dumps(content, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    def as_dict(self) -> dict[str, Any]:
        return {
            "snapshot": self.snapshot,
            "payloads": self.payloads,
            "id_map": self.id_map,
            "options": self.options,
            "hash": self.digest(),
        }


@dataclass
class PlanSummary:
    """Counts over the operations; every total adds up to ``operations``."""

    operations: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    by_action: Counter[str] = field(default_factory=Counter)
    by_kind_action: Counter[str] = field(default_factory=Counter)
    by_level: Counter[str] = field(default_factory=Counter)
    findings: Counter[str] = field(default_factory=Counter)

    def add(self, op: Operation) -> None:
        self.operations += 1
        self.by_kind[op.kind] += 1
        self.by_action[op.action] += 1
        self.by_kind_action[f"{op.kind}.{op.action}"] += 1
        level = op.level
        self.by_level[level.value if level else "none"] += 1
        for finding in op.findings:
            self.findings[finding.code] += 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "operations": self.operations,
            "by_kind": dict(sorted(self.by_kind.items())),
            "by_action": dict(sorted(self.by_action.items())),
            "by_kind_action": dict(sorted(self.by_kind_action.items())),
            "by_level": dict(sorted(self.by_level.items())),
            "findings": dict(sorted(self.findings.items())),
        }


def write_plan(
    out: IO[str],
    inputs: PlanInputs,
    ops: Iterable[Operation],
    *,
    now: datetime | None = None,
    scope: Scope = "catalog",
) -> PlanSummary:
    """Write the plan document, streaming the operations; return the summary."""
    created = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    head: dict[str, Any] = {
        "format": FORMAT,
        "created_at": created,
        "tool": f"stripe2dodo {__version__}",
    }
    if scope != "catalog":  # a catalog plan's head is as it always was
        head["scope"] = scope
    head["inputs"] = inputs.as_dict()
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "operations": [\n')
    summary = PlanSummary()
    for op in ops:
        if summary.operations:
            out.write(",\n")
        out.write(json.dumps(op.as_dict(), ensure_ascii=False, default=str))
        summary.add(op)
    out.write('\n], "summary": ' + json.dumps(summary.as_dict()) + "}\n")
    return summary


@dataclass(frozen=True)
class Plan:
    """A plan read back: its header, operations and summary."""

    path: str
    header: dict[str, Any]
    operations: tuple[Operation, ...]
    summary: dict[str, Any]


def read_plan(path: str, scope: Scope | None = "catalog") -> Plan:
    """Read a plan file and check its operations (``check_operations``); a damaged or foreign
    file, a plan of another ``scope`` (None: any), or an operation the planner never writes, is
    one clear ``InputError``."""
    try:
        doc = limits.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(
            f"cannot read the plan ({exc.strerror or exc})", file=path, hint="check the path"
        ) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"the plan is not valid JSON ({exc.msg})",
            file=path,
            line=exc.lineno,
            hint="create it again with `stripe2dodo plan`",
        ) from None
    except limits.LimitError as exc:
        raise InputError(
            f"the plan cannot be read ({exc.message})",
            file=path,
            line=exc.line,
            hint="create it again with `stripe2dodo plan`",
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InputError(
            f"not a {FORMAT} plan", file=path, hint="create it with `stripe2dodo plan --out FILE`"
        )
    found = doc.get("scope", "catalog")
    if found not in SCOPES:
        raise InputError(f"the plan has an unknown scope {_shown(found)}", file=path)
    if scope is not None and found != scope:
        raise InputError(
            f"this is a {found} plan, made by {_MADE_BY[found].split(',')[0]}",
            file=path,
            hint=f"it is carried out by {_MADE_BY[found].split(', ')[1]}",
        )
    ops = doc.get("operations")
    if not isinstance(ops, list):
        raise InputError("the plan has no operations list", file=path, hint="create it again")
    check_operations(path, ops, kinds=SCOPES[found])
    header = {k: v for k, v in doc.items() if k not in ("operations", "summary")}
    operations = tuple(Operation.from_dict(op) for op in ops)
    return Plan(path, header, operations, doc.get("summary") or {})


@functools.cache
def _body_types() -> dict[str, Any]:
    """The official SDK's request type for each kind of create (imported on first use)."""
    from dodopayments.types import (
        CheckoutSessionCreateParams,
        CustomerCreateParams,
        DiscountCreateParams,
        ProductCreateParams,
    )
    from dodopayments.types.products import LocalizedPriceCreateParams

    return {
        "product": ProductCreateParams,
        "discount": DiscountCreateParams,
        "customer": CustomerCreateParams,
        "localized_price": LocalizedPriceCreateParams,
        "checkout_session": CheckoutSessionCreateParams,
    }


def _shown(value: Any, limit: int = 60) -> str:
    """A value for a one-line message: escaped (no newlines or control characters), cut short."""
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    text = text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_operations(path: str, ops: list[Any], *, kinds: tuple[str, ...] = CATALOG_KINDS) -> None:
    """Refuse the operations of plan file ``path`` if they hold anything ``stripe2dodo plan``
    never writes, before anything is sent: unknown actions or kinds, duplicated keys or Dodo
    ids, unknown dependencies, titles, charges or findings of the wrong shape, and for each
    create anything but its kind's one request (POST to its path, a body that fits the official
    SDK's request type, the operation's own key in ``metadata``). Raises one ``InputError``
    naming the operation and its JSON path."""
    from migrate.dodo.contract import contract_errors

    keys: dict[str, int] = {}
    for i, op in enumerate(ops):
        key = op.get("key") if isinstance(op, dict) else None
        if isinstance(key, str) and key and key not in keys:
            keys[key] = i

    def refuse(i: int, problem: str, where: str = "") -> InputError:
        op = ops[i]
        key = op.get("key") if isinstance(op, dict) else None
        label = f"operation {_shown(key, 80)}" if isinstance(key, str) and key else "the operation"
        return InputError(
            f"{label} {problem}", file=path, path=f"$.operations[{i}]{where}", hint=_REFUSED
        )

    claimed: dict[str, int] = {}
    for i, op in enumerate(ops):
        if not isinstance(op, dict):
            raise refuse(i, f"is {_shown(op)}, not an object")
        key, action, kind = op.get("key"), op.get("action"), op.get("kind")
        if not isinstance(key, str) or not key:
            raise refuse(i, "has no key", ".key")
        if keys[key] != i:
            raise refuse(i, f"repeats the key of operations[{keys[key]}]", ".key")
        if action not in ACTIONS:
            raise refuse(i, f"has an unknown action {_shown(action)} ({', '.join(ACTIONS)})")
        if kind not in kinds:
            raise refuse(i, f"has an unknown kind {_shown(kind)} ({', '.join(kinds)})")
        for name in ("stripe_id", "dodo_id"):
            if op.get(name) is not None and not isinstance(op[name], str):
                raise refuse(i, f"has a {name} that is not a string", f".{name}")
        depends = op.get("depends_on") or []
        if not isinstance(depends, list) or not all(isinstance(d, str) for d in depends):
            raise refuse(i, "has a depends_on that is not a list of keys", ".depends_on")
        for dep in depends:
            if dep not in keys:
                missing = f"depends on {_shown(dep)}, which the plan does not hold"
                raise refuse(i, missing, ".depends_on")
        if action == "adopt" and not op.get("dodo_id"):
            raise refuse(i, "is adopted without the Dodo id it adopts", ".dodo_id")
        wrong_shape = _shape_problem(op)
        if wrong_shape is not None:
            raise refuse(i, *wrong_shape)
        if action != "create":
            continue  # nothing is sent for adopt, skip and manual
        dodo_id = op.get("dodo_id")
        if dodo_id:
            if dodo_id in claimed:
                raise refuse(
                    i, f"claims Dodo id {_shown(dodo_id)} of operations[{claimed[dodo_id]}]"
                )
            claimed[dodo_id] = i
        wrong = _request_problem(op.get("request"), kind)
        if wrong is not None:
            raise refuse(i, *wrong)
        body = op["request"]["body"]
        errors = contract_errors(body, _body_types()[kind])
        if errors:
            name = _body_types()[kind].__name__
            raise refuse(
                i,
                f"has a body that does not fit the SDK's {name}: {_shown(errors[0], 200)}",
                ".request.body",
            )
        if kind != "localized_price" and (body.get("metadata") or {}).get(KEY_FIELD) != key:
            raise refuse(
                i,
                f"has a metadata.{KEY_FIELD} that is not its key (apply finds what it created "
                "by it, so that nothing is created twice)",
                ".request.body.metadata",
            )
    _refuse_manual_dependencies(ops, claimed, refuse)


def _refuse_manual_dependencies(
    ops: list[dict[str, Any]], created: dict[str, int], refuse: Any
) -> None:
    """A create that needs an object the plan leaves to a person could only ever fail: the
    planner never writes one, so it is an edit."""
    manual_keys = {op["key"] for op in ops if op["action"] == "manual"}
    manual_ids = {
        op["dodo_id"]: op["key"]
        for op in ops
        if op["action"] == "manual" and op.get("dodo_id") and op["dodo_id"] not in created
    }
    for i, op in enumerate(ops):
        if op["action"] != "create":
            continue
        for dep in op.get("depends_on") or []:
            if dep in manual_keys:
                raise refuse(i, f"depends on {_shown(dep)}, which needs manual work", ".depends_on")
        request = op["request"]
        for found in PLACEHOLDER.findall(json.dumps([request["path"], request["body"]])):
            if found in manual_ids:
                raise refuse(
                    i,
                    f"needs {found} of {_shown(manual_ids[found])}, which needs manual work",
                    ".request",
                )


def _shape_problem(op: dict[str, Any]) -> tuple[str, str] | None:
    """What is wrong with an operation's title, charge or findings, and where; None when they
    have the shapes the planner writes."""
    if not isinstance(op.get("title", ""), str):
        return "has a title that is not a string", ".title"
    if op.get("charge") is not None and not isinstance(op["charge"], dict):
        return "has a charge that is not an object", ".charge"
    if op.get("subscriber") is not None and not isinstance(op["subscriber"], dict):
        return "has a subscriber that is not an object", ".subscriber"
    findings = op.get("findings", [])
    if not isinstance(findings, list):
        return "has findings that are not a list", ".findings"
    levels = [level.value for level in Level]
    for j, finding in enumerate(findings):
        where = f".findings[{j}]"
        if not isinstance(finding, dict):
            return f"has a finding that is {_shown(finding)}, not an object", where
        for name in ("code", "message"):
            if not isinstance(finding.get(name), str):
                return f"has a finding without a {name}", f"{where}.{name}"
        if finding.get("level") not in levels:
            level = _shown(finding.get("level"))
            return f"has a finding of unknown level {level} ({', '.join(levels)})", f"{where}.level"
        for name in ("path", "suggestion"):
            if finding.get(name) is not None and not isinstance(finding[name], str):
                return f"has a finding whose {name} is not a string", f"{where}.{name}"
    return None


def _request_problem(request: Any, kind: str) -> tuple[str, str] | None:
    """What is wrong with a create's request, and where; None when it is its kind's request."""
    expected, pattern = CREATE_REQUESTS[kind]
    wanted = f"a {kind.replace('_', ' ')} is created with POST {expected}"
    if not isinstance(request, dict):
        return f"is a create without its request ({wanted})", ".request"
    method, path = request.get("method"), request.get("path")
    if method != "POST" or not isinstance(path, str) or not pattern.fullmatch(path):
        sent = f"{_shown(method)} {_shown(path)}"
        return f"would send {sent}, not a request apply makes ({wanted})", ".request"
    if not isinstance(request.get("body"), dict):
        return f"has a request without a JSON object body ({wanted})", ".request.body"
    return None


def verify_inputs(plan: Plan) -> str | None:
    """Recompute the inputs hash from the files the plan names; the reason it cannot be trusted,
    or None when the inputs are unchanged."""
    inputs = plan.header.get("inputs") or {}
    try:
        snapshot = inputs.get("snapshot")
        current = PlanInputs(
            options=inputs.get("options") or {},
            snapshot={**snapshot, "sha256": file_sha256(_snapshot_path(plan, snapshot["path"]))}
            if snapshot
            else None,
            payloads=[
                {**p, "sha256": file_sha256(p["path"])} for p in inputs.get("payloads") or []
            ],
            id_map={**inputs["id_map"], "sha256": file_sha256(inputs["id_map"]["path"])}
            if inputs.get("id_map")
            else None,
        )
    except InputError as exc:
        return f"an input of the plan cannot be read ({exc.message})"
    if current.digest() != inputs.get("hash"):
        return "the plan's inputs changed since it was made (snapshot, payloads, id map or options)"
    return None


def _snapshot_path(plan: Plan, recorded: str) -> str:
    """The snapshot a plan names; when that path is gone, the file of that name beside the plan
    (a plan made from the API keeps its snapshot there, and the two may be moved together).
    Its hash decides whether it is the same snapshot."""
    if Path(recorded).exists():
        return recorded
    beside = Path(plan.path).parent / Path(recorded).name
    return str(beside) if beside.is_file() else recorded


def id_map_entries(ops: Iterable[Operation]) -> Iterator[tuple[str, Any]]:
    """The id map a plan yields for ``translate``: Stripe id -> Dodo id (the placeholder until
    apply replaces it), in the one id-map format (``migrate/readers/idmap.py``). Product entries
    carry the charge, so the money check can compare carts; discount entries are the Dodo codes."""
    for op in ops:
        if op.dodo_id is None or op.action == "manual":
            continue
        inline = op.key.startswith("product:inline:")
        if op.kind == "product" and not inline and op.key.count(":") == 1:
            charge = op.charge or {}
            entry = MappedId(
                op.dodo_id,
                price=charge.get("price"),
                currency=charge.get("currency"),
                interval=charge.get("interval"),
                interval_count=charge.get("interval_count") or 1,
            )
            yield op.stripe_id, entry.as_json()
        elif op.kind in ("discount", "customer"):
            yield op.stripe_id, op.dodo_id


def render_show(plan: Plan) -> str:
    """A readable summary: counts per kind, action and level, then each object Stripe -> Dodo."""
    ops = plan.operations
    digest = str(plan.header.get("inputs", {}).get("hash", ""))[:12]
    lines = [f"Plan {plan.path}", f"  created {plan.header.get('created_at')}; inputs {digest}", ""]
    kinds = sorted({op.kind for op in ops})
    actions = ("create", "adopt", "skip", "manual")
    width = max([len(k) for k in kinds] + [8])
    lines.append(f"  {'':{width}}  " + "  ".join(f"{a:>7}" for a in actions) + "    total")
    counts: Counter[tuple[str, str]] = Counter((op.kind, op.action) for op in ops)
    for kind in kinds:
        row = [counts[(kind, a)] for a in actions]
        lines.append(f"  {kind:{width}}  " + "  ".join(f"{n:>7}" for n in row) + f"  {sum(row):>7}")
    totals = [sum(counts[(k, a)] for k in kinds) for a in actions]
    lines.append(
        f"  {'total':{width}}  " + "  ".join(f"{n:>7}" for n in totals) + f"  {sum(totals):>7}"
    )
    levels = Counter(op.level.value if op.level else "none" for op in ops)
    lines += [
        "",
        "  by level: "
        + ", ".join(f"{levels[lv]} {lv}" for lv in ("blocker", "warning", "info", "none")),
        "",
    ]
    for op in ops:
        arrow = op.dodo_id or "-"
        charge = op.charge
        money = ""
        if charge:
            money = format_amount(int(charge["price"]), str(charge["currency"]))
            money += per_interval(charge.get("interval"), int(charge.get("interval_count") or 1))
        codes = ", ".join(sorted({f.code for f in op.findings}))
        mark = {Level.BLOCKER: "!!", Level.WARNING: " !"}.get(op.level, "  ") if op.level else "  "
        lines.append(f"{mark} {op.action:6} {op.kind:15} {op.stripe_id} -> {arrow}")
        lines.append(
            f"         {op.title}"
            + (f"  [{money}]" if money else "")
            + (f"  ({codes})" if codes else "")
        )
        for f in op.findings:
            if f.level in (Level.BLOCKER, Level.WARNING):
                lines.append(f"         {f.level.value}: {f.code} {f.message}")
    return "\n".join(lines) + "\n"
