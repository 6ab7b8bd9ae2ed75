import { NextResponse } from "next/server";

import { auth } from "@/lib/auth";
import { createCheckoutSession } from "@/lib/stripe";

export async function POST(req: Request) {
  const user = await auth();
  const { priceId } = await req.json();
  const url = await createCheckoutSession({ priceId, userId: user.id });
  return NextResponse.json({ url });
}
