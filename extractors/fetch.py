"""Polite, bounded HTTP fetching for the crawler: one place that decides what may be fetched and how.

Why a module of its own: every rule that keeps the crawler a good citizen of small Indonesian news sites
(robots.txt, Crawl-delay, a per-host delay, a global concurrency cap, time-outs, a size cap) and every rule that
keeps the pipeline safe (http/https only, allowed domains on every redirect hop, content-type per kind) lives
here, so the Prefect flow only says *what* to fetch.

A `Fetcher` never raises for a network or HTTP problem: it returns a `FetchResult` with `error` set to a short
code (see `ERROR_CODES`), which the flow logs in the `fetches` table and retries on a later night.

Implementations:
- `LiveFetcher`: the real web, through a `requests.Session` (redirects followed by hand, so each hop is checked).
- `RecordedFetcher`: replays responses stored on disk (offline flows and tests, no server).
- `RecordingFetcher`: wraps another fetcher and stores what it returns in the layout `RecordedFetcher` reads.
"""
from __future__ import annotations

import codecs
import email.utils
import hashlib
import json
import os
import random
import re
import threading
import time
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Protocol, runtime_checkable
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from protego import Protego

try:  # the project version goes into the User-Agent
    from importlib.metadata import version as _pkg_version

    __version__ = _pkg_version("spbe-claims")
except Exception:  # pragma: no cover - not installed
    __version__ = "0.0.0"

DEFAULT_USER_AGENT = (
    f"spbe-claims/{__version__} (+https://github.com/spbe-claims/spbe-claims; research crawler)"
)
ROBOTS_AGENT = "spbe-claims"  # the product token matched against robots.txt User-agent lines

ERROR_CODES = (
    "robots_disallowed", "timeout", "connection", "too_large", "bad_content_type", "too_many_redirects",
    "redirect_loop", "off_domain", "bad_scheme", "retry_after_too_long", "http_<status>", "not_recorded",
    "internal:<ExceptionType>",  # a bug caught so that one URL cannot take the run down
)

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
    "application/x-rss+xml", "application/feed+json", "text/html",  # some WordPress feeds lie about HTML
)
SITEMAP_TYPES = (
    "application/xml", "text/xml", "application/x-gzip", "application/gzip", "application/octet-stream",
    "text/plain",  # plain-text sitemaps (one URL per line) are allowed by the protocol
)
ROBOTS_TYPES = ("text/plain",)

RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524})


def _default_content_types() -> dict[str, tuple[str, ...]]:
    return {
        "article": HTML_TYPES,
        "home": HTML_TYPES,
        "feed": FEED_TYPES,
        "sitemap": SITEMAP_TYPES,
        "robots": ROBOTS_TYPES,
    }


@dataclass(frozen=True)
class FetchPolicy:
    """Every knob of the crawler's manners and limits, in one place (times in seconds, sizes in bytes).

    Tests shrink the time-outs and delays; production uses the defaults.
    """

    user_agent: str = DEFAULT_USER_AGENT
    robots_agent: str = ROBOTS_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 120.0        # whole download of one response (guards against slow drip feeds)
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 3                    # extra attempts after the first one
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    max_retry_after: float = 120.0      # a longer Retry-After: record the failure, retry next night
    default_delay: float = 2.0          # between two requests to the same host
    max_concurrency: int = 4            # requests in flight over all hosts
    obey_robots: bool = True
    chunk_size: int = 64 * 1024
    content_types: dict[str, tuple[str, ...]] = field(default_factory=_default_content_types)


@dataclass
class FetchResult:
    """What one `fetch` call saw. `error` is None on success (including not-modified)."""

    url: str                                  # as requested
    final_url: str                            # after redirects (or the refused hop, for off_domain etc.)
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)  # response headers, lower-case names
    body: bytes | None = None                 # content-decoded (gzip undone), None on error / 304
    content_type: str | None = None           # media type only, lower case ("text/html")
    charset: str | None = None                # declared or sniffed; the body stays raw bytes
    elapsed_ms: int = 0
    bytes: int = 0
    not_modified: bool = False                # 304, or 200 with the same sha256 as last time
    error: str | None = None
    attempts: int = 0
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None
    fetched_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    kind: str = "article"

    @property
    def ok(self) -> bool:
        return self.error is None

    def log_row(self) -> dict[str, Any]:
        """The flat fields for the `fetches` table (no body, no headers)."""
        d = asdict(self)
        d.pop("body")
        d.pop("headers")
        return d


