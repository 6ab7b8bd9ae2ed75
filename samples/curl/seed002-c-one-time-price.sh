# Seed 002 (c): create the catalog entries first, then a session for the one-time price.
# Three commands; only the last one is a Checkout Session.
# 1. the product
curl https://api.stripe.com/v1/products \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d name="Blue T-shirt" \
  -d description="Comfortable cotton t-shirt" \
  -d "images[]"="https://example.com/t-shirt.png"

# 2. its one-time price (the call above returned prod_QxTshirt01)
curl https://api.stripe.com/v1/prices \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d product=prod_QxTshirt01 \
  -d unit_amount=2000 \
  -d currency=usd \
  -d tax_behavior=exclusive

# 3. the Checkout Session (the call above returned price_1QTshirtUsd)
curl https://api.stripe.com/v1/checkout/sessions \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d "line_items[0][quantity]"=1 \
  -d "line_items[0][price]"=price_1QTshirtUsd \
  -d mode=payment \
  -d success_url="https://example.com/success"
