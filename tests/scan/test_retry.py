"""Rule X012: Stripe charges retried or batched against Dodo's safe retry policy."""

from __future__ import annotations

from textwrap import dedent

import pytest

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import CallSite, scan_source

BURST = "retries within seconds, not days"
NO_DECLINE = "no hard-decline check"


def scan(code: str, language: str = "python") -> list[CallSite]:
    suffix = {"python": "py", "javascript": "js", "typescript": "ts", "tsx": "tsx"}[language]
    return list(scan_source(dedent(code), f"app.{suffix}", BY_NAME[language]))


def retry_sites(code: str, language: str = "python") -> list[CallSite]:
    return [s for s in scan(code, language) if s.rule == "X012"]


def only(code: str, language: str = "python") -> tuple[CallSite, str]:
    """The one X012 site of ``code``, and the list of what it breaks."""
    sites = retry_sites(code, language)
    assert len(sites) == 1, [(s.line, s.findings[0].message) for s in sites]
    message = sites[0].findings[0].message
    prefix = "Charges in a loop that breaks Dodo's safe retry policy: "
    assert message.startswith(prefix) and message.endswith(".")
    return sites[0], message[len(prefix) : -1]


# -- each break, named -----------------------------------------------------------------------

TENACITY_BAD = """
    import stripe
    from tenacity import retry, stop_after_attempt, wait_fixed

    @retry(stop=stop_after_attempt(10), wait=wait_fixed(2))
    def charge(customer, pm):
        return stripe.PaymentIntent.create(
            amount=1999, currency="usd", customer=customer, payment_method=pm,
            off_session=True, confirm=True,
        )
"""


def test_a_tenacity_retry_breaks_three_rules_and_names_them() -> None:
    site, breaks = only(TENACITY_BAD)
    assert breaks == f"{NO_DECLINE}; {BURST} (waits 2 s); more than 4 attempts (up to 10)"
    assert (site.line, site.source_line, site.kind) == (
        5,
        "@retry(stop=stop_after_attempt(10), wait=wait_fixed(2))",
        "related",
    )
    assert site.callee == "stripe.PaymentIntent.create"
    assert site.findings[0].code == "X012"
    assert "stripe2dodo retries plan" in site.suggestion
    assert "client.subscriptions.charge(subscription_id, product_price=" in site.suggestion
    assert "{product_price}" in site.suggestion  # doubled braces in the table come out single


def test_the_off_session_call_inside_is_still_reported_on_its_own() -> None:
    sites = [(s.line, s.kind, s.rule) for s in scan(TENACITY_BAD)]
    assert sites == [(5, "related", "X012"), (7, "create", None)]
    (charge,) = [s for s in scan(TENACITY_BAD) if s.kind == "create"]
    assert charge.translation is not None and charge.translation.kind == "on_demand_charge"


def test_no_hard_decline_check_alone() -> None:
    _, breaks = only(
        """
        import time, stripe
        def pay(invoice_id):
            for attempt in range(4):
                try:
                    return stripe.Invoice.pay(invoice_id)
                except stripe.error.CardError:
                    time.sleep(3 * 24 * 60 * 60)
        """
    )
    assert breaks == NO_DECLINE


def test_a_short_sleep_is_a_burst_even_with_a_decline_check() -> None:
    _, breaks = only(
        """
        import time, stripe
        def pay(invoice_id):
            for attempt in range(3):
                try:
                    return stripe.Invoice.pay(invoice_id)
                except stripe.error.CardError as err:
                    if err.error.decline_code in ("stolen_card", "lost_card"):
                        raise
                    time.sleep(30 * 60)
        """
    )
    assert breaks == f"{BURST} (waits 30 min)"


def test_no_sleep_at_all_is_a_burst() -> None:
    _, breaks = only(
        """
        import stripe
        def pay(pi):
            for attempt in range(3):
                try:
                    return stripe.PaymentIntent.confirm(pi)
                except stripe.error.CardError as err:
                    if err.error.decline_code == "do_not_honor":
                        raise
        """
    )
    assert breaks == f"{BURST} (no wait between attempts)"


def test_the_first_wait_of_an_exponential_sleep_counts() -> None:
    _, breaks = only(
        """
        import asyncio, stripe
        async def pay(pi):
            for attempt in range(1, 4):
                try:
                    return await stripe.PaymentIntent.confirm_async(pi)
                except stripe.error.CardError as err:
                    if err.error.decline_code == "fraudulent":
                        raise
                    await asyncio.sleep(60 * 2 ** attempt)
        """
    )
    assert breaks == f"{BURST} (waits 2 min)"  # 60 * 2 ** 1 before the second attempt


