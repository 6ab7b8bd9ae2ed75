"""A metadata value the code may leave unset (``user?.id``, ``ref || undefined``, Python's
``args.get("ref")`` or ``who or None``) sets no key on Stripe: its SDKs leave out undefined,
null and None. The suggested Dodo call made every value text, so an unset one became the text
"undefined" or "None", a key a webhook handler reads as set (seen in a SaaS starter's
``client_reference_id: user?.id`` carried into metadata). It was then the empty text when unset,
still a key Stripe never set; it is now a key only when set (tests/scan/test_optional_metadata.py
has the optional parameters)."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import scan_paths

TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function start(priceId: string, user?: { id: string }, ref?: string, tag?: string) {
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: priceId, quantity: 1 }],
    client_reference_id: user?.id,
    metadata: { ref: ref || undefined, tag: tag ?? null, plan: priceId },
    success_url: "https://m.example/ok",
  });
  return session.url;
}
"""

PY = """import stripe
from flask import request


def start(data):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": data["price_id"], "quantity": 1}],
        metadata={"user_id": data.get("user_id"), "who": data["who"] or None, "plan": data["plan"]},
        success_url="https://m.example/ok",
    )
"""


def _suggestion(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    sites = [s for s in scan_paths([str(path)]) if s.kind == "create"]
    assert len(sites) == 1
    return sites[0].suggestion or ""


def test_a_typescript_value_that_may_be_unset_is_a_key_only_when_set(tmp_path: Path) -> None:
    text = _suggestion(tmp_path, "start.ts", TS)
    assert "...(user?.id != null ? { client_reference_id: String(user?.id) } : {})," in text
    assert "...(ref ? { ref: String(ref) } : {})," in text
    assert "...(tag != null ? { tag: String(tag) } : {})," in text
    assert "plan: String(priceId)," in text
    assert "|| undefined" not in text and "?? null" not in text
    assert ': ""' not in text


def test_a_python_value_that_may_be_none_is_a_key_only_when_set(tmp_path: Path) -> None:
    text = _suggestion(tmp_path, "start.py", PY)
    user_id = 'str(data.get("user_id"))} if data.get("user_id") is not None else {}),'
    assert '**({"user_id": ' + user_id in text
    assert '**({"who": str(data["who"])} if data["who"] else {}),' in text
    assert '"plan": str(data["plan"]),' in text
    assert "or None" not in text
    assert 'else ""' not in text


ENV_TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function start(priceId: string) {
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: priceId, quantity: 1 }],
    metadata: {
      platform: process.env.PLATFORM,
      region: process.env["REGION"],
      build: process.env.BUILD_ID!,
    },
    success_url: "https://m.example/ok",
  });
  return session.url;
}
"""

ENV_PY = """import os
import stripe


def start(price_id):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": price_id, "quantity": 1}],
        metadata={"platform": os.getenv("PLATFORM"), "build": os.getenv("BUILD", "dev")},
        success_url="https://m.example/ok",
    )
"""


def test_an_environment_variable_read_without_a_default_is_a_key_only_when_set(
    tmp_path: Path,
) -> None:
    """``metadata: { platform: process.env.PLATFORM }`` sets no key where the variable is
    unset (Stripe's SDK leaves out undefined); ``String(process.env.PLATFORM)`` sent the text
    "undefined" (seen in a NestJS marketplace). A ``!``-asserted or defaulted read stays."""
    text = _suggestion(tmp_path, "env.ts", ENV_TS)
    platform = "String(process.env.PLATFORM) } : {}),"
    assert "...(process.env.PLATFORM != null ? { platform: " + platform in text
    region = 'String(process.env["REGION"]) } : {}),'
    assert '...(process.env["REGION"] != null ? { region: ' + region in text
    assert "build: String(process.env.BUILD_ID!)," in text
    py = _suggestion(tmp_path, "env.py", ENV_PY)
    getenv = 'str(os.getenv("PLATFORM"))} if os.getenv("PLATFORM") is not None else {}),'
    assert '**({"platform": ' + getenv in py
    assert '"build": str(os.getenv("BUILD", "dev")),' in py
