"""The mapping table: every Stripe -> Dodo rule, loaded once from `mappings/*.yaml`.

One table, many readers: the translator looks rules up by Stripe path or code, findings take
their level and wording from it, and the README's mapping reference is generated from it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from migrate.errors import RuleTableError
from migrate.findings import Level, Outcome

RuleKind = Literal["param", "legacy", "recorded", "check", "default", "code"]
Subject = Literal[
    "checkout",
    "price",
    "product",
    "coupon",
    "promotion_code",
    "customer",
    "code",
    "payment_intent",
    "setup_intent",
    "subscription_update",
]
SUBJECTS: tuple[Subject, ...] = (
    "checkout",
    "price",
    "product",
    "coupon",
    "promotion_code",
    "customer",
    "code",
    "payment_intent",
    "setup_intent",
    "subscription_update",
)
LIFECYCLE_SUBJECTS: tuple[Subject, ...] = ("payment_intent", "setup_intent", "subscription_update")
"""Subjects of the calls around Checkout (migrate/mapping/lifecycle.py translates them)."""

_DEFAULT_LEVEL: dict[Outcome, Level | None] = {
    Outcome.MAPPED: None,
    Outcome.TRANSFORMED: None,
    Outcome.APPROXIMATED: Level.WARNING,
    Outcome.DROPPED: Level.WARNING,
    Outcome.BLOCKED: Level.BLOCKER,
}

_CODE = re.compile(r"^[A-Z]{1,2}\d{3}$")
_INDEX = re.compile(r"\[\d+\]")


class Example(BaseModel):
    """A rule's worked example: Stripe params in, the part of the Dodo body that comes out."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    stripe: dict[str, Any] = Field(default_factory=dict)
    body: dict[str, Any] | None = None
    dodo: dict[str, Any] | None = None
    findings: tuple[str, ...] = ()
    requires: int | None = None
    options: dict[str, Any] = Field(default_factory=dict)
    payloads: list[dict[str, Any]] = Field(default_factory=list)
    objects: list[dict[str, Any]] = Field(default_factory=list)
    code: str | None = None
    """For ``code`` rules: a snippet the scanner must flag."""
    language: str | None = None


