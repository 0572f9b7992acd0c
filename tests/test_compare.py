"""cnnlab.compare: several networks trained on the same minibatches, with their curves.

Its pieces (normalisation, evaluation, the learning-rate schedule) are cnnlab.train's, tested there.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from cnnlab import compare, viz


def easy_data(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Images whose class is the brightest of 3 channels: linearly separable."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, size=n)
    x = rng.integers(0, 100, size=(n, 3, 4, 4)).astype(np.uint8)
    x[np.arange(n), y] += 120
    return x, y


def tiny(seed: int) -> nn.Module:
    torch.manual_seed(seed)
    return nn.Sequential(nn.Flatten(), nn.Linear(48, 3))


def test_histories_have_the_training_curves_format_and_learn() -> None:
    x, y = easy_data(256)
    histories = compare.train_side_by_side(
        {"a": tiny(0), "b": tiny(1)}, x, y, x[:64], y[:64], epochs=3, batch_size=32, lr=0.05,
        device="cpu", progress=False,
    )  # fmt: skip
    for history in histories.values():
        assert len(history["loss_history"]) == 3 * 8
        assert len(history["train_acc_history"]) == len(history["val_acc_history"]) == 4
        assert len(history["seconds"]) == 3
        assert history["train_acc_history"][-1] > 0.9
        assert np.mean(history["loss_history"][-4:]) < np.mean(history["loss_history"][:4])
    viz.training_curves(histories["a"])  # the format viz expects
    assert "training loss" in compare.summary(histories)


def test_same_minibatches_for_every_model_and_reproducible() -> None:
    """Two identical models trained side by side stay identical; a rerun gives the same curves."""
    x, y = easy_data(128)
    run = [
        compare.train_side_by_side(
            {"a": tiny(0), "b": tiny(0)},
            x,
            y,
            x,
            y,
            epochs=2,
            batch_size=16,
            device="cpu",
            progress=False,
            seed=5,
        )  # fmt: skip
        for _ in range(2)
    ]
    assert run[0]["a"]["loss_history"] == run[0]["b"]["loss_history"]
    assert run[0]["a"]["loss_history"] == run[1]["a"]["loss_history"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"models": {}}, "models is empty"),
     ({"y_train": np.zeros(3, dtype=int)}, "x_train must be uint8"),
     ({"x_val": np.zeros((4, 3, 4, 4))}, r"x_val must be uint8 \(N, 3, H, W\)"),
     ({"batch_size": 1000}, "need at least one minibatch")],
)  # fmt: skip
def test_bad_arguments(kwargs, message) -> None:
    x, y = easy_data(64)
    args = {"models": {"a": tiny(0)}, "x_train": x, "y_train": y, "x_val": x, "y_val": y}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        compare.train_side_by_side(**args, progress=False, device="cpu")
