"""Discovery from RSS/Atom, search feeds, sitemaps (index, news, lastmod, gzip), home page and robots.txt,
against a real server on 127.0.0.1; plus the relevance prefilter."""
from __future__ import annotations

import gzip
from datetime import datetime, timedelta, timezone

import pytest

from extractors.discover import (
    Discovered, discover_source, find_feeds_and_sitemaps, merge_discovered, parse_feed, parse_sitemap,
    select_for_fetch,
)
from extractors.fetch import FetchPolicy, LiveFetcher
from extractors.relevance import is_topical, load_relevance, matched_terms, relevance_score
from extractors.sources import Source
from httpfaults import FaultServer, Reply, fault_server  # noqa: F401

FAST = FetchPolicy(connect_timeout=1.0, read_timeout=1.0, default_delay=0.0, backoff_base=0.01,
                   backoff_max=0.02, retries=1)
BASE = "https://rakyatbekasi.com"

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>RakyatBekasi.com</title><link>{BASE}/</link>
<item>
  <title>Diskominfostandi Kota Bekasi Evaluasi SPBE untuk Optimalisasi Smart City</title>
  <link>{BASE}/diskominfostandi-kota-bekasi-evaluasi-spbe/?utm_source=rss&amp;utm_medium=rss</link>
  <pubDate>Mon, 27 Jan 2025 02:15:00 +0000</pubDate>
  <description><![CDATA[<p>Skor <b>SPBE</b> naik menjadi 3,8.</p>]]></description>
</item>
<item>
  <title>Banjir Rendam Perumahan di Bekasi Utara</title>
  <link>{BASE}/banjir-rendam-perumahan-bekasi-utara/</link>
  <pubDate>Sun, 26 Jan 2025 10:00:00 +0700</pubDate>
  <description>Warga mengungsi.</description>
</item>
<item><title>no link</title></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Indoartnews</title>
<entry><title>Cimahi Berjaya di SPBE Summit 2024 dengan Peringkat Lima Terbaik</title>
  <link rel="alternate" href="/2025/03/cimahi-berjaya-di-spbe-summit-2024/"/>
  <id>tag:indoartnews.com,2025:1</id>
  <published>2025-03-26T18:55:00+07:00</published><updated>2025-03-27T08:00:00+07:00</updated>
  <summary>Kota Cimahi masuk lima terbaik.</summary></entry>
</feed>"""


def urlset(*entries: tuple[str, str | None]) -> str:
    rows = "".join(f"<url><loc>{u}</loc>{f'<lastmod>{lm}</lastmod>' if lm else ''}</url>" for u, lm in entries)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'


NEWS_SITEMAP = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{BASE}/pemkot-bandung-targetkan-skor-4-62-indeks-spbe/</loc>
  <news:news><news:publication><news:name>KabarHarmoni</news:name><news:language>id</news:language></news:publication>
  <news:publication_date>2025-07-22T10:30:00+07:00</news:publication_date>
  <news:title>Pemkot Bandung Targetkan Skor sebesar 4,62 dalam Meningkatkan Indeks SPBE</news:title></news:news>
</url></urlset>"""


# ---------------------------------------------------------------------------------------------- parsers

def test_parse_rss():
    items = parse_feed(RSS.encode(), BASE + "/feed/", source="rb")
    assert len(items) == 2
    a = items[0]
    assert a.url.startswith(BASE + "/diskominfostandi-kota-bekasi-evaluasi-spbe/")
    assert a.title.startswith("Diskominfostandi") and a.summary == "Skor SPBE naik menjadi 3,8."
    assert a.lastmod == datetime(2025, 1, 27, 2, 15, tzinfo=timezone.utc) and a.via == "feed" and a.source == "rb"
    assert items[1].lastmod == datetime(2025, 1, 26, 3, 0, tzinfo=timezone.utc)


def test_parse_atom_relative_links():
    (e,) = parse_feed(ATOM.encode(), "https://indoartnews.com/feed/atom/")
    assert e.url == "https://indoartnews.com/2025/03/cimahi-berjaya-di-spbe-summit-2024/"
    assert e.lastmod == datetime(2025, 3, 26, 11, 55, tzinfo=timezone.utc)
    assert e.summary == "Kota Cimahi masuk lima terbaik."


def test_parse_feed_garbage_is_empty_not_error():
    assert parse_feed(b"<html><body>Not a feed</body></html>", BASE) == []
    assert parse_feed(b"", BASE) == []
    assert parse_feed(b"\x00\xff garbage", BASE) == []


