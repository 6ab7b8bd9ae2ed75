<?php
// Not Checkout: the customer portal, a PaymentIntent (translated as a call around Checkout: a Dodo
// checkout session for the amount), and text that only mentions sessions.
require 'vendor/autoload.php';

$stripe = new \Stripe\StripeClient(getenv('STRIPE_SECRET_KEY'));

// Before the portal existed we called $stripe->checkout->sessions->create([...]) here.
/* \Stripe\Checkout\Session::create(['mode' => 'setup']); */
$help = 'Use \Stripe\Checkout\Session::create() or $stripe->checkout->sessions->create()';

$portal = $stripe->billingPortal->sessions->create([
    'customer' => $_POST['customer'],
    'return_url' => 'https://example.com/account',
]);

$intent = $stripe->paymentIntents->create([
    'amount' => 1000,
    'currency' => 'usd',
    'automatic_payment_methods' => ['enabled' => true],
]);

header('Content-Type: application/json');
echo json_encode([
    'portal_url' => $portal->url,
    'client_secret' => $intent->client_secret,
    'help' => $help,
]);
