"""What a scan finds: a place in scanned code (a ``CallSite``) and what the scan looked at
(``ScanStats``): the scan's result types. Also what every kind of site is built from: its
position, the finding of a related-code rule, and the view of a translation that leaves out
what only run time can tell. The scanner (``migrate/scan/scan.py``) and the readers of code
inside other files (``migrate/scan/embedded.py``) both make sites from these.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from ast_grep_py import SgNode

from migrate.display import shown_path
from migrate.findings import Finding, Level
from migrate.mapping.expr import exprs_in
from migrate.mapping.runtime import MONEY_LOST, SETTLED_CHOICES, decides_money
from migrate.mapping.table import load_table
from migrate.mapping.trace import short
from migrate.mapping.translate import Translation
from migrate.readers.curl import redact
from migrate.scan.extract import CHOICE, EACH, Dynamic, is_dynamic
from migrate.scan.metadata_wholes import PATHS as METADATA_PATHS
from migrate.scan.metadata_wholes import whole_source
from migrate.scan.patterns import SiteKind

ConfigKind = Literal["product", "customer", "discount"]
CONFIG_FORMATS: Final = frozenset({"dotenv", "compose", "json", "yaml", "toml"})
"""The ``language`` of a site in a configuration file: the file's format."""


@dataclass(frozen=True, slots=True)
class ConfigId:
    """A Stripe id found in a configuration value, what it is, and its Dodo id (the Dodo
    discount code for a coupon or promotion code; None when the id map does not know it)."""

    stripe_id: str
    kind: ConfigKind
    dodo_id: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"stripe_id": self.stripe_id, "kind": self.kind, "dodo_id": self.dodo_id}


@dataclass(frozen=True, slots=True)
class ConfigEntry:
    """A configuration value holding Stripe ids and the change to make for Dodo
    (``migrate/scan/config.py``): the file's format, the key (a dotted path, or the variable),
    the variable's name when it is one, the key to set for Dodo, the ids, and the value before
    and after (each None when it is not only ids: then it is never shown)."""

    format: str
    key: str
    env: str | None
    dodo_key: str
    ids: tuple[ConfigId, ...]
    value: str | None
    dodo_value: str | None

    def _new(self) -> str:
        if self.dodo_value is not None:
            return self.dodo_value
        known = [i.dodo_id for i in self.ids if i.dodo_id is not None]
        if len(known) == len(self.ids):
            return "…" + ", ".join(known) + "…"
        return "(no Dodo id yet)"

    def _old(self) -> str:
        return (
            self.value
            if self.value is not None
            else "…" + ", ".join(i.stripe_id for i in self.ids) + "…"
        )

    def change(self) -> str:
        """``STRIPE_PRICE_PRO=price_1 -> DODO_PRODUCT_PRO=pdt_1`` (a variable) or
        ``stripe.prices.pro = price_1 -> dodo.products.pro = pdt_1`` (a key)."""
        if self.env is not None:
            return f"{self.env}={self._old()} -> {self.dodo_key}={self._new()}"
        return f"{self.key} = {self._old()} -> {self.dodo_key} = {self._new()}"

    def suggestion(self) -> str:
        """What to set for Dodo."""
        if self.env is not None:
            return f"{self.dodo_key}={self._new()}"
        return f"{self.dodo_key} = {self._new()}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "key": self.key,
            "env": self.env,
            "dodo_key": self.dodo_key,
            "ids": [i.as_dict() for i in self.ids],
            "value": self.value,
            "dodo_value": self.dodo_value,
            "change": self.change(),
        }


