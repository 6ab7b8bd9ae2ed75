"""``report --format markdown``: GitHub-flavoured Markdown for a pull-request comment or a job
summary.

A GitHub comment holds at most 65,536 characters, so every list is cut with "… and N more" to
a character budget: without ``--details`` the text stays well under 20,000 characters on the
samples, and with them under ``LIMIT`` whatever the size of the report. Text from the inputs
(titles, messages, paths) is escaped: ``|`` and line breaks in table cells, HTML, and Markdown
punctuation outside the code spans the messages use on purpose.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Final

from migrate.formats import subscribers
from migrate.formats.base import Format, Model, OutputFormat
from migrate.formats.reference import render_reference
from migrate.formats.terminal import (
    LEGEND,
    OUTCOME_HEADINGS,
    by_severity,
    changed_fields,
    code_what,
    config_heading,
    findings_line,
    inputs_line,
    is_empty,
    kind_label,
    money_text,
    no_steps,
    outcome_counts,
    plural,
    summary_rows,
    verdict,
)
from migrate.mapping.cart import kind_text
from migrate.mapping.table import RuleTable
from migrate.report.model import OUTCOMES, FindingOut, Report, ReportResult

LIMIT: Final = 60_000
"""The most the whole text may hold (GitHub's comment limit is 65,536)."""
CELL: Final = 300
"""The most one table cell shows of a message (longer ones end with "…")."""

_BUDGETS: Final = {
    "blockers": 4_000,
    "webhooks": 3_000,
    "config": 3_000,
    "steps": 9_000,
    "problems": 1_500,
    "clean": 1_500,
}
_CODE_SPAN: Final = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_SPECIAL: Final = re.compile(r"([\\*\[\]~#]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z]))")


# -- escaping ---------------------------------------------------------------------------------


def _escape_text(text: str) -> str:
    """Plain text for Markdown: HTML and emphasis characters made literal (an underscore inside
    a word, as in ``price_1Q``, is literal already)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def inline(text: str) -> str:
    """Text that may hold `code spans` (as the rule messages do), on one line: the spans are
    kept, everything else is escaped; an unpaired backtick is made literal."""
    text = " ".join(text.split())
    out: list[str] = []
    pos = 0
    for match in _CODE_SPAN.finditer(text):
        out.append(_escape_text(text[pos : match.start()]).replace("`", "\\`"))
        out.append(match.group(0))
        pos = match.end()
    out.append(_escape_text(text[pos:]).replace("`", "\\`"))
    return "".join(out)


def code(text: str) -> str:
    """``text`` as one code span, whatever backticks it holds."""
    text = " ".join(str(text).split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def cell(markdown: str) -> str:
    """Markdown (already escaped) made safe for a table cell: no ``|``, no line break."""
    return markdown.replace("\r\n", "\n").replace("\n", "<br>").replace("|", "\\|")


def clip(text: str, limit: int = CELL) -> str:
    """Plain text cut to ``limit`` characters (before escaping)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cell(c) for c in cells) + " |"


def _bounded(
    lines: list[str], budget: int, more: Callable[[int], str], *, keep: int = 0
) -> list[str]:
    """The first lines that fit in ``budget`` characters (at least ``keep``), then a line
    saying how many were left out."""
    out: list[str] = []
    used = 0
    for n, line in enumerate(lines):
        if n >= keep and used + len(line) + 1 > budget:
            out.append(more(len(lines) - n))
            return out
        out.append(line)
        used += len(line) + 1
    return out


def _table(
    header: Sequence[str], align: Sequence[str], rows: list[str], *, budget: int, what: str
) -> list[str]:
    """A table of ``rows`` cut to ``budget`` characters, with a last row saying how many more."""
    head = [row(header), "| " + " | ".join(align) + " |"]
    blank = [""] * (len(header) - 1)
    body = _bounded(rows, budget, lambda n: row([f"… and {n} more {what}", *blank]), keep=1)
    return head + body


# -- the report -------------------------------------------------------------------------------


