# Upgrade Gold monthly to yearly, invoicing the proration at once.
curl https://api.stripe.com/v1/subscriptions/sub_QxRobertGold \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d "items[0][id]"=si_QxRobertGold \
  -d "items[0][price]"=price_1QGoldUsdYearly \
  -d proration_behavior=always_invoice \
  -d payment_behavior=pending_if_incomplete
