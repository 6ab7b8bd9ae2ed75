"""Charging saved cards again after a failure: three loops Dodo's safe retry policy forbids
(seconds apart, hard declines retried, every customer at once) and one it allows."""

import time
from datetime import UTC, datetime, timedelta

import stripe
from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_exponential

HARD_DECLINES = {"stolen_card", "lost_card", "pickup_card", "do_not_honor", "fraudulent"}
LADDER_DAYS = (0, 3, 10, 17)


# Bad: six attempts within a minute, whatever the decline.
@retry(
    retry=retry_if_exception_type(stripe.error.CardError),
    stop=stop_after_attempt(6),
    wait=wait_exponential(multiplier=1, max=30),
)
def charge_saved_card(customer_id, payment_method_id, cents):
    return stripe.PaymentIntent.create(
        amount=cents,
        currency="usd",
        customer=customer_id,
        payment_method=payment_method_id,
        off_session=True,
        confirm=True,
    )


# Bad: five attempts, 1, 2, 4 and 8 seconds apart.
def pay_invoice(invoice_id):
    for attempt in range(5):
        try:
            return stripe.Invoice.pay(invoice_id)
        except stripe.error.CardError:
            time.sleep(2**attempt)
    raise RuntimeError(f"invoice {invoice_id} is still unpaid")


# Bad: the nightly dunning run pays every open invoice in the same second.
def nightly_dunning():
    invoices = stripe.Invoice.list(status="open", collection_method="charge_automatically")
    for invoice in invoices.auto_paging_iter():
        stripe.Invoice.pay(invoice.id)


# Good: at most 4 attempts on the T, +3, +10, +17-day ladder, no hard decline retried, and a
# repeated decline stops the retries.
def retry_on_ladder(payment_intent_id, first_attempt_at):
    last_code = None
    for days in LADDER_DAYS:
        slot = first_attempt_at + timedelta(days=days)
        time.sleep(max((slot - datetime.now(UTC)).total_seconds(), 0))
        try:
            return stripe.PaymentIntent.confirm(payment_intent_id, off_session=True)
        except stripe.error.CardError as err:
            code = err.error.decline_code
            if code in HARD_DECLINES or code == last_code:
                raise
            last_code = code
    return None
