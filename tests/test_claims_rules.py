"""Hand-written Indonesian sentences, one or more per phenomenon of issue 3 (not from the corpus)."""
from __future__ import annotations

import datetime as dt

import pytest

from extractors.claims import extract_claims


def facts(text: str, published: dt.date | None = None, title: str | None = None) -> list[tuple]:
    return [(c.entity, c.metric, c.year, c.value, c.predicate, c.rank, c.status)
            for c in extract_claims(text, published=published, title=title)]


def one(text: str, **kw) -> object:
    cs = extract_claims(text, **kw)
    assert len(cs) == 1, cs
    return cs[0]


# --- numbers -----------------------------------------------------------------------------------------
def test_decimal_comma_and_point() -> None:
    assert one("Indeks SPBE Kabupaten Sleman tahun 2023 mencapai 3,45.").value == 3.45
    assert one("Indeks SPBE Kabupaten Sleman tahun 2023 mencapai 3.45.").value == 3.45


def test_persen_slip_is_still_the_score() -> None:
    c = one("Pemkab Sleman meraih nilai indeks SPBE 4,1 persen pada tahun 2024.")
    assert (c.value, c.year) == (4.1, 2024)


def test_delta_is_not_a_score() -> None:
    assert facts("Nilai SPBE Pemkot Depok naik 0,25 poin menjadi 3,40 pada 2024.") == [
        ("Kota Depok", "spbe", 2024, 3.4, None, None, "achieved")]
    assert facts("Indeks SPBE Kota Depok tahun 2023 meningkat sebesar 0,31 dibanding tahun sebelumnya.") == []


def test_units_thresholds_and_subscores_are_not_scores() -> None:
    assert facts("Anggaran SPBE Kota Bekasi naik 2,5 miliar rupiah.") == []
    assert facts("Predikat Baik diberikan untuk indeks SPBE antara 2,6 hingga 3,5.") == []
    assert facts("Rata-rata indeks SPBE nasional tahun 2023 adalah 2,79.") == []
    assert facts("Nilai domain layanan SPBE Kota Bogor mencapai 4,01, sedangkan aspek kebijakan 3,2.") == []
    assert facts("Revolusi Industri 4.0 mendorong SPBE Kota Bogor.") == []


# --- years -------------------------------------------------------------------------------------------
def test_year_transition_with_two_years() -> None:
    assert facts("Indeks SPBE Pemprov Jatim naik dari 3,20 pada tahun 2022 menjadi 3,65 pada tahun 2023.") == [
        ("Provinsi Jawa Timur", "spbe", 2022, 3.2, None, None, "achieved"),
        ("Provinsi Jawa Timur", "spbe", 2023, 3.65, None, None, "achieved"),
    ]


def test_year_transition_with_one_year() -> None:
    got = facts("Tahun 2024 indeks SPBE kita naik dari 2,98 menjadi 3,59, kata Bupati Banyuwangi.")
    assert [(g[2], g[3]) for g in got] == [(2023, 2.98), (2024, 3.59)]
    assert {g[0] for g in got} == {"Kabupaten Banyuwangi"}


def test_decree_year_is_not_the_evaluation_year() -> None:
    c = one("Berdasarkan Keputusan Menteri PANRB Nomor 13 Tahun 2024 tentang Hasil Evaluasi SPBE pada Instansi "
            "Pusat dan Pemerintah Daerah Tahun 2023, Kabupaten Gresik memperoleh indeks 3,12.")
    assert c.year == 2023


def test_decree_year_reaches_later_sentences() -> None:
    text = ("Hal itu berdasarkan Keputusan Menteri PANRB Nomor 13 Tahun 2024 tentang Hasil Evaluasi SPBE pada "
            "Instansi Pusat dan Pemerintah Daerah Tahun 2023.\n"
            "Kabupaten Gresik meraih nilai 3,12.\nSementara Kabupaten Lamongan 2,95.\n"
            "Kabupaten Tuban memperoleh nilai 2,80.")
    got = facts(text)
    assert ("Kabupaten Tuban", "spbe", 2023, 2.8, None, None, "achieved") in got
    tuban = [c for c in extract_claims(text) if c.entity == "Kabupaten Tuban"][0]
    assert tuban.year_source in ("decree", "context")


def test_relative_year_against_publication_date() -> None:
    c = one("Tahun lalu, indeks SPBE Kota Padang mencapai 2,87.", published=dt.date(2024, 3, 1))
    assert (c.year, c.year_source) == (2023, "publication_date")


def test_unstated_year_stays_null() -> None:
    c = one("Pemkot Padang meraih indeks SPBE 2,87 dengan predikat Baik.", published=dt.date(2024, 3, 1))
    assert c.year is None


def test_two_years_one_value() -> None:
    got = facts("Pada tahun 2018 dan 2019 indeks SPBE Kabupaten Klaten hanya 2,50.")
    assert [(g[2], g[3]) for g in got] == [(2018, 2.5), (2019, 2.5)]


# --- predicates --------------------------------------------------------------------------------------
def test_predicate_tied_to_value() -> None:
    got = facts("Pada evaluasi SPBE tahun 2023 Kota Solok meraih nilai 3,41 dengan predikat baik dan pada tahun 2024 "
                "meningkat menjadi predikat sangat baik dengan nilai 3,60.")
    assert [(g[2], g[3], g[4]) for g in got] == [(2023, 3.41, "baik"), (2024, 3.6, "sangat baik")]


def test_predicate_in_parentheses_and_letter_grade() -> None:
    got = facts("Kabupaten Agam mencatat indeks SPBE dari 2,14 (cukup) pada 2022 menjadi 2,71 (baik) pada 2023.")
    assert [(g[3], g[4]) for g in got] == [(2.14, "cukup"), (2.71, "baik")]


def test_predicate_only_claim() -> None:
    assert facts("Kabupaten Kudus mendapat predikat Sangat Baik dalam evaluasi SPBE tahun 2023.") == [
        ("Kabupaten Kudus", "spbe", 2023, None, "sangat baik", None, "achieved")]


def test_common_word_baik_is_not_a_predicate() -> None:
    assert facts("Penerapan SPBE di Kota Kediri sudah berjalan lebih baik dan cukup cepat.") == []


# --- ranks -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("phrase,rank", [
    ("menempati peringkat kelima", 5), ("berada di urutan ketiga", 3), ("meraih peringkat ke-7", 7),
    ("menduduki ranking dua", 2), ("berada di posisi 12", 12), ("meraih nomor 3", 3),
])
def test_rank_words(phrase: str, rank: int) -> None:
    c = one(f"Dalam evaluasi SPBE 2023, Kota Surakarta {phrase} nasional.")
    assert (c.entity, c.rank, c.rank_scope) == ("Kota Surakarta", rank, "nasional")


def test_rank_superlative_scope_and_chain() -> None:
    got = facts("Kota Surakarta meraih indeks SPBE tertinggi se-Jawa Tengah dengan nilai 4,05, disusul Kota "
                "Semarang dengan nilai 3,98 dan Kabupaten Sragen 3,80.")
    assert [(g[0], g[3], g[5]) for g in got] == [
        ("Kota Surakarta", 4.05, 1), ("Kota Semarang", 3.98, 2), ("Kabupaten Sragen", 3.8, 3)]


def test_unranked_chain_head_gives_no_ranks() -> None:
    got = facts("Kota Blitar memperoleh indeks SPBE 3,10, disusul Kota Kediri 3,05.")
    assert [g[5] for g in got] == [None, None]


def test_second_after_x_gives_x_first() -> None:
    got = facts("Pemprov Kalbar meraih peringkat kedua SPBE se-Indonesia setelah Provinsi Jawa Tengah.")
    assert ("Provinsi Jawa Tengah", "spbe", None, None, None, 1, "achieved") in got
    assert ("Provinsi Kalimantan Barat", "spbe", None, None, None, 2, "achieved") in got


def test_top_n_group_and_budget_ranks_are_not_ranks() -> None:
    assert facts("Kabupaten Pesawaran masuk tiga besar indeks SPBE tertinggi di Lampung.") == []
    assert facts("Dalam SPBE, realisasi penyerapan anggaran Kota Bekasi berada di urutan 3 se-Jawa Barat.") == []


# --- status ------------------------------------------------------------------------------------------
def test_target() -> None:
    c = one("Pemkab Bogor menargetkan indeks SPBE sebesar 3,5 pada tahun 2025.")
    assert (c.status, c.year) == ("target", 2025)


def test_exceeding_the_target_is_achieved() -> None:
    got = facts("Tahun 2022 target indeks SPBE Kabupaten Boyolali sebesar 3,00, tapi kita bisa melebihi target "
                "mencapai 3,25.")
    assert [(g[3], g[6]) for g in got] == [(3.0, "target"), (3.25, "achieved")]


def test_interim() -> None:
    c = one("Nilai sementara hasil penilaian mandiri SPBE Kota Bogor triwulan III adalah 3,1.")
    assert c.status == "interim"


# --- metrics -----------------------------------------------------------------------------------------
def test_smart_city_scale_is_never_spbe() -> None:
    c = one("Dalam evaluasi smart city, Kota Madiun memperoleh skor 3,8 dari skala 1-4 pada tahun 2023.")
    assert (c.metric, c.scale_max, c.year) == ("smart_city", 4.0, 2023)


def test_other_index_has_its_name() -> None:
    c = one("Indeks Pelayanan Publik Kota Blitar tahun 2023 mencapai 4,52 dengan kategori A.")
    assert (c.metric, c.metric_name) == ("other", "Indeks Pelayanan Publik")


def test_running_metric_for_sentences_without_cue() -> None:
    text = ("Kota Madiun meraih nilai evaluasi Kota Cerdas 3,61 pada 2024.\n"
            "Capaian ini menempatkan Kota Madiun di urutan kedua se-Jawa Timur.")
    assert {c.metric for c in extract_claims(text)} == {"smart_city"}


# --- lists, entities ---------------------------------------------------------------------------------
def test_list_of_regions_one_claim_each() -> None:
    got = facts("Kabupaten Kudus memperoleh indeks SPBE 3,02, Kabupaten Pati 2,91 dan Kabupaten Jepara 2,85.")
    assert [(g[0], g[3]) for g in got] == [
        ("Kabupaten Kudus", 3.02), ("Kabupaten Pati", 2.91), ("Kabupaten Jepara", 2.85)]


def test_masing_masing_shares_a_value() -> None:
    got = facts("Dalam evaluasi SPBE, Kabupaten Bintan dan Kota Tanjung Pinang masing-masing meraih indeks 1,85.")
    assert {(g[0], g[3]) for g in got} == {("Kabupaten Bintan", 1.85), ("Kota Tanjung Pinang", 1.85)}


