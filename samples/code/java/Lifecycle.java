import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.Invoice;
import com.stripe.model.PaymentIntent;
import com.stripe.model.SetupIntent;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import com.stripe.param.ChargeCreateParams;
import com.stripe.param.InvoiceCreatePreviewParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.SetupIntentCreateParams;
import com.stripe.param.SubscriptionItemUpdateParams;
import com.stripe.param.SubscriptionUpdateParams;

/** Saved cards, upsells and plan changes around Checkout: the calls seeds 001 and 003 replace. */
public class Lifecycle {
  static final String TEAM_YEARLY = "price_1QJavaTeamYearly";

  private final StripeClient client = new StripeClient(System.getenv("STRIPE_SECRET_KEY"));

  /** Charges the onboarding fee now and keeps the card for the monthly usage bill. */
  static PaymentIntent onboard(String customerId) throws StripeException {
    return PaymentIntent.create(
        PaymentIntentCreateParams.builder()
            .setAmount(4900L)
            .setCurrency("usd")
            .setCustomer(customerId)
            .setSetupFutureUsage(PaymentIntentCreateParams.SetupFutureUsage.OFF_SESSION)
            .setDescription("Onboarding fee")
            .build());
  }

  /** The nightly usage job: no customer on the page. */
  PaymentIntent billUsage(String customerId, String paymentMethodId, long cents)
      throws StripeException {
    PaymentIntentCreateParams params =
        PaymentIntentCreateParams.builder()
            .setAmount(cents)
            .setCurrency("usd")
            .setCustomer(customerId)
            .setPaymentMethod(paymentMethodId)
            .setOffSession(true)
            .setConfirm(true)
            .build();
    return client.paymentIntents().create(params);
  }

  /** One click after checkout: the buyer is on the thank-you page, the card is on file. */
  PaymentIntent acceptUpsell(String customerId, String paymentMethodId) throws StripeException {
    return client.v1().paymentIntents().create(
        PaymentIntentCreateParams.builder()
            .setAmount(1900L)
            .setCurrency("usd")
            .setCustomer(customerId)
            .setPaymentMethod(paymentMethodId)
            .setConfirm(true)
            .setReturnUrl("https://shop.example.com/upsell/thanks")
            .build());
  }

  static SetupIntent saveCard(String customerId) throws StripeException {
    return SetupIntent.create(
        SetupIntentCreateParams.builder()
            .setCustomer(customerId)
            .setUsage(SetupIntentCreateParams.Usage.OFF_SESSION)
            .build());
  }

  /** From 2016, still running: the Charges API on the customer's default card. */
  static Charge legacyTopUp(String customerId) throws StripeException {
    return Charge.create(
        ChargeCreateParams.builder()
            .setAmount(2500L)
            .setCurrency("eur")
            .setCustomer(customerId)
            .build());
  }

  Invoice previewUpgrade(String subscriptionId, String itemId) throws StripeException {
    return client.invoices().createPreview(
        InvoiceCreatePreviewParams.builder()
            .setSubscription(subscriptionId)
            .setSubscriptionDetails(
                InvoiceCreatePreviewParams.SubscriptionDetails.builder()
                    .addItem(
                        InvoiceCreatePreviewParams.SubscriptionDetails.Item.builder()
                            .setId(itemId)
                            .setPrice(TEAM_YEARLY)
                            .build())
                    .setProrationBehavior(
                        InvoiceCreatePreviewParams.SubscriptionDetails.ProrationBehavior
                            .CREATE_PRORATIONS)
                    .build())
            .build());
  }

  static Subscription upgrade(String subscriptionId, String itemId) throws StripeException {
    Subscription subscription = Subscription.retrieve(subscriptionId);
    return subscription.update(
        SubscriptionUpdateParams.builder()
            .addItem(
                SubscriptionUpdateParams.Item.builder().setId(itemId).setPrice(TEAM_YEARLY).build())
            .setProrationBehavior(SubscriptionUpdateParams.ProrationBehavior.ALWAYS_INVOICE)
            .build());
  }

  SubscriptionItem addSeats(String itemId, long seats) throws StripeException {
    return client.subscriptionItems().update(
        itemId,
        SubscriptionItemUpdateParams.builder()
            .setQuantity(seats)
            .setProrationBehavior(SubscriptionItemUpdateParams.ProrationBehavior.NONE)
            .build());
  }

  static PaymentIntent retryPayment(String intentId) throws StripeException {
    PaymentIntent intent = PaymentIntent.retrieve(intentId);
    return intent.confirm(PaymentIntentConfirmParams.builder().setOffSession(true).build());
  }
}
