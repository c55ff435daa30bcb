"""Claim extraction: read SPBE / smart-city / other e-government scores, predicates and ranks from
Indonesian news text, the way a careful researcher would (see tests/corpus/GUIDE.md).

How it works (rules are data in `patterns/`, see README.md, "Claims"):

1. `sentences.split_sentences` cuts the body into sentences, leaving out "Baca Juga"/"Berita Terkait" lines.
2. `entities` finds regions (gazetteer, aliases, Pemkot/Pemkab/Bupati prefixes) and ministries; mentions
   after "se-"/"tingkat" are rank scopes, not holders. The article's *subject* is its most named holder;
   "kita", "Pemkot", "daerah ini" and value sentences naming no region refer to it.
3. `numbers` finds score candidates (decimal comma/point, "persen" slips kept), rejecting deltas, thresholds,
   sub-scores and units; years (stated, "tahun 2018 dan 2019", relative "tahun lalu", decree years);
   ranks (ordinal words, "ke-7", "tertinggi se-X", chains "disusul Y, Z", "kedua setelah X").
4. Each value is tied to the nearest holder before it (lists: one claim per region), its metric (nearest cue,
   else the article's running metric), status (target / interim cues in its clause), year (directly after
   it, else before it in its clause, else the previous two sentences, else the decree's evaluation year, else
   the latest stated year of the article's achieved claims), and predicate.
5. Repeated facts are merged: the first quote is kept, the best-sourced year wins.

Offsets: `start`/`end` index `text` and `quote == text[start:end]` for every claim found in the body.
Title: when `title` is given and does not occur in `text` verbatim (after whitespace normalisation), the
title is read as one extra sentence; claims found only there carry `start == end == -1`, `quote` = the
title and a `rule` prefixed with "title:". (Crawled texts usually begin with the title, so this is rare.)

Publication date: only used to resolve relative years ("tahun ini", "tahun lalu"); never to guess the
evaluation year of an unstated value (a gold `year: null` accepts a null prediction).
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass, field

from extractors.entities import Mention, find_instansi, find_regions, resolve_ambiguous, add_named_bare
from extractors.model import Claim
from extractors.numbers import (
    Value, YearMention, stated_years, find_values, find_years, ordinal, scale_max, year_after_value,
)
from extractors.rules import get_rules, lower_ascii
from extractors.sentences import Sentence, split_sentences

EXTRACTOR_VERSION = "2026.11.9"

MAX_TEXT = 2_000_000          # longer inputs are cut (a news article is a few KB)
_YEAR_PRIORITY = {"stated": 0, "publication_date": 1, "decree": 2, "context": 3, "headline": 4, None: 5}
_PRED_STRONG = re.compile(
    r"(?:(?:(?:tertahan|berkutat|bertahan|terjebak)\s+(?:di|pada)\s+(?:predikat\s+)?)|"
    r"(?:predikat(?:nya)?|kategori(?:nya)?|berpredikat|level)\s*(?:penilaian\s+|indeks\s+|SPBE\s+|indeks\s+SPBE\s+)?"
    r"(?:dari\s+)?|\b(?:naik|meningkat|melompat)\s+(?:kelas\s+|satu\s+(?:tingkat|level|kelas)\s+)?(?:lagi\s+)?(?:ke|menjadi)\s+|"
    r"\bmasuk\s+(?:ke\s+)?|"
    r"\btarget\w*\b[^.;]{0,40}?\b(?:adalah|yaitu|yakni|ialah)\s+|\btarget(?:nya)?\s+(?:kami|kita)\s+|"
    r"\b(?:artinya|berarti)\s+(?:masuk\s+)?|\bmempertahankan\s+(?:predikat\s+)?|\bminimal\s+(?:predikat\s+)?)"
    r"[\"“”'(]?\s*(?:[A-E]\s*\(\s*)?$", re.I)
_PRED_WEAK = re.compile(
    r"(?:(?:predikat|kategori|berpredikat|indeks|nilai|atau|status)\s*(?:penilaian\s+|SPBE\s+)?|\(|"
    r"\d[.,]\d{1,2}\s*[-–|:]?\s*)\s*[\"“”'(]?\s*(?:[A-E]\s*\(\s*)?$", re.I)
_LIST_INTRO = re.compile(r"^[\"”'\s]*(adalah|yaitu|yakni|:|antara\s+lain|di\s+antaranya|diantaranya)", re.I)
_RANK_HOLDER_AFTER = re.compile(
    r"^[^.;]{0,30}?\b(ditempati|diraih|diduduki|ada|adalah|yaitu|yakni|jatuh\s+ke(pada)?(\s+tangan)?|diberikan\s+kepada)\b"
    r"(\s+oleh)?", re.I)
_RANK_RANGE = re.compile(r"\s*(?:hingga|sampai|s\.?\s*d\.?|[-–])\s*(?:ke\s*-?\s*)?(\d{1,3}|[a-z]+)\b", re.I)
_MULTI_RANK = re.compile(r"\s*(?:dan|,|serta)\s*(?:ke\s*-?\s*)?(\d{1,3}|[a-z]+)\b", re.I)
_SCORE_NOUN = re.compile(r"\b(indeks|nilai|skor|angka|capaian)\b|(?<!atas\s)(?<!bawah\s)(?<!melampaui\s)(?<!melebihi\s)"
                         r"\btarget(nya)?\s+((tahun\s+)?(depan|ini|(19|20)\d\d)\s+)?(minimal\s+|sebesar\s+|di\s+angka\s+)?$", re.I)
_LISTED = re.compile(r"\s*(,|dan\b|serta\b)")
_LISTED_BEFORE = re.compile(r",\s*$")
_DECREE_HINT = re.compile(r"tentang\s+hasil")   # on the lower-cased text
_CONTRAST = re.compile(r"[\"“'\s]*(tapi|tetapi|namun|akan\s+tetapi|realisasinya|hasilnya)\b", re.I)
_COMPARE = re.compile(r"\b(dari|dibanding\w*|sejak|sebelum\w*|setelah|target\w*|menjadi)\b", re.I)
_RANK_HINT = re.compile(r"peringkat|urutan|posisi|rank|nomor|juara|terbaik|tertinggi|pertama|teratas|puncak|"
                        r"disusul|diikuti|menyusul|belakang|kalah|ke-|pimpin|mimpin|puncak|muncak|bawahnya|jawara|melengkapi")
_PRED_HINT = re.compile(r"predikat|kategori|memuaskan|baik|cukup|kurang")
_CONTINUES = re.compile(r"[\s\"“]*(lalu|kemudian|selanjutnya|berikutnya|sedangkan|disusul)\b", re.I)
_RESPECTIVE_GAP = re.compile(r"\s*(,|dan|serta|,\s*dan)\s*(berturut-turut\s*)?")
_COUNTED = re.compile(r"\b(\d+|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh)\s+$", re.I)
_TERSEBUT = re.compile(r"[\"”'\s]*tersebut\b", re.I)
_CLAUSE_END = re.compile(r"[,;.]")
_DIGIT = re.compile(r"\d")
_SETELAH = re.compile(r"^[^.;]{0,60}?\b(setelah|di\s*bawah|dibawah|di\s+belakang|(hanya\s+)?kalah\s+dari|menyusul)\s+", re.I)
_DECREE_NEAR = re.compile(r"\b(keputusan|peraturan|surat|SK|perpres|permen|kepmen|undang|nomor\s+\w+\s+tahun)\b[^.]*$",
                          re.I)
_KEPT = re.compile(r"\b(mempertahankan|kembali\s+(meraih|mendapat\w*|memperoleh))\b[^.;\d]*$", re.I)
_THIS_VALUE = re.compile(r"(nilai|indeks|skor|angka|capaian|raihan|perolehan)\s+(ini|tersebut|itu)", re.I)
_RANKED_AFTER = re.compile(r"\b(kedua|ke-?2|dua)\b[^.;\d]{0,15}\b(setelah|di\s*bawah|dibawah|kalah\s+dari)\s+$",
                           re.I)
_FIRST_PERSON = re.compile(r"kami|kita|pihaknya", re.I)
_LEADER = re.compile(r"(bupati|wali\s*kota|walikota|gubernur)\s", re.I)
_MINIMAL_BEFORE = re.compile(r"\b(minimal|minimum|paling\s+tidak|setidaknya)\s*$", re.I)
_BELOW_BEFORE = re.compile(r"\b(di\s*bawah|dibawah|kurang\s+dari)\s*(nilai\s+|angka\s+|indeks\s+)?$", re.I)
_BARE_ORDINAL = re.compile(r"(?<![\w-])(ke(?:dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh))\b", re.I)
_CLAUSE_START = re.compile(r"(^|[,;:]\s*(dan\s+|serta\s+|sedangkan\s+)?|\b(dan|serta|sedangkan)\s+)(di\s*)?$", re.I)
_ROSE_FROM = re.compile(r"\b(naik|meningkat|turun|menurun|melonjak|merosot|bertambah|berkurang)\s+(dari|dibanding\w*)\s+"
                        r"((nilai|indeks|angka|skor|capaian)\s+)?(sebelumnya\s+)?$", re.I)
_WISH_CUE = re.compile(r"\b(supaya|agar|target\w*)\b[^.;,\d]{0,25}\b(bisa|dapat)\s+(masuk\s+|meraih\s+|naik\s+ke\s+)?$", re.I)
_COMPARED = re.compile(r"\b(dibanding\w*|ketimbang|daripada|sebelumnya|tahun\s+lalu)\b", re.I)
_HOLDER_LIST_GAP = re.compile(r"\s*\)?\s*(\([^()]{1,30}\)\s*)?(,\s*(dan\s+|serta\s+)?|dan\s+|serta\s+)|\s*\(\s*", re.I)
_GROUP_COUNT = re.compile(r"\b(\d+|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sejumlah|beberapa|banyak)\s+"
                          r"(daerah|kabupaten|kota|provinsi|instansi|pemda|kabupaten/kota|OPD|kementerian|lembaga)\b",
                          re.I)
_SAID = re.compile(r"[,\"”']\s*[\"”']?\s*(kata|ujar|ucap|ungkap|jelas|tutur|imbuh|tambah|sebut|papar|terang)\w*\b", re.I)
_YEAR_OPENING = re.compile(r"[\s\"“]*(pada\s+|di\s+|dalam\s+)?((hasil\s+)?(evaluasi|penilaian)\s+)?(SPBE\s+)?(tahun\s+)?"
                           r"(19|20)\d\d\b", re.I)
_FINAL = re.compile(r"\b(tapi|tetapi|namun|hasil\s+akhir\w*|akhirnya|final|resmi|definitif)\b", re.I)
_STATED_YEAR_AFTER = re.compile(r"[\d.,]*\s*(pada|di|tahun|pada\s+tahun)\s+(evaluasi\s+|penilaian\s+)?(tahun\s+)?(19|20)\d\d\b", re.I)
_LIST_LINE = re.compile(r"[\s\-–—•*·\d.)]*[A-Z][\w .()/-]{2,60}?\s*[:=—–-]\s*", re.U)   # "Kabupaten Kudus — "
_LOST_TO = re.compile(r"\b(hanya\s+)?kalah\s+(tipis\s+)?dari\s+", re.I)
_HISTORY_STEP = re.compile(r"\b(naik|turun|meningkat|menurun|melonjak|merosot)\b[^.;,\d]{0,15}\b(menjadi|ke)\s+(angka\s+)?$",
                           re.I)
_HISTORY_OPENING = re.compile(r"[\s\"“]*(selanjutnya|lalu|kemudian|(setahun|tahun)\s+sebelumnya,?|tahun\s+lalu,?)\s+"
                              r"(hanya\s+|masih\s+)?", re.I)
_LIST_AFTER_GENERIC = re.compile(r"[^.;]{0,40}?\b(antara\s+lain|yakni|yaitu|di\s*antaranya|seperti)\b|[^.;]{0,40}?:", re.I)
_PASSIVE_HOLDER = re.compile(r"[\"”']?\s*(juga\s+|pun\s+)?(diraih|didapat|diperoleh|disabet|dikantongi|diterima)\s+(oleh\s+)?$", re.I)
_AVERAGE = re.compile(r"\b(rata-rata|rerata|rata2)\b", re.I)
_QUOTED = re.compile(r"\s*[\"“]")
_AFTER_HEAD = re.compile(r"[\s\"“]*setelah\s+([^,;]{3,80}),", re.I)
_RANKS_FOLLOW = re.compile(r"[^.;,\d]{0,30}?\b(menyusul|berada|ada|menempati)\b[^.;\d]{0,20}$", re.I)
_NOW = re.compile(r"\b(kini|sekarang|saat\s+ini)\b", re.I)
_FROM_PRED = re.compile(r"\bdari\s+(predikat\s+|kategori\s+)?[\"“']?$", re.I)
# No-break, thin and other Unicode spaces (web pages are full of &nbsp;) read as plain spaces.
_ODD_SPACE_CHARS = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t"
_ODD_SPACES = str.maketrans({c: " " for c in _ODD_SPACE_CHARS})
_ODD_SPACE = re.compile("[" + _ODD_SPACE_CHARS + "]")
_EACH = re.compile(r"\bmasing[- ]masing\b", re.I)


@dataclass
class _Raw:
    """A claim under construction (internal)."""

    entity: Mention | None
    metric: str
    metric_name: str | None
    sent: Sentence | None
    value: float | None = None
    predicate: str | None = None
    rank: int | None = None
    rank_scope: str | None = None
    status: str = "achieved"
    year: int | None = None
    year_source: str | None = None
    scale: float | None = None
    rule: str = ""
    confidence: float = 0.9
    order: int = 0
    via_subject: bool = False
    extra: dict = field(default_factory=dict)


def is_relevant(text: str) -> bool:
    """Topic prefilter: does the text speak of SPBE / e-government / smart-city evaluations at all?"""
    if not text:
        return False
    return get_rules().relevance_finder.search(text[:MAX_TEXT])


def extract_claims(text: str, published: dt.date | None = None, title: str | None = None) -> list[Claim]:
    """Every score / predicate / rank claim the article makes (pure, deterministic, never raises)."""
    try:
        return _extract(text, published, title)
    except Exception:  # noqa: BLE001 - the contract: garbage in, no claims out, never an exception
        return []


# --------------------------------------------------------------------------------------------------
class _Article:
    """Per-article state: sentences, mentions, subject, running metric, decree year."""

    def __init__(self, text: str, published: dt.date | None, title: str | None) -> None:
        self.rules = get_rules()
        self.text = text
        self.original = text   # the caller's text, for quotes (self.text has odd spaces made plain)
        self.published = published
        self.sents = split_sentences(text)
        skipped: list = []
        regs = add_named_bare(text, find_regions(text, skipped=skipped), skipped)
        ments = regs + find_instansi(text)
        ments.sort(key=lambda m: m.start)
        self.mentions = resolve_ambiguous(_drop_overlaps(ments))
        self.mention_starts = [m.start for m in self.mentions]
        self.subject = self._subject(title)
        low = self.low = lower_ascii(text)
        cues = [(a, metric, " ".join(found.split()) if metric == "other" else None)
                for a, _b, metric, found in self.rules.metric_finder.find(text, low)]
        self.interesting = self.rules.interesting_finder.starts(text, low)
        self.cues = cues
        self.cue_pos = [c[0] for c in cues]
        self._years_cache: dict[int, list[YearMention]] = {}
        self._interim: dict[int, int | None] = {}   # sentence start -> position of its first interim cue
        self._interim_ctx: dict[int, bool] = {}   # sentence index -> continues an interim report?
        self._cues: dict[int, tuple[list[int], list[tuple[int, int]]]] = {}   # sentence start -> (breaks, targets)
        self.other_run: tuple[int, tuple[str, str | None]] | None = None   # (sentence, other index) of the last value
        self.metric_override: dict[int, tuple[str, str | None]] = {}   # sentence -> other index carried into it
        self.max_achieved_year: dict[str, int] = {}   # metric -> latest year of an achieved value so far
        self.claim_year: dict[int, tuple[int, str | None]] = {}  # sentence -> (year, source) of its claim
        self.claim_status: dict[int, str] = {}   # sentence -> status of its (last) value claim
        self.last_pred: str | None = None   # the last achieved predicate stated ("predikat yang sama")
        self.last_claim: tuple[int, Mention] | None = None   # (sentence index, holder) of the last score
        self._sent_index = {x.start: x.index for x in self.sents}
        self.last_rank: dict[str, int] = {}
        self.last_rank_sent: dict[str, int] = {}   # sentence index of that rank
        self.last_leader: tuple[int, Mention] | None = None   # (paragraph, region) of the head speaking   # metric -> the last rank stated ("posisi berikutnya" = +1)
        self._sent_end = {x.start: x.end for x in self.sents}
        dm = self.rules.decree.search(text) if _DECREE_HINT.search(low) else None
        self.decree_year = int(dm.group(dm.lastindex)) if dm else None

    def lead_year(self) -> tuple[str, int] | None:
        """(metric, year) of the evaluation the lead announces (computed once)."""
        if not hasattr(self, "_lead"):
            self._lead = _lead_year(self)
        return self._lead

    def _subject(self, title: str | None) -> Mention | None:
        """The region the article is about: the most named holder (title mentions count twice)."""
        counts: dict[str, int] = {}
        first: dict[str, Mention] = {}
        # who the article is about: holders, and also speakers' and offices' regions ("kata Bupati X",
        # "Diskominfo Kota X"), never scopes or awarding bodies
        about = ("holder", "speaker", "org")
        in_body = [m for m in self.mentions if m.role in about]
        if title:
            tm = resolve_ambiguous(find_regions(title))
            for m in tm:
                if m.role in about:
                    k = m.name
                    counts[k] = counts.get(k, 0) + 2
                    first.setdefault(k, m)
        for m in in_body:
            if m.type == "instansi" and m.role != "holder":
                continue
            counts[m.name] = counts.get(m.name, 0) + 1
            first.setdefault(m.name, m)
        if not counts:
            return None
        best = max(counts, key=lambda k: (counts[k], -list(first).index(k)))
        return first[best]


def _drop_overlaps(ments: list[Mention]) -> list[Mention]:
    """Region and ministry mentions may overlap ("Kementerian … Daerah …"): keep the longer one."""
    out: list[Mention] = []
    for m in ments:
        if out and m.start < out[-1].end:
            if (m.end - m.start) > (out[-1].end - out[-1].start):
                out[-1] = m
            continue
        out.append(m)
    return out


def _extract(text: str, published: dt.date | None, title: str | None) -> list[Claim]:
    """extract_claims without the safety net (tests call this to see real exceptions)."""
    if not isinstance(text, str):
        return []
    original = text[:MAX_TEXT]
    # same length: offsets and quotes still index the original (translate only when needed: it is slow)
    text = original.translate(_ODD_SPACES) if _ODD_SPACE.search(original) else original
    art = _Article(text, published, title)
    art.original = original
    raws = _read_article(art)
    if title and title.strip():
        norm = " ".join(title.split())
        if norm and norm not in " ".join(text.split()):
            t_art = _Article(title.translate(_ODD_SPACES) if _ODD_SPACE.search(title) else title, published, None)
            t_art.subject = t_art.subject or art.subject
            for r in _read_article(t_art):
                r.sent = None
                r.rule = "title:" + r.rule
                r.order += 10_000_000
                raws.append(r)
    raws = _merge(raws)
    _fill_headline_years(raws, published, art.lead_year())
    return [_to_claim(art, r, title) for r in raws]


# --------------------------------------------------------------------------------------------------
def _metric_at(art: _Article, s: int, e: int, pos: int, running: tuple[str, str | None] | None
               ) -> tuple[str, str | None] | None:
    """Metric of a number at `pos`: nearest cue before it in the sentence, else after, else running."""
    i = bisect_left(art.cue_pos, pos)
    if i > 0 and art.cue_pos[i - 1] >= s:
        c = art.cues[i - 1]
        return c[1], c[2]
    if i < len(art.cues) and art.cue_pos[i] < min(e, pos + 80) or (i < len(art.cues) and art.cue_pos[i] < e
                                                                   and running is None):
        c = art.cues[i]   # "Dengan nilai 3,14, … dalam evaluasi SPBE 2023"; a cue far after names another index
        return c[1], c[2]
    return running


def _sentence_metric(art: _Article, s: int, e: int) -> tuple[str, str | None] | None:
    """The last metric cue in text[s:e]."""
    i = bisect_left(art.cue_pos, e)
    if i > 0 and art.cue_pos[i - 1] >= s:
        c = art.cues[i - 1]
        return c[1], c[2]
    return None


def _status(art: _Article, s: int, pos: int, floor: int) -> str:
    """achieved / target / interim for a number at `pos`, from the cues in its clause (interim: anywhere
    before it in the sentence; "melampaui target" is not a target)."""
    r = art.rules
    if s not in art._cues:   # clause breaks and target cues of the sentence, found once
        se = art._sent_end.get(s, len(art.text))
        art._cues[s] = ([m.end() for m in r.clause_break.finditer(art.text, s, se)],
                        [(m.start(), m.end()) for m in r.target_cues.finditer(art.text, s, se)])
    breaks, targets = art._cues[s]
    ws = max(s, floor)
    for b in breaks:
        if b <= pos and b > ws:
            ws = b
    if s not in art._interim:
        m = r.interim_cues.search(art.text, s, art._sent_end.get(s, len(art.text)))
        art._interim[s] = m.start() if m else None
    if "target" in art.low[max(s, pos - 60):pos] and r.target_direct.search(art.text, max(s, pos - 60), pos):
        return "target"   # "… Triwulan III 3,18, Target Akhir Tahun 3,3": the target itself
    first = art._interim[s]
    if first is not None and first < pos:
        if not _FINAL.search(art.text, first, pos) and not (
                _ROSE_FROM.search(art.text, max(s, pos - 45), pos) and _STATED_YEAR_AFTER.match(art.text, pos)):
            return "interim"   # not "… mandiri kita 3,02, tapi hasil akhirnya 2,41", "naik dari 2,88 pada evaluasi 2024"
    elif _interim_context(art, s) and not _FINAL.search(art.text, s, pos):
        return "interim"
    if "target" in art.low[max(s, pos - 60):pos] and r.target_direct.search(art.text, max(s, pos - 60), pos):
        return "target"
    if not any(ws <= a and b <= pos for a, b in targets):
        return "achieved"
    w = r.not_target_cues.sub(" X ", art.text[ws:pos])
    if r.target_cues.search(w):
        m = r.target_reason_break.search(w)   # "Target itu dipatok setelah hasil evaluasi 2024 … 2,64"
        if m is None or r.target_cues.search(w, m.end()):
            return "target"
    return "achieved"


def _interim_context(art: _Article, s: int) -> bool:
    """Does the sentence at `s` continue an interim report (see interim_context in the rules)?"""
    idx = art._sent_index.get(s)
    if idx is None or idx == 0:
        return False
    if idx not in art._interim_ctx:
        r = art.rules
        sent = art.sents[idx]
        ctx = False
        if not r.interim_context_end.search(art.text, sent.start, sent.end) and not _YEAR_OPENING.match(
                art.text, sent.start, sent.end):   # "Tahun 2023, Bireuen hanya mengantongi …": another result
            if art.claim_status.get(idx - 1) == "interim":
                ctx = True
            else:
                for prev in art.sents[max(0, idx - 2):idx]:
                    if prev.index not in art.claim_status and r.interim_context.search(art.text, prev.start, prev.end):
                        ctx = True
        art._interim_ctx[idx] = ctx
    return art._interim_ctx[idx]


def _context_year(art: _Article, sent: Sentence, metric: str | None = None, status: str = "achieved"
                  ) -> YearMention | None:
    """The latest year stated in the two previous sentences (same article)."""
    for prev in (art.sents[sent.index - 1:sent.index] + art.sents[max(0, sent.index - 2):sent.index - 1])[:2]:
        pm = _sentence_metric(art, prev.start, prev.end)
        if metric is not None and pm is not None and pm[0] != metric:
            continue   # a year stated about another evaluation
        if status == "achieved" and art.rules.historical_start.match(art.text, prev.start) and not (
                art.rules.historical_start.match(art.text, sent.start)):
            continue   # "Sebelumnya, pada 2023 …": a past year, not the one the list continues with
        if prev.index in art.claim_year and status == "achieved":
            y, src = art.claim_year[prev.index]
            newest = art.max_achieved_year.get(metric or "", 0)
            if y < newest and (_COMPARED.search(art.text, prev.start, prev.end) or _other_holders(art, sent, prev)):
                # "Angka itu melonjak dibanding capaian evaluasi 2023 …" then a list: the list is of the
                # evaluation the article reports (the newest), not of the year compared with
                return YearMention(-1, -1, newest, "context")
            return YearMention(-1, -1, y, "decree" if src == "decree" else "context")
        if status == "achieved" and art.rules.target_cues.search(art.text, prev.start, prev.end) and not (
                prev.index == sent.index - 1 and _CONTRAST.match(art.text, sent.start)):
            continue   # a target year is not the year of what was achieved ("…, tapi kita dapat" is)
        if prev.index not in art._years_cache:
            art._years_cache[prev.index] = [
                y for y in find_years(art.text, prev.start, prev.end, art.published, None)
                if y.source not in ("context", "none")]
        ys = art._years_cache[prev.index]
        if ys:
            y = ys[-1]
            return YearMention(y.start, y.end, y.year, "context")
    return None


def _other_holders(art: _Article, sent: Sentence, prev: Sentence) -> bool:
    """Does `sent` name holders and none of those of `prev`'s claim? ("Pada evaluasi 2023, Muba memperoleh 4,02.
    Di bawah Muba, peringkat kedua diraih Kota Palembang …": a list of others goes back to the reported year.)"""
    def names(x: Sentence) -> set[str]:
        ms = art.mentions
        return {ms[k].name for k in range(bisect_left(art.mention_starts, x.start), bisect_left(art.mention_starts, x.end))
                if ms[k].role == "holder"}
    here = names(sent)
    last = art.last_claim[1].name if art.last_claim is not None and art.last_claim[0] == prev.index else None
    return bool(here) and last is not None and len(here - {last}) >= 1 and (len(here) >= 2 or last not in here)


