"""A Node call made the old stripe-node way, with a callback after the params (and after the
request options, when there are some): ``create({...}, function (err, session) {...})``. The
callback was read as request options computed at run time (X022: "an idempotency key they hold
is lost"), and ``--fix`` wrote the Dodo call without it, so the code that answered the request
(``res.json({ id: session.id })``) never ran. The callback is RT038 now, and ``--fix`` leaves
such a call to be moved by hand."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.fix import plan_fixes
from migrate.scan.scan import scan_paths

CALLBACK = """const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);

function buy(req, res) {
  stripe.checkout.sessions.create(
    {
      mode: "payment",
      line_items: [{ price: "price_1Book", quantity: 2 }],
      success_url: "https://shop.example/ok",
    },
    function (err, session) {
      if (err) return res.status(500).end();
      res.json({ id: session.id });
    }
  );
}

function buyKeyed(req, res) {
  stripe.checkout.sessions.create(
    {
      mode: "payment",
      line_items: [{ price: "price_1Book", quantity: 1 }],
      success_url: "https://shop.example/ok",
    },
    { idempotencyKey: "order-" + req.body.orderId },
    (err, session) => res.json({ url: session.url })
  );
}
"""


def _creations(tmp_path: Path) -> list:
    path = tmp_path / "buy.js"
    path.write_text(CALLBACK, encoding="utf-8")
    return [s for s in scan_paths([str(path)]) if s.kind == "create"]


def test_a_callback_is_no_request_option_but_rt038(tmp_path: Path) -> None:
    plain, keyed = _creations(tmp_path)
    assert [f.code for f in plain.findings if f.code in ("X018", "X022", "RT038")] == ["RT038"]
    assert sorted(f.code for f in keyed.findings if f.code in ("X018", "X022", "RT038")) == [
        "RT038",
        "X018",
    ]
    (said,) = [f for f in plain.findings if f.code == "RT038"]
    assert "callback" in said.message and "function (err, session)" in said.message
    assert ".then(" in said.suggestion
    # the cart is still translated
    assert plain.translation is not None and "quantity: 2" in plain.suggestion


def test_fix_leaves_a_call_with_a_callback_as_is(tmp_path: Path) -> None:
    sites = _creations(tmp_path)
    (unsafe,) = plan_fixes(sites, unsafe=True, roots=[str(tmp_path)])
    assert not unsafe.fixed
    assert all("callback" in why for _, why in unsafe.skipped)


NAMED = """const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);

function onSession(err, session) {
  if (err) throw err;
  console.log(session.id);
}

const respond = (err, session) => console.log(session.url);

function declared(req) {
  stripe.checkout.sessions.create(
    PARAMS,
    onSession
  );
}

function arrow(req) {
  stripe.checkout.sessions.create(
    PARAMS,
    respond
  );
}

function passedDown(params, callback) {
  stripe.checkout.sessions.create(params, callback);
}

function options(req, opts) {
  return stripe.checkout.sessions.create(
    PARAMS,
    opts
  );
}
"""


PARAMS = (
    '{ mode: "payment", line_items: [{ price: "price_1Book", quantity: 1 }],'
    ' success_url: "https://shop.example/ok" }'
)


def test_a_callback_passed_by_name_is_rt038_and_options_by_name_are_not(tmp_path: Path) -> None:
    # a named callback was read as request options computed at run time (X022)
    path = tmp_path / "named.js"
    path.write_text(NAMED.replace("PARAMS", PARAMS), encoding="utf-8")
    sites = [s for s in scan_paths([str(path)]) if s.kind == "create"]
    codes = [sorted(f.code for f in s.findings if f.code in ("X022", "RT038")) for s in sites]
    assert codes == [["RT038"], ["RT038"], ["RT038"], ["X022"]]
