"""The report as one self-contained HTML page (``report --format html``).

Everything is inline: the CSS and a little vanilla JavaScript for the filters and the search
(package files, ``migrate/formats/assets/report.css`` and ``report.js``, written into the page),
and the data itself, as markup. Nothing is loaded from the network. The filters read ``data-*``
attributes on the items (``.item[data-kind][data-outcome]``), so no JSON is embedded; without
JavaScript every item is simply shown.

All text from the report is escaped. The output depends only on the report: the same report
gives the same bytes (``generated_at`` is part of the report).

Stable hooks (the browser test relies on them): ``#filter-clean`` .. ``#filter-blocked`` and
``#filter-kind-catalog`` .. ``#filter-kind-webhook`` (checkboxes), ``#search``,
``#visible-count``, ``#total-count``, ``.item`` with ``id`` = the item's id, ``a.rule-link``
pointing at ``#rule-CODE`` in the appendix, and ``html[data-ready]`` once the script ran.
"""

from __future__ import annotations

import functools
import io
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from importlib import resources
from typing import Any, Final

from migrate.display import format_amount, per_interval, shown_line
from migrate.formats import subscribers
from migrate.formats.base import Format, Model, OutputFormat, Writer
from migrate.formats.html_groups import (
    catalog_label,
    catalog_shape,
    grouped,
    section_head,
    section_tail,
    session_label,
    session_shape,
    write_section,
)
from migrate.formats.html_parts import (
    _anchor,
    _badge,
    _findings,
    _item,
    _level,
    _meta,
    _plural,
    esc,
    prose,
    rule_link,
)
from migrate.mapping.cart import kind_text
from migrate.mapping.table import RuleTable, load_table
from migrate.report.model import (
    OUTCOMES,
    CatalogItem,
    CodeItem,
    ConfigItem,
    FieldDiff,
    Money,
    NextStep,
    Report,
    ReportResult,
    SessionItem,
    WebhookItem,
)

KINDS: Final = ("catalog", "session", "code", "webhook", "config")
_KIND_TITLES: Final = {
    "catalog": "Catalog",
    "session": "Sessions",
    "code": "Code",
    "webhook": "Webhooks",
    "config": "Configuration",
}
_OUTCOME_TEXT: Final = {
    "clean": "moves as it is",
    "changes": "moves with changes",
    "decision": "needs a decision",
    "blocked": "blocked",
}
_CHANGE_MARK: Final = {
    "same": "=",
    "changed": "~",
    "dropped": "\u2212",
    "blocked": "\u2715",
    "added": "+",
}
_DASH: Final = "\u2014"


def _json(value: Any, indent: int | None = 2) -> str:
    seps = (",", ": ") if indent is not None else (", ", ": ")
    return json.dumps(value, indent=indent, ensure_ascii=False, separators=seps, default=str)


# -- the page ---------------------------------------------------------------------------------


class HtmlFormat(OutputFormat):
    """The report as one self-contained page."""

    format = Format.HTML
    for_people = True

    def render(self, model: Model) -> str:
        match model:
            case ReportResult():
                return render_html(model.report)
            case _:
                return super().render(model)

    def write(self, model: Model, out: Writer) -> None:
        if isinstance(model, ReportResult):
            write_html(model.report, out)
        else:
            out.write(self.render(model))


def render_html(report: Report) -> str:
    """The whole report as one HTML page."""
    buffer = io.StringIO()
    write_html(report, buffer)
    return buffer.getvalue()


