"""The dense tree of ``bench/scan_bench.py --dense``: most files hold Stripe code, 8 languages.

Seeded, so the same every time. Each file is filler (functions with loops and branches) around
one to three Stripe blocks. A block is either a Checkout Session creation built over several
statements (params dicts or builders changed after they are made, ternaries, a loop mapping a
cart, a helper that returns the params) or a look-alike around Checkout (retrieve, expire,
list, the billing portal, a customer, a mock, a commented-out call). Every creation's line is
recorded in the manifest, so a tool's matches can be checked against them.

Written for this bench (the shapes are the ones the scanner's samples cover); no code here comes
from the corpus or from any fetched repository.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

DENSE_VERSION = 1
"""Bump when the dense tree changes, so old trees are not reused."""

LANGS = ("py", "js", "ts", "rb", "php", "go", "java", "kt", "cs")
"""File kinds (JavaScript and TypeScript are one language, 8 in all)."""

STRIPE_SHARE = 0.85
"""Share of the files that hold Stripe code."""

_W_TEXT = """
account address audit basket batch billing cart catalog channel coupon customer delivery
discount event export group history inventory invoice item ledger order owner package partner
plan price product profile quota receipt record refund region report review route schedule
segment shipment stock store supplier tax team tenant ticket user voucher warehouse
"""
_W = _W_TEXT.split()

Block = tuple[list[str], int | None]
"""The lines of a block, and the offset of its creation call's first line (None: none)."""


def _w(rng: random.Random) -> str:
    return rng.choice(_W)


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


# -- filler -----------------------------------------------------------------------------------


def _filler(lang: str, rng: random.Random, n: int) -> list[str]:
    a, b, k = _w(rng), _w(rng), rng.randint(2, 99)
    if lang == "py":
        return [
            f"def sum_{a}_{n}({b}s, limit={k}):",
            "    total = 0",
            f"    for index, entry in enumerate({b}s):",
            "        if index >= limit:",
            "            break",
            f"        total += entry.get({a!r}, 0) * {k}",
            "    return total",
            "",
            "",
        ]
    if lang in ("js", "ts"):
        typ = ": Array<Record<string, number>>" if lang == "ts" else ""
        return [
            f"export function sum{_cap(a)}{n}({b}s{typ}, limit = {k}) {{",
            "  let total = 0;",
            f"  for (const [index, entry] of {b}s.entries()) {{",
            "    if (index >= limit) break;",
            f"    total += (entry.{a} ?? 0) * {k};",
            "  }",
            "  return total;",
            "}",
            "",
        ]
    if lang == "rb":
        return [
            f"  def sum_{a}_{n}({b}s, limit = {k})",
            "    total = 0",
            f"    {b}s.each_with_index do |entry, index|",
            "      break if index >= limit",
            f"      total += entry.fetch(:{a}, 0) * {k}",
            "    end",
            "    total",
            "  end",
            "",
        ]
    if lang == "php":
        return [
            f"    public function sum{_cap(a)}{n}(array ${b}s, int $limit = {k}): int",
            "    {",
            "        $total = 0;",
            f"        foreach (${b}s as $index => $entry) {{",
            "            if ($index >= $limit) {",
            "                break;",
            "            }",
            f"            $total += ($entry['{a}'] ?? 0) * {k};",
            "        }",
            "        return $total;",
            "    }",
            "",
        ]
    if lang == "go":
        return [
            f"func sum{_cap(a)}{n}({b}s []map[string]int64, limit int) int64 {{",
            "\tvar total int64",
            f"\tfor index, entry := range {b}s {{",
            "\t\tif index >= limit {",
            "\t\t\tbreak",
            "\t\t}",
            f'\t\ttotal += entry["{a}"] * {k}',
            "\t}",
            "\treturn total",
            "}",
            "",
        ]
    if lang == "java":
        return [
            f"    public static long sum{_cap(a)}{n}(List<Map<String, Long>> {b}s, int limit) {{",
            "        long total = 0;",
            f"        for (int i = 0; i < {b}s.size() && i < limit; i++) {{",
            f'            total += {b}s.get(i).getOrDefault("{a}", 0L) * {k};',
            "        }",
            "        return total;",
            "    }",
            "",
        ]
    if lang == "kt":
        return [
            f"fun sum{_cap(a)}{n}({b}s: List<Map<String, Long>>, limit: Int = {k}): Long {{",
            "    var total = 0L",
            f"    for ((index, entry) in {b}s.withIndex()) {{",
            "        if (index >= limit) break",
            f'        total += (entry["{a}"] ?: 0L) * {k}',
            "    }",
            "    return total",
            "}",
            "",
        ]
    return [  # cs
        f"    public static long Sum{_cap(a)}{n}(List<Dictionary<string, long>> {b}s, int limit)",
        "    {",
        "        long total = 0;",
        f"        for (var i = 0; i < {b}s.Count && i < limit; i++)",
        "        {",
        f'            total += {b}s[i].GetValueOrDefault("{a}") * {k};',
        "        }",
        "        return total;",
        "    }",
        "",
    ]


