"""TypeScript/JavaScript ``let`` and ``const`` declared in a block the Stripe call comes after
(``if (code) { const coupon = await ...; discounts = [{ coupon: coupon.id }] }``, a ``try``
block): out of scope at the call, such a name was written by name into the Dodo call, which
did not compile. It is written as the value it was declared with when that is a plain name or
member path (itself in the call's terms), else as ``TODO_<name>`` with X021, as Java, Kotlin
and C# do (``migrate/scan/block_locals.py``). ``var`` is the function's: written as it is."""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

HEAD = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function POST(req: Request) {
  const body = await req.json();
"""
CALL = """\
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: "price_123", quantity: 1 }],
    discounts,
    metadata,
    success_url: "https://example.com/ok",
  });
  return Response.json({ url: session.url });
}
"""


def one(middle: str, suffix: str = "ts") -> CallSite:
    code = HEAD + middle + CALL
    (site,) = [
        s for s in scan_source(code, f"route.{suffix}", BY_NAME["typescript"]) if s.kind == "create"
    ]
    return site


def codes(site: CallSite) -> set[tuple[str, str]]:
    return {(f.code, f.path) for f in site.findings}


def test_a_call_result_declared_in_an_if_block_is_a_todo_name_with_x021() -> None:
    site = one(
        """\
  let discounts: { coupon: string }[] = [];
  const metadata = { source: "web" };
  if (body.code) {
    const coupon = await stripe.coupons.retrieve(body.code);
    discounts = [{ coupon: coupon.id }];
  }
"""
    )
    assert "dodoDiscountCode(TODO_coupon.id)" in site.suggestion
    assert "(coupon.id)" not in site.suggestion
    assert ("X021", "discounts") in codes(site)
    (finding,) = [f for f in site.findings if f.code == "X021"]
    assert "`coupon`" in finding.message and "block at line 8" in finding.message


def test_a_member_path_declared_in_a_try_block_is_written_as_its_value() -> None:
    site = one(
        """\
  const discounts: { coupon: string }[] = [];
  let metadata = {};
  try {
    const account = body.account;
    const ref = account.reference;
    metadata = { ref: ref, plan: body.plan };
  } catch (err) {
    console.error(err);
  }
"""
    )
    assert "String(body.account.reference)" in site.suggestion
    assert "String(ref)" not in site.suggestion
    assert "X021" not in {f.code for f in site.findings}


def test_a_shorthand_property_of_a_block_local_keeps_its_key() -> None:
    site = one(
        """\
  const discounts: { coupon: string }[] = [];
  let metadata = {};
  if (body.plan) {
    const plan = body.plan;
    metadata = { plan };
  }
"""
    )
    assert "String(body.plan)" in site.suggestion and "String(plan)" not in site.suggestion
    assert "X021" not in {f.code for f in site.findings}


def test_var_and_names_in_scope_at_the_call_are_written_as_they_are() -> None:
    site = one(
        """\
  const discounts: { coupon: string }[] = [];
  let metadata = {};
  const user = await getUser(body.id);
  if (body.plan) {
    var plan = await lookup(body.plan);
    metadata = { plan: plan, user: user.id };
  }
""",
        "js",
    )
    assert "String(plan)" in site.suggestion and "String(user.id)" in site.suggestion
    assert "TODO_" not in site.suggestion
