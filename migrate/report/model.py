"""The migration report: one model over catalog, sessions, code and webhooks.

``build_report`` gathers everything from the inputs (snapshots, payload files, code folders, an
id map or ledger) without creating anything; each output format is a small renderer over the
``Report`` it returns. The model is pydantic so that its JSON Schema (``schemas/``) is generated
from the same classes the renderers read.

Every item gets one outcome:

* ``clean``: moves as it is (only informational findings);
* ``changes``: moves, but something means something else on Dodo (warnings);
* ``decision``: something has no Dodo equivalent and a person must choose what to do (a dropped
  field, code to rewrite by hand);
* ``blocked``: cannot move as it is (a blocker: money, a missing equivalent).
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from migrate.display import shown_path
from migrate.findings import Finding, Level, Outcome
from migrate.mapping.table import RuleTable, load_table, pattern_of

if TYPE_CHECKING:
    from migrate.scan.result import ScanResult
    from migrate.scan.scan import CallSite

SCHEMA: Final = "stripe2dodo.report/v2"
"""v2 adds ``subscribers``; v1 documents (without it) are still read by ``--baseline``."""

ItemOutcome = Literal["clean", "changes", "decision", "blocked"]
OUTCOMES: Final[tuple[ItemOutcome, ...]] = ("clean", "changes", "decision", "blocked")
REST_ADVICE: Final = "Where the code has no Dodo SDK (Ruby, PHP, Go, Java, Kotlin, C#, shell): "
"""How a next step introduces a rule's REST advice beside its SDK advice."""
FieldChange = Literal["same", "changed", "dropped", "blocked", "added"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FindingOut(_Model):
    """A finding as reported: its rule code, level, where, what and what to do."""

    code: str
    level: Literal["info", "warning", "blocker"]
    path: str = ""
    message: str = ""
    """The rule's text with this finding's values filled in (absent with ``--refs``: see
    ``ref``)."""
    suggestion: str = ""
    new: bool | None = None
    """With ``--baseline``: whether the baseline report lacks this finding (absent without)."""
    ref: int | None = None
    """With ``--refs``: the index of this finding's message and suggestion in the report's
    ``texts`` (each distinct text is written once); absent without."""

    @classmethod
    def of(cls, finding: Finding) -> FindingOut:
        """The finding as reported; one object per distinct finding (code, level, path and
        filled-in text), shared by every item that has it."""
        return _finding_out(finding)


@functools.lru_cache(maxsize=4096)
def _finding_out(finding: Finding) -> FindingOut:
    return FindingOut(
        code=finding.code,
        level=finding.level.value,
        path=finding.path,
        message=finding.message,
        suggestion=finding.suggestion,
    )


class FieldDiff(_Model):
    """One Stripe field beside what it becomes on Dodo."""

    stripe_path: str
    dodo_path: str | None = None
    stripe: Any = None
    dodo: Any = None
    change: FieldChange
    code: str | None = None


class CatalogItem(_Model):
    """One Stripe object (product, price, coupon, promotion code, customer) and its Dodo plan."""

    id: str
    kind: str
    """The Dodo object kind (``product``, ``discount``, ``customer``, ``localized_price``)."""
    stripe_id: str
    stripe_product: str | None = None
    """For a price: the Stripe product it belongs to (Dodo has one price per product, so a
    Stripe product becomes one Dodo product per price)."""
    title: str
    action: str
    """What ``apply`` would do: create, adopt, skip, manual."""
    outcome: ItemOutcome
    dodo: dict[str, Any] | None = None
    fields: list[FieldDiff] = Field(default_factory=list)
    """Each Stripe field beside its Dodo value: in the JSON output only with ``--full``."""
    findings: list[FindingOut] = Field(default_factory=list)


class Money(_Model):
    """The money check of one cart: what Stripe charges beside what Dodo would."""

    status: str
    stripe: Any = None
    dodo: Any = None
    recorded: str | None = None
    """What the recorded Stripe session actually charged, when that is what differs."""


class SessionItem(_Model):
    """One Stripe session or payload beside its Dodo checkout body."""

    id: str
    source: str
    status: str
    outcome: ItemOutcome
    kind: str = "checkout_session"
    """``checkout_session``, or the call around Checkout it is: ``on_demand_charge``,
    ``on_demand_mandate``, ``upsell``, ``change_plan``, ``change_plan_preview``."""
    request: str = "POST /checkouts"
    """The Dodo call (method and path)."""
    stripe: dict[str, Any] | None = None
    dodo: dict[str, Any] | None = None
    fallback: dict[str, Any] | None = None
    """For an upsell: the normal checkout body for a customer without a saved method."""
    fields: list[FieldDiff] = Field(default_factory=list)
    """Each Stripe field beside its Dodo value: in the JSON output only with ``--full``."""
    money: Money | None = None
    requires: list[dict[str, Any]] = Field(default_factory=list)
    findings: list[FindingOut] = Field(default_factory=list)
    error: str | None = None


class CodeItem(_Model):
    """One place in the code: a Checkout creation or related code."""

    id: str
    file: str
    line: int
    column: int
    language: str
    kind: Literal["create", "related"]
    callee: str
    outcome: ItemOutcome
    rule: str | None = None
    event: str | None = None
    source_line: str = ""
    params: dict[str, Any] = Field(default_factory=dict)
    dodo: dict[str, Any] | None = None
    request: str | None = None
    """For a call around Checkout (a PaymentIntent, SetupIntent, subscription update...): the
    Dodo call replacing it (``POST /subscriptions/{id}/charge``); None for a Checkout Session."""
    call_kind: str | None = None
    """Its kind: ``on_demand_charge``, ``on_demand_mandate``, ``upsell``, ``change_plan``..."""
    suggestion: str = ""
    findings: list[FindingOut] = Field(default_factory=list)


class ConfigId(_Model):
    """A Stripe id in a configuration value, what it is, and its Dodo id (None: not in the
    id map)."""

    stripe_id: str
    kind: Literal["product", "customer", "discount"]
    dodo_id: str | None = None


class ConfigItem(_Model):
    """A value in an environment or configuration file that holds Stripe ids (or a secret,
    never shown), and the change to make for Dodo."""

    id: str
    file: str
    line: int
    format: str
    """``dotenv`` (an environment example), ``compose``, ``json``, ``yaml`` or ``toml``."""
    key: str
    """The variable, or the dotted path of the key."""
    dodo_key: str | None = None
    change: str
    """``STRIPE_PRICE_PRO=price_1 -> DODO_PRODUCT_PRO=pdt_1`` (or why there is none yet)."""
    ids: list[ConfigId] = Field(default_factory=list)
    outcome: ItemOutcome
    findings: list[FindingOut] = Field(default_factory=list)


class WebhookItem(_Model):
    """A Stripe event type the code listens to, and what to listen to on Dodo instead."""

    id: str
    stripe_event: str
    dodo_events: list[str]
    match: Literal["exact", "approximate", "none"]
    note: str
    outcome: ItemOutcome
    places: list[str]


class SubscriberItem(_Model):
    """One Stripe subscription and what continuing it on Dodo takes."""

    id: str
    stripe_id: str
    title: str
    status: str
    """The Stripe status (active, trialing, past_due)."""
    action: Literal["create", "manual", "skip"]
    """What ``subscribers plan`` would do: a checkout link, a person, nothing (leaving)."""
    outcome: ItemOutcome
    amount: str | None = None
    """What Stripe bills next, after discounts (``23.20 USD / month``)."""
    monthly: int | None = None
    """That amount per month, in minor units of ``currency``."""
    currency: str = ""
    trial_days: int | None = None
    dodo: dict[str, Any] | None = None
    """The checkout body (placeholders for objects the plans have not made yet)."""
    findings: list[FindingOut] = Field(default_factory=list)


class RevenueRow(_Model):
    """Monthly revenue in one currency (minor units): what moves, what is held back."""

    currency: str
    moves: int
    """Subscribers whose checkout is planned (clean or with changes)."""
    needs_decision: int
    """Subscribers held back for a decision or a blocker."""
    leaving: int
    """Subscribers cancelling, or not billing: nothing moves."""


class Subscribers(_Model):
    """The subscribers of the snapshots: counts by outcome (``leaving`` apart), revenue, each
    subscriber."""

    counts: dict[str, int] = Field(default_factory=dict)
    revenue: list[RevenueRow] = Field(default_factory=list)
    items: Sequence[SubscriberItem] = Field(default_factory=list)


class FindingText(_Model):
    """With ``--refs``: one distinct finding text (a rule's message and suggestion with its
    values filled in), which findings name by its index in ``texts``."""

    code: str
    message: str
    suggestion: str = ""


class NextStep(_Model):
    """One thing to do, with how many items it holds back."""

    code: str
    level: Literal["info", "warning", "blocker"]
    title: str
    action: str
    count: int
    where: list[str]


class Summary(_Model):
    """Counts per object kind and outcome; the counts equal the detail lists."""

    counts: dict[str, dict[str, int]]
    totals: dict[str, int]
    findings: dict[str, int]
    ready: bool
    """True when nothing is blocked: the migration can go ahead."""
    top_blockers: list[NextStep]


class BaselineSummary(_Model):
    """With ``--baseline FILE``: this report's findings beside FILE's, per level."""

    file: str
    new: dict[str, int]
    """Findings FILE does not have: only these count for the exit code."""
    known: dict[str, int]
    gone: int
    """FILE's findings this report no longer has."""


class Input(_Model):
    kind: Literal["snapshot", "payloads", "code", "config", "id-map", "ledger"]
    path: str


class Report(_Model):
    """The whole dry run."""

    schema_: str = Field(SCHEMA, alias="schema")
    generated_at: str
    inputs: list[Input]
    summary: Summary
    catalog: Sequence[CatalogItem]
    sessions: Sequence[SessionItem]
    code: list[CodeItem]
    webhooks: list[WebhookItem]
    config: list[ConfigItem] = Field(default_factory=list)
    """Values in environment and configuration files that hold Stripe ids."""
    next_steps: list[NextStep]
    problems: list[str] = Field(default_factory=list)
    subscribers: Subscribers = Field(default_factory=Subscribers)
    baseline: BaselineSummary | None = None
    """Only with ``--baseline``."""
    texts: list[FindingText] | None = None
    """Only with ``--refs``: each distinct finding text once (after the items)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    def as_dict(self, *, full: bool = True, refs: bool = False) -> dict[str, Any]:
        """The JSON document (``full``: each item's per-field outcomes too; ``refs``: finding
        texts once, in ``texts``), built whole: for a small report; ``parts`` streams a big
        one."""
        return {key: _whole(value) for key, value in self.parts(full=full, refs=refs)}

    def parts(self, *, full: bool = True, refs: bool = False) -> Iterator[tuple[str, Any]]:
        """The JSON document's top-level keys and values, in order; the item lists (catalog,
        sessions, subscribers) are iterators that read one item at a time. Without
        ``--baseline`` findings have no ``new`` and there is no ``baseline``; without ``full``
        items have no ``fields``; with ``refs`` findings name their text by ``ref`` and
        ``texts`` (last, filled as the items are written) holds each text once."""
        marked = self.baseline is not None
        table: dict[tuple[str, str, str], int] | None = {} if refs else None

        def items(section: Iterable[BaseModel]) -> Iterator[dict[str, Any]]:
            return (dump_item(item, marked=marked, full=full, refs=table) for item in section)

        def texts() -> Iterator[dict[str, str]]:  # read when written: after the items
            for code, message, suggestion in table or {}:
                yield {"code": code, "message": message, "suggestion": suggestion}

        yield "schema", self.schema_
        yield "generated_at", self.generated_at
        yield "inputs", [i.model_dump(mode="json") for i in self.inputs]
        yield "summary", self.summary.model_dump(mode="json")
        yield "catalog", items(self.catalog)
        yield "sessions", items(self.sessions)
        yield "code", items(self.code)
        yield "webhooks", [w.model_dump(mode="json") for w in self.webhooks]
        yield "config", items(self.config)
        yield "next_steps", [s.model_dump(mode="json") for s in self.next_steps]
        yield "problems", list(self.problems)
        subs = self.subscribers
        yield (
            "subscribers",
            {
                "counts": dict(subs.counts),
                "revenue": [r.model_dump(mode="json") for r in subs.revenue],
                "items": items(subs.items),
            },
        )
        if self.baseline is not None:
            yield "baseline", self.baseline.model_dump(mode="json")
        if refs:
            yield "texts", texts()

    def all_items(self) -> Iterable[tuple[str, ItemOutcome, Sequence[FindingOut]]]:
        """``(kind, outcome, findings)`` of every item, for counting."""
        for c in self.catalog:
            yield c.kind, c.outcome, c.findings
        for s in self.sessions:
            yield "session", s.outcome, s.findings
        for k in self.code:
            yield ("code" if k.kind == "create" else "related code"), k.outcome, k.findings
        for w in self.webhooks:
            yield "webhook", w.outcome, []
        for value in self.config:
            yield "configuration", value.outcome, value.findings
        for b in self.subscribers.items:
            yield "subscriber", b.outcome, b.findings


def dump_item(
    item: BaseModel,
    *,
    marked: bool = False,
    full: bool = True,
    refs: dict[tuple[str, str, str], int] | None = None,
) -> dict[str, Any]:
    """One item as JSON data: ``marked`` (with a baseline) keeps each finding's ``new``;
    ``full`` keeps the per-field outcomes (``fields``); ``refs`` (the texts so far, added
    to) replaces each finding's message and suggestion by the index of its text."""
    out: dict[str, Any] = item.model_dump(mode="json")
    if not full:
        out.pop("fields", None)
    for finding in out.get("findings") or ():
        if not marked:
            del finding["new"]
        if refs is None:
            del finding["ref"]
            continue
        key = (finding["code"], finding.pop("message"), finding.pop("suggestion"))
        finding["ref"] = refs.setdefault(key, len(refs))
    return out


