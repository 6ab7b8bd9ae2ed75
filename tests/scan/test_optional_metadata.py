"""A metadata value (or ``client_reference_id``) the code may leave unset: an optional parameter
of a wrapper (``ref=None``, ``ref: str | None = None``, ``Optional[str]``, TypeScript's ``ref?:
string``, ``ref = undefined``, ``ref: string | undefined``), a caller's argument that may be
``None``, a local set only under an ``if``. Stripe's SDKs leave a None/undefined param out: no
metadata key, no client_reference_id. The wrapper's suggested Dodo call wrote ``str(ref)`` /
``String(ref)``, so Dodo got the text "None" or "undefined" (and before that the empty text for
``user?.id``-like values: a key Stripe never set). The key is now written only when the value is
set, and the call still type-checks against the SDKs."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source
from tests.scan.sdk_checks import CUT, mypy_problems, tsc_problems

PY = """import stripe
from typing import Optional


def start_checkout(ref: str | None = None, tag=None, note: Optional[str] = None, plan: str = "b"):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": "price_123", "quantity": 1}],
        client_reference_id=ref,
        metadata={"ref": ref, "tag": tag, "note": note, "plan": plan},
        success_url="https://example.com/ok",
    )


def view(request):
    return start_checkout(ref=request.user.id if request.user else None, plan="pro")


def direct(request, signed_in):
    who = None
    if signed_in:
        who = request.user.id
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": "price_123", "quantity": 1}],
        metadata={"who": who},
        success_url="https://example.com/ok",
    )
"""

TS = """import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY!);

export async function startCheckout(
  ref?: string,
  tag: string | undefined = undefined,
  note: string | null = null,
  plan: string = "b",
) {
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: "price_123", quantity: 1 }],
    client_reference_id: ref,
    metadata: { ref: ref, tag: tag, note: note, plan: plan },
    success_url: "https://example.com/ok",
  });
  return session.url;
}
"""


def _sites(text: str, name: str, language: str) -> dict[int, str]:
    sites = [s for s in scan_source(text, name, BY_NAME[language]) if s.kind == "create"]
    return {s.line: s.suggestion or "" for s in sites}


def test_an_optional_python_parameter_is_a_key_only_when_set() -> None:
    wrapper = _sites(PY, "billing.py", "python")[6]
    assert '**({"ref": str(ref)} if ref is not None else {}),' in wrapper
    assert '**({"tag": str(tag)} if tag is not None else {}),' in wrapper
    assert '**({"note": str(note)} if note is not None else {}),' in wrapper
    assert '**({"client_reference_id": str(ref)} if ref is not None else {}),' in wrapper
    assert '"plan": str(plan),' in wrapper  # a default that is a value: always set
    assert '"ref": str(ref),' not in wrapper


def test_a_python_caller_passing_none_and_a_local_set_under_an_if() -> None:
    sites = _sites(PY, "billing.py", "python")
    caller = sites[16]
    assert '**({"ref": str(request.user.id)} if request.user else {}),' in caller
    assert '"plan": "pro",' in caller
    assert '**({"who": str(request.user.id)} if signed_in else {}),' in sites[23]
    assert 'else ""' not in caller + sites[23]


def test_an_optional_typescript_parameter_is_a_key_only_when_set() -> None:
    (wrapper,) = _sites(TS, "start.ts", "typescript").values()
    assert "...(ref != null ? { ref: String(ref) } : {})," in wrapper
    assert "...(tag != null ? { tag: String(tag) } : {})," in wrapper
    assert "...(note != null ? { note: String(note) } : {})," in wrapper
    assert "...(ref != null ? { client_reference_id: String(ref) } : {})," in wrapper
    assert "plan: String(plan)," in wrapper
    assert "ref: String(ref)," not in wrapper


def test_a_typed_union_with_none_and_no_default_is_optional_too() -> None:
    text = PY.replace("ref: str | None = None", "ref: None | str").replace(
        "start_checkout(ref=", "start_checkout(None, ref="
    )
    wrapper = _sites(text, "billing.py", "python")[6]
    assert '**({"ref": str(ref)} if ref is not None else {}),' in wrapper


def test_a_parameter_that_cannot_be_none_stays_a_plain_entry() -> None:
    text = PY.replace("ref: str | None = None", "ref: str = 'web'")
    wrapper = _sites(text, "billing.py", "python")[6]
    assert '"ref": str(ref),' in wrapper
    assert "ref is not None" not in wrapper


@pytest.mark.slow
def test_the_python_suggestions_type_check(tmp_path: Path) -> None:
    sites = _sites(PY, "billing.py", "python")
    for name in "wcd":
        (tmp_path / name).mkdir()
    signature = (
        "def start_checkout(ref: str | None = None, tag: Any = None, note: str | None = None,"
        ' plan: str = "b") -> str | None'
    )
    assert mypy_problems(tmp_path / "w", sites[6], signature) == ""
    assert mypy_problems(tmp_path / "c", sites[16], "def view(request: Any) -> str | None") == ""
    signature = "def direct(request: Any, signed_in: bool) -> str | None"
    assert mypy_problems(tmp_path / "d", sites[23], signature) == ""


@pytest.mark.slow
def test_the_typescript_suggestion_type_checks(tmp_path: Path) -> None:
    (wrapper,) = _sites(TS, "start.ts", "typescript").values()
    assert CUT in TS
    assert tsc_problems(tmp_path, TS, wrapper) == ""


RB = """require "stripe"