def _holders(art: _Article, s: int, e: int) -> list[Mention]:
    """Holder mentions in the sentence, with subject references ("kita", "Pemkot") as the subject."""
    ms = art.mentions
    hs: list[Mention] = []
    others: list[Mention] = []
    for k in range(bisect_left(art.mention_starts, s), bisect_left(art.mention_starts, e)):
        (hs if ms[k].role == "holder" else others).append(ms[k])
    if art.subject is not None:
        for m in art.rules.subject_refs.finditer(art.text, s, e):
            if any(h.start <= m.start() < h.end or m.start() <= h.start < m.end() for h in hs):
                continue
            if any(h.start <= m.start() < h.end or m.start() <= h.start < m.end() for h in others):
                continue   # "penghargaan dari Pemerintah Provinsi Jawa Barat": part of a named source/scope
            if m.group(0).lower().endswith("nya") and _WHOSE.search(art.text, max(s, m.start() - 12), m.start()) and any(
                    0 <= m.start() - h.end <= 12 for h in hs):
                continue   # "… dimenangkan Kabupaten Kepulauan Sangihe, yang indeksnya naik …": that holder's
            if m.group(0).lower().startswith("pemerintah") and (
                    _LISTED.match(art.text, m.end()) or _LISTED_BEFORE.search(art.text, max(s, m.start() - 3), m.start())):
                continue   # "Pemerintah Provinsi, Pemerintah Kota dan …": categories, not the subject
            # "Pemkot X" is a mention of X, not of the subject
            sub = art.subject
            want = _ref_type(art.low, m.start(), m.end())
            if want is not None and sub.type != want:
                # "Parimo Tertinggi di Sulteng, Pemprov di Posisi Ketiga", "nilai provinsi kita": the region of
                # that type named last (the article's province), not the subject
                sub = _last_of_type(art, want, e)
                if sub is None:
                    continue
            if _FIRST_PERSON.fullmatch(m.group(0)):
                lead = _leader_before(art, s)
                if lead is not None:
                    sub = lead   # "Kami akui nilai 2,41 …" after "Bupati Kupang …": the kabupaten speaks
            if _THIS_VALUE.match(m.group(0)) and art.last_claim is not None and (
                    art.last_claim[0] == art._sent_index.get(s, -2) - 1) and art.last_claim[1].role == "holder":
                sub = art.last_claim[1]   # "nilai itu menempatkan …": the holder of the value just stated
            hs.append(Mention(m.start(), m.end(), sub.name, sub.type, sub.code, True, sub.bare, "subject"))
    hs.sort(key=lambda m: m.start)
    return hs