def _whole(value: Any) -> Any:
    """``value`` with every iterator in it read into a list."""
    if isinstance(value, dict):
        return {k: _whole(v) for k, v in value.items()}
    if isinstance(value, Iterator):
        return [_whole(v) for v in value]
    return value


@dataclass(frozen=True)
class ReportResult:
    """A report and the code sites its code part was built from: what the report's formats
    render (SARIF shows the sites themselves: their spans, bodies and fingerprints)."""

    report: Report
    sites: tuple[CallSite, ...] = ()

    def scan(self) -> ScanResult:
        """The report's code part as a scan: its sites, in as many files, and every problem
        of the report."""
        from migrate.scan.result import ScanResult
        from migrate.scan.scan import ScanStats

        files = len({s.file for s in self.sites})
        return ScanResult(self.sites, ScanStats(files=files, problems=list(self.report.problems)))


# -- outcomes ---------------------------------------------------------------------------------


def outcome_of(
    findings: Iterable[Finding | FindingOut], *, hand_work: bool = False, table: RuleTable | None
) -> ItemOutcome:
    """The outcome of an item from its findings (``hand_work``: related code a person must
    rewrite is a decision, not a mere change)."""
    table = table or load_table()
    levels: set[str] = set()
    dropped = False
    for f in findings:
        level = f.level.value if isinstance(f.level, Level) else f.level
        levels.add(level)
        rule = table.by_code.get(f.code)
        if level != "info" and rule is not None:
            dropped = dropped or rule.outcome is Outcome.DROPPED or rule.decision
    if "blocker" in levels:
        return "blocked"
    if dropped or (hand_work and "warning" in levels):
        return "decision"
    if "warning" in levels:
        return "changes"
    return "clean"


