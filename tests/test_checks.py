"""cnnlab.checks: the visible checks of the convolution notebook.

Every literal in checks.py (expected results and the results of named mistakes) is re-derived here
with PyTorch in float64 or with the formula by hand; the checks pass on the solution notebook's
functions and fail, with a message that teaches, on wrong ones.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F  # noqa: N812
from torch.utils.flop_counter import conv_flop_count

from autograder import reference
from autograder.notebooks import answer_namespace
from cnnlab import checks
from cnnlab.checks import RAISES, Case, CheckFailure

NOTEBOOK = Path(__file__).resolve().parents[1] / "solutions" / "numpy_cnn" / "convolution.ipynb"

ALL_CASES = [
    pytest.param(case, id=f"{grade_id}-{k}-{case.call}", marks=getattr(pytest.mark, grade_id))
    for grade_id, cases in checks.CASES.items()
    for k, case in enumerate(cases)
]


@pytest.fixture(scope="module")
def solution_ns() -> dict:
    return answer_namespace(NOTEBOOK)


def fns(ns: dict, grade_id: str) -> list:
    return [ns[name] for name in checks.FUNCTIONS[grade_id]]


# --- every literal re-derived with torch float64 -------------------------------------------------


def t(a) -> torch.Tensor:
    return torch.tensor(np.ascontiguousarray(a, dtype=np.float64))


def _pair(k):
    return (k, k) if isinstance(k, int) else k


def torch_result(case: Case):
    """The case's result computed by PyTorch (float64), independently of autograder.reference."""
    a, kw = case.args, case.kwargs
    if case.call == "conv_output_size":
        n, k = a
        x, w = torch.zeros(1, 1, n, 1), torch.zeros(1, 1, k, 1)
        out = F.conv2d(
            x,
            w,
            stride=(kw.get("stride", 1), 1),
            padding=(kw.get("padding", 0), 0),
            dilation=(kw.get("dilation", 1), 1),
        )
        return out.shape[2]
    if case.call == "zero_pad":
        p = a[1]
        return F.pad(t(a[0]), (p, p, p, p)).numpy()
    if case.call == "correlate2d":
        return F.conv2d(t(a[0])[None, None], t(a[1])[None, None])[0, 0].numpy()
    if case.call == "convolve2d":
        k = torch.flip(t(a[1]), dims=(0, 1))
        return F.conv2d(t(a[0])[None, None], k[None, None])[0, 0].numpy()
    if case.call == "sobel_kernels":
        kx = torch.outer(torch.tensor([1.0, 2.0, 1.0]), torch.tensor([-1.0, 0.0, 1.0]))
        return kx.double().numpy(), kx.T.double().numpy()
    if case.call == "gaussian_kernel":
        params = {"size": 5, "sigma": 1.0} | dict(zip(("size", "sigma"), a, strict=False)) | kw
        g = torch.signal.windows.gaussian(
            params["size"], std=params["sigma"], sym=True, dtype=torch.float64
        )
        g2 = torch.outer(g, g)
        return (g2 / g2.sum()).numpy()
    if case.call == "box_kernel":
        size = a[0] if a else 3
        return torch.full((size, size), 1.0 / size**2, dtype=torch.float64).numpy()
    if case.call == "edge_magnitude":
        kx, ky = torch_result(Case("sobel_kernels", (), None))
        g = F.conv2d(t(a[0])[None, None], t(np.stack([kx, ky]))[:, None])[0]
        return torch.hypot(g[0], g[1]).numpy()
    if case.call == "conv_forward_naive":
        return F.conv2d(t(a[0]), t(a[1]), t(a[2]), **kw).numpy()
    if case.call == "grouped_conv_forward":
        return F.conv2d(t(a[0]), t(a[1]), t(a[2]), groups=a[3], **kw).numpy()
    if case.call == "conv_params":
        layer = torch.nn.Conv2d(a[0], a[1], _pair(a[2]), bias=kw.get("bias", True), device="meta")
        return sum(p.numel() for p in layer.parameters())
    if case.call == "conv_flops":
        cin, cout, k, h, w = a
        kh, kw_ = _pair(k)
        x_shape, w_shape = [1, cin, h + kh - 1, w + kw_ - 1], [cout, cin, kh, kw_]
        return conv_flop_count(x_shape, w_shape, [1, cout, h, w], False) // 2
    raise AssertionError(f"no torch derivation for {case.call}")


