"""The analyst commands end to end: spbe publish, import-official, sql (one-shot and shell), export."""
from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent))
from sample_warehouse import build_sample_warehouse  # noqa: E402

from flows.cli import app  # noqa: E402

OFFICIAL = Path(__file__).with_name("data") / "official_sample.csv"
runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    d = tmp_path / "data"
    d.mkdir()
    build_sample_warehouse(d / "work.duckdb")
    monkeypatch.setenv("SPBE_DATA_DIR", str(d))
    monkeypatch.setenv("COLUMNS", "200")
    return d


def invoke(*args, input=None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def test_publish_then_sql_formats(data_dir):
    r = invoke("publish")
    assert r.exit_code == 0, r.output
    assert "published" in r.output and "claims 20" in r.output
    q = ("SELECT entity, consensus_value, consensus_sources FROM region_scores WHERE region_code = '32.75' "
         "AND metric = 'spbe' AND year = 2024 AND status = 'achieved'")
    r = invoke("sql", q, "--format", "csv")
    assert r.exit_code == 0
    assert list(csv.reader(io.StringIO(r.stdout))) == [["entity", "consensus_value", "consensus_sources"],
                                                       ["Kota Bekasi", "3.83", "3"]]
    r = invoke("sql", q, "--format", "json")
    assert json.loads(r.stdout) == [{"entity": "Kota Bekasi", "consensus_value": 3.83, "consensus_sources": 3}]
    r = invoke("sql", "SELECT value, source FROM claim_conflicts")
    assert r.exit_code == 0 and "3.38" in r.stdout and "kabarjabar" in r.stdout and "1 row" in r.stdout


def test_sql_is_read_only_and_reports_errors(data_dir):
    invoke("publish")
    r = invoke("sql", "DELETE FROM claims")
    assert r.exit_code == 1 and "read-only" in r.output
    r = invoke("sql", "SELECT * FROM no_such_table")
    assert r.exit_code == 1 and "no_such_table" in r.output
    assert invoke("sql", "SELECT count(*) AS n FROM claims", "-f", "csv").stdout.splitlines() == ["n", "20"]


def test_sql_needs_a_published_warehouse(tmp_path, monkeypatch):
    monkeypatch.setenv("SPBE_DATA_DIR", str(tmp_path))
    r = invoke("sql", "SELECT 1")
    assert r.exit_code == 2 and "no warehouse" in r.output
    r = invoke("sql", "SELECT 1 AS one", "--db", str(build_sample_warehouse(tmp_path / "other.duckdb")), "-f", "csv")
    assert r.exit_code == 0 and r.stdout.splitlines() == ["one", "1"]


def test_interactive_shell(data_dir):
    invoke("publish")
    script = "SELECT count(*) AS n\n  FROM claims;\n.tables\nSELECT nope;\n.reload\nSELECT 41 + 1 AS answer;\n.quit\n"
    r = invoke("sql", "--format", "csv", input=script)
    assert r.exit_code == 0
    assert "n\n20" in r.stdout and "answer\n42" in r.stdout
    assert "region_scores,view" in r.stdout and "official_scores,table" in r.stdout
    assert "nope" in r.output                       # the error is shown and the shell goes on


def test_import_official_loads_and_publishes(data_dir):
    r = invoke("import-official", str(OFFICIAL))
    assert r.exit_code == 0, r.output
    assert "loaded 7 official results" in r.output and "published" in r.output
    r = invoke("sql", "SELECT entity, value, official_value, difference FROM claims_vs_official "
                      "WHERE official_value IS NOT NULL AND NOT agrees_with_official ORDER BY entity", "-f", "csv")
    assert r.stdout.splitlines()[1:] == ["Kota Bandung,4.59,4.12,0.47", "Kota Bekasi,3.38,3.83,-0.45"]
    r = invoke("import-official", str(OFFICIAL), "--source", "ignored: the file has a source column")
    assert r.exit_code == 0 and "0 new, 7 replaced" in r.output


def test_import_official_bad_file_exits_1_with_line_numbers(data_dir, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("tahun,wilayah,indeks\n2024,Kota Bekasi,3.5\n2024,Kota Atlantis,3.1\n2099,Kota Depok,7\n",
                   encoding="utf-8")
    r = invoke("import-official", str(bad))
    assert r.exit_code == 1
    assert "3 error(s); nothing loaded" in r.output
    assert "bad.csv:3: unknown region 'Kota Atlantis'" in r.output
    assert "bad.csv:4: year '2099' outside" in r.output and "bad.csv:4: value '7' outside 0-5" in r.output
    invoke("publish")
    assert invoke("sql", "SELECT count(*) AS n FROM official_scores", "-f", "csv").stdout.splitlines() == ["n", "0"]


def test_export_command(data_dir, tmp_path):
    invoke("publish")
    r = invoke("export", str(tmp_path / "out"), "--format", "csv")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "out" / "region_timeseries.csv").exists() and (tmp_path / "out" / "claims.csv").exists()
    r = invoke("export", str(tmp_path / "pq"))
    assert r.exit_code == 0 and (tmp_path / "pq" / "claim_conflicts.parquet").exists()


def test_publish_without_work_db(tmp_path, monkeypatch):
    monkeypatch.setenv("SPBE_DATA_DIR", str(tmp_path))
    r = invoke("publish")
    assert r.exit_code == 2 and "nothing to publish" in r.output


def test_writer_commands_fail_cleanly_while_another_process_writes(data_dir):
    import subprocess
    import time

    holder = subprocess.Popen([sys.executable, "-c",
                               "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
                               "time.sleep(60)", str(data_dir / "work.duckdb")],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        r = invoke("publish")
        assert r.exit_code == 1 and "is a nightly run writing it?" in r.output
        r = invoke("import-official", str(OFFICIAL))
        assert r.exit_code == 1 and "is a nightly run writing it?" in r.output
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    assert invoke("publish").exit_code == 0