@runtime_checkable
class Fetcher(Protocol):
    """Anything that fetches a URL the crawler's way. Never raises for network/HTTP problems."""

    def fetch(
        self,
        url: str,
        *,
        kind: str = "article",
        etag: str | None = None,
        last_modified: str | None = None,
        previous_sha256: str | None = None,
        allowed_domains: list[str] | tuple[str, ...] | None = None,
    ) -> FetchResult: ...


# ---------------------------------------------------------------------------------------------- helpers

def host_of(url: str) -> str:
    """Lower-case host name without port (the unit of politeness)."""
    return (urlsplit(url).hostname or "").lower().rstrip(".")


def domain_allowed(url: str, allowed_domains: list[str] | tuple[str, ...] | None) -> bool:
    """Suffix match of the URL's host on the allowed domains (``example.com`` allows ``www.example.com``)."""
    if not allowed_domains:
        return True
    host = host_of(url)
    for d in allowed_domains:
        d = d.lower().strip().lstrip(".").rstrip(".")
        if d.startswith("www."):
            d = d[4:]
        if host == d or host.endswith("." + d):
            return True
    return False


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """``"text/html; charset=UTF-8"`` → ``("text/html", "utf-8")``."""
    if not value:
        return None, None
    parts = value.split(";")
    media = parts[0].strip().lower() or None
    charset = None
    for p in parts[1:]:
        k, _, v = p.partition("=")
        if k.strip().lower() == "charset":
            charset = v.strip().strip("'\"").lower() or None
    return media, _valid_charset(charset)


def _valid_charset(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name.lower()


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.\-]+)["']""", re.I)


def sniff_charset(body: bytes | None, header_charset: str | None = None) -> str | None:
    """Header charset, else a BOM, ``<meta charset>`` / http-equiv, XML declaration, else charset_normalizer."""
    if header_charset:
        return header_charset
    if not body:
        return None
    if body.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = body[:8192]
    for rx in (_XML_DECL, _META_CHARSET):
        m = rx.search(head)
        if m:
            cs = _valid_charset(m.group(1).decode("ascii", "ignore"))
            if cs:
                return cs
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(body[:200_000]).best()
        if best is not None:
            return _valid_charset(best.encoding)
    except Exception:  # pragma: no cover - charset_normalizer is a requests dependency
        pass
    return None


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds from now: delta-seconds or an HTTP date; None when absent/unparseable."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now_ts = time.time() if now is None else now
    return max(0.0, when.timestamp() - now_ts)


def _content_type_ok(policy: FetchPolicy, kind: str, media: str | None, body_head: bytes) -> bool:
    allowed = policy.content_types.get(kind)
    if allowed is None:  # unknown kind: no check
        return True
    if media is None:  # no header: sniff what kind of document it looks like
        head = body_head[:1024].lstrip().lower()
        if kind in ("article", "home"):
            return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head
        return True
    if media in allowed:
        return True
    if kind in ("feed", "sitemap") and (media.endswith("+xml") or media.endswith("/xml")):
        return True
    return False


def _sha256(body: bytes | None) -> str | None:
    return hashlib.sha256(body).hexdigest() if body is not None else None


# ---------------------------------------------------------------------------------------------- live

