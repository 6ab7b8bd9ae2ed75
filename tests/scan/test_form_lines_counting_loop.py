# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A raw-HTTP form whose line items a counting loop sets, ``for (let i = 0; i < items.length; i++)
form.append(`line_items[${i}][price]`, items[i].price)``: the loop was not read as one (only
``for...of`` was), so its keys made ONE line, ``dodoProductId(items[i].price)`` with ``i``
unbound at the Dodo call: a cart of many items silently sold one. It is an ``$each`` over the
list's indices now (as the SDK path reads such a loop). A line's ``quantity`` sent as text in
a loop (``"1"``) is the number it says, not an L109 "not a positive whole number" blocker; a
``while`` loop's keys are no single line either."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import CUT, tsc_problems

COUNTED = """\
export async function pay(secret: string, items: { price: string; qty: number }[]) {
  const form = new URLSearchParams({ mode: "payment", success_url: "https://shop.example/ok" });
  for (let i = 0; i < items.length; i++) {
    form.append(`line_items[${i}][price]`, items[i].price);
    form.append(`line_items[${i}][quantity]`, "1");
  }
  const res = await fetch("https://api.stripe.com/v1/checkout/sessions", { method: "POST", headers: { Authorization: `Bearer ${secret}` }, body: form });
  return res.json();
}
"""


def _site(code: str) -> CallSite:
    (site,) = [s for s in scan_source(code, "pay.ts", BY_NAME["typescript"]) if s.kind == "create"]
    return site


def test_a_counting_loop_maps_every_index_not_one_line() -> None:
    site = _site(COUNTED)
    text = site.suggestion or ""
    assert "product_cart: Array.from(items.keys()).map((i) => ({" in text
    assert "product_id: dodoProductId(items[i].price)," in text
    assert "quantity: 1," in text
    codes = {f.code for f in site.findings}
    assert "L109" not in codes, site.findings


def test_a_quantity_sent_as_text_in_a_for_of_loop_is_a_number() -> None:
    code = COUNTED.replace(
        "for (let i = 0; i < items.length; i++) {", "let i = 0;\n  for (const item of items) {"
    ).replace("items[i].price);", "item.price);\n    i++;")
    site = _site(code)
    assert "L109" not in {f.code for f in site.findings}, site.findings
    assert "quantity: 1," in (site.suggestion or "")


def test_keys_set_in_a_while_loop_are_no_single_line() -> None:
    code = COUNTED.replace(
        "for (let i = 0; i < items.length; i++) {", "let i = 0;\n  while (i < items.length) {"
    ).replace(
        'form.append(`line_items[${i}][quantity]`, "1");',
        'form.append(`line_items[${i}][quantity]`, "1");\n    i += 1;',
    )
    site = _site(code)
    assert "items[i]" not in (site.suggestion or ""), site.suggestion
    assert "RT007" in {f.code for f in site.findings}  # the cart is unknown, and says so


def _each(code: str, callback: str) -> str:
    return code.replace("for (let i = 0; i < items.length; i++) {", callback).replace(
        'form.append(`line_items[${i}][quantity]`, "1");\n  }',
        'form.append(`line_items[${i}][quantity]`, "1");\n  });',
    )


def test_keys_appended_in_a_foreach_callback_map_each_element() -> None:
    # the callback's appends were a run-time part the cart could not place (RT007, blocked); a
    # forEach is the loop for (const [i, item] of items.entries()), read as one
    site = _site(_each(COUNTED, "items.forEach((item, i) => {"))
    codes = {f.code for f in site.findings}
    assert "RT007" not in codes and "D004" not in codes, site.findings
    text = site.suggestion or ""
    assert "product_cart: Array.from(items.entries()).map(([i, item]) => ({" in text
    assert "product_id: dodoProductId(items[i].price)," in text
    one = _site(_each(COUNTED.replace("items[i].price", "item.price"), "items.forEach((item) => {"))
    assert "product_cart: items.map((item) => ({" in (one.suggestion or "")
    assert "product_id: dodoProductId(item.price)," in (one.suggestion or "")


def test_keys_appended_in_another_callback_are_run_time_not_an_empty_cart() -> None:
    # a callback run a number of times the form cannot tell: "The cart is empty" (D004) it is not
    site = _site(_each(COUNTED, "queue.push(() => {"))
    codes = {f.code for f in site.findings}
    assert "D004" not in codes, site.findings
    assert "RT007" in codes
    assert any("line_items[${i}][price]" in d.source for d in site.dynamic), site.dynamic


@pytest.mark.slow
def test_the_foreach_dodo_call_type_checks_with_tsc(tmp_path: Path) -> None:
    source = _each(COUNTED, "items.forEach((item, i) => {")
    around = source.replace("  const res = await fetch(", CUT)  # the Dodo call in its place
    ids = {"ids.d.ts": "declare function dodoProductId(id: string): string;\n"}
    problems = tsc_problems(tmp_path, around, _site(source).suggestion or "", files=ids)
    assert not problems, problems
