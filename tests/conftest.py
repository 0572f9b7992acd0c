"""Shared by all test modules: one pytest marker per grade id, the solution notebooks' functions."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from autograder import HiddenTestFailure, check
from autograder.notebooks import answer_namespace
from cnnlab import checks

SOLUTIONS = Path(__file__).resolve().parents[1] / "solutions" / "numpy_cnn"


def pytest_configure(config: pytest.Config) -> None:
    """Register a marker for every grade id of every registered notebook (``-m zero_pad``)."""
    for grade_id in checks.FUNCTIONS:
        config.addinivalue_line("markers", f"{grade_id}: tests of the graded cell {grade_id}")


def solution_path(notebook: str) -> Path:
    """The solution notebook ``solutions/numpy_cnn/<notebook>.ipynb``."""
    return SOLUTIONS / f"{notebook}.ipynb"


def grade_id_params(grade_ids=None) -> list:
    """Grade ids as pytest params, each marked with its own marker."""
    return [pytest.param(g, marks=getattr(pytest.mark, g)) for g in (grade_ids or checks.FUNCTIONS)]


def case_params(cases_by_grade_id=None) -> list:
    """The visible cases (``{grade_id: cases}``, default all notebooks') as marked pytest params."""
    return [
        pytest.param(case, id=f"{grade_id}-{k}-{case.call}", marks=getattr(pytest.mark, grade_id))
        for grade_id, cases in (cases_by_grade_id or checks.CASES).items()
        for k, case in enumerate(cases)
    ]


def assert_same(got, expected, tol: float = 1e-9) -> None:
    """``got`` equals ``expected``: ints exactly, arrays within ``tol``, tuples part by part."""
    if isinstance(expected, int):
        assert isinstance(got, int) and got == expected, (got, expected)
    elif isinstance(expected, tuple):
        assert len(got) == len(expected)
        for g, e in zip(got, expected, strict=True):
            assert_same(g, e, tol)
    else:
        got = np.asarray(got)
        assert got.shape == np.shape(expected)
        np.testing.assert_allclose(got, expected, rtol=tol, atol=tol)


@pytest.fixture(scope="session")
def solution() -> Callable[[str], dict]:
    """``solution(notebook)``: the namespace of that solution notebook's answer cells (cached).

    Tests must not change it; use ``answer_namespace(solution_path(nb))`` for a fresh one.
    """
    cache: dict[str, dict] = {}

    def get(notebook: str) -> dict:
        if notebook not in cache:
            cache[notebook] = answer_namespace(solution_path(notebook))
        return cache[notebook]

    return get


@pytest.fixture(scope="module")
def solution_ns(request: pytest.FixtureRequest, solution: Callable[[str], dict]) -> dict:
    """The cached answer namespace of the test module's ``NOTEBOOK`` (do not change it)."""
    return solution(Path(request.module.NOTEBOOK).stem)


@pytest.fixture
def ns(request: pytest.FixtureRequest) -> dict:
    """A fresh answer namespace of the test module's ``NOTEBOOK``, for tests that change it."""
    return answer_namespace(request.module.NOTEBOOK)


def define(namespace: dict, source: str) -> None:
    """Run ``source`` in the notebook namespace, as if a student had edited a cell."""
    exec(compile(textwrap.dedent(source), "<student cell>", "exec"), namespace)  # noqa: S102


def failure(grade_id: str, namespace: dict) -> str:
    """The message of the hidden check of ``grade_id``, which must fail on ``namespace``."""
    with pytest.raises(HiddenTestFailure) as info:
        check(grade_id, namespace)
    return info.value.message
