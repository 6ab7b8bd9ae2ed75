using Stripe;

namespace Shop.Account
{
    // Not Checkout: the billing portal, and a plain PaymentIntent (translated as a call around
    // Checkout: a Dodo checkout session for the amount).
    // Checkout sessions come from new SessionService().Create(options) in CheckoutController.
    public class Lookalikes
    {
        private const string Help = "Use Stripe.Checkout.SessionService.Create(options) for purchases";

        public string OpenPortal(string customerId)
        {
            var portal = new Stripe.BillingPortal.SessionService().Create(
                new Stripe.BillingPortal.SessionCreateOptions
                {
                    Customer = customerId,
                    ReturnUrl = "https://example.com/account",
                });
            return portal.Url;
        }

        public PaymentIntent ChargeNow()
        {
            return new PaymentIntentService().Create(
                new PaymentIntentCreateOptions { Amount = 1000, Currency = "usd" });
        }
    }
}
