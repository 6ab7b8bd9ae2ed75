"""Line items chosen by an ``if``/``else if`` with no ``else``, over an empty list set first
(``let items = []; if (a) items = [...]; else if (b) items = [...]``), translate each branch's
cart; the empty fallback is the one branch RT007 names. Seen in a SvelteKit pricing action
choosing the subscription bundle from a form field: the empty start made the whole choice
unreadable, so the call had no Dodo call at all ("the cart is unknown"), and the real problems
of the branches (a price without quantity, two subscription lines) were hidden behind it.
"""

from __future__ import annotations

from pathlib import Path

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats

ACTION_TS = """\
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function choose(form: FormData) {
  let items: Stripe.Checkout.SessionCreateParams.LineItem[] = [];
  if (form.get("plan") == "starter") {
    items = [{ price: "price_starter_monthly", quantity: 1 }];
  } else if (form.get("plan") == "studio") {
    items = [{ price: "price_studio_monthly", quantity: Number(form.get("seats")) }];
  }
  const common = { line_items: items, success_url: "https://app.example/welcome" };
  return stripe.checkout.sessions.create({ mode: "subscription", ...common });
}
"""

VIEW_PY = """\
import stripe


def start(request):
    plan = request.POST.get("plan")
    items = []
    if plan == "starter":
        items = [{"price": "price_starter_monthly", "quantity": 1}]
    elif plan == "studio":
        items = [{"price": "price_studio_monthly", "quantity": int(request.POST["seats"])}]
    return stripe.checkout.Session.create(
        mode="subscription", line_items=items, success_url="https://app.example/welcome"
    )
"""


def _site(tmp_path: Path, name: str, source: str) -> CallSite:
    (tmp_path / name).write_text(source)
    [site] = [s for s in scan_paths([str(tmp_path)], stats=ScanStats()) if s.kind == "create"]
    return site


def _messages(site: CallSite) -> dict[str, str]:
    return {f.code: f.message for f in site.findings}


def test_typescript_branches_translate_and_the_empty_fallback_is_named(tmp_path: Path) -> None:
    site = _site(tmp_path, "choose.ts", ACTION_TS)
    messages = _messages(site)
    assert "RT002" not in messages
    assert "in one branch of items (an empty list, which Stripe refuses too)" in messages["RT007"]
    text = site.suggestion
    assert '(form.get("plan") == "starter") ? [' in text
    assert ': (form.get("plan") == "studio") ? [' in text
    assert 'quantity: Number(form.get("seats")),' in text
    assert text.count('product_id: "s2d_pdt_') == 2
    assert "product_id: TODO_product_id," in text  # the empty branch: Dodo refuses an empty cart


def test_python_branches_translate_and_the_empty_fallback_is_named(tmp_path: Path) -> None:
    site = _site(tmp_path, "views.py", VIEW_PY)
    messages = _messages(site)
    assert "RT002" not in messages
    assert "(an empty list, which Stripe refuses too)" in messages["RT007"]
    text = site.suggestion
    assert 'if plan == "starter" else [' in text
    assert 'if plan == "studio" else [' in text
    assert '"quantity": int(request.POST["seats"]),' in text
    assert '"product_id": TODO_product_id,' in text
