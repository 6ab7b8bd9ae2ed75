"""``report --format terminal``: the summary, top blockers, webhooks and next steps as rich
tables and plain text; with ``--details`` every catalog item, session and code site too.

The text is rendered to a string (the command prints it), without colour unless asked: plain
text with box-drawing tables. The helpers at the top (labels, verdict, money) are shared with
the Markdown renderer so that both formats say the same thing in the same words.
"""

from __future__ import annotations

import io
import posixpath
import textwrap
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING, Any, Final, TypeVar, cast

from migrate.display import format_amount, per_interval
from migrate.formats import subscribers
from migrate.mapping.cart import kind_text
from migrate.report.model import (
    OUTCOMES,
    CatalogItem,
    CodeItem,
    ConfigItem,
    FieldDiff,
    FindingOut,
    ItemOutcome,
    NextStep,
    Report,
    SessionItem,
)

if TYPE_CHECKING:
    from rich.console import Console

    from migrate.formats.base import Writer

_Item = TypeVar("_Item", CatalogItem, SessionItem, CodeItem, ConfigItem)

# -- shared wording ---------------------------------------------------------------------------

KIND_ORDER: Final[tuple[str, ...]] = (
    "product",
    "localized_price",
    "discount",
    "customer",
    "session",
    "code",
    "related code",
    "webhook",
    "configuration",
    "subscriber",
)
KIND_LABELS: Final[dict[str, str]] = {
    "product": "Products",
    "localized_price": "Localized prices",
    "discount": "Discounts",
    "customer": "Customers",
    "session": "Checkout sessions",
    "code": "Checkout code",
    "related code": "Related code",
    "webhook": "Webhook events",
    "configuration": "Configuration",
    "subscriber": "Subscribers",
}
OUTCOME_HEADINGS: Final[dict[ItemOutcome, str]] = {
    "clean": "Clean",
    "changes": "Changes meaning",
    "decision": "Needs a decision",
    "blocked": "Blocked",
}
LEGEND: Final = (
    "clean: moves as it is; changes meaning: moves, but works differently on Dodo; "
    "needs a decision: no Dodo equivalent, a person must choose; blocked: cannot move as it is."
)
NOTHING: Final = "Nothing to migrate: no Stripe objects, checkout sessions or Stripe code found."
HINT: Final = (
    "--details lists every item; --format html writes one self-contained page; "
    "--format json gives the whole report (schemas/report-v2.schema.json)."
)
_INPUT_NAMES: Final[dict[str, tuple[str, str]]] = {
    "snapshot": ("snapshot", "snapshots"),
    "id-map": ("id map", "id maps"),
    "ledger": ("ledger", "ledgers"),
    "payloads": ("payload file", "payload files"),
    "code": ("code file", "code files"),
    "config": ("config file", "config files"),
}
_SEVERITY: Final[dict[str, int]] = {"blocked": 0, "decision": 1, "changes": 2, "clean": 3}


def kind_label(kind: str) -> str:
    """The row heading of an object kind (``related code`` -> ``Related code``)."""
    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


def kinds_of(report: Report) -> list[str]:
    """The kinds of the summary, in a fixed order (unknown kinds last, as they come)."""
    present = list(report.summary.counts)
    return [k for k in KIND_ORDER if k in present] + [k for k in present if k not in KIND_ORDER]


def summary_rows(report: Report) -> list[tuple[str, list[int]]]:
    """``(kind, [clean, changes, decision, blocked, total])`` per kind, then ``("total", ...)``
    summed from the rows (so the table adds up whatever it is given)."""
    rows: list[tuple[str, list[int]]] = []
    for kind in kinds_of(report):
        counts = report.summary.counts[kind]
        row = [int(counts.get(o, 0)) for o in OUTCOMES]
        rows.append((kind, [*row, sum(row)]))
    totals = [sum(r[i] for _, r in rows) for i in range(len(OUTCOMES) + 1)]
    rows.append(("total", totals))
    return rows


def item_count(report: Report) -> int:
    sections = (report.catalog, report.sessions, report.code, report.webhooks, report.config)
    return sum(len(s) for s in sections) + len(report.subscribers.items)


CONFIG_SHOWN: Final = 10
"""Configuration changes listed without ``--details`` (the rest are counted)."""


