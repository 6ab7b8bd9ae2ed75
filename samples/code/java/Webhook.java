import static spark.Spark.post;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.model.StripeObject;
import com.stripe.model.checkout.Session;

/** Webhook route. The class shares its name with com.stripe.net.Webhook, hence the full name. */
public class Webhook {
  public static void register() {
    String endpointSecret = System.getenv("STRIPE_WEBHOOK_SECRET");

    post("/webhook", (request, response) -> {
      Event event;
      try {
        event = com.stripe.net.Webhook.constructEvent(
            request.body(), request.headers("Stripe-Signature"), endpointSecret);
      } catch (SignatureVerificationException e) {
        response.status(400);
        return "";
      }

      StripeObject object = event.getDataObjectDeserializer().getObject().orElse(null);
      switch (event.getType()) {
        case "checkout.session.completed":
          String id = ((Session) object).getId();
          Session session = Session.retrieve(id);
          System.out.println("fulfil " + session.getId() + ": " + session.getPaymentStatus());
          break;
        case "checkout.session.expired":
          System.out.println("expired before payment: " + ((Session) object).getId());
          break;
        default:
          System.out.println("unhandled event type " + event.getType());
      }
      response.status(200);
      return "";
    });
  }
}
