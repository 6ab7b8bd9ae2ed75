import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.param.PaymentIntentCreateParams;

/**
 * Not Checkout: the billing portal, a PaymentIntent (translated as a call around Checkout: a Dodo
 * checkout session for the amount), and text that only mentions sessions.
 */
public class Lookalikes {
  // Checkout sessions are created with Session.create(params) in Server.java, not here.
  static final String HELP = "call Session.create(SessionCreateParams) to start Checkout";

  static String openPortal(String customerId) throws StripeException {
    com.stripe.param.billingportal.SessionCreateParams params =
        com.stripe.param.billingportal.SessionCreateParams.builder()
            .setCustomer(customerId)
            .setReturnUrl("https://example.com/account")
            .build();
    return com.stripe.model.billingportal.Session.create(params).getUrl();
  }

  static PaymentIntent chargeNow() throws StripeException {
    PaymentIntentCreateParams params =
        PaymentIntentCreateParams.builder().setAmount(1000L).setCurrency("usd").build();
    return PaymentIntent.create(params);
  }
}