def write_html(report: Report, out: Writer) -> None:
    """The page written to ``out`` piece by piece: the catalog and the sessions are read once,
    one item at a time, and shown grouped by shape (``html_groups``)."""
    table = load_table()
    total = _item_total(report)
    wanted = {w for step in report.next_steps for w in step.where}
    labels: dict[str, str] = {}
    used: Counter[str] = Counter()

    def seen(label: str, item_id: str, codes: set[str]) -> None:
        if label in wanted:
            labels.setdefault(label, item_id)
        used.update(codes)

    def item_codes(item: CatalogItem | SessionItem) -> set[str]:
        return {f.code for f in item.findings} | {f.code for f in item.fields if f.code}

    out.write(
        "\n".join(
            [
                "<!doctype html>",
                '<html lang="en">',
                "<head>",
                '<meta charset="utf-8">',
                '<meta name="viewport" content="width=device-width, initial-scale=1">',
                '<meta name="generator" content="stripe2dodo">',
                "<title>stripe2dodo migration report</title>",
                '<link rel="icon" href="data:,">',
                f"<style>\n{asset('report.css')}</style>",
                "</head>",
                "<body>",
                _header(report),
                _toolbar(report, total),
                '<main id="content">',
                "",
            ]
        )
    )
    catalog = grouped(
        report.catalog,
        kind="catalog",
        shape=catalog_shape,
        label=catalog_label,
        render=_catalog_item,
        seen=lambda c: seen(f"catalog {c.stripe_id}", c.id, item_codes(c)),
    )
    write_section(out, "catalog", _KIND_TITLES["catalog"], _CATALOG_INTRO, catalog)
    del catalog
    sessions = grouped(
        report.sessions,
        kind="session",
        shape=session_shape,
        label=session_label,
        render=_session_item,
        seen=lambda s: seen(s.source, s.id, item_codes(s)),
    )
    write_section(out, "session", _KIND_TITLES["session"], _SESSION_INTRO, sessions)
    del sessions
    for k in report.code:
        labels.setdefault(f"{k.file}:{k.line}", k.id)
        used.update({f.code for f in k.findings} | ({k.rule} if k.rule else set()))
    for value in report.config:
        labels.setdefault(f"{value.file}:{value.line}", value.id)
        used.update({f.code for f in value.findings})
    for step in [*report.next_steps, *report.summary.top_blockers]:
        used.setdefault(step.code, 0)
    parts = [
        _section("code", [_code_item(k) for k in report.code], _CODE_INTRO),
        _section("webhook", [_webhook_item(w, labels) for w in report.webhooks], _WEBHOOK_INTRO),
        _section("config", [_config_item(c) for c in report.config], _CONFIG_INTRO),
        subscribers.html_section(report),
        _next_steps(report.next_steps, labels),
        _problems(report.problems),
        _inputs(report),
        _rules(used, table),
        "</main>",
        '<footer class="foot">Generated by stripe2dodo at '
        f"{esc(report.generated_at)}. A dry run: nothing was created.</footer>",
        f"<script>\n{asset('report.js')}</script>",
        "</body>",
        "</html>",
    ]
    out.write("\n".join(p for p in parts if p) + "\n")


_TOOLBAR_KINDS: Final = {
    "session": "session",
    "code": "code",
    "related code": "code",
    "webhook": "webhook",
    "configuration": "config",
    "subscriber": None,
}


def _by_kind(report: Report) -> tuple[Counter[str], Counter[str]]:
    """Items per toolbar kind and per outcome (subscribers apart: they have their own
    section), from the summary's counts."""
    by_kind: Counter[str] = Counter()
    by_outcome: Counter[str] = Counter()
    for kind, counts in report.summary.counts.items():
        group = _TOOLBAR_KINDS.get(kind, "catalog")
        if group is None:
            continue
        for outcome, n in counts.items():
            by_kind[group] += n
            by_outcome[outcome] += n
    return by_kind, by_outcome


def _item_total(report: Report) -> int:
    return sum(report.summary.totals.values())


# -- header and toolbar -----------------------------------------------------------------------


