"""Official results import: CSV and Excel, header spellings, every bad-row kind with its line, all or nothing."""
from __future__ import annotations

from pathlib import Path

import pytest

import warehouse.official as official
from warehouse.db import connect
from warehouse.official import OfficialImportError, import_official

SAMPLE = Path(__file__).with_name("data") / "official_sample.csv"


@pytest.fixture
def con(tmp_path):
    c = connect(tmp_path / "work.duckdb")
    yield c
    c.close()


def table(con):
    return con.execute("SELECT region_code, year, entity, entity_type, value, predicate, source, source_file, "
                       "source_line, file_sha256 FROM official_scores ORDER BY region_code, year").fetchall()


def test_sample_csv_loads_every_row(con):
    r = import_official(con, SAMPLE)
    assert (r.rows, r.inserted, r.replaced, r.warnings) == (7, 7, 0, [])
    got = {(row[0], row[1]): row for row in table(con)}
    assert got[("32.75", 2024)][2:6] == ("Kota Bekasi", "kota", 3.83, "sangat baik")   # "Pemerintah Kota Bekasi"
    assert got[("32.77", 2022)][2] == "Kota Cimahi"                                     # name only, no code
    assert got[("32", 2024)][2:4] == ("Provinsi Jawa Barat", "provinsi")
    assert got[("32.75", 2024)][7:9] == ("official_sample.csv", 3)                      # file and line kept
    assert got[("32.75", 2024)][6].startswith("CONTOH")


def test_reimport_is_idempotent(con):
    import_official(con, SAMPLE)
    first = table(con)
    r = import_official(con, SAMPLE)
    assert (r.inserted, r.replaced) == (0, 7)
    assert table(con) == first


def test_semicolons_decimal_commas_other_headers_and_source_option(con, tmp_path):
    f = tmp_path / "hasil.csv"
    f.write_text("\ufeffTahun;Wilayah;Nilai Indeks;Predikat\n"
                 "2024;Kabupaten Bekasi;3,21;Baik\n"
                 "\n"
                 "2024;Kab. Lebong;2,05;cukup\n", encoding="utf-8")
    r = import_official(con, f, source="Keputusan MenPANRB (contoh)")
    assert r.rows == 2
    assert table(con) == [
        ("17.07", 2024, "Kabupaten Lebong", "kabupaten", 2.05, "cukup", "Keputusan MenPANRB (contoh)", "hasil.csv", 4,
         r_digest(f)),
        ("32.16", 2024, "Kabupaten Bekasi", "kabupaten", 3.21, "baik", "Keputusan MenPANRB (contoh)", "hasil.csv", 2,
         r_digest(f)),
    ]


def r_digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_xlsx(con, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["No", "Nama Instansi", "Kode", "Tahun", "Indeks", "Predikat", "Sumber"])
    ws.append([1, "Pemerintah Kota Bekasi", "32.75", 2024, 3.83, "Sangat Baik", "Lampiran (contoh)"])
    ws.append([2, "Kabupaten Majalengka", 32.1, 2024, 2.9, "Baik", None])   # code typed as a number: 32.10
    ws.append([None, None, None, None, None, None, None])                    # blank row: skipped
    ws.append([3, "Kota Cimahi", None, 2023.0, 4.02, None, None])
    path = tmp_path / "hasil.xlsx"
    wb.save(path)
    r = import_official(con, path, source="--source text")
    assert r.rows == 3
    got = {(row[0], row[1]): row for row in table(con)}
    assert got[("32.75", 2024)][4:7] == (3.83, "sangat baik", "Lampiran (contoh)")
    assert got[("32.10", 2024)][2] == "Kabupaten Majalengka" and got[("32.10", 2024)][6] == "--source text"
    assert got[("32.77", 2023)][5] is None and got[("32.77", 2023)][8] == 5   # Excel row number


