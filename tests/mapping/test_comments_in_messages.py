"""A run-time value written over several lines with a comment in it (``address: "auto", //
"never" or "auto"``) was put into a finding's message as written, on one line: the comment ran
on over the code after it (``{ address: "auto", // "never" or "auto" name...``). Comments are
left out of such a value in a message; strings (a URL's ``//``) are kept."""

from __future__ import annotations

from migrate.mapping.table import uncommented
from migrate.mapping.trace import short
from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

CODE = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function go(customerId: string | undefined, plan: string) {
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: plan, quantity: 1 }],
    customer: customerId,
    customer_update: customerId
      ? {
          address: "auto", // "never" or "auto"
          name: "auto", /* the billing name */
        }
      : undefined,
    success_url: "https://x.example/ok",
  });
  return session.url;
}
"""


def test_a_multi_line_value_in_a_message_has_no_comment() -> None:
    (site,) = [s for s in scan_source(CODE, "go.ts", BY_NAME["typescript"]) if s.kind == "create"]
    (message,) = [f.message for f in site.findings if f.path == "customer_update"]
    assert '(customerId ? { address: "auto", name: "auto", } : undefined)' in message
    assert "never" not in message and "billing name" not in message


def test_strings_and_one_line_values_are_kept() -> None:
    text = 'x ? {\n  url: "https://a.example//b", # the url\n  tag: `#${id}`, // t\n} : y'
    assert uncommented(text) == 'x ? {\n  url: "https://a.example//b", \n  tag: `#${id}`, \n} : y'
    assert uncommented("a // b") == "a // b"  # one line: code as written
    assert short("f(\n  a, // first\n  b\n)") == "f( a, b )"
