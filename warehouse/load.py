"""Bulk, idempotent loading into the warehouse.

Rows arrive as lists of dicts from the pipeline. Each batch is de-duplicated on its key (last wins), turned
into one Arrow table, and written with one `INSERT OR REPLACE … BY NAME` statement: bulk (no row-by-row
executemany) and idempotent (loading the same batch twice leaves the same rows).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import Any

import duckdb
import pyarrow as pa

from extractors.model import CLAIM_FIELDS, Claim


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """Column names of a table, in order."""
    return [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]


def _arrow(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> pa.Table:
    data = {c: [r.get(c) for r in rows] for c in columns}
    return pa.table(data)


def dedupe(rows: Iterable[dict[str, Any]], key: Sequence[str]) -> list[dict[str, Any]]:
    """Keep the last row per key: DuckDB rejects a batch that conflicts with itself."""
    out: dict[tuple, dict[str, Any]] = {}
    for r in rows:
        out[tuple(r.get(k) for k in key)] = r
    return list(out.values())


def upsert(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict[str, Any]], key: Sequence[str]) -> int:
    """Insert or replace `rows` (dicts keyed by column name; missing columns become NULL). Returns the count."""
    rows = dedupe(rows, key)
    if not rows:
        return 0
    cols = [c for c in table_columns(con, table) if any(c in r for r in rows)]
    batch = _arrow(rows, cols)  # noqa: F841 - referenced by name in the SQL below
    col_list = ", ".join(f'"{c}"' for c in cols)
    con.execute(f"INSERT OR REPLACE INTO {table} ({col_list}) SELECT {col_list} FROM batch")
    return len(rows)


def append(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict[str, Any]]) -> int:
    """Append log rows (fetches): they have their own unique ids."""
    if not rows:
        return 0
    cols = [c for c in table_columns(con, table) if any(c in r for r in rows)]
    batch = _arrow(rows, cols)  # noqa: F841
    col_list = ", ".join(f'"{c}"' for c in cols)
    con.execute(f"INSERT INTO {table} ({col_list}) SELECT {col_list} FROM batch")
    return len(rows)


def article_id(url: str) -> str:
    """Stable id of an article: sha1 of its canonical URL."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()


def claim_id(article: str, claim: dict[str, Any]) -> str:
    """Stable id of a claim: the same article, rules and facts give the same id on every run."""
    parts = [article] + [repr(claim.get(k)) for k in
                         ("extractor_version", "start", "end", "entity", "metric", "metric_name", "year",
                          "value", "predicate", "rank", "status")]
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()


def claim_rows(article: str, claims: Iterable[Claim | dict[str, Any]], extracted_at: datetime | None = None) -> list[dict[str, Any]]:
    """Claims → `claims` rows with their ids."""
    when = extracted_at or datetime.now(timezone.utc)
    rows = []
    for c in claims:
        d = c.to_dict() if isinstance(c, Claim) else {k: c.get(k) for k in CLAIM_FIELDS}
        d["article_id"] = article
        d["claim_id"] = claim_id(article, d)
        d["extracted_at"] = when
        rows.append(d)
    return rows


def replace_claims(con: duckdb.DuckDBPyConnection, rows_by_article: dict[str, list[dict[str, Any]]],
                   *, transaction: bool = True) -> int:
    """Replace all claims of these articles with the given rows (in one transaction unless the caller has one).

    Re-extraction with new rules replaces the old claims of an article rather than piling up beside them.
    """
    if not rows_by_article:
        return 0
    ids = list(rows_by_article)
    rows = [r for rs in rows_by_article.values() for r in rs]
    if transaction:
        con.execute("BEGIN TRANSACTION")
    try:
        todelete = pa.table({"article_id": ids})  # noqa: F841 - referenced by name in the SQL below
        con.execute("DELETE FROM claims WHERE article_id IN (SELECT article_id FROM todelete)")
        n = upsert(con, "claims", rows, ["claim_id"])
        if transaction:
            con.execute("COMMIT")
    except Exception:
        if transaction:
            con.execute("ROLLBACK")
        raise
    return n
