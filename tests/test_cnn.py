"""The cnn notebook: its visible checks, hidden tests and mutants, beyond the generic tests.

Every literal in cnnlab/checks/cnn.py is re-derived here with PyTorch in float64, independently of
autograder.tasks.cnn (nn.BatchNorm2d for the running statistics, an nn.Module network for the
class, a conv-versus-affine experiment for the fully convolutional weights); test_checks.py
compares the literals with that module, and test_mutants.py runs every cnn mutant. Here also: the
source check for a class and its allow-list (cnnlab.layers for the network only), the harnesses
that run the class, messages that teach, and the fully convolutional network's score map.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
import torch
import torch.nn.functional as F  # noqa: N812
from conftest import case_params, define, failure, solution_path

from autograder import check, hidden, sourcecheck, tasks
from autograder.notebooks import answer_namespace
from autograder.tasks import cnn as task
from cnnlab import checks, layers
from cnnlab.checks import RAISES, Case, CheckFailure
from cnnlab.checks import cnn as cnn_checks
from cnnlab.checks.cnn import PARAM_NAMES, BNCache, BNParam, Net, Params

NOTEBOOK = solution_path("cnn")
GRADE_IDS = tuple(cnn_checks.FUNCTIONS)


def t(a) -> torch.Tensor:
    return torch.tensor(np.array(a, dtype=np.float64))


# --- every literal re-derived with torch float64 --------------------------------------------------


def bn_module(x, gamma, beta, bn_param) -> tuple[np.ndarray, dict]:
    """nn.BatchNorm2d in float64: out and the running statistics after one call."""
    C = x.shape[1]
    bn = torch.nn.BatchNorm2d(
        C, eps=bn_param.get("eps", 1e-5), momentum=bn_param.get("momentum", 0.1)
    )
    bn = bn.double()
    with torch.no_grad():
        bn.weight.copy_(t(gamma))
        bn.bias.copy_(t(beta))
        bn.running_mean.copy_(t(bn_param.get("running_mean", np.zeros(C))))
        bn.running_var.copy_(t(bn_param.get("running_var", np.ones(C))))
    bn.train(bn_param["mode"] == "train")
    out = bn(t(x)).detach().numpy()
    return out, {"running_mean": bn.running_mean.numpy(), "running_var": bn.running_var.numpy()}


class TorchNet(torch.nn.Module):
    """The network of the notebook as PyTorch modules (Linear stores W.T)."""

    def __init__(self, params: dict, filter_size: int) -> None:
        super().__init__()
        F_, C = params["W1"].shape[:2]
        self.conv = torch.nn.Conv2d(C, F_, filter_size, padding=(filter_size - 1) // 2).double()
        self.fc1 = torch.nn.Linear(*params["W2"].shape).double()
        self.fc2 = torch.nn.Linear(*params["W3"].shape).double()
        with torch.no_grad():
            self.conv.weight.copy_(t(params["W1"]))
            self.conv.bias.copy_(t(params["b1"]))
            self.fc1.weight.copy_(t(params["W2"]).T)
            self.fc1.bias.copy_(t(params["b2"]))
            self.fc2.weight.copy_(t(params["W3"]).T)
            self.fc2.bias.copy_(t(params["b3"]))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = torch.nn.MaxPool2d(2)(torch.relu(self.conv(x)))
        return self.fc2(torch.relu(self.fc1(torch.flatten(h, 1))))


def torch_net(X, y, params, reg) -> tuple:
    """(scores, loss, grads) with nn modules, an L2 term on the weights only, autograd."""
    net = TorchNet(params, params["W1"].shape[2])
    scores = net(t(X))
    weights = (net.conv.weight, net.fc1.weight, net.fc2.weight)
    loss = F.cross_entropy(scores, torch.as_tensor(y)) + 0.5 * reg * sum(
        (w**2).sum() for w in weights
    )
    loss.backward()
    grads = {
        "W1": net.conv.weight.grad, "b1": net.conv.bias.grad, "W2": net.fc1.weight.grad.T,
        "b2": net.fc1.bias.grad, "W3": net.fc2.weight.grad.T, "b3": net.fc2.bias.grad,
    }  # fmt: skip
    return (scores.detach().numpy(), loss.item(), *(grads[n].numpy() for n in PARAM_NAMES))


def pooled_size(net: Net) -> tuple[int, int]:
    _, H, W = net.input_dim
    k = net.params["W1"].shape[2]
    p = (k - 1) // 2
    return (H + 2 * p - k + 1) // 2, (W + 2 * p - k + 1) // 2


def conv_reproduces_affine(net: Net, conv: tuple) -> None:
    """The conv weights compute the affine layers: F.conv2d on random volumes vs x @ W + b."""
    W1, b1, W2, b2, W3, b3 = (np.asarray(a, dtype=np.float64) for a in conv)
    params = {k: np.asarray(v, dtype=np.float64) for k, v in net.params.items()}
    F_ = params["W1"].shape[0]
    H_pool, W_pool = pooled_size(net)
    volume = np.random.default_rng(0).standard_normal((3, F_, H_pool, W_pool))
    hidden = F.conv2d(t(volume), t(W2), t(b2))  # (3, hidden_dim, 1, 1)
    affine = t(volume.reshape(3, -1)) @ t(params["W2"]) + t(params["b2"])
    torch.testing.assert_close(hidden[:, :, 0, 0], affine, rtol=1e-12, atol=1e-12)
    scores = F.conv2d(hidden, t(W3), t(b3))[:, :, 0, 0]
    torch.testing.assert_close(scores, affine @ t(params["W3"]) + t(params["b3"]))
    assert np.array_equal(W1, params["W1"]) and np.array_equal(b1, params["b1"])


@pytest.mark.parametrize("case", case_params(cnn_checks.CASES))
def test_literal_matches_torch(case: Case) -> None:
    if case.call == "spatial_batchnorm_forward":
        x, gamma, beta, bn_param = case.args
        if case.expected is RAISES:
            with pytest.raises((ValueError, RuntimeError)):
                if bn_param["mode"] not in ("train", "test"):
                    raise ValueError(bn_param["mode"])
                bn_module(x, gamma, beta, bn_param)
            return
        out, running = bn_module(x, gamma, beta, bn_param)
        np.testing.assert_allclose(out, case.expected, rtol=1e-9, atol=1e-9)
        for key in running:
            np.testing.assert_allclose(bn_param.after[key], running[key], rtol=1e-12, atol=1e-12)
        if bn_param["mode"] == "train":
            np.testing.assert_allclose(bn_param.after["mean"], x.mean(axis=(0, 2, 3)))
            np.testing.assert_allclose(bn_param.after["var"], x.var(axis=(0, 2, 3)), atol=1e-12)
    elif case.call == "spatial_batchnorm_backward":
        dout, (x, gamma, mean, var, eps) = case.args
        np.testing.assert_allclose(mean, x.mean(axis=(0, 2, 3)), atol=1e-12)
        np.testing.assert_allclose(var, x.var(axis=(0, 2, 3)), atol=1e-12)
        xt, gt = t(x).requires_grad_(), t(gamma).requires_grad_()
        bt = torch.zeros_like(gt).requires_grad_()
        torch.nn.functional.batch_norm(xt, None, None, gt, bt, training=True, eps=eps).backward(
            t(dout)
        )
        for got, want in zip((xt.grad, gt.grad, bt.grad), case.expected, strict=True):
            np.testing.assert_allclose(got.numpy(), want, rtol=1e-9, atol=1e-9)
    elif case.call == "ThreeLayerConvNet":
        X, y, params = case.args
        result = torch_net(X, y, params, case.kwargs["reg"])
        for got, want in zip(result, case.expected, strict=True):
            np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)
    else:
        (net,) = case.args
        conv_reproduces_affine(net, case.expected)


@pytest.mark.spatial_batchnorm_forward
def test_literal_running_statistic_mistakes_are_what_they_say() -> None:
    """BNParam.mistakes hold what the named slip leaves (worked out by hand, no torch needed)."""
    causes = set()
    for case in cnn_checks.CASES["spatial_batchnorm_forward"]:
        x, _, _, bn_param = case.args
        if case.expected is RAISES or bn_param["mode"] != "train":
            continue
        m = 0.1 if "momentum" not in bn_param else bn_param["momentum"]
        M = x.size // x.shape[1]
        mean, var = x.mean(axis=(0, 2, 3)), x.var(axis=(0, 2, 3))
        unbiased = var * M / (M - 1)
        old_mean = bn_param.get("running_mean", np.zeros(x.shape[1]))
        old_var = bn_param.get("running_var", np.ones(x.shape[1]))
        new_mean = (1 - m) * old_mean + m * mean
        by_hand = {
            cnn_checks.BN_BIASED_RUNNING: (new_mean, (1 - m) * old_var + m * var),
            cnn_checks.BN_MOMENTUM_SWAPPED: (m * old_mean + (1 - m) * mean,
                                             m * old_var + (1 - m) * unbiased),
            cnn_checks.BN_NOT_STORED: (old_mean, old_var),
            cnn_checks.BN_DEFAULT_STATS: (new_mean, m * unbiased),
        }  # fmt: skip
        for cause, wrong in bn_param.mistakes:
            causes.add(cause)
            np.testing.assert_allclose(wrong["running_mean"], by_hand[cause][0], atol=1e-12)
            np.testing.assert_allclose(wrong["running_var"], by_hand[cause][1], atol=1e-12)
    assert len(causes) == 4


def test_the_first_cases_can_be_checked_by_hand() -> None:
    first = cnn_checks.CASES["spatial_batchnorm_forward"][0]
    x = first.args[0]
    assert x[:, 0].ravel().tolist() == [2, 4, 4, 10] and x[:, 1].ravel().tolist() == [1, 7, 1, 7]
    np.testing.assert_allclose(first.expected[:, 0].ravel(), [-1, 1 / 3, 1 / 3, 13 / 3])
    np.testing.assert_allclose(first.args[3].after["running_var"], [2.1, 2.1])  # 0.9 + 0.1 * 12
    fc = cnn_checks.CASES["to_fully_convolutional"][0]
    for got in fc.expected:
        assert np.array_equal(got, np.round(got))  # integers: a reshape you can follow


# --- the references -------------------------------------------------------------------------------


@pytest.mark.to_fully_convolutional
@pytest.mark.parametrize("seed", range(4))
def test_fully_convolutional_reference_gives_the_scores_and_a_score_map(seed: int) -> None:
    """Reference weights + given layers: the net's scores on 32x32, a 17x17 map on 64x64."""
    rng = np.random.default_rng(seed)
    k = 1 + seed  # with k = 1 the padding is 0 and every window of the map is a crop exactly
    F_, hidden_dim, num_classes = 3, 5, 4
    H_pool = (32 + 2 * ((k - 1) // 2) - k + 1) // 2
    params = {
        "W1": rng.standard_normal((F_, 3, k, k)), "b1": rng.standard_normal(F_),
        "W2": rng.standard_normal((F_ * H_pool * H_pool, hidden_dim)) / 10,
        "b2": rng.standard_normal(hidden_dim), "W3": rng.standard_normal((hidden_dim, num_classes)),
        "b3": rng.standard_normal(num_classes),
    }  # fmt: skip
    W1, b1, W2, b2, W3, b3 = task.to_fully_convolutional(Net(params, (3, 32, 32)))
    p = (k - 1) // 2

    def convolutional(x):
        out, _ = layers.conv_relu_pool_forward(x, W1, b1, padding=p)
        out, _ = layers.relu_forward(layers.conv_forward(out, W2, b2)[0])
        return layers.conv_forward(out, W3, b3)[0]

    def affine(x):
        out, _ = layers.conv_relu_pool_forward(x, params["W1"], params["b1"], padding=p)
        out, _ = layers.affine_relu_forward(out, params["W2"], params["b2"])
        return layers.affine_forward(out, params["W3"], params["b3"])[0]

    x = rng.standard_normal((2, 3, 32, 32))
    np.testing.assert_allclose(convolutional(x)[:, :, 0, 0], affine(x), rtol=1e-10, atol=1e-10)
    big = rng.standard_normal((1, 3, 64, 64))
    score_map = convolutional(big)  # 64x64 pooled to 32x32 (31x31 for even k); W2 covers 16x16
    assert score_map.shape == (1, num_classes, 17, 17)
    if k == 1:
        for i, j in [(0, 0), (5, 11), (16, 16)]:
            crop = big[:, :, 2 * i : 2 * i + 32, 2 * j : 2 * j + 32]
            np.testing.assert_allclose(score_map[0, :, i, j], affine(crop)[0], rtol=1e-10)


@pytest.mark.ThreeLayerConvNet
def test_net_reference_matches_torch_modules_on_the_hidden_cases() -> None:
    for _, case in hidden.hidden_cases("ThreeLayerConvNet")[:4]:
        X, y, params = case.args
        result = torch_net(X, y, params, case.kwargs["reg"])
        for got, want in zip(result, case.expected, strict=True):
            np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)


@pytest.mark.spatial_batchnorm_forward
def test_reference_leaves_bn_param_alone_and_keeps_float32() -> None:
    x = np.random.default_rng(0).standard_normal((3, 2, 2, 2)).astype(np.float32)
    bn_param = BNParam({"mode": "train", "running_mean": np.ones(2, np.float32)})
    before = copy.deepcopy(bn_param)
    out, cache = task.spatial_batchnorm_forward(
        x, np.ones(2, np.float32), np.zeros(2, np.float32), bn_param
    )
    assert bn_param == before and out.dtype == np.float32 and isinstance(cache, BNCache)


# --- the solution against PyTorch, beyond the cases ---------------------------------------------


@pytest.mark.spatial_batchnorm_forward
@pytest.mark.spatial_batchnorm_backward
def test_solution_trains_like_batchnorm2d_over_several_steps(solution) -> None:
    """Three train steps then a test step: out, running statistics and gradients as PyTorch."""
    ns = solution("cnn")
    rng = np.random.default_rng(3)
    bn = torch.nn.BatchNorm2d(4, momentum=0.3).double()
    bn_param = {"mode": "train", "momentum": 0.3}
    gamma, beta = rng.standard_normal(4), rng.standard_normal(4)
    with torch.no_grad():
        bn.weight.copy_(t(gamma))
        bn.bias.copy_(t(beta))
    for step in range(4):
        mode = "train" if step < 3 else "test"
        bn.train(mode == "train")
        bn_param["mode"] = mode
        x = rng.standard_normal((2, 4, 3, 5)) * 2 + 1
        xt = t(x).requires_grad_(mode == "train")
        ref = bn(xt)
        out, cache = ns["spatial_batchnorm_forward"](x, gamma, beta, bn_param)
        np.testing.assert_allclose(out, ref.detach().numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(bn_param["running_mean"], bn.running_mean.numpy(), rtol=1e-12)
        np.testing.assert_allclose(bn_param["running_var"], bn.running_var.numpy(), rtol=1e-12)
        if mode == "train":
            dout = rng.standard_normal(x.shape)
            ref.backward(t(dout))
            dx, dgamma, dbeta = ns["spatial_batchnorm_backward"](dout, cache)
            np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-8, atol=1e-10)
            np.testing.assert_allclose(dgamma, bn.weight.grad.numpy(), rtol=1e-10)
            np.testing.assert_allclose(dbeta, bn.bias.grad.numpy(), rtol=1e-10)
            bn.zero_grad()


@pytest.mark.ThreeLayerConvNet
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_solution_net_defaults_and_dtype(solution, dtype) -> None:
    np.random.seed(0)
    net = solution("cnn")["ThreeLayerConvNet"](dtype=dtype)
    assert {k: v.shape for k, v in net.params.items()} == cnn_checks.DEFAULT_SHAPES
    assert all(v.dtype == dtype for v in net.params.values())
    X = np.random.randn(3, 3, 32, 32).astype(dtype)
    loss, grads = net.loss(X, np.array([0, 4, 9]))
    assert abs(loss - np.log(10)) < 1e-3
    assert all(grads[k].dtype == dtype and grads[k].shape == net.params[k].shape for k in grads)
    assert net.loss(X).dtype == dtype and net.input_dim == (3, 32, 32)


# --- the source check: a class, and an allow-list for one grade id ------------------------------


def test_the_network_may_use_cnnlab_layers_and_nothing_else_of_cnnlab() -> None:
    assert tasks.ALLOWED_MODULES == {"ThreeLayerConvNet": ("cnnlab.layers",)}
    assert all(tasks.NUMPY_ONLY[g] for g in GRADE_IDS)


FORBIDDEN_CLASSES = {
    "torch-import-in-a-method": (
        """
        class ThreeLayerConvNet(ThreeLayerConvNet):
            def loss(self, X, y=None):
                import torch
                return super().loss(X, y)
        """,
        ["ThreeLayerConvNet.loss: it imports torch"],
    ),
    "torch-base-class": (
        """
        import torch
        class ThreeLayerConvNet(torch.nn.Module):
            def __init__(self, *args, **kwargs):
                super().__init__()
        """,
        ["it subclasses Module from torch.nn.modules.module"],
    ),
    "cnnlab-checks-in-a-method": (
        """
        class ThreeLayerConvNet(ThreeLayerConvNet):
            def loss(self, X, y=None):
                from cnnlab import checks
                return super().loss(X, y)
        """,
        ["ThreeLayerConvNet.loss: it imports cnnlab.checks"],
    ),
    "scipy-class-attribute": (
        """
        import types
        _special = types.ModuleType("scipy.special")
        class ThreeLayerConvNet(ThreeLayerConvNet):
            special = _special
        """,
        ["its attribute special comes from scipy.special"],
    ),
}


@pytest.mark.ThreeLayerConvNet
@pytest.mark.parametrize("key", list(FORBIDDEN_CLASSES))
def test_source_check_searches_a_class(key: str, ns: dict) -> None:
    source, phrases = FORBIDDEN_CLASSES[key]
    define(ns, source)
    message = failure("ThreeLayerConvNet", ns)
    assert "must be written with NumPy and cnnlab.layers only" in message
    for phrase in phrases:
        assert phrase in message, message


@pytest.mark.ThreeLayerConvNet
def test_source_check_allows_the_given_layers_however_imported(ns: dict) -> None:
    assert sourcecheck.violations(ns["ThreeLayerConvNet"], ("cnnlab.layers",)) == []
    assert sourcecheck.violations(ns["ThreeLayerConvNet"]) == [  # without the allow-list
        "ThreeLayerConvNet.loss: it uses layers, which comes from cnnlab.layers"
    ]
    define(
        ns,
        """
        class ThreeLayerConvNet(ThreeLayerConvNet):
            def loss(self, X, y=None):
                from cnnlab.layers import affine_forward
                import cnnlab.layers as L
                return super().loss(X, y)
        """,
    )
    assert sourcecheck.violations(ns["ThreeLayerConvNet"], ("cnnlab.layers",)) == []


@pytest.mark.spatial_batchnorm_forward
def test_batchnorm_may_not_use_the_given_layers(ns: dict) -> None:
    define(
        ns,
        """
        _solution = spatial_batchnorm_forward
        def spatial_batchnorm_forward(x, gamma, beta, bn_param):
            layers.relu_forward(x)
            return _solution(x, gamma, beta, bn_param)
        """,
    )
    message = failure("spatial_batchnorm_forward", ns)
    assert "must be written with NumPy only" in message
    assert "it uses layers, which comes from cnnlab.layers" in message


# --- parts are graded independently ---------------------------------------------------------------


def test_no_graded_part_depends_on_another(ns: dict, capsys) -> None:
    assert task.SUBSTITUTES == {}
    for name in ("spatial_batchnorm_forward", "ThreeLayerConvNet"):
        define(ns, f"def {name}(*args, **kwargs):\n    raise NotImplementedError\n")
    for grade_id in ("spatial_batchnorm_backward", "to_fully_convolutional"):
        check(grade_id, ns)
    assert capsys.readouterr().out.count("hidden tests passed.") == 2


# --- messages that teach --------------------------------------------------------------------------


def visible_failure(grade_id: str, fn) -> str:
    with pytest.raises(CheckFailure) as info:
        checks.run_visible(grade_id, fn)
    return str(info.value)


@pytest.mark.ThreeLayerConvNet
def test_net_messages(ns: dict) -> None:
    stub = (
        "class ThreeLayerConvNet:\n    def __init__(self, **kw):\n        raise NotImplementedError"
    )
    define(ns, stub)
    assert "ThreeLayerConvNet is not implemented yet" in visible_failure(
        "ThreeLayerConvNet", ns["ThreeLayerConvNet"]
    )
    ns = answer_namespace(NOTEBOOK)
    define(
        ns,
        """
        class ThreeLayerConvNet(ThreeLayerConvNet):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.params["b2"] = self.params["b2"] + 0.5
        """,
    )
    message = visible_failure("ThreeLayerConvNet", ns["ThreeLayerConvNet"])
    assert "params['b2'] is not all zero" in message and "input_dim=(1, 4, 4)" in message
    assert message.startswith("ThreeLayerConvNet(**kwargs) with")  # the harness's own message
    ns = answer_namespace(NOTEBOOK)
    define(
        ns,
        """
        class ThreeLayerConvNet(ThreeLayerConvNet):
            def loss(self, X, y=None):
                out = super().loss(X, y)
                if y is None:
                    return out
                return out[0], {k: v.astype(np.float64) for k, v in out[1].items()}
        """,
    )
    assert cnn_checks.NET_DTYPE_LOST in failure("ThreeLayerConvNet", ns)


@pytest.mark.ThreeLayerConvNet
def test_net_wrong_gradient_is_named_with_its_part(ns: dict) -> None:
    define(
        ns,
        """
        class ThreeLayerConvNet(ThreeLayerConvNet):
            def loss(self, X, y=None):
                out = super().loss(X, y)
                if y is not None:
                    out[1]["W3"] = -out[1]["W3"]
                return out
        """,
    )
    message = failure("ThreeLayerConvNet", ns)
    assert (
        "ThreeLayerConvNet: grads['W3'] is wrong for ThreeLayerConvNet(X: (2, 1, 4, 4)" in message
    )
    assert "params={W1: (2, 1, 3, 3)" in message and "num_filters=2" in message


@pytest.mark.spatial_batchnorm_forward
def test_bn_messages(ns: dict) -> None:
    define(
        ns,
        """
        _solution = spatial_batchnorm_forward
        def spatial_batchnorm_forward(x, gamma, beta, bn_param):
            out, (x_, gamma_, mean, var, eps) = _solution(x, gamma, beta, bn_param)
            return out, (x_, gamma_, mean, np.sqrt(var + eps), eps)
        """,
    )
    assert cnn_checks.BN_CACHE in failure("spatial_batchnorm_forward", ns)
    ns = answer_namespace(NOTEBOOK)
    define(
        ns,
        """
        _solution = spatial_batchnorm_forward
        def spatial_batchnorm_forward(x, gamma, beta, bn_param):
            out = _solution(x, gamma, beta, bn_param)
            if bn_param["mode"] == "test":
                bn_param["running_mean"] = bn_param["running_mean"] + 1
            return out
        """,
    )
    assert cnn_checks.BN_TEST_UPDATES in failure("spatial_batchnorm_forward", ns)


@pytest.mark.to_fully_convolutional
def test_fc_messages(ns: dict) -> None:
    define(
        ns,
        """
        _solution = to_fully_convolutional
        def to_fully_convolutional(net):
            out = _solution(net)
            net.params["W2"] *= 2
            return out
        """,
    )
    assert cnn_checks.FC_CHANGED_NET in failure("to_fully_convolutional", ns)
    define(ns, "def to_fully_convolutional(net):\n    return [net.params['W1']]\n")
    assert "must return a dict with the keys W1, b1, W2, b2, W3, b3" in failure(
        "to_fully_convolutional", ns
    )


def test_reprs_show_shapes_and_copies_keep_expectations() -> None:
    bn_param = BNParam(
        {"mode": "train", "running_mean": np.zeros(2, np.float32)}, {"x": np.ones(1)}
    )
    assert repr(bn_param) == "{'mode': 'train', running_mean: (2,) float32}"
    twin = copy.deepcopy(bn_param)
    assert twin == bn_param and twin.after["x"] == 1 and isinstance(twin, dict)
    net = Net({"W1": np.zeros((2, 1, 3, 3))}, (1, 4, 4))
    assert repr(net) == "Net(input_dim=(1, 4, 4), params={W1: (2, 1, 3, 3)})"
    assert copy.deepcopy(net) == net and Params({"a": np.ones(2)}) != Params({"a": np.zeros(2)})
    assert repr(BNCache((np.zeros((1, 2, 1, 1)), np.ones(2), np.ones(2), np.ones(2), 1e-5))) == (
        "cache=(x: (1, 2, 1, 1), gamma: (2,), mean: (2,), var: (2,), eps=1e-05)"
    )
