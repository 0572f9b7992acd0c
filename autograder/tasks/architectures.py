"""The architectures notebook's instructor side: references, mistakes, random cases.

Registered in :mod:`autograder.tasks` (see its docstring for what each name means).

The references are independent of the student's code and of the solution notebook:

- count_params and layer_table: hand counts from a network's layer list (:class:`cnnlab.zoo.Spec`):
  a convolution has ``F * C * k * k (+ F)`` parameters, an output of
  ``(H + 2 p - k) // s + 1`` rows and ``2 * F * H_out * W_out * C * k * k`` FLOPs (a multiply-add
  is two FLOPs, as FlopCounterMode counts them; the bias, activations and pooling count nothing);
  batch norm has ``2 C`` parameters and ``2 C + 1`` buffers; a frozen layer trains nothing; a
  shared layer counts once. The same formulas give the results of the well-known mistakes.
- InceptionModule, BasicBlock, resnet20 and plain20: the layers written with
  ``torch.nn.functional`` in float64 (``F.conv2d``, ``F.batch_norm`` in training mode,
  ``F.max_pool2d``), with the fixed parameter values of :func:`cnnlab.checks.architectures.fill`
  (which depend only on a parameter's name and shape, so a correct module of any structure gets
  the same ones). A case returns ``(parameter count, output)``; the count is a hand formula.

resnet20 is graded on its own: the hidden test puts a reference BasicBlock (an ``nn.Module`` made
of ``torch.nn`` layers) in place of the student's (SUBSTITUTES), and count_params is replaced
inside layer_table the same way; :func:`BasicBlock` and :func:`count_params` below serve both as
the reference of a case and as that substitute.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812 (the usual name)
from torch import nn

from autograder.tasks import case
from autograder.torchref import numpy as _np
from autograder.torchref import tensor as _t
from cnnlab import zoo
from cnnlab.checks import Case, CheckFailure
from cnnlab.checks import architectures as visible
from cnnlab.checks.architectures import fixed_values
from cnnlab.zoo import Layer, Spec

NOTEBOOK = "architectures"
"""solutions/pytorch_cnn/architectures.ipynb."""

NUMPY_ONLY = False
"""The graded code is PyTorch code (nn.Module subclasses and functions of modules)."""

Mistakes = list[tuple[str, Any]]


def _joined(mistakes: Mistakes) -> Mistakes:
    """The mistakes with one entry per wrong result: causes that give the same one are joined.

    A wrong result that two mistakes produce (e.g. the state dict and a shared layer counted
    twice, for a network without buffers or frozen layers) then names both.
    """
    merged: dict[bytes, tuple[list[str], Any]] = {}
    for cause, value in mistakes:
        parts = value if isinstance(value, tuple) else (value,)
        key = b"|".join(np.asarray(part, dtype=np.float64).tobytes() for part in parts)
        causes, _ = merged.setdefault(key, ([], value))
        if cause not in causes:
            causes.append(cause)
    return [(visible.either(*causes), value) for causes, value in merged.values()]


# --- count_params: hand counts of a layer list ----------------------------------------------------


def _layer_params(layer: Layer) -> list[tuple[str, int, bool]]:
    """(name, size, trainable) of each parameter of a layer (a shared one has none of its own)."""
    kind = layer[0]
    if kind == "conv":
        _, c_in, c_out, k, _, _, bias = layer
        return [("weight", c_out * c_in * k * k, True)] + ([("bias", c_out, True)] if bias else [])
    if kind == "linear":
        _, f_in, f_out, bias = layer
        return [("weight", f_out * f_in, True)] + ([("bias", f_out, True)] if bias else [])
    if kind == "bn":
        return [("weight", layer[1], True), ("bias", layer[1], True)]
    if kind == "frozen":
        return [(name, size, False) for name, size, _ in _layer_params(layer[1])]
    return []


def _layer_buffers(layer: Layer) -> int:
    """Values in the layer's buffers: batch norm's running mean and variance, and its counter."""
    if layer[0] == "bn":
        return 2 * layer[1] + 1
    if layer[0] == "frozen":
        return _layer_buffers(layer[1])
    return 0


def _row_params(spec: Spec) -> dict[str, list[tuple[tuple[str, int, str], int, bool]]]:
    """Row name -> its parameters as (identity, size, trainable), shared layers resolved.

    The identity (row of origin, layer index, name) is the same for a parameter wherever a
    shared layer uses it again.
    """
    rows: dict[str, list[tuple[tuple[str, int, str], int, bool]]] = {}
    for row, layers in spec.rows:
        params = []
        for k, layer in enumerate(layers):
            if layer[0] == "shared":
                params += rows[layer[1]]
            else:
                params += [
                    ((row, k, name), size, train) for name, size, train in _layer_params(layer)
                ]
        rows[row] = params
    return rows


def _row_buffers(spec: Spec) -> dict[str, int]:
    """Row name -> the values in its buffers (a shared layer's included again)."""
    buffers: dict[str, int] = {}
    for row, layers in spec.rows:
        buffers[row] = sum(
            buffers[layer[1]] if layer[0] == "shared" else _layer_buffers(layer) for layer in layers
        )
    return buffers


def _unique(spec: Spec) -> dict[tuple[str, int, str], tuple[int, bool]]:
    """Every parameter of the network once: identity -> (size, trainable)."""
    return {
        key: (size, train) for params in _row_params(spec).values() for key, size, train in params
    }


def count_params(model: Any, device: str = "cpu") -> int:
    """The trainable parameters of a layer list (hand count) or of a module (the substitute).

    For a Spec (a case's network) the count comes from the layer list; for a module (when the
    student's layer_table calls count_params(layer) with this reference in place of theirs) it
    counts the module's trainable parameters.
    """
    if isinstance(model, Spec):
        return sum(size for size, train in _unique(model).values() if train)
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def count_params_mistakes(model: Spec, device: str = "cpu") -> Mistakes:
    """Frozen counted, the state dict, tensors, shared twice, weights only, top level only."""
    unique = _unique(model)
    rows = _row_params(model)
    buffers = _row_buffers(model)
    per_row = {row: {key: (size, t) for key, size, t in params} for row, params in rows.items()}
    top_level = 0  # model.children() skips a shared row (the same module as an earlier one)
    for row, layers in model.rows:
        if len(layers) == 1 and layers[0][0] != "shared":  # the row's module is the layer itself
            top_level += sum(size for size, t in per_row[row].values() if t)
    return [
        (visible.COUNT_FROZEN, sum(size for size, _ in unique.values())),
        (
            visible.COUNT_STATE_DICT,
            sum(size for params in rows.values() for _, size, _ in params) + sum(buffers.values()),
        ),
        (visible.COUNT_TENSORS, sum(1 for _, t in unique.values() if t)),
        (
            visible.COUNT_SHARED_TWICE,
            sum(size for params in per_row.values() for size, t in params.values() if t),
        ),
        (
            visible.COUNT_WEIGHTS_ONLY,
            sum(size for key, (size, t) in unique.items() if t and key[2] == "weight"),
        ),
        (visible.COUNT_TOP_LEVEL, top_level),
    ]


# --- layer_table: shapes, memory and FLOPs by hand ----------------------------------------------

ITEMSIZE = {"float16": 2, "bfloat16": 2, "float32": 4, "float64": 8}
"""Bytes per value of the dtypes a case may use."""


def _layer_output(layer: Layer, shape: tuple[int, ...]) -> tuple[tuple[int, ...], int]:
    """(output shape of one image, FLOPs) of one layer on an input of ``shape``."""
    kind = layer[0]
    if kind == "frozen":
        return _layer_output(layer[1], shape)
    if kind == "conv":
        _, c_in, c_out, k, s, p, _ = layer
        C, H, W = shape
        if C != c_in:
            raise ValueError(f"{layer} on an input of shape {shape}")
        H_out, W_out = (H + 2 * p - k) // s + 1, (W + 2 * p - k) // s + 1
        return (c_out, H_out, W_out), 2 * c_out * H_out * W_out * c_in * k * k
    if kind == "linear":
        _, f_in, f_out, _ = layer
        if shape != (f_in,):
            raise ValueError(f"{layer} on an input of shape {shape}")
        return (f_out,), 2 * f_in * f_out
    if kind in ("maxpool", "avgpool"):
        _, k, s = layer
        C, H, W = shape
        return (C, (H - k) // s + 1, (W - k) // s + 1), 0
    if kind == "flatten":
        return (math.prod(shape),), 0
    return shape, 0  # relu, tanh, lrn, dropout, batch norm: same shape, no FLOPs counted


def _table(model: Spec, dtype: str) -> list[dict[str, Any]]:
    """The rows of a network's table by hand, with each row's input shape too."""
    unique_rows = _row_params(model)
    shape = tuple(model.input_shape)
    rows = []
    for name, layers in model.rows:
        row_input, flops = shape, 0
        for layer in layers:
            if layer[0] == "shared":
                raise ValueError("a table cannot show a shared row (named_children skips it)")
            shape, layer_flops = _layer_output(layer, shape)
            flops += layer_flops
        params = sum(size for _, size, t in unique_rows[name] if t)
        rows.append(
            {"input": row_input, "output_shape": shape, "params": params, "flops": flops,
             "memory": math.prod(shape) * ITEMSIZE[dtype]}
        )  # fmt: skip
    return rows


def _columns(rows: list[dict[str, Any]], shape_key: str = "output_shape") -> tuple[np.ndarray, ...]:
    """(output_shape padded to 3, params, memory, flops) as float64 arrays."""
    shapes = np.zeros((len(rows), 3))
    for k, row in enumerate(rows):
        shapes[k, : len(row[shape_key])] = row[shape_key]
    return (
        shapes,
        *(np.array([float(row[key]) for row in rows]) for key in ("params", "memory", "flops")),
    )


def layer_table(model: Spec, dtype: str, device: str) -> tuple[np.ndarray, ...]:
    """The columns (output_shape, params, memory, flops) of a network's table, by hand."""
    return _columns(_table(model, dtype))


def layer_table_mistakes(model: Spec, dtype: str, device: str) -> Mistakes:
    """Values for bytes, running FLOPs, multiply-adds, the model's parameters, the inputs."""
    rows = _table(model, dtype)
    shapes, params, memory, flops = _columns(rows)
    itemsize = ITEMSIZE[dtype]
    inputs = [{**row, "memory": math.prod(row["input"]) * itemsize} for row in rows]
    in_shapes, _, in_memory, _ = _columns(inputs, "input")
    return [
        (visible.LT_ELEMENTS, (shapes, params, memory / itemsize, flops)),
        (visible.LT_CUMULATIVE, (shapes, params, memory, np.cumsum(flops))),
        (visible.LT_MACS, (shapes, params, memory, flops // 2)),
        (visible.LT_MODEL_PARAMS, (shapes, np.full_like(params, params.sum()), memory, flops)),
        (visible.LT_INPUT, (in_shapes, params, in_memory, flops)),
    ]


# --- the modules in torch.nn.functional, with the fixed parameter values ------------------------


def _value(kind: str, *shape: int) -> torch.Tensor:
    """The fixed values of a parameter (cnnlab.checks.architectures.fill) as a float64 tensor."""
    return _t(fixed_values(kind, shape))


def _conv(
    x: torch.Tensor, c_out: int, k: int, stride: int = 1, padding: int = 0, bias: bool = False
) -> torch.Tensor:
    """A k x k convolution of x to c_out channels with the fixed weights (and bias)."""
    c_in = x.shape[1]
    b = _value("bias", c_out) if bias else None
    return F.conv2d(x, _value("weight", c_out, c_in, k, k), b, stride=stride, padding=padding)


def _bn(x: torch.Tensor) -> torch.Tensor:
    """Batch norm in training mode (the batch's statistics) with the fixed scale and shift."""
    C = x.shape[1]
    return F.batch_norm(x, None, None, _value("weight", C), _value("bias", C), training=True)


def _conv_params(c_in: int, c_out: int, k: int, bias: bool) -> int:
    """Parameters of a k x k convolution."""
    return c_out * c_in * k * k + (c_out if bias else 0)


# --- InceptionModule ------------------------------------------------------------------------------


def _inception_branches(
    x: np.ndarray,
    channels: tuple[int, ...],
    *,
    reduce_relu: tuple[bool, bool] = (True, True),
    out_relu: tuple[bool, bool, bool, bool] = (True, True, True, True),
    pool: str = "max",
) -> list[torch.Tensor]:
    """The four branch outputs: 1x1; 1x1 -> 3x3; 1x1 -> 5x5; 3x3 max pool -> 1x1.

    ``reduce_relu`` says which bottleneck (3x3, 5x5) has its ReLU, ``out_relu`` which branch
    ends with one; ``pool`` is "max", "avg" (zero padding counted) or "avg_no_pad".
    """
    _, c1, c3_reduce, c3, c5_reduce, c5, pool_proj = channels
    xt = _t(x)
    ends = [F.relu if keep else (lambda t: t) for keep in out_relu]
    branch1 = ends[0](_conv(xt, c1, 1, bias=True))
    r3 = _conv(xt, c3_reduce, 1, bias=True)
    r3 = F.relu(r3) if reduce_relu[0] else r3
    branch3 = ends[1](_conv(r3, c3, 3, padding=1, bias=True))
    r5 = _conv(xt, c5_reduce, 1, bias=True)
    r5 = F.relu(r5) if reduce_relu[1] else r5
    branch5 = ends[2](_conv(r5, c5, 5, padding=2, bias=True))
    if pool == "max":
        pooled = F.max_pool2d(xt, 3, stride=1, padding=1)
    else:
        pooled = F.avg_pool2d(xt, 3, stride=1, padding=1, count_include_pad=pool == "avg")
    branch_pool = ends[3](_conv(pooled, pool_proj, 1, bias=True))
    return [branch1, branch3, branch5, branch_pool]


def _inception_count(channels: tuple[int, ...]) -> np.ndarray:
    """Parameters of the module: four 1x1 convolutions on the input, a 3x3 and a 5x5."""
    c_in, c1, c3_reduce, c3, c5_reduce, c5, pool_proj = channels
    count = sum(_conv_params(c_in, c, 1, True) for c in (c1, c3_reduce, c5_reduce, pool_proj))
    count += _conv_params(c3_reduce, c3, 3, True) + _conv_params(c5_reduce, c5, 5, True)
    return np.array(float(count))


def InceptionModule(x: np.ndarray, *channels: int) -> tuple[np.ndarray, np.ndarray]:  # noqa: N802
    """(parameter count, output) of the module: the branches concatenated along the channels."""
    return _inception_count(channels), _np(torch.cat(_inception_branches(x, channels), dim=1))


def InceptionModule_mistakes(x: np.ndarray, *channels: int) -> Mistakes:  # noqa: N802
    """Every other order of the branches, no ReLU after a bottleneck or at the end, avg pool."""
    count = _inception_count(channels)
    branches = _inception_branches(x, channels)
    mistakes: Mistakes = [
        (visible.INC_ORDER, (count, _np(torch.cat([branches[k] for k in order], dim=1))))
        for order in itertools.permutations(range(4))
        if order != (0, 1, 2, 3)
    ]
    variants = [
        (visible.INC_REDUCE_RELU, {"reduce_relu": (False, True)}),
        (visible.INC_REDUCE_RELU, {"reduce_relu": (True, False)}),
        (visible.INC_REDUCE_RELU, {"reduce_relu": (False, False)}),
        *(
            (visible.INC_OUT_RELU, {"out_relu": tuple(k != branch for k in range(4))})
            for branch in range(4)
        ),
        (visible.INC_OUT_RELU, {"out_relu": (False, False, False, False)}),
        (visible.INC_AVG_POOL, {"pool": "avg"}),
        (visible.INC_AVG_POOL, {"pool": "avg_no_pad"}),
    ]
    for cause, kwargs in variants:
        out = torch.cat(_inception_branches(x, channels, **kwargs), dim=1)
        mistakes.append((cause, (count, _np(out))))
    return mistakes


# --- BasicBlock ----------------------------------------------------------------------------------


def _block(
    x: torch.Tensor,
    c_out: int,
    stride: int,
    *,
    shortcut: bool = True,
    relu_before_add: bool = False,
    final_relu: bool = True,
    shortcut_bn: bool = True,
) -> torch.Tensor:
    """A basic block (or, without the shortcut, a plain block) in float64."""
    c_in = x.shape[1]
    out = F.relu(_bn(_conv(x, c_out, 3, stride=stride, padding=1)))
    out = _bn(_conv(out, c_out, 3, padding=1))
    if relu_before_add:
        out = F.relu(out)
    if shortcut:
        if stride != 1 or c_in != c_out:
            projected = _conv(x, c_out, 1, stride=stride)
            out = out + (_bn(projected) if shortcut_bn else projected)
        else:
            out = out + x
    return F.relu(out) if final_relu else out


def _block_count(c_in: int, c_out: int, stride: int, shortcut: bool = True) -> int:
    """Parameters of a block: two 3x3 convolutions and their batch norms, and the projection."""
    count = _conv_params(c_in, c_out, 3, False) + _conv_params(c_out, c_out, 3, False) + 4 * c_out
    if shortcut and (stride != 1 or c_in != c_out):
        count += _conv_params(c_in, c_out, 1, False) + 2 * c_out
    return count


class ReferenceBasicBlock(nn.Module):
    """The basic block made of torch.nn layers: what resnet20's hidden test builds on."""

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.shortcut: nn.Module = nn.Identity()
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride, bias=False),
                nn.BatchNorm2d(out_channels),
            )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))."""
        out = self.bn2(self.conv2(torch.relu(self.bn1(self.conv1(x)))))
        return torch.relu(out + self.shortcut(x))


def BasicBlock(*args: Any) -> Any:  # noqa: N802 (named like the graded class)
    """A case's (parameter count, output); called like the class, a ReferenceBasicBlock.

    ``BasicBlock(x, in_channels, out_channels, stride)`` with an array x is the reference of a
    case; ``BasicBlock(in_channels, out_channels, stride)`` (how resnet20 calls it while this
    function stands in for the student's class) returns the module.
    """
    if not isinstance(args[0], np.ndarray):
        return ReferenceBasicBlock(*args)
    x, c_in, c_out, stride = args
    out = _block(_t(x), c_out, stride)
    return np.array(float(_block_count(c_in, c_out, stride))), _np(out)


def BasicBlock_mistakes(  # noqa: N802
    x: np.ndarray, c_in: int, c_out: int, stride: int
) -> Mistakes:
    """No shortcut, ReLU before the sum (with or without a last one), no final ReLU, no BN."""
    count = np.array(float(_block_count(c_in, c_out, stride)))
    xt = _t(x)
    projection = stride != 1 or c_in != c_out
    variants = [
        (visible.BLOCK_NO_SHORTCUT, {"shortcut": False}, count),
        (visible.BLOCK_RELU_BEFORE_ADD, {"relu_before_add": True, "final_relu": False}, count),
        (visible.BLOCK_RELU_BEFORE_ADD, {"relu_before_add": True}, count),
        (visible.BLOCK_FINAL_RELU, {"final_relu": False}, count),
    ]
    if projection:
        variants.append((visible.BLOCK_SHORTCUT_BN, {"shortcut_bn": False}, count - 2 * c_out))
    return [(cause, (n, _np(_block(xt, c_out, stride, **kw)))) for cause, kw, n in variants]


# --- resnet20 and plain20 ------------------------------------------------------------------------

WIDTHS = (16, 32, 64)
"""The channels of the three stages (He et al., 2016, section 4.2)."""


def _net(
    x: np.ndarray,
    residual: bool,
    num_classes: int = 10,
    blocks_per_stage: int = 3,
    *,
    downsample_last: bool = False,
    stem: bool = True,
    pool: str = "avg",
    final_relu: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """(parameter count, scores) of the CIFAR network: stem, 3 stages, global pool, linear."""
    out = _conv(_t(x), 16, 3, padding=1)
    count = _conv_params(3, 16, 3, False)
    if stem:
        out = F.relu(_bn(out))
        count += 32
    c_in = 16
    for stage, width in enumerate(WIDTHS):
        for b in range(blocks_per_stage):
            first = b == (blocks_per_stage - 1 if downsample_last else 0)
            stride = 2 if stage > 0 and first else 1
            out = _block(out, width, stride, shortcut=residual, final_relu=final_relu)
            count += _block_count(c_in, width, stride, shortcut=residual)
            c_in = width
    pooled = out.mean(dim=(2, 3)) if pool == "avg" else out.amax(dim=(2, 3))  # (N, 64)
    scores = F.linear(pooled, _value("weight", num_classes, 64), _value("bias", num_classes))
    count += 64 * num_classes + num_classes
    return np.array(float(count)), _np(scores)


def resnet20(x: np.ndarray, num_classes: int = 10, blocks_per_stage: int = 3) -> tuple:
    """(parameter count, scores) of ResNet-(6n+2) with projection shortcuts."""
    return _net(x, True, num_classes, blocks_per_stage)


def plain20(x: np.ndarray, num_classes: int = 10, blocks_per_stage: int = 3) -> tuple:
    """(parameter count, scores) of the same network without shortcuts."""
    return _net(x, False, num_classes, blocks_per_stage)


def _net_mistakes(residual: bool) -> Callable[..., Mistakes]:
    """The mistakes of resnet20 (residual) or plain20."""

    def mistakes(x: np.ndarray, num_classes: int = 10, blocks_per_stage: int = 3) -> Mistakes:
        args = (num_classes, blocks_per_stage)
        found = [
            (visible.NET_NO_SHORTCUTS if residual else visible.NET_PLAIN_SHORTCUTS,
             _net(x, not residual, *args)),
            (visible.NET_STEM, _net(x, residual, *args, stem=False)),
            (visible.NET_POOL, _net(x, residual, *args, pool="max")),
        ]  # fmt: skip
        if blocks_per_stage > 1:
            found.append((visible.NET_DOWNSAMPLE, _net(x, residual, *args, downsample_last=True)))
        if blocks_per_stage != 3:
            found.append((visible.NET_BLOCKS, _net(x, residual, num_classes, 3)))
        if not residual:
            found.append((visible.PLAIN_FINAL_RELU, _net(x, residual, *args, final_relu=False)))
        return found

    return mistakes


REFERENCES: dict[str, Any] = {
    name: globals()[name] for names in visible.FUNCTIONS.values() for name in names
}
"""The reference of every graded function and class, by name."""


def _joining(mistakes: Callable[..., Mistakes]) -> Callable[..., Mistakes]:
    """``mistakes`` with the causes of equal wrong results joined (:func:`_joined`)."""

    def joined(*args: Any, **kwargs: Any) -> Mistakes:
        return _joined(mistakes(*args, **kwargs))

    return joined


MISTAKES: dict[str, Any] = {
    "count_params": _joining(count_params_mistakes),
    "layer_table": _joining(layer_table_mistakes),
    "InceptionModule": _joining(InceptionModule_mistakes),
    "BasicBlock": _joining(BasicBlock_mistakes),
    "resnet20": _joining(_net_mistakes(True)),
    "plain20": _joining(_net_mistakes(False)),
}
"""``name -> function(*args, **kwargs) -> [(likely cause, wrong result), ...]``."""

SUBSTITUTES: dict[str, tuple[str, ...]] = {
    "layer_table": ("count_params",),
    "resnet20": ("BasicBlock",),
}
"""layer_table counts each row with count_params, resnet20 stacks BasicBlocks: both are graded
with the references in their place."""


# --- hidden tests: randomised cases ---------------------------------------------------------------


def _random_count_spec(rng: np.random.Generator, k: int) -> Spec:
    """A random network of convolutions, batch norm, linear layers, frozen and shared rows."""
    rows: list[tuple[str, tuple[Layer, ...]]] = []
    for r in range(int(rng.integers(2, 6))):
        c_in, c_out = (int(v) for v in rng.integers(1, 9, size=2))
        kind = rng.choice(["conv", "conv+bn", "linear", "frozen", "shared", "nested"])
        if kind == "shared" and rows:
            layers: tuple[Layer, ...] = (zoo.shared(rows[int(rng.integers(len(rows)))][0]),)
        elif kind == "linear":
            layers = (zoo.linear(c_in, c_out, bias=bool(rng.integers(2))),)
        elif kind == "frozen":
            layers = (zoo.frozen(zoo.conv(c_in, c_out, int(rng.integers(1, 4)))),)
        elif kind == "nested":
            layers = (zoo.conv(c_in, c_out, 3, bias=False), zoo.batchnorm(c_out), zoo.relu())
        else:
            layers = (zoo.conv(c_in, c_out, int(rng.integers(1, 6)), bias=bool(rng.integers(2))),)
            layers += (zoo.batchnorm(c_out),) if kind == "conv+bn" else ()
        rows.append((f"layer{r + 1}", layers))
    return Spec(f"random net {k}", (3, 8, 8), tuple(rows))


def _count_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = [case("count_params", _random_count_spec(rng, k), "cpu") for k in range(12)]
    cases.append(case("count_params", visible.SMALL, "meta", note="on the meta device"))
    return cases


def _random_table_spec(rng: np.random.Generator, k: int) -> Spec:
    """A random chain of convolutions, pooling and one or two linear layers.

    The convolutions may be strided, padded, frozen or without bias, with batch norm and ReLU.
    """
    C, H, W = int(rng.integers(1, 5)), int(rng.integers(6, 15)), int(rng.integers(6, 15))
    shape: tuple[int, ...] = (C, H, W)
    rows: list[tuple[str, tuple[Layer, ...]]] = []
    for r in range(int(rng.integers(1, 4))):
        kernel = int(rng.integers(1, 4))
        stride = int(rng.integers(1, 3))
        padding = int(rng.integers(0, kernel // 2 + 1))
        c_out = int(rng.integers(1, 7))
        layer = zoo.conv(shape[0], c_out, kernel, stride, padding, bias=bool(rng.integers(2)))
        extra = rng.choice(["relu", "bn", "frozen", "none"])
        if extra == "frozen":
            layers: tuple[Layer, ...] = (zoo.frozen(layer),)
        else:
            layers = (layer,) + ((zoo.batchnorm(c_out), zoo.relu()) if extra == "bn" else ())
            layers += (zoo.relu(),) if extra == "relu" else ()
        shape = _layer_output(layer, shape)[0]
        rows.append((f"conv{r + 1}", layers))
        if min(shape[1:]) >= 4 and rng.integers(2):
            pool = zoo.maxpool(2) if rng.integers(2) else zoo.avgpool(2, 1)
            rows.append((f"pool{r + 1}", (pool,)))
            shape = _layer_output(pool, shape)[0]
    hidden = int(rng.integers(2, 9))
    rows.append(("fc1", (zoo.flatten(), zoo.linear(math.prod(shape), hidden), zoo.relu())))
    if rng.integers(2):
        rows.append(("fc2", (zoo.linear(hidden, int(rng.integers(2, 6))),)))
    return Spec(f"random net {k}", (C, H, W), tuple(rows))


def _table_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(10):
        dtype = "float64" if k % 3 == 1 else "float32"
        device = "meta" if k % 4 == 3 else "cpu"
        cases.append(case("layer_table", _random_table_spec(rng, k), dtype, device))
    return cases


def _inception_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for _ in range(8):
        c_in = int(rng.integers(2, 7))
        reduces = rng.choice([c for c in range(1, 8) if c != c_in], size=2, replace=False)
        c1, c3, c5, pool_proj = (int(v) for v in rng.integers(1, 6, size=4))
        channels = (c_in, c1, int(reduces[0]), c3, int(reduces[1]), c5, pool_proj)
        N, H, W = int(rng.integers(1, 3)), int(rng.integers(2, 8)), int(rng.integers(2, 8))
        x = rng.standard_normal((N, c_in, H, W))
        cases.append(case("InceptionModule", x, *channels))
    return cases


def _block_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(10):  # identity; stride only; stride and channels
        c_in = int(rng.integers(1, 6))
        c_out = c_in if k % 3 < 2 else int(rng.integers(1, 7))
        stride = (1, int(rng.integers(2, 4)), int(rng.integers(1, 4)))[k % 3]
        H, W = int(rng.integers(3, 9)), int(rng.integers(3, 9))
        x = rng.standard_normal((2, c_in, H, W))
        cases.append(case("BasicBlock", x, c_in, c_out, stride))
    return cases


def _net_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(8):
        name = "resnet20" if k % 2 == 0 else "plain20"
        N, H, W = int(rng.integers(2, 4)), int(rng.integers(5, 13)), int(rng.integers(5, 13))
        kwargs = {"num_classes": int(rng.integers(2, 11)), "blocks_per_stage": 1 + k // 2 % 3}
        cases.append(case(name, rng.standard_normal((N, 3, H, W)), **kwargs))
    return cases


GENERATORS: dict[str, Callable[[np.random.Generator], list[tuple[str, Case]]]] = {
    "count_params": _count_cases,
    "layer_table": _table_cases,
    "InceptionModule": _inception_cases,
    "BasicBlock": _block_cases,
    "resnet20": _net_cases,
}
"""Randomised hidden cases of every grade id (the same on every run)."""


# --- hidden checks beyond the cases ---------------------------------------------------------------


class _Tied(nn.Module):
    """A model that is not a Sequential, with tied weights.

    Two linear layers share one weight tensor; there is a frozen embedding, a buffer and a
    parameter of the model's own.
    """

    def __init__(self) -> None:
        super().__init__()
        self.encoder = nn.Linear(6, 4, bias=False)
        self.decoder = nn.Linear(4, 6)
        self.decoder.weight = nn.Parameter(self.encoder.weight.T.clone())
        self.tied = nn.Linear(6, 4, bias=False)
        self.tied.weight = self.encoder.weight  # the same tensor under two names
        self.frozen = nn.Embedding(10, 3).requires_grad_(False)
        self.scale = nn.Parameter(torch.ones(5))
        self.register_buffer("steps", torch.zeros(7))


def _check_count_module(count_params: Callable[..., Any]) -> None:
    """count_params on a model that is not a Sequential, with tied weights (hidden)."""
    model = _Tied()
    expected = 24 + 24 + 6 + 5  # encoder (= tied), decoder weight and bias, scale
    got = count_params(model)
    if got != expected:
        raise CheckFailure(
            f"count_params is wrong for a model that is not a Sequential (two linear layers that "
            f"share one weight, a frozen embedding, a buffer and a parameter of its own): "
            f"expected {expected}, got {got!r}.\n  {visible.COUNT_SHARED_TWICE}; "
            f"{visible.COUNT_FROZEN}."
        )


def _check_gradients(name: str, build: Callable[[], nn.Module], x_shape: tuple[int, ...]) -> None:
    """A training step is possible: every parameter gets a gradient from the output."""
    torch.manual_seed(0)
    module = build()
    out = module(torch.randn(x_shape))
    out.square().sum().backward()
    missing = [n for n, p in module.named_parameters() if p.requires_grad and p.grad is None]
    if missing:
        raise CheckFailure(
            f"{name}: after a backward pass these parameters have no gradient: {missing}. Every "
            f"layer must be used in forward, and forward must not detach the tensors or run "
            f"under torch.no_grad()."
        )


def _check_net_gradients(resnet20: Callable[..., Any], plain20: Callable[..., Any]) -> None:
    """Both networks can train: every parameter gets a gradient."""
    _check_gradients("resnet20", resnet20, (2, 3, 16, 16))
    _check_gradients("plain20", plain20, (2, 3, 16, 16))


EXTRA_CHECKS: dict[str, Callable[..., None]] = {
    "count_params": _check_count_module,
    "InceptionModule": lambda cls: _check_gradients(
        "InceptionModule", lambda: cls(5, 2, 3, 4, 2, 3, 2), (2, 5, 6, 7)
    ),
    "BasicBlock": lambda cls: _check_gradients("BasicBlock", lambda: cls(3, 6, 2), (2, 3, 7, 6)),
    "resnet20": lambda resnet20, plain20: _check_net_gradients(resnet20, plain20),
}
"""Hidden checks after the random cases."""
