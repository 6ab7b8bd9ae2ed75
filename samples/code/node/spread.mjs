import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);

const common = {
  success_url: "https://donate.example.com/thanks",
  cancel_url: "https://donate.example.com/",
  submit_type: "donate",
};

export function donate(amount, opts) {
  const base = { ...common, currency: "usd" };
  return stripe.checkout.sessions.create(
    {
      ...base,
      ...opts,
      mode: "payment",
      line_items: [
        {
          price_data: { currency: "usd", unit_amount: amount, product_data: { name: "Donation" } },
          quantity: 1,
        },
      ],
    },
    { idempotencyKey: "donation-1" },
  );
}
