"""The port notebook: its visible checks, hidden tests and mutants, beyond the generic tests.

Every literal in cnnlab/checks/port.py is re-derived here with PyTorch's modules in float64
(nn.Conv2d, nn.MaxPool2d and autograd), independently of autograder.tasks.port; test_checks.py
compares the literals with that module, and test_mutants.py runs every port mutant. Here also:
the source checks (check_names: no PyTorch convolution or pooling in the graded classes, no
autograd in a backward pass, no autograder), the checks that a module goes through its Function
and the bridge through its NumPy layer, gradcheck, nn.Conv2d's initialisation, the messages, the
geometry of the hidden cases, and the notebook's structure.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F  # noqa: N812
from conftest import assert_notebook_contract, case_params, define, failure, solution_path

from autograder import check, hidden, mutants, sourcecheck, tasks
from autograder.notebooks import answer_namespace, cell_by_id, read
from autograder.tasks import port as task
from cnnlab import checks
from cnnlab.checks import Case, CheckFailure, report
from cnnlab.checks import port as port_checks

NOTEBOOK = solution_path("port")
GRADE_IDS = tuple(port_checks.FUNCTIONS)
POINTS = {
    "conv2d_function": 4,
    "maxpool2d_function": 3,
    "conv2d_module": 2,
    "maxpool2d_module": 1,
    "numpy_bridge": 2,
}
WRITTEN = ("q_cudnn", "q_fold", "q_bridge")


def t(a, grad: bool = True) -> torch.Tensor:
    return torch.tensor(np.array(a, dtype=np.float64), requires_grad=grad)


def harness(name: str, cls):
    return report.HARNESSES[name](cls)


# --- every literal re-derived with PyTorch modules ------------------------------------------------


def conv_module(x, w, b, dout, stride=1, padding=0) -> tuple:
    """(out, dx, dw, db) of an nn.Conv2d (float64) holding w and b."""
    F_, C, HH, WW = w.shape
    layer = torch.nn.Conv2d(C, F_, (HH, WW), stride, padding, bias=b is not None).double()
    with torch.no_grad():
        layer.weight.copy_(t(w))
        if b is not None:
            layer.bias.copy_(t(b))
    xt = t(x)
    layer(xt).backward(t(dout, False))
    db = np.zeros(0) if b is None else layer.bias.grad.numpy()
    return layer(xt).detach().numpy(), xt.grad.numpy(), layer.weight.grad.numpy(), db


def pool_module(x, dout, kernel_size, stride) -> tuple:
    xt = t(x)
    out = torch.nn.MaxPool2d(kernel_size, stride)(xt)
    out.backward(t(dout, False))
    return out.detach().numpy(), xt.grad.numpy()


def by_modules(case: Case) -> tuple:
    kwargs = dict(case.kwargs)
    if case.call in ("Conv2dFunction", "NumpyConv2dFunction"):
        return conv_module(*case.args, kwargs.get("stride", 1), kwargs.get("padding", 0))
    if case.call == "MyConv2d":
        return conv_module(*case.args, kwargs.get("stride", 1), kwargs.get("padding", 0))
    if case.call == "MaxPool2dFunction":
        return pool_module(*case.args, kwargs["kernel_size"], kwargs["stride"])
    return pool_module(*case.args, kwargs["kernel_size"], kwargs.get("stride"))


@pytest.mark.parametrize("case", case_params(port_checks.CASES))
def test_literal_matches_torch_modules(case: Case) -> None:
    for got, expected in zip(by_modules(case), case.expected, strict=True):
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


def test_the_first_cases_can_be_checked_by_hand() -> None:
    conv = port_checks.CASES["conv2d_function"][0]
    x, _, _, _ = conv.args
    out = x[0, 0, :2, :2] - x[0, 0, 1:, 1:] + 1  # w = [[1, 0], [0, -1]], b = 1
    np.testing.assert_array_equal(conv.expected[0][0, 0], out)
    assert conv.kwargs == {}  # the defaults: apply(x, w, b)
    ties = port_checks.CASES["maxpool2d_function"][1]
    dx = ties.expected[1][0, 0]
    assert dx[0, 1] == 5 and dx[1, 0] == 0 and dx[0, 2] == 7 and dx[1, 3] == 0  # the first max


def test_visible_cases_cover_what_the_brief_asks_for() -> None:
    conv = port_checks.CASES["conv2d_function"]
    assert any(c.args[2] is None for c in conv)  # b=None
    assert {c.kwargs.get("stride", 1) for c in conv} >= {1, 2, 3}
    assert {c.kwargs.get("padding", 0) for c in conv} >= {0, 1, 2}
    pool = port_checks.CASES["maxpool2d_function"]
    assert any(p.mistakes and p.mistakes[0][0] == port_checks.MP_TIES for p in pool)
    assert any(not isinstance(p.kwargs["kernel_size"], int) for p in pool)
    assert any("stride" not in c.kwargs for c in port_checks.CASES["maxpool2d_module"])
    assert any(c.kwargs.get("bias") is False for c in port_checks.CASES["conv2d_module"])


def test_the_check_module_does_not_import_torch_at_the_top() -> None:
    source = NOTEBOOK.parents[2].joinpath("src/cnnlab/checks/port.py").read_text()
    top = source.split("\ndef ")[0]
    assert "import torch" not in top


# --- the solution ---------------------------------------------------------------------------------


@pytest.mark.conv2d_function
@pytest.mark.numpy_bridge
@pytest.mark.parametrize("name", ["Conv2dFunction", "NumpyConv2dFunction"])
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_solution_functions_match_f_conv2d(name: str, dtype, solution_ns: dict) -> None:
    torch.manual_seed(0)
    x = torch.randn(3, 2, 7, 6, dtype=dtype, requires_grad=True)
    w = torch.randn(4, 2, 3, 2, dtype=dtype, requires_grad=True)
    b = torch.randn(4, dtype=dtype, requires_grad=True)
    out = solution_ns[name].apply(x, w, b, 2, 2)
    ref = F.conv2d(x, w, b, stride=2, padding=2)
    assert out.dtype == dtype
    dout = torch.randn_like(ref)
    tol = {"rtol": 1e-4, "atol": 1e-4} if dtype == torch.float32 else {}
    torch.testing.assert_close(out, ref, **tol)
    for g, h in zip(
        torch.autograd.grad(out, (x, w, b), dout),
        torch.autograd.grad(ref, (x, w, b), dout),
        strict=True,
    ):
        torch.testing.assert_close(g, h, **tol)


@pytest.mark.conv2d_function
def test_solution_backward_takes_an_expanded_dout(solution_ns: dict) -> None:
    """out.sum().backward() hands backward a dout with stride 0: reshape, not view, copes."""
    x = torch.randn(2, 3, 5, 5, requires_grad=True)
    w = torch.randn(2, 3, 3, 3, requires_grad=True)
    solution_ns["Conv2dFunction"].apply(x, w, None, 1, 1).sum().backward()
    (dx,) = torch.autograd.grad(F.conv2d(x, w, padding=1).sum(), x)
    torch.testing.assert_close(x.grad, dx)


@pytest.mark.conv2d_module
def test_solution_module_equals_nn_conv2d_under_the_same_seed(solution_ns: dict) -> None:
    for args, kwargs in [((3, 8, 3), {}), ((2, 5, (2, 3), 2, 1), {}), ((4, 4, 1), {"bias": False})]:
        torch.manual_seed(7)
        mine = solution_ns["MyConv2d"](*args, **kwargs)
        torch.manual_seed(7)
        theirs = torch.nn.Conv2d(*args, **kwargs)
        assert torch.equal(mine.weight, theirs.weight)
        assert (mine.bias is None) == (theirs.bias is None)
        if mine.bias is not None:
            assert torch.equal(mine.bias, theirs.bias)
        assert mine.state_dict().keys() == theirs.state_dict().keys()


@pytest.mark.maxpool2d_module
def test_solution_pool_module_is_like_nn_maxpool2d(solution_ns: dict) -> None:
    x = torch.randint(0, 3, (2, 3, 7, 8)).double().requires_grad_()
    for kwargs in [{"kernel_size": 2}, {"kernel_size": (3, 2), "stride": (1, 2)}]:
        mine, theirs = solution_ns["MyMaxPool2d"](**kwargs), torch.nn.MaxPool2d(**kwargs)
        assert (mine.kernel_size, mine.stride) == (theirs.kernel_size, theirs.stride)
        assert list(mine.parameters()) == []
        (g,) = torch.autograd.grad(mine(x).sum(), x)
        (h,) = torch.autograd.grad(theirs(x).sum(), x)
        torch.testing.assert_close(g, h)


# --- source checks --------------------------------------------------------------------------------


# A graded class written around PyTorch's own operation, each way a student might: (grade id,
# source, what the message names). The hidden tests' source checks (EXTRA_CHECKS) refuse them.
SHORTCUTS = {
    "conv-functional": (
        "conv2d_function",
        """
        class Conv2dFunction(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x, w, b, stride=1, padding=0):
                return F.conv2d(x, w, b, stride=stride, padding=padding)
        """,
        "Conv2dFunction.forward: it uses conv2d",
    ),
    "conv-nn-grad": (
        "conv2d_function",
        """
        class Conv2dFunction(torch.autograd.Function):
            @staticmethod
            def backward(ctx, dout):
                x, w = ctx.saved_tensors
                return torch.nn.grad.conv2d_input(x.shape, w, dout), None, None, None, None
        """,
        "Conv2dFunction.backward: it uses conv2d_input",
    ),
    "conv-renamed": (
        "conv2d_function",
        """
        from torch.nn.functional import conv2d as correlate

        def helper(x, w, b, stride, padding):
            return correlate(x, w, b, stride=stride, padding=padding)

        class Conv2dFunction(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x, w, b, stride=1, padding=0):
                return helper(x, w, b, stride, padding)
        """,
        "helper (called by Conv2dFunction): it uses correlate, which is torch.conv2d",
    ),
    "conv-autograd": (
        "conv2d_function",
        """
        class Conv2dFunction(torch.autograd.Function):
            @staticmethod
            def backward(ctx, dout):
                x, w, b = ctx.saved_tensors
                with torch.enable_grad():
                    x, w, b = (v.detach().requires_grad_() for v in (x, w, b))
                    out = Conv2dFunction.forward(ctx, x, w, b, *ctx.geometry)
                    return (*torch.autograd.grad(out, (x, w, b), dout), None, None)
        """,
        "Conv2dFunction.backward: it uses autograd",
    ),
    "pool-functional": (
        "maxpool2d_function",
        """
        class MaxPool2dFunction(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x, kernel_size, stride):
                out, ctx.indices = F.max_pool2d(x, kernel_size, stride, return_indices=True)
                return out
        """,
        "MaxPool2dFunction.forward: it uses max_pool2d",
    ),
    "pool-backward": (
        "maxpool2d_function",
        """
        class MaxPool2dFunction(torch.autograd.Function):
            @staticmethod
            def backward(ctx, dout):
                (x,) = ctx.saved_tensors
                with torch.enable_grad():
                    x = x.detach().requires_grad_()
                    F.max_pool2d(x, *ctx.geometry).backward(dout)
                return x.grad, None, None
        """,
        "MaxPool2dFunction.backward: it uses max_pool2d",
    ),
    "module-nn": (
        "conv2d_module",
        """
        class MyConv2d(nn.Module):
            def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0):
                super().__init__()
                self.conv = nn.Conv2d(in_channels, out_channels, kernel_size, stride, padding)
        """,
        "MyConv2d.__init__: it uses Conv2d",
    ),
    "module-subclass": (
        "conv2d_module",
        """
        class MyConv2d(nn.Conv2d):
            pass
        """,
        "MyConv2d: it subclasses Conv2d from torch.nn.modules.conv",
    ),
    "conv-class-attribute": (
        "conv2d_function",
        """
        class Conv2dFunction(torch.autograd.Function):
            op = F.conv2d

            @staticmethod
            def forward(ctx, x, w, b, stride=1, padding=0):
                return Conv2dFunction.op(x, w, b, stride, padding)
        """,
        "Conv2dFunction: its attribute op is torch.conv2d",
    ),
    "pool-module-nn": (
        "maxpool2d_module",
        """
        class MyMaxPool2d(nn.Module):
            def forward(self, x):
                return F.max_pool2d(x, self.kernel_size, self.stride)
        """,
        "MyMaxPool2d.forward: it uses max_pool2d",
    ),
    "bridge-torch": (
        "numpy_bridge",
        """
        class NumpyConv2dFunction(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x, w, b, stride=1, padding=0):
                return F.conv2d(x, w, b, stride=stride, padding=padding)
        """,
        "NumpyConv2dFunction.forward: it uses conv2d",
    ),
    "bridge-autograd": (
        "numpy_bridge",
        """
        class NumpyConv2dFunction(torch.autograd.Function):
            @staticmethod
            def backward(ctx, dout):
                ctx.out.backward(dout)
                return (*(t.grad for t in ctx.inputs), None, None)
        """,
        "NumpyConv2dFunction.backward: it uses backward",
    ),
    "stolen-reference": (
        "conv2d_function",
        """
        from autograder.tasks import REFERENCES

        class Conv2dFunction(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x, w, b, stride=1, padding=0):
                return REFERENCES["Conv2dFunction"].op(x, w, b, stride, padding)
        """,
        "Conv2dFunction.forward: it uses REFERENCES, which holds an object from autograder.tasks",
    ),
}


@pytest.mark.parametrize("key", list(SHORTCUTS))
def test_pytorch_shortcuts_fail_the_source_check(key: str, ns: dict) -> None:
    grade_id, source, phrase = SHORTCUTS[key]
    define(ns, source)
    cls = ns[port_checks.FUNCTIONS[grade_id][0]]
    with hidden.substituted(grade_id, ns, [cls]):
        with pytest.raises(sourcecheck.ForbiddenUse) as info:
            tasks.EXTRA_CHECKS[grade_id](cls)
    assert phrase in str(info.value), str(info.value)


@pytest.mark.conv2d_function
def test_a_correct_conv_built_on_f_conv2d_loses_its_points(ns: dict) -> None:
    """Right results from PyTorch's convolution: every case passes, the source check refuses."""
    define(
        ns,
        """
        class Conv2dFunction(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x, w, b, stride=1, padding=0):
                ctx.save_for_backward(x, w)
                ctx.geometry, ctx.has_bias = (stride, padding), b is not None
                return F.conv2d(x, w, b, stride=stride, padding=padding)

            @staticmethod
            def backward(ctx, dout):
                x, w = ctx.saved_tensors
                dx = torch.nn.grad.conv2d_input(x.shape, w, dout, *ctx.geometry)
                dw = torch.nn.grad.conv2d_weight(x, w.shape, dout, *ctx.geometry)
                db = dout.sum((0, 2, 3)) if ctx.has_bias else None
                return dx, dw, db, None, None
        """,
    )
    message = failure("conv2d_function", ns)
    assert message.startswith(f"Conv2dFunction: {port_checks.RULE_CONV}\n")
    assert "Conv2dFunction.forward: it uses conv2d" in message
    assert "Conv2dFunction.backward: it uses conv2d_input" in message


