"""The conv_backward notebook: visible checks, hidden tests and notebook, beyond the generic tests.

Every literal in cnnlab/checks/conv_backward.py is re-derived here with PyTorch's autograd in
float64 (``.backward()`` on ``F.conv1d`` / ``F.conv2d``), independently of the autograder's
references; wrong functions fail with messages that teach; the hidden cases cover the geometry
table; the notebook has the contract's structure. Every mutant of this notebook is run by
tests/test_mutants.py (its own cell fails with its sentence, every other cell passes).
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
import torch
import torch.nn.functional as F  # noqa: N812
from conftest import (
    assert_notebook_contract,
    case_params,
    define,
    failure,
    solution_path,
)

from autograder import check, hidden, mutants
from autograder.notebooks import cell_by_id, read
from cnnlab import checks
from cnnlab.checks import RAISES, Case, CheckFailure
from cnnlab.checks import conv_backward as cb
from cnnlab.checks.conv_backward import Cache

NOTEBOOK = solution_path("conv_backward")
POINTS = {
    "conv1d_forward": 1,
    "conv1d_backward": 2,
    "conv_backward_naive": 4,
    "conv_dx_full_correlation": 2,
}
WRITTEN = ("q_weight_gradient", "q_strided_backward", "q_gradient_check_cost")
CASES = case_params(cb.CASES)


# --- every literal re-derived with torch autograd in float64 -------------------------------------


def leaf(a) -> torch.Tensor:
    return torch.tensor(np.array(a, dtype=np.float64), requires_grad=True)


def torch_result(case: Case):
    """The case's result by PyTorch (float64), independently of autograder.tasks.conv_backward."""
    if case.call == "conv1d_forward":
        x, w = (torch.tensor(np.array(a, dtype=np.float64)) for a in case.args)
        return F.conv1d(x[None, None], w[None, None])[0, 0].numpy()
    if case.call == "conv1d_backward":
        dout, (x, w) = case.args
        xt, wt = leaf(x), leaf(w)
        (F.conv1d(xt[None, None], wt[None, None])[0, 0] * torch.tensor(dout)).sum().backward()
        return xt.grad.numpy(), wt.grad.numpy()
    if case.call == "conv_backward_naive":
        dout, (x, w, b, stride, padding) = case.args
        xt, wt, bt = leaf(x), leaf(w), leaf(b)
        out = F.conv2d(xt, wt, bt, stride=stride, padding=padding)
        assert out.shape == dout.shape
        out.backward(torch.tensor(dout))
        return xt.grad.numpy(), wt.grad.numpy(), bt.grad.numpy()
    if case.call == "conv_dx_full_correlation":
        dout, w = case.args
        n, f, h_out, w_out = dout.shape
        if w.shape[0] != f:
            with pytest.raises(RuntimeError):
                F.conv2d(torch.zeros(n, w.shape[1], 5, 5, dtype=torch.float64), leaf(w)).backward(
                    torch.tensor(dout)
                )
            return RAISES
        _, c, hh, ww = w.shape
        xt = leaf(np.zeros((n, c, h_out + hh - 1, w_out + ww - 1)))
        F.conv2d(xt, leaf(w)).backward(torch.tensor(dout))
        return xt.grad.numpy()
    raise AssertionError(case.call)


@pytest.mark.parametrize("case", CASES)
def test_literal_expected_value_matches_torch(case: Case) -> None:
    if case.expected is RAISES:
        if case.call == "conv1d_forward":
            x, w = case.args
            with pytest.raises(RuntimeError):
                F.conv1d(torch.tensor(x)[None, None], torch.tensor(w)[None, None])
        else:
            assert torch_result(case) is RAISES
        return
    got, expected = torch_result(case), case.expected
    if not isinstance(expected, tuple):
        got, expected = (got,), (expected,)
    assert len(got) == len(expected)
    for g, e in zip(got, expected, strict=True):
        assert g.shape == e.shape
        np.testing.assert_allclose(g, e, rtol=0, atol=1e-12)
        assert np.array_equal(e, np.round(e * 2) / 2)  # small numbers a student can redo


