"""The evidence report: a static HTML site written from the warehouse (`spbe report DIR`).

    DIR/index.html               regions with claim counts, conflicts flagged
    DIR/regions/<slug>.html      per region: charts of claimed scores by year (official values beside them),
                                 every claim with its quote highlighted in its paragraph, source, archived copy
    DIR/conflicts.html           groups whose sources disagree, side by side
    DIR/archive/<sha256>.html    the archived page bytes, scripts stripped, opens offline
    DIR/static/                  style.css, report.js

Plain HTML/CSS/JS with relative links only: the folder can be zipped, shared and opened from file:// with no
network. Every text from the warehouse is escaped (Jinja2 autoescape): quotes and titles are untrusted.
Charts are inline SVG drawn here, so they need no script and no library at view time.
"""
from __future__ import annotations

import hashlib
import re
import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import duckdb
from jinja2 import Environment, FileSystemLoader, select_autoescape

from warehouse import evidence as ev

TEMPLATES = Path(__file__).with_name("report_templates")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_SAFE_URL = re.compile(r"^https?://", re.I)
METRIC_LABELS = {"spbe": "Indeks SPBE", "smart_city": "Indeks Kota Cerdas (smart city)"}
CONTEXT_CHARS = 200  # context shown around each quote (the whole paragraph is in the archived copy)


# ------------------------------------------------------------------------------------------- model


@dataclass
class Point:
    year: int
    value: float
    kind: str                 # achieved / target / interim / official
    label: str                # tooltip
    x: float = 0.0
    y: float = 0.0


@dataclass
class Chart:
    """One inline SVG chart: a series of claimed values (one mark per distinct year/value/status point)."""

    title: str
    metric: str
    scale_max: float
    years: list[int]
    points: list[Point]                       # claimed points
    official: list[Point]                     # official points
    consensus: list[Point]                    # achieved consensus per year (the line)
    width: int = 560
    height: int = 240
    margin: dict[str, int] = field(default_factory=lambda: {"l": 44, "r": 16, "t": 16, "b": 32})
    y_ticks: list[tuple[float, float]] = field(default_factory=list)
    x_ticks: list[tuple[int, float]] = field(default_factory=list)

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.consensus)


@dataclass
class RegionPage:
    key: str
    slug: str
    name: str
    code: str | None
    entity_type: str | None
    claims: list[dict[str, Any]]
    charts: list[Chart]
    official: list[dict[str, Any]]
    n_conflicts: int
    sources: list[str]
    years: str


def _slug(key: str) -> str:
    if re.fullmatch(r"[0-9.]+", key):
        return key.replace(".", "-")
    base = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")[:40] or "entity"
    return f"{base}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:6]}"


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:g}".replace(".", ",")
    return str(v)


def _consensus(values: list[tuple[float, str]]) -> float:
    """The value most distinct sources agree with (ties: more decimals, then larger): the views' rule."""
    best = None
    for v, _ in values:
        support = len({s for w, s in values if ev.values_agree(v, w)})
        key = (support, ev._decimals(v), v)
        if best is None or key > best[0]:
            best = (key, v)
    return best[1]


