"""The fast_conv notebook's instructor side: references, mistakes, random cases.

Registered in :mod:`autograder.tasks` (see its docstring for what each name means).

The references compute with PyTorch in float64:

- ``toeplitz_1d`` and ``conv_matrix``: the matrix of a linear map is found by applying the map to
  the unit vectors; column j of the matrix is ``F.conv1d`` (``F.conv2d``) of the j-th unit vector.
- ``im2col`` and ``col2im``: ``F.unfold`` and ``F.fold``.
- ``conv_forward_im2col``: ``F.conv2d``, with the cache ``(x, w, b, stride, padding, cols)``;
  ``conv_backward_im2col``: autograd of ``F.conv2d`` (the conv_backward notebook's reference).

The solution notebook is never the reference. The ``*_mistakes`` functions compute what
well-known wrong implementations return, as ``(likely cause, wrong result)`` pairs, so that a
failing hidden test can name the mistake.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812 (the usual name)

from autograder.tasks import case, random_array
from autograder.tasks import conv_backward as conv_backward_task
from autograder.torchref import conv2d, tensor
from autograder.torchref import numpy as _np
from cnnlab.checks import Case
from cnnlab.checks import fast_conv as visible
from cnnlab.checks.fast_conv import ConvCache

NOTEBOOK = "fast_conv"
"""solutions/numpy_cnn/fast_conv.ipynb."""

NUMPY_ONLY = True
"""The graded functions use NumPy only (no torch, scipy, cnnlab or autograder)."""

SAME_DTYPE = ("im2col", "col2im", "conv_forward_im2col")
"""float32 in, float32 out: the fast layers must not upcast (the benchmark runs in float32)."""

Mistakes = list[tuple[str, Any]]


# --- toeplitz_1d, conv_matrix --------------------------------------------------------------------


def toeplitz_1d(w: np.ndarray, n: int) -> np.ndarray:
    """T (n - k + 1, n) with T @ x = F.conv1d(x, w): column j is the correlation of e_j."""
    if np.ndim(w) != 1:
        raise ValueError(f"w must be 1-D, got shape {np.shape(w)}")
    k = len(w)
    if k < 1 or k > n:
        raise ValueError(f"a kernel of length {k} does not fit in an input of length {n}")
    units = torch.eye(n, dtype=torch.float64)[:, None, :]  # (n, 1, n): e_0, ..., e_{n-1}
    columns = F.conv1d(units, tensor(w)[None, None])[:, 0, :]  # (n, n - k + 1): T e_j
    return _np(columns.T).astype(np.asarray(w).dtype)


def conv_matrix(kernel: np.ndarray, H: int, W: int) -> np.ndarray:
    """M (H_out*W_out, H*W) with M @ x.ravel() = F.conv2d(x, kernel).ravel(), by unit images."""
    if np.ndim(kernel) != 2:
        raise ValueError(f"kernel must be 2-D, got shape {np.shape(kernel)}")
    HH, WW = kernel.shape
    if HH > H or WW > W:
        raise ValueError(f"kernel {kernel.shape} does not fit in an image of shape {(H, W)}")
    units = torch.eye(H * W, dtype=torch.float64).reshape(H * W, 1, H, W)  # one pixel on each
    columns = F.conv2d(units, tensor(kernel)[None, None]).reshape(H * W, -1)  # (H*W, outputs)
    return _np(columns.T).astype(kernel.dtype)


def toeplitz_1d_mistakes(w: np.ndarray, n: int) -> Mistakes:
    """Flipped kernel, last row zero, n - k rows, transposed, every row at the same columns."""
    T = toeplitz_1d(np.asarray(w, dtype=np.float64), n)
    k = len(w)
    last_zero = T.copy()
    last_zero[-1] = 0.0
    not_shifted = np.zeros(T.shape)
    not_shifted[:, :k] = w
    return [
        (visible.KERNEL_FLIPPED, toeplitz_1d(np.asarray(w[::-1], dtype=np.float64), n)),
        (visible.LAST_ROW_ZERO, last_zero),
        (visible.MISSING_PLUS_ONE, T[:-1]),
        (visible.TRANSPOSED, T.T),
        (visible.ROWS_NOT_SHIFTED, not_shifted),
    ]


def conv_matrix_mistakes(kernel: np.ndarray, H: int, W: int) -> Mistakes:
    """Kernel rotated, rows reversed, blocks not shifted, transposed, last block row zero."""
    k64 = np.asarray(kernel, dtype=np.float64)
    M = conv_matrix(k64, H, W)
    HH, WW = kernel.shape
    H_out, W_out = H - HH + 1, W - WW + 1
    last_zero = M.copy()
    last_zero[(H_out - 1) * W_out :] = 0.0
    return [
        (visible.KERNEL_FLIPPED, conv_matrix(k64[::-1, ::-1], H, W)),
        (visible.KERNEL_ROWS_REVERSED, conv_matrix(k64[::-1], H, W)),
        (visible.BLOCKS_NOT_SHIFTED, np.tile(M[:W_out], (H_out, 1))),  # block row 0, H_out times
        (visible.TRANSPOSED, M.T),
        (visible.LAST_BLOCK_ROW_ZERO, last_zero),
    ]


# --- im2col, col2im ------------------------------------------------------------------------------


def _pair(kernel_size: Any) -> tuple[int, int]:
    """(HH, WW) of an int or a pair."""
    if np.isscalar(kernel_size):
        return int(kernel_size), int(kernel_size)
    HH, WW = kernel_size
    return int(HH), int(WW)


def _out_size(H: int, W: int, HH: int, WW: int, stride: int, padding: int) -> tuple[int, int]:
    """(H_out, W_out) = ((H + 2p - HH) // stride + 1, (W + 2p - WW) // stride + 1)."""
    return (H + 2 * padding - HH) // stride + 1, (W + 2 * padding - WW) // stride + 1


def _check_geometry(shape: tuple[int, ...], HH: int, WW: int, stride: int, padding: int) -> None:
    """ValueError unless an HH x WW window with this stride fits in the padded (N, C, H, W)."""
    if len(shape) != 4:
        raise ValueError(f"x must have shape (N, C, H, W), got {shape}")
    if stride <= 0 or padding < 0 or HH <= 0 or WW <= 0:
        raise ValueError(f"need stride > 0, padding >= 0 and a kernel, got {stride}, {padding}")
    if HH > shape[2] + 2 * padding or WW > shape[3] + 2 * padding:
        raise ValueError(f"a {HH}x{WW} window does not fit in {shape} padded by {padding}")


def _unfold(x: Any, HH: int, WW: int, stride: int, padding: int) -> np.ndarray:
    """F.unfold in float64."""
    return _np(F.unfold(tensor(x), (HH, WW), padding=padding, stride=stride))


def _fold(cols: Any, size: tuple[int, int], HH: int, WW: int, stride: int, padding: int):
    """F.fold in float64."""
    return _np(F.fold(tensor(cols), size, (HH, WW), padding=padding, stride=stride))


def im2col(x: np.ndarray, kernel_size: Any, stride: int = 1, padding: int = 0) -> np.ndarray:
    """``F.unfold(x, kernel_size, padding=padding, stride=stride)``, in x's dtype."""
    HH, WW = _pair(kernel_size)
    _check_geometry(x.shape, HH, WW, stride, padding)
    return _unfold(x, HH, WW, stride, padding).astype(x.dtype)


def col2im(
    cols: np.ndarray, x_shape: tuple[int, ...], kernel_size: Any, stride: int = 1, padding: int = 0
) -> np.ndarray:
    """``F.fold(cols, (H, W), kernel_size, padding=padding, stride=stride)``, in cols' dtype."""
    HH, WW = _pair(kernel_size)
    _check_geometry(tuple(x_shape), HH, WW, stride, padding)
    N, C, H, W = x_shape
    H_out, W_out = _out_size(H, W, HH, WW, stride, padding)
    if cols.shape != (N, C * HH * WW, H_out * W_out):
        raise ValueError(f"cols {cols.shape} does not fit x_shape {x_shape}")
    return _fold(cols, (H, W), HH, WW, stride, padding).astype(cols.dtype)


def im2col_mistakes(x: np.ndarray, kernel_size: Any, stride: int = 1, padding: int = 0) -> Mistakes:
    """Rows (di, dj, c), transposed, reshaped without transpose, stride or padding ignored."""
    HH, WW = _pair(kernel_size)
    N, C, H, W = x.shape
    H_out, W_out = _out_size(H, W, HH, WW, stride, padding)
    L = H_out * W_out
    cols = _unfold(x, HH, WW, stride, padding)  # (N, C*HH*WW, L)
    by_axes = cols.reshape(N, C, HH, WW, H_out, W_out)
    out = [
        (visible.ROWS_IJC, by_axes.transpose(0, 2, 3, 1, 4, 5).reshape(N, C * HH * WW, L)),
        (visible.COLUMNS_TRANSPOSED, cols.transpose(0, 2, 1)),
        (
            visible.RESHAPE_WITHOUT_TRANSPOSE,  # the window view (N, C, H_out, W_out, HH, WW)
            by_axes.transpose(0, 1, 4, 5, 2, 3).reshape(N, C * HH * WW, L),
        ),
    ]
    if stride > 1:
        out.append((visible.STRIDE_IGNORED, _unfold(x, HH, WW, 1, padding)))
    if padding > 0 and HH <= H and WW <= W:
        out.append((visible.PADDING_IGNORED, _unfold(x, HH, WW, stride, 0)))
        one_side = np.pad(x, ((0, 0), (0, 0), (0, 2 * padding), (0, 2 * padding)))
        out.append((visible.ONE_SIDED_PADDING, _unfold(one_side, HH, WW, stride, 0)))
    return out


def _col2im_overwrite(cols: Any, x_shape: tuple[int, ...], HH: int, WW: int, s: int, p: int):
    """col2im with = instead of +=, kernel offset after kernel offset: the last one wins."""
    N, C, H, W = x_shape
    H_out, W_out = _out_size(H, W, HH, WW, s, p)
    by_offset = np.asarray(cols, dtype=np.float64).reshape(N, C, HH, WW, H_out, W_out)
    x_pad = np.zeros((N, C, H + 2 * p, W + 2 * p))
    for di in range(HH):
        for dj in range(WW):
            x_pad[:, :, di : di + s * H_out : s, dj : dj + s * W_out : s] = by_offset[:, :, di, dj]
    return x_pad[:, :, p : p + H, p : p + W]


def col2im_mistakes(
    cols: np.ndarray, x_shape: tuple[int, ...], kernel_size: Any, stride: int = 1, padding: int = 0
) -> Mistakes:
    """Overwriting, rows read as (di, dj, c), padding not cropped or badly cropped, no stride."""
    HH, WW = _pair(kernel_size)
    N, C, H, W = x_shape
    H_out, W_out = _out_size(H, W, HH, WW, stride, padding)
    L = H_out * W_out
    c64 = np.asarray(cols, dtype=np.float64)
    ijc = c64.reshape(N, HH, WW, C, L).transpose(0, 3, 1, 2, 4).reshape(N, C * HH * WW, L)
    x_pad = _fold(c64, (H + 2 * padding, W + 2 * padding), HH, WW, stride, 0)  # not cropped
    out = [
        (visible.OVERWRITTEN, _col2im_overwrite(c64, x_shape, HH, WW, stride, padding)),
        (visible.ROWS_IJC, _fold(ijc, (H, W), HH, WW, stride, padding)),
    ]
    if padding > 0:
        out.append((visible.PADDING_NOT_CROPPED, x_pad))
        out.append((visible.CROPPED_ONE_SIDE, x_pad[:, :, :H, :W]))
    else:
        out.append((visible.CROP_EMPTY, np.zeros((N, C, 0, 0))))
    if stride > 1:  # window (i, j) sent back to (i + di, j + dj): a stride-1 fold, top left
        dense = _fold(c64, (H_out + HH - 1, W_out + WW - 1), HH, WW, 1, 0)
        spread = np.zeros(x_pad.shape)
        spread[:, :, : H_out + HH - 1, : W_out + WW - 1] = dense
        out.append(
            (visible.STRIDE_IGNORED, spread[:, :, padding : padding + H, padding : padding + W])
        )
    return out


# --- conv_forward_im2col, conv_backward_im2col ---------------------------------------------------


def conv_forward_im2col(
    x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1, padding: int = 0
) -> tuple[np.ndarray, ConvCache]:
    """``F.conv2d`` -> (out, cache = (x, w, b, stride, padding, F.unfold(x)))."""
    if x.ndim != 4 or w.ndim != 4 or x.shape[1] != w.shape[1] or b.shape != (w.shape[0],):
        raise ValueError(f"shapes do not fit: x {x.shape}, w {w.shape}, b {b.shape}")
    HH, WW = w.shape[2:]
    _check_geometry(x.shape, HH, WW, stride, padding)
    out = conv2d(x, w, b, stride, padding).astype(np.result_type(x, w, b))
    cols = im2col(x, (HH, WW), stride, padding)
    return out, ConvCache((x, w, b, stride, padding, cols))


def conv_forward_im2col_mistakes(
    x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1, padding: int = 0
) -> Mistakes:
    """Bias forgotten, weights flattened (di, dj, c), output read as (N, H_out, W_out, F), ..."""
    F_, C, HH, WW = w.shape
    w64 = np.asarray(w, dtype=np.float64)
    no_bias = conv2d(x, w, None, stride, padding)  # (N, F, H_out, W_out)
    N, _, H_out, W_out = no_bias.shape
    bias = np.asarray(b, dtype=np.float64).reshape(1, F_, 1, 1)
    nhwc = no_bias.reshape(N, H_out, W_out, F_).transpose(0, 3, 1, 2)
    out = [
        (visible.BIAS_FORGOTTEN, no_bias),
        (
            visible.WEIGHTS_ORDER,
            conv2d(x, w64.transpose(0, 2, 3, 1).reshape(w.shape), b, stride, padding),
        ),
        (visible.OUT_LAYOUT, nhwc + bias),
    ]
    if stride > 1:
        out.append((visible.STRIDE_IGNORED, conv2d(x, w, b, 1, padding)))
    if padding > 0 and HH <= x.shape[2] and WW <= x.shape[3]:
        out.append((visible.PADDING_IGNORED, conv2d(x, w, b, stride, 0)))
    return out


def conv_backward_im2col(
    dout: np.ndarray, cache: tuple[Any, ...]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(dx, dw, db) of ``F.conv2d(x, w, b, stride, padding)`` by autograd (cols is not needed)."""
    return conv_backward_task.conv_backward_naive(dout, cache[:5])


def conv_backward_im2col_mistakes(dout: np.ndarray, cache: tuple[Any, ...]) -> Mistakes:
    """One image's dw or dw / N, db over wrong axes, w reshaped not transposed, dw transposed."""
    x, w, b, stride, padding, _ = cache
    F_, C, HH, WW = w.shape
    dx, dw, db = conv_backward_task.conv_backward_naive(dout, cache[:5])
    shared = (visible.DB_WRONG_AXES, visible.DW_BATCH_NOT_SUMMED)  # conv_backward's mistakes
    out = [
        (cause, wrong)
        for cause, wrong in conv_backward_task.conv_backward_naive_mistakes(dout, cache[:5])
        if cause in shared
    ]

    def dx_with(weights: np.ndarray) -> np.ndarray:
        """The dx of dout sent back through other weights (dx depends on w only)."""
        return conv_backward_task.conv_backward_naive(dout, (x, weights, b, stride, padding))[0]

    w64 = np.asarray(w, dtype=np.float64)
    w_reshaped = w64.reshape(C * HH * WW, F_).T.reshape(F_, C, HH, WW)
    w_channels_last = w64.transpose(0, 2, 3, 1).reshape(F_, C, HH, WW)
    out += [
        (visible.W_RESHAPED_NOT_TRANSPOSED, (dx_with(w_reshaped), dw, db)),
        (visible.DW_NOT_TRANSPOSED, (dx, dw.reshape(F_, -1).T.reshape(F_, C, HH, WW), db)),
        (visible.WEIGHTS_ORDER, (dx_with(w_channels_last), dw, db)),
    ]
    return out


REFERENCES: dict[str, Callable[..., Any]] = {
    name: globals()[name] for names in visible.FUNCTIONS.values() for name in names
}
"""Reference implementation of every graded function, by name."""

MISTAKES: dict[str, Callable[..., Mistakes]] = {
    name: globals()[f"{name}_mistakes"] for name in REFERENCES
}
"""``name -> function(*args, **kwargs) -> [(likely cause, wrong result), ...]``."""

SUBSTITUTES: dict[str, tuple[str, ...]] = {
    "conv_matrix": ("toeplitz_1d",),
    "conv_forward_im2col": ("im2col",),
    "conv_backward_im2col": ("col2im", "im2col"),
}
"""conv_matrix is built from toeplitz_1d blocks, the layers from im2col and col2im: a wrong
earlier part costs the later cell nothing."""


# --- randomised hidden cases ---------------------------------------------------------------------


def _toeplitz_1d_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = [case("toeplitz_1d", random_array(rng, (3,), False), 7, note="k = 3, n = 7")]
    for k in range(10):
        n = int(rng.integers(1, 11))
        size = int(rng.integers(1, n + 1))
        cases.append(case("toeplitz_1d", random_array(rng, (size,), k % 2 == 1), n))
    cases.append(case("toeplitz_1d", random_array(rng, (5,), False), 4, note="k > n"))
    cases.append(case("toeplitz_1d", random_array(rng, (2, 2), False), 4, note="w is 2-D"))
    return cases


def _conv_matrix_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = [case("conv_matrix", random_array(rng, (2, 3), False), 4, 5, note="2x3 in 4x5")]
    for k in range(10):
        H, W = (int(v) for v in rng.integers(1, 7, size=2))
        HH, WW = int(rng.integers(1, H + 1)), int(rng.integers(1, W + 1))
        cases.append(case("conv_matrix", random_array(rng, (HH, WW), k % 2 == 1), H, W))
    cases.append(case("conv_matrix", random_array(rng, (3, 2), False), 2, 4, note="HH > H"))
    return cases


def _geometry(rng: np.random.Generator, k: int) -> dict[str, Any]:
    """Random N, C, H, W, F, HH, WW, stride, padding (the kernel fits without padding)."""
    N, C, F_ = (1, 1, 1) if k == 0 else (int(v) for v in rng.integers(1, 4, size=3))
    H, W = (int(v) for v in rng.integers(3, 9, size=2))
    HH, WW = (int(v) for v in rng.integers(1, 4, size=2))
    stride, padding = int(rng.integers(1, 4)), int(rng.integers(0, 3))
    return dict(N=N, C=C, F=F_, H=H, W=W, HH=HH, WW=WW, stride=stride, padding=padding)


def _kernel_size(g: dict[str, Any], k: int) -> Any:
    """An int for square kernels (every other one), else the pair (HH, WW)."""
    return g["HH"] if g["HH"] == g["WW"] and k % 2 == 0 else (g["HH"], g["WW"])


def _im2col_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(12):
        g = _geometry(rng, k)
        x = random_array(rng, (g["N"], g["C"], g["H"], g["W"]), k % 2 == 1)
        geometry = {"stride": g["stride"], "padding": g["padding"]}
        note = f"stride {g['stride']}, padding {g['padding']}"
        cases.append(case("im2col", x, _kernel_size(g, k), **geometry, note=note))
    x = random_array(rng, (2, 2, 2, 3), False)
    cases.append(case("im2col", x, 3, padding=1, note="the kernel only fits with the padding"))
    cases.append(case("im2col", x, 3, note="a 3x3 window in a 2x3 image"))
    cases.append(case("im2col", x, 2, stride=0, note="stride 0"))
    return cases


def _col2im_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(12):
        g = _geometry(rng, k)
        H_out, W_out = _out_size(g["H"], g["W"], g["HH"], g["WW"], g["stride"], g["padding"])
        cols = random_array(rng, (g["N"], g["C"] * g["HH"] * g["WW"], H_out * W_out), k % 2 == 1)
        x_shape = (g["N"], g["C"], g["H"], g["W"])
        geometry = {"stride": g["stride"], "padding": g["padding"]}
        note = f"stride {g['stride']}, padding {g['padding']}"
        cases.append(case("col2im", cols, x_shape, _kernel_size(g, k), **geometry, note=note))
    cols = random_array(rng, (1, 8, 6), False)
    cases.append(case("col2im", cols, (1, 2, 3, 4), 2, note="cols of 6 windows, 3x4 has 6"))
    cases.append(case("col2im", cols, (1, 2, 4, 4), 2, note="cols of 6 windows, 4x4 has 9"))
    return cases


def _layer_inputs(
    rng: np.random.Generator, k: int
) -> tuple[dict, bool, np.ndarray, np.ndarray, np.ndarray]:
    """Geometry ``g`` of case ``k``, whether it is float32, and random x, w, b for it."""
    g = _geometry(rng, k)
    f32 = k % 2 == 1
    x = random_array(rng, (g["N"], g["C"], g["H"], g["W"]), f32)  # (N, C, H, W)
    w = random_array(rng, (g["F"], g["C"], g["HH"], g["WW"]), f32)  # (F, C, HH, WW)
    b = random_array(rng, (g["F"],), f32)  # (F,)
    return g, f32, x, w, b


def _conv_forward_im2col_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(12):
        g, f32, x, w, b = _layer_inputs(rng, k)
        geometry = {"stride": g["stride"], "padding": g["padding"]}
        note = f"stride {g['stride']}, padding {g['padding']}"
        cases.append(case("conv_forward_im2col", x, w, b, **geometry, note=note))
    x, w = random_array(rng, (1, 2, 4, 4), False), random_array(rng, (3, 3, 2, 2), False)
    b = random_array(rng, (3,), False)
    cases.append(case("conv_forward_im2col", x, w, b, note="x has 2 channels, w 3"))
    return cases


def _conv_backward_im2col_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(12):
        g, f32, x, w, b = _layer_inputs(rng, k)
        s, p = g["stride"], g["padding"]
        H_out, W_out = _out_size(g["H"], g["W"], g["HH"], g["WW"], s, p)
        dout = random_array(rng, (g["N"], g["F"], H_out, W_out), f32)
        cache = ConvCache((x, w, b, s, p, im2col(x, (g["HH"], g["WW"]), s, p)))
        cases.append(case("conv_backward_im2col", dout, cache, note=f"stride {s}, padding {p}"))
    return cases


GENERATORS: dict[str, Callable[[np.random.Generator], list[tuple[str, Case]]]] = {
    "toeplitz_1d": _toeplitz_1d_cases,
    "conv_matrix": _conv_matrix_cases,
    "im2col": _im2col_cases,
    "col2im": _col2im_cases,
    "conv_forward_im2col": _conv_forward_im2col_cases,
    "conv_backward_im2col": _conv_backward_im2col_cases,
}
"""Randomised hidden cases of every grade id (the same on every run)."""