def test_more_than_four_attempts_from_a_while_counter_and_a_module_constant() -> None:
    _, breaks = only(
        """
        import time, stripe
        MAX_ATTEMPTS = 6
        WAIT = 3 * 86400
        def pay(invoice_id):
            attempts = 0
            while attempts < MAX_ATTEMPTS:
                attempts += 1
                try:
                    return stripe.Invoice.pay(invoice_id)
                except stripe.error.CardError as err:
                    if err.error.decline_code == "lost_card":
                        raise
                    time.sleep(WAIT)
        """
    )
    assert breaks == "more than 4 attempts (up to 6)"


def test_while_true_without_a_bound_has_no_attempt_limit() -> None:
    site, breaks = only(
        """
        import stripe
        def pay(invoice_id):
            while True:
                try:
                    stripe.Invoice.pay(invoice_id)
                    break
                except stripe.error.CardError as err:
                    if err.error.decline_code == "stolen_card":
                        raise
        """
    )
    assert breaks == f"{BURST} (no wait between attempts); no attempt limit"
    assert site.source_line == "while True:"


def test_while_true_with_a_counter_in_its_body_is_bounded() -> None:
    _, breaks = only(
        """
        import time, stripe
        def pay(invoice_id):
            tries = 0
            while True:
                tries += 1
                try:
                    return stripe.Invoice.pay(invoice_id)
                except stripe.error.CardError as err:
                    if err.error.decline_code == "stolen_card" or tries >= 8:
                        raise
                    time.sleep(5)
        """
    )
    assert breaks == f"{BURST} (waits 5 s); more than 4 attempts (up to 8)"


def test_a_batch_of_off_session_charges_at_one_instant() -> None:
    site, breaks = only(
        """
        import stripe
        def bill_usage(subscriptions):
            for sub in subscriptions:
                stripe.PaymentIntent.create(
                    amount=sub.cents, currency="usd", customer=sub.customer,
                    payment_method=sub.pm, off_session=True, confirm=True,
                )
        """
    )
    assert breaks == "charges every item of subscriptions at one instant"
    assert site.line == 4


def test_a_batch_that_retries_failed_invoices_also_needs_a_decline_check() -> None:
    _, breaks = only(
        """
        import stripe
        def dunning(failed_invoices):
            for invoice in failed_invoices:
                stripe.Invoice.pay(invoice.id)
        """
    )
    assert breaks == f"{NO_DECLINE}; charges every item of failed_invoices at one instant"


def test_a_batch_spaced_out_is_fine() -> None:
    assert not retry_sites(
        """
        import time, stripe
        def bill_usage(subscriptions):
            for sub in subscriptions:
                stripe.PaymentIntent.create(
                    amount=sub.cents, currency="usd", customer=sub.customer,
                    off_session=True, confirm=True,
                )
                time.sleep(60)
        """
    )


def test_a_comprehension_of_charges_is_a_batch() -> None:
    site, breaks = only(
        """
        import stripe
        def pay_all(invoices):
            return [stripe.Invoice.pay(i.id) for i in invoices]
        """
    )
    assert breaks == f"{NO_DECLINE}; charges every item of invoices at one instant"
    assert site.line == 4


# -- constructs: Python ----------------------------------------------------------------------


def test_bare_tenacity_retry_never_stops_and_never_waits() -> None:
    site, breaks = only(
        """
        import stripe, tenacity

        @tenacity.retry
        def pay(pi):
            return stripe.PaymentIntent.confirm(pi)
        """
    )
    assert breaks == f"{NO_DECLINE}; {BURST} (no wait between attempts); no attempt limit"
    assert site.line == 4


def test_tenacity_exponential_wait_and_a_stop_combination() -> None:
    _, breaks = only(
        """
        import stripe
        from tenacity import retry, stop_after_attempt, stop_after_delay, wait_exponential

        @retry(
            stop=stop_after_delay(60) | stop_after_attempt(3),
            wait=wait_exponential(multiplier=2, min=4, max=60),
        )
        def pay(pi):
            try:
                return stripe.PaymentIntent.confirm(pi)
            except stripe.error.CardError as err:
                if err.error.decline_code in ("stolen_card", "fraudulent"):
                    raise SystemExit
                raise
        """
    )
    assert breaks == f"{BURST} (waits 4 s)"


