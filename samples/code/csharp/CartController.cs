using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Stripe.Checkout;

namespace Shop.Controllers;

[ApiController]
[Route("api/checkout")]
public class CartController : ControllerBase
{
    private readonly IConfiguration _configuration;
    private readonly SessionService _sessions;

    public CartController(IConfiguration configuration, SessionService sessions)
    {
        _configuration = configuration;
        _sessions = sessions;
    }

    // The cart: one line item per cart line, prices chosen in the browser from the catalog.
    [HttpPost("cart")]
    public async Task<IActionResult> Cart([FromBody] CartRequest request)
    {
        var domain = _configuration["App:Domain"];
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            SuccessUrl = domain + "/order/success?session_id={CHECKOUT_SESSION_ID}",
            CancelUrl = domain + "/cart",
            CustomerEmail = request.Email,
            PaymentMethodTypes = new List<string> { request.PaymentMethod ?? "card" },
            LineItems = request.Lines.Select(line => new SessionLineItemOptions
            {
                Price = line.PriceId,
                Quantity = line.Quantity,
            }).ToList(),
        };
        options.LineItems.Add(new SessionLineItemOptions
        {
            Price = _configuration["Stripe:ShippingPrice"],
            Quantity = 1,
        });
        if (request.GiftWrap)
        {
            options.LineItems.Add(new SessionLineItemOptions
            {
                Price = _configuration["Stripe:GiftWrapPrice"],
                Quantity = 1,
            });
        }
        options.Metadata = new Dictionary<string, string> { ["cart_id"] = request.CartId };
        var session = await _sessions.CreateAsync(options);
        return Ok(new { url = session.Url });
    }

    // The plans page: monthly or yearly, the price ids from appsettings.json.
    [HttpPost("plan")]
    public IActionResult Plan([FromQuery] string plan)
    {
        var session = _sessions.Create(PlanOptions(plan == "yearly"));
        return Ok(new { url = session.Url });
    }

    private SessionCreateOptions PlanOptions(bool yearly) => new SessionCreateOptions
    {
        Mode = "subscription",
        SuccessUrl = _configuration["App:Domain"] + "/welcome",
        LineItems = new List<SessionLineItemOptions>
        {
            new SessionLineItemOptions
            {
                Price = yearly ? _configuration["Stripe:YearlyPrice"] : _configuration["Stripe:MonthlyPrice"],
                Quantity = 1,
            },
        },
        SubscriptionData = new SessionSubscriptionDataOptions { TrialPeriodDays = 14 },
    };
}
