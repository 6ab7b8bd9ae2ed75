"""Laravel Cashier makes the Checkout Session of most Laravel SaaS apps: ``$user->newSubscription(
'default', $price)->checkout([...])``, ``$user->checkout('price_x')``, ``$user->checkoutCharge(
1200, 'Tip')``. Such a controller names no Stripe, so it was never parsed, and its calls were
no Stripe call: the subscription checkout of a Laravel app was not found at all
(``migrate/scan/lang/php_cashier.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_paths, scan_source
from migrate.scan.stripe_named import forget_projects

CONTROLLER = """\
<?php

namespace App\\Http\\Controllers;

use Illuminate\\Http\\Request;

class BillingController extends Controller
{
    public function subscribe(Request $request, string $plan)
    {
        return $request->user()
            ->newSubscription('default', $plan)
            ->trialDays(7)
            ->quantity(4)
            ->allowPromotionCodes()
            ->checkout([
                'success_url' => route('billing.done'),
                'cancel_url' => route('billing'),
            ]);
    }

    public function launch(Request $request)
    {
        return $request->user()->newSubscription('default', 'price_team')
            ->withCoupon('LAUNCH')->anchorBillingCycleOn(now()->addMonth())->checkout();
    }

    public function shop(Request $request)
    {
        return $request->user()->checkout(["price_mug" => 2, "price_cap" => 1], [
            'success_url' => route('shop.done'),
        ]);
    }

    public function tip(Request $request)
    {
        return $request->user()->checkoutCharge(1500, 'Tip', 3);
    }

    public function basket(Basket $basket)
    {
        return $this->orders->checkout($basket);
    }
}
"""


def _sites() -> list[CallSite]:
    return [s for s in scan_source(CONTROLLER, "Billing.php", BY_NAME["php"]) if s.kind == "create"]


def _codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


def _lines(site: CallSite) -> list[Any]:
    return list(site.params["line_items"])


def test_a_subscription_builder_checkout_is_a_subscription_of_its_price() -> None:
    site = _sites()[0]
    assert site.params["mode"] == "subscription"
    assert _lines(site) == [{"price": {"$dynamic": "$plan"}, "quantity": 4}]
    assert site.params["subscription_data"] == {"trial_period_days": 7}
    assert site.params["allow_promotion_codes"] is True
    suggestion = site.suggestion
    assert "\\DodoIds::productId($plan)" in suggestion
    assert '"quantity": 4' in suggestion and '"trial_period_days": 7' in suggestion
    assert '"allow_discount_code": true' in suggestion
    assert "$dodoBody->{'return_url'} = route('billing.done');" in suggestion
    assert "$dodoBody->{'cancel_url'} = route('billing');" in suggestion


def test_a_builder_call_not_read_leaves_the_params_known_only_at_run_time() -> None:
    site = _sites()[1]
    assert site.params["discounts"] == [{"coupon": "LAUNCH"}]
    (spread,) = [f for f in site.findings if f.code == "RT006"]
    assert "->anchorBillingCycleOn(now()->addMonth())" in spread.message


def test_prices_by_quantity_are_one_payment_line_each() -> None:
    site = _sites()[2]
    assert site.params["mode"] == "payment"
    assert _lines(site) == [
        {"price": "price_mug", "quantity": 2},
        {"price": "price_cap", "quantity": 1},
    ]
    assert "X022" not in _codes(site)  # the session options are no request options


def test_a_charge_is_an_inline_price_in_cashiers_currency() -> None:
    site = _sites()[3]
    (line,) = _lines(site)
    assert line["quantity"] == 3
    assert line["price_data"]["unit_amount"] == 1500
    assert line["price_data"]["product_data"] == {"name": "Tip"}
    # the currency is the app's config: a Dodo product has one, chosen per currency
    assert "RT011" in _codes(site)
    assert "X022" not in _codes(site)


def test_a_checkout_method_of_the_apps_own_is_no_cashier_call() -> None:
    assert len(_sites()) == 4  # $this->orders->checkout($basket) is not one


def test_a_controller_naming_no_stripe_is_scanned(tmp_path: Path) -> None:
    assert "stripe" not in CONTROLLER.lower()
    (tmp_path / "BillingController.php").write_text(CONTROLLER, encoding="utf-8")
    (tmp_path / "Cart.php").write_text(
        "<?php\nclass Cart { function pay($o) { return $this->gateway->checkout($o); } }\n",
        encoding="utf-8",
    )
    sites = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"]
    assert [Path(s.file).name for s in sites] == ["BillingController.php"] * 4


def test_cashier_for_another_provider_is_not_stripe(tmp_path: Path) -> None:
    # Chargebee's and Mollie's Cashier have the same Billable calls: a Laravel app requiring
    # chargebee/cashier had its subscription checkouts reported as Stripe's (seen on a billing
    # app built on it)
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "BillingController.php").write_text(CONTROLLER, encoding="utf-8")
    for other in ('"chargebee/cashier": "^1.0"', '"mollie/laravel-cashier-mollie": "^2.0"'):
        (tmp_path / "composer.json").write_text(
            '{"require": {"php": "^8.2", ' + other + "}}", encoding="utf-8"
        )
        forget_projects()
        assert [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"] == [], other


def test_cashier_for_paddle_is_not_stripe(tmp_path: Path) -> None:
    # the same Billable calls make a Paddle checkout in an app that requires cashier-paddle
    (tmp_path / "composer.json").write_text(
        '{"require": {"php": "^8.2", "laravel/cashier-paddle": "^2.0"}}', encoding="utf-8"
    )
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "BillingController.php").write_text(CONTROLLER, encoding="utf-8")
    assert [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"] == []
    (tmp_path / "composer.json").write_text(
        '{"require": {"laravel/cashier": "^15.0", "laravel/cashier-paddle": "^2.0"}}',
        encoding="utf-8",
    )
    forget_projects()
    assert len([s for s in scan_paths([str(tmp_path)]) if s.kind == "create"]) == 4


RUN_TIME = """\
<?php

