"""`spbe crawl` (a researcher adds one article) and `spbe reextract` (new rules, archived evidence)."""
from __future__ import annotations

from pathlib import Path

import duckdb
from typer.testing import CliRunner

from flows.cli import app
from flows.sample_site import SampleSite

runner = CliRunner()


def _claims(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT claim_id, entity, year, value, status FROM claims ORDER BY claim_id").fetchall()
    finally:
        con.close()


def test_crawl_given_urls_then_reextract_from_the_archive(tmp_path):
    data = tmp_path / "data"
    with SampleSite() as site:
        urls = [site.base_url + p for p in site.article_paths() if "bandung" in p or "cimahi" in p]
        result = runner.invoke(app, ["crawl", *urls, "--data-dir", str(data), "--delay", "0"])
        assert result.exit_code == 0, result.output
        # a URL the site does not have: recorded, reported, exit 1, the others stay stored
        bad = runner.invoke(app, ["crawl", site.base_url + "/tidak-ada/", "--data-dir", str(data), "--delay", "0"])
        assert bad.exit_code == 1 and "http_404" in bad.output
    claims = _claims(data / "spbe.duckdb")
    assert ("Kota Bandung", 2025, 4.62, "target") in [c[1:] for c in claims]
    assert {c[1] for c in claims} == {"Kota Bandung", "Kota Cimahi"}

    # Drop the claims from the working copy as a stand-in for a rule change; re-extract restores them
    # from the archived bytes alone (the site is down now).
    con = duckdb.connect(str(data / "work.duckdb"))
    con.execute("DELETE FROM claims")
    con.close()
    result = runner.invoke(app, ["reextract", "--all", "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    assert "re-extracted 2 articles" in result.output
    assert _claims(data / "spbe.duckdb") == claims

    # A damaged archive is reported, not silently skipped.
    for warc in (data / "archive").glob("*.warc.gz"):
        warc.write_bytes(warc.read_bytes()[:200])
    result = runner.invoke(app, ["reextract", "--all", "--data-dir", str(data)])
    assert result.exit_code == 1 and "2 failed" in result.output
    assert _claims(data / "spbe.duckdb") == claims, "claims are kept when their archive cannot be read"


def test_run_with_a_missing_sources_file_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["run", "--sources", str(tmp_path / "nope.toml"), "--data-dir", str(tmp_path)])
    assert result.exit_code == 2 and "sources file not found" in result.output