def start(price_id, ref: nil, plan: "b")
  Stripe::Checkout::Session.create(
    mode: "payment",
    line_items: [{ price: "price_123", quantity: 1 }],
    client_reference_id: ref,
    metadata: { ref: ref, plan: plan },
    success_url: "https://example.com/ok",
  )
end
"""

PHP = """<?php
function start($priceId, $ref = null, $plan = 'b') {
  return \\Stripe\\Checkout\\Session::create([
    'mode' => 'payment',
    'line_items' => [['price' => 'price_123', 'quantity' => 1]],
    'metadata' => ['ref' => $ref, 'plan' => $plan, 'who' => $user?->id],
    'success_url' => 'https://example.com/ok',
  ]);
}
"""


def test_an_optional_ruby_parameter_is_set_only_when_set() -> None:
    (text,) = _sites(RB, "billing.rb", "ruby").values()
    assert "dodo_body['metadata']['ref'] = ref.to_s if ref\n" in text
    assert "dodo_body['metadata']['client_reference_id'] = ref.to_s if ref\n" in text
    assert "dodo_body['metadata']['plan'] = plan.to_s\n" in text
    assert '"ref": null' not in text  # not in the JSON: JSON.parse would keep a null
    if shutil.which("ruby") is None:
        pytest.skip("ruby is not installed")
    assert _ran("ruby", text, "ref = nil\nplan = 'b'") == {"plan": "b"}
    both = {"ref": "r1", "plan": "b", "client_reference_id": "r1"}
    assert _ran("ruby", text, "ref = 'r1'\nplan = 'b'") == both


def test_an_optional_php_parameter_is_set_only_when_set() -> None:
    (text,) = _sites(PHP, "billing.php", "php").values()
    assert "if (isset($ref)) {\n    $dodoBody->{'metadata'}->{'ref'} = strval($ref);\n}" in text
    who = "if (null !== ($user?->id)) {\n    $dodoBody->{'metadata'}->{'who'} = strval($user?->id);"
    assert who in text
    assert "$dodoBody->{'metadata'}->{'plan'} = strval($plan);" in text
    assert '"ref": null' not in text and "''" not in text
    if shutil.which("php") is None:
        pytest.skip("php is not installed")
    assert _ran("php", text, "$ref = null; $plan = 'b'; $user = null;") == {"plan": "b"}
    given = "$ref = 'r1'; $plan = 'b'; $user = (object) ['id' => 7];"
    assert _ran("php", text, given) == {"ref": "r1", "plan": "b", "who": "7"}


def _ran(family: str, suggestion: str, given: str) -> object:
    """The metadata the suggested body holds once its run-time values are set (the lines
    from the JSON to the request, run with ``given`` before them)."""
    lines = suggestion.splitlines()
    first = "dodo_body = JSON.parse" if family == "ruby" else "$dodoBody = json_decode"
    last = "dodo_uri = " if family == "ruby" else "$dodoCurl = "
    begin = next(i for i, line in enumerate(lines) if line.startswith(first))
    end = next(i for i, line in enumerate(lines) if line.startswith(last))
    body = "\n".join(lines[begin:end])
    if family == "ruby":
        program = f'require "json"\n{given}\n{body}\nputs JSON.generate(dodo_body["metadata"])\n'
    else:
        program = f"<?php\n{given}\n{body}\necho json_encode($dodoBody->metadata);\n"
    ran = subprocess.run([family], input=program, capture_output=True, text=True, check=True)
    return json.loads(ran.stdout)