@pytest.mark.parametrize("head,entity", [
    ("Bupati Bandung menyampaikan indeks SPBE Bandung", "Kabupaten Bandung"),
    ("Wali Kota Bandung menyampaikan indeks SPBE Bandung", "Kota Bandung"),
    ("Indeks SPBE Kabupaten Tubaba", "Kabupaten Tulang Bawang Barat"),
    ("Indeks SPBE Provinsi DKI Jakarta", "Provinsi DKI Jakarta"),
    ("Indeks SPBE Kota Adm. Jakarta Pusat", "Kota Administrasi Jakarta Pusat"),
    ("Indeks SPBE Kab. Lebong", "Kabupaten Lebong"),
    ("Indeks SPBE Pemprov Jabar", "Provinsi Jawa Barat"),
])
def test_entity_forms(head: str, entity: str) -> None:
    assert one(f"{head} tahun 2023 sebesar 3,21.").entity == entity


def test_ministry() -> None:
    c = one("Kementerian Agama meraih indeks SPBE 4,25 dengan predikat memuaskan pada evaluasi SPBE 2023.")
    assert (c.entity, c.entity_type, c.region_code, c.year) == ("Kementerian Agama", "instansi", None, 2023)


def test_evaluating_ministry_is_not_a_holder() -> None:
    c = one("Kementerian PANRB memberi Pemkab Lebong nilai indeks SPBE 2,93 atau predikat Baik.")
    assert c.entity == "Kabupaten Lebong"


def test_subject_reference() -> None:
    text = ("Pemkot Balikpapan terus membenahi SPBE.\n"
            "\"Kalau melihat tahun 2021, kita di 2,44,\" kata Kepala Diskominfo.")
    assert facts(text) == [("Kota Balikpapan", "spbe", 2021, 2.44, None, None, "achieved")]


# --- boilerplate, relevance, robustness --------------------------------------------------------------
def test_baca_juga_is_boilerplate() -> None:
    text = "Baca Juga: Indeks SPBE Kota Medan Naik Jadi 3,9\nEvaluasi SPBE Kota Binjai tahun 2023 memperoleh nilai 2,75."
    assert facts(text) == [("Kota Binjai", "spbe", 2023, 2.75, None, None, "achieved")]


def test_related_headlines_block_is_boilerplate() -> None:
    text = ("Indeks SPBE Kota Binjai tahun 2023 sebesar 2,75.\n\nBerita Terkait\n\n"
            "Indeks SPBE Kota Medan 2023 Naik Jadi 3,9\n")
    assert [g[0] for g in facts(text)] == ["Kota Binjai"]


def test_no_claims_in_article_without_any() -> None:
    assert facts("Pemkot Tangerang menggelar bimbingan teknis manajemen risiko SPBE bagi 27 OPD pada 2023.") == []


def test_is_relevant() -> None:
    from extractors.claims import is_relevant

    assert is_relevant("Indeks Sistem Pemerintahan Berbasis Elektronik Kota Bogor")
    assert is_relevant("Digital Government Award 2024")
    assert is_relevant("penilaian Kota Cerdas")
    assert not is_relevant("Harga cabai naik di Pasar Bogor")
    assert not is_relevant("")


@pytest.mark.parametrize("junk", ["", " ", "\x00\x01 3,5 ,,, ..", "3,5" * 10000, "SPBE " * 50000,
                                  "Kota Bekasi 3,83 " * 2000, "\n" * 1000])
def test_never_raises(junk: str) -> None:
    extract_claims(junk)
    extract_claims(junk, published=dt.date(2024, 1, 1), title=junk[:100])


def test_offsets_and_determinism() -> None:
    text = "Judul\n\nIndeks SPBE Kota Bogor tahun 2023 sebesar 3,41 dengan predikat Baik. Lainnya."
    a = extract_claims(text)
    assert a == extract_claims(text)
    for c in a:
        assert text[c.start:c.end] == c.quote
        assert c.extractor_version


def test_title_only_claim() -> None:
    cs = extract_claims("Pemerintah daerah terus berbenah.", title="Indeks SPBE Kota Bogor 2023 Capai 3,41")
    assert [(c.entity, c.value, c.start, c.end, c.rule.startswith("title:")) for c in cs] == [
        ("Kota Bogor", 3.41, -1, -1, True)]


def test_averages_are_nobodys_score() -> None:
    assert [g[3] for g in facts("Kota Bogor meraih indeks SPBE 3,5. Nilai ini di atas rata-rata nasional 2,79.")] == [3.5]
    assert [g[3] for g in facts("Provinsi Jawa Barat memperoleh indeks SPBE 3,8, di atas rata-rata provinsi 3,1.")] == [3.8]


def test_years_in_parentheses() -> None:
    got = facts("Indeks SPBE Kabupaten Sumedang naik dari 2,5 (2022) menjadi 3,1 (2023).")
    assert [(g[2], g[3]) for g in got] == [(2022, 2.5), (2023, 3.1)]


def test_year_later_in_the_sentence() -> None:
    c = one("Dengan nilai 3,14, Provinsi Sulawesi Tengah berada di peringkat ke-15 nasional dalam evaluasi SPBE 2023.")
    assert (c.entity, c.year, c.value, c.rank) == ("Provinsi Sulawesi Tengah", 2023, 3.14, 15)


def test_competition_ranks_are_not_evaluation_ranks() -> None:
    assert facts("Selain SPBE, Kabupaten Sumedang meraih juara 1 lomba inovasi daerah se-Jawa Barat.") == []


def test_digital_government_index_is_other() -> None:
    c = one("Pada tahun 2025, SPBE diganti dengan Indeks Pemerintahan Digital; Kota Bandung meraih 4,21.")
    assert (c.metric, c.metric_name, c.value) == ("other", "Indeks Pemerintahan Digital", 4.21)


def test_predicate_in_one_sentence_value_in_the_next() -> None:
    got = facts("SPBE Kabupaten Garut berhasil meraih predikat Baik. Nilai indeks yang diperoleh 2,66.")
    assert got == [("Kabupaten Garut", "spbe", None, 2.66, "baik", None, "achieved")]


@pytest.mark.parametrize("phrase,rank", [
    ("meraih peringkat III", 3), ("berada di urutan kedua belas", 12), ("meraih peringkat ke 5", 5),
    ("menempati posisi teratas", 1), ("meraih nilai tertinggi kedua", 2),
])
def test_more_rank_words(phrase: str, rank: int) -> None:
    c = one(f"Dalam evaluasi SPBE 2023, Kabupaten Sleman {phrase} se-Jawa Tengah.")
    assert (c.entity, c.rank) == ("Kabupaten Sleman", rank)


def test_subscore_cue_before_a_new_clause_does_not_block_the_holders_score() -> None:
    c = one("Dari 47 indikator yang dinilai dalam evaluasi SPBE, Kota Bengkulu memperoleh nilai 2,61.")
    assert (c.entity, c.value) == ("Kota Bengkulu", 2.61)
    assert facts("Dari delapan domain yang dinilai, domain layanan publik berbasis elektronik Kabupaten Kendal "
                 "memperoleh nilai tertinggi dalam evaluasi SPBE yakni 4,2.") == []


def test_list_after_a_past_year_sentence_takes_the_articles_year() -> None:
    text = ("Indeks SPBE Pemprov Kaltim tahun 2024 mencapai 3,55.\nSebelumnya, pada 2023 Kaltim hanya memperoleh "
            "2,96.\nSementara itu, Kota Balikpapan meraih nilai tertinggi se-Kaltim yakni 3,71, disusul Kota "
            "Samarinda 3,65.")
    got = {(g[0], g[2], g[3], g[5]) for g in facts(text)}
    assert ("Kota Balikpapan", 2024, 3.71, 1) in got and ("Kota Samarinda", 2024, 3.65, 2) in got


def test_predicate_then_bare_list_of_regions() -> None:
    text = ("Evaluasi SPBE tahun 2023 sudah diumumkan.\nSebanyak tiga daerah di Jawa Timur meraih predikat "
            "Memuaskan. Kota Surabaya, Kabupaten Banyuwangi dan Kota Madiun.")
    got = {(g[0], g[4]) for g in facts(text)}
    assert got == {("Kota Surabaya", "memuaskan"), ("Kabupaten Banyuwangi", "memuaskan"), ("Kota Madiun", "memuaskan")}
    # the pending predicate does not leak beyond the next sentence
    text2 = ("Evaluasi SPBE tahun 2023 sudah diumumkan.\nSebanyak tiga daerah meraih predikat Memuaskan. "
             "Acara digelar meriah. Kota Surabaya, Kabupaten Banyuwangi dan Kota Madiun hadir.")
    assert facts(text2) == []


def test_inline_baca_juga_is_boilerplate() -> None:
    text = "Indeks SPBE Kota Binjai tahun 2023 sebesar 2,75. Baca juga: Indeks SPBE Kota Medan Naik Jadi 3,9\nLainnya."
    assert [(g[0], g[3]) for g in facts(text)] == [("Kota Binjai", 2.75)]


def test_announcement_and_start_years_are_not_evaluation_years() -> None:
    assert one("Indeks SPBE 2023 (diumumkan 2024) Kota Bogor sebesar 3,1.").year == 2023
    assert one("Kota Bogor mengikuti evaluasi SPBE sejak 2018 dan kini meraih indeks 3,1.").year is None


def test_national_figures_in_a_transition() -> None:
    text = ("Kabupaten Banyuwangi meraih indeks SPBE 4,38.\n"
            "\"Secara nasional indeks SPBE naik menjadi 2,79 dari sebelumnya 2,34,\" ujar Deputi.")
    assert [g[3] for g in facts(text)] == [4.38]


def test_target_does_not_take_a_past_year() -> None:
    text = ("Kota Pontianak meraih indeks SPBE 3,91 pada evaluasi 2023.\n"
            "Pada evaluasi sebelumnya, yakni tahun 2022, Pontianak meraih nilai 3,78.\n"
            "Ke depan, Pemkot Pontianak menargetkan predikat Memuaskan dengan nilai di atas 4,2.")
    target = [c for c in extract_claims(text) if c.status == "target"]
    assert [(c.value, c.predicate, c.year) for c in target] == [(4.2, "memuaskan", None)]


def test_later_predicate_goes_to_the_current_value() -> None:
    text = ("Indeks SPBE Pemerintah Aceh turun dari 3,02 menjadi 2,87.\n"
            "Meski turun, Aceh tetap berada pada predikat Baik.")
    assert [(g[0], g[3], g[4]) for g in facts(text)] == [
        ("Provinsi Aceh", 3.02, None), ("Provinsi Aceh", 2.87, "baik")]


def test_explicit_rank_after_a_chain_ranks_the_chain() -> None:
    text = ("Dalam evaluasi SPBE 2023, Kota Cirebon dengan nilai 3,40, disusul Kabupaten Kuningan dengan nilai "
            "3,21. Lalu Kabupaten Majalengka berada di urutan ketiga dengan nilai 3,05.")
    ranks = {g[0]: g[5] for g in facts(text)}
    assert ranks == {"Kota Cirebon": 1, "Kabupaten Kuningan": 2, "Kabupaten Majalengka": 3}
    # without the explicit continuation the listed order is no ranking
    text2 = ("Dalam evaluasi SPBE 2023, Kota Cirebon dengan nilai 3,40, disusul Kabupaten Kuningan dengan nilai "
             "3,21. Kabupaten Majalengka memperoleh nilai 3,05.")
    assert {g[5] for g in facts(text2)} == {None}


