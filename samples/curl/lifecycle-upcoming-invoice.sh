# The legacy preview: GET /v1/invoices/upcoming with the subscription_* parameters.
curl -G https://api.stripe.com/v1/invoices/upcoming \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d customer=cus_QxAlexJohnson01 \
  -d subscription=sub_QxAlexPro \
  -d "subscription_items[0][id]"=si_QxAlexPro \
  -d "subscription_items[0][price]"=price_1QGoldUsdMonthly \
  -d subscription_proration_behavior=create_prorations
