"""A Go wrapper that sells a price kept in a variable of its package: a call from another
package cannot name it.

Probe in the shape of Go billing packages (``var proPrice = os.Getenv("PRO_PRICE")`` at the top
of ``billing.go``, ``Price: stripe.String(proPrice)`` in ``billing.Open``): a handler in package
``web`` calling ``billing.Open`` had ``proPrice`` written as it is - no name in ``web``, or, in a
handler that keeps the plan being left in its own ``proPrice``, that other price sold without a
word. Such a call now writes the variable's value when it is bound once to an environment read
(``os.Getenv("PRO_PRICE")``: the caller reads the same), else ``TODO_proPrice`` (X021); a call
from the same package keeps the name, and a wrapper of the wrapper in that package passes the
rule on."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import scan_paths

BILLING = """package billing

import (
	"os"

	"github.com/stripe/stripe-go/v79"
	"github.com/stripe/stripe-go/v79/checkout/session"
)

var proPrice = os.Getenv("PRO_PRICE")

func Open(email string, seats int64) (string, error) {
	s, err := session.New(&stripe.CheckoutSessionParams{
		Mode:          stripe.String("subscription"),
		CustomerEmail: stripe.String(email),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String(proPrice), Quantity: stripe.Int64(seats)},
		},
		SuccessURL: stripe.String("https://shop.test/ok"),
	})
	if err != nil {
		return "", err
	}
	return s.URL, nil
}
"""

TEAM = """package billing

func OpenForTeam(owner string) (string, error) {
	return Open(owner, 5)
}
"""

HANDLER = """package web

import (
	"net/http"

	"example.com/shop/billing"
)

func Upgrade(w http.ResponseWriter, r *http.Request) {
	proPrice := r.URL.Query().Get("from")
	_ = proPrice
	url, err := billing.Open(r.FormValue("email"), 3)
	if err != nil {
		return
	}
	team, err := billing.OpenForTeam(r.FormValue("owner"))
	if err != nil {
		return
	}
	http.Redirect(w, r, url+team, http.StatusSeeOther)
}
"""


def _sites(tmp_path: Path, billing: str = BILLING) -> dict[tuple[str, int], object]:
    (tmp_path / "go.mod").write_text("module example.com/shop\n\ngo 1.22\n")
    for name, text in {
        "billing/billing.go": billing,
        "billing/team.go": TEAM,
        "web/handler.go": HANDLER,
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    found = [s for s in scan_paths([str(tmp_path)]) if s.kind == "create"]
    return {(Path(s.file).name, s.line): s for s in found}


def test_another_packages_call_cannot_name_the_wrappers_package_variable(
    tmp_path: Path,
) -> None:
    sites = _sites(tmp_path)
    for line in (12, 16):  # billing.Open, and billing.OpenForTeam (a wrapper of it)
        call = sites["handler.go", line]
        sources = {d.path: d.source for d in call.dynamic}
        # bound once to an environment read: the caller reads the same variable itself
        assert sources["line_items[0].price"] == 'os.Getenv("PRO_PRICE")'
        assert not [f for f in call.findings if f.code == "X021"]
        assert "ProductID(proPrice)" not in call.suggestion
        assert 'dodoids.ProductID(os.Getenv("PRO_PRICE"))' in call.suggestion


def test_a_package_variable_set_again_is_unseen_at_another_packages_call(
    tmp_path: Path,
) -> None:
    setter = "func SetPro(p string) {\n\tproPrice = p\n}\n\nfunc Open("
    sites = _sites(tmp_path, BILLING.replace("func Open(", setter))
    call = sites["handler.go", 12]
    sources = {d.path: d.source for d in call.dynamic}
    assert sources["line_items[0].price"] == "TODO_proPrice"
    assert [f.path for f in call.findings if f.code == "X021"] == ["line_items[0].price"]


def test_the_wrappers_own_package_keeps_the_name(tmp_path: Path) -> None:
    sites = _sites(tmp_path)
    call = sites["team.go", 4]
    assert {d.path: d.source for d in call.dynamic}["line_items[0].price"] == "proPrice"
    assert not [f for f in call.findings if f.code == "X021"]
