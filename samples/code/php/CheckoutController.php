<?php

namespace App\Http\Controllers;

use App\Models\Team;
use Illuminate\Http\Request;
use Stripe\BillingPortal\Session as PortalSession;
use Stripe\Checkout\Session as StripeSession;
use Stripe\StripeClient;

// Laravel: the price ids live in config/services.php (read from the environment); the seats'
// line item comes from a helper of the controller.
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

    // POST /seats: the line item comes from a helper of the controller
    public function seats(Request $request)
    {
        $team = Team::findOrFail($request->input('team'));

        $session = $this->stripe->checkout->sessions->create([
            'mode' => 'subscription',
            'line_items' => [$this->seatItem($team, $request->input('tier'))],
            'customer_email' => $request->user()->email,
            'metadata' => ['team_id' => $team->id],
            'success_url' => url('/teams/'.$team->id.'/welcome'),
            'cancel_url' => url('/teams/'.$team->id),
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

    private function seatItem(Team $group, ?string $tier): array
    {
        return [
            'price' => $tier === 'business'
                ? config('services.stripe.prices.business_seat')
                : config('services.stripe.prices.seat'),
            'quantity' => $group->members()->count(),
        ];
    }
}
