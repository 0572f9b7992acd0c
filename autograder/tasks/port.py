"""The port notebook's instructor side: references, mistakes, random cases, source checks.

Registered in :mod:`autograder.tasks` (see its docstring for what each name means).

The graded objects are classes (autograd Functions and nn.Modules); the harnesses of
:mod:`cnnlab.checks.port` turn a case of NumPy arrays into tensors, run the student's class
forward and backward and return NumPy results. The references here return the same results
computed with PyTorch's own layers in float64 and autograd: ``F.conv2d`` for the convolutions
(Conv2dFunction, NumpyConv2dFunction, MyConv2d) and ``F.max_pool2d`` for the pooling
(MaxPool2dFunction, MyMaxPool2d). The solution notebook is never the reference.

Parts are graded independently: while MyConv2d (MyMaxPool2d) is tested, its cell's
``Conv2dFunction`` (``MaxPool2dFunction``) is replaced by a :class:`FunctionReference` whose
``apply`` is PyTorch's op, and while the bridge is tested its NumPy layer is replaced by a
float64 reference with the NumPy layer's contract. The references count their calls
(:data:`CALLS`), so that the hidden tests can check that a module goes through its Function and
the bridge through its NumPy layer.

Beyond the cases, the hidden tests check the source (:func:`autograder.sourcecheck.check_names`:
no PyTorch convolution or max pooling inside the graded classes, no autograd inside a backward
pass, no autograder) and run ``torch.autograd.gradcheck`` in float64; cases and gradchecks run on
CUDA too when ``torch.cuda.is_available()``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812 (the usual name)

from autograder import sourcecheck
from autograder.tasks import case, random_array
from autograder.torchref import conv2d
from autograder.torchref import numpy as _np
from autograder.torchref import tensor as _t
from cnnlab.checks import Case, CheckFailure, report
from cnnlab.checks import port as visible

NOTEBOOK = "port"
"""solutions/pytorch_cnn/port.ipynb."""

NUMPY_ONLY = False
"""The graded classes use PyTorch; :data:`EXTRA_CHECKS` forbid the operations they must write."""

Mistakes = list[tuple[str, Any]]

CALLS: Counter[str] = Counter()
"""How often each reference that stands in for a student's part was called."""

CONV_OPS = (
    "conv1d", "conv2d", "conv3d", "Conv1d", "Conv2d", "Conv3d", "LazyConv2d",
    "conv_transpose1d", "conv_transpose2d", "conv_transpose3d", "ConvTranspose2d",
    "convolution", "_convolution", "convolution_backward", "conv2d_input", "conv2d_weight",
    "cudnn_convolution", "mkldnn_convolution", "conv_tbc",
)  # fmt: skip
"""PyTorch's convolutions, by name (functions, modules, ATen ops, torch.nn.grad)."""

POOL_OPS = (
    "max_pool1d", "max_pool2d", "max_pool3d", "MaxPool1d", "MaxPool2d", "MaxPool3d",
    "max_pool2d_with_indices", "max_pool2d_with_indices_backward", "adaptive_max_pool2d",
    "AdaptiveMaxPool2d", "fractional_max_pool2d", "FractionalMaxPool2d", "max_unpool2d",
    "MaxUnpool2d", "lp_pool2d", "LPPool2d",
)  # fmt: skip
"""PyTorch's max pooling, by name."""

AUTOGRAD = (
    "backward", "grad", "autograd", "enable_grad", "set_grad_enabled", "vjp", "jvp",
    "jacobian", "hessian", "jacrev", "jacfwd", "vmap",
)  # fmt: skip
"""What differentiates for you (``loss.backward()``, ``torch.autograd.grad``, ``torch.func``):
forbidden inside a hand-written backward pass."""


