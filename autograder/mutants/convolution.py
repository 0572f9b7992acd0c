"""The convolution notebook's mutants: mistakes students really make, as patches of its solution.

Each patches an answer cell of ``solutions/numpy_cnn/convolution.ipynb``;
:mod:`autograder.mutants` merges them (``notebook`` filled in). The hidden tests never
import this module: the ``old`` texts are fragments of the solution.
"""

from __future__ import annotations

from autograder.mutants import Mutant
from cnnlab.checks import convolution as visible

# The loop of conv_forward_naive, as in the solution (for the mutant that swaps H and W).
_CONV_LOOP = """\
    out = np.zeros((N, F, H_out, W_out), dtype=np.result_type(x, w))
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    window = xp[n, :, i * stride : i * stride + HH, j * stride : j * stride + WW]
                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]"""

MUTANTS: list[Mutant] = [
    # conv_forward_naive
    Mutant(
        "one_sided_padding",
        "conv_forward_naive",
        "pads 2*padding zeros at the bottom and right only",
        "xp = zero_pad(x, padding)",
        "xp = np.pad(x, ((0, 0), (0, 0), (0, 2 * padding), (0, 2 * padding)))",
        visible.ONE_SIDED_PADDING,
    ),
    Mutant(
        "stride_ignored",
        "conv_forward_naive",
        "computes H_out with the stride but slides the window one pixel at a time",
        "window = xp[n, :, i * stride : i * stride + HH, j * stride : j * stride + WW]",
        "window = xp[n, :, i : i + HH, j : j + WW]",
        visible.STRIDE_IGNORED,
    ),
    Mutant(
        "no_bias",
        "conv_forward_naive",
        "forgets the bias",
        "out[n, f, i, j] = np.sum(window * w[f]) + b[f]",
        "out[n, f, i, j] = np.sum(window * w[f])",
        visible.NO_BIAS,
    ),
    Mutant(
        "flipped_kernel",
        "conv_forward_naive",
        "flips the kernel (a true convolution instead of the cross-correlation of CNNs)",
        "np.sum(window * w[f])",
        "np.sum(window * w[f, :, ::-1, ::-1])",
        visible.FLIPPED_KERNEL,
    ),
    Mutant(
        "channels_not_summed",
        "conv_forward_naive",
        "loops over the channels with = instead of +=, so only the last channel counts",
        "                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]",
        "                    for c in range(C):\n"
        "                        out[n, f, i, j] = np.sum(window[c] * w[f, c]) + b[f]",
        visible.CHANNELS_NOT_SUMMED,
    ),
    Mutant(
        "h_w_swapped",
        "conv_forward_naive",
        "stores the output as (N, F, W_out, H_out)",
        _CONV_LOOP,
        _CONV_LOOP.replace("(N, F, H_out, W_out)", "(N, F, W_out, H_out)").replace(
            "out[n, f, i, j]", "out[n, f, j, i]"
        ),
        visible.H_W_SWAPPED,
    ),
    # conv_output_size
    Mutant(
        "missing_plus_one",
        "conv_output_size",
        "forgets the +1 of the output-size formula",
        "return (n + 2 * padding - effective) // stride + 1",
        "return (n + 2 * padding - effective) // stride",
        visible.MISSING_PLUS_ONE,
    ),
    Mutant(
        "size_ignores_padding",
        "conv_output_size",
        "leaves the padding out of the output-size formula",
        "return (n + 2 * padding - effective) // stride + 1",
        "return (n - effective) // stride + 1",
        visible.PADDING_IGNORED,
    ),
    Mutant(
        "size_ignores_dilation",
        "conv_output_size",
        "uses the kernel size instead of the span of the dilated kernel",
        "effective = dilation * (kernel_size - 1) + 1",
        "effective = kernel_size",
        visible.DILATION_IGNORED,
    ),
    # zero_pad
    Mutant(
        "zero_pad_one_sided",
        "zero_pad",
        "copies x into the top-left corner of the padded array",
        "out[:, :, padding : padding + H, padding : padding + W] = x",
        "out[:, :, :H, :W] = x",
        visible.ONE_SIDED_PADDING,
    ),
    # correlate2d, convolve2d
    Mutant(
        "correlate2d_flipped",
        "correlate2d",
        "flips the kernel in the cross-correlation",
        "np.sum(image[i : i + HH, j : j + WW] * kernel)",
        "np.sum(image[i : i + HH, j : j + WW] * kernel[::-1, ::-1])",
        visible.FLIPPED_KERNEL,
    ),
    Mutant(
        "convolve2d_not_flipped",
        "convolve2d",
        "forgets to flip the kernel",
        "correlate2d(image, kernel[::-1, ::-1])",
        "correlate2d(image, kernel)",
        visible.NOT_FLIPPED,
    ),
    Mutant(
        "convolve2d_transposed",
        "convolve2d",
        "transposes the kernel instead of flipping it",
        "correlate2d(image, kernel[::-1, ::-1])",
        "correlate2d(image, kernel.T)",
        visible.TRANSPOSED_KERNEL,
    ),
    # filters, edge_magnitude
    Mutant(
        "sobel_swapped",
        "filters",
        "returns the Sobel kernels in the wrong order",
        "return kx, ky",
        "return ky, kx",
        visible.SOBEL_SWAPPED,
    ),
    Mutant(
        "gaussian_not_normalised",
        "filters",
        "forgets to normalise the Gaussian kernel",
        "return g / g.sum()",
        "return g",
        visible.NOT_NORMALISED,
    ),
    Mutant(
        "edge_no_sqrt",
        "edge_magnitude",
        "returns the squared magnitude",
        "return np.sqrt(gx**2 + gy**2)",
        "return gx**2 + gy**2",
        visible.NO_SQRT,
    ),
    # conv_params, conv_flops
    Mutant(
        "params_no_bias",
        "conv_params",
        "never counts the bias",
        " + (out_channels if bias else 0)",
        "",
        visible.PARAMS_NO_BIAS,
    ),
    Mutant(
        "flops_no_in_channels",
        "conv_flops",
        "forgets that each filter spans all input channels",
        "w_out * in_channels * kh * kw",
        "w_out * kh * kw",
        visible.IN_CHANNELS_IGNORED,
    ),
    # grouped_conv_forward
    Mutant(
        "group_input_slice",
        "grouped_conv_forward",
        "gives every group the first C/groups input channels",
        "xg = x[:, g * Cg : (g + 1) * Cg]",
        "xg = x[:, :Cg]",
        visible.GROUP_INPUT_SLICE,
    ),
    Mutant(
        "group_bias_slice",
        "grouped_conv_forward",
        "gives every group the first F/groups biases",
        "bg = b[g * Fg : (g + 1) * Fg]",
        "bg = b[:Fg]",
        visible.GROUP_BIAS_SLICE,
    ),
]
"""The mutant catalogue of the convolution notebook (see autograder.mutants)."""
