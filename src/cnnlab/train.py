"""Training a CIFAR-10 network with PyTorch: the given code of the ``train`` notebook.

Everything here is plumbing that the notebook calls; what you implement (the augmentation and
the network) lives in the notebook. The pieces, in the order the notebook uses them:

- Data on the device: :func:`cifar10_on_device` loads CIFAR-10 once (:mod:`cnnlab.data`),
  normalises it with :func:`normalize` and keeps every image on the GPU, so that no batch is
  ever copied from the CPU again. In smoke mode (:mod:`cnnlab.grading`) it uses a few hundred
  images of the offline sample or of :func:`synthetic_cifar10` instead, without any download.
- :func:`minibatches`: shuffled index batches, drawn on the device.
- :func:`precision`: which mixed precision the device supports (bfloat16 autocast on Ampere or
  newer GPUs and on CPUs with fast bfloat16; float16 with a gradient scaler on older GPUs such
  as the T4; float32 otherwise).
- :func:`lr_factor`: the one-cycle learning-rate schedule (linear warm-up, linear decay to 0).
- :func:`fit`: the training loop (SGD with Nesterov momentum, label smoothing, autocast,
  channels_last, a tqdm progress bar) that returns the history for
  :func:`cnnlab.viz.training_curves` and keeps the weights of the best validation epoch.
- :func:`evaluate`: accuracy, optionally with test-time augmentation (a flipped copy).
- Checkpoints: :func:`save_checkpoint` writes ``{"format", "config", "state_dict", "info"}`` and
  :func:`load_checkpoint` rebuilds the model with ``build(**config)``; loading uses
  ``torch.load(weights_only=True, map_location="cpu")``, so a checkpoint can hold tensors and
  plain values only, never code. :func:`checkpoint_path` says where the notebook keeps it.
- Grading: :func:`graded_test_split` and :func:`checkpoint_accuracy` measure a checkpoint the way
  the grader does (on the CPU, in float32, on the first :data:`GRADED_TEST_IMAGES` test images).
"""

from __future__ import annotations

import copy
import json
import math
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812 (the usual name)
from matplotlib.figure import Figure
from torch import nn
from tqdm.auto import tqdm

from cnnlab import data as cnn_data
from cnnlab.grading import is_smoke

__all__ = [
    "CHECKPOINT",
    "CIFAR10_MEAN",
    "CIFAR10_STD",
    "GRADED_TEST_IMAGES",
    "MAX_STATE_SIZE",
    "DeviceData",
    "Precision",
    "accuracy_goal",
    "checkpoint_accuracy",
    "checkpoint_path",
    "cifar10_on_device",
    "evaluate",
    "fit",
    "graded_test_split",
    "load_checkpoint",
    "lr_factor",
    "minibatches",
    "normalize",
    "precision",
    "save_checkpoint",
    "show_images",
    "state_size",
    "synthetic_cifar10",
]

CIFAR10_MEAN = (0.4914, 0.4822, 0.4465)
"""Mean of each colour channel (R, G, B) over the CIFAR-10 training images, pixels in [0, 1]."""
CIFAR10_STD = (0.2470, 0.2435, 0.2616)
"""Standard deviation of each colour channel over the CIFAR-10 training images."""

CHECKPOINT = "cifar10_model.pt"
"""The file the notebook saves and the grader reads, beside the notebook."""
CHECKPOINT_FORMAT = "cnnlab-checkpoint-1"
"""The ``format`` entry of a checkpoint written by :func:`save_checkpoint`."""
MAX_STATE_SIZE = 5_000_000
"""The budget: at most this many numbers in a model's state dict (its parameters and the batch
norm running statistics), checked when a checkpoint is loaded."""
GRADED_TEST_IMAGES = 2_000
"""The grader measures the accuracy on the first this many images of the CIFAR-10 test split
(a fixed subset, so that grading one checkpoint takes seconds on a CPU)."""

