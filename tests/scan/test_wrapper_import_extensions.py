"""A wrapper imported with its file's extension is the same module: Node's ES modules import
``./billing.js`` (and TypeScript compiled for them imports ``billing.ts`` so), Deno imports
``./billing.ts``. Before, the extension was kept in the import's path, no wrapper's module matched
it, and every call of a wrapper so imported was missed (a Supabase project's Edge Functions
calling its ``_shared`` checkout helper were not creation sites)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import scan_paths

WRAPPER = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);

export async function startCheckout(priceId, origin) {
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: `${origin}/thanks`,
  });
}
"""
CALLER = """\
import { startCheckout } from "%s";

export async function buyPoster(request) {
  return startCheckout("price_1Poster", request.headers.get("origin"));
}
"""


@pytest.mark.parametrize(
    ("wrapper", "caller", "spec"),
    [
        ("lib/billing.js", "routes/buy.js", "../lib/billing.js"),  # Node ESM
        ("lib/billing.ts", "routes/buy.ts", "../lib/billing.js"),  # TS for Node's ESM
        ("lib/billing.ts", "routes/buy.ts", "../lib/billing.ts"),  # Deno
        ("lib/billing.mjs", "routes/buy.mjs", "../lib/billing.mjs"),
        ("lib/billing.ts", "routes/buy.ts", "../lib/billing"),  # as before
    ],
)
def test_a_wrapper_imported_with_its_extension_is_called(
    tmp_path: Path, wrapper: str, caller: str, spec: str
) -> None:
    for name, text in ((wrapper, WRAPPER), (caller, CALLER % spec)):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    sites = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"]
    (call,) = [s for s in sites if s.file.endswith(caller)]
    assert call.callee == "startCheckout"
    assert call.via.startswith(f"startCheckout at {tmp_path / wrapper}:")
    assert "price_1Poster" in {p["price"] for p in call.params["line_items"]}
    assert 'return_url: `${request.headers.get("origin")}/thanks`,' in call.suggestion


@pytest.mark.parametrize(
    ("config", "text", "spec"),
    [
        # Deno's import map: a name, and a prefix ending in "/"
        (
            "functions/deno.json",
            '{"imports": {"billing-core": "./_shared/billing.ts"}}',
            "billing-core",
        ),
        ("functions/deno.json", '{"imports": {"shared/": "./_shared/"}}', "shared/billing.ts"),
        # the map in its own file, named by deno.json
        ("functions/deno.json", '{"importMap": "./maps/import_map.json"}', "billing-core"),
        # TypeScript's paths, in a tsconfig with comments and a trailing comma
        (
            "tsconfig.json",
            '{"compilerOptions": {\n  // aliases\n  "baseUrl": ".",\n'
            '  "paths": {"@shared/*": ["functions/_shared/*"],},\n}}',
            "@shared/billing",
        ),
    ],
)
def test_a_wrapper_imported_by_a_mapped_name_is_called(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str, text: str, spec: str
) -> None:
    files = {
        "functions/_shared/billing.ts": WRAPPER,
        "functions/buy/index.ts": CALLER % spec,
        config: text,
        "functions/maps/import_map.json": '{"imports": {"billing-core": "../_shared/billing.ts"}}',
    }
    for name, body in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # paths as a user scanning "." gives them
    sites = [s for s in scan_paths(["."]) if s.kind == "create"]
    (call,) = [s for s in sites if s.file.endswith("buy/index.ts")]
    assert call.via.startswith("startCheckout at functions/_shared/billing.ts:")
