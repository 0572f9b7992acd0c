"""Visible checks for the conv_backward notebook: small cases you can verify by hand.

Each graded function has one check here, named like its grade id, for example::

    checks.conv_backward_naive(conv_backward_naive)

The cases are tiny, with small-integer inputs and expected gradients written below as literals
(tests/test_conv_backward.py re-derives every one with PyTorch's autograd in float64), so that
you can redo them on paper with the formulas of the notebook. A failing case says which gradient
is wrong (dx, dw or db), where, and, when the wrong result looks like a well-known mistake, the
likely cause.

Symbols: N, C, H, W (input), F, HH, WW (filters), H_out, W_out (output); layout NCHW.
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
FORWARD_FLIPPED = (
    "the kernel is flipped: the forward pass is a cross-correlation,"
    " out[i] = sum over u of x[i + u] * w[u], with w as it is (np.convolve flips it)"
)
FORWARD_MISSING_LAST = (
    "the last output is missing: there are n - k + 1 output positions, i = 0, ..., n - k"
)
FORWARD_FULL = (
    "this is a 'full' correlation (np.correlate mode 'full'): keep only the n - k + 1 'valid'"
    " positions, where the whole kernel lies inside x"
)
FORWARD_SAME = (
    "this is a 'same' correlation (np.correlate mode 'same'): keep only the n - k + 1 'valid'"
    " positions, where the whole kernel lies inside x"
)
DX_OVERWRITTEN = (
    "dx is assigned (=) instead of accumulated (+=): an input entry lies in several windows"
    " (and is seen by every filter), and each of them adds its contribution"
)
DW_OVERWRITTEN = (
    "dw is assigned (=) instead of accumulated (+=): the same weights are used at every output"
    " position, and each position adds its contribution (here only the last one counts)"
)
DX_KERNEL_FLIPPED = (
    "dx uses the kernel the wrong way round: output i sends dout[i] * w[u] back to the input"
    " entry x[i + u] it read (scatter with w as it is; as a gather, dx is the full correlation"
    " of dout with the flipped kernel)"
)
DW_REVERSED = (
    "dw is reversed: dw[u] = sum over i of dout[i] * x[i + u], the window x[i : i + k] as it is"
)
LAST_OUTPUT_SKIPPED = (
    "the last output position is skipped: the loop must visit all n - k + 1 outputs,"
    " range(n - k + 1)"
)
DOUT_NOT_USED = (
    "dout is not multiplied in: each output's contribution to dw is weighted by its upstream"
    " gradient dout[i]"
)
BACKWARD_STRIDE_IGNORED = (
    "the stride is ignored in the backward pass: output (i, j) read the window at rows"
    " i*stride : i*stride + HH and columns j*stride : j*stride + WW, and its gradient goes back"
    " to that window"
)
DB_WRONG_AXES = (
    "db is summed over the wrong axes: db[f] adds dout[n, f, i, j] over n, i and j,"
    " dout.sum(axis=(0, 2, 3)), one value per filter"
)
PADDING_NOT_CROPPED = (
    "the padding is not cropped from dx: dx has the shape of x; drop the gradient of the padded"
    " border, dx = dx_pad[:, :, p:p + H, p:p + W]"
)
DW_BATCH_NOT_SUMMED = (
    "dw is not accumulated over the batch: every image n adds its contribution to dw"
    " (here only one image counts, or the sum is divided by N)"
)
FULL_NOT_FLIPPED = (
    "the kernel is not flipped: the full correlation uses the kernel rotated by 180 degrees,"
    " w[:, :, ::-1, ::-1]"
)
FULL_FLIPPED_ONE_AXIS = (
    "the kernel is flipped along one spatial axis only: flip rows and columns, w[:, :, ::-1, ::-1]"
)
FULL_AXES_NOT_SWAPPED = (
    "F and C are not swapped: w_rot[c, f] is the flipped w[f, c], so use"
    " .transpose(1, 0, 2, 3) (a reshape to (C, F, HH, WW) keeps the memory order and does not"
    " swap the axes)"
)
FULL_PADDED_BY_KERNEL = (
    "dout is padded by HH and WW instead of HH - 1 and WW - 1: the result is shifted by one"
    " pixel down and to the right"
)
FULL_ONE_SIDED_PADDING = (
    "dout is padded on one side only: add HH - 1 rows of zeros at the top and at the bottom,"
    " and WW - 1 columns at the left and at the right"
)
FULL_FILTERS_NOT_SUMMED = (
    "the filters are not summed: dx[n, c] adds up the contributions of all F filters"
    " (here only one filter counts)"
)


class Cache(BaseCache):
    """The cache of a convolution: ``(x, w)`` in 1-D, ``(x, w, b, stride, padding)`` in 2-D."""

    __slots__ = ()
    NAMES = {2: ("x", "w"), 5: ("x", "w", "b", "stride", "padding")}


FUNCTIONS: dict[str, tuple[str, ...]] = {
    "conv1d_forward": ("conv1d_forward",),
    "conv1d_backward": ("conv1d_backward",),
    "conv_backward_naive": ("conv_backward_naive",),
    "conv_dx_full_correlation": ("conv_dx_full_correlation",),
}
"""The functions each grade id checks, in the order its check function takes them."""

ARG_NAMES: dict[str, tuple[str, ...]] = {
    "conv1d_forward": ("x", "w"),
    "conv1d_backward": ("dout", "cache"),
    "conv_backward_naive": ("dout", "cache"),
    "conv_dx_full_correlation": ("dout", "w"),
}


def _c(*parts: Any) -> Cache:
    """A cache of literal arrays (and stride, padding)."""
    return Cache(parts)


# fmt: off
# The visible cases. tests/test_conv_backward.py re-derives every literal with PyTorch (float64).
CASES: dict[str, tuple[Case, ...]] = {
    "conv1d_forward": (
        Case("conv1d_forward",
             (_a([1, 2, 3, 4]), _a([2, -1])),
             _a([0, 1, 2]),
             mistakes=((FORWARD_FLIPPED,
                        _a([3, 4, 5])),
                       (FORWARD_MISSING_LAST,
                        _a([0, 1])),
                       (FORWARD_FULL,
                        _a([-1, 0, 1, 2, 8])),
                       (FORWARD_SAME,
                        _a([-1, 0, 1, 2])),),
             note='the example of section 2'),
        Case("conv1d_forward",
             (_a([1, 2, 0, 3, 1]), _a([2, 0, 1])),
             _a([2, 7, 1]),
             mistakes=((FORWARD_FLIPPED,
                        _a([1, 8, 2])),
                       (FORWARD_MISSING_LAST,
                        _a([2, 7])),
                       (FORWARD_FULL,
                        _a([1, 2, 2, 7, 1, 6, 2])),
                       (FORWARD_SAME,
                        _a([2, 2, 7, 1, 6])),)),
        Case("conv1d_forward",
             (_a([3, 1]), _a([2, 5])),
             _a([11]),
             mistakes=((FORWARD_FLIPPED,
                        _a([17])),
                       (FORWARD_MISSING_LAST,
                        _a([])),
                       (FORWARD_FULL,
                        _a([15, 11, 2])),
                       (FORWARD_SAME,
                        _a([15, 11])),),
             note='kernel as long as the input'),
        Case("conv1d_forward",
             (_a([1, 2, 3]).astype(np.float32), _a([1, 1]).astype(np.float32)),
             _a([3, 5]).astype(np.float32),
             mistakes=((FORWARD_MISSING_LAST,
                        _a([3])),
                       (FORWARD_FULL,
                        _a([1, 3, 5, 3])),
                       (FORWARD_SAME,
                        _a([1, 3, 5])),),
             note='float32 inputs give a float32 output', dtype='float32'),
        Case("conv1d_forward",
             (_a([1, 2]), _a([1, 1, 1])), RAISES,
             note='kernel longer than the input'),
    ),
    "conv1d_backward": (
        Case("conv1d_backward",
             (_a([1, 0, 2]), _c(_a([1, 2, 3, 4]), _a([2, -1]))),
             (_a([2, -1, 4, -2]), _a([7, 10])),
             mistakes=((DX_OVERWRITTEN,
                        (_a([2, 0, 4, -2]), _a([7, 10]))),
                       (DW_OVERWRITTEN,
                        (_a([2, -1, 4, -2]), _a([6, 8]))),
                       (DX_KERNEL_FLIPPED,
                        (_a([-1, 2, -2, 4]), _a([7, 10]))),
                       (DW_REVERSED,
                        (_a([2, -1, 4, -2]), _a([10, 7]))),
                       (LAST_OUTPUT_SKIPPED,
                        (_a([2, -1, 0, 0]), _a([1, 2]))),
                       (DOUT_NOT_USED,
                        (_a([2, -1, 4, -2]), _a([6, 9]))),),
             note='the example of section 3'),
        Case("conv1d_backward",
             (_a([1, 1, 1]), _c(_a([1, 2, 0, 3, 1]), _a([2, 0, 1]))),
             (_a([2, 2, 3, 1, 1]), _a([3, 5, 4])),
             mistakes=((DX_OVERWRITTEN,
                        (_a([2, 2, 2, 0, 1]), _a([3, 5, 4]))),
                       (DW_OVERWRITTEN,
                        (_a([2, 2, 3, 1, 1]), _a([0, 3, 1]))),
                       (DX_KERNEL_FLIPPED,
                        (_a([1, 1, 3, 2, 2]), _a([3, 5, 4]))),
                       (DW_REVERSED,
                        (_a([2, 2, 3, 1, 1]), _a([4, 5, 3]))),
                       (LAST_OUTPUT_SKIPPED,
                        (_a([2, 2, 1, 1, 0]), _a([3, 2, 3]))),),
             note='dout = 1 everywhere'),
        Case("conv1d_backward",
             (_a([3, -1, 2, 1]), _c(_a([1, 0, 2, 1, 3]), _a([1, 2]))),
             (_a([3, 5, 0, 5, 2]), _a([8, 3])),
             mistakes=((DX_OVERWRITTEN,
                        (_a([3, -1, 2, 1, 2]), _a([8, 3]))),
                       (DW_OVERWRITTEN,
                        (_a([3, 5, 0, 5, 2]), _a([1, 3]))),
                       (DX_KERNEL_FLIPPED,
                        (_a([6, 1, 3, 4, 1]), _a([8, 3]))),
                       (DW_REVERSED,
                        (_a([3, 5, 0, 5, 2]), _a([3, 8]))),
                       (LAST_OUTPUT_SKIPPED,
                        (_a([3, 5, 0, 4, 0]), _a([7, 0]))),
                       (DOUT_NOT_USED,
                        (_a([3, 5, 0, 5, 2]), _a([4, 6]))),)),
        Case("conv1d_backward",
             (_a([2]), _c(_a([3, 1]), _a([2, 5]))),
             (_a([4, 10]), _a([6, 2])),
             mistakes=((DX_KERNEL_FLIPPED,
                        (_a([10, 4]), _a([6, 2]))),
                       (DW_REVERSED,
                        (_a([4, 10]), _a([2, 6]))),
                       (LAST_OUTPUT_SKIPPED,
                        (_a([0, 0]), _a([0, 0]))),
                       (DOUT_NOT_USED,
                        (_a([4, 10]), _a([3, 1]))),),
             note='one output'),
    ),
    "conv_backward_naive": (
        Case("conv_backward_naive",
             (_a([1, 2, 0, 1], (1, 1, 2, 2)),
              _c(_a([1, 2, 3, 4, 5, 6, 7, 8, 9], (1, 1, 3, 3)),
                 _a([1, 0, 0, 2], (1, 1, 2, 2)),
                 _a([1]), 1, 0)),
             (_a([1, 2, 0, 0, 3, 4, 0, 0, 2], (1, 1, 3, 3)),
              _a([10, 14, 22, 26], (1, 1, 2, 2)),
              _a([4])),
             mistakes=((DB_WRONG_AXES,
                        (_a([1, 2, 0, 0, 3, 4, 0, 0, 2], (1, 1, 3, 3)),
                         _a([10, 14, 22, 26], (1, 1, 2, 2)),
                         _a([4], (1, 1)))),
                       (DX_OVERWRITTEN,
                        (_a([1, 2, 0, 0, 1, 0, 0, 0, 2], (1, 1, 3, 3)),
                         _a([10, 14, 22, 26], (1, 1, 2, 2)),
                         _a([4]))),
                       (DX_KERNEL_FLIPPED,
                        (_a([2, 4, 0, 0, 3, 2, 0, 0, 1], (1, 1, 3, 3)),
                         _a([10, 14, 22, 26], (1, 1, 2, 2)),
                         _a([4]))),),
             note='one image, one channel, one filter'),
        Case("conv_backward_naive",
             (_a([1, 2, 3, 1], (1, 1, 2, 2)),
              _c(_a([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], (1, 1, 3, 4)),
                 _a([1, 0, -1, 2, 0, 1], (1, 1, 2, 3)),
                 _a([0]), 2, 1)),
             (_a([0, 5, 0, 2, 0, -2, 0, -1, 0, 5, 0, 1], (1, 1, 3, 4)),
              _a([6, 22, 26, 14, 45, 52], (1, 1, 2, 3)),
              _a([7])),
             mistakes=((BACKWARD_STRIDE_IGNORED,
                        (_a([5, -2, 1, 0, 2, 3, 1, 0, 0, 0, 0, 0], (1, 1, 3, 4)),
                         _a([1, 5, 9, 7, 26, 33], (1, 1, 2, 3)),
                         _a([7]))),
                       (DB_WRONG_AXES,
                        (_a([0, 5, 0, 2, 0, -2, 0, -1, 0, 5, 0, 1], (1, 1, 3, 4)),
                         _a([6, 22, 26, 14, 45, 52], (1, 1, 2, 3)),
                         _a([7], (1, 1)))),
                       (PADDING_NOT_CROPPED,
                        (_a([1, 0, 1, 0, -2, 0, 2, 0, 5, 0, 2, 0, 3, 0, -2, 0, -1, 0, 6, 0, 5, 0,
                             1, 0, 0, 0, 0, 0, 0, 0], (1, 1, 5, 6)),
                         _a([6, 22, 26, 14, 45, 52], (1, 1, 2, 3)),
                         _a([7]))),
                       (DX_OVERWRITTEN,
                        (_a([0, 4, 0, 2, 0, 1, 0, -1, 0, 2, 0, 1], (1, 1, 3, 4)),
                         _a([6, 22, 26, 14, 45, 52], (1, 1, 2, 3)),
                         _a([7]))),
                       (DX_KERNEL_FLIPPED,
                        (_a([0, -1, 0, 2, 0, 7, 0, 2, 0, 2, 0, 1], (1, 1, 3, 4)),
                         _a([6, 22, 26, 14, 45, 52], (1, 1, 2, 3)),
                         _a([7]))),),
             note='stride 2, padding 1, a 2x3 kernel'),
        Case("conv_backward_naive",
             (_a([1, 2], (2, 1, 1, 1)),
              _c(_a([1, 2, 3, 4, 5, 6, 7, 8], (2, 1, 2, 2)),
                 _a([1, 1, 1, 1], (1, 1, 2, 2)),
                 _a([1]), 1, 0)),
             (_a([1, 1, 1, 1, 2, 2, 2, 2], (2, 1, 2, 2)),
              _a([11, 14, 17, 20], (1, 1, 2, 2)),
              _a([3])),
             mistakes=((DB_WRONG_AXES,
                        (_a([1, 1, 1, 1, 2, 2, 2, 2], (2, 1, 2, 2)),
                         _a([11, 14, 17, 20], (1, 1, 2, 2)),
                         _a([1, 2], (2, 1)))),
                       (DW_BATCH_NOT_SUMMED,
                        (_a([1, 1, 1, 1, 2, 2, 2, 2], (2, 1, 2, 2)),
                         _a([10, 12, 14, 16], (1, 1, 2, 2)),
                         _a([3]))),),
             note='two images: dw adds both'),
        Case("conv_backward_naive",
             (_a([1, 0, 0, 1, 2, 1, 0, 0], (1, 2, 2, 2)),
              _c(_a([1, 2, 3, 4, 10, 20, 30, 40], (1, 2, 2, 2)),
                 _a([1, 1, 1, -1], (2, 2, 1, 1)),
                 _a([0, 0]), 1, 0)),
             (_a([3, 1, 0, 1, -1, -1, 0, 1], (1, 2, 2, 2)),
              _a([5, 50, 4, 40], (2, 2, 1, 1)),
              _a([2, 3])),
             mistakes=((DB_WRONG_AXES,
                        (_a([3, 1, 0, 1, -1, -1, 0, 1], (1, 2, 2, 2)),
                         _a([5, 50, 4, 40], (2, 2, 1, 1)),
                         _a([2, 3], (1, 2)))),
                       (DX_OVERWRITTEN,
                        (_a([2, 1, 0, 0, -2, -1, 0, 0], (1, 2, 2, 2)),
                         _a([5, 50, 4, 40], (2, 2, 1, 1)),
                         _a([2, 3]))),),
             note='2 channels, 2 filters of 1x1: channel sum and difference'),
        Case("conv_backward_naive",
             (_a([1, 2, 3, 4], (1, 1, 2, 2)),
              _c(_a([1, 2, 3, 4, 5, 6, 7, 8, 9], (1, 1, 3, 3)),
                 _a([2], (1, 1, 1, 1)),
                 _a([0]), 2, 0)),
             (_a([2, 0, 4, 0, 0, 0, 6, 0, 8], (1, 1, 3, 3)), _a([64], (1, 1, 1, 1)), _a([10])),
             mistakes=((BACKWARD_STRIDE_IGNORED,
                        (_a([2, 4, 0, 6, 8, 0, 0, 0, 0], (1, 1, 3, 3)),
                         _a([37], (1, 1, 1, 1)),
                         _a([10]))),
                       (DB_WRONG_AXES,
                        (_a([2, 0, 4, 0, 0, 0, 6, 0, 8], (1, 1, 3, 3)),
                         _a([64], (1, 1, 1, 1)),
                         _a([10], (1, 1)))),),
             note='stride 2, a 1x1 kernel: pixels in no window get 0'),
    ),
    "conv_dx_full_correlation": (
        Case("conv_dx_full_correlation",
             (_a([1, 2, 3, 4], (1, 1, 2, 2)), _a([1, 0, 0, 2], (1, 1, 2, 2))),
             _a([1, 2, 0, 3, 6, 4, 0, 6, 8], (1, 1, 3, 3)),
             mistakes=((FULL_NOT_FLIPPED,
                        _a([2, 4, 0, 6, 9, 2, 0, 3, 4], (1, 1, 3, 3))),
                       (FULL_FLIPPED_ONE_AXIS,
                        _a([0, 1, 2, 2, 7, 4, 6, 8, 0], (1, 1, 3, 3))),
                       (FULL_PADDED_BY_KERNEL,
                        _a([0, 0, 0, 0, 1, 2, 0, 3, 6], (1, 1, 3, 3))),
                       (FULL_ONE_SIDED_PADDING,
                        _a([6, 4, 0, 6, 8, 0, 0, 0, 0], (1, 1, 3, 3))),),
             note='one channel, one filter'),
        Case("conv_dx_full_correlation",
             (_a([1, 0, 0, 1, 0, 2, 1, 0], (1, 2, 2, 2)),
              _a([1, 2, 0, 0, 0, 1, 1, 0, 1, 0, 0, 1, 2, 0, 0, 0], (2, 2, 2, 2))),
             _a([1, 4, 0, 1, 1, 4, 0, 1, 0, 0, 5, 0, 3, 0, 1, 0, 1, 0], (1, 2, 3, 3)),
             mistakes=((FULL_NOT_FLIPPED,
                        _a([0, 2, 0, 3, 1, 2, 0, 3, 1, 0, 1, 0, 1, 0, 5, 0, 3, 0], (1, 2, 3, 3))),
                       (FULL_FLIPPED_ONE_AXIS,
                        _a([2, 1, 2, 0, 5, 1, 1, 0, 0, 1, 0, 4, 0, 4, 0, 0, 0, 1], (1, 2, 3, 3))),
                       (FULL_AXES_NOT_SWAPPED,
                        _a([1, 2, 2, 0, 4, 2, 1, 0, 0, 1, 4, 0, 2, 2, 0, 0, 0, 1], (1, 2, 3, 3))),
                       (FULL_PADDED_BY_KERNEL,
                        _a([0, 0, 0, 0, 1, 4, 0, 1, 1, 0, 0, 0, 0, 0, 5, 0, 3, 0], (1, 2, 3, 3))),
                       (FULL_ONE_SIDED_PADDING,
                        _a([1, 4, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0], (1, 2, 3, 3))),
                       (FULL_FILTERS_NOT_SUMMED,
                        _a([0, 2, 0, 1, 0, 2, 0, 1, 0, 0, 4, 0, 2, 0, 0, 0, 0, 0], (1, 2, 3, 3))),),
             note='2 filters, 2 channels'),
        Case("conv_dx_full_correlation",
             (_a([1, 2, 0, 1, 3, 0], (1, 3, 1, 2)), _a([1, 2, 3, 0, 1, 1], (3, 2, 1, 1))),
             _a([4, 5, 5, 4], (1, 2, 1, 2)),
             mistakes=((FULL_AXES_NOT_SWAPPED,
                        _a([10, 4, 3, 1], (1, 2, 1, 2))),
                       (FULL_PADDED_BY_KERNEL,
                        _a([0, 0, 0, 0], (1, 2, 1, 2))),
                       (FULL_FILTERS_NOT_SUMMED,
                        _a([3, 0, 3, 0], (1, 2, 1, 2))),),
             note='3 filters, 2 channels, 1x1 kernels'),
        Case("conv_dx_full_correlation",
             (_a([1, 2, 3], (1, 1, 1, 3)), _a([1, 0, 2, 0, 0, 1], (1, 1, 2, 3))),
             _a([1, 2, 5, 4, 6, 0, 0, 1, 2, 3], (1, 1, 2, 5)),
             mistakes=((FULL_NOT_FLIPPED,
                        _a([1, 2, 3, 0, 0, 2, 4, 7, 2, 3], (1, 1, 2, 5))),
                       (FULL_FLIPPED_ONE_AXIS,
                        _a([2, 4, 7, 2, 3, 1, 2, 3, 0, 0], (1, 1, 2, 5))),
                       (FULL_PADDED_BY_KERNEL,
                        _a([0, 0, 0, 0, 0, 0, 1, 2, 5, 4], (1, 1, 2, 5))),
                       (FULL_ONE_SIDED_PADDING,
                        _a([1, 2, 3, 0, 0, 0, 0, 0, 0, 0], (1, 1, 2, 5))),),
             note='a 2x3 kernel'),
        Case("conv_dx_full_correlation",
             (_a([1, 1, 1, 1, 1, 1, 1, 1], (1, 2, 2, 2)),
              _a([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], (3, 1, 2, 2))), RAISES,
             note='dout has 2 channels, w 3 filters'),
    ),
}
# fmt: on

OUTPUTS: dict[str, tuple[str, ...]] = {
    "conv1d_forward": ("out", "cache"),
    "conv1d_backward": ("dx", "dw"),
    "conv_backward_naive": ("dx", "dw", "db"),
}
"""The names of the parts of tuple results."""

COMPARED: dict[str, tuple[str, ...]] = {"conv1d_forward": ("out",)}
"""conv1d_forward's cache is checked by :func:`_check_cache`; all gradients are compared."""


