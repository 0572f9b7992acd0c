"""The conv_backward notebook's mutants: mistakes students really make, as patches of its solution.

Each patches an answer cell of ``solutions/numpy_cnn/conv_backward.ipynb``;
:mod:`autograder.mutants` merges them (``notebook`` filled in). The hidden tests never
import this module: the ``old`` texts are fragments of the solution.
"""

from __future__ import annotations

from autograder.mutants import Mutant
from cnnlab.checks import conv_backward as visible

_FORWARD_LOOP = """\
    out = np.zeros(n - k + 1, dtype=np.result_type(x, w))
    for i in range(n - k + 1):
        out[i] = np.sum(x[i : i + k] * w)"""

_FULL_LOOP_BODY = """\
                    window = dpad[n, :, i : i + HH, j : j + WW]  # (F, HH, WW)
                    dx[n, c, i, j] = np.sum(window * w_rot[c])"""

MUTANTS: list[Mutant] = [
    # conv1d_forward
    Mutant(
        "conv1d_flipped",
        "conv1d_forward",
        "flips the kernel (a true convolution)",
        "np.sum(x[i : i + k] * w)",
        "np.sum(x[i : i + k] * w[::-1])",
        visible.FORWARD_FLIPPED,
    ),
    Mutant(
        "conv1d_np_convolve",
        "conv1d_forward",
        "uses np.convolve, which flips the kernel",
        _FORWARD_LOOP,
        '    out = np.convolve(x, w, mode="valid")',
        visible.FORWARD_FLIPPED,
    ),
    Mutant(
        "conv1d_missing_last",
        "conv1d_forward",
        "computes n - k outputs instead of n - k + 1",
        _FORWARD_LOOP,
        _FORWARD_LOOP.replace("n - k + 1", "n - k"),
        visible.FORWARD_MISSING_LAST,
    ),
    Mutant(
        "conv1d_full_mode",
        "conv1d_forward",
        "uses np.correlate in 'full' mode",
        _FORWARD_LOOP,
        '    out = np.correlate(x, w, mode="full")',
        visible.FORWARD_FULL,
    ),
    Mutant(
        "conv1d_same_mode",
        "conv1d_forward",
        "uses np.correlate in 'same' mode",
        _FORWARD_LOOP,
        '    out = np.correlate(x, w, mode="same")',
        visible.FORWARD_SAME,
    ),
    # conv1d_backward
    Mutant(
        "conv1d_dx_overwritten",
        "conv1d_backward",
        "assigns dx instead of accumulating it",
        "dx[i : i + k] += dout[i] * w",
        "dx[i : i + k] = dout[i] * w",
        visible.DX_OVERWRITTEN,
    ),
    Mutant(
        "conv1d_dw_overwritten",
        "conv1d_backward",
        "assigns dw instead of accumulating it",
        "dw += dout[i] * x[i : i + k]",
        "dw = dout[i] * x[i : i + k]",
        visible.DW_OVERWRITTEN,
    ),
    Mutant(
        "conv1d_dx_kernel_flipped",
        "conv1d_backward",
        "sends the flipped kernel back to the window",
        "dx[i : i + k] += dout[i] * w",
        "dx[i : i + k] += dout[i] * w[::-1]",
        visible.DX_KERNEL_FLIPPED,
    ),
    Mutant(
        "conv1d_dw_reversed",
        "conv1d_backward",
        "reverses the window in dw",
        "dw += dout[i] * x[i : i + k]",
        "dw += dout[i] * x[i : i + k][::-1]",
        visible.DW_REVERSED,
    ),
    Mutant(
        "conv1d_last_output_skipped",
        "conv1d_backward",
        "loops over n - k outputs, skipping the last one",
        "    for i in range(n - k + 1):",
        "    for i in range(n - k):",
        visible.LAST_OUTPUT_SKIPPED,
    ),
    Mutant(
        "conv1d_dout_not_used",
        "conv1d_backward",
        "forgets the factor dout[i] in dw",
        "dw += dout[i] * x[i : i + k]",
        "dw += x[i : i + k]",
        visible.DOUT_NOT_USED,
    ),
    # conv_backward_naive
    Mutant(
        "backward_stride_ignored",
        "conv_backward_naive",
        "sends the gradient of output (i, j) to the window at (i, j), ignoring the stride",
        "rows = slice(i * stride, i * stride + HH)\n"
        "                    cols = slice(j * stride, j * stride + WW)",
        "rows = slice(i, i + HH)\n                    cols = slice(j, j + WW)",
        visible.BACKWARD_STRIDE_IGNORED,
    ),
    Mutant(
        "db_wrong_axes",
        "conv_backward_naive",
        "sums dout over H_out and W_out only, one db per image and filter",
        "db = dout.sum(axis=(0, 2, 3))",
        "db = dout.sum(axis=(2, 3))",
        visible.DB_WRONG_AXES,
    ),
    Mutant(
        "padding_not_cropped",
        "conv_backward_naive",
        "returns the gradient of the padded input",
        "dx = dxp[:, :, padding : padding + H, padding : padding + W]",
        "dx = dxp",
        visible.PADDING_NOT_CROPPED,
    ),
    Mutant(
        "dw_batch_not_summed",
        "conv_backward_naive",
        "resets dw for every image, so only the last image counts",
        "    for n in range(N):\n        for f in range(F):",
        "    for n in range(N):\n        dw = np.zeros(w.shape, dtype=dtype)\n"
        "        for f in range(F):",
        visible.DW_BATCH_NOT_SUMMED,
    ),
    Mutant(
        "dx_overwritten",
        "conv_backward_naive",
        "assigns the window of dx instead of accumulating it",
        "dxp[n, :, rows, cols] += dout[n, f, i, j] * w[f]",
        "dxp[n, :, rows, cols] = dout[n, f, i, j] * w[f]",
        visible.DX_OVERWRITTEN,
    ),
    Mutant(
        "dx_kernel_flipped",
        "conv_backward_naive",
        "sends the flipped kernel back to the window",
        "dxp[n, :, rows, cols] += dout[n, f, i, j] * w[f]",
        "dxp[n, :, rows, cols] += dout[n, f, i, j] * w[f, :, ::-1, ::-1]",
        visible.DX_KERNEL_FLIPPED,
    ),
    # conv_dx_full_correlation
    Mutant(
        "full_not_flipped",
        "conv_dx_full_correlation",
        "swaps F and C but does not flip the kernel",
        "w_rot = w[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)",
        "w_rot = w.transpose(1, 0, 2, 3)",
        visible.FULL_NOT_FLIPPED,
    ),
    Mutant(
        "full_flipped_rows_only",
        "conv_dx_full_correlation",
        "flips the kernel upside down only",
        "w_rot = w[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)",
        "w_rot = w[:, :, ::-1, :].transpose(1, 0, 2, 3)",
        visible.FULL_FLIPPED_ONE_AXIS,
    ),
    Mutant(
        "full_reshaped_not_transposed",
        "conv_dx_full_correlation",
        "reshapes the flipped kernel to (C, F, HH, WW) instead of swapping the axes",
        "w_rot = w[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)",
        "w_rot = w[:, :, ::-1, ::-1].reshape(C, F, HH, WW)",
        visible.FULL_AXES_NOT_SWAPPED,
    ),
    Mutant(
        "full_padded_by_kernel",
        "conv_dx_full_correlation",
        "pads dout by HH and WW instead of HH - 1 and WW - 1",
        "(HH - 1, HH - 1), (WW - 1, WW - 1)",
        "(HH, HH), (WW, WW)",
        visible.FULL_PADDED_BY_KERNEL,
    ),
    Mutant(
        "full_one_sided_padding",
        "conv_dx_full_correlation",
        "pads dout at the bottom and right only",
        "(HH - 1, HH - 1), (WW - 1, WW - 1)",
        "(0, 2 * (HH - 1)), (0, 2 * (WW - 1))",
        visible.FULL_ONE_SIDED_PADDING,
    ),
    Mutant(
        "full_filters_not_summed",
        "conv_dx_full_correlation",
        "loops over the filters with = instead of +=, so only the last filter counts",
        _FULL_LOOP_BODY,
        _FULL_LOOP_BODY.replace(
            "dx[n, c, i, j] = np.sum(window * w_rot[c])",
            "for f in range(F):\n"
            "                        dx[n, c, i, j] = np.sum(window[f] * w_rot[c, f])",
        ),
        visible.FULL_FILTERS_NOT_SUMMED,
    ),
]
"""Each mistake loses the points of its own cell only, with its sentence in the feedback."""
