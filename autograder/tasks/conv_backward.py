"""The conv_backward notebook's instructor side: references, mistakes, random cases.

Registered in :mod:`autograder.tasks` (see its docstring for what each name means).

The references are PyTorch in float64: ``F.conv1d`` / ``F.conv2d`` and their gradients by
autograd (``torch.autograd.grad``), ``F.conv_transpose2d`` for the input gradient as a
convolution. The solution notebook is never the reference. The ``*_mistakes`` functions compute
what well-known wrong backward passes return, as ``(likely cause, wrong result)`` pairs, so that a
failing hidden test can name the mistake.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812 (the usual name)

from autograder.tasks import case, random_array
from autograder.torchref import numpy as _np
from autograder.torchref import tensor
from cnnlab.checks import Case
from cnnlab.checks import conv_backward as visible
from cnnlab.checks.conv_backward import Cache

NOTEBOOK = "conv_backward"
"""solutions/numpy_cnn/conv_backward.ipynb."""

NUMPY_ONLY = True
"""The graded functions use NumPy only (no torch, scipy, cnnlab or autograder)."""

Mistakes = list[tuple[str, Any]]


def _dtype(*arrays: Any) -> np.dtype:
    """The dtype a student's result has: np.result_type of the array inputs."""
    return np.result_type(*(a for a in arrays if isinstance(a, np.ndarray)))


# --- conv1d_forward, conv1d_backward -------------------------------------------------------------


def _conv1d(x: Any, w: Any, padding: int = 0) -> np.ndarray:
    """'valid' (or zero-padded) 1-D cross-correlation with ``F.conv1d`` in float64."""
    return _np(F.conv1d(tensor(x)[None, None], tensor(w)[None, None], padding=padding)[0, 0])


def conv1d_forward(x: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, tuple[Any, ...]]:
    """``F.conv1d`` of one channel -> (out, cache = (x, w)); ValueError if w is longer than x."""
    if w.shape[0] > x.shape[0]:
        raise ValueError(f"kernel {w.shape} longer than input {x.shape}")
    return _conv1d(x, w).astype(_dtype(x, w)), (x, w)


