import { betterAuth } from "better-auth";
import { nextCookies } from "better-auth/next-js";
import { stripe } from "@better-auth/stripe";
import Stripe from "stripe";

const stripeClient = new Stripe(process.env.STRIPE_SECRET_KEY!, {
  apiVersion: "2025-06-30.basil",
});

// The plans of the pricing page: each a Stripe price (the annual one discounted).
export const auth = betterAuth({
  emailAndPassword: { enabled: true },
  plugins: [
    nextCookies(),
    stripe({
      stripeClient,
      stripeWebhookSecret: process.env.STRIPE_WEBHOOK_SECRET!,
      createCustomerOnSignUp: true,
      subscription: {
        enabled: true,
        plans: [
          {
            name: "starter",
            priceId: "price_1NotesStarterMonthly",
            limits: { notebooks: 5 },
          },
          {
            name: "pro",
            priceId: "price_1NotesProMonthly",
            annualDiscountPriceId: "price_1NotesProYearly",
            limits: { notebooks: 100 },
            freeTrial: { days: 14 },
          },
          {
            name: "team",
            priceId: process.env.STRIPE_PRICE_TEAM,
          },
        ],
        onSubscriptionComplete: async ({ subscription, plan }) => {
          console.log(`subscription ${subscription.id} started on ${plan.name}`);
        },
      },
    }),
  ],
});
