// app/api/checkout/route.ts: a Next.js route handler
import { NextResponse } from "next/server";
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

type CartItem = { priceId: string; quantity: number };

export async function POST(req: Request) {
  const { items, email }: { items: CartItem[]; email: string } = await req.json();
  const origin = process.env.NEXT_PUBLIC_SITE_URL ?? "http://localhost:3000";
  const { url } = await stripe.checkout.sessions.create({
    mode: "payment",
    line_items: items.map((item) => ({ price: item.priceId, quantity: item.quantity })),
    customer_email: email,
    success_url: `${origin}/thanks`,
    cancel_url: `${origin}/cart`,
  });
  return NextResponse.json({ url });
}
