"""Fast NumPy layers for the later notebooks: convolution, pooling, affine, ReLU, softmax loss.

Every layer follows one contract (as in CS231n's ``layers.py``)::

    out, cache = <layer>_forward(x, ...)
    dx[, dw, db] = <layer>_backward(dout, cache)

``dout`` is the gradient of the loss with respect to ``out`` (same shape as ``out``); the
backward pass returns the gradients with respect to the forward pass's inputs, in the same
shapes. Inputs are never modified.

Symbols (one table for the whole course): N images, C input channels, H x W input size,
F filters, HH x WW kernel (window) size, H_out x W_out output size. Layout NCHW; conv weights
``w`` have shape (F, C, HH, WW) and biases ``b`` shape (F,). For a window of HH rows moved with
``stride`` over an input padded by ``padding`` zeros on every side::

    H_out = (H + 2 * padding - HH) // stride + 1      (the same for W_out with W, WW)

Convolution and pooling share one idea (as in jax's ``lax_reference`` and in tinygrad):
``windows`` gives, without copying, every HH x WW window of the input as an array of shape
(N, C, H_out, W_out, HH, WW). Convolution = windows + a contraction with the filters;
max pooling = windows + a maximum; average pooling = windows + a mean. The only Python loops are
over the HH * WW kernel offsets (9 for a 3x3 kernel), never over images or output positions.
"""

import numpy as np
from numpy.lib.stride_tricks import as_strided

__all__ = [
    "affine_backward",
    "affine_forward",
    "affine_relu_backward",
    "affine_relu_forward",
    "avg_pool_backward",
    "avg_pool_forward",
    "conv_backward",
    "conv_forward",
    "conv_relu_pool_backward",
    "conv_relu_pool_forward",
    "max_pool_backward",
    "max_pool_forward",
    "relu_backward",
    "relu_forward",
    "softmax_loss",
    "windows",
]


def _pair(value: int | tuple[int, int], name: str) -> tuple[int, int]:
    """Return ``(value, value)`` for an int, the pair itself for a pair of ints."""
    if isinstance(value, int | np.integer):
        return int(value), int(value)
    pair = tuple(value)
    if len(pair) != 2:
        raise ValueError(f"{name} must be an int or a pair (rows, cols), got {value!r}")
    return int(pair[0]), int(pair[1])


def _check_shape(array: np.ndarray, shape: tuple[int, ...], name: str) -> None:
    """Raise ValueError naming both shapes unless ``array.shape == shape``."""
    if array.shape != shape:
        raise ValueError(f"{name} has shape {array.shape}, expected {shape}")


def windows(
    x: np.ndarray,
    kernel_size: int | tuple[int, int],
    stride: int | tuple[int, int] = 1,
    writeable: bool = False,
) -> np.ndarray:
    """View every kernel_size window of ``x`` (no copy): the helper behind conv and pooling.

    Element ``[n, c, i, j, di, dj]`` of the view is ``x[n, c, i * stride + di, j * stride + dj]``.
    Nothing is copied: the view reuses the memory of ``x`` with new strides (a step of one
    output row moves ``stride`` input rows; a step of one kernel row moves one input row).
    Pad ``x`` first if the layer pads: windows never pads.

    Inputs:
    - x: Input of shape (N, C, H, W).
    - kernel_size: Window size, an int HH (square) or a pair (HH, WW).
    - stride: Step between windows, an int > 0 (both directions) or a pair (rows, cols).
    - writeable: If True the view can be written through; used by the backward passes to
      accumulate gradients with ``windows(dx, ...)[..., di, dj] += ...``. For one fixed
      (di, dj) the view never repeats an element, so such a ``+=`` is safe; writing through
      the whole view at once is not (overlapping windows share elements).

    Returns:
    - view: Array of shape (N, C, H_out, W_out, HH, WW), with
      H_out = (H - HH) // stride + 1 and W_out = (W - WW) // stride + 1 (with the row and
      column strides for a pair).
    """
    HH, WW = _pair(kernel_size, "kernel_size")
    S_h, S_w = _pair(stride, "stride")
    if x.ndim != 4:
        raise ValueError(f"x must have shape (N, C, H, W), got shape {x.shape}")
    if HH <= 0 or WW <= 0:
        raise ValueError(f"kernel_size must be positive, got kernel_size={kernel_size}")
    if S_h <= 0 or S_w <= 0:
        raise ValueError(f"stride must be positive, got stride={stride}")
    N, C, H, W = x.shape
    if HH > H or WW > W:
        raise ValueError(
            f"window {(HH, WW)} does not fit in the (padded) input of shape {x.shape}: "
            f"the window needs H >= {HH} and W >= {WW}"
        )
    H_out = (H - HH) // S_h + 1
    W_out = (W - WW) // S_w + 1
    s_n, s_c, s_h, s_w = x.strides  # bytes to step one image, channel, row, column
    return as_strided(
        x,
        shape=(N, C, H_out, W_out, HH, WW),
        strides=(s_n, s_c, S_h * s_h, S_w * s_w, s_h, s_w),
        writeable=writeable,
    )


