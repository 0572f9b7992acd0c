"""A Solver trains a classification model with minibatch gradient descent (after CS231n's).

The model is any object with

- ``model.params``: a dict from parameter name to NumPy array (``"W1"``, ``"b1"`` ...);
- ``model.loss(X, y=None)``: with labels, returns ``(loss, grads)``, the scalar loss on the
  minibatch and a dict with the same keys as ``params`` holding the gradients (same shapes);
  without labels (``y=None``), returns the class scores, an array of shape (N, C).

and the data is a dict of NumPy arrays::

    X_train (N_train, ...) float     y_train (N_train,) int in [0, C)
    X_val   (N_val, ...)   float     y_val   (N_val,)   int in [0, C)

Example::

    solver = Solver(model, data, update_rule="adam", optim_config={"learning_rate": 1e-3},
                    num_epochs=2, batch_size=50)
    solver.train()                       # progress bar; one line per epoch
    viz.training_curves(solver);         # loss and accuracy plots
    solver.check_accuracy(X_test, y_test)

Training in a nutshell: every epoch shuffles the training set (``np.random.default_rng(seed)``,
so two runs with the same seed take the same minibatches) and cuts it into
``max(N_train // batch_size, 1)`` minibatches of ``batch_size`` images (the last incomplete
one is dropped, as ``DataLoader(drop_last=True)``); each minibatch is one :meth:`Solver.step`:
forward and backward pass through ``model.loss``, then the update rule of :mod:`cnnlab.optim`
on every parameter. After every epoch the learning rate of every parameter is multiplied by
``lr_decay`` and the accuracy is measured on (a subsample of) the training and validation sets;
the parameters with the best validation accuracy are kept in ``best_params`` and put back into
``model.params`` when training ends.

The parameters keep their dtype: float32 parameters stay float32 (the update rules return the
weights' dtype).
"""

import math
import pickle
import time
from collections.abc import Mapping
from typing import Any, Protocol

import numpy as np
from tqdm.auto import tqdm

from cnnlab import optim

__all__ = ["Solver"]

DATA_KEYS = ("X_train", "y_train", "X_val", "y_val")


class Model(Protocol):
    """What a Solver needs of a model: ``params`` and ``loss`` (see the module docstring)."""

    params: dict[str, np.ndarray]

    def loss(self, X: np.ndarray, y: np.ndarray | None = None) -> Any:
        """Scores (N, C) when ``y`` is None, else ``(loss, grads)``."""
        ...