@dataclass(frozen=True)
class FunctionReference:
    """The reference of a graded autograd Function, in its two roles.

    Calling it runs a case (NumPy in, NumPy out, what the check's harness returns for the
    student's class). ``apply`` stands in for the student's ``Function.apply`` while a module
    that calls it is tested (SUBSTITUTES): it computes with PyTorch's own op and counts its calls
    in :data:`CALLS` under ``name``.
    """

    name: str
    case: Callable[..., tuple]
    op: Callable[..., torch.Tensor]

    def __call__(self, *args: Any, **kwargs: Any) -> tuple:
        """The reference result of a case."""
        return self.case(*args, **kwargs)

    def apply(self, *args: Any) -> torch.Tensor:
        """PyTorch's op on tensors, like ``Function.apply`` (autograd differentiates it)."""
        CALLS[self.name] += 1
        return self.op(*args)


# --- convolution --------------------------------------------------------------------------------


def _conv(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None,
    dout: np.ndarray,
    stride: int = 1,
    padding: int = 0,
    device: str = "cpu",
) -> tuple[np.ndarray, ...]:
    """(out, dx, dw, db) of ``F.conv2d`` and autograd in float64; db is empty when b is None.

    ``device`` (where the student's code ran) does not change the reference. Autograd is on
    even inside a student's backward pass (where the bridge calls the reference NumPy layer).
    """
    xt, wt = _t(x).requires_grad_(), _t(w).requires_grad_()
    bt = None if b is None else _t(b).requires_grad_()
    with torch.enable_grad():
        out = F.conv2d(xt, wt, bt, stride=stride, padding=padding)
        inputs = [xt, wt] if bt is None else [xt, wt, bt]
        grads = torch.autograd.grad(out, inputs, _t(dout))
    db = np.zeros(0) if bt is None else _np(grads[2])
    return _np(out), _np(grads[0]), _np(grads[1]), db


def _conv_op(
    x: torch.Tensor, w: torch.Tensor, b: torch.Tensor | None, stride: int = 1, padding: int = 0
) -> torch.Tensor:
    """``Conv2dFunction.apply``'s contract with PyTorch's convolution."""
    return F.conv2d(x, w, b, stride=stride, padding=padding)


def _conv_mistakes(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None,
    dout: np.ndarray,
    stride: int = 1,
    padding: int = 0,
    device: str = "cpu",
) -> Mistakes:
    """No bias in out, db of the first image, dw averaged, F.fold without padding or stride."""
    out, dx, dw, db = _conv(x, w, b, dout, stride, padding)
    N, C, H, W = x.shape
    F_, _, HH, WW = w.shape
    mistakes: Mistakes = []
    if b is not None:
        mistakes.append((visible.CONV_NO_BIAS, (out - b.reshape(1, F_, 1, 1), dx, dw, db)))
        if N > 1:
            mistakes.append((visible.CONV_DB_BATCH, (out, dx, dw, dout[0].sum(axis=(1, 2)))))
    if N > 1:
        mistakes.append((visible.CONV_DW_BATCH, (out, dx, dw / N, db)))
    dcols = _t(w).reshape(F_, -1).T @ _t(dout).reshape(N, F_, -1)  # (N, C*HH*WW, H_out*W_out)
    for pad, step in ((0, stride), (padding, 1), (0, 1)):
        if (pad, step) == (padding, stride):
            continue
        try:  # the wrong fold works only when it still finds H_out * W_out windows
            wrong = F.fold(dcols, (H, W), (HH, WW), padding=pad, stride=step)
        except RuntimeError:
            continue
        mistakes.append((visible.FOLD_ARGS, (out, _np(wrong), dw, db)))
    return mistakes


CONV_REFERENCE = FunctionReference("Conv2dFunction", _conv, _conv_op)
"""Conv2dFunction's reference (and its stand-in while MyConv2d is tested)."""


# --- max pooling --------------------------------------------------------------------------------


def _pool(
    x: np.ndarray, dout: np.ndarray, kernel_size: Any, stride: Any, device: str = "cpu"
) -> tuple[np.ndarray, np.ndarray]:
    """(out, dx) of ``F.max_pool2d`` and autograd in float64 (ties: the first maximum)."""
    xt = _t(x).requires_grad_()
    out = F.max_pool2d(xt, kernel_size, stride)
    (dx,) = torch.autograd.grad(out, xt, _t(dout))
    return _np(out), _np(dx)


