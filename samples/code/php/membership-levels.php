<?php
/**
 * A membership plugin: every level has its own Stripe price. The gateway keeps the
 * pre-namespace class name through an alias, and builds the params in a helper.
 */

class_alias( '\Stripe\Checkout\Session', 'MP_Stripe_Session' );

class MP_Gateway_Stripe {
	const GOLD_PRICE = 'price_1MemberGold';

	public static function checkout( $level, $user ) {
		$params  = self::session_params( $level, $user );
		$params  = apply_filters( 'mp_stripe_checkout_params', $params, $level );
		$session = MP_Stripe_Session::create( $params );
		wp_redirect( $session->url );
		exit;
	}

	public static function renew( $level ) {
		switch ( $level->cycle ) {
			case 'year':
				$price = get_option( 'mp_yearly_price' );
				break;
			default:
				$price = $level->stripe_price_id;
		}
		$session = \Stripe_Checkout_Session::create(
			array(
				'mode'       => 'subscription',
				'line_items' => array( array( 'price' => $price, 'quantity' => 1 ) ),
				'customer'   => get_user_meta( get_current_user_id(), 'mp_stripe_customer', true ),
				'success_url' => mp_url( 'account' ),
			)
		);
		return $session->url;
	}

	private static function session_params( $lvl, $user ) {
		if ( 'gold' === $lvl->slug ) {
			$price = self::GOLD_PRICE;
		} elseif ( 'silver' === $lvl->slug ) {
			$price = 'price_1MemberSilver';
		} else {
			$price = $lvl->stripe_price_id;
		}

		$params = array(
			'mode'        => $lvl->is_recurring ? 'subscription' : 'payment',
			'customer'    => get_user_meta( $user->ID, 'mp_stripe_customer', true ),
			'line_items'  => array( array( 'price' => $price, 'quantity' => 1 ) ),
			'success_url' => mp_url( 'confirmation', '?level=' . $lvl->id ),
			'cancel_url'  => mp_url( 'levels' ),
		);
		if ( $lvl->trial_days > 0 ) {
			$params['subscription_data'] = array( 'trial_period_days' => (int) $lvl->trial_days );
		}
		return $params;
	}
}
