"""The fast_conv notebook: visible checks, hidden tests and notebook, beyond the generic tests.

Every literal in cnnlab/checks/fast_conv.py is re-derived here with PyTorch in float64,
independently of autograder.tasks.fast_conv (the matrices as Jacobians of F.conv1d / F.conv2d,
im2col and col2im as F.unfold and F.fold, the layer by autograd); the vectorisation check fails
correct implementations that loop over images or output positions; parts are graded
independently; the hidden cases cover the geometry table; the notebook has the contract's
structure. Every mutant is run by tests/test_mutants.py.
"""

from __future__ import annotations

import copy
import re

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
from autograder.notebooks import answer_namespace, cell_by_id, read
from autograder.tasks import fast_conv as task
from cnnlab import checks
from cnnlab.checks import RAISES, Case, CheckFailure
from cnnlab.checks import fast_conv as fc
from cnnlab.checks.fast_conv import ConvCache

NOTEBOOK = solution_path("fast_conv")
POINTS = {
    "toeplitz_1d": 1,
    "conv_matrix": 2,
    "im2col": 2,
    "col2im": 2,
    "conv_forward_im2col": 2,
    "conv_backward_im2col": 3,
}
WRITTEN = ("q_toeplitz_cost", "q_im2col_memory", "q_col2im_adjoint")
VECTORISED = ("im2col", "col2im", "conv_forward_im2col", "conv_backward_im2col")
CASES = case_params(fc.CASES)


# --- every literal re-derived with torch in float64 -----------------------------------------------


def t(a) -> torch.Tensor:
    return torch.tensor(np.array(a, dtype=np.float64))


def pair(kernel_size) -> tuple[int, int]:
    return (kernel_size, kernel_size) if isinstance(kernel_size, int) else tuple(kernel_size)


def torch_result(case: Case):
    """The case's result by PyTorch, independently of autograder.tasks.fast_conv."""
    kw = dict(case.kwargs)
    if case.call == "toeplitz_1d":
        w, n = case.args
        if w.ndim != 1 or len(w) > n:
            return RAISES
        jacobian = torch.autograd.functional.jacobian(
            lambda x: F.conv1d(x[None, None], t(w)[None, None])[0, 0], torch.zeros(n).double()
        )
        return jacobian.numpy()  # (n - k + 1, n): d out[i] / d x[j]
    if case.call == "conv_matrix":
        kernel, H, W = case.args
        if kernel.shape[0] > H or kernel.shape[1] > W:
            return RAISES
        jacobian = torch.autograd.functional.jacobian(
            lambda x: F.conv2d(x.reshape(1, 1, H, W), t(kernel)[None, None]).reshape(-1),
            torch.zeros(H * W).double(),
        )
        return jacobian.numpy()
    if case.call == "im2col":
        x, kernel_size = case.args
        try:
            return F.unfold(t(x), pair(kernel_size), **kw).numpy()
        except RuntimeError:
            return RAISES
    if case.call == "col2im":
        cols, (N, C, H, W), kernel_size = case.args
        try:
            return F.fold(t(cols), (H, W), pair(kernel_size), **kw).numpy()
        except RuntimeError:
            return RAISES
    if case.call == "conv_forward_im2col":
        x, w, b = case.args
        try:
            return F.conv2d(t(x), t(w), t(b), **kw).numpy()
        except RuntimeError:
            return RAISES
    if case.call == "conv_backward_im2col":
        dout, (x, w, b, stride, padding, cols) = case.args
        unfolded = F.unfold(t(x), w.shape[2:], padding=padding, stride=stride).numpy()
        np.testing.assert_array_equal(cols, unfolded)  # the cache is consistent
        xt, wt, bt = (t(a).requires_grad_() for a in (x, w, b))
        F.conv2d(xt, wt, bt, stride=stride, padding=padding).backward(t(dout))
        return xt.grad.numpy(), wt.grad.numpy(), bt.grad.numpy()
    raise AssertionError(case.call)


@pytest.mark.parametrize("case", CASES)
def test_literal_expected_value_matches_torch(case: Case) -> None:
    got = torch_result(case)
    if case.expected is RAISES:
        assert got is RAISES
        return
    expected = case.expected if isinstance(case.expected, tuple) else (case.expected,)
    got = got if isinstance(got, tuple) else (got,)
    for g, e in zip(got, expected, strict=True):
        assert g.shape == e.shape
        np.testing.assert_allclose(g, e, rtol=0, atol=1e-12)
        assert np.array_equal(e, np.round(e * 2) / 2)  # small numbers a student can redo


