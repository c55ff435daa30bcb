"""Load the extractor's rules from `patterns/` once per process and compile them.

Why: the rules are data (YAML/CSV) so that linguists can add phrasing without touching code; compiling
them once keeps extraction fast (hundreds of articles per second).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from extractors.gazetteer import PATTERNS_DIR, _read_csv

_FLAGS = re.I | re.U
_ASCII_LOWER = str.maketrans({chr(c): chr(c + 32) for c in range(65, 91)})


def lower_ascii(text: str) -> str:
    """Lower-cased text of the same length as `text`, so offsets stay valid (str.lower() changes the length
    of a few characters such as "İ"; then only A-Z are lowered)."""
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_ASCII_LOWER)


def _lowpat(p: str) -> str:
    """Lower-case a regex's literal letters (escapes like \\S and group names untouched)."""
    out: list[str] = []
    i = 0
    while i < len(p):
        if p.startswith("(?P<", i):
            j = p.index(">", i)
            out.append(p[i:j + 1])
            i = j + 1
        elif p[i] == "\\" and i + 1 < len(p):
            out.append(p[i:i + 2])
            i += 2
        else:
            out.append(p[i].lower())
            i += 1
    return "".join(out)


_LITERAL = re.compile(r"[A-Za-z0-9]+")


def _lead_literal(p: str) -> str | None:
    """The lower-cased literal word a pattern must start with ("indeks\\s+pelayanan…" -> "indeks"), or None
    when it has none of at least three letters (then the whole pattern is its own anchor)."""
    q = re.sub(r"^(\\b)+", "", p)
    m = _LITERAL.match(q)
    if not m:
        return None
    lit = m.group(0)
    if q[m.end():m.end() + 1] in ("?", "*", "{"):
        lit = lit[:-1]   # "pemerintah(an)?" keeps "pemerintah"; "x?" makes its last letter optional
    return lit.lower() if len(lit) >= 3 else None


class Finder:
    """Fast multi-pattern search. Most patterns start with a literal word ("indeks\\s+pelayanan…"): the
    positions of those words in the ASCII-lowered text are found with str.find (C speed, far faster than one
    regex alternation of dozens of words); patterns without such a word run as one lower-cased regex anchor.
    At each position only the patterns anchored there are tried, in their order, case-insensitively."""

    def __init__(self, named: list[tuple[str, str]]) -> None:
        self.exact = [(name, re.compile(p, _FLAGS)) for name, p in named]
        self.literals: dict[str, list[int]] = {}
        self.fallback: list[int] = []
        for i, (_, p) in enumerate(named):
            lit = _lead_literal(p)
            if lit is None:
                self.fallback.append(i)
            else:
                self.literals.setdefault(lit, []).append(i)
        fb = [_lowpat(re.sub(r"^(\\b)+", "", named[i][1])) for i in self.fallback]
        self.fb_anchor = re.compile("|".join("(?:" + x + ")" for x in fb)) if fb else None

    def _hits(self, low: str) -> list[tuple[int, list[int]]]:
        """(position, pattern indices to try there), left to right."""
        at: dict[int, list[int]] = {}
        for lit, ids in self.literals.items():
            i = low.find(lit)
            while i != -1:
                at.setdefault(i, []).extend(ids)
                i = low.find(lit, i + 1)
        if self.fb_anchor is not None:
            for m in self.fb_anchor.finditer(low):
                at.setdefault(m.start(), []).extend(self.fallback)
        return [(pos, sorted(ids) if len(ids) > 1 else ids) for pos, ids in sorted(at.items())]

    def find(self, text: str, low: str | None = None) -> list[tuple[int, int, str, str]]:
        """(start, end, name, matched text) for every non-overlapping match, left to right."""
        low = lower_ascii(text) if low is None else low
        out: list[tuple[int, int, str, str]] = []
        end = -1
        exact = self.exact
        for s, ids in self._hits(low):
            if s < end:
                continue
            for i in ids:
                name, pat = exact[i]
                mm = pat.match(text, s)
                if mm:
                    out.append((s, mm.end(), name, mm.group(0)))
                    end = mm.end()
                    break
        return out

    def starts(self, text: str, low: str | None = None) -> list[int]:
        """Every position where some pattern matches (overlaps allowed: a long match must not hide a short one
        that starts inside it, e.g. in the next sentence)."""
        low = lower_ascii(text) if low is None else low
        exact = self.exact
        return [s for s, ids in self._hits(low) if any(exact[i][1].match(text, s) for i in ids)]

    def search(self, text: str, low: str | None = None) -> bool:
        """Does any pattern match anywhere?"""
        low = lower_ascii(text) if low is None else low
        exact = self.exact
        return any(exact[i][1].match(text, s) for s, ids in self._hits(low) for i in ids)


