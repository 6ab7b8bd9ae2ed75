// A Cloudflare Worker that creates the session with fetch: no Stripe SDK in the bundle.
interface Env {
  STRIPE_SECRET_KEY: string;
}

const STRIPE_API = "https://api.stripe.com/v1";

async function createSession(env: Env, origin: string, priceId: string, quantity: number, orderId: string) {
  const form = new URLSearchParams();
  form.set("mode", "payment");
  form.set("success_url", `${origin}/thanks?session_id={CHECKOUT_SESSION_ID}`);
  form.set("cancel_url", `${origin}/cart`);
  form.set("metadata[order_id]", orderId);
  form.set("line_items[0][price]", priceId);
  form.set("line_items[0][quantity]", String(quantity));
  form.set("line_items[1][price]", "price_1WorkerDelivery"); // the delivery fee, always
  form.set("line_items[1][quantity]", "1");
  const res = await fetch(`${STRIPE_API}/checkout/sessions`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${env.STRIPE_SECRET_KEY}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: form.toString(),
  });
  return res.json();
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const { priceId, quantity, orderId } = await request.json<{
      priceId: string;
      quantity: number;
      orderId: string;
    }>();
    const session = await createSession(env, new URL(request.url).origin, priceId, quantity, orderId);
    return Response.json({ url: session.url });
  },
};