namespace App\\Http\\Controllers;

use Illuminate\\Http\\Request;
use Laravel\\Cashier\\Checkout;

class ShopController extends Controller
{
    public function buy(Request $request)
    {
        $priceId = config('shop.prices.' . $request->input('item'));
        return $request->user()->checkout([$priceId => $request->integer('qty')], [
            'success_url' => route('shop.done'),
        ]);
    }

    public function guest(Request $request)
    {
        return Checkout::guest()->create($request->input('price'), [
            'success_url' => route('home'),
            'cancel_url' => route('shop'),
        ]);
    }

    public function promo(Request $request, string $price)
    {
        return $request->user()->allowPromotionCodes()->checkout($price);
    }

    public function team(Request $request, Team $team)
    {
        return Checkout::customer($team)->withCoupon($request->input('coupon'))
            ->create([$request->input('a'), $request->input('b')]);
    }

    public function order(Basket $basket, array $items)
    {
        return $basket->checkout($items, $this->options);
    }
}
"""


def _run_time_sites(tmp_path: Path, composer: str | None) -> list[CallSite]:
    if composer is not None:
        (tmp_path / "composer.json").write_text(composer, encoding="utf-8")
    (tmp_path / "app").mkdir(exist_ok=True)
    (tmp_path / "app" / "ShopController.php").write_text(RUN_TIME, encoding="utf-8")
    forget_projects()
    return [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"]


def test_cashier_checkouts_of_run_time_prices_are_found_and_carried(tmp_path: Path) -> None:
    # a price chosen at run time (`[$price => $qty]`, a request field) was no Cashier call: only
    # literal `price_...` items were, so most Laravel apps' checkouts were not found at all
    assert "stripe" not in RUN_TIME.lower()
    sites = _run_time_sites(tmp_path, '{"require": {"laravel/cashier": "^15.0"}}')
    assert [s.line for s in sites] == [13, 20, 28, 33]
    buy, guest, promo, team = sites
    assert buy.params["line_items"] == [
        {"price": {"$dynamic": "$priceId"}, "quantity": {"$dynamic": "$request->integer('qty')"}}
    ]
    assert "\\DodoIds::productId($priceId)" in (buy.suggestion or "")
    assert "$request->integer('qty')" in (buy.suggestion or "")
    assert guest.params["line_items"] == [
        {"price": {"$dynamic": "$request->input('price')"}, "quantity": 1}
    ]
    assert "\\DodoIds::productId($request->input('price'))" in (guest.suggestion or "")
    assert "route('shop')" in (guest.suggestion or "")  # the cancel URL kept
    assert promo.params["allow_promotion_codes"] is True
    assert "\\DodoIds::productId($price)" in (promo.suggestion or "")
    assert team.params["discounts"] == [{"coupon": {"$dynamic": "$request->input('coupon')"}}]
    assert [line["price"] for line in team.params["line_items"]] == [
        {"$dynamic": "$request->input('a')"},
        {"$dynamic": "$request->input('b')"},
    ]


BARE = """\
<?php

class CartController extends Controller
{
    public function promo(Request $request, string $price)
    {
        return $request->user()->allowPromotionCodes()->checkout($price);
    }

