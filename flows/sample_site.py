"""Serve the bundled sample news site (sample_site/site) on 127.0.0.1 so `make run` crawls a real HTTP site.

Behaves like a well-kept WordPress host: robots.txt, an RSS feed at /feed/, a sitemap, strong ETags and
Last-Modified, 304 on If-None-Match / If-Modified-Since, so the second crawl downloads no body again.
`{{BASE_URL}}` in the files is replaced with the address the server listens on.
"""
from __future__ import annotations

import hashlib
import threading
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

SITE_DIR = Path(__file__).resolve().parent.parent / "sample_site" / "site"
LAST_MODIFIED = 1735689600  # 2025-01-01T00:00:00Z: the sample never changes
TYPES = {".html": "text/html; charset=utf-8", ".xml": "application/rss+xml; charset=utf-8",
         ".txt": "text/plain; charset=utf-8"}


def _resolve(root: Path, path: str) -> Path | None:
    """Map a URL path to a file: /a/b/ → a/b/index.html, /feed/ → feed/index.xml; None if outside root."""
    rel = urlsplit(path).path.lstrip("/")
    target = (root / rel).resolve()
    if root not in target.parents and target != root:
        return None
    if target.is_dir():
        for name in ("index.html", "index.xml"):
            if (target / name).is_file():
                return target / name
        return None
    return target if target.is_file() else None


class SampleHandler(BaseHTTPRequestHandler):
    server_version = "SampleNews/1.0"
    root: Path = SITE_DIR
    base_url: str = ""
    requests_log: list[tuple[str, int]]  # (path, status), shared per server

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        target = _resolve(self.root, self.path)
        if target is None:
            self._send(404, b"not found", "text/plain")
            return
        body = target.read_bytes().replace(b"{{BASE_URL}}", self.base_url.encode())
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        if self.headers.get("If-None-Match") == etag or self._not_modified_since():
            self._send(304, b"", None, etag)
            return
        ctype = TYPES.get(target.suffix, "application/octet-stream")
        self._send(200, body, ctype, etag)

    def _not_modified_since(self) -> bool:
        ims = self.headers.get("If-Modified-Since")
        if not ims or self.headers.get("If-None-Match"):
            return False
        try:
            return parsedate_to_datetime(ims).timestamp() >= LAST_MODIFIED
        except (TypeError, ValueError):
            return False

    def _send(self, status: int, body: bytes, ctype: str | None, etag: str | None = None) -> None:
        self.requests_log.append((self.path, status))
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        if etag:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", formatdate(LAST_MODIFIED, usegmt=True))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - keep the console quiet
        pass


class SampleSite:
    """A running sample site: `with SampleSite() as site: crawl(site.base_url)`."""

    def __init__(self, root: Path = SITE_DIR, host: str = "127.0.0.1", port: int = 0) -> None:
        self.log: list[tuple[str, int]] = []
        handler = type("Handler", (SampleHandler,), {"root": root.resolve(), "requests_log": self.log})
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.base_url = f"http://{host}:{self.httpd.server_address[1]}"
        handler.base_url = self.base_url
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "SampleSite":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def article_paths(self) -> list[str]:
        """URL paths of the sample's articles (from the files, not from the crawl)."""
        root = self.httpd.RequestHandlerClass.root  # type: ignore[attr-defined]
        return sorted("/" + str(p.parent.relative_to(root)) + "/" for p in root.glob("[0-9]*/*/*/*/index.html"))


SAMPLE_SOURCES = """# Written by `spbe sample`: the bundled sample site, served on {base_url}
[defaults]
delay = 0.05
max_articles = 50
relevance_only = false   # a small site: fetch every article, keep those without claims too

[[source]]
name = "sample"
home = "{base_url}/"
feeds = ["/feed/"]
sitemaps = ["/sitemap.xml"]
allowed_domains = ["127.0.0.1"]
verified = true
notes = "Bundled sample news site made from the five seed articles (sample_site/)."
"""


def write_sample_sources(path: Path, base_url: str) -> Path:
    """A sources file pointing at a running sample site."""
    path.write_text(SAMPLE_SOURCES.format(base_url=base_url), encoding="utf-8")
    return path
