"""Instructor-only autograder for cnnlab: hidden checks, references, mutants and the grading CLI.

Never released to students. The hidden-test block of every graded cell is one line::

    from autograder import check; check("conv_forward_naive", globals())
"""

from autograder.hidden import HiddenTestFailure, check

__all__ = ["HiddenTestFailure", "check"]
