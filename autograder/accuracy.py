"""Hidden tests that grade a submitted checkpoint by its accuracy on the CIFAR-10 test split.

The train notebook's three accuracy cells each end with a hidden block::

    ### BEGIN HIDDEN TESTS
    from autograder.accuracy import check_accuracy

    check_accuracy("accuracy_70", globals())
    ### END HIDDEN TESTS

:func:`check_accuracy` loads ``cifar10_model.pt`` from the current folder (nbgrader runs the
notebook in its own folder, where the pipeline copies the submitted file: ``SUBMITTED_FILES`` of
the task module) on the CPU with the student's own ``VGGNet`` (the checkpoint's config as its
keyword arguments), and measures the accuracy on the first ``cnnlab.train.GRADED_TEST_IMAGES``
images of the test split found by ``cnnlab.data.load_cifar10(download=False)``, i.e. in
``$CNNLAB_DATA``. It never trains and never downloads. The measurement is made once per kernel
and checkpoint (cached by the file's SHA-256 and the class), so the three cells cost one pass;
each cell then passes when the accuracy reaches its threshold.

A missing checkpoint, a file that is not a checkpoint, weights that do not fit the class or a
model over the budget fail these cells only, with a message; missing test data fails them with a
message for the instructor naming ``CNNLAB_DATA``.
"""

from __future__ import annotations

import hashlib
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

from cnnlab import train

CHECKPOINT = train.CHECKPOINT
"""The file graded, beside the notebook."""
BUILDER = "VGGNet"
"""The name of the class in the student's notebook that rebuilds the checkpoint's model."""
THRESHOLDS: dict[str, float] = {"accuracy_70": 0.70, "accuracy_80": 0.80, "accuracy_85": 0.85}
"""Grade id -> the test accuracy its cell needs."""
MISSING = (
    "cifar10_model.pt not found beside the notebook: run the training cells and submit the file"
    " with the notebook"
)
NO_TEST_DATA = (
    "the grader cannot find the CIFAR-10 test split (it never downloads): the instructor must set"
    " CNNLAB_DATA to a folder that holds cifar-10-batches-py"
)

_RESULTS: dict[tuple[str, int], tuple[float, int] | str] = {}
"""(checkpoint SHA-256, id of the class) -> (accuracy, images), or the message of what went
wrong."""


class AccuracyFailure(AssertionError):
    """An accuracy cell failed; IPython shows the message only (no hidden code)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of a traceback."""
        return [f"AccuracyFailure: {self.message}"]


def measure(path: Path, build: Any) -> tuple[float, int] | str:
    """The accuracy of the checkpoint at ``path`` rebuilt with ``build``, or why there is none.

    Cached per kernel by the file's SHA-256 and the class, so that the three cells cost one
    pass. Returns (accuracy in [0, 1], number of test images), or a message (str) that the
    cells show.
    """
    key = (hashlib.sha256(path.read_bytes()).hexdigest(), id(build))
    if key not in _RESULTS:
        _RESULTS[key] = _measure(path, build)
    return _RESULTS[key]


def _measure(path: Path, build: Any) -> tuple[float, int] | str:
    """:func:`measure` without the cache."""
    try:
        images, labels = train.graded_test_split(download=False)
    except Exception as err:  # noqa: BLE001 (missing folder, damaged pickles, ...)
        return f"{NO_TEST_DATA} ({type(err).__name__}: {err})"
    try:
        return train.checkpoint_accuracy(path, build, images, labels), len(labels)
    except (ValueError, FileNotFoundError) as err:
        return f"{CHECKPOINT} cannot be used: {err}"
    except Exception as err:  # noqa: BLE001 (the student's model may raise anything)
        return f"your model raised {type(err).__name__} on the test images: {err}"


def check_accuracy(grade_id: str, namespace: MutableMapping[str, Any]) -> None:
    """Pass if the submitted checkpoint reaches the grade id's test accuracy; else fail clearly.

    Raises AccuracyFailure with a short message (no checkpoint, unusable checkpoint, missing
    test data, accuracy below the threshold); prints one line on success.
    """
    from autograder import tamper

    if grade_id not in THRESHOLDS:
        raise KeyError(f"unknown grade_id {grade_id!r}; known: {', '.join(THRESHOLDS)}")
    threshold = THRESHOLDS[grade_id]
    try:
        tamper.verify_untouched()
    except tamper.TamperedGrader as err:
        raise AccuracyFailure(str(err)) from None
    path = Path.cwd() / CHECKPOINT
    if not path.is_file():
        raise AccuracyFailure(f"{grade_id}: {MISSING}.")
    build = namespace.get(BUILDER)
    if not callable(build):
        raise AccuracyFailure(
            f"{grade_id}: {BUILDER} is not defined: run the cell that defines it (the grader"
            f" rebuilds your model with {BUILDER}(**config) to load {CHECKPOINT})."
        )
    result = measure(path, build)
    if isinstance(result, str):
        raise AccuracyFailure(f"{grade_id}: {result}")
    reached, count = result
    where = f"the first {count:,} CIFAR-10 test images"
    if reached < threshold:
        raise AccuracyFailure(
            f"{grade_id}: {CHECKPOINT} classifies {reached:.2%} of {where} correctly; this cell"
            f" needs {threshold:.0%}."
        )
    print(
        f"{grade_id}: {CHECKPOINT} classifies {reached:.2%} of {where} correctly"
        f" (>= {threshold:.0%}): passed."
    )
