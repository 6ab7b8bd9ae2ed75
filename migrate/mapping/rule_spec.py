"""The checks a rule of ``mappings/*.yaml`` passes when the table is built from the YAML
(pydantic models, imported only then): the table itself, and its cache, hold the plain
:class:`~migrate.mapping.table.Rule` and :class:`~migrate.mapping.table.Example` built from
them, so loading the cached table imports no pydantic."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from migrate.findings import Level, Outcome
from migrate.mapping.rule_types import RuleKind, Subject

_CODE = re.compile(r"^[A-Z]{1,2}\d{3}$")


class ExampleSpec(BaseModel):
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


class RuleSpec(BaseModel):
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
    copies: bool = False
    """The translation reads this field's text values only to copy them into the Dodo body (and
    to check their length and control characters): two payloads that differ only in such
    values, each of the same length and made of letters, digits and ``_.@+-``, translate to the
    same output but for those values, written where the values are. ``translate`` relies on it
    to translate a payload shape once (``migrate/commands/memo.py``);
    ``tests/translate/test_memo.py`` holds every such rule to it."""
    choices: bool = False
    """(A ``runtime: carry`` param rule) A run-time choice between values the code names is
    translated as each of them, and this rule's finding is emitted for each: it is judged from
    the code, so the scanner keeps it where it drops the findings at run-time paths."""
    runtime: Literal["carry", "unneeded", "report"] | None = None
    """How the rule treats a value known only at run time (an expression in scanned code):
    ``carry`` (param rules): the Dodo call receives that expression (``migrate/mapping/expr.py``);
    ``unneeded`` (param rules): Dodo needs the value no more than the literal one (which only
    says which Stripe object is meant), so it is left out without a finding; ``report`` (check
    rules): the finding is about such a value, so the scanner keeps it where it drops findings
    it cannot judge from the code. Any other run-time value is reported as lost (RT001)."""
    summary: str
    why: str
    suggestion: str = ""
    suggestion_rest: str = ""
    """The advice for code in a language without a Dodo SDK: the REST call."""
    example: ExampleSpec
    area: str = Field(default="", exclude=True)

    @field_validator("summary", "why", "suggestion", "suggestion_rest")
    @classmethod
    def _one_line(cls, text: str) -> str:
        return " ".join(text.split())

    @field_validator("code")
    @classmethod
    def _code_shape(cls, code: str) -> str:
        if not _CODE.match(code):
            raise ValueError(f"rule code {code!r} must look like C001 or LI001")
        return code