def test_the_notebooks_examples_are_the_first_cases() -> None:
    (w, n) = fc.CASES["toeplitz_1d"][0].args
    assert w.tolist() == [1, 2, 3] and n == 5
    kernel, H, W = fc.CASES["conv_matrix"][0].args
    assert kernel.tolist() == [[1, 2], [3, 4]] and (H, W) == (3, 3)
    x, kernel_size = fc.CASES["im2col"][0].args
    assert x[0, 0].tolist() == np.arange(1, 13).reshape(3, 4).tolist() and kernel_size == 2
    counts = fc.CASES["col2im"][0].expected
    assert counts[0, 0].tolist() == [[1, 2, 1], [2, 4, 2], [1, 2, 1]]
    assert fc.CASES["conv_forward_im2col"][0].expected[0, 0].tolist() == [[1, 3], [7, 9]]


def test_visible_cases_cover_what_the_brief_asks_for() -> None:
    im2col_cases = [c for c in fc.CASES["im2col"] if c.expected is not RAISES]
    assert any(c.args[0].shape[1] > 1 for c in im2col_cases)  # (c, di, dj) order visible
    assert any(not isinstance(c.args[1], int) for c in im2col_cases)  # a pair kernel_size
    assert any(
        c.kwargs.get("stride", 1) > 1 and c.kwargs.get("padding", 0) > 0 for c in im2col_cases
    )
    assert any(c.dtype == "float32" for c in im2col_cases)
    col2im_causes = {cause for c in fc.CASES["col2im"] for cause, _ in c.mistakes}
    assert {fc.OVERWRITTEN, fc.PADDING_NOT_CROPPED, fc.ROWS_IJC, fc.STRIDE_IGNORED} <= col2im_causes
    caches = [c.args[1] for c in fc.CASES["conv_backward_im2col"]]
    assert any(x.shape[0] > 1 for x, *_ in caches)  # dw summed over the batch
    assert any(w.shape[0] > 1 and x.shape[1] > 1 for x, w, *_ in caches)  # db axes, weights order
    assert any(cache[3] == 2 and cache[4] == 1 for cache in caches)


def test_numbers_quoted_in_the_notebook() -> None:
    nb = read(NOTEBOOK)
    sparsity = cell_by_id(nb, "sparsity_intro").source
    assert "0.88\\%" in sparsity and "0.018\\%" in sparsity and "9.9 GB" in sparsity
    assert f"{100 * 9 / 32**2:.2f}" == "0.88" and f"{100 * 9 / 224**2:.3f}" == "0.018"
    answer = cell_by_id(nb, "q_toeplitz_cost").source
    entries, nonzero = 222**2 * 224**2, 222**2 * 9
    assert "2{,}472{,}873{,}984" in answer and entries == 2_472_873_984
    assert "443{,}556" in answer and nonzero == 443_556 and f"{4 * entries / 1e9:.1f}" == "9.9"
    assert entries / nonzero > 5000  # "more than 5,000 times as many entries"
    assert "7.4 GB" in cell_by_id(nb, "q_im2col_memory").source
    assert f"{64 * 64 * 9 * 224 * 224 * 4 / 1e9:.1f}" == "7.4"  # VGG-16 conv1_2's column matrix


# --- vectorised: no Python loop over images or output positions -----------------------------------

