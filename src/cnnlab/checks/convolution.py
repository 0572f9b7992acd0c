"""Visible checks for the convolution notebook: small cases you can verify by hand.

Each graded function has one check here, named like its grade id, for example::

    checks.conv_forward_naive(conv_forward_naive)

It runs a few tiny cases whose expected results are written below as literals (small integers,
so that you can redo them on paper) and prints ``"<grade_id>: all N visible checks passed."``.
When something is wrong it raises :class:`CheckFailure` with a message that says which case
failed, the expected and the returned shape, the first wrong entry, how many entries are wrong and,
when the wrong answer looks like a well-known mistake, the likely cause.

While a notebook is autograded the checks only print a line: the hidden tests re-run the same cases
(:func:`run_visible`) with the earlier parts replaced by reference versions, so that a mistake in
one part never costs points in another.

Symbols: N, C, H, W (input), F, HH, WW (filters), H_out, W_out (output); layout NCHW.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from cnnlab.checks.report import RAISES, Case, CheckFailure, describe, public
from cnnlab.checks.report import literal as _a

# Likely causes. The same sentences name a mistake in the visible checks, in the hidden tests and in
# the mutant catalogue of the autograder.
MISSING_PLUS_ONE = "the +1 is missing: the first window position counts too"
PADDING_IGNORED = "padding is ignored: the padded input has n + 2*padding pixels"
DILATION_IGNORED = (
    "dilation is ignored: a dilated kernel spans dilation*(kernel_size - 1) + 1 pixels"
)
SIZE_STRIDE_IGNORED = "the stride is ignored: divide by the stride (floor division //)"
ROUNDED_UP = "rounded up: use floor division //, a window that does not fit entirely is dropped"
ONE_SIDED_PADDING = (
    "padding on one side only: put `padding` zeros on both sides (top and bottom, left and right)"
)
FLIPPED_KERNEL = (
    "the kernel is flipped: cross-correlation (what CNNs call convolution) uses the kernel as it"
    " is, without flipping"
)
NOT_FLIPPED = (
    "the kernel is not flipped: convolution flips the kernel in both directions"
    " (kernel[::-1, ::-1]) and then cross-correlates"
)
FLIPPED_ROWS_ONLY = "the kernel is flipped upside down only: flip rows and columns"
FLIPPED_COLUMNS_ONLY = "the kernel is flipped left-right only: flip rows and columns"
TRANSPOSED_KERNEL = "the kernel is transposed (kernel.T), not flipped: use kernel[::-1, ::-1]"
SOBEL_SWAPPED = "kx and ky are swapped: kx measures change along x (left to right, across columns)"
SOBEL_SIGN = "the sign is reversed: kx has -1, -2, -1 in its left column and 1, 2, 1 in its right"
NOT_NORMALISED = "the kernel is not normalised: divide by its sum so that the weights add up to 1"
NOT_CENTRED = (
    "the coordinates are not centred: measure r from the kernel centre,"
    " r = arange(size) - (size - 1) / 2"
)
SIGMA_NOT_SQUARED = "sigma is not squared: the exponent is -(x**2 + y**2) / (2 * sigma**2)"
NO_SQRT = "the square root is missing: magnitude = sqrt(gx**2 + gy**2)"
ADDED_GRADIENTS = "gx and gy are added: combine them as sqrt(gx**2 + gy**2)"
ONLY_GX = "only the x gradient gx is used: combine gx and gy"
ONLY_GY = "only the y gradient gy is used: combine gx and gy"
STRIDE_IGNORED = (
    "the stride is ignored: output (i, j) reads the window that starts at row i*stride,"
    " column j*stride"
)
NO_BIAS = "the bias is not added: add b[f] to every output of filter f"
CHANNELS_NOT_SUMMED = (
    "the input channels are not summed: each output adds up the products over all C channels"
    " (here only one channel counts)"
)
H_W_SWAPPED = "H and W are swapped: out has shape (N, F, H_out, W_out), rows (H) before columns (W)"
PARAMS_NO_BIAS = "the bias is missing: with bias=True there is one bias per filter (out_channels)"
BIAS_COUNTED = "the bias is counted although bias=False"
IN_CHANNELS_IGNORED = (
    "in_channels is missing: each filter spans all input channels (in_channels * kh * kw weights)"
)
KERNEL_AREA = "the kernel area is wrong: a kh x kw kernel has kh * kw weights per input channel"
FLOPS_DOUBLED = (
    "2 FLOPs are counted per multiply-add: count one multiply-add per weight and output position"
)
GROUP_INPUT_SLICE = (
    "every group reads the same input channels: group g reads its own channels"
    " x[:, g*C/groups:(g+1)*C/groups]"
)
GROUP_BIAS_SLICE = "every group uses the same biases: group g uses b[g*F/groups:(g+1)*F/groups]"

FUNCTIONS: dict[str, tuple[str, ...]] = {
    "conv_output_size": ("conv_output_size",),
    "zero_pad": ("zero_pad",),
    "correlate2d": ("correlate2d",),
    "convolve2d": ("convolve2d",),
    "filters": ("sobel_kernels", "gaussian_kernel", "box_kernel"),
    "edge_magnitude": ("edge_magnitude",),
    "conv_forward_naive": ("conv_forward_naive",),
    "conv_params": ("conv_params",),
    "conv_flops": ("conv_flops",),
    "grouped_conv_forward": ("grouped_conv_forward",),
}
"""The functions each grade id checks, in the order its check function takes them."""

ARG_NAMES: dict[str, tuple[str, ...]] = {
    "conv_output_size": ("n", "kernel_size"),
    "zero_pad": ("x", "padding"),
    "correlate2d": ("image", "kernel"),
    "convolve2d": ("image", "kernel"),
    "sobel_kernels": (),
    "gaussian_kernel": ("size", "sigma"),
    "box_kernel": ("size",),
    "edge_magnitude": ("image",),
    "conv_forward_naive": ("x", "w", "b"),
    "conv_params": ("in_channels", "out_channels", "kernel_size"),
    "conv_flops": ("in_channels", "out_channels", "kernel_size", "h_out", "w_out"),
    "grouped_conv_forward": ("x", "w", "b", "groups"),
}

# fmt: off
# The visible cases. tests/test_convolution.py re-derives every literal with PyTorch (float64).
KX = _a([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
KY = _a([[-1, -2, -1], [0, 0, 0], [1, 2, 1]])
IMG_3x4 = _a(range(1, 13), (3, 4))  # [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]
IMG_BITS = _a([[1, 2, 4, 8], [0, 1, 0, 1]])
IMG_SMALL = _a([[1, 2, 0, 1], [3, 0, 1, 2], [0, 1, 2, 0]])
X_G = _a(range(1, 9), (1, 2, 2, 2))  # channel 0: [[1, 2], [3, 4]], channel 1: [[5, 6], [7, 8]]
G3_SIGMA1 = _a([[0.0751136080, 0.1238414032, 0.0751136080],
                [0.1238414032, 0.2041799556, 0.1238414032],
                [0.0751136080, 0.1238414032, 0.0751136080]])
G5_SIGMA1 = _a([[0.0029690167, 0.0133062099, 0.0219382313, 0.0133062099, 0.0029690167],
                [0.0133062099, 0.0596342954, 0.0983203313, 0.0596342954, 0.0133062099],
                [0.0219382313, 0.0983203313, 0.1621028216, 0.0983203313, 0.0219382313],
                [0.0133062099, 0.0596342954, 0.0983203313, 0.0596342954, 0.0133062099],
                [0.0029690167, 0.0133062099, 0.0219382313, 0.0133062099, 0.0029690167]])
G3_SIGMA2 = _a([[0.1018680644, 0.1154316396, 0.1018680644],
                [0.1154316396, 0.1308011839, 0.1154316396],
                [0.1018680644, 0.1154316396, 0.1018680644]])
BOTTLENECK_PARAMS = 69_632  # 256 -> 64 (1x1), 64 -> 64 (3x3), 64 -> 256 (1x1), no bias
PLAIN_3x3_PARAMS = 589_824  # one 3x3 layer 256 -> 256, no bias

CASES: dict[str, tuple[Case, ...]] = {
    "conv_output_size": (
        Case("conv_output_size", (32, 5), 32, {"stride": 1, "padding": 2},
             ((MISSING_PLUS_ONE, 31), (PADDING_IGNORED, 28)),
             "lecture: 32x32 input, 5x5 filters, stride 1, pad 2"),
        Case("conv_output_size", (227, 11), 55, {"stride": 4},
             ((MISSING_PLUS_ONE, 54), (SIZE_STRIDE_IGNORED, 217)), "AlexNet CONV1"),
        Case("conv_output_size", (7, 3), 5, {}, ((MISSING_PLUS_ONE, 4),)),
        Case("conv_output_size", (8, 3), 3, {"stride": 2},
             ((ROUNDED_UP, 4), (MISSING_PLUS_ONE, 2)), "the last window would not fit"),
        Case("conv_output_size", (10, 3), 10, {"padding": 2, "dilation": 2},
             ((DILATION_IGNORED, 12), (MISSING_PLUS_ONE, 9), (PADDING_IGNORED, 6))),
        Case("conv_output_size", (5, 3), 1, {"dilation": 2},
             ((DILATION_IGNORED, 3), (MISSING_PLUS_ONE, 0)),
             "the dilated kernel spans exactly the 5 input pixels"),
        Case("conv_output_size", (2, 5), RAISES, note="a 5-pixel kernel does not fit in 2 pixels"),
        Case("conv_output_size", (5, 3), RAISES, {"dilation": 3},
             note="the dilated kernel spans 7 pixels, more than 5"),
        Case("conv_output_size", (4, 3), RAISES, {"stride": 0}, note="stride must be positive"),
    ),
    "zero_pad": (
        Case("zero_pad", (_a([1, 2, 3, 4], (1, 1, 2, 2)), 1),
             _a([[0, 0, 0, 0], [0, 1, 2, 0], [0, 3, 4, 0], [0, 0, 0, 0]], (1, 1, 4, 4)),
             mistakes=((ONE_SIDED_PADDING,
                        _a([[1, 2, 0, 0], [3, 4, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]],
                           (1, 1, 4, 4))),)),
        Case("zero_pad", (_a([1, 2, 3], (1, 1, 1, 3)), 1),
             _a([[0, 0, 0, 0, 0], [0, 1, 2, 3, 0], [0, 0, 0, 0, 0]], (1, 1, 3, 5)),
             mistakes=((ONE_SIDED_PADDING,
                        _a([[1, 2, 3, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]], (1, 1, 3, 5))),),
             note="H != W"),
        Case("zero_pad", (_a([9], (1, 1, 1, 1)), 2),
             _a([[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 9, 0, 0], [0, 0, 0, 0, 0],
                 [0, 0, 0, 0, 0]], (1, 1, 5, 5))),
        Case("zero_pad", (_a([5, 6], (2, 1, 1, 1)), 1),
             _a([[0, 0, 0], [0, 5, 0], [0, 0, 0], [0, 0, 0], [0, 6, 0], [0, 0, 0]], (2, 1, 3, 3)),
             note="two images: N is not padded"),
        Case("zero_pad", (_a([1, 2, 3, 4], (1, 1, 2, 2)), 0), _a([1, 2, 3, 4], (1, 1, 2, 2)),
             note="padding 0 returns an equal copy"),
        Case("zero_pad", (_a([1, 2, 3, 4], (1, 1, 2, 2)).astype(np.float32), 1),
             _a([[0, 0, 0, 0], [0, 1, 2, 0], [0, 3, 4, 0], [0, 0, 0, 0]], (1, 1, 4, 4)),
             note="float32 input stays float32", dtype="float32"),
    ),
    "correlate2d": (
        Case("correlate2d", (IMG_3x4, _a([[1, 0], [0, 2]])), _a([[13, 16, 19], [25, 28, 31]]),
             mistakes=((FLIPPED_KERNEL, _a([[8, 11, 14], [20, 23, 26]])),)),
        Case("correlate2d", (IMG_BITS, _a([[-1, 1]])), _a([[1, 2, 4], [1, -1, 1]]),
             mistakes=((FLIPPED_KERNEL, _a([[-1, -2, -4], [-1, 1, -1]])),),
             note="a 1x2 kernel"),
        Case("correlate2d", (_a([[1, 2], [3, 4]]), _a([[1, 1], [1, 1]])), _a([[10]]),
             note="kernel as large as the image"),
        Case("correlate2d", (_a([[1, 2], [3, 4]]), np.ones((3, 3))), RAISES,
             note="kernel larger than the image"),
    ),
    "convolve2d": (
        Case("convolve2d", (IMG_SMALL, _a([[1, 2], [0, 3]])), _a([[9, 7, 4], [10, 4, 7]]),
             mistakes=((NOT_FLIPPED, _a([[5, 5, 8], [6, 8, 5]])),
                       (FLIPPED_ROWS_ONLY, _a([[9, 2, 8], [2, 8, 8]])),
                       (FLIPPED_COLUMNS_ONLY, _a([[13, 4, 4], [6, 4, 10]])),
                       (TRANSPOSED_KERNEL, _a([[7, 5, 8], [6, 8, 5]])))),
        Case("convolve2d", (IMG_BITS, _a([[-1, 1]])), _a([[-1, -2, -4], [-1, 1, -1]]),
             mistakes=((NOT_FLIPPED, _a([[1, 2, 4], [1, -1, 1]])),), note="a 1x2 kernel"),
        Case("convolve2d", (_a([[1, 2], [3, 4]]), _a([[1, 0], [0, 0]])), _a([[4]]),
             mistakes=((NOT_FLIPPED, _a([[1]])),)),
    ),
    "filters": (
        Case("sobel_kernels", (), (KX, KY),
             mistakes=((SOBEL_SWAPPED, (KY, KX)), (SOBEL_SIGN, (-KX, -KY)))),
        Case("gaussian_kernel", (3, 1.0), G3_SIGMA1,
             mistakes=((NOT_NORMALISED, _a([[0.3678794412, 0.6065306597, 0.3678794412],
                                            [0.6065306597, 1.0000000000, 0.6065306597],
                                            [0.3678794412, 0.6065306597, 0.3678794412]])),
                       (NOT_CENTRED, _a([[0.3295873573, 0.1999048373, 0.0446047984],
                                         [0.1999048373, 0.1212484128, 0.0270541778],
                                         [0.0446047984, 0.0270541778, 0.0060366030]])))),
        Case("gaussian_kernel", (), G3_SIGMA2, {"size": 3, "sigma": 2.0},
             mistakes=((SIGMA_NOT_SQUARED, _a([[0.0927228946, 0.1190585533, 0.0927228946],
                                               [0.1190585533, 0.1528742085, 0.1190585533],
                                               [0.0927228946, 0.1190585533, 0.0927228946]])),)),
        Case("gaussian_kernel", (), G5_SIGMA1, note="the defaults: size=5, sigma=1.0"),
        Case("box_kernel", (3,), np.full((3, 3), 1 / 9),
             mistakes=((NOT_NORMALISED, np.ones((3, 3))),)),
        Case("box_kernel", (2,), np.full((2, 2), 1 / 4)),
        Case("box_kernel", (), np.full((3, 3), 1 / 9), note="the default: size=3"),
    ),
    "edge_magnitude": (
        Case("edge_magnitude", (_a([[0, 0, 1, 1, 1]] * 4),), _a([[4, 4, 0], [4, 4, 0]]),
             mistakes=((NO_SQRT, _a([[16, 16, 0], [16, 16, 0]])), (ONLY_GY, np.zeros((2, 3)))),
             note="a vertical edge: gx = 4, gy = 0"),
        Case("edge_magnitude", (_a([[0, 3, 6, 9], [4, 7, 10, 13], [8, 11, 14, 17]]),),
             _a([[40, 40]]),
             mistakes=((NO_SQRT, _a([[1600, 1600]])), (ADDED_GRADIENTS, _a([[56, 56]])),
                       (ONLY_GX, _a([[24, 24]])), (ONLY_GY, _a([[32, 32]]))),
             note="a ramp 3*col + 4*row: gx = 24, gy = 32"),
        Case("edge_magnitude", (_a([[0, 0, 0], [0, 0, 0], [2, 2, 2], [2, 2, 2], [2, 2, 2]]),),
             _a([[8], [8], [0]]),
             mistakes=((NO_SQRT, _a([[64], [64], [0]])), (ONLY_GX, np.zeros((3, 1)))),
             note="a horizontal edge: gx = 0, gy = 8"),
    ),
    "conv_forward_naive": (
        Case("conv_forward_naive",
             (_a(range(1, 10), (1, 1, 3, 3)), _a([[1, 0], [0, 2]], (1, 1, 2, 2)), _a([1])),
             _a([[12, 15], [21, 24]], (1, 1, 2, 2)),
             mistakes=((NO_BIAS, _a([[11, 14], [20, 23]], (1, 1, 2, 2))),
                       (FLIPPED_KERNEL, _a([[8, 11], [17, 20]], (1, 1, 2, 2))),
                       (H_W_SWAPPED, _a([[12, 21], [15, 24]], (1, 1, 2, 2))))),
        Case("conv_forward_naive",
             (_a([[1, 2], [3, 4]], (1, 1, 2, 2)), _a([[1, 0], [0, 2]], (1, 1, 2, 2)), _a([0])),
             _a([[2, 4, 0], [6, 9, 2], [0, 3, 4]], (1, 1, 3, 3)), {"padding": 1},
             mistakes=((ONE_SIDED_PADDING, _a([[9, 2, 0], [3, 4, 0], [0, 0, 0]], (1, 1, 3, 3))),)),
        Case("conv_forward_naive",
             (IMG_3x4.reshape(1, 1, 3, 4), _a([[1, 0, -1], [2, 0, 1]], (1, 1, 2, 3)), _a([0])),
             _a([[2, 8], [4, 30]], (1, 1, 2, 2)), {"stride": 2, "padding": 1},
             mistakes=((STRIDE_IGNORED, _a([[2, 5], [4, 15]], (1, 1, 2, 2))),),
             note="stride 2, a 2x3 kernel"),
        Case("conv_forward_naive",
             (_a([[1, 0, 2, 5], [3, 1, 0, 2]], (1, 1, 2, 4)), _a([[1, 2]], (1, 1, 1, 2)), _a([0])),
             _a([[1, 4, 12], [5, 1, 4]], (1, 1, 2, 3)),
             mistakes=((H_W_SWAPPED, _a([[1, 5], [4, 1], [12, 4]], (1, 1, 3, 2))),),
             note="H != W"),
        Case("conv_forward_naive",
             (_a([1, 2, 3, 4, 10, 20, 30, 40], (1, 2, 2, 2)), _a([1, 1, 1, -1], (2, 2, 1, 1)),
              _a([0, 0])),
             _a([11, 22, 33, 44, -9, -18, -27, -36], (1, 2, 2, 2)),
             mistakes=((CHANNELS_NOT_SUMMED, _a([10, 20, 30, 40, -10, -20, -30, -40],
                                                (1, 2, 2, 2))),),
             note="2 channels, 2 filters of 1x1: channel sum and difference"),
        Case("conv_forward_naive",
             (_a(range(1, 9), (2, 1, 2, 2)), np.ones((1, 1, 2, 2)), _a([1])),
             _a([11, 27], (2, 1, 1, 1)), note="two images"),
        Case("conv_forward_naive", (np.ones((1, 2, 3, 3)), np.ones((1, 3, 2, 2)), _a([0])), RAISES,
             note="x has 2 channels but w expects 3"),
        Case("conv_forward_naive", (np.ones((1, 1, 2, 2)), np.ones((1, 1, 3, 3)), _a([0])), RAISES,
             note="a 3x3 kernel does not fit in a 2x2 input"),
    ),
    "conv_params": (
        Case("conv_params", (3, 10, 5), 760,
             mistakes=((PARAMS_NO_BIAS, 750), (IN_CHANNELS_IGNORED, 260), (KERNEL_AREA, 160)),
             note="lecture: ten 5x5 filters on a 3-channel input"),
        Case("conv_params", (3, 96, 11), 34_944, mistakes=((PARAMS_NO_BIAS, 34_848),),
             note="AlexNet CONV1"),
        Case("conv_params", (3, 10, 5), 750, {"bias": False}, ((BIAS_COUNTED, 760),)),
        Case("conv_params", (64, 128, (3, 1)), 24_704, mistakes=((KERNEL_AREA, 73_856),),
             note="a 3x1 kernel"),
        Case("conv_params", (256, 64, 1), 16_384, {"bias": False}, note="bottleneck: 1x1 reduce"),
        Case("conv_params", (64, 64, 3), 36_864, {"bias": False}, note="bottleneck: 3x3"),
        Case("conv_params", (64, 256, 1), 16_384, {"bias": False}, note="bottleneck: 1x1 expand"),
        Case("conv_params", (256, 256, 3), PLAIN_3x3_PARAMS, {"bias": False},
             note="a plain 3x3 layer 256 -> 256"),
    ),
    "conv_flops": (
        Case("conv_flops", (3, 10, 5, 32, 32), 768_000,
             mistakes=((FLOPS_DOUBLED, 1_536_000), (IN_CHANNELS_IGNORED, 256_000))),
        Case("conv_flops", (3, 96, 11, 55, 55), 105_415_200,
             mistakes=((FLOPS_DOUBLED, 210_830_400),), note="AlexNet CONV1"),
        Case("conv_flops", (256, 64, 1, 56, 56), 51_380_224, note="a 1x1 convolution"),
        Case("conv_flops", (2, 4, (3, 1), 5, 6), 720, mistakes=((KERNEL_AREA, 2160),),
             note="a 3x1 kernel"),
    ),
    "grouped_conv_forward": (
        Case("grouped_conv_forward", (X_G, _a([2, 3], (2, 1, 1, 1)), _a([0, 1]), 2),
             _a([2, 4, 6, 8, 16, 19, 22, 25], (1, 2, 2, 2)),
             mistakes=((GROUP_INPUT_SLICE, _a([2, 4, 6, 8, 4, 7, 10, 13], (1, 2, 2, 2))),
                       (GROUP_BIAS_SLICE, _a([2, 4, 6, 8, 15, 18, 21, 24], (1, 2, 2, 2)))),
             note="2 groups of one channel, 1x1 filters 2 and 3"),
        Case("grouped_conv_forward", (X_G, _a([1, 1], (1, 2, 1, 1)), _a([0]), 1),
             _a([6, 8, 10, 12], (1, 1, 2, 2)), note="groups=1 is an ordinary convolution"),
        Case("grouped_conv_forward", (X_G, _a([1, 2, 3, 4], (4, 1, 1, 1)), np.zeros(4), 2),
             _a([0, 0, 0, 4, 0, 0, 0, 8, 0, 0, 0, 24, 0, 0, 0, 32], (1, 4, 2, 2)),
             {"stride": 2, "padding": 1},
             mistakes=((GROUP_INPUT_SLICE, _a([0, 0, 0, 4, 0, 0, 0, 8, 0, 0, 0, 12, 0, 0, 0, 16],
                                              (1, 4, 2, 2))),),
             note="two filters per group; stride and padding are passed on"),
        Case("grouped_conv_forward",
             (X_G, _a([[1, 0], [0, 1], [0, 1], [1, 0]], (2, 1, 2, 2)), _a([0, 0]), 2),
             _a([5, 13], (1, 2, 1, 1)),
             mistakes=((GROUP_INPUT_SLICE, _a([5, 5], (1, 2, 1, 1))),),
             note="depthwise: one 2x2 filter per channel"),
        Case("grouped_conv_forward", (X_G, np.ones((3, 1, 1, 1)), np.zeros(3), 3), RAISES,
             note="groups=3 does not divide C=2"),
    ),
}
# fmt: on

# ---------------------------------------------------------------------------------------------
# Per-function and per-grade-id hooks of the reporting machinery (cnnlab.checks.report).

NAMED_SCALARS = ("zero_pad", "grouped_conv_forward")
"""Their scalar positional arguments are shown as ``padding=1``, ``groups=2`` in messages."""

OUTPUTS: dict[str, tuple[str, ...]] = {
    "sobel_kernels": ("kx", "ky"),
    "conv_forward_naive": ("out", "cache"),
    "grouped_conv_forward": ("out", "cache"),
}
"""The names of the parts of tuple results."""

COMPARED: dict[str, tuple[str, ...]] = {
    "conv_forward_naive": ("out",),
    "grouped_conv_forward": ("out",),
}
"""The parts that ``Case.expected`` holds (the cache is checked by :func:`_check_cache`)."""


def _conv_shape_hint(case: Case, expected: np.ndarray) -> str:
    """H_out and W_out of a convolution, worked out for the case's inputs."""
    (_, _, h, w), (_, _, hh, ww) = case.args[0].shape, case.args[1].shape
    s, p = case.kwargs.get("stride", 1), case.kwargs.get("padding", 0)
    return (
        f"H_out = (H + 2*padding - HH) // stride + 1 = ({h} + 2*{p} - {hh}) // {s} + 1 = "
        f"{expected.shape[2]} and W_out = ({w} + 2*{p} - {ww}) // {s} + 1 = "
        f"{expected.shape[3]}; out has shape (N, F, H_out, W_out)."
    )


