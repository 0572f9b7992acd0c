"""Visible checks for the cnn notebook: spatial batch norm, a three-layer net, fully convolutional.

Each graded cell has one check here, named like its grade id, for example::

    checks.spatial_batchnorm_forward(spatial_batchnorm_forward)
    checks.ThreeLayerConvNet(ThreeLayerConvNet)

It runs a few small cases whose expected results are written below as literals (computed once
with PyTorch in float64; tests/test_cnn.py re-derives every one of them) and prints
``"<grade_id>: all N visible checks passed."``. When something is wrong it raises
:class:`CheckFailure` with a message that says which case failed, what was expected and what
came back, the first wrong entry and, when the wrong answer looks like a well-known mistake,
the likely cause.

How the cases call your code:

- ``spatial_batchnorm_forward(x, gamma, beta, bn_param)``: besides ``out``, the check reads
  ``bn_param`` after the call (the new running statistics) and the cache
  ``(x, gamma, mean, var, eps)``.
- ``spatial_batchnorm_backward(dout, cache)``: the check builds the cache itself, so a wrong
  forward pass does not fail the backward check.
- ``ThreeLayerConvNet``: a case builds ``net = ThreeLayerConvNet(**kwargs)``, checks its
  initial parameters (keys, shapes, dtype, zero biases, weights of standard deviation
  ``weight_scale``), puts the case's weights into ``net.params``, then compares
  ``scores = net.loss(X)`` and ``loss, grads = net.loss(X, y)`` with PyTorch's.
- ``to_fully_convolutional(net)``: ``net`` has the two attributes the function reads,
  ``params`` and ``input_dim``.

Symbols: N, C, H, W (input), F filters, M = N * H * W values per channel; layout NCHW.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from cnnlab.checks.report import RAISES, Case, CheckFailure, assert_close, describe, public
from cnnlab.checks.report import Cache as BaseCache
from cnnlab.checks.report import literal as _a

# Likely causes. The same sentences name a mistake in the visible checks, in the hidden tests and in
# the mutant catalogue of the autograder.

# spatial_batchnorm_forward: out
BN_EPS_OUTSIDE = "eps is added outside the square root: x_hat = (x - mean) / sqrt(var + eps)"
BN_UNBIASED_NORMALISED = (
    "the batch is normalised with the unbiased variance (ddof=1): normalise with the biased"
    " variance x.var(axis=(0, 2, 3)), divided by M = N * H * W; only the running variance uses"
    " the unbiased one"
)
BN_TEST_USES_BATCH = (
    "test mode normalises with the statistics of the batch: in test mode use running_mean and"
    " running_var from bn_param"
)
BN_AXES = (
    "the mean and variance are taken over the wrong axes: spatial batch norm has one mean and"
    " one variance per channel, over the N * H * W values of axes (0, 2, 3)"
)
BN_GAMMA_BETA_SWAPPED = "gamma and beta are swapped: out = gamma * x_hat + beta"
BN_DEFAULT_STATS = (
    "missing running statistics must start at running_mean = np.zeros(C) and running_var ="
    " np.ones(C)"
)
# spatial_batchnorm_forward: bn_param after the call
BN_BIASED_RUNNING = (
    "the running variance is updated with the biased batch variance: PyTorch uses the unbiased"
    " one, var * M / (M - 1) with M = N * H * W"
)
BN_MOMENTUM_SWAPPED = (
    "momentum is applied the wrong way round: running = (1 - momentum) * running + momentum *"
    " batch (PyTorch's convention: momentum=0.1 keeps 90% of the old value)"
)
BN_NOT_STORED = (
    'the running statistics are not stored in bn_param: set bn_param["running_mean"] and'
    ' bn_param["running_var"] to the new values'
)
BN_TEST_UPDATES = "test mode must not change the running statistics in bn_param"
BN_CACHE = (
    "the cache must be (x, gamma, mean, var, eps): the mean and the biased variance used to"
    " normalise (the running statistics in test mode) and eps"
)
# spatial_batchnorm_backward
BN_DGAMMA_AXES = (
    "dgamma is summed over the wrong axes: sum dout * x_hat over the batch and both spatial"
    " axes, axis=(0, 2, 3), one value per channel"
)
BN_DBETA_AXES = (
    "dbeta is summed over the wrong axes: sum dout over axis=(0, 2, 3), one value per channel"
)
BN_DGAMMA_X = (
    "dgamma multiplies dout by x instead of x_hat: out = gamma * x_hat + beta, so dgamma ="
    " sum(dout * x_hat)"
)
BN_MEAN_TERM = (
    "the gradient through the batch mean is missing: every input moves the mean, subtract"
    " mean(dx_hat) over the channel's M values"
)
BN_VAR_TERM = (
    "the gradient through the batch variance is missing: every input moves the variance,"
    " subtract x_hat * mean(dx_hat * x_hat)"
)
BN_STATS_CONSTANT = (
    "the batch statistics are treated as constants: dx = dout * gamma / std ignores that the"
    " mean and the variance depend on x"
)
BN_GAMMA_FORGOTTEN = "gamma is missing from dx: the gradient with respect to x_hat is dout * gamma"
# ThreeLayerConvNet
NET_REG_NO_HALF = (
    "the regularisation lacks the factor 0.5: loss = data loss + 0.5 * reg * sum(W**2), whose"
    " gradient is reg * W"
)
NET_REG_BIASES = "the biases are regularised too: the L2 term covers the weights W1, W2, W3 only"
NET_REG_GRAD_MISSING = (
    "the gradient of the regularisation is missing: add reg * W to the gradient of W1, W2 and W3"
)
NET_REG_FORGOTTEN = (
    "the regularisation is missing: add 0.5 * reg * sum(W**2) to the loss and reg * W to the"
    " gradients (with reg = self.reg)"
)
NET_RELU_MASK = (
    "the ReLU of the hidden layer is missing from the backward pass: the gradient is zero where"
    " the hidden activation was negative (layers.affine_relu_backward, not affine_backward)"
)
NET_W2_SHAPE = (
    "W2 must have F * H_pool * W_pool rows: the convolution (stride 1, padding"
    " (filter_size - 1) // 2) gives H + 2 * padding - filter_size + 1 rows, and the 2x2 pooling"
    " halves them, rounding down"
)
NET_DTYPE = (
    "the parameters must have the dtype given to the constructor: convert every one with"
    " .astype(dtype)"
)
NET_DTYPE_LOST = (
    "the loss changed the dtype: with float32 parameters and inputs, the scores and every"
    " gradient must stay float32 (create new arrays with dtype=X.dtype, or not at all)"
)
NET_INIT_SCALE = (
    "the weights must be drawn from a normal distribution with mean 0 and standard deviation"
    " weight_scale: np.random.normal(0.0, weight_scale, shape)"
)
NET_BIASES_ZERO = "the biases must start at zero: np.zeros(...)"
NET_KEYS = "net.params must be a dict with the keys W1, b1, W2, b2, W3, b3"
NET_GRADS = "net.loss(X, y) must return a pair (loss, grads), grads a dict with the keys of params"
# to_fully_convolutional
FC_NO_TRANSPOSE = (
    "W2 is reshaped without transposing it: column h of W2 holds the weights of hidden unit h,"
    " so filter h is W2[:, h] reshaped, W2.T.reshape(hidden_dim, F, H_pool, W_pool)"
)
FC_HWF_ORDER = (
    "W2's rows are read in (H_pool, W_pool, F) order: the pooled volume was flattened in"
    " (F, H_pool, W_pool) order (NCHW), so reshape to (hidden_dim, F, H_pool, W_pool) directly"
)
FC_W3_NOT_TRANSPOSED = (
    "W3 is not transposed: the 1x1 filters are the columns of W3,"
    " W3.T.reshape(num_classes, hidden_dim, 1, 1)"
)
FC_FLIPPED = (
    "the filters are flipped: the layers compute a cross-correlation (no kernel flip), so the"
    " weights keep their order"
)
FC_HW_SWAPPED = (
    "H_pool and W_pool are swapped: the filters of W2 have H_pool rows and W_pool columns"
)
FC_BIAS_SHAPE = (
    "the biases keep their shapes: a convolution has one bias per filter, shape (F,), as an"
    " affine layer has one per output"
)
FC_CHANGED_NET = (
    "to_fully_convolutional changed net.params: build new arrays and leave the network as it is"
)

PARAM_NAMES = ("W1", "b1", "W2", "b2", "W3", "b3")
WEIGHT_NAMES = ("W1", "W2", "W3")


def _same_dict(a: dict, b: object) -> bool:
    """Whether two dicts hold the same keys and values (arrays compared entry by entry)."""
    if not isinstance(b, dict) or set(a) != set(b):
        return False
    for key, value in a.items():
        if isinstance(value, np.ndarray) or isinstance(b[key], np.ndarray):
            if not (np.shape(value) == np.shape(b[key]) and np.array_equal(value, b[key])):
                return False
        elif value != b[key]:
            return False
    return True


class ShownDict(dict):
    """A plain dict for your code that compares arrays entry by entry and shows them by shape.

    ``{'mode': 'train', 'eps': 1e-05, running_mean: (2,)}``, ``{W1: (2, 1, 3, 3), b1: (2,)}``.
    """

    def __eq__(self, other: object) -> bool:
        """Equal keys and values (arrays compared entry by entry)."""
        return _same_dict(self, other)

    def __ne__(self, other: object) -> bool:
        """Not __eq__ (dict's own __ne__ would compare arrays with ==)."""
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        """Arrays by shape (and dtype unless float64), other values as they are."""
        parts = []
        for key, value in self.items():
            if isinstance(value, np.ndarray):
                dtype = "" if value.dtype == np.float64 else f" {value.dtype}"
                parts.append(f"{key}: {value.shape}{dtype}")
            else:
                parts.append(f"{key!r}: {value!r}")
        return "{" + ", ".join(parts) + "}"


class BNParam(ShownDict):
    """The bn_param of a case: a plain dict for your code; also holds what the check expects.

    ``after``: the running statistics the dict must hold after the call and the cache's mean
    and variance (keys running_mean, running_var, mean, var); ``mistakes``: pairs (likely cause,
    a dict of the running statistics that mistake leaves).
    """

    def __init__(
        self,
        values: dict[str, Any],
        after: dict[str, np.ndarray] | None = None,
        mistakes: tuple[tuple[str, dict[str, np.ndarray]], ...] = (),
    ) -> None:
        super().__init__(values)
        self.after = after or {}
        self.mistakes = mistakes


class BNCache(BaseCache):
    """The cache ``(x, gamma, mean, var, eps)`` of spatial batch norm (a plain tuple)."""

    __slots__ = ()
    NAMES = {5: ("x", "gamma", "mean", "var", "eps")}


class Params(ShownDict):
    """A network's parameters by name: a plain dict for your code, shown by shapes in messages."""


class Net:
    """A trained network as to_fully_convolutional sees it: ``params`` and ``input_dim``."""

    def __init__(self, params: dict[str, np.ndarray], input_dim: tuple[int, int, int]) -> None:
        self.params = Params(params)
        self.input_dim = tuple(input_dim)

    def __eq__(self, other: object) -> bool:
        """The same input_dim and parameters."""
        return (
            isinstance(other, Net)
            and self.input_dim == other.input_dim
            and _same_dict(self.params, other.params)
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        """``Net(input_dim=(1, 4, 6), params={W1: (2, 1, 3, 3), ...})``."""
        return f"Net(input_dim={self.input_dim}, params={self.params!r})"


FUNCTIONS: dict[str, tuple[str, ...]] = {
    "spatial_batchnorm_forward": ("spatial_batchnorm_forward",),
    "spatial_batchnorm_backward": ("spatial_batchnorm_backward",),
    "ThreeLayerConvNet": ("ThreeLayerConvNet",),
    "to_fully_convolutional": ("to_fully_convolutional",),
}
"""The functions (and the class) each grade id checks."""

ARG_NAMES: dict[str, tuple[str, ...]] = {
    "spatial_batchnorm_forward": ("x", "gamma", "beta", "bn_param"),
    "spatial_batchnorm_backward": ("dout", "cache"),
    "ThreeLayerConvNet": ("X", "y", "params"),
    "to_fully_convolutional": ("net",),
}

NAMED_SCALARS = ("spatial_batchnorm_forward", "spatial_batchnorm_backward", "ThreeLayerConvNet",
                 "to_fully_convolutional")  # fmt: skip
"""Their non-array positional arguments are shown as ``bn_param={...}``, ``cache=(...)``."""

OUTPUTS: dict[str, tuple[str, ...]] = {
    "spatial_batchnorm_forward": ("out", "cache"),
    "spatial_batchnorm_backward": ("dx", "dgamma", "dbeta"),
    "ThreeLayerConvNet": ("scores", "loss", *(f"grads['{name}']" for name in PARAM_NAMES)),
    "to_fully_convolutional": PARAM_NAMES,
}
"""The names of the parts of tuple results (for the net: what its harness returns)."""

COMPARED: dict[str, tuple[str, ...]] = {"spatial_batchnorm_forward": ("out",)}
"""The forward pass's cache and bn_param are checked by :func:`_check_bn_state`."""

NET_NOTE = (
    "net = ThreeLayerConvNet(**kwargs), net.params = params, scores = net.loss(X), "
    "(loss, grads) = net.loss(X, y)"
)

# fmt: off
# The visible cases. tests/test_cnn.py re-derives every literal with PyTorch (float64).
# CASES-BEGIN
CASES: dict[str, tuple[Case, ...]] = {
    "spatial_batchnorm_forward": (
        Case("spatial_batchnorm_forward",
             (_a([2, 4, 1, 7, 4, 10, 1, 7], (2, 2, 1, 2)), _a([2, 1], (2,)), _a([1, -1], (2,)),
               BNParam({'mode': 'train', 'eps': 1e-12}, after={'running_mean': _a([5, 4], (2,)) /
               10, 'running_var': _a([21, 21], (2,)) / 10, 'mean': _a([5, 4], (2,)), 'var': _a([9,
               9], (2,))}, mistakes=((BN_BIASED_RUNNING, {'running_mean': _a([5, 4], (2,)) / 10,
               'running_var': _a([9, 9], (2,)) / 5}), (BN_MOMENTUM_SWAPPED, {'running_mean':
               _a([45, 36], (2,)) / 10, 'running_var': _a([109, 109], (2,)) / 10}), (BN_NOT_STORED,
               {'running_mean': _a([0, 0], (2,)), 'running_var': _a([1, 1], (2,))}),
               (BN_DEFAULT_STATS, {'running_mean': _a([5, 4], (2,)) / 10, 'running_var': _a([6, 6],
               (2,)) / 5})))),
             _a([-3, 1, -6, 0, 1, 13, -6, 0], (2, 2, 1, 2)) / 3,
             {},
             ((BN_GAMMA_BETA_SWAPPED, _a([3, 5, 6, 0, 5, 11, 6, 0], (2, 2, 1, 2)) / 3),
              (BN_UNBIASED_NORMALISED, _a([-0.732050807568805, 0.42264973081039836,
                -1.8660254037844024, -0.13397459621559749, 0.42264973081039836, 3.8867513459480083,
                -1.8660254037844024, -0.13397459621559749], (2, 2, 1, 2))),
              (BN_AXES, _a([-1, -1, -1, -1, 3, 3, -1, -1], (2, 2, 1, 2))),),
             ('train mode, eps=1e-12 (negligible: check it by hand): mean [5, 4], var [9, 9]; '
              'running statistics created')),
        Case("spatial_batchnorm_forward",
             (_a([1, 2, 0, 3, 1, 1, 4, 0, 2, 2, 0, 1], (3, 2, 1, 2)), _a([2, 1], (2,)), _a([1,
               -1], (2,)), BNParam({'mode': 'train', 'running_mean': _a([1, -1], (2,)),
               'running_var': _a([4, 1], (2,)) / 2}, after={'running_mean': _a([1.05,
               -0.7666666666666667], (2,)), 'running_var': _a([1.83, 0.7566666666666668], (2,)),
               'mean': _a([9, 8], (2,)) / 6, 'var': _a([9, 92], (2,)) / 36},
               mistakes=((BN_BIASED_RUNNING, {'running_mean': _a([1.05, -0.7666666666666667],
               (2,)), 'running_var': _a([1.825, 0.7055555555555555], (2,))}), (BN_MOMENTUM_SWAPPED,
               {'running_mean': _a([29, 22], (2,)) / 20, 'running_var': _a([47, 281], (2,)) /
               100}), (BN_NOT_STORED, {'running_mean': _a([1, -1], (2,)), 'running_var': _a([4, 1],
               (2,)) / 2})))),
             _a([-0.9999600011999599, 2.99996000119996, -1.8340560243811521,
               0.042570030476440146, -0.9999600011999599, -0.9999600011999599, 0.6681120487623042,
               -1.8340560243811521, 2.99996000119996, 2.99996000119996, -1.8340560243811521,
               -1.208514006095288], (3, 2, 1, 2)),
             {},
             ((BN_EPS_OUTSIDE, _a([-0.9999600007999843, 2.9999600007999843, -1.8340524388696315,
               0.042565548587039315, -0.9999600007999843, -0.9999600007999843, 0.6681048777392631,
               -1.8340524388696315, 2.9999600007999843, 2.9999600007999843, -1.8340524388696315,
               -1.2085131097174078], (3, 2, 1, 2))),
              (BN_GAMMA_BETA_SWAPPED, _a([1.00001999940002, 2.99998000059998, 1.8340560243811521,
                -0.042570030476440035, 1.00001999940002, 1.00001999940002, -0.6681120487623042,
                1.8340560243811521, 2.99998000059998, 2.99998000059998, 1.8340560243811521,
                1.208514006095288], (3, 2, 1, 2))),
              (BN_UNBIASED_NORMALISED, _a([-0.8257114300802859, 2.825711430080286,
                -1.7613857462380893, -0.04826781720238826, -0.8257114300802859,
                -0.8257114300802859, 0.5227714924761788, -1.7613857462380893, 2.825711430080286,
                2.825711430080286, -1.7613857462380893, -1.1903464365595222], (3, 2, 1, 2))),
              (BN_AXES, _a([-0.4141817436418196, 2.4141817436418194, -1.707105786819734,
                0.33630191431287204, -0.4141817436418196, -1.82836348728364, 0.41421157363946803,
                -2.0690415314502975, 3.82836348728364, 2.4141817436418194, -1.707105786819734,
                -1.2672603828625744], (3, 2, 1, 2))),),
             'train mode, the default eps and momentum, given running statistics'),
        Case("spatial_batchnorm_forward",
             (_a([2, 4, 4, 10], (1, 1, 2, 2)), _a([1], (1,)), _a([0], (1,)), BNParam({'mode':
               'train', 'eps': 1, 'momentum': 0.5}, after={'running_mean': _a([5], (1,)) / 2,
               'running_var': _a([13], (1,)) / 2, 'mean': _a([5], (1,)), 'var': _a([9], (1,))},
               mistakes=((BN_BIASED_RUNNING, {'running_mean': _a([5], (1,)) / 2, 'running_var':
               _a([5], (1,))}), (BN_NOT_STORED, {'running_mean': _a([0], (1,)), 'running_var':
               _a([1], (1,))}), (BN_DEFAULT_STATS, {'running_mean': _a([5], (1,)) / 2,
               'running_var': _a([6], (1,))})))),
             _a([-0.9486832980505139, -0.316227766016838, -0.316227766016838,
               1.5811388300841895], (1, 1, 2, 2)),
             {},
             ((BN_EPS_OUTSIDE, _a([-3, -1, -1, 5], (1, 1, 2, 2)) / 4),
              (BN_GAMMA_BETA_SWAPPED, _a([1, 1, 1, 1], (1, 1, 2, 2))),
              (BN_UNBIASED_NORMALISED, _a([-0.8320502943378437, -0.2773500981126146,
                -0.2773500981126146, 1.386750490563073], (1, 1, 2, 2))),
              (BN_AXES, _a([0, 0, 0, 0], (1, 1, 2, 2))),),
             'eps=1 shows where eps goes: (x - 5) / sqrt(9 + 1); momentum=0.5'),
        Case("spatial_batchnorm_forward",
             (_a([3, 1, 0, 2, 5, 1, -1, 4, 2, 0, 1, 3, 2, 2, -2, 0, 1, 6], (1, 3, 2, 3)), _a([2,
               4, 1], (3,)) / 2, _a([0, 1, -1], (3,)), BNParam({'mode': 'train'},
               after={'running_mean': _a([4, 3, 3], (3,)) / 20, 'running_var': _a([122, 125, 161],
               (3,)) / 100, 'mean': _a([4, 3, 3], (3,)) / 2, 'var': _a([32, 35, 71], (3,)) / 12},
               mistakes=((BN_BIASED_RUNNING, {'running_mean': _a([4, 3, 3], (3,)) / 20,
               'running_var': _a([1.1666666666666667, 1.1916666666666667, 1.4916666666666667],
               (3,))}), (BN_MOMENTUM_SWAPPED, {'running_mean': _a([36, 27, 27], (3,)) / 20,
               'running_var': _a([298, 325, 649], (3,)) / 100}), (BN_NOT_STORED, {'running_mean':
               _a([0, 0, 0], (3,)), 'running_var': _a([1, 1, 1], (3,))}), (BN_DEFAULT_STATS,
               {'running_mean': _a([4, 3, 3], (3,)) / 20, 'running_var': _a([32, 35, 71], (3,)) /
               100})))),
             _a([0.6123712875007069, -0.6123712875007069, -1.2247425750014138, 0,
               1.8371138625021208, -0.6123712875007069, -1.9276951999438445, 3.9276951999438445,
               1.585539039988769, -0.7566171199663067, 0.4144609600112311, 2.7566171199663065,
               -0.897221780380667, -0.897221780380667, -1.7194475373353308, -1.308334658857999,
               -1.102778219619333, -0.0749960234260032], (1, 3, 2, 3)),
             {},
             ((BN_EPS_OUTSIDE, _a([0.6123686857187584, -0.6123686857187584, -1.2247373714375167,
               0, 1.837106057156275, -0.6123686857187584, -1.9276830760888344, 3.9276830760888344,
               1.5855366152177668, -0.7566098456533006, 0.4144633847822331, 2.7566098456533004,
               -0.8972221160593444, -0.8972221160593444, -1.719445187584589, -1.3083336518219668,
               -1.1027778839406555, -0.07499904453409989], (1, 3, 2, 3))),
              (BN_GAMMA_BETA_SWAPPED, _a([1, 1, 1, 1, 1, 1, 0.5361524000280777,
                3.4638475999719223, 2.2927695199943843, 1.1216914400168467, 1.7072304800056155,
                2.8783085599831533, 0.29444356076133404, 0.29444356076133404, 1.9388950746706617,
                1.1166693177159979, 0.705556439238666, -1.3500079531479936], (1, 3, 2, 3))),
              (BN_UNBIASED_NORMALISED, _a([0.5590161209129408, -0.5590161209129408,
                -1.1180322418258817, 0, 1.6770483627388226, -0.5590161209129408,
                -1.6726086011146837, 3.6726086011146837, 1.5345217202229366, -0.6035651606688102,
                0.46547827977706324, 2.6035651606688104, -0.9061767379425962, -0.9061767379425962,
                -1.656762834401826, -1.281469786172211, -1.0938232620574038, -0.15559064148336665],
                (1, 3, 2, 3))),
              (BN_AXES, _a([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1], (1, 3,
                2, 3))),),
             'one image, three channels, 2x3 pixels'),
        Case("spatial_batchnorm_forward",
             (_a([2, 4, 1, 7, 4, 10, 1, 7], (2, 2, 1, 2)), _a([2, 1], (2,)), _a([1, -1], (2,)),
               BNParam({'mode': 'test', 'eps': 1e-12, 'running_mean': _a([1, 2], (2,)),
               'running_var': _a([16, 1], (2,)) / 4}, after={'running_mean': _a([1, 2], (2,)),
               'running_var': _a([16, 1], (2,)) / 4, 'mean': _a([1, 2], (2,)), 'var': _a([16, 1],
               (2,)) / 4}, mistakes=())),
             _a([2, 4, -3, 9, 4, 10, -3, 9], (2, 2, 1, 2)),
             {},
             ((BN_GAMMA_BETA_SWAPPED, _a([2.4999999999999374, 3.4999999999998126, 2.999999999996,
               -8.99999999998, 3.4999999999998126, 6.499999999999438, 2.999999999996,
               -8.99999999998], (2, 2, 1, 2))),
              (BN_TEST_USES_BATCH, _a([-3, 1, -6, 0, 1, 13, -6, 0], (2, 2, 1, 2)) / 3),),
             'test mode: normalise with the running statistics (eps=1e-12)'),
        Case("spatial_batchnorm_forward",
             (_a([2, 4, 1, 7, 4, 10, 1, 7], (2, 2, 1, 2)), _a([2, 1], (2,)), _a([1, -1], (2,)),
               BNParam({'mode': 'test', 'eps': 1e-12}, after={'running_mean': _a([0, 0], (2,)),
               'running_var': _a([1, 1], (2,)), 'mean': _a([0, 0], (2,)), 'var': _a([1, 1], (2,))},
               mistakes=())),
             _a([5, 9, 0, 6, 9, 21, 0, 6], (2, 2, 1, 2)),
             {},
             ((BN_GAMMA_BETA_SWAPPED, _a([4, 6, 0, -6, 6, 12, 0, -6], (2, 2, 1, 2))),
              (BN_TEST_USES_BATCH, _a([-3, 1, -6, 0, 1, 13, -6, 0], (2, 2, 1, 2)) / 3),
              (BN_DEFAULT_STATS, _a([4000001, 8000001, 999999, 6999999, 8000001, 20000001,
                999999, 6999999], (2, 2, 1, 2))),),
             ('test mode before any training: running_mean 0, running_var 1, so out = gamma * x'
              ' + beta')),
        Case("spatial_batchnorm_forward",
             (_a([2, 4, 1, 7, 4, 10, 1, 7], (2, 2, 1, 2)), _a([2, 1], (2,)), _a([1, -1], (2,)),
               BNParam({'mode': 'eval'})),
             RAISES,
             {},
             (),
             'an unknown mode "eval"'),
        Case("spatial_batchnorm_forward",
             (_a([2, 4, 1, 7, 4, 10, 1, 7], (2, 2, 1, 2)), _a([1, 1, 1], (3,)), _a([1, -1],
               (2,)), BNParam({'mode': 'train'})),
             RAISES,
             {},
             (),
             'gamma of shape (3,) for C=2'),
        Case("spatial_batchnorm_forward",
             (_a([1, 2], (1, 2, 1, 1)), _a([2, 1], (2,)), _a([1, -1], (2,)), BNParam({'mode':
               'train'})),
             RAISES,
             {},
             (),
             'train mode with one value per channel'),
    ),
    "spatial_batchnorm_backward": (
        Case("spatial_batchnorm_backward",
             (_a([1, 0, 2, -1, 0, 1, 3, 1], (2, 2, 1, 2)), BNCache((_a([2, 4, 1, 7, 4, 10, 1, 7],
               (2, 2, 1, 2)), _a([2, 1], (2,)), _a([5, 4], (2,)), _a([9, 9], (2,)), 1e-12))),
             (_a([0.44444444444440745, -0.29629629629628396, -0.1666666666666112,
               -0.333333333333361, -0.29629629629628396, 0.14814814814816046, 0.16666666666670363,
               0.3333333333332686], (2, 2, 1, 2)), _a([2, -15], (2,)) / 3, _a([2, 5], (2,))),
             {},
             ((BN_DGAMMA_AXES, (_a([0.44444444444440745, -0.29629629629628396,
               -0.1666666666666112, -0.333333333333361, -0.29629629629628396, 0.14814814814816046,
               0.16666666666670363, 0.3333333333332686], (2, 2, 1, 2)), _a([-3, 5, -15, 0], (2, 1,
               2)) / 3, _a([2, 5], (2,)))),
              (BN_DBETA_AXES, (_a([0.44444444444440745, -0.29629629629628396,
                -0.1666666666666112, -0.333333333333361, -0.29629629629628396, 0.14814814814816046,
                0.16666666666670363, 0.3333333333332686], (2, 2, 1, 2)), _a([2, -15], (2,)) / 3,
                _a([1, 1, 5, 0], (2, 1, 2)))),
              (BN_DGAMMA_X, (_a([0.44444444444440745, -0.29629629629628396, -0.1666666666666112,
                -0.333333333333361, -0.29629629629628396, 0.14814814814816046, 0.16666666666670363,
                0.3333333333332686], (2, 2, 1, 2)), _a([12, 5], (2,)), _a([2, 5], (2,)))),
              (BN_MEAN_TERM, (_a([0.7777777777777222, 0.03703703703703087, 0.2500000000000323,
                0.08333333333328252, 0.03703703703703087, 0.48148148148147535, 0.5833333333333471,
                0.7499999999999122], (2, 2, 1, 2)), _a([2, -15], (2,)) / 3, _a([2, 5], (2,)))),
              (BN_VAR_TERM, (_a([4, -4, 3, -9, -4, 4, 7, -1], (2, 2, 1, 2)) / 12, _a([2, -15],
                (2,)) / 3, _a([2, 5], (2,)))),
              (BN_STATS_CONSTANT, (_a([2, 0, 2, -1, 0, 2, 3, 1], (2, 2, 1, 2)) / 3, _a([2, -15],
                (2,)) / 3, _a([2, 5], (2,)))),
              (BN_GAMMA_FORGOTTEN, (_a([0.22222222222220372, -0.14814814814814198,
                -0.16666666666661123, -0.333333333333361, -0.14814814814814198,
                0.07407407407408025, 0.1666666666667036, 0.33333333333326864], (2, 2, 1, 2)),
                _a([2, -15], (2,)) / 3, _a([2, 5], (2,)))),),
             ("the forward pass's first case (eps=1e-12): x_hat = [-1, -1/3, -1/3, 5/3] and "
              '[-1, 1, -1, 1]')),
        Case("spatial_batchnorm_backward",
             (_a([1, 1, 1, 1, 1, 1], (1, 1, 2, 3)), BNCache((_a([1, 5, 2, 0, 3, 1], (1, 1, 2,
               3)), _a([3], (1,)), _a([2], (1,)), _a([8], (1,)) / 3, 1e-05))),
             (_a([0, 0, 0, 0, 0, 0], (1, 1, 2, 3)), _a([0], (1,)), _a([6], (1,))),
             {},
             ((BN_DGAMMA_AXES, (_a([0, 0, 0, 0, 0, 0], (1, 1, 2, 3)), _a([-0.6123712875007069,
               1.8371138625021208, 0, -1.2247425750014138, 0.6123712875007069,
               -0.6123712875007069], (1, 2, 3)), _a([6], (1,)))),
              (BN_DBETA_AXES, (_a([0, 0, 0, 0, 0, 0], (1, 1, 2, 3)), _a([0], (1,)), _a([1, 1, 1,
                1, 1, 1], (1, 2, 3)))),
              (BN_DGAMMA_X, (_a([0, 0, 0, 0, 0, 0], (1, 1, 2, 3)), _a([12], (1,)), _a([6], (1,)))),
              (BN_MEAN_TERM, (_a([1.8371138625021208, 1.8371138625021208, 1.8371138625021208,
                1.8371138625021208, 1.8371138625021208, 1.8371138625021208], (1, 1, 2, 3)), _a([0],
                (1,)), _a([6], (1,)))),
              (BN_STATS_CONSTANT, (_a([1.8371138625021208, 1.8371138625021208,
                1.8371138625021208, 1.8371138625021208, 1.8371138625021208, 1.8371138625021208],
                (1, 1, 2, 3)), _a([0], (1,)), _a([6], (1,)))),),
             ('dout = 1 everywhere: the normalised values always sum to 0, so dx = 0 and dgamma'
              ' = 0')),
        Case("spatial_batchnorm_backward",
             (_a([1, -1, 2, 0, 0, 1, 3, -2, 1, 1, 0, 2], (2, 3, 1, 2)), BNCache((_a([1, 2, 0, 3,
               1, 1, 4, 0, 2, 2, 0, 1], (2, 3, 1, 2)), _a([2, -4, 1], (3,)) / 2, _a([7, 7, 3],
               (3,)) / 4, _a([35, 19, 3], (3,)) / 16, 1e-05))),
             (_a([1.0431569880319176, -1.023840854373828, 0.19317430146629924,
               0.38639496847419275, -1.1546543528209408, 1.5394775579912253e-05,
               0.2511383277201917, -0.27045446137828116, -0.289784634970246, -0.289784634970246,
               -4.618432673973675e-05, 1.1546851423721007], (2, 3, 1, 2)), _a([6.254127189859497,
               -2.752977214988134, 1.7320046213947808], (3,)), _a([1, 4, 3], (3,))),
             {},
             ((BN_DGAMMA_AXES, (_a([1.0431569880319176, -1.023840854373828, 0.19317430146629924,
               0.38639496847419275, -1.1546543528209408, 1.5394775579912253e-05,
               0.2511383277201917, -0.27045446137828116, -0.289784634970246, -0.289784634970246,
               -4.618432673973675e-05, 1.1546851423721007], (2, 3, 1, 2)), _a([4.056731150179134,
               2.197396039680364, -2.9823919829038115, 0.22941476791567783, 0, 1.7320046213947808],
               (3, 1, 2)), _a([1, 4, 3], (3,)))),
              (BN_DBETA_AXES, (_a([1.0431569880319176, -1.023840854373828, 0.19317430146629924,
                0.38639496847419275, -1.1546543528209408, 1.5394775579912253e-05,
                0.2511383277201917, -0.27045446137828116, -0.289784634970246, -0.289784634970246,
                -4.618432673973675e-05, 1.1546851423721007], (2, 3, 1, 2)), _a([6.254127189859497,
                -2.752977214988134, 1.7320046213947808], (3,)), _a([4, -3, 3, 1, 0, 3], (3, 1,
                2)))),
              (BN_DGAMMA_X, (_a([1.0431569880319176, -1.023840854373828, 0.19317430146629924,
                0.38639496847419275, -1.1546543528209408, 1.5394775579912253e-05,
                0.2511383277201917, -0.27045446137828116, -0.289784634970246, -0.289784634970246,
                -4.618432673973675e-05, 1.1546851423721007], (2, 3, 1, 2)), _a([11, 4, 3], (3,)),
                _a([1, 4, 3], (3,)))),
              (BN_MEAN_TERM, (_a([1.2121874526227148, -0.8548103897830308, -1.6421438418591239,
                -1.4489231748512295, -0.2886520421235502, 0.8660177054729703, 0.42016879231098864,
                -0.10142399678748383, -2.1251027782956684, -2.1251027782956684, 0.8659561263706507,
                2.020687453069491], (2, 3, 1, 2)), _a([6.254127189859497, -2.752977214988134,
                1.7320046213947808], (3,)), _a([1, 4, 3], (3,)))),
              (BN_VAR_TERM, (_a([0.5070913937723917, -0.8451523229539861, -1.8353181433254226,
                1.8353181433254226, -0.8660023106973904, 0.28866743689913016, 1.8593351104987694,
                -1.521274181317175, 0, 0, -0.8660023106973904, 1.4433371844956508], (2, 3, 1, 2)),
                _a([6.254127189859497, -2.752977214988134, 1.7320046213947808], (3,)), _a([1, 4,
                3], (3,)))),
              (BN_STATS_CONSTANT, (_a([0.6761218583631888, -0.6761218583631888,
                -3.6706362866508453, 0, 0, 1.1546697475965206, 2.0283655750895666,
                -1.3522437167263777, -1.8353181433254226, -1.8353181433254226, 0,
                2.3093394951930413], (2, 3, 1, 2)), _a([6.254127189859497, -2.752977214988134,
                1.7320046213947808], (3,)), _a([1, 4, 3], (3,)))),
              (BN_GAMMA_FORGOTTEN, (_a([1.0431569880319176, -1.023840854373828,
                -0.09658715073314933, -0.1931974842370966, -2.3093087056418815,
                3.0789551159824506e-05, 0.2511383277201914, -0.27045446137828105,
                0.14489231748512296, 0.14489231748512296, -9.23686534795376e-05,
                2.309370284744201], (2, 3, 1, 2)), _a([6.254127189859497, -2.752977214988134,
                1.7320046213947808], (3,)), _a([1, 4, 3], (3,)))),),
             'two images, three channels'),
        Case("spatial_batchnorm_backward",
             (_a([2, 1, 0, 1, -1, 3, 1, 0], (1, 2, 2, 2)), BNCache((_a([4, 0, 1, 3, 2, 2, 5, 1],
               (1, 2, 2, 2)), _a([1, 4], (2,)) / 2, _a([4, 5], (2,)) / 2, _a([10, 9], (2,)) / 4,
               0.1))),
             (_a([0.13119058466166283, 0.17889625181135826, -0.22063871056734197,
               -0.08944812590567913, -2.179053350412562, 3.0395712340149754, -0.1943104898457062,
               -0.6662073937567069], (1, 2, 2, 2)), _a([1.8605210188381265, 0.9784921095801633],
               (2,)), _a([4, 3], (2,))),
             {},
             ((BN_DGAMMA_AXES, (_a([0.13119058466166283, 0.17889625181135826,
               -0.22063871056734197, -0.08944812590567913, -2.179053350412562, 3.0395712340149754,
               -0.1943104898457062, -0.6662073937567069], (1, 2, 2, 2)), _a([2.480694691784169,
               -1.2403473458920844, 0, 0.6201736729460422, 0.3261640365267211, -0.9784921095801633,
               1.6308201826336053, 0], (2, 2, 2)), _a([4, 3], (2,)))),
              (BN_DBETA_AXES, (_a([0.13119058466166283, 0.17889625181135826,
                -0.22063871056734197, -0.08944812590567913, -2.179053350412562, 3.0395712340149754,
                -0.1943104898457062, -0.6662073937567069], (1, 2, 2, 2)), _a([1.8605210188381265,
                0.9784921095801633], (2,)), _a([2, 1, 0, 1, -1, 3, 1, 0], (2, 2, 2)))),
              (BN_DGAMMA_X, (_a([0.13119058466166283, 0.17889625181135826, -0.22063871056734197,
                -0.08944812590567913, -2.179053350412562, 3.0395712340149754, -0.1943104898457062,
                -0.6662073937567069], (1, 2, 2, 2)), _a([11, 9], (2,)), _a([4, 3], (2,)))),
              (BN_MEAN_TERM, (_a([0.441277421134684, 0.48898308828437936, 0.08944812590567915,
                0.220638710567342, -1.200561240832399, 4.018063343595138, 0.7841816197344572,
                0.31228471582345624], (1, 2, 2, 2)), _a([1.8605210188381265, 0.9784921095801633],
                (2,)), _a([4, 3], (2,)))),
              (BN_VAR_TERM, (_a([0.3100868364730211, 0, -0.3100868364730211, 0,
                -2.2831482556870477, 2.93547632874049, 0.3261640365267211, -0.9784921095801632],
                (1, 2, 2, 2)), _a([1.8605210188381265, 0.9784921095801633], (2,)), _a([4, 3],
                (2,)))),
              (BN_STATS_CONSTANT, (_a([0.6201736729460422, 0.3100868364730211, 0,
                0.3100868364730211, -1.3046561461068844, 3.9139684383206528, 1.3046561461068844,
                0], (1, 2, 2, 2)), _a([1.8605210188381265, 0.9784921095801633], (2,)), _a([4, 3],
                (2,)))),
              (BN_GAMMA_FORGOTTEN, (_a([0.26238116932332567, 0.3577925036227166,
                -0.441277421134684, -0.1788962518113583, -1.089526675206281, 1.5197856170074875,
                -0.097155244922853, -0.3331036968783535], (1, 2, 2, 2)), _a([1.8605210188381265,
                0.9784921095801633], (2,)), _a([4, 3], (2,)))),),
             'eps = 0.1'),
    ),
    "ThreeLayerConvNet": (
        Case("ThreeLayerConvNet",
             (_a([-1, -2, -1, -2, -2, 1, 0, 2, -1, -1, 2, 1, -1, -1, 1, -1, 0, 0, 0, 0, 2, -1, 2,
               -2, -2, -1, -1, 1, -2, -1, 2, 2], (2, 1, 4, 4)), np.array([1, 1]), Params({'W1':
               _a([-3, 2, -4, -3, -2, -2, 4, 3, 5, 5, -5, -4, 4, -5, -4, -4, 5, -2], (2, 1, 3, 3))
               / 10, 'b1': _a([-3, -4], (2,)) / 10, 'W2': _a([0, 1, 3, 1, 5, -4, 0, 1, 2, -5, -3,
               0, -5, 5, 2, 3, 0, 1, -2, -2, -4, -3, 3, -1], (8, 3)) / 10, 'b2': _a([2, -1, 1],
               (3,)) / 5, 'W3': _a([4, 4, -3, -1, -2, 3], (3, 2)) / 10, 'b3': _a([3, -1], (2,)) /
               10})),
             (_a([-0.2820000000000001, -0.29400000000000004, 0.284, -0.07599999999999998], (2,
               2)), _a([0.7942128147411153], ()), _a([0.05890404340586651, 0.06466201918296953,
               0.049572020262953986, 0.10920403980591833, 0.06969201882297472,
               -0.033754045205840584, -0.10344606402881529, 0.05423803183441024,
               -0.15374606042886713, -0.0007279761370978487, -0.17241010671469217,
               -0.06896404268587687, -0.03411803327438951, -0.0183000582172761,
               -0.04381404448585095, 0.09447802895445172, -0.0693280307544258,
               0.02945202170293325], (2, 1, 3, 3)), _a([-0.09375005281735387,
               -0.0007279761370978487], (2,)), _a([0, -0.03520999748003628, -0.1767121302175995, 0,
               -0.11568999172011922, 0, 0, -0.020119998560020735, -0.13253409766319962, 0,
               -0.01508999892001555, -0.3976022929895989, 0, -0.09556999316009848,
               -0.117808086811733, 0, -0.0603599956800622, -0.33869824958373235, 0,
               -0.07041999496007256, -0.353424260435199, 0, -0.05029999640005184,
               -0.13253409766319965], (8, 3)), _a([0, -0.05029999640005184, -0.14726010851466625],
               (3,)), _a([0, 0, 0.4879099650805029, -0.4879099650805029, 0.023561617362346625,
               -0.02356161736234662], (3, 2)), _a([0.5460201990295918, -0.5460201990295916],
               (2,))),
             {"input_dim": (1, 4, 4), "num_filters": 2, "filter_size": 3, "hidden_dim": 3,
               "num_classes": 2, "weight_scale": 0.01, "reg": 0.0, "dtype": np.dtype("float64")},
             ((NET_RELU_MASK, (_a([-0.2820000000000001, -0.29400000000000004, 0.284,
               -0.07599999999999998], (2, 2)), _a([0.7942128147411153], ()),
               _a([0.14103863276537057, 0.1561948459671279, 0.05784499586005963,
               0.10331363546533169, -0.004963785358263362, -0.17876363006540946,
               -0.019723093831631913, 0.15834585771858156, -0.13018444306652055,
               -0.010920403980591856, -0.1983542953335577, -0.131044847767102, 0.03385317614742231,
               -0.046957889501369726, -0.08074485136705017, 0.10943559931098362,
               -0.2138744966038641, 0.058904043405866524], (2, 1, 3, 3)), _a([-0.10043464757678017,
               -0.01092040398059186], (2,)), _a([3.3306690738754695e-17, -0.10589484956707611,
               -0.2647371239176902, 0, -0.11568999172011922, -0.28922497930029806,
               2.4980018054066023e-17, -0.0731336376253006, -0.18283409406325146,
               7.494005416219807e-17, -0.17413091611585518, -0.4353272902896378,
               2.2204460492503132e-17, -0.14269322788479172, -0.3567330697119792,
               6.38378239159465e-17, -0.1958392955135552, -0.48959823878388786,
               6.661338147750939e-17, -0.21178969913415222, -0.5294742478353804,
               2.4980018054066026e-17, -0.10331363546533172, -0.25828408866332925], (8, 3)),
               _a([2.7755575615628914e-17, -0.10920403980591836, -0.2730100995147958], (3,)),
               _a([0, 0, 0.4879099650805029, -0.4879099650805029, 0.023561617362346625,
               -0.02356161736234662], (3, 2)), _a([0.5460201990295918, -0.5460201990295916],
               (2,)))),),
             ('reg=0; 3x3 filters keep 4x4, pooled to 2x2. net = ThreeLayerConvNet(**kwargs), '
              'net.params = params, scores = net.loss(X), (loss, grads) = net.loss(X, y)')),
        Case("ThreeLayerConvNet",
             (_a([-1, 0, 1, 0, 1, -2, 1, 2, 0, -1, -1, 0, 1, 0, -2, -1, -2, 0, -1, -2, 1, 1, -1,
               -2, 0, -1, -1, -1, -2, -2, 2, 0, 0, -2, 1, 1, 2, -1, -2, 2, 2, 0, 2, -2, 0, 1, -1,
               -1, 0, -1, 0, -1, 0, -1, 0, 1, 0, 0, -1, -2, 1, 2, 1, -1, 0, 0, 0, -2, 2, -1, -2, 1,
               -2, -1, -1, 2, 1, 1, 0, 1], (2, 2, 5, 4)), np.array([2, 2]), Params({'W1': _a([-1,
               -5, 4, -5, -2, 0, 2, -4, -3, -5, -5, -4, 2, 0, -2, 2, -2, 5, -2, 2, -3, 1, 1, 5, -2,
               -4, -1, 1, -3, 5, 0, 0, 1, 1, -1, 1], (2, 2, 3, 3)) / 10, 'b1': _a([-1, 5], (2,)) /
               10, 'W2': _a([5, 1, -5, -2, -2, 2, 0, -4, 1, -5, -5, -5, -3, 5, -5, 1], (8, 2)) /
               10, 'b2': _a([-1, -1], (2,)) / 2, 'W3': _a([-2, -4, -1, -5, 4, -1], (2, 3)) / 10,
               'b3': _a([-5, -5, 2], (3,)) / 10})),
             (_a([-5, -5, 2, -5, -5, 2], (2, 3)) / 10, _a([2.1622266409702164], ()), _a([-1, -5,
               4, -5, -2, 0, 2, -4, -3, -5, -5, -4, 2, 0, -2, 2, -2, 5, -2, 2, -3, 1, 1, 5, -2, -4,
               -1, 1, -3, 5, 0, 0, 1, 1, -1, 1], (2, 2, 3, 3)) / 20, _a([0, 0], (2,)), _a([5, 1,
               -5, -2, -2, 2, 0, -4, 1, -5, -5, -5, -3, 5, -5, 1], (8, 2)) / 20, _a([0, 0], (2,)),
               _a([-2, -4, -1, -5, 4, -1], (2, 3)) / 20, _a([0.24914340092222925,
               0.24914340092222925, -0.4982868018444584], (3,))),
             {"input_dim": (2, 5, 4), "num_filters": 2, "filter_size": 3, "hidden_dim": 2,
               "num_classes": 3, "weight_scale": 0.001, "reg": 0.5, "dtype": np.dtype("float64")},
             ((NET_REG_NO_HALF, (_a([-5, -5, 2, -5, -5, 2], (2, 3)) / 10, _a([3.634726640970216],
               ()), _a([-1, -5, 4, -5, -2, 0, 2, -4, -3, -5, -5, -4, 2, 0, -2, 2, -2, 5, -2, 2, -3,
               1, 1, 5, -2, -4, -1, 1, -3, 5, 0, 0, 1, 1, -1, 1], (2, 2, 3, 3)) / 20, _a([0, 0],
               (2,)), _a([5, 1, -5, -2, -2, 2, 0, -4, 1, -5, -5, -5, -3, 5, -5, 1], (8, 2)) / 20,
               _a([0, 0], (2,)), _a([-2, -4, -1, -5, 4, -1], (2, 3)) / 20, _a([0.24914340092222925,
               0.24914340092222925, -0.4982868018444584], (3,)))),
              (NET_REG_BIASES, (_a([-5, -5, 2, -5, -5, 2], (2, 3)) / 10, _a([2.487226640970216],
                ()), _a([-1, -5, 4, -5, -2, 0, 2, -4, -3, -5, -5, -4, 2, 0, -2, 2, -2, 5, -2, 2,
                -3, 1, 1, 5, -2, -4, -1, 1, -3, 5, 0, 0, 1, 1, -1, 1], (2, 2, 3, 3)) / 20, _a([-1,
                5], (2,)) / 20, _a([5, 1, -5, -2, -2, 2, 0, -4, 1, -5, -5, -5, -3, 5, -5, 1], (8,
                2)) / 20, _a([-1, -1], (2,)) / 4, _a([-2, -4, -1, -5, 4, -1], (2, 3)) / 20,
                _a([-0.0008565990777707477, -0.0008565990777707477, -0.3982868018444584], (3,)))),
              (NET_REG_GRAD_MISSING, (_a([-5, -5, 2, -5, -5, 2], (2, 3)) / 10,
                _a([2.1622266409702164], ()), _a([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], (2, 2, 3, 3)), _a([0,
                0], (2,)), _a([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], (8, 2)), _a([0, 0],
                (2,)), _a([0, 0, 0, 0, 0, 0], (2, 3)), _a([0.24914340092222925,
                0.24914340092222925, -0.4982868018444584], (3,)))),
              (NET_REG_FORGOTTEN, (_a([-5, -5, 2, -5, -5, 2], (2, 3)) / 10,
                _a([0.6897266409702165], ()), _a([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], (2, 2, 3, 3)), _a([0,
                0], (2,)), _a([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], (8, 2)), _a([0, 0],
                (2,)), _a([0, 0, 0, 0, 0, 0], (2, 3)), _a([0.24914340092222925,
                0.24914340092222925, -0.4982868018444584], (3,)))),
              (NET_RELU_MASK, (_a([-5, -5, 2, -5, -5, 2], (2, 3)) / 10, _a([2.1622266409702164],
                ()), _a([0.04592020935505828, -0.31477728423977963, 0.18380567894005512,
                -0.3309716052997245, -0.07259422589855478, 0.003737151013833438,
                0.09003426396311083, -0.20622858502305574, -0.14875428299538884,
                -0.1939427347924984, -0.3284801712905022, -0.2585486992167239, 0.04269701778788726,
                -0.0859544733181691, -0.09626284898616656, 0.07508565990777707,
                -0.0028340736403305727, 0.20515418783399872, -0.08131424493083281,
                0.12989720811066752, -0.21851443525361305, 0.08612579313372325,
                0.028822810921610514, 0.21138277285705448, -0.24325745553028186,
                -0.2697601522582242, -0.12349730327205764, -0.06336024741961434,
                -0.31941751262711593, 0.29609152917061243, 0.05730298221211273,
                -0.13827458751183724, 0.09235437815677898, 0.13969162433200255,
                -0.11477728423977962, 0.03505139594466625], (2, 2, 3, 3)), _a([0.03612579313372325,
                0.10962309640578088], (2,)), _a([0.1702741117048866, 0.06993147207377834,
                -0.3297258882951134, -0.08006852792622167, -0.30928045677467264,
                0.15232011419366814, -0.26907487299600763, -0.13273128175099813,
                -0.10945177659022674, -0.21013705585244333, -0.3895203045164484,
                -0.2151199238708879, -0.28453743649800384, 0.28363435912450097,
                -0.4991434009222293, 0.11228585023055732], (8, 2)), _a([-0.09965736036889172,
                0.024914340092222924], (2,)), _a([-2, -4, -1, -5, 4, -1], (2, 3)) / 20,
                _a([0.24914340092222925, 0.24914340092222925, -0.4982868018444584], (3,)))),),
             ('reg=0.5; a 5x4 input is pooled to 2x2 (rounding down). net = '
              'ThreeLayerConvNet(**kwargs), net.params = params, scores = net.loss(X), (loss, '
              'grads) = net.loss(X, y)')),
        Case("ThreeLayerConvNet",
             (_a([0, -1, -2, 0, 2, 2, 2, -1, 2, -2, -1, -2, 1, -2, 0, -2, 2, -1, 0, 2, 0, 2, 2,
               -2, 1, 1, 2, -2, 2, 1], (1, 1, 5, 6)), np.array([0]), Params({'W1': _a([3, 0, -3,
               -4, -1, 2, -3, 1], (2, 1, 2, 2)) / 10, 'b1': _a([4, 3], (2,)) / 10, 'W2': _a([-2,
               -4, 4, -3, 2, 5, 5, 1, -1, -3, 3, -1, -2, -1, -4, -4], (8, 2)) / 10, 'b2': _a([-1,
               1], (2,)) / 10, 'W3': _a([-2, -5, -2, -5], (2, 2)) / 10, 'b3': _a([-5, -3], (2,)) /
               10})),
             (_a([-0.5640000000000001, -0.46], (1, 2)), _a([0.8784985716975985], ()),
               _a([-0.19091016807407415, -0.06311719087830689, 0.1593515726349207,
               -0.13467578631746036, 0.10045508403703707, 0.14623438175661385,
               -0.061558595439153485, 0.21513087035449743], (2, 1, 2, 2)),
               _a([-0.11045508403703708, 0.06311719087830692], (2,)), _a([-0.2566894657936509,
               -0.04000000000000001, -0.244027358952381, -0.03, 0.020000000000000004, 0.05,
               -0.0762343817566138, 0.010000000000000002, -0.23091016807407413, -0.03,
               -0.15935157263492064, -0.010000000000000002, -0.09889648859788362,
               -0.010000000000000002, -0.24513087035449743, -0.04000000000000001], (8, 2)),
               _a([-0.15779297719576724, 0], (2,)), _a([-0.18831250900881846, 0.11831250900881844,
               -0.020000000000000004, -0.05], (2, 2)), _a([-0.5259765906525575,
               0.5259765906525575], (2,))),
             {"input_dim": (1, 5, 6), "num_filters": 2, "filter_size": 2, "hidden_dim": 2,
               "num_classes": 2, "weight_scale": 0.1, "reg": 0.1, "dtype": np.dtype("float64")},
             ((NET_REG_NO_HALF, (_a([-0.5640000000000001, -0.46], (1, 2)),
               _a([1.0104985716975985], ()), _a([-0.19091016807407415, -0.06311719087830689,
               0.1593515726349207, -0.13467578631746036, 0.10045508403703707, 0.14623438175661385,
               -0.061558595439153485, 0.21513087035449743], (2, 1, 2, 2)),
               _a([-0.11045508403703708, 0.06311719087830692], (2,)), _a([-0.2566894657936509,
               -0.04000000000000001, -0.244027358952381, -0.03, 0.020000000000000004, 0.05,
               -0.0762343817566138, 0.010000000000000002, -0.23091016807407413, -0.03,
               -0.15935157263492064, -0.010000000000000002, -0.09889648859788362,
               -0.010000000000000002, -0.24513087035449743, -0.04000000000000001], (8, 2)),
               _a([-0.15779297719576724, 0], (2,)), _a([-0.18831250900881846, 0.11831250900881844,
               -0.020000000000000004, -0.05], (2, 2)), _a([-0.5259765906525575,
               0.5259765906525575], (2,)))),
              (NET_REG_BIASES, (_a([-0.5640000000000001, -0.46], (1, 2)),
                _a([0.9089985716975985], ()), _a([-0.19091016807407415, -0.06311719087830689,
                0.1593515726349207, -0.13467578631746036, 0.10045508403703707, 0.14623438175661385,
                -0.061558595439153485, 0.21513087035449743], (2, 1, 2, 2)),
                _a([-0.07045508403703707, 0.09311719087830692], (2,)), _a([-0.2566894657936509,
                -0.04000000000000001, -0.244027358952381, -0.03, 0.020000000000000004, 0.05,
                -0.0762343817566138, 0.010000000000000002, -0.23091016807407413, -0.03,
                -0.15935157263492064, -0.010000000000000002, -0.09889648859788362,
                -0.010000000000000002, -0.24513087035449743, -0.04000000000000001], (8, 2)),
                _a([-0.16779297719576725, 0.010000000000000002], (2,)), _a([-0.18831250900881846,
                0.11831250900881844, -0.020000000000000004, -0.05], (2, 2)),
                _a([-0.5759765906525576, 0.4959765906525575], (2,)))),
              (NET_REG_GRAD_MISSING, (_a([-0.5640000000000001, -0.46], (1, 2)),
                _a([0.8784985716975985], ()), _a([-0.22091016807407415, -0.06311719087830689,
                0.1893515726349207, -0.09467578631746033, 0.11045508403703708, 0.12623438175661383,
                -0.031558595439153486, 0.20513087035449742], (2, 1, 2, 2)),
                _a([-0.11045508403703708, 0.06311719087830692], (2,)), _a([-0.23668946579365086, 0,
                -0.284027358952381, 0, 0, 0, -0.1262343817566138, 0, -0.22091016807407413, 0,
                -0.18935157263492064, 0, -0.07889648859788362, 0, -0.20513087035449742, 0], (8,
                2)), _a([-0.15779297719576724, 0], (2,)), _a([-0.16831250900881845,
                0.16831250900881845, 0, 0], (2, 2)), _a([-0.5259765906525575, 0.5259765906525575],
                (2,)))),
              (NET_REG_FORGOTTEN, (_a([-0.5640000000000001, -0.46], (1, 2)),
                _a([0.7464985716975985], ()), _a([-0.22091016807407415, -0.06311719087830689,
                0.1893515726349207, -0.09467578631746033, 0.11045508403703708, 0.12623438175661383,
                -0.031558595439153486, 0.20513087035449742], (2, 1, 2, 2)),
                _a([-0.11045508403703708, 0.06311719087830692], (2,)), _a([-0.23668946579365086, 0,
                -0.284027358952381, 0, 0, 0, -0.1262343817566138, 0, -0.22091016807407413, 0,
                -0.18935157263492064, 0, -0.07889648859788362, 0, -0.20513087035449742, 0], (8,
                2)), _a([-0.15779297719576724, 0], (2,)), _a([-0.16831250900881845,
                0.16831250900881845, 0, 0], (2, 2)), _a([-0.5259765906525575, 0.5259765906525575],
                (2,)))),
              (NET_RELU_MASK, (_a([-0.5640000000000001, -0.46], (1, 2)), _a([0.8784985716975985],
                ()), _a([-0.0015585954391534595, -0.25246876351322756, 0.25402735895238104,
                -0.3871445498306879, 0.17935157263492071, 0.43026174070899487,
                -0.29824806123280434, 0.34136525211111124], (2, 1, 2, 2)),
                _a([-0.015779297719576736, 0.20513087035449742], (2,)), _a([-0.2566894657936509,
                -0.27668946579365084, -0.244027358952381, -0.314027358952381, 0.020000000000000004,
                0.05, -0.0762343817566138, -0.1162343817566138, -0.23091016807407413,
                -0.2509101680740741, -0.15935157263492064, -0.19935157263492065,
                -0.09889648859788362, -0.08889648859788363, -0.24513087035449743,
                -0.24513087035449743], (8, 2)), _a([-0.15779297719576724, -0.15779297719576724],
                (2,)), _a([-0.18831250900881846, 0.11831250900881844, -0.020000000000000004,
                -0.05], (2, 2)), _a([-0.5259765906525575, 0.5259765906525575], (2,)))),),
             ('reg=0.1; even filter size 2: padding 0, 4x5 after the conv, 2x2 pooled. net = '
              'ThreeLayerConvNet(**kwargs), net.params = params, scores = net.loss(X), (loss, '
              'grads) = net.loss(X, y)')),
    ),
    "to_fully_convolutional": (
        Case("to_fully_convolutional",
             (Net({'W1': _a([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17], (2,
               1, 3, 3)), 'b1': _a([0, 1], (2,)), 'W2': _a([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
               12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23], (12, 2)), 'b2': _a([0, 1], (2,)),
               'W3': _a([0, 1, 2, 3], (2, 2)), 'b3': _a([0, 1], (2,))}, (1, 4, 6)),),
             (_a([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17], (2, 1, 3, 3)),
               _a([0, 1], (2,)), _a([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 1, 3, 5, 7, 9, 11,
               13, 15, 17, 19, 21, 23], (2, 2, 2, 3)), _a([0, 1], (2,)), _a([0, 2, 1, 3], (2, 2, 1,
               1)), _a([0, 1], (2,))),
             {},
             ((FC_NO_TRANSPOSE, (_a([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
               17], (2, 1, 3, 3)), _a([0, 1], (2,)), _a([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
               13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23], (2, 2, 2, 3)), _a([0, 1], (2,)), _a([0,
               2, 1, 3], (2, 2, 1, 1)), _a([0, 1], (2,)))),
              (FC_HWF_ORDER, (_a([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17],
                (2, 1, 3, 3)), _a([0, 1], (2,)), _a([0, 4, 8, 12, 16, 20, 2, 6, 10, 14, 18, 22, 1,
                5, 9, 13, 17, 21, 3, 7, 11, 15, 19, 23], (2, 2, 2, 3)), _a([0, 1], (2,)), _a([0, 2,
                1, 3], (2, 2, 1, 1)), _a([0, 1], (2,)))),
              (FC_W3_NOT_TRANSPOSED, (_a([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
                16, 17], (2, 1, 3, 3)), _a([0, 1], (2,)), _a([0, 2, 4, 6, 8, 10, 12, 14, 16, 18,
                20, 22, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23], (2, 2, 2, 3)), _a([0, 1],
                (2,)), _a([0, 1, 2, 3], (2, 2, 1, 1)), _a([0, 1], (2,)))),
              (FC_FLIPPED, (_a([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17],
                (2, 1, 3, 3)), _a([0, 1], (2,)), _a([10, 8, 6, 4, 2, 0, 22, 20, 18, 16, 14, 12, 11,
                9, 7, 5, 3, 1, 23, 21, 19, 17, 15, 13], (2, 2, 2, 3)), _a([0, 1], (2,)), _a([0, 2,
                1, 3], (2, 2, 1, 1)), _a([0, 1], (2,)))),
              (FC_HW_SWAPPED, (_a([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17],
                (2, 1, 3, 3)), _a([0, 1], (2,)), _a([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 1,
                3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23], (2, 2, 3, 2)), _a([0, 1], (2,)), _a([0, 2,
                1, 3], (2, 2, 1, 1)), _a([0, 1], (2,)))),
              (FC_BIAS_SHAPE, (_a([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17],
                (2, 1, 3, 3)), _a([0, 1], (2,)), _a([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 1,
                3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23], (2, 2, 2, 3)), _a([0, 1], (2, 1, 1)),
                _a([0, 2, 1, 3], (2, 2, 1, 1)), _a([0, 1], (2,)))),),
             'F=2 filters pooled to 2x3, hidden_dim=2, num_classes=2'),
        Case("to_fully_convolutional",
             (Net({'W1': _a([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
               19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35], (3, 3, 2, 2)),
               'b1': _a([0, 1, 2], (3,)), 'W2': _a([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], (3, 4)),
               'b2': _a([0, 1, 2, 3], (4,)), 'W3': _a([0, 1, 2, 3, 4, 5, 6, 7], (4, 2)), 'b3':
               _a([0, 1], (2,))}, (3, 4, 4)),),
             (_a([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
               22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35], (3, 3, 2, 2)), _a([0, 1,
               2], (3,)), _a([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11], (4, 3, 1, 1)), _a([0, 1, 2,
               3], (4,)), _a([0, 2, 4, 6, 1, 3, 5, 7], (2, 4, 1, 1)), _a([0, 1], (2,))),
             {},
             ((FC_NO_TRANSPOSE, (_a([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
               17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35], (3, 3,
               2, 2)), _a([0, 1, 2], (3,)), _a([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], (4, 3, 1,
               1)), _a([0, 1, 2, 3], (4,)), _a([0, 2, 4, 6, 1, 3, 5, 7], (2, 4, 1, 1)), _a([0, 1],
               (2,)))),
              (FC_W3_NOT_TRANSPOSED, (_a([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
                16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35],
                (3, 3, 2, 2)), _a([0, 1, 2], (3,)), _a([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11], (4,
                3, 1, 1)), _a([0, 1, 2, 3], (4,)), _a([0, 1, 2, 3, 4, 5, 6, 7], (2, 4, 1, 1)),
                _a([0, 1], (2,)))),
              (FC_BIAS_SHAPE, (_a([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
                18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35], (3, 3, 2,
                2)), _a([0, 1, 2], (3,)), _a([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11], (4, 3, 1, 1)),
                _a([0, 1, 2, 3], (4, 1, 1)), _a([0, 2, 4, 6, 1, 3, 5, 7], (2, 4, 1, 1)), _a([0, 1],
                (2,)))),),
             'pooled to 1x1: W2 becomes 1x1 filters'),
        Case("to_fully_convolutional",
             (Net({'W1': _a([0, 1], (2, 1, 1, 1)), 'b1': _a([0, 1], (2,)), 'W2': _a([0, 1, 2, 3,
               4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23], (8, 3)),
               'b2': _a([0, 1, 2], (3,)), 'W3': _a([0, 1, 2, 3, 4, 5], (3, 2)), 'b3': _a([0, 1],
               (2,))}, (1, 2, 8)),),
             (_a([0, 1], (2, 1, 1, 1)), _a([0, 1], (2,)), _a([0, 3, 6, 9, 12, 15, 18, 21, 1, 4,
               7, 10, 13, 16, 19, 22, 2, 5, 8, 11, 14, 17, 20, 23], (3, 2, 1, 4)), _a([0, 1, 2],
               (3,)), _a([0, 2, 4, 1, 3, 5], (2, 3, 1, 1)), _a([0, 1], (2,))),
             {},
             ((FC_NO_TRANSPOSE, (_a([0, 1], (2, 1, 1, 1)), _a([0, 1], (2,)), _a([0, 1, 2, 3, 4,
               5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23], (3, 2, 1,
               4)), _a([0, 1, 2], (3,)), _a([0, 2, 4, 1, 3, 5], (2, 3, 1, 1)), _a([0, 1], (2,)))),
              (FC_HWF_ORDER, (_a([0, 1], (2, 1, 1, 1)), _a([0, 1], (2,)), _a([0, 6, 12, 18, 3, 9,
                15, 21, 1, 7, 13, 19, 4, 10, 16, 22, 2, 8, 14, 20, 5, 11, 17, 23], (3, 2, 1, 4)),
                _a([0, 1, 2], (3,)), _a([0, 2, 4, 1, 3, 5], (2, 3, 1, 1)), _a([0, 1], (2,)))),
              (FC_W3_NOT_TRANSPOSED, (_a([0, 1], (2, 1, 1, 1)), _a([0, 1], (2,)), _a([0, 3, 6, 9,
                12, 15, 18, 21, 1, 4, 7, 10, 13, 16, 19, 22, 2, 5, 8, 11, 14, 17, 20, 23], (3, 2,
                1, 4)), _a([0, 1, 2], (3,)), _a([0, 1, 2, 3, 4, 5], (2, 3, 1, 1)), _a([0, 1],
                (2,)))),
              (FC_FLIPPED, (_a([0, 1], (2, 1, 1, 1)), _a([0, 1], (2,)), _a([9, 6, 3, 0, 21, 18,
                15, 12, 10, 7, 4, 1, 22, 19, 16, 13, 11, 8, 5, 2, 23, 20, 17, 14], (3, 2, 1, 4)),
                _a([0, 1, 2], (3,)), _a([0, 2, 4, 1, 3, 5], (2, 3, 1, 1)), _a([0, 1], (2,)))),
              (FC_HW_SWAPPED, (_a([0, 1], (2, 1, 1, 1)), _a([0, 1], (2,)), _a([0, 3, 6, 9, 12,
                15, 18, 21, 1, 4, 7, 10, 13, 16, 19, 22, 2, 5, 8, 11, 14, 17, 20, 23], (3, 2, 4,
                1)), _a([0, 1, 2], (3,)), _a([0, 2, 4, 1, 3, 5], (2, 3, 1, 1)), _a([0, 1], (2,)))),
              (FC_BIAS_SHAPE, (_a([0, 1], (2, 1, 1, 1)), _a([0, 1], (2,)), _a([0, 3, 6, 9, 12,
                15, 18, 21, 1, 4, 7, 10, 13, 16, 19, 22, 2, 5, 8, 11, 14, 17, 20, 23], (3, 2, 1,
                4)), _a([0, 1, 2], (3, 1, 1)), _a([0, 2, 4, 1, 3, 5], (2, 3, 1, 1)), _a([0, 1],
                (2,)))),),
             '1x1 conv filters, pooled to 1x4'),
    ),
}
# CASES-END
# fmt: on


def _tolerance(x: np.ndarray) -> tuple[float, float]:
    """(rtol, atol) for values computed from x: looser for float32."""
    return (1e-4, 1e-4) if x.dtype == np.float32 else (1e-7, 1e-9)


def _check_bn_state(case: Case, result: Any, args: tuple[Any, ...]) -> None:
    """After the forward pass: the running statistics in bn_param, and the cache."""
    x, gamma, _, bn_param = case.args
    got = args[3]
    rtol, atol = _tolerance(x)
    where = describe(case)
    for key in ("running_mean", "running_var"):
        if key not in got and bn_param["mode"] == "test":
            continue  # test mode need not store the defaults
        if key not in got:
            raise CheckFailure(
                f"spatial_batchnorm_forward: bn_param has no {key!r} after {where}.\n"
                f"  Likely cause: {BN_NOT_STORED}."
            )
        expected = bn_param.after[key]
        if bn_param["mode"] == "test":
            value = np.asarray(got[key], dtype=np.float64)
            if value.shape != expected.shape or not np.allclose(value, expected, rtol, atol):
                raise CheckFailure(
                    f"spatial_batchnorm_forward changed bn_param[{key!r}] for {where}.\n"
                    f"  {BN_TEST_UPDATES}."
                )
            continue
        assert_close(
            f"spatial_batchnorm_forward: bn_param[{key!r}] after the call",
            got[key],
            expected,
            case=where,
            mistakes=[(cause, wrong[key]) for cause, wrong in bn_param.mistakes],
            rtol=rtol,
            atol=atol,
        )
    cache = result[1]
    ok = isinstance(cache, tuple | list) and len(cache) == 5
    if ok:
        c_x, c_gamma, c_mean, c_var, c_eps = cache
        ok = all(isinstance(a, np.ndarray) for a in (c_x, c_gamma, c_mean, c_var))
        ok = ok and np.array_equal(c_x, x) and np.array_equal(c_gamma, gamma)
        ok = ok and c_eps == bn_param.get("eps", 1e-5)
        for part, key in ((c_mean, "mean"), (c_var, "var")):
            expected = bn_param.after[key]
            ok = ok and part.shape == expected.shape
            ok = ok and bool(np.allclose(part, expected, rtol=rtol, atol=atol))
    if not ok:
        raise CheckFailure(f"spatial_batchnorm_forward: wrong cache for {where}.\n  {BN_CACHE}.")


def _check_net_unchanged(case: Case, result: Any, args: tuple[Any, ...]) -> None:
    """to_fully_convolutional must leave net.params as it was."""
    before, after = case.args[0].params, args[0].params
    same = set(before) == set(after) and all(
        isinstance(after[k], np.ndarray)
        and after[k].shape == before[k].shape
        and np.array_equal(after[k], before[k])
        for k in before
    )
    if not same:
        raise CheckFailure(f"{FC_CHANGED_NET} ({describe(case)}).")


RESULT_CHECKS: dict[str, Callable[[Case, Any, tuple[Any, ...]], None]] = {
    "spatial_batchnorm_forward": _check_bn_state,
    "to_fully_convolutional": _check_net_unchanged,
}
"""Checks of a result whose compared part is right."""


# --- harnesses: how a case runs the class and the dict-returning function ---------------------


def _init_problem(net: Any, params: dict[str, np.ndarray], init: dict[str, Any]) -> str:
    """What is wrong with a new network's parameters ('' if nothing)."""
    got = getattr(net, "params", None)
    if not isinstance(got, dict) or set(got) != set(PARAM_NAMES):
        keys = sorted(got) if isinstance(got, dict) else type(got).__name__
        return f"{NET_KEYS}; got {keys}."
    dtype = np.dtype(init.get("dtype", np.float32))
    for name in PARAM_NAMES:
        value = got[name]
        if not isinstance(value, np.ndarray):
            return f"params[{name!r}] must be a NumPy array, got {type(value).__name__}."
        if value.shape != params[name].shape:
            why = f"\n  {NET_W2_SHAPE}." if name == "W2" else ""
            return f"params[{name!r}] has shape {value.shape}, expected {params[name].shape}.{why}"
        if value.dtype != dtype:
            return f"params[{name!r}] has dtype {value.dtype}, expected {dtype}.\n  {NET_DTYPE}."
    scale = init.get("weight_scale", 1e-3)
    for name in PARAM_NAMES:
        value = got[name].astype(np.float64)
        if name.startswith("b"):
            if np.any(value != 0):
                return f"params[{name!r}] is not all zero.\n  {NET_BIASES_ZERO}."
            continue
        n = value.size  # the sample's mean and std vary by about scale / sqrt(n)
        mean, std = float(value.mean()), float(value.std())
        if abs(std / scale - 1) > 6 / math.sqrt(2 * n) or abs(mean) > 6 * scale / math.sqrt(n):
            return (
                f"params[{name!r}] has mean {mean:.3g} and standard deviation {std:.3g} for "
                f"weight_scale={scale}.\n  {NET_INIT_SCALE}."
            )
    return ""


def _run_net(net: Any, X: np.ndarray, y: np.ndarray, init: dict[str, Any]) -> tuple:
    """``(scores, loss, grads['W1'], ..., grads['b3'])`` of a net, with the dtypes checked."""
    dtype = np.dtype(init.get("dtype", np.float32))
    scores = net.loss(X)
    result = net.loss(X, y)
    if not (isinstance(result, tuple) and len(result) == 2 and isinstance(result[1], dict)):
        raise CheckFailure(f"{NET_GRADS}; got {type(result).__name__}.")
    loss, grads = result
    if set(grads) != set(PARAM_NAMES):
        raise CheckFailure(f"{NET_GRADS}; got the keys {sorted(grads)}.")
    for name, value in [("scores", scores), *((f"grads[{k!r}]", grads[k]) for k in PARAM_NAMES)]:
        got = getattr(value, "dtype", None)
        if got is not None and got != dtype and X.dtype == dtype:
            raise CheckFailure(
                f"ThreeLayerConvNet with {_kwargs(init)}: {name} has dtype {got}, expected "
                f"{dtype}.\n  {NET_DTYPE_LOST}."
            )
    return (scores, loss, *(grads[name] for name in PARAM_NAMES))


def _net_harness(cls: Any) -> Callable[..., tuple[Any, ...]]:
    """A case of the net: build it, check its initial parameters, set the case's, run loss."""

    def run(X: np.ndarray, y: np.ndarray, params: dict[str, np.ndarray], **init: Any) -> tuple:
        net = cls(**init)
        problem = _init_problem(net, params, init)
        if problem:
            raise CheckFailure(f"ThreeLayerConvNet(**kwargs) with {_kwargs(init)}: {problem}")
        dtype = np.dtype(init.get("dtype", np.float32))
        net.params = {name: np.array(value, dtype=dtype) for name, value in params.items()}
        return _run_net(net, X, y, init)

    return run


def _kwargs(init: dict[str, Any]) -> str:
    """The constructor's arguments as ``a=1, b=2``."""
    return ", ".join(f"{key}={value!r}" for key, value in init.items())


def _fc_harness(fn: Callable[..., Any]) -> Callable[..., tuple[Any, ...]]:
    """A case of to_fully_convolutional: the returned dict's six arrays, in order."""

    def run(net: Net) -> tuple[Any, ...]:
        out = fn(net)
        if not isinstance(out, dict) or set(out) != set(PARAM_NAMES):
            got = sorted(out) if isinstance(out, dict) else type(out).__name__
            raise CheckFailure(
                f"to_fully_convolutional must return a dict with the keys W1, b1, W2, b2, W3, b3; "
                f"got {got}."
            )
        return tuple(out[name] for name in PARAM_NAMES)

    return run


HARNESSES: dict[str, Callable[[Any], Callable[..., Any]]] = {
    "ThreeLayerConvNet": _net_harness,
    "to_fully_convolutional": _fc_harness,
}
"""How a case calls the class and the function that returns a dict."""


# --- the defaults and float32 (one extra visible check of the net) ----------------------------

DEFAULT_SHAPES = {
    "W1": (32, 3, 7, 7), "b1": (32,), "W2": (32 * 16 * 16, 100), "b2": (100,),
    "W3": (100, 10), "b3": (10,),
}  # fmt: skip
"""ThreeLayerConvNet()'s parameter shapes: 32x32 inputs keep their size (7x7 filters, padding 3)
and are pooled to 16x16."""

LOG_10 = 2.302585092994046
"""The softmax loss of ten equal scores, -log(1/10): a new net with tiny weights starts there."""


def _check_defaults(cls: Any) -> None:
    """ThreeLayerConvNet() with the default arguments: shapes, float32, a loss near log(10)."""
    shapes = {name: np.zeros(shape) for name, shape in DEFAULT_SHAPES.items()}
    try:
        net = cls()
    except NotImplementedError:
        raise CheckFailure("ThreeLayerConvNet is not implemented yet.") from None
    except Exception as exc:  # noqa: BLE001 (any student error is reported, not re-raised)
        raise CheckFailure(f"ThreeLayerConvNet() raised {type(exc).__name__}: {exc}") from None
    problem = _init_problem(net, shapes, {})
    if problem:
        raise CheckFailure(f"ThreeLayerConvNet() with the default arguments: {problem}")
    X = np.random.default_rng(0).standard_normal((2, 3, 32, 32)).astype(np.float32)
    try:
        loss = _run_net(net, X, np.array([3, 7]), {})[1]
    except CheckFailure:
        raise
    except Exception as exc:  # noqa: BLE001
        raise CheckFailure(
            f"ThreeLayerConvNet(): net.loss(X, y) on X of shape {X.shape} float32 raised "
            f"{type(exc).__name__}: {exc}"
        ) from None
    if not abs(float(loss) - LOG_10) < 0.01:
        raise CheckFailure(
            f"ThreeLayerConvNet(): a new network with tiny weights gives scores near 0, so its "
            f"loss should be near -log(1/10) = {LOG_10:.4f}; got {float(loss):.4f}."
        )


EXTRA_CHECKS: dict[str, Callable[..., None]] = {"ThreeLayerConvNet": _check_defaults}
"""ThreeLayerConvNet(): the default sizes, float32 kept through loss, the initial loss."""

PASSED_NOTES: dict[str, str] = {
    "ThreeLayerConvNet": "Next: check the gradients numerically, then train it.",
}


# ---------------------------------------------------------------------------------------------
# One public check per graded cell, named like its grade id.


def spatial_batchnorm_forward(spatial_batchnorm_forward: Callable[..., Any]) -> None:
    """Check ``spatial_batchnorm_forward(x, gamma, beta, bn_param) -> (out, cache)``."""
    public("spatial_batchnorm_forward", spatial_batchnorm_forward)


def spatial_batchnorm_backward(spatial_batchnorm_backward: Callable[..., Any]) -> None:
    """Check ``spatial_batchnorm_backward(dout, cache) -> (dx, dgamma, dbeta)``."""
    public("spatial_batchnorm_backward", spatial_batchnorm_backward)


def ThreeLayerConvNet(ThreeLayerConvNet: type) -> None:  # noqa: N802, N803 (the grade id)
    """Check the class ``ThreeLayerConvNet``: initialisation, scores, loss and gradients."""
    public("ThreeLayerConvNet", ThreeLayerConvNet)


def to_fully_convolutional(to_fully_convolutional: Callable[..., dict]) -> None:
    """Check ``to_fully_convolutional(net) -> dict`` of conv weights W1, b1, W2, b2, W3, b3."""
    public("to_fully_convolutional", to_fully_convolutional)
