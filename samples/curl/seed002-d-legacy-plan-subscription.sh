# Seed 002 (d, before): plan subscription through subscription_data.items, no line_items, no mode.
curl https://api.stripe.com/v1/checkout/sessions \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -H "Stripe-Version: 2019-05-16" \
  -d "payment_method_types[]"=card \
  -d "subscription_data[items][0][plan]"=plan_gold_monthly \
  -d "subscription_data[items][0][quantity]"=1 \
  -d "subscription_data[trial_period_days]"=14 \
  --data-urlencode success_url="https://example.com/success?session_id={CHECKOUT_SESSION_ID}" \
  -d cancel_url="https://example.com/cancel"
