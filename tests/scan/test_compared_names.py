"""A name read inside the branch of an ``if`` (or a ternary) whose condition compares it to a
literal holds that literal there: ``if (period === "month") { ... recurring: { interval: period
} ... }`` sells a monthly price. It was a run-time value, and the call was blocked on it (RT002 at
the interval) with a one-time product in the cart (seen in a TypeScript donation page creating a
monthly or a one-off session from the request's body)."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

SUFFIX = {"python": "py", "typescript": "ts"}


def creations(code: str, language: str) -> list[CallSite]:
    return [
        s
        for s in scan_source(code, f"donate.{SUFFIX[language]}", BY_NAME[language])
        if s.kind == "create"
    ]


def codes(site: CallSite) -> list[str]:
    assert site.translation is not None
    return [f.code for f in site.translation.findings]


TS = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function give(body: { priceId: string; period: string; seats: number }) {
  const { priceId, period, seats } = body;
  if (period === "year" && seats > 0) {
    return stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{
        price_data: { currency: "eur", unit_amount: 12000, product_data: { name: "Friend" },
          recurring: { interval: period } },
        quantity: 1,
      }],
      success_url: "https://example.org/thanks",
    });
  }
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: priceId, quantity: 1 }],
    metadata: { period },
    success_url: "https://example.org/thanks",
  });
}
"""


def test_the_compared_name_is_its_literal_in_the_branch_that_runs_then() -> None:
    yearly, other = creations(TS, "typescript")
    assert "RT002" not in codes(yearly)
    assert yearly.translation is not None
    (product,) = yearly.translation.requires
    price = product["product"]["price"]
    assert price["payment_frequency_interval"] == "Year" and price["price"] == 12000
    assert price["currency"] == "EUR"
    # after the if (and in its other branches), the name is the run-time value it was
    assert "period: String(period)," in other.suggestion or "period: period," in other.suggestion


TS_ASSIGNED = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function give(period: string, next: string) {
  if (period === "year") {
    period = next;
    return stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{
        price_data: { currency: "eur", unit_amount: 12000, product_data: { name: "Friend" },
          recurring: { interval: period } },
        quantity: 1,
      }],
      success_url: "https://example.org/thanks",
    });
  }
}
"""


def test_a_name_set_again_in_the_branch_is_not_the_compared_literal() -> None:
    (site,) = creations(TS_ASSIGNED, "typescript")
    assert "RT002" in codes(site)  # the interval is whatever `next` is: not decided here


PY = """\
import stripe


def give(plan, cents):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price_data": {"currency": "usd", "unit_amount": cents,
            "product_data": {"name": "Gift"}}, "quantity": 1}],
        metadata={"plan": plan if plan == "gold" else "basic"},
        success_url="https://example.org/ok",
    )
"""


def test_a_ternary_s_branch_holds_the_compared_literal_in_python() -> None:
    (site,) = creations(PY, "python")
    assert '"plan": "gold" if plan == "gold" else "basic",' in site.suggestion
