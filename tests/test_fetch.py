"""LiveFetcher against real HTTP servers on 127.0.0.1 (tests/httpfaults.py): politeness, faults, validators."""
from __future__ import annotations

import threading
import time
import tracemalloc
from dataclasses import replace

import pytest

from extractors.fetch import (
    DEFAULT_USER_AGENT, FetchPolicy, Fetcher, LiveFetcher, RecordedFetcher, RecordingFetcher,
    domain_allowed, parse_retry_after, sniff_charset,
)
from httpfaults import FaultServer, Reply, conditional, fault_server, redirect  # noqa: F401

HTML = "<!doctype html><html><head><title>t</title></head><body><p>Indeks SPBE 3,8</p></body></html>"

FAST = FetchPolicy(connect_timeout=1.0, read_timeout=0.5, total_timeout=5.0, default_delay=0.0,
                   backoff_base=0.01, backoff_max=0.05, retries=3, max_retry_after=5.0)


@pytest.fixture
def fetcher():
    with LiveFetcher(FAST) as f:
        yield f


def test_user_agent_is_honest(fetcher, fault_server):
    fault_server.route("/a", Reply(200, HTML))
    res = fetcher.fetch(fault_server.url("/a"))
    assert res.ok and res.status == 200 and res.body == HTML.encode()
    ua = fault_server.requests_for("/a")[0].headers["user-agent"]
    assert ua == DEFAULT_USER_AGENT and ua.startswith("spbe-claims/") and "research crawler" in ua
    assert res.sha256 and len(res.sha256) == 64 and res.content_type == "text/html" and res.charset == "utf-8"
    assert res.fetched_at.tzinfo is not None and res.attempts == 1 and res.bytes == len(HTML)
    assert isinstance(fetcher, Fetcher)


def test_robots_disallow_never_reaches_server(fetcher, fault_server):
    fault_server.route("/robots.txt", Reply(200, "User-agent: *\nDisallow: /private/\n",
                                            content_type="text/plain"))
    fault_server.route("/private/a", Reply(200, HTML))
    fault_server.route("/public", Reply(200, HTML))
    res = fetcher.fetch(fault_server.url("/private/a"))
    assert res.error == "robots_disallowed" and res.status is None and res.body is None
    assert fault_server.count("/private/a") == 0
    assert fetcher.fetch(fault_server.url("/public")).ok
    # robots.txt fetched once per host per fetcher
    fetcher.fetch(fault_server.url("/public"))
    assert fault_server.count("/robots.txt") == 1


def test_robots_agent_specific_group(fetcher, fault_server):
    fault_server.route("/robots.txt", Reply(200, "User-agent: spbe-claims\nDisallow: /\n\nUser-agent: *\n"
                                                 "Allow: /\n", content_type="text/plain"))
    fault_server.route("/a", Reply(200, HTML))
    assert fetcher.fetch(fault_server.url("/a")).error == "robots_disallowed"
    assert fault_server.count("/a") == 0


def test_robots_5xx_disallows_host_4xx_allows(fault_server):
    with FaultServer({"/robots.txt": Reply(503, "down"), "/a": Reply(200, HTML)}) as s5:
        with LiveFetcher(replace(FAST, retries=1)) as f:
            assert f.fetch(s5.url("/a")).error == "robots_disallowed"
            assert s5.count("/a") == 0
    fault_server.route("/robots.txt", Reply(404, "nope"))
    fault_server.route("/a", Reply(200, HTML))
    with LiveFetcher(FAST) as f:
        assert f.fetch(fault_server.url("/a")).ok


def test_robots_txt_served_from_cache_for_discovery(fetcher, fault_server):
    fault_server.route("/robots.txt", Reply(200, "Sitemap: /s.xml\n", content_type="text/plain"))
    res = fetcher.fetch(fault_server.url("/robots.txt"), kind="robots")
    assert res.ok and b"Sitemap" in res.body
    fetcher.fetch(fault_server.url("/robots.txt"), kind="robots")
    assert fault_server.count("/robots.txt") == 1


def test_crawl_delay_honoured(fault_server):
    fault_server.route("/robots.txt", Reply(200, "User-agent: *\nCrawl-delay: 0.4\n", content_type="text/plain"))
    for p in ("/1", "/2", "/3"):
        fault_server.route(p, Reply(200, HTML))
    with LiveFetcher(FAST) as f:
        for p in ("/1", "/2", "/3"):
            assert f.fetch(fault_server.url(p)).ok
    times = [fault_server.requests_for(p)[0].time for p in ("/robots.txt", "/1", "/2", "/3")]
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert all(g >= 0.3 for g in gaps), gaps  # 0.4 s, minus scheduling jitter


