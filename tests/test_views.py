"""The analyst views give the right rows on the sample warehouse (seed claims + agreeing/conflicting outlets)."""
from __future__ import annotations

import csv
import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from sample_warehouse import build_sample_warehouse  # noqa: E402

from warehouse.db import connect  # noqa: E402
from warehouse.load import article_id, claim_rows, replace_claims, upsert  # noqa: E402
from warehouse.official import import_official  # noqa: E402

DATA = Path(__file__).with_name("data")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    db = build_sample_warehouse(tmp_path_factory.mktemp("views") / "work.duckdb")
    c = connect(db)
    import_official(c, DATA / "official_sample.csv")
    yield c
    c.close()


def rows(con, sql, *params):
    cur = con.execute(sql, list(params))
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


@pytest.mark.parametrize("a,b,agree", [
    (3.83, 3.8, True), (3.8, 3.83, True), (3.01, 0.32, False), (3.86, 3.8, False), (3.85, 3.9, True),
    (4.0, 4.02, True), (4.0, 4.4, False), (4.0, 4.04, True), (3.38, 3.83, False), (2.61, 2.6, True), (2.61, 2.62, False), (3.0, 3.0, True),
])
def test_agreement_beyond_rounding(con, a, b, agree):
    assert con.execute("SELECT spbe_agree(?, ?)", [a, b]).fetchone()[0] is agree


def test_region_scores_consensus_for_kota_bekasi_2024(con):
    (r,) = rows(con, "SELECT * FROM region_scores WHERE region_code = '32.75' AND metric = 'spbe' "
                     "AND year = 2024 AND status = 'achieved'")
    assert r["entity"] == "Kota Bekasi"
    assert r["consensus_value"] == 3.83          # 3,83 and 3,8 agree: tie on sources, the more precise wins
    assert r["consensus_sources"] == 3           # prolite (3,83), rakyatbekasi and beritabekasi (3,8)
    assert r["n_sources"] == 4 and r["n_articles"] == 4 and r["n_claims"] == 4
    assert r["values"] == [3.38, 3.8, 3.83]
    assert r["predicates"] == ["memuaskan", "sangat baik"]
    assert r["sources"] == ["beritabekasi", "kabarjabar", "prolite", "rakyatbekasi"]
    assert r["has_conflict"] is True
    assert (r["first_seen"], r["last_seen"]) == (date(2025, 1, 9), date(2025, 2, 10))


def test_region_scores_other_groups(con):
    got = {(r["entity"], r["metric"], r["year"], r["status"], r["scale_max"]):
           (r["consensus_value"], r["consensus_sources"], r["n_sources"], r["has_conflict"])
           for r in rows(con, "SELECT * FROM region_scores")}
    assert got[("Kota Cimahi", "spbe", 2023, "achieved", None)] == (4.02, 2, 2, False)
    assert got[("Kota Bekasi", "spbe", 2023, "achieved", None)] == (3.01, 1, 1, False)
    # 0,32 has no year: its own group, not a conflict with 3,01 (2023) nor 3,83 (2024)
    assert got[("Kota Bekasi", "spbe", None, "achieved", None)] == (0.32, 1, 1, False)
    # targets and interim values are kept apart from achieved ones
    assert got[("Kota Bandung", "spbe", 2025, "target", None)][0] == 4.62
    assert got[("Kota Bandung", "spbe", 2025, "interim", None)][0] == 3.0
    # a value on another scale (3,6 of 4) is its own group; rank-only claims have no consensus value
    assert got[("Kota Bekasi", "smart_city", 2024, "achieved", 4.0)][0] == 3.6
    assert got[("Kota Bekasi", "smart_city", 2024, "achieved", None)] == (None, None, 2, False)
    assert len(got) == con.execute("SELECT count(*) FROM region_scores").fetchone()[0]  # one row per group


