"""The train notebook: its visible checks, hidden tests, accuracy cells and training, beyond the
generic tests.

Every literal in cnnlab/checks/train.py is re-derived here independently of autograder.tasks.train
(the crop from its formula with loops, the flip with NumPy, the network as torch.nn modules);
test_checks.py compares the literals with that module and test_mutants.py runs every train
mutant. Here also: how the augment check reads the draws back, the messages of the network check,
the accuracy cells on fabricated CIFAR-10 folders (tiers, a missing checkpoint, missing data, one
measurement for three cells), the notebook's contract, and training on real images (with the
offline sample only).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import numpy as np
import pytest
import torch
from conftest import assert_notebook_contract, case_params, define, failure, solution_path
from torch import nn

from autograder import accuracy, check, hidden, tasks
from autograder.cifar_fixture import fabricate_grading_data, write_cifar10_folder
from autograder.notebooks import answer_namespace, cell_by_id, read
from cnnlab import checks, data, train
from cnnlab.checks import RAISES, Case, CheckFailure
from cnnlab.checks import train as visible

NOTEBOOK = solution_path("train")
GRADE_IDS = ("random_crop", "hflip", "augment", "VGGNet")
POINTS = {"random_crop": 3, "hflip": 2, "augment": 2, "VGGNet": 4}
ACCURACY_POINTS = {"accuracy_70": 2, "accuracy_80": 2, "accuracy_85": 2}
WRITTEN = ("q_vertical_flip", "q_grad_scaler", "q_conv_bias")


# --- every literal re-derived independently ---------------------------------------------------


def crop_by_formula(x: np.ndarray, offsets: np.ndarray, padding: int) -> np.ndarray:
    """out[n, c, i, j] = padded[n, c, i + dy, j + dx], one entry at a time."""
    N, C, H, W = x.shape
    out = np.zeros_like(x, dtype=np.float64)
    for n in range(N):
        dy, dx = offsets[n]
        for c in range(C):
            for i in range(H):
                for j in range(W):
                    r, s = i + dy - padding, j + dx - padding  # the source pixel in x
                    if 0 <= r < H and 0 <= s < W:
                        out[n, c, i, j] = x[n, c, r, s]
    return out


def vgg_modules(widths, num_classes) -> nn.Module:
    """The architecture as torch.nn modules, float64."""
    layers, c = [], 3
    for w in widths:
        for c_in in (c, w):
            layers += [nn.Conv2d(c_in, w, 3, padding=1, bias=False), nn.BatchNorm2d(w), nn.ReLU()]
        layers.append(nn.MaxPool2d(2))
        c = w
    layers += [nn.AdaptiveMaxPool2d(1), nn.Flatten(), nn.Linear(c, num_classes)]
    return nn.Sequential(*layers).double()


def vgg_by_modules(x, params, widths=(64, 128, 256), num_classes=10):
    """(train-mode scores, eval-mode scores) of the module version with these weights."""
    model = vgg_modules(widths, num_classes)
    with torch.no_grad():
        for parameter, value in zip(model.parameters(), params, strict=True):
            parameter.copy_(torch.from_numpy(np.asarray(value, dtype=np.float64)))
    t = torch.from_numpy(np.asarray(x, dtype=np.float64))
    train_scores = model.train()(t).detach().numpy()
    with torch.no_grad():
        eval_scores = model.eval()(t).numpy()
    return train_scores, eval_scores


@pytest.mark.parametrize("case", case_params(visible.CASES))
def test_literal_matches_an_independent_derivation(case: Case) -> None:
    if case.expected is RAISES:
        return  # test_checks.py: the reference raises too
    if case.call == "random_crop":
        x, offsets, padding = case.args
        np.testing.assert_array_equal(case.expected, crop_by_formula(x, offsets, padding))
    elif case.call == "hflip":
        x, flip = case.args
        want = np.stack([img[:, :, ::-1] if f else img for img, f in zip(x, flip, strict=True)])
        np.testing.assert_array_equal(case.expected, want)
    elif case.call == "augment":
        np.testing.assert_array_equal(case.expected, np.array(case.args[0].shape))
    else:
        for got, want in zip(case.expected, vgg_by_modules(*case.args, **case.kwargs), strict=True):
            np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


def test_the_crop_cases_read_as_their_notes_say() -> None:
    case = visible.CASES["random_crop"][0]
    out = case.expected
    assert (out[0, 0, 0] == 0).all() and (out[0, 0, :, -1] == 0).all()  # down 1, left 1
    np.testing.assert_array_equal(out[0, 0, 1:, :-1], case.args[0][0, 0, :-1, 1:])
    np.testing.assert_array_equal(out[1, 0, :, 1:], case.args[0][1, 0, :, :-1])  # right 1


@pytest.mark.VGGNet
def test_vgg_reference_matches_torch_modules_on_the_hidden_cases() -> None:
    for name, case in hidden.hidden_cases("VGGNet"):
        assert name == "VGGNet"
        want = vgg_by_modules(*case.args, **case.kwargs)
        for got, expected in zip(case.expected, want, strict=True):
            np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-10)


@pytest.mark.random_crop
def test_crop_reference_matches_the_formula_on_the_hidden_cases() -> None:
    for _, case in hidden.hidden_cases("random_crop"):
        if case.expected is not RAISES:
            np.testing.assert_array_equal(case.expected, crop_by_formula(*case.args))


# --- the augment check reads the draws back ---------------------------------------------------


def test_read_draws_recovers_known_offsets_and_flips() -> None:
    x = visible._coded((6, 2, 5, 7))
    offsets = np.array([[0, 0], [4, 4], [1, 3], [2, 2], [4, 0], [0, 4]])
    flips = np.array([False, True, True, False, False, True])
    out = tasks.REFERENCES["hflip"](tasks.REFERENCES["random_crop"](x, offsets, 2), flips)
    draws = visible.read_draws(x, out, 2)
    np.testing.assert_array_equal(draws[:, :2], offsets)
    np.testing.assert_array_equal(draws[:, 2].astype(bool), flips)


@pytest.mark.parametrize("spoil", ["swap images", "shift one channel", "a pixel changed"])
def test_read_draws_refuses_what_no_crop_and_flip_gives(spoil: str) -> None:
    x = visible._coded((3, 2, 5, 7))
    offsets = np.array([[1, 2], [3, 0], [2, 2]])
    out = tasks.REFERENCES["random_crop"](x, offsets, 2)
    if spoil == "swap images":
        out = out[[1, 0, 2]]
    elif spoil == "shift one channel":
        out[2, 1] = np.roll(out[2, 1], 1, axis=1)
    else:
        out[1, 0, 2, 3] += 1
    with pytest.raises(CheckFailure, match="is not a crop"):
        visible.read_draws(x, out, 2)


def test_a_crop_with_a_larger_padding_reads_as_offsets_out_of_range() -> None:
    x = visible._coded((3, 2, 5, 7))
    out = tasks.REFERENCES["random_crop"](x, np.array([[0, 6], [3, 0], [2, 2]]), 3)
    draws = visible.read_draws(x, out, 2)
    np.testing.assert_array_equal(draws[:, :2], [[-1, 5], [2, -1], [1, 1]])
    with pytest.raises(CheckFailure, match=re.escape(visible.AUG_OUT_OF_RANGE)):
        visible._check_draws(draws, 2, draws)


AUGMENTS = {
    visible.AUG_FLIP_RATE: """
        def augment(x, generator, padding=4):
            N = x.shape[0]
            offsets = torch.randint(0, 2 * padding + 1, (N, 2), generator=generator)
            flip = torch.rand(N, generator=generator) < 0.2
            return hflip(random_crop(x, offsets, padding), flip)
        """,
    visible.AUG_DY_DX: """
        def augment(x, generator, padding=4):
            N = x.shape[0]
            offsets = torch.randint(0, 2 * padding + 1, (N, 1), generator=generator).repeat(1, 2)
            flip = torch.rand(N, generator=generator) < 0.5
            return hflip(random_crop(x, offsets, padding), flip)
        """,
    visible.AUG_OUT_OF_RANGE: """
        def augment(x, generator, padding=4):
            N = x.shape[0]
            offsets = torch.randint(0, 9, (N, 2), generator=generator)
            flip = torch.rand(N, generator=generator) < 0.5
            return hflip(random_crop(x, offsets, 4), flip)
        """,
    visible.AUG_TENSOR: """
        def augment(x, generator, padding=4):
            return x.numpy()
        """,
}


@pytest.mark.augment
@pytest.mark.parametrize("sentence", list(AUGMENTS), ids=["rate", "dy-dx", "padding", "numpy"])
def test_augment_mistakes_are_named(sentence: str, ns: dict) -> None:
    define(ns, AUGMENTS[sentence])
    assert sentence in failure("augment", ns)


@pytest.mark.augment
def test_augment_may_draw_its_numbers_its_own_way(ns: dict, capsys) -> None:
    define(
        ns,
        """
        def augment(x, generator, padding=4):
            N = x.shape[0]
            flip = torch.randint(0, 2, (N,), generator=generator, device=x.device).bool()
            dx = torch.randint(0, 2 * padding + 1, (N,), generator=generator, device=x.device)
            dy = torch.randint(0, 2 * padding + 1, (N,), generator=generator, device=x.device)
            return random_crop(hflip(x, flip), torch.stack([dy, dx], 1), padding)
        """,
    )
    check("augment", ns)
    assert "augment: hidden tests passed." in capsys.readouterr().out


@pytest.mark.parametrize("grade_id", GRADE_IDS)
def test_returning_the_graders_reference_fails_the_source_check(grade_id: str, ns: dict) -> None:
    name = checks.FUNCTIONS[grade_id][0]
    thefts = {
        "VGGNet": """
            class VGGNet(VGGNet):
                def forward(self, x):
                    from autograder.tasks import REFERENCES  # e.g. to look at them
                    return super().forward(x)
            """,
        "augment": """
            def augment(x, generator, padding=4):
                from autograder.tasks import REFERENCES
                N = x.shape[0]
                offsets = torch.randint(0, 2 * padding + 1, (N, 2), generator=generator)
                flip = torch.rand(N, generator=generator) < 0.5
                return REFERENCES["hflip"](REFERENCES["random_crop"](x, offsets, padding), flip)
            """,
    }
    steal = f"""
        def {name}(*args, **kwargs):
            from autograder.tasks import REFERENCES
            return REFERENCES["{name}"](*args, **kwargs)
        """
    define(ns, thefts.get(grade_id, steal))
    message = failure(grade_id, ns)
    assert message.startswith(f"{name}: {visible.RULE_OWN_CODE}"), message
    assert "autograder" in message


# --- the network check's messages -------------------------------------------------------------


VGG_VARIANTS = {
    visible.VGG_HEAD: ("self.classifier = nn.Linear(in_channels, num_classes)",
                       "self.classifier = nn.Linear(in_channels * 4, num_classes)"),
    visible.VGG_CONVS: ("            layers += self.conv_bn_relu(width, width)\n", ""),
    visible.VGG_ORDER: ("        self.features = nn.Sequential(*layers)\n"
                        "        self.classifier = nn.Linear(in_channels, num_classes)",
                        "        self.classifier = nn.Linear(in_channels, num_classes)\n"
                        "        self.features = nn.Sequential(*layers)"),
    visible.VGG_MODULE: ("class VGGNet(nn.Module):", "class VGGNet:"),
    visible.VGG_BUDGET: ("def __init__(self, widths=(64, 128, 256),",
                         "def __init__(self, widths=(512, 512, 512),"),
}  # fmt: skip


@pytest.mark.VGGNet
@pytest.mark.parametrize("sentence", list(VGG_VARIANTS), ids=["head", "convs", "order", "module",
                                                              "budget"])  # fmt: skip
def test_network_mistakes_are_named(sentence: str) -> None:
    source = cell_by_id(read(NOTEBOOK), "VGGNet_answer").source
    old, new = VGG_VARIANTS[sentence]
    assert source.count(old) == 1
    if sentence == visible.VGG_MODULE:  # no nn.Module: super().__init__() would fail first
        new_source = source.replace(old, new).replace("        super().__init__()\n", "")
    else:
        new_source = source.replace(old, new)
    ns = answer_namespace(NOTEBOOK, replace={"VGGNet_answer": new_source})
    message = failure("VGGNet", ns)
    assert sentence in message, message
    if sentence != visible.VGG_BUDGET:
        assert message.startswith("VGGNet(**{"), message


def test_shape_problem_names_the_first_difference() -> None:
    config = {"widths": (3,), "num_classes": 2}
    wrong = visible.vgg_shapes((3,), 2)
    wrong[1] = (4,)
    message = visible._shape_problem(wrong, config)
    assert "the first difference is parameter 1: expected shape (3,), got (4,)" in message
    assert visible.VGG_SHAPES in message


# --- the notebook -----------------------------------------------------------------------------


def by_id(nb, cell_id: str):
    """The cell with this id (demo cells have no nbgrader metadata)."""
    return next(cell for cell in nb.cells if cell.id == cell_id)


def test_notebook_contract() -> None:
    """Graded cells, points, hidden blocks, intro table; no outputs; no helpers in demo cells."""
    accuracy_cells = {
        grade_id: (
            ACCURACY_POINTS[grade_id],
            f"# Check {grade_id} ({ACCURACY_POINTS[grade_id]} points)\n"
            f"train.accuracy_goal({threshold}, measured, VGGNet)\n"
            "### BEGIN HIDDEN TESTS\n"
            "from autograder.accuracy import check_accuracy\n\n"
            f'check_accuracy("{grade_id}", globals())\n'
            "### END HIDDEN TESTS",
        )
        for grade_id, threshold in accuracy.THRESHOLDS.items()
    }
    nb = assert_notebook_contract(NOTEBOOK, POINTS, WRITTEN, accuracy_cells)
    assert "17 points for code" in cell_by_id(nb, "intro").source
    device_lines = [c.source for c in nb.cells if "torch.device(" in c.source]
    assert device_lines == [by_id(nb, "device_cell").source]
    assert (
        'device = torch.device("cuda" if torch.cuda.is_available() else "cpu")' in device_lines[0]
    )


def test_training_never_runs_while_autograding() -> None:
    nb = read(NOTEBOOK)
    source = by_id(nb, "train_cell").source
    assert "if is_autograding():" in source and "train.fit(" in source.split("else:")[1]
    assert source.index("is_autograding") < source.index("train.fit(")
    save = by_id(nb, "checkpoint_cell").source
    assert "train.checkpoint_path()" in save and "if history is not None:" in save
    measure = by_id(nb, "measure_cell").source
    assert measure.index("if is_smoke():") < measure.index("download=True")


def test_package_holds_no_solution() -> None:
    source = Path(train.__file__).read_text()
    for forbidden in ("def random_crop", "def hflip", "def augment", "class VGGNet", "F.pad(",
                      "torch.randint(", "nn.Conv2d(", "nn.BatchNorm2d("):  # fmt: skip
        assert forbidden not in source, forbidden


# --- the accuracy cells -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def graded_folder(tmp_path_factory) -> Path:
    """A fabricated CIFAR-10 folder and a checkpoint of the solution's VGGNet (100% on it)."""
    folder = tmp_path_factory.mktemp("cifar")
    fixture = fabricate_grading_data(folder)
    assert fixture.accuracy == 1.0
    assert fixture.path == folder / "cifar10_model.pt" and fixture.data == folder
    return folder