class MarkdownFormat(OutputFormat):
    """The report (``FormatOptions.details``: every item, cut to fit a comment) or the rule
    reference (``rules --format markdown``, as the README embeds it)."""

    format = Format.MARKDOWN
    for_people = True

    def render(self, model: Model) -> str:
        match model:
            case ReportResult():
                return render_markdown(model.report, details=self.options.details)
            case RuleTable():
                return render_reference(model)
            case _:
                return super().render(model)


def render_markdown(report: Report, *, details: bool = False) -> str:
    """The report as GitHub-flavoured Markdown, under ``LIMIT`` characters."""
    parts: list[str] = ["## Stripe to Dodo migration report", ""]
    ready, why = verdict(report)
    if is_empty(report):
        parts.append(f"**Nothing to migrate**: {inline(why.split(': ', 1)[-1])}")
    elif ready:
        parts.append(f"**Ready**: {inline(why)}.")
    else:
        parts.append(f"**Not ready**: {inline(why)}.")
    parts.append("")
    lines = [f"Inputs: {inline(inputs_line(report))}."]
    if not is_empty(report):
        lines.append(f"Findings: {inline(findings_line(report))}.")
    parts += [" ".join(lines), ""]
    if not is_empty(report):
        parts += _summary(report)
        parts += _top_blockers(report)
        parts += _webhooks(report, details=details)
        parts += _config(report, details=details)
        parts += subscribers.markdown(report, details=details)
        parts += _next_steps(report)
    parts += _problems(report)
    if details and not is_empty(report):
        room = LIMIT - sum(len(p) + 1 for p in parts) - 1_000
        sections = (_catalog, _sessions, _code)
        needs = [_size(section(report, LIMIT * 10)) for section in sections]
        for section, budget in zip(sections, _share(room, needs), strict=True):
            parts += section(report, budget)
    hint = [
        *([] if details else ["`--details` lists every item (cut to fit a comment)"]),
        "`--format html` writes one self-contained page",
        "`--format json` gives the whole report",
    ]
    parts += [f"<sub>{'; '.join(hint)}.</sub>", ""]
    text = "\n".join(parts)
    if len(text) > LIMIT:  # not reached: every list above is budgeted
        text = text[: LIMIT - 200].rsplit("\n", 1)[0] + "\n\n… (cut to fit a comment)\n"
    return text


def _size(lines: Sequence[str]) -> int:
    return sum(len(line) + 1 for line in lines)


def _share(room: int, needs: Sequence[int]) -> list[int]:
    """``room`` split between sections: each gets what it needs up to an equal share, and
    what the small ones leave goes to the others."""
    budgets = [0] * len(needs)
    left = sorted(range(len(needs)), key=lambda i: needs[i])
    while left:
        share = room // len(left)
        i = left.pop(0)
        budgets[i] = min(needs[i], share)
        room -= budgets[i]
    return budgets


def _summary(report: Report) -> list[str]:
    header = ["Kind", *(OUTCOME_HEADINGS[o] for o in OUTCOMES), "Total"]
    out = [row(header), "| :--- | " + " | ".join("---:" for _ in range(len(OUTCOMES) + 1)) + " |"]
    rows = summary_rows(report)
    for n, (kind, counts) in enumerate(rows):
        if n == len(rows) - 1:
            out.append(row(["**Total**", *(f"**{v}**" for v in counts)]))
        else:
            out.append(row([inline(kind_label(kind)), *(str(v) for v in counts)]))
    return [*out, "", f"<sub>{inline(LEGEND)}</sub>", ""]


def _top_blockers(report: Report) -> list[str]:
    blockers = report.summary.top_blockers
    if not blockers:
        return []
    rows = []
    for n, step in enumerate(blockers, 1):
        where = ", ".join(code(w) for w in step.where[:2])
        more = step.count - min(len(step.where), 2)
        if more > 0:
            where += f" and {more} more"
        rows.append(
            row(
                [
                    str(n),
                    f"**{inline(step.code)}** {inline(clip(step.title))}",
                    str(step.count),
                    inline(clip(step.action)),
                    where,
                ]
            )
        )
    return [
        "### Top blockers",
        "",
        *_table(
            ["#", "Blocker", "Items", "What to do", "Where"],
            ["---:", ":---", "---:", ":---", ":---"],
            rows,
            budget=_BUDGETS["blockers"],
            what="blockers",
        ),
        "",
    ]


