"""cnnlab.gradcheck: rel_error's definition; numerical gradients vs analytic and autograd."""

import numpy as np
import pytest
import torch

from cnnlab.gradcheck import numerical_gradient, numerical_gradient_array, rel_error

# A correct float64 gradient check must come out below this (rel_error's docstring says so).
CORRECT = 1e-7


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(0)


# ---------------------------------------------------------------------------------- rel_error


def test_rel_error_identical_is_zero(rng):
    x = rng.standard_normal((3, 4))
    assert rel_error(x, x.copy()) == 0.0


def test_rel_error_both_zero_is_zero_not_nan():
    assert rel_error(np.zeros((2, 3)), np.zeros((2, 3))) == 0.0
    assert rel_error(0.0, 0.0) == 0.0


def test_rel_error_known_values():
    # |1 - 3| / (1 + 3) = 0.5 is the largest entry; the other is |2 - 2| / 4 = 0.
    assert rel_error(np.array([1.0, 2.0]), np.array([3.0, 2.0])) == pytest.approx(0.5)
    # Scalars, and opposite signs give the maximum, 1.
    assert rel_error(2.0, 1.0) == pytest.approx(1 / 3)
    assert rel_error(-1.0, 1.0) == pytest.approx(1.0)
    # Below the 1e-8 floor the absolute difference is divided by 1e-8.
    assert rel_error(1e-12, 0.0) == pytest.approx(1e-4)
    assert isinstance(rel_error(np.ones(2), np.ones(2)), float)


def test_rel_error_is_the_max_not_the_mean():
    x = np.ones(100)
    y = np.ones(100)
    y[37] = 3.0  # one wrong entry: |1 - 3| / 4
    assert rel_error(x, y) == pytest.approx(0.5)


def test_rel_error_propagates_nan():
    assert np.isnan(rel_error(np.array([1.0, np.nan]), np.array([1.0, 1.0])))


def test_rel_error_shape_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=r"\(2, 3\).*\(3, 2\)"):
        rel_error(np.zeros((2, 3)), np.zeros((3, 2)))
    with pytest.raises(ValueError, match="shape"):
        rel_error(np.zeros(1), 0.0)  # no broadcasting, even for a scalar


# ---------------------------------------------------------------------- numerical_gradient


def test_numerical_gradient_of_quadratic_matches_analytic(rng):
    a = rng.standard_normal((3, 4))
    x = rng.standard_normal((3, 4))
    # f(x) = sum(a * x**2) + sum(x)  ->  df/dx = 2 a x + 1
    grad = numerical_gradient(lambda x: np.sum(a * x**2) + np.sum(x), x)
    assert grad.shape == x.shape and grad.dtype == np.float64
    assert rel_error(grad, 2 * a * x + 1) < CORRECT


def test_numerical_gradient_detects_a_wrong_gradient(rng):
    x = rng.standard_normal(5)
    grad = numerical_gradient(lambda x: np.sum(x**3), x)
    assert rel_error(grad, 3 * x**2) < CORRECT
    assert rel_error(grad, 2 * x**2) > 1e-2  # a wrong factor must show up


@pytest.mark.parametrize(
    ("np_fn", "torch_fn"),
    [
        (
            lambda x: np.sum(np.tanh(x) * np.exp(-(x**2))),
            lambda t: (t.tanh() * (-(t**2)).exp()).sum(),
        ),
        (lambda x: np.log(np.sum(np.exp(x))), lambda t: t.logsumexp(dim=(0, 1))),
        (lambda x: np.sum(np.sin(x @ x.T)), lambda t: (t @ t.T).sin().sum()),
    ],
    ids=["tanh_gauss", "logsumexp", "sin_gram"],
)
def test_numerical_gradient_matches_torch_autograd(rng, np_fn, torch_fn):
    x = rng.standard_normal((3, 4))
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    torch_fn(t).backward()
    expected = t.grad.numpy()
    grad = numerical_gradient(np_fn, x)
    assert rel_error(grad, expected) < CORRECT


def test_numerical_gradient_zero_where_f_is_constant(rng):
    x = rng.standard_normal((2, 3))
    grad = numerical_gradient(lambda x: 3.5, x)
    assert np.array_equal(grad, np.zeros((2, 3)))
    assert rel_error(grad, np.zeros_like(x)) == 0.0  # exact zeros compare as 0, not nan


def test_numerical_gradient_relu_region_has_exact_zeros(rng):
    # Entries well away from the kink at 0, half of them negative (gradient exactly zero there).
    x = rng.uniform(0.1, 1.0, size=(4, 5)) * rng.choice([-1.0, 1.0], size=(4, 5))
    w = rng.standard_normal((4, 5))
    t = torch.tensor(x, requires_grad=True)
    (torch.relu(t) * torch.tensor(w)).sum().backward()
    expected = t.grad.numpy()
    grad = numerical_gradient(lambda x: np.sum(np.maximum(x, 0) * w), x)
    assert np.all(grad[x < 0] == 0.0)
    assert rel_error(grad, expected) < CORRECT
    # And a wrong gradient in the zero region (ReLU gradient passed through everywhere) shows up.
    assert rel_error(grad, w) > 1e-2