# -- Stripe blocks: Python --------------------------------------------------------------------


def _py(rng: random.Random, n: int, create: bool) -> Block:
    shape = rng.randrange(3 if create else 4)
    if not create:
        return [
            [
                f"def portal_{n}(customer_id):",
                "    portal = stripe.billing_portal.Session.create(",
                "        customer=customer_id, return_url=settings.RETURN_URL",
                "    )",
                "    return portal.url",
                "",
                "",
            ],
            [
                f"def confirm_{n}(session_id):",
                "    session = stripe.checkout.Session.retrieve(session_id)",
                "    if session.payment_status != 'paid':",
                "        stripe.checkout.Session.expire(session_id)",
                "    return session",
                "",
                "",
            ],
            [
                f"def recent_{n}(limit=10):",
                "    # was: stripe.checkout.Session.create(mode='payment', line_items=[...])",
                "    customer = stripe.Customer.create(email='ops@example.com')",
                "    return stripe.checkout.Session.list(limit=limit, customer=customer.id)",
                "",
                "",
            ],
            [
                f"def test_checkout_{n}(monkeypatch):",
                "    fake = mock.Mock(return_value={'url': 'https://pay.example/x'})",
                "    monkeypatch.setattr('stripe.checkout.Session.create', fake)",
                "    assert fake.call_count == 0",
                "",
                "",
            ],
        ][shape], None
    if shape == 0:
        return [
            f"def cart_checkout_{n}(request, cart):",
            "    line_items = []",
            "    for line in cart.lines:",
            '        line_items.append({"price": line.price_id, "quantity": line.quantity})',
            "    params = {",
            '        "mode": "payment",',
            '        "line_items": line_items,',
            '        "success_url": settings.DOMAIN + "/orders/done",',
            "    }",
            "    if request.user.email:",
            '        params["customer_email"] = request.user.email',
            f'    params["metadata"] = {{"cart_id": cart.id, "shard": "{_w(rng)}"}}',
            "    session = stripe.checkout.Session.create(**params)",
            "    return redirect(session.url, code=303)",
            "",
            "",
        ], 12
    if shape == 1:
        return [
            f"def plan_checkout_{n}(user, yearly):",
            f'    price = "price_year_{n}" if yearly else "price_month_{n}"',
            "    session = stripe.checkout.Session.create(",
            '        mode="subscription",',
            '        line_items=[{"price": price, "quantity": 1}],',
            "        customer=user.stripe_id,",
            '        success_url=f"{settings.DOMAIN}/welcome",',
            '        cancel_url=f"{settings.DOMAIN}/pricing",',
            "    )",
            "    return session.url",
            "",
            "",
        ], 2
    return [
        f"def _params_{n}(cart, email):",
        "    return {",
        '        "mode": "payment",',
        '        "line_items": [{"price": l.price_id, "quantity": l.qty} for l in cart.lines],',
        '        "customer_email": email,',
        '        "success_url": settings.DOMAIN + "/thanks",',
        "    }",
        "",
        "",
        f"def client_checkout_{n}(cart, email):",
        "    client = stripe.StripeClient(settings.STRIPE_SECRET_KEY)",
        f"    session = client.checkout.sessions.create(params=_params_{n}(cart, email))",
        "    return session.url",
        "",
        "",
    ], 11


