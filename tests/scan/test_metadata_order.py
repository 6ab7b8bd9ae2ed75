"""A literal metadata key and a run-time map merged into the same metadata: on Stripe, as in a
map, what is written later wins. The Dodo call put the map first and the keys last whatever
the code's order, so a key written before the map (``{k: v}.merge(extra)``,
``array_merge(['k' => v], $extra)``, ``putMetadata("k", v)`` then ``putAllMetadata(extra)``,
``params.AddMetadata("k", v)`` before ``for k, v := range extra {...}``) won over the map's own
value for it, where Stripe kept the map's. Now the merge is written in the code's order, each
language in its own spelling; Python and JS/TS object literals were already carried as
written (type-checked in test_suggest_types.py: "metadata-key-then-spread")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source
from tests.scan.trees import creates, write_tree

RUBY = """\
require "stripe"

def pay(price_id, user, extra)
  Stripe::Checkout::Session.create(
    mode: "payment",
    line_items: [{ price: price_id, quantity: 1 }],
    success_url: "https://shop.example/ok",
    metadata: METADATA
  )
end
"""

PHP = """<?php
function pay($priceId, $user, $extra) {
    return \\Stripe\\Checkout\\Session::create([
        'mode' => 'payment',
        'line_items' => [['price' => $priceId, 'quantity' => 1]],
        'success_url' => 'https://shop.example/ok',
        'metadata' => METADATA,
    ]);
}
"""

JAVA_BUILDER = """\
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.Map;

public class Pay {
    public Session pay(String priceId, String orderId, Map<String, String> extra) throws Exception {
        SessionCreateParams params = SessionCreateParams.builder()
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .setSuccessUrl("https://shop.example/ok")
            .addLineItem(
                SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build())
            METADATA
            .build();
        return Session.create(params);
    }
}
"""

JAVA_MAP = """\
import com.stripe.model.checkout.Session;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public class Pay {
    public Session pay(String priceId, String orderId, Map<String, String> extra) throws Exception {
        Map<String, Object> params = new HashMap<>();
        params.put("mode", "payment");
        params.put("success_url", "https://shop.example/ok");
        params.put("line_items", List.of(Map.of("price", priceId, "quantity", 1)));
        Map<String, String> m = new HashMap<>();
        METADATA
        params.put("metadata", m);
        return Session.create(params);
    }
}
"""

GO = """\
package pay

import (
\t"github.com/stripe/stripe-go/v76"
\t"github.com/stripe/stripe-go/v76/checkout/session"
)

func Pay(priceID string, uid string, extra map[string]string) (*stripe.CheckoutSession, error) {
\tparams := &stripe.CheckoutSessionParams{
\t\tMode:       stripe.String("payment"),
\t\tSuccessURL: stripe.String("https://shop.example/ok"),
\t\tLineItems: []*stripe.CheckoutSessionLineItemParams{
\t\t\t{Price: stripe.String(priceID), Quantity: stripe.Int64(1)},
\t\t},
\t}
METADATA
\treturn session.New(params)
}
"""

GO_KEY = '\tparams.AddMetadata("user_id", uid)\n'
GO_RANGE = "\tfor k, v := range extra {\n\t\tparams.AddMetadata(k, v)\n\t}\n"

PYTHON = """\
import stripe


def pay(price_id, uid, extra):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": price_id, "quantity": 1}],
        success_url="https://shop.example/ok",
        metadata=METADATA,
    )
"""

TYPESCRIPT = """\
import Stripe from "stripe";
const stripe = new Stripe("sk");

export async function pay(priceId: string, uid: string, extra: Record<string, string>) {
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: "https://shop.example/ok",
    metadata: METADATA,
  });
}
"""

PYTHON_FOLLOWED = """\
import stripe


def pay(price_id, uid, extra):
METADATA
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": price_id, "quantity": 1}],
        success_url="https://shop.example/ok",
        metadata=meta,
    )
"""

TS_FOLLOWED = """\
import Stripe from "stripe";
const stripe = new Stripe("sk");