def test_numerical_gradient_scalar_input():
    x = np.array(2.0)
    grad = numerical_gradient(lambda x: float(x) ** 2, x)
    assert grad.shape == () and rel_error(grad, 4.0) < CORRECT


def test_numerical_gradient_restores_x_exactly_and_f_sees_nudged_x(rng):
    x = rng.standard_normal((3, 3))
    original = x.copy()
    seen = []

    def f(arg):
        assert arg is x  # f gets x itself (closures over x work)
        seen.append(arg.copy())
        return np.sum(arg**2)

    numerical_gradient(f, x)
    assert np.array_equal(x, original)  # bit for bit, not approximately
    assert len(seen) == 2 * x.size
    assert not np.array_equal(seen[0], original)  # x really was nudged while f ran


def test_numerical_gradient_restores_x_when_f_raises(rng):
    x = rng.standard_normal(4)
    original = x.copy()

    def f(arg):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        numerical_gradient(f, x)
    assert np.array_equal(x, original)


@pytest.mark.parametrize(
    ("x", "message"),
    [
        (np.arange(4), "float64"),
        (np.ones(4, dtype=np.float32), "float64"),
        ([1.0, 2.0], "NumPy array"),
    ],
    ids=["int", "float32", "list"],
)
def test_numerical_gradient_rejects_bad_x(x, message):
    with pytest.raises(ValueError, match=message):
        numerical_gradient(lambda x: 0.0, x)


def test_numerical_gradient_rejects_read_only_x_and_bad_step():
    x = np.ones(3)
    with pytest.raises(ValueError, match="h > 0"):
        numerical_gradient(lambda x: 0.0, x, h=0.0)
    x.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        numerical_gradient(lambda x: 0.0, x)


def test_numerical_gradient_rejects_array_valued_f():
    with pytest.raises(ValueError, match="numerical_gradient_array"):
        numerical_gradient(lambda x: 2 * x, np.ones(3))


# ---------------------------------------------------------------- numerical_gradient_array


def test_numerical_gradient_array_of_affine_matches_analytic(rng):
    x = rng.standard_normal((2, 3))
    w = rng.standard_normal((3, 4))
    dout = rng.standard_normal((2, 4))
    dx = numerical_gradient_array(lambda x: x @ w, x, dout)
    assert dx.shape == x.shape
    assert rel_error(dx, dout @ w.T) < CORRECT


def test_numerical_gradient_array_matches_torch_conv2d(rng):
    x = rng.standard_normal((1, 2, 5, 4))
    w = rng.standard_normal((3, 2, 3, 2))
    wt = torch.tensor(w)
    dout = rng.standard_normal((1, 3, 3, 3))

    def conv(x):
        return torch.nn.functional.conv2d(torch.tensor(x), wt).numpy()

    t = torch.tensor(x, requires_grad=True)
    torch.nn.functional.conv2d(t, wt).backward(torch.tensor(dout))
    dx = numerical_gradient_array(conv, x, dout)
    assert rel_error(dx, t.grad.numpy()) < CORRECT


def test_numerical_gradient_array_relu_zero_region(rng):
    x = rng.uniform(0.1, 1.0, size=(3, 4)) * rng.choice([-1.0, 1.0], size=(3, 4))
    dout = rng.standard_normal((3, 4))
    dx = numerical_gradient_array(lambda x: np.maximum(x, 0), x, dout)
    expected = np.where(x > 0, dout, 0.0)
    assert np.all(dx[x < 0] == 0.0)
    assert rel_error(dx, expected) < CORRECT
    assert rel_error(dx, dout) > 1e-2


def test_numerical_gradient_array_copies_reused_output_buffer(rng):
    # f returns the same buffer every call (like an in-place layer): the difference must not be 0.
    x = rng.standard_normal(4)
    buffer = np.empty(4)

    def f(x):
        np.multiply(x, 3.0, out=buffer)
        return buffer

    dout = rng.standard_normal(4)
    dx = numerical_gradient_array(f, x, dout)
    assert rel_error(dx, 3.0 * dout) < CORRECT


def test_numerical_gradient_array_restores_x(rng):
    x = rng.standard_normal((2, 2))
    original = x.copy()
    numerical_gradient_array(lambda x: np.exp(x), x, np.ones((2, 2)))
    assert np.array_equal(x, original)

    def f(arg):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        numerical_gradient_array(f, x, np.ones((2, 2)))
    assert np.array_equal(x, original)


def test_numerical_gradient_array_dout_shape_mismatch():
    with pytest.raises(ValueError, match=r"\(2, 3\).*\(3, 2\)"):
        numerical_gradient_array(lambda x: x, np.ones((2, 3)), np.ones((3, 2)))


def test_numerical_gradient_array_rejects_integer_x():
    with pytest.raises(ValueError, match="float64"):
        numerical_gradient_array(lambda x: x, np.arange(3), np.ones(3))