    public function team(Team $team, string $price)
    {
        return $team->checkout([$price => 1]);
    }
}
"""


def test_run_time_checkouts_need_an_app_that_requires_cashier(tmp_path: Path) -> None:
    # `checkout` is a common method name: a file naming no Stripe, no Cashier class and no
    # session option is read only in an app that requires Cashier for Stripe
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "CartController.php").write_text(BARE, encoding="utf-8")
    for composer, found in (
        ('{"require": {"laravel/framework": "^11.0"}}', []),
        ('{"require": {"laravel/cashier-paddle": "^2.0"}}', []),
        ('{"require": {"laravel/cashier": "^15.0"}}', [7, 12]),
    ):
        (tmp_path / "composer.json").write_text(composer, encoding="utf-8")
        forget_projects()
        sites = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"]
        assert [s.line for s in sites] == found, composer


def test_a_checkout_class_of_the_apps_own_is_no_cashier_builder() -> None:
    code = RUN_TIME.replace("use Laravel\\Cashier\\Checkout;", "use App\\Billing\\Checkout;")
    sites = [s for s in scan_source(code, "Shop.php", BY_NAME["php"]) if s.kind == "create"]
    assert [s.line for s in sites] == [13, 28]  # not the two Checkout:: builders


HELD = """\
<?php

class PlanController extends Controller
{
    public function subscribe(Request $request)
    {
        $subscription = $request->user()->newSubscription('default', $request->input('price'));
        $subscription->trialDays(14);
        if ($request->filled('coupon')) {
            $subscription->withCoupon($request->input('coupon'));
        }
        return $subscription->allowPromotionCodes()->checkout([
            'success_url' => route('home'),
        ]);
    }

    public function bundle(Request $request)
    {
        $subscription = $request->user()->newSubscription('default', 'price_base');
        foreach ($request->input('addons') as $addon) {
            $subscription->price($addon);
        }
        return $subscription->checkout(['success_url' => route('home')]);
    }

    public function other(Request $request)
    {
        $builder = $this->checkouts->make($request);
        return $builder->checkout(['success_url' => route('home')]);
    }
}
"""


def test_a_subscription_builder_held_in_a_variable_keeps_its_modifiers() -> None:
    # `$sub = $user->newSubscription(...); $sub->trialDays(14); $sub->checkout([...])` was
    # no Cashier call (the chain was read only when written in one expression)
    sites = [s for s in scan_source(HELD, "Plan.php", BY_NAME["php"]) if s.kind == "create"]
    assert [s.line for s in sites] == [12, 23]  # not $builder->checkout([...])
    subscribe, bundle = sites
    assert subscribe.params["mode"] == "subscription"
    assert subscribe.params["subscription_data"] == {"trial_period_days": 14}
    assert subscribe.params["allow_promotion_codes"] is True
    # the coupon only when the request has one: never a discount sent for every buyer
    coupon = subscribe.params["discounts"]["$choice"]
    assert coupon["if"] == "$request->filled('coupon')"
    assert coupon["else"] is None
    suggestion = subscribe.suggestion or ""
    assert "$request->filled('coupon') ? [" in suggestion
    assert "\\DodoIds::discountCode($request->input('coupon'))" in suggestion
    # prices added in a loop: several subscription products known only at run time, which
    # Dodo sells as separate subscriptions (it was one subscription of the base price alone)
    assert bundle.params["line_items"] == {"$dynamic": "$subscription->price($addon)"}
    assert "RT014" in {f.code for f in bundle.findings}


LINES = """\
<?php

class ShopController extends Controller
{
    public function cart(Request $request)
    {
        $lines = [];
        foreach ($request->input('items') as $item) {
            $lines[] = ['price' => $item['price'], 'quantity' => $item['qty']];
        }
        return $request->user()->checkout($lines, ['success_url' => route('ok')]);
    }

    public function fixed(Request $request)
    {
        return $request->user()->checkout([
            ['price' => 'price_1Mug', 'quantity' => 2],
            ['price' => $request->input('extra')],
        ], ['success_url' => route('ok')]);
    }
}
"""


def test_line_item_arrays_are_the_lines_cashier_sends() -> None:
    # Cashier passes an item that is an array on as the line item: a loop's lines were read as
    # one price id (the whole list looked up), the literal ones as pairs of arrays
    sites = [s for s in scan_source(LINES, "Shop.php", BY_NAME["php"]) if s.kind == "create"]
    cart, fixed = sites
    each = cart.params["line_items"]["$each"]
    assert each["over"] == "$request->input('items')"
    assert each["item"] == {
        "price": {"$dynamic": "$item['price']"},
        "quantity": {"$dynamic": "$item['qty']"},
    }
    assert "\\DodoIds::productId($item['price'])" in (cart.suggestion or "")
    assert fixed.params["line_items"] == [
        {"price": "price_1Mug", "quantity": 2},
        {"price": {"$dynamic": "$request->input('extra')"}, "quantity": 1},
    ]
