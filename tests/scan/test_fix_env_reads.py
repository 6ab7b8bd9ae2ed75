"""``--fix`` in frameworks that keep the ``.env`` file's secrets out of ``process.env``: SvelteKit
(``$env/static/private``, ``$env/dynamic/private``) and Astro (``import.meta.env``). Before, the
rewritten module made its Dodo client from ``process.env``, where the key is not: the first
checkout failed with "DODO_PAYMENTS_API_KEY is missing". The client now reads the key the way the
application reads its Stripe one, and a plain Node module keeps the SDK's own reading."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scan import node_sdk
from tests.scan.ts_rewrites import fixed, type_check

CALL = """stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: "https://shop.example/ok",
  })"""
SVELTE_ROUTE = f"""\
import Stripe from "stripe";
import {{ STRIPE_SECRET_KEY }} from "$env/static/private";

const stripe = new Stripe(STRIPE_SECRET_KEY);

export async function POST({{ request }}: {{ request: Request }}) {{
  const {{ priceId }} = await request.json();
  const session = await {CALL};
  return new Response(JSON.stringify({{ url: session.url }}));
}}
"""
SVELTE_ACTION = f"""\
import {{ stripe }} from "$lib/server/stripe";

export async function buy(priceId: string) {{
  const session = await {CALL};
  return session.url;
}}
"""
ASTRO_ROUTE = f"""\
import Stripe from "stripe";

const stripe = new Stripe(import.meta.env.STRIPE_SECRET_KEY);

export async function POST({{ request }}: {{ request: Request }}) {{
  const {{ priceId }} = await request.json();
  const session = await {CALL};
  return new Response(JSON.stringify({{ url: session.url }}));
}}
"""
NODE_ROUTE = f"""\
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function buy(priceId: string) {{
  const session = await {CALL};
  return session.url;
}}
"""
SVELTEKIT_PACKAGE = '{"devDependencies": {"@sveltejs/kit": "^2.0.0"}, "type": "module"}'


def _client(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    start = text.index("new DodoPayments({")
    block = text[start : text.index("});", start)].splitlines()
    return [line.strip() for line in block if line.strip()]


def test_a_sveltekit_app_reads_the_key_from_its_private_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "package.json": SVELTEKIT_PACKAGE,
        "src/routes/api/checkout/+server.ts": SVELTE_ROUTE,
        "src/lib/billing.ts": SVELTE_ACTION,  # no env read of its own: the project's way
    }
    said = fixed(tmp_path, files, monkeypatch)
    assert "fixed 2 call site(s) in 2 file(s)" in said, said
    for name in ("src/routes/api/checkout/+server.ts", "src/lib/billing.ts"):
        path = tmp_path / name
        text = path.read_text(encoding="utf-8")
        assert 'import { env as dodoEnv } from "$env/dynamic/private";' in text
        assert _client(path) == [
            "new DodoPayments({",
            "bearerToken: dodoEnv.DODO_PAYMENTS_API_KEY,",
            "environment:",
            'dodoEnv.DODO_PAYMENTS_ENVIRONMENT === "live_mode" ? "live_mode" : "test_mode",',
        ]
        assert "process.env" not in text


def test_an_astro_route_reads_the_key_from_import_meta_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {"src/pages/api/checkout.ts": ASTRO_ROUTE, "scripts/node.ts": NODE_ROUTE}
    said = fixed(tmp_path, files, monkeypatch)
    assert "fixed 2 call site(s) in 2 file(s)" in said, said
    assert _client(tmp_path / "src/pages/api/checkout.ts") == [
        "new DodoPayments({",
        "bearerToken: import.meta.env.DODO_PAYMENTS_API_KEY,",
        "environment:",
        'import.meta.env.DODO_PAYMENTS_ENVIRONMENT === "live_mode" ? "live_mode" : "test_mode",',
    ]
    assert _client(tmp_path / "scripts/node.ts") == [
        "new DodoPayments({",
        "environment:",
        'process.env.DODO_PAYMENTS_ENVIRONMENT === "live_mode" ? "live_mode" : "test_mode",',
    ]


SHIMS = """declare module "stripe";
declare module "$env/static/private" { export const STRIPE_SECRET_KEY: string; }
declare module "$env/dynamic/private" { export const env: Record<string, string | undefined>; }
interface ImportMeta { readonly env: Record<string, string | undefined>; }
"""


@pytest.mark.slow
def test_the_rewritten_modules_type_check_against_the_sdk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reason = node_sdk.missing_tools()
    if reason:
        pytest.skip(f"{reason}: the rewrite is not type-checked")
    files = {
        "package.json": SVELTEKIT_PACKAGE,
        "src/routes/api/checkout/+server.ts": SVELTE_ROUTE,
        "src/astro.ts": ASTRO_ROUTE.replace("STRIPE_SECRET_KEY)", "STRIPE_SECRET_KEY!)"),
    }
    said = fixed(tmp_path, files, monkeypatch)
    assert "fixed 2 call site(s) in 2 file(s)" in said, said
    assert "import.meta.env.DODO_PAYMENTS_API_KEY" in (tmp_path / "src/astro.ts").read_text()
    files = ["src/routes/api/checkout/+server.ts", "src/astro.ts"]
    ran = type_check(tmp_path, files, shims=SHIMS, ids={"price_1Pro": "pdt_pro"})
    assert ran.returncode == 0, ran.stdout + ran.stderr
