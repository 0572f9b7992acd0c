"""cnnlab.solver.Solver on tiny NumPy models: it learns, keeps honest histories, fails clearly."""

import pickle
import subprocess
import sys

import numpy as np
import pytest

from cnnlab import optim
from cnnlab.solver import Solver


class SoftmaxClassifier:
    """A linear softmax classifier: scores = X @ W + b, cross-entropy loss (the test's model)."""

    def __init__(self, D, C, dtype=np.float64, seed=1):
        rng = np.random.default_rng(seed)
        self.params = {
            "W": (0.01 * rng.standard_normal((D, C))).astype(dtype),
            "b": np.zeros(C, dtype=dtype),
        }

    def loss(self, X, y=None):
        scores = X @ self.params["W"] + self.params["b"]  # (N, C)
        if y is None:
            return scores
        shifted = scores - scores.max(axis=1, keepdims=True)
        probs = np.exp(shifted)
        probs /= probs.sum(axis=1, keepdims=True)
        N = X.shape[0]
        loss = -np.mean(np.log(probs[np.arange(N), y]))
        dscores = probs.copy()
        dscores[np.arange(N), y] -= 1
        dscores /= N
        return loss, {"W": X.T @ dscores, "b": dscores.sum(axis=0)}


class Drifter:
    """One weight w that every step pushes up by the learning rate (the gradient is -1).

    It predicts class 1 only while 1.5 < w < 2.5, so with one step per epoch and learning rate 1
    the validation accuracy (all labels 1) is 1 after epoch 2 and 0 after every other epoch.
    """

    def __init__(self, nan_at=None):
        self.params = {"w": np.zeros(1)}
        self.calls = 0
        self.nan_at = nan_at

    def loss(self, X, y=None):
        w = self.params["w"][0]
        if y is None:
            hit = 1.5 < w < 2.5
            return np.tile([0.0, 1.0] if hit else [1.0, 0.0], (X.shape[0], 1))
        self.calls += 1
        loss = np.nan if self.calls == self.nan_at else 1.0
        return loss, {"w": np.array([-1.0])}


def blobs(num, D=5, C=3, seed=0, dtype=np.float64):
    """Separable Gaussian blobs: num samples of dimension D around C far-apart centres."""
    rng = np.random.default_rng(seed)
    centres = 4 * rng.standard_normal((C, D))
    y = rng.integers(0, C, num)
    X = (centres[y] + rng.standard_normal((num, D))).astype(dtype)
    return X, y


def blob_data(dtype=np.float64):
    X, y = blobs(600, dtype=dtype)
    return {"X_train": X[:500], "y_train": y[:500], "X_val": X[500:], "y_val": y[500:]}


def drifter_data(N=4):
    X = np.zeros((N, 1))
    y = np.ones(N, dtype=int)
    return {"X_train": X, "y_train": y, "X_val": X, "y_val": y}


def quiet(model, data, **kwargs):
    """A Solver without output."""
    return Solver(model, data, verbose=False, progress=False, **kwargs)


def test_learns_separable_data():
    data = blob_data()
    model = SoftmaxClassifier(5, 3)
    solver = quiet(model, data, num_epochs=4, batch_size=50, optim_config={"learning_rate": 1e-2})
    solver.train()

    per_epoch = 500 // 50
    assert solver.iterations_per_epoch == per_epoch
    assert len(solver.loss_history) == 4 * per_epoch
    assert len(solver.train_acc_history) == len(solver.val_acc_history) == 5
    assert len(solver.seconds_per_epoch) == 4 and all(s >= 0 for s in solver.seconds_per_epoch)
    assert solver.epoch == 4
    assert all(isinstance(v, float) for v in solver.loss_history)

    first, last = np.mean(solver.loss_history[:5]), np.mean(solver.loss_history[-5:])
    assert last < 0.5 * first, (first, last)
    assert solver.val_acc_history[0] < 0.7  # the small random start guesses
    assert solver.best_val_acc >= 0.95
    assert solver.best_val_acc == max(solver.val_acc_history)
    assert solver.check_accuracy(data["X_val"], data["y_val"]) == solver.best_val_acc


def test_same_seed_same_run_other_seed_other_run():
    data = blob_data()
    runs = []
    for seed in (0, 0, 1):
        solver = quiet(SoftmaxClassifier(5, 3), data, num_epochs=2, batch_size=50, seed=seed)
        solver.train()
        runs.append(solver)
    assert runs[0].loss_history == runs[1].loss_history
    assert runs[0].train_acc_history == runs[1].train_acc_history
    np.testing.assert_array_equal(runs[0].model.params["W"], runs[1].model.params["W"])
    assert runs[0].loss_history != runs[2].loss_history


