# Legacy subscription_data[coupon] (removed in 2022-08-01; today: discounts[0][coupon]).
curl https://api.stripe.com/v1/checkout/sessions \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -H "Stripe-Version: 2020-08-27" \
  -d "payment_method_types[]"=card \
  -d mode=subscription \
  -d "line_items[0][price]"=price_1QGoldUsdYearly \
  -d "line_items[0][quantity]"=1 \
  -d "subscription_data[coupon]"=SUMMER25 \
  --data-urlencode customer_email="jenny.rosen@example.com" \
  --data-urlencode success_url="https://example.com/success?session_id={CHECKOUT_SESSION_ID}" \
  -d cancel_url="https://example.com/pricing"
