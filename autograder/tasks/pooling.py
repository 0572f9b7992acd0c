"""The pooling notebook's instructor side: references, mistakes, random cases.

Registered in :mod:`autograder.tasks` (see its docstring for what each name means).

The references compute with PyTorch in float64: ``F.max_pool2d`` and ``F.avg_pool2d`` for the
forward passes, autograd through them for the backward passes, and for ``receptive_field`` an
experiment: the gradient of one output unit of a stack of convolutions (all weights 1) with
respect to the input is non-zero exactly on that unit's receptive field. The solution notebook is
never the reference.

The ``*_mistakes`` functions compute what well-known wrong implementations return, as
``(likely cause, wrong result)`` pairs (plain NumPy loops written like the wrong student code), so
that a failing hidden test can name the mistake.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812 (the usual name)

from autograder.tasks import case, random_array
from autograder.torchref import numpy as _np
from autograder.torchref import tensor as _t
from cnnlab.checks import Case
from cnnlab.checks import pooling as visible
from cnnlab.checks.pooling import PoolCache

NOTEBOOK = "pooling"
"""solutions/numpy_cnn/pooling.ipynb."""

NUMPY_ONLY = True
"""The graded functions use NumPy only (no torch, scipy, cnnlab or autograder)."""

Mistakes = list[tuple[str, Any]]


# --- forward passes ----------------------------------------------------------------------------


def _check_window(x: np.ndarray, kernel_size: int, stride: int) -> None:
    """ValueError unless a kernel_size x kernel_size window with this stride fits in x."""
    if x.ndim != 4:
        raise ValueError(f"x must have shape (N, C, H, W), got {x.shape}")
    if kernel_size <= 0 or stride <= 0:
        raise ValueError(f"kernel_size={kernel_size} and stride={stride} must be positive")
    if kernel_size > min(x.shape[2:]):
        raise ValueError(f"a {kernel_size}x{kernel_size} window does not fit in x {x.shape}")


def _pool_forward(
    pool: Any, x: np.ndarray, kernel_size: int, stride: int
) -> tuple[np.ndarray, PoolCache]:
    """One PyTorch pooling in float64, in x's dtype, with the notebook's cache."""
    _check_window(x, kernel_size, stride)
    out = _np(pool(_t(x), kernel_size, stride)).astype(x.dtype)
    return out, PoolCache((x, kernel_size, stride))


def max_pool_forward_naive(
    x: np.ndarray, kernel_size: int = 2, stride: int = 2
) -> tuple[np.ndarray, PoolCache]:
    """``F.max_pool2d(x, kernel_size, stride)`` -> (out, cache = (x, kernel_size, stride))."""
    return _pool_forward(F.max_pool2d, x, kernel_size, stride)


def avg_pool_forward(
    x: np.ndarray, kernel_size: int = 2, stride: int = 2
) -> tuple[np.ndarray, PoolCache]:
    """``F.avg_pool2d(x, kernel_size, stride)`` -> (out, cache = (x, kernel_size, stride))."""
    return _pool_forward(F.avg_pool2d, x, kernel_size, stride)


def _out_size(x: np.ndarray, kernel_size: int, stride: int) -> tuple[int, int]:
    """(H_out, W_out) = ((H - kernel_size) // stride + 1, (W - kernel_size) // stride + 1)."""
    return tuple((n - kernel_size) // stride + 1 for n in x.shape[2:])  # type: ignore[return-value]


def _windows(x: np.ndarray, size: int, stride: int, h_out: int, w_out: int, reduce: Callable):
    """``reduce`` of every window x[n, c, i*stride : i*stride + size, ...] (clipped at the end)."""
    N, C = x.shape[:2]
    out = np.zeros((N, C, h_out, w_out))
    for i in range(h_out):
        for j in range(w_out):
            top, left = i * stride, j * stride
            out[:, :, i, j] = reduce(x[:, :, top : top + size, left : left + size])
    return out


def max_pool_forward_naive_mistakes(
    x: np.ndarray, kernel_size: int = 2, stride: int = 2
) -> Mistakes:
    """Stride ignored, +1 missing, channels mixed, window of size stride, maximum from 0."""
    h_out, w_out = _out_size(x, kernel_size, stride)
    expected = _np(F.max_pool2d(_t(x), kernel_size, stride))
    window_max = lambda w: w.max(axis=(2, 3))  # noqa: E731
    return [
        (visible.STRIDE_IGNORED, _windows(x, kernel_size, 1, h_out, w_out, window_max)),
        (visible.MISSING_PLUS_ONE, expected[:, :, : h_out - 1, : w_out - 1]),
        (
            visible.CHANNELS_MIXED,
            np.broadcast_to(expected.max(axis=1, keepdims=True), expected.shape),
        ),
        (visible.WINDOW_IS_STRIDE, _windows(x, stride, stride, h_out, w_out, window_max)),
        (visible.MAX_STARTS_AT_ZERO, np.maximum(expected, 0.0)),
    ]


def avg_pool_forward_mistakes(x: np.ndarray, kernel_size: int = 2, stride: int = 2) -> Mistakes:
    """Sum not mean, divided by k, channels averaged, stride ignored, +1 missing."""
    h_out, w_out = _out_size(x, kernel_size, stride)
    expected = _np(F.avg_pool2d(_t(x), kernel_size, stride))
    window_mean = lambda w: w.mean(axis=(2, 3))  # noqa: E731
    return [
        (visible.AVG_SUM, expected * kernel_size**2),
        (visible.DIVIDED_BY_K, expected * kernel_size),
        (
            visible.CHANNELS_AVERAGED,
            np.broadcast_to(expected.mean(axis=1, keepdims=True), expected.shape),
        ),
        (visible.STRIDE_IGNORED, _windows(x, kernel_size, 1, h_out, w_out, window_mean)),
        (visible.MISSING_PLUS_ONE, expected[:, :, : h_out - 1, : w_out - 1]),
    ]


# --- backward passes ---------------------------------------------------------------------------


def _unpack(cache: Sequence[Any]) -> tuple[np.ndarray, int, int]:
    x, kernel_size, stride = cache
    return x, kernel_size, stride


def _autograd(pool: Callable, dout: np.ndarray, cache: Sequence[Any]) -> np.ndarray:
    """The gradient dx of ``pool(x, kernel_size, stride)`` for the upstream dout, by autograd."""
    x, kernel_size, stride = _unpack(cache)
    xt = _t(x).requires_grad_(True)
    out = pool(xt, kernel_size, stride)
    if tuple(out.shape) != dout.shape:
        raise ValueError(f"dout {dout.shape} does not match the output {tuple(out.shape)}")
    (dx,) = torch.autograd.grad(out, xt, _t(dout))
    return _np(dx).astype(np.result_type(x, dout))


def max_pool_backward_naive(dout: np.ndarray, cache: Sequence[Any]) -> np.ndarray:
    """The dx of ``F.max_pool2d`` by autograd (ties: the first maximum in row-major order)."""
    return _autograd(F.max_pool2d, dout, cache)


def avg_pool_backward(dout: np.ndarray, cache: Sequence[Any]) -> np.ndarray:
    """The dx of ``F.avg_pool2d`` by autograd."""
    return _autograd(F.avg_pool2d, dout, cache)


def _scatter(
    dout: np.ndarray,
    cache: Sequence[Any],
    share: Callable[[np.ndarray, float], np.ndarray],
    *,
    stride_used: bool = True,
) -> np.ndarray:
    """The dx where window (i, j) of every (n, c) adds ``share(window, dout[n, c, i, j])`` to dx."""
    x, k, s = _unpack(cache)
    step = s if stride_used else 1
    dx = np.zeros(x.shape)
    N, C, h_out, w_out = dout.shape
    for n in range(N):
        for c in range(C):
            for i in range(h_out):
                for j in range(w_out):
                    top, left = i * step, j * step
                    window = x[n, c, top : top + k, left : left + k]
                    dx[n, c, top : top + k, left : left + k] += share(window, dout[n, c, i, j])
    return dx


def _max_overwrite(dout: np.ndarray, cache: Sequence[Any]) -> np.ndarray:
    """dx[first maximum] = dout (not +=), window after window: a later window wins."""
    x, k, s = _unpack(cache)
    dx = np.zeros(x.shape)
    N, C, h_out, w_out = dout.shape
    for n in range(N):
        for c in range(C):
            for i in range(h_out):
                for j in range(w_out):
                    window = x[n, c, i * s : i * s + k, j * s : j * s + k]
                    u, v = np.unravel_index(np.argmax(window), window.shape)
                    dx[n, c, i * s + u, j * s + v] = dout[n, c, i, j]
    return dx


def _one_hot(window: np.ndarray, index: int) -> np.ndarray:
    hot = np.zeros(window.size)
    hot[index] = 1.0
    return hot.reshape(window.shape)


def _first(window: np.ndarray) -> np.ndarray:
    return _one_hot(window, int(np.argmax(window)))


def _last(window: np.ndarray) -> np.ndarray:
    return _one_hot(window, window.size - 1 - int(np.argmax(window[::-1, ::-1])))


def max_pool_backward_naive_mistakes(dout: np.ndarray, cache: Sequence[Any]) -> Mistakes:
    """Ties to every or the last maximum, overwriting, stride ignored, times the maximum."""
    return [
        (visible.TIES_ALL, _scatter(dout, cache, lambda w, d: (w == w.max()) * d)),
        (visible.TIES_LAST, _scatter(dout, cache, lambda w, d: _last(w) * d)),
        (visible.OVERLAP_OVERWRITTEN, _max_overwrite(dout, cache)),
        (
            visible.STRIDE_IGNORED,
            _scatter(dout, cache, lambda w, d: _first(w) * d, stride_used=False),
        ),
        (visible.TIMES_MAX, _scatter(dout, cache, lambda w, d: _first(w) * d * w.max())),
    ]


def avg_pool_backward_mistakes(dout: np.ndarray, cache: Sequence[Any]) -> Mistakes:
    """Not divided, divided by k, overwriting, stride ignored, dout forgotten."""
    x, k, s = _unpack(cache)
    expected = avg_pool_backward(dout, cache)
    return [
        (visible.AVG_NOT_DIVIDED, expected * k**2),
        (visible.DIVIDED_BY_K, expected * k),
        (visible.OVERLAP_OVERWRITTEN, _avg_overwrite(dout, cache)),
        (
            visible.STRIDE_IGNORED,
            _scatter(dout, cache, lambda w, d: np.full(w.shape, d / k**2), stride_used=False),
        ),
        (visible.DOUT_FORGOTTEN, avg_pool_backward(np.ones(dout.shape), cache)),
    ]


def _avg_overwrite(dout: np.ndarray, cache: Sequence[Any]) -> np.ndarray:
    """Window after window (i, then j), each block of dx set to its share: later windows win."""
    x, k, s = _unpack(cache)
    dx = np.zeros(x.shape)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            top, left = i * s, j * s
            dx[:, :, top : top + k, left : left + k] = dout[:, :, i, j, None, None] / k**2
    return dx


# --- receptive_field ---------------------------------------------------------------------------


def _check_layers(layers: Sequence[tuple[int, int]]) -> None:
    if any(k <= 0 or s <= 0 for k, s in layers):
        raise ValueError(f"kernel sizes and strides must be positive, got layers={layers}")


def receptive_field(layers: Sequence[tuple[int, int]]) -> int:
    """Receptive field measured with PyTorch autograd.

    A stack of single-channel convolutions with all weights 1 (so no gradient cancels) runs on an
    input large enough for any receptive field of this stack; the input pixels with a non-zero
    gradient of output unit (0, 0) form a square whose side is returned.
    """
    _check_layers(layers)
    size, jump = 1, 1
    for k, s in layers:  # an upper bound: k (not k - 1) times the jump per layer
        size += k * jump
        jump *= s
    x = torch.ones(1, 1, size, size, dtype=torch.float64, requires_grad=True)
    out = x
    for k, s in layers:
        out = F.conv2d(out, torch.ones(1, 1, k, k, dtype=torch.float64), stride=s)
    (grad,) = torch.autograd.grad(out[0, 0, 0, 0], x)
    rows = torch.nonzero(grad[0, 0].abs().sum(dim=1))
    cols = torch.nonzero(grad[0, 0].abs().sum(dim=0))
    height, width = int(rows.max() - rows.min()) + 1, int(cols.max() - cols.min()) + 1
    assert height == width, (height, width)
    return height


def receptive_field_formula(layers: Sequence[tuple[int, int]], own_stride: bool = False) -> int:
    """By hand: r = 1 + sum over l of (k_l - 1) * (product of the strides before layer l)."""
    _check_layers(layers)
    rf, jump = 1, 1
    for k, s in layers:
        if own_stride:
            jump *= s
        rf += (k - 1) * jump
        if not own_stride:
            jump *= s
    return rf


def receptive_field_mistakes(layers: Sequence[tuple[int, int]]) -> Mistakes:
    """Strides forgotten, own stride counted, kernels multiplied, off by one, reversed order."""
    return [
        (visible.RF_STRIDES_FORGOTTEN, 1 + sum(k - 1 for k, _ in layers)),
        (visible.RF_OWN_STRIDE, receptive_field_formula(layers, own_stride=True)),
        (visible.RF_KERNELS_MULTIPLIED, int(np.prod([k for k, _ in layers], dtype=np.int64))),
        (visible.RF_STARTS_AT_ZERO, receptive_field_formula(layers) - 1),
        (visible.RF_REVERSED, receptive_field_formula(list(reversed(layers)))),
    ]


REFERENCES: dict[str, Any] = {
    name: globals()[name] for names in visible.FUNCTIONS.values() for name in names
}
"""Reference implementation of every graded function, by name."""

MISTAKES: dict[str, Any] = {name: globals()[f"{name}_mistakes"] for name in REFERENCES}
"""``name -> function(*args, **kwargs) -> [(likely cause, wrong result), ...]``."""

SUBSTITUTES: dict[str, tuple[str, ...]] = {}
"""No graded function calls another: each part is graded on its own (the backward cases build
their cache (x, kernel_size, stride) themselves, so a wrong forward pass costs nothing there)."""


# --- hidden tests: randomised cases ------------------------------------------------------------


def _geometry(rng: np.random.Generator, k: int) -> tuple[tuple[int, int, int, int], int, int]:
    """A random (N, C, H, W), kernel_size 1..3 and stride 1..3 where the window fits."""
    kernel_size, stride = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    n, c = (1, 1) if k == 0 else (int(v) for v in rng.integers(1, [3, 4]))
    h, w = (int(v) for v in rng.integers(kernel_size, kernel_size + 6, size=2))
    return (n, c, h, w), kernel_size, stride


def _ties(rng: np.random.Generator, shape: tuple[int, ...], f32: bool) -> np.ndarray:
    """Small integers 0..2 (many ties in every window), float32 or float64."""
    return rng.integers(0, 3, size=shape).astype(np.float32 if f32 else np.float64)


def _forward_cases(name: str, rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(12):
        shape, kernel_size, stride = _geometry(rng, k)
        x = random_array(rng, shape, k % 2 == 1)
        cases.append(case(name, x, kernel_size=kernel_size, stride=stride))
    x = -np.abs(random_array(rng, (1, 2, 4, 5), False))
    cases.append(case(name, x, kernel_size=2, stride=2, note="negative inputs"))
    cases.append(case(name, random_array(rng, (2, 3, 6, 6), False), note="the defaults"))
    x = random_array(rng, (1, 1, 2, 5), False)
    cases.append(case(name, x, kernel_size=3, stride=1, note="the window is taller than x"))
    cases.append(case(name, x, kernel_size=2, stride=0, note="stride 0"))
    cases.append(case(name, x, kernel_size=0, stride=1, note="kernel_size 0"))
    return cases


def _backward_cases(name: str, rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(14):
        shape, kernel_size, stride = _geometry(rng, k)
        f32 = k % 2 == 1
        x = _ties(rng, shape, f32) if k % 3 == 2 else random_array(rng, shape, f32)
        h_out, w_out = _out_size(x, kernel_size, stride)
        dout = random_array(rng, (*shape[:2], h_out, w_out), f32)
        cases.append(case(name, dout, PoolCache((x, kernel_size, stride))))
    x = _ties(rng, (2, 2, 7, 6), False)  # overlapping windows with ties
    dout = random_array(rng, (2, 2, 3, 2), False)
    cases.append(case(name, dout, PoolCache((x, 3, 2)), note="overlapping windows, ties"))
    return cases


def _receptive_field_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = [case("receptive_field", [(3, 2), (2, 1), (5, 3)], note="three layers")]
    for _ in range(14):
        depth = int(rng.integers(1, 5))
        layers = [(int(rng.integers(1, 6)), int(rng.integers(1, 4))) for _ in range(depth)]
        cases.append(case("receptive_field", layers))
    cases.append(case("receptive_field", [(3, 1), (2, -1)], note="a negative stride"))
    return cases


GENERATORS: dict[str, Callable[[np.random.Generator], list[tuple[str, Case]]]] = {
    "max_pool_forward_naive": lambda rng: _forward_cases("max_pool_forward_naive", rng),
    "max_pool_backward_naive": lambda rng: _backward_cases("max_pool_backward_naive", rng),
    "avg_pool_forward": lambda rng: _forward_cases("avg_pool_forward", rng),
    "avg_pool_backward": lambda rng: _backward_cases("avg_pool_backward", rng),
    "receptive_field": _receptive_field_cases,
}
"""Randomised hidden cases of every grade id (the same on every run)."""
