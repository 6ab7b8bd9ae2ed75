// An admin route that publishes a plan (a Next.js API handler's shape): the Stripe product and
// price are made when the admin saves the plan, and the price id is stored for the pricing page.
import Stripe from "stripe";

const stripe = new Stripe(process.env.STRIPE_SECRET_KEY!);

export async function publishPlan(plan: { name: string; cents: number; yearly: boolean }, db: any) {
  const price = await stripe.prices.create({
    unit_amount: plan.cents,
    currency: "eur",
    recurring: { interval: plan.yearly ? "year" : "month" },
    product_data: { name: plan.name },
  });
  await db.plan.update({ where: { name: plan.name }, data: { stripePriceId: price.id } });
  return price.id;
}

export async function retirePlan(productId: string) {
  await stripe.products.update(productId, { active: false });
  // stripe.prices.create({ unit_amount: 100, currency: "eur" }) in a comment is no write
  return stripe.prices.list({ product: productId });
}
