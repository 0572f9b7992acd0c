"""cnnlab.layers against PyTorch (torch.nn.functional + autograd in float64) over shape tables."""

import zlib

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from cnnlab import layers

# Tolerances: float64 inputs must agree to rounding; float32 inputs are compared with the float64
# reference computed from the same (float32-rounded) values.
TOL = {np.float64: {"rtol": 1e-10, "atol": 1e-10}, np.float32: {"rtol": 2e-4, "atol": 2e-4}}
DTYPES = [np.float64, np.float32]

# (N, C, H, W), (F, HH, WW), stride, padding: rectangular inputs, non-square kernels, N=1, C=1,
# stride 1..3, padding 0..2, 1x1 kernels, a kernel as large as the padded input.
CONV_CASES = [
    ((2, 3, 5, 5), (4, 3, 3), 1, 1),
    ((1, 1, 4, 4), (1, 2, 2), 1, 0),
    ((2, 3, 7, 6), (4, 3, 2), 2, 1),
    ((3, 2, 8, 5), (3, 2, 3), 3, 2),
    ((1, 4, 6, 9), (5, 1, 1), 1, 0),
    ((2, 1, 9, 7), (2, 5, 3), 2, 0),
    ((2, 3, 3, 4), (2, 5, 6), 1, 1),
    ((1, 2, 10, 11), (3, 4, 4), 3, 1),
    ((4, 5, 6, 6), (6, 3, 3), 1, 2),
]

# (N, C, H, W), kernel_size, stride: non-overlapping, overlapping (stride < kernel), leftover
# rows/columns that no window covers, non-square kernels and strides.
POOL_CASES = [
    ((2, 3, 4, 4), 2, None),
    ((1, 1, 5, 5), 3, 1),
    ((2, 2, 7, 6), 3, 2),
    ((1, 3, 9, 8), (2, 3), (1, 2)),
    ((3, 1, 6, 10), (3, 2), None),
    ((2, 2, 5, 7), 2, 3),
]


def _rng(*key):
    """A generator seeded by the test's key (stable across runs, unlike hash())."""
    return np.random.default_rng(zlib.crc32(repr(key).encode()))


def _torch(*arrays):
    """float64 leaf tensors that require grad, from (possibly float32) arrays."""
    return [torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=True) for a in arrays]


def _close(got, expected, dtype):
    expected = expected.detach().numpy() if isinstance(expected, torch.Tensor) else expected
    assert got.shape == expected.shape, f"shape: ours={got.shape} torch={expected.shape}"
    np.testing.assert_allclose(got, expected, **TOL[dtype])


def _case_id(case):
    return "-".join(str(part).replace(" ", "") for part in case)


# --------------------------------------------------------------------------- windows


def test_windows_is_a_read_only_view_of_every_window():
    x = np.arange(2 * 3 * 7 * 6, dtype=np.float64).reshape(2, 3, 7, 6)
    view = layers.windows(x, (3, 2), stride=2)
    assert view.shape == (2, 3, 3, 3, 3, 2)
    assert np.shares_memory(view, x)
    assert not view.flags.writeable
    for i in range(3):
        for j in range(3):
            np.testing.assert_array_equal(
                view[:, :, i, j], x[:, :, 2 * i : 2 * i + 3, 2 * j : 2 * j + 2]
            )


def test_windows_matches_torch_unfold():
    x = _rng("unfold").standard_normal((2, 3, 8, 7))
    view = layers.windows(x, (3, 2), stride=(2, 1))  # (N, C, H_out, W_out, HH, WW)
    N, C, H_out, W_out, HH, WW = view.shape
    cols = view.transpose(0, 1, 4, 5, 2, 3).reshape(N, C * HH * WW, H_out * W_out)
    expected = F.unfold(torch.from_numpy(x), (3, 2), stride=(2, 1)).numpy()
    np.testing.assert_array_equal(cols, expected)


# --------------------------------------------------------------------------- convolution


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize("case", CONV_CASES, ids=_case_id)
def test_conv_matches_torch(case, dtype):
    (N, C, H, W), (F_, HH, WW), stride, padding = case
    rng = _rng("conv", case)
    x = rng.standard_normal((N, C, H, W)).astype(dtype)
    w = rng.standard_normal((F_, C, HH, WW)).astype(dtype)
    b = rng.standard_normal(F_).astype(dtype)
    out, cache = layers.conv_forward(x, w, b, stride=stride, padding=padding)
    tx, tw, tb = _torch(x, w, b)
    expected = F.conv2d(tx, tw, tb, stride=stride, padding=padding)
    _close(out, expected, dtype)
    assert out.dtype == dtype

    dout = rng.standard_normal(out.shape).astype(dtype)
    expected.backward(torch.from_numpy(dout.astype(np.float64)))
    dx, dw, db = layers.conv_backward(dout, cache)
    for got, ref in [(dx, tx), (dw, tw), (db, tb)]:
        _close(got, ref.grad, dtype)
        assert got.dtype == dtype


