"""`spbe show`, `spbe claims`, `spbe verify`, `spbe report` through the real CLI (typer runner), on the sample
warehouse plus a real WARC archive of the sample site (tests/test_evidence.py builds it)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from test_evidence import SOURCE, build_archived_warehouse
from warehouse.db import connect

runner = CliRunner()
WIDE = {"COLUMNS": "200"}


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tpl")
    build_archived_warehouse(root)
    return root


@pytest.fixture()
def data(template, tmp_path) -> tuple[Path, Path]:
    """A private copy (tests below damage it): (db, archive_dir)."""
    root = tmp_path / "data"
    shutil.copytree(template, root)
    return root / "spbe.duckdb", root / "archive"


def flat(out: str) -> str:
    """Terminal output without box drawing and line wrapping, for phrase searches."""
    return " ".join(out.translate({ord(ch): " " for ch in "│┃╭╮╰╯─━┌┐└┘├┤┬┴┼"}).split())


def run(*args: str, env: dict | None = None):
    return runner.invoke(app, list(args), env=env or WIDE)


def _archived_claim(db: Path, value: float | None = None) -> dict:
    con = connect(db, read_only=True)
    q = ("SELECT c.claim_id, c.article_id, c.quote, c.start, c.\"end\", c.value, a.page_sha256 FROM claims c "
         "JOIN articles a USING (article_id) WHERE a.source = ? AND c.value IS NOT NULL")
    params: list = [SOURCE]
    if value is not None:
        q += " AND c.value = ?"
        params.append(value)
    row = con.execute(q + " ORDER BY c.claim_id LIMIT 1", params).fetchone()
    con.close()
    return dict(zip(("claim_id", "article_id", "quote", "start", "end", "value", "sha256"), row))


# ------------------------------------------------------------------------------------------- show


def test_show_prints_the_evidence(data):
    db, _ = data
    c = _archived_claim(db, 3.83)
    res = run("show", c["claim_id"][:8], "--db", str(db))
    assert res.exit_code == 0, res.output
    out = res.output
    assert c["claim_id"] in out
    assert " ".join(c["quote"].split()) in flat(out)
    assert c["sha256"] in out                         # the archived copy's digest
    assert "sample-news.example" in out and "fetched at" in out
    assert "Other sources" in out and "kabarjabar" in out and "disagrees" in out
    assert "official results not loaded" in out


def test_show_saves_the_archived_bytes(data, tmp_path):
    import hashlib

    db, adir = data
    c = _archived_claim(db)
    target = tmp_path / "copy.html"
    res = run("show", c["claim_id"], "--db", str(db), "--archive-dir", str(adir), "--save-archived", str(target))
    assert res.exit_code == 0, res.output
    assert hashlib.sha256(target.read_bytes()).hexdigest() == c["sha256"]
    assert "sha256 verified" in res.output
    con = connect(db, read_only=True)
    seed = con.execute("SELECT claim_id FROM claims c JOIN articles a USING (article_id) WHERE a.source = 'prolite' "
                       "LIMIT 1").fetchone()[0]
    con.close()
    none = run("show", seed, "--db", str(db), "--save-archived", str(tmp_path / "x.html"))
    assert none.exit_code == 1 and "no archived page" in none.output


def test_show_unknown_or_ambiguous_id(data):
    db, _ = data
    assert run("show", "zzzz", "--db", str(db)).exit_code == 2
    res = run("show", "", "--db", str(db))
    assert res.exit_code == 2
    missing = run("show", "abc", "--db", str(db.parent / "nope.duckdb"))
    assert missing.exit_code == 2 and "warehouse not found" in missing.output


def test_show_opens_the_published_db_read_only_by_default(data, monkeypatch):
    db, _ = data
    monkeypatch.setenv("SPBE_DATA_DIR", str(db.parent))
    c = _archived_claim(db)
    writer = connect(db, read_only=True)  # another reader holds the file: read-only opens still work
    try:
        res = run("show", c["claim_id"])
        assert res.exit_code == 0, res.output
    finally:
        writer.close()


# ------------------------------------------------------------------------------------------- claims


def test_claims_table_with_filters(data):
    db, _ = data
    res = run("claims", "--db", str(db), "--region", "Pemkot Bekasi", "--year", "2024", "--metric", "spbe",
              "--conflicts")
    assert res.exit_code == 0, res.output
    assert "claim(s)" in res.output
    for source in ("prolite", "rakyatbekasi", "beritabekasi", "kabarjabar"):
        assert source in res.output
    assert "conflict" in res.output
    assert "Kota Cimahi" not in res.output


def test_claims_narrow_terminal_and_limit(data):
    db, _ = data
    res = run("claims", "--db", str(db), "--region", "Cimahi", "--limit", "2", env={"COLUMNS": "80"})
    assert res.exit_code == 0, res.output
    assert "first 2 shown" in res.output
    assert res.output.count("Kota Cimahi ·") == 2
    none = run("claims", "--db", str(db), "--region", "Kota Surabaya")
    assert none.exit_code == 0 and "No claim matches" in none.output


# ------------------------------------------------------------------------------------------- verify


def _archived_ids(db: Path) -> list[str]:
    con = connect(db, read_only=True)
    ids = [r[0] for r in con.execute("SELECT c.claim_id FROM claims c JOIN articles a USING (article_id) "
                                     "WHERE a.source = ? ORDER BY c.claim_id", [SOURCE]).fetchall()]
    con.close()
    return ids


def test_verify_archived_claims_pass(data):
    db, adir = data
    ids = _archived_ids(db)
    res = run("verify", *[i[:12] for i in ids], "--db", str(db), "--archive-dir", str(adir))
    assert res.exit_code == 0, res.output
    assert f"all {len(ids)} claim(s) supported" in res.output
    # the archive directory defaults to 'archive' beside the warehouse file
    assert run("verify", ids[0], "--db", str(db)).exit_code == 0


def test_verify_all_reports_unarchived_claims(data):
    db, _ = data
    res = run("verify", "--all", "--db", str(db))
    assert res.exit_code == 1
    assert "no archived page recorded" in res.output
    assert "not supported by the archive" in res.output


def test_verify_needs_ids_or_all(data):
    db, _ = data
    assert run("verify", "--db", str(db)).exit_code == 2


def test_verify_reports_a_corrupted_archive(data):
    db, adir = data
    c = _archived_claim(db)
    con = connect(db, read_only=True)
    warc, offset = con.execute("SELECT warc_path, warc_offset FROM pages WHERE sha256 = ?", [c["sha256"]]).fetchone()
    con.close()
    path = adir / warc
    raw = bytearray(path.read_bytes())
    for i in range(offset + 200, offset + 260):  # inside the record's gzip member
        raw[i] ^= 0x5A
    path.write_bytes(bytes(raw))
    res = run("verify", c["claim_id"], "--db", str(db))
    assert res.exit_code == 1, res.output
    assert c["claim_id"][:10] in res.output
    assert ("unreadable" in res.output) or ("corrupted" in res.output)


def test_verify_reports_a_digest_mismatch(data):
    db, _ = data
    c = _archived_claim(db)
    fake = "0" * 64
    con = connect(db)
    con.execute("UPDATE articles SET page_sha256 = ? WHERE page_sha256 = ?", [fake, c["sha256"]])
    row = con.execute("SELECT * EXCLUDE (sha256) FROM pages WHERE sha256 = ?", [c["sha256"]]).fetchone()
    cols = [d[0] for d in con.description]
    con.execute("DELETE FROM pages WHERE sha256 = ?", [c["sha256"]])
    con.execute(f"INSERT INTO pages (sha256, {', '.join(cols)}) VALUES (?{', ?' * len(cols)})", [fake, *row])
    con.close()
    res = run("verify", c["claim_id"], "--db", str(db))
    assert res.exit_code == 1, res.output
    assert "archive corrupted" in res.output and "does not match" in res.output


def test_verify_reports_a_missing_archive_file(data):
    db, adir = data
    c = _archived_claim(db)
    for f in adir.glob("*.warc.gz"):
        f.unlink()
    res = run("verify", c["claim_id"], "--db", str(db))
    assert res.exit_code == 1 and "archive file missing" in res.output


def test_verify_reports_changed_offsets(data):
    db, _ = data
    c = _archived_claim(db)
    con = connect(db)
    con.execute('UPDATE claims SET start = start + 7, "end" = "end" + 7 WHERE claim_id = ?', [c["claim_id"]])
    con.close()
    res = run("verify", c["claim_id"], "--db", str(db))
    assert res.exit_code == 1, res.output
    assert "quote no longer at offsets" in res.output
    assert f"{c['start'] + 7}:{c['end'] + 7}" in res.output
    assert f"found at {c['start']}:{c['end']}" in res.output


def test_verify_reports_facts_the_archive_does_not_support(data):
    db, _ = data
    c = _archived_claim(db)
    con = connect(db)
    con.execute("UPDATE claims SET value = value + 1 WHERE claim_id = ?", [c["claim_id"]])
    con.close()
    ids = _archived_ids(db)
    res = run("verify", *ids, "--db", str(db))
    assert res.exit_code == 1, res.output
    assert "1 of" in res.output and "no re-extracted claim with the same facts" in res.output


# ------------------------------------------------------------------------------------------- report


def test_report_command_writes_the_site(data, tmp_path):
    db, _ = data
    out = tmp_path / "report"
    res = run("report", str(out), "--db", str(db))
    assert res.exit_code == 0, res.output
    assert (out / "index.html").is_file() and (out / "conflicts.html").is_file()
    assert (out / "regions" / "32-75.html").is_file()
    archived = list((out / "archive").glob("*.html"))
    assert len(archived) == len(list(_pages(db)))
    assert "archived page(s) copied" in res.output


def _pages(db: Path):
    con = connect(db, read_only=True)
    rows = con.execute("SELECT DISTINCT a.page_sha256 FROM articles a JOIN claims c USING (article_id) "
                       "WHERE a.page_sha256 IS NOT NULL").fetchall()  # pages whose claims the report shows
    con.close()
    return rows


# ------------------------------------------------------------------------------------------- end to end


@pytest.mark.slow
def test_end_to_end_on_the_crawled_sample(prefect_server, tmp_path, monkeypatch):
    """`spbe sample`'s path: the sample site crawled by the real nightly flow, then the research commands on
    the published warehouse found through $SPBE_DATA_DIR (no --db): everything verifies; a damaged archive
    does not."""
    from flows.nightly import nightly
    from flows.sample_site import SampleSite, write_sample_sources

    data = tmp_path / "data"
    data.mkdir()
    with SampleSite() as site:
        nightly(sources_file=str(write_sample_sources(data / "sample-sources.toml", site.base_url)),
                data_dir=str(data))
    monkeypatch.setenv("SPBE_DATA_DIR", str(data))
    con = connect(data / "spbe.duckdb", read_only=True)
    cid, url = con.execute("SELECT c.claim_id, a.url FROM claims c JOIN articles a USING (article_id) "
                           "WHERE c.value = 3.83 ORDER BY c.claim_id LIMIT 1").fetchone()
    n = con.execute("SELECT count(*) FROM claims").fetchone()[0]
    con.close()
    assert n > 5

    res = run("verify", "--all")
    assert res.exit_code == 0, res.output
    assert f"all {n} claim(s) supported" in res.output

    shown = run("show", cid[:10])
    assert shown.exit_code == 0 and url in flat(shown.output) and "archived sha256" in shown.output

    out = tmp_path / "report"
    rep = run("report", str(out))
    assert rep.exit_code == 0, rep.output
    assert list((out / "archive").glob("*.html"))

    for warc in (data / "archive").glob("*.warc.gz"):
        raw = bytearray(warc.read_bytes())
        for i in range(len(raw) // 2, len(raw) // 2 + 64):
            raw[i] ^= 0xFF
        warc.write_bytes(bytes(raw))
    bad = run("verify", "--all")
    assert bad.exit_code == 1 and "not supported by the archive" in bad.output