_REF_TYPES = (("pemprov", "provinsi"), ("pemerintah provinsi", "provinsi"), ("provinsi", "provinsi"),
              ("pemkab", "kabupaten"), ("pemerintah kabupaten", "kabupaten"), ("kabupaten", "kabupaten"),
              ("pemkot", "kota"), ("pemko", "kota"), ("pemerintah kota", "kota"), ("kota", "kota"))
_TYPED_KITA = re.compile(r"\b(provinsi|kabupaten|kota)\s+$", re.I)


def _ref_type(low: str, a: int, b: int) -> str | None:
    """The region type a subject reference names ("Pemprov" -> provinsi, "provinsi kita" -> provinsi)."""
    ref = low[a:b]
    for word, typ in _REF_TYPES:
        if ref.startswith(word):
            return typ
    if ref in ("kita", "kami"):
        m = _TYPED_KITA.search(low, max(0, a - 12), a)
        if m:
            return m.group(1).lower()
    return None


def _last_of_type(art: _Article, typ: str, end: int) -> Mention | None:
    """The region of type `typ` named last before `end` (any role: "di Sulteng" names the province too)."""
    k = bisect_left(art.mention_starts, end) - 1
    while k >= 0:
        m = art.mentions[k]
        if m.type == typ:
            return Mention(m.start, m.end, m.name, m.type, m.code, True, m.bare, "subject")
        k -= 1
    return None


def _leader_before(art: _Article, s: int) -> Mention | None:
    """The region of a head of region ("Bupati Kupang …", "Wali Kota X") named in this or the
    two sentences before `s`: who "kami"/"kita" in a quote is."""
    idx = art._sent_index.get(s)
    if idx is None:
        return None
    lo = art.sents[max(0, idx - 2)].start
    found = None
    starts = art.mention_starts
    for k in range(bisect_left(starts, lo), bisect_left(starts, s)):
        m = art.mentions[k]
        if m.type != "instansi" and _LEADER.match(art.text, m.start):
            found = m
    para = art.sents[idx].para
    if found is None:   # the quote goes on in the same paragraph: the same speaker
        return art.last_leader[1] if art.last_leader is not None and art.last_leader[0] == para else None
    lead = Mention(found.start, found.end, found.name, found.type, found.code, True, found.bare, "subject")
    art.last_leader = (para, lead)
    return lead