def conv1d_forward_mistakes(x: np.ndarray, w: np.ndarray) -> Mistakes:
    """Flipped kernel, last output missing, 'full' and 'same' correlations."""
    k, n = w.shape[0], x.shape[0]
    full = _conv1d(x, w, padding=k - 1)
    return [
        (visible.FORWARD_FLIPPED, _conv1d(x, w[::-1])),
        (visible.FORWARD_MISSING_LAST, _conv1d(x, w)[:-1]),
        (visible.FORWARD_FULL, full),
        (visible.FORWARD_SAME, full[(k - 1) // 2 : (k - 1) // 2 + n]),
    ]


def _grads1d(dout: Any, x: Any, w: Any) -> tuple[np.ndarray, np.ndarray]:
    """(dx, dw) of sum(conv1d(x, w) * dout) by autograd."""
    xt, wt = tensor(x).requires_grad_(), tensor(w).requires_grad_()
    out = F.conv1d(xt[None, None], wt[None, None])[0, 0]
    dx, dw = torch.autograd.grad(out, (xt, wt), tensor(dout))
    return _np(dx), _np(dw)


def conv1d_backward(dout: np.ndarray, cache: tuple[Any, ...]) -> tuple[np.ndarray, np.ndarray]:
    """(dx, dw) of conv1d_forward, by PyTorch autograd."""
    x, w = cache
    dtype = _dtype(dout, x, w)
    dx, dw = _grads1d(dout, x, w)
    return dx.astype(dtype), dw.astype(dtype)


def conv1d_backward_mistakes(dout: np.ndarray, cache: tuple[Any, ...]) -> Mistakes:
    """Overwritten dx or dw, the kernel reversed in dx, dw reversed, last output, dout left out."""
    x, w = cache
    n, k = x.shape[0], w.shape[0]
    dx, dw = _grads1d(dout, x, w)
    dx_set = np.zeros(n)
    for i in range(n - k + 1):  # what `dx[i : i + k] = ...` leaves behind: the last writer wins
        dx_set[i : i + k] = dout[i] * w
    skip_last = np.array(dout, dtype=np.float64)
    skip_last[-1] = 0.0
    return [
        (visible.DX_OVERWRITTEN, (dx_set, dw)),
        (visible.DW_OVERWRITTEN, (dx, dout[-1] * x[n - k :])),
        (visible.DX_KERNEL_FLIPPED, (_grads1d(dout, x, w[::-1])[0], dw)),
        (visible.DW_REVERSED, (dx, dw[::-1])),
        (visible.LAST_OUTPUT_SKIPPED, _grads1d(skip_last, x, w)),
        (visible.DOUT_NOT_USED, (dx, _grads1d(np.ones(n - k + 1), x, w)[1])),
    ]


# --- conv_backward_naive -------------------------------------------------------------------------


def _grads2d(
    dout: Any, x: Any, w: Any, b: Any, stride: int, padding: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(dx, dw, db) of sum(conv2d(x, w, b, stride, padding) * dout) by autograd."""
    xt, wt, bt = (tensor(a).requires_grad_() for a in (x, w, b))
    out = F.conv2d(xt, wt, bt, stride=stride, padding=padding)
    return tuple(_np(g) for g in torch.autograd.grad(out, (xt, wt, bt), tensor(dout)))


def conv_backward_naive(
    dout: np.ndarray, cache: tuple[Any, ...]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(dx, dw, db) of ``F.conv2d(x, w, b, stride, padding)`` by PyTorch autograd."""
    x, w, b, stride, padding = cache
    dtype = _dtype(dout, x, w)
    dx, dw, db = _grads2d(dout, x, w, b, stride, padding)
    return dx.astype(dtype), dw.astype(dtype), db.astype(np.asarray(dout).dtype)


def conv_backward_naive_mistakes(dout: np.ndarray, cache: tuple[Any, ...]) -> Mistakes:
    """Stride ignored, db over wrong axes, padding kept, one image in dw, dx overwritten/flipped."""
    x, w, b, stride, padding = cache
    N, C, H, W = x.shape
    F_, _, HH, WW = w.shape
    _, _, H_out, W_out = dout.shape
    dx, dw, db = _grads2d(dout, x, w, b, stride, padding)
    out: Mistakes = []
    # stride ignored: output (i, j) sends its gradient to the window at (i, j)
    h1, w1 = H + 2 * padding - HH + 1, W + 2 * padding - WW + 1
    spread = np.zeros((N, F_, h1, w1))
    spread[:, :, :H_out, :W_out] = dout
    out.append((visible.BACKWARD_STRIDE_IGNORED, _grads2d(spread, x, w, b, 1, padding)))
    d = np.asarray(dout, dtype=np.float64)
    for axes in [(2, 3), (1, 2, 3), (0, 1, 2, 3), (0,), (1,), (0, 1), (0, 2), (0, 3)]:
        out.append((visible.DB_WRONG_AXES, (dx, dw, d.sum(axis=axes))))
    if padding > 0:
        xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
        out.append((visible.PADDING_NOT_CROPPED, _grads2d(dout, xp, w, b, stride, 0)))
    if N > 1:
        for n in (N - 1, 0):
            one = _grads2d(dout[n : n + 1], x[n : n + 1], w, b, stride, padding)[1]
            out.append((visible.DW_BATCH_NOT_SUMMED, (dx, one, db)))
        out.append((visible.DW_BATCH_NOT_SUMMED, (dx, dw / N, db)))
    # dx assigned instead of accumulated: in the loop order n, f, i, j the last writer wins
    xp_shape = (N, C, H + 2 * padding, W + 2 * padding)
    dxp = np.zeros(xp_shape)
    for n in range(N):
        for f in range(F_):
            for i in range(H_out):
                for j in range(W_out):
                    rows = slice(i * stride, i * stride + HH)
                    cols = slice(j * stride, j * stride + WW)
                    dxp[n, :, rows, cols] = dout[n, f, i, j] * w[f]
    dx_set = dxp[:, :, padding : padding + H, padding : padding + W]
    out.append((visible.DX_OVERWRITTEN, (dx_set, dw, db)))
    w_flipped = w[:, :, ::-1, ::-1]
    out.append(
        (visible.DX_KERNEL_FLIPPED, (_grads2d(dout, x, w_flipped, b, stride, padding)[0], dw, db))
    )
    return out


# --- conv_dx_full_correlation --------------------------------------------------------------------


def conv_dx_full_correlation(dout: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The dx of a stride-1, unpadded convolution: ``F.conv_transpose2d(dout, w)`` in float64."""
    if dout.ndim != 4 or w.ndim != 4 or dout.shape[1] != w.shape[0]:
        raise ValueError(f"dout {dout.shape} does not fit w {w.shape}")
    return _np(F.conv_transpose2d(tensor(dout), tensor(w))).astype(_dtype(dout, w))


def _full(dout: Any, w_rot: Any, pads: tuple[int, int, int, int], h: int, wd: int) -> np.ndarray:
    """A 'valid' correlation of dout padded by pads (left, right, top, bottom) with w_rot.

    Cropped to its first h rows and wd columns: a wrong variant of the full correlation.
    """
    dpad = F.pad(tensor(dout), pads)
    return _np(F.conv2d(dpad, tensor(w_rot)))[:, :, :h, :wd]


def conv_dx_full_correlation_mistakes(dout: np.ndarray, w: np.ndarray) -> Mistakes:
    """No flip, one flip, axes reshaped, padded by HH, padded on one side, one filter only."""
    _, F_, H_out, W_out = dout.shape
    _, C, HH, WW = w.shape
    H, W = H_out + HH - 1, W_out + WW - 1
    w64 = np.asarray(w, dtype=np.float64)
    flipped = w64[:, :, ::-1, ::-1]
    pads = (WW - 1, WW - 1, HH - 1, HH - 1)
    dx = _full(dout, flipped.transpose(1, 0, 2, 3), pads, H, W)
    out = [
        (visible.FULL_NOT_FLIPPED, _full(dout, w64.transpose(1, 0, 2, 3), pads, H, W)),
        (visible.FULL_FLIPPED_ONE_AXIS,
         _full(dout, w64[:, :, ::-1, :].transpose(1, 0, 2, 3), pads, H, W)),
        (visible.FULL_FLIPPED_ONE_AXIS,
         _full(dout, w64[:, :, :, ::-1].transpose(1, 0, 2, 3), pads, H, W)),
        (visible.FULL_AXES_NOT_SWAPPED,
         _full(dout, np.array(flipped).reshape(C, F_, HH, WW), pads, H, W)),
        (visible.FULL_PADDED_BY_KERNEL,
         np.pad(dx, ((0, 0), (0, 0), (1, 0), (1, 0)))[:, :, :H, :W]),
        (visible.FULL_ONE_SIDED_PADDING,
         _full(dout, flipped.transpose(1, 0, 2, 3), (0, 2 * WW - 2, 0, 2 * HH - 2), H, W)),
    ]  # fmt: skip
    for f in (F_ - 1, 0):
        one = _full(dout[:, f : f + 1], flipped[f : f + 1].transpose(1, 0, 2, 3), pads, H, W)
        out.append((visible.FULL_FILTERS_NOT_SUMMED, one))
    return out


REFERENCES: dict[str, Callable[..., Any]] = {
    name: globals()[name] for names in visible.FUNCTIONS.values() for name in names
}
"""Reference implementation of every graded function, by name."""

MISTAKES: dict[str, Callable[..., Mistakes]] = {
    name: globals()[f"{name}_mistakes"] for name in REFERENCES
}
"""``name -> function(*args, **kwargs) -> [(likely cause, wrong result), ...]``."""

SUBSTITUTES: dict[str, tuple[str, ...]] = {}
"""No graded function of this notebook calls another one."""


# --- randomised hidden cases ---------------------------------------------------------------------


def _conv1d_forward_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(10):
        n = int(rng.integers(1, 11))
        size = int(rng.integers(1, n + 1))
        f32 = k % 2 == 1
        cases.append(
            case("conv1d_forward", random_array(rng, (n,), f32), random_array(rng, (size,), f32))
        )
    x, w = random_array(rng, (3,), False), random_array(rng, (5,), False)
    cases.append(case("conv1d_forward", x, w, note="a kernel of 5 in an input of 3"))
    return cases


def _conv1d_backward_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(10):
        n = int(rng.integers(1, 11))
        size = int(rng.integers(1, n + 1))
        f32 = k % 2 == 1
        x, w = random_array(rng, (n,), f32), random_array(rng, (size,), f32)
        dout = random_array(rng, (n - size + 1,), f32)
        cases.append(case("conv1d_backward", dout, Cache((x, w))))
    return cases


def _conv_backward_naive_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(12):
        n, c, f = (1, 1, 1) if k == 0 else (int(v) for v in rng.integers(1, [4, 4, 4]))
        h, w = (int(v) for v in rng.integers(3, 8, size=2))
        hh, ww = (int(v) for v in rng.integers(1, 4, size=2))
        stride, padding = int(rng.integers(1, 4)), int(rng.integers(0, 3))
        f32 = k % 2 == 1
        x, wt = random_array(rng, (n, c, h, w), f32), random_array(rng, (f, c, hh, ww), f32)
        b = random_array(rng, (f,), f32)
        h_out = (h + 2 * padding - hh) // stride + 1
        w_out = (w + 2 * padding - ww) // stride + 1
        dout = random_array(rng, (n, f, h_out, w_out), f32)
        note = f"stride {stride}, padding {padding}"
        cases.append(
            case("conv_backward_naive", dout, Cache((x, wt, b, stride, padding)), note=note)
        )
    return cases


def _conv_dx_full_correlation_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(10):
        n, c, f = (1, 1, 1) if k == 0 else (int(v) for v in rng.integers(1, [3, 4, 4]))
        h_out, w_out = (int(v) for v in rng.integers(1, 6, size=2))
        hh, ww = (int(v) for v in rng.integers(1, 4, size=2))
        f32 = k % 2 == 1
        dout = random_array(rng, (n, f, h_out, w_out), f32)
        cases.append(case("conv_dx_full_correlation", dout, random_array(rng, (f, c, hh, ww), f32)))
    dout, w = random_array(rng, (1, 2, 3, 3), False), random_array(rng, (3, 2, 2, 2), False)
    cases.append(case("conv_dx_full_correlation", dout, w, note="dout has 2 channels, w 3 filters"))
    return cases


GENERATORS: dict[str, Callable[[np.random.Generator], list[tuple[str, Case]]]] = {
    "conv1d_forward": _conv1d_forward_cases,
    "conv1d_backward": _conv1d_backward_cases,
    "conv_backward_naive": _conv_backward_naive_cases,
    "conv_dx_full_correlation": _conv_dx_full_correlation_cases,
}
"""Randomised hidden cases of every grade id (the same on every run)."""