def test_respective_values() -> None:
    got = facts("Kota Depok, Kota Bogor dan Kota Bekasi meraih indeks SPBE masing-masing 3,5, 3,4 dan 3,3.")
    assert [(g[0], g[3]) for g in got] == [("Kota Depok", 3.5), ("Kota Bogor", 3.4), ("Kota Bekasi", 3.3)]
    got = facts("Kota Depok dan Kota Bogor meraih nilai indeks SPBE 3,5 dan 3,4.")
    assert [(g[0], g[3]) for g in got] == [("Kota Depok", 3.5), ("Kota Bogor", 3.4)]


def test_generic_government_words_are_not_the_subject() -> None:
    text = ("Pemkot Bekasi menghadiri rapat SPBE.\n"
            "Menteri meminta seluruh pemerintah daerah agar mencapai indeks SPBE minimal 2,6.\n"
            "Dalam evaluasi SPBE, 10 kota meraih peringkat 1 nasional.")
    assert facts(text) == []


def test_scoped_subscore_is_not_the_holders_score() -> None:
    assert facts("Dalam evaluasi smart city 2023, pada dimensi smart governance, Makassar memperoleh 3,6.") == []


def test_kept_predicate_applies_to_the_year_before() -> None:
    text = ("Pada tahun 2024, indeks SPBE Kabupaten Kudus naik menjadi 3,22 dengan mempertahankan predikat Baik.\n"
            "Pada 2023, nilai SPBE Kudus 3,11.")
    got = {(g[2], g[3], g[4]) for g in facts(text)}
    assert got == {(2024, 3.22, "baik"), (2023, 3.11, "baik")}


def test_tahun_sebelumnya_counts_from_the_year_in_the_sentence() -> None:
    got = facts("Indeks SPBE Kabupaten Sleman Tahun 2023 sebesar 3,12 dengan predikat Baik, naik dari tahun "
                "sebelumnya 2,85 (Baik).", published=dt.date(2024, 1, 5))
    assert [(g[2], g[3], g[4]) for g in got] == [(2023, 3.12, "baik"), (2022, 2.85, "baik")]


def test_award_year_is_not_the_evaluation_year() -> None:
    c = one("Dalam ajang Digital Government Award 2024, Kota Madiun menyabet peringkat kedua kategori "
            "pemerintah kota dengan indeks SPBE 4,45.")
    assert (c.value, c.rank, c.year) == (4.45, 2, None)


def test_nilai_tertinggi_with_a_named_group_is_first() -> None:
    c = one("Dari 27 kabupaten/kota di Jawa Barat, Kota Bandung meraih nilai tertinggi dalam evaluasi SPBE, "
            "yaitu 4,59.")
    assert (c.entity, c.value, c.rank, c.rank_scope) == ("Kota Bandung", 4.59, 1, "Jawa Barat")


def test_speaker_is_not_the_holder() -> None:
    c = one("Indeks SPBE yang diraih Pemkab Bekasi, kata Wali Kota Bekasi, mencapai 3,2.")
    assert c.entity == "Kabupaten Bekasi"


def test_ministry_as_the_subject() -> None:
    text = ("Kementerian Agama kembali meraih predikat Memuaskan dalam evaluasi SPBE 2023 dengan indeks 4,36. "
            "Kementerian Agama terus berbenah. \"Tahun lalu nilai kita 4,12,\" kata Sekjen Kemenag di Jakarta.")
    assert [(g[0], g[2], g[3]) for g in facts(text)] == [
        ("Kementerian Agama", 2023, 4.36), ("Kementerian Agama", 2022, 4.12)]


def test_article_cut_right_after_a_number() -> None:
    text = "Pemkot Bogor terus membenahi layanan digital bagi warga. " * 10 + (
        "Kota Bogor meraih indeks SPBE 3,5 pada evaluasi 2023. Kabupaten Bogor meraih nilai 3,4")
    assert [(g[0], g[3]) for g in facts(text)] == [("Kota Bogor", 3.5)]


def test_scale_maximum_is_not_a_score() -> None:
    assert [g[3] for g in facts("Kota Bogor meraih indeks SPBE 3,5 dari skala 5,0.")] == [3.5]
    assert [g[3] for g in facts("Kota Bogor meraih indeks SPBE 3,5 dari nilai maksimal 5,00.")] == [3.5]


# --- generalisation rules (2026.11.2) ----------------------------------------------------------------------
def test_bulleted_related_headlines_are_boilerplate() -> None:
    text = ("Pemkab Wonosobo meraih indeks SPBE 3,12 pada tahun 2024.\n\nArtikel Terkait:\n"
            "- Indeks SPBE Kota Magelang Naik Jadi 3,44\n• Temanggung Peringkat Pertama SPBE, Nilainya 3,61\n\n"
            "Bupati Wonosobo berharap semua OPD menjaga capaian itu.")
    assert facts(text) == [("Kabupaten Wonosobo", "spbe", 2024, 3.12, None, None, "achieved")]


def test_predicate_bands_are_definitions_not_claims() -> None:
    assert facts("Dalam sosialisasi di Kota Madiun, narasumber menjelaskan predikat sangat baik diberikan untuk "
                 "indeks SPBE 3,5 hingga kurang dari 4,2.") == []
    assert facts("Menurut Sekda Kabupaten Ngawi, indeks SPBE di bawah 1,8 berpredikat kurang, 1,8 sampai di bawah "
                 "2,6 cukup, dan 4,2 ke atas memuaskan.") == []


def test_numbered_list_under_a_ranking_header() -> None:
    text = ("Evaluasi SPBE 2024 di Jawa Tengah sudah diumumkan.\n\nBerikut urutan nilai SPBE kabupaten tertinggi:\n\n"
            "1. Kabupaten Kudus : 3,81\n2. Kabupaten Pati : 3,62\n3. Kabupaten Demak : 3,40\n\n"
            "Bupati Kudus bersyukur atas hasil itu.")
    got = {(f[0], f[3], f[5]) for f in facts(text)}
    assert got == {("Kabupaten Kudus", 3.81, 1), ("Kabupaten Pati", 3.62, 2), ("Kabupaten Demak", 3.4, 3)}


def test_numbered_list_without_ranking_header_has_no_ranks() -> None:
    text = ("Sejumlah daerah di Jawa Tengah mencatat indeks SPBE 2024 sebagai berikut:\n\n"
            "1. Kabupaten Kudus : 3,81\n2. Kabupaten Pati : 3,62")
    assert all(f[5] is None for f in facts(text))


def test_next_position_continues_the_last_rank() -> None:
    text = ("Kota Madiun menempati peringkat pertama indeks SPBE se-Jawa Timur 2024 dengan nilai 3,90. "
            "Posisi berikutnya ditempati Kota Blitar dengan 3,77.")
    assert ("Kota Blitar", 2) in {(f[0], f[5]) for f in facts(text)}
    text = ("Kabupaten Lumajang meraih indeks SPBE tertinggi se-Jawa Timur pada 2024. Bupati Lumajang bersyukur. "
            "Di urutan berikutnya ada Kabupaten Jember dengan indeks 3,10, disusul Kabupaten Bondowoso.")
    ranks = {(f[0], f[5]) for f in facts(text) if f[5]}
    assert ranks == {("Kabupaten Lumajang", 1), ("Kabupaten Jember", 2), ("Kabupaten Bondowoso", 3)}


def test_second_below_x_gives_x_first() -> None:
    got = {(f[0], f[5]) for f in facts("Kota Tegal berada di peringkat kedua indeks SPBE se-Jawa Tengah 2024, "
                                       "di bawah Kota Semarang.") if f[5]}
    assert got == {("Kota Tegal", 2), ("Kota Semarang", 1)}


def test_previous_evaluation_is_not_the_articles_year() -> None:
    text = ("Pemkab Klaten meraih indeks SPBE 3,40 pada evaluasi 2024. Bupati Klaten bersyukur. "
            "Warga menyambut baik layanan baru. Menurut Kepala Diskominfo, pada evaluasi sebelumnya indeks SPBE "
            "Kabupaten Klaten tercatat 2,90.")
    got = {(f[3], f[2]) for f in facts(text)}
    assert got == {(3.4, 2024), (2.9, None)}
    got = facts("Pada evaluasi SPBE 2024 Kota Salatiga meraih 3,30, naik dari evaluasi sebelumnya sebesar 3,05.")
    assert {(f[3], f[2]) for f in got} == {(3.3, 2024), (3.05, 2023)}


def test_same_evaluation_takes_the_year_stated_before() -> None:
    text = ("Kota Pekalongan meraih indeks SPBE 3,52 pada evaluasi tahun 2024. Anggaran tahun ini Rp2 miliar. "
            "Pemkot juga menyiapkan pelatihan. Provinsi Jawa Tengah sendiri memperoleh indeks SPBE 3,88 pada "
            "evaluasi yang sama.")
    got = {(f[0], f[2]) for f in facts(text, published=dt.date(2025, 2, 1))}
    assert ("Provinsi Jawa Tengah", 2024) in got


def test_unstated_value_takes_the_year_of_the_evaluation_the_lead_announces() -> None:
    text = ("Kementerian PANRB mengumumkan hasil evaluasi SPBE tahun 2024 untuk daerah di Jawa Timur. "
            "Kabupaten Gresik menempati peringkat pertama. Gubernur menyampaikan selamat. "
            "Bupati bersyukur. Untuk kategori kota, Kota Kediri memperoleh indeks 3,77.")
    assert ("Kota Kediri", 2024, 3.77) in {(f[0], f[2], f[3]) for f in facts(text, published=dt.date(2025, 1, 5))}


def test_value_named_as_the_reason_for_a_target_is_achieved() -> None:
    got = facts("Pemkab Boyolali memasang target indeks SPBE 3,2. Target itu ditetapkan setelah hasil evaluasi "
                "2024 menunjukkan Boyolali meraih nilai 2,75.")
    assert ("Kabupaten Boyolali", 2024, 2.75, "achieved") in {(f[0], f[2], f[3], f[6]) for f in got}


def test_kejar_is_a_target() -> None:
    got = facts("Bupati Rembang mengatakan, tahun depan indeks SPBE kita kejar 3,5.", published=dt.date(2025, 3, 1))
    assert [(f[3], f[6], f[2]) for f in got] == [(3.5, "target", 2026)]


def test_not_stopping_at_a_predicate_is_no_fact() -> None:
    got = facts("\"Kami tidak ingin berhenti di predikat baik,\" kata Bupati Blora soal indeks SPBE kabupaten itu.")
    assert got == []


def test_regions_still_in_a_band_are_generic() -> None:
    assert facts("Pemprov Jawa Tengah akan mendampingi daerah yang masih berpredikat cukup dalam evaluasi SPBE.") == []