def test_every_sample_once_per_epoch():
    seen = []

    class Recorder(SoftmaxClassifier):
        def loss(self, X, y=None):
            if y is not None:
                seen.append(X[:, 0].astype(int))
            return super().loss(X, y)

    X = np.arange(10.0)[:, None] * np.ones((1, 2))  # row i holds i: the rows can be told apart
    y = np.zeros(10, dtype=int)
    data = {"X_train": X, "y_train": y, "X_val": X, "y_val": y}
    solver = quiet(Recorder(2, 2), data, num_epochs=3, batch_size=3, update_rule="sgd")
    solver.train()
    assert solver.iterations_per_epoch == 3  # 10 // 3: the last incomplete batch is dropped
    assert [len(b) for b in seen] == [3] * 9
    for epoch in range(3):
        rows = np.concatenate(seen[3 * epoch : 3 * epoch + 3])
        assert len(set(rows.tolist())) == 9, f"epoch {epoch}: a sample drawn twice"
    assert not all(np.array_equal(seen[k], seen[k + 3]) for k in range(3)), "never reshuffled"


def test_best_params_restored_as_a_copy():
    model = Drifter()
    solver = quiet(
        model,
        drifter_data(),
        update_rule="sgd",
        optim_config={"learning_rate": 1.0},
        num_epochs=4,
        batch_size=4,
    )
    solver.train()
    assert solver.val_acc_history == [0.0, 0.0, 1.0, 0.0, 0.0]
    assert solver.best_val_acc == 1.0
    np.testing.assert_array_equal(solver.best_params["w"], [2.0])
    np.testing.assert_array_equal(model.params["w"], [2.0])  # not the last epoch's 4.0
    assert not np.shares_memory(model.params["w"], solver.best_params["w"])
    model.params["w"] += 10
    np.testing.assert_array_equal(solver.best_params["w"], [2.0])


def test_best_params_survive_a_model_that_changes_its_params_in_place():
    class InPlace(Drifter):
        def loss(self, X, y=None):
            if y is None:
                return super().loss(X)
            self.params["w"] += 1.0  # in place, as a careless model might
            return 1.0, {"w": np.zeros(1)}

    model = InPlace()
    solver = quiet(model, drifter_data(), update_rule="sgd", num_epochs=4, batch_size=4)
    solver.train()
    assert solver.val_acc_history == [0.0, 0.0, 1.0, 0.0, 0.0]
    np.testing.assert_array_equal(solver.best_params["w"], [2.0])
    np.testing.assert_array_equal(model.params["w"], [2.0])


def test_lr_decay_applied_once_per_epoch(monkeypatch):
    used = []

    def spy(w, dw, config=None):
        used.append(config["learning_rate"])
        return optim.sgd(w, dw, config)

    monkeypatch.setitem(optim.RULES, "spy", spy)
    solver = quiet(
        Drifter(),
        drifter_data(N=4),
        update_rule="spy",
        optim_config={"learning_rate": 1.0},
        lr_decay=0.5,
        num_epochs=3,
        batch_size=2,
    )
    solver.train()
    assert used == [1.0, 1.0, 0.5, 0.5, 0.25, 0.25]
    assert solver.optim_configs["w"]["learning_rate"] == 0.125
    # w after each epoch: 2, 3, 3.5; only 2 predicts right: the steps used the decayed rates.
    assert solver.val_acc_history == [0.0, 1.0, 0.0, 0.0]
    np.testing.assert_array_equal(solver.model.params["w"], [2.0])


def test_check_accuracy_subsamples_and_batches():
    calls = []

    class Recorder(SoftmaxClassifier):
        def loss(self, X, y=None):
            calls.append(X[:, 0].astype(int))
            return super().loss(X, y)

    rng = np.random.default_rng(3)
    N = 53
    X = np.column_stack([np.arange(N), rng.standard_normal((N, 3))])  # column 0: the row index
    model = Recorder(4, 3, seed=2)
    model.params["W"] = rng.standard_normal((4, 3))
    y = rng.integers(0, 3, N)
    data = {"X_train": X, "y_train": y, "X_val": X, "y_val": y}
    solver = quiet(model, data)

    def direct(rows):
        return float(
            np.mean(np.argmax(X[rows] @ model.params["W"] + model.params["b"], 1) == y[rows])
        )

    acc = solver.check_accuracy(X, y, num_samples=37, batch_size=10)
    assert [len(c) for c in calls] == [10, 10, 10, 7]
    rows = np.concatenate(calls)
    assert len(set(rows.tolist())) == 37, "sampled with replacement"
    assert acc == pytest.approx(direct(rows))

    calls.clear()
    acc = solver.check_accuracy(X, y, batch_size=20)
    assert [len(c) for c in calls] == [20, 20, 13]
    np.testing.assert_array_equal(np.concatenate(calls), np.arange(N))
    assert acc == pytest.approx(direct(np.arange(N)))
    assert 0.0 < acc < 1.0  # the check compares something

    calls.clear()
    assert solver.check_accuracy(X, y, num_samples=N + 5) == pytest.approx(direct(np.arange(N)))


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda d: d.pop("X_val"), r"missing \['X_val'\]"),
        (lambda d: d.update(y_train=d["y_train"][:-1]), r"\(500, 5\).*\(499,\)"),
        (lambda d: d.update(y_val=d["y_val"].astype(float)), "integer"),
        (lambda d: d.update(X_val=d["X_val"][:, :3]), r"\(500, 5\).*\(100, 3\)"),
    ],
    ids=["missing_key", "train_lengths", "float_labels", "val_shape"],
)
def test_bad_data(change, match):
    data = blob_data()
    change(data)
    with pytest.raises(ValueError, match=match):
        quiet(SoftmaxClassifier(5, 3), data)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"update_rule": "rmsprop"}, r"rmsprop.*\['adam', 'sgd', 'sgd_momentum'\]"),
        ({"batch_size": 0}, "batch_size"),
        ({"batch_size": -5}, "batch_size"),
        ({"num_epochs": -1}, "num_epochs"),
        ({"lr_decay": 0.0}, "lr_decay"),
    ],
)
def test_bad_settings(kwargs, match):
    with pytest.raises(ValueError, match=match):
        quiet(SoftmaxClassifier(5, 3), blob_data(), **kwargs)


