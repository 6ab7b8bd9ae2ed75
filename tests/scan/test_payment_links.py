"""Stripe Payment Links (``https://buy.stripe.com/...``) in code, pages and configuration: the
buy button of many applications is one, made in the Stripe Dashboard, so no API call shows it
and the scan said nothing: after the move it kept selling through Stripe. Each is related code
(X037) pointing to the Dodo product's static payment link; other Stripe URLs are not, nor a
link in Markdown prose (documentation: a guide about Payment Links shows one)."""

from __future__ import annotations

from pathlib import Path

from migrate.scan.scan import scan_paths
from tests.scan.trees import write_tree

LINK = "https://buy.stripe.com/test_5kA3cZ0tY8Yk1ha000"

FILES = {
    "app/plans.py": f'PRO_URL = "{LINK}"\nDOCS = "https://stripe.com/docs/payments/payment-links"\n',
    "web/Pricing.tsx": (f'export function Pricing() {{\n  return <a href="{LINK}">Buy</a>;\n}}\n'),
    "app/models/course.rb": f'class Course\n  PAYMENT_URL = "{LINK}".freeze\nend\n',
    "site/index.html": (
        "<html><body>\n"
        f'<a class="btn" href="{LINK}?prefilled_email=a%40b.c">Buy</a>\n'
        '<a href="https://checkout.stripe.com/c/pay/cs_test_a1">Old session</a>\n'
        "</body></html>\n"
    ),
    "docs/guide.md": f"# Payment Links\n\nA link looks like {LINK}.\n",  # documentation
    "config/plans.json": f'{{"pro": {{"name": "Pro", "link": "{LINK}"}}}}\n',
}


def test_each_payment_link_is_related_code(tmp_path: Path) -> None:
    top = write_tree(tmp_path, FILES)
    sites = [s for s in scan_paths([str(top)], jobs=1) if s.rule == "X037"]
    where = sorted((Path(s.file).relative_to(top).as_posix(), s.line) for s in sites)
    assert where == [
        ("app/models/course.rb", 2),
        ("app/plans.py", 1),
        ("config/plans.json", 1),
        ("site/index.html", 2),
        ("web/Pricing.tsx", 2),
    ]
    for site in sites:
        assert site.kind == "related"
        assert site.callee == LINK
        (finding,) = site.findings
        assert finding.level.value == "warning"
        assert "https://checkout.dodopayments.com/buy/<product_id>" in finding.suggestion
    config = next(s for s in sites if s.file.endswith("plans.json"))
    assert config.source_line == LINK  # a configuration line shows the link alone