def config_heading(report: Report) -> str:
    """``Configuration: 3 values holding Stripe ids (2 changes meaning, 1 ...)``."""
    counts = outcome_counts(report.config)
    return f"Configuration: {plural(len(report.config), 'value')} holding Stripe ids ({counts})"


def is_empty(report: Report) -> bool:
    return item_count(report) == 0


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def verdict(report: Report) -> tuple[bool, str]:
    """``(ready, sentence)``: ``READY``/``NOT READY`` and why, or nothing to migrate."""
    if is_empty(report):
        return True, NOTHING
    blocked = report.summary.totals.get("blocked", 0)
    total = item_count(report)
    if report.summary.ready:
        return True, f"nothing blocked among {plural(total, 'item')}"
    return False, f"{plural(blocked, 'item')} blocked (of {total})"


def inputs_line(report: Report) -> str:
    counts: Counter[str] = Counter(str(i.kind) for i in report.inputs)
    parts = [plural(counts[kind], *_INPUT_NAMES[kind]) for kind in _INPUT_NAMES if counts.get(kind)]
    return ", ".join(parts) or "none"


def findings_line(report: Report) -> str:
    f = report.summary.findings
    return (
        f"{plural(f.get('blocker', 0), 'blocker')}, {plural(f.get('warning', 0), 'warning')}, "
        f"{f.get('info', 0)} info"
    )


def by_severity(items: Sequence[_Item]) -> list[_Item]:
    """Blocked first, then decisions, changes, clean; the report's order within each."""
    return sorted(items, key=lambda i: _SEVERITY.get(i.outcome, 9))


def outcome_counts(items: Iterable[CatalogItem | SessionItem | CodeItem | ConfigItem]) -> str:
    counts = Counter(i.outcome for i in items)
    return ", ".join(f"{counts[o]} {o}" for o in OUTCOMES if counts[o])


def money_side(lines: Any) -> str:
    """A money side (``[{currency, amount, interval, interval_count}]``) as text."""
    if not isinstance(lines, list) or not lines:
        return "unknown"
    parts = []
    for line in lines:
        if not isinstance(line, dict):
            parts.append(str(line))
            continue
        try:
            amount = Decimal(str(line.get("amount")))
        except InvalidOperation:
            parts.append(str(line.get("amount")))
            continue
        currency = str(line.get("currency") or "")
        text = format_amount(amount, currency) if currency else str(amount)
        interval = line.get("interval")
        count = line.get("interval_count") or 1
        parts.append(text + per_interval(interval if isinstance(interval, str) else None, count))
    return " + ".join(parts)


def money_text(session: SessionItem) -> str | None:
    """The money check in words, or None when there is nothing to check."""
    money = session.money
    if money is None or money.status == "none":
        return None
    stripe, dodo = money_side(money.stripe), money_side(money.dodo)
    if money.status == "match":
        return f"match: {stripe} on both"
    if money.status == "mismatch" and money.recorded:
        return f"MISMATCH: the Stripe session charged {money.recorded}, Dodo {dodo}"
    if money.status == "mismatch":
        return f"MISMATCH: Stripe {stripe}, Dodo {dodo}"
    if money.status == "unverified":
        if stripe == dodo == "unknown":
            return "not verified: the amounts are unknown (prices referenced by id)"
        return f"not verified: Stripe {stripe}, Dodo {dodo}"
    return f"{money.status}: Stripe {stripe}, Dodo {dodo}"


def short(value: Any, limit: int = 40) -> str:
    """A field value in a few characters."""
    text = value if isinstance(value, str) else repr(value) if value is not None else "-"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def field_text(f: FieldDiff, *, values: bool) -> str:
    """``nickname -> name ("Gold monthly" -> "Gold")``: the Dodo path when it differs, and the
    values when both are text that differs (not a mere case or type change)."""
    text = f.stripe_path
    if f.dodo_path and f.dodo_path != f.stripe_path:
        text += f" -> {f.dodo_path}"
    if (
        values
        and f.change == "changed"
        and isinstance(f.stripe, str)
        and isinstance(f.dodo, str)
        and f.stripe.casefold() != f.dodo.casefold()
    ):
        text += f' ("{short(f.stripe, 30)}" -> "{short(f.dodo, 30)}")'
    return text