def test_tenacity_retrying_loop() -> None:
    site, breaks = only(
        """
        import stripe
        from tenacity import Retrying, stop_after_attempt, wait_fixed

        def pay(pi):
            for attempt in Retrying(stop=stop_after_attempt(5), wait=wait_fixed(1)):
                with attempt:
                    return stripe.PaymentIntent.confirm(pi)
        """
    )
    assert breaks == f"{NO_DECLINE}; {BURST} (waits 1 s); more than 4 attempts (up to 5)"
    assert site.line == 6


def test_backoff_on_exception() -> None:
    site, breaks = only(
        """
        import backoff, stripe

        @backoff.on_exception(backoff.expo, stripe.error.CardError, max_tries=8)
        def pay(invoice_id):
            return stripe.Invoice.pay(invoice_id)
        """
    )
    assert breaks == f"{NO_DECLINE}; {BURST} (waits 1 s); more than 4 attempts (up to 8)"
    assert site.source_line.startswith("@backoff.on_exception(")


def test_backoff_without_a_limit_and_capped_by_max_time() -> None:
    _, unbounded = only(
        """
        import backoff, stripe

        @backoff.on_exception(backoff.constant, Exception, interval=10)
        def pay(invoice_id):
            return stripe.Invoice.pay(invoice_id)
        """
    )
    assert unbounded == f"{NO_DECLINE}; {BURST} (waits 10 s); no attempt limit"
    _, timed = only(
        """
        import backoff, stripe

        @backoff.on_exception(backoff.runtime, Exception, value=wait_for, max_time=3600)
        def pay(invoice_id):
            return stripe.Invoice.pay(invoice_id)
        """
    )
    assert timed == f"{NO_DECLINE}; {BURST} (waits 1 h)"


def test_retrying_library_keywords_are_milliseconds() -> None:
    _, breaks = only(
        """
        import stripe
        from retrying import retry

        @retry(stop_max_attempt_number=7, wait_fixed=2000)
        def pay(invoice_id):
            return stripe.Invoice.pay(invoice_id)
        """
    )
    assert breaks == f"{NO_DECLINE}; {BURST} (waits 2 s); more than 4 attempts (up to 7)"


def test_legacy_charge_create_in_a_retry_loop() -> None:
    site, _ = only(
        """
        import time, stripe
        def charge(customer):
            for attempt in range(5):
                try:
                    return stripe.Charge.create(amount=500, currency="usd", customer=customer)
                except stripe.error.CardError:
                    time.sleep(1)
        """
    )
    assert site.callee == "stripe.Charge.create"


def test_stripe_client_spelling() -> None:
    site, _ = only(
        """
        import time
        from stripe import StripeClient
        client = StripeClient("sk_test_1")
        def pay(pi):
            for attempt in range(5):
                try:
                    return client.v1.payment_intents.confirm(pi)
                except Exception:
                    time.sleep(1)
        """
    )
    assert site.callee == "client.v1.payment_intents.confirm"


# -- constructs: Node and TypeScript ---------------------------------------------------------


def test_node_c_style_loop_with_set_timeout() -> None:
    site, breaks = only(
        """
        const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);
        async function pay(id) {
          for (let attempt = 0; attempt < 6; attempt++) {
            try {
              return await stripe.paymentIntents.confirm(id);
            } catch (err) {
              await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
            }
          }
        }
        """,
        "javascript",
    )
    assert breaks == f"{NO_DECLINE}; {BURST} (waits 500 ms); more than 4 attempts (up to 6)"
    assert site.source_line == "for (let attempt = 0; attempt < 6; attempt++) {"


def test_node_while_true_and_do_while() -> None:
    _, endless = only(
        """
        const stripe = require("stripe")(key);
        async function pay(id) {
          while (true) {
            try {
              return await stripe.invoices.pay(id);
            } catch (err) {
              await sleep(3 * 24 * 3600 * 1000);
            }
          }
        }
        """,
        "javascript",
    )
    assert endless == f"{NO_DECLINE}; no attempt limit"
    site, counted = only(
        """
        const stripe = require("stripe")(key);
        async function pay(id) {
          let tries = 5;
          do {
            try {
              return await stripe.invoices.pay(id);
            } catch (err) {
              if (err.decline_code === "pickup_card") throw err;
            }
          } while (--tries > 0);
        }
        """,
        "javascript",
    )
    assert counted == f"{BURST} (no wait between attempts)"  # 4 attempts: 5 counted down to 1
    assert site.source_line == "do {"