def test_the_source_check_passes_the_solution_and_finds_names_only_where_used(
    solution_ns: dict,
) -> None:
    allowed = ("torch", "scipy", "cnnlab")
    for name, ops in [
        ("Conv2dFunction", task.CONV_OPS),
        ("MaxPool2dFunction", task.POOL_OPS),
        ("NumpyConv2dFunction", task.CONV_OPS),
    ]:
        cls = solution_ns[name]
        assert sourcecheck.violations(cls, allowed, names=ops) == []
        backward = task._method(cls, "backward")
        assert sourcecheck.violations(backward, allowed, names=task.AUTOGRAD) == []
    sourcecheck.check_names("MyConv2d", solution_ns["MyConv2d"], task.CONV_OPS, "rule")


def test_check_names_reports_attributes_globals_closures_and_imports() -> None:
    namespace: dict = {"torch": torch, "F": F, "__name__": "nb"}
    exec(  # noqa: S102 (a student's cell)
        "from torch.nn.functional import conv2d as c\n"
        "def attr(x):\n    return F.conv2d(x, x)\n"
        "def glob(x):\n    return c(x, x)\n"
        "def inner(x):\n    from torch.nn.functional import conv2d\n    return conv2d(x, x)\n"
        "def closure():\n    d = F.conv2d\n    def f(x):\n        return d(x, x)\n    return f\n"
        "def clean(x):\n    return x.unfold(2, 2, 1)\n",
        namespace,
    )
    found = {
        name: sourcecheck.violations(namespace[name], ("torch",), names=("conv2d",))
        for name in ("attr", "glob", "inner", "clean")
    }
    assert found["attr"] == ["attr: it uses conv2d"]
    assert found["glob"] == ["glob: it uses c, which is torch.conv2d"]
    assert "inner: it uses conv2d" in found["inner"]
    assert found["clean"] == []
    closure = namespace["closure"]()
    assert sourcecheck.violations(closure, ("torch",), names=("conv2d",)) == [
        "f: it uses d, which is torch.conv2d"
    ]
    with pytest.raises(sourcecheck.ForbiddenUse, match="attr: the rule\n  attr: it uses conv2d"):
        sourcecheck.check_names("attr", namespace["attr"], ("conv2d",), "the rule")


