"""cnnlab.checks: the visible checks of every registered notebook.

Every literal in the check modules (expected results and the results of named mistakes) agrees
with the autograder's PyTorch references; the checks pass on each solution notebook's functions.
Notebook-specific checks (literals re-derived by hand with PyTorch, wrong functions and their
messages) are in tests/test_<notebook>.py.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pytest
from conftest import assert_same, case_params, grade_id_params

from autograder import tasks
from cnnlab import checks
from cnnlab.checks import RAISES, Case, CheckFailure, report

ALL_CASES = case_params()


def fns(ns: dict, grade_id: str) -> list:
    return [ns[name] for name in checks.FUNCTIONS[grade_id]]


@pytest.mark.parametrize("case", ALL_CASES)
def test_literal_expected_value_matches_the_reference(case: Case) -> None:
    reference = tasks.REFERENCES[case.call]
    if case.expected is RAISES:
        with pytest.raises(ValueError):
            reference(*case.args, **case.kwargs)
        return
    assert_same(report.compared(case.call, reference(*case.args, **case.kwargs)), case.expected)


@pytest.mark.parametrize("case", [p for p in ALL_CASES if p.values[0].mistakes])
def test_literal_mistakes_match_the_reference_mistakes(case: Case) -> None:
    """Every literal wrong answer is what the named mistake computes (the task's MISTAKES)."""
    computed = tasks.MISTAKES[case.call](*case.args, **case.kwargs)
    for description, literal in case.mistakes:
        candidates = [value for desc, value in computed if desc == description]
        assert candidates, f"no reference mistake {description!r}"
        assert any(report._matches(literal, value, 1e-9, 1e-9) for value in candidates), description
        assert not report._matches(literal, case.expected, 1e-9, 1e-9), "mistake == expected"


def test_every_grade_id_has_cases_and_a_public_check() -> None:
    assert set(checks.CASES) == set(checks.FUNCTIONS) == set(checks.NOTEBOOK_OF)
    for grade_id, names in checks.FUNCTIONS.items():
        assert callable(getattr(checks, grade_id))
        assert {case.call for case in checks.CASES[grade_id]} == set(names)
        for name in names:
            assert name in checks.ARG_NAMES, name


NO_SOLUTION_CODE = {
    "numpy_cnn": ("np.pad(", "for i in range", "np.sqrt(", "np.exp(", "torch"),
    "pytorch_cnn": ("np.pad(", "for i in range", "unfold(", "fold(", "conv2d(", "max_pool2d("),
}
"""Assignment -> texts its check modules must not contain (the PyTorch ones may convert tensors)."""


@pytest.mark.parametrize("module", ["report", *checks.NOTEBOOKS])
def test_checks_contain_no_solution_code(module: str) -> None:
    """The check modules hold literals, not solutions: no loops over output positions, no np.pad."""
    source = Path(importlib.import_module(f"cnnlab.checks.{module}").__file__).read_text()
    for forbidden in NO_SOLUTION_CODE[checks.ASSIGNMENT_OF.get(module, "numpy_cnn")]:
        assert forbidden not in source, forbidden


# --- the checks pass on the solution --------------------------------------------------------------


@pytest.mark.parametrize("grade_id", grade_id_params())
def test_visible_check_passes_on_solution(grade_id: str, solution, capsys) -> None:
    ns = solution(checks.NOTEBOOK_OF[grade_id])
    getattr(checks, grade_id)(*fns(ns, grade_id))
    out = capsys.readouterr().out
    count = len(checks.CASES[grade_id]) + (grade_id in report.EXTRA_CHECKS)
    assert f"{grade_id}: all {count} visible checks passed." in out


@pytest.mark.parametrize("grade_id", grade_id_params())
def test_visible_check_is_skipped_while_autograding(grade_id: str, monkeypatch, capsys) -> None:
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    broken = [lambda *args, **kwargs: 1 / 0 for _ in checks.FUNCTIONS[grade_id]]
    getattr(checks, grade_id)(*broken)  # a broken function costs nothing here
    assert capsys.readouterr().out.strip() == (
        "(visible check skipped while autograding: the hidden tests re-run these cases)"
    )
    with pytest.raises(CheckFailure):  # run_visible still runs the cases
        checks.run_visible(grade_id, *broken)


def test_check_failure_renders_the_message_only() -> None:
    failure = CheckFailure("zero_pad is wrong.\n  expected 1, got 2.")
    assert failure._render_traceback_() == [
        "CheckFailure: zero_pad is wrong.\n  expected 1, got 2."
    ]
    assert isinstance(failure, AssertionError)


def test_assert_close_names_the_first_wrong_index_and_count() -> None:
    expected = np.arange(6.0).reshape(2, 3)
    got = expected.copy()
    got[1, 0], got[1, 2] = 7, 9
    with pytest.raises(CheckFailure) as info:
        checks.assert_close("f", got, expected, case="f(x)", mistakes=[("a known slip", got)])
    message = str(info.value)
    for phrase in ("f is wrong for f(x)", "2 of 6 entries", "index (1, 0)", "expected 3, got 7",
                   "Likely cause: a known slip."):  # fmt: skip
        assert phrase in message
    checks.assert_close("f", expected + 1e-12, expected)  # within tolerance: no failure


def test_a_notebook_cannot_redefine_another_notebooks_names() -> None:
    class Clash:
        FUNCTIONS = {next(iter(checks.FUNCTIONS)): ("f",)}

    with pytest.raises(ValueError, match="already defines"):
        report.register("clash", Clash)
