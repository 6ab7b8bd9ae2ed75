<?php

namespace App\Http\Controllers;

use App\Models\Cart;
use Illuminate\Http\Request;
use Stripe\BillingPortal\Session as PortalSession;
use Stripe\Checkout\Session as StripeSession;
use Stripe\StripeClient;

// Laravel: the price ids live in config/services.php (read from the environment); the cart's
// line items come from a helper of the controller.
class CheckoutController extends Controller
{
    public function __construct(private StripeClient $stripe)
    {
    }

    // POST /subscribe?interval=year
    public function subscribe(Request $request)
    {
        $priceId = match ($request->input('interval')) {
            'year' => config('services.stripe.prices.yearly'),
            default => config('services.stripe.prices.monthly', 'price_1LaravelMonthly'),
        };

        $session = StripeSession::create([
            'mode' => 'subscription',
            'line_items' => [['price' => $priceId, 'quantity' => 1]],
            'customer' => $request->user()->stripe_id,
            'client_reference_id' => $request->user()->getKey(),
            'success_url' => route('billing.success').'?session_id={CHECKOUT_SESSION_ID}',
            'cancel_url' => route('pricing'),
            'subscription_data' => ['trial_period_days' => config('services.stripe.trial_days')],
        ]);

        return redirect()->away($session->url);
    }

    // POST /cart/checkout: one line per cart row
    public function cart(Request $request)
    {
        $cart = Cart::with('items')->whereBelongsTo($request->user())->firstOrFail();

        $session = $this->stripe->checkout->sessions->create([
            'mode' => 'payment',
            'line_items' => $this->lineItems($cart),
            'customer_email' => $request->user()->email,
            'metadata' => ['cart_id' => $cart->id],
            'success_url' => url('/orders/thanks'),
            'cancel_url' => url('/cart'),
        ]);

        return redirect()->away($session->url);
    }

    // POST /billing: the customer portal, not a Checkout Session
    public function portal(Request $request)
    {
        $portal = PortalSession::create([
            'customer' => $request->user()->stripe_id,
            'return_url' => route('dashboard'),
        ]);

        return redirect()->away($portal->url);
    }

    private function lineItems(Cart $basket): array
    {
        return $basket->items->map(fn ($item) => [
            'price' => $item->stripe_price_id,
            'quantity' => $item->quantity,
        ])->all();
    }
}