class Rule(BaseModel):
    """One declared rule. ``summary`` and ``suggestion`` may hold ``{name}`` placeholders that
    the translator fills with details (a value, a count)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    name: str
    kind: RuleKind = "param"
    subject: Subject = "checkout"
    stripe: str | None = None
    dodo: str | None = None
    outcome: Outcome | None = None
    level: Level | None = None
    transform: str | None = None
    values: dict[str, Any] | None = None
    quiet: bool = False
    decision: bool = False
    """A warning that asks a person to choose (the report counts its items as "needs a
    decision", like a dropped field's)."""
    runtime: Literal["carry", "report"] | None = None
    """How the rule treats a value known only at run time (an expression in scanned code):
    ``carry`` (param rules): the Dodo call receives that expression (``migrate/mapping/expr.py``);
    ``report`` (check rules): the finding is about such a value, so the scanner keeps it
    where it drops findings it cannot judge from the code."""
    summary: str
    why: str
    suggestion: str = ""
    example: Example
    area: str = Field(default="", exclude=True)

    @field_validator("summary", "why", "suggestion")
    @classmethod
    def _one_line(cls, text: str) -> str:
        return " ".join(text.split())

    @field_validator("code")
    @classmethod
    def _code_shape(cls, code: str) -> str:
        if not _CODE.match(code):
            raise ValueError(f"rule code {code!r} must look like C001 or LI001")
        return code

    @property
    def finding_level(self) -> Level | None:
        """The level of the finding this rule emits, or None when it emits none."""
        if self.quiet or self.kind == "default":
            return None
        if self.level is not None:
            return self.level
        return _DEFAULT_LEVEL[self.outcome] if self.outcome else None

    def message(self, **details: Any) -> str:
        return _fill(self.summary, details)

    def advice(self, **details: Any) -> str:
        return _fill(self.suggestion, details)


def _fill(template: str, details: Mapping[str, Any]) -> str:
    """``template`` with ``{name}`` filled from ``details``; ``{{``/``}}`` are literal braces,
    shown single even when there is nothing to fill."""
    if "{" not in template and "}" not in template:
        return template
    try:
        return template.format_map(_Details(details))
    except (IndexError, ValueError):
        return template.replace("{{", "{").replace("}}", "}")


class _Details(dict[str, Any]):
    """Placeholders without a detail stay as written (``{name}``)."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def pattern_of(path: str) -> str:
    """``line_items[2].price`` -> ``line_items[].price``."""
    return _INDEX.sub("[]", path)


@dataclass(frozen=True)
class Area:
    """One mapping file: a titled group of rules."""

    name: str
    title: str
    description: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class RuleTable:
    """The immutable, validated table. Look-ups are dictionary reads."""

    areas: tuple[Area, ...]
    by_code: Mapping[str, Rule]
    by_stripe: Mapping[tuple[Subject, str], Rule]
    levels: Mapping[str, Level | None]
    trees: Mapping[Subject, Mapping[str, Any]]
    state_fields: Mapping[Subject, Mapping[str, Rule]]
    """Per subject, the fields named by its ``recorded`` rules (Stripe state, display extras)."""

    @property
    def tree(self) -> Mapping[str, Any]:
        """The walk tree of Checkout Session parameters."""
        return self.trees["checkout"]

    def __iter__(self) -> Iterator[Rule]:
        for area in self.areas:
            yield from area.rules

    def __getitem__(self, code: str) -> Rule:
        return self.by_code[code]


def _read_areas() -> list[tuple[str, dict[str, Any]]]:
    out = []
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for entry in sorted(resources.files("mappings").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml") or entry.name.startswith("_"):
            continue
        try:
            doc = yaml.load(entry.read_text(encoding="utf-8"), Loader=loader)
        except yaml.YAMLError as exc:
            raise RuleTableError(f"mappings/{entry.name}: invalid YAML: {exc}") from exc
        if not isinstance(doc, dict) or not isinstance(doc.get("rules"), list):
            raise RuleTableError(f"mappings/{entry.name}: expected a mapping with a 'rules' list")
        out.append((entry.name.removesuffix(".yaml"), doc))
    return out


def _build(raw: list[tuple[str, dict[str, Any]]]) -> RuleTable:
    areas: list[Area] = []
    by_code: dict[str, Rule] = {}
    by_stripe: dict[tuple[Subject, str], Rule] = {}
    for name, doc in raw:
        rules = []
        for i, item in enumerate(doc["rules"]):
            try:
                rule = Rule.model_validate({**item, "area": name})
            except ValidationError as exc:
                first = exc.errors()[0]
                loc = ".".join(str(p) for p in first["loc"])
                raise RuleTableError(
                    f"mappings/{name}.yaml rule #{i}: {loc}: {first['msg']}"
                ) from exc
            if rule.code in by_code:
                raise RuleTableError(f"mappings/{name}.yaml: duplicate rule code {rule.code}")
            by_code[rule.code] = rule
            if rule.kind == "param":
                if not rule.stripe or rule.outcome is None:
                    raise RuleTableError(
                        f"{rule.code}: a {rule.kind} rule needs stripe and outcome"
                    )
                if (rule.subject, rule.stripe) in by_stripe:
                    raise RuleTableError(f"{rule.code}: path {rule.stripe} already has a rule")
                by_stripe[(rule.subject, rule.stripe)] = rule
            elif rule.kind in ("check", "code") and rule.finding_level is None:
                raise RuleTableError(f"{rule.code}: a {rule.kind} rule needs a level")
            if rule.runtime == "carry" and rule.kind != "param":
                raise RuleTableError(f"{rule.code}: only a param rule carries a run-time value")
            if rule.runtime == "report" and rule.finding_level is None:
                raise RuleTableError(f"{rule.code}: `runtime: report` needs a finding level")
            rules.append(rule)
        areas.append(
            Area(
                name=name,
                title=str(doc.get("title", name)),
                description=str(doc.get("description", "")).strip(),
                rules=tuple(rules),
            )
        )
    levels = {code: rule.finding_level for code, rule in by_code.items()}
    trees = {subject: _tree(by_stripe, subject) for subject in SUBJECTS}
    state: dict[Subject, dict[str, Rule]] = {subject: {} for subject in SUBJECTS}
    for rule in by_code.values():
        if rule.kind == "recorded" and rule.values:
            for name in rule.values.get("fields", ()):
                state[rule.subject][str(name)] = rule
    return RuleTable(tuple(areas), by_code, by_stripe, levels, trees, state)


def _tree(by_stripe: Mapping[tuple[Subject, str], Rule], subject: Subject) -> dict[str, Any]:
    """Rules of one subject as nested dicts for walking: each key maps to its ``Rule`` or to
    the sub-tree below it; a list's elements are under the key ``"[]"``."""
    root: dict[str, Any] = {}
    for (of, pattern), rule in by_stripe.items():
        if of != subject:
            continue
        parts = re.split(r"\.|(?=\[\])", pattern)
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = rule
    return root


@functools.cache
def load_table() -> RuleTable:
    """Load and validate every mapping file once per process."""
    return _build(_read_areas())


@dataclass(frozen=True)
class DodoEnums:
    """Dodo's enumerations, as shipped in ``mappings/_dodo_enums.yaml``."""

    sdk_version: str
    currencies: frozenset[str]
    countries: frozenset[str]
    payment_method_types: frozenset[str]
    languages: frozenset[str]


@functools.cache
def load_enums() -> DodoEnums:
    """Dodo's currency, country, payment-method and language codes."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    text = resources.files("mappings").joinpath("_dodo_enums.yaml").read_text(encoding="utf-8")
    doc = yaml.load(text, Loader=loader)
    return DodoEnums(
        sdk_version=str(doc["sdk_version"]),
        currencies=frozenset(doc["currencies"]),
        countries=frozenset(doc["countries"]),
        payment_method_types=frozenset(doc["payment_method_types"]),
        languages=frozenset(doc["languages"]),
    )
