"""The Stripe blocks of the dense tree (``bench/dense_tree.py``), one function per language.

Each returns a block's lines and the offset of its creation call's first line (None for a
look-alike). Written for this bench; no code here comes from the corpus or a fetched repository.
"""

from __future__ import annotations

import random
from collections.abc import Callable

_W_TEXT = """
account address audit basket batch billing cart catalog channel coupon customer delivery
discount event export group history inventory invoice item ledger order owner package partner
plan price product profile quota receipt record refund region report review route schedule
segment shipment stock store supplier tax team tenant ticket user voucher warehouse
"""
_W = _W_TEXT.split()

Block = tuple[list[str], int | None]
"""The lines of a block, and the offset of its creation call's first line (None: none)."""


def word(rng: random.Random) -> str:
    return rng.choice(_W)


def cap(word: str) -> str:
    return word[:1].upper() + word[1:]


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
            f'    params["metadata"] = {{"cart_id": cart.id, "shard": "{word(rng)}"}}',
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
            f"  params.metadata = {{ cartId: req.body.id, shard: '{word(rng)}' }};",
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
            f"    options[:metadata] = {{ cart_id: current_cart.id, shard: '{word(rng)}' }}",
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


BLOCKS: dict[str, Callable[[random.Random, int, bool], Block]] = {
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
