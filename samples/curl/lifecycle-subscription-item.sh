# Change the seat count on one subscription item.
curl https://api.stripe.com/v1/subscription_items/si_QxTeamSeats \
  -u "sk_test_4eC39HqLyjWDarjtT1zdp7dc:" \
  -d quantity=12 \
  -d proration_behavior=create_prorations
