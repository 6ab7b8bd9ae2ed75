# Rails 7: the prices come from the environment (one per billing period), the cart from the
# database. The cart's params are built by private helpers of the controller.
class CheckoutsController < ApplicationController
  before_action :authenticate_user!

  CheckoutSession = ::Stripe::Checkout::Session

  # POST /checkout/subscription?plan=annual
  def subscription
    price = params[:plan] == "annual" ? ENV["STRIPE_ANNUAL_PRICE"] : ENV["STRIPE_MONTHLY_PRICE"]
    session = CheckoutSession.create(
      mode: "subscription",
      line_items: [{ price: price, quantity: 1 }],
      customer: current_user.stripe_customer_id,
      success_url: checkout_success_url + "?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: pricing_url,
      subscription_data: { trial_period_days: ENV.fetch("STRIPE_TRIAL_DAYS", "14").to_i },
      allow_promotion_codes: true,
    )
    redirect_to session.url, allow_other_host: true, status: :see_other
  end

  # POST /checkout/cart
  def cart
    session = ::Stripe::Checkout::Session.create(cart_params(current_cart), { idempotency_key: current_cart.token })
    redirect_to session.url, allow_other_host: true, status: :see_other
  end

  # GET /checkout/success?session_id=cs_...
  def success
    @session = CheckoutSession.retrieve(params[:session_id])
  end

  # POST /billing: the customer portal, not a Checkout Session
  def billing
    portal = Stripe::BillingPortal::Session.create(customer: current_user.stripe_customer_id, return_url: root_url)
    redirect_to portal.url, allow_other_host: true
  end

  private

  def cart_params(cart)
    args = {
      mode: "payment",
      line_items: cart_line_items(cart),
      success_url: checkout_success_url,
      cancel_url: cart_url,
    }
    args[:customer_email] = current_user.email if current_user.stripe_customer_id.blank?
    args[:metadata] ||= {}
    args[:metadata][:cart_id] = cart.id
    args.merge(client_reference_id: current_user.id.to_s)
  end

  def cart_line_items(cart)
    cart.items.includes(:product).map do |item|
      { price: item.product.stripe_price_id, quantity: item.quantity }
    end
  end
end
