// Charging saved cards again after a failure: three loops Dodo's safe retry policy forbids
// (seconds apart, hard declines retried, every customer at once) and one it allows.
const Stripe = require("stripe");
const pRetry = require("p-retry");

const stripe = Stripe(process.env.STRIPE_SECRET_KEY);
const DAY_MS = 24 * 60 * 60 * 1000;
const LADDER_DAYS = [0, 3, 10, 17];
const HARD_DECLINES = new Set(["stolen_card", "lost_card", "pickup_card", "do_not_honor", "fraudulent"]);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Bad: five attempts a second apart, whatever the decline.
async function payInvoice(invoiceId) {
  for (let attempt = 1; attempt <= 5; attempt++) {
    try {
      return await stripe.invoices.pay(invoiceId);
    } catch (err) {
      if (err.type !== "StripeCardError") throw err;
      await sleep(1000);
    }
  }
  throw new Error(`invoice ${invoiceId} is still unpaid`);
}

// Bad: p-retry makes six attempts within a minute.
async function confirmWithRetry(paymentIntentId) {
  return pRetry(() => stripe.paymentIntents.confirm(paymentIntentId), { retries: 5 });
}

// Bad: the monthly usage run charges every customer at the same instant.
async function chargeUsage(subscriptions) {
  return Promise.all(
    subscriptions.map((sub) =>
      stripe.paymentIntents.create({
        amount: sub.usageCents,
        currency: "usd",
        customer: sub.customerId,
        payment_method: sub.paymentMethodId,
        off_session: true,
        confirm: true,
      })
    )
  );
}

// Good: at most 4 attempts on the T, +3, +10, +17-day ladder, no hard decline retried, and a
// repeated decline stops the retries.
async function retryOnLadder(paymentIntentId, firstAttemptAt) {
  let lastCode = null;
  for (const days of LADDER_DAYS) {
    await sleep(Math.max(firstAttemptAt + days * DAY_MS - Date.now(), 0));
    try {
      return await stripe.paymentIntents.confirm(paymentIntentId, { off_session: true });
    } catch (err) {
      const code = err.raw && err.raw.decline_code;
      if (HARD_DECLINES.has(code) || code === lastCode) throw err;
      lastCode = code;
    }
  }
  return null;
}

module.exports = { payInvoice, confirmWithRetry, chargeUsage, retryOnLadder };