def test_p_retry_with_its_defaults_and_with_options() -> None:
    _, defaults = only(
        """
        const stripe = require("stripe")(key);
        const pRetry = require("p-retry");
        const pay = (id) => pRetry(() => stripe.paymentIntents.confirm(id));
        """,
        "javascript",
    )
    assert defaults == f"{NO_DECLINE}; {BURST} (waits 1 s); more than 4 attempts (up to 11)"
    site, options = only(
        """
        const stripe = require("stripe")(key);
        const pRetry = require("p-retry");
        async function pay(id) {
          return pRetry(
            () => stripe.paymentIntents.confirm(id),
            { retries: 2, minTimeout: 100 }
          );
        }
        """,
        "javascript",
    )
    assert options == f"{NO_DECLINE}; {BURST} (waits 100 ms)"
    assert site.line == 5 and site.source_line == "return pRetry("


def test_async_retry_and_exponential_backoff() -> None:
    _, async_retry = only(
        """
        const stripe = require("stripe")(key);
        const retry = require("async-retry");
        const pay = (id) =>
          retry(async (bail) => stripe.invoices.pay(id), { retries: 3, minTimeout: 2000 });
        """,
        "javascript",
    )
    assert async_retry == f"{NO_DECLINE}; {BURST} (waits 2 s)"
    _, backoff = only(
        """
        const stripe = require("stripe")(key);
        const { backOff } = require("exponential-backoff");
        const pay = (id) => backOff(() => stripe.invoices.pay(id), { numOfAttempts: 4 });
        """,
        "javascript",
    )
    assert backoff == f"{NO_DECLINE}; {BURST} (waits 100 ms)"


def test_options_passed_by_name_are_not_judged() -> None:
    _, breaks = only(
        """
        const stripe = require("stripe")(key);
        const pay = (id) => pRetry(() => stripe.invoices.pay(id), RETRY_OPTIONS);
        """,
        "javascript",
    )
    assert breaks == NO_DECLINE


@pytest.mark.parametrize(
    ("snippet", "items"),
    [
        ("await Promise.all(subs.map((s) => {CHARGE}));", "subs"),
        ("subs.forEach((s) => {CHARGE});", "subs"),
        ("for (const s of subs) { await {CHARGE}; }", "subs"),
        ("for (let i = 0; i < customers.length; i++) { await {CHARGE}; }", "customers"),
    ],
)
def test_node_batches(snippet: str, items: str) -> None:
    charge = (
        "stripe.paymentIntents.create({ amount: 100, currency: 'usd', customer: s.customer, "
        "off_session: true, confirm: true })"
    )
    code = "const stripe = require('stripe')(key);\nasync function run(subs, customers) {\n"
    code += "  " + snippet.replace("{CHARGE}", charge) + "\n}\n"
    site, breaks = only(code, "javascript")
    assert breaks == f"charges every item of {items} at one instant"
    assert site.line == 3


@pytest.mark.parametrize("language", ["typescript", "tsx"])
def test_typescript(language: str) -> None:
    site, breaks = only(
        """
        import Stripe from "stripe";
        const stripe = new Stripe(process.env.STRIPE_SECRET_KEY as string);
        const MAX_TRIES: number = 8;

        export async function pay(id: string): Promise<Stripe.Invoice | undefined> {
          for (let attempt: number = 1; attempt <= MAX_TRIES; attempt++) {
            try {
              return await stripe.invoices.pay(id);
            } catch (err: unknown) {
              await sleep(250);
            }
          }
        }
        """,
        language,
    )
    assert breaks == f"{NO_DECLINE}; {BURST} (waits 250 ms); more than 4 attempts (up to 8)"
    assert (site.line, site.language) == (7, language)


# -- good code is not flagged ----------------------------------------------------------------


def test_a_python_loop_on_the_ladder_with_decline_checks_is_fine() -> None:
    assert not retry_sites(
        """
        import time, stripe
        from datetime import timedelta
        LADDER = (0, 3, 7, 7)
        def pay(invoice_id):
            for gap in LADDER:
                time.sleep(timedelta(days=gap).total_seconds())
                try:
                    return stripe.Invoice.pay(invoice_id)
                except stripe.error.CardError as err:
                    if err.error.decline_code in ("stolen_card", "do_not_honor", "fraudulent"):
                        raise
        """
    )


