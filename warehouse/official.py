"""Official SPBE evaluation results (KemenPAN-RB) into `official_scores`, all or nothing.

Where the real data comes from: KemenPAN-RB announces the results of each year's SPBE evaluation in a
Keputusan Menteri PANRB whose annexes (lampiran, PDF) list every instansi pusat and pemerintah daerah with its
index and predicate; lately the results also appear as a CSV in KemenPAN-RB's open data catalogue. Neither
is reachable offline: turn the annex table into a CSV/Excel sheet (one row per region) and import it.

Accepted file: CSV (comma, semicolon or tab separated; UTF-8, BOM allowed) or Excel .xlsx (first sheet),
one header row (title rows above it, as in annex sheets, are skipped: the header is the first row naming
the most known columns). Columns (header spellings accepted, case and punctuation ignored):

- year:      tahun / year / tahun_evaluasi                                (or --year for the whole file)
- region:    wilayah / instansi / nama / region / nama_instansi / nama_wilayah / pemda / daerah / entity
- code:      kode / code / kode_wilayah / kode_kemendagri / region_code     (region or code, or both)
- value:     indeks / nilai / value / indeks_spbe / nilai_indeks / index
- predicate: predikat / predicate                                           (optional)
- source:    sumber / source                                                (optional; else --source)

Values may use a decimal comma ("3,83"). Names resolve through the claims' gazetteer
(`extractors.gazetteer.lookup`: "Pemerintah Kota Bekasi", "Kota Bekasi", "Kab. Lebong", ...); a bare name that
several regions share ("Bekasi") is an error, since official data should not be guessed.

Validation: every bad row is reported with its line number (CSV line / Excel row, the header being line 1):
unknown or ambiguous region, code and name naming different regions, missing/non-numeric value or a value
outside 0-5, a missing or bad year (not an integer between 2018 and the current year), a predicate that is
not one of memuaskan / sangat baik / baik / cukup / kurang, the same region and year twice with different
values. Any error: nothing is loaded. Otherwise all rows are upserted in one transaction, keyed by
(region_code, year): re-importing the same file leaves the same rows. A predicate that does not fit the
value under the predicate bands is reported as a warning (the official document wins) and loaded.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import duckdb

from extractors.gazetteer import canonical_key, get_gazetteer, lookup
from extractors.model import PREDICATES
from warehouse.load import upsert

FIRST_YEAR = 2018  # the first national SPBE evaluation

HEADERS = {
    "year": ("tahun", "year", "tahunevaluasi", "tahunpenilaian"),
    "region": ("wilayah", "instansi", "nama", "region", "namainstansi", "namawilayah", "pemda", "daerah",
               "entity", "namapemda", "namadaerah"),
    "code": ("kode", "code", "kodewilayah", "kodekemendagri", "regioncode", "kodedaerah"),
    "value": ("indeks", "nilai", "value", "indeksspbe", "nilaiindeks", "index", "nilaispbe", "indexvalue"),
    "predicate": ("predikat", "predicate"),
    "source": ("sumber", "source"),
}
_ALIAS = {alias: field_ for field_, aliases in HEADERS.items() for alias in aliases}
_GOV_PREFIX = re.compile(r"^\s*pemerintah(\s+daerah)?\s+", re.I)


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class OfficialImportError(Exception):
    """The file has errors; nothing was loaded. `errors` lists them all, with line numbers."""

    def __init__(self, path: Path, errors: list[RowError]):
        self.path, self.errors = path, errors
        super().__init__(f"{path}: {len(errors)} error(s); nothing loaded\n" + "\n".join(map(str, errors)))


@dataclass
class ImportResult:
    path: Path
    rows: int                                   # rows loaded (= rows in the file)
    inserted: int                               # (region_code, year) pairs new to the table
    replaced: int                               # pairs already there (same or corrected values)
    warnings: list[RowError] = field(default_factory=list)


def _norm_header(h: Any) -> str:
    return re.sub(r"[^a-z0-9]", "", str(h or "").lower())


def read_rows(path: Path) -> list[tuple[int, list[str]]]:
    """(line number, cells) of every non-blank row of a CSV or .xlsx file."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            ws = wb.worksheets[0]
            rows = []
            for i, cells in enumerate(ws.iter_rows(values_only=True), start=1):
                vals = ["" if c is None else (str(c) if not isinstance(c, float) else repr(c)) for c in cells]
                if any(v.strip() for v in vals):
                    rows.append((i, vals))
        finally:
            wb.close()
    else:
        text = path.read_bytes().decode("utf-8-sig")
        try:
            dialect = csv.Sniffer().sniff("\n".join(text.splitlines()[:10]), delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(io.StringIO(text), dialect)
        rows = []
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((reader.line_num, cells))
    return rows


def _header_index(rows: list[tuple[int, list[str]]]) -> int:
    """Index of the header row: among the first 20 rows, the one naming the most known columns (annex sheets
    often start with a title such as "Lampiran Keputusan Menteri ..."). 0 when none names two."""
    best, best_n = 0, 1
    for i, (_, cells) in enumerate(rows[:20]):
        n = len({_ALIAS[h] for h in map(_norm_header, cells) if h in _ALIAS})
        if n > best_n:
            best, best_n = i, n
    return best


def _resolve(name: str, code: str) -> tuple[Any, str | None]:
    """(Region, error)."""
    by_code = by_name = None
    if re.fullmatch(r"\d{2}\.\d", code):  # an Excel number cell: 32.70 arrives as 32.7
        code += "0"
    if code:
        by_code = lookup(code)
        if by_code is None:
            return None, f"unknown Kemendagri code {code!r}"
    if name:
        stripped = _GOV_PREFIX.sub("", name).strip()
        gaz = get_gazetteer()
        by_name = lookup(stripped)
        if by_name is None:
            if by_code is None:
                return None, f"unknown region {name!r}"
        elif canonical_key(stripped) not in gaz.full and len(gaz.candidates(stripped)) > 1:
            if by_code is None:
                names = " or ".join(r.name for r in gaz.candidates(stripped))
                return None, f"ambiguous region {name!r} ({names}): write the full name or the code"
            by_name = by_code if by_code in gaz.candidates(stripped) else by_name
        if by_code is not None and by_name is not None and by_name.code != by_code.code:
            return None, f"code {code!r} is {by_code.name} but name {name!r} is {by_name.name}"
    region = by_code or by_name
    if region is None:
        return None, "no region name or code"
    return region, None


def _band(con: duckdb.DuckDBPyConnection | None, year: int, value: float) -> str | None:
    if con is None:
        return None
    row = con.execute(
        "SELECT predicate FROM predicate_bands WHERE ? BETWEEN year_from AND coalesce(year_to, 9999) "
        "AND ? >= min_value AND (? < max_value_exclusive OR (? = max_value_exclusive AND max_value_exclusive = 5.0))",
        [year, value, value, value]).fetchone()
    return row[0] if row else None


def parse_official(path: Path, source: str | None = None, con: duckdb.DuckDBPyConnection | None = None,
                   year: int | None = None,
                   ) -> tuple[list[dict[str, Any]], list[RowError], list[RowError]]:
    """Validate a file: (rows ready for official_scores, errors, warnings). Touches no table.

    `year`: the evaluation year of rows without one (a file without a year column, an empty year cell)."""
    path = Path(path)
    all_rows = read_rows(path)
    errors: list[RowError] = []
    warnings: list[RowError] = []
    if not all_rows:
        return [], [RowError(1, "empty file")], []
    h = _header_index(all_rows)
    header_line, header = all_rows[h]
    body = all_rows[h + 1:]
    cols: dict[str, int] = {}
    for i, h in enumerate(header):
        f = _ALIAS.get(_norm_header(h))
        if f and f not in cols:
            cols[f] = i
    missing = [f for f in ("year", "value") if f not in cols and not (f == "year" and year is not None)]
    if "region" not in cols and "code" not in cols:
        missing.append("region or code")
    if missing:
        return [], [RowError(header_line, f"header lacks column(s): {', '.join(missing)} "
                                f"(found: {', '.join(map(str, header))})")], []
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    now = datetime.now(timezone.utc)
    max_year = date.today().year
    out: list[dict[str, Any]] = []
    seen: dict[tuple[str, int], tuple[int, float]] = {}

    def cell(cells: list[str], f: str) -> str:
        i = cols.get(f)
        return cells[i].strip() if i is not None and i < len(cells) and cells[i] is not None else ""

    for line, cells in body:
        bad = []
        region, err = _resolve(cell(cells, "region"), cell(cells, "code"))
        if err:
            bad.append(err)
        raw_year = cell(cells, "year") or ("" if year is None else str(year))
        row_year = None
        try:
            y = float(raw_year)
            if y != int(y):
                raise ValueError
            row_year = int(y)
            if not FIRST_YEAR <= row_year <= max_year:
                bad.append(f"year {raw_year!r} outside {FIRST_YEAR}-{max_year}")
                row_year = None
        except ValueError:
            bad.append(f"bad year {raw_year!r}" if raw_year else "missing year")
        raw_value = cell(cells, "value")
        value = None
        try:
            value = float(raw_value.replace(",", "."))
            if not 0 <= value <= 5:
                bad.append(f"value {raw_value!r} outside 0-5")
                value = None
        except ValueError:
            bad.append(f"bad value {raw_value!r}" if raw_value else "missing value")
        raw_pred = cell(cells, "predicate")
        predicate = " ".join(raw_pred.lower().split()) or None
        if predicate is not None and predicate not in PREDICATES:
            bad.append(f"bad predicate {raw_pred!r} (expected one of: {', '.join(PREDICATES)})")
        if region is not None and row_year is not None and value is not None:
            prev = seen.get((region.code, row_year))
            if prev and abs(prev[1] - value) > 1e-9:
                bad.append(f"{region.name} {row_year} already on line {prev[0]} with value {prev[1]}")
            seen.setdefault((region.code, row_year), (line, value))
        if bad:
            errors.extend(RowError(line, m) for m in bad)
            continue
        expected = _band(con, row_year, value)
        if predicate and expected and expected != predicate:
            warnings.append(RowError(line, f"predicate {predicate!r} does not fit {value} (bands: {expected!r})"))
        out.append({"region_code": region.code, "year": row_year, "entity": region.name, "entity_type": region.type,
                    "value": value, "predicate": predicate,
                    "source": cell(cells, "source") or source or f"file:{path.name}",
                    "source_file": path.name, "source_line": line, "file_sha256": digest, "imported_at": now})
    if not body:
        errors.append(RowError(header_line, "no data rows"))
    return out, errors, warnings


def import_official(con: duckdb.DuckDBPyConnection, path: Path, source: str | None = None,
                    year: int | None = None) -> ImportResult:
    """Validate `path` completely, then load it in one transaction; raise OfficialImportError (nothing
    loaded) when any row is bad. `source`, `year`: defaults for rows without them."""
    path = Path(path)
    rows, errors, warnings = parse_official(path, source, con, year)
    if errors:
        raise OfficialImportError(path, errors)
    con.execute("BEGIN TRANSACTION")
    try:
        keys = {(r["region_code"], r["year"]) for r in rows}
        existing = {tuple(k) for k in con.execute("SELECT region_code, year FROM official_scores").fetchall()}
        n = upsert(con, "official_scores", rows, ["region_code", "year"])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    replaced = len(keys & existing)
    return ImportResult(path=path, rows=n, inserted=len(keys) - replaced, replaced=replaced, warnings=warnings)