LOOPED = {
    "im2col": """
        def im2col(x, kernel_size, stride=1, padding=0):
            HH, WW = (kernel_size, kernel_size) if np.isscalar(kernel_size) else kernel_size
            N, C, H, W = x.shape
            if stride <= 0 or HH > H + 2 * padding or WW > W + 2 * padding:
                raise ValueError("the window does not fit")
            x_pad = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
            H_out = (H + 2 * padding - HH) // stride + 1
            W_out = (W + 2 * padding - WW) // stride + 1
            cols = np.zeros((N, C * HH * WW, H_out * W_out), dtype=x.dtype)
            for i in range(H_out):
                for j in range(W_out):
                    window = x_pad[:, :, i * stride : i * stride + HH, j * stride : j * stride + WW]
                    cols[:, :, i * W_out + j] = window.reshape(N, -1)
            return cols
        """,
    "col2im": """
        _col2im = col2im
        def col2im(cols, x_shape, kernel_size, stride=1, padding=0):
            one_shape = (1, *x_shape[1:])
            images = [
                _col2im(cols[n : n + 1], one_shape, kernel_size, stride, padding)
                for n in range(x_shape[0])
            ]
            return np.concatenate(images)  # one image at a time: right, but a loop over the batch
        """,
    "conv_forward_im2col": """
        _forward = conv_forward_im2col
        def conv_forward_im2col(x, w, b, stride=1, padding=0):
            outs = [_forward(x[n : n + 1], w, b, stride, padding)[0] for n in range(len(x))]
            cols = im2col(x, w.shape[2:], stride, padding)
            return np.concatenate(outs), (x, w, b, stride, padding, cols)
        """,
    "conv_backward_im2col": """
        _backward = conv_backward_im2col
        def conv_backward_im2col(dout, cache):
            x, w, b, stride, padding, cols = cache
            dx, dw, db = np.zeros(x.shape), np.zeros(w.shape), np.zeros(b.shape)
            for n in range(x.shape[0]):
                one = (x[n : n + 1], w, b, stride, padding, cols[n : n + 1])
                dx[n : n + 1], dw_n, db_n = _backward(dout[n : n + 1], one)
                dw += dw_n
                db += db_n
            return dx, dw, db
        """,
}


@pytest.mark.parametrize("grade_id", VECTORISED)
def test_a_correct_function_with_a_python_loop_fails(grade_id: str, ns: dict) -> None:
    define(ns, LOOPED[grade_id])
    fn = ns[grade_id]
    for case in fc.CASES[grade_id]:  # the results are right
        checks.run_case(fn, case)
    with pytest.raises(CheckFailure) as info:
        checks.run_visible(grade_id, fn)
    assert f"{grade_id} is not vectorised" in str(info.value)
    assert fc.NOT_VECTORISED in failure(grade_id, ns)


def test_python_lines_counts_the_notebooks_code_only(solution_ns: dict) -> None:
    x = np.ones((2, 3, 6, 5))
    counts = fc.python_lines(
        solution_ns["conv_forward_im2col"], x, np.ones((4, 3, 3, 3)), np.ones(4)
    )
    assert set(counts) == {"conv_forward_im2col", "im2col"}  # numpy's own Python code not counted
    bigger = np.ones((5, 3, 20, 17))
    again = fc.python_lines(
        solution_ns["conv_forward_im2col"], bigger, np.ones((4, 3, 3, 3)), np.ones(4)
    )
    assert again == counts
    small_kernel = fc.python_lines(solution_ns["col2im"], np.ones((1, 4, 25)), (1, 1, 6, 6), 2)
    bigger_kernel = fc.python_lines(solution_ns["col2im"], np.ones((1, 9, 16)), (1, 1, 6, 6), 3)
    assert bigger_kernel["col2im"] > small_kernel["col2im"]  # the kernel-offset loop may grow


def test_the_trace_function_is_restored(solution_ns: dict) -> None:
    import sys

    def tracer(frame, event, arg):
        return None

    sys.settrace(tracer)
    try:
        fc.check_vectorised("im2col", solution_ns["im2col"])
        assert sys.gettrace() is tracer
    finally:
        sys.settrace(None)


# --- parts graded independently -------------------------------------------------------------------


def test_a_wrong_im2col_costs_only_its_own_cell(ns: dict, capsys) -> None:
    """im2col with rows (di, dj, c): its cell fails, the layer cells pass with the reference."""
    define(
        ns,
        """
        _im2col = im2col
        def im2col(x, kernel_size, stride=1, padding=0):
            cols = _im2col(x, kernel_size, stride, padding)
            HH, WW = (kernel_size, kernel_size) if np.isscalar(kernel_size) else kernel_size
            N, K, L = cols.shape
            return cols.reshape(N, -1, HH * WW, L).transpose(0, 2, 1, 3).reshape(N, K, L)
        """,
    )
    assert fc.ROWS_IJC in failure("im2col", ns)
    with pytest.raises(CheckFailure):  # the student sees the consequence in the visible check
        checks.run_visible("conv_forward_im2col", ns["conv_forward_im2col"])
    check("conv_forward_im2col", ns)
    check("conv_backward_im2col", ns)
    assert capsys.readouterr().out.count("hidden tests passed.") == 2