# -- Stripe blocks: JavaScript and TypeScript -------------------------------------------------


def _js(rng: random.Random, n: int, create: bool, ts: bool = False) -> Block:
    shape = rng.randrange(3)
    req = "req: Request, res: Response" if ts else "req, res"
    if not create:
        return [
            [
                f"export async function portal{n}({req}) {{",
                "  const portal = await stripe.billingPortal.sessions.create({",
                "    customer: req.user.stripeId,",
                "    return_url: process.env.RETURN_URL,",
                "  });",
                "  res.redirect(portal.url);",
                "}",
                "",
            ],
            [
                f"export async function confirm{n}(sessionId) {{",
                "  const session = await stripe.checkout.sessions.retrieve(sessionId);",
                "  if (session.payment_status !== 'paid') {",
                "    await stripe.checkout.sessions.expire(sessionId);",
                "  }",
                "  return session;",
                "}",
                "",
            ],
            [
                f"export async function recent{n}() {{",
                "  // stripe.checkout.sessions.create({ mode: 'payment' }) moved to the worker",
                "  const customer = await stripe.customers.create({ email: 'ops@example.com' });",
                "  return stripe.checkout.sessions.list({ customer: customer.id, limit: 5 });",
                "}",
                "",
            ],
        ][shape], None
    if shape == 0:
        typ = ": Stripe.Checkout.SessionCreateParams" if ts else ""
        return [
            f"export async function cartCheckout{n}({req}) {{",
            "  const lineItems = req.body.cart.map((line) => ({",
            "    price: line.priceId,",
            "    quantity: line.quantity,",
            "  }));",
            f"  const params{typ} = {{",
            "    mode: 'payment',",
            "    line_items: lineItems,",
            "    success_url: `${process.env.DOMAIN}/orders/done`,",
            "  };",
            "  if (req.user.email) {",
            "    params.customer_email = req.user.email;",
            "  }",
            f"  params.metadata = {{ cartId: req.body.id, shard: '{_w(rng)}' }};",
            "  const session = await stripe.checkout.sessions.create(params);",
            "  res.redirect(303, session.url);",
            "}",
            "",
        ], 14
    if shape == 1:
        return [
            f"export async function planCheckout{n}({req}) {{",
            f"  const price = req.body.yearly ? 'price_year_{n}' : 'price_month_{n}';",
            "  const session = await stripe.checkout.sessions.create({",
            "    mode: 'subscription',",
            "    line_items: [{ price, quantity: 1 }],",
            "    customer: req.user.stripeId,",
            "    success_url: `${process.env.DOMAIN}/welcome`,",
            "    cancel_url: `${process.env.DOMAIN}/pricing`,",
            "  });",
            "  res.json({ url: session.url });",
            "}",
            "",
        ], 2
    return [
        f"function params{n}(cart, email) {{",
        "  return {",
        "    mode: 'payment',",
        "    line_items: cart.lines.map((l) => ({ price: l.priceId, quantity: l.qty })),",
        "    customer_email: email,",
        "    success_url: process.env.DOMAIN + '/thanks',",
        "  };",
        "}",
        "",
        f"export async function helperCheckout{n}(cart, email) {{",
        f"  const session = await stripe.checkout.sessions.create(params{n}(cart, email));",
        "  return session.url;",
        "}",
        "",
    ], 10


# -- Stripe blocks: Ruby ----------------------------------------------------------------------


