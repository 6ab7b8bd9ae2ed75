<?php
// One script, two buttons: a one-time T-shirt purchase and a Pro plan with a 7-day trial.
require_once __DIR__ . '/vendor/autoload.php';

$key = getenv('STRIPE_SECRET_KEY');
\Stripe\Stripe::setApiKey($key);
$YOUR_DOMAIN = getenv('APP_DOMAIN') ?: 'http://localhost:4242';

function one_time_payment(string $YOUR_DOMAIN): string
{
    $checkout_session = \Stripe\Checkout\Session::create([
        'line_items' => [['price' => 'price_1QPhpTshirtBlue', 'quantity' => 1]],
        'mode' => 'payment',
        'success_url' => $YOUR_DOMAIN . '/success.html',
        'cancel_url' => 'https://example.com/cancel.html',
    ]);
    return $checkout_session->url;
}

function pro_subscription(string $key, string $price_id): string
{
    $stripe = new \Stripe\StripeClient($key);
    $params = [
        'mode' => 'subscription',
        'line_items' => [['price' => $price_id, 'quantity' => 1]],
        'subscription_data' => ['trial_period_days' => 7],
        'success_url' => 'https://example.com/welcome?session_id={CHECKOUT_SESSION_ID}',
        'cancel_url' => 'https://example.com/pricing',
    ];
    $session = $stripe->checkout->sessions->create($params);
    return $session->url;
}

try {
    $url = ($_POST['plan'] ?? '') === 'pro'
        ? pro_subscription($key, 'price_1QPhpProMonthly')
        : one_time_payment($YOUR_DOMAIN);
} catch (\Stripe\Exception\ApiErrorException $e) {
    http_response_code(500);
    echo json_encode(['error' => $e->getMessage()]);
    exit;
}

header('HTTP/1.1 303 See Other');
header('Location: ' . $url);
