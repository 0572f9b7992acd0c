"""Classic networks written down as layer lists: LeNet-5, AlexNet and VGG-16, and their builder.

A network is a :class:`Spec`: a name, the shape ``(C, H, W)`` of one input image, and its rows,
one per layer of the lecture's tables. A row is ``(name, layers)``; its layers run one after the
other (a convolution and its ReLU form one row, as in the tables). :func:`build` turns a Spec into
an ``nn.Sequential`` whose children are the rows, named like them, so that
``model.named_children()`` walks the table row by row::

    from cnnlab import zoo
    model = zoo.alexnet()               # zoo.build(zoo.ALEXNET)
    model.conv1                         # Sequential(Conv2d(3, 96, 11, stride 4), ReLU())

The layer constructors below (:func:`conv`, :func:`maxpool`, ...) return plain tuples, so a Spec
holds no PyTorch object and can be read, compared and printed without importing torch. Two kinds
of layer exist to show the pitfalls of counting parameters: :func:`frozen` (a layer whose
parameters do not train) and :func:`shared` (a row that reuses an earlier row's module, so its
parameters are the same tensors).

:func:`format_table` prints a per-layer table (the rows of the architectures notebook's
``layer_table``) with totals.

The numbers in the lectures, which these definitions reproduce:

- LeNet-5 (LeCun et al., 1998), 1x32x32 input, tanh and average pooling, every C3 map connected to
  every S2 map: 61,706 parameters.
- AlexNet (Krizhevsky et al., 2012) on one GPU, 3x227x227 input: CONV1 has 96 filters of 11x11x3,
  stride 4, so 34,944 parameters and a 55x55x96 output; 62,378,344 parameters in all.
- VGG-16 (Simonyan and Zisserman, 2015, configuration D), 3x224x224 input: 138,357,544
  parameters.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # torch is imported inside build(): cnnlab itself must import without it
    import torch
    from torch import nn

Layer = tuple[Any, ...]
"""One layer: its kind and its arguments, e.g. ``("conv", 3, 96, 11, 4, 0, True)``."""
Row = tuple[str, tuple[Layer, ...]]
"""One row of a table: its name and the layers it runs in order."""


def conv(
    in_channels: int,
    out_channels: int,
    kernel_size: int,
    stride: int = 1,
    padding: int = 0,
    bias: bool = True,
) -> Layer:
    """A square convolution, ``nn.Conv2d(in_channels, out_channels, kernel_size, ...)``."""
    return ("conv", in_channels, out_channels, kernel_size, stride, padding, bias)


def linear(in_features: int, out_features: int, bias: bool = True) -> Layer:
    """A fully connected layer, ``nn.Linear(in_features, out_features, bias)``."""
    return ("linear", in_features, out_features, bias)


def batchnorm(channels: int) -> Layer:
    """Batch norm over channels: 2 * channels parameters, 2 * channels + 1 buffers."""
    return ("bn", channels)


def maxpool(kernel_size: int, stride: int | None = None) -> Layer:
    """Max pooling, ``nn.MaxPool2d(kernel_size, stride)`` (stride defaults to kernel_size)."""
    return ("maxpool", kernel_size, kernel_size if stride is None else stride)


def avgpool(kernel_size: int, stride: int | None = None) -> Layer:
    """Average pooling, ``nn.AvgPool2d(kernel_size, stride)`` (LeNet-5's subsampling)."""
    return ("avgpool", kernel_size, kernel_size if stride is None else stride)


def relu() -> Layer:
    """``nn.ReLU()``."""
    return ("relu",)


def tanh() -> Layer:
    """``nn.Tanh()`` (LeNet-5's non-linearity)."""
    return ("tanh",)


def lrn(size: int = 5) -> Layer:
    """AlexNet's local response normalisation over ``size`` channels (k=2, alpha=1e-4, beta=.75)."""
    return ("lrn", size)


def dropout(p: float = 0.5) -> Layer:
    """``nn.Dropout(p)``."""
    return ("dropout", p)


def flatten() -> Layer:
    """``nn.Flatten()``: (N, C, H, W) -> (N, C * H * W)."""
    return ("flatten",)


def frozen(layer: Layer) -> Layer:
    """``layer`` with ``requires_grad=False`` on its parameters: they exist but do not train."""
    return ("frozen", layer)


def shared(row: str) -> Layer:
    """The module of the earlier row ``row`` again: the same parameters, used twice."""
    return ("shared", row)


@dataclass(frozen=True)
class Spec:
    """A network as a table: its name, one input image's shape (C, H, W) and its rows."""

    name: str
    input_shape: tuple[int, int, int]
    rows: tuple[Row, ...]

    def __repr__(self) -> str:
        """``AlexNet (13 layers, input 3x227x227)``: how a check names the network."""
        C, H, W = self.input_shape
        return f"{self.name} ({len(self.rows)} layers, input {C}x{H}x{W})"


def _conv_relu(name: str, in_channels: int, out_channels: int, **kwargs: Any) -> Row:
    """A row of a convolution followed by a ReLU."""
    return (name, (conv(in_channels, out_channels, **kwargs), relu()))


LENET5 = Spec(
    "LeNet-5",
    (1, 32, 32),
    (
        ("c1", (conv(1, 6, 5), tanh())),
        ("s2", (avgpool(2),)),
        ("c3", (conv(6, 16, 5), tanh())),
        ("s4", (avgpool(2),)),
        ("c5", (conv(16, 120, 5), tanh())),
        ("f6", (flatten(), linear(120, 84), tanh())),
        ("output", (linear(84, 10),)),
    ),
)
"""LeNet-5: two conv-subsampling stages and three fully connected layers (C5 is a 5x5 conv on a
5x5 map, i.e. fully connected)."""

ALEXNET = Spec(
    "AlexNet",
    (3, 227, 227),
    (
        _conv_relu("conv1", 3, 96, kernel_size=11, stride=4),
        ("pool1", (maxpool(3, 2),)),
        ("norm1", (lrn(5),)),
        _conv_relu("conv2", 96, 256, kernel_size=5, padding=2),
        ("pool2", (maxpool(3, 2),)),
        ("norm2", (lrn(5),)),
        _conv_relu("conv3", 256, 384, kernel_size=3, padding=1),
        _conv_relu("conv4", 384, 384, kernel_size=3, padding=1),
        _conv_relu("conv5", 384, 256, kernel_size=3, padding=1),
        ("pool3", (maxpool(3, 2),)),
        ("fc6", (flatten(), dropout(), linear(256 * 6 * 6, 4096), relu())),
        ("fc7", (dropout(), linear(4096, 4096), relu())),
        ("fc8", (linear(4096, 1000),)),
    ),
)
"""AlexNet as one network on one GPU (the original split some layers across two GPUs)."""


def _vgg16_rows() -> tuple[Row, ...]:
    """The 21 rows of VGG-16: five stages of 3x3 convolutions and 2x2 max pools, three FCs."""
    rows: list[Row] = []
    in_channels = 3
    for stage, (width, convs) in enumerate([(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)], 1):
        for k in range(1, convs + 1):
            rows.append(
                _conv_relu(f"conv{stage}_{k}", in_channels, width, kernel_size=3, padding=1)
            )
            in_channels = width
        rows.append((f"pool{stage}", (maxpool(2),)))
    rows += [
        ("fc6", (flatten(), linear(512 * 7 * 7, 4096), relu(), dropout())),
        ("fc7", (linear(4096, 4096), relu(), dropout())),
        ("fc8", (linear(4096, 1000),)),
    ]
    return tuple(rows)


VGG16 = Spec("VGG-16", (3, 224, 224), _vgg16_rows())
"""VGG-16 (configuration D): 13 convolutions of 3x3, padding 1, and 3 fully connected layers."""

SPECS = {spec.name: spec for spec in (LENET5, ALEXNET, VGG16)}
"""The classic networks by name."""


def _module(layer: Layer, built: Mapping[str, nn.Module]) -> nn.Module:
    """The PyTorch module of one layer (``built`` holds the earlier rows, for :func:`shared`)."""
    from torch import nn

    kind, *args = layer
    if kind == "conv":
        in_channels, out_channels, kernel_size, stride, padding, bias = args
        return nn.Conv2d(in_channels, out_channels, kernel_size, stride, padding, bias=bias)
    if kind == "linear":
        return nn.Linear(args[0], args[1], bias=args[2])
    if kind == "shared":
        if args[0] not in built:
            raise ValueError(f"shared({args[0]!r}): no earlier row is called {args[0]!r}")
        return built[args[0]]
    if kind == "frozen":
        module = _module(args[0], built)
        module.requires_grad_(False)
        return module
    simple = {
        "bn": lambda: nn.BatchNorm2d(args[0]),
        "maxpool": lambda: nn.MaxPool2d(args[0], args[1]),
        "avgpool": lambda: nn.AvgPool2d(args[0], args[1]),
        "relu": lambda: nn.ReLU(),
        "tanh": lambda: nn.Tanh(),
        "lrn": lambda: nn.LocalResponseNorm(args[0], alpha=1e-4, beta=0.75, k=2.0),
        "dropout": lambda: nn.Dropout(args[0]),
        "flatten": lambda: nn.Flatten(),
    }
    if kind not in simple:
        raise ValueError(f"unknown layer kind {kind!r} in {layer!r}; known: {sorted(simple)}")
    return simple[kind]()


def build(
    spec: Spec, *, dtype: torch.dtype | None = None, device: str | torch.device | None = None
) -> nn.Sequential:
    """Make the network of a Spec: an ``nn.Sequential`` with one named child per row.

    A row of one layer is that layer's module; a row of several is an ``nn.Sequential`` of them.
    The parameters get PyTorch's default initialisation.

    Inputs:
    - spec: the network, e.g. ``zoo.VGG16``
    - dtype: the dtype of the parameters (default: PyTorch's default, float32)
    - device: where to make the parameters (default: the CPU). ``"meta"`` makes tensors that
      have a shape and a dtype but no values: a model of any size is made at once and runs
      without computing anything, which is all a table of shapes, parameters and FLOPs needs.

    Returns:
    - model: ``nn.Sequential`` whose children are named like the rows.

    Raises ValueError for an unknown layer kind or a :func:`shared` row that does not exist yet.
    """
    import torch
    from torch import nn

    built: dict[str, nn.Module] = {}
    with torch.device(device if device is not None else "cpu"):
        for name, layers in spec.rows:
            modules = [_module(layer, built) for layer in layers]
            built[name] = modules[0] if len(modules) == 1 else nn.Sequential(*modules)
    model = nn.Sequential(OrderedDict(built))
    return model if dtype is None else model.to(dtype)


def lenet5(**kwargs: Any) -> nn.Sequential:
    """LeNet-5 (1x32x32 input, 10 classes); keyword arguments as for :func:`build`."""
    return build(LENET5, **kwargs)


def alexnet(**kwargs: Any) -> nn.Sequential:
    """AlexNet (3x227x227 input, 1000 classes); keyword arguments as for :func:`build`."""
    return build(ALEXNET, **kwargs)


def vgg16(**kwargs: Any) -> nn.Sequential:
    """VGG-16 (3x224x224 input, 1000 classes); keyword arguments as for :func:`build`."""
    return build(VGG16, **kwargs)


TABLE_KEYS = ("name", "output_shape", "params", "memory", "flops")
"""The keys of one row of a per-layer table (the contract of the notebook's ``layer_table``)."""


def format_table(rows: Sequence[Mapping[str, Any]], title: str | None = None) -> str:
    """A per-layer table as text, with a total line.

    Inputs:
    - rows: one dict per layer with the keys of :data:`TABLE_KEYS`: ``name`` (str),
      ``output_shape`` (one image's output shape, a tuple), ``params`` (int), ``memory`` (bytes of
      one image's output, int) and ``flops`` (int)
    - title: a line printed above the table (default: none)

    Returns:
    - text: columns layer, output, parameters, memory in KB (1 KB = 1024 bytes) and MFLOPs
      (10**6 FLOPs), one line per row and a total line.

    Raises ValueError if a row lacks one of the keys.
    """
    for k, row in enumerate(rows):
        missing = [key for key in TABLE_KEYS if key not in row]
        if missing:
            raise ValueError(f"row {k} has no {missing}; a row needs the keys {list(TABLE_KEYS)}")
    header = f"{'layer':<10} {'output':>14} {'parameters':>13} {'memory (KB)':>12} {'MFLOPs':>10}"
    lines = [header, "-" * len(header)]
    for row in rows:
        shape = "x".join(str(int(d)) for d in row["output_shape"])
        lines.append(
            f"{row['name']:<10} {shape:>14} {int(row['params']):>13,} "
            f"{row['memory'] / 1024:>12,.1f} {row['flops'] / 1e6:>10,.1f}"
        )
    lines.append("-" * len(header))
    params = sum(int(row["params"]) for row in rows)
    memory = sum(row["memory"] for row in rows) / 1024
    flops = sum(row["flops"] for row in rows) / 1e6
    lines.append(f"{'total':<10} {'':>14} {params:>13,} {memory:>12,.1f} {flops:>10,.1f}")
    return "\n".join(([title] if title else []) + lines)
