"""Build the migration report from whatever the inputs hold, creating nothing.

Files are sorted by what they are: Stripe snapshots (``stripe2dodo export``) give the catalog
and recorded sessions; payload files (JSON, JSON Lines, form bodies, curl) give sessions; source
code gives call sites and webhook handlers; a file named ``id-map.json`` (or ``--id-map``) and a
ledger (``--ledger``) say which Dodo objects already exist. One unreadable input never stops
the others: it is listed in ``problems``.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from migrate.errors import Stripe2DodoError
from migrate.mapping.catalog import PlanOptions
from migrate.mapping.expr import json_view
from migrate.mapping.stream import translate_paths
from migrate.mapping.table import load_table
from migrate.mapping.translate import Options, Translation
from migrate.mapping.webhooks import load_events
from migrate.plan.ops import Operation
from migrate.plan.planner import CatalogPlanner, SnapshotSource
from migrate.readers.idmap import IdMap
from migrate.readers.payloads import payload_files
from migrate.readers.snapshot import iter_objects, read_info
from migrate.report.model import (
    SCHEMA,
    CatalogItem,
    CodeItem,
    ConfigId,
    ConfigItem,
    FindingOut,
    Input,
    Money,
    Report,
    ReportResult,
    SessionItem,
    SubscriberItem,
    Tally,
    WebhookItem,
    catalog_fields,
    code_kind,
    field_diffs,
    now_iso,
    outcome_of,
    rel,
)
from migrate.report.spool import Spool
from migrate.report.subscribers import section, subscriber_items
from migrate.scan.scan import scan_paths, scannable
from migrate.scan.site import CallSite, ScanStats, site_kind
from migrate.support.progress import Progress

ID_MAP_NAME = "id-map.json"


@dataclass(frozen=True)
class ReportOptions:
    """Where ids come from, the default tax category for planned products, and the reference
    time for trials (unix seconds)."""

    id_map: str | None = None
    ledger: str | None = None
    tax_default: str | None = None
    tax_map: Mapping[str, str] = field(default_factory=dict)
    now: int | None = None
    jobs: int = 1
    cache: bool = False
    """Read code files through the scan's cache (``migrate/scan/scan_cache.py``)."""


def build_report(
    paths: Sequence[str], opts: ReportOptions | None = None, progress: Progress | None = None
) -> Report:
    """The report over ``paths``; ``progress`` is told each stage and step."""
    return build_result(paths, opts, progress).report


