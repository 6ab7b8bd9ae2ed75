"""The id map as POSIX shell functions (``dodo_ids.sh``, sourced with ``. ./dodo_ids.sh``):
``dodo_product_id``, ``dodo_customer_id``, ``dodo_discount_code`` and ``dodo_subscription_id`` print
the Dodo id, or print the error on stderr and return 1 on an id the map does not hold (``set -e``
stops the script there; in ``$(...)`` check the status)."""

from __future__ import annotations

from typing import Final

from migrate.codegen import amounts
from migrate.codegen.table import KINDS, OF, WHAT, IdTable, header_lines

NAMES: Final = {
    "product": "dodo_product_id",
    "customer": "dodo_customer_id",
    "discount": "dodo_discount_code",
    "subscription": "dodo_subscription_id",
}


def quote(text: str) -> str:
    """A single-quoted shell word (a case pattern in quotes matches only itself)."""
    return "'" + text.replace("'", "'\\''") + "'"


def render(table: IdTable, command: str) -> str:
    lines = [f"# {line}".rstrip() for line in header_lines(command, table)]
    lines += [
        "# shellcheck shell=sh",
        "",
        f"DODO_IDS_REGENERATE={quote(command)}",
        "",
        "_dodo_ids_unknown() {",
        '  printf \'stripe2dodo: no Dodo %s for the Stripe id "%s" in the generated id map: '
        "migrate it, then rerun `%s`\\n' \\",
        '    "$1" "$2" "$DODO_IDS_REGENERATE" >&2',
        "  return 1",
        "}",
    ]
    for kind in KINDS:
        function = NAMES[kind]
        lines += ["", f"# The Dodo {WHAT[kind]} of {OF[kind]}.", f"{function}() {{"]
        lines.append('  case "$1" in')
        lines += [f"    {quote(k)}) printf '%s\\n' {quote(v)} ;;" for k, v in table.of(kind)]
        lines.append(f'    *) _dodo_ids_unknown {quote(WHAT[kind])} "$1" ;;')
        lines += ["  esac", "}"]
    lines += amounts.shell()
    return "\n".join(lines) + "\n"
