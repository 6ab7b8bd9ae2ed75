"""Every rule in mappings/ carries a worked example; run each one through the translator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from dodopayments.types import (
    CheckoutSessionCreateParams,
    CustomerCreateParams,
    DiscountCreateParams,
    ProductCreateParams,
)
from dodopayments.types.products import LocalizedPriceCreateParams

from migrate.mapping.cart import check_body
from migrate.mapping.table import (
    LIFECYCLE_SUBJECTS,
    SUBJECTS,
    TRANSFORMS,
    Rule,
    load_enums,
    load_table,
)
from migrate.mapping.trace import Trace
from migrate.mapping.translate import Options, translate_params
from migrate.readers.base import SourceRef
from migrate.readers.idmap import IdMap
from tests.dodo_contract import REQUEST_TYPES, concrete, contract_errors

TABLE = load_table()
RULES = list(TABLE)
NOW = 1_767_225_600  # 2026-01-01T00:00:00Z, the reference time for trial_end examples
ID_MAP = IdMap.from_json(
    {
        "price_1Example": "pdt_example",
        "prod_Example": "pdt_from_product",
        "price_1Priced": {"id": "pdt_priced", "price": 1000, "currency": "USD"},
    }
)
LIFE_IDS = IdMap.from_json({"price_1Example": "pdt_example", "price_1Addon": "adn_example"})
CREATE_TYPES: dict[str, Any] = {
    "product": ProductCreateParams,
    "discount": DiscountCreateParams,
    "customer": CustomerCreateParams,
    "localized_price": LocalizedPriceCreateParams,
}


def deep_subset(expected: Any, actual: Any) -> bool:
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            k in actual and deep_subset(v, actual[k]) for k, v in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(expected) == len(actual)
            and all(deep_subset(e, a) for e, a in zip(expected, actual, strict=True))
        )
    return bool(expected == actual)


def _ids_for(rule: Rule) -> IdMap:
    # L101/D016 are about an id map that lacks an entry: give them a map.
    return ID_MAP if rule.code in ("L101", "D016", "L111", "K103", "K113") else IdMap.empty()


def _plan_example(rule: Rule) -> None:
    from migrate.mapping.catalog import PlanOptions
    from migrate.plan.planner import CatalogPlanner, MemorySource

    ex = rule.example
    objects = tuple(ex.objects or ([ex.stripe] if ex.stripe else []))
    inline = [translate_params(p, SourceRef("payload", "json")) for p in ex.payloads]
    if ex.code and ex.language:  # the inline prices of checkout code, as `plan --code` reads them
        from migrate.scan.patterns import BY_NAME
        from migrate.scan.scan import scan_source

        sites = scan_source(ex.code, f"example.{ex.language}", BY_NAME[ex.language])
        inline += [s.translation for s in sites if s.translation is not None]
    options = {"tax_default": None if rule.code == "K100" else "saas", **ex.options}
    opts = PlanOptions(ids=_ids_for(rule), **options)
    ops = list(CatalogPlanner(MemorySource(objects), opts, inline=inline).plan())
    assert ops, f"{rule.code}: the example plans nothing"
    codes = [f.code for op in ops for f in op.findings]
    for code in ex.findings:
        assert code in codes, f"{rule.code}: expected finding {code}, got {codes}"
    if rule.kind == "check":
        assert rule.code in codes, f"check rule {rule.code}'s example does not trigger it: {codes}"
    if ex.dodo is not None:
        subject_id = objects[0].get("id") if objects else None
        main = next((o for o in ops if o.stripe_id == subject_id and o.request), None) or ops[0]
        body = (main.request or {}).get("body")
        assert deep_subset(ex.dodo, body), f"{rule.code}: {ex.dodo} not in {body}"
    for op in ops:
        if op.action == "create" and op.request is not None:
            assert contract_errors(op.request["body"], CREATE_TYPES[op.kind]) == [], op.key


CONFIG_EXAMPLES = {
    "dotenv": ".env.example",
    "compose": "docker-compose.yml",
    "yaml": "config/stripe.yml",
    "json": "config/stripe.json",
    "toml": "config/stripe.toml",
}
"""The file a configuration rule's example is read as, by its format (``language``)."""


def _config_example(rule: Rule) -> None:
    from migrate.scan.config import config_format, scan_config

    ex = rule.example
    assert ex.code and ex.language
    name = CONFIG_EXAMPLES[ex.language]
    assert config_format(Path(name)) == ex.language, name  # the scanner reads such a file
    sites = scan_config(ex.code, name, ex.language, ID_MAP)
    codes = [f.code for s in sites for f in s.findings]
    assert rule.code in codes, f"{rule.code}: the scanner does not flag its example: {codes}"
    for code in ex.findings:
        assert code in codes, f"{rule.code}: expected finding {code}, got {codes}"


SUBSCRIBER_IDS = {
    "price_sb": {"id": "pdt_sb", "price": 2900, "currency": "USD", "interval": "Month"}
}
"""The applied catalog of the subscribers' examples (mappings/subscribers.yaml says so)."""


