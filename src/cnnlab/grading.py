"""One switch that tells a notebook it is being autograded.

nbgrader sets the environment variable ``NBGRADER_EXECUTION`` to ``"autograde"`` while it runs a
submission (and to ``"validate"`` during ``nbgrader validate``). Notebooks use
:func:`is_autograding` to shrink long work (training, benchmarks) to a smoke size while grading,
and :func:`smoke_size` to pick the size in one line.
"""

import os
from typing import TypeVar

T = TypeVar("T")

ENV_VAR = "NBGRADER_EXECUTION"


def is_autograding() -> bool:
    """Return True while ``nbgrader autograde`` is executing this notebook."""
    return os.environ.get(ENV_VAR, "") == "autograde"


def smoke_size(full: T, smoke: T) -> T:
    """Return ``smoke`` while autograding and ``full`` otherwise.

    Example: ``num_epochs = smoke_size(10, 1)``.
    """
    return smoke if is_autograding() else full
