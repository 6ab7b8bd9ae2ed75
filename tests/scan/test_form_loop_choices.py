"""A raw request's form filled element by element, a line's keys set under a condition of the
loop's body (``if (line.type === "price") body.set(`line_items[${i}][price]`, ...) else
body.set(`line_items[${i}][price_data][unit_amount]`, ...)``). Every key of the loop was read
as always set, so each element's line held both a price and an inline price, and the Dodo cart
sold every element as the price id it may not have: the inline amounts were lost, with no
finding. Each key is now read as the element sees it (``migrate/scan/form_loops.py``): one
condition choosing the keys makes each line a choice between the two lines; a key set again in
the other branch is a choice between its two values; keys several conditions choose leave the
cart unknown (RT007), never one line of both."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.sdk_checks import CUT, mypy_problems, tsc_problems
from tests.scan.trees import go_parts, vet_go_module

TS = """\
type Priced = { kind: "price"; priceId: string; qty?: number };
type Custom = { kind: "custom"; pence: number; label: string; qty?: number };
type Line = Priced | Custom;

export async function pay(lines: Line[], origin: string) {
  const form = new URLSearchParams();
  form.set("mode", "payment");
  form.set("success_url", `${origin}/paid`);
  lines.forEach((line, i) => {
    if (line.kind === "price") {
      form.set(`line_items[${i}][price]`, line.priceId);
    } else {
      form.set(`line_items[${i}][price_data][currency]`, "gbp");
      form.set(`line_items[${i}][price_data][unit_amount]`, String(line.pence));
      form.set(`line_items[${i}][price_data][product_data][name]`, line.label);
    }
    form.set(`line_items[${i}][quantity]`, String(line.qty ?? 1));
  });
  const res = await fetch("https://api.stripe.com/v1/checkout/sessions", {
    method: "POST",
    headers: { Authorization: `Bearer ${process.env.STRIPE_SECRET_KEY}` },
    body: form,
  });
  return (await res.json()).url as string;
}
"""

PY = """\
import os

import requests


def pay(lines, origin):
    form = {"mode": "payment", "success_url": origin + "/paid"}
    for i, line in enumerate(lines):
        if line["kind"] == "price":
            form[f"line_items[{i}][price]"] = line["price_id"]
        else:
            form[f"line_items[{i}][price_data][currency]"] = "gbp"
            form[f"line_items[{i}][price_data][unit_amount]"] = line["pence"]
            form[f"line_items[{i}][price_data][product_data][name]"] = line["label"]
        form[f"line_items[{i}][quantity]"] = line.get("qty", 1)
    got = requests.post(
        "https://api.stripe.com/v1/checkout/sessions",
        data=form,
        auth=(os.environ["STRIPE_SECRET_KEY"], ""),
    )
    return got.json()["url"]
"""


GO = """\
package pay

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
)

type Line struct {
	PriceID string
	Cents   int64
	Name    string
}