BAD = """tahun,kode,wilayah,indeks,predikat,sumber
2024,,Kota Atlantis,3.1,Baik,x
2024,32.75,Kota Bekasi,5.5,Memuaskan,x
dua ribu,32.73,Kota Bandung,3.1,Baik,x
2010,32.77,Kota Cimahi,3.1,Baik,x
2024,17.71,Kota Bengkulu,3.1,Luar Biasa,x
2024,,Bekasi,3.1,Baik,x
2024,32.76,Kota Depok,,Baik,x
2024,32.75,Kabupaten Bogor,3.1,Baik,x
2024,99.99,,3.1,Baik,x
2023,32.01,Kabupaten Bogor,3.10,Baik,x
2023,32.01,Kabupaten Bogor,3.2,Baik,x
2024,32.78,Kota Tasikmalaya,tiga,Baik,x
2023,32.79,Kota Banjar,-0.1,,x
2023,32.76,Kota Depok,3.33,Baik,x
"""


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_loaded(con, tmp_path):
    import_official(con, SAMPLE)
    before = table(con)
    f = tmp_path / "bad.csv"
    f.write_text(BAD, encoding="utf-8")
    with pytest.raises(OfficialImportError) as exc:
        import_official(con, f)
    got = [(e.line, e.message) for e in exc.value.errors]
    expected = [
        (2, "unknown region 'Kota Atlantis'"),
        (3, "value '5.5' outside 0-5"),
        (4, "bad year 'dua ribu'"),
        (5, "year '2010' outside 2018-"),
        (6, "bad predicate 'Luar Biasa'"),
        (7, "ambiguous region 'Bekasi'"),
        (8, "missing value"),
        (9, "code '32.75' is Kota Bekasi but name 'Kabupaten Bogor' is Kabupaten Bogor"),
        (10, "unknown Kemendagri code '99.99'"),
        (12, "Kabupaten Bogor 2023 already on line 11 with value 3.1"),
        (13, "bad value 'tiga'"),
        (14, "value '-0.1' outside 0-5"),
    ]
    assert len(got) == len(expected), got
    for (line, msg), (eline, emsg) in zip(got, expected):
        assert line == eline and msg.startswith(emsg), (line, msg)
    assert table(con) == before          # line 11 and 15 are fine, and still not loaded
    assert "nothing loaded" in str(exc.value) and "line 7: ambiguous" in str(exc.value)


def test_missing_columns_and_empty_files(con, tmp_path):
    f = tmp_path / "h.csv"
    f.write_text("tahun,indeks\n2024,3.1\n", encoding="utf-8")
    with pytest.raises(OfficialImportError) as exc:
        import_official(con, f)
    assert exc.value.errors[0].line == 1 and "region or code" in exc.value.errors[0].message
    f.write_text("tahun,wilayah,indeks\n", encoding="utf-8")
    with pytest.raises(OfficialImportError, match="no data rows"):
        import_official(con, f)


def test_failure_during_the_load_rolls_back(con, monkeypatch):
    real = official.upsert

    def upsert_then_fail(c, table_, rows, key):
        real(c, table_, rows, key)
        raise RuntimeError("disk full")

    monkeypatch.setattr(official, "upsert", upsert_then_fail)
    with pytest.raises(RuntimeError):
        import_official(con, SAMPLE)
    assert table(con) == []


def test_predicate_that_does_not_fit_is_a_warning(con, tmp_path):
    f = tmp_path / "w.csv"
    f.write_text("tahun,wilayah,indeks,predikat\n2024,Kota Depok,3.2,Sangat Baik\n", encoding="utf-8")
    r = import_official(con, f)
    assert r.rows == 1
    assert [(w.line, w.message) for w in r.warnings] == [(2, "predicate 'sangat baik' does not fit 3.2 (bands: 'baik')")]


def test_annex_sheet_with_a_title_row_and_the_year_given_on_the_command_line(con, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["LAMPIRAN KEPUTUSAN MENTERI PANRB (contoh)"])
    ws.append(["Hasil Evaluasi SPBE Pemerintah Daerah"])
    ws.append([])
    ws.append(["No", "Nama Instansi", "Indeks", "Predikat"])
    ws.append([1, "Pemerintah Kota Depok", "3,71", "Sangat Baik"])
    ws.append([2, "Pemerintah Kabupaten Lebong", "1,95", "Cukup"])
    path = tmp_path / "lampiran.xlsx"
    wb.save(path)
    with pytest.raises(OfficialImportError) as exc:
        import_official(con, path)
    assert [(e.line, e.message[:30]) for e in exc.value.errors] == [(4, "header lacks column(s): year (")]
    r = import_official(con, path, source="Lampiran (contoh)", year=2023)
    assert r.rows == 2
    assert [(row[0], row[1], row[4], row[8]) for row in table(con)] == [("17.07", 2023, 1.95, 6), ("32.76", 2023, 3.71, 5)]