def _pad_shape_hint(case: Case, expected: np.ndarray) -> str:
    """Only H and W are padded."""
    (n, c, h, w), p = case.args[0].shape, case.args[1]
    return (
        f"only H and W are padded: (N, C, H + 2*padding, W + 2*padding) = "
        f"({n}, {c}, {h} + 2*{p}, {w} + 2*{p})."
    )


def _valid_shape_hint(case: Case, expected: np.ndarray) -> str:
    """The shape of a 'valid' correlation."""
    (h, w), (hh, ww) = case.args[0].shape, case.args[1].shape
    return (
        f"a 'valid' output has shape (H - HH + 1, W - WW + 1) = ({h} - {hh} + 1, {w} - {ww} + 1)."
    )


SHAPE_HINTS: dict[str, Callable[[Case, np.ndarray], str]] = {
    "conv_forward_naive": _conv_shape_hint,
    "grouped_conv_forward": _conv_shape_hint,
    "zero_pad": _pad_shape_hint,
    "correlate2d": _valid_shape_hint,
    "convolve2d": _valid_shape_hint,
    "edge_magnitude": lambda case, expected: (
        "each 3x3 Sobel correlation shrinks the image by 2: (H - 2, W - 2)."
    ),
}
"""How the expected shape follows from the inputs (shown when the shapes differ)."""


