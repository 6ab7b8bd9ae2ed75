// Unit tests: the Stripe client is a mock, so none of these calls creates a Checkout Session.
import Stripe from "stripe";

const stripe = { checkout: { sessions: { create: jest.fn(), retrieve: jest.fn() } } };

describe("createProCheckout", () => {
  it("sends the plan price", async () => {
    stripe.checkout.sessions.create.mockResolvedValue({ url: "https://checkout.stripe.com/x" });
    await stripe.checkout.sessions.create({ mode: "subscription" });
    expect(stripe.checkout.sessions.create).toHaveBeenCalledWith(
      expect.objectContaining({ mode: "subscription" }),
    );
  });

  it("spies on the real client", async () => {
    const client = new Stripe("sk_test_123");
    jest.spyOn(client.checkout.sessions, "create").mockResolvedValue({} as Stripe.Response<Stripe.Checkout.Session>);
    await client.checkout.sessions.create({ mode: "payment" });
  });
});
