# Seed 002 (a): pre-Prices inline line item (name/description/amount/currency/images), no mode.
# Accepted only by API versions before 2022-08-01, hence the pinned Stripe-Version.
curl https://api.stripe.com/v1/checkout/sessions \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -H "Stripe-Version: 2019-05-16" \
  -d "payment_method_types[]"=card \
  -d "line_items[0][name]"="Blue T-shirt" \
  -d "line_items[0][description]"="Comfortable cotton t-shirt" \
  -d "line_items[0][images][]"="https://example.com/t-shirt.png" \
  -d "line_items[0][amount]"=2000 \
  -d "line_items[0][currency]"=usd \
  -d "line_items[0][quantity]"=1 \
  --data-urlencode success_url="https://example.com/success?session_id={CHECKOUT_SESSION_ID}" \
  -d cancel_url="https://example.com/cancel"