SMOKE_SIZES = (512, 256, 256)
"""(train, validation, test) images of a smoke run."""
PALETTE = np.array(
    [
        [230, 25, 75], [60, 180, 75], [255, 225, 25], [0, 130, 200], [245, 130, 48],
        [145, 30, 180], [70, 240, 240], [240, 50, 230], [250, 250, 250], [20, 20, 20],
    ],
    dtype=np.float64,
)  # fmt: skip
"""The colour of each class of :func:`synthetic_cifar10` (ten distinct RGB colours)."""


# ---------------------------------------------------------------------------------------------
# Data on the device


def normalize(images: torch.Tensor) -> torch.Tensor:
    """Scale uint8 images to [0, 1], then standardise each channel with the CIFAR-10 statistics.

    Inputs:
    - images: uint8 tensor of shape (N, 3, H, W), values 0..255, on any device.

    Returns:
        float32 tensor of shape (N, 3, H, W) on the same device, in channels_last memory format:
        ``(images / 255 - CIFAR10_MEAN[c]) / CIFAR10_STD[c]`` for channel c.

    Raises:
        ValueError: images is not a uint8 tensor of shape (N, 3, H, W).
    """
    if images.dtype != torch.uint8 or images.ndim != 4 or images.shape[1] != 3:
        raise ValueError(
            f"images must be a uint8 tensor of shape (N, 3, H, W), got {images.dtype} "
            f"{tuple(images.shape)}"
        )
    mean = torch.tensor(CIFAR10_MEAN, device=images.device).view(1, 3, 1, 1)  # (1, 3, 1, 1)
    std = torch.tensor(CIFAR10_STD, device=images.device).view(1, 3, 1, 1)
    out = (images.float() / 255.0 - mean) / std  # (N, 3, H, W)
    return out.contiguous(memory_format=torch.channels_last)


