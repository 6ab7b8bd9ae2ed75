<?php
// A Laravel shop: the cart's rows mapped to line items with array_map.

namespace App\Http\Controllers;

use Illuminate\Http\Request;
use Stripe\StripeClient;

class OrderController extends Controller
{
    public function checkout(Request $request, StripeClient $stripe)
    {
        $cart = $request->user()->cart;
        $session = $stripe->checkout->sessions->create([
            'mode' => 'payment',
            'customer_email' => $request->user()->email,
            'line_items' => array_map(fn ($row) => [
                'price' => $row->stripe_price_id,
                'quantity' => $row->quantity,
            ], $cart->rows),
            'success_url' => route('orders.thanks'),
            'cancel_url' => route('cart.show'),
        ]);

        return redirect()->away($session->url);
    }
}
