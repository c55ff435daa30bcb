"""Keyword prefilter on URL/title/summary: which discovered articles to fetch first (or at all).

Why: a regional news site publishes hundreds of articles a week and only a handful are about SPBE scores; with a
polite 2-second delay we cannot fetch them all. The keywords live in `patterns/relevance.yaml` so researchers
can tune them without touching code. This is a cheap ordering/selection filter only; the claim engine decides
on the full article text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

DEFAULT_PATTERNS = Path(__file__).resolve().parents[1] / "patterns" / "relevance.yaml"


@dataclass(frozen=True)
class RelevanceConfig:
    threshold: float
    field_weights: dict[str, float]
    terms: tuple[tuple[re.Pattern[str], float, str], ...]   # (compiled, weight, term)


def _compile(term: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in re.split(r"[\s\-_]+", term.strip()) if w]
    body = r"[\s\-_/+.]*".join(words)  # "e-government" also matches "egovernment", "e government"
    return re.compile(rf"(?<![0-9a-z]){body}(?![0-9a-z])", re.I)


def load_relevance(path: str | Path | None = None) -> RelevanceConfig:
    """Read a relevance YAML (default patterns/relevance.yaml). Raises ValueError on a malformed file."""
    p = Path(path) if path else DEFAULT_PATTERNS
    data = yaml.safe_load(p.read_text("utf-8")) or {}
    try:
        threshold = float(data.get("threshold", 0.5))
        fw = {k: float(v) for k, v in (data.get("field_weights") or {}).items()}
        terms = []
        for gname, group in (data.get("groups") or {}).items():
            w = float(group["weight"])
            for t in group["terms"]:
                terms.append((_compile(str(t)), w, str(t)))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"{p}: malformed relevance file: {exc}") from exc
    if not terms:
        raise ValueError(f"{p}: no terms")
    fw = {"title": 1.0, "summary": 0.7, "url": 0.8, **fw}
    return RelevanceConfig(threshold=threshold, field_weights=fw, terms=tuple(terms))


@lru_cache(maxsize=8)
def _cached(path: str | None) -> RelevanceConfig:
    return load_relevance(path)


def _url_text(url: str | None) -> str:
    if not url:
        return ""
    parts = urlsplit(url)
    text = unquote(parts.path + " " + parts.query)
    return re.sub(r"[\-_/+=&.?]+", " ", text)


def matched_terms(url: str | None, title: str | None, summary: str | None,
                  config: RelevanceConfig | None = None) -> dict[str, list[str]]:
    """Which terms matched in which field (for logs and tuning). A match inside a stronger (or longer) term's
    match is not counted again: "Digital Government Award" does not also count as "digital"."""
    cfg = config or _cached(None)
    fields = {"title": title or "", "summary": summary or "", "url": _url_text(url)}
    out: dict[str, list[str]] = {}
    for name, text in fields.items():
        if not text:
            continue
        found = []
        for rx, w, term in cfg.terms:
            for m in rx.finditer(text):
                found.append((w, m.end() - m.start(), m.start(), m.end(), term))
        found.sort(key=lambda x: (-x[0], -x[1], x[2]))
        taken: list[tuple[int, int]] = []
        hits: list[str] = []
        for w, _, start, end, term in found:
            if any(start >= a and end <= b for a, b in taken):
                continue
            taken.append((start, end))
            if term not in hits:
                hits.append(term)
        if hits:
            out[name] = hits
    return out


def relevance_score(url: str | None, title: str | None = None, summary: str | None = None,
                    config: RelevanceConfig | None = None) -> float:
    """0..1: sum over fields of (field weight x the weights of distinct matched terms), capped at 1."""
    cfg = config or _cached(None)
    weights = {t: w for _, w, t in cfg.terms}
    score = 0.0
    for fname, hits in matched_terms(url, title, summary, cfg).items():
        score += cfg.field_weights.get(fname, 1.0) * sum(weights[h] for h in set(hits))
    return min(1.0, round(score, 4))


def is_topical(url: str | None, title: str | None = None, summary: str | None = None,
               config: RelevanceConfig | None = None) -> bool:
    """True when the URL/title/summary score reaches the configured threshold."""
    cfg = config or _cached(None)
    return relevance_score(url, title, summary, cfg) >= cfg.threshold
