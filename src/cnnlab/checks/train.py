"""Visible checks for the train notebook: augmentation with tensor ops and a VGG-style network.

Each graded cell has one check here, named like its grade id, for example::

    checks.random_crop(random_crop)
    checks.VGGNet(VGGNet)

How the cases call your code (the cases hold NumPy arrays; the check turns them into tensors):

- ``random_crop(x, offsets, padding)`` and ``hflip(x, flip)``: on small integer images that you
  can crop and flip on paper; the result must be a tensor of x's shape, dtype and device, and x
  must not change.
- ``augment(x, generator, padding)``: on a batch of a few hundred images whose pixels are all
  different numbers, so the check can read from every output image which crop offsets and flip
  it got. It asks that every image is a valid crop and flip of its own input, that the offsets
  cover 0..2 * padding, that about half of the images are flipped, that each image gets its own
  draws, and that the same seed of ``generator`` gives the same batch (all random numbers must
  come from ``generator``).
- ``VGGNet``: a case builds ``model = VGGNet(**kwargs)``, checks the shapes of
  ``model.parameters()`` in order, puts the case's weights into them (float64), and compares
  the scores of ``model(x)`` in train mode, then in eval mode (batch norm then uses the running
  statistics that the train-mode call updated), with PyTorch's. One more check builds
  ``VGGNet()`` with the default arguments (budget, output shape, float32, channels_last).

Symbols: N, C, H, W (input); p = padding; S stages of widths w1..wS; layout NCHW.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from cnnlab.checks.report import RAISES, Case, CheckFailure, public
from cnnlab.checks.report import Cache as BaseCache
from cnnlab.checks.report import literal as _a

# Likely causes. The same sentences name a mistake in the visible checks, in the hidden tests and in
# the mutant catalogue of the autograder.

# random_crop
CROP_SWAPPED = (
    "the offsets are swapped: offsets[n, 0] is dy, the row (axis 2) of the window's top-left"
    " corner in the padded image, and offsets[n, 1] is dx, its column (axis 3)"
)
CROP_NOT_ZEROS = (
    "the border is not filled with zeros: pad with zeros (F.pad's default mode='constant'),"
    " not by repeating or reflecting the edge pixels"
)
CROP_ONE_SIDE = (
    "the padding is on one side only: pad `padding` zeros on all four sides,"
    " F.pad(x, (padding, padding, padding, padding)) (left, right, top, bottom)"
)
CROP_FIRST_OFFSETS = (
    "every image is cropped at the offsets of the first image: image n uses its own offsets[n]"
)
CROP_WINDOW = (
    "the result must keep the shape of x, (N, C, H, W): the window has H rows (axis 2) and W"
    " columns (axis 3)"
)
CROP_TENSOR = "random_crop must return a torch.Tensor with the dtype and device of x"
# hflip
FLIP_VERTICAL = (
    "the images are flipped upside down (axis 2, the rows): a horizontal flip mirrors left and"
    " right, axis 3 (the columns)"
)
FLIP_BOTH = "the images are flipped along both axes (rotated by 180 degrees): flip axis 3 only"
FLIP_CHANNELS = "the colour channels are reversed (axis 1): flip axis 3, the columns, only"
FLIP_INVERTED = "the mask is inverted: flip the images whose flip[n] is True and keep the others"
FLIP_ALL = "every image is flipped: flip only the images whose flip[n] is True"
FLIP_TENSOR = "hflip must return a torch.Tensor with the dtype and device of x"
# augment
AUG_TENSOR = "augment must return a torch.Tensor of x's shape, with the dtype and device of x"
AUG_NOT_A_CROP = (
    "an output image is not a crop and flip of its own input image: apply random_crop(x,"
    " offsets, padding) and hflip to x, with the padding given to augment"
)
AUG_RANGE = (
    "the offsets never reach 2 * padding: draw each from 0..2 * padding inclusive,"
    " torch.randint(0, 2 * padding + 1, ...) (randint's upper bound is excluded)"
)
AUG_OUT_OF_RANGE = "the offsets must lie in 0..2 * padding"
AUG_SAME_OFFSETS = (
    "every image gets the same offsets: draw one (dy, dx) per image, a tensor of shape (N, 2)"
)
AUG_DY_DX = "dy always equals dx: draw the two offsets of an image independently"
AUG_NO_CROP = (
    "no image is shifted: every output is the image itself, so random_crop is never applied"
    " (or always with offsets (padding, padding))"
)
AUG_NO_FLIP = "no image is flipped: flip each image with probability 1/2 (hflip with a random mask)"
AUG_FLIP_RATE = (
    "the images are not flipped with probability 1/2: flip = torch.rand(N, generator=generator,"
    " device=x.device) < 0.5"
)
AUG_GENERATOR = (
    "the same seed of generator gives different batches: draw every random number with"
    " generator=generator (torch.randint(..., generator=generator), torch.rand(...,"
    " generator=generator)), never from the global random state"
)
# VGGNet
VGG_MODULE = "VGGNet(...) must be a torch.nn.Module: class VGGNet(nn.Module), super().__init__()"
VGG_CONV_BIAS = (
    "the convolutions have a bias: batch norm subtracts the mean right after them, which cancels"
    " any bias, so use nn.Conv2d(..., bias=False)"
)
VGG_BN_BEFORE_CONV = (
    "batch norm comes before the convolution: each block is conv, then batch norm of its"
    " out_channels outputs, then ReLU"
)
VGG_MISSING_BN = "batch norm is missing: every convolution is followed by nn.BatchNorm2d"
VGG_NOT_REGISTERED = (
    "the layers are kept in a Python list, so PyTorch does not see their parameters: wrap them"
    " in nn.Sequential (or nn.ModuleList) and assign that to an attribute of self"
)
VGG_HEAD = (
    "the linear layer must map the widths[-1] channels left after global max pooling to"
    " num_classes scores: nn.Linear(widths[-1], num_classes)"
)
VGG_ORDER = (
    "the parameters are not in the order of the layers: create the layers in __init__ in the"
    " order forward uses them (features first, the linear layer last)"
)
VGG_CONVS = "each stage has two conv - batch norm - ReLU blocks, then one 2x2 max pooling"
VGG_SHAPES = "model.parameters() must list, in order, the shapes of the architecture above"
VGG_RELU_BEFORE_BN = (
    "ReLU comes before batch norm: each block is conv, batch norm, then ReLU (batch norm"
    " normalises the convolution's output, and ReLU acts on the normalised values)"
)
VGG_AVG_POOL = "the stages pool with the average: each stage ends with nn.MaxPool2d(2)"
VGG_AVG_HEAD = (
    "the head averages over the positions: take the maximum over the remaining positions,"
    " torch.amax(x, dim=(2, 3)) (global max pooling)"
)
VGG_PADDING = "the convolutions shrink the image: 3x3 convolutions keep the size with padding=1"
VGG_RELU_MISSING = "a ReLU is missing: every batch norm is followed by a ReLU"
VGG_EVAL_MODE = (
    "eval mode gives the same scores as train mode: in eval mode batch norm must use its running"
    " statistics (use nn.BatchNorm2d, which switches with model.eval())"
)
VGG_BUDGET = "VGGNet() with the default arguments must stay within the budget"
VGG_DEFAULTS = "VGGNet() must default to widths=(64, 128, 256) and num_classes=10"
VGG_DTYPE = "VGGNet()(x) must return float32 scores of shape (N, 10) for float32 images"

# every graded part (the hidden tests' source check)
RULE_OWN_CODE = (
    "graded code may use PyTorch, but not the grader's own code (autograder): compute the result"
    " yourself"
)

DEFAULT_WIDTHS = (64, 128, 256)
MAX_STATE_SIZE = 5_000_000
"""The budget of cnnlab.train.MAX_STATE_SIZE (numbers in the state dict)."""


class Weights(BaseCache):
    """The weights of a VGGNet case, in the order of model.parameters(): a tuple of arrays."""

    __slots__ = ()

    def __repr__(self) -> str:
        """``params=(12 arrays: (3, 3, 3, 3), (3,), ...)``."""
        shapes = ", ".join(str(a.shape) for a in self[:4])
        more = ", ..." if len(self) > 4 else ""
        return f"params=({len(self)} arrays: {shapes}{more})"


def _wave(shape: tuple[int, ...], phase: float, scale: float = 1.0, shift: float = 0.0) -> Any:
    """Smooth literal values ``shift + scale * sin(phase + 0.7 k)``, k = 0, 1, ... (row-major)."""
    size = int(np.prod(shape))
    return shift + scale * np.sin(phase + 0.7 * np.arange(size)).reshape(shape)


def _coded(shape: tuple[int, ...]) -> Any:
    """A batch whose pixels are the numbers 1, 2, 3, ... (row-major): every value is unique."""
    return np.arange(1, int(np.prod(shape)) + 1, dtype=np.float64).reshape(shape)


def vgg_shapes(
    widths: tuple[int, ...],
    num_classes: int,
    *,
    conv_bias: bool = False,
    bn: str = "after",
    convs: int = 2,
    head_first: bool = False,
) -> list[tuple[int, ...]]:
    """The shapes of ``model.parameters()`` of VGGNet(widths, num_classes), in order.

    The keyword arguments describe well-known mistakes: a conv bias, batch norm "before" the
    convolution or "none", another number of convolutions per stage, the linear layer first.
    """
    shapes: list[tuple[int, ...]] = []
    c = 3
    for w in widths:
        for k in range(convs):
            c_in = c if k == 0 else w
            if bn == "before":
                shapes += [(c_in,), (c_in,)]
            shapes.append((w, c_in, 3, 3))
            if conv_bias:
                shapes.append((w,))
            if bn == "after":
                shapes += [(w,), (w,)]
        c = w
    head = [(num_classes, c), (num_classes,)]
    return head + shapes if head_first else shapes + head


def _shape_problem(got: list[tuple[int, ...]], config: dict[str, Any]) -> str:
    """Why ``model.parameters()`` has the shapes ``got`` (a sentence and the first difference)."""
    widths = tuple(config.get("widths", DEFAULT_WIDTHS))
    classes = int(config.get("num_classes", 10))
    want = vgg_shapes(widths, classes)
    named = [
        (VGG_CONV_BIAS, vgg_shapes(widths, classes, conv_bias=True)),
        (VGG_BN_BEFORE_CONV, vgg_shapes(widths, classes, bn="before")),
        (VGG_MISSING_BN, vgg_shapes(widths, classes, bn="none")),
        (VGG_ORDER, vgg_shapes(widths, classes, head_first=True)),
        (VGG_CONVS, vgg_shapes(widths, classes, convs=1)),
        (VGG_CONVS, vgg_shapes(widths, classes, convs=3)),
    ]
    cause = next((sentence for sentence, shapes in named if shapes == got), "")
    convs_got = [s for s in got if len(s) == 4]
    if not cause and not convs_got and got:
        cause = VGG_NOT_REGISTERED
    elif not cause and got[:-2] == want[:-2] and len(got) == len(want):
        cause = VGG_HEAD
    first = next(
        (k for k, (a, b) in enumerate(zip(got, want, strict=False)) if a != b),
        min(len(got), len(want)),
    )
    at_want = want[first] if first < len(want) else "nothing"
    at_got = got[first] if first < len(got) else "nothing"
    lines = [
        f"model.parameters() has {len(got)} tensors, expected {len(want)}; the first difference"
        f" is parameter {first}: expected shape {at_want}, got {at_got}.",
        f"expected: {want}" if len(want) <= 14 else f"expected: {want[:14]} ...",
        f"got: {got}" if len(got) <= 14 else f"got: {got[:14]} ...",
    ]
    lines.append(f"Likely cause: {cause}." if cause else f"{VGG_SHAPES}.")
    return "\n  ".join(lines)


def vgg_case_params(widths: tuple[int, ...], num_classes: int) -> Weights:
    """The literal weights of a visible VGGNet case: smooth values, in parameter order."""
    params = []
    for k, shape in enumerate(vgg_shapes(widths, num_classes)):
        params.append(_wave(shape, k, 0.4) if len(shape) > 1 else _wave(shape, k, 0.3, 0.5))
    return Weights(params)


FUNCTIONS: dict[str, tuple[str, ...]] = {
    "random_crop": ("random_crop",),
    "hflip": ("hflip",),
    "augment": ("augment",),
    "VGGNet": ("VGGNet",),
}
"""The functions (and the class) each grade id checks."""

ARG_NAMES: dict[str, tuple[str, ...]] = {
    "random_crop": ("x", "offsets", "padding"),
    "hflip": ("x", "flip"),
    "augment": ("x", "seed", "padding"),
    "VGGNet": ("x", "params"),
}

NAMED_SCALARS = ("random_crop", "augment", "VGGNet")
"""Their scalar arguments are shown as ``padding=1``, ``seed=0``."""

OUTPUTS: dict[str, tuple[str, ...]] = {
    "VGGNet": ("scores in train mode", "scores in eval mode"),
}
"""What a VGGNet case returns (its harness): the scores of model(x) in both modes."""

AUGMENT_NOTE = "the check reads each image's offsets and flip from the output"
VGG_NOTE = (
    "model = VGGNet(**kwargs); its parameters set to params; model(x) in train mode, then in"
    " eval mode"
)

# fmt: off
# The visible cases. tests/test_train.py re-derives every literal with PyTorch (float64).
# CASES-BEGIN
CASES: dict[str, tuple[Case, ...]] = {
    "random_crop": (
        Case("random_crop", (_coded((2, 1, 3, 4)), np.array([[0, 2], [1, 0]]), 1),
             _a([0, 0, 0, 0, 2, 3, 4, 0, 6, 7, 8, 0, 0, 13, 14, 15, 0, 17, 18, 19, 0, 21, 22, 23],
                (2, 1, 3, 4)),
             {},
             (
              (CROP_SWAPPED,
               _a([0, 5, 6, 7, 0, 9, 10, 11, 0, 0, 0, 0, 0, 0, 0, 0, 13, 14, 15, 16, 17, 18, 19,
                  20], (2, 1, 3, 4))),
              (CROP_NOT_ZEROS,
               _a([2, 3, 4, 4, 2, 3, 4, 4, 6, 7, 8, 8, 13, 13, 14, 15, 17, 17, 18, 19, 21, 21, 22,
                  23], (2, 1, 3, 4))),
              (CROP_NOT_ZEROS,
               _a([6, 7, 8, 7, 2, 3, 4, 3, 6, 7, 8, 7, 14, 13, 14, 15, 18, 17, 18, 19, 22, 21, 22,
                  23], (2, 1, 3, 4))),
              (CROP_ONE_SIDE,
               _a([3, 4, 0, 0, 7, 8, 0, 0, 11, 12, 0, 0, 17, 18, 19, 20, 21, 22, 23, 24, 0, 0, 0,
                  0], (2, 1, 3, 4))),
              (CROP_FIRST_OFFSETS,
               _a([0, 0, 0, 0, 2, 3, 4, 0, 6, 7, 8, 0, 0, 0, 0, 0, 14, 15, 16, 0, 18, 19, 20, 0],
                  (2, 1, 3, 4))),),
             'padding 1: image 0 moves down a row and left a column, image 1 right a column'),
        Case("random_crop", (_coded((1, 2, 3, 3)), np.array([[2, 1]]), 1),
             _a([4, 5, 6, 7, 8, 9, 0, 0, 0, 13, 14, 15, 16, 17, 18, 0, 0, 0], (1, 2, 3, 3)),
             {},
             (
              (CROP_SWAPPED,
               _a([2, 3, 0, 5, 6, 0, 8, 9, 0, 11, 12, 0, 14, 15, 0, 17, 18, 0], (1, 2, 3, 3))),
              (CROP_NOT_ZEROS,
               _a([4, 5, 6, 7, 8, 9, 7, 8, 9, 13, 14, 15, 16, 17, 18, 16, 17, 18], (1, 2, 3, 3))),
              (CROP_NOT_ZEROS,
               _a([4, 5, 6, 7, 8, 9, 4, 5, 6, 13, 14, 15, 16, 17, 18, 13, 14, 15], (1, 2, 3, 3))),
              (CROP_ONE_SIDE,
               _a([8, 9, 0, 0, 0, 0, 0, 0, 0, 17, 18, 0, 0, 0, 0, 0, 0, 0], (1, 2, 3, 3))),),
             'padding 1: the image moves up a row, both channels alike'),
        Case("random_crop", (_coded((1, 1, 2, 2)), np.array([[3, 0]]), 1),
             RAISES, {}, note='an offset above 2 * padding'),
    ),
    "hflip": (
        Case("hflip", (_coded((2, 2, 2, 3)), np.array([False, True])),
             _a([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 14, 13, 18, 17, 16, 21, 20, 19, 24, 23,
                22], (2, 2, 2, 3)),
             {},
             (
              (FLIP_VERTICAL,
               _a([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 16, 17, 18, 13, 14, 15, 22, 23, 24, 19,
                  20, 21], (2, 2, 2, 3))),
              (FLIP_BOTH,
               _a([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 18, 17, 16, 15, 14, 13, 24, 23, 22, 21,
                  20, 19], (2, 2, 2, 3))),
              (FLIP_INVERTED,
               _a([3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                  23, 24], (2, 2, 2, 3))),
              (FLIP_ALL,
               _a([3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10, 15, 14, 13, 18, 17, 16, 21, 20, 19, 24,
                  23, 22], (2, 2, 2, 3))),
              (FLIP_CHANNELS,
               _a([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 19, 20, 21, 22, 23, 24, 13, 14, 15, 16,
                  17, 18], (2, 2, 2, 3))),),
             'image 1 mirrored left to right, both channels'),
        Case("hflip", (_coded((3, 1, 2, 3)), np.array([True, False, True])),
             _a([3, 2, 1, 6, 5, 4, 7, 8, 9, 10, 11, 12, 15, 14, 13, 18, 17, 16], (3, 1, 2, 3)),
             {},
             (
              (FLIP_VERTICAL,
               _a([4, 5, 6, 1, 2, 3, 7, 8, 9, 10, 11, 12, 16, 17, 18, 13, 14, 15], (3, 1, 2, 3))),
              (FLIP_BOTH,
               _a([6, 5, 4, 3, 2, 1, 7, 8, 9, 10, 11, 12, 18, 17, 16, 15, 14, 13], (3, 1, 2, 3))),
              (FLIP_INVERTED,
               _a([1, 2, 3, 4, 5, 6, 9, 8, 7, 12, 11, 10, 13, 14, 15, 16, 17, 18], (3, 1, 2, 3))),
              (FLIP_ALL,
               _a([3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10, 15, 14, 13, 18, 17, 16], (3, 1, 2, 3))),),
             'images 0 and 2 mirrored'),
    ),
    "augment": (
        Case("augment", (_coded((300, 2, 5, 6)), 0, 2),
             _a([300, 2, 5, 6], (4,)),
             {},
             (),
             AUGMENT_NOTE),
    ),
    "VGGNet": (
        Case("VGGNet", (_wave((2, 3, 16, 16), 0.1), vgg_case_params((3, 4), 3)),
             (_a([1.3049592346598091, 0.40807844675785176, 0.796175770163048, 1.306224533236262,
                 0.41066578717499935, 0.7900347716986924], (2, 3)),
              _a([1.5674732464701067, 0.2991096360628508, 0.7390074540985981, 1.6027953522480898,
                 0.2799458456216238, 0.7397984512918482], (2, 3)),),
             {'widths': (3, 4), 'num_classes': 3},
             (
              (VGG_RELU_BEFORE_BN,
               (_a([1.4467588505202302, 0.34102707029754026, 0.7807307640496071,
                   1.4202543943900017, 0.3940637375139222, 0.7072905547280678], (2, 3)),
                _a([1.5690301841644767, 0.29307495987149546, 0.7488225298566208, 1.527460499297225,
                   0.32603630460668787, 0.7282783839479129], (2, 3)),)),
              (VGG_AVG_POOL,
               (_a([1.0670430876905752, 0.5014614407208504, 0.8581168308313545, 1.059926019221097,
                   0.5075800886880701, 0.8537036456820298], (2, 3)),
                _a([1.1724327278320428, 0.44949393854059116, 0.8506570737758616, 1.163569503550316,
                   0.4713956697645303, 0.8182476971405572], (2, 3)),)),
              (VGG_AVG_HEAD,
               (_a([1.1206722919215637, 0.4835027996015267, 0.838329692341721, 1.1401198694409023,
                   0.4757934822787442, 0.8334098968480417], (2, 3)),
                _a([1.292213265914841, 0.4149170795589835, 0.7960347136983044, 1.343400160788234,
                   0.3935820442431952, 0.7850525126518926], (2, 3)),)),
              (VGG_PADDING,
               (_a([1.1829168183057002, 0.45197521501887433, 0.8354971550397762,
                   1.1862693905167618, 0.4513833137750689, 0.8332599879794805], (2, 3)),
                _a([1.145627813666422, 0.4679700713012366, 0.8426447378290022, 1.1478720403807285,
                   0.4676442340007078, 0.8410145334826582], (2, 3)),)),
              (VGG_RELU_MISSING,
               (_a([1.3047225316592919, 0.40816919745531854, 0.7962414584943964,
                   1.3059867535899796, 0.4107545713160404, 0.7901052425426027], (2, 3)),
                _a([1.5672925539449998, 0.2991566614143062, 0.7390995299502672, 1.6029934612560908,
                   0.278914170042714, 0.7415444778413892], (2, 3)),)),
              (VGG_EVAL_MODE,
               (_a([1.3049592346598091, 0.40807844675785176, 0.796175770163048, 1.306224533236262,
                   0.41066578717499935, 0.7900347716986924], (2, 3)),
                _a([1.3049592346598091, 0.40807844675785176, 0.796175770163048, 1.306224533236262,
                   0.41066578717499935, 0.7900347716986924], (2, 3)),)),),
             VGG_NOTE),
        Case("VGGNet", (_wave((2, 3, 8, 8), 0.1), Weights(())),
             RAISES, {'widths': ()}, note='no stage at all'),
    ),
}
# CASES-END
# fmt: on


# --- harnesses: tensors in, NumPy out -----------------------------------------------------------


def _tensor_result(name: str, out: Any, x: Any, sentence: str) -> Any:
    """The NumPy value of a tensor result after checking its type, shape, dtype and device."""
    import torch

    if not isinstance(out, torch.Tensor):
        raise CheckFailure(f"{name} returned {type(out).__name__}.\n  {sentence}.")
    if out.dtype != x.dtype or out.device != x.device:
        raise CheckFailure(
            f"{name} returned a {out.dtype} tensor on {out.device} for a {x.dtype} x on"
            f" {x.device}.\n  {sentence}."
        )
    return out.detach().cpu().numpy()


def _crop_harness(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A case of random_crop: x and offsets as tensors (x shares the case's memory)."""

    def run(x: np.ndarray, offsets: np.ndarray, padding: int) -> Any:
        import torch

        tx = torch.from_numpy(x)  # a change of tx in place shows in x: the check sees it
        out = fn(tx, torch.from_numpy(offsets), padding)
        return _tensor_result("random_crop", out, tx, CROP_TENSOR)

    return run


