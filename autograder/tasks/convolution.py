"""The convolution notebook's instructor side: references, mistakes, random cases.

Registered in :mod:`autograder.tasks` (see its docstring for what each name means).

References, computed with PyTorch in float64.

Every function takes and returns NumPy values in the formats of the graded functions (so the hidden
tests can substitute them for a student's earlier parts) and is computed by PyTorch
(``torch.nn.functional.conv2d`` and friends) or, where PyTorch has no such operation, by the
formula written out by hand. The solution notebook is never the reference.

The ``*_mistakes`` functions compute what well-known wrong implementations return, as
``(likely cause, wrong result)`` pairs, so that a failing hidden test can name the mistake.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch
from torch.utils.flop_counter import conv_flop_count

from autograder.tasks import case, random_array
from autograder.torchref import conv2d as _conv
from autograder.torchref import numpy as _np
from autograder.torchref import tensor as _t
from cnnlab.checks import Case
from cnnlab.checks import convolution as visible

NOTEBOOK = "convolution"
"""solutions/numpy_cnn/convolution.ipynb."""

NUMPY_ONLY = True
"""The graded functions use NumPy only (no torch, scipy, cnnlab or autograder)."""

SAME_DTYPE = ("zero_pad",)
"""zero_pad keeps the dtype of x (float32 stays float32)."""

Mistakes = list[tuple[str, Any]]


# --- conv_output_size: the formula by hand (PyTorch has no such function) ----------------------


def conv_output_size(
    n: int, kernel_size: int, stride: int = 1, padding: int = 0, dilation: int = 1
) -> int:
    """H_out = (n + 2*padding - dilation*(kernel_size - 1) - 1) // stride + 1, or ValueError."""
    if stride <= 0 or padding < 0 or dilation <= 0:
        raise ValueError(f"bad stride={stride}, padding={padding} or dilation={dilation}")
    span = dilation * (kernel_size - 1) + 1
    if n + 2 * padding < span:
        raise ValueError(f"kernel span {span} does not fit in {n} + 2*{padding} pixels")
    return (n + 2 * padding - span) // stride + 1