def test_other_indices_above_five_and_indeks_kami() -> None:
    got = facts("Kabupaten Purworejo memperoleh nilai SAKIP 71,25 dengan predikat BB pada tahun 2024.")
    assert [(f[1], f[3]) for f in got] == [("other", 71.25)]
    got = extract_claims("Indeks Reformasi Birokrasi Pemkab Kebumen tahun 2024 tercatat 80,12.")
    assert [(c.metric, c.metric_name, c.value) for c in got] == [("other", "Indeks Reformasi Birokrasi", 80.12)]
    got = extract_claims("Indeks KAMI Diskominfo Kabupaten Cilacap tahun 2024 masuk kategori baik, kata dia soal SPBE.")
    assert [(c.metric, c.predicate) for c in got] == [("other", "baik")]
    assert facts("Indeks SPBE Kota Bogor tahun 2024 mencapai 35,5.") == []


def test_province_after_a_kabupaten_is_its_location() -> None:
    got = facts("Pemerintah Kabupaten Poso, Sulawesi Tengah, meraih predikat Baik dalam evaluasi SPBE 2024.")
    assert [(f[0], f[4]) for f in got] == [("Kabupaten Poso", "baik")]


def test_this_value_refers_to_the_holder_just_named() -> None:
    text = ("Pemkot Surakarta meraih Indeks Pelayanan Publik 4,10 pada 2024. Wali Kota Surakarta bersyukur. "
            "Sementara itu, Pemprov Jawa Tengah memperoleh indeks SPBE 3,95 pada 2024. "
            "Nilai itu menempatkan Jateng di urutan ke-3 nasional.")
    ranks = {(f[0], f[5]) for f in facts(text) if f[5]}
    assert ranks == {("Provinsi Jawa Tengah", 3)}
    text = ("Pemkot Surakarta meraih indeks SPBE 3,80 pada 2024. Pemprov Jawa Tengah memperoleh indeks SPBE 3,95. "
            "Nilai itu menempatkan provinsi tersebut di urutan ke-3 nasional.")
    assert {(f[0], f[5]) for f in facts(text) if f[5]} == {("Provinsi Jawa Tengah", 3)}


def test_persen_slip_after_a_stated_year() -> None:
    c = one("Indeks SPBE Pemerintah Kabupaten Wajo pada evaluasi 2024 mencapai 3,12 persen.")
    assert (c.entity, c.value, c.year) == ("Kabupaten Wajo", 3.12, 2024)


def test_predicate_of_the_next_sentence_goes_on_the_new_value() -> None:
    got = facts("Kementerian Perhubungan mencatat indeks SPBE 3,90 pada evaluasi 2024, naik dari 3,40 pada tahun "
                "sebelumnya. Dengan nilai itu, Kemenhub berada pada predikat Sangat Baik.")
    assert {(f[2], f[3], f[4]) for f in got} == {(2024, 3.9, "sangat baik"), (2023, 3.4, None)}


def test_interim_internal_achievement_of_the_subject() -> None:
    text = ("Diskominfo Kota Dumai melaporkan capaian indeks SPBE Triwulan III 2025 mencapai 3,20. "
            "Pada Triwulan II, capaian internal tercatat 3,05.")
    assert {(f[3], f[6]) for f in facts(text)} == {(3.2, "interim"), (3.05, "interim")}


def test_stoplisted_bare_name_counts_once_the_region_was_named() -> None:
    text = ("Pemerintah Kabupaten Puncak meraih predikat Baik dalam evaluasi SPBE tahun 2024. "
            "Pada evaluasi 2023, Puncak masih berpredikat Cukup.")
    assert {(f[0], f[2], f[4]) for f in facts(text)} == {("Kabupaten Puncak", 2024, "baik"),
                                                         ("Kabupaten Puncak", 2023, "cukup")}
    # without the prefixed mention the word stays a word
    assert facts("Puncak acara evaluasi SPBE 2024 diisi penyerahan predikat Baik kepada Kota Bogor.") == [
        ("Kota Bogor", "spbe", 2024, None, "baik", None, "achieved")]


def test_value_written_as_the_target_itself() -> None:
    got = facts("Indeks SPBE Kabupaten Batang tahun 2024 tercatat 3,21, masih di bawah target tahun 2025 sebesar 3,50.")
    assert {(f[2], f[3], f[6]) for f in got} == {(2024, 3.21, "achieved"), (2025, 3.5, "target")}


def test_provisional_desk_evaluation_is_interim() -> None:
    c = one("Menurut desk evaluation sementara, indeks SPBE Kota Pekalongan 2025 berada di angka 3,18.")
    assert (c.value, c.status) == (3.18, "interim")


def test_two_years_ago_against_publication_date() -> None:
    c = one("Indeks SPBE Kabupaten Pemalang dua tahun lalu baru 2,45.", published=dt.date(2025, 5, 2))
    assert (c.value, c.year) == (2.45, 2023)


def test_transition_with_the_year_after_the_new_value() -> None:
    got = facts("Indeks SPBE Kabupaten Brebes naik dari 2,91 menjadi 3,15 pada 2024.")
    assert {(f[2], f[3]) for f in got} == {(2023, 2.91), (2024, 3.15)}


def test_highest_value_heads_a_chain() -> None:
    got = facts("Dalam evaluasi SPBE 2024, Kota Tegal meraih nilai tertinggi dengan 3,61, disusul Kota Pekalongan "
                "3,44 dan Kota Salatiga 3,20.")
    assert {(f[0], f[5]) for f in got} == {("Kota Tegal", 1), ("Kota Pekalongan", 2), ("Kota Salatiga", 3)}


def test_rising_to_a_predicate_as_a_target() -> None:
    got = facts("Indeks SPBE Kabupaten Tegal 2024 mencapai 3,05. \"Target kami tahun depan naik ke sangat baik,\" "
                "kata Bupati Tegal.", published=dt.date(2025, 2, 3))
    assert ("Kabupaten Tegal", 2026, "sangat baik", "target") in {(f[0], f[2], f[4], f[6]) for f in got}


def test_earlier_value_with_tahun_sebelumnya_after_it() -> None:
    got = facts("Indeks SPBE Kabupaten Kudus naik menjadi 3,52 dari 3,30 tahun sebelumnya pada evaluasi 2024.")
    assert {(f[2], f[3]) for f in got} == {(2024, 3.52), (2023, 3.3)}


def test_year_ranges_are_periods() -> None:
    c = one("Pemkab Pati menyusun peta rencana SPBE 2025–2029 setelah meraih indeks 3,12.")
    assert (c.value, c.year, c.status) == (3.12, None, "achieved")


def test_predicate_transition_gives_two_facts() -> None:
    got = facts("Indeks SPBE Kabupaten Rembang tahun 2024 turun menjadi 3,20. Predikatnya pun turun dari sangat baik "
                "menjadi baik.")
    assert {(f[2], f[3], f[4]) for f in got} == {(2024, 3.2, "baik"), (2023, None, "sangat baik")}


def test_bare_province_name_in_the_province_category() -> None:
    got = facts("Jakarta meraih indeks SPBE 4,40 untuk kategori pemerintah provinsi pada 2024.")
    assert [(f[0], f[3]) for f in got] == [("Provinsi DKI Jakarta", 4.4)]
    # a dateline is not a holder
    assert facts("JAKARTA – Kota Bogor meraih indeks SPBE 3,33 pada 2024, kategori pemerintah provinsi dan kota.") == [
        ("Kota Bogor", "spbe", 2024, 3.33, None, None, "achieved")]


def test_value_after_second_behind_x_is_not_xs() -> None:
    got = facts("Kota Bima berada di posisi kedua setelah Kota Mataram dengan indeks 2,88 pada evaluasi SPBE 2024.")
    assert {(f[0], f[3], f[5]) for f in got} == {("Kota Bima", 2.88, 2), ("Kota Mataram", None, 1)}


def test_we_in_a_regents_quote_is_the_regency() -> None:
    text = ("Evaluasi SPBE 2024 menempatkan Kota Bima pada indeks 3,01, sedangkan Kabupaten Bima meraih 2,40.\n\n"
            "Bupati Bima Indah Dhamayanti tidak menampik hasil itu. Menurut dia, jaringan internet masih terbatas.\n\n"
            "\"Kami akui nilai 2,40 itu belum cukup. Target kami tahun ini minimal masuk predikat baik,\" ujarnya.")
    got = {(f[0], f[3], f[4], f[6]) for f in facts(text, published=dt.date(2025, 2, 1))}
    assert ("Kabupaten Bima", None, "baik", "target") in got
    assert not any(f[0] == "Kota Bima" and f[3] == 2.4 for f in got)


def test_year_of_a_value_given_by_the_next_sentences() -> None:
    text = ("Pemkot Magelang meraih Indeks Pelayanan Publik 4,05 dengan kategori A-. Penghargaan diserahkan Senin. "
            "Wali Kota Magelang mengatakan nilai itu merupakan hasil evaluasi pelayanan publik tahun 2024.")
    assert [(f[1], f[2], f[3]) for f in facts(text)] == [("other", 2024, 4.05)]


def test_public_service_index_is_not_a_subscore_and_letter_predicate_is_no_band() -> None:
    got = facts("Kabupaten Grobogan memperoleh nilai SAKIP 66,40 dengan predikat B untuk tahun 2024.")
    assert [(f[1], f[2], f[3]) for f in got] == [("other", 2024, 66.4)]


def test_headline_top_and_followers() -> None:
    text = ("Semarang Tertinggi Indeks Kota Cerdas di Jateng, Surakarta dan Magelang Menyusul\n\n"
            "Tiga kota di Jawa Tengah mencatat hasil baik dalam evaluasi Gerakan Menuju Kota Cerdas tahun 2024.")
    ranks = {(f[0], f[1], f[5]) for f in facts(text) if f[5]}
    assert ranks == {("Kota Semarang", "smart_city", 1), ("Kota Surakarta", "smart_city", 2),
                     ("Kota Magelang", "smart_city", 3)}


def test_minimal_value_in_a_quote_after_a_target_is_the_target() -> None:
    text = ("Indeks SPBE Kabupaten Soppeng 2024 mencapai 3,02. Bupati Soppeng meminta agar evaluasi tahun depan "
            "dijadikan momentum untuk naik kelas. \"Minimal 3,5. Kita harus bisa,\" katanya.")
    got = {(f[0], f[3], f[6]) for f in facts(text, published=dt.date(2025, 1, 20))}
    assert ("Kabupaten Soppeng", 3.5, "target") in got


def test_below_threshold_is_nobodys_target() -> None:
    assert facts("Hasil evaluasi SPBE 2024 Kota Cilegon akan menjadi dasar pendampingan bagi instansi dengan "
                 "indeks di bawah 2,6.") == []


def test_clause_opening_with_a_rank_names_its_holder() -> None:
    got = facts("Peringkat pertama diraih Kota Tasikmalaya dengan indeks SPBE 3,80, peringkat kedua Kabupaten Ciamis "
                "3,60, dan peringkat ketiga Kabupaten Garut 3,40.")
    assert {(f[0], f[3], f[5]) for f in got} == {("Kota Tasikmalaya", 3.8, 1), ("Kabupaten Ciamis", 3.6, 2),
                                                 ("Kabupaten Garut", 3.4, 3)}