def assert_same(got, expected, tol: float = 1e-9) -> None:
    if isinstance(expected, int):
        assert isinstance(got, int) and got == expected, (got, expected)
    elif isinstance(expected, tuple):
        assert len(got) == len(expected)
        for g, e in zip(got, expected, strict=True):
            assert_same(g, e, tol)
    else:
        got = np.asarray(got)
        assert got.shape == np.shape(expected)
        np.testing.assert_allclose(got, expected, rtol=tol, atol=tol)


@pytest.mark.parametrize("case", ALL_CASES)
def test_literal_expected_value_matches_torch(case: Case) -> None:
    if case.expected is RAISES:
        with pytest.raises(RuntimeError):  # PyTorch refuses the same arguments
            torch_result(case)
        with pytest.raises(ValueError):
            reference.REFERENCES[case.call](*case.args, **case.kwargs)
        return
    assert_same(torch_result(case), case.expected)
    ref = reference.REFERENCES[case.call](*case.args, **case.kwargs)
    if case.call in ("conv_forward_naive", "grouped_conv_forward"):
        ref = ref[0]
    assert_same(ref, case.expected)


@pytest.mark.parametrize("case", [p for p in ALL_CASES if p.values[0].mistakes])
def test_literal_mistakes_match_the_torch_mistakes(case: Case) -> None:
    """Every literal wrong answer is what the named mistake computes (autograder.reference)."""
    computed = reference.MISTAKES[case.call](*case.args, **case.kwargs)
    for description, literal in case.mistakes:
        candidates = [value for desc, value in computed if desc == description]
        assert candidates, f"no reference mistake {description!r}"
        assert any(checks._matches(literal, value, 1e-9, 1e-9) for value in candidates), description
        assert not checks._matches(literal, case.expected, 1e-9, 1e-9), "mistake == expected"


@pytest.mark.conv_params
def test_bottleneck_numbers_match_torch() -> None:
    def count(cin, cout, k):
        layer = torch.nn.Conv2d(cin, cout, k, bias=False, device="meta")
        return sum(p.numel() for p in layer.parameters())

    assert count(256, 64, 1) + count(64, 64, 3) + count(64, 256, 1) == checks.BOTTLENECK_PARAMS
    assert count(256, 256, 3) == checks.PLAIN_3x3_PARAMS


def test_every_grade_id_has_cases_and_a_public_check() -> None:
    assert set(checks.CASES) == set(checks.FUNCTIONS)
    for grade_id, names in checks.FUNCTIONS.items():
        assert callable(getattr(checks, grade_id))
        assert {case.call for case in checks.CASES[grade_id]} == set(names)


def test_checks_contain_no_convolution_code() -> None:
    """checks.py holds literals, not solutions: no loops over output positions, no np.pad."""
    source = Path(checks.__file__).read_text()
    for forbidden in ("np.pad(", "for i in range", "np.sqrt(", "np.exp(", "torch"):
        assert forbidden not in source, forbidden


# --- the checks pass on the solution --------------------------------------------------------------


@pytest.mark.parametrize(
    "grade_id", [pytest.param(g, marks=getattr(pytest.mark, g)) for g in checks.FUNCTIONS]
)
def test_visible_check_passes_on_solution(grade_id: str, solution_ns: dict, capsys) -> None:
    getattr(checks, grade_id)(*fns(solution_ns, grade_id))
    out = capsys.readouterr().out
    count = len(checks.CASES[grade_id]) + (grade_id == "conv_params")
    assert f"{grade_id}: all {count} visible checks passed." in out