def _check_cache(case: Case, result: Any, args: tuple[Any, ...]) -> None:
    """The cache of a forward function is its inputs: (x, w, b, [groups,] stride, padding)."""
    cache = result[1]
    expected = (
        *case.args,
        case.kwargs.get("stride", 1),
        case.kwargs.get("padding", 0),
    )
    ok = isinstance(cache, tuple) and len(cache) == len(expected)
    for got, want in zip(cache if ok else (), expected, strict=False):
        ok = ok and (
            np.array_equal(got, want) if isinstance(want, np.ndarray) else bool(got == want)
        )
    if not ok:
        names = (
            "(x, w, b, groups, stride, padding)"
            if len(expected) == 6
            else "(x, w, b, stride, padding)"
        )
        raise CheckFailure(f"{case.call}: the cache for {describe(case)} must be {names}.")


def _check_new_array(case: Case, result: Any, args: tuple[Any, ...]) -> None:
    """zero_pad returns a new array, not a view of its input."""
    if np.shares_memory(result, args[0]):
        raise CheckFailure(
            f"zero_pad must return a new array for {describe(case)}, not a view of x."
        )


RESULT_CHECKS: dict[str, Callable[[Case, Any, tuple[Any, ...]], None]] = {
    "conv_forward_naive": _check_cache,
    "grouped_conv_forward": _check_cache,
    "zero_pad": _check_new_array,
}
"""Checks of a result whose compared part is right."""