def test_visible_cases_are_the_ones_the_brief_asks_for() -> None:
    naive = [case.args[1] for case in cb.CASES["conv_backward_naive"]]
    assert any(stride == 2 and padding == 1 for (_, _, _, stride, padding) in naive)
    assert any(x.shape[0] > 1 for (x, *_) in naive)  # the batch sum of dw
    assert any(x.shape[1] > 1 and w.shape[0] > 1 for (x, w, *_) in naive)  # db axes, dx over f
    full = [case for case in cb.CASES["conv_dx_full_correlation"] if case.expected is not RAISES]
    assert any(w.shape[0] != w.shape[1] > 1 for _, w in (case.args for case in full))


def test_numbers_quoted_in_the_notebook_match_torch() -> None:
    """Section 2 and 3's example, the strided question and the gradient-check count."""
    x, w, dout = (
        leaf([1, 2, 3, 4]),
        leaf([2, -1]),
        torch.tensor([1.0, 0.0, 2.0], dtype=torch.float64),
    )
    out = F.conv1d(x[None, None], w[None, None])[0, 0]
    assert out.tolist() == [0, 1, 2]
    (out * dout).sum().backward()
    assert x.grad.tolist() == [2, -1, 4, -2] and w.grad.tolist() == [7, 10]
    # q_strided_backward: stride 2, k = 3, n = 7; dx from the dilated dout, fully correlated
    x, w, d = leaf(np.zeros(7)), torch.tensor([5.0, 7.0, 11.0], dtype=torch.float64), [1.0, 2, 3]
    F.conv1d(x[None, None], w[None, None], stride=2)[0, 0].backward(torch.tensor(d))
    dilated = np.pad(np.array([d[0], 0, d[1], 0, d[2]]), 2)
    assert np.allclose(x.grad.numpy(), np.correlate(dilated, w.numpy()[::-1], "valid"))
    text = cell_by_id(read(NOTEBOOK), "q_gradient_check_cost").source
    assert "394{,}944" in text and 2 * (64 * 3 * 32 * 32 + 32 * 3 * 3 * 3) == 394_944


# --- the Cache: a tuple that reads well in messages -----------------------------------------------


def test_cache_is_a_tuple_shown_by_shape() -> None:
    cache = Cache((np.zeros((1, 2, 3, 4)), np.ones((5, 2, 1, 1), np.float32), np.zeros(5), 2, 1))
    x, w, b, stride, padding = cache
    assert isinstance(cache, tuple) and stride == 2 and padding == 1
    assert repr(cache) == (
        "cache=(x: (1, 2, 3, 4), w: (5, 2, 1, 1) float32, b: (5,), stride=2, padding=1)"
    )
    twin = copy.deepcopy(cache)
    assert type(twin) is Cache and twin[0] is not cache[0]
    assert all(np.array_equal(a, b) for a, b in zip(twin, cache, strict=True))
    assert repr(Cache((x, b))) == "cache=(x: (1, 2, 3, 4), w: (5,))"


# --- and fail with a message that teaches on wrong functions --------------------------------------


def wrong_functions(ns: dict) -> list:
    """(grade_id, wrong function, phrases the message must contain)."""
    fwd, bwd1 = ns["conv1d_forward"], ns["conv1d_backward"]
    bwd, full = ns["conv_backward_naive"], ns["conv_dx_full_correlation"]

    def fwd_out_only(x, w):
        return fwd(x, w)[0]

    def fwd_bad_cache(x, w):
        return fwd(x, w)[0], (w, x)

    def bwd1_swapped(dout, cache):
        dx, dw = bwd1(dout, cache)
        return dw, dx

    def bwd1_mutates(dout, cache):
        result = bwd1(dout, cache)
        cache[0][0] += 1
        return result

    def bwd_db_mean(dout, cache):
        dx, dw, _ = bwd(dout, cache)
        return dx, dw, dout.mean(axis=(0, 2, 3))

    def bwd_pair(dout, cache):
        return bwd(dout, cache)[:2]

    def full_wrong_shape(dout, w):
        return full(dout, w)[:, :, 1:, :]

    return [
        ("conv1d_forward", fwd_out_only, ["must return a pair (out, cache)"]),
        ("conv1d_forward", fwd_bad_cache, ["the cache for conv1d_forward", "must be (x, w)"]),
        ("conv1d_backward", bwd1_swapped, ["conv1d_backward: dx is wrong", "expected shape (4,)"]),
        ("conv1d_backward", bwd1_mutates, ["changed x of its cache in place"]),
        ("conv_backward_naive", bwd_db_mean, ["conv_backward_naive: db is wrong", "index (0,)"]),
        ("conv_backward_naive", bwd_pair, ["must return a triple (dx, dw, db)"]),
        ("conv_dx_full_correlation", full_wrong_shape, ["dx has the shape of x"]),
    ]


