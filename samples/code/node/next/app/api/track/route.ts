import { NextResponse } from "next/server";

import { createCheckoutSession } from "@/lib/analytics";

export async function POST(req: Request) {
  const { cartId } = await req.json();
  return NextResponse.json(createCheckoutSession({ cartId }));
}