def _read_article(art: _Article) -> list[_Raw]:
    """All raw claims, sentence by sentence, with the running metric and the ranks seen so far."""
    out: list[_Raw] = []
    running: tuple[str, str | None] | None = None
    pending_pred: tuple[str, str, int | None, str | None] | None = None
    ranked: dict[tuple[str, str], int] = {}
    list_para: int | None = None    # paragraph of a ranking header ("Berikut peringkat …:")
    last_para = -1
    for sent in art.sents:
        s, e = sent.start, sent.end
        sm = _sentence_metric(art, s, e)
        out_before = len(out)
        i = bisect_left(art.interesting, s)
        if (i < len(art.interesting) and art.interesting[i] < e) or pending_pred is not None:
            pending_pred = _read_sentence(art, sent, running, out, ranked, pending_pred)
        if len(out) == out_before and sent.index > 0 and art.last_claim is not None and (
                art.last_claim[0] >= sent.index - 2):
            low = art.low[s:e]
            ty = art.rules.this_value_year.search(art.text, s, e) if (
                ("itu" in low or "ini" in low or "tersebut" in low) and "20" in low) else None
            if ty:   # "Nilai itu merupakan hasil evaluasi … tahun 2024": the value stated just before
                for r in out:
                    if r.sent is art.sents[art.last_claim[0]] and r.value is not None and r.year is None:
                        r.year, r.year_source = int(ty.group("year")), "context"
        if "predikat" in art.low[s:e] or "kategori" in art.low[s:e]:
            _group_predicate(art, sent, out, out_before)
        if list_para is not None and sent.para != last_para:
            lm = art.rules.rank_list_item.match(art.text[s:e])
            if lm is None:
                list_para = None
            else:
                _rank_list_item(art, sent, int(lm.group("num")), sm or running, out)
        if art.text[e - 1:e] == ":" and art.rules.rank_list_header.match(art.text[s:e]):
            list_para = sent.para
        last_para = sent.para
        for r in out[out_before:]:
            if r.predicate is not None and r.status == "achieved":
                art.last_pred = r.predicate
            if r.value is not None and r.entity is not None:
                art.last_claim = (sent.index, r.entity)
                art.claim_status[sent.index] = r.status
                if r.metric == "other" and r.value > float(art.rules.raw["score_max"]):
                    art.other_run = (sent.index, (r.metric, r.metric_name))
            if r.rank is not None and r.entity is not None:
                ranked.setdefault((r.entity.name, r.metric), r.rank)
                art.last_rank[r.metric] = r.rank
                art.last_rank_sent[r.metric] = sent.index
            if r.status == "achieved" and r.year is not None and r.value is not None and not r.extra.get("rose_from"):
                if r.year >= art.claim_year.get(sent.index, (0, None))[0]:   # the newest value of the sentence
                    art.claim_year[sent.index] = (r.year, r.year_source)
                art.max_achieved_year[r.metric] = max(art.max_achieved_year.get(r.metric, 0), r.year)
        if sm is not None and sm[0] != "other":
            running = sm
    for i, r in enumerate(out):
        r.order = i
    return out


def _group_predicate(art: _Article, sent: Sentence, out: list[_Raw], out_before: int) -> None:
    """"… dan Belu 1,96, seluruhnya berpredikat cukup": the predicate goes to every value of the sentence
    before it; "Ketiganya sekaligus meraih predikat baik." opening a sentence: to the values just stated."""
    lm = art.rules.list_predicate.search(art.text, sent.start, sent.end)
    if lm is not None:
        pred = " ".join(lm.group("pred").lower().split())
        for r in out[out_before:]:   # the nearest predicate: it replaces one read from an earlier clause
            if r.value is not None and r.sent is sent and r.entity is not None and r.entity.start > lm.end():
                r.predicate = pred
        out[out_before:] = [r for r in out[out_before:] if not (
            r.value is None and r.rank is None and r.predicate == pred and r.sent is sent
            and any(x.value is not None and x.predicate == pred and x.sent is sent for x in out[out_before:]))]
    tm = art.rules.list_tail_predicate.search(art.text, sent.start, sent.end)
    if tm is not None:
        vals = [r for r in out[out_before:] if r.value is not None and r.sent is sent and r.entity is not None
                and r.entity.start < tm.start()]
        if len({r.entity.name for r in vals}) >= 2 and not art.rules.predicate_any.search(
                art.text, vals[0].entity.start, tm.start()):
            pred = " ".join(tm.group("pred").lower().split())
            for r in vals:
                if r.predicate is None or r.predicate == pred:
                    r.predicate = pred
    m = art.rules.group_predicate.search(art.text, sent.start, sent.end)
    if m is None:
        return
    pred = " ".join(m.group("pred").lower().split())
    here = [r for r in out[out_before:] if r.value is not None and r.sent is sent]
    targets = [r for r in here if r.predicate is None or r.predicate == pred]
    n = ordinal(m.group("n")) if m.group("n") else None
    opens = not art.text[sent.start:m.start()].strip(" \"“”'\n") and sent.index > 0
    if opens and (not here or n is not None):
        # "Ketiganya … predikat sangat baik." / "Ketiga daerah itu bersama X (2,88) … berada pada predikat baik":
        # the n values stated just before (over the two sentences before), plus any listed here
        before: list[_Raw] = []
        names: set[str] = set()
        for prev in (art.sents[sent.index - 1], art.sents[sent.index - 2] if sent.index > 1 else None):
            if prev is None or (n is None and before) or (n is not None and len(names) >= n):
                break
            got = [r for r in out[:out_before] if r.sent is prev and r.value is not None and r.entity is not None
                   and r.status == "achieved"]
            before = got + before
            names |= {r.entity.name for r in got}
        if n is not None and len(names) != n:
            return   # "ketiganya" must be the three values just stated
        if not before:
            return
        targets = [r for r in before if r.predicate is None] + targets
    if not targets:
        return
    for r in targets:
        r.predicate = pred
    # the predicate no longer stands alone: drop the predicate-only claim made from it
    out[out_before:] = [r for r in out[out_before:] if not (r.value is None and r.rank is None
                                                            and r.predicate == pred and r.sent is sent)]


def _rank_list_item(art: _Article, sent: Sentence, n: int, metric: tuple[str, str | None] | None,
                    out: list[_Raw]) -> None:
    """"3. Kota Parepare : 3,55" under a ranking header: the item's first holder has rank n."""
    if metric is None or not 1 <= n <= 99:
        return
    hs = [h for h in _holders(art, sent.start, sent.end) if h.role == "holder"]
    if not hs:
        return
    out.append(_Raw(entity=hs[0], metric=metric[0], metric_name=metric[1], sent=sent, rank=n,
                    rule="rank:list", confidence=0.8))


_PRED_NAMES: dict[int, dict[str, re.Pattern[str]]] = {}


def _predicate_names(r) -> dict[str, re.Pattern[str]]:
    """Predicate name -> compiled pattern (once per rules object)."""
    got = _PRED_NAMES.get(id(r))
    if got is None:
        got = _PRED_NAMES[id(r)] = {k: re.compile(v, re.I) for k, v in r.raw["predicates"].items()}
    return got


def _predicates(art: _Article, s: int, e: int) -> list[tuple[int, int, str, bool]]:
    """(start, end, predicate, strong?) for predicate words with a predicate cue before them."""
    r = art.rules
    out = []
    names = _predicate_names(r)
    for m in r.predicate_any.finditer(art.text, s, e):
        before = art.text[max(s, m.start() - 40):m.start()]
        strong = bool(_PRED_STRONG.search(before))
        weak = strong or bool(_PRED_WEAK.search(before))
        if not weak and _WISH_CUE.search(before) and m.group(0).lower().startswith(("sangat", "memuaskan")):
            weak = True   # "kejar 3,5 supaya Ambon bisa sangat baik": the predicate the target aims at
        if not weak:
            continue
        if _TERSEBUT.match(art.text, m.end()):
            continue
        if r.predicate_not_before.search(before):
            continue   # "tidak ingin berhenti di predikat baik": no new fact
        word = " ".join(m.group(0).lower().split())
        pred = next((k for k, p in names.items() if p.fullmatch(word)), None)
        if pred:
            out.append((m.start(), m.end(), pred, strong))
    return out


# A value or predicate of an earlier evaluation whose year the sentence does not state ("Sebelumnya, X hanya
# berpredikat baik", "… dari predikat baik yang diraih sebelumnya"): neither the context year nor the lead's.
_PAST_START = re.compile(r"[\s\"“]*(sebelumnya|sebelum\s+itu|dulu|dahulu)\b", re.I)
_PAST_AFTER = re.compile(r"[^.;]{0,25}?\b(yang\s+)?(diraih|didapat|diperoleh|dicapai|dimiliki)\s+sebelumnya\b", re.I)
# "sudah keluar dari predikat Cukup", "lepas dari kategori kurang": a predicate left behind, year unstated.
_LEFT_BEHIND = re.compile(r"\b(keluar|lepas|terlepas|beranjak|meninggalkan)\s+(dari\s+)?(predikat|kategori|status|level)?"
                          r"\s*[\"“']?$", re.I)


def _past_unstated(art: _Article, sent: Sentence, pos: int, end: int, years: list[YearMention]) -> bool:
    return not any(y.source == "stated" for y in years) and bool(
        _PAST_START.match(art.text, sent.start) or _PAST_AFTER.match(art.text, end, min(sent.end, end + 40))
        or _LEFT_BEHIND.search(art.text, max(sent.start, pos - 40), pos))


def _year_for(art: _Article, sent: Sentence, pos: int, end: int, years: list[YearMention], floor: int,
              next_start: int, used_after: set[int], carry: YearMention | None, status: str,
              metric: str | None = None) -> tuple[YearMention | None, bool]:
    """Year of a number at [pos, end): (mention, came_from_before?). A target's year that comes from context
    ("tahun ini" on an undated page read as the year just evaluated) and is not after the last evaluated
    year is unknown: targets are for evaluations to come."""
    ym, before = _year_for_any(art, sent, pos, end, years, floor, next_start, used_after, carry, status, metric)
    if status == "target" and ym is not None and ym.source == "context" and metric is not None and (
            ym.year <= art.max_achieved_year.get(metric, 0)):
        return None, before
    return ym, before


def _year_for_any(art: _Article, sent: Sentence, pos: int, end: int, years: list[YearMention], floor: int,
                  next_start: int, used_after: set[int], carry: YearMention | None, status: str,
                  metric: str | None = None) -> tuple[YearMention | None, bool]:
    if status == "achieved" and _past_unstated(art, sent, pos, end, years):
        return None, True
    ya = year_after_value(art.text, end, years, next_start)
    if ya is not None:
        used_after.add(ya.start)
        return ya, False
    before = [y for y in years if floor <= y.start < pos and y.start not in used_after
              and not _NOW.search(art.text, y.end, pos)]   # "naik dari tahun sebelumnya sehingga kini …"
    if before:
        return (None if before[-1].source == "none" else before[-1]), True
    if carry is not None:
        return carry, True
    before = [y for y in years if y.start < pos and y.start not in used_after and not _NOW.search(art.text, y.end, pos)]
    if before:
        return before[-1], True
    later = [y for y in years if y.start >= end and y.start < next_start and y.start not in used_after
             and y.source == "stated"]
    if later and not _COMPARE.search(art.text, end, later[0].start):
        return later[0], False   # "Dengan nilai 3,14, … dalam evaluasi SPBE 2023"
    cy = _context_year(art, sent, metric, status)
    if cy is not None and status == "target" and cy.year < art.max_achieved_year.get(metric, 0):
        cy = None   # a target is not for a year already evaluated ("pada 2022 … 3,78. Ke depan, menargetkan …")
    if cy is not None:
        return cy, True
    if status == "achieved" and art.decree_year is not None:
        return YearMention(-1, -1, art.decree_year, "decree"), True
    return None, True


def _holder_ref_near(holders: list[Mention], pos: int) -> bool:
    """Is a subject reference ("kita", "Pemkot") right before pos? Then "nasional" is a rank scope."""
    return any(h.role == "subject" and 0 <= pos - h.end <= 40 for h in holders)


