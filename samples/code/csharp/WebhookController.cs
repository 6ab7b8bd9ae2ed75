using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc;
using Stripe;
using Stripe.Checkout;

namespace Shop.Controllers
{
    [Route("webhook")]
    [ApiController]
    public class WebhookController : Controller
    {
        private readonly string secret = Environment.GetEnvironmentVariable("STRIPE_WEBHOOK_SECRET");

        [HttpPost]
        public async Task<IActionResult> Index()
        {
            var json = await new StreamReader(HttpContext.Request.Body).ReadToEndAsync();
            try
            {
                var stripeEvent = EventUtility.ConstructEvent(json, Request.Headers["Stripe-Signature"], secret);
                if (stripeEvent.Type == "checkout.session.completed")
                {
                    var completed = (Session)stripeEvent.Data.Object;
                    var session = new SessionService().Get(completed.Id);
                    Console.WriteLine($"fulfil {session.Id}: {session.PaymentStatus}");
                }
                else if (stripeEvent.Type == EventTypes.InvoicePaid)
                {
                    var invoice = (Invoice)stripeEvent.Data.Object;
                    Console.WriteLine($"extend access for {invoice.CustomerId}");
                }
                return Ok();
            }
            catch (StripeException e)
            {
                Console.WriteLine($"webhook rejected: {e.Message}");
                return BadRequest();
            }
        }
    }
}