export async function pay(priceId: string, uid: string, extra: Record<string, string>) {
METADATA
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [{ price: priceId, quantity: 1 }],
    success_url: "https://shop.example/ok",
    metadata,
  });
}
"""

KEY, MAP = "key", "map"
"""Which one the code writes last, so wins on Stripe (and must win in the Dodo call)."""

CASES = [
    ("ruby", "pay.rb", RUBY, "{ user_id: user.id }.merge(extra)", MAP),
    ("ruby", "pay.rb", RUBY, "extra.merge(user_id: user.id)", KEY),
    ("ruby", "pay.rb", RUBY, "extra.reverse_merge(user_id: user.id)", MAP),  # receiver wins
    ("ruby", "pay.rb", RUBY, "{ user_id: user.id }.reverse_merge(extra)", KEY),
    ("php", "pay.php", PHP, "array_merge(['user_id' => $user->id], $extra)", MAP),
    ("php", "pay.php", PHP, "array_merge($extra, ['user_id' => $user->id])", KEY),
    ("php", "pay.php", PHP, "['user_id' => $user->id] + $extra", KEY),  # + keeps the first
    ("php", "pay.php", PHP, "$extra + ['user_id' => $user->id]", MAP),
    (
        "java",
        "Pay.java",
        JAVA_BUILDER,
        '.putMetadata("user_id", orderId)\n            .putAllMetadata(extra)',
        MAP,
    ),
    (
        "java",
        "Pay.java",
        JAVA_BUILDER,
        '.putAllMetadata(extra)\n            .putMetadata("user_id", orderId)',
        KEY,
    ),
    ("java", "Pay.java", JAVA_MAP, 'm.put("user_id", orderId);\n        m.putAll(extra);', MAP),
    ("java", "Pay.java", JAVA_MAP, 'm.putAll(extra);\n        m.put("user_id", orderId);', KEY),
    ("go", "pay.go", GO, GO_KEY + GO_RANGE, MAP),
    ("go", "pay.go", GO, GO_RANGE + GO_KEY, KEY),
    ("python", "pay.py", PYTHON, '{"user_id": uid, **extra}', MAP),
    ("python", "pay.py", PYTHON, '{**extra, "user_id": uid}', KEY),
    ("typescript", "pay.ts", TYPESCRIPT, "{ user_id: uid, ...extra }", MAP),
    ("typescript", "pay.ts", TYPESCRIPT, "{ ...extra, user_id: uid }", KEY),
    # a map the code changes before the call (followed): merged in the same order
    (
        "python",
        "pay.py",
        PYTHON_FOLLOWED,
        '    meta = {"user_id": uid}\n    meta.update(extra)',
        MAP,
    ),
    ("python", "pay.py", PYTHON_FOLLOWED, '    meta = dict(extra)\n    meta["user_id"] = uid', KEY),
    ("typescript", "pay.ts", TYPESCRIPT, "Object.assign({ user_id: uid }, extra)", MAP),
    (
        "typescript",
        "pay.ts",
        TS_FOLLOWED,
        "  const metadata: Record<string, string> = { user_id: uid };\n"
        "  Object.assign(metadata, extra);",
        MAP,
    ),
]

WRITTEN = {
    # where the Dodo call writes the key and where it merges the map, in each language
    "ruby": (r'"user_id" => user\.id\.to_s', r"\*\*extra\.to_h"),
    "php": (r"'user_id' => strval\(\$user->id\)", r"\(array\) \$extra"),
    "java": (r'put\("user_id", String\.valueOf\(orderId\)\);', r"putAll\(extra\);"),
    "go": (r'dodoMetadata\["user_id"\] = dodoids\.Text\(uid\)', r"range extra \{"),
    "python": (r'"user_id": (?:str\()?uid', r"\*\*extra"),
    "typescript": (r"user_id: (?:String\()?uid", r"\.\.\.extra"),
}


def _site(family: str, name: str, code: str) -> CallSite:
    (site,) = [s for s in scan_source(code, name, BY_NAME[family]) if s.kind == "create"]
    return site


@pytest.mark.parametrize(
    ("family", "name", "template", "metadata", "last"),
    CASES,
    ids=[f"{c[0]}: {c[3].split(chr(10))[0]}..." for c in CASES],
)
def test_the_one_written_last_wins_in_the_dodo_call(
    family: str, name: str, template: str, metadata: str, last: str
) -> None:
    site = _site(family, name, template.replace("METADATA", metadata))
    text = site.suggestion or ""
    key_re, map_re = WRITTEN[family]
    key, whole = re.search(key_re, text), re.search(map_re, text)
    assert key is not None and whole is not None, text
    assert (key.start() > whole.start()) == (last == KEY), text
    codes = [f.code for f in site.findings]
    assert "RT012" not in codes
    if "**extra" not in metadata and "...extra" not in metadata:  # carried as written
        assert "RT010" in codes  # merged by the scan


def test_keys_before_and_after_a_map_keep_their_places() -> None:
    # Java: one key put before the map, one after, one put both before and after
    puts = (
        '.putMetadata("source", "web")\n            .putMetadata("order", orderId)\n'
        '            .putAllMetadata(extra)\n            .putMetadata("order", orderId)\n'
        '            .putMetadata("plan", "pro")'
    )
    site = _site("java", "Pay.java", JAVA_BUILDER.replace("METADATA", puts))
    text = site.suggestion or ""
    # a String parameter may be null or empty: stripe-java sends it empty, Stripe keeps no key
    assert (
        'put("source", "web"); if (extra != null) putAll(extra); '
        'if (orderId != null && !orderId.isEmpty()) { put("order", String.valueOf(orderId)); } '
        'put("plan", "pro");'
    ) in text


def test_a_session_key_before_its_map_still_wins_over_the_subscription_map() -> None:
    # one Dodo metadata: the subscription's object first, the session's keys over it, the
    # session's own map over the session key written before it
    code = RUBY.replace(
        "metadata: METADATA",
        "metadata: { user_id: user.id }.merge(extra),\n"
        '    subscription_data: { metadata: { plan: "pro" }.merge(tags) }',
    ).replace("(price_id, user, extra)", "(price_id, user, extra, tags)")
    site = _site("ruby", "pay.rb", code)
    text = site.suggestion or ""
    assert (
        "dodo_body['metadata'] = {\n"
        '  "plan" => "pro",\n'
        "  **tags.to_h,\n"
        '  "user_id" => user.id.to_s,\n'
        "  **extra.to_h,\n"
        "}"
    ) in text


def test_a_key_written_again_after_the_map_wins_over_it() -> None:
    code = PYTHON_FOLLOWED.replace(
        "METADATA",
        '    meta = {"user_id": "anon", "src": "web"}\n'
        "    meta.update(extra)\n"
        '    meta["user_id"] = uid',
    )
    text = _site("python", "pay.py", code).suggestion or ""
    assert '"src": "web",\n        **extra,\n        "user_id": str(uid),\n' in text


def test_python_dict_call_with_a_spread_map_is_merged() -> None:
    # dict(user_id=uid, **extra): the map was an entry the scan could not place (RT012), lost
    code = PYTHON.replace("METADATA", "dict(user_id=uid, **extra)")
    site = _site("python", "pay.py", code)
    text = site.suggestion or ""
    assert "**extra," in text and '"user_id": str(uid),' in text
    codes = [f.code for f in site.findings]
    assert "RT012" not in codes and "RT010" in codes


BILLING_RB = """\
require "stripe"
class Billing
  def self.start(price_id, user_id, extra)
    Stripe::Checkout::Session.create(
      mode: "payment",
      line_items: [{ price: price_id, quantity: 1 }],
      success_url: "https://shop.example/ok",
      metadata: { user_id: user_id }.merge(extra)
    )
  end
end
"""

CALLER_RB = """\
class OrdersController
  def create
    Billing.start("price_123", current_user.id, params[:meta])
  end
end
"""


def test_a_wrapper_caller_s_map_is_merged_in_the_wrapper_s_order(tmp_path: Path) -> None:
    # the caller's site was translated without the merge: its map (params[:meta]) was left
    # out of the Dodo metadata with no finding
    sites = creates(write_tree(tmp_path, {"billing.rb": BILLING_RB, "caller.rb": CALLER_RB}))
    (caller,) = [s for s in sites if s.file.endswith("caller.rb")]
    text = caller.suggestion or ""
    assert (
        "dodo_body['metadata'] = {\n"
        '  "user_id" => current_user.id.to_s,\n'
        "  **params[:meta].to_h,\n"
        "}"
    ) in text
    assert "RT010" in [f.code for f in caller.findings]
