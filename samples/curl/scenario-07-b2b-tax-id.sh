# Scenario 07 (Dodo example 7): B2B, 5 seats, tax id collection.
curl https://api.stripe.com/v1/checkout/sessions \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d mode=payment \
  -d "line_items[0][price]"=price_1QEnterpriseSeatUsd \
  -d "line_items[0][quantity]"=5 \
  --data-urlencode customer_email="sarah.davis@acme-corp.example" \
  -d customer_creation=always \
  -d billing_address_collection=required \
  -d "tax_id_collection[enabled]"=true \
  -d "tax_id_collection[required]"=if_supported \
  -d "phone_number_collection[enabled]"=true \
  -d submit_type=pay \
  -d client_reference_id=acct_acme_corp \
  -d "metadata[customer_type]"=enterprise \
  -d "metadata[contract_id]"=ENT-2024-001 \
  --data-urlencode "metadata[sales_rep]"="m.lee+sales@enterprise-software.com" \
  --data-urlencode success_url="https://enterprise-software.com/license-delivery?session_id={CHECKOUT_SESSION_ID}" \
  -d cancel_url="https://enterprise-software.com/pricing"
