"""Discovery: which article URLs a news site has published, from its feeds, search feeds, sitemaps and home page.

Library choice: `feedparser` for RSS/Atom (it copes with the broken feeds small WordPress sites emit and gives
parsed dates per entry) and `lxml` for XML sitemaps (sitemap indexes, Google News `<news:title>` /
`<news:publication_date>`, `lastmod`, gzip bodies; `recover=True`, no network, no entity expansion).
trafilatura's `feeds`/`sitemaps` helpers fetch by themselves and return bare URLs; we need our own polite
fetcher and the dates and titles, so we parse ourselves with these two libraries. robots.txt `Sitemap:` lines are
read with `protego`, the parser the fetcher uses for the rules.

Nothing here raises for a bad feed or sitemap: `discover_source` records the problem in `DiscoveryResult.errors`
and goes on; every fetch it made is in `DiscoveryResult.fetches` for the `fetches` table.
"""
from __future__ import annotations

import gzip
import re
import zlib
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from typing import Iterable
from urllib.parse import urljoin, urlsplit

import feedparser
from lxml import etree
from lxml import html as lxml_html
from protego import Protego

from extractors.canonical import canonical_url, same_site
from extractors.fetch import FetchResult, Fetcher
from extractors.relevance import RelevanceConfig, is_topical, relevance_score
from extractors.sources import Source

VIA_RANK = {"feed": 0, "search_feed": 1, "sitemap": 2, "home": 3}
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")
MAX_SITEMAP_DEPTH = 2           # index -> child -> grandchild
MAX_SITEMAP_URLS = 50_000        # the protocol's own limit per file
_NON_ARTICLE_SITEMAP = re.compile(r"(tag|category|categories|author|page|attachment|product|video|image)[-_]?"
                                  r"sitemap|sitemap[-_]?(tag|category|author|page|image|video)", re.I)
_DATE_IN_URL = re.compile(r"(20\d\d)[-_/]?(0[1-9]|1[0-2])(?:[-_/]?(0[1-9]|[12]\d|3[01]))?")


@dataclass
class Discovered:
    """One candidate article URL, with whatever metadata the listing gave."""

    url: str                          # canonical (extractors.canonical.canonical_url)
    source: str                       # Source.name
    via: str                          # feed / search_feed / sitemap / home
    lastmod: datetime | None = None   # aware (UTC when the listing gave no zone)
    title: str | None = None
    summary: str | None = None
    relevance: float = 0.0            # extractors.relevance.relevance_score(url, title, summary)
    listed_url: str | None = None     # the URL as listed, before canonicalisation


@dataclass
class DiscoveryResult:
    source: str
    discovered: list[Discovered] = field(default_factory=list)    # deduplicated, most relevant/recent first
    fetches: list[FetchResult] = field(default_factory=list)      # every fetch made (for the fetches table)
    errors: list[str] = field(default_factory=list)               # "<url>: <what went wrong>"
    feeds: list[str] = field(default_factory=list)                # feeds read (configured or found)
    sitemaps: list[str] = field(default_factory=list)             # sitemap documents read
    skipped_off_domain: int = 0
    skipped_old: int = 0


# ---------------------------------------------------------------------------------------------- dates

def parse_w3c_date(value: str | None) -> datetime | None:
    """Sitemap/news dates (W3C datetime, ISO 8601, RFC 822) → aware datetime; naive values taken as UTC."""
    if not value:
        return None
    v = value.strip()
    dt: datetime | None = None
    try:
        dt = datetime.fromisoformat(v)
    except ValueError:
        try:
            from dateutil import parser as du

            dt = du.parse(v)
        except Exception:
            try:
                import email.utils

                dt = email.utils.parsedate_to_datetime(v)
            except Exception:
                return None
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt


def _struct_to_dt(st: object) -> datetime | None:
    if not st:
        return None
    try:
        return datetime(*st[:6], tzinfo=timezone.utc)  # type: ignore[index]  # feedparser gives UTC
    except Exception:
        return None


