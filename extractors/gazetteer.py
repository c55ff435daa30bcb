"""Indonesian regions (Kemendagri codes) and their names as news writes them.

Why: claims name regions in many ways ("Pemkot Bekasi", "Kab. Lebong", "Jabar", "Kotim", "Palangkaraya");
evaluation and the warehouse need one canonical name and code per region. Data lives in `patterns/`:

- `wilayah_kemendagri.csv` (MIT, see `wilayah_LICENSE.txt`): 38 provinces, 514 kabupaten/kota;
  canonical names are the CSV's (e.g. "Kota Bekasi"), except where `region_display_names.csv` spells a
  name the way Kemendagri lists and gold annotations write it ("Provinsi DKI Jakarta",
  "Kabupaten Kepulauan Siau Tagulandang Biaro"); both names resolve in `lookup`.
- `region_prefixes.csv`: words before a name that fix its type (Pemkot -> kota, Bupati -> kabupaten).
- `region_aliases.csv`: abbreviations and variants naming exactly one region (Jabar, Kotim, Benteng).

Bare names shared by several regions ("Bekasi", "Bengkulu") resolve with `prefer`, else by the order
provinsi > kota > kabupaten (the reading a news reader would take without further context).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PATTERNS_DIR = Path(__file__).resolve().parent.parent / "patterns"

_TYPE_ORDER = {"provinsi": 0, "kota": 1, "kabupaten": 2}
# Words stripped from a canonical name to get its bare name ("Kota Administrasi Jakarta Pusat" -> "Jakarta Pusat").
_CANON_PREFIX = re.compile(
    r"^(provinsi|kabupaten administrasi|kota administrasi|kabupaten|kota|daerah khusus ibukota|daerah istimewa)\s+",
    re.I,
)
_CODE = re.compile(r"^\d{2}(\.\d{2})?$")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_ADMIN = re.compile(r"\b(administrasi|adm)\b\.?")


@dataclass(frozen=True)
class Region:
    """One Kemendagri region."""

    code: str           # "32.75"
    type: str           # provinsi / kota / kabupaten
    name: str           # canonical, Kemendagri style: "Kota Bekasi"
    province_code: str  # "32"


@lru_cache(maxsize=65536)
def canonical_key(name: str) -> str:
    """Comparison key: lower case, no spaces/hyphens/dots, no "Administrasi" ("Kota Adm. Jakarta Pusat")."""
    s = name.lower()
    s = _ADMIN.sub(" ", s)
    return _NON_ALNUM.sub("", s)


def _spaced(name: str) -> str:
    """Lower case with punctuation as single spaces: keeps word boundaries for prefix stripping."""
    return " ".join(_NON_ALNUM.split(name.lower())).strip()


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]
    return list(csv.DictReader(lines))


class Gazetteer:
    """Indexes built once from the data files."""

    def __init__(self, patterns_dir: Path = PATTERNS_DIR) -> None:
        self.regions: dict[str, Region] = {}
        self.csv_names: dict[str, str] = {}       # code -> the name as wilayah_kemendagri.csv writes it
        self.full: dict[str, Region] = {}          # key of canonical name -> region
        self.bare: dict[str, list[Region]] = {}    # key of bare name or alias -> regions
        self.prefixes: list[tuple[str, str]] = []  # (spaced prefix, type), longest first
        display: dict[str, str] = {}
        if (patterns_dir / "region_display_names.csv").exists():
            display = {row["code"].strip(): row["name"].strip()
                       for row in _read_csv(patterns_dir / "region_display_names.csv")}
        for row in _read_csv(patterns_dir / "wilayah_kemendagri.csv"):
            csv_name = row["name"]
            r = Region(row["code"], row["type"], display.get(row["code"], csv_name), row["province_code"])
            self.regions[r.code] = r
            self.csv_names[r.code] = csv_name
            for nm in {csv_name, r.name}:   # the CSV's own name and the display name both resolve
                self.full[canonical_key(nm)] = r
                self._add_bare(_CANON_PREFIX.sub("", nm), r)
        for row in _read_csv(patterns_dir / "region_aliases.csv"):
            r = self.regions[row["code"].strip()]
            self._add_bare(row["alias"], r)
        for key in [k for k in self.bare if k.startswith("kepulauan")]:
            for r in list(self.bare[key]):   # "Kep. Selayar" = "Kepulauan Selayar"
                self._add_bare("kep" + key[len("kepulauan"):], r)
        for row in _read_csv(patterns_dir / "region_prefixes.csv"):
            self.prefixes.append((_spaced(row["prefix"]), row["type"].strip()))
        self.prefixes.sort(key=lambda p: -len(p[0]))

    def bare_name(self, r: Region) -> str:
        """The name without its type word: "Kota Bekasi" -> "Bekasi" (from the CSV's name: DKI -> "Jakarta")."""
        return _CANON_PREFIX.sub("", self.csv_names.get(r.code, r.name))

    def _add_bare(self, name: str, r: Region) -> None:
        lst = self.bare.setdefault(canonical_key(name), [])
        if r not in lst:
            lst.append(r)
            lst.sort(key=lambda x: (_TYPE_ORDER[x.type], x.code))

    def candidates(self, name: str, type_: str | None = None) -> list[Region]:
        """All regions a bare name or alias may denote, optionally of one type."""
        lst = self.bare.get(canonical_key(name), [])
        return [r for r in lst if type_ is None or r.type == type_]

    def lookup(self, name_or_code: str, prefer: str | None = None) -> Region | None:
        s = (name_or_code or "").strip()
        if not s:
            return None
        if _CODE.match(s):
            return self.regions.get(s)
        key = canonical_key(s)
        if key in self.full:
            return self.full[key]
        spaced = _spaced(_ADMIN.sub(" ", s.lower()))
        for pref, type_ in self.prefixes:
            if spaced.startswith(pref + " "):
                rest = spaced[len(pref) + 1:]
                found = self.candidates(rest, type_)
                if found:
                    return found[0]
                # "Provinsi DKI Jakarta" style: prefix type may be implied by the alias itself
                if type_ == "provinsi":
                    continue
        found = self.candidates(s)
        if not found:
            return None
        if prefer:
            pref_found = [r for r in found if r.type == prefer]
            if pref_found:
                return pref_found[0]
        return found[0]


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loaded once)."""
    return Gazetteer()


def lookup(name_or_code: str, prefer: str | None = None) -> Region | None:
    """Resolve a Kemendagri code ("32.75"), canonical name, or alias ("Pemkot Bekasi", "Kab. Lebong",
    "Jabar", "Kotim", "Palangkaraya", "Kota Adm. Jakarta Pusat"). `prefer` ("kota"/"kabupaten"/"provinsi")
    picks among regions sharing a bare name ("Bekasi"). Returns None when nothing matches."""
    return get_gazetteer().lookup(name_or_code, prefer)


def all_regions() -> list[Region]:
    """Every region, in CSV order."""
    return list(get_gazetteer().regions.values())
