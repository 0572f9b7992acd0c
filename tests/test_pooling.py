"""The pooling notebook: its visible checks, hidden tests and mutants, beyond the generic tests.

Every literal in cnnlab/checks/pooling.py is re-derived here with PyTorch in float64, independently
of autograder.tasks.pooling (test_checks.py compares the literals and mistake signatures with that
module); test_mutants.py runs every pooling mutant generically. Here: PyTorch's conventions that
the notebook relies on (ties, overlapping windows), the receptive-field reference against the hand
formula, parts graded independently, and messages that teach.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F  # noqa: N812
from conftest import case_params, define, failure, solution_path

from autograder import check, hidden, mutants
from autograder.notebooks import answer_namespace
from autograder.tasks import pooling as task
from cnnlab import checks
from cnnlab.checks import RAISES, Case, CheckFailure
from cnnlab.checks import pooling as pool_checks
from cnnlab.checks.pooling import PoolCache

NOTEBOOK = solution_path("pooling")
GRADE_IDS = tuple(pool_checks.FUNCTIONS)
CASES = case_params(pool_checks.CASES)


# --- every literal re-derived with torch float64 --------------------------------------------------


def t(a) -> torch.Tensor:
    return torch.tensor(np.ascontiguousarray(a, dtype=np.float64))


def rf_1d(layers) -> int:
    """Receptive field by experiment in 1-D: which inputs move output 0 of a conv1d stack."""
    size = 1 + sum(k * int(np.prod([s for _, s in layers[:m]])) for m, (k, _) in enumerate(layers))
    x = torch.ones(1, 1, size, dtype=torch.float64, requires_grad=True)
    out = x
    for k, s in layers:
        out = F.conv1d(out, torch.ones(1, 1, k, dtype=torch.float64), stride=s)
    (grad,) = torch.autograd.grad(out[0, 0, 0], x)
    nonzero = torch.nonzero(grad[0, 0])
    return int(nonzero.max() - nonzero.min()) + 1


def torch_result(case: Case):
    """The case's result computed by PyTorch, independently of autograder.tasks.pooling."""
    kw = dict(case.kwargs)
    if case.call in ("max_pool_forward_naive", "avg_pool_forward"):
        pool = F.max_pool2d if case.call.startswith("max") else F.avg_pool2d
        return pool(t(case.args[0]), kw.get("kernel_size", 2), kw.get("stride", 2)).numpy()
    if case.call in ("max_pool_backward_naive", "avg_pool_backward"):
        pool = F.max_pool2d if case.call.startswith("max") else F.avg_pool2d
        dout, (x, k, s) = case.args
        xt = t(x).requires_grad_(True)
        pool(xt, k, s).backward(t(dout))
        return xt.grad.numpy()
    if case.call == "receptive_field":
        (layers,) = case.args
        return rf_1d(layers) if layers else 1
    raise AssertionError(f"no torch derivation for {case.call}")


@pytest.mark.parametrize("case", CASES)
def test_literal_expected_value_matches_torch(case: Case) -> None:
    if case.expected is RAISES:
        with pytest.raises(RuntimeError):  # PyTorch refuses the same arguments
            torch_result(case)
        return
    got = torch_result(case)
    if isinstance(case.expected, int):
        assert got == case.expected
    else:
        np.testing.assert_allclose(got, case.expected, rtol=1e-12, atol=1e-12)


@pytest.mark.max_pool_forward_naive
@pytest.mark.avg_pool_forward
def test_the_lecture_examples_are_the_first_cases() -> None:
    lecture = [[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]]
    for grade_id, out in [
        ("max_pool_forward_naive", [[6, 8], [3, 4]]),
        ("avg_pool_forward", [[3.25, 5.25], [2, 2]]),
    ]:
        first = pool_checks.CASES[grade_id][0]
        assert first.args[0][0, 0].tolist() == lecture and first.kwargs == {}  # the defaults
        assert first.expected[0, 0].tolist() == out


@pytest.mark.max_pool_backward_naive
def test_torch_routes_ties_to_the_first_maximum_and_adds_overlaps() -> None:
    """The conventions the notebook teaches are PyTorch's (CPU, float64)."""
    x = t(np.ones((1, 1, 2, 2))).requires_grad_(True)
    F.max_pool2d(x, 2, 2).backward(t(np.full((1, 1, 1, 1), 5.0)))
    assert x.grad[0, 0].tolist() == [[5, 0], [0, 0]]  # the first of four equal maxima
    x = t([[[[0, 1, 5, 1, 0]]]]).requires_grad_(True)
    F.max_pool2d(x, (1, 3), (1, 2)).backward(t([[[[1, 2]]]]))
    assert x.grad[0, 0, 0].tolist() == [0, 0, 3, 0, 0]  # both windows pick the 5: 1 + 2


