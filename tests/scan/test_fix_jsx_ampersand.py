"""``--fix`` on a route module that holds both the page and its server action (Remix, React
Router, Next's pages): a bare ``&`` in the page's JSX text or in an attribute's string is valid
TSX (TypeScript reads it as the character), but tree-sitter's grammar reports an error there, so
the whole file was left as "does not parse as it is" and its Checkout call never rewritten
(seen in a course shop's landing routes: ``SDK & Scripting``, an image URL ``?a=1&b=2``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate import cli

ROUTE = """\
import Stripe from "stripe";
import { redirect, type ActionFunctionArgs } from "react-router";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY as string);

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: "price_workshop", quantity: 1 }],
    customer_email: String(form.get("email")),
    success_url: `${new URL(request.url).origin}/workshop?paid=1`,
  });
  return redirect(session.url!);
}

export default function Workshop() {
  return (
    <main>
      <h1>Agents & Tools</h1>
      <img src="https://cdn.example/pic.jpg?w=80&h=80" alt="" />
      <>Q & A</>
      <form method="post"><button>Buy</button></form>
    </main>
  );
}
"""


def test_a_route_with_ampersands_in_its_jsx_is_rewritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "workshop.tsx").write_text(ROUTE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli.main, ["scan", ".", "--fix", "--force"])
    assert "does not parse" not in done.stderr, done.stderr
    assert "fixed 1 call site(s) in 1 file(s)" in done.stderr, done.stderr
    after = (tmp_path / "workshop.tsx").read_text(encoding="utf-8")
    assert "const session = await dodoClient().checkoutSessions.create({" in after
    assert 'product_id: dodoProductId("price_workshop"),' in after
    assert "return redirect(session.checkout_url!);" in after
    assert "<h1>Agents & Tools</h1>" in after  # the page is left as it was


def test_a_real_syntax_error_still_stops_the_rewrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = ROUTE.replace("<h1>Agents & Tools</h1>", "<h1>{count &}</h1>")
    (tmp_path / "workshop.tsx").write_text(broken, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli.main, ["scan", ".", "--fix", "--force"])
    assert "the file does not parse as it is: not rewritten" in done.stderr, done.stderr
    assert (tmp_path / "workshop.tsx").read_text(encoding="utf-8") == broken
