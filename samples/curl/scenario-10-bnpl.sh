# Scenario 10 (Dodo example 10): buy now, pay later (Klarna, Affirm, Afterpay) plus card.
curl https://api.stripe.com/v1/checkout/sessions \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d mode=payment \
  -d "line_items[0][price]"=price_1QLuxuryWatchUsd \
  -d "line_items[0][quantity]"=1 \
  -d "payment_method_types[]"=card \
  -d "payment_method_types[]"=klarna \
  -d "payment_method_types[]"=affirm \
  -d "payment_method_types[]"=afterpay_clearpay \
  --data-urlencode customer_email="emma.thompson@example.com" \
  -d billing_address_collection=required \
  -d "shipping_address_collection[allowed_countries][]"=US \
  -d "phone_number_collection[enabled]"=true \
  -d "metadata[product_category]"=luxury \
  -d "metadata[price_range]"=high_value \
  --data-urlencode success_url="https://luxury-store.com/purchase-confirmation?session_id={CHECKOUT_SESSION_ID}" \
  -d cancel_url="https://luxury-store.com/watches/meridian-automatic"
