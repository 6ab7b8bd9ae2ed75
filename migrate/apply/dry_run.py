"""The closing summary of a dry-run ``apply``: what ``--apply`` would do, and how to run it.

The requests themselves go to stdout as JSON Lines (one per request, for tools); this is the
part for people, on stderr.
"""

from __future__ import annotations

import shlex
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from migrate.plan.ops import Operation

KIND_NAMES = {
    "product": ("product", "products"),
    "localized_price": ("localized price", "localized prices"),
    "discount": ("discount", "discounts"),
    "customer": ("customer", "customers"),
}


def _kinds(counts: Counter[str]) -> str:
    parts = []
    for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        one, many = KIND_NAMES.get(kind, (kind.replace("_", " "), kind.replace("_", " ") + "s"))
        parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts)


def render_dry_run(
    plan_file: str,
    operations: Iterable[Operation],
    states: Mapping[str, int],
    requests: Sequence[Mapping[str, Any]],
    *,
    ledger: str | None,
    live: bool,
    base_url: str | None,
) -> str:
    """A few lines: requests --apply would send (by kind and method), what is already done or
    left out and why, and the command that does it."""
    kind_of = {op.key: op.kind for op in operations}
    creates = Counter(kind_of.get(str(r.get("key")), "object") for r in requests)
    width = 14
    lines = [f"Dry run of {plan_file}: nothing was sent to Dodo."]
    where = f"Dodo {'LIVE' if live else 'test'} mode" + (f" ({base_url})" if base_url else "")
    sent = len(requests)
    lines.append(
        f"  {'--apply sends':{width}} {sent:>4} request(s) to {where}"
        + (f": {_kinds(creates)}" if creates else "")
    )
    notes = {
        "already done": "created or adopted by an earlier run (in the ledger)",
        "adopted": "already in Dodo (the plan's --id-map): recorded, not created",
        "manual": f"need work by hand: `stripe2dodo plan show {shlex.quote(plan_file)}` says why",
        "skipped": "left out on purpose (inactive, duplicates): see `plan show`",
        "failed": "cannot be sent as planned (see the lines above)",
        "ambiguous": "unknown outcome",
    }
    for state, why in notes.items():
        n = states.get(state, 0)
        if n:
            lines.append(f"  {state:{width}} {n:>4} {why}")
    if sent:
        command = ["stripe2dodo", "apply", plan_file, "--apply"]
        if ledger:
            command += ["--ledger", ledger]
        if live:
            command += ["--live"]
        lines.append(f"  {'to do it':{width}} {shlex.join(command)}")
    else:
        lines.append(f"  {'nothing to do':{width}} every operation is done or left out")
    return "\n".join(lines)


def target_url(live: bool, override: str | None) -> str | None:
    """Where --apply would send the requests (None when the URL given is unusable: --apply
    says why)."""
    from migrate.dodo.client import resolve_base_url
    from migrate.errors import ConfigError

    try:
        return resolve_base_url("live" if live else "test", override)
    except ConfigError:
        return None