def _read_sentence(art: _Article, sent: Sentence, running, out: list[_Raw], ranked: dict,
                   pending_pred) -> tuple | None:
    """Values, holder-only predicates and ranks of one sentence; returns a predicate that found no holder
    (the next sentence may list the holders)."""
    r = art.rules
    text = art.text
    s, e = sent.start, sent.end
    stext = text[s:e]
    vals = find_values(text, s, e)
    rank_hint = _RANK_HINT.search(art.low, s, e) is not None
    if not vals and not rank_hint and pending_pred is None and not _PRED_HINT.search(art.low, s, e):
        return None   # nothing here can make a claim
    i = bisect_left(art.cue_pos, s)
    has_metric = i < len(art.cue_pos) and art.cue_pos[i] < e
    running_or_here = _sentence_metric(art, s, e) or running
    holders = _holders(art, s, e)
    real_holders = [h for h in holders if h.role == "holder"]
    preds = _predicates(art, s, e)
    if art.last_pred is not None and "sama" in art.low[s:e]:
        for sm in _SAME_PRED.finditer(text, s, e):   # "Predikat yang sama juga diraih KKP pada evaluasi 2023"
            preds.append((sm.start(), sm.end(), art.last_pred, True))
        preds.sort()
    if preds and " dari " in art.low[s:e]:   # "predikatnya dari cukup menjadi baik": the transition's own facts
        spans = [(m.start("p1"), m.end("p2")) for m in r.predicate_transition.finditer(text, s, e)]
        preds = [p for p in preds if not any(a <= p[0] < b for a, b in spans)]
    new_pending: tuple | None = None   # a predicate with no holder: the next sentence may list them

    def ctx_year() -> int | None:
        ctx = _context_year(art, sent)
        return ctx.year if ctx else None

    def lead_year() -> int | None:
        lead = art.lead_year()
        return lead[1] if lead is not None and running_or_here is not None and lead[0] == running_or_here[0] else None

    def same_year() -> int | None:
        # "Pada tahun yang sama …": the year the sentence before states (not one it compares with), else the
        # newest evaluation reported so far
        if sent.index > 0:
            prev = art.sents[sent.index - 1]
            ys = [y for y in stated_years(text, prev.start, prev.end)
                  if not _COMPARED_YEAR.search(text, max(prev.start, y.start - 30), y.start)]
            if ys:
                return ys[-1].year
        m = running_or_here[0] if running_or_here is not None else None
        return art.max_achieved_year.get(m) if m else None

    years = find_years(text, s, e, art.published, ctx_year, lead_year, same_year)
    gm = r.generic_subject.search(stext)
    if gm is not None and (lm := _LIST_AFTER_GENERIC.match(stext, gm.end())) is not None and any(
            h.start >= s + lm.end() for h in real_holders):
        gm = None   # "daerah yang masih berpredikat cukup antara lain Aceh Besar (2,41), Pidie (2,20) …": named
    generic = gm is not None or (
        len(vals) >= 2 and r.predicate_band.search(stext) is not None)   # "1,8 hingga di bawah 2,6 cukup"
    scale = scale_max(text, s, e) if "skala" in art.low[s:e] else None

    # ---- values ----------------------------------------------------------------------------------
    valid: list[tuple[Value, str]] = []
    floor_targets: set[int] = set()
    carried_other: dict[int, tuple[str, str | None]] = {}   # value id -> an other index named just before
    for v in vals:
        status = _status(art, s, v.start, s)
        if v.excluded == "subscore" and v.cue_at is not None and _COUNTED.search(text, max(s, v.cue_at - 15),
                                                                                  v.cue_at) and any(
                v.cue_at < h.start < v.start and "," in text[v.cue_at:h.start] for h in real_holders):
            v.excluded = None   # "Dari 47 indikator, Kota Bengkulu meraih 2,61": the holder's own score
        if v.excluded == "large":   # above 5: only an other index's value (SAKIP 72,40), next to its cue
            mt = _metric_at(art, s, e, v.start, None)
            i = bisect_left(art.cue_pos, v.start)
            if mt is not None and mt[0] == "other" and i > 0 and art.cue_pos[i - 1] >= max(s, v.start - 160):
                v.excluded = None
            elif mt is None or mt[0] != "other":
                # "Kota Salatiga menempati peringkat pertama dengan nilai 98,12" after a sentence naming the
                # index: the last metric named in the three sentences before, when it is an other index
                lo = art.sents[max(0, sent.index - 3)].start
                other = None
                if i > 0 and lo <= art.cue_pos[i - 1] < s and art.cues[i - 1][1] == "other":
                    other = (art.cues[i - 1][1], art.cues[i - 1][2])
                elif art.other_run is not None and sent.index - art.other_run[0] <= 2 and (i == 0 or (
                        art.cue_pos[i - 1] < art.sents[art.other_run[0]].start)):
                    other = art.other_run[1]   # the next line of a list of that index's values
                if other is not None and (carried_other or real_holders and _SCORE_NOUN.search(
                        text, max(s, v.start - 40), v.start) or _LIST_LINE.fullmatch(text, s, v.start)):
                    v.excluded = None
                    carried_other[id(v)] = other
                    art.metric_override[sent.index] = other
        if v.excluded == "threshold" and status == "achieved" and _MINIMAL_BEFORE.search(
                text, max(s, v.start - 12), v.start) and sent.index > 0 and r.target_cues.search(
                text, art.sents[sent.index - 1].start, art.sents[sent.index - 1].end):
            status = "target"   # "… menargetkan naik. "Minimal 3,5," ujarnya": the target's floor
            floor_targets.add(id(v))
        if v.excluded == "threshold" and _BELOW_BEFORE.search(text, max(s, v.start - 20), v.start):
            continue   # "instansi dengan indeks di bawah 2,6" is nobody's target
        if v.excluded and not (v.excluded == "threshold" and status == "target"):
            continue
        if generic:
            continue
        if len(text) >= 500 and not text[v.end:].strip():
            continue   # an article cut right after the number ("… meraih nilai 3,4" of 3,45): incomplete
        valid.append((v, status))
    consumed_preds: set[int] = set()
    used_after: set[int] = set()
    prev_end = s
    prev_entities: list[Mention] = []
    carry: YearMention | None = None
    national = False
    forced: dict[int, Mention] = {}   # value id -> holder, for "A dan B … 3,5 dan 3,4"
    made: list[tuple[Value, _Raw, YearMention | None, bool]] = []
    # excluded values still consume the predicate written right after them
    for v in vals:
        if any(v is w for w, _ in valid):
            continue
        for p in preds:
            if v.end <= p[0] <= v.end + 40 and not r.clause_break.search(text[v.end:p[0]]):
                consumed_preds.add(p[0])
                break
    for idx, (v, _st) in enumerate(valid):
        nxt = valid[idx + 1][0].start if idx + 1 < len(valid) else e
        status = _status(art, s, v.start, prev_end)
        if status == "achieved" and _st != "achieved" and prev_end == s:
            status = _st
        metric = carried_other.get(id(v)) or _metric_at(art, s, e, v.start, running)
        if metric is None:
            prev_end = v.end
            continue
        # holder(s)
        window = [h for h in holders if prev_end <= h.start < v.start]
        if window and any(h.start < window[-1].start for h in holders):
            # "Kota Kupang di posisi kedua setelah Mabar dengan indeks 2,94": the value is Kupang's
            drop = [h for h in window if any(o.start < h.start for o in holders)
                    and _RANKED_AFTER.search(text, max(s, h.start - 25), h.start)]
            if drop:
                kept = [h for h in window if h not in drop]
                if not kept and not prev_entities:
                    kept = [h for h in holders if h.start < drop[0].start and h not in drop][-1:]
                window = kept
        ents: list[Mention]
        via_subject = False
        if window and _AVERAGE.search(text, window[-1].end, v.start):
            prev_end = v.end   # "Wakil Gubernur Sumbar menyebut rata-rata indeks kabupaten/kota 3,05": an average
            continue
        if not window and (national or r.national_marker.search(text, max(prev_end, s), v.start)) and not (
                _holder_ref_near(holders, v.start)):
            national = True   # "Secara nasional … naik menjadi 2,79 dari sebelumnya 2,34": both national
            prev_end = v.end
            continue
        if id(v) in forced:
            ents = [forced[id(v)]]
        elif window:
            seen_names: set[str] = set()
            window = [h for h in window if not (h.name in seen_names or seen_names.add(h.name))]   # glosses
            group = [w for w, _ in valid[idx:idx + len(window)]]
            if len(window) > 1 and len(group) == len(window) and all(
                    _RESPECTIVE_GAP.fullmatch(text, a.end, b.start) for a, b in zip(group, group[1:])):
                # "Kota Depok dan Kota Bogor meraih nilai 3,5 dan 3,4": in order
                ents = [window[0]]
                for w, h in zip(group[1:], window[1:]):
                    forced[id(w)] = h
            elif _EACH.search(text[window[0].start:min(e, v.end + 30)]) and len(window) > 1:
                ents = window   # "Anambas dan Tanjung Pinang masing-masing dengan indeks 1,85"
            else:
                ents = [window[-1]]
        elif prev_entities:
            ents = prev_entities
        else:
            before = [h for h in holders if h.start < v.start]
            after = [h for h in holders if v.end <= h.start < nxt and h.start - v.end < 80]
            if before:
                ents = [before[-1]]
            elif after:
                ents = [after[0]]
            elif art.subject is not None and (has_metric or running_or_here is not None and (
                    holders or id(v) in floor_targets or _SCORE_NOUN.search(text, max(s, v.start - 40), v.start)
                    or (_HISTORY_STEP.search(text, max(s, v.start - 30), v.start) or _HISTORY_OPENING.fullmatch(
                        text, s, v.start) or _STATED_YEAR_AFTER.match(text, v.end))
                    and art.last_claim is not None and art.last_claim[0] >= sent.index - 2)):
                # "Pada 2019 naik tipis menjadi 3,08." / "Selanjutnya 3,62 pada 2022 …": the subject's history
                ents = [art.subject]
                via_subject = True
            else:
                prev_end = v.end
                continue
        ents = [x for x in ents if x.type != "instansi" or x.role in ("holder", "subject")]
        if any(x.role == "subject" for x in ents):
            via_subject = True
        prev_entities = ents
        # year
        ym, from_before = _year_for(art, sent, v.start, v.end, years, prev_end, nxt, used_after, carry, status,
                                    metric[0])
        if status == "interim" and ym is not None and ym.source in ("context", "decree") and (
                ym.year == art.max_achieved_year.get(metric[0])):
            # "Karimun melaporkan hasil penilaian mandiri 2,40" after the final 2024 results: the self-assessment
            # is for the evaluation under way, after the last final year - which the text does not state
            ym = None
        if from_before and ym is not None and ym.start >= s:
            carry = ym
        # predicate: right after the value, else before it (no other value in between, or a list intro)
        pred = None
        for p in preds:
            if p[0] in consumed_preds:
                continue
            if v.end <= p[0] < nxt and p[0] - v.end <= 45 and not r.clause_break.search(text[v.end:p[0]]) and not (
                    status == "achieved" and r.target_cues.search(text, v.end, p[0])):   # "2,38, Pemkot Kejar Predikat Baik"
                pred = p
                consumed_preds.add(p[0])
                break
        if pred is None:
            cands = [p for p in preds if p[1] <= v.start and p[0] not in consumed_preds]
            if cands:
                p = cands[-1]
                between_vals = [w for w, _ in valid if p[1] <= w.start < v.start]
                if (not between_vals and v.start - p[1] <= 70) or _LIST_INTRO.match(text[p[1]:p[1] + 20]) or (
                        _EACH.search(text, p[1], v.start) and v.start - p[1] <= 90):
                    pred = p   # "… dan Sijunjung masih berpredikat Cukup dengan indeks masing-masing 1,95 dan 2,21"
        for ent in ents:
            years_list = [ym] if ym is not None else [None]
            if ym is not None and ym.also:
                years_list = [ym] + [YearMention(ym.start, ym.end, y, ym.source) for y in ym.also]
            for yy in years_list:
                raw = _Raw(
                    entity=ent, metric=metric[0], metric_name=metric[1], sent=sent, value=v.value,
                    predicate=pred[2] if pred else None, status=status,
                    year=yy.year if yy else None, year_source=yy.source if yy else None,
                    scale=scale if metric[0] == "smart_city" or scale else None,
                    rule="score:" + ("subject" if via_subject else "holder"),
                    confidence=0.75 if via_subject else 0.9, via_subject=via_subject,
                )
                raw.extra["ymention"] = (yy.start, from_before) if yy else None
                if yy is None and any(y.source == "none" and prev_end <= y.start < v.start for y in years):
                    raw.extra["from"] = True   # "pada evaluasi sebelumnya …": an earlier, unstated year
                if yy is None and status == "achieved" and _past_unstated(art, sent, v.start, v.end, years):
                    raw.extra["from"] = True
                if _ROSE_FROM.search(text, max(s, v.start - 45), v.start):
                    raw.extra["rose_from"] = True   # "naik dari 2,83 pada tahun lalu": the value compared with
                if pred and _KEPT.search(text, max(s, pred[0] - 30), pred[0]):
                    raw.extra["kept"] = True   # "mempertahankan predikat Baik": the year before was Baik too
                if r.transition_from.search(text[max(s, v.start - 40):v.start]) and r.transition_to.search(
                        text[v.end:nxt]) and nxt < e:
                    raw.extra["from"] = True
                out.append(raw)
                made.append((v, raw, yy, from_before))
        prev_end = v.end
    _transitions(art, made)

    # ---- predicates without a value ----------------------------------------------------------------
    for p in preds:
        if p[0] in consumed_preds or not p[3] or generic:
            continue
        if any(p[1] <= v.start and v.start - p[1] <= 70 for v, _ in valid) or any(
                v.end <= p[0] <= v.end + 45 for v, _ in valid):
            continue
        metric = _metric_at(art, s, e, p[0], running)
        if metric is None:
            continue
        status = _status(art, s, p[0], s)
        before = [h for h in holders if h.start < p[0]]
        after = [h for h in holders if h.start > p[1]]
        ent = before[-1] if before else (after[0] if after else None)
        if after and _PASSIVE_HOLDER.match(text, p[1], after[0].start):
            ent = after[0]   # "predikat Sangat Baik juga diraih Kota Denpasar"
        ym, _ = _year_for(art, sent, p[0], p[1], years, s, e, set(), None, status, metric[0])
        if ent is None and status == "target" and p[3] and art.subject is not None and (
                _QUOTED.match(text, s) or _in_quote(art, sent)) and not holders:
            # '"Mudah-mudahan evaluasi tahun ini bisa masuk sangat baik," kata Bupati': the speaker's region
            ent = art.subject
        if ent is None:
            new_pending = (p[2], status, ym.year if ym else None, ym.source if ym else None)
            continue
        if status == "target" and _LEFT_BEHIND.search(text, max(s, p[0] - 40), p[0]):
            continue   # "cuma ingin keluar dari predikat cukup": the predicate to leave, not the one aimed at
        if ent in before and _GROUP_COUNT.search(text, ent.end, p[0]):
            continue   # "Kota Kupang Teratas, Lima Daerah Masih Predikat Kurang": the predicate of a group
        ents = [ent]
        if ent in before and not valid:   # "Kutai Barat, PPU serta Mahakam Ulu masih tertahan di predikat Cukup"
            ents = _listed_group(text, before)
        for ent in ents:
            raw = _Raw(entity=ent, metric=metric[0], metric_name=metric[1], sent=sent, predicate=p[2],
                       status=status, year=ym.year if ym else None, year_source=ym.source if ym else None,
                       rule="predicate:" + ("subject" if ent.role == "subject" else "holder"),
                       confidence=0.8, via_subject=ent.role == "subject")
            if (ym is None and status == "achieved" and _past_unstated(art, sent, p[0], p[1], years)) or (
                    _FROM_PRED.search(text, max(s, p[0] - 30), p[0])):
                raw.extra["from"] = True   # "naik dari predikat Baik (pada 2023)": an earlier result
            out.append(raw)
    # a bare list of regions right after "… yang memiliki predikat Sangat Baik."
    if pending_pred is not None and not preds and not vals and len(real_holders) >= 2 and running_or_here:
        pred, status, year, ysrc = pending_pred
        for h in real_holders:
            out.append(_Raw(entity=h, metric=running_or_here[0], metric_name=running_or_here[1], sent=sent,
                            predicate=pred, status=status, year=year, year_source=ysrc,
                            rule="predicate:list", confidence=0.7))

    # "Predikatnya merosot dari sangat baik menjadi baik": two predicate facts, the earlier one a year before
    if not generic and running_or_here is not None and " dari " in art.low[s:e]:
        for m in r.predicate_transition.finditer(text, s, e):
            ents = real_holders[-1:] or ([art.subject] if art.subject is not None else [])
            if not ents:
                break
            ys = [y for y in years if y.source != "none" and not m.start("p1") <= y.start < m.end()]
            y1 = int(m.group("y1")) if m.group("y1") else None
            if m.group("y2"):
                ym: YearMention | None = YearMention(m.start("y2"), m.end("y2"), int(m.group("y2")), "stated")
            elif y1 is not None:   # "dari Baik pada 2023 menjadi Sangat Baik (tahun ini)": the year after
                after = [y for y in ys if y.start >= m.end("p2")]
                ym = after[0] if after else YearMention(-1, -1, y1 + 1, "context")
            else:
                ym = ys[-1] if ys else _context_year(art, sent, running_or_here[0])
            y2 = ym.year if ym else None
            first = (y1, "stated") if y1 is not None else ((y2 - 1, "context") if y2 else (None, None))
            for grp, (yr, src) in (("p1", first), ("p2", (y2, ym.source if ym else None))):
                word = " ".join(m.group(grp).lower().split())
                raw = _Raw(entity=ents[0], metric=running_or_here[0], metric_name=running_or_here[1],
                           sent=sent, predicate=word, year=yr, year_source=src,
                           rule="predicate:transition", confidence=0.75, via_subject=ents[0].role == "subject")
                if grp == "p1":
                    raw.extra["from"] = True   # an earlier result: never the article's current year
                out.append(raw)

    # ---- ranks ---------------------------------------------------------------------------------------
    if rank_hint:
        _ranks(art, sent, holders, running, out, ranked, years)
    return new_pending