def _webhooks(report: Report, *, details: bool) -> list[str]:
    if not report.webhooks:
        return []
    rows = []
    for w in report.webhooks:
        shown = w.places[:2]
        where = ", ".join(code(p) for p in shown)
        if len(w.places) > len(shown):
            where += f" and {len(w.places) - len(shown)} more"
        cells = [
            code(w.stripe_event),
            ", ".join(code(e) for e in w.dodo_events) or "(none)",
            w.match,
            where,
        ]
        if details:
            cells.append(inline(clip(w.note, 200)))
        rows.append(row(cells))
    header = ["Stripe event", "Dodo events", "Match", "Where"] + (["Note"] if details else [])
    return [
        f"### Webhooks: {plural(len(report.webhooks), 'Stripe event')} handled in the code",
        "",
        *_table(
            header,
            [":---"] * len(header),
            rows,
            budget=_BUDGETS["webhooks"] * (2 if details else 1),
            what="events",
        ),
        "",
    ]


def _config(report: Report, *, details: bool) -> list[str]:
    """Each configuration change (``STRIPE_PRICE_PRO=price_1 -> DODO_PRODUCT_PRO=pdt_1``)."""
    if not report.config:
        return []
    rows = [
        row([item.outcome, code(f"{item.file}:{item.line}"), code(clip(item.change, CELL))])
        for item in by_severity(report.config)
    ]
    return [
        f"### {inline(config_heading(report))}",
        "",
        *_table(
            ["Outcome", "Where", "Change"],
            [":---"] * 3,
            rows,
            budget=_BUDGETS["config"] * (2 if details else 1),
            what="values",
        ),
        "",
    ]


def _next_steps(report: Report) -> list[str]:
    steps = report.next_steps
    if not steps:
        return ["### Next steps", "", inline(no_steps(report)), ""]
    items = []
    for n, step in enumerate(steps, 1):
        line = (
            f"{n}. **{inline(step.code)}** ({step.level}, {plural(step.count, 'item')}): "
            f"{inline(clip(step.title))}"
        )
        if step.action:
            line += f"<br>What to do: {inline(clip(step.action))}"
        items.append(line)
    body = _bounded(
        items,
        _BUDGETS["steps"],
        lambda n: f"\n… and {n} more next steps (`--format html` lists them all).",
        keep=1,
    )
    return [f"### Next steps ({len(steps)}, what blocks the most first)", "", *body, ""]


def _problems(report: Report) -> list[str]:
    if not report.problems:
        return []
    items = [f"- {inline(clip(p))}" for p in report.problems]
    body = _bounded(items, _BUDGETS["problems"], lambda n: f"- … and {n} more", keep=1)
    return [
        f"### Problems: {plural(len(report.problems), 'input')} could not be read",
        "",
        *body,
        "",
    ]


# -- details ---------------------------------------------------------------------------------


def key_findings(findings: Sequence[FindingOut], limit: int = 2) -> str:
    """Blockers then warnings, one per code (with how often it occurs), messages clipped."""
    counts: Counter[str] = Counter()
    first: dict[str, FindingOut] = {}
    for f in findings:
        if f.level == "info":
            continue
        counts[f.code] += 1
        first.setdefault(f.code, f)
    ordered = sorted(first.values(), key=lambda f: 0 if f.level == "blocker" else 1)
    shown = []
    for f in ordered[:limit]:
        times = f" (×{counts[f.code]})" if counts[f.code] > 1 else ""
        mark = "**" if f.level == "blocker" else ""
        text = clip(f.message, 140 if f.level == "blocker" else 100)
        shown.append(f"{mark}{inline(f.code)}{mark}{times} {inline(text)}")
    rest = ordered[limit:]
    if rest:
        shown.append("also " + ", ".join(inline(f.code) for f in rest))
    return "<br>".join(shown) or "-"


