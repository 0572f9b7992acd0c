"""A catalogue of the mistakes students really make, each as a small patch of a solution notebook.

A :class:`Mutant` replaces the text ``old`` (which must occur exactly once) by ``new`` in the answer
cell ``"<grade_id>_answer"`` of ``solutions/numpy_cnn/<notebook>.ipynb``. Every mutant must lose
the points of its graded cell, and the hidden test's message must contain ``feedback`` (the sentence
that names the mistake, shared with :mod:`cnnlab.checks`), while every other cell keeps its points.
tests/test_mutants.py proves both for the whole catalogue.

Each notebook's mutants are listed in its task module (``autograder/tasks/<notebook>.py``,
``MUTANTS``); :data:`MUTANTS` here is all of them (:data:`autograder.tasks.MUTANTS`).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from autograder.notebooks import cell_by_id

SOLUTIONS = Path(__file__).resolve().parents[1] / "solutions" / "numpy_cnn"
"""The folder of the solution notebooks (``<notebook>.ipynb``)."""


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
    """The solution notebook's file stem; "" in a task module means that module's NOTEBOOK."""

    @property
    def answer_id(self) -> str:
        """The grade id of the answer cell that the mutant patches."""
        return f"{self.grade_id}_answer"

    @property
    def path(self) -> Path:
        """The solution notebook that the mutant patches."""
        return SOLUTIONS / f"{self.notebook}.ipynb"


def __getattr__(name: str) -> Any:
    """``MUTANTS``: every notebook's mutants (read from autograder.tasks when first asked for).

    The task modules import :class:`Mutant` from here, so this module cannot import them first.
    """
    if name == "MUTANTS":
        from autograder.tasks import MUTANTS

        return MUTANTS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def by_id(mutant_id: str) -> Mutant:
    """The mutant with this id (KeyError if there is none)."""
    from autograder.tasks import MUTANTS

    for mutant in MUTANTS:
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
