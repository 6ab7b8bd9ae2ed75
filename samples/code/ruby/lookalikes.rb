# Calls that look like Checkout Session creation but are not.
require 'stripe'

Stripe.api_key = ENV['STRIPE_SECRET_KEY']

# Stripe::Checkout::Session.create(mode: 'payment') used to be called here;
# account changes now go through the customer portal.
HELP_TEXT = 'New purchases use Stripe::Checkout::Session.create(mode: "payment")'

def open_billing_portal(customer_id)
  Stripe::BillingPortal::Session.create(
    customer: customer_id,
    return_url: 'https://example.com/account',
  )
end

# Not a Checkout Session, but a payment all the same: it is translated as a call around
# Checkout (a Dodo checkout session for the amount).
def charge_saved_card_now
  Stripe::PaymentIntent.create(amount: 1000, currency: 'usd')
end

class CartController
  # Same name as the usual Stripe route, but it only locks the cart.
  def create_checkout_session(cart)
    cart.items.each(&:reserve!)
    cart.update(status: 'checking_out')
  end
end
