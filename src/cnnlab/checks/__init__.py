"""Visible checks of the notebooks: ``checks.<grade_id>(function)`` in every graded cell.

Each notebook has a module here (``cnnlab/checks/<notebook>.py``) with its cases as literals a
student can verify by hand and one public check per grade id; :mod:`cnnlab.checks.report` holds
the machinery they share. This package imports every module listed in :data:`NOTEBOOKS`, merges
their data (FUNCTIONS, CASES, ARG_NAMES, ...) into the registries of :mod:`cnnlab.checks.report`
and re-exports every public check by its grade id, so that a notebook only needs
``from cnnlab import checks`` and ``checks.conv_forward_naive(conv_forward_naive)``.

Adding a notebook: write ``cnnlab/checks/<notebook>.py`` and add ``"<notebook>"`` to NOTEBOOKS.
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

NOTEBOOKS = ("convolution", "conv_backward", "pooling", "fast_conv", "cnn")
"""The notebooks (file stems in solutions/numpy_cnn/) whose check modules are merged, in order."""

for _notebook in NOTEBOOKS:
    _module = importlib.import_module(f"cnnlab.checks.{_notebook}")
    register(_notebook, _module)
    for _grade_id in _module.FUNCTIONS:
        globals()[_grade_id] = getattr(_module, _grade_id)  # the public check, by its grade id

__all__ = [
    "ARG_NAMES",
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
