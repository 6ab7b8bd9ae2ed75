"""A checkout line's price that a project helper creates in Stripe and returns.

* A helper of the file (Python's ``price = ticket_price(current)`` returning
  ``stripe.Price.create(...)``; a Node route's ``const price = await donationPrice(given)``
  binding the creation and returning it) is read as that price inline (RT042), its parameters
  written as the caller's arguments, as Java, Go and C# helpers are.
* One the scan cannot read that way (imported from another file, a model method of another
  app folder called on a loop's object, a loop creating each price) is in no id map: the Dodo
  call's id-map lookup would fail on every checkout and the amount would be lost. It blocks
  (X026), naming the helper and what it charges.

Seen in a FastAPI shop whose order builds its lines from a method creating a product and a
price per game (``unit_amount=self.price * 100, currency="rub"``): the lines were translated
as id-map lookups (L113) with no blocker."""

from __future__ import annotations

from pathlib import Path

from migrate.findings import Level
from migrate.scan.scan import scan_paths

PY_HELPER = """import stripe


def ticket_price(booking):
    return stripe.Price.create(
        unit_amount=booking.seats * 1500,
        currency="gbp",
        product_data={"name": "Tickets"},
    )


def pay(current, back):
    price = ticket_price(current)
    session = stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": price.id, "quantity": 1}],
        success_url=back,
    )
    return session.url
"""

PY_IMPORTED = {
    "billing/prices.py": """import stripe


def make_price(cents, currency):
    product = stripe.Product.create(name="Order")
    return stripe.Price.create(product=product.id, unit_amount=cents, currency=currency)
""",
    "billing/views.py": """import stripe

from .prices import make_price


def checkout(order):
    session = stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": make_price(order.cents, "eur").id, "quantity": 1}],
        success_url="https://shop.test/ok",
    )
    return session.url
""",
    "billing/__init__.py": "",
}

TS_ROUTE = """import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

async function donationPrice(amount: number) {
  const made = await stripe.prices.create({
    unit_amount: Math.round(amount * 100),
    currency: "usd",
    product_data: { name: "Donation" },
  });
  return made;
}

export async function POST(req: Request) {
  const { given } = await req.json();
  const price = await donationPrice(given);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: price.id, quantity: 1 }],
    success_url: "https://give.test/thanks",
  });
  return Response.json({ url: session.url });
}
"""

PY_RETRIEVED = """import stripe


def plan_price(plan):
    return stripe.Price.retrieve(plan.price_id)


def pay(plan):
    price = plan_price(plan)
    return stripe.checkout.Session.create(
        mode="subscription",
        line_items=[{"price": price.id, "quantity": 1}],
        success_url="https://saas.test/ok",
    )
"""


def _site(root: Path, files: dict[str, str]) -> object:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (site,) = [s for s in scan_paths([str(root)]) if s.kind == "create"]
    return site


def _blocker(site: object) -> str:
    found = {f.code: f for f in site.findings}  # type: ignore[attr-defined]
    assert "X026" in found, site.findings  # type: ignore[attr-defined]
    assert found["X026"].level is Level.BLOCKER
    return str(found["X026"].message)


def _inlined(site: object) -> dict[str, str]:
    codes = {f.code for f in site.findings}  # type: ignore[attr-defined]
    assert "RT042" in codes and "X026" not in codes and "L113" not in codes, codes
    return {d.path: d.source for d in site.dynamic}  # type: ignore[attr-defined]


def test_a_python_helper_of_the_file_creating_the_price_is_read_inline(tmp_path: Path) -> None:
    """The helper's parameter is written as the caller's argument (``current``)."""
    site = _site(tmp_path, {"views.py": PY_HELPER})
    dynamic = _inlined(site)
    assert dynamic["line_items[0].price_data.unit_amount"] == "current.seats * 1500"
    assert '"amount": current.seats * 1500,' in (site.suggestion or "")  # type: ignore[attr-defined]
    (product,) = site.translation.requires  # type: ignore[attr-defined]
    assert product["product"]["price"]["currency"] == "GBP"


def test_an_imported_python_helper_called_in_the_line_blocks(tmp_path: Path) -> None:
    message = _blocker(_site(tmp_path, PY_IMPORTED))
    assert "in make_price; it charges cents in currency" in message


def test_a_node_helper_returning_the_price_it_bound_is_read_inline(tmp_path: Path) -> None:
    site = _site(tmp_path, {"route.ts": TS_ROUTE})
    dynamic = _inlined(site)
    assert dynamic["line_items[0].price_data.unit_amount"] == "Math.round(given * 100)"
    assert "amount: Math.round(given * 100)," in (site.suggestion or "")  # type: ignore[attr-defined]
    (product,) = site.translation.requires  # type: ignore[attr-defined]
    assert product["product"]["price"]["currency"] == "USD"


def test_a_helper_reading_the_price_from_stripe_does_not_block(tmp_path: Path) -> None:
    site = _site(tmp_path, {"views.py": PY_RETRIEVED})
    codes = {f.code for f in site.findings}  # type: ignore[attr-defined]
    assert "X026" not in codes
    assert "X023" in codes


