"""The architectures notebook: visible checks, hidden tests and mutants, beyond the generic tests.

Every literal in cnnlab/checks/architectures.py is re-derived here independently of
autograder.tasks.architectures: parameter counts and tables by running PyTorch on the built
networks (FlopCounterMode, named_children), the modules' outputs with reference nn.Modules written
here (filled with the same fixed values), and the lecture's hand counts as literals of their own.
test_checks.py compares the literals with the task module; test_mutants.py runs every mutant. Here
also: the harnesses' structural messages, the hidden extra checks, the fixed values, parts graded
independently, and the notebook's contract.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F  # noqa: N812
from conftest import assert_notebook_contract, case_params, define, failure, solution_path
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from autograder import check, hidden, tasks
from autograder.notebooks import answer_namespace, cell_by_id, nbgrader_meta, read
from autograder.tasks import architectures as task
from cnnlab import checks, zoo
from cnnlab.checks import Case, CheckFailure
from cnnlab.checks import architectures as arch

NOTEBOOK = solution_path("architectures")
GRADE_IDS = tuple(arch.FUNCTIONS)
POINTS = {"count_params": 2, "layer_table": 3, "InceptionModule": 3, "BasicBlock": 3, "resnet20": 3}
WRITTEN = ("q_vgg_budget", "q_bottleneck", "q_degradation", "q_ddp")


# --- independent references -------------------------------------------------------------------


def trainable(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def torch_table(spec: zoo.Spec, dtype: str, device: str) -> tuple[np.ndarray, ...]:
    """The table's columns measured with PyTorch on the built network."""
    torch_dtype = getattr(torch, dtype)
    model = zoo.build(spec, dtype=torch_dtype, device=device)
    x = torch.zeros((1, *spec.input_shape), dtype=torch_dtype, device=device)
    shapes, params, memory, flops = [], [], [], []
    for _, layer in model.named_children():
        with FlopCounterMode(display=False) as counter:
            x = layer(x)
        shapes.append(list(x.shape[1:]) + [0] * (4 - x.ndim))
        params.append(trainable(layer))
        memory.append(x.numel() * x.element_size())
        flops.append(counter.get_total_flops())
    return tuple(np.array(v, dtype=np.float64) for v in (shapes, params, memory, flops))


class RefInception(nn.Module):
    def __init__(self, c_in, c1, c3r, c3, c5r, c5, pp):
        super().__init__()
        self.b1 = nn.Conv2d(c_in, c1, 1)
        self.r3, self.b3 = nn.Conv2d(c_in, c3r, 1), nn.Conv2d(c3r, c3, 3, padding=1)
        self.r5, self.b5 = nn.Conv2d(c_in, c5r, 1), nn.Conv2d(c5r, c5, 5, padding=2)
        self.pp = nn.Conv2d(c_in, pp, 1)

    def forward(self, x):
        relu = torch.relu
        return torch.cat(
            [
                relu(self.b1(x)),
                relu(self.b3(relu(self.r3(x)))),
                relu(self.b5(relu(self.r5(x)))),
                relu(self.pp(F.max_pool2d(x, 3, 1, 1))),
            ],
            1,
        )


class RefBlock(nn.Module):
    """torchvision's BasicBlock (projection shortcut), or without a shortcut."""

    def __init__(self, c_in, c_out, stride, residual=True):
        super().__init__()
        self.residual = residual
        self.c1 = nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False)
        self.n1 = nn.BatchNorm2d(c_out)
        self.c2 = nn.Conv2d(c_out, c_out, 3, 1, 1, bias=False)
        self.n2 = nn.BatchNorm2d(c_out)
        self.down = None
        if residual and (stride != 1 or c_in != c_out):
            self.down = nn.Sequential(
                nn.Conv2d(c_in, c_out, 1, stride, bias=False), nn.BatchNorm2d(c_out)
            )

    def forward(self, x):
        out = self.n2(self.c2(torch.relu(self.n1(self.c1(x)))))
        if self.residual:
            out = out + (x if self.down is None else self.down(x))
        return torch.relu(out)


class RefNet(nn.Module):
    def __init__(self, residual, num_classes=10, blocks_per_stage=3):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16))
        blocks, c_in = [], 16
        for stage, width in enumerate((16, 32, 64)):
            for b in range(blocks_per_stage):
                blocks.append(RefBlock(c_in, width, 2 if stage and not b else 1, residual))
                c_in = width
        self.blocks = nn.Sequential(*blocks)
        self.fc = nn.Linear(64, num_classes)

    def forward(self, x):
        out = self.blocks(torch.relu(self.stem(x)))
        return self.fc(out.mean(dim=(2, 3)))


