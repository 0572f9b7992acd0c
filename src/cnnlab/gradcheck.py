"""Numerical gradients and the relative error used to compare them with analytic ones.

A gradient check computes the gradient of a function twice: once with the backward pass you wrote
(the *analytic* gradient) and once by nudging every input entry a little and watching the output
change (the *numerical* gradient, centred differences)::

    df/dx[i] ~ (f(x + h e_i) - f(x - h e_i)) / (2 h)

and then compares the two with :func:`rel_error`. Do gradient checks in float64: with float32 the
difference ``f(x + h) - f(x - h)`` loses most of its digits and even a correct backward pass looks
wrong.

Example, for a layer ``out, cache = layer_forward(x, w)`` whose backward pass is
``dx, dw = layer_backward(dout, cache)``::

    dout = rng.standard_normal(out.shape)
    dx_num = numerical_gradient_array(lambda x: layer_forward(x, w)[0], x, dout)
    print(rel_error(dx, dx_num))  # about 1e-9 when dx is right
"""

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

__all__ = ["rel_error", "numerical_gradient", "numerical_gradient_array"]


def rel_error(x: ArrayLike, y: ArrayLike) -> float:
    """Largest relative difference between two arrays (or scalars) of the same shape.

    The definition (the one CS231n uses) is::

        max over entries i of  |x[i] - y[i]| / max(1e-8, |x[i]| + |y[i]|)

    The floor ``1e-8`` keeps the result finite where both entries are zero (two exact zeros give
    0.0, not nan); where ``|x[i]| + |y[i]|`` is below 1e-8 the entry's error is its absolute
    difference divided by 1e-8.

    How to read the value when comparing an analytic float64 gradient with a numerical one:

    - below 1e-7: the gradient is correct;
    - 1e-7 to 1e-4: suspicious; acceptable only near a kink (ReLU at 0, max pooling ties),
      where centred differences straddle the kink;
    - above 1e-4 (and certainly above 1e-2): the gradient is wrong.

    A nan anywhere in ``x`` or ``y`` makes the result nan, so a broken gradient never looks right.

    Args:
        x: array or scalar, any shape S.
        y: array or scalar, the same shape S (no broadcasting).

    Returns:
        The largest relative difference, a Python float in [0, 1] (or nan); 0.0 for empty arrays.

    Raises:
        ValueError: if the shapes differ; the message names both shapes.
    """
    x_arr = np.asarray(x, dtype=np.float64)
    y_arr = np.asarray(y, dtype=np.float64)
    if x_arr.shape != y_arr.shape:
        raise ValueError(
            f"rel_error needs arrays of the same shape, got x.shape={x_arr.shape} and "
            f"y.shape={y_arr.shape}"
        )
    if x_arr.size == 0:
        return 0.0
    denominator = np.maximum(1e-8, np.abs(x_arr) + np.abs(y_arr))
    return float(np.max(np.abs(x_arr - y_arr) / denominator))


def _check_input(x: np.ndarray, h: float, name: str) -> None:
    """Raise ValueError unless ``x`` is a writeable float64 array and ``h`` a positive step."""
    if not isinstance(x, np.ndarray):
        raise ValueError(
            f"{name} needs x to be a NumPy array (it changes x in place and puts every entry "
            f"back), got {type(x).__name__}"
        )
    if x.dtype != np.float64:
        raise ValueError(
            f"{name} needs a float64 array, got dtype {x.dtype}: gradient checks in lower "
            f"precision (or on integers) are meaningless; convert with x.astype(np.float64)"
        )
    if not x.flags.writeable:
        raise ValueError(
            f"{name} needs a writeable array x (it nudges x in place), got a read-only one"
        )
    if not (np.isfinite(h) and h > 0):
        raise ValueError(f"{name} needs a finite step h > 0, got h={h!r}")


def _as_scalar(value: object) -> float:
    """Return ``value`` as a float, or raise ValueError if it is not a single number."""
    arr = np.asarray(value, dtype=np.float64)
    if arr.size != 1:
        raise ValueError(
            f"numerical_gradient needs f(x) to return a scalar, got an array of shape {arr.shape}; "
            f"for array-valued f use numerical_gradient_array(f, x, dout)"
        )
    return float(arr.reshape(()))


def numerical_gradient(
    f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-5
) -> np.ndarray:
    """Numerical gradient of a scalar function by centred differences.

    For every entry ``i`` of ``x``: ``grad[i] = (f(x + h e_i) - f(x - h e_i)) / (2 h)``.
    ``x`` is changed in place while ``f`` is evaluated (so ``f`` may ignore its argument and read
    ``x`` through a closure, e.g. a model's weight array), and every entry is put back to its exact
    original value afterwards, also when ``f`` raises.

    Args:
        f: function of x returning a scalar (a float or a size-1 array), e.g. a loss.
        x: float64 array, any shape S; the point at which to take the gradient.
        h: the step, > 0. 1e-5 balances truncation error (~h**2) against rounding (~1e-16 / h).

    Returns:
        grad: float64 array of shape S, the gradient df/dx.

    Raises:
        ValueError: if x is not a writeable float64 NumPy array, h is not positive, or f returns
            more than one number.
    """
    _check_input(x, h, "numerical_gradient")
    grad = np.zeros_like(x)
    for ix in np.ndindex(x.shape):
        old = x[ix]
        try:
            x[ix] = old + h
            f_plus = _as_scalar(f(x))
            x[ix] = old - h
            f_minus = _as_scalar(f(x))
        finally:
            x[ix] = old
        grad[ix] = (f_plus - f_minus) / (2 * h)
    return grad


def numerical_gradient_array(
    f: Callable[[np.ndarray], np.ndarray], x: np.ndarray, dout: np.ndarray, h: float = 1e-5
) -> np.ndarray:
    """Numerical gradient of ``sum(f(x) * dout)`` for an array-valued ``f`` (a layer's forward).

    This is what a backward pass computes: given the upstream gradient ``dout`` (same shape as the
    output), ``dx[i] = sum over outputs j of dout[j] * df[j]/dx[i]``, here by centred differences::

        dx[i] = sum((f(x + h e_i) - f(x - h e_i)) * dout) / (2 h)

    ``x`` is changed in place while ``f`` is evaluated and every entry is put back to its exact
    original value afterwards, also when ``f`` raises. The outputs of ``f`` are copied, so ``f`` may
    return a view of a buffer that it reuses.

    Args:
        f: function of x returning an array of shape S_out, e.g. ``lambda x: layer(x, w)[0]``.
        x: float64 array, any shape S_in; the point at which to take the gradient.
        dout: upstream gradient, shape S_out (the shape of f(x)).
        h: the step, > 0.

    Returns:
        dx: float64 array of shape S_in.

    Raises:
        ValueError: if x is not a writeable float64 NumPy array, h is not positive, or f(x) and
            dout have different shapes (the message names both).
    """
    _check_input(x, h, "numerical_gradient_array")
    dout = np.asarray(dout, dtype=np.float64)
    grad = np.zeros_like(x)
    for ix in np.ndindex(x.shape):
        old = x[ix]
        try:
            x[ix] = old + h
            out_plus = np.array(f(x), dtype=np.float64)  # a copy
            x[ix] = old - h
            out_minus = np.array(f(x), dtype=np.float64)
        finally:
            x[ix] = old
        if out_plus.shape != dout.shape:
            raise ValueError(
                f"numerical_gradient_array needs dout to have the shape of f(x), got "
                f"f(x).shape={out_plus.shape} and dout.shape={dout.shape}"
            )
        grad[ix] = np.sum((out_plus - out_minus) * dout) / (2 * h)
    return grad
