"""Read nbgrader notebooks: find cells by grade_id and run a notebook's answer cells.

Used by the mutant catalogue (to build mutant submissions) and by the tests (to get the solution
functions without executing the whole notebook).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat

SETUP_ID = "setup"


def read(path: str | Path) -> nbformat.NotebookNode:
    """Read a notebook (nbformat 4)."""
    return nbformat.read(str(path), as_version=4)


def nbgrader_meta(cell: nbformat.NotebookNode) -> dict[str, Any]:
    """The cell's ``metadata.nbgrader`` dict (empty if the cell has none)."""
    return dict(cell.get("metadata", {}).get("nbgrader", {}))


def cell_by_id(nb: nbformat.NotebookNode, grade_id: str) -> nbformat.NotebookNode:
    """The one cell whose nbgrader ``grade_id`` is ``grade_id``; KeyError if there is none."""
    for cell in nb.cells:
        if nbgrader_meta(cell).get("grade_id") == grade_id:
            return cell
    raise KeyError(f"no cell with grade_id {grade_id!r}")


def answer_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """The setup cell and every code answer cell (nbgrader ``solution: true``), in order."""
    cells = []
    for cell in nb.cells:
        meta = nbgrader_meta(cell)
        if cell.cell_type != "code":
            continue
        if meta.get("grade_id") == SETUP_ID or (meta.get("solution") and not meta.get("grade")):
            cells.append(cell)
    return cells


def answer_namespace(path: str | Path, replace: dict[str, str] | None = None) -> dict[str, Any]:
    """Execute the setup and answer cells of a notebook and return the resulting namespace.

    ``replace`` maps a grade_id to a source that is run instead of that cell's own source (how a
    mutant is tried without nbgrader). Plots are not shown (matplotlib's Agg backend).
    """
    import matplotlib

    matplotlib.use("Agg")
    replace = replace or {}
    namespace: dict[str, Any] = {"__name__": "__notebook__"}
    for cell in answer_cells(read(path)):
        grade_id = nbgrader_meta(cell).get("grade_id", "")
        source = replace.get(grade_id, cell.source)
        code = compile(source, f"<{Path(path).name}:{grade_id}>", "exec")
        exec(code, namespace)  # noqa: S102 (running the instructor's own notebook)
    return namespace
