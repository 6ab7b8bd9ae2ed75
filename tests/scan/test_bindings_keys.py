"""A Stripe key read from a runtime's bindings (the deployment's secrets, the same for every
call) in the spellings seen on Workers-like runtimes: a Pages Function's ``ctx.env["KEY"]``
(bracket read), SvelteKit on Cloudflare's ``platform?.env?.KEY`` (optional chain), Astro's
``locals.runtime.env.KEY``. Before, the bracket read of a handler's parameter was taken for a
tenant's own key (a false ``X029`` blocker that stopped the migration), and the optional chain
was not seen as bindings at all (the rewrite got the ``process.env`` client, no key on a
Worker)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate import cli

PAGES = """\
import Stripe from "stripe";

export async function onRequestPost(ctx: any): Promise<Response> {
  const stripe = new Stripe(ctx.env["STRIPE_SECRET_KEY"] as string);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: "price_poster", quantity: 1 }],
    success_url: "https://prints.example/ok",
  });
  return Response.json({ url: session.url });
}
"""
KIT = """\
import Stripe from "stripe";

export const actions = {
  default: async ({ request, platform }: { request: Request; platform?: any }) => {
    const stripe = new Stripe(platform?.env?.STRIPE_SECRET_KEY ?? "");
    const form = await request.formData();
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: String(form.get("price")), quantity: 1 }],
      success_url: "https://prints.example/ok",
    });
    return { url: session.url };
  },
};
"""
STORE = """\
import Stripe from "stripe";

export async function forShop(shop: { keys: { secret: string } }) {
  const stripe = new Stripe(shop.keys["secret"]);
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: "price_poster", quantity: 1 }],
    success_url: "https://prints.example/ok",
  });
}
"""


def test_bindings_keys_are_the_platforms(tmp_path: Path) -> None:
    (tmp_path / "pages.ts").write_text(PAGES)
    (tmp_path / "kit.ts").write_text(KIT)
    (tmp_path / "store.ts").write_text(STORE)
    out = CliRunner().invoke(cli.main, ["scan", str(tmp_path), "--format", "text"]).output
    pages = out.split("== ")[2]
    assert pages.startswith(f"{tmp_path}/pages.ts"), out
    assert "X029" not in pages
    assert "stripe.checkout.sessions.create -> translated" in pages
    store = out.split("== ")[3]
    assert store.startswith(f"{tmp_path}/store.ts") and "[BLOCK] X029" in store


def test_the_rewrite_reads_the_dodo_key_from_the_same_bindings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pages.ts").write_text(PAGES)
    (tmp_path / "kit.ts").write_text(KIT)
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli.main, ["scan", ".", "--fix", "--force"])
    assert "fixed 2 call site(s) in 2 file(s)" in done.stderr, done.stderr
    pages = (tmp_path / "pages.ts").read_text()
    assert "const session = await dodoClientFor(ctx.env).checkoutSessions.create({" in pages
    kit = (tmp_path / "kit.ts").read_text()
    assert (
        "const session = await dodoClientFor(platform?.env ?? {}).checkoutSessions.create({" in kit
    )
    assert "process.env" not in kit