def test_parse_sitemap_urlset_lastmod_and_news():
    items, children = parse_sitemap(urlset((BASE + "/a-b-c-d/", "2025-01-27"),
                                           (BASE + "/e/", "2025-01-27T09:15:00+07:00"), ("/rel/", None)).encode(),
                                    BASE + "/sitemap.xml")
    assert children == [] and [i.url for i in items] == [BASE + "/a-b-c-d/", BASE + "/e/", BASE + "/rel/"]
    assert items[0].lastmod == datetime(2025, 1, 27, tzinfo=timezone.utc)
    assert items[1].lastmod == datetime(2025, 1, 27, 2, 15, tzinfo=timezone.utc) and items[2].lastmod is None
    (n,) = parse_sitemap(NEWS_SITEMAP.encode(), BASE)[0]
    assert n.title.startswith("Pemkot Bandung Targetkan Skor") and n.lastmod.year == 2025 and n.lastmod.month == 7


def test_parse_sitemap_index_children_recent_first_and_gzip():
    index = f"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>{BASE}/category-sitemap.xml</loc><lastmod>2025-02-01</lastmod></sitemap>
    <sitemap><loc>{BASE}/post-sitemap1.xml</loc><lastmod>2023-01-01</lastmod></sitemap>
    <sitemap><loc>{BASE}/post-sitemap2.xml</loc><lastmod>2025-01-30</lastmod></sitemap>
    <sitemap><loc>{BASE}/sitemap-2024-12.xml</loc></sitemap>
    </sitemapindex>"""
    items, children = parse_sitemap(gzip.compress(index.encode()), BASE + "/sitemap_index.xml.gz")
    assert items == []
    assert children == [BASE + "/post-sitemap2.xml", BASE + "/sitemap-2024-12.xml", BASE + "/post-sitemap1.xml",
                        BASE + "/category-sitemap.xml"]


def test_parse_sitemap_garbage_and_text():
    assert parse_sitemap(b"<<<not xml", BASE) == ([], [])
    assert parse_sitemap(b"<html><body/></html>", BASE) == ([], [])
    items, _ = parse_sitemap(f"{BASE}/a-b-c-d/\n{BASE}/e-f-g-h/\n".encode(), BASE)
    assert len(items) == 2


def test_find_feeds_and_sitemaps():
    home = b"""<html><head>
      <link rel="alternate" type="application/rss+xml" title="Feed" href="https://rakyatbekasi.com/feed/">
      <link rel="alternate" type="application/rss+xml" title="Comments" href="/comments/feed/">
      <link rel="alternate" type="application/atom+xml" href="/feed/atom/">
      <link rel="stylesheet" href="/wp-content/themes/x.css"></head><body></body></html>"""
    robots = "User-agent: *\nDisallow: /wp-admin/\nSitemap: https://rakyatbekasi.com/sitemap_index.xml\n"
    feeds, maps = find_feeds_and_sitemaps(home, robots, BASE + "/")
    assert feeds == [BASE + "/feed/", BASE + "/feed/atom/"]
    assert maps == [BASE + "/sitemap_index.xml"]
    feeds, maps = find_feeds_and_sitemaps(b"<html><link rel=stylesheet href='/wp-content/a.css'></html>", None,
                                          BASE + "/")
    assert feeds == [BASE + "/feed/"] and maps == [BASE + "/wp-sitemap.xml"]
    assert find_feeds_and_sitemaps(None, None, BASE) == ([], [BASE + "/sitemap.xml"])


def test_merge_dedupes_by_canonical_keeping_best_metadata():
    d1 = Discovered(url=BASE + "/a-b-c-spbe/?utm_source=x", source="s", via="sitemap",
                    lastmod=datetime(2025, 1, 1, tzinfo=timezone.utc))
    d2 = Discovered(url=BASE + "/a-b-c-spbe/amp/", source="s", via="feed", title="Indeks SPBE naik",
                    lastmod=datetime(2025, 1, 2, tzinfo=timezone.utc))
    d3 = Discovered(url=BASE + "/other-news-item-here/", source="s", via="feed", title="Banjir")
    out = merge_discovered([d1, d2, d3])
    assert [d.url for d in out] == [BASE + "/a-b-c-spbe/", BASE + "/other-news-item-here/"]
    assert out[0].via == "feed" and out[0].title == "Indeks SPBE naik"
    assert out[0].lastmod == datetime(2025, 1, 1, tzinfo=timezone.utc) and out[0].relevance == 1.0


# ---------------------------------------------------------------------------------------------- relevance

def test_relevance_prefilter():
    assert relevance_score("https://x.id/indeks-spbe-kota-bekasi-naik/", None, None) > 0.5
    assert is_topical(None, "Cimahi Berjaya di SPBE Summit 2024", None)
    assert is_topical(None, "Kota Bekasi Raih Penghargaan Kota Cerdas", None)
    assert is_topical(None, "Pemprov Raih Digital Government Award", None)
    assert is_topical(None, "Menuju Smart City", None)
    assert is_topical(None, "Evaluasi Sistem Pemerintahan Berbasis Elektronik", None)
    assert is_topical("https://x.id/e-government-bekasi", None, None)
    assert not is_topical("https://x.id/banjir-rendam-perumahan", "Banjir Rendam Perumahan", "Warga mengungsi")
    assert not is_topical(None, "Transformasi digital", None)  # broad term alone is not enough
    assert is_topical(None, "Transformasi digital", "Diskominfo paparkan pemerintahan digital")
    assert relevance_score(None, "SPBEX", None) == 0.0
    assert "indeks SPBE" in matched_terms("https://x.id/indeks_spbe", None, None)["url"]


def test_relevance_config_is_configurable(tmp_path):
    p = tmp_path / "r.yaml"
    p.write_text("threshold: 0.9\ngroups:\n  g: {weight: 1.0, terms: [banjir]}\n")
    cfg = load_relevance(p)
    assert is_topical(None, "Banjir di Bekasi", None, cfg)
    assert not is_topical(None, "Indeks SPBE", None, cfg)
    p.write_text("groups: [1, 2]\n")
    with pytest.raises(ValueError):
        load_relevance(p)


# ---------------------------------------------------------------------------------------------- the walk

def _source(server: FaultServer, **kw) -> Source:
    base = dict(name="local", home=server.url("/"), allowed_domains=("127.0.0.1",), delay=0.0,
                search_queries=("SPBE",), max_articles=10, relevance_only=True, max_sitemaps=5, sitemap_days=30)
    base.update(kw)
    return Source(**base)


def local(text: str, server: FaultServer) -> str:
    return text.replace(BASE, server.base_url)


def test_discover_configured_feeds_search_and_sitemaps(fault_server):
    s = fault_server
    now = datetime.now(timezone.utc)
    recent = (now - timedelta(days=2)).strftime("%Y-%m-%d")
    s.route("/feed/", Reply(200, local(RSS, s), content_type="application/rss+xml; charset=UTF-8"))
    s.route("/?s=SPBE&feed=rss2", Reply(200, local(ATOM.replace("/2025/03/", "/2025/03/"), s),
                                        content_type="application/atom+xml"))
    index = f"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>{s.url('/post-sitemap-old.xml')}</loc><lastmod>2019-01-01</lastmod></sitemap>
      <sitemap><loc>{s.url('/news-sitemap.xml.gz')}</loc><lastmod>{recent}</lastmod></sitemap>
      <sitemap><loc>{s.url('/post-sitemap.xml')}</loc><lastmod>{recent}</lastmod></sitemap></sitemapindex>"""
    s.route("/sitemap_index.xml", Reply(200, index, content_type="application/xml"))
    s.route("/news-sitemap.xml.gz", Reply(200, gzip.compress(local(NEWS_SITEMAP, s).encode()),
                                          content_type="application/x-gzip"))
    s.route("/post-sitemap.xml", Reply(200, urlset(
        (s.url("/diskominfostandi-kota-bekasi-evaluasi-spbe/?utm_source=sitemap"), recent),
        ("https://elsewhere.example.com/indeks-spbe-di-tempat-lain/", recent),
        (s.url("/lomba-burung-berkicau-tingkat-kota/"), recent)), content_type="text/xml"))
    s.route("/post-sitemap-old.xml", Reply(200, urlset((s.url("/old-spbe-news-2019-x/"), "2019-01-01")),
                                           content_type="application/xml"))
    src = _source(s, feeds=(s.url("/feed/"),), search_feeds=(s.url("/?s={query}&feed=rss2"),),
                  sitemaps=(s.url("/sitemap_index.xml"), s.url("/broken-sitemap.xml")))
    s.route("/broken-sitemap.xml", Reply(200, "<html>oops</html>", content_type="text/xml"))
    with LiveFetcher(FAST) as f:
        res = discover_source(src, f)
    urls = [d.url for d in res.discovered]
    spbe = s.url("/diskominfostandi-kota-bekasi-evaluasi-spbe/")
    assert spbe in urls and urls.count(spbe) == 1
    rec = next(d for d in res.discovered if d.url == spbe)
    assert rec.via == "feed" and rec.title.startswith("Diskominfostandi")  # feed metadata kept over sitemap
    assert s.url("/pemkot-bandung-targetkan-skor-4-62-indeks-spbe/") in urls       # news sitemap via gzip child
    assert s.url("/2025/03/cimahi-berjaya-di-spbe-summit-2024/") in urls            # search feed (Atom)
    assert s.url("/old-spbe-news-2019-x/") not in urls and s.count("/post-sitemap-old.xml") == 0
    assert not any("elsewhere.example.com" in u for u in urls) and res.skipped_off_domain == 1
    assert any("broken-sitemap.xml" in e for e in res.errors)
    assert s.count("/?s=SPBE&feed=rss2") == 1
    assert len(res.fetches) == 6 and res.sitemaps[0] == s.url("/sitemap_index.xml")
    # ordered: topical first; the selection keeps only topical ones
    assert res.discovered[-1].relevance < 0.5
    chosen = select_for_fetch(res.discovered, src)
    assert spbe in [d.url for d in chosen]
    assert s.url("/banjir-rendam-perumahan-bekasi-utara/") not in [d.url for d in chosen]
    assert len(select_for_fetch(res.discovered, _source(s, relevance_only=False, max_articles=2))) == 2


