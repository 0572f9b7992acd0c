"""Visible checks of the notebooks: ``checks.<grade_id>(function)`` in every graded cell.

Each notebook has a module here (``cnnlab/checks/<notebook>.py``) with its cases as literals a
student can verify by hand and one public check per grade id; :mod:`cnnlab.checks.report` holds
the machinery they share. This package imports every module listed in :data:`NOTEBOOKS`, merges
their data (FUNCTIONS, CASES, ARG_NAMES, ...) into the registries of :mod:`cnnlab.checks.report`
and re-exports every public check by its grade id, so that a notebook only needs
``from cnnlab import checks`` and ``checks.conv_forward_naive(conv_forward_naive)``.

Adding a notebook: write ``cnnlab/checks/<notebook>.py`` and add ``"<notebook>"`` to its
assignment's tuple in ASSIGNMENTS. Check modules of the PyTorch notebooks import torch inside
their functions, so that the NumPy notebooks do not pay for importing it.
"""

from __future__ import annotations

import importlib

from cnnlab.checks.report import (
    ARG_NAMES,
    CASES,
    FUNCTIONS,
    NOTEBOOK_OF,
    RAISES,
    Case,
    CheckFailure,
    assert_close,
    assert_int,
    describe,
    register,
    run_case,
    run_visible,
)

ASSIGNMENTS: dict[str, tuple[str, ...]] = {
    "numpy_cnn": ("convolution", "conv_backward", "pooling", "fast_conv", "cnn"),
    "pytorch_cnn": ("port", "train", "architectures"),
}
"""Assignment -> its notebooks (file stems in ``solutions/<assignment>/``), in course order."""

NOTEBOOKS = tuple(notebook for notebooks in ASSIGNMENTS.values() for notebook in notebooks)
"""Every notebook whose check module is merged, in course order (stems are unique)."""

ASSIGNMENT_OF = {nb: assignment for assignment, nbs in ASSIGNMENTS.items() for nb in nbs}
"""Notebook -> its assignment: the notebook is ``solutions/<assignment>/<notebook>.ipynb``."""

for _notebook in NOTEBOOKS:
    _module = importlib.import_module(f"cnnlab.checks.{_notebook}")
    register(_notebook, _module)
    for _grade_id in _module.FUNCTIONS:
        globals()[_grade_id] = getattr(_module, _grade_id)  # the public check, by its grade id

__all__ = [
    "ARG_NAMES",
    "ASSIGNMENTS",
    "ASSIGNMENT_OF",
    "CASES",
    "FUNCTIONS",
    "NOTEBOOKS",
    "NOTEBOOK_OF",
    "RAISES",
    "Case",
    "CheckFailure",
    "assert_close",
    "assert_int",
    "describe",
    "run_case",
    "run_visible",
    *FUNCTIONS,
]