@dataclass(frozen=True, slots=True)
class CallSite:
    """One place in the code: a Checkout Session creation (``kind="create"``, with its
    translation) or related code a migration touches (``kind="related"``, with its rule).

    ``line``/``column`` are 1-based, ``end_line``/``end_column`` too (end exclusive); ``span``
    is the ``[start, end)`` character range in the file when the site can be rewritten in place
    (not inside Markdown or HTML). ``params`` holds ``{"$dynamic": source}`` markers for
    run-time values, which are left out of the ``translation``; ``suggestion`` is the Dodo call
    in the same language."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int
    language: str
    kind: SiteKind
    callee: str
    params: dict[str, Any]
    dynamic: tuple[Dynamic, ...]
    translation: Translation | None
    findings: tuple[Finding, ...]
    suggestion: str
    source_line: str
    span: tuple[int, int] | None = None
    rule: str | None = None
    event: str | None = None
    config: ConfigEntry | None = None
    """For a value in a configuration file (``language`` is its format): the ids and the
    change to make."""
    via: str | None = None
    """For a call to a project wrapper of a creation: the wrapper (``NAME at FILE:LINE``)."""
    wrapper: str | None = None
    """For a creation inside a project wrapper: the wrapper's signature."""
    imports: tuple[str, ...] = ()
    """Imports the Dodo call needs that the file lacks, as statements of its language: the
    constants a params builder of another file reads (``migrate/scan/borrowed_imports.py``)."""

    def label(self) -> str:
        return f"{shown_path(self.file)}:{self.line}:{self.column}"

    @property
    def status(self) -> str:
        if self.translation is not None:
            return self.translation.status
        return "related"

    @property
    def verdict(self) -> str:
        """What the reader needs to know first: ``blocked`` (a blocker finding), ``translated,
        run-time values: review`` (values known only at run time, carried or reported),
        ``translated``; ``skipped``, ``error`` or ``related`` otherwise."""
        t = self.translation
        if t is None or t.status != "translated":
            return self.status
        if any(f.level is Level.BLOCKER for f in self.findings):
            return "blocked"
        return "translated, run-time values: review" if t.review else "translated"

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "file": shown_path(self.file),
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "language": self.language,
            "kind": self.kind,
            "callee": self.callee,
        }
        if self.rule is not None:
            out["rule"] = self.rule
        if self.event is not None:
            out["event"] = self.event
        if self.config is not None:
            out["config"] = self.config.as_dict()
        if self.via is not None:
            out["via"] = self.via
        if self.wrapper is not None:
            out["wrapper"] = self.wrapper
        if self.imports:
            out["imports"] = list(self.imports)
        if self.translation is not None:
            result = self.translation.as_dict()
            result.pop("source", None)
            out.update(params=self.params, dynamic=[d.as_dict() for d in self.dynamic])
            out.update(result)
        out["findings"] = [f.as_dict() for f in self.findings]
        out["suggestion"] = self.suggestion
        return out


def site_kind(site: CallSite) -> str:
    """``create`` (a Checkout Session), ``call`` (a call around Checkout translated to its Dodo
    call: a PaymentIntent, SetupIntent, subscription update, invoice preview), ``config`` (a
    value in a configuration file) or ``related``."""
    if site.language in CONFIG_FORMATS:
        return "config"
    if site.kind == "create" and site.translation is not None and site.translation.request:
        return "call"
    return site.kind


INTERNAL_PROBLEM: Final = ": internal error while reading this file"
"""What the problem of a file an internal error stopped says (after its path)."""


def error_detail(exc: BaseException) -> str:
    """An unexpected error as one line of a problem: its type and message, a Stripe secret
    key in it hidden (the message may quote the scanned code), cut at 200 characters."""
    return f"{type(exc).__name__}: {redact(' '.join(str(exc).split()))[:200]}"


def internal_problem(shown: str, exc: BaseException) -> str:
    """The one-line problem of a file whose scan raised ``exc`` (a bug): the other files are
    scanned; ``--traceback`` shows where."""
    return (
        f"{shown}{INTERNAL_PROBLEM} ({error_detail(exc)}): the other files were "
        "scanned; check this one by hand, and rerun with --traceback and report it"
    )


@dataclass
class ScanStats:
    """What a scan looked at: files considered, parsed (passed the prefilter), and problems."""

    files: int = 0
    parsed: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def internal(self) -> bool:
        """Whether a file was not scanned because of an internal error (a bug: the exit code
        says so, 3, once every other file is scanned)."""
        return any(INTERNAL_PROBLEM in problem for problem in self.problems)

    def as_dict(self) -> dict[str, Any]:
        return {"files": self.files, "parsed": self.parsed, "problems": list(self.problems)}


def located(node: SgNode, lines: list[str]) -> dict[str, Any]:
    """A site's position fields (1-based line and column, end, the stripped source line, a
    Stripe secret key written in it hidden: it is shown in every output)."""
    rng = node.range()
    return {
        "line": rng.start.line + 1,
        "column": rng.start.column + 1,
        "end_line": rng.end.line + 1,
        "end_column": rng.end.column + 1,
        "source_line": redact(lines[rng.start.line].strip()) if rng.start.line < len(lines) else "",
    }


SDK_LANGUAGES: Final = frozenset({"python", "javascript", "typescript", "tsx"})
"""The languages Dodo has an official SDK for: elsewhere advice names the REST call."""


def related_finding(code: str, *, language: str | None = None, **details: Any) -> Finding:
    """The finding of a related-code rule, worded by ``mappings/code.yaml``; for code in
    ``language`` when it has no Dodo SDK, with the rule's REST advice where it has one."""
    rule = load_table()[code]
    level = details.pop("level", None) or rule.finding_level or Level.WARNING
    sdk = language is None or language in SDK_LANGUAGES
    return Finding(code, level, "", rule.message(**details), rule.advice(sdk=sdk, **details))