@pytest.mark.receptive_field
def test_receptive_field_reference_matches_the_hand_formula() -> None:
    rng = np.random.default_rng(0)
    for _ in range(60):
        depth = int(rng.integers(0, 5))
        layers = [(int(rng.integers(1, 6)), int(rng.integers(1, 4))) for _ in range(depth)]
        formula = task.receptive_field_formula(layers)
        assert task.receptive_field(layers) == formula, layers
        assert (rf_1d(layers) if layers else 1) == formula, layers


@pytest.mark.receptive_field
def test_receptive_field_of_real_networks(solution_ns: dict) -> None:
    rf = solution_ns["receptive_field"]
    vgg16 = [(3, 1), (3, 1), (2, 2)] * 2 + [(3, 1), (3, 1), (3, 1), (2, 2)] * 3
    alexnet = [(11, 4), (3, 2), (5, 1), (3, 2), (3, 1), (3, 1), (3, 1), (3, 2)]
    assert rf(vgg16) == task.receptive_field(vgg16) == 212
    assert rf(alexnet) == task.receptive_field(alexnet) == 195
    assert rf([(5, 1), (2, 2)]) == 2 + 5 - 1  # the lecture's P + F - 1


# --- the solution against PyTorch on a geometry table ---------------------------------------------

GEOMETRY = [  # (N, C, H, W), kernel_size, stride
    ((1, 1, 4, 4), 2, 2), ((2, 3, 7, 5), 3, 2), ((1, 2, 5, 8), 2, 1), ((2, 1, 9, 6), 3, 3),
    ((1, 1, 3, 7), 1, 2), ((3, 2, 6, 6), 2, 3), ((1, 1, 5, 5), 5, 1),
]  # fmt: skip


@pytest.mark.parametrize("geometry", GEOMETRY)
@pytest.mark.parametrize("kind", ["max", "avg"])
def test_solution_matches_torch_forward_and_backward(kind, geometry, solution_ns: dict) -> None:
    shape, k, s = geometry
    rng = np.random.default_rng(1)
    x = rng.integers(0, 3, size=shape).astype(np.float64)  # many ties
    forward = solution_ns["max_pool_forward_naive" if kind == "max" else "avg_pool_forward"]
    backward = solution_ns["max_pool_backward_naive" if kind == "max" else "avg_pool_backward"]
    pool = F.max_pool2d if kind == "max" else F.avg_pool2d
    out, cache = forward(x, kernel_size=k, stride=s)
    xt = t(x).requires_grad_(True)
    ref = pool(xt, k, s)
    np.testing.assert_allclose(out, ref.detach().numpy(), rtol=1e-12)
    assert cache[0] is x and cache[1:] == (k, s)
    dout = rng.standard_normal(out.shape)
    ref.backward(t(dout))
    np.testing.assert_allclose(backward(dout, cache), xt.grad.numpy(), rtol=1e-12, atol=1e-12)


# --- parts are graded independently ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("forward", "backward"),
    [
        ("max_pool_forward_naive", "max_pool_backward_naive"),
        ("avg_pool_forward", "avg_pool_backward"),
    ],
)
def test_a_broken_forward_costs_the_backward_nothing(forward, backward, ns: dict, capsys) -> None:
    define(ns, f"def {forward}(x, kernel_size=2, stride=2):\n    raise NotImplementedError\n")
    assert "is not implemented yet" in failure(forward, ns)
    check(backward, ns)
    assert f"{backward}: hidden tests passed." in capsys.readouterr().out


def test_no_graded_function_calls_another() -> None:
    assert task.SUBSTITUTES == {}
    names = {n for fns in pool_checks.FUNCTIONS.values() for n in fns}
    ns = answer_namespace(NOTEBOOK)
    for name in names:
        assert not (set(ns[name].__code__.co_names) & (names - {name})), name


# --- messages that teach ---------------------------------------------------------------------


def mutant_fn(mutant_id: str):
    mutant = mutants.by_id(mutant_id)
    from autograder.notebooks import read

    source = mutants.mutant_source(read(NOTEBOOK), mutant)
    ns = answer_namespace(NOTEBOOK, replace={mutant.answer_id: source})
    return ns[pool_checks.FUNCTIONS[mutant.grade_id][0]]


