# Legacy shipping_rates[] (removed in 2022-08-01; today: shipping_options[0][shipping_rate]).
curl https://api.stripe.com/v1/checkout/sessions \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -H "Stripe-Version: 2020-08-27" \
  -d "payment_method_types[]"=card \
  -d mode=payment \
  -d "line_items[0][price]"=price_1QTshirtUsd \
  -d "line_items[0][quantity]"=2 \
  -d "shipping_address_collection[allowed_countries][]"=US \
  -d "shipping_address_collection[allowed_countries][]"=CA \
  -d "shipping_rates[]"=shr_1QStandardShipping \
  --data-urlencode success_url="https://example.com/success?session_id={CHECKOUT_SESSION_ID}" \
  -d cancel_url="https://example.com/cart"