def test_conv_big_enough_to_use_blas():
    """One realistic size (the same code path, larger matrices)."""
    rng = _rng("conv big")
    x, w, b = rng.standard_normal((8, 16, 12, 12)), rng.standard_normal((8, 16, 3, 3)), np.ones(8)
    out, cache = layers.conv_forward(x, w, b, padding=1)
    tx, tw, tb = _torch(x, w, b)
    expected = F.conv2d(tx, tw, tb, padding=1)
    _close(out, expected, np.float64)
    dout = rng.standard_normal(out.shape)
    expected.backward(torch.from_numpy(dout))
    for got, ref in zip(layers.conv_backward(dout, cache), (tx, tw, tb), strict=True):
        _close(got, ref.grad, np.float64)


# --------------------------------------------------------------------------- pooling


def _pool_reference(kind, x, kernel_size, stride):
    tx = _torch(x)[0]
    pool = F.max_pool2d if kind == "max" else F.avg_pool2d
    return tx, pool(tx, kernel_size, stride=stride)


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize("case", POOL_CASES, ids=_case_id)
def test_pool_matches_torch(case, dtype, kind):
    shape, kernel_size, stride = case
    forward, backward = {
        "max": (layers.max_pool_forward, layers.max_pool_backward),
        "avg": (layers.avg_pool_forward, layers.avg_pool_backward),
    }[kind]
    rng = _rng("pool", case, kind)
    x = rng.standard_normal(shape).astype(dtype)
    out, cache = forward(x, kernel_size=kernel_size, stride=stride)
    tx, expected = _pool_reference(kind, x, kernel_size, stride)
    _close(out, expected, dtype)
    dout = rng.standard_normal(out.shape).astype(dtype)
    expected.backward(torch.from_numpy(dout.astype(np.float64)))
    dx = backward(dout, cache)
    _close(dx, tx.grad, dtype)
    assert out.dtype == dx.dtype == dtype


def test_max_pool_default_is_2x2_stride_2():
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    out, _ = layers.max_pool_forward(x)
    np.testing.assert_array_equal(out, [[[[5.0, 7.0], [13.0, 15.0]]]])


def test_max_pool_ties_go_to_the_first_maximum():
    # Every window is constant, so every element ties: the gradient goes to the window's first
    # element in row-major order (as in PyTorch), never split or doubled.
    x = np.zeros((1, 1, 4, 4))
    x[0, 0, 2:, 2:] = 3.0
    out, cache = layers.max_pool_forward(x, kernel_size=2, stride=2)
    dx = layers.max_pool_backward(np.array([[[[1.0, 2.0], [3.0, 4.0]]]]), cache)
    expected = np.zeros((4, 4))
    expected[0, 0], expected[0, 2], expected[2, 0], expected[2, 2] = 1.0, 2.0, 3.0, 4.0
    np.testing.assert_array_equal(dx[0, 0], expected)

    # Ties in the middle of a window: [[1, 5], [5, 2]] -> the 5 in the first row.
    x = np.array([[[[1.0, 5.0], [5.0, 2.0]]]])
    _, cache = layers.max_pool_forward(x)
    np.testing.assert_array_equal(
        layers.max_pool_backward(np.ones((1, 1, 1, 1)), cache), [[[[0, 1], [0, 0]]]]
    )


def test_max_pool_ties_and_overlap_match_torch():
    # Small integers make many ties; stride 1 with a 3x3 kernel makes windows overlap, so one
    # element can be the maximum of several windows and must collect all their gradients.
    rng = _rng("ties")
    x = rng.integers(0, 3, size=(2, 3, 7, 6)).astype(np.float64)
    for kernel_size, stride in [(2, 2), (3, 1), (3, 2), ((2, 3), 1)]:
        out, cache = layers.max_pool_forward(x, kernel_size=kernel_size, stride=stride)
        tx, expected = _pool_reference("max", x, kernel_size, stride)
        _close(out, expected, np.float64)
        dout = rng.standard_normal(out.shape)
        expected.backward(torch.from_numpy(dout))
        _close(layers.max_pool_backward(dout, cache), tx.grad, np.float64)