def static_view(
    translation: Translation,
    dynamic: tuple[Dynamic, ...],
    params: dict[str, Any] | None = None,
) -> Translation:
    """Drop the findings about values only known at run time (they are listed as dynamic):
    a finding at, above or below a dynamic path cannot be judged from the code, unless its
    rule is about such a value (``runtime: report``) or is emitted for each alternative of a
    run-time choice the code names (``choices``). A run-time value Dodo does not need
    (``runtime: unneeded``, such as a subscription item's id) hides no finding.

    With the call's ``params``, a run-time value that changed an object without being in it
    (an entry with a key known only at run time: ``putMetadata(key, v)``,
    ``params[:metadata][key] = v``) and that neither reaches the Dodo call nor has a finding
    saying what it loses gets one: RT012, RT002 where it decides what the buyer pays."""
    table = load_table()

    def unneeded(path: str) -> bool:  # a run-time value Dodo does not need decides nothing
        code = translation.fields.get(path, (None, None))[1]
        return code is not None and code in table.by_code and table[code].runtime == "unneeded"

    # a choice between literals settled when translating (each value translated: RT043, RT050)
    # is judged from the code: what its values say stays (a shipping rate by id blocks)
    settled = [f.path for f in translation.findings if f.code in SETTLED_CHOICES]
    paths = [
        d.path
        for d in dynamic
        if not unneeded(d.path)
        and not any(s == d.path or s.startswith((f"{d.path}.", f"{d.path}[")) for s in settled)
    ]

    def related(path: str) -> bool:
        if params is not None and _templated(params, path):
            return False
        return any(
            path == d
            or path.startswith((f"{d}.", f"{d}["))
            or d.startswith((f"{path}.", f"{path}["))
            or not d
            for d in paths
        )

    if not paths:
        return translation
    kept = tuple(
        f
        for f in translation.findings
        if f.level is Level.INFO
        or table[f.code].runtime == "report"
        or table[f.code].choices
        or not related(f.path)
    )
    if params is not None:
        kept += _unplaced(translation, dynamic, params, kept, unneeded)
    return translation._replace(findings=kept)


def _templated(params: dict[str, Any], path: str) -> bool:
    """Whether ``path`` (``line_items[].adjustable_quantity``) names a value the code writes in
    the element of a list it maps at run time (``items.map((i) => ({..., adjustable_quantity:
    {enabled: true}}))``): the list is known only at run time, that value of each element is
    not, so a finding about it (a key Dodo drops) stays."""
    head, marker, tail = path.partition("[].")
    if not marker:
        return False
    node = value_at(params, head)
    each = node.get(EACH) if is_dynamic(node) else None
    item = each.get("item") if type(each) is dict else None
    if type(item) is not dict:
        return False
    value = value_at(item, tail)
    return value is not ABSENT and not is_dynamic(value) and not _holds_dynamic(value)


def _holds_dynamic(value: Any) -> bool:
    if is_dynamic(value):
        return True
    if type(value) is dict:
        return any(_holds_dynamic(v) for v in value.values())
    if type(value) is list:
        return any(_holds_dynamic(v) for v in value)
    return False


def _unplaced(
    translation: Translation,
    dynamic: tuple[Dynamic, ...],
    params: dict[str, Any],
    findings: tuple[Finding, ...],
    unneeded: Callable[[str], bool],
) -> tuple[Finding, ...]:
    """The findings of the run-time values that changed an object of ``params`` without a
    place in it (its value at their path is missing, or an object known from the code), that
    no Dodo value carries and no ``runtime: report`` finding at, above or below their path
    speaks for."""
    table = load_table()
    carried = {e.source for e in exprs_in([translation.dodo, translation.fallback])}
    reported = [f.path for f in findings if table[f.code].runtime == "report"]
    lost: dict[str, list[str]] = {}  # one finding per path, quoting each change
    for d in dynamic:
        if not d.path or d.source in carried or unneeded(d.path) or not _unplaced_at(params, d):
            continue
        if d.path in METADATA_PATHS and whole_source(d.source) in carried:  # merged in whole
            continue
        spread = d.source.lstrip().startswith(("**", "..."))  # an entry, not the object
        if not any(_near(d.path, p) and not (spread and _below(p, d.path)) for p in reported):
            lost.setdefault(d.path, []).append(short(d.source))
    out: list[Finding] = []
    for path, sources in lost.items():
        source = "; ".join(dict.fromkeys(sources))
        if decides_money(path):
            what = "part of it is set in a way the scan cannot read"
            finding = related_finding(MONEY_LOST, path=path, source=source, lost=what)
        else:
            finding = related_finding(PART_LOST, path=path, source=source)
        out.append(finding._replace(path=path))
    return tuple(out)


PART_LOST: Final = "RT012"

