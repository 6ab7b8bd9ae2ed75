"""X021 (a wrapper's local the caller cannot see) is said only where the Dodo call names it:
a wrapper local feeding a Stripe field Dodo has no counterpart for (``mode``, chosen by a flag
the wrapper sets in a loop over a bill's lines) reaches no Dodo value, so saying "the Dodo call
names ``TODO_<local>`` there" was false. A local that does reach the Dodo call keeps X021."""

from __future__ import annotations

from pathlib import Path

from migrate.scan import scan_paths
from migrate.scan.scan import CallSite, ScanStats

# an invoicing module's shape: a private method builds the params from a bill, deciding the
# mode by a flag set while looping over the bill's lines; a public method calls it
BILLING = """\
<?php
namespace Modules\\Payment;

final class PaymentController
{
    public function startCheckout($request, $invoice, $urls)
    {
        $session = $this->openSession($invoice, $urls['ok'], $urls['back']);
        return $session->url;
    }

    private function openSession($invoice, string $ok, string $back)
    {
        $recurring = false;
        foreach ($invoice->lines as $line) {
            if ($line->isPlan) {
                $recurring = true;
            }
        }
        $reference = '';
        foreach ($invoice->lines as $line) {
            $reference .= $line->code;
        }
        $params = [
            'line_items' => [['price' => 'price_1Invoice', 'quantity' => 1]],
            'mode' => $recurring ? 'subscription' : 'payment',
            'success_url' => $ok,
            'cancel_url' => $back,
            'client_reference_id' => $reference,
        ];
        return \\Stripe\\Checkout\\Session::create($params);
    }
}
"""


def _caller(tmp_path: Path) -> CallSite:
    (tmp_path / "PaymentController.php").write_text(BILLING)
    stats = ScanStats()
    sites = [s for s in scan_paths([str(tmp_path)], stats=stats, jobs=1) if s.kind == "create"]
    assert stats.problems == []
    (caller,) = [s for s in sites if s.via]
    return caller


def test_a_local_deciding_only_the_mode_is_not_said_to_be_in_the_dodo_call(
    tmp_path: Path,
) -> None:
    caller = _caller(tmp_path)
    assert "TODO_recurring" not in caller.suggestion
    assert all("recurring" not in f.message for f in caller.findings if f.code == "X021")
    # the mode is still said to have no Dodo counterpart
    assert "RT005" in [f.code for f in caller.findings]


def test_a_local_that_reaches_the_dodo_call_keeps_x021(tmp_path: Path) -> None:
    caller = _caller(tmp_path)
    assert "TODO_reference" in caller.suggestion
    (finding,) = [f for f in caller.findings if f.code == "X021"]
    assert finding.path == "client_reference_id"
    assert "the Dodo call names `TODO_reference`" in finding.message
