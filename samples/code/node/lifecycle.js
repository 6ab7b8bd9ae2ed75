// Saved cards, upsells and plan changes: the Stripe calls seeds 001 and 003 replace.
const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);

async function saveCardForUsage(customerId) {
  return stripe.setupIntents.create({
    customer: customerId,
    usage: "off_session",
    payment_method_types: ["card"],
  });
}

async function chargeUsage(customerId, paymentMethodId, cents) {
  return stripe.paymentIntents.create({
    amount: cents,
    currency: "usd",
    customer: customerId,
    payment_method: paymentMethodId,
    off_session: true,
    confirm: true,
    description: "API usage",
  });
}

async function acceptUpsell(customerId, paymentMethodId) {
  return stripe.paymentIntents.create({
    amount: 14900,
    currency: "usd",
    customer: customerId,
    payment_method: paymentMethodId,
    confirm: true,
    return_url: "https://shop.example.com/upsell/thanks",
  });
}

async function downgrade(subscriptionId, itemId) {
  const preview = await stripe.invoices.retrieveUpcoming({
    subscription: subscriptionId,
    subscription_items: [{ id: itemId, price: "price_1QGoldUsdMonthly" }],
    subscription_proration_behavior: "create_prorations",
  });
  await stripe.subscriptions.update(subscriptionId, {
    items: [{ id: itemId, price: "price_1QGoldUsdMonthly" }],
    proration_behavior: "none",
  });
  return preview;
}