def test_max_pool_overlapping_windows_accumulate():
    # The centre element is the maximum of all four 2x2 windows (stride 1) of a 3x3 input.
    x = np.zeros((1, 1, 3, 3))
    x[0, 0, 1, 1] = 1.0
    _, cache = layers.max_pool_forward(x, kernel_size=2, stride=1)
    dx = layers.max_pool_backward(np.ones((1, 1, 2, 2)), cache)
    np.testing.assert_array_equal(dx[0, 0], [[0, 0, 0], [0, 4, 0], [0, 0, 0]])


# --------------------------------------------------------------------------- affine, relu


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize("x_shape", [(4, 5), (1, 3), (3, 2, 4), (2, 3, 4, 5)])
def test_affine_matches_torch(x_shape, dtype):
    rng = _rng("affine", x_shape)
    D = int(np.prod(x_shape[1:]))
    x = rng.standard_normal(x_shape).astype(dtype)
    w = rng.standard_normal((D, 6)).astype(dtype)
    b = rng.standard_normal(6).astype(dtype)
    out, cache = layers.affine_forward(x, w, b)
    tx, tw, tb = _torch(x, w, b)
    expected = tx.reshape(x_shape[0], -1) @ tw + tb
    _close(out, expected, dtype)
    dout = rng.standard_normal(out.shape).astype(dtype)
    expected.backward(torch.from_numpy(dout.astype(np.float64)))
    for got, ref in zip(layers.affine_backward(dout, cache), (tx, tw, tb), strict=True):
        _close(got, ref.grad, dtype)
        assert got.dtype == dtype


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
def test_relu_matches_torch(dtype):
    rng = _rng("relu")
    x = rng.standard_normal((3, 4, 5)).astype(dtype)
    x[0, 0, :3] = 0.0  # the gradient at exactly 0 is 0, as in PyTorch
    out, cache = layers.relu_forward(x)
    tx = _torch(x)[0]
    expected = F.relu(tx)
    _close(out, expected, dtype)
    dout = rng.standard_normal(x.shape).astype(dtype)
    expected.backward(torch.from_numpy(dout.astype(np.float64)))
    dx = layers.relu_backward(dout, cache)
    _close(dx, tx.grad, dtype)
    assert out.dtype == dx.dtype == dtype


# --------------------------------------------------------------------------- softmax loss


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize("shape", [(5, 3), (1, 10), (8, 2)])
def test_softmax_loss_matches_cross_entropy(shape, dtype):
    rng = _rng("softmax", shape)
    scores = (3 * rng.standard_normal(shape)).astype(dtype)
    y = rng.integers(0, shape[1], size=shape[0])
    loss, dscores = layers.softmax_loss(scores, y)
    ts = _torch(scores)[0]
    expected = F.cross_entropy(ts, torch.from_numpy(y))
    expected.backward()
    assert isinstance(loss, float)
    np.testing.assert_allclose(loss, expected.item(), **TOL[dtype])
    _close(dscores, ts.grad, dtype)
    assert dscores.dtype == dtype


def test_softmax_loss_is_numerically_stable():
    scores = np.array([[1000.0, 0.0, -1000.0], [-5000.0, 5000.0, 0.0]])
    y = np.array([0, 0])
    loss, dscores = layers.softmax_loss(scores, y)
    ts = _torch(scores)[0]
    expected = F.cross_entropy(ts, torch.from_numpy(y))
    expected.backward()
    assert np.isfinite(loss) and np.all(np.isfinite(dscores))
    np.testing.assert_allclose(loss, expected.item(), rtol=1e-12)
    _close(dscores, ts.grad, np.float64)