def test_a_good_tenacity_retry_through_a_helper_that_checks_declines() -> None:
    assert not retry_sites(
        """
        import stripe
        from tenacity import retry, retry_if_exception, stop_after_attempt, wait_fixed

        HARD = frozenset({"stolen_card", "lost_card", "pickup_card", "do_not_honor", "fraudulent"})

        def soft(err):
            return getattr(err, "code", None) not in HARD

        @retry(
            retry=retry_if_exception(soft), stop=stop_after_attempt(4), wait=wait_fixed(3 * 86400)
        )
        def pay(pi):
            return stripe.PaymentIntent.confirm(pi)
        """
    )


def test_a_good_node_p_retry() -> None:
    assert not retry_sites(
        """
        const stripe = require("stripe")(key);
        const THREE_DAYS = 3 * 24 * 60 * 60 * 1000;
        const isHard = (err) => ["stolen_card", "do_not_honor"].includes(err.raw.decline_code);
        const pay = (id) => pRetry(() => stripe.invoices.pay(id), {
          retries: 3,
          minTimeout: THREE_DAYS,
          shouldRetry: (err) => !isHard(err),
        });
        """,
        "javascript",
    )


def test_waits_computed_at_run_time_get_the_benefit_of_the_doubt() -> None:
    _, breaks = only(
        """
        import time, stripe
        def pay(invoice_id, delays):
            for attempt in range(3):
                try:
                    return stripe.Invoice.pay(invoice_id)
                except stripe.error.CardError:
                    time.sleep(delays[attempt])
        """
    )
    assert breaks == NO_DECLINE


def test_scheduling_the_next_attempt_is_not_a_burst() -> None:
    assert not retry_sites(
        """
        import stripe
        def pay(invoice_id, attempt):
            while attempt < 4:
                try:
                    return stripe.Invoice.pay(invoice_id)
                except stripe.error.CardError as err:
                    if err.error.decline_code == "stolen_card":
                        return None
                    retry_queue.enqueue_in(days=3, invoice=invoice_id)
                    return None
        """
    )


# -- one site per construct, nesting, non-charges --------------------------------------------


def test_two_charges_in_one_loop_make_one_site() -> None:
    site, _ = only(
        """
        import time, stripe
        def pay(pi, invoice_id):
            for attempt in range(5):
                try:
                    stripe.PaymentIntent.confirm(pi)
                    stripe.Invoice.pay(invoice_id)
                except stripe.error.CardError:
                    time.sleep(1)
        """
    )
    assert site.line == 4 and site.callee == "stripe.PaymentIntent.confirm"


def test_nested_loops_are_reported_once_at_the_outer_loop() -> None:
    site, breaks = only(
        """
        import time, stripe
        def dunning(subs):
            for sub in subs:
                for attempt in range(5):
                    try:
                        stripe.Invoice.pay(sub.latest_invoice)
                        break
                    except stripe.error.CardError:
                        time.sleep(2)
        """
    )
    assert site.line == 4
    assert breaks == (
        f"{NO_DECLINE}; {BURST} (waits 2 s); more than 4 attempts (up to 5); "
        "charges every item of subs at one instant"
    )


def test_a_retry_decorator_around_a_loop_is_one_site() -> None:
    site, breaks = only(
        """
        import time, stripe
        from tenacity import retry

        @retry
        def pay(pi):
            while True:
                try:
                    return stripe.PaymentIntent.confirm(pi)
                except stripe.error.CardError:
                    time.sleep(1)
        """
    )
    assert site.line == 5
    assert breaks == f"{NO_DECLINE}; {BURST} (no wait between attempts); no attempt limit"


def test_a_paging_loop_around_a_batch_is_not_a_retry() -> None:
    site, breaks = only(
        """
        import stripe
        def bill():
            after = None
            while True:
                page = stripe.Subscription.list(status="active", starting_after=after)
                for sub in page.data:
                    stripe.PaymentIntent.create(
                        amount=sub.cents, currency="usd", customer=sub.customer,
                        off_session=True, confirm=True,
                    )
                if not page.has_more:
                    break
                after = page.data[-1].id
        """
    )
    assert site.line == 7
    assert breaks == "charges every item of page.data at one instant"


