"""The cnn notebook's instructor side: references, mistakes, random cases.

Registered in :mod:`autograder.tasks` (see its docstring for what each name means).

The references compute with PyTorch in float64:

- spatial batch norm: ``F.batch_norm`` (which also updates the running statistics, with the
  unbiased variance) and autograd through it in training mode;
- ThreeLayerConvNet: the same network written with ``F.conv2d``, ``F.relu``, ``F.max_pool2d``,
  matrix products and ``F.cross_entropy``, its gradients by autograd. A case of the class is
  ``(X, y, params)`` plus the constructor's keyword arguments, and the reference returns what the
  check's harness returns for the student's class: ``(scores, loss, grads['W1'], ...,
  grads['b3'])``;
- to_fully_convolutional: the conv weights that reproduce an affine layer are its Jacobian with
  respect to the (F, H_pool, W_pool) volume it reads (``torch.func.jacrev``), so no reshape or
  transpose of the solution is repeated here.

The solution notebook is never the reference. The ``*_mistakes`` functions compute what
well-known wrong implementations return, as ``(likely cause, wrong result)`` pairs, so that a
failing hidden test can name the mistake.

ThreeLayerConvNet is graded on its own: it is built from the given fast layers of cnnlab.layers
(ALLOWED_MODULES), never from the student's earlier convolution, so a wrong conv_forward_naive
costs this notebook nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812 (the usual name)

from autograder.tasks import case, random_array
from autograder.torchref import numpy as _np
from autograder.torchref import tensor as _t
from cnnlab.checks import Case
from cnnlab.checks import cnn as visible
from cnnlab.checks.cnn import PARAM_NAMES, BNCache, BNParam, Net, Params

NOTEBOOK = "cnn"
"""solutions/numpy_cnn/cnn.ipynb."""

NUMPY_ONLY = True
"""Graded functions use NumPy only (no torch, scipy, cnnlab or autograder), but ALLOWED_MODULES."""

ALLOWED_MODULES: dict[str, tuple[str, ...]] = {"ThreeLayerConvNet": ("cnnlab.layers",)}
"""The network is built from the given fast layers (so that it does not depend on the student's
earlier convolution); the batch norm and to_fully_convolutional stay NumPy only."""

Mistakes = list[tuple[str, Any]]


# --- spatial_batchnorm_forward ------------------------------------------------------------------


def _check_bn(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, bn_param: dict) -> None:
    """ValueError for a bad shape, an unknown mode, or one value per channel in train mode."""
    if x.ndim != 4:
        raise ValueError(f"x must have shape (N, C, H, W), got {x.shape}")
    C = x.shape[1]
    if gamma.shape != (C,) or beta.shape != (C,):
        raise ValueError(f"gamma {gamma.shape} and beta {beta.shape} must be ({C},)")
    if bn_param["mode"] not in ("train", "test"):
        raise ValueError(f"unknown mode {bn_param['mode']!r}")
    if bn_param["mode"] == "train" and x.size // C < 2:
        raise ValueError(f"train mode needs more than one value per channel, x {x.shape}")


def _running(bn_param: dict, C: int) -> tuple[np.ndarray, np.ndarray]:
    """Copies of the running statistics in bn_param, or the defaults zeros(C) and ones(C)."""
    mean = np.array(bn_param.get("running_mean", np.zeros(C)), dtype=np.float64)
    var = np.array(bn_param.get("running_var", np.ones(C)), dtype=np.float64)
    return mean, var


def _batch_norm(
    x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, bn_param: dict
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """``F.batch_norm`` in float64: (out, after), after = the state the check expects.

    ``after`` holds the running statistics after the call (PyTorch updates them in place) and
    the mean and biased variance that normalised x (the running statistics in test mode).
    bn_param itself is not changed.
    """
    _check_bn(x, gamma, beta, bn_param)
    train = bn_param["mode"] == "train"
    eps, momentum = bn_param.get("eps", 1e-5), bn_param.get("momentum", 0.1)
    mean, var = _running(bn_param, x.shape[1])
    running_mean, running_var = _t(mean), _t(var)
    xt = _t(x)
    out = F.batch_norm(
        xt, running_mean, running_var, _t(gamma), _t(beta), train, momentum=momentum, eps=eps
    )
    if train:
        batch_var, batch_mean = torch.var_mean(xt, dim=(0, 2, 3), unbiased=False)
        mean, var = _np(batch_mean), _np(batch_var)
    after = {
        "running_mean": _np(running_mean),
        "running_var": _np(running_var),
        "mean": mean,
        "var": var,
    }
    return _np(out), after


def spatial_batchnorm_forward(
    x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, bn_param: dict
) -> tuple[np.ndarray, BNCache]:
    """``F.batch_norm`` in float64 -> (out in x's dtype, cache (x, gamma, mean, var, eps))."""
    out, after = _batch_norm(x, gamma, beta, bn_param)
    cache = BNCache((x, gamma, after["mean"], after["var"], bn_param.get("eps", 1e-5)))
    return out.astype(x.dtype), cache


def bn_state(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, bn_param: dict) -> dict:
    """What bn_param and the cache must hold after the forward pass (BNParam.after)."""
    return _batch_norm(x, gamma, beta, bn_param)[1]


def bn_state_mistakes(
    x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, bn_param: dict
) -> list[tuple[str, dict[str, np.ndarray]]]:
    """The running statistics that well-known mistakes leave in bn_param (train mode only).

    Biased running variance, momentum the wrong way round, nothing stored (the old or the default
    statistics stay), and a default running variance of zeros.
    """
    if bn_param["mode"] != "train":
        return []
    C = x.shape[1]
    M = x.size // C
    momentum = bn_param.get("momentum", 0.1)
    old_mean, old_var = _running(bn_param, C)
    after = bn_state(x, gamma, beta, bn_param)
    mean, var = after["mean"], after["var"]
    unbiased = var * M / (M - 1)
    keep = {"running_mean": old_mean, "running_var": old_var}
    mistakes = [
        (
            visible.BN_BIASED_RUNNING,
            {**after, "running_var": (1 - momentum) * old_var + momentum * var},
        ),
        (
            visible.BN_MOMENTUM_SWAPPED,
            {
                "running_mean": momentum * old_mean + (1 - momentum) * mean,
                "running_var": momentum * old_var + (1 - momentum) * unbiased,
            },
        ),
        (visible.BN_NOT_STORED, keep),
    ]
    if "running_var" not in bn_param:
        mistakes.append((visible.BN_DEFAULT_STATS, {**after, "running_var": momentum * unbiased}))
    return mistakes


def _normalised(
    x: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    mean: np.ndarray,
    var: np.ndarray,
    eps: float,
    *,
    outside: bool = False,
) -> np.ndarray:
    """The normalised x: gamma * (x - mean) / sqrt(var + eps) + beta, per channel."""
    shape = (1, -1, 1, 1)
    std = np.sqrt(var) + eps if outside else np.sqrt(var + eps)
    return gamma.reshape(shape) * (x - mean) / std + beta.reshape(shape)


def spatial_batchnorm_forward_mistakes(
    x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, bn_param: dict
) -> Mistakes:
    """The out of eps outside the root, unbiased normalisation, batch stats in test mode, ..."""
    _check_bn(x, gamma, beta, bn_param)
    C = x.shape[1]
    x = x.astype(np.float64)
    eps = bn_param.get("eps", 1e-5)
    r = (1, C, 1, 1)
    batch_mean = x.mean(axis=(0, 2, 3)).reshape(r)
    batch_var = x.var(axis=(0, 2, 3)).reshape(r)
    if bn_param["mode"] == "train":
        mean, var = batch_mean, batch_var
    else:
        running_mean, running_var = _running(bn_param, C)
        mean, var = running_mean.reshape(r), running_var.reshape(r)
    mistakes = [
        (visible.BN_EPS_OUTSIDE, _normalised(x, gamma, beta, mean, var, eps, outside=True)),
        (visible.BN_GAMMA_BETA_SWAPPED, _normalised(x, beta, gamma, mean, var, eps)),
    ]
    if bn_param["mode"] == "train":
        unbiased = x.var(axis=(0, 2, 3), ddof=1).reshape(r)
        per_pixel = x.mean(axis=0), x.var(axis=0)  # (C, H, W): batch norm of a vector
        per_image = x.mean(axis=(2, 3), keepdims=True), x.var(axis=(2, 3), keepdims=True)
        mistakes += [
            (visible.BN_UNBIASED_NORMALISED, _normalised(x, gamma, beta, mean, unbiased, eps)),
            (visible.BN_AXES, _normalised(x, gamma, beta, *per_pixel, eps)),
            (visible.BN_AXES, _normalised(x, gamma, beta, *per_image, eps)),
        ]
    else:
        mistakes.append(
            (visible.BN_TEST_USES_BATCH, _normalised(x, gamma, beta, batch_mean, batch_var, eps))
        )
        if "running_var" not in bn_param:
            zeros = np.zeros(r)
            mistakes.append(
                (visible.BN_DEFAULT_STATS, _normalised(x, gamma, beta, mean, zeros, eps))
            )
    return mistakes


# --- spatial_batchnorm_backward -----------------------------------------------------------------


def spatial_batchnorm_backward(
    dout: np.ndarray, cache: tuple[Any, ...]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(dx, dgamma, dbeta) of ``F.batch_norm(training=True)`` by autograd, in float64.

    The cache's mean and var are the batch statistics of its x (the forward pass's contract);
    PyTorch recomputes them from x.
    """
    x, gamma, _, _, eps = cache
    if dout.shape != x.shape:
        raise ValueError(f"dout {dout.shape} must have the shape of x {x.shape}")
    xt, gt = _t(x).requires_grad_(), _t(gamma).requires_grad_()
    bt = torch.zeros(x.shape[1], dtype=torch.float64, requires_grad=True)
    out = F.batch_norm(xt, None, None, gt, bt, training=True, eps=eps)
    dx, dgamma, dbeta = torch.autograd.grad(out, (xt, gt, bt), _t(dout))
    return _np(dx), _np(dgamma), _np(dbeta)


def spatial_batchnorm_backward_mistakes(dout: np.ndarray, cache: tuple[Any, ...]) -> Mistakes:
    """Sums over wrong axes, x for x_hat, missing mean/variance terms, gamma forgotten."""
    x, gamma, mean, var, eps = (np.asarray(v, dtype=np.float64) for v in cache)
    dout = dout.astype(np.float64)
    r = (1, -1, 1, 1)
    std = np.sqrt(var + eps).reshape(r)
    x_hat = (x - mean.reshape(r)) / std
    dx, dgamma, dbeta = spatial_batchnorm_backward(dout, cache)
    dx_hat = dout * gamma.reshape(r)
    m_dx_hat = dx_hat.mean(axis=(0, 2, 3), keepdims=True)
    m_dx_hat_x_hat = (dx_hat * x_hat).mean(axis=(0, 2, 3), keepdims=True)
    no_gamma = (dout - dout.mean(axis=(0, 2, 3), keepdims=True)
                - x_hat * (dout * x_hat).mean(axis=(0, 2, 3), keepdims=True)) / std  # fmt: skip
    return [
        (visible.BN_DGAMMA_AXES, (dx, (dout * x_hat).sum(axis=0), dbeta)),
        (visible.BN_DBETA_AXES, (dx, dgamma, dout.sum(axis=0))),
        (visible.BN_DGAMMA_X, (dx, (dout * x).sum(axis=(0, 2, 3)), dbeta)),
        (visible.BN_MEAN_TERM, ((dx_hat - x_hat * m_dx_hat_x_hat) / std, dgamma, dbeta)),
        (visible.BN_VAR_TERM, ((dx_hat - m_dx_hat) / std, dgamma, dbeta)),
        (visible.BN_STATS_CONSTANT, (dx_hat / std, dgamma, dbeta)),
        (visible.BN_GAMMA_FORGOTTEN, (no_gamma, dgamma, dbeta)),
    ]


# --- ThreeLayerConvNet --------------------------------------------------------------------------


def _net(
    X: np.ndarray,
    y: np.ndarray,
    params: dict[str, np.ndarray],
    reg: float,
    *,
    relu_mask: bool = True,
    loss_terms: tuple[str, ...] = ("W1", "W2", "W3"),
    loss_factor: float = 0.5,
    grad_terms: tuple[str, ...] = ("W1", "W2", "W3"),
    grad_factor: float = 1.0,
) -> tuple[np.ndarray, ...]:
    """(scores, loss, dW1, db1, dW2, db2, dW3, db3) of the network in float64 PyTorch.

    conv (stride 1, padding (filter_size - 1) // 2) - relu - max pool 2x2 - affine - relu -
    affine - mean cross-entropy. The regularisation is ``loss_factor * reg * sum(P**2)`` over
    ``loss_terms`` in the loss and ``grad_factor * reg * P`` over ``grad_terms`` in the
    gradients (the defaults are the contract); without ``relu_mask`` the hidden ReLU passes the
    gradient everywhere (its forward pass is unchanged).
    """
    params = {name: np.asarray(value, dtype=np.float64) for name, value in params.items()}
    p = {name: _t(value).requires_grad_() for name, value in params.items()}
    filter_size = params["W1"].shape[2]
    a = F.conv2d(_t(X), p["W1"], p["b1"], padding=(filter_size - 1) // 2)
    pooled = F.max_pool2d(F.relu(a), 2, 2)
    z = pooled.reshape(X.shape[0], -1) @ p["W2"] + p["b2"]
    hidden = F.relu(z) if relu_mask else z + (F.relu(z) - z).detach()
    scores = hidden @ p["W3"] + p["b3"]
    data_loss = F.cross_entropy(scores, torch.as_tensor(np.asarray(y), dtype=torch.long))
    grads = torch.autograd.grad(data_loss, [p[name] for name in PARAM_NAMES])
    grads = [
        _np(g) + (grad_factor * reg * params[name] if name in grad_terms else 0.0)
        for name, g in zip(PARAM_NAMES, grads, strict=True)
    ]
    reg_loss = loss_factor * reg * sum(float(np.sum(params[n] ** 2)) for n in loss_terms)
    return (_np(scores), np.float64(float(data_loss.detach()) + reg_loss), *grads)


def ThreeLayerConvNet(  # noqa: N802 (named like the graded class)
    X: np.ndarray, y: np.ndarray, params: dict[str, np.ndarray], *, reg: float = 0.0, **init: Any
) -> tuple[np.ndarray, ...]:
    """What a case of the class returns: (scores, loss, grads['W1'], ..., grads['b3'])."""
    return _net(X, y, params, reg)


def ThreeLayerConvNet_mistakes(  # noqa: N802
    X: np.ndarray, y: np.ndarray, params: dict[str, np.ndarray], *, reg: float = 0.0, **init: Any
) -> Mistakes:
    """Regularisation slips (no 0.5, biases, no gradient, none at all) and the lost ReLU mask."""
    everything = PARAM_NAMES
    return [
        (visible.NET_REG_NO_HALF, _net(X, y, params, reg, loss_factor=1.0)),
        (visible.NET_REG_NO_HALF, _net(X, y, params, reg, loss_factor=1.0, grad_factor=2.0)),
        (
            visible.NET_REG_BIASES,
            _net(X, y, params, reg, loss_terms=everything, grad_terms=everything),
        ),
        (visible.NET_REG_GRAD_MISSING, _net(X, y, params, reg, grad_terms=())),
        (visible.NET_REG_FORGOTTEN, _net(X, y, params, reg, loss_terms=(), grad_terms=())),
        (visible.NET_RELU_MASK, _net(X, y, params, reg, relu_mask=False)),
    ]


# --- to_fully_convolutional ---------------------------------------------------------------------


def _pool_size(net: Any) -> tuple[int, int]:
    """(H_pool, W_pool): the size of the pooled volume that W2 reads."""
    _, H, W = net.input_dim
    filter_size = net.params["W1"].shape[2]
    padding = (filter_size - 1) // 2
    return (H + 2 * padding - filter_size + 1) // 2, (W + 2 * padding - filter_size + 1) // 2


def _as_conv(w: np.ndarray, volume: tuple[int, int, int]) -> np.ndarray:
    """The filters of the convolution that computes ``flatten(v) @ w`` from a volume v.

    A convolution whose filters cover the whole volume computes, for filter k, the sum over
    (f, i, j) of filter[k, f, i, j] * v[f, i, j]: its filters are the Jacobian of the affine map
    with respect to v, of shape (outputs, *volume).
    """
    wt = _t(w)
    affine = lambda v: v.reshape(-1) @ wt  # noqa: E731 (one line)
    jac = torch.func.jacrev(affine)(torch.zeros(volume, dtype=torch.float64))
    return _np(jac)


def to_fully_convolutional(net: Any) -> tuple[np.ndarray, ...]:
    """(W1, b1, W2, b2, W3, b3) of the equivalent fully convolutional network (float64)."""
    params = net.params
    H_pool, W_pool = _pool_size(net)
    F_ = params["W1"].shape[0]
    hidden_dim = params["W3"].shape[0]
    W2 = _as_conv(params["W2"], (F_, H_pool, W_pool))  # (hidden_dim, F, H_pool, W_pool)
    W3 = _as_conv(params["W3"], (hidden_dim, 1, 1))  # (num_classes, hidden_dim, 1, 1)
    return (
        np.array(params["W1"], dtype=np.float64),
        np.array(params["b1"], dtype=np.float64),
        W2,
        np.array(params["b2"], dtype=np.float64),
        W3,
        np.array(params["b3"], dtype=np.float64),
    )


def to_fully_convolutional_mistakes(net: Any) -> Mistakes:
    """W2 not transposed, (h, w, f) order, W3 not transposed, flipped, H/W swapped, biases."""
    params = {name: np.asarray(v, dtype=np.float64) for name, v in net.params.items()}
    W1, b1, W2, b2, W3, b3 = to_fully_convolutional(net)
    H_pool, W_pool = _pool_size(net)
    F_ = params["W1"].shape[0]
    hidden_dim, num_classes = params["W3"].shape
    w2 = params["W2"]
    return [
        (visible.FC_NO_TRANSPOSE, (W1, b1, w2.reshape(hidden_dim, F_, H_pool, W_pool), b2, W3, b3)),
        (
            visible.FC_HWF_ORDER,
            (
                W1,
                b1,
                w2.T.reshape(hidden_dim, H_pool, W_pool, F_).transpose(0, 3, 1, 2),
                b2,
                W3,
                b3,
            ),
        ),
        (
            visible.FC_W3_NOT_TRANSPOSED,
            (W1, b1, W2, b2, params["W3"].reshape(num_classes, hidden_dim, 1, 1), b3),
        ),
        (visible.FC_FLIPPED, (W1, b1, W2[:, :, ::-1, ::-1], b2, W3, b3)),
        (visible.FC_HW_SWAPPED, (W1, b1, w2.T.reshape(hidden_dim, F_, W_pool, H_pool), b2, W3, b3)),
        (visible.FC_BIAS_SHAPE, (W1, b1, W2, b2.reshape(hidden_dim, 1, 1), W3, b3)),
        (visible.FC_BIAS_SHAPE, (W1, b1, W2, b2, W3, b3.reshape(num_classes, 1, 1))),
    ]


REFERENCES: dict[str, Any] = {
    name: globals()[name] for names in visible.FUNCTIONS.values() for name in names
}
"""Reference implementation of every graded function (for the class: of one case), by name."""

MISTAKES: dict[str, Any] = {name: globals()[f"{name}_mistakes"] for name in REFERENCES}
"""``name -> function(*args, **kwargs) -> [(likely cause, wrong result), ...]``."""

SUBSTITUTES: dict[str, tuple[str, ...]] = {}
"""No graded part calls another: the backward cases build their cache themselves, the network
uses the given layers, and to_fully_convolutional gets a network made by the check."""

SAME_DTYPE = ("spatial_batchnorm_forward",)
"""float32 in, float32 out (the forward pass's out)."""


# --- hidden tests: randomised cases ------------------------------------------------------------


def _bn_param(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, values: dict) -> BNParam:
    """A case's bn_param, holding the state the check expects after the call and its mistakes."""
    try:
        after = bn_state(x, gamma, beta, values)
    except ValueError:  # a case that must raise
        return BNParam(values)
    return BNParam(values, after, tuple(bn_state_mistakes(x, gamma, beta, values)))


def _channels(rng: np.random.Generator, shape: tuple[int, ...], f32: bool) -> np.ndarray:
    """Random values with a different mean and spread per channel (some spreads tiny)."""
    C = shape[1]
    scale = np.exp(rng.uniform(-4, 1.5, size=(1, C, 1, 1)))
    shift = rng.uniform(-3, 3, size=(1, C, 1, 1))
    return (rng.standard_normal(shape) * scale + shift).astype(np.float32 if f32 else np.float64)


def _bn_shape(rng: np.random.Generator) -> tuple[int, int, int, int]:
    """A random (N, C, H, W), rectangular, with at least two values per channel."""
    while True:
        N, C, H, W = (int(v) for v in rng.integers(1, [5, 5, 6, 6]))
        if N * H * W >= 2:
            return N, C, H, W


def _bn_forward_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    name = "spatial_batchnorm_forward"
    cases = []
    for k in range(16):
        f32 = k % 2 == 1
        shape = _bn_shape(rng)
        C = shape[1]
        x = _channels(rng, shape, f32)
        gamma, beta = random_array(rng, (C,), f32), random_array(rng, (C,), f32)
        values: dict[str, Any] = {"mode": "test" if k % 3 == 2 else "train"}
        if k % 4 in (1, 2):
            values["eps"] = float(rng.choice([1e-3, 0.1, 0.5]))
        if k % 5 in (0, 3):
            values["momentum"] = float(rng.choice([0.3, 0.5, 0.9]))
        if k % 4 != 3:
            dtype = np.float32 if f32 else np.float64
            values["running_mean"] = rng.uniform(-2, 2, C).astype(dtype)
            values["running_var"] = rng.uniform(0.2, 3, C).astype(dtype)
        cases.append(case(name, x, gamma, beta, _bn_param(x, gamma, beta, values)))
    x = _channels(rng, (2, 3, 2, 3), False)
    gamma, beta = random_array(rng, (3,), False), random_array(rng, (3,), False)
    for values, note in [
        ({"mode": "test"}, "test mode before any training: the default running statistics"),
        ({"mode": "train"}, "the first training step: running statistics created"),
        ({"mode": "eval"}, "an unknown mode"),
    ]:
        cases.append(case(name, x, gamma, beta, _bn_param(x, gamma, beta, values), note=note))
    x1 = _channels(rng, (1, 2, 1, 1), False)
    cases.append(
        case(
            name, x1, gamma[:2], beta[:2], BNParam({"mode": "train"}), note="one value per channel"
        )
    )
    cases.append(case(name, x, gamma[:2], beta, BNParam({"mode": "train"}), note="gamma (2,)"))
    return cases


def _bn_backward_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(14):
        f32 = k % 2 == 1
        shape = _bn_shape(rng)
        x = _channels(rng, shape, f32)
        gamma = random_array(rng, (shape[1],), f32)
        eps = float(rng.choice([1e-5, 1e-3, 0.1]))
        mean = x.astype(np.float64).mean(axis=(0, 2, 3)).astype(x.dtype)
        var = x.astype(np.float64).var(axis=(0, 2, 3)).astype(x.dtype)
        dout = random_array(rng, shape, f32)
        cache = BNCache((x, gamma, mean, var, eps))
        cases.append(case("spatial_batchnorm_backward", dout, cache))
    return cases


def _net_case(rng: np.random.Generator, k: int) -> tuple[str, Case]:
    """A random small network (rectangular input, filter sizes 1..5, odd and even) and batch."""
    f32 = k % 2 == 1
    filter_size = 1 + k % 5
    N, C, F_ = (int(v) for v in rng.integers(1, [4, 4, 5]))
    F_ = max(F_, 2)
    H, W = (int(v) for v in rng.integers(4, 10, size=2))
    hidden_dim, num_classes = int(rng.integers(2, 7)), int(rng.integers(2, 6))
    padding = (filter_size - 1) // 2
    H_pool = (H + 2 * padding - filter_size + 1) // 2
    W_pool = (W + 2 * padding - filter_size + 1) // 2
    shapes = {
        "W1": (F_, C, filter_size, filter_size), "b1": (F_,),
        "W2": (F_ * H_pool * W_pool, hidden_dim), "b2": (hidden_dim,),
        "W3": (hidden_dim, num_classes), "b3": (num_classes,),
    }  # fmt: skip
    fan_in = {"W1": C * filter_size**2, "W2": F_ * H_pool * W_pool, "W3": hidden_dim}
    dtype = np.float32 if f32 else np.float64
    params = Params()
    for name, shape in shapes.items():  # weights for outputs of about unit variance
        scale = 1.5 / np.sqrt(fan_in[name]) if name in fan_in else 0.3
        params[name] = (scale * rng.standard_normal(shape)).astype(dtype)
    X = random_array(rng, (N, C, H, W), f32)
    y = rng.integers(0, num_classes, size=N)
    init = {
        "input_dim": (C, H, W), "num_filters": F_, "filter_size": filter_size,
        "hidden_dim": hidden_dim, "num_classes": num_classes,
        "weight_scale": float(rng.choice([1e-3, 1e-2, 0.05, 0.1])),
        "reg": 0.0 if k % 3 == 0 else round(float(rng.uniform(0.1, 1.0)), 3),
        "dtype": np.dtype(dtype),
    }  # fmt: skip
    return case("ThreeLayerConvNet", X, y, params, note=visible.NET_NOTE, **init)


def _net_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    return [_net_case(rng, k) for k in range(12)]


def _fc_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(12):
        f32 = k % 2 == 1
        filter_size = 1 + k % 5
        C, F_ = int(rng.integers(1, 4)), int(rng.integers(2, 5))
        hidden_dim, num_classes = int(rng.integers(2, 6)), int(rng.integers(2, 5))
        while True:
            H, W = (int(v) for v in rng.integers(3, 10, size=2))
            net = Net({"W1": np.zeros((F_, C, filter_size, filter_size))}, (C, H, W))
            H_pool, W_pool = _pool_size(net)
            if H_pool != W_pool and min(H_pool, W_pool) >= 1:
                break
        shapes = {
            "W1": (F_, C, filter_size, filter_size), "b1": (F_,),
            "W2": (F_ * H_pool * W_pool, hidden_dim), "b2": (hidden_dim,),
            "W3": (hidden_dim, num_classes), "b3": (num_classes,),
        }  # fmt: skip
        params = {name: random_array(rng, shape, f32) for name, shape in shapes.items()}
        cases.append(case("to_fully_convolutional", Net(params, (C, H, W))))
    return cases


GENERATORS: dict[str, Callable[[np.random.Generator], list[tuple[str, Case]]]] = {
    "spatial_batchnorm_forward": _bn_forward_cases,
    "spatial_batchnorm_backward": _bn_backward_cases,
    "ThreeLayerConvNet": _net_cases,
    "to_fully_convolutional": _fc_cases,
}
"""Randomised hidden cases of every grade id (the same on every run)."""
