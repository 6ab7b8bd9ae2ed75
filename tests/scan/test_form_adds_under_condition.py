# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A form a request sends, built by calls (``form.set(k, v)``, ``params.append(k, v)``), with a
key added only under a condition: ``if (firstTime) form.set("subscription_data[trial_period_days]",
"14")``, a coupon in one branch and promotion codes in the other. The pair was read as always
sent: every Dodo checkout got the 14-day trial, a silent change to when the buyer is charged.
It is a choice on the condition now, as a key set on a params object is."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import CUT, tsc_problems

TRIAL = """\
export async function subscribe(secret: string, firstTime: boolean) {
  const form = new URLSearchParams();
  form.set("mode", "subscription");
  form.set("success_url", "https://app.example/welcome");
  form.set("line_items[0][price]", "price_team_monthly");
  form.set("line_items[0][quantity]", "1");
  if (firstTime) {
    form.set("subscription_data[trial_period_days]", "14");
  }
  const res = await fetch("https://api.stripe.com/v1/checkout/sessions", {
    method: "POST",
    headers: { Authorization: `Bearer ${secret}` },
    body: form,
  });
  return res.json();
}
"""

COUPON = """\
const axios = require("axios");

async function buy(key, coupon) {
  const params = new URLSearchParams();
  params.append("mode", "payment");
  params.append("success_url", "https://books.example/thanks");
  params.append("line_items[0][price]", "price_ebook");
  params.append("line_items[0][quantity]", "1");
  if (coupon) params.append("discounts[0][coupon]", coupon);
  else params.append("allow_promotion_codes", "true");
  return axios.post("https://api.stripe.com/v1/checkout/sessions", params, { auth: { username: key } });
}
"""


def _site(code: str, name: str, language: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    return site


def test_a_trial_added_under_a_condition_is_a_choice_not_always_given(tmp_path: Path) -> None:
    site = _site(TRIAL, "subscribe.ts", "typescript")
    text = site.suggestion or ""
    assert "trial_period_days: firstTime ? 14 : null," in text
    assert "trial_period_days: 14," not in text
    assert any(d.path == "subscription_data.trial_period_days" for d in site.dynamic)
    fake = "export async function subscribe(secret: string, firstTime: boolean) {\n" + CUT
    assert tsc_problems(tmp_path, fake, text) == ""


def test_a_coupon_in_one_branch_and_promotion_codes_in_the_other() -> None:
    site = _site(COUPON, "buy.js", "javascript")
    text = site.suggestion or ""
    assert "...(coupon ? [" in text and "dodoDiscountCode(coupon)" in text
    assert "allow_discount_code: coupon ? false : true," in text


def test_a_key_set_on_every_path_stays_a_plain_value() -> None:
    code = TRIAL.replace("if (firstTime) {", "{")
    site = _site(code, "subscribe.ts", "typescript")
    assert "trial_period_days: 14," in (site.suggestion or "")
    assert not site.dynamic
