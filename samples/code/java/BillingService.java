package com.example.billing;

import com.stripe.exception.StripeException;
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/** Plans page and shop cart checkout; the prices live in application.yml, not in the code. */
@Service
public class BillingService {

    @Value("${stripe.prices.pro-monthly}")
    private String proMonthlyPrice;

    @Value("${stripe.prices.pro-yearly}")
    private String proYearlyPrice;

    @Value("${stripe.prices.shipping}")
    private String shippingPrice;

    @Value("${app.base-url}")
    private String baseUrl;

    public String subscribe(Account account, boolean yearly, String coupon) throws StripeException {
        SessionCreateParams.Builder builder = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .setSuccessUrl(baseUrl + "/billing/done?session_id={CHECKOUT_SESSION_ID}")
                .setCancelUrl(baseUrl + "/billing")
                .setClientReferenceId(account.getId())
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setPrice(yearly ? proYearlyPrice : proMonthlyPrice)
                        .setQuantity(1L)
                        .build());
        if (account.getStripeCustomerId() != null) {
            builder.setCustomer(account.getStripeCustomerId());
        } else {
            builder.setCustomerEmail(account.getEmail());
        }
        if (coupon != null) builder.addDiscount(SessionCreateParams.Discount.builder().setCoupon(coupon).build());
        builder.putMetadata("account_id", account.getId());
        Session session = Session.create(builder.build());
        return session.getUrl();
    }

    public String checkout(Cart cart) throws StripeException {
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl(baseUrl + "/orders/" + cart.getOrderId())
                .addAllLineItem(lineItems(cart.getItems()))
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setPrice(shippingPrice)
                        .setQuantity(1L)
                        .build())
                .build();
        return Session.create(params).getUrl();
    }

    private List<SessionCreateParams.LineItem> lineItems(List<CartItem> items) {
        return items.stream()
                .map(item -> SessionCreateParams.LineItem.builder()
                        .setPrice(item.getPriceId())
                        .setQuantity(item.getQuantity())
                        .build())
                .toList();
    }
}