def _pool_op(x: torch.Tensor, kernel_size: Any, stride: Any) -> torch.Tensor:
    """``MaxPool2dFunction.apply``'s contract with PyTorch's max pooling."""
    return F.max_pool2d(x, kernel_size, stride)


def _pair(value: Any) -> tuple[int, int]:
    """An int or a pair as a pair."""
    return (value, value) if isinstance(value, int) else tuple(value)


def _pool_mistakes(
    x: np.ndarray, dout: np.ndarray, kernel_size: Any, stride: Any, device: str = "cpu"
) -> Mistakes:
    """Gradient to every maximum, channels mixed by the view, 1 instead of dout, fold stride 1."""
    out, dx = _pool(x, dout, kernel_size, stride)
    N, C, H, W = x.shape
    (HH, WW), (sh, sw) = _pair(kernel_size), _pair(stride)
    L = out.shape[2] * out.shape[3]
    xt = _t(x).requires_grad_()
    cols = F.unfold(xt, (HH, WW), stride=(sh, sw))  # (N, C*HH*WW, L)
    windows = cols.reshape(N, C, HH * WW, L)
    every = (windows == windows.max(dim=2, keepdim=True).values).double()  # every maximum
    dcols = every * _t(dout).reshape(N, C, 1, L)
    dx_every = F.fold(dcols.reshape(N, -1, L), (H, W), (HH, WW), stride=(sh, sw))
    mixed = cols.reshape(N, HH * WW, C, L).transpose(1, 2)  # channels mixed up: (N, C, K, L)
    mixed_out = mixed.max(dim=2).values  # (N, C, L)
    (dx_mixed,) = torch.autograd.grad(mixed_out, xt, _t(dout).reshape(N, C, L))
    first = F.one_hot(mixed.argmax(dim=2), HH * WW).transpose(2, 3)  # (N, C, K, L)
    dcols = (first * _t(dout).reshape(N, C, 1, L)).reshape(N, -1, L)  # read channel first
    dx_half = F.fold(dcols, (H, W), (HH, WW), stride=(sh, sw))  # the mix-up in forward only
    mixed_out = _np(mixed_out).reshape(out.shape)
    mistakes: Mistakes = [
        (visible.MP_TIES, (out, _np(dx_every))),
        (visible.MP_CHANNELS, (mixed_out, _np(dx_half))),
        (visible.MP_CHANNELS, (mixed_out, _np(dx_mixed))),
        (visible.MP_DOUT, (out, _pool(x, np.ones_like(dout), kernel_size, stride)[1])),
    ]
    first = F.one_hot(windows.argmax(dim=2), HH * WW).transpose(2, 3)  # the first maximum
    dcols = (first * _t(dout).reshape(N, C, 1, L)).reshape(N, -1, L)
    try:  # F.fold with stride 1: works only when it still finds L windows
        wrong = F.fold(dcols, (H, W), (HH, WW), stride=1)
        mistakes.append((visible.FOLD_ARGS, (out, _np(wrong))))
    except RuntimeError:
        pass
    return mistakes


POOL_REFERENCE = FunctionReference("MaxPool2dFunction", _pool, _pool_op)
"""MaxPool2dFunction's reference (and its stand-in while MyMaxPool2d is tested)."""


# --- the modules ---------------------------------------------------------------------------------


def _conv_module(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None,
    dout: np.ndarray,
    *,
    in_channels: int,
    out_channels: int,
    kernel_size: Any,
    stride: int = 1,
    padding: int = 0,
    bias: bool = True,
    device: str = "cpu",
) -> tuple[np.ndarray, ...]:
    """What a case of MyConv2d returns: (out, dx, dweight, dbias), F.conv2d's."""
    return _conv(x, w, b, dout, stride, padding)


