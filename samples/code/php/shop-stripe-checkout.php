<?php
/**
 * Plugin Name: Shop Stripe Checkout
 * Description: Sends the shop's orders and donations to Stripe Checkout.
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

use Stripe\Checkout\Session as Stripe_Checkout_Session;

define( 'SHOP_SETUP_FEE_PRICE', 'price_1ShopSetupFee' );

/** The Checkout URL of a membership order: the parameters are built up one statement at a time. */
function shop_stripe_checkout_url( $order_id ) {
	$order = wc_get_order( $order_id );

	$data                   = array();
	$data['mode']           = 'payment';
	$data['customer_email'] = $order->get_billing_email();
	$data['success_url']    = add_query_arg( 'session_id', '{CHECKOUT_SESSION_ID}', $order->get_checkout_order_received_url() );
	$data['cancel_url']     = wc_get_cart_url();

	$data['line_items'][] = array(
		'price'    => get_option( 'shop_stripe_membership_price' ),
		'quantity' => 1,
	);
	$data['line_items'][] = array(
		'price'    => SHOP_SETUP_FEE_PRICE,
		'quantity' => 1,
	);

	$data['metadata']['order_id']                         = $order->get_id();
	$data['payment_intent_data']['metadata']['order_key'] = $order->get_order_key();
	if ( 'yes' === get_option( 'shop_stripe_promotion_codes' ) ) {
		$data['allow_promotion_codes'] = true;
	}

	$data = apply_filters( 'shop_stripe_checkout_session_args', $data, $order );

	$session = Stripe_Checkout_Session::create( $data, array( 'idempotency_key' => 'order-' . $order_id ) );
	return $session->url;
}

/** A donation of any amount: the caller's $args over the plugin's defaults. */
function shop_stripe_donation_url( $amount, $args = array() ) {
	$defaults = array(
		'mode'        => 'payment',
		'submit_type' => 'donate',
		'success_url' => home_url( '/thanks/' ),
	);
	$args     = wp_parse_args( $args, $defaults );
	$args    += array( 'cancel_url' => home_url( '/donate/' ) );

	$args['line_items'] = array(
		array(
			'price_data' => array(
				'currency'     => 'usd',
				'unit_amount'  => absint( $amount ) * 100,
				'product_data' => array( 'name' => __( 'Donation', 'shop' ) ),
			),
			'quantity'   => 1,
		),
	);

	return Stripe_Checkout_Session::create( $args )->url;
}

/** The settings row: template code inside a function. */
function shop_stripe_settings_row( $enabled ) {
	?>
	<tr <?php if ( ! $enabled ) { ?>style="display: none;"<?php } ?>>
		<th><?php esc_html_e( 'Stripe Checkout', 'shop' ); ?></th>
		<td><?php echo esc_html( get_option( 'shop_stripe_mode', 'test' ) ); ?></td>
	</tr>
	<?php
}
