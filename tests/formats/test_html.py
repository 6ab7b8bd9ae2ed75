"""``report --format html``: one self-contained page, escaped, and working in a real browser.

The plain tests read the markup. The browser tests open the page in headless Chromium (Debian's
``chromium`` and ``chromium-driver``, driven by selenium) and use the filters, the search and the
rule links; they skip, saying why, only when Chromium, chromedriver or selenium is missing.

``UPDATE_SCREENSHOT=1 pytest tests/formats/test_html.py`` regenerates ``docs/report.png``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from migrate.formats.html import render_html
from migrate.report.build import ReportOptions, build_report
from migrate.report.model import CodeItem, FindingOut, Report

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
SCREENSHOT = ROOT / "docs" / "report.png"
NOW = 1_767_225_600
XSS = "<script>alert(1)</script>"

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def sample() -> Report:
    return build_report([str(SAMPLES)], ReportOptions(now=NOW))


@pytest.fixture(scope="module")
def page(sample: Report) -> str:
    return render_html(sample)


def _item_ids(report: Report) -> list[str]:
    return [
        *(c.id for c in report.catalog),
        *(s.id for s in report.sessions),
        *(k.id for k in report.code),
        *(w.id for w in report.webhooks),
        *(c.id for c in report.config),
    ]


def _evil_report(tmp_path: Path) -> Report:
    """A report whose payload, file names and messages carry markup."""
    payload = tmp_path / "evil.json"
    payload.write_text(
        '{"mode": "payment", "line_items": [{"price": "price_' + XSS + '", "quantity": 1}],'
        ' "success_url": "https://shop.example/ok", "metadata": {"note": "' + XSS + '"},'
        ' "client_reference_id": "</script><img src=x onerror=alert(2)>"}',
        encoding="utf-8",
    )
    report = build_report([str(tmp_path)], ReportOptions(now=NOW))
    code = CodeItem(
        id="code-1",
        file='src/"><svg onload=alert(3)>.py',
        line=1,
        column=1,
        language="python",
        kind="create",
        callee="stripe.checkout.Session.create",
        outcome="blocked",
        source_line=f"stripe.checkout.Session.create(metadata={{'x': '{XSS}'}})",
        params={"metadata": {"x": XSS}},
        suggestion=f"# {XSS}",
        findings=[
            FindingOut(code="C003", level="blocker", message=f"`{XSS}` and {XSS}", suggestion=XSS)
        ],
    )
    return report.model_copy(update={"code": [code]})


# -- plain tests ------------------------------------------------------------------------------


def test_no_external_resources(page: str) -> None:
    # all report text is escaped, so every "<" followed by a letter opens a real tag
    tags = re.findall(r"<[a-zA-Z][^>]*>", page)
    attrs = [a for tag in tags for a in re.findall(r'\s([a-zA-Z-]+)="([^"]*)"', tag)]
    assert attrs
    names = {name.lower() for name, _ in attrs}
    assert not names & {"src", "srcset", "action", "formaction", "poster", "style", "background"}
    for name, value in attrs:
        assert not re.match(r"\s*(?:[a-z]+:)?//", value, flags=re.IGNORECASE), (name, value)
        if name == "href":
            assert value.startswith(("#", "data:,")), value
    assert [t for t in tags if t.startswith("<script")] == ["<script>"], "one inline script"
    assert [t for t in tags if t.startswith("<link")] == ['<link rel="icon" href="data:,">']
    assert not any(t.startswith(("<img", "<iframe", "<object", "<embed")) for t in tags)
    styles = re.findall(r"<style>(.*?)</style>", page, flags=re.DOTALL)
    assert len(styles) == 1
    assert not re.search(r"url\s*\(|@import|@font-face", styles[0], flags=re.IGNORECASE)
    script = re.findall(r"<script>(.*?)</script>", page, flags=re.DOTALL)[0]
    assert not re.search(r"fetch\(|XMLHttpRequest|import\(|https?:", script)


def test_every_item_appears_once_as_an_element(sample: Report, page: str) -> None:
    ids = _item_ids(sample)
    assert len(ids) == len(set(ids)) == sum(sample.summary.totals.values())
    for item_id in ids:
        assert page.count(f'id="{item_id}"') == 1, item_id
    # in full (a ``details``), or as a compact member of a group of items of one shape
    full = len(re.findall(r'<details class="item ', page))
    members = len(re.findall(r'<li class="item member ', page))
    assert full + members == len(ids)
    assert f'<span id="visible-count">{len(ids)}</span>' in page


def test_items_carry_their_kind_and_outcome(sample: Report, page: str) -> None:
    attrs = dict(
        re.findall(
            r'class="item [^"]*" id="([^"]+)" data-kind="[a-z]+" data-outcome="([a-z]+)"', page
        )
    )
    expected = {
        **{c.id: c.outcome for c in sample.catalog},
        **{s.id: s.outcome for s in sample.sessions},
        **{k.id: k.outcome for k in sample.code},
        **{w.id: w.outcome for w in sample.webhooks},
        **{c.id: c.outcome for c in sample.config},
    }
    assert attrs == expected


def test_every_rule_link_has_its_anchor(sample: Report, page: str) -> None:
    anchors = set(re.findall(r'id="(rule-[^"]+)"', page))
    links = set(re.findall(r'<a class="rule-link" href="#([^"]+)"', page))
    assert links and links <= anchors
    codes = {f.code for c in sample.catalog for f in c.findings}
    codes |= {f.code for s in sample.sessions for f in s.findings}
    codes |= {f.code for k in sample.code for f in k.findings}
    codes |= {s.code for s in sample.next_steps}
    assert {f"rule-{c}" for c in codes} <= links
    # no dangling internal link at all (items, sections, rules)
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    assert {h[1:] for h in re.findall(r'href="(#[^"]+)"', page)} <= ids


def test_sections_and_summary(sample: Report, page: str) -> None:
    for anchor in (
        "summary-table",
        "verdict",
        "section-catalog",
        "section-session",
        "section-code",
        "section-webhook",
        "section-next-steps",
        "rules",
        "search",
        "filter-blocked",
        "filter-kind-session",
    ):
        assert f'id="{anchor}"' in page, anchor
    assert "Not ready to migrate" in page  # the samples hold blockers on purpose
    assert f'<td class="num total">{sum(sample.summary.totals.values())}</td>' in page


def test_text_is_escaped(tmp_path: Path) -> None:
    report = _evil_report(tmp_path)
    page = render_html(report)
    assert XSS not in page
    assert "<img" not in page and "<svg" not in page
    assert re.findall(r"<script\b[^>]*>", page) == ["<script>"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;svg onload=alert(3)&gt;.py" in page
    assert "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>" in page  # `backticks`, escaped


def test_deterministic(sample: Report) -> None:
    again = build_report([str(SAMPLES)], ReportOptions(now=NOW))
    fixed = "2026-01-01T00:00:00Z"
    one = render_html(sample.model_copy(update={"generated_at": fixed}))
    two = render_html(again.model_copy(update={"generated_at": fixed}))
    assert one == two


def test_an_empty_report_renders(tmp_path: Path) -> None:
    page = render_html(build_report([str(tmp_path)], ReportOptions(now=NOW)))
    assert "Ready to migrate" in page
    assert '<span id="visible-count">0</span>' in page


# -- the browser ------------------------------------------------------------------------------


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install '.[test]')"
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not Path(path).exists() and not shutil.which(Path(path).name):
            return f"{path} is missing (apt-get install {package})"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = _missing()
    if reason:
        pytest.skip(f"no headless browser: {reason}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM if Path(CHROMIUM).exists() else str(shutil.which("chromium"))
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,1000",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver_path = CHROMEDRIVER if Path(CHROMEDRIVER).exists() else str(shutil.which("chromedriver"))
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def page_url(page: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("html") / "report.html"
    out.write_text(page, encoding="utf-8")
    return out.as_uri()


def _open(driver: Any, url: str) -> None:
    driver.get(url)
    assert driver.execute_script("return document.documentElement.dataset.ready") == "1", (
        "the page script did not finish"
    )


def _visible(driver: Any) -> dict[str, int]:
    """Visible items per outcome and kind, and the counter."""
    return dict(
        driver.execute_script(
            """
            const out = {counter: Number(document.getElementById('visible-count').textContent),
                         all: 0};
            for (const el of document.querySelectorAll('.item')) {
              if (el.hidden || el.offsetParent === null) continue;
              out.all++;
              out[el.dataset.outcome] = (out[el.dataset.outcome] || 0) + 1;
              out[el.dataset.kind] = (out[el.dataset.kind] || 0) + 1;
            }
            return out;
            """
        )
    )


@pytest.mark.browser
def test_browser_renders(browser: Any, page_url: str, sample: Report) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, page_url)
    assert browser.title == "stripe2dodo migration report"
    assert browser.find_element(By.ID, "verdict").is_displayed()
    assert "Not ready to migrate" in browser.find_element(By.ID, "verdict").text
    table = browser.find_element(By.ID, "summary-table")
    assert table.is_displayed()
    assert "related code" in table.text
    assert browser.find_element(By.ID, "toolbar").is_displayed()
    total = sum(sample.summary.totals.values())
    seen = _visible(browser)
    assert seen["all"] == seen["counter"] == total
    assert browser.find_element(By.ID, "total-count").text == str(total)
    errors = [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]
    assert errors == []


@pytest.mark.browser
def test_browser_outcome_filter(browser: Any, page_url: str, sample: Report) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, page_url)
    total = sum(sample.summary.totals.values())
    blocked = sum(1 for _kind, outcome, _f in sample.all_items() if outcome == "blocked")
    assert blocked == sample.summary.totals["blocked"] > 0
    browser.find_element(By.ID, "filter-blocked").click()
    seen = _visible(browser)
    assert seen.get("blocked", 0) == 0
    assert seen["all"] == seen["counter"] == total - blocked
    for outcome in ("clean", "changes", "decision"):
        assert seen.get(outcome, 0) == sample.summary.totals[outcome]
    browser.find_element(By.ID, "filter-blocked").click()
    assert _visible(browser)["counter"] == total
    # only the blocked ones
    for outcome in ("clean", "changes", "decision"):
        browser.find_element(By.ID, f"filter-{outcome}").click()
    seen = _visible(browser)
    assert seen["all"] == seen["counter"] == seen["blocked"] == blocked


@pytest.mark.browser
def test_browser_kind_filter(browser: Any, page_url: str, sample: Report) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, page_url)
    total = sum(sample.summary.totals.values())
    browser.find_element(By.ID, "filter-kind-session").click()
    seen = _visible(browser)
    assert seen.get("session", 0) == 0
    assert seen["all"] == seen["counter"] == total - len(sample.sessions)
    assert seen["catalog"] == len(sample.catalog) and seen["code"] == len(sample.code)
    section = browser.find_element(By.CSS_SELECTOR, "#section-session .empty")
    assert section.is_displayed()
    browser.find_element(By.ID, "filter-reset").click()
    assert _visible(browser)["counter"] == total


@pytest.mark.browser
def test_browser_search(browser: Any, page_url: str, sample: Report) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, page_url)
    total = sum(sample.summary.totals.values())
    term = sample.catalog[0].stripe_id
    box = browser.find_element(By.ID, "search")
    box.send_keys(term)
    rows = browser.execute_script(
        """
        const q = arguments[0].toLowerCase();
        return [...document.querySelectorAll('.item')].map(
          el => [el.id, el.hidden, el.textContent.toLowerCase().includes(q)]);
        """,
        term,
    )
    shown = [item_id for item_id, hidden, _ in rows if not hidden]
    assert all(hidden != matches for _id, hidden, matches in rows)
    assert sample.catalog[0].id in shown
    assert 0 < len(shown) < total
    assert _visible(browser)["counter"] == len(shown)
    # a second word narrows it down (all words must match)
    box.send_keys(" " + sample.catalog[0].kind)
    assert _visible(browser)["counter"] <= len(shown)
    box.clear()
    box.send_keys("no such thing anywhere 0xdeadbeef")
    assert _visible(browser)["counter"] == 0
    assert browser.find_element(By.CSS_SELECTOR, "#section-catalog .empty").is_displayed()


@pytest.mark.browser
def test_browser_rule_link(browser: Any, page_url: str, sample: Report) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, page_url)
    item = next(s for s in sample.sessions if s.outcome == "blocked")
    code = next(f.code for f in item.findings if f.level == "blocker")
    element = browser.find_element(By.ID, item.id)
    element.find_element(By.TAG_NAME, "summary").click()
    assert element.get_attribute("open") is not None
    link = element.find_element(By.CSS_SELECTOR, f'.finding a.rule-link[href="#rule-{code}"]')
    link.click()
    state = browser.execute_script(
        """
        const t = document.querySelector(':target');
        const r = t ? t.getBoundingClientRect() : null;
        return {hash: location.hash, target: t && t.id,
                top: r && r.top, bottom: r && r.bottom, height: innerHeight};
        """
    )
    assert state["hash"] == f"#rule-{code}"
    assert state["target"] == f"rule-{code}"
    assert 0 <= state["top"] < state["height"], state  # scrolled into view, under the toolbar
    rule = browser.find_element(By.ID, f"rule-{code}")
    assert rule.is_displayed() and code in rule.text and "Why" in rule.text


@pytest.mark.browser
def test_browser_runs_no_injected_script(browser: Any, tmp_path: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    out = tmp_path / "evil.html"
    out.write_text(render_html(_evil_report(tmp_path)), encoding="utf-8")
    _open(browser, out.as_uri())
    browser.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    with pytest.raises(NoAlertPresentException):
        _ = browser.switch_to.alert.text
    counts = browser.execute_script(
        "return [document.scripts.length, document.images.length,"
        " document.querySelectorAll('svg').length]"
    )
    assert counts == [1, 0, 0]
    assert XSS in browser.find_element(By.ID, "session-1").text


# -- the screenshot in the README -------------------------------------------------------------


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def test_docs_screenshot(request: pytest.FixtureRequest, page_url: str) -> None:
    """docs/report.png: the sample report at 1280 px wide; regenerated with UPDATE_SCREENSHOT=1."""
    if os.environ.get("UPDATE_SCREENSHOT") == "1":
        driver = request.getfixturevalue("browser")
        _screenshot(driver, page_url, SCREENSHOT)
    assert SCREENSHOT.exists(), "docs/report.png is missing: run with UPDATE_SCREENSHOT=1"
    data = SCREENSHOT.read_bytes()
    assert len(data) < 400_000
    assert _png_size(data)[0] == 1280


def _screenshot(driver: Any, url: str, out: Path, height: int = 1400) -> None:
    _open(driver, url)
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1280, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        # show one diff: open the first catalog item
        driver.execute_script("document.querySelector('#section-catalog .item').open = true")
        while True:
            data = driver.get_screenshot_as_png()
            if len(data) < 400_000 or height <= 800:
                break
            height -= 100
            driver.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {"width": 1280, "height": height, "deviceScaleFactor": 1, "mobile": False},
            )
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)


@pytest.mark.browser
@pytest.mark.slow
def test_browser_a_grouped_page_of_thousands_stays_usable(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """5,000 sessions of a few shapes: every item counted, an outcome filter hides whole
    groups, the search finds one compact member by its source, a link to a member shows it."""
    from selenium.webdriver.common.by import By

    monkeypatch.chdir(tmp_path)
    docs = [
        json.loads(p.read_text(encoding="utf-8"))
        for p in sorted((ROOT / "samples" / "payloads" / "scenarios").glob("*.json"))
    ]
    payloads = tmp_path / "many.jsonl"
    with payloads.open("w", encoding="utf-8") as out:
        for n in range(5000):
            out.write(json.dumps({**docs[n % len(docs)], "client_reference_id": f"c{n}"}) + "\n")
    built = build_report([str(payloads)], ReportOptions(now=NOW))
    page = tmp_path / "many.html"
    page.write_text(render_html(built), encoding="utf-8")
    total = sum(built.summary.totals.values())
    _open(browser, page.as_uri())
    seen = _visible(browser)
    assert seen["all"] == seen["counter"] == total == 5000
    outcome, some = next((o, n) for o, n in built.summary.totals.items() if 0 < n < total)
    browser.find_element(By.ID, f"filter-{outcome}").click()
    seen = _visible(browser)
    assert seen["all"] == seen["counter"] == total - some
    groups = browser.execute_script(
        "return [...document.querySelectorAll('.shape.o-' + arguments[0])].map(g => g.hidden)",
        outcome,
    )
    assert groups and all(groups)  # its groups are hidden whole
    browser.find_element(By.ID, "filter-reset").click()
    browser.find_element(By.ID, "search").send_keys("many.jsonl:4321")
    shown = browser.execute_script(
        "return [...document.querySelectorAll('.item:not([hidden])')].map(el => el.id)"
    )
    assert shown == ["session-4321"]
    browser.find_element(By.ID, "filter-reset").click()
    browser.get(page.as_uri() + "#session-4999")
    top = browser.execute_script(
        "return document.getElementById('session-4999').getBoundingClientRect().top"
    )
    assert 0 <= top < 1000
