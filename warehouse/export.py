"""`spbe export`: the warehouse's tables and views as Parquet or CSV files, for people outside DuckDB.

Reads the *published* snapshot read-only (never the writer's file), so it can run while the nightly run
works. One file per table or view, named after it (`claims.parquet`, `region_scores.csv`, ...), plus
`manifest.json` with row counts and columns. Articles keep their full text: claim offsets (start/end) point
into it, and an analyst checking a quote needs it. List columns (region_scores.values, ...) are native lists
in Parquet and DuckDB's `[a, b]` text in CSV.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb

# The tables analysts get; the crawl's internals (urls, fetches, pages, runs) stay in the database.
TABLES = ("claims", "articles", "sources", "official_scores", "predicate_bands")
FORMATS = ("parquet", "csv")


@dataclass
class ExportedFile:
    name: str        # table or view
    kind: str        # table / view
    path: Path
    rows: int


def _relations(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    tables = {r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()").fetchall()}
    views = [r[0] for r in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal AND database_name = current_database() "
        "ORDER BY view_name").fetchall()]
    return [(t, "table") for t in TABLES if t in tables] + [(v, "view") for v in views]


def export(db_path: Path, out_dir: Path, fmt: str = "parquet") -> list[ExportedFile]:
    """Write every analyst table and view of `db_path` (opened read-only) to `out_dir`."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db_path), read_only=True)
    files: list[ExportedFile] = []
    try:
        for name, kind in _relations(con):
            path = out_dir / f"{name}.{fmt}"
            tmp = path.with_name(path.name + ".part")
            opts = "FORMAT parquet, COMPRESSION zstd" if fmt == "parquet" else "FORMAT csv, HEADER true"
            con.execute(f"COPY (SELECT * FROM \"{name}\") TO '{tmp}' ({opts})")
            tmp.replace(path)
            rows = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            files.append(ExportedFile(name, kind, path, rows))
        columns = {f.name: [r[0] for r in con.execute(f'DESCRIBE "{f.name}"').fetchall()] for f in files}
    finally:
        con.close()
    manifest = {
        "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "database": str(Path(db_path).resolve()),
        "format": fmt,
        "files": [{"name": f.name, "kind": f.kind, "file": f.path.name, "rows": f.rows, "columns": columns[f.name]}
                  for f in files],
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return files
