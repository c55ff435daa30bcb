"""Find the government bodies a text names: regions (via the gazetteer) and ministries/agencies.

Why: every claim needs a holder. News names regions as "Pemkot Bekasi", "Kab. Lebong", "KOTA KEDIRI",
"Kotim", "se-Jawa Barat"; mentions after "se-"/"tingkat"/"di" (provinces) give a rank's scope, not a holder.
Capitalised word runs are looked up in a precomputed surface-form table, which is much faster than a regex
alternation over 550 names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.gazetteer import _CANON_PREFIX, PATTERNS_DIR, Region, _read_csv, _spaced, canonical_key, get_gazetteer
from extractors.rules import get_rules

_TOKEN = re.compile(r"[A-Z][A-Za-z]*(?:-[A-Za-z]+)*\.?")
_GAP = re.compile(r"[ \t]*(?:\([A-Za-z]+\))?[ \t]*")
_MINISTRY = re.compile(r"\bKementerian[ \t]+([A-Z][\w-]*)(?:[ \t]+(?:dan[ \t]+)?(?!Kementerian\b)[A-Z][\w-]*){0,6}")
_RI_SUFFIX = re.compile(r"\s+(RI|Republik\s+Indonesia)$")
_NOT_MINISTRY = {"Pusat", "Lembaga", "Negara", "Terkait", "Teknis", "Koordinator"}
_CLAIM_VERB_AFTER = re.compile(r"[^.;,]{0,25}?\b(meraih|memperoleh|mendapat\w*|mencatat\w*|menempati|menduduki|"
                               r"berada|berhasil|menjadi\s+(yang\s+)?(terbaik|tertinggi))\b", re.I)
_SPEAKER_BEFORE = re.compile(r"\b(kata|ujar|ucap|jelas|ungkap|tutur|imbuh|tambah|sebut|papar|terang)\w*\s+"
                             r"((Pj\.?|Plt\.?|Plh\.?|Wakil)\s+)?$", re.I)
_GLOSS = re.compile(r"\s*\(\s*")
_SCOPE_BEFORE = re.compile(r"(?:\bse\s*-\s*|\bse\s+|\btingkat\s+|\bwilayah\s+|\bkawasan\s+|\bbagian\s+dari\s+|"
                           r"\b(?:award|awards|summit)\s+|\bibu\s*kota\s+(?:provinsi\s+)?|\bberbatasan\s+(?:langsung\s+)?dengan\s+)"
                           r"(?:(?:tanah|pulau|daratan|regional|wilayah|kawasan)\s+)?$", re.I)
_DI_BEFORE = re.compile(r"\b(?:di|dalam)\s+(?:(?:tanah|pulau|wilayah|daratan)\s+)?$", re.I)
_SOURCE_BEFORE = re.compile(
    r"\b(penghargaan|apresiasi|evaluasi|penilaian|undangan|kunjungan|bantuan)\s+(dari|oleh)\s+$|"
    r"\baplikasi\s+(evaluasi\s+|penilaian\s+)?(milik\s+)?$", re.I)
_ORG_BEFORE = re.compile(r"\b(DPRD|Diskominfo\w*|Dinas|Kepala|Sekda|Setda|Bappeda|Inspektorat|BPS|Polres|Polresta|"
                         r"Polda|Kejari|Kejati|Kodim|Kodam|Korem|RSUD|Universitas|Institut|Politeknik|UIN|IAIN|"
                         r"Bank|Kantor|Kanwil|Kominfo\w*|Balai|PDAM|Perumda|BPBD|KPU|Bawaslu|Pengadilan|Bandara|"
                         r"Stadion|Hotel|Lapas|SMAN?|SMKN?|SMPN?|Persatuan|Persib|Persija|Universitas)\s+$")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    name: str            # canonical name
    type: str            # provinsi / kota / kabupaten / instansi
    code: str | None
    typed: bool          # the text fixed the type (Pemkot / Kabupaten / alias ...)
    bare: str            # bare-name key, to re-resolve ambiguous names
    role: str            # "holder", "scope", "source", "org"


class _Surface:
    """surface key (no spaces) -> (regions, typed?) for every prefix x name combination."""

    def __init__(self) -> None:
        gz = get_gazetteer()
        self.table: dict[str, tuple[tuple[Region, ...], bool]] = {}
        self.first_words: set[str] = set()
        self.stoplist = {canonical_key(row["name"]) for row in _read_csv(PATTERNS_DIR / "region_bare_stoplist.csv")}
        self.max_words = 1
        for key, regions in gz.bare.items():
            self.table.setdefault(key, (tuple(regions), len(regions) == 1))
        for region in gz.regions.values():
            for nm in (gz.csv_names[region.code], region.name):   # as the CSV writes it, and as displayed
                self.table[canonical_key(nm)] = ((region,), True)
                self._note_words(nm)
        surfaces = {gz.bare_name(r) for r in gz.regions.values()}
        surfaces |= {_CANON_PREFIX.sub("", r.name) for r in gz.regions.values()}
        for row in _read_csv(PATTERNS_DIR / "region_aliases.csv"):
            surfaces.add(row["alias"].strip())
        # "Kep. Selayar", "Kab. Kep. Anambas": the common abbreviation of "Kepulauan"
        for s in sorted(x for x in surfaces if x.startswith("Kepulauan ")):
            short = "Kep " + s[len("Kepulauan "):]
            surfaces.add(short)
            self.table.setdefault(canonical_key(short), (tuple(gz.candidates(s)), len(gz.candidates(s)) == 1))
        for s in surfaces:
            self._note_words(s)
        for prefix, type_ in gz.prefixes:
            self._note_words(prefix)
            pk = canonical_key(prefix)
            for s in sorted(surfaces):   # sorted: the table must not depend on set order (determinism)
                cands = tuple(r for r in gz.candidates(s) if r.type == type_)
                if cands:
                    self.table.setdefault(pk + canonical_key(s), (cands[:1], True))

    def _note_words(self, s: str) -> None:
        """Remember first words (fast reject of other tokens) and the longest surface length."""
        words = _spaced(s).split()
        if words:
            self.first_words.add(words[0])
            self.max_words = max(self.max_words, len(words) + 3)


@lru_cache(maxsize=1)
def _surface() -> _Surface:
    return _Surface()


_PROVINCE_CATEGORY = re.compile(r"kategori\s+(pemerintah\s+)?provinsi|tingkat\s+provinsi\s+se-?\s*Indonesia",
                                re.I)
_DATELINE = re.compile(r"\s*(\([^)]{0,30}\)\s*)?[-–—,]")
_LIST_ITEM_AFTER = re.compile(r"\s*(\(\s*)?(:\s*)?\d[.,]\d")
_WITH_SCORE_AFTER = re.compile(r"\s+(dengan|yang\s+(meraih|membukukan|mencatat\w*|mengantongi|memperoleh|mendapat\w*))\s+"
                               r"(indeks\s+|nilai\s+|skor\s+)?\d[.,]\d")
_LIST_SEP_BEFORE = re.compile(r"(,|\bdan|\bserta|;)\s*$", re.I)
_PLACE_GAP = re.compile(r"\s*(\([^()]{1,30}\)\s*|\)\s*)?[,(]\s*(provinsi\s+)?", re.I)   # "Kabupaten X (HSS), Kalimantan Selatan"


def _role(text: str, start: int, region: Region | None) -> str:
    """holder, or scope ("se-Jawa Barat", "di Provinsi X"), source ("penghargaan dari X"), org ("DPRD X")."""
    before = text[max(0, start - 40):start]
    if _SCOPE_BEFORE.search(before):
        return "scope"
    if region is not None and region.type == "provinsi" and _DI_BEFORE.search(before):
        return "scope"
    if _SOURCE_BEFORE.search(before):
        return "source"
    if _ORG_BEFORE.search(before):
        return "org"
    if _SPEAKER_BEFORE.search(before):
        return "speaker"   # "…, kata Wali Kota Bekasi, …": who speaks, not whose score
    return "holder"


def find_regions(text: str, start: int = 0, end: int | None = None, skipped: list | None = None
                 ) -> list[Mention]:
    """Region mentions in text[start:end], longest match first, left to right. Stoplisted bare names
    ("Sigi", "Batu") are left out; `skipped` collects them as (start, end, region) for `add_named_bare`."""
    sf = _surface()
    end = len(text) if end is None else end
    toks = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text, start, end)]
    keys: list[str | None] = [None] * len(toks)   # canonical_key per token, computed on demand
    out: list[Mention] = []
    i = 0
    n = len(toks)
    while i < n:
        if toks[i][2].rstrip(".").lower() not in sf.first_words:
            i += 1
            continue
        # extend the run of adjacent capitalised tokens
        j = i + 1
        while j < n and j - i < sf.max_words and _GAP.fullmatch(text, toks[j - 1][1], toks[j][0]):
            j += 1
        hit = None
        for x in range(i, j):
            if keys[x] is None:
                keys[x] = canonical_key(toks[x][2])
        for k in range(j, i, -1):
            key = "".join(keys[i:k])   # canonical_key is word-wise, so keys concatenate
            if key in sf.table:
                hit = (k, sf.table[key])
                break
        if hit is None:
            i += 1
            continue
        k, (regions, typed) = hit
        s, e = toks[i][0], toks[k - 1][1]
        if canonical_key(text[s:e]) in sf.stoplist:
            if skipped is not None:
                skipped.append((s, e, regions))
            i += 1   # "Puncak acara", "Bima Arya", "Danau Toba": a word, not the region
            continue
        if text[e - 1] == "." and not text[s:e].lower().startswith(("kab.", "adm.")):
            e -= 1
        r = regions[0]
        bare = canonical_key(get_gazetteer().bare_name(r))
        role = _role(text, s, r)
        if (out and r.type == "provinsi" and out[-1].type in ("kota", "kabupaten")
                and out[-1].code.startswith(r.code + ".") and _PLACE_GAP.fullmatch(text, out[-1].end, s)):
            role = "scope"   # "Kabupaten Sigi, Sulawesi Tengah" / "Kudus (Jawa Tengah)": where it lies
        elif out and _GLOSS.fullmatch(text, out[-1].end, s):
            role = out[-1].role   # "Kalimantan Utara (Kaltara)": the gloss shares the role
        out.append(Mention(s, e, r.name, r.type, r.code, typed or len(regions) == 1, bare, role))
        i = k
    return out


def add_named_bare(text: str, mentions: list[Mention], skipped: list) -> list[Mention]:
    """A stoplisted bare name ("Sigi", "Puncak") counts once the article named that region as a holder with
    a prefix ("Kabupaten Sigi … Sigi masih berpredikat Cukup"), and a province's bare name next to "kategori
    pemerintah provinsi" ("Jakarta"); never in a dateline ("JAKARTA –", "Jakarta (ANTARA) -")."""
    if not skipped:
        return mentions
    sf = _surface()
    allow = {m.code for m in mentions if m.role == "holder" and m.code and m.bare in sf.stoplist}
    out = list(mentions)
    for s, e, regions in skipped:
        if _DATELINE.match(text, e):
            continue
        cands = [r for r in regions if r.code in allow]
        if len(cands) > 1:   # "Kupang" after both were named: the one named last before it, nearby
            near = [m for m in mentions if m.code in {c.code for c in cands} and s - 300 <= m.end <= s]
            cands = [next(c for c in cands if c.code == near[-1].code)] if near else []
        if cands:
            r = cands[0]
        elif len(regions) == 1 and ((_LIST_ITEM_AFTER.match(text, e) and _LIST_SEP_BEFORE.search(
                text, max(0, s - 8), s) and any(s - 80 <= m.end <= s for m in mentions))
                or (_WITH_SCORE_AFTER.match(text, e) and s > 0 and text[s - 1] == " ")):
            # "Kabupaten Kupang mendapat 2,32, Ende 2,24 … dan Belu 1,96": an item of a score list;
            # "posisi ketiga ditempati Pesisir Selatan dengan 3,33": a capitalised name holding a score
            r = regions[0]
        elif len(regions) == 1 and regions[0].type == "provinsi" and _PROVINCE_CATEGORY.search(
                text, max(0, s - 120), min(len(text), e + 120)):
            r = regions[0]   # "Jakarta … kategori pemerintah provinsi": the province
        else:
            continue
        if any(m.start < e and s < m.end for m in mentions):
            continue
        out.append(Mention(s, e, r.name, r.type, r.code, True, canonical_key(get_gazetteer().bare_name(r)),
                           _role(text, s, r)))
    out.sort(key=lambda m: m.start)
    return out