def _rb(rng: random.Random, n: int, create: bool) -> Block:
    if not create:
        return [
            [
                f"  def portal_{n}",
                "    portal = Stripe::BillingPortal::Session.create(",
                "      customer: current_user.stripe_id, return_url: root_url",
                "    )",
                "    redirect_to portal.url, allow_other_host: true",
                "  end",
                "",
            ],
            [
                f"  def confirm_{n}",
                "    session = Stripe::Checkout::Session.retrieve(params[:session_id])",
                "    Stripe::Checkout::Session.expire(session.id) unless session.paid?",
                "    # Stripe::Checkout::Session.create(mode: 'payment') lives in the job now",
                "    Stripe::Customer.create(email: current_user.email)",
                "  end",
                "",
            ],
        ][rng.randrange(2)], None
    if rng.random() < 0.5:
        return [
            f"  def cart_checkout_{n}",
            "    line_items = current_cart.lines.map do |line|",
            "      { price: line.price_id, quantity: line.quantity }",
            "    end",
            "    options = {",
            "      mode: 'payment',",
            "      line_items: line_items,",
            "      success_url: orders_url,",
            "    }",
            "    options[:customer_email] = current_user.email if current_user",
            f"    options[:metadata] = {{ cart_id: current_cart.id, shard: '{_w(rng)}' }}",
            "    session = Stripe::Checkout::Session.create(options)",
            "    redirect_to session.url, allow_other_host: true, status: :see_other",
            "  end",
            "",
        ], 11
    return [
        f"  def plan_checkout_{n}",
        f"    price = params[:yearly] ? 'price_year_{n}' : 'price_month_{n}'",
        "    session = Stripe::Checkout::Session.create(",
        "      mode: 'subscription',",
        "      line_items: [{ price: price, quantity: 1 }],",
        "      customer: current_user.stripe_id,",
        "      success_url: welcome_url,",
        "      cancel_url: pricing_url,",
        "    )",
        "    redirect_to session.url, allow_other_host: true",
        "  end",
        "",
    ], 2


# -- Stripe blocks: PHP -----------------------------------------------------------------------


def _php(rng: random.Random, n: int, create: bool) -> Block:
    if not create:
        return [
            [
                f"    public function portal{n}(Request $request)",
                "    {",
                "        $portal = $this->stripe->billingPortal->sessions->create([",
                "            'customer' => $request->user()->stripe_id,",
                "            'return_url' => route('home'),",
                "        ]);",
                "        return redirect()->away($portal->url);",
                "    }",
                "",
            ],
            [
                f"    public function confirm{n}(string $id)",
                "    {",
                "        $session = $this->stripe->checkout->sessions->retrieve($id);",
                "        if ($session->payment_status !== 'paid') {",
                "            $this->stripe->checkout->sessions->expire($id);",
                "        }",
                "        // $this->stripe->checkout->sessions->create(['mode' => 'payment']);",
                "        return $session;",
                "    }",
                "",
            ],
        ][rng.randrange(2)], None
    if rng.random() < 0.5:
        return [
            f"    public function cartCheckout{n}(Request $request)",
            "    {",
            "        $lineItems = [];",
            "        foreach ($request->input('cart') as $line) {",
            "            $lineItems[] = ['price' => $line['price'], 'quantity' => $line['qty']];",
            "        }",
            "        $params = [",
            "            'mode' => 'payment',",
            "            'line_items' => $lineItems,",
            "            'success_url' => route('orders.done'),",
            "        ];",
            "        if ($request->user()) {",
            "            $params['customer_email'] = $request->user()->email;",
            "        }",
            "        $session = $this->stripe->checkout->sessions->create($params);",
            "        return redirect()->away($session->url);",
            "    }",
            "",
        ], 14
    return [
        f"    public function planCheckout{n}(Request $request)",
        "    {",
        f"        $price = $request->boolean('yearly') ? 'price_year_{n}' : 'price_month_{n}';",
        "        $session = \\Stripe\\Checkout\\Session::create([",
        "            'mode' => 'subscription',",
        "            'line_items' => [['price' => $price, 'quantity' => 1]],",
        "            'customer' => $request->user()->stripe_id,",
        "            'success_url' => route('welcome'),",
        "            'cancel_url' => route('pricing'),",
        "        ]);",
        "        return redirect()->away($session->url);",
        "    }",
        "",
    ], 3


