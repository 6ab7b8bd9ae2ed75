"""The id map as a TypeScript or JavaScript module (``dodo-ids.ts``, ``.mjs``, ``.cjs``):
``dodoProductId``, ``dodoCustomerId``, ``dodoDiscountCode`` and ``dodoSubscriptionId``, throwing
``UnknownStripeIdError``
on an id the map does not hold. The tables are ``Map`` objects, so no id can reach an
``Object.prototype`` member (``constructor``, ``__proto__``); the TypeScript module passes
``tsc --strict``."""

from __future__ import annotations

import json
from typing import Final, Literal

from migrate.codegen import amounts
from migrate.codegen.table import KINDS, OF, WHAT, IdTable, header_lines

Dialect = Literal["typescript", "esm", "commonjs"]
NAMES: Final = {
    "product": ("dodoProductId", "PRODUCTS"),
    "customer": ("dodoCustomerId", "CUSTOMERS"),
    "discount": ("dodoDiscountCode", "DISCOUNT_CODES"),
    "subscription": ("dodoSubscriptionId", "SUBSCRIPTIONS"),
}


def _q(text: str) -> str:
    return json.dumps(text)


def render(table: IdTable, command: str, dialect: Dialect) -> str:
    ts = dialect == "typescript"
    export = "" if dialect == "commonjs" else "export "
    typed = ": string" if ts else ""
    lines = [f"// {line}".rstrip() for line in header_lines(command, table)]
    if dialect == "commonjs":
        lines += ['"use strict";']
    lines += [
        "",
        f"{export}const REGENERATE{typed} = {_q(command)};",
        "",
        "/** A Stripe id the generated id map does not hold. */",
        f"{export}class UnknownStripeIdError extends Error {{",
        f"  constructor(message{typed}) {{",
        "    super(message);",
        '    this.name = "UnknownStripeIdError";',
        "  }",
        "}",
    ]
    map_type = ": ReadonlyMap<string, string>" if ts else ""
    # an id read from the environment or a nullable column: looked up, and refused loudly
    maybe = ": string | null | undefined" if ts else ""
    for kind in KINDS:
        pairs = table.of(kind)
        name = NAMES[kind][1]
        lines += ["", f"// {OF[kind]} -> Dodo {WHAT[kind]}"]
        if not pairs:
            lines.append(f"const {name}{map_type} = new Map();")
            continue
        lines.append(f"const {name}{map_type} = new Map([")
        lines += [f"  [{_q(k)}, {_q(v)}]," for k, v in pairs]
        lines.append("]);")
    params = (
        "table: ReadonlyMap<string, string>, what: string, stripeId: string | null | undefined)"
        ": string"
        if ts
        else "table, what, stripeId)"
    )
    lines += [
        "",
        f"function lookup({params} {{",
        '  const found = typeof stripeId === "string" ? table.get(stripeId) : undefined;',
        "  if (!found) {",
        "    throw new UnknownStripeIdError(",
        '      "stripe2dodo: no Dodo " + what + \' for the Stripe id "\' + String(stripeId) +',
        '        \'" in the generated id map: migrate it, then rerun `\' + REGENERATE + "`",',
        "    );",
        "  }",
        "  return found;",
        "}",
    ]
    for kind in KINDS:
        function, name = NAMES[kind]
        lines += [
            "",
            f"/** The Dodo {WHAT[kind]} of {OF[kind]}. */",
            f"{export}function {function}(stripeId{maybe}){typed} {{",
            f"  return lookup({name}, {_q(WHAT[kind])}, stripeId);",
            "}",
        ]
    lines += amounts.node(ts, export)
    if dialect == "commonjs":
        names = sorted(
            [
                "REGENERATE",
                "UnknownStripeIdError",
                "dodoWholeAmount",
                *(f for f, _ in NAMES.values()),
            ]
        )
        lines += ["", "module.exports = {", *(f"  {n}," for n in names), "};"]
    return "\n".join(lines) + "\n"
