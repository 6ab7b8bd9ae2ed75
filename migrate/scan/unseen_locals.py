"""The X021 findings of values that name a wrapper's (or a helper's) locals its caller cannot
see: ``TODO_<local>`` in the Dodo call, one finding per value and function, naming each local,
field or module variable (``migrate/scan/wrapper_locals.py`` says which locals those are)."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from typing import Final

from migrate.findings import Finding
from migrate.scan.extract import Dynamic
from migrate.scan.site import related_finding
from migrate.scan.wrapper_index import Wrapper
from migrate.scan.wrapper_locals import UNSEEN_LOCAL, todo_name
from migrate.scan.wrapper_state import HIDDEN


def unseen(
    hidden: list[tuple[str, str]],
    dynamic: tuple[Dynamic, ...],
    *,
    fields: Collection[str] = (),
    module: Collection[str] = (),
    spread: Collection[str] = (),
    reads: Mapping[str, str] = {},
) -> Iterator[Finding]:
    """A finding at each run-time value that names locals of a wrapper or a helper that the
    call cannot see (``TODO_<local>`` in their place); ``hidden``: each local, and where it is;
    ``fields``: those that are fields of the wrapper's object, not locals; ``reads``: what a
    local's statement reads that the call cannot see (said after its name). One per value and
    function, naming each of its locals."""
    found: dict[tuple[str, str], list[str]] = {}
    for entry in dynamic:
        for local, function in dict.fromkeys(hidden):
            if re.search(rf"\b{re.escape(todo_name(local))}\b", entry.source):
                names = found.setdefault((entry.path, function), [])
                if local not in names:
                    names.append(local)
    for (path, function), names in found.items():
        finding = related_finding(
            UNSEEN_LOCAL,
            function=function,
            locals=_named(names, fields, module, spread, reads),
            todo=", ".join(f"`{todo_name(n)}`" for n in names),
        )
        yield finding._replace(path=path)


def said_in_call(findings: tuple[Finding, ...], suggestion: str) -> tuple[Finding, ...]:
    """``findings`` without an X021 whose ``TODO_<local>`` names the Dodo call does not hold
    (the value feeds a Stripe field with no Dodo counterpart, ``mode``): it would say the call
    names them. Without a suggestion, all are kept."""
    if not suggestion:
        return findings
    return tuple(
        f
        for f in findings
        if f.code != UNSEEN_LOCAL
        or any(re.search(rf"\b{n}\b", suggestion) for n in _TODO.findall(f.message))
        or not _TODO.search(f.message)
    )


_TODO: Final = re.compile(r"`(TODO_\w+)`")


def unseen_at_call(
    wrapper: Wrapper, hidden: list[str], written: tuple[Dynamic, ...]
) -> tuple[Finding, ...]:
    """The findings of a call of ``wrapper`` whose values (``written``: each with all the texts
    it holds) name ``TODO_<local>``: the wrapper's ``hidden`` locals (those not among its own
    locals are fields of its object; those among its parameters, parameters the call passes
    in a spread argument it cannot read), and a helper's the wrapper itself could not see."""
    inside = f"the wrapper {wrapper.label}"
    own = dict(wrapper.locals)
    mine = {todo_name(local) for local in hidden}
    carried = [
        (todo.removeprefix("TODO_"), f"{inside} (a helper it reads)")
        for entry in written
        for todo in re.findall(r"\bTODO_\w+", entry.source)
        if todo not in mine
    ]
    pairs = [(local, inside) for local in hidden] + carried
    params = {p.name for p in wrapper.params}
    spread = {n for n in hidden if n in params and n not in own}
    fields = {n for n in hidden if n not in own and n not in spread}
    module = wrapper.module_locals
    reads = _hidden_members(wrapper)
    return tuple(unseen(pairs, written, fields=fields, module=module, spread=spread, reads=reads))


def _hidden_members(wrapper: Wrapper) -> dict[str, str]:
    """For each local of ``wrapper`` bound by a statement (``wrapper_statements.py``) that
    reads a field or calls a method of its object another object cannot reach (a private
    one): what it reads, said after the local's name (`` (`await repo.FindAsync(slug)`, which
    reads its field `repo`)``): the statement, not the local, is what the call cannot write."""
    state = wrapper.state
    if state is None or not wrapper.statements:
        return {}
    out: dict[str, str] = {}
    typed = wrapper.family in ("java", "csharp", "kotlin")  # else never bound: self.x, this.x
    for name, statement in wrapper.statements:
        code = re.sub(r"\b(?:this|self)\.", " ", statement.value)
        words = set(re.findall(r"(?<![\w$.])[A-Za-z_]\w*", code))
        parts = []
        for noun, members in (("field", state.fields), ("method", state.methods)):
            found = sorted(n for n, how in members if (how == HIDDEN or not typed) and n in words)
            if found:
                plural = "s" if len(found) > 1 else ""
                parts.append(f"its {noun}{plural} " + ", ".join(f"`{n}`" for n in found))
        if parts:
            shown = f"`{statement.value}`, " if len(statement.value) <= 60 else ""
            out[name] = f" ({shown}which reads {' and '.join(parts)})"
    return out


def _named(
    names: list[str],
    fields: Collection[str],
    module: Collection[str] = (),
    spread: Collection[str] = (),
    reads: Mapping[str, str] = {},
) -> str:
    """``its local `a```, ``its locals `a`, `b```, ``its field `x```, ``its module's variable
    `m```, ``its parameter `p` (passed in a spread argument)``, and several kinds."""
    out = []
    methods = [n for n in names if n.endswith("()")]  # a method of its object (wrapper_state)
    other = (*fields, *module, *spread, *methods)
    for noun, group in (
        ("local", [n for n in names if n not in other]),
        ("field", [n for n in names if n in fields and n not in module and n not in methods]),
        ("method", [n.removesuffix("()") for n in methods]),
        ("module's variable", [n for n in names if n in module]),
        ("parameter", [n for n in names if n in spread]),
    ):
        if group:
            plural = "s" if len(group) > 1 else ""
            told = " (passed in a spread argument)" if noun == "parameter" else ""
            said = ", ".join(
                f"`{n}`" + (reads.get(n, "") if noun == "local" else "") for n in group
            )
            out.append(f"its {noun}{plural} {said}{told}")
    return " and ".join(out)
