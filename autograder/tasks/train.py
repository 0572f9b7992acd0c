"""The train notebook's hidden tests: PyTorch float64 references, mistakes and randomised cases.

References (NumPy in, NumPy out, like the visible cases; ``random_crop`` and ``hflip`` also take
and return tensors, because they stand in for the student's parts while ``augment`` is tested):

- ``random_crop``: every image zero-padded with ``F.pad`` and sliced with its own offsets.
- ``hflip``: ``torch.flip`` of the images whose flag is set, one image at a time.
- ``augment``: the shape of the batch (the harness of cnnlab.checks.train reads the draws back
  from the output and checks them; what is compared is that the shape is kept).
- ``VGGNet``: the network written with ``torch.nn.functional`` in float64 (conv2d, batch_norm
  with running statistics, relu, max_pool2d, amax, linear): the scores in train mode, then in
  eval mode with the running statistics that the train-mode call left.

The accuracy cells of the notebook are not cases: :mod:`autograder.accuracy` grades them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812

from autograder import accuracy, sourcecheck
from autograder.tasks import case, random_array
from autograder.torchref import numpy, tensor
from cnnlab.checks import Case
from cnnlab.checks import train as visible

NOTEBOOK = "train"
NUMPY_ONLY = False
SUBMITTED_FILES = (accuracy.CHECKPOINT,)
"""The checkpoint beside the notebook: its accuracy cells measure it."""

Mistakes = list[tuple[str, Any]]


# --- random_crop ----------------------------------------------------------------------------------


def _crop(
    x: Any, offsets: Any, padding: int, *, mode: str = "constant", pads: Sequence[int] = ()
) -> Any:
    """Crop every image of x at its own offsets out of its padded copy (float64 or tensor)."""
    is_tensor = isinstance(x, torch.Tensor)
    t = x.detach().to("cpu", torch.float64) if is_tensor else tensor(x)
    o = torch.as_tensor(
        np.array(offsets.cpu().numpy() if is_tensor else offsets), dtype=torch.int64
    )
    if t.ndim != 4:
        raise ValueError(f"x must have shape (N, C, H, W), got {tuple(t.shape)}")
    N, C, H, W = t.shape
    if padding < 0:
        raise ValueError(f"padding must be >= 0, got {padding}")
    if tuple(o.shape) != (N, 2):
        raise ValueError(f"offsets must have shape ({N}, 2), got {tuple(o.shape)}")
    if o.numel() and (o.min() < 0 or o.max() > 2 * padding):
        raise ValueError(f"offsets must be in 0..{2 * padding}")
    pads = tuple(pads) or (padding,) * 4  # (left, right, top, bottom)
    images = []
    for n in range(N):
        padded = F.pad(t[n : n + 1], pads, mode=mode) if padding else t[n : n + 1]
        dy, dx = int(o[n, 0]), int(o[n, 1])
        images.append(padded[0, :, dy : dy + H, dx : dx + W])  # (C, H, W)
    out = torch.stack(images) if N else t.clone()  # (N, C, H, W)
    if is_tensor:
        return out.to(device=x.device, dtype=x.dtype)
    return numpy(out)


def random_crop(x: Any, offsets: Any, padding: int) -> Any:
    """Reference: zero padding, then the H x W window at (dy, dx) of each image."""
    return _crop(x, offsets, padding)


def random_crop_mistakes(x: np.ndarray, offsets: np.ndarray, padding: int) -> Mistakes:
    """Swapped offsets, replicated or reflected border, one-sided padding, first offsets."""
    offsets = np.asarray(offsets)
    mistakes = [(visible.CROP_SWAPPED, _crop(x, offsets[:, ::-1], padding))]
    for mode in ("replicate", "reflect"):
        try:
            mistakes.append((visible.CROP_NOT_ZEROS, _crop(x, offsets, padding, mode=mode)))
        except (RuntimeError, NotImplementedError):  # reflect needs padding < the size
            pass
    one_side = (0, 2 * padding, 0, 2 * padding)
    mistakes.append((visible.CROP_ONE_SIDE, _crop(x, offsets, padding, pads=one_side)))
    first = np.repeat(offsets[:1], len(offsets), axis=0)
    mistakes.append((visible.CROP_FIRST_OFFSETS, _crop(x, first, padding)))
    return mistakes


# --- hflip ----------------------------------------------------------------------------------------


def _flip(x: Any, flip: Any, dims: tuple[int, ...] = (3,), invert: bool = False) -> Any:
    """Flip (along ``dims``) the images whose flag is set (or not set, with ``invert``)."""
    is_tensor = isinstance(x, torch.Tensor)
    t = x.detach().to("cpu", torch.float64) if is_tensor else tensor(x)
    mask = np.asarray(flip.cpu().numpy() if is_tensor else flip)
    if t.ndim != 4:
        raise ValueError(f"x must have shape (N, C, H, W), got {tuple(t.shape)}")
    if mask.shape != (t.shape[0],) or mask.dtype != np.bool_:
        raise ValueError(f"flip must be a bool array of shape ({t.shape[0]},), got {mask.dtype}")
    images = [torch.flip(t[n], [d - 1 for d in dims]) if bool(m) != invert else t[n]
              for n, m in enumerate(mask)]  # fmt: skip
    out = torch.stack(images) if images else t.clone()  # (N, C, H, W)
    if is_tensor:
        return out.to(device=x.device, dtype=x.dtype)
    return numpy(out)


def hflip(x: Any, flip: Any) -> Any:
    """Reference: the images with flip[n] True mirrored along the columns (axis 3)."""
    return _flip(x, flip)


def hflip_mistakes(x: np.ndarray, flip: np.ndarray) -> Mistakes:
    """Vertical, both axes, channels, inverted mask, every image."""
    everything = np.ones_like(np.asarray(flip))
    mistakes = [
        (visible.FLIP_VERTICAL, _flip(x, flip, dims=(2,))),
        (visible.FLIP_BOTH, _flip(x, flip, dims=(2, 3))),
        (visible.FLIP_INVERTED, _flip(x, flip, invert=True)),
        (visible.FLIP_ALL, _flip(x, everything)),
    ]
    if np.shape(x)[1] > 1:  # one channel reversed is the channel itself
        mistakes.append((visible.FLIP_CHANNELS, _flip(x, flip, dims=(1,))))
    return mistakes


# --- augment --------------------------------------------------------------------------------------


def augment(x: np.ndarray, seed: int, padding: int) -> np.ndarray:
    """Reference of one augment case: the output keeps the shape of x.

    The harness checks the draws it reads back from the output (cnnlab.checks.train.read_draws).
    """
    return np.array(np.shape(x), dtype=np.float64)


# --- VGGNet ---------------------------------------------------------------------------------------


def _vgg(
    x: np.ndarray,
    params: Sequence[np.ndarray],
    widths: Sequence[int] = visible.DEFAULT_WIDTHS,
    num_classes: int = 10,
    *,
    relu_first: bool = False,
    pool: str = "max",
    head: str = "max",
    padding: int = 1,
    second_relu: bool = True,
    eval_batch_stats: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """(train-mode scores, eval-mode scores) of the network in float64, functional PyTorch.

    Batch norm: eps 1e-5, momentum 0.1, running statistics starting at mean 0 and variance 1 and
    updated by the train-mode call (with the unbiased variance). The keyword arguments describe
    well-known mistakes (ReLU before batch norm, average pooling, an average head, no padding,
    the second ReLU missing, batch statistics in eval mode).
    """
    p = [tensor(a) for a in params]
    expected = visible.vgg_shapes(tuple(widths), num_classes)
    if [tuple(a.shape) for a in p] != expected:
        raise ValueError(f"params must have the shapes {expected}")
    running = [
        (torch.zeros(w, dtype=torch.float64), torch.ones(w, dtype=torch.float64))
        for w in widths for _ in range(2)
    ]  # fmt: skip

    def forward(h: torch.Tensor, training: bool) -> torch.Tensor:
        k = 0
        for _ in widths:
            for block in range(2):
                w, gamma, beta = p[3 * k], p[3 * k + 1], p[3 * k + 2]
                mean, var = running[k]
                h = F.conv2d(h, w, padding=padding)
                if relu_first:
                    h = F.relu(h)
                h = F.batch_norm(h, mean, var, gamma, beta, training or eval_batch_stats, 0.1, 1e-5)
                if not relu_first and (second_relu or block == 0):
                    h = F.relu(h)
                k += 1
            h = F.max_pool2d(h, 2) if pool == "max" else F.avg_pool2d(h, 2)
        h = torch.amax(h, dim=(2, 3)) if head == "max" else h.mean(dim=(2, 3))  # (N, wS)
        return F.linear(h, p[-2], p[-1])  # (N, num_classes)

    t = tensor(x)
    train_scores = forward(t, True)
    eval_scores = forward(t, False)
    return numpy(train_scores), numpy(eval_scores)


def VGGNet(  # noqa: N802 (named like the graded class)
    x: np.ndarray, params: Sequence[np.ndarray], **config: Any
) -> tuple[np.ndarray, np.ndarray]:
    """What a case of the class returns: (train-mode scores, eval-mode scores)."""
    return _vgg(x, params, **config)


def VGGNet_mistakes(  # noqa: N802
    x: np.ndarray, params: Sequence[np.ndarray], **config: Any
) -> Mistakes:
    """ReLU before BN, average pooling, average head, no padding, a missing ReLU, eval mode."""
    variants = [
        (visible.VGG_RELU_BEFORE_BN, {"relu_first": True}),
        (visible.VGG_AVG_POOL, {"pool": "avg"}),
        (visible.VGG_AVG_HEAD, {"head": "mean"}),
        (visible.VGG_PADDING, {"padding": 0}),
        (visible.VGG_RELU_MISSING, {"second_relu": False}),
        (visible.VGG_EVAL_MODE, {"eval_batch_stats": True}),
    ]
    mistakes = []
    for sentence, wrong in variants:
        try:
            mistakes.append((sentence, _vgg(x, params, **config, **wrong)))
        except RuntimeError:  # without padding the image may shrink to nothing
            pass
    return mistakes


REFERENCES: dict[str, Callable[..., Any]] = {
    "random_crop": random_crop,
    "hflip": hflip,
    "augment": augment,
    "VGGNet": VGGNet,
}
"""Reference implementation of every graded function (for the class: of one case), by name."""

MISTAKES: dict[str, Callable[..., Mistakes]] = {
    "random_crop": random_crop_mistakes,
    "hflip": hflip_mistakes,
    "VGGNet": VGGNet_mistakes,
}
"""``name -> function(*args, **kwargs) -> [(likely cause, wrong result), ...]``."""

SUBSTITUTES: dict[str, tuple[str, ...]] = {"augment": ("random_crop", "hflip")}
"""augment is tested with the reference crop and flip in place of the student's."""


