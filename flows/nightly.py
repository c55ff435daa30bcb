"""The nightly Prefect flow: discover → fetch → archive → extract → load → publish.

One task per source (not per article: a Prefect task run costs ~10 ms of bookkeeping), run concurrently on
Prefect's thread pool; one shared fetcher keeps the per-host delays and the global concurrency cap. The
flow's own thread is the only DuckDB writer: it loads each source's batch as soon as its task finishes,
then publishes the read-only snapshot analysts use.
"""
from __future__ import annotations

import dataclasses
import os
from collections import Counter
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE as NO_CACHE
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from extractors.archive import WarcArchive
from extractors.fetch import FetchPolicy, LiveFetcher, host_of
from extractors.sources import Defaults, Source, load_sources
from flows.pipeline import (CrawlOptions, SourceBatch, crawl_source, fetch_row, finish_run, load_batch,
                            start_run, sync_sources, url_states)
from warehouse.load import append
from warehouse.db import connect
from warehouse.paths import data_paths

DEFAULT_CRON = "0 2 * * *"          # 02:00 every night …
DEFAULT_TIMEZONE = "Asia/Jakarta"   # … Western Indonesian Time


@task(name="crawl-source", retries=1, retry_delay_seconds=5, cache_policy=NO_CACHE,
      task_run_name="crawl-{source.name}")
def crawl_source_task(source: Source, fetcher: LiveFetcher, archive: WarcArchive, states: dict[str, Any],
                      options: CrawlOptions, run_id: str) -> SourceBatch:
    """Discover and fetch one site. Network trouble is recorded in the batch; the retry is for bugs."""
    batch = crawl_source(source, fetcher=fetcher, archive=archive, states=states, options=options, run_id=run_id)
    get_run_logger().info("%s: %s", source.name, dict(batch.counts) or "nothing new")
    return batch


def options_for(source: Source, max_articles: int | None = None) -> CrawlOptions:
    """CrawlOptions of one source (sources.toml, [defaults] already applied), with a command-line override."""
    return CrawlOptions(max_articles=max_articles if max_articles is not None else source.max_articles,
                        fetch_non_topical=not source.relevance_only)


def policy_from(defaults: Defaults, overrides: dict[str, Any] | None = None) -> FetchPolicy:
    """FetchPolicy with the [defaults] delay; time-outs, size caps and retries keep their polite defaults
    unless the caller overrides them (tests shrink time-outs; a slow site may need longer ones)."""
    policy = FetchPolicy(default_delay=defaults.delay)
    if overrides:
        unknown = set(overrides) - {f.name for f in dataclasses.fields(FetchPolicy)}
        if unknown:
            raise ValueError(f"unknown fetch policy fields: {sorted(unknown)}")
        policy = dataclasses.replace(policy, **overrides)
    return policy


@flow(name="nightly", log_prints=True)
def nightly(sources_file: str = "sources.toml", data_dir: str | None = None, only: list[str] | None = None,
            max_articles: int | None = None, publish: bool = True,
            fetch_policy: dict[str, Any] | None = None) -> dict[str, Any]:
    """Crawl every source in `sources_file` once and publish the warehouse. Returns the run summary."""
    logger = get_run_logger()
    config = load_sources(Path(sources_file))
    sources = [s for s in config.sources if not only or s.name in set(only)]
    paths = data_paths(data_dir).ensure()
    policy = policy_from(config.defaults, fetch_policy)
    con = connect(paths.work_db)
    run_id = start_run(con, "nightly", str(flow_run.get_id() or "") or None)
    totals: Counter = Counter()
    errors: list[str] = []
    status = "failed"
    try:
        sync_sources(con, sources)
        states = {s.name: url_states(con, s.name) for s in sources}
        with LiveFetcher(policy) as fetcher:
            for s in sources:
                if s.delay is not None:
                    fetcher.set_host_delay(host_of(s.home), s.delay)
            archive = WarcArchive(paths.archive_dir)
            # quote(): Prefect would otherwise walk every URL state looking for upstream futures
            futures = [crawl_source_task.submit(s, quote(fetcher), quote(archive), quote(states[s.name]),
                                                options_for(s, max_articles), run_id)
                       for s in sources]
            for s, fut in zip(sources, futures):
                try:
                    batch = fut.result()
                except Exception as exc:  # a source whose task failed twice: recorded, the others go on
                    logger.error("source %s failed: %s", s.name, exc)
                    errors.append(f"{s.name}: {exc}")
                    totals["sources_failed"] += 1
                    continue
                load_batch(con, batch)
                totals.update(batch.counts)
                errors.extend(f"{s.name}: {e}" for e in batch.errors)
            append(con, "fetches", [fetch_row(r, run_id, kind="robots") for r in fetcher.robots_fetches()])
        status = "completed"
    finally:
        summary = {**summary_counts(con, run_id), **dict(totals), "sources": len(sources),
                   "errors": errors[:200]}
        finish_run(con, run_id, status, summary)
        if status != "completed":
            con.close()
    try:
        if publish:  # with the writer's own connection: no gap in which another writer could take the file
            from warehouse.publish import publish as publish_db

            publish_db(paths.work_db, paths.published_db, con=con)
    finally:
        con.close()
    logger.info("run %s: %s", run_id, {k: v for k, v in summary.items() if k != "errors"})
    return summary


def summary_counts(con: Any, run_id: str) -> dict[str, int]:
    """What the warehouse holds after the run, and what this run's fetches did."""
    one = lambda sql, *p: con.execute(sql, list(p)).fetchone()[0]  # noqa: E731
    return {
        "articles_total": one("SELECT count(*) FROM articles"),
        "claims_total": one("SELECT count(*) FROM claims"),
        "requests": one("SELECT count(*) FROM fetches WHERE run_id = ?", run_id),
        "requests_failed": one("SELECT count(*) FROM fetches WHERE run_id = ? AND error IS NOT NULL", run_id),
        "not_modified": one("SELECT count(*) FROM fetches WHERE run_id = ? AND not_modified", run_id),
    }


def serve(cron: str = DEFAULT_CRON, timezone: str = DEFAULT_TIMEZONE, sources_file: str = "sources.toml",
          data_dir: str | None = None, name: str = "spbe-nightly") -> None:
    """Register the nightly deployment with its schedule on the Prefect server in PREFECT_API_URL and
    run flows when they are due (blocks). Needs `prefect server start` (the embedded server has no scheduler)."""
    from prefect.schedules import Cron

    params: dict[str, Any] = {"sources_file": str(Path(sources_file).resolve())}
    if data_dir:
        params["data_dir"] = str(Path(data_dir).resolve())
    nightly.serve(name=name, schedules=[Cron(cron, timezone=timezone)], parameters=params,
                  description="spbe-claims nightly crawl", tags=["spbe"])


def prefect_defaults() -> None:
    """Quiet, local Prefect defaults for the command line (an explicit environment wins)."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
