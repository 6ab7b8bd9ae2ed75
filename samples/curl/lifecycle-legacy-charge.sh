# The pre-2019 way to charge a stored card: the Charges API.
curl https://api.stripe.com/v1/charges \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d amount=1900 \
  -d currency=usd \
  -d customer=cus_QxAlexJohnson01 \
  -d description="The Indie SaaS Playbook"
