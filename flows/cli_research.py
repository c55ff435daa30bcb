"""Research commands: `spbe show`, `spbe claims`, `spbe verify`, `spbe report`.

From a claim to its source: the exact words in their paragraph, the page and when we fetched it, the
archived copy's digest, what other sources and the official results say; and a check that the archive still
supports every claim (re-extraction from the archived bytes, never the live web).
All commands read the *published* warehouse read-only by default, so they never disturb the nightly run.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

console = Console()

DbOption = typer.Option(None, "--db", help="Warehouse file (default: the published data/spbe.duckdb, "
                                             "$SPBE_DATA_DIR honoured), opened read-only.")
ArchiveOption = typer.Option(None, "--archive-dir", help="WARC archive directory (default: 'archive' beside "
                                                         "the warehouse file).")


def _db_path(db: Optional[Path]) -> Path:
    from warehouse.paths import data_paths

    return Path(db) if db else data_paths().published_db


def _archive_dir(db: Path, archive_dir: Optional[Path]) -> Path:
    return Path(archive_dir) if archive_dir else db.resolve().parent / "archive"


def _open(db: Optional[Path]):
    from warehouse.db import connect

    path = _db_path(db)
    if not path.is_file():
        console.print(f"[red]warehouse not found: {path}[/red] (run `spbe run` or `spbe sample`, or pass --db)")
        raise typer.Exit(2)
    return path, connect(path, read_only=True)


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S %Z").strip()
    if isinstance(v, float):
        return f"{v:g}".replace(".", ",")  # Indonesian decimal comma, as the quotes write it
    return str(v)


def highlighted(before: str, quote: str, after: str, style: str = "bold black on yellow") -> Text:
    """The paragraph with the quote highlighted (plain Text: quotes are untrusted, never parsed as markup)."""
    t = Text(before)
    t.append(quote, style=style)
    t.append(after)
    return t


def _metric_label(r: dict) -> str:
    return r["metric"] if r["metric"] != "other" else f"other: {r.get('metric_name') or '?'}"


def _print_claim_block(r: dict, extra: tuple[str, str] | None = None) -> None:
    """One claim as two lines: its facts, then source, date and quote (readable in any terminal width)."""
    head = Text(r["claim_id"][:10], style="cyan")
    head.append(f"  {r['entity']} · {_metric_label(r)} · {_fmt(r.get('year'))} · ")
    head.append(_fmt(r.get("value")), style="bold")
    for part in (r.get("predicate"), f"rank {r['rank']}" if r.get("rank") is not None else None, r["status"]):
        if part:
            head.append(f" · {part}")
    if extra:
        head.append(f"  {extra[0]}", style=extra[1])
    console.print(head)
    console.print(Text(f"    {r.get('source') or '?'}, {_fmt(r.get('published'))}: ", style="dim")
                  + Text(f"“{r['quote']}”"))


# ------------------------------------------------------------------------------------------- show


def show(claim_id: str = typer.Argument(..., help="Claim id, or a unique prefix of it (as `spbe claims` prints)."),
         db: Optional[Path] = DbOption, archive_dir: Optional[Path] = ArchiveOption,
         save_archived: Optional[Path] = typer.Option(None, "--save-archived", help="Also write the archived page's "
                                                      "exact bytes (digest-checked) to this file.")) -> None:
    """One claim with its evidence: quote in its paragraph, article, fetch, archived copy, other sources, official."""
    from warehouse import evidence as ev

    path, con = _open(db)
    try:
        e = ev.get_evidence(con, claim_id)
    except ev.AmbiguousClaimId as exc:
        con.close()
        console.print(f"[red]{exc}[/red] — give more characters")
        raise typer.Exit(2)
    except ev.ClaimNotFound as exc:
        con.close()
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2)
    c, a = e.claim, e.article
    console.rule(Text(f"Claim {c['claim_id']}"), align="left")
    facts = Table(show_header=False)
    facts.add_column("field", style="bold")
    facts.add_column("value")
    for k in ("entity", "entity_type", "region_code", "metric", "metric_name", "year", "year_source", "value",
              "scale_max", "predicate", "rank", "rank_scope", "status", "confidence", "rule", "extractor_version"):
        if k in ("metric_name", "scale_max", "rank_scope") and c.get(k) is None:
            continue
        facts.add_row(k, Text(_fmt(c.get(k))))
    console.print(facts)

    p = e.paragraph
    note = "" if p.offsets_ok else (" [red](the stored offsets no longer point at the quote)[/red]" if p.located
                                    else " [red](the quote is not in the stored article text)[/red]")
    console.print(Panel(highlighted(p.before, p.quote, p.after),
                        title=f"Quote in its paragraph (chars {c['start']}–{c['end']}){note}", title_align="left"))

    src = Table(title="Source", show_header=False, title_justify="left")
    src.add_column("field", style="bold")
    src.add_column("value", overflow="fold")
    src.add_row("title", Text(a.get("title") or "—"))
    src.add_row("source", Text(a.get("source") or "—"))
    src.add_row("url", Text(a.get("url") or "—"))
    src.add_row("published", Text(f"{_fmt(a.get('published'))} (date from {a.get('date_source') or '?'})"))
    if e.page:
        src.add_row("fetched at", _fmt(e.page.get("fetched_at")))
        src.add_row("archived sha256", e.page["sha256"])
        src.add_row("archive record", Text(f"{e.page['warc_path']} @ {e.page['warc_offset']}"))
        src.add_row("HTTP", Text(f"{_fmt(e.page.get('status'))} {e.page.get('content_type') or ''}"))
    else:
        src.add_row("archived copy", Text("none recorded (article not crawled through the archive)"))
        if a.get("last_fetched"):
            src.add_row("last fetched", _fmt(a.get("last_fetched")))
    if e.fetch:
        src.add_row("fetch log", Text(f"{_fmt(e.fetch.get('fetched_at'))}: HTTP {_fmt(e.fetch.get('status'))}, "
                                      f"{_fmt(e.fetch.get('bytes'))} bytes"
                                      + (", not modified" if e.fetch.get("not_modified") else "")))
    console.print(src)

    if e.others:
        console.print(Text("Other sources on the same entity, metric and year", style="bold"))
        for o in e.others:
            _print_claim_block(o, extra={True: ("agrees", "green"), False: ("disagrees", "red"),
                                         None: None}[o.get("agrees")])
    else:
        console.print("No other source states this entity, metric and year.")

    if not e.official.available:
        console.print(f"Official value: [dim]{e.official.note}[/dim]")
    elif e.official.rows:
        for r in e.official.rows:
            diff = ""
            if r.get("value") is not None and c.get("value") is not None:
                diff = f" (claim − official = {c['value'] - r['value']:+.2f})"
            console.print(Text(f"Official value {c.get('year')}: {_fmt(r.get('value'))} "
                               f"{r.get('predicate') or ''} — {r.get('source') or ''}{diff}"))
    else:
        console.print(f"Official value: [dim]{e.official.note}[/dim]")
    if save_archived:
        body, _, problem = ev.read_archived_body(con, _archive_dir(path, archive_dir), a.get("page_sha256"))
        if body is not None:
            save_archived.write_bytes(body)
        if problem:
            con.close()
            console.print(Text(f"archived copy: {problem}", style="red"))
            raise typer.Exit(1)
        console.print(Text(f"archived copy written to {save_archived} ({len(body)} bytes, sha256 verified)"))
    con.close()


# ------------------------------------------------------------------------------------------- claims


def claims(region: Optional[str] = typer.Option(None, "--region", help="Region name, alias or Kemendagri code "
                                                "(\"Pemkot Bekasi\", \"Jabar\", \"32.75\")."),
           year: Optional[int] = typer.Option(None, "--year", help="Evaluation year."),
           metric: Optional[str] = typer.Option(None, "--metric", help="spbe / smart_city / other (or a metric name)."),
           conflicts: bool = typer.Option(False, "--conflicts", help="Only claims whose sources disagree."),
           limit: int = typer.Option(200, "--limit", help="At most this many rows."),
           db: Optional[Path] = DbOption) -> None:
    """Look up claims in a table (no SQL needed); `spbe show ID` for one claim's evidence."""
    from warehouse import evidence as ev

    _, con = _open(db)
    rows = ev.search_claims(con, region=region, year=year, metric=metric, conflicts=conflicts, limit=None)
    con.close()
    total = len(rows)
    rows = rows[:limit]
    title = f"{total} claim(s)" + (f", first {len(rows)} shown" if total > len(rows) else "")

    if console.width >= 120:
        table = Table(title=title, title_justify="left")
        for col in ("id", "entity", "metric", "year", "value", "predicate", "rank", "status", "source", "published"):
            table.add_column(col, no_wrap=True)
        table.add_column("quote", overflow="fold", ratio=1)
        for r in rows:
            flag = " [red]⚠ conflict[/red]" if r["conflict"] else ""
            table.add_row(Text(r["claim_id"][:10]), Text(r["entity"]), Text(_metric_label(r)), _fmt(r.get("year")),
                          Text.from_markup(_fmt(r.get("value")) + flag), Text(_fmt(r.get("predicate"))),
                          _fmt(r.get("rank")), Text(r["status"]), Text(r.get("source") or "?"),
                          _fmt(r.get("published")), Text(r["quote"]))
        console.print(table)
    else:  # a narrow terminal: one block per claim, the quote on its own lines
        console.print(Text(title, style="bold"))
        for r in rows:
            _print_claim_block(r, extra=("⚠ conflict", "red") if r["conflict"] else None)
    if not rows:
        console.print("No claim matches these filters.")