def run_filled(module: nn.Module, x: np.ndarray) -> tuple[int, np.ndarray]:
    module.double()
    count = arch.fill(module)
    module.train()
    return count, module(torch.tensor(x)).detach().numpy()


def reference_result(case: Case):
    """The case's result computed with the modules above (or PyTorch on the built network)."""
    if case.call == "count_params":
        spec, device = case.args
        return trainable(zoo.build(spec, device=device))
    if case.call == "layer_table":
        return torch_table(*case.args)
    if case.call == "InceptionModule":
        x, *channels = case.args
        return run_filled(RefInception(*channels), x)
    if case.call == "BasicBlock":
        x, *args = case.args
        return run_filled(RefBlock(*args), x)
    residual = case.call == "resnet20"
    return run_filled(RefNet(residual, **case.kwargs), case.args[0])


@pytest.mark.parametrize("case", case_params(arch.CASES))
def test_literal_matches_pytorch(case: Case) -> None:
    got = reference_result(case)
    expected = case.expected
    if isinstance(expected, int):
        assert got == expected
        return
    for g, e in zip(got, expected, strict=True):
        np.testing.assert_allclose(g, e, rtol=1e-10, atol=1e-12)


def test_the_lectures_hand_counts_are_the_literals() -> None:
    counts = {case.args[0].name: case.expected for case in arch.CASES["count_params"]}
    assert counts == {"small net": 455, "ten 5x5 filters": 760, "LeNet-5": 61_706,
                      "AlexNet": 62_378_344, "VGG-16": 138_357_544}  # fmt: skip
    tables = {case.args[0].name: case.expected for case in arch.CASES["layer_table"]}
    shapes, params, memory, flops = tables["AlexNet"]
    assert shapes[0].tolist() == [96, 55, 55] and params[0] == 34_944 == 96 * (11 * 11 * 3 + 1)
    assert memory[0] == 55 * 55 * 96 * 4 and flops[0] == 2 * 96 * 55 * 55 * 11 * 11 * 3
    assert params.sum() == 62_378_344 and tables["VGG-16"][1].sum() == 138_357_544
    assert tables["VGG-16"][1][-3] == 512 * 7 * 7 * 4096 + 4096  # fc6
    assert tables["LeNet-5"][1].sum() == 61_706 and tables["LeNet-5"][0][4].tolist() == [120, 1, 1]
    nets = {(c.call, tuple(c.kwargs.items())): c.expected for c in arch.CASES["resnet20"]}
    assert nets[("resnet20", ())][0] == 272_474 and nets[("plain20", ())][0] == 269_722


@pytest.mark.resnet20
@pytest.mark.parametrize("residual", [True, False])
@pytest.mark.parametrize("blocks", [1, 2, 3, 9])
def test_net_reference_counts_and_scores_match_modules(residual: bool, blocks: int) -> None:
    x = np.random.default_rng(blocks).standard_normal((2, 3, 9, 7))
    count, scores = run_filled(RefNet(residual, 5, blocks), x)
    ref_count, ref_scores = task._net(x, residual, 5, blocks)
    assert count == ref_count
    np.testing.assert_allclose(scores, ref_scores, rtol=1e-10, atol=1e-12)


@pytest.mark.count_params
def test_count_reference_mistakes_are_what_they_say() -> None:
    """Each named count is what that wrong implementation returns on the built network."""
    wrong = {
        arch.COUNT_FROZEN: lambda m: sum(p.numel() for p in m.parameters()),
        arch.COUNT_STATE_DICT: lambda m: sum(t.numel() for t in m.state_dict().values()),
        arch.COUNT_TENSORS: lambda m: len([p for p in m.parameters() if p.requires_grad]),
        arch.COUNT_SHARED_TWICE: lambda m: sum(
            p.numel() for layer in m for p in layer.parameters() if p.requires_grad
        ),
        arch.COUNT_WEIGHTS_ONLY: lambda m: sum(
            p.numel() for n, p in m.named_parameters() if p.requires_grad and n.endswith("weight")
        ),
        arch.COUNT_TOP_LEVEL: lambda m: sum(
            p.numel() for c in m.children() for p in c.parameters(recurse=False) if p.requires_grad
        ),
    }
    specs = [arch.SMALL, zoo.LENET5] + [
        case.args[0] for _, case in hidden.hidden_cases("count_params")
    ]
    for spec in specs:
        model = zoo.build(spec, device="meta")
        assert task.count_params(spec) == trainable(model), spec
        for causes, value in task.MISTAKES["count_params"](spec):
            for cause in causes.split("; or: "):
                assert wrong[cause](model) == value, (spec, cause)


