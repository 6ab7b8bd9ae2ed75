"""A wrapper's local that chooses (or calls), read twice, bound once at its caller even where
it reads what the caller cannot see.

Read in an enterprise-billing Django app: ``existing = search.data[0] if search.data else None``
after a Stripe customer search, then ``customer=existing["id"] if existing else None`` and
``customer_email=None if existing else email``. At a call of the wrapper, ``existing`` was
written into each value that reads it: ``(TODO_search.data[0] if TODO_search.data else
None)["id"]`` under ``if (TODO_search.data[0] if ...)``, a choice made twice that mypy cannot
narrow ("Value of type Any | None is not indexable"). In a NestJS service,
``Object.values(this.offers).find(...)`` read twice was written (and run) twice. Both are now
one statement before the Dodo call, its unseen names written as inline (``TODO_search``, X021
still said at each value that reads it). A choice read once stays inline.
"""

from __future__ import annotations

from pathlib import Path

from migrate.codegen.python import render as render_python
from migrate.codegen.table import id_table
from migrate.readers.idmap import IdMap
from tests.scan.sdk_checks import CUT, mypy_problems, tsc_problems
from tests.scan.trees import via_site, write_tree, x021_paths

PY_BILLING = """import os

import stripe


def start_trial(email, price_id, seats):
    search = stripe.Customer.search(query=f"email:'{email}'")
    existing = search.data[0] if search.data else None
    return stripe.checkout.Session.create(
        mode="subscription",
        line_items=[{"price": price_id, "quantity": seats}],
        customer=existing["id"] if existing else None,
        customer_email=None if existing else email,
        success_url=os.environ["SITE_URL"] + "/welcome",
    )
"""

PY_VIEWS = """from billing import start_trial


def trial(request):
    session = start_trial(request.POST["email"], request.POST["price"], 3)
    return session.url
"""


def test_a_python_wrappers_choice_read_twice_is_bound_once_with_its_unseen_names(
    tmp_path: Path,
) -> None:
    files = {"billing.py": PY_BILLING, "views.py": PY_VIEWS}
    site = via_site(write_tree(tmp_path / "tree", files), "views")
    text = site.suggestion or ""
    statement = "existing = TODO_search.data[0] if TODO_search.data else None\n"
    assert statement + "client.checkout_sessions.create(" in text, text
    assert '"customer_id": dodo_customer_id(existing["id"]),\n    } if existing else {' in text
    assert text.count("TODO_search.data[0]") == 1
    # the customer and the email still read the search the call cannot make: X021 at each
    assert sorted(x021_paths(site)) == ["customer", "customer_email"]
    check = tmp_path / "check"
    check.mkdir()
    ids = render_python(id_table(IdMap({})), "stripe2dodo ledger ids")
    (check / "dodo_ids.py").write_text(ids, encoding="utf-8")
    signature = "def trial(request: Any, TODO_search: Any) -> str | None"
    assert mypy_problems(check, text, signature) == ""


def test_a_python_wrappers_choice_read_once_stays_inline(tmp_path: Path) -> None:
    billing = PY_BILLING.replace(
        "    existing =", '    tier = "team" if seats > 5 else "solo"\n    existing ='
    ).replace("        mode=", '        metadata={"tier": tier},\n        mode=')
    views = PY_VIEWS.replace(", 3)", ', int(request.POST["seats"]))')
    files = {"billing.py": billing, "views.py": views}
    site = via_site(write_tree(tmp_path / "tree", files), "views")
    text = site.suggestion or ""
    assert "tier = " not in text
    # (the caller's argument, read twice, is bound once itself: wrapper_once.py)
    assert '"tier": "team" if seats2 > 5 else "solo",' in text, text
    assert "existing = TODO_search" in text  # the one read twice, as before


TS_SERVICE = """import Stripe from "stripe";

export class OffersService {
  private stripe = new Stripe(process.env.STRIPE_KEY!);
  private offers: Record<string, { priceId: string; label: string }> = {};

  public async checkout({ priceId, userId }: { priceId: string; userId: string }) {
    const offer = Object.values(this.offers).find((o) => o.priceId === priceId);
    const session = await this.stripe.checkout.sessions.create({
      mode: "subscription",
      line_items: [{ price: priceId, quantity: 1 }],
      metadata: offer ? { offer: JSON.stringify(offer) } : {},
      client_reference_id: userId,
      success_url: "https://shop.test/ok",
    });
    return session.url;
  }
}
"""

TS_ROUTE = """import { OffersService } from "./offers.service";

export async function buy(service: OffersService, priceId: string, userId: string) {
  return service.checkout({ priceId, userId });
}
"""


def test_a_typescript_wrappers_call_read_twice_through_its_object_is_bound_once(
    tmp_path: Path,
) -> None:
    files = {"offers.service.ts": TS_SERVICE, "route.ts": TS_ROUTE}
    site = via_site(write_tree(tmp_path / "tree", files), "route")
    text = site.suggestion or ""
    statement = 'const offer = Object.values(service["offers"]).find((o) => o.priceId === priceId);'
    assert statement + "\nclient.checkoutSessions.create(" in text, text
    assert "...(offer ? { offer: String(JSON.stringify(offer)) } : {})," in text
    assert text.count(".find(") == 1 and x021_paths(site) == []
    checked = TS_ROUTE.replace("  return service.checkout({ priceId, userId });\n", CUT + "\n")
    ids = {"ids.d.ts": "declare function dodoProductId(id: string): string;\n"}
    problems = tsc_problems(tmp_path, checked, text, files={"offers.service.ts": TS_SERVICE, **ids})
    assert problems == ""
