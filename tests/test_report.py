"""The evidence report's HTML (warehouse/report.py) without a browser: pages, rows, marks, charts, links,
archived copies, escaping of untrusted text, official values."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from test_evidence import build_archived_warehouse
from warehouse.db import connect
from warehouse.load import article_id, claim_rows, replace_claims, upsert
from warehouse.report import sanitize_archived, write_report


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def expected_points(con, region_code: str) -> int:
    """Distinct (series, year, value, status) among the region's claims with a year and a value."""
    return con.execute(
        "SELECT count(*) FROM (SELECT DISTINCT metric, coalesce(metric_name, ''), coalesce(scale_max, 0), year, "
        "value, status FROM claims WHERE region_code = ? AND year IS NOT NULL AND value IS NOT NULL)",
        [region_code]).fetchone()[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("rep")
    db, adir = build_archived_warehouse(root / "data")
    out = root / "report"
    con = connect(db, read_only=True)
    summary = write_report(con, out, archive_dir=adir)
    yield db, adir, out, summary, con
    con.close()


def test_index_lists_regions_with_counts(built):
    db, _, out, summary, con = built
    page = soup(out / "index.html")
    rows = page.select("#regions tbody tr.region")
    n_regions = con.execute("SELECT count(DISTINCT coalesce(region_code, entity)) FROM claims").fetchone()[0]
    assert len(rows) == n_regions == summary["regions"]
    counts = {r.select_one("td a").get_text(): int(r.select_one(".claims-count").get_text()) for r in rows}
    assert counts["Kota Bekasi"] == con.execute("SELECT count(*) FROM claims WHERE region_code = '32.75'").fetchone()[0]
    bekasi = next(r for r in rows if r.select_one("td a").get_text() == "Kota Bekasi")
    assert bekasi.select_one(".badge.conflict") is not None        # conflicts flagged
    for r in rows:
        assert (out / r.select_one("td a")["href"]).is_file()
    assert page.select_one('link[rel=stylesheet]')["href"] == "static/style.css"
    assert (out / "static" / "style.css").is_file() and (out / "static" / "report.js").is_file()


def test_region_page_lists_every_claim_with_its_quote_marked(built):
    db, _, out, _, con = built
    page = soup(out / "regions" / "32-75.html")
    rows = page.select("#claims tbody tr.claim")
    claims = {r[0]: r[1] for r in con.execute(
        "SELECT claim_id, quote FROM claims WHERE region_code = '32.75'").fetchall()}
    assert len(rows) == len(claims)
    for row in rows:
        cid = row["data-claim-id"]
        marks = row.select("td.quote mark")
        assert len(marks) == 1 and marks[0].get_text() == claims[cid]
        assert row["id"] == f"c-{cid}"
    in_conflict = page.select("#claims tr.claim.in-conflict")
    assert len(in_conflict) >= 4
    assert all(r.select_one('a.badge.conflict[href^="../conflicts.html#g-"]') for r in in_conflict)


def test_region_links_source_and_archived_copy(built):
    db, _, out, _, con = built
    page = soup(out / "regions" / "32-75.html")
    archived = 0
    for row in page.select("#claims tbody tr.claim"):
        src = row.select_one("td.source a")
        assert src is not None and src["href"].startswith("https://")
        assert "noopener" in src["rel"]
        link = row.select_one("td.evidence a.archived")
        if link:
            archived += 1
            target = link["href"].split("#", 1)[0]
            assert re.fullmatch(r"\.\./archive/[0-9a-f]{64}\.html", target)
            assert (out / "regions" / target).resolve().is_file()
            assert link["href"].split("#", 1)[1].startswith(":~:text=")
        else:
            assert "no archived copy" in row.select_one("td.evidence").get_text()
    n_archived = con.execute("SELECT count(*) FROM claims c JOIN articles a USING (article_id) "
                             "WHERE c.region_code = '32.75' AND a.page_sha256 IS NOT NULL").fetchone()[0]
    assert archived == n_archived > 0


def test_region_chart_has_one_mark_per_point(built):
    db, _, out, _, con = built
    page = soup(out / "regions" / "32-75.html")
    svgs = page.select("figure.chart svg.chart-svg")
    assert svgs and all(float(s["width"]) > 0 and float(s["height"]) > 0 for s in svgs)
    assert len(page.select("figure.chart svg.chart-svg circle.pt.claimed")) == expected_points(con, "32.75")
    spbe = page.select_one('figure.chart[data-metric="spbe"]')
    years = sorted({int(c["data-year"]) for c in spbe.select("circle.pt.claimed")})
    want = [r[0] for r in con.execute("SELECT DISTINCT year FROM claims WHERE region_code = '32.75' AND "
                                      "metric = 'spbe' AND year IS NOT NULL AND value IS NOT NULL ORDER BY year").fetchall()]
    assert years == want and {2023, 2024} <= set(years)
    assert [t.get_text() for t in spbe.select("text.tick")][-len(want):] == [str(y) for y in want]
    assert spbe.select("circle.pt title")                           # tooltips name the sources
    assert not page.select("rect.pt.official")                        # official results not loaded
    assert "Official results not loaded" in page.get_text()


def test_conflicts_page(built):
    _, _, out, summary, _ = built
    page = soup(out / "conflicts.html")
    sections = page.select("section.conflict")
    assert len(sections) == summary["conflicts"] >= 1
    bekasi = next(s for s in sections if "Kota Bekasi" in s.h2.get_text() and "2024" in s.h2.get_text())
    values = {r.select_one("td.value").get_text() for r in bekasi.select("tr.conflict-claim")}
    assert {"3,83", "3,8", "3,38"} <= values
    sources = bekasi.get_text()
    assert all(s in sources for s in ("prolite", "rakyatbekasi", "beritabekasi", "kabarjabar"))
    disagree = [r for r in bekasi.select("tr.conflict-claim") if r.select_one(".bad")]
    assert "3,38" in [r.select_one("td.value").get_text() for r in disagree]
    assert "3,83" not in [r.select_one("td.value").get_text() for r in disagree]
    for a in bekasi.select('a[href^="regions/"]'):
        assert (out / a["href"].split("#")[0]).is_file()


def test_archived_copies_are_offline_and_script_free(built):
    db, _, out, summary, con = built
    files = list((out / "archive").glob("*.html"))
    assert len(files) == summary["archived"] > 0
    for f in files:
        html = f.read_text(encoding="utf-8")
        page = BeautifulSoup(html, "html.parser")
        assert not page.find_all("script")
        assert "Content-Security-Policy" in html and "default-src 'none'" in html
        assert page.select_one("#spbe-archive-banner") and f.stem in page.select_one("#spbe-archive-banner").get_text()
        assert page.find("h1")                                       # the article itself is there


def test_sanitize_strips_active_content():
    body = (b"<html><head><meta http-equiv='refresh' content='0;url=http://evil.example'>"
            b"<script src='http://cdn.example/x.js'></script><link rel=stylesheet href='http://cdn.example/a.css'>"
            b"</head><body onload='steal()'><h1>Judul</h1><a href='javascript:alert(1)'>x</a>"
            b"<iframe src='http://ads.example'></iframe><img src='http://img.example/a.png' onerror='x()'>"
            b"<p>Indeks SPBE 3,5</p></body></html>")
    html = sanitize_archived(body, "utf-8", banner="<b>banner</b>")
    low = html.lower()
    for bad in ("<script", "onload", "onerror", "javascript:", "<iframe", "http-equiv=\"refresh\"", "<link"):
        assert bad not in low, bad
    assert "Indeks SPBE 3,5" in html and "<b>banner</b>" in html


def test_untrusted_text_is_escaped(tmp_path):
    db, adir = build_archived_warehouse(tmp_path / "data")
    con = connect(db)
    evil_quote = 'Kota Bekasi <script>alert("x")</script> meraih <img src=x onerror=alert(1)> 3,9 "tahun" 2023.'
    text = "Paragraf <b>pertama</b>.\n" + evil_quote + " Selesai & beres."
    url = "javascript:alert(document.cookie)"
    aid = article_id(url)
    upsert(con, "articles", [{"article_id": aid, "url": url, "source": "<i>evil</i>", "title": "<h1>t</h1>",
                              "published": date(2025, 1, 1), "text": text, "relevant": True}], ["article_id"])
    start = text.index(evil_quote)
    evil = {"entity": "Kota Bekasi", "entity_type": "kota", "region_code": "32.75", "metric": "spbe", "year": 2023,
            "value": 3.9, "status": "achieved", "quote": evil_quote, "start": start, "end": start + len(evil_quote),
            "extractor_version": "t"}
    replace_claims(con, {aid: claim_rows(aid, [evil], extracted_at=datetime(2025, 1, 1, tzinfo=timezone.utc))})
    out = tmp_path / "report"
    write_report(con, out, archive_dir=adir)
    con.close()
    for f in [out / "regions" / "32-75.html", out / "conflicts.html", out / "index.html"]:
        html = f.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html and "<i>evil</i>" not in html
        assert 'href="javascript:' not in html
    page = soup(out / "regions" / "32-75.html")
    row = next(r for r in page.select("tr.claim") if r.select_one("mark").get_text() == evil_quote)
    assert row.select_one("td.source a") is None                      # a non-http URL is not linked
    assert "<i>evil</i>" in row.select_one("td.source").get_text()     # ...but shown as text
    assert "Paragraf" not in row.select_one("td.quote").get_text()     # only the quote's own paragraph


def test_official_values_beside_the_claims(tmp_path):
    db, adir = build_archived_warehouse(tmp_path / "data")
    con = connect(db)
    con.execute("INSERT INTO official_scores (region_code, year, entity, entity_type, value, predicate, source) VALUES "
                "('32.75', 2023, 'Kota Bekasi', 'kota', 3.01, 'baik', 'KepmenPANRB (test)'), "
                "('32.75', 2024, 'Kota Bekasi', 'kota', 3.83, 'sangat baik', 'KepmenPANRB (test)')")
    out = tmp_path / "report"
    write_report(con, out, archive_dir=adir)
    con.close()
    page = soup(out / "regions" / "32-75.html")
    spbe = page.select_one('figure.chart[data-metric="spbe"]')
    official = spbe.select("rect.pt.official")
    assert sorted((o["data-year"], o["data-value"]) for o in official) == [("2023", "3.01"), ("2024", "3.83")]
    assert not page.select('figure.chart[data-metric="smart_city"] rect.pt.official')
    table = page.select_one("table.official-table")
    assert table and "KepmenPANRB (test)" in table.get_text()
    assert "official results loaded" in page.select_one("footer").get_text()


def test_report_on_an_empty_warehouse(tmp_path):
    con = connect(tmp_path / "empty.duckdb")
    summary = write_report(con, tmp_path / "r")
    con.close()
    assert summary == {"regions": 0, "claims": 0, "conflicts": 0, "archived": 0, "archive_missing": 0}
    assert "no claims yet" in (tmp_path / "r" / "index.html").read_text(encoding="utf-8")


def test_agencies_get_pages_and_old_pages_go(tmp_path):
    db, adir = build_archived_warehouse(tmp_path / "data")
    out = tmp_path / "report"
    (out / "regions").mkdir(parents=True)
    (out / "regions" / "99-99.html").write_text("stale", encoding="utf-8")
    con = connect(db)
    text = "Kementerian Keuangan meraih indeks SPBE 4,5 pada tahun 2023."
    aid = article_id("https://kemenkeu.example/spbe")
    upsert(con, "articles", [{"article_id": aid, "url": "https://kemenkeu.example/spbe", "source": "kemenkeu",
                              "published": date(2024, 3, 1), "text": text, "relevant": True}], ["article_id"])
    replace_claims(con, {aid: claim_rows(aid, [{
        "entity": "Kementerian Keuangan", "entity_type": "instansi", "region_code": None, "metric": "spbe",
        "year": 2023, "value": 4.5, "status": "achieved", "quote": text, "start": 0, "end": len(text),
        "extractor_version": "t"}])})
    write_report(con, out, archive_dir=adir)
    con.close()
    assert not (out / "regions" / "99-99.html").exists()
    index = soup(out / "index.html")
    link = next(a for a in index.select("#regions td a") if a.get_text() == "Kementerian Keuangan")
    page = soup(out / link["href"])
    assert [m.get_text() for m in page.select("tr.claim mark")] == [text]
    assert len(page.select("circle.pt.claimed")) == 1
    assert index.select("#regions tbody tr")[-1].select_one("td a").get_text() == "Kementerian Keuangan"
