// Express webhook endpoint: verifies the signature, then dispatches on the event type.
const express = require("express");
const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);

const app = express();

app.post("/webhook", express.raw({ type: "application/json" }), async (req, res) => {
  const event = stripe.webhooks.constructEvent(
    req.body,
    req.headers["stripe-signature"],
    process.env.STRIPE_WEBHOOK_SECRET
  );
  switch (event.type) {
    case "checkout.session.completed": {
      const items = await stripe.checkout.sessions.listLineItems(event.data.object.id);
      await fulfil(items.data);
      break;
    }
    case "invoice.payment_failed":
      await notifyBilling(event.data.object.customer);
      break;
    case "customer.subscription.trial_will_end":
      await remind(event.data.object.customer);
      break;
    default:
      console.log(`Unhandled event type ${event.type}`); // "checkout.session.expired" is ignored
  }
  res.json({ received: true });
});

async function downgrade(subscriptionId, itemId) {
  return stripe.subscriptions.update(subscriptionId, {
    items: [{ id: itemId, price: "price_1Basic" }],
    proration_behavior: "none",
  });
}

async function chargeLater(customer, paymentMethod) {
  return stripe.paymentIntents.create({
    amount: 4200,
    currency: "usd",
    customer,
    payment_method: paymentMethod,
    off_session: true,
    confirm: true,
  });
}

module.exports = { app, downgrade, chargeLater };
