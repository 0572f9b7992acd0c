"""autograder.check: hidden tests, source check, substitution of earlier parts, clean failures."""

from __future__ import annotations

import textwrap
import types
from pathlib import Path

import numpy as np
import pytest

from autograder import HiddenTestFailure, check, hidden, sourcecheck
from autograder.notebooks import answer_namespace
from cnnlab import checks

NOTEBOOK = Path(__file__).resolve().parents[1] / "solutions" / "numpy_cnn" / "convolution.ipynb"
GRADE_IDS = [pytest.param(g, marks=getattr(pytest.mark, g)) for g in checks.FUNCTIONS]


@pytest.fixture(scope="module")
def solution_ns() -> dict:
    return answer_namespace(NOTEBOOK)


@pytest.fixture
def ns() -> dict:
    """A fresh namespace of the solution notebook, for tests that change it."""
    return answer_namespace(NOTEBOOK)


def define(namespace: dict, source: str) -> None:
    """Run ``source`` in the notebook namespace, as if a student had edited a cell."""
    exec(compile(textwrap.dedent(source), "<student cell>", "exec"), namespace)  # noqa: S102


def failure(grade_id: str, namespace: dict) -> str:
    with pytest.raises(HiddenTestFailure) as info:
        check(grade_id, namespace)
    return info.value.message


# --- the solution passes --------------------------------------------------------------------------


@pytest.mark.parametrize("grade_id", GRADE_IDS)
def test_hidden_check_passes_on_solution(grade_id: str, solution_ns: dict, capsys) -> None:
    check(grade_id, solution_ns)
    assert capsys.readouterr().out.strip().endswith(f"{grade_id}: hidden tests passed.")


@pytest.mark.parametrize("grade_id", GRADE_IDS)
def test_hidden_cases_are_deterministic_and_many(grade_id: str) -> None:
    first, second = hidden._hidden_cases(grade_id), hidden._hidden_cases(grade_id)
    assert len(first) >= 5
    for (_, a), (_, b) in zip(first, second, strict=True):
        assert hidden.checks.describe(a) == hidden.checks.describe(b)
        for x, y in zip(a.args, b.args, strict=True):
            assert np.array_equal(x, y)


@pytest.mark.conv_forward_naive
def test_hidden_conv_cases_cover_the_geometry_table() -> None:
    cases = [case for _, case in hidden._hidden_cases("conv_forward_naive")]
    shapes = [(case.args[0].shape, case.args[1].shape) for case in cases]
    assert any(x[0] == 1 and x[1] == 1 for x, _ in shapes)  # N=1, C=1
    assert any(x[2] != x[3] for x, _ in shapes)  # rectangular input
    assert any(w[2] != w[3] for _, w in shapes)  # non-square kernel
    assert {case.kwargs.get("stride") for case in cases} >= {1, 2, 3}
    assert {case.kwargs.get("padding") for case in cases} >= {0, 1, 2}
    assert {case.args[0].dtype for case in cases} == {np.dtype(np.float32), np.dtype(np.float64)}
    assert any(case.expected is checks.RAISES for case in cases)


# --- missing, unimplemented and crashing functions ------------------------------------------------


@pytest.mark.conv_forward_naive
def test_missing_function_fails_clearly(ns: dict) -> None:
    del ns["conv_forward_naive"]
    message = failure("conv_forward_naive", ns)
    assert message.startswith("conv_forward_naive is not defined")


@pytest.mark.filters
def test_missing_one_of_several_functions(ns: dict) -> None:
    del ns["gaussian_kernel"]
    assert failure("filters", ns).startswith("gaussian_kernel is not defined")


@pytest.mark.zero_pad
def test_stub_fails_with_not_implemented(ns: dict) -> None:
    define(ns, "def zero_pad(x, padding):\n    raise NotImplementedError\n")
    assert "zero_pad is not implemented yet" in failure("zero_pad", ns)


@pytest.mark.correlate2d
def test_garbage_result_is_a_failure_not_a_crash(ns: dict) -> None:
    define(ns, "def correlate2d(image, kernel):\n    return 'an image'\n")
    assert "expected an array" in failure("correlate2d", ns)


def test_unknown_grade_id_is_an_instructor_error(solution_ns: dict) -> None:
    with pytest.raises(KeyError):
        check("no_such_cell", solution_ns)


# --- source check ---------------------------------------------------------------------------------