def test_a_target_lead_does_not_date_achieved_values() -> None:
    got = facts("Pemkab Ciamis menargetkan predikat sangat baik pada evaluasi SPBE 2025. Indeks SPBE Ciamis "
                "saat ini 3,20.", published=dt.date(2025, 2, 1))
    assert ("Kabupaten Ciamis", None, 3.2) in {(f[0], f[2], f[3]) for f in got}


def test_more_target_verbs_and_next_year_after_the_value() -> None:
    c = one("Tahun ini Pemkab Sumedang membidik indeks SPBE 4,5.", published=dt.date(2025, 2, 1))
    assert (c.value, c.status, c.year) == (4.5, "target", 2025)
    c = one("Indeks SPBE Pemkab Majalengka ditargetkan naik menjadi 3,4 tahun depan.", published=dt.date(2025, 2, 1))
    assert (c.value, c.status, c.year) == (3.4, "target", 2026)


def test_rose_from_an_earlier_value_after_the_new_one() -> None:
    got = facts("Indeks SPBE Kota Banjar pada 2024 mencapai 3,31, naik dari 3,02. Dengan nilai itu, Kota Banjar "
                "berada pada predikat Baik.")
    assert {(f[2], f[3], f[4]) for f in got} == {(2024, 3.31, "baik"), (2023, 3.02, None)}


def test_generic_regions_still_in_a_band_but_not_the_only_one() -> None:
    assert facts("Pemprov Sulawesi Tengah akan membina kabupaten yang masih berpredikat kurang dalam evaluasi SPBE.") == []
    got = facts("Kota Salatiga menjadi satu-satunya daerah yang berpredikat memuaskan dalam evaluasi SPBE 2024.")
    assert [(f[0], f[4]) for f in got] == [("Kota Salatiga", "memuaskan")]


def test_shared_stoplisted_bare_name_takes_the_region_named_last() -> None:
    text = ("Kota Bima dan Kabupaten Bima sama-sama dievaluasi. Penjabat Wali Kota Bima mengatakan, pada evaluasi "
            "SPBE 2023 Bima baru mencatat 2,35.")
    assert [(f[0], f[3]) for f in facts(text)] == [("Kota Bima", 2.35)]


def test_predicate_a_target_aims_at() -> None:
    got = facts("Tahun depan indeks SPBE kita kejar 3,6 supaya Ternate bisa sangat baik, kata Wali Kota Ternate.",
                published=dt.date(2025, 4, 1))
    assert [(f[0], f[2], f[3], f[4], f[6]) for f in got] == [("Kota Ternate", 2026, 3.6, "sangat baik", "target")]
    # an ordinary "bisa" + "baik" is no predicate
    assert all(f[4] is None for f in facts("Indeks SPBE Kota Ternate 2024 mencapai 2,9 agar layanan bisa baik."))


def test_a_year_later_and_a_year_before() -> None:
    text = ("Pada 2023, indeks SPBE Kota Probolinggo tercatat 3,41. Setahun kemudian, indeks SPBE Kota Probolinggo "
            "naik menjadi 3,66.")
    assert {(f[3], f[2]) for f in facts(text)} == {(3.41, 2023), (3.66, 2024)}
    got = facts("Indeks SPBE Kota Pasuruan tahun 2024 mencapai 3,52, padahal setahun sebelumnya hanya 3,10.")
    assert {(f[3], f[2]) for f in got} == {(3.52, 2024), (3.1, 2023)}


def test_popular_and_recommended_lists_are_boilerplate() -> None:
    for marker in ("Berita Populer", "Terpopuler Hari Ini", "Pilihan Redaksi", "Rekomendasi untuk Anda:"):
        text = (f"Indeks SPBE Kabupaten Kudus tahun 2024 mencapai 3,71.\n{marker}\n"
                "Kabupaten Pati Raih Nilai SPBE 3,44 Tahun 2024\n")
        assert [g[0] for g in facts(text)] == ["Kabupaten Kudus"], marker


def test_a_sidebar_above_the_body_does_not_end_the_article() -> None:
    text = ("Terpopuler\nKota Depok Raih Indeks SPBE 3,9\n"
            "Indeks SPBE Kabupaten Kudus tahun 2024 mencapai 3,71 dengan predikat sangat baik.\n")
    assert facts(text) == [("Kabupaten Kudus", "spbe", 2024, 3.71, "sangat baik", None, "achieved")]


def test_province_in_parentheses_is_where_the_regency_lies() -> None:
    text = ("Hasil evaluasi SPBE tahun 2024 telah diumumkan.\n"
            "Kabupaten Kudus (Jawa Tengah) meraih indeks 3,71, sedangkan Kalimantan Utara (Kaltara) meraih 3,01.")
    assert [(g[0], g[3]) for g in facts(text)] == [("Kabupaten Kudus", 3.71), ("Provinsi Kalimantan Utara", 3.01)]


def test_an_earlier_unstated_year_is_not_the_articles_year() -> None:
    lead = "Pemkab Kudus meraih indeks SPBE 3,71 dengan predikat sangat baik pada evaluasi tahun 2024.\n"
    for later in ("Sebelumnya, Kudus hanya berpredikat baik.",
                  "Capaian ini meningkat dari predikat baik yang diraih sebelumnya."):
        assert facts(lead + later)[1] == ("Kabupaten Kudus", "spbe", None, None, "baik", None, "achieved"), later
    # a year stated in the "Sebelumnya" sentence still counts
    assert facts(lead + "Sebelumnya, pada 2023 Kudus mendapat predikat cukup.")[1][2] == 2023


def test_bare_ordinals_continue_an_explicit_ranking() -> None:
    text = ("Hasil evaluasi SPBE tahun 2024 untuk kabupaten/kota di Jawa Tengah telah diumumkan.\n"
            "Urutan pertama Kota Semarang (4,21), kedua Kabupaten Kudus (3,71), ketiga Kota Surakarta (3,65).")
    assert [(g[0], g[3], g[5]) for g in facts(text)] == [
        ("Kota Semarang", 4.21, 1), ("Kabupaten Kudus", 3.71, 2), ("Kota Surakarta", 3.65, 3)]
    # an ordinal that is not followed by a holder is no rank ("kedua kalinya": the second time)
    text2 = ("Evaluasi SPBE 2024 telah diumumkan. Kota Semarang di peringkat pertama dengan 4,21, "
             "kedua kalinya meraih predikat memuaskan.")
    assert [g[5] for g in facts(text2)] == [1]


def test_a_chain_sentence_continues_the_ranking_of_the_sentence_before() -> None:
    text = ("Hasil evaluasi SPBE tahun 2024 untuk kabupaten/kota di Jawa Tengah telah diumumkan.\n"
            "Kota Semarang berada di peringkat pertama. Disusul Kabupaten Kudus dan Kota Surakarta.")
    assert [(g[0], g[5]) for g in facts(text)] == [("Kota Semarang", 1), ("Kabupaten Kudus", 2), ("Kota Surakarta", 3)]
    # an unranked head gives no chain
    text2 = "Evaluasi SPBE 2024: Kota Semarang meraih indeks 4,21. Disusul Kabupaten Kudus dengan 3,71."
    assert [g[5] for g in facts(text2)] == [None, None]


def test_a_province_after_a_glossed_regency_is_where_it_lies() -> None:
    text = ("Banjarmasin - Pemerintah Kabupaten Tanah Laut (Tala), Kalimantan Selatan, meraih indeks SPBE 3,12 "
            "dengan predikat baik pada evaluasi tahun 2024.")
    assert facts(text) == [("Kabupaten Tanah Laut", "spbe", 2024, 3.12, "baik", None, "achieved")]


def test_se_tanah_or_pulau_x_is_a_rank_scope_not_a_holder() -> None:
    text = "Kota Ambon menempati peringkat pertama indeks SPBE se-Pulau Maluku tahun 2024 dengan nilai 3,05."
    assert facts(text) == [("Kota Ambon", "spbe", 2024, 3.05, None, 1, "achieved")]


def test_a_predicate_left_behind_has_no_year() -> None:
    lead = "Indeks SPBE Kabupaten Kudus tahun 2024 mencapai 2,71 dengan predikat baik.\n"
    assert facts(lead + "Bupati Kudus mengatakan kabupatennya sudah keluar dari predikat cukup.")[1] == (
        "Kabupaten Kudus", "spbe", None, None, "cukup", None, "achieved")


def test_a_whole_number_after_a_score_noun_is_a_score() -> None:
    assert facts("Pemkab Kudus menargetkan indeks SPBE tahun 2025 tembus angka 4.") == [
        ("Kabupaten Kudus", "spbe", 2025, 4.0, None, None, "target")]
    # but not a count, a range, a scale or a rank
    for text in ("Indeks SPBE Kabupaten Kudus 2024 dinilai dari 4 domain.",
                 "Indeks SPBE Kabupaten Kudus diukur dengan nilai 1 sampai 5.",
                 "Indeks SPBE Kabupaten Kudus 2024 menempatkannya di peringkat 4 se-Jawa Tengah."):
        assert all(f[3] is None for f in facts(text)), text


def test_no_break_spaces_read_as_spaces_and_quotes_stay_verbatim() -> None:
    text = "Indeks\u00a0SPBE Kabupaten\u00a0Kudus tahun\u00a02024 mencapai 3,71 dengan predikat sangat\u00a0baik."
    c = one(text)
    assert (c.entity, c.year, c.value, c.predicate) == ("Kabupaten Kudus", 2024, 3.71, "sangat baik")
    assert c.quote == text[c.start:c.end] and "\u00a0" in c.quote


def test_one_predicate_for_a_listed_group() -> None:
    text = ("Hasil evaluasi SPBE tahun 2024 untuk Jawa Tengah telah diumumkan.\n"
            "Kabupaten Kudus mendapat 2,32, Kabupaten Pati 2,24 dan Kabupaten Rembang 1,96, seluruhnya berpredikat cukup.")
    assert [(f[0], f[3], f[4]) for f in facts(text)] == [
        ("Kabupaten Kudus", 2.32, "cukup"), ("Kabupaten Pati", 2.24, "cukup"), ("Kabupaten Rembang", 1.96, "cukup")]
    text2 = ("Evaluasi SPBE 2024: Kota Semarang meraih 3,61, Kabupaten Kudus 3,55 dan Kota Salatiga 3,52.\n"
             "Ketiganya sekaligus meraih predikat sangat baik.")
    assert {f[4] for f in facts(text2)} == {"sangat baik"}
    # "ketiganya" after two values is not those two
    text3 = "Evaluasi SPBE 2024: Kota Semarang meraih 3,61 dan Kabupaten Kudus 3,55.\nKetiganya berpredikat baik."
    assert {f[4] for f in facts(text3)} == {None}


def test_a_predicate_after_a_list_of_regions_is_each_ones() -> None:
    text = ("Hasil evaluasi SPBE tahun 2024 untuk Kalimantan Timur telah keluar.\n"
            "Adapun Kutai Barat, Penajam Paser Utara (PPU) serta Mahakam Ulu masih tertahan di predikat Cukup.")
    assert [(f[0], f[4]) for f in facts(text)] == [
        ("Kabupaten Kutai Barat", "cukup"), ("Kabupaten Penajam Paser Utara", "cukup"), ("Kabupaten Mahakam Ulu", "cukup")]
    # a counted group is nobody's: "Kota Kupang Teratas, Lima Daerah Masih Predikat Kurang"
    assert [f[4] for f in facts("Evaluasi SPBE 2022: Kota Kupang Teratas di NTT, Lima Daerah Masih Predikat Kurang")
            ] == [None]


