"""The researcher's evidence trail: from a claim to the words, the page and the archived bytes it came from.

A query layer over the warehouse (no printing): `flows/cli_research.py` and `warehouse/report.py` render
what these functions return.

- `get_evidence(con, id_or_prefix)`: a claim with its article, archived page, fetch, the paragraph holding
  its quote, the claims about the same entity/metric/year from *other* sources, and the official value.
- `search_claims(con, region=..., year=..., metric=..., conflicts=...)`: filtered claim look-ups.
- `conflict_groups(con)`: groups whose sources disagree (the analyst's `claim_conflicts` view when present,
  else the same rule computed here).
- `verify_claims(con, archive_dir, ...)`: re-read the archived bytes, check their digest, re-extract, and
  say which claims the archive no longer supports, and why.

Views and tables written by other areas (`claim_conflicts`, `official_scores`) are optional: every query
checks that they exist and degrades to "not loaded".
"""
from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

# Facts a re-extracted claim must share with a stored one for the archive to still support it.
MATCH_FIELDS = ("entity", "metric", "year", "value", "predicate", "rank", "status")
OFFICIAL_NOT_LOADED = "official results not loaded"

CLAIM_COLUMNS = (
    "claim_id", "article_id", "entity", "entity_type", "region_code", "metric", "metric_name", "year",
    "year_source", "value", "scale_max", "predicate", "rank", "rank_scope", "status", "quote", "start", "end",
    "confidence", "rule", "extractor_version", "extracted_at",
)
ARTICLE_COLUMNS = ("url", "source", "page_sha256", "title", "published", "date_source", "text")


class ClaimNotFound(LookupError):
    """No claim has this id (or id prefix)."""


class AmbiguousClaimId(LookupError):
    """Several claims start with this prefix."""

    def __init__(self, prefix: str, candidates: list[str]):
        self.prefix = prefix
        self.candidates = candidates
        super().__init__(f"claim id prefix {prefix!r} matches {len(candidates)} claims: "
                         + ", ".join(c[:12] for c in candidates[:10]))