def _conv_module_mistakes(x, w, b, dout, **init: Any) -> Mistakes:
    """Stride or padding not passed on (when the output keeps its shape)."""
    stride, padding = init.get("stride", 1), init.get("padding", 0)
    mistakes = []
    for s, p in dict.fromkeys([(1, 0), (stride, 0), (1, padding)]):  # in order, once each
        if (s, p) == (stride, padding):
            continue
        try:
            wrong = _conv(x, w, b, dout, s, p)
        except RuntimeError:  # another output shape: the harness names the mistake
            continue
        mistakes.append((visible.MODULE_ARGS, wrong))
    return mistakes


def _pool_module(
    x: np.ndarray, dout: np.ndarray, *, kernel_size: Any, stride: Any = None, device: str = "cpu"
) -> tuple[np.ndarray, np.ndarray]:
    """What a case of MyMaxPool2d returns: (out, dx), F.max_pool2d's (stride None: kernel_size)."""
    return _pool(x, dout, kernel_size, kernel_size if stride is None else stride)


def _pool_module_mistakes(x, dout, *, kernel_size: Any, stride: Any = None, **_: Any) -> Mistakes:
    """Stride ignored, kernel_size and stride swapped (when the output keeps its shape)."""
    if stride is None:
        return []
    mistakes = []
    for cause, k, s in ((visible.MP_STRIDE_IGNORED, kernel_size, kernel_size),
                        (visible.MP_ARGS_SWAPPED, stride, kernel_size)):  # fmt: skip
        try:
            wrong = _pool(x, dout, k, s)
        except RuntimeError:  # another output shape, or no window fits
            continue
        mistakes.append((cause, wrong))
    return mistakes


# --- the NumPy bridge ----------------------------------------------------------------------------


def _numpy_only(name: str, **arrays: Any) -> None:
    """TypeError unless every argument is a NumPy array (what the NumPy layer expects)."""
    for arg, value in arrays.items():
        if not isinstance(value, np.ndarray):
            raise TypeError(f"{name} got {arg} as a {type(value).__name__}; {visible.BRIDGE_NUMPY}")


def numpy_conv_forward(
    x: np.ndarray, w: np.ndarray, b: np.ndarray, stride: int = 1, padding: int = 0
) -> tuple[np.ndarray, tuple]:
    """The NumPy layer's contract with F.conv2d in float64: (out in the inputs' dtype, cache)."""
    _numpy_only("numpy_conv_forward", x=x, w=w, b=b)
    CALLS["numpy_conv_forward"] += 1
    out = conv2d(x, w, b, stride=stride, padding=padding)
    return out.astype(np.result_type(x, w, b)), (x, w, b, stride, padding)


def numpy_conv_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, ...]:
    """(dx, dw, db) for :func:`numpy_conv_forward`'s cache, by autograd in float64."""
    _numpy_only("numpy_conv_backward", dout=dout)
    CALLS["numpy_conv_backward"] += 1
    x, w, b, stride, padding = cache
    dtype = np.result_type(x, w, b)
    _, dx, dw, db = _conv(x, w, b, dout, stride, padding)
    return dx.astype(dtype), dw.astype(dtype), db.astype(dtype)


REFERENCES: dict[str, Callable[..., Any]] = {
    "Conv2dFunction": CONV_REFERENCE,
    "MaxPool2dFunction": POOL_REFERENCE,
    "MyConv2d": _conv_module,
    "MyMaxPool2d": _pool_module,
    "NumpyConv2dFunction": _conv,
    "numpy_conv_forward": numpy_conv_forward,
    "numpy_conv_backward": numpy_conv_backward,
}

MISTAKES: dict[str, Callable[..., Mistakes]] = {
    "Conv2dFunction": _conv_mistakes,
    "MaxPool2dFunction": _pool_mistakes,
    "MyConv2d": _conv_module_mistakes,
    "MyMaxPool2d": _pool_module_mistakes,
}

SUBSTITUTES: dict[str, tuple[str, ...]] = {
    "conv2d_module": ("Conv2dFunction",),
    "maxpool2d_module": ("MaxPool2dFunction",),
    "numpy_bridge": ("numpy_conv_forward", "numpy_conv_backward"),
}
"""A module is graded with PyTorch's op in place of its Function; the bridge with a reference
NumPy layer in place of the one it wraps."""