def test_a_stoplisted_bare_name_inside_a_score_list_is_the_region() -> None:
    text = "Hasil evaluasi SPBE 2022 di NTT: Kabupaten Kupang mendapat 2,32, Ende 2,24 dan Belu 1,96."
    assert [(f[0], f[3]) for f in facts(text)] == [
        ("Kabupaten Kupang", 2.32), ("Kabupaten Ende", 2.24), ("Kabupaten Belu", 1.96)]


def test_a_list_after_a_comparison_keeps_the_reported_year() -> None:
    text = ("Pemprov Kaltim mengantongi indeks SPBE 3,82 pada evaluasi tahun 2024.\n"
            "Angka itu melonjak dibanding capaian evaluasi 2023 yang hanya 3,27.\n"
            "Di level kabupaten/kota, Kota Balikpapan meraih indeks 3,91 dan Kota Samarinda 3,79.")
    assert [(f[0], f[2], f[3]) for f in facts(text)] == [
        ("Provinsi Kalimantan Timur", 2024, 3.82), ("Provinsi Kalimantan Timur", 2023, 3.27),
        ("Kota Balikpapan", 2024, 3.91), ("Kota Samarinda", 2024, 3.79)]


def test_a_transition_with_a_year_inside_gives_both_years() -> None:
    text = "Kementerian Agama naik dari predikat Baik pada 2023 menjadi Sangat Baik dalam evaluasi SPBE tahun ini."
    assert [(f[0], f[2], f[4]) for f in facts(text)] == [
        ("Kementerian Agama", 2023, "baik"), ("Kementerian Agama", 2024, "sangat baik")]


def test_the_lead_year_is_read_below_the_datelines_and_captions() -> None:
    text = ("Siak raih indeks SPBE tertinggi di Riau\nSenin, 13 Februari 2023 19:05 WIB\n"
            "Petugas melayani warga. (ANTARA/HO)\n"
            "Pekanbaru (ANTARA) - Kabupaten Siak mencatat indeks SPBE tertinggi berdasarkan hasil evaluasi "
            "Kementerian PANRB tahun 2022.\nKepala Dinas menyampaikan rasa syukur.\n"
            "\"Tahun sebelumnya Siak mengantongi 2,86,\" ujarnya.")
    assert ("Kabupaten Siak", "spbe", 2021, 2.86, None, None, "achieved") in facts(text)


def test_sebagai_yang_terbaik_and_indeks_tertinggi_diraih_rank_first() -> None:
    assert [(f[0], f[3], f[5]) for f in facts(
        "Pada kategori lembaga evaluasi SPBE 2024, Badan Pusat Statistik tampil sebagai yang terbaik dengan indeks 4,61.")
    ] == [("Badan Pusat Statistik", 4.61, 1)]
    assert [(f[0], f[5]) for f in facts(
        "Untuk kategori kementerian SPBE 2019, indeks tertinggi diraih Kementerian Perindustrian dengan nilai 3,74.")
    ] == [("Kementerian Perindustrian", 1)]


def test_chain_and_top_phrasings() -> None:
    text = ("Hasil evaluasi SPBE 2024 se-Sumatera Barat: Kota Padang Panjang berada di peringkat pertama dengan 3,91.\n"
            "Di belakangnya menyusul Kota Payakumbuh dengan 3,71 dan Kabupaten Agam dengan 3,55.")
    assert [(f[0], f[5]) for f in facts(text) if f[5]] == [
        ("Kota Padang Panjang", 1), ("Kota Payakumbuh", 2), ("Kabupaten Agam", 3)]
    assert [f[5] for f in facts("Pemerintah Kota Sorong memimpin capaian indeks SPBE se-Papua Barat Daya tahun 2024.")
            ] == [1]
    # two top places are a group, not a rank
    assert facts("Pada evaluasi SPBE 2024, dua posisi teratas ditempati Kota Pontianak dan Kabupaten Kubu Raya.") == []


def test_a_chain_stops_at_the_speaker() -> None:
    text = ("\"Dari 12 kabupaten/kota di Riau, Siak menempati urutan pertama dengan indeks SPBE 3,33, disusul "
            "Kota Pekanbaru 3,10,\" kata Kepala Dinas Kominfo Provinsi Riau.")
    assert [(f[0], f[5]) for f in facts(text) if f[5]] == [("Kabupaten Siak", 1), ("Kota Pekanbaru", 2)]


def test_additions_and_band_bounds_are_not_scores() -> None:
    text = "Indeks SPBE Kabupaten Mimika 2024 tercatat 3,21. Untuk itu dibutuhkan tambahan minimal 0,5 poin."
    assert [f[3] for f in facts(text)] == [3.21]
    text2 = "Indeks SPBE Pemkab Merangin 2024 tercatat 2,11, masih di bawah ambang predikat baik yang dipatok 2,6."
    assert [(f[3], f[4]) for f in facts(text2)] == [(2.11, None)]


def test_predikatnya_and_masuk_are_predicate_cues() -> None:
    assert facts("Alhamdulillah, indeks SPBE Kudus tahun 2024 kita dapat 3,46, predikatnya Baik.")[0][4] == "baik"
    text = "Indeks SPBE Kota Sorong naik dari 1,92 pada 2024 menjadi 2,71 pada 2025, sekaligus mengantar predikatnya dari cukup menjadi baik."
    assert [(f[2], f[3], f[4]) for f in facts(text)] == [(2024, 1.92, "cukup"), (2025, 2.71, "baik")]


def test_an_interim_report_goes_on_in_the_next_sentences() -> None:
    text = ("Diskominfo NTT merilis hasil sementara evaluasi SPBE 2025 untuk pemerintah daerah di NTT.\n"
            "Kota Kupang memimpin dengan nilai 3,05, disusul Kabupaten Sikka 2,51.\n"
            "Di bawahnya, Kabupaten Ende 2,33 dan Kabupaten Belu 1,92.\n"
            "Sebagai perbandingan, pada evaluasi final 2024 Kota Kupang memperoleh indeks 2,88.")
    assert [(f[0], f[3], f[6]) for f in facts(text)] == [
        ("Kota Kupang", 3.05, "interim"), ("Kabupaten Sikka", 2.51, "interim"), ("Kabupaten Ende", 2.33, "interim"),
        ("Kabupaten Belu", 1.92, "interim"), ("Kota Kupang", 2.88, "achieved")]
    # a sentence opening with another year is another result
    text2 = ("Penilaian mandiri SPBE Kabupaten Bireuen tahun ini mencapai 2,95.\n"
             "Tahun 2023, Bireuen hanya mengantongi nilai 2,45 dengan predikat cukup.")
    assert [(f[3], f[6]) for f in facts(text2)] == [(2.95, "interim"), (2.45, "achieved")]


def test_target_adalah_predicate_and_bagian_dari_province() -> None:
    text0 = ("Pemkab Lombok Timur meraih indeks SPBE 3,41 pada evaluasi 2025.\n"
             "\"Target kita di evaluasi 2026 adalah Memuaskan,\" kata Bupati.")
    assert facts(text0)[1] == ("Kabupaten Lombok Timur", "spbe", 2026, None, "memuaskan", None, "target")
    text = ("Kabupaten Merauke yang dievaluasi ketika masih bagian dari Provinsi Papua meraih indeks SPBE 2,12 "
            "pada evaluasi 2023.")
    assert [f[0] for f in facts(text)] == ["Kabupaten Merauke"]


def test_interim_ends_at_a_final_result_or_an_earlier_stated_one() -> None:
    text = "\"Tahun lalu penilaian mandiri SPBE kita 3,02, tapi hasil akhirnya hanya 2,41,\" kata Sekda Maluku Utara."
    assert [(f[3], f[6]) for f in facts(text)] == [(3.02, "interim"), (2.41, "achieved")]
    text2 = "Skor sementara SPBE Kepri 3,12, naik dari 2,88 pada evaluasi 2024."
    assert [(f[3], f[2], f[6]) for f in facts(text2)] == [(3.12, None, "interim"), (2.88, 2024, "achieved")]


def test_ranks_next_after_a_listed_pair_and_lost_to() -> None:
    text = ("Pada evaluasi SPBE 2024, Badan Pusat Statistik tampil sebagai yang terbaik dengan indeks 4,61. "
            "Badan Kepegawaian Negara (BKN) dan Badan Pengawas Obat dan Makanan (BPOM) menyusul di urutan berikutnya "
            "dengan indeks masing-masing 4,49 dan 4,33.")
    assert [(f[0], f[3], f[5]) for f in facts(text)] == [
        ("Badan Pusat Statistik", 4.61, 1), ("Badan Kepegawaian Negara", 4.49, 2),
        ("Badan Pengawas Obat dan Makanan", 4.33, 3)]
    text2 = ("Kabupaten Siak berada di peringkat kedua indeks SPBE se-Riau tahun 2024. "
             "Siak hanya kalah dari Kota Pekanbaru.")
    assert [(f[0], f[5]) for f in facts(text2)] == [("Kabupaten Siak", 2), ("Kota Pekanbaru", 1)]


def test_target_and_level_cues() -> None:
    lead = "Indeks SPBE Kota Ternate tahun 2024 tercatat 3,19.\n"
    assert facts(lead + "\"Target tahun depan 3,5. Kita mau masuk Sangat Baik,\" tegas Wali Kota.")[1][3:7] == (
        3.5, None, None, "target")
    assert facts("Kabupaten Nias Barat tercatat dengan predikat Kurang, sementara Kabupaten Labuhanbatu Selatan "
                 "berada di level Cukup dalam evaluasi SPBE 2024.")[1][4] == "cukup"
    # "bertahan di predikat Cukup" states the predicate; "tidak puas dengan predikat Baik" does not
    assert facts("Kabupaten Kepulauan Mentawai hanya memperoleh indeks SPBE 1,96 pada 2024 dan bertahan di predikat Cukup."
                 )[0][4] == "cukup"
    assert facts("Pemkab Sleman tidak puas dengan predikat Baik pada evaluasi SPBE 2024.") == []


def test_an_other_index_named_in_the_sentence_before_keeps_its_large_values() -> None:
    text = ("Komisi Informasi Jawa Tengah mengumumkan hasil evaluasi Keterbukaan Informasi Publik tahun 2024.\n"
            "Kota Salatiga menempati peringkat pertama dengan nilai 98,12, disusul Kabupaten Banyumas dengan 97,65.")
    assert [(f[0], f[1], f[3], f[5]) for f in facts(text)] == [
        ("Kota Salatiga", "other", 98.12, 1), ("Kabupaten Banyumas", "other", 97.65, 2)]
    # a large number far from any other index is nobody's score
    assert facts("Evaluasi SPBE 2024 telah diumumkan.\nKota Salatiga mencatat 98,12 kunjungan per hari.") == []