@dataclass(frozen=True)
class Rules:
    """Compiled rules (see patterns/claims_rules.yaml for what each one means)."""

    raw: dict[str, Any]
    relevance: re.Pattern[str]
    metric_cues: list[tuple[str, re.Pattern[str]]]
    metric_finder: Finder
    relevance_finder: Finder
    interesting_finder: Finder
    ordinals: dict[str, int]
    relative_years: list[tuple[re.Pattern[str], int]]
    relative_years_context: list[tuple[re.Pattern[str], int | None]]
    instansi: dict[str, str]      # canonical_key(name) -> canonical name
    instansi_re: re.Pattern[str]
    c: dict[str, re.Pattern[str]]  # every other single regex by its YAML key (each also an attribute: rules.score_number)


def _compile(p: str, flags: int = _FLAGS) -> re.Pattern[str]:
    return re.compile(p, flags)


def _top_alternatives(p: str) -> list[str]:
    """"a|b(c|d)|e" -> ["a", "b(c|d)", "e"]: a pattern's top-level alternatives (each can then be anchored
    on its own leading word)."""
    out: list[str] = []
    depth = 0
    start = 0
    i = 0
    in_class = False
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(p[start:i])
            start = i + 1
        i += 1
    out.append(p[start:])
    return out


@lru_cache(maxsize=1)
def get_rules(patterns_dir: Path = PATTERNS_DIR) -> Rules:
    """Read and compile patterns/claims_rules.yaml and patterns/instansi.csv (cached)."""
    with (patterns_dir / "claims_rules.yaml").open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    ordinals = {str(k).lower(): int(v) for k, v in raw["ordinals"].items()}
    ord_alt = "|".join(sorted(ordinals, key=len, reverse=True))
    compiled: dict[str, re.Pattern[str]] = {}
    for key, val in raw.items():
        if isinstance(val, str):
            compiled[key] = _compile(val.replace("ORDINALS", ord_alt))
    compiled["not_score_after_any"] = _compile("|".join(f"(?:{p})" for p in raw["not_score_after"]))
    compiled["predicate_any"] = _compile(
        r"\b(" + "|".join(sorted(raw["predicates"].values(), key=len, reverse=True)) + r")\b"
    )
    metric_cues: list[tuple[str, re.Pattern[str]]] = []
    for metric, pats in raw["metrics"].items():
        for p in pats:
            metric_cues.append((metric, _compile(p)))
    from extractors.gazetteer import canonical_key

    instansi: dict[str, str] = {}
    names: list[str] = []
    for row in _read_csv(patterns_dir / "instansi.csv"):
        instansi[canonical_key(row["name"])] = row["canonical"].strip()
        names.append(re.escape(row["name"].strip()).replace(r"\ ", r"\s+"))
    names.sort(key=len, reverse=True)
    instansi_re = re.compile(r"(?:" + "|".join(names) + r")\b")
    rules = Rules(
        raw=raw,
        relevance=_compile("|".join(f"(?:{p})" for p in raw["relevance"])),
        metric_cues=metric_cues,
        metric_finder=Finder([(m, p) for m, pats in raw["metrics"].items() for p in pats]),
        relevance_finder=Finder([("relevance", p) for p in raw["relevance"]]),
        interesting_finder=Finder([("interesting", alt) for alt in _top_alternatives(raw["interesting"])]),
        ordinals=ordinals,
        relative_years=[(_compile(r"\b" + k + r"\b"), int(v)) for k, v in raw["relative_years"].items()],
        relative_years_context=[(_compile(r"\b" + k + r"\b"), None if v is None else int(v))
                                for k, v in raw["relative_years_context"].items()],
        instansi=instansi,
        instansi_re=instansi_re,
        c=compiled,
    )
    taken = {f.name for f in fields(Rules)}
    for key, pat in compiled.items():   # rules.score_number etc. as plain attributes
        if key not in taken:
            object.__setattr__(rules, key, pat)
    return rules
