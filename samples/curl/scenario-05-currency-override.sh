# Scenario 05 (Dodo example 5): charge in GBP (price has currency_options), en-GB, tax ids.
curl https://api.stripe.com/v1/checkout/sessions \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d mode=payment \
  -d "line_items[0][price]"=price_1QConsultingUsd \
  -d "line_items[0][quantity]"=1 \
  -d currency=gbp \
  -d locale=en-GB \
  --data-urlencode customer_email="oliver.williams@example.co.uk" \
  -d billing_address_collection=required \
  -d "tax_id_collection[enabled]"=true \
  --data-urlencode success_url="https://consulting-firm.com/service-confirmation?session_id={CHECKOUT_SESSION_ID}" \
  -d cancel_url="https://consulting-firm.com/book"
