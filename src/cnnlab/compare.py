"""Train several networks side by side on the same minibatches, to compare their training curves.

The architectures notebook uses it for its plain versus residual experiment::

    histories = compare.train_side_by_side(
        {"plain-56": plain20(blocks_per_stage=9), "resnet-56": resnet20(blocks_per_stage=9)},
        x_train, y_train, x_val, y_val, epochs=5, device=device,
    )
    viz.training_curves(histories["plain-56"], title="plain-56")

Every network gets the same minibatches in the same order, the same optimiser (SGD with momentum
and weight decay) and the same learning-rate schedule (:func:`cnnlab.train.lr_factor`: a linear
warm-up, then a linear decay), so that the only difference between their curves is the
architecture. There is no data augmentation: the experiment is about how well a network can
*fit* its training data. The images are normalised with :func:`cnnlab.train.normalize` and the
accuracies measured with :func:`cnnlab.train.evaluate` (in float32).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
from tqdm.auto import tqdm

if TYPE_CHECKING:  # torch is imported inside the functions: cnnlab itself imports without it
    import torch
    from torch import nn

History = dict[str, list[float]]
"""``loss_history`` (one value per step), ``train_acc_history`` and ``val_acc_history`` (one value
before training and one after each epoch), the format of :func:`cnnlab.viz.training_curves`;
``seconds`` holds the training time of each epoch."""


def train_side_by_side(
    models: Mapping[str, nn.Module],
    x_train: np.ndarray,
    y_train: np.ndarray,
    x_val: np.ndarray,
    y_val: np.ndarray,
    *,
    epochs: int = 5,
    batch_size: int = 128,
    lr: float = 0.1,
    momentum: float = 0.9,
    weight_decay: float = 5e-4,
    eval_samples: int = 5000,
    device: str | torch.device | None = None,
    seed: int = 0,
    progress: bool = True,
) -> dict[str, History]:
    """Train every model on the same minibatches; return each one's training curves.

    The images are normalised (:func:`cnnlab.train.normalize`) and moved to the device once.
    Each epoch shuffles the training set (the same order for every model); every minibatch makes
    one SGD step of each model in turn. The training accuracy is
    measured on at most ``eval_samples`` training images, the validation accuracy on at most
    ``eval_samples`` validation images, before training and after each epoch.

    Inputs:
    - models: name -> network mapping images (N, C, H, W) to scores (N, num_classes); trained
      in place (moved to the device)
    - x_train, y_train: uint8 training images (N_train, 3, H, W), as cnnlab.data loads them, and
      their integer labels (N_train,)
    - x_val, y_val: uint8 validation images (N_val, 3, H, W) and labels (N_val,)
    - epochs, batch_size: the length of training; a last partial minibatch is dropped
    - lr, momentum, weight_decay: SGD's peak learning rate (reached after the first tenth of the
      steps), its momentum and its L2 weight decay
    - eval_samples: how many images measure each accuracy
    - device: where to train (default: CUDA if available, else the CPU)
    - seed: seeds the shuffling and PyTorch (dropout, if a model has any)
    - progress: show a progress bar

    Returns:
    - histories: name -> :data:`History` (``loss_history``, ``train_acc_history``,
      ``val_acc_history``, ``seconds``)

    Raises ValueError if there are no models, the images are not uint8 (N, 3, H, W), images and
    labels differ in number, or there are fewer training images than one minibatch.
    """
    import torch

    from cnnlab.train import evaluate, lr_factor, normalize

    if not models:
        raise ValueError("models is empty: pass a dict name -> nn.Module")
    for name, x, y in (("train", x_train, y_train), ("val", x_val, y_val)):
        if x.dtype != np.uint8 or x.ndim != 4 or x.shape[1] != 3 or y.shape != (x.shape[0],):
            raise ValueError(
                f"x_{name} must be uint8 (N, 3, H, W) and y_{name} (N,), got {x.dtype} "
                f"{x.shape} and {y.shape}"
            )
    steps_per_epoch = x_train.shape[0] // batch_size
    if steps_per_epoch < 1 or epochs < 1:
        raise ValueError(
            f"{x_train.shape[0]} training images and batch_size={batch_size}, epochs={epochs}: "
            "need at least one minibatch and one epoch"
        )
    device = torch.device(device or ("cuda" if torch.cuda.is_available() else "cpu"))
    torch.manual_seed(seed)
    xt = normalize(torch.as_tensor(x_train, device=device))  # (N_train, 3, H, W) float32
    xv = normalize(torch.as_tensor(x_val, device=device))
    yt = torch.as_tensor(y_train, dtype=torch.long, device=device)
    yv = torch.as_tensor(y_val, dtype=torch.long, device=device)
    probe = slice(0, eval_samples)

    optimisers, histories = {}, {}
    for name, model in models.items():
        model.to(device).train()
        optimisers[name] = torch.optim.SGD(
            model.parameters(), lr=lr, momentum=momentum, weight_decay=weight_decay
        )
        histories[name] = {
            "loss_history": [],
            "train_acc_history": [evaluate(model, xt[probe], yt[probe], amp=False)],
            "val_acc_history": [evaluate(model, xv[probe], yv[probe], amp=False)],
            "seconds": [],
        }

    total = epochs * steps_per_epoch
    order = np.random.default_rng(seed)
    bar = tqdm(total=total, desc="training", disable=not progress)
    step = 0
    for _ in range(epochs):
        perm = torch.as_tensor(order.permutation(x_train.shape[0]), device=device)
        seconds = dict.fromkeys(models, 0.0)
        for b in range(steps_per_epoch):
            idx = perm[b * batch_size : (b + 1) * batch_size]
            xb, yb = xt[idx], yt[idx]  # (batch_size, C, H, W), (batch_size,)
            rate = lr * lr_factor(step, total, warmup=0.1)
            for name, model in models.items():
                start = time.perf_counter()
                for group in optimisers[name].param_groups:
                    group["lr"] = rate
                loss = torch.nn.functional.cross_entropy(model(xb), yb)
                optimisers[name].zero_grad(set_to_none=True)
                loss.backward()
                optimisers[name].step()
                histories[name]["loss_history"].append(loss.item())
                seconds[name] += time.perf_counter() - start
            step += 1
            bar.update(1)
            bar.set_postfix({name: f"{h['loss_history'][-1]:.3f}" for name, h in histories.items()})
        for name, model in models.items():
            history = histories[name]
            history["train_acc_history"].append(evaluate(model, xt[probe], yt[probe], amp=False))
            history["val_acc_history"].append(evaluate(model, xv[probe], yv[probe], amp=False))
            history["seconds"].append(seconds[name])
    bar.close()
    return histories


def summary(histories: Mapping[str, Mapping[str, Any]], last: int = 50) -> str:
    """One line per model: the mean loss of its last ``last`` steps and its final accuracies."""
    lines = []
    for name, h in histories.items():
        steps = min(last, len(h["loss_history"]))
        loss = float(np.mean(h["loss_history"][-last:]))
        lines.append(
            f"{name:>12}: training loss {loss:.3f} (mean of the last {steps}"
            f" steps), train accuracy {h['train_acc_history'][-1]:.1%}, validation accuracy "
            f"{h['val_acc_history'][-1]:.1%}, {sum(h.get('seconds', [0.0])):.1f} s"
        )
    return "\n".join(lines)