def _strip_html(text: str | None, limit: int = 1000) -> str | None:
    if not text:
        return None
    if "<" in text:
        try:
            text = lxml_html.fromstring(text).text_content()
        except Exception:
            text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text[:limit] or None


# ---------------------------------------------------------------------------------------------- feeds

def parse_feed(body: bytes, base_url: str, source: str = "", via: str = "feed") -> list[Discovered]:
    """RSS 0.9x/1.0/2.0 and Atom entries → Discovered (link, published/updated date, title, summary).

    Returns [] for something that is not a feed (see `feed_problem` for the reason).
    """
    items, _ = _parse_feed(body, base_url, source, via)
    return items


def feed_problem(body: bytes) -> str | None:
    """None when `body` parses as a feed, else a short reason."""
    return _parse_feed(body, "http://x/", "", "feed")[1]


def _parse_feed(body: bytes, base_url: str, source: str, via: str) -> tuple[list[Discovered], str | None]:
    if isinstance(body, str):
        body = body.encode("utf-8")
    if not body or not body.strip():
        return [], "empty body"
    try:
        parsed = feedparser.parse(body, response_headers={"content-location": base_url})
    except Exception as exc:  # feedparser is robust, but never let it take the run down
        return [], f"feed parse error: {type(exc).__name__}"
    if not parsed.get("version") and not parsed.entries:
        reason = str(parsed.get("bozo_exception") or "not a feed")[:200]
        return [], f"not an RSS/Atom feed ({reason})"
    out: list[Discovered] = []
    for e in parsed.entries:
        link = e.get("feedburner_origlink") or e.get("link")
        if not link:
            for lk in e.get("links", []):
                if lk.get("rel", "alternate") == "alternate" and lk.get("href"):
                    link = lk["href"]
                    break
        if not link:
            continue
        link = urljoin(base_url, link.strip())
        when = _struct_to_dt(e.get("published_parsed")) or _struct_to_dt(e.get("updated_parsed"))
        title = _strip_html(e.get("title"), 500)
        summary = _strip_html(e.get("summary") or e.get("description"))
        out.append(Discovered(url=link, source=source, via=via, lastmod=when, title=title, summary=summary,
                              listed_url=link))
    return out, None


# ---------------------------------------------------------------------------------------------- sitemaps

def _maybe_gunzip(body: bytes) -> bytes:
    if body[:2] == b"\x1f\x8b":
        try:
            d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            out = d.decompress(body, 50 * 1024 * 1024)  # bounded: 50 MB uncompressed is the protocol limit
            return out
        except (zlib.error, OSError, EOFError):
            try:
                return gzip.decompress(body)
            except Exception:
                return b""
    return body


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1].lower() if isinstance(tag, str) else ""


@dataclass
class _Child:
    url: str
    lastmod: datetime | None


