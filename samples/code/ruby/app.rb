# Sinatra: a one-time T-shirt purchase and a Pro subscription with a free trial.
require 'sinatra'
require 'stripe'

Stripe.api_key = ENV.fetch('STRIPE_SECRET_KEY')
YOUR_DOMAIN = ENV.fetch('APP_DOMAIN', 'http://localhost:4242')

set :port, 4242
set :public_folder, 'public'

helpers do
  def current_account_id
    request.env['HTTP_X_ACCOUNT_ID']
  end
end

post '/create-checkout-session' do
  session = Stripe::Checkout::Session.create({
    line_items: [{
      price: 'price_1QRubyTshirtBlue',
      quantity: 1,
    }],
    mode: 'payment',
    success_url: YOUR_DOMAIN + '/success.html',
    cancel_url: 'https://example.com/cancel',
  })
  redirect session.url, 303
end

post '/subscribe' do
  client = Stripe::StripeClient.new(ENV.fetch('STRIPE_SECRET_KEY'))
  # `params` shadows Sinatra's request params from here on.
  params = {
    mode: 'subscription',
    line_items: [{ price: 'price_1QRubyProMonthly', quantity: 1 }],
    subscription_data: { trial_period_days: 14 },
    success_url: "#{YOUR_DOMAIN}/welcome?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: 'https://example.com/pricing',
  }
  params[:client_reference_id] = current_account_id
  checkout = client.v1.checkout.sessions.create(params)
  redirect checkout.url, 303
end
