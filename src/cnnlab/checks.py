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

import copy
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from cnnlab.grading import is_autograding


class CheckFailure(AssertionError):
    """A check failed; the message says what was expected and what the function returned."""

    def _render_traceback_(self) -> list[str]:
        """Let IPython show only the message (the check's own code is not the student's bug)."""
        return [f"CheckFailure: {self}"]


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

RAISES = "ValueError"
"""``Case.expected`` for a call that must raise ``ValueError``."""

Mistake = tuple[str, Any]
"""``(likely cause, the wrong result that this mistake produces)``."""


@dataclass(frozen=True)
class Case:
    """One call of a student's function and its literal expected result.

    ``call`` names the function, ``expected`` is the result (or :data:`RAISES`), ``mistakes`` are
    the wrong results of well-known mistakes, ``note`` says what the case is about and ``dtype``
    (when set) is the dtype the result must have.
    """

    call: str
    args: tuple[Any, ...]
    expected: Any
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    mistakes: tuple[Mistake, ...] = ()
    note: str = ""
    dtype: str | None = None


def _a(values: Any, shape: tuple[int, ...] | None = None) -> np.ndarray:
    """A float64 array from a literal (reshaped when ``shape`` is given)."""
    out = np.array(values, dtype=np.float64)
    return out if shape is None else out.reshape(shape)


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
# The visible cases. tests/test_checks.py re-derives every literal with PyTorch (float64).
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
# Reporting: run one case, compare, and explain what is wrong.


def _fmt(value: Any) -> str:
    """Numbers and small arrays the way a student writes them (12, 0.25, [[1 2] [3 4]])."""
    if isinstance(value, np.ndarray):
        text = np.array2string(value, formatter={"float_kind": lambda v: f"{v:.6g}"})
        return "\n    " + text.replace("\n", "\n    ") if value.ndim > 1 else text
    if isinstance(value, float | np.floating):
        return f"{float(value):.6g}"
    return repr(value)


def describe(case: Case) -> str:
    """The call of a case, with arrays shown by shape: ``f(x: (1, 1, 3, 3), w: ..., stride=2)``."""
    names = ARG_NAMES.get(case.call, ())
    parts = []
    for k, arg in enumerate(case.args):
        label = f"{names[k]}: " if k < len(names) and isinstance(arg, np.ndarray) else ""
        if isinstance(arg, np.ndarray):
            dtype = "" if arg.dtype == np.float64 else f" {arg.dtype}"
            parts.append(f"{label}{arg.shape}{dtype}")
        elif k < len(names) and case.call in ("zero_pad", "grouped_conv_forward"):
            parts.append(f"{names[k]}={arg!r}")
        else:
            parts.append(repr(arg))
    parts += [f"{key}={value!r}" for key, value in case.kwargs.items()]
    note = f"  [{case.note}]" if case.note else ""
    return f"{case.call}({', '.join(parts)}){note}"


def _inputs(case: Case) -> list[str]:
    """Lines that show the small array inputs of a visible case."""
    names = ARG_NAMES.get(case.call, ())
    lines = []
    for k, arg in enumerate(case.args):
        if isinstance(arg, np.ndarray) and arg.size <= 24:
            name = names[k] if k < len(names) else f"argument {k + 1}"
            lines.append(f"{name} = {_fmt(arg)}")
    return lines


def _student_line(exc: BaseException) -> str:
    """Where in the student's code an exception happened (the last frame outside libraries)."""
    own = str(Path(__file__).parent)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        name = frame.filename
        library = "site-packages" in name or "dist-packages" in name or "/autograder/" in name
        if not (name.startswith(own) or library):
            code = f": {frame.line.strip()}" if frame.line else ""
            return f" (in {frame.name}, line {frame.lineno}{code})"
    return ""


def call(fn: Callable[..., Any], case: Case, args: tuple[Any, ...] | None = None) -> Any:
    """Call a student's function on a case (or on ``args``, copies of its arguments).

    An exception becomes a CheckFailure that says in words what happened and where.
    """
    try:
        return fn(*(case.args if args is None else args), **case.kwargs)
    except NotImplementedError:
        raise CheckFailure(
            f"{case.call} is not implemented yet: it raised NotImplementedError.\n"
            "  Replace the `raise NotImplementedError` line in its cell with your code."
        ) from None
    except Exception as exc:  # noqa: BLE001 (any student error is reported, not re-raised)
        raise CheckFailure(
            f"{case.call} raised {type(exc).__name__} on {describe(case)}:\n"
            f"  {exc}{_student_line(exc)}"
        ) from None


