"""Visible checks for the architectures notebook: parameter counts, layer tables, Inception, ResNet.

Each graded cell has one check here, named like its grade id, for example::

    checks.count_params(count_params)
    checks.BasicBlock(BasicBlock)
    checks.resnet20(resnet20, plain20)

It runs a few cases whose expected results are written below as literals and prints
``"<grade_id>: all N visible checks passed."``; when something is wrong it raises
:class:`CheckFailure` with a message that says which case failed, what was expected and what came
back, and the likely cause when the wrong answer looks like a well-known mistake.

How the cases call your code:

- ``count_params(model)`` and ``layer_table(model, x)``: the check builds the network of the
  case with :func:`cnnlab.zoo.build` (the lecture's LeNet-5, AlexNet and VGG-16, or a small
  network that has batch norm, a frozen layer and a shared layer). The big networks are made on
  the ``meta`` device (shapes without values), which needs no memory and no time; your code runs
  on them unchanged. ``layer_table`` gets ``x = torch.zeros((1, C, H, W))`` of the case's dtype;
  its result is compared column by column: ``output_shape`` (padded with zeros to three numbers,
  so ``(84,)`` reads ``[84, 0, 0]``), ``params``, ``memory`` and ``flops``, one entry per row.
  The expected values are the lecture's hand counts (AlexNet's CONV1: 34,944 parameters and a
  55x55x96 output; VGG-16: 138,357,544 parameters in all).
- ``InceptionModule``, ``BasicBlock``, ``resnet20`` and ``plain20``: the check builds your module
  (``InceptionModule(in_channels, c1, ...)``, ``BasicBlock(in_channels, out_channels, stride)``,
  ``resnet20(num_classes=..., blocks_per_stage=...)``), converts it to float64, gives every
  parameter fixed values (:func:`fill`: they depend only on the parameter's name, ``weight`` or
  ``bias``, and its shape, so any correct implementation gets the same ones whatever its
  attribute names), runs it in training mode (batch norm uses the batch's statistics) on a fixed
  input and compares ``(parameter count, output)`` with PyTorch's reference network. Before that
  it looks at the convolutions you made (kernel sizes, strides, padding, bias) and names what
  does not match the architecture.

Symbols: N, C, H, W (input); layout NCHW.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from cnnlab import zoo
from cnnlab.checks.report import Case, CheckFailure, public
from cnnlab.checks.report import literal as _a
from cnnlab.zoo import ALEXNET, LENET5, VGG16, Spec

# Likely causes. The same sentences name a mistake in the visible checks, in the hidden tests and in
# the mutant catalogue of the autograder.

# count_params
COUNT_FROZEN = (
    "frozen parameters are counted: count only the parameters that train, those with"
    " p.requires_grad"
)
COUNT_STATE_DICT = (
    "the state dict is counted: it also holds buffers (batch norm's running statistics), frozen"
    " parameters, and a shared layer once per name; count model.parameters() that require a"
    " gradient"
)
COUNT_TENSORS = "the parameter tensors are counted, not their entries: add up p.numel()"
COUNT_SHARED_TWICE = (
    "a shared layer is counted each time it is used: model.parameters() lists every parameter"
    " once, however often the model uses it"
)
COUNT_WEIGHTS_ONLY = (
    "only the weights are counted: the biases (and batch norm's shifts) are parameters too"
)
COUNT_TOP_LEVEL = (
    "only the parameters held directly by the top-level layers are counted: layers nested inside"
    " them have parameters too (model.parameters() walks the whole tree)"
)
# layer_table
LT_ELEMENTS = (
    "memory is the number of values, not bytes: multiply by the bytes per value,"
    " x.element_size() (4 for float32, 8 for float64)"
)
LT_CUMULATIVE = (
    "the FLOPs add up from row to row: count each layer on its own, with a new FlopCounterMode"
    " around each layer's call"
)
LT_MACS = (
    "the FLOPs are halved: FlopCounterMode counts a multiply-add as 2 FLOPs; report its count"
    " as it is"
)
LT_MODEL_PARAMS = (
    "every row shows the parameters of the whole model: count the parameters of the row's layer"
)
LT_INPUT = (
    "the rows describe each layer's input: record the output shape and memory after x = layer(x)"
)
LT_BATCH = "output_shape includes the batch dimension: give the shape of one image, x.shape[1:]"
LT_ROWS = (
    "the table needs one row per top-level layer, in order, named like it: loop over"
    " model.named_children()"
)
# InceptionModule
INC_ORDER = (
    "the branches are concatenated in the wrong order: torch.cat([1x1, 3x3, 5x5, pool], dim=1)"
)
INC_NO_BOTTLENECK = (
    "the 3x3 or 5x5 convolution reads the input directly: put a 1x1 bottleneck first"
    " (in_channels -> c3_reduce, in_channels -> c5_reduce), each followed by a ReLU"
)
INC_REDUCE_RELU = (
    "there is no ReLU after the 1x1 bottlenecks: every convolution of the module is followed by"
    " a ReLU"
)
INC_OUT_RELU = (
    "the branches end without a ReLU: every convolution of the module, the last one of each"
    " branch too, is followed by a ReLU"
)
INC_AVG_POOL = (
    "the pool branch averages: it is a 3x3 max pool with stride 1 and padding 1 (which keeps H"
    " and W), then the 1x1 projection"
)
INC_NO_POOL_PROJ = (
    "the pool branch has no 1x1 projection: after the max pool comes a 1x1 convolution"
    " in_channels -> pool_proj and a ReLU"
)
INC_PADDING = (
    "a branch changes H and W: give the 3x3 convolution padding 1 and the 5x5 padding 2 (stride"
    " 1), so that every branch keeps the input's size"
)
# BasicBlock
BLOCK_NO_SHORTCUT = (
    "the shortcut is missing: add the block's input (or its projection) to the output of the"
    " second batch norm, then apply the ReLU"
)
BLOCK_PROJECTION = (
    "when stride != 1 or in_channels != out_channels the shortcut must be a projection: a 1x1"
    " convolution with the block's stride and no bias, then batch norm"
)
BLOCK_IDENTITY = (
    "when the shapes match (stride 1 and in_channels == out_channels) the shortcut is the"
    " identity: no convolution on it"
)
BLOCK_SHORTCUT_STRIDE = (
    "the 1x1 convolution of the shortcut has the wrong stride: it must use the block's stride,"
    " so that its output has the size of the main path's"
)
BLOCK_SHORTCUT_BN = (
    "the projection has no batch norm: the shortcut is a 1x1 convolution followed by batch norm"
)
BLOCK_RELU_BEFORE_ADD = (
    "the ReLU comes before the addition: out = relu(bn2(conv2(...)) + shortcut(x)), with the"
    " ReLU after the sum"
)
BLOCK_FINAL_RELU = "the final ReLU is missing: apply it after adding the shortcut"
BLOCK_STRIDE_FIRST = (
    "the stride belongs to the first 3x3 convolution: conv1 (stride=stride) shrinks H and W,"
    " conv2 has stride 1"
)
BLOCK_BIAS = (
    "a convolution has a bias: batch norm follows every convolution and its shift beta replaces"
    " any bias, so use bias=False"
)
BLOCK_CONVS = (
    "a basic block has two 3x3 convolutions with padding 1: in_channels -> out_channels, then"
    " out_channels -> out_channels"
)
# resnet20 and plain20
NET_PLAIN_SHORTCUTS = (
    "plain20 has shortcuts: its blocks are BasicBlocks without the shortcut"
    " (conv-BN-ReLU-conv-BN-ReLU)"
)
NET_NO_SHORTCUTS = "resnet20 has no shortcuts: build its stages from BasicBlock"
NET_DOWNSAMPLE = (
    "the wrong block shrinks the image: the first block of stages 2 and 3 has stride 2 (it"
    " changes 16 -> 32 and 32 -> 64 channels), every other block stride 1"
)
NET_STEM = (
    "the stem must be a 3x3 convolution (3 -> 16 channels, padding 1, no bias), batch norm and a"
    " ReLU, before the first stage"
)
NET_POOL = (
    "the head must average each channel over all positions (global average pooling, e.g."
    " x.mean(dim=(2, 3)) or nn.AdaptiveAvgPool2d(1)) before nn.Linear(64, num_classes)"
)
NET_BLOCKS = (
    "every stage must have blocks_per_stage blocks (6 * blocks_per_stage + 2 layers; 3 for"
    " ResNet-20)"
)
PLAIN_FINAL_RELU = "the plain block must end with a ReLU after its second batch norm"


def either(*causes: str) -> str:
    """One likely cause made of several mistakes that give the same wrong result."""
    return "; or: ".join(causes)


# ---------------------------------------------------------------------------------------------
# Fixed values for parameters and inputs (the same on every machine: integer hashing, no RNG).

_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


def _uniform(key: str, n: int) -> np.ndarray:
    """``n`` float64 values in [-1, 1), a hash of ``key`` and the index (splitmix64)."""
    seed = np.uint64(zlib.crc32(key.encode()))
    with np.errstate(over="ignore"):
        z = (np.arange(n, dtype=np.uint64) + seed * np.uint64(0x100000000)) & _MASK
        z = z * np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) / 2.0**52 - 1.0


_FIXED: dict[tuple[str, tuple[int, ...]], np.ndarray] = {}
"""kind, shape -> its fixed values (read-only), computed once."""


def _fixed(kind: str, shape: tuple[int, ...]) -> np.ndarray:
    """:func:`fixed_values`, computed once per kind and shape (a read-only array)."""
    if (kind, shape) in _FIXED:
        return _FIXED[kind, shape]
    u = _uniform(f"{kind}{shape}", math.prod(shape)).reshape(shape)
    if kind == "weight" and len(shape) >= 2:
        u = u * math.sqrt(6.0 / math.prod(shape[1:]))
    elif kind == "weight":
        u = 1.0 + 0.25 * u
    else:
        u = 0.1 * u
    u.setflags(write=False)
    _FIXED[kind, shape] = u
    return u


def fixed_values(kind: str, shape: Sequence[int]) -> np.ndarray:
    """The values :func:`fill` gives a parameter called ``kind`` ("weight", "bias") of a shape.

    Weights of two or more dimensions get He-scaled values (variance 2 / fan_in, fan_in = the
    product of the other dimensions); 1-D weights (batch norm's scale) values near 1; biases and
    shifts small values. Every parameter of the same name and shape gets the same values.
    """
    return _fixed(kind, tuple(int(d) for d in shape)).copy()


def fixed_input(shape: Sequence[int]) -> np.ndarray:
    """A fixed float64 input of a shape, values in [-2, 2) (the visible cases' x)."""
    shape = tuple(int(d) for d in shape)
    return 2.0 * _uniform(f"input{shape}", math.prod(shape)).reshape(shape)


def fill(module: Any) -> int:
    """Give every parameter of a module its :func:`fixed_values`; return how many values.

    A parameter's kind is the last part of its name (``conv1.weight`` -> ``weight``). Each
    parameter is filled once, however often the module uses it.
    """
    import torch

    written = 0
    with torch.no_grad():
        for name, p in module.named_parameters():
            values = _fixed(name.rsplit(".", 1)[-1], tuple(int(d) for d in p.shape))
            p.copy_(torch.tensor(values))
            written += values.size
    return written


# ---------------------------------------------------------------------------------------------
# Harnesses: how a case runs the student's function or class.


def _require_module(obj: Any, where: str) -> None:
    """CheckFailure unless ``obj`` is an ``nn.Module``."""
    from torch import nn

    if not isinstance(obj, nn.Module):
        raise CheckFailure(f"{where} must be an nn.Module, got {type(obj).__name__}.")


def _count_harness(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A case of count_params: build the case's network (on its device), count it."""

    def run(model: Spec, device: str) -> Any:
        return fn(zoo.build(model, device=device))

    return run


def _table_harness(fn: Callable[..., Any]) -> Callable[..., tuple[np.ndarray, ...]]:
    """A case of layer_table: the columns (output_shape, params, memory, flops) of its rows."""

    def run(model: Spec, dtype: str, device: str) -> tuple[np.ndarray, ...]:
        import torch

        torch_dtype = getattr(torch, dtype)
        net = zoo.build(model, dtype=torch_dtype, device=device)
        x = torch.zeros((1, *model.input_shape), dtype=torch_dtype, device=device)
        return _table_columns(model, fn(net, x))

    return run


def _table_columns(model: Spec, rows: Any) -> tuple[np.ndarray, ...]:
    """The four columns of a table as arrays; CheckFailure if its rows do not fit the model."""
    names = [name for name, _ in model.rows]
    where = f"layer_table on {model!r}"
    if not isinstance(rows, list | tuple):
        raise CheckFailure(f"{where} must return a list of dicts, got {type(rows).__name__}.")
    got_names = [row.get("name") if isinstance(row, Mapping) else row for row in rows]
    if len(rows) != len(names) or got_names != names:
        raise CheckFailure(
            f"{where}: expected {len(names)} rows named {names}, got {len(rows)} rows named "
            f"{got_names}.\n  Likely cause: {LT_ROWS}."
        )
    shapes = np.zeros((len(rows), 3))
    columns = np.zeros((3, len(rows)))
    for k, row in enumerate(rows):
        missing = [key for key in zoo.TABLE_KEYS if key not in row]
        if missing:
            raise CheckFailure(
                f"{where}: row {names[k]!r} has no {missing}; every row is a dict with the keys "
                f"{list(zoo.TABLE_KEYS)}."
            )
        shape = row["output_shape"]
        try:
            shape = tuple(int(d) for d in shape)
        except (TypeError, ValueError):
            raise CheckFailure(
                f"{where}: row {names[k]!r} has output_shape {shape!r}; expected a tuple of ints."
            ) from None
        if len(shape) > 3:
            raise CheckFailure(
                f"{where}: row {names[k]!r} has output_shape {shape} of {len(shape)} numbers, "
                f"expected at most 3 (C, H, W).\n  Likely cause: {LT_BATCH}."
            )
        shapes[k, : len(shape)] = shape
        for j, key in enumerate(("params", "memory", "flops")):
            try:
                columns[j, k] = float(row[key])
            except (TypeError, ValueError):
                raise CheckFailure(
                    f"{where}: row {names[k]!r} has {key} {row[key]!r}; expected a number."
                ) from None
    return (shapes, *columns)


def _convs(module: Any) -> list[Any]:
    """The nn.Conv2d modules of a module, in the order they were registered."""
    from torch import nn

    return [m for m in module.modules() if isinstance(m, nn.Conv2d)]


def _conv_text(conv: Any) -> str:
    """``Conv2d(3, 8, 3x3, stride 2, padding 1, bias)``: a convolution in a message."""
    k = "x".join(str(v) for v in conv.kernel_size)
    bias = ", bias" if conv.bias is not None else ""
    return (
        f"Conv2d({conv.in_channels}, {conv.out_channels}, {k}, stride {conv.stride[0]}, "
        f"padding {conv.padding[0]}{bias})"
    )


def _run(module: Any, x: np.ndarray) -> tuple[int, Any, list[Any]]:
    """Fill, convert to float64 and run a module in training mode on x.

    Returns (the number of parameter values, the output tensor, the convolutions in the order
    they ran).
    """
    import torch

    module.double()
    count = fill(module)
    module.train()
    ran: list[Any] = []
    hooks = [c.register_forward_hook(lambda m, i, o: ran.append(m)) for c in _convs(module)]
    try:
        out = module(torch.tensor(x, dtype=torch.float64))
    finally:
        for hook in hooks:
            hook.remove()
    if not isinstance(out, torch.Tensor):
        raise CheckFailure(f"the module's forward must return a tensor, got {type(out).__name__}.")
    return count, out, ran


def _numpy(t: Any) -> np.ndarray:
    """A float64 NumPy copy of a tensor."""
    return t.detach().cpu().numpy().astype(np.float64)


def _inception_harness(cls: Any) -> Callable[..., tuple[int, np.ndarray]]:
    """A case of InceptionModule: its structure, then (parameter count, output)."""

    def run(x: np.ndarray, *channels: int) -> tuple[int, np.ndarray]:
        in_channels, c1, c3_reduce, c3, c5_reduce, c5, pool_proj = channels
        where = f"InceptionModule({', '.join(str(c) for c in channels)})"
        module = cls(*channels)
        _require_module(module, where)
        convs = _convs(module)
        for conv in convs:
            k = conv.kernel_size
            reduce = {(3, 3): c3_reduce, (5, 5): c5_reduce}.get(k)
            if reduce is not None and conv.in_channels == in_channels != reduce:
                raise CheckFailure(
                    f"{where}: {_conv_text(conv)} reads the module's input.\n"
                    f"  Likely cause: {INC_NO_BOTTLENECK}."
                )
            if k in ((3, 3), (5, 5)) and (
                conv.padding != (k[0] // 2,) * 2 or conv.stride != (1, 1)
            ):
                raise CheckFailure(f"{where}: {_conv_text(conv)}.\n  Likely cause: {INC_PADDING}.")
        ones = [c for c in convs if c.kernel_size == (1, 1) and c.in_channels == in_channels]
        if len(ones) == 3 and {c.out_channels for c in ones} == {c1, c3_reduce, c5_reduce}:
            raise CheckFailure(
                f"{where}: only three 1x1 convolutions read the input: "
                f"{', '.join(_conv_text(c) for c in ones)}.\n  Likely cause: {INC_NO_POOL_PROJ}."
            )
        count, out, _ = _run(module, x)
        N, _, H, W = x.shape
        expected = (N, c1 + c3 + c5 + pool_proj, H, W)
        if tuple(out.shape) != expected:
            raise CheckFailure(
                f"{where}: the output has shape {tuple(out.shape)}, expected {expected} (N, "
                f"c1 + c3 + c5 + pool_proj, H, W) for x of shape {x.shape}."
            )
        return count, _numpy(out)

    return run


def _block_harness(cls: Any) -> Callable[..., tuple[int, np.ndarray]]:
    """A case of BasicBlock: its convolutions, the order they run in, (parameter count, out)."""

    def run(x: np.ndarray, in_channels: int, out_channels: int, stride: int) -> tuple:
        where = f"BasicBlock({in_channels}, {out_channels}, stride={stride})"
        block = cls(in_channels, out_channels, stride)
        _require_module(block, where)
        convs = _convs(block)
        listed = ", ".join(_conv_text(c) for c in convs) or "none"
        problem = _block_structure(convs, in_channels, out_channels, stride)
        if problem:
            raise CheckFailure(
                f"{where} has the convolutions {listed}.\n  Likely cause: {problem}."
            )
        count, out, ran = _run(block, x)
        threes = [c for c in ran if c.kernel_size == (3, 3)]
        if stride != 1 and threes and threes[0].stride != (stride, stride):
            raise CheckFailure(
                f"{where}: the first 3x3 convolution that runs is {_conv_text(threes[0])}.\n"
                f"  Likely cause: {BLOCK_STRIDE_FIRST}."
            )
        projection = [c for c in convs if c.kernel_size == (1, 1)]
        if projection and projection[0] not in ran:
            raise CheckFailure(
                f"{where}: the 1x1 convolution of the shortcut never runs.\n"
                f"  Likely cause: {BLOCK_NO_SHORTCUT}."
            )
        N, _, H, W = x.shape
        size = ((H - 1) // stride + 1, (W - 1) // stride + 1)
        if tuple(out.shape) != (N, out_channels, *size):
            raise CheckFailure(
                f"{where}: the output has shape {tuple(out.shape)} for x of shape {x.shape}, "
                f"expected {(N, out_channels, *size)}."
            )
        return count, _numpy(out)

    return run


def _block_structure(convs: list[Any], in_channels: int, out_channels: int, stride: int) -> str:
    """What is wrong with a basic block's convolutions (the mistake's sentence), or ''."""
    threes = [c for c in convs if c.kernel_size == (3, 3)]
    ones = [c for c in convs if c.kernel_size == (1, 1)]
    projection = stride != 1 or in_channels != out_channels
    if any(c.bias is not None for c in convs):
        return BLOCK_BIAS
    pairs = sorted((c.in_channels, c.out_channels) for c in threes)
    if len(convs) != len(threes) + len(ones) or pairs != sorted(
        [(in_channels, out_channels), (out_channels, out_channels)]
    ):
        return BLOCK_CONVS
    if any(c.padding != (1, 1) for c in threes):
        return BLOCK_CONVS
    if sorted(c.stride[0] for c in threes) != sorted([1, stride]):
        return BLOCK_STRIDE_FIRST
    if not projection and ones:
        return BLOCK_IDENTITY
    if projection and not ones:
        return f"{BLOCK_NO_SHORTCUT}; {BLOCK_PROJECTION}"
    if projection and (
        len(ones) != 1 or (ones[0].in_channels, ones[0].out_channels) != (in_channels, out_channels)
    ):
        return BLOCK_PROJECTION
    if projection and ones[0].stride != (stride, stride):
        return BLOCK_SHORTCUT_STRIDE
    return ""


def _net_harness(name: str) -> Callable[[Any], Callable[..., tuple[int, np.ndarray]]]:
    """The harness of resnet20 or plain20: build, fill, run; (parameter count, scores)."""

    def harness(fn: Callable[..., Any]) -> Callable[..., tuple[int, np.ndarray]]:
        def run(x: np.ndarray, **kwargs: Any) -> tuple[int, np.ndarray]:
            arguments = ", ".join(f"{key}={value!r}" for key, value in kwargs.items())
            where = f"{name}({arguments})"
            net = fn(**kwargs)
            _require_module(net, where)
            count, out, _ = _run(net, x)
            expected = (x.shape[0], kwargs.get("num_classes", 10))
            if tuple(out.shape) != expected:
                raise CheckFailure(
                    f"{where}: the scores have shape {tuple(out.shape)} for x of shape "
                    f"{x.shape}, expected {expected} (N, num_classes)."
                )
            return count, _numpy(out)

        return run

    return harness


HARNESSES: dict[str, Callable[[Any], Callable[..., Any]]] = {
    "count_params": _count_harness,
    "layer_table": _table_harness,
    "InceptionModule": _inception_harness,
    "BasicBlock": _block_harness,
    "resnet20": _net_harness("resnet20"),
    "plain20": _net_harness("plain20"),
}
"""How a case builds the network or module and calls the student's code."""

# ---------------------------------------------------------------------------------------------
# The cases.

FUNCTIONS: dict[str, tuple[str, ...]] = {
    "count_params": ("count_params",),
    "layer_table": ("layer_table",),
    "InceptionModule": ("InceptionModule",),
    "BasicBlock": ("BasicBlock",),
    "resnet20": ("resnet20", "plain20"),
}
ARG_NAMES: dict[str, tuple[str, ...]] = {
    "count_params": ("model", "device"),
    "layer_table": ("model", "dtype", "device"),
    "InceptionModule": (
        "x", "in_channels", "c1", "c3_reduce", "c3", "c5_reduce", "c5", "pool_proj"
    ),
    "BasicBlock": ("x", "in_channels", "out_channels", "stride"),
    "resnet20": ("x",),
    "plain20": ("x",),
}  # fmt: skip
NAMED_SCALARS = ("count_params", "layer_table", "InceptionModule", "BasicBlock")
OUTPUTS: dict[str, tuple[str, ...]] = {
    "layer_table": ("output_shape", "params", "memory", "flops"),
    "InceptionModule": ("parameter count", "out"),
    "BasicBlock": ("parameter count", "out"),
    "resnet20": ("parameter count", "scores"),
    "plain20": ("parameter count", "scores"),
}

SMALL = Spec(
    "small net",
    (4, 5, 5),
    (
        ("conv1", (zoo.conv(4, 4, 3, padding=1, bias=False), zoo.batchnorm(4), zoo.relu())),
        ("conv2", (zoo.frozen(zoo.conv(4, 4, 3, padding=1)),)),
        ("conv3", (zoo.shared("conv1"),)),
        ("fc", (zoo.flatten(), zoo.linear(100, 3))),
    ),
)
"""A small network with batch norm (buffers), a frozen layer and a shared one: 455 parameters."""

QUIZ = Spec("ten 5x5 filters", (3, 32, 32), (("conv", (zoo.conv(3, 10, 5, padding=2),)),))
"""The lecture's quiz: 32x32x3 input, ten 5x5 filters, stride 1, pad 2: 760 parameters."""

TABLE_NET = Spec(
    "small net",
    (3, 8, 8),
    (
        ("conv1", (zoo.conv(3, 4, 3, padding=1), zoo.relu())),
        ("pool1", (zoo.maxpool(2),)),
        ("conv2", (zoo.conv(4, 6, 3, stride=2, padding=1, bias=False), zoo.batchnorm(6))),
        ("frozen", (zoo.frozen(zoo.conv(6, 6, 1)),)),
        ("fc", (zoo.flatten(), zoo.linear(24, 5))),
    ),
)
"""A small network for the table: a conv with padding, a pool, a strided conv, a frozen layer."""

# The literals below are written by the instructor's generator from the autograder's references
# (tests/test_checks.py and tests/test_architectures.py re-derive every one of them).
# fmt: off
# CASES-BEGIN
CASES: dict[str, tuple[Case, ...]] = {
    "count_params": (
        Case("count_params",
             (SMALL, 'cpu'),
             455,
             {},
             ((COUNT_FROZEN, 603),
              (COUNT_STATE_DICT, 773),
              (COUNT_TENSORS, 5),
              (COUNT_SHARED_TWICE, 607),
              (COUNT_WEIGHTS_ONLY, 448),
              (COUNT_TOP_LEVEL, 0),),
             'batch norm (buffers), a frozen conv, a shared layer (SMALL)'),
        Case("count_params",
             (QUIZ, 'cpu'),
             760,
             {},
             ((COUNT_TENSORS, 2),
              (COUNT_WEIGHTS_ONLY, 750),),
             "the lecture's quiz: ten 5x5 filters on 32x32x3: 10 * (5*5*3 + 1)"),
        Case("count_params",
             (LENET5, 'cpu'),
             61706,
             {},
             ((COUNT_TENSORS, 10),
              (COUNT_WEIGHTS_ONLY, 61470),
              (COUNT_TOP_LEVEL, 850),),
             'LeNet-5: 61,706'),
        Case("count_params",
             (ALEXNET, 'meta'),
             62378344,
             {},
             ((COUNT_TENSORS, 16),
              (COUNT_WEIGHTS_ONLY, 62367776),
              (COUNT_TOP_LEVEL, 4097000),),
             'AlexNet: 62,378,344'),
        Case("count_params",
             (VGG16, 'meta'),
             138357544,
             {},
             ((COUNT_TENSORS, 32),
              (COUNT_WEIGHTS_ONLY, 138344128),
              (COUNT_TOP_LEVEL, 4097000),),
             'VGG-16: 138,357,544'),
    ),
    "layer_table": (
        Case("layer_table",
             (TABLE_NET, 'float32', 'cpu'),
             (_a([4, 8, 8, 4, 4, 4, 6, 2, 2, 6, 2, 2, 5, 0, 0], (5, 3)), _a([112, 0, 228, 0,
               125]), _a([1024, 256, 96, 96, 20]), _a([13824, 0, 1728, 288, 240])),
             {},
             ((LT_ELEMENTS, (_a([4, 8, 8, 4, 4, 4, 6, 2, 2, 6, 2, 2, 5, 0, 0], (5, 3)), _a([112,
               0, 228, 0, 125]), _a([256, 64, 24, 24, 5]), _a([13824, 0, 1728, 288, 240]))),
              (LT_CUMULATIVE, (_a([4, 8, 8, 4, 4, 4, 6, 2, 2, 6, 2, 2, 5, 0, 0], (5, 3)),
                _a([112, 0, 228, 0, 125]), _a([1024, 256, 96, 96, 20]), _a([13824, 13824, 15552,
                15840, 16080]))),
              (LT_MACS, (_a([4, 8, 8, 4, 4, 4, 6, 2, 2, 6, 2, 2, 5, 0, 0], (5, 3)), _a([112, 0,
                228, 0, 125]), _a([1024, 256, 96, 96, 20]), _a([6912, 0, 864, 144, 120]))),
              (LT_MODEL_PARAMS, (_a([4, 8, 8, 4, 4, 4, 6, 2, 2, 6, 2, 2, 5, 0, 0], (5, 3)),
                _a([465, 465, 465, 465, 465]), _a([1024, 256, 96, 96, 20]), _a([13824, 0, 1728,
                288, 240]))),
              (LT_INPUT, (_a([3, 8, 8, 4, 8, 8, 4, 4, 4, 6, 2, 2, 6, 2, 2], (5, 3)), _a([112, 0,
                228, 0, 125]), _a([768, 1024, 256, 96, 96]), _a([13824, 0, 1728, 288, 240]))),),
             'padding, a pool, a strided conv, a frozen layer'),
        Case("layer_table",
             (LENET5, 'float32', 'cpu'),
             (_a([6, 28, 28, 6, 14, 14, 16, 10, 10, 16, 5, 5, 120, 1, 1, 84, 0, 0, 10, 0, 0], (7,
               3)), _a([156, 0, 2416, 0, 48120, 10164, 850]), _a([18816, 4704, 6400, 1600, 480,
               336, 40]), _a([235200, 0, 480000, 0, 96000, 20160, 1680])),
             {},
             ((LT_ELEMENTS, (_a([6, 28, 28, 6, 14, 14, 16, 10, 10, 16, 5, 5, 120, 1, 1, 84, 0, 0,
               10, 0, 0], (7, 3)), _a([156, 0, 2416, 0, 48120, 10164, 850]), _a([4704, 1176, 1600,
               400, 120, 84, 10]), _a([235200, 0, 480000, 0, 96000, 20160, 1680]))),
              (LT_CUMULATIVE, (_a([6, 28, 28, 6, 14, 14, 16, 10, 10, 16, 5, 5, 120, 1, 1, 84, 0,
                0, 10, 0, 0], (7, 3)), _a([156, 0, 2416, 0, 48120, 10164, 850]), _a([18816, 4704,
                6400, 1600, 480, 336, 40]), _a([235200, 235200, 715200, 715200, 811200, 831360,
                833040]))),
              (LT_MACS, (_a([6, 28, 28, 6, 14, 14, 16, 10, 10, 16, 5, 5, 120, 1, 1, 84, 0, 0, 10,
                0, 0], (7, 3)), _a([156, 0, 2416, 0, 48120, 10164, 850]), _a([18816, 4704, 6400,
                1600, 480, 336, 40]), _a([117600, 0, 240000, 0, 48000, 10080, 840]))),
              (LT_MODEL_PARAMS, (_a([6, 28, 28, 6, 14, 14, 16, 10, 10, 16, 5, 5, 120, 1, 1, 84,
                0, 0, 10, 0, 0], (7, 3)), _a([61706, 61706, 61706, 61706, 61706, 61706, 61706]),
                _a([18816, 4704, 6400, 1600, 480, 336, 40]), _a([235200, 0, 480000, 0, 96000,
                20160, 1680]))),
              (LT_INPUT, (_a([1, 32, 32, 6, 28, 28, 6, 14, 14, 16, 10, 10, 16, 5, 5, 120, 1, 1,
                84, 0, 0], (7, 3)), _a([156, 0, 2416, 0, 48120, 10164, 850]), _a([4096, 18816,
                4704, 6400, 1600, 480, 336]), _a([235200, 0, 480000, 0, 96000, 20160, 1680]))),),
             "the lecture's LeNet-5"),
        Case("layer_table",
             (ALEXNET, 'float32', 'meta'),
             (_a([96, 55, 55, 96, 27, 27, 96, 27, 27, 256, 27, 27, 256, 13, 13, 256, 13, 13, 384,
               13, 13, 384, 13, 13, 256, 13, 13, 256, 6, 6, 4096, 0, 0, 4096, 0, 0, 1000, 0, 0],
               (13, 3)), _a([34944, 0, 0, 614656, 0, 0, 885120, 1327488, 884992, 0, 37752832,
               16781312, 4097000]), _a([1161600, 279936, 279936, 746496, 173056, 173056, 259584,
               259584, 173056, 36864, 16384, 16384, 4000]), _a([210830400, 0, 0, 895795200, 0, 0,
               299040768, 448561152, 299040768, 0, 75497472, 33554432, 8192000])),
             {},
             ((LT_ELEMENTS, (_a([96, 55, 55, 96, 27, 27, 96, 27, 27, 256, 27, 27, 256, 13, 13,
               256, 13, 13, 384, 13, 13, 384, 13, 13, 256, 13, 13, 256, 6, 6, 4096, 0, 0, 4096, 0,
               0, 1000, 0, 0], (13, 3)), _a([34944, 0, 0, 614656, 0, 0, 885120, 1327488, 884992, 0,
               37752832, 16781312, 4097000]), _a([290400, 69984, 69984, 186624, 43264, 43264,
               64896, 64896, 43264, 9216, 4096, 4096, 1000]), _a([210830400, 0, 0, 895795200, 0, 0,
               299040768, 448561152, 299040768, 0, 75497472, 33554432, 8192000]))),
              (LT_CUMULATIVE, (_a([96, 55, 55, 96, 27, 27, 96, 27, 27, 256, 27, 27, 256, 13, 13,
                256, 13, 13, 384, 13, 13, 384, 13, 13, 256, 13, 13, 256, 6, 6, 4096, 0, 0, 4096, 0,
                0, 1000, 0, 0], (13, 3)), _a([34944, 0, 0, 614656, 0, 0, 885120, 1327488, 884992,
                0, 37752832, 16781312, 4097000]), _a([1161600, 279936, 279936, 746496, 173056,
                173056, 259584, 259584, 173056, 36864, 16384, 16384, 4000]), _a([210830400,
                210830400, 210830400, 1106625600, 1106625600, 1106625600, 1405666368, 1854227520,
                2153268288, 2153268288, 2228765760, 2262320192, 2270512192]))),
              (LT_MACS, (_a([96, 55, 55, 96, 27, 27, 96, 27, 27, 256, 27, 27, 256, 13, 13, 256,
                13, 13, 384, 13, 13, 384, 13, 13, 256, 13, 13, 256, 6, 6, 4096, 0, 0, 4096, 0, 0,
                1000, 0, 0], (13, 3)), _a([34944, 0, 0, 614656, 0, 0, 885120, 1327488, 884992, 0,
                37752832, 16781312, 4097000]), _a([1161600, 279936, 279936, 746496, 173056, 173056,
                259584, 259584, 173056, 36864, 16384, 16384, 4000]), _a([105415200, 0, 0,
                447897600, 0, 0, 149520384, 224280576, 149520384, 0, 37748736, 16777216,
                4096000]))),
              (LT_MODEL_PARAMS, (_a([96, 55, 55, 96, 27, 27, 96, 27, 27, 256, 27, 27, 256, 13,
                13, 256, 13, 13, 384, 13, 13, 384, 13, 13, 256, 13, 13, 256, 6, 6, 4096, 0, 0,
                4096, 0, 0, 1000, 0, 0], (13, 3)), _a([62378344, 62378344, 62378344, 62378344,
                62378344, 62378344, 62378344, 62378344, 62378344, 62378344, 62378344, 62378344,
                62378344]), _a([1161600, 279936, 279936, 746496, 173056, 173056, 259584, 259584,
                173056, 36864, 16384, 16384, 4000]), _a([210830400, 0, 0, 895795200, 0, 0,
                299040768, 448561152, 299040768, 0, 75497472, 33554432, 8192000]))),
              (LT_INPUT, (_a([3, 227, 227, 96, 55, 55, 96, 27, 27, 96, 27, 27, 256, 27, 27, 256,
                13, 13, 256, 13, 13, 384, 13, 13, 384, 13, 13, 256, 13, 13, 256, 6, 6, 4096, 0, 0,
                4096, 0, 0], (13, 3)), _a([34944, 0, 0, 614656, 0, 0, 885120, 1327488, 884992, 0,
                37752832, 16781312, 4097000]), _a([618348, 1161600, 279936, 279936, 746496, 173056,
                173056, 259584, 259584, 173056, 36864, 16384, 16384]), _a([210830400, 0, 0,
                895795200, 0, 0, 299040768, 448561152, 299040768, 0, 75497472, 33554432,
                8192000]))),),
             "the lecture's AlexNet: CONV1 55x55x96, 34,944"),
        Case("layer_table",
             (VGG16, 'float32', 'meta'),
             (_a([64, 224, 224, 64, 224, 224, 64, 112, 112, 128, 112, 112, 128, 112, 112, 128,
               56, 56, 256, 56, 56, 256, 56, 56, 256, 56, 56, 256, 28, 28, 512, 28, 28, 512, 28,
               28, 512, 28, 28, 512, 14, 14, 512, 14, 14, 512, 14, 14, 512, 14, 14, 512, 7, 7,
               4096, 0, 0, 4096, 0, 0, 1000, 0, 0], (21, 3)), _a([1792, 36928, 0, 73856, 147584, 0,
               295168, 590080, 590080, 0, 1180160, 2359808, 2359808, 0, 2359808, 2359808, 2359808,
               0, 102764544, 16781312, 4097000]), _a([12845056, 12845056, 3211264, 6422528,
               6422528, 1605632, 3211264, 3211264, 3211264, 802816, 1605632, 1605632, 1605632,
               401408, 401408, 401408, 401408, 100352, 16384, 16384, 4000]), _a([173408256,
               3699376128, 0, 1849688064, 3699376128, 0, 1849688064, 3699376128, 3699376128, 0,
               1849688064, 3699376128, 3699376128, 0, 924844032, 924844032, 924844032, 0,
               205520896, 33554432, 8192000])),
             {},
             ((LT_ELEMENTS, (_a([64, 224, 224, 64, 224, 224, 64, 112, 112, 128, 112, 112, 128,
               112, 112, 128, 56, 56, 256, 56, 56, 256, 56, 56, 256, 56, 56, 256, 28, 28, 512, 28,
               28, 512, 28, 28, 512, 28, 28, 512, 14, 14, 512, 14, 14, 512, 14, 14, 512, 14, 14,
               512, 7, 7, 4096, 0, 0, 4096, 0, 0, 1000, 0, 0], (21, 3)), _a([1792, 36928, 0, 73856,
               147584, 0, 295168, 590080, 590080, 0, 1180160, 2359808, 2359808, 0, 2359808,
               2359808, 2359808, 0, 102764544, 16781312, 4097000]), _a([3211264, 3211264, 802816,
               1605632, 1605632, 401408, 802816, 802816, 802816, 200704, 401408, 401408, 401408,
               100352, 100352, 100352, 100352, 25088, 4096, 4096, 1000]), _a([173408256,
               3699376128, 0, 1849688064, 3699376128, 0, 1849688064, 3699376128, 3699376128, 0,
               1849688064, 3699376128, 3699376128, 0, 924844032, 924844032, 924844032, 0,
               205520896, 33554432, 8192000]))),
              (LT_CUMULATIVE, (_a([64, 224, 224, 64, 224, 224, 64, 112, 112, 128, 112, 112, 128,
                112, 112, 128, 56, 56, 256, 56, 56, 256, 56, 56, 256, 56, 56, 256, 28, 28, 512, 28,
                28, 512, 28, 28, 512, 28, 28, 512, 14, 14, 512, 14, 14, 512, 14, 14, 512, 14, 14,
                512, 7, 7, 4096, 0, 0, 4096, 0, 0, 1000, 0, 0], (21, 3)), _a([1792, 36928, 0,
                73856, 147584, 0, 295168, 590080, 590080, 0, 1180160, 2359808, 2359808, 0, 2359808,
                2359808, 2359808, 0, 102764544, 16781312, 4097000]), _a([12845056, 12845056,
                3211264, 6422528, 6422528, 1605632, 3211264, 3211264, 3211264, 802816, 1605632,
                1605632, 1605632, 401408, 401408, 401408, 401408, 100352, 16384, 16384, 4000]),
                _a([173408256, 3872784384, 3872784384, 5722472448, 9421848576, 9421848576,
                11271536640, 14970912768, 18670288896, 18670288896, 20519976960, 24219353088,
                27918729216, 27918729216, 28843573248, 29768417280, 30693261312, 30693261312,
                30898782208, 30932336640, 30940528640]))),
              (LT_MACS, (_a([64, 224, 224, 64, 224, 224, 64, 112, 112, 128, 112, 112, 128, 112,
                112, 128, 56, 56, 256, 56, 56, 256, 56, 56, 256, 56, 56, 256, 28, 28, 512, 28, 28,
                512, 28, 28, 512, 28, 28, 512, 14, 14, 512, 14, 14, 512, 14, 14, 512, 14, 14, 512,
                7, 7, 4096, 0, 0, 4096, 0, 0, 1000, 0, 0], (21, 3)), _a([1792, 36928, 0, 73856,
                147584, 0, 295168, 590080, 590080, 0, 1180160, 2359808, 2359808, 0, 2359808,
                2359808, 2359808, 0, 102764544, 16781312, 4097000]), _a([12845056, 12845056,
                3211264, 6422528, 6422528, 1605632, 3211264, 3211264, 3211264, 802816, 1605632,
                1605632, 1605632, 401408, 401408, 401408, 401408, 100352, 16384, 16384, 4000]),
                _a([86704128, 1849688064, 0, 924844032, 1849688064, 0, 924844032, 1849688064,
                1849688064, 0, 924844032, 1849688064, 1849688064, 0, 462422016, 462422016,
                462422016, 0, 102760448, 16777216, 4096000]))),
              (LT_MODEL_PARAMS, (_a([64, 224, 224, 64, 224, 224, 64, 112, 112, 128, 112, 112,
                128, 112, 112, 128, 56, 56, 256, 56, 56, 256, 56, 56, 256, 56, 56, 256, 28, 28,
                512, 28, 28, 512, 28, 28, 512, 28, 28, 512, 14, 14, 512, 14, 14, 512, 14, 14, 512,
                14, 14, 512, 7, 7, 4096, 0, 0, 4096, 0, 0, 1000, 0, 0], (21, 3)), _a([138357544,
                138357544, 138357544, 138357544, 138357544, 138357544, 138357544, 138357544,
                138357544, 138357544, 138357544, 138357544, 138357544, 138357544, 138357544,
                138357544, 138357544, 138357544, 138357544, 138357544, 138357544]), _a([12845056,
                12845056, 3211264, 6422528, 6422528, 1605632, 3211264, 3211264, 3211264, 802816,
                1605632, 1605632, 1605632, 401408, 401408, 401408, 401408, 100352, 16384, 16384,
                4000]), _a([173408256, 3699376128, 0, 1849688064, 3699376128, 0, 1849688064,
                3699376128, 3699376128, 0, 1849688064, 3699376128, 3699376128, 0, 924844032,
                924844032, 924844032, 0, 205520896, 33554432, 8192000]))),
              (LT_INPUT, (_a([3, 224, 224, 64, 224, 224, 64, 224, 224, 64, 112, 112, 128, 112,
                112, 128, 112, 112, 128, 56, 56, 256, 56, 56, 256, 56, 56, 256, 56, 56, 256, 28,
                28, 512, 28, 28, 512, 28, 28, 512, 28, 28, 512, 14, 14, 512, 14, 14, 512, 14, 14,
                512, 14, 14, 512, 7, 7, 4096, 0, 0, 4096, 0, 0], (21, 3)), _a([1792, 36928, 0,
                73856, 147584, 0, 295168, 590080, 590080, 0, 1180160, 2359808, 2359808, 0, 2359808,
                2359808, 2359808, 0, 102764544, 16781312, 4097000]), _a([602112, 12845056,
                12845056, 3211264, 6422528, 6422528, 1605632, 3211264, 3211264, 3211264, 802816,
                1605632, 1605632, 1605632, 401408, 401408, 401408, 401408, 100352, 16384, 16384]),
                _a([173408256, 3699376128, 0, 1849688064, 3699376128, 0, 1849688064, 3699376128,
                3699376128, 0, 1849688064, 3699376128, 3699376128, 0, 924844032, 924844032,
                924844032, 0, 205520896, 33554432, 8192000]))),),
             "the lecture's VGG-16: 138,357,544 parameters"),
        Case("layer_table",
             (TABLE_NET, 'float64', 'cpu'),
             (_a([4, 8, 8, 4, 4, 4, 6, 2, 2, 6, 2, 2, 5, 0, 0], (5, 3)), _a([112, 0, 228, 0,
               125]), _a([2048, 512, 192, 192, 40]), _a([13824, 0, 1728, 288, 240])),
             {},
             ((LT_ELEMENTS, (_a([4, 8, 8, 4, 4, 4, 6, 2, 2, 6, 2, 2, 5, 0, 0], (5, 3)), _a([112,
               0, 228, 0, 125]), _a([256, 64, 24, 24, 5]), _a([13824, 0, 1728, 288, 240]))),
              (LT_CUMULATIVE, (_a([4, 8, 8, 4, 4, 4, 6, 2, 2, 6, 2, 2, 5, 0, 0], (5, 3)),
                _a([112, 0, 228, 0, 125]), _a([2048, 512, 192, 192, 40]), _a([13824, 13824, 15552,
                15840, 16080]))),
              (LT_MACS, (_a([4, 8, 8, 4, 4, 4, 6, 2, 2, 6, 2, 2, 5, 0, 0], (5, 3)), _a([112, 0,
                228, 0, 125]), _a([2048, 512, 192, 192, 40]), _a([6912, 0, 864, 144, 120]))),
              (LT_MODEL_PARAMS, (_a([4, 8, 8, 4, 4, 4, 6, 2, 2, 6, 2, 2, 5, 0, 0], (5, 3)),
                _a([465, 465, 465, 465, 465]), _a([2048, 512, 192, 192, 40]), _a([13824, 0, 1728,
                288, 240]))),
              (LT_INPUT, (_a([3, 8, 8, 4, 8, 8, 4, 4, 4, 6, 2, 2, 6, 2, 2], (5, 3)), _a([112, 0,
                228, 0, 125]), _a([1536, 2048, 512, 192, 192]), _a([13824, 0, 1728, 288, 240]))),),
             'float64: 8 bytes per value'),
    ),
    "InceptionModule": (
        Case("InceptionModule",
             (fixed_input((1, 2, 2, 2)), 2, 1, 1, 1, 1, 1, 1),
             (_a([48], ()), _a([0, 0, 0, 1.7287340695617948, 0, 0, 0, 0, 0, 0.5825724112769654,
               0, 0.4090529520779186, 0, 0, 0, 0], (1, 4, 2, 2))),
             {},
             ((INC_ORDER, (_a([48], ()), _a([0, 0, 0, 1.7287340695617948, 0, 0, 0, 0, 0, 0, 0, 0,
               0, 0.5825724112769654, 0, 0.4090529520779186], (1, 4, 2, 2)))),
              (INC_ORDER, (_a([48], ()), _a([0, 0, 0, 1.7287340695617948, 0, 0.5825724112769654,
                0, 0.4090529520779186, 0, 0, 0, 0, 0, 0, 0, 0], (1, 4, 2, 2)))),
              (INC_ORDER, (_a([48], ()), _a([0, 0, 0, 0, 0, 0, 0, 1.7287340695617948, 0,
                0.5825724112769654, 0, 0.4090529520779186, 0, 0, 0, 0], (1, 4, 2, 2)))),
              (INC_ORDER, (_a([48], ()), _a([0, 0, 0, 0, 0, 0, 0, 1.7287340695617948, 0, 0, 0, 0,
                0, 0.5825724112769654, 0, 0.4090529520779186], (1, 4, 2, 2)))),
              (INC_ORDER, (_a([48], ()), _a([0, 0, 0, 0, 0, 0.5825724112769654, 0,
                0.4090529520779186, 0, 0, 0, 1.7287340695617948, 0, 0, 0, 0], (1, 4, 2, 2)))),
              (INC_ORDER, (_a([48], ()), _a([0, 0, 0, 0, 0, 0.5825724112769654, 0,
                0.4090529520779186, 0, 0, 0, 0, 0, 0, 0, 1.7287340695617948], (1, 4, 2, 2)))),
              (INC_ORDER, (_a([48], ()), _a([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.7287340695617948,
                0, 0.5825724112769654, 0, 0.4090529520779186], (1, 4, 2, 2)))),
              (INC_ORDER, (_a([48], ()), _a([0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5825724112769654, 0,
                0.4090529520779186, 0, 0, 0, 1.7287340695617948], (1, 4, 2, 2)))),
              (INC_ORDER, (_a([48], ()), _a([0, 0.5825724112769654, 0, 0.4090529520779186, 0, 0,
                0, 1.7287340695617948, 0, 0, 0, 0, 0, 0, 0, 0], (1, 4, 2, 2)))),
              (INC_ORDER, (_a([48], ()), _a([0, 0.5825724112769654, 0, 0.4090529520779186, 0, 0,
                0, 0, 0, 0, 0, 1.7287340695617948, 0, 0, 0, 0], (1, 4, 2, 2)))),
              (INC_ORDER, (_a([48], ()), _a([0, 0.5825724112769654, 0, 0.4090529520779186, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 1.7287340695617948], (1, 4, 2, 2)))),
              (INC_REDUCE_RELU, (_a([48], ()), _a([0, 0, 0, 1.7287340695617948,
                0.5608495205951408, 0, 0.9161237316387152, 0, 0, 0.5825724112769654, 0,
                0.4090529520779186, 0, 0, 0, 0], (1, 4, 2, 2)))),
              (INC_REDUCE_RELU, (_a([48], ()), _a([0, 0, 0, 1.7287340695617948, 0, 0, 0, 0, 0,
                1.110753039021524, 0, 0, 0, 0, 0, 0], (1, 4, 2, 2)))),
              (INC_REDUCE_RELU, (_a([48], ()), _a([0, 0, 0, 1.7287340695617948,
                0.5608495205951408, 0, 0.9161237316387152, 0, 0, 1.110753039021524, 0, 0, 0, 0, 0,
                0], (1, 4, 2, 2)))),
              (INC_OUT_RELU, (_a([48], ()), _a([-1.502658672897142, -0.19962506065221874,
                -2.6082487519188655, 1.7287340695617948, 0, 0, 0, 0, 0, 0.5825724112769654, 0,
                0.4090529520779186, 0, 0, 0, 0], (1, 4, 2, 2)))),
              (INC_OUT_RELU, (_a([48], ()), _a([0, 0, 0, 1.7287340695617948, -0.4715772030059908,
                -0.47216402431602994, -0.18169208824758126, -0.4285654419123671, 0,
                0.5825724112769654, 0, 0.4090529520779186, 0, 0, 0, 0], (1, 4, 2, 2)))),
              (INC_OUT_RELU, (_a([48], ()), _a([0, 0, 0, 1.7287340695617948, 0, 0, 0, 0,
                -0.6885837288501769, 0.5825724112769654, -0.12394953780869497, 0.4090529520779186,
                0, 0, 0, 0], (1, 4, 2, 2)))),
              (INC_OUT_RELU, (_a([48], ()), _a([0, 0, 0, 1.7287340695617948, 0, 0, 0, 0, 0,
                0.5825724112769654, 0, 0.4090529520779186, -1.0481257757042388,
                -1.0481257757042388, -1.0481257757042388, -1.0481257757042388], (1, 4, 2, 2)))),
              (INC_OUT_RELU, (_a([48], ()), _a([-1.502658672897142, -0.19962506065221874,
                -2.6082487519188655, 1.7287340695617948, -0.4715772030059908, -0.47216402431602994,
                -0.18169208824758126, -0.4285654419123671, -0.6885837288501769, 0.5825724112769654,
                -0.12394953780869497, 0.4090529520779186, -1.0481257757042388, -1.0481257757042388,
                -1.0481257757042388, -1.0481257757042388], (1, 4, 2, 2)))),),
             'one channel per branch: every order of the branches'),
        Case("InceptionModule",
             (fixed_input((2, 3, 3, 4)), 3, 2, 2, 3, 1, 2, 1),
             (_a([133], ()), _a([0, 2.9378268471897435, 0, 0.8405408846181663,
               1.1468484088847213, 2.775085198650111, 0, 0, 1.692489586998461, 2.358514335144201,
               0, 2.6929985033744197, 0.27854075911090703, 0, 3.118984549404501,
               0.5513736098616334, 0, 0, 0, 0.11782986204429902, 0, 0, 1.4168144601321593, 0, 0, 0,
               4.256210146819808, 1.6424328704701894, 0, 0, 0.5976916078345007, 0, 0, 0, 0, 0,
               2.203434238443974, 0, 2.146955422245711, 0, 1.5589439104588614, 0,
               3.0145287214983942, 0.8394580774967985, 0, 0, 1.2509852601073168, 0,
               2.0851761207011736, 0.470879957983552, 0, 1.5220912988860151, 0.7375499893240852,
               1.1463836726550278, 1.9349600909294933, 1.2560472729848862, 0, 0.344089551084898,
               1.8347594368632745, 1.0333442912811348, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
               0.5016720825210587, 0.8847795652308641, 1.2692601138906292, 0, 0, 0.29971244357538,
               0.044629493440772425, 0, 0, 1.2769115502372974, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
               0, 0, 1.3179493894918788, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.205171717982679, 0,
               0.6049228466976284, 0, 1.0795807280910998, 0.9787842142332792, 0.722977523583007,
               2.336083484226529, 0.7598637371741572, 2.0704722500380957, 1.822733766336594,
               2.624904082161363, 0, 0, 1.9577768288932282, 1.2884963682639161, 1.6187579502943013,
               0.7867207485899941, 1.682979328951776, 2.8354334878117933, 2.137349129332173,
               0.5805635618724, 0.7738803925609296, 0.444430175003083, 0, 0, 0.12847497825261445,
               0.09041734737481219, 0.46533356643604434, 0, 0, 0.8393967502356336, 0, 0, 0, 0, 0,
               0, 0.6887362010351011, 0, 0.25827232525202215, 0, 0.5459059382581981,
               0.17486581773106336, 2.705065465445668, 0, 0.7390527426337974, 0.8650775793175951,
               1.5048938108224532, 0.25025125783625074, 0, 0.2511246380707618, 0, 0, 0, 0, 0, 0, 0,
               0, 0, 0.5649319900553672, 0, 0.1667974082733409, 0, 0.317740119222461, 0,
               0.6904333484329788, 0, 0, 0.33366070185436814, 0.11858619237333745,
               0.7105295228226957, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], (2, 8, 3, 4))),
             {},
             ((INC_ORDER, (_a([133], ()), _a([0, 2.9378268471897435, 0, 0.8405408846181663,
               1.1468484088847213, 2.775085198650111, 0, 0, 1.692489586998461, 2.358514335144201,
               0, 2.6929985033744197, 0.27854075911090703, 0, 3.118984549404501,
               0.5513736098616334, 0, 0, 0, 0.11782986204429902, 0, 0, 1.4168144601321593, 0, 0, 0,
               4.256210146819808, 1.6424328704701894, 0, 0, 0.5976916078345007, 0, 0, 0, 0, 0,
               2.203434238443974, 0, 2.146955422245711, 0, 1.5589439104588614, 0,
               3.0145287214983942, 0.8394580774967985, 0, 0, 1.2509852601073168, 0,
               2.0851761207011736, 0.470879957983552, 0, 1.5220912988860151, 0.7375499893240852,
               1.1463836726550278, 1.9349600909294933, 1.2560472729848862, 0, 0.344089551084898,
               1.8347594368632745, 1.0333442912811348, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
               0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5016720825210587, 0.8847795652308641,
               1.2692601138906292, 0, 0, 0.29971244357538, 0.044629493440772425, 0, 0,
               1.2769115502372974, 0, 0, 1.3179493894918788, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
               1.205171717982679, 0, 0.6049228466976284, 0, 1.0795807280910998, 0.9787842142332792,
               0.722977523583007, 2.336083484226529, 0.7598637371741572, 2.0704722500380957,
               1.822733766336594, 2.624904082161363, 0, 0, 1.9577768288932282, 1.2884963682639161,
               1.6187579502943013, 0.7867207485899941, 1.682979328951776, 2.8354334878117933,
               2.137349129332173, 0.5805635618724, 0.7738803925609296, 0.444430175003083, 0, 0,
               0.12847497825261445, 0.09041734737481219, 0.46533356643604434, 0, 0,
               0.8393967502356336, 0, 0, 0, 0, 0, 0, 0.6887362010351011, 0, 0.25827232525202215, 0,
               0.5459059382581981, 0.17486581773106336, 2.705065465445668, 0, 0.7390527426337974,
               0.8650775793175951, 1.5048938108224532, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
               0.25025125783625074, 0, 0.2511246380707618, 0, 0, 0, 0, 0, 0, 0, 0, 0,
               0.5649319900553672, 0, 0.1667974082733409, 0, 0.317740119222461, 0,
               0.6904333484329788, 0, 0, 0.33366070185436814, 0.11858619237333745,
               0.7105295228226957], (2, 8, 3, 4)))),
              (INC_ORDER, (_a([133], ()), _a([0, 2.9378268471897435, 0, 0.8405408846181663,
                1.1468484088847213, 2.775085198650111, 0, 0, 1.692489586998461, 2.358514335144201,
                0, 2.6929985033744197, 0.27854075911090703, 0, 3.118984549404501,
                0.5513736098616334, 0, 0, 0, 0.11782986204429902, 0, 0, 1.4168144601321593, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5016720825210587, 0.8847795652308641,
                1.2692601138906292, 0, 0, 0.29971244357538, 0.044629493440772425, 0, 0,
                1.2769115502372974, 0, 0, 0, 0, 4.256210146819808, 1.6424328704701894, 0, 0,
                0.5976916078345007, 0, 0, 0, 0, 0, 2.203434238443974, 0, 2.146955422245711, 0,
                1.5589439104588614, 0, 3.0145287214983942, 0.8394580774967985, 0, 0,
                1.2509852601073168, 0, 2.0851761207011736, 0.470879957983552, 0,
                1.5220912988860151, 0.7375499893240852, 1.1463836726550278, 1.9349600909294933,
                1.2560472729848862, 0, 0.344089551084898, 1.8347594368632745, 1.0333442912811348,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.3179493894918788, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 1.205171717982679, 0, 0.6049228466976284, 0, 1.0795807280910998,
                0.9787842142332792, 0.722977523583007, 2.336083484226529, 0.7598637371741572,
                2.0704722500380957, 1.822733766336594, 2.624904082161363, 0, 0.25025125783625074,
                0, 0.2511246380707618, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5649319900553672, 0,
                0.1667974082733409, 0, 0.317740119222461, 0, 0.6904333484329788, 0, 0,
                0.33366070185436814, 0.11858619237333745, 0.7105295228226957, 0,
                1.9577768288932282, 1.2884963682639161, 1.6187579502943013, 0.7867207485899941,
                1.682979328951776, 2.8354334878117933, 2.137349129332173, 0.5805635618724,
                0.7738803925609296, 0.444430175003083, 0, 0, 0.12847497825261445,
                0.09041734737481219, 0.46533356643604434, 0, 0, 0.8393967502356336, 0, 0, 0, 0, 0,
                0, 0.6887362010351011, 0, 0.25827232525202215, 0, 0.5459059382581981,
                0.17486581773106336, 2.705065465445668, 0, 0.7390527426337974, 0.8650775793175951,
                1.5048938108224532, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], (2, 8, 3, 4)))),
              (INC_ORDER, (_a([133], ()), _a([0, 2.9378268471897435, 0, 0.8405408846181663,
                1.1468484088847213, 2.775085198650111, 0, 0, 1.692489586998461, 2.358514335144201,
                0, 2.6929985033744197, 0.27854075911090703, 0, 3.118984549404501,
                0.5513736098616334, 0, 0, 0, 0.11782986204429902, 0, 0, 1.4168144601321593, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5016720825210587, 0.8847795652308641,
                1.2692601138906292, 0, 0, 0.29971244357538, 0.044629493440772425, 0, 0,
                1.2769115502372974, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                4.256210146819808, 1.6424328704701894, 0, 0, 0.5976916078345007, 0, 0, 0, 0, 0,
                2.203434238443974, 0, 2.146955422245711, 0, 1.5589439104588614, 0,
                3.0145287214983942, 0.8394580774967985, 0, 0, 1.2509852601073168, 0,
                2.0851761207011736, 0.470879957983552, 0, 1.5220912988860151, 0.7375499893240852,
                1.1463836726550278, 1.9349600909294933, 1.2560472729848862, 0, 0.344089551084898,
                1.8347594368632745, 1.0333442912811348, 1.3179493894918788, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 1.205171717982679, 0, 0.6049228466976284, 0, 1.0795807280910998,
                0.9787842142332792, 0.722977523583007, 2.336083484226529, 0.7598637371741572,
                2.0704722500380957, 1.822733766336594, 2.624904082161363, 0, 0.25025125783625074,
                0, 0.2511246380707618, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5649319900553672, 0,
                0.1667974082733409, 0, 0.317740119222461, 0, 0.6904333484329788, 0, 0,
                0.33366070185436814, 0.11858619237333745, 0.7105295228226957, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 1.9577768288932282, 1.2884963682639161, 1.6187579502943013,
                0.7867207485899941, 1.682979328951776, 2.8354334878117933, 2.137349129332173,
                0.5805635618724, 0.7738803925609296, 0.444430175003083, 0, 0, 0.12847497825261445,
                0.09041734737481219, 0.46533356643604434, 0, 0, 0.8393967502356336, 0, 0, 0, 0, 0,
                0, 0.6887362010351011, 0, 0.25827232525202215, 0, 0.5459059382581981,
                0.17486581773106336, 2.705065465445668, 0, 0.7390527426337974, 0.8650775793175951,
                1.5048938108224532], (2, 8, 3, 4)))),
              (INC_REDUCE_RELU, (_a([133], ()), _a([0, 2.9378268471897435, 0, 0.8405408846181663,
                1.1468484088847213, 2.775085198650111, 0, 0, 1.692489586998461, 2.358514335144201,
                0, 2.6929985033744197, 0.27854075911090703, 0, 3.118984549404501,
                0.5513736098616334, 0, 0, 0, 0.11782986204429902, 0, 0, 1.4168144601321593, 0, 0,
                0, 3.947785562502001, 0, 0, 0, 1.054291175770535, 0, 0, 0, 0, 0,
                2.7685624267147837, 0, 3.5954617689833834, 0, 3.2481886257867143, 0,
                3.736382470713165, 0.26850803559522385, 0.7001807930642044, 0, 2.008348473360313,
                0, 2.672365890341378, 0, 0, 0.13259569908412908, 1.0534126825696544,
                2.295392591841807, 0.5394238794349497, 0.7141082116585339, 0, 0.8780453052247751,
                1.1322906902740928, 0.6313645089592579, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0.5016720825210587, 0.8847795652308641, 1.2692601138906292, 0, 0, 0.29971244357538,
                0.044629493440772425, 0, 0, 1.2769115502372974, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 1.3179493894918788, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.205171717982679, 0,
                0.6049228466976284, 0, 1.0795807280910998, 0.9787842142332792, 0.722977523583007,
                2.336083484226529, 0.7598637371741572, 2.0704722500380957, 1.822733766336594,
                2.624904082161363, 0, 0, 1.599744918360019, 1.1900566120473206, 1.006702920395054,
                1.4935548993600987, 2.231927170970171, 4.716956434758099, 0.30724036468401517,
                2.6900667536254983, 4.27585642527645, 2.869472751731416, 0, 0, 0, 0,
                0.29197704585848383, 0, 0, 0.8638203043590796, 0, 0.11251730257189015, 0,
                0.44793971160602425, 0, 0, 0, 0, 0.5999268932983802, 0, 0, 0, 3.5240496210367436,
                0, 0.8272446975016647, 0.9003622756072118, 0.08810136397416962,
                0.25025125783625074, 0, 0.2511246380707618, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0.5649319900553672, 0, 0.1667974082733409, 0, 0.317740119222461, 0,
                0.6904333484329788, 0, 0, 0.33366070185436814, 0.11858619237333745,
                0.7105295228226957, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], (2, 8, 3, 4)))),
              (INC_REDUCE_RELU, (_a([133], ()), _a([0, 2.9378268471897435, 0, 0.8405408846181663,
                1.1468484088847213, 2.775085198650111, 0, 0, 1.692489586998461, 2.358514335144201,
                0, 2.6929985033744197, 0.27854075911090703, 0, 3.118984549404501,
                0.5513736098616334, 0, 0, 0, 0.11782986204429902, 0, 0, 1.4168144601321593, 0, 0,
                0, 4.256210146819808, 1.6424328704701894, 0, 0, 0.5976916078345007, 0, 0, 0, 0, 0,
                2.203434238443974, 0, 2.146955422245711, 0, 1.5589439104588614, 0,
                3.0145287214983942, 0.8394580774967985, 0, 0, 1.2509852601073168, 0,
                2.0851761207011736, 0.470879957983552, 0, 1.5220912988860151, 0.7375499893240852,
                1.1463836726550278, 1.9349600909294933, 1.2560472729848862, 0, 0.344089551084898,
                1.8347594368632745, 1.0333442912811348, 0, 0, 0, 0, 0.8162769863140853,
                4.053797628611358, 3.58535375196238, 2.221861319359112, 0, 0, 0,
                1.0186011544481681, 0.34622036654164057, 2.965619680453692, 1.538884567650883,
                0.46061782469482215, 0, 0.4915884652640874, 0, 0.17148269076591388,
                0.42076156237734375, 2.012997894071303, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                1.3179493894918788, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.205171717982679, 0,
                0.6049228466976284, 0, 1.0795807280910998, 0.9787842142332792, 0.722977523583007,
                2.336083484226529, 0.7598637371741572, 2.0704722500380957, 1.822733766336594,
                2.624904082161363, 0, 0, 1.9577768288932282, 1.2884963682639161,
                1.6187579502943013, 0.7867207485899941, 1.682979328951776, 2.8354334878117933,
                2.137349129332173, 0.5805635618724, 0.7738803925609296, 0.444430175003083, 0, 0,
                0.12847497825261445, 0.09041734737481219, 0.46533356643604434, 0, 0,
                0.8393967502356336, 0, 0, 0, 0, 0, 0, 0.6887362010351011, 0, 0.25827232525202215,
                0, 0.5459059382581981, 0.17486581773106336, 2.705065465445668, 0,
                0.7390527426337974, 0.8650775793175951, 1.5048938108224532, 0.276561715147278,
                1.692086200569021, 1.5190662206077776, 0.09456497512040984, 0.9069598161744828,
                1.8647509230474006, 0.46659549958955276, 0, 1.2529968417292092, 1.944719119322577,
                2.1227274344431875, 0, 1.2079169735692616, 0.02504960124433997, 0,
                0.1509590599569105, 1.321469681791854, 1.3868999658689145, 0, 0, 0,
                0.8862222570875778, 0, 0.9837399066238061, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], (2,
                8, 3, 4)))),
              (INC_REDUCE_RELU, (_a([133], ()), _a([0, 2.9378268471897435, 0, 0.8405408846181663,
                1.1468484088847213, 2.775085198650111, 0, 0, 1.692489586998461, 2.358514335144201,
                0, 2.6929985033744197, 0.27854075911090703, 0, 3.118984549404501,
                0.5513736098616334, 0, 0, 0, 0.11782986204429902, 0, 0, 1.4168144601321593, 0, 0,
                0, 3.947785562502001, 0, 0, 0, 1.054291175770535, 0, 0, 0, 0, 0,
                2.7685624267147837, 0, 3.5954617689833834, 0, 3.2481886257867143, 0,
                3.736382470713165, 0.26850803559522385, 0.7001807930642044, 0, 2.008348473360313,
                0, 2.672365890341378, 0, 0, 0.13259569908412908, 1.0534126825696544,
                2.295392591841807, 0.5394238794349497, 0.7141082116585339, 0, 0.8780453052247751,
                1.1322906902740928, 0.6313645089592579, 0, 0, 0, 0, 0.8162769863140853,
                4.053797628611358, 3.58535375196238, 2.221861319359112, 0, 0, 0,
                1.0186011544481681, 0.34622036654164057, 2.965619680453692, 1.538884567650883,
                0.46061782469482215, 0, 0.4915884652640874, 0, 0.17148269076591388,
                0.42076156237734375, 2.012997894071303, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                1.3179493894918788, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.205171717982679, 0,
                0.6049228466976284, 0, 1.0795807280910998, 0.9787842142332792, 0.722977523583007,
                2.336083484226529, 0.7598637371741572, 2.0704722500380957, 1.822733766336594,
                2.624904082161363, 0, 0, 1.599744918360019, 1.1900566120473206, 1.006702920395054,
                1.4935548993600987, 2.231927170970171, 4.716956434758099, 0.30724036468401517,
                2.6900667536254983, 4.27585642527645, 2.869472751731416, 0, 0, 0, 0,
                0.29197704585848383, 0, 0, 0.8638203043590796, 0, 0.11251730257189015, 0,
                0.44793971160602425, 0, 0, 0, 0, 0.5999268932983802, 0, 0, 0, 3.5240496210367436,
                0, 0.8272446975016647, 0.9003622756072118, 0.08810136397416962, 0.276561715147278,
                1.692086200569021, 1.5190662206077776, 0.09456497512040984, 0.9069598161744828,
                1.8647509230474006, 0.46659549958955276, 0, 1.2529968417292092, 1.944719119322577,
                2.1227274344431875, 0, 1.2079169735692616, 0.02504960124433997, 0,
                0.1509590599569105, 1.321469681791854, 1.3868999658689145, 0, 0, 0,
                0.8862222570875778, 0, 0.9837399066238061, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], (2,
                8, 3, 4)))),
              (INC_OUT_RELU, (_a([133], ()), _a([-0.7236842433132584, 2.9378268471897435,
                -3.287830960502308, 0.8405408846181663, 1.1468484088847213, 2.775085198650111,
                -1.0340330601149494, -0.04867499114203744, 1.692489586998461, 2.358514335144201,
                -0.9826393479067034, 2.6929985033744197, 0.27854075911090703, -2.331279559565245,
                3.118984549404501, 0.5513736098616334, -1.0823302517012232, -1.9675412680282247,
                -0.12152051806885988, 0.11782986204429902, -0.4650321137862492,
                -2.1289957855562927, 1.4168144601321593, -0.9774996147694364, 0, 0,
                4.256210146819808, 1.6424328704701894, 0, 0, 0.5976916078345007, 0, 0, 0, 0, 0,
                2.203434238443974, 0, 2.146955422245711, 0, 1.5589439104588614, 0,
                3.0145287214983942, 0.8394580774967985, 0, 0, 1.2509852601073168, 0,
                2.0851761207011736, 0.470879957983552, 0, 1.5220912988860151, 0.7375499893240852,
                1.1463836726550278, 1.9349600909294933, 1.2560472729848862, 0, 0.344089551084898,
                1.8347594368632745, 1.0333442912811348, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0.5016720825210587, 0.8847795652308641, 1.2692601138906292, 0, 0, 0.29971244357538,
                0.044629493440772425, 0, 0, 1.2769115502372974, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 1.3179493894918788, -0.9909329621575738, -0.320514910552566,
                -1.7357280980856586, -0.3704356726988296, -0.9044890180764636, -2.4422570477400725,
                -1.0022307545560547, -1.298872678440249, -1.6481372340999647, -2.9833095611776583,
                1.205171717982679, -0.07447364860720374, 0.6049228466976284, -0.1273305220973604,
                1.0795807280910998, 0.9787842142332792, 0.722977523583007, 2.336083484226529,
                0.7598637371741572, 2.0704722500380957, 1.822733766336594, 2.624904082161363,
                -1.3510677959832407, 0, 1.9577768288932282, 1.2884963682639161, 1.6187579502943013,
                0.7867207485899941, 1.682979328951776, 2.8354334878117933, 2.137349129332173,
                0.5805635618724, 0.7738803925609296, 0.444430175003083, 0, 0, 0.12847497825261445,
                0.09041734737481219, 0.46533356643604434, 0, 0, 0.8393967502356336, 0, 0, 0, 0, 0,
                0, 0.6887362010351011, 0, 0.25827232525202215, 0, 0.5459059382581981,
                0.17486581773106336, 2.705065465445668, 0, 0.7390527426337974, 0.8650775793175951,
                1.5048938108224532, 0.25025125783625074, 0, 0.2511246380707618, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0.5649319900553672, 0, 0.1667974082733409, 0, 0.317740119222461, 0,
                0.6904333484329788, 0, 0, 0.33366070185436814, 0.11858619237333745,
                0.7105295228226957, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], (2, 8, 3, 4)))),
              (INC_OUT_RELU, (_a([133], ()), _a([0, 2.9378268471897435, 0, 0.8405408846181663,
                1.1468484088847213, 2.775085198650111, 0, 0, 1.692489586998461, 2.358514335144201,
                0, 2.6929985033744197, 0.27854075911090703, 0, 3.118984549404501,
                0.5513736098616334, 0, 0, 0, 0.11782986204429902, 0, 0, 1.4168144601321593, 0,
                -0.5722826690354939, -0.8685873822159245, 4.256210146819808, 1.6424328704701894,
                -2.9072105075017234, -1.845757504287799, 0.5976916078345007, -1.2251657535924951,
                -3.835973446381803, -1.8321482417884112, -1.0116471818564525, -0.580218628402871,
                2.203434238443974, -0.48828557235051295, 2.146955422245711, -1.114509201140634,
                1.5589439104588614, -2.1179039955265284, 3.0145287214983942, 0.8394580774967985,
                -0.28703114297027216, -0.4095406518887639, 1.2509852601073168, -1.3209441770218218,
                2.0851761207011736, 0.470879957983552, -0.8221311902928192, 1.5220912988860151,
                0.7375499893240852, 1.1463836726550278, 1.9349600909294933, 1.2560472729848862,
                -1.3277598654572353, 0.344089551084898, 1.8347594368632745, 1.0333442912811348, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5016720825210587, 0.8847795652308641,
                1.2692601138906292, 0, 0, 0.29971244357538, 0.044629493440772425, 0, 0,
                1.2769115502372974, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.3179493894918788,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.205171717982679, 0, 0.6049228466976284, 0,
                1.0795807280910998, 0.9787842142332792, 0.722977523583007, 2.336083484226529,
                0.7598637371741572, 2.0704722500380957, 1.822733766336594, 2.624904082161363, 0,
                -0.2635335940266829, 1.9577768288932282, 1.2884963682639161, 1.6187579502943013,
                0.7867207485899941, 1.682979328951776, 2.8354334878117933, 2.137349129332173,
                0.5805635618724, 0.7738803925609296, 0.444430175003083, -0.2850171995147204,
                -0.46531307597544636, 0.12847497825261445, 0.09041734737481219,
                0.46533356643604434, -0.38814860025991893, -0.39417494839065487,
                0.8393967502356336, -0.14968547703578403, -0.08205000235784014,
                -1.5423242604384193, -0.1681273409270025, -0.8409235246246183, -0.2973762524852217,
                0.6887362010351011, -0.29757114922075595, 0.25827232525202215, -1.2761551677243674,
                0.5459059382581981, 0.17486581773106336, 2.705065465445668, -0.7110263795742953,
                0.7390527426337974, 0.8650775793175951, 1.5048938108224532, 0.25025125783625074, 0,
                0.2511246380707618, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5649319900553672, 0,
                0.1667974082733409, 0, 0.317740119222461, 0, 0.6904333484329788, 0, 0,
                0.33366070185436814, 0.11858619237333745, 0.7105295228226957, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0], (2, 8, 3, 4)))),
              (INC_OUT_RELU, (_a([133], ()), _a([0, 2.9378268471897435, 0, 0.8405408846181663,
                1.1468484088847213, 2.775085198650111, 0, 0, 1.692489586998461, 2.358514335144201,
                0, 2.6929985033744197, 0.27854075911090703, 0, 3.118984549404501,
                0.5513736098616334, 0, 0, 0, 0.11782986204429902, 0, 0, 1.4168144601321593, 0, 0,
                0, 4.256210146819808, 1.6424328704701894, 0, 0, 0.5976916078345007, 0, 0, 0, 0, 0,
                2.203434238443974, 0, 2.146955422245711, 0, 1.5589439104588614, 0,
                3.0145287214983942, 0.8394580774967985, 0, 0, 1.2509852601073168, 0,
                2.0851761207011736, 0.470879957983552, 0, 1.5220912988860151, 0.7375499893240852,
                1.1463836726550278, 1.9349600909294933, 1.2560472729848862, 0, 0.344089551084898,
                1.8347594368632745, 1.0333442912811348, -1.0592227477619143, -1.9978514607411655,
                -1.8909733508051088, -1.9129038593937853, -0.6120694131971065,
                -0.05569378989678918, -0.2868868226698838, -1.41320529256147, -1.5264430488718512,
                -2.2961975495718496, -1.1217552619182056, -1.5137165971152118, 0.5016720825210587,
                0.8847795652308641, 1.2692601138906292, -0.3577869588422839, -1.2042223521729738,
                0.29971244357538, 0.044629493440772425, -1.2234704884015657, -0.3428808283924607,
                1.2769115502372974, -0.22442625554615883, -1.662502176188034, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 1.3179493894918788, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.205171717982679,
                0, 0.6049228466976284, 0, 1.0795807280910998, 0.9787842142332792,
                0.722977523583007, 2.336083484226529, 0.7598637371741572, 2.0704722500380957,
                1.822733766336594, 2.624904082161363, 0, 0, 1.9577768288932282, 1.2884963682639161,
                1.6187579502943013, 0.7867207485899941, 1.682979328951776, 2.8354334878117933,
                2.137349129332173, 0.5805635618724, 0.7738803925609296, 0.444430175003083, 0, 0,
                0.12847497825261445, 0.09041734737481219, 0.46533356643604434, 0, 0,
                0.8393967502356336, 0, 0, 0, 0, 0, 0, 0.6887362010351011, 0, 0.25827232525202215,
                0, 0.5459059382581981, 0.17486581773106336, 2.705065465445668, 0,
                0.7390527426337974, 0.8650775793175951, 1.5048938108224532, 0.25025125783625074,
                -0.640172611091473, 0.2511246380707618, -0.23235057864501474, -0.6433840044975155,
                -1.6373413822185952, -1.9186905034901194, -1.9881550491744795,
                -0.10626697322136025, -0.8596608746940279, -0.05460863296949803,
                -0.9055874520294973, 0.5649319900553672, -0.9961659477068384, 0.1667974082733409,
                -0.08490764762415381, 0.317740119222461, -0.23788638272541585, 0.6904333484329788,
                -1.1380527953701918, -0.640483884874471, 0.33366070185436814, 0.11858619237333745,
                0.7105295228226957, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], (2, 8, 3, 4)))),
              (INC_OUT_RELU, (_a([133], ()), _a([0, 2.9378268471897435, 0, 0.8405408846181663,
                1.1468484088847213, 2.775085198650111, 0, 0, 1.692489586998461, 2.358514335144201,
                0, 2.6929985033744197, 0.27854075911090703, 0, 3.118984549404501,
                0.5513736098616334, 0, 0, 0, 0.11782986204429902, 0, 0, 1.4168144601321593, 0, 0,
                0, 4.256210146819808, 1.6424328704701894, 0, 0, 0.5976916078345007, 0, 0, 0, 0, 0,
                2.203434238443974, 0, 2.146955422245711, 0, 1.5589439104588614, 0,
                3.0145287214983942, 0.8394580774967985, 0, 0, 1.2509852601073168, 0,
                2.0851761207011736, 0.470879957983552, 0, 1.5220912988860151, 0.7375499893240852,
                1.1463836726550278, 1.9349600909294933, 1.2560472729848862, 0, 0.344089551084898,
                1.8347594368632745, 1.0333442912811348, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0.5016720825210587, 0.8847795652308641, 1.2692601138906292, 0, 0, 0.29971244357538,
                0.044629493440772425, 0, 0, 1.2769115502372974, 0, 0, -1.1700932633115326,
                -1.1700932633115326, -2.433234515933028, -2.600863719718338, -1.475883889374051,
                -1.475883889374051, -2.5993998148985247, -2.8414175633049563, -1.0653330430920458,
                -1.0653330430920458, -2.5993998148985247, -2.8414175633049563, 1.3179493894918788,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.205171717982679, 0, 0.6049228466976284, 0,
                1.0795807280910998, 0.9787842142332792, 0.722977523583007, 2.336083484226529,
                0.7598637371741572, 2.0704722500380957, 1.822733766336594, 2.624904082161363, 0, 0,
                1.9577768288932282, 1.2884963682639161, 1.6187579502943013, 0.7867207485899941,
                1.682979328951776, 2.8354334878117933, 2.137349129332173, 0.5805635618724,
                0.7738803925609296, 0.444430175003083, 0, 0, 0.12847497825261445,
                0.09041734737481219, 0.46533356643604434, 0, 0, 0.8393967502356336, 0, 0, 0, 0, 0,
                0, 0.6887362010351011, 0, 0.25827232525202215, 0, 0.5459059382581981,
                0.17486581773106336, 2.705065465445668, 0, 0.7390527426337974, 0.8650775793175951,
                1.5048938108224532, 0.25025125783625074, 0, 0.2511246380707618, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0.5649319900553672, 0, 0.1667974082733409, 0, 0.317740119222461, 0,
                0.6904333484329788, 0, 0, 0.33366070185436814, 0.11858619237333745,
                0.7105295228226957, -2.1168334948404954, -1.6633956389534545, -1.4352681346144696,
                -1.4352681346144696, -2.1943485657444026, -1.7409107098573617, -1.6711985879402813,
                -1.6711985879402813, -1.5405386558638159, -1.56608120599302, -1.6767166654498482,
                -1.6767166654498482], (2, 8, 3, 4)))),
              (INC_OUT_RELU, (_a([133], ()), _a([-0.7236842433132584, 2.9378268471897435,
                -3.287830960502308, 0.8405408846181663, 1.1468484088847213, 2.775085198650111,
                -1.0340330601149494, -0.04867499114203744, 1.692489586998461, 2.358514335144201,
                -0.9826393479067034, 2.6929985033744197, 0.27854075911090703, -2.331279559565245,
                3.118984549404501, 0.5513736098616334, -1.0823302517012232, -1.9675412680282247,
                -0.12152051806885988, 0.11782986204429902, -0.4650321137862492,
                -2.1289957855562927, 1.4168144601321593, -0.9774996147694364, -0.5722826690354939,
                -0.8685873822159245, 4.256210146819808, 1.6424328704701894, -2.9072105075017234,
                -1.845757504287799, 0.5976916078345007, -1.2251657535924951, -3.835973446381803,
                -1.8321482417884112, -1.0116471818564525, -0.580218628402871, 2.203434238443974,
                -0.48828557235051295, 2.146955422245711, -1.114509201140634, 1.5589439104588614,
                -2.1179039955265284, 3.0145287214983942, 0.8394580774967985, -0.28703114297027216,
                -0.4095406518887639, 1.2509852601073168, -1.3209441770218218, 2.0851761207011736,
                0.470879957983552, -0.8221311902928192, 1.5220912988860151, 0.7375499893240852,
                1.1463836726550278, 1.9349600909294933, 1.2560472729848862, -1.3277598654572353,
                0.344089551084898, 1.8347594368632745, 1.0333442912811348, -1.0592227477619143,
                -1.9978514607411655, -1.8909733508051088, -1.9129038593937853, -0.6120694131971065,
                -0.05569378989678918, -0.2868868226698838, -1.41320529256147, -1.5264430488718512,
                -2.2961975495718496, -1.1217552619182056, -1.5137165971152118, 0.5016720825210587,
                0.8847795652308641, 1.2692601138906292, -0.3577869588422839, -1.2042223521729738,
                0.29971244357538, 0.044629493440772425, -1.2234704884015657, -0.3428808283924607,
                1.2769115502372974, -0.22442625554615883, -1.662502176188034, -1.1700932633115326,
                -1.1700932633115326, -2.433234515933028, -2.600863719718338, -1.475883889374051,
                -1.475883889374051, -2.5993998148985247, -2.8414175633049563, -1.0653330430920458,
                -1.0653330430920458, -2.5993998148985247, -2.8414175633049563, 1.3179493894918788,
                -0.9909329621575738, -0.320514910552566, -1.7357280980856586, -0.3704356726988296,
                -0.9044890180764636, -2.4422570477400725, -1.0022307545560547, -1.298872678440249,
                -1.6481372340999647, -2.9833095611776583, 1.205171717982679, -0.07447364860720374,
                0.6049228466976284, -0.1273305220973604, 1.0795807280910998, 0.9787842142332792,
                0.722977523583007, 2.336083484226529, 0.7598637371741572, 2.0704722500380957,
                1.822733766336594, 2.624904082161363, -1.3510677959832407, -0.2635335940266829,
                1.9577768288932282, 1.2884963682639161, 1.6187579502943013, 0.7867207485899941,
                1.682979328951776, 2.8354334878117933, 2.137349129332173, 0.5805635618724,
                0.7738803925609296, 0.444430175003083, -0.2850171995147204, -0.46531307597544636,
                0.12847497825261445, 0.09041734737481219, 0.46533356643604434,
                -0.38814860025991893, -0.39417494839065487, 0.8393967502356336,
                -0.14968547703578403, -0.08205000235784014, -1.5423242604384193,
                -0.1681273409270025, -0.8409235246246183, -0.2973762524852217, 0.6887362010351011,
                -0.29757114922075595, 0.25827232525202215, -1.2761551677243674, 0.5459059382581981,
                0.17486581773106336, 2.705065465445668, -0.7110263795742953, 0.7390527426337974,
                0.8650775793175951, 1.5048938108224532, 0.25025125783625074, -0.640172611091473,
                0.2511246380707618, -0.23235057864501474, -0.6433840044975155, -1.6373413822185952,
                -1.9186905034901194, -1.9881550491744795, -0.10626697322136025,
                -0.8596608746940279, -0.05460863296949803, -0.9055874520294973, 0.5649319900553672,
                -0.9961659477068384, 0.1667974082733409, -0.08490764762415381, 0.317740119222461,
                -0.23788638272541585, 0.6904333484329788, -1.1380527953701918, -0.640483884874471,
                0.33366070185436814, 0.11858619237333745, 0.7105295228226957, -2.1168334948404954,
                -1.6633956389534545, -1.4352681346144696, -1.4352681346144696, -2.1943485657444026,
                -1.7409107098573617, -1.6711985879402813, -1.6711985879402813, -1.5405386558638159,
                -1.56608120599302, -1.6767166654498482, -1.6767166654498482], (2, 8, 3, 4)))),
              (INC_AVG_POOL, (_a([133], ()), _a([0, 2.9378268471897435, 0, 0.8405408846181663,
                1.1468484088847213, 2.775085198650111, 0, 0, 1.692489586998461, 2.358514335144201,
                0, 2.6929985033744197, 0.27854075911090703, 0, 3.118984549404501,
                0.5513736098616334, 0, 0, 0, 0.11782986204429902, 0, 0, 1.4168144601321593, 0, 0,
                0, 4.256210146819808, 1.6424328704701894, 0, 0, 0.5976916078345007, 0, 0, 0, 0, 0,
                2.203434238443974, 0, 2.146955422245711, 0, 1.5589439104588614, 0,
                3.0145287214983942, 0.8394580774967985, 0, 0, 1.2509852601073168, 0,
                2.0851761207011736, 0.470879957983552, 0, 1.5220912988860151, 0.7375499893240852,
                1.1463836726550278, 1.9349600909294933, 1.2560472729848862, 0, 0.344089551084898,
                1.8347594368632745, 1.0333442912811348, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0.5016720825210587, 0.8847795652308641, 1.2692601138906292, 0, 0, 0.29971244357538,
                0.044629493440772425, 0, 0, 1.2769115502372974, 0, 0, 0, 0.26689341031215275, 0,
                0.04028056216845322, 0, 0, 0, 0, 0, 0, 0, 0, 1.3179493894918788, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 1.205171717982679, 0, 0.6049228466976284, 0, 1.0795807280910998,
                0.9787842142332792, 0.722977523583007, 2.336083484226529, 0.7598637371741572,
                2.0704722500380957, 1.822733766336594, 2.624904082161363, 0, 0, 1.9577768288932282,
                1.2884963682639161, 1.6187579502943013, 0.7867207485899941, 1.682979328951776,
                2.8354334878117933, 2.137349129332173, 0.5805635618724, 0.7738803925609296,
                0.444430175003083, 0, 0, 0.12847497825261445, 0.09041734737481219,
                0.46533356643604434, 0, 0, 0.8393967502356336, 0, 0, 0, 0, 0, 0,
                0.6887362010351011, 0, 0.25827232525202215, 0, 0.5459059382581981,
                0.17486581773106336, 2.705065465445668, 0, 0.7390527426337974, 0.8650775793175951,
                1.5048938108224532, 0.25025125783625074, 0, 0.2511246380707618, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0.5649319900553672, 0, 0.1667974082733409, 0, 0.317740119222461, 0,
                0.6904333484329788, 0, 0, 0.33366070185436814, 0.11858619237333745,
                0.7105295228226957, 0, 0, 0.3611486188730332, 0.2532411703675153, 0, 0,
                0.4596811314293255, 0.4053551184577312, 0, 0, 0.004900258563578008,
                0.0969037126281618], (2, 8, 3, 4)))),
              (INC_AVG_POOL, (_a([133], ()), _a([0, 2.9378268471897435, 0, 0.8405408846181663,
                1.1468484088847213, 2.775085198650111, 0, 0, 1.692489586998461, 2.358514335144201,
                0, 2.6929985033744197, 0.27854075911090703, 0, 3.118984549404501,
                0.5513736098616334, 0, 0, 0, 0.11782986204429902, 0, 0, 1.4168144601321593, 0, 0,
                0, 4.256210146819808, 1.6424328704701894, 0, 0, 0.5976916078345007, 0, 0, 0, 0, 0,
                2.203434238443974, 0, 2.146955422245711, 0, 1.5589439104588614, 0,
                3.0145287214983942, 0.8394580774967985, 0, 0, 1.2509852601073168, 0,
                2.0851761207011736, 0.470879957983552, 0, 1.5220912988860151, 0.7375499893240852,
                1.1463836726550278, 1.9349600909294933, 1.2560472729848862, 0, 0.344089551084898,
                1.8347594368632745, 1.0333442912811348, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0.5016720825210587, 0.8847795652308641, 1.2692601138906292, 0, 0, 0.29971244357538,
                0.044629493440772425, 0, 0, 1.2769115502372974, 0, 0, 0, 0.41507006454831497, 0,
                0.12745613757923446, 0, 0, 0, 0, 0, 0, 0, 0, 1.3179493894918788, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 1.205171717982679, 0, 0.6049228466976284, 0, 1.0795807280910998,
                0.9787842142332792, 0.722977523583007, 2.336083484226529, 0.7598637371741572,
                2.0704722500380957, 1.822733766336594, 2.624904082161363, 0, 0, 1.9577768288932282,
                1.2884963682639161, 1.6187579502943013, 0.7867207485899941, 1.682979328951776,
                2.8354334878117933, 2.137349129332173, 0.5805635618724, 0.7738803925609296,
                0.444430175003083, 0, 0, 0.12847497825261445, 0.09041734737481219,
                0.46533356643604434, 0, 0, 0.8393967502356336, 0, 0, 0, 0, 0, 0,
                0.6887362010351011, 0, 0.25827232525202215, 0, 0.5459059382581981,
                0.17486581773106336, 2.705065465445668, 0, 0.7390527426337974, 0.8650775793175951,
                1.5048938108224532, 0.25025125783625074, 0, 0.2511246380707618, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0.5649319900553672, 0, 0.1667974082733409, 0, 0.317740119222461, 0,
                0.6904333484329788, 0, 0, 0.33366070185436814, 0.11858619237333745,
                0.7105295228226957, 0, 0, 0.5564528773896357, 0.6066175060271242, 0, 0,
                0.4596811314293255, 0.6227626267666827, 0, 0, 0.02208033692545286,
                0.2548582261135788], (2, 8, 3, 4)))),),
             'N=2, 3x4 images, 2 + 3 + 2 + 1 = 8 channels out'),
        Case("InceptionModule",
             (fixed_input((1, 6, 5, 5)), 6, 4, 3, 4, 2, 3, 2),
             (_a([342], ()), _a([1.893580197658003, 2.031216286251911, 0, 0, 0, 0, 0,
               0.6556320881930884, 2.8084213042671387, 0, 0, 0, 0, 0.2953190991663621,
               1.430873059734252, 0.7656763952547091, 0, 1.0070267553288899, 0, 1.6738950002091955,
               0, 0.5227686602077463, 0, 0, 1.8158468547365987, 0, 0, 0, 2.2491409006113314, 0,
               0.3751394591085143, 0.06594437384508368, 0.550719055339441, 0, 0, 0,
               2.166151840219378, 0, 1.0911640408318697, 0, 0, 1.2962793356360736, 0,
               0.9757645322155346, 0, 2.215971901525867, 0, 0, 0.49486967669149734, 0,
               3.7123869140447483, 2.0084960868552004, 1.7418841151586641, 0, 0,
               1.6649808985659573, 0, 0, 2.166055719922585, 0, 2.7006583084557647, 0,
               2.3366081990700547, 0, 1.275840363327122, 1.104376244894792, 0.8092285408368375,
               2.765005156337971, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.12867205998567438,
               0.6609355516577217, 0, 1.0267555113009363, 2.12810520401756, 0.5314433343524358, 0,
               2.1851355199460984, 0.8653865264855384, 0.6110559302559261, 0.8924572119820177,
               0.384807748385995, 1.3572431111247174, 0, 0, 0.1017984261680442, 2.697100676482297,
               0, 0.4298486638636883, 0.8175716653744665, 0, 2.1532616104409743,
               0.17196104462912254, 0.008128965479143544, 0.7884176123266641, 0.6459198633192649,
               0.2064658867367838, 0, 0, 1.969033436846491, 1.2702209200861603, 0, 0, 0,
               3.114024600940781, 0, 0.7720072688093023, 0.9953514633404664, 1.1906382188087727,
               1.9160687366034215, 0, 1.3336939423758563, 0.00029225437992487643, 0,
               0.7013220544443828, 0.37411471855976147, 0, 0, 0, 0, 0, 0.5106630577960033, 0, 0, 0,
               0, 0, 0.18856572724745732, 0, 0, 0, 0, 0, 0.11341866806437217, 1.461601285351475, 0,
               0, 0, 0.36808500159105617, 0, 0, 0, 0, 0.1452741858705902, 0.6599137488470097,
               0.8930675976277775, 0, 0.6565963142645339, 0.6295539888088149, 1.7480153509031584,
               0.2928402749158902, 2.79966923243146, 0.6793171489761299, 0.01433266605674251,
               1.4224093224990126, 0.7037868436082416, 0.1756736942508178, 1.220141047840006,
               1.2658460399218179, 2.643340232019927, 1.5372628267292596, 0.7425855448598342,
               0.33778011435272665, 0, 2.279413635973956, 0.9117840024695414, 1.1763259589450354,
               0.5580082705615256, 0, 0, 1.9223524787833473, 0.26874741184247336, 0, 0,
               1.9941412844859707, 0, 0, 0, 0, 0, 0, 0, 0, 1.132898516871293, 1.3384345151548889,
               0, 0.3981877236535952, 0, 0.34806683084128864, 0, 0, 0, 0, 0, 0.9225950754045359,
               1.6389939878438962, 0.7722589240512315, 0, 0, 0, 0.12973154080641347,
               2.081315603476799, 0, 0, 0, 0, 1.7398302647438473, 1.0093445126522917,
               0.4250189358669647, 0, 0.7364466888806681, 0, 1.261191129003947, 0,
               1.5373489326444305, 1.5609850668587961, 0, 2.2003136032647057, 0.2804410705743633,
               1.1053520828049495, 0, 0.5342430185492181, 0, 0, 0, 0, 0, 2.20426149793045, 0, 0, 0,
               0, 2.2455490969478586, 1.4618121648516704, 0, 0, 0, 1.0973308360274059, 0, 0,
               0.09396012795634023, 0.07914271967482403, 0, 0.39777156570263356, 0,
               0.6687001151819426, 0, 0, 0, 0.8167182244896913, 0, 0, 0.694914612031038, 0,
               0.8558149844234392, 0, 0.8208947965133306, 0, 0.2626580890122341,
               0.11805971469410903, 0, 0, 0.1683844728989128, 0, 1.2451048831336458, 0, 0, 0, 0, 0,
               0.036741881663099774, 0, 0, 0, 0, 0.06750498271221472, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
               0, 0, 0.6903229123239781, 0.2757314037463797, 0, 0, 0.43767353170319867, 0,
               0.16299983255082534, 1.0179129499107298, 1.033782893279213, 1.3439204451718563,
               0.6065595247278122, 0.6065595247278122, 0.8492957595313769, 0.8718980099128408,
               0.8718980099128408, 1.70210161139128, 1.70210161139128, 1.1265430521924331,
               0.9205901643048267, 0.8587358306512052, 1.7031288596000662, 1.5575934521475858,
               1.6905603295023615, 1.8687893002452713, 1.747843666747403, 1.096144067386352,
               1.4590475315164608, 1.7317749984675388, 1.9434159470037278, 2.3547392240962437], (1,
               13, 5, 5))),
             {},
             ((INC_REDUCE_RELU, (_a([342], ()), _a([1.893580197658003, 2.031216286251911, 0, 0,
               0, 0, 0, 0.6556320881930884, 2.8084213042671387, 0, 0, 0, 0, 0.2953190991663621,
               1.430873059734252, 0.7656763952547091, 0, 1.0070267553288899, 0, 1.6738950002091955,
               0, 0.5227686602077463, 0, 0, 1.8158468547365987, 0, 0, 0, 2.2491409006113314, 0,
               0.3751394591085143, 0.06594437384508368, 0.550719055339441, 0, 0, 0,
               2.166151840219378, 0, 1.0911640408318697, 0, 0, 1.2962793356360736, 0,
               0.9757645322155346, 0, 2.215971901525867, 0, 0, 0.49486967669149734, 0,
               3.7123869140447483, 2.0084960868552004, 1.7418841151586641, 0, 0,
               1.6649808985659573, 0, 0, 2.166055719922585, 0, 2.7006583084557647, 0,
               2.3366081990700547, 0, 1.275840363327122, 1.104376244894792, 0.8092285408368375,
               2.765005156337971, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.12867205998567438,
               0.6609355516577217, 0, 1.0267555113009363, 2.12810520401756, 0.5314433343524358, 0,
               2.1851355199460984, 0.8653865264855384, 0.6110559302559261, 0.8924572119820177,
               0.384807748385995, 1.3572431111247174, 0, 0, 0.1017984261680442, 2.697100676482297,
               0, 0.4298486638636883, 0.8175716653744665, 0, 2.1532616104409743,
               0.17196104462912254, 0, 1.8045329084943753, 2.394162842020252, 0, 0, 0,
               1.4372055163802129, 1.213429000983807, 0, 0, 0, 4.737863146920686, 0,
               0.04322577946250028, 2.965049752295162, 1.8431672734075468, 2.4224173814865315, 0,
               1.708528655099582, 0, 0, 0.37819950712740763, 0, 0.10874224970142048, 0,
               0.2853569137086672, 1.0405409617902959, 0, 4.040187434850082, 0, 0,
               1.054467129061488, 1.661154143354429, 0, 4.339246546998003, 0, 0.09831527214735751,
               0, 2.724084514428525, 0, 0.07161810359976685, 4.479614756752266, 1.608490889715318,
               2.6456760519138887, 0, 0.8653054698635608, 0, 0.6786740679372634,
               1.0715793717204705, 0, 0.3309479316262212, 0.4440012383780618, 0.6888142473727485,
               0, 0.5138924331621726, 0.3818435665683728, 0, 0, 2.7279006941924258, 0, 0, 0,
               0.3566915866239681, 0, 0.8557435532958215, 0.1354881906043633, 1.166294229440338, 0,
               0, 0, 0, 2.2140200122160087, 0, 0, 0, 0, 0, 5.9216251475757575, 0.7213163530656719,
               0, 0, 5.117603596760177, 0, 2.7619384426490052, 2.0112754178469308, 0, 0, 0, 0,
               1.4450193643538212, 2.750465133963999, 3.736346082389774, 2.4745351705723024,
               5.5988238845342675, 2.211501716594013, 0.5879421999185166, 0.6267804453557377,
               1.4821979009269521, 2.368650282781815, 0, 0, 0.9225950754045359, 1.6389939878438962,
               0.7722589240512315, 0, 0, 0, 0.12973154080641347, 2.081315603476799, 0, 0, 0, 0,
               1.7398302647438473, 1.0093445126522917, 0.4250189358669647, 0, 0.7364466888806681,
               0, 1.261191129003947, 0, 1.5373489326444305, 1.5609850668587961, 0,
               2.2003136032647057, 0.2804410705743633, 1.1053520828049495, 0, 0.5342430185492181,
               0, 0, 0, 0, 0, 2.20426149793045, 0, 0, 0, 0, 2.2455490969478586, 1.4618121648516704,
               0, 0, 0, 1.0973308360274059, 0, 0, 0.09396012795634023, 0.07914271967482403, 0,
               0.39777156570263356, 0, 0.6687001151819426, 0, 0, 0, 0.8167182244896913, 0, 0,
               0.694914612031038, 0, 0.8558149844234392, 0, 0.8208947965133306, 0,
               0.2626580890122341, 0.11805971469410903, 0, 0, 0.1683844728989128, 0,
               1.2451048831336458, 0, 0, 0, 0, 0, 0.036741881663099774, 0, 0, 0, 0,
               0.06750498271221472, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.6903229123239781,
               0.2757314037463797, 0, 0, 0.43767353170319867, 0, 0.16299983255082534,
               1.0179129499107298, 1.033782893279213, 1.3439204451718563, 0.6065595247278122,
               0.6065595247278122, 0.8492957595313769, 0.8718980099128408, 0.8718980099128408,
               1.70210161139128, 1.70210161139128, 1.1265430521924331, 0.9205901643048267,
               0.8587358306512052, 1.7031288596000662, 1.5575934521475858, 1.6905603295023615,
               1.8687893002452713, 1.747843666747403, 1.096144067386352, 1.4590475315164608,
               1.7317749984675388, 1.9434159470037278, 2.3547392240962437], (1, 13, 5, 5)))),
              (INC_REDUCE_RELU, (_a([342], ()), _a([1.893580197658003, 2.031216286251911, 0, 0,
                0, 0, 0, 0.6556320881930884, 2.8084213042671387, 0, 0, 0, 0, 0.2953190991663621,
                1.430873059734252, 0.7656763952547091, 0, 1.0070267553288899, 0,
                1.6738950002091955, 0, 0.5227686602077463, 0, 0, 1.8158468547365987, 0, 0, 0,
                2.2491409006113314, 0, 0.3751394591085143, 0.06594437384508368, 0.550719055339441,
                0, 0, 0, 2.166151840219378, 0, 1.0911640408318697, 0, 0, 1.2962793356360736, 0,
                0.9757645322155346, 0, 2.215971901525867, 0, 0, 0.49486967669149734, 0,
                3.7123869140447483, 2.0084960868552004, 1.7418841151586641, 0, 0,
                1.6649808985659573, 0, 0, 2.166055719922585, 0, 2.7006583084557647, 0,
                2.3366081990700547, 0, 1.275840363327122, 1.104376244894792, 0.8092285408368375,
                2.765005156337971, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.12867205998567438,
                0.6609355516577217, 0, 1.0267555113009363, 2.12810520401756, 0.5314433343524358, 0,
                2.1851355199460984, 0.8653865264855384, 0.6110559302559261, 0.8924572119820177,
                0.384807748385995, 1.3572431111247174, 0, 0, 0.1017984261680442, 2.697100676482297,
                0, 0.4298486638636883, 0.8175716653744665, 0, 2.1532616104409743,
                0.17196104462912254, 0.008128965479143544, 0.7884176123266641, 0.6459198633192649,
                0.2064658867367838, 0, 0, 1.969033436846491, 1.2702209200861603, 0, 0, 0,
                3.114024600940781, 0, 0.7720072688093023, 0.9953514633404664, 1.1906382188087727,
                1.9160687366034215, 0, 1.3336939423758563, 0.00029225437992487643, 0,
                0.7013220544443828, 0.37411471855976147, 0, 0, 0, 0, 0, 0.5106630577960033, 0, 0,
                0, 0, 0, 0.18856572724745732, 0, 0, 0, 0, 0, 0.11341866806437217,
                1.461601285351475, 0, 0, 0, 0.36808500159105617, 0, 0, 0, 0, 0.1452741858705902,
                0.6599137488470097, 0.8930675976277775, 0, 0.6565963142645339, 0.6295539888088149,
                1.7480153509031584, 0.2928402749158902, 2.79966923243146, 0.6793171489761299,
                0.01433266605674251, 1.4224093224990126, 0.7037868436082416, 0.1756736942508178,
                1.220141047840006, 1.2658460399218179, 2.643340232019927, 1.5372628267292596,
                0.7425855448598342, 0.33778011435272665, 0, 2.279413635973956, 0.9117840024695414,
                1.1763259589450354, 0.5580082705615256, 0, 0, 1.9223524787833473,
                0.26874741184247336, 0, 0, 1.9941412844859707, 0, 0, 0, 0, 0, 0, 0, 0,
                1.132898516871293, 1.3384345151548889, 0, 0.3981877236535952, 0,
                0.34806683084128864, 0, 0, 0, 0, 0, 0.610392243223808, 1.0221523132635766, 0, 0, 0,
                0, 0, 0.0015442364533412578, 0, 0, 0, 0, 0, 0, 2.4172722848209554, 0, 0, 0,
                0.8485366284200433, 1.8669212563743198, 0.4718859348826475, 2.2808344025356555, 0,
                2.1624406384005246, 0.29143855054569007, 2.9158156328672686, 0, 0, 0,
                1.0863486304213588, 0, 0, 0.36361065221495464, 1.7148429604701971, 0, 0, 0,
                1.0655894204074825, 2.6700659518169942, 2.5037668630970993, 1.2437416791709746,
                0.5474812306058614, 0, 1.2072755715791286, 0, 0.9830537608342877, 0,
                1.5674790979609592, 0, 0, 0, 1.9045704128030623, 0, 0, 0, 1.200877345769388, 0,
                0.4341366955983109, 2.2273746938600776, 0, 2.3217970111275212, 0,
                2.207431012087884, 0.47977605393085243, 0.6366693353249108, 0, 0.9935101333712966,
                0, 0, 0, 1.0808517147131222, 0, 0, 0, 0, 0, 0.036741881663099774, 0, 0, 0, 0,
                0.06750498271221472, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.6903229123239781,
                0.2757314037463797, 0, 0, 0.43767353170319867, 0, 0.16299983255082534,
                1.0179129499107298, 1.033782893279213, 1.3439204451718563, 0.6065595247278122,
                0.6065595247278122, 0.8492957595313769, 0.8718980099128408, 0.8718980099128408,
                1.70210161139128, 1.70210161139128, 1.1265430521924331, 0.9205901643048267,
                0.8587358306512052, 1.7031288596000662, 1.5575934521475858, 1.6905603295023615,
                1.8687893002452713, 1.747843666747403, 1.096144067386352, 1.4590475315164608,
                1.7317749984675388, 1.9434159470037278, 2.3547392240962437], (1, 13, 5, 5)))),
              (INC_REDUCE_RELU, (_a([342], ()), _a([1.893580197658003, 2.031216286251911, 0, 0,
                0, 0, 0, 0.6556320881930884, 2.8084213042671387, 0, 0, 0, 0, 0.2953190991663621,
                1.430873059734252, 0.7656763952547091, 0, 1.0070267553288899, 0,
                1.6738950002091955, 0, 0.5227686602077463, 0, 0, 1.8158468547365987, 0, 0, 0,
                2.2491409006113314, 0, 0.3751394591085143, 0.06594437384508368, 0.550719055339441,
                0, 0, 0, 2.166151840219378, 0, 1.0911640408318697, 0, 0, 1.2962793356360736, 0,
                0.9757645322155346, 0, 2.215971901525867, 0, 0, 0.49486967669149734, 0,
                3.7123869140447483, 2.0084960868552004, 1.7418841151586641, 0, 0,
                1.6649808985659573, 0, 0, 2.166055719922585, 0, 2.7006583084557647, 0,
                2.3366081990700547, 0, 1.275840363327122, 1.104376244894792, 0.8092285408368375,
                2.765005156337971, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.12867205998567438,
                0.6609355516577217, 0, 1.0267555113009363, 2.12810520401756, 0.5314433343524358, 0,
                2.1851355199460984, 0.8653865264855384, 0.6110559302559261, 0.8924572119820177,
                0.384807748385995, 1.3572431111247174, 0, 0, 0.1017984261680442, 2.697100676482297,
                0, 0.4298486638636883, 0.8175716653744665, 0, 2.1532616104409743,
                0.17196104462912254, 0, 1.8045329084943753, 2.394162842020252, 0, 0, 0,
                1.4372055163802129, 1.213429000983807, 0, 0, 0, 4.737863146920686, 0,
                0.04322577946250028, 2.965049752295162, 1.8431672734075468, 2.4224173814865315, 0,
                1.708528655099582, 0, 0, 0.37819950712740763, 0, 0.10874224970142048, 0,
                0.2853569137086672, 1.0405409617902959, 0, 4.040187434850082, 0, 0,
                1.054467129061488, 1.661154143354429, 0, 4.339246546998003, 0, 0.09831527214735751,
                0, 2.724084514428525, 0, 0.07161810359976685, 4.479614756752266, 1.608490889715318,
                2.6456760519138887, 0, 0.8653054698635608, 0, 0.6786740679372634,
                1.0715793717204705, 0, 0.3309479316262212, 0.4440012383780618, 0.6888142473727485,
                0, 0.5138924331621726, 0.3818435665683728, 0, 0, 2.7279006941924258, 0, 0, 0,
                0.3566915866239681, 0, 0.8557435532958215, 0.1354881906043633, 1.166294229440338,
                0, 0, 0, 0, 2.2140200122160087, 0, 0, 0, 0, 0, 5.9216251475757575,
                0.7213163530656719, 0, 0, 5.117603596760177, 0, 2.7619384426490052,
                2.0112754178469308, 0, 0, 0, 0, 1.4450193643538212, 2.750465133963999,
                3.736346082389774, 2.4745351705723024, 5.5988238845342675, 2.211501716594013,
                0.5879421999185166, 0.6267804453557377, 1.4821979009269521, 2.368650282781815, 0,
                0, 0.610392243223808, 1.0221523132635766, 0, 0, 0, 0, 0, 0.0015442364533412578, 0,
                0, 0, 0, 0, 0, 2.4172722848209554, 0, 0, 0, 0.8485366284200433, 1.8669212563743198,
                0.4718859348826475, 2.2808344025356555, 0, 2.1624406384005246, 0.29143855054569007,
                2.9158156328672686, 0, 0, 0, 1.0863486304213588, 0, 0, 0.36361065221495464,
                1.7148429604701971, 0, 0, 0, 1.0655894204074825, 2.6700659518169942,
                2.5037668630970993, 1.2437416791709746, 0.5474812306058614, 0, 1.2072755715791286,
                0, 0.9830537608342877, 0, 1.5674790979609592, 0, 0, 0, 1.9045704128030623, 0, 0, 0,
                1.200877345769388, 0, 0.4341366955983109, 2.2273746938600776, 0,
                2.3217970111275212, 0, 2.207431012087884, 0.47977605393085243, 0.6366693353249108,
                0, 0.9935101333712966, 0, 0, 0, 1.0808517147131222, 0, 0, 0, 0, 0,
                0.036741881663099774, 0, 0, 0, 0, 0.06750498271221472, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0.6903229123239781, 0.2757314037463797, 0, 0, 0.43767353170319867, 0,
                0.16299983255082534, 1.0179129499107298, 1.033782893279213, 1.3439204451718563,
                0.6065595247278122, 0.6065595247278122, 0.8492957595313769, 0.8718980099128408,
                0.8718980099128408, 1.70210161139128, 1.70210161139128, 1.1265430521924331,
                0.9205901643048267, 0.8587358306512052, 1.7031288596000662, 1.5575934521475858,
                1.6905603295023615, 1.8687893002452713, 1.747843666747403, 1.096144067386352,
                1.4590475315164608, 1.7317749984675388, 1.9434159470037278, 2.3547392240962437],
                (1, 13, 5, 5)))),
              (INC_OUT_RELU, (_a([342], ()), _a([1.893580197658003, 2.031216286251911,
                -1.3290666510694058, -2.1857967742883413, -0.6095223453594171, -0.4975069243992835,
                -0.7879278378869314, 0.6556320881930884, 2.8084213042671387, -2.2538379064841503,
                -0.4341310845342551, -1.2067429438317745, -0.20508295687715547, 0.2953190991663621,
                1.430873059734252, 0.7656763952547091, -1.3698668195117176, 1.0070267553288899,
                -2.5811844854339845, 1.6738950002091955, -1.568015885100567, 0.5227686602077463,
                -1.7265230863941128, -2.2319536623862866, 1.8158468547365987, -1.0595509421083373,
                -1.8444909922652175, -1.465279116097606, 2.2491409006113314, -1.7106349807986811,
                0.3751394591085143, 0.06594437384508368, 0.550719055339441, -3.869314961691357,
                -0.7193727549288287, -1.749963810547692, 2.166151840219378, -0.6276775837660247,
                1.0911640408318697, -2.5696003202859634, -0.46487927568689524, 1.2962793356360736,
                -1.2942580120602099, 0.9757645322155346, -1.4374416904905203, 2.215971901525867,
                -0.12904481450407315, -1.5862790754833633, 0.49486967669149734,
                -0.23922925060277267, 3.7123869140447483, 2.0084960868552004, 1.7418841151586641,
                -2.496178589318348, -0.5336068820231781, 1.6649808985659573, -0.13902274958389138,
                -1.2606986287225872, 2.166055719922585, -0.9568925246640819, 2.7006583084557647,
                -2.1019210343449126, 2.3366081990700547, -0.6767733477039045, 1.275840363327122,
                1.104376244894792, 0.8092285408368375, 2.765005156337971, -0.5653917367935642,
                -0.611551144363302, -1.636950223928109, -0.3739857299204865, -2.3577254441097204,
                -2.262805009827319, -0.36636579687248705, -0.9207234546845076, -2.096851544977622,
                0.12867205998567438, 0.6609355516577217, -0.507671266871987, 1.0267555113009363,
                2.12810520401756, 0.5314433343524358, -1.7560409810228659, 2.1851355199460984,
                0.8653865264855384, 0.6110559302559261, 0.8924572119820177, 0.384807748385995,
                1.3572431111247174, -1.5729922781007888, -0.46444883131321657, 0.1017984261680442,
                2.697100676482297, -0.08765822419912846, 0.4298486638636883, 0.8175716653744665,
                -1.3946531875718031, 2.1532616104409743, 0.17196104462912254, 0.008128965479143544,
                0.7884176123266641, 0.6459198633192649, 0.2064658867367838, 0, 0,
                1.969033436846491, 1.2702209200861603, 0, 0, 0, 3.114024600940781, 0,
                0.7720072688093023, 0.9953514633404664, 1.1906382188087727, 1.9160687366034215, 0,
                1.3336939423758563, 0.00029225437992487643, 0, 0.7013220544443828,
                0.37411471855976147, 0, 0, 0, 0, 0, 0.5106630577960033, 0, 0, 0, 0, 0,
                0.18856572724745732, 0, 0, 0, 0, 0, 0.11341866806437217, 1.461601285351475, 0, 0,
                0, 0.36808500159105617, 0, 0, 0, 0, 0.1452741858705902, 0.6599137488470097,
                0.8930675976277775, 0, 0.6565963142645339, 0.6295539888088149, 1.7480153509031584,
                0.2928402749158902, 2.79966923243146, 0.6793171489761299, 0.01433266605674251,
                1.4224093224990126, 0.7037868436082416, 0.1756736942508178, 1.220141047840006,
                1.2658460399218179, 2.643340232019927, 1.5372628267292596, 0.7425855448598342,
                0.33778011435272665, 0, 2.279413635973956, 0.9117840024695414, 1.1763259589450354,
                0.5580082705615256, 0, 0, 1.9223524787833473, 0.26874741184247336, 0, 0,
                1.9941412844859707, 0, 0, 0, 0, 0, 0, 0, 0, 1.132898516871293, 1.3384345151548889,
                0, 0.3981877236535952, 0, 0.34806683084128864, 0, 0, 0, 0, 0, 0.9225950754045359,
                1.6389939878438962, 0.7722589240512315, 0, 0, 0, 0.12973154080641347,
                2.081315603476799, 0, 0, 0, 0, 1.7398302647438473, 1.0093445126522917,
                0.4250189358669647, 0, 0.7364466888806681, 0, 1.261191129003947, 0,
                1.5373489326444305, 1.5609850668587961, 0, 2.2003136032647057, 0.2804410705743633,
                1.1053520828049495, 0, 0.5342430185492181, 0, 0, 0, 0, 0, 2.20426149793045, 0, 0,
                0, 0, 2.2455490969478586, 1.4618121648516704, 0, 0, 0, 1.0973308360274059, 0, 0,
                0.09396012795634023, 0.07914271967482403, 0, 0.39777156570263356, 0,
                0.6687001151819426, 0, 0, 0, 0.8167182244896913, 0, 0, 0.694914612031038, 0,
                0.8558149844234392, 0, 0.8208947965133306, 0, 0.2626580890122341,
                0.11805971469410903, 0, 0, 0.1683844728989128, 0, 1.2451048831336458, 0, 0, 0, 0,
                0, 0.036741881663099774, 0, 0, 0, 0, 0.06750498271221472, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0.6903229123239781, 0.2757314037463797, 0, 0, 0.43767353170319867, 0,
                0.16299983255082534, 1.0179129499107298, 1.033782893279213, 1.3439204451718563,
                0.6065595247278122, 0.6065595247278122, 0.8492957595313769, 0.8718980099128408,
                0.8718980099128408, 1.70210161139128, 1.70210161139128, 1.1265430521924331,
                0.9205901643048267, 0.8587358306512052, 1.7031288596000662, 1.5575934521475858,
                1.6905603295023615, 1.8687893002452713, 1.747843666747403, 1.096144067386352,
                1.4590475315164608, 1.7317749984675388, 1.9434159470037278, 2.3547392240962437],
                (1, 13, 5, 5)))),
              (INC_OUT_RELU, (_a([342], ()), _a([1.893580197658003, 2.031216286251911, 0, 0, 0,
                0, 0, 0.6556320881930884, 2.8084213042671387, 0, 0, 0, 0, 0.2953190991663621,
                1.430873059734252, 0.7656763952547091, 0, 1.0070267553288899, 0,
                1.6738950002091955, 0, 0.5227686602077463, 0, 0, 1.8158468547365987, 0, 0, 0,
                2.2491409006113314, 0, 0.3751394591085143, 0.06594437384508368, 0.550719055339441,
                0, 0, 0, 2.166151840219378, 0, 1.0911640408318697, 0, 0, 1.2962793356360736, 0,
                0.9757645322155346, 0, 2.215971901525867, 0, 0, 0.49486967669149734, 0,
                3.7123869140447483, 2.0084960868552004, 1.7418841151586641, 0, 0,
                1.6649808985659573, 0, 0, 2.166055719922585, 0, 2.7006583084557647, 0,
                2.3366081990700547, 0, 1.275840363327122, 1.104376244894792, 0.8092285408368375,
                2.765005156337971, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.12867205998567438,
                0.6609355516577217, 0, 1.0267555113009363, 2.12810520401756, 0.5314433343524358, 0,
                2.1851355199460984, 0.8653865264855384, 0.6110559302559261, 0.8924572119820177,
                0.384807748385995, 1.3572431111247174, 0, 0, 0.1017984261680442, 2.697100676482297,
                0, 0.4298486638636883, 0.8175716653744665, 0, 2.1532616104409743,
                0.17196104462912254, 0.008128965479143544, 0.7884176123266641, 0.6459198633192649,
                0.2064658867367838, -0.9672477482948054, -0.12497492991526804, 1.969033436846491,
                1.2702209200861603, -0.19652177275419158, -0.8516634101953321, -1.324544829395219,
                3.114024600940781, -0.9756746936795274, 0.7720072688093023, 0.9953514633404664,
                1.1906382188087727, 1.9160687366034215, -1.8307249350047314, 1.3336939423758563,
                0.00029225437992487643, -0.9587204717421142, 0.7013220544443828,
                0.37411471855976147, -0.053508406929606414, -1.251856637015234,
                -0.9805024908642759, -0.7443856057807856, -2.503132619019384, 0.5106630577960033,
                -2.0541217813884622, -0.3602171087679447, -0.9141813986788927, -0.8245696235044419,
                -1.6240822278824663, 0.18856572724745732, -1.2086611015301525, -2.264017915141729,
                -1.759478892168328, -0.27806478465008183, -1.8555306940536302, 0.11341866806437217,
                1.461601285351475, -0.5695354344785706, -1.3964561933014377, -2.180435568197044,
                0.36808500159105617, -1.9080314584543905, -1.0022907196714883,
                -0.23555717423892977, -1.7406113837550456, 0.1452741858705902, 0.6599137488470097,
                0.8930675976277775, -0.33674117508078966, 0.6565963142645339, 0.6295539888088149,
                1.7480153509031584, 0.2928402749158902, 2.79966923243146, 0.6793171489761299,
                0.01433266605674251, 1.4224093224990126, 0.7037868436082416, 0.1756736942508178,
                1.220141047840006, 1.2658460399218179, 2.643340232019927, 1.5372628267292596,
                0.7425855448598342, 0.33778011435272665, -0.45982597010014803, 2.279413635973956,
                0.9117840024695414, 1.1763259589450354, 0.5580082705615256, -1.458751454505296,
                -2.624399481497514, 1.9223524787833473, 0.26874741184247336, -2.1804192598282937,
                -1.3205075132471567, 1.9941412844859707, -1.047027355748386, -1.5376974933957441,
                -0.6488862011402013, -0.9396203071106074, -4.2522008735755445, -3.695711027464372,
                -0.13752166615261258, -0.7254819379889675, 1.132898516871293, 1.3384345151548889,
                -0.711977087424905, 0.3981877236535952, -0.693038552577128, 0.34806683084128864,
                -0.8446276510509394, -0.02598631235498123, -0.3158162951171115,
                -1.5262257708251776, 0, 0.9225950754045359, 1.6389939878438962, 0.7722589240512315,
                0, 0, 0, 0.12973154080641347, 2.081315603476799, 0, 0, 0, 0, 1.7398302647438473,
                1.0093445126522917, 0.4250189358669647, 0, 0.7364466888806681, 0,
                1.261191129003947, 0, 1.5373489326444305, 1.5609850668587961, 0,
                2.2003136032647057, 0.2804410705743633, 1.1053520828049495, 0, 0.5342430185492181,
                0, 0, 0, 0, 0, 2.20426149793045, 0, 0, 0, 0, 2.2455490969478586,
                1.4618121648516704, 0, 0, 0, 1.0973308360274059, 0, 0, 0.09396012795634023,
                0.07914271967482403, 0, 0.39777156570263356, 0, 0.6687001151819426, 0, 0, 0,
                0.8167182244896913, 0, 0, 0.694914612031038, 0, 0.8558149844234392, 0,
                0.8208947965133306, 0, 0.2626580890122341, 0.11805971469410903, 0, 0,
                0.1683844728989128, 0, 1.2451048831336458, 0, 0, 0, 0, 0, 0.036741881663099774, 0,
                0, 0, 0, 0.06750498271221472, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0.6903229123239781, 0.2757314037463797, 0, 0, 0.43767353170319867, 0,
                0.16299983255082534, 1.0179129499107298, 1.033782893279213, 1.3439204451718563,
                0.6065595247278122, 0.6065595247278122, 0.8492957595313769, 0.8718980099128408,
                0.8718980099128408, 1.70210161139128, 1.70210161139128, 1.1265430521924331,
                0.9205901643048267, 0.8587358306512052, 1.7031288596000662, 1.5575934521475858,
                1.6905603295023615, 1.8687893002452713, 1.747843666747403, 1.096144067386352,
                1.4590475315164608, 1.7317749984675388, 1.9434159470037278, 2.3547392240962437],
                (1, 13, 5, 5)))),
              (INC_OUT_RELU, (_a([342], ()), _a([1.893580197658003, 2.031216286251911, 0, 0, 0,
                0, 0, 0.6556320881930884, 2.8084213042671387, 0, 0, 0, 0, 0.2953190991663621,
                1.430873059734252, 0.7656763952547091, 0, 1.0070267553288899, 0,
                1.6738950002091955, 0, 0.5227686602077463, 0, 0, 1.8158468547365987, 0, 0, 0,
                2.2491409006113314, 0, 0.3751394591085143, 0.06594437384508368, 0.550719055339441,
                0, 0, 0, 2.166151840219378, 0, 1.0911640408318697, 0, 0, 1.2962793356360736, 0,
                0.9757645322155346, 0, 2.215971901525867, 0, 0, 0.49486967669149734, 0,
                3.7123869140447483, 2.0084960868552004, 1.7418841151586641, 0, 0,
                1.6649808985659573, 0, 0, 2.166055719922585, 0, 2.7006583084557647, 0,
                2.3366081990700547, 0, 1.275840363327122, 1.104376244894792, 0.8092285408368375,
                2.765005156337971, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.12867205998567438,
                0.6609355516577217, 0, 1.0267555113009363, 2.12810520401756, 0.5314433343524358, 0,
                2.1851355199460984, 0.8653865264855384, 0.6110559302559261, 0.8924572119820177,
                0.384807748385995, 1.3572431111247174, 0, 0, 0.1017984261680442, 2.697100676482297,
                0, 0.4298486638636883, 0.8175716653744665, 0, 2.1532616104409743,
                0.17196104462912254, 0.008128965479143544, 0.7884176123266641, 0.6459198633192649,
                0.2064658867367838, 0, 0, 1.969033436846491, 1.2702209200861603, 0, 0, 0,
                3.114024600940781, 0, 0.7720072688093023, 0.9953514633404664, 1.1906382188087727,
                1.9160687366034215, 0, 1.3336939423758563, 0.00029225437992487643, 0,
                0.7013220544443828, 0.37411471855976147, 0, 0, 0, 0, 0, 0.5106630577960033, 0, 0,
                0, 0, 0, 0.18856572724745732, 0, 0, 0, 0, 0, 0.11341866806437217,
                1.461601285351475, 0, 0, 0, 0.36808500159105617, 0, 0, 0, 0, 0.1452741858705902,
                0.6599137488470097, 0.8930675976277775, 0, 0.6565963142645339, 0.6295539888088149,
                1.7480153509031584, 0.2928402749158902, 2.79966923243146, 0.6793171489761299,
                0.01433266605674251, 1.4224093224990126, 0.7037868436082416, 0.1756736942508178,
                1.220141047840006, 1.2658460399218179, 2.643340232019927, 1.5372628267292596,
                0.7425855448598342, 0.33778011435272665, 0, 2.279413635973956, 0.9117840024695414,
                1.1763259589450354, 0.5580082705615256, 0, 0, 1.9223524787833473,
                0.26874741184247336, 0, 0, 1.9941412844859707, 0, 0, 0, 0, 0, 0, 0, 0,
                1.132898516871293, 1.3384345151548889, 0, 0.3981877236535952, 0,
                0.34806683084128864, 0, 0, 0, 0, -0.05859615499582255, 0.9225950754045359,
                1.6389939878438962, 0.7722589240512315, -0.2828270686787005, -0.9358739505280601,
                -0.12989639298154032, 0.12973154080641347, 2.081315603476799,
                -0.013765379140340983, -0.8664908723759707, -1.5786145904759763,
                -0.5466135970589073, 1.7398302647438473, 1.0093445126522917, 0.4250189358669647,
                -0.700961727401198, 0.7364466888806681, -0.16268553813598302, 1.261191129003947,
                -0.48739602444945096, 1.5373489326444305, 1.5609850668587961, -0.5560462891590635,
                2.2003136032647057, 0.2804410705743633, 1.1053520828049495, -0.22639415024476237,
                0.5342430185492181, -0.7060528872446066, -0.5214614364593215, -1.5300154196533833,
                -0.75900266399567, -0.5246446702539118, 2.20426149793045, -1.5525796217763472,
                -1.3789034925375372, -3.537615621371387, -0.6707032412206955, 2.2455490969478586,
                1.4618121648516704, -1.571969496636211, -1.1102666035484536, -2.2882264176291667,
                1.0973308360274059, -1.3084228578942922, -0.9640321242132247, 0.09396012795634023,
                0.07914271967482403, -0.7983645858211027, 0.39777156570263356,
                -0.33038343233048745, 0.6687001151819426, -0.8939850328644164, -0.2741533310341884,
                -0.4213602118966741, 0.8167182244896913, -0.35395354989613725, -0.5611611198865643,
                0.694914612031038, -1.0944743690506473, 0.8558149844234392, -1.1480012093469956,
                0.8208947965133306, -0.3138009282723785, 0.2626580890122341, 0.11805971469410903,
                -0.9679339379557781, -0.8078932235661542, 0.1683844728989128, -0.8278348686148165,
                1.2451048831336458, -1.5186916855225805, -0.20533894391075314, -0.7604250122545522,
                0, 0, 0.036741881663099774, 0, 0, 0, 0, 0.06750498271221472, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0.6903229123239781, 0.2757314037463797, 0, 0, 0.43767353170319867,
                0, 0.16299983255082534, 1.0179129499107298, 1.033782893279213, 1.3439204451718563,
                0.6065595247278122, 0.6065595247278122, 0.8492957595313769, 0.8718980099128408,
                0.8718980099128408, 1.70210161139128, 1.70210161139128, 1.1265430521924331,
                0.9205901643048267, 0.8587358306512052, 1.7031288596000662, 1.5575934521475858,
                1.6905603295023615, 1.8687893002452713, 1.747843666747403, 1.096144067386352,
                1.4590475315164608, 1.7317749984675388, 1.9434159470037278, 2.3547392240962437],
                (1, 13, 5, 5)))),
              (INC_OUT_RELU, (_a([342], ()), _a([1.893580197658003, 2.031216286251911, 0, 0, 0,
                0, 0, 0.6556320881930884, 2.8084213042671387, 0, 0, 0, 0, 0.2953190991663621,
                1.430873059734252, 0.7656763952547091, 0, 1.0070267553288899, 0,
                1.6738950002091955, 0, 0.5227686602077463, 0, 0, 1.8158468547365987, 0, 0, 0,
                2.2491409006113314, 0, 0.3751394591085143, 0.06594437384508368, 0.550719055339441,
                0, 0, 0, 2.166151840219378, 0, 1.0911640408318697, 0, 0, 1.2962793356360736, 0,
                0.9757645322155346, 0, 2.215971901525867, 0, 0, 0.49486967669149734, 0,
                3.7123869140447483, 2.0084960868552004, 1.7418841151586641, 0, 0,
                1.6649808985659573, 0, 0, 2.166055719922585, 0, 2.7006583084557647, 0,
                2.3366081990700547, 0, 1.275840363327122, 1.104376244894792, 0.8092285408368375,
                2.765005156337971, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.12867205998567438,
                0.6609355516577217, 0, 1.0267555113009363, 2.12810520401756, 0.5314433343524358, 0,
                2.1851355199460984, 0.8653865264855384, 0.6110559302559261, 0.8924572119820177,
                0.384807748385995, 1.3572431111247174, 0, 0, 0.1017984261680442, 2.697100676482297,
                0, 0.4298486638636883, 0.8175716653744665, 0, 2.1532616104409743,
                0.17196104462912254, 0.008128965479143544, 0.7884176123266641, 0.6459198633192649,
                0.2064658867367838, 0, 0, 1.969033436846491, 1.2702209200861603, 0, 0, 0,
                3.114024600940781, 0, 0.7720072688093023, 0.9953514633404664, 1.1906382188087727,
                1.9160687366034215, 0, 1.3336939423758563, 0.00029225437992487643, 0,
                0.7013220544443828, 0.37411471855976147, 0, 0, 0, 0, 0, 0.5106630577960033, 0, 0,
                0, 0, 0, 0.18856572724745732, 0, 0, 0, 0, 0, 0.11341866806437217,
                1.461601285351475, 0, 0, 0, 0.36808500159105617, 0, 0, 0, 0, 0.1452741858705902,
                0.6599137488470097, 0.8930675976277775, 0, 0.6565963142645339, 0.6295539888088149,
                1.7480153509031584, 0.2928402749158902, 2.79966923243146, 0.6793171489761299,
                0.01433266605674251, 1.4224093224990126, 0.7037868436082416, 0.1756736942508178,
                1.220141047840006, 1.2658460399218179, 2.643340232019927, 1.5372628267292596,
                0.7425855448598342, 0.33778011435272665, 0, 2.279413635973956, 0.9117840024695414,
                1.1763259589450354, 0.5580082705615256, 0, 0, 1.9223524787833473,
                0.26874741184247336, 0, 0, 1.9941412844859707, 0, 0, 0, 0, 0, 0, 0, 0,
                1.132898516871293, 1.3384345151548889, 0, 0.3981877236535952, 0,
                0.34806683084128864, 0, 0, 0, 0, 0, 0.9225950754045359, 1.6389939878438962,
                0.7722589240512315, 0, 0, 0, 0.12973154080641347, 2.081315603476799, 0, 0, 0, 0,
                1.7398302647438473, 1.0093445126522917, 0.4250189358669647, 0, 0.7364466888806681,
                0, 1.261191129003947, 0, 1.5373489326444305, 1.5609850668587961, 0,
                2.2003136032647057, 0.2804410705743633, 1.1053520828049495, 0, 0.5342430185492181,
                0, 0, 0, 0, 0, 2.20426149793045, 0, 0, 0, 0, 2.2455490969478586,
                1.4618121648516704, 0, 0, 0, 1.0973308360274059, 0, 0, 0.09396012795634023,
                0.07914271967482403, 0, 0.39777156570263356, 0, 0.6687001151819426, 0, 0, 0,
                0.8167182244896913, 0, 0, 0.694914612031038, 0, 0.8558149844234392, 0,
                0.8208947965133306, 0, 0.2626580890122341, 0.11805971469410903, 0, 0,
                0.1683844728989128, 0, 1.2451048831336458, 0, 0, 0, -0.97087365996062,
                -0.7238357289383991, 0.036741881663099774, -0.11728280778860178,
                -0.1620661710967119, -0.5769959964208149, -0.5769959964208149, 0.06750498271221472,
                -0.17257466113523612, -0.17257466113523612, -0.2834063950983545,
                -0.2834063950983545, -0.04962186917159639, -0.1968629609734489,
                -0.1778264640662497, -0.08269084255604864, -0.05925221716399465,
                -0.0630708119473149, -0.1898105683334812, -0.23806873439180332, 0.6903229123239781,
                0.2757314037463797, -0.11702502094661482, -0.1437576498771176, 0.43767353170319867,
                -0.8460263514760537, 0.16299983255082534, 1.0179129499107298, 1.033782893279213,
                1.3439204451718563, 0.6065595247278122, 0.6065595247278122, 0.8492957595313769,
                0.8718980099128408, 0.8718980099128408, 1.70210161139128, 1.70210161139128,
                1.1265430521924331, 0.9205901643048267, 0.8587358306512052, 1.7031288596000662,
                1.5575934521475858, 1.6905603295023615, 1.8687893002452713, 1.747843666747403,
                1.096144067386352, 1.4590475315164608, 1.7317749984675388, 1.9434159470037278,
                2.3547392240962437], (1, 13, 5, 5)))),
              (INC_OUT_RELU, (_a([342], ()), _a([1.893580197658003, 2.031216286251911,
                -1.3290666510694058, -2.1857967742883413, -0.6095223453594171, -0.4975069243992835,
                -0.7879278378869314, 0.6556320881930884, 2.8084213042671387, -2.2538379064841503,
                -0.4341310845342551, -1.2067429438317745, -0.20508295687715547, 0.2953190991663621,
                1.430873059734252, 0.7656763952547091, -1.3698668195117176, 1.0070267553288899,
                -2.5811844854339845, 1.6738950002091955, -1.568015885100567, 0.5227686602077463,
                -1.7265230863941128, -2.2319536623862866, 1.8158468547365987, -1.0595509421083373,
                -1.8444909922652175, -1.465279116097606, 2.2491409006113314, -1.7106349807986811,
                0.3751394591085143, 0.06594437384508368, 0.550719055339441, -3.869314961691357,
                -0.7193727549288287, -1.749963810547692, 2.166151840219378, -0.6276775837660247,
                1.0911640408318697, -2.5696003202859634, -0.46487927568689524, 1.2962793356360736,
                -1.2942580120602099, 0.9757645322155346, -1.4374416904905203, 2.215971901525867,
                -0.12904481450407315, -1.5862790754833633, 0.49486967669149734,
                -0.23922925060277267, 3.7123869140447483, 2.0084960868552004, 1.7418841151586641,
                -2.496178589318348, -0.5336068820231781, 1.6649808985659573, -0.13902274958389138,
                -1.2606986287225872, 2.166055719922585, -0.9568925246640819, 2.7006583084557647,
                -2.1019210343449126, 2.3366081990700547, -0.6767733477039045, 1.275840363327122,
                1.104376244894792, 0.8092285408368375, 2.765005156337971, -0.5653917367935642,
                -0.611551144363302, -1.636950223928109, -0.3739857299204865, -2.3577254441097204,
                -2.262805009827319, -0.36636579687248705, -0.9207234546845076, -2.096851544977622,
                0.12867205998567438, 0.6609355516577217, -0.507671266871987, 1.0267555113009363,
                2.12810520401756, 0.5314433343524358, -1.7560409810228659, 2.1851355199460984,
                0.8653865264855384, 0.6110559302559261, 0.8924572119820177, 0.384807748385995,
                1.3572431111247174, -1.5729922781007888, -0.46444883131321657, 0.1017984261680442,
                2.697100676482297, -0.08765822419912846, 0.4298486638636883, 0.8175716653744665,
                -1.3946531875718031, 2.1532616104409743, 0.17196104462912254, 0.008128965479143544,
                0.7884176123266641, 0.6459198633192649, 0.2064658867367838, -0.9672477482948054,
                -0.12497492991526804, 1.969033436846491, 1.2702209200861603, -0.19652177275419158,
                -0.8516634101953321, -1.324544829395219, 3.114024600940781, -0.9756746936795274,
                0.7720072688093023, 0.9953514633404664, 1.1906382188087727, 1.9160687366034215,
                -1.8307249350047314, 1.3336939423758563, 0.00029225437992487643,
                -0.9587204717421142, 0.7013220544443828, 0.37411471855976147,
                -0.053508406929606414, -1.251856637015234, -0.9805024908642759,
                -0.7443856057807856, -2.503132619019384, 0.5106630577960033, -2.0541217813884622,
                -0.3602171087679447, -0.9141813986788927, -0.8245696235044419, -1.6240822278824663,
                0.18856572724745732, -1.2086611015301525, -2.264017915141729, -1.759478892168328,
                -0.27806478465008183, -1.8555306940536302, 0.11341866806437217, 1.461601285351475,
                -0.5695354344785706, -1.3964561933014377, -2.180435568197044, 0.36808500159105617,
                -1.9080314584543905, -1.0022907196714883, -0.23555717423892977,
                -1.7406113837550456, 0.1452741858705902, 0.6599137488470097, 0.8930675976277775,
                -0.33674117508078966, 0.6565963142645339, 0.6295539888088149, 1.7480153509031584,
                0.2928402749158902, 2.79966923243146, 0.6793171489761299, 0.01433266605674251,
                1.4224093224990126, 0.7037868436082416, 0.1756736942508178, 1.220141047840006,
                1.2658460399218179, 2.643340232019927, 1.5372628267292596, 0.7425855448598342,
                0.33778011435272665, -0.45982597010014803, 2.279413635973956, 0.9117840024695414,
                1.1763259589450354, 0.5580082705615256, -1.458751454505296, -2.624399481497514,
                1.9223524787833473, 0.26874741184247336, -2.1804192598282937, -1.3205075132471567,
                1.9941412844859707, -1.047027355748386, -1.5376974933957441, -0.6488862011402013,
                -0.9396203071106074, -4.2522008735755445, -3.695711027464372, -0.13752166615261258,
                -0.7254819379889675, 1.132898516871293, 1.3384345151548889, -0.711977087424905,
                0.3981877236535952, -0.693038552577128, 0.34806683084128864, -0.8446276510509394,
                -0.02598631235498123, -0.3158162951171115, -1.5262257708251776,
                -0.05859615499582255, 0.9225950754045359, 1.6389939878438962, 0.7722589240512315,
                -0.2828270686787005, -0.9358739505280601, -0.12989639298154032,
                0.12973154080641347, 2.081315603476799, -0.013765379140340983, -0.8664908723759707,
                -1.5786145904759763, -0.5466135970589073, 1.7398302647438473, 1.0093445126522917,
                0.4250189358669647, -0.700961727401198, 0.7364466888806681, -0.16268553813598302,
                1.261191129003947, -0.48739602444945096, 1.5373489326444305, 1.5609850668587961,
                -0.5560462891590635, 2.2003136032647057, 0.2804410705743633, 1.1053520828049495,
                -0.22639415024476237, 0.5342430185492181, -0.7060528872446066, -0.5214614364593215,
                -1.5300154196533833, -0.75900266399567, -0.5246446702539118, 2.20426149793045,
                -1.5525796217763472, -1.3789034925375372, -3.537615621371387, -0.6707032412206955,
                2.2455490969478586, 1.4618121648516704, -1.571969496636211, -1.1102666035484536,
                -2.2882264176291667, 1.0973308360274059, -1.3084228578942922, -0.9640321242132247,
                0.09396012795634023, 0.07914271967482403, -0.7983645858211027, 0.39777156570263356,
                -0.33038343233048745, 0.6687001151819426, -0.8939850328644164, -0.2741533310341884,
                -0.4213602118966741, 0.8167182244896913, -0.35395354989613725, -0.5611611198865643,
                0.694914612031038, -1.0944743690506473, 0.8558149844234392, -1.1480012093469956,
                0.8208947965133306, -0.3138009282723785, 0.2626580890122341, 0.11805971469410903,
                -0.9679339379557781, -0.8078932235661542, 0.1683844728989128, -0.8278348686148165,
                1.2451048831336458, -1.5186916855225805, -0.20533894391075314, -0.7604250122545522,
                -0.97087365996062, -0.7238357289383991, 0.036741881663099774, -0.11728280778860178,
                -0.1620661710967119, -0.5769959964208149, -0.5769959964208149, 0.06750498271221472,
                -0.17257466113523612, -0.17257466113523612, -0.2834063950983545,
                -0.2834063950983545, -0.04962186917159639, -0.1968629609734489,
                -0.1778264640662497, -0.08269084255604864, -0.05925221716399465,
                -0.0630708119473149, -0.1898105683334812, -0.23806873439180332, 0.6903229123239781,
                0.2757314037463797, -0.11702502094661482, -0.1437576498771176, 0.43767353170319867,
                -0.8460263514760537, 0.16299983255082534, 1.0179129499107298, 1.033782893279213,
                1.3439204451718563, 0.6065595247278122, 0.6065595247278122, 0.8492957595313769,
                0.8718980099128408, 0.8718980099128408, 1.70210161139128, 1.70210161139128,
                1.1265430521924331, 0.9205901643048267, 0.8587358306512052, 1.7031288596000662,
                1.5575934521475858, 1.6905603295023615, 1.8687893002452713, 1.747843666747403,
                1.096144067386352, 1.4590475315164608, 1.7317749984675388, 1.9434159470037278,
                2.3547392240962437], (1, 13, 5, 5)))),
              (INC_AVG_POOL, (_a([342], ()), _a([1.893580197658003, 2.031216286251911, 0, 0, 0,
                0, 0, 0.6556320881930884, 2.8084213042671387, 0, 0, 0, 0, 0.2953190991663621,
                1.430873059734252, 0.7656763952547091, 0, 1.0070267553288899, 0,
                1.6738950002091955, 0, 0.5227686602077463, 0, 0, 1.8158468547365987, 0, 0, 0,
                2.2491409006113314, 0, 0.3751394591085143, 0.06594437384508368, 0.550719055339441,
                0, 0, 0, 2.166151840219378, 0, 1.0911640408318697, 0, 0, 1.2962793356360736, 0,
                0.9757645322155346, 0, 2.215971901525867, 0, 0, 0.49486967669149734, 0,
                3.7123869140447483, 2.0084960868552004, 1.7418841151586641, 0, 0,
                1.6649808985659573, 0, 0, 2.166055719922585, 0, 2.7006583084557647, 0,
                2.3366081990700547, 0, 1.275840363327122, 1.104376244894792, 0.8092285408368375,
                2.765005156337971, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.12867205998567438,
                0.6609355516577217, 0, 1.0267555113009363, 2.12810520401756, 0.5314433343524358, 0,
                2.1851355199460984, 0.8653865264855384, 0.6110559302559261, 0.8924572119820177,
                0.384807748385995, 1.3572431111247174, 0, 0, 0.1017984261680442, 2.697100676482297,
                0, 0.4298486638636883, 0.8175716653744665, 0, 2.1532616104409743,
                0.17196104462912254, 0.008128965479143544, 0.7884176123266641, 0.6459198633192649,
                0.2064658867367838, 0, 0, 1.969033436846491, 1.2702209200861603, 0, 0, 0,
                3.114024600940781, 0, 0.7720072688093023, 0.9953514633404664, 1.1906382188087727,
                1.9160687366034215, 0, 1.3336939423758563, 0.00029225437992487643, 0,
                0.7013220544443828, 0.37411471855976147, 0, 0, 0, 0, 0, 0.5106630577960033, 0, 0,
                0, 0, 0, 0.18856572724745732, 0, 0, 0, 0, 0, 0.11341866806437217,
                1.461601285351475, 0, 0, 0, 0.36808500159105617, 0, 0, 0, 0, 0.1452741858705902,
                0.6599137488470097, 0.8930675976277775, 0, 0.6565963142645339, 0.6295539888088149,
                1.7480153509031584, 0.2928402749158902, 2.79966923243146, 0.6793171489761299,
                0.01433266605674251, 1.4224093224990126, 0.7037868436082416, 0.1756736942508178,
                1.220141047840006, 1.2658460399218179, 2.643340232019927, 1.5372628267292596,
                0.7425855448598342, 0.33778011435272665, 0, 2.279413635973956, 0.9117840024695414,
                1.1763259589450354, 0.5580082705615256, 0, 0, 1.9223524787833473,
                0.26874741184247336, 0, 0, 1.9941412844859707, 0, 0, 0, 0, 0, 0, 0, 0,
                1.132898516871293, 1.3384345151548889, 0, 0.3981877236535952, 0,
                0.34806683084128864, 0, 0, 0, 0, 0, 0.9225950754045359, 1.6389939878438962,
                0.7722589240512315, 0, 0, 0, 0.12973154080641347, 2.081315603476799, 0, 0, 0, 0,
                1.7398302647438473, 1.0093445126522917, 0.4250189358669647, 0, 0.7364466888806681,
                0, 1.261191129003947, 0, 1.5373489326444305, 1.5609850668587961, 0,
                2.2003136032647057, 0.2804410705743633, 1.1053520828049495, 0, 0.5342430185492181,
                0, 0, 0, 0, 0, 2.20426149793045, 0, 0, 0, 0, 2.2455490969478586,
                1.4618121648516704, 0, 0, 0, 1.0973308360274059, 0, 0, 0.09396012795634023,
                0.07914271967482403, 0, 0.39777156570263356, 0, 0.6687001151819426, 0, 0, 0,
                0.8167182244896913, 0, 0, 0.694914612031038, 0, 0.8558149844234392, 0,
                0.8208947965133306, 0, 0.2626580890122341, 0.11805971469410903, 0, 0,
                0.1683844728989128, 0, 1.2451048831336458, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0.23550453896340906, 0, 0, 0, 0, 0.3297218043878015, 0,
                0, 0, 0.17909477841309943, 0.29926633927535984, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0.12158697909483489, 0, 0.564818191503786, 0.20877754151348799,
                0.34873714277262513, 0.19118332840451838, 0.30964160619920084, 1.2370824439753667,
                0.909714951124403, 0.7912566733297207], (1, 13, 5, 5)))),
              (INC_AVG_POOL, (_a([342], ()), _a([1.893580197658003, 2.031216286251911, 0, 0, 0,
                0, 0, 0.6556320881930884, 2.8084213042671387, 0, 0, 0, 0, 0.2953190991663621,
                1.430873059734252, 0.7656763952547091, 0, 1.0070267553288899, 0,
                1.6738950002091955, 0, 0.5227686602077463, 0, 0, 1.8158468547365987, 0, 0, 0,
                2.2491409006113314, 0, 0.3751394591085143, 0.06594437384508368, 0.550719055339441,
                0, 0, 0, 2.166151840219378, 0, 1.0911640408318697, 0, 0, 1.2962793356360736, 0,
                0.9757645322155346, 0, 2.215971901525867, 0, 0, 0.49486967669149734, 0,
                3.7123869140447483, 2.0084960868552004, 1.7418841151586641, 0, 0,
                1.6649808985659573, 0, 0, 2.166055719922585, 0, 2.7006583084557647, 0,
                2.3366081990700547, 0, 1.275840363327122, 1.104376244894792, 0.8092285408368375,
                2.765005156337971, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.12867205998567438,
                0.6609355516577217, 0, 1.0267555113009363, 2.12810520401756, 0.5314433343524358, 0,
                2.1851355199460984, 0.8653865264855384, 0.6110559302559261, 0.8924572119820177,
                0.384807748385995, 1.3572431111247174, 0, 0, 0.1017984261680442, 2.697100676482297,
                0, 0.4298486638636883, 0.8175716653744665, 0, 2.1532616104409743,
                0.17196104462912254, 0.008128965479143544, 0.7884176123266641, 0.6459198633192649,
                0.2064658867367838, 0, 0, 1.969033436846491, 1.2702209200861603, 0, 0, 0,
                3.114024600940781, 0, 0.7720072688093023, 0.9953514633404664, 1.1906382188087727,
                1.9160687366034215, 0, 1.3336939423758563, 0.00029225437992487643, 0,
                0.7013220544443828, 0.37411471855976147, 0, 0, 0, 0, 0, 0.5106630577960033, 0, 0,
                0, 0, 0, 0.18856572724745732, 0, 0, 0, 0, 0, 0.11341866806437217,
                1.461601285351475, 0, 0, 0, 0.36808500159105617, 0, 0, 0, 0, 0.1452741858705902,
                0.6599137488470097, 0.8930675976277775, 0, 0.6565963142645339, 0.6295539888088149,
                1.7480153509031584, 0.2928402749158902, 2.79966923243146, 0.6793171489761299,
                0.01433266605674251, 1.4224093224990126, 0.7037868436082416, 0.1756736942508178,
                1.220141047840006, 1.2658460399218179, 2.643340232019927, 1.5372628267292596,
                0.7425855448598342, 0.33778011435272665, 0, 2.279413635973956, 0.9117840024695414,
                1.1763259589450354, 0.5580082705615256, 0, 0, 1.9223524787833473,
                0.26874741184247336, 0, 0, 1.9941412844859707, 0, 0, 0, 0, 0, 0, 0, 0,
                1.132898516871293, 1.3384345151548889, 0, 0.3981877236535952, 0,
                0.34806683084128864, 0, 0, 0, 0, 0, 0.9225950754045359, 1.6389939878438962,
                0.7722589240512315, 0, 0, 0, 0.12973154080641347, 2.081315603476799, 0, 0, 0, 0,
                1.7398302647438473, 1.0093445126522917, 0.4250189358669647, 0, 0.7364466888806681,
                0, 1.261191129003947, 0, 1.5373489326444305, 1.5609850668587961, 0,
                2.2003136032647057, 0.2804410705743633, 1.1053520828049495, 0, 0.5342430185492181,
                0, 0, 0, 0, 0, 2.20426149793045, 0, 0, 0, 0, 2.2455490969478586,
                1.4618121648516704, 0, 0, 0, 1.0973308360274059, 0, 0, 0.09396012795634023,
                0.07914271967482403, 0, 0.39777156570263356, 0, 0.6687001151819426, 0, 0, 0,
                0.8167182244896913, 0, 0, 0.694914612031038, 0, 0.8558149844234392, 0,
                0.8208947965133306, 0, 0.2626580890122341, 0.11805971469410903, 0, 0,
                0.1683844728989128, 0, 1.2451048831336458, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0.31336644422568194, 0, 0, 0, 0, 0.6421481493239742, 0,
                0, 0, 0.24815038935328296, 0.6221198177036442, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0.16188869037588613, 0, 0.564818191503786, 0.20877754151348799, 0.5026139358925715,
                0.37893304324425087, 0.44397063103243495, 1.8351318876966838, 1.3440806484202388,
                1.7290980693259563], (1, 13, 5, 5)))),),
             'a bottleneck of 3 (3x3) and of 2 (5x5) channels'),
    ),
    "BasicBlock": (
        Case("BasicBlock",
             (fixed_input((2, 2, 3, 3)), 2, 2, 1),
             (_a([80], ()), _a([0, 2.836601281071086, 2.118827281643722, 0, 1.175363824397195, 0,
               1.2071089447976242, 3.1106115068611624, 0.32521366813106467, 1.4458278042335122,
               0.5272191386201797, 0.8048857382313019, 1.4456111425307514, 1.4601016861995255, 0,
               0, 0, 0, 0, 0, 0, 0, 0.5029250007309025, 0, 0.25836319769057314, 0,
               0.1538512939686838, 1.6317027941446145, 0, 0, 1.7884171807201015,
               0.45187001845098607, 0.007801464349816878, 1.3788637736791356, 0, 0], (2, 2, 3,
               3))),
             {},
             ((BLOCK_NO_SHORTCUT, (_a([80], ()), _a([1.577988187759405, 2.8581873224964736,
               1.4938717629095437, 0, 0.5003677726202415, 0, 0, 1.5587669153235966, 0,
               2.6217080266827266, 1.0389125321510069, 0.5675724717865438, 0, 0,
               0.20682391622849228, 0, 0.4215429004054113, 0, 0, 0, 0, 0, 0.31794039067346674, 0,
               0, 0, 0, 0.06233860203111984, 0, 0, 0.7560427028303077, 0, 0, 0, 0, 0], (2, 2, 3,
               3)))),
              (BLOCK_RELU_BEFORE_ADD, (_a([80], ()), _a([-0.11743642205633997, 2.836601281071086,
                2.118827281643722, -0.12559667458567247, 1.175363824397195, 0.02867724853918574,
                1.233952692957494, 3.1106115068611624, 0.5873770369390257, 1.4458278042335122,
                0.5272191386201797, 0.8048857382313019, 1.6507257728242624, 1.5948400980482926,
                -1.3640859571811892, -1.1392823725094887, -0.5569769464362117, -1.414282640237575,
                -1.2901328303117237, -0.0625457028745231, -1.3523729545854706, 0.45808561030498396,
                0.5029250007309025, -0.7300522339568487, 0.6675172045891338, -1.4468400734304998,
                1.1733403858824403, 1.6317027941446145, -0.528284483432329, -1.3388794367301569,
                1.7884171807201015, 1.1906584449587294, 0.8050406608078267, 1.5225539922730316,
                -0.8226164161605394, -0.5095282199046771], (2, 2, 3, 3)))),
              (BLOCK_RELU_BEFORE_ADD, (_a([80], ()), _a([0, 2.836601281071086, 2.118827281643722,
                0, 1.175363824397195, 0.02867724853918574, 1.233952692957494, 3.1106115068611624,
                0.5873770369390257, 1.4458278042335122, 0.5272191386201797, 0.8048857382313019,
                1.6507257728242624, 1.5948400980482926, 0, 0, 0, 0, 0, 0, 0, 0.45808561030498396,
                0.5029250007309025, 0, 0.6675172045891338, 0, 1.1733403858824403,
                1.6317027941446145, 0, 0, 1.7884171807201015, 1.1906584449587294,
                0.8050406608078267, 1.5225539922730316, 0, 0], (2, 2, 3, 3)))),
              (BLOCK_FINAL_RELU, (_a([80], ()), _a([-0.11743642205633997, 2.836601281071086,
                2.118827281643722, -1.1472339422671585, 1.175363824397195, -0.3746211090643527,
                1.2071089447976242, 3.1106115068611624, 0.32521366813106467, 1.4458278042335122,
                0.5272191386201797, 0.8048857382313019, 1.4456111425307514, 1.4601016861995255,
                -1.3640859571811892, -1.8218263929740803, -0.5569769464362117, -2.135404702140924,
                -1.7957270836173804, -0.14409543345343861, -1.8093953116707007, -1.514467523025636,
                0.5029250007309025, -1.3504300411453798, 0.25836319769057314, -1.538226190759558,
                0.1538512939686838, 1.6317027941446145, -0.5555606810275469, -1.7082505396604208,
                1.7884171807201015, 0.45187001845098607, 0.007801464349816878, 1.3788637736791356,
                -1.5416521246875736, -0.9078453793087179], (2, 2, 3, 3)))),),
             'identity shortcut: the shape does not change'),
        Case("BasicBlock",
             (fixed_input((2, 2, 4, 3)), 2, 3, 2),
             (_a([159], ()), _a([0, 0, 1.9934360513953633, 0, 1.4456619677436606,
               2.276238656934387, 1.3767786915736182, 0, 0, 0, 0, 1.3398020699602824, 0,
               3.4108888211656803, 1.3606932482674927, 0, 0.5920978648043067, 0,
               0.9755662725409066, 0, 0, 0.8223373054645962, 0.7933043241187117,
               0.588088021059695], (2, 3, 2, 2))),
             {},
             ((BLOCK_NO_SHORTCUT, (_a([159], ()), _a([0.4326123339322239, 0, 0.5992679309418645,
               0, 0.8174873264241919, 1.1457830161997242, 0.6512715147906905, 0, 0, 0, 0,
               1.2172077123651868, 0, 2.855555510902821, 0, 0, 0.530528327695556, 0,
               0.8963292071767617, 0, 0, 0, 0.11820490623433039, 1.027637833867806], (2, 3, 2,
               2)))),
              (BLOCK_RELU_BEFORE_ADD, (_a([159], ()), _a([-1.5802343605884994,
                0.9353031347167297, 1.9934360513953633, -0.45588491980833845, 1.4456619677436606,
                2.276238656934387, 1.3767786915736182, -1.385071344208678, -1.3947896548046455,
                0.041401669051940176, 0.4258541084562501, 1.3398020699602824, -1.6547785322243502,
                3.4108888211656803, 1.4566617337200731, -0.08980507874293774, 0.5920978648043067,
                -2.2177168262943927, 0.9755662725409066, 0.9004730434762799, -1.0113167333029467,
                0.949924085027322, 0.7933043241187117, 0.588088021059695], (2, 3, 2, 2)))),
              (BLOCK_RELU_BEFORE_ADD, (_a([159], ()), _a([0, 0.9353031347167297,
                1.9934360513953633, 0, 1.4456619677436606, 2.276238656934387, 1.3767786915736182,
                0, 0, 0.041401669051940176, 0.4258541084562501, 1.3398020699602824, 0,
                3.4108888211656803, 1.4566617337200731, 0, 0.5920978648043067, 0,
                0.9755662725409066, 0.9004730434762799, 0, 0.949924085027322, 0.7933043241187117,
                0.588088021059695], (2, 3, 2, 2)))),
              (BLOCK_FINAL_RELU, (_a([159], ()), _a([-1.5802343605884994, -0.011408596274268712,
                1.9934360513953633, -1.0154459742550537, 1.4456619677436606, 2.276238656934387,
                1.3767786915736182, -2.3214626371443616, -1.8729946944456004, -0.8691402193768987,
                -0.32658967189959903, 1.3398020699602824, -2.7981289583335904, 3.4108888211656803,
                1.3606932482674927, -1.1034980836635013, 0.5920978648043067, -3.3476427475907835,
                0.9755662725409066, -1.1519802002954038, -1.7363722606826169, 0.8223373054645962,
                0.7933043241187117, 0.588088021059695], (2, 3, 2, 2)))),
              (BLOCK_SHORTCUT_BN, (_a([153], ()), _a([0, 0.12180175773150548, 2.320311375913038,
                0, 1.7476068429180258, 2.4226929687170484, 1.6485924433465864, 0, 0, 0, 0,
                1.083784324144111, 0, 3.383732079978699, 1.7139441389029888, 0, 1.06944604405929,
                0, 1.4474451349685191, 0, 0, 0.6141702219536005, 0.5692420758329599,
                0.2995572759242885], (2, 3, 2, 2)))),),
             'projection: 2 -> 3 channels, stride 2'),
        Case("BasicBlock",
             (fixed_input((2, 2, 3, 4)), 2, 2, 2),
             (_a([88], ()), _a([2.081229130158864, 0, 0.7523886920615016, 0, 0.7449461273731235,
               1.0051335513002366, 0, 0, 2.283516329226088, 0, 1.3444013427874435, 0,
               0.7804092139076204, 0, 1.0715794485213932, 0.042608649900228945], (2, 2, 2, 2))),
             {},
             ((BLOCK_NO_SHORTCUT, (_a([88], ()), _a([1.5777739477395751, 0, 1.5907901174302599,
               0, 0, 1.0009727400598638, 0, 0.850344323628153, 0.5225334878933758,
               0.06295688465579972, 0, 0.24650910302835627, 1.2123113788497715, 0, 0, 0], (2, 2, 2,
               2)))),
              (BLOCK_RELU_BEFORE_ADD, (_a([88], ()), _a([2.081229130158864, 0.08508718321356774,
                0.7523886920615016, -1.4941717630318263, 0.9207030403514724, 1.0051335513002366,
                -0.5440926965794337, -0.1741286001453174, 2.283516329226088, -0.7607752885625352,
                1.7624035164847014, -0.07086843129208709, 0.7804092139076204, -0.717986328331622,
                1.4117057883978203, 0.7097529258988704], (2, 2, 2, 2)))),
              (BLOCK_RELU_BEFORE_ADD, (_a([88], ()), _a([2.081229130158864, 0.08508718321356774,
                0.7523886920615016, 0, 0.9207030403514724, 1.0051335513002366, 0, 0,
                2.283516329226088, 0, 1.7624035164847014, 0, 0.7804092139076204, 0,
                1.4117057883978203, 0.7097529258988704], (2, 2, 2, 2)))),
              (BLOCK_FINAL_RELU, (_a([88], ()), _a([2.081229130158864, -0.9900986856956595,
                0.7523886920615016, -3.3633014336618006, 0.7449461273731235, 1.0051335513002366,
                -0.8738030638685107, -0.1741286001453174, 2.283516329226088, -0.7607752885625352,
                1.3444013427874435, -0.07086843129208709, 0.7804092139076204, -1.9410084224650586,
                1.0715794485213932, 0.042608649900228945], (2, 2, 2, 2)))),
              (BLOCK_SHORTCUT_BN, (_a([84], ()), _a([2.434177348343534, 0, 0, 0,
                1.0451875598315934, 0.4057326874098096, 0, 0, 3.8860213651287614, 0,
                2.94831804889025, 0, 0, 0, 1.853770130819055, 0.1357896334743549], (2, 2, 2,
                2)))),),
             'projection: stride 2, the same channels'),
        Case("BasicBlock",
             (fixed_input((2, 2, 2, 3)), 2, 3, 1),
             (_a([159], ()), _a([0, 1.8858580056515486, 0, 0.7273880515748876,
               0.7230085196124274, 1.2267786141561292, 0.30292318729201795, 0, 0, 0,
               0.738518354607905, 0, 0.39158840969113945, 1.0336056126558477, 0.892055889517132, 0,
               0, 0.6715770185891542, 0, 0, 1.3033340667145958, 0, 1.3829791427284093, 0,
               1.9628635647002612, 1.5318760982750668, 0, 0, 0.49427415748164016,
               1.720796308284878, 0, 0, 0.050990519892340824, 0, 0, 0], (2, 3, 2, 3))),
             {},
             ((BLOCK_NO_SHORTCUT, (_a([159], ()), _a([0, 1.600627850095549, 0,
               1.4243736540861147, 0, 0, 0, 0, 0, 0.8939979076158008, 1.0839391512197278, 0,
               0.7966407524026053, 0.3597597701073402, 0.7398855306040124, 0, 0,
               0.05764633056600834, 0, 0.9172233866806792, 0.05619563077216504, 0.3698551971261781,
               2.1582728358048926, 0, 1.2547654026468225, 1.3569795694223368, 0.26525256923022195,
               0.4541166354614512, 0.6151538007194575, 0, 0, 0, 0, 0.38151897824077946,
               0.07461673872631112, 1.0654521131657533], (2, 3, 2, 3)))),
              (BLOCK_RELU_BEFORE_ADD, (_a([159], ()), _a([0.4835559416922322, 1.8858580056515486,
                0.6177788309809871, 0.7273880515748876, 2.20997646826187, 1.831005864379011,
                1.615721396699991, -1.7853991415781778, 0.20581084712201794, -0.11125231275759917,
                0.738518354607905, 0.6517913816604299, 0.39158840969113945, 1.0336056126558477,
                0.892055889517132, -0.09581576118252484, 1.15236784482476, 0.6715770185891542,
                -1.0235212258879476, -0.8280118536925511, 1.3033340667145958, -1.067592616781879,
                1.3829791427284093, -0.8039755102703684, 1.9628635647002612, 1.5318760982750668,
                -1.0612335892069795, -0.4846853063710307, 0.49427415748164016, 2.049862987107043,
                -0.8560001418599658, -1.0377676093780093, 1.0034241428010102, -0.11357711368698925,
                -0.36772911863655894, -0.14438280387325664], (2, 3, 2, 3)))),
              (BLOCK_RELU_BEFORE_ADD, (_a([159], ()), _a([0.4835559416922322, 1.8858580056515486,
                0.6177788309809871, 0.7273880515748876, 2.20997646826187, 1.831005864379011,
                1.615721396699991, 0, 0.20581084712201794, 0, 0.738518354607905,
                0.6517913816604299, 0.39158840969113945, 1.0336056126558477, 0.892055889517132, 0,
                1.15236784482476, 0.6715770185891542, 0, 0, 1.3033340667145958, 0,
                1.3829791427284093, 0, 1.9628635647002612, 1.5318760982750668, 0, 0,
                0.49427415748164016, 2.049862987107043, 0, 0, 1.0034241428010102, 0, 0, 0], (2, 3,
                2, 3)))),
              (BLOCK_FINAL_RELU, (_a([159], ()), _a([-1.2910339316360468, 1.8858580056515486,
                -0.5801806298557672, 0.7273880515748876, 0.7230085196124274, 1.2267786141561292,
                0.30292318729201795, -3.381589137544694, -1.6611811262113647, -0.11125231275759917,
                0.738518354607905, -0.28342339570060415, 0.39158840969113945, 1.0336056126558477,
                0.892055889517132, -0.4296636864083401, -0.229532532367428, 0.6715770185891542,
                -1.961686770861796, -0.8280118536925511, 1.3033340667145958, -1.067592616781879,
                1.3829791427284093, -1.1363873760395249, 1.9628635647002612, 1.5318760982750668,
                -1.0612335892069795, -0.4846853063710307, 0.49427415748164016, 1.720796308284878,
                -1.6633253432228796, -1.9839545408523047, 0.050990519892340824,
                -0.11357711368698925, -0.36772911863655894, -0.14438280387325664], (2, 3, 2, 3)))),
              (BLOCK_SHORTCUT_BN, (_a([153], ()), _a([0, 1.7166217094959415, 0,
                0.4187023925258786, 0.827036671551622, 1.2770026921607094, 0, 0, 0,
                0.05245001217836742, 0.6501969309599744, 0, 0.5380082894853124, 1.0822026266312912,
                0.9879528169911682, 0, 0, 0.7256064933859407, 0, 0, 1.2706639941815125, 0,
                1.063175749872918, 0, 1.4721475408640203, 1.2448179737550216, 0, 0,
                0.32018859366842223, 0.7175893455022468, 0, 0, 0.06970492373567372,
                0.04100696335743598, 0, 0.07500609084490095], (2, 3, 2, 3)))),),
             'projection: 2 -> 3 channels, stride 1'),
    ),
    "resnet20": (
        Case("resnet20",
             (fixed_input((2, 3, 8, 8)),),
             (_a([272474], ()), _a([2.635479499100893, -2.748372680307989, 2.025815644091916,
               1.9759973447675259, 0.5606905982065037, -1.0730907282124984, -4.441410008490819,
               0.7191657745968243, 0.46806687382774137, 0.15137152017973654, 3.109954408399106,
               -2.0835779345431193, 1.0890853946762, 1.0888931168241904, 0.8136909577330657,
               0.9129045356164462, -2.665013737521291, 1.5839425524699862, 0.6598245720240851,
               0.1064361333953378], (2, 10))),
             {},
             ((NET_NO_SHORTCUTS, (_a([269722], ()), _a([0.49282113919562615, -1.156490949612243,
               0.21705325645892007, 0.7423603233107203, -0.19599205884560045, 0.05410801040160827,
               -1.2315080985948181, 0.1762876296196781, 0.02608695550917306, 0.4471263657514589,
               1.6293358721286104, -0.7679847652055709, 0.9408725448254, 0.41413638281516585,
               0.8035694364064491, -0.03764801321793067, -1.1195231543133228, 0.6412307141878316,
               0.3911933931327055, -0.4789658204570167], (2, 10)))),
              (NET_STEM, (_a([272442], ()), _a([2.638276866404387, -2.665718516586779,
                1.1096845103174688, 1.2541624645262954, 1.0936656243457077, -0.21619809207543872,
                -2.8133460121665554, 0.9131021833865578, -0.4455139051725105, -0.15597253674871958,
                2.913993320797756, -2.73401757898463, 1.4147287074603865, 2.4570825821399436,
                0.2177278118347537, 0.3165206537691798, -3.9807218724371367, 2.5972361305331155,
                0.9701594412875125, 0.37968344612192567], (2, 10)))),
              (NET_POOL, (_a([272474], ()), _a([4.761547628220069, -8.057079095527587,
                4.652089436109227, 4.623323596093072, 1.0299670799513139, -1.1539357117905609,
                -9.702088242188447, 3.7007607085041077, 1.2454770969429445, 1.9594185681633536,
                6.569576544625228, -6.500345653732504, 2.5928673260613317, 3.3336433099042955,
                1.5045928542964437, 0.0956177810471499, -7.3542606370541, 4.869926134858532,
                0.8055079718364956, -1.2041287172485196], (2, 10)))),
              (NET_DOWNSAMPLE, (_a([277786], ()), _a([1.145104423260812, -1.741444428768468,
                0.7227031054619814, 1.0411425920810455, 0.5383235046912217, 0.17537006860693993,
                -1.3284672969266231, 0.9560163398107722, 0.2103413211148566, 0.2844565473367727,
                1.8558795422441718, -1.128263607638061, 1.1042909397084286, 0.6664707438494561,
                0.05447655256432648, -0.26203517669723886, -2.037650032917719, 0.7170512422143993,
                0.38540346120033686, -0.2718835882193015], (2, 10)))),),
             'ResNet-20, 10 classes'),
        Case("plain20",
             (fixed_input((2, 3, 8, 8)),),
             (_a([269722], ()), _a([0.49282113919562615, -1.156490949612243, 0.21705325645892007,
               0.7423603233107203, -0.19599205884560045, 0.05410801040160827, -1.2315080985948181,
               0.1762876296196781, 0.02608695550917306, 0.4471263657514589, 1.6293358721286104,
               -0.7679847652055709, 0.9408725448254, 0.41413638281516585, 0.8035694364064491,
               -0.03764801321793067, -1.1195231543133228, 0.6412307141878316, 0.3911933931327055,
               -0.4789658204570167], (2, 10))),
             {},
             ((NET_PLAIN_SHORTCUTS, (_a([272474], ()), _a([2.635479499100893, -2.748372680307989,
               2.025815644091916, 1.9759973447675259, 0.5606905982065037, -1.0730907282124984,
               -4.441410008490819, 0.7191657745968243, 0.46806687382774137, 0.15137152017973654,
               3.109954408399106, -2.0835779345431193, 1.0890853946762, 1.0888931168241904,
               0.8136909577330657, 0.9129045356164462, -2.665013737521291, 1.5839425524699862,
               0.6598245720240851, 0.1064361333953378], (2, 10)))),
              (NET_STEM, (_a([269690], ()), _a([1.2818157078150776, -1.4151119813692745,
                0.8618050291797412, 0.5884035036379331, 0.23759103889620836, 0.1156415831871722,
                -1.6359150676571805, 0.591374035502181, 0.16566657763892284, -0.2553742120142769,
                0.7844979580823771, -0.611112774817142, 0.30703634512362993, 0.5936278651995901,
                0.06383968425673764, -0.07577723251731493, -0.8053310624330589, 0.3866165618230544,
                0.28416617268278155, 0.27470387700270493], (2, 10)))),
              (NET_POOL, (_a([269722], ()), _a([1.747135988852509, -3.210961842058042,
                1.4812272946256217, 2.0182770451675798, -0.9108178681258163, 0.3497820774489515,
                -2.8884348286814774, 1.083567176933819, -0.17802871011284516, 1.2705514425655524,
                3.82932512070043, -2.2594294509275, 1.8782261282719062, 1.296596735639241,
                1.390202357763661, -0.7010856959378544, -3.222642639037829, 1.8573690470635573,
                0.5915896346154229, -1.0576400878822008], (2, 10)))),
              (NET_DOWNSAMPLE, (_a([269722], ()), _a([0.7926005477790065, -1.0793719509112316,
                0.5399100158926624, 1.0219810925026158, -0.18712025765253187, -0.10021941596334329,
                -1.0204870875036993, 0.6602078366075279, 0.28531696319211813, 0.14394124721985468,
                1.4563920221697635, -0.944676210616388, 0.5921340512633825, 0.39335010211898974,
                0.6450112516770935, 0.22986470890991345, -1.3206284381793956, 0.29449378551508365,
                -0.04470904716735763, -0.28796351308236656], (2, 10)))),
              (PLAIN_FINAL_RELU, (_a([269722], ()), _a([0.1476043004823291, -0.2057284615372072,
                -0.23973997954456705, 0.035255435653301706, -0.21065754408623516,
                -0.06202402229517047, -0.06330508455733455, 0.21621313358654787,
                0.5496619786566205, 0.8997273747577028, -0.027580026645339165, 0.1831130592081655,
                0.365378343488325, 0.1598021039980207, 0.2768844652015976, 0.4209525396936081,
                0.3705733380976988, -0.050754974845294946, -0.26886848495555205,
                -0.6824340985578466], (2, 10)))),),
             'plain-20, 10 classes'),
        Case("resnet20",
             (fixed_input((2, 3, 8, 6)),),
             (_a([77587], ()), _a([1.4373914763879887, -0.1256774560739829, -1.7001460757057454,
               0.4280379382669264, 1.012218967979554, -1.3526329207537102], (2, 3))),
             {'num_classes': 3, 'blocks_per_stage': 1},
             ((NET_NO_SHORTCUTS, (_a([74835], ()), _a([0.5174072889989325, 0.04594404194668904,
               -0.981568549828409, 0.4964978158602403, 0.2647390411737865, -0.8785718448851572],
               (2, 3)))),
              (NET_STEM, (_a([77555], ()), _a([1.2621201599733383, 0.29335458573866685,
                -1.5832429690582217, 0.3066760647295431, 1.0838234117082568, -0.5366066782284432],
                (2, 3)))),
              (NET_POOL, (_a([77587], ()), _a([4.375805679720848, -0.06755120845245861,
                -4.994026023230496, 2.2695845744110095, 1.6287969926378594, -2.757046100045007],
                (2, 3)))),
              (NET_BLOCKS, (_a([272019], ()), _a([0.7094336491080651, 1.3202237689097256,
                -2.777872968593086, 1.847719016960323, -0.20650835298590858, -2.2616404906187046],
                (2, 3)))),),
             'ResNet-8, 3 classes'),
        Case("plain20",
             (fixed_input((2, 3, 6, 8)),),
             (_a([172116], ()), _a([1.2116202737030273, 1.9224038019908178, -0.07865053512439447,
               0.6729534382254903, 0.7178309313772604, 0.261231703129316, -0.36315350783077366,
               -0.34649673948362636], (2, 4))),
             {'num_classes': 4, 'blocks_per_stage': 2},
             ((NET_PLAIN_SHORTCUTS, (_a([174868], ()), _a([1.274305226280057, 2.666213705441342,
               -0.24686318315080358, -0.54192842435153, 2.8317902261682883, 1.1915824559063977,
               0.12214069231996168, 0.5689471535065656], (2, 4)))),
              (NET_STEM, (_a([172084], ()), _a([1.5447162943702784, 1.2989224058218347,
                0.712045052518589, 0.4520272255192989, 0.40355281990076153, 0.9876492568779883,
                -0.9792189139711034, -0.07768812357863722], (2, 4)))),
              (NET_POOL, (_a([172116], ()), _a([2.8114729740296296, 4.382828849044209,
                0.02583380959829419, 1.0547875595912477, 1.7908232466153133, 0.6855924722220816,
                -1.2240757425494448, -0.6907344784790749], (2, 4)))),
              (NET_DOWNSAMPLE, (_a([172116], ()), _a([1.423166740683807, 1.6891877900356522,
                -0.14776260432320937, 0.2789447015943367, 0.48564147472493036, 0.46632316691140707,
                -0.22286018535410257, -0.024177778695119743], (2, 4)))),
              (NET_BLOCKS, (_a([269332], ()), _a([0.5605063527421197, 0.6621662387833791,
                0.2666700940895662, -0.2740141429969494, 1.3715527184714953, 1.4186900127992694,
                -0.4189414857952793, 0.4961186040688068], (2, 4)))),
              (PLAIN_FINAL_RELU, (_a([172116], ()), _a([0.16924083467357326, 1.1231848038485512,
                -0.6223967746680444, 1.0287174057402642, 0.1482716125306108, -1.0774434940375541,
                0.3974742821966779, -0.8547070118445673], (2, 4)))),),
             'plain-14, 4 classes'),
    ),
}
# CASES-END
# fmt: on

PASSED_NOTES: dict[str, str] = {
    "layer_table": "The tables match the lecture's hand counts.",
    "resnet20": "resnet20 has 272,474 trainable parameters (the paper's 0.27M), plain20 269,722.",
}


# ---------------------------------------------------------------------------------------------
# One public check per graded cell, named like its grade id.


def count_params(count_params: Callable[..., int]) -> None:
    """Check ``count_params(model) -> int``: the trainable parameters of a model."""
    public("count_params", count_params)


def layer_table(layer_table: Callable[..., list]) -> None:
    """Check ``layer_table(model, x) -> list of dicts``, one per layer of the model."""
    public("layer_table", layer_table)


def InceptionModule(InceptionModule: type) -> None:  # noqa: N802, N803 (the grade id)
    """Check the class ``InceptionModule``: structure, parameter count and output."""
    public("InceptionModule", InceptionModule)


def BasicBlock(BasicBlock: type) -> None:  # noqa: N802, N803 (the grade id)
    """Check the class ``BasicBlock``: convolutions, shortcut, parameter count and output."""
    public("BasicBlock", BasicBlock)


def resnet20(resnet20: Callable[..., Any], plain20: Callable[..., Any]) -> None:
    """Check ``resnet20()`` and ``plain20()``: parameter counts and scores."""
    public("resnet20", resnet20, plain20)