def _check_bottleneck(conv_params: Callable[..., int]) -> None:
    """The three bottleneck layers of the cases add up to BOTTLENECK_PARAMS."""
    layers = [c for c in CASES["conv_params"] if c.note.startswith("bottleneck")]
    total = sum(conv_params(*case.args, **case.kwargs) for case in layers)
    if total != BOTTLENECK_PARAMS:
        raise CheckFailure(
            f"conv_params: the 1x1 bottleneck should have {BOTTLENECK_PARAMS} parameters, "
            f"got {total}."
        )


EXTRA_CHECKS: dict[str, Callable[..., None]] = {"conv_params": _check_bottleneck}
"""Checks run after a grade id's cases, each counted as one visible check."""

PASSED_NOTES: dict[str, str] = {
    "conv_params": (
        f"  The bottleneck 256 -> 64 -> 64 -> 256 has {BOTTLENECK_PARAMS:,} weights; a plain"
        f" 3x3 layer 256 -> 256 has {PLAIN_3x3_PARAMS:,}"
        f" ({PLAIN_3x3_PARAMS / BOTTLENECK_PARAMS:.1f} times as many)."
    ),
}
"""Printed under the "all N visible checks passed" line."""


# ---------------------------------------------------------------------------------------------
# One public check per graded cell, named like its grade id.


