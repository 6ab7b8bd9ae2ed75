# ruff: noqa: E501  (the fixture is code written as applications write it)
"""JavaScript's deep copy ``JSON.parse(JSON.stringify(DEFAULTS))`` is the value it copies, as
``structuredClone(DEFAULTS)`` is: a call on such a copy was a run-time value as a whole, so the
spread params lost their mode and success URL (RT006) and a copied line was read only at run
time (RT003). The writes after the copy apply to the copy only."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import tsc_problems

TS = """\
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? "");
const DEFAULTS = { mode: "subscription" as const, success_url: "https://team.test/welcome" };
const SEAT = { price: "price_1Seat", quantity: 1 };

export async function team(email: string, seats: number) {
  const params = JSON.parse(JSON.stringify(DEFAULTS));
  const line = JSON.parse(JSON.stringify(SEAT));
  line.quantity = seats;
  const session = await stripe.checkout.sessions.create({ ...params, customer_email: email, line_items: [line] });
  return session.url;
}

export async function solo() {
  const session = await stripe.checkout.sessions.create({ ...DEFAULTS, line_items: [SEAT] });
  return session.url;
}
"""


def _sites() -> list[CallSite]:
    return [s for s in scan_source(TS, "team.ts", BY_NAME["typescript"]) if s.kind == "create"]


def test_a_json_round_trip_copy_is_the_value_it_copies(tmp_path: Path) -> None:
    team, solo = _sites()
    codes = {f.code for f in team.findings}
    assert not codes & {"RT006", "RT003"}, team.findings
    text = team.suggestion or ""
    assert 'return_url: "https://team.test/welcome",' in text
    assert "quantity: seats," in text
    assert "dodoProductId(line.price)" not in text
    # the copy's write leaves the constant as it is
    assert "quantity: 1," in (solo.suggestion or "")
    assert tsc_problems(tmp_path, TS, text) == ""