def _pad(x: np.ndarray, padding: int) -> np.ndarray:
    """Zero-pad the last two axes of (N, C, H, W) ``x`` by ``padding`` on every side (a copy)."""
    if padding == 0:
        return x
    return np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))


def conv_forward(
    x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1, padding: int = 0
) -> tuple[np.ndarray, tuple]:
    """Convolution forward pass (cross-correlation, as ``torch.nn.functional.conv2d``).

    im2col on the window view: the windows are copied once into a column matrix ``cols`` of
    shape (N, C*HH*WW, H_out*W_out), one column per output position, and every image is one
    matrix product ``w.reshape(F, -1) @ cols[n]``.

    Inputs:
    - x: Input data of shape (N, C, H, W).
    - w: Filter weights of shape (F, C, HH, WW).
    - b: Biases of shape (F,).
    - stride: Step between neighbouring windows, in both directions (an int > 0).
    - padding: Number of zeros added on every side of H and W (an int >= 0).

    Returns a tuple of:
    - out: Output of shape (N, F, H_out, W_out), with
      H_out = (H + 2 * padding - HH) // stride + 1 and W_out likewise. Its dtype is
      ``np.result_type(x, w, b)`` (float32 inputs give float32).
    - cache: ``(x_shape, w, stride, padding, cols)`` where ``x_shape`` is the shape of x,
      ``w`` the weights (in the output dtype) and ``cols`` the column matrix of shape
      (N, C*HH*WW, H_out*W_out), ordered (c, di, dj) down a column like ``w.reshape(F, -1)``.
    """
    if x.ndim != 4 or w.ndim != 4:
        raise ValueError(
            f"x must be (N, C, H, W) and w (F, C, HH, WW), got x {x.shape} and w {w.shape}"
        )
    N, C, H, W = x.shape
    F, C_w, HH, WW = w.shape
    if C_w != C:
        raise ValueError(
            f"channel mismatch: x {x.shape} has C={C} channels but w {w.shape} expects {C_w}"
        )
    _check_shape(b, (F,), f"b (for w of shape {w.shape})")
    if stride <= 0:
        raise ValueError(f"stride must be positive, got stride={stride}")
    if padding < 0:
        raise ValueError(f"padding must be >= 0, got padding={padding}")
    if HH > H + 2 * padding or WW > W + 2 * padding:
        raise ValueError(
            f"kernel {(HH, WW)} of w {w.shape} does not fit in x {x.shape} padded by "
            f"{padding}: {(H + 2 * padding, W + 2 * padding)}"
        )
    dtype = np.result_type(x, w, b)
    x, w, b = x.astype(dtype, copy=False), w.astype(dtype, copy=False), b.astype(dtype, copy=False)

    view = windows(_pad(x, padding), (HH, WW), stride)  # (N, C, H_out, W_out, HH, WW)
    _, _, H_out, W_out, _, _ = view.shape
    cols = view.transpose(0, 1, 4, 5, 2, 3)  # (N, C, HH, WW, H_out, W_out), still a view
    cols = cols.reshape(N, C * HH * WW, H_out * W_out)  # (N, C*HH*WW, H_out*W_out), a copy
    out = w.reshape(F, C * HH * WW) @ cols  # (N, F, H_out*W_out)
    out = out.reshape(N, F, H_out, W_out)  # (N, F, H_out, W_out)
    out += b.reshape(1, F, 1, 1)
    cache = (x.shape, w, stride, padding, cols)
    return out, cache