def _parse_sitemap_full(body: bytes, base_url: str, source: str
                        ) -> tuple[list[Discovered], list[_Child], str | None]:
    body = _maybe_gunzip(body or b"")
    if not body.strip():
        return [], [], "empty sitemap"
    head = body.lstrip()[:1]
    if head != b"<":  # plain-text sitemap: one URL per line
        urls = [ln.strip() for ln in body.decode("utf-8", "replace").splitlines()]
        urls = [u for u in urls if u.startswith(("http://", "https://"))][:MAX_SITEMAP_URLS]
        if not urls:
            return [], [], "not a sitemap"
        return [Discovered(url=u, source=source, via="sitemap", listed_url=u) for u in urls], [], None
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False,
                             remove_comments=True)
    try:
        root = etree.fromstring(body, parser)
    except (etree.XMLSyntaxError, ValueError) as exc:
        return [], [], f"sitemap XML error: {exc}"[:200]
    if root is None:
        return [], [], "sitemap XML error: no root element"
    kind = _local(root.tag)
    items: list[Discovered] = []
    children: list[_Child] = []
    if kind == "sitemapindex":
        for sm in root:
            if _local(sm.tag) != "sitemap":
                continue
            loc = lastmod = None
            for c in sm:
                n = _local(c.tag)
                if n == "loc":
                    loc = (c.text or "").strip()
                elif n == "lastmod":
                    lastmod = parse_w3c_date(c.text)
            if loc:
                children.append(_Child(urljoin(base_url, loc), lastmod))
        return [], children, None
    if kind != "urlset":
        return [], [], f"not a sitemap (root <{kind}>)"
    for u in root:
        if _local(u.tag) != "url":
            continue
        loc = None
        lastmod = None
        title = None
        pub = None
        for c in u:
            n = _local(c.tag)
            if n == "loc":
                loc = (c.text or "").strip()
            elif n == "lastmod":
                lastmod = parse_w3c_date(c.text)
            elif n == "news":
                for nc in c.iter():
                    nn = _local(nc.tag)
                    if nn == "title" and nc.text:
                        title = re.sub(r"\s+", " ", nc.text).strip() or None
                    elif nn == "publication_date":
                        pub = parse_w3c_date(nc.text)
        if loc:
            link = urljoin(base_url, loc)
            items.append(Discovered(url=link, source=source, via="sitemap", lastmod=pub or lastmod, title=title,
                                    listed_url=link))
            if len(items) >= MAX_SITEMAP_URLS:
                break
    return items, [], None


def parse_sitemap(body: bytes, base_url: str, source: str = "") -> tuple[list[Discovered], list[str]]:
    """A sitemap → (URL entries, child sitemap URLs). Handles urlset (incl. Google News), sitemap indexes,
    gzip bodies and plain-text sitemaps. Children come most recent first (see `rank_children`)."""
    items, children, _ = _parse_sitemap_full(body, base_url, source)
    return items, [c.url for c in rank_children(children)]


def _date_in_url(url: str) -> datetime | None:
    m = None
    for m in _DATE_IN_URL.finditer(urlsplit(url).path):
        pass
    if not m:
        return None
    try:
        return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1), tzinfo=timezone.utc)
    except ValueError:
        return None


def rank_children(children: Iterable[_Child], since: datetime | None = None) -> list[_Child]:
    """Child sitemaps worth reading first: news/post sitemaps before tag/category/author/page ones, then by
    lastmod (or a year-month in the URL) newest first; children older than `since` are dropped."""
    out = []
    for c in children:
        when = c.lastmod or _date_in_url(c.url)
        if since is not None and when is not None and when < since:
            continue
        name = urlsplit(c.url).path.lower()
        boring = 1 if _NON_ARTICLE_SITEMAP.search(name) else 0
        news = 0 if "news" in name else 1
        ts = when.timestamp() if when else float("-inf")
        out.append(((boring, news, -ts if when else 0.0, 0 if when else 1), c))
    out.sort(key=lambda x: x[0])
    return [c for _, c in out]


# ---------------------------------------------------------------------------------------------- home page

def find_feeds_and_sitemaps(home_html: bytes | str | None, robots_txt: str | None,
                            base_url: str) -> tuple[list[str], list[str]]:
    """Feeds advertised by the home page (`<link rel=alternate type=application/rss+xml|atom+xml>`; WordPress
    `/feed/` when the page is WordPress and advertises none) and sitemaps from robots.txt `Sitemap:` lines
    (WordPress `/wp-sitemap.xml`, else `/sitemap.xml`, when robots.txt names none)."""
    feeds: list[str] = []
    sitemaps: list[str] = []
    wordpress = False
    if home_html:
        try:
            doc = lxml_html.fromstring(home_html)
            for link in doc.iter("link"):
                rel = (link.get("rel") or "").lower().split()
                typ = (link.get("type") or "").lower().split(";")[0].strip()
                href = (link.get("href") or "").strip()
                if "alternate" in rel and typ in FEED_TYPES and href:
                    u = urljoin(base_url, href)
                    if u not in feeds and "/comments/feed" not in u:
                        feeds.append(u)
            raw = home_html if isinstance(home_html, str) else home_html.decode("utf-8", "replace")
            wordpress = "wp-content/" in raw or "wp-json" in raw or 'content="WordPress' in raw
        except (etree.ParserError, ValueError, TypeError):
            pass
    if wordpress and not feeds:
        feeds.append(urljoin(base_url, "/feed/"))
    if robots_txt:
        try:
            for sm in Protego.parse(robots_txt).sitemaps:
                u = urljoin(base_url, sm.strip())
                if u not in sitemaps:
                    sitemaps.append(u)
        except Exception:
            pass
    if not sitemaps:
        sitemaps.append(urljoin(base_url, "/wp-sitemap.xml" if wordpress else "/sitemap.xml"))
    return feeds, sitemaps