def build_result(
    paths: Sequence[str], opts: ReportOptions | None = None, progress: Progress | None = None
) -> ReportResult:
    """The report over ``paths`` with the code sites behind it (the report's SARIF shows
    them); ``progress`` is told each stage and step."""
    opts = opts or ReportOptions()
    progress = progress or Progress("report", every=None, terminal=False)
    table = load_table()
    problems: list[str] = []
    inputs: list[Input] = []

    missing = [p for p in paths if not Path(p).exists()]
    problems.extend(f"{p}: no such file or folder: check the path" for p in missing)
    paths = [p for p in paths if p not in missing]
    files = payload_files(paths, keep=frozenset({ID_MAP_NAME}))
    id_maps = [f for f in files if Path(f).name == ID_MAP_NAME]
    payloads = [f for f in files if Path(f).name != ID_MAP_NAME]
    snapshots = [f for f in payloads if f.endswith(".jsonl") and _is_snapshot(f)]
    ids = _ids(opts, id_maps, inputs, problems)
    inputs.extend(Input(kind="snapshot", path=rel(s)) for s in snapshots)
    plain = [f for f in payloads if f not in snapshots]
    inputs.extend(Input(kind="payloads", path=rel(f)) for f in plain)

    progress.phase(f"translating {len(payloads)} payload file(s)", unit="payloads")
    # Each session is written to a spool as it is built and counted; only what the catalog
    # planner reads of a translation (its discounts and the products it requires) is kept.
    sessions: Spool[SessionItem] = Spool(SessionItem)
    tallies = {name: Tally() for name in ("catalog", "session", "code", "config", "subscriber")}
    inline = _Inline()
    for translation in translate_paths(payloads, Options(ids=ids, now=opts.now)):
        progress.advance()
        if translation.error is not None:
            problems.append(f"{_relative_label(translation.source.label())}: {translation.error}")
            continue
        item = _session(translation, len(sessions) + 1, table)
        sessions.append(item)
        tallies["session"].add("session", item.outcome, item.findings, item.source)
        inline.add(translation)

    catalog: Spool[CatalogItem] = Spool(CatalogItem)
    subscribers: list[SubscriberItem] = []
    for snapshot in snapshots:
        progress.phase(f"planning the catalog of {rel(snapshot)}")
        ops = _catalog(
            snapshot,
            ids,
            catalog,
            opts=opts,
            translations=inline.translations(),
            table=table,
            problems=problems,
            tally=tallies["catalog"],
        )
        if "subscription" in read_info(snapshot).counts:
            progress.phase(f"planning the subscribers of {rel(snapshot)}")
            subscribers.extend(
                subscriber_items(
                    snapshot,
                    ops,
                    ids,
                    now=opts.now,
                    tax_default=opts.tax_default,
                    table=table,
                    first=len(subscribers) + 1,
                )
            )
        del ops

    progress.phase("scanning code", unit="call sites")
    stats = ScanStats()
    payload_set = {str(Path(f).resolve()) for f in payloads}
    sites = []
    config_sites = []
    for site in scan_paths(
        [p for p in paths if not Path(p).is_file() or scannable(p)],
        stats=stats,
        options=Options(ids=ids),
        jobs=opts.jobs,
        cache=opts.cache,
    ):
        progress.advance()
        if site_kind(site) == "config":  # a configuration file (a JSON one is read as payloads too)
            config_sites.append(site)
        elif str(Path(site.file).resolve()) not in payload_set:
            sites.append(site)
    problems.extend(stats.problems)
    code_files = sorted({s.file for s in sites})
    inputs.extend(Input(kind="code", path=rel(f)) for f in code_files)
    config_files = sorted({s.file for s in config_sites})
    inputs.extend(Input(kind="config", path=rel(f)) for f in config_files)
    code = [_code(s, n, table) for n, s in enumerate(sites, 1)]
    config = [_config(s, n, table) for n, s in enumerate(config_sites, 1)]
    webhooks = _webhooks(code, table)
    for k in code:
        tallies["code"].add(code_kind(k), k.outcome, k.findings, f"{k.file}:{k.line}")
    webhook_tally = Tally()
    for w in webhooks:
        webhook_tally.add("webhook", w.outcome, [], None)
    for value in config:
        tallies["config"].add(
            "configuration", value.outcome, value.findings, f"{value.file}:{value.line}"
        )
    for b in subscribers:
        tallies["subscriber"].add("subscriber", b.outcome, b.findings, f"subscriber {b.stripe_id}")

    # the report's order: catalog, sessions, code, webhooks, configuration, subscribers
    tally = Tally.merged(
        [
            tallies["catalog"],
            tallies["session"],
            tallies["code"],
            webhook_tally,
            tallies["config"],
            tallies["subscriber"],
        ]
    )
    steps = tally.next_steps(table)
    subscribed = section(subscribers)
    report = Report.model_construct(
        schema_=SCHEMA,
        generated_at=now_iso(),
        inputs=inputs,
        summary=tally.summary(steps),
        catalog=catalog,
        sessions=sessions,
        code=code,
        webhooks=webhooks,
        config=config,
        next_steps=steps,
        problems=problems,
        subscribers=subscribed.model_copy(
            update={"items": Spool(SubscriberItem, subscribed.items)}
        ),
        baseline=None,
    )
    return ReportResult(report, (*sites, *config_sites))


def _is_snapshot(path: str) -> bool:
    try:
        read_info(path)
    except (Stripe2DodoError, OSError, ValueError):
        return False
    return True


