#!/usr/bin/env bash
# Create Checkout Sessions straight from the REST API (handy for smoke tests).
set -euo pipefail
: "${STRIPE_SECRET_KEY:?export STRIPE_SECRET_KEY first}"

# One-time payment for one T-shirt.
curl https://api.stripe.com/v1/checkout/sessions \
  -u "$STRIPE_SECRET_KEY:" \
  -d mode=payment \
  -d "line_items[0][price]"=price_1QShellTshirtBlue \
  -d "line_items[0][quantity]"=1 \
  --data-urlencode success_url="https://example.com/success?session_id={CHECKOUT_SESSION_ID}" \
  --data-urlencode cancel_url="https://example.com/cancel"

# Pro plan with a 14-day trial.
curl https://api.stripe.com/v1/checkout/sessions \
  -u "$STRIPE_SECRET_KEY:" \
  -d mode=subscription \
  -d "line_items[0][price]"=price_1QShellProMonthly \
  -d "line_items[0][quantity]"=1 \
  -d "subscription_data[trial_period_days]"=14 \
  -d "metadata[plan]"=pro \
  --data-urlencode success_url="https://example.com/welcome?session_id={CHECKOUT_SESSION_ID}"

# Read a session back: not a creation.
curl -G https://api.stripe.com/v1/checkout/sessions/cs_test_123 \
  -u "$STRIPE_SECRET_KEY:"

# A one-time PaymentIntent (an Elements flow): on Dodo, a checkout session for the amount.
curl https://api.stripe.com/v1/payment_intents \
  -u "$STRIPE_SECRET_KEY:" \
  -d amount=2000 \
  -d currency=usd
