import Stripe from "stripe";

export const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

type CheckoutArgs = { priceId: string; userId: string; quantity?: number };

// The app's one creation call: the API routes pass the plan and the signed-in user.
export async function createCheckoutSession({ priceId, userId, quantity = 1 }: CheckoutArgs) {
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    line_items: [{ price: priceId, quantity }],
    client_reference_id: userId,
    success_url: `${process.env.NEXT_PUBLIC_APP_URL}/dashboard?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${process.env.NEXT_PUBLIC_APP_URL}/pricing`,
  });
  return session.url;
}
