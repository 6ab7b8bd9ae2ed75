"""A wrapper maps a parameter's list to its lines (``opts.items.map((i) => ({ price: i.priceId,
quantity: i.quantity }))``, ``[{"price": i["price_id"]} for i in items]``) and a caller gives the
list as a literal. The caller's Dodo call mapped its whole literal again (``(({ items: [...]
}).items).map(...)``, and in Python ``TODO_i`` with X021): code whose prices the migration could
not look up. Each element is now the wrapper's line with the element in place of the loop's
variable, a literal price looked up in the id map as any literal price is
(``migrate/scan/wrapper_eaches.py``); a string argument put in a template literal's hole is its
text (`` `${"https://shop.example"}/ok` `` was written so)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import CallSite, ScanStats, scan_paths
from tests.scan.sdk_checks import mypy_problems, tsc_problems

LIB_TS = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

type Item = { priceId: string; quantity: number };

export async function createCheckout(opts: { items: Item[]; email?: string; origin: string }) {
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: opts.items.map((i) => ({ price: i.priceId, quantity: i.quantity })),
    customer_email: opts.email,
    success_url: `${opts.origin}/ok`,
  });
  return session.url;
}
"""

ROUTE_TS = """\
import { createCheckout } from "./lib";

export async function buy(qty: number, email: string) {
  return createCheckout({
    items: [
      { priceId: "price_1Poster", quantity: qty },
      { priceId: process.env.FRAME_PRICE!, quantity: 1 },
    ],
    email,
    origin: "https://shop.example",
  });
}

export async function many(items: { priceId: string; quantity: number }[]) {
  return createCheckout({ items, origin: "https://shop.example" });
}
"""

LIB_PY = """\
import stripe
from catalog_lines import to_line


def create_checkout(items, email=None):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": i["price_id"], "quantity": i["qty"]} for i in items],
        customer_email=email,
        success_url="https://shop.example/ok",
    )


def create_wrapped(items):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[to_line(i) for i in items],
        success_url="https://shop.example/ok",
    )
"""

VIEWS_PY = """\
from django.conf import settings

from shop.billing import create_checkout, create_wrapped


def buy(request):
    rows = [{"price_id": "price_1Mug", "qty": 2}, {"price_id": settings.LID_PRICE, "qty": 1}]
    return create_checkout(rows, request.user.email)


def many(request, rows):
    return create_checkout(rows)


def wrapped(request):
    return create_wrapped([{"price_id": "price_1Mug"}])
"""


def _callers(tmp_path: Path, files: dict[str, str]) -> dict[str, CallSite]:
    for name, code in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(code, encoding="utf-8")
    stats = ScanStats()
    found = [s for s in scan_paths([str(tmp_path)], stats=stats, jobs=1) if s.kind == "create"]
    assert stats.problems == []
    out: dict[str, CallSite] = {}
    for site in found:
        if site.via is None:
            continue
        lines = Path(site.file).read_text(encoding="utf-8").splitlines()[: site.line]
        header = [x for x in lines if x.lstrip().startswith(("def ", "export async function"))]
        out[header[-1].split("(")[0].split()[-1]] = site
    return out


def test_a_typescript_callers_literal_list_gives_its_lines(tmp_path: Path) -> None:
    sites = _callers(tmp_path, {"lib.ts": LIB_TS, "route.ts": ROUTE_TS})
    text = sites["buy"].suggestion or ""
    assert ".map(" not in text and "items:" not in text
    assert "quantity: qty," in text
    assert "product_id: dodoProductId(process.env.FRAME_PRICE!)," in text
    assert "return_url: `https://shop.example/ok`," in text
    assert sites["buy"].translation is not None
    [product] = [r for r in sites["buy"].translation.requires if r.get("kind") == "product"]
    assert product["stripe"] == {"price": "price_1Poster"}  # the caller's literal price
    assert text.count('product_id: "s2d_pdt_') == 1  # its product, inlined
    # a list the caller has at run time is mapped as before
    assert "product_cart: items.map((i: any)" in (sites["many"].suggestion or "")


def test_a_python_callers_literal_list_gives_its_lines(tmp_path: Path) -> None:
    files = {"shop/billing.py": LIB_PY, "shop/views.py": VIEWS_PY}
    sites = _callers(tmp_path, files)
    text = sites["buy"].suggestion or ""
    assert "TODO_i" not in text and " for i in " not in text
    assert '"quantity": 2,' in text
    assert '"product_id": dodo_product_id(settings.LID_PRICE),' in text
    assert "X021" not in {f.code for f in sites["buy"].findings}
    assert "for i in rows" in (sites["many"].suggestion or "")
    # a line another module makes from the element whole is not expanded (no element is
    # written whole at the call): the caller's list is mapped as before
    assert '"product_id": dodo_product_id(to_line(i)["price"]),' in (
        sites["wrapped"].suggestion or ""
    )
    assert 'for i in ([{"price_id": "price_1Mug"}])' in (sites["wrapped"].suggestion or "")


@pytest.mark.slow
def test_the_expanded_lines_type_check(tmp_path: Path) -> None:
    sites = _callers(tmp_path / "ts", {"lib.ts": LIB_TS, "route.ts": ROUTE_TS})
    ids = {"ids.d.ts": "declare function dodoProductId(id: string): string;\n"}
    source = (
        "export async function buy(qty: number, email: string) {\n"
        "  const session = await stripe.checkout.sessions.create(\n"
    )
    assert tsc_problems(tmp_path / "tsc", source, sites["buy"].suggestion or "", files=ids) == ""
    py = _callers(tmp_path / "py", {"shop/billing.py": LIB_PY, "shop/views.py": VIEWS_PY})
    (tmp_path / "mypy").mkdir()
    (tmp_path / "mypy" / "dodo_ids.py").write_text(
        "def dodo_product_id(p: str) -> str:\n    return p\n"
    )
    text = py["buy"].suggestion or ""
    assert (
        mypy_problems(tmp_path / "mypy", text, "def buy(request: Any, settings: Any) -> str | None")
        == ""
    )