def test_discover_since_filters_old_items(fault_server):
    s = fault_server
    s.route("/feed/", Reply(200, local(RSS, s), content_type="application/rss+xml"))
    src = _source(s, feeds=(s.url("/feed/"),))
    with LiveFetcher(FAST) as f:
        res = discover_source(src, f, since=datetime(2025, 1, 27, tzinfo=timezone.utc))
    assert [d.title[:8] for d in res.discovered] == ["Diskomin"] and res.skipped_old == 1


def test_discover_from_home_page_and_robots(fault_server):
    s = fault_server
    s.route("/robots.txt", Reply(200, f"User-agent: *\nDisallow: /private/\nSitemap: {s.url('/sm.xml')}\n",
                                 content_type="text/plain"))
    s.route("/", Reply(200, f"""<html><head>
        <link rel="alternate" type="application/rss+xml" href="/feed/"></head><body>
        <a href="/indeks-spbe-kota-bekasi-naik-jadi-3-8/">Indeks SPBE Kota Bekasi Naik</a>
        <a href="/category/daerah/">Daerah</a><a href="/tentang">Tentang</a>
        <a href="https://other.example.org/a-b-c-d-e/">luar</a></body></html>"""))
    s.route("/feed/", Reply(200, local(RSS, s), content_type="application/rss+xml"))
    s.route("/sm.xml", Reply(200, urlset((s.url("/kota-cerdas-award-2024-bekasi/"), None)),
                            content_type="application/xml"))
    with LiveFetcher(FAST) as f:
        res = discover_source(_source(s), f)
    urls = {d.url: d for d in res.discovered}
    assert urls[s.url("/indeks-spbe-kota-bekasi-naik-jadi-3-8/")].via == "home"
    assert urls[s.url("/indeks-spbe-kota-bekasi-naik-jadi-3-8/")].title == "Indeks SPBE Kota Bekasi Naik"
    assert s.url("/kota-cerdas-award-2024-bekasi/") in urls
    assert s.url("/diskominfostandi-kota-bekasi-evaluasi-spbe/") in urls
    assert s.url("/category/daerah/") not in urls
    assert res.feeds == [s.url("/feed/")] and res.sitemaps == [s.url("/sm.xml")]
    assert s.count("/robots.txt") == 1


