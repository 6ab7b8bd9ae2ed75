"""A JavaScript/TypeScript wrapper taking one object (``createCheckout(args)``, ``const { priceId,
metadata } = args``, ``({ priceId, metadata }: Args)``) called with an object literal that spreads
another (``createCheckout({ ...input, metadata: { orderId } })``) or with literals.

Before: a key the spread holds (``args.priceId``) was read as missing: the price was dropped (no
cart, RT007) and ``args.quantity ?? 1`` became a quantity of None (L109); a literal leaving a key
out did not decide ``args.quantity ?? 1``; names the wrapper destructured (``priceId``,
``...metadata``) and spreads of its parameters (``...args.metadata``) were written by name at the
caller, where they do not exist; a shorthand property (``{ ...metadata, userId }``) was replaced
by its value alone (``{ ...metadata, input.userId }``: no JavaScript). The caller's own object
member is now what the Dodo call carries: ``{ ...({ orderId }), userId: input.userId }``."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from migrate.scan.scan import CallSite, scan_paths

PAY = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

type Args = {
  priceId: string; userId: string; quantity?: number; metadata?: Record<string, string>
};

export async function plain(args: Args) {
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: args.priceId, quantity: args.quantity ?? 1 }],
    metadata: { userId: args.userId, ...args.metadata },
    success_url: "https://example.com/ok",
  });
}

export async function unpacked(args: Args) {
  const { priceId, metadata } = args;
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: priceId, quantity: 1 }],
    metadata: { ...metadata, userId: args.userId },
    success_url: "https://example.com/ok",
  });
}

export async function pattern({ priceId, userId, metadata }: Args) {
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: priceId, quantity: 1 }],
    metadata: { ...metadata, userId },
    success_url: "https://example.com/ok",
  });
}
"""
ROUTE = """\
import { plain, unpacked, pattern } from "./pay";
export async function POST(input: { priceId: string; userId: string }, orderId: string) {
  await WRAPPER(ARGS);
}
"""
SPREAD = "{ ...input, metadata: { orderId } }"
LITERAL = '{ priceId: "price_1", userId: "u7", metadata: { orderId } }'


def caller(tmp_path: Path, wrapper: str, args: str) -> CallSite:
    (tmp_path / "pay.ts").write_text(PAY, encoding="utf-8")
    route = ROUTE.replace("WRAPPER", wrapper).replace("ARGS", args)
    (tmp_path / "route.ts").write_text(route, encoding="utf-8")
    sites = [s for s in scan_paths([str(tmp_path)], jobs=1) if s.kind == "create"]
    (site,) = [s for s in sites if s.via is not None]
    return site


def codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


def metadata_code(site: CallSite) -> str:
    """The metadata expression the suggested call writes, as one line (an object written over
    lines, its keys and the objects merged in: ``{ userId: ..., ...({ orderId }) }``)."""
    lines = (site.suggestion or "").splitlines()
    (at,) = [i for i, line in enumerate(lines) if "metadata:" in line]
    first = lines[at].strip().removeprefix("metadata:").strip()
    if first != "{":
        return first.removesuffix(",")
    indent = len(lines[at]) - len(lines[at].lstrip())
    body: list[str] = []
    for line in lines[at + 1 :]:
        if line.strip() in ("}", "},") and len(line) - len(line.lstrip()) == indent:
            break
        body.append(line.strip())
    return "{ " + " ".join(body) + " }"


WRAPPERS = ["plain", "unpacked", "pattern"]


@pytest.mark.parametrize("wrapper", WRAPPERS)
def test_a_spread_argument_s_keys_are_read_from_what_it_spreads(
    tmp_path: Path, wrapper: str
) -> None:
    site = caller(tmp_path, wrapper, SPREAD)
    assert not {"RT007", "L109", "X021"} & codes(site)
    assert "dodoProductId(input.priceId)" in (site.suggestion or "")
    code = metadata_code(site)
    assert "input.userId" in code and "{ orderId }" in code
    assert "args" not in code and "...metadata" not in code
    if wrapper == "plain":
        assert "quantity: input.quantity != null ? input.quantity : 1" in (site.suggestion or "")


@pytest.mark.parametrize("wrapper", WRAPPERS)
def test_a_literal_argument_s_members_are_carried(tmp_path: Path, wrapper: str) -> None:
    site = caller(tmp_path, wrapper, LITERAL)
    assert not {"RT007", "L109", "X021"} & codes(site)
    assert site.translation is not None
    assert site.translation.dodo["product_cart"][0]["quantity"] == 1  # no quantity given: 1
    assert site.params["line_items"][0]["price"] == "price_1"
    code = metadata_code(site)
    assert "priceId" not in code and "args" not in code and "...metadata" not in code
    if shutil.which("node") is None:
        pytest.skip("node is not installed: the text is checked above")
    script = f'const orderId = "o1"; console.log(JSON.stringify({code}));'
    done = subprocess.run(
        ["node", "-e", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"orderId": "o1", "userId": "u7"}


PY_PAY = """\
import stripe

def checkout(args):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": args["price"], "quantity": 1}],
        metadata={"user": args["user"], **args["metadata"]},
        success_url="https://example.com/ok",
    )
"""
PY_ROUTE = """\
from pay import checkout

def route(base, order_id):
    checkout(ARGS)
"""


def test_a_python_dict_argument_spread_and_members(tmp_path: Path) -> None:
    """Python's ``checkout({**base, "metadata": {...}})``: the price is ``base["price"]`` (it
    was dropped: RT007), and ``**args["metadata"]`` is the call's own dict."""
    (tmp_path / "pay.py").write_text(PY_PAY, encoding="utf-8")
    route = PY_ROUTE.replace("ARGS", '{**base, "metadata": {"order_id": order_id}}')
    (tmp_path / "route.py").write_text(route, encoding="utf-8")
    (site,) = [s for s in scan_paths([str(tmp_path)], jobs=1) if s.kind == "create" and s.via]
    assert "RT007" not in codes(site)
    suggestion = site.suggestion or ""
    assert 'dodo_product_id(base["price"])' in suggestion
    lines = suggestion.splitlines()
    (at,) = [i for i, x in enumerate(lines) if x.strip().startswith("metadata=")]
    end = next(i for i in range(at, len(lines)) if lines[i].strip() in ("},", "}"))
    code = "\n".join(lines[at : end + 1]).strip().removeprefix("metadata=").removesuffix(",")
    assert "args" not in code
    base = {"price": "price_1", "user": "u7"}
    assert eval(code, {"base": base, "order_id": "o1"}) == {"user": "u7", "order_id": "o1"}
