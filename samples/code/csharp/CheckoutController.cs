using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc;
using Stripe;
using Stripe.Checkout;

namespace Shop.Controllers
{
    [Route("checkout")]
    [ApiController]
    public class CheckoutController : Controller
    {
        private readonly string domain =
            Environment.GetEnvironmentVariable("APP_DOMAIN") ?? "http://localhost:4242";

        public CheckoutController()
        {
            StripeConfiguration.ApiKey = Environment.GetEnvironmentVariable("STRIPE_SECRET_KEY");
        }

        [HttpPost("one-time")]
        public ActionResult CreateOneTime()
        {
            var options = new SessionCreateOptions
            {
                LineItems = new List<SessionLineItemOptions>
                {
                    new SessionLineItemOptions { Price = "price_1QNetTshirtBlue", Quantity = 1 },
                },
                Mode = "payment",
                SuccessUrl = domain + "/success.html",
                CancelUrl = "https://example.com/cancel",
            };
            var service = new SessionService();
            Session session = service.Create(options);
            Response.Headers.Append("Location", session.Url);
            return new StatusCodeResult(303);
        }

        [HttpPost("subscribe")]
        public async Task<ActionResult> Subscribe([FromForm] string priceId)
        {
            var options = new SessionCreateOptions
            {
                Mode = "subscription",
                LineItems = new List<SessionLineItemOptions>
                {
                    new SessionLineItemOptions { Price = priceId, Quantity = 1 },
                },
                SubscriptionData = new SessionSubscriptionDataOptions { TrialPeriodDays = 14 },
                Metadata = new Dictionary<string, string> { { "plan", "pro" } },
                SuccessUrl = "https://example.com/welcome?session_id={CHECKOUT_SESSION_ID}",
            };
            var service = new SessionService();
            Session session = await service.CreateAsync(options);
            return Redirect(session.Url);
        }
    }
}
