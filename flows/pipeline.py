"""The pipeline's steps as plain functions: plan → fetch → archive → extract → load.

Prefect (flows/nightly.py) only orchestrates these; `spbe crawl` and `spbe reextract` call them directly.
Everything one source produced in a run travels as one `SourceBatch` and is loaded in ONE transaction,
after its bodies are durable in the WARC archive: a crash leaves either the whole batch or none of it,
and the next run redoes what is missing (loading is idempotent), so a re-run after a crash ends with the
same rows as an uninterrupted run.
"""
from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterable
from urllib.parse import urlsplit

import duckdb
import pyarrow as pa

from extractors.archive import WarcArchive, read_record
from extractors.canonical import canonical_url
from extractors.article import read_article
from extractors.claims import EXTRACTOR_VERSION
from extractors.discover import Discovered, discover_source
from extractors.fetch import FetchPolicy, Fetcher, FetchResult, LiveFetcher
from extractors.sources import Source
from warehouse.db import connect
from warehouse.load import append, article_id, claim_rows, replace_claims, upsert
from warehouse.paths import data_paths
from warehouse.publish import publish

log = logging.getLogger("spbe.pipeline")


@dataclass
class CrawlOptions:
    """What one run may do per source (from sources.toml [defaults], overridable on the command line)."""

    max_articles: int = 100          # article fetches per source per run (new + re-checks)
    fetch_non_topical: bool = False  # fetch URLs the prefilter scores 0 (small sites, the sample)
    min_relevance: float = 0.0       # URLs scoring <= this are non-topical
    recheck_days: int = 7            # re-check (conditionally) articles first seen this recently
    retry_hours: float = 20.0        # a failed URL waits this long, doubling per attempt
    max_attempts: int = 5            # then it is left alone (state stays 'failed')


@dataclass
class SourceBatch:
    """Everything one source produced in a run: loaded in one transaction."""

    source: str
    fetches: list[dict[str, Any]] = field(default_factory=list)
    urls: list[dict[str, Any]] = field(default_factory=list)
    pages: list[dict[str, Any]] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)
    claims: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


# ---------------------------------------------------------------------------------------------- state


def url_states(con: duckdb.DuckDBPyConnection, source: str | None = None) -> dict[str, dict[str, Any]]:
    """The crawl state of every known URL (of one source), joined with when its article was first seen."""
    sql = ("SELECT u.*, a.first_seen AS article_first_seen, a.last_fetched AS article_last_fetched "
           "FROM urls u LEFT JOIN articles a ON a.url = u.url")
    params: list[Any] = []
    if source is not None:
        sql += " WHERE u.source = ?"
        params.append(source)
    cur = con.execute(sql, params)
    cols = [d[0] for d in cur.description]
    return {row[0]: dict(zip(cols, row)) for row in cur.fetchall()}


def _url_row(prev: dict[str, Any] | None, **updates: Any) -> dict[str, Any]:
    """A full `urls` row: the previous values, overwritten by what this run learned."""
    keep = ("url", "source", "discovered_via", "discovered_at", "lastmod", "hint_title", "relevance", "state",
            "attempts", "last_error", "next_attempt_at", "etag", "last_modified", "body_sha256")
    row = {k: (prev or {}).get(k) for k in keep}
    row.update({k: v for k, v in updates.items() if k in keep})
    return row


# ---------------------------------------------------------------------------------------------- plan


def plan(discovered: Iterable[Discovered], states: dict[str, dict[str, Any]], options: CrawlOptions,
         when: datetime) -> tuple[list[Discovered], list[Discovered]]:
    """Split discovered URLs into (to fetch now, ordered) and (to only remember).

    Fetched first: new topical URLs, then failed ones whose retry time has come, then recent articles
    to re-check with a conditional GET (costs a 304, not a body). Non-topical URLs are remembered but not
    fetched unless the source asks for it.
    """
    new, retry, recheck, remember = [], [], [], []
    for d in discovered:
        st = states.get(d.url)
        score = d.relevance
        topical = score > options.min_relevance or options.fetch_non_topical
        if st is None or st.get("state") in (None, "pending", "skipped"):
            (new if topical else remember).append((score, d))
        elif st["state"] == "failed":
            due = _aware(st.get("next_attempt_at"))
            if (st.get("attempts") or 0) < options.max_attempts and (due is None or due <= when):
                retry.append((score, d))
            else:
                remember.append((score, d))
        else:  # fetched
            seen = _aware(st.get("article_first_seen") or st.get("discovered_at"))
            changed = d.lastmod is not None and _aware(st.get("lastmod")) is not None and \
                _aware(d.lastmod) > _aware(st.get("lastmod"))
            recent = seen is not None and when - seen <= timedelta(days=options.recheck_days)
            (recheck if (changed or recent) else remember).append((score, d))

    def order(items: list[tuple[float, Discovered]]) -> list[Discovered]:
        stamp = lambda d: _aware(d.lastmod) or datetime.min.replace(tzinfo=timezone.utc)  # noqa: E731
        return [d for _, d in sorted(items, key=lambda x: (-x[0], -stamp(x[1]).timestamp(), x[1].url))]

    chosen = (order(new) + order(retry) + order(recheck))
    fetch_now, rest = chosen[: options.max_articles], chosen[options.max_articles:]
    return fetch_now, rest + [d for _, d in remember]