@pytest.mark.parametrize(
    ("mutant_id", "phrases"),
    [
        ("max_ties_double_counted", ["ties: x = [[3, 3, 0, 1], [3, 2, 1, 1]]", "first maximum",
                                     "expected:", "index (0, 0, 0, 1)"]),
        ("max_ties_last", ["ties", "the first maximum in row-major order"]),
        ("max_overlap_overwritten", ["cache=(x: (1, 1, 3, 5), kernel_size=3, stride=2)", "+="]),
        ("max_missing_plus_one", ["expected shape (1, 1, 2, 2), got shape (1, 1, 1, 1)",
                                  "H_out = (H - kernel_size) // stride + 1 = (4 - 2) // 2 + 1"]),
        ("avg_divided_by_k", ["kernel_size**2", "expected 3.25, got 6.5"]),
        ("avg_backward_dout_forgotten", ["dout =", "chain rule"]),
        ("rf_own_stride", ["expected 51, got 89", "own stride"]),
    ],
)  # fmt: skip
def test_visible_check_names_the_mistake(mutant_id: str, phrases: list[str]) -> None:
    grade_id = mutants.by_id(mutant_id).grade_id
    with pytest.raises(CheckFailure) as info:
        checks.run_visible(grade_id, mutant_fn(mutant_id))
    message = str(info.value)
    assert message.startswith(pool_checks.FUNCTIONS[grade_id][0])
    for phrase in phrases:
        assert phrase in message, f"{phrase!r} not in:\n{message}"


@pytest.mark.max_pool_backward_naive
def test_backward_that_changes_x_in_the_cache_fails(ns: dict) -> None:
    define(
        ns,
        """
        def max_pool_backward_naive(dout, cache):
            x, kernel_size, stride = cache
            x -= x.max()  # in place
            return np.zeros(x.shape)
        """,
    )
    with pytest.raises(CheckFailure):
        checks.run_visible("max_pool_backward_naive", ns["max_pool_backward_naive"])
    ns = answer_namespace(NOTEBOOK)
    define(
        ns,
        """
        _solution = max_pool_backward_naive
        def max_pool_backward_naive(dout, cache):
            dx = _solution(dout, cache)
            cache[0][...] = 0.0  # right answer, but x is changed
            return dx
        """,
    )
    assert "changed x in the cache in place" in failure("max_pool_backward_naive", ns)


@pytest.mark.max_pool_forward_naive
def test_forward_must_return_the_documented_cache(ns: dict) -> None:
    define(
        ns,
        """
        _solution = max_pool_forward_naive
        def max_pool_forward_naive(x, kernel_size=2, stride=2):
            out, _ = _solution(x, kernel_size, stride)
            return out, (x, stride, kernel_size)
        """,
    )
    assert "must be (x, kernel_size, stride)" in failure("max_pool_forward_naive", ns)


def test_cache_is_a_plain_tuple_that_shows_shapes() -> None:
    cache = PoolCache((np.zeros((1, 2, 3, 4), dtype=np.float32), 2, 1))
    x, k, s = cache
    assert isinstance(cache, tuple) and k == 2 and s == 1
    assert repr(cache) == "cache=(x: (1, 2, 3, 4) float32, kernel_size=2, stride=1)"
    import copy

    assert isinstance(copy.deepcopy(cache), PoolCache)


def test_hidden_cases_include_ties_float32_and_value_errors() -> None:
    for grade_id in GRADE_IDS:
        cases = [c for _, c in hidden.hidden_cases(grade_id)]
        assert any(c.expected is RAISES for c in cases) or "backward" in grade_id, grade_id
        if grade_id != "receptive_field":
            arrays = [a for c in cases for a in c.args if isinstance(a, np.ndarray)]
            assert any(a.dtype == np.float32 for a in arrays), grade_id
            shapes = [
                c.args[0].shape if "forward" in grade_id else c.args[1][0].shape for c in cases
            ]
            assert any(s[0] == 1 and s[1] == 1 for s in shapes)
            assert any(s[2] != s[3] for s in shapes)
    max_bwd = [c for _, c in hidden.hidden_cases("max_pool_backward_naive")]
    assert any(len(np.unique(c.args[1][0])) <= 3 for c in max_bwd)  # integer inputs: ties


def test_every_pooling_grade_id_has_five_mutants_that_name_their_mistake() -> None:
    for grade_id in GRADE_IDS:
        own = [m for m in mutants.MUTANTS if m.grade_id == grade_id]
        assert len(own) >= 5, grade_id
        assert all(m.notebook == "pooling" for m in own)
        assert all(m.feedback in vars(pool_checks).values() for m in own)