@pytest.mark.layer_table
def test_table_reference_matches_pytorch_on_the_hidden_networks() -> None:
    for _, case in hidden.hidden_cases("layer_table"):
        for got, want in zip(torch_table(*case.args), case.expected, strict=True):
            np.testing.assert_array_equal(got, want)


# --- the fixed values -------------------------------------------------------------------------


def splitmix64(x: int) -> int:
    mask = 2**64 - 1
    z = (x * 0x9E3779B97F4A7C15) & mask
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
    return z ^ (z >> 31)


def test_fixed_values_are_integer_hashes_scaled_like_he_init() -> None:
    import zlib

    values = arch.fixed_values("weight", (4, 3, 2, 2))
    seed = zlib.crc32(b"weight(4, 3, 2, 2)")
    by_hand = [(splitmix64(seed * 2**32 + k) >> 11) / 2**52 - 1 for k in range(48)]
    np.testing.assert_array_equal(values.ravel(), np.array(by_hand) * np.sqrt(6 / 12))
    assert np.abs(arch.fixed_values("weight", (5,)) - 1).max() <= 0.25
    assert np.abs(arch.fixed_values("bias", (5,))).max() <= 0.1
    assert not np.array_equal(arch.fixed_values("bias", (5,)), arch.fixed_values("bias", (6,))[:5])
    big = arch.fixed_values("weight", (64, 64, 3, 3))
    assert abs(big.std() ** 2 * 576 / 2 - 1) < 0.05  # He: variance 2 / fan_in


def test_fill_counts_each_parameter_once_and_ignores_names() -> None:
    shared = nn.Conv2d(2, 2, 3)
    model = nn.Sequential(shared, nn.ReLU(), shared)
    assert arch.fill(model) == 2 * 2 * 9 + 2
    a, b = nn.Conv2d(3, 4, 3), nn.Sequential(nn.Identity(), nn.Conv2d(3, 4, 3))
    arch.fill(a), arch.fill(b)
    assert torch.equal(a.weight, b[1].weight) and torch.equal(a.bias, b[1].bias)


# --- parts are graded independently -----------------------------------------------------------


def test_earlier_parts_are_substituted(ns: dict, capsys) -> None:
    assert task.SUBSTITUTES == {"layer_table": ("count_params",), "resnet20": ("BasicBlock",)}
    define(ns, "def count_params(model):\n    return 7\n")
    define(ns, "class BasicBlock(nn.Module):\n    pass\n")
    check("layer_table", ns)
    check("resnet20", ns)
    assert capsys.readouterr().out.count("hidden tests passed.") == 2
    reference = task.REFERENCES["BasicBlock"](16, 32, 2)  # the substitute, called like the class
    assert isinstance(reference, task.ReferenceBasicBlock) and trainable(reference) == 14528


def test_plain20_does_not_use_basicblock(ns: dict) -> None:
    define(ns, "class BasicBlock(nn.Module):\n    pass\n")
    net = ns["plain20"]()
    assert trainable(net) == 269_722


# --- messages that teach ------------------------------------------------------------------------


def visible_failure(grade_id: str, *fns) -> str:
    with pytest.raises(CheckFailure) as info:
        checks.run_visible(grade_id, *fns)
    return str(info.value)


@pytest.mark.count_params
def test_count_messages(ns: dict) -> None:
    define(ns, "def count_params(model):\n    return torch.tensor(455)\n")
    assert "expected the int 455, got tensor(455)" in visible_failure(
        "count_params", ns["count_params"]
    )
    define(
        ns,
        "def count_params(model):\n"
        "    return sum(p.numel() for p in model.parameters() if p.requires_grad) + 1\n",
    )
    message = failure("count_params", ns)
    assert message.startswith("count_params is wrong for count_params(model=small net (4 layers")
    assert "expected 455, got 456" in message


@pytest.mark.count_params
def test_count_extra_check_catches_tied_weights(ns: dict) -> None:
    define(
        ns,
        "def count_params(model):\n"
        "    if isinstance(model, nn.Sequential):\n"
        "        return sum(p.numel() for p in model.parameters() if p.requires_grad)\n"
        "    return sum(p.numel() for _, p in model.named_parameters(remove_duplicate=False)"
        " if p.requires_grad)\n",
    )
    message = failure("count_params", ns)
    assert "a model that is not a Sequential" in message and "expected 59, got 83" in message


TABLE_MISTAKES = {
    "rows": ("rows.append({", "rows.append({'name': 'x', "),
    "batch": ('"output_shape": tuple(x.shape[1:]),', '"output_shape": tuple(x.shape),'),
    "keys": ('"flops": counter.get_total_flops(),', '"FLOPs": counter.get_total_flops(),'),
}