# -- field diffs ------------------------------------------------------------------------------

_INDEX: Final = re.compile(r"\[(\d+)\]")


def lookup(doc: Any, path: str) -> Any:
    """The value at ``a.b[0].c`` in ``doc``; None when absent."""
    node = doc
    for part in path.split("."):
        name, *rest = _INDEX.split(part)
        if name:
            if not isinstance(node, Mapping) or name not in node:
                return None
            node = node[name]
        for index in (int(i) for i in rest if i):
            if not isinstance(node, list) or index >= len(node):
                return None
            node = node[index]
    return node


def field_diffs(
    stripe: Mapping[str, Any] | None,
    dodo: Mapping[str, Any] | None,
    fields: Mapping[str, tuple[Outcome, str]],
    subject: str,
    table: RuleTable,
) -> list[FieldDiff]:
    """Each decided Stripe field beside its Dodo value: same, changed, dropped or blocked.

    ``subject`` ``lifecycle`` (the calls around Checkout) counts a kept field without a Dodo
    body path as changed: it went into the call's path or decided the kind of call."""
    out: list[FieldDiff] = []
    for path, (outcome, code) in fields.items():
        rule = table.by_code.get(code)
        dodo_path = _dodo_path(path, rule.dodo if rule is not None else None)
        stripe_value = lookup(stripe, path) if stripe is not None else None
        dodo_value = lookup(dodo, dodo_path) if (dodo is not None and dodo_path) else None
        if outcome is Outcome.BLOCKED:
            change: FieldChange = "blocked"
        elif outcome is Outcome.MAPPED and dodo_path is None:
            change = "same"  # an implied value (billing_scheme=per_unit): nothing to carry
        elif outcome is Outcome.DROPPED or (dodo_path is None and subject != "lifecycle"):
            change = "dropped"
        elif dodo_path is None:
            change = "changed"  # carried into the Dodo call in another form (a path, a kind)
        elif outcome is Outcome.MAPPED and _same(stripe_value, dodo_value):
            change = "same"
        else:
            change = "changed"
        out.append(
            FieldDiff(
                stripe_path=path,
                dodo_path=dodo_path if change != "dropped" else None,
                stripe=stripe_value,
                dodo=dodo_value if change != "dropped" else None,
                change=change,
                code=code,
            )
        )
    return out


