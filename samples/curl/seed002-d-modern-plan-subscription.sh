# Seed 002 (d, after): the plan id passed as line_items[0][price], mode=subscription.
curl https://api.stripe.com/v1/checkout/sessions \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d "line_items[0][price]"=plan_gold_monthly \
  -d "line_items[0][quantity]"=1 \
  -d mode=subscription \
  -d "subscription_data[trial_period_days]"=14 \
  -d success_url="https://example.com/success"
