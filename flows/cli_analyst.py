"""Commands of the analyst area (registered on the `spbe` app by flows/cli.py).

`spbe sql`, `spbe export` read the *published* snapshot (data/spbe.duckdb) read-only; `spbe import-official`
writes the writer's database (data/work.duckdb) and then publishes; `spbe publish` publishes now.
See README.md, "Analysts".
"""
from __future__ import annotations

import csv
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

console = Console()
err_console = Console(stderr=True)

DataDir = typer.Option(None, "--data-dir", help="Data directory (default: $SPBE_DATA_DIR or ./data).")
DbOption = typer.Option(None, "--db", help="Warehouse file to read (default: the published <data-dir>/spbe.duckdb).")


class OutFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


class ExportFormat(str, Enum):
    parquet = "parquet"
    csv = "csv"


def _published(db: Optional[Path], data_dir: Optional[Path]) -> Path:
    from warehouse.paths import data_paths

    path = db or data_paths(data_dir).published_db
    if not path.is_file():
        err_console.print(f"[red]no warehouse at {path}[/red]: run `spbe run` (or `spbe publish`) first, "
                          "or pass --db")
        raise typer.Exit(2)
    return path


def _print_result(columns: list[str], rows: list[tuple], fmt: OutFormat, limit: int | None = None) -> None:
    if fmt is OutFormat.csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(columns)
        w.writerows(["" if v is None else v for v in r] for r in rows)
        sys.stdout.flush()
    elif fmt is OutFormat.json:
        print(json.dumps([dict(zip(columns, r)) for r in rows], default=str, ensure_ascii=False, indent=1))
    else:
        table = Table(show_lines=False, caption=f"{len(rows)} row{'s' if len(rows) != 1 else ''}")
        for c in columns:
            table.add_column(c, overflow="fold")
        shown = rows if limit is None else rows[:limit]
        for r in shown:
            table.add_row(*["NULL" if v is None else str(v) for v in r])
        console.print(table)
        if limit is not None and len(rows) > limit:
            console.print(f"[dim]... {len(rows) - limit} more rows (use --format csv for all)[/dim]")


def _run_query(con, query: str, fmt: OutFormat, limit: int | None) -> None:
    cur = con.execute(query)
    if cur.description is None:
        console.print("[dim]ok[/dim]")
        return
    columns = [d[0] for d in cur.description]
    _print_result(columns, cur.fetchall(), fmt, limit)


SHELL_HELP = """Statements end with ';'. Commands: .tables (tables and views), .reload (reopen: see the latest
published snapshot), .help, .quit. The warehouse is opened read-only."""


def _shell(path: Path, fmt: OutFormat, limit: int | None) -> None:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    console.print(f"[bold]spbe sql[/bold] on {path} (read-only). {SHELL_HELP}")
    buf: list[str] = []
    try:
        while True:
            try:
                line = input("spbe> " if not buf else "  ... ")
            except EOFError:
                if buf:
                    _shell_exec(con, "\n".join(buf), fmt, limit)
                print()
                return
            stripped = line.strip()
            if not buf and stripped.startswith("."):
                cmd = stripped.split()[0]
                if cmd in (".quit", ".exit", ".q"):
                    return
                if cmd == ".reload":
                    con.close()
                    con = duckdb.connect(str(path), read_only=True)
                    console.print("[dim]reopened[/dim]")
                elif cmd == ".tables":
                    _shell_exec(con, "SELECT table_name AS name, 'table' AS kind FROM duckdb_tables() UNION ALL "
                                     "SELECT view_name, 'view' FROM duckdb_views() WHERE NOT internal ORDER BY 2, 1",
                                fmt, None)
                else:
                    console.print(SHELL_HELP)
                continue
            if not stripped and not buf:
                continue
            buf.append(line)
            if stripped.endswith(";"):
                _shell_exec(con, "\n".join(buf), fmt, limit)
                buf = []
    finally:
        con.close()


def _shell_exec(con, query: str, fmt: OutFormat, limit: int | None) -> None:
    import duckdb

    try:
        _run_query(con, query, fmt, limit)
    except duckdb.Error as exc:
        err_console.print(f"[red]{exc}[/red]")