def test_check_names_ignores_the_substituted_names() -> None:
    namespace: dict = {"Conv2dFunction": task.CONV_REFERENCE, "__name__": "nb"}
    exec("def forward(x, w):\n    return Conv2dFunction.apply(x, w, None)\n", namespace)  # noqa: S102
    with pytest.raises(sourcecheck.ForbiddenUse, match="autograder.tasks.port"):
        sourcecheck.check_names("forward", namespace["forward"], ("conv2d",), "rule")
    sourcecheck.check_names(
        "forward", namespace["forward"], ("conv2d",), "rule", ignore=("Conv2dFunction",)
    )


# --- the parts are used, and graded independently -------------------------------------------------


MODULE_WITHOUT_FUNCTION = """
class MyConv2d(nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, bias=True):
        super().__init__()
        HH, WW = (kernel_size, kernel_size) if isinstance(kernel_size, int) else kernel_size
        self.stride, self.padding = stride, padding
        self.weight = nn.Parameter(torch.empty(out_channels, in_channels, HH, WW))
        self.bias = nn.Parameter(torch.empty(out_channels)) if bias else None
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            bound = 1 / math.sqrt(in_channels * HH * WW)
            init.uniform_(self.bias, -bound, bound)

    def forward(self, x):
        N, _, H, W = x.shape
        F_, _, HH, WW = self.weight.shape
        cols = F.unfold(x, (HH, WW), padding=self.padding, stride=self.stride)
        H_out = (H + 2 * self.padding - HH) // self.stride + 1
        out = (self.weight.reshape(F_, -1) @ cols).reshape(N, F_, H_out, -1)
        return out if self.bias is None else out + self.bias.reshape(1, -1, 1, 1)
"""

