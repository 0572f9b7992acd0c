"""Shared by all test modules: one pytest marker per grade id, the solution notebooks' functions."""

from __future__ import annotations

import hashlib
import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import nbformat
import numpy as np
import pytest

from autograder import HiddenTestFailure, check
from autograder.notebooks import answer_namespace, cell_by_id, nbgrader_meta, read
from cnnlab import checks

SOLUTIONS = Path(__file__).resolve().parents[1] / "solutions"


def pytest_configure(config: pytest.Config) -> None:
    """Register a marker for every grade id of every registered notebook (``-m zero_pad``)."""
    for grade_id in checks.FUNCTIONS:
        config.addinivalue_line("markers", f"{grade_id}: tests of the graded cell {grade_id}")


def solution_path(notebook: str) -> Path:
    """The solution notebook ``solutions/<assignment>/<notebook>.ipynb``."""
    return SOLUTIONS / checks.ASSIGNMENT_OF[notebook] / f"{notebook}.ipynb"


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


def tree_digest(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file below ``folder`` (to prove nothing changed)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def define(namespace: dict, source: str) -> None:
    """Run ``source`` in the notebook namespace, as if a student had edited a cell."""
    exec(compile(textwrap.dedent(source), "<student cell>", "exec"), namespace)  # noqa: S102


def failure(grade_id: str, namespace: dict) -> str:
    """The message of the hidden check of ``grade_id``, which must fail on ``namespace``."""
    with pytest.raises(HiddenTestFailure) as info:
        check(grade_id, namespace)
    return info.value.message


def assert_notebook_contract(
    path: Path,
    points: dict[str, int],
    written: tuple | list,
    other_checks: dict[str, tuple[int, str]] | None = None,
) -> nbformat.NotebookNode:
    """A solution notebook's graded cells, points, intro table and hygiene follow the contract.

    Check cells are exactly the header, the visible check of the grade id's functions
    (``checks.FUNCTIONS``) and the one-line hidden block; answer cells ``<grade_id>_answer`` hold
    solution regions (one per method of a class); ``other_checks`` are graded code cells with
    their own text (grade id -> (points, source)); written questions are 1-point markdown answers;
    the intro lists every cell's points and the totals; no outputs, unique cell ids, at most one
    device line, and no helper ``def``/``class`` in ungraded code cells. Returns the notebook.
    """
    other_checks = other_checks or {}
    nb = read(path)
    graded = {
        meta["grade_id"]: (cell, meta)
        for cell in nb.cells
        if (meta := nbgrader_meta(cell)).get("grade")
    }
    assert set(graded) == set(points) | set(written) | set(other_checks)
    intro = cell_by_id(nb, "intro").source
    expected = {
        grade_id: (
            pts,
            f"# Check {grade_id} ({pts} point{'s' if pts != 1 else ''})\n"
            f"checks.{grade_id}({', '.join(checks.FUNCTIONS[grade_id])})\n"
            "### BEGIN HIDDEN TESTS\n"
            "from autograder import check\n\n"
            f'check("{grade_id}", globals())\n'
            "### END HIDDEN TESTS",
        )
        for grade_id, pts in points.items()
    }
    for grade_id, (pts, source) in {**expected, **other_checks}.items():
        cell, meta = graded[grade_id]
        assert cell.cell_type == "code" and meta["points"] == pts and meta["locked"], grade_id
        assert cell.source == source, grade_id
        assert re.search(rf"\| `{grade_id}`[^|]* \| {pts} \|", intro), grade_id  # its row
    for grade_id in points:
        answer = cell_by_id(nb, f"{grade_id}_answer")
        assert nbgrader_meta(answer)["solution"] and not nbgrader_meta(answer)["locked"]
        regions = answer.source.count("### BEGIN SOLUTION")
        assert regions == answer.source.count("### END SOLUTION") >= 1, grade_id
    for grade_id in written:
        cell, meta = graded[grade_id]
        assert cell.cell_type == "markdown" and meta["points"] == 1 and meta["solution"]
    code_points = sum(points.values()) + sum(pts for pts, _ in other_checks.values())
    assert f"{code_points} points for code" in intro
    assert f"{code_points + len(written)} in all" in intro
    ids = [cell.id for cell in nb.cells]
    assert len(ids) == len(set(ids))
    device_lines = [c for c in nb.cells if "torch.cuda.is_available() else" in c.source]
    assert len(device_lines) <= 1, "one device line per notebook"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
            if not nbgrader_meta(cell).get("solution"):  # no helpers defined in the notebook
                assert not re.search(r"^\s*(def|class) ", cell.source, flags=re.M), cell.id
    return nb