# -- Stripe blocks: Go ------------------------------------------------------------------------


def _go(rng: random.Random, n: int, create: bool) -> Block:
    if not create:
        return [
            [
                f"func portal{n}(w http.ResponseWriter, r *http.Request) {{",
                "\tparams := &stripe.BillingPortalSessionParams{",
                '\t\tCustomer:  stripe.String(r.FormValue("customer")),',
                '\t\tReturnURL: stripe.String(os.Getenv("RETURN_URL")),',
                "\t}",
                "\tp, _ := portalsession.New(params)",
                "\thttp.Redirect(w, r, p.URL, http.StatusSeeOther)",
                "}",
                "",
            ],
            [
                f"func confirm{n}(id string) (*stripe.CheckoutSession, error) {{",
                "\ts, err := session.Get(id, nil)",
                "\tif err == nil && s.PaymentStatus != stripe.CheckoutSessionPaymentStatusPaid {",
                "\t\t_, err = session.Expire(id, nil)",
                "\t}",
                "\t// session.New(params) runs in the worker",
                "\treturn s, err",
                "}",
                "",
            ],
        ][rng.randrange(2)], None
    if rng.random() < 0.5:
        return [
            f"func cartCheckout{n}(w http.ResponseWriter, r *http.Request, cart Cart) {{",
            "\titems := []*stripe.CheckoutSessionLineItemParams{}",
            "\tfor _, line := range cart.Lines {",
            "\t\titems = append(items, &stripe.CheckoutSessionLineItemParams{",
            "\t\t\tPrice:    stripe.String(line.PriceID),",
            "\t\t\tQuantity: stripe.Int64(line.Quantity),",
            "\t\t})",
            "\t}",
            "\tparams := &stripe.CheckoutSessionParams{",
            "\t\tMode:       stripe.String(string(stripe.CheckoutSessionModePayment)),",
            "\t\tLineItems:  items,",
            '\t\tSuccessURL: stripe.String(os.Getenv("DOMAIN") + "/orders/done"),',
            "\t}",
            '\tif cart.Email != "" {',
            "\t\tparams.CustomerEmail = stripe.String(cart.Email)",
            "\t}",
            "\ts, err := session.New(params)",
            "\tif err != nil {",
            "\t\thttp.Error(w, err.Error(), http.StatusBadGateway)",
            "\t\treturn",
            "\t}",
            "\thttp.Redirect(w, r, s.URL, http.StatusSeeOther)",
            "}",
            "",
        ], 16
    return [
        f"func planCheckout{n}(yearly bool, customer string) (string, error) {{",
        f'\tprice := "price_month_{n}"',
        "\tif yearly {",
        f'\t\tprice = "price_year_{n}"',
        "\t}",
        "\tparams := &stripe.CheckoutSessionParams{",
        "\t\tMode: stripe.String(string(stripe.CheckoutSessionModeSubscription)),",
        "\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{",
        "\t\t\t{Price: stripe.String(price), Quantity: stripe.Int64(1)},",
        "\t\t},",
        "\t\tCustomer:   stripe.String(customer),",
        '\t\tSuccessURL: stripe.String(os.Getenv("DOMAIN") + "/welcome"),',
        "\t}",
        "\ts, err := session.New(params)",
        "\tif err != nil {",
        '\t\treturn "", err',
        "\t}",
        "\treturn s.URL, nil",
        "}",
        "",
    ], 13


# -- Stripe blocks: Java and Kotlin -----------------------------------------------------------