class _HopError(Exception):
    """Internal: a fetch attempt ended with an error code (possibly retryable)."""

    def __init__(self, code: str, *, retryable: bool = False, status: int | None = None,
                 retry_after: float | None = None, final_url: str | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(code)
        self.code = code
        self.retryable = retryable
        self.status = status
        self.retry_after = retry_after
        self.final_url = final_url
        self.headers = headers or {}


class LiveFetcher:
    """The real web: robots.txt, politeness, bounded redirects/size/time, retries, conditional GET.

    Thread-safe: the flow may call `fetch` from several threads; the semaphore caps requests in flight and
    a per-host "next allowed time" (reserved under a lock) spaces requests to one host by its delay, which is
    max(policy.default_delay, per-host override from sources.toml, robots.txt Crawl-delay).
    """

    def __init__(self, policy: FetchPolicy | None = None, *, host_delays: dict[str, float] | None = None,
                 session: requests.Session | None = None, sleep: Callable[[float], None] = time.sleep):
        self.policy = policy or FetchPolicy()
        self.session = session or requests.Session()
        self.session.headers.update({
            "User-Agent": self.policy.user_agent,
            "Accept-Language": "id,en;q=0.8",
            "Accept-Encoding": "gzip, deflate",
        })
        self._sleep = sleep
        self._lock = threading.Lock()
        self._sem = threading.BoundedSemaphore(max(1, self.policy.max_concurrency))
        self._next_allowed: dict[str, float] = {}
        self._host_delays: dict[str, float] = {k.lower(): v for k, v in (host_delays or {}).items()}
        self._robots: dict[str, tuple[Protego | None, str, FetchResult]] = {}  # origin -> (parser, mode, result)
        self._robots_locks: dict[str, threading.Lock] = {}

    # ---- configuration
    def set_host_delay(self, host: str, seconds: float) -> None:
        """Per-host delay (e.g. a source's `delay` in sources.toml); the larger of this and Crawl-delay wins."""
        with self._lock:
            self._host_delays[host.lower()] = float(seconds)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> "LiveFetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- politeness
    def _delay_for(self, url: str) -> float:
        host = host_of(url)
        delay = self._host_delays.get(host, self.policy.default_delay)
        origin = _origin(url)
        entry = self._robots.get(origin)
        if entry and entry[0] is not None:
            try:
                cd = entry[0].crawl_delay(self.policy.robots_agent)
            except Exception:
                cd = None
            if cd:
                delay = max(delay, float(cd))
        return delay

    def _wait_turn(self, url: str) -> None:
        """Reserve the next slot for this host and sleep until it (slots are spaced by the host's delay)."""
        host = host_of(url)
        delay = self._delay_for(url)
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_allowed.get(host, 0.0))
            self._next_allowed[host] = slot + delay
        if slot > now:
            self._sleep(slot - now)

    # ---- robots.txt (RFC 9309)
    def robots(self, url: str) -> FetchResult:
        """The robots.txt fetch for the URL's origin (cached per fetcher)."""
        return self._robots_entry(url)[2]

    def _robots_entry(self, url: str) -> tuple[Protego | None, str, FetchResult]:
        origin = _origin(url)
        with self._lock:
            if origin in self._robots:
                return self._robots[origin]
            olock = self._robots_locks.setdefault(origin, threading.Lock())
        with olock:
            if origin in self._robots:
                return self._robots[origin]
            res = self._fetch_inner(origin + "/robots.txt", kind="robots", allowed_domains=None,
                                    etag=None, last_modified=None, previous_sha256=None, check_robots=False)
            if res.status is not None and 200 <= res.status < 300 and res.body is not None:
                text = res.body.decode(res.charset or "utf-8", "replace")
                try:
                    parser: Protego | None = Protego.parse(text)
                    mode = "parsed"
                except Exception:
                    parser, mode = None, "allow_all"
            elif res.status is not None and 400 <= res.status < 500 and res.status != 429:
                parser, mode = None, "allow_all"      # "unavailable": crawl freely
            elif res.error in ("bad_content_type", "too_large"):
                parser, mode = None, "allow_all"      # not a robots.txt: treat as unavailable
            else:
                parser, mode = None, "disallow_all"   # 5xx / 429 / unreachable: assume complete disallow
            entry = (parser, mode, res)
            with self._lock:
                self._robots[origin] = entry
            if parser is not None:  # the robots.txt request itself counts: space the next one by Crawl-delay
                host = host_of(url)
                delay = self._delay_for(url)
                with self._lock:
                    self._next_allowed[host] = max(self._next_allowed.get(host, 0.0), time.monotonic() + delay)
            return entry

    def robots_fetches(self) -> list[FetchResult]:
        """The robots.txt requests this fetcher made (one per origin), for the crawl log."""
        with self._lock:
            return [entry[2] for entry in self._robots.values()]

    def allowed_by_robots(self, url: str) -> bool:
        if not self.policy.obey_robots:
            return True
        if urlsplit(url).path == "/robots.txt":
            return True
        parser, mode, _ = self._robots_entry(url)
        if mode == "allow_all":
            return True
        if mode == "disallow_all" or parser is None:
            return False
        return bool(parser.can_fetch(url, self.policy.robots_agent))

    # ---- fetching
    def fetch(self, url: str, *, kind: str = "article", etag: str | None = None,
              last_modified: str | None = None, previous_sha256: str | None = None,
              allowed_domains: list[str] | tuple[str, ...] | None = None) -> FetchResult:
        """Fetch one URL. Never raises for network/HTTP problems (see `FetchResult.error`)."""
        try:
            if kind == "robots" and urlsplit(url).path == "/robots.txt" and _scheme_ok(url):
                if not domain_allowed(url, allowed_domains):
                    return FetchResult(url=url, final_url=url, error="off_domain", kind=kind)
                cached = self._robots_entry(url)[2]
                return replace(cached, url=url)
            return self._fetch_inner(url, kind=kind, etag=etag, last_modified=last_modified,
                                     previous_sha256=previous_sha256, allowed_domains=allowed_domains,
                                     check_robots=True)
        except Exception as exc:  # a bug or an exotic error must not kill the run: record it
            return FetchResult(url=url, final_url=url, error=f"internal:{type(exc).__name__}", kind=kind)

    def _fetch_inner(self, url: str, *, kind: str, etag: str | None, last_modified: str | None,
                     previous_sha256: str | None, allowed_domains: Any, check_robots: bool) -> FetchResult:
        started = time.monotonic()
        result = FetchResult(url=url, final_url=url, kind=kind)
        pre = self._precheck(url, allowed_domains, check_robots)
        if pre:
            result.error = pre
            return result
        attempt = 0
        while True:
            attempt += 1
            result.attempts = attempt
            try:
                resp_info = self._attempt(url, kind, etag, last_modified, allowed_domains, check_robots)
            except _HopError as err:
                result.error = err.code
                result.status = err.status
                result.final_url = err.final_url or url
                result.headers = err.headers
                if not err.retryable:
                    break
                if err.retry_after is not None and err.retry_after > self.policy.max_retry_after:
                    result.error = "retry_after_too_long"
                    break
                if attempt > self.policy.retries:
                    break
                self._sleep(self._backoff(attempt, err.retry_after))
                continue
            # success
            status, final_url, headers, body, media, charset = resp_info
            result.error = None
            result.status = status
            result.final_url = final_url
            result.headers = headers
            result.content_type = media
            result.etag = headers.get("etag") or (etag if status == 304 else None)
            result.last_modified = headers.get("last-modified") or (last_modified if status == 304 else None)
            if status == 304:
                result.not_modified = True
                result.sha256 = previous_sha256
            else:
                result.body = body
                result.bytes = len(body or b"")
                result.sha256 = _sha256(body)
                result.charset = sniff_charset(body, charset)
                if previous_sha256 and result.sha256 == previous_sha256:
                    result.not_modified = True
            break
        result.elapsed_ms = int((time.monotonic() - started) * 1000)
        return result

    def _precheck(self, url: str, allowed_domains: Any, check_robots: bool) -> str | None:
        if not _scheme_ok(url):
            return "bad_scheme"
        if not domain_allowed(url, allowed_domains):
            return "off_domain"
        if check_robots and not self.allowed_by_robots(url):
            rob = self._robots_entry(url)
            if rob[1] == "disallow_all" and rob[2].error in ("connection", "timeout"):
                return rob[2].error  # host unreachable: say so (it is retried next night either way)
            return "robots_disallowed"
        return None

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        p = self.policy
        wait = min(p.backoff_max, p.backoff_base * (2 ** (attempt - 1)))
        wait = wait * (0.5 + random.random() / 2)  # jitter: 50-100 % of the exponential step
        if retry_after is not None:
            wait = max(wait, retry_after)
        return wait

    def _attempt(self, url: str, kind: str, etag: str | None, last_modified: str | None,
                 allowed_domains: Any, check_robots: bool
                 ) -> tuple[int, str, dict[str, str], bytes | None, str | None, str | None]:
        """One attempt: follow redirects by hand, checking each hop; read the body bounded."""
        p = self.policy
        current = url
        seen = {_loop_key(url)}
        hops = 0
        while True:
            headers: dict[str, str] = {}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            self._wait_turn(current)
            with self._sem:
                try:
                    resp = self.session.get(current, headers=headers, stream=True, allow_redirects=False,
                                            timeout=(p.connect_timeout, p.read_timeout))
                except requests.exceptions.Timeout:
                    raise _HopError("timeout", retryable=True, final_url=current)
                except (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError):
                    raise _HopError("connection", retryable=True, final_url=current)
                except (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
                        requests.exceptions.MissingSchema):
                    raise _HopError("bad_scheme", final_url=current)
                try:
                    rheaders = {k.lower(): v for k, v in resp.headers.items()}
                    status = resp.status_code
                    if status in (301, 302, 303, 307, 308) and "location" in rheaders:
                        nxt = urljoin(current, rheaders["location"].strip())
                        nxt = urlunsplit(urlsplit(nxt)._replace(fragment=""))
                        hops += 1
                        if _loop_key(nxt) in seen:
                            raise _HopError("redirect_loop", status=status, final_url=nxt, headers=rheaders)
                        if hops > p.max_redirects:
                            raise _HopError("too_many_redirects", status=status, final_url=nxt,
                                            headers=rheaders)
                        err = self._precheck(nxt, allowed_domains, check_robots)
                        if err:
                            raise _HopError(err, status=status, final_url=nxt, headers=rheaders)
                        seen.add(_loop_key(nxt))
                        current = nxt
                        continue
                    if status == 304:
                        return status, current, rheaders, None, None, None
                    if status >= 400:
                        raise _HopError(
                            f"http_{status}", retryable=status in RETRYABLE_STATUS, status=status,
                            retry_after=parse_retry_after(rheaders.get("retry-after")), final_url=current,
                            headers=rheaders)
                    media, charset = parse_content_type(rheaders.get("content-type"))
                    clen = rheaders.get("content-length", "")
                    if clen.isdigit() and int(clen) > p.max_bytes and "content-encoding" not in rheaders:
                        raise _HopError("too_large", status=status, final_url=current, headers=rheaders)
                    if media is not None and not _content_type_ok(p, kind, media, b""):
                        raise _HopError("bad_content_type", status=status, final_url=current,
                                        headers=rheaders)
                    body = self._read_bounded(resp, current, status, rheaders)
                    if media is None and not _content_type_ok(p, kind, None, body):
                        raise _HopError("bad_content_type", status=status, final_url=current,
                                        headers=rheaders)
                    return status, current, rheaders, body, media, charset
                finally:
                    resp.close()

    def _read_bounded(self, resp: requests.Response, url: str, status: int,
                      headers: dict[str, str]) -> bytes:
        """Stream the body; stop at max_bytes (decoded size, so gzip bombs are caught) or total_timeout."""
        p = self.policy
        deadline = time.monotonic() + p.total_timeout
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in resp.iter_content(chunk_size=p.chunk_size):
                size += len(chunk)
                if size > p.max_bytes:
                    raise _HopError("too_large", status=status, final_url=url, headers=headers)
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise _HopError("timeout", retryable=True, status=status, final_url=url, headers=headers)
        except requests.exceptions.ConnectionError as exc:
            code = "timeout" if "timed out" in str(exc).lower() or "timeout" in repr(exc).lower() else "connection"
            raise _HopError(code, retryable=True, status=status, final_url=url, headers=headers)
        except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError):
            raise _HopError("connection", retryable=True, status=status, final_url=url, headers=headers)
        except requests.exceptions.Timeout:
            raise _HopError("timeout", retryable=True, status=status, final_url=url, headers=headers)
        return b"".join(chunks)