def test_a_broken_forward_costs_the_backward_nothing(ns: dict, capsys) -> None:
    define(
        ns,
        "def conv_forward_im2col(x, w, b, stride=1, padding=0):\n    raise NotImplementedError\n",
    )
    assert "is not implemented yet" in failure("conv_forward_im2col", ns)
    check("conv_backward_im2col", ns)
    assert "conv_backward_im2col: hidden tests passed." in capsys.readouterr().out


def test_substitutes_are_the_parts_each_function_calls() -> None:
    ns = answer_namespace(NOTEBOOK)
    assert task.SUBSTITUTES == {
        "conv_matrix": ("toeplitz_1d",),
        "conv_forward_im2col": ("im2col",),
        "conv_backward_im2col": ("col2im", "im2col"),
    }
    for grade_id, names in task.SUBSTITUTES.items():
        called = set(ns[grade_id].__code__.co_names) & set(POINTS)
        assert called <= set(names) and called, grade_id


# --- the solution and the references against PyTorch on a geometry table --------------------------

GEOMETRY = [  # (N, C, H, W), F, (HH, WW), stride, padding
    ((1, 1, 5, 5), 1, (3, 3), 1, 0), ((2, 3, 7, 5), 4, (3, 2), 2, 1),
    ((1, 2, 4, 9), 3, (1, 4), 3, 2), ((3, 1, 6, 6), 2, (2, 2), 2, 0),
    ((2, 2, 3, 4), 1, (5, 5), 1, 2), ((1, 4, 8, 3), 2, (3, 1), 1, 1),
]  # fmt: skip


@pytest.mark.parametrize("geometry", GEOMETRY)
@pytest.mark.parametrize("source", ["solution", "reference"])
def test_layers_match_torch(source: str, geometry, solution_ns: dict) -> None:
    (N, C, H, W), F_, (HH, WW), stride, padding = geometry
    fns = solution_ns if source == "solution" else task.REFERENCES
    rng = np.random.default_rng(4)
    x, w, b = rng.standard_normal((N, C, H, W)), rng.standard_normal((F_, C, HH, WW)), np.ones(F_)
    cols = fns["im2col"](x, (HH, WW), stride, padding)
    expected = F.unfold(t(x), (HH, WW), padding=padding, stride=stride).numpy()
    np.testing.assert_allclose(cols, expected, rtol=0, atol=0)
    c = rng.standard_normal(cols.shape)
    folded = fns["col2im"](c, x.shape, (HH, WW), stride, padding)
    np.testing.assert_allclose(
        folded, F.fold(t(c), (H, W), (HH, WW), padding=padding, stride=stride).numpy(), atol=1e-12
    )
    assert np.isclose(np.sum(cols * c), np.sum(x * folded), rtol=1e-12)  # the adjoint
    out, cache = fns["conv_forward_im2col"](x, w, b, stride, padding)
    xt, wt, bt = (t(a).requires_grad_() for a in (x, w, b))
    ref = F.conv2d(xt, wt, bt, stride=stride, padding=padding)
    np.testing.assert_allclose(out, ref.detach().numpy(), rtol=1e-12, atol=1e-12)
    for part, given in zip(cache[:5], (x, w, b, stride, padding), strict=True):
        assert np.array_equal(part, given)
    dout = rng.standard_normal(out.shape)
    ref.backward(t(dout))
    grads = fns["conv_backward_im2col"](dout, cache)
    for g, r in zip(grads, (xt.grad, wt.grad, bt.grad), strict=True):
        np.testing.assert_allclose(g, r.numpy(), rtol=1e-10, atol=1e-10)


def test_toeplitz_and_conv_matrix_match_numpy_and_torch(solution_ns: dict) -> None:
    rng = np.random.default_rng(5)
    for fns in (solution_ns, task.REFERENCES):
        w, x = rng.standard_normal(4), rng.standard_normal(9)
        np.testing.assert_allclose(fns["toeplitz_1d"](w, 9) @ x, np.correlate(x, w, "valid"))
        kernel, image = rng.standard_normal((2, 3)), rng.standard_normal((5, 6))
        out = F.conv2d(t(image)[None, None], t(kernel)[None, None]).numpy().ravel()
        np.testing.assert_allclose(fns["conv_matrix"](kernel, 5, 6) @ image.ravel(), out)


def test_float32_stays_float32(solution_ns: dict) -> None:
    x = np.ones((2, 3, 5, 5), np.float32)
    w, b = np.ones((4, 3, 3, 3), np.float32), np.ones(4, np.float32)
    cols = solution_ns["im2col"](x, 3, padding=1)
    assert cols.dtype == np.float32
    assert solution_ns["col2im"](cols, x.shape, 3, padding=1).dtype == np.float32
    out, cache = solution_ns["conv_forward_im2col"](x, w, b, padding=1)
    assert out.dtype == np.float32
    assert all(g.dtype == np.float32 for g in solution_ns["conv_backward_im2col"](out, cache))


