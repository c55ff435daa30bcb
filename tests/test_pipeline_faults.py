"""A hostile site through the whole nightly flow: every fault is recorded, none crashes the run, and nothing
already stored is lost when the site later breaks completely."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pytest
from httpfaults import FaultServer, Reply, redirect

from flows.nightly import nightly

pytestmark = pytest.mark.slow

ARTICLE = """<!DOCTYPE html><html lang="id"><head><meta charset="{charset}"><title>{title}</title>
<meta property="article:published_time" content="2025-02-03T10:00:00+07:00"></head>
<body><nav>Beranda | Daerah</nav><article><h1>{title}</h1>
<p>{body}</p><p>Kepala dinas menyampaikan bahwa capaian ini merupakan hasil kerja bersama seluruh perangkat daerah
yang terus berbenah dalam penerapan layanan digital kepada masyarakat.</p></article>
<footer>Redaksi</footer></body></html>"""


def page(title: str, body: str, charset: str = "utf-8") -> bytes:
    return ARTICLE.format(title=title, body=body, charset=charset).encode(charset)


def rss(base: str, paths: list[str]) -> str:
    items = "".join(f"<item><title>Indeks SPBE {p.strip('/')}</title><link>{base}{p}</link>"
                    f"<pubDate>Mon, 03 Feb 2025 10:00:00 +0700</pubDate></item>" for p in paths)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'


PATHS = ["/spbe-lebong/", "/spbe-cp1252/", "/private/spbe-rahasia/", "/spbe-sibuk/", "/spbe-goyah/",
         "/spbe-lambat/", "/spbe-besar/", "/spbe-dokumen.pdf", "/spbe-putar-a/", "/spbe-pergi/"]


def hostile_routes(base: str) -> dict:
    good = page("Indeks SPBE Kabupaten Lebong 2024",
                "Indeks SPBE Kabupaten Lebong tahun 2024 mencapai 3,12 dengan predikat baik.")
    cp1252 = page("Pemkot Cimahi raih SPBE Sangat Baik",
                  "Pemkot Cimahi meraih indeks SPBE 4,02 pada tahun 2023 dengan predikat “Sangat Baik” – capaian "
                  "tertinggi.", charset="windows-1252")
    return {
        "/robots.txt": Reply(200, "User-agent: *\nDisallow: /private/\n", content_type="text/plain"),
        # The feed also links to another site: discovery drops it, nothing is requested there.
        "/feed/": Reply(200, rss(base, PATHS).replace("</channel>", "<item><title>Indeks SPBE luar</title>"
                        "<link>http://example.org/spbe-luar/</link></item></channel>"),
                        content_type="application/rss+xml"),
        "/spbe-lebong/": Reply(200, good),
        "/spbe-cp1252/": Reply(200, cp1252, content_type="text/html; charset=windows-1252"),
        "/private/spbe-rahasia/": Reply(200, good),
        "/spbe-sibuk/": [Reply(429, "slow down", headers={"Retry-After": "1"}), Reply(200, page(
            "Kota Bengkulu SPBE", "Pemkot Bengkulu diberikan predikat baik dengan nilai 2,61 pada evaluasi SPBE 2023."))],
        "/spbe-goyah/": [Reply(500, "oops"), Reply(200, page(
            "Kota Bandung SPBE", "Indeks SPBE Kota Bandung tahun 2024 mencapai 4,59."))],
        "/spbe-lambat/": Reply(200, good, delay=3.0),
        "/spbe-besar/": Reply(200, stream_bytes=3_000_000),
        "/spbe-dokumen.pdf": Reply(200, b"%PDF-1.4 ...", content_type="application/pdf"),
        "/spbe-putar-a/": redirect("/spbe-putar-b/"),
        "/spbe-putar-b/": redirect("/spbe-putar-a/"),
        "/spbe-pergi/": redirect("http://127.0.0.2:9/spbe-di-tempat-lain/"),
    }


def sources_file(path: Path, base: str) -> Path:
    path.write_text(f"""[defaults]
delay = 0.0
relevance_only = true

