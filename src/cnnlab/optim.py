"""First-order update rules: SGD, SGD with momentum, Adam (the CS231n ``optim.py`` contract).

Every rule has the same signature::

    next_w, config = update(w, dw, config)

- ``w``: the current weights, an array of any shape S (float32 or float64);
- ``dw``: the gradient of the loss with respect to ``w``, the same shape S;
- ``config``: a dict of hyperparameters (``learning_rate`` ...) and of the rule's state
  (momentum's ``velocity``, Adam's ``m``, ``v``, ``t``), or None for the defaults.

It returns the updated weights (a new array of the same shape and dtype as ``w``; ``w`` itself is
never modified) and a new config dict: the one passed in with every missing default filled in and
the state after this step. Pass the returned config back on the next step (a :class:`Solver
<cnnlab.solver.Solver>` keeps one config per parameter). The config passed in is not changed.

Each rule computes exactly what the matching ``torch.optim`` optimiser does (no weight decay, no
Nesterov, no dampening), so a network trained here and one trained with PyTorch take the same
steps; ``tests/test_optim.py`` compares them over several steps in float64.

Momentum follows **PyTorch's convention**, not CS231n's. PyTorch keeps a velocity that does not
contain the learning rate::

    v = momentum * v + dw            (v starts at zero, so the first step has v = dw)
    next_w = w - learning_rate * v

CS231n's notes write ``v = momentum * v - learning_rate * dw; next_w = w + v``. The two take the
same steps as long as the learning rate stays fixed (CS231n's v is PyTorch's v times
``-learning_rate``); when the learning rate decays, PyTorch's form applies the new rate to the
whole velocity at once, CS231n's only to new gradients. We follow PyTorch because the course's
second half trains with ``torch.optim.SGD``.
"""

from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["RULES", "adam", "sgd", "sgd_momentum"]

Config = dict[str, Any]
UpdateRule = Callable[[np.ndarray, np.ndarray, Config | None], tuple[np.ndarray, Config]]


def _start(w: np.ndarray, dw: np.ndarray, config: Config | None, rule: str) -> Config:
    """Check that ``w`` and ``dw`` match and return a copy of ``config`` (a new dict)."""
    if not isinstance(w, np.ndarray) or not isinstance(dw, np.ndarray):
        raise ValueError(
            f"{rule} needs NumPy arrays w and dw, got {type(w).__name__} and {type(dw).__name__}"
        )
    if w.shape != dw.shape:
        raise ValueError(
            f"{rule}: w and dw must have the same shape, got w.shape={w.shape} and "
            f"dw.shape={dw.shape}"
        )
    if not np.issubdtype(w.dtype, np.floating):
        raise ValueError(f"{rule}: w must be a float array, got dtype {w.dtype}")
    return {} if config is None else dict(config)


def _state(config: Config, key: str, w: np.ndarray, rule: str) -> np.ndarray:
    """The state array ``config[key]`` (zeros like ``w`` if missing), checked against w's shape."""
    value = config.get(key)
    if value is None:
        return np.zeros_like(w)
    value = np.asarray(value)
    if value.shape != w.shape:
        raise ValueError(
            f"{rule}: config[{key!r}] has shape {value.shape} but w has shape {w.shape} (a config "
            f"belongs to one parameter: keep one config per parameter)"
        )
    return value


def sgd(w: np.ndarray, dw: np.ndarray, config: Config | None = None) -> tuple[np.ndarray, Config]:
    """Vanilla stochastic gradient descent: ``next_w = w - learning_rate * dw``.

    Same step as ``torch.optim.SGD(params, lr=learning_rate)``.

    Inputs:
    - w: weights, array of any shape S, float32 or float64.
    - dw: gradient of the loss with respect to w, shape S.
    - config: dict (or None) with
      - learning_rate: step size (default 1e-2).

    Returns a tuple of:
    - next_w: the updated weights, a new array of shape S and w's dtype.
    - config: a new dict, the config with its defaults filled in.

    Raises:
        ValueError: if w and dw differ in shape (both shapes named) or w is not a float array.
    """
    config = _start(w, dw, config, "sgd")
    config.setdefault("learning_rate", 1e-2)
    next_w = w - config["learning_rate"] * dw
    return next_w.astype(w.dtype, copy=False), config


