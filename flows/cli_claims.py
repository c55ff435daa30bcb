"""Commands of the claims area (registered on the `spbe` app by flows/cli.py):

- `spbe extract PATH… [--published YYYY-MM-DD] [--format jsonl|table]`
- `spbe evaluate GOLD_DIR… [--floors eval/floors.toml] [--verbose/--quiet]`
"""
from __future__ import annotations

import datetime as dt
import json
import sys
import tomllib
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.table import Table

err_console = Console(stderr=True)


def _read_input(path: Path, published: dt.date | None) -> tuple[str, str | None, dt.date | None]:
    """(text, title, published) of one input file; raises OSError/ValueError when unreadable."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        doc = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
            raise ValueError("not a corpus file (a JSON object with a 'text' field)")
        pub = published
        for key in ("date_in_text", "published"):
            if pub is None and doc.get(key):
                pub = dt.date.fromisoformat(str(doc[key])[:10])
        return doc["text"], doc.get("title"), pub
    if suffix in (".html", ".htm"):
        from extractors.text import extract_article

        art = extract_article(path.read_bytes(), url=None)
        return art.text or "", art.title, published or art.published
    return path.read_text(encoding="utf-8", errors="replace"), None, published


def _parse_date(value: Optional[str]) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"not a date (YYYY-MM-DD): {value}") from None


def extract(
    paths: list[Path] = typer.Argument(..., help="Article files: .txt (text as is), .json (corpus file), .html."),
    published: Optional[str] = typer.Option(None, "--published", help="Publication date YYYY-MM-DD."),
    fmt: str = typer.Option("jsonl", "--format", help="jsonl (one claim per line) or table."),
) -> None:
    """Extract SPBE claims from article files."""
    from extractors.claims import extract_claims

    if fmt not in ("jsonl", "table"):
        raise typer.BadParameter("--format must be jsonl or table")
    pub = _parse_date(published)
    failed = 0
    rows: list[dict[str, Any]] = []
    for path in paths:
        try:
            text, title, p = _read_input(path, pub)
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            err_console.print(f"[red]cannot read {path}: {exc}[/red]")
            failed += 1
            continue
        for claim in extract_claims(text, published=p, title=title):
            row = claim.to_dict()
            row["source"] = str(path)
            if fmt == "jsonl":
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
            else:
                rows.append(row)
    if fmt == "table":
        table = Table(title="Claims", show_lines=False)
        for col in ("source", "entity", "metric", "year", "value", "predicate", "rank", "rank_scope", "status",
                    "rule"):
            table.add_column(col, overflow="fold")
        for row in rows:
            table.add_row(*("" if row[c] is None else str(row[c]) for c in
                            ("source", "entity", "metric", "year", "value", "predicate", "rank", "rank_scope",
                             "status", "rule")))
        Console(width=None if sys.stdout.isatty() else 200).print(table)
    if failed:
        raise typer.Exit(1)


def _fact_line(f: Any) -> str:
    d = f.fact
    keys = ("entity", "metric", "year", "year_implied", "value", "predicate", "rank", "status")
    core = ", ".join(f"{k}={d.get(k)!r}" for k in keys if d.get(k) is not None)
    quote = (d.get("quote") or "").replace("\n", " ")
    return f"  [{f.kind}] {f.article}: {core}  | {quote[:100]}"


def load_floors(path: Path) -> dict[str, float]:
    """F1 floors from a TOML file: a [floors] table (score / predicate / rank / micro)."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    floors = data.get("floors", data)
    return {k: float(v) for k, v in floors.items() if isinstance(v, (int, float))}


def evaluate_cmd(
    gold_dirs: list[Path] = typer.Argument(..., help="Corpus directories with <id>.json and <id>.gold.jsonl."),
    floors: Optional[Path] = typer.Option(None, "--floors", help="TOML file with F1 floors; exit 1 below them."),
    verbose: bool = typer.Option(True, "--verbose/--quiet", help="List every miss and spurious claim."),
) -> None:
    """Score the extractor against gold claims: P/R/F1 per fact kind and micro-average."""
    from extractors.evaluate import KINDS, evaluate

    for d in gold_dirs:
        if not d.is_dir():
            err_console.print(f"[red]not a directory: {d}[/red]")
            raise typer.Exit(2)
    report = evaluate(gold_dirs)
    console = Console()
    table = Table(title=f"Evaluation over {report.articles} articles")
    for col in ("facts", "P", "R", "F1", "tp", "fp", "fn"):
        table.add_column(col, justify="right" if col != "facts" else "left")
    for name, ks in [(k, report.scores[k]) for k in KINDS] + [("micro", report.micro)]:
        table.add_row(name, f"{ks.precision:.3f}", f"{ks.recall:.3f}", f"{ks.f1:.3f}", str(ks.tp), str(ks.fp),
                      str(ks.fn))
    console.print(table)
    if verbose:
        if report.misses:
            console.print(f"[bold]Missed ({len(report.misses)}):[/bold]", markup=True)
            for f in report.misses:
                typer.echo(_fact_line(f))
        if report.spurious:
            console.print(f"[bold]Spurious ({len(report.spurious)}):[/bold]", markup=True)
            for f in report.spurious:
                typer.echo(_fact_line(f))
    if report.empty_articles_with_claims:
        console.print("Claims from articles whose gold is empty: " + ", ".join(report.empty_articles_with_claims),
                      markup=False)
    if floors is not None:
        limits = load_floors(floors)
        f1 = report.f1()
        below = [(k, f1[k], v) for k, v in limits.items() if k in f1 and f1[k] < v]
        for k, got, want in below:
            err_console.print(f"[red]F1 {k} = {got:.3f} is below its floor {want:.3f} ({floors})[/red]")
        if below:
            raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    app.command("extract")(extract)
    app.command("evaluate")(evaluate_cmd)