def test_claim_conflicts_shows_the_dissent_beside_the_consensus(con):
    conflicts = rows(con, "SELECT * FROM claim_conflicts")
    assert len(conflicts) == 1
    (r,) = conflicts
    assert (r["entity"], r["metric"], r["year"], r["status"]) == ("Kota Bekasi", "spbe", 2024, "achieved")
    assert r["value"] == 3.38 and r["source"] == "kabarjabar" and r["predicate"] == "memuaskan"
    assert r["url"] == "https://kabarjabar.example/bekasi-spbe" and r["published"] == date(2025, 2, 10)
    assert "3,38" in r["quote"]
    assert r["consensus_value"] == 3.83 and r["consensus_sources"] == 3
    assert r["consensus_source_list"] == ["beritabekasi", "prolite", "rakyatbekasi"]
    assert len(r["consensus_urls"]) == 3
    assert r["difference"] == pytest.approx(-0.45)


def test_predicate_mismatch_finds_3_38_memuaskan(con):
    got = rows(con, "SELECT * FROM predicate_mismatch")
    assert [(r["entity"], r["year"], r["value"], r["predicate"], r["expected_predicate"]) for r in got] == [
        ("Kota Bekasi", 2024, 3.38, "memuaskan", "baik")]
    assert got[0]["band_source"].startswith("PermenPANRB 59/2020")
    assert got[0]["source"] == "kabarjabar"
    # the claims whose predicate fits (3,83 sangat baik, 2,61 baik, 3,09 baik, 4,02 sangat baik) are not there
    assert con.execute("SELECT count(*) FROM claims WHERE metric = 'spbe' AND value IS NOT NULL "
                       "AND predicate IS NOT NULL").fetchone()[0] == 5


def test_claims_vs_official(con):
    got = {(r["source"], r["entity"], r["year"], r["value"]): r for r in rows(con, "SELECT * FROM claims_vs_official")}
    bandung = got[("kabarharmoni", "Kota Bandung", 2024, 4.59)]
    assert bandung["official_value"] == 4.12 and bandung["difference"] == pytest.approx(0.47)
    assert bandung["agrees_with_official"] is False
    near = got[("rakyatbekasi", "Kota Bekasi", 2024, 3.8)]
    assert near["official_value"] == 3.83 and near["difference"] == pytest.approx(-0.03)
    assert near["agrees_with_official"] is True
    off = got[("kabarjabar", "Kota Bekasi", 2024, 3.38)]
    assert off["agrees_with_official"] is False and off["predicate_matches_official"] is False
    exact = got[("prolite", "Kota Bekasi", 2024, 3.83)]
    assert exact["difference"] == 0 and exact["predicate_matches_official"] is True
    assert "CONTOH" in exact["official_source"]
    # no official value loaded for Bandung 2023: the claim is there, beside NULL
    assert got[("kabarharmoni", "Kota Bandung", 2023, 3.98)]["official_value"] is None
    # only SPBE claims: the smart city claims are not compared with the SPBE index
    assert len(got) == con.execute("SELECT count(*) FROM claims WHERE metric = 'spbe'").fetchone()[0]


def test_region_timeseries_is_ready_to_plot(con):
    got = rows(con, "SELECT * FROM region_timeseries WHERE region_code = '32.75' AND metric = 'spbe' ORDER BY year")
    assert [(r["year"], r["value"], r["official_value"]) for r in got] == [(2023, 3.01, 3.01), (2024, 3.83, 3.83)]
    assert got[1]["change"] == pytest.approx(0.82) and got[1]["has_conflict"] is True
    bandung = rows(con, "SELECT * FROM region_timeseries WHERE region_code = '32.73' ORDER BY year")
    assert [(r["year"], r["value"]) for r in bandung] == [(2023, 3.98), (2024, 4.59)]   # no target/interim
    # achieved values only, with a year, one row per region/metric/year
    assert con.execute("SELECT count(*) FROM region_timeseries WHERE year IS NULL").fetchone()[0] == 0
    assert con.execute("SELECT count(*) - count(DISTINCT (region_code, metric, year, scale_max)) "
                       "FROM region_timeseries").fetchone()[0] == 0