@pytest.mark.parametrize(
    "code",
    [
        # a loop that pages is not a retry, even with a try around the charge
        """
        import stripe
        def pay_oldest_open_invoice_per_page():
            page = stripe.Invoice.list(status="open", limit=100)
            while page.has_more:
                try:
                    stripe.Invoice.pay(page.data[0].id)
                except stripe.error.CardError as err:
                    log(err)
                page = page.next_page()
        """,
        # a retry loop around something that is not a charge
        """
        import time, stripe
        def notify(customer):
            for attempt in range(10):
                try:
                    return stripe.Customer.modify(customer, metadata={"n": "1"})
                except Exception:
                    time.sleep(1)
        """,
        # reading a PaymentIntent is not charging it
        """
        import time, stripe
        def status(pi):
            while True:
                try:
                    return stripe.PaymentIntent.retrieve(pi)
                except Exception:
                    time.sleep(1)
        """,
        # one intent per order in a web request: the customer is there, no retry
        """
        import stripe
        def checkout(orders):
            return [stripe.PaymentIntent.create(amount=o.cents, currency="usd") for o in orders]
        """,
        """
        import stripe
        def checkout(orders):
            for order in orders:
                stripe.PaymentIntent.create(
                    amount=order.cents, currency="usd", automatic_payment_methods={"enabled": True}
                )
        """,
        # an unconfirmed intent moves no money, even when its creation is retried
        """
        import time, stripe
        def intent(cents):
            for attempt in range(5):
                try:
                    return stripe.PaymentIntent.create(amount=cents, currency="usd")
                except stripe.error.APIConnectionError:
                    time.sleep(1)
        """,
        # a loop that does not read like a retry
        """
        import stripe
        def split(customer, quantity):
            for i in range(quantity):
                stripe.Charge.create(amount=100, currency="usd", source="tok_visa")
        """,
    ],
)
def test_what_is_not_a_retry_loop(code: str) -> None:
    assert not retry_sites(code)


def test_a_charge_in_a_helper_the_loop_calls_is_not_seen() -> None:
    """Lexical only: documented in migrate/scan/retry.py."""
    assert not retry_sites(
        """
        import time, stripe
        def charge(pi):
            return stripe.PaymentIntent.confirm(pi)
        def pay(pi):
            for attempt in range(9):
                try:
                    return charge(pi)
                except Exception:
                    time.sleep(1)
        """
    )


def test_other_languages_are_not_searched() -> None:
    code = (
        "require 'stripe'\n10.times do\n  begin\n    Stripe::Invoice.pay(id)\n"
        "  rescue Stripe::CardError\n    sleep 1\n  end\nend\n"
    )
    assert [s.rule for s in scan_source(code, "a.rb", BY_NAME["ruby"])] == []


def test_a_charge_nested_in_a_batch_inside_a_retry_loop_joins_the_loop_site() -> None:
    site, breaks = only(
        """
        import time, stripe
        def pay(main_invoice, extra_invoices):
            for attempt in range(3):
                try:
                    stripe.Invoice.pay(main_invoice)
                    for extra in extra_invoices:
                        stripe.Invoice.pay(extra)
                    return
                except stripe.error.CardError:
                    time.sleep(10)
        """
    )
    assert site.line == 4
    assert breaks == (
        f"{NO_DECLINE}; {BURST} (waits 10 s); charges every item of extra_invoices at one instant"
    )


@pytest.mark.parametrize(
    ("code", "language"),
    [
        (
            """
            import time, stripe
            def charge(pi, key):
                for attempt in range(3):
                    try:
                        return stripe.PaymentIntent.confirm(pi, idempotency_key=key)
                    except (stripe.error.APIConnectionError, stripe.error.RateLimitError):
                        time.sleep(2 ** attempt)
            """,
            "python",
        ),
        (
            """
            const stripe = require("stripe")(key);
            const pay = (id) => pRetry(() => stripe.invoices.pay(id), {
              retries: 3,
              shouldRetry: (err) => err.type === "StripeConnectionError",
            });
            """,
            "javascript",
        ),
    ],
)
def test_network_only_retries_are_not_charge_retries(code: str, language: str) -> None:
    assert not retry_sites(code, language)


def test_a_retry_of_any_error_is_a_charge_retry() -> None:
    _, breaks = only(
        """
        import time, stripe
        def charge(pi):
            for attempt in range(3):
                try:
                    return stripe.PaymentIntent.confirm(pi)
                except (stripe.error.APIConnectionError, stripe.error.CardError):
                    time.sleep(2 ** attempt)
        """
    )
    assert breaks == f"{NO_DECLINE}; {BURST} (waits 1 s)"


def test_another_librarys_retry_decorator_is_only_judged_on_decline_checks() -> None:
    _, breaks = only(
        """
        import stripe
        from myapp.resilience import retry

        @retry(times=3, pause_days=3)
        def pay(invoice_id):
            return stripe.Invoice.pay(invoice_id)
        """
    )
    assert breaks == NO_DECLINE
