# Scenario 03 (Dodo example 3): subscription with a 14-day trial.
curl https://api.stripe.com/v1/checkout/sessions \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d mode=subscription \
  -d "line_items[0][price]"=price_1QProPlanUsdMonthly \
  -d "line_items[0][quantity]"=1 \
  -d "subscription_data[trial_period_days]"=14 \
  --data-urlencode customer_email="jane.smith@example.com" \
  -d client_reference_id=usr_8421 \
  -d "metadata[plan_type]"=professional \
  -d "metadata[referral_source]"=google_ads \
  --data-urlencode success_url="https://saas-app.com/onboarding?session_id={CHECKOUT_SESSION_ID}" \
  -d cancel_url="https://saas-app.com/pricing"
