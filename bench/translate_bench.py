"""Benchmark: translate N JSON Lines payloads vs a bare json.loads + json.dumps pass.

Builds a JSON Lines file from the bundled samples (every payload of samples/payloads, with
per-line variations so no two lines are equal), then runs, each in a fresh process so peak
memory is measured per run:

* baseline: ``json.loads`` + ``json.dumps`` of every line, written to /dev/null;
* stripe2dodo: ``stripe2dodo translate FILE --format jsonl`` writing to /dev/null;

for N and N/10 payloads, reporting wall time, time per payload, the ratio to the baseline, and
peak RSS (flat memory: the peak must not grow with N).

    python bench/translate_bench.py            # N = 100,000
    python bench/translate_bench.py -n 20000   # quicker

The tables it prints go in docs/benchmarks.md, between ``<!-- bench:start -->`` and
``<!-- bench:end -->``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import measure  # noqa: E402

BASELINE = (
    "import json, os, sys\n"
    "out = open(os.devnull, 'w')\n"
    "for line in open(sys.argv[1], encoding='utf-8'):\n"
    "    out.write(json.dumps(json.loads(line)) + '\\n')\n"
)


def sample_payloads() -> list[dict]:
    docs: list[dict] = []
    for path in sorted((ROOT / "samples" / "payloads").rglob("*")):
        if path.suffix == ".json":
            doc = json.loads(path.read_text(encoding="utf-8"))
            docs.extend(doc if isinstance(doc, list) else [doc])
        elif path.suffix == ".jsonl":
            docs.extend(
                json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line
            )
    return docs


def write_input(path: Path, n: int) -> int:
    docs = sample_payloads()
    size = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            doc = dict(docs[i % len(docs)])
            doc["client_reference_id"] = f"bench_{i}"
            line = json.dumps(doc) + "\n"
            size += len(line)
            out.write(line)
    return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="payloads in the big run")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best is kept)")
    parser.add_argument("--jobs", default="auto", help="--jobs for stripe2dodo (auto or N)")
    args = parser.parse_args()
    python = sys.executable
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (args.n // 10, args.n):
            path = Path(tmp) / f"payloads-{n}.jsonl"
            size = write_input(path, n)
            base = min(measure([python, "-c", BASELINE, str(path)]) for _ in range(args.repeat))
            ours = min(
                measure(
                    [
                        python,
                        "-m",
                        "migrate",
                        "translate",
                        str(path),
                        "--format",
                        "jsonl",
                        "--jobs",
                        args.jobs,
                        "-o",
                        os.devnull,
                    ]
                )
                for _ in range(args.repeat)
            )
            rows.append((n, size, base, ours))
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPU(s), --jobs {args.jobs}; "
        f"best of {args.repeat} runs\n"
    )
    print(
        "| payloads | input | json.loads+dumps | stripe2dodo translate | per payload | ratio "
        "| peak RSS (baseline / ours) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n, size, base, ours in rows:
        print(
            f"| {n:,} | {size / 2**20:.1f} MiB | {base[0]:.2f} s | {ours[0]:.2f} s "
            f"| {ours[0] / n * 1e6:.0f} µs | {ours[0] / base[0]:.1f}x "
            f"| {base[1]:.0f} / {ours[1]:.0f} MiB |"
        )


if __name__ == "__main__":
    main()
