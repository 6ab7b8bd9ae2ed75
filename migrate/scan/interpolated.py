"""A PHP double-quoted string whose interpolated names are written as other code.

``"$total$two0"`` inside a loop or a followed helper names locals the Dodo call cannot see;
the follower writes each as what it holds (``$details['price']``, ``"00"``). Written into the
string's holes as text, that is no PHP (``"$details['price']"00""``: a parse error in the
suggestion); the string is written instead as the concatenation of its parts, each hole its
code in parentheses: ``("" . ($details['price']) . "" . ("00") . "")``, the same value.
"""

from __future__ import annotations

from ast_grep_py import SgNode

Edit = tuple[int, int, str]
"""A replacement of the text between two offsets of a node's text (relative to its start)."""

_STRING = "encapsed_string"
_TEXT = frozenset({"string_content", "string_value", "escape_sequence"})


def concatenated(node: SgNode, edits: list[Edit]) -> list[Edit]:
    """``edits`` of ``node``'s text, those falling in a PHP interpolated string replaced by
    one edit writing that string as a concatenation (with the edits in its holes applied)."""
    base = node.range().start.index
    strings: dict[int, SgNode] = {}
    for begin, _finish, _text in edits:
        found = _string_at(node, base + begin)
        if found is not None:
            strings.setdefault(found.range().start.index, found)
    if not strings:
        return edits
    out = [e for e in edits if not any(_within(e, s, base) for s in strings.values())]
    for string in strings.values():
        inner = [e for e in edits if _within(e, string, base)]
        out.append(_as_concat(string, inner, base))
    return out


def _string_at(node: SgNode, offset: int) -> SgNode | None:
    """The outermost interpolated string of ``node`` holding ``offset``, if any."""
    for found in node.find_all(kind=_STRING):
        span = found.range()
        if span.start.index < offset < span.end.index:
            return found
    return None


def _within(edit: Edit, string: SgNode, base: int) -> bool:
    span = string.range()
    return span.start.index - base <= edit[0] and edit[1] <= span.end.index - base


def _as_concat(string: SgNode, edits: list[Edit], base: int) -> Edit:
    parts: list[str] = []
    text = ""
    for child in string.children():
        kind = child.kind()
        if kind in _TEXT:
            text += child.text()
        elif kind in ('"', "{", "}"):
            continue
        else:
            parts.append(f'"{text}"')
            text = ""
            parts.append(f"({_edited(child, edits, base)})")
    parts.append(f'"{text}"')
    span = string.range()
    return span.start.index - base, span.end.index - base, "(" + " . ".join(parts) + ")"


def _edited(child: SgNode, edits: list[Edit], base: int) -> str:
    """``child``'s text with the edits that fall in it applied."""
    start = child.range().start.index - base
    out = child.text()
    inside = [e for e in edits if start <= e[0] and e[1] <= start + len(out)]
    for begin, finish, replacement in sorted(inside, reverse=True):
        out = out[: begin - start] + replacement + out[finish - start :]
    return out
