"""The instructor's side of every notebook that the hidden tests use: references, mistakes, cases.

Each notebook ``<nb>`` (the file stem of ``solutions/<assignment>/<nb>.ipynb``) has a module
``autograder/tasks/<nb>.py``; this package imports the modules listed in :data:`NOTEBOOKS` and
merges their registries, which :func:`autograder.check` (:mod:`autograder.hidden`) uses. Nothing
in ``hidden.py`` names a notebook. The hidden tests run in the student's kernel and the sandbox
lets them see what they import (:func:`autograder.sandbox.runtime_files`), so nothing here may hold
solution text: the mutants (patches of the solutions) live in :mod:`autograder.mutants`.

Adding a notebook ``<nb>``:

1. ``src/cnnlab/checks/<nb>.py`` (student side, see :mod:`cnnlab.checks.report`): FUNCTIONS,
   ARG_NAMES, CASES, the mistake sentences, one public check per grade id, and the optional
   NAMED_SCALARS, OUTPUTS, COMPARED, SHAPE_HINTS, RESULT_CHECKS, EXTRA_CHECKS, PASSED_NOTES;
   add ``"<nb>"`` to its assignment in ``ASSIGNMENTS`` in ``src/cnnlab/checks/__init__.py``
   (the one list of notebooks; this package and the mutants follow it).
2. ``autograder/tasks/<nb>.py`` defining

   - ``NOTEBOOK = "<nb>"``: the notebook, ``solutions/<assignment>/<nb>.ipynb``;
   - ``NUMPY_ONLY = True``: graded functions must not use torch, scipy, cnnlab or autograder
     (the source check, :mod:`autograder.sourcecheck`);
   - ``REFERENCES: dict[function name, callable]``: PyTorch float64 references taking and
     returning NumPy in the graded function's format (ValueError where it must raise);
   - ``MISTAKES: dict[function name, callable(*args, **kwargs) -> [(cause, wrong result)]]``:
     the results of well-known mistakes (the causes are the sentences of the check module);
   - ``GENERATORS: dict[grade id, callable(rng) -> [(function name, Case)]]``: randomised
     cases, built with :func:`case` and :func:`random_array` (rng is seeded by the grade id);
   - ``SUBSTITUTES: dict[grade id, tuple[function name, ...]]``: earlier parts that the hidden
     test replaces by their references (every name needs a REFERENCES entry);

   and optionally ``SUBMITTED_FILES: tuple[file name, ...]`` (files the student hands in beside
   the notebook that its hidden tests read, e.g. a checkpoint: the pipeline copies them into
   grading), ``SAME_DTYPE: tuple[function name, ...]`` (hidden cases require the result's
   dtype to equal the first argument's), ``EXTRA_CHECKS: dict[grade id, callable(*fns)]``
   (hidden checks run after the random cases; raise CheckFailure or HiddenTestFailure) and
   ``ALLOWED_MODULES: dict[grade id, tuple[module, ...]]`` (modules of torch, scipy or cnnlab
   that the source check lets this grade id's functions use, e.g. the given ``cnnlab.layers``).
3. ``autograder/mutants/<nb>.py`` defining ``MUTANTS: list[Mutant]``:
   ``Mutant(id, grade_id, description, old, new, feedback)`` patches of ``"<grade_id>_answer"``
   cells (``notebook`` defaults to ``"<nb>"``); never imported from here (see above).
4. ``solutions/<assignment>/<nb>.ipynb`` and ``tests/test_<nb>.py`` (the tests in test_checks.py,
   test_hidden.py and test_mutants.py already run over every registered grade id and mutant).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np

from cnnlab import checks
from cnnlab.checks import RAISES, Case, report

Generator = Callable[[np.random.Generator], list[tuple[str, Case]]]


def case(name: str, *args: Any, note: str = "hidden case", **kwargs: Any) -> tuple[str, Case]:
    """A hidden case of function ``name`` whose expected result and mistakes come from REFERENCES.

    A reference that raises ValueError makes a case that must raise ValueError. For a function
    with OUTPUTS/COMPARED (cnnlab.checks), only the compared parts of the reference's result are
    expected; for a function in SAME_DTYPE the result must keep the first argument's dtype.
    """
    try:
        expected = REFERENCES[name](*args, **kwargs)
    except ValueError:
        return name, Case(name, args, RAISES, kwargs, note=note)
    expected = report.compared(name, expected)
    mistakes = tuple(MISTAKES[name](*args, **kwargs)) if name in MISTAKES else ()
    dtype = str(args[0].dtype) if name in SAME_DTYPE else None
    return name, Case(name, args, expected, kwargs, mistakes, note, dtype)


def random_array(rng: np.random.Generator, shape: tuple[int, ...], float32: bool) -> np.ndarray:
    """Standard normal values of a given shape, float32 or float64."""
    return rng.standard_normal(shape).astype(np.float32 if float32 else np.float64)


NOTEBOOKS = checks.NOTEBOOKS
"""The task modules that are merged, in order (their NOTEBOOK names): the notebooks of
``cnnlab.checks.ASSIGNMENTS``, so a notebook is registered in one place."""

MODULES: dict[str, ModuleType] = {
    name: importlib.import_module(f"autograder.tasks.{name}") for name in NOTEBOOKS
}
"""Notebook -> its task module."""


def _merged(attribute: str) -> dict[str, Any]:
    """One attribute (a dict) of every task module, merged; a key defined twice is an error."""
    merged: dict[str, Any] = {}
    for name, module in MODULES.items():
        own = getattr(module, attribute, {})
        twice = set(own) & set(merged)
        if twice:
            raise ValueError(f"{name}: {attribute} already defines {', '.join(sorted(twice))}")
        merged.update(own)
    return merged


REFERENCES: dict[str, Callable[..., Any]] = _merged("REFERENCES")
"""Function name -> its reference (PyTorch float64; NumPy in and out)."""
MISTAKES: dict[str, Callable[..., list[tuple[str, Any]]]] = _merged("MISTAKES")
"""Function name -> ``mistakes(*args, **kwargs) -> [(likely cause, wrong result), ...]``."""
GENERATORS: dict[str, Generator] = _merged("GENERATORS")
"""Grade id -> ``generator(rng) -> [(function name, Case), ...]``."""
SUBSTITUTES: dict[str, tuple[str, ...]] = _merged("SUBSTITUTES")
"""Grade id -> the earlier parts replaced by their references while it is tested."""
EXTRA_CHECKS: dict[str, Callable[..., None]] = _merged("EXTRA_CHECKS")
"""Grade id -> a hidden check ``extra(*fns)`` run after the random cases."""
SAME_DTYPE: frozenset[str] = frozenset(
    name for module in MODULES.values() for name in getattr(module, "SAME_DTYPE", ())
)
"""Functions whose hidden cases require the result to keep the first argument's dtype."""
ALLOWED_MODULES: dict[str, tuple[str, ...]] = _merged("ALLOWED_MODULES")
"""Grade id -> modules its functions may use although the source check forbids their package."""
SUBMITTED_FILES: dict[str, tuple[str, ...]] = {
    name: tuple(getattr(module, "SUBMITTED_FILES", ())) for name, module in MODULES.items()
}
"""Notebook -> the files handed in beside it that its hidden tests read (copied into grading)."""
NUMPY_ONLY: dict[str, bool] = {
    grade_id: bool(getattr(MODULES[notebook], "NUMPY_ONLY", True))
    for grade_id, notebook in report.NOTEBOOK_OF.items()
    if notebook in MODULES
}
"""Grade id -> whether its functions must be NumPy only (the source check)."""
