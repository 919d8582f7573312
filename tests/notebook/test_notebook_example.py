"""examples/notebook.ipynb runs top to bottom in a real Jupyter kernel (nbclient) on the local
engine with the sample data, and fails on any error."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"

NOTEBOOK = EXAMPLES / "notebook.ipynb"
KERNEL = "athenakit-test"


@pytest.fixture
def kernel_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernelspec for this interpreter, found first on JUPYTER_PATH (no network needed)."""
    from ipykernel.kernelspec import install

    install(kernel_name=KERNEL, prefix=str(tmp_path))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "share" / "jupyter"))
    return KERNEL


def test_the_example_notebook_runs_top_to_bottom(kernel_name: str) -> None:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import sys; print(sys.executable)"))
    client = NotebookClient(nb, kernel_name=kernel_name, timeout=120,
                            resources={"metadata": {"path": str(EXAMPLES)}})
    client.execute()  # raises CellExecutionError on the first failing cell

    code = [c for c in nb.cells if c.cell_type == "code"]
    outputs = [o for c in code for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert code[-1].outputs[0]["text"].strip() == sys.executable  # the kernel ran this venv
    html = "\n".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "Hampton" in html and "dataframe" in html  # a %%athena result as a DataFrame
    assert "E1EXAMPLE7PSDK" in html  # the partition-projected CloudFront query
    assert "AK310" in html  # the %%athena_check finding
    footers = [o["data"]["text/plain"] for o in outputs
               if "athenakit-footer" in o.get("data", {}).get("text/html", "")]
    assert any(f.startswith("3 rows · scanned") for f in footers)
