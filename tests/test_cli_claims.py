"""`spbe extract` and `spbe evaluate` as a user runs them."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from flows.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def test_extract_txt_jsonl(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("Tahun lalu indeks SPBE Kota Bogor mencapai 3,41 dengan predikat Baik.", encoding="utf-8")
    res = runner.invoke(app, ["extract", str(p), "--published", "2024-02-01"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(ln) for ln in res.stdout.splitlines() if ln.strip()]
    assert len(rows) == 1
    assert rows[0]["source"] == str(p)
    assert (rows[0]["entity"], rows[0]["value"], rows[0]["year"], rows[0]["predicate"]) == (
        "Kota Bogor", 3.41, 2023, "baik")


def test_extract_corpus_json_and_table() -> None:
    f = ROOT / "tests/corpus/seeds/seed_000.json"
    res = runner.invoke(app, ["extract", str(f), "--format", "table"])
    assert res.exit_code == 0, res.output
    assert "Kota" in res.stdout and "smart_city" in res.stdout


def test_extract_html(tmp_path: Path) -> None:
    p = tmp_path / "a.html"
    p.write_text(
        "<html><head><title>Indeks SPBE Kota Bogor Naik</title></head><body><article>"
        "<h1>Indeks SPBE Kota Bogor Naik</h1><p>BOGOR - Pemerintah Kota Bogor berhasil meningkatkan indeks "
        "Sistem Pemerintahan Berbasis Elektronik (SPBE). Berdasarkan hasil evaluasi tahun 2023, Pemkot Bogor "
        "meraih nilai 3,41 dengan predikat Baik.</p><p>Wali Kota Bogor mengapresiasi kerja seluruh perangkat "
        "daerah yang terlibat dalam penerapan SPBE di lingkungan Pemkot Bogor selama ini.</p></article>"
        "</body></html>", encoding="utf-8")
    res = runner.invoke(app, ["extract", str(p)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(ln) for ln in res.stdout.splitlines() if ln.strip()]
    assert any(r["entity"] == "Kota Bogor" and r["value"] == 3.41 for r in rows)


def test_extract_missing_file_still_processes_others(tmp_path: Path) -> None:
    p = tmp_path / "ok.txt"
    p.write_text("Indeks SPBE Kota Bogor tahun 2023 sebesar 3,41.", encoding="utf-8")
    res = runner.invoke(app, ["extract", str(tmp_path / "missing.txt"), str(p)])
    assert res.exit_code == 1
    assert "missing.txt" in res.stderr
    assert '"Kota Bogor"' in res.stdout


def test_evaluate_with_floors(tmp_path: Path) -> None:
    dirs = [str(ROOT / "tests/corpus/dev"), str(ROOT / "tests/corpus/seeds")]
    res = runner.invoke(app, ["evaluate", *dirs, "--floors", str(ROOT / "eval/floors.toml"), "--quiet"])
    assert res.exit_code == 0, res.output
    assert "micro" in res.stdout and "predicate" in res.stdout
    high = tmp_path / "high.toml"
    high.write_text("[floors]\nscore = 1.01\n", encoding="utf-8")
    res = runner.invoke(app, ["evaluate", *dirs, "--floors", str(high)])
    assert res.exit_code == 1
    assert "below its floor" in res.stderr


def test_evaluate_lists_misses(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text(json.dumps({"id": "x", "text": "Tidak ada angka."}), encoding="utf-8")
    (tmp_path / "x.gold.jsonl").write_text(json.dumps(
        {"entity": "Kota Bogor", "metric": "spbe", "year": 2023, "value": 3.41, "predicate": None, "rank": None,
         "status": "achieved", "quote": "Indeks SPBE Kota Bogor 3,41."}) + "\n", encoding="utf-8")
    res = runner.invoke(app, ["evaluate", str(tmp_path), "--verbose"])
    assert res.exit_code == 0
    assert "Missed (1)" in res.stdout and "Kota Bogor" in res.stdout