def _java(rng: random.Random, n: int, create: bool) -> Block:
    if not create:
        return [
            [
                f"    public String confirm{n}(String id) throws StripeException {{",
                "        Session session = Session.retrieve(id);",
                '        if (!"paid".equals(session.getPaymentStatus())) {',
                "            session.expire();",
                "        }",
                "        // Session.create(params) is called by the CheckoutWorker",
                "        return session.getId();",
                "    }",
                "",
            ],
            [
                f"    public String portal{n}(String customer) throws StripeException {{",
                "        var params = com.stripe.param.billingportal.SessionCreateParams.builder()",
                "                .setCustomer(customer).setReturnUrl(baseUrl).build();",
                "        return com.stripe.model.billingportal.Session.create(params).getUrl();",
                "    }",
                "",
            ],
        ][rng.randrange(2)], None
    if rng.random() < 0.5:
        return [
            f"    public String cartCheckout{n}(Cart cart) throws StripeException {{",
            "        SessionCreateParams.Builder builder = SessionCreateParams.builder()",
            "                .setMode(SessionCreateParams.Mode.PAYMENT)",
            '                .setSuccessUrl(baseUrl + "/orders/done");',
            "        for (CartLine line : cart.getLines()) {",
            "            builder.addLineItem(SessionCreateParams.LineItem.builder()",
            "                    .setPrice(line.getPriceId())",
            "                    .setQuantity(line.getQuantity())",
            "                    .build());",
            "        }",
            "        if (cart.getEmail() != null) {",
            "            builder.setCustomerEmail(cart.getEmail());",
            "        }",
            "        Session session = Session.create(builder.build());",
            "        return session.getUrl();",
            "    }",
            "",
        ], 13
    return [
        f"    public String planCheckout{n}(Account account, boolean yearly) "
        "throws StripeException {",
        "        SessionCreateParams params = SessionCreateParams.builder()",
        "                .setMode(SessionCreateParams.Mode.SUBSCRIPTION)",
        '                .setSuccessUrl(baseUrl + "/welcome")',
        "                .setCustomer(account.getStripeId())",
        "                .addLineItem(SessionCreateParams.LineItem.builder()",
        f'                        .setPrice(yearly ? "price_year_{n}" : "price_month_{n}")',
        "                        .setQuantity(1L)",
        "                        .build())",
        "                .build();",
        "        Session session = Session.create(params);",
        "        return session.getUrl();",
        "    }",
        "",
    ], 10


def _kt(rng: random.Random, n: int, create: bool) -> Block:
    if not create:
        return [
            f"fun confirm{n}(id: String): String {{",
            "    val session = Session.retrieve(id)",
            '    if (session.paymentStatus != "paid") session.expire()',
            "    // Session.create(params) is called by the worker",
            "    return session.id",
            "}",
            "",
        ], None
    if rng.random() < 0.5:
        return [
            f"fun cartCheckout{n}(cart: Cart): String {{",
            "    val builder = SessionCreateParams.builder()",
            "        .setMode(SessionCreateParams.Mode.PAYMENT)",
            '        .setSuccessUrl("$domain/orders/${cart.id}")',
            "    cart.items.forEach { line ->",
            "        builder.addLineItem(",
            "            SessionCreateParams.LineItem.builder()",
            "                .setPrice(line.priceId)",
            "                .setQuantity(line.quantity)",
            "                .build()",
            "        )",
            "    }",
            "    cart.email?.let { builder.setCustomerEmail(it) }",
            "    val session = Session.create(builder.build())",
            "    return session.url",
            "}",
            "",
        ], 13
    return [
        f"fun planCheckout{n}(customer: String, yearly: Boolean): String {{",
        "    val params = SessionCreateParams.builder()",
        "        .setMode(SessionCreateParams.Mode.SUBSCRIPTION)",
        '        .setSuccessUrl("$domain/welcome")',
        "        .setCustomer(customer)",
        "        .addLineItem(",
        "            SessionCreateParams.LineItem.builder()",
        f'                .setPrice(if (yearly) "price_year_{n}" else "price_month_{n}")',
        "                .setQuantity(1L)",
        "                .build()",
        "        )",
        "        .build()",
        "    val session = Session.create(params)",
        "    return session.url",
        "}",
        "",
    ], 12


# -- Stripe blocks: C# ------------------------------------------------------------------------


