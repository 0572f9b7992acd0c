"""Visible checks for the fast_conv notebook: small cases you can verify by hand.

Each graded function has one check here, named like its grade id, for example::

    checks.im2col(im2col)

It runs a few tiny cases whose expected results are written below as literals (small integers:
the matrices of a 1-D and a 2-D correlation, column matrices of 3x3 images) and prints
``"<grade_id>: all N visible checks passed."``. When something is wrong it raises
:class:`CheckFailure` with a message that says which case failed, the expected and the returned
shape, the first wrong entry, how many entries are wrong and, when the wrong answer looks like a
well-known mistake, the likely cause.

The four vectorised functions (``im2col``, ``col2im``, ``conv_forward_im2col``,
``conv_backward_im2col``) get one more check: they run on a small and on a larger input (more
images, more output positions, the same kernel), and the number of Python lines your code
executes must not grow. A Python loop over images or output positions makes it grow; the loop
over the HH * WW kernel offsets in ``col2im`` does not (the kernel stays the same).

The backward check builds its cache ``(x, w, b, stride, padding, cols)`` itself, so it tests your
backward pass even if your forward pass is not finished.

Symbols: N, C, H, W (input), F, HH, WW (filters), H_out, W_out (output), L = H_out * W_out
(windows per image); layout NCHW.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from types import FrameType
from typing import Any

import numpy as np

from cnnlab.checks.conv_backward import DB_WRONG_AXES, DW_BATCH_NOT_SUMMED
from cnnlab.checks.report import RAISES, Case, CheckFailure, describe, public
from cnnlab.checks.report import Cache as BaseCache
from cnnlab.checks.report import literal as _a

# Likely causes. The same sentences name a mistake in the visible checks, in the hidden tests and in
# the mutant catalogue of the autograder. (DB_WRONG_AXES and DW_BATCH_NOT_SUMMED are the
# conv_backward notebook's sentences: the same mistakes, the same words.)
KERNEL_FLIPPED = (
    "the kernel is flipped (that is a true convolution, as np.convolve computes it): a CNN layer"
    " cross-correlates, out[i] = sum over u of w[u] * x[i + u], with the kernel as it is"
)
LAST_ROW_ZERO = (
    "the last row is left at zero: there are n - k + 1 outputs, so fill the rows"
    " i = 0, ..., n - k (range(n - k + 1))"
)
MISSING_PLUS_ONE = (
    "the +1 is missing: a 'valid' correlation has n - k + 1 outputs, so T has n - k + 1 rows"
)
TRANSPOSED = (
    "the matrix is transposed: it has one row per output and one column per input entry,"
    " so that matrix @ x gives the outputs"
)
ROWS_NOT_SHIFTED = (
    "every row holds w at the same columns: the window moves one entry per output, so row i"
    " holds w starting at column i, T[i, i + u] = w[u]"
)
KERNEL_ROWS_REVERSED = (
    "the kernel's rows are in reverse order: output row i reads input row i + u with kernel"
    " row u, so block (i, i + u) is toeplitz_1d(kernel[u], W)"
)
BLOCKS_NOT_SHIFTED = (
    "every block row has its blocks in the same block columns: output row i reads input rows"
    " i, ..., i + HH - 1, so the blocks of block row i start at block column i, (i + u) * W"
)
LAST_BLOCK_ROW_ZERO = (
    "the last block row is left at zero: there are H_out = H - HH + 1 output rows, so fill"
    " block rows i = 0, ..., H_out - 1 (range(H_out))"
)
ROWS_IJC = (
    "the rows of a column are in the order (di, dj, c): F.unfold and w.reshape(F, -1) order"
    " them (c, di, dj), channel first, so the windows go to (N, C, HH, WW, H_out, W_out) before"
    " the reshape"
)
COLUMNS_TRANSPOSED = (
    "the column matrix is transposed: each window is one column, so cols has shape"
    " (N, C*HH*WW, H_out*W_out), not (N, H_out*W_out, C*HH*WW)"
)
STRIDE_IGNORED = (
    "the stride is ignored: window (i, j) starts at row i*stride and column j*stride of the"
    " padded input (im2col keeps every stride-th window, col2im sends window (i, j) back there)"
)
PADDING_IGNORED = (
    "the padding is ignored: pad x with `padding` zeros on every side of H and W first, so"
    " H_out = (H + 2*padding - HH) // stride + 1"
)
ONE_SIDED_PADDING = (
    "x is padded on one side only: put `padding` zeros at the top and at the bottom, at the"
    " left and at the right"
)
RESHAPE_WITHOUT_TRANSPOSE = (
    "the window view is reshaped without moving its axes: reshape keeps the memory order"
    " (N, C, H_out, W_out, HH, WW) and mixes window positions with kernel offsets; transpose"
    " to (N, C, HH, WW, H_out, W_out) first"
)
OVERWRITTEN = (
    "overlapping windows overwrite each other: add with += (a pixel that lies in several"
    " windows receives the sum of their entries)"
)
PADDING_NOT_CROPPED = (
    "the padding is not cropped: col2im returns an array of shape x_shape; drop the padded"
    " border, x_pad[:, :, p:p + H, p:p + W]"
)
CROP_EMPTY = (
    "the crop x_pad[:, :, p:-p, p:-p] is empty when p = 0 (-0 is 0, so p:-p is 0:0): crop"
    " with x_pad[:, :, p:p + H, p:p + W]"
)
CROPPED_ONE_SIDE = (
    "the padding is cropped from one side only: it was added on every side, so crop"
    " x_pad[:, :, p:p + H, p:p + W]"
)
BIAS_FORGOTTEN = (
    "the bias is missing: add b[f] to every output of filter f, out + b.reshape(1, F, 1, 1)"
)
WEIGHTS_ORDER = (
    "the weights are flattened in another order than the rows of cols: w.reshape(F, C*HH*WW)"
    " is ordered (c, di, dj) like the rows of im2col, so do not move the channel axis"
)
OUT_LAYOUT = (
    "the product w.reshape(F, -1) @ cols has shape (N, F, H_out*W_out): reshape it to"
    " (N, F, H_out, W_out) directly, it is not (N, H_out, W_out, F)"
)
W_RESHAPED_NOT_TRANSPOSED = (
    "w.reshape(C*HH*WW, F) is not the transpose of w.reshape(F, C*HH*WW): reshape keeps the"
    " memory order; send dout back with w.reshape(F, -1).T"
)
DW_NOT_TRANSPOSED = (
    "dw is built transposed: cols @ dout_flat^T has shape (C*HH*WW, F), and reshaping it to"
    " (F, C, HH, WW) mixes filters and channels; compute dout_flat @ cols^T, shape"
    " (F, C*HH*WW)"
)
CACHE_FORMAT = (
    "the cache must be (x, w, b, stride, padding, cols), with cols the column matrix of shape"
    " (N, C*HH*WW, H_out*W_out) that the backward pass needs for dw"
)
NOT_VECTORISED = (
    "there is a Python loop over images or output positions: vectorise with the window view"
    " and matrix products (the only loop allowed is over the HH*WW kernel offsets, in col2im)"
)


class ConvCache(BaseCache):
    """The cache ``(x, w, b, stride, padding, cols)`` of conv_forward_im2col; a plain tuple."""

    __slots__ = ()
    NAMES = {6: ("x", "w", "b", "stride", "padding", "cols")}


FUNCTIONS: dict[str, tuple[str, ...]] = {
    "toeplitz_1d": ("toeplitz_1d",),
    "conv_matrix": ("conv_matrix",),
    "im2col": ("im2col",),
    "col2im": ("col2im",),
    "conv_forward_im2col": ("conv_forward_im2col",),
    "conv_backward_im2col": ("conv_backward_im2col",),
}
"""The functions each grade id checks."""

ARG_NAMES: dict[str, tuple[str, ...]] = {
    "toeplitz_1d": ("w", "n"),
    "conv_matrix": ("kernel", "H", "W"),
    "im2col": ("x", "kernel_size", "stride", "padding"),
    "col2im": ("cols", "x_shape", "kernel_size", "stride", "padding"),
    "conv_forward_im2col": ("x", "w", "b", "stride", "padding"),
    "conv_backward_im2col": ("dout", "cache"),
}

NAMED_SCALARS = ("toeplitz_1d", "conv_matrix", "im2col", "col2im")
"""Their non-array positional arguments are shown as ``n=5``, ``kernel_size=2``."""

OUTPUTS: dict[str, tuple[str, ...]] = {
    "conv_forward_im2col": ("out", "cache"),
    "conv_backward_im2col": ("dx", "dw", "db"),
}
"""The names of the parts of tuple results."""

COMPARED: dict[str, tuple[str, ...]] = {"conv_forward_im2col": ("out",)}
"""conv_forward_im2col's cache is checked by :func:`_check_cache`; all gradients are compared."""

