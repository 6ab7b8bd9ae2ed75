# Save a card for later off-session charges.
curl https://api.stripe.com/v1/setup_intents \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d customer=cus_QxAlexJohnson01 \
  -d usage=off_session \
  -d "payment_method_types[]"=card
