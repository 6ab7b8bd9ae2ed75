"""A wrapper's choice whose condition reads its parameters is decided at a caller that passes
literals (``migrate/scan/fold_conds.py``). Two gaps, both seen on a Spring payment gateway and
its controller (``createCheckout(priceId, null, null)``):

* ``quantity != null && quantity > 0 ? quantity.longValue() : 1L`` at a ``null`` argument was
  not decided (``null > 0`` is no comparison of numbers, though ``null != null`` already makes
  the ``&&`` false), and the caller's Dodo call carried ``null != null && null > 0 ?
  null.longValue() : 1L``, read as a quantity of None (L109), losing the cart (RT007); at
  ``5L`` it carried ``(5L).longValue()`` on a primitive (neither compiles);
* ``a || b && c`` was split at ``&&`` first, read as ``(a || b) && c``: a caller passing
  ``true, null, false`` got the else branch (a 14-day trial silently became none)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import CallSite, scan_paths

JAVA_GATEWAY = """\
package app;
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class PaymentGateway {
  public Session createCheckout(String priceId, Long quantity, Long trialDays) throws Exception {
    SessionCreateParams params = SessionCreateParams.builder()
      .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
      .addLineItem(SessionCreateParams.LineItem.builder()
          .setPrice(priceId)
          .setQuantity(quantity != null && quantity > 0 ? quantity.longValue() : 1L)
          .build())
      .setSubscriptionData(SessionCreateParams.SubscriptionData.builder()
          .setTrialPeriodDays(trialDays != null && trialDays > 0 ? trialDays.longValue() : null)
          .build())
      .setSuccessUrl("https://example.com/ok")
      .build();
    return Session.create(params);
  }
}
"""
JAVA_CALLER = """\
package app;
public class BillingController {
  private final PaymentGateway gateway = new PaymentGateway();
  public String subscribe() throws Exception {
    return gateway.createCheckout("price_1Pro", ARGS).getUrl();
  }
}
"""
KOTLIN_GATEWAY = """\
package app
import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class Gateway {
  fun createCheckout(priceId: String, quantity: Long?, trialDays: Long?): Session {
    val params = SessionCreateParams.builder()
      .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
      .addLineItem(SessionCreateParams.LineItem.builder()
          .setPrice(priceId)
          .setQuantity(if (quantity != null && quantity > 0) quantity.toLong() else 1L)
          .build())
      .setSubscriptionData(SessionCreateParams.SubscriptionData.builder()
          .setTrialPeriodDays(if (trialDays != null && trialDays > 0) trialDays else null)
          .build())
      .setSuccessUrl("https://example.com/ok")
      .build()
    return Session.create(params)
  }
}
"""
KOTLIN_CALLER = """\
package app
class Billing(private val gateway: Gateway) {
  fun subscribe(): String = gateway.createCheckout("price_1Pro", ARGS).url
}
"""
TS_WRAPPER = """\
import Stripe from "stripe";
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);
export async function checkout(
  priceId: string, trial: boolean, plan: string | null, annual: boolean
) {
  return stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: priceId, quantity: 1 }],
    subscription_data: { trial_period_days: trial || plan && annual ? 14 : 0 },
    success_url: "https://example.com/ok",
  });
}
"""
TS_CALLER = """\
import { checkout } from "./pay";
export async function POST() {
  const session = await checkout("price_1Pro", ARGS);
  return Response.json({ url: session.url });
}
"""


def caller(tmp_path: Path, files: dict[str, str], args: str) -> CallSite:
    for name, text in files.items():
        (tmp_path / name).write_text(text.replace("ARGS", args), encoding="utf-8")
    sites = [s for s in scan_paths([str(tmp_path)], jobs=1) if s.kind == "create"]
    (site,) = [s for s in sites if s.via is not None]
    return site


def codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


JVM = [
    ({"PaymentGateway.java": JAVA_GATEWAY, "BillingController.java": JAVA_CALLER}, "L"),
    ({"Gateway.kt": KOTLIN_GATEWAY, "Billing.kt": KOTLIN_CALLER}, "L"),
]


@pytest.mark.parametrize(("files", "suffix"), JVM, ids=["java", "kotlin"])
def test_null_arguments_take_the_other_branch(
    tmp_path: Path, files: dict[str, str], suffix: str
) -> None:
    site = caller(tmp_path, files, "null, null")
    assert "null != null" not in site.suggestion and "null." not in site.suggestion
    assert '"quantity": 1' in site.suggestion
    assert "trial_period_days" not in site.suggestion
    assert not {"L109", "RT007"} & codes(site)
    assert site.translation.dodo["product_cart"][0]["quantity"] == 1


@pytest.mark.parametrize(("files", "suffix"), JVM, ids=["java", "kotlin"])
def test_literal_numbers_are_the_values(tmp_path: Path, files: dict[str, str], suffix: str) -> None:
    site = caller(tmp_path, files, f"5{suffix}, 14{suffix}")
    assert "(5L)" not in site.suggestion and "(14L)" not in site.suggestion
    assert '"quantity": 5' in site.suggestion
    assert '"trial_period_days": 14' in site.suggestion
    assert site.translation.dodo["subscription_data"] == {"trial_period_days": 14}


def test_or_binds_looser_than_and_at_a_caller(tmp_path: Path) -> None:
    files = {"pay.ts": TS_WRAPPER, "route.ts": TS_CALLER}
    site = caller(tmp_path, files, "true, null, false")  # true || (null && false)
    assert "trial_period_days: 14," in site.suggestion
    site = caller(tmp_path, files, "false, null, true")  # false || (null && true)
    assert "trial_period_days: 0," in site.suggestion
