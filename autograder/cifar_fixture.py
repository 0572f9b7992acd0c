"""A fabricated CIFAR-10 folder and a good checkpoint, for grading the train notebook offline.

The accuracy cells of the train notebook (:mod:`autograder.accuracy`) need the CIFAR-10 test split
(``$CNNLAB_DATA``) and a submitted ``cifar10_model.pt``. Tests and demos cannot download the real
data set, so :func:`fabricate_grading_data` writes a tiny folder in the official format (the
pickles of ``cifar-10-batches-py``) whose images are easily separable (one colour per class,
:func:`cnnlab.train.synthetic_cifar10`), trains a small model of the given class on it with the
notebook's own training loop (a few seconds on a CPU) and saves its checkpoint. A chosen fraction
of the test labels can be made to disagree with the images, which fixes the accuracy the cells
measure (e.g. 0.83: the 70% and 80% cells pass, the 85% cell fails).

Instructor-only (not imported by the hidden tests).
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from cnnlab import data, train

FIXTURE_CONFIG: dict[str, Any] = {"widths": [8, 16], "num_classes": 10}
"""The small model the fixture trains (well within the budget; seconds on a CPU)."""
ATTEMPTS = 4
"""Training runs (3 epochs each) before the fixture gives up on a perfect model."""
NOISE = 20.0
"""The pixel noise of the fabricated images (cnnlab.train.synthetic_cifar10)."""


@dataclass(frozen=True)
class GradingData:
    """What grading the train notebook needs: the data folder, the checkpoint and its accuracy.

    ``data``: the folder to pass as ``CNNLAB_DATA`` (it holds ``cifar-10-batches-py``);
    ``checkpoint``: the bytes of a ``cifar10_model.pt`` to submit beside the notebook;
    ``path``: where that checkpoint was written; ``accuracy``: what the accuracy cells measure.
    """

    data: Path
    checkpoint: bytes
    path: Path
    accuracy: float


def write_cifar10_folder(
    root: Path,
    train_split: tuple[np.ndarray, np.ndarray],
    test_split: tuple[np.ndarray, np.ndarray],
) -> Path:
    """Write ``root/cifar-10-batches-py`` in the official format (protocol-2 pickles, bytes keys).

    Inputs:
    - root: the folder that ``cnnlab.data.load_cifar10(root)`` (or ``$CNNLAB_DATA``) names.
    - train_split: (x uint8 (n, 3, 32, 32), y (n,)), spread over data_batch_1..5.
    - test_split: (x, y) of the test_batch.

    Returns:
        ``root``.
    """
    folder = Path(root) / data.CIFAR10_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    x_train, y_train = train_split
    parts = np.array_split(np.arange(len(y_train)), len(data.CIFAR10_TRAIN_BATCHES))
    batches = {
        name: (x_train[idx], y_train[idx])
        for name, idx in zip(data.CIFAR10_TRAIN_BATCHES, parts, strict=True)
    }
    batches[data.CIFAR10_TEST_BATCH] = test_split
    for name, (x, y) in batches.items():
        content = {
            b"batch_label": name.encode(),
            b"labels": [int(v) for v in y],
            b"data": np.ascontiguousarray(x, dtype=np.uint8).reshape(len(y), 3 * 32 * 32),
            b"filenames": [f"{name}_{k}.png".encode() for k in range(len(y))],
        }
        (folder / name).write_bytes(pickle.dumps(content, protocol=2))
    meta = {b"label_names": [c.encode() for c in data.CIFAR10_CLASSES], b"num_vis": 3072}
    (folder / data.CIFAR10_META).write_bytes(pickle.dumps(meta, protocol=2))
    return Path(root)


def solution_builder() -> Any:
    """The ``VGGNet`` class of the solution notebook (solutions/pytorch_cnn/train.ipynb)."""
    from autograder.mutants import SOLUTIONS
    from autograder.notebooks import answer_namespace
    from cnnlab.checks import ASSIGNMENT_OF

    return answer_namespace(SOLUTIONS / ASSIGNMENT_OF["train"] / "train.ipynb")["VGGNet"]


def fabricate_grading_data(
    folder: str | Path,
    build: Any = None,
    *,
    agreement: float = 1.0,
    config: dict[str, Any] | None = None,
    n_train: int = 400,
    n_test: int = 200,
    seed: int = 0,
) -> GradingData:
    """Write a tiny CIFAR-10 folder and a checkpoint whose measured accuracy is ``agreement``.

    The model ``build(**config)`` is trained with :func:`cnnlab.train.fit` on ``n_train``
    synthetic images until it classifies the test images perfectly (checked); then the labels of
    the first ``round((1 - agreement) * n_test)`` test images are changed to another class, so
    the accuracy cells measure exactly ``agreement``.

    Inputs:
    - folder: where to write (created): ``folder/cifar-10-batches-py`` and
      ``folder/cifar10_model.pt``.
    - build: the model class; default the solution notebook's ``VGGNet``.
    - agreement: the fraction of test labels that match their images, in [0, 1].
    - config: the model's keyword arguments (default :data:`FIXTURE_CONFIG`).
    - n_train, n_test: the sizes of the fabricated splits; seed: seeds everything.

    Returns:
        A :class:`GradingData` (``accuracy`` measured by :func:`cnnlab.train.checkpoint_accuracy`).

    Raises:
        RuntimeError: the model did not learn the fabricated images.
    """
    if not 0.0 <= agreement <= 1.0:
        raise ValueError(f"agreement must be in [0, 1], got {agreement}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    build = build if build is not None else solution_builder()
    config = dict(config if config is not None else FIXTURE_CONFIG)
    x, y = train.synthetic_cifar10(n_train + n_test, seed=seed, noise=NOISE)
    x_train, y_train, x_test, y_test = x[:n_train], y[:n_train], x[n_train:], y[n_train:]

    torch.manual_seed(seed)
    model = build(**config)
    device_data = train.DeviceData(
        *(t for pair in [(x_train, y_train), (x_train[:100], y_train[:100]), (x_test, y_test)]
          for t in (train.normalize(torch.from_numpy(pair[0])), torch.from_numpy(pair[1]))),
        source="fabricated",
    )  # fmt: skip
    for attempt in range(ATTEMPTS):  # a short run; again (from where it is) if not yet perfect
        train.fit(model, device_data, epochs=3, batch_size=20, lr=0.05, seed=seed + attempt,
                  progress=False)  # fmt: skip
        learned = train.evaluate(model, device_data.x_test, device_data.y_test, amp=False)
        if learned == 1.0:
            break
    else:
        raise RuntimeError(f"the fixture model reached only {learned:.1%} on its test images")
    path = train.save_checkpoint(folder / train.CHECKPOINT, model, config, fabricated=True)

    wrong = round((1.0 - agreement) * n_test)
    labels = y_test.copy()
    labels[:wrong] = (labels[:wrong] + 1) % 10
    write_cifar10_folder(folder, (x_train, y_train), (x_test, labels))
    images, graded = train.graded_test_split(folder)
    accuracy = train.checkpoint_accuracy(path, build, images, graded)
    return GradingData(folder, path.read_bytes(), path, accuracy)
