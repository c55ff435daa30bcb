"""The crawl's list of news sites: load and validate `sources.toml` into `Source` objects.

Why a validated file: the list is edited by researchers, not programmers; a typo (`feed =` for `feeds =`, a
relative home URL, a search template without `{query}`) must stop the run with a message naming the file and
the entry, not silently crawl nothing. Format: see README.md ("sources.toml") and the comments in sources.toml.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

DEFAULT_SEARCH_QUERIES = ("SPBE", "indeks SPBE", "smart city")


class SourcesError(ValueError):
    """A bad sources file: says which file and which entry."""

    def __init__(self, message: str, file: str | Path | None = None, entry: str | None = None):
        self.file = str(file) if file is not None else None
        self.entry = entry
        where = self.file or "<sources>"
        if entry:
            where += f", {entry}"
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Defaults:
    """`[defaults]`: applied to every `[[source]]` that does not set its own value."""

    delay: float = 2.0                     # seconds between requests to one host
    search_queries: tuple[str, ...] = DEFAULT_SEARCH_QUERIES
    max_articles: int = 50                 # articles fetched per source per run
    relevance_only: bool = True            # fetch only URLs that pass the relevance prefilter
    max_sitemaps: int = 10                 # sitemap documents fetched per source per run
    sitemap_days: int = 30                 # prefer sitemap children/URLs newer than this


@dataclass(frozen=True)
class Source:
    """One news site to crawl. URLs are absolute; `search_feeds` are templates with `{query}`."""

    name: str
    home: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    search_feeds: tuple[str, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    delay: float = 2.0
    verified: bool = False
    search_queries: tuple[str, ...] = DEFAULT_SEARCH_QUERIES
    max_articles: int = 50
    relevance_only: bool = True
    max_sitemaps: int = 10
    sitemap_days: int = 30
    notes: str = ""

    @property
    def host(self) -> str:
        return (urlsplit(self.home).hostname or "").lower()

    def search_feed_urls(self) -> list[str]:
        """Every search-feed template filled with every query (URL-encoded)."""
        from urllib.parse import quote_plus

        return [t.replace("{query}", quote_plus(q)) for t in self.search_feeds for q in self.search_queries]


@dataclass(frozen=True)
class SourcesConfig:
    defaults: Defaults
    sources: tuple[Source, ...] = field(default_factory=tuple)

    def by_name(self, name: str) -> Source:
        for s in self.sources:
            if s.name == name:
                return s
        raise KeyError(name)


_DEFAULT_KEYS = {"delay", "search_queries", "max_articles", "relevance_only", "max_sitemaps", "sitemap_days"}
_SOURCE_KEYS = {"name", "home", "feeds", "sitemaps", "search_feeds", "allowed_domains", "delay", "verified",
                "search_queries", "max_articles", "relevance_only", "max_sitemaps", "sitemap_days", "notes"}


def _http_url(value: Any, what: str, file: Any, entry: str | None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SourcesError(f"{what} must be a non-empty string", file, entry)
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SourcesError(f"{what} must be an absolute http(s) URL, got {value!r}", file, entry)
    return value.strip()


def _str_list(value: Any, what: str, file: Any, entry: str | None) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SourcesError(f"{what} must be a list of non-empty strings", file, entry)
    return [v.strip() for v in value]


def _number(value: Any, what: str, file: Any, entry: str | None, *, integer: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or (
            integer and not isinstance(value, int)):
        kind = "a non-negative integer" if integer else "a non-negative number"
        raise SourcesError(f"{what} must be {kind}, got {value!r}", file, entry)
    return value


def _bool(value: Any, what: str, file: Any, entry: str | None) -> bool:
    if not isinstance(value, bool):
        raise SourcesError(f"{what} must be true or false, got {value!r}", file, entry)
    return value


def parse_sources(data: dict[str, Any], file: str | Path | None = None) -> SourcesConfig:
    """Validate an already-parsed TOML document (see `load_sources`)."""
    unknown_top = set(data) - {"defaults", "source"}
    if unknown_top:
        raise SourcesError(f"unknown top-level key(s) {sorted(unknown_top)} (expected [defaults], [[source]])",
                           file)
    raw_d = data.get("defaults", {})
    if not isinstance(raw_d, dict):
        raise SourcesError("[defaults] must be a table", file, "[defaults]")
    bad = set(raw_d) - _DEFAULT_KEYS
    if bad:
        raise SourcesError(f"unknown key(s) {sorted(bad)}; allowed: {sorted(_DEFAULT_KEYS)}", file, "[defaults]")
    e = "[defaults]"
    defaults = Defaults(
        delay=float(_number(raw_d.get("delay", Defaults.delay), "delay", file, e)),
        search_queries=tuple(_str_list(raw_d.get("search_queries", list(DEFAULT_SEARCH_QUERIES)),
                                       "search_queries", file, e)),
        max_articles=int(_number(raw_d.get("max_articles", Defaults.max_articles), "max_articles", file, e,
                                 integer=True)),
        relevance_only=_bool(raw_d.get("relevance_only", Defaults.relevance_only), "relevance_only", file, e),
        max_sitemaps=int(_number(raw_d.get("max_sitemaps", Defaults.max_sitemaps), "max_sitemaps", file, e,
                                 integer=True)),
        sitemap_days=int(_number(raw_d.get("sitemap_days", Defaults.sitemap_days), "sitemap_days", file, e,
                                 integer=True)),
    )
    raw_sources = data.get("source", [])
    if not isinstance(raw_sources, list):
        raise SourcesError("sources must be [[source]] tables", file)
    sources: list[Source] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_sources, start=1):
        entry = f"[[source]] #{i}"
        if not isinstance(raw, dict):
            raise SourcesError("must be a table", file, entry)
        if isinstance(raw.get("name"), str) and raw["name"].strip():
            entry = f"[[source]] #{i} ({raw['name'].strip()!r})"
        else:
            raise SourcesError("missing `name`", file, entry)
        bad = set(raw) - _SOURCE_KEYS
        if bad:
            raise SourcesError(f"unknown key(s) {sorted(bad)}; allowed: {sorted(_SOURCE_KEYS)}", file, entry)
        name = raw["name"].strip()
        if name in seen:
            raise SourcesError(f"duplicate source name {name!r}", file, entry)
        seen.add(name)
        if "home" not in raw:
            raise SourcesError("missing `home`", file, entry)
        home = _http_url(raw["home"], "home", file, entry)

        def urls(key: str) -> tuple[str, ...]:
            out = []
            for u in _str_list(raw.get(key, []), key, file, entry):
                out.append(_http_url(urljoin(home, u), key, file, entry))
            return tuple(out)

        search_feeds = urls("search_feeds")
        for t in search_feeds:
            if "{query}" not in t:
                raise SourcesError(f"search_feeds template {t!r} has no {{query}}", file, entry)
        host = (urlsplit(home).hostname or "").lower()
        default_domain = host[4:] if host.startswith("www.") else host
        allowed = tuple(d.lower().lstrip(".") for d in _str_list(raw.get("allowed_domains", [default_domain]),
                                                                 "allowed_domains", file, entry))
        src = Source(
            name=name, home=home, feeds=urls("feeds"), sitemaps=urls("sitemaps"), search_feeds=search_feeds,
            allowed_domains=allowed,
            delay=float(_number(raw.get("delay", defaults.delay), "delay", file, entry)),
            verified=_bool(raw.get("verified", False), "verified", file, entry),
            search_queries=tuple(_str_list(raw.get("search_queries", list(defaults.search_queries)),
                                           "search_queries", file, entry)),
            max_articles=int(_number(raw.get("max_articles", defaults.max_articles), "max_articles", file,
                                     entry, integer=True)),
            relevance_only=_bool(raw.get("relevance_only", defaults.relevance_only), "relevance_only", file,
                                 entry),
            max_sitemaps=int(_number(raw.get("max_sitemaps", defaults.max_sitemaps), "max_sitemaps", file,
                                     entry, integer=True)),
            sitemap_days=int(_number(raw.get("sitemap_days", defaults.sitemap_days), "sitemap_days", file,
                                     entry, integer=True)),
            notes=str(raw.get("notes", "")),
        )
        from extractors.fetch import domain_allowed

        if not domain_allowed(home, allowed):
            raise SourcesError(f"home {home!r} is outside allowed_domains {list(allowed)}", file, entry)
        sources.append(src)
    return SourcesConfig(defaults=defaults, sources=tuple(sources))


def load_sources(path: str | Path = "sources.toml") -> SourcesConfig:
    """Read and validate a sources file; raises `SourcesError` (file + entry in the message) when bad."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourcesError(f"cannot read: {exc.strerror or exc}", path) from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SourcesError(f"not valid TOML: {exc}", path) from exc
    return parse_sources(data, path)
