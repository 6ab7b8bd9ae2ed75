# Seed 002 (f): payment_method_types[]=card and expand[]=line_items (session returned with items).
curl https://api.stripe.com/v1/checkout/sessions \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d "payment_method_types[]"=card \
  -d mode=payment \
  -d "line_items[0][price]"=price_1QTshirtUsd \
  -d "line_items[0][quantity]"=1 \
  -d success_url="https://example.com/success" \
  -d "expand[]"=line_items