def likely_cause(got: Any, mistakes: Sequence[Mistake], rtol: float, atol: float) -> str:
    """The description of the first mistake whose wrong result equals ``got`` ('' if none)."""
    for description, wrong in mistakes:
        if _matches(got, wrong, rtol, atol):
            return description
    return ""


def _matches(got: Any, wrong: Any, rtol: float, atol: float) -> bool:
    """Whether ``got`` equals ``wrong`` (arrays within tolerance; tuples part by part)."""
    if isinstance(wrong, tuple):
        return (
            isinstance(got, tuple | list)
            and len(got) == len(wrong)
            and all(_matches(g, w, rtol, atol) for g, w in zip(got, wrong, strict=True))
        )
    try:
        got_arr = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    wrong_arr = np.asarray(wrong, dtype=np.float64)
    return got_arr.shape == wrong_arr.shape and bool(np.allclose(got_arr, wrong_arr, rtol, atol))


def assert_close(
    name: str,
    got: Any,
    expected: np.ndarray,
    *,
    case: str = "",
    mistakes: Sequence[Mistake] = (),
    hint: str = "",
    rtol: float = 1e-7,
    atol: float = 1e-9,
    details: Sequence[str] = (),
) -> None:
    """Raise CheckFailure unless ``got`` is an array of ``expected``'s shape and values.

    The message names the case, compares the shapes (adding ``hint`` when they differ), gives the
    first wrong index with both values and the number of wrong entries, and the likely cause when
    ``got`` equals one of the ``mistakes``. ``details`` are extra lines (the inputs, for example).
    """
    head = f"{name} is wrong for {case}" if case else f"{name} is wrong"
    if got is None:
        raise CheckFailure(f"{head}: it returned None. Did you forget `return`?")
    try:
        got_arr = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        raise CheckFailure(f"{head}: expected an array, got {type(got).__name__}.") from None
    lines = list(details)
    if got_arr.shape != expected.shape:
        lines.append(f"expected shape {expected.shape}, got shape {got_arr.shape}.")
        if hint:
            lines.append(hint)
    else:
        bad = ~np.isclose(got_arr, expected, rtol=rtol, atol=atol)
        if not bad.any():
            return
        first = tuple(int(k) for k in np.argwhere(bad)[0])
        want, have = float(expected[first]), float(got_arr[first])
        digits = ".6g" if f"{want:.6g}" != f"{have:.6g}" else ".12g"
        lines.append(
            f"{int(bad.sum())} of {bad.size} entries are wrong; the first is at index {first}: "
            f"expected {want:{digits}}, got {have:{digits}}."
        )
        if np.allclose(got_arr, expected, rtol=1e-3, atol=1e-3):
            lines.append(
                f"The values are close but not equal within rtol={rtol:g}, atol={atol:g}: is an "
                "array created with a lower precision (float32) than the inputs?"
            )
    if expected.size <= 36 and got_arr.size <= 36:
        lines += [f"expected: {_fmt(expected)}", f"got: {_fmt(got_arr)}"]
    cause = likely_cause(got_arr, mistakes, rtol, atol)
    if cause:
        lines.append(f"Likely cause: {cause}.")
    text = head + ".\n" + "\n".join("  " + line for line in lines)
    raise CheckFailure("\n".join(line.rstrip() for line in text.splitlines()))


def assert_int(
    name: str, got: Any, expected: int, *, case: str = "", mistakes: Sequence[Mistake] = ()
) -> None:
    """Raise CheckFailure unless ``got`` is the integer ``expected``."""
    head = f"{name} is wrong for {case}" if case else f"{name} is wrong"
    if isinstance(got, bool) or not isinstance(got, int | np.integer):
        advice = " Use floor division // to keep it whole." if isinstance(got, float) else ""
        raise CheckFailure(f"{head}: expected the int {expected}, got {got!r}.{advice}")
    if got != expected:
        cause = likely_cause(got, mistakes, 0.0, 0.0)
        because = f"\n  Likely cause: {cause}." if cause else ""
        raise CheckFailure(f"{head}: expected {expected}, got {int(got)}.{because}")


