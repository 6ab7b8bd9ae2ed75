"""A call of a project function that creates the session in each branch of an ``if``.

A Django shop's session helper took the cart from its callers and created the session twice,
once with the coupon the buyer entered and once without (and made a PaymentIntent beside them).
A call of the helper was reported through its first Stripe call only: the caller's Dodo call
always applied the discount, the other path silently gone. Each creation the function makes is
now reported at the call, with the caller's values in place, and each site says which one it is
(RT051): through a wrapper of the wrapper too."""

from __future__ import annotations

from pathlib import Path

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite

HELPER = """\
import stripe


def start_session(cart_lines, return_to, promo):
    if promo:
        session = stripe.checkout.Session.create(
            mode="payment",
            line_items=cart_lines,
            discounts=[{"coupon": promo}],
            success_url=return_to,
        )
    else:
        session = stripe.checkout.Session.create(
            mode="payment",
            line_items=cart_lines,
            success_url=return_to,
        )
    return session
"""

VIEW = """\
from payments import start_session


def buy_poster(request):
    lines = [{"price": "price_1Poster", "quantity": 2}]
    return start_session(lines, "https://shop.example/thanks", request.POST.get("promo"))
"""

GATEWAY = """\
from payments import start_session


def buy_bundle(bundle, promo):
    lines = [{"price": bundle.price_id, "quantity": 1}]
    return start_session(lines, "https://shop.example/b", promo)
"""

PAGE = """\
from gateway import buy_bundle


def bundle_page(request, bundle):
    return buy_bundle(bundle, request.GET.get("code"))
"""


def sites_at(tmp_path: Path, name: str) -> list[CallSite]:
    found = list(scan_paths([str(tmp_path)], jobs=1))
    return [s for s in found if Path(s.file).name == name and s.kind == "create"]


def note(site: CallSite) -> str:
    (said,) = [f.message for f in site.findings if f.code == "RT051"]
    return said


def test_each_branch_of_the_helper_is_reported_at_its_call(tmp_path: Path) -> None:
    (tmp_path / "payments.py").write_text(HELPER)
    (tmp_path / "views.py").write_text(VIEW)
    with_code, without = sites_at(tmp_path, "views.py")
    assert with_code.line == without.line == 6
    assert "discount_codes=[" in with_code.suggestion
    assert 'dodo_discount_code(request.POST.get("promo"))' in with_code.suggestion
    assert "discount_codes" not in without.suggestion
    for site in (with_code, without):
        assert '"product_id": "' in site.suggestion and '"quantity": 2' in site.suggestion
    assert "payments.py:6" in note(with_code).rsplit("this Dodo call is the one at", 1)[1]
    assert "payments.py:13" in note(without).rsplit("this Dodo call is the one at", 1)[1]
    assert "creates in 2 places" in note(with_code)


def test_a_wrapper_of_the_helper_carries_both_branches_to_its_callers(tmp_path: Path) -> None:
    (tmp_path / "payments.py").write_text(HELPER)
    (tmp_path / "gateway.py").write_text(GATEWAY)
    (tmp_path / "pages.py").write_text(PAGE)
    sites = sites_at(tmp_path, "pages.py")
    assert len(sites) == 2
    suggestions = sorted(s.suggestion for s in sites)
    assert sum('dodo_discount_code(request.GET.get("code"))' in s for s in suggestions) == 1
    assert all("dodo_product_id(bundle.price_id)" in s for s in suggestions)
    assert all("RT051" in {f.code for f in s.findings} for s in sites)


def test_a_helper_creating_once_says_nothing_of_branches(tmp_path: Path) -> None:
    single = HELPER.split("    if promo:", maxsplit=1)[0] + (
        "    return stripe.checkout.Session.create(\n"
        '        mode="payment", line_items=cart_lines, success_url=return_to\n'
        "    )\n"
    )
    (tmp_path / "payments.py").write_text(single)
    (tmp_path / "views.py").write_text(VIEW)
    (site,) = sites_at(tmp_path, "views.py")
    assert "RT051" not in {f.code for f in site.findings}