def _own_code(name: str, ignore: tuple[str, ...] = ()) -> Callable[..., None]:
    """A hidden check that ``name`` does not use the autograder (e.g. return its references).

    ``ignore``: the names the hidden test itself replaces by references (SUBSTITUTES).
    """

    def extra(fn: Any) -> None:
        sourcecheck.check_names(name, fn, (), visible.RULE_OWN_CODE, ignore=ignore)

    return extra


EXTRA_CHECKS: dict[str, Callable[..., None]] = {
    "random_crop": _own_code("random_crop"),
    "hflip": _own_code("hflip"),
    "augment": _own_code("augment", ignore=SUBSTITUTES["augment"]),
    "VGGNet": _own_code("VGGNet"),
}
"""Hidden-only: no graded part may call the grader's references (its source is checked)."""


# --- hidden tests: randomised cases ---------------------------------------------------------------


def _image(rng: np.random.Generator, shape: tuple[int, ...], f32: bool) -> np.ndarray:
    """Random images with small integer values (some zero), float32 or float64."""
    values = rng.integers(-9, 10, size=shape).astype(np.float64)
    return values.astype(np.float32 if f32 else np.float64)


def _crop_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(14):
        f32 = k % 2 == 1
        N = 3 if k == 0 else int(rng.integers(1, 5))
        C = int(rng.integers(1, 4))
        while True:  # rectangular images first (taller than wide first): a window of W x W shows
            H, W = (int(v) for v in rng.integers(2, 8, size=2))
            if (H > W if k == 0 else H != W) or k > 3:
                break
        padding = int(rng.integers(1, 4)) if k < 6 else int(rng.integers(0, 4))
        offsets = rng.integers(0, 2 * padding + 1, size=(N, 2))
        if k == 0:
            offsets = np.array([[0, 2 * padding], [2 * padding, 1], [1, 0]])
        cases.append(case("random_crop", _image(rng, (N, C, H, W), f32), offsets, padding))
    x = _image(rng, (2, 2, 3, 4), False)
    for offsets, padding, note in [
        (np.array([[0, 3], [1, 1]]), 1, "an offset above 2 * padding"),
        (np.array([[-1, 0], [1, 1]]), 1, "a negative offset"),
        (np.array([[1, 1]]), 1, "offsets of one image for a batch of two"),
        (np.array([[0, 0], [0, 0]]), -1, "negative padding"),
    ]:
        cases.append(case("random_crop", x, offsets, padding, note=note))
    return cases