def _transitions(art: _Article, made: list) -> None:
    """"dari X menjadi Y" with one year before both: Y has that year, X the year before."""
    r = art.rules
    for (v1, raw1, y1, b1), (v2, raw2, y2, b2) in zip(made, made[1:]):
        if raw1.entity is None or raw2.entity is None or raw1.entity.name != raw2.entity.name:
            continue
        if raw1.year is not None and (y2 is None or (y1 is not None and y2.start == y1.start)) and (
                _ROSE_FROM.search(art.text, max(v1.end, v2.start - 45), v2.start)):
            raw2.year, raw2.year_source = raw1.year - 1, "context"   # "3,62 pada 2024, naik dari 3,45"
            raw2.extra["from"] = True
            continue
        if raw1.year is None and raw2.year is not None and y2 is not None and not b2 and (
                r.transition_from.search(art.text[max(0, v1.start - 40):v1.start])
                and r.transition_to.search(art.text[v1.end:v2.start])):
            raw1.year, raw1.year_source = raw2.year - 1, "context"   # "dari 3,81 menjadi 4,02 pada 2024"
            continue
        if y1 is None or y2 is None or y1 is not y2 or not (b1 and b2) or raw1.year is None:
            continue
        if not r.transition_from.search(art.text[max(0, v1.start - 40):v1.start]):
            continue
        if not r.transition_to.search(art.text[v1.end:v2.start]):
            continue
        raw1.year = raw1.year - 1
        raw1.year_source = "context"


def _rank_scope(art: _Article, s: int, e: int, a: int, b: int) -> str | None:
    """What a rank at [a, b) is within: the nearest "se-X", "nasional", "kategori kota" phrase."""
    r = art.rules
    after = art.text[b:min(e, b + 80)]
    hits = [x for x in (r.scope_words.search(after), r.scope.search(after)) if x is not None]
    m = min(hits, key=lambda x: x.start()) if hits else None
    if m is None:
        m2 = None
        for m2 in r.scope.finditer(art.text, max(s, a - 60), a):
            pass
        m = m2
    if m is None:
        return None
    sc = m.groupdict().get("scope") if "scope" in m.groupdict() else None
    return " ".join((sc or m.group(0)).split())


def _rank_previous_chain(art: _Article, sent: Sentence, n: int, metric: tuple[str, str | None],
                         scope: str | None, out: list[_Raw], ranked: dict) -> None:
    """"A 3,23, disusul B 3,12. Lalu C berada di urutan ketiga": the previous sentence was the top of the
    ranking, so A is first and B second (only when it names exactly n-1 unranked holders in a chain)."""
    r = art.rules
    if sent.index == 0 or not _CONTINUES.match(art.text, sent.start):
        return
    prev = art.sents[sent.index - 1]
    if not r.chain_next.search(art.text, prev.start, prev.end):
        return
    names: list[Mention] = []
    for h in _holders(art, prev.start, prev.end):
        if h.role == "holder" and h.name not in [x.name for x in names]:
            names.append(h)
    if len(names) != n - 1 or any((h.name, metric[0]) in ranked for h in names):
        return
    for k, h in enumerate(names, start=1):
        out.append(_Raw(entity=h, metric=metric[0], metric_name=metric[1], sent=prev, rank=k, rank_scope=scope,
                        rule="rank:enumeration", confidence=0.7))
        ranked[(h.name, metric[0])] = k