def _cs(rng: random.Random, n: int, create: bool) -> Block:
    if not create:
        return [
            f"    public async Task<string> Confirm{n}(string id)",
            "    {",
            "        var session = await _sessions.GetAsync(id);",
            '        if (session.PaymentStatus != "paid")',
            "        {",
            "            await _sessions.ExpireAsync(id);",
            "        }",
            "        // _sessions.CreateAsync(options) runs in the background job",
            "        var portal = new Stripe.BillingPortal.SessionService();",
            "        return session.Id;",
            "    }",
            "",
        ], None
    if rng.random() < 0.5:
        return [
            f"    public async Task<string> CartCheckout{n}(CartRequest request)",
            "    {",
            "        var options = new SessionCreateOptions",
            "        {",
            '            Mode = "payment",',
            '            SuccessUrl = _domain + "/orders/done",',
            "            LineItems = request.Lines.Select(line => new SessionLineItemOptions",
            "            {",
            "                Price = line.PriceId,",
            "                Quantity = line.Quantity,",
            "            }).ToList(),",
            "        };",
            "        if (request.Email != null)",
            "        {",
            "            options.CustomerEmail = request.Email;",
            "        }",
            "        var session = await _sessions.CreateAsync(options);",
            "        return session.Url;",
            "    }",
            "",
        ], 16
    return [
        f"    public string PlanCheckout{n}(string customer, bool yearly)",
        "    {",
        "        var options = new SessionCreateOptions",
        "        {",
        '            Mode = "subscription",',
        "            Customer = customer,",
        '            SuccessUrl = _domain + "/welcome",',
        "            LineItems = new List<SessionLineItemOptions>",
        "            {",
        f'                new() {{ Price = yearly ? "price_year_{n}" : "price_month_{n}", '
        "Quantity = 1 },",
        "            },",
        "        };",
        "        var session = _sessions.Create(options);",
        "        return session.Url;",
        "    }",
        "",
    ], 12


_BLOCKS: dict[str, Callable[[random.Random, int, bool], Block]] = {
    "py": _py,
    "js": _js,
    "ts": lambda rng, n, create: _js(rng, n, create, ts=True),
    "rb": _rb,
    "php": _php,
    "go": _go,
    "java": _java,
    "kt": _kt,
    "cs": _cs,
}


# -- file frames ------------------------------------------------------------------------------


def _head(lang: str, cls: str) -> tuple[list[str], list[str]]:
    """The lines before and after a file's blocks."""
    if lang == "py":
        return [
            "import logging",
            "from unittest import mock",
            "",
            "import stripe",
            "from django.conf import settings",
            "from django.shortcuts import redirect",
            "",
            "logger = logging.getLogger(__name__)",
            "",
            "",
        ], []
    if lang in ("js", "ts"):
        return [
            "import Stripe from 'stripe';",
            "",
            "const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);",
            "",
        ], []
    if lang == "rb":
        return [f"class {cls}Controller < ApplicationController", ""], ["end"]
    if lang == "php":
        return [
            "<?php",
            "",
            "namespace App\\Http\\Controllers;",
            "",
            "use Illuminate\\Http\\Request;",
            "use Stripe\\StripeClient;",
            "",
            f"class {cls}Controller extends Controller",
            "{",
            "    public function __construct(private StripeClient $stripe)",
            "    {",
            "    }",
            "",
        ], ["}"]
    if lang == "go":
        return [
            "package shop",
            "",
            "import (",
            '\t"net/http"',
            '\t"os"',
            "",
            '\t"github.com/stripe/stripe-go/v82"',
            '\tportalsession "github.com/stripe/stripe-go/v82/billingportal/session"',
            '\t"github.com/stripe/stripe-go/v82/checkout/session"',
            ")",
            "",
        ], []
    if lang == "java":
        return [
            "package com.example.shop;",
            "",
            "import com.stripe.exception.StripeException;",
            "import com.stripe.model.checkout.Session;",
            "import com.stripe.param.checkout.SessionCreateParams;",
            "import java.util.List;",
            "import java.util.Map;",
            "",
            f"public class {cls}Service {{",
            '    private final String baseUrl = System.getenv("BASE_URL");',
            "",
        ], ["}"]
    if lang == "kt":
        return [
            "package com.example.shop",
            "",
            "import com.stripe.model.checkout.Session",
            "import com.stripe.param.checkout.SessionCreateParams",
            "",
            'private val domain = System.getenv("APP_DOMAIN") ?: "http://localhost:8080"',
            "",
        ], []
    return [
        "using Stripe.Checkout;",
        "",
        "namespace Shop.Services;",
        "",
        f"public class {cls}Service",
        "{",
        "    private readonly SessionService _sessions = new SessionService();",
        '    private readonly string _domain = "https://shop.example";',
        "",
    ], ["}"]


