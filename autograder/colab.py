"""Colab cells of the release: an "Open in Colab" badge and one setup cell atop each notebook.

:func:`add_colab_cells` runs after ``nbgrader generate_assignment`` (see
:func:`autograder.pipeline.generate_release`). The two cells are plain cells without nbgrader
metadata (no points; nbgrader ignores them when it autogrades a submission), carry stable cell
ids and ``metadata.cnnlab`` markers, and replace any earlier copy of themselves (idempotent).

The setup cell does something only on Colab: it pip installs ``cnnlab`` from the course's
student repository at the release tag with ``--no-deps`` (cnnlab is pure Python and Colab
already has NumPy, matplotlib, tqdm and PyTorch: replacing Colab's NumPy with the course pin
would force a runtime restart) and says whether a GPU is available. Anywhere else (JupyterLab,
nbgrader) it prints one line.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from autograder.course import Course

MARKER = "cnnlab"
BADGE = "colab-badge"
SETUP = "colab-setup"
BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"


def colab_url(course: Course, assignment: str, notebook: str) -> str:
    """The Colab address of ``assignments/<assignment>/<notebook>.ipynb`` at the release tag."""
    return (
        f"https://colab.research.google.com/github/{course.owner_repo}/blob/"
        f"{course.release_tag}/assignments/{assignment}/{notebook}.ipynb"
    )


def install_line(course: Course) -> str:
    """The pip requirement of cnnlab from the student repository at the release tag."""
    return f"cnnlab @ git+{course.student_repo}@{course.release_tag}"


def badge_source(course: Course, assignment: str, notebook: str) -> str:
    """Markdown of the badge cell."""
    return (
        f"[![Open In Colab]({BADGE_IMAGE})]({colab_url(course, assignment, notebook)})\n"
        "\n"
        f"*{course.name}*, release `{course.release_tag}`. On Google Colab, run the setup cell "
        "below first (it installs `cnnlab`); on your own computer it does nothing."
    )


def setup_source(course: Course) -> str:
    """Python source of the setup cell (an IPython ``%pip`` line, run only on Colab)."""
    return "\n".join(
        [
            "# Colab setup: on Google Colab this installs cnnlab alone (Colab already has NumPy,",
            "# matplotlib and PyTorch) and checks for a GPU.",
            "# Anywhere else it prints one line and does nothing.",
            "import sys",
            "",
            'if "google.colab" in sys.modules:',
            f'    %pip install -q --no-deps "{install_line(course)}"',
            "    import torch",
            "",
            "    if torch.cuda.is_available():",
            '        print(f"cnnlab installed. GPU: {torch.cuda.get_device_name(0)}.")',
            "    else:",
            "        print(",
            '            "cnnlab installed. No GPU: fine, the NumPy notebooks do not need one "',
            '            "(for PyTorch notebooks: Runtime > Change runtime type > T4 GPU)."',
            "        )",
            "else:",
            '    print("Not on Colab: nothing to set up.")',
        ]
    )


def colab_cells(course: Course, assignment: str, notebook: str) -> list[nbformat.NotebookNode]:
    """The badge cell and the setup cell for one release notebook."""
    badge = nbformat.v4.new_markdown_cell(badge_source(course, assignment, notebook), id=BADGE)
    badge.metadata[MARKER] = BADGE
    setup = nbformat.v4.new_code_cell(setup_source(course), id=SETUP)
    setup.metadata[MARKER] = SETUP
    return [badge, setup]


def add_colab_cells(
    nb: nbformat.NotebookNode, course: Course, assignment: str, notebook: str
) -> nbformat.NotebookNode:
    """Put the Colab cells at the top of ``nb`` (in place), replacing any earlier copies."""
    ours = (BADGE, SETUP)
    taken = {c.get("id") for c in nb.cells if c.get("metadata", {}).get(MARKER) not in ours}
    clash = taken & set(ours)
    if clash:
        raise ValueError(f"{notebook}.ipynb already has a cell with id {sorted(clash)}")
    kept = [c for c in nb.cells if c.get("metadata", {}).get(MARKER) not in ours]
    nb.cells = colab_cells(course, assignment, notebook) + kept
    return nb


def add_to_release(release: Path, course: Course) -> list[Path]:
    """Add the Colab cells to every notebook of ``release`` (``assignments/<assignment>/``)."""
    paths = sorted(release.glob("*.ipynb"))
    for path in paths:
        nb = nbformat.read(str(path), as_version=4)
        add_colab_cells(nb, course, release.name, path.stem)
        nbformat.write(nb, str(path))
    return paths
