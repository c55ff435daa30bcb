"""Publishing vs readers, with real processes: an analyst holding the published warehouse open never makes a
run fail, is never broken by it, and a fresh connection sees the new data."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from sample_warehouse import build_sample_warehouse  # noqa: E402

from warehouse.db import connect  # noqa: E402
from warehouse.load import article_id, claim_rows, replace_claims, upsert  # noqa: E402
from warehouse.publish import publish  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OFFICIAL = Path(__file__).with_name("data") / "official_sample.csv"

# Consistency probe: counts from several tables and views in ONE query, so a torn snapshot would show.
PROBE = """
SELECT (SELECT count(*) FROM claims), (SELECT count(*) FROM articles), (SELECT round(sum(value), 4) FROM claims),
       (SELECT count(*) FROM region_scores), (SELECT count(*) FROM claim_conflicts),
       (SELECT count(*) FROM official_scores), (SELECT count(*) FROM claims WHERE rule LIKE 'gen%')
"""

READER = textwrap.dedent("""
    import json, sys, time, traceback
    import duckdb
    published, ready, stop, out, probe = sys.argv[1:6]
    report = {"iterations": 0, "errors": [], "changed": [], "baseline": None, "times": []}
    con = duckdb.connect(published, read_only=True)      # held for the whole test, like an analyst's session
    report["baseline"] = con.execute(probe).fetchone()
    open(ready, "w").close()
    import os
    while not os.path.exists(stop) or report["iterations"] < 50:
        try:
            got = con.execute(probe).fetchone()
            if list(got) != list(report["baseline"]):
                report["changed"].append(list(got))
            report["iterations"] += 1
            report["times"].append(time.time())
        except Exception:
            report["errors"].append(traceback.format_exc())
            if len(report["errors"]) > 20:
                break
        time.sleep(0.002)
    report["final"] = list(con.execute(probe).fetchone())
    con.close()
    report["baseline"] = list(report["baseline"])
    json.dump(report, open(out, "w"))