def generate_dense(lines: int, seed: int, src: Path) -> dict[str, Any]:
    """Write the dense tree of about ``lines`` lines under ``src``; return its manifest (the
    planted creations, counts per language)."""
    rng = random.Random(seed)
    sites: list[dict[str, Any]] = []
    files: dict[str, int] = dict.fromkeys(LANGS, 0)
    source_lines: dict[str, int] = dict.fromkeys(LANGS, 0)
    total = size_bytes = stripe_files = lookalikes = 0
    index = 0
    while total < lines:
        lang = LANGS[index % len(LANGS)] if index < len(LANGS) else rng.choice(LANGS)
        cls = f"{_cap(_w(rng))}{_cap(_w(rng))}{index}"
        head, tail = _head(lang, cls)
        size = rng.randint(150, 500)
        body: list[Block] = []
        length = len(head) + len(tail)
        while length < size:
            body.append((_filler(lang, rng, len(body)), None))
            length += len(body[-1][0])
        if rng.random() < STRIPE_SHARE:
            stripe_files += 1
            for _ in range(rng.randint(1, 3)):
                create = rng.random() < 0.7
                block = _BLOCKS[lang](rng, index * 10 + len(body), create)
                lookalikes += not create
                body.insert(rng.randrange(len(body) + 1), block)
        out = list(head)
        folder = f"{lang}/{_w(rng)}/{_w(rng)}"
        ext = lang
        name = f"{cls}.{ext}" if lang in ("java", "kt", "cs", "php") else f"{cls.lower()}.{ext}"
        rel = f"{folder}/{name}"
        for block_lines, offset in body:
            if offset is not None:
                sites.append({"file": rel, "line": len(out) + offset + 1, "lang": lang})
            out += block_lines
        out += tail
        path = src / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        text = "\n".join(out) + "\n"
        path.write_text(text, encoding="utf-8")
        size_bytes += len(text.encode())
        files[lang] += 1
        source_lines[lang] += len(out)
        total += len(out)
        index += 1
    return {
        "files": files,
        "source_lines": source_lines,
        "bytes": size_bytes,
        "stripe_files": stripe_files,
        "decoy_files": lookalikes,
        "sites": sorted(sites, key=lambda s: (s["file"], s["line"])),
    }


AST_GREP_DENSE_RULES = """\
id: py
language: python
rule:
  any:
    - pattern: $S.checkout.Session.create($$$A)
    - pattern: $S.checkout.sessions.create($$$A)
---
id: js
language: javascript
rule:
  pattern: $S.checkout.sessions.create($$$A)
---
id: ts
language: typescript
rule:
  pattern: $S.checkout.sessions.create($$$A)
---
id: rb
language: ruby
rule:
  pattern: Stripe::Checkout::Session.create($$$A)
---
id: php
language: php
rule:
  any:
    - pattern: $S->checkout->sessions->create($$$A)
    - pattern: \\Stripe\\Checkout\\Session::create($$$A)
---
id: go
language: go
rule:
  pattern:
    context: "func f() { session.New($$$A) }"
    selector: call_expression
---
id: java
language: java
rule:
  pattern: Session.create($$$A)
---
id: kt
language: kotlin
rule:
  pattern: Session.create($$$A)
---
id: cs
language: csharp
rule:
  any:
    - pattern: $S.Create($$$A)
    - pattern: $S.CreateAsync($$$A)
constraints:
  S:
    regex: "^_sessions$"
"""
"""ast-grep with the creation patterns of each language (one ``scan``, one walk, one parse
per file)."""
