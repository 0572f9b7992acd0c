"""cnnlab.train: the given code of the train notebook (data on the device, the training loop,
mixed precision, the schedule, checkpoints and what the grader measures).

Everything runs on the CPU with tiny models and fabricated data; nothing downloads.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path

import matplotlib
import numpy as np
import pytest
import torch
from torch import nn

from autograder.cifar_fixture import write_cifar10_folder
from cnnlab import train

matplotlib.use("Agg")


class Tiny(nn.Module):
    """conv - BN - ReLU - global max pool - linear: a small stand-in for VGGNet."""

    def __init__(self, width: int = 4, num_classes: int = 10) -> None:
        super().__init__()
        self.conv = nn.Conv2d(3, width, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(width)
        self.fc = nn.Linear(width, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(torch.amax(torch.relu(self.bn(self.conv(x))), dim=(2, 3)))


def tensors(n: int, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    x, y = train.synthetic_cifar10(n, seed=seed, noise=20.0)
    return train.normalize(torch.from_numpy(x)), torch.from_numpy(y)


def device_data(n_train: int = 200, n_val: int = 60) -> train.DeviceData:
    x, y = tensors(n_train + n_val)
    return train.DeviceData(
        x[:n_train], y[:n_train], x[n_train:], y[n_train:], x[n_train:], y[n_train:], "test"
    )


# --- data on the device -----------------------------------------------------------------------


def test_normalize_scales_each_channel_and_uses_channels_last() -> None:
    images = torch.zeros((2, 3, 4, 5), dtype=torch.uint8)
    images[:, 1] = 255
    out = train.normalize(images)
    assert out.dtype == torch.float32 and out.shape == (2, 3, 4, 5)
    assert out.is_contiguous(memory_format=torch.channels_last)
    mean, std = train.CIFAR10_MEAN, train.CIFAR10_STD
    torch.testing.assert_close(out[0, 0, 0, 0], torch.tensor(-mean[0] / std[0]))
    torch.testing.assert_close(out[1, 1, 3, 4], torch.tensor((1 - mean[1]) / std[1]))
    with pytest.raises(ValueError, match="uint8"):
        train.normalize(images.float())
    with pytest.raises(ValueError, match=r"\(N, 3, H, W\)"):
        train.normalize(images[:, :2])


def test_synthetic_images_are_balanced_deterministic_and_coloured_by_class() -> None:
    x, y = train.synthetic_cifar10(50, seed=3)
    assert x.shape == (50, 3, 32, 32) and x.dtype == np.uint8 and y.dtype == np.int64
    assert np.bincount(y, minlength=10).tolist() == [5] * 10
    x2, y2 = train.synthetic_cifar10(50, seed=3)
    assert np.array_equal(x, x2) and np.array_equal(y, y2)
    means = x.reshape(50, 3, -1).mean(axis=2)  # (50, 3): about the class colour
    distances = np.linalg.norm(means[:, None, :] - train.PALETTE[None], axis=2)  # (50, 10)
    assert np.array_equal(distances.argmin(axis=1), y)
    with pytest.raises(ValueError):
        train.synthetic_cifar10(-1)


def test_smoke_data_is_synthetic_without_the_sample(monkeypatch) -> None:
    monkeypatch.delenv("CNNLAB_CIFAR10_SAMPLE", raising=False)
    data = train.cifar10_on_device("cpu", smoke=True)
    assert [len(data.y_train), len(data.y_val), len(data.y_test)] == list(train.SMOKE_SIZES)
    assert "synthetic" in data.source and "512 train" in repr(data)
    assert data.x_train.dtype == torch.float32 and data.y_train.dtype == torch.int64
    assert data.x_train.is_contiguous(memory_format=torch.channels_last)


def test_smoke_data_uses_the_offline_sample_when_there_is_one(monkeypatch, tmp_path) -> None:
    x, y = train.synthetic_cifar10(sum(train.SMOKE_SIZES) + 10, seed=1)
    np.savez(tmp_path / "sample.npz", x=x, y=y)
    monkeypatch.setenv("CNNLAB_CIFAR10_SAMPLE", str(tmp_path / "sample.npz"))
    data = train.cifar10_on_device("cpu", smoke=True)
    assert "sample" in data.source
    labels = torch.cat([data.y_train, data.y_val, data.y_test]).numpy()
    order = np.random.default_rng(0).permutation(len(y))[: sum(train.SMOKE_SIZES)]
    assert np.array_equal(labels, y[order])


def test_full_data_splits_off_validation_from_a_cifar10_folder(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("CNNLAB_SMOKE", raising=False)
    x, y = train.synthetic_cifar10(70, seed=2)
    write_cifar10_folder(tmp_path, (x[:50], y[:50]), (x[50:], y[50:]))
    data = train.cifar10_on_device("cpu", root=tmp_path, download=False, val_size=10)
    assert (len(data.y_train), len(data.y_val), len(data.y_test)) == (40, 10, 20)
    assert data.source == "CIFAR-10"
    assert torch.equal(data.y_val, torch.from_numpy(y[40:50]))
    torch.testing.assert_close(data.x_test, train.normalize(torch.from_numpy(x[50:])))
    with pytest.raises(ValueError, match="val_size"):
        train.cifar10_on_device("cpu", root=tmp_path, download=False, val_size=50)


def test_minibatches_cover_every_index_once() -> None:
    g = torch.Generator().manual_seed(0)
    batches = list(train.minibatches(10, 4, generator=g))
    assert [len(b) for b in batches] == [4, 4, 2]
    assert sorted(torch.cat(batches).tolist()) == list(range(10))
    assert [len(b) for b in train.minibatches(10, 4, drop_last=True)] == [4, 4]
    assert [len(b) for b in train.minibatches(3, 4, drop_last=True)] == [3]  # never nothing
    fixed = torch.cat(list(train.minibatches(5, 2, shuffle=False))).tolist()
    assert fixed == [0, 1, 2, 3, 4]
    again = list(train.minibatches(10, 4, generator=torch.Generator().manual_seed(0)))
    assert all(torch.equal(a, b) for a, b in zip(batches, again, strict=True))
    with pytest.raises(ValueError):
        list(train.minibatches(10, 0))


# --- precision and the schedule ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("capability", "dtype", "scaler"),
    [((7, 5), torch.float16, True), ((7, 0), torch.float16, True), ((8, 0), torch.bfloat16, False),
     ((9, 0), torch.bfloat16, False)],
)  # fmt: skip
def test_precision_on_cuda_follows_the_compute_capability(
    monkeypatch, capability, dtype, scaler
) -> None:
    monkeypatch.setattr(torch.cuda, "get_device_capability", lambda device=None: capability)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda device=None: "Tesla T4")
    setting = train.precision(torch.device("cuda"))
    assert (setting.dtype, setting.scaler) == (dtype, scaler)
    assert f"{capability[0]}.{capability[1]}" in setting.reason


def test_precision_on_cpu_uses_bfloat16_only_where_it_is_fast(monkeypatch) -> None:
    monkeypatch.setattr(torch.cpu, "_is_avx512_bf16_supported", lambda: False)
    assert train.precision("cpu").dtype is None
    monkeypatch.setattr(torch.cpu, "_is_avx512_bf16_supported", lambda: True)
    assert train.precision("cpu") == train.Precision(
        torch.bfloat16, False, "CPU with AVX-512 BF16: bfloat16"
    )


def test_one_cycle_rises_then_falls_to_zero() -> None:
    total = 100
    factors = [train.lr_factor(step, total) for step in range(total)]
    peak = int(np.argmax(factors))
    assert peak == 24 and factors[peak] == 1.0  # warm-up: a quarter of the steps
    assert factors[0] == pytest.approx(1 / 25)
    assert all(a < b for a, b in zip(factors[:peak], factors[1 : peak + 1], strict=True))
    assert all(a > b for a, b in zip(factors[peak:-1], factors[peak + 1 :], strict=True))
    assert 0 < factors[-1] < 0.02
    assert train.lr_factor(0, 1) == 1.0
    with pytest.raises(ValueError):
        train.lr_factor(0, 0)
    with pytest.raises(ValueError):
        train.lr_factor(0, 10, warmup=1.0)


# --- training and evaluation ------------------------------------------------------------------


class Oracle(nn.Module):
    """Scores that pick class ``(k + shift) % 10`` for an image whose first pixel is ``k``."""

    def __init__(self, shift: int = 0) -> None:
        super().__init__()
        self.shift = shift
        self.weight = nn.Parameter(torch.zeros(1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        labels = (x[:, 0, 0, 0].round().long() + self.shift) % 10
        return nn.functional.one_hot(labels, 10).float() + 0 * self.weight


def test_evaluate_counts_correct_predictions_and_restores_the_mode() -> None:
    x = torch.zeros(8, 3, 4, 4)
    x[:, 0, 0, 0] = torch.arange(8).float()
    y = torch.arange(8)
    y[:3] = 9  # 3 of 8 wrong
    model = Oracle().train()
    assert train.evaluate(model, x, y, batch_size=3) == 5 / 8
    assert model.training
    assert train.evaluate(model, x[:0], y[:0]) == 0.0
    with pytest.raises(ValueError, match="same length"):
        train.evaluate(model, x, y[:3])


def test_evaluate_with_tta_adds_the_scores_of_the_flipped_images() -> None:
    x = torch.zeros(2, 3, 4, 4)
    x[:, 0, 0, 0] = torch.tensor([1.0, 2.0])  # the flipped image's first pixel is 0: class 0
    x[1, 0, 0, 3] = 5.0  # image 1 flipped: class 5
    y = torch.tensor([1, 2])
    model = Oracle()
    assert train.evaluate(model, x, y) == 1.0
    # ties (one vote each) go to the smaller class index: image 0 -> 0, image 1 -> 2
    assert train.evaluate(model, x, y, tta=True) == 0.5


def test_fit_learns_records_history_and_keeps_the_best_epoch() -> None:
    torch.manual_seed(0)
    model = Tiny(width=8)
    data = device_data()
    history = train.fit(
        model, data, epochs=4, batch_size=20, lr=0.05, progress=False, eval_train_size=100
    )
    steps = 4 * (200 // 20)
    assert len(history["loss_history"]) == len(history["lr_history"]) == steps
    assert len(history["train_acc_history"]) == len(history["val_acc_history"]) == 5
    assert len(history["epoch_seconds"]) == 4 and history["seconds"] > 0
    assert history["best_val_acc"] == max(history["val_acc_history"])
    assert history["val_acc_history"][history["best_epoch"]] == history["best_val_acc"]
    assert history["best_val_acc"] >= 0.8  # colours are easy; chance is 0.1
    assert np.mean(history["loss_history"][-5:]) < np.mean(history["loss_history"][:5])
    assert max(history["lr_history"]) == pytest.approx(0.05)
    assert train.evaluate(model, data.x_val, data.y_val) == history["best_val_acc"]
    assert model.conv.weight.is_contiguous(memory_format=torch.channels_last)


def test_fit_is_repeatable_and_uses_the_augmentation() -> None:
    calls = []

    def augment(x, generator):
        calls.append(x.shape[0])
        return x.flip(3) if torch.rand(1, generator=generator) < 0.5 else x

    runs = []
    for _ in range(2):
        torch.manual_seed(1)
        model = Tiny()
        runs.append(
            train.fit(
                model,
                device_data(100, 20),
                augment=augment,
                epochs=2,
                batch_size=25,
                progress=False,
            )["loss_history"]  # fmt: skip
        )
    assert runs[0] == runs[1]
    assert calls == [25] * 16
    with pytest.raises(ValueError, match="epochs"):
        train.fit(Tiny(), device_data(20, 5), epochs=0, progress=False)


# --- checkpoints ------------------------------------------------------------------------------


def test_checkpoint_round_trip_gives_identical_scores(tmp_path) -> None:
    torch.manual_seed(0)
    model = Tiny(width=6)
    train.fit(model, device_data(60, 20), epochs=1, batch_size=20, progress=False)
    path = train.save_checkpoint(tmp_path / "m.pt", model, {"width": 6}, note="test")
    restored = train.load_checkpoint(path, Tiny)
    assert not restored.training and next(restored.parameters()).device.type == "cpu"
    x, _ = tensors(10, seed=5)
    model.eval()
    with torch.no_grad():
        assert torch.equal(model(x), restored(x))
    payload = train.read_checkpoint(path)
    assert payload["format"] == train.CHECKPOINT_FORMAT
    assert payload["config"] == {"width": 6} and payload["info"] == {"note": "test"}
    assert not (tmp_path / ".m.pt.partial").exists()


def test_state_size_counts_parameters_and_buffers() -> None:
    model = Tiny(width=4)
    parameters = 3 * 4 * 9 + 2 * 4 + 4 * 10 + 10
    assert train.state_size(model) == parameters + 2 * 4 + 1  # running mean, var, step counter


def test_loading_a_missing_file_says_so(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        train.load_checkpoint(tmp_path / "nothing.pt", Tiny)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"not a pytorch file at all", "not a checkpoint written by save_checkpoint"),
        ({"weights": {}}, "expected a dict with the keys 'config' and 'state_dict'"),
        ([1, 2, 3], "expected a dict"),
        ({"config": [1], "state_dict": {}}, "'config' must be a dict"),
        ({"config": {}, "state_dict": {"a": 1}}, "'state_dict' must map names to tensors"),
    ],
    ids=["garbage", "wrong-keys", "a-list", "config-list", "state-not-tensors"],
)
def test_loading_something_else_fails_clearly(tmp_path, payload, message) -> None:
    path = tmp_path / "bad.pt"
    if isinstance(payload, bytes):
        path.write_bytes(payload)
    else:
        torch.save(payload, path)
    with pytest.raises(ValueError, match=message):
        train.load_checkpoint(path, Tiny)


class Payload:
    """An object that a full pickle would rebuild (and so could run code while loading)."""

    def __reduce__(self):
        return (os.getcwd, ())


@pytest.mark.filterwarnings("ignore:Detected pickle protocol")
def test_a_checkpoint_holding_objects_is_refused_unloaded(tmp_path) -> None:
    path = tmp_path / "evil.pt"
    torch.save({"config": {}, "state_dict": {}, "extra": Payload()}, path)
    with pytest.raises(ValueError, match=r"weights_only=True\) failed"):
        train.load_checkpoint(path, Tiny)
    path.write_bytes(pickle.dumps({"config": {}}))  # a plain pickle is not a torch file either
    with pytest.raises(ValueError, match="not a checkpoint"):
        train.load_checkpoint(path, Tiny)


def test_weights_that_do_not_fit_the_class_are_named(tmp_path) -> None:
    path = train.save_checkpoint(tmp_path / "m.pt", Tiny(width=4), {"width": 4})
    with pytest.raises(ValueError, match=r"shapes .* differ for \['conv.weight"):
        train.load_checkpoint(path, lambda width: Tiny(width + 1))

    class Renamed(Tiny):
        def __init__(self, width: int) -> None:
            super().__init__(width)
            self.head = self.fc
            del self.fc

    with pytest.raises(ValueError, match=r"missing \['head.bias', 'head.weight'\]"):
        train.load_checkpoint(path, Renamed)


def test_budget_and_failing_builders_are_reported(tmp_path) -> None:
    path = train.save_checkpoint(tmp_path / "m.pt", Tiny(width=4), {"width": 4})
    size = train.state_size(Tiny(width=4))
    with pytest.raises(ValueError, match=f"holds {size:,} numbers, over the budget of 100"):
        train.load_checkpoint(path, Tiny, max_state_size=100)
    assert train.load_checkpoint(path, Tiny, max_state_size=size) is not None

    def broken(width: int) -> nn.Module:
        raise NotImplementedError

    with pytest.raises(ValueError, match=r"broken\(\*\*config\) .* raised NotImplementedError"):
        train.load_checkpoint(path, broken)
    with pytest.raises(ValueError, match="not an nn.Module"):
        train.load_checkpoint(path, lambda width: "a string")


def test_save_refuses_objects_in_the_config(tmp_path) -> None:
    with pytest.raises(ValueError, match=r"config\['width'\] must hold plain values"):
        train.save_checkpoint(tmp_path / "m.pt", Tiny(), {"width": torch.tensor(4)})
    with pytest.raises(ValueError, match="keys must be strings"):
        train.save_checkpoint(tmp_path / "m.pt", Tiny(), {1: 4})
    assert not (tmp_path / "m.pt").exists()


def test_checkpoint_path_is_a_temporary_file_in_smoke_runs(monkeypatch) -> None:
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.setenv("CNNLAB_SMOKE", "1")
    smoke = train.checkpoint_path()
    assert smoke.name == train.CHECKPOINT and smoke.parent.name == "cnnlab-smoke"
    assert smoke.parent.parent == Path(tempfile.gettempdir())
    monkeypatch.setenv("CNNLAB_SMOKE", "0")
    assert train.checkpoint_path() == Path(train.CHECKPOINT)


# --- what the grader measures -----------------------------------------------------------------


def test_graded_split_and_checkpoint_accuracy(tmp_path, monkeypatch) -> None:
    x, y = train.synthetic_cifar10(30, seed=4)
    monkeypatch.setattr(train, "GRADED_TEST_IMAGES", 7)
    write_cifar10_folder(tmp_path, (x[:20], y[:20]), (x[20:], y[20:]))
    images, labels = train.graded_test_split(tmp_path)
    assert images.shape == (7, 3, 32, 32) and np.array_equal(labels, y[20:27])
    with pytest.raises(FileNotFoundError):
        train.graded_test_split(tmp_path / "empty")  # never downloads

    torch.manual_seed(0)
    model = Tiny()
    path = train.save_checkpoint(tmp_path / "m.pt", model, {})
    model.eval()
    with torch.no_grad():
        predicted = model(train.normalize(torch.from_numpy(images))).argmax(1).numpy()
    expected = float(np.mean(predicted == labels))
    assert train.checkpoint_accuracy(path, Tiny, images, labels) == expected


def test_accuracy_goal_prints_the_verdict(capsys) -> None:
    train.accuracy_goal(0.8, 0.85, Tiny)
    train.accuracy_goal(0.8, 0.75, Tiny)
    train.accuracy_goal(0.8, None, Tiny)
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("Goal 80%: reached (85.00%)")
    assert out[1].startswith("Goal 80%: NOT reached (75.00%)")
    assert "not measured here" in out[2]


def test_accuracy_goal_fails_while_the_model_is_not_implemented() -> None:
    class Blank(nn.Module):
        def __init__(self) -> None:
            raise NotImplementedError

    with pytest.raises(NotImplementedError, match="VGGNet is not implemented yet"):
        train.accuracy_goal(0.7, None, Blank)


def test_show_images_draws_one_axes_per_image() -> None:
    x, y = tensors(10)
    fig = train.show_images(x, y, title="t", columns=4)
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 10 and len(fig.axes) == 12
    assert shown[0].get_title() in train.cnn_data.CIFAR10_CLASSES
