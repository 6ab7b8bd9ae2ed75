"""The id map as a Ruby module (``dodo_ids.rb``): ``DodoIds.product_id``, ``customer_id``,
``discount_code`` and ``subscription_id``, raising ``DodoIds::UnknownStripeId`` (a ``KeyError``) on
an id the map does not hold; the tables are frozen."""

from __future__ import annotations

from typing import Final

from migrate.codegen import amounts
from migrate.codegen.table import KINDS, OF, WHAT, IdTable, header_lines

NAMES: Final = {
    "product": ("product_id", "PRODUCTS"),
    "customer": ("customer_id", "CUSTOMERS"),
    "discount": ("discount_code", "DISCOUNT_CODES"),
    "subscription": ("subscription_id", "SUBSCRIPTIONS"),
}


def quote(text: str) -> str:
    """A single-quoted Ruby string: only ``\\`` and ``'`` are special (no interpolation)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def render(table: IdTable, command: str) -> str:
    lines = ["# frozen_string_literal: true", ""]
    lines += [f"# {line}".rstrip() for line in header_lines(command, table)]
    lines += [
        "",
        "# Stripe id -> Dodo id lookups; each raises UnknownStripeId on an id it does not know.",
        "module DodoIds",
        f"  REGENERATE = {quote(command)}",
        "",
        "  # A Stripe id the generated id map does not hold.",
        "  class UnknownStripeId < KeyError; end",
    ]
    for kind in KINDS:
        pairs = table.of(kind)
        name = NAMES[kind][1]
        lines += ["", f"  # {OF[kind]} -> Dodo {WHAT[kind]}"]
        if pairs:
            lines.append(f"  {name} = {{")
            lines += [f"    {quote(k)} => {quote(v)}," for k, v in pairs]
            lines.append("  }.freeze")
        else:
            lines.append(f"  {name} = {{}}.freeze")
        lines.append(f"  private_constant :{name}")
    lines += [
        "",
        "  def self.lookup(table, what, stripe_id)",
        "    # a Stripe object (Stripe::Customer...) stands for its id, as stripe-ruby sends it",
        "    stripe_id = stripe_id.id if !stripe_id.is_a?(String) && stripe_id.respond_to?(:id)",
        "    found = stripe_id.is_a?(String) ? table[stripe_id] : nil",
        "    return found unless found.nil? || found.empty?",
        "",
        '    raise UnknownStripeId, "stripe2dodo: no Dodo #{what} for the Stripe id " \\',
        '                           "\\"#{stripe_id}\\" in the generated id map: migrate it, " \\',
        '                           "then rerun `#{REGENERATE}`"',
        "  end",
        "  private_class_method :lookup",
    ]
    for kind in KINDS:
        function, name = NAMES[kind]
        lines += [
            "",
            f"  # The Dodo {WHAT[kind]} of {OF[kind]}.",
            f"  def self.{function}(stripe_id)",
            f"    lookup({name}, {quote(WHAT[kind])}, stripe_id)",
            "  end",
        ]
    lines += amounts.ruby()
    lines.append("end")
    return "\n".join(lines) + "\n"