APP_MODEL = """import stripe


class Course:
    title: str
    fee: int

    def stripe_price(self):
        product = stripe.Product.create(name=self.title)
        return stripe.Price.create(product=product.id, unit_amount=self.fee * 100, currency="cad")
"""

APP_CHECKOUT = """import stripe


def enrol(courses, student):
    lines = []
    for course in courses:
        line = {"price": course.stripe_price().id, "quantity": 1}
        lines.append(line)
    session = stripe.checkout.Session.create(
        mode="payment",
        line_items=lines,
        success_url="https://school.test/done",
        customer_email=student.email,
    )
    return session.url
"""

LOOP_IN_FUNCTION = """import stripe


def pay(rows):
    items = []
    for row in rows:
        made = stripe.Price.create(unit_amount=row.cents, currency="usd", product="prod_row")
        items.append({"price": made.id, "quantity": row.qty})
    return stripe.checkout.Session.create(mode="payment", line_items=items, success_url="https://x.test/ok")
"""

LOOP_INLINE = """import stripe


def pay(rows):
    items = []
    for row in rows:
        product = stripe.Product.create(name=row.name)
        data = {"product": product.id, "unit_amount": row.cents, "currency": "usd"}
        items.append({"price_data": data})
    return stripe.checkout.Session.create(mode="payment", line_items=items, success_url="https://x.test/ok")
"""


def test_a_cart_built_from_a_model_method_of_another_app_creating_prices_blocks(
    tmp_path: Path,
) -> None:
    """The method is called on a loop's object (``course.stripe_price()``): its class is
    said nowhere in the file, its method lives in the app folder beside (``courses/models.py``
    seen from ``payments/checkout.py``)."""
    files = {
        "courses/__init__.py": "",
        "courses/models.py": APP_MODEL,
        "payments/__init__.py": "",
        "payments/checkout.py": APP_CHECKOUT,
    }
    message = _blocker(_site(tmp_path, files))
    assert "in stripe_price, in" in message and "courses/models.py" in message
    assert 'it charges self.fee * 100 in "cad"' in message


def test_a_cart_whose_loop_creates_each_price_blocks(tmp_path: Path) -> None:
    message = _blocker(_site(tmp_path, {"pay.py": LOOP_IN_FUNCTION}))
    assert 'from stripe.Price.create(...); it charges row.cents in "usd"' in message


def test_a_loop_creating_products_for_inline_prices_is_not_x026(tmp_path: Path) -> None:
    """Inline prices naming a product made in the loop are RT015's (their amounts cannot
    reach a cart of product ids), not a price looked up in the id map."""
    site = _site(tmp_path, {"pay.py": LOOP_INLINE})
    codes = {f.code for f in site.findings}  # type: ignore[attr-defined]
    assert "X026" not in codes and "RT015" in codes


PY_SERVICES = {
    "lms/services.py": """import stripe


def make_price(amount):
    return stripe.Price.create(
        currency="usd", unit_amount=amount * 100, product_data={"name": "Course"}
    )


def make_session(price):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": price.get("id"), "quantity": 1}],
        success_url="https://example.com/ok",
    )
""",
    "lms/__init__.py": "",
    "users/views.py": """from lms.services import make_price, make_session


def perform_create(payment):
    price = make_price(payment.amount)
    return make_session(price)
""",
    "users/__init__.py": "",
}


def test_a_price_an_imported_helper_makes_for_a_wrapper_s_call_blocks(tmp_path: Path) -> None:
    """A Django course project's services.py: the view makes the price with one imported
    helper and hands it to another that creates the session. The view's call was an id-map
    lookup only (L113): every checkout failed, the amount lost, with no blocker."""
    for name, text in PY_SERVICES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (caller,) = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create" and s.via]
    assert caller.file.endswith("views.py")
    assert "in make_price" in _blocker(caller)
    assert caller.verdict == "blocked"


FIND_OR_CREATE = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
const TABLE: Record<string, number> = { basic: 10, plus: 25 };

export async function start(customer: string, tier: string) {
  const existing = await stripe.prices.list({ active: true, lookup_keys: [tier] });
  const chosen =
    existing.data.find((p) => p.unit_amount === TABLE[tier] * 100) ||
    (await stripe.prices.create({
      currency: "usd",
      product: "prod_x",
      unit_amount: TABLE[tier] * 100,
      recurring: { interval: "month" },
    }));
  const { url } = await stripe.checkout.sessions.create({
    customer,
    mode: "subscription",
    success_url: "https://example.com/ok",
    line_items: [{ price: chosen!.id, quantity: 1 }],
  });
  return url;
}
"""


def test_a_find_or_create_price_bound_over_lines_blocks(tmp_path: Path) -> None:
    """postiz: a price found in Stripe by amount, else created, bound by `const chosen =` with
    its value on the lines after: read as no binding, it was an id-map lookup only."""
    message = _blocker(_site(tmp_path, {"start.ts": FIND_OR_CREATE}))
    assert "stripe.prices.create(" in message
