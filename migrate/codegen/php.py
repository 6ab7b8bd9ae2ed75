"""The id map as a PHP class (``DodoIds.php``): ``DodoIds::productId``, ``customerId``,
``discountCode`` and ``subscriptionId``, throwing ``\\OutOfBoundsException`` on an id the map does
not hold (and a ``TypeError`` on anything but a string: ``strict_types``)."""

from __future__ import annotations

from typing import Final

from migrate.codegen import amounts
from migrate.codegen.ruby import quote
from migrate.codegen.table import KINDS, OF, WHAT, IdTable, header_lines

NAMES: Final = {
    "product": ("productId", "PRODUCTS"),
    "customer": ("customerId", "CUSTOMERS"),
    "discount": ("discountCode", "DISCOUNT_CODES"),
    "subscription": ("subscriptionId", "SUBSCRIPTIONS"),
}


def render(table: IdTable, command: str) -> str:
    """PHP's single-quoted strings escape exactly as Ruby's (``\\\\`` and ``\\'``)."""
    lines = ["<?php", ""]
    lines += [f"// {line}".rstrip() for line in header_lines(command, table)]
    lines += [
        "",
        "declare(strict_types=1);",
        "",
        "/** Stripe id -> Dodo id lookups; each throws OutOfBoundsException on an unknown id. */",
        "final class DodoIds",
        "{",
        f"    public const REGENERATE = {quote(command)};",
    ]
    for kind in KINDS:
        pairs = table.of(kind)
        name = NAMES[kind][1]
        lines += ["", f"    /** {OF[kind]} => Dodo {WHAT[kind]} */"]
        if not pairs:
            lines.append(f"    private const {name} = [];")
            continue
        lines.append(f"    private const {name} = [")
        lines += [f"        {quote(k)} => {quote(v)}," for k, v in pairs]
        lines.append("    ];")
    lines += [
        "",
        "    /** @param array<string, string> $table */",
        "    private static function lookup(array $table, string $what, string $stripeId): string",
        "    {",
        "        $found = $table[$stripeId] ?? '';",
        "        if ($found === '') {",
        "            throw new \\OutOfBoundsException(",
        "                'stripe2dodo: no Dodo ' . $what . ' for the Stripe id \"' . $stripeId",
        "                . '\" in the generated id map: migrate it, then rerun `'",
        "                . self::REGENERATE . '`'",
        "            );",
        "        }",
        "        return $found;",
        "    }",
    ]
    for kind in KINDS:
        function, name = NAMES[kind]
        lines += [
            "",
            f"    /** The Dodo {WHAT[kind]} of {OF[kind]}. */",
            f"    public static function {function}(string $stripeId): string",
            "    {",
            f"        return self::lookup(self::{name}, {quote(WHAT[kind])}, $stripeId);",
            "    }",
        ]
    lines += amounts.php()
    lines.append("}")
    return "\n".join(lines) + "\n"
