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
can refuse a plan whose inputs changed.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from migrate import __version__
from migrate.catalog import Operation
from migrate.errors import InputError
from migrate.idmap import MappedId
from migrate.money import format_amount, per_interval

FORMAT = "stripe2dodo.plan/v1"


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
    out: IO[str], inputs: PlanInputs, ops: Iterable[Operation], *, now: datetime | None = None
) -> PlanSummary:
    """Write the plan document, streaming the operations; return the summary."""
    created = (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    head = {
        "format": FORMAT,
        "created_at": created,
        "tool": f"stripe2dodo {__version__}",
        "inputs": inputs.as_dict(),
    }
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "operations": [\n')
    summary = PlanSummary()
    for op in ops:
        if summary.operations:
            out.write(",\n")
        out.write(json.dumps(op.as_dict(), ensure_ascii=False, default=str))
        summary.add(op)
    out.write('\n], "summary": ' + json.dumps(summary.as_dict()) + "}\n")
    return summary


@dataclass
class Plan:
    """A plan read back: its header, operations (as written) and summary."""

    path: str
    header: dict[str, Any]
    operations: list[dict[str, Any]]
    summary: dict[str, Any]


def read_plan(path: str) -> Plan:
    """Read a plan file; a damaged or foreign file is one clear error."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
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
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise InputError(
            f"not a {FORMAT} plan", file=path, hint="create it with `stripe2dodo plan --out FILE`"
        )
    ops = doc.get("operations")
    if not isinstance(ops, list):
        raise InputError("the plan has no operations list", file=path, hint="create it again")
    header = {k: v for k, v in doc.items() if k not in ("operations", "summary")}
    return Plan(path, header, ops, doc.get("summary") or {})


def verify_inputs(plan: Plan) -> str | None:
    """Recompute the inputs hash from the files the plan names; the reason it cannot be trusted,
    or None when the inputs are unchanged."""
    inputs = plan.header.get("inputs") or {}
    try:
        snapshot = inputs.get("snapshot")
        current = PlanInputs(
            options=inputs.get("options") or {},
            snapshot={**snapshot, "sha256": file_sha256(snapshot["path"])} if snapshot else None,
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


def id_map_entries(ops: Iterable[dict[str, Any]]) -> Iterator[tuple[str, Any]]:
    """The id map a plan yields for ``translate``: Stripe id -> Dodo id (the placeholder until
    apply replaces it), in the one id-map format (``migrate/idmap.py``). Product entries carry
    the charge, so the money check can compare carts; discount entries are the Dodo codes."""
    for op in ops:
        dodo_id = op.get("dodo_id")
        if dodo_id is None or op.get("action") == "manual":
            continue
        kind, key = op.get("kind"), str(op.get("key", ""))
        if kind == "product" and not key.startswith("product:inline:") and key.count(":") == 1:
            charge = op.get("charge") or {}
            entry = MappedId(
                dodo_id,
                price=charge.get("price"),
                currency=charge.get("currency"),
                interval=charge.get("interval"),
                interval_count=charge.get("interval_count") or 1,
            )
            yield op["stripe_id"], entry.as_json()
        elif kind in ("discount", "customer"):
            yield op["stripe_id"], dodo_id


def render_show(plan: Plan) -> str:
    """A readable summary: counts per kind, action and level, then each object Stripe -> Dodo."""
    ops = plan.operations
    digest = str(plan.header.get("inputs", {}).get("hash", ""))[:12]
    lines = [f"Plan {plan.path}", f"  created {plan.header.get('created_at')}; inputs {digest}", ""]
    kinds = sorted({str(o.get("kind")) for o in ops})
    actions = ("create", "adopt", "skip", "manual")
    width = max([len(k) for k in kinds] + [8])
    lines.append(f"  {'':{width}}  " + "  ".join(f"{a:>7}" for a in actions) + "    total")
    counts = Counter((str(o.get("kind")), str(o.get("action"))) for o in ops)
    for kind in kinds:
        row = [counts[(kind, a)] for a in actions]
        lines.append(f"  {kind:{width}}  " + "  ".join(f"{n:>7}" for n in row) + f"  {sum(row):>7}")
    totals = [sum(counts[(k, a)] for k in kinds) for a in actions]
    lines.append(
        f"  {'total':{width}}  " + "  ".join(f"{n:>7}" for n in totals) + f"  {sum(totals):>7}"
    )
    levels = Counter(str(o.get("level") or "none") for o in ops)
    lines += [
        "",
        "  by level: "
        + ", ".join(f"{levels[lv]} {lv}" for lv in ("blocker", "warning", "info", "none")),
        "",
    ]
    for op in ops:
        arrow = op.get("dodo_id") or "-"
        charge = op.get("charge")
        money = ""
        if charge:
            money = format_amount(int(charge["price"]), str(charge["currency"]))
            money += per_interval(charge.get("interval"), int(charge.get("interval_count") or 1))
        level = op.get("level")
        codes = ", ".join(sorted({f["code"] for f in op.get("findings", [])}))
        mark = {"blocker": "!!", "warning": " !"}.get(str(level), "  ")
        lines.append(
            f"{mark} {op.get('action'):6} {op.get('kind'):15} {op.get('stripe_id')} -> {arrow}"
        )
        lines.append(
            f"         {op.get('title')}"
            + (f"  [{money}]" if money else "")
            + (f"  ({codes})" if codes else "")
        )
        for f in op.get("findings", []):
            if f.get("level") in ("blocker", "warning"):
                lines.append(f"         {f['level']}: {f['code']} {f['message']}")
    return "\n".join(lines) + "\n"
