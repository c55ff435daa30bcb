"""The evidence report in a real browser (Debian's headless Chromium through Playwright): what a person sees.

The report is written from the sample warehouse plus a real WARC archive of the sample site, served from a
127.0.0.1 http.server, and opened in Chromium. The test checks visible things: the region page's claim rows,
the highlighted quotes, the drawn chart (one mark per year-point), the conflicts page, an archived copy, and
that nothing is requested from anywhere but 127.0.0.1 (the report works offline). Also opened from file://.

Chromium is Debian's package (`make test` installs it through the Makefile's `browser` target); the test is
skipped only when /usr/bin/chromium is missing. Never `playwright install`.
"""
from __future__ import annotations

import functools
import os
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from test_evidence import build_archived_warehouse
from warehouse.db import connect
from warehouse.report import write_report

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOT = Path(os.environ.get("SPBE_REPORT_SCREENSHOT", Path(tempfile.gettempdir()) / "spbe-report-region.png"))


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing (Debian package 'chromium'; `make browser` installs it)")
    root = tmp_path_factory.mktemp("browser")
    db, adir = build_archived_warehouse(root / "data")
    out = root / "report"
    con = connect(db, read_only=True)
    write_report(con, out, archive_dir=adir)
    truth = {
        "claims": dict(con.execute("SELECT claim_id, quote FROM claims WHERE region_code = '32.75'").fetchall()),
        "years": {r[0]: r[1] for r in con.execute(
            "SELECT claim_id, year FROM claims WHERE region_code = '32.75'").fetchall()},
        "points": con.execute(
            "SELECT count(*) FROM (SELECT DISTINCT metric, coalesce(metric_name, ''), coalesce(scale_max, 0), year, "
            "value, status FROM claims WHERE region_code = '32.75' AND year IS NOT NULL AND value IS NOT NULL)"
        ).fetchone()[0],
        "regions": con.execute("SELECT count(DISTINCT coalesce(region_code, entity)) FROM claims").fetchone()[0],
        "kabarjabar": con.execute("SELECT count(*) FROM claims c JOIN articles a USING (article_id) "
                                  "WHERE c.region_code = '32.75' AND a.source = 'kabarjabar'").fetchone()[0],
    }
    con.close()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield out, f"http://127.0.0.1:{server.server_address[1]}", truth
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(report):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.requested = []  # every URL the page asked for
    pg.on("request", lambda req: pg.requested.append(req.url))
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    ctx.close()
    assert errors == [], f"JavaScript errors: {errors}"


def _only_local(urls: list[str]) -> list[str]:
    return [u for u in urls if urlsplit(u).scheme not in ("file", "data", "about")
            and urlsplit(u).hostname != "127.0.0.1"]


def test_index_lists_the_regions(report, page):
    out, base, truth = report
    page.goto(f"{base}/index.html")
    rows = page.locator("#regions tbody tr.region:visible")
    assert rows.count() == truth["regions"]
    bekasi = rows.filter(has_text="Kota Bekasi")
    assert bekasi.locator(".badge.conflict").is_visible()
    bekasi.locator("td a").first.click()
    page.wait_for_url("**/regions/32-75.html")
    assert page.locator("h1").inner_text().startswith("Kota Bekasi")
    assert _only_local(page.requested) == []


def test_region_page_shows_claims_quotes_and_chart(report, page):
    out, base, truth = report
    page.goto(f"{base}/regions/32-75.html")
    rows = page.locator("#claims tbody tr.claim:visible")
    assert rows.count() == len(truth["claims"])
    for i in range(rows.count()):
        row = rows.nth(i)
        cid = row.get_attribute("data-claim-id")
        mark = row.locator("td.quote mark")
        assert mark.count() == 1 and mark.is_visible()
        assert mark.inner_text().strip() == " ".join(truth["claims"][cid].split())
        bg = mark.evaluate("m => getComputedStyle(m).backgroundColor")
        assert bg not in ("rgba(0, 0, 0, 0)", "transparent"), bg      # highlighted, not just tagged
    chart = page.locator("figure.chart svg.chart-svg").first
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100
    points = page.locator("figure.chart svg.chart-svg circle.pt.claimed")
    assert points.count() == truth["points"]
    for i in range(points.count()):
        pb = points.nth(i).bounding_box()
        assert pb and pb["width"] > 0 and pb["height"] > 0
    spbe = page.locator('figure.chart[data-metric="spbe"] svg.chart-svg')
    sb = spbe.bounding_box()
    for i in range(spbe.locator("circle.pt.claimed").count()):  # drawn inside the chart's box
        pb = spbe.locator("circle.pt.claimed").nth(i).bounding_box()
        assert sb["x"] <= pb["x"] <= sb["x"] + sb["width"] and sb["y"] <= pb["y"] <= sb["y"] + sb["height"]
    page.screenshot(path=str(SCREENSHOT))  # the top of the page: title, charts, first claims
    assert SCREENSHOT.stat().st_size > 10_000
    assert _only_local(page.requested) == []


def test_chart_points_and_filter_narrow_the_claims(report, page):
    out, base, truth = report
    page.goto(f"{base}/regions/32-75.html")
    point = page.locator('figure.chart[data-metric="spbe"] circle.pt.claimed[data-year="2023"]').first
    point.click()
    visible = page.locator("#claims tbody tr.claim:visible")
    assert visible.count() == sum(1 for y in truth["years"].values() if y == 2023) > 0
    assert {visible.nth(i).get_attribute("data-year") for i in range(visible.count())} == {"2023"}
    point.click()  # a second click shows everything again
    assert page.locator("#claims tbody tr.claim:visible").count() == len(truth["claims"])
    page.locator("input.filter").fill("kabarjabar")
    assert page.locator("#claims tbody tr.claim:visible").count() == truth["kabarjabar"] > 0


def test_conflicts_page_lists_the_conflict(report, page):
    out, base, truth = report
    page.goto(f"{base}/conflicts.html")
    section = page.locator("section.conflict:visible").filter(has_text="Kota Bekasi").filter(has_text="2024")
    assert section.count() >= 1
    s = section.first
    assert s.locator("h2").inner_text().count("Kota Bekasi") == 1
    values = s.locator("tr.conflict-claim td.value").all_inner_texts()
    assert {"3,83", "3,8", "3,38"} <= set(values)
    assert s.locator(".bad").first.is_visible()
    s.locator("a", has_text="evidence").first.click()
    page.wait_for_url("**/regions/32-75.html#c-*")
    assert page.locator("#claims").is_visible()


def test_archived_copy_opens_offline(report, page):
    out, base, truth = report
    page.goto(f"{base}/regions/32-75.html")
    link = page.locator("td.evidence a.archived").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_load_state()
    assert "/archive/" in page.url
    banner = page.locator("#spbe-archive-banner")
    assert banner.is_visible() and "sha256" in banner.inner_text()
    assert page.locator("h1").first.is_visible()
    assert page.evaluate("document.scripts.length") == 0
    assert _only_local(page.requested) == []
    assert href.split("#")[0].split("/")[-1][:-5] in banner.inner_text()


def test_report_works_from_file_url(report, page):
    out, base, truth = report
    page.goto((out / "regions" / "32-75.html").as_uri())
    assert page.locator("#claims tbody tr.claim:visible").count() == len(truth["claims"])
    assert page.locator("figure.chart svg.chart-svg").first.bounding_box()["width"] > 100
    # the stylesheet loaded from the folder (relative link): the header bar is dark
    assert page.locator("header.top").evaluate("h => getComputedStyle(h).backgroundColor") == "rgb(36, 41, 47)"
    assert _only_local(page.requested) == []
