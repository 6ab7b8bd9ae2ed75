# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""A metadata object known only at run time merged under a condition (Python's ``if promo:
md.update(extra)``, JavaScript's ``if (promo) Object.assign(md, extra)``, Ruby's
``md.merge!(extra) if promo``): the merge was a change the scan could not place (RT012), its
entries left out of the Dodo metadata; Ruby's even read as a key named "" (``metadata.``). It is
merged in the Dodo call under the same condition (``**(extra if promo else {})``,
``...(promo ? extra : {})``, ``**(promo ? extra : {}).to_h``), never always: a merge read
without its condition would send entries Stripe never got."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

PY = """import stripe


def pay(extra, ref, price_id, promo):
    md = {"ref": ref}
    if promo:
        md.update(extra)
    return stripe.checkout.Session.create(mode="payment", line_items=[{"price": price_id, "quantity": 1}], metadata=md, success_url="https://x.test/ok")
"""

TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function pay(extra: Record<string, string>, ref: string, promo: boolean, priceId: string) {
  const md: Record<string, string> = { ref };
  if (promo) Object.assign(md, extra);
  return stripe.checkout.sessions.create({ mode: "payment", line_items: [{ price: priceId, quantity: 1 }], metadata: md, success_url: "https://x.test/ok" });
}
"""

RUBY = """def pay(extra, ref, promo, price_id)
  md = { ref: ref }
  md.merge!(extra) if promo
  Stripe::Checkout::Session.create(mode: "payment", line_items: [{ price: price_id, quantity: 1 }], metadata: md, success_url: "https://x.test/ok")
end
"""

RUBY_BLOCK = RUBY.replace(
    "  md.merge!(extra) if promo\n", "  if promo\n    md.merge!(extra)\n  end\n"
)


def _site(code: str, path: str, family: str) -> CallSite:
    (site,) = [s for s in scan_source(code, path, BY_NAME[family]) if s.kind == "create"]
    codes = {f.code for f in site.findings}
    assert "RT012" not in codes, site.findings
    assert not any(d.path.endswith(".") for d in site.dynamic), site.dynamic
    return site


def test_python_update_under_if_is_merged_under_it() -> None:
    text = _site(PY, "pay.py", "python").suggestion
    block = re.search(r"metadata=(\{.*?\n\s*\}),", text, re.S)
    assert block is not None, text
    assert "**(extra if promo else {})" in block[1]
    extra = {"a": "1"}
    for promo, expected in ((True, {"ref": "r1", "a": "1"}), (False, {"ref": "r1"})):
        names = {"extra": extra, "ref": "r1", "promo": promo}
        assert eval(block[1], {}, names) == expected  # the suggestion's own dict


def test_typescript_object_assign_under_if_is_merged_under_it() -> None:
    text = _site(TS, "pay.ts", "typescript").suggestion
    assert "...(promo ? extra : {})," in text, text


RUBY_ALWAYS = RUBY.replace("  md.merge!(extra) if promo\n", "  md.merge!(extra)\n")


@pytest.mark.parametrize(
    ("code", "merged"),
    [(RUBY, "(promo ? extra : {})"), (RUBY_BLOCK, "(promo ? extra : {})"), (RUBY_ALWAYS, "extra")],
    ids=["modifier-if", "if-block", "always"],
)
def test_ruby_merge_under_if_is_merged_under_it(tmp_path: Path, code: str, merged: str) -> None:
    """The object's keys win over those the hash had before ``merge!`` (an object holding
    "ref" too: its "ref" is Stripe's); written first, the hash's own "ref" won."""
    text = _site(code, "pay.rb", "ruby").suggestion
    block = re.search(r"dodo_body\['metadata'\] = \{.*?\n\}", text, re.S)
    assert block is not None and f"**{merged}.to_h" in block[0], text
    if shutil.which("ruby") is None:
        pytest.skip("ruby is not installed: the text is checked above")
    script = 'require "json"\nextra = { "a" => "1", "ref" => "x" }\nref = "r1"\ndodo_body = {}\n'
    for promo in ("true", "false"):
        script += f"promo = {promo}\n{block[0]}\nputs JSON.generate(dodo_body['metadata'])\n"
    (tmp_path / "m.rb").write_text(script, encoding="utf-8")
    done = subprocess.run(
        ["ruby", "m.rb"], cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    first, second = map(json.loads, done.stdout.splitlines())
    assert first == {"a": "1", "ref": "x"}
    assert second == ({"a": "1", "ref": "x"} if merged == "extra" else {"ref": "r1"})
