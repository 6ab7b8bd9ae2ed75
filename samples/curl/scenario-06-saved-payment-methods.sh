# Scenario 06 (Dodo example 6): returning customer, saved payment methods shown, phone collected.
curl https://api.stripe.com/v1/checkout/sessions \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d mode=subscription \
  -d "line_items[0][price]"=price_1QGoldUsdMonthly \
  -d "line_items[0][quantity]"=1 \
  -d customer=cus_QxRobertJohnson01 \
  -d "saved_payment_method_options[allow_redisplay_filters][]"=always \
  -d "saved_payment_method_options[allow_redisplay_filters][]"=limited \
  -d "saved_payment_method_options[payment_method_remove]"=disabled \
  -d "phone_number_collection[enabled]"=true \
  -d "customer_update[name]"=auto \
  -d "metadata[customer_tier]"=premium \
  -d "metadata[account_age]"=returning \
  --data-urlencode success_url="https://subscription-service.com/welcome-back?session_id={CHECKOUT_SESSION_ID}" \
  -d cancel_url="https://subscription-service.com/account"
