"""The comma-separated items of an expression's text at its top level (outside brackets and
strings): a returned tuple's elements, ``Promise.all([...])``'s calls."""

from __future__ import annotations


def top_level_items(text: str) -> list[str]:
    """The items of ``text`` split at its commas outside brackets and string literals, up to
    the bracket that closes the list ``text`` starts inside (or its end), stripped, the empty
    ones left out."""
    out: list[str] = []
    depth, start, quote = 0, 0, ""
    for i, char in enumerate(text):
        if quote:
            quote = "" if char == quote and text[i - 1] != "\\" else quote
        elif char in "\"'`":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                out.append(text[start:i])
                return [item.strip() for item in out if item.strip()]
            depth -= 1
        elif char == "," and depth == 0:
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return [item.strip() for item in out if item.strip()]
