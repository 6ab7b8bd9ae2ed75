"""Dodo bodies holding every form of run-time value (``migrate/mapping/expr.py``: code, choice,
each, field, concat, missing) through every op, as the translator builds them from scanned code,
with source expressions written in each family's language. The suggestion tests render them
(test_suggest_forms.py) and type-check the Python and JS/TS renderings against the official SDKs
(test_suggest_types.py)."""

from __future__ import annotations

from typing import Any

from migrate.mapping.expr import Expr

CHARGE = "/subscriptions/sub_1/charge"

SOURCES: dict[str, dict[str, str]] = {
    "python": {
        "price": "order.price_id",
        "plan": 'plan == "pro"',
        "env_price": 'os.environ.get("STRIPE_PRICE")',
        "items": "cart.items",
        "var": "item",
        "item_price": 'item["price_id"]',
        "item_qty": 'item["qty"]',
        "url": 'f"{base}/thanks?session_id={{CHECKOUT_SESSION_ID}}&from=app"',
        "cancel": 'base + "/cart"',
        "customer": "user.stripe_customer_id",
        "email": "user.email",
        "currency": "order.currency",
        "uid": "user.id",
        "cents": "order.total_cents",
        "qty": "form.quantity",
        "tags": "order.metadata",
        "coupon": "request.args.get('coupon')",
        "is_yearly": "yearly",
        "coupons": "order.coupon_ids",
        "coupon_var": "code",
        "coupon_item": "code",
    },
    "node": {
        "price": "order.priceId",
        "plan": 'plan === "pro"',
        "env_price": "process.env.STRIPE_PRICE",
        "items": "cart.items",
        "var": "item",
        "item_price": "item.priceId",
        "item_qty": "item.qty",
        "url": "`${origin}/thanks?session_id={CHECKOUT_SESSION_ID}&from=app`",
        "cancel": "`${origin}/cart`",
        "customer": "user.stripeCustomerId",
        "email": "user.email",
        "currency": "order.currency",
        "uid": "user.id",
        "cents": "order.totalCents",
        "qty": "Number(req.body.quantity)",
        "tags": "order.metadata",
        "coupon": "req.query.coupon",
        "is_yearly": "yearly",
        "coupons": "order.couponIds",
        "coupon_var": "code",
        "coupon_item": "code",
    },
    "ruby": {
        "price": "order.price_id",
        "plan": 'plan == "pro"',
        "env_price": 'ENV["STRIPE_PRICE"]',
        "items": "cart.items",
        "var": "item",
        "item_price": "item[:price_id]",
        "item_qty": "item[:qty]",
        "url": '"#{root_url}thanks?session_id={CHECKOUT_SESSION_ID}&from=app"',
        "cancel": '"#{root_url}cart"',
        "customer": "current_user.stripe_customer_id",
        "email": "current_user.email",
        "currency": "order.currency",
        "uid": "current_user.id",
        "cents": "order.total_cents",
        "qty": "params[:quantity].to_i",
        "tags": "order.metadata",
        "coupon": "params[:coupon]",
        "is_yearly": "yearly",
        "coupons": "order.coupon_ids",
        "coupon_var": "code",
        "coupon_item": "code",
    },
    "php": {
        "price": "$order->price_id",
        "plan": "$plan === 'pro'",
        "env_price": "getenv('STRIPE_PRICE')",
        "items": "$cart['items']",
        "var": "$item",
        "item_price": "$item['price_id']",
        "item_qty": "$item['qty']",
        "url": "$base . '/thanks?session_id={CHECKOUT_SESSION_ID}&from=app'",
        "cancel": "$base . '/cart'",
        "customer": "$user->stripe_customer_id",
        "email": "$user->email",
        "currency": "$order->currency",
        "uid": "$user->id",
        "cents": "$order->total_cents",
        "qty": "(int) $_POST['quantity']",
        "tags": "$order->metadata",
        "coupon": "$_GET['coupon']",
        "is_yearly": "$yearly",
        "coupons": "$order->coupon_ids",
        "coupon_var": "$code",
        "coupon_item": "$code",
    },
    "go": {
        "price": "order.PriceID",
        "plan": 'plan == "pro"',
        "env_price": 'os.Getenv("STRIPE_PRICE")',
        "items": "cart.Items",
        "var": "item",
        "item_price": "item.PriceID",
        "item_qty": "item.Qty",
        "url": 'base + "/thanks?session_id={CHECKOUT_SESSION_ID}&from=app"',
        "cancel": 'base + "/cart"',
        "customer": "user.StripeCustomerID",
        "email": "user.Email",
        "currency": "order.Currency",
        "uid": "user.ID",
        "cents": "order.TotalCents",
        "qty": "quantity",
        "tags": "order.Metadata",
        "coupon": 'r.URL.Query().Get("coupon")',
        "is_yearly": "yearly",
        "coupons": "order.CouponIDs",
        "coupon_var": "code",
        "coupon_item": "code",
    },
    "java": {
        "price": "order.getPriceId()",
        "plan": 'plan.equals("pro")',
        "env_price": 'System.getenv("STRIPE_PRICE")',
        "items": "cart.getItems()",
        "var": "item",
        "item_price": "item.getPriceId()",
        "item_qty": "item.getQty()",
        "url": 'base + "/thanks?session_id={CHECKOUT_SESSION_ID}&from=app"',
        "cancel": 'base + "/cart"',
        "customer": "user.getStripeCustomerId()",
        "email": "user.getEmail()",
        "currency": "order.getCurrency()",
        "uid": "user.getId()",
        "cents": "order.getTotalCents()",
        "qty": "quantity",
        "tags": "order.getMetadata()",
        "coupon": 'request.getParameter("coupon")',
        "is_yearly": "yearly",
        "coupons": "order.getCouponIds()",
        "coupon_var": "code",
        "coupon_item": "code",
    },
    "kotlin": {
        "price": "order.priceId",
        "plan": 'plan == "pro"',
        "env_price": 'System.getenv("STRIPE_PRICE")',
        "items": "cart.items",
        "var": "item",
        "item_price": "item.priceId",
        "item_qty": "item.qty",
        "url": '"$base/thanks?session_id={CHECKOUT_SESSION_ID}&from=app"',
        "cancel": '"$base/cart"',
        "customer": "user.stripeCustomerId",
        "email": "user.email",
        "currency": "order.currency",
        "uid": "user.id",
        "cents": "order.totalCents",
        "qty": "quantity",
        "tags": "order.metadata",
        "coupon": 'request.getParameter("coupon")',
        "is_yearly": "yearly",
        "coupons": "order.couponIds",
        "coupon_var": "code",
        "coupon_item": "code",
    },
    "csharp": {
        "price": "order.PriceId",
        "plan": 'plan == "pro"',
        "env_price": 'Environment.GetEnvironmentVariable("STRIPE_PRICE")',
        "items": "cart.Items",
        "var": "item",
        "item_price": "item.PriceId",
        "item_qty": "item.Qty",
        "url": '$"{domain}/thanks?session_id={{CHECKOUT_SESSION_ID}}&from=app"',
        "cancel": '$"{domain}/cart"',
        "customer": "user.StripeCustomerId",
        "email": "user.Email",
        "currency": "order.Currency",
        "uid": "user.Id",
        "cents": "order.TotalCents",
        "qty": "quantity",
        "tags": "order.Metadata",
        "coupon": 'Request.Query["coupon"]',
        "is_yearly": "yearly",
        "coupons": "order.CouponIds",
        "coupon_var": "code",
        "coupon_item": "code",
    },
    "shell": {
        "price": '"$PRICE_ID"',
        "plan": '[ "$PLAN" = pro ]',
        "env_price": "$STRIPE_PRICE",
        "items": '"${PRICE_IDS[@]}"',
        "var": "price_id",
        "item_price": '"$price_id"',
        "item_qty": "1",
        "url": '"$BASE_URL/thanks?session_id={CHECKOUT_SESSION_ID}&from=app"',
        "cancel": '"$BASE_URL/cart"',
        "customer": '"$CUSTOMER_ID"',
        "email": '"$EMAIL"',
        "currency": '"$CURRENCY"',
        "uid": '"$USER_ID"',
        "cents": '"$AMOUNT"',
        "qty": '"$QUANTITY"',
        "tags": '"$METADATA_JSON"',
        "coupon": '"$COUPON"',
        "is_yearly": '[ "$INTERVAL" = year ]',
        "coupons": '"${COUPONS[@]}"',
        "coupon_var": "code",
        "coupon_item": '"$code"',
    },
}
FAMILIES = sorted(SOURCES)


