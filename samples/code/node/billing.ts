// Next.js server actions: plan prices from the environment, a typed params object built over
// several statements.
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY as string);

const PLANS = {
  starter: { monthly: process.env.STRIPE_PRICE_STARTER_MONTHLY!, seats: 3 },
  pro: { monthly: "price_1ProMonthly", yearly: "price_1ProYearly", seats: 10 },
};

interface User {
  id: string;
  email: string;
  stripeCustomerId: string | null;
  hadTrial: boolean;
}

export async function createProCheckout(user: User, interval: "month" | "year") {
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: "subscription",
    line_items: [
      { price: interval === "year" ? PLANS.pro.yearly : PLANS.pro.monthly, quantity: 1 },
    ],
    success_url: `${process.env.APP_URL}/billing?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${process.env.APP_URL}/pricing`,
  };
  if (user.stripeCustomerId) {
    params.customer = user.stripeCustomerId;
  } else {
    params.customer_email = user.email;
  }
  if (!user.hadTrial) {
    params.subscription_data = { trial_period_days: 14 };
  }
  params.metadata = { userId: user.id };
  params.allow_promotion_codes = true;
  const session = await stripe.checkout.sessions.create(params);
  return session.url;
}

function checkoutUrls(teamId: string) {
  return {
    success_url: `${process.env.APP_URL}/teams/${teamId}/welcome`,
    cancel_url: process.env.CANCEL_URL || "https://app.example.com/pricing",
  };
}

export async function createStarterCheckout(teamId: string, seats?: number) {
  const price = PLANS.starter.monthly;
  return stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price, quantity: seats ?? PLANS.starter.seats }],
    client_reference_id: teamId,
    ...checkoutUrls(teamId),
  });
}
