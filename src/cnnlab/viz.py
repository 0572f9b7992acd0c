"""Pictures of a network: first-layer filters, feature maps, training curves (matplotlib).

Every function returns the matplotlib Figure it drew on and never calls ``plt.show()``. Without an
``ax`` (or ``fig``) argument it makes a new pyplot figure, which Jupyter shows at the end of the
cell: end the line with ``;`` (or assign the figure) so that it is not shown twice. With ``ax``
it draws into that Axes (part of your own figure) and returns ``ax.figure``.

Example::

    from cnnlab import viz
    viz.filter_grid(model.params["W1"], title="first-layer filters");
    viz.training_curves(solver);
"""

import math
from collections.abc import Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = ["feature_maps", "filter_grid", "image_grid", "training_curves"]

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