FORBIDDEN_SOURCES = {
    "torch-import-inside": (
        "correlate2d",
        """
        def correlate2d(image, kernel):
            import torch
            t = torch.nn.functional.conv2d(torch.tensor(image)[None, None],
                                           torch.tensor(kernel)[None, None])
            return t[0, 0].numpy()
        """,
        ["correlate2d", "imports torch"],
    ),
    "torch-module-global": (
        "correlate2d",
        """
        import torch.nn.functional as TF
        def correlate2d(image, kernel):
            return TF.conv2d(image, kernel)
        """,
        ["uses TF, which comes from torch.nn.functional"],
    ),
    "torch-from-import": (
        "convolve2d",
        """
        from torch.nn.functional import conv2d
        def convolve2d(image, kernel):
            return conv2d(image, kernel)
        """,
        ["uses conv2d, which comes from torch"],
    ),
    "scipy-import-inside": (
        "correlate2d",
        """
        def correlate2d(image, kernel):
            from scipy.signal import correlate2d as c
            return c(image, kernel, mode="valid")
        """,
        ["imports scipy.signal"],
    ),
    "cnnlab-import-inside": (
        "filters",
        """
        def sobel_kernels():
            from cnnlab.checks import KX, KY
            return KX, KY
        """,
        ["sobel_kernels", "imports cnnlab.checks"],
    ),
    "cnnlab-module-global": (
        "filters",
        """
        def sobel_kernels():
            return checks.KX.copy(), checks.KY.copy()
        """,
        ["uses checks, which comes from cnnlab.checks"],
    ),
    "torch-in-nested-function": (
        "edge_magnitude",
        """
        def edge_magnitude(image):
            def helper():
                import torch
                return torch
            return [helper() for _ in range(1)]
        """,
        ["imports torch"],
    ),
    "dunder-import": (
        "zero_pad",
        """
        def zero_pad(x, padding):
            return __import__("torch").nn.functional.pad(x, (padding,) * 4)
        """,
        ["imports torch"],
    ),
    "torch-in-a-called-notebook-function": (
        "conv_forward_naive",
        """
        def zero_pad(x, padding):
            import torch
            return torch.nn.functional.pad(torch.tensor(x), (padding,) * 4).numpy()
        """,
        ["zero_pad (called by conv_forward_naive): it imports torch"],
    ),
}


@pytest.mark.parametrize(
    "key",
    [pytest.param(k, marks=getattr(pytest.mark, v[0])) for k, v in FORBIDDEN_SOURCES.items()],
)
def test_source_check_catches_forbidden_modules(key: str, ns: dict) -> None:
    grade_id, source, phrases = FORBIDDEN_SOURCES[key]
    define(ns, source)
    message = failure(grade_id, ns)
    assert "must be written with NumPy only" in message
    for phrase in phrases:
        assert phrase in message, message


@pytest.mark.correlate2d
def test_source_check_catches_scipy_globals_without_scipy_installed(ns: dict) -> None:
    signal = types.ModuleType("scipy.signal")
    ns["signal"] = signal

    def fake_correlate(image, kernel, mode="valid"):
        raise AssertionError("never called")

    fake_correlate.__module__ = "scipy.signal._signaltools"
    ns["sp_correlate2d"] = fake_correlate
    define(ns, "def correlate2d(image, kernel):\n    return signal.correlate2d(image, kernel)\n")
    assert "uses signal, which comes from scipy.signal" in failure("correlate2d", ns)
    define(ns, "def correlate2d(image, kernel):\n    return sp_correlate2d(image, kernel)\n")
    assert "uses sp_correlate2d, which comes from scipy.signal" in failure("correlate2d", ns)


@pytest.mark.correlate2d
def test_source_check_follows_notebook_helpers_and_allows_numpy(ns: dict) -> None:
    define(
        ns,
        """
        def window_sum(window, kernel):
            _ = window.data  # an attribute named like the notebook's global data (cnnlab.data)
            return np.sum(window * kernel)

        def correlate2d(image, kernel):
            H, W = image.shape
            HH, WW = kernel.shape
            if HH > H or WW > W:
                raise ValueError("kernel larger than image")
            out = np.zeros((H - HH + 1, W - WW + 1))
            for i in range(H - HH + 1):
                for j in range(W - WW + 1):
                    out[i, j] = window_sum(image[i : i + HH, j : j + WW], kernel)
            return out
        """,
    )
    assert sourcecheck.violations(ns["correlate2d"]) == []
    check("correlate2d", ns)
    define(ns, "import torch\ndef window_sum(window, kernel):\n    return torch.sum(window)\n")
    assert sourcecheck.violations(ns["correlate2d"]) == [
        "window_sum (called by correlate2d): it uses torch, which comes from torch"
    ]


# --- earlier parts are replaced by references, and put back afterwards ----------------------------


@pytest.mark.convolve2d
@pytest.mark.edge_magnitude
def test_broken_correlate2d_costs_only_its_own_cell(ns: dict, capsys) -> None:
    define(ns, "def correlate2d(image, kernel):\n    return np.zeros((1, 1))\n")
    broken = ns["correlate2d"]
    failure("correlate2d", ns)
    check("convolve2d", ns)
    check("edge_magnitude", ns)
    assert ns["correlate2d"] is broken
    out = capsys.readouterr().out
    assert "convolve2d: hidden tests passed." in out
    assert "edge_magnitude: hidden tests passed." in out