def find_instansi(text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Ministries/agencies named in text[start:end]: the known names of patterns/instansi.csv, else
    "Kementerian <Capitalised words>" as written. Evaluating bodies (PANRB, Kominfo/Komdigi, Kemendagri)
    are holders only when a claim verb follows them ("Kementerian Kominfo meraih …"); otherwise they are
    the source of the evaluation, not its subject."""
    rules = get_rules()
    end = len(text) if end is None else end
    out: list[Mention] = []
    for m in rules.instansi_re.finditer(text, start, end):
        if m.start() > 0 and text[m.start() - 1].isalnum():
            continue   # "PELANTIKAN" is not "LAN"
        name = rules.instansi.get(canonical_key(m.group(0)))
        if name:
            out.append(_instansi_mention(text, m.start(), m.end(), name))
    for m in _MINISTRY.finditer(text, start, end):
        if m.group(1) in _NOT_MINISTRY:
            continue
        same = [o for o in out if o.start == m.start()]
        if same and len(_RI_SUFFIX.sub("", m.group(0))) > same[0].end - same[0].start:
            out.remove(same[0])   # "Kementerian Investasi dan Hilirisasi": the name as written
        elif same or any(o.start <= m.start() < o.end for o in out):
            continue
        name = _RI_SUFFIX.sub("", " ".join(m.group(0).split()))
        if rules.instansi.get(canonical_key(name)):
            name = rules.instansi[canonical_key(name)]
        out.append(_instansi_mention(text, m.start(), m.end(), name))
    out.sort(key=lambda x: x.start)
    return out


def _instansi_mention(text: str, s: int, e: int, name: str) -> Mention:
    role = _role(text, s, None)
    if get_rules().evaluators.search(text, s, e) and not _CLAIM_VERB_AFTER.match(text, e) and not (
            _LIST_ITEM_AFTER.match(text, e) or _WITH_SCORE_AFTER.match(text, e)):   # "… dan Kementerian Dalam Negeri 4,47"
        role = "source"
    return Mention(s, e, name, "instansi", None, True, canonical_key(name), role)


def resolve_ambiguous(mentions: list[Mention]) -> list[Mention]:
    """Re-type bare ambiguous names ("Bandung") from typed mentions of the same name in the article."""
    gz = get_gazetteer()
    typed: dict[str, str] = {}
    for m in mentions:
        if m.typed and m.type != "instansi":
            typed.setdefault(m.bare, m.type)
    out = []
    for m in mentions:
        if not m.typed and m.bare in typed and typed[m.bare] != m.type:
            cands = [r for r in gz.bare.get(m.bare, []) if r.type == typed[m.bare]]
            if cands:
                r = cands[0]
                m = Mention(m.start, m.end, r.name, r.type, r.code, True, m.bare, m.role)
        out.append(m)
    return out