def _chart(title: str, metric: str, claims: list[dict[str, Any]], official: list[dict[str, Any]]) -> Chart | None:
    pts: dict[tuple[int, float, str], list[dict[str, Any]]] = defaultdict(list)
    for c in claims:
        if c.get("year") is not None and c.get("value") is not None:
            pts[(c["year"], c["value"], c["status"])].append(c)
    if not pts:
        return None
    stated = [c["scale_max"] for c in claims if c.get("scale_max")]
    scale = max([max(stated) if stated else 5.0] + [v for (_, v, _) in pts])
    offi = [o for o in official if o.get("value") is not None] if metric == "spbe" else []
    years = sorted({y for (y, _, _) in pts} | {o["year"] for o in offi})
    ch = Chart(title=title, metric=metric, scale_max=scale, years=years, points=[], official=[], consensus=[])
    m = ch.margin
    pad = 28  # keeps the first and last year's marks off the axes
    pw, ph = ch.width - m["l"] - m["r"] - 2 * pad, ch.height - m["t"] - m["b"]
    span = max(1, years[-1] - years[0])

    def xy(year: int, value: float, nudge: float = 0.0) -> tuple[float, float]:
        x = m["l"] + pad + (pw / 2 if len(years) == 1 else (year - years[0]) / span * pw) + nudge
        return x, m["t"] + ph - value / scale * ph

    ch.x_ticks = [(y, xy(y, 0)[0]) for y in years]
    step = 1.0 if scale <= 10 else scale / 5
    t = 0.0
    while t <= scale + 1e-9:
        ch.y_ticks.append((t, xy(years[0], t)[1]))
        t += step
    per_year = Counter(y for (y, _, _) in pts)
    seen: Counter = Counter()
    for (year, value, status), cs in sorted(pts.items()):
        srcs = sorted({c.get("source") or "?" for c in cs})
        label = f"{year}: {_fmt(value)} ({status}) — {', '.join(srcs)}"
        # marks of one year side by side (3,8 and 3,83 would otherwise hide each other)
        nudge = (seen[year] - (per_year[year] - 1) / 2) * 9.0
        seen[year] += 1
        x, y = xy(year, value, nudge)
        ch.points.append(Point(year, value, status, label, x, y))
    for o in sorted(offi, key=lambda o: o["year"]):
        x, y = xy(o["year"], o["value"], (per_year[o["year"]] + 1) / 2 * 9.0 + 4)
        ch.official.append(Point(o["year"], o["value"], "official",
                                 f"{o['year']}: official {_fmt(o['value'])} — {o.get('source') or ''}", x, y))
    by_year: dict[int, list[tuple[float, str]]] = defaultdict(list)
    for (year, value, status), cs in pts.items():
        if status == "achieved":
            by_year[year] += [(value, c.get("source") or c["article_id"]) for c in cs]
    for year in sorted(by_year):
        v = _consensus(by_year[year])
        x, y = xy(year, v)
        ch.consensus.append(Point(year, v, "consensus", f"{year}: consensus {_fmt(v)}", x, y))
    return ch


def _charts(claims: list[dict[str, Any]], official: list[dict[str, Any]]) -> list[Chart]:
    series: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for c in claims:
        series[(c["metric"], c.get("metric_name") or "", c.get("scale_max"))].append(c)
    out = []
    for (metric, name, scale), cs in sorted(series.items(), key=lambda kv: (kv[0][0] != "spbe", kv[0][0], kv[0][1],
                                                                             kv[0][2] or 0)):
        title = METRIC_LABELS.get(metric, name or metric)
        title += f" (scale 1–{_fmt(scale)})" if scale else (" (scale 1–5)" if metric == "spbe" else "")
        ch = _chart(title, metric, cs, official)
        if ch:
            out.append(ch)
    return out


def _official_rows(con: duckdb.DuckDBPyConnection) -> tuple[bool, dict[str, list[dict[str, Any]]]]:
    if not ev.relation_exists(con, "official_scores") or \
            not con.execute("SELECT count(*) FROM official_scores").fetchone()[0]:
        return False, {}
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    cur = con.execute("SELECT region_code, year, value, predicate, source FROM official_scores ORDER BY year")
    for code, year, value, pred, source in cur.fetchall():
        out[code].append({"year": year, "value": value, "predicate": pred, "source": source})
    return True, out


# ------------------------------------------------------------------------------------------- archive


def _decode(body: bytes, charset: str | None) -> str:
    try:
        from extractors.text import decode_html

        return decode_html(body, charset)
    except ImportError:  # pragma: no cover - the text module ships with the project
        return body.decode(charset or "utf-8", errors="replace")


