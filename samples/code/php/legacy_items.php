<?php
// 2019: inline line items written with array() syntax; no mode, cards only.
require 'vendor/autoload.php';

\Stripe\Stripe::setApiKey(getenv('STRIPE_SECRET_KEY'));

$session = \Stripe\Checkout\Session::create(array(
    'payment_method_types' => array('card'),
    'line_items' => array(array(
        'name' => 'T-shirt',
        'description' => 'Comfortable cotton t-shirt',
        'amount' => 1500,
        'currency' => 'usd',
        'quantity' => 2,
    )),
    'success_url' => 'https://example.com/success?session_id={CHECKOUT_SESSION_ID}',
    'cancel_url' => 'https://example.com/cart',
));

header('Content-Type: application/json');
echo json_encode(array('id' => $session->id));