def _dodo_path(stripe_path: str, dodo: str | None) -> str | None:
    if not dodo or " " in dodo or dodo.startswith(("none", "(")):
        return None
    indexes = _INDEX.findall(stripe_path)
    target = dodo
    for index in indexes:
        if "[]" not in target:
            break
        target = target.replace("[]", f"[{index}]", 1)
    return None if "[]" in target else target


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (str, int, float)) and isinstance(b, (str, int, float)):
        return str(a).lower() == str(b).lower()
    return bool(a == b)


def catalog_fields(
    obj: Mapping[str, Any] | None,
    body: Mapping[str, Any] | None,
    subject: str,
    table: RuleTable,
    found: Iterable[str] = (),
) -> list[FieldDiff]:
    """A Stripe catalog object's fields that the table has rules for, beside the Dodo body.

    A rule that drops or blocks only some values (``billing_scheme=tiered``) says so with a
    finding: without one (``found`` holds the item's finding codes) the value moved."""
    if obj is None:
        return []
    codes = set(found)
    fields: dict[str, tuple[Outcome, str]] = {}
    for path, _value in _leaves(obj, ""):
        rule = table.by_stripe.get((subject, pattern_of(path)))  # type: ignore[arg-type]
        if rule is None or rule.outcome is None or rule.quiet:
            continue
        outcome = rule.outcome
        if outcome in (Outcome.BLOCKED, Outcome.DROPPED) and rule.code not in codes:
            if rule.transform is None:
                continue  # a rule that always drops would have said so
            outcome = Outcome.MAPPED  # this value has an equivalent (per_unit, licensed)
        fields[path] = (outcome, rule.code)
    return field_diffs(obj, body, fields, subject, table)


