"""The pooling notebook's mutants: mistakes students really make, as patches of its solution.

Each patches an answer cell of ``solutions/numpy_cnn/pooling.ipynb``;
:mod:`autograder.mutants` merges them (``notebook`` filled in). The hidden tests never
import this module: the ``old`` texts are fragments of the solution.
"""

from __future__ import annotations

from autograder.mutants import Mutant
from cnnlab.checks import pooling as visible

_MAX_ROUTE = (
    "u, v = np.unravel_index(np.argmax(window), window.shape)  # first maximum\n"
    "                    dx[n, c, top + u, left + v] += dout[n, c, i, j]"
)

MUTANTS: list[Mutant] = [
    # max_pool_forward_naive
    Mutant(
        "max_stride_ignored",
        "max_pool_forward_naive",
        "computes H_out with the stride but moves the window one pixel at a time",
        "top, left = i * stride, j * stride  # the window's top-left corner in x",
        "top, left = i, j",
        visible.STRIDE_IGNORED,
    ),
    Mutant(
        "max_missing_plus_one",
        "max_pool_forward_naive",
        "forgets the +1 of the output size",
        "H_out = (H - kernel_size) // stride + 1\n    W_out = (W - kernel_size) // stride + 1",
        "H_out = (H - kernel_size) // stride\n    W_out = (W - kernel_size) // stride",
        visible.MISSING_PLUS_ONE,
    ),
    Mutant(
        "max_channels_mixed",
        "max_pool_forward_naive",
        "takes the window from all channels at once",
        "window = x[n, c, top : top + kernel_size, left : left + kernel_size]",
        "window = x[n, :, top : top + kernel_size, left : left + kernel_size]",
        visible.CHANNELS_MIXED,
    ),
    Mutant(
        "max_window_is_stride",
        "max_pool_forward_naive",
        "uses windows of size stride instead of kernel_size",
        "window = x[n, c, top : top + kernel_size, left : left + kernel_size]",
        "window = x[n, c, top : top + stride, left : left + stride]",
        visible.WINDOW_IS_STRIDE,
    ),
    Mutant(
        "max_starts_at_zero",
        "max_pool_forward_naive",
        "keeps a running maximum that starts at 0",
        "out[n, c, i, j] = np.max(window)",
        "out[n, c, i, j] = max(0.0, np.max(window))",
        visible.MAX_STARTS_AT_ZERO,
    ),
    # max_pool_backward_naive
    Mutant(
        "max_ties_double_counted",
        "max_pool_backward_naive",
        "sends the gradient to every entry equal to the maximum",
        _MAX_ROUTE,
        "mask = window == np.max(window)  # every maximum\n"
        "                    dx[n, c, top : top + kernel_size, left : left + kernel_size] += (\n"
        "                        mask * dout[n, c, i, j]\n"
        "                    )",
        visible.TIES_ALL,
    ),
    Mutant(
        "max_ties_last",
        "max_pool_backward_naive",
        "sends the gradient to the last maximum of a tie",
        "np.unravel_index(np.argmax(window), window.shape)",
        "np.unravel_index(window.size - 1 - np.argmax(window[::-1, ::-1]), window.shape)",
        visible.TIES_LAST,
    ),
    Mutant(
        "max_overlap_overwritten",
        "max_pool_backward_naive",
        "assigns the gradient with = instead of adding it",
        "dx[n, c, top + u, left + v] += dout[n, c, i, j]",
        "dx[n, c, top + u, left + v] = dout[n, c, i, j]",
        visible.OVERLAP_OVERWRITTEN,
    ),
    Mutant(
        "max_backward_stride_ignored",
        "max_pool_backward_naive",
        "forgets the stride in the backward pass",
        "top, left = i * stride, j * stride",
        "top, left = i, j",
        visible.STRIDE_IGNORED,
    ),
    Mutant(
        "max_times_max",
        "max_pool_backward_naive",
        "multiplies the gradient by the value of the maximum",
        "+= dout[n, c, i, j]",
        "+= dout[n, c, i, j] * np.max(window)",
        visible.TIMES_MAX,
    ),
    # avg_pool_forward
    Mutant(
        "avg_sum",
        "avg_pool_forward",
        "sums the window without dividing",
        "out[:, :, i, j] = window.mean(axis=(2, 3))",
        "out[:, :, i, j] = window.sum(axis=(2, 3))",
        visible.AVG_SUM,
    ),
    Mutant(
        "avg_divided_by_k",
        "avg_pool_forward",
        "divides the window's sum by kernel_size",
        "out[:, :, i, j] = window.mean(axis=(2, 3))",
        "out[:, :, i, j] = window.sum(axis=(2, 3)) / kernel_size",
        visible.DIVIDED_BY_K,
    ),
    Mutant(
        "avg_channels_averaged",
        "avg_pool_forward",
        "averages over the channels too",
        "out[:, :, i, j] = window.mean(axis=(2, 3))",
        "out[:, :, i, j] = window.mean(axis=(1, 2, 3))[:, None]",
        visible.CHANNELS_AVERAGED,
    ),
    Mutant(
        "avg_stride_ignored",
        "avg_pool_forward",
        "moves the window one pixel at a time",
        "top, left = i * stride, j * stride",
        "top, left = i, j",
        visible.STRIDE_IGNORED,
    ),
    Mutant(
        "avg_missing_plus_one",
        "avg_pool_forward",
        "forgets the +1 of the output size",
        "H_out = (H - kernel_size) // stride + 1\n    W_out = (W - kernel_size) // stride + 1",
        "H_out = (H - kernel_size) // stride\n    W_out = (W - kernel_size) // stride",
        visible.MISSING_PLUS_ONE,
    ),
    # avg_pool_backward
    Mutant(
        "avg_backward_not_divided",
        "avg_pool_backward",
        "passes dout to every input of the window without dividing",
        "share = dout[:, :, i, j] / kernel_size**2",
        "share = dout[:, :, i, j]",
        visible.AVG_NOT_DIVIDED,
    ),
    Mutant(
        "avg_backward_divided_by_k",
        "avg_pool_backward",
        "divides dout by kernel_size",
        "share = dout[:, :, i, j] / kernel_size**2",
        "share = dout[:, :, i, j] / kernel_size",
        visible.DIVIDED_BY_K,
    ),
    Mutant(
        "avg_backward_overwritten",
        "avg_pool_backward",
        "assigns each window's share with = instead of adding it",
        "dx[:, :, top : top + kernel_size, left : left + kernel_size] += share",
        "dx[:, :, top : top + kernel_size, left : left + kernel_size] = share",
        visible.OVERLAP_OVERWRITTEN,
    ),
    Mutant(
        "avg_backward_stride_ignored",
        "avg_pool_backward",
        "forgets the stride in the backward pass",
        "top, left = i * stride, j * stride",
        "top, left = i, j",
        visible.STRIDE_IGNORED,
    ),
    Mutant(
        "avg_backward_dout_forgotten",
        "avg_pool_backward",
        "returns the local gradient 1/k**2 without multiplying by dout",
        "share = dout[:, :, i, j] / kernel_size**2",
        "share = np.ones(dout.shape[:2]) / kernel_size**2",
        visible.DOUT_FORGOTTEN,
    ),
    # receptive_field
    Mutant(
        "rf_strides_forgotten",
        "receptive_field",
        "adds kernel_size - 1 per layer, forgetting the strides",
        "rf += (kernel_size - 1) * jump",
        "rf += kernel_size - 1",
        visible.RF_STRIDES_FORGOTTEN,
    ),
    Mutant(
        "rf_own_stride",
        "receptive_field",
        "updates the jump before using it, so a layer's own stride counts",
        "rf += (kernel_size - 1) * jump\n        jump *= stride",
        "jump *= stride\n        rf += (kernel_size - 1) * jump",
        visible.RF_OWN_STRIDE,
    ),
    Mutant(
        "rf_kernels_multiplied",
        "receptive_field",
        "multiplies the kernel sizes",
        "rf += (kernel_size - 1) * jump",
        "rf *= kernel_size",
        visible.RF_KERNELS_MULTIPLIED,
    ),
    Mutant(
        "rf_starts_at_zero",
        "receptive_field",
        "starts from rf = 0",
        "rf = 1  # with no layers, one output pixel sees one input pixel",
        "rf = 0",
        visible.RF_STARTS_AT_ZERO,
    ),
    Mutant(
        "rf_reversed",
        "receptive_field",
        "goes through the layers from the output to the input",
        "for kernel_size, stride in layers:",
        "for kernel_size, stride in reversed(layers):",
        visible.RF_REVERSED,
    ),
]
"""Five mistakes per graded function, each losing the points of its own cell only."""