def _flip_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(12):
        f32 = k % 2 == 1
        N, C = int(rng.integers(2, 6)), int(rng.integers(2, 4))
        H, W = (int(v) for v in rng.integers(2, 7, size=2))
        flip = rng.random(N) < 0.5
        flip[0], flip[1] = True, False  # both kinds in every batch
        cases.append(case("hflip", _image(rng, (N, C, H, W), f32), flip))
    x = _image(rng, (1, 3, 2, 5), False)
    cases.append(case("hflip", x, np.array([True]), note="one image"))
    cases.append(case("hflip", x, np.array([True, False]), note="two flags for one image"))
    return cases


def _augment_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k, padding in enumerate((1, 2, 3, 2, 4)):
        f32 = k % 2 == 1
        N = int(rng.integers(300, 420))
        C = int(rng.integers(1, 4))
        H, W = (int(v) for v in rng.integers(padding + 2, padding + 6, size=2))
        x = visible._coded((N, C, H, W)).astype(np.float32 if f32 else np.float64)
        seed = int(rng.integers(0, 2**31))
        cases.append(case("augment", x, seed, padding, note=visible.AUGMENT_NOTE))
    return cases


def _vgg_params(rng: np.random.Generator, widths: Sequence[int], num_classes: int) -> Any:
    """Random weights of the shapes of VGGNet(widths, num_classes), in parameter order."""
    params = []
    for shape in visible.vgg_shapes(tuple(widths), num_classes):
        if len(shape) == 4:  # conv weight: outputs of about unit variance
            params.append(rng.standard_normal(shape) * np.sqrt(2 / np.prod(shape[1:])))
        elif len(shape) == 2:  # linear weight
            params.append(rng.standard_normal(shape) / np.sqrt(shape[1]))
        else:  # batch norm gamma, beta; linear bias
            params.append(rng.standard_normal(shape) * 0.3 + (1.0 if len(params) % 3 == 1 else 0))
    return visible.Weights(params)


def _vgg_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    geometry = [((3, 4), 16, 20), ((2,), 9, 7), ((4, 3, 5), 8, 12), ((2, 5), 11, 8),
                ((3,), 6, 10), ((5, 2), 16, 16)]  # fmt: skip
    for k, (widths, H, W) in enumerate(geometry):
        f32 = k % 2 == 1
        N, num_classes = int(rng.integers(2, 5)), int(rng.integers(2, 6))
        x = random_array(rng, (N, 3, H, W), f32)
        params = _vgg_params(rng, widths, num_classes)
        config = {"widths": widths, "num_classes": num_classes}
        cases.append(case("VGGNet", x, params, note=visible.VGG_NOTE, **config))
    return cases


GENERATORS: dict[str, Callable[[np.random.Generator], list[tuple[str, Case]]]] = {
    "random_crop": _crop_cases,
    "hflip": _flip_cases,
    "augment": _augment_cases,
    "VGGNet": _vgg_cases,
}
"""Randomised hidden cases of every grade id (the same on every run)."""
