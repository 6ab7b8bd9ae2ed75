"""What a wrapper's caller makes or reads in Stripe for the values it passes (RT042, X026,
X023), read in the caller's function.

A caller may price its line in Stripe before it calls the wrapper: a price made just before
the call is read as the line's inline price (RT042, ``migrate/scan/made_prices.py``); one it
cannot read so (made by a helper imported from another module, ``price =
make_price(payment.amount)`` then ``make_session(price)``: a Django course project's
``services.py`` layout) is still a price made at run time, in no id map (X026), as it is at a
direct call. It was only an id-map lookup (L113) at the wrapper's call: every checkout failed,
the amount lost, with no blocker. So is a customer the caller creates from an email and
passes: that email (X035).
"""

from __future__ import annotations

from ast_grep_py import SgNode

from migrate.findings import Finding
from migrate.scan.customer_emails import by_email
from migrate.scan.customers import customer_findings
from migrate.scan.extract import Extracted, Extractor
from migrate.scan.made_prices import inline_made_prices
from migrate.scan.patterns import Language
from migrate.scan.stripe_reads import stripe_read_findings


def caller_made(
    call: SgNode, ex: Extractor, language: Language, extracted: Extracted, path: str
) -> tuple[Extracted, tuple[Finding, ...]]:
    """``extracted`` (a wrapper's params at ``call``, in the caller's terms) with each line's
    price the caller makes just before read inline, and the findings of what the caller makes
    or reads in Stripe for them otherwise."""
    got, made = inline_made_prices(call, ex, language, extracted)
    got, mailed = _by_email(call, ex, language.family, got, path)
    if made or not got.dynamic:
        return got, made + mailed
    read = stripe_read_findings(call, language.family, ex.functions, got.dynamic, path)
    return got, tuple(f for f in read if f.code == "X026") + mailed


def _by_email(
    call: SgNode, ex: Extractor, family: str, extracted: Extracted, path: str
) -> tuple[Extracted, tuple[Finding, ...]]:
    """A customer the caller creates from an email just before (``customer = await
    helper.NewCustomer(email)``, then ``NewSession(customer.Id, ...)``) passed as that email
    (X035), as at a direct call (``migrate/scan/customer_emails.py``)."""
    if not any(d.path == "customer" for d in extracted.dynamic):
        return extracted, ()
    kinds = frozenset(ex.functions)
    before = extracted.dynamic

    def maker() -> str | None:  # the X020 that names the helper making the customer
        said = customer_findings(call, ex.source, kinds, before, family=family, path=path)
        return next((f.message for f in said if f.code == "X020"), None)

    return by_email(call, kinds, extracted, family, maker)