[[source]]
name = "hostile"
home = "{base}/"
feeds = ["/feed/"]
allowed_domains = ["127.0.0.1"]
""", encoding="utf-8")
    return path


POLICY = {"read_timeout": 1.0, "connect_timeout": 1.0, "total_timeout": 5.0, "max_bytes": 1_000_000,
          "retries": 2, "backoff_base": 0.05, "backoff_max": 1.0, "max_retry_after": 5.0}


@pytest.fixture
def hostile(tmp_path):
    """The hostile site, running; yields (server, sources file, data dir)."""
    data = tmp_path / "data"
    data.mkdir()
    with FaultServer() as server:
        for path, spec in hostile_routes(server.base_url).items():
            server.route(path, spec)
        yield server, sources_file(tmp_path / "sources.toml", server.base_url), data


def test_every_fault_is_recorded_and_the_run_completes(prefect_server, hostile):
    server, src, data = hostile
    summary = nightly(sources_file=str(src), data_dir=str(data), fetch_policy=POLICY)
    assert server.count("/private/spbe-rahasia/") == 0, "robots.txt disallow is obeyed"

    con = duckdb.connect(str(data / "spbe.duckdb"), read_only=True)
    errors = dict(con.execute("SELECT regexp_extract(url, '/([^/]+)/?$', 1), error FROM fetches "
                              "WHERE kind = 'article'").fetchall())
    assert errors["spbe-rahasia"] == "robots_disallowed"
    assert errors["spbe-lambat"] == "timeout"
    assert errors["spbe-besar"] == "too_large"
    assert errors["spbe-dokumen.pdf"] == "bad_content_type"
    assert errors["spbe-putar-a"] in ("redirect_loop", "too_many_redirects")
    assert errors["spbe-pergi"] == "off_domain"
    assert "spbe-luar" not in errors, "an off-domain link in the feed is never fetched"
    for ok in ("spbe-lebong", "spbe-cp1252", "spbe-sibuk", "spbe-goyah"):
        assert errors[ok] is None, (ok, errors[ok])
    attempts = dict(con.execute("SELECT regexp_extract(url, '/([^/]+)/?$', 1), attempts FROM fetches "
                                "WHERE kind = 'article'").fetchall())
    assert attempts["spbe-sibuk"] == 2 and attempts["spbe-goyah"] == 2, "429 and 500 were retried"

    # The good pages are stored; the windows-1252 page decoded correctly.
    text = con.execute("SELECT text FROM articles WHERE url LIKE '%spbe-cp1252%'").fetchone()[0]
    assert "“Sangat Baik” – capaian" in text
    claims = con.execute("SELECT entity, year, value FROM claims ORDER BY entity").fetchall()
    assert ("Kabupaten Lebong", 2024, 3.12) in claims
    assert ("Kota Cimahi", 2023, 4.02) in claims
    # Failures wait for a later night.
    failed = con.execute("SELECT count(*), min(next_attempt_at) FROM urls WHERE state = 'failed'").fetchone()
    assert failed[0] == 6 and failed[1] > datetime.now(timezone.utc)
    assert summary["failed"] == 6 and summary["fetched"] == 4
    con.close()


def test_a_site_that_breaks_later_loses_nothing(prefect_server, hostile):
    server, src, data = hostile
    nightly(sources_file=str(src), data_dir=str(data), fetch_policy=POLICY)
    con = duckdb.connect(str(data / "spbe.duckdb"), read_only=True)
    before = con.execute("SELECT claim_id FROM claims ORDER BY 1").fetchall()
    articles = con.execute("SELECT article_id, text FROM articles ORDER BY 1").fetchall()
    con.close()
    assert before and articles

    # Next night everything answers 500: feed, articles, even robots.txt.
    for path in list(hostile_routes(server.base_url)):
        server.route(path, Reply(500, "down"))
    summary = nightly(sources_file=str(src), data_dir=str(data), fetch_policy=POLICY)
    assert summary["requests_failed"] >= 1

    con = duckdb.connect(str(data / "spbe.duckdb"), read_only=True)
    assert con.execute("SELECT claim_id FROM claims ORDER BY 1").fetchall() == before
    assert con.execute("SELECT article_id, text FROM articles ORDER BY 1").fetchall() == articles
    assert con.execute("SELECT status FROM runs ORDER BY started_at").fetchall() == [("completed",), ("completed",)]
    con.close()
