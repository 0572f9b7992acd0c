"""Visible checks for the pooling notebook: small cases you can verify by hand.

Each graded function has one check here, named like its grade id, for example::

    checks.max_pool_forward_naive(max_pool_forward_naive)

It runs a few tiny cases whose expected results are written below as literals (the lecture's
examples and small integers, so that you can redo them on paper) and prints
``"<grade_id>: all N visible checks passed."``. When something is wrong it raises
:class:`CheckFailure` with a message that says which case failed, the expected and the returned
shape, the first wrong entry, how many entries are wrong and, when the wrong answer looks like a
well-known mistake, the likely cause.

The backward checks build their cache ``(x, kernel_size, stride)`` themselves, so they test your
backward pass even if your forward pass is not finished.

Symbols: N, C, H, W (input), H_out, W_out (output); layout NCHW; square windows of
``kernel_size`` pixels moving by ``stride``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from cnnlab.checks.report import RAISES, Case, CheckFailure, describe, public
from cnnlab.checks.report import Cache as BaseCache
from cnnlab.checks.report import literal as _a

# Likely causes. The same sentences name a mistake in the visible checks, in the hidden tests and in
# the mutant catalogue of the autograder.
STRIDE_IGNORED = "the stride is ignored: window (i, j) starts at row i*stride, column j*stride of x"
MISSING_PLUS_ONE = "the +1 is missing from the output size: H_out = (H - kernel_size) // stride + 1"
CHANNELS_MIXED = (
    "the maximum is taken over all channels at once: pool every channel on its own, x[n, c, ...]"
)
WINDOW_IS_STRIDE = (
    "the window has size stride instead of kernel_size:"
    " x[n, c, top:top + kernel_size, left:left + kernel_size]"
)
MAX_STARTS_AT_ZERO = (
    "the maximum starts at 0, so a window of negative numbers gives 0: use np.max(window)"
    " (or start from the window's first entry)"
)
TIES_ALL = (
    "ties are double-counted: the gradient went to every entry equal to the maximum; send it"
    " only to the first maximum in row-major order (np.argmax), as PyTorch does"
)
TIES_LAST = (
    "ties go to the last maximum: send the gradient to the first maximum in row-major order"
    " (np.argmax), as PyTorch does"
)
OVERLAP_OVERWRITTEN = (
    "overlapping windows overwrite each other's gradient: add with += (an input that belongs to"
    " several windows receives a gradient from each of them)"
)
TIMES_MAX = (
    "the gradient is multiplied by the value of the maximum: the local gradient of max is 1 for"
    " the maximum, so dout passes through unchanged"
)
AVG_SUM = "the window is summed but not averaged: divide by kernel_size**2, its number of entries"
DIVIDED_BY_K = (
    "divided by kernel_size instead of kernel_size**2: a window has kernel_size**2 entries"
)
CHANNELS_AVERAGED = (
    "the mean is taken over the channels too: average over the two spatial axes only, axis=(2, 3)"
)
AVG_NOT_DIVIDED = (
    "the gradient is not divided: each of the kernel_size**2 inputs of a window gets"
    " dout[n, c, i, j] / kernel_size**2"
)
DOUT_FORGOTTEN = (
    "dout is not used: by the chain rule each input's share is dout[n, c, i, j] / kernel_size**2,"
    " not 1 / kernel_size**2"
)
RF_STRIDES_FORGOTTEN = (
    "the strides are forgotten: layer l adds (kernel_size - 1) times the jump, the product of"
    " the strides of the layers before it"
)
RF_OWN_STRIDE = (
    "a layer's own stride is counted: layer l adds (kernel_size - 1) times the product of the"
    " strides of the layers before it, without its own (update the jump after adding)"
)
RF_KERNELS_MULTIPLIED = (
    "the kernel sizes are multiplied: the field grows by adding (kernel_size - 1) * jump per"
    " layer (two 3x3 layers see 5x5 pixels, not 9x9)"
)
RF_STARTS_AT_ZERO = "off by one: start from rf = 1 (a stack of no layers sees one pixel)"
RF_REVERSED = (
    "the layers are taken in the wrong order: layers[0] is the first layer, next to the input"
)


class PoolCache(BaseCache):
    """The cache ``(x, kernel_size, stride)`` of a pooling layer; a plain tuple for your code."""

    __slots__ = ()
    NAMES = {3: ("x", "kernel_size", "stride")}


FUNCTIONS: dict[str, tuple[str, ...]] = {
    "max_pool_forward_naive": ("max_pool_forward_naive",),
    "max_pool_backward_naive": ("max_pool_backward_naive",),
    "avg_pool_forward": ("avg_pool_forward",),
    "avg_pool_backward": ("avg_pool_backward",),
    "receptive_field": ("receptive_field",),
}
"""The functions each grade id checks."""

ARG_NAMES: dict[str, tuple[str, ...]] = {
    "max_pool_forward_naive": ("x", "kernel_size", "stride"),
    "max_pool_backward_naive": ("dout", "cache"),
    "avg_pool_forward": ("x", "kernel_size", "stride"),
    "avg_pool_backward": ("dout", "cache"),
    "receptive_field": ("layers",),
}

NAMED_SCALARS = ("max_pool_forward_naive", "avg_pool_forward", "max_pool_backward_naive",
                 "avg_pool_backward")  # fmt: skip
"""Their non-array positional arguments are shown as ``kernel_size=2``, ``cache=(...)``."""

OUTPUTS: dict[str, tuple[str, ...]] = {
    "max_pool_forward_naive": ("out", "cache"),
    "avg_pool_forward": ("out", "cache"),
}
"""The names of the parts of tuple results."""

COMPARED: dict[str, tuple[str, ...]] = {
    "max_pool_forward_naive": ("out",),
    "avg_pool_forward": ("out",),
}
"""The parts that ``Case.expected`` holds (the cache is checked by :func:`_check_cache`)."""

# fmt: off
# The visible cases. tests/test_pooling.py re-derives every literal with PyTorch (float64).
X_LECTURE = _a([[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]], (1, 1, 4, 4))
# CASES-BEGIN
CASES: dict[str, tuple[Case, ...]] = {
    "max_pool_forward_naive": (
        Case("max_pool_forward_naive", (X_LECTURE,),
             _a([[6, 8], [3, 4]], (1, 1, 2, 2)),
             {},
             ((STRIDE_IGNORED, _a([[6, 7], [6, 7]], (1, 1, 2, 2))),
              (MISSING_PLUS_ONE, _a([[6]], (1, 1, 1, 1)))),
             "the lecture's example, with the defaults kernel_size=2, stride=2"),
        Case("max_pool_forward_naive", (_a([[1, 0, 2, 0, 1], [0, 3, 0, 1, 0], [2, 0, 1, 0, 4], [0,
              1, 0, 2, 0], [5, 0, 1, 0, 1]], (1, 1, 5, 5)),),
             _a([[3, 4], [5, 4]], (1, 1, 2, 2)),
             {"kernel_size": 3, "stride": 2},
             ((STRIDE_IGNORED, _a([[3, 3], [3, 3]], (1, 1, 2, 2))),
              (MISSING_PLUS_ONE, _a([[3]], (1, 1, 1, 1))),
              (WINDOW_IS_STRIDE, _a([[3, 2], [2, 2]], (1, 1, 2, 2)))),
             'overlapping windows'),
        Case("max_pool_forward_naive", (_a([[1, 2, 0], [0, 1, 3], [4, 0, 1]], (1, 1, 3, 3)),),
             _a([[2, 3], [4, 3]], (1, 1, 2, 2)),
             {"kernel_size": 2, "stride": 1},
             ((MISSING_PLUS_ONE, _a([[2]], (1, 1, 1, 1))),
              (WINDOW_IS_STRIDE, _a([[1, 2], [0, 1]], (1, 1, 2, 2)))),
             'stride 1'),
        Case("max_pool_forward_naive", (_a([[-1, -2, 3, 0], [-3, -4, 1, 2], [5, 6, -1, -2], [7, 8,
              -3, -4]], (1, 2, 2, 4)),),
             _a([[-1, 3], [8, -1]], (1, 2, 1, 2)),
             {"kernel_size": 2, "stride": 2},
             ((STRIDE_IGNORED, _a([[-1, 3], [8, 8]], (1, 2, 1, 2))),
              (MISSING_PLUS_ONE, np.zeros((1, 2, 0, 1))),
              (CHANNELS_MIXED, _a([[8, 3], [8, 3]], (1, 2, 1, 2))),
              (MAX_STARTS_AT_ZERO, _a([[0, 3], [8, 0]], (1, 2, 1, 2)))),
             'two channels, negative numbers'),
        Case("max_pool_forward_naive", (_a([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12], [13,
              14, 15], [15, 14, 13], [12, 11, 10], [9, 8, 7], [6, 5, 4],
              [3, 2, 1]], (2, 1, 5, 3)),),
             _a([[5], [11], [15], [9]], (2, 1, 2, 1)),
             {"kernel_size": 2, "stride": 2},
             ((STRIDE_IGNORED, _a([[5], [8], [15], [12]], (2, 1, 2, 1))),
              (MISSING_PLUS_ONE, np.zeros((2, 1, 1, 0)))),
             'two images; the last row and column do not fit'),
        Case("max_pool_forward_naive", (_a([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]], (1, 1,
              3, 4)),),
             _a([[1, 3], [9, 11]], (1, 1, 2, 2)),
             {"kernel_size": 1, "stride": 2},
             ((STRIDE_IGNORED, _a([[1, 2], [5, 6]], (1, 1, 2, 2))),
              (MISSING_PLUS_ONE, _a([[1]], (1, 1, 1, 1))),
              (WINDOW_IS_STRIDE, _a([[6, 8], [10, 12]], (1, 1, 2, 2)))),
             'kernel_size 1 keeps every second pixel'),
        Case("max_pool_forward_naive", (_a([[1, 1], [1, 1]], (1, 1, 2, 2)),),
             RAISES,
             {"kernel_size": 3, "stride": 1},
             (),
             'a 3x3 window does not fit in 2x2'),
        Case("max_pool_forward_naive", (_a([[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1,
              1]], (1, 1, 4, 4)),),
             RAISES,
             {"kernel_size": 2, "stride": 0},
             (),
             'stride 0'),
    ),
    "avg_pool_forward": (
        Case("avg_pool_forward", (X_LECTURE,),
             _a([[3.25, 5.25], [2, 2]], (1, 1, 2, 2)),
             {},
             ((AVG_SUM, _a([[13, 21], [8, 8]], (1, 1, 2, 2))),
              (DIVIDED_BY_K, _a([[6.5, 10.5], [4, 4]], (1, 1, 2, 2))),
              (STRIDE_IGNORED, _a([[3.25, 4], [4, 4]], (1, 1, 2, 2))),
              (MISSING_PLUS_ONE, _a([[3.25]], (1, 1, 1, 1)))),
             "the lecture's example, with the defaults kernel_size=2, stride=2"),
        Case("avg_pool_forward", (_a([[9, 0, 0, 0, 9], [0, 0, 0, 0, 0], [0, 0, 9, 0, 0], [0, 0, 0,
              0, 0], [9, 0, 0, 0, 18]], (1, 1, 5, 5)),),
             _a([[2, 2], [2, 3]], (1, 1, 2, 2)),
             {"kernel_size": 3, "stride": 2},
             ((AVG_SUM, _a([[18, 18], [18, 27]], (1, 1, 2, 2))),
              (DIVIDED_BY_K, _a([[6, 6], [6, 9]], (1, 1, 2, 2))),
              (STRIDE_IGNORED, _a([[2, 1], [1, 1]], (1, 1, 2, 2))),
              (MISSING_PLUS_ONE, _a([[2]], (1, 1, 1, 1)))),
             'overlapping windows'),
        Case("avg_pool_forward", (_a([[1, 3, 0, 4], [5, 7, 8, 0], [2, 2, 1, 1], [2, 2, 1, 1]], (1,
              2, 2, 4)),),
             _a([[4, 3], [2, 1]], (1, 2, 1, 2)),
             {"kernel_size": 2, "stride": 2},
             ((AVG_SUM, _a([[16, 12], [8, 4]], (1, 2, 1, 2))),
              (DIVIDED_BY_K, _a([[8, 6], [4, 2]], (1, 2, 1, 2))),
              (CHANNELS_AVERAGED, _a([[3, 2], [3, 2]], (1, 2, 1, 2))),
              (STRIDE_IGNORED, _a([[4, 4.5], [2, 1.5]], (1, 2, 1, 2))),
              (MISSING_PLUS_ONE, np.zeros((1, 2, 0, 1)))),
             'two channels'),
        Case("avg_pool_forward", (_a([[1, 3, 5], [3, 1, 7], [0, 4, 4]], (1, 1, 3, 3)),),
             _a([[2, 4], [2, 4]], (1, 1, 2, 2)),
             {"kernel_size": 2, "stride": 1},
             ((AVG_SUM, _a([[8, 16], [8, 16]], (1, 1, 2, 2))),
              (DIVIDED_BY_K, _a([[4, 8], [4, 8]], (1, 1, 2, 2))),
              (MISSING_PLUS_ONE, _a([[2]], (1, 1, 1, 1)))),
             'stride 1'),
        Case("avg_pool_forward", (_a([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12], [13, 14, 15],
              [15, 14, 13], [12, 11, 10], [9, 8, 7], [6, 5, 4], [3, 2, 1]], (2,
              1, 5, 3)),),
             _a([[3], [9], [13], [7]], (2, 1, 2, 1)),
             {"kernel_size": 2, "stride": 2},
             ((AVG_SUM, _a([[12], [36], [52], [28]], (2, 1, 2, 1))),
              (DIVIDED_BY_K, _a([[6], [18], [26], [14]], (2, 1, 2, 1))),
              (STRIDE_IGNORED, _a([[3], [6], [13], [10]], (2, 1, 2, 1))),
              (MISSING_PLUS_ONE, np.zeros((2, 1, 1, 0)))),
             'two images; the last row and column do not fit'),
        Case("avg_pool_forward", (_a([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]], (1, 1, 3,
              4)),),
             _a([[1, 3], [9, 11]], (1, 1, 2, 2)),
             {"kernel_size": 1, "stride": 2},
             ((STRIDE_IGNORED, _a([[1, 2], [5, 6]], (1, 1, 2, 2))),
              (MISSING_PLUS_ONE, _a([[1]], (1, 1, 1, 1)))),
             'kernel_size 1 keeps every second pixel'),
        Case("avg_pool_forward", (_a([[1, 1], [1, 1], [1, 1]], (1, 1, 3, 2)),),
             RAISES,
             {"kernel_size": 3, "stride": 1},
             (),
             'a 3x3 window does not fit in 3x2'),
        Case("avg_pool_forward", (_a([[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]], (1,
              1, 4, 4)),),
             RAISES,
             {"kernel_size": 2, "stride": -1},
             (),
             'stride -1'),
    ),
    "max_pool_backward_naive": (
        Case("max_pool_backward_naive", (_a([[1, 2], [3, 4]], (1, 1, 2, 2)), PoolCache((X_LECTURE,
              2, 2))),
             _a([[0, 0, 0, 0], [0, 1, 0, 2], [3, 0, 0, 0], [0, 0, 0, 4]], (1, 1, 4, 4)),
             {},
             ((STRIDE_IGNORED, _a([[0, 0, 0, 0], [0, 4, 6, 0], [0, 0, 0, 0], [0, 0, 0, 0]], (1,
               1, 4, 4))),
              (TIMES_MAX, _a([[0, 0, 0, 0], [0, 6, 0, 16], [9, 0, 0, 0], [0, 0, 0, 16]], (1, 1,
               4, 4)))),
             "the lecture's example"),
        Case("max_pool_backward_naive", (_a([[1, 2]], (1, 1, 1, 2)), PoolCache((_a([[3, 3, 0, 1],
              [3, 2, 1, 1]], (1, 1, 2, 4)), 2, 2))),
             _a([[1, 0, 0, 2], [0, 0, 0, 0]], (1, 1, 2, 4)),
             {},
             ((TIES_ALL, _a([[1, 1, 0, 2], [1, 0, 2, 2]], (1, 1, 2, 4))),
              (TIES_LAST, _a([[0, 0, 0, 0], [1, 0, 0, 2]], (1, 1, 2, 4))),
              (STRIDE_IGNORED, _a([[1, 2, 0, 0], [0, 0, 0, 0]], (1, 1, 2, 4))),
              (TIMES_MAX, _a([[3, 0, 0, 2], [0, 0, 0, 0]], (1, 1, 2, 4)))),
             'ties: x = [[3, 3, 0, 1], [3, 2, 1, 1]]'),
        Case("max_pool_backward_naive", (_a([[1, 2]], (1, 1, 1, 2)), PoolCache((_a([[0, 1, 5, 1,
              0], [2, 0, 1, 0, 3], [0, 4, 0, 2, 0]], (1, 1, 3, 5)), 3,
              2))),
             _a([[0, 0, 3, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]], (1, 1, 3, 5)),
             {},
             ((OVERLAP_OVERWRITTEN, _a([[0, 0, 2, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]], (1,
               1, 3, 5))),
              (TIMES_MAX, _a([[0, 0, 15, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]], (1, 1, 3, 5)))),
             'overlapping windows: the 5 is the maximum of both'),
        Case("max_pool_backward_naive", (_a([[1, 2], [3, 4]], (1, 1, 2, 2)), PoolCache((_a([[1, 2,
              1], [0, 9, 0], [1, 0, 1]], (1, 1, 3, 3)), 2, 1))),
             _a([[0, 0, 0], [0, 10, 0], [0, 0, 0]], (1, 1, 3, 3)),
             {},
             ((OVERLAP_OVERWRITTEN, _a([[0, 0, 0], [0, 4, 0], [0, 0, 0]], (1, 1, 3, 3))),
              (TIMES_MAX, _a([[0, 0, 0], [0, 90, 0], [0, 0, 0]], (1, 1, 3, 3)))),
             'stride 1: x = [[1, 2, 1], [0, 9, 0], [1, 0, 1]]'),
        Case("max_pool_backward_naive", (_a([[1, 2], [3, 4]], (1, 2, 1, 2)), PoolCache((_a([[-1,
              -2, 3, 0], [-3, -4, 1, 2], [5, 6, -1, -2], [7, 8, -3,
              -4]], (1, 2, 2, 4)), 2, 2))),
             _a([[1, 0, 2, 0], [0, 0, 0, 0], [0, 0, 4, 0], [0, 3, 0, 0]], (1, 2, 2, 4)),
             {},
             ((STRIDE_IGNORED, _a([[1, 0, 2, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 7, 0, 0]], (1,
               2, 2, 4))),
              (TIMES_MAX, _a([[-1, 0, 6, 0], [0, 0, 0, 0], [0, 0, -4, 0], [0, 24, 0, 0]], (1, 2,
               2, 4)))),
             'two channels, negative numbers'),
        Case("max_pool_backward_naive", (_a([[1, 2], [3, 4]], (1, 1, 2, 2)), PoolCache((_a([[1, 2,
              0, 0, 0], [0, 0, 3, 0, 4], [1, 2, 0, 0, 0], [0, 0, 3, 0,
              4], [5, 0, 0, 6, 0]], (1, 1, 5, 5)), 2, 3))),
             _a([[0, 1, 0, 0, 0], [0, 0, 0, 0, 2], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [3, 0, 0, 4,
              0]], (1, 1, 5, 5)),
             {},
             ((STRIDE_IGNORED, _a([[0, 1, 0, 0, 0], [0, 0, 6, 0, 0], [0, 3, 0, 0, 0], [0, 0, 0,
               0, 0], [0, 0, 0, 0, 0]], (1, 1, 5, 5))),
              (TIMES_MAX, _a([[0, 2, 0, 0, 0], [0, 0, 0, 0, 8], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0],
               [15, 0, 0, 24, 0]], (1, 1, 5, 5)))),
             'stride 3 leaves gaps between the windows'),
    ),
    "avg_pool_backward": (
        Case("avg_pool_backward", (_a([[4, 8], [12, 16]], (1, 1, 2, 2)), PoolCache((X_LECTURE, 2,
              2))),
             _a([[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]], (1, 1, 4, 4)),
             {},
             ((AVG_NOT_DIVIDED, _a([[4, 4, 8, 8], [4, 4, 8, 8], [12, 12, 16, 16], [12, 12, 16,
               16]], (1, 1, 4, 4))),
              (DIVIDED_BY_K, _a([[2, 2, 4, 4], [2, 2, 4, 4], [6, 6, 8, 8], [6, 6, 8, 8]], (1, 1,
               4, 4))),
              (STRIDE_IGNORED, _a([[1, 3, 2, 0], [4, 10, 6, 0], [3, 7, 4, 0], [0, 0, 0, 0]], (1,
               1, 4, 4))),
              (DOUT_FORGOTTEN, _a([[0.25, 0.25, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25], [0.25,
               0.25, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25]], (1, 1, 4, 4)))),
             "the lecture's example"),
        Case("avg_pool_backward", (_a([[9, 18]], (1, 1, 1, 2)), PoolCache((_a([[0, 0, 0, 0, 0],
              [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]], (1, 1, 3, 5)), 3, 2))),
             _a([[1, 1, 3, 2, 2], [1, 1, 3, 2, 2], [1, 1, 3, 2, 2]], (1, 1, 3, 5)),
             {},
             ((AVG_NOT_DIVIDED, _a([[9, 9, 27, 18, 18], [9, 9, 27, 18, 18], [9, 9, 27, 18, 18]],
               (1, 1, 3, 5))),
              (DIVIDED_BY_K, _a([[3, 3, 9, 6, 6], [3, 3, 9, 6, 6], [3, 3, 9, 6, 6]], (1, 1, 3,
               5))),
              (OVERLAP_OVERWRITTEN, _a([[1, 1, 2, 2, 2], [1, 1, 2, 2, 2], [1, 1, 2, 2, 2]], (1,
               1, 3, 5))),
              (STRIDE_IGNORED, _a([[1, 3, 3, 2, 0], [1, 3, 3, 2, 0], [1, 3, 3, 2, 0]], (1, 1, 3,
               5))),
              (DOUT_FORGOTTEN, _a([[1, 1, 2, 1, 1], [1, 1, 2, 1, 1], [1, 1, 2, 1, 1]], (1, 1, 3,
               5)) / 9)),
             'overlapping windows'),
        Case("avg_pool_backward", (_a([[4, 8], [12, 16]], (1, 1, 2, 2)), PoolCache((_a([[0, 0, 0],
              [0, 0, 0], [0, 0, 0]], (1, 1, 3, 3)), 2, 1))),
             _a([[1, 3, 2], [4, 10, 6], [3, 7, 4]], (1, 1, 3, 3)),
             {},
             ((AVG_NOT_DIVIDED, _a([[4, 12, 8], [16, 40, 24], [12, 28, 16]], (1, 1, 3, 3))),
              (DIVIDED_BY_K, _a([[2, 6, 4], [8, 20, 12], [6, 14, 8]], (1, 1, 3, 3))),
              (OVERLAP_OVERWRITTEN, _a([[1, 2, 2], [3, 4, 4], [3, 4, 4]], (1, 1, 3, 3))),
              (DOUT_FORGOTTEN, _a([[0.25, 0.5, 0.25], [0.5, 1, 0.5], [0.25, 0.5, 0.25]], (1, 1,
               3, 3)))),
             'stride 1'),
        Case("avg_pool_backward", (_a([[4], [8], [12], [16]], (2, 2, 1, 1)), PoolCache((_a([[0,
              0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0]], (2,
              2, 2, 2)), 2, 2))),
             _a([[1, 1], [1, 1], [2, 2], [2, 2], [3, 3], [3, 3], [4, 4], [4, 4]], (2, 2, 2, 2)),
             {},
             ((AVG_NOT_DIVIDED, _a([[4, 4], [4, 4], [8, 8], [8, 8], [12, 12], [12, 12], [16, 16],
               [16, 16]], (2, 2, 2, 2))),
              (DIVIDED_BY_K, _a([[2, 2], [2, 2], [4, 4], [4, 4], [6, 6], [6, 6], [8, 8], [8, 8]],
               (2, 2, 2, 2))),
              (DOUT_FORGOTTEN, _a([[0.25, 0.25], [0.25, 0.25], [0.25, 0.25], [0.25, 0.25], [0.25,
               0.25], [0.25, 0.25], [0.25, 0.25], [0.25, 0.25]], (2, 2, 2, 2)))),
             'two images, two channels'),
        Case("avg_pool_backward", (_a([[1, 2], [3, 4]], (1, 1, 2, 2)), PoolCache((_a([[0, 0, 0],
              [0, 0, 0], [0, 0, 0]], (1, 1, 3, 3)), 1, 2))),
             _a([[1, 0, 2], [0, 0, 0], [3, 0, 4]], (1, 1, 3, 3)),
             {},
             ((STRIDE_IGNORED, _a([[1, 2, 0], [3, 4, 0], [0, 0, 0]], (1, 1, 3, 3))),
              (DOUT_FORGOTTEN, _a([[1, 0, 1], [0, 0, 0], [1, 0, 1]], (1, 1, 3, 3)))),
             'kernel_size 1, stride 2'),
        Case("avg_pool_backward", (_a([[4, 8], [12, 16]], (1, 1, 2, 2)), PoolCache((_a([[0, 0, 0,
              0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0,
              0, 0, 0]], (1, 1, 5, 5)), 2, 3))),
             _a([[1, 1, 0, 2, 2], [1, 1, 0, 2, 2], [0, 0, 0, 0, 0], [3, 3, 0, 4, 4], [3, 3, 0, 4,
              4]], (1, 1, 5, 5)),
             {},
             ((AVG_NOT_DIVIDED, _a([[4, 4, 0, 8, 8], [4, 4, 0, 8, 8], [0, 0, 0, 0, 0], [12, 12,
               0, 16, 16], [12, 12, 0, 16, 16]], (1, 1, 5, 5))),
              (DIVIDED_BY_K, _a([[2, 2, 0, 4, 4], [2, 2, 0, 4, 4], [0, 0, 0, 0, 0], [6, 6, 0, 8,
               8], [6, 6, 0, 8, 8]], (1, 1, 5, 5))),
              (STRIDE_IGNORED, _a([[1, 3, 2, 0, 0], [4, 10, 6, 0, 0], [3, 7, 4, 0, 0], [0, 0, 0,
               0, 0], [0, 0, 0, 0, 0]], (1, 1, 5, 5))),
              (DOUT_FORGOTTEN, _a([[0.25, 0.25, 0, 0.25, 0.25], [0.25, 0.25, 0, 0.25, 0.25], [0,
               0, 0, 0, 0], [0.25, 0.25, 0, 0.25, 0.25], [0.25, 0.25, 0, 0.25, 0.25]], (1, 1, 5,
               5)))),
             'stride 3 leaves gaps'),
    ),
    "receptive_field": (
        Case("receptive_field", ([],),
             1,
             {},
             ((RF_STARTS_AT_ZERO, 0),),
             'no layers: one pixel'),
        Case("receptive_field", ([(3, 1)],),
             3,
             {},
             ((RF_STARTS_AT_ZERO, 2),),
             'one 3x3 convolution'),
        Case("receptive_field", ([(3, 1), (3, 1)],),
             5,
             {},
             ((RF_KERNELS_MULTIPLIED, 9),
              (RF_STARTS_AT_ZERO, 4)),
             'two 3x3 convolutions'),
        Case("receptive_field", ([(11, 4), (3, 2), (5, 1)],),
             51,
             {},
             ((RF_STRIDES_FORGOTTEN, 17),
              (RF_OWN_STRIDE, 89),
              (RF_KERNELS_MULTIPLIED, 165),
              (RF_STARTS_AT_ZERO, 50),
              (RF_REVERSED, 27)),
             'AlexNet: conv 11x11 stride 4, pool 3x3 stride 2, conv 5x5'),
        Case("receptive_field", ([(5, 1), (2, 2)],),
             6,
             {},
             ((RF_OWN_STRIDE, 7),
              (RF_KERNELS_MULTIPLIED, 10),
              (RF_STARTS_AT_ZERO, 5),
              (RF_REVERSED, 10)),
             'the lecture: conv FxF then pool PxP gives P + F - 1 = 2 + 5 - 1'),
        Case("receptive_field", ([(3, 1), (3, 1), (3, 1)],),
             7,
             {},
             ((RF_KERNELS_MULTIPLIED, 27),
              (RF_STARTS_AT_ZERO, 6)),
             'three 3x3 convolutions see as much as one 7x7'),
        Case("receptive_field", ([(2, 2), (2, 2), (2, 2)],),
             8,
             {},
             ((RF_STRIDES_FORGOTTEN, 4),
              (RF_OWN_STRIDE, 15),
              (RF_STARTS_AT_ZERO, 7)),
             'three 2x2 poolings, stride 2'),
        Case("receptive_field", ([(3, 1), (2, 2), (3, 1), (2, 2)],),
             10,
             {},
             ((RF_STRIDES_FORGOTTEN, 7),
              (RF_OWN_STRIDE, 13),
              (RF_KERNELS_MULTIPLIED, 36),
              (RF_STARTS_AT_ZERO, 9),
              (RF_REVERSED, 16)),
             'conv, pool, conv, pool'),
        Case("receptive_field", ([(3, 1), (3, 0)],),
             RAISES,
             {},
             (),
             'stride 0'),
    ),
}
# CASES-END
# fmt: on


def _forward_shape_hint(case: Case, expected: np.ndarray) -> str:
    """H_out and W_out of a pooling layer, worked out for the case's inputs."""
    (_, _, h, w) = case.args[0].shape
    k, s = case.kwargs.get("kernel_size", 2), case.kwargs.get("stride", 2)
    return (
        f"H_out = (H - kernel_size) // stride + 1 = ({h} - {k}) // {s} + 1 = {expected.shape[2]}"
        f" and W_out = ({w} - {k}) // {s} + 1 = {expected.shape[3]}; out has shape"
        " (N, C, H_out, W_out), the channels are pooled separately."
    )


