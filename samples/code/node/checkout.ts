import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY as string);

export async function subscribe(priceId: string, email: string): Promise<string | null> {
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: "subscription",
    line_items: [{ price: priceId, quantity: 1 }],
    customer_email: email,
    subscription_data: { trial_period_days: 7 },
    success_url: "https://app.example.com/ok",
  };
  params.allow_promotion_codes = true;
  const session = await stripe.checkout.sessions.create(params);
  return session.url;
}
