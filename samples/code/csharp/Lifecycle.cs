using System.Collections.Generic;
using System.Threading.Tasks;
using Stripe;

namespace Shop.Billing
{
    // Saved cards, upsells and plan changes around Checkout: the calls seeds 001 and 003 replace.
    public class Lifecycle
    {
        private const string TeamYearly = "price_1QDotnetTeamYearly";

        private readonly StripeClient client;
        private readonly PaymentIntentService paymentIntents = new PaymentIntentService();

        public Lifecycle(StripeClient client)
        {
            this.client = client;
        }

        // Charges the onboarding fee now and keeps the card for the monthly usage bill.
        public PaymentIntent Onboard(string customerId)
        {
            return paymentIntents.Create(new PaymentIntentCreateOptions
            {
                Amount = 4900,
                Currency = "usd",
                Customer = customerId,
                SetupFutureUsage = "off_session",
                Description = "Onboarding fee",
            });
        }

        // The nightly usage job: no customer on the page.
        public async Task<PaymentIntent> BillUsageAsync(string customerId, string paymentMethodId, long cents)
        {
            var options = new PaymentIntentCreateOptions
            {
                Amount = cents,
                Currency = "usd",
                Customer = customerId,
                PaymentMethod = paymentMethodId,
                OffSession = true,
                Confirm = true,
            };
            return await client.V1.PaymentIntents.CreateAsync(options);
        }

        // One click after checkout: the buyer is on the thank-you page, the card is on file.
        public PaymentIntent AcceptUpsell(string customerId, string paymentMethodId)
        {
            var options = new PaymentIntentCreateOptions
            {
                Amount = 1900,
                Currency = "usd",
                Customer = customerId,
                PaymentMethod = paymentMethodId,
                Confirm = true,
            };
            options.ReturnUrl = "https://shop.example.com/upsell/thanks";
            return paymentIntents.Create(options);
        }

        public SetupIntent SaveCard(string customerId)
        {
            return new SetupIntentService().Create(
                new SetupIntentCreateOptions { Customer = customerId, Usage = "off_session" });
        }

        // From 2016, still running: the Charges API on the customer's default card.
        public Charge LegacyTopUp(string customerId)
        {
            return new ChargeService().Create(
                new ChargeCreateOptions { Amount = 2500, Currency = "eur", Customer = customerId });
        }

        public Task<Invoice> PreviewUpgradeAsync(string subscriptionId, string itemId)
        {
            return new InvoiceService().CreatePreviewAsync(new InvoiceCreatePreviewOptions
            {
                Subscription = subscriptionId,
                SubscriptionDetails = new InvoiceSubscriptionDetailsOptions
                {
                    Items = new List<InvoiceSubscriptionDetailsItemOptions>
                    {
                        new InvoiceSubscriptionDetailsItemOptions { Id = itemId, Price = TeamYearly },
                    },
                    ProrationBehavior = "create_prorations",
                },
            });
        }

        public Subscription Upgrade(string subscriptionId, string itemId)
        {
            var service = new SubscriptionService();
            return service.Update(subscriptionId, new SubscriptionUpdateOptions
            {
                Items = new List<SubscriptionItemOptions>
                {
                    new SubscriptionItemOptions { Id = itemId, Price = TeamYearly },
                },
                ProrationBehavior = "always_invoice",
            });
        }

        public Task<SubscriptionItem> AddSeatsAsync(string itemId, long seats)
        {
            return client.V1.SubscriptionItems.UpdateAsync(itemId, new SubscriptionItemUpdateOptions
            {
                Quantity = seats,
                ProrationBehavior = "none",
            });
        }

        public PaymentIntent RetryPayment(string intentId)
        {
            return paymentIntents.Confirm(intentId, new PaymentIntentConfirmOptions { OffSession = true });
        }
    }
}