# fmt: off
# The visible cases. tests/test_fast_conv.py re-derives every literal with PyTorch (float64).
# CASES-BEGIN
CASES: dict[str, tuple[Case, ...]] = {
    "toeplitz_1d": (
        Case("toeplitz_1d", (_a([1, 2, 3]), 5),
             _a([[1, 2, 3, 0, 0], [0, 1, 2, 3, 0], [0, 0, 1, 2, 3]]),
             {},
             ((KERNEL_FLIPPED, _a([[3, 2, 1, 0, 0], [0, 3, 2, 1, 0], [0, 0, 3, 2, 1]])),
              (LAST_ROW_ZERO, _a([[1, 2, 3, 0, 0], [0, 1, 2, 3, 0], [0, 0, 0, 0, 0]])),
              (MISSING_PLUS_ONE, _a([[1, 2, 3, 0, 0], [0, 1, 2, 3, 0]])),
              (TRANSPOSED, _a([[1, 0, 0], [2, 1, 0], [3, 2, 1], [0, 3, 2], [0, 0, 3]])),
              (ROWS_NOT_SHIFTED, _a([[1, 2, 3, 0, 0], [1, 2, 3, 0, 0], [1, 2, 3, 0, 0]]))),
             'the example of section 1'),
        Case("toeplitz_1d", (_a([2, -1]), 4),
             _a([[2, -1, 0, 0], [0, 2, -1, 0], [0, 0, 2, -1]]),
             {},
             ((KERNEL_FLIPPED, _a([[-1, 2, 0, 0], [0, -1, 2, 0], [0, 0, -1, 2]])),
              (LAST_ROW_ZERO, _a([[2, -1, 0, 0], [0, 2, -1, 0], [0, 0, 0, 0]])),
              (MISSING_PLUS_ONE, _a([[2, -1, 0, 0], [0, 2, -1, 0]])),
              (TRANSPOSED, _a([[2, 0, 0], [-1, 2, 0], [0, -1, 2], [0, 0, -1]])),
              (ROWS_NOT_SHIFTED, _a([[2, -1, 0, 0], [2, -1, 0, 0], [2, -1, 0, 0]]))),
             'a difference filter'),
        Case("toeplitz_1d", (_a([1, 0, -1]), 3),
             _a([[1, 0, -1]]),
             {},
             ((KERNEL_FLIPPED, _a([[-1, 0, 1]])),
              (LAST_ROW_ZERO, _a([[0, 0, 0]])),
              (MISSING_PLUS_ONE, np.zeros((0, 3))),
              (TRANSPOSED, _a([[1], [0], [-1]]))),
             'k = n: one output'),
        Case("toeplitz_1d", (_a([4]), 3),
             _a([[4, 0, 0], [0, 4, 0], [0, 0, 4]]),
             {},
             ((LAST_ROW_ZERO, _a([[4, 0, 0], [0, 4, 0], [0, 0, 0]])),
              (MISSING_PLUS_ONE, _a([[4, 0, 0], [0, 4, 0]])),
              (ROWS_NOT_SHIFTED, _a([[4, 0, 0], [4, 0, 0], [4, 0, 0]]))),
             'k = 1: 4 times the identity'),
        Case("toeplitz_1d", (_a([1, 1, 1, 1]), 3),
             RAISES,
             {},
             (),
             'k > n'),
        Case("toeplitz_1d", (_a([[1, 2]]), 4),
             RAISES,
             {},
             (),
             'w is 2-D'),
    ),
    "conv_matrix": (
        Case("conv_matrix", (_a([[1, 2], [3, 4]]), 3, 3),
             _a([[1, 2, 0, 3, 4, 0, 0, 0, 0], [0, 1, 2, 0, 3, 4, 0, 0, 0],
                 [0, 0, 0, 1, 2, 0, 3, 4, 0], [0, 0, 0, 0, 1, 2, 0, 3, 4]]),
             {},
             ((KERNEL_FLIPPED, _a([[4, 3, 0, 2, 1, 0, 0, 0, 0], [0, 4, 3, 0, 2, 1, 0, 0, 0],
              [0, 0, 0, 4, 3, 0, 2, 1, 0], [0, 0, 0, 0, 4, 3, 0, 2, 1]])),
              (KERNEL_ROWS_REVERSED, _a([[3, 4, 0, 1, 2, 0, 0, 0, 0], [0, 3, 4, 0, 1, 2, 0, 0, 0],
               [0, 0, 0, 3, 4, 0, 1, 2, 0], [0, 0, 0, 0, 3, 4, 0, 1, 2]])),
              (BLOCKS_NOT_SHIFTED, _a([[1, 2, 0, 3, 4, 0, 0, 0, 0], [0, 1, 2, 0, 3, 4, 0, 0, 0],
               [1, 2, 0, 3, 4, 0, 0, 0, 0], [0, 1, 2, 0, 3, 4, 0, 0, 0]])),
              (TRANSPOSED, _a([[1, 0, 0, 0], [2, 1, 0, 0], [0, 2, 0, 0], [3, 0, 1, 0],
               [4, 3, 2, 1], [0, 4, 0, 2], [0, 0, 3, 0], [0, 0, 4, 3], [0, 0, 0, 4]])),
              (LAST_BLOCK_ROW_ZERO, _a([[1, 2, 0, 3, 4, 0, 0, 0, 0], [0, 1, 2, 0, 3, 4, 0, 0, 0],
               [0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0]]))),
             'the example of section 2'),
        Case("conv_matrix", (_a([[1, 0, -1]]), 2, 4),
             _a([[1, 0, -1, 0, 0, 0, 0, 0], [0, 1, 0, -1, 0, 0, 0, 0], [0, 0, 0, 0, 1, 0, -1, 0],
                 [0, 0, 0, 0, 0, 1, 0, -1]]),
             {},
             ((KERNEL_FLIPPED, _a([[-1, 0, 1, 0, 0, 0, 0, 0], [0, -1, 0, 1, 0, 0, 0, 0],
              [0, 0, 0, 0, -1, 0, 1, 0], [0, 0, 0, 0, 0, -1, 0, 1]])),
              (BLOCKS_NOT_SHIFTED, _a([[1, 0, -1, 0, 0, 0, 0, 0], [0, 1, 0, -1, 0, 0, 0, 0],
               [1, 0, -1, 0, 0, 0, 0, 0], [0, 1, 0, -1, 0, 0, 0, 0]])),
              (TRANSPOSED, _a([[1, 0, 0, 0], [0, 1, 0, 0], [-1, 0, 0, 0], [0, -1, 0, 0],
               [0, 0, 1, 0], [0, 0, 0, 1], [0, 0, -1, 0], [0, 0, 0, -1]])),
              (LAST_BLOCK_ROW_ZERO, _a([[1, 0, -1, 0, 0, 0, 0, 0], [0, 1, 0, -1, 0, 0, 0, 0],
               [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0]]))),
             'a 1x3 kernel'),
        Case("conv_matrix", (_a([[1], [2]]), 3, 2),
             _a([[1, 0, 2, 0, 0, 0], [0, 1, 0, 2, 0, 0], [0, 0, 1, 0, 2, 0], [0, 0, 0, 1, 0, 2]]),
             {},
             ((KERNEL_FLIPPED, _a([[2, 0, 1, 0, 0, 0], [0, 2, 0, 1, 0, 0], [0, 0, 2, 0, 1, 0],
              [0, 0, 0, 2, 0, 1]])),
              (BLOCKS_NOT_SHIFTED, _a([[1, 0, 2, 0, 0, 0], [0, 1, 0, 2, 0, 0], [1, 0, 2, 0, 0, 0],
               [0, 1, 0, 2, 0, 0]])),
              (TRANSPOSED, _a([[1, 0, 0, 0], [0, 1, 0, 0], [2, 0, 1, 0], [0, 2, 0, 1],
               [0, 0, 2, 0], [0, 0, 0, 2]])),
              (LAST_BLOCK_ROW_ZERO, _a([[1, 0, 2, 0, 0, 0], [0, 1, 0, 2, 0, 0],
               [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]]))),
             'a 2x1 kernel'),
        Case("conv_matrix", (_a([[1, 2, 3], [4, 5, 6]]), 3, 4),
             _a([[1, 2, 3, 0, 4, 5, 6, 0, 0, 0, 0, 0], [0, 1, 2, 3, 0, 4, 5, 6, 0, 0, 0, 0],
                 [0, 0, 0, 0, 1, 2, 3, 0, 4, 5, 6, 0], [0, 0, 0, 0, 0, 1, 2, 3, 0, 4, 5, 6]]),
             {},
             ((KERNEL_FLIPPED, _a([[6, 5, 4, 0, 3, 2, 1, 0, 0, 0, 0, 0],
              [0, 6, 5, 4, 0, 3, 2, 1, 0, 0, 0, 0], [0, 0, 0, 0, 6, 5, 4, 0, 3, 2, 1, 0],
              [0, 0, 0, 0, 0, 6, 5, 4, 0, 3, 2, 1]])),
              (KERNEL_ROWS_REVERSED, _a([[4, 5, 6, 0, 1, 2, 3, 0, 0, 0, 0, 0],
               [0, 4, 5, 6, 0, 1, 2, 3, 0, 0, 0, 0], [0, 0, 0, 0, 4, 5, 6, 0, 1, 2, 3, 0],
               [0, 0, 0, 0, 0, 4, 5, 6, 0, 1, 2, 3]])),
              (BLOCKS_NOT_SHIFTED, _a([[1, 2, 3, 0, 4, 5, 6, 0, 0, 0, 0, 0],
               [0, 1, 2, 3, 0, 4, 5, 6, 0, 0, 0, 0], [1, 2, 3, 0, 4, 5, 6, 0, 0, 0, 0, 0],
               [0, 1, 2, 3, 0, 4, 5, 6, 0, 0, 0, 0]])),
              (TRANSPOSED, _a([[1, 0, 0, 0], [2, 1, 0, 0], [3, 2, 0, 0], [0, 3, 0, 0],
               [4, 0, 1, 0], [5, 4, 2, 1], [6, 5, 3, 2], [0, 6, 0, 3], [0, 0, 4, 0], [0, 0, 5, 4],
               [0, 0, 6, 5], [0, 0, 0, 6]])),
              (LAST_BLOCK_ROW_ZERO, _a([[1, 2, 3, 0, 4, 5, 6, 0, 0, 0, 0, 0],
               [0, 1, 2, 3, 0, 4, 5, 6, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
               [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]))),
             'a 2x3 kernel in 3x4'),
        Case("conv_matrix", (_a([[1, 1, 1], [1, 1, 1], [1, 1, 1]]), 2, 4),
             RAISES,
             {},
             (),
             'a 3x3 kernel in 2x4'),
    ),
    "im2col": (
        Case("im2col", (_a([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]], (1, 1, 3, 4)), 2),
             _a([[1, 2, 3, 5, 6, 7], [2, 3, 4, 6, 7, 8], [5, 6, 7, 9, 10, 11],
                 [6, 7, 8, 10, 11, 12]], (1, 4, 6)),
             {},
             ((COLUMNS_TRANSPOSED, _a([[1, 2, 5, 6], [2, 3, 6, 7], [3, 4, 7, 8], [5, 6, 9, 10],
              [6, 7, 10, 11], [7, 8, 11, 12]], (1, 6, 4))),
              (RESHAPE_WITHOUT_TRANSPOSE, _a([[1, 2, 5, 6, 2, 3], [6, 7, 3, 4, 7, 8],
               [5, 6, 9, 10, 6, 7], [10, 11, 7, 8, 11, 12]], (1, 4, 6)))),
             'the example of section 3'),
        Case("im2col", (_a([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]], (1, 2, 2, 3)), 2),
             _a([[1, 2], [2, 3], [4, 5], [5, 6], [7, 8], [8, 9], [10, 11], [11, 12]], (1, 8, 2)),
             {},
             ((ROWS_IJC, _a([[1, 2], [7, 8], [2, 3], [8, 9], [4, 5], [10, 11], [5, 6],
              [11, 12]], (1, 8, 2))),
              (COLUMNS_TRANSPOSED, _a([[1, 2, 4, 5, 7, 8, 10, 11],
               [2, 3, 5, 6, 8, 9, 11, 12]], (1, 2, 8))),
              (RESHAPE_WITHOUT_TRANSPOSE, _a([[1, 2], [4, 5], [2, 3], [5, 6], [7, 8], [10, 11],
               [8, 9], [11, 12]], (1, 8, 2)))),
             'two channels: rows (c, di, dj)'),
        Case("im2col", (_a([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]], (1, 1, 3, 4)), 2),
             _a([[0, 0, 0, 0, 6, 8], [0, 0, 0, 5, 7, 0], [0, 2, 4, 0, 10, 12],
                 [1, 3, 0, 9, 11, 0]], (1, 4, 6)),
             {'stride': 2, 'padding': 1},
             ((COLUMNS_TRANSPOSED, _a([[0, 0, 0, 1], [0, 0, 2, 3], [0, 0, 4, 0], [0, 5, 0, 9],
              [6, 7, 10, 11], [8, 0, 12, 0]], (1, 6, 4))),
              (RESHAPE_WITHOUT_TRANSPOSE, _a([[0, 0, 0, 1, 0, 0], [2, 3, 0, 0, 4, 0],
               [0, 5, 0, 9, 6, 7], [10, 11, 8, 0, 12, 0]], (1, 4, 6))),
              (STRIDE_IGNORED, _a([[0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 0, 5, 6, 7, 8, 0, 9, 10, 11,
               12], [0, 0, 0, 0, 0, 1, 2, 3, 4, 0, 5, 6, 7, 8, 0, 9, 10, 11, 12, 0],
               [0, 1, 2, 3, 4, 0, 5, 6, 7, 8, 0, 9, 10, 11, 12, 0, 0, 0, 0, 0],
               [1, 2, 3, 4, 0, 5, 6, 7, 8, 0, 9, 10, 11, 12, 0, 0, 0, 0, 0, 0]], (1, 4, 20))),
              (PADDING_IGNORED, _a([[1, 3], [2, 4], [5, 7], [6, 8]], (1, 4, 2))),
              (ONE_SIDED_PADDING, _a([[1, 3, 0, 9, 11, 0], [2, 4, 0, 10, 12, 0],
               [5, 7, 0, 0, 0, 0], [6, 8, 0, 0, 0, 0]], (1, 4, 6)))),
             'stride 2, padding 1'),
        Case("im2col", (_a([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]], (2, 1, 2, 3)), (1, 2)),
             _a([[1, 2, 4, 5], [2, 3, 5, 6], [7, 8, 10, 11], [8, 9, 11, 12]], (2, 2, 4)),
             {},
             ((COLUMNS_TRANSPOSED, _a([[1, 2], [2, 3], [4, 5], [5, 6], [7, 8], [8, 9], [10, 11],
              [11, 12]], (2, 4, 2))),
              (RESHAPE_WITHOUT_TRANSPOSE, _a([[1, 2, 2, 3], [4, 5, 5, 6], [7, 8, 8, 9],
               [10, 11, 11, 12]], (2, 2, 4)))),
             'two images, a 1x2 kernel'),
        Case("im2col", (_a([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15],
            [16, 17, 18, 19, 20]], (1, 1, 4, 5)), (2, 3)),
             _a([[1, 3, 11, 13], [2, 4, 12, 14], [3, 5, 13, 15], [6, 8, 16, 18], [7, 9, 17, 19],
                 [8, 10, 18, 20]], (1, 6, 4)),
             {'stride': 2},
             ((COLUMNS_TRANSPOSED, _a([[1, 2, 3, 6, 7, 8], [3, 4, 5, 8, 9, 10],
              [11, 12, 13, 16, 17, 18], [13, 14, 15, 18, 19, 20]], (1, 4, 6))),
              (RESHAPE_WITHOUT_TRANSPOSE, _a([[1, 2, 3, 6], [7, 8, 3, 4], [5, 8, 9, 10],
               [11, 12, 13, 16], [17, 18, 13, 14], [15, 18, 19, 20]], (1, 6, 4))),
              (STRIDE_IGNORED, _a([[1, 2, 3, 6, 7, 8, 11, 12, 13], [2, 3, 4, 7, 8, 9, 12, 13, 14],
               [3, 4, 5, 8, 9, 10, 13, 14, 15], [6, 7, 8, 11, 12, 13, 16, 17, 18],
               [7, 8, 9, 12, 13, 14, 17, 18, 19], [8, 9, 10, 13, 14, 15, 18, 19, 20]], (1, 6,
               9)))),
             'a 2x3 kernel, stride 2'),
        Case("im2col", (_a([[1, 2], [3, 4]], (1, 1, 2, 2)).astype(np.float32), 1),
             _a([[0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0]], (1, 1, 16)).astype(np.float32),
             {'padding': 1},
             ((COLUMNS_TRANSPOSED, _a([[0], [0], [0], [0], [0], [1], [2], [0], [0], [3], [4], [0],
              [0], [0], [0], [0]], (1, 16, 1))),
              (PADDING_IGNORED, _a([[1, 2, 3, 4]], (1, 1, 4))),
              (ONE_SIDED_PADDING, _a([[1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]], (1, 1,
               16)))),
             'float32; a 1x1 kernel with padding 1', 'float32'),
        Case("im2col", (_a([[1, 2], [3, 4]], (1, 1, 2, 2)), 3),
             RAISES,
             {},
             (),
             'a 3x3 window in a 2x2 image'),
        Case("im2col", (_a([[1, 2, 3], [4, 5, 6], [7, 8, 9]], (1, 1, 3, 3)), 2),
             RAISES,
             {'stride': 0},
             (),
             'stride 0'),
    ),
    "col2im": (
        Case("col2im", (_a([[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1],
            [1, 1, 1, 1]], (1, 4, 4)), (1, 1, 3, 3), 2),
             _a([[1, 2, 1], [2, 4, 2], [1, 2, 1]], (1, 1, 3, 3)),
             {},
             ((OVERWRITTEN, _a([[1, 1, 1], [1, 1, 1], [1, 1, 1]], (1, 1, 3, 3))),
              (CROP_EMPTY, np.zeros((1, 1, 0, 0)))),
             'how many windows contain each pixel'),
        Case("col2im", (_a([[1, 2, 3, 5, 6, 7], [2, 3, 4, 6, 7, 8], [5, 6, 7, 9, 10, 11],
            [6, 7, 8, 10, 11, 12]], (1, 4, 6)), (1, 1, 3, 4), 2),
             _a([[1, 4, 6, 4], [10, 24, 28, 16], [9, 20, 22, 12]], (1, 1, 3, 4)),
             {},
             ((OVERWRITTEN, _a([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]], (1, 1, 3, 4))),
              (CROP_EMPTY, np.zeros((1, 1, 0, 0)))),
             'col2im(im2col(x)): each pixel times its count'),
        Case("col2im", (_a([[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1],
            [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]], (1, 9, 4)), (1, 1, 3, 3), 3),
             _a([[1, 2, 1], [2, 4, 2], [1, 2, 1]], (1, 1, 3, 3)),
             {'stride': 2, 'padding': 1},
             ((OVERWRITTEN, _a([[1, 1, 1], [1, 1, 1], [1, 1, 1]], (1, 1, 3, 3))),
              (PADDING_NOT_CROPPED, _a([[1, 1, 2, 1, 1], [1, 1, 2, 1, 1], [2, 2, 4, 2, 2],
               [1, 1, 2, 1, 1], [1, 1, 2, 1, 1]], (1, 1, 5, 5))),
              (CROPPED_ONE_SIDE, _a([[1, 1, 2], [1, 1, 2], [2, 2, 4]], (1, 1, 3, 3))),
              (STRIDE_IGNORED, _a([[4, 4, 2], [4, 4, 2], [2, 2, 1]], (1, 1, 3, 3)))),
             'stride 2, padding 1: the padding is cropped'),
        Case("col2im", (_a([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [11, 12], [13, 14],
            [15, 16]], (1, 8, 2)), (1, 2, 2, 3), 2),
             _a([[1, 5, 4], [5, 13, 8], [9, 21, 12], [13, 29, 16]], (1, 2, 2, 3)),
             {},
             ((OVERWRITTEN, _a([[1, 3, 4], [5, 7, 8], [9, 11, 12], [13, 15, 16]], (1, 2, 2, 3))),
              (ROWS_IJC, _a([[1, 7, 6], [9, 23, 14], [3, 11, 8], [11, 27, 16]], (1, 2, 2, 3))),
              (CROP_EMPTY, np.zeros((1, 2, 0, 0)))),
             'two channels: rows (c, di, dj)'),
        Case("col2im", (_a([[1, 2], [3, 4], [5, 6], [7, 8]], (2, 2, 2)), (2, 1, 1, 3), (1, 2)),
             _a([[1, 5, 4], [5, 13, 8]], (2, 1, 1, 3)),
             {},
             ((OVERWRITTEN, _a([[1, 3, 4], [5, 7, 8]], (2, 1, 1, 3))),
              (CROP_EMPTY, np.zeros((2, 1, 0, 0)))),
             'two images, a 1x2 kernel'),
        Case("col2im", (_a([[1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1],
            [1, 1, 1, 1, 1]], (1, 4, 5)), (1, 1, 3, 3), 2),
             RAISES,
             {},
             (),
             '5 columns, but a 3x3 image has 4 windows'),
    ),
    "conv_forward_im2col": (
        Case("conv_forward_im2col", (_a([[1, 2, 3], [4, 5, 6],
            [7, 8, 9]], (1, 1, 3, 3)), _a([[1, 2], [0, -1]], (1, 1, 2, 2)), _a([1])),
             _a([[1, 3], [7, 9]], (1, 1, 2, 2)),
             {},
             ((BIAS_FORGOTTEN, _a([[0, 2], [6, 8]], (1, 1, 2, 2))),),
             'the example of section 5'),
        Case("conv_forward_im2col", (_a([[1, 2, 0], [1, 0, 2], [2, 1, 1], [0, 1, 0], [1, 1, 0],
            [0, 2, 1]], (1, 2, 3, 3)), _a([[1, 0], [0, 1], [0, 2], [1, 0], [1, -1], [0, 0],
            [0, 0], [2, 1]], (2, 2, 2, 2)), _a([1, -1])),
             _a([[5, 6], [5, 4], [1, 3], [2, 2]], (1, 2, 2, 2)),
             {},
             ((BIAS_FORGOTTEN, _a([[4, 5], [4, 3], [2, 4], [3, 3]], (1, 2, 2, 2))),
              (WEIGHTS_ORDER, _a([[4, 8], [5, 5], [2, 1], [2, -1]], (1, 2, 2, 2))),
              (OUT_LAYOUT, _a([[5, 5], [3, 4], [4, 2], [3, 2]], (1, 2, 2, 2)))),
             'two channels, two filters'),
        Case("conv_forward_im2col", (_a([[1, 2, 3], [4, 5, 6],
            [7, 8, 9]], (1, 1, 3, 3)), _a([[1, 1], [1, 1]], (1, 1, 2, 2)), _a([0])),
             _a([[1, 5], [11, 28]], (1, 1, 2, 2)),
             {'stride': 2, 'padding': 1},
             ((STRIDE_IGNORED, _a([[1, 3, 5, 3], [5, 12, 16, 9], [11, 24, 28, 15],
              [7, 15, 17, 9]], (1, 1, 4, 4))),
              (PADDING_IGNORED, _a([[12]], (1, 1, 1, 1)))),
             'stride 2, padding 1'),
        Case("conv_forward_im2col", (_a([[1, 2, 3], [4, 5, 6], [7, 8, 9],
            [10, 11, 12]], (2, 1, 2, 3)), _a([[1, -1]], (1, 1, 1, 2)), _a([2])),
             _a([[1, 1], [1, 1], [1, 1], [1, 1]], (2, 1, 2, 2)),
             {},
             ((BIAS_FORGOTTEN, _a([[-1, -1], [-1, -1], [-1, -1], [-1, -1]], (2, 1, 2, 2))),),
             'two images, a 1x2 kernel'),
        Case("conv_forward_im2col", (_a([[1, 1, 1], [1, 1, 1], [1, 1, 1], [1, 1, 1], [1, 1, 1],
            [1, 1, 1]], (1, 2, 3, 3)), _a([[1, 1], [1, 1], [1, 1], [1, 1], [1, 1],
            [1, 1]], (1, 3, 2, 2)), _a([0])),
             RAISES,
             {},
             (),
             'x has 2 channels, w 3'),
    ),
    "conv_backward_im2col": (
        Case("conv_backward_im2col", (_a([[1, 0], [0, 2]], (1, 1, 2, 2)), ConvCache((_a([[1, 2,
            3], [4, 5, 6], [7, 8, 9]], (1, 1, 3, 3)), _a([[1, 2],
            [0, -1]], (1, 1, 2, 2)), _a([1]), 1, 0, _a([[1, 2, 4, 5], [2, 3, 5, 6], [4, 5, 7, 8],
            [5, 6, 8, 9]], (1, 4, 4))))),
             (_a([[1, 2, 0], [0, 1, 4], [0, 0, -2]], (1, 1, 3, 3)), _a([[11, 14],
                 [20, 23]], (1, 1, 2, 2)), _a([3])),
             {},
             ((DB_WRONG_AXES, (_a([[1, 2, 0], [0, 1, 4], [0, 0, -2]], (1, 1, 3, 3)), _a([[11, 14],
              [20, 23]], (1, 1, 2, 2)), _a([[3]]))),),
             'the example of section 6'),
        Case("conv_backward_im2col", (_a([[1, 2], [0, 1], [1, 0],
            [2, 1]], (2, 2, 1, 2)), ConvCache((_a([[1, 0], [2, 1], [0, 1], [1, 2], [2, 1], [0, 0],
            [1, 1], [0, 2]], (2, 2, 2, 2)), _a([[1], [2], [0], [1], [-1], [0], [1],
            [1]], (2, 2, 2, 1)), _a([0, 0]), 1, 0, _a([[1, 0], [2, 1], [0, 1], [1, 2], [2, 1],
            [0, 0], [1, 1], [0, 2]], (2, 4, 2))))),
             (_a([[1, 1], [2, 4], [0, 1], [1, 3], [-1, -1], [2, 0], [2, 1],
                 [3, 1]], (2, 2, 2, 2)), _a([[3], [4], [3], [5], [5], [1], [4],
                 [4]], (2, 2, 2, 1)), _a([4, 4])),
             {},
             ((DB_WRONG_AXES, (_a([[1, 1], [2, 4], [0, 1], [1, 3], [-1, -1], [2, 0], [2, 1],
              [3, 1]], (2, 2, 2, 2)), _a([[3], [4], [3], [5], [5], [1], [4],
              [4]], (2, 2, 2, 1)), _a([[3, 1], [1, 3]]))),
              (DB_WRONG_AXES, (_a([[1, 1], [2, 4], [0, 1], [1, 3], [-1, -1], [2, 0], [2, 1],
               [3, 1]], (2, 2, 2, 2)), _a([[3], [4], [3], [5], [5], [1], [4],
               [4]], (2, 2, 2, 1)), _a([[2, 2], [2, 2]]))),
              (DW_BATCH_NOT_SUMMED, (_a([[1, 1], [2, 4], [0, 1], [1, 3], [-1, -1], [2, 0], [2, 1],
               [3, 1]], (2, 2, 2, 2)), _a([[1], [4], [2], [5], [0], [1], [1],
               [2]], (2, 2, 2, 1)), _a([4, 4]))),
              (DW_BATCH_NOT_SUMMED, (_a([[1, 1], [2, 4], [0, 1], [1, 3], [-1, -1], [2, 0], [2, 1],
               [3, 1]], (2, 2, 2, 2)), _a([[1.5], [2], [1.5], [2.5], [2.5], [0.5], [2],
               [2]], (2, 2, 2, 1)), _a([4, 4]))),
              (W_RESHAPED_NOT_TRANSPOSED, (_a([[1, 4], [0, 1], [-1, -2], [1, 3], [5, 2], [2, 1],
               [-1, 0], [3, 1]], (2, 2, 2, 2)), _a([[3], [4], [3], [5], [5], [1], [4],
               [4]], (2, 2, 2, 1)), _a([4, 4]))),
              (DW_NOT_TRANSPOSED, (_a([[1, 1], [2, 4], [0, 1], [1, 3], [-1, -1], [2, 0], [2, 1],
               [3, 1]], (2, 2, 2, 2)), _a([[3], [5], [4], [1], [3], [4], [5],
               [4]], (2, 2, 2, 1)), _a([4, 4]))),
              (WEIGHTS_ORDER, (_a([[1, 1], [0, 1], [2, 4], [1, 3], [-1, -1], [2, 1], [2, 0],
               [3, 1]], (2, 2, 2, 2)), _a([[3], [4], [3], [5], [5], [1], [4],
               [4]], (2, 2, 2, 1)), _a([4, 4])))),
             'two images, two channels, two filters'),
        Case("conv_backward_im2col", (_a([[1, 2], [3, 4]], (1, 1, 2, 2)), ConvCache((_a([[1, 2,
            3], [4, 5, 6], [7, 8, 9]], (1, 1, 3, 3)), _a([[1, 2],
            [3, 4]], (1, 1, 2, 2)), _a([0]), 2, 1, _a([[0, 0, 0, 5], [0, 0, 4, 6], [0, 2, 0, 8],
            [1, 3, 7, 9]], (1, 4, 4))))),
             (_a([[4, 6, 8], [6, 4, 8], [12, 12, 16]], (1, 1, 3, 3)), _a([[20, 36],
                 [36, 64]], (1, 1, 2, 2)), _a([10])),
             {},
             ((DB_WRONG_AXES, (_a([[4, 6, 8], [6, 4, 8], [12, 12, 16]], (1, 1, 3, 3)), _a([[20,
              36], [36, 64]], (1, 1, 2, 2)), _a([[10]]))),),
             'stride 2, padding 1'),
        Case("conv_backward_im2col", (_a([[1, 0], [2, 1], [0, 1], [1, 2], [2, 1],
            [0, 1]], (1, 3, 2, 2)), ConvCache((_a([[1, 2, 3], [4, 5, 6], [7, 8, 9],
            [10, 11, 12]], (1, 2, 2, 3)), _a([[1, 2], [0, 1], [1, 0], [2, 1], [0, 1],
            [1, 1]], (3, 2, 1, 2)), _a([0, 0, 0]), 1, 0, _a([[1, 2, 4, 5], [2, 3, 5, 6],
            [7, 8, 10, 11], [8, 9, 11, 12]], (1, 4, 4))))),
             (_a([[1, 5, 1], [3, 7, 3], [2, 6, 2], [2, 8, 4]], (1, 2, 2, 3)), _a([[14, 18],
                 [38, 42], [16, 20], [40, 44], [9, 13], [33, 37]], (3, 2, 1, 2)), _a([4, 4, 4])),
             {},
             ((DB_WRONG_AXES, (_a([[1, 5, 1], [3, 7, 3], [2, 6, 2],
              [2, 8, 4]], (1, 2, 2, 3)), _a([[14, 18], [38, 42], [16, 20], [40, 44], [9, 13],
              [33, 37]], (3, 2, 1, 2)), _a([[4, 4, 4]]))),
              (W_RESHAPED_NOT_TRANSPOSED, (_a([[1, 3, 1], [4, 8, 3], [2, 4, 2],
               [5, 7, 4]], (1, 2, 2, 3)), _a([[14, 18], [38, 42], [16, 20], [40, 44], [9, 13],
               [33, 37]], (3, 2, 1, 2)), _a([4, 4, 4]))),
              (DW_NOT_TRANSPOSED, (_a([[1, 5, 1], [3, 7, 3], [2, 6, 2],
               [2, 8, 4]], (1, 2, 2, 3)), _a([[14, 16], [9, 18], [20, 13], [38, 40], [33, 42],
               [44, 37]], (3, 2, 1, 2)), _a([4, 4, 4]))),
              (WEIGHTS_ORDER, (_a([[1, 3, 3], [3, 5, 5], [4, 4, 2],
               [4, 6, 4]], (1, 2, 2, 3)), _a([[14, 18], [38, 42], [16, 20], [40, 44], [9, 13],
               [33, 37]], (3, 2, 1, 2)), _a([4, 4, 4])))),
             'two channels, three filters'),
    ),
}
# CASES-END
# fmt: on


