"""WordPress filter hooks the params of a creation pass through (X033).

A WordPress plugin lets other plugins change what it sends: ``$args = apply_filters(
'give_stripe_checkout_args', $args, $form)`` before ``\\Stripe\\Checkout\\Session::create($args)``
(membership, donation and gateway plugins do so). The scanner reads ``apply_filters`` as the
value it filters (what the plugin sends when nothing is hooked), so the Dodo call is translated
from the params as built; but a function hooked to the filter receives Stripe's params (or a
part of them) and may change them, and on Dodo it would receive a Dodo body it was not written
for. The site says so, naming each hook whose value reaches the params: in the call's argument,
or assigned, in a statement before the call, to the params' variable, one of its keys, or a
variable a statement building them reads (followed back through the function's statements, by
their text).
"""

from __future__ import annotations

import re
from typing import Final

from ast_grep_py import SgNode

from migrate.findings import Finding
from migrate.scan.site import related_finding

CODE: Final = "X033"
_FILTER: Final = re.compile(
    r"""\bapply_filters(?:_deprecated|_ref_array)?\s*\(\s*(['"])(?P<hook>[^'"]+)\1"""
)
_ASSIGNED: Final = re.compile(
    r"^(?:\s*(?://|#)[^\n]*\n|\s*/\*.*?\*/)*"  # comments before the statement
    r"\s*(?P<target>\$\w+)\s*(?:\[[^\]=]*\]\s*)*(?:[.+]?=)(?![=>])",
    re.DOTALL,
)
_VARIABLE: Final = re.compile(r"\$\w+")


def filter_findings(call: SgNode, scope: SgNode) -> tuple[Finding, ...]:
    """X033 for each filter whose value reaches the params (the call's first argument), in
    ``scope`` (the function holding the call)."""
    text = scope.text()
    if "apply_filters" not in text:
        return ()
    start = scope.range().start
    at_call = call.range().start.index - start.index
    listed = call.field("arguments")
    children = listed.named_children() if listed is not None else []
    first = next((c for c in children if c.kind() == "argument"), None)
    argument = first.text() if first is not None else ""
    found = list(_FILTER.finditer(argument))
    offsets = [first.range().start.index - start.index] * len(found) if first else []
    whole_argument = argument if _VARIABLE.fullmatch(argument) else ""
    targets = [(whole_argument, False)] * len(found)  # what passes through, and if a part of it
    relevant = set(_VARIABLE.findall(argument))
    before = text[:at_call]
    ends = [m.end() for m in re.finditer(";", before)]
    for begin, end in reversed(list(zip([0, *ends], [*ends, len(before)], strict=True))):
        statement = before[begin:end]
        head = max(statement.rfind("{"), statement.rfind("}")) + 1
        assigned = _ASSIGNED.match(statement[head:])
        if assigned is None or assigned.group("target") not in relevant:
            continue
        value = statement[head + assigned.end() :]
        relevant.update(_VARIABLE.findall(value))
        for hit in _FILTER.finditer(value):
            found.append(hit)
            offsets.append(begin + head + assigned.end())
            named = statement[head + assigned.start("target") : head + assigned.end()]
            part = hit.start() != len(value) - len(value.lstrip())  # not the whole value
            targets.append((named.rstrip(".+= \t").strip(), part))
    out: list[Finding] = []
    seen: set[str] = set()
    hits = sorted(zip(found, offsets, targets, strict=True), key=lambda p: p[1] + p[0].start())
    for hit, offset, (named, part) in hits:
        hook = hit.group("hook")
        if hook in seen:
            continue
        seen.add(hook)
        line = start.line + text.count("\n", 0, offset + hit.start()) + 1
        what = f"`{named}`" if named else "The params argument"
        what = f"A value in {what}" if part else what
        out.append(related_finding(CODE, hook=hook, what=what, line=line))
    return tuple(out)