def _subscriber_example(rule: Rule) -> None:
    """A subscription rule's example is planned as a subscriber (its checkout, the products
    and discount codes it needs) against an id map holding ``price_sb``."""
    from dodopayments.types import CheckoutSessionCreateParams as Checkout

    from migrate.plan.planner import MemorySource
    from migrate.plan.subscribers import AppliedCatalog, SubscriberOptions, SubscriberPlanner

    ex = rule.example
    options = dict(ex.options)
    ids = IdMap.from_json(options.pop("ids", SUBSCRIBER_IDS))
    opts = SubscriberOptions(
        reference=NOW, tax_default=options.pop("tax_default", "saas"), **options
    )
    planner = SubscriberPlanner(
        MemorySource((*ex.objects, ex.stripe)), AppliedCatalog.build(ids), opts
    )
    ops = list(planner.plan())
    codes = [f.code for op in ops for f in op.findings]
    for code in ex.findings:
        assert code in codes, f"{rule.code}: expected finding {code}, got {codes}"
    if rule.kind == "check":
        assert rule.code in codes, f"check rule {rule.code}'s example does not trigger it: {codes}"
    session = next(op for op in ops if op.kind == "checkout_session")
    if ex.dodo is not None:
        assert deep_subset(ex.dodo, session.body), f"{rule.code}: {ex.dodo} not in {session.body}"
    for op in ops:
        if op.action == "create" and op.request is not None:
            wanted = Checkout if op.kind == "checkout_session" else CREATE_TYPES[op.kind]
            assert contract_errors(op.request["body"], wanted) == [], op.key
    if rule.kind in ("param", "recorded"):
        fields = planner.assessed[0].fields
        owned = [p for p, (_, c) in fields.items() if c == rule.code]
        assert owned, f"{rule.code}: no field was decided by this rule: {dict(fields)}"
    for finding in (f for op in ops for f in op.findings):
        assert finding.code in TABLE.by_code


def _code_example(rule: Rule) -> None:
    from migrate.scan.patterns import BY_NAME
    from migrate.scan.scan import scan_source

    ex = rule.example
    assert ex.code and ex.language, f"{rule.code}: a code rule's example needs code and language"
    if ex.language in CONFIG_EXAMPLES:
        _config_example(rule)
        return
    if ex.options.get("fix"):  # a finding of the rewrite (scan --fix)
        _fix_example(rule)
        return
    if ex.options.get("files"):  # a finding about another file of the tree
        _tree_example(rule)
        return
    sites = list(scan_source(ex.code, f"example.{ex.language}", BY_NAME[ex.language]))
    codes = [f.code for s in sites for f in s.findings]
    assert rule.code in codes, f"{rule.code}: the scanner does not flag its example: {codes}"
    for code in ex.findings:
        assert code in codes, f"{rule.code}: expected finding {code}, got {codes}"


def _tree_example(rule: Rule) -> None:
    """A rule about the files around the call: the example's code scanned beside the other
    files of its tree (``options.files``, by path)."""
    import tempfile

    from migrate.scan.scan import scan_paths

    ex = rule.example
    assert ex.code and ex.language
    suffix = {"python": "py", "javascript": "js", "typescript": "ts"}[ex.language]
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / f"example.{suffix}").write_text(ex.code, encoding="utf-8")
        for name, text in ex.options["files"].items():
            path = Path(folder) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        codes = [f.code for s in scan_paths([folder]) for f in s.findings]
    assert rule.code in codes, f"{rule.code}: the scanner does not flag its example: {codes}"
    for code in ex.findings:
        assert code in codes, f"{rule.code}: expected finding {code}, got {codes}"


def _fix_example(rule: Rule) -> None:
    """A rule of ``scan --fix``: the rewrite of the example (with --unsafe-fixes) reports it."""
    import tempfile

    from migrate.scan.fix import plan_fixes
    from migrate.scan.scan import scan_paths

    ex = rule.example
    assert ex.code and ex.language
    suffix = {"python": "py", "javascript": "js", "typescript": "ts"}[ex.language]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"example.{suffix}"
        path.write_text(ex.code, encoding="utf-8")
        fixes = plan_fixes(list(scan_paths([str(path)], options=Options(ids=ID_MAP))), unsafe=True)
    codes = [n.code for f in fixes for _, n in f.notes]
    assert rule.code in codes, f"{rule.code}: the rewrite does not report its example: {codes}"
    for code in ex.findings:
        assert code in codes, f"{rule.code}: expected finding {code}, got {codes}"