# ------------------------------------------------------------------------------------------- verify


def verify(claim_ids: Optional[list[str]] = typer.Argument(None, help="Claim ids (or unique prefixes)."),
           all_claims: bool = typer.Option(False, "--all", help="Verify every claim in the warehouse."),
           db: Optional[Path] = DbOption, archive_dir: Optional[Path] = ArchiveOption) -> None:
    """Re-extract claims from the ARCHIVED bytes (not the live web) and report those the archive no longer
    supports (missing/corrupted archive, quote moved, facts no longer extracted). Exit 1 if any."""
    from warehouse import evidence as ev

    if not all_claims and not claim_ids:
        console.print("[red]give claim ids or --all[/red]")
        raise typer.Exit(2)
    path, con = _open(db)
    adir = _archive_dir(path, archive_dir)
    try:
        results = ev.verify_claims(con, adir, None if all_claims else claim_ids)
    except (ev.ClaimNotFound, ev.AmbiguousClaimId) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2)
    finally:
        con.close()
    bad = [r for r in results if not r.supported]
    if bad:
        console.print(Text(f"{len(bad)} of {len(results)} claim(s) not supported by the archive", style="bold red"))
        for r in bad:
            c = r.claim
            head = Text(r.claim_id[:10], style="cyan")
            head.append(f"  {c.get('entity')} · {_metric_label(c)} · {_fmt(c.get('year'))} · {_fmt(c.get('value'))}"
                        f" · {c.get('status')}")
            console.print(head)
            console.print(Text(f"    {r.url or '—'}", style="dim"))
            for reason in r.reasons:
                console.print(Text(f"    ✗ {reason}", style="red"))
        raise typer.Exit(1)
    console.print(f"[green]all {len(results)} claim(s) supported by the archive[/green] ({adir})")


# ------------------------------------------------------------------------------------------- report


def report(out_dir: Path = typer.Argument(..., help="Directory to write the static HTML report into."),
           db: Optional[Path] = DbOption, archive_dir: Optional[Path] = ArchiveOption) -> None:
    """Write the evidence report: a static HTML site (regions, charts, quotes, archived copies, conflicts)
    that opens from the folder with no network."""
    from warehouse.report import write_report

    path, con = _open(db)
    try:
        summary = write_report(con, out_dir, archive_dir=_archive_dir(path, archive_dir))
    finally:
        con.close()
    console.print(f"report written: {Path(out_dir).resolve() / 'index.html'}")
    console.print(f"{summary['regions']} region(s), {summary['claims']} claim(s), {summary['conflicts']} "
                  f"conflict group(s), {summary['archived']} archived page(s) copied"
                  + (f", {summary['archive_missing']} archived page(s) unreadable" if summary.get('archive_missing') else ""))


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    app.command("show")(show)
    app.command("claims")(claims)
    app.command("verify")(verify)
    app.command("report")(report)
