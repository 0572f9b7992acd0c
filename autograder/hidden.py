"""Hidden tests of the convolution notebook: ``check(grade_id, namespace)``.

The hidden block of every graded cell is one line::

    from autograder import check; check("conv_forward_naive", globals())

``check`` finds the graded functions in the notebook's namespace, checks that they use NumPy only
(:mod:`autograder.sourcecheck`), puts reference versions in place of the earlier parts they call
(so that a wrong ``zero_pad`` does not cost the ``conv_forward_naive`` cell its points), re-runs the
visible cases and then randomised cases against PyTorch in float64 (:mod:`autograder.reference`):
rectangular inputs, non-square kernels, N=1, C=1, stride 1..3, padding 0..2, float32 and float64.
The random cases are the same on every run (the generator is seeded by the grade id).

Any failure raises :class:`HiddenTestFailure` with a short message (IPython shows no traceback, so
no hidden code reaches the student's feedback); success prints one line,
``"<grade_id>: hidden tests passed."``.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any

import numpy as np

from autograder import reference, sourcecheck
from cnnlab import checks
from cnnlab.checks import RAISES, Case

SUBSTITUTES: dict[str, tuple[str, ...]] = {
    "convolve2d": ("correlate2d",),
    "edge_magnitude": ("correlate2d", "sobel_kernels"),
    "conv_forward_naive": ("conv_output_size", "zero_pad"),
    "grouped_conv_forward": ("conv_forward_naive", "conv_output_size", "zero_pad"),
}
"""The earlier parts that are replaced by their references while a grade id is tested."""

FLOAT64_TOL = 1e-9  # rtol and atol for float64 inputs
FLOAT32_TOL = 1e-4  # rtol and atol for float32 inputs (the student computes in float32)


class HiddenTestFailure(AssertionError):
    """A hidden test failed; the message says what is wrong, without any hidden code."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of a traceback: the message only."""
        return [f"HiddenTestFailure: {self.message}"]


def check(grade_id: str, namespace: MutableMapping[str, Any]) -> None:
    """Run the hidden tests of ``grade_id`` on the functions defined in ``namespace``.

    Raises HiddenTestFailure with a short message on any failure (a missing function, a forbidden
    module, a wrong result, an exception in the student's code); prints one line on success.
    """
    if grade_id not in checks.FUNCTIONS:
        raise KeyError(f"unknown grade_id {grade_id!r}; known: {', '.join(checks.FUNCTIONS)}")
    try:
        fns = _lookup(grade_id, namespace)
        for name, fn in zip(checks.FUNCTIONS[grade_id], fns, strict=True):
            sourcecheck.check_function(name, fn)
        with substituted(grade_id, namespace, fns):
            checks.run_visible(grade_id, *fns)
            run_random(grade_id, *fns)
    except (checks.CheckFailure, sourcecheck.ForbiddenUse, HiddenTestFailure) as exc:
        message = str(exc)
    except Exception as exc:  # noqa: BLE001 (anything a submission does becomes a message)
        message = f"{grade_id}: the hidden tests stopped with {type(exc).__name__}: {exc}"
    else:
        print(f"{grade_id}: hidden tests passed.")
        return
    raise HiddenTestFailure(message)


def _lookup(grade_id: str, namespace: MutableMapping[str, Any]) -> list[Callable[..., Any]]:
    """The graded functions of ``grade_id`` from the namespace, or HiddenTestFailure."""
    fns = []
    for name in checks.FUNCTIONS[grade_id]:
        fn = namespace.get(name)
        if not callable(fn):
            raise HiddenTestFailure(
                f"{name} is not defined: run the cell that defines it and keep its name {name}."
            )
        fns.append(fn)
    return fns


@contextmanager
def substituted(
    grade_id: str, namespace: MutableMapping[str, Any], fns: list[Callable[..., Any]]
) -> Iterator[None]:
    """Put the references of the earlier parts into the namespace; restore it afterwards."""
    spaces = {id(namespace): namespace}
    for fn in fns:  # the dict the functions look their globals up in (normally the same one)
        globals_ = getattr(fn, "__globals__", None)
        if isinstance(globals_, dict):
            spaces.setdefault(id(globals_), globals_)
    missing = object()
    saved = [
        (space, name, space.get(name, missing))
        for space in spaces.values()
        for name in SUBSTITUTES.get(grade_id, ())
    ]
    try:
        for space, name, _ in saved:
            space[name] = reference.REFERENCES[name]
        yield
    finally:
        for space, name, value in saved:
            if value is missing:
                space.pop(name, None)
            else:
                space[name] = value


