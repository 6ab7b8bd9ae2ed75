<?php
// Webhook endpoint: verify the signature, then fulfil paid orders and renewals.
require 'vendor/autoload.php';

$stripe = new \Stripe\StripeClient(getenv('STRIPE_SECRET_KEY'));
$endpoint_secret = getenv('STRIPE_WEBHOOK_SECRET');

$payload = @file_get_contents('php://input');
$sig_header = $_SERVER['HTTP_STRIPE_SIGNATURE'] ?? '';

try {
    $event = \Stripe\Webhook::constructEvent($payload, $sig_header, $endpoint_secret);
} catch (\UnexpectedValueException | \Stripe\Exception\SignatureVerificationException $e) {
    http_response_code(400);
    exit();
}

switch ($event->type) {
    case 'checkout.session.completed':
        $id = $event->data->object->id;
        $session = $stripe->checkout->sessions->retrieve($id);
        $items = $stripe->checkout->sessions->allLineItems($id);
        if ($session->payment_status === 'paid') {
            foreach ($items->data as $item) {
                error_log("ship {$item->quantity} x {$item->description}");
            }
        }
        break;
    case 'invoice.paid':
        error_log('extend access for ' . $event->data->object->customer);
        break;
    default:
        error_log('Unhandled event type ' . $event->type);
}

http_response_code(200);
