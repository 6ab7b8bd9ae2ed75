"""The id map as a Java class (``DodoIds.java``, package ``dodo``) or a Kotlin object
(``DodoIds.kt``): ``DodoIds.productId``, ``customerId``, ``discountCode`` and
``subscriptionId``, throwing
``DodoIds.UnknownStripeIdException`` (an ``IllegalArgumentException``) on an id the map does
not hold; the tables are unmodifiable.

A JVM method holds at most 64 KB of bytecode and a class at most 65,535 constants, so a large
map is filled in chunks of :data:`CHUNK` entries, each in a nested class of its own."""

from __future__ import annotations

import json
from typing import Final

from migrate.codegen import amounts
from migrate.codegen.table import KINDS, OF, WHAT, IdTable, header_lines

NAMES: Final = {
    "product": ("productId", "PRODUCTS", "Products"),
    "customer": ("customerId", "CUSTOMERS", "Customers"),
    "discount": ("discountCode", "DISCOUNT_CODES", "DiscountCodes"),
    "subscription": ("subscriptionId", "SUBSCRIPTIONS", "Subscriptions"),
}
PACKAGE: Final = "dodo"
CHUNK: Final = 1000
"""Entries per fill method: about 13 KB of bytecode and 4,000 constants."""


def _chunks(pairs: tuple[tuple[str, str], ...]) -> list[tuple[tuple[str, str], ...]]:
    return [pairs[i : i + CHUNK] for i in range(0, len(pairs), CHUNK)]


def _java_q(text: str) -> str:
    return json.dumps(text)  # printable ASCII: a JSON string is a Java string


def _kotlin_q(text: str) -> str:
    return json.dumps(text).replace("$", "\\$")  # no string templates


def render_java(table: IdTable, command: str) -> str:
    q = _java_q
    lines = [f"// {line}".rstrip() for line in header_lines(command, table)]
    lines += [
        "",
        f"package {PACKAGE};",
        "",
        "import java.util.Collections;",
        "import java.util.HashMap;",
        "import java.util.Map;",
        "",
        "/** Stripe id -> Dodo id lookups; an unknown id throws UnknownStripeIdException. */",
        "public final class DodoIds {",
        "    /** The command that writes this file again. */",
        f"    public static final String REGENERATE = {q(command)};",
        "",
        "    /** A Stripe id the generated id map does not hold. */",
        "    public static final class UnknownStripeIdException extends IllegalArgumentException {",
        "        private static final long serialVersionUID = 1L;",
        "",
        "        UnknownStripeIdException(String message) {",
        "            super(message);",
        "        }",
        "    }",
    ]
    for kind in KINDS:
        _, name, holder = NAMES[kind]
        chunks = _chunks(table.of(kind))
        lines += [
            "",
            f"    /** {OF[kind]} -> Dodo {WHAT[kind]} */",
            f"    private static final Map<String, String> {name};",
            "",
            "    static {",
            "        Map<String, String> table = new HashMap<>();",
        ]
        if len(chunks) == 1:
            lines += [f"        table.put({q(k)}, {q(v)});" for k, v in chunks[0]]
        else:
            lines += [f"        {holder}{n}.fill(table);" for n in range(len(chunks))]
        lines += [f"        {name} = Collections.unmodifiableMap(table);", "    }"]
        if len(chunks) > 1:
            for n, chunk in enumerate(chunks):
                lines += [
                    "",
                    f"    private static final class {holder}{n} {{",
                    "        static void fill(Map<String, String> table) {",
                    *(f"            table.put({q(k)}, {q(v)});" for k, v in chunk),
                    "        }",
                    "    }",
                ]
    lines += [
        "",
        "    private DodoIds() {}",
        "",
        "    private static String lookup(",
        "            Map<String, String> table, String what, String stripeId) {",
        "        String found = stripeId == null ? null : table.get(stripeId);",
        "        if (found == null || found.isEmpty()) {",
        "            throw new UnknownStripeIdException(",
        '                "stripe2dodo: no Dodo " + what + " for the Stripe id \\"" + stripeId',
        '                    + "\\" in the generated id map: migrate it, then rerun `" + REGENERATE'
        ' + "`");',
        "        }",
        "        return found;",
        "    }",
    ]
    for kind in KINDS:
        function, name, _ = NAMES[kind]
        lines += [
            "",
            f"    /** The Dodo {WHAT[kind]} of {OF[kind]}. */",
            f"    public static String {function}(String stripeId) {{",
            f"        return lookup({name}, {q(WHAT[kind])}, stripeId);",
            "    }",
        ]
    lines += amounts.java()
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_kotlin(table: IdTable, command: str) -> str:
    q = _kotlin_q
    lines = [f"// {line}".rstrip() for line in header_lines(command, table)]
    lines += [
        "",
        f"package {PACKAGE}",
        "",
        "/** Stripe id -> Dodo id lookups; an unknown id throws UnknownStripeIdException. */",
        "object DodoIds {",
        "    /** The command that writes this file again. */",
        f"    const val REGENERATE: String = {q(command)}",
        "",
        "    /** A Stripe id the generated id map does not hold. */",
        "    class UnknownStripeIdException(message: String) : IllegalArgumentException(message)",
    ]
    for kind in KINDS:
        _, name, holder = NAMES[kind]
        chunks = _chunks(table.of(kind))
        lines += [
            "",
            f"    /** {OF[kind]} -> Dodo {WHAT[kind]} */",
            f"    private val {name}: Map<String, String> =",
            "        HashMap<String, String>().also { table ->",
        ]
        if len(chunks) == 1:
            lines += [f"            table[{q(k)}] = {q(v)}" for k, v in chunks[0]]
        else:
            lines += [f"            {holder}{n}.fill(table)" for n in range(len(chunks))]
        lines.append("        }")
        if len(chunks) > 1:
            for n, chunk in enumerate(chunks):
                lines += [
                    "",
                    f"    private object {holder}{n} {{",
                    "        fun fill(table: MutableMap<String, String>) {",
                    *(f"            table[{q(k)}] = {q(v)}" for k, v in chunk),
                    "        }",
                    "    }",
                ]
    lines += [
        "",
        "    private fun lookup(",
        "        table: Map<String, String>,",
        "        what: String,",
        "        stripeId: String?",
        "    ): String {",
        "        val found = if (stripeId == null) null else table[stripeId]",
        "        if (found.isNullOrEmpty()) {",
        "            throw UnknownStripeIdException(",
        '                "stripe2dodo: no Dodo $what for the Stripe id \\"$stripeId\\" in the " +',
        '                    "generated id map: migrate it, then rerun `$REGENERATE`"',
        "            )",
        "        }",
        "        return found",
        "    }",
    ]
    for kind in KINDS:
        function, name, _ = NAMES[kind]
        lines += [
            "",
            f"    /** The Dodo {WHAT[kind]} of {OF[kind]}. */",
            "    @JvmStatic",
            f"    fun {function}(stripeId: String?): String =",
            f"        lookup({name}, {q(WHAT[kind])}, stripeId)",
        ]
    lines += amounts.kotlin()
    lines.append("}")
    return "\n".join(lines) + "\n"
