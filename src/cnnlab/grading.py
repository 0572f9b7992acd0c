"""Two switches that tell a notebook to step aside or to run small.

- :func:`is_autograding`: True only while ``nbgrader autograde`` runs a submission. nbgrader
  sets the environment variable ``NBGRADER_EXECUTION`` to ``"autograde"`` then (and to
  ``"validate"`` during ``nbgrader validate``). The visible checks print one line instead of
  their full report while autograding.
- :func:`is_smoke`: True while autograding *or* when the environment variable ``CNNLAB_SMOKE``
  is ``1`` (CI sets it to execute the solution notebooks offline and fast). Long work (training,
  benchmarks, downloads) shrinks to a smoke size then; :func:`smoke_size` picks the size in one
  line::

      num_epochs = smoke_size(10, 1)

To try the smoke sizes yourself: ``CNNLAB_SMOKE=1 jupyter lab`` (or, in a notebook,
``os.environ["CNNLAB_SMOKE"] = "1"`` before the cell). The variables are read on every call.
"""

import os
from typing import TypeVar

T = TypeVar("T")

ENV_VAR = "NBGRADER_EXECUTION"
SMOKE_VAR = "CNNLAB_SMOKE"
SMOKE_ON = ("1", "true", "yes", "on")
SMOKE_OFF = ("", "0", "false", "no", "off")


def is_autograding() -> bool:
    """Return True while ``nbgrader autograde`` is executing this notebook."""
    return os.environ.get(ENV_VAR, "") == "autograde"


def is_smoke() -> bool:
    """Return True while autograding or when ``CNNLAB_SMOKE`` is set to 1.

    ``CNNLAB_SMOKE`` is read case-insensitively, without surrounding spaces: "1", "true", "yes"
    and "on" turn smoke mode on; unset, "", "0", "false", "no" and "off" leave it off.

    Raises:
        ValueError: ``CNNLAB_SMOKE`` has any other value (the value and the accepted ones named),
            so that a typo does not silently start a full-size run.
    """
    value = os.environ.get(SMOKE_VAR, "").strip().lower()
    if value not in SMOKE_ON + SMOKE_OFF:
        raise ValueError(
            f"{SMOKE_VAR}={os.environ[SMOKE_VAR]!r} is not understood: use 1 (smoke sizes) or 0 "
            f"(accepted: {SMOKE_ON + SMOKE_OFF[1:]})"
        )
    return is_autograding() or value in SMOKE_ON


def smoke_size(full: T, smoke: T) -> T:
    """Return ``smoke`` in smoke mode (:func:`is_smoke`) and ``full`` otherwise.

    Example: ``num_epochs = smoke_size(10, 1)``.
    """
    return smoke if is_smoke() else full
