"""Two shapes of a Node cart read through instead of blocking it.

* ``items.map(fn).filter(Boolean)``: a SvelteKit shop maps its cart to inline prices and
  compacts the list. Each element the callback returns is an object, so the filter keeps them
  all: the Dodo cart is the map's, one pay-what-you-want line per element with its amount.
  Before, the trailing ``.filter`` hid the map: RT015 blocked a cart whose amounts were plain.
* A line's ``product_data`` whose description joins a list the callback fills with ``push``
  under ifs: the description cannot be followed, and before, neither could the whole line
  (RT015 again). The description never reaches the Dodo call (RT001); the amount now does.

Seen in a postcard shop's ``+server.ts`` (both at once, with the amount normalised and
discounted by a rate computed before the map).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import scan_paths
from tests.scan import node_sdk
from tests.scan.trees import write_tree

COMPACTED = """import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function POST(request: Request) {
  const body = await request.json();
  const cart: { cents: number; title: string; count: number }[] = body.cart;
  const off = cart.length > 2 ? 0.1 : 0;
  const lines = cart
    .map((entry) => ({
      price_data: {
        currency: "eur",
        unit_amount: Math.round(entry.cents * (1 - off)),
        product_data: { name: entry.title },
      },
      quantity: entry.count,
    }))
    .filter(Boolean);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: lines,
    success_url: "https://cards.test/thanks",
  });
  return Response.json({ url: session.url });
}
"""

DESCRIBED = """import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function POST(request: Request) {
  const body = await request.json();
  const cart: { cents: number; to?: string; note?: string }[] = body.cart;
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: cart.map((entry) => {
      const parts: string[] = [];
      if (entry.to) parts.push(`To: ${entry.to}`);
      if (entry.note) parts.push(entry.note);
      return {
        price_data: {
          currency: "gbp",
          unit_amount: entry.cents,
          product_data: {
            name: "Card",
            ...(parts.length ? { description: parts.join(" / ") } : {}),
          },
        },
        quantity: 1,
      };
    }),
    success_url: "https://cards.test/thanks",
  });
  return Response.json({ url: session.url });
}
"""

MAYBE_NOTHING = COMPACTED.replace(
    "    .map((entry) => ({",
    "    .map((entry) => !entry.cents ? null : ({",
).replace("      quantity: entry.count,\n    }))", "      quantity: entry.count,\n    })))")


def _site(tmp_path: Path, text: str) -> object:
    path = tmp_path / "server.ts"
    path.write_text(text, encoding="utf-8")
    (site,) = [s for s in scan_paths([str(path)]) if s.kind == "create"]
    return site


def test_a_mapped_cart_compacted_with_filter_boolean_is_the_maps_cart(tmp_path: Path) -> None:
    site = _site(tmp_path, COMPACTED)
    codes = {f.code for f in site.findings}  # type: ignore[attr-defined]
    assert "RT015" not in codes and "RT007" not in codes
    assert "L112" in codes
    suggestion = site.suggestion or ""  # type: ignore[attr-defined]
    assert "product_cart: cart.map((entry" in suggestion
    assert "amount: Math.round(entry.cents * (1 - off))" in suggestion
    assert "quantity: entry.count" in suggestion
    (product,) = site.translation.requires  # type: ignore[attr-defined]
    assert product["product"]["price"]["currency"] == "EUR"


def test_a_description_built_by_push_does_not_lose_the_lines_amount(tmp_path: Path) -> None:
    site = _site(tmp_path, DESCRIBED)
    codes = {f.code for f in site.findings}  # type: ignore[attr-defined]
    assert "RT015" not in codes and "L112" in codes
    dropped = [f for f in site.findings if f.code == "RT001"]  # type: ignore[attr-defined]
    assert any("product_data" in f.path for f in dropped)
    suggestion = site.suggestion or ""  # type: ignore[attr-defined]
    assert "amount: entry.cents" in suggestion
    (product,) = site.translation.requires  # type: ignore[attr-defined]
    assert product["product"]["price"]["currency"] == "GBP"


def test_a_callback_that_may_return_nothing_is_not_read_as_one_line_each(
    tmp_path: Path,
) -> None:
    """Which elements the filter keeps is known only at run time: no cart of one line per
    element (it would charge the dropped ones too)."""
    site = _site(tmp_path, MAYBE_NOTHING)
    assert "product_cart: cart.map(" not in (site.suggestion or "")  # type: ignore[attr-defined]
    assert any(f.level.name == "BLOCKER" for f in site.findings)  # type: ignore[attr-defined]


TSCONFIG = """{
  "compilerOptions": {
    "strict": true, "noEmit": true, "target": "ES2022", "module": "ESNext",
    "lib": ["ES2022", "DOM"], "moduleResolution": "Bundler", "skipLibCheck": true, "types": []
  },
  "files": ["shims.d.ts", "server.ts"]
}
"""
SHIMS = """declare module "stripe" {
  const Stripe: { new (key: string): any };
  export default Stripe;
}
declare const process: { env: Record<string, string | undefined> };
"""


@pytest.mark.slow
@pytest.mark.parametrize("source", [COMPACTED, DESCRIBED], ids=["compacted", "described"])
def test_the_suggested_calls_type_check_against_the_sdk(tmp_path: Path, source: str) -> None:
    reason = node_sdk.missing_tools()
    if reason:
        pytest.skip(f"{reason}: the suggestion is not type-checked")
    site = _site(tmp_path, source)
    call = "\n".join(
        line
        for line in (site.suggestion or "").splitlines()  # type: ignore[attr-defined]
        if not line.lstrip().startswith("//")
    )
    cut = "  const session = await stripe.checkout.sessions.create("
    code = (
        'import DodoPayments from "dodopayments";\n'
        'const client = new DodoPayments({ bearerToken: "t", environment: "test_mode" });\n'
        + source[: source.index(cut)]
        + "  const session = await "
        + call.strip()
        + ";\n  return Response.json({ url: session.checkout_url });\n}\n"
    )
    folder = write_tree(
        tmp_path / "check", {"shims.d.ts": SHIMS, "tsconfig.json": TSCONFIG, "server.ts": code}
    )
    done = node_sdk.run_tsc(folder)
    assert done.returncode == 0, done.stdout + done.stderr + code
