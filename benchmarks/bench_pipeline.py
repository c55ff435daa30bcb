"""Benchmark the whole nightly pipeline on a synthetic news site served on 127.0.0.1.

N article pages are made from the seed articles with other region names swapped in; the nightly flow
(real Prefect, real HTTP, real WARC and DuckDB) crawls them twice: a first run that downloads, archives,
extracts and loads everything, and a second run that should cost only 304s. Prints articles/s, bytes,
time per stage of the run and peak memory.

    .venv/bin/python benchmarks/bench_pipeline.py [N]
"""
from __future__ import annotations

import csv
import hashlib
import os
import re
import resource
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="bench-prefect-"))


def make_pages(n: int) -> dict[str, bytes]:
    """n article pages: the sample site's pages with the city swapped for another kota."""
    site = ROOT / "sample_site" / "site"
    templates = [p.read_text(encoding="utf-8") for p in sorted(site.glob("[0-9]*/*/*/*/index.html"))]
    with open(ROOT / "patterns" / "wilayah_kemendagri.csv", encoding="utf-8") as f:
        cities = [r["name"].removeprefix("Kota ") for r in csv.DictReader(f) if r["type"] == "kota"]
    pages = {}
    for i in range(n):
        city = cities[i % len(cities)]
        html = templates[i % len(templates)]
        for old in ("Bekasi", "Bandung", "Cimahi", "Bengkulu"):
            html = html.replace(old, city)
        path = f"/berita/{i:05d}/"
        html = re.sub(r'<link rel="canonical" href="[^"]*">', f'<link rel="canonical" href="{{{{BASE_URL}}}}{path}">', html)
        pages[path] = html.replace("{{BASE_URL}}", "{base}").encode("utf-8")
    return pages


def serve(pages: dict[str, bytes]) -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            if self.path == "/robots.txt":
                body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
            elif self.path == "/sitemap.xml":
                locs = "".join(f"<url><loc>{base}{p}</loc><lastmod>2025-01-09</lastmod></url>" for p in pages)
                body = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                        f"{locs}</urlset>").encode()
                ctype = "application/xml"
            elif self.path in pages:
                body, ctype = pages[self.path].replace(b"{base}", base.encode()), "text/html; charset=utf-8"
            else:
                self.send_response(404)
                self.end_headers()
                return
            etag = '"' + hashlib.sha1(body).hexdigest() + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    from prefect import flow

    from flows.nightly import nightly

    t0 = time.perf_counter()
    flow(lambda: None, name="warm-up")()
    print(f"Prefect temporary server start + first flow run: {time.perf_counter() - t0:.1f} s (not counted below)")

    pages = make_pages(n)
    httpd, base = serve(pages)
    data = Path(tempfile.mkdtemp(prefix="bench-data-"))
    sources = data / "sources.toml"
    sources.write_text(f"""[defaults]
delay = 0.0
max_articles = {n}
relevance_only = false
max_sitemaps = 2
sitemap_days = 100000

[[source]]
name = "bench"
home = "{base}/"
sitemaps = ["/sitemap.xml"]
allowed_domains = ["127.0.0.1"]
""", encoding="utf-8")
    total_bytes = sum(len(p) for p in pages.values())
    print(f"{n} articles, {total_bytes / 1e6:.1f} MB of HTML, served on {base}")
    for label in ("first run (download, archive, extract, load, publish)", "second run (unchanged site)"):
        t0 = time.perf_counter()
        summary = nightly(sources_file=str(sources), data_dir=str(data), fetch_policy={"max_concurrency": 4})
        dt = time.perf_counter() - t0
        print(f"{label}: {dt:.1f} s, {n / dt:.0f} articles/s; fetched={summary.get('fetched', 0)} "
              f"not_modified={summary.get('not_modified', 0)} claims_total={summary['claims_total']}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = sum(f.stat().st_size for f in data.rglob("*") if f.is_file()) / 1e6
    print(f"peak RSS {peak:.0f} MB; data dir {size:.1f} MB (WARC + work + published DuckDB)")
    httpd.shutdown()


if __name__ == "__main__":
    main()
