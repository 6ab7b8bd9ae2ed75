// A Cloudflare Worker that creates the session with fetch: no Stripe SDK in the bundle.
interface Env {
  STRIPE_SECRET_KEY: string;
}

type CartItem = { name: string; cents: number; quantity: number };

const STRIPE_API = "https://api.stripe.com/v1";

async function createSession(env: Env, origin: string, items: CartItem[], orderId: string) {
  const form = new URLSearchParams();
  form.set("mode", "payment");
  form.set("success_url", `${origin}/thanks?session_id={CHECKOUT_SESSION_ID}`);
  form.set("cancel_url", `${origin}/cart`);
  form.set("metadata[order_id]", orderId);
  let i = 0;
  for (const item of items) {
    form.set(`line_items[${i}][quantity]`, String(item.quantity));
    form.set(`line_items[${i}][price_data][currency]`, "eur");
    form.set(`line_items[${i}][price_data][unit_amount]`, String(item.cents));
    form.set(`line_items[${i}][price_data][product_data][name]`, item.name);
    i++;
  }
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
    const { items, orderId } = await request.json<{ items: CartItem[]; orderId: string }>();
    const session = await createSession(env, new URL(request.url).origin, items, orderId);
    return Response.json({ url: session.url });
  },
};
