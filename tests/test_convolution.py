"""The convolution notebook: its visible checks, hidden tests and mutants, beyond the generic tests.

Every literal in cnnlab/checks/convolution.py is re-derived here with PyTorch in float64,
independently of the autograder's references; wrong functions fail with messages that teach.
"""

from __future__ import annotations

import types

import numpy as np
import pytest
import torch
import torch.nn.functional as F  # noqa: N812
from conftest import assert_same, case_params, define, failure, solution_path
from torch.utils.flop_counter import conv_flop_count

from autograder import HiddenTestFailure, check, hidden, mutants, sourcecheck
from cnnlab import checks
from cnnlab.checks import RAISES, Case, CheckFailure
from cnnlab.checks import convolution as conv_checks

NOTEBOOK = solution_path("convolution")
CASES = case_params(conv_checks.CASES)


# --- every literal re-derived with torch float64 -------------------------------------------------


def t(a) -> torch.Tensor:
    return torch.tensor(np.ascontiguousarray(a, dtype=np.float64))


def _pair(k):
    return (k, k) if isinstance(k, int) else k


def torch_result(case: Case):
    """The case's result by PyTorch (float64), independently of autograder.tasks.convolution."""
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


@pytest.mark.parametrize("case", CASES)
def test_literal_expected_value_matches_torch(case: Case) -> None:
    if case.expected is RAISES:
        with pytest.raises(RuntimeError):  # PyTorch refuses the same arguments
            torch_result(case)
        return
    assert_same(torch_result(case), case.expected)


@pytest.mark.conv_params
def test_bottleneck_numbers_match_torch() -> None:
    def count(cin, cout, k):
        layer = torch.nn.Conv2d(cin, cout, k, bias=False, device="meta")
        return sum(p.numel() for p in layer.parameters())

    assert count(256, 64, 1) + count(64, 64, 3) + count(64, 256, 1) == conv_checks.BOTTLENECK_PARAMS
    assert count(256, 256, 3) == conv_checks.PLAIN_3x3_PARAMS


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
                                                "4 of 4 entries", conv_checks.NO_BIAS]),
        ("conv_forward_naive", [conv_no_padding], ["expected shape (1, 1, 3, 3), got shape "
                                                   "(1, 1, 1, 1)", "H_out = (H + 2*padding - HH)"
                                                   " // stride + 1 = (2 + 2*1 - 2) // 1 + 1 = 3"]),
        ("conv_forward_naive", [conv_out_only], ["must return a pair (out, cache)"]),
        ("conv_forward_naive", [conv_mutates], ["changed its input x in place"]),
        ("conv_forward_naive", [not_implemented], ["not implemented yet", "NotImplementedError"]),
        ("zero_pad", [pad_one_sided], [conv_checks.ONE_SIDED_PADDING, "x =", "expected 0, got 1"]),
        ("zero_pad", [pad_float64], ["changed the dtype", "float32"]),
        ("zero_pad", [pad_all_axes], ["expected shape (1, 1, 4, 4), got shape (3, 3, 4, 4)",
                                      "only H and W are padded"]),
        ("conv_output_size", [size_true_division], ["expected the int 32, got 32.0", "//"]),
        ("conv_output_size", [size_no_error], ["should raise ValueError", "does not fit",
                                               "returned 0"]),
        ("correlate2d", [corr_crashes], ["raised IndexError", "line", "image[10]"]),
        ("correlate2d", [lambda image, kernel: corr(image, kernel[::-1, ::-1])],
         [conv_checks.FLIPPED_KERNEL]),
        ("convolve2d", [corr], [conv_checks.NOT_FLIPPED, "expected 9, got 5"]),
        ("filters", [sobel_swapped, *filters[1:]], [conv_checks.SOBEL_SWAPPED, "kx"]),
        ("filters", [filters[0], gaussian_unnormalised, filters[2]], [conv_checks.NOT_NORMALISED]),
        ("edge_magnitude", [edge_no_sqrt], [conv_checks.NO_SQRT, "expected 4, got 16"]),
        ("conv_params", [lambda cin, cout, k, bias=True: cin * cout * k * k],
         [conv_checks.PARAMS_NO_BIAS, "expected 760, got 750"]),
        ("conv_flops", [lambda cin, cout, k, h, w: 2 * ns["conv_flops"](cin, cout, k, h, w)],
         [conv_checks.FLOPS_DOUBLED]),
        ("grouped_conv_forward", [grouped_first_slice], [conv_checks.GROUP_INPUT_SLICE]),
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
    assert message.startswith(conv_checks.FUNCTIONS[grade_id][0] if grade_id != "filters" else "")
    for phrase in phrases:
        assert phrase in message, f"{phrase!r} not in:\n{message}"


def test_visible_check_runs_while_validating(monkeypatch, solution_ns: dict, capsys) -> None:
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    checks.zero_pad(solution_ns["zero_pad"])
    assert "zero_pad: all 6 visible checks passed." in capsys.readouterr().out


@pytest.mark.conv_params
def test_conv_params_prints_the_bottleneck_comparison(solution_ns: dict, capsys) -> None:
    checks.conv_params(solution_ns["conv_params"])
    out = capsys.readouterr().out
    assert "conv_params: all 9 visible checks passed." in out
    assert "The bottleneck 256 -> 64 -> 64 -> 256 has 69,632 weights" in out


# --- hidden tests of the convolution notebook ------------------------------------------------


@pytest.mark.conv_forward_naive
def test_hidden_conv_cases_cover_the_geometry_table() -> None:
    cases = [case for _, case in hidden.hidden_cases("conv_forward_naive")]
    shapes = [(case.args[0].shape, case.args[1].shape) for case in cases]
    assert any(x[0] == 1 and x[1] == 1 for x, _ in shapes)  # N=1, C=1
    assert any(x[2] != x[3] for x, _ in shapes)  # rectangular input
    assert any(w[2] != w[3] for _, w in shapes)  # non-square kernel
    assert {case.kwargs.get("stride") for case in cases} >= {1, 2, 3}
    assert {case.kwargs.get("padding") for case in cases} >= {0, 1, 2}
    assert {case.args[0].dtype for case in cases} == {np.dtype(np.float32), np.dtype(np.float64)}
    assert any(case.expected is RAISES for case in cases)


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
    assert "padding=2" in message and conv_checks.ONE_SIDED_PADDING in message


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


# --- mutants of the convolution notebook ---------------------------------------------------------


def test_conv_forward_naive_mutants_cover_the_contract() -> None:
    conv = {m.id for m in mutants.MUTANTS if m.grade_id == "conv_forward_naive"}
    assert conv >= {
        "one_sided_padding",
        "stride_ignored",
        "no_bias",
        "flipped_kernel",
        "channels_not_summed",
        "h_w_swapped",
    }
    assert all(
        m.notebook == "convolution" for m in mutants.MUTANTS if m.grade_id in conv_checks.FUNCTIONS
    )