def _backward_shape_hint(case: Case, expected: np.ndarray) -> str:
    """The gradient dx has the shape of x."""
    return f"dx has the shape of x in the cache, {case.args[1][0].shape}."


SHAPE_HINTS: dict[str, Callable[[Case, np.ndarray], str]] = {
    "max_pool_forward_naive": _forward_shape_hint,
    "avg_pool_forward": _forward_shape_hint,
    "max_pool_backward_naive": _backward_shape_hint,
    "avg_pool_backward": _backward_shape_hint,
}
"""How the expected shape follows from the inputs (shown when the shapes differ)."""


def _check_cache(case: Case, result: Any, args: tuple[Any, ...]) -> None:
    """The cache of a pooling forward pass is (x, kernel_size, stride)."""
    cache = result[1]
    expected = (case.args[0], case.kwargs.get("kernel_size", 2), case.kwargs.get("stride", 2))
    ok = isinstance(cache, tuple | list) and len(cache) == 3
    ok = ok and isinstance(cache[0], np.ndarray) and np.array_equal(cache[0], expected[0])
    ok = ok and cache[1] == expected[1] and cache[2] == expected[2]
    if not ok:
        raise CheckFailure(
            f"{case.call}: the cache for {describe(case)} must be (x, kernel_size, stride)."
        )


