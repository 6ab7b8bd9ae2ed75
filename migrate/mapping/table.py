"""The mapping table: every Stripe -> Dodo rule, loaded once from `mappings/*.yaml`.

One table, many readers: the translator looks rules up by Stripe path or code, findings take
their level and wording from it, and the mapping reference (docs/rules.md) is generated from it.

A rule may name a *transform* (``transform: currency``): the function that turns the Stripe
value into its part of the Dodo body. Transforms are registered here (:data:`TRANSFORMS`), each
for the subjects whose rules may name it, by the modules that define them; importing
``migrate.mapping`` registers them all (``migrate/mapping/__init__.py``). The table is checked
against them when it loads: a rule naming a transform its subject does not have is a
``RuleTableError``, like any other mistake in ``mappings/``.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar

from migrate.errors import RuleTableError
from migrate.findings import Level, Outcome
from migrate.mapping.rule_types import RuleKind, Subject

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

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
    "subscription_create",
    "subscription_cancel",
    "usage_event",
    "subscription",
)
LIFECYCLE_SUBJECTS: tuple[Subject, ...] = (
    "payment_intent",
    "setup_intent",
    "subscription_update",
    "subscription_create",
    "subscription_cancel",
    "usage_event",
)
"""Subjects of the calls around Checkout (migrate/mapping/lifecycle.py routes them)."""
CATALOG_SUBJECTS: tuple[Subject, ...] = ("price", "product", "coupon", "promotion_code", "customer")
"""Subjects read as Stripe objects (a snapshot's catalog): besides the fields their param rules
map, they hold the fields their ``recorded`` rules name (ids, timestamps, Stripe's state)."""
OBJECT_SUBJECTS: tuple[Subject, ...] = (*CATALOG_SUBJECTS, "subscription")
"""Every subject read as a Stripe object: the catalog's, and the subscriptions a snapshot holds
(``migrate/mapping/subscribers.py``)."""
UNKNOWN: Mapping[Subject, str] = {
    "checkout": "C090",
    "payment_intent": "PI090",
    "setup_intent": "SI090",
    "subscription_update": "SU090",
    "subscription_create": "SC090",
    "subscription_cancel": "SX090",
    "usage_event": "UE090",
    **dict.fromkeys(CATALOG_SUBJECTS, "K109"),
    "subscription": "SB091",
}
"""Per walked subject, the rule of a field that no rule covers (it is dropped)."""

_DEFAULT_LEVEL: dict[Outcome, Level | None] = {
    Outcome.MAPPED: None,
    Outcome.TRANSFORMED: None,
    Outcome.APPROXIMATED: Level.WARNING,
    Outcome.DROPPED: Level.WARNING,
    Outcome.BLOCKED: Level.BLOCKER,
}

_INDEX = re.compile(r"\[\d+\]")


@dataclass(frozen=True, slots=True, kw_only=True)
class Example:
    """A rule's worked example: Stripe params in, the part of the Dodo body that comes out."""

    stripe: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] | None = None
    dodo: dict[str, Any] | None = None
    findings: tuple[str, ...] = ()
    requires: int | None = None
    options: dict[str, Any] = field(default_factory=dict)
    payloads: list[dict[str, Any]] = field(default_factory=list)
    objects: list[dict[str, Any]] = field(default_factory=list)
    code: str | None = None
    """For ``code`` rules: a snippet the scanner must flag."""
    language: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """One declared rule. ``summary`` and ``suggestion`` may hold ``{name}`` placeholders that
    the translator fills with details (a value, a count).

    Plain data (checked by :mod:`migrate.mapping.rule_spec` when the table is built from the
    YAML), so the cached table loads without pydantic."""

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
    rules): the finding is about such a value, or is judged from what the code shows whatever
    the values (the number of a cart's lines: D002, D003, SU103), so the scanner keeps it where
    it drops findings it cannot judge from the code. Any other run-time value is reported as
    lost (RT001)."""
    summary: str
    why: str
    suggestion: str = ""
    suggestion_rest: str = ""
    """The advice where the code's language has no Dodo SDK (Ruby, PHP, Go, Java, Kotlin, C#,
    shell): the REST call instead of the Python and Node SDK calls ``suggestion`` names."""
    example: Example
    area: str = field(default="", compare=False)

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

    def advice(self, *, sdk: bool = True, **details: Any) -> str:
        """The suggestion, filled; with ``sdk`` False (code in a language without a Dodo SDK),
        :attr:`suggestion_rest` where the rule has one."""
        return _fill(
            self.suggestion if sdk or not self.suggestion_rest else self.suggestion_rest, details
        )


def _fill(template: str, details: Mapping[str, Any]) -> str:
    """``template`` with ``{name}`` filled from ``details``; ``{{``/``}}`` are literal braces,
    shown single even when there is nothing to fill."""
    if "{" not in template and "}" not in template:
        return template
    try:
        return template.format_map(_Details({k: uncommented(v) for k, v in details.items()}))
    except (IndexError, ValueError):
        return template.replace("{{", "{").replace("}}", "}")


_COMMENT: Final = re.compile(
    r"(?P<keep>\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)"
    r"|/\*.*?\*/|//[^\n]*|(?<![\w$])# [^\n]*",
    re.S,
)


def uncommented(value: Any) -> Any:
    """A detail that is code over several lines (a run-time value as written) without its
    comments (``// "never" or "auto"``, ``# the plan``): the finding shows it on one line, where
    a comment would run on over the code after it. Strings are kept as written."""
    if type(value) is not str or "\n" not in value:
        return value
    return _COMMENT.sub(lambda m: m.group("keep") or "", value)


class _Details(dict[str, Any]):
    """Placeholders without a detail stay as written (``{name}``)."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


Transform = Callable[[Any, Rule, str, Any], Outcome | None]
"""``transform(state, rule, path, value)``: writes what ``value`` (at ``path``) becomes into
``state`` (the cart or draft being built) and returns the field's outcome, or None to let the
rule's own outcome (and finding) stand."""
_F = TypeVar("_F", bound=Callable[..., Outcome | None])


class Transforms:
    """The one registry of transforms, by subject: a checkout rule and a coupon rule may not
    name the same function (they build different things)."""

    def __init__(self) -> None:
        self._by_subject: dict[Subject, dict[str, Transform]] = {s: {} for s in SUBJECTS}

    def register(self, name: str, *subjects: Subject) -> Callable[[_F], _F]:
        """A decorator registering a transform as ``name`` for the rules of ``subjects``."""
        if not subjects:
            raise ValueError(f"transform {name!r}: name the subjects whose rules use it")

        def add(fn: _F) -> _F:
            for subject in subjects:
                if name in self._by_subject[subject]:
                    raise ValueError(f"transform {name!r} is registered twice for {subject}")
                self._by_subject[subject][name] = fn
            return fn

        return add

    def get(self, subject: Subject, name: str) -> Transform:
        return self._by_subject[subject][name]

    def names(self, subject: Subject) -> frozenset[str]:
        return frozenset(self._by_subject[subject])


TRANSFORMS = Transforms()
transform = TRANSFORMS.register


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


def mapping_files() -> Traversable:
    """The folder of the ``mappings`` package (a plain folder as installed or checked out; a
    packed install is read through ``importlib.resources``, which a short run does not load)."""
    import mappings

    for folder in mappings.__path__:
        if Path(folder).is_dir():
            return Path(folder)
    from importlib import resources  # pragma: no cover - a zipped install

    return resources.files("mappings")  # pragma: no cover


def read_areas() -> list[tuple[str, dict[str, Any]]]:
    """Every mapping file of the `mappings` package: its name and its parsed YAML."""
    import yaml  # only to build the table: a run with a cached one never loads PyYAML

    out = []
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for entry in sorted(mapping_files().iterdir(), key=lambda e: e.name):
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


def build_table(
    raw: list[tuple[str, dict[str, Any]]], transforms: Transforms = TRANSFORMS
) -> RuleTable:
    """The validated table of ``raw`` mapping files (name, parsed YAML); every transform a
    rule names must be one of ``transforms`` for its subject."""
    from pydantic import ValidationError

    from migrate.mapping.rule_spec import RuleSpec

    areas: list[Area] = []
    by_code: dict[str, Rule] = {}
    by_stripe: dict[tuple[Subject, str], Rule] = {}
    for name, doc in raw:
        rules = []
        for i, item in enumerate(doc["rules"]):
            try:
                rule = _rule_of(RuleSpec.model_validate({**item, "area": name}))
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
            if rule.runtime in ("carry", "unneeded") and rule.kind != "param":
                raise RuleTableError(
                    f"{rule.code}: only a param rule says `runtime: {rule.runtime}`"
                )
            if rule.choices and rule.runtime != "carry":
                raise RuleTableError(f"{rule.code}: `choices` needs `runtime: carry`")
            if rule.runtime == "report" and rule.finding_level is None:
                raise RuleTableError(f"{rule.code}: `runtime: report` needs a finding level")
            if rule.transform is not None:
                _check_transform(rule, transforms, f"mappings/{name}.yaml")
            rules.append(rule)
        areas.append(
            Area(
                name=name,
                title=str(doc.get("title", name)),
                description=str(doc.get("description", "")).strip(),
                rules=tuple(rules),
            )
        )
    for subject, code in UNKNOWN.items():
        if code not in by_code:
            raise RuleTableError(f"{code}: the rule of unknown {subject} fields is missing")
    levels = {code: rule.finding_level for code, rule in by_code.items()}
    trees = {subject: _tree(by_stripe, subject) for subject in SUBJECTS}
    state: dict[Subject, dict[str, Rule]] = {subject: {} for subject in SUBJECTS}
    for rule in by_code.values():
        if rule.kind == "recorded" and rule.values:
            for name in rule.values.get("fields", ()):
                state[rule.subject][str(name)] = rule
    return RuleTable(tuple(areas), by_code, by_stripe, levels, trees, state)


def _rule_of(spec: Any) -> Rule:
    """The plain rule of a validated ``RuleSpec``."""
    values = {name: getattr(spec, name) for name in spec.__class__.model_fields}
    values["example"] = Example(**spec.example.model_dump())
    return Rule(**values)


def _check_transform(rule: Rule, transforms: Transforms, where: str) -> None:
    if rule.kind != "param":
        raise RuleTableError(f"{where}: {rule.code}: only a param rule names a transform")
    known = transforms.names(rule.subject)
    if rule.transform in known:
        return
    import difflib

    close = difflib.get_close_matches(str(rule.transform), sorted(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise RuleTableError(
        f"{where}: {rule.code}: unknown transform {rule.transform!r} for a {rule.subject} "
        f"rule{hint}"
    )


WHOLE = ""
"""In a rule tree, the key of the rule for a whole value that also has rules below it (a
``line_items`` list, or one element of it, known only at run time)."""


def _tree(by_stripe: Mapping[tuple[Subject, str], Rule], subject: Subject) -> dict[str, Any]:
    """Rules of one subject as nested dicts for walking: each key maps to its ``Rule`` or to
    the sub-tree below it; a list's elements are under the key ``"[]"``. A path with both a
    rule and rules below it keeps its own rule in its sub-tree under ``WHOLE``."""
    root: dict[str, Any] = {}
    for (of, pattern), rule in by_stripe.items():
        if of != subject:
            continue
        parts = re.split(r"\.|(?=\[\])", pattern)
        node = root
        for part in parts[:-1]:
            below = node.get(part)
            if type(below) is Rule:
                below = node[part] = {WHOLE: below}
            node = node.setdefault(part, {})
        last = parts[-1]
        if type(node.get(last)) is dict:
            node[last][WHOLE] = rule
        else:
            node[last] = rule
    return root


@functools.cache
def load_table() -> RuleTable:
    """Load and validate every mapping file once per process (against every transform:
    importing ``migrate.mapping`` has registered them), through the cache of validated tables
    (:func:`cached_table`)."""
    return cached_table(cache_dir())


# -- the cache of validated tables --------------------------------------------------------------
#
# Reading and validating the YAML takes most of a short run's start-up; unpickling the validated
# table takes a tenth of it. The cache is keyed by everything the table is built from (the YAML,
# this module, the transforms registered), so an edited mapping file simply has no cache yet:
# it is built from the YAML and cached under its own key. Nothing in the cache is trusted
# without its key matching, and a cache that cannot be read or written is only slower.

CACHE_ENV = "STRIPE2DODO_CACHE_DIR"
_CACHE_FORMAT = 1


def cache_dir() -> Path:
    """Where validated tables are cached: ``$STRIPE2DODO_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/stripe2dodo`` (``~/.cache/stripe2dodo``)."""
    given = os.environ.get(CACHE_ENV)
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "stripe2dodo"


def table_key(transforms: Transforms = TRANSFORMS) -> str:
    """The hash of everything the table is built from: each mapping file (name and bytes),
    the source of this module and of ``rule_spec`` (the rule model and its checks) and the
    transforms registered."""
    digest = hashlib.sha256(f"{_CACHE_FORMAT}\0".encode())
    for entry in sorted(mapping_files().iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml") and not entry.name.startswith("_"):
            digest.update(f"{entry.name}\0".encode())
            digest.update(entry.read_bytes())
            digest.update(b"\0")
    digest.update(Path(__file__).read_bytes())
    digest.update(Path(__file__).with_name("rule_spec.py").read_bytes())
    for subject in SUBJECTS:
        digest.update(f"\0{subject}:{','.join(sorted(transforms.names(subject)))}".encode())
    return digest.hexdigest()


def cache_file(folder: Path, key: str) -> Path:
    return folder / f"rules-{key[:24]}.pickle"


def cached_table(folder: Path, transforms: Transforms = TRANSFORMS) -> RuleTable:
    """The validated table from the cache in ``folder`` when it holds one for the current
    YAML (:func:`table_key`); otherwise built from the YAML and cached there (best effort,
    written atomically: a read-only or missing folder only costs the rebuild)."""
    key = table_key(transforms)
    path = cache_file(folder, key)
    cached = read_cache(path, key, RuleTable)
    if cached is not None:
        return cached
    table = build_table(read_areas(), transforms)
    write_cache(path, key, table)
    return table


_T = TypeVar("_T")


def read_cache(path: Path, key: str, kind: type[_T]) -> _T | None:
    try:
        with path.open("rb") as handle:
            if pickle.load(handle) != key:
                return None
            value = pickle.load(handle)
    except Exception:  # missing, truncated, from another pydantic: rebuild
        return None
    return value if isinstance(value, kind) else None


CACHES_KEPT: Final = 3
"""How many cache files of one kind (``rules-``, ``enums-``, ``params-``) a write keeps: the one
written and the newest others (another installed version sharing the folder); older ones, left
by edited mappings or upgrades, are removed."""


def write_cache(path: Path, key: str, value: object) -> None:
    """Write ``value`` under ``key`` at ``path`` (atomically; best effort), and remove the
    oldest files of its kind past :data:`CACHES_KEPT`."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        import tempfile

        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(key, handle, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            Path(tmp).replace(path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return  # no cache: the next run builds the table again
    _prune(path)


def _prune(path: Path) -> None:
    kind = path.name.split("-", 1)[0]
    try:
        others = [
            (p.stat().st_mtime, p)
            for p in path.parent.glob(f"{kind}-*.pickle")
            if p.name != path.name and p.is_file()
        ]
        for _, old in sorted(others, reverse=True)[CACHES_KEPT - 1 :]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # another run pruned it first, or the folder is read-only


@dataclass(frozen=True)
class DodoEnums:
    """Dodo's enumerations, as shipped in ``mappings/_dodo_enums.yaml``."""

    sdk_version: str
    currencies: frozenset[str]
    countries: frozenset[str]
    payment_method_types: frozenset[str]
    languages: frozenset[str]


ENUMS_FILE = "_dodo_enums.yaml"


@functools.cache
def load_enums() -> DodoEnums:
    """Dodo's currency, country, payment-method and language codes, cached like the table
    (:func:`cached_enums`)."""
    return cached_enums(cache_dir())


def enums_key() -> str:
    """The hash of what the enumerations are built from: their YAML and this module."""
    digest = hashlib.sha256(f"{_CACHE_FORMAT}\0enums\0".encode())
    digest.update(mapping_files().joinpath(ENUMS_FILE).read_bytes())
    digest.update(b"\0")
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


def cached_enums(folder: Path) -> DodoEnums:
    """The enumerations from the cache in ``folder`` when it holds them for the current YAML
    (:func:`enums_key`), else read from ``mappings/_dodo_enums.yaml`` and cached there (best
    effort, as the table is): a run with a cache loads no PyYAML."""
    key = enums_key()
    path = folder / f"enums-{key[:24]}.pickle"
    cached = read_cache(path, key, DodoEnums)
    if cached is not None:
        return cached
    enums = read_enums()
    write_cache(path, key, enums)
    return enums


def read_enums() -> DodoEnums:
    """The enumerations as ``mappings/_dodo_enums.yaml`` lists them (no cache)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    text = mapping_files().joinpath(ENUMS_FILE).read_text(encoding="utf-8")
    doc = yaml.load(text, Loader=loader)
    return DodoEnums(
        sdk_version=str(doc["sdk_version"]),
        currencies=frozenset(doc["currencies"]),
        countries=frozenset(doc["countries"]),
        payment_method_types=frozenset(doc["payment_method_types"]),
        languages=frozenset(doc["languages"]),
    )