@pytest.mark.parametrize("k", range(7))
def test_visible_check_fails_with_a_useful_message(k: int, solution_ns: dict) -> None:
    grade_id, fn, phrases = wrong_functions(solution_ns)[k]
    with pytest.raises(CheckFailure) as info:
        checks.run_visible(grade_id, fn)
    for phrase in phrases:
        assert phrase in str(info.value), str(info.value)


@pytest.mark.conv_backward_naive
def test_message_shows_the_cache_by_shape_and_the_likely_cause(solution_ns: dict) -> None:
    bwd = solution_ns["conv_backward_naive"]
    case = next(c for c in cb.CASES["conv_backward_naive"] if c.args[1][4] == 1)

    def bwd_padded_dx(dout, cache):
        x, w, b, stride, padding = cache
        xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
        return bwd(dout, Cache((xp, w, b, stride, 0)))

    with pytest.raises(CheckFailure) as info:
        checks.run_case(bwd_padded_dx, case)
    message = str(info.value)
    assert "cache=(x: (1, 1, 3, 4), w: (1, 1, 2, 3), b: (1,), stride=2, padding=1)" in message
    assert "expected shape (1, 1, 3, 4), got shape (1, 1, 5, 6)" in message
    assert f"Likely cause: {cb.PADDING_NOT_CROPPED}." in message


# --- hidden tests ---------------------------------------------------------------------------------


@pytest.mark.conv_backward_naive
def test_hidden_cases_cover_the_geometry_table() -> None:
    cases = [case for _, case in hidden.hidden_cases("conv_backward_naive")]
    caches = [case.args[1] for case in cases]
    assert any(x.shape[0] == 1 and x.shape[1] == 1 for x, *_ in caches)  # N=1, C=1
    assert any(x.shape[0] > 1 for x, *_ in caches)
    assert any(x.shape[2] != x.shape[3] for x, *_ in caches)  # rectangular input
    assert any(w.shape[2] != w.shape[3] for _, w, *_ in caches)  # non-square kernel
    assert {cache[3] for cache in caches} >= {1, 2, 3}
    assert {cache[4] for cache in caches} >= {0, 1, 2}
    assert {case.args[0].dtype for case in cases} == {np.dtype(np.float32), np.dtype(np.float64)}
    full = [case for _, case in hidden.hidden_cases("conv_dx_full_correlation")]
    assert any(case.expected is RAISES for case in full)
    assert any(case.args[1].shape[0] > 1 and case.args[1].shape[1] > 1 for case in full)


@pytest.mark.conv_backward_naive
def test_stub_and_torch_autograd_fail_clearly(ns: dict) -> None:
    define(ns, "def conv_backward_naive(dout, cache):\n    raise NotImplementedError\n")
    assert "conv_backward_naive is not implemented yet" in failure("conv_backward_naive", ns)
    define(
        ns,
        """
        def conv_backward_naive(dout, cache):
            import torch
            x, w, b, stride, padding = (torch.tensor(a) for a in cache[:3]) + cache[3:]
            return x, w, b
        """,
    )
    assert "imports torch" in failure("conv_backward_naive", ns)


@pytest.mark.conv_dx_full_correlation
def test_hidden_float32_result_is_compared_loosely(ns: dict) -> None:
    """A float32 student result passes; the solution computes in the inputs' precision."""
    check("conv_dx_full_correlation", ns)
    dout = np.ones((1, 1, 2, 2), np.float32)
    assert (
        ns["conv_dx_full_correlation"](dout, np.ones((1, 1, 2, 2), np.float32)).dtype == np.float32
    )


# --- the notebook ---------------------------------------------------------------------------------


def test_notebook_structure_follows_the_contract() -> None:
    assert_notebook_contract(NOTEBOOK, POINTS, WRITTEN)


def test_every_graded_function_has_five_mutants_with_their_own_sentences() -> None:
    own = [m for m in mutants.MUTANTS if m.notebook == "conv_backward"]
    sentences = {v for k, v in vars(cb).items() if k.isupper() and isinstance(v, str)}
    for grade_id in POINTS:
        assert len([m for m in own if m.grade_id == grade_id]) >= 5, grade_id
    assert all(m.feedback in sentences for m in own)
