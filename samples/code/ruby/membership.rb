# Sinatra: a membership site. The price depends on the member's level; the params are built up
# over several statements, with a helper for the metadata.
require "sinatra"
require "stripe"

Stripe.api_key = ENV.fetch("STRIPE_SECRET_KEY")

helpers do
  def membership_metadata(member, source: "web")
    { member_id: member.id, level: member.level, source: source }
  end
end

post "/join/:level" do
  member = Member.find(session[:member_id])
  case params[:level]
  when "gold" then price = "price_1MemberGold"
  when "silver" then price = "price_1MemberSilver"
  else price = ENV.fetch("BRONZE_PRICE_ID", "price_1MemberBronze")
  end

  checkout = {
    mode: "subscription",
    line_items: [{ price: price, quantity: 1 }],
    success_url: "#{request.base_url}/welcome?session_id={CHECKOUT_SESSION_ID}",
  }
  checkout[:customer_email] = member.email
  checkout.update(metadata: membership_metadata(member))
  checkout[:subscription_data] = { trial_period_days: 30 } if member.first_time?
  session = Stripe::Checkout::Session.create(checkout, { idempotency_key: "join-#{member.id}" })
  redirect session.url, 303
end

post "/gift" do
  extras = { allow_promotion_codes: true, locale: "auto" }
  seats = (params[:seats] || 1).to_i
  session = Stripe::Checkout::Session.create(
    mode: "payment",
    line_items: [{ price: ENV["GIFT_PRICE_ID"] || "price_1MemberGift", quantity: seats }],
    success_url: "#{request.base_url}/thanks",
    **extras,
  )
  redirect session.url, 303
end