@dataclass
class Paragraph:
    """The paragraph of the article text that holds a quote, with the quote's position inside it."""

    text: str
    quote_start: int          # offsets of the quote inside `text` (not the article)
    quote_end: int
    offsets_ok: bool          # article.text[start:end] == quote
    located: bool = True      # False: the quote is nowhere in the text; `text` is then the quote alone

    @property
    def before(self) -> str:
        return self.text[: self.quote_start]

    @property
    def quote(self) -> str:
        return self.text[self.quote_start: self.quote_end]

    @property
    def after(self) -> str:
        return self.text[self.quote_end:]

    def window(self, chars: int = 220) -> "Paragraph":
        """The same paragraph cut to about `chars` characters of context on each side of the quote (at word
        boundaries, marked with …), for pages that list many claims."""
        before, after = self.before, self.after
        if len(before) > chars:
            cut = before[-chars:]
            before = "…" + (cut.split(" ", 1)[1] if " " in cut else cut)
        if len(after) > chars:
            cut = after[:chars]
            after = (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"
        return Paragraph(text=before + self.quote + after, quote_start=len(before),
                         quote_end=len(before) + len(self.quote), offsets_ok=self.offsets_ok, located=self.located)


@dataclass
class Official:
    """Official results for a claim's region and year (`available` False: the table is not loaded)."""

    available: bool
    rows: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""


@dataclass
class Evidence:
    claim: dict[str, Any]
    article: dict[str, Any]
    page: dict[str, Any] | None            # the archived response (pages row), None when not archived
    fetch: dict[str, Any] | None           # the latest successful fetch of the page's URL
    paragraph: Paragraph
    others: list[dict[str, Any]]           # same entity/metric/year, other sources
    official: Official


@dataclass
class ConflictGroup:
    key: dict[str, Any]                    # entity / region_code / metric / year / status
    claims: list[dict[str, Any]]

    @property
    def values(self) -> list[float]:
        return sorted({c["value"] for c in self.claims if c.get("value") is not None})

    @property
    def sources(self) -> list[str]:
        return sorted({c.get("source") or "?" for c in self.claims})


@dataclass
class VerifyResult:
    claim_id: str
    url: str | None
    supported: bool
    reasons: list[str] = field(default_factory=list)
    claim: dict[str, Any] = field(default_factory=dict, repr=False)


# ------------------------------------------------------------------------------------------- helpers


def relation_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """True when a table or view of this name exists in the current database."""
    q = ("SELECT 1 FROM duckdb_tables() WHERE table_name = ? AND database_name = current_database() "
         "UNION ALL SELECT 1 FROM duckdb_views() WHERE view_name = ? AND database_name = current_database()")
    return bool(con.execute(q, [name, name]).fetchall())


def columns_of(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    return [r[0] for r in con.execute(f'DESCRIBE "{name}"').fetchall()]


def _rows(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _select_claims(alias: str = "c") -> str:
    cols = ", ".join(f'{alias}."{c}"' for c in CLAIM_COLUMNS)
    return (f"{cols}, a.url, a.source, a.title, a.published, a.page_sha256 "
            f"FROM claims {alias} LEFT JOIN articles a ON a.article_id = {alias}.article_id")


def _decimals(v: float) -> int:
    """Decimals of a value as written (shortest form, at most 4): 3.8 -> 1, 3.83 -> 2, 4.0 -> 0."""
    for d in range(4):
        if abs(v - round(v, d)) < 1e-9:
            return d
    return 4


def values_agree(a: float | None, b: float | None) -> bool:
    """Equal after rounding both to the smaller number of decimals (the analyst views' `spbe_agree`):
    3,83 ~ 3,8; 3,86 !~ 3,8; 3,01 !~ 0,32."""
    if a is None or b is None:
        return a is None and b is None
    d = min(_decimals(float(a)), _decimals(float(b)))
    return abs(round(float(a), d) - round(float(b), d)) < 1e-9


def region_key(claim: dict[str, Any]) -> str:
    """What groups claims into one 'region' page: the Kemendagri code, else the entity name."""
    return claim.get("region_code") or claim.get("entity") or "?"


# ------------------------------------------------------------------------------------------- one claim


def resolve_claim_id(con: duckdb.DuckDBPyConnection, id_or_prefix: str) -> str:
    """The full claim id for an id or a unique prefix of one."""
    s = (id_or_prefix or "").strip().lower()
    if not s:
        raise ClaimNotFound("empty claim id")
    found = [r[0] for r in con.execute(
        "SELECT claim_id FROM claims WHERE starts_with(claim_id, ?) ORDER BY claim_id LIMIT 50", [s]).fetchall()]
    if not found:
        raise ClaimNotFound(f"no claim with id {id_or_prefix!r}")
    if s in found:
        return s
    if len(found) > 1:
        raise AmbiguousClaimId(s, found)
    return found[0]


def paragraph_of(text: str | None, start: int | None, end: int | None, quote: str) -> Paragraph:
    """The paragraph (text between blank-line/line breaks) that holds text[start:end].

    When the offsets no longer point at the quote, the quote is located by search (flagged `offsets_ok`
    False); when it is nowhere, the paragraph is the quote alone (`located` False)."""
    text = text or ""
    ok = start is not None and end is not None and 0 <= start <= end <= len(text) and text[start:end] == quote
    if not ok:
        pos = text.find(quote) if quote else -1
        if pos < 0:
            return Paragraph(text=quote, quote_start=0, quote_end=len(quote), offsets_ok=False, located=False)
        start, end = pos, pos + len(quote)
    p0 = text.rfind("\n", 0, start) + 1
    p1 = text.find("\n", end)
    if p1 < 0:
        p1 = len(text)
    para = text[p0:p1]
    lead = len(para) - len(para.lstrip())
    para_stripped = para.strip()
    qs = start - p0 - lead
    return Paragraph(text=para_stripped, quote_start=qs, quote_end=qs + (end - start), offsets_ok=ok)


def official_values(con: duckdb.DuckDBPyConnection, region_code: str | None, year: int | None,
                    metric: str | None = "spbe") -> Official:
    """Official results for a region and year (SPBE index), when `official_scores` is loaded."""
    if not relation_exists(con, "official_scores") or \
            not con.execute("SELECT count(*) FROM official_scores").fetchone()[0]:
        return Official(False, note=OFFICIAL_NOT_LOADED)
    if not region_code or year is None:
        return Official(True, note="no region code or year to match")
    cols = columns_of(con, "official_scores")
    where, params = ["region_code = ?", "year = ?"], [region_code, year]
    if "metric" in cols and metric:
        where.append("(metric IS NULL OR metric = ?)")
        params.append(metric)
    elif metric and metric != "spbe":
        return Official(True, note="official results cover the SPBE index only")
    rows = _rows(con.execute(f"SELECT * FROM official_scores WHERE {' AND '.join(where)}", params))
    return Official(True, rows=rows, note="" if rows else "no official value for this region and year")


def other_claims(con: duckdb.DuckDBPyConnection, claim: dict[str, Any]) -> list[dict[str, Any]]:
    """Claims about the same entity (code), metric and year from other sources than this claim's."""
    same_entity = "c.region_code = ?" if claim.get("region_code") else "c.entity = ?"
    params: list[Any] = [claim.get("region_code") or claim["entity"], claim["metric"]]
    year_cond = "c.year IS NULL" if claim.get("year") is None else "c.year = ?"
    if claim.get("year") is not None:
        params.append(claim["year"])
    params.append(claim.get("source"))
    q = (f"SELECT {_select_claims()} WHERE {same_entity} AND c.metric = ? AND {year_cond} "
         "AND a.source IS DISTINCT FROM ? ORDER BY a.published, a.source, c.claim_id")
    rows = _rows(con.execute(q, params))
    for r in rows:
        r["agrees"] = values_agree(r.get("value"), claim.get("value")) if claim.get("value") is not None else None
    return rows


def get_evidence(con: duckdb.DuckDBPyConnection, id_or_prefix: str) -> Evidence:
    """Everything a researcher needs to check one claim (see module doc)."""
    cid = resolve_claim_id(con, id_or_prefix)
    claim = _rows(con.execute(f"SELECT {_select_claims()} WHERE c.claim_id = ?", [cid]))[0]
    art = _rows(con.execute(
        "SELECT article_id, url, source, page_sha256, title, author, sitename, published, date_source, text, "
        "first_seen, last_fetched, extractor_version FROM articles WHERE article_id = ?", [claim["article_id"]]))
    article = art[0] if art else {"article_id": claim["article_id"], "text": None}
    page = None
    if article.get("page_sha256"):
        pr = _rows(con.execute("SELECT * FROM pages WHERE sha256 = ?", [article["page_sha256"]]))
        page = pr[0] if pr else None
    fetch = None
    urls = [u for u in {article.get("url"), (page or {}).get("url"), (page or {}).get("final_url")} if u]
    if urls:
        fr = _rows(con.execute(
            "SELECT * FROM fetches WHERE (list_contains(?::VARCHAR[], url) OR list_contains(?::VARCHAR[], final_url)) "
            "AND error IS NULL ORDER BY fetched_at DESC LIMIT 1", [urls, urls]))
        fetch = fr[0] if fr else None
    para = paragraph_of(article.get("text"), claim["start"], claim["end"], claim["quote"])
    return Evidence(claim=claim, article=article, page=page, fetch=fetch, paragraph=para,
                    others=other_claims(con, claim),
                    official=official_values(con, claim.get("region_code"), claim.get("year"), claim.get("metric")))


# ------------------------------------------------------------------------------------------- search


def resolve_region(name: str) -> tuple[str | None, str | None]:
    """(Kemendagri code, canonical name) of a region name or alias via the gazetteer; (None, None) if unknown."""
    try:
        from extractors.gazetteer import lookup
    except ImportError:  # pragma: no cover - the gazetteer ships with the project
        return None, None
    r = lookup(name)
    return (r.code, r.name) if r else (None, None)


def _conflict_groups_from_views(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]] | None:
    """{group_key: claim ids of the whole group} from the analyst's views, or None when they are absent."""
    if not (relation_exists(con, "claim_conflicts") and relation_exists(con, "claim_sources")):
        return None
    if "group_key" not in columns_of(con, "claim_conflicts"):
        return None
    out: dict[str, list[str]] = {}
    for gk, cid in con.execute(
            "SELECT group_key, claim_id FROM claim_sources WHERE group_key IN "
            "(SELECT group_key FROM claim_conflicts) ORDER BY group_key, value, claim_id").fetchall():
        out.setdefault(gk, []).append(cid)
    return out


def _group_key(c: dict[str, Any]) -> tuple:
    """A claim's group (as the analyst views define it): region, metric (+name), year, status, scale."""
    return (c.get("region_code") or (c.get("entity") or "").lower(), c.get("metric"), c.get("metric_name") or "",
            c.get("year"), c.get("status"), c.get("scale_max"))


def conflict_groups(con: duckdb.DuckDBPyConnection) -> list[ConflictGroup]:
    """Groups (region, metric, year, status, scale) whose sources disagree beyond rounding, with all their claims.

    Uses the analyst's `claim_conflicts` view when it exists; otherwise applies the same rule here."""
    claims = _rows(con.execute(f"SELECT {_select_claims()} ORDER BY c.entity, c.metric, c.year, c.value"))
    by_id = {c["claim_id"]: c for c in claims}
    from_views = _conflict_groups_from_views(con)
    groups: list[list[dict[str, Any]]] = []
    if from_views is not None:
        groups = [[by_id[i] for i in ids if i in by_id] for ids in from_views.values()]
    else:
        by: dict[tuple, list[dict[str, Any]]] = {}
        for c in claims:
            if c.get("value") is not None:
                by.setdefault(_group_key(c), []).append(c)
        for cs in by.values():
            vals = [c["value"] for c in cs]
            if any(not values_agree(a, b) for i, a in enumerate(vals) for b in vals[i + 1:]):
                groups.append(cs)
    out = []
    for cs in groups:
        if not cs:
            continue
        c0 = cs[0]
        key = {k: c0.get(k) for k in ("entity", "region_code", "metric", "metric_name", "year", "status", "scale_max")}
        out.append(ConflictGroup(key=key, claims=sorted(cs, key=lambda c: (c.get("value") is None, c.get("value") or 0,
                                                                       str(c.get("published")), c["claim_id"]))))
    out.sort(key=lambda g: (str(g.key.get("entity")), str(g.key.get("metric")), g.key.get("year") or 0,
                            str(g.key.get("status"))))
    return out


def conflicting_claim_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {c["claim_id"] for g in conflict_groups(con) for c in g.claims}


def search_claims(con: duckdb.DuckDBPyConnection, *, region: str | None = None, year: int | None = None,
                  metric: str | None = None, conflicts: bool = False, limit: int | None = None) -> list[dict[str, Any]]:
    """Claims with their article's source, URL and date, filtered.

    `region`: a name, alias or Kemendagri code, resolved with the gazetteer ("Pemkot Bekasi" -> 32.75); the
    match also takes entities whose name contains the text ("Bekasi" finds Kota and Kabupaten Bekasi).
    `conflicts`: only claims in a group whose sources disagree. Each row has `conflict` (bool)."""
    where, params = [], []
    if region:
        code, _ = resolve_region(region)
        conds = ["c.entity ILIKE ?"]
        params.append(f"%{region.strip()}%")
        if code:
            conds.append("c.region_code = ?")
            params.append(code)
        where.append("(" + " OR ".join(conds) + ")")
    if year is not None:
        where.append("c.year = ?")
        params.append(year)
    if metric:
        where.append("(c.metric = ? OR c.metric_name ILIKE ?)")
        params += [metric, f"%{metric}%"]
    sql = f"SELECT {_select_claims()}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY c.entity, c.metric, c.year NULLS LAST, c.status, a.published, c.claim_id"
    rows = _rows(con.execute(sql, params))
    conflicted = conflicting_claim_ids(con)
    for r in rows:
        r["conflict"] = r["claim_id"] in conflicted
    if conflicts:
        rows = [r for r in rows if r["conflict"]]
    if limit is not None:
        rows = rows[:limit]
    return rows


# ------------------------------------------------------------------------------------------- verify

ReExtract = Callable[..., tuple[str, list[Any]]]


def default_reextract(body: bytes, *, url: str | None, charset: str | None,
                      published: date | None) -> tuple[str, list[Any]]:
    """The pipeline's own extraction step (extractors.article.read_article) on archived bytes."""
    from extractors.article import read_article

    art, _, claims = read_article(body, url=url, charset=charset, fallback_date=published)
    return art.text or "", claims


def _field(c: Any, k: str) -> Any:
    return c.get(k) if isinstance(c, dict) else getattr(c, k, None)


def _same_facts(stored: dict[str, Any], found: Any) -> bool:
    for k in MATCH_FIELDS:
        a, b = stored.get(k), _field(found, k)
        if k == "value":
            if (a is None) != (b is None) or (a is not None and not math.isclose(float(a), float(b), abs_tol=1e-6)):
                return False
        elif a != b:
            return False
    return True


def _describe(c: dict[str, Any]) -> str:
    return ", ".join(f"{k}={c.get(k)!r}" for k in MATCH_FIELDS)


def read_archived_body(con: duckdb.DuckDBPyConnection, archive_dir: str | Path,
                       page_sha256: str | None) -> tuple[bytes | None, dict[str, Any] | None, str | None]:
    """(body, pages row, problem): the archived bytes of a page with their digest checked."""
    if not page_sha256:
        return None, None, "no archived page recorded for the article"
    pr = _rows(con.execute("SELECT * FROM pages WHERE sha256 = ?", [page_sha256]))
    if not pr:
        return None, None, f"page {page_sha256[:12]} is not in the pages table"
    page = pr[0]
    path = Path(archive_dir) / page["warc_path"]
    if not path.is_file():
        return None, page, f"archive file missing: {path}"
    try:
        from extractors.archive import read_record

        rec = read_record(Path(archive_dir), page["warc_path"], page["warc_offset"])
    except Exception as exc:  # a damaged file raises from the WARC reader: that is the finding
        return None, page, f"archive record unreadable at {page['warc_path']}@{page['warc_offset']}: {exc}"
    got = hashlib.sha256(rec.body).hexdigest()
    if not rec.sha256_ok or got != page["sha256"]:
        return rec.body, page, (f"archive corrupted: body sha256 {got[:16]}… does not match the recorded "
                                f"digest {page['sha256'][:16]}…")
    return rec.body, page, None


def verify_claims(con: duckdb.DuckDBPyConnection, archive_dir: str | Path,
                  claim_ids: Iterable[str] | None = None, *, reextract: ReExtract | None = None) -> list[VerifyResult]:
    """Check each claim (all when `claim_ids` is None) against the archived bytes of its page.

    A claim is unsupported when its page is not archived or the archive is missing/corrupted, when the
    re-extracted text no longer holds the quote at the stored offsets, or when re-extraction no longer
    yields a claim with the same entity, metric, year, value, predicate, rank and status."""
    reextract = reextract or default_reextract
    if claim_ids is None:
        ids = [r[0] for r in con.execute("SELECT claim_id FROM claims ORDER BY article_id, start, claim_id").fetchall()]
    else:
        ids = [resolve_claim_id(con, c) for c in claim_ids]
    cache: dict[str, tuple[str | None, list[Any], str | None]] = {}
    results = []
    for cid in ids:
        claim = _rows(con.execute(f"SELECT {_select_claims()} WHERE c.claim_id = ?", [cid]))[0]
        aid = claim["article_id"]
        if aid not in cache:
            body, page, problem = read_archived_body(con, archive_dir, claim.get("page_sha256"))
            text, found = None, []
            if problem is None:
                try:
                    text, found = reextract(body, url=claim.get("url"), charset=(page or {}).get("charset"),
                                            published=claim.get("published"))
                except Exception as exc:
                    problem = f"re-extraction failed: {type(exc).__name__}: {exc}"
            cache[aid] = (text, found, problem)
        text, found, problem = cache[aid]
        reasons = []
        if problem:
            reasons.append(problem)
        else:
            s, e, q = claim["start"], claim["end"], claim["quote"]
            if text[s:e] != q:
                pos = text.find(q)
                where = f"found at {pos}:{pos + len(q)}" if pos >= 0 else "not in the re-extracted text"
                reasons.append(f"quote no longer at offsets {s}:{e} of the archived text ({where})")
            if not any(_same_facts(claim, f) for f in found):
                reasons.append(f"no re-extracted claim with the same facts ({_describe(claim)}); "
                               f"{len(found)} claim(s) re-extracted from the archived page")
        results.append(VerifyResult(cid, claim.get("url"), not reasons, reasons, claim))
    return results
