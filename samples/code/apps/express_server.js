// An Express server: the plan's price from the environment, the customer from the user.
const express = require("express");
const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);

const app = express();
app.use(express.json());
const DOMAIN = process.env.DOMAIN || "http://localhost:4242";

app.post("/create-checkout-session", async (req, res) => {
  const priceId = req.body.plan === "yearly" ? process.env.PRICE_YEARLY : process.env.PRICE_MONTHLY;
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: priceId, quantity: 1 }],
    customer: req.user.stripeCustomerId,
    metadata: { userId: req.user.id },
    success_url: DOMAIN + "/account",
    cancel_url: DOMAIN + "/pricing",
  });
  res.json({ id: session.id, url: session.url });
});

app.listen(4242);