def test_evaluasi_berikutnya_and_angkanya() -> None:
    text = ("Pemko Bukittinggi yang pada evaluasi SPBE 2024 meraih indeks 3,39 menargetkan nilai kota cerdas "
            "di atas 3,5 pada evaluasi berikutnya.")
    assert [(f[1], f[2], f[3], f[6]) for f in facts(text)] == [
        ("spbe", 2024, 3.39, "achieved"), ("smart_city", 2025, 3.5, "target")]
    text2 = ("Pada pemantauan triwulan II, indeks SPBE Pemprov Babel sementara berada di angka 3,20.\n"
             "Pada triwulan I lalu, angkanya masih 2,94.")
    assert [(f[0], f[3], f[6]) for f in facts(text2)] == [
        ("Provinsi Kepulauan Bangka Belitung", 3.2, "interim"), ("Provinsi Kepulauan Bangka Belitung", 2.94, "interim")]


def test_a_self_assessment_after_final_results_has_no_stated_year() -> None:
    # it is for the evaluation under way, whose year the text does not state: not the final results' year
    text = ("Hasil evaluasi SPBE 2024: Kabupaten Karimun meraih indeks 2,10 dengan predikat cukup.\n"
            "Adapun Kabupaten Karimun melaporkan hasil penilaian mandiri 2,40, sedangkan Kabupaten Bintan 2,57.\n"
            "Kota Tanjungpinang bahkan melaporkan indeks mandiri 2,90.")
    assert [(f[0], f[2], f[3], f[6]) for f in facts(text)] == [
        ("Kabupaten Karimun", 2024, 2.1, "achieved"), ("Kabupaten Karimun", None, 2.4, "interim"),
        ("Kabupaten Bintan", None, 2.57, "interim"), ("Kota Tanjung Pinang", None, 2.9, "interim")]


def test_a_predicate_introducing_a_list_goes_to_every_item() -> None:
    text = ("Hasil evaluasi SPBE 2024 di Kalimantan Selatan telah diumumkan.\n"
            "Sementara enam daerah berpredikat baik, yakni Kab. Tabalong 3.28, Kab. Banjar 3.15 dan Kab. Balangan 3.01.")
    assert [(f[0], f[3], f[4]) for f in facts(text)] == [
        ("Kabupaten Tabalong", 3.28, "baik"), ("Kabupaten Banjar", 3.15, "baik"), ("Kabupaten Balangan", 3.01, "baik")]


def test_a_sidebar_under_the_headline_does_not_end_the_article() -> None:
    text = ("Indeks SPBE Pandeglang Naik ke Predikat Baik\n\nBANTENNEWS.CO.ID\nTERPOPULER\n"
            "1 Pemkot Serang Raih Indeks SPBE 3,47, Naik dari Tahun Lalu\n2 Viral Jalan Rusak di Cibaliung\n\n"
            "PANDEGLANG – Pemerintah Kabupaten Pandeglang akhirnya naik kelas dalam evaluasi Sistem Pemerintahan "
            "Berbasis Elektronik (SPBE). Berdasarkan hasil evaluasi SPBE tahun 2024, Pandeglang meraih indeks 2,97 "
            "dengan predikat baik.\n")
    assert [(f[0], f[3]) for f in facts(text) if f[3]] == [("Kabupaten Pandeglang", 2.97)]


def test_a_target_between_a_value_and_a_predicate_keeps_them_apart() -> None:
    got = facts("Indeks SPBE Kota Kupang 2023 Hanya 2,38, Pemkot Kejar Predikat Baik")
    assert ("Kota Kupang", "spbe", 2023, 2.38, None, None, "achieved") in got
    assert all(f[4] != "baik" or f[6] == "target" for f in got)
    assert facts("Nilai SPBE Kota Kupang naik dibanding tahun 2022 yang hanya 2,19, namun belum cukup.")[0][4] is None


def test_ketiganya_counts_values_over_the_two_sentences_before() -> None:
    text = ("Hasil evaluasi SPBE 2024 di Kalsel: Kab. Tanah Bumbu berada di posisi teratas dengan nilai 3.74. "
            "Posisi berikutnya ditempati Kota Banjarbaru 3.69 dan Kota Banjarmasin 3.52. "
            "Ketiganya sama-sama meraih predikat sangat baik.")
    assert [(f[0], f[4]) for f in facts(text) if f[3]] == [
        ("Kabupaten Tanah Bumbu", "sangat baik"), ("Kota Banjarbaru", "sangat baik"),
        ("Kota Banjarmasin", "sangat baik")]
    text2 = ("Evaluasi SPBE 2023 Sumbar: Kota Bukittinggi meraih 3,34, disusul Kabupaten Agam 3,19 dan Kota Payakumbuh "
             "3,05. Ketiga daerah itu bersama Kabupaten Tanah Datar (2,88) berada pada predikat baik.")
    assert [(f[0], f[4]) for f in facts(text2)] == [
        ("Kota Bukittinggi", "baik"), ("Kabupaten Agam", "baik"), ("Kota Payakumbuh", "baik"),
        ("Kabupaten Tanah Datar", "baik")]


def test_typed_references_name_a_region_of_that_type() -> None:
    text = "Indeks SPBE 2024: Parimo Tertinggi di Sulteng, Pemprov di Posisi Ketiga"
    assert [(f[0], f[5]) for f in facts(text)] == [
        ("Kabupaten Parigi Moutong", 1), ("Provinsi Sulawesi Tengah", 3)]
    text2 = ("Kota Makassar menempati urutan teratas indeks SPBE 2024 se-Sulawesi Selatan dengan 3,87.\n"
             "\"Nilai provinsi kita 3,59, naik dari 3,21 pada tahun 2023,\" ujar Kepala Diskominfo.")
    assert [(f[0], f[2], f[3]) for f in facts(text2)][1:] == [
        ("Provinsi Sulawesi Selatan", 2024, 3.59), ("Provinsi Sulawesi Selatan", 2023, 3.21)]


def test_stoplisted_name_holding_a_score_and_tertahan_di() -> None:
    text = ("Hasil evaluasi SPBE 2024 Sumbar: Tanah Datar menempati peringkat kedua dengan 3,52, sedangkan posisi "
            "ketiga ditempati Pesisir Selatan dengan 3,33.")
    assert ("Kabupaten Pesisir Selatan", 3.33, 3) in [(f[0], f[3], f[5]) for f in facts(text)]
    assert facts("Sebelumnya, di evaluasi SPBE 2023, Kobar masih 2,22 dan tertahan di Cukup.")[0][4] == "cukup"


def test_history_steps_respective_ranks_and_passive_top() -> None:
    text = ("Indeks SPBE Kabupaten Banyuwangi pada 2018 tercatat 2,95.\nPada 2019 naik tipis menjadi 3,08.\n"
            "Selanjutnya 3,62 pada 2022, lalu 3,94 pada 2023.")
    assert [(f[0], f[2], f[3]) for f in facts(text)] == [
        ("Kabupaten Banyuwangi", 2018, 2.95), ("Kabupaten Banyuwangi", 2019, 3.08),
        ("Kabupaten Banyuwangi", 2022, 3.62), ("Kabupaten Banyuwangi", 2023, 3.94)]
    text2 = ("Pada evaluasi SPBE 2022, Provinsi Jawa Tengah berada di urutan teratas, sedangkan Provinsi Jawa Barat dan "
             "Provinsi Bali masing-masing berada di posisi kedua dan ketiga. Kategori pemerintah kota dipuncaki "
             "Kota Surabaya dengan indeks 4,32.")
    assert [(f[0], f[5]) for f in facts(text2) if f[5]] == [
        ("Provinsi Jawa Tengah", 1), ("Provinsi Jawa Barat", 2), ("Provinsi Bali", 3), ("Kota Surabaya", 1)]


def test_floors_and_wishes_are_targets() -> None:
    lead = "Indeks SPBE Kota Kupang 2023 tercatat 2,38.\n"
    # (an undated page: "tahun ini" is not the year just evaluated, so the target's year stays unknown)
    assert facts(lead + "\"Tahun ini saya minta minimal predikat baik, indeksnya 2,6 ke atas,\" kata Wali Kota.")[1][2:7] == (
        None, 2.6, "baik", None, "target")
    assert facts(lead + "\"Mudah-mudahan evaluasi tahun ini bisa masuk sangat baik,\" kata Wali Kota.")[1] == (
        "Kota Kupang", "spbe", None, None, "sangat baik", None, "target")
    assert facts("Tahun lalu indeks SPBE Kabupaten Bone masih di 2,21 persen dengan predikat cukup.")[0][3:5] == (2.21, "cukup")


def test_the_year_of_a_claim_two_sentences_back_and_averages() -> None:
    text = ("Predikat Cukup masih harus diterima Pemkot Ternate dalam evaluasi SPBE tahun 2020. Pemkot Ternate "
            "mengantongi indeks 2,12, naik tipis dari 1,87 pada evaluasi 2019.\nDi tingkat Maluku Utara, Ternate "
            "berada di urutan ketiga. Posisi teratas ditempati Pemprov Malut yang meraih 2,58.")
    assert [(f[0], f[2], f[3]) for f in facts(text) if f[3]][-1] == ("Provinsi Maluku Utara", 2020, 2.58)
    assert facts("Wakil Gubernur Sumbar menyebut rata-rata indeks SPBE kabupaten/kota 2024 mencapai 3,05.") == []


def test_di_bawahnya_ranks_only_a_claimed_next_place() -> None:
    text = ("Kota Padang Panjang kembali memuncaki capaian indeks SPBE se-Sumbar 2024 dengan 3,71. "
            "Di bawahnya, Kota Padang memperoleh 3,60, disusul Payakumbuh 3,48 dan Kabupaten Agam 3,33.")
    assert [f[5] for f in facts(text)] == [1, 2, 3, 4]
    text2 = ("Kota Kupang memimpin dengan nilai 3,05 pada evaluasi SPBE 2024 di NTT, disusul Kabupaten Sikka 2,98. "
             "Di bawahnya, Kabupaten Ende 2,51 dan Kabupaten Belu 2,33.")
    assert [f[5] for f in facts(text2)] == [1, 2, None, None]


def test_named_lists_after_a_generic_phrase_and_evaluators_in_score_lists() -> None:
    text = ("Hasil evaluasi SPBE 2022 Aceh. Adapun daerah yang masih berpredikat cukup antara lain Aceh Besar (2,41), "
            "Pidie (2,20), dan Bireuen (1,98).")
    assert [(f[0], f[4]) for f in facts(text)] == [
        ("Kabupaten Aceh Besar", "cukup"), ("Kabupaten Pidie", "cukup"), ("Kabupaten Bireuen", "cukup")]
    text2 = ("Hasil evaluasi SPBE 2024. Untuk kategori kementerian, indeks tertinggi diraih Kementerian Keuangan dengan "
             "nilai 4,68, disusul Kementerian Kesehatan 4,52 dan Kementerian Dalam Negeri 4,47.")
    assert [(f[0], f[3], f[5]) for f in facts(text2)] == [
        ("Kementerian Keuangan", 4.68, 1), ("Kementerian Kesehatan", 4.52, 2), ("Kementerian Dalam Negeri", 4.47, 3)]
    # a decree number before a comma does not hide the rank after it
    text3 = ("Berdasarkan Keputusan Menteri PANRB Nomor 663 Tahun 2024, posisi pertama kategori provinsi evaluasi SPBE "
             "diraih Jawa Barat dengan nilai 4,44.")
    assert [(f[0], f[5]) for f in facts(text3)] == [("Provinsi Jawa Barat", 1)]


