# Seed 002 (e): recurring price plus a one-time setup-fee price in subscription mode.
curl https://api.stripe.com/v1/checkout/sessions \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d "line_items[0][price]"=price_1QGoldUsdMonthly \
  -d "line_items[0][quantity]"=1 \
  -d "line_items[1][price]"=price_1QSetupFeeUsd \
  -d "line_items[1][quantity]"=1 \
  -d mode=subscription \
  -d success_url="https://example.com/success"