def _ids(opts: ReportOptions, found: list[str], inputs: list[Input], problems: list[str]) -> IdMap:
    """The id map (given or found) with the ledger's real ids put in (``IdMap.with_ledger``:
    a placeholder takes the ledger's id, a real id in the map wins, prices are kept)."""
    applied: dict[str, Any] | None = None
    if opts.ledger:
        from migrate.apply.ledger import Ledger

        if not Path(opts.ledger).is_file():
            problems.append(f"{opts.ledger}: no such ledger: apply a plan first, or check the path")
        else:
            with Ledger(opts.ledger) as ledger:
                applied = ledger.id_map()
            inputs.append(Input(kind="ledger", path=rel(opts.ledger)))
    ids = IdMap.empty()
    for path in [opts.id_map] if opts.id_map else found:
        try:
            ids = IdMap({**ids.entries, **IdMap.load(path).entries}, given=True)
        except Stripe2DodoError as exc:
            problems.append(exc.one_line())
            continue
        inputs.append(Input(kind="id-map", path=rel(path)))
    if applied is not None:
        ids, _ = ids.with_ledger(applied, ledger_wins=False)
        ids = IdMap(ids.entries, given=True)
    return ids


# -- sessions ---------------------------------------------------------------------------------


def _session(t: Translation, n: int, table: Any) -> SessionItem:
    findings = [FindingOut.of(f) for f in t.findings]
    money = (
        Money(
            status=str(t.money.get("status")),
            stripe=t.money.get("stripe"),
            dodo=t.money.get("dodo"),
            recorded=t.money.get("recorded"),
        )
        if t.money
        else None
    )
    if t.error is not None:
        outcome = "blocked"
    elif t.status == "skipped":
        outcome = "clean" if not findings else outcome_of(findings, table=table)
    else:
        outcome = outcome_of(findings, table=table)
    return SessionItem(
        id=f"session-{n}",
        source=_relative_label(t.source.label()),
        status=t.status,
        kind=t.kind,
        request=f"{t.request[0]} {t.request[1]}" if t.request else "POST /checkouts",
        fallback=json_view(t.fallback),
        outcome=outcome,
        stripe=t.stripe,
        dodo=json_view(t.dodo),
        fields=field_diffs(
            t.stripe,
            json_view(t.dodo),
            t.fields,
            "checkout" if t.request is None else "lifecycle",
            table,
        ),
        money=money,
        requires=list(t.requires),
        findings=findings,
        error=t.error,
    )


class _Inline:
    """What the catalog planner reads of the translations (``CatalogPlanner.inline``), kept
    per distinct product and coupon rather than per payload: the first translation requiring
    each product (its source and requirement) with how many do, and the coupons discounts
    name. ``translations()`` gives the planner the same sequence of requirements it would
    have read from every translation."""

    def __init__(self) -> None:
        self.first: dict[str, Translation] = {}
        self.uses: Counter[str] = Counter()
        self.coupons: dict[str, Translation] = {}

    def add(self, t: Translation) -> None:
        for discount in (t.stripe or {}).get("discounts") or []:
            if isinstance(discount, Mapping) and isinstance(discount.get("coupon"), str):
                self.coupons.setdefault(discount["coupon"], t)
        for req in t.requires:
            if req.get("kind") != "product" or "product" not in req:
                continue
            if req["id"] not in self.first:
                self.first[req["id"]] = Translation(
                    source=t.source, status=t.status, requires=(req,)
                )
            self.uses[req["id"]] += 1

    def translations(self) -> Iterator[Translation]:
        for coupon, t in self.coupons.items():
            yield Translation(t.source, t.status, stripe={"discounts": [{"coupon": coupon}]})
        for pid, t in self.first.items():
            yield from itertools.repeat(t, self.uses[pid])


def _relative_label(label: str) -> str:
    """A source label with the current folder taken off an absolute path."""
    here = str(Path.cwd().resolve()) + "/"
    return label.removeprefix(here)


# -- catalog ----------------------------------------------------------------------------------

_SUBJECTS = (
    ("prod_", "product"),
    ("price_", "price"),
    ("plan_", "price"),
    ("promo_", "promotion_code"),
    ("cus_", "customer"),
)


def _subject(stripe_id: str, kind: str) -> str:
    for prefix, subject in _SUBJECTS:
        if stripe_id.startswith(prefix):
            return subject
    return "coupon" if kind == "discount" else kind


