# Scenario 08 (Dodo example 8): promotion code applied up front.
curl https://api.stripe.com/v1/checkout/sessions \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d mode=payment \
  -d "line_items[0][price]"=price_1QGamingChairUsd \
  -d "line_items[0][quantity]"=1 \
  -d "discounts[0][promotion_code]"=promo_1QBlackFriday2024 \
  --data-urlencode customer_email="mike.chen@example.com" \
  --data-urlencode success_url="https://gaming-store.com/order-complete?session_id={CHECKOUT_SESSION_ID}" \
  -d cancel_url="https://gaming-store.com/cart"