def test_predicate_bands_table_matches_its_csv(con):
    with (ROOT / "warehouse" / "predicate_bands.csv").open(encoding="utf-8") as fh:
        csv_rows = {(int(r["year_from"]), int(r["year_to"]) if r["year_to"] else None, r["predicate"],
                     float(r["min_value"]), float(r["max_value_exclusive"]), r["source"]) for r in csv.DictReader(fh)}
    table = set(con.execute("SELECT year_from, year_to, predicate, min_value, max_value_exclusive, source "
                            "FROM predicate_bands").fetchall())
    assert table == csv_rows
    assert any("PermenPANRB 59/2020" in r[5] for r in table)


def _warehouse_with(tmp_path, facts):
    """A warehouse holding one article per (source, value, predicate, year, status) fact."""
    con = connect(tmp_path / "w.duckdb")
    arts, claims = [], {}
    for i, (source, value, predicate, year, published) in enumerate(facts):
        url = f"https://{source}.example/{i}"
        aid = article_id(url)
        quote = f"Indeks SPBE Kota Depok {value} {predicate or ''}"
        arts.append({"article_id": aid, "url": url, "source": source, "published": published, "text": quote})
        claims[aid] = claim_rows(aid, [{
            "entity": "Kota Depok", "entity_type": "kota", "region_code": "32.76", "metric": "spbe", "year": year,
            "value": value, "predicate": predicate, "status": "achieved", "quote": quote, "start": 0,
            "end": len(quote), "extractor_version": "t"}])
    upsert(con, "articles", arts, ["article_id"])
    replace_claims(con, claims)
    return con


@pytest.mark.parametrize("value,predicate,mismatch", [
    (4.2, "memuaskan", False), (5.0, "memuaskan", False), (4.19, "memuaskan", True), (4.19, "sangat baik", False),
    (3.5, "sangat baik", False), (3.49, "baik", False), (2.6, "baik", False), (2.59, "cukup", False),
    (1.8, "cukup", False), (1.79, "kurang", False), (1.79, "cukup", True), (0.5, "kurang", False),
])
def test_predicate_band_edges(tmp_path, value, predicate, mismatch):
    con = _warehouse_with(tmp_path, [("a", value, predicate, 2023, date(2024, 1, 1))])
    assert con.execute("SELECT count(*) FROM predicate_mismatch").fetchone()[0] == int(mismatch)


def test_predicate_mismatch_uses_publication_year_and_skips_years_without_rules(tmp_path):
    con = _warehouse_with(tmp_path, [("a", 3.0, "memuaskan", None, date(2024, 5, 1)),
                                     ("b", 3.0, "memuaskan", 2015, date(2016, 5, 1))])
    got = rows(con, "SELECT source, band_year FROM predicate_mismatch")
    assert got == [{"source": "a", "band_year": 2024}]


def test_consensus_prefers_more_sources_then_precision(tmp_path):
    day = date(2025, 1, 1)
    con = _warehouse_with(tmp_path, [("a", 3.5, None, 2024, day), ("b", 3.52, None, 2024, day),
                                     ("c", 2.9, None, 2024, day), ("d", 2.9, None, 2024, day),
                                     ("e", 2.9, None, 2024, day), ("a", 3.5, None, 2024, day)])
    (r,) = rows(con, "SELECT * FROM region_scores")
    assert (r["consensus_value"], r["consensus_sources"], r["n_sources"]) == (2.9, 3, 5)
    conflicts = rows(con, "SELECT source, value FROM claim_conflicts ORDER BY source")
    assert conflicts == [{"source": "a", "value": 3.5}, {"source": "a", "value": 3.5}, {"source": "b", "value": 3.52}]
