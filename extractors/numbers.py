"""Numbers in Indonesian news: scores (3,83 / 4.02), years (stated, relative, decree), ranks (kelima, ke-7).

Why: most wrong claims come from numbers that are something else: deltas ("naik 0,12 poin"), thresholds
("di atas 2,6"), sub-scores ("domain layanan 4,01"), decree numbers ("Nomor 13 Tahun 2024"), dates, budget
ranks. Each finder returns positions so the claim builder can tie numbers to holders by proximity.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable

from extractors.rules import get_rules

_RANGE_BEFORE = re.compile(r"(\d)\s*(-|–|hingga|sampai)\s*$")
_YEAR_RANGE_AFTER = re.compile(r"\s*[-–—]\s*(?:19|20)\d{2}\b")
_YEAR_RANGE_BEFORE = re.compile(r"(?:19|20)\d{2}\s*[-–—]\s*$")
_TENTANG = re.compile(r"\s*(tentang|/)", re.I)
_YEAR_NEXT = re.compile(r"\s*(?:19|20)\d{2}")
_KE = re.compile(r"^ke\s*-\s*")
_REL_HINT = re.compile(r"tahun[\s-]+(ini|lalu|kemarin|depan|sebelum|berikut|tahun)|\s(sebelumnya|terdahulu|periode\s+lalu)\b|"
                       r"(evaluasi|penilaian)\s+(berikutnya|selanjutnya|mendatang)\b|yang\s+sama\b|setahun\s",
                       re.I)
_PAREN = re.compile(r"\([^()]*\)")
_FOLLOW_YEAR_GAP = re.compile(
    r"^[\s,”\"'(]*(?:(?:dengan\s+|atau\s+)?(?:predikat|kategori)\s+[\w“”\"']+(?:\s+[Bb]aik)?[\s,”\"']*)?"
    r"(?:yang\s+(?:diraih|didapat|diperoleh|dicapai|tercatat|dikantongi)\s+)?"
    r"(?:(?:pada|di|untuk|dalam|dari)\s+)*(?:(?:hasil\s+)?(?:evaluasi|penilaian|pemantauan)\s+)?"
    r"(?:(?:indeks\s+)?(?:SPBE|smart\s*city|kota\s+cerdas)\s+)?(?:akhir\s+|awal\s+)?(?:tahun\s+)?$",
    re.I,
)
_GAP_NOISE = re.compile(r"^\s*(persen|%|poin)|(dari|pada|dengan|dalam)?\s*skala\s*\d\s*(-|–|sampai|hingga)\s*\d+",
                        re.I)
_SCALE = re.compile(r"skala\s*(?:(?:1|0)\s*(?:-|–|sampai|hingga|s\.?d\.?)\s*|maksimal\s+|maks\.?\s*)?(\d{1,3})\b(?![.,]\d)",
                    re.I)
_NOT_SCORE_BEFORE = re.compile(r"(industri|revolusi|society|web|versi|v|rp\.?|usd|ipk|gpa|pukul|jam|tanggal|"
                               r"skala(\s+(maksimal|maksimum|tertinggi))?(\s+(nilai|sampai|hingga))?|"
                               r"(nilai|angka|skor)\s+(maksimal|maksimum|sempurna))\s*$", re.I)
_PRED_AFTER = re.compile(r"\s*(persen|%)\s*,?\s*(dengan|atau)\s+(predikat|kategori)\b", re.I)   # "2,21 persen dengan predikat cukup"
_AND_ABOVE = re.compile(r"\s*ke\s+atas\b", re.I)
_PERSEN = re.compile(r"^\s*(persen|%)", re.I)
_LIST_AND_YEAR = re.compile(r"\s*(?:dan|&|,)\s*(?:tahun\s+)?((?:19|20)\d{2})\b")


@dataclass
class Value:
    start: int
    end: int
    value: float
    excluded: str | None = None   # why it is not a score (delta, threshold, subscore, ...)
    cue_at: int | None = None     # where the sub-score cue starts (a holder after it rescues the value)


@dataclass
class YearMention:
    start: int
    end: int
    year: int
    source: str        # stated / publication_date / context
    also: tuple[int, ...] = ()  # "tahun 2018 dan 2019"


def find_values(text: str, s: int, e: int) -> list[Value]:
    """Candidate scores in text[s:e] with the reason when one is not a score."""
    r = get_rules()
    out: list[Value] = []
    smax = float(r.raw["score_max"])
    omax = float(r.raw.get("other_max", smax))
    spans = [(m.start(), m.end(), float(f"{m.group(1)}.{m.group(2)}")) for m in r.score_number.finditer(text, s, e)]
    spans += [(m.start("int"), m.end("int"), float(m.group("int"))) for m in r.score_integer.finditer(text, s, e)]
    spans.sort()
    for start, stop, v in spans:
        if v > smax:   # only an other index's value (SAKIP 72,40) may be this large
            out.append(Value(start, stop, v, "large" if v <= omax else "range"))
            continue
        before = text[max(s, start - 120):start]
        after = text[stop:min(e, stop + 60)]
        near = before[-70:]   # the "…$" patterns below match at most ~55 characters: same result, less scanning
        why = None
        cue_at = None
        if _NOT_SCORE_BEFORE.search(near) or r.not_score_after_any.match(after):
            why = "unit"
        elif _PERSEN.match(after) and not r.persen_score_before.search(before) and not _PRED_AFTER.match(after):
            why = "percentage"
        elif r.not_score_topic.search(before[-50:]):
            why = "topic"
        elif r.delta_before.search(near) or (r.delta_after.match(after) and (
                r.delta_before_far.search(near) or v < 1.0)):
            why = "delta"   # "0,31 poin": no SPBE index is below 1
        elif r.delta_noun.search(near):
            why = "delta"
        elif _AND_ABOVE.match(after):
            why = "threshold"   # "indeksnya 2,6 ke atas": a floor, a target when a target is set
        elif r.range_after.match(after) or _RANGE_BEFORE.search(near):
            why = "range"
        elif r.subscore_after.match(after):
            why = "subscore"
        elif (sm := r.subscore_before.search(before)) is not None:
            why = "subscore"
            while (nm := r.subscore_before.search(before, sm.start() + 1)) is not None:
                sm = nm   # the last cue before the value
            cue_at = start - len(before) + sm.start()
        elif r.band_before.search(near):
            why = "band"
        elif r.threshold_before.search(near):
            why = "threshold"   # may be rescued when the value is a target
        out.append(Value(start, stop, v, why, cue_at if why == "subscore" else None))
    return out


def persen_after(text: str, v: Value) -> bool:
    """Is the value written as a percentage ("3,8 persen")?"""
    return bool(_PERSEN.match(text, v.end))


def scale_max(text: str, s: int, e: int) -> float | None:
    """A stated scale other than 1-5 ("skala 1-4" -> 4)."""
    m = _SCALE.search(text, s, e)
    if m:
        top = float(m.group(1))
        if top != 5:
            return top
    return None


def stated_years(text: str, s: int, e: int) -> list[YearMention]:
    """Plain stated years in text[s:e] (no dates, decree numbers, announcement years)."""
    r = get_rules()
    out = []
    for m in r.year.finditer(text, s, e):
        before = text[max(s, m.start() - 40):m.start()]
        if r.month_before.search(before) or r.decree_number_year.search(before) or r.announce_before.search(before):
            continue
        if _TENTANG.match(text, m.end()):
            continue
        out.append(YearMention(m.start(), m.end(), int(m.group(0)), "stated"))
    return out


def find_years(text: str, s: int, e: int, published: dt.date | None,
               context_year: int | None | Callable[[], int | None],
               lead_year: Callable[[], int | None] | None = None,
               same_year: Callable[[], int | None] | None = None) -> list[YearMention]:
    """Evaluation-year mentions in text[s:e]: stated years (not dates, not decree numbers) and relative
    years ("tahun ini", "tahun lalu") resolved against the publication date, else the context year."""
    r = get_rules()
    out: list[YearMention] = []
    for m in r.year.finditer(text, s, e):
        if out and m.start() < out[-1].end:
            continue   # the "2019" of "tahun 2018 dan 2019"
        before = text[max(s, m.start() - 40):m.start()]
        if r.month_before.search(before) or r.decree_number_year.search(before) or r.announce_before.search(before):
            continue
        if _TENTANG.match(text, m.end()):
            continue
        if _YEAR_RANGE_AFTER.match(text, m.end()) or _YEAR_RANGE_BEFORE.search(before[-12:]):
            continue   # "peta rencana SPBE 2025–2029": a period, not the year of a value
        also: list[int] = []
        pos = m.end()
        while True:
            lm = _LIST_AND_YEAR.match(text, pos, e)
            if not lm:
                break
            also.append(int(lm.group(1)))
            pos = lm.end()
        out.append(YearMention(m.start(), pos, int(m.group(0)), "stated", tuple(also)))
    if not _REL_HINT.search(text, s, e):
        out.sort(key=lambda y: y.start)
        return out
    if callable(context_year):
        context_year = context_year()
    stated = list(out)
    rel = [(p, o, False) for p, o in r.relative_years] + [(p, o, True) for p, o in r.relative_years_context]
    for pat, off, ctx_first in rel:
        for m in pat.finditer(text, s, e):
            if any(y.start <= m.start() < y.end for y in out):
                continue
            nxt = text[m.end():m.end() + 8]
            if _YEAR_NEXT.match(nxt):
                continue   # "tahun 2024" handled above; "tahun ini 2024" rare
            prior = [y for y in stated if y.end <= m.start()]
            if off is None:   # "tahun-tahun sebelumnya": no single year, but blocks other guesses
                out.append(YearMention(m.start(), m.end(), 0, "none"))
            elif ctx_first and prior:   # "… tahun 2023 …, naik dari tahun sebelumnya 2,85": 2022
                out.append(YearMention(m.start(), m.end(), prior[-1].year + off, "context"))
            elif ctx_first and stated:   # "menjadi 3,40 dari 3,24 tahun sebelumnya pada evaluasi 2024": 2023
                out.append(YearMention(m.start(), m.end(), stated[0].year + off, "context"))
            elif ctx_first and context_year is not None:
                out.append(YearMention(m.start(), m.end(), context_year + off, "context"))
            elif ctx_first and lead_year is not None and (ly := lead_year()) is not None:
                # "Tahun sebelumnya Siak mengantongi 2,86" far from any year: the one before the lead's
                out.append(YearMention(m.start(), m.end(), ly + off, "context"))
            elif published is not None:
                out.append(YearMention(m.start(), m.end(), published.year + off, "publication_date"))
            elif context_year is not None:
                out.append(YearMention(m.start(), m.end(), context_year + off, "context"))
    for m in (r.relative_same.finditer(text, s, e) if text.find("sama", s, e) >= 0 else ()):
        if any(y.start <= m.start() < y.end for y in out):
            continue
        prior = [y for y in stated if y.end <= m.start()]
        if not prior and same_year is not None and (sy := same_year()) is not None:
            # "Pemerintah Aceh pada evaluasi yang sama …" after "2,05 …, naik dari 1,62 pada evaluasi 2018": the
            # evaluation the article reports (its newest result so far), not the last year written
            out.append(YearMention(m.start(), m.end(), sy, "context"))
            continue
        if not prior:
            prior = stated_years(text, max(0, s - 4000), s)
        if prior:
            out.append(YearMention(m.start(), m.end(), prior[-1].year, "context"))
    low = text[s:e].lower()
    for m in (r.relative_previous.finditer(text, s, e) if ("sebelumnya" in low or "terdahulu" in low
                                                          or "periode lalu" in low) else ()):
        if any(y.start <= m.start() < y.end for y in out):
            continue
        prior = [y for y in stated if y.end <= m.start()]
        if prior:
            out.append(YearMention(m.start(), m.end(), prior[-1].year - 1, "context"))
        elif context_year is not None:
            out.append(YearMention(m.start(), m.end(), context_year - 1, "context"))
        else:
            out.append(YearMention(m.start(), m.end(), 0, "none"))
    out.sort(key=lambda y: y.start)
    return out


def year_after_value(text: str, v_end: int, years: list[YearMention], next_start: int) -> YearMention | None:
    """A year directly following a value: "3,14 (baik) pada tahun 2023", "2,60 pada 2023 (kategori Baik)"."""
    for y in years:
        if y.start < v_end or y.start >= next_start:
            continue
        gap = _GAP_NOISE.sub(" ", _PAREN.sub(" ", text[v_end:y.start]))
        if len(gap) <= 60 and _FOLLOW_YEAR_GAP.match(gap):
            return y
        return None
    return None


def ordinal(word: str) -> int | None:
    """"kelima" -> 5, "ke-7" -> 7, "54" -> 54."""
    w = word.lower().strip()
    w = _KE.sub("", w)
    if w.isdigit():
        n = int(w)
        return n if 0 < n < 1000 else None
    return get_rules().ordinals.get(w)