# --------------------------------------------------------------------------- sandwich layers


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
def test_conv_relu_pool_matches_torch(dtype):
    rng = _rng("crp")
    x = rng.standard_normal((2, 3, 8, 6)).astype(dtype)
    w = rng.standard_normal((4, 3, 3, 3)).astype(dtype)
    b = rng.standard_normal(4).astype(dtype)
    out, cache = layers.conv_relu_pool_forward(x, w, b, stride=1, padding=1)
    tx, tw, tb = _torch(x, w, b)
    expected = F.max_pool2d(F.relu(F.conv2d(tx, tw, tb, padding=1)), 2)
    _close(out, expected, dtype)
    dout = rng.standard_normal(out.shape).astype(dtype)
    expected.backward(torch.from_numpy(dout.astype(np.float64)))
    for got, ref in zip(layers.conv_relu_pool_backward(dout, cache), (tx, tw, tb), strict=True):
        _close(got, ref.grad, dtype)
        assert got.dtype == dtype


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
def test_affine_relu_matches_torch(dtype):
    rng = _rng("ar")
    x = rng.standard_normal((4, 2, 3)).astype(dtype)
    w = rng.standard_normal((6, 5)).astype(dtype)
    b = rng.standard_normal(5).astype(dtype)
    out, cache = layers.affine_relu_forward(x, w, b)
    tx, tw, tb = _torch(x, w, b)
    expected = F.relu(tx.reshape(4, -1) @ tw + tb)
    _close(out, expected, dtype)
    dout = rng.standard_normal(out.shape).astype(dtype)
    expected.backward(torch.from_numpy(dout.astype(np.float64)))
    for got, ref in zip(layers.affine_relu_backward(dout, cache), (tx, tw, tb), strict=True):
        _close(got, ref.grad, dtype)


# --------------------------------------------------------------------------- inputs not mutated


def _layer_calls(rng):
    x = rng.standard_normal((2, 3, 6, 5))
    w = rng.standard_normal((4, 3, 3, 3))
    b = rng.standard_normal(4)
    wa, ba = rng.standard_normal((90, 7)), rng.standard_normal(7)
    yield "conv", layers.conv_forward, layers.conv_backward, (x, w, b), {"stride": 2, "padding": 1}
    yield "max_pool", layers.max_pool_forward, layers.max_pool_backward, (x,), {"kernel_size": 2}
    yield "avg_pool", layers.avg_pool_forward, layers.avg_pool_backward, (x,), {"stride": 1}
    yield "affine", layers.affine_forward, layers.affine_backward, (x, wa, ba), {}
    yield "relu", layers.relu_forward, layers.relu_backward, (x,), {}
    yield (
        "conv_relu_pool",
        layers.conv_relu_pool_forward,
        layers.conv_relu_pool_backward,
        (
            x,
            w,
            b,
        ),
        {"padding": 1},
    )
    yield "affine_relu", layers.affine_relu_forward, layers.affine_relu_backward, (x, wa, ba), {}


@pytest.mark.parametrize(
    "name", ["conv", "max_pool", "avg_pool", "affine", "relu", "conv_relu_pool", "affine_relu"]
)
def test_inputs_not_mutated(name):
    rng = _rng("mutate", name)
    _, forward, backward, args, kwargs = next(c for c in _layer_calls(rng) if c[0] == name)
    before = [a.copy() for a in args]
    out, cache = forward(*args, **kwargs)
    dout = rng.standard_normal(out.shape)
    dout_before = dout.copy()
    backward(dout, cache)
    backward(dout, cache)  # a second backward pass gives the same result: the cache is intact
    for a, a_before in zip(args, before, strict=True):
        np.testing.assert_array_equal(a, a_before)
    np.testing.assert_array_equal(dout, dout_before)


def test_softmax_loss_does_not_mutate():
    scores, y = np.array([[1.0, 2.0, 3.0]]), np.array([2])
    layers.softmax_loss(scores, y)
    np.testing.assert_array_equal(scores, [[1.0, 2.0, 3.0]])
    np.testing.assert_array_equal(y, [2])


def test_backward_twice_gives_the_same_gradients():
    rng = _rng("twice")
    x, w, b = rng.standard_normal((2, 3, 5, 5)), rng.standard_normal((2, 3, 3, 3)), np.zeros(2)
    out, cache = layers.conv_forward(x, w, b, padding=1)
    dout = rng.standard_normal(out.shape)
    for first, second in zip(
        layers.conv_backward(dout, cache), layers.conv_backward(dout, cache), strict=True
    ):
        np.testing.assert_array_equal(first, second)


# --------------------------------------------------------------------------- errors