def test_negated_and_band_predicates_and_small_deltas() -> None:
    assert [f[4] for f in facts("Aceh Besar Pasang Target Indeks SPBE 3,0, Sekda: Jangan Lagi di Predikat Cukup")] == [None]
    assert facts("Pada evaluasi SPBE 2024, Batanghari hanya terpaut tipis dari ambang batas predikat baik.") == []
    assert facts("Kenaikan indeks SPBE Kota Surakarta 2024 cukup signifikan, yakni 0,31 poin dibanding 2023.") == []
    assert [f[6] for f in facts("Capaian Sementara SPBE Pemprov NTT Triwulan III 3,18, Target Akhir Tahun 3,3")] == [
        "interim", "target"]


def test_tahun_yang_sama_after_a_stated_year() -> None:
    text = ("Kota Gorontalo memperoleh indeks kota cerdas 2,96 pada evaluasi smart city tahun 2024.\n"
            "Pada tahun yang sama, indeks SPBE Pemkot Gorontalo tercatat 3,05 dengan predikat Baik.")
    assert [(f[1], f[2], f[3]) for f in facts(text)] == [("smart_city", 2024, 2.96), ("spbe", 2024, 3.05)]


def test_bare_predicate_targets_in_quotes_and_shared_respective_predicates() -> None:
    lead = "Kabupaten Sorong meraih indeks SPBE 2,18 dengan predikat cukup pada evaluasi 2024.\n"
    assert facts(lead + "\"Tahun ini harus naik ke baik,\" kata Sekda.")[1] == (
        "Kabupaten Sorong", "spbe", None, None, "baik", None, "target")
    text = ("Pada evaluasi SPBE 2024, Kabupaten Kepulauan Mentawai dan Kabupaten Sijunjung masih berpredikat Cukup "
            "dengan indeks masing-masing 1,95 dan 2,21.")
    assert [(f[0], f[3], f[4]) for f in facts(text)] == [
        ("Kabupaten Kepulauan Mentawai", 1.95, "cukup"), ("Kabupaten Sijunjung", 2.21, "cukup")]


def test_worked_examples_and_other_contests_are_not_claims() -> None:
    assert facts("Evaluasi SPBE memakai skala 1-5. Misalnya, sebuah pemerintah daerah yang memperoleh indeks 3,6 "
                 "otomatis berpredikat sangat baik.") == []
    text = ("Kafilah Pesisir Selatan keluar sebagai juara umum MTQ tingkat Provinsi Sumatera Barat. "
            "Posisi kedua ditempati Kota Padang, disusul Kabupaten Tanah Datar. Indeks SPBE Kota Padang 2024 3,41.")
    assert [f[5] for f in facts(text)] == [None]


def test_more_first_places_and_top_n() -> None:
    assert [f[5] for f in facts("Evaluasi SPBE 2024 se-Sumut: Pemprov Sumut meraih indeks tertinggi dengan 3,55.")] == [1]
    assert [f[5] for f in facts("Evaluasi SPBE 2024: puncak klasemen ditempati Pemprov Sultra dengan indeks 3,02.")] == [1]
    assert [f[5] for f in facts("Pada Digital Government Award SPBE 2024, Kota Madiun kembali menjadi jawara kategori kota.")] == [1]
    text = ("Evaluasi SPBE 2024 kategori provinsi: Jawa Timur berada di urutan kedua dengan 4,33, sedangkan Kalimantan "
            "Barat melengkapi tiga besar dengan 4,18.")
    assert [(f[0], f[5]) for f in facts(text)] == [("Provinsi Jawa Timur", 2), ("Provinsi Kalimantan Barat", 3)]
    # "… di bawah X": X is first, never the holder of the second place
    text2 = ("Indeks SPBE Kota Bontang 2024 mencapai 3,51.\n"
             "Saat itu Kota Taman berada di peringkat kedua se-Kaltim, di bawah Kota Balikpapan.")
    assert ("Kota Balikpapan", 2) not in [(f[0], f[5]) for f in facts(text2)]


def test_ministry_names_stop_at_the_line_end_and_acronyms() -> None:
    text = ("KKP Sabet Predikat Memuaskan SPBE, Peringkat Dua Kategori Kementerian\nSiaran Pers\n"
            "Jakarta – Kementerian Kelautan dan Perikanan (KKP) meraih predikat Memuaskan dalam evaluasi SPBE tahun 2024.")
    assert {f[0] for f in facts(text)} == {"Kementerian Kelautan dan Perikanan"}


def test_target_predicates_in_quotes_and_leaving_a_predicate() -> None:
    lead = "Pemkab Sleman meraih indeks SPBE 4,17 pada evaluasi 2023.\n"
    assert facts(lead + "\"Kami bekerja keras. Tahun ini target kami memuaskan,\" ujarnya.")[1][4:7] == (
        "memuaskan", None, "target")
    assert len(facts(lead + "\"Target awal kita sebenarnya cuma ingin keluar dari predikat cukup,\" katanya.")) == 1


def test_predikat_yang_sama_and_pegi() -> None:
    text = ("Jakarta – Kementerian Kelautan dan Perikanan (KKP) meraih predikat Memuaskan dalam evaluasi SPBE tahun "
            "2024. Predikat yang sama juga diraih KKP pada evaluasi 2023.")
    assert [(f[2], f[4]) for f in facts(text)] == [(2024, "memuaskan"), (2023, "memuaskan")]
    text2 = ("Sebelum SPBE, Pemkot Tegal pernah mengikuti Pemeringkatan e-Government Indonesia (PeGI). "
             "Pada PeGI 2015, Kota Tegal memperoleh nilai 2,71 dalam skala 1 sampai 4 dengan kategori baik.")
    assert [(f[1], f[2], f[3]) for f in facts(text2)] == [("other", 2015, 2.71)]


def test_related_headlines_in_a_baca_juga_block_without_bullets() -> None:
    text = ("Indeks SPBE Kabupaten HST tahun 2023 berada di angka 2,58 dengan predikat baik.\nBaca Juga:\n"
            "Banjir Rendam Dua Desa di Batang Alai Selatan\nTanah Bumbu Raih Predikat Sangat Baik, Indeks SPBE 3,51\n"
            "Nor Aina menambahkan, tahun ini Diskominfo mengusulkan pembentukan tim teknis SPBE.")
    assert [f[0] for f in facts(text)] == ["Kabupaten Hulu Sungai Tengah"]


def test_whose_index_lists_after_setelah_and_tail_predicates() -> None:
    text = ("Evaluasi SPBE 2024 Sulut. Kategori ini dimenangkan Kabupaten Kepulauan Sangihe, yang indeksnya naik dari "
            "1,92 pada 2023 menjadi 2,64 pada 2024.")
    assert {f[0] for f in facts(text)} == {"Kabupaten Kepulauan Sangihe"}
    text2 = ("Evaluasi SPBE 2021 NTB: posisi KSB berada di urutan ketiga setelah Kota Mataram dan Pemprov NTB.")
    assert [(f[0], f[5]) for f in facts(text2)] == [
        ("Kabupaten Sumbawa Barat", 3), ("Kota Mataram", 1), ("Provinsi Nusa Tenggara Barat", 2)]
    text3 = "Evaluasi SPBE 2022 Sulut. Kota Tomohon dengan 2,64 serta Kabupaten Minahasa 2,60 juga masih berada di predikat baik."
    assert [f[4] for f in facts(text3)] == ["baik", "baik"]


def test_more_target_and_history_cues() -> None:
    lead = "Pemprov Sumbar meraih indeks SPBE 3,27 dengan predikat baik pada evaluasi 2024.\n"
    assert facts(lead + "\"Kami pasang target akhir tahun 3,5, artinya sangat baik,\" ujarnya.")[1][3:7] == (
        3.5, "sangat baik", None, "target")
    assert facts("Indeks SPBE Kabupaten Siak 2024 mencapai 3,12. Tahun sebelumnya 2,82.")[1][2:4] == (2023, 2.82)
    assert [f[5] for f in facts("Evaluasi SPBE 2024 se-Sumut. Puncaknya diduduki Kabupaten Deli Serdang yang "
                                 "mengantongi 3,94.")] == [1]


def test_a_list_introduced_after_a_baca_juga_block_is_read() -> None:
    text = ("Hasil evaluasi SPBE 2024 di Sultra telah diumumkan.\nBaca juga:\n"
            "Kemenpan-RB Umumkan Hasil Evaluasi SPBE, Ini Daftar Pemda Predikat Memuaskan\n"
            "Berikut rincian nilai indeks SPBE pemda di Sultra:\n- Kabupaten Konawe: 2,39 (cukup)\n"
            "- Kabupaten Muna: 2,18 (cukup)\n")
    assert [(f[0], f[3], f[4]) for f in facts(text)] == [
        ("Kabupaten Konawe", 2.39, "cukup"), ("Kabupaten Muna", 2.18, "cukup")]


def test_rank_ranges_memimpin_dengan_and_places() -> None:
    text = ("Pada Digital Government Award 2023 kategori kabupaten, peringkat ketiga hingga kelima masing-masing diraih Kabupaten "
            "Banyuwangi, Kabupaten Kulon Progo dan Kabupaten Musi Banyuasin.")
    assert [(f[0], f[5]) for f in facts(text)] == [
        ("Kabupaten Banyuwangi", 3), ("Kabupaten Kulon Progo", 4), ("Kabupaten Musi Banyuasin", 5)]
    text2 = "Evaluasi SPBE 2024: Pemprov Jawa Barat memimpin dengan 4,42, diikuti Jawa Tengah 4,37."
    assert [(f[0], f[5]) for f in facts(text2)] == [("Provinsi Jawa Barat", 1), ("Provinsi Jawa Tengah", 2)]
    lead = "Kota Banjarbaru meraih indeks kota cerdas 3,05 pada evaluasi smart city 2024.\n"
    # "Ibu kota Provinsi X itu" describes the city: the province holds nothing
    assert "Provinsi Kalimantan Selatan" not in {f[0] for f in facts(
        lead + "Ibu kota Provinsi Kalimantan Selatan itu menempati peringkat ke-18 nasional.")}


def test_thresholds_and_wishes_for_nobody_are_not_claims() -> None:
    assert facts("Tahun lalu indeks SPBE KSB masih di bawah 2,6, sekarang sudah lewat angka 3.") == []
    assert facts("\"Kami ingin pada evaluasi SPBE berikutnya tidak ada lagi instansi dengan predikat kurang,\" kata Menteri.") == []