def conv_output_size(conv_output_size: Callable[..., int]) -> None:
    """Check ``conv_output_size(n, kernel_size, stride=1, padding=0, dilation=1)``."""
    public("conv_output_size", conv_output_size)


def zero_pad(zero_pad: Callable[..., np.ndarray]) -> None:
    """Check ``zero_pad(x, padding)``: a padded copy of the NCHW array x (H and W only)."""
    public("zero_pad", zero_pad)


def correlate2d(correlate2d: Callable[..., np.ndarray]) -> None:
    """Check ``correlate2d(image, kernel)``: 'valid' cross-correlation of one channel."""
    public("correlate2d", correlate2d)


def convolve2d(convolve2d: Callable[..., np.ndarray]) -> None:
    """Check ``convolve2d(image, kernel)``: 'valid' convolution (the kernel flipped)."""
    public("convolve2d", convolve2d)


def filters(
    sobel_kernels: Callable[[], tuple[np.ndarray, np.ndarray]],
    gaussian_kernel: Callable[..., np.ndarray],
    box_kernel: Callable[..., np.ndarray],
) -> None:
    """Check ``sobel_kernels()``, ``gaussian_kernel(size=5, sigma=1.0)``, ``box_kernel(size=3)``."""
    public("filters", sobel_kernels, gaussian_kernel, box_kernel)


def edge_magnitude(edge_magnitude: Callable[..., np.ndarray]) -> None:
    """Check ``edge_magnitude(image)``: the Sobel gradient magnitude sqrt(gx**2 + gy**2)."""
    public("edge_magnitude", edge_magnitude)


def conv_forward_naive(conv_forward_naive: Callable[..., Any]) -> None:
    """Check ``conv_forward_naive(x, w, b, stride=1, padding=0) -> (out, cache)``."""
    public("conv_forward_naive", conv_forward_naive)


def conv_params(conv_params: Callable[..., int]) -> None:
    """Check ``conv_params(in_channels, out_channels, kernel_size, bias=True)``."""
    public("conv_params", conv_params)


def conv_flops(conv_flops: Callable[..., int]) -> None:
    """Check ``conv_flops(in_channels, out_channels, kernel_size, h_out, w_out)``, multiply-adds."""
    public("conv_flops", conv_flops)


def grouped_conv_forward(grouped_conv_forward: Callable[..., Any]) -> None:
    """Check ``grouped_conv_forward(x, w, b, groups, stride=1, padding=0) -> (out, cache)``."""
    public("grouped_conv_forward", grouped_conv_forward)