# ---------------------------------------------------------------------------------------------- process


def process_body(result: FetchResult, *, source: str | None, archive: WarcArchive, hint: Discovered | None,
                 when: datetime, first_seen: datetime | None = None
                 ) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
    """Archive a fetched body, extract its text and claims → (page row, article row, claim rows)."""
    assert result.body is not None
    canon = canonical_url(result.final_url or result.url, result.body)
    record = archive.store(result, canon)
    page = {"sha256": record.sha256, "url": canon, "final_url": result.final_url, "status": result.status,
            "content_type": result.content_type, "charset": result.charset, "bytes": result.bytes,
            "etag": result.etag, "last_modified": result.last_modified, "fetched_at": result.fetched_at,
            "warc_path": record.warc_path, "warc_offset": record.warc_offset,
            "warc_record_id": record.warc_record_id}
    fallback = _aware(hint.lastmod).date() if hint is not None and hint.lastmod is not None else None
    article, claims = extract_from_html(result.body, url=canon, charset=result.charset, fallback_date=fallback)
    article.update({"source": source, "page_sha256": record.sha256, "first_seen": first_seen or when,
                    "last_fetched": when})
    if fallback is not None and article["date_source"] == "none":
        article["date_source"] = "feed"
    return page, article, claim_rows(article["article_id"], claims, extracted_at=when)


def extract_from_html(body: bytes, *, url: str, charset: str | None = None,
                      fallback_date: date | None = None) -> tuple[dict[str, Any], list]:
    """The `articles` row and claims of one page (crawl and `spbe reextract`; `spbe verify` runs the same
    extractors.article.read_article)."""
    art, relevant, claims = read_article(body, url=url, charset=charset, fallback_date=fallback_date)
    text = art.text or ""
    row = {"article_id": article_id(url), "url": url, "title": art.title, "author": art.author,
           "sitename": art.sitename, "published": art.published, "date_source": art.date_source, "text": text,
           "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(), "relevant": relevant,
           "extractor_version": EXTRACTOR_VERSION}
    return row, claims


def fetch_and_process(urls: list[Discovered], *, source: Source | None, source_name: str | None,
                      fetcher: Fetcher, archive: WarcArchive, states: dict[str, dict[str, Any]],
                      options: CrawlOptions, run_id: str, batch: SourceBatch) -> None:
    """Fetch each URL (conditionally when we have validators), archive and extract; record every outcome."""
    allowed = list(source.allowed_domains) if source is not None and source.allowed_domains else None
    for d in urls:
        st = states.get(d.url)
        when = now_utc()
        try:
            res = fetcher.fetch(d.url, kind="article", etag=(st or {}).get("etag"),
                                last_modified=(st or {}).get("last_modified"),
                                previous_sha256=(st or {}).get("body_sha256"), allowed_domains=allowed)
        except Exception as exc:  # a fetcher bug must not end the run: record it like a network failure
            log.exception("fetch crashed for %s", d.url)
            res = FetchResult(url=d.url, final_url=d.url, error=f"crash: {type(exc).__name__}: {exc}"[:500])
        batch.fetches.append(fetch_row(res, run_id, kind="article"))
        base = dict(source=source_name, discovered_via=(st or {}).get("discovered_via") or d.via,
                    discovered_at=(st or {}).get("discovered_at") or when, lastmod=d.lastmod or (st or {}).get("lastmod"),
                    hint_title=d.title or (st or {}).get("hint_title"),
                    relevance=d.relevance)
        if res.error:
            attempts = ((st or {}).get("attempts") or 0) + 1
            wait = timedelta(hours=options.retry_hours * 2 ** (attempts - 1))
            batch.urls.append(_url_row(st, url=d.url, state="failed", attempts=attempts, last_error=res.error,
                                       next_attempt_at=when + wait, **base))
            batch.counts["failed"] += 1
            batch.errors.append(f"{d.url}: {res.error}")
            continue
        if res.not_modified:
            batch.urls.append(_url_row(st, url=d.url, state="fetched", last_error=None, next_attempt_at=None,
                                       **base))
            batch.counts["not_modified"] += 1
            continue
        try:
            page, article, claims = process_body(res, source=source_name, archive=archive, hint=d, when=when,
                                                 first_seen=_aware((st or {}).get("article_first_seen")))
        except Exception as exc:  # a page that breaks extraction is recorded, the run goes on
            log.exception("processing failed for %s", d.url)
            batch.urls.append(_url_row(st, url=d.url, state="failed", attempts=((st or {}).get("attempts") or 0) + 1,
                                       last_error=f"extract: {type(exc).__name__}: {exc}"[:500],
                                       next_attempt_at=when + timedelta(hours=options.retry_hours), **base))
            batch.counts["failed"] += 1
            batch.errors.append(f"{d.url}: extract: {exc}")
            continue
        batch.pages.append(page)
        batch.articles.append(article)
        batch.claims[article["article_id"]] = claims
        batch.urls.append(_url_row(st, url=d.url, state="fetched", attempts=0, last_error=None,
                                   next_attempt_at=None, etag=res.etag, last_modified=res.last_modified,
                                   body_sha256=res.sha256, **base))
        batch.counts["fetched"] += 1
        batch.counts["claims"] += len(claims)


