"""End to end: the bundled sample site on 127.0.0.1 → the real nightly Prefect flow → a real DuckDB file.

Also: the second run downloads no body again; a crash mid-load followed by a re-run leaves the same
database as an uninterrupted run.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from extractors.archive import read_record
from flows.nightly import nightly
from flows.sample_site import SampleSite, write_sample_sources

pytestmark = pytest.mark.slow


def crawl(site: SampleSite, data: Path) -> dict:
    data.mkdir(parents=True, exist_ok=True)
    sources = write_sample_sources(data / "sample-sources.toml", site.base_url)
    return nightly(sources_file=str(sources), data_dir=str(data))


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """The warehouse's content without the columns that record *when* (they differ between runs)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "articles": con.execute(
                "SELECT article_id, url, source, page_sha256, title, published, date_source, text_sha256, relevant, "
                "extractor_version FROM articles ORDER BY article_id").fetchall(),
            "claims": con.execute(
                'SELECT claim_id, article_id, entity, metric, year, value, predicate, rank, status, start, "end" '
                "FROM claims ORDER BY claim_id").fetchall(),
            "pages": con.execute("SELECT sha256, url, status, bytes FROM pages ORDER BY sha256").fetchall(),
            "urls": con.execute("SELECT url, source, state, etag, body_sha256 FROM urls ORDER BY url").fetchall(),
        }
    finally:
        con.close()


@pytest.fixture(scope="module")
def sample_runs(prefect_server, tmp_path_factory):
    """Crawl the sample twice into one data dir; keep the server's request log of each run."""
    data = tmp_path_factory.mktemp("data")
    with SampleSite() as site:
        first = crawl(site, data)
        log_first = list(site.log)
        snap_first = snapshot(data / "spbe.duckdb")
        second = crawl(site, data)
        log_second = site.log[len(log_first):]
        article_paths = site.article_paths()
    return dict(data=data, first=first, second=second, log_first=log_first, log_second=log_second,
                snap_first=snap_first, article_paths=article_paths)


def test_first_run_stores_articles_pages_and_seed_claims(sample_runs):
    data = sample_runs["data"]
    assert sample_runs["first"]["fetched"] == len(sample_runs["article_paths"]) == 6
    con = duckdb.connect(str(data / "spbe.duckdb"), read_only=True)
    claims = con.execute("SELECT entity, metric, year, value, predicate, status FROM claims").fetchall()
    # The seed articles' headline facts are there, with the right metric and status …
    assert ("Kota Bekasi", "spbe", 2024, 3.83, "sangat baik", "achieved") in claims
    assert ("Kota Bandung", "spbe", 2025, 4.62, None, "target") in claims
    assert any(c[:2] == ("Kota Bekasi", "smart_city") and c[3] == 3.6 for c in claims)
    # … and nothing from the boilerplate: related headlines, comments, the article without claims.
    entities = {c[0] for c in claims}
    assert not entities & {"Kabupaten Bogor", "Kota Depok", "Provinsi Jawa Barat"}
    assert not any(c[3] in (3.52, 4.1, 4.5) for c in claims)
    thr = con.execute("SELECT article_id, relevant FROM articles WHERE title LIKE '%THR%'").fetchall()
    assert len(thr) == 1, "the article without claims is kept"
    assert con.execute("SELECT count(*) FROM claims WHERE article_id = ?", [thr[0][0]]).fetchone()[0] == 0
    # Every claim's quote is the text at its offsets.
    for quote, text, start, end in con.execute(
            'SELECT c.quote, a.text, c.start, c."end" FROM claims c JOIN articles a USING (article_id)').fetchall():
        assert text[start:end] == quote
    # Every article points at an archived page whose bytes still match their digest.
    rows = con.execute("SELECT p.warc_path, p.warc_offset, p.sha256, a.url FROM articles a "
                       "JOIN pages p ON p.sha256 = a.page_sha256").fetchall()
    assert len(rows) == 6
    for warc_path, offset, sha, url in rows:
        rec = read_record(data / "archive", warc_path, offset)
        assert rec.sha256_ok and rec.body and url.startswith("http://127.0.0.1")
    # The crawl log: robots-allowed feed, sitemap and article fetches, all 200 the first time.
    kinds = dict(con.execute("SELECT kind, count(*) FROM fetches WHERE status = 200 AND run_id = "
                             "(SELECT run_id FROM runs ORDER BY started_at LIMIT 1) GROUP BY kind").fetchall())
    assert kinds.get("article") == 6 and kinds.get("feed") == 1 and kinds.get("sitemap") == 1
    assert kinds.get("robots") == 1
    published = dict(con.execute("SELECT title, published FROM articles").fetchall())
    assert all(v is not None for v in published.values()), published
    con.close()


def test_second_run_downloads_no_body_and_adds_no_rows(sample_runs):
    assert snapshot(sample_runs["data"] / "spbe.duckdb") == sample_runs["snap_first"]
    second_articles = [(p, s) for p, s in sample_runs["log_second"] if p in sample_runs["article_paths"]]
    assert len(second_articles) == 6 and all(s == 304 for _, s in second_articles), second_articles
    assert sample_runs["second"]["not_modified"] >= 6
    con = duckdb.connect(str(sample_runs["data"] / "spbe.duckdb"), read_only=True)
    runs = con.execute("SELECT status FROM runs ORDER BY started_at").fetchall()
    assert runs == [("completed",), ("completed",)]
    con.close()


def test_crash_mid_load_then_rerun_equals_uninterrupted_run(prefect_server, tmp_path, monkeypatch):
    import flows.pipeline

    with SampleSite() as site:
        clean = tmp_path / "clean"
        crawl(site, clean)

        crashed = tmp_path / "crashed"
        real = flows.pipeline.replace_claims

        def crash(*args, **kwargs):  # dies inside the load transaction, after pages and articles were written
            raise RuntimeError("simulated crash")

        monkeypatch.setattr(flows.pipeline, "replace_claims", crash)
        with pytest.raises(RuntimeError, match="simulated crash") as crashed_run:
            crawl(site, crashed)
        # Prefect keeps the exception in the failed run's state: drop its frames (they hold the dead
        # run's DuckDB connection, which nanobind would report as leaked at exit).
        crashed_run.value.__traceback__ = None
        monkeypatch.setattr(flows.pipeline, "replace_claims", real)
        con = duckdb.connect(str(crashed / "work.duckdb"), read_only=True)
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 0, "the crashed batch rolled back"
        con.close()
        crawl(site, crashed)
    assert snapshot(crashed / "spbe.duckdb") == snapshot(clean / "spbe.duckdb")
