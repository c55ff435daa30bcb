"""The extractor on the real articles of tests/corpus: contract checks and a few phenomena as they occur."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.claims import extract_claims, is_relevant
from extractors.evaluate import iter_corpus
from extractors.model import CLAIM_FIELDS, PREDICATES

CORPUS = Path(__file__).parent / "corpus"
ARTICLES = list(iter_corpus([CORPUS / "dev", CORPUS / "seeds"]))


def _claims(art_id: str):
    art = next(a for a in ARTICLES if a.id == art_id)
    return extract_claims(art.text, published=art.published, title=art.title)


@pytest.mark.parametrize("art", ARTICLES, ids=lambda a: a.id)
def test_contract(art) -> None:
    claims = extract_claims(art.text, published=art.published, title=art.title)
    for c in claims:
        assert list(c.to_dict()) == list(CLAIM_FIELDS)
        if c.start >= 0:
            assert art.text[c.start:c.end] == c.quote
        else:
            assert c.rule.startswith("title:") and c.quote == art.title
        assert c.metric in ("spbe", "smart_city", "other")
        assert c.status in ("achieved", "target", "interim")
        assert c.entity_type in ("provinsi", "kota", "kabupaten", "instansi")
        assert c.predicate is None or c.predicate in PREDICATES
        assert c.value is not None or c.predicate is not None or c.rank is not None
        assert (c.region_code is None) == (c.entity_type == "instansi")
    assert claims == extract_claims(art.text, published=art.published, title=art.title)


def test_all_corpus_articles_are_relevant() -> None:
    assert all(is_relevant(a.text) for a in ARTICLES)


def test_articles_without_claims_give_none() -> None:
    empty = [a for a in ARTICLES if not a.gold]
    assert empty
    for a in empty:
        assert extract_claims(a.text, published=a.published, title=a.title) == [], a.id


def test_smart_city_on_scale_4_is_not_spbe() -> None:
    facts = {(c.metric, c.value, c.scale_max) for c in _claims("seed_000")}
    assert ("smart_city", 3.6, 4.0) in facts
    assert not any(m == "spbe" and v == 3.6 for m, v, _ in facts)


def test_persen_slip_kept_and_related_headlines_ignored() -> None:
    claims = _claims("seed_001")
    assert {c.value for c in claims if c.value is not None} == {0.32, 3.8}
    assert all(c.start < 2000 for c in claims)   # nothing from the "Berita Terkait" block


def test_interim_and_target_in_bandung_review() -> None:
    got = {(c.value, c.status, c.year) for c in _claims("seed_004")}
    assert (4.62, "target", 2025) in got
    assert (3.0, "interim", None) in got
    assert (3.98, "achieved", 2023) in got and (4.59, "achieved", 2024) in got


def test_delta_naik_012_poin_is_not_a_score() -> None:
    assert {c.value for c in _claims("a_001") if c.value is not None} == {3.57, 3.35}


def test_list_of_regions_in_bengkulu() -> None:
    got = {(c.entity, c.value, c.year) for c in _claims("b_012") if c.value is not None}
    for fact in [("Kabupaten Bengkulu Tengah", 2.55, 2023), ("Kabupaten Kaur", 2.24, 2023),
                 ("Kabupaten Mukomuko", 2.07, 2023), ("Kabupaten Lebong", 1.55, 2022)]:
        assert fact in got


def test_rank_chain_of_digital_government_award() -> None:
    ranks = {c.entity: c.rank for c in _claims("a_014") if c.rank is not None}
    assert ranks["Kota Surabaya"] == 1 and ranks["Kota Madiun"] == 2 and ranks["Kota Denpasar"] == 10


def test_ministries_ranked() -> None:
    ranks = {(c.entity, c.entity_type, c.rank) for c in _claims("a_003")}
    assert ("Kementerian Keuangan", "instansi", 1) in ranks
    assert ("Kementerian Pekerjaan Umum dan Perumahan Rakyat", "instansi", 2) in ranks