func Pay(lines []Line) (*http.Response, error) {
	form := url.Values{}
	form.Set("mode", "payment")
	form.Set("success_url", "https://shop.example/ok")
	for i, l := range lines {
		if l.PriceID != "" {
			form.Set(fmt.Sprintf("line_items[%d][price]", i), l.PriceID)
		} else {
			form.Set(fmt.Sprintf("line_items[%d][price_data][currency]", i), "usd")
			cents := strconv.FormatInt(l.Cents, 10)
			form.Set(fmt.Sprintf("line_items[%d][price_data][unit_amount]", i), cents)
			form.Set(fmt.Sprintf("line_items[%d][price_data][product_data][name]", i), l.Name)
		}
		form.Set(fmt.Sprintf("line_items[%d][quantity]", i), "1")
	}
	endpoint := "https://api.stripe.com/v1/checkout/sessions"
	req, _ := http.NewRequest("POST", endpoint, strings.NewReader(form.Encode()))
	req.SetBasicAuth(os.Getenv("STRIPE_SECRET_KEY"), "")
	return http.DefaultClient.Do(req)
}
"""


def _site(code: str, name: str, language: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[language]) if s.kind == "create"]
    return site


def test_ts_lines_chosen_per_element_keep_their_inline_amounts() -> None:
    site = _site(TS, "pay.ts", "typescript")
    text = site.suggestion or ""
    assert '((line.kind === "price") ? {\n    product_id: dodoProductId(line.priceId),' in text
    assert "amount: line.pence," in text
    assert text.count("dodoProductId(line.priceId)") == 1
    assert site.verdict != "blocked"
    assert site.translation is not None
    [product] = [r for r in site.translation.requires if r.get("kind") == "product"]
    assert product["product"]["price"]["currency"] == "GBP"


def test_python_lines_chosen_per_element_keep_their_inline_amounts() -> None:
    site = _site(PY, "pay.py", "python")
    text = site.suggestion or ""
    assert '} if line["kind"] == "price" else {' in text
    assert '"amount": line["pence"],' in text
    assert '"product_id": dodo_product_id(line["price_id"]),' in text
    assert site.verdict != "blocked"


def test_a_local_of_the_loop_body_is_its_value() -> None:
    """``const pence = String(line.pence)`` then ``form.set(..., pence)``: the Dodo cart's
    mapping does not bind ``pence`` (it wrote ``amount: pence``, undefined there)."""
    code = TS.replace(
        "      form.set(`line_items[${i}][price_data][unit_amount]`, String(line.pence));\n",
        "      const pence = String(line.pence);\n"
        "      form.set(`line_items[${i}][price_data][unit_amount]`, pence);\n",
    )
    assert code != TS
    text = _site(code, "pay.ts", "typescript").suggestion or ""
    assert "amount: line.pence," in text and "pence," not in text.replace("line.pence,", "")


def test_a_key_set_in_both_branches_is_a_choice_between_its_values() -> None:
    code = TS.replace(
        "    form.set(`line_items[${i}][quantity]`, String(line.qty ?? 1));\n",
        "    if (line.qty && line.qty > 1) {\n"
        "      form.set(`line_items[${i}][quantity]`, String(line.qty));\n"
        "    } else {\n"
        '      form.set(`line_items[${i}][quantity]`, "1");\n'
        "    }\n",
    )
    text = _site(code, "pay.ts", "typescript").suggestion or ""
    assert "quantity: (line.qty && line.qty > 1) ? line.qty : 1," in text
    assert "amount: line.pence," in text


def test_a_price_and_an_inline_price_chosen_apart_leave_the_cart_unknown() -> None:
    code = TS.replace(
        "    } else {\n      form.set(`line_items[${i}][price_data][currency]`",
        '    }\n    if (line.kind === "custom") {\n'
        "      form.set(`line_items[${i}][price_data][currency]`",
    )
    assert code != TS
    site = _site(code, "pay.ts", "typescript")
    found = {f.code: f.level.value for f in site.findings}
    assert found.get("RT007") == "blocker"
    assert site.verdict == "blocked"
    assert "dodoProductId(item.price)" not in (site.suggestion or "")


GO_KIND = GO.replace("\tPriceID string\n", "\tPriceID string\n\tKind    string\n").replace(
    'if l.PriceID != "" {', 'if l.Kind == "price" {'
)


def test_go_lines_chosen_per_element_keep_their_inline_amounts() -> None:
    site = _site(GO_KIND, "pay.go", "go")
    text = site.suggestion or ""
    assert site.verdict != "blocked"
    assert 'if l.Kind == "price" {\n\t\t\t\treturn map[string]any{' in text
    assert '"product_id": dodoids.ProductID(l.PriceID),' in text
    assert '"amount": l.Cents,' in text


def test_go_lines_whose_price_is_read_when_set_are_no_price_line() -> None:
    """Go's reader takes ``if l.PriceID != "" { set(price, l.PriceID) }`` for the price, set or
    empty: the inline line would hold a price too, so the cart is unknown (RT007), where it sold
    every element as its price id."""
    site = _site(GO, "pay.go", "go")
    found = {f.code: f.level.value for f in site.findings}
    assert found.get("RT007") == "blocker"
    assert "ProductID(l.PriceID)" not in (site.suggestion or "")


@pytest.mark.slow
def test_the_go_choice_of_lines_vets(tmp_path: Path) -> None:
    if shutil.which("go") is None:
        pytest.skip("go is not installed: the lines are read above")
    imports, body = go_parts(_site(GO_KIND, "pay.go", "go").suggestion or "")
    function = GO_KIND.split("type Line struct", 1)[1].split("\tendpoint :=", 1)[0]
    source = (
        "package pay\n\nimport (\n"
        + "".join(f'\t"{i}"\n' for i in sorted(imports | {"fmt", "net/url", "strconv"}))
        + ")\n\ntype Line struct"
        + function
        + textwrap.indent(body, "\t")
        + "\n\t_ = dodoSession\n\treturn nil, nil\n}\n"
    )
    done = vet_go_module(tmp_path, {"pay.go": source})
    assert done.returncode == 0, done.stderr + "\n" + source


@pytest.mark.slow
def test_the_chosen_lines_type_check(tmp_path: Path) -> None:
    ts = _site(TS, "pay.ts", "typescript").suggestion or ""
    ids = {"ids.d.ts": "declare function dodoProductId(id: string): string;\n"}
    source = TS.replace("  const res = await fetch(", CUT)
    assert tsc_problems(tmp_path / "ts", source, ts, files=ids) == ""
    py = _site(PY, "pay.py", "python").suggestion or ""
    (tmp_path / "py").mkdir()
    (tmp_path / "py" / "dodo_ids.py").write_text(
        "def dodo_product_id(p: str) -> str:\n    return p\n"
    )
    assert (
        mypy_problems(tmp_path / "py", py, "def pay(lines: Any, origin: Any) -> str | None") == ""
    )