def _header(report: Report) -> str:
    s = report.summary
    totals = s.totals
    if s.ready:
        verdict = "Ready to migrate"
        detail = "Nothing is blocked."
        cls = "ready"
    else:
        verdict = "Not ready to migrate"
        detail = f"{_plural(totals.get('blocked', 0), 'item is', 'items are')} blocked."
        cls = "not-ready"
    rest = (
        f"{totals.get('decision', 0)} need a decision, "
        f"{totals.get('changes', 0)} move with changes, "
        f"{totals.get('clean', 0)} move as they are."
    )
    f = s.findings
    findings = (
        f"{_plural(sum(f.values()), 'finding')}: "
        f"{_plural(f.get('blocker', 0), 'blocker')}, "
        f"{_plural(f.get('warning', 0), 'warning')}, {f.get('info', 0)} info."
    )
    problems = ""
    if report.problems:
        problems = (
            '<p class="problems-note"><a href="#section-problems">'
            f"{_plural(len(report.problems), 'input')} could not be read</a>.</p>"
        )
    blockers = "".join(
        f'<li>{_level(b.level)} {rule_link(b.code)} <span class="count">'
        f"\u00d7{b.count}</span> {prose(b.title)}</li>"
        for b in s.top_blockers
    )
    top = (
        f'<div class="top-blockers"><h2>Top blockers</h2><ol>{blockers}</ol></div>'
        if blockers
        else '<div class="top-blockers"><h2>Top blockers</h2><p>None.</p></div>'
    )
    return (
        '<header class="page-head">'
        '<div class="title-row"><h1>Stripe \u2192 Dodo migration report</h1>'
        f'<p class="meta">Dry run generated {esc(report.generated_at)} \u00b7 '
        f"{esc(report.schema_)} \u00b7 "
        f'<a href="#section-inputs">{_plural(len(report.inputs), "input")}</a></p></div>'
        f'<div id="verdict" class="verdict {cls}" data-ready="{str(s.ready).lower()}">'
        f'<p class="verdict-title">{esc(verdict)}</p>'
        f'<p class="verdict-detail">{esc(detail)} {esc(rest)}</p>'
        f'<p class="verdict-findings">{esc(findings)}</p>{problems}</div>'
        f'<div class="summary-grid" id="summary">{_summary_table(report)}{top}</div>'
        "</header>"
    )


def _summary_table(report: Report) -> str:
    s = report.summary
    head = "".join(f'<th scope="col" class="o-col">{_badge(o)}</th>' for o in OUTCOMES)
    rows = []
    for kind, counts in s.counts.items():
        cells = "".join(
            f'<td class="num{" zero" if not counts.get(o, 0) else ""} c-{o}">'
            f"{counts.get(o, 0)}</td>"
            for o in OUTCOMES
        )
        rows.append(
            f'<tr><th scope="row">{esc(kind)}</th>{cells}'
            f'<td class="num total">{sum(counts.values())}</td></tr>'
        )
    foot = "".join(f'<td class="num total c-{o}">{s.totals.get(o, 0)}</td>' for o in OUTCOMES)
    return (
        '<table id="summary-table" class="summary-table">'
        "<caption>Items by kind and outcome</caption>"
        f'<thead><tr><th scope="col">kind</th>{head}<th scope="col">total</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody>"
        f'<tfoot><tr><th scope="row">total</th>{foot}'
        f'<td class="num total">{sum(s.totals.values())}</td></tr></tfoot>'
        "</table>"
    )


def _toolbar(report: Report, total: int) -> str:
    by_kind, by_outcome = _by_kind(report)
    outcomes = "".join(
        f'<label class="toggle o-{o}" title="{esc(_OUTCOME_TEXT[o])}">'
        f'<input type="checkbox" id="filter-{o}" class="filter-outcome" value="{o}" checked>'
        f' {o} <span class="n">{by_outcome[o]}</span></label>'
        for o in OUTCOMES
    )
    kinds = "".join(
        f'<label class="toggle k-{k}">'
        f'<input type="checkbox" id="filter-kind-{k}" class="filter-kind" value="{k}" checked>'
        f' {esc(_KIND_TITLES[k].lower())} <span class="n">{by_kind[k]}</span></label>'
        for k in KINDS
    )
    return (
        '<nav id="toolbar" class="toolbar" aria-label="Filters">'
        f'<div class="group" role="group" aria-label="Outcome">{outcomes}</div>'
        f'<div class="group" role="group" aria-label="Kind">{kinds}</div>'
        '<div class="group grow"><input type="search" id="search" '
        'placeholder="Search ids, fields, messages, files\u2026" aria-label="Search items" '
        'autocomplete="off" spellcheck="false"></div>'
        '<div class="group"><span class="counter"><span id="visible-count">'
        f'{total}</span> of <span id="total-count">{total}</span> items</span>'
        '<button type="button" id="expand-all">Expand</button>'
        '<button type="button" id="collapse-all">Collapse</button>'
        '<button type="button" id="filter-reset">Reset</button></div>'
        '<div class="jump"><a href="#section-catalog">Catalog</a>'
        '<a href="#section-session">Sessions</a><a href="#section-code">Code</a>'
        '<a href="#section-webhook">Webhooks</a><a href="#section-config">Configuration</a>'
        '<a href="#section-next-steps">Next steps</a>'
        '<a href="#rules">Rules</a></div>'
        "</nav>"
    )