BRIDGE_WITHOUT_NUMPY = """
class NumpyConv2dFunction(Conv2dFunction):
    pass  # right results, through the notebook's Conv2dFunction: no NumPy layer at all
"""


@pytest.mark.conv2d_module
def test_a_module_that_bypasses_its_function_fails(ns: dict) -> None:
    define(ns, MODULE_WITHOUT_FUNCTION)
    checks.conv2d_module(ns["MyConv2d"])  # right results: the visible check cannot tell
    assert failure("conv2d_module", ns) == port_checks.MUST_CALL_CONV


@pytest.mark.numpy_bridge
def test_a_bridge_that_bypasses_numpy_fails(ns: dict) -> None:
    define(ns, BRIDGE_WITHOUT_NUMPY)
    assert failure("numpy_bridge", ns) == port_checks.MUST_CALL_NUMPY


def test_no_graded_part_depends_on_another(ns: dict, capsys) -> None:
    """Broken Functions and a broken NumPy layer cost the modules and the bridge nothing."""
    define(
        ns,
        """
        class Conv2dFunction(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x, w, b, stride=1, padding=0):
                raise NotImplementedError

        MaxPool2dFunction = Conv2dFunction
        numpy_conv_forward = numpy_conv_backward = None
        """,
    )
    for grade_id in ("conv2d_module", "maxpool2d_module", "numpy_bridge"):
        check(grade_id, ns)
    assert capsys.readouterr().out.count("hidden tests passed.") == 3
    assert "not implemented yet" in failure("conv2d_function", ns)