def _leaves(value: Any, path: str) -> Iterable[tuple[str, Any]]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            if item is None or key in ("object", "id", "livemode", "created", "updated"):
                continue
            yield from _leaves(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list) and value and isinstance(value[0], Mapping):
        for i, item in enumerate(value):
            yield from _leaves(item, f"{path}[{i}]")
    else:
        yield path, value


# -- next steps -------------------------------------------------------------------------------


class Tally:
    """What the report keeps of its items as they stream past: the counts per kind and
    outcome, the findings per level, and per finding code (warning or blocker) how many items
    it holds back, its first wording and up to five places. Never the items themselves."""

    WHERE: Final = 5

    def __init__(self) -> None:
        self.counts: dict[str, dict[str, int]] = {}
        self.totals: dict[str, int] = dict.fromkeys(OUTCOMES, 0)
        self.findings: dict[str, int] = {"info": 0, "warning": 0, "blocker": 0}
        self._steps: Counter[str] = Counter()
        self._where: dict[str, list[str]] = defaultdict(list)
        self._level: dict[str, str] = {}
        self._first: dict[str, FindingOut] = {}
        self._advice: dict[str, set[str]] = defaultdict(set)
        """The distinct suggestions of each code (a rule's SDK and REST advice: code in Python
        and in Go)."""

    def add(
        self, kind: str, outcome: ItemOutcome, found: Sequence[FindingOut], label: str | None
    ) -> None:
        """One item: its kind (as the summary counts it), outcome, findings and where-label
        (None: not counted for the next steps, as webhooks)."""
        row = self.counts.setdefault(kind, dict.fromkeys(OUTCOMES, 0))
        row[outcome] += 1
        self.totals[outcome] += 1
        for f in found:
            self.findings[f.level] += 1
        if label is not None:
            self.located(label, found)

    @classmethod
    def merged(cls, tallies: Sequence[Tally]) -> Tally:
        """One tally of ``tallies`` in the order given (which decides each step's places and
        wording, and the order of the kinds)."""
        out = cls()
        for t in tallies:
            for kind, row in t.counts.items():
                mine = out.counts.setdefault(kind, dict.fromkeys(OUTCOMES, 0))
                for outcome, n in row.items():
                    mine[outcome] += n
            for outcome, n in t.totals.items():
                out.totals[outcome] += n
            for level, n in t.findings.items():
                out.findings[level] += n
            out._steps.update(t._steps)
            for code, level in t._level.items():
                out._level[code] = level
                out._first.setdefault(code, t._first[code])
                out._advice[code] |= t._advice[code]
                where = out._where[code]
                where.extend(t._where[code][: max(0, cls.WHERE - len(where))])
        return out

    def located(self, label: str, found: Sequence[FindingOut]) -> None:
        seen: set[str] = set()
        for f in found:
            if f.level == "info" or f.code in seen:
                continue
            seen.add(f.code)
            self._steps[f.code] += 1
            self._level[f.code] = f.level
            self._first.setdefault(f.code, f)
            if f.suggestion:
                self._advice[f.code].add(f.suggestion)
            if len(self._where[f.code]) < self.WHERE:
                self._where[f.code].append(label)

    def next_steps(self, table: RuleTable) -> list[NextStep]:
        """One step per finding code at warning or blocker level, blockers first, then by how
        many items each holds back."""
        rank = {"blocker": 0, "warning": 1}
        ordered = sorted(self._steps, key=lambda c: (rank[self._level[c]], -self._steps[c], c))
        out: list[NextStep] = []
        for code in ordered:
            rule = table.by_code.get(code)
            example = self._first[code]  # the wording of its first occurrence, details filled in
            action = example.suggestion or (rule.why if rule is not None else "")
            if rule is not None and rule.suggestion_rest and len(self._advice[code]) > 1:
                # sites in languages with a Dodo SDK and without one: both ways, said once
                action = f"{rule.advice()} {REST_ADVICE}{rule.advice(sdk=False)}"
            out.append(
                NextStep(
                    code=code,
                    level=self._level[code],
                    title=example.message,
                    action=action,
                    count=self._steps[code],
                    where=self._where[code],
                )
            )
        return out

    def summary(self, steps: Sequence[NextStep]) -> Summary:
        return Summary(
            counts=self.counts,
            totals=self.totals,
            findings=self.findings,
            ready=self.totals["blocked"] == 0,
            top_blockers=[s for s in steps if s.level == "blocker"][:5],
        )


