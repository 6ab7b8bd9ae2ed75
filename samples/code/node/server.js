// Express: one-time payment and a subscription.
const express = require("express");
const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);

const app = express();
const YOUR_DOMAIN = "http://localhost:4242";

app.post("/create-checkout-session", async (req, res) => {
  const session = await stripe.checkout.sessions.create({
    line_items: [
      {
        price: "price_1Tshirt",
        quantity: 2,
      },
    ],
    mode: "payment",
    success_url: `${YOUR_DOMAIN}/success.html`,
    cancel_url: `http://localhost:4242/cancel.html`,
    automatic_tax: { enabled: true },
  });
  res.redirect(303, session.url);
});

app.post("/portal", async (req, res) => {
  // stripe.checkout.sessions.create({ mode: "setup" }) is not what we want here
  const portal = await stripe.billingPortal.sessions.create({ customer: req.body.customer });
  const intent = await stripe.paymentIntents.create({ amount: 100, currency: "usd" });
  const s = await stripe.checkout.sessions.retrieve(req.query.id);
  console.log("stripe.checkout.sessions.create is called elsewhere", intent.id, s.id);
  res.redirect(303, portal.url);
});

app.listen(4242);