def _conv1d_shape_hint(case: Case, expected: np.ndarray) -> str:
    """The 'valid' output length n - k + 1."""
    n, k = case.args[0].shape[0], case.args[1].shape[0]
    return f"a 'valid' correlation has n - k + 1 = {n} - {k} + 1 = {n - k + 1} outputs."


def _full_shape_hint(case: Case, expected: np.ndarray) -> str:
    """The shape of dx: that of x, (N, C, H_out + HH - 1, W_out + WW - 1)."""
    (n, _, h_out, w_out), (_, c, hh, ww) = case.args[0].shape, case.args[1].shape
    return (
        f"dx has the shape of x, (N, C, H_out + HH - 1, W_out + WW - 1) = "
        f"({n}, {c}, {h_out} + {hh} - 1, {w_out} + {ww} - 1)."
    )


SHAPE_HINTS: dict[str, Callable[[Case, np.ndarray], str]] = {
    "conv1d_forward": _conv1d_shape_hint,
    "conv_dx_full_correlation": _full_shape_hint,
}
"""How the expected shape follows from the inputs (shown when the shapes differ)."""


def _check_cache(case: Case, result: Any, args: tuple[Any, ...]) -> None:
    """The cache of conv1d_forward is its inputs, (x, w)."""
    cache = result[1]
    ok = isinstance(cache, tuple) and len(cache) == 2
    ok = ok and all(np.array_equal(g, e) for g, e in zip(cache, case.args, strict=True))
    if not ok:
        raise CheckFailure(f"conv1d_forward: the cache for {describe(case)} must be (x, w).")


