import static spark.Spark.port;
import static spark.Spark.post;

import com.stripe.Stripe;
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

/** Spark server: a one-time T-shirt purchase and a Pro subscription with a 14-day trial. */
public class Server {
  public static void main(String[] args) {
    port(4242);
    Stripe.apiKey = System.getenv("STRIPE_SECRET_KEY");
    String domain = System.getenv().getOrDefault("APP_DOMAIN", "http://localhost:4242");

    post("/create-checkout-session", (request, response) -> {
      SessionCreateParams params =
          SessionCreateParams.builder()
              .setMode(SessionCreateParams.Mode.PAYMENT)
              .setSuccessUrl(domain + "/success.html")
              .setCancelUrl("https://example.com/cancel")
              .addLineItem(
                  SessionCreateParams.LineItem.builder()
                      .setQuantity(1L)
                      .setPrice("price_1QJavaTshirtBlue")
                      .build())
              .build();
      Session session = Session.create(params);
      response.redirect(session.getUrl(), 303);
      return "";
    });

    post("/subscribe", (request, response) -> {
      SessionCreateParams params =
          SessionCreateParams.builder()
              .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
              .addLineItem(
                  SessionCreateParams.LineItem.builder()
                      .setPrice(request.queryParams("priceId"))
                      .setQuantity(1L)
                      .build())
              .setSubscriptionData(
                  SessionCreateParams.SubscriptionData.builder().setTrialPeriodDays(14L).build())
              .putMetadata("plan", "pro")
              .setSuccessUrl("https://example.com/welcome?session_id={CHECKOUT_SESSION_ID}")
              .build();
      Session session = Session.create(params);
      response.redirect(session.getUrl(), 303);
      return "";
    });
  }
}
