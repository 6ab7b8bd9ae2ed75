"""Benchmark: apply against the local Dodo server with realistic latency and a rate limit.

1. 1,000 product creations through `stripe2dodo apply --apply` (8 workers, client limit
   20 req/s) against `Sandbox(latency=0.25, rate_limit=20)`: achieved rate versus the limit.
2. The same kind of creation in a plain sequential loop with the official `dodopayments` SDK,
   measured in the same run (fewer objects: the rate is what is compared).
3. `stripe2dodo sessions create` (dry run) over 100,000 and 10,000 payloads: time and peak RSS,
   to show the sessions stream (memory does not grow).

    python bench/apply_bench.py [--objects 1000] [--sdk-objects 100] [--sessions 100000]

The tables it prints go in docs/benchmarks.md, between ``<!-- apply-bench:start -->`` and
``<!-- apply-bench:end -->``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import measure  # noqa: E402
from migrate.readers.snapshot import SnapshotWriter  # noqa: E402
from migrate.sandbox.server import Sandbox  # noqa: E402

KEY = "sk_bench_local_only"


def write_snapshot(path: Path, n: int) -> None:
    with path.open("w") as out:
        writer = SnapshotWriter(
            out, api_version="2026-10-28.endive", exported_at="2026-11-22T00:00:00Z", livemode=False
        )
        for i in range(n):
            writer.write(
                {"id": f"prod_{i:05d}", "object": "product", "name": f"Product {i}", "active": True}
            )
        for i in range(n):
            writer.write(
                {
                    "id": f"price_{i:05d}",
                    "object": "price",
                    "product": f"prod_{i:05d}",
                    "active": True,
                    "type": "one_time",
                    "currency": "usd",
                    "unit_amount": 500 + i,
                    "billing_scheme": "per_unit",
                }
            )
        writer.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objects", type=int, default=1000)
    parser.add_argument("--sdk-objects", type=int, default=100)
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--latency", type=float, default=0.25)
    parser.add_argument("--limit", type=float, default=20.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        snap, plan = Path(tmp) / "snap.jsonl", Path(tmp) / "plan.json"
        write_snapshot(snap, args.objects)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "migrate",
                "plan",
                "--snapshot",
                str(snap),
                "--tax-category",
                "saas",
                "--out",
                str(plan),
            ],
            check=True,
            capture_output=True,
        )
        with Sandbox(latency=args.latency, rate_limit=args.limit, seed=1) as box:
            env = {**os.environ, "DODO_PAYMENTS_API_KEY": KEY, "DODO_PAYMENTS_BASE_URL": box.url}
            wall, rss, code = measure(
                [
                    sys.executable,
                    "-m",
                    "migrate",
                    "apply",
                    str(plan),
                    "--apply",
                    "--rate",
                    str(args.limit),
                    "--per-minute",
                    "0",
                    "--workers",
                    "8",
                    "--ledger",
                    str(Path(tmp) / "ledger.sqlite"),
                ],
                env,
            )
            created = box.count("product")
        ours = created / wall

        import dodopayments

        ops = [op for op in json.loads(plan.read_text())["operations"] if op["action"] == "create"][
            : args.sdk_objects
        ]
        with Sandbox(latency=args.latency, rate_limit=args.limit, seed=2) as box:
            sdk = dodopayments.DodoPayments(bearer_token=KEY, base_url=box.url, max_retries=5)
            start = time.perf_counter()
            for op in ops:
                sdk.products.create(**op["request"]["body"])
            sdk_wall = time.perf_counter() - start
        sdk_rate = len(ops) / sdk_wall

        rows = []
        for n in (args.sessions // 10, args.sessions):
            payloads = Path(tmp) / f"sessions-{n}.jsonl"
            with payloads.open("w") as out:
                for i in range(n):
                    out.write(
                        json.dumps(
                            {
                                "mode": "payment",
                                "client_reference_id": f"order_{i}",
                                "line_items": [
                                    {"price": f"price_{i % args.objects:05d}", "quantity": 1}
                                ],
                                "success_url": "https://example.com/ok",
                            }
                        )
                        + "\n"
                    )
            s_wall, s_rss, _ = measure(
                [
                    sys.executable,
                    "-m",
                    "migrate",
                    "sessions",
                    "create",
                    str(payloads),
                    "-o",
                    os.devnull,
                ],
                dict(os.environ),
            )
            rows.append((n, s_wall, s_rss))

    print(
        f"Python {sys.version.split()[0]}; server latency {args.latency * 1000:.0f} ms, "
        f"limit {args.limit:g} req/s\n"
    )
    print("| run | objects | wall | achieved rate | share of the limit | peak RSS |")
    print("|---|---:|---:|---:|---:|---:|")
    print(
        f"| `stripe2dodo apply --apply` (8 workers) | {created:,} | {wall:.1f} s "
        f"| {ours:.1f} req/s "
        f"| {ours / args.limit:.0%} | {rss:.0f} MiB |"
    )
    print(
        f"| sequential loop, official `dodopayments` SDK | {len(ops):,} | {sdk_wall:.1f} s "
        f"| {sdk_rate:.1f} req/s "
        f"| {sdk_rate / args.limit:.0%} | - |"
    )
    print(f"\nexit code of apply: {code}\n")
    print("| planned sessions (`sessions create`, dry run) | wall | peak RSS |")
    print("|---:|---:|---:|")
    for n, s_wall, s_rss in rows:
        print(f"| {n:,} | {s_wall:.1f} s | {s_rss:.0f} MiB |")


if __name__ == "__main__":
    main()
