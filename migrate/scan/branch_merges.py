"""A run-time map merged whole into a metadata object by a statement under an ``if`` (Java's
``if (vip) builder.putAllMetadata(extra);``, Go's ``if vip { for k, v := range extra {
params.AddMetadata(k, v) } }``, C#'s ``if (vip) foreach (var kv in extra) options.Metadata[kv.Key]
= kv.Value;``): the change is no change of the object's keys, so the branch left it as it was,
and the Dodo call merged the map whatever the condition (keys Stripe never got). It is now the
choice the branch makes (``vip ? extra : null``), which the translator cannot merge: RT012 says
the map is left out. A branch that only checks the map is set (``if (extra != null)``) is the
merge itself: the Dodo call's merge skips a null map."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from migrate.scan.extract import DYNAMIC, Dynamic, dynamic_marker
from migrate.scan.metadata_wholes import PATHS, whole_source
from migrate.scan.null_guard import null_guarded

Render = Callable[[str, Any, Any], str]


def merged_under(
    apply: Callable[[], None],
    dynamic: list[Dynamic],
    branches: list[tuple[str, bool]],
    render: Render | None,
) -> Callable[[], None]:
    """``apply`` (a statement's change under ``branches``: each condition, and whether the
    statement is in its ``then``) with the metadata maps it merges whole made its choices."""
    if not branches:
        return apply

    def run() -> None:
        mark = len(dynamic)
        apply()
        for at in range(mark, len(dynamic)):
            found = dynamic[at]
            whole = whole_source(found.source) if found.path in PATHS else None
            if whole is None or all(then and null_guarded(c) == whole for c, then in branches):
                continue
            text = whole
            for cond, then in reversed(branches):  # the innermost first
                text = _choice(cond, then, dynamic_marker(text), render)
            dynamic[at] = Dynamic(found.path, text, found.before)

    return run


def _choice(cond: str, then: bool, value: dict[str, str], render: Render | None) -> str:
    if render is not None:
        return render(cond, value, None) if then else render(cond, None, value)
    inner = value[DYNAMIC]
    return f"{inner} (if {cond})" if then else f"{inner} (unless {cond})"
