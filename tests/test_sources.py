"""sources.toml: the shipped starter list loads; bad files fail with the file and the entry named."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.sources import Defaults, SourcesError, load_sources

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_sources_file_is_valid_and_unverified():
    cfg = load_sources(ROOT / "sources.toml")
    assert 8 <= len(cfg.sources) <= 12
    names = {s.name for s in cfg.sources}
    assert {"rakyatbekasi", "indoartnews"} <= names
    for s in cfg.sources:
        assert s.verified is False
        assert s.home.startswith("https://")
        assert all(u.startswith("http") for u in s.feeds + s.sitemaps + s.search_feeds)
        assert s.allowed_domains
    rb = cfg.by_name("rakyatbekasi")
    assert rb.feeds == ("https://rakyatbekasi.com/feed/",)
    assert rb.allowed_domains == ("rakyatbekasi.com",)
    assert "https://rakyatbekasi.com/?s=SPBE&feed=rss2" in rb.search_feed_urls()
    assert "https://rakyatbekasi.com/?s=indeks+SPBE&feed=rss2" in rb.search_feed_urls()


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "sources.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_defaults_apply_and_overrides_win(tmp_path):
    p = write(tmp_path, """
[defaults]
delay = 5
search_queries = ["SPBE"]
max_articles = 7
relevance_only = false

[[source]]
name = "a"
home = "https://www.a.example.id/"

[[source]]
name = "b"
home = "https://b.example.id"
feeds = ["/feed/", "https://b.example.id/category/daerah/feed/"]
delay = 1.5
allowed_domains = ["b.example.id", "cdn.example.net"]
verified = true
""")
    cfg = load_sources(p)
    a, b = cfg.sources
    assert a.delay == 5.0 and a.search_queries == ("SPBE",) and a.max_articles == 7 and not a.relevance_only
    assert a.allowed_domains == ("a.example.id",) and a.feeds == () and a.verified is False
    assert b.delay == 1.5 and b.verified is True
    assert b.feeds == ("https://b.example.id/feed/", "https://b.example.id/category/daerah/feed/")
    assert b.allowed_domains == ("b.example.id", "cdn.example.net")
    assert load_sources(write(tmp_path, "")).defaults == Defaults()


@pytest.mark.parametrize("body, needle", [
    ('[[source]]\nname = "x"\nhome = "https://x.id/"\nfeed = ["/feed/"]\n', "unknown key"),
    ('[[source]]\nname = "x"\nhome = "x.id"\n', "absolute http(s) URL"),
    ('[[source]]\nname = "x"\n', "missing `home`"),
    ('[[source]]\nhome = "https://x.id/"\n', "missing `name`"),
    ('[[source]]\nname = "x"\nhome = "https://x.id/"\nsearch_feeds = ["/?s=SPBE&feed=rss2"]\n', "{query}"),
    ('[[source]]\nname = "x"\nhome = "https://x.id/"\ndelay = -1\n', "non-negative"),
    ('[[source]]\nname = "x"\nhome = "https://x.id/"\nverified = "no"\n', "true or false"),
    ('[[source]]\nname = "x"\nhome = "https://x.id/"\n[[source]]\nname = "x"\nhome = "https://y.id/"\n',
     "duplicate"),
    ('[[source]]\nname = "x"\nhome = "https://x.id/"\nallowed_domains = ["y.id"]\n', "outside allowed_domains"),
    ('[defaults]\ndelays = 3\n', "unknown key"),
    ('[[source]\nname = "x"\n', "not valid TOML"),
])
def test_bad_files_name_file_and_entry(tmp_path, body, needle):
    p = write(tmp_path, body)
    with pytest.raises(SourcesError) as ei:
        load_sources(p)
    msg = str(ei.value)
    assert needle in msg and str(p) in msg
    if "name" in body and "TOML" not in needle and "delays" not in body:
        assert "[[source]] #" in msg


def test_missing_file(tmp_path):
    with pytest.raises(SourcesError, match="cannot read"):
        load_sources(tmp_path / "nope.toml")
