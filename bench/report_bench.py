"""Benchmark: ``stripe2dodo report`` at an account's size, beside its baselines, in one run.

Builds a JSON Lines file of N payloads from the bundled samples (every payload of
samples/payloads, each line with its own ``client_reference_id``, so the lines differ but share
the shapes a real account's sessions have), then runs, each in a fresh process so peak memory is
measured per run:

* baseline: a bare ``json.loads`` of every line into one list, and ``json.dump`` of it (what
  holding every item costs);
* before (optional, ``--before PATH``: a checkout of the code to compare with, e.g. the v0.2
  report that held every item): the same ``report`` commands run from there;
* stripe2dodo: ``report FILE samples/snapshot.jsonl`` as html, json (and ``--refs``) and text
  ``--details``, for
  N/10, N and (``--big``) 10N payloads.

For the HTML page: its size, and the time headless Chromium takes to load it, run its script and
dump the DOM (``chromium --headless --dump-dom``; "no chromium" when it is not installed).

    python bench/report_bench.py                       # N = 10,000, and 100,000
    python bench/report_bench.py --before /work/main   # with the old code beside it
    python bench/report_bench.py -n 2000 --big 0       # quick

The table it prints goes in docs/benchmarks.md, between ``<!-- report-bench:start -->`` and
``<!-- report-bench:end -->``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import measure  # noqa: E402

BASELINE = (
    "import json, os, sys\n"
    "items = [json.loads(line) for line in open(sys.argv[1], encoding='utf-8')]\n"
    "json.dump(items, open(os.devnull, 'w'))\n"
)
SNAPSHOT = ROOT / "samples" / "snapshot.jsonl"
FORMATS = ("html", "json", "json --refs", "text --details")
FORMATS_BEFORE = ("html", "json", "text --details")
"""What is run (``--format`` and options); the code before had no ``--refs``."""


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
    return [d for d in docs if isinstance(d, dict)]


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


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def load_time(browser: str, page: Path) -> float | None:
    """Seconds for headless Chromium to load ``page``, run its script and dump the DOM."""
    start = time.perf_counter()
    try:
        subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--virtual-time-budget=60000",
                "--dump-dom",
                page.as_uri(),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=600,
            check=True,
        )
    except (subprocess.SubprocessError, OSError):
        return None
    return time.perf_counter() - start


def report_cmd(python: str, code: Path, payloads: Path, run: str, out: Path) -> list[str]:
    fmt, *extra = run.split()
    return [
        python,
        "-c",
        f"import sys; sys.path.insert(0, {str(code)!r}); from migrate.cli import main; main()",
        "report",
        str(payloads),
        str(SNAPSHOT),
        "--format",
        fmt,
        *extra,
        "-o",
        str(out),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="payloads in the main run")
    parser.add_argument(
        "--big", type=int, default=100_000, help="payloads in the big run (0: none)"
    )
    parser.add_argument("--before", type=Path, help="a checkout of the code to compare with")
    args = parser.parse_args()
    python = sys.executable
    browser = chromium()
    runs = [("stripe2dodo", ROOT)] + ([("before", args.before)] if args.before else [])
    sizes = [args.n // 10, args.n] + ([args.big] if args.big else [])
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            payloads = Path(tmp) / f"payloads-{n}.jsonl"
            size = write_input(payloads, n)
            wall, rss, _ = measure([python, "-c", BASELINE, str(payloads)])
            rows.append(
                f"| json.loads all + json.dump | {n:,} ({size / 2**20:.1f} MiB) | - | {wall:.1f} s "
                f"| {rss:.0f} MiB | - | - |"
            )
            for label, code in runs:
                if label == "before" and n > args.n:
                    continue  # the old code at 10N would need ~10 GB
                for run in FORMATS if label == "stripe2dodo" else FORMATS_BEFORE:
                    fmt = run.split()[0]
                    out = Path(tmp) / f"{label}-{n}.{fmt}"
                    wall, rss, rc = measure(report_cmd(python, code, payloads, run, out))
                    page = out.stat().st_size / 2**20 if out.exists() else 0
                    loaded = "-"
                    if fmt == "html" and out.exists():
                        if browser is None:
                            loaded = "no chromium"
                        else:
                            secs = load_time(browser, out)
                            loaded = f"{secs:.1f} s" if secs is not None else "failed"
                    what = f"{label} report --format {run}"
                    rows.append(
                        f"| {what} | {n:,} | exit {rc} | {wall:.1f} s | {rss:.0f} MiB "
                        f"| {page:.1f} MiB | {loaded} |"
                    )
                    out.unlink(missing_ok=True)
    print(
        f"{os.cpu_count()} CPU(s) (nproc), Python {sys.version.split()[0]}, {date.today()}; "
        f"payloads + samples/snapshot.jsonl; one run each\n"
    )
    print("| run | payloads | exit | wall | peak RSS | output | Chromium load |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