def fetch_row(res: FetchResult, run_id: str, kind: str) -> dict[str, Any]:
    """One `fetches` row: the crawl's log of a request (loading keeps only the table's columns)."""
    return {**res.log_row(), "fetch_id": str(uuid.uuid4()), "run_id": run_id, "kind": kind}


def crawl_source(source: Source, *, fetcher: Fetcher, archive: WarcArchive, states: dict[str, dict[str, Any]],
                 options: CrawlOptions, run_id: str, since: datetime | None = None) -> SourceBatch:
    """Discover, then fetch/archive/extract one source. Never raises: problems end up in the batch."""
    batch = SourceBatch(source=source.name)
    when = now_utc()
    try:
        found = discover_source(source, fetcher, since)
    except Exception as exc:  # discovery is written not to raise; this is the last line of defence
        log.exception("discovery crashed for %s", source.name)
        batch.errors.append(f"discovery: {type(exc).__name__}: {exc}")
        return batch
    for res in found.fetches:
        batch.fetches.append(fetch_row(res, run_id, kind=res.kind))
    batch.errors.extend(found.errors)
    batch.counts["discovered"] = len(found.discovered)
    fetch_now, remember = plan(found.discovered, states, options, when)
    for d in remember:
        if d.url not in states:
            batch.urls.append(_url_row(None, url=d.url, source=source.name, discovered_via=d.via,
                                       discovered_at=when, lastmod=d.lastmod, hint_title=d.title,
                                       relevance=d.relevance, state="skipped",
                                       attempts=0))
    fetch_and_process(fetch_now, source=source, source_name=source.name, fetcher=fetcher, archive=archive,
                      states=states, options=options, run_id=run_id, batch=batch)
    return batch


# ---------------------------------------------------------------------------------------------- load


def load_batch(con: duckdb.DuckDBPyConnection, batch: SourceBatch) -> None:
    """Write one source's batch in one transaction (bulk, idempotent)."""
    con.execute("BEGIN TRANSACTION")
    try:
        append(con, "fetches", batch.fetches)
        upsert(con, "urls", batch.urls, ["url"])
        upsert(con, "pages", batch.pages, ["sha256"])
        upsert(con, "articles", batch.articles, ["article_id"])
        replace_claims(con, batch.claims, transaction=False)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def sync_sources(con: duckdb.DuckDBPyConnection, sources: Iterable[Source]) -> None:
    """Mirror sources.toml into the `sources` table."""
    when = now_utc()
    upsert(con, "sources", [{
        "source": s.name, "home_url": s.home, "feeds": list(s.feeds), "sitemaps": list(s.sitemaps),
        "search_feeds": list(s.search_feeds), "allowed_domains": list(s.allowed_domains),
        "delay_seconds": s.delay, "verified": s.verified, "updated_at": when} for s in sources], ["source"])


def start_run(con: duckdb.DuckDBPyConnection, kind: str, run_id: str | None = None) -> str:
    run_id = run_id or str(uuid.uuid4())
    upsert(con, "runs", [{"run_id": run_id, "kind": kind, "started_at": now_utc(), "status": "running"}],
           ["run_id"])
    return run_id


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, status: str, summary: dict[str, Any]) -> None:
    con.execute("UPDATE runs SET finished_at = ?, status = ?, summary = ? WHERE run_id = ?",
                [now_utc(), status, json.dumps(summary, default=str), run_id])


