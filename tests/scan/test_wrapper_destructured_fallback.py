"""A JavaScript/TypeScript wrapper that destructures its options with an empty-object fallback
(``const { courseSlug, price, email } = options || {};``, as a React Router course shop's
``getStripeCheckout(options)`` does) before its Stripe call. The fallback hid the locals'
source: each became unknown, and a wrapper whose Stripe params use only such locals was not
seen as a wrapper at all, so its callers (the routes that start the checkout) were not found."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from migrate import cli

LIB = """\
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function openCheckout(options?: { slug: string; price?: string; email?: string }) {
  const { slug, price, email } = options || {};
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    customer_email: email,
    line_items: [{ price: price ?? "price_standard", quantity: 1 }],
    metadata: { slug: slug ?? "" },
    success_url: `https://learn.example/courses/${slug}`,
  });
  return session.url!;
}
"""
ROUTE = """\
import { openCheckout } from "./lib";

export async function action(request: Request) {
  const form = await request.formData();
  const course = String(form.get("course"));
  const url = await openCheckout({ slug: course, price: "price_masterclass", email: "a@b.ex" });
  return Response.redirect(url, 303);
}
"""


def test_callers_of_a_wrapper_destructuring_with_a_fallback_are_found(tmp_path: Path) -> None:
    (tmp_path / "lib.ts").write_text(LIB)
    (tmp_path / "route.ts").write_text(ROUTE)
    out = CliRunner().invoke(cli.main, ["scan", str(tmp_path), "--format", "text"]).output
    route = out.split(f"== {tmp_path}/route.ts")[1]
    assert "(via wrapper openCheckout at" in route
    assert "TODO_" not in route
    assert 'email: "a@b.ex",' in route
    assert "return_url: `https://learn.example/courses/${course}`," in route
    assert "2 checkout creation(s)" in out
