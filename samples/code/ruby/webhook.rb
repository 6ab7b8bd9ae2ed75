# Sinatra webhook endpoint: verifies the signature, then reacts to a few events.
require 'json'
require 'sinatra'
require 'stripe'

Stripe.api_key = ENV.fetch('STRIPE_SECRET_KEY')

helpers do
  def fulfill_order(line_items)
    line_items.each { |item| logger.info("ship #{item.quantity} x #{item.description}") }
  end

  def notify_failed_payment(email, items)
    logger.warn("payment failed for #{email} (#{items.data.size} items)")
  end
end

post '/webhook' do
  endpoint_secret = ENV.fetch('STRIPE_WEBHOOK_SECRET')
  payload = request.body.read
  sig_header = request.env['HTTP_STRIPE_SIGNATURE']
  begin
    event = Stripe::Webhook.construct_event(payload, sig_header, endpoint_secret)
  rescue JSON::ParserError, Stripe::SignatureVerificationError
    halt 400
  end

  case event.type
  when 'checkout.session.completed'
    session = Stripe::Checkout::Session.retrieve({ id: event.data.object.id, expand: ['line_items'] })
    fulfill_order(session.line_items.data) if session.payment_status == 'paid'
  when 'checkout.session.async_payment_failed'
    items = Stripe::Checkout::Session.list_line_items(event.data.object.id)
    notify_failed_payment(event.data.object.customer_details&.email, items)
  when 'customer.subscription.deleted'
    logger.info("subscription #{event.data.object.id} ended")
  end

  status 200
end
