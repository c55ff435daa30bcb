"""Split article text into sentences with character offsets, and mark boilerplate.

Why: a claim's quote is the sentence that carries it, and "Baca Juga" / "Berita Terkait" lines are other
articles' headlines whose numbers must not be read as this article's claims.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.rules import get_rules

# Abbreviations after which a period does not end a sentence (Indonesian news usage).
_ABBREV = {
    "no", "nomor", "pj", "plt", "plh", "kab", "adm", "prov", "drs", "dr", "ir", "h", "hj", "prof", "st", "jl",
    "tbk", "dll", "dsb", "kec", "kel", "sos", "si", "mm", "m", "s", "sh", "se", "mt", "kom", "ak", "sp", "pd",
    "mh", "msi", "bpk", "ibu", "sdr", "yth", "tgl", "sk", "wib", "wita", "wit", "a", "b", "c", "d", "e",
    "f", "g", "i", "j", "k", "l", "n", "o", "p", "q", "r", "t", "u", "v", "w", "x", "y", "z", "co", "id", "com",
    "ri", "ds", "kp", "gg", "rt", "rw", "dkk", "jend", "brigjen", "kol", "letjen", "mayjen", "kompol", "akbp",
}
_BOUNDARY = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘'(\[]*[A-Z0-9])")
MAX_SENTENCE = 1500
_LINE = re.compile(r"[^\n]+")
_INLINE_BOILERPLATE = re.compile(r"\b(baca\s+juga|berita\s+terkait|simak\s+juga|lihat\s+juga|artikel\s+terkait)\s*:",
                                 re.I)
_WORDCHAR = re.compile(r"[^\W_]")
_ENUMERATOR = re.compile(r"(?:^|,\s+|[;:(]\s*)\d{1,2}\.$")
_BULLET = re.compile(r"\s*([-–—•*·►▪]|\d{1,2}[.)])\s+\S")
_NUMBERED = re.compile(r"\s*\d{1,2}\s+[A-Z]")   # "1 Pemkot Serang Raih …" in a numbered sidebar
_HEADLINE_MAX = 140   # headlines in a related-articles list are short and end without a period
_BODY_LINE = 160   # a line this long is body text: a "Berita Terkait" header after it ends the article
_LAST_WORD = re.compile(r"([A-Za-z]+)\.*$")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    para: int      # index of the line (paragraph) it is in
    index: int     # position among the article's sentences


def _headline_like(line: str) -> bool:
    """A short line without a sentence end: another headline in a "Baca Juga:" / "Terpopuler" list (a line
    ending with ":" introduces the article's own list)."""
    t = line.strip()
    return 0 < len(t) <= _HEADLINE_MAX and t[-1] not in '.!?"”’\':' and not t.endswith(("..", "…"))


def _split_line(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Sentence spans of one line: split at . ! ? before a capital, not after abbreviations or list numbers."""
    out: list[tuple[int, int]] = []
    cur = s
    for m in _BOUNDARY.finditer(text, s, e):
        head = text[cur:m.start() + 1]
        w = _LAST_WORD.search(head)
        if w and w.group(1).lower() in _ABBREV and text[m.start()] == ".":
            continue
        if text[m.start()] == "." and _ENUMERATOR.search(head):
            continue   # "…, 2. Jawa Barat (4,02), 3. …": a list number, not a sentence end
        out.append((cur, m.start() + len(m.group(0).rstrip())))
        cur = m.end()
    if cur < e:
        out.append((cur, e))
    return out


def _cap(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Cut run-on "sentences" (flattened tables, garbage) into pieces of at most MAX_SENTENCE characters,
    at a comma or space, so that work per sentence stays bounded."""
    out = []
    while e - s > MAX_SENTENCE:
        cut = max(text.rfind(",", s, s + MAX_SENTENCE), text.rfind(" ", s, s + MAX_SENTENCE))
        if cut <= s:
            cut = s + MAX_SENTENCE
        out.append((s, cut + 1))
        s = cut + 1
    out.append((s, e))
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of the article body, boilerplate lines left out (offsets into `text`)."""
    rules = get_rules()
    out: list[Sentence] = []
    skip_next = False
    in_list = False
    body_started = False
    for para, m in enumerate(_LINE.finditer(text)):
        line = m.group(0)
        if not line.strip():
            continue
        if rules.boilerplate_tail.match(line):
            if body_started:
                break
            skip_next = in_list = True   # a "Terpopuler" sidebar above the body: skip its list, keep reading
            continue
        bm = rules.boilerplate_line.match(line)
        if bm:
            # "BACA JUGA:" alone on its line: the headline(s) follow on the next line(s)
            skip_next = not _WORDCHAR.search(line, bm.end())
            in_list = skip_next
            continue
        if in_list and (_BULLET.match(line) or _NUMBERED.match(line) or _headline_like(line)):
            skip_next = False   # "- <other headline>" items under a "Berita Terkait:" header
            continue
        in_list = False
        if skip_next:
            skip_next = False
            continue
        s, e = m.start(), m.end()
        low = line.lower()
        inline = _INLINE_BOILERPLATE.search(text, s, e) if ("juga" in low or "terkait" in low) else None
        if inline:
            e = inline.start()   # "… 3,5. Baca juga: <other headline>" on the same line
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e - s >= _BODY_LINE:
            body_started = True   # a paragraph, not a headline, outlet or byline line
        for a0, b0 in _split_line(text, s, e):
            for a, b in _cap(text, a0, b0):
                while b > a and text[b - 1].isspace():
                    b -= 1
                if b > a:
                    out.append(Sentence(a, b, para, len(out)))
    return out