# --- and fail with a message that teaches on wrong functions --------------------------------------


def wrong_functions(ns: dict) -> list:
    """(grade_id, wrong functions, phrases the message must contain)."""
    conv, pad, corr = ns["conv_forward_naive"], ns["zero_pad"], ns["correlate2d"]

    def conv_no_bias(x, w, b, stride=1, padding=0):
        out, cache = conv(x, w, b, stride, padding)
        return out - b[None, :, None, None], cache

    def conv_no_padding(x, w, b, stride=1, padding=0):
        return conv(x, w, b, stride, 0)

    def conv_out_only(x, w, b, stride=1, padding=0):
        return conv(x, w, b, stride, padding)[0]

    def conv_mutates(x, w, b, stride=1, padding=0):
        result = conv(x, w, b, stride, padding)
        x += 1
        return result

    def pad_one_sided(x, padding):
        return np.pad(x, ((0, 0), (0, 0), (0, 2 * padding), (0, 2 * padding)))

    def pad_float64(x, padding):
        return pad(x, padding).astype(np.float64)

    def pad_all_axes(x, padding):
        return np.pad(x, padding)

    def size_true_division(n, kernel_size, stride=1, padding=0, dilation=1):
        return (n + 2 * padding - dilation * (kernel_size - 1) - 1) / stride + 1

    def size_no_error(n, kernel_size, stride=1, padding=0, dilation=1):
        return max(0, (n + 2 * padding - dilation * (kernel_size - 1) - 1) // max(stride, 1) + 1)

    def not_implemented(*args, **kwargs):
        raise NotImplementedError

    def corr_crashes(image, kernel):
        return image[10]

    def sobel_swapped():
        kx, ky = ns["sobel_kernels"]()
        return ky, kx

    def gaussian_unnormalised(size=5, sigma=1.0):
        g = ns["gaussian_kernel"](size, sigma)
        return g / g.max()

    def edge_no_sqrt(image):
        return ns["edge_magnitude"](image) ** 2

    def grouped_first_slice(x, w, b, groups, stride=1, padding=0):
        cg = x.shape[1] // groups
        return ns["grouped_conv_forward"](
            np.concatenate([x[:, :cg]] * groups, axis=1), w, b, groups, stride, padding
        )[0], (x, w, b, groups, stride, padding)

    filters = [ns["sobel_kernels"], ns["gaussian_kernel"], ns["box_kernel"]]
    return [
        ("conv_forward_naive", [conv_no_bias], ["index (0, 0, 0, 0)", "expected 12, got 11",
                                                "4 of 4 entries", checks.NO_BIAS]),
        ("conv_forward_naive", [conv_no_padding], ["expected shape (1, 1, 3, 3), got shape "
                                                   "(1, 1, 1, 1)", "H_out = (H + 2*padding - HH)"
                                                   " // stride + 1 = (2 + 2*1 - 2) // 1 + 1 = 3"]),
        ("conv_forward_naive", [conv_out_only], ["must return a pair (out, cache)"]),
        ("conv_forward_naive", [conv_mutates], ["changed its input x in place"]),
        ("conv_forward_naive", [not_implemented], ["not implemented yet", "NotImplementedError"]),
        ("zero_pad", [pad_one_sided], [checks.ONE_SIDED_PADDING, "x =", "expected 0, got 1"]),
        ("zero_pad", [pad_float64], ["changed the dtype", "float32"]),
        ("zero_pad", [pad_all_axes], ["expected shape (1, 1, 4, 4), got shape (3, 3, 4, 4)",
                                      "only H and W are padded"]),
        ("conv_output_size", [size_true_division], ["expected the int 32, got 32.0", "//"]),
        ("conv_output_size", [size_no_error], ["should raise ValueError", "does not fit",
                                               "returned 0"]),
        ("correlate2d", [corr_crashes], ["raised IndexError", "line", "image[10]"]),
        ("correlate2d", [lambda image, kernel: corr(image, kernel[::-1, ::-1])],
         [checks.FLIPPED_KERNEL]),
        ("convolve2d", [corr], [checks.NOT_FLIPPED, "expected 9, got 5"]),
        ("filters", [sobel_swapped, *filters[1:]], [checks.SOBEL_SWAPPED, "kx"]),
        ("filters", [filters[0], gaussian_unnormalised, filters[2]], [checks.NOT_NORMALISED]),
        ("edge_magnitude", [edge_no_sqrt], [checks.NO_SQRT, "expected 4, got 16"]),
        ("conv_params", [lambda cin, cout, k, bias=True: cin * cout * k * k],
         [checks.PARAMS_NO_BIAS, "expected 760, got 750"]),
        ("conv_flops", [lambda cin, cout, k, h, w: 2 * ns["conv_flops"](cin, cout, k, h, w)],
         [checks.FLOPS_DOUBLED]),
        ("grouped_conv_forward", [grouped_first_slice], [checks.GROUP_INPUT_SLICE]),
    ]  # fmt: skip


WRONG_IDS = [
    "conv-no-bias", "conv-no-padding", "conv-out-only", "conv-mutates", "conv-not-implemented",
    "pad-one-sided", "pad-float64", "pad-all-axes", "size-true-division", "size-no-error",
    "corr-crashes", "corr-flipped", "convolve-not-flipped", "sobel-swapped", "gaussian-max",
    "edge-no-sqrt", "params-no-bias", "flops-doubled", "grouped-first-slice",
]  # fmt: skip


@pytest.mark.parametrize("k", range(len(WRONG_IDS)), ids=WRONG_IDS)
def test_visible_check_fails_with_a_useful_message(k: int, solution_ns: dict) -> None:
    grade_id, wrong, phrases = wrong_functions(solution_ns)[k]
    with pytest.raises(CheckFailure) as info:
        getattr(checks, grade_id)(*wrong)
    message = str(info.value)
    assert message.startswith(checks.FUNCTIONS[grade_id][0] if grade_id != "filters" else "")
    for phrase in phrases:
        assert phrase in message, f"{phrase!r} not in:\n{message}"


def test_check_failure_renders_the_message_only() -> None:
    failure = CheckFailure("zero_pad is wrong.\n  expected 1, got 2.")
    assert failure._render_traceback_() == [
        "CheckFailure: zero_pad is wrong.\n  expected 1, got 2."
    ]
    assert isinstance(failure, AssertionError)


def test_assert_close_names_the_first_wrong_index_and_count() -> None:
    expected = np.arange(6.0).reshape(2, 3)
    got = expected.copy()
    got[1, 0], got[1, 2] = 7, 9
    with pytest.raises(CheckFailure) as info:
        checks.assert_close("f", got, expected, case="f(x)", mistakes=[("a known slip", got)])
    message = str(info.value)
    for phrase in ("f is wrong for f(x)", "2 of 6 entries", "index (1, 0)", "expected 3, got 7",
                   "Likely cause: a known slip."):  # fmt: skip
        assert phrase in message
    checks.assert_close("f", expected + 1e-12, expected)  # within tolerance: no failure


# --- skipped while autograding ----------------------------------------------------------------


def test_visible_check_is_skipped_while_autograding(monkeypatch, capsys) -> None:
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    checks.conv_forward_naive(lambda *args: 1 / 0)  # a broken function costs nothing here
    assert capsys.readouterr().out.strip() == (
        "(visible check skipped while autograding: the hidden tests re-run these cases)"
    )
    with pytest.raises(CheckFailure):  # run_visible still runs the cases
        checks.run_visible("conv_forward_naive", lambda *args: 1 / 0)


def test_visible_check_runs_while_validating(monkeypatch, solution_ns: dict, capsys) -> None:
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    checks.zero_pad(solution_ns["zero_pad"])
    assert "zero_pad: all 6 visible checks passed." in capsys.readouterr().out
