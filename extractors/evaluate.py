"""Score the extractor against gold claims, exactly as tests/corpus/README.md defines it.

Why: the quality gate (CI floors) and `spbe evaluate` must agree with how the hidden test set is scored.

- Three kinds of facts: score (gold line has a value), predicate, rank. P/R/F1 for each, micro-average over all.
- Entities match by Kemendagri code (both sides resolved through the gazetteer) or, for ministries and
  agencies, by `canonical_key` (case, spaces, hyphens and "Administrasi" ignored).
- Metric must be equal; score facts also need |value - gold| <= 0.005, equal status and a matching year;
  predicate facts need equal predicate, status and year; rank facts need equal rank (year not compared).
- Year: a gold year must be equal; gold `year: null` accepts a predicted null or the gold `year_implied`.
- Each prediction matches at most one gold fact of each kind (maximum bipartite matching per article).
- Publication date passed to the extractor: the corpus file's `date_in_text` (or `published`) when present,
  else none (dev files have none; no date is guessed from the URL).
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from extractors.claims import extract_claims
from extractors.gazetteer import canonical_key, lookup
from extractors.model import Claim

KINDS = ("score", "predicate", "rank")


@dataclass
class KindScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Finding:
    """A missed gold fact or a spurious predicted fact."""

    kind: str          # score / predicate / rank
    article: str       # corpus file id
    fact: dict[str, Any]


@dataclass
class Report:
    scores: dict[str, KindScore] = field(default_factory=lambda: {k: KindScore() for k in KINDS})
    misses: list[Finding] = field(default_factory=list)
    spurious: list[Finding] = field(default_factory=list)
    articles: int = 0
    empty_articles_with_claims: list[str] = field(default_factory=list)

    @property
    def micro(self) -> KindScore:
        m = KindScore()
        for k in KINDS:
            m.tp += self.scores[k].tp
            m.fp += self.scores[k].fp
            m.fn += self.scores[k].fn
        return m

    def f1(self) -> dict[str, float]:
        d = {k: self.scores[k].f1 for k in KINDS}
        d["micro"] = self.micro.f1
        return d


@dataclass
class Article:
    id: str
    text: str
    title: str | None
    published: dt.date | None
    gold: list[dict[str, Any]]
    path: Path


def load_article(path: Path) -> Article:
    """A corpus file `<id>.json` with its `<id>.gold.jsonl` (missing gold file = no gold)."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    gold_path = path.with_name(path.name[: -len(".json")] + ".gold.jsonl")
    gold = []
    if gold_path.exists():
        gold = [json.loads(ln) for ln in gold_path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    pub = None
    for key in ("date_in_text", "published"):
        if doc.get(key):
            try:
                pub = dt.date.fromisoformat(str(doc[key])[:10])
                break
            except ValueError:
                pub = None
    return Article(str(doc.get("id") or path.stem), doc.get("text") or "", doc.get("title"), pub, gold, path)


def iter_corpus(dirs: list[Path]) -> Iterator[Article]:
    """Every article of the given corpus directories, in file-name order."""
    for d in dirs:
        for p in sorted(Path(d).glob("*.json")):
            yield load_article(p)


def _entity_id(name: str, code: str | None = None) -> str:
    if code:
        return "code:" + code
    r = lookup(name) if name else None
    return "code:" + r.code if r else "name:" + canonical_key(name or "")


def _year_ok(gold: dict[str, Any], year: int | None) -> bool:
    if gold.get("year") is not None:
        return year == gold["year"]
    return year is None or year == gold.get("year_implied")


def _match(kind: str, g: dict[str, Any], c: Claim) -> bool:
    if _entity_id(g.get("entity", "")) != _entity_id(c.entity, c.region_code) or g.get("metric") != c.metric:
        return False
    if kind == "score":
        return (c.value is not None and abs(c.value - float(g["value"])) <= 0.005
                and c.status == g.get("status", "achieved") and _year_ok(g, c.year))
    if kind == "predicate":
        return (c.predicate == g["predicate"] and c.status == g.get("status", "achieved")
                and _year_ok(g, c.year))
    return c.rank == g["rank"]


def _has(kind: str, d: Any) -> bool:
    field_ = {"score": "value", "predicate": "predicate", "rank": "rank"}[kind]
    v = d.get(field_) if isinstance(d, dict) else getattr(d, field_)
    return v is not None


def _max_matching(n_pred: int, n_gold: int, ok: Callable[[int, int], bool]) -> dict[int, int]:
    """Maximum bipartite matching (Kuhn): gold index -> prediction index."""
    adj = [[j for j in range(n_gold) if ok(i, j)] for i in range(n_pred)]
    owner: dict[int, int] = {}

    def attempt(i: int, seen: set[int]) -> bool:
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or attempt(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(n_pred):
        attempt(i, set())
    return owner


def score_article(art: Article, claims: list[Claim], report: Report) -> None:
    """Add one article's matches, misses and spurious facts to the report."""
    report.articles += 1
    if not art.gold and claims:
        report.empty_articles_with_claims.append(art.id)
    for kind in KINDS:
        golds = [g for g in art.gold if _has(kind, g)]
        preds = [c for c in claims if _has(kind, c)]
        owner = _max_matching(len(preds), len(golds), lambda i, j: _match(kind, golds[j], preds[i]))
        ks = report.scores[kind]
        ks.tp += len(owner)
        ks.fn += len(golds) - len(owner)
        ks.fp += len(preds) - len(owner)
        matched_preds = set(owner.values())
        for j, g in enumerate(golds):
            if j not in owner:
                report.misses.append(Finding(kind, art.id, g))
        for i, c in enumerate(preds):
            if i not in matched_preds:
                report.spurious.append(Finding(kind, art.id, c.to_dict()))


def evaluate(gold_dirs: list[Path], extractor: Callable[..., list[Claim]] = extract_claims) -> Report:
    """Run the extractor over every article in `gold_dirs` and score it against the gold files."""
    report = Report()
    for art in iter_corpus([Path(d) for d in gold_dirs]):
        claims = extractor(art.text, published=art.published, title=art.title)
        score_article(art, claims, report)
    return report
