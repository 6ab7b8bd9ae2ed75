# Scenario 01 (Dodo example 1): one product, customer email pre-filled.
curl https://api.stripe.com/v1/checkout/sessions \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d mode=payment \
  -d "line_items[0][price]"=price_1QEbookGuideUsd \
  -d "line_items[0][quantity]"=1 \
  --data-urlencode customer_email="john.doe@example.com" \
  --data-urlencode success_url="https://yoursite.com/success?session_id={CHECKOUT_SESSION_ID}" \
  -d cancel_url="https://yoursite.com/ebook"