@pytest.mark.edge_magnitude
def test_broken_sobel_kernels_does_not_fail_edge_magnitude(ns: dict) -> None:
    define(ns, "def sobel_kernels():\n    return np.eye(3), np.eye(3)\n")
    failure("filters", ns)
    check("edge_magnitude", ns)


@pytest.mark.grouped_conv_forward
def test_broken_conv_forward_naive_does_not_fail_grouped(ns: dict) -> None:
    define(ns, "def conv_forward_naive(x, w, b, stride=1, padding=0):\n    return None, None\n")
    broken = ns["conv_forward_naive"]
    failure("conv_forward_naive", ns)
    check("grouped_conv_forward", ns)
    assert ns["conv_forward_naive"] is broken


@pytest.mark.conv_forward_naive
@pytest.mark.grouped_conv_forward
def test_broken_helpers_do_not_fail_conv_forward_naive(ns: dict) -> None:
    define(ns, "def zero_pad(x, padding):\n    return x\n")
    define(
        ns, "def conv_output_size(n, kernel_size, stride=1, padding=0, dilation=1):\n    return 1\n"
    )
    failure("zero_pad", ns)
    failure("conv_output_size", ns)
    check("conv_forward_naive", ns)
    check("grouped_conv_forward", ns)


def test_namespace_is_restored_after_a_failure_and_missing_names_stay_missing(ns: dict) -> None:
    define(ns, "def correlate2d(image, kernel):\n    return np.zeros((1, 1))\n")
    define(ns, "def edge_magnitude(image):\n    return correlate2d(image, image)\n")
    broken, before = ns["correlate2d"], dict(ns)
    failure("edge_magnitude", ns)
    assert ns["correlate2d"] is broken
    assert ns == before
    del ns["zero_pad"], ns["conv_output_size"]
    check("conv_forward_naive", ns)  # the references stand in for the missing helpers
    assert "zero_pad" not in ns and "conv_output_size" not in ns


# --- the hidden cases find what the visible ones cannot, and name the mistake ---------------------


@pytest.mark.conv_forward_naive
def test_hidden_cases_name_a_mistake_the_visible_cases_miss(ns: dict) -> None:
    """One-sided padding only when padding == 2: the visible cases pass, the hidden ones do not."""
    solution = ns["conv_forward_naive"]

    def conv_forward_naive(x, w, b, stride=1, padding=0):
        if padding != 2:
            return solution(x, w, b, stride, padding)
        xp = np.pad(x, ((0, 0), (0, 0), (0, 4), (0, 4)))
        return solution(xp, w, b, stride, 0)[0], (x, w, b, stride, padding)

    ns["conv_forward_naive"] = conv_forward_naive
    checks.run_visible("conv_forward_naive", conv_forward_naive)
    message = failure("conv_forward_naive", ns)
    assert "padding=2" in message and checks.ONE_SIDED_PADDING in message


@pytest.mark.conv_forward_naive
def test_hidden_cases_check_float32_inputs(ns: dict) -> None:
    solution = ns["conv_forward_naive"]

    def conv_forward_naive(x, w, b, stride=1, padding=0):
        if x.dtype != np.float32:
            return solution(x, w, b, stride, padding)
        out, _ = solution(x.astype(np.float16), w, b, stride, padding)
        return out, (x, w, b, stride, padding)

    ns["conv_forward_naive"] = conv_forward_naive
    checks.run_visible("conv_forward_naive", conv_forward_naive)  # small integers: exact
    assert "float32" in failure("conv_forward_naive", ns)


@pytest.mark.zero_pad
def test_hidden_cases_catch_input_mutation(ns: dict) -> None:
    solution = ns["zero_pad"]

    def zero_pad(x, padding):
        out = solution(x, padding)
        if x.shape[0] > 1:
            x *= 2
        return out

    ns["zero_pad"] = zero_pad
    assert "changed its input x in place" in failure("zero_pad", ns)


# --- failures show the message only ---------------------------------------------------------------


def test_failure_renders_without_traceback(ns: dict) -> None:
    define(
        ns, "def conv_params(in_channels, out_channels, kernel_size, bias=True):\n    return 1\n"
    )
    with pytest.raises(HiddenTestFailure) as info:
        check("conv_params", ns)
    rendered = info.value._render_traceback_()
    assert rendered == [f"HiddenTestFailure: {info.value.message}"]
    text = "\n".join(rendered)
    for leak in ("Traceback", 'File "', "hidden.py", "reference", "def ", "_case("):
        assert leak not in text
    assert info.value.__cause__ is None and info.value.__context__ is None


def test_ipython_shows_only_the_message(ns: dict, capsys) -> None:
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell()
    shell.user_ns.update(ns)
    define(shell.user_ns, "def conv_flops(cin, cout, k, h, w):\n    return 0\n")
    shell.run_cell('from autograder import check; check("conv_flops", globals())')
    out = capsys.readouterr()
    shown = out.out + out.err
    assert "HiddenTestFailure: conv_flops is wrong" in shown
    assert "Traceback" not in shown and "hidden.py" not in shown
