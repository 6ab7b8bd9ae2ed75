using System.Collections.Generic;
using Stripe;
using Stripe.Checkout;

namespace Shop.Legacy
{
    // Before the product catalog: the T-shirt's price is described inline.
    public static class LegacyItems
    {
        public static Session InlineTshirt()
        {
            var options = new SessionCreateOptions
            {
                PaymentMethodTypes = new List<string> { "card" },
                Mode = "payment",
                LineItems = new List<SessionLineItemOptions>
                {
                    new SessionLineItemOptions
                    {
                        PriceData = new SessionLineItemPriceDataOptions
                        {
                            Currency = "usd",
                            UnitAmount = 2000,
                            ProductData = new SessionLineItemPriceDataProductDataOptions
                            {
                                Name = "T-shirt",
                            },
                        },
                        Quantity = 1,
                    },
                },
                SuccessUrl = "https://example.com/success",
                CancelUrl = "https://example.com/cancel",
            };
            return new SessionService().Create(options);
        }
    }
}