""")


def add_generation(work_db: Path, gen: int, n: int = 3) -> None:
    """What a nightly run does to the work DB: bulk-load a new article with `n` claims."""
    con = connect(work_db)
    try:
        url = f"https://kabarbaru.example/spbe-run-{gen}"
        aid = article_id(url)
        text = " ".join(f"Kota Depok {2020 + i} meraih indeks SPBE {3 + gen / 10 + i / 100:.2f}." for i in range(n))
        upsert(con, "sources", [{"source": "kabarbaru", "home_url": "https://kabarbaru.example/"}], ["source"])
        upsert(con, "articles", [{"article_id": aid, "url": url, "source": "kabarbaru", "published": date(2025, 3, gen),
                                  "text": text, "relevant": True}], ["article_id"])
        rows = []
        for i in range(n):
            quote = f"Kota Depok {2020 + i} meraih indeks SPBE {3 + gen / 10 + i / 100:.2f}."
            start = text.index(quote)
            rows.append({"entity": "Kota Depok", "entity_type": "kota", "region_code": "32.76", "metric": "spbe",
                         "year": 2020 + i, "value": round(3 + gen / 10 + i / 100, 2), "status": "achieved",
                         "quote": quote, "start": start, "end": start + len(quote), "rule": f"gen{gen}",
                         "extractor_version": "t"})
        replace_claims(con, {aid: claim_rows(aid, rows)})
    finally:
        con.close()


def fresh_probe(published: Path) -> tuple:
    con = duckdb.connect(str(published), read_only=True)
    try:
        return con.execute(PROBE).fetchone()
    finally:
        con.close()


@pytest.mark.slow
def start_reader(tmp_path: Path, published: Path) -> tuple[subprocess.Popen, Path, Path]:
    """Start the analyst process (holds a read-only connection, queries in a loop); wait until it is connected.
    Returns the process, the file that tells it to stop, and the file it reports into."""
    script = tmp_path / "reader.py"
    script.write_text(READER, encoding="utf-8")
    ready, stop, out = tmp_path / "ready", tmp_path / "stop", tmp_path / "reader.json"
    reader = subprocess.Popen([sys.executable, str(script), str(published), str(ready), str(stop), str(out), PROBE],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    try:
        while not ready.exists():
            assert reader.poll() is None, reader.communicate()
            assert time.time() < deadline, "reader did not start"
            time.sleep(0.05)
    except BaseException:
        reader.kill()
        raise
    return reader, stop, out


def test_reader_process_keeps_working_while_runs_write_and_publish(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    work, published = data / "work.duckdb", data / "spbe.duckdb"
    build_sample_warehouse(work)
    publish(work, published)
    before = fresh_probe(published)

    reader, stop, out = start_reader(tmp_path, published)
    try:

        timings, seen = [], []
        t_start = time.time()
        for gen in (1, 2, 3):                       # runs in this process: write the work DB, publish
            add_generation(work, gen)
            result = publish(work, published)       # must not fail although the reader holds the file
            timings.append(result.seconds)
            time.sleep(0.2)                         # let the reader query between publishes
            got = fresh_probe(published)            # a fresh connection sees this run's rows
            assert got[6] == 3 * gen and got[0] == before[0] + 3 * gen
            seen.append(got)
        # a writer in another process: `spbe import-official` loads the work DB and publishes
        env = {**os.environ, "SPBE_DATA_DIR": str(data)}
        cli = subprocess.run([sys.executable, "-m", "flows.cli", "import-official", str(OFFICIAL)], cwd=ROOT,
                             env=env, capture_output=True, text=True, timeout=120)
        assert cli.returncode == 0, cli.stderr
        after = fresh_probe(published)
        assert after[5] == 7 and after[6] == 9
        t_end = time.time()
        assert reader.poll() is None, "the reader died"
    finally:
        stop.touch()
        stdout, stderr = reader.communicate(timeout=60)
    assert reader.returncode == 0, stderr
    report = json.loads(out.read_text())
    assert report["errors"] == []
    assert report["iterations"] >= 50
    during = [t for t in report["times"] if t_start <= t <= t_end]
    assert len(during) >= 10, "the reader was not querying while the runs wrote and published"
    # the held session kept reading its snapshot, unchanged and whole, through four publishes
    assert report["changed"] == [] and report["final"] == list(before)
    assert list(before)[6] == 0
    print(f"publish seconds: {[round(t, 3) for t in timings]}; reader iterations: {report['iterations']} "
          f"({len(during)} during the runs)")
    # nothing left behind beside the published file
    assert sorted(p.name for p in data.iterdir() if "publishing" in p.name or p.name.endswith(".wal")) == []


def test_publish_result_and_views_in_snapshot(tmp_path):
    work = build_sample_warehouse(tmp_path / "work.duckdb")
    r = publish(work, tmp_path / "out" / "spbe.duckdb")
    assert r.published_db == (tmp_path / "out" / "spbe.duckdb").resolve() and r.bytes > 0
    assert r.tables["claims"] == 20 and r.tables["articles"] == 7 and r.tables["official_scores"] == 0
    assert {"region_scores", "claim_conflicts", "predicate_mismatch", "claims_vs_official",
            "region_timeseries"} <= set(r.views)
    con = duckdb.connect(str(r.published_db), read_only=True)
    try:
        assert con.execute("SELECT consensus_value FROM region_scores WHERE region_code = '32.75' AND year = 2024 "
                           "AND metric = 'spbe' AND status = 'achieved'").fetchone()[0] == 3.83
        assert con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] >= 3
    finally:
        con.close()


def test_publish_uses_the_callers_open_connection_and_removes_a_stale_wal(tmp_path):
    work = build_sample_warehouse(tmp_path / "work.duckdb")
    published = tmp_path / "spbe.duckdb"
    (tmp_path / "spbe.duckdb.wal").write_bytes(b"left by someone who opened the snapshot read-write")
    con = connect(work)                           # the nightly writer still holds its connection
    try:
        con.execute("DELETE FROM claims WHERE value = 3.38")
        r = publish(work, published, con=con)
        assert r.removed_stale_wal and r.tables["claims"] == 19
        r = publish(work, published)              # same process, connection still open: DuckDB shares it
        assert r.tables["claims"] == 19 and not r.removed_stale_wal
    finally:
        con.close()
    assert fresh_probe(published)[4] == 0         # the conflict went with the 3,38 claim
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spbe.duckdb", "work.duckdb"]


def test_failed_publish_leaves_the_old_snapshot_and_no_temp_file(tmp_path, monkeypatch):
    work = build_sample_warehouse(tmp_path / "work.duckdb")
    published = tmp_path / "spbe.duckdb"
    publish(work, published)
    before = fresh_probe(published)
    import warehouse.publish as pub

    def boom(path):
        raise OSError("disk full")

    monkeypatch.setattr(pub, "_fsync", boom)
    with pytest.raises(OSError):
        publish(work, published)
    assert fresh_probe(published) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spbe.duckdb", "work.duckdb"]


@pytest.mark.slow
def test_reader_process_survives_real_nightly_runs(prefect_server, tmp_path):
    """The same guarantee with the real nightly flow (discover, fetch, archive, extract, load, publish) crawling
    the bundled sample site on 127.0.0.1, twice, while another process holds the published snapshot open."""
    from flows.nightly import nightly
    from flows.sample_site import SampleSite, write_sample_sources

    data = tmp_path / "data"
    data.mkdir()
    published = data / "spbe.duckdb"
    connect(data / "work.duckdb").close()
    publish(data / "work.duckdb", published)            # an empty snapshot, held by the analyst below
    before = fresh_probe(published)
    assert before[0] == 0

    reader, stop, out = start_reader(tmp_path, published)
    try:
        with SampleSite() as site:
            sources = write_sample_sources(data / "sample-sources.toml", site.base_url)
            summaries = [nightly(sources_file=str(sources), data_dir=str(data)) for _ in range(2)]
        assert all(s.get("sources_failed", 0) == 0 for s in summaries), summaries
        fresh = duckdb.connect(str(published), read_only=True)
        try:
            assert fresh.execute(PROBE).fetchone()[0] > 0
            assert fresh.execute("SELECT consensus_value FROM region_scores WHERE region_code = '32.75' "
                                 "AND metric = 'spbe' AND year = 2024 AND status = 'achieved'").fetchone()[0] == 3.83
        finally:
            fresh.close()
        assert reader.poll() is None, "the reader died"
    finally:
        stop.touch()
        _, stderr = reader.communicate(timeout=60)
    assert reader.returncode == 0, stderr
    report = json.loads(out.read_text())
    assert report["errors"] == [] and report["changed"] == [] and report["final"] == list(before)