def _pair(kernel_size: Any) -> tuple[int, int]:
    """(HH, WW) of an int or a pair."""
    return (kernel_size, kernel_size) if np.isscalar(kernel_size) else tuple(kernel_size)


def _toeplitz_shape_hint(case: Case, expected: np.ndarray) -> str:
    """(n - k + 1, n)."""
    k, n = case.args[0].shape[0], case.args[1]
    return f"T has shape (n - k + 1, n) = ({n} - {k} + 1, {n}): one row per output."


def _conv_matrix_shape_hint(case: Case, expected: np.ndarray) -> str:
    """((H - HH + 1) * (W - WW + 1), H * W)."""
    (hh, ww), h, w = case.args[0].shape, case.args[1], case.args[2]
    return (
        f"the matrix has shape (H_out * W_out, H * W) = (({h} - {hh} + 1) * ({w} - {ww} + 1), "
        f"{h} * {w}): one row per output pixel, one column per input pixel."
    )


def _im2col_shape_hint(case: Case, expected: np.ndarray) -> str:
    """(N, C*HH*WW, H_out*W_out), with the output size worked out."""
    n, c, h, w = case.args[0].shape
    hh, ww = _pair(case.args[1])
    s, p = case.kwargs.get("stride", 1), case.kwargs.get("padding", 0)
    h_out, w_out = (h + 2 * p - hh) // s + 1, (w + 2 * p - ww) // s + 1
    return (
        f"cols has shape (N, C*HH*WW, H_out*W_out) = ({n}, {c}*{hh}*{ww}, {h_out}*{w_out}), with "
        f"H_out = (H + 2*padding - HH) // stride + 1 = ({h} + 2*{p} - {hh}) // {s} + 1 = {h_out}"
        f" and W_out = ({w} + 2*{p} - {ww}) // {s} + 1 = {w_out}."
    )