def conv_output_size_mistakes(
    n: int, kernel_size: int, stride: int = 1, padding: int = 0, dilation: int = 1
) -> Mistakes:
    """The results of the usual wrong output-size formulas."""
    span = dilation * (kernel_size - 1) + 1
    room = n + 2 * padding - span
    return [
        (visible.MISSING_PLUS_ONE, room // stride),
        (visible.PADDING_IGNORED, (n - span) // stride + 1),
        (visible.DILATION_IGNORED, (n + 2 * padding - kernel_size) // stride + 1),
        (visible.SIZE_STRIDE_IGNORED, room + 1),
        (visible.ROUNDED_UP, -(-room // stride) + 1),
    ]


# --- zero_pad ----------------------------------------------------------------------------------


def zero_pad(x: np.ndarray, padding: int) -> np.ndarray:
    """Zero-pad H and W of an NCHW array by ``padding`` on each side (``np.pad``)."""
    return np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))


def zero_pad_mistakes(x: np.ndarray, padding: int) -> Mistakes:
    """Padding ``2*padding`` at the bottom and right only."""
    return [
        (visible.ONE_SIDED_PADDING, np.pad(x, ((0, 0), (0, 0), (0, 2 * padding), (0, 2 * padding))))
    ]


# --- correlate2d, convolve2d ---------------------------------------------------------------------


def correlate2d(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """'valid' cross-correlation of one channel: ``F.conv2d`` on (1, 1, H, W)."""
    if kernel.shape[0] > image.shape[0] or kernel.shape[1] > image.shape[1]:
        raise ValueError(f"kernel {kernel.shape} is larger than image {image.shape}")
    return _conv(np.asarray(image)[None, None], np.asarray(kernel)[None, None])[0, 0]


def convolve2d(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """'valid' convolution: cross-correlation with the kernel flipped by ``torch.flip``."""
    flipped = _np(torch.flip(_t(kernel), dims=(0, 1)))
    return correlate2d(image, flipped)


def _fits(image: np.ndarray, kernel: np.ndarray) -> bool:
    return kernel.shape[0] <= image.shape[0] and kernel.shape[1] <= image.shape[1]


def correlate2d_mistakes(image: np.ndarray, kernel: np.ndarray) -> Mistakes:
    """Correlating with the flipped kernel (that is, convolving)."""
    return [(visible.FLIPPED_KERNEL, convolve2d(image, kernel))]


def convolve2d_mistakes(image: np.ndarray, kernel: np.ndarray) -> Mistakes:
    """No flip, a flip in one direction only, and a transpose instead of a flip."""
    k = np.asarray(kernel, dtype=np.float64)
    out = [
        (visible.NOT_FLIPPED, correlate2d(image, k)),
        (visible.FLIPPED_ROWS_ONLY, correlate2d(image, k[::-1].copy())),
        (visible.FLIPPED_COLUMNS_ONLY, correlate2d(image, k[:, ::-1].copy())),
    ]
    if _fits(image, k.T):
        out.append((visible.TRANSPOSED_KERNEL, correlate2d(image, k.T.copy())))
    return out


# --- filters -------------------------------------------------------------------------------------


def sobel_kernels() -> tuple[np.ndarray, np.ndarray]:
    """The Sobel kernels (kx, ky), written out: kx responds to brightness rising to the right."""
    kx = np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]])
    ky = np.array([[-1.0, -2.0, -1.0], [0.0, 0.0, 0.0], [1.0, 2.0, 1.0]])
    return kx, ky


def sobel_kernels_mistakes() -> Mistakes:
    """The Sobel kernels swapped (ky, kx), and both signs reversed."""
    kx, ky = sobel_kernels()
    return [(visible.SOBEL_SWAPPED, (ky, kx)), (visible.SOBEL_SIGN, (-kx, -ky))]


def _gaussian(size: int, sigma: float, centred: bool = True, squared: bool = True) -> torch.Tensor:
    """exp(-(x**2 + y**2) / (2 sigma**2)) on a size x size grid, not normalised."""
    r = torch.arange(size, dtype=torch.float64) - ((size - 1) / 2 if centred else 0.0)
    scale = 2 * (sigma**2 if squared else sigma)
    return torch.exp(-(r[:, None] ** 2 + r[None, :] ** 2) / scale)


def gaussian_kernel(size: int = 5, sigma: float = 1.0) -> np.ndarray:
    """A normalised size x size Gaussian kernel centred on the middle pixel."""
    g = _gaussian(size, sigma)
    return _np(g / g.sum())


def gaussian_kernel_mistakes(size: int = 5, sigma: float = 1.0) -> Mistakes:
    """Not normalised, coordinates not centred, sigma not squared."""
    g = _gaussian(size, sigma, centred=False)
    s = _gaussian(size, sigma, squared=False)
    return [
        (visible.NOT_NORMALISED, _np(_gaussian(size, sigma))),
        (visible.NOT_CENTRED, _np(g / g.sum())),
        (visible.SIGMA_NOT_SQUARED, _np(s / s.sum())),
    ]


def box_kernel(size: int = 3) -> np.ndarray:
    """A size x size kernel of equal weights summing to 1."""
    return _np(torch.full((size, size), 1.0, dtype=torch.float64) / size**2)


def box_kernel_mistakes(size: int = 3) -> Mistakes:
    """Ones instead of 1 / size**2."""
    return [(visible.NOT_NORMALISED, np.ones((size, size)))]


# --- edge_magnitude ------------------------------------------------------------------------------


def _sobel_gradients(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(gx, gy): one ``F.conv2d`` with the two Sobel kernels stacked as two filters."""
    kx, ky = sobel_kernels()
    g = _conv(np.asarray(image)[None, None], np.stack([kx, ky])[:, None])[0]
    return g[0], g[1]


def edge_magnitude(image: np.ndarray) -> np.ndarray:
    """sqrt(gx**2 + gy**2) of the Sobel gradients ('valid', (H - 2, W - 2))."""
    gx, gy = _sobel_gradients(image)
    return np.sqrt(gx**2 + gy**2)


def edge_magnitude_mistakes(image: np.ndarray) -> Mistakes:
    """No square root, gradients added, one gradient only."""
    gx, gy = _sobel_gradients(image)
    return [
        (visible.NO_SQRT, gx**2 + gy**2),
        (visible.ADDED_GRADIENTS, gx + gy),
        (visible.ADDED_GRADIENTS, np.abs(gx) + np.abs(gy)),
        (visible.ONLY_GX, np.abs(gx)),
        (visible.ONLY_GX, gx),
        (visible.ONLY_GY, np.abs(gy)),
        (visible.ONLY_GY, gy),
    ]


# --- conv_forward_naive, grouped_conv_forward ----------------------------------------------------


def conv_forward_naive(
    x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1, padding: int = 0
) -> tuple[np.ndarray, tuple[Any, ...]]:
    """``F.conv2d(x, w, b, stride, padding)`` -> (out, cache), cache = (x, w, b, stride, padding).

    Raises ValueError for mismatched shapes or a kernel that does not fit, like the notebook.
    """
    if x.ndim != 4 or w.ndim != 4 or x.shape[1] != w.shape[1] or b.shape != (w.shape[0],):
        raise ValueError(f"shapes do not match: x {x.shape}, w {w.shape}, b {b.shape}")
    conv_output_size(x.shape[2], w.shape[2], stride, padding)  # ValueError if it does not fit
    conv_output_size(x.shape[3], w.shape[3], stride, padding)
    out = _conv(x, w, b, stride, padding).astype(np.result_type(x, w))
    return out, (x, w, b, stride, padding)


def conv_forward_naive_mistakes(
    x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1, padding: int = 0
) -> Mistakes:
    """One-sided padding, stride ignored, no bias, flipped kernel, one channel, H and W swapped."""
    expected = _conv(x, w, b, stride, padding)
    h_out, w_out = expected.shape[2:]
    one_sided = np.pad(x, ((0, 0), (0, 0), (0, 2 * padding), (0, 2 * padding)))
    stride_one = _conv(x, w, b, 1, padding)
    out = [
        (visible.ONE_SIDED_PADDING, _conv(one_sided, w, b, stride)),
        (visible.STRIDE_IGNORED, stride_one[:, :, :h_out, :w_out]),
        (visible.STRIDE_IGNORED, stride_one),
        (visible.NO_BIAS, _conv(x, w, None, stride, padding)),
        (visible.FLIPPED_KERNEL, _conv(x, w[:, :, ::-1, ::-1].copy(), b, stride, padding)),
        (visible.H_W_SWAPPED, expected.transpose(0, 1, 3, 2)),
    ]
    for c in (x.shape[1] - 1, 0):  # only the last (or the first) channel counted
        out.append(
            (
                visible.CHANNELS_NOT_SUMMED,
                _conv(x[:, c : c + 1], w[:, c : c + 1], b, stride, padding),
            )
        )
    return out


def grouped_conv_forward(
    x: np.ndarray, w: np.ndarray, b: np.ndarray, groups: int, stride: int = 1, padding: int = 0
) -> tuple[np.ndarray, tuple[Any, ...]]:
    """``F.conv2d(..., groups=groups)`` -> (out, cache = (x, w, b, groups, stride, padding))."""
    C, F_ = x.shape[1], w.shape[0]
    if groups <= 0 or C % groups or F_ % groups or w.shape[1] != C // groups:
        raise ValueError(f"groups={groups} does not fit x {x.shape} and w {w.shape}")
    conv_output_size(x.shape[2], w.shape[2], stride, padding)
    conv_output_size(x.shape[3], w.shape[3], stride, padding)
    out = _conv(x, w, b, stride, padding, groups).astype(np.result_type(x, w))
    return out, (x, w, b, groups, stride, padding)


def grouped_conv_forward_mistakes(
    x: np.ndarray, w: np.ndarray, b: np.ndarray, groups: int, stride: int = 1, padding: int = 0
) -> Mistakes:
    """Every group reading the first group's channels; every group using the first biases."""
    Cg, Fg = x.shape[1] // groups, w.shape[0] // groups
    same_input = np.concatenate([x[:, :Cg]] * groups, axis=1)
    same_bias = np.concatenate([b[:Fg]] * groups)
    return [
        (visible.GROUP_INPUT_SLICE, _conv(same_input, w, b, stride, padding, groups)),
        (visible.GROUP_BIAS_SLICE, _conv(x, w, same_bias, stride, padding, groups)),
    ]


# --- conv_params, conv_flops ---------------------------------------------------------------------


def _pair(kernel_size: int | tuple[int, int]) -> tuple[int, int]:
    return (kernel_size, kernel_size) if isinstance(kernel_size, int) else tuple(kernel_size)


def conv_params(
    in_channels: int, out_channels: int, kernel_size: int | tuple[int, int], bias: bool = True
) -> int:
    """The parameter count of ``torch.nn.Conv2d`` (built on the meta device: no memory)."""
    layer = torch.nn.Conv2d(in_channels, out_channels, _pair(kernel_size), bias=bias, device="meta")
    return sum(p.numel() for p in layer.parameters())


def conv_params_mistakes(
    in_channels: int, out_channels: int, kernel_size: int | tuple[int, int], bias: bool = True
) -> Mistakes:
    """Bias forgotten or counted when off, in_channels forgotten, a wrong kernel area."""
    kh, kw = _pair(kernel_size)
    bias_count = out_channels if bias else 0
    if bias:
        wrong_bias = (visible.PARAMS_NO_BIAS, out_channels * in_channels * kh * kw)
    else:
        wrong_bias = (visible.BIAS_COUNTED, out_channels * in_channels * kh * kw + out_channels)
    return [
        wrong_bias,
        (visible.IN_CHANNELS_IGNORED, out_channels * kh * kw + bias_count),
        (visible.KERNEL_AREA, out_channels * in_channels * kh + bias_count),
        (visible.KERNEL_AREA, out_channels * in_channels * kh * kh + bias_count),
    ]


def conv_flops(
    in_channels: int, out_channels: int, kernel_size: int | tuple[int, int], h_out: int, w_out: int
) -> int:
    """Multiply-adds of one conv layer (one image), counted by ``torch.utils.flop_counter``.

    PyTorch's FLOP counter reports 2 FLOPs per multiply-add for a convolution of these shapes
    (input sized so that the output is h_out x w_out at stride 1 without padding).
    """
    kh, kw = _pair(kernel_size)
    x_shape = [1, in_channels, h_out + kh - 1, w_out + kw - 1]
    w_shape = [out_channels, in_channels, kh, kw]
    return conv_flop_count(x_shape, w_shape, [1, out_channels, h_out, w_out], False) // 2


def conv_flops_mistakes(
    in_channels: int, out_channels: int, kernel_size: int | tuple[int, int], h_out: int, w_out: int
) -> Mistakes:
    """Two FLOPs per multiply-add, in_channels forgotten, a wrong kernel area."""
    kh, kw = _pair(kernel_size)
    per_position = out_channels * h_out * w_out
    return [
        (visible.FLOPS_DOUBLED, 2 * per_position * in_channels * kh * kw),
        (visible.IN_CHANNELS_IGNORED, per_position * kh * kw),
        (visible.KERNEL_AREA, per_position * in_channels * kh),
        (visible.KERNEL_AREA, per_position * in_channels * kh * kh),
    ]


REFERENCES: dict[str, Any] = {
    name: globals()[name] for names in visible.FUNCTIONS.values() for name in names
}
"""Reference implementation of every graded function, by name."""

MISTAKES: dict[str, Any] = {name: globals()[f"{name}_mistakes"] for name in REFERENCES}
"""``name -> function(*args, **kwargs) -> [(likely cause, wrong result), ...]``."""

# --- hidden tests: earlier parts replaced by references, randomised cases -----------------------

SUBSTITUTES: dict[str, tuple[str, ...]] = {
    "convolve2d": ("correlate2d",),
    "edge_magnitude": ("correlate2d", "sobel_kernels"),
    "conv_forward_naive": ("conv_output_size", "zero_pad"),
    "grouped_conv_forward": ("conv_forward_naive", "conv_output_size", "zero_pad"),
}
"""The earlier parts that are replaced by their references while a grade id is tested."""


def _conv_output_size_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for _ in range(60):
        n, k = int(rng.integers(1, 40)), int(rng.integers(1, 8))
        s, p, d = int(rng.integers(1, 5)), int(rng.integers(0, 4)), int(rng.integers(1, 4))
        cases.append(case("conv_output_size", n, k, stride=s, padding=p, dilation=d))
    cases.append(case("conv_output_size", 9, 3, stride=-1, note="stride must be positive"))
    cases.append(case("conv_output_size", 3, 4, note="the kernel does not fit"))
    return cases


def _zero_pad_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(8):
        shape = tuple(int(v) for v in rng.integers(1, [4, 4, 7, 7]))
        cases.append(
            case("zero_pad", random_array(rng, shape, k % 2 == 1), int(rng.integers(0, 4)))
        )
    return cases


def _image_kernel_cases(name: str, rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(8):
        h, w = (int(v) for v in rng.integers(2, 9, size=2))
        hh, ww = int(rng.integers(1, min(h, 4) + 1)), int(rng.integers(1, min(w, 4) + 1))
        f32 = k % 2 == 1
        cases.append(case(name, random_array(rng, (h, w), f32), random_array(rng, (hh, ww), f32)))
    big = random_array(rng, (3, 5), False)
    cases.append(
        case(name, big, random_array(rng, (4, 2), False), note="kernel taller than the image")
    )
    cases.append(
        case(name, big, random_array(rng, (2, 6), False), note="kernel wider than the image")
    )
    return cases


def _filters_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = [case("sobel_kernels")]
    for size, sigma in [(1, 1.0), (3, 0.5), (5, 1.5), (7, 2.0), (5, 3.0)]:
        cases.append(case("gaussian_kernel", size, sigma))
    cases.append(case("gaussian_kernel", sigma=float(rng.uniform(0.5, 3.0)), size=9))
    cases += [case("box_kernel", size) for size in range(1, 6)]
    return cases


def _edge_magnitude_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    shapes = [(3, 3), (4, 7), (8, 5), (9, 9), (6, 4), (5, 8)]
    return [case("edge_magnitude", random_array(rng, s, k % 2 == 1)) for k, s in enumerate(shapes)]


def _conv_forward_naive_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(12):
        n, c, f = (1, 1, 1) if k == 0 else (int(v) for v in rng.integers(1, [3, 4, 4]))
        h, w = (int(v) for v in rng.integers(3, 8, size=2))
        hh, ww = (int(v) for v in rng.integers(1, 4, size=2))
        f32 = k % 2 == 1
        x, wt = random_array(rng, (n, c, h, w), f32), random_array(rng, (f, c, hh, ww), f32)
        stride, padding = int(rng.integers(1, 4)), int(rng.integers(0, 3))
        b = random_array(rng, (f,), f32)
        cases.append(case("conv_forward_naive", x, wt, b, stride=stride, padding=padding))
    x = random_array(rng, (1, 2, 2, 3), False)
    cases.append(
        case(
            "conv_forward_naive",
            x,
            random_array(rng, (1, 2, 5, 2), False),
            np.zeros(1),
            padding=1,
            note="a 5x2 kernel does not fit in 2 + 2*1 rows",
        )  # fmt: skip
    )
    cases.append(
        case(
            "conv_forward_naive",
            x,
            random_array(rng, (2, 3, 1, 1), False),
            np.zeros(2),
            note="x has 2 channels but w has 3",
        )  # fmt: skip
    )
    return cases


def _grouped_conv_forward_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(10):
        groups = int(rng.integers(1, 4))
        cg, fg = (1, 1) if k == 0 else (int(v) for v in rng.integers(1, 3, size=2))
        n = int(rng.integers(1, 3))
        h, w = (int(v) for v in rng.integers(3, 8, size=2))
        hh, ww = (int(v) for v in rng.integers(1, 4, size=2))
        f32 = k % 2 == 1
        x = random_array(rng, (n, groups * cg, h, w), f32)
        wt, b = (
            random_array(rng, (groups * fg, cg, hh, ww), f32),
            random_array(rng, (groups * fg,), f32),
        )
        stride, padding = int(rng.integers(1, 4)), int(rng.integers(0, 3))
        cases.append(case("grouped_conv_forward", x, wt, b, groups, stride=stride, padding=padding))
    x = random_array(rng, (1, 4, 3, 3), False)
    cases.append(
        case(
            "grouped_conv_forward",
            x,
            random_array(rng, (3, 4 // 3, 1, 1), False),
            np.zeros(3),
            3,
            note="groups=3 does not divide C=4",
        )  # fmt: skip
    )
    return cases


def _conv_params_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(15):
        cin, cout = (int(v) for v in rng.integers(1, 513, size=2))
        kh, kw = (int(v) for v in rng.integers(1, 8, size=2))
        kernel = kh if k % 3 == 0 else (kh, kw)
        cases.append(case("conv_params", cin, cout, kernel, bias=bool(rng.integers(0, 2))))
    return cases


def _conv_flops_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(10):
        cin, cout = (int(v) for v in rng.integers(1, 257, size=2))
        kh, kw = (int(v) for v in rng.integers(1, 8, size=2))
        h_out, w_out = (int(v) for v in rng.integers(1, 65, size=2))
        kernel = kh if k % 3 == 0 else (kh, kw)
        cases.append(case("conv_flops", cin, cout, kernel, h_out, w_out))
    return cases


GENERATORS: dict[str, Callable[[np.random.Generator], list[tuple[str, Case]]]] = {
    "conv_output_size": _conv_output_size_cases,
    "zero_pad": _zero_pad_cases,
    "correlate2d": lambda rng: _image_kernel_cases("correlate2d", rng),
    "convolve2d": lambda rng: _image_kernel_cases("convolve2d", rng),
    "filters": _filters_cases,
    "edge_magnitude": _edge_magnitude_cases,
    "conv_forward_naive": _conv_forward_naive_cases,
    "conv_params": _conv_params_cases,
    "conv_flops": _conv_flops_cases,
    "grouped_conv_forward": _grouped_conv_forward_cases,
}
"""Randomised hidden cases of every grade id (the same on every run)."""
