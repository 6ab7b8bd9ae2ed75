"""Measuring a command: wall time and the peak resident memory of its whole process tree."""

from __future__ import annotations

import os
import resource
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path


def tree_rss(pid: int) -> int:
    """Resident KiB of a process and all its descendants (workers included), from /proc."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(
                int(ln.split()[1]) for ln in status.splitlines() if ln.startswith("VmRSS")
            )
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue
    return total


def measure(cmd: list[str], env: Mapping[str, str] | None = None) -> tuple[float, float, int]:
    """Run ``cmd`` in a fresh process: wall seconds, peak RSS of its process tree in MiB
    (sampled every 10 ms), and its exit code."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        env=dict(env) if env is not None else None,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.01)
    return time.perf_counter() - start, peak / 1024, proc.returncode


def _tree_cpu(pid: int, seen: dict[int, float]) -> None:
    """Record the CPU seconds (user + system) each process of the tree has used so far."""
    tick = os.sysconf("SC_CLK_TCK")
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            seen[current] = max(seen.get(current, 0.0), (int(fields[11]) + int(fields[12])) / tick)
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue


def measure_full(cmd: list[str], stdout: Path) -> tuple[float, float, float, int]:
    """Like :func:`measure`, with the command's output written to ``stdout``: wall seconds,
    CPU seconds (user + system) of its process tree, peak RSS of the tree in MiB, and its exit
    code. The CPU is what the processes reaped by their parents report, or, when worker
    processes are not reaped that way, the sum of what each process of the tree had used at
    the last sample (every 10 ms), whichever is more."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    seen: dict[int, float] = {}
    with stdout.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, tree_rss(proc.pid))
            _tree_cpu(proc.pid, seen)
            time.sleep(0.01)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, max(cpu, sum(seen.values())), peak / 1024, proc.returncode
