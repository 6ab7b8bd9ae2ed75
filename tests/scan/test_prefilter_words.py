# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""The quick literal search (``may_name_stripe``) never says no to a file the prefilter takes.

A wrapper whose Stripe client is imported from a module not named for Stripe (``import { sc }
from "./clients"``, then ``sc.checkout.sessions.create(...)``) names Stripe only by
``checkout.session``, a word of ``PREFILTER``: the literal search the first pass runs before it
looked for no such word, so the wrapper was never indexed and its callers were never reported,
though its own site said "each call of it is reported as a creation too".
"""

from __future__ import annotations

import re
from pathlib import Path

from migrate.scan.patterns import PREFILTER
from migrate.scan.stripe_named import may_name_stripe
from tests.scan.trees import creates, write_tree


def test_every_word_of_the_prefilter_passes_the_literal_search() -> None:
    words = [re.sub(rb"\\(.)", rb"\1", w) for w in PREFILTER.pattern.split(b"|")]
    assert len(words) >= 7
    for word in words:
        assert PREFILTER.search(b"x " + word + b" y") is not None
        assert may_name_stripe(b"x " + word + b" y"), word


def test_the_callers_of_a_wrapper_whose_client_module_names_no_stripe_are_reported(
    tmp_path: Path,
) -> None:
    top = write_tree(
        tmp_path,
        {
            "clients.ts": 'import Stripe from "stripe";\nexport const sc = new Stripe(process.env.SK!);\n',
            "checkout.ts": (
                'import { sc } from "./clients";\n'
                "export async function startCheckout(priceId: string, email: string) {\n"
                "  const s = await sc.checkout.sessions.create({\n"
                "    line_items: [{ price: priceId, quantity: 1 }],\n"
                "    customer_email: email,\n"
                '    mode: "subscription",\n'
                '    success_url: "https://shop.example/ok",\n'
                "  });\n"
                "  return s.url;\n"
                "}\n"
            ),
            "route.ts": (
                'import { startCheckout } from "./checkout";\n'
                "export async function POST(req: Request) {\n"
                "  const { plan, email } = await req.json();\n"
                '  return Response.json({ url: await startCheckout(plan === "pro" ? "price_pro" : "price_basic", email) });\n'
                "}\n"
            ),
        },
    )
    (caller,) = [s for s in creates(top) if s.via]
    assert Path(caller.file).name == "route.ts"
    assert 'dodoProductId("price_pro")' not in (caller.suggestion or "")  # literals: products
    assert "email: email," in (caller.suggestion or "")