def sql(query: Optional[str] = typer.Argument(None, help="SQL to run; without it, an interactive prompt."),
        db: Optional[Path] = DbOption, data_dir: Optional[Path] = DataDir,
        fmt: OutFormat = typer.Option(OutFormat.table, "--format", "-f", help="Output format."),
        limit: int = typer.Option(200, help="Rows shown in a table (csv/json always print all).")) -> None:
    """Query the published warehouse read-only (never blocks, nor is blocked by, the nightly run)."""
    import duckdb

    path = _published(db, data_dir)
    if query is None:
        _shell(path, fmt, limit)
        return
    con = duckdb.connect(str(path), read_only=True)
    try:
        _run_query(con, query, fmt, limit)
    except duckdb.Error as exc:
        err_console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1)
    finally:
        con.close()


def export(out_dir: Path = typer.Argument(..., help="Directory to write the files into (created if needed)."),
           fmt: ExportFormat = typer.Option(ExportFormat.parquet, "--format", "-f", help="File format."),
           db: Optional[Path] = DbOption, data_dir: Optional[Path] = DataDir) -> None:
    """Export claims, articles, sources, official_scores, predicate_bands and every view, one file each."""
    from warehouse.export import export as do_export

    files = do_export(_published(db, data_dir), out_dir, fmt.value)
    table = Table(title=f"{len(files)} files in {out_dir}")
    for col in ("name", "kind", "rows", "file"):
        table.add_column(col)
    for f in files:
        table.add_row(f.name, f.kind, str(f.rows), f.path.name)
    console.print(table)


def import_official(file: Path = typer.Argument(..., exists=True, dir_okay=False,
                                                help="CSV or .xlsx of official SPBE results (see README.md, 'Official results')."),
                    source: Optional[str] = typer.Option(None, "--source", help="Source document, for rows without "
                                                         "a source column (e.g. 'Keputusan MenPANRB No. ... Lampiran')."),
                    year: Optional[int] = typer.Option(None, "--year", help="Evaluation year of rows without one "
                                                       "(files without a year column)."),
                    data_dir: Optional[Path] = DataDir,
                    publish: bool = typer.Option(True, "--publish/--no-publish",
                                                 help="Publish the warehouse after loading.")) -> None:
    """Load official SPBE results into official_scores: all rows or, on any bad row, none."""
    import duckdb

    from warehouse.db import connect
    from warehouse.official import OfficialImportError, import_official as do_import
    from warehouse.paths import data_paths
    from warehouse.publish import publish as do_publish

    paths = data_paths(data_dir).ensure()
    try:
        con = connect(paths.work_db)
    except duckdb.IOException as exc:
        err_console.print(f"[red]cannot open {paths.work_db} for writing (is a nightly run writing it?): {exc}[/red]")
        raise typer.Exit(1)
    try:
        try:
            result = do_import(con, file, source, year)
        except OfficialImportError as exc:
            err_console.print(f"[red]{file}: {len(exc.errors)} error(s); nothing loaded[/red]")
            for e in exc.errors:
                err_console.print(f"  {file.name}:{e.line}: {e.message}")
            raise typer.Exit(1)
        for w in result.warnings:
            err_console.print(f"[yellow]warning[/yellow] {file.name}:{w.line}: {w.message}")
        console.print(f"loaded {result.rows} official results from {file} "
                      f"({result.inserted} new, {result.replaced} replaced) into {paths.work_db}")
        if publish:  # with the same connection: no window in which another writer could take the file
            pub = do_publish(paths.work_db, paths.published_db, con=con)
            console.print(f"published {pub.published_db} in {pub.seconds:.2f}s")
    finally:
        con.close()


def publish(data_dir: Optional[Path] = DataDir) -> None:
    """Publish the writer's database (work.duckdb) as the read-only snapshot analysts open (spbe.duckdb)."""
    import duckdb

    from warehouse.paths import data_paths
    from warehouse.publish import publish as do_publish

    paths = data_paths(data_dir).ensure()
    if not paths.work_db.is_file():
        err_console.print(f"[red]nothing to publish: {paths.work_db} does not exist[/red]")
        raise typer.Exit(2)
    try:
        r = do_publish(paths.work_db, paths.published_db)
    except duckdb.IOException as exc:
        err_console.print(f"[red]cannot open {paths.work_db} (is a nightly run writing it?): {exc}[/red]")
        raise typer.Exit(1)
    counts = ", ".join(f"{k} {v}" for k, v in r.tables.items())
    console.print(f"published {r.published_db} ({r.bytes / 1e6:.1f} MB, {counts}; {len(r.views)} views) "
                  f"in {r.seconds:.2f}s")


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    app.command("sql")(sql)
    app.command("export")(export)
    app.command("import-official")(import_official)
    app.command("publish")(publish)
