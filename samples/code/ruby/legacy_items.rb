# A 2019-era integration: inline line items, card only, no mode (before Prices existed).
require 'stripe'

Stripe.api_key = ENV['STRIPE_SECRET_KEY']

class LegacyCheckout
  def self.tshirt_session
    Stripe::Checkout::Session.create(
      payment_method_types: ['card'],
      line_items: [{
        name: 'T-shirt',
        description: 'Comfortable cotton t-shirt',
        amount: 1500,
        currency: 'usd',
        quantity: 2,
      }],
      success_url: 'https://example.com/success?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://example.com/cart',
    )
  end
end

if $PROGRAM_NAME == __FILE__
  session = LegacyCheckout.tshirt_session
  puts "Redirect the browser to Checkout with session #{session.id}"
end
