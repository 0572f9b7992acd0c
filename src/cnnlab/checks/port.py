"""Visible checks for the port notebook: the NumPy layers as autograd Functions and nn.Modules.

Each graded cell has one check here, named like its grade id, for example::

    checks.conv2d_function(Conv2dFunction)
    checks.conv2d_module(MyConv2d)

It runs a few small cases whose expected results are written below as literals (computed once
with PyTorch's own layers in float64; tests/test_port.py re-derives every one of them) and
prints ``"<grade_id>: all N visible checks passed."``; otherwise it raises
:class:`CheckFailure` with a message that says which case failed, what was expected, what came
back and, when the answer looks like a well-known mistake, the likely cause.

How a case calls your code (the harnesses below). The NumPy arrays of a case become tensors of
the same dtype (on ``device``, the CPU unless a case says otherwise) that require gradients:

- ``Conv2dFunction`` and ``NumpyConv2dFunction``: a case ``(x, w, b, dout)`` with ``stride`` and
  ``padding`` runs ``out = Fn.apply(x, w, b, stride, padding)`` (``Fn.apply(x, w, b)`` when the
  case gives neither: the defaults) and ``out.backward(dout)``, and compares
  ``(out, x.grad, w.grad, b.grad)`` with PyTorch's convolution. ``b`` may be None (no bias):
  then ``db`` is shown as an empty array.
- ``MaxPool2dFunction``: ``(x, dout)`` with ``kernel_size`` and ``stride``:
  ``out = MaxPool2dFunction.apply(x, kernel_size, stride)``, ``out.backward(dout)``;
  compares ``(out, x.grad)``.
- ``MyConv2d``: ``(x, w, b, dout)`` with the constructor's arguments: ``module =
  MyConv2d(**kwargs)``; its parameters are checked (``nn.Parameter``, shapes, float32, values
  within nn.Conv2d's bounds), then set to ``w`` and ``b``; ``out = module(x)``,
  ``out.backward(dout)``; compares ``(out, x.grad, weight.grad, bias.grad)``.
- ``MyMaxPool2d``: ``(x, dout)`` with ``kernel_size`` and maybe ``stride``: ``module =
  MyMaxPool2d(**kwargs)``, its ``kernel_size`` and ``stride`` attributes are checked, then
  ``out = module(x)``, ``out.backward(dout)``; compares ``(out, x.grad)``.

PyTorch is imported inside the functions: the NumPy notebooks import this package too.
Symbols: N, C, H, W (input), F filters of HH x WW, H_out x W_out output; layout NCHW.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from cnnlab.checks.report import (
    Case,
    CheckFailure,
    describe,
    public,
    run_case,
    student_line,
)
from cnnlab.checks.report import literal as _a

# Likely causes. The same sentences name a mistake in the visible checks, in the hidden tests and
# in the mutant catalogue of the autograder.

# Conv2dFunction
CONV_NO_BIAS = (
    "the bias is missing from the output: add b.reshape(1, F, 1, 1), each filter's bias at every"
    " position of its output channel (unless b is None)"
)
CONV_DB_BATCH = (
    "db must be summed over the whole batch and all positions, dout.sum(dim=(0, 2, 3)): every"
    " image adds to the gradient of the shared bias"
)
CONV_DW_BATCH = (
    "dw must be summed over the images of the batch, not averaged: every image adds its own"
    " gradient to the shared filters"
)
FOLD_ARGS = (
    "F.fold must undo the forward pass's F.unfold: give it output_size=(H, W) and the same"
    " kernel_size, padding and stride"
)
# every autograd Function
GRAD_COUNT = (
    "backward must return one gradient per input of forward, in order: the tensors' gradients,"
    " then None for each int argument (stride, padding, kernel_size) and for b when b is None"
)
GRAD_SHAPE = (
    "backward must return each gradient in the shape of its input, in the order of forward's"
    " inputs: dx like x (N, C, H, W), then dw like w, db like b"
)
NOT_TENSOR = (
    "forward must return a tensor and backward tensors (or None): turn a NumPy result a into one"
    " with torch.from_numpy(a).to(device)"
)
DTYPE_OUT = (
    "the output must keep the input's dtype (float32 in, float32 out; float64 in, float64 out):"
    " do not convert with .float() or dtype=torch.float32"
)
DEVICE_OUT = (
    "the output must be on the input's device: create new tensors with device=x.device, or move"
    " them with .to(x.device)"
)
RETURNED_NONE = "it returned None: did you forget `return`?"
GRADCHECK = (
    "torch.autograd.gradcheck failed: the gradients of backward differ from the numerical"
    " derivatives of forward (central differences in float64)"
)
# MaxPool2dFunction
MP_TIES = (
    "the gradient goes to every maximum of a window: when several entries tie, it goes to the"
    " first maximum only (PyTorch's rule), the index that max(dim=...) returns"
)
MP_CHANNELS = (
    "F.unfold stacks the HH * WW values of each channel together (channel first): view the"
    " columns as (N, C, HH * WW, H_out * W_out) before taking the maximum"
)
MP_DOUT = (
    "each window's maximum receives that window's upstream gradient dout, not 1: multiply the"
    " mask of the maxima by dout"
)
# NumpyConv2dFunction
BRIDGE_NUMPY = (
    "the NumPy layer takes NumPy arrays: convert every tensor with t.detach().cpu().numpy(),"
    " dout in backward too"
)
# MyConv2d and MyMaxPool2d
NO_SUPER_INIT = (
    "__init__ must call super().__init__() before anything else: nn.Module sets up its"
    " parameters, buffers and hooks there"
)
NOT_PARAMETER = (
    "the weight and the bias must be nn.Parameter objects (self.weight = nn.Parameter(...)), so"
    " that module.parameters(), .to(device) and every optimizer see them"
)
NO_BIAS = (
    "with bias=False the module has no bias: set self.bias = None (as nn.Conv2d does) and pass"
    " None to Conv2dFunction.apply"
)
INIT_WEIGHT = (
    "the weight must be drawn as nn.Conv2d draws it: uniform in [-1/sqrt(fan_in),"
    " 1/sqrt(fan_in)] with fan_in = in_channels * HH * WW, which is what"
    " init.kaiming_uniform_(self.weight, a=math.sqrt(5)) does"
)
INIT_BIAS_ZERO = (
    "the bias must not start at zero: nn.Conv2d draws it uniformly from [-1/sqrt(fan_in),"
    " 1/sqrt(fan_in)]"
)
INIT_BIAS_BOUND = (
    "the bias must be uniform in [-1/sqrt(fan_in), 1/sqrt(fan_in)] with fan_in = in_channels *"
    " HH * WW, the number of inputs of one output value"
)
MODULE_ARGS = (
    "forward must pass the layer's stride and padding on:"
    " Conv2dFunction.apply(x, self.weight, self.bias, self.stride, self.padding)"
)
MP_STRIDE_DEFAULT = (
    "stride=None means stride = kernel_size (windows side by side, as in nn.MaxPool2d): set"
    " self.stride = kernel_size when stride is None"
)
MP_STRIDE_IGNORED = (
    "forward must use the layer's stride: MaxPool2dFunction.apply(x, self.kernel_size, self.stride)"
)
MP_ARGS_SWAPPED = (
    "kernel_size and stride are swapped: the window size comes first,"
    " MaxPool2dFunction.apply(x, self.kernel_size, self.stride)"
)
# The hidden tests' source checks and call checks (not run by the visible checks).
RULE_CONV = (
    "the convolution must be computed here, with F.unfold and matrix products; PyTorch's"
    " convolutions (F.conv2d, nn.Conv2d, F.conv_transpose2d, torch.nn.grad ...) are not allowed"
)
RULE_POOL = (
    "the pooling must be computed here, with F.unfold and a maximum; PyTorch's max pooling"
    " (F.max_pool2d, nn.MaxPool2d ...) is not allowed"
)
RULE_AUTOGRAD = (
    "backward must compute the gradients by hand: no autograd inside it (.backward(),"
    " torch.autograd.grad, torch.enable_grad, torch.func ...)"
)
RULE_CONV_MODULE = (
    "MyConv2d must compute through Conv2dFunction.apply, not with PyTorch's convolutions"
    " (F.conv2d, nn.Conv2d ...)"
)
RULE_POOL_MODULE = (
    "MyMaxPool2d must compute through MaxPool2dFunction.apply, not with PyTorch's max pooling"
    " (F.max_pool2d, nn.MaxPool2d ...)"
)
RULE_BRIDGE = (
    "the bridge must compute with the NumPy layer (numpy_conv_forward and numpy_conv_backward),"
    " not with PyTorch's convolutions"
)
MUST_CALL_CONV = (
    "MyConv2d.forward must call Conv2dFunction.apply(x, self.weight, self.bias, self.stride,"
    " self.padding)"
)
MUST_CALL_POOL = (
    "MyMaxPool2d.forward must call MaxPool2dFunction.apply(x, self.kernel_size, self.stride)"
)
MUST_CALL_NUMPY = (
    "NumpyConv2dFunction must compute with numpy_conv_forward in forward and numpy_conv_backward"
    " in backward"
)

FUNCTIONS: dict[str, tuple[str, ...]] = {
    "conv2d_function": ("Conv2dFunction",),
    "maxpool2d_function": ("MaxPool2dFunction",),
    "conv2d_module": ("MyConv2d",),
    "maxpool2d_module": ("MyMaxPool2d",),
    "numpy_bridge": ("NumpyConv2dFunction",),
}
"""The class each grade id checks."""

ARG_NAMES: dict[str, tuple[str, ...]] = {
    "Conv2dFunction": ("x", "w", "b", "dout"),
    "NumpyConv2dFunction": ("x", "w", "b", "dout"),
    "MaxPool2dFunction": ("x", "dout"),
    "MyConv2d": ("x", "w", "b", "dout"),
    "MyMaxPool2d": ("x", "dout"),
}
"""The arrays of a case (the harness turns them into tensors)."""

NAMED_SCALARS = ("Conv2dFunction", "MyConv2d")
"""``b=None`` is shown by name."""

OUTPUTS: dict[str, tuple[str, ...]] = {
    "Conv2dFunction": ("out", "dx", "dw", "db"),
    "NumpyConv2dFunction": ("out", "dx", "dw", "db"),
    "MaxPool2dFunction": ("out", "dx"),
    "MyConv2d": ("out", "dx", "dw", "db"),
    "MyMaxPool2d": ("out", "dx"),
}
"""What a harness returns: the output and the gradients that backward put into ``.grad``."""

# fmt: off
# The visible cases. tests/test_port.py re-derives every literal with PyTorch (float64).
# CASES-BEGIN
CASES: dict[str, tuple[Case, ...]] = {
    "conv2d_function": (
        Case("Conv2dFunction",
             (_a([1, 2, 0, 3, 1, 2, 0, 1, 1], (1, 1, 3, 3)), _a([1, 0, 0, -1], (1, 1, 2, 2)),
               _a([1], (1,)), _a([1, 1, 1, 1], (1, 1, 2, 2))),
             (_a([1, 1, 3, 1], (1, 1, 2, 2)), _a([1, 1, 0, 1, 0, -1, 0, -1, -1], (1, 1, 3, 3)),
               _a([7, 5, 5, 5], (1, 1, 2, 2)), _a([4], (1,))),
             {},
             ((CONV_NO_BIAS, (_a([0, 0, 2, 0], (1, 1, 2, 2)), _a([1, 1, 0, 1, 0, -1, 0, -1, -1],
               (1, 1, 3, 3)), _a([7, 5, 5, 5], (1, 1, 2, 2)), _a([4], (1,)))),),
             ('the defaults stride=1, padding=0 (apply(x, w, b)): out[i, j] = x[i, j] - x[i+1, '
              'j+1] + 1; with dout = 1, dw[di, dj] is the sum of x over the positions that tap '
              'di, dj')),
        Case("Conv2dFunction",
             (_a([0, 0, 1, 2, -2, -2, 2, 2, -1, -1, 2, 0, -1, 2, -1, 0, 1, 0, -2, -2, 2, 1, 2,
               0], (1, 2, 3, 4)), _a([2, -1, -2, -1, 0, 2, 0, -2, -1, 1, 2, 1, 2, -2, 2, -2, 0, -1,
               -1, 1, -1, 0, -1, -2], (2, 2, 2, 3)), _a([1, -1], (2,)), _a([2, -2, -2, -1, -2, 2,
               2, 0], (1, 2, 2, 2))),
             (_a([1, 5, 8, 3, -4, -2, -3, -5], (1, 2, 2, 2)), _a([0, 4, 0, -6, -2, 6, 1, 2, 0,
               -5, 0, -2, 6, 4, -6, -6, 6, 0, 2, 1, -6, -7, -2, -1], (1, 2, 3, 4)), _a([2, 2, 2, 1,
               -2, -2, 0, 0, 2, -5, -6, 2, 0, -4, -4, 0, 0, 2, 0, 2, 0, 4, 4, -2], (2, 2, 2, 3)),
               _a([-3, 2], (2,))),
             {"stride": 2, "padding": 1},
             ((CONV_NO_BIAS, (_a([0, 4, 7, 2, -3, -1, -2, -4], (1, 2, 2, 2)), _a([0, 4, 0, -6,
               -2, 6, 1, 2, 0, -5, 0, -2, 6, 4, -6, -6, 6, 0, 2, 1, -6, -7, -2, -1], (1, 2, 3, 4)),
               _a([2, 2, 2, 1, -2, -2, 0, 0, 2, -5, -6, 2, 0, -4, -4, 0, 0, 2, 0, 2, 0, 4, 4, -2],
               (2, 2, 2, 3)), _a([-3, 2], (2,)))),
              (FOLD_ARGS, (_a([1, 5, 8, 3, -4, -2, -3, -5], (1, 2, 2, 2)), _a([0, 2, -10, 8, 2,
                -6, 15, -4, -2, 1, -6, -2, 2, -8, 6, 0, 0, 10, 2, -5, -2, -7, -8, -1], (1, 2, 3,
                4)), _a([2, 2, 2, 1, -2, -2, 0, 0, 2, -5, -6, 2, 0, -4, -4, 0, 0, 2, 0, 2, 0, 4, 4,
                -2], (2, 2, 2, 3)), _a([-3, 2], (2,)))),),
             'stride=2, padding=1, a 2x3 kernel'),
        Case("Conv2dFunction",
             (_a([1, 2, 2, 0, 2, 2, 2, -2, 0, 1, -1, -1, 1, 2, 0, -2, 1, 2, -1, 0, -1, 2, -2, 0],
               (2, 1, 3, 4)), _a([1, 2, -2, 2], (1, 1, 2, 2)), None, _a([0, 0, 0, -1, 2, -1, 1, -1,
               0, 2, -2, 1], (2, 1, 2, 3))),
             (_a([5, 6, -6, 8, 2, -2, 7, -4, -2, 11, -8, 3], (2, 1, 2, 3)), _a([0, 0, 0, 0, -1,
               0, 3, -2, 2, -6, 6, -2, 1, 1, -2, 0, 0, 6, -5, 2, -4, 8, -6, 2], (2, 1, 3, 4)),
               _a([-4, 12, -6, 9], (1, 1, 2, 2)), np.zeros((0,))),
             {"stride": 1, "padding": 0},
             ((CONV_DW_BATCH, (_a([5, 6, -6, 8, 2, -2, 7, -4, -2, 11, -8, 3], (2, 1, 2, 3)),
               _a([0, 0, 0, 0, -1, 0, 3, -2, 2, -6, 6, -2, 1, 1, -2, 0, 0, 6, -5, 2, -4, 8, -6, 2],
               (2, 1, 3, 4)), _a([-4, 12, -6, 9], (1, 1, 2, 2)) / 2, np.zeros((0,)))),),
             'b=None (no bias: no db), two images'),
        Case("Conv2dFunction",
             (_a([2, 1, 1, 2, 0, 1, 2, -1, -2, -1, -1, 2], (2, 1, 2, 3)), _a([1, -1, -1, 2, -2,
               -1, 1, 1, 1, 2, -2, -1], (2, 1, 3, 2)), _a([2, -1], (2,)), _a([0, 2, 2, -1, -2, 1,
               1, 1, 1, 1, 2, 2, 2, 2, 1, 2], (2, 2, 2, 2))),
             (_a([2, -1, 2, 1, -1, -4, -1, 0, 2, 6, 2, -1, -1, 3, -1, 0], (2, 2, 2, 2)), _a([0,
               -6, -3, 0, 0, 2, 0, -6, -3, 0, 4, 0], (2, 1, 2, 3)), _a([-2, 3, 0, 0, 1, 0, -2, 5,
               0, 0, -1, -3], (2, 1, 3, 2)), _a([9, 8], (2,))),
             {"stride": 3, "padding": 2},
             ((CONV_NO_BIAS, (_a([0, -3, 0, -1, 0, -3, 0, 1, 0, 4, 0, -3, 0, 4, 0, 1], (2, 2, 2,
               2)), _a([0, -6, -3, 0, 0, 2, 0, -6, -3, 0, 4, 0], (2, 1, 2, 3)), _a([-2, 3, 0, 0, 1,
               0, -2, 5, 0, 0, -1, -3], (2, 1, 3, 2)), _a([9, 8], (2,)))),
              (CONV_DB_BATCH, (_a([2, -1, 2, 1, -1, -4, -1, 0, 2, 6, 2, -1, -1, 3, -1, 0], (2, 2,
                2, 2)), _a([0, -6, -3, 0, 0, 2, 0, -6, -3, 0, 4, 0], (2, 1, 2, 3)), _a([-2, 3, 0,
                0, 1, 0, -2, 5, 0, 0, -1, -3], (2, 1, 3, 2)), _a([3, 1], (2,)))),
              (CONV_DW_BATCH, (_a([2, -1, 2, 1, -1, -4, -1, 0, 2, 6, 2, -1, -1, 3, -1, 0], (2, 2,
                2, 2)), _a([0, -6, -3, 0, 0, 2, 0, -6, -3, 0, 4, 0], (2, 1, 2, 3)), _a([-2, 3, 0,
                0, 1, 0, -2, 5, 0, 0, -1, -3], (2, 1, 3, 2)) / 2, _a([9, 8], (2,)))),),
             'stride=3, padding=2: the padding is wider than some windows'),
    ),
    "maxpool2d_function": (
        Case("MaxPool2dFunction",
             (_a([1, 5, 2, 0, 3, 4, 8, 6, 7, 0, 1, 2, 9, 3, 5, 4], (1, 1, 4, 4)), _a([1, 2, 3,
               4], (1, 1, 2, 2))),
             (_a([5, 8, 9, 5], (1, 1, 2, 2)), _a([0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4,
               0], (1, 1, 4, 4))),
             {"kernel_size": 2, "stride": 2},
             ((MP_DOUT, (_a([5, 8, 9, 5], (1, 1, 2, 2)), _a([0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0,
               1, 0, 1, 0], (1, 1, 4, 4)))),),
             '2x2 windows side by side: out = [[5, 8], [9, 5]]'),
        Case("MaxPool2dFunction",
             (_a([1, 3, 3, 0, 3, 2, 1, 3], (1, 1, 2, 4)), _a([5, 7], (1, 1, 1, 2))),
             (_a([3, 3], (1, 1, 1, 2)), _a([0, 5, 7, 0, 0, 0, 0, 0], (1, 1, 2, 4))),
             {"kernel_size": 2, "stride": 2},
             ((MP_TIES, (_a([3, 3], (1, 1, 1, 2)), _a([0, 5, 7, 0, 5, 0, 0, 7], (1, 1, 2, 4)))),
              (MP_DOUT, (_a([3, 3], (1, 1, 1, 2)), _a([0, 1, 1, 0, 0, 0, 0, 0], (1, 1, 2, 4)))),),
             ('ties: both windows hold the maximum 3 twice; the gradient goes to the first one '
              'only')),
        Case("MaxPool2dFunction",
             (_a([0, 0, 3, 1, 2, 2, 2, 0, 1, 0, 1, 3, 2, 0, 2, 0, 3, 3, 3, 2, 3, 1, 0, 2], (1, 2,
               3, 4)), _a([2, 1, 3, 3, 1, 1, 1, 1], (1, 2, 2, 2))),
             (_a([3, 3, 2, 3, 3, 3, 3, 3], (1, 2, 2, 2)), _a([0, 0, 3, 0, 3, 0, 0, 0, 0, 0, 0, 3,
               0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 0, 0], (1, 2, 3, 4))),
             {"kernel_size": (2, 3), "stride": 1},
             ((MP_TIES, (_a([3, 3, 2, 3, 3, 3, 3, 3], (1, 2, 2, 2)), _a([0, 0, 3, 0, 3, 3, 3, 0,
               0, 0, 0, 3, 0, 0, 0, 0, 2, 4, 4, 0, 1, 0, 0, 0], (1, 2, 3, 4)))),
              (MP_CHANNELS, (_a([3, 3, 3, 3, 3, 3, 3, 3], (1, 2, 2, 2)), _a([0, 2, 0, 0, 0, 0, 0,
                1, 3, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 0, 0], (1, 2, 3, 4)))),
              (MP_DOUT, (_a([3, 3, 2, 3, 3, 3, 3, 3], (1, 2, 2, 2)), _a([0, 0, 2, 0, 1, 0, 0, 0,
                0, 0, 0, 1, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 0, 0], (1, 2, 3, 4)))),),
             'two channels, overlapping 2x3 windows (stride 1), small integers with ties'),
        Case("MaxPool2dFunction",
             (_a([8, 7, 7, 7, 0, 7, 8, 2, 1, 0, 7, 8, 5, 5, 7], (1, 1, 5, 3)), _a([1, 2], (1, 1,
               2, 1))),
             (_a([8, 8], (1, 1, 2, 1)), _a([1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0], (1, 1,
               5, 3))),
             {"kernel_size": 2, "stride": (2, 2)},
             ((MP_DOUT, (_a([8, 8], (1, 1, 2, 1)), _a([1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0,
               0], (1, 1, 5, 3)))),),
             '5x3 input, 2x2 windows with stride (2, 2): the last row and column are left out'),
    ),
    "conv2d_module": (
        Case("MyConv2d",
             (_a([1, 2, 0, 3, 1, 2, 0, 1, 1], (1, 1, 3, 3)), _a([1, 0, 0, -1], (1, 1, 2, 2)) / 4,
               _a([1], (1,)) / 4, _a([1, 1, 1, 1], (1, 1, 2, 2))),
             (_a([1, 1, 3, 1], (1, 1, 2, 2)) / 4, _a([1, 1, 0, 1, 0, -1, 0, -1, -1], (1, 1, 3,
               3)) / 4, _a([7, 5, 5, 5], (1, 1, 2, 2)), _a([4], (1,))),
             {"in_channels": 1, "out_channels": 1, "kernel_size": 2},
             (),
             'the defaults: stride=1, padding=0, a bias'),
        Case("MyConv2d",
             (_a([-1, 1, -1, 1, 0, 1, -1, -2, -1, 1, 1, 2, -1, 0, 2, -2, 1, 2, 2, 1, 2, -2, 1,
               1], (1, 2, 3, 4)), _a([1, -1, 1, -2, 2, -2, -1, 1, -2, 0, -2, 2, -1, 2, -1, 2, -2,
               -2, -1, 0, -2, 1, 0, -2], (2, 2, 2, 3)) / 4, _a([2, -1], (2,)) / 4, _a([-2, 1, 0, 1,
               -1, -2, 1, -2], (1, 2, 2, 2))),
             (_a([0, -12, -12, -4, -1, 5, -2, -14], (1, 2, 2, 2)) / 4, _a([-2, 0, 6, 2, 2, 2, -5,
               3, -2, -8, 6, 2, 4, -4, -2, 6, 0, -1, 1, 2, 0, -4, -2, 6], (1, 2, 3, 4)) / 4, _a([1,
               -1, -2, 2, 2, 1, 2, 2, 1, -2, 5, -1, -2, 2, 5, -4, 0, -6, -4, -3, 0, 4, -3, 0], (2,
               2, 2, 3)), _a([0, -4], (2,))),
             {"in_channels": 2, "out_channels": 2, "kernel_size": (2, 3), "stride": 2, "padding":
               1},
             ((MODULE_ARGS, (_a([0, 9, 5, -4, -3, 7, -9, -14], (1, 2, 2, 2)) / 4, _a([-1, 3, -6,
               3, 1, -3, 6, 5, 2, -8, 4, 2, 3, -1, 7, 2, -2, 3, -5, 8, 1, -2, -4, 6], (1, 2, 3, 4))
               / 4, _a([4, -4, 1, 2, -2, 2, 4, 4, -5, -2, -1, -2, -3, 4, 2, -5, 0, 2, -2, -6, 2, 1,
               -10, -5], (2, 2, 2, 3)), _a([0, -4], (2,)))),),
             'stride=2, padding=1, a 2x3 kernel'),
        Case("MyConv2d",
             (_a([-1, -1, 1, 0, 1, 0, -2, 0, 0, 0, 0, 0, 0, 2, -1, -2, 1, 1], (2, 1, 3, 3)),
               _a([0, -2, 2, -2, -1, -1, 0, -1], (2, 1, 2, 2)) / 2, None, _a([2, 0, 0, -1, -1, -2,
               -1, 1, 1, 2, 0, 0, 2, 1, 1, -2], (2, 2, 2, 2))),
             (_a([0, 0, -6, 0, 1, 0, -1, -1, -4, 6, -10, 2, -2, 1, -3, -2], (2, 2, 2, 2)) / 2,
               _a([1, -1, 2, 5, -3, 3, 0, -1, 1, -2, -5, -5, 1, 1, -3, 0, -1, 2], (2, 1, 3, 3)) /
               2, _a([-3, -2, 4, 2, 0, 2, -2, 1], (2, 1, 2, 2)), np.zeros((0,))),
             {"in_channels": 1, "out_channels": 2, "kernel_size": 2, "bias": False},
             (),
             'bias=False: module.bias is None'),
    ),
    "maxpool2d_module": (
        Case("MyMaxPool2d",
             (_a([1, 5, 2, 0, 3, 4, 8, 6, 7, 0, 1, 2, 9, 3, 5, 4], (1, 1, 4, 4)), _a([1, 2, 3,
               4], (1, 1, 2, 2))),
             (_a([5, 8, 9, 5], (1, 1, 2, 2)), _a([0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4,
               0], (1, 1, 4, 4))),
             {"kernel_size": 2},
             (),
             'stride=None: stride = kernel_size = 2'),
        Case("MyMaxPool2d",
             (_a([1, 4, 2, 6, 3, 0, 5, 2, 8], (1, 1, 3, 3)), _a([1, 2, 3, 4], (1, 1, 2, 2))),
             (_a([6, 4, 6, 8], (1, 1, 2, 2)), _a([0, 2, 0, 4, 0, 0, 0, 0, 4], (1, 1, 3, 3))),
             {"kernel_size": 2, "stride": 1},
             ((MP_ARGS_SWAPPED, (_a([1, 2, 5, 8], (1, 1, 2, 2)), _a([1, 0, 2, 0, 0, 0, 3, 0, 4],
               (1, 1, 3, 3)))),),
             'overlapping windows: stride=1'),
        Case("MyMaxPool2d",
             (_a([2, 4, 2, 0, 2, 3, 0, 2, 1, 3, 3, 0, 0, 0, 3, 0, 4, 4, 3, 1, 1, 2, 4, 4], (1, 2,
               3, 4)), _a([3, 1, 3, 2], (1, 2, 1, 2))),
             (_a([2, 2, 4, 1], (1, 2, 1, 2)), _a([3, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0,
               3, 0, 0, 2, 0, 0, 0, 0], (1, 2, 3, 4))),
             {"kernel_size": (2, 1), "stride": 3},
             ((MP_ARGS_SWAPPED, (_a([4, 4, 4, 4], (1, 2, 1, 2)), _a([0, 4, 0, 0, 0, 0, 0, 0, 0,
               0, 0, 0, 0, 0, 0, 0, 3, 2, 0, 0, 0, 0, 0, 0], (1, 2, 3, 4)))),),
             'a 2x1 window and stride 3'),
    ),
    "numpy_bridge": (
        Case("NumpyConv2dFunction",
             (_a([1, 2, 0, 3, 1, 2, 0, 1, 1], (1, 1, 3, 3)), _a([1, 0, 0, -1], (1, 1, 2, 2)),
               _a([1], (1,)), _a([1, 1, 1, 1], (1, 1, 2, 2))),
             (_a([1, 1, 3, 1], (1, 1, 2, 2)), _a([1, 1, 0, 1, 0, -1, 0, -1, -1], (1, 1, 3, 3)),
               _a([7, 5, 5, 5], (1, 1, 2, 2)), _a([4], (1,))),
             {},
             (),
             ('the defaults stride=1, padding=0 (apply(x, w, b)): out[i, j] = x[i, j] - x[i+1, '
              'j+1] + 1; with dout = 1, dw[di, dj] is the sum of x over the positions that tap '
              'di, dj')),
        Case("NumpyConv2dFunction",
             (_a([0, 0, 1, 2, -2, -2, 2, 2, -1, -1, 2, 0, -1, 2, -1, 0, 1, 0, -2, -2, 2, 1, 2,
               0], (1, 2, 3, 4)), _a([2, -1, -2, -1, 0, 2, 0, -2, -1, 1, 2, 1, 2, -2, 2, -2, 0, -1,
               -1, 1, -1, 0, -1, -2], (2, 2, 2, 3)), _a([1, -1], (2,)), _a([2, -2, -2, -1, -2, 2,
               2, 0], (1, 2, 2, 2))),
             (_a([1, 5, 8, 3, -4, -2, -3, -5], (1, 2, 2, 2)), _a([0, 4, 0, -6, -2, 6, 1, 2, 0,
               -5, 0, -2, 6, 4, -6, -6, 6, 0, 2, 1, -6, -7, -2, -1], (1, 2, 3, 4)), _a([2, 2, 2, 1,
               -2, -2, 0, 0, 2, -5, -6, 2, 0, -4, -4, 0, 0, 2, 0, 2, 0, 4, 4, -2], (2, 2, 2, 3)),
               _a([-3, 2], (2,))),
             {"stride": 2, "padding": 1},
             (),
             'stride=2, padding=1, a 2x3 kernel'),
        Case("NumpyConv2dFunction",
             (_a([2, 1, 1, 2, 0, 1, 2, -1, -2, -1, -1, 2], (2, 1, 2, 3)), _a([1, -1, -1, 2, -2,
               -1, 1, 1, 1, 2, -2, -1], (2, 1, 3, 2)), _a([2, -1], (2,)), _a([0, 2, 2, -1, -2, 1,
               1, 1, 1, 1, 2, 2, 2, 2, 1, 2], (2, 2, 2, 2))),
             (_a([2, -1, 2, 1, -1, -4, -1, 0, 2, 6, 2, -1, -1, 3, -1, 0], (2, 2, 2, 2)), _a([0,
               -6, -3, 0, 0, 2, 0, -6, -3, 0, 4, 0], (2, 1, 2, 3)), _a([-2, 3, 0, 0, 1, 0, -2, 5,
               0, 0, -1, -3], (2, 1, 3, 2)), _a([9, 8], (2,))),
             {"stride": 3, "padding": 2},
             (),
             'stride=3, padding=2: the padding is wider than some windows'),
    ),
}
# CASES-END
# fmt: on


# --- harnesses: how a case runs a Function or a Module ------------------------------------------


def _pair(value: Any) -> tuple[int, int]:
    """An int or a pair as a pair (the way kernel_size and stride may be given)."""
    return (value, value) if isinstance(value, int) else tuple(value)


TORCH_ERRORS = (
    ("incorrect number of gradients", GRAD_COUNT),
    ("different than None at position", GRAD_COUNT),
    ("invalid gradient at index", GRAD_SHAPE),
    ("calculated number of sliding blocks", FOLD_ARGS),
    ("expected Variable or None", NOT_TENSOR),
    ("cannot assign parameters before Module.__init__()", NO_SUPER_INIT),
)
"""(text of a PyTorch error, the mistake it usually means)."""

BRIDGE_ERRORS = (
    *TORCH_ERRORS,
    ("'Tensor' object has no attribute", BRIDGE_NUMPY),  # a NumPy method called on a tensor
)
"""The same for the bridge, whose NumPy layer may be given a tensor."""


def _student(
    label: str, fn: Callable[..., Any], *args: Any, errors: tuple = TORCH_ERRORS, where: str = ""
) -> Any:
    """``fn(*args)``; an error that a known mistake causes becomes a CheckFailure naming it.

    ``where`` describes the case. Other errors go on to :func:`cnnlab.checks.report.call`,
    which reports them.
    """
    try:
        return fn(*args)
    except (RuntimeError, TypeError, AttributeError) as exc:
        for text, cause in errors:
            if text in str(exc):
                on = f" on {where}" if where else ""
                raise CheckFailure(
                    f"{label} raised {type(exc).__name__}{on}:\n  {exc}{student_line(exc)}\n"
                    f"  Likely cause: {cause}."
                ) from None
        raise


def _tensors(arrays: tuple[Any, ...], device: str) -> list[Any]:
    """Tensors (same dtype, on ``device``, requiring gradients) of arrays; None stays None."""
    import torch

    return [
        None if a is None else torch.tensor(a, device=device, requires_grad=True) for a in arrays
    ]


def _numpy(t: Any) -> np.ndarray:
    """A tensor's values as a NumPy array (of its dtype)."""
    return t.detach().cpu().numpy()


