# Preview what the upgrade will charge (the 2025 API; GET /v1/invoices/upcoming before it).
curl https://api.stripe.com/v1/invoices/create_preview \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d subscription=sub_QxRobertGold \
  -d "subscription_details[items][0][id]"=si_QxRobertGold \
  -d "subscription_details[items][0][price]"=price_1QGoldUsdYearly \
  -d "subscription_details[proration_behavior]"=always_invoice