def relabel(source: Path, target: Path, agreement: float) -> None:
    """Copy a fabricated folder and its checkpoint, with only ``agreement`` of the test labels
    matching their images."""
    x_train, y_train, x_test, y_test = data.load_cifar10(source, download=False)
    wrong = round((1 - agreement) * len(y_test))
    labels = y_test.copy()
    labels[:wrong] = (labels[:wrong] + 3) % 10
    write_cifar10_folder(target, (x_train, y_train), (x_test, labels))
    (target / "cifar10_model.pt").write_bytes((source / "cifar10_model.pt").read_bytes())


def run_cells(namespace: dict) -> dict[str, str]:
    """grade id -> "passed" or the failure message of each accuracy cell."""
    outcome = {}
    for grade_id in accuracy.THRESHOLDS:
        try:
            accuracy.check_accuracy(grade_id, namespace)
        except accuracy.AccuracyFailure as err:
            outcome[grade_id] = err.message
        else:
            outcome[grade_id] = "passed"
    return outcome


@pytest.fixture
def graded_here(monkeypatch, tmp_path):
    """Run the accuracy cells in ``tmp_path`` (the notebook's folder) with ``$CNNLAB_DATA``."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(accuracy, "_RESULTS", {})

    def use(data_folder: Path) -> None:
        monkeypatch.setenv("CNNLAB_DATA", str(data_folder))

    return use


@pytest.mark.parametrize(
    ("agreement", "passes"),
    [(1.0, 3), (0.9, 3), (0.85, 3), (0.83, 2), (0.8, 2), (0.75, 1), (0.7, 1), (0.6, 0)],
)
def test_accuracy_cells_award_the_tiers(
    agreement, passes, graded_folder, graded_here, tmp_path, solution, capsys
) -> None:
    relabel(graded_folder, tmp_path, agreement)
    graded_here(tmp_path)
    outcome = run_cells(solution("train"))
    passed = [g for g, result in outcome.items() if result == "passed"]
    assert passed == list(accuracy.THRESHOLDS)[:passes], outcome
    for grade_id, result in outcome.items():
        if result != "passed":
            assert f"classifies {agreement:.2%} of the first 200 CIFAR-10 test images" in result
            assert f"needs {accuracy.THRESHOLDS[grade_id]:.0%}" in result
    assert capsys.readouterr().out.count(": passed.") == passes


def test_three_cells_cost_one_measurement(
    graded_folder, graded_here, monkeypatch, solution
) -> None:
    # Counted through the kernel's cache of measurements: patching cnnlab.train to count calls
    # is exactly what the tamper guard refuses (it is part of the grading code).
    graded_here(graded_folder)
    monkeypatch.chdir(graded_folder)
    monkeypatch.setattr(accuracy, "_RESULTS", {})
    assert set(run_cells(solution("train")).values()) == {"passed"}
    assert len(accuracy._RESULTS) == 1  # three cells, one measurement
    (graded_folder / "copy").mkdir(exist_ok=True)  # another file: measured again
    monkeypatch.chdir(graded_folder / "copy")
    (graded_folder / "copy" / "cifar10_model.pt").write_bytes(b"not a checkpoint")
    run_cells(solution("train"))
    assert len(accuracy._RESULTS) == 2


def test_a_missing_checkpoint_fails_only_the_accuracy_cells(
    graded_folder, graded_here, tmp_path, solution, capsys
) -> None:
    graded_here(graded_folder)
    outcome = run_cells(solution("train"))  # tmp_path holds no checkpoint
    for grade_id, message in outcome.items():
        assert message == f"{grade_id}: {accuracy.MISSING}."
    assert "cifar10_model.pt not found beside the notebook: run the training cells" in message
    for grade_id in GRADE_IDS:  # the code cells keep their points
        check(grade_id, solution("train"))
    assert capsys.readouterr().out.count("hidden tests passed.") == 4


def test_missing_test_data_names_cnnlab_data(graded_folder, graded_here, tmp_path, solution):
    graded_here(tmp_path / "no-data-here")
    (tmp_path / "cifar10_model.pt").write_bytes((graded_folder / "cifar10_model.pt").read_bytes())
    for message in run_cells(solution("train")).values():
        assert accuracy.NO_TEST_DATA in message and "CNNLAB_DATA" in message


@pytest.mark.parametrize("problem", ["garbage", "other-class", "over-budget", "no-VGGNet"])
def test_unusable_checkpoints_fail_with_a_message(
    problem, graded_folder, graded_here, tmp_path, solution
) -> None:
    graded_here(graded_folder)
    ns = dict(solution("train"))
    path = tmp_path / "cifar10_model.pt"
    if problem == "garbage":
        path.write_bytes(b"\x00" * 100)
        expected = "cifar10_model.pt cannot be used: "
    elif problem == "other-class":
        train.save_checkpoint(path, nn.Linear(3, 10), {"widths": [8], "num_classes": 10})
        expected = "do not fit VGGNet"
    elif problem == "over-budget":  # 2300 * 2200 + 2200 numbers
        big = nn.Linear(2300, 2200)
        train.save_checkpoint(path, big, {"in_features": 2300, "out_features": 2200})
        expected = "holds 5,062,200 numbers, over the budget of 5,000,000"
    else:
        path.write_bytes((graded_folder / "cifar10_model.pt").read_bytes())
        del ns["VGGNet"]
        expected = "VGGNet is not defined"
    for message in run_cells(ns).values():
        assert expected in message, message


def test_the_hidden_block_of_the_solution_runs_in_the_notebooks_folder(
    graded_folder, graded_here, solution, capsys, monkeypatch
) -> None:
    graded_here(graded_folder)
    cell = cell_by_id(read(NOTEBOOK), "accuracy_85")
    hidden_block = cell.source.split("### BEGIN HIDDEN TESTS\n")[1].split("### END")[0]
    monkeypatch.chdir(graded_folder)
    exec(compile(hidden_block, "<accuracy_85>", "exec"), dict(solution("train")))  # noqa: S102
    assert "accuracy_85: cifar10_model.pt classifies 100.00%" in capsys.readouterr().out


def test_the_task_declares_the_submitted_checkpoint() -> None:
    assert tasks.SUBMITTED_FILES["train"] == ("cifar10_model.pt",)
    assert checks.NOTEBOOK_OF["VGGNet"] == "train"


# --- training the solution's network ----------------------------------------------------------


def test_checkpoint_round_trip_of_the_solution_network(tmp_path, solution) -> None:
    VGGNet = solution("train")["VGGNet"]  # noqa: N806
    torch.manual_seed(0)
    model = VGGNet(widths=[8, 16])
    x, y = train.synthetic_cifar10(64, seed=1)
    images, labels = train.normalize(torch.from_numpy(x)), torch.from_numpy(y)
    model.train()(images)  # running statistics move away from their initial values
    path = train.save_checkpoint(tmp_path / "m.pt", model, {"widths": [8, 16], "num_classes": 10})
    restored = train.load_checkpoint(path, VGGNet)
    model.eval()
    with torch.no_grad():
        assert torch.equal(model(images), restored(images))
    assert train.evaluate(model, images, labels, amp=False) == train.checkpoint_accuracy(
        path, VGGNet, x, y
    )


SAMPLE_THRESHOLD = 0.25


def test_the_solution_learns_real_images_on_a_cpu(solution) -> None:
    """Runs only with the offline CIFAR-10 sample (CNNLAB_CIFAR10_SAMPLE); never downloads.

    The solution's VGGNet with widths (16, 32, 64), the notebook's loop and augment, 3 epochs of
    batches of 100 (peak learning rate 0.08: the notebook's 0.4 for 512, scaled) on 3,000 sample
    images; accuracy on 1,000 other sample images. Measured for the seeds 0, 1, 2 (split,
    initialisation and batches all change): 40.1%, 40.7%, 43.8% (chance 10%), in 75-86 s each on
    a heavily loaded 2-core machine (about 15-20 s when it is quiet). The test asks for 25%.
    """
    sample = data.cifar10_sample()
    if sample is None:
        pytest.skip("CNNLAB_CIFAR10_SAMPLE is not set to the offline CIFAR-10 sample")
    x, y = sample
    order = np.random.default_rng(0).permutation(len(y))
    train_idx, val_idx = order[:3000], order[-1000:]
    split = [
        (train.normalize(torch.from_numpy(x[idx])), torch.from_numpy(y[idx]))
        for idx in (train_idx, val_idx, val_idx)
    ]
    cifar = train.DeviceData(*(t for pair in split for t in pair), source="the sample")
    ns = solution("train")
    torch.manual_seed(0)
    model = ns["VGGNet"](widths=[16, 32, 64])
    start = time.perf_counter()
    history = train.fit(
        model, cifar, augment=ns["augment"], epochs=3, batch_size=100, lr=0.08, progress=False,
        eval_train_size=1000,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    assert history["val_acc_history"][0] < 0.16  # before training: about chance
    assert history["best_val_acc"] >= SAMPLE_THRESHOLD, (history["val_acc_history"], seconds)