_SKIP_PATH = re.compile(r"/(tag|tags|category|kategori|author|penulis|page|wp-content|wp-admin|wp-json|feed|"
                        r"login|register|search|cari|indeks|index|topik|video|foto|galeri)(/|$)", re.I)


def article_links(home_html: bytes | str, base_url: str, allowed_domains: Iterable[str] | None = None
                  ) -> list[tuple[str, str]]:
    """(url, anchor text) of links on a home page that look like articles: same site, a slug of several words
    or a numeric id, not a tag/category/author/feed page."""
    try:
        doc = lxml_html.fromstring(home_html)
    except (etree.ParserError, ValueError, TypeError):
        return []
    allowed = list(allowed_domains) if allowed_domains else [urlsplit(base_url).hostname or ""]
    seen: set[str] = set()
    out = []
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        u = urljoin(base_url, href).split("#")[0]
        if u in seen or not same_site(u, allowed):
            continue
        path = urlsplit(u).path
        if _SKIP_PATH.search(path):
            continue
        last = [s for s in path.split("/") if s]
        if not last:
            continue
        slug = last[-1].rsplit(".", 1)[0]
        if slug.count("-") < 3 and not re.search(r"\d{4,}", path):
            continue
        seen.add(u)
        out.append((u, re.sub(r"\s+", " ", a.text_content() or "").strip()))
    return out


# ---------------------------------------------------------------------------------------------- merging

def merge_discovered(items: Iterable[Discovered], relevance: RelevanceConfig | None = None) -> list[Discovered]:
    """Canonicalise and deduplicate, keeping the best metadata (feed over sitemap; any title over none; the
    earliest date), then score and order: most relevant first, then newest."""
    best: dict[str, Discovered] = {}
    for d in items:
        key = canonical_url(d.url)
        d = replace(d, url=key, listed_url=d.listed_url or d.url)
        cur = best.get(key)
        if cur is None:
            best[key] = d
            continue
        first, second = (d, cur) if VIA_RANK.get(d.via, 9) < VIA_RANK.get(cur.via, 9) else (cur, d)
        lastmods = [x for x in (first.lastmod, second.lastmod) if x is not None]
        best[key] = replace(
            first,
            title=first.title or second.title,
            summary=first.summary or second.summary,
            lastmod=min(lastmods) if lastmods else None,
        )
    out = list(best.values())
    for d in out:
        d.relevance = relevance_score(d.url, d.title, d.summary, relevance)
    out.sort(key=lambda d: (-d.relevance, -(d.lastmod.timestamp() if d.lastmod else 0.0), d.url))
    return out


def select_for_fetch(discovered: list[Discovered], source: Source,
                     relevance: RelevanceConfig | None = None) -> list[Discovered]:
    """What to fetch this run: topical ones only when `source.relevance_only`, at most `source.max_articles`
    (the list is already ordered by relevance then date)."""
    chosen = [d for d in discovered
              if not source.relevance_only or is_topical(d.url, d.title, d.summary, relevance)]
    return chosen[: source.max_articles]


# ---------------------------------------------------------------------------------------------- the walk

