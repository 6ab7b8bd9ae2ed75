"""Params dicts read the way real views build them.

* Begun from a value known only at run time, then given keys (``args =
  self.context.get("checkout_args", {})`` then ``args["success_url"] = ...``): every key the
  code sets was dropped with the unknown start (the whole params "computed at run time"). The
  start is now a part spread in at run time (what it sets is unknown: RT007 for the cart it
  holds), and the keys set after it are read.
* ``args.pop("customer_email")`` once the customer is known: read as an unknown change of the
  whole params (X022, RT006) though it only leaves a key out, as ``del args["customer_email"]``
  does."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

OPENED = """\
import stripe


class CheckoutView:
    context = {}

    def url(self, request):
        args = self.context.get("checkout_args", {})
        args["success_url"] = "https://club.example/welcome"
        args["cancel_url"] = "https://club.example/join"
        args["customer_email"] = request.user.email
        return stripe.checkout.Session.create(**args).url
"""

POPPED = """\
import stripe


def checkout(user, customer):
    args = {"mode": "payment", "line_items": [{"price": "price_1Book", "quantity": 1}]}
    args["success_url"] = "https://club.example/welcome"
    if user.email is not None:
        args["customer_email"] = user.email
    if customer is not None:
        args.pop("customer_email")
        args["customer"] = customer.id
    return stripe.checkout.Session.create(**args)
"""


def one(code: str) -> CallSite:
    sites = [s for s in scan_source(code, "views.py", BY_NAME["python"]) if s.translation]
    assert len(sites) == 1, sites
    return sites[0]


def test_keys_set_after_a_run_time_start_are_read() -> None:
    site = one(OPENED)
    assert [d.source for d in site.dynamic if not d.path] == [
        'self.context.get("checkout_args", {})'
    ]
    assert 'return_url="https://club.example/welcome",' in site.suggestion
    assert 'cancel_url="https://club.example/join",' in site.suggestion
    assert '"email": request.user.email,' in site.suggestion
    assert "RT007" in {f.code for f in site.findings}  # the cart is in the unknown start


def test_a_popped_key_is_left_out_under_its_condition() -> None:
    site = one(POPPED)
    codes = {f.code for f in site.findings}
    assert not codes & {"X022", "RT006", "RT034"}, site.findings
    assert not [d for d in site.dynamic if not d.path]
    assert (
        'customer={\n        "customer_id": dodo_customer_id(customer.id),\n'
        '    } if customer is not None else ({\n        "email": user.email,\n'
        "    } if user.email else None) if user.email is not None else None,"
    ) in site.suggestion