_COMPARED_YEAR = re.compile(r"\b(dari|dibanding\w*|ketimbang|sejak|sebelumnya)\b[^.;]{0,25}$", re.I)
_WHOSE = re.compile(r",?\s*yang\s+$", re.I)
_SAME_PRED = re.compile(r"\bpredikat\s+yang\s+sama\b", re.I)   # ("kategori yang sama" is an award category)
_BEHIND_BEFORE = re.compile(r"\b(di\s*bawah|dibawah|setelah|di\s+belakang|kalah\s+dari)\s+$", re.I)
_BELOW_IT_VERB = re.compile(r"[\s,]*(ada\s+|terdapat\s+)?$", re.I)
_CLAIM_AFTER = re.compile(r"\s+(memperoleh|meraih|mendapat\w*|mencatat\w*|mengantongi|membukukan|dengan)\b", re.I)


def _in_quote(art: _Article, sent: Sentence) -> bool:
    """Is the sentence inside a quotation opened earlier in its paragraph?"""
    k = sent.index - 1
    opened = False
    while k >= 0 and art.sents[k].para == sent.para:
        seg = art.text[art.sents[k].start:art.sents[k].end]
        opened ^= (seg.count('"') + seg.count("“") + seg.count("”")) % 2 == 1
        k -= 1
    return opened


def _listed_group(text: str, before: list[Mention], limit: int | None = None) -> list[Mention]:
    """The distinct holders listed up to the last one of `before` ("Kutai Barat, PPU serta Mahakam Ulu"), in order,
    at most `limit` of them."""
    group = before[-1:]
    k = len(before) - 1
    while k > 0 and (limit is None or len(group) < limit) and _HOLDER_LIST_GAP.fullmatch(
            text, before[k - 1].end, before[k].start):
        k -= 1
        if before[k].name not in {g.name for g in group}:
            group.insert(0, before[k])
    return group


def _other_contest_before(art: _Article, sent: Sentence) -> bool:
    """Is a rank in `sent` about another contest named in the two sentences before (and no index here)?"""
    i = bisect_left(art.cue_pos, sent.start)
    if i < len(art.cue_pos) and art.cue_pos[i] < sent.end:
        return False   # the sentence names an index itself
    return any(art.rules.rank_other_topic.search(art.text, p.start, p.end) is not None
               for p in art.sents[max(0, sent.index - 2):sent.index])   # sentences only: not "BACA JUGA" lines


class _Shifted:
    """A match found in a slice, with its offsets moved back into the article."""

    def __init__(self, m: re.Match[str], shift: int) -> None:
        self._m, self._shift = m, shift

    def start(self, g: int = 0) -> int:
        return self._m.start(g) + self._shift

    def end(self, g: int = 0) -> int:
        return self._m.end(g) + self._shift


def _ranks(art: _Article, sent: Sentence, holders: list[Mention], running, out: list[_Raw],
           ranked: dict, years: list[YearMention]) -> None:
    """Rank claims of one sentence: ordinals, "tertinggi se-X", distributive "pertama dan kedua", chains."""
    r = art.rules
    text = art.text
    s, e = sent.start, sent.end
    found: list[tuple[int, int, list[int], str]] = []   # (start, end, ranks, rule)
    for pat, rule in ((r.rank_explicit, "rank:explicit"), (r.rank_ke, "rank:ke"),
                      (r.rank_superlative_ordinal, "rank:ordinal"), (r.rank_first_noun, "rank:first"),
                      (r.rank_top_as, "rank:first"), (r.rank_completes, "rank:completes")):
        for m in pat.finditer(text, s, e):
            n = ordinal(m.group("num")) if "num" in m.groupdict() and m.group("num") else 1
            if n is None:
                continue
            ranks = [n]
            pos = m.end()
            rm = _RANK_RANGE.match(text, pos, e)
            if rm and (n2 := ordinal(rm.group(1))) is not None and n < n2 <= n + 9:
                ranks = list(range(n, n2 + 1))   # "peringkat ketiga hingga kelima masing-masing diraih A, B, C"
                pos = rm.end()
            while True:
                mm = _MULTI_RANK.match(text, pos, e)
                if not mm or ordinal(mm.group(1)) is None:
                    break
                ranks.append(ordinal(mm.group(1)))
                pos = mm.end()
            found.append((m.start(), pos, ranks, rule))
    # "Urutan pertama X (4,21), kedua Y (3,71), ketiga Z": bare ordinals that open a clause continue the ranking
    explicit = [f for f in found if f[3] == "rank:explicit"]
    if explicit:
        for m in _BARE_ORDINAL.finditer(text, explicit[0][1], e):
            n = ordinal(m.group(1))
            if n is None or n < 2 or not _CLAUSE_START.search(text, max(s, m.start() - 12), m.start()) or any(
                    f[0] <= m.start() < f[1] for f in found):
                continue
            if any(h.role == "holder" and m.end() < h.start <= m.end() + 3 and not text[m.end():h.start].strip()
                   for h in holders):   # only when a holder follows at once ("kedua kalinya" is no rank)
                found.append((m.start(), m.end(), [n], "rank:list"))
    low = art.low[s:e]
    nexts = list(r.rank_next.finditer(text, s, e)) if (
        "berikut" in low or "selanjutnya" in low or "bawahnya" in low) else []
    if not nexts and "bawahnya" in low:
        m0 = r.rank_next.match(text[s:e])   # "^…di bawahnya" is anchored at the sentence start
        first = next((h for h in holders if h.start >= s + (m0.end() if m0 else 0)), None)
        if m0 is not None and first is not None and _BELOW_IT_VERB.match(text, s + m0.end(), first.start) and (
                _CLAIM_AFTER.match(text, first.end) or "ada" in text[s + m0.end():first.start].lower()):
            # "Di bawahnya, Kota Padang memperoleh 3,60" / "Di bawahnya ada Boyolali dengan 4,25": the next rank;
            # "Di bawahnya, Sikka 2,51, Ende 2,33 …" merely lists values (no rank)
            nexts = [_Shifted(m0, s)]
    for m in nexts:
        metric = _metric_at(art, s, e, m.start(), running)
        prev = art.last_rank.get(metric[0]) if metric and art.last_rank_sent.get(metric[0], -9) >= sent.index - 6 \
            else None   # the ranking must be fresh: not a national rank stated paragraphs before
        here = [n for f in found if f[0] < m.start() for n in f[2]]
        if metric and here:
            prev = max(here)   # "Posisi kedua ditempati X …, kemudian Y di urutan berikutnya": third
        sm = _AFTER_HEAD.match(text, s, m.start())
        if metric and sm:   # "Setelah Banjarmasin dan Tabalong, urutan berikutnya …": one below the last of them
            named = [ranked.get((h.name, metric[0])) for h in holders if sm.start(1) <= h.start < sm.end(1)]
            if named and all(n is not None for n in named):
                prev = max(named)
        if prev is not None and not any(f[0] <= m.start() < f[1] for f in found):
            # "BKN dan BPOM menyusul di urutan berikutnya": the listed holders before it, in order
            before = [h for h in holders if h.start < m.start() and h.role == "holder"]
            group = _listed_group(text, before)
            if len(group) > 1 and _RANKS_FOLLOW.match(text, group[-1].end, m.start()):
                for n, h in enumerate(group, start=prev + 1):
                    art_raw = _Raw(entity=h, metric=metric[0], metric_name=metric[1], sent=sent, rank=n,
                                   rank_scope=None, status=_status(art, s, m.start(), s), rule="rank:next",
                                   confidence=0.75)
                    out.append(art_raw)
                    ranked.setdefault((h.name, metric[0]), n)
                continue
            found.append((m.start(), m.end(), [prev + 1], "rank:next"))
    for m in r.rank_top.finditer(text, s, e):
        a = m.start(1)
        if any(f[0] <= a < f[1] + 15 for f in found):
            continue
        found.append((a, m.end(1), [1], "rank:top"))
    ms = art.mentions
    if any(ms[k].role == "scope" for k in range(bisect_left(art.mention_starts, s), bisect_left(art.mention_starts, e))
           ) or r.scope_words.search(text, s, e) or (
            r.chain_next.search(text, s, e)):   # "X meraih nilai tertinggi dengan 3,54, disusul Y …"
        for m in r.rank_top_bare.finditer(text, s, e):
            a = m.start("top")
            if not any(f[0] <= a < f[1] + 15 for f in found):
                found.append((a, m.end("top"), [1], "rank:top"))
    found.sort()
    made_here: list[tuple[int, _Raw]] = []
    for a, b, ranks, rule in found:
        after_txt = text[b:min(e, b + 30)]
        local = text[max(s, a - 60):b] + _CLAUSE_END.split(after_txt, maxsplit=1)[0]
        if (rule != "rank:completes" and r.rank_not.search(local)) or _DECREE_NEAR.search(text, max(s, a - 50, text.rfind(",", s, a) + 1), a):
            continue
        if rule == "rank:top" and (r.top_group_before.search(text, max(s, a - 50), a)
                                   or any(f[3] != "rank:top" and 0 <= a - f[1] <= 80 for f in found)):
            continue
        metric = art.metric_override.get(sent.index) or _metric_at(art, s, e, a, running)
        if metric is None:
            continue
        if _other_contest_before(art, sent):
            continue   # "… juara umum MTQ … Posisi kedua ditempati Kota Padang": that contest's rank
        status = _status(art, s, a, s)
        tail = text[b:e]
        ents: list[Mention] = []
        hm = _RANK_HOLDER_AFTER.match(tail)
        if hm:
            after = [h for h in holders if h.start >= b + hm.end()]
            if after and after[0].start - (b + hm.end()) <= 15 and not _DIGIT.search(
                    text, b + hm.end(), after[0].start):
                ents = after[:len(ranks)]
        if not ents and _CLAUSE_START.search(text, max(s, a - 12), a):
            # "…, peringkat kedua Kabupaten Kuningan 3,70": a clause that opens with the rank names its holder
            nxt = [h for h in holders if b <= h.start <= b + 3 and not text[b:h.start].strip()]
            if nxt:
                ents = nxt[:1]
        if not ents:
            before = [h for h in holders if h.start < a]
            after = [h for h in holders if h.start >= b and not _BEHIND_BEFORE.search(text, max(b, h.start - 25),
                                                                                        h.start)]
            if not before and len(after) < len([h for h in holders if h.start >= b]) and art.subject is not None \
                    and not after:
                before = [art.subject]   # "Kota Taman berada di peringkat kedua se-Kaltim, di bawah Kota Balikpapan"
            if before:
                ents = [before[-1]]
                if len(ranks) > 1:   # "Jawa Barat dan Bali masing-masing berada di posisi kedua dan ketiga"
                    ents = _listed_group(text, before, len(ranks))
                    if len(ents) != len(ranks):
                        ents = ents[-1:]
            elif after:
                ents = [after[0]]
        if not ents:
            continue
        scope = _rank_scope(art, s, e, a, b)
        if len(ents) == 1 and len(ranks) > 1:
            ranks = ranks[:1]
        for ent, n in zip(ents, ranks):
            raw = _Raw(entity=ent, metric=metric[0], metric_name=metric[1], sent=sent, rank=n, rank_scope=scope,
                       status=status, rule=rule, confidence=0.85 if ent.role == "holder" else 0.7,
                       via_subject=ent.role == "subject")
            out.append(raw)
            made_here.append((b, raw))
            ranked.setdefault((ent.name, metric[0]), n)
            if len(ranks) == 1 and n >= 2 and rule == "rank:explicit":
                _rank_previous_chain(art, sent, n, metric, scope, out, ranked)
        # "peringkat kedua … setelah X": X is first; "urutan ketiga setelah A dan B": A first, B second
        if ranks[0] in (2, 3):
            sm = _SETELAH.match(tail)
            if sm:
                nxt = [h for h in holders if h.start >= b + sm.end() - 1 and h.start <= b + sm.end() + 2]
                if nxt and ranks[0] == 3 and sm.group(1).lower() != "setelah":
                    nxt = []   # "hanya kalah dari A dan B" does not say which of the two is first
                if nxt and ranks[0] == 3:
                    two = [h for h in holders if h.start > nxt[0].start]
                    nxt = nxt + two[:1] if two and _HOLDER_LIST_GAP.fullmatch(text, nxt[0].end, two[0].start) else []
                for k, h in enumerate(nxt[:ranks[0] - 1], start=1):
                    out.append(_Raw(entity=h, metric=metric[0], metric_name=metric[1], sent=sent, rank=k,
                                    rank_scope=scope, status=status, rule="rank:after", confidence=0.8))
    # "Siak hanya kalah dari Kota Pekanbaru." after Siak was ranked second: the other is first
    for lm in (_LOST_TO.finditer(text, s, e) if "kalah" in low else ()):
        metric = _metric_at(art, s, e, lm.start(), running)
        if metric is None:
            continue
        after = [h for h in holders if lm.end() <= h.start <= lm.end() + 3 and h.role == "holder"]
        before = [h for h in holders if h.start < lm.start() and h.role in ("holder", "subject")]
        if after and before and ranked.get((before[-1].name, metric[0])) == 2 and not any(
                x.rank == 1 and x.entity is not None and x.entity.name == after[0].name for x in out):
            out.append(_Raw(entity=after[0], metric=metric[0], metric_name=metric[1], sent=sent, rank=1,
                            status=_status(art, s, lm.start(), s), rule="rank:after", confidence=0.75))
    # "X tertinggi …, Y dan Z menyusul": the holders between the ranked head and "menyusul"
    for cm in (r.chain_after.finditer(text, s, e) if "menyusul" in low else ()):
        heads = [(b, raw) for b, raw in made_here if b <= cm.start()]
        if not heads:
            break
        b, head = heads[-1]
        n = head.rank
        seen = {head.entity.name}
        for h in [h for h in holders if b <= h.start < cm.start() and h.role == "holder"]:
            if h.name in seen:
                continue
            seen.add(h.name)
            n += 1
            out.append(_Raw(entity=h, metric=head.metric, metric_name=head.metric_name, sent=sent, rank=n,
                            rank_scope=head.rank_scope, status=head.status, rule="rank:chain", confidence=0.7))
        break
    # chains: "X (ranked) …, disusul Y, Z"
    for cm in r.chain_next.finditer(text, s, e):
        head_rank = None
        head_metric = None
        for b, raw in made_here:
            if b <= cm.start():
                head_rank, head_metric = raw.rank, (raw.metric, raw.metric_name)
        if head_rank is None:
            before = [h for h in holders if h.start < cm.start()]
            metric = _metric_at(art, s, e, cm.start(), running)
            if before and metric is not None:
                head_rank = ranked.get((before[-1].name, metric[0]))
                head_metric = metric
        if head_rank is None and not text[s:cm.start()].strip(' "“'):
            # "X berada di peringkat pertama. Disusul Y dan Z.": the head was ranked in the sentence before
            metric = _metric_at(art, s, e, cm.start(), running)
            if metric is not None and art.last_rank_sent.get(metric[0]) == sent.index - 1:
                head_rank, head_metric = art.last_rank[metric[0]], metric
        if head_rank is None:
            continue
        n = head_rank
        seen: set[str] = set()
        said = _SAID.search(text, cm.end(), e)   # '…, disusul Y dan Z," kata Kepala Dinas … Provinsi Riau'
        stop = said.start() if said else e
        for h in [h for h in holders if cm.end() < h.start < stop and h.role == "holder"]:
            if h.name in seen:
                continue
            seen.add(h.name)
            n += 1
            out.append(_Raw(entity=h, metric=head_metric[0], metric_name=head_metric[1], sent=sent, rank=n,
                            rank_scope=_rank_scope(art, s, e, cm.start(), cm.end()), rule="rank:chain",
                            status=_status(art, s, cm.start(), s), confidence=0.75))
        break


