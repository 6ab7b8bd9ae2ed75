# An off-session charge of a saved card (Stripe's "charge later" flow): on Dodo, a charge of the
# customer's on-demand subscription.
curl https://api.stripe.com/v1/payment_intents \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d amount=2500 \
  -d currency=usd \
  -d customer=cus_QxRobertJohnson01 \
  -d payment_method=pm_1QRobertVisa4242 \
  -d off_session=true \
  -d confirm=true \
  -d description="API usage, March 2026" \
  -d "metadata[billing_period]"=2026-03
