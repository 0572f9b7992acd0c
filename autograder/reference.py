"""Independent references for the convolution notebook, computed with PyTorch in float64.

Every function takes and returns NumPy values in the formats of the graded functions (so the hidden
tests can substitute them for a student's earlier parts) and is computed by PyTorch
(``torch.nn.functional.conv2d`` and friends) or, where PyTorch has no such operation, by the
formula written out by hand. The solution notebook is never the reference.

The ``*_mistakes`` functions compute what well-known wrong implementations return, as
``(likely cause, wrong result)`` pairs, so that a failing hidden test can name the mistake.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812 (the usual name)
from torch.utils.flop_counter import conv_flop_count

from cnnlab import checks

Mistakes = list[tuple[str, Any]]


def _t(a: Any) -> torch.Tensor:
    """A float64 tensor copy of a NumPy array or nested list."""
    return torch.tensor(np.ascontiguousarray(a, dtype=np.float64))


def _np(t: torch.Tensor) -> np.ndarray:
    """A NumPy float64 array of a tensor."""
    return t.detach().cpu().numpy().astype(np.float64)


def _conv(
    x: Any, w: Any, b: Any = None, stride: int = 1, padding: int = 0, groups: int = 1
) -> np.ndarray:
    """``F.conv2d`` in float64 on NumPy inputs; returns NumPy."""
    bias = None if b is None else _t(b)
    return _np(F.conv2d(_t(x), _t(w), bias, stride=stride, padding=padding, groups=groups))


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
        (checks.MISSING_PLUS_ONE, room // stride),
        (checks.PADDING_IGNORED, (n - span) // stride + 1),
        (checks.DILATION_IGNORED, (n + 2 * padding - kernel_size) // stride + 1),
        (checks.SIZE_STRIDE_IGNORED, room + 1),
        (checks.ROUNDED_UP, -(-room // stride) + 1),
    ]


# --- zero_pad ----------------------------------------------------------------------------------


def zero_pad(x: np.ndarray, padding: int) -> np.ndarray:
    """Zero-pad H and W of an NCHW array by ``padding`` on each side (``np.pad``)."""
    return np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))


def zero_pad_mistakes(x: np.ndarray, padding: int) -> Mistakes:
    """Padding ``2*padding`` at the bottom and right only."""
    return [
        (checks.ONE_SIDED_PADDING, np.pad(x, ((0, 0), (0, 0), (0, 2 * padding), (0, 2 * padding))))
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
    return [(checks.FLIPPED_KERNEL, convolve2d(image, kernel))]


def convolve2d_mistakes(image: np.ndarray, kernel: np.ndarray) -> Mistakes:
    """No flip, a flip in one direction only, and a transpose instead of a flip."""
    k = np.asarray(kernel, dtype=np.float64)
    out = [
        (checks.NOT_FLIPPED, correlate2d(image, k)),
        (checks.FLIPPED_ROWS_ONLY, correlate2d(image, k[::-1].copy())),
        (checks.FLIPPED_COLUMNS_ONLY, correlate2d(image, k[:, ::-1].copy())),
    ]
    if _fits(image, k.T):
        out.append((checks.TRANSPOSED_KERNEL, correlate2d(image, k.T.copy())))
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
    return [(checks.SOBEL_SWAPPED, (ky, kx)), (checks.SOBEL_SIGN, (-kx, -ky))]


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
        (checks.NOT_NORMALISED, _np(_gaussian(size, sigma))),
        (checks.NOT_CENTRED, _np(g / g.sum())),
        (checks.SIGMA_NOT_SQUARED, _np(s / s.sum())),
    ]


def box_kernel(size: int = 3) -> np.ndarray:
    """A size x size kernel of equal weights summing to 1."""
    return _np(torch.full((size, size), 1.0, dtype=torch.float64) / size**2)


def box_kernel_mistakes(size: int = 3) -> Mistakes:
    """Ones instead of 1 / size**2."""
    return [(checks.NOT_NORMALISED, np.ones((size, size)))]


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
        (checks.NO_SQRT, gx**2 + gy**2),
        (checks.ADDED_GRADIENTS, gx + gy),
        (checks.ADDED_GRADIENTS, np.abs(gx) + np.abs(gy)),
        (checks.ONLY_GX, np.abs(gx)),
        (checks.ONLY_GX, gx),
        (checks.ONLY_GY, np.abs(gy)),
        (checks.ONLY_GY, gy),
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
        (checks.ONE_SIDED_PADDING, _conv(one_sided, w, b, stride)),
        (checks.STRIDE_IGNORED, stride_one[:, :, :h_out, :w_out]),
        (checks.STRIDE_IGNORED, stride_one),
        (checks.NO_BIAS, _conv(x, w, None, stride, padding)),
        (checks.FLIPPED_KERNEL, _conv(x, w[:, :, ::-1, ::-1].copy(), b, stride, padding)),
        (checks.H_W_SWAPPED, expected.transpose(0, 1, 3, 2)),
    ]
    for c in (x.shape[1] - 1, 0):  # only the last (or the first) channel counted
        out.append(
            (
                checks.CHANNELS_NOT_SUMMED,
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
        (checks.GROUP_INPUT_SLICE, _conv(same_input, w, b, stride, padding, groups)),
        (checks.GROUP_BIAS_SLICE, _conv(x, w, same_bias, stride, padding, groups)),
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
        wrong_bias = (checks.PARAMS_NO_BIAS, out_channels * in_channels * kh * kw)
    else:
        wrong_bias = (checks.BIAS_COUNTED, out_channels * in_channels * kh * kw + out_channels)
    return [
        wrong_bias,
        (checks.IN_CHANNELS_IGNORED, out_channels * kh * kw + bias_count),
        (checks.KERNEL_AREA, out_channels * in_channels * kh + bias_count),
        (checks.KERNEL_AREA, out_channels * in_channels * kh * kh + bias_count),
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
        (checks.FLOPS_DOUBLED, 2 * per_position * in_channels * kh * kw),
        (checks.IN_CHANNELS_IGNORED, per_position * kh * kw),
        (checks.KERNEL_AREA, per_position * in_channels * kh),
        (checks.KERNEL_AREA, per_position * in_channels * kh * kh),
    ]


REFERENCES: dict[str, Any] = {
    name: globals()[name] for names in checks.FUNCTIONS.values() for name in names
}
"""Reference implementation of every graded function, by name."""

MISTAKES: dict[str, Any] = {name: globals()[f"{name}_mistakes"] for name in REFERENCES}
"""``name -> function(*args, **kwargs) -> [(likely cause, wrong result), ...]``."""