def _scanned_example(rule: Rule) -> None:
    """A rule about a value known only at run time shows it in scanned code: the scanner flags
    the example, and every Dodo call it suggests fits the SDK once the run-time values hold
    values of the types the translator gives them (unless the translation is blocked)."""
    from migrate.scan.patterns import BY_NAME
    from migrate.scan.scan import scan_source

    ex = rule.example
    assert ex.code and ex.language
    sites = list(scan_source(ex.code, f"example.{ex.language}", BY_NAME[ex.language]))
    codes = [f.code for s in sites for f in s.findings]
    if rule.kind != "param":  # a param rule may decide its field without a finding
        assert rule.code in codes, f"{rule.code}: the scanner does not flag its example: {codes}"
    if rule.kind == "param":  # a rule for a value only code has decides its field there
        owned = [
            p
            for s in sites
            if s.translation
            for p, (_, c) in s.translation.fields.items()
            if c == rule.code
        ]
        assert owned, f"{rule.code}: no field of the scanned example was decided by this rule"
    for site in sites:
        t = site.translation
        if t is None or t.dodo is None or any(f.level.value == "blocker" for f in site.findings):
            continue
        for branch in ("then", "else"):
            body = concrete(t.dodo, branch)
            assert contract_errors(body, REQUEST_TYPES[t.kind]) == [], site.suggestion


def _lifecycle_example(rule: Rule, *, scanned: bool = False) -> None:
    ex = rule.example
    meta = {str(k): str(v) for k, v in ex.options.items()}
    result = translate_params(
        ex.stripe, SourceRef("example", "json"), Options(ids=LIFE_IDS, now=NOW), meta
    )
    assert result.status == "translated", result
    assert result.request is not None, f"{rule.code}: the example is not routed as {rule.subject}"
    codes = [f.code for f in result.findings]
    for code in ex.findings:
        assert code in codes, f"{rule.code}: expected finding {code}, got {codes}"
    assert result.dodo is not None
    blocked = any(f.level.value == "blocker" for f in result.findings)
    if not blocked:  # a blocked call may lack what Dodo requires (the blocker says what)
        assert contract_errors(result.dodo, REQUEST_TYPES[result.kind]) == []
    if result.fallback is not None:
        assert contract_errors(result.fallback, CheckoutSessionCreateParams) == []
    if ex.dodo is not None:
        assert deep_subset(ex.dodo, result.dodo), f"{rule.code}: {ex.dodo} not in {result.dodo}"
    if ex.requires is not None:
        assert len(result.requires) == ex.requires, result.requires
    if rule.kind == "param":
        owned = [p for p, (_, c) in result.fields.items() if c == rule.code]
        assert owned, f"{rule.code}: no field was decided by this rule: {dict(result.fields)}"
    if rule.kind in ("check", "legacy") and not scanned:
        assert rule.code in codes, f"{rule.code}'s example does not trigger it: {codes}"
    for finding in result.findings:
        assert finding.code in TABLE.by_code


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_example(rule: Rule) -> None:
    if rule.subject == "code":
        _code_example(rule)
        return
    # a rule about a run-time value may only show in scanned code: its `code` example is
    # scanned, and its JSON example (if any) must translate cleanly but need not trigger it
    scanned = rule.example.code is not None and rule.subject in (
        "checkout",
        "subscription",
        *LIFECYCLE_SUBJECTS,
    )
    if scanned:
        _scanned_example(rule)
    if rule.subject in LIFECYCLE_SUBJECTS:
        _lifecycle_example(rule, scanned=scanned)
        return
    if rule.subject == "subscription":
        _subscriber_example(rule)
        return
    if rule.subject != "checkout":
        _plan_example(rule)
        return
    ex = rule.example
    if ex.body is not None:
        trace = Trace(TABLE)
        check_body(ex.body, trace, load_enums())
        codes = [f.code for f in trace.findings]
        for code in ex.findings:
            assert code in codes, f"{rule.code}: expected {code}, got {codes}"
        return
    result = translate_params(
        ex.stripe, SourceRef("example", "json"), Options(ids=_ids_for(rule), now=NOW)
    )
    codes = [f.code for f in result.findings]
    for code in ex.findings:
        assert code in codes, f"{rule.code}: expected finding {code}, got {codes}"
    if result.dodo is not None:
        assert contract_errors(result.dodo, CheckoutSessionCreateParams) == []
    if ex.dodo is not None:
        assert result.dodo is not None
        assert deep_subset(ex.dodo, result.dodo), f"{rule.code}: {ex.dodo} not in {result.dodo}"
    if ex.requires is not None:
        assert len(result.requires) == ex.requires, result.requires
    if rule.kind == "param" and not (scanned and not ex.stripe):
        # the rule must be what decided the fate of its own field (a rule for a value only
        # code has, with no JSON example, is checked on its scanned example)
        owned = [p for p, (_, c) in result.fields.items() if c == rule.code]
        assert owned, f"{rule.code}: no field was decided by this rule: {dict(result.fields)}"
    if rule.kind == "check" and not scanned:
        assert rule.code in codes, f"check rule {rule.code}'s example does not trigger it: {codes}"
    for finding in result.findings:
        assert finding.code in TABLE.by_code


def test_every_transform_named_in_the_table_exists_and_is_used() -> None:
    # one registry, by subject: a subject's rules name exactly the transforms registered for it
    for subject in SUBJECTS:
        named = {r.transform for r in RULES if r.subject == subject and r.transform}
        registered = TRANSFORMS.names(subject)
        assert named <= registered, (subject, named - registered)
        assert registered <= named, (subject, registered - named)
