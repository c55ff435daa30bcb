"""Pipeline commands: `spbe run`, `spbe serve`, `spbe crawl`, `spbe reextract`, `spbe sample`."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

console = Console(width=None if Console().is_terminal else 140)

DataDir = typer.Option(None, "--data-dir", help="Data directory (default: $SPBE_DATA_DIR or ./data).")
SourcesFile = typer.Option(Path("sources.toml"), "--sources", help="The sources file (see README, 'Sources').")


def _summary_table(summary: dict) -> Table:
    table = Table(title="Run summary", show_header=False)
    for key, value in summary.items():
        if key != "errors":
            table.add_row(key, str(value))
    return table


def run(sources: Path = SourcesFile, data_dir: Optional[Path] = DataDir,
        only: Optional[list[str]] = typer.Option(None, "--source", help="Only these sources (repeatable)."),
        max_articles: Optional[int] = typer.Option(None, help="Article fetches per source in this run."),
        ) -> None:
    """Run the nightly flow once, now (Prefect starts a temporary local server when none is configured)."""
    from flows.nightly import nightly, prefect_defaults

    if not sources.is_file():
        console.print(f"[red]sources file not found: {sources}[/red]")
        raise typer.Exit(2)
    prefect_defaults()
    summary = nightly(sources_file=str(sources), data_dir=str(data_dir) if data_dir else None, only=only,
                      max_articles=max_articles)
    console.print(_summary_table(summary))
    for err in summary.get("errors", [])[:20]:
        console.print(f"[yellow]recorded failure:[/yellow] {err}")


def serve(cron: str = typer.Option("0 2 * * *", help="Cron expression of the nightly run."),
          timezone: str = typer.Option("Asia/Jakarta", help="Time zone of the cron expression."),
          sources: Path = SourcesFile, data_dir: Optional[Path] = DataDir,
          name: str = typer.Option("spbe-nightly", help="Deployment name.")) -> None:
    """Register the nightly schedule on a running Prefect server and run the crawls when due (blocks).

    Start the server first: `.venv/bin/prefect server start`, and point PREFECT_API_URL at it."""
    from flows.nightly import serve as serve_flow

    serve_flow(cron=cron, timezone=timezone, sources_file=str(sources),
               data_dir=str(data_dir) if data_dir else None, name=name)


def crawl(urls: list[str] = typer.Argument(..., help="Article URLs to fetch and process now."),
          data_dir: Optional[Path] = DataDir,
          source: Optional[str] = typer.Option(None, help="Source name to file the articles under."),
          delay: float = typer.Option(2.0, help="Seconds between two requests to one host.")) -> None:
    """Fetch, archive and extract the given article URLs directly (robots.txt and politeness still apply)."""
    from flows.pipeline import crawl_urls

    summary = crawl_urls(urls, data_dir=data_dir, source=source, delay=delay)
    console.print(_summary_table(summary))
    for err in summary.get("errors", []):
        console.print(f"[yellow]recorded failure:[/yellow] {err}")
    if summary.get("failed"):
        raise typer.Exit(1)


def reextract(data_dir: Optional[Path] = DataDir,
              all_articles: bool = typer.Option(False, "--all", help="Redo every article, not only those "
                                                "extracted by another rule version.")) -> None:
    """Re-extract text and claims from the archived pages (no network) with the current rules."""
    from flows.pipeline import reextract as do_reextract
    from warehouse.db import connect
    from warehouse.paths import data_paths
    from warehouse.publish import publish

    paths = data_paths(data_dir).ensure()
    con = connect(paths.work_db)
    try:
        counts = do_reextract(con, paths.archive_dir, all_articles=all_articles)
        publish(paths.work_db, paths.published_db, con=con)
    finally:
        con.close()
    console.print(f"re-extracted {counts['articles']} articles → {counts['claims']} claims"
                  f"{', ' + str(counts['failed']) + ' failed' if counts['failed'] else ''}")
    if counts["failed"]:
        raise typer.Exit(1)


def sample(data_dir: Optional[Path] = DataDir,
           runs: int = typer.Option(1, help="Crawl the sample this many times (2 shows the incremental run).")
           ) -> None:
    """Serve the bundled sample news site on 127.0.0.1, crawl it with the real pipeline, print the claims."""
    from flows.nightly import nightly, prefect_defaults
    from flows.sample_site import SampleSite, write_sample_sources
    from warehouse.paths import data_paths

    prefect_defaults()
    paths = data_paths(data_dir).ensure()
    with SampleSite() as site:
        sources_file = write_sample_sources(paths.root / "sample-sources.toml", site.base_url)
        for i in range(runs):
            summary = nightly(sources_file=str(sources_file), data_dir=str(paths.root))
            console.print(_summary_table(summary))
    print_claims(paths.published_db)


def print_claims(db_path: Path) -> None:
    """The claims in a published warehouse, as a table."""
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        rows = con.execute(
            "SELECT c.entity, c.metric, c.year, c.value, c.predicate, c.rank, c.status, a.title "
            "FROM claims c JOIN articles a USING (article_id) "
            "ORDER BY c.entity, c.metric, c.year NULLS FIRST, c.status, c.value").fetchall()
    finally:
        con.close()
    table = Table(title=f"{len(rows)} claims in {db_path}")
    for col in ("entity", "metric", "year", "value", "predicate", "rank", "status", "article"):
        table.add_column(col, no_wrap=True, overflow="ellipsis", max_width=48 if col == "article" else None)
    for r in rows:
        table.add_row(*["" if v is None else str(v) for v in r[:-1]], (r[-1] or "")[:60])
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add the pipeline commands to the app."""
    for fn in (run, serve, crawl, reextract, sample):
        app.command()(fn)