def sanitize_archived(body: bytes, charset: str | None, *, banner: str) -> str:
    """The archived HTML made safe to open offline: no scripts, handlers, frames, refreshes or remote loads
    (a Content-Security-Policy forbids any network request), with `banner` (already-escaped HTML) on top."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_decode(body, charset), "html.parser")
    for tag in soup.find_all(["script", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet",
                              "base", "form", "link"]):
        tag.decompose()
    for meta in soup.find_all("meta"):
        if meta.get("charset") or (meta.get("http-equiv") or "").lower() in ("refresh", "content-type",
                                                                               "content-security-policy"):
            meta.decompose()
    for tag in soup.find_all(True):
        for attr in list(tag.attrs):
            val = tag.attrs[attr]
            sval = " ".join(val) if isinstance(val, list) else str(val)
            if attr.lower().startswith("on") or attr.lower() in ("srcset", "ping", "formaction"):
                del tag.attrs[attr]
            elif attr.lower() in ("href", "src", "action", "poster", "background", "data") and \
                    sval.strip().lower().startswith(("javascript:", "vbscript:", "data:text/html")):
                del tag.attrs[attr]
    head = ('<meta charset="utf-8">'
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            'style-src \'unsafe-inline\'; img-src data:; form-action \'none\'">'
            '<meta name="referrer" content="no-referrer">')
    bar = ('<div id="spbe-archive-banner" style="all:initial;display:block;font:14px/1.4 sans-serif;'
           'background:#fff8c5;color:#222;border-bottom:2px solid #d4a72c;padding:8px 12px">' + banner + "</div>")
    if soup.head is None:
        new_head = soup.new_tag("head")
        (soup.html or soup).insert(0, new_head)
    if soup.body is None:
        html = str(soup)
        return f"<!DOCTYPE html><html><head>{head}</head><body>{bar}{html}</body></html>"
    soup.head.insert(0, BeautifulSoup(head, "html.parser"))
    soup.body.insert(0, BeautifulSoup(bar, "html.parser"))
    return "<!DOCTYPE html>\n" + str(soup).removeprefix("<!DOCTYPE html>").lstrip()


def _write_archive(con: duckdb.DuckDBPyConnection, out: Path, archive_dir: Path | None, sha: str,
                   env: Environment) -> tuple[str | None, str | None]:
    """Write DIR/archive/<sha>.html; (relative path from a region page, problem)."""
    if not sha or not _HEX64.match(sha):
        return None, "no archived page recorded"
    if archive_dir is None:
        return None, "archive directory not given"
    body, page, problem = ev.read_archived_body(con, archive_dir, sha)
    if problem or body is None:
        return None, problem
    banner = env.get_template("archive_banner.html").render(page=page, fmt=_fmt)
    (out / "archive" / f"{sha}.html").write_text(sanitize_archived(body, page.get("charset"), banner=banner),
                                                 encoding="utf-8")
    return f"../archive/{sha}.html", None


def text_fragment(quote: str) -> str:
    """A URL text fragment (`#:~:text=start,end`) that makes Chromium-based browsers scroll to and highlight
    the quote in the archived copy; other browsers ignore it."""
    from urllib.parse import quote as pct

    words = quote.split()
    if not words:
        return ""

    def enc(ws: list[str]) -> str:
        return pct(" ".join(ws), safe="").replace("-", "%2D")

    if len(words) <= 8:
        return "#:~:text=" + enc(words)
    return "#:~:text=" + enc(words[:4]) + "," + enc(words[-4:])


# ------------------------------------------------------------------------------------------- write


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = _fmt
    env.filters["safe_url"] = lambda u: u if isinstance(u, str) and _SAFE_URL.match(u) else None
    return env


def write_report(con: duckdb.DuckDBPyConnection, out_dir: str | Path, *, archive_dir: str | Path | None = None,
                 title: str = "SPBE claims — evidence report") -> dict[str, int]:
    """Write the report into `out_dir` (created; files of an earlier report are replaced). Returns counts."""
    out = Path(out_dir)
    for sub in ("regions", "archive", "static"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    for sub in ("regions", "archive"):  # pages of an earlier report (a region or page may be gone since)
        for old in (out / sub).glob("*.html"):
            old.unlink()
    for f in (TEMPLATES / "static").iterdir():
        shutil.copyfile(f, out / "static" / f.name)
    env = _env()
    adir = Path(archive_dir) if archive_dir else None

    claims = ev.search_claims(con)
    articles = {r[0]: {"text": r[1], "title": r[2], "page_sha256": r[3]} for r in con.execute(
        "SELECT article_id, text, title, page_sha256 FROM articles").fetchall()}
    groups = ev.conflict_groups(con)
    in_conflict = {c["claim_id"]: gi for gi, g in enumerate(groups) for c in g.claims}
    official_loaded, official = _official_rows(con)

    archived: dict[str, tuple[str | None, str | None]] = {}
    by_region: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in claims:
        a = articles.get(c["article_id"], {})
        c["paragraph"] = ev.paragraph_of(a.get("text"), c["start"], c["end"], c["quote"]).window(CONTEXT_CHARS)
        sha = a.get("page_sha256") or ""
        if sha not in archived:
            archived[sha] = _write_archive(con, out, adir, sha, env)
        c["archive_href"], c["archive_problem"] = archived[sha]
        if c["archive_href"]:
            c["archive_href"] += text_fragment(c["quote"])
        c["conflict_group"] = in_conflict.get(c["claim_id"])
        by_region[ev.region_key(c)].append(c)

    pages: list[RegionPage] = []
    for key, cs in by_region.items():
        name = Counter(c["entity"] for c in cs).most_common(1)[0][0]
        code = cs[0].get("region_code")
        offi = official.get(code, []) if code else []
        years = sorted({c["year"] for c in cs if c.get("year") is not None})
        pages.append(RegionPage(
            key=key, slug=_slug(key), name=name, code=code, entity_type=cs[0].get("entity_type"),
            claims=sorted(cs, key=lambda c: (c["metric"], c.get("year") or 0, c["status"], str(c.get("published")),
                                              c["claim_id"])),
            charts=_charts(cs, offi), official=offi,
            n_conflicts=len({c["conflict_group"] for c in cs if c["conflict_group"] is not None}),
            sources=sorted({c.get("source") or "?" for c in cs}),
            years=(f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "—"))))
    pages.sort(key=lambda p: (p.entity_type == "instansi", p.name))
    slug_of = {p.key: p.slug for p in pages}

    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    common = {"title": title, "generated": generated, "official_loaded": official_loaded,
              "n_claims": len(claims), "n_conflicts": len(groups), "n_regions": len(pages)}
    (out / "index.html").write_text(env.get_template("index.html").render(
        regions=pages, root="", **common), encoding="utf-8")
    for p in pages:
        (out / "regions" / f"{p.slug}.html").write_text(env.get_template("region.html").render(
            region=p, root="../", **common), encoding="utf-8")
    conflict_views = []
    for gi, g in enumerate(groups):
        vals = [(c["value"], c.get("source") or c["article_id"]) for c in g.claims if c.get("value") is not None]
        cons = _consensus(vals) if vals else None
        conflict_views.append({
            "index": gi, "key": g.key, "slug": slug_of.get(ev.region_key(g.key), ""),
            "consensus": cons, "values": g.values, "sources": g.sources,
            "claims": [dict(c, agrees=(ev.values_agree(c.get("value"), cons) if cons is not None
                                       and c.get("value") is not None else None)) for c in g.claims]})
    (out / "conflicts.html").write_text(env.get_template("conflicts.html").render(
        conflicts=conflict_views, root="", **common), encoding="utf-8")
    return {"regions": len(pages), "claims": len(claims), "conflicts": len(groups),
            "archived": sum(1 for href, _ in archived.values() if href),
            "archive_missing": sum(1 for sha, (href, _) in archived.items() if sha and not href)}