# --- messages -------------------------------------------------------------------------------------


def visible_failure(grade_id: str, cls) -> str:
    with pytest.raises(CheckFailure) as info:
        checks.run_visible(grade_id, cls)
    return str(info.value)


@pytest.mark.parametrize(
    ("mutant_id", "phrases"),
    [
        ("port_conv_fold_no_stride", ["Likely cause: F.fold must undo", "sliding blocks"]),
        ("port_conv_grad_count", ["incorrect number of gradients", port_checks.GRAD_COUNT]),
        ("port_conv_no_bias", ["out is wrong", port_checks.CONV_NO_BIAS]),
        ("port_pool_ties_every", ["dx is wrong", port_checks.MP_TIES]),
        ("port_module_plain_tensor", ["module.weight is a plain tensor", "nn.Parameter"]),
        ("port_module_bias_fan_in", ["bias has values outside", "1/sqrt(fan_in) = 0.05893"]),
        ("port_module_no_super", ["MyConv2d raised AttributeError", "super().__init__()"]),
        ("port_pool_module_stride_none", ["module.stride is None, expected 2", "stride=None"]),
        ("port_pool_module_no_return", [port_checks.RETURNED_NONE]),
        ("port_bridge_returns_numpy", ["returned a ndarray, not a tensor", "torch.from_numpy"]),
        ("port_bridge_float32", ["returned torch.float32 for a torch.float64 input x"]),
        ("port_bridge_grads_swapped", ["invalid gradient at index 0", "in the shape of its input"]),
        (
            "port_bridge_tensor_dout",
            ["'Tensor' object has no attribute", "t.detach().cpu().numpy()"],
        ),
    ],
)
def test_visible_check_names_the_mistake(mutant_id: str, phrases: list[str]) -> None:
    mutant = mutants.by_id(mutant_id)
    nb = read(mutant.path)
    ns = answer_namespace(
        mutant.path, replace={mutant.answer_id: mutants.mutant_source(nb, mutant)}
    )
    message = visible_failure(mutant.grade_id, ns[port_checks.FUNCTIONS[mutant.grade_id][0]])
    for phrase in phrases:
        assert phrase in message, message


