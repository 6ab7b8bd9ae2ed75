# A Rails shop: the cart's rows become line items, a delivery fee when the order ships.
class OrdersController < ApplicationController
  before_action :authenticate_user!

  def checkout
    order = current_user.orders.open.find(params[:id])
    session = Stripe::Checkout::Session.create(
      mode: "payment",
      customer_email: current_user.email,
      client_reference_id: order.id.to_s,
      line_items: order.items.map { |item| { price: item.variant.stripe_price_id, quantity: item.quantity } },
      success_url: "#{request.base_url}/orders/#{order.id}/thanks",
      cancel_url: "#{request.base_url}/cart",
      metadata: { order_id: order.id }
    )
    redirect_to session.url, allow_other_host: true, status: :see_other
  end
end
