"""Ruby's hash merges as a value: ``receiver.merge(args)`` (``merge``, ``deep_merge``: the
argument's keys win) and ``reverse_merge``/``with_defaults`` (the receiver's keys win). A side
known only at run time is listed as a spread at the hash's path, with the keys it wins over
(``Dynamic.before``: ``{ user_id: id }.merge(extra)`` and ``extra.reverse_merge(user_id: id)``
keep ``extra``'s value for ``user_id``, as Ruby does), so that the Dodo call merges them in
that order (``migrate/scan/metadata_wholes.py``)."""

from __future__ import annotations

from typing import Any

from ast_grep_py import SgNode

from migrate.scan.extract import Dynamic
from migrate.scan.hashflow_values import is_marker, spread_into


def merged_hashes(
    reader: Any, receiver: SgNode, groups: list[Any], theirs: bool, path: str
) -> tuple[Any] | None:
    """``receiver.merge(groups)`` (``theirs``: the argument's keys win, else the receiver's);
    a receiver that is a choice between hashes (``if a then {...} else {...} end.merge(b)``)
    is read key by key; a run-time side is recorded as a spread (``reader``: the Ruby
    extractor; ``groups``: the arguments, keyword pairs grouped)."""
    base = reader.value(receiver, path, record=False)
    out: dict[str, Any] = {}
    whole = None  # the receiver known only at run time: where it is listed
    if type(base) is dict and not is_marker(base):
        out = base
    elif spread_into(out, base, reader, receiver, path):
        pass
    elif reader.speculating:
        return None
    else:
        whole = len(reader.dynamic)
        reader.dynamic.append(Dynamic(path, reader.source_of(receiver)))
    for group in groups:
        part: dict[str, Any] = {}
        if isinstance(group, list):
            reader._members(part, group, path)
        else:  # {k: v}.merge(extra): extra's keys win over k
            mark = len(reader.dynamic)
            reader.merge(part, group, path, group.text())
            reader.merged_after(mark, path, out if theirs else ())
        for key, item in part.items():
            if theirs or key not in out:
                out[key] = item
    if whole is not None and not theirs:  # extra.reverse_merge(k: v): extra's keys win over k
        reader.merged_after(whole, path, out)
    return (out,)
