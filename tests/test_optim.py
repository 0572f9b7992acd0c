"""cnnlab.optim: every update rule takes the same steps as torch.optim (float64, several steps)."""

import numpy as np
import pytest

from cnnlab import optim

torch = pytest.importorskip("torch")

SHAPE = (3, 4)


def torch_steps(opt_class, w0, grads, lrs, **kwargs):
    """The weights after each step of ``opt_class`` fed with ``grads`` (lr per step from lrs)."""
    p = torch.tensor(w0, dtype=torch.float64, requires_grad=True)
    opt = opt_class([p], lr=lrs[0], **kwargs)
    out = []
    for dw, lr in zip(grads, lrs, strict=True):
        for group in opt.param_groups:
            group["lr"] = lr
        opt.zero_grad()
        p.grad = torch.tensor(dw, dtype=torch.float64)
        opt.step()
        out.append(p.detach().numpy().copy())
    return out


def our_steps(rule, w0, grads, lrs, config=None):
    """The weights after each step of our ``rule``, changing config["learning_rate"] to lrs[k]."""
    w, config, out = w0, dict(config or {}), []
    for dw, lr in zip(grads, lrs, strict=True):
        config["learning_rate"] = lr
        w, config = rule(w, dw, config)
        out.append(w)
    return out


@pytest.fixture
def problem():
    rng = np.random.default_rng(0)
    w0 = rng.standard_normal(SHAPE)
    grads = [rng.standard_normal(SHAPE) for _ in range(6)]
    return w0, grads


def assert_steps_equal(ours, ref):
    assert len(ours) == len(ref)
    for k, (a, b) in enumerate(zip(ours, ref, strict=True)):
        assert a.dtype == np.float64
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14, err_msg=f"step {k + 1}")


def test_rules_table():
    assert optim.RULES == {"sgd": optim.sgd, "sgd_momentum": optim.sgd_momentum, "adam": optim.adam}


@pytest.mark.parametrize("lr", [1e-2, 0.3])
def test_sgd_equals_torch(problem, lr):
    w0, grads = problem
    lrs = [lr] * len(grads)
    assert_steps_equal(
        our_steps(optim.sgd, w0, grads, lrs), torch_steps(torch.optim.SGD, w0, grads, lrs)
    )


@pytest.mark.parametrize("momentum", [0.9, 0.5, 0.0])
def test_sgd_momentum_equals_torch(problem, momentum):
    w0, grads = problem
    lrs = [0.1] * len(grads)
    ours = our_steps(optim.sgd_momentum, w0, grads, lrs, {"momentum": momentum})
    ref = torch_steps(torch.optim.SGD, w0, grads, lrs, momentum=momentum)
    assert_steps_equal(ours, ref)


def test_sgd_momentum_follows_pytorch_when_the_learning_rate_changes(problem):
    # With a changing learning rate PyTorch's velocity (without lr) and CS231n's (with lr) differ:
    # this pins the documented convention.
    w0, grads = problem
    lrs = [0.1, 0.1, 0.05, 0.05, 0.01, 0.2]
    ours = our_steps(optim.sgd_momentum, w0, grads, lrs)
    ref = torch_steps(torch.optim.SGD, w0, grads, lrs, momentum=0.9)
    assert_steps_equal(ours, ref)

    # CS231n's form gives other weights from the third step on (so the check above can fail).
    w, v = w0, np.zeros(SHAPE)
    for dw, lr in zip(grads[:3], lrs[:3], strict=True):
        v = 0.9 * v - lr * dw
        w = w + v
    assert not np.allclose(w, ours[2], rtol=1e-6)


def test_sgd_momentum_first_step_is_plain_sgd(problem):
    w0, grads = problem
    next_w, config = optim.sgd_momentum(w0, grads[0], {"learning_rate": 0.1})
    np.testing.assert_allclose(next_w, w0 - 0.1 * grads[0], rtol=1e-15)
    np.testing.assert_allclose(config["velocity"], grads[0], rtol=1e-15)


