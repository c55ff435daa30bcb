"""A small, realistic warehouse for tests of the analyst and researcher surfaces.

Built from the five seed articles and their gold claims (quotes located in the real text, so offsets are
true), plus two short articles from other outlets: one agreeing with a seed (3,8 vs 3,83) and one that
disagrees (3,38), and a claim whose predicate does not fit its value. No HTTP and no claim rules involved,
so view tests do not move when the rules improve.
"""
from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

from warehouse.db import connect
from warehouse.load import article_id, claim_rows, replace_claims, upsert

CORPUS = Path(__file__).with_name("corpus")
SITES = {
    "seed_000": ("prolite", "https://prolitenews.example/daerah/spbe-kota-bekasi"),
    "seed_001": ("rakyatbekasi", "https://rakyatbekasi.example/2025/01/27/diskominfostandi-evaluasi-spbe"),
    "seed_002": ("indoartnews", "https://indoartnews.example/cimahi-berjaya-spbe-summit-2024"),
    "seed_003": ("bengkuluekspress", "https://bengkuluekspress.example/pemkot-raih-predikat-baik-spbe"),
    "seed_004": ("kabarharmoni", "https://kabarharmoni.example/pemkot-bandung-targetkan-4-62"),
}
EXTRA = [
    # (source, url, published, title, text, claims: (entity, code, type, year, value, predicate, status, quote))
    ("beritabekasi", "https://beritabekasi.example/spbe-2024", date(2025, 2, 3), "SPBE Kota Bekasi 2024",
     "Pemkot Bekasi meraih indeks SPBE 3,8 pada tahun 2024. Wali Kota menyampaikan terima kasih.",
     [("Kota Bekasi", "32.75", "kota", 2024, 3.8, None, "achieved", "Pemkot Bekasi meraih indeks SPBE 3,8 pada tahun 2024.")]),
    ("kabarjabar", "https://kabarjabar.example/bekasi-spbe", date(2025, 2, 10), "Bekasi dan Cimahi",
     "Indeks SPBE Kota Bekasi tahun 2024 tercatat 3,38 dengan predikat memuaskan. Kota Cimahi 2023 meraih 4,02.",
     [("Kota Bekasi", "32.75", "kota", 2024, 3.38, "memuaskan", "achieved",
       "Indeks SPBE Kota Bekasi tahun 2024 tercatat 3,38 dengan predikat memuaskan."),
      ("Kota Cimahi", "32.77", "kota", 2023, 4.02, None, "achieved", "Kota Cimahi 2023 meraih 4,02.")]),
]
CODES = {"Kota Bekasi": ("32.75", "kota"), "Kota Cimahi": ("32.77", "kota"),
         "Kota Bengkulu": ("17.71", "kota"), "Kota Bandung": ("32.73", "kota")}
VERSION = "test-fixture"


def _claim(entity: str, code: str, etype: str, text: str, quote: str, **facts) -> dict:
    start = text.find(quote)
    assert start >= 0, quote
    d = {"entity": entity, "entity_type": etype, "region_code": code, "metric": "spbe", "metric_name": None,
         "year": None, "year_source": None, "value": None, "scale_max": None, "predicate": None, "rank": None,
         "rank_scope": None, "status": "achieved", "quote": quote, "start": start, "end": start + len(quote),
         "confidence": 0.9, "rule": "fixture", "extractor_version": VERSION}
    d.update(facts)
    return d


def build_sample_warehouse(db_path: Path) -> Path:
    """Write the sample warehouse to `db_path` (a fresh DuckDB file) and return the path."""
    con = connect(db_path)
    now = datetime(2025, 8, 1, 1, 0, tzinfo=timezone.utc)
    articles, claims, sources = [], {}, set()
    for sid, (source, url) in SITES.items():
        doc = json.loads((CORPUS / "seeds" / f"{sid}.json").read_text(encoding="utf-8"))
        text = doc["text"]
        aid = article_id(url)
        sources.add(source)
        articles.append({"article_id": aid, "url": url, "source": source, "title": text.split("\n", 1)[0][:200],
                         "published": date.fromisoformat(doc["date_in_text"]), "date_source": "htmldate",
                         "text": text, "relevant": True, "first_seen": now, "last_fetched": now,
                         "extractor_version": VERSION})
        rows = []
        for line in (CORPUS / "seeds" / f"{sid}.gold.jsonl").read_text(encoding="utf-8").splitlines():
            g = json.loads(line)
            if g["quote"] not in text:
                continue
            code, etype = CODES[g["entity"]]
            year = g.get("year") or g.get("year_implied")
            rows.append(_claim(g["entity"], code, etype, text, g["quote"], metric=g["metric"], year=year,
                               year_source="stated" if g.get("year") else "publication_date",
                               value=g.get("value"), scale_max=g.get("scale_max"), predicate=g.get("predicate"),
                               rank=g.get("rank"), rank_scope=g.get("rank_scope"), status=g["status"]))
        claims[aid] = claim_rows(aid, rows, extracted_at=now)
    for source, url, published, title, text, facts in EXTRA:
        aid = article_id(url)
        sources.add(source)
        articles.append({"article_id": aid, "url": url, "source": source, "title": title, "published": published,
                         "date_source": "htmldate", "text": text, "relevant": True, "first_seen": now,
                         "last_fetched": now, "extractor_version": VERSION})
        rows = [_claim(e, code, et, text, q, year=y, year_source="stated", value=v, predicate=p, status=s)
                for e, code, et, y, v, p, s, q in facts]
        claims[aid] = claim_rows(aid, rows, extracted_at=now)
    upsert(con, "sources", [{"source": s, "home_url": f"https://{s}.example/", "verified": False} for s in sorted(sources)],
           ["source"])
    upsert(con, "articles", articles, ["article_id"])
    replace_claims(con, claims)
    con.close()
    return db_path