def _output(label: str, out: Any, x: Any, expected_shape: tuple[int, ...], where: str) -> None:
    """CheckFailure unless ``out`` is a tensor of x's dtype and device and the expected shape."""
    import torch

    if out is None:
        raise CheckFailure(f"{label} is wrong for {where}: {RETURNED_NONE}")
    if not isinstance(out, torch.Tensor):
        raise CheckFailure(
            f"{label} returned a {type(out).__name__}, not a tensor, for {where}.\n"
            f"  Likely cause: {NOT_TENSOR}."
        )
    if out.dtype != x.dtype:
        raise CheckFailure(
            f"{label} returned {out.dtype} for a {x.dtype} input x, for {where}.\n"
            f"  Likely cause: {DTYPE_OUT}."
        )
    if out.device != x.device:
        raise CheckFailure(
            f"{label} returned a tensor on {out.device} for x on {x.device}, for {where}.\n"
            f"  Likely cause: {DEVICE_OUT}."
        )
    if tuple(out.shape) != expected_shape:
        raise CheckFailure(
            f"{label} returned out of shape {tuple(out.shape)} for {where}; expected "
            f"{expected_shape}."
        )


def _backward(
    label: str,
    out: Any,
    dout: np.ndarray,
    inputs: dict[str, Any],
    where: str,
    errors: tuple = TORCH_ERRORS,
) -> list[np.ndarray]:
    """``out.backward(dout)`` and the gradients of the named inputs (an empty array for None)."""
    import torch

    dout_t = torch.tensor(dout, device=out.device)
    _student(f"{label} (backward)", out.backward, dout_t, errors=errors, where=where)
    grads = []
    for name, t in inputs.items():
        if t is not None and t.grad is None:
            raise CheckFailure(
                f"{label}: after out.backward(dout), {name}.grad is None: backward returned None "
                f"in the place of {name}'s gradient.\n  {GRAD_COUNT}."
            )
        grads.append(np.zeros(0) if t is None else _numpy(t.grad))
    return grads