def sgd_momentum(
    w: np.ndarray, dw: np.ndarray, config: Config | None = None
) -> tuple[np.ndarray, Config]:
    """Stochastic gradient descent with momentum, in PyTorch's convention (see the module docs).

    ::

        v = momentum * v + dw
        next_w = w - learning_rate * v

    Same steps as ``torch.optim.SGD(params, lr=learning_rate, momentum=momentum)``, also when
    the learning rate changes between steps.

    Inputs:
    - w: weights, array of any shape S, float32 or float64.
    - dw: gradient of the loss with respect to w, shape S.
    - config: dict (or None) with
      - learning_rate: step size (default 1e-2);
      - momentum: the fraction of the velocity kept from step to step, in [0, 1) (default 0.9;
        0 gives plain SGD);
      - velocity: the running velocity v, shape S (default zeros: the first step is plain SGD).

    Returns a tuple of:
    - next_w: the updated weights, a new array of shape S and w's dtype.
    - config: a new dict with the defaults filled in and ``velocity`` the new v (shape S, w's
      dtype).

    Raises:
        ValueError: if w, dw or config["velocity"] differ in shape (the shapes named).
    """
    config = _start(w, dw, config, "sgd_momentum")
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = _state(config, "velocity", w, "sgd_momentum")
    v = (config["momentum"] * v + dw).astype(w.dtype, copy=False)
    next_w = w - config["learning_rate"] * v
    config["velocity"] = v
    return next_w.astype(w.dtype, copy=False), config


def adam(w: np.ndarray, dw: np.ndarray, config: Config | None = None) -> tuple[np.ndarray, Config]:
    """Adam (Kingma and Ba, 2015) with bias correction, as ``torch.optim.Adam``.

    ::

        t = t + 1
        m = beta1 * m + (1 - beta1) * dw            running mean of the gradient
        v = beta2 * v + (1 - beta2) * dw**2         running mean of its square
        m_hat = m / (1 - beta1**t)                  bias correction: m and v start at zero
        v_hat = v / (1 - beta2**t)
        next_w = w - learning_rate * m_hat / (sqrt(v_hat) + epsilon)

    Same steps as ``torch.optim.Adam(params, lr=learning_rate, betas=(beta1, beta2),
    eps=epsilon)``.

    Inputs:
    - w: weights, array of any shape S, float32 or float64.
    - dw: gradient of the loss with respect to w, shape S.
    - config: dict (or None) with
      - learning_rate: step size (default 1e-3);
      - beta1: decay rate of the gradient's running mean (default 0.9);
      - beta2: decay rate of the squared gradient's running mean (default 0.999);
      - epsilon: added to the denominator against division by zero (default 1e-8);
      - m, v: the running means, shape S (default zeros);
      - t: the number of steps taken so far (default 0).

    Returns a tuple of:
    - next_w: the updated weights, a new array of shape S and w's dtype.
    - config: a new dict with the defaults filled in and the new ``m``, ``v`` (shape S, w's
      dtype) and ``t``.

    Raises:
        ValueError: if w, dw, config["m"] or config["v"] differ in shape (the shapes named).
    """
    config = _start(w, dw, config, "adam")
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    m = _state(config, "m", w, "adam")
    v = _state(config, "v", w, "adam")
    t = int(config.get("t", 0)) + 1
    beta1, beta2 = config["beta1"], config["beta2"]
    m = (beta1 * m + (1 - beta1) * dw).astype(w.dtype, copy=False)
    v = (beta2 * v + (1 - beta2) * (dw * dw)).astype(w.dtype, copy=False)
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"])
    config.update(m=m, v=v, t=t)
    return next_w.astype(w.dtype, copy=False), config


RULES: dict[str, UpdateRule] = {"sgd": sgd, "sgd_momentum": sgd_momentum, "adam": adam}
