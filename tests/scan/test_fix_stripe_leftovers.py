"""``scan --fix`` takes out the Stripe client and import a rewritten file no longer reads.

Read on a Next.js shop's checkout route: once its one call was a Dodo call, the file kept
``const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY)``; a Python view kept
``import stripe`` and ``stripe.api_key = ...``. A maintainer deleted them by hand, and once the
``stripe`` package was removed the import broke the build. Anything still read (a webhook's
``stripe.webhooks``, a ``Stripe.Event`` type, an exported client) keeps what it reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate import cli
from migrate.scan.rewrite import broken
from migrate.scan.stripe_leftovers import without_leftovers


def _clean(text: str, language: str) -> str:
    return without_leftovers(text, language, lambda t: broken(t, language) is None)


DODO_CALL = "  const session = await dodoClient().checkoutSessions.create(body);\n"


@pytest.mark.parametrize(
    "client",
    [
        'const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);\n',
        "import Stripe from 'stripe';\nconst stripe = new Stripe(process.env.KEY!, {});\n",
        'import { Stripe } from "stripe";\n\nconst stripe = new Stripe(key);\n',
        'const Stripe = require("stripe");\nconst stripe = Stripe(process.env.KEY);\n',
    ],
)
def test_an_unread_client_and_its_import_are_taken_out(client: str) -> None:
    text = (
        'import { NextResponse } from "next/server";\n'
        + client
        + ("\nexport async function POST(req) {\n" + DODO_CALL + "  return session;\n}\n")
    )
    out = _clean(text, "typescript")
    assert "stripe" not in out.lower(), out
    assert out.startswith('import { NextResponse } from "next/server";\n\nexport async')
    assert DODO_CALL in out


@pytest.mark.parametrize(
    ("tail", "kept"),
    [
        (  # a webhook handler still calls the client: all stays
            "export function hook(b, s) { return stripe.webhooks.constructEvent(b, s, k); }\n",
            ["const stripe = new Stripe", "import Stripe from"],
        ),
        (  # a type of the package: the import stays, the client goes
            "export function kind(e: Stripe.Event) { return e.type; }\n",
            ["import Stripe from"],
        ),
        (  # the client is passed on: it stays
            "export const clients = { stripe };\n",
            ["const stripe = new Stripe", "import Stripe from"],
        ),
    ],
)
def test_what_is_still_read_is_kept(tail: str, kept: list[str]) -> None:
    text = (
        'import Stripe from "stripe";\nconst stripe = new Stripe(process.env.KEY!);\n\n'
        "export async function POST(req: Request) {\n" + DODO_CALL + "  return session;\n}\n" + tail
    )
    out = _clean(text, "typescript")
    for line in kept:
        assert line in out
    if len(kept) == 1:
        assert "const stripe" not in out


def test_an_exported_client_is_kept() -> None:
    text = 'import Stripe from "stripe";\nexport const stripe = new Stripe(process.env.KEY!);\n'
    assert _clean(text, "typescript") == text


def test_python_import_and_its_settings_are_taken_out_when_nothing_else_reads_it() -> None:
    text = (
        "import os\n\nimport stripe\n\nstripe.api_key = os.environ['KEY']\n\n\n"
        "def checkout(request):\n    stripe.api_version = '2024-06-20'\n"
        "    session = dodo_client().checkout_sessions.create(**body)\n    return session\n"
    )
    assert _clean(text, "python") == (  # two blank lines before the def, as before
        "import os\n\n\ndef checkout(request):\n"
        "    session = dodo_client().checkout_sessions.create(**body)\n    return session\n"
    )


@pytest.mark.parametrize(
    "still",
    [
        "    except stripe.error.StripeError:\n        pass\n",
        "    event = stripe.Webhook.construct_event(body, sig, secret)\n",
    ],
)
def test_python_stripe_still_read_keeps_it_all(still: str) -> None:
    text = (
        "import stripe\n\nstripe.api_key = 'k'\n\n\ndef hook(body, sig, secret):\n"
        + ("    try:\n        pass\n" if still.startswith("    except") else "")
        + still
    )
    assert _clean(text, "python") == text


def test_a_removal_that_would_not_parse_leaves_the_file_as_it_is() -> None:
    text = "import stripe\n\nif True:\n    stripe.api_key = 'k'\n"
    assert _clean(text, "python") == text


def test_fix_end_to_end_takes_them_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    route = tmp_path / "app" / "route.js"
    route.parent.mkdir(parents=True)
    route.write_text(
        'import { NextResponse } from "next/server";\n'
        'const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);\n\n'
        "export async function POST(request) {\n"
        "  const session = await stripe.checkout.sessions.create({\n"
        '    mode: "payment",\n'
        '    line_items: [{ price: "price_1Abc", quantity: 1 }],\n'
        '    success_url: "https://shop.example/ok",\n'
        "  });\n"
        "  return NextResponse.json({ url: session.url });\n}\n",
        encoding="utf-8",
    )
    (tmp_path / "ids.json").write_text(json.dumps({"price_1Abc": "pdt_abc"}), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli.main, ["scan", "app", "--fix", "--force", "--id-map", "ids.json"])
    assert "fixed 1 call site(s) in 1 file(s)" in done.stderr, done.stderr
    text = route.read_text(encoding="utf-8")
    assert 'require("stripe")' not in text and "stripe." not in text
    assert "checkoutSessions.create(" in text and "session.checkout_url" in text
    assert broken(text, "javascript") is None