@pytest.mark.parametrize(
    "config",
    [{}, {"beta1": 0.5, "beta2": 0.9, "epsilon": 1e-6}],
    ids=["defaults", "other_betas"],
)
@pytest.mark.parametrize("lr", [1e-3, 0.1])
def test_adam_equals_torch(problem, config, lr):
    w0, grads = problem
    lrs = [lr] * len(grads)
    ours = our_steps(optim.adam, w0, grads, lrs, config)
    ref = torch_steps(
        torch.optim.Adam,
        w0,
        grads,
        lrs,
        betas=(config.get("beta1", 0.9), config.get("beta2", 0.999)),
        eps=config.get("epsilon", 1e-8),
    )
    assert_steps_equal(ours, ref)


def test_adam_first_step_moves_every_weight_by_about_the_learning_rate(problem):
    # Bias correction: m_hat = dw and v_hat = dw**2 after one step, so the step is lr * sign(dw).
    w0, grads = problem
    next_w, config = optim.adam(w0, grads[0], {"learning_rate": 0.01})
    np.testing.assert_allclose(w0 - next_w, 0.01 * np.sign(grads[0]), rtol=1e-6)
    assert config["t"] == 1


@pytest.mark.parametrize(
    ("rule", "defaults"),
    [
        (optim.sgd, {"learning_rate": 1e-2}),
        (optim.sgd_momentum, {"learning_rate": 1e-2, "momentum": 0.9}),
        (optim.adam, {"learning_rate": 1e-3, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}),
    ],
    ids=["sgd", "sgd_momentum", "adam"],
)
def test_defaults_filled_in_and_inputs_untouched(problem, rule, defaults):
    w0, grads = problem
    w, dw = w0.copy(), grads[0].copy()
    next_w, config = rule(w, dw)
    for key, value in defaults.items():
        assert config[key] == value, key
    np.testing.assert_array_equal(w, w0)
    np.testing.assert_array_equal(dw, grads[0])
    assert next_w is not w and not np.shares_memory(next_w, w)

    passed = {"learning_rate": 0.5}
    _, config = rule(w, dw, passed)
    assert passed == {"learning_rate": 0.5}, "the config passed in must not change"
    assert config["learning_rate"] == 0.5
    assert config is not passed


def test_state_is_a_new_array_each_step(problem):
    w0, grads = problem
    _, config = optim.adam(w0, grads[0])
    m, v = config["m"], config["v"]
    m_before, v_before = m.copy(), v.copy()
    _, config2 = optim.adam(w0, grads[1], config)
    np.testing.assert_array_equal(m, m_before)
    np.testing.assert_array_equal(v, v_before)
    assert config["t"] == 1 and config2["t"] == 2


@pytest.mark.parametrize("rule", [optim.sgd, optim.sgd_momentum, optim.adam])
def test_float32_stays_float32(problem, rule):
    w0, grads = problem
    w32 = w0.astype(np.float32)
    config32, config64 = {"learning_rate": 0.05}, {"learning_rate": 0.05}
    w64 = w0
    for dw in grads:
        w32, config32 = rule(w32, dw.astype(np.float32), config32)
        w64, config64 = rule(w64, dw, config64)
        assert w32.dtype == np.float32
        for key in ("velocity", "m", "v"):
            if key in config32:
                assert config32[key].dtype == np.float32, key
    np.testing.assert_allclose(w32, w64, rtol=1e-4, atol=1e-5)

    # A float64 gradient does not upcast float32 weights either.
    next_w, _ = rule(w0.astype(np.float32), grads[0])
    assert next_w.dtype == np.float32


@pytest.mark.parametrize("rule", [optim.sgd, optim.sgd_momentum, optim.adam])
def test_shape_mismatch_names_both_shapes(rule):
    with pytest.raises(ValueError, match=r"\(3, 4\).*\(4, 3\)"):
        rule(np.zeros((3, 4)), np.zeros((4, 3)))


@pytest.mark.parametrize(("rule", "key"), [(optim.sgd_momentum, "velocity"), (optim.adam, "m")])
def test_state_of_another_parameter_is_rejected(rule, key):
    with pytest.raises(ValueError, match=rf"{key}.*\(2,\).*\(3, 4\)"):
        rule(np.zeros((3, 4)), np.zeros((3, 4)), {key: np.zeros(2)})


def test_integer_weights_are_rejected():
    with pytest.raises(ValueError, match="float"):
        optim.sgd(np.zeros(3, dtype=int), np.zeros(3))