def test_per_host_delay_is_thread_safe(fault_server):
    for i in range(4):
        fault_server.route(f"/p{i}", Reply(200, HTML))
    with LiveFetcher(replace(FAST, default_delay=0.25)) as f:
        threads = [threading.Thread(target=f.fetch, args=(fault_server.url(f"/p{i}"),)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    times = sorted(r.time for r in fault_server.requests if r.path.startswith("/p"))
    assert len(times) == 4
    assert all(b - a >= 0.18 for a, b in zip(times, times[1:])), times


def test_set_host_delay_from_source(fault_server):
    fault_server.route("/a", Reply(200, HTML))
    fault_server.route("/b", Reply(200, HTML))
    with LiveFetcher(FAST) as f:
        f.set_host_delay("127.0.0.1", 0.3)
        f.fetch(fault_server.url("/a"))
        f.fetch(fault_server.url("/b"))
    assert fault_server.requests_for("/b")[0].time - fault_server.requests_for("/a")[0].time >= 0.22


def test_429_retry_after_waits_then_succeeds(fetcher, fault_server):
    fault_server.route("/a", [Reply(429, "slow down", headers={"Retry-After": "1"}), Reply(200, HTML)])
    res = fetcher.fetch(fault_server.url("/a"))
    assert res.ok and res.status == 200 and res.attempts == 2
    t = [r.time for r in fault_server.requests_for("/a")]
    assert t[1] - t[0] >= 0.9


def test_retry_after_too_long_is_recorded_not_waited(fetcher, fault_server):
    fault_server.route("/a", Reply(503, "maintenance", headers={"Retry-After": "3600"}))
    t0 = time.monotonic()
    res = fetcher.fetch(fault_server.url("/a"))
    assert res.error == "retry_after_too_long" and res.status == 503 and res.attempts == 1
    assert time.monotonic() - t0 < 1.0


def test_retry_after_http_date():
    from email.utils import formatdate
    v = parse_retry_after(formatdate(time.time() + 30, usegmt=True))
    assert 25 <= v <= 31
    assert parse_retry_after("7") == 7.0 and parse_retry_after("garbage") is None


def test_500_then_200_is_retried(fetcher, fault_server):
    fault_server.route("/a", [Reply(500, "oops"), Reply(200, HTML)])
    res = fetcher.fetch(fault_server.url("/a"))
    assert res.ok and res.attempts == 2 and fault_server.count("/a") == 2


def test_persistent_500_is_recorded_failure(fetcher, fault_server):
    fault_server.route("/a", Reply(500, "oops"))
    res = fetcher.fetch(fault_server.url("/a"))
    assert res.error == "http_500" and res.status == 500 and res.body is None
    assert res.attempts == FAST.retries + 1 == fault_server.count("/a")


def test_404_not_retried(fetcher, fault_server):
    res = fetcher.fetch(fault_server.url("/missing"))
    assert res.error == "http_404" and res.attempts == 1 and fault_server.count("/missing") == 1


def test_read_timeout(fault_server):
    fault_server.route("/slow", Reply(200, HTML, delay=1.5))
    with LiveFetcher(replace(FAST, read_timeout=0.3, retries=1)) as f:
        t0 = time.monotonic()
        res = f.fetch(fault_server.url("/slow"))
    assert res.error == "timeout" and res.attempts == 2
    assert time.monotonic() - t0 < 2.0


def test_read_timeout_mid_body(fault_server):
    fault_server.route("/slow", Reply(200, HTML, body_delay=1.5))
    with LiveFetcher(replace(FAST, read_timeout=0.3, retries=0)) as f:
        res = f.fetch(fault_server.url("/slow"))
    assert res.error == "timeout" and res.body is None


def test_connection_refused():
    with FaultServer() as s:
        url = s.url("/a")
    with LiveFetcher(replace(FAST, retries=1)) as f:
        res = f.fetch(url)
    assert res.error == "connection"  # robots.txt unreachable: reported as the network error, no fetch


def test_oversized_body_streamed_and_bounded(fault_server):
    fault_server.route("/big", Reply(200, stream_bytes=50 * 1024 * 1024))
    tracemalloc.start()
    with LiveFetcher(replace(FAST, max_bytes=1024 * 1024)) as f:
        res = f.fetch(fault_server.url("/big"))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert res.error == "too_large" and res.body is None
    assert peak < 8 * 1024 * 1024, peak


def test_oversized_by_content_length(fault_server):
    fault_server.route("/big", Reply(200, "x" * 5000))
    with LiveFetcher(replace(FAST, max_bytes=1000)) as f:
        assert f.fetch(fault_server.url("/big")).error == "too_large"


def test_gzip_body_is_decoded_and_bounded(fault_server):
    fault_server.route("/gz", Reply(200, HTML, gzip=True))
    fault_server.route("/bomb", Reply(200, "a" * 3_000_000, gzip=True))
    with LiveFetcher(replace(FAST, max_bytes=1_000_000)) as f:
        assert f.fetch(fault_server.url("/gz")).body == HTML.encode()
        assert f.fetch(fault_server.url("/bomb")).error == "too_large"


def test_non_html_is_bad_content_type(fetcher, fault_server):
    fault_server.route("/doc.pdf", Reply(200, b"%PDF-1.4 ...", content_type="application/pdf"))
    res = fetcher.fetch(fault_server.url("/doc.pdf"))
    assert res.error == "bad_content_type" and res.status == 200 and res.body is None


def test_content_type_per_kind(fetcher, fault_server):
    rss = "<?xml version='1.0'?><rss version='2.0'><channel></channel></rss>"
    fault_server.route("/feed/", Reply(200, rss, content_type="application/rss+xml; charset=UTF-8"))
    assert fetcher.fetch(fault_server.url("/feed/"), kind="feed").ok
    assert fetcher.fetch(fault_server.url("/feed/"), kind="article").error == "bad_content_type"


def test_redirect_followed_and_bounded(fetcher, fault_server):
    fault_server.route("/old", redirect("/new", 301))
    fault_server.route("/new", Reply(200, HTML))
    res = fetcher.fetch(fault_server.url("/old"))
    assert res.ok and res.final_url == fault_server.url("/new") and res.url == fault_server.url("/old")
    for i in range(10):
        fault_server.route(f"/r{i}", redirect(f"/r{i + 1}"))
    res = fetcher.fetch(fault_server.url("/r0"))
    assert res.error == "too_many_redirects"
    assert fault_server.count("/r6") == 0  # bounded: max_redirects=5 hops followed, never more


def test_redirect_loop(fetcher, fault_server):
    fault_server.route("/a", redirect("/b"))
    fault_server.route("/b", redirect("/a"))
    res = fetcher.fetch(fault_server.url("/a"))
    assert res.error == "redirect_loop"
    assert fault_server.count("/a") == 1 and fault_server.count("/b") == 1


def test_redirect_to_off_domain_host(fetcher, fault_server):
    with FaultServer({"/x": Reply(200, HTML)}) as other:
        off = other.url("/x").replace("127.0.0.1", "localhost")
        fault_server.route("/go", redirect(off))
        res = fetcher.fetch(fault_server.url("/go"), allowed_domains=["127.0.0.1"])
        assert res.error == "off_domain" and res.final_url == off
        assert other.count("/x") == 0


def test_redirect_hop_checked_against_robots(fetcher, fault_server):
    fault_server.route("/robots.txt", Reply(200, "User-agent: *\nDisallow: /secret\n", content_type="text/plain"))
    fault_server.route("/go", redirect("/secret"))
    fault_server.route("/secret", Reply(200, HTML))
    assert fetcher.fetch(fault_server.url("/go")).error == "robots_disallowed"
    assert fault_server.count("/secret") == 0


def test_off_domain_link_and_bad_scheme(fetcher, fault_server):
    res = fetcher.fetch("http://evil.example.org/x", allowed_domains=["rakyatbekasi.com"])
    assert res.error == "off_domain" and res.attempts == 0
    assert fetcher.fetch("ftp://rakyatbekasi.com/x").error == "bad_scheme"
    assert fetcher.fetch("javascript:alert(1)").error == "bad_scheme"
    assert domain_allowed("https://www.rakyatbekasi.com/a", ["rakyatbekasi.com"])
    assert domain_allowed("https://m.rakyatbekasi.com/a", ["www.rakyatbekasi.com"])
    assert not domain_allowed("https://notrakyatbekasi.com/a", ["rakyatbekasi.com"])


def test_windows_1252_charset_exposed(fetcher, fault_server):
    text = "<html><head><title>x</title></head><body><p>Rp 1.000 \u2013 \u201ckutipan\u201d</p></body></html>"
    raw = text.encode("cp1252")
    fault_server.route("/hdr", Reply(200, raw, content_type="text/html; charset=windows-1252"))
    fault_server.route("/meta", Reply(200, raw.replace(b"<head>", b'<head><meta charset="windows-1252">'),
                                      content_type="text/html"))
    fault_server.route("/none", Reply(200, raw, content_type="text/html"))
    for path in ("/hdr", "/meta"):
        res = fetcher.fetch(fault_server.url(path))
        assert res.charset == "windows-1252" and res.body.decode(res.charset).count("\u201c") == 1
    res = fetcher.fetch(fault_server.url("/none"))
    assert res.charset is not None and res.body == raw  # body stays raw bytes
    assert sniff_charset("é".encode()) == "utf-8"


def test_conditional_get_etag_and_last_modified(fetcher, fault_server):
    lm = "Wed, 21 Oct 2025 07:28:00 GMT"
    fault_server.route("/e", conditional(HTML, etag='"v1"'))
    fault_server.route("/l", conditional(HTML, last_modified=lm))
    first = fetcher.fetch(fault_server.url("/e"))
    assert first.ok and first.etag == '"v1"' and not first.not_modified
    second = fetcher.fetch(fault_server.url("/e"), etag=first.etag, previous_sha256=first.sha256)
    assert second.ok and second.status == 304 and second.not_modified and second.body is None
    assert second.etag == '"v1"' and second.sha256 == first.sha256
    assert fault_server.requests_for("/e")[1].headers["if-none-match"] == '"v1"'
    f1 = fetcher.fetch(fault_server.url("/l"))
    assert f1.last_modified == lm
    f2 = fetcher.fetch(fault_server.url("/l"), last_modified=f1.last_modified)
    assert f2.not_modified and f2.status == 304
    assert fault_server.requests_for("/l")[1].headers["if-modified-since"] == lm


def test_server_ignoring_validators_caught_by_digest(fetcher, fault_server):
    fault_server.route("/a", Reply(200, HTML, headers={"ETag": '"x"'}))
    first = fetcher.fetch(fault_server.url("/a"))
    again = fetcher.fetch(fault_server.url("/a"), etag='"x"', previous_sha256=first.sha256)
    assert again.status == 200 and again.not_modified and again.ok
    fault_server.route("/a", Reply(200, HTML + " ", headers={"ETag": '"x"'}))
    changed = fetcher.fetch(fault_server.url("/a"), etag='"x"', previous_sha256=first.sha256)
    assert not changed.not_modified


def test_concurrency_cap(fault_server):
    for i in range(6):
        fault_server.route(f"/c{i}", Reply(200, HTML, delay=0.3))
    with LiveFetcher(replace(FAST, max_concurrency=2)) as f:
        ts = [threading.Thread(target=f.fetch, args=(fault_server.url(f"/c{i}"),)) for i in range(6)]
        t0 = time.monotonic()
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        took = time.monotonic() - t0
    assert took >= 0.85  # 6 requests of 0.3 s, 2 at a time


def test_record_and_replay(tmp_path, fetcher, fault_server):
    fault_server.route("/a", Reply(200, HTML, headers={"ETag": '"v"'}))
    rec = RecordingFetcher(fetcher, tmp_path / "rec")
    live = rec.fetch(fault_server.url("/a"))
    rec.fetch(fault_server.url("/missing"))
    replay = RecordedFetcher(tmp_path / "rec")
    r = replay.fetch(fault_server.url("/a"))
    assert r.ok and r.body == live.body and r.sha256 == live.sha256 and r.status == 200
    assert replay.fetch(fault_server.url("/a"), etag='"v"').not_modified
    assert replay.fetch(fault_server.url("/a"), previous_sha256=live.sha256).not_modified
    assert replay.fetch(fault_server.url("/missing")).error == "http_404"
    assert replay.fetch("http://nowhere.test/").error == "not_recorded"
    assert isinstance(replay, Fetcher)


def test_hand_written_recorded_fixture(tmp_path):
    import json

    (tmp_path / "bodies").mkdir()
    (tmp_path / "bodies" / "a.html").write_bytes(HTML.encode())
    (tmp_path / "index.json").write_text(json.dumps({
        "https://rakyatbekasi.com/a/": {"status": 200, "content_type": "text/html", "body": "bodies/a.html"},
        "https://rakyatbekasi.com/gone/": {"status": 404, "error": "http_404"},
    }))
    f = RecordedFetcher(tmp_path)
    r = f.fetch("https://rakyatbekasi.com/a/", allowed_domains=["rakyatbekasi.com"])
    assert r.ok and r.body == HTML.encode() and r.charset == "utf-8" and r.final_url == r.url
    assert f.fetch("https://rakyatbekasi.com/gone/").error == "http_404"
    assert f.fetch("https://rakyatbekasi.com/a/", allowed_domains=["other.id"]).error == "off_domain"


def test_log_row_is_flat(fetcher, fault_server):
    fault_server.route("/a", Reply(200, HTML))
    row = fetcher.fetch(fault_server.url("/a")).log_row()
    assert "body" not in row and "headers" not in row
    assert row["status"] == 200 and row["error"] is None and row["bytes"] == len(HTML) and row["kind"] == "article"
