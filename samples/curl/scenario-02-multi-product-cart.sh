# Scenario 02 (Dodo example 2): three one-time products, billing address required.
curl https://api.stripe.com/v1/checkout/sessions \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d mode=payment \
  -d "line_items[0][price]"=price_1QLaptopUsd \
  -d "line_items[0][quantity]"=1 \
  -d "line_items[1][price]"=price_1QMouseUsd \
  -d "line_items[1][quantity]"=2 \
  -d "line_items[2][price]"=price_1QWarrantyUsd \
  -d "line_items[2][quantity]"=1 \
  --data-urlencode customer_email="john.doe@example.com" \
  -d billing_address_collection=required \
  -d "phone_number_collection[enabled]"=true \
  -d client_reference_id=cart_7f3k29 \
  --data-urlencode success_url="https://electronics-store.com/order-confirmation?session_id={CHECKOUT_SESSION_ID}" \
  -d cancel_url="https://electronics-store.com/cart"
