"""An Astro page in SSR mode runs its frontmatter (the TypeScript between the opening ``---``
lines) on the server: a shop may create its Checkout Session there and redirect with
``Astro.redirect(session.url)``. ``.astro`` files were not read at all, so such a creation was
not found. The frontmatter is now scanned as TypeScript, at its place in the file; the markup
and its client ``<script>`` are not server code."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from migrate import cli

PAGE = """\
---
import Stripe from "stripe";
import Layout from "../layouts/Layout.astro";
export const prerender = false;

const stripe = new Stripe(import.meta.env.STRIPE_SECRET_KEY);
if (Astro.request.method === "POST") {
  const form = await Astro.request.formData();
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: String(form.get("print")), quantity: Number(form.get("copies")) }],
    customer_email: String(form.get("email")),
    success_url: `${Astro.url.origin}/thanks`,
  });
  return Astro.redirect(session.url!, 303);
}
---
<Layout title="Prints">
  <form method="post"><input name="print" /><button>Buy</button></form>
</Layout>
<script>
  const stripe = { checkout: { sessions: { create: (x: unknown) => x } } };
  stripe.checkout.sessions.create({ line_items: [] });
</script>
"""


def test_an_astro_pages_frontmatter_is_scanned(tmp_path: Path) -> None:
    (tmp_path / "src" / "pages").mkdir(parents=True)
    (tmp_path / "src" / "pages" / "prints.astro").write_text(PAGE)
    (tmp_path / "src" / "pages" / "about.astro").write_text("<h1>Stripe-free page</h1>\n")
    out = CliRunner().invoke(cli.main, ["scan", str(tmp_path), "--format", "text"]).output
    assert f"== {tmp_path}/src/pages/prints.astro\n9:25  const session" in out, out
    assert 'product_id: dodoProductId(String(form.get("print"))),' in out
    assert 'quantity: Number(form.get("copies")),' in out
    assert "return_url: `${Astro.url.origin}/thanks`," in out
    assert "1 checkout creation(s)" in out  # the client <script> is not read


HELPER = """\
import Stripe from "stripe";

const stripe = new Stripe(import.meta.env.STRIPE_SECRET_KEY);

export async function payFor(print: string, copies: number, origin: string) {
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: print, quantity: copies }],
    success_url: `${origin}/thanks`,
  });
  return session.url!;
}
"""
CALLER = """\
---
import { payFor } from "../lib/pay";
export const prerender = false;
if (Astro.request.method === "POST") {
  const form = await Astro.request.formData();
  const url = await payFor(String(form.get("print")), 2, Astro.url.origin);
  return Astro.redirect(url, 303);
}
---
<form method="post"><button>Buy</button></form>
"""


def test_a_frontmatter_calling_a_checkout_helper_is_a_site(tmp_path: Path) -> None:
    """The page does not name Stripe itself: it calls the shop's helper."""
    (tmp_path / "src" / "lib").mkdir(parents=True)
    (tmp_path / "src" / "pages").mkdir()
    (tmp_path / "src" / "lib" / "pay.ts").write_text(HELPER)
    (tmp_path / "src" / "pages" / "shop.astro").write_text(CALLER)
    out = CliRunner().invoke(cli.main, ["scan", str(tmp_path), "--format", "text"]).output
    page = out.split(f"== {tmp_path}/src/pages/shop.astro\n")[1]
    assert page.startswith("6:21  const url = await payFor("), out
    assert 'product_id: dodoProductId(String(form.get("print"))),' in page
    assert "quantity: 2," in page
    assert "return_url: `${Astro.url.origin}/thanks`," in page