def conv_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Convolution backward pass.

    dw and db are sums over images and positions (matrix products with ``cols``). dx is col2im:
    the gradient of the column matrix, ``w.reshape(F, -1).T @ dout``, is added back into the
    padded input through the writeable window view, one kernel offset (di, dj) at a time, so
    that pixels shared by overlapping windows accumulate; the padding is cut off at the end.

    Inputs:
    - dout: Upstream gradient of shape (N, F, H_out, W_out).
    - cache: ``(x_shape, w, stride, padding, cols)`` from ``conv_forward``.

    Returns a tuple of:
    - dx: Gradient with respect to x, shape (N, C, H, W).
    - dw: Gradient with respect to w, shape (F, C, HH, WW).
    - db: Gradient with respect to b, shape (F,).
    """
    x_shape, w, stride, padding, cols = cache
    N, C, H, W = x_shape
    F, _, HH, WW = w.shape
    _, K, L = cols.shape  # K = C*HH*WW, L = H_out*W_out
    H_out = (H + 2 * padding - HH) // stride + 1
    W_out = (W + 2 * padding - WW) // stride + 1
    _check_shape(dout, (N, F, H_out, W_out), "dout")
    dout = dout.astype(cols.dtype, copy=False)

    db = dout.sum(axis=(0, 2, 3))
    dout_flat = dout.reshape(N, F, L)  # (N, F, H_out*W_out)
    dw = (dout_flat @ cols.transpose(0, 2, 1)).sum(axis=0)  # (F, C*HH*WW)
    dw = dw.reshape(F, C, HH, WW)  # (F, C, HH, WW)

    dcols = w.reshape(F, K).T @ dout_flat  # (N, C*HH*WW, H_out*W_out)
    dcols = dcols.reshape(N, C, HH, WW, H_out, W_out)  # (N, C, HH, WW, H_out, W_out)
    dx_pad = np.zeros((N, C, H + 2 * padding, W + 2 * padding), dtype=cols.dtype)
    dx_windows = windows(dx_pad, (HH, WW), stride, writeable=True)
    for di in range(HH):
        for dj in range(WW):
            dx_windows[..., di, dj] += dcols[:, :, di, dj]  # (N, C, H_out, W_out)
    dx = dx_pad[:, :, padding : padding + H, padding : padding + W]  # (N, C, H, W), a view
    return dx, dw, db


def _pool_windows(
    x: np.ndarray, kernel_size: int | tuple[int, int], stride: int | tuple[int, int] | None
) -> tuple[np.ndarray, tuple[int, int]]:
    """Window view (N, C, H_out, W_out, HH, WW) of x for pooling, and the stride pair used."""
    stride = _pair(kernel_size if stride is None else stride, "stride")
    return windows(x, kernel_size, stride), stride


def max_pool_forward(
    x: np.ndarray,
    kernel_size: int | tuple[int, int] = 2,
    stride: int | tuple[int, int] | None = None,
) -> tuple[np.ndarray, tuple]:
    """Max pooling forward pass (as ``torch.nn.functional.max_pool2d``, no padding).

    The maximum is taken one kernel offset at a time: ``np.maximum`` of the HH * WW strided
    slices ``view[..., di, dj]``, each of shape (N, C, H_out, W_out). This is much faster than
    ``view.max(axis=(4, 5))``, which reduces tiny strided windows one by one.

    Inputs:
    - x: Input data of shape (N, C, H, W).
    - kernel_size: Pooling window, an int HH or a pair (HH, WW).
    - stride: Step between windows, an int or a pair; None means kernel_size (as in PyTorch).

    Returns a tuple of:
    - out: Output of shape (N, C, H_out, W_out), with H_out = (H - HH) // stride + 1, same
      dtype as x.
    - cache: ``(x, out, (HH, WW), (S_h, S_w))``: x itself (not a copy), out, the window size
      and the row and column strides.
    """
    view, stride = _pool_windows(x, kernel_size, stride)  # (N, C, H_out, W_out, HH, WW)
    _, _, _, _, HH, WW = view.shape
    out = view[..., 0, 0].copy()  # (N, C, H_out, W_out)
    for di in range(HH):
        for dj in range(WW):
            np.maximum(out, view[..., di, dj], out=out)
    return out, (x, out, (HH, WW), stride)


def max_pool_backward(dout: np.ndarray, cache: tuple) -> np.ndarray:
    """Max pooling backward pass.

    Each window's gradient goes to one element: the first maximum in row-major window order
    (ties as in PyTorch). Overlapping windows (stride < kernel size) add up their gradients.

    Inputs:
    - dout: Upstream gradient of shape (N, C, H_out, W_out).
    - cache: ``(x, out, (HH, WW), (S_h, S_w))`` from ``max_pool_forward``.

    Returns:
    - dx: Gradient with respect to x, shape (N, C, H, W).
    """
    x, out, (HH, WW), stride = cache
    _check_shape(dout, out.shape, "dout")
    view = windows(x, (HH, WW), stride)  # (N, C, H_out, W_out, HH, WW)
    dx = np.zeros(x.shape, dtype=np.result_type(x, dout))
    dx_windows = windows(dx, (HH, WW), stride, writeable=True)
    overlapping = stride[0] < HH or stride[1] < WW
    found = np.zeros(out.shape, dtype=bool)  # (N, C, H_out, W_out): max already routed
    for di in range(HH):
        for dj in range(WW):
            first = view[..., di, dj] == out  # (N, C, H_out, W_out)
            first &= ~found
            found |= first
            if overlapping:  # an element can be the max of several windows: add up
                dx_windows[..., di, dj] += dout * first
            else:  # each element is in one window at most: write (twice as fast as +=)
                np.multiply(dout, first, out=dx_windows[..., di, dj])
    return dx


def avg_pool_forward(
    x: np.ndarray,
    kernel_size: int | tuple[int, int] = 2,
    stride: int | tuple[int, int] | None = None,
) -> tuple[np.ndarray, tuple]:
    """Average pooling forward pass (as ``torch.nn.functional.avg_pool2d``, no padding).

    Inputs:
    - x: Input data of shape (N, C, H, W).
    - kernel_size: Pooling window, an int HH or a pair (HH, WW).
    - stride: Step between windows, an int or a pair; None means kernel_size (as in PyTorch).

    Returns a tuple of:
    - out: Output of shape (N, C, H_out, W_out), with H_out = (H - HH) // stride + 1; same
      dtype as x for floating x (float64 for integer x).
    - cache: ``(x_shape, (HH, WW), (S_h, S_w))``: the shape of x, window size and strides.
    """
    view, stride = _pool_windows(x, kernel_size, stride)  # (N, C, H_out, W_out, HH, WW)
    _, _, _, _, HH, WW = view.shape
    out = view[..., 0, 0].astype(np.result_type(x, 1.0))  # (N, C, H_out, W_out), a copy
    for di in range(HH):
        for dj in range(WW):
            if di or dj:
                out += view[..., di, dj]
    out /= HH * WW
    return out, (x.shape, (HH, WW), stride)


def avg_pool_backward(dout: np.ndarray, cache: tuple) -> np.ndarray:
    """Average pooling backward pass: each input of a window gets dout / (HH * WW).

    Inputs:
    - dout: Upstream gradient of shape (N, C, H_out, W_out).
    - cache: ``(x_shape, (HH, WW), (S_h, S_w))`` from ``avg_pool_forward``.

    Returns:
    - dx: Gradient with respect to x, shape (N, C, H, W).
    """
    x_shape, (HH, WW), stride = cache
    N, C, H, W = x_shape
    S_h, S_w = stride
    _check_shape(dout, (N, C, (H - HH) // S_h + 1, (W - WW) // S_w + 1), "dout")
    share = dout / (HH * WW)
    dx = np.zeros(x_shape, dtype=share.dtype)
    dx_windows = windows(dx, (HH, WW), stride, writeable=True)
    overlapping = S_h < HH or S_w < WW
    for di in range(HH):
        for dj in range(WW):
            if overlapping:  # an element can be in several windows: add up
                dx_windows[..., di, dj] += share
            else:  # each element is in one window at most: write
                dx_windows[..., di, dj] = share
    return dx


def affine_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, tuple]:
    """Affine (fully connected) layer forward pass: ``out = x.reshape(N, D) @ w + b``.

    Inputs:
    - x: Input data of shape (N, d_1, ..., d_k); each example is flattened to D = d_1 * ... * d_k.
    - w: Weights of shape (D, M).
    - b: Biases of shape (M,).

    Returns a tuple of:
    - out: Output of shape (N, M).
    - cache: ``(x, w, b)``.
    """
    N = x.shape[0]
    x_flat = x.reshape(N, -1)  # (N, D)
    if w.ndim != 2 or w.shape[0] != x_flat.shape[1]:
        raise ValueError(
            f"x of shape {x.shape} flattens to (N, D) = {x_flat.shape}, so w must be (D, M) "
            f"with D = {x_flat.shape[1]}, got w {w.shape}"
        )
    _check_shape(b, (w.shape[1],), f"b (for w of shape {w.shape})")
    out = x_flat @ w + b  # (N, M)
    return out, (x, w, b)


def affine_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Affine layer backward pass.

    Inputs:
    - dout: Upstream gradient of shape (N, M).
    - cache: ``(x, w, b)`` from ``affine_forward``.

    Returns a tuple of:
    - dx: Gradient with respect to x, shape (N, d_1, ..., d_k).
    - dw: Gradient with respect to w, shape (D, M).
    - db: Gradient with respect to b, shape (M,).
    """
    x, w, b = cache
    N = x.shape[0]
    _check_shape(dout, (N, w.shape[1]), "dout")
    x_flat = x.reshape(N, -1)  # (N, D)
    dx = (dout @ w.T).reshape(x.shape)  # (N, d_1, ..., d_k)
    dw = x_flat.T @ dout  # (D, M)
    db = dout.sum(axis=0)
    return dx, dw, db