def _function_harness(
    label: str, errors: tuple = TORCH_ERRORS
) -> Callable[[Any], Callable[..., tuple]]:
    """The harness of a convolution Function (Conv2dFunction, NumpyConv2dFunction)."""

    def harness(cls: Any) -> Callable[..., tuple]:
        def run(x, w, b, dout, stride=None, padding=None, device="cpu") -> tuple:
            where = describe(Case(label, (x, w, b, dout), None, _given(stride, padding, device)))
            geometry = () if stride is None and padding is None else (stride or 1, padding or 0)
            inputs = dict(zip("xwb", _tensors((x, w, b), device), strict=True))
            out = _student(label, cls.apply, *inputs.values(), *geometry, errors=errors,
                           where=where)  # fmt: skip
            _output(label, out, inputs["x"], dout.shape, where)
            return (_numpy(out), *_backward(label, out, dout, inputs, where, errors))

        return run

    return harness


def _given(stride: Any, padding: Any, device: str) -> dict[str, Any]:
    """The keyword arguments a case gave (for its description)."""
    given = {"stride": stride, "padding": padding, "device": None if device == "cpu" else device}
    return {key: value for key, value in given.items() if value is not None}


def _pool_shape(x_shape: tuple[int, ...], kernel_size: Any, stride: Any) -> tuple[int, ...]:
    """(N, C, H_out, W_out) of max pooling with these windows."""
    N, C, H, W = x_shape
    (HH, WW), (sh, sw) = _pair(kernel_size), _pair(stride)
    return (N, C, (H - HH) // sh + 1, (W - WW) // sw + 1)


def _pool_harness(cls: Any) -> Callable[..., tuple]:
    """The harness of MaxPool2dFunction."""

    def run(x, dout, kernel_size, stride, device="cpu") -> tuple:
        kwargs = {"kernel_size": kernel_size, "stride": stride}
        if device != "cpu":
            kwargs["device"] = device
        where = describe(Case("MaxPool2dFunction", (x, dout), None, kwargs))
        (xt,) = _tensors((x,), device)
        out = _student("MaxPool2dFunction", cls.apply, xt, kernel_size, stride, where=where)
        _output("MaxPool2dFunction", out, xt, dout.shape, where)
        return (_numpy(out), *_backward("MaxPool2dFunction", out, dout, {"x": xt}, where))

    return run


def _no_super_init(module: Any) -> bool:
    """Whether nn.Module.__init__ was skipped (the module has no parameter registry)."""
    return "_parameters" not in vars(module)


def _build(label: str, cls: Any, init: dict[str, Any]) -> Any:
    """``cls(**init)`` under a fixed seed, leaving the caller's random state as it was."""
    import torch

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        module = _student(label, lambda: cls(**init))
    if not isinstance(module, torch.nn.Module):
        raise CheckFailure(f"{label}(...) must build an nn.Module, got {type(module).__name__}.")
    if _no_super_init(module):
        raise CheckFailure(f"{label}({_kwargs(init)}) is not set up.\n  {NO_SUPER_INIT}.")
    return module


def _kwargs(init: dict[str, Any]) -> str:
    """The constructor's arguments as ``a=1, b=2``."""
    return ", ".join(f"{key}={value!r}" for key, value in init.items())


def _conv_params_problem(module: Any, init: dict[str, Any]) -> str:
    """What is wrong with a new MyConv2d's parameters ('' if nothing)."""
    import torch

    C, F_ = init["in_channels"], init["out_channels"]
    HH, WW = _pair(init["kernel_size"])
    params = dict(module.named_parameters())
    has_bias = init.get("bias", True)
    if not has_bias and ("bias" in params or getattr(module, "bias", None) is not None):
        return f"module.bias is not None.\n  {NO_BIAS}."
    expected = {"weight": (F_, C, HH, WW), **({"bias": (F_,)} if has_bias else {})}
    for name, shape in expected.items():
        value = getattr(module, name, None)
        if name not in params:
            if isinstance(value, torch.Tensor):
                return f"module.{name} is a plain tensor.\n  {NOT_PARAMETER}."
            return f"module.{name} is missing: it must be an nn.Parameter of shape {shape}."
        if tuple(value.shape) != shape:
            return f"module.{name} has shape {tuple(value.shape)}, expected {shape}."
        if value.dtype != torch.float32:
            return (
                f"module.{name} has dtype {value.dtype}: a new layer's parameters have PyTorch's "
                "default dtype, float32 (torch.empty(...) without dtype)."
            )
    extra = sorted(set(params) - set(expected))
    if extra:
        return f"the module has parameters {extra} besides {sorted(expected)}."
    fan_in = C * HH * WW
    bound = 1 / math.sqrt(fan_in)
    weight = module.weight.detach().double()
    problem = _uniform_problem("weight", weight, bound, INIT_WEIGHT, INIT_WEIGHT)
    if problem or not has_bias:
        return problem
    return _uniform_problem("bias", module.bias.detach().double(), bound, INIT_BIAS_ZERO,
                            INIT_BIAS_BOUND)  # fmt: skip


def _uniform_problem(name: str, values: Any, bound: float, zero: str, wrong: str) -> str:
    """Whether ``values`` look drawn uniformly from [-bound, bound] ('' if they do).

    Every value must lie within the bound; with 1000 values or more, the largest magnitude must
    come close to it and the standard deviation must be near bound / sqrt(3).
    """
    if bool((values == 0).all()):
        return f"module.{name} is all zeros.\n  {zero}."
    largest = float(values.abs().max())
    std = float(values.std(correction=0))
    stats = f"largest |{name}| {largest:.4g}, std {std:.4g}; bound 1/sqrt(fan_in) = {bound:.4g}"
    if largest > bound * (1 + 1e-6):
        return f"module.{name} has values outside the bound ({stats}).\n  {wrong}."
    if values.numel() >= 1000 and (
        largest < 0.95 * bound or abs(std * math.sqrt(3) / bound - 1) > 0.1
    ):
        return f"module.{name} does not fill the bound uniformly ({stats}).\n  {wrong}."
    return ""


def _conv_module_harness(cls: Any) -> Callable[..., tuple]:
    """The harness of MyConv2d: build it, check its parameters, set the case's, run it."""

    def run(x, w, b, dout, device="cpu", **init: Any) -> tuple:
        import torch

        label = f"MyConv2d({_kwargs(init)})"
        module = _build("MyConv2d", cls, init)
        problem = _conv_params_problem(module, init)
        if problem:
            raise CheckFailure(f"{label}: {problem}")
        module = module.to(device=device, dtype=torch.tensor(x).dtype)
        with torch.no_grad():
            module.weight.copy_(torch.tensor(w))
            if b is not None:
                module.bias.copy_(torch.tensor(b))
        (xt,) = _tensors((x,), device)
        where = describe(Case("MyConv2d", (x, w, b, dout), None, init))
        out = _student(label, module, xt, where=where)
        _check_module_shape(out, x.shape, dout.shape, init, where)
        _output(label, out, xt, dout.shape, where)
        inputs = {"x": xt, "weight": module.weight, "bias": getattr(module, "bias", None)}
        return (_numpy(out), *_backward(label, out, dout, inputs, where))

    return run


def _check_module_shape(
    out: Any, x_shape: tuple, shape: tuple, init: dict[str, Any], where: str
) -> None:
    """A wrong output shape that a known mistake explains: stride or padding not passed on."""
    import torch

    if not isinstance(out, torch.Tensor) or tuple(out.shape) == tuple(shape):
        return
    N, _, H, W = x_shape
    HH, WW = _pair(init["kernel_size"])
    stride, padding = init.get("stride", 1), init.get("padding", 0)
    for s, p in ((1, 0), (stride, 0), (1, padding)):  # stride or padding (or both) lost
        size = (N, shape[1], (H + 2 * p - HH) // s + 1, (W + 2 * p - WW) // s + 1)
        if tuple(out.shape) == size:
            raise CheckFailure(
                f"MyConv2d returned out of shape {tuple(out.shape)} for {where}; expected "
                f"{tuple(shape)}.\n  Likely cause: {MODULE_ARGS}."
            )


def _pool_module_harness(cls: Any) -> Callable[..., tuple]:
    """The harness of MyMaxPool2d: build it, check its attributes, run it."""

    def run(x, dout, device="cpu", **init: Any) -> tuple:
        label = f"MyMaxPool2d({_kwargs(init)})"
        module = _build("MyMaxPool2d", cls, init)
        kernel_size = init["kernel_size"]
        stride = init.get("stride") or kernel_size
        params = [name for name, _ in module.named_parameters()]
        if params:
            raise CheckFailure(f"{label} has parameters {params}: max pooling has none.")
        got = (getattr(module, "kernel_size", None), getattr(module, "stride", None))
        if got[0] != kernel_size:
            raise CheckFailure(
                f"{label}: module.kernel_size is {got[0]!r}, expected {kernel_size!r} "
                "(store the arguments as attributes, as nn.MaxPool2d does)."
            )
        if got[1] != stride:
            cause = MP_STRIDE_DEFAULT if init.get("stride") is None else "store the stride given"
            raise CheckFailure(
                f"{label}: module.stride is {got[1]!r}, expected {stride!r}.\n"
                f"  Likely cause: {cause}."
            )
        (xt,) = _tensors((x,), device)
        where = describe(Case("MyMaxPool2d", (x, dout), None, init))
        out = _student(label, module, xt, where=where)
        _check_pool_shape(out, x.shape, dout.shape, kernel_size, stride, where)
        _output(label, out, xt, dout.shape, where)
        return (_numpy(out), *_backward(label, out, dout, {"x": xt}, where))

    return run


def _check_pool_shape(
    out: Any, x_shape: tuple, shape: tuple, kernel_size: Any, stride: Any, where: str
) -> None:
    """A wrong output shape that a known mistake explains: stride ignored, arguments swapped."""
    import torch

    if not isinstance(out, torch.Tensor) or tuple(out.shape) == tuple(shape):
        return
    got = tuple(out.shape)
    for cause, k, s in ((MP_STRIDE_IGNORED, kernel_size, kernel_size),
                        (MP_ARGS_SWAPPED, stride, kernel_size)):  # fmt: skip
        if got == _pool_shape(x_shape, k, s):
            raise CheckFailure(
                f"MyMaxPool2d returned out of shape {got} for {where}; expected "
                f"{tuple(shape)}.\n  Likely cause: {cause}."
            )


HARNESSES: dict[str, Callable[[Any], Callable[..., Any]]] = {
    "Conv2dFunction": _function_harness("Conv2dFunction"),
    "NumpyConv2dFunction": _function_harness("NumpyConv2dFunction", BRIDGE_ERRORS),
    "MaxPool2dFunction": _pool_harness,
    "MyConv2d": _conv_module_harness,
    "MyMaxPool2d": _pool_module_harness,
}
"""How a case calls each graded class."""


# --- extra visible checks: gradcheck, nn.Conv2d's initialisation, CUDA --------------------------


def gradcheck(
    label: str, apply: Callable[..., Any], inputs: tuple[Any, ...], fast: bool = False
) -> None:
    """torch.autograd.gradcheck of ``apply(*inputs)`` (float64 tensors); CheckFailure if it fails.

    The message names the inputs by shape and quotes the first line of PyTorch's report.
    ``fast``: gradcheck's fast mode (one random projection of the Jacobian instead of all of it:
    as sure to catch a wrong gradient, and much faster on larger inputs).
    """
    import torch

    shown = ", ".join(
        str(tuple(a.shape)) if isinstance(a, torch.Tensor) else repr(a) for a in inputs
    )
    try:
        torch.autograd.gradcheck(apply, inputs, fast_mode=fast)
    except CheckFailure:
        raise
    except NotImplementedError:
        raise CheckFailure(f"{label} is not implemented yet.") from None
    except Exception as exc:  # noqa: BLE001 (a student error or gradcheck's own report)
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        cause = next((c for text, c in BRIDGE_ERRORS if text in str(exc)), GRADCHECK)
        raise CheckFailure(
            f"{label}: gradcheck on inputs {shown} failed: {first}\n  Likely cause: {cause}."
        ) from None


def _random(shape: tuple[int, ...], seed: int) -> Any:
    """A float64 tensor of standard normal values that requires gradients (seeded)."""
    import torch

    values = np.random.default_rng(seed).standard_normal(shape)
    return torch.tensor(values, requires_grad=True)


def _on_cuda(grade_id: str, fn: Any) -> None:
    """Re-run the visible cases on the GPU when there is one (PyTorch's CUDA device)."""
    import torch

    if not torch.cuda.is_available():
        return
    for case in CASES[grade_id]:
        run_case(fn, dataclasses.replace(case, kwargs={**case.kwargs, "device": "cuda"}))


def _check_conv_gradcheck(cls: Any) -> None:
    """Run gradcheck on Conv2dFunction (stride 2, padding 1, a 2x3 kernel; then without a bias)."""
    x, w, b = _random((2, 2, 4, 3), 0), _random((2, 2, 2, 3), 1), _random((2,), 2)
    gradcheck("Conv2dFunction", cls.apply, (x, w, b, 2, 1))
    gradcheck("Conv2dFunction", cls.apply, (x, w, None, 1, 0))
    _on_cuda("conv2d_function", cls)


def _check_pool_gradcheck(cls: Any) -> None:
    """Run gradcheck on MaxPool2dFunction with overlapping 3x2 windows."""
    gradcheck("MaxPool2dFunction", cls.apply, (_random((1, 2, 4, 5), 3), (3, 2), (1, 2)))
    _on_cuda("maxpool2d_function", cls)


def _check_bridge_gradcheck(cls: Any) -> None:
    """Run gradcheck on NumpyConv2dFunction (stride 2, padding 1, a 2x3 kernel)."""
    x, w, b = _random((2, 2, 4, 3), 0), _random((2, 2, 2, 3), 1), _random((2,), 2)
    gradcheck("NumpyConv2dFunction", cls.apply, (x, w, b, 2, 1))
    _on_cuda("numpy_bridge", cls)


INIT_CONFIGS = (
    {"in_channels": 32, "out_channels": 64, "kernel_size": 3},
    {"in_channels": 3, "out_channels": 2048, "kernel_size": (1, 2)},
)
"""Layers large enough to see nn.Conv2d's distribution: 18,432 weights with fan_in = 288, and
2,048 biases with fan_in = 6."""


def _check_conv_init(cls: Any) -> None:
    """MyConv2d's defaults (stride 1, padding 0, a bias) and its initial distribution."""
    for init in INIT_CONFIGS:
        module = _build("MyConv2d", cls, init)
        problem = _conv_params_problem(module, init)
        if problem:
            raise CheckFailure(f"MyConv2d({_kwargs(init)}): {problem}")
    defaults = (getattr(module, "stride", None), getattr(module, "padding", None))
    if defaults != (1, 0):
        raise CheckFailure(
            f"MyConv2d({_kwargs(init)}) has stride and padding {defaults}; the defaults are "
            "stride=1 and padding=0 (store them as self.stride and self.padding)."
        )
    _on_cuda("conv2d_module", cls)


EXTRA_CHECKS: dict[str, Callable[..., None]] = {
    "conv2d_function": _check_conv_gradcheck,
    "maxpool2d_function": _check_pool_gradcheck,
    "conv2d_module": _check_conv_init,
    "numpy_bridge": _check_bridge_gradcheck,
}
"""gradcheck in float64, nn.Conv2d's initialisation on large layers, the cases again on CUDA."""

PASSED_NOTES: dict[str, str] = {
    "conv2d_function": "Your backward agrees with gradcheck's finite differences too.",
    "numpy_bridge": "The NumPy layer now takes part in autograd like any PyTorch op.",
}


# ---------------------------------------------------------------------------------------------
# One public check per graded cell, named like its grade id.


def conv2d_function(Conv2dFunction: type) -> None:  # noqa: N803 (the graded class)
    """Check ``Conv2dFunction``: forward, backward and gradcheck against PyTorch's convolution."""
    public("conv2d_function", Conv2dFunction)


def maxpool2d_function(MaxPool2dFunction: type) -> None:  # noqa: N803
    """Check ``MaxPool2dFunction``: forward, backward (ties) and gradcheck against PyTorch."""
    public("maxpool2d_function", MaxPool2dFunction)


def conv2d_module(MyConv2d: type) -> None:  # noqa: N803
    """Check ``MyConv2d``: its parameters, their initialisation, and the layer's results."""
    public("conv2d_module", MyConv2d)


def maxpool2d_module(MyMaxPool2d: type) -> None:  # noqa: N803
    """Check ``MyMaxPool2d``: its attributes (stride defaults to kernel_size) and results."""
    public("maxpool2d_module", MyMaxPool2d)


def numpy_bridge(NumpyConv2dFunction: type) -> None:  # noqa: N803
    """Check ``NumpyConv2dFunction``: a NumPy layer inside autograd, with gradcheck."""
    public("numpy_bridge", NumpyConv2dFunction)