def run_random(grade_id: str, *fns: Callable[..., Any]) -> None:
    """Run the randomised cases of ``grade_id`` on ``fns``; CheckFailure at the first wrong one."""
    by_name = dict(zip(checks.FUNCTIONS[grade_id], fns, strict=True))
    for name, case in _hidden_cases(grade_id):
        _run(by_name[name], case)


def _run(fn: Callable[..., Any], case: Case) -> None:
    """Run one hidden case with a tolerance that suits the dtype of its inputs."""
    low = any(isinstance(a, np.ndarray) and a.dtype == np.float32 for a in case.args)
    tol = FLOAT32_TOL if low else FLOAT64_TOL
    checks.run_case(fn, case, rtol=tol, atol=tol, show_inputs=False)


def _case(name: str, *args: Any, note: str = "hidden case", **kwargs: Any) -> tuple[str, Case]:
    """A hidden case whose expected result and mistakes come from the reference."""
    try:
        expected = reference.REFERENCES[name](*args, **kwargs)
    except ValueError:
        return name, Case(name, args, RAISES, kwargs, note=note)
    if name in ("conv_forward_naive", "grouped_conv_forward"):
        expected = expected[0]
    mistakes = tuple(reference.MISTAKES[name](*args, **kwargs))
    dtype = str(args[0].dtype) if name == "zero_pad" else None
    return name, Case(name, args, expected, kwargs, mistakes, note, dtype)


def _array(rng: np.random.Generator, shape: tuple[int, ...], float32: bool) -> np.ndarray:
    """Standard normal values of a given shape, float32 or float64."""
    return rng.standard_normal(shape).astype(np.float32 if float32 else np.float64)


def _hidden_cases(grade_id: str) -> list[tuple[str, Case]]:
    """The randomised cases of a grade id (the same on every run)."""
    rng = np.random.default_rng(zlib.crc32(grade_id.encode()))
    return _GENERATORS[grade_id](rng)


def _conv_output_size_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for _ in range(60):
        n, k = int(rng.integers(1, 40)), int(rng.integers(1, 8))
        s, p, d = int(rng.integers(1, 5)), int(rng.integers(0, 4)), int(rng.integers(1, 4))
        cases.append(_case("conv_output_size", n, k, stride=s, padding=p, dilation=d))
    cases.append(_case("conv_output_size", 9, 3, stride=-1, note="stride must be positive"))
    cases.append(_case("conv_output_size", 3, 4, note="the kernel does not fit"))
    return cases


def _zero_pad_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(8):
        shape = tuple(int(v) for v in rng.integers(1, [4, 4, 7, 7]))
        cases.append(_case("zero_pad", _array(rng, shape, k % 2 == 1), int(rng.integers(0, 4))))
    return cases