def changed_fields(item: CatalogItem) -> tuple[list[str], list[str]]:
    """The changed and the dropped fields of a catalog item, as text."""
    values = item.dodo is not None
    changed = [field_text(f, values=values) for f in item.fields if f.change == "changed"]
    dropped = [f.stripe_path for f in item.fields if f.change == "dropped"]
    return changed, dropped


def code_what(item: CodeItem) -> str:
    """What a code site does, in a few words."""
    if item.kind == "create" and item.request and item.call_kind:
        return f"{item.callee}: becomes {kind_text(item.call_kind)} ({item.request})"
    if item.kind == "create":
        return f"{item.callee}: creates a checkout session"
    if item.event:
        return f"handles the {item.event} event"
    return item.callee


def no_steps(report: Report) -> str:
    """What to do when no finding asks for anything."""
    if report.problems:
        return "Fix the inputs listed under Problems, then run the report again."
    if report.summary.totals.get("blocked", 0) or report.summary.totals.get("decision", 0):
        return "Look at the blocked items (--details lists them)."
    return "Nothing to do by hand: every item moves as it is."


def key_findings(findings: Sequence[FindingOut]) -> list[FindingOut]:
    """Blockers, then warnings; info findings are left to the other formats."""
    rank = {"blocker": 0, "warning": 1}
    return sorted((f for f in findings if f.level != "info"), key=lambda f: rank[f.level])


def where_text(step: NextStep, limit: int = 3) -> str:
    shown = step.where[:limit]
    more = step.count - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def places_base(places: Sequence[str]) -> str:
    """The folder all ``file:line`` places share (``samples/code/``), or ``""``."""
    files = [p.rsplit(":", 1)[0] for p in places]
    if not files:
        return ""
    base = posixpath.commonpath(files) if all("/" in f for f in files) else ""
    if base in files:  # one file: its folder
        base = posixpath.dirname(base)
    return f"{base}/" if base else ""


# -- terminal ---------------------------------------------------------------------------------

_STYLE: Final[dict[str, str]] = {
    "blocked": "bold red",
    "decision": "yellow",
    "changes": "cyan",
    "clean": "green",
    "blocker": "bold red",
    "warning": "yellow",
}


class _Out:
    """Text and tables into one rich console; prose is wrapped here, with a hanging indent."""

    def __init__(self, console: Console, width: int) -> None:
        self.console = console
        self.width = width

    def line(self, text: str = "", style: str | None = None) -> None:
        from rich.text import Text

        self.console.print(Text(text, style=style or ""), soft_wrap=True)

    def para(self, text: str, indent: int = 0, hang: int = 0, style: str | None = None) -> None:
        lines = textwrap.wrap(
            text,
            width=max(self.width, 20 + indent + hang),
            initial_indent=" " * indent,
            subsequent_indent=" " * (indent + hang),
            break_long_words=False,
            break_on_hyphens=False,
        )
        for line in lines or [""]:
            self.line(line, style)

    def heading(self, text: str) -> None:
        self.line()
        self.line(text, "bold")

    def print(self, renderable: Any) -> None:
        self.console.print(renderable)


class _Lines(io.TextIOBase):
    """Text passed on to ``target`` a line at a time, each without its trailing blanks."""

    def __init__(self, target: Writer) -> None:
        self.target = target
        self.rest = ""

    def write(self, text: str) -> int:
        lines = (self.rest + text).split("\n")
        self.rest = lines.pop()
        if lines:
            self.target.write("".join(line.rstrip() + "\n" for line in lines))
        return len(text)

    def close_lines(self) -> None:
        if self.rest.rstrip():
            self.target.write(self.rest.rstrip() + "\n")
        self.rest = ""


def render_terminal(
    report: Report,
    *,
    details: bool = False,
    width: int | None = None,
    color: bool = False,
    file: Writer | None = None,
) -> str:
    """The report for a terminal: plain text with box-drawing tables (``color``: ANSI styles).
    With ``file`` the text is written there as it is made (``""`` is returned)."""
    from rich.console import Console

    width = width or 100
    buffer = io.StringIO()
    lines = _Lines(file if file is not None else buffer)
    console = Console(
        file=cast("IO[str]", lines),
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        record=False,
        markup=False,
        highlight=False,
        emoji=False,
        no_color=not color,
        legacy_windows=False,
        soft_wrap=False,
    )
    out = _Out(console, width)
    _verdict(out, report)
    if not is_empty(report):
        _summary(out, report)
        _top_blockers(out, report)
        _webhooks(out, report, details=details)
        _config(out, report, details=details)
        for line in subscribers.text(report, details=details):
            out.line(line, "bold" if line == subscribers.TITLE else None)
        _next_steps(out, report)
    _problems(out, report)
    if details and not is_empty(report):
        _catalog(out, report)
        _sessions(out, report)
        _code(out, report)
    out.line()
    out.para(HINT, style="dim")
    lines.close_lines()
    return buffer.getvalue()