def test_discover_never_raises_on_failures(fault_server):
    s = fault_server
    s.route("/feed/", Reply(500, "down"))
    s.route("/feed2/", Reply(200, "<html>not a feed</html>", content_type="application/rss+xml"))
    s.route("/sitemap.xml", Reply(200, b"\x1f\x8b broken gzip", content_type="application/x-gzip"))
    src = _source(s, feeds=(s.url("/feed/"), s.url("/feed2/"), "ftp://127.0.0.1/feed"),
                  sitemaps=(s.url("/sitemap.xml"), s.url("/missing.xml")))
    with LiveFetcher(FAST) as f:
        res = discover_source(src, f)
    assert res.discovered == []
    joined = "\n".join(res.errors)
    assert "http_500" in joined and "not an RSS/Atom feed" in joined and "bad_scheme" in joined
    assert "http_404" in joined and "sitemap.xml" in joined
    assert len(res.fetches) == 5


def test_discover_offline_with_recorded_fetcher(tmp_path):
    import json

    from extractors.fetch import RecordedFetcher

    (tmp_path / "bodies").mkdir()
    (tmp_path / "bodies" / "feed.xml").write_text(RSS, encoding="utf-8")
    (tmp_path / "index.json").write_text(json.dumps({
        BASE + "/feed/": {"status": 200, "content_type": "application/rss+xml", "body": "bodies/feed.xml"}}))
    src = Source(name="rb", home=BASE + "/", feeds=(BASE + "/feed/",), allowed_domains=("rakyatbekasi.com",))
    res = discover_source(src, RecordedFetcher(tmp_path))
    assert res.errors == [] and len(res.discovered) == 2
    assert res.discovered[0].url == BASE + "/diskominfostandi-kota-bekasi-evaluasi-spbe/"