def code_kind(item: CodeItem) -> str:
    """How the summary counts a code site."""
    return "code" if item.kind == "create" else "related code"


def next_steps(
    located: Iterable[tuple[str, Sequence[FindingOut]]], table: RuleTable
) -> list[NextStep]:
    """One step per finding code at warning or blocker level, blockers first, then by how many
    items each holds back."""
    tally = Tally()
    for label, findings in located:
        tally.located(label, findings)
    return tally.next_steps(table)


def summarise(
    catalog: Iterable[CatalogItem],
    sessions: Iterable[SessionItem],
    code: Iterable[CodeItem],
    webhooks: Iterable[WebhookItem],
    steps: Sequence[NextStep],
    *,
    config: Iterable[ConfigItem] = (),
    subscribers: Iterable[SubscriberItem] = (),
) -> Summary:
    tally = Tally()
    for c in catalog:
        tally.add(c.kind, c.outcome, c.findings, None)
    for s in sessions:
        tally.add("session", s.outcome, s.findings, None)
    for k in code:
        tally.add(code_kind(k), k.outcome, k.findings, None)
    for w in webhooks:
        tally.add("webhook", w.outcome, [], None)
    for value in config:
        tally.add("configuration", value.outcome, value.findings, None)
    for b in subscribers:
        tally.add("subscriber", b.outcome, b.findings, None)
    return tally.summary(steps)


SCHEMA_FILE: Final = "report-v2.schema.json"
"""Where ``json_schema()`` is kept, in ``schemas/`` (``report-v1.schema.json`` stays for v1)."""


def json_schema() -> dict[str, Any]:
    """The JSON Schema of ``--format json`` (kept in ``schemas/report-v2.schema.json``)."""
    schema = Report.model_json_schema(by_alias=True, mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://stripe2dodo.dev/schemas/{SCHEMA_FILE}",
        **schema,
    }


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def rel(path: str, base: Path | None = None) -> str:
    """``path`` relative to ``base`` (the current folder) when it is inside it, shown as text
    any format can hold (``shown_path``)."""
    try:
        return shown_path(
            Path(path).resolve().relative_to((base or Path.cwd()).resolve()).as_posix()
        )
    except ValueError:
        return shown_path(path)
