"""Benchmark: plan a generated catalog, and count the Stripe requests of a live read.

1. Writes a snapshot of N products with 3 prices each (monthly, yearly, one-time with a EUR
   currency option), 200 coupons, 300 promotion codes and 2,000 customers, then runs
   ``stripe2dodo plan --snapshot ...`` in a fresh process: wall time and peak RSS. Done for N
   and N/10 products, so memory growth shows.
2. Reads the same catalog "live" through ``StripeClient`` with the test suite's in-process fake
   HTTP client (no network) and counts the list requests: about (products + prices) / 100.

    python bench/plan_bench.py              # N = 10,000 products, 30,000 prices
    python bench/plan_bench.py -n 2000

The tables it prints go in docs/benchmarks.md, between ``<!-- plan-bench:start -->`` and
``<!-- plan-bench:end -->``.
"""

from __future__ import annotations

import argparse
import io
import math
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import measure  # noqa: E402
from migrate.readers.snapshot import SnapshotWriter  # noqa: E402


def catalog(n: int) -> dict[str, list[dict[str, Any]]]:
    products, prices = [], []
    for i in range(n):
        pid = f"prod_{i:06d}"
        products.append(
            {
                "id": pid,
                "object": "product",
                "active": True,
                "name": f"Product {i}",
                "description": f"Description of product {i}",
                "images": [],
                "metadata": {"n": str(i)},
                "tax_code": "txcd_10103001" if i % 2 else None,
                "livemode": False,
                "created": 1_700_000_000,
            }
        )
        base = {
            "object": "price",
            "active": True,
            "product": pid,
            "currency": "usd",
            "livemode": False,
            "billing_scheme": "per_unit",
            "metadata": {},
            "created": 1_700_000_000,
            "tax_behavior": "exclusive",
        }
        prices.append(
            {
                **base,
                "id": f"price_{i:06d}_m",
                "type": "recurring",
                "unit_amount": 1000 + i,
                "nickname": "monthly",
                "recurring": {"interval": "month", "interval_count": 1, "usage_type": "licensed"},
            }
        )
        prices.append(
            {
                **base,
                "id": f"price_{i:06d}_y",
                "type": "recurring",
                "unit_amount": 10000 + i,
                "recurring": {"interval": "year", "interval_count": 1, "usage_type": "licensed"},
            }
        )
        prices.append(
            {
                **base,
                "id": f"price_{i:06d}_o",
                "type": "one_time",
                "unit_amount": 500 + i,
                "currency_options": {"eur": {"unit_amount": 450 + i, "tax_behavior": "exclusive"}},
            }
        )
    coupons = [
        {
            "id": f"COUPON{i:04d}",
            "object": "coupon",
            "percent_off": 10 + i % 50,
            "duration": "once",
            "valid": True,
            "livemode": False,
        }
        for i in range(200)
    ]
    promos = [
        {
            "id": f"promo_{i:05d}",
            "object": "promotion_code",
            "code": f"CODE{i:05d}",
            "active": True,
            "promotion": {"type": "coupon", "coupon": f"COUPON{i % 200:04d}"},
        }
        for i in range(300)
    ]
    customers = [
        {
            "id": f"cus_{i:06d}",
            "object": "customer",
            "email": f"user{i}@example.com",
            "name": f"User {i}",
            "livemode": False,
        }
        for i in range(2000)
    ]
    return {
        "product": products,
        "price": prices,
        "coupon": coupons,
        "promotion_code": promos,
        "customer": customers,
    }


def write_snapshot(path: Path, data: dict[str, list[dict[str, Any]]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        writer = SnapshotWriter(
            out, api_version="2026-10-28.endive", exported_at="2026-11-22T00:00:00Z", livemode=False
        )
        for kind in ("product", "price", "coupon", "promotion_code", "customer"):
            for obj in data[kind]:
                writer.write(obj)
        writer.close()


def live_requests(data: dict[str, list[dict[str, Any]]]) -> int:
    sys.path.insert(0, str(ROOT / "tests"))
    from fake_stripe import FakeStripe  # the test suite's in-process fake: no network

    from migrate.readers.stripe_api import export_snapshot, make_client

    fake = FakeStripe(
        {k: data[k] for k in ("product", "price", "coupon", "promotion_code")}, record=False
    )
    client = make_client("sk_test_bench", http_client=fake)
    export_snapshot(client, io.StringIO(), include_customers=False, include_sessions=False)
    return fake.request_count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="products (3 prices each)")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}\n")
    print("| products | prices | snapshot | plan time | per price | peak RSS |")
    print("|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (args.n // 10, args.n):
            data = catalog(n)
            snap = Path(tmp) / f"snap-{n}.jsonl"
            write_snapshot(snap, data)
            wall, rss, _ = measure(
                [
                    sys.executable,
                    "-m",
                    "migrate",
                    "plan",
                    "--snapshot",
                    str(snap),
                    "--tax-category",
                    "digital_products",
                    "--out",
                    str(Path(tmp) / "plan.json"),
                ]
            )
            prices = len(data["price"])
            print(
                f"| {n:,} | {prices:,} | {snap.stat().st_size / 2**20:.1f} MiB | {wall:.2f} s "
                f"| {wall / prices * 1e6:.0f} µs | {rss:.0f} MiB |"
            )
        data = catalog(args.n)
        count = live_requests(data)
        expected = sum(
            math.ceil(len(data[k]) / 100) for k in ("product", "price", "coupon", "promotion_code")
        )
        print(
            f"\nLive read of {len(data['product']):,} products and {len(data['price']):,} prices "
            f"(+ coupons, promotion codes): {count} Stripe requests "
            f"(list pages of 100: {expected}, plus one empty plan list)."
        )


if __name__ == "__main__":
    main()
