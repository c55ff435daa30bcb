"""CI quality gate: F1 on tests/corpus/dev + seeds, tests/corpus/heldout and tests/corpus/tuning must not fall
below eval/floors.toml ([floors], [heldout], [tuning]; see its comments)."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.evaluate import evaluate
from flows.cli_claims import load_floors

ROOT = Path(__file__).resolve().parent.parent


def test_f1_not_below_floors() -> None:
    floors = load_floors(ROOT / "eval" / "floors.toml")
    assert set(floors) >= {"score", "predicate", "rank", "micro"}
    report = evaluate([ROOT / "tests/corpus/dev", ROOT / "tests/corpus/seeds"])
    f1 = report.f1()
    below = {k: (round(f1[k], 3), v) for k, v in floors.items() if f1[k] < v}
    assert not below, f"F1 below floor: {below}; misses={len(report.misses)} spurious={len(report.spurious)}"
    assert report.empty_articles_with_claims == []


@pytest.mark.parametrize("section", ["heldout", "tuning"])
def test_regression_sets_f1_not_below_floors(section: str) -> None:
    import tomllib

    with (ROOT / "eval" / "floors.toml").open("rb") as fh:
        floors = {k: float(v) for k, v in tomllib.load(fh)[section].items()}
    assert set(floors) >= {"score", "predicate", "rank", "micro"}
    report = evaluate([ROOT / "tests/corpus" / section])
    f1 = report.f1()
    below = {k: (round(f1[k], 3), v) for k, v in floors.items() if f1[k] < v}
    assert not below, f"{section} F1 below floor: {below}; misses={len(report.misses)} spurious={len(report.spurious)}"
    assert report.empty_articles_with_claims == []


def test_hard_negatives_yield_no_claim() -> None:
    """tests/corpus/negatives: SPBE pages full of numbers that are not claims (averages, bands, budgets, contests)."""
    report = evaluate([ROOT / "tests/corpus/negatives"])
    assert report.articles == 30
    assert report.empty_articles_with_claims == []
    assert sum(k.fp for k in report.scores.values()) == 0


def test_evaluator_matching_rules() -> None:
    """The evaluator itself, on a tiny hand-made article (README matching rules)."""
    import json
    import tempfile

    from extractors.evaluate import evaluate as ev

    text = ("Indeks SPBE Kota Adm. Jakarta Pusat tahun 2023 sebesar 3,83 dengan predikat sangat baik. "
            "Pemkot Bekasi meraih indeks SPBE 3,01. Kota Bogor menempati peringkat kelima evaluasi SPBE nasional.")
    gold = [
        {"entity": "Kota Administrasi Jakarta Pusat", "metric": "spbe", "year": 2023, "value": 3.834,
         "predicate": "sangat baik", "rank": None, "status": "achieved"},
        {"entity": "Kota Bekasi", "metric": "spbe", "year": None, "year_implied": 2023, "value": 3.01,
         "predicate": None, "rank": None, "status": "achieved"},
        {"entity": "kota-bogor", "metric": "spbe", "year": 2020, "value": None, "predicate": None, "rank": 5,
         "status": "achieved"},
        {"entity": "Kota Depok", "metric": "spbe", "year": 2023, "value": 3.5, "predicate": None, "rank": None,
         "status": "achieved"},
    ]
    with tempfile.TemporaryDirectory() as d:
        Path(d, "x.json").write_text(json.dumps({"id": "x", "text": text}), encoding="utf-8")
        Path(d, "x.gold.jsonl").write_text("\n".join(json.dumps(g) for g in gold), encoding="utf-8")
        rep = ev([Path(d)])
    assert (rep.scores["score"].tp, rep.scores["score"].fn, rep.scores["score"].fp) == (2, 1, 0)
    assert (rep.scores["predicate"].tp, rep.scores["rank"].tp) == (1, 1)
    assert [m.fact["entity"] for m in rep.misses] == ["Kota Depok"]
