"""Benchmark: translate and start-up, each row side by side with its baseline in one run.

Builds a JSON Lines file from the bundled samples (every payload of samples/payloads, with
per-line variations so no two lines are equal), then runs, each in a fresh process (wall time,
CPU time of the whole process tree, peak RSS of the tree), best of ``--repeat`` runs:

* translate: ``stripe2dodo translate FILE --format jsonl`` (``--jobs auto``, the default; and
  ``--jobs 1``, with and without ``--refs``) vs a bare ``json.loads`` + ``json.dumps`` of every
  line, and the output bytes per input byte;
* workers: ``--jobs auto`` vs ``--jobs 1`` on the same file;
* start-up: ``stripe2dodo --help`` and the translation of one payload vs ``python -c pass``.

``--instructions`` counts instructions (valgrind's callgrind) instead: per payload, translate
against the bare round trip, and the start-up runs; unlike times, the counts do not change with
the machine's other load.

The machine is shared and noisy: the ratios are what count. The package is byte-compiled
first (``compileall``), as an installed one is.

    python bench/translate_bench.py            # N = 100,000
    python bench/translate_bench.py -n 20000   # quicker

The tables it prints go in docs/benchmarks.md: the translate rows between
``<!-- bench:start -->`` and ``<!-- bench:end -->``, the start-up rows between
``<!-- startup-bench:start -->`` and ``<!-- startup-bench:end -->``.
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import json
import os
import resource
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import measure  # noqa: E402

BASELINE = (
    "import json, sys\n"
    "out = open(sys.argv[2], 'w')\n"
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


def write_input(path: Path, n: int, *, distinct: bool = False) -> int:
    """``n`` payloads, the samples' in turn, each with its own ``client_reference_id``.
    ``distinct``: written with a blank (``bench 7``), which the memo of payload shapes keeps in
    the shape, so no two lines share one (the memo's worst case: every line translated)."""
    docs = sample_payloads()
    size = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            doc = dict(docs[i % len(docs)])
            doc["client_reference_id"] = f"bench {i}" if distinct else f"bench_{i}"
            line = json.dumps(doc) + "\n"
            size += len(line)
            out.write(line)
    return size


OTHER_TREE = (
    "import runpy, sys\n"
    "sys.meta_path[:] = [f for f in sys.meta_path if 'editable' not in repr(f)]\n"
    "sys.path.insert(0, sys.argv.pop(1))\n"
    "sys.argv[0] = 'stripe2dodo'\n"
    "runpy.run_module('migrate', run_name='__main__', alter_sys=True)\n"
)


def run(cmd: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (the process tree), peak RSS MiB of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, rss, _ = measure(cmd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, rss


def best(cmd: list[str], repeat: int) -> tuple[float, float, float]:
    runs = [run(cmd) for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs)


INSTRUCTIONS_N = 2_000
"""Payloads in the ``--instructions`` file (valgrind runs about 50 times slower than Python)."""


def instructions(cmd: list[str]) -> int:
    """The instructions one run of ``cmd`` executes (valgrind's callgrind, user space): a
    count that does not depend on what else the machine is doing."""
    import re
    import subprocess

    run = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
        capture_output=True,
        text=True,
        check=False,  # translate exits 1 for the blockers it found in the samples
    )
    found = re.search(r"Collected : (\d+)", run.stderr)
    if found is None:
        raise SystemExit(f"no instruction count from valgrind:\n{run.stderr[-2000:]}")
    return int(found.group(1))


def instruction_rows(s2d: list[str], code: Path) -> None:
    """``--instructions``: per payload, the instructions of translate (JSON Lines, one
    process) and of the bare round trip: (run of N payloads - run of one) / (N - 1); and the
    start-up rows' instructions."""
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        src, one = Path(tmp) / "payloads.jsonl", Path(tmp) / "one.jsonl"
        out = Path(tmp) / "out.jsonl"
        write_input(src, INSTRUCTIONS_N)
        write_input(one, 1)
        base = [py, "-c", BASELINE]
        ours = [*s2d, "translate", "--format", "jsonl", "--jobs", "1", "-o", str(out)]
        counts = {
            "base": (
                instructions([*base, str(src), str(out)]),
                instructions([*base, str(one), str(out)]),
            ),
            "ours": (instructions([*ours, str(src)]), instructions([*ours, str(one)])),
            "refs": (
                instructions([*ours, "--refs", str(src)]),
                instructions([*ours, "--refs", str(one)]),
            ),
        }
        passes = instructions([py, "-c", "pass"])
        helps = instructions([*s2d, "--help"])
    per = {k: (n - first) / (INSTRUCTIONS_N - 1) for k, (n, first) in counts.items()}
    print(
        f"code: {code}; instructions (valgrind callgrind), {INSTRUCTIONS_N:,} payloads; "
        "per payload = (the run of all - the run of one) / (N - 1)\n"
    )
    print("| run | instructions per payload | vs baseline | one payload (start-up) |")
    print("|---|---:|---:|---:|")
    rows = (
        ("json.loads + json.dumps (baseline)", "base"),
        ("translate --jobs 1", "ours"),
        ("translate --jobs 1 --refs", "refs"),
    )
    for label, key in rows:
        print(
            f"| {label} | {per[key] / 1e6:.3f} M | {per[key] / per['base']:.1f}x "
            f"| {counts[key][1] / 1e6:.0f} M |"
        )
    print(f"\n`python -c pass`: {passes / 1e6:.0f} M; `stripe2dodo --help`: {helps / 1e6:.0f} M.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="payloads in the translate rows")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (best kept)")
    parser.add_argument("--startup-repeat", type=int, default=15, help="runs per start-up row")
    parser.add_argument(
        "--code",
        type=Path,
        help="run stripe2dodo from this source tree instead (e.g. an export of main, for a "
        "before/after on the same machine in the same hour)",
    )
    parser.add_argument(
        "--no-refs", action="store_true", help="skip the --refs row (code without --refs)"
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count instructions with valgrind instead of timing (a figure the machine's other "
        f"load does not change; {INSTRUCTIONS_N:,} payloads)",
    )
    args = parser.parse_args()
    code = args.code.resolve() if args.code else ROOT
    compileall.compile_dir(str(code / "migrate"), quiet=1)
    py = sys.executable
    s2d = [py, "-m", "migrate"]
    if args.code:  # past the editable install's finder, to the other tree's package
        s2d = [py, "-c", OTHER_TREE, str(code)]
    if args.instructions:
        instruction_rows(s2d, code)
        return
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "payloads.jsonl"
        out = Path(tmp) / "out.jsonl"
        size = write_input(src, args.n)
        one = Path(tmp) / "one.json"
        one.write_text(json.dumps(sample_payloads()[0]))
        base = best([py, "-c", BASELINE, str(src), str(out)], args.repeat)
        base_out = out.stat().st_size
        rows = {}
        for jobs in ("auto", "1"):
            cmd = [*s2d, "translate", str(src), "--format", "jsonl", "--jobs", jobs, "-o", str(out)]
            rows[jobs] = best(cmd, args.repeat)
        ours_out = out.stat().st_size
        refs_cmd = [*s2d, "translate", str(src), "--format", "jsonl", "--jobs", "1", "--refs"]
        refs = best([*refs_cmd, "-o", str(out)], args.repeat) if not args.no_refs else None
        refs_out = out.stat().st_size
        distinct = Path(tmp) / "distinct.jsonl"
        write_input(distinct, args.n, distinct=True)
        distinct_cmd = [*s2d, "translate", str(distinct), "--format", "jsonl", "--jobs", "1"]
        unshared = best([*distinct_cmd, "-o", str(out)], args.repeat)
        unshared_out = out.stat().st_size
        passes = best([py, "-c", "pass"], args.startup_repeat)
        helps = best([*s2d, "--help"], args.startup_repeat)
        ones = best([*s2d, "translate", str(one), "--jobs", "1"], args.startup_repeat)
    today = datetime.date.today().isoformat()
    print(
        f"code: {code}; "
        f"{os.cpu_count()} CPU(s) (nproc), Python {sys.version.split()[0]}, {today}; "
        f"{args.n:,} payloads, {size / 2**20:.1f} MiB; best of {args.repeat} runs\n"
    )
    print("| run | wall | CPU | peak RSS | output per input byte | vs baseline (wall / CPU) |")
    print("|---|---:|---:|---:|---:|---:|")
    print(
        f"| json.loads + json.dumps (baseline) | {base[0]:.2f} s | {base[1]:.2f} s "
        f"| {base[2]:.0f} MiB | {base_out / size:.2f} | 1.0x |"
    )
    for jobs, label in (("auto", "translate --jobs auto"), ("1", "translate --jobs 1")):
        w, c, r = rows[jobs]
        print(
            f"| {label} | {w:.2f} s | {c:.2f} s | {r:.0f} MiB | {ours_out / size:.2f} "
            f"| **{w / base[0]:.1f}x** / {c / base[1]:.1f}x |"
        )
    if refs is not None:
        w, c, r = refs
        print(
            f"| translate --jobs 1 --refs | {w:.2f} s | {c:.2f} s | {r:.0f} MiB "
            f"| {refs_out / size:.2f} | **{w / base[0]:.1f}x** / {c / base[1]:.1f}x |"
        )
    w, c, r = unshared
    print(
        f"| translate --jobs 1, no two lines of one shape | {w:.2f} s | {c:.2f} s | {r:.0f} MiB "
        f"| {unshared_out / size:.2f} | {w / base[0]:.1f}x / {c / base[1]:.1f}x |"
    )
    auto, alone = rows["auto"], rows["1"]
    print(
        f"\n`--jobs auto` vs `--jobs 1`: {auto[0] / alone[0]:.2f}x the wall time, "
        f"{auto[1] / alone[1]:.2f}x the CPU time.\n"
    )
    print(f"Start-up, best of {args.startup_repeat} runs:\n")
    print("| run | wall | vs `python -c pass` |")
    print("|---|---:|---:|")
    print(f"| python -c pass | {passes[0] * 1000:.0f} ms | 1.0x |")
    print(f"| stripe2dodo --help | {helps[0] * 1000:.0f} ms | {helps[0] / passes[0]:.1f}x |")
    print(
        f"| stripe2dodo translate (one payload) | {ones[0] * 1000:.0f} ms "
        f"| {ones[0] / passes[0]:.1f}x |"
    )


if __name__ == "__main__":
    main()