def _check_data(data: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Return the four arrays of ``data`` after checking their keys, shapes and dtypes."""
    if not isinstance(data, Mapping):
        raise ValueError(f"data must be a dict with keys {DATA_KEYS}, got {type(data).__name__}")
    missing = [key for key in DATA_KEYS if key not in data]
    if missing:
        raise ValueError(
            f"data is missing {missing}: it needs the keys {list(DATA_KEYS)}, got {list(data)}"
        )
    arrays = {key: np.asarray(data[key]) for key in DATA_KEYS}
    for split in ("train", "val"):
        X, y = arrays[f"X_{split}"], arrays[f"y_{split}"]
        if y.ndim != 1 or X.ndim < 1 or X.shape[0] != y.shape[0]:
            raise ValueError(
                f"X_{split} and y_{split} must hold the same number of samples, y_{split} "
                f"one-dimensional: got X_{split}.shape={X.shape} and y_{split}.shape={y.shape}"
            )
        if X.shape[0] == 0:
            raise ValueError(f"X_{split} holds no samples (shape {X.shape})")
        if not np.issubdtype(y.dtype, np.integer):
            raise ValueError(f"y_{split} must hold integer class labels, got dtype {y.dtype}")
    if arrays["X_train"].shape[1:] != arrays["X_val"].shape[1:]:
        raise ValueError(
            f"X_train and X_val must have the same sample shape, got "
            f"X_train.shape={arrays['X_train'].shape} and X_val.shape={arrays['X_val'].shape}"
        )
    return arrays


class Solver:
    """Train a model with minibatch gradient descent; keep the histories and the best parameters.

    Inputs (``__init__``):
    - model: an object with ``params`` (dict of arrays) and ``loss(X, y=None)`` (module docs).
    - data: dict with X_train (N_train, ...), y_train (N_train,), X_val (N_val, ...),
      y_val (N_val,); X float, y int class labels.
    - update_rule: name of an update rule in :data:`cnnlab.optim.RULES`: "sgd",
      "sgd_momentum" or "adam" (default).
    - optim_config: hyperparameters for the update rule, e.g. ``{"learning_rate": 1e-3}``
      (the rule's defaults fill in the rest); every parameter gets its own copy.
    - lr_decay: after every epoch each learning rate is multiplied by this factor (1.0: none).
    - batch_size: images per minibatch (a minibatch is never larger than the training set).
    - num_epochs: passes over the training set.
    - num_train_samples: the training accuracy after each epoch is measured on this many
      training images, drawn at random (None: all of them).
    - num_val_samples: the same for validation (None, the default: all of them).
    - print_every: with ``verbose`` and without a progress bar, print the loss every this many
      iterations (the progress bar shows it instead).
    - verbose: print one line per epoch (loss, accuracies, learning rate, time).
    - progress: show a progress bar over the iterations (``tqdm.auto``: a widget in Jupyter,
      text in a terminal) with the running loss and the last accuracies; False hides it.
    - seed: seed of ``np.random.default_rng`` that shuffles the minibatches (and, through a
      spawned child generator, draws the accuracy subsamples).
    - checkpoint_name: if given, after every epoch save a pickle ``<name>_epoch_<e>.pkl`` with
      the parameters, the histories and the settings.

    Attributes:
    - loss_history: list of float, the minibatch loss of every iteration.
    - train_acc_history, val_acc_history: list of float, the accuracies before training and
      after each epoch (``num_epochs + 1`` entries after :meth:`train`).
    - best_val_acc: the best validation accuracy seen; best_params: copies of the parameters
      that reached it.
    - epoch: epochs completed; seconds_per_epoch: list of float, the training time of each
      epoch (the minibatch steps, not the accuracy checks).
    - optim_configs: dict from parameter name to the update rule's config (its state).

    Raises:
        ValueError: (``__init__``) missing data keys, X and y with different numbers of
            samples, unknown update_rule (the choices named), batch_size <= 0, num_epochs < 0,
            a model without ``params`` / ``loss``.
        FloatingPointError: (:meth:`step`, :meth:`train`) the loss is nan or infinite; the
            message names the iteration. The parameters are left as they were before that step
            and ``best_params`` is unchanged.
    """

    def __init__(
        self,
        model: Model,
        data: Mapping[str, np.ndarray],
        *,
        update_rule: str = "adam",
        optim_config: dict[str, Any] | None = None,
        lr_decay: float = 1.0,
        batch_size: int = 100,
        num_epochs: int = 10,
        num_train_samples: int | None = 1000,
        num_val_samples: int | None = None,
        print_every: int = 100,
        verbose: bool = True,
        progress: bool = True,
        seed: int | None = 0,
        checkpoint_name: str | None = None,
    ) -> None:
        if not isinstance(getattr(model, "params", None), dict) or not callable(
            getattr(model, "loss", None)
        ):
            raise ValueError(
                "model needs a dict `params` and a method `loss(X, y=None)`, got "
                f"{type(model).__name__}"
            )
        if update_rule not in optim.RULES:
            raise ValueError(
                f"unknown update_rule {update_rule!r}: choose one of {sorted(optim.RULES)}"
            )
        if not isinstance(batch_size, int | np.integer) or batch_size <= 0:
            raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
        if not isinstance(num_epochs, int | np.integer) or num_epochs < 0:
            raise ValueError(f"num_epochs must be an int >= 0, got {num_epochs!r}")
        if lr_decay <= 0:
            raise ValueError(f"lr_decay must be positive, got {lr_decay!r}")
        if print_every <= 0:
            raise ValueError(f"print_every must be positive, got {print_every!r}")
        for name, value in (
            ("num_train_samples", num_train_samples),
            ("num_val_samples", num_val_samples),
        ):
            if value is not None and value <= 0:
                raise ValueError(f"{name} must be positive or None, got {value!r}")

        self.model = model
        arrays = _check_data(data)
        self.X_train, self.y_train = arrays["X_train"], arrays["y_train"]
        self.X_val, self.y_val = arrays["X_val"], arrays["y_val"]

        self.update_rule = update_rule
        self.optim_config = dict(optim_config or {})
        self.lr_decay = lr_decay
        self.batch_size = int(batch_size)
        self.num_epochs = int(num_epochs)
        self.num_train_samples = num_train_samples
        self.num_val_samples = num_val_samples
        self.print_every = print_every
        self.verbose = verbose
        self.progress = progress
        self.seed = seed
        self.checkpoint_name = checkpoint_name

        self._update = optim.RULES[update_rule]
        self._rng = np.random.default_rng(seed)  # minibatches
        self._eval_rng = self._rng.spawn(1)[0]  # accuracy subsamples: their own stream
        self._order = np.empty(0, dtype=np.intp)  # the current epoch's shuffled indices
        self._reset()

    @property
    def iterations_per_epoch(self) -> int:
        """Minibatches per epoch: ``max(N_train // batch_size, 1)``."""
        return max(self.X_train.shape[0] // self.batch_size, 1)

    def _reset(self) -> None:
        """Set up the bookkeeping: histories, best parameters, one optimiser config per param."""
        self.epoch = 0
        self.iteration = 0
        self.best_val_acc = 0.0
        self.best_params: dict[str, np.ndarray] = {}
        self.loss_history: list[float] = []
        self.train_acc_history: list[float] = []
        self.val_acc_history: list[float] = []
        self.seconds_per_epoch: list[float] = []
        self.optim_configs = {name: dict(self.optim_config) for name in self.model.params}

    def _next_batch(self) -> tuple[np.ndarray, np.ndarray]:
        """The next minibatch of the current shuffled epoch (a new shuffle when it runs out)."""
        num_train = self.X_train.shape[0]
        size = min(self.batch_size, num_train)
        if self._order.size < size:
            self._order = self._rng.permutation(num_train)
        idx, self._order = self._order[:size], self._order[size:]
        if self._order.size < size:  # drop the incomplete last minibatch of the epoch
            self._order = self._order[:0]
        return self.X_train[idx], self.y_train[idx]

    def step(self) -> float:
        """Make one gradient update on the next minibatch and return its loss.

        Returns:
            The minibatch loss (a Python float), also appended to ``loss_history``.

        Raises:
            FloatingPointError: if the loss is nan or infinite (the parameters are not updated).
            ValueError: if ``model.loss`` returns no gradient for a parameter, or one of another
                shape.
        """
        X_batch, y_batch = self._next_batch()
        loss, grads = self.model.loss(X_batch, y_batch)
        loss = float(loss)
        if not math.isfinite(loss):
            raise FloatingPointError(
                f"the loss is {loss} at iteration {self.iteration + 1} (epoch {self.epoch + 1}): "
                f"training diverged; try a smaller learning rate (now "
                f"{self._learning_rate()}) or check the loss and its gradients"
            )
        params = self.model.params
        missing = [name for name in params if name not in grads]
        if missing:
            raise ValueError(f"model.loss returned no gradient for {missing}; got {list(grads)}")
        updates = {}
        for name, w in params.items():
            dw = np.asarray(grads[name])
            if dw.shape != np.shape(w):
                raise ValueError(
                    f"gradient {name!r} has shape {dw.shape} but the parameter has shape "
                    f"{np.shape(w)}"
                )
            updates[name] = self._update(w, dw, self.optim_configs[name])
        for name, (next_w, config) in updates.items():
            params[name] = next_w
            self.optim_configs[name] = config
        self.iteration += 1
        self.loss_history.append(loss)
        return loss

    def check_accuracy(
        self, X: np.ndarray, y: np.ndarray, num_samples: int | None = None, batch_size: int = 100
    ) -> float:
        """The model's accuracy on ``X``, ``y``: the fraction of samples whose top score is y.

        Inputs:
        - X: samples, shape (N, ...).
        - y: labels, shape (N,), ints in [0, C).
        - num_samples: if given and smaller than N, the accuracy is measured on this many samples
          drawn at random without replacement (a new draw on every call).
        - batch_size: the scores are computed ``batch_size`` samples at a time (memory).

        Returns:
            The accuracy, a float in [0, 1].

        Raises:
            ValueError: X and y with different numbers of samples, batch_size <= 0, or scores
                that are not of shape (batch, C).
        """
        X, y = np.asarray(X), np.asarray(y)
        if y.ndim != 1 or X.ndim < 1 or X.shape[0] != y.shape[0]:
            raise ValueError(
                f"X and y must hold the same number of samples, y one-dimensional: got "
                f"X.shape={X.shape} and y.shape={y.shape}"
            )
        if batch_size <= 0:
            raise ValueError(f"batch_size must be positive, got {batch_size!r}")
        N = X.shape[0]
        if N == 0:
            raise ValueError(f"X holds no samples (shape {X.shape})")
        if num_samples is not None and num_samples < N:
            idx = self._eval_rng.choice(N, num_samples, replace=False)
            X, y = X[idx], y[idx]
            N = num_samples
        correct = 0
        for start in range(0, N, batch_size):
            scores = self.model.loss(X[start : start + batch_size])
            scores = np.asarray(scores) if not isinstance(scores, tuple) else None
            n = min(batch_size, N - start)
            if scores is None or scores.ndim != 2 or scores.shape[0] != n:
                raise ValueError(
                    f"model.loss(X) without labels must return scores of shape ({n}, C), got "
                    f"{'a tuple' if scores is None else scores.shape}"
                )
            correct += int(np.sum(np.argmax(scores, axis=1) == y[start : start + batch_size]))
        return correct / N

    def _learning_rate(self) -> float | None:
        """The learning rate of the first parameter (all start equal and decay together)."""
        for config in self.optim_configs.values():
            if "learning_rate" in config:
                return config["learning_rate"]
        return None

    def _record_accuracies(self) -> tuple[float, float]:
        """Measure and record train/val accuracy; keep copies of the parameters if val is best."""
        train_acc = self.check_accuracy(
            self.X_train, self.y_train, num_samples=self.num_train_samples
        )
        val_acc = self.check_accuracy(self.X_val, self.y_val, num_samples=self.num_val_samples)
        self.train_acc_history.append(train_acc)
        self.val_acc_history.append(val_acc)
        if val_acc > self.best_val_acc or not self.best_params:
            self.best_val_acc = val_acc
            self.best_params = {name: w.copy() for name, w in self.model.params.items()}
        return train_acc, val_acc

    def _save_checkpoint(self) -> None:
        """Pickle the parameters, histories and settings to ``<checkpoint_name>_epoch_<e>.pkl``."""
        if self.checkpoint_name is None:
            return
        checkpoint = {
            "params": {name: w.copy() for name, w in self.model.params.items()},
            "update_rule": self.update_rule,
            "optim_config": self.optim_config,
            "lr_decay": self.lr_decay,
            "batch_size": self.batch_size,
            "num_train_samples": self.num_train_samples,
            "num_val_samples": self.num_val_samples,
            "epoch": self.epoch,
            "loss_history": self.loss_history,
            "train_acc_history": self.train_acc_history,
            "val_acc_history": self.val_acc_history,
            "best_val_acc": self.best_val_acc,
        }
        with open(f"{self.checkpoint_name}_epoch_{self.epoch}.pkl", "wb") as f:
            pickle.dump(checkpoint, f)

    def train(self) -> None:
        """Run ``num_epochs`` epochs of :meth:`step`, then put ``best_params`` into the model.

        Measures the accuracies once before the first step and after every epoch; after every
        epoch also multiplies each learning rate by ``lr_decay`` and saves a checkpoint (if
        ``checkpoint_name``). Calling train again continues from the current parameters with
        fresh histories.

        Raises:
            FloatingPointError: the loss became nan or infinite (see :meth:`step`); the model
                keeps the parameters of the last finite step, ``best_params`` the best so far.
        """
        self._reset()
        per_epoch = self.iterations_per_epoch
        total = self.num_epochs * per_epoch
        bar = tqdm(total=total, disable=not self.progress, unit="it", leave=True)
        with bar:
            train_acc, val_acc = self._record_accuracies()
            self._log(
                f"epoch 0/{self.num_epochs}: train acc {train_acc:.3f}, val acc {val_acc:.3f}"
            )
            for epoch in range(1, self.num_epochs + 1):
                bar.set_description(f"epoch {epoch}/{self.num_epochs}")
                start = time.perf_counter()
                for _ in range(per_epoch):
                    loss = self.step()
                    bar.update(1)
                    bar.set_postfix(
                        loss=f"{loss:.4f}",
                        train_acc=f"{train_acc:.3f}",
                        val_acc=f"{val_acc:.3f}",
                        refresh=False,
                    )
                    if (
                        self.verbose
                        and not self.progress
                        and self.iteration % self.print_every == 0
                    ):
                        self._log(f"(iteration {self.iteration} / {total}) loss: {loss:.4f}")
                self.seconds_per_epoch.append(time.perf_counter() - start)
                self.epoch = epoch
                lr = self._learning_rate()
                lr_text = "" if lr is None else f", lr {lr:.3g}"
                for config in self.optim_configs.values():
                    if "learning_rate" in config:
                        config["learning_rate"] *= self.lr_decay
                train_acc, val_acc = self._record_accuracies()
                bar.set_postfix(
                    loss=f"{self.loss_history[-1]:.4f}",
                    train_acc=f"{train_acc:.3f}",
                    val_acc=f"{val_acc:.3f}",
                )
                epoch_loss = float(np.mean(self.loss_history[-per_epoch:]))
                self._log(
                    f"epoch {epoch}/{self.num_epochs}: loss {epoch_loss:.4f}, train acc "
                    f"{train_acc:.3f}, val acc {val_acc:.3f}{lr_text}, "
                    f"{self.seconds_per_epoch[-1]:.1f} s"
                )
                self._save_checkpoint()
        for name, w in self.best_params.items():
            self.model.params[name] = w.copy()

    def _log(self, line: str) -> None:
        """Print one line if ``verbose`` (through tqdm, so that a progress bar stays intact)."""
        if self.verbose:
            tqdm.write(line)