def _conv_shape_hint(case: Case, expected: np.ndarray) -> str:
    """H_out and W_out of the convolution."""
    (_, _, h, w), (_, _, hh, ww) = case.args[0].shape, case.args[1].shape
    s, p = case.kwargs.get("stride", 1), case.kwargs.get("padding", 0)
    return (
        f"H_out = (H + 2*padding - HH) // stride + 1 = ({h} + 2*{p} - {hh}) // {s} + 1 = "
        f"{expected.shape[2]} and W_out = ({w} + 2*{p} - {ww}) // {s} + 1 = "
        f"{expected.shape[3]}; out has shape (N, F, H_out, W_out)."
    )


SHAPE_HINTS: dict[str, Callable[[Case, np.ndarray], str]] = {
    "toeplitz_1d": _toeplitz_shape_hint,
    "conv_matrix": _conv_matrix_shape_hint,
    "im2col": _im2col_shape_hint,
    "col2im": lambda case, expected: f"the result has the shape x_shape = {case.args[1]}.",
    "conv_forward_im2col": _conv_shape_hint,
}
"""How the expected shape follows from the inputs (shown when the shapes differ)."""


def _check_cache(case: Case, result: Any, args: tuple[Any, ...]) -> None:
    """The cache is (x, w, b, stride, padding, cols) with cols of shape (N, C*HH*WW, L)."""
    cache = result[1]
    x, w, b = case.args
    s, p = case.kwargs.get("stride", 1), case.kwargs.get("padding", 0)
    (n, c, h, wd), (_, _, hh, ww) = x.shape, w.shape
    cols_shape = (n, c * hh * ww, ((h + 2 * p - hh) // s + 1) * ((wd + 2 * p - ww) // s + 1))
    ok = isinstance(cache, tuple) and len(cache) == 6
    if ok:
        ok = all(np.array_equal(got, want) for got, want in zip(cache[:3], (x, w, b), strict=True))
        ok = ok and cache[3] == s and cache[4] == p
        ok = ok and isinstance(cache[5], np.ndarray) and cache[5].shape == cols_shape
    if not ok:
        raise CheckFailure(
            f"conv_forward_im2col: wrong cache for {describe(case)}.\n  Likely cause: "
            f"{CACHE_FORMAT} (here {cols_shape})."
        )


def _check_cache_unchanged(case: Case, result: Any, args: tuple[Any, ...]) -> None:
    """A backward pass must not change the arrays of its cache in place."""
    for name, before, after in zip(ConvCache.NAMES[6], case.args[1], args[1], strict=True):
        if isinstance(before, np.ndarray) and not np.array_equal(before, after):
            raise CheckFailure(
                f"{case.call} changed {name} of its cache in place for {describe(case)}.\n"
                "  Inputs must never be modified: work on new arrays."
            )


RESULT_CHECKS: dict[str, Callable[[Case, Any, tuple[Any, ...]], None]] = {
    "conv_forward_im2col": _check_cache,
    "conv_backward_im2col": _check_cache_unchanged,
}
"""Checks of a result whose compared parts are right."""


# ---------------------------------------------------------------------------------------------
# Vectorised? Count the Python lines the notebook's code runs, on a small and a larger input.

SMALL, LARGE = (1, 2, 5, 4), (3, 2, 9, 11)
"""x shapes (N, C, H, W) of the two runs: more images and more output positions, same C."""
KERNEL, STRIDE, PADDING, FILTERS = (3, 2), 2, 1, 2
"""The same kernel, stride, padding (and number of filters) in both runs."""


def python_lines(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Counter[str]:
    """Call ``fn`` once; count the lines of Python that run in functions defined next to it.

    Only code whose globals are ``fn``'s (the notebook: the function itself, the helpers it calls,
    its comprehensions and lambdas) is counted, by function name; NumPy's own Python code is not.
    """
    namespace = getattr(fn, "__globals__", None)
    counts: Counter[str] = Counter()

    def count_lines(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            counts[frame.f_code.co_name] += 1
        return count_lines

    def on_call(frame: FrameType, event: str, arg: Any) -> Any:
        return count_lines if frame.f_globals is namespace else None

    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        fn(*args, **kwargs)
    finally:
        sys.settrace(previous)
    return counts


def _inputs(name: str, shape: tuple[int, int, int, int]) -> tuple[tuple[Any, ...], dict]:
    """Arguments of ``name`` for an input x of this shape (the values do not matter)."""
    n, c, h, w = shape
    hh, ww = KERNEL
    h_out, w_out = (h + 2 * PADDING - hh) // STRIDE + 1, (w + 2 * PADDING - ww) // STRIDE + 1
    geometry = {"stride": STRIDE, "padding": PADDING}
    x = np.ones(shape)
    weights, bias = np.ones((FILTERS, c, hh, ww)), np.ones(FILTERS)
    cols = np.ones((n, c * hh * ww, h_out * w_out))
    if name == "im2col":
        return (x, KERNEL), geometry
    if name == "col2im":
        return (cols, shape, KERNEL), geometry
    if name == "conv_forward_im2col":
        return (x, weights, bias), geometry
    dout = np.ones((n, FILTERS, h_out, w_out))
    return (dout, ConvCache((x, weights, bias, STRIDE, PADDING, cols))), {}


def check_vectorised(name: str, fn: Callable[..., Any]) -> None:
    """Raise CheckFailure if the Python lines ``fn`` runs grow with N, H_out and W_out."""
    small = python_lines(fn, *_inputs(name, SMALL)[0], **_inputs(name, SMALL)[1])
    large = python_lines(fn, *_inputs(name, LARGE)[0], **_inputs(name, LARGE)[1])
    grown = {f: (small.get(f, 0), count) for f, count in large.items() if count > small.get(f, 0)}
    if grown:
        where = ", ".join(f"{f}: {a} -> {b}" for f, (a, b) in grown.items())
        raise CheckFailure(
            f"{name} is not vectorised: on x of shape {LARGE} instead of {SMALL} (kernel "
            f"{KERNEL}, stride {STRIDE}, padding {PADDING} both times) your code ran more lines "
            f"of Python ({where}).\n  Likely cause: {NOT_VECTORISED}."
        )


EXTRA_CHECKS: dict[str, Callable[..., None]] = {
    name: (lambda fn, name=name: check_vectorised(name, fn))
    for name in ("im2col", "col2im", "conv_forward_im2col", "conv_backward_im2col")
}
"""The vectorised functions: no Python loop over images or output positions."""

PASSED_NOTES: dict[str, str] = {
    name: (
        f"  Vectorised: your code runs as many lines of Python for x of shape {LARGE} as for"
        f" {SMALL}."
    )
    for name in EXTRA_CHECKS
}
"""Printed under the "all N visible checks passed" line."""


# ---------------------------------------------------------------------------------------------
# One public check per graded cell, named like its grade id.


def toeplitz_1d(toeplitz_1d: Callable[..., np.ndarray]) -> None:
    """Check ``toeplitz_1d(w, n)``: the (n - k + 1, n) matrix of a 'valid' 1-D correlation."""
    public("toeplitz_1d", toeplitz_1d)


def conv_matrix(conv_matrix: Callable[..., np.ndarray]) -> None:
    """Check ``conv_matrix(kernel, H, W)``: the doubly blocked Toeplitz matrix of a correlation."""
    public("conv_matrix", conv_matrix)


def im2col(im2col: Callable[..., np.ndarray]) -> None:
    """Check ``im2col(x, kernel_size, stride=1, padding=0)`` against ``F.unfold``'s layout."""
    public("im2col", im2col)


def col2im(col2im: Callable[..., np.ndarray]) -> None:
    """Check ``col2im(cols, x_shape, kernel_size, stride=1, padding=0)`` (``F.fold``)."""
    public("col2im", col2im)


def conv_forward_im2col(conv_forward_im2col: Callable[..., Any]) -> None:
    """Check ``conv_forward_im2col(x, w, b, stride=1, padding=0) -> (out, cache)``."""
    public("conv_forward_im2col", conv_forward_im2col)


def conv_backward_im2col(conv_backward_im2col: Callable[..., Any]) -> None:
    """Check ``conv_backward_im2col(dout, cache) -> (dx, dw, db)``."""
    public("conv_backward_im2col", conv_backward_im2col)