_STEPS: Final = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


ABSENT: Final = object()
"""What :func:`value_at` gives for a path the params do not have."""


def value_at(params: dict[str, Any], path: str) -> Any:
    """What a call's ``params`` hold at ``path`` (``line_items[0].price``): the value, or the
    run-time value met on the way (a path below one is in it), or ``ABSENT``: not there."""
    node: Any = params
    for index, key in _STEPS.findall(path):
        if is_dynamic(node):
            break
        if index and type(node) is list and int(index) < len(node):
            node = node[int(index)]
        elif key and type(node) is dict and key in node:
            node = node[key]
        else:
            return ABSENT
    return node


def _unplaced_at(params: dict[str, Any], d: Dynamic) -> bool:
    """Whether ``d`` changed the object at its path without being in it: the value there is
    missing or an object known from the code, or a run-time value (there or above) written
    by other code (``options.Metadata[key] = v`` after ``Metadata = new Dictionary...``:
    the expression carried does not make that entry)."""
    node = value_at(params, d.path)
    if node is ABSENT:
        return True  # not there at all
    if is_dynamic(node):
        return str(node["$dynamic"]) != d.source
    return type(node) in (dict, list)


def _below(path: str, other: str) -> bool:
    """Whether ``path`` is inside ``other`` (a finding about one key of an object speaks for
    no entry spread into it: ``**(price.product.metadata or {})`` beside a key set twice)."""
    return path.startswith((f"{other}.", f"{other}["))


def _near(path: str, other: str) -> bool:
    return (
        path == other
        or path.startswith((f"{other}.", f"{other}["))
        or other.startswith((f"{path}.", f"{path}["))
    )


_DECIDING: Final = {
    "customer": "{customer}",
    "payment_method": "{payment_method}",
    "source": "{payment_method}",
    "off_session": True,
    "confirm": True,
    "subscription": "{subscription}",
}
"""Params that decide which Dodo call a PaymentIntent becomes: a run-time value still counts
(a variable ``customer`` is a customer), as a ``{name}`` stand-in or as set."""


SESSION_ENDPOINT: Final = "/v1/checkout/sessions"


def session_meta(dynamic: tuple[Dynamic, ...]) -> dict[str, str]:
    """What the translator is told about a Checkout Session creation in code: its endpoint
    (so it is never skipped for want of a readable parameter) and the source of params spread
    in at run time, if any (``**options``: ``runtime_params``)."""
    return {"endpoint": SESSION_ENDPOINT, "method": "POST", **spread_meta(dynamic)}


def spread_meta(dynamic: tuple[Dynamic, ...]) -> dict[str, str]:
    """The source of params spread in at run time (``**options``, a whole params object the
    scanner cannot read), as ``runtime_params``; nothing when there is none."""
    spread = [d.source for d in dynamic if not d.path]
    return {"runtime_params": ", ".join(spread)} if spread else {}


def stand_ins(params: dict[str, Any]) -> dict[str, Any]:
    """The deciding params of ``params`` that are known only at run time, as stand-ins; a flag
    chosen at run time between values that are all false (``False if x else None``, a wrapper's
    ``off_session if off_session else False`` at a caller passing False) is false."""
    out: dict[str, Any] = {}
    for key, stand_in in _DECIDING.items():
        value = params.get(key)
        if is_dynamic(value):
            truth = known_truth(value) if stand_in is True else None
            out[key] = stand_in if truth is None else truth
    return out


def decided(params: dict[str, Any]) -> tuple[str, ...]:
    """The deciding flags of ``params`` known only at run time whose every branch agrees
    (``False if retry else None``): their stand-in is their value, so the Dodo call the
    translator chose holds them whole (no comment, no finding: nothing is lost)."""
    return tuple(
        key
        for key, stand_in in _DECIDING.items()
        if stand_in is True and is_dynamic(params.get(key)) and known_truth(params[key]) is not None
    )


def known_truth(value: Any) -> bool | None:
    """Whether ``value`` is true, when every branch of its run-time choices agrees (None: only
    run time tells)."""
    if not is_dynamic(value):
        return bool(value)
    choice = value.get(CHOICE)
    if choice is None:
        return None
    then, other = known_truth(choice["then"]), known_truth(choice["else"])
    return then if then is not None and then == other else None


def related_site(rule: str, common: dict[str, Any], finding: Finding | None = None) -> CallSite:
    """A related call site (``common``: where it is and what it calls): its rule's finding
    (``finding``, when its text takes values), nothing translated."""
    finding = finding or related_finding(rule, language=common.get("language"))
    return CallSite(
        kind="related",
        params={},
        dynamic=(),
        translation=None,
        findings=(finding,),
        suggestion=finding.suggestion,
        rule=rule,
        **common,
    )