def _check_cache_unchanged(case: Case, result: Any, args: tuple[Any, ...]) -> None:
    """A backward pass must not change the x in its cache."""
    if not np.array_equal(args[1][0], case.args[1][0]):
        raise CheckFailure(
            f"{case.call} changed x in the cache in place for {describe(case)}.\n"
            "  Inputs must never be modified: write into a new array dx (np.zeros)."
        )


RESULT_CHECKS: dict[str, Callable[[Case, Any, tuple[Any, ...]], None]] = {
    "max_pool_forward_naive": _check_cache,
    "avg_pool_forward": _check_cache,
    "max_pool_backward_naive": _check_cache_unchanged,
    "avg_pool_backward": _check_cache_unchanged,
}
"""Checks of a result whose compared part is right."""


# ---------------------------------------------------------------------------------------------
# One public check per graded cell, named like its grade id.


def max_pool_forward_naive(max_pool_forward_naive: Callable[..., Any]) -> None:
    """Check ``max_pool_forward_naive(x, kernel_size=2, stride=2) -> (out, cache)``."""
    public("max_pool_forward_naive", max_pool_forward_naive)


def max_pool_backward_naive(max_pool_backward_naive: Callable[..., np.ndarray]) -> None:
    """Check ``max_pool_backward_naive(dout, cache) -> dx``, cache = (x, kernel_size, stride)."""
    public("max_pool_backward_naive", max_pool_backward_naive)


def avg_pool_forward(avg_pool_forward: Callable[..., Any]) -> None:
    """Check ``avg_pool_forward(x, kernel_size=2, stride=2) -> (out, cache)``."""
    public("avg_pool_forward", avg_pool_forward)


def avg_pool_backward(avg_pool_backward: Callable[..., np.ndarray]) -> None:
    """Check ``avg_pool_backward(dout, cache) -> dx``, cache = (x, kernel_size, stride)."""
    public("avg_pool_backward", avg_pool_backward)


def receptive_field(receptive_field: Callable[..., int]) -> None:
    """Check ``receptive_field(layers) -> int``, layers = [(kernel_size, stride), ...]."""
    public("receptive_field", receptive_field)