@pytest.mark.conv2d_function
def test_gradcheck_failure_is_explained(ns: dict) -> None:
    """A backward that is wrong only where the visible cases do not look: gradcheck finds it."""
    define(
        ns,
        """
        class Wrong(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x):
                return x * x

            @staticmethod
            def backward(ctx, dout):
                return dout  # should be 2 * x * dout
        """,
    )
    x = torch.randn(3, dtype=torch.float64, requires_grad=True)
    with pytest.raises(CheckFailure) as info:
        port_checks.gradcheck("Wrong", ns["Wrong"].apply, (x,))
    assert "Wrong: gradcheck on inputs (3,) failed: Jacobian mismatch" in str(info.value)
    assert port_checks.GRADCHECK in str(info.value)


@pytest.mark.conv2d_module
def test_init_statistics_reject_what_nn_conv2d_would_not_draw(ns: dict) -> None:
    for draw, cause in [
        ("init.normal_(self.weight, 0.0, 1 / math.sqrt(3 * fan_in))", port_checks.INIT_WEIGHT),
        (
            "init.uniform_(self.weight, -0.5 / math.sqrt(fan_in), 0.5 / math.sqrt(fan_in))",
            port_checks.INIT_WEIGHT,
        ),  # fmt: skip
    ]:
        nb = read(NOTEBOOK)
        source = cell_by_id(nb, "conv2d_module_answer").source.replace(
            "init.kaiming_uniform_(self.weight, a=math.sqrt(5))", draw
        )
        define(ns, source)
        with pytest.raises(CheckFailure, match="does not fill the bound|outside the bound") as info:
            port_checks._check_conv_init(ns["MyConv2d"])
        assert cause in str(info.value)


