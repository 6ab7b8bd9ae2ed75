<?php
// Saved cards, upsells and plan changes around Checkout: the Stripe calls seeds 001 and 003 replace.
require 'vendor/autoload.php';

use Stripe\PaymentIntent;
use Stripe\StripeClient;

\Stripe\Stripe::setApiKey(getenv('STRIPE_SECRET_KEY'));
$stripe = new StripeClient(getenv('STRIPE_SECRET_KEY'));

// Charge the onboarding fee now and keep the card for the monthly usage bill.
function onboard(string $customerId): PaymentIntent
{
    return PaymentIntent::create([
        'amount' => 4900,
        'currency' => 'usd',
        'customer' => $customerId,
        'setup_future_usage' => 'off_session',
        'description' => 'Onboarding fee',
    ]);
}

// The nightly usage job: no customer on the page.
function bill_usage(StripeClient $stripe, string $customerId, string $paymentMethodId, int $cents)
{
    return $stripe->paymentIntents->create([
        'amount' => $cents,
        'currency' => 'usd',
        'customer' => $customerId,
        'payment_method' => $paymentMethodId,
        'off_session' => true,
        'confirm' => true,
    ]);
}

// One click after checkout: the buyer is on the thank-you page, the card is on file.
function accept_upsell(StripeClient $stripe, string $customerId, string $paymentMethodId)
{
    $params = [
        'amount' => 1900,
        'currency' => 'usd',
        'customer' => $customerId,
        'payment_method' => $paymentMethodId,
        'confirm' => true,
    ];
    $params['return_url'] = 'https://shop.example.com/upsell/thanks';
    return $stripe->paymentIntents->create($params);
}

function save_card(string $customerId)
{
    return \Stripe\SetupIntent::create(['customer' => $customerId, 'usage' => 'off_session']);
}

// From 2016, still running: the Charges API on the customer's default card.
function legacy_top_up(string $customerId)
{
    return \Stripe\Charge::create(['amount' => 2500, 'currency' => 'eur', 'customer' => $customerId]);
}

function preview_upgrade(StripeClient $stripe, string $subscriptionId, string $itemId)
{
    return $stripe->invoices->createPreview([
        'subscription' => $subscriptionId,
        'subscription_details' => [
            'items' => [['id' => $itemId, 'price' => 'price_1QPhpTeamYearly']],
            'proration_behavior' => 'create_prorations',
        ],
    ]);
}

function upgrade(StripeClient $stripe, string $subscriptionId, string $itemId)
{
    return $stripe->subscriptions->update($subscriptionId, [
        'items' => [['id' => $itemId, 'price' => 'price_1QPhpTeamYearly']],
        'proration_behavior' => 'always_invoice',
    ]);
}

function add_seats(string $itemId, int $seats)
{
    return \Stripe\SubscriptionItem::update($itemId, [
        'quantity' => $seats,
        'proration_behavior' => 'none',
    ]);
}

function retry_payment(StripeClient $stripe, string $intentId)
{
    return $stripe->paymentIntents->confirm($intentId, ['off_session' => true]);
}