def _shape_hint(case: Case, expected: np.ndarray) -> str:
    """How the expected shape follows from the inputs (shown when the shapes differ)."""
    if case.call in ("conv_forward_naive", "grouped_conv_forward"):
        (_, _, h, w), (_, _, hh, ww) = case.args[0].shape, case.args[1].shape
        s, p = case.kwargs.get("stride", 1), case.kwargs.get("padding", 0)
        return (
            f"H_out = (H + 2*padding - HH) // stride + 1 = ({h} + 2*{p} - {hh}) // {s} + 1 = "
            f"{expected.shape[2]} and W_out = ({w} + 2*{p} - {ww}) // {s} + 1 = "
            f"{expected.shape[3]}; out has shape (N, F, H_out, W_out)."
        )
    if case.call == "zero_pad":
        (n, c, h, w), p = case.args[0].shape, case.args[1]
        return (
            f"only H and W are padded: (N, C, H + 2*padding, W + 2*padding) = "
            f"({n}, {c}, {h} + 2*{p}, {w} + 2*{p})."
        )
    if case.call in ("correlate2d", "convolve2d"):
        (h, w), (hh, ww) = case.args[0].shape, case.args[1].shape
        return (
            f"a 'valid' output has shape (H - HH + 1, W - WW + 1) = "
            f"({h} - {hh} + 1, {w} - {ww} + 1)."
        )
    if case.call == "edge_magnitude":
        return "each 3x3 Sobel correlation shrinks the image by 2: (H - 2, W - 2)."
    return ""


def _check_cache(case: Case, cache: Any) -> None:
    """The cache of a forward function is its inputs: (x, w, b, [groups,] stride, padding)."""
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


def run_case(
    fn: Callable[..., Any],
    case: Case,
    *,
    rtol: float = 1e-7,
    atol: float = 1e-9,
    show_inputs: bool = True,
) -> None:
    """Run one case and raise CheckFailure with a teaching message if the result is wrong."""
    where = describe(case)
    args = copy.deepcopy(case.args)  # the student's function gets copies: the case stays intact
    if case.expected is RAISES:
        try:
            got = fn(*args, **case.kwargs)
        except ValueError:
            return
        except NotImplementedError:
            raise CheckFailure(
                f"{case.call} is not implemented yet: it raised NotImplementedError."
            ) from None
        except Exception as exc:  # noqa: BLE001
            raise CheckFailure(
                f"{case.call} should raise ValueError for {where}, but raised "
                f"{type(exc).__name__}: {exc}{_student_line(exc)}"
            ) from None
        raise CheckFailure(
            f"{case.call} should raise ValueError for {where}, but returned {_fmt(got)}."
        )
    got = call(fn, case, args)
    _check_not_mutated(case, args)
    details = _inputs(case) if show_inputs else []
    expected = case.expected
    if case.call in ("conv_forward_naive", "grouped_conv_forward"):
        if not (isinstance(got, tuple) and len(got) == 2):
            raise CheckFailure(
                f"{case.call} must return a pair (out, cache), got {type(got).__name__}."
            )
        got, cache = got
    if isinstance(expected, int):
        assert_int(case.call, got, expected, case=where, mistakes=case.mistakes)
        return
    if isinstance(expected, tuple):  # sobel_kernels: (kx, ky)
        if not (isinstance(got, tuple | list) and len(got) == len(expected)):
            raise CheckFailure(f"{case.call} must return a pair (kx, ky), got {got!r}.")
        cause = likely_cause(got, case.mistakes, rtol, atol)
        for part, (g, e) in zip(("kx", "ky"), zip(got, expected, strict=True), strict=True):
            assert_close(
                f"{case.call}: {part}",
                g,
                e,
                case=where,
                mistakes=[(cause, g)] if cause else (),
                rtol=rtol,
                atol=atol,
            )
        return
    assert_close(
        case.call,
        got,
        expected,
        case=where,
        mistakes=case.mistakes,
        rtol=rtol,
        atol=atol,
        hint=_shape_hint(case, expected),
        details=details,
    )
    if case.call in ("conv_forward_naive", "grouped_conv_forward"):
        _check_cache(case, cache)
    if case.dtype is not None and np.asarray(got).dtype != np.dtype(case.dtype):
        raise CheckFailure(
            f"{case.call} changed the dtype for {where}: expected {case.dtype}, got "
            f"{np.asarray(got).dtype}. Create new arrays with dtype=x.dtype."
        )
    if case.call == "zero_pad" and np.shares_memory(got, args[0]):
        raise CheckFailure(f"zero_pad must return a new array for {where}, not a view of x.")


def _check_not_mutated(case: Case, args: tuple[Any, ...]) -> None:
    """Raise CheckFailure if the call changed one of its array arguments in place."""
    names = ARG_NAMES.get(case.call, ())
    for k, (before, after) in enumerate(zip(case.args, args, strict=True)):
        if isinstance(before, np.ndarray) and not np.array_equal(before, after):
            name = names[k] if k < len(names) else f"argument {k + 1}"
            raise CheckFailure(
                f"{case.call} changed its input {name} in place for {describe(case)}.\n"
                "  Inputs must never be modified: work on a new array (np.zeros, .copy())."
            )


