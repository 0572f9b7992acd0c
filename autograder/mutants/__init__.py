"""A catalogue of the mistakes students really make, each as a small patch of a solution notebook.

A :class:`Mutant` replaces the text ``old`` (which must occur exactly once) by ``new`` in the answer
cell ``"<grade_id>_answer"`` of ``solutions/<assignment>/<notebook>.ipynb``. Every mutant must lose
the points of its graded cell, and the hidden test's message must contain ``feedback`` (the sentence
that names the mistake, shared with :mod:`cnnlab.checks`), while every other cell keeps its points.
tests/test_mutants.py proves both for the whole catalogue.

Each notebook's mutants are listed in its own module here, ``autograder/mutants/<notebook>.py``
(``MUTANTS``; one module per notebook of :data:`autograder.tasks.NOTEBOOKS`); :data:`MUTANTS` here
is all of them, with ``notebook`` filled in. The ``old`` texts are fragments of the solutions, so
this package stays out of :mod:`autograder.tasks` and everything else the hidden tests import
(they run in the student's kernel; see :func:`autograder.sandbox.runtime_files`).
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from autograder.notebooks import cell_by_id

SOLUTIONS = Path(__file__).resolve().parents[2] / "solutions"
"""The folder of the solution notebooks (``<assignment>/<notebook>.ipynb``)."""


@dataclass(frozen=True)
class Mutant:
    """One mistake: replace ``old`` by ``new`` in the answer cell of ``grade_id``."""

    id: str
    grade_id: str
    description: str
    old: str
    new: str
    feedback: str
    notebook: str = ""
    """The solution notebook's file stem; "" in ``autograder/mutants/<nb>.py`` means ``<nb>``."""

    @property
    def answer_id(self) -> str:
        """The grade id of the answer cell that the mutant patches."""
        return f"{self.grade_id}_answer"

    @property
    def path(self) -> Path:
        """The solution notebook that the mutant patches."""
        from cnnlab.checks import ASSIGNMENT_OF

        return SOLUTIONS / ASSIGNMENT_OF[self.notebook] / f"{self.notebook}.ipynb"


@functools.cache
def _catalogue() -> list[Mutant]:
    """Every notebook's mutants, in the order of :data:`autograder.tasks.NOTEBOOKS`.

    A mutant whose ``notebook`` is "" belongs to the notebook of its module; it is filled in in
    place, so ``autograder.mutants.<nb>.MUTANTS`` holds the same objects.
    """
    from autograder.tasks import NOTEBOOKS  # the one list of notebooks (imports torch: lazily)

    merged: list[Mutant] = []
    for notebook in NOTEBOOKS:
        module = importlib.import_module(f"{__name__}.{notebook}")
        module.MUTANTS[:] = [
            m if m.notebook else dataclasses.replace(m, notebook=notebook) for m in module.MUTANTS
        ]
        merged += module.MUTANTS
    return merged


def __getattr__(name: str) -> Any:
    """``MUTANTS``: every notebook's mutants (loaded when first asked for).

    The notebook modules import :class:`Mutant` from here, so this module cannot import them first.
    """
    if name == "MUTANTS":
        return _catalogue()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def by_id(mutant_id: str) -> Mutant:
    """The mutant with this id (KeyError if there is none)."""
    for mutant in _catalogue():
        if mutant.id == mutant_id:
            return mutant
    raise KeyError(f"no mutant {mutant_id!r}")


def mutant_source(nb: nbformat.NotebookNode, mutant: Mutant) -> str:
    """The source of the mutant's answer cell after the patch.

    Raises AssertionError unless ``mutant.old`` occurs exactly once in that cell.
    """
    source = cell_by_id(nb, mutant.answer_id).source
    count = source.count(mutant.old)
    if count != 1:
        raise AssertionError(
            f"mutant {mutant.id}: {mutant.old!r} occurs {count} times in cell {mutant.answer_id}"
            " (expected exactly once)"
        )
    return source.replace(mutant.old, mutant.new)


def apply(nb: nbformat.NotebookNode, mutant: Mutant) -> nbformat.NotebookNode:
    """A copy of the notebook with the mutant's patch applied (the original is not changed)."""
    new = copy.deepcopy(nb)
    cell_by_id(new, mutant.answer_id).source = mutant_source(nb, mutant)
    return new
