"""Remix and React Router keep server-only modules in ``app/.server/`` (and client-only ones in
``app/.client/``): a folder whose name starts with a dot, yet the application's own source. A
course shop seen in the wild kept every Checkout creation there (a ``getStripeCheckout(options)``
helper its routes call), so skipping hidden folders lost the calls and the wrapper's callers."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from migrate import cli

HELPER = """\
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY as string);

export async function startCourseCheckout(priceId: string, email?: string) {
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    customer_email: email,
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: `${process.env.BASE_URL}/courses?paid=1`,
    cancel_url: `${process.env.BASE_URL}/courses`,
  });
  return session.url!;
}
"""

ROUTE = """\
import { redirect, type ActionFunctionArgs } from "react-router";
import { startCourseCheckout } from "~/.server/billing";

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const url = await startCourseCheckout(String(form.get("price")), String(form.get("email")));
  return redirect(url);
}
"""


def _app(tmp_path: Path) -> Path:
    (tmp_path / "app" / ".server").mkdir(parents=True)
    (tmp_path / "app" / ".server" / "billing.ts").write_text(HELPER)
    (tmp_path / "app" / "routes").mkdir()
    (tmp_path / "app" / "routes" / "buy.tsx").write_text(ROUTE)
    (tmp_path / "app" / ".git-like").mkdir()  # any other hidden folder stays unread
    (tmp_path / "app" / ".git-like" / "copy.ts").write_text(HELPER)
    return tmp_path


def test_server_only_folder_is_scanned(tmp_path: Path) -> None:
    root = _app(tmp_path)
    out = CliRunner().invoke(cli.main, ["scan", str(root), "--format", "text"]).output
    assert f"== {root}/app/.server/billing.ts" in out
    assert "stripe.checkout.sessions.create -> translated" in out
    assert "product_id: dodoProductId(priceId)" in out
    assert ".git-like" not in out
    # the route calling the helper is reported through it, with its own values
    assert f"== {root}/app/routes/buy.tsx" in out
    assert 'dodoProductId(String(form.get("price")))' in out
    assert "2 checkout creation(s)" in out  # the helper and its caller


def test_client_only_folder_is_read_for_related_code(tmp_path: Path) -> None:
    (tmp_path / "app" / ".client").mkdir(parents=True)
    (tmp_path / "app" / ".client" / "pay.ts").write_text(
        'import { loadStripe } from "@stripe/stripe-js";\n'
        "export async function go(sessionId: string) {\n"
        '  const stripe = await loadStripe("pk_test_123");\n'
        "  await stripe!.redirectToCheckout({ sessionId });\n"
        "}\n"
    )
    out = CliRunner().invoke(cli.main, ["scan", str(tmp_path), "--format", "text"]).output
    assert f"== {tmp_path}/app/.client/pay.ts" in out
    assert "redirectToCheckout" in out