def _conv(x_shape, w_shape, b_shape=None, **kwargs):
    b_shape = (w_shape[0],) if b_shape is None else b_shape
    return layers.conv_forward(np.zeros(x_shape), np.zeros(w_shape), np.zeros(b_shape), **kwargs)


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (
            lambda: _conv((2, 3, 5, 5), (4, 2, 3, 3)),
            ["channel mismatch", "(2, 3, 5, 5)", "(4, 2, 3, 3)"],
        ),
        (lambda: _conv((2, 3, 5, 5), (4, 3, 3, 3), b_shape=(3,)), ["(3,)", "(4,)"]),
        (lambda: _conv((2, 3, 2, 5), (4, 3, 3, 3)), ["does not fit", "(2, 3, 2, 5)", "(3, 3)"]),
        (lambda: _conv((2, 3, 1, 1), (4, 3, 4, 4), padding=1), ["does not fit", "(3, 3)"]),
        (lambda: _conv((2, 3, 5, 5), (4, 3, 3, 3), stride=0), ["stride", "0"]),
        (lambda: _conv((2, 3, 5, 5), (4, 3, 3, 3), padding=-1), ["padding", "-1"]),
        (lambda: _conv((3, 5, 5), (4, 3, 3, 3)), ["(3, 5, 5)"]),
        (
            lambda: layers.max_pool_forward(np.zeros((1, 2, 3, 3)), kernel_size=4),
            ["does not fit", "(1, 2, 3, 3)"],
        ),
        (lambda: layers.max_pool_forward(np.zeros((1, 2, 4, 4)), stride=-1), ["stride", "-1"]),
        (lambda: layers.avg_pool_forward(np.zeros((1, 2, 4, 4)), kernel_size=0), ["kernel_size"]),
        (
            lambda: layers.affine_forward(np.zeros((2, 3, 4)), np.zeros((10, 5)), np.zeros(5)),
            ["(2, 3, 4)", "(10, 5)", "12"],
        ),
        (
            lambda: layers.affine_forward(np.zeros((2, 4)), np.zeros((4, 5)), np.zeros(4)),
            ["(4,)", "(5,)"],
        ),
        (lambda: layers.softmax_loss(np.zeros((2, 3)), np.array([0, 3])), ["[0, 3)"]),
        (lambda: layers.softmax_loss(np.zeros((2, 3)), np.array([0])), ["(1,)", "(2,)"]),
        (lambda: layers.softmax_loss(np.zeros((2, 3)), np.array([0.0, 1.0])), ["integer"]),
    ],
    ids=[
        "conv-channels",
        "conv-bias",
        "conv-too-big",
        "conv-too-big-padded",
        "conv-stride",
        "conv-padding",
        "conv-3d-input",
        "pool-too-big",
        "pool-stride",
        "pool-kernel",
        "affine-D",
        "affine-bias",
        "softmax-label-range",
        "softmax-label-shape",
        "softmax-label-dtype",
    ],
)
def test_bad_arguments_raise_value_error_naming_shapes(call, words):
    with pytest.raises(ValueError) as info:
        call()
    for word in words:
        assert word in str(info.value), f"{word!r} not in {str(info.value)!r}"


@pytest.mark.parametrize(
    ("forward", "backward", "args"),
    [
        (
            layers.conv_forward,
            layers.conv_backward,
            (np.zeros((1, 2, 4, 4)), np.zeros((3, 2, 3, 3)), np.zeros(3)),
        ),
        (layers.max_pool_forward, layers.max_pool_backward, (np.zeros((1, 2, 4, 4)),)),
        (layers.avg_pool_forward, layers.avg_pool_backward, (np.zeros((1, 2, 4, 4)),)),
        (
            layers.affine_forward,
            layers.affine_backward,
            (np.zeros((2, 3)), np.zeros((3, 4)), np.zeros(4)),
        ),
        (layers.relu_forward, layers.relu_backward, (np.zeros((2, 3)),)),
    ],
    ids=["conv", "max_pool", "avg_pool", "affine", "relu"],
)
def test_backward_rejects_dout_of_the_wrong_shape(forward, backward, args):
    out, cache = forward(*args)
    with pytest.raises(ValueError, match="dout has shape"):
        backward(np.zeros(out.shape + (1,)), cache)


# --------------------------------------------------------------------------- dtypes


def test_float32_stays_float32_through_a_small_net():
    rng = _rng("net")
    x = rng.standard_normal((2, 3, 8, 8), dtype=np.float32)
    w1, b1 = rng.standard_normal((4, 3, 3, 3), dtype=np.float32), np.zeros(4, np.float32)
    w2, b2 = rng.standard_normal((64, 5), dtype=np.float32), np.zeros(5, np.float32)
    a, c1 = layers.conv_relu_pool_forward(x, w1, b1, padding=1)
    scores, c2 = layers.affine_forward(a, w2, b2)
    loss, dscores = layers.softmax_loss(scores, np.array([1, 4]))
    grads = [*layers.affine_backward(dscores, c2)]
    grads += layers.conv_relu_pool_backward(grads[0], c1)
    assert a.dtype == scores.dtype == np.float32
    assert all(g.dtype == np.float32 for g in [dscores, *grads])
    out, _ = layers.avg_pool_forward(x)
    assert out.dtype == np.float32