def _verdict(out: _Out, report: Report) -> None:
    ready, why = verdict(report)
    if is_empty(report):
        out.line(why, "bold")
    elif ready:
        out.line(f"READY: {why}", "bold green")
    else:
        out.line(f"NOT READY: {why}", "bold red")
    if report.problems:
        out.line(
            f"{plural(len(report.problems), 'input')} could not be read: see Problems below.",
            "bold red",
        )
    out.line(f"Inputs: {inputs_line(report)}")
    if not is_empty(report):
        out.line(f"Findings: {findings_line(report)}")


def _summary(out: _Out, report: Report) -> None:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SQUARE, show_edge=True, pad_edge=True, header_style="bold")
    table.add_column("Kind", no_wrap=True)
    for outcome in OUTCOMES:
        heading = OUTCOME_HEADINGS[outcome].replace(" meaning", "\nmeaning")
        heading = heading.replace(" a decision", " a\ndecision")
        table.add_column(heading, justify="right", no_wrap=True)
    table.add_column("Total", justify="right", no_wrap=True)
    rows = summary_rows(report)
    for n, (kind, row) in enumerate(rows):
        last = n == len(rows) - 1
        cells = [_cell(v, o) for v, o in zip(row, [*OUTCOMES, None], strict=True)]
        table.add_row(
            "Total" if last else kind_label(kind),
            *cells,
            end_section=n == len(rows) - 2,
            style="bold" if last else None,
        )
    out.line()
    out.print(table)
    out.para(LEGEND, style="dim")


def _cell(value: int, outcome: str | None) -> Any:
    """A count: ``-`` for none, coloured by outcome (the total column is not)."""
    from rich.text import Text

    if outcome is None:
        return Text(str(value))
    if value == 0:
        return Text("-", style="dim")
    return Text(str(value), style=_STYLE.get(outcome, ""))


def _top_blockers(out: _Out, report: Report) -> None:
    blockers = report.summary.top_blockers
    if not blockers:
        return
    out.heading("Top blockers")
    for n, step in enumerate(blockers, 1):
        head = f"{n:>2}. {step.code}, {plural(step.count, 'item')}: {step.title}"
        out.para(head, indent=2, hang=4, style="red")
        if step.action:
            out.para(f"What to do: {step.action}", indent=6)
        if step.where:
            out.para(f"Where: {where_text(step)}", indent=6, style="dim")


def _webhooks(out: _Out, report: Report, *, details: bool) -> None:
    from rich import box
    from rich.table import Table

    if not report.webhooks:
        return
    base = places_base([p for w in report.webhooks for p in w.places])
    out.heading(f"Webhooks: {plural(len(report.webhooks), 'Stripe event')} handled in the code")
    table = Table(box=box.SQUARE, header_style="bold")
    table.add_column("Stripe event -> Dodo events", no_wrap=True)
    table.add_column("Match", no_wrap=True)
    table.add_column(f"Where (in {base})" if base else "Where", overflow="fold")
    for w in report.webhooks:
        shown = w.places if details else w.places[:2]
        more = len(w.places) - len(shown)
        dodo = [f"-> {e}" for e in w.dodo_events] or ["-> (no Dodo event)"]
        where = [p.removeprefix(base) for p in shown]
        table.add_row(
            "\n".join([w.stripe_event, *dodo]),
            w.match,
            "\n".join([*where, *([f"and {more} more"] if more else [])]),
        )
    out.print(table)
    if details:
        for w in report.webhooks:
            out.para(f"{w.stripe_event}: {w.note}", indent=2, hang=4)