# -- sections and items -----------------------------------------------------------------------

_CATALOG_INTRO: Final = (
    "Each Stripe price, coupon, promotion code and customer beside the Dodo object it would "
    "become. Dodo has one price per product, so each Stripe price becomes one Dodo product."
)
_SESSION_INTRO: Final = (
    "Each Checkout Session (recorded, or a payload from a file or code) beside its Dodo "
    "checkout body, field by field, with the money check: what Stripe charges beside what "
    "the Dodo cart charges."
)
_CODE_INTRO: Final = (
    "Each place in the code that creates a Checkout Session, with the extracted params, the "
    "Dodo body and the suggested code; and related code that must be rewritten by hand."
)
_WEBHOOK_INTRO: Final = (
    "The Stripe event types the code listens to, and the Dodo events to listen to instead."
)


def _section(kind: str, items: Sequence[str], intro: str) -> str:
    n = len(items)
    return section_head(kind, _KIND_TITLES[kind], intro, n) + "".join(items) + section_tail(n)


def _value(value: Any) -> str:
    if value is None:
        return '<span class="none">\u2014</span>'
    return f'<code class="val">{esc(_json(value, indent=None))}</code>'


def _diff(fields: Sequence[FieldDiff]) -> str:
    if not fields:
        return ""
    rows = []
    for f in fields:
        if f.change == "dropped":
            dodo_path = '<span class="none">not on Dodo</span>'
            dodo_value = '<span class="gone">dropped</span>'
        elif f.change == "blocked" and f.dodo_path is None:
            dodo_path = '<span class="none">no equivalent</span>'
            dodo_value = '<span class="gone">blocked</span>'
        else:
            dodo_path = f"<code>{esc(f.dodo_path)}</code>" if f.dodo_path else _value(None)
            dodo_value = _value(f.dodo)
        rows.append(
            f'<tr class="ch-{esc(f.change)}">'
            f'<td class="path"><code>{esc(f.stripe_path)}</code></td>'
            f'<td class="sv">{_value(f.stripe)}</td>'
            f'<td class="mark" title="{esc(f.change)}"><span>{_CHANGE_MARK.get(f.change, "?")}'
            f"</span> {esc(f.change)}</td>"
            f'<td class="path">{dodo_path}</td><td class="dv">{dodo_value}</td>'
            f'<td class="rule">{rule_link(f.code) if f.code else ""}</td></tr>'
        )
    return (
        '<h4>Field by field</h4><div class="scroll"><table class="diff">'
        '<thead><tr><th colspan="2" class="side-s">Stripe</th><th>change</th>'
        '<th colspan="2" class="side-d">Dodo</th><th>rule</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _pre(title: str, value: Any, cls: str = "") -> str:
    text = value if isinstance(value, str) else _json(value)
    return (
        f'<div class="pane {cls}"><div class="pane-title">{esc(title)}</div>'
        f"<pre>{esc(text)}</pre></div>"
    )


def _side_by_side(left: tuple[str, Any] | None, right: tuple[str, Any] | None) -> str:
    panes = []
    if left is not None:
        panes.append(_pre(left[0], left[1], "side-s"))
    if right is not None:
        panes.append(_pre(right[0], right[1], "side-d"))
    return f'<div class="panes">{"".join(panes)}</div>' if panes else ""


def _amount(line: Any) -> str:
    if not isinstance(line, Mapping):
        return esc(_json(line, indent=None))
    try:
        amount = Decimal(str(line.get("amount")))
        text = format_amount(amount, str(line.get("currency") or ""))
    except (InvalidOperation, ValueError, TypeError):
        return esc(_json(dict(line), indent=None))
    count = line.get("interval_count")
    interval = line.get("interval")
    return esc(
        text
        + per_interval(
            interval if isinstance(interval, str) else None,
            count if isinstance(count, int) else 1,
        )
    )


def _money(money: Money | None) -> str:
    if money is None:
        return ""

    def side(lines: Any) -> str:
        if isinstance(lines, list) and lines:
            return "".join(f"<div>{_amount(line)}</div>" for line in lines)
        if lines in (None, []):
            empty = "nothing" if money.status == "none" else "unknown"
            return f'<span class="none">{empty}</span>'
        return _value(lines)

    return (
        f'<div class="money m-{esc(money.status)}"><h4>Money check '
        f'<span class="mstatus m-{esc(money.status)}">{esc(money.status)}</span></h4>'
        '<table class="money-table"><tr><th class="side-s">Stripe charges</th>'
        '<th class="side-d">Dodo charges</th></tr>'
        f"<tr><td>{side(money.stripe)}</td><td>{side(money.dodo)}</td></tr></table>"
        + (
            f'<p class="recorded">The recorded Stripe session charged {esc(money.recorded)}.</p>'
            if money.recorded
            else ""
        )
        + "</div>"
    )


def _catalog_item(c: CatalogItem) -> str:
    meta = _meta(
        [
            ("Dodo kind", esc(c.kind)),
            ("Stripe id", f"<code>{esc(c.stripe_id)}</code>"),
            ("Stripe product", f"<code>{esc(c.stripe_product)}</code>" if c.stripe_product else ""),
            ("apply would", esc(c.action)),
        ]
    )
    body = (
        meta
        + _findings(c.findings)
        + _diff(c.fields)
        + (_side_by_side(None, ("Dodo body", c.dodo)) if c.dodo is not None else "")
    )
    title = (
        f'<span class="kind-tag">{esc(c.kind)}</span> <code>{esc(c.stripe_id)}</code> '
        f"{esc(c.title)}"
    )
    return _item(
        item_id=c.id,
        kind="catalog",
        outcome=c.outcome,
        subkind=c.kind,
        title=title,
        meta=f'<span class="action">{esc(c.action)}</span>',
        findings=c.findings,
        body=body,
    )


def _requires(requires: Sequence[Mapping[str, Any]]) -> str:
    if not requires:
        return ""
    rows = "".join(
        f"<li>{esc(r.get('kind', 'object'))} <code>{esc(r.get('id', ''))}</code>"
        + (f" from {_value(r.get('stripe'))}" if r.get("stripe") else "")
        + "</li>"
        for r in requires
    )
    return f'<h4>Needs on Dodo first</h4><ul class="requires">{rows}</ul>'


def _session_item(s: SessionItem) -> str:
    error = f'<p class="error">{prose(s.error)}</p>' if s.error else ""
    body = (
        _meta(
            [
                ("source", f"<code>{esc(s.source)}</code>"),
                ("status", esc(s.status)),
                ("Dodo call", f"<code>{esc(s.request)}</code> ({esc(kind_text(s.kind))})"),
            ]
        )
        + error
        + _money(s.money)
        + _findings(s.findings)
        + _diff(s.fields)
        + _requires(s.requires)
    )
    if s.stripe is not None or s.dodo is not None:
        body += (
            '<details class="bodies"><summary>Full Stripe params and Dodo body</summary>'
            + _side_by_side(
                ("Stripe params", s.stripe) if s.stripe is not None else None,
                ("Dodo body", s.dodo) if s.dodo is not None else None,
            )
            + (
                _side_by_side(None, ("Fallback: normal checkout", s.fallback))
                if s.fallback is not None
                else ""
            )
            + "</details>"
        )
    money = (
        f'<span class="mstatus m-{esc(s.money.status)}">money {esc(s.money.status)}</span>'
        if s.money
        else ""
    )
    return _item(
        item_id=s.id,
        kind="session",
        outcome=s.outcome,
        subkind=s.status,
        title=f"<code>{esc(s.source)}</code>",
        meta=f'<span class="status">{esc(s.status)}</span>{money}',
        findings=s.findings,
        body=body,
    )


def _code_item(k: CodeItem) -> str:
    where = f"{k.file}:{k.line}:{k.column}"
    body = _meta(
        [
            ("where", f"<code>{esc(where)}</code>"),
            ("language", esc(k.language)),
            ("call", f"<code>{esc(k.callee)}</code>"),
            ("rule", rule_link(k.rule) if k.rule else ""),
            ("event", f"<code>{esc(k.event)}</code>" if k.event else ""),
        ]
    )
    if k.source_line:
        source = esc(shown_line(k.source_line, k.column))
        body += f'<h4>Source</h4><pre class="source">{source}</pre>'
    body += _findings(k.findings)
    if k.params or k.dodo is not None:
        body += _side_by_side(
            ("Extracted Stripe params", k.params),
            (f"Dodo body ({k.request})" if k.request else "Dodo checkout body", k.dodo)
            if k.dodo is not None
            else None,
        )
    if k.suggestion:
        body += f'<h4>Suggested code</h4><pre class="suggestion">{esc(k.suggestion)}</pre>'
    label = "related"
    if k.kind == "create":
        label = kind_text(k.call_kind) if k.call_kind else "creates a session"
    return _item(
        item_id=k.id,
        kind="code",
        outcome=k.outcome,
        subkind=k.kind,
        title=f"<code>{esc(k.file)}:{k.line}</code> <code>{esc(k.callee)}</code>",
        meta=f'<span class="lang">{esc(k.language)}</span><span class="status">{label}</span>',
        findings=k.findings,
        body=body,
    )


def _place(label: str, labels: Mapping[str, str]) -> str:
    target = labels.get(label)
    if target is None:
        return f"<code>{esc(label)}</code>"
    return f'<a class="item-link" href="#{esc(target)}"><code>{esc(label)}</code></a>'


def _webhook_item(w: WebhookItem, labels: Mapping[str, str]) -> str:
    events = ", ".join(f"<code>{esc(e)}</code>" for e in w.dodo_events) or (
        '<span class="none">no Dodo event</span>'
    )
    places = "".join(f"<li>{_place(p, labels)}</li>" for p in w.places)
    body = (
        _meta(
            [
                ("Stripe event", f"<code>{esc(w.stripe_event)}</code>"),
                ("Dodo events", events),
                ("match", esc(w.match)),
            ]
        )
        + f'<p class="note">{prose(w.note)}</p>'
        + (f'<h4>Handled at</h4><ul class="places">{places}</ul>' if places else "")
    )
    return _item(
        item_id=w.id,
        kind="webhook",
        outcome=w.outcome,
        subkind=w.match,
        title=f"<code>{esc(w.stripe_event)}</code> \u2192 {events}",
        meta=f'<span class="status">{esc(w.match)}</span>',
        findings=[],
        body=body,
    )


_CONFIG_INTRO: Final = (
    "Each value in an environment example, Compose or configuration file that holds Stripe "
    "ids, with the variable or key to set for Dodo (the id map gives the Dodo ids). Nothing "
    "else of these files is shown."
)


def _config_item(value: ConfigItem) -> str:
    ids = "".join(
        f"<li><code>{esc(i.stripe_id)}</code> \u2192 "
        + (
            f"<code>{esc(i.dodo_id)}</code>"
            if i.dodo_id
            else '<span class="none">no Dodo id yet</span>'
        )
        + f" ({esc(i.kind)})</li>"
        for i in value.ids
    )
    body = (
        _meta(
            [
                ("file", f"<code>{esc(value.file)}:{value.line}</code>"),
                ("format", esc(value.format)),
                ("key", f"<code>{esc(value.key)}</code>"),
                ("change", f"<code>{esc(value.change)}</code>"),
            ]
        )
        + (f'<h4>Ids</h4><ul class="places">{ids}</ul>' if ids else "")
        + _findings(value.findings)
    )
    return _item(
        item_id=value.id,
        kind="config",
        outcome=value.outcome,
        subkind=value.format,
        title=f"<code>{esc(value.key)}</code>",
        meta=f'<span class="status">{esc(value.file)}:{value.line}</span>',
        findings=value.findings,
        body=body,
    )


# -- next steps, problems, inputs, rules ------------------------------------------------------


def _next_steps(steps: Sequence[NextStep], labels: Mapping[str, str]) -> str:
    if not steps:
        body = "<p>Nothing to do.</p>"
    else:
        rows = []
        for step in steps:
            where = ", ".join(_place(w, labels) for w in step.where)
            more = step.count - len(step.where)
            if more > 0:
                where += f" and {more} more"
            rows.append(
                f'<li class="step l-{esc(step.level)}"><div class="step-head">'
                f"{_level(step.level)} {rule_link(step.code)} "
                f'<span class="count">{_plural(step.count, "item")}</span></div>'
                f'<div class="step-title">{prose(step.title)}</div>'
                f'<div class="advice">\u2192 {prose(step.action)}</div>'
                f'<div class="where">{where}</div></li>'
            )
        body = f'<ol class="steps">{"".join(rows)}</ol>'
    return (
        '<section id="section-next-steps" class="plain-section"><h2>Next steps</h2>'
        '<p class="intro">One step per finding code, blockers first, then by how many items '
        f"each holds back.</p>{body}</section>"
    )


def _problems(problems: Sequence[str]) -> str:
    if not problems:
        return ""
    rows = "".join(f"<li><code>{esc(p)}</code></li>" for p in problems)
    return (
        '<section id="section-problems" class="plain-section problems"><h2>Problems</h2>'
        f'<p class="intro">Inputs that could not be read (the rest of the report stands).</p>'
        f"<ul>{rows}</ul></section>"
    )


def _inputs(report: Report) -> str:
    rows = "".join(
        f'<li><span class="kind-tag">{esc(i.kind)}</span> <code>{esc(i.path)}</code></li>'
        for i in report.inputs
    )
    return (
        '<section id="section-inputs" class="plain-section"><details><summary>'
        f'<h2>Inputs <span class="section-count">{len(report.inputs)}</span></h2></summary>'
        f'<ul class="inputs">{rows}</ul></details></section>'
    )


def _rules(used: Counter[str], table: RuleTable) -> str:
    areas = {rule.code: area.title for area in table.areas for rule in area.rules}
    entries = []
    for code in sorted(used):
        rule = table.by_code.get(code)
        seen = f"named by {_plural(used[code], 'item')}" if used[code] else "a next step"
        if rule is None:
            entries.append(
                f'<article class="rule" id="{esc(_anchor(code))}"><h3><span class="code">'
                f"{esc(code)}</span></h3><p>Not in the rule table.</p></article>"
            )
            continue
        level = rule.finding_level.value if rule.finding_level is not None else "no finding"
        facts = [
            ("Summary", prose(rule.message())),
            ("Why", prose(rule.why)),
            ("Suggestion", prose(rule.advice()) if rule.suggestion else ""),
            (
                "Stripe \u2192 Dodo",
                f"<code>{esc(rule.stripe or _DASH)}</code> \u2192 "
                f"<code>{esc(rule.dodo or _DASH)}</code>"
                if (rule.stripe or rule.dodo)
                else "",
            ),
            ("Area", esc(areas.get(code, rule.area))),
            ("Seen", esc(seen)),
        ]
        outcome = f" \u00b7 {esc(rule.outcome.value)}" if rule.outcome is not None else ""
        entries.append(
            f'<article class="rule" id="{esc(_anchor(code))}"><h3><span class="code">'
            f'{esc(code)}</span> <span class="rule-name">{esc(rule.name)}</span> '
            f'<span class="rule-kind">{esc(rule.subject)} \u00b7 {esc(rule.kind)}{outcome}'
            f" \u00b7 {_level(level)}</span></h3>{_meta(facts)}</article>"
        )
    return (
        '<section id="rules" class="plain-section"><h2>Rules used '
        f'<span class="section-count">{len(used)}</span></h2>'
        '<p class="intro">Every finding code on this page, from the mapping table '
        "(<code>mappings/*.yaml</code>). Placeholders in braces are filled in per finding.</p>"
        f'<div class="rules">{"".join(entries)}</div></section>'
    )


# -- assets -----------------------------------------------------------------------------------


@functools.cache
def asset(name: str) -> str:
    """A file of ``migrate/formats/assets`` (shipped in the wheel), as text."""
    return resources.files("migrate.formats").joinpath("assets").joinpath(name).read_text("utf-8")
