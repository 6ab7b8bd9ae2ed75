"""A constant map of a wrapper's module or class indexed at run time, at a caller of the
wrapper in another file (where the map's name is not defined):

* Java's ``private static final Map<String, String> PRICES = Map.of(...)`` read as
  ``PRICES.get(plan)`` and Kotlin's companion ``val PRICES = mapOf(... to ...)`` read as
  ``PRICES[plan]`` were the wrapper's fields: ``TODO_PRICES`` with X021 at the caller. They are
  now constants, as Python's, TypeScript's and PHP's are: a literal key at the caller is
  looked up (its price's Dodo product), any other read is the map written in the caller's terms;
* a Python map with number keys (``PRICING_TIERS = {100: "price_..."}``) was written with text
  keys (``{"100": ...}[credits]``), a ``KeyError`` at run time for every number; its keys stay
  numbers, and a literal ``500`` at the caller is looked up."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.scan.scan import CallSite, scan_paths

JAVA = """\
package app;
import java.util.Map;
import com.stripe.model.checkout.Session;
import com.stripe.param.checkout.SessionCreateParams;

public class PlanService {
  private static final Map<String, String> PRICES =
      Map.of("basic", "price_1Basic", "pro", "price_1Pro");

  public Session checkout(String plan) throws Exception {
    SessionCreateParams params = SessionCreateParams.builder()
      .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
      .addLineItem(SessionCreateParams.LineItem.builder()
          .setPrice(PRICES.get(plan)).setQuantity(1L).build())
      .setSuccessUrl("https://example.com/ok")
      .build();
    return Session.create(params);
  }
}
"""
JAVA_CALLER = """\
package app;
public class PlanController {
  private final PlanService service = new PlanService();
  public String subscribe(String plan) throws Exception {
    return service.checkout(ARG).getUrl();
  }
}
"""
KOTLIN = """\
package app
import com.stripe.model.checkout.Session
import com.stripe.param.checkout.SessionCreateParams

class Plans {
  companion object {
    private val PRICES = mapOf("basic" to "price_1Basic", "pro" to "price_1Pro")
  }
  fun checkout(plan: String): Session {
    val params = SessionCreateParams.builder()
      .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
      .addLineItem(SessionCreateParams.LineItem.builder()
          .setPrice(PRICES[plan]).setQuantity(1L).build())
      .setSuccessUrl("https://example.com/ok")
      .build()
    return Session.create(params)
  }
}
"""
KOTLIN_CALLER = """\
package app
class PlansController(private val plans: Plans) {
  fun subscribe(plan: String): String = plans.checkout(ARG).url
}
"""
PYTHON = """\
import stripe

PRICING_TIERS = {
    100: "price_1Credits100",
    500: "price_1Credits500",
}


def create_checkout(credits, user_id):
    return stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": PRICING_TIERS[credits], "quantity": 1}],
        client_reference_id=user_id,
        success_url="https://example.com/ok",
    )
"""
PYTHON_CALLER = """\
from billing import create_checkout


def buy(request):
    return create_checkout(ARG, request.user.id).url
"""


def at_caller(tmp_path: Path, files: dict[str, str], arg: str) -> CallSite:
    for name, text in files.items():
        (tmp_path / name).write_text(text.replace("ARG", arg), encoding="utf-8")
    sites = [s for s in scan_paths([str(tmp_path)], jobs=1) if s.kind == "create"]
    (site,) = [s for s in sites if s.via is not None]
    return site


def product(site: CallSite) -> str:
    return str(site.translation.dodo["product_cart"][0]["product_id"])


def codes(site: CallSite) -> set[str]:
    return {f.code for f in site.findings}


CASES = [
    (
        {"PlanService.java": JAVA, "PlanController.java": JAVA_CALLER},
        'java.util.Map.of("basic", "price_1Basic", "pro", "price_1Pro").get(plan)',
        '"pro"',
    ),
    (
        {"Plans.kt": KOTLIN, "PlansController.kt": KOTLIN_CALLER},
        'mapOf("basic" to "price_1Basic", "pro" to "price_1Pro")[plan]',
        '"pro"',
    ),
]


@pytest.mark.parametrize(("files", "written", "literal"), CASES, ids=["java", "kotlin"])
def test_a_jvm_constant_map_is_written_at_the_caller(
    tmp_path: Path, files: dict[str, str], written: str, literal: str
) -> None:
    site = at_caller(tmp_path, files, "plan")
    assert "TODO_PRICES" not in site.suggestion
    assert "X021" not in codes(site)
    assert written in site.suggestion


@pytest.mark.parametrize(("files", "written", "literal"), CASES, ids=["java", "kotlin"])
def test_a_literal_key_at_the_caller_is_looked_up(
    tmp_path: Path, files: dict[str, str], written: str, literal: str
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    site = at_caller(tmp_path / "a", files, literal)
    other = at_caller(tmp_path / "b", files, '"basic"')
    assert not site.dynamic and "TODO_PRICES" not in site.suggestion
    assert product(site).startswith("s2d_pdt_") and product(other).startswith("s2d_pdt_")
    assert product(site) != product(other)  # each key its own price's product


def test_python_number_keys_stay_numbers(tmp_path: Path) -> None:
    files = {"billing.py": PYTHON, "views.py": PYTHON_CALLER}
    site = at_caller(tmp_path, files, 'int(request.POST["credits"])')
    assert '{100: "price_1Credits100", 500: "price_1Credits500"}' in site.suggestion
    assert '"100"' not in site.suggestion


def test_python_a_literal_number_key_is_looked_up(tmp_path: Path) -> None:
    files = {"billing.py": PYTHON, "views.py": PYTHON_CALLER}
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    site = at_caller(tmp_path / "a", files, "500")
    other = at_caller(tmp_path / "b", files, "100")
    assert [d.path for d in site.dynamic] == ["client_reference_id"]
    assert product(site).startswith("s2d_pdt_") and product(site) != product(other)