# ---------------------------------------------------------------------------------------------- reextract


def reextract(con: duckdb.DuckDBPyConnection, archive_dir, *, all_articles: bool = False,
              batch_size: int = 500) -> Counter:
    """Re-run text and claim extraction from the archived bytes (no network): new rules, old evidence.

    By default only articles extracted with another rule version; `all_articles` redoes every one.
    """
    counts: Counter = Counter()
    where = "" if all_articles else "WHERE a.extractor_version IS DISTINCT FROM ?"
    params = [] if all_articles else [EXTRACTOR_VERSION]
    rows = con.execute(
        "SELECT a.article_id, a.url, a.published, a.date_source, p.warc_path, p.warc_offset, p.charset "
        f"FROM articles a JOIN pages p ON p.sha256 = a.page_sha256 {where} ORDER BY a.article_id", params).fetchall()
    when = now_utc()
    for i in range(0, len(rows), batch_size):
        articles, claims = [], {}
        for aid, url, published, date_source, warc_path, offset, charset in rows[i:i + batch_size]:
            try:
                rec = read_record(archive_dir, warc_path, offset)
                if not rec.sha256_ok:
                    raise ValueError("archived body does not match its digest")
                fallback = published if date_source == "feed" else None
                article, found = extract_from_html(rec.body, url=url, charset=charset, fallback_date=fallback)
            except Exception as exc:  # a damaged archive entry is reported, the others go on
                log.error("reextract failed for %s: %s", url, exc)
                counts["failed"] += 1
                continue
            article["article_id"] = aid
            articles.append(article)
            claims[aid] = claim_rows(aid, found, extracted_at=when)
            counts["articles"] += 1
            counts["claims"] += len(found)
        con.execute("BEGIN TRANSACTION")
        try:
            _update_articles(con, articles)
            replace_claims(con, claims, transaction=False)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return counts


def _update_articles(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> None:
    """Refresh the extracted fields of known articles, keeping their crawl fields."""
    if not rows:
        return
    cols = ["article_id", "title", "author", "sitename", "published", "date_source", "text", "text_sha256",
            "relevant", "extractor_version"]
    upd = pa.table({c: [r.get(c) for r in rows] for c in cols})  # noqa: F841 - used by name below
    sets = ", ".join(f"{c} = upd.{c}" for c in cols[1:])
    con.execute(f"UPDATE articles SET {sets} FROM upd WHERE articles.article_id = upd.article_id")


# ---------------------------------------------------------------------------------------------- crawl URLs


def crawl_urls(urls: list[str], *, data_dir=None, source: str | None = None, delay: float = 2.0,
               fetcher: Fetcher | None = None) -> dict[str, Any]:
    """`spbe crawl URL…`: fetch, archive and extract the given articles now, load and publish.

    Each URL may only redirect within its own site; robots.txt and the per-host delay still apply.
    """
    paths = data_paths(data_dir).ensure()
    con = connect(paths.work_db)
    run_id = start_run(con, "crawl")
    own = fetcher is None
    fetcher = fetcher or LiveFetcher(FetchPolicy(default_delay=delay))
    batch = SourceBatch(source=source or "cli")
    archive = WarcArchive(paths.archive_dir)
    status = "failed"
    try:
        try:
            states = url_states(con)
            for raw in urls:
                url = canonical_url(raw)
                parts = urlsplit(url)
                host = (parts.hostname or "").removeprefix("www.")
                one = Discovered(url=url, source=source or host, via="cli")
                src = Source(name=source or host, home=f"{parts.scheme}://{parts.netloc}/",
                             allowed_domains=(host,)) if host else None
                fetch_and_process([one], source=src, source_name=source or host or None, fetcher=fetcher,
                                  archive=archive, states=states, options=CrawlOptions(max_articles=len(urls)),
                                  run_id=run_id, batch=batch)
            if hasattr(fetcher, "robots_fetches"):
                batch.fetches += [fetch_row(r, run_id, kind="robots") for r in fetcher.robots_fetches()]
            load_batch(con, batch)
            status = "completed"
        finally:
            summary = {**dict(batch.counts), "errors": batch.errors}
            finish_run(con, run_id, status, summary)
        publish(paths.work_db, paths.published_db, con=con)
    finally:
        if own and hasattr(fetcher, "close"):
            fetcher.close()
        con.close()
    return summary
