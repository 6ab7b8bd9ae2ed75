"""A wrapper that sends a discount only when given a coupon (``params.update(discounts=None) if
coupon is None else params.update({"discounts": [{"coupon": coupon}]})``, or the same as an if/else
statement, ``params["discounts"] = None`` / ``del params["discounts"]``) is a choice between no
discount and the coupon's Dodo code, never the discount sent always.

Found in review: the expression-statement form lost its condition (the discount was always
applied), and a call leaving the coupon at its default ``None`` got ``"discounts": [{}]`` and the
Dodo ``discount_codes=None if coupon is None else []``: the condition named the wrapper's own
parameter (undefined at the call), and the emptied discount stayed as an empty element. A test of
parameters that is one of literals with the call's values in (``None is None``) is decided at the
call (``migrate/scan/fold_conds.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from migrate.scan import scan_paths
from migrate.scan.fold_conds import decide
from migrate.scan.scan import CallSite, ScanStats

_OPEN = """\
import stripe


def checkout(price_id, coupon=None):
    params = {
        "mode": "payment",
        "line_items": [{"price": price_id, "quantity": 1}],
        "success_url": "https://x.test/ok",
    }
"""
_CALL = "    return stripe.checkout.Session.create(**params)\n"
PY_FORMS = {
    "expression": _OPEN
    + '    params.update(discounts=None) if coupon is None else params.update({"discounts": '
    '[{"coupon": coupon}]})\n' + _CALL,
    "statement": _OPEN
    + "    if coupon is None:\n        params.update(discounts=None)\n    else:\n"
    '        params.update({"discounts": [{"coupon": coupon}]})\n' + _CALL,
    "subscript": _OPEN + '    if coupon is None:\n        params["discounts"] = None\n    else:\n'
    '        params["discounts"] = [{"coupon": coupon}]\n' + _CALL,
    "del": _OPEN
    + '    params["discounts"] = [{"coupon": coupon}]\n'
    + '    if coupon is None:\n        del params["discounts"]\n'
    + _CALL,
}
PY_CALLER = """\
from shop import checkout


def plain():
    return checkout("price_1")


def saved():
    return checkout("price_1", "SAVE10")


def given(code):
    return checkout("price_1", coupon=code)
"""
TS = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
export async function checkout(priceId: string, coupon?: string) {
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: "payment",
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: "https://x.test/ok",
  };
  coupon == null ? (params.discounts = undefined) : (params.discounts = [{ coupon }]);
  return stripe.checkout.sessions.create(params);
}
export const plain = () => checkout("price_1");
export const saved = () => checkout("price_1", "SAVE10");
export const given = (code: string) => checkout("price_1", code);
"""
PHP = """\
<?php
function checkout($price, $coupon = null) {
    $params = ['mode' => 'payment', 'line_items' => [['price' => $price, 'quantity' => 1]],
        'success_url' => 'https://x.test/ok'];
    if ($coupon === null) {
        $params['discounts'] = null;
    } else {
        $params['discounts'] = [['coupon' => $coupon]];
    }
    return \\Stripe\\Checkout\\Session::create($params);
}
function plain() { return checkout('price_1'); }
function saved() { return checkout('price_1', 'SAVE10'); }
function given($code) { return checkout('price_1', $code); }
"""


def _sites(root: Path, files: dict[str, str]) -> list[CallSite]:
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    stats = ScanStats()
    sites = [s for s in scan_paths([str(root)], stats=stats) if s.kind == "create"]
    assert stats.problems == []
    return sites


def _dodo(site: CallSite) -> dict[str, Any]:
    """The Dodo body as the JSON output writes it."""
    dodo: dict[str, Any] = site.as_dict()["dodo"]
    return dodo


def _check(sites: list[CallSite], names: tuple[str, ...]) -> None:
    (wrapper,) = (s for s in sites if not s.via)
    inside = _dodo(wrapper)["discount_codes"]
    assert inside["$choice"]["then"] is None, inside  # no coupon: no discount
    assert inside["$choice"]["else"] == [{"$dynamic": names[0], "then": "discount_code"}]
    plain, saved, given = (s for s in sorted(sites, key=lambda s: s.line) if s.via)
    assert "discounts" not in plain.params
    assert "discount_codes" not in _dodo(plain)
    assert names[0] not in plain.suggestion  # nothing of the wrapper's own names
    assert _dodo(saved)["discount_codes"] == ["SAVE10"]
    chosen = _dodo(given)["discount_codes"]["$choice"]
    assert chosen["then"] is None
    assert chosen["else"] == [{"$dynamic": names[1], "then": "discount_code"}]


@pytest.mark.parametrize("form", sorted(PY_FORMS))
def test_python_no_coupon_is_no_discount(tmp_path: Path, form: str) -> None:
    sites = _sites(tmp_path, {"shop.py": PY_FORMS[form], "views.py": PY_CALLER})
    _check(sites, ("coupon", "code"))
    (wrapper,) = (s for s in sites if not s.via)
    inside = _dodo(wrapper)["discount_codes"]["$choice"]["if"]
    assert inside in ("coupon is None", "not (coupon is None)"), inside


def test_typescript_no_coupon_is_no_discount(tmp_path: Path) -> None:
    _check(_sites(tmp_path, {"shop.ts": TS}), ("coupon", "code"))


def test_php_no_coupon_is_no_discount(tmp_path: Path) -> None:
    _check(_sites(tmp_path, {"shop.php": PHP}), ("$coupon", "$code"))


@pytest.mark.parametrize(
    ("text", "holds"),
    [
        ("None is None", True),
        ("'SAVE10' is None", False),
        ("not None", True),
        ("(None is not None)", False),
        ("null === null", True),
        ("null === undefined", False),
        ("null == undefined", True),
        ("'a' !== null", True),
        ("!null", True),
        ("is_null(NULL)", True),
        ("empty('')", True),
        ("nil.nil?", True),
        ("None is None and 'a' == 'a'", True),
        ("0 or ''", False),
        ("coupon is None", None),
        ("!a === b", None),
        ("f(None)", None),
        # `a || b` read as "a is set" (a JS parameter defaulted in the body, at a call)
        ("undefined is set", False),
        ("(5) is set", True),
        ("(undefined || 1) is set", True),
        ("(null ?? 0) is set", None),  # 0: `||` and `??` read it differently
        ("0 is set", None),
        ("((5) || 1) is set", True),  # `||` only inside brackets: was a RecursionError
        ("(a || b) && c", None),
        # `a ?? b` read as "a is not null": 0 and false are set
        ("0 is not null", True),
        ("undefined is not null", False),
        ("a is not null", None),
        # an order of two numbers (`trialDays > 0` at `f(14)`); nothing else
        ("(14) > 0", True),
        ("0 > 0", False),
        ("1 <= 0", False),
        ("a > 0", None),
        ("'a' > 0", None),
        ("x => 1", None),
    ],
)
def test_conditions_of_literals(text: str, holds: bool | None) -> None:
    assert decide(text) is holds
