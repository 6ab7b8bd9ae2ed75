"""A TypeScript wrapper taking an options object (``startCheckout(options: { priceId; quantity?;
email? })``) that destructures it (``const { priceId, quantity } = options``), called with an
object literal that leaves optional keys out (``startCheckout({ priceId })``): a key the literal
does not set reads ``undefined``. It was written as a member of the literal
(``(({ priceId }).quantity) ?? 1``), which tsc refuses, and read as a quantity of None: the cart
was blocked (L109, RT007) with ``TODO_product_id`` though the price and quantity were known."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from migrate.scan.scan import CallSite, scan_paths
from tests.scan.sdk_checks import tsc_problems

BILLING = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
export async function startCheckout(options: {
  priceId: string;
  quantity?: number;
  email?: string;
  coupon?: string;
}) {
  const { priceId, quantity, email } = options;
  return stripe.checkout.sessions.create({
    mode: "payment",
    customer_email: email,
    line_items: [{ price: priceId, quantity: quantity ?? 1 }],
    discounts: options.coupon ? [{ coupon: options.coupon }] : undefined,
    success_url: "https://shop.test/ok",
  });
}
"""
ROUTE = """import { startCheckout } from "./billing";
export async function POST(req: Request) {
  const body = await req.json();
  const priceId = body.priceId as string;
  const session = await startCheckout({ priceId });
  return Response.json({ url: session.url });
}
"""


def _route_site(
    tmp_path: Path, route: str, wrapper: tuple[str, str] = ("billing.ts", BILLING)
) -> CallSite:
    (tmp_path / wrapper[0]).write_text(wrapper[1])
    (tmp_path / "route.ts").write_text(route)
    (site,) = [
        s
        for s in scan_paths([str(tmp_path)])
        if s.kind == "create" and Path(s.file).name == "route.ts"
    ]
    return site


def test_keys_the_callers_literal_leaves_out_read_undefined(tmp_path: Path) -> None:
    site = _route_site(tmp_path, ROUTE)
    code = site.suggestion or ""
    assert "product_id: dodoProductId(priceId)," in code
    assert "quantity: 1," in code
    assert "({ priceId })" not in code and "TODO_" not in code
    assert "customer" not in code and "discount_codes" not in code
    codes = {f.code for f in site.findings}
    assert not codes & {"L109", "RT007"}


def test_a_key_the_literal_sets_is_its_value(tmp_path: Path) -> None:
    route = ROUTE.replace("{ priceId }", "{ priceId, quantity: body.seats, email: body.email }")
    code = _route_site(tmp_path, route).suggestion or ""
    assert "product_id: dodoProductId(priceId)," in code
    assert "quantity: body.seats != null ? body.seats : 1," in code
    assert "email: body.email" in code


COURSES = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);
const DEFAULT_PRICE = "price_1Course";
export async function buyCourse(options: {
  courseSlug: string;
  priceId?: string;
  courseId?: string;
  metadata?: Record<string, string>;
}) {
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: options.priceId || DEFAULT_PRICE, quantity: 1 }],
    metadata: {
      courseId: options.courseId,
      courseSlug: options.courseSlug,
      ...options.metadata,
    },
    success_url: "https://shop.test/ok",
  });
}
"""
COURSE_ROUTE = """import { buyCourse } from "./courses";
export async function POST(req: Request) {
  const body = await req.json();
  const courseSlug = body.slug as string;
  const session = await buyCourse({ courseSlug });
  return Response.json({ url: session.url });
}
"""


def _course_site(tmp_path: Path) -> CallSite:
    return _route_site(tmp_path, COURSE_ROUTE, ("courses.ts", COURSES))


def test_what_undefined_adds_nothing_to_is_left_out(tmp_path: Path) -> None:
    # undefined || x is x (tsc: "always falsy"), ...undefined adds nothing (tsc: a spread of no
    # object), a key of undefined is no key of the JSON sent (tsc: not text for metadata)
    code = _course_site(tmp_path).suggestion or ""
    assert "undefined" not in code, code
    assert "courseSlug: courseSlug," in code or "courseSlug: String(courseSlug)," in code


@pytest.mark.slow
@pytest.mark.parametrize(
    ("site_of", "local"),
    [
        (lambda top: _route_site(top, ROUTE), "const priceId = body.priceId as string;"),
        (_course_site, "const courseSlug = body.slug as string;"),
    ],
    ids=["left-out-quantity", "undefined-left-out"],
)
def test_the_dodo_call_type_checks_with_tsc(
    tmp_path: Path, site_of: Callable[[Path], CallSite], local: str
) -> None:
    (tmp_path / "tree").mkdir()
    site = site_of(tmp_path / "tree")
    ids = Path(__file__).parents[1] / "golden" / "codegen" / "dodo-ids.ts.golden"
    source = (
        'import { dodoProductId } from "./dodo-ids";\n'
        "export async function POST(req: Request) {\n"
        "  const body = await req.json();\n"
        f"  {local}\n"
        "  const session = await stripe.checkout.sessions.create(\n"
    )
    files = {"dodo-ids.ts": ids.read_text(encoding="utf-8")}
    problems = tsc_problems(tmp_path, source, site.suggestion or "", files=files)
    assert problems == "", problems
