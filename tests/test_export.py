"""`spbe export`: every analyst table and view, one file each, from the published snapshot (read-only)."""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from sample_warehouse import build_sample_warehouse  # noqa: E402

from warehouse.db import connect  # noqa: E402
from warehouse.export import export  # noqa: E402
from warehouse.official import import_official  # noqa: E402
from warehouse.publish import publish  # noqa: E402

VIEWS = {"region_scores", "claim_conflicts", "predicate_mismatch", "claims_vs_official", "region_timeseries",
         "claim_sources", "value_support"}
TABLES = {"claims", "articles", "sources", "official_scores", "predicate_bands"}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    d = tmp_path_factory.mktemp("export")
    work = build_sample_warehouse(d / "work.duckdb")
    con = connect(work)
    import_official(con, Path(__file__).with_name("data") / "official_sample.csv")
    con.close()
    publish(work, d / "spbe.duckdb")
    return d / "spbe.duckdb"


def test_parquet_export(published, tmp_path):
    files = export(published, tmp_path / "pq", "parquet")
    assert {f.name for f in files} == TABLES | VIEWS
    assert {f.name for f in files if f.kind == "view"} == VIEWS
    con = duckdb.connect()
    out = tmp_path / "pq"
    assert con.execute(f"SELECT count(*) FROM '{out}/claims.parquet'").fetchone()[0] == 20
    # articles keep their text, and claim offsets still point into it
    bad = con.execute(f"""SELECT count(*) FROM '{out}/claims.parquet' c JOIN '{out}/articles.parquet' a
                          USING (article_id) WHERE substr(a.text, c.start + 1, c."end" - c.start) <> c.quote""").fetchone()[0]
    assert bad == 0
    # lists stay lists
    assert con.execute('SELECT "values" FROM ' + f"'{out}/region_scores.parquet' WHERE region_code = '32.75' "
                       "AND year = 2024 AND metric = 'spbe' AND status = 'achieved'").fetchone()[0] == [3.38, 3.8, 3.83]
    assert con.execute(f"SELECT value, source FROM '{out}/claim_conflicts.parquet'").fetchall() == [(3.38, "kabarjabar")]
    assert con.execute(f"SELECT count(*) FROM '{out}/official_scores.parquet'").fetchone()[0] == 7
    manifest = json.loads((out / "manifest.json").read_text())
    assert {f["name"]: f["rows"] for f in manifest["files"]}["claims"] == 20
    assert "consensus_value" in {f["name"]: f["columns"] for f in manifest["files"]}["region_scores"]
    # internals of the crawl are not exported
    assert not (out / "fetches.parquet").exists() and not list(out.glob("*.part"))


def test_csv_export_while_the_snapshot_is_held_open(published, tmp_path):
    holder = duckdb.connect(str(published), read_only=True)   # an analyst's session: export still works
    try:
        files = export(published, tmp_path / "csv", "csv")
    finally:
        holder.close()
    assert {f.name for f in files} == TABLES | VIEWS
    with (tmp_path / "csv" / "claim_conflicts.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["entity"], r["value"], r["source"], r["consensus_value"]) for r in rows] == [
        ("Kota Bekasi", "3.38", "kabarjabar", "3.83")]
    with (tmp_path / "csv" / "articles.csv").open(encoding="utf-8") as fh:
        arts = list(csv.DictReader(fh))
    assert len(arts) == 7 and all(a["text"] for a in arts)


def test_bad_format(published, tmp_path):
    with pytest.raises(ValueError):
        export(published, tmp_path, "xlsx")
