"""The gazetteer resolves region names the way Indonesian news writes them."""
from __future__ import annotations

import pytest

from extractors.gazetteer import PATTERNS_DIR, _read_csv, all_regions, canonical_key, lookup


def test_counts_match_kemendagri() -> None:
    types = [r.type for r in all_regions()]
    assert types.count("provinsi") == 38
    assert types.count("kota") + types.count("kabupaten") == 514


@pytest.mark.parametrize(
    "name,code",
    [
        ("32.75", "32.75"),
        ("Kota Bekasi", "32.75"),
        ("Pemkot Bekasi", "32.75"),
        ("Pemkab Bekasi", "32.16"),
        ("Kab. Lebong", "17.07"),
        ("Jabar", "32"),
        ("Pemprov Jabar", "32"),
        ("Kotim", "62.02"),
        ("Benteng", "17.09"),
        ("Tubaba", "18.12"),
        ("Palangkaraya", "62.71"),
        ("Kota Palangka Raya", "62.71"),
        ("Kota Adm. Jakarta Pusat", "31.71"),
        ("Provinsi DKI Jakarta", "31"),
        ("Wali Kota Malang", "35.73"),
        ("Bupati Malang", "35.07"),
        ("kota  tanjung-pinang", "21.72"),
        ("Kabupaten Kotabaru", "63.02"),
        ("PROVINSI KALIMANTAN TENGAH", "62"),
        ("Sulsel", "73"),
    ],
)
def test_lookup(name: str, code: str) -> None:
    r = lookup(name)
    assert r is not None and r.code == code


def test_prefer_resolves_bare_names() -> None:
    assert lookup("Bekasi", prefer="kabupaten").name == "Kabupaten Bekasi"
    assert lookup("Bekasi", prefer="kota").name == "Kota Bekasi"
    assert lookup("Bandung").name == "Kota Bandung"  # default kota before kabupaten
    assert lookup("Bengkulu").type == "provinsi"     # default provinsi before kota
    assert lookup("Bengkulu", prefer="kota").code == "17.71"


def test_unknown() -> None:
    assert lookup("Atlantis") is None
    assert lookup("") is None
    assert lookup("99.99") is None


def test_canonical_key() -> None:
    assert canonical_key("Kota Administrasi Jakarta Pusat") == canonical_key("kota adm. jakarta-pusat")
    assert canonical_key("Kota Palangka Raya") == canonical_key("Kota Palangkaraya")


def test_alias_codes_exist() -> None:
    codes = {r.code for r in all_regions()}
    for row in _read_csv(PATTERNS_DIR / "region_aliases.csv"):
        assert row["code"].strip() in codes, row


def test_common_words_are_not_bare_regions() -> None:
    from extractors.entities import find_regions

    assert find_regions("Puncak acara digelar di Jakarta. Bima Arya hadir.") == []
    assert [m.name for m in find_regions("Kabupaten Puncak dan Wali Kota Bima hadir.")] == [
        "Kabupaten Puncak", "Kota Bima"]
    assert [m.name for m in find_regions("Pemprov DKI Jakarta")] == ["Provinsi DKI Jakarta"]


def test_scope_and_holder_roles() -> None:
    from extractors.entities import find_regions

    ms = find_regions("Kabupaten Lamandau menempati peringkat kelima se-Provinsi Kalteng dan di Jawa Tengah.")
    assert [(m.name, m.role) for m in ms] == [
        ("Kabupaten Lamandau", "holder"), ("Provinsi Kalimantan Tengah", "scope"),
        ("Provinsi Jawa Tengah", "scope")]


def test_abbreviations() -> None:
    from extractors.entities import find_instansi, find_regions

    assert [m.name for m in find_regions("Kab. Kep. Selayar, Pemkab KBB, Kabupaten Inhil")] == [
        "Kabupaten Kepulauan Selayar", "Kabupaten Bandung Barat", "Kabupaten Indragiri Hilir"]
    assert [m.name for m in find_instansi("PELANTIKAN pejabat Kemenag dan BPS")] == [
        "Kementerian Agama", "Badan Pusat Statistik"]


def test_ministries_as_written_and_evaluators_as_sources() -> None:
    from extractors.entities import find_instansi

    got = [(m.name, m.role) for m in find_instansi(
        "Kementerian Investasi dan Hilirisasi meraih 3,9; Kementerian Agama RI meraih 4,1; "
        "Kementerian PANRB memberi nilai; Kementerian Kominfo meraih indeks 4,0.")]
    assert got == [("Kementerian Investasi dan Hilirisasi", "holder"), ("Kementerian Agama", "holder"),
                   ("Kementerian PANRB", "source"), ("Kementerian Kominfo", "holder")]
    assert find_instansi("Untuk tingkat Kementerian Pusat, peringkat pertama") == []


def test_display_names_spell_out_and_old_names_still_resolve() -> None:
    from extractors.gazetteer import lookup

    assert lookup("31").name == "Provinsi DKI Jakarta"
    assert lookup("34").name == "Provinsi DI Yogyakarta"
    assert lookup("71.09").name == "Kabupaten Kepulauan Siau Tagulandang Biaro"
    for old in ("Daerah Khusus Ibukota Jakarta", "DKI Jakarta", "Provinsi DKI Jakarta", "Jakarta"):
        assert lookup(old, prefer="provinsi").code == "31", old
    for old in ("Daerah Istimewa Yogyakarta", "DIY", "Provinsi DI Yogyakarta"):
        assert lookup(old, prefer="provinsi").code == "34", old
    for old in ("Kabupaten Kep. Siau Tagulandang Biaro", "Kabupaten Kepulauan Siau Tagulandang Biaro", "Sitaro"):
        assert lookup(old).code == "71.09", old