def _scheme_ok(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc.lower(), "", "", ""))


def _loop_key(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))


# ---------------------------------------------------------------------------------------------- recorded

class RecordedFetcher:
    """Replays responses recorded on disk, so flows and tests run offline with no server at all.

    Layout of `directory`::

        index.json          {"<requested url>": {"final_url", "status", "headers", "content_type", "charset",
                              "error", "etag", "last_modified", "sha256", "body": "bodies/<sha256>" | null,
                              "kind"}, ...}
        bodies/<sha256>     raw response bodies (bytes as received)

    Hand-written fixtures only need `status`, `content_type` and `body` per URL. Conditional requests are
    honoured: a matching `etag` or `previous_sha256` gives a not-modified result. A URL not in the index gives
    `error="not_recorded"`. robots.txt is not re-checked (the recording fetcher did that when it recorded).
    """

    def __init__(self, directory: str | os.PathLike[str]):
        self.directory = Path(directory)
        index = self.directory / "index.json"
        self._index: dict[str, dict[str, Any]] = json.loads(index.read_text("utf-8")) if index.exists() else {}

    def fetch(self, url: str, *, kind: str = "article", etag: str | None = None,
              last_modified: str | None = None, previous_sha256: str | None = None,
              allowed_domains: list[str] | tuple[str, ...] | None = None) -> FetchResult:
        res = FetchResult(url=url, final_url=url, kind=kind, attempts=1)
        if not _scheme_ok(url):
            res.error = "bad_scheme"
            return res
        if not domain_allowed(url, allowed_domains):
            res.error = "off_domain"
            return res
        entry = self._index.get(url)
        if entry is None:
            res.error = "not_recorded"
            return res
        res.final_url = entry.get("final_url") or url
        res.status = entry.get("status")
        res.headers = dict(entry.get("headers") or {})
        res.content_type = entry.get("content_type")
        res.error = entry.get("error")
        res.etag = entry.get("etag")
        res.last_modified = entry.get("last_modified")
        if res.error:
            return res
        body_rel = entry.get("body")
        body = (self.directory / body_rel).read_bytes() if body_rel else None
        res.sha256 = _sha256(body)
        if (etag and res.etag and etag == res.etag) or (
                last_modified and res.last_modified and last_modified == res.last_modified):
            res.status, res.not_modified, res.sha256 = 304, True, previous_sha256 or res.sha256
            return res
        res.body = body
        res.bytes = len(body or b"")
        res.charset = entry.get("charset") or sniff_charset(body, parse_content_type(
            res.headers.get("content-type"))[1])
        if previous_sha256 and previous_sha256 == res.sha256:
            res.not_modified = True
        return res