# --------------------------------------------------------------------------------------------------
def _key(r: _Raw) -> str:
    """Holder name used to compare raw claims."""
    return r.entity.name if r.entity else ""


def _merge(raws: list[_Raw]) -> list[_Raw]:
    """A fact stated twice is one claim: first quote kept, best-sourced year, first predicate/rank."""
    raws.sort(key=lambda r: r.order)
    scores: list[_Raw] = []
    by_key: dict[tuple, list[_Raw]] = {}
    for r in raws:
        if r.value is None:
            continue
        dup = None
        k = (_key(r), r.metric, round(r.value, 2), r.status)
        for o in by_key.get(k, ()):
            strong = ("stated",)   # a relative year ("tahun ini") restating a stated fact is the same fact
            if o.year is not None and r.year is not None and o.year != r.year and (
                    o.year_source in strong and r.year_source in strong):
                continue
            dup = o
            break
        if dup is None:
            scores.append(r)
            by_key.setdefault(k, []).append(r)
            continue
        if _YEAR_PRIORITY[r.year_source] < _YEAR_PRIORITY[dup.year_source]:
            dup.year, dup.year_source = r.year, r.year_source
        dup.predicate = dup.predicate or r.predicate
        if dup.rank is None and r.rank is not None:
            dup.rank, dup.rank_scope = r.rank, r.rank_scope
    for r in scores:
        if r.extra.get("kept") and r.year is not None and r.predicate:
            for o in scores:
                if (_key(o), o.metric, o.status, o.year) == (_key(r), r.metric, r.status, r.year - 1) and (
                        o.predicate is None):
                    o.predicate = r.predicate
    preds: list[_Raw] = []
    for r in raws:
        if r.value is not None or r.predicate is None:
            continue
        same = [o for o in scores if _key(o) == _key(r) and o.metric == r.metric and o.status == r.status]
        if any(o.predicate == r.predicate and (r.year is None or o.year in (None, r.year)) for o in same):
            continue
        if r.status == "achieved":
            free = [o for o in same if o.predicate is None and (r.year is None or o.year == r.year)]
            if free:
                best = max(free, key=lambda o: (o.year == r.year, o.year or 0, not o.extra.get("from"), o.order))
                best.predicate = r.predicate
                continue
        if any((_key(o), o.metric, o.predicate, o.status, o.year) == (_key(r), r.metric, r.predicate, r.status,
                                                                          r.year) for o in preds):
            continue
        preds.append(r)
    ranks: list[_Raw] = []
    for r in raws:
        if r.value is not None or r.predicate is not None or r.rank is None:
            continue
        if any(o.rank == r.rank and _key(o) == _key(r) and o.metric == r.metric for o in scores + ranks):
            continue
        host = [o for o in scores if o.sent is r.sent and o.sent is not None and _key(o) == _key(r)
                and o.metric == r.metric and o.rank is None and o.status == r.status]
        if host:
            host[0].rank, host[0].rank_scope = r.rank, r.rank_scope
            continue
        ranks.append(r)
    out = scores + preds + ranks
    out.sort(key=lambda r: r.order)
    return out


_LEAD_SENTENCES = 8   # headline, outlet, date and byline lines, a photo caption and credit, then the lead


def _lead_year(art: _Article) -> tuple[str, int] | None:
    """(metric, year) of the evaluation the lead announces ("hasil evaluasi SPBE tahun 2024" in the first
    sentences), the year an article's unstated values default to."""
    for sent in art.sents[:_LEAD_SENTENCES]:
        if "20" not in art.text[sent.start:sent.end]:
            continue   # no year at all (cheap test first)
        m = art.rules.lead_evaluation_year.search(art.text, sent.start, sent.end)
        if m and art.rules.target_cues.search(art.text, sent.start, sent.end):
            continue   # "menargetkan predikat sangat baik pada evaluasi 2025": a target year
        if m:
            r = art.rules
            before = art.text[max(sent.start, m.start("year") - 40):m.start("year")]
            if r.announce_before.search(before) or r.decree_number_year.search(before) or r.month_before.search(
                    before):
                return None   # "sejak 2018", "Nomor 5 Tahun 2024", "Januari 2025"
            metric = _metric_at(art, sent.start, sent.end, m.start(), None)
            if metric is not None:
                return metric[0], int(m.group("year"))
    return None


def _fill_headline_years(raws: list[_Raw], published: dt.date | None = None,
                         lead: tuple[str, int] | None = None) -> None:
    """Achieved facts with no year at all take the latest year stated for the article's achieved facts of
    the same metric (the evaluation the article reports on) - unless that year is older than the year
    before publication (then the article states only history, and the unstated value is the newer one)."""
    latest: dict[str, int] = {}
    for r in raws:
        if r.status == "achieved" and r.year is not None and r.year_source == "stated" and not (
                r.extra.get("from") or r.extra.get("rose_from")):
            latest[r.metric] = max(latest.get(r.metric, 0), r.year)
    if published is not None:   # only history is stated: the unstated value is likely the newer one
        latest = {m: y for m, y in latest.items() if y >= published.year - 1}
    if lead is not None and lead[1] > latest.get(lead[0], 0):
        latest[lead[0]] = lead[1]
    for r in raws:
        if r.year is None and r.status == "achieved" and r.metric in latest and not r.extra.get("from") and (
                r.value is not None or r.predicate is not None):
            r.year, r.year_source = latest[r.metric], "context"


def _to_claim(art: _Article, r: _Raw, title: str | None) -> Claim:
    """The public record (title-only claims: start = end = -1, quote = title)."""
    ent = r.entity
    assert ent is not None
    if r.sent is not None:
        start, end = r.sent.start, r.sent.end
        quote = art.original[start:end]
    else:
        start = end = -1
        quote = title or ""
    return Claim(
        entity=ent.name, entity_type=ent.type, region_code=ent.code, metric=r.metric,
        metric_name=r.metric_name if r.metric == "other" else None, year=r.year, year_source=r.year_source,
        value=r.value, scale_max=r.scale, predicate=r.predicate, rank=r.rank, rank_scope=r.rank_scope,
        status=r.status, quote=quote, start=start, end=end, confidence=round(r.confidence, 2), rule=r.rule,
        extractor_version=EXTRACTOR_VERSION,
    )
