"""A return URL another module's helper builds with ``{CHECKOUT_SESSION_ID}`` is said (C003).

Read in a screen-recording app's guest checkout: ``const u = backUrls(process.env.BASE!)``,
``success_url: u.ok``, the helper in another module returning ``ok:
`${base}/thanks?sid={CHECKOUT_SESSION_ID}```. Only an info said the run-time URL *may* hold a
template (RT008, hidden without ``-v``); Dodo's return page got the template's text. C003 now
names the helper, to remove the template there; a key of it that has no template is not said.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scan.trees import only_site

TS = {
    "urls.ts": """export function backUrls(base: string) {
  return {
    ok: `${base}/thanks?sid={CHECKOUT_SESSION_ID}`,
    back: `${base}/plans`,
  };
}
""",
    "pay.ts": """import Stripe from "stripe";
import { backUrls } from "./urls";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function pay(priceId: string) {
  const u = backUrls(process.env.BASE!);
  const s = await stripe.checkout.sessions.create({
    line_items: [{ price: priceId, quantity: 1 }],
    mode: "subscription",
    success_url: u.ok,
    cancel_url: u.back,
  });
  return s.url;
}
""",
}

PY = {
    "shop/__init__.py": "",
    "shop/urls.py": """def thanks_url(base):
    return base + "/thanks?session_id={CHECKOUT_SESSION_ID}"
""",
    "shop/pay.py": """import stripe

from shop.urls import thanks_url


def pay(price_id, base):
    return stripe.checkout.Session.create(
        line_items=[{"price": price_id, "quantity": 1}],
        mode="payment",
        success_url=thanks_url(base),
        cancel_url=base + "/cart",
    )
""",
}


@pytest.mark.parametrize("files", [TS, PY], ids=["typescript", "python"])
def test_a_url_built_with_the_template_by_another_module_s_helper_is_said(
    tmp_path: Path, files: dict[str, str]
) -> None:
    site = only_site(tmp_path, files)
    said = {f.path: f for f in site.findings if f.code == "C003"}
    assert set(said) == {"success_url"}
    assert "remove it there by hand" in said["success_url"].message
    assert "RT008" not in {f.code for f in site.findings if f.path == "success_url"}