# --- random cases ---------------------------------------------------------------------------------


def _devices() -> list[str]:
    """Where the hidden cases run: the CPU, and the GPU when there is one."""
    return ["cpu", "cuda"] if torch.cuda.is_available() else ["cpu"]


def _conv_geometry(rng: np.random.Generator, k: int) -> dict[str, Any]:
    """A convolution's shapes, case k of a generator.

    Rectangular inputs and kernels, N=1 and C=1 now and then, stride 1..3 and padding 0..2
    (every pair over nine cases).
    """
    stride, padding = 1 + k % 3, (k // 3) % 3
    while True:
        N = 1 if k % 4 == 0 else int(rng.integers(2, 4))
        C = 1 if k % 5 == 1 else int(rng.integers(1, 4))
        F_ = int(rng.integers(1, 5))
        H, W = (int(v) for v in rng.integers(3, 9, size=2))
        HH, WW = (int(v) for v in rng.integers(1, 5, size=2))
        if H != W and HH != WW and HH <= H + 2 * padding and WW <= W + 2 * padding:
            return {"shape": (N, C, H, W), "w": (F_, C, HH, WW), "stride": stride,
                    "padding": padding}  # fmt: skip


def _conv_arrays(
    rng: np.random.Generator, geometry: dict[str, Any], f32: bool, bias: bool
) -> tuple[np.ndarray, ...]:
    """Random x, w, b (or None) and dout of a geometry."""
    N, C, H, W = geometry["shape"]
    F_, _, HH, WW = geometry["w"]
    s, p = geometry["stride"], geometry["padding"]
    dout_shape = (N, F_, (H + 2 * p - HH) // s + 1, (W + 2 * p - WW) // s + 1)
    x, w = random_array(rng, (N, C, H, W), f32), random_array(rng, (F_, C, HH, WW), f32)
    b = random_array(rng, (F_,), f32) if bias else None
    return x, w, b, random_array(rng, dout_shape, f32)


def _function_cases(name: str, count: int, bias_free: bool) -> Callable[..., list]:
    """Random cases of a convolution Function (b None every fourth case if ``bias_free``)."""

    def generate(rng: np.random.Generator) -> list[tuple[str, Case]]:
        cases = []
        for k in range(count):
            geometry = _conv_geometry(rng, k)
            bias = not (bias_free and k % 4 == 3)
            x, w, b, dout = _conv_arrays(rng, geometry, k % 2 == 1, bias)
            kwargs = (
                {} if k == 0 else {"stride": geometry["stride"], "padding": geometry["padding"]}
            )
            for device in _devices():
                extra = {} if device == "cpu" else {"device": device}
                cases.append(case(name, x, w, b, dout, **kwargs, **extra))
        return cases

    return generate


def _pool_geometry(rng: np.random.Generator, k: int) -> dict[str, Any]:
    """Max pooling's shapes: int and pair kernels and strides, overlapping windows and gaps."""
    while True:
        N, C = int(rng.integers(1, 4)), int(rng.integers(1, 4))
        H, W = (int(v) for v in rng.integers(3, 9, size=2))
        HH, WW = (int(v) for v in rng.integers(1, 4, size=2))
        sh, sw = (int(v) for v in rng.integers(1, 4, size=2))
        if k % 3 == 0:  # ints
            HH, WW, sh, sw = HH, HH, sh, sh
        if H != W and HH <= H and WW <= W and max(HH, WW) > 1:
            kernel = HH if HH == WW else (HH, WW)
            stride = sh if sh == sw else (sh, sw)
            return {"shape": (N, C, H, W), "kernel_size": kernel, "stride": stride}


def _pool_arrays(
    rng: np.random.Generator,
    shape: tuple[int, ...],
    kernel: Any,
    stride: Any,
    f32: bool,
    ties: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """Random x and dout; x holds small integers when ``ties`` (windows with several maxima)."""
    N, C, H, W = shape
    (HH, WW), (sh, sw) = _pair(kernel), _pair(stride)
    if ties:
        x = rng.integers(-2, 3, size=shape).astype(np.float32 if f32 else np.float64)
    else:
        x = random_array(rng, shape, f32)
    dout = random_array(rng, (N, C, (H - HH) // sh + 1, (W - WW) // sw + 1), f32)
    return x, dout


def _pool_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(12):
        g = _pool_geometry(rng, k)
        x, dout = _pool_arrays(
            rng, g["shape"], g["kernel_size"], g["stride"], k % 2 == 1, k % 3 != 2
        )
        for device in _devices():
            extra = {} if device == "cpu" else {"device": device}
            cases.append(
                case(
                    "MaxPool2dFunction",
                    x,
                    dout,
                    kernel_size=g["kernel_size"],
                    stride=g["stride"],
                    **extra,
                )  # fmt: skip
            )
    return cases


def _conv_module_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(8):
        geometry = _conv_geometry(rng, k + 1)
        bias = k % 3 != 2
        x, w, b, dout = _conv_arrays(rng, geometry, k % 2 == 1, bias)
        F_, C, HH, WW = geometry["w"]
        init: dict[str, Any] = {"in_channels": C, "out_channels": F_, "kernel_size": (HH, WW)}
        if geometry["stride"] != 1:
            init["stride"] = geometry["stride"]
        if geometry["padding"] != 0:
            init["padding"] = geometry["padding"]
        if not bias:
            init["bias"] = False
        for device in _devices():
            extra = {} if device == "cpu" else {"device": device}
            cases.append(case("MyConv2d", x, w, b, dout, **init, **extra))
    return cases


def _pool_module_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(8):
        g = _pool_geometry(rng, k)
        if k % 2 == 0:  # stride=None: windows side by side
            g["stride"] = g["kernel_size"]
            init = {"kernel_size": g["kernel_size"]}
        else:
            init = {"kernel_size": g["kernel_size"], "stride": g["stride"]}
        x, dout = _pool_arrays(rng, g["shape"], g["kernel_size"], g["stride"], k % 4 == 1, True)
        for device in _devices():
            extra = {} if device == "cpu" else {"device": device}
            cases.append(case("MyMaxPool2d", x, dout, **init, **extra))
    return cases


GENERATORS: dict[str, Callable[[np.random.Generator], list[tuple[str, Case]]]] = {
    "conv2d_function": _function_cases("Conv2dFunction", 12, bias_free=True),
    "maxpool2d_function": _pool_cases,
    "conv2d_module": _conv_module_cases,
    "maxpool2d_module": _pool_module_cases,
    "numpy_bridge": _function_cases("NumpyConv2dFunction", 8, bias_free=False),
}
"""Randomised hidden cases of every grade id (the same on every run; CUDA ones too on a GPU)."""


# --- hidden checks beyond the cases: the source, calls through the parts, gradcheck -------------


def _method(cls: Any, name: str) -> Any:
    """A class's own function ``name`` (a staticmethod unwrapped), or the inherited attribute."""
    value = vars(cls).get(name, getattr(cls, name, None)) if isinstance(cls, type) else None
    return getattr(value, "__func__", value)


def _no_autograd_inside(label: str, cls: Any, ignore: tuple[str, ...] = ()) -> None:
    """ForbiddenUse if the Function's backward differentiates with autograd."""
    backward = _method(cls, "backward")
    sourcecheck.check_names(
        f"{label}.backward", backward, AUTOGRAD, visible.RULE_AUTOGRAD, ignore=ignore
    )


def _gradchecks(label: str, cls: Any, inputs: Callable[[str, int], tuple]) -> None:
    """Run gradcheck on ``cls.apply``: three seeded inputs on the CPU, one on the GPU if any."""
    for device in _devices():
        for seed in range(3 if device == "cpu" else 1):
            visible.gradcheck(label, cls.apply, inputs(device, seed), fast=True)


def _float64(rng: np.random.Generator, shape: tuple[int, ...], device: str) -> torch.Tensor:
    """A float64 tensor of standard normal values that requires gradients."""
    return torch.tensor(rng.standard_normal(shape), device=device, requires_grad=True)


def _conv_inputs(device: str, seed: int, bias: bool) -> tuple:
    """Inputs for gradcheck of a convolution: stride 1..3, padding 0..2, a rectangular kernel."""
    rng = np.random.default_rng(seed)
    g = _conv_geometry(rng, 4 + seed)
    x, w = _float64(rng, g["shape"], device), _float64(rng, g["w"], device)
    b = _float64(rng, g["w"][:1], device) if bias else None
    return x, w, b, g["stride"], g["padding"]


def _pool_inputs(device: str, seed: int) -> tuple:
    """Inputs for gradcheck of max pooling (distinct values: no ties for finite differences)."""
    rng = np.random.default_rng(seed)
    g = _pool_geometry(rng, seed)
    return _float64(rng, g["shape"], device), g["kernel_size"], g["stride"]


def _must_call(names: tuple[str, ...], run: Callable[[], Any], message: str) -> None:
    """CheckFailure(message) unless ``run()`` calls every reference in ``names``."""
    before = {name: CALLS[name] for name in names}
    run()
    if any(CALLS[name] == before[name] for name in names):
        raise CheckFailure(message)


def _first_case(grade_id: str, cls: Any) -> Callable[[], Any]:
    """Run the grade id's first visible case through the check's harness."""
    first = visible.CASES[grade_id][0]
    return lambda: report.HARNESSES[first.call](cls)(*first.args, **first.kwargs)


def _conv_extra(cls: Any) -> None:
    sourcecheck.check_names("Conv2dFunction", cls, CONV_OPS, visible.RULE_CONV)
    _no_autograd_inside("Conv2dFunction", cls)
    _gradchecks("Conv2dFunction", cls, lambda device, seed: _conv_inputs(device, seed, seed != 1))


def _pool_extra(cls: Any) -> None:
    sourcecheck.check_names("MaxPool2dFunction", cls, POOL_OPS, visible.RULE_POOL)
    _no_autograd_inside("MaxPool2dFunction", cls)
    _gradchecks("MaxPool2dFunction", cls, _pool_inputs)


def _conv_module_extra(cls: Any) -> None:
    sourcecheck.check_names(
        "MyConv2d", cls, CONV_OPS, visible.RULE_CONV_MODULE, ignore=("Conv2dFunction",)
    )
    _must_call(("Conv2dFunction",), _first_case("conv2d_module", cls), visible.MUST_CALL_CONV)


def _pool_module_extra(cls: Any) -> None:
    sourcecheck.check_names(
        "MyMaxPool2d", cls, POOL_OPS, visible.RULE_POOL_MODULE, ignore=("MaxPool2dFunction",)
    )
    _must_call(("MaxPool2dFunction",), _first_case("maxpool2d_module", cls), visible.MUST_CALL_POOL)


def _bridge_extra(cls: Any) -> None:
    layer = ("numpy_conv_forward", "numpy_conv_backward")
    sourcecheck.check_names("NumpyConv2dFunction", cls, CONV_OPS, visible.RULE_BRIDGE, ignore=layer)
    _no_autograd_inside("NumpyConv2dFunction", cls, ignore=layer)
    _must_call(layer, _first_case("numpy_bridge", cls), visible.MUST_CALL_NUMPY)
    _gradchecks("NumpyConv2dFunction", cls, lambda device, seed: _conv_inputs(device, seed, True))


EXTRA_CHECKS: dict[str, Callable[..., None]] = {
    "conv2d_function": _conv_extra,
    "maxpool2d_function": _pool_extra,
    "conv2d_module": _conv_module_extra,
    "maxpool2d_module": _pool_module_extra,
    "numpy_bridge": _bridge_extra,
}
"""Source checks (no PyTorch convolution or pooling, no autograd in backward), the modules and
the bridge call their parts, gradcheck in float64 on the CPU (and the GPU)."""
