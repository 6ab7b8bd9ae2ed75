"""The cache of each file's scan (``migrate/scan/scan_cache.py``): a scan that uses it gives the
sites a scan without it gives, whatever changed in the tree since the scan that filled it."""

from __future__ import annotations

import json
import os
import stat
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import migrate.scan.scan as scan_module
from migrate import cli
from migrate.mapping.cart import Options
from migrate.readers.idmap import IdMap
from migrate.scan.scan import ScanStats, scan_paths
from migrate.scan.scan_cache import MAX_AGE_DAYS, ScanCache

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "code"


@pytest.fixture(autouse=True)
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("STRIPE2DODO_CACHE_DIR", str(folder))
    return folder


def _scan(
    paths: list[Path], *, cache: bool, options: Options | None = None, jobs: int = 1
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    stats = ScanStats()
    sites = [
        s.as_dict()
        for s in scan_paths(
            [str(p) for p in paths], stats=stats, options=options, jobs=jobs, cache=cache
        )
    ]
    return sites, stats.as_dict()


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def _entries(folder: Path) -> list[Path]:
    """The scan's entries in the cache folder (the rule table is cached there too)."""
    return [p for p in (folder / "scan-1").rglob("*") if p.is_file() and p.name != "pruned"]


def _no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any file parsed or scanned again (not read from the cache) fails the test; only the
    test of its bytes against the prefilter, which tells a file naming no Stripe, is left."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"read again: {args[:2]!r}")

    def no_scans(paths: list[str], *args: Any) -> Iterator[Any]:
        if paths:
            refuse(paths)
        yield from ()

    for name in ("parse", "scan_source", "scan_text", "scan_config", "file_wrappers"):
        monkeypatch.setattr(scan_module, name, refuse)
    monkeypatch.setattr(scan_module, "_scans", no_scans)
    monkeypatch.setattr(scan_module, "shared_words", refuse)


def test_a_second_scan_of_the_samples_is_read_from_the_cache_and_the_same(
    cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = _scan([SAMPLES], cache=False)
    assert not _entries(cache_folder)
    first = _scan([SAMPLES], cache=True)
    assert first == plain
    assert len(plain[0]) > 100  # the samples: every language, wrappers of other files included
    assert any(site.get("via") for site in plain[0])
    _no_reading(monkeypatch)
    assert _scan([SAMPLES], cache=True) == plain


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    files = {
        "a.py": """
            import stripe

            def buy():
                return stripe.checkout.Session.create(
                    mode="payment",
                    line_items=[{"price": "price_old", "quantity": 1}],
                    success_url="https://shop.example/ok",
                )
            """,
        "b.py": """
            import stripe

            def other():
                return stripe.checkout.Session.create(
                    mode="payment",
                    line_items=[{"price": "price_b", "quantity": 2}],
                    success_url="https://shop.example/ok",
                )
            """,
    }
    top = _write(tmp_path / "src", files)
    before = _scan([top], cache=True)
    _write(top, {"a.py": files["a.py"].replace("price_old", "price_new")})
    after = _scan([top], cache=True)
    assert after == _scan([top], cache=False)
    prices = [s["params"]["line_items"][0]["price"] for s in after[0]]
    assert prices == ["price_new", "price_b"]
    assert [s["params"]["line_items"][0]["price"] for s in before[0]] == ["price_old", "price_b"]


def test_a_wrapper_a_new_file_calls_is_indexed_though_its_own_file_did_not_change(
    tmp_path: Path,
) -> None:
    # the first scan did not index start_checkout: no other file named it
    top = _write(
        tmp_path / "src",
        {
            "billing.py": """
                import stripe

                def start_checkout(price_id):
                    return stripe.checkout.Session.create(
                        mode="subscription",
                        line_items=[{"price": price_id, "quantity": 1}],
                        success_url="https://shop.example/ok",
                    )
                """,
            "util.py": "def helper():\n    return 1\n",
        },
    )
    first, _ = _scan([top], cache=True)
    assert not any(s.get("via") for s in first)
    _write(top, {"views.py": "from billing import start_checkout\n\nstart_checkout('price_pro')\n"})
    after = _scan([top], cache=True)
    assert after == _scan([top], cache=False)
    via = [s for s in after[0] if s["file"].endswith("views.py")]
    assert len(via) == 1 and via[0]["via"].startswith("start_checkout at ")
    assert via[0]["params"]["line_items"][0]["price"] == "price_pro"


CS_CONSTANTS = """
public static class Prices
{
    public const string Pro = "price_pro_1";
}
"""
CS_CHECKOUT = """
using Stripe.Checkout;

public class Checkout
{
    public Session Start()
    {
        var options = new SessionCreateOptions
        {
            Mode = "payment",
            LineItems = new List<SessionLineItemOptions>
            {
                new SessionLineItemOptions { Price = Prices.Pro, Quantity = 1 },
            },
            SuccessUrl = "https://shop.example/ok",
        };
        return new SessionService().Create(options);
    }
}
"""


def test_a_constant_changed_in_another_file_is_read_again(tmp_path: Path) -> None:
    top = _write(tmp_path / "src", {"Prices.cs": CS_CONSTANTS, "Checkout.cs": CS_CHECKOUT})
    first, _ = _scan([top], cache=True)
    assert [s["params"]["line_items"][0]["price"] for s in first] == ["price_pro_1"]
    _write(top, {"Prices.cs": CS_CONSTANTS.replace("price_pro_1", "price_pro_2")})
    after = _scan([top], cache=True)
    assert after == _scan([top], cache=False)
    assert [s["params"]["line_items"][0]["price"] for s in after[0]] == ["price_pro_2"]


DJANGO_VIEW = """\
import stripe
from django.conf import settings


def buy():
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": "price_1Example", "quantity": 1}],
        success_url=settings.STRIPE_SUCCESS_URL,
    )
"""


def test_a_configured_return_url_changed_in_another_file_is_read_again(tmp_path: Path) -> None:
    """The C003 of a URL whose setting another file sets with a Stripe template follows that
    file: the entry of the file that reads the setting asks again."""
    templated = 'STRIPE_SUCCESS_URL = "https://x.example/ok?sid={CHECKOUT_SESSION_ID}"\n'
    top = _write(tmp_path / "src", {"shop/settings.py": templated, "shop/views.py": DJANGO_VIEW})
    first, _ = _scan([top], cache=True)
    assert [f["code"] for f in first[0]["findings"]].count("C003") == 1
    _write(top, {"shop/settings.py": 'STRIPE_SUCCESS_URL = "https://x.example/ok"\n'})
    after = _scan([top], cache=True)
    assert after == _scan([top], cache=False)
    assert "C003" not in [f["code"] for f in after[0][0]["findings"]]


GO_CONSTS = 'package billing\n\nconst ProPrice = "price_go_1"\n'
GO_CHECKOUT = """package billing

import (
	"github.com/stripe/stripe-go/v83"
	"github.com/stripe/stripe-go/v83/checkout/session"
)

func Pro() (*stripe.CheckoutSession, error) {
	return session.New(&stripe.CheckoutSessionParams{
		Mode: stripe.String("payment"),
		LineItems: []*stripe.CheckoutSessionLineItemParams{
			{Price: stripe.String(ProPrice), Quantity: stripe.Int64(1)},
		},
		SuccessURL: stripe.String("https://shop.example/ok"),
	})
}
"""


def test_a_go_constant_changed_in_another_file_is_read_again(tmp_path: Path) -> None:
    top = _write(tmp_path / "src", {"billing/consts.go": GO_CONSTS, "billing/pro.go": GO_CHECKOUT})
    first, _ = _scan([top], cache=True)
    assert [s["params"]["line_items"][0]["price"] for s in first] == ["price_go_1"]
    _write(top, {"billing/consts.go": GO_CONSTS.replace("price_go_1", "price_go_2")})
    after = _scan([top], cache=True)
    assert after == _scan([top], cache=False)
    assert [s["params"]["line_items"][0]["price"] for s in after[0]] == ["price_go_2"]


def test_a_record_changed_in_another_file_is_read_again(tmp_path: Path) -> None:
    from tests.scan.test_jvm_record_arguments import JAVA_CALLERS, JAVA_RECORD, JAVA_WRAPPER

    files = {"Req.java": JAVA_RECORD, "Billing.java": JAVA_WRAPPER, "Shop.java": JAVA_CALLERS}
    top = _write(tmp_path / "src", files)
    first, _ = _scan([top], cache=True)
    assert [s["params"]["line_items"][0]["quantity"] for s in first if s.get("via")][:1] == [2]
    swapped = JAVA_RECORD.replace("String priceId, long quantity", "long quantity, String priceId")
    _write(top, {"Req.java": swapped})  # the components in another order: the call reads again
    after = _scan([top], cache=True)
    assert after == _scan([top], cache=False)
    assert [s["params"]["line_items"][0]["price"] for s in after[0] if s.get("via")][:1] == [2]


def test_entries_cut_short_or_foreign_are_misses(cache_folder: Path) -> None:
    plain = _scan([SAMPLES], cache=False)
    _scan([SAMPLES], cache=True)
    entries = _entries(cache_folder)
    assert entries
    for n, entry in enumerate(entries):
        data = entry.read_bytes()
        cut = (data[: n % 40], b"not a pickle at all" + data[20:], data[:-3])[n % 3]
        entry.write_bytes(cut)  # the head cut, a foreign file, the sites cut short
    assert _scan([SAMPLES], cache=True) == plain
    assert _scan([SAMPLES], cache=True) == plain  # written again, read back


def test_a_folder_that_cannot_be_written_only_makes_the_scan_slower(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("STRIPE2DODO_CACHE_DIR", str(blocker))
    plain = _scan([SAMPLES / "python"], cache=False)
    assert _scan([SAMPLES / "python"], cache=True) == plain
    assert blocker.read_text() == "a file where the cache folder would be"


def test_the_id_map_is_part_of_the_key(tmp_path: Path) -> None:
    top = _write(
        tmp_path / "src",
        {
            "a.py": """
                import stripe

                stripe.checkout.Session.create(
                    mode="payment",
                    line_items=[{"price": "price_mapped", "quantity": 1}],
                    success_url="https://shop.example/ok",
                )
                """,
            "b.py": "x = 1\n",
        },
    )
    mapped = Options(ids=IdMap.from_json({"price_mapped": "pdt_mapped"}))
    without = _scan([top], cache=True)
    with_map = _scan([top], cache=True, options=mapped)
    assert with_map == _scan([top], cache=False, options=mapped)
    assert "pdt_mapped" in json.dumps(with_map) and "pdt_mapped" not in json.dumps(without)
    assert _scan([top], cache=True) == without


def test_workers_fill_and_read_the_same_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan_module, "PARALLEL_MIN_FILES", 2)
    plain = _scan([SAMPLES], cache=False)
    assert _scan([SAMPLES], cache=True, jobs=2) == plain
    assert _scan([SAMPLES], cache=True, jobs=1) == plain
    _no_reading(monkeypatch)  # every file kept: no worker is started for the first pass
    monkeypatch.setattr(scan_module, "_first_in_workers", _refuse)
    assert _scan([SAMPLES], cache=True, jobs=2) == plain


def _refuse(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("workers started")


def test_the_cli_writes_entries_only_its_owner_reads_and_no_cache_writes_none(
    cache_folder: Path, tmp_path: Path
) -> None:
    target = str(SAMPLES / "python")
    out = CliRunner().invoke(cli.main, ["scan", target, "--format", "json", "--no-cache"])
    assert out.exit_code in (0, 1), out.output
    assert not (cache_folder / "scan-1").exists()
    again = CliRunner().invoke(cli.main, ["scan", target, "--format", "json"])
    assert again.output == out.output
    entries = _entries(cache_folder)
    assert entries
    assert {stat.S_IMODE(e.stat().st_mode) for e in entries} == {0o600}
    folders = {e.parent for e in entries} | {cache_folder / "scan-1"}
    assert {stat.S_IMODE(f.stat().st_mode) for f in folders} == {0o700}


def test_old_entries_are_removed_once_a_day(tmp_path: Path) -> None:
    store = ScanCache(tmp_path / "scan", b"salt")
    store.put(store.key("old.py", b"x"), [], None, b"")
    store.put(store.key("new.py", b"y"), [], None, b"")
    old, new = (
        store.folder / k[:2] / k[2:] for k in (store.key("old.py", b"x"), store.key("new.py", b"y"))
    )
    now = time.time()
    stale = now - (MAX_AGE_DAYS + 1) * 86_400
    os.utime(old, (stale, stale))
    store.prune(now)
    assert not old.exists() and new.exists()
    os.utime(new, (stale, stale))
    store.prune(now + 3_600)  # pruned an hour ago: not again today
    assert new.exists()
    store.prune(now + 2 * 86_400)
    assert not new.exists()


def test_an_entry_whose_question_gets_another_answer_is_a_miss(tmp_path: Path) -> None:
    from migrate.scan.words import BYTES, SharedWords

    store = ScanCache(tmp_path / "scan", b"salt")
    none = SharedWords(bytes(BYTES))
    every = SharedWords(b"\xff" * BYTES)
    key = store.key("a.py", b"data")
    store.put(key, [("word", b"start_checkout", False)], ("result",), b"blob")
    assert store.get(key, none) == (("result",), b"blob")
    assert store.get(key, every) is None
    assert store.get(key) is None  # no words to ask


def test_the_report_reads_code_through_the_same_cache(
    cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = str(SAMPLES / "python")
    args = ["report", target, "--format", "json", "--jobs", "1"]
    plain = CliRunner().invoke(cli.main, [*args, "--no-cache"])
    assert plain.exit_code in (0, 1), plain.output
    assert not _entries(cache_folder)
    first = CliRunner().invoke(cli.main, args)
    assert _entries(cache_folder)
    _no_reading(monkeypatch)
    again = CliRunner().invoke(cli.main, args)
    docs = [json.loads(r.output) for r in (plain, first, again)]
    for doc in docs:
        doc.pop("generated_at")
    assert docs[0] == docs[1] == docs[2]
    assert docs[0]["inputs"]  # the code files


def test_a_changed_go_mod_is_read_again(tmp_path: Path) -> None:
    # the import paths of a Go tree's packages come from its go.mod, a file the scan does not
    # list: a checkout named acme__shop of the module github.com/acme/shop
    from tests.scan.test_wrapper_chains import GO_GATEWAY, GO_MAIN, GO_SDK

    top = _write(
        tmp_path / "acme__shop",
        {
            "go.mod": "module github.com/acme/shop\n\ngo 1.21\n",
            "stripex/session.go": GO_SDK,
            "billing/gateway.go": GO_GATEWAY.replace("acme/app/internal/", "acme/shop/"),
            "cmd/api/main.go": GO_MAIN.replace("acme/app/internal/", "acme/shop/"),
        },
    )

    def via(sites: list[dict[str, Any]]) -> list[tuple[str, str]]:
        return [(Path(s["file"]).name, s.get("via") or "") for s in sites if s.get("via")]

    first = _scan([top], cache=True)
    assert [name for name, _ in via(first[0])] == ["gateway.go", "main.go"]
    for module in ("github.com/other/thing", "github.com/acme/shop", "github.com/other/thing"):
        _write(top, {"go.mod": f"module {module}\n\ngo 1.21\n"})
        cached = _scan([top], cache=True)
        assert cached == _scan([top], cache=False), module
        assert bool(via(cached[0])) is (module == "github.com/acme/shop")


def test_a_changed_project_file_is_read_again(tmp_path: Path) -> None:
    # whether a .NET project imports Stripe for all its files is read from its project file,
    # a file the scan does not list
    from tests.scan.test_csharp_flow import NET_PROJECT, NET_SERVICE

    imports = '<ItemGroup><Using Include="Stripe.Checkout" /></ItemGroup>'
    other = "namespace Shop;\npublic class Clock { }\n"  # two files: the cache is used
    top = _write(tmp_path / "shop", {"PayService.cs": NET_SERVICE, "Clock.cs": other})
    for items in (imports, "", imports):
        _write(top, {"Shop.csproj": NET_PROJECT.format(items=items)})
        cached = _scan([top], cache=True)
        assert cached == _scan([top], cache=False), items
        assert len([s for s in cached[0] if s["kind"] == "create"]) == (1 if items else 0)


def test_a_helper_file_that_changes_is_read_again_for_the_stripe_read_it_holds(
    tmp_path: Path,
) -> None:
    """X023 at a checkout reads the helper its price comes from, in another file: when that
    file stops reading Stripe, the checkout's cached result (its own file unchanged) is not
    used."""
    reads = """
        import stripe

        def current_price(product_id):
            return stripe.Product.retrieve(product_id).default_price
        """
    top = _write(
        tmp_path / "src",
        {
            "shop/prices.py": reads,
            "shop/views.py": """
                import os

                import stripe

                from .prices import current_price

                def buy():
                    price = current_price(os.environ["PRODUCT"])
                    return stripe.checkout.Session.create(
                        mode="payment",
                        line_items=[{"price": price, "quantity": 1}],
                        success_url="https://shop.example/ok",
                    )
                """,
        },
    )

    def codes() -> list[str]:
        sites, _ = _scan([top], cache=True)
        return [f["code"] for s in sites if s["kind"] == "create" for f in s["findings"]]

    assert "X023" in codes()
    _write(
        top,
        {
            "shop/prices.py": reads.replace(
                "stripe.Product.retrieve(product_id)", "db_row(product_id)"
            )
        },
    )
    assert "X023" not in codes()


def test_a_model_method_changed_in_another_file_is_read_again(tmp_path: Path) -> None:
    from tests.scan.test_model_methods import MODELS, VIEWS

    top = _write(tmp_path / "src", {"shop/models.py": MODELS, "shop/views.py": VIEWS})
    first, _ = _scan([top], cache=True)
    views = [s for s in first if s["file"].endswith("views.py")]
    assert views[0]["params"]["line_items"][0]["quantity"] == 1
    _write(
        top,
        {
            "shop/models.py": MODELS.replace(
                '"quantity": 1,\n        }]', '"quantity": 3,\n        }]'
            )
        },
    )
    after = _scan([top], cache=True)
    assert after == _scan([top], cache=False)
    views = [s for s in after[0] if s["file"].endswith("views.py")]
    assert views[0]["params"]["line_items"][0]["quantity"] == 3


def test_a_php_model_changed_in_another_file_is_read_again(tmp_path: Path) -> None:
    from tests.scan.test_php_model_methods import CONTROLLER, MODEL

    files = {"app/Models/Order.php": MODEL, "app/Http/Controllers/Pay.php": CONTROLLER}
    top = _write(tmp_path / "src", files)
    first, _ = _scan([top], cache=True)
    assert "$order->total_cents" in first[1]["suggestion"]
    private = MODEL.replace(
        "class Order extends Model\n{",
        "class Order extends Model\n{\n    private int $total_cents = 0;\n",
    )
    _write(top, {"app/Models/Order.php": private})  # not readable at the call any more
    after = _scan([top], cache=True)
    assert after == _scan([top], cache=False)
    assert "$order->total_cents" not in after[0][1]["suggestion"]


def test_a_rails_model_changed_in_another_file_is_read_again(tmp_path: Path) -> None:
    from tests.scan.test_ruby_model_methods import CONTROLLER, MODEL

    controller = CONTROLLER.replace("METHOD", "stripe_line_items")
    files = {"app/models/order.rb": MODEL, "app/controllers/checkouts_controller.rb": controller}
    top = _write(tmp_path / "src", files)
    first, _ = _scan([top], cache=True)
    assert "li.unit_price_cents" in first[0]["suggestion"]
    saving = MODEL.replace("  def stripe_line_items\n", "  def stripe_line_items\n    touch\n")
    _write(top, {"app/models/order.rb": saving})  # it writes now: not read at the call
    after = _scan([top], cache=True)
    assert after == _scan([top], cache=False)
    assert "li.unit_price_cents" not in after[0][0]["suggestion"]


def test_a_tree_constant_question_holds_when_another_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A C# checkout reading another file's constant asks the tree a 'constant' question; a
    question of imported JS/Python constants took the same name, so every such entry failed its
    check (one changed file had every Java, Kotlin and C# checkout file scanned again)."""
    files = {"Prices.cs": CS_CONSTANTS, "Checkout.cs": CS_CHECKOUT, "notes.py": "import stripe\n"}
    top = _write(tmp_path / "src", files)
    first = _scan([top], cache=True)
    _write(top, {"notes.py": "import stripe\n# changed\n"})
    scanned: list[str] = []
    real = scan_module.scan_source

    def counted(text: str, path: str, *args: Any, **kwargs: Any) -> Any:
        scanned.append(Path(path).name)
        return real(text, path, *args, **kwargs)

    monkeypatch.setattr(scan_module, "scan_source", counted)
    assert _scan([top], cache=True)[0] == first[0]
    assert "Checkout.cs" not in scanned


_NODE_CHECKOUT = """
    import Stripe from "stripe";
    const stripe = new Stripe(KEYS.STRIPE_KEY!);
    export async function buy() {
      return stripe.checkout.sessions.create({
        mode: "payment",
        line_items: [{ price: KEYS.PRICE_PRO!, quantity: 1 }],
        success_url: "https://shop.example/ok",
      });
    }
    """


def test_a_project_file_above_the_scanned_folder_that_changes_is_read_again(
    tmp_path: Path,
) -> None:
    # a deno.json in the app's folder, above the folder scanned, makes its files Deno's (those
    # reading no Node global): the SDK is imported as npm:dodopayments and the id map with its
    # extension
    app = tmp_path / "app"
    top = _write(app / "src", {"buy.ts": _NODE_CHECKOUT, "clock.ts": "export const x = 1;\n"})

    def sdk(sites: list[dict[str, Any]]) -> str:
        (site,) = sites
        lines = site["suggestion"].splitlines()
        return next(line for line in lines if "import DodoPayments" in line)

    for deno in (False, True, False):
        if deno:
            _write(app, {"deno.json": '{"imports": {}}\n'})
        else:
            (app / "deno.json").unlink(missing_ok=True)
        cached = _scan([top], cache=True)
        assert cached == _scan([top], cache=False), deno
        assert ('"npm:dodopayments"' in sdk(cached[0])) is deno
        assert ('"dodopayments"' in sdk(cached[0])) is not deno


def test_the_project_files_hash_reads_manifests_above_and_not_the_code(tmp_path: Path) -> None:
    from migrate.scan.project_files import project_digest

    app = _write(
        tmp_path / "app",
        {"web/src/buy.ts": _NODE_CHECKOUT, "pnpm-lock.yaml": "lockfileVersion: '9.0'\n"},
    )
    listing = [str(app / "web/src/buy.ts")]
    first = project_digest(listing)
    _write(app, {"web/src/buy.ts": _NODE_CHECKOUT.replace("PRICE_PRO", "PRICE_TEAM")})
    assert project_digest(listing) == first  # the code is keyed by its own bytes
    changes = {
        "pnpm-lock.yaml": "lockfileVersion: '9.1'\n",  # a lock file two folders up
        "web/package.json": '{"type": "module"}\n',  # a manifest appears
        "web/tsconfig.json": '{"compilerOptions": {"paths": {"@/*": ["src/*"]}}}\n',
        "composer.json": '{"autoload": {"psr-4": {"App\\\\": "app/"}}}\n',
        "requirements/base.txt": "python-decouple\n",
        "web/Shop.csproj": "<Project />\n",
    }
    seen = {first}
    for name, text in changes.items():
        _write(app, {name: text})
        now = project_digest(listing)
        assert now not in seen, name
        seen.add(now)
