"""Pictures of a network: filters, feature maps, training curves, convolution geometry (matplotlib).

Every function returns the matplotlib Figure it drew on and never calls ``plt.show()``. Without an
``ax`` (or ``fig``) argument it makes a new pyplot figure, which Jupyter shows at the end of the
cell: end the line with ``;`` (or assign the figure) so that it is not shown twice. With ``ax``
it draws into that Axes (part of your own figure) and returns ``ax.figure``.

Example::

    from cnnlab import viz
    viz.filter_grid(model.params["W1"], title="first-layer filters");
    viz.training_curves(solver);
    viz.draw_conv_geometry(None, kernel_size=3, stride=2, padding=1, dilation=2);
    viz.conv_explorer()  # sliders (needs ipywidgets): the figure redraws as they move
"""

import math
from collections.abc import Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from cnnlab import layers

__all__ = [
    "conv_explorer",
    "draw_conv_geometry",
    "feature_maps",
    "filter_grid",
    "im2col_memory_chart",
    "image_grid",
    "training_curves",
]

NORMALIZE = ("each", "all")
PAD_VALUE = 1.0  # padding between tiles and empty tiles are white (tiles are scaled to [0, 1])


def image_grid(images: np.ndarray, *, padding: int = 1, normalize: str = "each") -> np.ndarray:
    """Tile K images into one image of ceil(sqrt(K)) columns, scaled to [0, 1].

    Inputs:
    - images: shape (K, H, W) (grey) or (K, H, W, 3) (RGB).
    - padding: pixels between neighbouring tiles (none around the border), >= 0.
    - normalize: "each" scales every image to [0, 1] by its own minimum and maximum; "all" uses
      one minimum and maximum for all images (so their contrasts compare). A constant image
      becomes 0.5.

    Returns:
        grid: float64 array of shape (rows * H + (rows - 1) * padding,
        cols * W + (cols - 1) * padding) (+ (3,) for RGB), with cols = ceil(sqrt(K)),
        rows = ceil(K / cols); padding and empty tiles are 1.0 (white).

    Raises:
        ValueError: images of another shape, K == 0, padding < 0, or an unknown normalize.
    """
    images = np.asarray(images, dtype=np.float64)
    if images.ndim not in (3, 4) or (images.ndim == 4 and images.shape[-1] != 3):
        raise ValueError(f"images must have shape (K, H, W) or (K, H, W, 3), got {images.shape}")
    if images.shape[0] == 0:
        raise ValueError(f"no images to show (shape {images.shape})")
    if padding < 0:
        raise ValueError(f"padding must be >= 0, got {padding}")
    if normalize not in NORMALIZE:
        raise ValueError(f"normalize must be one of {NORMALIZE}, got {normalize!r}")

    K, H, W = images.shape[:3]
    axes = tuple(range(1, images.ndim)) if normalize == "each" else None
    low = images.min(axis=axes, keepdims=normalize == "each")
    span = images.max(axis=axes, keepdims=normalize == "each") - low
    scaled = np.where(span > 0, (images - low) / np.where(span > 0, span, 1.0), 0.5)

    cols = math.ceil(math.sqrt(K))
    rows = math.ceil(K / cols)
    grid_shape = (rows * H + (rows - 1) * padding, cols * W + (cols - 1) * padding)
    grid = np.full(grid_shape + images.shape[3:], PAD_VALUE)
    for k in range(K):
        r, c = divmod(k, cols)
        top, left = r * (H + padding), c * (W + padding)
        grid[top : top + H, left : left + W] = scaled[k]
    return grid


def _axes(ax: Axes | None, figsize: tuple[float, float]) -> tuple[Figure, Axes]:
    """The given Axes and its figure, or a new pyplot figure with one Axes."""
    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=figsize)
    return fig, ax


def _show_grid(grid: np.ndarray, ax: Axes, title: str | None) -> None:
    """Draw a grid image without ticks, pixels as squares (no smoothing)."""
    ax.imshow(
        grid, cmap="gray" if grid.ndim == 2 else None, vmin=0.0, vmax=1.0, interpolation="nearest"
    )
    ax.set_axis_off()
    if title is not None:
        ax.set_title(title)