def _code(source: str, path: str, op: Any = "", type_: Any = "str") -> Expr:
    return Expr(source, path, op, type_)


def bodies(family: str) -> dict[str, tuple[dict[str, Any], str]]:
    """Named Dodo bodies (and the path each is posted to) whose run-time values are written in
    ``family``'s language: together they hold every form and every op."""
    s = SOURCES[family]
    var = s["var"].lstrip("$")
    field_price = Expr("", "line_items", "product_id", "str", form="field", var=var, key="price")
    field_quantity = Expr(
        "", "line_items", "", "int", form="field", var=var, key="quantity", default=1
    )
    return {
        # an opaque run-time list of line items, each element's price looked up
        "each-field": (
            {
                "product_cart": Expr(
                    s["items"],
                    "line_items",
                    form="each",
                    over=s["items"],
                    var=s["var"],
                    item={"product_id": field_price, "quantity": field_quantity},
                ),
                "customer": {
                    "customer_id": _code(s["customer"], "customer", "customer_id"),
                },
                "return_url": _code(s["url"], "success_url", "return_url"),
                "cancel_url": _code(s["cancel"], "cancel_url"),
                "billing_currency": _code(s["currency"], "currency", "upper"),
                "metadata": {
                    "client_reference_id": _code(s["uid"], "client_reference_id", "str"),
                    "source": "stripe2dodo",
                },
            },
            "/checkouts",
        ),
        # a list built by mapping over a collection: the element template refers to the element
        "each-template": (
            {
                "product_cart": Expr(
                    s["items"],
                    "line_items",
                    form="each",
                    over=s["items"],
                    var=s["var"],
                    item={
                        "product_id": _code(s["item_price"], "line_items[0].price", "product_id"),
                        "quantity": _code(s["item_qty"], "line_items[0].quantity", "", "int"),
                    },
                ),
                "customer": {"email": _code(s["email"], "customer_email")},
                "metadata": _code(s["tags"], "metadata", "", "metadata"),
                "feature_flags": {"allow_discount_code": True},
                # a list of codes: each element an expression, not a dict
                "discount_codes": Expr(
                    s["coupons"],
                    "discounts",
                    "",
                    "list",
                    form="each",
                    over=s["coupons"],
                    var=s["coupon_var"],
                    item=_code(s["coupon_item"], "discounts[0].coupon", "discount_code"),
                ),
            },
            "/checkouts",
        ),
        # a choice between prices (a literal Dodo id, a run-time Stripe id, a literal Stripe id
        # the id map did not hold), a price with a fallback, a choice of trial days
        "choices": (
            {
                "product_cart": [
                    {
                        "product_id": Expr(
                            s["price"],
                            "line_items[0].price",
                            "product_id",
                            "str",
                            form="choice",
                            cond=s["plan"],
                            then="pdt_pro",
                            else_=Expr(
                                s["price"],
                                "line_items[0].price",
                                form="choice",
                                cond=s["is_yearly"],
                                then="price_basic_yearly",
                                else_=_code(s["price"], "line_items[0].price"),
                            ),
                        ),
                        "quantity": _code(s["qty"], "line_items[0].quantity", "", "int"),
                    },
                    {
                        "product_id": Expr(
                            s["env_price"],
                            "line_items[1].price",
                            "product_id",
                            "str",
                            form="choice",
                            cond=f"{s['env_price']} is set",
                            then=_code(s["env_price"], "line_items[1].price"),
                            else_="pdt_default",
                        ),
                        "quantity": 1,
                    },
                ],
                "subscription_data": {
                    "trial_period_days": Expr(
                        s["is_yearly"],
                        "subscription_data.trial_period_days",
                        "",
                        "int",
                        form="choice",
                        cond=s["is_yearly"],
                        then=30,
                        else_=7,
                    ),
                },
                "billing_currency": Expr(
                    s["currency"],
                    "currency",
                    "upper",
                    "str",
                    form="choice",
                    cond=s["plan"],
                    then="usd",
                    else_=_code(s["currency"], "currency"),
                ),
                "discount_codes": [_code(s["coupon"], "discounts[0].coupon", "discount_code")],
            },
            "/checkouts",
        ),
        # line items added over statements: a mapped list spliced in, a literal line, a line
        # added under a condition; a discount given only under a condition
        "concat": (
            {
                "product_cart": Expr.concat(
                    s["items"],
                    "line_items",
                    [
                        Expr.each(
                            s["items"],
                            "line_items[0]",
                            s["items"],
                            s["var"],
                            {
                                "product_id": _code(
                                    s["item_price"], "line_items[0][].price", "product_id"
                                ),
                                "quantity": _code(
                                    s["item_qty"], "line_items[0][].quantity", "", "int"
                                ),
                            },
                        ),
                        {"product_id": "pdt_default", "quantity": 1},
                        Expr.choice(
                            s["is_yearly"],
                            "line_items[2]",
                            s["is_yearly"],
                            {
                                "product_id": _code(
                                    s["price"], "line_items[2].price", "product_id"
                                ),
                                "quantity": 1,
                            },
                            None,
                        ),
                    ],
                ),
                "discount_codes": Expr.concat(
                    s["coupon"],
                    "discounts",
                    [
                        Expr.choice(
                            s["coupon"],
                            "discounts[0]",
                            f"{s['coupon']} is set",
                            _code(s["coupon"], "discounts[0].coupon", "discount_code"),
                            None,
                        ),
                    ],
                ),
            },
            "/checkouts",
        ),
        # a choice between carts that do not line up; discounts that may not be given at all
        "carts": (
            {
                "product_cart": Expr.choice(
                    s["plan"],
                    "line_items",
                    s["plan"],
                    [
                        {
                            "product_id": _code(s["price"], "line_items[0].price", "product_id"),
                            "quantity": 1,
                        }
                    ],
                    [
                        {"product_id": "pdt_a", "quantity": 1},
                        {
                            "product_id": "pdt_b",
                            "quantity": _code(s["qty"], "line_items[1].quantity", "", "int"),
                        },
                    ],
                ),
                "discount_codes": Expr.choice(
                    s["coupon"],
                    "discounts",
                    f"{s['coupon']} is set",
                    [_code(s["coupon"], "discounts[0].coupon", "discount_code")],
                    None,
                ),
            },
            "/checkouts",
        ),
        # a run-time amount: the pay-what-you-want product with `amount`
        "amount": (
            {
                "product_cart": [
                    {
                        "product_id": "pdt_pay_what_you_want",
                        "quantity": 1,
                        "amount": _code(
                            s["cents"], "line_items[0].price_data.unit_amount", "", "int"
                        ),
                    }
                ],
                "return_url": _code(s["cancel"], "success_url", "return_url"),
            },
            "/checkouts",
        ),
        # an on-demand charge of a run-time amount in a run-time currency
        "charge": (
            {
                "product_price": _code(s["cents"], "amount", "", "int"),
                "product_currency": _code(s["currency"], "currency", "upper"),
                "metadata": {"order": _code(s["uid"], "metadata.order", "str")},
            },
            CHARGE,
        ),
    }


MISSING: dict[str, Any] = {
    "product_price": Expr.absent("product_price", "int"),
    "product_currency": "USD",
}
"""A charge whose amount the Stripe call does not give: the code must not compile or run."""
