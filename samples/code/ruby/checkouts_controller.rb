# Rails 7: the prices come from the environment (one per billing period, one per seat); the
# team checkout's params are built by private helpers of the controller.
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

  # POST /checkout/team: seats for the team, and the one-time onboarding fee
  def team
    session = ::Stripe::Checkout::Session.create(team_params(current_team), { idempotency_key: current_team.checkout_token })
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

  def team_params(team)
    args = {
      mode: "subscription",
      line_items: team_line_items(team),
      success_url: checkout_success_url,
      cancel_url: team_url(team),
    }
    args[:customer_email] = current_user.email if team.stripe_customer_id.blank?
    args[:metadata] ||= {}
    args[:metadata][:team_id] = team.id
    args.merge(client_reference_id: current_user.id.to_s)
  end

  def team_line_items(team)
    [
      { price: ENV["STRIPE_SEAT_PRICE"], quantity: team.members.count },
      { price: ENV.fetch("STRIPE_ONBOARDING_PRICE", "price_1RailsOnboarding"), quantity: 1 },
    ]
  end
end