def _flip_harness(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A case of hflip: x and flip as tensors (x shares the case's memory)."""

    def run(x: np.ndarray, flip: np.ndarray) -> Any:
        import torch

        tx = torch.from_numpy(x)
        out = fn(tx, torch.from_numpy(flip))
        return _tensor_result("hflip", out, tx, FLIP_TENSOR)

    return run


def read_draws(x: np.ndarray, out: np.ndarray, padding: int) -> np.ndarray:
    """The offsets and flip of every output image of a coded batch (``_coded``: unique pixels).

    Each pixel value of x names where it came from, so a crop-and-flip of image n can be read
    back: the first non-zero pixel of out[n, 0] and its right neighbour give (dy, dx) and the
    direction; the whole image must then be that crop (zeros where the window leaves the image,
    the same shift in every channel).

    Returns:
        int array (N, 3) of (dy, dx, flipped).

    Raises:
        CheckFailure: an image is not a crop and flip of its own input with this padding.
    """
    N, C, H, W = x.shape
    draws = np.zeros((N, 3), dtype=np.int64)
    index = {float(v): k for k, v in enumerate(x[:, 0].reshape(-1))}  # value -> flat (n, i, j)
    rows, cols = np.indices((H, W))
    for n in range(N):
        image = out[n]
        nonzero = np.argwhere(image[0] != 0)
        ok = len(nonzero) >= 2 and image.shape == (C, H, W)
        if ok:
            a, b = (int(v) for v in nonzero[0])
            source = index.get(float(image[0, a, b]))
            right = index.get(float(image[0, a, b + 1])) if b + 1 < W else None
            ok = source is not None and right is not None and source // (H * W) == n
        if ok:
            i, j = divmod(source % (H * W), W)
            flipped = right == source - 1
            dy = i - a + padding
            dx = (j + b - (W - 1) if flipped else j - b) + padding
            src_i = rows + dy - padding  # (H, W): the source row of every output pixel
            src_j = (W - 1 - cols if flipped else cols) + dx - padding
            inside = (src_i >= 0) & (src_i < H) & (src_j >= 0) & (src_j < W)
            want = np.where(
                inside[None], x[n][:, src_i.clip(0, H - 1), src_j.clip(0, W - 1)], 0.0
            )  # (C, H, W)
            ok = bool(np.array_equal(image, want))
            draws[n] = dy, dx, flipped
        if not ok:
            raise CheckFailure(
                f"augment: output image {n} is not a crop (offsets in 0..{2 * padding}) and"
                f" optional flip of input image {n} (padding={padding}).\n  {AUG_NOT_A_CROP}."
            )
    return draws


def _check_draws(draws: np.ndarray, padding: int, again: np.ndarray) -> None:
    """The offsets cover 0..2p independently for each image, about half of the images flip.

    ``again`` holds the draws of a call with another seed: a batch that is never shifted in
    both calls was not cropped (one call alone may draw (p, p) for a whole batch by chance).
    """
    N = len(draws)
    dy, dx, flipped = draws[:, 0], draws[:, 1], draws[:, 2]
    top = 2 * padding
    counts = f"offsets seen: dy {sorted(set(dy.tolist()))}, dx {sorted(set(dx.tolist()))}"
    if dy.min() < 0 or dx.min() < 0 or dy.max() > top or dx.max() > top:
        raise CheckFailure(f"augment: {counts} for padding={padding}.\n  {AUG_OUT_OF_RANGE}.")
    if padding > 0 and (draws[:, :2] == padding).all() and (again[:, :2] == padding).all():
        raise CheckFailure(
            f"augment: {counts} for padding={padding}, with two seeds.\n  {AUG_NO_CROP}."
        )
    if padding > 0 and (dy == dy[0]).all() and (dx == dx[0]).all():
        raise CheckFailure(f"augment: {counts} for {N} images.\n  {AUG_SAME_OFFSETS}.")
    if padding > 0 and (dy == dx).all():
        raise CheckFailure(f"augment: dy == dx for all {N} images.\n  {AUG_DY_DX}.")
    if padding > 0 and (dy.max() < top or dx.max() < top or dy.min() > 0 or dx.min() > 0):
        raise CheckFailure(f"augment: {counts} over {N} images, padding={padding}.\n  {AUG_RANGE}.")
    flips = int(flipped.sum())
    if flips == 0:
        raise CheckFailure(f"augment: none of the {N} images is flipped.\n  {AUG_NO_FLIP}.")
    spread = 5 * np.sqrt(N) / 2  # five standard deviations of a fair coin's count
    if abs(flips - N / 2) > spread:
        raise CheckFailure(
            f"augment: {flips} of {N} images are flipped (a fair coin: {N / 2:.0f} +- "
            f"{spread:.0f}).\n  {AUG_FLIP_RATE}."
        )


def _augment_harness(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A case of augment: the draws read back from the output, checked; returns its shape.

    augment runs twice with the same seed of its generator (and different global random
    states): the two batches must be equal; a third call uses the next seed.
    """

    def run(x: np.ndarray, seed: int, padding: int) -> Any:
        import torch

        tx = torch.from_numpy(x)
        outs = []
        for global_seed in (seed + 1, seed + 2):
            torch.manual_seed(global_seed)  # a different global state each time
            generator = torch.Generator().manual_seed(seed)
            out = fn(tx, generator, padding)
            outs.append(_tensor_result("augment", out, tx, AUG_TENSOR))
        if outs[0].shape != x.shape:
            raise CheckFailure(
                f"augment returned shape {outs[0].shape} for x of shape {x.shape}.\n  {AUG_TENSOR}."
            )
        draws = read_draws(x, outs[0], padding)
        if not np.array_equal(outs[0], outs[1]):
            raise CheckFailure(
                f"augment: two calls with torch.Generator().manual_seed({seed}) gave different"
                f" batches.\n  {AUG_GENERATOR}."
            )
        other = fn(tx, torch.Generator().manual_seed(seed + 1), padding)
        again = read_draws(x, _tensor_result("augment", other, tx, AUG_TENSOR), padding)
        _check_draws(draws, padding, again)
        return np.array(outs[0].shape, dtype=np.float64)

    return run


def _vgg_harness(cls: Any) -> Callable[..., Any]:
    """A case of VGGNet: build, check the parameter shapes, set the weights, run both modes."""

    def run(x: np.ndarray, params: tuple[np.ndarray, ...], **config: Any) -> Any:
        import torch

        model = cls(**config)
        if not isinstance(model, torch.nn.Module):
            raise CheckFailure(f"VGGNet(**{config}) is a {type(model).__name__}.\n  {VGG_MODULE}.")
        got = [tuple(p.shape) for p in model.parameters()]
        if got != [tuple(a.shape) for a in params]:
            raise CheckFailure(f"VGGNet(**{config}): {_shape_problem(got, config)}")
        model = model.double()
        with torch.no_grad():
            for parameter, value in zip(model.parameters(), params, strict=True):
                parameter.copy_(torch.from_numpy(np.asarray(value, dtype=np.float64)))
        tx = torch.from_numpy(np.asarray(x, dtype=np.float64))
        model.train()
        train_scores = model(tx).detach().numpy()
        model.eval()
        with torch.no_grad():
            eval_scores = model(tx).numpy()
        return train_scores, eval_scores

    return run


HARNESSES: dict[str, Callable[[Any], Callable[..., Any]]] = {
    "random_crop": _crop_harness,
    "hflip": _flip_harness,
    "augment": _augment_harness,
    "VGGNet": _vgg_harness,
}
"""How a case calls the tensor functions and the class."""


def _crop_shape_hint(case: Case, expected: np.ndarray) -> str:
    return f"{CROP_WINDOW}."


SHAPE_HINTS: dict[str, Callable[[Case, np.ndarray], str]] = {
    "random_crop": _crop_shape_hint,
    "hflip": lambda case, expected: "hflip keeps the shape of x, (N, C, H, W).",
}


# --- the defaults and the budget (one extra visible check of the network) ---------------------


def _check_defaults(cls: Any) -> None:
    """VGGNet(): the default architecture, within the budget, float32 scores, channels_last."""
    import torch

    try:
        model = cls()
    except NotImplementedError:
        raise CheckFailure("VGGNet is not implemented yet.") from None
    except Exception as exc:  # noqa: BLE001 (any student error is reported, not re-raised)
        raise CheckFailure(f"VGGNet() raised {type(exc).__name__}: {exc}") from None
    if not isinstance(model, torch.nn.Module):
        raise CheckFailure(f"VGGNet() is a {type(model).__name__}.\n  {VGG_MODULE}.")
    size = sum(t.numel() for t in model.state_dict().values())
    if size > MAX_STATE_SIZE:
        raise CheckFailure(
            f"VGGNet() holds {size:,} numbers in its state dict, over the budget of"
            f" {MAX_STATE_SIZE:,}.\n  {VGG_BUDGET}."
        )
    got = [tuple(p.shape) for p in model.parameters()]
    if got != vgg_shapes(DEFAULT_WIDTHS, 10):
        problem = _shape_problem(got, {"widths": DEFAULT_WIDTHS, "num_classes": 10})
        raise CheckFailure(f"VGGNet(): {problem}\n  {VGG_DEFAULTS}.")
    x = torch.from_numpy(_wave((2, 3, 32, 32), 0.3).astype(np.float32))
    x = x.contiguous(memory_format=torch.channels_last)
    try:
        with torch.no_grad():
            scores = model.eval()(x)
    except Exception as exc:  # noqa: BLE001
        raise CheckFailure(
            f"VGGNet()(x) on float32 x of shape (2, 3, 32, 32) in channels_last format raised"
            f" {type(exc).__name__}: {exc}"
        ) from None
    if not isinstance(scores, torch.Tensor) or scores.shape != (2, 10):
        shape = tuple(scores.shape) if isinstance(scores, torch.Tensor) else type(scores).__name__
        raise CheckFailure(
            f"VGGNet()(x) returned {shape} for x of shape (2, 3, 32, 32).\n  {VGG_DTYPE}."
        )
    if scores.dtype != torch.float32:
        raise CheckFailure(f"VGGNet()(x) returned {scores.dtype} scores.\n  {VGG_DTYPE}.")


EXTRA_CHECKS: dict[str, Callable[..., None]] = {"VGGNet": _check_defaults}
"""VGGNet(): the default widths, the budget, float32 scores of shape (N, 10)."""

PASSED_NOTES: dict[str, str] = {
    "augment": "Next: look at a few augmented images below; each should look natural.",
    "VGGNet": "Next: train it (section 7).",
}


# ---------------------------------------------------------------------------------------------
# One public check per graded cell, named like its grade id.


def random_crop(random_crop: Callable[..., Any]) -> None:
    """Check ``random_crop(x, offsets, padding) -> out`` (tensors)."""
    public("random_crop", random_crop)


def hflip(hflip: Callable[..., Any]) -> None:
    """Check ``hflip(x, flip) -> out`` (tensors)."""
    public("hflip", hflip)


def augment(augment: Callable[..., Any]) -> None:
    """Check ``augment(x, generator, padding) -> out`` (tensors)."""
    public("augment", augment)


def VGGNet(VGGNet: type) -> None:  # noqa: N802, N803 (the grade id)
    """Check the class ``VGGNet``: parameter shapes, scores in train and eval mode, defaults."""
    public("VGGNet", VGGNet)