def relu_forward(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """ReLU forward pass: ``out = max(x, 0)`` elementwise.

    Inputs:
    - x: Input of any shape.

    Returns a tuple of:
    - out: Output, same shape and dtype as x.
    - cache: x.
    """
    return np.maximum(x, 0), x


def relu_backward(dout: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """ReLU backward pass: the gradient passes where x > 0 (at x == 0 it is 0, as in PyTorch).

    Inputs:
    - dout: Upstream gradient, same shape as x.
    - cache: x from ``relu_forward``.

    Returns:
    - dx: Gradient with respect to x, same shape as x.
    """
    x = cache
    _check_shape(dout, x.shape, "dout")
    return np.where(x > 0, dout, 0)


def softmax_loss(scores: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Softmax cross-entropy loss, averaged over N (as ``torch.nn.functional.cross_entropy``).

    Numerically stable: the largest score of each row is subtracted before ``exp``, which does
    not change the softmax but keeps ``exp`` from overflowing.

    Inputs:
    - scores: Class scores of shape (N, K); scores[i, k] is the score of class k for example i.
    - y: Labels of shape (N,), integers with 0 <= y[i] < K.

    Returns a tuple of:
    - loss: The mean loss, a Python float.
    - dscores: Gradient of the loss with respect to scores, shape (N, K), dtype of scores.
    """
    if scores.ndim != 2:
        raise ValueError(f"scores must have shape (N, K), got shape {scores.shape}")
    N, K = scores.shape
    y = np.asarray(y)
    _check_shape(y, (N,), f"y (for scores of shape {scores.shape})")
    if not np.issubdtype(y.dtype, np.integer) or (N and (y.min() < 0 or y.max() >= K)):
        raise ValueError(f"y must hold integer labels in [0, {K}) for scores of shape {(N, K)}")
    shifted = scores - scores.max(axis=1, keepdims=True)  # (N, K), every row's max is 0
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))  # (N, K)
    rows = np.arange(N)
    loss = -log_probs[rows, y].mean()
    dscores = np.exp(log_probs)  # softmax probabilities, (N, K)
    dscores[rows, y] -= 1
    dscores /= N
    return float(loss), dscores


def conv_relu_pool_forward(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray,
    stride: int = 1,
    padding: int = 0,
    pool_kernel_size: int | tuple[int, int] = 2,
    pool_stride: int | tuple[int, int] | None = None,
) -> tuple[np.ndarray, tuple]:
    """Convolution, ReLU, then max pooling (a convenience "sandwich" layer).

    Inputs:
    - x, w, b, stride, padding: As for ``conv_forward``.
    - pool_kernel_size, pool_stride: As kernel_size and stride of ``max_pool_forward``.

    Returns a tuple of:
    - out: Output of the pooling layer, shape (N, F, H_pool, W_pool).
    - cache: ``(conv_cache, relu_cache, pool_cache)`` for ``conv_relu_pool_backward``.
    """
    a, conv_cache = conv_forward(x, w, b, stride=stride, padding=padding)
    r, relu_cache = relu_forward(a)
    out, pool_cache = max_pool_forward(r, kernel_size=pool_kernel_size, stride=pool_stride)
    return out, (conv_cache, relu_cache, pool_cache)


def conv_relu_pool_backward(
    dout: np.ndarray, cache: tuple
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward pass of ``conv_relu_pool_forward``.

    Inputs:
    - dout: Upstream gradient of shape (N, F, H_pool, W_pool).
    - cache: ``(conv_cache, relu_cache, pool_cache)``.

    Returns a tuple of:
    - dx: Gradient with respect to x, shape (N, C, H, W).
    - dw: Gradient with respect to w, shape (F, C, HH, WW).
    - db: Gradient with respect to b, shape (F,).
    """
    conv_cache, relu_cache, pool_cache = cache
    dr = max_pool_backward(dout, pool_cache)
    da = relu_backward(dr, relu_cache)
    return conv_backward(da, conv_cache)


def affine_relu_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, tuple]:
    """Affine layer followed by a ReLU (a convenience "sandwich" layer).

    Inputs:
    - x, w, b: As for ``affine_forward``.

    Returns a tuple of:
    - out: Output of the ReLU, shape (N, M).
    - cache: ``(affine_cache, relu_cache)`` for ``affine_relu_backward``.
    """
    a, fc_cache = affine_forward(x, w, b)
    out, relu_cache = relu_forward(a)
    return out, (fc_cache, relu_cache)


def affine_relu_backward(
    dout: np.ndarray, cache: tuple
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Backward pass of ``affine_relu_forward``.

    Inputs:
    - dout: Upstream gradient of shape (N, M).
    - cache: ``(affine_cache, relu_cache)``.

    Returns a tuple of:
    - dx: Gradient with respect to x, shape (N, d_1, ..., d_k).
    - dw: Gradient with respect to w, shape (D, M).
    - db: Gradient with respect to b, shape (M,).
    """
    fc_cache, relu_cache = cache
    da = relu_backward(dout, relu_cache)
    return affine_backward(da, fc_cache)