def run_visible(grade_id: str, *fns: Callable[..., Any]) -> int:
    """Run the visible cases of ``grade_id`` on ``fns`` (even while autograding).

    Returns the number of checks run; raises CheckFailure at the first failing case.
    """
    names = FUNCTIONS[grade_id]
    if len(fns) != len(names):
        raise TypeError(f"{grade_id} checks {len(names)} function(s): {', '.join(names)}")
    by_name = dict(zip(names, fns, strict=True))
    for case in CASES[grade_id]:
        run_case(by_name[case.call], case)
    count = len(CASES[grade_id])
    if grade_id == "conv_params":
        layers = [c for c in CASES[grade_id] if c.note.startswith("bottleneck")]
        total = sum(fns[0](*case.args, **case.kwargs) for case in layers)
        if total != BOTTLENECK_PARAMS:
            raise CheckFailure(
                f"conv_params: the 1x1 bottleneck should have {BOTTLENECK_PARAMS} parameters, "
                f"got {total}."
            )
        count += 1
    return count


def _public(grade_id: str, *fns: Callable[..., Any]) -> None:
    """Run the visible check of ``grade_id`` and print one line (skipped while autograding)."""
    if is_autograding():
        print("(visible check skipped while autograding: the hidden tests re-run these cases)")
        return
    count = run_visible(grade_id, *fns)
    print(f"{grade_id}: all {count} visible checks passed.")
    if grade_id == "conv_params":
        print(
            f"  The bottleneck 256 -> 64 -> 64 -> 256 has {BOTTLENECK_PARAMS:,} weights; a plain"
            f" 3x3 layer 256 -> 256 has {PLAIN_3x3_PARAMS:,}"
            f" ({PLAIN_3x3_PARAMS / BOTTLENECK_PARAMS:.1f} times as many)."
        )


# ---------------------------------------------------------------------------------------------
# One public check per graded cell, named like its grade id.


def conv_output_size(conv_output_size: Callable[..., int]) -> None:
    """Check ``conv_output_size(n, kernel_size, stride=1, padding=0, dilation=1)``."""
    _public("conv_output_size", conv_output_size)


def zero_pad(zero_pad: Callable[..., np.ndarray]) -> None:
    """Check ``zero_pad(x, padding)``: a padded copy of the NCHW array x (H and W only)."""
    _public("zero_pad", zero_pad)


def correlate2d(correlate2d: Callable[..., np.ndarray]) -> None:
    """Check ``correlate2d(image, kernel)``: 'valid' cross-correlation of one channel."""
    _public("correlate2d", correlate2d)


def convolve2d(convolve2d: Callable[..., np.ndarray]) -> None:
    """Check ``convolve2d(image, kernel)``: 'valid' convolution (the kernel flipped)."""
    _public("convolve2d", convolve2d)


def filters(
    sobel_kernels: Callable[[], tuple[np.ndarray, np.ndarray]],
    gaussian_kernel: Callable[..., np.ndarray],
    box_kernel: Callable[..., np.ndarray],
) -> None:
    """Check ``sobel_kernels()``, ``gaussian_kernel(size=5, sigma=1.0)``, ``box_kernel(size=3)``."""
    _public("filters", sobel_kernels, gaussian_kernel, box_kernel)


def edge_magnitude(edge_magnitude: Callable[..., np.ndarray]) -> None:
    """Check ``edge_magnitude(image)``: the Sobel gradient magnitude sqrt(gx**2 + gy**2)."""
    _public("edge_magnitude", edge_magnitude)


def conv_forward_naive(conv_forward_naive: Callable[..., Any]) -> None:
    """Check ``conv_forward_naive(x, w, b, stride=1, padding=0) -> (out, cache)``."""
    _public("conv_forward_naive", conv_forward_naive)


def conv_params(conv_params: Callable[..., int]) -> None:
    """Check ``conv_params(in_channels, out_channels, kernel_size, bias=True)``."""
    _public("conv_params", conv_params)


def conv_flops(conv_flops: Callable[..., int]) -> None:
    """Check ``conv_flops(in_channels, out_channels, kernel_size, h_out, w_out)``, multiply-adds."""
    _public("conv_flops", conv_flops)


def grouped_conv_forward(grouped_conv_forward: Callable[..., Any]) -> None:
    """Check ``grouped_conv_forward(x, w, b, groups, stride=1, padding=0) -> (out, cache)``."""
    _public("grouped_conv_forward", grouped_conv_forward)
