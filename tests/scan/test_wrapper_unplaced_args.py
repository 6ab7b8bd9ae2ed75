# ruff: noqa: E501  (the fixtures are code written as applications write it)
"""What a caller's argument holds that its reading cannot place is said at the wrapper call.

Read in a WordPress forms plugin: the form's fields copied into ``$metadata`` in a ``foreach``
(``$metadata[ mb_substr( $key, 0, 40 ) ] = ...``), a fixed key added, then ``$payload['metadata']
= $metadata`` passed to the plugin's wrapper (``create_request( 'create_session', $payload )``,
which creates with ``$args`` whole). At a direct call the loop's entries are RT012 (an entry
the scan cannot place); through the wrapper they were dropped with no finding, only the fixed
key reaching the Dodo call. The argument's unplaced entries are now the call's
(``migrate/scan/wrapper_binding.py``).
"""

from __future__ import annotations

from migrate.scan.patterns import BY_NAME
from migrate.scan.scan import scan_source

PHP = """<?php
class Api {
    public function create_request( $path, $args = array() ) {
        switch ( $path ) {
            case 'create_session':
                return $this->stripe->checkout->sessions->create( $args );
        }
        return null;
    }

    public function pay( $form_data, $raw_metadata, $price ) {
        $metadata = array();
        foreach ( $raw_metadata as $key => $value ) {
            $metadata[ mb_substr( $key, 0, 40 ) ] = mb_substr( is_string( $value ) ? $value : wp_json_encode( $value ), 0, 500 );
        }
        $metadata['record_id'] = $form_data->id;
        $payload = array(
            'mode' => 'payment',
            'line_items' => array( array( 'price' => $price, 'quantity' => 1 ) ),
            'success_url' => 'https://x.test/ok',
        );
        $payload['metadata'] = $metadata;
        return $this->create_request( 'create_session', $payload );
    }
}
"""


def test_a_loops_metadata_in_a_wrappers_argument_is_rt012_at_the_call() -> None:
    (site,) = [
        s for s in scan_source(PHP, "class-api.php", BY_NAME["php"]) if s.kind == "create" and s.via
    ]
    assert site.params["metadata"] == {"record_id": {"$dynamic": "$form_data->id"}}
    (rt012,) = [f for f in site.findings if f.code == "RT012"]
    assert "$metadata[ mb_substr( $key, 0, 40 ) ]" in rt012.message