def filter_grid(
    w: np.ndarray,
    *,
    padding: int = 1,
    normalize: str = "each",
    title: str | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Show convolution filters as small images in one grid (e.g. a trained net's first layer).

    Filters with 3 input channels are shown in colour (RGB), with 1 channel in grey; for any
    other C only channel 0 of every filter is shown (in grey).

    Inputs:
    - w: filters, shape (F, C, HH, WW).
    - padding: pixels between neighbouring filters.
    - normalize: "each" (default) scales every filter to [0, 1] on its own; "all" uses one scale
      for all filters (see :func:`image_grid`).
    - title: axes title (default: none).
    - ax: the matplotlib Axes to draw into (default: a new figure).

    Returns:
        The Figure. Its Axes holds one image of shape
        (rows * HH + (rows - 1) * padding, cols * WW + (cols - 1) * padding[, 3]) with
        cols = ceil(sqrt(F)) and rows = ceil(F / cols).

    Raises:
        ValueError: if w is not 4-dimensional (its shape named), or bad padding / normalize.
    """
    w = np.asarray(w)
    if w.ndim != 4:
        raise ValueError(f"filter_grid needs filters of shape (F, C, HH, WW), got {w.shape}")
    F, C, HH, WW = w.shape
    if C == 3:
        images = w.transpose(0, 2, 3, 1)  # (F, HH, WW, 3): channels last for imshow
    else:
        images = w[:, 0]  # (F, HH, WW): the only channel, or the first of many
    grid = image_grid(images, padding=padding, normalize=normalize)
    cols = math.ceil(math.sqrt(F))
    fig, ax = _axes(ax, (min(1.0 + 0.6 * cols, 10.0), min(1.0 + 0.6 * cols, 10.0)))
    _show_grid(grid, ax, title)
    return fig


def feature_maps(
    maps: np.ndarray, *, max_maps: int = 32, title: str | None = None, ax: Axes | None = None
) -> Figure:
    """Show the activation maps of one image (e.g. after the first conv-relu) in one grey grid.

    Inputs:
    - maps: activations of one image, shape (C, H, W) (take ``out[n]`` of a layer's output
      (N, C, H, W)).
    - max_maps: show at most the first max_maps channels.
    - title: axes title (default: none).
    - ax: the matplotlib Axes to draw into (default: a new figure).

    Returns:
        The Figure. Its Axes holds one grey image: the first K = min(C, max_maps) maps, each
        scaled to [0, 1] on its own, in ceil(sqrt(K)) columns with 1 pixel between maps
        (shape as in :func:`image_grid`).

    Raises:
        ValueError: if maps is not 3-dimensional (its shape named) or max_maps < 1.
    """
    maps = np.asarray(maps)
    if maps.ndim != 3:
        hint = " (for a batch (N, C, H, W) pass one image: maps[n])" if maps.ndim == 4 else ""
        raise ValueError(f"feature_maps needs maps of shape (C, H, W), got {maps.shape}{hint}")
    if max_maps < 1:
        raise ValueError(f"max_maps must be >= 1, got {max_maps}")
    grid = image_grid(maps[:max_maps], padding=1, normalize="each")
    cols = math.ceil(math.sqrt(min(maps.shape[0], max_maps)))
    fig, ax = _axes(ax, (min(1.0 + 1.2 * cols, 10.0), min(1.0 + 1.2 * cols, 10.0)))
    _show_grid(grid, ax, title)
    return fig


def _history(source: Any) -> tuple[list[float], list[float], list[float]]:
    """loss_history, train_acc_history, val_acc_history of a Solver or of a dict."""
    keys = ("loss_history", "train_acc_history", "val_acc_history")
    if isinstance(source, Mapping):
        missing = [key for key in keys if key not in source]
        if missing:
            raise ValueError(f"history is missing {missing}; it needs the keys {list(keys)}")
        return tuple(list(source[key]) for key in keys)
    if all(hasattr(source, key) for key in keys):
        return tuple(list(getattr(source, key)) for key in keys)
    raise ValueError(
        f"training_curves needs a Solver or a dict with the keys {list(keys)}, got "
        f"{type(source).__name__}"
    )


def _smooth(values: np.ndarray, window: int) -> np.ndarray:
    """Running mean over ``window`` consecutive values: shape (len(values) - window + 1,)."""
    return np.convolve(values, np.ones(window) / window, mode="valid")


def training_curves(source: Any, *, title: str | None = None, fig: Figure | None = None) -> Figure:
    """Plot the minibatch loss per iteration and the accuracies per epoch, side by side.

    Left: the loss of every iteration (faint dots) and its running mean over
    ``max(1, len(loss_history) // 20)`` iterations (a line, drawn when there are at least 20
    iterations). Right: the training and validation accuracy, epoch 0 being before training.

    Inputs:
    - source: a :class:`cnnlab.solver.Solver` after ``train()``, or a dict with the lists
      ``loss_history``, ``train_acc_history`` and ``val_acc_history``.
    - title: figure title (default: none).
    - fig: an empty matplotlib Figure to draw into (default: a new one, 10 x 3.5 inches).

    Returns:
        The Figure with two Axes: loss (x: iteration), accuracy (x: epoch).

    Raises:
        ValueError: if source has no such histories, or the two accuracy lists differ in length.
    """
    loss, train_acc, val_acc = _history(source)
    if len(train_acc) != len(val_acc):
        raise ValueError(
            f"train_acc_history and val_acc_history must have the same length, got "
            f"{len(train_acc)} and {len(val_acc)}"
        )
    if fig is None:
        fig = plt.figure(figsize=(10, 3.5))
    ax_loss, ax_acc = fig.subplots(1, 2)

    iterations = np.arange(1, len(loss) + 1)
    ax_loss.plot(iterations, loss, ".", markersize=2, alpha=0.3, label="minibatch")
    window = max(1, len(loss) // 20)
    if len(loss) >= 20:
        ax_loss.plot(
            iterations[window - 1 :], _smooth(np.asarray(loss), window), label=f"mean of {window}"
        )
        ax_loss.legend()
    ax_loss.set_xlabel("iteration")
    ax_loss.set_ylabel("loss")
    ax_loss.set_title("training loss")

    epochs = np.arange(len(train_acc))
    ax_acc.plot(epochs, train_acc, "o-", label="train")
    ax_acc.plot(epochs, val_acc, "o-", label="val")
    ax_acc.set_xlabel("epoch")
    ax_acc.set_ylabel("accuracy")
    ax_acc.set_title("accuracy")
    ax_acc.legend()
    if title is not None:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------------
# Convolution geometry: the sliding window, padding, dilation and the output size.

PHOTO_COLUMNS = 32  # the default photograph is shrunk to about 37 x 32 pixels (600 x 512 / 16)
PADDING_RGB = (0.55, 0.7, 0.95)  # padding pixels (zeros) are drawn light blue, not black
EXPLORER_MAX = {"kernel_size": 11, "stride": 6, "padding": 6, "dilation": 6}
MB = 10**6  # bytes in a megabyte, as in the notebooks


def _photo() -> np.ndarray:
    """The grey photograph of :func:`cnnlab.data.sample_image`, shrunk by averaging blocks.

    Returns:
        float64 array of shape (600 // f, 512 // f) with f = 512 // PHOTO_COLUMNS (37 x 32).
    """
    from cnnlab.data import sample_image  # here so that `import cnnlab.viz` stays light

    image = sample_image(grayscale=True)  # (H, W) = (600, 512)
    f = image.shape[1] // PHOTO_COLUMNS
    H, W = image.shape[0] // f, image.shape[1] // f
    blocks = image[: H * f, : W * f].reshape(H, f, W, f)  # (H, f, W, f): one f x f block each
    return blocks.mean(axis=(1, 3))  # (H, W)


def _span(kernel_size: int, dilation: int) -> int:
    """Pixels covered by kernel_size taps placed dilation pixels apart: d * (k - 1) + 1."""
    return dilation * (kernel_size - 1) + 1


def _output_shape(height: int, width: int, span: int, stride: int) -> tuple[int, int] | None:
    """(H_out, W_out) of a span x span window moved by stride over height x width pixels.

    The count comes from :func:`cnnlab.layers.windows` (the course's one place for
    H_out = (H - HH) // stride + 1), run on a broadcast array that takes no memory. A dilated
    kernel spans ``span = _span(kernel_size, dilation)`` pixels, so its output size is that of a
    span x span window; ``height`` and ``width`` are the padded sizes. None if nothing fits.
    """
    if span > height or span > width:
        return None
    empty = np.broadcast_to(np.zeros((), dtype=np.uint8), (1, 1, height, width))
    _, _, H_out, W_out, _, _ = layers.windows(empty, span, stride).shape
    return H_out, W_out


def _check_geometry(kernel_size: int, stride: int, padding: int, dilation: int) -> None:
    """Raise ValueError unless kernel_size, stride, dilation >= 1 and padding >= 0 (ints)."""
    values = {
        "kernel_size": kernel_size,
        "stride": stride,
        "padding": padding,
        "dilation": dilation,
    }
    for name, value in values.items():
        if not isinstance(value, int | np.integer) or value < (0 if name == "padding" else 1):
            bound = ">= 0" if name == "padding" else ">= 1"
            raise ValueError(f"{name} must be an int {bound}, got {value!r}")


def draw_conv_geometry(
    image: np.ndarray | None,
    kernel_size: int,
    stride: int = 1,
    padding: int = 0,
    dilation: int = 1,
    *,
    position: tuple[int, int] = (0, 0),
    fig: Figure | None = None,
) -> Figure:
    """Draw where one output pixel of a convolution looks: padding, window taps, receptive field.

    A kernel of kernel_size x kernel_size taps, ``dilation`` pixels apart, spans
    ``span = dilation * (kernel_size - 1) + 1`` pixels and moves by ``stride`` over the input
    padded by ``padding`` zeros on every side, so that (as for ``torch.nn.functional.conv2d``)::

        H_out = (H + 2 * padding - span) // stride + 1      (the same for W_out with W)

    Left: the padded input (padding in light blue; it holds zeros), the outline of the image, the
    window of output pixel ``position`` = (row, col): its kernel_size**2 taps (squares) and its
    receptive field, the span x span square they cover (a rectangle). Right: the output grid,
    each pixel the mean of its window's taps (a dilated box blur), with ``position`` outlined.
    The figure's title gives the sizes and H_out x W_out. If the span is larger than the padded
    input, nothing fits: the right side says so in words (and the title says "no output").

    Inputs:
    - image: one grey image, shape (H, W); None for the photograph of
      :func:`cnnlab.data.sample_image` shrunk to 37 x 32 pixels.
    - kernel_size, stride, padding, dilation: ints; kernel_size, stride, dilation >= 1,
      padding >= 0.
    - position: (row, col) of the output pixel whose window is drawn, 0 <= row < H_out and
      0 <= col < W_out (ignored when nothing fits).
    - fig: an empty matplotlib Figure to draw into (default: a new one, 10 x 4.8 inches).

    Returns:
        The Figure with two Axes: the padded input, shown in the coordinates of the image
        (pixel (r, c) of the image is centred at x = c, y = r; padding at negative and too large
        indices), and the output (H_out x W_out pixels). Artists have gids: "taps" (a scatter
        of the tap centres (x, y)), "receptive_field" (a Rectangle), "image_border",
        "position" (on the output) and "message" (only when nothing fits).

    Raises:
        ValueError: image not 2-D (its shape named), bad kernel_size / stride / padding /
        dilation, or a position outside the H_out x W_out output (both named).
    """
    _check_geometry(kernel_size, stride, padding, dilation)
    image = _photo() if image is None else np.asarray(image, dtype=np.float64)
    if image.ndim != 2:
        raise ValueError(f"draw_conv_geometry needs one grey image (H, W), got shape {image.shape}")
    H, W = image.shape
    span = _span(kernel_size, dilation)
    padded = np.pad(image, padding)  # (H + 2 * padding, W + 2 * padding)
    out_shape = _output_shape(H + 2 * padding, W + 2 * padding, span, stride)
    row, col = (int(v) for v in position)
    if out_shape is not None and not (0 <= row < out_shape[0] and 0 <= col < out_shape[1]):
        raise ValueError(
            f"position {tuple(position)} is outside the output of {out_shape[0]} x {out_shape[1]}"
            f" pixels (rows 0..{out_shape[0] - 1}, columns 0..{out_shape[1] - 1})"
        )

    if fig is None:
        fig = plt.figure(figsize=(10, 4.8))
    ax_in, ax_out = fig.subplots(1, 2)

    low, span_values = image.min(), np.ptp(image)
    grey = (padded - low) / span_values if span_values > 0 else np.full(padded.shape, 0.5)
    rgb = np.repeat(grey[..., None], 3, axis=2)  # (H_p, W_p, 3)
    inside = np.zeros(padded.shape, dtype=bool)
    inside[padding : padding + H, padding : padding + W] = True
    rgb[~inside] = PADDING_RGB
    extent = (-padding - 0.5, W + padding - 0.5, H + padding - 0.5, -padding - 0.5)
    ax_in.imshow(rgb, extent=extent, interpolation="nearest")
    border = Rectangle((-0.5, -0.5), W, H, fill=False, linestyle="--", edgecolor="black")
    border.set_gid("image_border")
    ax_in.add_patch(border)
    padded_by = f"padded by {padding} (blue: zeros)" if padding else "no padding"
    ax_in.set_title(f"input {H} x {W}, {padded_by}")

    fits = out_shape is not None
    top = row * stride - padding if fits else -padding  # image row of the window's first tap
    left = col * stride - padding if fits else -padding  # image column of the first tap
    field = Rectangle(
        (left - 0.5, top - 0.5),
        span,
        span,
        fill=False,
        linewidth=2,
        edgecolor="orange" if fits else "red",
    )
    field.set_gid("receptive_field")
    ax_in.add_patch(field)
    offsets = np.arange(kernel_size) * dilation  # tap offsets within the window
    tap_y, tap_x = np.meshgrid(top + offsets, left + offsets, indexing="ij")
    taps = ax_in.scatter(
        tap_x.ravel(), tap_y.ravel(), marker="s", s=max(4.0, 600.0 / max(H, W)), color="orange"
    )
    taps.set_gid("taps")
    ax_in.set_xlim(min(extent[0], left - 0.5) - 0.5, max(extent[1], left + span - 0.5) + 0.5)
    ax_in.set_ylim(max(extent[2], top + span - 0.5) + 0.5, min(extent[3], top - 0.5) - 0.5)

    sizes = (
        f"kernel {kernel_size} x {kernel_size}, dilation {dilation} (span {span}), "
        f"stride {stride}, padding {padding}"
    )
    if not fits:
        ax_out.set_axis_off()
        message = ax_out.text(
            0.5,
            0.5,
            f"Nothing fits: the kernel spans {span} x {span} pixels\n"
            f"but the padded input is only {H + 2 * padding} x {W + 2 * padding}.\n"
            "There is no output (PyTorch raises an error).",
            ha="center",
            va="center",
            transform=ax_out.transAxes,
            wrap=True,
        )
        message.set_gid("message")
        fig.suptitle(f"input {H} x {W}, {sizes} -> no output: the kernel does not fit")
        return fig

    H_out, W_out = out_shape
    view = layers.windows(padded[None, None], span, stride)  # (1, 1, H_out, W_out, span, span)
    output = view[0, 0, :, :, ::dilation, ::dilation].mean(axis=(2, 3))  # (H_out, W_out)
    ax_out.imshow(output, cmap="gray", interpolation="nearest")
    here = Rectangle((col - 0.5, row - 0.5), 1, 1, fill=False, linewidth=2, edgecolor="orange")
    here.set_gid("position")
    ax_out.add_patch(here)
    ax_out.set_title(f"output {H_out} x {W_out} (mean of the taps), pixel ({row}, {col})")
    fig.suptitle(f"input {H} x {W}, {sizes} -> output {H_out} x {W_out}")
    return fig


def conv_explorer(
    image: np.ndarray | None = None,
    *,
    kernel_size: int = 3,
    stride: int = 1,
    padding: int = 0,
    dilation: int = 1,
) -> Any:
    """Sliders for kernel size, stride, padding, dilation and the output pixel, over a picture.

    Every change redraws :func:`draw_conv_geometry`. The row and column sliders follow the output
    size (their maximum is H_out - 1 and W_out - 1). Show it by ending a notebook cell with it.

    Inputs:
    - image: one grey image, shape (H, W); None for the shrunk photograph (37 x 32 pixels).
    - kernel_size, stride, padding, dilation: the initial slider values (maxima 11, 6, 6, 6).

    Returns:
        An ``ipywidgets.interactive`` box: six IntSliders (``kernel_size``, ``stride``,
        ``padding``, ``dilation``, ``row``, ``col``, in ``.kwargs_widgets``) and the output.

    Raises:
        ImportError: ipywidgets is not installed (with the command that installs it).
        ValueError: a bad image or initial value (as in :func:`draw_conv_geometry`).
    """
    try:
        import ipywidgets
    except ImportError as err:
        raise ImportError(
            "conv_explorer needs ipywidgets: pip install ipywidgets (or draw a static figure with"
            " cnnlab.viz.draw_conv_geometry)"
        ) from err
    _check_geometry(kernel_size, stride, padding, dilation)
    values = {
        "kernel_size": kernel_size,
        "stride": stride,
        "padding": padding,
        "dilation": dilation,
    }
    for name, value in values.items():
        if value > EXPLORER_MAX[name]:
            raise ValueError(f"{name} must be <= {EXPLORER_MAX[name]} here, got {value}")
    image = _photo() if image is None else np.asarray(image, dtype=np.float64)
    if image.ndim != 2:
        raise ValueError(f"conv_explorer needs one grey image (H, W), got shape {image.shape}")
    H, W = image.shape

    def output_shape(k: int, s: int, p: int, d: int) -> tuple[int, int]:
        shape = _output_shape(H + 2 * p, W + 2 * p, _span(k, d), s)
        return (1, 1) if shape is None else shape  # nothing fits: one (unused) position

    initial = output_shape(kernel_size, stride, padding, dilation)
    style = {"description_width": "initial"}
    sliders = {
        name: ipywidgets.IntSlider(
            value=value,
            min=0 if name == "padding" else 1,
            max=EXPLORER_MAX[name],
            description=name,
            style=style,
            continuous_update=False,
        )
        for name, value in values.items()
    }
    row = ipywidgets.IntSlider(0, 0, initial[0] - 1, description="output row", style=style)
    col = ipywidgets.IntSlider(0, 0, initial[1] - 1, description="output col", style=style)
    row.continuous_update = col.continuous_update = False

    def follow_output_size(change: Any = None) -> None:
        H_out, W_out = output_shape(*(slider.value for slider in sliders.values()))
        row.max, col.max = H_out - 1, W_out - 1  # ipywidgets lowers a value above the max

    for slider in sliders.values():  # registered before interactive's own observers: runs first
        slider.observe(follow_output_size, names="value")

    figures: list[Figure] = []

    def draw(
        kernel_size: int, stride: int, padding: int, dilation: int, row: int, col: int
    ) -> None:
        if figures:
            plt.close(figures.pop())  # the inline backend has shown it already
        H_out, W_out = output_shape(kernel_size, stride, padding, dilation)
        position = (min(row, H_out - 1), min(col, W_out - 1))
        figures.append(
            draw_conv_geometry(image, kernel_size, stride, padding, dilation, position=position)
        )

    return ipywidgets.interactive(draw, **sliders, row=row, col=col)


def im2col_memory_chart(
    shapes: Any,
    kernel_size: int = 3,
    stride: int = 1,
    padding: int = 1,
    dtype: Any = np.float32,
    *,
    ax: Axes | None = None,
) -> Figure:
    """Bar chart of the memory of a conv layer's input and of its im2col column matrix.

    For an input (N, C, H, W) and a square kernel_size x kernel_size kernel the column matrix
    has shape (N, C * HH * WW, H_out * W_out), with H_out = (H + 2 * padding - HH) // stride + 1
    (W_out likewise), so::

        input bytes  = N * C * H * W * itemsize
        column bytes = N * C * HH * WW * H_out * W_out * itemsize

    Inputs:
    - shapes: a list of input shapes (N, C, H, W), one pair of bars each.
    - kernel_size, stride, padding: the layer's (ints; kernel_size, stride >= 1, padding >= 0).
    - dtype: the NumPy dtype of input and columns (its itemsize counts), default float32.
    - ax: the matplotlib Axes to draw into (default: a new figure).

    Returns:
        The Figure. Its Axes holds two bar containers, ``ax.containers[0]`` the inputs and
        ``ax.containers[1]`` the column matrices, bar heights in MB (10**6 bytes), one bar per
        shape in the given order; bar labels give the MB and, on the columns, the ratio
        column bytes / input bytes.

    Raises:
        ValueError: no shapes, a shape that is not (N, C, H, W) of positive ints, bad
        kernel_size / stride / padding, or a kernel that does not fit (the shape named).
    """
    _check_geometry(kernel_size, stride, padding, 1)
    shapes = [tuple(int(n) for n in shape) for shape in shapes]
    if not shapes:
        raise ValueError("im2col_memory_chart needs at least one shape (N, C, H, W)")
    itemsize = np.dtype(dtype).itemsize
    input_bytes, column_bytes = [], []
    for shape in shapes:
        if len(shape) != 4 or min(shape) < 1:
            raise ValueError(f"shapes must be (N, C, H, W) of positive ints, got {shape}")
        N, C, H, W = shape
        out_shape = _output_shape(H + 2 * padding, W + 2 * padding, kernel_size, stride)
        if out_shape is None:
            raise ValueError(
                f"a {kernel_size} x {kernel_size} kernel does not fit in {shape} padded by"
                f" {padding}: {(H + 2 * padding, W + 2 * padding)}"
            )
        H_out, W_out = out_shape
        input_bytes.append(N * C * H * W * itemsize)
        column_bytes.append(N * C * kernel_size * kernel_size * H_out * W_out * itemsize)

    fig, ax = _axes(ax, (max(5.0, 1.6 * len(shapes) + 2.0), 4.0))
    x = np.arange(len(shapes))
    width = 0.38
    input_mb = np.array(input_bytes) / MB
    column_mb = np.array(column_bytes) / MB
    bars_in = ax.bar(x - width / 2, input_mb, width, label="input x")
    bars_col = ax.bar(x + width / 2, column_mb, width, label="im2col columns")
    ax.bar_label(bars_in, labels=[f"{mb:.3g} MB" for mb in input_mb], fontsize=8)
    ratios = [c / i for c, i in zip(column_bytes, input_bytes, strict=True)]
    ax.bar_label(
        bars_col,
        labels=[f"{mb:.3g} MB\n{r:.1f}x input" for mb, r in zip(column_mb, ratios, strict=True)],
        fontsize=8,
    )
    ax.set_xticks(x, [" x ".join(str(n) for n in shape) for shape in shapes])
    ax.set_xlabel("input shape N x C x H x W")
    ax.set_ylabel("MB (10**6 bytes)")
    ax.set_ylim(0, max(column_mb.max(), input_mb.max()) * 1.45)
    ax.set_title(
        f"im2col memory, {kernel_size}x{kernel_size} kernel, stride {stride}, padding {padding},"
        f" {np.dtype(dtype).name}"
    )
    ax.legend(loc="upper left", ncols=2)
    return fig