def discover_source(source: Source, fetcher: Fetcher, since: datetime | None = None, *,
                    relevance: RelevanceConfig | None = None, now: datetime | None = None) -> DiscoveryResult:
    """Walk a source's configured feeds, search feeds (`source.search_feed_urls()`) and sitemaps — or, when it
    configures none, what its home page and robots.txt advertise (plus the home page's article links).

    Items dated before `since` are dropped (undated ones are kept). Sitemaps: at most `source.max_sitemaps`
    documents, indexes followed to depth 2, recent/news children first; without `since`, children older than
    `source.sitemap_days` are skipped. Never raises for a bad feed or sitemap.
    """
    res = DiscoveryResult(source=source.name)
    allowed = list(source.allowed_domains) or None
    raw: list[Discovered] = []
    now = now or datetime.now(timezone.utc)
    child_cutoff = since or (now - timedelta(days=source.sitemap_days))

    def get(url: str, kind: str) -> FetchResult | None:
        try:
            r = fetcher.fetch(url, kind=kind, allowed_domains=allowed)
        except Exception as exc:  # a Fetcher should not raise; if one does, record and go on
            res.errors.append(f"{url}: fetch raised {type(exc).__name__}: {exc}"[:300])
            return None
        res.fetches.append(r)
        if r.error:
            res.errors.append(f"{url}: {r.error}")
            return None
        if r.not_modified and r.body is None:
            return None
        return r

    feeds = list(source.feeds)
    sitemaps = list(source.sitemaps)
    search = source.search_feed_urls()
    if not (feeds or sitemaps or search):
        robots = get(urljoin(source.home, "/robots.txt"), "robots")
        home = get(source.home, "home")
        robots_txt = robots.body.decode(robots.charset or "utf-8", "replace") if robots and robots.body else None
        home_html = home.body if home and home.body else None
        feeds, sitemaps = find_feeds_and_sitemaps(home_html, robots_txt, source.home)
        if home_html:
            for u, text in article_links(home_html, home.final_url if home else source.home, allowed):
                raw.append(Discovered(url=u, source=source.name, via="home", title=text or None, listed_url=u))

    for via, urls in (("feed", feeds), ("search_feed", search)):
        for url in urls:
            r = get(url, "feed")
            if r is None:
                continue
            res.feeds.append(url)
            items, problem = _parse_feed(r.body or b"", r.final_url, source.name, via)
            if problem:
                res.errors.append(f"{url}: {problem}")
            raw.extend(items)

    queue: list[tuple[str, int]] = [(u, 0) for u in sitemaps]
    seen_maps: set[str] = set()
    while queue and len(res.sitemaps) < source.max_sitemaps:
        url, depth = queue.pop(0)
        if url in seen_maps:
            continue
        seen_maps.add(url)
        r = get(url, "sitemap")
        if r is None:
            continue
        res.sitemaps.append(url)
        items, children, problem = _parse_sitemap_full(r.body or b"", r.final_url, source.name)
        if problem:
            res.errors.append(f"{url}: {problem}")
        raw.extend(items)
        if children:
            if depth + 1 > MAX_SITEMAP_DEPTH:
                res.errors.append(f"{url}: sitemap index nested deeper than {MAX_SITEMAP_DEPTH}, not followed")
                continue
            ranked = rank_children(children, child_cutoff)
            # depth-first into the most recent children: insert them at the front, in rank order
            queue[0:0] = [(c.url, depth + 1) for c in ranked]

    kept = []
    for d in raw:
        if not same_site(d.url, allowed):
            res.skipped_off_domain += 1
            continue
        if since is not None and d.lastmod is not None and d.lastmod < since:
            res.skipped_old += 1
            continue
        kept.append(d)
    res.discovered = merge_discovered(kept, relevance)
    return res


def as_date(dt: datetime | None) -> date | None:
    """The calendar date of a listing timestamp in Jakarta time (UTC+7), for `extract_article(fallback_date=)`."""
    if dt is None:
        return None
    return dt.astimezone(timezone(timedelta(hours=7))).date()
