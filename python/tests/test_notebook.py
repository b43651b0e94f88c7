"""examples/lang_son_2020.ipynb runs from top to bottom and prints the seed sentence."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = REPO / "examples" / "lang_son_2020.ipynb"


def test_notebook_prints_the_seed_sentence(seed: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    with warnings.catch_warnings():
        # Jupyter's own start-up may warn (paths, zmq); the notebook's cells may not.
        warnings.simplefilter("ignore")
        client = nbclient.NotebookClient(
            nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
        )
        client.execute()
    for cell in nb.cells:
        if cell.cell_type == "code":
            errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
            assert not errors, errors
            stderr = [o for o in cell.get("outputs", []) if o.get("name") == "stderr"]
            assert not stderr, (cell.source, stderr)
    report = [c for c in nb.cells if "report" in c.metadata.get("tags", [])]
    assert len(report) == 1
    text = "".join(o["text"] for o in report[0].outputs if o.get("name") == "stdout")
    assert text == seed + "\n"
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    assert len(images) == 5, "the five charts"
    html = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if "text/html" in o.get("data", {})]
    assert any("ntm-summary" in o["data"]["text/html"] for o in html)
    # The multi-scope paragraph: its figures highlighted, one report per place.
    marked = [o["data"]["text/html"] for o in html if "ntm-report" in o["data"]["text/html"]]
    assert len(marked) >= 3 and all("<mark" in m for m in marked)
    assert os.path.exists(NOTEBOOK)
    # The report workbook, written by the last section, reopens with the seed's figures.
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(NOTEBOOK.parent / "lang_son_2020.xlsx")
    assert book.sheetnames == ["Tổng hợp", "Theo huyện", "Theo tiêu chí", "Danh sách xã"]
    assert [book["Tổng hợp"].cell(r, 2).value for r in range(4, 9)] == [51, 4, 36, 90, 0]
