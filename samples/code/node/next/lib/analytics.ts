// Product analytics: an event named like the billing helper, nothing to do with Stripe.
export function createCheckoutSession({ cartId }: { cartId: string }) {
  return { event: "checkout_session", cartId, at: Date.now() };
}