def test_model_without_params_is_rejected():
    with pytest.raises(ValueError, match="params"):
        quiet(object(), blob_data())


def test_check_accuracy_rejects_mismatched_input():
    solver = quiet(SoftmaxClassifier(5, 3), blob_data())
    with pytest.raises(ValueError, match=r"\(10, 5\).*\(9,\)"):
        solver.check_accuracy(np.zeros((10, 5)), np.zeros(9, dtype=int))


def test_missing_gradient_is_named():
    model = SoftmaxClassifier(5, 3)
    model.params["extra"] = np.zeros(2)
    solver = quiet(model, blob_data())
    with pytest.raises(ValueError, match="extra"):
        solver.step()


def test_nan_loss_stops_training_without_corrupting_best_params():
    model = Drifter(nan_at=3)
    solver = quiet(
        model,
        drifter_data(),
        update_rule="sgd",
        optim_config={"learning_rate": 1.0},
        num_epochs=5,
        batch_size=4,
    )
    with pytest.raises(FloatingPointError, match="iteration 3"):
        solver.train()
    np.testing.assert_array_equal(model.params["w"], [2.0])  # two steps taken, the third refused
    np.testing.assert_array_equal(solver.best_params["w"], [2.0])  # epoch 2 was the best
    assert solver.loss_history == [1.0, 1.0]


def test_step_returns_the_loss_and_updates():
    model = Drifter()
    solver = quiet(model, drifter_data(), update_rule="sgd", optim_config={"learning_rate": 0.5})
    assert solver.step() == 1.0
    assert solver.loss_history == [1.0]
    np.testing.assert_array_equal(model.params["w"], [0.5])


@pytest.mark.parametrize("rule", sorted(optim.RULES))
def test_float32_params_stay_float32(rule):
    data = blob_data(np.float32)
    model = SoftmaxClassifier(5, 3, dtype=np.float32)
    solver = quiet(model, data, update_rule=rule, num_epochs=1, batch_size=100)
    solver.train()
    for name, w in list(model.params.items()) + list(solver.best_params.items()):
        assert w.dtype == np.float32, name


def test_verbose_prints_one_line_per_epoch(capsys):
    solver = Solver(
        SoftmaxClassifier(5, 3),
        blob_data(),
        num_epochs=2,
        batch_size=100,
        progress=False,
        print_every=2,
    )
    solver.train()
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert [line.split(":")[0] for line in lines if line.startswith("epoch")] == [
        "epoch 0/2",
        "epoch 1/2",
        "epoch 2/2",
    ]
    assert sum(line.startswith("(iteration") for line in lines) == 5  # iterations 2, 4, ..., 10
    assert err == ""


def test_quiet_prints_nothing_and_progress_bar_goes_to_stderr(capsys):
    quiet(SoftmaxClassifier(5, 3), blob_data(), num_epochs=1).train()
    assert capsys.readouterr() == ("", "")
    Solver(SoftmaxClassifier(5, 3), blob_data(), num_epochs=1, verbose=False).train()
    out, err = capsys.readouterr()
    assert out == ""
    assert "5/5" in err and "loss=" in err


def test_checkpoints(tmp_path):
    name = str(tmp_path / "ckpt")
    solver = quiet(SoftmaxClassifier(5, 3), blob_data(), num_epochs=2, checkpoint_name=name)
    solver.train()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ckpt_epoch_1.pkl", "ckpt_epoch_2.pkl"]
    with open(f"{name}_epoch_2.pkl", "rb") as f:
        checkpoint = pickle.load(f)
    assert checkpoint["epoch"] == 2
    assert checkpoint["val_acc_history"] == solver.val_acc_history
    assert set(checkpoint["params"]) == {"W", "b"}


def test_solver_and_optim_import_without_torch():
    code = (
        "import sys; sys.modules['torch'] = None\n"  # makes `import torch` fail
        "import cnnlab.solver, cnnlab.optim\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
