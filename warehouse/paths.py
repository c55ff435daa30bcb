"""Where things live on disk: one place, overridable with SPBE_DATA_DIR.

The nightly run writes `work.duckdb` (the writer's private file) and then *publishes* `spbe.duckdb`
(a complete read-only snapshot, swapped in by atomic rename) so that analysts never share a file
with the writer. The WARC archive lives beside them.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DataPaths:
    root: Path

    @property
    def work_db(self) -> Path:
        return self.root / "work.duckdb"

    @property
    def published_db(self) -> Path:
        return self.root / "spbe.duckdb"

    @property
    def archive_dir(self) -> Path:
        return self.root / "archive"

    def ensure(self) -> "DataPaths":
        self.root.mkdir(parents=True, exist_ok=True)
        self.archive_dir.mkdir(parents=True, exist_ok=True)
        return self


def data_paths(root: str | Path | None = None) -> DataPaths:
    """Resolve the data directory: explicit argument, else $SPBE_DATA_DIR, else ./data."""
    return DataPaths(Path(root or os.environ.get("SPBE_DATA_DIR") or "data").resolve())
