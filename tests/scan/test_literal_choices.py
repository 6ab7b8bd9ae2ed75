"""A choice between literals at a field whose Dodo counterpart is decided when translating
(``billing_address_collection: taxed ? "required" : "auto"``, ``tax_id_collection:
{enabled: askTaxId ? true : false}``) is the same choice at the Dodo field the values decide
(``minimal_address: taxed ? false : true``), with RT050 saying so. It was left out with RT001
and the Dodo call fixed to its default (seen in a TypeScript billing provider asking the full
address only when Stripe Tax is on). A field that decides the charge is never read this way."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

SUFFIX = {"python": "py", "typescript": "ts"}


def one(code: str, language: str) -> CallSite:
    (site,) = [
        s
        for s in scan_source(code, f"pay.{SUFFIX[language]}", BY_NAME[language])
        if s.kind == "create"
    ]
    return site


def codes(site: CallSite) -> dict[str, list[str]]:
    assert site.translation is not None
    out: dict[str, list[str]] = {}
    for f in site.translation.findings:
        out.setdefault(f.code, []).append(f.path)
    return out


TS = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function pay(price: string, taxed: boolean, askTaxId: boolean) {
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price, quantity: 1 }],
    success_url: "https://example.com/ok",
    billing_address_collection: taxed ? "required" : "auto",
    tax_id_collection: { enabled: askTaxId ? true : false },
  });
}
"""


def test_a_literal_choice_is_the_same_choice_at_the_dodo_field() -> None:
    site = one(TS, "typescript")
    text = site.suggestion
    assert "minimal_address: taxed ? false : true," in text
    assert "allow_tax_id: askTaxId ? true : false," in text
    found = codes(site)
    assert "RT001" not in found
    # the tax id flag is carried by its own rule (C029, any boolean known at run time)
    assert sorted(found["RT050"]) == ["billing_address_collection"]


PY = """\
import stripe


def pay(price_id, taxed, cents, yearly):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price_data": {"currency": "usd", "unit_amount": 900 if yearly else 100,
            "product_data": {"name": "Plan"}}, "quantity": 1}],
        success_url="https://example.com/ok",
        billing_address_collection="required" if taxed else "auto",
        payment_intent_data={"capture_method": "manual" if cents > 100 else "automatic"},
    )
"""


def test_python_and_a_choice_that_decides_the_charge_still_blocks() -> None:
    site = one(PY, "python")
    text = site.suggestion
    assert "minimal_address=False if taxed else True," in text
    found = codes(site)
    assert found["RT050"] == ["billing_address_collection"]
    # a manual capture decides when the buyer is charged: never carried as a choice
    assert "payment_intent_data.capture_method" in found.get("RT002", [])


PY_SAME = """\
import stripe


def give(price_id, gift):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": price_id, "quantity": 1}],
        success_url="https://example.com/ok",
        submit_type="donate" if gift else "pay",
    )
"""


def test_a_choice_whose_values_give_the_same_dodo_call_is_immaterial() -> None:
    found = codes(one(PY_SAME, "python"))
    assert found["RT043"] == ["submit_type"]
    assert "RT001" not in found and "RT050" not in found


TS_UNSET = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function pay(price: string, taxed: boolean) {
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price, quantity: 1 }],
    success_url: "https://example.com/ok",
    billing_address_collection: taxed ? "required" : undefined,
  });
}
"""


def test_a_value_left_out_in_one_branch_is_that_branch_s_dodo_default() -> None:
    site = one(TS_UNSET, "typescript")
    assert "minimal_address: taxed ? false : true," in site.suggestion
    assert codes(site)["RT050"] == ["billing_address_collection"]
