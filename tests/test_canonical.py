"""URL canonicalisation: trackers, AMP/mobile variants, rel=canonical."""
from __future__ import annotations

from extractors.canonical import canonical_url, find_rel_canonical, registered_domain, same_site

DESKTOP = "https://www.rakyatbekasi.com/berita/diskominfostandi-evaluasi-spbe/"


def test_tracking_params_removed_real_params_kept():
    u = DESKTOP + "?utm_source=facebook&utm_medium=social&fbclid=IwAR0x&gclid=abc&_ga=1.2&ref=wa"
    assert canonical_url(u) == DESKTOP
    assert canonical_url("https://example.co.id/read.php?id=42&utm_campaign=x&page=2") == \
        "https://example.co.id/read.php?id=42&page=2"
    assert canonical_url("https://example.co.id/?p=123&fbclid=1") == "https://example.co.id/?p=123"


def test_case_port_fragment_and_query_order():
    assert canonical_url("HTTPS://WWW.RakyatBekasi.com:443/berita/diskominfostandi-evaluasi-spbe/#comments") == DESKTOP
    assert canonical_url("https://example.com/a?b=2&a=1") == canonical_url("https://example.com/a?a=1&b=2")
    assert canonical_url("  http://127.0.0.1:8123/a?x=1&utm_source=y#f ") == "http://127.0.0.1:8123/a?x=1"


def test_amp_variants_fold_to_desktop():
    variants = [
        "https://www.rakyatbekasi.com/berita/diskominfostandi-evaluasi-spbe/amp/",
        "https://www.rakyatbekasi.com/amp/berita/diskominfostandi-evaluasi-spbe/",
        "https://www.rakyatbekasi.com/berita/diskominfostandi-evaluasi-spbe/?amp=1",
        "https://www.rakyatbekasi.com/berita/diskominfostandi-evaluasi-spbe/?amp",
        "https://amp.rakyatbekasi.com/berita/diskominfostandi-evaluasi-spbe/",
        "https://m.rakyatbekasi.com/berita/diskominfostandi-evaluasi-spbe/?utm_source=wa",
    ]
    for v in variants:
        assert canonical_url(v) == DESKTOP, v
    assert canonical_url("https://www.rakyatbekasi.com/berita/x/amp") == "https://www.rakyatbekasi.com/berita/x"
    assert canonical_url("https://m.jabar.antaranews.com/berita/1/x") == "https://jabar.antaranews.com/berita/1/x"


def test_rel_canonical_same_site_is_used():
    html = b'<html><head><link rel="amphtml" href="/amp/x/"><link rel="canonical" href="https://www.rakyatbekasi.com/berita/diskominfostandi-evaluasi-spbe/?utm_source=rss"></head></html>'
    assert canonical_url("https://m.rakyatbekasi.com/amp/berita/whatever/", html) == DESKTOP
    rel = "<link href='/berita/diskominfostandi-evaluasi-spbe/' rel='canonical' />"
    assert canonical_url("https://www.rakyatbekasi.com/?p=5", rel) == DESKTOP
    assert find_rel_canonical("<html></html>", DESKTOP) is None


def test_rel_canonical_off_site_is_ignored():
    html = '<link rel="canonical" href="https://aggregator.example.net/copy/123">'
    assert canonical_url(DESKTOP + "?utm_source=x", html) == DESKTOP


def test_garbage_does_not_raise():
    assert isinstance(canonical_url("not a url"), str)
    assert canonical_url("", b"\xff\xfe<link rel=canonical") == ""


def test_same_site_and_registered_domain():
    assert registered_domain("https://m.jabar.antaranews.com/x") == "antaranews.com"
    assert registered_domain("http://127.0.0.1:9/x") == "127.0.0.1"
    assert same_site("https://jabar.antaranews.com/a", ["antaranews.com"])
    assert not same_site("https://antaranews.com.evil.net/a", ["antaranews.com"])
    assert not same_site("mailto:redaksi@rakyatbekasi.com", ["rakyatbekasi.com"])
    assert same_site("https://anything.example/", None)
