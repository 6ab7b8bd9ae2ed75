import { redirect } from "next/navigation";

import { auth } from "@/lib/auth";
import { createCheckoutSession as checkout } from "@/lib/stripe";

export async function GET() {
  const user = await auth();
  const url = await checkout({ priceId: "price_1NextTeamYearly", userId: user.id, quantity: 5 });
  redirect(url!);
}