def _check_cache_unchanged(case: Case, result: Any, args: tuple[Any, ...]) -> None:
    """A backward pass must not change the arrays of its cache in place."""
    names = Cache.NAMES[len(case.args[1])]
    for name, before, after in zip(names, case.args[1], args[1], strict=True):
        if isinstance(before, np.ndarray) and not np.array_equal(before, after):
            raise CheckFailure(
                f"{case.call} changed {name} of its cache in place for {describe(case)}.\n"
                "  Inputs must never be modified: work on new arrays (np.zeros, .copy())."
            )


RESULT_CHECKS: dict[str, Callable[[Case, Any, tuple[Any, ...]], None]] = {
    "conv1d_forward": _check_cache,
    "conv1d_backward": _check_cache_unchanged,
    "conv_backward_naive": _check_cache_unchanged,
}
"""Checks of a result whose compared parts are right."""


# ---------------------------------------------------------------------------------------------
# One public check per graded cell, named like its grade id.


def conv1d_forward(conv1d_forward: Callable[..., Any]) -> None:
    """Check ``conv1d_forward(x, w) -> (out, cache)``: 'valid' 1-D cross-correlation."""
    public("conv1d_forward", conv1d_forward)


def conv1d_backward(conv1d_backward: Callable[..., Any]) -> None:
    """Check ``conv1d_backward(dout, cache) -> (dx, dw)``."""
    public("conv1d_backward", conv1d_backward)


def conv_backward_naive(conv_backward_naive: Callable[..., Any]) -> None:
    """Check ``conv_backward_naive(dout, cache) -> (dx, dw, db)`` for conv_forward_naive's cache."""
    public("conv_backward_naive", conv_backward_naive)


def conv_dx_full_correlation(conv_dx_full_correlation: Callable[..., np.ndarray]) -> None:
    """Check ``conv_dx_full_correlation(dout, w) -> dx`` (stride 1, no padding)."""
    public("conv_dx_full_correlation", conv_dx_full_correlation)