def synthetic_cifar10(n: int, *, seed: int = 0, noise: float = 40.0) -> tuple[np.ndarray, ...]:
    """Easily separable stand-in images in CIFAR-10's format: class k is colour PALETTE[k] + noise.

    For smoke runs and the project's tests (no download). A colour survives any crop and flip,
    so a small network learns these images in a few dozen steps.

    Inputs:
    - n: the number of images (classes cycle 0, 1, ..., 9, 0, ... before shuffling).
    - seed: the seed of the noise and of the order.
    - noise: the standard deviation of the Gaussian noise added to every pixel.

    Returns:
        x: uint8 array of shape (n, 3, 32, 32); y: int64 array of shape (n,), labels 0..9.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    rng = np.random.default_rng(seed)
    y = rng.permutation(np.arange(n) % 10).astype(np.int64)  # (n,)
    colours = PALETTE[y][:, :, None, None]  # (n, 3, 1, 1)
    x = colours + noise * rng.standard_normal((n, 3, 32, 32))  # (n, 3, 32, 32)
    return np.clip(np.rint(x), 0, 255).astype(np.uint8), y


@dataclass
class DeviceData:
    """The three splits as tensors on one device: normalised images and int64 labels.

    ``x_*`` are float32 of shape (N, 3, 32, 32) in channels_last format (:func:`normalize`),
    ``y_*`` int64 of shape (N,); ``source`` says where the images came from.
    """

    x_train: torch.Tensor
    y_train: torch.Tensor
    x_val: torch.Tensor
    y_val: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor
    source: str

    def __repr__(self) -> str:
        """The split sizes, the device and the source."""
        return (
            f"DeviceData({len(self.y_train)} train, {len(self.y_val)} validation, "
            f"{len(self.y_test)} test images on {self.x_train.device}; {self.source})"
        )


def _smoke_arrays() -> tuple[tuple[np.ndarray, np.ndarray], str]:
    """A few hundred images for a smoke run: the offline sample if there is one, else synthetic."""
    total = sum(SMOKE_SIZES)
    sample = cnn_data.cifar10_sample()
    if sample is not None and len(sample[1]) >= total:
        order = np.random.default_rng(0).permutation(len(sample[1]))[:total]
        return (sample[0][order], sample[1][order]), "a smoke run on the offline CIFAR-10 sample"
    return synthetic_cifar10(total), "a smoke run on synthetic images (one colour per class)"


def cifar10_on_device(
    device: torch.device | str,
    *,
    val_size: int = 5000,
    root: str | Path | None = None,
    download: bool = True,
    smoke: bool | None = None,
) -> DeviceData:
    """Load CIFAR-10, normalise it and put all of it on ``device`` (once).

    The last ``val_size`` training images become the validation split (used to pick the best
    epoch); the test split is only for the final measurement. About 0.7 GB of GPU memory in
    float32 for all 60,000 images.

    Inputs:
    - device: where the tensors go ("cuda" or "cpu").
    - val_size: images held out of the 50,000 training images for validation.
    - root, download: passed to :func:`cnnlab.data.load_cifar10` (the cache folder, and whether
      it may download the 163 MB archive).
    - smoke: True for a smoke run (default :func:`cnnlab.grading.is_smoke`): SMOKE_SIZES images
      of the offline sample (``CNNLAB_CIFAR10_SAMPLE``) or of :func:`synthetic_cifar10`; never
      downloads.

    Returns:
        A :class:`DeviceData`.
    """
    device = torch.device(device)
    if smoke is None:
        smoke = is_smoke()
    if smoke:
        (x, y), source = _smoke_arrays()
        n_train, n_val, _ = SMOKE_SIZES
        splits = [
            (x[:n_train], y[:n_train]),
            (x[n_train : n_train + n_val], y[n_train : n_train + n_val]),
            (x[n_train + n_val :], y[n_train + n_val :]),
        ]
    else:
        x_train, y_train, x_test, y_test = cnn_data.load_cifar10(root, download=download)
        if not 0 < val_size < len(y_train):
            raise ValueError(f"val_size must be in 1..{len(y_train) - 1}, got {val_size}")
        cut = len(y_train) - val_size
        splits = [
            (x_train[:cut], y_train[:cut]),
            (x_train[cut:], y_train[cut:]),
            (x_test, y_test),
        ]
        source = "CIFAR-10"
    tensors: list[torch.Tensor] = []
    for x_split, y_split in splits:
        tensors.append(normalize(torch.from_numpy(np.ascontiguousarray(x_split)).to(device)))
        tensors.append(torch.from_numpy(np.asarray(y_split, dtype=np.int64)).to(device))
    return DeviceData(*tensors, source=source)


def minibatches(
    n: int,
    batch_size: int,
    *,
    generator: torch.Generator | None = None,
    device: torch.device | str = "cpu",
    shuffle: bool = True,
    drop_last: bool = False,
) -> Iterator[torch.Tensor]:
    """Index batches that cover ``range(n)`` once, in a random order drawn on the device.

    Inputs:
    - n: the number of examples; batch_size: the number of indices per batch (> 0).
    - generator: the random generator of the order (on ``device``); shuffle=False keeps 0..n-1.
    - drop_last: leave out the last, smaller batch (every batch then has the same size, which
      keeps batch norm's statistics comparable); never leaves out everything.

    Yields:
        int64 tensors of shape (batch_size,) (the last one maybe smaller) on ``device``.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    if shuffle:
        order = torch.randperm(n, generator=generator, device=device)  # (n,)
    else:
        order = torch.arange(n, device=device)
    stop = n - n % batch_size if drop_last and n >= batch_size else n
    for start in range(0, stop, batch_size):
        yield order[start : start + batch_size]


# ---------------------------------------------------------------------------------------------
# Mixed precision and the schedule


@dataclass(frozen=True)
class Precision:
    """How to train on a device.

    ``dtype``: the autocast dtype (None: float32, no autocast); ``scaler``: whether float16
    needs a gradient scaler; ``reason``: a sentence that says why.
    """

    dtype: torch.dtype | None
    scaler: bool
    reason: str


def precision(device: torch.device | str) -> Precision:
    """The mixed precision that pays off on ``device``.

    - CUDA with compute capability 8.0 or more (Ampere: A100, RTX 30xx; Hopper): bfloat16
      autocast. bfloat16 has float32's exponent range, so no gradient scaler is needed.
    - Older CUDA GPUs (a T4 is 7.5, a V100 7.0): float16 autocast on the tensor cores, with a
      ``torch.amp.GradScaler``: small gradients would underflow float16's range otherwise.
    - A CPU with fast bfloat16 (AVX-512 BF16 or AMX): bfloat16 autocast; any other CPU: float32
      (there bfloat16 is emulated, about ten times slower than float32 on a 2-core AVX2 machine).
    """
    device = torch.device(device)
    if device.type == "cuda":
        major, minor = torch.cuda.get_device_capability(device)
        name = torch.cuda.get_device_name(device)
        if major >= 8:
            return Precision(
                torch.bfloat16, False, f"{name} (compute capability {major}.{minor}): bfloat16"
            )
        return Precision(
            torch.float16,
            True,
            f"{name} (compute capability {major}.{minor}, before Ampere): float16 with a "
            "gradient scaler",
        )
    if device.type == "cpu":
        fast = getattr(torch.cpu, "_is_avx512_bf16_supported", lambda: False)()
        if fast:
            return Precision(torch.bfloat16, False, "CPU with AVX-512 BF16: bfloat16")
        return Precision(None, False, "CPU without fast bfloat16: float32 (no autocast)")
    return Precision(None, False, f"{device.type}: float32 (no autocast)")


def lr_factor(step: int, total_steps: int, warmup: float = 0.25) -> float:
    """The one-cycle schedule: the learning rate of ``step`` as a fraction of the peak.

    Rises linearly over the first ``warmup`` fraction of the steps to 1 (at step ``T_w - 1``),
    then falls linearly towards 0 (the last step still moves a little):
    ``min((step + 1) / T_w, (T - step) / (T - T_w + 1))`` with ``T = total_steps`` and
    ``T_w = max(1, round(warmup * T))``.

    Inputs:
    - step: 0-based step; total_steps: the number of steps of the whole run (>= 1);
      warmup: fraction of the run spent warming up, in [0, 1).
    """
    if total_steps < 1 or not 0 <= warmup < 1:
        raise ValueError(f"need total_steps >= 1 and 0 <= warmup < 1, got {total_steps}, {warmup}")
    warm = max(1, round(warmup * total_steps))
    rise = (step + 1) / warm
    fall = (total_steps - step) / (total_steps - warm + 1)
    return float(min(1.0, max(0.0, min(rise, fall))))


# ---------------------------------------------------------------------------------------------
# Training and evaluation

Augment = Callable[[torch.Tensor, torch.Generator], torch.Tensor]


def _device_of(model: nn.Module) -> torch.device:
    """The device of the model's first parameter (CPU for a model without parameters)."""
    for parameter in model.parameters():
        return parameter.device
    return torch.device("cpu")


def evaluate(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    *,
    batch_size: int = 1000,
    amp: bool = True,
    tta: bool = False,
) -> float:
    """The fraction of images whose largest logit is their label (the model in eval mode).

    Inputs:
    - model: maps (B, 3, H, W) images to (B, num_classes) logits; x: (N, 3, H, W) normalised
      images and y: (N,) int64 labels, on the model's device.
    - amp: use the device's mixed precision (:func:`precision`); False computes in float32.
    - tta: test-time augmentation: add the logits of the horizontally flipped images.

    Returns:
        Accuracy in [0, 1] (0.0 for N = 0). The model's train/eval mode is restored.
    """
    if len(x) != len(y):
        raise ValueError(
            f"x and y must have the same length, got {tuple(x.shape)} and {tuple(y.shape)}"
        )
    if len(y) == 0:
        return 0.0
    device = _device_of(model)
    setting = precision(device) if amp else Precision(None, False, "float32")
    was_training = model.training
    model.eval()
    correct = torch.zeros((), dtype=torch.int64, device=device)
    try:
        with torch.inference_mode():
            for idx in minibatches(len(y), batch_size, device=x.device, shuffle=False):
                xb = x[idx].to(device).contiguous(memory_format=torch.channels_last)
                with torch.autocast(device.type, setting.dtype, enabled=setting.dtype is not None):
                    logits = model(xb).float()  # (B, num_classes)
                    if tta:
                        logits = logits + model(xb.flip(3)).float()
                correct += (logits.argmax(dim=1) == y[idx].to(device)).sum()
    finally:
        model.train(was_training)
    return correct.item() / len(y)


def fit(
    model: nn.Module,
    data: DeviceData,
    *,
    augment: Augment | None = None,
    epochs: int = 15,
    batch_size: int = 512,
    lr: float = 0.4,
    momentum: float = 0.9,
    weight_decay: float = 5e-4,
    label_smoothing: float = 0.2,
    warmup: float = 0.25,
    seed: int = 0,
    eval_train_size: int = 5000,
    progress: bool = True,
) -> dict[str, Any]:
    """Train ``model`` on ``data`` and keep the weights of its best validation epoch.

    One step: draw a batch (on the device), ``augment(x, generator)`` it, compute the
    label-smoothed cross-entropy under autocast (:func:`precision`), backpropagate (through a
    gradient scaler for float16) and take an SGD step with Nesterov momentum and weight decay;
    the learning rate follows the one-cycle schedule ``lr * lr_factor(step, T, warmup)``. Images
    are in channels_last format, which the GPU's convolutions prefer. After every epoch the
    accuracy on the first ``eval_train_size`` (unaugmented) training images and on the
    validation split is measured; epoch 0 is before training.

    Inputs:
    - model: on the device of ``data``, in any memory format (it is converted to channels_last).
    - data: a :class:`DeviceData`.
    - augment: ``augment(x, generator) -> x`` on a (B, 3, H, W) batch, or None.
    - epochs, batch_size, lr (the peak learning rate), momentum, weight_decay, label_smoothing,
      warmup (fraction of the steps spent warming up): the recipe.
    - seed: seeds the batch order, the augmentation's generator and nothing else (seed the
      model's initialisation yourself with torch.manual_seed before building it).
    - progress: show a tqdm progress bar.

    Returns:
        history: ``loss_history`` (the loss of every step), ``train_acc_history`` and
        ``val_acc_history`` (one per epoch, epoch 0 first), ``lr_history`` (every step),
        ``epoch_seconds``, ``best_epoch``, ``best_val_acc``, ``seconds`` (the whole run) and
        ``precision`` (a sentence). Works with :func:`cnnlab.viz.training_curves`.
    """
    if epochs < 1:
        raise ValueError(f"epochs must be >= 1, got {epochs}")
    device = _device_of(model)
    if data.x_train.device != device:
        raise ValueError(f"the model is on {device} but the data is on {data.x_train.device}")
    setting = precision(device)
    model.to(memory_format=torch.channels_last)
    optimizer = torch.optim.SGD(
        model.parameters(), lr=lr, momentum=momentum, nesterov=True, weight_decay=weight_decay
    )
    n = len(data.y_train)
    steps_per_epoch = max(1, n // batch_size)
    total = epochs * steps_per_epoch
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: lr_factor(min(step, total - 1), total, warmup)
    )
    scaler = torch.amp.GradScaler(device.type, enabled=setting.scaler)
    generator = torch.Generator(device=device).manual_seed(seed)
    x_eval, y_eval = data.x_train[:eval_train_size], data.y_train[:eval_train_size]

    def measure() -> tuple[float, float]:
        return evaluate(model, x_eval, y_eval), evaluate(model, data.x_val, data.y_val)

    train_acc, val_acc = measure()
    history: dict[str, Any] = {
        "loss_history": [],
        "train_acc_history": [train_acc],
        "val_acc_history": [val_acc],
        "lr_history": [],
        "epoch_seconds": [],
        "precision": setting.reason,
    }
    best_acc, best_epoch, best_state = val_acc, 0, copy.deepcopy(model.state_dict())
    start = time.perf_counter()
    bar = tqdm(total=total, desc="training", unit="step", disable=not progress)
    for epoch in range(1, epochs + 1):
        model.train()
        epoch_start = time.perf_counter()
        losses = []
        for idx in minibatches(n, batch_size, generator=generator, device=device, drop_last=True):
            xb, yb = data.x_train[idx], data.y_train[idx]  # (B, 3, H, W), (B,)
            if augment is not None:
                xb = augment(xb, generator)
            xb = xb.contiguous(memory_format=torch.channels_last)
            with torch.autocast(device.type, setting.dtype, enabled=setting.dtype is not None):
                logits = model(xb)  # (B, num_classes)
            loss = F.cross_entropy(logits.float(), yb, label_smoothing=label_smoothing)
            optimizer.zero_grad(set_to_none=True)
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
            history["lr_history"].append(optimizer.param_groups[0]["lr"])
            scheduler.step()
            losses.append(loss.detach())  # no .item() here: the GPU keeps working ahead
            bar.update(1)
        epoch_losses = torch.stack(losses).float().cpu().tolist()
        history["loss_history"] += epoch_losses
        train_acc, val_acc = measure()
        history["train_acc_history"].append(train_acc)
        history["val_acc_history"].append(val_acc)
        history["epoch_seconds"].append(time.perf_counter() - epoch_start)
        bar.set_postfix(epoch=epoch, loss=f"{np.mean(epoch_losses):.3f}", val=f"{val_acc:.1%}")
        if val_acc > best_acc:
            best_acc, best_epoch, best_state = val_acc, epoch, copy.deepcopy(model.state_dict())
    bar.close()
    model.load_state_dict(best_state)
    history.update(
        best_epoch=best_epoch, best_val_acc=best_acc, seconds=time.perf_counter() - start
    )
    return history


# ---------------------------------------------------------------------------------------------
# Checkpoints

Builder = Callable[..., nn.Module]


def state_size(model: nn.Module) -> int:
    """How many numbers ``model.state_dict()`` holds: what the budget MAX_STATE_SIZE counts.

    The parameters and the buffers (batch norm's running mean and variance and its step
    counter), so a little more than the number of parameters.
    """
    return sum(t.numel() for t in model.state_dict().values())


def _plain(value: Any, where: str = "config") -> None:
    """Raise ValueError unless ``value`` is made of dicts, lists, tuples, str, int, float, bool."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError(f"{where} keys must be strings, got {key!r}")
            _plain(item, f"{where}[{key!r}]")
    elif isinstance(value, list | tuple):
        for k, item in enumerate(value):
            _plain(item, f"{where}[{k}]")
    elif not (value is None or isinstance(value, str | int | float | bool)):
        raise ValueError(
            f"{where} must hold plain values (numbers, strings, lists, dicts), got "
            f"{type(value).__name__}: a checkpoint stores data, never objects"
        )


def save_checkpoint(
    path: str | Path, model: nn.Module, config: Mapping[str, Any], **info: Any
) -> Path:
    """Save the model's weights with the configuration that rebuilds it.

    The file holds ``{"format": CHECKPOINT_FORMAT, "config": dict(config), "state_dict": the
    weights as CPU tensors, "info": info}``; ``build(**config)`` must rebuild the same
    architecture (see :func:`load_checkpoint`). Written to a temporary file first and renamed,
    so an interrupted save never leaves half a checkpoint.

    Inputs:
    - path: the file to write (``cifar10_model.pt`` beside the notebook).
    - model: the trained model (any device).
    - config: the keyword arguments of the model's constructor (plain values only).
    - info: anything else worth keeping (plain values: accuracy, epochs, ...).

    Returns:
        The path written.
    """
    config, info = dict(config), dict(info)
    _plain(config, "config")
    _plain(info, "info")
    json.dumps(config)  # plain values only, checked again
    state = {name: t.detach().to("cpu").clone() for name, t in model.state_dict().items()}
    payload = {"format": CHECKPOINT_FORMAT, "config": config, "state_dict": state, "info": info}
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    torch.save(payload, partial)
    partial.replace(path)
    return path


def read_checkpoint(path: str | Path) -> dict[str, Any]:
    """Read and check a checkpoint file without building a model.

    Returns:
        The checkpoint's dict, with "config" (a dict) and "state_dict" (name -> CPU tensor).

    Raises:
        FileNotFoundError: there is no file at ``path``.
        ValueError: the file is not a checkpoint written by :func:`save_checkpoint` (not a
            PyTorch file, objects that ``weights_only=True`` refuses, missing or wrong keys).
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist: save the model with save_checkpoint")
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as err:  # noqa: BLE001 (a damaged or foreign file raises many kinds)
        raise ValueError(
            f"{path} is not a checkpoint written by save_checkpoint: torch.load(weights_only=True)"
            f" failed with {type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"
        ) from None
    if not isinstance(payload, dict) or not {"config", "state_dict"} <= set(payload):
        got = sorted(map(str, payload)) if isinstance(payload, dict) else type(payload).__name__
        raise ValueError(
            f"{path} is not a checkpoint written by save_checkpoint: expected a dict with the "
            f"keys 'config' and 'state_dict', got {got}"
        )
    config, state = payload["config"], payload["state_dict"]
    if not isinstance(config, dict) or not all(isinstance(k, str) for k in config):
        raise ValueError(f"{path}: 'config' must be a dict of keyword arguments, got {config!r}")
    if not isinstance(state, dict) or not all(
        isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in state.items()
    ):
        raise ValueError(f"{path}: 'state_dict' must map names to tensors")
    return payload


def load_checkpoint(
    path: str | Path, build: Builder, *, max_state_size: int = MAX_STATE_SIZE
) -> nn.Module:
    """Rebuild the model of a checkpoint on the CPU: ``build(**config)`` + its weights, eval mode.

    Inputs:
    - path: a file written by :func:`save_checkpoint`.
    - build: the model's class (or any function) that takes the checkpoint's config as
      keyword arguments, e.g. ``VGGNet``.
    - max_state_size: the budget; a checkpoint with more numbers is refused before any model
      is built.

    Returns:
        The model, on the CPU, in eval mode.

    Raises:
        FileNotFoundError: no file at ``path``.
        ValueError: not a checkpoint (see :func:`read_checkpoint`), over the budget,
            ``build(**config)`` fails, or the weights do not fit the model (missing or
            unexpected names, other shapes).
    """
    payload = read_checkpoint(path)
    config, state = payload["config"], payload["state_dict"]
    size = sum(t.numel() for t in state.values())
    if size > max_state_size:
        raise ValueError(
            f"{path} holds {size:,} numbers, over the budget of {max_state_size:,} (the "
            f"parameters and batch norm statistics): choose smaller widths"
        )
    name = getattr(build, "__name__", repr(build))
    try:
        model = build(**config)
    except Exception as err:  # noqa: BLE001 (the student's constructor may raise anything)
        raise ValueError(
            f"{name}(**config) with the checkpoint's config {config} raised "
            f"{type(err).__name__}: {err}"
        ) from None
    if not isinstance(model, nn.Module):
        raise ValueError(f"{name}(**config) returned {type(model).__name__}, not an nn.Module")
    own = model.state_dict()
    missing = sorted(set(own) - set(state))
    unexpected = sorted(set(state) - set(own))
    if missing or unexpected:
        raise ValueError(
            f"the weights in {path} do not fit {name}(**{config}): missing {missing[:5]}, "
            f"unexpected {unexpected[:5]}; was it saved from this class?"
        )
    wrong = [f"{k}: {tuple(state[k].shape)} vs {tuple(v.shape)}" for k, v in own.items()
             if tuple(v.shape) != tuple(state[k].shape)]  # fmt: skip
    if wrong:
        raise ValueError(
            f"the weights in {path} do not fit {name}(**{config}): shapes (checkpoint vs "
            f"model) differ for {wrong[:5]}"
        )
    model.load_state_dict(state)
    return model.to("cpu").eval()


def checkpoint_path() -> Path:
    """Where the notebook saves and reads its checkpoint.

    ``cifar10_model.pt`` in the current folder (beside the notebook), except in smoke mode
    (``CNNLAB_SMOKE=1``): then a file in a temporary folder, so that a smoke run never replaces a
    trained model (nor leaves a file in the course folder). While autograding, nothing is saved.
    """
    if is_smoke():
        return Path(tempfile.gettempdir()) / "cnnlab-smoke" / CHECKPOINT
    return Path(CHECKPOINT)


# ---------------------------------------------------------------------------------------------
# What the grader measures


def graded_test_split(
    root: str | Path | None = None, *, download: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """The images the grader measures: the first GRADED_TEST_IMAGES of the CIFAR-10 test split.

    Inputs:
    - root, download: as for :func:`cnnlab.data.load_cifar10` (the grader never downloads:
      it reads ``$CNNLAB_DATA``).

    Returns:
        x: uint8 array of shape (n, 3, 32, 32); y: int64 array of shape (n,), with n =
        min(GRADED_TEST_IMAGES, size of the test split).
    """
    _, _, x_test, y_test = cnn_data.load_cifar10(root, download=download, progress=download)
    return x_test[:GRADED_TEST_IMAGES], y_test[:GRADED_TEST_IMAGES]


def checkpoint_accuracy(
    path: str | Path, build: Builder, images: np.ndarray, labels: np.ndarray
) -> float:
    """The accuracy of a checkpoint as the grader measures it: CPU, float32, no augmentation.

    Inputs:
    - path: the checkpoint; build: the model's class (see :func:`load_checkpoint`).
    - images: uint8 array (N, 3, 32, 32); labels: int array (N,).

    Returns:
        The fraction of the images classified correctly.

    Raises:
        The errors of :func:`load_checkpoint`.
    """
    model = load_checkpoint(path, build).to(memory_format=torch.channels_last)  # faster on CPUs too
    x = normalize(torch.from_numpy(np.ascontiguousarray(images)))
    y = torch.from_numpy(np.asarray(labels, dtype=np.int64))
    return evaluate(model, x, y, batch_size=500, amp=False)


def accuracy_goal(threshold: float, measured: float | None, build: Builder) -> None:
    """Print whether the measured accuracy reaches ``threshold`` (the visible line of a cell).

    Inputs:
    - threshold: the accuracy an accuracy cell needs, e.g. 0.8.
    - measured: what :func:`checkpoint_accuracy` measured, or None when it was not measured
      (no checkpoint yet, a smoke run, or autograding: then the hidden test measures the
      submitted file).
    - build: the model class (``VGGNet``): the grader rebuilds the checkpoint's model with it.

    Raises:
        NotImplementedError: ``build()`` is not implemented yet (without it no checkpoint can be
            loaded, so no accuracy can be measured).
    """
    try:
        build()
    except NotImplementedError:
        raise NotImplementedError(
            "VGGNet is not implemented yet: fill it in (section 6), train it and save the"
            f" checkpoint; the grader rebuilds your model from {CHECKPOINT} with VGGNet"
        ) from None
    except Exception:  # noqa: BLE001 (other problems: the checks of VGGNet report them)
        pass
    if measured is None:
        print(
            f"Goal {threshold:.0%}: not measured here; the grader measures the {CHECKPOINT} you"
            " submit."
        )
    elif measured >= threshold:
        print(f"Goal {threshold:.0%}: reached ({measured:.2%}). Submit {CHECKPOINT} as well.")
    else:
        print(
            f"Goal {threshold:.0%}: NOT reached ({measured:.2%}). Train longer or improve the"
            " model, then save and measure again."
        )


# ---------------------------------------------------------------------------------------------
# Pictures


def show_images(
    x: torch.Tensor,
    labels: torch.Tensor | None = None,
    *,
    title: str | None = None,
    columns: int = 8,
) -> Figure:
    """Show normalised images (as :func:`normalize` returns them) in a grid, with class names.

    Inputs:
    - x: float tensor (K, 3, H, W), normalised, on any device; at most 64 are shown.
    - labels: int tensor (K,) or None; class names are written under the images.
    - title: figure title; columns: images per row.

    Returns:
        The Figure.
    """
    x = x[:64].detach().float().cpu()
    mean = torch.tensor(CIFAR10_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(CIFAR10_STD).view(1, 3, 1, 1)
    pixels = (x * std + mean).clamp(0, 1).permute(0, 2, 3, 1).numpy()  # (K, H, W, 3)
    rows = math.ceil(len(pixels) / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(1.3 * columns, 1.45 * rows), squeeze=False)
    for k, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if k < len(pixels):
            ax.imshow(pixels[k], interpolation="nearest")
            if labels is not None:
                ax.set_title(cnn_data.CIFAR10_CLASSES[int(labels[k])], fontsize=8)
    if title is not None:
        fig.suptitle(title)
    fig.tight_layout()
    return fig