def _arrows(text: str) -> str:
    return text.replace(" -&gt; ", " → ")


def _section(
    title: str, table: list[str], clean: Sequence[str], budget: int, what: str
) -> list[str]:
    out = ["<details>", f"<summary>{inline(title)}</summary>", ""]
    if table:
        out += [*table, ""]
    if clean:
        names = _bounded(
            [f"{name}," for name in clean],
            min(_BUDGETS["clean"], max(budget, 200)),
            lambda n: f"… and {n} more",
            keep=1,
        )
        text = " ".join(names).rstrip(",")
        out += [f"Clean ({len(clean)} {what}, they move as they are): {text}", ""]
    return [*out, "</details>", ""]


def _catalog(report: Report, budget: int) -> list[str]:
    if not report.catalog:
        return []
    rows = []
    for item in by_severity([c for c in report.catalog if c.outcome != "clean"]):
        changed, dropped = changed_fields(item)
        fields = []
        if changed:
            fields.append(_arrows(f"changed: {inline(clip(', '.join(changed), 120))}"))
        if dropped:
            fields.append(f"dropped: {inline(clip(', '.join(dropped), 80))}")
        rows.append(
            row(
                [
                    item.outcome,
                    f"{inline(item.kind)} {code(item.stripe_id)}",
                    inline(clip(item.title, 80)),
                    item.action,
                    "<br>".join(fields) or "-",
                    key_findings(item.findings),
                ]
            )
        )
    clean = [code(c.stripe_id) for c in report.catalog if c.outcome == "clean"]
    title = f"Catalog: {plural(len(report.catalog), 'item')} ({outcome_counts(report.catalog)})"
    table = (
        _table(
            ["Outcome", "Stripe object", "Title", "Action", "Fields", "Key findings"],
            [":---"] * 6,
            rows,
            budget=budget - _BUDGETS["clean"] - 300,
            what="catalog items",
        )
        if rows
        else []
    )
    return _section(title, table, clean, budget, "items")


def _sessions(report: Report, budget: int) -> list[str]:
    if not report.sessions:
        return []
    rows = []
    for s in by_severity([s for s in report.sessions if s.outcome != "clean"]):
        money = money_text(s)
        findings = key_findings(s.findings)
        if s.error:
            error = f"error: {inline(clip(s.error, 200))}"
            findings = error if findings == "-" else f"{error}<br>{findings}"
        source = code(s.source)
        if s.kind != "checkout_session":
            source += f"<br>{kind_text(s.kind)}: {code(s.request)}"
        rows.append(row([s.outcome, source, inline(money) if money else "-", findings]))
    clean = [code(s.source) for s in report.sessions if s.outcome == "clean"]
    title = (
        f"Checkout sessions: {plural(len(report.sessions), 'item')} "
        f"({outcome_counts(report.sessions)})"
    )
    table = (
        _table(
            ["Outcome", "Source", "Money check", "Key findings"],
            [":---"] * 4,
            rows,
            budget=budget - _BUDGETS["clean"] - 300,
            what="sessions",
        )
        if rows
        else []
    )
    return _section(title, table, clean, budget, "sessions")


def _code(report: Report, budget: int) -> list[str]:
    if not report.code:
        return []
    rows = [
        row(
            [
                k.outcome,
                code(f"{k.file}:{k.line}"),
                inline(clip(code_what(k), 120)),
                key_findings(k.findings),
            ]
        )
        for k in by_severity([k for k in report.code if k.outcome != "clean"])
    ]
    clean = [code(f"{k.file}:{k.line}") for k in report.code if k.outcome == "clean"]
    title = f"Code: {plural(len(report.code), 'place')} ({outcome_counts(report.code)})"
    table = (
        _table(
            ["Outcome", "Where", "What", "Key findings"],
            [":---"] * 4,
            rows,
            budget=budget - _BUDGETS["clean"] - 300,
            what="places",
        )
        if rows
        else []
    )
    return _section(title, table, clean, budget, "places")