# --- hidden tests -------------------------------------------------------------------------------


def geometry_of(grade_id: str, case: Case) -> tuple:
    """(x shape, (HH, WW), stride, padding) of a hidden case."""
    if grade_id == "conv_backward_im2col":
        x, w, _, stride, padding, _ = case.args[1]
        return x.shape, w.shape[2:], stride, padding
    stride, padding = case.kwargs.get("stride", 1), case.kwargs.get("padding", 0)
    if grade_id == "conv_forward_im2col":
        return case.args[0].shape, case.args[1].shape[2:], stride, padding
    if grade_id == "col2im":
        return case.args[1], pair(case.args[2]), stride, padding
    return case.args[0].shape, pair(case.args[1]), stride, padding


def test_hidden_cases_cover_the_geometry_table() -> None:
    for grade_id in VECTORISED:
        cases = [c for _, c in hidden.hidden_cases(grade_id) if c.expected is not RAISES]
        assert len(cases) >= 5
        table = [geometry_of(grade_id, c) for c in cases]
        shapes = [shape for shape, *_ in table]
        assert any(s[0] == 1 and s[1] == 1 for s in shapes), grade_id  # N = 1, C = 1
        assert any(s[0] > 1 for s in shapes) and any(s[2] != s[3] for s in shapes), grade_id
        assert any(k[0] != k[1] for _, k, _, _ in table), grade_id  # non-square kernels
        assert {s for *_, s, _ in table} >= {1, 2, 3} and {p for *_, p in table} >= {0, 1, 2}
        arrays = [a for c in cases for a in c.args if isinstance(a, np.ndarray)]
        caches = [c.args[1] for c in cases if grade_id == "conv_backward_im2col"]
        arrays += [a for cache in caches for a in cache if isinstance(a, np.ndarray)]
        assert {a.dtype for a in arrays} == {np.dtype(np.float32), np.dtype(np.float64)}
    for grade_id in ("toeplitz_1d", "conv_matrix", "im2col", "col2im", "conv_forward_im2col"):
        assert any(c.expected is RAISES for _, c in hidden.hidden_cases(grade_id)), grade_id
    kernel_sizes = [c.args[1] for _, c in hidden.hidden_cases("im2col")]
    assert any(isinstance(k, int) for k in kernel_sizes)
    assert any(isinstance(k, tuple) for k in kernel_sizes)


def test_torch_and_cnnlab_are_refused(ns: dict) -> None:
    define(
        ns,
        """
        import torch
        def im2col(x, kernel_size, stride=1, padding=0):
            cols = torch.nn.functional.unfold(torch.tensor(x), kernel_size, padding=padding)
            return cols.numpy()
        """,
    )
    assert "it uses torch" in failure("im2col", ns)
    define(
        ns,
        """
        from cnnlab import layers
        def conv_forward_im2col(x, w, b, stride=1, padding=0):
            out, cache = layers.conv_forward(x, w, b, stride, padding)
            return out, (x, w, b, stride, padding, cache[-1])
        """,
    )
    assert "which comes from cnnlab" in failure("conv_forward_im2col", ns)


def test_float64_result_for_float32_input_fails(ns: dict) -> None:
    define(
        ns,
        """
        _im2col = im2col
        def im2col(x, kernel_size, stride=1, padding=0):
            return _im2col(x, kernel_size, stride, padding).astype(np.float64)
        """,
    )
    assert "changed the dtype" in failure("im2col", ns)


# --- messages that teach --------------------------------------------------------------------------


def mutant_fn(mutant_id: str):
    mutant = mutants.by_id(mutant_id)
    source = mutants.mutant_source(read(NOTEBOOK), mutant)
    ns = answer_namespace(NOTEBOOK, replace={mutant.answer_id: source})
    return ns[fc.FUNCTIONS[mutant.grade_id][0]]


