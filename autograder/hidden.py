"""Hidden tests of every notebook: ``check(grade_id, namespace)``.

The hidden block of every graded cell is one line::

    from autograder import check; check("conv_forward_naive", globals())

``check`` finds the graded functions in the notebook's namespace, checks that they use NumPy only
(:mod:`autograder.sourcecheck`), puts reference versions in place of the earlier parts they call
(so that a wrong ``zero_pad`` does not cost the ``conv_forward_naive`` cell its points), re-runs the
visible cases and then randomised cases against PyTorch in float64 (the GENERATORS and REFERENCES
of the notebook's task module, merged in :mod:`autograder.tasks`; for convolution: rectangular
inputs, non-square kernels, N=1, C=1, stride 1..3, padding 0..2, float32 and float64), then the
task's EXTRA_CHECKS. The random cases are the same on every run (the generator is seeded by the
grade id). Nothing here is specific to one notebook.

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

from autograder import sourcecheck, tamper, tasks
from cnnlab import checks
from cnnlab.checks import Case

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
        tamper.verify_untouched()
        fns = _lookup(grade_id, namespace)
        if tasks.NUMPY_ONLY.get(grade_id, True):
            for name, fn in zip(checks.FUNCTIONS[grade_id], fns, strict=True):
                sourcecheck.check_function(name, fn, tasks.ALLOWED_MODULES.get(grade_id, ()))
        with substituted(grade_id, namespace, fns):
            checks.run_visible(grade_id, *fns)
            run_random(grade_id, *fns)
            if grade_id in tasks.EXTRA_CHECKS:
                tasks.EXTRA_CHECKS[grade_id](*fns)
    except (
        checks.CheckFailure,
        sourcecheck.ForbiddenUse,
        tamper.TamperedGrader,
        HiddenTestFailure,
    ) as exc:
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
        for name in tasks.SUBSTITUTES.get(grade_id, ())
    ]
    try:
        for space, name, _ in saved:
            space[name] = tasks.REFERENCES[name]
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
    for name, case in hidden_cases(grade_id):
        _run(by_name[name], case)


def _run(fn: Callable[..., Any], case: Case) -> None:
    """Run one hidden case with a tolerance that suits the dtype of its inputs."""
    low = any(isinstance(a, np.ndarray) and a.dtype == np.float32 for a in case.args)
    tol = FLOAT32_TOL if low else FLOAT64_TOL
    checks.run_case(fn, case, rtol=tol, atol=tol, show_inputs=False)


def hidden_cases(grade_id: str) -> list[tuple[str, Case]]:
    """The randomised cases of a grade id (the same on every run)."""
    rng = np.random.default_rng(zlib.crc32(grade_id.encode()))
    return tasks.GENERATORS[grade_id](rng)
