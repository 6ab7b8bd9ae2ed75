// Express shop: carts and orders read from the database, line items built by mapping.
const express = require("express");
const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);

const app = express();

function toLineItem(row) {
  return { price: row.stripePriceId, quantity: row.quantity };
}

function buildLineItems(cart) {
  return cart.items.map((item) => ({
    price_data: {
      currency: "eur",
      unit_amount: item.unitAmount,
      product_data: { name: item.name },
    },
    quantity: item.quantity,
  }));
}

app.post("/checkout", async (req, res) => {
  const cart = await db.carts.findById(req.session.cartId);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: buildLineItems(cart),
    success_url: `${process.env.PUBLIC_URL}/thanks`,
    cancel_url: `${process.env.PUBLIC_URL}/cart`,
  });
  res.redirect(303, session.url);
});

app.post("/orders/:id/reorder", async (req, res) => {
  const order = await db.orders.findById(req.params.id);
  const lineItems = [];
  for (const row of order.rows) {
    lineItems.push({ price: row.stripePriceId, quantity: row.quantity });
  }
  const params = { mode: "payment", line_items: lineItems };
  Object.assign(params, {
    customer: order.stripeCustomerId,
    metadata: { orderId: order.id },
    success_url: `${process.env.PUBLIC_URL}/thanks`,
  });
  const session = await stripe.checkout.sessions.create(params);
  res.redirect(303, session.url);
});

app.post("/orders/:id/buy-again", async (req, res) => {
  const order = await db.orders.findById(req.params.id);
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: order.rows.map(toLineItem),
    success_url: `${process.env.PUBLIC_URL}/thanks`,
  });
  res.redirect(303, session.url);
});