def _image_kernel_cases(name: str, rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(8):
        h, w = (int(v) for v in rng.integers(2, 9, size=2))
        hh, ww = int(rng.integers(1, min(h, 4) + 1)), int(rng.integers(1, min(w, 4) + 1))
        f32 = k % 2 == 1
        cases.append(_case(name, _array(rng, (h, w), f32), _array(rng, (hh, ww), f32)))
    big = _array(rng, (3, 5), False)
    cases.append(_case(name, big, _array(rng, (4, 2), False), note="kernel taller than the image"))
    cases.append(_case(name, big, _array(rng, (2, 6), False), note="kernel wider than the image"))
    return cases


def _filters_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = [_case("sobel_kernels")]
    for size, sigma in [(1, 1.0), (3, 0.5), (5, 1.5), (7, 2.0), (5, 3.0)]:
        cases.append(_case("gaussian_kernel", size, sigma))
    cases.append(_case("gaussian_kernel", sigma=float(rng.uniform(0.5, 3.0)), size=9))
    cases += [_case("box_kernel", size) for size in range(1, 6)]
    return cases


def _edge_magnitude_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    shapes = [(3, 3), (4, 7), (8, 5), (9, 9), (6, 4), (5, 8)]
    return [_case("edge_magnitude", _array(rng, s, k % 2 == 1)) for k, s in enumerate(shapes)]


def _conv_forward_naive_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(12):
        n, c, f = (1, 1, 1) if k == 0 else (int(v) for v in rng.integers(1, [3, 4, 4]))
        h, w = (int(v) for v in rng.integers(3, 8, size=2))
        hh, ww = (int(v) for v in rng.integers(1, 4, size=2))
        f32 = k % 2 == 1
        x, wt = _array(rng, (n, c, h, w), f32), _array(rng, (f, c, hh, ww), f32)
        stride, padding = int(rng.integers(1, 4)), int(rng.integers(0, 3))
        b = _array(rng, (f,), f32)
        cases.append(_case("conv_forward_naive", x, wt, b, stride=stride, padding=padding))
    x = _array(rng, (1, 2, 2, 3), False)
    cases.append(
        _case(
            "conv_forward_naive",
            x,
            _array(rng, (1, 2, 5, 2), False),
            np.zeros(1),
            padding=1,
            note="a 5x2 kernel does not fit in 2 + 2*1 rows",
        )  # fmt: skip
    )
    cases.append(
        _case(
            "conv_forward_naive",
            x,
            _array(rng, (2, 3, 1, 1), False),
            np.zeros(2),
            note="x has 2 channels but w has 3",
        )  # fmt: skip
    )
    return cases


def _grouped_conv_forward_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(10):
        groups = int(rng.integers(1, 4))
        cg, fg = (1, 1) if k == 0 else (int(v) for v in rng.integers(1, 3, size=2))
        n = int(rng.integers(1, 3))
        h, w = (int(v) for v in rng.integers(3, 8, size=2))
        hh, ww = (int(v) for v in rng.integers(1, 4, size=2))
        f32 = k % 2 == 1
        x = _array(rng, (n, groups * cg, h, w), f32)
        wt, b = _array(rng, (groups * fg, cg, hh, ww), f32), _array(rng, (groups * fg,), f32)
        stride, padding = int(rng.integers(1, 4)), int(rng.integers(0, 3))
        cases.append(
            _case("grouped_conv_forward", x, wt, b, groups, stride=stride, padding=padding)
        )
    x = _array(rng, (1, 4, 3, 3), False)
    cases.append(
        _case(
            "grouped_conv_forward",
            x,
            _array(rng, (3, 4 // 3, 1, 1), False),
            np.zeros(3),
            3,
            note="groups=3 does not divide C=4",
        )  # fmt: skip
    )
    return cases


def _conv_params_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(15):
        cin, cout = (int(v) for v in rng.integers(1, 513, size=2))
        kh, kw = (int(v) for v in rng.integers(1, 8, size=2))
        kernel = kh if k % 3 == 0 else (kh, kw)
        cases.append(_case("conv_params", cin, cout, kernel, bias=bool(rng.integers(0, 2))))
    return cases


def _conv_flops_cases(rng: np.random.Generator) -> list[tuple[str, Case]]:
    cases = []
    for k in range(10):
        cin, cout = (int(v) for v in rng.integers(1, 257, size=2))
        kh, kw = (int(v) for v in rng.integers(1, 8, size=2))
        h_out, w_out = (int(v) for v in rng.integers(1, 65, size=2))
        kernel = kh if k % 3 == 0 else (kh, kw)
        cases.append(_case("conv_flops", cin, cout, kernel, h_out, w_out))
    return cases


_GENERATORS: dict[str, Callable[[np.random.Generator], list[tuple[str, Case]]]] = {
    "conv_output_size": _conv_output_size_cases,
    "zero_pad": _zero_pad_cases,
    "correlate2d": lambda rng: _image_kernel_cases("correlate2d", rng),
    "convolve2d": lambda rng: _image_kernel_cases("convolve2d", rng),
    "filters": _filters_cases,
    "edge_magnitude": _edge_magnitude_cases,
    "conv_forward_naive": _conv_forward_naive_cases,
    "conv_params": _conv_params_cases,
    "conv_flops": _conv_flops_cases,
    "grouped_conv_forward": _grouped_conv_forward_cases,
}
