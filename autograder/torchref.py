"""Small PyTorch helpers for the references: NumPy in, float64 PyTorch, NumPy out.

The references of every notebook (``autograder/tasks/<notebook>.py``) compute in float64 with
PyTorch and take and return NumPy values, like the graded functions.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812 (the usual name)


def tensor(a: Any) -> torch.Tensor:
    """A float64 tensor copy of a NumPy array or nested list."""
    return torch.tensor(np.array(a, dtype=np.float64, order="C", copy=True))


def numpy(t: torch.Tensor) -> np.ndarray:
    """A NumPy float64 array of a tensor."""
    return t.detach().cpu().numpy().astype(np.float64)


def conv2d(
    x: Any, w: Any, b: Any = None, stride: int = 1, padding: int = 0, groups: int = 1
) -> np.ndarray:
    """``F.conv2d`` in float64 on NumPy inputs; returns NumPy."""
    bias = None if b is None else tensor(b)
    return numpy(
        F.conv2d(tensor(x), tensor(w), bias, stride=stride, padding=padding, groups=groups)
    )