def _catalog(
    snapshot: str,
    ids: IdMap,
    out: Spool[CatalogItem],
    *,
    opts: ReportOptions,
    translations: Iterable[Translation],
    table: Any,
    problems: list[str],
    tally: Tally,
) -> list[Operation]:
    """The catalog items of a snapshot, appended to ``out`` and counted in ``tally``; the
    operations they come from."""
    planner = CatalogPlanner(
        SnapshotSource(snapshot),
        PlanOptions(ids=ids, tax_default=opts.tax_default, tax_map=opts.tax_map),
        inline=itertools.chain(translations),
    )
    try:
        objects = {str(obj.get("id")): obj for _, obj in iter_objects(snapshot)}
        ops: list[Operation] = list(planner.plan())
    except Stripe2DodoError as exc:
        problems.append(f"{snapshot}: {exc}")
        return []
    for op in ops:
        findings = [FindingOut.of(f) for f in op.findings]
        body = op.body
        subject = _subject(op.stripe_id, op.kind)
        outcome = "blocked" if op.action == "manual" else outcome_of(findings, table=table)
        item = CatalogItem(
            id=f"catalog-{len(out) + 1}",
            kind=op.kind,
            stripe_id=op.stripe_id,
            stripe_product=_product_of(objects.get(op.stripe_id)),
            title=op.title,
            action=op.action,
            outcome=outcome,
            dodo=body,
            fields=catalog_fields(
                objects.get(op.stripe_id),
                body,
                subject,
                table,
                found=[f.code for f in op.findings],
            ),
            findings=findings,
        )
        out.append(item)
        tally.add(item.kind, item.outcome, item.findings, f"catalog {item.stripe_id}")
    return ops


def _product_of(obj: Mapping[str, Any] | None) -> str | None:
    if obj is None or obj.get("object") not in ("price", "plan"):
        return None
    product = obj.get("product")
    if isinstance(product, Mapping):
        product = product.get("id")
    return product if isinstance(product, str) else None


# -- code and webhooks ------------------------------------------------------------------------


def _code(site: CallSite, n: int, table: Any) -> CodeItem:
    findings = [FindingOut.of(f) for f in site.findings]
    t = site.translation
    return CodeItem(
        id=f"code-{n}",
        file=rel(site.file),
        line=site.line,
        column=site.column,
        language=site.language,
        kind=site.kind,
        callee=site.callee,
        outcome=outcome_of(findings, hand_work=site.kind == "related", table=table),
        rule=site.rule,
        event=site.event,
        source_line=site.source_line,
        params=site.params,
        dodo=json_view(t.dodo) if t is not None else None,
        request=f"{t.request[0]} {t.request[1]}" if t is not None and t.request else None,
        call_kind=t.kind if t is not None and t.request else None,
        suggestion=site.suggestion,
        findings=findings,
    )


def _config(site: CallSite, n: int, table: Any) -> ConfigItem:
    findings = [FindingOut.of(f) for f in site.findings]
    entry = site.config
    return ConfigItem(
        id=f"config-{n}",
        file=rel(site.file),
        line=site.line,
        format=site.language,
        key=site.callee,
        dodo_key=entry.dodo_key if entry is not None else None,
        change=entry.change() if entry is not None else findings[0].message,
        ids=[ConfigId(**i.as_dict()) for i in entry.ids] if entry is not None else [],
        outcome=outcome_of(findings, table=table),
        findings=findings,
    )


def _webhooks(code: Sequence[CodeItem], table: Any) -> list[WebhookItem]:
    events = load_events()
    places: dict[str, list[str]] = {}
    for item in code:
        if item.event is not None:
            places.setdefault(item.event, []).append(f"{item.file}:{item.line}")
    out: list[WebhookItem] = []
    for n, (name, where) in enumerate(sorted(places.items()), 1):
        entry = events[name]
        outcome = {"exact": "changes", "approximate": "decision", "none": "decision"}[entry.match]
        out.append(
            WebhookItem(
                id=f"webhook-{n}",
                stripe_event=name,
                dodo_events=list(entry.dodo),
                match=entry.match,
                note=entry.note,
                outcome=outcome,
                places=where,
            )
        )
    return out
