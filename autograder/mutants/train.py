"""The train notebook's mutants: mistakes students really make, as patches of its solution.

Each patches an answer cell of ``solutions/pytorch_cnn/train.ipynb``; :mod:`autograder.mutants`
merges them (``notebook`` filled in). The hidden tests never import this module: the ``old``
texts are fragments of the solution. (The accuracy cells are graded on the submitted checkpoint,
not on code: tests/test_train.py covers them with fabricated checkpoints.)
"""

from __future__ import annotations

from autograder.mutants import Mutant
from cnnlab.checks import train as visible

_ROWS_COLS = (
    "rows = offsets[:, 0, None] + torch.arange(H, device=x.device)  # (N, H)\n"
    "    cols = offsets[:, 1, None]"
)
_PAD = "F.pad(x, (padding, padding, padding, padding))"
_WHERE = "torch.where(mask, x.flip(3), x)"
_CONV = "nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1, bias=False),"
_BN_RELU = "nn.BatchNorm2d(out_channels),\n            nn.ReLU(inplace=True),"

MUTANTS: list[Mutant] = [
    # random_crop
    Mutant(
        "crop_offsets_swapped",
        "random_crop",
        "uses offsets[:, 1] for the rows and offsets[:, 0] for the columns",
        _ROWS_COLS,
        _ROWS_COLS.replace("[:, 0, None]", "[:, #, None]")
        .replace("[:, 1, None]", "[:, 0, None]")
        .replace("[:, #, None]", "[:, 1, None]"),
        visible.CROP_SWAPPED,
    ),
    Mutant(
        "crop_replicate_border",
        "random_crop",
        "pads by repeating the edge pixels instead of zeros",
        _PAD,
        'F.pad(x, (padding, padding, padding, padding), mode="replicate")',
        visible.CROP_NOT_ZEROS,
    ),
    Mutant(
        "crop_pad_one_side",
        "random_crop",
        "pads 2 * padding zeros on the right and at the bottom only",
        _PAD,
        "F.pad(x, (0, 2 * padding, 0, 2 * padding))",
        visible.CROP_ONE_SIDE,
    ),
    Mutant(
        "crop_first_offsets",
        "random_crop",
        "crops every image at the offsets of the first image",
        _ROWS_COLS,
        _ROWS_COLS.replace("offsets[:, ", "offsets[:1, "),
        visible.CROP_FIRST_OFFSETS,
    ),
    Mutant(
        "crop_window_w_rows",
        "random_crop",
        "makes the window W rows high instead of H",
        "torch.arange(H, device=x.device)  # (N, H)",
        "torch.arange(W, device=x.device)  # (N, H)",
        visible.CROP_WINDOW,
    ),
    # hflip
    Mutant(
        "flip_vertical",
        "hflip",
        "flips along the rows (axis 2): upside down",
        "x.flip(3)",
        "x.flip(2)",
        visible.FLIP_VERTICAL,
    ),
    Mutant(
        "flip_both_axes",
        "hflip",
        "flips along both spatial axes (a 180-degree rotation)",
        "x.flip(3)",
        "x.flip(2, 3)",
        visible.FLIP_BOTH,
    ),
    Mutant(
        "flip_channels",
        "hflip",
        "reverses the colour channels (axis 1)",
        "x.flip(3)",
        "x.flip(1)",
        visible.FLIP_CHANNELS,
    ),
    Mutant(
        "flip_mask_inverted",
        "hflip",
        "flips the images whose flag is False",
        _WHERE,
        "torch.where(mask, x, x.flip(3))",
        visible.FLIP_INVERTED,
    ),
    Mutant(
        "flip_every_image",
        "hflip",
        "ignores the mask and flips every image",
        _WHERE,
        "x.flip(3)",
        visible.FLIP_ALL,
    ),
    Mutant(
        "flip_in_place",
        "hflip",
        "flips the selected images of x in place and returns x",
        "mask = flip.view(N, 1, 1, 1)  # (N, 1, 1, 1): broadcasts over C, H, W\n"
        f"    return {_WHERE}",
        "x[flip] = x[flip].flip(3)\n    return x",
        "hflip changed its input x in place",
    ),
    # augment
    Mutant(
        "aug_randint_exclusive",
        "augment",
        "draws the offsets from 0..2 * padding - 1 (randint's upper bound is excluded)",
        "2 * padding + 1",
        "2 * padding",
        visible.AUG_RANGE,
    ),
    Mutant(
        "aug_same_offsets",
        "augment",
        "draws one pair of offsets for the whole batch",
        "(N, 2), generator=generator, device=x.device)",
        "(2,), generator=generator, device=x.device).expand(N, 2)",
        visible.AUG_SAME_OFFSETS,
    ),
    Mutant(
        "aug_global_rng",
        "augment",
        "draws the flips from the global random state instead of the generator",
        "torch.rand(N, generator=generator, device=x.device)",
        "torch.rand(N, device=x.device)",
        visible.AUG_GENERATOR,
    ),
    Mutant(
        "aug_no_flip",
        "augment",
        "draws the flips but never applies hflip",
        "return hflip(random_crop(x, offsets, padding), flip)",
        "return random_crop(x, offsets, padding)",
        visible.AUG_NO_FLIP,
    ),
    Mutant(
        "aug_no_crop",
        "augment",
        "draws the offsets but never applies random_crop",
        "return hflip(random_crop(x, offsets, padding), flip)",
        "return hflip(x, flip)",
        visible.AUG_NO_CROP,
    ),
    # VGGNet
    Mutant(
        "vgg_conv_bias",
        "VGGNet",
        "gives the convolutions a bias",
        "padding=1, bias=False)",
        "padding=1, bias=True)",
        visible.VGG_CONV_BIAS,
    ),
    Mutant(
        "vgg_relu_before_bn",
        "VGGNet",
        "applies ReLU before batch norm",
        _BN_RELU,
        "nn.ReLU(inplace=True),\n            nn.BatchNorm2d(out_channels),",
        visible.VGG_RELU_BEFORE_BN,
    ),
    Mutant(
        "vgg_bn_before_conv",
        "VGGNet",
        "normalises the block's input before the convolution",
        f"{_CONV}\n            nn.BatchNorm2d(out_channels),",
        f"nn.BatchNorm2d(in_channels),\n            {_CONV}",
        visible.VGG_BN_BEFORE_CONV,
    ),
    Mutant(
        "vgg_no_padding",
        "VGGNet",
        "uses 3x3 convolutions without padding",
        "kernel_size=3, padding=1,",
        "kernel_size=3, padding=0,",
        visible.VGG_PADDING,
    ),
    Mutant(
        "vgg_average_head",
        "VGGNet",
        "averages over the remaining positions instead of taking the maximum",
        "torch.amax(x, dim=(2, 3))",
        "x.mean(dim=(2, 3))",
        visible.VGG_AVG_HEAD,
    ),
    Mutant(
        "vgg_average_pooling",
        "VGGNet",
        "ends each stage with average pooling",
        "nn.MaxPool2d(2)",
        "nn.AvgPool2d(2)",
        visible.VGG_AVG_POOL,
    ),
    Mutant(
        "vgg_missing_bn",
        "VGGNet",
        "leaves batch norm out of the blocks",
        "            nn.BatchNorm2d(out_channels),\n",
        "",
        visible.VGG_MISSING_BN,
    ),
    Mutant(
        "vgg_python_list",
        "VGGNet",
        "keeps the layers in a plain Python list",
        "self.features = nn.Sequential(*layers)",
        "self.features = layers",
        visible.VGG_NOT_REGISTERED,
    ),
]