def _config(out: _Out, report: Report, *, details: bool) -> None:
    """Each configuration change (``STRIPE_PRICE_PRO=price_1 -> DODO_PRODUCT_PRO=pdt_1``)."""
    if not report.config:
        return
    out.heading(config_heading(report))
    shown = report.config if details else report.config[:CONFIG_SHOWN]
    for item in shown:
        _item_head(out, item.outcome, f"{item.file}:{item.line} {item.change}")
        if details:
            _findings(out, item.findings, indent=11)
    if len(report.config) > len(shown):
        out.para(f"... and {len(report.config) - len(shown)} more (--details lists them)", indent=2)


def _next_steps(out: _Out, report: Report) -> None:
    steps = report.next_steps
    if not steps:
        out.heading("Next steps")
        out.para(no_steps(report), indent=2)
        return
    out.heading(f"Next steps ({len(steps)}, what blocks the most first)")
    digits = len(str(len(steps)))
    for n, step in enumerate(steps, 1):
        style = "red" if step.level == "blocker" else None
        head = f"{n:>{digits}}. [{step.level}] {step.code}, {plural(step.count, 'item')}: "
        out.para(head + step.title, indent=2, hang=digits + 2, style=style)
        if step.action:
            out.para(f"-> {step.action}", indent=digits + 4, hang=3)


def _problems(out: _Out, report: Report) -> None:
    if not report.problems:
        return
    out.heading(f"Problems ({len(report.problems)} could not be read; the rest is reported)")
    for problem in report.problems:
        out.para(f"- {problem}", indent=2, hang=2, style="red")


# -- details ----------------------------------------------------------------------------------


def _findings(out: _Out, findings: Sequence[FindingOut], indent: int) -> None:
    shown = key_findings(findings)
    for f in shown:
        mark = "BLOCK" if f.level == "blocker" else "WARN "
        out.para(f"{mark} {f.code}: {f.message}", indent=indent, hang=11, style=_STYLE[f.level])
        if f.level == "blocker" and f.suggestion:
            out.para(f"-> {f.suggestion}", indent=indent + 6, hang=3)
    info = len(findings) - len(shown)
    if info:
        out.para(f"(+{plural(info, 'info finding')})", indent=indent, style="dim")


def _item_head(out: _Out, outcome: str, text: str) -> None:
    from rich.text import Text

    line = Text("  ")
    line.append(f"{outcome:<8}", style=_STYLE.get(outcome, ""))
    line.append(f" {text}")
    lines = textwrap.wrap(
        line.plain, width=out.width, subsequent_indent=" " * 11, break_long_words=False
    )
    if len(lines) <= 1:
        out.console.print(line, soft_wrap=True)
    else:
        for part in lines:
            out.line(part)


def _catalog(out: _Out, report: Report) -> None:
    if not report.catalog:
        return
    out.heading(f"Catalog ({len(report.catalog)}: {outcome_counts(report.catalog)})")
    for item in report.catalog:
        product = f" (product {item.stripe_product})" if item.stripe_product else ""
        _item_head(
            out,
            item.outcome,
            f"{item.kind} {item.stripe_id}{product}: {item.title} [{item.action}]",
        )
        changed, dropped = changed_fields(item)
        if changed:
            out.para("changed: " + ", ".join(changed), indent=11, hang=9, style="dim")
        if dropped:
            out.para("dropped: " + ", ".join(dropped), indent=11, hang=9, style="dim")
        _findings(out, item.findings, indent=11)


def _sessions(out: _Out, report: Report) -> None:
    if not report.sessions:
        return
    out.heading(f"Checkout sessions ({len(report.sessions)}: {outcome_counts(report.sessions)})")
    for s in report.sessions:
        _item_head(out, s.outcome, f"{s.source} [{s.status}]")
        if s.kind != "checkout_session":
            out.para(f"dodo call: {s.request} ({kind_text(s.kind)})", indent=11, hang=11)
        if s.error:
            out.para(f"error: {s.error}", indent=11, hang=7, style="red")
        money = money_text(s)
        if money:
            style = "red" if s.money is not None and s.money.status == "mismatch" else "dim"
            out.para(f"money {money}", indent=11, hang=6, style=style)
        _findings(out, s.findings, indent=11)


def _code(out: _Out, report: Report) -> None:
    if not report.code:
        return
    out.heading(f"Code ({len(report.code)}: {outcome_counts(report.code)})")
    for k in report.code:
        _item_head(out, k.outcome, f"{k.file}:{k.line} {code_what(k)}")
        _findings(out, k.findings, indent=11)
