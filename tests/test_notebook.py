"""notebooks/analyst.ipynb runs top to bottom against the sample warehouse (+ the official sample), with plots."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).parent))
from sample_warehouse import build_sample_warehouse  # noqa: E402

from warehouse.db import connect  # noqa: E402
from warehouse.official import import_official  # noqa: E402
from warehouse.publish import publish  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "analyst.ipynb"


def kernel_env(tmp: Path, monkeypatch) -> str:
    """A kernelspec whose argv is this interpreter (the venv's), found through a temporary JUPYTER_PATH; Jupyter's
    and IPython's state directories in tmp too, so nothing in the user's home is read or written."""
    name = "spbe-test"
    spec = tmp / "jupyter" / "kernels" / name
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "spbe (test)", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp / "jupyter"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp / "runtime"))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp / "jupyter-data"))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp / "jupyter-config"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp / "ipython"))
    monkeypatch.setenv("MPLCONFIGDIR", str(tmp / "mpl"))
    monkeypatch.delenv("MPLBACKEND", raising=False)
    return name


@pytest.mark.slow
def test_notebook_runs_with_plots_and_the_conflict(tmp_path, monkeypatch):
    work = build_sample_warehouse(tmp_path / "work.duckdb")
    con = connect(work)
    import_official(con, Path(__file__).with_name("data") / "official_sample.csv")
    con.close()
    published = publish(work, tmp_path / "spbe.duckdb").published_db
    monkeypatch.setenv("SPBE_DB", str(published))
    monkeypatch.delenv("SPBE_REGION", raising=False)
    kernel = kernel_env(tmp_path, monkeypatch)

    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, kernel_name=kernel, timeout=180, allow_errors=False,
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()

    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    pngs = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(pngs) >= 3                                   # claims per source, time series, claims vs official
    texts = "\n".join(o.get("data", {}).get("text/plain", "") + o.get("text", "") for o in outputs)
    assert str(published) in texts
    assert "1 dissenting claim(s)" in texts
    # the conflict row: Kota Bekasi 2024, kabarjabar's 3,38 against the 3,83 consensus
    conflict_cell = next(c for c in nb.cells if c.cell_type == "code" and "FROM claim_conflicts" in c.source)
    row_html = "".join(o.get("data", {}).get("text/html", "") for o in conflict_cell.outputs)
    assert "Kota Bekasi" in row_html and "kabarjabar" in row_html and "3.38" in row_html and "3.83" in row_html
    # the time series is Kota Bekasi's (most sources), with its official values
    series_cell = next(c for c in nb.cells if c.cell_type == "code" and "region_timeseries" in c.source
                       and "plt.subplots" in c.source)
    assert any("image/png" in o.get("data", {}) for o in series_cell.outputs)
    series_html = "".join(o.get("data", {}).get("text/html", "") for o in series_cell.outputs)
    assert "2023" in series_html and "3.01" in series_html and "3.83" in series_html


@pytest.mark.slow
def test_notebook_runs_before_any_official_results_are_loaded(tmp_path, monkeypatch):
    published = publish(build_sample_warehouse(tmp_path / "work.duckdb"), tmp_path / "spbe.duckdb").published_db
    monkeypatch.setenv("SPBE_DB", str(published))
    monkeypatch.setenv("SPBE_REGION", "32.77")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, kernel_name=kernel_env(tmp_path, monkeypatch), timeout=180,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    texts = "\n".join(o.get("data", {}).get("text/plain", "") + o.get("text", "") for o in outputs)
    assert "No official results loaded yet" in texts
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 2   # per source, Kota Cimahi's series
    series_cell = next(c for c in nb.cells if c.cell_type == "code" and "plt.subplots" in c.source
                       and "region_timeseries" in c.source)
    series_html = "".join(o.get("data", {}).get("text/html", "") for o in series_cell.outputs)
    assert "3.09" in series_html and "4.02" in series_html       # Cimahi 2022, 2023
