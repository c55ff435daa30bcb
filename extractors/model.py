"""The public claim record: one SPBE-style claim found in an article.

These field names are the public schema: they are also the columns of the `claims` table and the keys of
`spbe extract --format jsonl`. Change them only with a warehouse migration and a README update.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

EntityType = Literal["provinsi", "kota", "kabupaten", "instansi"]
Metric = Literal["spbe", "smart_city", "other"]
Status = Literal["achieved", "target", "interim"]
YearSource = Literal["stated", "context", "decree", "publication_date"]

PREDICATES = ("memuaskan", "sangat baik", "baik", "cukup", "kurang")

CLAIM_FIELDS = (
    "entity", "entity_type", "region_code", "metric", "metric_name", "year", "year_source",
    "value", "scale_max", "predicate", "rank", "rank_scope", "status", "quote", "start", "end",
    "confidence", "rule", "extractor_version",
)


@dataclass
class Claim:
    """A claim as the text states it (not as it should be): see tests/corpus/GUIDE.md."""

    entity: str                      # canonical name: "Kota Bekasi", "Provinsi Jawa Barat", "Kementerian Keuangan"
    entity_type: str                 # provinsi / kota / kabupaten / instansi
    region_code: str | None          # Kemendagri code ("32.75"); None for instansi
    metric: str                      # spbe / smart_city / other
    metric_name: str | None          # name as written for metric == "other" (e.g. "Indeks Pelayanan Publik")
    year: int | None                 # evaluation year the value belongs to
    year_source: str | None          # stated / context / decree / publication_date
    value: float | None              # score, decimal point
    scale_max: float | None          # only when the text states a scale other than 1-5
    predicate: str | None            # one of PREDICATES, lower case
    rank: int | None
    rank_scope: str | None           # "nasional", "se-Jawa Barat", "kategori kota", ...
    status: str                      # achieved / target / interim
    quote: str                       # the sentence, verbatim: text[start:end] == quote
    start: int                       # character offsets of the quote in the article text
    end: int
    confidence: float = 1.0
    rule: str = ""                   # which rule fired (pattern id)
    extractor_version: str = ""
    extra: dict[str, Any] = field(default_factory=dict, repr=False)  # not stored; debugging only

    def to_dict(self) -> dict[str, Any]:
        """The public fields only, in schema order."""
        d = asdict(self)
        return {k: d[k] for k in CLAIM_FIELDS}