class RecordingFetcher:
    """Wraps a fetcher and records every result in the `RecordedFetcher` layout (index rewritten atomically).

    Not-modified results without a body are not recorded over an existing entry.
    """

    def __init__(self, inner: Fetcher, directory: str | os.PathLike[str]):
        self.inner = inner
        self.directory = Path(directory)
        (self.directory / "bodies").mkdir(parents=True, exist_ok=True)
        index = self.directory / "index.json"
        self._index: dict[str, dict[str, Any]] = json.loads(index.read_text("utf-8")) if index.exists() else {}
        self._lock = threading.Lock()

    def fetch(self, url: str, **kwargs: Any) -> FetchResult:
        res = self.inner.fetch(url, **kwargs)
        if res.not_modified and res.body is None and url in self._index:
            return res
        body_rel = None
        if res.body is not None:
            body_rel = f"bodies/{res.sha256}"
            path = self.directory / body_rel
            if not path.exists():
                path.write_bytes(res.body)
        entry = {
            "final_url": res.final_url, "status": res.status, "headers": res.headers,
            "content_type": res.content_type, "charset": res.charset, "error": res.error, "etag": res.etag,
            "last_modified": res.last_modified, "sha256": res.sha256, "body": body_rel, "kind": res.kind,
        }
        with self._lock:
            self._index[url] = entry
            tmp = self.directory / "index.json.tmp"
            tmp.write_text(json.dumps(self._index, indent=1, ensure_ascii=False, sort_keys=True), "utf-8")
            os.replace(tmp, self.directory / "index.json")
        return res