# --- hidden cases ---------------------------------------------------------------------------------


def test_hidden_cases_cover_the_geometry_table() -> None:
    conv = [c for _, c in hidden.hidden_cases("conv2d_function")]
    xs, ws = [c.args[0] for c in conv], [c.args[1] for c in conv]
    assert {c.kwargs.get("stride", 1) for c in conv} == {1, 2, 3}
    assert {c.kwargs.get("padding", 0) for c in conv} == {0, 1, 2}
    assert any(x.shape[0] == 1 for x in xs) and any(x.shape[1] == 1 for x in xs)
    assert all(x.shape[2] != x.shape[3] for x in xs)
    assert all(w.shape[2] != w.shape[3] for w in ws)
    assert {x.dtype for x in xs} == {np.dtype(np.float32), np.dtype(np.float64)}
    assert any(c.args[2] is None for c in conv) and any(c.kwargs == {} for c in conv)
    pool = [c for _, c in hidden.hidden_cases("maxpool2d_function")]
    assert any(isinstance(c.kwargs["kernel_size"], tuple) for c in pool)
    assert any(isinstance(c.kwargs["stride"], tuple) for c in pool)
    assert any(any(m[0] == port_checks.MP_TIES for m in c.mistakes) for c in pool)
    modules = [c for _, c in hidden.hidden_cases("maxpool2d_module")]
    assert any("stride" not in c.kwargs for c in modules) and any(
        "stride" in c.kwargs for c in modules
    )
    devices = {c.kwargs.get("device", "cpu") for g in GRADE_IDS for _, c in hidden.hidden_cases(g)}
    assert devices == ({"cpu", "cuda"} if torch.cuda.is_available() else {"cpu"})


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA GPU here")
def test_solution_passes_on_cuda(solution_ns: dict) -> None:
    for grade_id in GRADE_IDS:
        check(grade_id, solution_ns)


def test_references_count_their_calls_and_keep_the_numpy_contract() -> None:
    before = task.CALLS["Conv2dFunction"]
    x = torch.randn(1, 1, 3, 3)
    task.CONV_REFERENCE.apply(x, torch.ones(1, 1, 2, 2), None)
    assert task.CALLS["Conv2dFunction"] == before + 1
    x32 = np.ones((1, 2, 3, 3), np.float32)
    out, cache = task.numpy_conv_forward(
        x32, np.ones((1, 2, 2, 2), np.float32), np.zeros(1, np.float32)
    )
    assert out.dtype == np.float32
    assert all(g.dtype == np.float32 for g in task.numpy_conv_backward(np.ones_like(out), cache))
    with pytest.raises(TypeError, match="detach"):
        task.numpy_conv_backward(torch.ones(out.shape), cache)


# --- the notebook ---------------------------------------------------------------------------------


def test_notebook_structure_follows_the_contract() -> None:
    nb = assert_notebook_contract(NOTEBOOK, POINTS, WRITTEN)
    for grade_id in POINTS:
        (name,) = port_checks.FUNCTIONS[grade_id]
        assert f"class {name}(" in cell_by_id(nb, f"{grade_id}_answer").source
    assert "12 points for code (5 graded cells) and 3 points" in cell_by_id(nb, "intro").source
    device_lines = [c for c in nb.cells if "torch.cuda.is_available() else" in c.source]
    assert [c.id for c in device_lines] == ["setup"]  # the one device line


def test_every_graded_class_has_five_mutants_with_their_own_sentences() -> None:
    own = [m for m in mutants.MUTANTS if m.notebook == "port"]
    sentences = {v for k, v in vars(port_checks).items() if k.isupper() and isinstance(v, str)}
    for grade_id in POINTS:
        assert len([m for m in own if m.grade_id == grade_id]) >= 5, grade_id
    assert all(m.feedback in sentences for m in own)
    assert tasks.NUMPY_ONLY["conv2d_function"] is False
