"""Publish the writer's private warehouse as the read-only snapshot analysts open.

Why this design: DuckDB allows one writing process *or* many reading processes per file, never both. If the
nightly run wrote the file analysts read, an analyst's open `duckdb` shell would make the run fail (lock
conflict), and the run would lock analysts out for its whole duration. So:

- the nightly run (and `spbe import-official`, `spbe reextract`, ...) write `work.duckdb`, which nobody else opens;
- at the end, `publish()` copies it (tables, then the views of `warehouse/views.sql`) into a new temporary
  file *beside* `spbe.duckdb`, checkpoints and fsyncs it, and `os.replace`s it over `spbe.duckdb`.

The rename is atomic: a new connection sees either the whole old snapshot or the whole new one. An analyst who
already holds a read-only connection keeps reading the old snapshot (on POSIX the old inode lives until its
last descriptor closes) and sees the new data on reconnecting. The publisher never opens `spbe.duckdb`
itself, so a reader holding it can never make a publish fail, and nobody has to let go of anything.

(Windows cannot replace an open file; this project runs on Linux.)
"""
from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from warehouse.db import connect

# Tables whose row counts are reported by a publish (the ones analysts care about).
COUNTED = ("articles", "claims", "sources", "official_scores")


@dataclass
class PublishResult:
    """What one publish did."""

    work_db: Path
    published_db: Path
    published_at: datetime
    seconds: float                        # wall time of the whole publish
    bytes: int                            # size of the new snapshot file
    tables: dict[str, int] = field(default_factory=dict)   # row counts of COUNTED tables present
    views: list[str] = field(default_factory=list)          # views in the snapshot
    removed_stale_wal: bool = False       # a leftover spbe.duckdb.wal was removed (see publish())


def _quote(ident: str) -> str:
    return '"' + ident.replace('"', '""') + '"'


def _fsync(path: Path) -> None:
    fd = os.open(str(path), os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(work_db: Path, published_db: Path, *, con: duckdb.DuckDBPyConnection | None = None) -> PublishResult:
    """Copy `work_db` into a fresh snapshot and atomically swap it in as `published_db`.

    `con`: an open read-write connection to `work_db` held by the caller (the copy then uses it); without it
    the work file is opened here (in this process, DuckDB reuses an instance already open on the same file).
    Raises if the work file is locked by another *writing* process; never because of readers of
    `published_db`.
    """
    t0 = time.perf_counter()
    work_db, published_db = Path(work_db).resolve(), Path(published_db).resolve()
    published_db.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{published_db.stem}.", suffix=".publishing.duckdb",
                                    dir=published_db.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # DuckDB must create the file itself; the unique name is what we wanted
    own = con is None
    try:
        wcon = connect(work_db) if own else con
        try:
            catalog = wcon.execute("SELECT current_database()").fetchone()[0]
            wcon.execute(f"ATTACH '{tmp}' AS __spbe_publish")
            try:
                wcon.execute(f"COPY FROM DATABASE {_quote(catalog)} TO __spbe_publish")
            finally:
                wcon.execute("DETACH __spbe_publish")
        finally:
            if own:
                wcon.close()
        # Re-open the copy through the normal path: migrations are already recorded (no-op) and the views
        # are (re)created from views.sql, so the snapshot always carries the current view definitions.
        pcon = connect(tmp)
        try:
            existing = {r[0] for r in pcon.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()").fetchall()}
            tables = {t: pcon.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED if t in existing}
            views = [r[0] for r in pcon.execute(
                "SELECT view_name FROM duckdb_views() WHERE NOT internal AND database_name = current_database() "
                "ORDER BY view_name").fetchall()]
            pcon.execute("CHECKPOINT")
        finally:
            pcon.close()
        wal = tmp.with_name(tmp.name + ".wal")
        if wal.exists():  # pragma: no cover - CHECKPOINT + close leave none
            wal.unlink()
        _fsync(tmp)
        # A WAL beside the published file can only come from someone opening it read-write (never do that):
        # replayed against the new snapshot it would corrupt it, so it goes before the swap.
        stale_wal = published_db.with_name(published_db.name + ".wal")
        removed = False
        if stale_wal.exists():
            stale_wal.unlink()
            removed = True
        os.replace(tmp, published_db)
        _fsync(published_db.parent)
    except BaseException:
        for p in (tmp, tmp.with_name(tmp.name + ".wal")):
            if p.exists():
                p.unlink()
        raise
    return PublishResult(work_db=work_db, published_db=published_db, published_at=datetime.now(timezone.utc),
                         seconds=time.perf_counter() - t0, bytes=published_db.stat().st_size, tables=tables,
                         views=views, removed_stale_wal=removed)
