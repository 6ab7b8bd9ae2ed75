# Saved cards, upsells and plan changes around Checkout: the Stripe calls seeds 001 and 003 replace.
require 'stripe'

Stripe.api_key = ENV['STRIPE_SECRET_KEY']
CLIENT = Stripe::StripeClient.new(ENV['STRIPE_SECRET_KEY'])

# Charge the onboarding fee now and keep the card for the monthly usage bill.
def onboard(customer_id)
  Stripe::PaymentIntent.create({
    amount: 4900,
    currency: 'usd',
    customer: customer_id,
    setup_future_usage: 'off_session',
    description: 'Onboarding fee',
  })
end

# The nightly usage job: no customer on the page.
def bill_usage(customer_id, payment_method_id, cents)
  CLIENT.v1.payment_intents.create({
    amount: cents,
    currency: 'usd',
    customer: customer_id,
    payment_method: payment_method_id,
    off_session: true,
    confirm: true,
  })
end

# One click after checkout: the buyer is on the thank-you page, the card is on file.
def accept_upsell(customer_id, payment_method_id)
  Stripe::PaymentIntent.create(
    amount: 1900,
    currency: 'usd',
    customer: customer_id,
    payment_method: payment_method_id,
    confirm: true,
    return_url: 'https://shop.example.com/upsell/thanks',
  )
end

def save_card(customer_id)
  Stripe::SetupIntent.create({ customer: customer_id, usage: 'off_session' })
end

# From 2016, still running: the Charges API on the customer's default card.
def legacy_top_up(customer_id)
  Stripe::Charge.create(amount: 2500, currency: 'eur', customer: customer_id)
end

def preview_upgrade(subscription_id, item_id)
  CLIENT.v1.invoices.create_preview({
    subscription: subscription_id,
    subscription_details: {
      items: [{ id: item_id, price: 'price_1QRubyTeamYearly' }],
      proration_behavior: 'create_prorations',
    },
  })
end

def upgrade(subscription_id, item_id)
  Stripe::Subscription.update(
    subscription_id,
    items: [{ id: item_id, price: 'price_1QRubyTeamYearly' }],
    proration_behavior: 'always_invoice',
  )
end

def add_seats(item_id, seats)
  CLIENT.v1.subscription_items.update(item_id, { quantity: seats, proration_behavior: 'none' })
end

def retry_payment(intent_id)
  Stripe::PaymentIntent.confirm(intent_id, { off_session: true })
end
