import com.stripe.exception.StripeException;
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Older code paths: an inline price, and the untyped map params of stripe-java before builders. */
public class LegacyItems {
  static Session inlineTshirt() throws StripeException {
    SessionCreateParams params =
        SessionCreateParams.builder()
            .addPaymentMethodType(SessionCreateParams.PaymentMethodType.CARD)
            .setMode(SessionCreateParams.Mode.PAYMENT)
            .addLineItem(
                SessionCreateParams.LineItem.builder()
                    .setQuantity(1L)
                    .setPriceData(
                        SessionCreateParams.LineItem.PriceData.builder()
                            .setCurrency("usd")
                            .setUnitAmount(2000L)
                            .setProductData(
                                SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                    .setName("T-shirt")
                                    .build())
                            .build())
                    .build())
            .setSuccessUrl("https://example.com/success")
            .setCancelUrl("https://example.com/cancel")
            .build();
    return Session.create(params);
  }

  static Session mugsFromMap() throws StripeException {
    Map<String, Object> params = new HashMap<>();
    params.put("mode", "payment");
    params.put("success_url", "https://example.com/s");
    params.put("cancel_url", "https://example.com/c");
    params.put("line_items", List.of(Map.of("price", "price_1QJavaMug", "quantity", 2)));
    return Session.create(params);
  }
}