@pytest.mark.layer_table
def test_table_messages(ns: dict) -> None:
    source = cell_by_id(read(NOTEBOOK), "layer_table_answer").source
    define(ns, source.replace('"name": name,', '"name": "layer",'))
    message = failure("layer_table", ns)
    assert "expected 5 rows named ['conv1', 'pool1', 'conv2', 'frozen', 'fc']" in message
    assert arch.LT_ROWS in message
    define(ns, source.replace('"output_shape": tuple(x.shape[1:]),', '"output_shape": x.shape,'))
    assert "output_shape (1, 4, 8, 8) of 4 numbers" in failure("layer_table", ns)
    define(ns, source.replace('"flops": counter', '"FLOPs": counter'))
    assert "row 'conv1' has no ['flops']" in failure("layer_table", ns)


@pytest.mark.InceptionModule
def test_inception_messages(ns: dict) -> None:
    define(ns, "class InceptionModule:\n    def __init__(self, *args):\n        pass\n")
    assert "InceptionModule(2, 1, 1, 1, 1, 1, 1) must be an nn.Module, got InceptionModule" in (
        failure("InceptionModule", ns)
    )
    ns = answer_namespace(NOTEBOOK)
    define(
        ns,
        """
        class InceptionModule(InceptionModule):
            def forward(self, x):
                return super().forward(x)[:, :-1]
        """,
    )
    message = failure("InceptionModule", ns)
    assert "the output has shape (1, 3, 2, 2), expected (1, 4, 2, 2)" in message


@pytest.mark.BasicBlock
def test_block_messages(ns: dict) -> None:
    source = cell_by_id(read(NOTEBOOK), "BasicBlock_answer").source
    define(
        ns,
        source.replace("padding=1, bias=False)\n        self.bn1", "bias=False)\n        self.bn1"),
    )
    message = failure("BasicBlock", ns)
    assert (
        "BasicBlock(2, 2, stride=1) has the convolutions Conv2d(2, 2, 3x3, stride 1, padding 0)"
        in message
    )
    assert arch.BLOCK_CONVS in message
    define(
        ns,
        source.replace(
            "self.shortcut = nn.Identity()",
            "self.shortcut = nn.Conv2d(in_channels, out_channels, 1, bias=False)",
        ),
    )
    assert arch.BLOCK_IDENTITY in failure("BasicBlock", ns)


@pytest.mark.BasicBlock
def test_block_gradient_check_catches_a_detached_branch(ns: dict) -> None:
    define(
        ns,
        """
        class BasicBlock(BasicBlock):
            def forward(self, x):
                if torch.is_grad_enabled():
                    return super().forward(x.detach()).detach().requires_grad_()
                return super().forward(x)
        """,
    )
    message = failure("BasicBlock", ns)
    assert "BasicBlock: after a backward pass these parameters have no gradient" in message


@pytest.mark.resnet20
def test_net_messages(ns: dict) -> None:
    define(ns, "def resnet20(num_classes=10, blocks_per_stage=3):\n    return None\n")
    assert "resnet20() must be an nn.Module, got NoneType" in failure("resnet20", ns)
    ns = answer_namespace(NOTEBOOK)
    define(
        ns,
        "_plain20 = plain20\n"
        "def plain20(num_classes=10, blocks_per_stage=3):\n"
        "    return _plain20(num_classes + 1, blocks_per_stage)\n",
    )
    message = failure("resnet20", ns)
    assert "plain20(): the scores have shape (2, 11) for x of shape (2, 3, 8, 8)" in message


# --- the notebook -------------------------------------------------------------------------------


def test_notebook_contract() -> None:
    nb = assert_notebook_contract(NOTEBOOK, POINTS, WRITTEN)
    assert (
        "14 points for code (5 graded cells) and 4 points for short written answers, 18 in all"
        in cell_by_id(nb, "intro").source
    )
    device_lines = [c for c in nb.cells if "torch.device(" in c.source and c.cell_type == "code"]
    assert [c.id for c in device_lines] == ["setup"]
    for cell in nb.cells:
        if cell.cell_type == "code" and not nbgrader_meta(cell):
            assert "cuda" not in cell.source, cell.id  # the setup cell's device line only


def test_every_grade_id_has_five_mutants_or_more() -> None:
    from autograder.mutants import MUTANTS

    for grade_id in GRADE_IDS:
        assert len([m for m in MUTANTS if m.grade_id == grade_id]) >= 5, grade_id
    assert not tasks.NUMPY_ONLY["count_params"]
