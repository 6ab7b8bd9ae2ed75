"""A TypeScript/JavaScript ``const`` declared in a block the Stripe call comes after, bound to a
read of a value the call sees (``const priceId = url.searchParams.get("price")`` in the branch
that fills ``line_items``, ``body.plan.trim()``, ``String(body.seats)``): the price it names was
``TODO_priceId`` with X021, the cart defined nowhere, though reading it again at the call gives
the same value. Such a read (a chain of ``get``, ``getAll``, ``at``, ``trim``, ``toString``,
``toLowerCase``, ``toUpperCase`` with plain arguments, ``String(...)``/``Number(...)`` of a
plain value, an ``as`` cast or a ``!``) is written as its value; a call that may do something
else (``await``, a lookup, a write) stays ``TODO_<name>``."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import tsc_problems

ROUTE = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function GET(request: Request) {
  const url = new URL(request.url);
  let line_items: { price: string | null; quantity: number }[] = [];
  if (url.searchParams.get("mode") === "team") {
    const priceId = url.searchParams.get("price");
    const seats = Number(url.searchParams.get("seats"));
    line_items = [{ price: priceId, quantity: seats }];
  } else {
    const single = url.searchParams.get("single")!.trim();
    line_items = [{ price: single, quantity: 1 }];
  }
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items,
    success_url: "https://example.com/ok",
  });
  return Response.json({ url: session.url });
}
"""


def one(code: str, name: str = "route.ts") -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME["typescript"]) if s.kind == "create"]
    return site


def test_reads_declared_in_branches_are_written_as_their_values(tmp_path: Path) -> None:
    site = one(ROUTE)
    suggestion = site.suggestion
    assert 'dodoProductId(url.searchParams.get("price"))' in suggestion
    assert '? Number(url.searchParams.get("seats")) : 1' in suggestion
    assert 'dodoProductId(url.searchParams.get("single")!.trim())' in suggestion
    assert "TODO_" not in suggestion
    assert "X021" not in {f.code for f in site.findings}


@pytest.mark.slow
def test_the_dodo_call_type_checks_with_tsc(tmp_path: Path) -> None:
    ids = Path(__file__).parents[1] / "golden" / "codegen" / "dodo-ids.ts.golden"
    source = 'import { dodoProductId } from "./dodo-ids";\n' + ROUTE
    files = {"dodo-ids.ts": ids.read_text(encoding="utf-8")}
    problems = tsc_problems(tmp_path, source, one(ROUTE).suggestion, files=files)
    assert problems == "", problems


def test_a_read_through_another_block_local_is_written_in_the_calls_terms() -> None:
    code = ROUTE.replace(
        '    const priceId = url.searchParams.get("price");',
        '    const params = url.searchParams;\n    const priceId = params.get("price") as string;',
    )
    suggestion = one(code).suggestion
    assert 'dodoProductId(url.searchParams.get("price") as string)' in suggestion
    assert "TODO_priceId" not in suggestion and "params.get" not in suggestion


def test_a_call_that_may_do_more_than_read_stays_a_todo_name() -> None:
    code = ROUTE.replace(
        'const priceId = url.searchParams.get("price");',
        'const priceId = lookupPrice(url.searchParams.get("plan"));',
    ).replace(
        'const single = url.searchParams.get("single")!.trim();',
        'const single = (await prices.get("single")).id;',
    )
    site = one(code)
    assert "dodoProductId(TODO_priceId)" in site.suggestion
    assert "dodoProductId(TODO_single)" in site.suggestion
    assert "X021" in {f.code for f in site.findings}
