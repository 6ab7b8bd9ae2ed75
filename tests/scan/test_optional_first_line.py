"""A line appended under a condition before the line every checkout has (``const lines = [];
if (trial) lines.push(trialLine); lines.push(planLine)``), and such a builder in another file
whose local is typed with the SDK's types (``const lines: Stripe.Checkout.SessionCreateParams
.LineItem[] = []``). The append after the conditional one met a choice between two lists and
left the whole list to run time (RT003, and RT014 blocking a subscription); the imported
builder was not read at all, as the type's dotted name (``Stripe.Checkout...``) counted as a
name of its module it reads. The later append is made to each branch's list now (``trial ?
[t, plan] : [plan]``), and a type's name is erased as any type's is."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, ScanStats, scan_paths, scan_source
from tests.scan.sdk_checks import CUT, mypy_problems, tsc_problems

TS = """\
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function join(plan: string, setup: string | undefined) {
  const lines: Stripe.Checkout.SessionCreateParams.LineItem[] = [];
  if (setup) {
    lines.push({ price: setup, quantity: 1 });
  }
  lines.push({ price: plan, quantity: 2 });
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: lines,
    success_url: "https://club.example/in",
  });
  return session.url;
}
"""

PY = """\
import stripe


def join(plan, setup):
    lines = []
    if setup:
        lines.append({"price": setup, "quantity": 1})
    lines.append({"price": plan, "quantity": 2})
    return stripe.checkout.Session.create(
        mode="payment", line_items=lines, success_url="https://club.example/in"
    ).url
"""

BUILDER = """\
import Stripe from "stripe";

export function clubLines(
  plan: string,
  setup?: string,
): Stripe.Checkout.SessionCreateParams.LineItem[] {
  const lines: Stripe.Checkout.SessionCreateParams.LineItem[] = [];
  if (setup) {
    lines.push({ price: setup, quantity: 1 });
  }
  lines.push({ price: plan, quantity: 2 });
  return lines;
}
"""

CALLER = """\
import Stripe from "stripe";
import { clubLines } from "./lines";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function join(plan: string, setup: string | undefined) {
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: clubLines(plan, setup),
    success_url: "https://club.example/in",
  });
  return session.url;
}
"""


def _one(code: str, name: str, language: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    return site


def test_an_append_after_an_optional_one_is_made_to_both_lists() -> None:
    site = _one(TS, "join.ts", "typescript")
    text = site.suggestion or ""
    codes = {f.code for f in site.findings}
    assert "RT003" not in codes
    # the optional line, then the line every checkout has (`setup ? [t, plan] : [plan]`, read
    # element by element since two conditional appends are read so: test_two_conditional_appends)
    assert "product_cart: [\n    ...(setup ? [\n" in text
    assert text.count("product_id: dodoProductId(plan),\n      quantity: 2,") == 1
    assert text.count("dodoProductId(setup)") == 1
    assert text.index("dodoProductId(setup)") < text.index("dodoProductId(plan)")


def test_python_too() -> None:
    text = _one(PY, "join.py", "python").suggestion or ""
    assert '"product_id": dodo_product_id(setup),' in text
    assert "] if setup else [" in text


def test_a_builder_in_another_file_typed_with_the_sdk_is_read(tmp_path: Path) -> None:
    (tmp_path / "lines.ts").write_text(BUILDER, encoding="utf-8")
    (tmp_path / "join.ts").write_text(CALLER, encoding="utf-8")
    stats = ScanStats()
    sites = [s for s in scan_paths([str(tmp_path)], stats=stats, jobs=1) if s.kind == "create"]
    (site,) = sites
    text = site.suggestion or ""
    assert "RT003" not in {f.code for f in site.findings}
    assert "product_cart: [\n    ...(setup ? [\n" in text
    assert "clubLines(" not in text


@pytest.mark.slow
def test_the_lists_type_check(tmp_path: Path) -> None:
    ids = {"ids.d.ts": "declare function dodoProductId(id: string): string;\n"}
    ts = _one(TS, "join.ts", "typescript").suggestion or ""
    source = TS.replace("  const session = await stripe.checkout.sessions.create(", CUT)
    source = source.replace("Stripe.Checkout.SessionCreateParams.LineItem[]", "any[]")  # shims
    assert tsc_problems(tmp_path / "ts", source, ts, files=ids) == ""
    py = _one(PY, "join.py", "python").suggestion or ""
    (tmp_path / "py").mkdir()
    (tmp_path / "py" / "dodo_ids.py").write_text(
        "def dodo_product_id(p: str) -> str:\n    return p\n"
    )
    assert mypy_problems(tmp_path / "py", py, "def join(plan: Any, setup: Any) -> str | None") == ""