@pytest.mark.parametrize(
    ("mutant_id", "phrases"),
    [
        ("toeplitz_missing_plus_one", ["expected shape (3, 5), got shape (2, 5)",
                                       "T has shape (n - k + 1, n) = (5 - 3 + 1, 5)"]),
        ("conv_matrix_blocks_not_shifted", ["conv_matrix(kernel: (2, 2), H=3, W=3)",
                                            "index (2, 0)", "block column i"]),
        ("im2col_columns_transposed", ["expected shape (1, 4, 6), got shape (1, 6, 4)",
                                       "(N, C*HH*WW, H_out*W_out) = (1, 1*2*2, 2*3)"]),
        ("im2col_rows_ijc", ["two channels: rows (c, di, dj)", "(c, di, dj)"]),
        ("col2im_overwritten", ["how many windows contain each pixel", "+="]),
        ("col2im_crop_empty", ["expected shape (1, 1, 3, 3), got shape (1, 1, 0, 0)", "p:-p"]),
        ("forward_bias_forgotten", ["expected:", "b.reshape(1, F, 1, 1)"]),
        ("backward_db_axes", ["conv_backward_im2col: db is wrong",
                              "cache=(x: (1, 1, 3, 3), w: (1, 1, 2, 2), b: (1,), stride=1,"
                              " padding=0, cols: (1, 4, 4))"]),
    ],
)  # fmt: skip
def test_visible_check_names_the_mistake(mutant_id: str, phrases: list[str]) -> None:
    grade_id = mutants.by_id(mutant_id).grade_id
    with pytest.raises(CheckFailure) as info:
        checks.run_visible(grade_id, mutant_fn(mutant_id))
    message = str(info.value)
    assert message.startswith(grade_id)
    assert f"Likely cause: {mutants.by_id(mutant_id).feedback}." in message
    for phrase in phrases:
        assert phrase in message, f"{phrase!r} not in:\n{message}"


def test_forward_must_return_the_documented_cache(ns: dict) -> None:
    define(
        ns,
        """
        _forward = conv_forward_im2col
        def conv_forward_im2col(x, w, b, stride=1, padding=0):
            out, cache = _forward(x, w, b, stride, padding)
            return out, cache[:5]  # cols left out
        """,
    )
    message = failure("conv_forward_im2col", ns)
    assert fc.CACHE_FORMAT in message and "wrong cache" in message


def test_backward_that_changes_the_cache_fails(ns: dict) -> None:
    define(
        ns,
        """
        _backward = conv_backward_im2col
        def conv_backward_im2col(dout, cache):
            grads = _backward(dout, cache)
            cache[5][...] = 0.0  # right answer, but cols is changed
            return grads
        """,
    )
    assert "changed cols of its cache in place" in failure("conv_backward_im2col", ns)


def test_cache_is_a_tuple_shown_by_shape() -> None:
    cache = ConvCache((np.zeros((1, 2, 3, 4)), np.ones((5, 2, 2, 2), np.float32), np.zeros(5),
                       2, 1, np.zeros((1, 8, 6))))  # fmt: skip
    x, w, b, stride, padding, cols = cache
    assert isinstance(cache, tuple) and (stride, padding) == (2, 1)
    assert repr(cache) == (
        "cache=(x: (1, 2, 3, 4), w: (5, 2, 2, 2) float32, b: (5,), stride=2, padding=1,"
        " cols: (1, 8, 6))"
    )
    assert type(copy.deepcopy(cache)) is ConvCache


# --- the notebook ---------------------------------------------------------------------------------


def test_notebook_structure_follows_the_contract() -> None:
    assert_notebook_contract(NOTEBOOK, POINTS, WRITTEN)


def test_benchmark_shrinks_while_grading_and_prints_no_verdict() -> None:
    nb = read(NOTEBOOK)
    bench = [c for c in nb.cells if c.cell_type == "code" and "medians(" in c.source]
    assert len(bench) == 2
    for cell in bench:
        assert "smoke_size(" in cell.source
        assert not re.search(r"\b(ok|OK|MISSED|PASS(ED)?|FAIL(ED)?)\b", cell.source)
    memory = next(c for c in nb.cells if c.id == "demo_memory")
    assert (
        "peak_bytes(" in memory.source and "for (N, C, H, W), filters in shapes:" in memory.source
    )


def test_every_graded_function_has_five_mutants_with_their_own_sentences() -> None:
    own = [m for m in mutants.MUTANTS if m.notebook == "fast_conv"]
    sentences = {v for k, v in vars(fc).items() if k.isupper() and isinstance(v, str)}
    for grade_id in POINTS:
        assert len([m for m in own if m.grade_id == grade_id]) >= 5, grade_id
    assert all(m.feedback in sentences for m in own)
