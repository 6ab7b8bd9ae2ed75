"""The Firebase extension "Run Payments with Stripe" makes the Checkout Session of many Firebase
apps: the page adds a document to the user's ``checkout_sessions`` collection and the
extension creates the session from its fields. Such code names no Stripe call (often no Stripe
at all), so its checkouts were not found (``migrate/scan/lang/node_firebase.py``, X032)."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import CallSite, scan_paths

PAGE = """\
import { addDoc, collection, onSnapshot } from "firebase/firestore";
import { db } from "./firebase";

export async function startCheckout(user, priceId, yearly) {
  const docRef = await addDoc(collection(db, "customers", user.uid, "checkout_sessions"), {
    price: priceId,
    success_url: window.location.origin + "/dashboard",
    cancel_url: window.location.origin,
    allow_promotion_codes: true,
    trial_period_days: 14,
    metadata: { plan: yearly ? "yearly" : "monthly" },
    createdAt: new Date(),
  });
  onSnapshot(docRef, (snap) => {
    const { url } = snap.data();
    if (url) window.location.assign(url);
  });
}

export async function buyBooks(uid) {
  const sessions = db.collection("customers").doc(uid).collection("checkout_sessions");
  await sessions.add({
    mode: "payment",
    line_items: [{ price: "price_1Book", quantity: 2 }],
    success_url: "https://shop.example/ok",
    cancel_url: "https://shop.example/back",
    promotion_code: "promo_123",
    metadata: { order: "42" },
    trial_period_days: 7,
  });
}

export async function paymentSheet(uid) {
  await addDoc(collection(db, `customers/${uid}/checkout_sessions`), {
    client: "mobile", mode: "payment", amount: 1200, currency: "usd",
  });
}

export async function byPath(fs, uid) {
  await fs.collection("customers/" + uid + "/checkout_sessions").add({ price: "price_1Pro" });
}

export function tags(set, item) {
  set.add(item);
  return addDoc(collection(db, "orders"), { price: item });
}
"""


def _sites(tmp_path: Path) -> list[CallSite]:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "checkout.js").write_text(PAGE, encoding="utf-8")
    return [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"]


def test_checkout_documents_are_creations_with_the_extensions_params(tmp_path: Path) -> None:
    assert "stripe" not in PAGE.lower()  # the file was never read
    sites = _sites(tmp_path)
    # not the payment sheet (a PaymentIntent), not another collection, not a Set's add
    assert [s.line for s in sites] == [5, 22, 40]
    subscribe, books, _ = sites
    # the extension's defaults: a subscription of the price, quantity 1, the billing address
    assert subscribe.params["mode"] == "subscription"
    assert subscribe.params["line_items"] == [{"price": {"$dynamic": "priceId"}, "quantity": 1}]
    assert subscribe.params["billing_address_collection"] == "required"
    # metadata and the trial go on the subscription, as the extension sends them
    assert subscribe.params["subscription_data"]["trial_period_days"] == 14
    assert set(subscribe.params["subscription_data"]["metadata"]) == {"plan"}
    assert "createdAt" not in subscribe.params  # the app's own record, no Stripe param
    assert {f.code for f in subscribe.findings} >= {"X032", "L113"}
    code = subscribe.suggestion or ""
    assert "product_id: dodoProductId(priceId)," in code
    assert 'return_url: window.location.origin + "/dashboard",' in code
    assert 'plan: yearly ? "yearly" : "monthly",' in code
    assert "trial_period_days: 14," in code
    # a payment: its metadata on the payment, the promotion code as the discount
    assert books.params["mode"] == "payment"
    assert books.params["line_items"] == [{"price": "price_1Book", "quantity": 2}]
    assert books.params["payment_intent_data"] == {"metadata": {"order": "42"}}
    assert books.params["discounts"] == [{"promotion_code": "promo_123"}]
    assert "allow_promotion_codes" not in books.params
    assert "subscription_data" not in books.params  # a trial is for a subscription only
    assert "quantity: 2," in (books.suggestion or "")


def test_run_time_values_are_named_by_the_params_the_extension_sends(tmp_path: Path) -> None:
    subscribe = _sites(tmp_path)[0]
    paths = {d.path: d.source for d in subscribe.dynamic}
    assert paths["line_items[0].price"] == "priceId"
    assert paths["subscription_data.metadata.plan"] == 'yearly ? "yearly" : "monthly"'
    assert "price" not in paths and "metadata.plan" not in paths


def test_the_apps_own_records_of_its_sessions_are_no_requests(tmp_path: Path) -> None:
    # server code keeping each Stripe session in a top-level collection of the same name
    server = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_KEY);

export async function keep(db, session, user) {
  await db.collection("checkout_sessions").add({ price: session.metadata.price, user });
  await addDoc(collection(db, "checkout_sessions"), { price: session.amount_total });
  await db.collection("customers").doc(user).collection("checkout_sessions").add({
    sessionId: session.id,
  });
}
"""
    (tmp_path / "keep.js").write_text(server, encoding="utf-8")
    assert [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"] == []


SERVER = """\
import os

from google.cloud import firestore

PRICE = os.environ["PRO_PRICE"]
db = firestore.Client()


def subscribe(uid, email):
    user_ref = db.collection("customers").document(uid)
    _, ref = user_ref.collection("checkout_sessions").add({
        "price": PRICE,
        "success_url": "https://app.example/ok",
        "cancel_url": "https://app.example/",
        "metadata": {"uid": uid},
    })
    return ref


def keep(uid, payload, tags):
    db.collection("customers").document(uid).collection("checkout_sessions").add(payload)
    db.collection("checkout_sessions").add({"price": payload["price"]})
    tags.add(uid)
"""


def test_a_python_server_writing_the_document_is_a_creation(tmp_path: Path) -> None:
    # firebase-admin / google-cloud-firestore from a Python server (Streamlit, FastAPI):
    # the same document, not found (the file names no Stripe, and Python had no such pattern)
    assert "stripe" not in SERVER.lower()
    (tmp_path / "app.py").write_text(SERVER, encoding="utf-8")
    sites = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"]
    # not a payload the code cannot read, not a top-level collection, not a set's add
    assert [s.line for s in sites] == [11]
    (site,) = sites
    assert site.params["mode"] == "subscription"
    assert site.params["subscription_data"] == {"metadata": {"uid": {"$dynamic": "uid"}}}
    assert "X032" in {f.code for f in site.findings}
    code = site.suggestion or ""
    assert 'dodo_product_id(os.environ["PRO_PRICE"])' in code
    assert '"uid": str(uid),' in code
